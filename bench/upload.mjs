// Upload throughput of a 256 MiB file to the AWS stand-in (make bench starts it), one way after
// another, as the same signed-in user: Firebridge in Chromium (its multipart upload, through the
// real UI), with the CRC-32C of every part S3 checks and without (aws.uploadChecksums false);
// @aws-sdk/lib-storage in the same browser with the same part size and parallelism,
// as configured by default (a CRC32 of every part) and with checksums only where required;
// Chromium alone, the same parts sent as plain presigned XMLHttpRequest PUTs (the browser's ceiling);
// boto3's upload_file natively with the same settings (the goal is 0.8x of its speed); and curl
// sending it in one signed PUT (the server's own ceiling). Median of BENCH_UPLOAD_RUNS (3) runs.
import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { cp, mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { DIST, OUT, ROOT, median, serveDist } from "./lib.mjs";
import { PORT, inSdkPage } from "./sdk.mjs";
import { AWS, BUCKET, newEmail, openPage, signIn, storedSession } from "../tests/e2e/support/harness.mjs";

const MIB = 2 ** 20;
const SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 256) * MIB;
// Firebridge's choices for a file this size (src/aws/multipart.rs, src/services/upload.rs).
const PART_SIZE = 8 * MIB;
const PARALLEL_PARTS = 4;
const DIR = join(OUT, "upload");
const RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 3);

async function bigFile() {
  const path = join(DIR, `upload-${SIZE / MIB}MiB.bin`);
  const existing = await stat(path).catch(() => null);
  if (existing?.size === SIZE) return path;
  const file = await open(path, "w");
  const chunk = Buffer.alloc(16 * MIB);
  for (let written = 0; written < SIZE; written += chunk.length) await file.write(randomFillSync(chunk));
  await file.close();
  return path;
}

/**
 * A copy of dist/ whose config.json turns checksums off. (Not a route answering config.json:
 * any Playwright route puts every request of the page through the interception machinery,
 * uploads too, which slows them fivefold.)
 */
async function distWithoutChecksums() {
  const copy = join(OUT, "dist-without-checksums");
  await rm(copy, { recursive: true, force: true });
  await cp(DIST, copy, { recursive: true });
  const config = JSON.parse(await readFile(join(copy, "config.json"), "utf8"));
  config.aws.uploadChecksums = false;
  await writeFile(join(copy, "config.json"), JSON.stringify(config, null, 2));
  return copy;
}

/**
 * Signs a user in to Firebridge and uploads PATH through its UI, with or without CHECKSUMS;
 * seconds, and the user's credentials.
 */
async function firebridge(browser, path, checksums = true) {
  const server = await serveDist(checksums ? DIST : await distWithoutChecksums(), PORT);
  try {
    const page = await openPage({ browser, origin: `http://127.0.0.1:${PORT}` }, "/login");
    await signIn(page, newEmail("bench-upload"));
    await page.getByTestId("upload-input").setInputFiles(path);
    const started = Date.now();
    await page.getByTestId("upload").click();
    await page.getByTestId("upload-done").waitFor({ timeout: 15 * 60_000 });
    const seconds = (Date.now() - started) / 1000;
    const { Credentialed: { user, credentials } } = await storedSession(page);
    await page.context().close();
    return { seconds, uid: user.uid, credentials };
  } finally {
    await new Promise((done) => server.close(done));
  }
}

/** Seconds the SDK page's UPLOAD function takes to send PATH as the same user, with OPTIONS. */
async function inSdkPageUpload(browser, path, { uid, credentials }, upload, options) {
  const ms = await inSdkPage(browser, credentials, async (page, connection) => {
    await page.locator("#file").setInputFiles(path);
    const all = { ...connection, partSize: PART_SIZE, queueSize: PARALLEL_PARTS, ...options, key: `users/${uid}/${options.key}` };
    return page.evaluate(([upload, all]) => window[upload](all), [upload, all]);
  });
  return ms / 1000;
}

/** Seconds lib-storage takes to upload PATH as the same user, with or without its CRC32s. */
const sdk = (browser, path, user, checksums) => inSdkPageUpload(browser, path, user, "uploadWithSdk", { key: "sdk-upload.bin", checksums });

/** Seconds Chromium takes to send PATH as plain presigned part PUTs (no wasm, no SDK on the way). */
const plainPuts = (browser, path, user) => inSdkPageUpload(browser, path, user, "uploadWithPlainPuts", { key: "plain-upload.bin" });

function curl(path, { uid, credentials }) {
  const seconds = execFileSync("curl", [
    "-sS", "--fail", "-o", "/dev/null", "-w", "%{time_total}", "-T", path,
    "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", `${credentials.access_key_id}:${credentials.secret_access_key}`,
    "-H", `x-amz-security-token: ${credentials.session_token}`, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
    `${AWS}/${BUCKET}/users/${uid}/curl-upload.bin`,
  ], { encoding: "utf8" });
  return Number(seconds);
}

/** Seconds boto3 takes to upload PATH as the same user natively, and its settings. */
function boto3(path, { uid, credentials }, checksums) {
  const python = join(ROOT, "dev/.venv/bin/python");
  const env = {
    ...process.env, AWS_ENDPOINT_URL: AWS, BUCKET,
    AWS_ACCESS_KEY_ID: credentials.access_key_id, AWS_SECRET_ACCESS_KEY: credentials.secret_access_key,
    AWS_SESSION_TOKEN: credentials.session_token,
  };
  const args = [join(ROOT, "bench/boto3_upload.py"), path, `users/${uid}/boto3-upload.bin`, String(PART_SIZE / MIB), String(PARALLEL_PARTS),
    checksums ? "when_supported" : "when_required"];
  return JSON.parse(execFileSync(python, args, { encoding: "utf8", env }));
}

/** What RUNS runs of MEASURE (an async function) gave, one run after another. */
async function runsOf(measure) {
  const results = [];
  for (let run = 0; run < RUNS; run++) results.push(await measure());
  return results;
}

const medianSeconds = (runs) => median(runs.map((run) => run.seconds));
const medianOf = async (measure) => median(await runsOf(measure));

export async function upload() {
  await mkdir(DIR, { recursive: true });
  const path = await bigFile();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const firebridgeRuns = await runsOf(() => firebridge(browser, path));
    // The other clients upload as the first run's user, with its credentials (an hour: they
    // outlast every run).
    const [ours] = firebridgeRuns;
    const boto3Runs = await runsOf(() => boto3(path, ours, true));
    return {
      mib: SIZE / MIB,
      firebridge: medianSeconds(firebridgeRuns),
      firebridgeWithoutChecksums: medianSeconds(await runsOf(() => firebridge(browser, path, false))),
      sdk: await medianOf(() => sdk(browser, path, ours, true)),
      sdkWithoutChecksums: await medianOf(() => sdk(browser, path, ours, false)),
      plainPuts: await medianOf(() => plainPuts(browser, path, ours)),
      boto3: medianSeconds(boto3Runs),
      boto3WithoutChecksums: medianSeconds(await runsOf(async () => boto3(path, ours, false))),
      boto3Settings: boto3Runs[0].settings,
      curl: await medianOf(async () => curl(path, ours)),
      runs: RUNS,
    };
  } finally {
    await browser.close();
  }
}
