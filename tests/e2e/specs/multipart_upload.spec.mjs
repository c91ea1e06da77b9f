// Big uploads: 64 MiB in parts with progress and a retried part failure, across a credentials
// expiry, cancelled (and aborted at S3), and resumed after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  eventually, BUCKET, clearFaults, expireAllCredentials, multipartUploads, newEmail, newFolder, openPage, queuePartFaults, s3Refusals,
  setExposedHeaders, signIn, stsExchanges, throttleUploads, useApp, rowAction, waitForLoginPage } from "../support/harness.mjs";

const app = useApp();
const MIB = 1024 * 1024;

/** A 64 MiB file on disk whose every 4 KiB block is different (so misplaced parts show). */
async function bigFile(name) {
  const bytes = Buffer.alloc(64 * MIB);
  for (let offset = 0; offset < bytes.length; offset += 4096) bytes.writeUInt32LE(offset / 4096, offset);
  const path = join(await mkdtemp(join(tmpdir(), "firebridge-")), name);
  await writeFile(path, bytes);
  return { path, bytes };
}

const partAnswers = (page) => page.answers.filter((a) => a.method === "PUT" && a.url.includes("partNumber="));
const until = (check, what) => eventually(check, what, { timeout: 60_000 });

/** A new user's page uploading the 64 MiB file NAME (throttled), once PARTS parts are stored. */
async function uploadingUntilStored(label, name, parts) {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail(label));
  await throttleUploads(page, 8 * MIB);
  const { path, bytes } = await bigFile(name);
  await page.getByTestId("upload-input").setInputFiles(path);
  await until(() => partAnswers(page).filter((a) => a.status === 200).length >= parts, `${parts} stored parts`);
  return { page, path, bytes };
}

async function downloadedBytes(page, name) {
  const row = page.getByTestId("file-row").filter({ hasText: name });
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row, "download")]);
  return readFile(await download.path());
}

test("64 MiB goes up in parts with progress, a failed part is retried, the bytes arrive intact", async () => {
  await queuePartFaults(["InternalError"]);
  try {
    const page = await openPage(app, "/login");
    await signIn(page, newEmail("multipart"));
    const { path, bytes } = await bigFile("big one.bin");
    await page.getByTestId("upload-input").setInputFiles(path);
    const started = Date.now();
    await page.getByTestId("upload-progress").waitFor();
    await page.getByTestId("upload-done").waitFor({ timeout: 120_000 });
    const seconds = (Date.now() - started) / 1000;
    const parts = partAnswers(page);
    console.log(`# multipart: 64 MiB in ${seconds.toFixed(1)} s, ${parts.length} part requests, ${parts.filter((p) => p.status >= 500).length} failed and retried`);
    assert.equal(parts.length, 9, "8 parts of 8 MiB, one of them twice");
    assert.equal(parts.filter((p) => p.status === 500).length, 1);
    const row = page.getByTestId("file-row").filter({ hasText: "big one.bin" });
    assert.match(await row.innerText(), /64\.0 MiB/);
    assert.ok(bytes.equals(await downloadedBytes(page, "big one.bin")), "downloaded bytes equal the uploaded ones");
    assert.equal(await page.locator("[role=alert]").count(), 0);
  } finally {
    await clearFaults();
  }
});

test("an upload keeps going when its credentials expire mid-way", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("expiry-upload"));
  await throttleUploads(page, 16 * MIB);
  const { path } = await bigFile("long one.bin");
  await page.getByTestId("upload-input").setInputFiles(path);
  const exchangesBefore = stsExchanges(page).length;
  await until(() => partAnswers(page).some((a) => a.status === 200), "a first part");
  await expireAllCredentials();
  await page.getByTestId("upload-done").waitFor({ timeout: 120_000 });
  assert.ok(s3Refusals(page).some((a) => a.status === 400), "AWS refused a part as expired");
  assert.equal(stsExchanges(page).length, exchangesBefore + 1, "one renewal for all parts in flight");
  assert.equal(await page.locator("[role=alert]").count(), 0);
});

test("cancel stops the upload and aborts it at S3, and offers to send it again", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("cancel");
  await signIn(page, email);
  await throttleUploads(page, 8 * MIB);
  const { path } = await bigFile("cancel me.bin");
  await page.getByTestId("upload-input").setInputFiles(path);
  await until(() => partAnswers(page).length > 0 || page.getByTestId("upload-progress").isVisible(), "the upload to start");
  await page.getByTestId("cancel-upload").click();
  await page.getByTestId("upload-cancelled").waitFor();
  await until(async () => !((await multipartUploads())[BUCKET] ?? []).some((k) => k.endsWith("/cancel me.bin")), "the abort");
  assert.equal(await page.getByTestId("retry-upload").count(), 1, "the file can be sent again");
  assert.equal(await page.getByTestId("file-row").count(), 0);
});

