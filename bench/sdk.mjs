// The AWS SDK v3 side of the upload and listing benchmarks (sdk/page.mjs), bundled by esbuild
// and served where the stand-in's bucket CORS lets it call S3.
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { BENCH, OUT, serveDist } from "./lib.mjs";
import { AWS, BUCKET } from "../tests/e2e/support/harness.mjs";

const DIR = join(OUT, "sdk");
// The stand-in's bucket CORS allows the e2e suite's origin.
export const PORT = 4173;

async function buildPage() {
  await mkdir(DIR, { recursive: true });
  await copyFile(join(BENCH, "sdk/page.mjs"), join(DIR, "page.src.mjs"));
  await build({ entryPoints: [join(DIR, "page.src.mjs")], bundle: true, minify: true, format: "esm", outfile: join(DIR, "page.js"), logLevel: "error" });
  await writeFile(join(DIR, "index.html"), '<!doctype html><input type="file" id="file"><div id="root"></div><script type="module" src="page.js"></script>');
}

/**
 * The SDK sends headers of its own (amz-sdk-*, checksums) that the app's CORS rules do not list,
 * and lib-storage reads each part's checksum from UploadPart's answer for the completion (S3
 * refuses a completion without them): the bucket's CORS must allow and expose those headers.
 */
export async function allowSdkHeaders() {
  const exposeHeaders = ["ETag", "Date", "x-amz-request-id",
    ...["crc32", "crc32c", "crc64nvme", "sha1", "sha256"].map((a) => `x-amz-checksum-${a}`)];
  await fetch(`${AWS}/standin/bucket-cors-headers`, { method: "POST", body: JSON.stringify({ bucket: BUCKET, allowedHeaders: ["*"], exposeHeaders }) });
}

/**
 * Runs WORK(page) in the SDK's page, as the user whose CREDENTIALS (the app's stored form) are
 * given; the page's functions take them as `connection`.
 */
export async function inSdkPage(browser, credentials, work) {
  await buildPage();
  await allowSdkHeaders();
  const server = await serveDist(DIR, PORT, { securityHeaders: false });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(() => window.listWithSdk);
    const connection = {
      endpoint: AWS, bucket: BUCKET,
      credentials: { accessKeyId: credentials.access_key_id, secretAccessKey: credentials.secret_access_key, sessionToken: credentials.session_token },
    };
    const result = await work(page, connection);
    await page.close();
    return result;
  } finally {
    await new Promise((done) => server.close(done));
  }
}
