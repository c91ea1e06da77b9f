// The files page as a file manager: uploads start as soon as files are picked, a drop zone
// shows while something is dragged over the page, a filter narrows the folder, a selection
// bar moves and deletes many at once, an empty folder says so, a listing in progress shows its
// skeleton, and toasts say what finished in a live region screen readers announce.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AWS, BUCKET, newFolder, useApp, rowAction } from "../support/harness.mjs";
import { memberWithFiles } from "../support/tour.mjs";

const app = useApp();
const names = (page) => page.locator("tbody .entry-name").allInnerTexts();

/** Drags PATHS over the page (Chromium's own drag and drop), then drops them, or not. */
async function drag(page, paths, { drop = true } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ["dragEnter", "dragOver"]) await cdp.send("Input.dispatchDragEvent", { type, x: 400, y: 400, data });
  if (drop) await cdp.send("Input.dispatchDragEvent", { type: "drop", x: 400, y: 400, data });
  return cdp;
}

test("a drop zone shows while files are dragged over the page, and what is dropped goes up", async () => {
  const page = await memberWithFiles(app);
  const dir = join(tmpdir(), `firebridge-drop-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "dropped.txt"), "dropped");
  const cdp = await drag(page, [join(dir, "dropped.txt")], { drop: false });
  const overlay = page.getByTestId("drop-overlay");
  await overlay.waitFor();
  assert.equal(await overlay.innerText(), "Drop to upload here");
  await cdp.send("Input.dispatchDragEvent", { type: "drop", x: 400, y: 400, data: { items: [], files: [join(dir, "dropped.txt")], dragOperationsMask: 1 } });
  await overlay.waitFor({ state: "detached" });
  await page.getByTestId("file-row").filter({ hasText: "dropped.txt" }).waitFor();
});

test("the toast says what finished, in the page's live region", async () => {
  const page = await memberWithFiles(app);
  const toasts = page.getByTestId("toasts");
  assert.equal(await toasts.getAttribute("role"), "status");
  assert.equal(await toasts.getAttribute("aria-live"), "polite");
  await page.getByTestId("upload-input").setInputFiles({ name: "one more.txt", mimeType: "text/plain", buffer: Buffer.from("12345") });
  await toasts.getByText("Uploaded 1 file (5 B).").waitFor();
  await rowAction(page.getByTestId("file-row").filter({ hasText: "one more.txt" }), "delete");
  await page.getByTestId("confirm-delete").click();
  await toasts.getByText("one more.txt deleted.").waitFor();
  // Dismissing one leaves the other's node as it was: redrawn, it would be announced again.
  // (Two small uploads in a row: both toasts are shown together, for a few seconds.)
  await page.getByTestId("upload-input").setInputFiles({ name: "two.txt", mimeType: "text/plain", buffer: Buffer.from("12") });
  await toasts.getByText("Uploaded 1 file (2 B).").waitFor();
  await page.getByTestId("upload-input").setInputFiles({ name: "three.txt", mimeType: "text/plain", buffer: Buffer.from("123") });
  const kept = page.getByTestId("toast").filter({ hasText: "Uploaded 1 file (3 B)." });
  await kept.waitFor();
  await kept.evaluate((node) => { node.dataset.mark = "same node"; });
  const uploaded = page.getByTestId("toast").filter({ hasText: "Uploaded 1 file (2 B)." });
  await uploaded.getByRole("button", { name: "Dismiss" }).click();
  await uploaded.waitFor({ state: "detached" });
  assert.equal(await kept.getAttribute("data-mark"), "same node", "the other toast was not drawn again");
});

test("the filter narrows the folder by every word typed, and says when nothing matches", async () => {
  const page = await memberWithFiles(app);
  await page.getByTestId("filter").fill("REPORT final");
  assert.deepEqual(await names(page), ["Quarterly report with a long name, final version (2).pdf"]);
  await page.getByTestId("filter").fill("holiday");
  assert.equal(await page.getByTestId("no-match").innerText(), "Nothing in this folder matches “holiday”.");
  await page.getByTestId("filter").fill("");
  assert.equal((await names(page)).length, 3);
});

test("selected files move into a folder together; a folder cannot move into itself", async () => {
  const page = await memberWithFiles(app);
  await page.getByRole("checkbox", { name: "Select notes.txt" }).check();
  await page.getByRole("checkbox", { name: /^Select Quarterly/ }).check();
  assert.equal(await page.getByTestId("selected-count").innerText(), "2 selected");
  await page.getByTestId("move-selected").click();
  await page.getByTestId("move-path").fill("archive/2026");
  await page.getByTestId("move-submit").click();
  await page.getByTestId("toasts").getByText("Moved 2 items to archive/2026.").waitFor();
  await page.getByTestId("folder-row").filter({ hasText: "archive/" }).waitFor();
  assert.deepEqual(await names(page), ["archive/", "empty/"], "the files left this folder");
  assert.equal(await page.getByTestId("selection-bar").count(), 0, "the selection is over");

  await page.getByTestId("open-folder").filter({ hasText: "archive/" }).click();
  await page.getByTestId("open-folder").filter({ hasText: "2026/" }).click();
  await page.getByTestId("file-row").nth(1).waitFor();
  assert.deepEqual(await names(page), ["notes.txt", "Quarterly report with a long name, final version (2).pdf"]);

  await page.getByTestId("crumb-top").click();
  await rowAction(page.getByTestId("folder-row").filter({ hasText: "archive/" }), "move");
  await page.getByTestId("move-path").fill("archive/inside");
  await page.getByTestId("move-submit").click();
  await page.getByTestId("move-dialog").getByText("archive: A folder cannot be moved into itself.").waitFor();
});

test("an empty folder says so, and a folder being listed shows a skeleton", async () => {
  const page = await memberWithFiles(app);
  await newFolder(page, "fresh");
  await page.getByTestId("toasts").getByText("Folder fresh created.").waitFor();
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route((url) => url.href.startsWith(`${AWS}/${BUCKET}`) && url.searchParams.get("prefix")?.endsWith("fresh/"), async (route) => {
    await held;
    await route.continue();
  });
  await page.getByTestId("open-folder").filter({ hasText: "fresh/" }).click();
  const skeleton = page.getByTestId("loading");
  await skeleton.waitFor();
  assert.equal(await skeleton.getAttribute("aria-busy"), "true");
  release();
  const empty = page.getByTestId("no-files");
  await empty.waitFor();
  assert.match(await empty.innerText(), /This folder is empty\s+Drop files or folders anywhere on this page, or use Upload files\./);
});

// The table is drawn again with every new listing (after an upload, a rename, a delete): the
// order the user picked must survive it, not fall back to names.
test("a refreshed listing keeps the order the user picked", async () => {
  const page = await memberWithFiles(app);
  const size = page.locator("th", { has: page.getByRole("button", { name: "Size" }) });
  while ((await size.getAttribute("aria-sort")) !== "descending") await size.getByRole("button").click();
  await page.getByTestId("upload-input").setInputFiles([
    { name: "a big one.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(50_000, 1) },
  ]);
  await page.getByTestId("file-row").filter({ hasText: "a big one.bin" }).waitFor();
  assert.equal(await size.getAttribute("aria-sort"), "descending");
  const names = await page.getByTestId("file-row").locator(".entry-name").allInnerTexts();
  assert.deepEqual(names, ["a big one.bin", "Quarterly report with a long name, final version (2).pdf", "notes.txt"]);
});
