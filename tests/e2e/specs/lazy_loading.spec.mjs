// Code splitting (src/platform/chunk.rs): a first visit downloads only the sign-in page; the
// rest arrives on first use, and a chunk that fails to arrive is explained and fetched again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createUser, isSts, newEmail, openPage, requestLink, signInLinkFor, submitPassword, useApp } from "../support/harness.mjs";

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

// Issue 21: from a sign-in link to the user's files, the files page's code and the AWS
// credentials come while Firebase signs the user in, not one after the other once it has.
test("opening a sign-in link fetches the files page's code before Firebase has answered, and asks STS before that code is in", async () => {
  const email = newEmail("link-prefetch");
  const page = await openPage(app, "/login");
  await requestLink(page, email);
  const events = [];
  page.on("request", (request) => events.push(["sent", request.url()]));
  page.on("requestfinished", (request) => events.push(["answered", request.url()]));
  // The page's code is held back until STS is asked (or 10 s): on a slow network, the exchange
  // must not wait for the page that needs its credentials.
  const stsAsked = page.waitForRequest((request) => isSts(request.url()), { timeout: 10_000 }).catch(() => null);
  await page.route(/split_files_page-[0-9a-f]+\.wasm$/, async (route) => { await stsAsked; await route.continue(); });
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("no-files").waitFor({ timeout: 20_000 });
  const at = (kind, match) => events.findIndex(([k, url]) => k === kind && match(url));
  const isChunk = (url) => /split_files_page-[0-9a-f]+\.wasm$/.test(url);
  const firebaseAnswered = at("answered", (url) => url.includes("accounts:signInWithEmailLink"));
  assert.ok(at("sent", isChunk) >= 0 && firebaseAnswered >= 0, JSON.stringify(events));
  assert.ok(at("sent", isChunk) < firebaseAnswered, "the files page's code was asked for while Firebase signed in");
  assert.ok(await stsAsked, "STS was asked while the page's code was on its way");
  assert.ok(at("sent", isSts) < at("answered", isChunk), "the credentials came before the page that needs them");
});

// The head start is for the page a link lands on: a link to another page does not download the
// files page's code it will not show.
test("a sign-in link to the identity page does not fetch the files page's code", async () => {
  const email = newEmail("link-identity");
  const page = await openPage(app, "/login?next=identity");
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("firebase-email").waitFor();
  assert.ok(!wasmFetched(page).some((path) => path.includes("files_page")), wasmFetched(page).join(" "));
});
