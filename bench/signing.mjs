// SigV4 signing speed: the app's signer compiled to wasm and the AWS JS SDK's SignatureV4, in
// one Chromium page on the same request (both must produce botocore's recorded signature),
// and the app's signer natively. Builds examples/sign_bench.rs for both targets first.
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { BENCH, OUT, ROOT, serveDist } from "./lib.mjs";

const TIMES = Number(process.env.BENCH_SIGNATURES ?? 5_000);
const DIR = join(OUT, "signing");

function cargo(...args) {
  return execFileSync("cargo", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

async function buildPage() {
  await mkdir(DIR, { recursive: true });
  cargo("build", "--quiet", "--release", "--example", "sign_bench", "--target", "wasm32-unknown-unknown");
  const wasm = join(ROOT, "target/wasm32-unknown-unknown/release/examples/sign_bench.wasm");
  execFileSync("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", DIR, wasm], { stdio: "inherit" });
  // Beside wasm-bindgen's output, so that its `./sign_bench.js` import resolves.
  await copyFile(join(BENCH, "signing/page.mjs"), join(DIR, "page.src.mjs"));
  await build({
    entryPoints: [join(DIR, "page.src.mjs")], bundle: true, minify: true, format: "esm",
    outfile: join(DIR, "page.js"), logLevel: "warning",
  });
  await writeFile(join(DIR, "index.html"), '<!doctype html><script type="module" src="page.js"></script>');
}

export async function signing() {
  await buildPage();
  const expected = (await readFile(join(ROOT, "tests/fixtures/signing/s3_put_authorization.txt"), "utf8")).trim();
  const server = await serveDist(DIR, 0, { securityHeaders: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.runBench);
    const { wasm, js } = await page.evaluate((times) => window.runBench(times), TIMES);
    for (const [who, result] of [["wasm", wasm], ["JS SDK", js]]) {
      if (result.authorization !== expected) throw new Error(`${who} signed differently from botocore: ${result.authorization}`);
    }
    const native = JSON.parse(cargo("run", "--quiet", "--release", "--example", "sign_bench", "--", String(TIMES * 4)));
    return { times: TIMES, wasm: wasm.micros, js: js.micros, native: native.microsPerSignature };
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
}
