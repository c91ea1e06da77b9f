// Moves the start-up script Trunk writes inline into index.html to a file of its own (with its
// integrity hash), so the Content-Security-Policy needs no 'unsafe-inline' and no per-build
// hash, and puts the policy that needs no config.json (dev/meta-content-security-policy.txt)
// into index.html itself, before any script, for hosts that send no header. The script first
// applies the theme the user picked. Fails the build if
// index.html still holds any inline script, style or event handler.
// Usage: node start-script.mjs DIST HASH
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const [dist, hash] = process.argv.slice(2);
const fail = (why) => {
  console.error(`[firebridge] ${why}`);
  process.exit(1);
};
const indexPath = `${dist}/index.html`;
let html = readFileSync(indexPath, "utf8");
const inline = /<script type=module>([\s\S]*?)<\/script>/;
const script = html.match(inline)?.[1] ?? fail("no inline start-up script in index.html: did Trunk change its output?");
const base = html.match(/<base href="?([^" >]+)"?>/)?.[1] ?? "/";
const name = `start-${hash}.js`;
// The theme the user picked, before the app is fetched: no light page flashes before a dark
// one. (The app applies it too: services/locale.rs, which stores it as JSON.)
const theme = `try { const t = JSON.parse(localStorage.getItem("firebridge.theme")); if (t === "light" || t === "dark") document.documentElement.dataset.theme = t; } catch {}\n`;
const start = theme + script;
writeFileSync(`${dist}/${name}`, start);
const integrity = `sha384-${createHash("sha384").update(start).digest("base64")}`;
html = html.replace(inline, `<script type=module src="${base}${name}" integrity="${integrity}"></script>`);
const policy = readFileSync(new URL("../meta-content-security-policy.txt", import.meta.url), "utf8").trim();
const charset = /<meta charset="?utf-8"?>/i;
if (!charset.test(html)) fail("index.html has no <meta charset>: did Trunk change its output?");
html = html.replace(charset, (tag) => `${tag}<meta http-equiv="Content-Security-Policy" content="${policy}">`);
if (/<script(?![^>]*\ssrc=)[^>]*>/.test(html)) fail("index.html still has an inline script");
if (/<style|\sstyle=|\son[a-z]+=/i.test(html)) fail("index.html has inline style or an event handler attribute");
writeFileSync(indexPath, html);
