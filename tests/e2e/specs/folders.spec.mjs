// Browsing the user's folder as people do in a file manager: folders they create and open,
// breadcrumbs and Back to return, the folder kept across a reload, sorting, and big folders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, seedObjects, signIn, useApp, newFolder } from "../support/harness.mjs";

const app = useApp();

async function upload(page, name, size = 10) {
  await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.alloc(size, 97) });
  await page.getByTestId("file-row").filter({ hasText: name }).waitFor();
}

const rowNames = (page) => page.locator("tbody tr .entry-name").allInnerTexts();

test("a folder is created, opened, filled, kept across a reload, and left by breadcrumb and Back", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("folders"));
  await page.getByTestId("new-folder").click();
  await page.getByTestId("new-folder-name").fill("a/b");
  await page.getByTestId("create-folder").click();
  await page.getByText("A folder name cannot contain / or be . or ..").waitFor();
  assert.equal(await page.getByTestId("new-folder-name").inputValue(), "a/b", "the typed name is kept");

  await page.getByTestId("new-folder-name").fill("Trips 2026");
  await page.getByTestId("create-folder").click();
  await page.getByTestId("open-folder").filter({ hasText: "Trips 2026/" }).click();
  await page.getByTestId("current-folder").filter({ hasText: "Trips 2026" }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get("folder"), "Trips 2026/");
  await page.getByTestId("no-files").waitFor();
  await upload(page, "inside.txt");

  await page.reload();
  await page.getByTestId("file-row").filter({ hasText: "inside.txt" }).waitFor();
  assert.equal(await page.getByTestId("current-folder").innerText(), "Trips 2026");

  await page.getByTestId("crumb-top").click();
  await page.getByTestId("folder-row").waitFor();
  assert.deepEqual(await rowNames(page), ["Trips 2026/"], "the file is inside the folder, not at the top");
  await page.goBack();
  await page.getByTestId("file-row").filter({ hasText: "inside.txt" }).waitFor();
});

test("sorting by name, size and date keeps folders first", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("sorting"));
  await upload(page, "b.txt", 300);
  await upload(page, "A.txt", 20);
  await upload(page, "c.txt", 1000);
  await newFolder(page, "zeta");
  await page.getByTestId("folder-row").waitFor();
  assert.deepEqual(await rowNames(page), ["zeta/", "A.txt", "b.txt", "c.txt"]);
  await page.getByRole("button", { name: "Size" }).click();
  assert.deepEqual(await rowNames(page), ["zeta/", "A.txt", "b.txt", "c.txt"]);
  await page.getByRole("button", { name: /^Size/ }).click();
  assert.deepEqual(await rowNames(page), ["zeta/", "c.txt", "b.txt", "A.txt"]);
  await page.getByRole("button", { name: "Name", exact: true }).click();
  await page.getByRole("button", { name: /^Name/ }).click();
  assert.deepEqual(await rowNames(page), ["zeta/", "c.txt", "b.txt", "A.txt"], "descending by name");
});

test("a folder of 1,200 files is listed over two S3 pages and drawn 200 rows at a time", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("many"));
  await seedObjects(page, "many/", 1200);
  await page.goto(`${app.origin}/?folder=many%2F`);
  await page.getByTestId("file-table").waitFor();
  const listings = page.requests.filter((url) => url.includes("list-type=2") && url.includes("many"));
  assert.equal(listings.length, 2, "1,000 keys per page: two requests");
  assert.equal(await page.getByTestId("file-row").count(), 200);
  assert.match(await page.getByTestId("show-more").innerText(), /200 of 1,200 shown/);
  await page.getByTestId("show-more").click();
  assert.equal(await page.getByTestId("file-row").count(), 400);
  assert.equal(await page.locator("tbody tr .entry-name").first().innerText(), "file-00000.txt");
});

test("deleting a selection counts a folder's whole contents, asks, and deletes 1,000 at a time", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("bulk"));
  for (const name of ["a.txt", "b.txt", "c.txt"]) await upload(page, name);
  await seedObjects(page, "big/", 1203);
  await seedObjects(page, "big/deeper/", 2);
  await page.reload();
  await page.getByTestId("folder-row").waitFor();
  await page.getByRole("checkbox", { name: "Select b.txt" }).check();
  await page.getByRole("checkbox", { name: "Select big" }).check();
  await page.getByTestId("delete-selected").click();
  const confirm = page.getByTestId("delete-question");
  await confirm.filter({ hasText: /objects will be deleted/ }).waitFor();
  assert.match(await confirm.innerText(), /^1,206 objects will be deleted, folders with everything in them\. The bucket keeps old versions/,
    "the file, and the folder with everything below it; the versioned bucket keeps them");
  await page.getByTestId("confirm-delete").click();
  await page.waitForFunction(() => document.querySelectorAll("tbody tr .entry-name").length === 2);
  assert.deepEqual(await rowNames(page), ["a.txt", "c.txt"]);
  const batches = page.answers.filter((a) => a.method === "POST" && a.url.endsWith("?delete"));
  assert.equal(batches.length, 2, "1,206 keys: two DeleteObjects requests");
  assert.equal(await page.locator("[role=alert]").count(), 0);
});
