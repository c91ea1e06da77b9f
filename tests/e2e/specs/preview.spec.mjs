// Looking at a file without downloading it: images and text show in the page, audio and video
// play in the browser's player; what cannot be shown (binary named .txt, too big, a format the
// browser cannot play) says why and points at Download.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, signIn, useApp, rowAction, rowActions } from "../support/harness.mjs";
import { png } from "../support/png.mjs";
import { accessibilityViolations, sidewaysOverflow } from "../support/tour.mjs";

const app = useApp();

async function upload(page, files) {
  await page.getByTestId("upload-input").setInputFiles(files);
  for (const { name } of files) await page.getByTestId("file-row").filter({ hasText: name }).waitFor();
}

const rowOf = (page, name) => page.getByTestId("file-row").filter({ hasText: name });

test("an image and a text file preview in the page", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("preview"));
  const text = "Première ligne\n日本語の行 🎉\n<b>not bold</b>\n";
  await upload(page, [
    { name: "photo.png", mimeType: "application/octet-stream", buffer: png(30, 20) },
    { name: "notes 日本.txt", mimeType: "text/plain", buffer: Buffer.from(text) },
  ]);

  await rowAction(rowOf(page, "photo.png"), "preview");
  const image = page.getByTestId("preview-image");
  await image.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview-image"]')?.complete);
  const shown = await image.evaluate((img) => ({ width: img.naturalWidth, height: img.naturalHeight, src: img.src, alt: img.alt }));
  assert.deepEqual({ width: shown.width, height: shown.height, alt: shown.alt }, { width: 30, height: 20, alt: "photo.png" });
  assert.match(shown.src, /^blob:/, "shown from the page's memory, not a URL carrying a signature");
  await page.getByTestId("close-dialog").click();

  await rowAction(rowOf(page, "notes 日本.txt"), "preview");
  const pre = page.getByTestId("preview-text");
  await pre.waitFor();
  assert.equal(await pre.textContent(), text, "shown as text, markup included, not rendered");
  assert.equal(await page.locator("pre b").count(), 0);
  assert.equal(await page.getByTestId("preview-line-numbers").textContent(), "1\n2\n3", "a number for each line");
  await page.keyboard.press("Escape");
  assert.equal(await page.getByTestId("preview-dialog").count(), 0, "Escape closes the preview");
  assert.equal(await image.count(), 0);
});

// Source code reads with its line numbers; a long line scrolls inside the preview, not the page,
// the numbers staying in view, and out of what is copied.
test("code previews with line numbers, and a long line scrolls within the preview on a phone", async () => {
  const page = await openPage(app, "/login", { viewport: { width: 360, height: 740 } });
  await signIn(page, newEmail("preview-code"));
  const code = Array.from({ length: 120 }, (_, i) => `let line_${i + 1} = "${"x".repeat(i === 7 ? 300 : 10)}";`).join("\n");
  await upload(page, [{ name: "main.rs", mimeType: "text/plain", buffer: Buffer.from(code) }]);
  await rowAction(rowOf(page, "main.rs"), "preview");
  await page.getByTestId("preview-text").waitFor();
  const numbers = await page.getByTestId("preview-line-numbers").textContent();
  assert.equal(numbers.split("\n").length, 120);
  assert.equal(numbers.split("\n").at(-1), "120");
  const layout = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    // The text scrolls sideways on its own; the numbers stay in view beside it.
    box: (() => { const text = document.querySelector('[data-testid="preview-text"]'); return text.scrollWidth > text.clientWidth; })(),
    selectable: getComputedStyle(document.querySelector('[data-testid="preview-line-numbers"]')).userSelect,
  }));
  assert.deepEqual(layout, { page: true, box: true, selectable: "none" }, "the long line scrolls in its box; numbers are not selected with the text");
});

test("a binary file named .txt, a too-big log and a zip are not previewed, each with the reason", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("no-preview"));
  await upload(page, [
    { name: "data.txt", mimeType: "text/plain", buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]) },
    { name: "server.log", mimeType: "text/plain", buffer: Buffer.alloc(1536 * 1024, "log line\n") },
    { name: "bundle.zip", mimeType: "application/zip", buffer: Buffer.from("PK") },
  ]);

  await rowAction(rowOf(page, "data.txt"), "preview");
  await page.getByTestId("preview-error").waitFor();
  assert.match(await page.getByTestId("preview-error").innerText(), /does not contain plain text.*Download it/);
  await page.getByTestId("close-dialog").click();

  page.requests.length = 0;
  await rowAction(rowOf(page, "server.log"), "preview");
  await page.getByTestId("preview-error").waitFor();
  assert.match(await page.getByTestId("preview-error").innerText(), /too big to preview here \(1\.5 MiB; previews go up to 1\.0 MiB\)/);
  assert.equal(page.requests.filter((url) => url.includes("server.log")).length, 0, "nothing was downloaded");

  await page.getByTestId("close-dialog").click();
  await page.getByTestId("recently-deleted").waitFor(); // the page knows the bucket keeps versions
  assert.deepEqual(await rowActions(rowOf(page, "bundle.zip")), ["download", "share", "details", "versions", "rename", "move", "copy", "delete"], "no Preview for a zip");
});

