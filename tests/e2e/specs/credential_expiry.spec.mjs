// Credentials that expire while the user works: renewed ahead of expiry with no failed request,
// renewed when AWS refuses them as expired, and renewed once for requests that need it together.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually, expireAllCredentials, newEmail, openPage, s3Refusals, signIn, storedSession, stsExchanges, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();
const SHORT = { config: (c) => { c.aws.sessionDurationSeconds = 20; } };

async function upload(page, name) {
  await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(name) });
  await page.getByTestId("file-row").filter({ hasText: name }).waitFor();
}

const visibleErrors = (page) => page.locator("[role=alert]").count();

test("20-second credentials are renewed ahead of each expiry and no request fails", async () => {
  const page = await openPage(app, "/login", SHORT);
  await signIn(page, newEmail("short-lived"));
  const started = Date.now();
  let uploads = 0;
  // Uploads one after another until the credentials have been renewed three times: requests
  // go at every moment of the credentials' lives, their last seconds included.
  while (stsExchanges(page).length < 4) {
    await upload(page, `tick-${uploads}.txt`);
    uploads += 1;
    assert.ok(Date.now() - started < 90_000, "three renewals within 90 s");
  }
  const exchanges = stsExchanges(page).length;
  const s3Requests = page.answers.filter((a) => a.url.includes("/firebridge-files")).length;
  console.log(`# short-lived credentials: ${exchanges} STS exchanges in ${Math.round((Date.now() - started) / 1000)} s, ` +
    `${uploads} uploads, ${s3Requests} S3 requests, ${s3Refusals(page).length} refused, ${await visibleErrors(page)} errors shown`);
  assert.ok(exchanges >= 3, `credentials were renewed (${exchanges} exchanges)`);
  assert.deepEqual(s3Refusals(page), [], "renewed before expiry: AWS never refused a request");
  assert.equal(await visibleErrors(page), 0);
  assert.equal(await page.getByTestId("file-row").count(), Math.min(uploads, 200), "every file listed");
});

test("credentials AWS refuses as expired are renewed and the request goes through", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("refused"));
  await upload(page, "before.txt");
  const exchangesBefore = stsExchanges(page).length;
  await expireAllCredentials();
  await upload(page, "after.txt");
  const refusals = s3Refusals(page);
  assert.equal(refusals.length, 1, "AWS refused the first attempt");
  assert.equal(refusals[0].status, 400);
  assert.equal(stsExchanges(page).length, exchangesBefore + 1, "one renewal");
  assert.equal(await visibleErrors(page), 0, "the user saw nothing of it");
});

test("requests that need new credentials at the same moment share one STS call", async () => {
  const page = await openPage(app, "/login", SHORT);
  await signIn(page, newEmail("together"));
  await upload(page, "one.txt");
  await upload(page, "two.txt");
  // Until the credentials are a second inside their refresh margin (a third of their 20 s, in
  // whole seconds, as the app counts it): the next request must renew them.
  await eventually(async () => {
    const { credentials } = (await storedSession(page)).Credentialed;
    const margin = Math.floor((credentials.expires_at - credentials.issued_at) / 3);
    return Date.now() / 1000 + margin >= credentials.expires_at + 1;
  }, "credentials due for renewal", { timeout: 30_000 });
  await page.getByTestId("select-all").check();
  const exchangesBefore = stsExchanges(page).length;
  // Both downloads at once: two signed HEADs (each download checks its file first) that both
  // find the credentials stale.
  const downloads = [];
  page.on("download", (download) => downloads.push(download));
  await page.getByTestId("download-selected").click();
  await eventually(() => downloads.length >= 2, "both downloads");
  assert.equal(stsExchanges(page).length, exchangesBefore + 1, "one exchange for both downloads");
  assert.deepEqual(s3Refusals(page), []);
});

test("a session policy from config narrows what the credentials allow", async () => {
  const readOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject"], Resource: "*" }] };
  const page = await openPage(app, "/login", { config: (c) => { c.aws.sessionPolicy = readOnly; } });
  await signIn(page, newEmail("read-only"));
  assert.ok(stsExchanges(page)[0].body.includes("Policy="), "the policy went to STS");
  await page.getByTestId("upload-input").setInputFiles({ name: "nope.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
  await page.getByText(/Access denied: your role's permissions policy does not allow this/).waitFor();
  assert.equal(await page.getByTestId("file-row").count(), 0);
});
