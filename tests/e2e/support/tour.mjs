// Every page of the app, each in a state worth looking at, for the specs that hold all of
// them to a rule (no sideways scrolling, no accessibility violation): the sign-in page, the
// config error page, a page that does not exist, the setup assistant, and, signed in, the files
// (with files, as a grid, with a folder, with a row's menu open, with a dialog open, searched), the team's files,
// the shared area, the identity page and the doctor.
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { invite, newEmail, newFolder, openPage, requestLink, signInLinkFor } from "./harness.mjs";

const AXE = join(dirname(fileURLToPath(import.meta.url)), "../node_modules/axe-core/axe.min.js");

/** The pages a visitor sees before signing in, each with a name and how to get there. */
export const signedOutPages = [
  { name: "sign-in", path: "/login", ready: (page) => page.getByTestId("email").waitFor() },
  { name: "not found", path: "/no/such/page", ready: (page) => page.getByRole("heading", { name: "Page not found" }).waitFor() },
  { name: "setup", path: "/setup", ready: (page) => page.getByTestId("setup-project-id").waitFor() },
];

/** The pages of a signed-in member of a team, each opened from the app bar or the address. */
export const signedInPages = [
  {
    // As a list: the grid entry (the last) leaves the grid chosen on the device.
    name: "files", path: "/",
    ready: async (page) => {
      await page.getByTestId("layout-list").click();
      await page.locator("table.files:not(.tiles)").getByTestId("file-row").first().waitFor();
    },
  },
  {
    name: "files, menu open", path: "/",
    ready: async (page) => {
      await page.getByTestId("file-row").first().getByTestId("row-menu").click();
      await page.getByTestId("menu").waitFor();
    },
  },
  {
    name: "files, dialog open", path: "/",
    ready: async (page) => {
      await page.getByTestId("new-folder").click();
      await page.getByTestId("new-folder-dialog").waitFor();
    },
  },
  {
    name: "files, details open", path: "/",
    ready: async (page) => {
      await page.getByTestId("file-row").first().getByTestId("row-menu").click();
      await page.getByTestId("menu").getByTestId("details").click();
      await page.getByTestId("details").waitFor();
    },
  },
  {
    name: "files, details with the tags editor", path: "/",
    ready: async (page) => {
      await page.getByTestId("file-row").first().getByTestId("row-menu").click();
      await page.getByTestId("menu").getByTestId("details").click();
      await page.getByTestId("details-edit-tags").click();
      await page.getByTestId("tags-add").click();
      await page.getByTestId("tag-key").first().waitFor();
    },
  },
  {
    name: "files, details with the type editor", path: "/",
    ready: async (page) => {
      await page.getByTestId("file-row").first().getByTestId("row-menu").click();
      await page.getByTestId("menu").getByTestId("details").click();
      await page.getByTestId("details-change-type").click();
      await page.getByTestId("details-type-input").waitFor();
    },
  },
  {
    name: "files, versions open", path: "/",
    ready: async (page) => {
      await page.getByTestId("recently-deleted").waitFor();
      await page.getByTestId("file-row").first().getByTestId("row-menu").click();
      await page.getByTestId("menu").getByTestId("versions").click();
      await page.getByTestId("version").first().waitFor();
    },
  },
  {
    name: "files, recently deleted", path: "/",
    ready: async (page) => {
      await page.getByTestId("recently-deleted").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="deleted-status"]')?.getAttribute("aria-busy") === "false");
    },
  },
  {
    name: "files, PDF preview", path: "/",
    ready: async (page) => {
      await page.getByTestId("file-row").filter({ hasText: ".pdf" }).getByTestId("row-menu").click();
      await page.getByTestId("menu").getByTestId("preview").click();
      await page.getByTestId("preview-pdf").waitFor();
    },
  },
  {
    name: "files, selection", path: "/",
    ready: async (page) => {
      await page.getByTestId("select").first().check();
      await page.getByTestId("selection-bar").waitFor();
    },
  },
  {
    name: "search", path: "/?q=report",
    ready: (page) => page.getByTestId("search-file").first().waitFor(),
  },
  { name: "empty folder", path: "/?folder=empty%2F", ready: (page) => page.getByTestId("no-files").waitFor() },
  { name: "team", path: "/team", ready: (page) => page.locator('[data-testid="file-table"], [data-testid="no-files"]').first().waitFor() },
  { name: "shared", path: "/shared", ready: (page) => page.getByTestId("file-row").first().waitFor() },
  { name: "identity", path: "/identity", ready: (page) => page.getByTestId("aws-arn").waitFor() },
  { name: "doctor", path: "/doctor", ready: (page) => page.getByTestId("doctor-summary").waitFor({ timeout: 60_000 }) },
  {
    // Last: the choice stays on the device (the files entry above chooses the list again).
    name: "files, grid", path: "/",
    ready: async (page) => {
      await page.getByTestId("layout-grid").click();
      await page.locator("table.tiles").getByTestId("file-row").first().waitFor();
    },
  },
];

/** A page signed in as a new member of a team, with two files and an empty folder of its own. */
export async function memberWithFiles(app, options = {}) {
  const email = newEmail("tour");
  await invite(email, { team: `tour-${Date.now()}` });
  const page = await openPage(app, "/login", options);
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("no-files").waitFor();
  await page.getByTestId("upload-input").setInputFiles([
    { name: "Quarterly report with a long name, final version (2).pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("notes") },
  ]);
  await page.getByTestId("file-row").nth(1).waitFor();
  await newFolder(page, "empty");
  await page.getByTestId("folder-row").waitFor();
  return page;
}

/** Opens PAGE (a tour entry) in TAB and waits until it is ready to be looked at. */
export async function visit(tab, origin, entry) {
  await tab.goto(origin + entry.path);
  await entry.ready(tab);
}

/**
 * What axe-core (WCAG 2.1 A and AA) finds wrong with the page as it is, one line per rule and
 * element. Evaluated through the DevTools protocol: the page's Content-Security-Policy, which
 * would refuse an injected script, stays as it is.
 */
export async function accessibilityViolations(tab) {
  const loaded = await tab.evaluate(() => typeof window.axe !== "undefined");
  if (!loaded) await tab.evaluate(await readFile(AXE, "utf8"));
  const violations = await tab.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary.split("\n")[1] ?? ""}`));
  });
  return violations;
}

/**
 * Whether the page fits its width: the document no wider than the window, and every control
 * on screen within it (none cut off at either side).
 */
export async function sidewaysOverflow(tab) {
  return tab.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const controls = document.querySelectorAll("button, a[href], input:not([type=file]), select, textarea, [tabindex='0']");
    const cut = [...controls]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .filter((el) => !el.closest("pre, .uploads, [hidden]"))
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > width + 1); })
      .map((el) => `${el.tagName.toLowerCase()} ${el.dataset.testid ?? el.getAttribute("aria-label") ?? el.textContent.trim().slice(0, 30)}`);
    const wide = document.documentElement.scrollWidth > width ? [`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`] : [];
    return [...wide, ...cut];
  });
}
