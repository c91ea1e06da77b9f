// The main path: email typed, link opened on the same device, files page reached, and the
// single-use code gone from the address bar.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, requestLink, signInLinkFor, useApp, waitForLoginPage } from "../support/harness.mjs";

const app = useApp();

test("a link opened on the same device signs in without retyping the email", async () => {
  const page = await openPage(app, "/");
  await waitForLoginPage(page);
  const email = newEmail("same-device");
  await requestLink(page, email);
  assert.match(await page.getByTestId("link-sent").innerText(), new RegExp(email));
  assert.equal(await page.evaluate(() => localStorage.getItem("firebridge.emailForSignIn")), JSON.stringify(email));

  const link = await signInLinkFor(email);
  assert.match(link, /oobCode=/);
  await page.goto(link);
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("signed-in-as").innerText(), email);
  assert.equal(new URL(page.url()).pathname, "/");
  assert.doesNotMatch(page.url(), /oobCode|apiKey|mode=/);
  const history = await page.evaluate(() => location.href);
  assert.doesNotMatch(history, /oobCode/);
  assert.equal(await page.evaluate(() => localStorage.getItem("firebridge.emailForSignIn")), null, "the remembered email is spent");
  assert.deepEqual(page.consoleErrors, []);
});