test("an upload interrupted by a reload resumes from its stored parts", async () => {
  const { page, path, bytes } = await uploadingUntilStored("resume", "resume me.bin", 3);
  await page.reload();
  await page.getByTestId("no-files").waitFor();
  page.answers.length = 0;
  await page.getByTestId("upload-input").setInputFiles(path);
  await page.getByTestId("upload-done").waitFor({ timeout: 120_000 });
  const listParts = page.answers.filter((a) => a.method === "GET" && a.url.includes("uploadId="));
  assert.equal(listParts.length, 1, "S3 was asked which parts it holds");
  assert.ok(partAnswers(page).length <= 5, `only the missing parts were sent (${partAnswers(page).length})`);
  assert.ok(bytes.equals(await downloadedBytes(page, "resume me.bin")), "the resumed file is intact");
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("upload.")));
  assert.deepEqual(left, [], "a finished upload forgets its resume record");
});

test("a bucket whose CORS hides ETag is explained, with the fix, and the upload aborted", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("no-etag"));
  await setExposedHeaders(["Date"]);
  try {
    const { path } = await bigFile("needs etag.bin");
    await page.getByTestId("upload-input").setInputFiles(path);
    const failed = page.getByTestId("upload-failed");
    await failed.waitFor({ timeout: 60_000 });
    assert.match(await failed.innerText(), /does not expose the ETag header.*Add "ETag" to ExposeHeaders/);
    await until(async () => !((await multipartUploads())[BUCKET] ?? []).some((k) => k.endsWith("/needs etag.bin")), "the abort");
    assert.equal(await page.getByTestId("retry-upload").count(), 1, "the file can be sent again");
  } finally {
    await setExposedHeaders(["ETag", "Date", "x-amz-request-id"]);
  }
});

test("a connection lost mid-upload is retried, then offered to resume, which works", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("offline"));
  const { path, bytes } = await bigFile("flaky network.bin");
  // Every attempt at the first four parts fails (4 parts x 4 attempts), as if offline.
  await queuePartFaults(Array(16).fill("ConnectionReset"));
  try {
    await page.getByTestId("upload-input").setInputFiles(path);
    const failed = page.getByTestId("upload-failed");
    await failed.waitFor({ timeout: 60_000 });
    assert.match(await failed.innerText(), /interrupted: the network failed\. Retry to resume where it stopped/);
    const attempts = page.requests.filter((url) => url.includes("partNumber=")).length;
    assert.ok(attempts >= 16, `each part was tried four times before giving up (${attempts} attempts)`);
  } finally {
    await clearFaults();
  }
  page.answers.length = 0;
  await page.getByTestId("retry-upload").click();
  await page.getByTestId("upload-done").waitFor({ timeout: 120_000 });
  assert.equal(page.answers.filter((a) => a.method === "POST" && a.url.endsWith("?uploads")).length, 0, "the same upload went on");
  assert.ok(bytes.equals(await downloadedBytes(page, "flaky network.bin")), "the resumed file is intact");
});

// A reload (or a closed tab) must not lose a half-finished upload: the files page lists it, and
// picking its file goes on from the stored parts; another file is refused, saying which one.
test("after a reload an interrupted upload is listed, and picking its file resumes it", async () => {
  const { page, path, bytes } = await uploadingUntilStored("listed", "listed.bin", 2);
  await page.reload();
  const listed = page.getByTestId("interrupted-upload");
  await listed.waitFor();
  assert.match(await listed.innerText(), /listed\.bin[\s\S]*MiB of 64\.0 MiB stored/);

  const impostor = join(await mkdtemp(join(tmpdir(), "firebridge-")), "listed.bin");
  await writeFile(impostor, "not the same");
  await page.getByTestId("resume-input").setInputFiles(impostor);
  assert.match(await page.getByTestId("error").innerText(), /not the file this upload was sending\. Pick listed\.bin/);

  page.answers.length = 0;
  await page.getByTestId("resume-input").setInputFiles(path);
  await page.getByTestId("upload-done").waitFor({ timeout: 120_000 });
  assert.equal(await listed.count(), 0, "no longer listed as interrupted");
  assert.ok(partAnswers(page).length <= 6, `only the missing parts were sent (${partAnswers(page).length})`);
  assert.ok(bytes.equals(await downloadedBytes(page, "listed.bin")), "the resumed file is intact");
});

test("an interrupted upload can be discarded: S3 drops its parts and the device forgets it", async () => {
  const { page } = await uploadingUntilStored("discard", "discard me.bin", 1);
  await page.reload();
  await page.getByTestId("discard-upload").click();
  await page.getByTestId("interrupted-uploads").waitFor({ state: "detached" });
  await until(async () => !((await multipartUploads())[BUCKET] ?? []).some((k) => k.endsWith("/discard me.bin")), "the abort");
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("upload.")));
  assert.deepEqual(left, [], "the resume record is gone");
});

