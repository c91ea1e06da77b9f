// What every spec needs: the built app served, Chromium, fresh users, the emulator's links,
// and a log of the requests the page made.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { serveDist } from "./serve.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const PROJECT = "demo-firebridge";
export const AUTH = "http://127.0.0.1:9099";
export const AWS = "http://127.0.0.1:5000";
export const BUCKET = "firebridge-files";

/** What Chromium refused under the Content-Security-Policy, on any page of the spec file. */
export const cspViolations = [];
/** Every uncaught error any page threw (checked when the spec ends). */
const pageCrashes = [];

/**
 * Polls CHECK (sync or async) every 50 ms until it returns something truthy, and returns that;
 * fails with WHAT after TIMEOUT ms. For what the page cannot be waited on for (what the test's
 * own listeners heard, the bucket's contents); what the page shows is waited on by Playwright.
 */
export async function eventually(check, what, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`not within ${timeout} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the app server and Chromium for this spec file; returns live handles. */
export function useApp() {
  const state = { browser: null, server: null, origin: null };
  before(async () => {
    const port = Number(process.env.E2E_APP_PORT ?? 4173);
    state.server = await serveDist(join(ROOT, "dist"), port);
    state.origin = `http://127.0.0.1:${port}`;
    state.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
      // Playwright gives every launch a fresh temporary profile of its own.
    });
  });
  after(async () => {
    await state.browser?.close();
    await new Promise((done) => (state.server ? state.server.close(done) : done()));
    // Every page runs under the Content-Security-Policy; anything it refused fails the spec.
    assert.deepEqual(cspViolations.splice(0), [], "the page broke its Content-Security-Policy");
    // An uncaught error (a wasm panic is "RuntimeError: unreachable") leaves the app half dead,
    // whatever the test went on to check.
    assert.deepEqual(pageCrashes.splice(0), [], "the page threw an error nothing caught");
  });
  return state;
}

/**
 * A new page (in a new context: its own storage, like another device) that logs requests.
 * `config` changes the app's config.json for this page; `clock` installs a controllable clock;
 * `clockOffsetMs` sets the device clock that far from the real time; `colorScheme`, `viewport`
 * and `locale` are the device's (Playwright's context options).
 */
