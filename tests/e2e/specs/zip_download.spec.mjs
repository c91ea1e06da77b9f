// A folder or a selection downloaded as one zip, written to disk while it downloads: as a
// download the app's service worker answers, or into a file the user picked (File System Access
// API). Each zip is read back with Python's zipfile, which checks every CRC; the tests cover the
// paths kept, a file that breaks off mid-way (fetched again from where it stopped), a file
// deleted meanwhile (left out and named), a listing that fails, and Stop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AWS, clearFaults, deleteAsAdmin, newEmail, openPage, putAsAdmin, queueFaults, rowAction, signIn, storedSession, useApp } from "../support/harness.mjs";
import { accessibilityViolations, sidewaysOverflow } from "../support/tour.mjs";

const app = useApp();
const ROOT = new URL("../../..", import.meta.url).pathname;
const PHONE = { width: 360, height: 740 };

/** The bytes a seeded file holds: its path over and over, cut to SIZE. */
function contentOf(path, size) {
  const unit = Buffer.from(`${path}|`);
  return Buffer.concat(Array(Math.ceil(size / unit.length) + 1).fill(unit)).subarray(0, size);
}
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** An album under the user's own folder: nested folders, an empty one, a hostile name, 3 MiB. */
const ALBUM = [
  { path: "album/2025/a.txt", size: 1200 },
  { path: "album/2026/été/notes #1 ?50% ü.txt", size: 20 },
  { path: "album/big.bin", size: 3 * 1024 * 1024 },
  { path: "album/empty/", size: 0 },
];

async function seed(page, files) {
  const { Credentialed: { user, credentials } } = await storedSession(page);
  const script = `
import json, sys, boto3
s3 = boto3.client("s3", endpoint_url="${AWS}", region_name="us-east-1", aws_access_key_id=sys.argv[1],
                  aws_secret_access_key=sys.argv[2], aws_session_token=sys.argv[3])
for f in json.loads(sys.argv[5]):
    unit = (f["path"] + "|").encode()
    body = (unit * (f["size"] // len(unit) + 2))[: f["size"]]
    s3.put_object(Bucket="firebridge-files", Key=sys.argv[4] + f["path"], Body=body)
`;
  await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), ["-c", script, credentials.access_key_id,
    credentials.secret_access_key, credentials.session_token, `users/${user.uid}/`, JSON.stringify(files)]);
  return `users/${user.uid}/`;
}

async function readZip(file) {
  const { stdout } = await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/read_zip.py"), file]);
  return JSON.parse(stdout);
}

