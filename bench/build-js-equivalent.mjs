// Builds the JavaScript equivalent (js-equivalent/) with esbuild --bundle --minify, once without
// a framework and once with React, into out/plain and out/react: each a page with config.json.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH, DIST, OUT } from "./lib.mjs";

export async function buildJsEquivalent() {
  rmSync(OUT, { recursive: true, force: true });
  for (const [name, entry] of [["plain", "plain.js"], ["react", "react.jsx"]]) {
    const dir = join(OUT, name);
    mkdirSync(dir, { recursive: true });
    await build({
      entryPoints: [join(BENCH, "js-equivalent", entry)],
      bundle: true, minify: true, format: "esm", target: "es2022", outfile: join(dir, "app.js"),
      define: { "process.env.NODE_ENV": '"production"' }, jsx: "automatic", logLevel: "error",
    });
    const page = readFileSync(join(BENCH, "js-equivalent", "index.html"), "utf8").replace("ENTRY", "app.js");
    writeFileSync(join(dir, "index.html"), page);
    copyFileSync(join(DIST, "config.json"), join(dir, "config.json"));
  }
  return { plain: [join(OUT, "plain", "app.js")], react: [join(OUT, "react", "app.js")] };
}
