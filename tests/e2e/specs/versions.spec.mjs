// Undo, Versions and Recently deleted, in the versioned bucket the assistant sets up: a delete
// only puts a marker over a file's versions, and the page brings a file back by copying its
// newest version over it (the role may not delete a version for good). With versioning off,
// nothing offers what cannot be done, and the delete says it is for good.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  breakAws, existsInBucket, invite, keysInBucket, newEmail, openPage, putAsAdmin, restoreAws, rowAction, rowActions,
  s3As, seedObjects, signIn, storedObject, storedSession, useApp,
} from "../support/harness.mjs";
import { accessibilityViolations, sidewaysOverflow } from "../support/tour.mjs";

const app = useApp();
after(restoreAws);

async function signedIn(label, options) {
  const page = await openPage(app, "/login", options);
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  await page.getByTestId("recently-deleted").waitFor(); // the page knows the bucket keeps versions
  return page;
}

const uidOf = async (page) => (await storedSession(page)).Credentialed.user.uid;
const rowOf = (page, name) => page.getByTestId("file-row").filter({ hasText: name });

async function upload(page, name, text) {
  await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  await rowOf(page, name).waitFor();
}

test("a deleted file comes back with Undo, on a phone, whatever its name", async () => {
  const page = await signedIn("undo", { viewport: { width: 360, height: 740 } });
  const name = "notes +1 (50%) ü.txt";
  await upload(page, name, "my notes");
  const key = `users/${await uidOf(page)}/${name}`;
  await rowAction(rowOf(page, name), "delete");
  assert.match(await page.getByTestId("delete-question").innerText(), /The bucket keeps old versions: Undo, or Recently deleted, brings it back/);
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("no-files").waitFor();
  const toast = page.getByTestId("toast").filter({ hasText: `${name} deleted.` });
  assert.deepEqual(await sidewaysOverflow(page), [], "the toast and its Undo fit a phone");
  await toast.getByTestId("toast-action").click();
  await page.getByTestId("toast").filter({ hasText: "Brought back 1 file." }).waitFor();
  await rowOf(page, name).waitFor();
  assert.equal((await storedObject(key)).Body, "my notes");
});

test("a deleted folder comes back whole with Undo, every file of it", async () => {
  const page = await signedIn("undo-folder");
  await seedObjects(page, "reports/", 12);
  await seedObjects(page, "reports/2026/", 3);
  const prefix = `users/${await uidOf(page)}/reports/`;
  const before = await keysInBucket(prefix);
  assert.equal(before.length, 15);
  await page.reload();
  await page.getByRole("checkbox", { name: "Select reports" }).check();
  await page.getByTestId("delete-selected").click();
  await page.getByTestId("delete-question").filter({ hasText: "15 objects will be deleted" }).waitFor();
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("no-files").waitFor();
  assert.deepEqual(await keysInBucket(prefix), []);
  await page.getByTestId("toast-action").click();
  await page.getByTestId("toast").filter({ hasText: "Brought back 15 files." }).waitFor();
  assert.deepEqual(await keysInBucket(prefix), before);
  await page.getByTestId("folder-row").filter({ hasText: "reports" }).waitFor();
});

test("Versions lists a file's versions newest first, downloads an old one and restores it", async () => {
  const page = await signedIn("versions");
  const key = `users/${await uidOf(page)}/draft.txt`;
  await putAsAdmin(key, { Body: "first draft", ContentType: "text/plain" });
  await putAsAdmin(key, { Body: "second", ContentType: "text/plain" });
  await page.reload();
  await page.getByTestId("recently-deleted").waitFor();
  await rowAction(rowOf(page, "draft.txt"), "versions");
  const versions = page.getByTestId("version");
  await versions.first().waitFor();
  assert.deepEqual(await page.getByTestId("version-what").allInnerTexts(), ["6 B, current", "11 B"]);
  assert.equal(await versions.first().getByTestId("version-restore").count(), 0, "the current one is not restored");
  const [download] = await Promise.all([page.waitForEvent("download"), versions.nth(1).getByTestId("version-download").click()]);
  assert.equal(download.suggestedFilename(), "draft.txt");
  assert.equal(await readFile(await download.path(), "utf8"), "first draft");
  await versions.nth(1).getByTestId("version-restore").click();
  await page.getByTestId("toast").filter({ hasText: /is the current one again/ }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="version"]').length === 3);
  assert.deepEqual(await page.getByTestId("version-what").allInnerTexts(), ["11 B, current", "6 B", "11 B"], "the replaced version stays");
  assert.equal((await storedObject(key)).Body, "first draft");
  assert.deepEqual(await accessibilityViolations(page), []);
});