export async function openPage(app, path = "/", { config, clock, clockOffsetMs, colorScheme, viewport, locale } = {}) {
  const device = Object.fromEntries(Object.entries({ colorScheme, viewport, locale }).filter(([, v]) => v !== undefined));
  const context = await app.browser.newContext({ acceptDownloads: true, ...device });
  const page = await context.newPage();
  if (config) await withConfig(page, config);
  if (clock) await page.clock.install();
  if (clockOffsetMs) await page.clock.setSystemTime(new Date(Date.now() + clockOffsetMs));
  page.requests = [];
  page.on("request", (request) => page.requests.push(request.url()));
  page.answers = [];
  page.on("response", (response) => {
    const request = response.request();
    // Form bodies (STS) are worth keeping; uploaded file bytes are not.
    const body = request.method() === "POST" ? request.postData() ?? "" : "";
    page.answers.push({ url: response.url(), method: request.method(), status: response.status(), body });
  });
  page.consoleErrors = [];
  page.on("pageerror", (error) => {
    page.consoleErrors.push(String(error));
    pageCrashes.push(`${page.url()}: ${error}`);
  });
  page.consoleMessages = [];
  page.on("console", (message) => {
    page.consoleMessages.push(message.text());
    if (message.text().includes("Content Security Policy")) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  // Every address the tab showed (history entries included), for tests of what URLs held.
  page.visited = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && page.visited.push(frame.url()));
  await page.goto(app.origin + path);
  return page;
}

export function newEmail(label = "user") {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/** The newest sign-in link the emulator "emailed" to EMAIL, followed to the app's URL. */
export async function signInLinkFor(email) {
  const codes = await oobCodesFor(email);
  if (codes.length === 0) throw new Error(`no sign-in link was sent to ${email}`);
  const followed = await fetch(codes.at(-1).oobLink, { redirect: "manual" });
  const location = followed.headers.get("location");
  if (!location) throw new Error(`the emulator's link did not redirect (${followed.status})`);
  return location;
}

/**
 * Invites EMAIL as an administrator does (dev/invite.mjs sets the same claim through the Admin
 * SDK): the account, created if need be, carries the session tags STS and the role's policies
 * require. TEAM and READ_ONLY set the team and access tags. Returns the account's uid.
 */
export async function invite(email, { team = null, readOnly = false } = {}) {
  const project = `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}`;
  let [account] = await accountsFor(email);
  account ??= await admin("POST", `${project}/accounts`, { email });
  const principal_tags = { firebridge: ["member"], access: [readOnly ? "read" : "write"] };
  if (team) principal_tags.team = [team];
  const customAttributes = JSON.stringify({ "https://aws.amazon.com/tags": { principal_tags } });
  await admin("POST", `${project}/accounts:update`, { localId: account.localId, customAttributes });
  return account.localId;
}

/** Takes EMAIL's invitation back (its claim), as `dev/invite.mjs revoke` does, tokens aside. */
export async function uninvite(email) {
  const [account] = await accountsFor(email);
  await admin("POST", `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:update`, { localId: account.localId, customAttributes: "{}" });
}

/**
 * Types EMAIL on the sign-in page and waits for "check your inbox". An address not invited yet
 * is invited first (what an administrator does before telling a user to sign in), unless
 * `invited: false`.
 */
export async function requestLink(page, email, { invited = true } = {}) {
  if (invited && !(await accountsFor(email))[0]?.customAttributes) await invite(email);
  await page.getByTestId("email").fill(email);
  await page.getByTestId("email-submit").click();
  await page.getByTestId("link-sent").waitFor();
}

/** Full sign-in on this page, as an invited user does it: request a link, open it, land on the files. */
export async function signIn(page, email) {
  await requestLink(page, email);
  await page.goto(await signInLinkFor(email));
  await page.getByTestId("signed-in-as").waitFor();
  await page.locator('[data-testid="file-table"], [data-testid="no-files"]').first().waitFor();
}

export const isFirebaseOrSts = (url) => url.startsWith(AUTH) || isSts(url);

/** The emulator's admin API (Bearer owner), as the Admin SDK calls production. */
export async function admin(method, path, body) {
  const response = await fetch(`${AUTH}${path}`, {
    method,
    headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Creates an invited account with a password (as an administrator would) and returns its email. */
export async function createUser(label = "invited", password = "correct horse battery") {
  const email = newEmail(label);
  await admin("POST", `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts`, { email, password });
  await invite(email);
  return email;
}

/** The accounts with this email (none, or one). */
export async function accountsFor(email) {
  const found = await admin("POST", `/identitytoolkit.googleapis.com/v1/projects/${PROJECT}/accounts:lookup`, { email: [email] });
  return found.users ?? [];
}

/** Every sign-in or reset code the emulator "emailed" to EMAIL. */
export async function oobCodesFor(email) {
  const response = await fetch(`${AUTH}/emulator/v1/projects/${PROJECT}/oobCodes`);
  return (await response.json()).oobCodes.filter((c) => c.email === email);
}

/** The app's config.json with CHANGE applied, served to PAGE in place of the real one. */
export async function withConfig(page, change) {
  const { readFile } = await import("node:fs/promises");
  const config = JSON.parse(await readFile(join(ROOT, "public/config.json"), "utf8"));
  change(config);
  await page.route("**/config.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }));
}

/** The session the app keeps in sessionStorage (null when signed out). */
export async function storedSession(page) {
  return JSON.parse(await page.evaluate(() => sessionStorage.getItem("firebridge.session")));
}

/** Makes the stored ID token look about to expire, then reloads: the app must refresh it. */
export async function forceTokenRefresh(page, patch = {}) {
  await page.evaluate((patch) => {
    const stored = JSON.parse(sessionStorage.getItem("firebridge.session"));
    const state = stored.Credentialed ?? stored.SignedIn;
    Object.assign(state.user, { expires_at: Math.floor(Date.now() / 1000) + 120 }, patch);
    sessionStorage.setItem("firebridge.session", JSON.stringify(stored));
  }, patch);
  await page.reload();
}

export const isSecureToken = (url) => url.startsWith(`${AUTH}/securetoken.googleapis.com/`);

/** Waits until the page shows the sign-in route (whatever `?next=` it carries). */
export const waitForLoginPage = (page) => page.waitForURL((url) => url.pathname === "/login");

/**
 * Makes the AWS stand-in fail the next calls of ACTION (an STS action such as
 * AssumeRoleWithWebIdentity, or an S3 operation such as ListObjectsV2) with CODES, one each.
 */
export async function queueFaults(action, codes) {
  const response = await fetch(`${AWS}/standin/faults`, { method: "POST", body: JSON.stringify({ [action]: codes }) });
  if (!response.ok) throw new Error(await response.text());
}

export async function clearFaults() {
  await fetch(`${AWS}/standin/faults`, { method: "DELETE" });
}

/** Makes the stand-in fail the next S3 part uploads with CODES (InternalError, SlowDown). */
export async function queuePartFaults(codes) {
  await queueFaults("UploadPart", codes);
}

/** The multipart uploads the stand-in holds in progress, keys per bucket. */
export async function multipartUploads() {
  return (await fetch(`${AWS}/standin/multipart-uploads`, { method: "POST", body: "{}" })).json();
}

/** Sets what the bucket's CORS rules expose (the seeded rules expose ETag, Date, x-amz-request-id). */
export async function setExposedHeaders(exposeHeaders) {
  await fetch(`${AWS}/standin/bucket-cors-headers`, { method: "POST", body: JSON.stringify({ bucket: BUCKET, exposeHeaders }) });
}

/** Limits PAGE's upload speed to BYTES_PER_SECOND (Chromium's network emulation). */
export async function throttleUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
  });
}

/**
 * Puts COUNT small objects under FOLDER (relative, ending in "/") of PAGE's signed-in user,
 * signed with that user's own credentials by botocore: a big folder without a slow UI loop.
 * Named `file-00000.txt`… unless NAME (a Python format string of `i`) says otherwise; each
 * holds a few bytes unless BODY (a Buffer) is given.
 */
export async function seedObjects(page, folder, count, { name = "file-{i:05d}.txt", body = null } = {}) {
  const { Credentialed: { user, credentials } } = await storedSession(page);
  const script = `
import base64, sys, boto3, concurrent.futures as f
s3 = boto3.client("s3", endpoint_url="${AWS}", region_name="us-east-1", aws_access_key_id=sys.argv[1],
                  aws_secret_access_key=sys.argv[2], aws_session_token=sys.argv[3])
prefix, count, name, body = sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7]
content = (lambda i: base64.b64decode(body)) if body else (lambda i: b"x" * (i % 97))
with f.ThreadPoolExecutor(16) as pool:
    list(pool.map(lambda i: s3.put_object(Bucket="${BUCKET}", Key=prefix + name.format(i=i), Body=content(i)), range(count)))
`;
  const { execFileSync } = await import("node:child_process");
  execFileSync(join(ROOT, "dev/.venv/bin/python"), ["-c", script, credentials.access_key_id, credentials.secret_access_key,
    credentials.session_token, `users/${user.uid}/${folder}`, String(count), name, body ? body.toString("base64") : ""], { stdio: "inherit" });
}

/** Sends a SigV4-signed S3 request (botocore's signer) with the credentials a page holds. */
export async function s3As(page, method, key) {
  const session = JSON.parse(await page.evaluate(() => sessionStorage.getItem("firebridge.session")));
  const { credentials } = session.Credentialed;
  const { stdout } = await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/s3_as.py"), method, key], {
    env: { ...process.env, ACCESS_KEY_ID: credentials.access_key_id, SECRET_ACCESS_KEY: credentials.secret_access_key, SESSION_TOKEN: credentials.session_token },
  });
  return JSON.parse(stdout);
}

/** Every credential the stand-in has issued expires now (AWS then answers ExpiredToken). */
export async function expireAllCredentials() {
  const response = await fetch(`${AWS}/standin/expire-credentials`, { method: "POST", body: "{}" });
  if (!response.ok) throw new Error(await response.text());
}

/** Switches CORS on IAM's answers on or off (off, as real IAM, unless a test turns it on). */
export async function setIamCors(enabled) {
  await fetch(`${AWS}/standin/iam-cors`, { method: "POST", body: JSON.stringify({ enabled }) });
}

/** The AssumeRoleWithWebIdentity answers PAGE has received. */
export const stsExchanges = (page) =>
  page.answers.filter((a) => isSts(a.url) && a.body.includes("Action=AssumeRoleWithWebIdentity"));

/** S3 answers (paths under the bucket) that refused the request. */
export const s3Refusals = (page) =>
  page.answers.filter((a) => a.url.startsWith(`${AWS}/${BUCKET}`) && a.status >= 400);

/** An STS call: the stand-in serves STS at its root (S3 paths start with the bucket). */
export const isSts = (url) => url.startsWith(`${AWS}/`) && new URL(url).pathname === "/";

/** Signs in through the password form (email, password, Enter), without waiting for a result. */
export async function submitPassword(page, email, password) {
  await page.getByTestId("password-email").fill(email);
  await page.getByTestId("password").fill(password);
  await page.getByTestId("password").press("Enter");
}

/**
 * Breaks the stack's AWS setup the way people get it wrong (trust-audience, provider-audience,
 * cors-header, cors-etag, policy-without-sub), as its administrator, through the real IAM and
 * S3 APIs of the stand-in.
 */
export async function breakAws(what) {
  await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "break", what]);
}

