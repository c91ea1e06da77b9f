// The identity panel, and the page wanted before sign-in being where the user lands after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createUser, newEmail, openPage, requestLink, signInLinkFor, storedSession, submitPassword, useApp } from "../support/harness.mjs";

const app = useApp();

test("a signed-out visit to /identity signs in by link and lands back there", async () => {
  const page = await openPage(app, "/identity");
  await page.waitForURL("**/login?next=identity");
  const email = newEmail("identity");
  await requestLink(page, email);
  const link = await signInLinkFor(email);
  assert.match(link, /next=identity/, "the link carries the page wanted");
  await page.goto(link);
  await page.getByTestId("aws-arn").waitFor();
  assert.equal(new URL(page.url()).pathname, "/identity");

  const { uid } = (await storedSession(page)).Credentialed.user;
  assert.equal(await page.getByTestId("firebase-email").innerText(), email);
  assert.equal(await page.getByTestId("firebase-uid").innerText(), uid);
  assert.match(await page.getByTestId("aws-arn").innerText(), new RegExp(`:assumed-role/firebridge-web/firebridge-${uid}$`));
  assert.match(await page.getByTestId("claims").textContent(), /"aud": "demo-firebridge"/);
  assert.match(await page.getByTestId("credentials-countdown").innerText(), /^in (1 h 0 min|\d+ min \d+ s)$/);

  const before = await page.getByTestId("access-key-id").innerText();
  await page.getByTestId("renew-credentials").click();
  await page.waitForFunction((old) => document.querySelector('[data-testid="access-key-id"]').innerText !== old, before);
  assert.equal(await page.getByTestId("aws-identity-error").count(), 0);
});

test("password sign-in also returns to the page wanted", async () => {
  const email = await createUser("identity-password", "correct horse battery");
  const page = await openPage(app, "/identity");
  await page.waitForURL("**/login?next=identity");
  await submitPassword(page, email, "correct horse battery");
  await page.getByTestId("aws-arn").waitFor();
  assert.equal(new URL(page.url()).pathname, "/identity");
});

test("a crafted next cannot send the user off the app", async () => {
  const email = await createUser("next-hostile", "correct horse battery");
  const page = await openPage(app, "/login?next=https://evil.example/");
  await submitPassword(page, email, "correct horse battery");
  await page.getByTestId("signed-in-as").waitFor();
  const landed = new URL(page.url());
  assert.equal(landed.origin, app.origin);
  assert.equal(landed.pathname, "/");
});
