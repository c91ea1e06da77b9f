// Rename and move (a conditional CopyObject, then delete), for keys with any character, with the
// stand-in checking every signature and that the copy's source is the user's own. S3 answers the
// app's users 403, not 404, for a missing key, so nothing here may wait for a 404; a file above
// S3's 5 GB single-copy limit is copied in parts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { BUCKET, existsInBucket, multipartUploads, newEmail, openPage, setStandInBehaviour, signIn, storedSession, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();
const NAMES = ["a b+c%20d.txt", "#hash?q=1&x=y=z.txt", "~tilde !'()*.txt", "日本語 😀.txt", " spaces around.txt "];
const contentOf = (name) => Buffer.from(`content of ${name}\n`);

async function upload(page, names) {
  await page.getByTestId("upload-input").setInputFiles(names.map((name) => ({ name, mimeType: "text/plain", buffer: contentOf(name) })));
  await page.getByTestId("upload-done").nth(names.length - 1).waitFor({ timeout: 60_000 });
  await page.getByTestId("file-row").nth(names.length - 1).waitFor();
}

const rowOf = (page, name) => page.locator(`[data-testid="file-row"]`).filter({ has: page.getByTestId("file-name").getByText(name, { exact: true }) });

async function rename(page, name, path) {
  const row = rowOf(page, name);
  await rowAction(row, "rename");
  const panel = page.getByTestId("rename-panel");
  await panel.getByTestId("rename-path").fill(path);
  await panel.getByTestId("rename-submit").click();
  return panel;
}

test("files with any name are moved into a folder, bytes intact", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("rename"));
  await upload(page, NAMES);
  for (const name of NAMES) {
    await rename(page, name, `moved/${name}`);
    await rowOf(page, name).waitFor({ state: "detached" });
  }
  await page.getByTestId("open-folder").filter({ hasText: "moved" }).click();
  await page.getByTestId("file-row").nth(NAMES.length - 1).waitFor();
  const listed = await page.locator("tbody tr .entry-name").evaluateAll((cells) => cells.map((c) => c.textContent));
  assert.deepEqual([...listed].sort(), [...NAMES].sort());
  for (const name of NAMES) {
    const [download] = await Promise.all([page.waitForEvent("download"), rowAction(rowOf(page, name), "download")]);
    assert.ok(contentOf(name).equals(await readFile(await download.path())), `bytes of ${JSON.stringify(name)}`);
  }
});

test("a rename onto an existing file, out of the own files, or past 1,024 bytes is refused, losing nothing", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("rename-refused"));
  await upload(page, ["one.txt", "two.txt"]);

  const panel = await rename(page, "one.txt", "two.txt");
  assert.match(await panel.getByTestId("error").innerText(), /There is already a file at two\.txt/);
  assert.equal(await panel.getByTestId("rename-path").inputValue(), "two.txt", "what was typed stays");
  assert.equal(await page.getByTestId("file-row").count(), 2, "both files are still there");

  for (const [path, reason] of [["../other/one.txt", /cannot be empty, \. or \.\./], [`${"x".repeat(1000)}.txt`, /1,024 bytes/]]) {
    await panel.getByTestId("rename-path").fill(path);
    await panel.getByTestId("rename-submit").click();
    await panel.getByTestId("error").filter({ hasText: reason }).waitFor();
  }
  await page.getByTestId("close-dialog").click();
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(rowOf(page, "one.txt"), "download")]);
  assert.ok(contentOf("one.txt").equals(await readFile(await download.path())));
});

test("a rename works whichever way S3 answers a missing key inside the user's folder", async () => {
  // AWS documents 403 for a caller without an unconditioned ListBucket; whether a listing grant
  // under an s3:prefix condition turns that into 404 is not documented. Both must work.
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("rename-404"));
  await upload(page, ["first.txt"]);
  await setStandInBehaviour({ missingKeyPrefixContext: true });
  try {
    await rename(page, "first.txt", "second.txt");
    await rowOf(page, "second.txt").waitFor();
    await rowOf(page, "first.txt").waitFor({ state: "detached" });
  } finally {
    await setStandInBehaviour({ missingKeyPrefixContext: false });
  }
});

test("a file above S3's single-copy limit is moved by a copy in parts, bytes intact", async () => {
  // The limit is 5 GB on AWS; the stand-in lowers it so that a 6 MiB file crosses it.
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("rename-big"));
  const bytes = Buffer.alloc(6 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
  await page.getByTestId("upload-input").setInputFiles({ name: "big.bin", mimeType: "application/x-big", buffer: bytes });
  await rowOf(page, "big.bin").waitFor();
  await setStandInBehaviour({ maxCopySource: 4 * 1024 * 1024 });
  try {
    page.answers.length = 0;
    await rename(page, "big.bin", "archive/big.bin");
    await rowOf(page, "big.bin").waitFor({ state: "detached" });
  } finally {
    await setStandInBehaviour({ maxCopySource: null });
  }
  const copies = page.answers.filter((a) => a.method === "PUT" && a.url.includes("partNumber="));
  assert.equal(copies.length, 1, "one part copy (parts are 512 MiB)");
  const { Credentialed: { user } } = await storedSession(page);
  const open = ((await multipartUploads())[BUCKET] ?? []).filter((key) => key.startsWith(`users/${user.uid}/`));
  assert.deepEqual(open, [], "no upload of this user's is left open");
  await page.getByTestId("open-folder").filter({ hasText: "archive" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(rowOf(page, "big.bin"), "download")]);
  assert.ok(bytes.equals(await readFile(await download.path())), "the copy holds the same bytes");
  const key = await rowOf(page, "big.bin").getAttribute("data-key");
  assert.equal(await existsInBucket(key.replace("archive/", "")), false, "the source is gone");
});