/** Whether KEY is in the bucket, asked as the administrator (a user gets 403 for a missing key). */
export async function existsInBucket(key) {
  const { stdout } = await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "exists", key]);
  return JSON.parse(stdout);
}

/** Writes KEY as the administrator, with PutObject's PARAMETERS (Body, ContentType, Metadata…). */
export async function putAsAdmin(key, parameters) {
  await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "put", key, JSON.stringify(parameters)]);
}

/** Deletes KEY as the administrator: someone else's change, made while the app works. */
export async function deleteAsAdmin(key) {
  await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "delete", key]);
}

/** What S3 holds for KEY, asked as the administrator: its headers, metadata, tags and body. */
export async function storedObject(key) {
  const { stdout } = await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "object", key]);
  return JSON.parse(stdout);
}

/** Every key in the bucket under PREFIX (listed as an administrator), in S3's order. */
export async function keysInBucket(prefix) {
  const { stdout } = await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "keys", prefix]);
  return JSON.parse(stdout);
}

/**
 * Changes what the stand-in does where AWS leaves it open or a test cannot reach it:
 * {maxCopySource: bytes} lowers S3's 5 GB copy limit, {missingKeyPrefixContext: true} answers a
 * missing key 404 inside the user's listable prefix. null (or false) puts the default back.
 */
