// A folder of 10,000 objects, as a user meets it: a signed-in user opens it (ten ListObjectsV2
// pages from the stand-in, then the first rows drawn), shows more rows, and scrolls. Measured in
// headless Chromium with the local stack up (make bench starts it): time to the first rows,
// time per "Show more", frames slower than 50 ms while scrolling, the page's JS heap, wasm
// memory and DOM size. The anchor: the JavaScript equivalent in the same browser, the AWS SDK's
// ListObjectsV2 paginator with React drawing the same table (sdk/page.mjs), measured the same
// way. Reuses the end-to-end harness to sign in and to seed the objects.
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
  const wasmMb = await page.evaluate(() => (window.__wasmMemory?.buffer.byteLength ?? 0) / 2 ** 20);
  return { heapMb: value("JSHeapUsedSize") / 2 ** 20, wasmMb, nodes: value("Nodes") };
}

/**
 * Clicks SELECTOR in the page and resolves, with the milliseconds taken, once DONE (a function
 * of the document) holds: timed inside the page, as the SDK's page times itself.
 */
function clickAndTime(page, selector, done) {
  return page.evaluate(([selector, done]) => new Promise((resolve) => {
    const isDone = new Function("document", `return (${done})(document)`);
    const started = performance.now();
    const observer = new MutationObserver(() => {
      if (isDone(document)) {
        observer.disconnect();
        resolve({ started, ms: performance.now() - started });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    document.querySelector(selector).click();
  }), [selector, done.toString()]);
}

/**
 * Milliseconds from opening the folder to its first rows on screen, and how many of them the
 * listing requests took (Resource Timing: request sent to last byte, the stand-in's share).
 */
async function openBigFolder(page) {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByTestId("open-folder").filter({ hasText: "big/" }).waitFor();
  const { started, ms } = await clickAndTime(page, '[data-testid="open-folder"]', (d) => d.querySelector('[data-testid="show-more"]'));
  const network = await page.evaluate((started) => performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("list-type=2") && e.name.includes("big") && e.startTime >= started)
    .reduce((sum, e) => sum + (e.responseEnd - e.startTime), 0), started);
  return { total: ms, network };
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

/** Firebridge: opens the folder RUNS times, then shows more, scrolls, and measures. */
async function firebridge(page) {
  const opens = [];
  for (let i = 0; i < RUNS; i++) opens.push(await openBigFolder(page));
  const lists = page.requests.filter((url) => url.includes("list-type=2") && url.includes("big")).length / RUNS;
  const before = await pageMetrics(page);
  const { ms: showMore } = await clickAndTime(page, '[data-testid="show-more"]',
    (d) => d.querySelectorAll('[data-testid="file-row"]').length >= 400);
  const jank = await scrollJank(page);
  const after = await pageMetrics(page);
  return { open: median(opens.map((o) => o.total)), network: median(opens.map((o) => o.network)), lists, showMore, jank, before, after };
}

/** The JavaScript equivalent: the SDK's paginator and React, in the same browser. */
async function sdk(browser, credentials, prefix) {
  return inSdkPage(browser, credentials, async (page, connection) => {
    const run = async (name) => {
      const { ms, objects } = await page.evaluate(([name, options]) => window[name](options), [name, { ...connection, prefix }]);
      if (objects !== OBJECTS) throw new Error(`the SDK listed ${objects} objects, not ${OBJECTS}`);
      return ms;
    };
    const fetches = [];
    for (let i = 0; i < RUNS; i++) fetches.push(await run("listWithSdk"));
    const opens = [];
    for (let i = 0; i < RUNS; i++) opens.push(await run("showFolderWithSdk"));
    const before = await pageMetrics(page);
    const showMore = await page.evaluate(() => window.showMoreWithSdk());
    const jank = await scrollJank(page);
    const after = await pageMetrics(page);
    return { fetch: median(fetches), open: median(opens), showMore, jank, before, after };
  });
}

export async function listing() {
  const server = await serveDist(DIST, PORT);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await openPage({ browser, origin: `http://127.0.0.1:${PORT}` }, "/login");
    // Trunk's loader announces the instance: its linear memory only grows (a high-water mark).
    await page.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => { window.__wasmMemory = e.detail.wasm.memory; }));
    await signIn(page, newEmail("bench-listing"));
    await seedObjects(page, "big/", OBJECTS);
    const ours = await firebridge(page);
    const { Credentialed: { user, credentials } } = await storedSession(page);
    await page.context().close();
    await new Promise((done) => server.close(done));
    return { objects: OBJECTS, firebridge: ours, sdk: await sdk(browser, credentials, `users/${user.uid}/big/`) };
  } finally {
    await browser.close();
    if (server.listening) await new Promise((done) => server.close(done));
  }
}
