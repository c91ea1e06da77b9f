// STS trouble the user should never see: transient errors are retried, an expired ID token is
// refreshed, a tab waking from sleep carries on. What cannot be retried away is explained.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import {
  clearFaults, isSecureToken, isSts, newEmail, openPage, queueFaults, requestLink, signIn, signInLinkFor, storedSession,
  stsExchanges, useApp,
} from "../support/harness.mjs";

const app = useApp();
afterEach(clearFaults);

test("transient STS errors are retried without the user noticing", async () => {
  await queueFaults("AssumeRoleWithWebIdentity", ["IDPCommunicationError", "InvalidIdentityToken"]);
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("sts-retry"));
  assert.equal(page.requests.filter(isSts).length, 3, "two failures, then success");
  assert.equal(await page.getByTestId("list-error").count(), 0);
});

test("STS trouble that outlasts the retries is explained, and Try again works", async () => {
  await queueFaults("AssumeRoleWithWebIdentity", ["ServiceUnavailable", "ServiceUnavailable", "Throttling", "IDPCommunicationError"]);
  const page = await openPage(app, "/login");
  const email = newEmail("sts-down");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("list-error").waitFor();
  assert.match(await page.getByTestId("list-error").innerText(), /AWS could not reach Firebase to check your sign-in/);
  assert.equal(page.requests.filter(isSts).length, 4, "one attempt and three retries");
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("no-files").waitFor();
});

test("an ID token STS finds expired is refreshed once, then the exchange succeeds", async () => {
  await queueFaults("AssumeRoleWithWebIdentity", ["ExpiredTokenException"]);
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("sts-expired"));
  assert.equal(page.requests.filter(isSecureToken).length, 1, "one ID token refresh");
  assert.equal(page.requests.filter(isSts).length, 2);
});

test("a tab waking up after hours refreshes everything and carries on", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("sleeper"));
  await page.evaluate(() => {
    const stored = JSON.parse(sessionStorage.getItem("firebridge.session"));
    const hoursAgo = Math.floor(Date.now() / 1000) - 7200;
    stored.Credentialed.user.expires_at = hoursAgo;
    stored.Credentialed.credentials.expires_at = hoursAgo;
    sessionStorage.setItem("firebridge.session", JSON.stringify(stored));
  });
  page.requests.length = 0;
  page.answers.length = 0;
  await page.reload();
  await page.getByTestId("no-files").waitFor();
  // The background refresh and the listing's need for credentials meet: one call each.
  assert.equal(page.requests.filter(isSecureToken).length, 1, "the ID token was refreshed once");
  assert.equal(stsExchanges(page).length, 1, "new AWS credentials were issued once");
  const stored = await storedSession(page);
  assert.ok(stored.Credentialed.credentials.expires_at > Date.now() / 1000 + 3000);
});