export async function setStandInBehaviour(behaviour) {
  const response = await fetch(`${AWS}/standin/behaviour`, { method: "POST", body: JSON.stringify(behaviour) });
  if (!response.ok) throw new Error(await response.text());
}

/** Puts the setup the assistant generates back in place (undoes `breakAws`). */
export async function restoreAws() {
  await promisify(execFile)(join(ROOT, "dev/.venv/bin/python"), [join(ROOT, "tests/e2e/support/aws_admin.py"), "restore"]);
}

/** Chooses `action` (preview, download, share, details, rename, move, delete, open) in the menu of `row`. */
export async function rowAction(row, action) {
  await row.getByTestId("row-menu").click();
  await row.getByTestId("menu").getByTestId(action).click();
}

/** What the menu of `row` offers (its items' test ids); closes it again. */
export async function rowActions(row) {
  await row.getByTestId("row-menu").click();
  const items = row.getByTestId("menu").getByRole("menuitem");
  await items.first().waitFor();
  const offered = await items.evaluateAll((all) => all.map((item) => item.dataset.testid));
  await row.page().keyboard.press("Escape");
  return offered;
}

/** Makes a folder NAME in the folder open, through the New folder dialog. */
export async function newFolder(page, name) {
  await page.getByTestId("new-folder").click();
  await page.getByTestId("new-folder-name").fill(name);
  await page.getByTestId("create-folder").click();
}