// Pause keeps what S3 stored (the upload is not aborted) and Resume sends only the rest.
test("a paused upload keeps its stored parts, and Resume sends only the rest", async () => {
  const { page, bytes } = await uploadingUntilStored("pause", "pause me.bin", 2);
  await page.getByTestId("pause-upload").click();
  const paused = page.getByTestId("upload-paused");
  await paused.waitFor();
  assert.match(await paused.innerText(), /Paused · [\d.]+ MiB of 64\.0 MiB/);
  assert.ok(((await multipartUploads())[BUCKET] ?? []).some((k) => k.endsWith("/pause me.bin")), "not aborted at S3");

  page.answers.length = 0;
  await page.getByTestId("resume-paused").click();
  await page.getByTestId("upload-done").waitFor({ timeout: 120_000 });
  assert.ok(partAnswers(page).length <= 6, `only the missing parts were sent (${partAnswers(page).length})`);
  assert.ok(bytes.equals(await downloadedBytes(page, "pause me.bin")), "the resumed file is intact");
});

// A batch belongs to the app, not to the page that started it: browsing elsewhere must neither
// stop it nor hide it (the files page shows it again, still going), and the user is told when
// it is done wherever they are.
test("an upload goes on while the user is on another page, shows again on return, and says when it is done", async () => {
  const { page, bytes } = await uploadingUntilStored("elsewhere", "while away.bin", 1);
  const nav = page.getByRole("navigation");
  await nav.getByRole("link", { name: "Identity" }).click();
  await page.getByTestId("firebase-email").waitFor();
  await nav.getByRole("link", { name: "Files" }).click();
  await page.getByTestId("upload-progress").waitFor();
  assert.match(await page.getByTestId("upload-item").innerText(), /while away\.bin/);
  assert.match(await page.getByTestId("batch-progress").innerText(), /0 of 1 file done/);

  await nav.getByRole("link", { name: "Identity" }).click();
  const toast = page.getByTestId("toast").filter({ hasText: "Uploaded 1 file (64.0 MiB)." });
  await toast.waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId("firebase-email").count(), 1, "still on the identity page");
  await nav.getByRole("link", { name: "Files" }).click();
  const row = page.getByTestId("file-row").filter({ hasText: "while away.bin" });
  await row.waitFor();
  assert.equal(await page.getByTestId("upload-batch").count(), 0, "a batch that ended while away is not shown again");
  assert.ok(bytes.equals(await downloadedBytes(page, "while away.bin")), "the bytes arrived intact");
});

// Back and Forward between folders used to build the files page again, which dropped the
// panel of an upload in progress (the upload went on, out of sight).
test("Back and Forward between folders keep the panel of an upload in progress", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("back-forward"));
  await newFolder(page, "inner");
  await page.getByTestId("open-folder").filter({ hasText: "inner/" }).click();
  await page.getByTestId("current-folder").filter({ hasText: "inner" }).waitFor();
  await throttleUploads(page, 8 * MIB);
  const { path } = await bigFile("stays in view.bin");
  await page.getByTestId("upload-input").setInputFiles(path);
  await page.getByTestId("upload-progress").waitFor();
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes("folder="));
  assert.equal(await page.getByTestId("upload-progress").count(), 1, "Back keeps the upload in view");
  await page.goForward();
  await page.getByTestId("current-folder").filter({ hasText: "inner" }).waitFor();
  assert.equal(await page.getByTestId("upload-progress").count(), 1, "Forward keeps it too");
  await page.getByTestId("upload-done").waitFor({ timeout: 60_000 });
  await page.getByTestId("file-row").filter({ hasText: "stays in view.bin" }).waitFor();
});

// A batch outlives its page, not its sign-in: signing out stops the parts on their way at
// once (their requests aborted, not left to finish), and the sign-in page says nothing of it.
// (The parts S3 stored stay until the bucket's lifecycle rule aborts the upload: the
// credentials to abort it went with the sign-out. README, Files.)
test("signing out during an upload stops its parts at once and leaves no upload behind", async () => {
  const { page } = await uploadingUntilStored("sign-out-upload", "left behind.bin", 1);
  const aborted = page.waitForEvent("requestfailed", {
    predicate: (request) => request.method() === "PUT" && request.url().includes("partNumber="), timeout: 5_000,
  });
  await page.getByTestId("sign-out").click();
  await waitForLoginPage(page);
  assert.match((await aborted).failure().errorText, /ABORTED/, "the part in flight was aborted");
  assert.equal(await page.getByTestId("toast").count(), 0, "no upload toast on the sign-in page");

  await signIn(page, newEmail("sign-out-upload-next"));
  assert.equal(await page.getByTestId("upload-batch").count(), 0, "the next user sees no batch");
});
