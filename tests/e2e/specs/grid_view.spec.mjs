// The grid view: the folder as tiles, each image file its own thumbnail (loaded by the browser
// only as its tile nears the screen, from a presigned link that serves it as an image), the
// choice remembered on the device; the same selection, menus and keys as the table, with the
// arrows moving across and down the lines of tiles; at a phone's width as at a desktop's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AWS, BUCKET, eventually, expireAllCredentials, newEmail, newFolder, openPage, rowAction, seedObjects, signIn, useApp } from "../support/harness.mjs";
import { png } from "../support/png.mjs";
import { accessibilityViolations, sidewaysOverflow } from "../support/tour.mjs";

const app = useApp();
const tile = (page, name) => page.getByTestId("file-row").filter({ hasText: name });
/** The thumbnail requests (presigned GETs of the bucket) the page made for keys containing TEXT. */
const thumbnailGets = (page, text) =>
  page.requests.filter((url) => url.startsWith(`${AWS}/${BUCKET}/`) && url.includes("X-Amz-Signature") && url.includes(text));
/** Whether the tile's picture is a decoded image of WIDTH pixels. */
const showsImage = (row, width) => row.locator(".thumb img").evaluate((img, width) => img.complete && img.naturalWidth === width, width);

async function upload(page, files) {
  await page.getByTestId("upload-input").setInputFiles(files);
  for (const { name } of files) await page.getByTestId("file-row").filter({ hasText: name }).waitFor();
}

/** Waits until the tile of NAME shows its image, decoded (WIDTH pixels wide, if given). */
const imageDrawn = (page, name, width) => page.waitForFunction(([name, width]) => {
  const img = document.querySelector(`tr[data-id$='${name}'] img`);
  return img?.complete && (width === undefined || img.naturalWidth === width);
}, [name, width]);

/** A new user's folder of COUNT photos (40 x 30, of COLOUR) open as a grid, its first one drawn. */
async function photosInGrid(label, count, colour) {
  const page = await openPage(app, "/login", { viewport: { width: 1280, height: 800 } });
  await signIn(page, newEmail(label));
  await seedObjects(page, "photos/", count, { name: "photo-{i:03d}.png", body: png(40, 30, colour) });
  await page.goto(`${app.origin}/?folder=photos%2F`);
  await showGrid(page);
  await imageDrawn(page, "photo-000.png");
  return page;
}

async function showGrid(page) {
  await page.getByTestId("layout-grid").click();
  await page.locator('table.tiles[data-testid="file-table"]').waitFor();
}

test("images show as thumbnails, a broken one and other files as their icon, and the choice is remembered", async () => {
  const page = await openPage(app, "/login", { viewport: { width: 1280, height: 800 } });
  await signIn(page, newEmail("grid"));
  await upload(page, [
    { name: "sunset.png", mimeType: "image/png", buffer: png(48, 32) },
    // Bytes no browser can draw, under an image's name, stored as a web page.
    { name: "broken.png", mimeType: "text/html", buffer: Buffer.from("<script>alert(1)</script>") },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("notes") },
  ]);
  assert.equal(await page.getByTestId("layout-list").getAttribute("aria-pressed"), "true");
  assert.equal(await page.locator(".thumb img").count(), 0, "the list shows no thumbnails");

  await showGrid(page);
  assert.equal(await page.getByTestId("layout-grid").getAttribute("aria-pressed"), "true");
  await imageDrawn(page, "sunset.png");
  assert.ok(await showsImage(tile(page, "sunset.png"), 48), "the image is its own thumbnail");
  const [sunset] = thumbnailGets(page, "sunset.png");
  const link = new URL(sunset);
  assert.equal(link.searchParams.get("response-content-type"), "image/png", "served as the image its name says");
  assert.ok(Number(link.searchParams.get("X-Amz-Expires")) <= 3600, "the link lives an hour at most");

  // A file that is no image (Chromium does not even hand the page its bytes: ORB blocks
  // them): its icon, and no second link, its first bytes being no image's.
  await eventually(() => thumbnailGets(page, "broken.png").length, "the broken image asked for");
  await page.waitForFunction(() => !document.querySelector("tr[data-id$='broken.png'] img"));
  assert.ok(await tile(page, "broken.png").locator(".thumb svg.icon").isVisible(), "its icon shows");
  assert.equal(thumbnailGets(page, "broken.png").length, 1, "asked once");
  assert.equal(await tile(page, "notes.txt").locator(".thumb img").count(), 0, "a text file shows its icon");
  assert.equal(thumbnailGets(page, "notes.txt").length, 0, "and is never fetched");
  assert.equal(await tile(page, "sunset.png").locator("td.num").innerText(), `${png(48, 32).length} B`, "each tile says its size");

  // Remembered on this device: after a reload, and in a new visit.
  await page.reload();
  await page.locator('table.tiles[data-testid="file-table"]').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("firebridge.filesLayout")), '"grid"');
  await page.getByTestId("layout-list").click();
  await page.locator('table[data-testid="file-table"]:not(.tiles)').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("firebridge.filesLayout")), '"list"');
  assert.deepEqual(page.consoleErrors, []);
});

