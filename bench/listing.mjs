// A folder of 10,000 objects, as a user meets it: a signed-in user opens it (ten ListObjectsV2
// pages from the stand-in, then the first rows drawn), shows more rows, and scrolls. Measured in
// headless Chromium with the local stack up (make bench starts it): time to the first rows,
// time per "Show more", frames slower than 50 ms while scrolling, the page's JS heap, wasm
// memory and DOM size. The anchor: the AWS SDK's ListObjectsV2 paginator fetching the same
// folder in the same browser (fetching only, nothing drawn). Reuses the end-to-end harness to
// sign in and to seed the objects.
import { chromium } from "playwright-core";
import { DIST, median, serveDist } from "./lib.mjs";
import { PORT, inSdkPage } from "./sdk.mjs";
import { newEmail, openPage, seedObjects, signIn, storedSession } from "../tests/e2e/support/harness.mjs";

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function pageMetrics(page) {
  const cdp = await page.context().newCDPSession(page);
  // What is still referenced, not what the collector has not reached yet.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const value = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const wasmMb = await page.evaluate(() => window.__wasmMemory.buffer.byteLength / 2 ** 20);
  return { heapMb: value("JSHeapUsedSize") / 2 ** 20, wasmMb, nodes: value("Nodes") };
}

/**
 * Milliseconds from opening the folder to its first rows on screen, and how many of them the
 * listing requests took (Resource Timing: request sent to last byte, the stand-in's share).
 */
async function openBigFolder(page) {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByTestId("open-folder").filter({ hasText: "big/" }).waitFor();
  const started = await page.evaluate(() => performance.now());
  await page.getByTestId("open-folder").filter({ hasText: "big/" }).click();
  await page.getByTestId("show-more").waitFor();
  return page.evaluate((started) => {
    const lists = performance.getEntriesByType("resource")
      .filter((e) => e.name.includes("list-type=2") && e.name.includes("big") && e.startTime >= started);
    const network = lists.reduce((sum, e) => sum + (e.responseEnd - e.startTime), 0);
    return { total: performance.now() - started, network };
  }, started);
}

/** Scrolls the page to the bottom and back for two seconds; frames slower than 50 ms. */
async function scrollJank(page) {
  return page.evaluate(async () => {
    const frames = [];
    let last = performance.now();
    const end = last + 2_000;
    while (performance.now() < end) {
      await new Promise((done) => requestAnimationFrame(done));
      const now = performance.now();
      frames.push(now - last);
      last = now;
      window.scrollBy(0, 400 * (Math.floor(now / 1000) % 2 ? -1 : 1));
    }
    return { frames: frames.length, slow: frames.filter((ms) => ms > 50).length };
  });
}

export async function listing() {
  const server = await serveDist(DIST, PORT);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const app = { browser, origin: `http://127.0.0.1:${PORT}` };
    const page = await openPage(app, "/login");
    // Trunk's loader announces the instance: its linear memory only grows (a high-water mark).
    await page.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => { window.__wasmMemory = e.detail.wasm.memory; }));
    await signIn(page, newEmail("bench-listing"));
    await seedObjects(page, "big/", OBJECTS);
    const opens = [];
    for (let i = 0; i < RUNS; i++) opens.push(await openBigFolder(page));
    const lists = page.requests.filter((url) => url.includes("list-type=2") && url.includes("big")).length / RUNS;
    const before = await pageMetrics(page);
    const started = await page.evaluate(() => performance.now());
    await page.getByTestId("show-more").click();
    await page.getByTestId("file-row").nth(399).waitFor();
    const showMore = (await page.evaluate(() => performance.now())) - started;
    const jank = await scrollJank(page);
    const after = await pageMetrics(page);
    const open = median(opens.map((o) => o.total));
    const network = median(opens.map((o) => o.network));
    const { Credentialed: { user, credentials } } = await storedSession(page);
    await page.context().close();
    await new Promise((done) => server.close(done));
    const sdk = await sdkListing(browser, credentials, `users/${user.uid}/big/`);
    return { objects: OBJECTS, open, network, lists, showMore, jank, before, after, sdk };
  } finally {
    await browser.close();
    if (server.listening) await new Promise((done) => server.close(done));
  }
}

/** The median milliseconds the SDK's paginator takes to fetch all of PREFIX. */
async function sdkListing(browser, credentials, prefix) {
  return inSdkPage(browser, credentials, async (page, connection) => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, objects } = await page.evaluate((options) => window.listWithSdk(options), { ...connection, prefix });
      if (objects !== OBJECTS) throw new Error(`the SDK listed ${objects} objects, not ${OBJECTS}`);
      runs.push(ms);
    }
    return median(runs);
  });
}
