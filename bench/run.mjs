// make bench: Firebridge beside its JavaScript equivalent, built and measured in the same run.
// Prints one table per measure; every figure has its ratio to the JavaScript anchor.
import { cpus, totalmem } from "node:os";
import { buildJsEquivalent } from "./build-js-equivalent.mjs";
import { coldLoad } from "./cold-load.mjs";
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

console.log(`\nmachine: ${cpus().length} x ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${new Date().toISOString().slice(0, 10)}`);
