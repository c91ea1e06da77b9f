// make bench: Firebridge beside its JavaScript equivalent, built and measured in the same run.
// Prints one table per measure; every figure has its ratio to the JavaScript anchor.
import { cpus, totalmem } from "node:os";
import { buildJsEquivalent } from "./build-js-equivalent.mjs";
import { coldLoad } from "./cold-load.mjs";
import { listing } from "./listing.mjs";
import { search } from "./search.mjs";
import { signInToFiles } from "./sign-in-to-files.mjs";
import { signing } from "./signing.mjs";
import { upload } from "./upload.mjs";
import { zip } from "./zip.mjs";
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
printTable("Cold load to an interactive sign-in form, served compressed (ms, median; ratio against JS SDKs + React)", loads.map((row) => ({
  what: row.what,
  loopback: row.loopback.toFixed(0), ratio: ratio(row.loopback, loadAnchor.loopback),
  "fast 4G": row["fast 4G"].toFixed(0), "ratio ": ratio(row["fast 4G"], loadAnchor["fast 4G"]),
})));

const arrivals = await signInToFiles();
const arrivalAnchor = arrivals.find((row) => row.what === "JS SDKs + React");
printTable(`From opening an email sign-in link to the first rows of the folder (ms, median of ${process.env.BENCH_RUNS ?? 7}, cold cache; ratio against JS SDKs + React, goal <= 0.70x)`, arrivals.flatMap((row) => [
  { what: row.what,
    loopback: row.loopback.ms.toFixed(0), ratio: ratio(row.loopback.ms, arrivalAnchor.loopback.ms),
    "fast 4G": row["fast 4G"].ms.toFixed(0), "ratio ": ratio(row["fast 4G"].ms, arrivalAnchor["fast 4G"].ms) },
  { what: "  of which the Firebase and STS round trips (the floor)",
    loopback: row.loopback.roundTrips.toFixed(0), ratio: "", "fast 4G": row["fast 4G"].roundTrips.toFixed(0), "ratio ": "" },
]));

const sig = await signing();
printTable(`SigV4 signing of one S3 PUT (µs per signature, mean of ${sig.times}; ratio against the AWS JS SDK)`, [
  { what: "Firebridge in Chromium (wasm)", micros: sig.wasm.toFixed(1), ratio: ratio(sig.wasm, sig.js) },
  { what: "AWS JS SDK SignatureV4, same page", micros: sig.js.toFixed(1), ratio: "1.00x" },
  { what: "Firebridge native (same code)", micros: sig.native.toFixed(1), ratio: ratio(sig.native, sig.js) },
]);

const up = await upload();
const rate = (seconds) => up.mib / seconds;
printTable(`Upload of ${up.mib} MiB from this machine to the stand-in (MiB/s, median of ${up.runs}; ratio against @aws-sdk/lib-storage)`, [
  { what: "Firebridge in Chromium (8 MiB parts, 4 at a time, CRC-32C each)", seconds: up.firebridge.toFixed(1), "MiB/s": rate(up.firebridge).toFixed(1), ratio: ratio(rate(up.firebridge), rate(up.sdk)) },
  { what: "  the same without checksums (ours with / without)", seconds: up.firebridgeWithoutChecksums.toFixed(1), "MiB/s": rate(up.firebridgeWithoutChecksums).toFixed(1), ratio: `${ratio(rate(up.firebridge), rate(up.firebridgeWithoutChecksums))} with/without` },
  { what: "@aws-sdk/lib-storage, same browser and settings", seconds: up.sdk.toFixed(1), "MiB/s": rate(up.sdk).toFixed(1), ratio: "1.00x" },
  { what: "the same, without its default CRC32 per part", seconds: up.sdkWithoutChecksums.toFixed(1), "MiB/s": rate(up.sdkWithoutChecksums).toFixed(1), ratio: ratio(rate(up.sdkWithoutChecksums), rate(up.sdk)) },
  { what: "Chromium alone: the same parts as plain presigned PUTs, no wasm", seconds: up.plainPuts.toFixed(1), "MiB/s": rate(up.plainPuts).toFixed(1), ratio: ratio(rate(up.plainPuts), rate(up.sdk)) },
  { what: `boto3 upload_file, natively (${up.boto3Settings})`, seconds: up.boto3.toFixed(1), "MiB/s": rate(up.boto3).toFixed(1), ratio: ratio(rate(up.boto3), rate(up.sdk)) },
  { what: "  the same without checksums", seconds: up.boto3WithoutChecksums.toFixed(1), "MiB/s": rate(up.boto3WithoutChecksums).toFixed(1), ratio: ratio(rate(up.boto3WithoutChecksums), rate(up.sdk)) },
  { what: "Firebridge against boto3, both with checksums (goal >= 0.80x)", seconds: "", "MiB/s": "", ratio: ratio(rate(up.firebridge), rate(up.boto3)) },
  { what: "curl, one PUT (the server's ceiling)", seconds: up.curl.toFixed(1), "MiB/s": rate(up.curl).toFixed(1), ratio: ratio(rate(up.curl), rate(up.sdk)) },
]);