test("Recently deleted lists what was deleted in every folder and restores it from the keyboard, on a phone", async () => {
  const page = await signedIn("recently-deleted", { viewport: { width: 360, height: 740 } });
  const root = `users/${await uidOf(page)}/`;
  await putAsAdmin(`${root}top.txt`, { Body: "top" });
  await putAsAdmin(`${root}sub/deep file.txt`, { Body: "deep" });
  await putAsAdmin(`${root}kept.txt`, { Body: "kept" });
  for (const key of [`${root}top.txt`, `${root}sub/deep file.txt`]) assert.equal((await s3As(page, "DELETE", key)).status, 204);
  await page.getByTestId("recently-deleted").click();
  const list = page.getByTestId("deleted");
  await page.waitForFunction(() => document.querySelector('[data-testid="deleted-status"]')?.getAttribute("aria-busy") === "false");
  assert.deepEqual(await page.getByTestId("deleted-name").allInnerTexts(), ["deep file.txt", "top.txt"]);
  assert.match(await list.nth(0).innerText(), /In sub · deleted .* · 4 B/);
  assert.match(await list.nth(1).innerText(), /At the top · deleted .* · 3 B/);
  assert.deepEqual(await sidewaysOverflow(page), []);
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.getByRole("button", { name: "Restore deep file.txt" }).focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("toast").filter({ hasText: "deep file.txt is back." }).waitFor();
  assert.deepEqual(await page.getByTestId("deleted-name").allInnerTexts(), ["top.txt"]);
  assert.equal(await existsInBucket(`${root}sub/deep file.txt`), true);
  assert.equal((await storedObject(`${root}sub/deep file.txt`)).Body, "deep");
});

test("with versioning suspended nothing offers an undo, and a delete says it is for good", async () => {
  await breakAws("versioning-suspended");
  try {
    const page = await openPage(app, "/login");
    const asked = page.waitForResponse((r) => r.url().endsWith("?versioning"));
    await signIn(page, newEmail("unversioned"));
    await page.getByTestId("no-files").waitFor();
    assert.equal((await asked).status(), 200, "the page asked S3 whether the bucket keeps versions");
    await upload(page, "final.txt", "final");
    assert.deepEqual(await rowActions(rowOf(page, "final.txt")), ["preview", "download", "share", "details", "rename", "move", "copy", "delete"]);
    assert.equal(await page.getByTestId("recently-deleted").count(), 0);
    await rowAction(rowOf(page, "final.txt"), "delete");
    assert.equal(await page.getByTestId("delete-question").innerText(), "It will be deleted for good. This cannot be undone.");
    await page.getByTestId("confirm-delete").click();
    await page.getByTestId("toast").filter({ hasText: "final.txt deleted." }).waitFor();
    assert.equal(await page.getByTestId("toast-action").count(), 0);
  } finally {
    await restoreAws();
  }
});

test("a read-only account sees a file's versions and downloads them, with nothing to restore", async () => {
  const email = newEmail("versions-reader");
  await invite(email, { readOnly: true });
  const page = await openPage(app, "/login");
  await signIn(page, email);
  await page.getByTestId("no-files").waitFor();
  const key = `users/${await uidOf(page)}/given.txt`;
  await putAsAdmin(key, { Body: "v1" });
  await putAsAdmin(key, { Body: "v2!" });
  await page.reload();
  await page.getByTestId("recently-deleted").waitFor();
  await rowAction(rowOf(page, "given.txt"), "versions");
  await page.getByTestId("version").nth(1).waitFor();
  assert.equal(await page.getByTestId("version-restore").count(), 0);
  assert.equal(await page.getByTestId("version-download").count(), 2);
});
