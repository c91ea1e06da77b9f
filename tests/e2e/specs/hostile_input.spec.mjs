// The catalogue of bad input, browser half (the native half is tests/hostile_input.rs): names
// anyone with write access chose, tampered links, a broken config.json, and proxies answering in
// AWS's place. Each checks what the user sees, and that nothing was lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AWS, BUCKET, newEmail, openPage, requestLink, signIn, signInLinkFor, storedSession, useApp, rowAction } from "../support/harness.mjs";

const app = useApp();
const MARKUP = `<img src=x onerror="window.pwned=1">.txt`;
const PROXY_PAGE = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><script>window.pwned=1</script></body></html>";

const pwned = (page) => page.evaluate(() => window.pwned === 1);

test("a file named with markup is listed and previewed as text, never as markup", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("markup"));
  await page.getByTestId("upload-input").setInputFiles({ name: MARKUP, mimeType: "text/plain", buffer: Buffer.from("<b>bold?</b>") });
  await page.getByTestId("file-row").waitFor();
  assert.equal(await page.locator("tbody .entry-name").first().textContent(), MARKUP);
  assert.equal(await page.locator("table img").count(), 0, "no element was made from the name");
  await rowAction(page.getByTestId("file-row"), "preview");
  await page.getByTestId("preview-text").waitFor();
  assert.equal(await page.getByTestId("preview-text").textContent(), "<b>bold?</b>", "the content is shown as text too");
  assert.equal(await pwned(page), false);
});

test("a folder address made of markup shows as text in the breadcrumbs", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("markup-folder"));
  await page.goto(`${app.origin}/?folder=${encodeURIComponent("<b onmouseover=alert(1)>x</b>/")}`);
  await page.getByTestId("current-folder").waitFor();
  assert.equal(await page.getByTestId("breadcrumbs").locator("b").count(), 0);
  assert.match(await page.getByTestId("breadcrumbs").textContent(), /<b onmouseover=alert\(1\)>x</);
});

test("a sign-in link with its code repeated spends nothing; the real link still works", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("tampered");
  await requestLink(page, email);
  const link = await signInLinkFor(email);
  await page.goto(`${link}&oobCode=forged`);
  await page.getByTestId("signed-out-reason").waitFor();
  assert.match(await page.getByTestId("signed-out-reason").textContent(), /already been used or is incomplete\. Send yourself a new link\./);
  assert.doesNotMatch(page.url(), /oobCode/, "the tampered code is scrubbed from the address bar too");
  await page.goto(link);
  await page.getByTestId("signed-in-as").waitFor();
});

test("a sign-in link cut before its code says it is unusable and leaves nothing in the address bar", async () => {
  const page = await openPage(app, "/login?next=identity&mode=signIn&apiKey=fake-api-key&lang=en");
  await page.getByTestId("signed-out-reason").waitFor();
  assert.match(await page.getByTestId("signed-out-reason").textContent(), /is incomplete\. Send yourself a new link\./);
  assert.equal(new URL(page.url()).search, "?next=identity", "only the app's own parameter is kept");
  assert.equal(await page.getByTestId("email").inputValue(), "", "the form is there to send a new link");
});

test("a sign-in link whose next= points elsewhere lands on the app's own files page", async () => {
  for (const next of ["javascript:window.pwned=1", "https://evil.example/", "//evil.example"]) {
    const page = await openPage(app, "/login");
    const email = newEmail("next");
    await requestLink(page, email);
    const link = new URL(await signInLinkFor(email));
    link.searchParams.set("next", next);
    await page.goto(link.href);
    await page.getByTestId("signed-in-as").waitFor();
    const landed = new URL(page.url());
    assert.equal(landed.origin, app.origin, next);
    assert.equal(landed.pathname, "/", next);
    assert.equal(await pwned(page), false);
  }
});

async function configPage(change) {
  const page = await openPage(app, "/", { config: change });
  await page.getByTestId("config-error").waitFor();
  return page;
}

test("a config.json with a wrong type names the field", async () => {
  const page = await configPage((c) => (c.firebase.apiKey = 12345));
  assert.match(await page.getByTestId("config-error").innerText(), /`firebase\.apiKey` must be a string, in double quotes/);
});

test("a config.json with a megabyte-long value is refused at once, naming it", async () => {
  const page = await configPage((c) => (c.aws.bucket = "b".repeat(1 << 20)));
  assert.equal(await page.getByTestId("config-error-field").innerText(), "aws.bucket");
});

test("an HTML error page from a proxy in place of S3's listing is explained, and the files are still there", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("proxy-s3"));
  await page.getByTestId("upload-input").setInputFiles({ name: "kept.txt", mimeType: "text/plain", buffer: Buffer.from("kept") });
  await page.getByTestId("file-row").waitFor();
  const listing = (url) => url.href.startsWith(`${AWS}/${BUCKET}`) && url.searchParams.get("list-type") === "2";
  await page.route(listing, (route) => route.fulfill({ status: 403, contentType: "text/html", body: PROXY_PAGE, headers: { "access-control-allow-origin": app.origin } }));
  await page.reload();
  await page.getByTestId("list-error").waitFor();
  assert.match(await page.getByTestId("list-error").textContent(), /S3 refused the request: HTTP 403/);
  assert.equal(await pwned(page), false);
  await page.unroute(listing);
  await page.reload();
  assert.equal(await page.getByTestId("file-row").locator(".entry-name").textContent(), "kept.txt");
});

test("an HTML page in place of STS's answer is explained, and the sign-in is kept", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("proxy-sts");
  await signIn(page, email);
  const sts = (url) => url.href === `${AWS}/`;
  await page.route(sts, (route) => route.fulfill({ status: 200, contentType: "text/html", body: PROXY_PAGE, headers: { "access-control-allow-origin": app.origin } }));
  await page.evaluate(() => {
    const stored = JSON.parse(sessionStorage.getItem("firebridge.session"));
    sessionStorage.setItem("firebridge.session", JSON.stringify({ SignedIn: { user: stored.Credentialed.user } }));
  });
  await page.reload();
  await page.getByTestId("list-error").waitFor();
  assert.match(await page.getByTestId("list-error").textContent(), /could not be read as an STS AssumeRoleWithWebIdentity response/);
  assert.equal(await page.getByTestId("signed-in-as").textContent(), email, "still signed in");
  assert.ok((await storedSession(page)).SignedIn, "the Firebase session is kept");
  await page.unroute(sts);
  await page.reload();
  await page.getByTestId("no-files").waitFor();
});
