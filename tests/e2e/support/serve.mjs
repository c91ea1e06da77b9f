// Serves dist/ like a static host with an SPA fallback (unknown paths get index.html), so
// /login works on reload, and with the security headers the setup assistant generates for the
// local config.json (dev/security-headers.txt, held equal to them by a unit test: the
// Content-Security-Policy and the rest), so the whole suite runs under the headers users
// deploy. Any static host does the same in production.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
/** The headers, lower-cased names to values. */
export const SECURITY_HEADERS = Object.fromEntries(
  (await readFile(join(ROOT, "dev/security-headers.txt"), "utf8")).trim().split("\n").map((line) => {
    const [name, ...value] = line.split(": ");
    return [name.toLowerCase(), value.join(": ")];
  }),
);
export const CSP = SECURITY_HEADERS["content-security-policy"];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
};

/**
 * Serves ROOT on PORT; `securityHeaders: false` leaves the headers out (pages that are not
 * the app, such as the benchmark's JavaScript equivalents). `compress: true` answers in brotli
 * a browser that accepts it, as the hosts the README deploys to do (Firebase Hosting, and
 * CloudFront with `Compress`): what a throttled network carries is then what users download.
 */
export function serveDist(root, port, { securityHeaders = true, compress = false } = {}) {
  const compressed = new Map();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = join(root, path);
    if (!file.startsWith(root) || !(await isFile(file))) file = join(root, "index.html");
    let body = await readFile(file);
    const brotli = compress && /\bbr\b/.test(req.headers["accept-encoding"] ?? "");
    if (brotli) {
      if (!compressed.has(file)) compressed.set(file, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      body = compressed.get(file);
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      ...(brotli ? { "content-encoding": "br", vary: "accept-encoding" } : {}),
      ...(securityHeaders ? SECURITY_HEADERS : {}),
    });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
