// The ID token is refreshed before it expires without the user noticing; a refresh Firebase
// refuses (disabled user, revoked token) signs the user out and says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PROJECT, admin, forceTokenRefresh, isSecureToken, newEmail, openPage, signIn, storedSession, useApp } from "../support/harness.mjs";

const app = useApp();
const userOf = (stored) => (stored.Credentialed ?? stored.SignedIn).user;

test("a token about to expire is refreshed in the background", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("refresh"));
  const before = userOf(await storedSession(page));

  page.requests.length = 0;
  await forceTokenRefresh(page);
  await page.waitForFunction(() => {
    const stored = JSON.parse(sessionStorage.getItem("firebridge.session"));
    const user = (stored.Credentialed ?? stored.SignedIn).user;
    return user.expires_at > Date.now() / 1000 + 3000;
  });
  assert.equal(page.requests.filter(isSecureToken).length, 1, "exactly one refresh");
  const after = userOf(await storedSession(page));
  assert.equal(after.uid, before.uid);
  assert.ok(after.expires_at >= before.expires_at);
  assert.ok((await storedSession(page)).Credentialed, "the AWS credentials were kept");

  await page.getByTestId("upload-input").setInputFiles({ name: "after-refresh.txt", mimeType: "text/plain", buffer: Buffer.from("still works") });
  await page.getByTestId("file-row").waitFor();
  assert.equal(await page.getByTestId("error").count(), 0, "nothing shown to the user");
});

test("a disabled user is signed out with the reason", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("disabled"));
  const { uid } = userOf(await storedSession(page));
  await admin("POST", `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:update`, { localId: uid, disableUser: true });

  await forceTokenRefresh(page);
  await page.getByTestId("signed-out-reason").waitFor();
  assert.match(await page.getByTestId("signed-out-reason").innerText(), /disabled/);
  assert.equal(new URL(page.url()).pathname, "/login");
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});

test("a revoked refresh token ends the session with the reason", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("revoked"));
  await forceTokenRefresh(page, { refresh_token: "revoked-or-garbage" });
  await page.getByTestId("signed-out-reason").waitFor();
  assert.match(await page.getByTestId("signed-out-reason").innerText(), /session has ended/);
});