const big = await listing();
const [ours, theirs] = [big.firebridge, big.sdk];
const memory = (m) => m.heapMb + m.wasmMb;
printTable(`A folder of ${big.objects.toLocaleString("en")} objects (median of ${process.env.BENCH_RUNS ?? 5}; ratio against the AWS SDK's paginator with React)`, [
  { what: "open: list, then draw the first 200 rows (ms)", Firebridge: ours.open.toFixed(0), "SDK + React": theirs.open.toFixed(0), ratio: ratio(ours.open, theirs.open) },
  { what: "  of which listing (ms; SDK: fetching alone)", Firebridge: ours.network.toFixed(0), "SDK + React": theirs.fetch.toFixed(0), ratio: ratio(ours.network, theirs.fetch) },
  { what: "Show more: 200 rows more (ms)", Firebridge: ours.showMore.toFixed(0), "SDK + React": theirs.showMore.toFixed(0), ratio: ratio(ours.showMore, theirs.showMore) },
  { what: "scrolling 2 s: frames over 50 ms", Firebridge: `${ours.jank.slow}/${ours.jank.frames}`, "SDK + React": `${theirs.jank.slow}/${theirs.jank.frames}`, ratio: "" },
  { what: "memory at 400 rows (MB; JS heap + wasm)", Firebridge: `${ours.after.heapMb.toFixed(1)}+${ours.after.wasmMb.toFixed(1)}`, "SDK + React": theirs.after.heapMb.toFixed(1), ratio: ratio(memory(ours.after), memory(theirs.after)) },
  { what: "DOM nodes at 400 rows", Firebridge: ours.after.nodes, "SDK + React": theirs.after.nodes, ratio: ratio(ours.after.nodes, theirs.after.nodes) },
]);

const found = await search();
printTable(`A search by name through ${found.objects.toLocaleString("en")} objects in sub-folders (ms, median of ${process.env.BENCH_RUNS ?? 5}; ratio against the AWS SDK's paginator with React)`, [
  { what: "to the first hit on screen", Firebridge: found.firebridge.first.toFixed(0), "SDK + React": found.sdk.first.toFixed(0), ratio: ratio(found.firebridge.first, found.sdk.first) },
  { what: "to the last (every key listed)", Firebridge: found.firebridge.last.toFixed(0), "SDK + React": found.sdk.last.toFixed(0), ratio: ratio(found.firebridge.last, found.sdk.last) },
]);

const zipped = await zip();
const speed = (seconds) => zipped.mib / seconds;
printTable(`A folder of ${zipped.files.toLocaleString("en")} files (${zipped.mib.toFixed(0)} MiB) as one zip (median of ${Math.min(Number(process.env.BENCH_RUNS ?? 5), 3)}; ratio against the same files one by one with the AWS SDK)`, [
  { what: "Firebridge: Download as zip, click to file on disk", seconds: zipped.zip.toFixed(1), "MiB/s": speed(zipped.zip).toFixed(1), ratio: ratio(speed(zipped.zip), speed(zipped.oneByOne)) },
  { what: "AWS SDK GetObject, each in turn, read to the end", seconds: zipped.oneByOne.toFixed(1), "MiB/s": speed(zipped.oneByOne).toFixed(1), ratio: "1.00x" },
  { what: "Firebridge's peak page memory meanwhile (MB, JS heap + wasm; goal < 64)", seconds: "", "MiB/s": zipped.peakMb.toFixed(1), ratio: "" },
]);

console.log(`\nmachine: ${cpus().length} x ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}`);
