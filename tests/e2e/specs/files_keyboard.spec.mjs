// The file table from the keyboard alone: Tab reaches one row, arrows move between rows, Enter
// opens, Space selects, Delete asks, Shift+F10 or the menu key opens the row's menu, Escape
// closes it; dialogs keep focus inside and give it back to where it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useApp } from "../support/harness.mjs";
import { memberWithFiles } from "../support/tour.mjs";

const app = useApp();
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.dataset.id ?? el?.dataset.testid ?? el?.tagName;
});
const rowIds = (page) => page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.id));

/** Tabs to the table: exactly one row is in the tab order (the others are reached by arrows). */
async function focusFirstRow(page) {
  const tabbable = page.locator('tbody tr[tabindex="0"]');
  assert.equal(await tabbable.count(), 1, "one row in the tab order");
  await page.getByRole("button", { name: "Modified" }).focus();
  await page.keyboard.press("Tab");
}

test("arrows move between rows, Enter opens a folder, Space selects, Delete asks", async () => {
  const page = await memberWithFiles(app);
  const ids = await rowIds(page);
  assert.equal(ids.length, 3, "a folder and two files");
  await focusFirstRow(page);
  assert.equal(await focused(page), ids[0], "Tab lands on the first row");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(page), ids[1]);
  await page.keyboard.press("End");
  assert.equal(await focused(page), ids[2]);
  await page.keyboard.press("ArrowUp");
  assert.equal(await focused(page), ids[1]);
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "row-menu", "the focused row's menu button comes next");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(page), ids[1], "one row in the tab order: the one last focused");

  await page.keyboard.press(" ");
  assert.equal(await page.locator(`tr[data-id="${ids[1]}"]`).getAttribute("aria-selected"), "true");
  assert.equal(await page.getByTestId("selected-count").innerText(), "1 selected");
  await page.keyboard.press("Delete");
  const dialog = page.getByTestId("delete-dialog");
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Delete .*\?/);
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), "focus is in the dialog");
  for (let i = 0; i < 6; i++) await page.keyboard.press("Tab");
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), "Tab stays in the dialog");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await focused(page), ids[1], "focus is back on the row");
  assert.equal(await page.getByTestId("file-row").count(), 2, "nothing was deleted");

  await page.keyboard.press("Home");
  await page.keyboard.press("Enter");
  await page.getByTestId("current-folder").filter({ hasText: "empty" }).waitFor();
  await page.getByTestId("no-files").waitFor();
});

test("Shift+F10 and the menu key open the row's menu; arrows move in it; Escape closes it", async () => {
  const page = await memberWithFiles(app);
  await focusFirstRow(page);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+F10");
  const menu = page.getByTestId("menu");
  await menu.waitFor();
  const items = await menu.getByRole("menuitem").evaluateAll((all) => all.map((i) => i.dataset.testid));
  assert.equal(await focused(page), items[0], "focus on the first item");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focused(page), items[1]);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await focused(page), items.at(-1), "arrows wrap around");
  await page.keyboard.press("Escape");
  await menu.waitFor({ state: "detached" });
  assert.equal(await focused(page), "row-menu", "Escape gives focus back to the menu's button");

  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("ContextMenu");
  await menu.waitFor();
  await page.keyboard.press("Escape");

  // The menu's Rename opens a dialog; closing it returns focus to the row's menu button.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+F10");
  await menu.getByTestId("rename").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("rename-dialog").waitFor();
  assert.equal(await focused(page), "rename-path", "the name field has focus");
  await page.keyboard.press("Escape");
  await page.getByTestId("rename-dialog").waitFor({ state: "detached" });
  assert.equal(await focused(page), "row-menu");
});

test("a right-click on a row opens its menu, where the mouse is", async () => {
  const page = await memberWithFiles(app);
  const row = page.getByTestId("file-row").filter({ hasText: "notes.txt" });
  await page.getByTestId("recently-deleted").waitFor(); // the page knows the bucket keeps versions
  await row.click({ button: "right" });
  await row.getByTestId("menu").waitFor();
  assert.deepEqual(await row.getByTestId("menu").getByRole("menuitem").allInnerTexts(),
    ["Preview", "Download", "Share link", "Details", "Versions", "Rename", "Move", "Copy", "Delete"]);
  await page.mouse.click(5, 5);
  await row.getByTestId("menu").waitFor({ state: "detached" });
});
