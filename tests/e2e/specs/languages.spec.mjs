// The app in the user's language and theme: a German browser gets German everywhere (words,
// numbers, dates, errors), a choice made in the app bar is remembered and keeps the session, and
// the theme follows the system until the user picks one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { invite, newEmail, openPage, requestLink, signInLinkFor, useApp } from "../support/harness.mjs";

const app = useApp();

async function signIn(page, email) {
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
}

test("a German browser gets German: sign-in, its errors, the files page, sizes, dates, identity", async () => {
  const email = newEmail("sprache");
  await invite(email);
  const page = await openPage(app, "/login", { locale: "de-DE" });
  await page.getByRole("button", { name: "Anmeldelink per E-Mail senden" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "de");
  // A mistyped address is refused in German, and what was typed stays.
  await page.getByTestId("email").fill("niemand@");
  await page.getByRole("button", { name: "Anmeldelink per E-Mail senden" }).click();
  await page.getByText("Geben Sie eine E-Mail-Adresse wie name@example.com ein.").waitFor();
  assert.equal(await page.getByTestId("email").inputValue(), "niemand@");
  await page.getByTestId("email").fill("");

  await signIn(page, email);
  await page.getByTestId("no-files").waitFor();
  assert.match(await page.getByTestId("no-files").innerText(), /Dieser Ordner ist leer/);
  await page.getByTestId("upload-input").setInputFiles([
    { name: "bericht.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(1536, 1) },
  ]);
  const row = page.getByTestId("file-row");
  await row.waitFor();
  // A German decimal comma, and a German date (day.month.year).
  assert.match(await row.locator("td.num").innerText(), /^1,5 KiB$/);
  assert.match(await row.locator("td.when").innerText(), /^\d{1,2}\.\d{1,2}\.\d{4}/);
  await page.getByRole("button", { name: "Dateien hochladen" }).waitFor();

  await page.getByRole("link", { name: "Identität" }).click();
  await page.getByRole("heading", { name: "Ihre Identität" }).waitFor();
  assert.equal(await page.getByTestId("sign-in-method").innerText(), "E-Mail-Link");
  assert.equal(page.consoleErrors.length, 0, page.consoleErrors.join("\n"));
});

test("the language chosen in the app bar is remembered, and switching keeps the session", async () => {
  const email = newEmail("switch");
  await invite(email);
  const page = await openPage(app, "/login", { locale: "en-US" });
  await signIn(page, email);
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("sign-in-method").count(), 0);

  await page.getByTestId("language").selectOption("de");
  await page.getByRole("button", { name: "Abmelden" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "de");
  assert.match(await page.getByTestId("no-files").innerText(), /Dieser Ordner ist leer/, "still signed in, in German");

  await page.reload();
  await page.getByRole("button", { name: "Abmelden" }).waitFor();
  assert.equal(await page.getByTestId("language").inputValue(), "de", "the choice survives a reload");

  await page.getByTestId("language").selectOption("en");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  await page.getByRole("link", { name: "Identity" }).click();
  assert.equal(await page.getByTestId("sign-in-method").innerText(), "an email link");
});

test("the theme follows the system until one is picked, and the pick is remembered", async () => {
  const page = await openPage(app, "/login", { colorScheme: "dark" });
  await page.getByTestId("email").waitFor();
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const dark = await background();
  const switcher = page.getByTestId("theme");
  assert.equal(await switcher.getAttribute("aria-label"), "Switch to the light theme");

  await switcher.click();
  assert.notEqual(await background(), dark, "the page turned light");
  assert.equal(await switcher.getAttribute("aria-label"), "Switch to the dark theme");
  await page.reload();
  await page.getByTestId("email").waitFor();
  assert.notEqual(await background(), dark, "still light after a reload, though the system is dark");
  assert.equal(await page.getByTestId("theme").getAttribute("aria-label"), "Switch to the dark theme");
});
