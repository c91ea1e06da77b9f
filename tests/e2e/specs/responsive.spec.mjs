// Every page fits every width from a 360 px phone to a 1920 px desktop: the page never scrolls
// sideways, and no control is cut off at either edge (issue 17: the files page was 690 px wide
// on a 390 px phone, with the header's controls off screen).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp, withConfig } from "../support/harness.mjs";
import { memberWithFiles, sidewaysOverflow, signedInPages, signedOutPages, visit } from "../support/tour.mjs";

const app = useApp();
const WIDTHS = [360, 390, 768, 1280, 1920];

test("signed in: every page, at every width, fits the window", async () => {
  const page = await memberWithFiles(app);
  const problems = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const entry of signedInPages) {
      await visit(page, app.origin, entry);
      for (const problem of await sidewaysOverflow(page)) problems.push(`${width} px, ${entry.name}: ${problem}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("signed out: sign-in, setup, a missing page and the config error page fit every width", async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const broken = await context.newPage();
  await withConfig(broken, (config) => { config.aws.roleArn = "not-an-arn"; });
  const problems = [];
  for (const width of WIDTHS) {
    for (const tab of [page, broken]) await tab.setViewportSize({ width, height: 800 });
    for (const entry of signedOutPages) {
      await visit(page, app.origin, entry);
      for (const problem of await sidewaysOverflow(page)) problems.push(`${width} px, ${entry.name}: ${problem}`);
    }
    await broken.goto(app.origin + "/");
    await broken.getByTestId("config-error").waitFor();
    for (const problem of await sidewaysOverflow(broken)) problems.push(`${width} px, config error: ${problem}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("on a phone the table reads as a list: name, then size and date, and the row's menu", async () => {
  const page = await memberWithFiles(app);
  await page.setViewportSize({ width: 360, height: 740 });
  const row = page.getByTestId("file-row").filter({ hasText: "notes.txt" });
  assert.equal(await page.locator("table.files thead").isVisible(), false, "no column headings");
  assert.match(await row.locator(".meta").innerText(), /^5 B · /, "size and date below the name");
  await row.getByTestId("row-menu").click();
  const sheet = await page.getByTestId("menu").boundingBox();
  assert.ok(sheet.x <= 1 && sheet.width >= 358 && Math.abs(sheet.y + sheet.height - 740) <= 1, "the menu is a sheet along the bottom");
});
