// Sign-in works from the keyboard alone: focus starts in the first field, Tab moves through
// the forms in reading order, Enter submits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createUser, newEmail, openPage, useApp } from "../support/harness.mjs";

const app = useApp();
const focused = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName);

test("email link by keyboard", async () => {
  const page = await openPage(app, "/login");
  await page.getByTestId("email").waitFor();
  assert.equal(await focused(page), "email", "focus starts in the email field");
  await page.keyboard.type(newEmail("keys"));
  await page.keyboard.press("Enter");
  await page.getByTestId("link-sent").waitFor();
});

test("password by keyboard", async () => {
  const email = await createUser("keys-password", "correct horse battery");
  const page = await openPage(app, "/login");
  await page.getByTestId("email").waitFor();
  const order = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Tab");
    order.push(await focused(page));
  }
  assert.deepEqual(order, ["email-submit", "password-email", "password"]);
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("correct horse battery");
  await page.keyboard.press("Enter");
  await page.getByTestId("signed-in-as").waitFor();
  assert.equal(await page.getByTestId("signed-in-as").innerText(), email);
});