test("a folder of 240 photos fetches the thumbnails near the screen only, and the rest as they scroll in", async () => {
  const page = await photosInGrid("grid-many", 240, [22, 96, 165]);
  assert.equal(await page.getByTestId("file-row").count(), 200, "a page of tiles at a time");
  assert.ok(await showsImage(tile(page, "photo-000.png"), 40));
  const early = thumbnailGets(page, "/photos/photo-").length;
  assert.ok(early > 0 && early < 150, `${early} of 200 thumbnails fetched before any scrolling`);

  await tile(page, "photo-199.png").scrollIntoViewIfNeeded();
  await imageDrawn(page, "photo-199.png");
  assert.ok(await showsImage(tile(page, "photo-199.png"), 40), "the last tile's image arrives once it is near");
  assert.ok(thumbnailGets(page, "/photos/photo-").length > early);

  // "Show more" adds tiles; a new listing (after an upload) asks for no thumbnail again.
  await page.getByTestId("show-more").click();
  await tile(page, "photo-239.png").waitFor();
  const before = thumbnailGets(page, "/photos/photo-000.png").length;
  await upload(page, [{ name: "zz-new.png", mimeType: "image/png", buffer: png(10, 10) }]);
  await imageDrawn(page, "zz-new.png");
  assert.equal(thumbnailGets(page, "/photos/photo-000.png").length, before, "the same link, from the browser's cache");
});

test("a tile that scrolls into view after its link's credentials ended gets a new link, once", async () => {
  const page = await photosInGrid("grid-stale", 200, [34, 112, 47]);
  assert.equal(thumbnailGets(page, "photo-199.png").length, 0, "the last tile is far from the screen");

  // The credentials behind every link made so far end (as they would an hour on).
  await expireAllCredentials();
  await tile(page, "photo-199.png").scrollIntoViewIfNeeded();
  await imageDrawn(page, "photo-199.png", 40);
  const [refused, renewed, ...more] = thumbnailGets(page, "photo-199.png");
  assert.deepEqual(more, [], "asked twice, no more");
  const keyOf = (url) => new URL(url).searchParams.get("X-Amz-Credential").split("/")[0];
  assert.notEqual(keyOf(renewed), keyOf(refused), "the new link is signed with new credentials");
});

test("a thumbnail that fails while the network is down shows its icon, and its image once the tiles are drawn again", async () => {
  const page = await photosInGrid("grid-offline", 200, [165, 96, 22]);

  await page.context().setOffline(true);
  await tile(page, "photo-199.png").scrollIntoViewIfNeeded();
  await eventually(() => thumbnailGets(page, "photo-199.png").length, "the far tile's image asked for");
  await page.waitForFunction(() => !document.querySelector("tr[data-id$='photo-199.png'] img"));
  assert.ok(await tile(page, "photo-199.png").locator(".thumb svg.icon").isVisible(), "its icon, for now");

  await page.context().setOffline(false);
  await page.getByTestId("layout-list").click();
  await showGrid(page);
  await tile(page, "photo-199.png").scrollIntoViewIfNeeded();
  await imageDrawn(page, "photo-199.png", 40);
  // The links made as the network came back land after their tiles are gone: they must keep
  // them for the next drawing, not crash the app (as they once did).
  assert.deepEqual(page.consoleErrors, []);
});

