// Cold load in headless Chromium: from navigation to a sign-in form the user can type into
// (its email field in the page), each run in a fresh context (empty cache), on the loopback
// network and on an emulated mobile network. The time is taken in the page itself.
import { chromium } from "playwright-core";
import { join } from "node:path";
import { DIST, OUT, freshPage, median, serveDist } from "./lib.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
// A good mobile connection (Chrome DevTools' "Fast 4G"): 9 Mbps down, 1.5 Mbps up, 60 ms RTT.
const MOBILE = { offline: false, latency: 60, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8) };
const FORM = '[data-testid="password-email"]';

// Records when the email field first exists and is enabled, in performance.now() milliseconds.
const WATCH_FOR_FORM = `(() => {
  const seen = () => { const el = document.querySelector('${FORM}'); return el && !el.disabled; };
  new MutationObserver((_, observer) => {
    if (seen()) { window.__formAt = performance.now(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true, attributes: true });
})()`;

async function timeToForm(browser, url, network) {
  const page = await freshPage(browser, network);
  await page.addInitScript(WATCH_FOR_FORM);
  await page.goto(url);
  await page.waitForFunction(() => window.__formAt !== undefined, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => window.__formAt);
  await page.context().close();
  return ms;
}

export async function coldLoad() {
  const sites = [["Firebridge", DIST, "/login"], ["JS SDKs, no framework", join(OUT, "plain"), "/"], ["JS SDKs + React", join(OUT, "react"), "/"]];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  const results = [];
  try {
    for (const [what, root, path] of sites) {
      // Firebridge as deployed (with its Content-Security-Policy); the JS equivalents as built.
      // Compressed as the hosts compress (the warm-up run fills the server's cache).
      const server = await serveDist(root, 0, { compress: true, securityHeaders: root === DIST });
      const url = `http://127.0.0.1:${server.address().port}${path}`;
      const row = { what };
      for (const [label, network] of [["loopback", null], ["fast 4G", MOBILE]]) {
        await timeToForm(browser, url, network); // warm-up: Chromium's own start-up costs
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await timeToForm(browser, url, network));
        row[label] = median(runs);
      }
      results.push(row);
      await new Promise((done) => server.close(done));
    }
  } finally {
    await browser.close();
  }
  return results;
}
