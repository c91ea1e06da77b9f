// A file's details, as S3 states them: size, type, date, ETag, the checksum S3 checked on the
// way in (a multipart upload's is of its parts' checksums), storage class, version. From the
// row's menu, on a desktop and on a phone; a file deleted elsewhere meanwhile says so. Where the
// user may write, the type (a copy onto itself that keeps everything else) and the tags change
// there; a read-only account has no such controls, and AWS refuses the change anyway.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  invite, newEmail, openPage, putAsAdmin, restoreAws, rowAction, s3As, setExposedHeaders, signIn, storedObject,
  storedSession, useApp,
} from "../support/harness.mjs";
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
  assert.match(await field("version"), /^\S{16,}$/, "the bucket keeps versions: S3 named this one");
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

async function uidOf(page) {
  return (await storedSession(page)).Credentialed.user.uid;
}

const DEFAULT_EXPOSED = ["ETag", "Date", "Content-Disposition", "Content-Encoding", "x-amz-request-id", "x-amz-checksum-crc32",
  "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1", "x-amz-checksum-sha256", "x-amz-checksum-type",
  "x-amz-storage-class", "x-amz-version-id"];

test("the type is changed on a phone, and everything else S3 keeps for the file stays", async () => {
  const page = await signedIn("retype", { viewport: { width: 360, height: 740 } });
  const key = `users/${await uidOf(page)}/notes.md`;
  await setExposedHeaders([...DEFAULT_EXPOSED, "x-amz-meta-author"]);
  try {
    await putAsAdmin(key, { Body: "# Notes\n", ContentType: "text/plain", CacheControl: "max-age=60", ContentDisposition: "inline",
      Metadata: { author: "Ann" }, StorageClass: "STANDARD_IA", Tagging: "project=x" });
    await page.reload();
    const { field } = await openDetails(page, "notes.md");
    assert.equal(await field("type"), "text/plain");
    assert.equal(await field("metadata"), "author: Ann");
    assert.equal(await field("tags"), "project: x");
    await page.getByTestId("details-change-type").click();
    const input = page.getByTestId("details-type-input");
    assert.equal(await input.evaluate((e) => e === document.activeElement), true, "the field takes the focus");
    assert.equal(await input.inputValue(), "text/plain");
    await input.fill("markdown");
    await input.press("Enter");
    assert.match(await page.getByTestId("error").innerText(), /not a media type/);
    assert.equal(await input.inputValue(), "markdown", "what was typed stays");
    await input.fill("text/markdown");
    await page.getByTestId("type-save").click();
    await page.getByTestId("details-status").filter({ hasText: "Type changed." }).waitFor();
    assert.equal(await field("type"), "text/markdown");
    assert.equal(await page.getByTestId("type-editor").count(), 0);
    assert.deepEqual(await sidewaysOverflow(page), [], "the details fit a phone");
    const stored = await storedObject(key);
    assert.deepEqual(
      { ...stored, ETag: undefined },
      { ContentType: "text/markdown", CacheControl: "max-age=60", ContentDisposition: "inline", Metadata: { author: "Ann" },
        StorageClass: "STANDARD_IA", Tags: { project: "x" }, Body: "# Notes\n", ETag: undefined },
    );
  } finally {
    await restoreAws();
  }
});

test("a file written elsewhere since its details were read keeps its type, and the details are read again", async () => {
  const page = await signedIn("retype-raced");
  await page.getByTestId("upload-input").setInputFiles({ name: "race.txt", mimeType: "text/plain", buffer: Buffer.from("mine") });
  await page.getByTestId("file-row").filter({ hasText: "race.txt" }).waitFor();
  const { field } = await openDetails(page, "race.txt");
  const etag = await field("etag");
  const key = `users/${await uidOf(page)}/race.txt`;
  assert.equal((await s3As(page, "PUT", key)).status, 200, "another tab writes the file");
  await page.getByTestId("details-change-type").click();
  await page.getByTestId("details-type-input").fill("text/csv");
  await page.getByTestId("type-save").click();
  await page.getByTestId("error").filter({ hasText: "The file changed since its details were read" }).waitFor();
  await page.waitForFunction((old) => document.querySelector('[data-testid="details-etag"]')?.innerText !== old, etag);
  assert.equal((await storedObject(key)).ContentType, "application/octet-stream", "the other tab's file is untouched");
  assert.equal((await storedObject(key)).Body, "written by s3_as");
  await page.getByTestId("details-change-type").click();
  await page.getByTestId("details-type-input").fill("text/csv");
  await page.getByTestId("type-save").click();
  await page.getByTestId("details-status").filter({ hasText: "Type changed." }).waitFor();
  assert.equal((await storedObject(key)).ContentType, "text/csv");
});

