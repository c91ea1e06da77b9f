// A folder of 1,000 files totalling 1 GiB downloaded as one zip, as a user does it (the folder's
// menu, Download as zip), in headless Chromium with the local stack up: the zip goes through the
// app's service worker into the browser's downloads (headless Chromium has no save picker), and
// the time runs from the click to the download's end on disk. The anchor: the same files
// downloaded one by one, in order, by the AWS SDK's GetObject in the same browser, each body read
// to its end (not even written to disk). The page's peak memory (JS heap + wasm linear memory)
// is sampled through the DevTools protocol while the zip downloads.
import { chromium } from "playwright-core";
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DIST, ROOT, median, serveDist } from "./lib.mjs";
import { PORT, inSdkPage } from "./sdk.mjs";
import { AWS, BUCKET, newEmail, openPage, rowAction, signIn, storedSession } from "../tests/e2e/support/harness.mjs";

const FILES = Number(process.env.BENCH_ZIP_FILES ?? 1_000);
// 1 GiB in all, in files of just over 1 MiB.
const FILE_BYTES = Math.ceil(2 ** 30 / FILES);
const RUNS = Math.min(Number(process.env.BENCH_RUNS ?? 5), 3);

/** FILES files of FILE_BYTES each (random bytes: nothing compresses on the way) under FOLDER. */
async function seed(page, folder) {
  const { Credentialed: { user, credentials } } = await storedSession(page);
  const script = `
import os, sys, boto3, concurrent.futures as f
s3 = boto3.client("s3", endpoint_url="${AWS}", region_name="us-east-1", aws_access_key_id=sys.argv[1],
                  aws_secret_access_key=sys.argv[2], aws_session_token=sys.argv[3])
body = os.urandom(${FILE_BYTES})
with f.ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda i: s3.put_object(Bucket="${BUCKET}", Key=f"{sys.argv[4]}{i // 100}/file-{i:04d}.bin", Body=body), range(${FILES})))
`;
  await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), ["-c", script, credentials.access_key_id,
    credentials.secret_access_key, credentials.session_token, `users/${user.uid}/${folder}`], { maxBuffer: 1 << 20 });
  return { user, credentials };
}

/** Samples the page's JS heap and wasm memory until stopped; the peak, in MB. */
async function sampleMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
      peak = Math.max(peak, (heap + wasm) / 2 ** 20);
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  return async () => { running = false; await loop; return peak; };
}

async function zipOnce(page, dir) {
  const row = page.getByTestId("folder-row").filter({ hasText: "zipbench/" });
  await row.waitFor();
  const stop = await sampleMemory(page);
  const started = performance.now();
  const starting = page.waitForEvent("download", { timeout: 600_000 });
  await rowAction(row, "zip");
  const download = await starting;
  const file = join(dir, `run-${Date.now()}.zip`);
  await download.saveAs(file);
  const seconds = (performance.now() - started) / 1000;
  const peakMb = await stop();
  const { size } = await stat(file);
  if (size < FILES * FILE_BYTES) throw new Error(`the zip has ${size} bytes, fewer than its files`);
  await rm(file);
  await page.getByTestId("toasts").getByText(`Saved zipbench.zip: ${FILES.toLocaleString("en")} files.`).waitFor();
  return { seconds, peakMb };
}

export async function zip() {
  const server = await serveDist(DIST, PORT);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  const dir = await mkdtemp(join(tmpdir(), "bench-zip-"));
  try {
    const page = await openPage({ browser, origin: `http://127.0.0.1:${PORT}` }, "/login");
    await page.addInitScript(() => {
      delete window.showSaveFilePicker;
      addEventListener("TrunkApplicationStarted", (e) => { window.__wasmMemory = e.detail.wasm.memory; });
    });
    await signIn(page, newEmail("bench-zip"));
    const { user, credentials } = await seed(page, "zipbench/");
    await page.reload();
    const ours = [];
    for (let i = 0; i < RUNS; i++) ours.push(await zipOnce(page, dir));
    await page.context().close();
    await new Promise((done) => server.close(done));
    const prefix = `users/${user.uid}/zipbench/`;
    const keys = Array.from({ length: FILES }, (_, i) => `${prefix}${Math.floor(i / 100)}/file-${String(i).padStart(4, "0")}.bin`);
    const theirs = await inSdkPage(browser, credentials, async (sdkPage, connection) => {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await sdkPage.evaluate((options) => window.downloadEachWithSdk(options), { ...connection, keys }));
      return runs;
    });
    const mib = (FILES * FILE_BYTES) / 2 ** 20;
    return {
      files: FILES, mib,
      zip: median(ours.map((r) => r.seconds)),
      peakMb: Math.max(...ours.map((r) => r.peakMb)),
      oneByOne: median(theirs.map((r) => r.ms / 1000)),
    };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
    if (server.listening) await new Promise((done) => server.close(done));
  }
}
