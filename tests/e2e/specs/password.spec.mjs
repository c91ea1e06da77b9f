// Email and password sign-in, and the reset email, as the project enables them in config.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createUser, newEmail, oobCodesFor, openPage, submitPassword, useApp } from "../support/harness.mjs";

const app = useApp();

test("the right password signs in", async () => {
  const email = await createUser("password-ok", "correct horse battery");
  const page = await openPage(app, "/login");
  await submitPassword(page, email, "correct horse battery");
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("signed-in-as").innerText(), email);
});

test("a wrong password says so and keeps what was typed", async () => {
  const email = await createUser("password-wrong", "correct horse battery");
  const page = await openPage(app, "/login");
  await page.getByTestId("password-email").fill(email);
  await page.getByTestId("password").fill("battery staple");
  await page.getByTestId("password-submit").click();
  assert.match(await page.getByTestId("error").innerText(), /do not match an account/);
  assert.equal(await page.getByTestId("password-email").inputValue(), email);
  assert.equal(await page.getByTestId("password").inputValue(), "battery staple");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("firebridge.session")), null);
});

test("forgot password sends a reset email, and says the same for unknown addresses", async () => {
  const email = await createUser("reset");
  const page = await openPage(app, "/login");
  await page.getByTestId("password-email").fill(email);
  await page.getByTestId("forgot-password").click();
  await page.getByTestId("reset-sent").waitFor();
  const codes = await oobCodesFor(email);
  assert.ok(codes.some((c) => c.requestType === "PASSWORD_RESET"), JSON.stringify(codes));

  const unknown = newEmail("nobody");
  await page.getByTestId("password-email").fill(unknown);
  await page.getByTestId("forgot-password").click();
  await page.getByTestId("reset-sent").filter({ hasText: unknown }).waitFor();
  assert.equal(await page.getByTestId("error").count(), 0, "no hint that the address has no account");
});

test("a project can offer the password alone", async () => {
  const page = await openPage(app, "/login", { config: (c) => (c.firebase.signInMethods = ["password"]) });
  await page.getByTestId("password-form").waitFor();
  assert.equal(await page.getByTestId("email-form").count(), 0);
});
