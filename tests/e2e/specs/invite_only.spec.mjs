// Invite-only: an address nobody invited gets nothing, and no account is left behind.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { AWS, PROJECT, accountsFor, admin, createUser, newEmail, openPage, requestLink, signInLinkFor, useApp } from "../support/harness.mjs";

const app = useApp();
const inviteOnly = { config: (c) => (c.firebase.inviteOnly = true) };

test("in invite-only mode a self-created account is refused and deleted, with no AWS call", async () => {
  const page = await openPage(app, "/login", inviteOnly);
  const email = newEmail("uninvited");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  assert.match(await page.getByTestId("error").innerText(), /has not been invited/);
  assert.deepEqual(await accountsFor(email), [], "the account the sign-in created is gone");
  assert.ok(!page.requests.some((url) => url.startsWith(AWS)), "no STS call was made");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("firebridge.session")), null);
});

test("in invite-only mode an invited user signs in", async () => {
  const email = await createUser("invited");
  const page = await openPage(app, "/login", inviteOnly);
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("no-files").waitFor();
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
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  assert.match(await page.getByTestId("error").innerText(), /has not been invited/);
  assert.deepEqual(await accountsFor(email), []);
});
