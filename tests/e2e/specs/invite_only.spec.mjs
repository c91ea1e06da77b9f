// Invitations are AWS's to enforce: an invited user carries session tags in a Firebase custom
// claim only an administrator can set, the role's trust policy requires them, and its
// permissions deny every request of a session without them. The page says "not invited" before
// asking STS (politeness); these tests also go around the page, as an attacker would, with the
// public API key and STS's own API.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { promisify } from "node:util";
import {
  AUTH, AWS, PROJECT, accountsFor, admin, createUser, expireAllCredentials, forceTokenRefresh, newEmail, openPage,
  requestLink, signIn, signInLinkFor, uninvite, useApp,
} from "../support/harness.mjs";

const app = useApp();
const ROLE = "arn:aws:iam::123456789012:role/firebridge-web";

/** AssumeRoleWithWebIdentity with TOKEN, straight to STS (no page involved). */
async function exchange(token) {
  const form = new URLSearchParams({ Action: "AssumeRoleWithWebIdentity", Version: "2011-06-15", RoleArn: ROLE,
    RoleSessionName: "attacker", WebIdentityToken: token });
  const response = await fetch(`${AWS}/`, { method: "POST", body: form });
  const text = await response.text();
  return { status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? null };
}

/** What anyone can do with the public API key of config.json: create an account, get a token. */
async function signUpAround(email) {
  const response = await fetch(`${AUTH}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "self-made password", returnSecureToken: true }),
  });
  return response.json();
}

test("a self-created account is refused by the page and deleted, with no AWS call", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("uninvited");
  await requestLink(page, email, { invited: false });
  await page.goto(await signInLinkFor(email));
  const error = await page.getByTestId("error").innerText();
  assert.match(error, /has not been invited, so AWS gives it nothing/);
  assert.match(error, /make invite EMAIL=/, "the page names the command that invites");
  assert.deepEqual(await accountsFor(email), [], "the account the sign-in created is gone");
  assert.ok(!page.requests.some((url) => url.startsWith(AWS)), "no STS call was made");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("firebridge.session")), null);
});

test("around the page, a self-created account's token gets no credentials from STS", async () => {
  const created = await signUpAround(newEmail("attacker"));
  assert.ok(created.idToken, JSON.stringify(created));
  assert.deepEqual(await exchange(created.idToken), { status: 403, code: "AccessDenied" });
});

test("an invited user signs in; once the invitation is taken back, neither the page nor STS lets them in", async () => {
  const email = await createUser("invited");
  const page = await openPage(app, "/login");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("no-files").waitFor();

  await uninvite(email);
  await expireAllCredentials();
  await forceTokenRefresh(page);
  await page.getByTestId("list-error").filter({ hasText: "has not been invited" }).waitFor();
  const { Credentialed, SignedIn } = JSON.parse(await page.evaluate(() => sessionStorage.getItem("firebridge.session")));
  const token = (Credentialed ?? SignedIn).user.id_token;
  assert.deepEqual(await exchange(token), { status: 403, code: "AccessDenied" }, "STS refuses the claim-less token");
});

test("make invite: the administrators' command invites an address, and its link signs in", async () => {
  const email = newEmail("by-command");
  const { stdout } = await promisify(execFile)("node", ["dev/invite.mjs", "invite", email, "--url", app.origin], {
    cwd: new URL("../../..", import.meta.url).pathname,
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099", FIREBASE_PROJECT: PROJECT },
  });
  assert.ok(stdout.includes(`invited ${email}`), stdout);
  const link = stdout.trim().split("\n").at(-1);
  const followed = await fetch(link, { redirect: "manual" });
  const page = await openPage(app, "/login");
  await page.goto(followed.headers.get("location"));
  await page.getByTestId("confirm-email").fill(email);
  await page.getByTestId("confirm-email-submit").click();
  await page.getByTestId("no-files").waitFor();
});

test("revoking with the command: the user's next credentials are refused", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("revoked");
  await signIn(page, email);
  await promisify(execFile)("node", ["dev/invite.mjs", "revoke", email], {
    cwd: new URL("../../..", import.meta.url).pathname,
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099", FIREBASE_PROJECT: PROJECT },
  });
  // Production also refuses the revoked refresh token (the emulator does not check); either
  // way the next ID token carries no invitation, and no new credentials come of it.
  await expireAllCredentials();
  await forceTokenRefresh(page);
  await page.getByTestId("list-error").filter({ hasText: "has not been invited" }).waitFor();
});

// Production projects with sign-up disabled answer ADMIN_ONLY_OPERATION; the emulator cannot
// switch sign-up off, so a beforeCreate blocking function refuses new accounts instead.
const refuser = createServer((_, res) => res.writeHead(403, { "content-type": "application/json" }).end('{"error":{"message":"not invited"}}'));
const blockingConfig = `/identitytoolkit.googleapis.com/v2/projects/${PROJECT}/config?updateMask=blockingFunctions`;
after(async () => {
  await admin("PATCH", blockingConfig, { blockingFunctions: {} });
  refuser.close();
});

test("a project with sign-up disabled gets the same answer", async () => {
  await new Promise((done) => refuser.listen(0, "127.0.0.1", done));
  const functionUri = `http://127.0.0.1:${refuser.address().port}/`;
  await admin("PATCH", blockingConfig, { blockingFunctions: { triggers: { beforeCreate: { functionUri } } } });
  const page = await openPage(app, "/login");
  const email = newEmail("blocked");
  await requestLink(page, email, { invited: false });
  await page.goto(await signInLinkFor(email));
  assert.match(await page.getByTestId("error").innerText(), /has not been invited/);
  assert.deepEqual(await accountsFor(email), []);
});
