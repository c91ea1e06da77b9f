// Takes the README's screenshots: the files page (a signed-in user with a few folders and files)
// in the light theme, in the dark one and on a phone, and the doctor finding a bucket whose CORS
// hides ETag.
// Run with the stack up and dist/ built: dev/with-stack.sh node tests/e2e/screenshot.mjs
import { chromium } from "playwright-core";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serveDist } from "./support/serve.mjs";
import { breakAws, newEmail, newFolder, openPage, restoreAws, signIn } from "./support/harness.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const server = await serveDist(join(ROOT, "dist"), 4173);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await openPage({ browser, origin: "http://127.0.0.1:4173" }, "/login");
  await page.setViewportSize({ width: 1100, height: 820 });
  await signIn(page, newEmail("ada"));
  for (const name of ["Invoices", "Photos"]) {
    await newFolder(page, name);
    await page.getByTestId("open-folder").filter({ hasText: `${name}/` }).waitFor();
  }
  await page.getByTestId("upload-input").setInputFiles([
    { name: "Quarterly report.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(182_000, 1) },
    { name: "team photo 2026.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(2_400_000, 2) },
    { name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\n") },
  ]);
  await page.getByTestId("batch-progress").filter({ hasText: /^Uploaded 3 files/ }).waitFor();
  await page.getByTestId("file-row").nth(2).waitFor();
  await page.getByTestId("select").nth(3).check();
  await shoot(page, "files-page.png");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByTestId("file-row").nth(1).getByTestId("row-menu").click();
  await shoot(page, "files-page-dark.png");
  await page.keyboard.press("Escape");
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 780 });
  await shoot(page, "files-phone.png");
  await page.setViewportSize({ width: 1100, height: 820 });

  await breakAws("cors-etag");
  await page.getByRole("link", { name: "Doctor" }).click();
  await page.getByTestId("doctor-summary").filter({ hasText: /failed/ }).waitFor();
  await page.setViewportSize({ width: 1100, height: 1250 });
  await shoot(page, "doctor-page.png");
} finally {
  await restoreAws();
  await browser.close();
  server.close();
}

async function shoot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ROOT, "docs", name) });
  console.log(`wrote docs/${name}`);
}
