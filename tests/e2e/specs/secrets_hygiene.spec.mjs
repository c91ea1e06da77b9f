// Secrets stay where they belong: the Firebase tokens and the AWS credentials live in this tab's
// sessionStorage only, never in localStorage, an address, the console or the page's markup,
// and they are gone on sign-out and as soon as AWS refuses them. The one exception, by design:
// the grid's thumbnails are presigned links in <img src>, which carry the session token (never
// the secret key) and allow one GET of the user's own file for an hour at most.
import { test } from "node:test";
import assert from "node:assert/strict";
import { png } from "../support/png.mjs";
import {
  AWS, BUCKET, admin, breakAws, expireAllCredentials, forceTokenRefresh, newEmail, openPage, PROJECT, restoreAws, signIn,
  storedSession, useApp, waitForLoginPage,
} from "../support/harness.mjs";

const app = useApp();

/** Every secret the session holds, by name. */
async function secretsOf(page) {
  const { Credentialed: { user, credentials } } = await storedSession(page);
  return { idToken: user.id_token, refreshToken: user.refresh_token, secretKey: credentials.secret_access_key, sessionToken: credentials.session_token };
}

/** Where a secret must never show up, as one text per place (the markup without images' links). */
async function everywhereButSessionStorage(page) {
  return page.evaluate(() => {
    const markup = document.documentElement.cloneNode(true);
    for (const img of markup.querySelectorAll("img[src]")) img.removeAttribute("src");
    return { localStorage: JSON.stringify({ ...localStorage }), markup: markup.outerHTML, title: document.title };
  });
}

function assertNowhere(secrets, places) {
  for (const [name, secret] of Object.entries(secrets)) {
    assert.ok(secret && secret.length > 8, `${name} is a real secret`);
    for (const [place, text] of Object.entries(places)) assert.ok(!text.includes(secret), `${name} found in ${place}`);
  }
}

test("tokens and credentials never reach localStorage, an address, the console or the markup", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("hygiene"));
  await page.getByTestId("upload-input").setInputFiles([
    { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("a") },
    { name: "b.png", mimeType: "image/png", buffer: png(4, 4) },
  ]);
  await page.getByTestId("file-row").nth(1).waitFor();
  await page.getByTestId("layout-grid").click();
  await page.waitForFunction(() => document.querySelector(".thumb img")?.complete);
  const { Credentialed: { user } } = await storedSession(page);
  const links = await page.locator("img[src]").evaluateAll((images) => images.map((img) => img.src));
  assert.equal(links.length, 1);
  for (const link of links.map((l) => new URL(l))) {
    assert.equal(`${link.origin}${link.pathname}`, `${AWS}/${BUCKET}/users/${user.uid}/b.png`, "a link to the user's own file");
    assert.ok(Number(link.searchParams.get("X-Amz-Expires")) <= 3600, "for an hour at most");
  }
  const { secretKey, idToken, refreshToken } = await secretsOf(page);
  assertNowhere({ secretKey, idToken, refreshToken }, { thumbnails: links.join("\n") });
  await page.getByRole("link", { name: "Identity" }).click();
  await page.getByTestId("aws-arn").waitFor();
  await page.getByTestId("renew-credentials").click();
  await page.getByRole("link", { name: "Doctor" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="doctor-summary"]')?.textContent.startsWith("All"));
  await page.locator("details.report summary").click();
  const secrets = await secretsOf(page);
  assertNowhere(secrets, {
    ...(await everywhereButSessionStorage(page)),
    console: page.consoleMessages.join("\n"),
    addresses: page.visited.join("\n"),
  });
});

test("sign-out empties sessionStorage and leaves nothing of the user in localStorage", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("hygiene-out"));
  await page.getByTestId("sign-out").click();
  await page.getByTestId("email").waitFor();
  assert.deepEqual(await page.evaluate(() => [Object.keys(sessionStorage), Object.keys(localStorage)]), [[], []]);
});

test("credentials AWS refuses are wiped at once, even when no new ones can be had", async () => {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail("hygiene-refused"));
  const { secretKey } = await secretsOf(page);
  await breakAws("trust-audience"); // no new credentials for anyone
  try {
    await expireAllCredentials(); // AWS now refuses the ones the tab holds
    await page.reload();
    await page.getByTestId("list-error").waitFor();
    const stored = await storedSession(page);
    assert.ok(stored.SignedIn, "still signed in to Firebase, without AWS credentials");
    assert.ok(!JSON.stringify(stored).includes(secretKey), "the refused secret key is gone from sessionStorage");
  } finally {
    await restoreAws();
  }
});

test("a session Firebase ends (account disabled) is wiped from the tab", async () => {
  const page = await openPage(app, "/login");
  const email = newEmail("hygiene-disabled");
  await signIn(page, email);
  const { Credentialed: { user } } = await storedSession(page);
  await admin("POST", `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:update`, { localId: user.uid, disableUser: true });
  await forceTokenRefresh(page);
  await waitForLoginPage(page);
  assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage)), []);
});
