// Issue #7's round-trip budget, as numbers: from opening the sign-in link to the files page,
// exactly two API calls come before the listing (Firebase's signInWithEmailLink, then STS), and
// a reload makes none. Static files are counted and printed beside them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AUTH, AWS, newEmail, openPage, requestLink, signInLinkFor, useApp } from "../support/harness.mjs";

const app = useApp();
const isApi = (url) => url.startsWith(AUTH) || url.startsWith(AWS);
const isListing = (url) => url.startsWith(AWS) && new URL(url).searchParams.get("list-type") === "2";

/** The API requests PAGE made, in order, from index FROM on, named for the assertions. */
function apiCalls(page, from) {
  return page.requests.slice(from).filter(isApi).map((url) => {
    if (isListing(url)) return "ListObjectsV2";
    if (url.startsWith(AUTH)) return new URL(url).pathname.split("/").at(-1).split("?")[0];
    return new URL(url).pathname === "/" ? "STS" : `S3 ${new URL(url).pathname}`;
  });
}

function staticFiles(page, from) {
  return page.requests.slice(from).filter((url) => url.startsWith(app.origin) && /\.(wasm|js|css|json)$/.test(url));
}

test("opening the link: two API calls before the listing; reloading: none", async () => {
  const page = await openPage(app, "/");
  const email = newEmail("round-trips");
  await requestLink(page, email);
  const link = await signInLinkFor(email);

  const openedAt = page.requests.length;
  await page.goto(link);
  await page.getByTestId("no-files").waitFor();
  const opened = apiCalls(page, openedAt);
  const beforeListing = opened.slice(0, opened.indexOf("ListObjectsV2"));
  assert.deepEqual(beforeListing, ["accounts:signInWithEmailLink", "STS"], opened.join(", "));
  const openedStatics = staticFiles(page, openedAt).length;

  const reloadedAt = page.requests.length;
  await page.reload();
  await page.getByTestId("no-files").waitFor();
  const reloaded = apiCalls(page, reloadedAt);
  assert.equal(reloaded.indexOf("ListObjectsV2"), 0, reloaded.join(", "));

  console.log(
    `# round trips: link to files ${beforeListing.length} API calls before the listing ` +
      `(${beforeListing.join(", ")}), ${openedStatics} static files; ` +
      `reload 0 API calls before the listing, ${staticFiles(page, reloadedAt).length} static files`,
  );
});
