// Teams and read-only accounts, enforced by IAM: the invitation's `team` tag opens
// teams/<team>/ to that team's members through ${aws:PrincipalTag/team}, and `access=read` makes
// a session read-only through an explicit Deny. The page shows what the tags allow; AWS refuses
// the rest, which the tests check with the users' own credentials, around the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { invite, newEmail, openPage, s3As, signIn, useApp, rowAction, rowActions } from "../support/harness.mjs";

const app = useApp();

async function member(label, options) {
  const email = newEmail(label);
  await invite(email, options);
  const page = await openPage(app, "/login");
  await signIn(page, email);
  return page;
}

async function openTeam(page) {
  await page.getByRole("link", { name: "Team" }).click();
  await page.locator('[data-testid="file-table"], [data-testid="no-files"]').first().waitFor();
}

test("two members of a team share its folder; another team and a user without one are refused by AWS", async () => {
  const team = `alpha-${Date.now()}`;
  const first = await member("team-a1", { team });
  await openTeam(first);
  await first.getByTestId("upload-input").setInputFiles({ name: "plan.txt", mimeType: "text/plain", buffer: Buffer.from("our plan") });
  await first.getByTestId("file-row").filter({ hasText: "plan.txt" }).waitFor();
  const key = await first.getByTestId("file-row").filter({ hasText: "plan.txt" }).getAttribute("data-key");
  assert.equal(key, `teams/${team}/plan.txt`);

  const second = await member("team-a2", { team });
  await openTeam(second);
  await rowAction(second.getByTestId("file-row").filter({ hasText: "plan.txt" }), "preview");
  assert.equal(await second.getByTestId("preview-text").innerText(), "our plan");

  const other = await member("team-b", { team: `beta-${Date.now()}` });
  const loner = await member("no-team");
  assert.equal(await loner.getByRole("link", { name: "Team" }).count(), 0, "no Team page without a team");
  for (const outsider of [other, loner]) {
    assert.deepEqual(await s3As(outsider, "GET", key), { status: 403, code: "AccessDenied" });
    assert.deepEqual(await s3As(outsider, "LIST", `teams/${team}/`), { status: 403, code: "AccessDenied" });
    assert.deepEqual(await s3As(outsider, "PUT", `teams/${team}/theirs.txt`), { status: 403, code: "AccessDenied" });
  }
});

test("a read-only member reads the team's files, has no controls that change them, and AWS refuses its writes", async () => {
  const team = `gamma-${Date.now()}`;
  const writer = await member("team-writer", { team });
  await openTeam(writer);
  await writer.getByTestId("upload-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("notes") });
  await writer.getByTestId("file-row").filter({ hasText: "notes.txt" }).waitFor();

  const reader = await member("team-reader", { team, readOnly: true });
  assert.match(await reader.getByTestId("read-only").innerText(), /Your account is read-only/);
  assert.equal(await reader.getByTestId("upload-input").count(), 0, "no upload on the own files either");
  await openTeam(reader);
  const row = reader.getByTestId("file-row").filter({ hasText: "notes.txt" });
  await rowAction(row, "preview");
  assert.equal(await reader.getByTestId("preview-text").innerText(), "notes");
  await reader.getByTestId("close-dialog").click();
  await reader.getByTestId("recently-deleted").waitFor(); // the page knows the bucket keeps versions
  assert.deepEqual(await rowActions(row), ["preview", "download", "share", "details", "versions"], "nothing that would change the file");
  assert.equal(await reader.getByTestId("new-folder").count(), 0);
  assert.equal(await row.getByTestId("select").count(), 0, "no selection to move or delete");
  assert.deepEqual(await s3As(reader, "PUT", `teams/${team}/by-reader.txt`), { status: 403, code: "AccessDenied" });
  const { user } = JSON.parse(await reader.evaluate(() => sessionStorage.getItem("firebridge.session"))).Credentialed;
  assert.deepEqual(await s3As(reader, "PUT", `users/${user.uid}/own.txt`), { status: 403, code: "AccessDenied" }, "read-only everywhere");
});