/** SECONDS of silence as a real WAV file (8 kHz, mono, 16-bit PCM). */
function wav(seconds) {
  const data = Buffer.alloc(8000 * 2 * seconds);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

// Audio and video play in the browser's own player, streamed from a presigned link the
// Content-Security-Policy's media-src allows (a violation fails every test); a file the
// browser cannot play says so and points at Download.
test("audio plays in the page's player on a phone, and a file that cannot play says so", async () => {
  const page = await openPage(app, "/login", { viewport: { width: 360, height: 740 } });
  await signIn(page, newEmail("media"));
  await page.getByTestId("no-files").waitFor();
  await upload(page, [
    { name: "voice memo.wav", mimeType: "", buffer: wav(2) },
    { name: "broken.mp4", mimeType: "video/mp4", buffer: Buffer.from("not a video at all") },
  ]);
  await rowAction(rowOf(page, "voice memo.wav"), "preview");
  const audio = page.getByTestId("preview-audio");
  await audio.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview-audio"]')?.readyState >= 1);
  assert.equal(Math.round(await audio.evaluate((a) => a.duration)), 2, "the browser read the file's length");
  assert.equal(await audio.getAttribute("aria-label"), "Player of voice memo.wav");
  await page.keyboard.press("Escape");
  await page.getByTestId("preview-dialog").waitFor({ state: "detached" });

  await rowAction(rowOf(page, "broken.mp4"), "preview");
  await page.getByTestId("preview-error").filter({ hasText: "This browser cannot play this file" }).waitFor();
});

// A README reads as a document, and nothing a file holds becomes markup or a script's link:
// raw HTML shows as the text it is, a javascript: link is text, images load nothing.
test("a Markdown file previews rendered on a phone, its HTML inert, its source a button away", async () => {
  const page = await openPage(app, "/login", { viewport: { width: 360, height: 740 } });
  await signIn(page, newEmail("preview-markdown"));
  const source = [
    "# Project", "", "## Usage", "", "Some **bold** and *soft* words, `code` too.", "",
    "- one", "- two", "  - nested", "", "1. first", "2. second", "",
    "```", "make run", "```", "", "> a quote", "",
    "[docs](https://example.com/docs) [evil](javascript:alert(1)) ![pic](https://example.com/x.png)", "",
    "<script>window.ran = true</script><img src=x onerror=\"window.ran = true\">", "",
  ].join("\n");
  await upload(page, [{ name: "README.md", mimeType: "text/markdown", buffer: Buffer.from(source) }]);
  await rowAction(rowOf(page, "README.md"), "preview");
  const doc = page.getByTestId("preview-markdown");
  await doc.waitFor();
  assert.equal(await doc.getByRole("heading", { name: "Project", level: 3 }).count(), 1);
  assert.equal(await doc.getByRole("heading", { name: "Usage", level: 4 }).count(), 1);
  assert.equal(await doc.locator("strong").innerText(), "bold");
  assert.equal(await doc.locator("em").innerText(), "soft");
  assert.deepEqual(await doc.locator("ul > li").evaluateAll((items) => items.length), 3);
  assert.equal(await doc.locator("ol").getAttribute("start"), "1");
  assert.equal(await doc.locator("pre code").innerText(), "make run");
  assert.equal(await doc.locator("blockquote").innerText(), "a quote");
  const links = await doc.locator("a").evaluateAll((all) => all.map((a) => [a.textContent, a.href, a.rel]));
  assert.deepEqual(links, [["docs", "https://example.com/docs", "noopener noreferrer"]], "only the web link is a link");
  assert.match(await doc.innerText(), /evil pic/);
  assert.match(await doc.innerText(), /<script>window\.ran = true<\/script><img src=x onerror="window\.ran = true">/);
  assert.equal(await doc.locator("script, img").count(), 0, "nothing of the file became an element");
  assert.equal(await page.evaluate(() => window.ran), undefined);
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(await sidewaysOverflow(page), []);

  await page.getByTestId("preview-source").click();
  assert.equal(await page.getByTestId("preview-text").textContent(), source);
  assert.equal(await page.getByTestId("preview-source").getAttribute("aria-pressed"), "true");
  assert.deepEqual(page.consoleErrors, []);
});

// A PDF opens in the browser's own viewer, streamed from a presigned link that makes S3 serve
// it inline as application/pdf, whatever it was uploaded as (here: an attachment of another
// type), in a frame on the bucket's origin.
test("a PDF previews in a frame from a link that serves it inline as a PDF", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("preview-pdf"));
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
  await upload(page, [{ name: "paper.pdf", mimeType: "application/octet-stream", buffer: pdf }]);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith("/paper.pdf") && r.request().method() === "GET");
  await rowAction(rowOf(page, "paper.pdf"), "preview");
  const frame = page.getByTestId("preview-pdf");
  await frame.waitFor();
  const src = new URL(await frame.getAttribute("src"));
  assert.equal(src.searchParams.get("response-content-type"), "application/pdf");
  assert.equal(src.searchParams.get("response-content-disposition"), "inline");
  assert.ok(src.searchParams.get("X-Amz-Signature"), "a presigned link");
  assert.equal(await frame.getAttribute("sandbox"), null, "Chromium runs no PDF viewer in a sandboxed frame");
  const answer = await answered;
  const { "content-type": type, "content-disposition": disposition } = answer.headers();
  assert.deepEqual({ status: answer.status(), type, disposition }, { status: 200, type: "application/pdf", disposition: "inline" });
  assert.deepEqual(page.consoleErrors, []);
});
