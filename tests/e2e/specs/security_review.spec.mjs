// The security review's findings, each as a user (or an attacker among the users) would meet
// it: an uploaded page or SVG never runs as a page through a share link or a preview, the
// download frame may only download, and what localStorage holds does not outlive its upload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, signIn, useApp, rowAction, rowActions } from "../support/harness.mjs";

const app = useApp();

async function upload(page, files) {
  await page.getByTestId("upload-input").setInputFiles(files);
  await page.getByTestId("upload-done").nth(files.length - 1).waitFor();
}

async function shareUrl(page, name) {
  const row = page.getByTestId("file-row").filter({ has: page.getByTestId("file-name").getByText(name, { exact: true }) });
  await rowAction(row, "share");
  const url = await page.getByTestId("share-url").inputValue();
  await page.getByTestId("close-dialog").click();
  return url;
}

test("a shared page or SVG downloads, never shows; a shared image or text shows with the type its name implies", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("share-types"));
  const script = "<script>document.title='pwned'</script>";
  await upload(page, [
    { name: "evil.html", mimeType: "text/html", buffer: Buffer.from(`<h1>hi</h1>${script}`) },
    { name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${script}</svg>`) },
    { name: "notes.txt", mimeType: "text/html", buffer: Buffer.from(`uploaded as text/html ${script}`) },
  ]);
  for (const name of ["evil.html", "logo.svg"]) {
    const answer = await fetch(await shareUrl(page, name));
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-disposition") ?? "", /^attachment; filename="/, name);
  }
  const text = await fetch(await shareUrl(page, "notes.txt"));
  assert.equal(text.headers.get("content-type"), "text/plain; charset=utf-8", "the name decides, not the upload's type");
  assert.match(text.headers.get("content-disposition") ?? "", /^inline/);

  // Opened in a browser tab, the shared page is saved, never rendered.
  const tab = await page.context().newPage();
  const [download] = await Promise.all([tab.waitForEvent("download"), tab.goto(await shareUrl(page, "evil.html")).catch(() => null)]);
  assert.equal(download.suggestedFilename(), "evil.html");
  assert.notEqual(await tab.title(), "pwned");
});

test("an SVG gets no preview, and downloads go through a frame that may only download", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("svg"));
  await upload(page, [{ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }]);
  const row = page.getByTestId("file-row").filter({ hasText: "logo.svg" });
  assert.ok(!(await rowActions(row)).includes("preview"), "no Preview for an SVG");
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row, "download")]);
  assert.equal(download.suggestedFilename(), "logo.svg");
  const frames = await page.locator("iframe[hidden]").evaluateAll((all) => all.map((f) => f.getAttribute("sandbox")));
  assert.deepEqual(frames, ["allow-downloads"]);
});

test("records of interrupted uploads are forgotten once S3 has aborted their upload", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("stale-records"));
  const eightDaysAgo = Math.floor(Date.now() / 1000) - 8 * 86400;
  await page.evaluate((startedAt) => {
    const record = (key, started_at) => JSON.stringify({ bucket: "firebridge-files", key, upload_id: "u", file: ["big.bin", 1, 1], part_size: 8388608, done: [], started_at });
    localStorage.setItem("firebridge.upload.firebridge-files/users/x/old.bin", record("users/x/old.bin", startedAt));
    localStorage.setItem("firebridge.upload.firebridge-files/users/x/older.bin", JSON.stringify({ bucket: "firebridge-files", key: "users/x/older.bin", upload_id: "u", file: ["b", 1, 1], part_size: 8388608, done: [] }));
    localStorage.setItem("firebridge.upload.firebridge-files/users/x/new.bin", record("users/x/new.bin", Math.floor(Date.now() / 1000)));
  }, eightDaysAgo);
  await page.reload();
  await page.locator('[data-testid="file-table"], [data-testid="no-files"]').first().waitFor();
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("firebridge.upload.")));
  assert.deepEqual(kept, ["firebridge.upload.firebridge-files/users/x/new.bin"]);
});
