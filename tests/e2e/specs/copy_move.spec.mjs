// Copying and moving whole folders: every key below them, four at a time, the dialog counting
// the files done, Stop half-way, and a failure half-way told as what is where. A move deletes
// a file only once its copy is there, so whatever happens every file is in exactly one place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AWS, keysInBucket, newEmail, openPage, rowAction, seedObjects, signIn, storedSession, useApp } from "../support/harness.mjs";
import { sidewaysOverflow } from "../support/tour.mjs";

const app = useApp();
const isCopy = (request) => request.method() === "PUT" && "x-amz-copy-source" in request.headers();

async function albumOf40(label, options) {
  const page = await openPage(app, "/login", options);
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  await seedObjects(page, "album/2025/", 20);
  await seedObjects(page, "album/2026/", 20);
  await page.reload();
  await page.getByTestId("folder-row").filter({ hasText: "album/" }).waitFor();
  const { Credentialed: { user } } = await storedSession(page);
  const keys = async (folder) => (await keysInBucket(`users/${user.uid}/${folder}`)).map((k) => k.slice(`users/${user.uid}/${folder}`.length));
  return { page, keys };
}

/** Each copy takes a while, so that Stop comes while files are still waiting. */
function slowCopies(page) {
  return page.route((url) => url.href.startsWith(`${AWS}/`), async (route) => {
    if (isCopy(route.request())) await new Promise((done) => setTimeout(done, 250));
    return route.continue();
  });
}

async function transfer(page, action, destination) {
  await rowAction(page.getByTestId("folder-row").filter({ hasText: "album/" }), action);
  await page.getByTestId(`${action}-path`).fill(destination);
  await page.getByTestId(`${action}-submit`).click();
}

test("a folder is copied with everything below it, then moved, bytes and structure intact", async () => {
  const { page, keys } = await albumOf40("copy-folder", { viewport: { width: 360, height: 740 } });
  const original = await keys("album/");
  assert.equal(original.length, 40);
  await transfer(page, "copy", "backup");
  await page.getByTestId("toasts").getByText("Copied 1 item to backup.").waitFor();
  assert.deepEqual(await keys("backup/album/"), original, "every key below the folder, in its place");
  assert.deepEqual(await keys("album/"), original, "a copy leaves the source");

  await transfer(page, "move", "archive/2027");
  await page.getByTestId("toasts").getByText("Moved 1 item to archive/2027.").waitFor();
  assert.deepEqual(await keys("archive/2027/album/"), original);
  assert.deepEqual(await keys("album/"), [], "a move leaves nothing behind");
  await page.getByTestId("folder-row").filter({ hasText: "archive/" }).waitFor();
  assert.deepEqual(await sidewaysOverflow(page), []);
});

test("Stop half-way: what moved is at the destination, the rest where it was, none lost or doubled", async () => {
  const { page, keys } = await albumOf40("move-stop");
  const original = await keys("album/");
  await slowCopies(page);
  await transfer(page, "move", "archive");
  await page.getByTestId("transfer-progress").filter({ hasText: /^(8|9|\d\d) of 40 files done…$/ }).waitFor();
  await page.getByTestId("transfer-stop").click();
  const account = page.getByTestId("move-dialog").getByText(/^Stopped: /);
  await account.waitFor();
  const [, done, left] = (await account.innerText()).match(/^Stopped: (\d+) of 40 files moved to archive; the other (\d+) are where they were\. Move again to finish\.$/);
  const [moved, stayed] = [await keys("archive/album/"), await keys("album/")];
  assert.equal(moved.length, Number(done));
  assert.equal(stayed.length, Number(left));
  assert.ok(Number(done) < 40, "it stopped before the end");
  assert.deepEqual([...moved, ...stayed].sort(), [...original].sort(), "every file in exactly one place");

  await page.getByTestId("move-submit").click();
  await page.getByTestId("toasts").getByText("Moved 1 item to archive.").waitFor();
  assert.deepEqual(await keys("archive/album/"), original, "moving again finishes it");
});

test("a move the network breaks half-way says what is where, and moving again finishes it", async () => {
  const { page, keys } = await albumOf40("move-broken");
  const original = await keys("album/");
  let copies = 0;
  let broken = true;
  await page.route((url) => url.href.startsWith(`${AWS}/`), (route) => {
    if (!isCopy(route.request())) return route.continue();
    copies += 1;
    return broken && copies > 10 ? route.abort("connectionreset") : route.continue();
  });
  await transfer(page, "move", "archive");
  const account = page.getByTestId("move-dialog").getByText(/Move again to finish/);
  await account.waitFor({ timeout: 90_000 });
  const [, done, left] = (await account.innerText()).match(/^(\d+) of 40 files moved to archive; the other (\d+) are where they were \(.+\)\. Move again to finish\.$/);
  const [moved, stayed] = [await keys("archive/album/"), await keys("album/")];
  assert.equal(moved.length, Number(done));
  assert.equal(stayed.length, Number(left), "what did not move is where it was");
  assert.ok(copies < 40, "the network failing, the other files were not all tried in vain");
  assert.deepEqual([...moved, ...stayed].sort(), [...original].sort(), "none lost, none doubled");

  broken = false;
  await page.getByTestId("move-submit").click();
  await page.getByTestId("toasts").getByText("Moved 1 item to archive.").waitFor();
  assert.deepEqual(await keys("archive/album/"), original);
});

// Copying again after a Stop used to list every file already copied as "already exists": the
// copy never replaces anything, so the second run must carry only what the first did not.
test("a copy stopped half-way and run again copies only the rest, with nothing refused", async () => {
  const { page, keys } = await albumOf40("copy-stop");
  const original = await keys("album/");
  await slowCopies(page);
  await transfer(page, "copy", "backup");
  await page.getByTestId("transfer-progress").filter({ hasText: /^(8|9|\d\d) of 40 files done…$/ }).waitFor();
  await page.getByTestId("transfer-stop").click();
  const account = page.getByTestId("copy-dialog").getByText(/^Stopped: /);
  await account.waitFor();
  const [, done] = (await account.innerText()).match(/^Stopped: (\d+) of 40 files copied to backup\. Copy again to finish\.$/);
  assert.equal((await keys("backup/album/")).length, Number(done));

  const copies = [];
  page.on("request", (request) => { if (isCopy(request)) copies.push(request.url()); });
  await page.getByTestId("copy-submit").click();
  await page.getByTestId("toasts").getByText("Copied 1 item to backup.").waitFor();
  assert.equal(copies.length, 40 - Number(done), "only the files not yet copied were copied");
  assert.deepEqual(await keys("backup/album/"), original, "every file copied once");
  assert.deepEqual(await keys("album/"), original, "the sources stay");
});
