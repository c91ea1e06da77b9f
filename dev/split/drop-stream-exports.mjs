// Removes code no part of Firebridge can call: Leptos always enables server_fn's `browser`
// feature, which brings wasm-streams, whose three classes (IntoUnderlyingSource, -Sink and
// -ByteSource, for streaming server functions Firebridge does not have) wasm-bindgen exports
// from the main module. Exported, they and everything they call stayed in the first download
// (about 1.5 KB of brotli, wasm and JavaScript, 2026-12-01). This drops the classes from the
// glue and their exports from the module; wasm-opt then removes the code they kept alive.
// Fails the build if the glue no longer looks as expected, or anything still refers to them.
// Usage: node drop-stream-exports.mjs GLUE.js MODULE_bg.wasm WASM_OPT
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "acorn";

const [gluePath, wasmPath, wasmOpt] = process.argv.slice(2);
const fail = (why) => {
  console.error(`[firebridge] drop-stream-exports: ${why}`);
  process.exit(1);
};
const CLASS = /^IntoUnderlying(Source|Sink|ByteSource)(Finalization)?$/;

const glue = readFileSync(gluePath, "utf8");
const program = parse(glue, { ecmaVersion: "latest", sourceType: "module" });
// The names a top-level statement declares or assigns to, for the three shapes wasm-bindgen
// writes: `export class X`, `if (Symbol.dispose) X.prototype[...] = ...`, `const XFinalization`.
const names = (node) => {
  if (node.type === "ExportNamedDeclaration" && node.declaration?.type === "ClassDeclaration") {
    return [node.declaration.id.name];
  }
  if (node.type === "VariableDeclaration") return node.declarations.map((d) => d.id.name);
  if (node.type === "IfStatement" && node.consequent.type === "ExpressionStatement") {
    let target = node.consequent.expression.left;
    while (target?.type === "MemberExpression") target = target.object;
    return target?.type === "Identifier" ? [target.name] : [];
  }
  return [];
};
const dropped = program.body.filter((node) => {
  const declared = names(node);
  return declared.length > 0 && declared.every((name) => CLASS.test(name));
});
if (dropped.length !== 9) {
  fail(`expected 3 classes, 3 dispose hooks and 3 finalization registries, found ${dropped.length}`);
}
let kept = glue;
for (const node of [...dropped].reverse()) kept = kept.slice(0, node.start) + kept.slice(node.end);
if (/intounderlying/i.test(kept)) fail("the glue still refers to the stream classes");
writeFileSync(gluePath, kept);

const exports = (wasm) => {
  const module = new WebAssembly.Module(readFileSync(wasm));
  return WebAssembly.Module.exports(module).map((e) => e.name);
};
const before = exports(wasmPath).filter((name) => /intounderlying/.test(name));
if (before.length === 0) fail("the module exports no stream classes: is this step still needed?");
execFileSync(wasmOpt, [
  wasmPath,
  "--remove-exports",
  "--pass-arg=remove-exports@*intounderlying*",
  "-Oz",
  "--low-memory-unused",
  "--converge",
  "-o",
  wasmPath,
]);
if (exports(wasmPath).some((name) => /intounderlying/.test(name))) {
  fail("wasm-opt left stream exports in the module");
}
console.log(`[firebridge] dropped the unused stream classes (${before.length} exports)`);
