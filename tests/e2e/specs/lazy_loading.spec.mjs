// Code splitting (src/platform/chunk.rs): a first visit downloads only the sign-in page; the
// rest arrives on first use, and a chunk that fails to arrive is explained and fetched again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createUser, openPage, submitPassword, useApp } from "../support/harness.mjs";

const app = useApp();
const wasmFetched = (page) => page.requests.filter((url) => url.endsWith(".wasm")).map((url) => new URL(url).pathname);
const PASSWORD = "correct horse battery";

test("a first visit downloads the main module only; typing fetches the sign-in code", async () => {
  const page = await openPage(app, "/");
  await page.getByTestId("password-email").waitFor();
  assert.deepEqual(wasmFetched(page).map((path) => path.replace(/-[0-9a-f]+_bg\.wasm$/, "")), ["/firebridge"]);

  const networkChunk = page.waitForRequest(/split_network-[0-9a-f]+\.wasm$/);
  await page.getByTestId("password-email").pressSequentially("a");
  await networkChunk;
  assert.ok(!wasmFetched(page).some((path) => path.includes("files_page")), "the files page is not needed yet");
});

test("a sign-in whose code cannot be downloaded says so, keeps the input, and works on retry", async () => {
  const email = await createUser("chunk-network");
  const page = await openPage(app, "/login");
  await page.route(/split_network-[0-9a-f]+\.wasm$/, (route) => route.abort("internetdisconnected"));
  await submitPassword(page, email, PASSWORD);
  assert.match(await page.getByTestId("error").innerText(), /Part of Firebridge could not be downloaded/);
  assert.equal(await page.getByTestId("password-email").inputValue(), email);
  assert.equal(await page.getByTestId("password").inputValue(), PASSWORD);

  await page.unroute(/split_network-[0-9a-f]+\.wasm$/);
  await page.getByTestId("password-submit").click();
  await page.getByTestId("no-files").waitFor();
});

test("a page whose chunk cannot be downloaded offers to try again, and the session stays", async () => {
  const email = await createUser("chunk-page");
  const page = await openPage(app, "/login");
  await page.route(/split_files_page-[0-9a-f]+\.wasm$/, (route) => route.abort("internetdisconnected"));
  await submitPassword(page, email, PASSWORD);
  assert.match(await page.getByTestId("error").innerText(), /Part of Firebridge could not be downloaded/);
  assert.equal(await page.getByTestId("signed-in-as").innerText(), email);

  await page.unroute(/split_files_page-[0-9a-f]+\.wasm$/);
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("no-files").waitFor();
});

// A reload reads the stored session in the network chunk: if that cannot be downloaded, the
// user must not be signed out (nor the session dropped from sessionStorage).
test("a reload whose session code cannot be downloaded keeps the session, and works on retry", async () => {
  const email = await createUser("chunk-reload");
  const page = await openPage(app, "/login");
  await submitPassword(page, email, PASSWORD);
  await page.getByTestId("no-files").waitFor();

  await page.route(/split_network-[0-9a-f]+\.wasm$/, (route) => route.abort("internetdisconnected"));
  await page.reload();
  assert.match(await page.getByTestId("error").innerText(), /Part of Firebridge could not be downloaded/);
  assert.equal(await page.getByTestId("password-email").count(), 0, "no sign-in form: the user is still signed in");
  assert.ok(await page.evaluate(() => sessionStorage.getItem("firebridge.session")), "the session is still stored");

  await page.unroute(/split_network-[0-9a-f]+\.wasm$/);
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("no-files").waitFor();
  assert.equal(await page.getByTestId("signed-in-as").innerText(), email);
});
