// The network fails under a request (a dropped connection, or an answer the browser cannot read
// because it came without CORS headers): every request that is safe to send twice is retried
// with the same backoff as S3's busy answers, the page says "You seem to be offline;
// retrying…" meanwhile, and only an outage that outlasts the retries reaches the user, in
// their words. What is not safe to repeat is sent once.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { clearFaults, isSts, newEmail, openPage, queueFaults, requestLink, signIn, signInLinkFor, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();
afterEach(clearFaults);

const listings = (page) => page.requests.filter((url) => url.includes("list-type=2") && url.includes("delimiter"));
const status = (page) => page.getByTestId("connection-status");

async function upload(page, name, buffer = Buffer.from(`content of ${name}`)) {
  await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "text/plain", buffer });
  await page.getByTestId("file-row").filter({ hasText: name }).waitFor();
}

test("a listing the network drops twice is retried, and the page says so while it waits", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("offline-list"));
  await upload(page, "kept.txt");
  await queueFaults("ListObjectsV2", ["ConnectionReset", "ConnectionReset"]);
  const before = listings(page).length;
  await page.reload();
  await status(page).filter({ hasText: "You seem to be offline; retrying…" }).waitFor();
  await page.getByTestId("file-row").filter({ hasText: "kept.txt" }).waitFor();
  assert.equal(await status(page).innerText(), "", "the notice goes once an answer comes");
  assert.equal(listings(page).length - before, 3, "two dropped attempts, then the listing");
  assert.equal(await page.getByTestId("list-error").count(), 0);
});

test("an answer that comes without CORS headers (a network failure to the page) is retried too", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("offline-cors"));
  await upload(page, "notes.txt");
  await queueFaults("GetObject", ["SlowDown:no-cors"]);
  const row = page.getByTestId("file-row").filter({ hasText: "notes.txt" });
  await rowAction(row, "preview");
  assert.equal(await page.getByTestId("preview-text").innerText(), "content of notes.txt");
});

test("an outage past the retries is told in the user's words, and Try again works", async () => {
  await queueFaults("ListObjectsV2", Array(4).fill("ConnectionReset"));
  const page = await openPage(app, "/login");
  const email = newEmail("offline-long");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("list-error").waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId("list-error").innerText(), /^You seem to be offline: .* did not answer, even after a few tries\. Check your connection, then try again\./);
  assert.doesNotMatch(await page.getByTestId("list-error").innerText(), /CORS|config\.json/);
  assert.equal(await status(page).innerText(), "", "no retrying notice once the page shows the error");
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("no-files").waitFor();
});

test("the credential exchange is retried when the network drops it", async () => {
  await queueFaults("AssumeRoleWithWebIdentity", ["ConnectionReset"]);
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("offline-sts"));
  const exchanges = page.requests.filter((url) => isSts(url));
  assert.equal(exchanges.length, 2, "one dropped exchange, then one that worked");
  assert.equal(await page.getByTestId("list-error").count(), 0);
});

test("what is not safe to send twice (starting a multipart upload) is sent once", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("offline-create"));
  await queueFaults("CreateMultipartUpload", ["ConnectionReset"]);
  await page.getByTestId("upload-input").setInputFiles({ name: "big.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(17 * 1024 * 1024, 7) });
  await page.getByTestId("upload-failed").filter({ hasText: "You seem to be offline" }).waitFor({ timeout: 30_000 });
  const creates = page.requests.filter((url) => url.endsWith("?uploads"));
  assert.equal(creates.length, 1, "CreateMultipartUpload was not repeated");
});
