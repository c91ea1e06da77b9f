// A device whose clock is hours off still works: AWS refuses its first signature as too
// skewed, the app learns the server's time from the Date header and signs again; expiries are
// measured on the device's own clock, so nothing looks expired (or fresh) when it is not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isSecureToken, isSts, newEmail, openPage, requestLink, s3Refusals, signIn, signInLinkFor, useApp } from "../support/harness.mjs";

const app = useApp();
const HOURS = 3600 * 1000;
const listings = (page) => page.requests.filter((url) => url.includes("list-type=2")).length;

test("a clock three hours behind: one refused signature, then everything works", async () => {
  const page = await openPage(app, "/login", { clockOffsetMs: -3 * HOURS });
  assert.ok(Math.abs((await page.evaluate(() => Date.now())) - (Date.now() - 3 * HOURS)) < 60_000, "the device clock is off");
  await signIn(page, newEmail("clock-behind"));
  assert.equal(listings(page), 2, "the first listing was refused as skewed and signed again");

  await page.getByTestId("upload-input").setInputFiles({ name: "skewed.txt", mimeType: "text/plain", buffer: Buffer.from("on time") });
  await page.getByTestId("file-row").waitFor();
  assert.equal(listings(page), 3, "later requests are signed right the first time");
  assert.equal(await page.getByTestId("error").count(), 0);

  // The offset is kept for the tab: a reload signs with it from the first request.
  page.answers.length = 0;
  await page.reload();
  await page.getByTestId("file-row").waitFor();
  assert.deepEqual(s3Refusals(page), [], "no request refused after the reload");
});

test("a clock three hours ahead: STS's 'Signature not yet current' is corrected too", async () => {
  // Straight to /identity: the first signed request is STS's GetCallerIdentity, not S3's.
  const page = await openPage(app, "/identity", { clockOffsetMs: 3 * HOURS });
  const email = newEmail("clock-ahead-sts");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("aws-arn").waitFor();
  assert.equal(await page.getByTestId("aws-identity-error").count(), 0);
  const signedSts = page.answers.filter((a) => isSts(a.url) && a.body.includes("Action=GetCallerIdentity"));
  assert.deepEqual(signedSts.map((a) => a.status), [403, 200], "refused once as not yet current, then signed with STS's time");
});

test("a clock three hours ahead: fresh tokens are not mistaken for expired ones", async () => {
  const page = await openPage(app, "/login", { clockOffsetMs: 3 * HOURS, clock: true });
  await signIn(page, newEmail("clock-ahead"));
  // A minute of the page's timers at once (every wake-up of the session keeper in it).
  await page.clock.runFor(60_000);
  assert.equal(page.requests.filter(isSecureToken).length, 0, "no refresh storm");
  assert.equal(page.requests.filter(isSts).length, 1, "one credential exchange");
  assert.equal(await page.getByTestId("list-error").count(), 0);
});
