// Shared by the bench scripts: where things are, sizes, a static server, and one table.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH);
export const DIST = join(ROOT, "dist");
export const OUT = join(BENCH, "out");
export { serveDist } from "../tests/e2e/support/serve.mjs";

/** Raw, gzip -9 and brotli -q 11 bytes of FILES, summed. */
export function sizes(files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = readFileSync(file);
    total.raw += bytes.length;
    total.gzip += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

/** Firebridge's dist/, as dev/size.sh groups it: the first visit's files, and all of them. */
export function appFiles() {
  const index = readFileSync(join(DIST, "index.html"), "utf8");
  const all = readdirSync(DIST).filter((name) => /\.(wasm|js|css)$/.test(name));
  const first = all.filter((name) => index.includes(`/${name}`) || name.startsWith("__wasm_split-"));
  return { first: first.map((name) => join(DIST, name)), all: all.map((name) => join(DIST, name)) };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const kb = (bytes) => (bytes / 1000).toFixed(1);

/** Prints ROWS ({ what, ...columns }) as one aligned table. */
export function printTable(title, rows) {
  const columns = Object.keys(rows[0]);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(width[i]) : String(cell).padStart(width[i]))).join("  ");
  console.log(`\n${title}\n${line(columns)}\n${width.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(columns.map((c) => row[c])));
}

/** A page in a fresh browser context (empty cache and storage), on NETWORK if given (CDP's conditions). */
export async function freshPage(browser, network) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (network) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", network);
  }
  return page;
}
