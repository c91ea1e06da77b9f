// "Check your inbox" offers a resend after a cooldown, and a way back to change the email.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, oobCodesFor, openPage, useApp } from "../support/harness.mjs";

const app = useApp();

test("resend is offered after 30 s and sends another link", async () => {
  const page = await openPage(app, "/login", { clock: true });
  const email = newEmail("resend");
  await page.getByTestId("email").fill(email);
  await page.getByTestId("email").press("Enter");
  await page.getByTestId("link-sent").waitFor();
  const resend = page.getByTestId("resend-link");
  assert.ok(await resend.isDisabled());
  assert.match(await resend.innerText(), /Resend in \d+ s/);

  // One second at a time: each tick of the countdown schedules the next.
  let waited = 0;
  while ((await resend.isDisabled()) && waited < 40) {
    await page.clock.runFor(1_000);
    waited += 1;
  }
  // The fake clock also flows with real time (about a second over this loop).
  assert.ok(waited >= 27 && waited <= 31, `resend offered after ${waited} s`);
  await resend.click();
  await page.getByText(/Resend in \d+ s/).waitFor();
  assert.equal((await oobCodesFor(email)).length, 2, "a second link was sent");

  await page.getByTestId("change-email").click();
  assert.equal(await page.getByTestId("email").inputValue(), email, "the email is kept for editing");
});

// The countdown outlives the form when the user moves on: it must stop, not crash the app
// (it once read the form's signal after the form was gone).
test("leaving during the countdown stops it, and the app carries on", async () => {
  const page = await openPage(app, "/login", { clock: true });
  await page.getByTestId("email").fill(newEmail("resend-leave"));
  await page.getByTestId("email").press("Enter");
  await page.getByTestId("link-sent").waitFor();
  await page.getByRole("link", { name: "Open the setup assistant" }).click();
  await page.waitForURL((url) => url.pathname === "/setup");
  await page.clock.runFor(3_000);
  await page.goBack();
  await page.getByTestId("email").waitFor();
  assert.deepEqual(page.consoleErrors, []);
});
