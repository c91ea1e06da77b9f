// A file deleted elsewhere (another device, another tab) while the list still shows it: every
// action on it says so and how to recover, and none of them creates anything. S3 answers the
// app's users 403 for a missing key (as for a refusal); the app tells the two apart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsInBucket, newEmail, openPage, s3As, signIn, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();

test("download, preview and rename of a file deleted elsewhere say it no longer exists", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("vanished"));
  await page.getByTestId("upload-input").setInputFiles({ name: "gone.txt", mimeType: "text/plain", buffer: Buffer.from("soon gone") });
  const row = page.getByTestId("file-row").filter({ hasText: "gone.txt" });
  await row.waitFor();
  const key = await row.getAttribute("data-key");
  assert.equal((await s3As(page, "DELETE", key)).status, 204, "deleted behind the app's back");

  await rowAction(row, "download");
  await page.getByText("That file no longer exists. Refresh the list.").waitFor();

  await rowAction(row, "preview");
  await page.getByTestId("preview-error").filter({ hasText: "That file no longer exists. Refresh the list." }).waitFor();
  await page.getByTestId("close-dialog").click();

  await rowAction(row, "rename");
  await page.getByTestId("rename-path").fill("kept.txt");
  await page.getByTestId("rename-submit").click();
  await page.getByTestId("rename-panel").getByText("That file no longer exists. Refresh the list.").waitFor();
  assert.equal(await existsInBucket(key.replace("gone.txt", "kept.txt")), false, "no copy was made");
});
