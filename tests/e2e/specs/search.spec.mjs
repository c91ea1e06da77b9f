// Finding a file by name anywhere in the user's area: Enter in the filter box (or "Search all
// folders") lists every key below the user's prefix, page by page, and shows each hit with
// its folder; opening a hit shows it where it is. The search lives in the address (?q=), so a
// reload or Back brings it again; it can be stopped; a listing that fails says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, s3As, seedObjects, signIn, storedSession, useApp } from "../support/harness.mjs";
import { sidewaysOverflow } from "../support/tour.mjs";

const app = useApp();
// A listing through every folder: no delimiter (the folder's own listing has one).
const isSearchListing = (url) => url.includes("list-type=2") && !url.includes("delimiter=");
const hitNames = (page) => page.locator('[data-testid="search-results"] .entry-name').allInnerTexts();

async function signedInWith(label, keys, options) {
  const page = await openPage(app, "/login", options);
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  const { Credentialed: { user } } = await storedSession(page);
  for (const key of keys) assert.equal((await s3As(page, "PUT", `users/${user.uid}/${key}`)).status, 200);
  await page.reload();
  return page;
}

async function status(page, pattern) {
  const line = page.getByTestId("search-status");
  await line.filter({ hasText: pattern }).waitFor();
  return line.innerText();
}

test("a search finds files and folders in every sub-folder, says where each is, and opens it there", async () => {
  const page = await signedInWith("search", [
    "notes.txt",
    "Reports/2026/Q1 report.pdf",
    "Reports/old/report-2019.txt",
    "Old Reports/x.txt",
    "misc/deep/er/still/REPORT.md",
  ]);
  await page.getByTestId("folder-row").first().waitFor();
  await page.getByTestId("filter").fill("report");
  assert.equal(await page.getByTestId("file-row").count(), 0, "the filter narrows the open folder first");
  await page.getByTestId("filter").press("Enter");

  assert.match(await status(page, "found in"), /^5 found in 5 files\.$/);
  assert.equal(new URL(page.url()).searchParams.get("q"), "report");
  assert.deepEqual(await hitNames(page), ["Old Reports/", "Reports/", "Q1 report.pdf", "report-2019.txt", "REPORT.md"],
    "folders once each, files by their own name, in S3's key order");
  const q1 = page.getByTestId("search-file").filter({ hasText: "Q1 report.pdf" });
  assert.match(await q1.innerText(), /in Reports\/2026 · 16 B/);
  assert.match(await page.getByTestId("search-folder").filter({ hasText: "Reports/" }).first().innerText(), /in Your files/);

  await q1.getByRole("button").click();
  await page.getByTestId("current-folder").filter({ hasText: "2026" }).waitFor();
  const row = page.getByTestId("file-row").filter({ hasText: "Q1 report.pdf" });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "file-row");
  assert.match(await page.evaluate(() => document.activeElement.dataset.id), /\/Reports\/2026\/Q1 report\.pdf$/, "the hit's row has the focus");
  assert.equal(await row.count(), 1);
  assert.equal(await page.getByTestId("filter").inputValue(), "", "its folder is shown whole");
  assert.equal(new URL(page.url()).searchParams.get("q"), null);

  await page.goBack();
  await status(page, "found in");
  await page.reload();
  assert.match(await status(page, "found in"), /^5 found/, "a reload runs the search in the address again");
  assert.equal(await page.getByTestId("filter").inputValue(), "report");

  await page.getByTestId("search-folder").filter({ hasText: "Old Reports/" }).getByRole("button").click();
  await page.getByTestId("current-folder").filter({ hasText: "Old Reports" }).waitFor();
  await page.getByTestId("file-row").filter({ hasText: "x.txt" }).waitFor();
});

test("a search with nothing to find says so; Back to the folder returns where it started", async () => {
  const page = await signedInWith("search-none", ["a/b.txt"], { viewport: { width: 360, height: 740 } });
  await page.getByTestId("open-folder").click();
  await page.getByTestId("file-row").waitFor();
  await page.getByTestId("filter").fill("zebra");
  await page.getByTestId("search-everywhere").click();
  await page.getByText("Nothing in any folder matches “zebra”.").waitFor();
  assert.equal(await status(page, "found in"), "0 found in 1 file.");
  assert.deepEqual(await sidewaysOverflow(page), [], "the results fit a phone");
  await page.getByTestId("search-close").click();
  await page.getByTestId("file-row").filter({ hasText: "b.txt" }).waitFor();
  assert.equal(await page.getByTestId("filter").inputValue(), "", "the folder is shown whole again");
  assert.equal(await page.getByTestId("current-folder").innerText(), "a");
});

test("hits show page by page while the area is listed, and Stop ends the listing", async () => {
  const page = await signedInWith("search-stop", []);
  await seedObjects(page, "big/", 2_500);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const listings = [];
  await page.route((url) => isSearchListing(url.href), async (route) => {
    listings.push(route.request().url());
    if (listings.length === 2) await held;
    await route.continue();
  });
  await page.getByTestId("filter").fill("7.txt");
  await page.getByTestId("filter").press("Enter");
  // file-00007.txt … file-00997.txt: 100 hits in the first page of 1,000 keys.
  assert.equal(await status(page, "100 found so far"), "Searching every folder: 100 found so far, 1,000 files looked at…");
  assert.equal((await hitNames(page)).length, 100);
  await page.getByTestId("search-stop").click();
  assert.equal(await status(page, "Stopped"), "Stopped: 100 found in the first 1,000 files.");
  release();
  await (await page.waitForResponse((r) => isSearchListing(r.url()))).finished();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.equal(listings.length, 2, "no page is asked for after Stop");
  assert.equal((await hitNames(page)).length, 100, "the page that was on its way is not added");
  assert.equal(await page.getByTestId("search-stop").count(), 0);
});

test("a search matching more than 1,000 stops there and asks for more words", async () => {
  const page = await signedInWith("search-many", []);
  await seedObjects(page, "big/", 1_200);
  await page.getByTestId("filter").fill("file");
  await page.getByTestId("filter").press("Enter");
  assert.equal(await status(page, "More than"), "More than 1,000 found: the first 1,000 are shown. Add words to narrow the search.");
  assert.equal((await hitNames(page)).length, 1_000);
  assert.equal(page.requests.filter(isSearchListing).length, 1, "the second page is not listed");
});

test("a listing that fails half-way says so, keeps what was found, and Try again searches again", async () => {
  const page = await signedInWith("search-fails", []);
  await seedObjects(page, "big/", 1_500);
  let failing = true;
  let listed = 0;
  await page.route((url) => isSearchListing(url.href), (route) => {
    listed += 1;
    return failing && listed > 1 ? route.abort("connectionreset") : route.continue();
  });
  await page.getByTestId("filter").fill("7.txt");
  await page.getByTestId("filter").press("Enter");
  await page.getByTestId("search-error").waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId("search-error").innerText(), /network|connection|reach/i);
  assert.equal(await status(page, "Stopped"), "Stopped: 100 found in the first 1,000 files.");
  assert.equal((await hitNames(page)).length, 100, "what was found stays");
  failing = false;
  await page.getByTestId("search-again").click();
  assert.equal(await status(page, "found in"), "150 found in 1,500 files.");
});
