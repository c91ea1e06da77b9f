// A file's details, as S3 states them: size, type, date, ETag, the checksum S3 checked on the
// way in (a multipart upload's is of its parts' checksums), storage class, version. From the
// row's menu, on a desktop and on a phone; a file deleted elsewhere meanwhile says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, rowAction, s3As, signIn, storedSession, useApp } from "../support/harness.mjs";
import { sidewaysOverflow } from "../support/tour.mjs";
import { compositeCrc32c, crc32c } from "../support/crc32c.mjs";

const app = useApp();
const MIB = 1024 * 1024;

async function signedIn(label, options) {
  const page = await openPage(app, "/login", options);
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  return page;
}

async function openDetails(page, name) {
  await rowAction(page.getByTestId("file-row").filter({ hasText: name }), "details");
  await page.getByTestId("details-dialog").waitFor();
  await page.getByTestId("details").waitFor();
  const field = (id) => page.getByTestId(`details-${id}`).innerText();
  return { field };
}

test("a small file's details: size, type, ETag and the CRC-32C S3 checked, on a phone too", async () => {
  const page = await signedIn("details", { viewport: { width: 360, height: 740 } });
  const bytes = Buffer.from("details, please\n".repeat(40));
  await page.getByTestId("upload-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: bytes });
  await page.getByTestId("file-row").filter({ hasText: "notes.txt" }).waitFor();
  const { field } = await openDetails(page, "notes.txt");
  assert.equal(await field("size"), "640 B");
  assert.equal(await field("type"), "text/plain");
  assert.match(await field("etag"), /^"[0-9a-f]{32}"$/);
  assert.equal(await field("checksum"), `CRC32C of the whole file, checked by S3: ${crc32c(bytes)}`);
  assert.equal(await field("storage-class"), "STANDARD");
  assert.equal(await field("version"), "None: versioning is off for this bucket.");
  assert.match(await field("modified"), /\d{4}/);
  assert.deepEqual(await sidewaysOverflow(page), [], "the details fit a phone");
  await page.keyboard.press("Escape");
  await page.getByTestId("details-dialog").waitFor({ state: "detached" });
});

test("a multipart upload's checksum is of its parts' checksums", async () => {
  const page = await signedIn("details-parts");
  const bytes = Buffer.alloc(20 * MIB, 7);
  await page.getByTestId("upload-input").setInputFiles({ name: "big.bin", mimeType: "application/octet-stream", buffer: bytes });
  await page.getByTestId("file-row").filter({ hasText: "big.bin" }).waitFor({ timeout: 60_000 });
  const { field } = await openDetails(page, "big.bin");
  const parts = [bytes.subarray(0, 8 * MIB), bytes.subarray(8 * MIB, 16 * MIB), bytes.subarray(16 * MIB)];
  assert.equal(await field("checksum"), `CRC32C of its 3 parts' checksums, each checked by S3: ${compositeCrc32c(parts)}`);
  assert.equal(await field("size"), "20.0 MiB (20,971,520 B)");
});

test("the details of a file deleted elsewhere say so", async () => {
  const page = await signedIn("details-gone");
  await page.getByTestId("upload-input").setInputFiles({ name: "gone.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
  await page.getByTestId("file-row").filter({ hasText: "gone.txt" }).waitFor();
  const { Credentialed: { user } } = await storedSession(page);
  assert.equal((await s3As(page, "DELETE", `users/${user.uid}/gone.txt`)).status, 204);
  await rowAction(page.getByTestId("file-row").filter({ hasText: "gone.txt" }), "details");
  await page.getByTestId("details-error").waitFor();
  assert.equal(await page.getByTestId("details-error").innerText(), "That file no longer exists. Refresh the list.");
});
