// Sharing a file: a presigned link with a chosen lifetime, never longer than the credentials
// last (the page says so), copied with one click, and refused by S3 once tampered with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, signIn, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();

test("a share link works for anyone, is cut to the credentials' life, and copies", async () => {
  const page = await openPage(app, "/login");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  await signIn(page, newEmail("share"));
  await page.getByTestId("upload-input").setInputFiles({ name: "plan.txt", mimeType: "text/plain", buffer: Buffer.from("the plan") });
  const row = page.getByTestId("file-row").filter({ hasText: "plan.txt" });
  await rowAction(row, "share");

  const url = await page.getByTestId("share-url").inputValue();
  const expires = (link) => Number(new URL(link).searchParams.get("X-Amz-Expires"));
  assert.ok(expires(url) > 3500 && expires(url) <= 3600, `about one hour by default (${expires(url)} s)`);
  const shared = await fetch(url);
  assert.equal(shared.status, 200);
  assert.equal(await shared.text(), "the plan");
  // The signature's first digit changed to another (one signature in 16 begins with 0).
  const tampered = url.replace(/X-Amz-Signature=(.)/, (_, first) => `X-Amz-Signature=${first === "0" ? "1" : "0"}`);
  assert.notEqual(tampered, url);
  assert.equal((await fetch(tampered)).status, 403);
  assert.doesNotMatch(await page.getByTestId("share-expiry").innerText(), /sooner than you chose/);

  await page.getByTestId("share-lifetime").selectOption({ label: "7 days" });
  await page.waitForFunction(() => /sooner than you chose/.test(document.querySelector('[data-testid="share-expiry"]')?.innerText ?? ""));
  const week = await page.getByTestId("share-url").inputValue();
  assert.ok(expires(week) <= 3600, `cut to the credentials' remaining life (${expires(week)} s)`);

  await page.getByTestId("copy-link").click();
  await page.getByTestId("copied").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), week);
});
