// A link can be used once: opening it again says so and offers a new link, email filled in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, requestLink, signInLinkFor, useApp } from "../support/harness.mjs";

const app = useApp();

test("a used link shows a clear error and a way to get a new one", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("used-link");
  await requestLink(page, email);
  const link = await signInLinkFor(email);
  await page.goto(link);
  await page.getByTestId("no-files").waitFor();

  const other = await openPage(app, "/login");
  await other.goto(link);
  await other.getByTestId("confirm-email").fill(email);
  await other.getByTestId("confirm-email-submit").click();
  await other.getByTestId("link-unusable").waitFor();
  assert.match(await other.getByTestId("link-unusable").innerText(), /already been used/);
  assert.equal(await other.getByTestId("email").inputValue(), email, "the new-link form keeps the email");
  await other.getByTestId("email-submit").click();
  await other.getByTestId("link-sent").waitFor();
});
