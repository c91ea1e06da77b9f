// One sign-in for the browser, nothing persisted: a tab opened beside a signed-in one asks it
// over a BroadcastChannel and is signed in at once; signing out in one tab signs out all; a
// tab opened with no other tab of the app alive shows the sign-in page (issue 17: a second tab
// asked the user to sign in again).
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, signIn, useApp, waitForLoginPage } from "../support/harness.mjs";

const app = useApp();
const SECRET_KEYS = ["firebridge.session"];

test("a second tab is signed in at once, and keeps its secrets in its own sessionStorage", async () => {
  const first = await openPage(app, "/login");
  const email = newEmail("tabs");
  await signIn(first, email);
  const second = await first.context().newPage();
  second.requests = [];
  second.on("request", (request) => second.requests.push(request.url()));
  await second.goto(app.origin + "/identity");
  await second.getByTestId("aws-arn").waitFor();
  assert.equal(await second.getByTestId("signed-in-as").innerText(), email);
  assert.equal(new URL(second.url()).pathname, "/identity", "no detour through the sign-in page");
  assert.ok(!second.requests.some((url) => url.includes("accounts:signIn") || url.includes("securetoken")), "no new sign-in");
  const stored = await second.evaluate(() => ({ session: sessionStorage.getItem("firebridge.session"), local: Object.keys(localStorage) }));
  assert.ok(stored.session, "the session is in the tab's sessionStorage");
  assert.deepEqual(stored.local.filter((key) => SECRET_KEYS.includes(key) || /token|credential/i.test(key)), [], "nothing secret in localStorage");
});

test("signing out in one tab signs out every tab", async () => {
  const first = await openPage(app, "/login");
  await signIn(first, newEmail("tabs-out"));
  const second = await first.context().newPage();
  await second.goto(app.origin + "/");
  await second.getByTestId("signed-in-as").waitFor();
  await second.getByTestId("sign-out").click();
  await waitForLoginPage(first);
  assert.equal(await first.getByTestId("signed-out-reason").innerText(), "You signed out in another tab.");
  assert.equal(await first.evaluate(() => sessionStorage.getItem("firebridge.session")), null, "its session is gone too");
  assert.equal(await first.getByTestId("signed-in-as").count(), 0);
});

test("a tab opened when no other tab of the app is open shows the sign-in page", async () => {
  const first = await openPage(app, "/login");
  await signIn(first, newEmail("tabs-last"));
  const context = first.context();
  const blank = await context.newPage();
  await first.close();
  await blank.goto(app.origin + "/identity");
  await waitForLoginPage(blank);
  await blank.getByTestId("email").waitFor();
  assert.equal(await blank.getByTestId("signed-in-as").count(), 0, "the session closed with the last tab");
});
