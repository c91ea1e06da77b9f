// S3 answers SlowDown (503) and InternalError (500) under load, on any request: the app waits and
// sends it again, as the AWS SDKs do, and only trouble that outlasts three retries reaches the
// user, with what to do.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { clearFaults, newEmail, openPage, queueFaults, requestLink, s3Refusals, signIn, signInLinkFor, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();
afterEach(clearFaults);

const listings = (page) => page.requests.filter((url) => url.includes("list-type=2"));

test("a listing S3 refuses as busy is retried, and the user sees only the files", async () => {
  await queueFaults("ListObjectsV2", ["SlowDown", "InternalError"]);
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("busy-list"));
  assert.deepEqual(s3Refusals(page).map((a) => a.status), [503, 500]);
  assert.equal(listings(page).length, 3, "two busy answers, then the listing");
  assert.equal(await page.getByTestId("list-error").count(), 0);
});

test("S3 busy beyond the retries is explained, and Try again works", async () => {
  await queueFaults("ListObjectsV2", Array(4).fill("SlowDown"));
  const page = await openPage(app, "/login");
  const email = newEmail("busy-long");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("list-error").waitFor();
  assert.match(await page.getByTestId("list-error").innerText(), /S3 is busy \(SlowDown\).*Wait a minute, then try again/);
  assert.equal(listings(page).length, 4, "one attempt and three retries");
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("no-files").waitFor();
});

test("an upload and a delete S3 answers as busy still go through", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("busy-write"));
  await queueFaults("PutObject", ["SlowDown"]);
  await page.getByTestId("upload-input").setInputFiles({ name: "busy.txt", mimeType: "text/plain", buffer: Buffer.from("still here") });
  const row = page.getByTestId("file-row").filter({ hasText: "busy.txt" });
  await row.waitFor();
  await page.getByTestId("upload-done").waitFor();

  await queueFaults("DeleteObject", ["InternalError"]);
  await rowAction(row, "delete");
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("no-files").waitFor();
  assert.deepEqual(s3Refusals(page).map((a) => a.status), [503, 500]);
});
