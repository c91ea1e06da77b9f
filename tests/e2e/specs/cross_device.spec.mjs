// A link opened on another device (no remembered email) asks for the email before spending it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, requestLink, signInLinkFor, useApp } from "../support/harness.mjs";

const app = useApp();

test("another device asks for the email, then signs in", async () => {
  const laptop = await openPage(app, "/login");
  const email = newEmail("cross-device");
  await requestLink(laptop, email);

  const phone = await openPage(app, "/login");
  await phone.goto(await signInLinkFor(email));
  await phone.getByTestId("confirm-email").waitFor();
  assert.doesNotMatch(phone.url(), /oobCode/, "the code leaves the address bar at once");
  await phone.getByTestId("confirm-email").fill(email);
  await phone.getByTestId("confirm-email-submit").click();
  await phone.getByTestId("no-files").waitFor();
  assert.equal(await phone.getByTestId("signed-in-as").innerText(), email);
});

test("a wrong email on the other device is refused and the link still works", async () => {
  const laptop = await openPage(app, "/login");
  const email = newEmail("typo");
  await requestLink(laptop, email);

  const phone = await openPage(app, "/login");
  await phone.goto(await signInLinkFor(email));
  await phone.getByTestId("confirm-email").fill("someone-else@example.com");
  await phone.getByTestId("confirm-email-submit").click();
  assert.match(await phone.getByTestId("error").innerText(), /does not match/);
  assert.equal(await phone.getByTestId("confirm-email").inputValue(), "someone-else@example.com", "the typed email is kept");
  await phone.getByTestId("confirm-email").fill(email);
  await phone.getByTestId("confirm-email-submit").click();
  await phone.getByTestId("no-files").waitFor();
});

test("a link for another address than the remembered one asks which email, prefilled", async () => {
  const page = await openPage(app, "/login");
  const first = newEmail("first");
  const second = newEmail("second");
  await requestLink(page, first);
  await page.getByTestId("change-email").click();
  await requestLink(page, second);

  await page.goto(await signInLinkFor(first));
  await page.getByTestId("confirm-email").waitFor();
  assert.match(await page.getByTestId("error").innerText(), /does not match/);
  assert.equal(await page.getByTestId("confirm-email").inputValue(), second, "the remembered email is offered for correction");
  await page.getByTestId("confirm-email").fill(first);
  await page.getByTestId("confirm-email-submit").click();
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("signed-in-as").innerText(), first);
});

test("a mail scanner opening the link does not spend it", async () => {
  const laptop = await openPage(app, "/login");
  const email = newEmail("scanned");
  await requestLink(laptop, email);
  const link = await signInLinkFor(email);

  const scanner = await openPage(app, "/login");
  await scanner.goto(link);
  await scanner.getByTestId("confirm-email").waitFor();
  assert.ok(!scanner.requests.some((url) => url.includes("accounts:signInWithEmailLink")), "nothing was sent for the code");

  await laptop.goto(link);
  await laptop.getByTestId("no-files").waitFor();
  assert.equal(await laptop.getByTestId("signed-in-as").innerText(), email);
});