test("tags are edited from the keyboard: added, checked before sending, saved, removed", async () => {
  const page = await signedIn("tags");
  await page.getByTestId("upload-input").setInputFiles({ name: "tagged.txt", mimeType: "text/plain", buffer: Buffer.from("t") });
  await page.getByTestId("file-row").filter({ hasText: "tagged.txt" }).waitFor();
  const key = `users/${await uidOf(page)}/tagged.txt`;
  const { field } = await openDetails(page, "tagged.txt");
  assert.equal(await field("tags"), "None");
  await page.getByTestId("details-edit-tags").focus();
  await page.keyboard.press("Enter");
  const add = page.getByTestId("tags-add");
  assert.equal(await add.evaluate((e) => e === document.activeElement), true);
  await page.keyboard.press("Enter");
  assert.equal(await page.getByTestId("tag-key").evaluate((e) => e === document.activeElement), true, "a new tag's key takes the focus");
  await page.keyboard.type("project");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Q4 report: 2026/12");
  await add.click();
  const rows = page.getByTestId("tag-row");
  await rows.nth(1).getByTestId("tag-key").fill("aws:owner");
  await rows.nth(1).getByTestId("tag-key").press("Enter");
  assert.equal(await page.getByTestId("error").innerText(), "The key of tag 2 starts with aws:, which AWS keeps for its own tags.");
  assert.deepEqual(await storedObject(key).then((o) => o.Tags), {}, "nothing was sent");
  await rows.nth(1).getByTestId("tag-key").fill("review");
  await page.getByTestId("tags-save").click();
  await page.getByTestId("details-status").filter({ hasText: "Tags saved." }).waitFor();
  assert.equal(await field("tags"), "project: Q4 report: 2026/12, review");
  assert.deepEqual((await storedObject(key)).Tags, { project: "Q4 report: 2026/12", review: "" });

  await page.getByTestId("details-edit-tags").click();
  await page.getByRole("button", { name: "Remove tag 1" }).click();
  assert.equal(await page.getByTestId("tag-key").inputValue(), "review", "the other tag stays");
  await page.getByTestId("tags-save").click();
  await page.getByTestId("details-status").filter({ hasText: "Tags saved." }).waitFor();
  assert.deepEqual((await storedObject(key)).Tags, { review: "" });
  await page.getByTestId("details-edit-tags").click();
  for (let i = 1; i < 10; i += 1) await add.click();
  assert.equal(await rows.count(), 10);
  assert.equal(await add.isDisabled(), true, "S3 keeps at most 10 tags");
});

test("a read-only account sees a file's type and tags without controls to change them, and AWS refuses the change", async () => {
  const email = newEmail("tags-reader");
  await invite(email, { readOnly: true });
  const page = await openPage(app, "/login");
  await signIn(page, email);
  await page.getByTestId("no-files").waitFor();
  const key = `users/${await uidOf(page)}/given.txt`;
  await putAsAdmin(key, { Body: "given", ContentType: "text/plain", Tagging: "from=admin" });
  await page.reload();
  const { field } = await openDetails(page, "given.txt");
  assert.equal(await field("tags"), "from: admin");
  assert.equal(await page.getByTestId("details-change-type").count(), 0);
  assert.equal(await page.getByTestId("details-edit-tags").count(), 0);
  assert.deepEqual(await s3As(page, "TAG", key), { status: 403, code: "AccessDenied" });
  assert.deepEqual((await storedObject(key)).Tags, { from: "admin" });
});
