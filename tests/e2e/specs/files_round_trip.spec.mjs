// The whole foundation as a user walks it: upload, see it listed, download the same bytes,
// reload with no new Firebase or STS request, delete, sign out with nothing left behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { isFirebaseOrSts, newEmail, openPage, signIn, useApp, waitForLoginPage, rowAction } from "../support/harness.mjs";

const app = useApp();

test("upload, download, reload, delete, sign out", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("files");
  await signIn(page, email);

  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31 + 7) % 256));
  await page.getByTestId("upload-input").setInputFiles({ name: "report 2026 (final).bin", mimeType: "application/octet-stream", buffer: bytes });
  const row = page.getByTestId("file-row").filter({ hasText: "report 2026 (final).bin" });
  await row.waitFor();
  assert.match(await row.innerText(), /68\.4 KiB/);

  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row, "download")]);
  assert.equal(download.suggestedFilename(), "report 2026 (final).bin");
  assert.ok(bytes.equals(await readFile(await download.path())), "downloaded bytes equal the uploaded ones");

  page.requests.length = 0;
  await page.reload();
  await row.waitFor();
  const before = page.requests.filter(isFirebaseOrSts);
  assert.deepEqual(before, [], "a reload within the session needs no Firebase or STS request");
  assert.ok(page.requests.some((url) => url.includes("list-type=2")), "the listing came from S3");

  await rowAction(row, "delete");
  await page.getByTestId("confirm-delete").click();
  await page.getByTestId("no-files").waitFor();

  await page.getByTestId("sign-out").click();
  await waitForLoginPage(page);
  await page.getByTestId("email").waitFor();
  const left = await page.evaluate(() => ({
    session: Object.keys(sessionStorage),
    local: Object.keys(localStorage).filter((k) => k.startsWith("firebridge.")),
  }));
  assert.deepEqual(left, { session: [], local: [] });
  await page.goto(app.origin + "/");
  await waitForLoginPage(page);
});
