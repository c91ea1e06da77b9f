// The figure a user feels most: from opening an email sign-in link to the first rows of their
// folder. Each run opens a fresh sign-in link in a fresh browser context (empty cache, as on a
// device that has not seen the app, but with the address the link was sent to kept, as on the
// device that asked for it), on the loopback network and on Chrome's "Fast 4G" profile.
// Between the click and the rows lie, for both apps, the page's own code, Firebase's sign-in
// (one round trip), STS's AssumeRoleWithWebIdentity (one more, which needs the first's token)
// and ListObjectsV2: the two sequential round trips are the floor. The anchor is the JavaScript
// equivalent (js-equivalent/react.jsx): the Firebase JS SDK's signInWithEmailLink, the AWS
// SDK's AssumeRoleWithWebIdentity and ListObjectsV2, drawn with React. Both served compressed,
// as the hosts the README deploys to serve them.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, OUT, ROOT, freshPage, median, serveDist } from "./lib.mjs";
import { PORT, allowSdkHeaders } from "./sdk.mjs";
import { AUTH, invite, newEmail, openPage, seedObjects, signIn, signInLinkFor } from "../tests/e2e/support/harness.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ORIGIN = `http://127.0.0.1:${PORT}`;
// As in cold-load.mjs: 9 Mbps down, 1.5 Mbps up, 60 ms round trips, for every request.
const MOBILE = { offline: false, latency: 60, downloadThroughput: 9e6 / 8, uploadThroughput: 1.5e6 / 8 };
const ROWS = 20;

// Records, in performance.now() milliseconds (0 = the link opened), when a file row first shows.
const WATCH_FOR_ROWS = `(() => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="file-row"]')) { window.__rowsAt = performance.now(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
})()`;

/** A fresh sign-in link for EMAIL that opens CONTINUE_URL, as the emulator "emails" it. */
async function freshLink(email, continueUrl) {
  const { apiKey } = JSON.parse(readFileSync(join(ROOT, "public/config.json"), "utf8")).firebase;
  const response = await fetch(`${AUTH}/identitytoolkit.googleapis.com/v1/accounts:sendOobCode?key=${apiKey}`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ requestType: "EMAIL_SIGNIN", email, continueUrl, canHandleCodeInApp: true }),
  });
  if (!response.ok) throw new Error(`sendOobCode: ${response.status} ${await response.text()}`);
  return signInLinkFor(email);
}

/**
 * The two round trips every sign-in waits for, from the page's Resource Timing: Firebase's
 * email-link sign-in and STS's exchange (request sent to last byte, ms, summed).
 */
const ROUND_TRIPS = `(() => {
  const entries = performance.getEntriesByType("resource");
  const took = (match) => { const e = entries.find(match); return e ? e.responseEnd - e.startTime : NaN; };
  return took((e) => e.name.includes("accounts:signInWithEmailLink"))
    + took((e) => { const url = new URL(e.name); return url.port === "5000" && url.pathname === "/"; });
})()`;

/** Opens a fresh link in a fresh context: ms to the first file row, and the round trips' share. */
async function linkToRows(browser, app, email, network) {
  const page = await freshPage(browser, network);
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), app.rememberedEmail(email));
  await page.addInitScript(WATCH_FOR_ROWS);
  await page.goto(await freshLink(email, app.continueUrl));
  await page.waitForFunction(() => window.__rowsAt !== undefined, null, { timeout: 60_000 }).catch(async (error) => {
    throw new Error(`${app.what}: no file row came (the page says: ${(await page.locator("body").innerText()).slice(0, 300)})`, { cause: error });
  });
  const ms = await page.evaluate(() => window.__rowsAt);
  const roundTrips = await page.evaluate(ROUND_TRIPS);
  await page.context().close();
  return { ms, roundTrips };
}

const APPS = [
  { what: "Firebridge", root: DIST, headers: { compress: true }, continueUrl: `${ORIGIN}/login?next=files`,
    rememberedEmail: (email) => ["firebridge.emailForSignIn", JSON.stringify(email)] },
  { what: "JS SDKs + React", root: join(OUT, "react"), headers: { compress: true, securityHeaders: false }, continueUrl: `${ORIGIN}/`, sdk: true,
    rememberedEmail: (email) => ["emailForSignIn", email] },
];

export async function signInToFiles() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  const results = [];
  try {
    // One invited user with a folder of ROWS files, signed in once to seed it.
    const email = newEmail("bench-sign-in");
    await invite(email);
    let server = await serveDist(DIST, PORT);
    const seeding = await openPage({ browser, origin: ORIGIN }, "/login");
    await signIn(seeding, email);
    await seedObjects(seeding, "", ROWS);
    await seeding.context().close();
    await new Promise((done) => server.close(done));
    for (const app of APPS) {
      if (app.sdk) await allowSdkHeaders();
      server = await serveDist(app.root, PORT, app.headers);
      const row = { what: app.what };
      for (const [label, network] of [["loopback", null], ["fast 4G", MOBILE]]) {
        await linkToRows(browser, app, email, network); // warm-up: Chromium's own start-up costs
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await linkToRows(browser, app, email, network));
        row[label] = { ms: median(runs.map((r) => r.ms)), roundTrips: median(runs.map((r) => r.roundTrips)) };
      }
      results.push(row);
      await new Promise((done) => server.close(done));
    }
  } finally {
    await browser.close();
  }
  return results;
}