test("from the keyboard, the arrows move across and down the tiles; Enter opens, Space selects, the menu opens", async () => {
  const page = await openPage(app, "/login", { viewport: { width: 1280, height: 800 } });
  await signIn(page, newEmail("grid-keys"));
  await seedObjects(page, "", 23);
  await page.reload();
  await newFolder(page, "inbox");
  await page.getByTestId("folder-row").waitFor();
  await showGrid(page);
  const ids = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.id));
  const perLine = await page.locator("tbody tr").evaluateAll((rows) => rows.filter((r) => r.offsetTop === rows[0].offsetTop).length);
  assert.ok(perLine >= 4, `${perLine} tiles a line at 1280 px`);
  const focused = () => page.evaluate(() => document.activeElement?.dataset.id);

  await page.getByRole("button", { name: "Modified" }).focus();
  await page.keyboard.press("Tab");
  assert.equal(await focused(), ids[0], "Tab lands on the first tile (the folder)");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), ids[1]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), ids[1 + perLine], "down: the tile below");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowUp");
  assert.equal(await focused(), ids[0]);
  await page.keyboard.press("ArrowUp");
  assert.equal(await focused(), ids[0], "nothing above the first line");
  await page.keyboard.press("End");
  assert.equal(await focused(), ids.at(-1));
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(), ids.at(-1), "nothing below the last");

  await page.keyboard.press(" ");
  assert.equal(await page.locator(`tr[data-id="${ids.at(-1)}"]`).getAttribute("aria-selected"), "true");
  assert.equal(await page.getByTestId("selected-count").innerText(), "1 selected");
  await page.keyboard.press("Shift+F10");
  await page.getByTestId("menu").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("role")), "menuitem");
  await page.keyboard.press("Escape");
  await page.getByTestId("menu").waitFor({ state: "detached" });
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(), ids.at(-1), "Escape gave focus back to the tile's menu button; the tile is before it");
  await page.keyboard.press("Home");
  await page.keyboard.press("Enter");
  await page.getByTestId("current-folder").filter({ hasText: "inbox" }).waitFor();
  await page.getByTestId("no-files").waitFor();
});

test("on a phone the tiles fit its width, menus work, hostile names stay text, and axe finds nothing in either theme", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await openPage(app, "/login", { viewport: { width: 390, height: 844 }, colorScheme });
    await signIn(page, newEmail(`grid-phone-${colorScheme}`));
    const hostile = `<img src=x onerror=alert(1)> ${"a-very-long-name-without-any-spaces-".repeat(4)}.png`;
    await upload(page, [
      { name: hostile, mimeType: "image/png", buffer: png(30, 30) },
      { name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") },
    ]);
    await newFolder(page, "archive");
    await page.getByTestId("folder-row").waitFor();
    await showGrid(page);
    const perLine = await page.locator("tbody tr").evaluateAll((rows) => rows.filter((r) => r.offsetTop === rows[0].offsetTop).length);
    assert.ok(perLine >= 2, `${perLine} tiles a line at 390 px`);
    await page.waitForFunction(() => [...document.querySelectorAll(".thumb img")].some((img) => img.complete && img.naturalWidth === 30));
    assert.deepEqual(await sidewaysOverflow(page), [], "nothing is cut off or scrolls sideways");
    assert.equal(await tile(page, "a-very-long").locator(".entry-name").innerText(), hostile, "the name is text");
    assert.equal(await tile(page, "a-very-long").locator(".entry-name").getAttribute("title"), hostile, "whole on hover");
    assert.deepEqual(await accessibilityViolations(page), [], `axe, ${colorScheme} theme`);

    await rowAction(tile(page, "report.pdf"), "details");
    await page.getByTestId("details").waitFor();
    await page.keyboard.press("Escape");
    await tile(page, "a-very-long").getByTestId("select").check();
    assert.equal(await page.getByTestId("selected-count").innerText(), "1 selected");
    assert.deepEqual(page.consoleErrors, []);
    await page.context().close();
  }
});
