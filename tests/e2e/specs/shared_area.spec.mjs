// The shared area (config aws.sharedPrefix, seeded with public/welcome.txt and
// public/guides/getting started.md): every user browses, previews and downloads it beside their
// own files, and nothing on the page offers to change it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { newEmail, openPage, signIn, useApp, rowAction, rowActions } from "../support/harness.mjs";

const app = useApp();

test("the shared area is browsed, previewed and downloaded, read only", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("shared"));
  await page.getByRole("link", { name: "Shared" }).click();
  await page.getByTestId("breadcrumbs").filter({ hasText: "Shared" }).waitFor();
  const welcome = page.getByTestId("file-row").filter({ hasText: "welcome.txt" });
  await welcome.waitFor();

  for (const writeControl of ["upload", "upload-input", "upload-folder-input", "new-folder", "select", "select-all"]) {
    assert.equal(await page.getByTestId(writeControl).count(), 0, `no ${writeControl} in the shared area`);
  }
  assert.deepEqual(await rowActions(welcome), ["preview", "download", "share", "details"], "nothing in the menu changes the file");
  await rowAction(welcome, "preview");
  await page.getByTestId("preview-text").filter({ hasText: "Files under public/ can be read by everyone" }).waitFor();
  await page.getByTestId("close-dialog").click();

  await page.getByTestId("open-folder").filter({ hasText: "guides/" }).click();
  await page.waitForURL((url) => url.pathname === "/shared" && url.searchParams.get("folder") === "guides/");
  await page.reload();
  const guide = page.getByTestId("file-row").filter({ hasText: "getting started.md" });
  await guide.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(guide, "download")]);
  assert.equal(download.suggestedFilename(), "getting started.md");
  assert.match(await readFile(await download.path(), "utf8"), /^# Getting started/);

  await page.getByTestId("crumb-top").click();
  await welcome.waitFor();
  await page.getByRole("link", { name: "Files" }).click();
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("upload-input").count(), 1, "the own files are writable again");
});

test("without aws.sharedPrefix there is no Shared page, and its address says how to set one up", async () => {
  const page = await openPage(app, "/login", { config: (c) => delete c.aws.sharedPrefix });
  await signIn(page, newEmail("no-shared"));
  assert.equal(await page.getByRole("link", { name: "Shared" }).count(), 0);
  await page.goto(app.origin + "/shared");
  await page.getByTestId("no-shared-area").waitFor();
  assert.match(await page.getByTestId("no-shared-area").innerText(), /sharedPrefix/);
});
