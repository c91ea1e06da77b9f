// make bench: Firebridge beside its JavaScript equivalent, built and measured in the same run.
// Prints one table per measure; every figure has its ratio to the JavaScript anchor.
import { cpus, totalmem } from "node:os";
import { buildJsEquivalent } from "./build-js-equivalent.mjs";
import { coldLoad } from "./cold-load.mjs";
import { listing } from "./listing.mjs";
import { signing } from "./signing.mjs";
import { upload } from "./upload.mjs";
import { appFiles, kb, printTable, sizes } from "./lib.mjs";

const ratio = (value, anchor) => `${(value / anchor).toFixed(2)}x`;

const js = await buildJsEquivalent();
const app = appFiles();
const size = {
  "Firebridge, first visit": sizes(app.first),
  "Firebridge, everything": sizes(app.all),
  "JS SDKs, no framework": sizes(js.plain),
  "JS SDKs + React": sizes(js.react),
};
const anchor = size["JS SDKs + React"];
printTable("First-load transfer (KB; ratio: brotli against JS SDKs + React)", Object.entries(size).map(([what, s]) => ({
  what, raw: kb(s.raw), gzip: kb(s.gzip), brotli: kb(s.brotli), ratio: ratio(s.brotli, anchor.brotli),
})));

const loads = await coldLoad();
const loadAnchor = loads.find((row) => row.what === "JS SDKs + React");
printTable("Cold load to an interactive sign-in form (ms, median; ratio against JS SDKs + React)", loads.map((row) => ({
  what: row.what,
  loopback: row.loopback.toFixed(0), ratio: ratio(row.loopback, loadAnchor.loopback),
  "fast 4G": row["fast 4G"].toFixed(0), "ratio ": ratio(row["fast 4G"], loadAnchor["fast 4G"]),
})));

const sig = await signing();
printTable(`SigV4 signing of one S3 PUT (µs per signature, mean of ${sig.times}; ratio against the AWS JS SDK)`, [
  { what: "Firebridge in Chromium (wasm)", micros: sig.wasm.toFixed(1), ratio: ratio(sig.wasm, sig.js) },
  { what: "AWS JS SDK SignatureV4, same page", micros: sig.js.toFixed(1), ratio: "1.00x" },
  { what: "Firebridge native (same code)", micros: sig.native.toFixed(1), ratio: ratio(sig.native, sig.js) },
]);

const up = await upload();
const rate = (seconds) => up.mib / seconds;
printTable(`Upload of ${up.mib} MiB from this machine to the stand-in (MiB/s; ratio against @aws-sdk/lib-storage)`, [
  { what: "Firebridge in Chromium (8 MiB parts, 4 at a time)", seconds: up.firebridge.toFixed(1), "MiB/s": rate(up.firebridge).toFixed(1), ratio: ratio(rate(up.firebridge), rate(up.sdk)) },
  { what: "@aws-sdk/lib-storage, same browser and settings", seconds: up.sdk.toFixed(1), "MiB/s": rate(up.sdk).toFixed(1), ratio: "1.00x" },
  { what: "the same, without its default CRC32 per part", seconds: up.sdkWithoutChecksums.toFixed(1), "MiB/s": rate(up.sdkWithoutChecksums).toFixed(1), ratio: ratio(rate(up.sdkWithoutChecksums), rate(up.sdk)) },
  { what: "curl, one PUT (the server's ceiling)", seconds: up.curl.toFixed(1), "MiB/s": rate(up.curl).toFixed(1), ratio: ratio(rate(up.curl), rate(up.sdk)) },
]);

const big = await listing();
printTable(`A folder of ${big.objects.toLocaleString("en")} objects (median of ${process.env.BENCH_RUNS ?? 5} opens; ratio against the AWS SDK's paginator)`, [
  { what: "Firebridge: list, then draw the first 200 rows", value: `${big.open.toFixed(0)} ms`, ratio: ratio(big.open, big.sdk), detail: `${big.lists} ListObjectsV2 pages, ${big.network.toFixed(0)} ms of it waiting for them` },
  { what: "AWS SDK paginateListObjectsV2, same browser", value: `${big.sdk.toFixed(0)} ms`, ratio: "1.00x", detail: "fetching only, nothing drawn" },
  { what: "Firebridge: Show more, 200 rows more", value: `${big.showMore.toFixed(0)} ms`, ratio: "", detail: "" },
  { what: "Firebridge: scrolling for 2 s", value: `${big.jank.slow} of ${big.jank.frames}`, ratio: "", detail: "frames slower than 50 ms" },
  { what: "Firebridge: JS heap, 200 / 400 rows", value: `${big.before.heapMb.toFixed(1)} / ${big.after.heapMb.toFixed(1)} MB`, ratio: "", detail: "after a garbage collection" },
  { what: "Firebridge: wasm memory", value: `${big.after.wasmMb.toFixed(1)} MB`, ratio: "", detail: "linear memory, high-water mark" },
  { what: "Firebridge: DOM nodes, 200 / 400 rows", value: `${big.before.nodes} / ${big.after.nodes}`, ratio: "", detail: "" },
]);

console.log(`\nmachine: ${cpus().length} x ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}`);