/** What the zip should hold for FILES, paths relative to the folder BELOW (as the zip has them). */
function expected(files, below = "") {
  return files.map(({ path, size }) => ({
    name: path.slice(below.length),
    size,
    sha256: sha256(contentOf(path, size)),
    folder: path.endsWith("/"),
  })).sort((a, b) => a.name.localeCompare(b.name));
}
const summary = ({ entries }) => entries.map(({ name, size, sha256, folder }) => ({ name, size, sha256, folder }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** A signed-in user with the album, on a page where zips go out as downloads (no picker). */
async function withAlbum(label, options = {}) {
  const page = await openPage(app, "/login", options);
  await page.addInitScript(() => { delete window.showSaveFilePicker; });
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  const prefix = await seed(page, ALBUM);
  await page.reload();
  await albumRow(page).waitFor();
  return { page, prefix };
}
const albumRow = (page) => page.getByTestId("folder-row").filter({ hasText: "album/" });

/** The finished download on disk; a failed one is reported with what the dialog said. */
async function saved(download) {
  const file = join(await mkdtemp(join(tmpdir(), "zip-")), download.suggestedFilename());
  const failure = await download.failure();
  if (failure) {
    const said = await download.page().getByTestId("zip-dialog").innerText().catch(() => "(no dialog)");
    throw new Error(`the zip download failed (${failure}); the dialog said: ${said}`);
  }
  await download.saveAs(file);
  return file;
}

test("a folder downloads as one zip on a phone: every file below it, paths, bytes and the empty folder kept", async () => {
  const { page } = await withAlbum("zip-folder", { viewport: PHONE });
  const starting = page.waitForEvent("download");
  await rowAction(albumRow(page), "zip");
  const download = await starting;
  assert.equal(download.suggestedFilename(), "album.zip");
  const zip = await readZip(await saved(download));
  assert.deepEqual(summary(zip), expected(ALBUM), "the folder itself, everything below it, byte for byte");
  assert.equal(zip.zip64, false);
  await page.getByTestId("toasts").getByText("Saved album.zip: 3 files.").waitFor();
  assert.equal(await page.getByTestId("zip-dialog").count(), 0, "the dialog closes once it is saved");
  assert.deepEqual(page.consoleErrors, []);
});

test("the toolbar zips the folder open, paths below it; an empty folder has nothing to zip", async () => {
  const { page } = await withAlbum("zip-toolbar");
  await albumRow(page).getByTestId("open-folder").click();
  await page.getByTestId("folder-row").filter({ hasText: "2025/" }).waitFor();
  const starting = page.waitForEvent("download");
  await page.getByTestId("zip-folder").click();
  const download = await starting;
  assert.equal(download.suggestedFilename(), "album.zip");
  assert.deepEqual(summary(await readZip(await saved(download))), expected(ALBUM, "album/"));
  await page.getByTestId("folder-row").filter({ hasText: "empty/" }).getByTestId("open-folder").click();
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("zip-folder").isDisabled(), true);
});

test("a file stored with Content-Encoding gzip goes into the zip as stored, not decoded", async () => {
  const { page, prefix } = await withAlbum("zip-encoded");
  // Not gzip at all: a browser told it is would fail to decode it, and the zip with it.
  const stored = "stored as is, whatever its encoding says";
  await putAsAdmin(`${prefix}album/encoded.txt`, { Body: stored, ContentEncoding: "gzip" });
  const starting = page.waitForEvent("download");
  await rowAction(albumRow(page), "zip");
  const zip = await readZip(await saved(await starting));
  const entry = zip.entries.find((e) => e.name === "album/encoded.txt");
  assert.deepEqual(entry && { size: entry.size, sha256: entry.sha256 }, { size: stored.length, sha256: sha256(Buffer.from(stored)) });
});

test("a selection goes into a file the user picked, as the File System Access API writes it", async () => {
  const page = await openPage(app, "/login");
  // The picker's answer, without its window: a real file handle (the origin's private file
  // system), which the app writes through the same API as a file on disk.
  await page.addInitScript(() => {
    window.pickedNames = [];
    window.showSaveFilePicker = async (options) => {
      window.pickedNames.push(options.suggestedName);
      const root = await navigator.storage.getDirectory();
      return root.getFileHandle("picked.zip", { create: true });
    };
  });
  await signIn(page, newEmail("zip-picked"));
  await page.getByTestId("no-files").waitFor();
  const files = [...ALBUM, { path: "loose.txt", size: 77 }];
  await seed(page, files);
  await page.reload();
  await albumRow(page).waitFor();
  await page.getByRole("checkbox", { name: "Select loose.txt" }).check();
  await page.getByRole("checkbox", { name: "Select album" }).check();
  await page.getByTestId("zip-selected").click();
  await page.getByTestId("toasts").getByText("Saved Files.zip: 4 files.").waitFor();
  assert.deepEqual(await page.evaluate(() => window.pickedNames), ["Files.zip"]);
  const bytes = await page.evaluate(async () => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle("picked.zip")).getFile();
    const data = new Uint8Array(await file.arrayBuffer());
    let text = "";
    for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(text);
  });
  const file = join(await mkdtemp(join(tmpdir(), "zip-")), "picked.zip");
  await writeFile(file, Buffer.from(bytes, "base64"));
  assert.deepEqual(summary(await readZip(file)), expected(files));
});

