// Names people really use: every character S3 allows in a key must upload, list, download,
// share and delete exactly, with the stand-in checking every signature (and presigned URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { newEmail, openPage, signIn, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();

const NAMES = [
  "a b+c%20d.txt",
  "#hash?q=1&x=y=z.txt",
  "~tilde !'()*.txt",
  "café é.txt",
  "日本語のファイル.txt",
  "emoji 😀🎉.txt",
  " leading space.txt",
  "trailing space.txt ",
  // S3's limit is 1,024 bytes of key; "users/<uid>/" takes 35 of them.
  `${"L".repeat(985)}.txt`,
];

const contentOf = (name) => Buffer.from(`content of ${name}\n`);
test("keys with spaces, reserved characters, unicode, emoji and 1,024 bytes make the whole round trip", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("any-key"));
  await page.getByTestId("upload-input").setInputFiles(NAMES.map((name) => ({ name, mimeType: "text/plain", buffer: contentOf(name) })));
  await page.getByTestId("upload-done").nth(NAMES.length - 1).waitFor({ timeout: 60_000 });
  await page.getByTestId("file-row").nth(NAMES.length - 1).waitFor();
  const listed = await page.locator("tbody tr .entry-name").evaluateAll((cells) => cells.map((c) => c.textContent));
  assert.deepEqual([...listed].sort(), [...NAMES].sort(), "every name is listed exactly");

  for (const name of NAMES) {
    const row = page.getByTestId("file-row").nth(listed.indexOf(name));
    const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row, "download")]);
    assert.ok(contentOf(name).equals(await readFile(await download.path())), `download of ${JSON.stringify(name)}`);
    await rowAction(row, "share");
    const url = await page.getByTestId("share-url").inputValue();
    const shared = await fetch(url);
    assert.equal(shared.status, 200, `shared link of ${JSON.stringify(name)}`);
    assert.ok(contentOf(name).equals(Buffer.from(await shared.arrayBuffer())));
    await page.getByTestId("close-dialog").click();
  }
  for (let left = NAMES.length; left > 0; left -= 1) {
    const row = page.getByTestId("file-row").first();
    await rowAction(row, "delete");
    await page.getByTestId("confirm-delete").click();
    if (left > 1) await page.waitForFunction((n) => document.querySelectorAll('[data-testid="file-row"]').length === n, left - 1);
  }
  await page.getByTestId("no-files").waitFor();
});
