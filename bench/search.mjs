// Finding a file by name through every sub-folder, as a user does it: 10,000 objects in 10
// folders two levels down, a name typed in the filter box and Enter. Measured in headless
// Chromium with the local stack up: milliseconds to the first hit on screen and to the search's
// end (ten ListObjectsV2 pages of 1,000 keys). The anchor: the AWS SDK's paginator without a
// delimiter, filtering each page and drawing the hits with React (sdk/page.mjs).
import { chromium } from "playwright-core";
import { DIST, median, serveDist } from "./lib.mjs";
import { PORT, inSdkPage } from "./sdk.mjs";
import { newEmail, openPage, seedObjects, signIn, storedSession } from "../tests/e2e/support/harness.mjs";

const FOLDERS = 10;
const PER_FOLDER = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// file-00999.txt: one hit per folder, the first at the end of the first page.
const QUERY = "file-00999";

/** Types the query, presses Enter, and times (inside the page) the first hit and the end. */
async function searchOnce(page) {
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByTestId("open-folder").first().waitFor();
  await page.getByTestId("filter").fill(QUERY);
  return page.evaluate(() => new Promise((resolve) => {
    let first;
    const started = performance.now();
    const observer = new MutationObserver(() => {
      const hits = document.querySelectorAll('[data-testid="search-file"]').length;
      if (hits && first === undefined) first = performance.now() - started;
      if (/ found in /.test(document.querySelector('[data-testid="search-status"]')?.textContent ?? "")) {
        observer.disconnect();
        resolve({ first, last: performance.now() - started, hits });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    document.querySelector('[data-testid="filter"]').dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  }));
}

function medians(runs) {
  const hits = new Set(runs.map((r) => r.hits));
  if (hits.size !== 1 || !hits.has(FOLDERS)) throw new Error(`expected ${FOLDERS} hits each run, got ${[...hits]}`);
  return { first: median(runs.map((r) => r.first)), last: median(runs.map((r) => r.last)) };
}

export async function search() {
  const server = await serveDist(DIST, PORT);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await openPage({ browser, origin: `http://127.0.0.1:${PORT}` }, "/login");
    await signIn(page, newEmail("bench-search"));
    for (let i = 0; i < FOLDERS; i++) await seedObjects(page, `tree/${i}/inner/`, PER_FOLDER);
    const ours = [];
    for (let i = 0; i < RUNS; i++) ours.push(await searchOnce(page));
    const { Credentialed: { user, credentials } } = await storedSession(page);
    await page.context().close();
    await new Promise((done) => server.close(done));
    const theirs = await inSdkPage(browser, credentials, async (sdkPage, connection) => {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(await sdkPage.evaluate((options) => window.searchWithSdk(options), { ...connection, prefix: `users/${user.uid}/`, query: QUERY }));
      }
      return runs;
    });
    return { objects: FOLDERS * PER_FOLDER, firebridge: medians(ours), sdk: medians(theirs) };
  } finally {
    await browser.close();
    if (server.listening) await new Promise((done) => server.close(done));
  }
}