test("a file that breaks off mid-way is fetched again from where it stopped: the zip is whole", async () => {
  const { page } = await withAlbum("zip-resume");
  const ranges = [];
  page.on("request", (request) => {
    if (request.url().includes("/album/big.bin") && request.headers()["if-match"]) ranges.push(request.headers());
  });
  // The big file's first answer is cut half-way (the stand-in drops the connection).
  const starting = page.waitForEvent("download");
  let gets = 0;
  await page.route((url) => url.href.startsWith(`${AWS}/`) && url.pathname.endsWith("/album/big.bin"), async (route) => {
    gets += 1;
    if (gets === 1) await queueFaults("GetObject", ["CutShort"]);
    return route.continue();
  });
  await rowAction(albumRow(page), "zip");
  const zip = await readZip(await saved(await starting));
  assert.deepEqual(summary(zip), expected(ALBUM), "nothing missing, nothing doubled");
  assert.equal(ranges.length, 1, `one request for the rest (GETs of the file: ${gets}, retries: ${JSON.stringify(ranges)})`);
  assert.match(ranges[0].range, /^bytes=\d+-$/);
  assert.ok(Number(ranges[0].range.slice(6, -1)) > 0, "from where it stopped, not from the start");
  assert.match(ranges[0]["if-match"], /^"[0-9a-f]+"$/, "of the same version only");
  await clearFaults();
});

test("a file deleted after the listing is left out and named; the rest of the zip is whole", async () => {
  const { page, prefix } = await withAlbum("zip-deleted");
  // While the first file downloads, someone else deletes another one.
  await page.route((url) => url.href.startsWith(`${AWS}/`) && url.pathname.endsWith("/album/2025/a.txt"), async (route) => {
    if (route.request().method() === "GET") await deleteAsAdmin(`${prefix}album/big.bin`);
    return route.continue();
  });
  const starting = page.waitForEvent("download");
  await rowAction(albumRow(page), "zip");
  const zip = await readZip(await saved(await starting));
  assert.deepEqual(summary(zip), expected(ALBUM.filter((f) => f.path !== "album/big.bin")));
  const account = page.getByTestId("zip-problem");
  await account.getByText(/^album\.zip was saved without 1 file, gone or refused since the folder was listed: album\/big\.bin \(.+\)\.$/).waitFor();
  await page.getByTestId("zip-status").getByText("The zip was saved, but not everything is in it.").waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.getByTestId("zip-close").click();
  assert.equal(await page.getByTestId("zip-dialog").count(), 0);
});

test("a listing that keeps failing says so and saves nothing; Try again saves the zip", async () => {
  const { page } = await withAlbum("zip-listing", { viewport: PHONE });
  await queueFaults("ListObjectsV2", Array(8).fill("InternalError"));
  let downloads = 0;
  page.on("download", () => { downloads += 1; });
  await rowAction(albumRow(page), "zip");
  await page.getByTestId("zip-status").getByText("The zip was not saved.").waitFor();
  assert.match(await page.getByTestId("zip-problem").innerText(), /.+/);
  assert.equal(downloads, 0, "no empty zip among the browser's downloads");
  assert.deepEqual(await sidewaysOverflow(page), []);
  await clearFaults();
  const starting = page.waitForEvent("download");
  await page.getByTestId("zip-again").click();
  assert.deepEqual(summary(await readZip(await saved(await starting))), expected(ALBUM));
  await page.getByTestId("toasts").getByText("Saved album.zip: 3 files.").waitFor();
});

test("Stop half-way gives the zip up: the download fails, nothing half-written is kept", async () => {
  const { page } = await withAlbum("zip-stop");
  // The big file comes slowly, so that Stop comes while it downloads.
  await page.route((url) => url.href.startsWith(`${AWS}/`) && url.pathname.endsWith("/album/big.bin"), async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    return route.continue();
  });
  const starting = page.waitForEvent("download");
  await rowAction(albumRow(page), "zip");
  const download = await starting;
  await page.getByTestId("zip-status").getByText(/^\d of 3 files · /).waitFor();
  await page.getByTestId("zip-stop").click();
  await page.getByTestId("toasts").getByText("Stopped: album.zip was not saved.").waitFor();
  assert.notEqual(await download.failure(), null, "the browser's download ends as failed");
  assert.equal(await page.getByTestId("zip-dialog").count(), 0);
});
