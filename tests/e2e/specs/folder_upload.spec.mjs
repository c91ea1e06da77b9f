// Whole folders go up as they are on disk, through the folder picker or dropped on the page
// (Chromium's own drag and drop, driven over CDP as a mouse would), with the batch's progress;
// Cancel all stops what has not arrived.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, newEmail, openPage, signIn, throttleUploads, useApp, newFolder } from "../support/harness.mjs";

const app = useApp();
let disk;

/** trip/ with a file at the top, one in photos/ and one in photos/2026 (a name with é and spaces). */
async function makeTrip(parent) {
  const trip = join(parent, "trip");
  await mkdir(join(trip, "photos", "2026"), { recursive: true });
  await writeFile(join(trip, "plan.txt"), "day 1: arrive\n");
  await writeFile(join(trip, "photos", "beach.jpg"), Buffer.alloc(40_000, 7));
  await writeFile(join(trip, "photos", "2026", "café menu.txt"), "croissant 2€\n");
  return trip;
}

before(async () => {
  disk = await mkdtemp(join(tmpdir(), "firebridge-folders-"));
});
after(() => rm(disk, { recursive: true, force: true }));

/** Opens FOLDERS in turn, then waits for the table to list the files EXPECTED, in order. */
async function openFolders(page, folders, expected) {
  for (const name of folders) {
    await page.getByTestId("open-folder").filter({ hasText: `${name}/` }).click();
    await page.getByTestId("current-folder").filter({ hasText: name }).waitFor();
  }
  const names = page.getByTestId("file-name");
  await names.first().waitFor();
  const listed = async () => JSON.stringify(await names.allInnerTexts()) === JSON.stringify(expected);
  await eventually(listed, `the files of ${folders.join("/")}`, { timeout: 5_000 }).catch(() => {});
  assert.deepEqual(await names.allInnerTexts(), expected, `files in ${folders.join("/")}`);
}

/** Drops PATHS (files or folders on disk) on the drop target, as Chromium's drag and drop does. */
async function dropOnPage(page, paths) {
  const box = await page.getByTestId("drop-target").boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + 20 };
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ["dragEnter", "dragOver", "drop"]) {
    await cdp.send("Input.dispatchDragEvent", { type, ...at, data });
  }
}

test("a folder picked with the folder picker keeps its structure", async () => {
  const trip = await makeTrip(join(disk, "picked"));
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("folder-pick"));
  await page.getByTestId("upload-folder-input").setInputFiles(trip);
  await page.getByTestId("batch-progress").filter({ hasText: /^Uploaded 3 files \(39\.1 KiB\)\.$/ }).waitFor();
  assert.equal(await page.getByTestId("upload-done").count(), 3);
  await openFolders(page, ["trip"], ["plan.txt"]);
  await openFolders(page, ["photos"], ["beach.jpg"]);
  await openFolders(page, ["2026"], ["café menu.txt"]);
});

test("a folder and a file dropped on the page are uploaded into the folder open", async () => {
  const trip = await makeTrip(join(disk, "dropped"));
  const loose = join(disk, "loose note.md");
  await writeFile(loose, "# dropped on its own\n");
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("folder-drop"));
  await newFolder(page, "inbox");
  await page.getByTestId("open-folder").filter({ hasText: "inbox/" }).click();
  await page.getByTestId("current-folder").filter({ hasText: "inbox" }).waitFor();

  await dropOnPage(page, [trip, loose]);
  await page.getByTestId("batch-progress").filter({ hasText: /^Uploaded 4 files/ }).waitFor();
  assert.deepEqual(await page.getByTestId("upload-item").locator(".name").allInnerTexts(),
    ["loose note.md", "trip/photos/2026/café menu.txt", "trip/photos/beach.jpg", "trip/plan.txt"]);
  await page.getByTestId("file-row").filter({ hasText: "loose note.md" }).waitFor();
  await openFolders(page, ["trip", "photos"], ["beach.jpg"]);
});

test("Cancel all stops the batch: the file being sent and those waiting", async () => {
  const big = join(disk, "big");
  await mkdir(big, { recursive: true });
  for (const name of ["one.bin", "two.bin", "three.bin"]) await writeFile(join(big, name), Buffer.alloc(600_000, 1));
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("cancel-all"));
  await throttleUploads(page, 200_000);
  await dropOnPage(page, [big]);
  await page.getByTestId("upload-progress").waitFor();
  await page.getByTestId("cancel-all").click();
  await page.getByTestId("upload-cancelled").nth(2).waitFor();
  assert.equal(await page.getByTestId("upload-cancelled").count(), 3);
  assert.equal(await page.getByTestId("cancel-all").count(), 0, "nothing left to cancel");
  assert.equal(await page.getByTestId("batch-progress").innerText(), "Cancelled. 0 of 3 files were uploaded and are kept (0 B).",
    "the batch says it was cancelled, and what was kept");
  await page.reload();
  await page.getByTestId("no-files").waitFor();
});
