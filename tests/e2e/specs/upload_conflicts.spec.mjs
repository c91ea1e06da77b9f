// No silent overwrite: an upload onto a name already in the folder asks Replace, Keep both or
// Skip, and S3 itself refuses the write when the name is taken (If-None-Match: *), even by
// another tab between the app's look and its write.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { newEmail, openPage, rowAction, s3As, signIn, storedSession, throttleUploads, useApp } from "../support/harness.mjs";

const app = useApp();
const row = (page, name) => page.getByTestId("file-row").filter({ has: page.getByText(name, { exact: true }) });
const pick = (page, files) => page.getByTestId("upload-input").setInputFiles(
  files.map(([name, text]) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) })));
const partPuts = (page) => page.answers.filter((a) => a.method === "PUT" && a.url.includes("partNumber=")).length;

async function contents(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row(page, name), "download")]);
  return (await readFile(await download.path())).toString();
}

async function signedIn(label, options) {
  const page = await openPage(app, "/login", options);
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  return page;
}

test("an upload onto a taken name asks first; Keep both adds a numbered copy, Replace replaces", async () => {
  const page = await signedIn("conflict");
  await pick(page, [["notes.txt", "first"]]);
  await row(page, "notes.txt").waitFor();

  await pick(page, [["notes.txt", "second"]]);
  await page.getByTestId("upload-exists").waitFor();
  assert.match(await page.getByTestId("toasts").innerText(), /1 file has the name of one already here/);
  assert.equal(await contents(page, "notes.txt"), "first", "nothing was replaced unasked");
  await page.getByTestId("keep-both-upload").click();
  await row(page, "notes (2).txt").waitFor();
  assert.equal(await contents(page, "notes (2).txt"), "second");
  assert.equal(await contents(page, "notes.txt"), "first");

  await pick(page, [["notes.txt", "third"]]);
  await page.getByTestId("replace-upload").click();
  await page.getByTestId("upload-done").waitFor();
  assert.equal(await contents(page, "notes.txt"), "third");
  assert.equal(await page.getByTestId("file-row").count(), 2);
});

test("Keep both skips numbers already taken", async () => {
  const page = await signedIn("conflict-numbers");
  await pick(page, [["a.txt", "1"], ["a (2).txt", "2"]]);
  await row(page, "a (2).txt").waitFor();
  await pick(page, [["a.txt", "3"]]);
  await page.getByTestId("keep-both-upload").click();
  await row(page, "a (3).txt").waitFor();
  assert.equal(await contents(page, "a (3).txt"), "3");
});

test("several taken names are decided at once, and the choices fit a phone", async () => {
  const page = await signedIn("conflict-many", { viewport: { width: 360, height: 740 } });
  await pick(page, [["one.txt", "1"], ["two.txt", "2"]]);
  await row(page, "two.txt").waitFor();
  await pick(page, [["one.txt", "new 1"], ["two.txt", "new 2"], ["three.txt", "3"]]);
  await page.getByTestId("upload-choices").waitFor();
  assert.match(await page.getByTestId("upload-choices").innerText(), /2 files have the names of ones already here/);
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  assert.ok(scroll <= width, `no sideways scroll (${scroll} > ${width})`);
  await page.getByTestId("skip-all").click();
  assert.equal(await page.getByTestId("upload-skipped").count(), 2);
  assert.equal(await page.getByTestId("batch-progress").innerText(), "Uploaded 1 of 3 files (1 B); 2 skipped.");
  assert.equal(await contents(page, "one.txt"), "1");
});

test("a name another tab takes during a multipart upload: S3 refuses the completion, Replace sends no part again", async () => {
  const page = await signedIn("conflict-race");
  const { Credentialed: { user } } = await storedSession(page);
  await throttleUploads(page, 6 * 1024 * 1024);
  const bytes = Buffer.alloc(20 * 1024 * 1024, 7);
  const firstPart = page.waitForRequest(/partNumber=/);
  await page.getByTestId("upload-input").setInputFiles({ name: "big.bin", mimeType: "application/octet-stream", buffer: bytes });
  await firstPart;
  assert.equal((await s3As(page, "PUT", `users/${user.uid}/big.bin`)).status, 200, "the other tab's write");

  await page.getByTestId("upload-exists").waitFor({ timeout: 30000 });
  const sent = partPuts(page);
  await page.getByTestId("replace-upload").click();
  await page.getByTestId("upload-done").waitFor({ timeout: 30000 });
  assert.equal(partPuts(page), sent, "the stored parts were completed, not sent again");
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row(page, "big.bin"), "download")]);
  assert.ok(bytes.equals(await readFile(await download.path())));
});
