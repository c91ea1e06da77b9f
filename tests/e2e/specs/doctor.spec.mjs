// The doctor turns each real misconfiguration red, with the fix for it: the stand-in is
// misconfigured by its administrator through the signed IAM and S3 APIs, as a person would.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { breakAws, invite, newEmail, openPage, restoreAws, signIn, useApp } from "../support/harness.mjs";

const app = useApp();
afterEach(restoreAws);

const CHECKS = ["configuration", "security-headers", "firebase-api-key", "sts-exchange", "caller-identity", "cors",
  "exposed-headers", "list-own-folder", "write-and-delete", "versioning", "isolation", "team", "lock", "clock"];
/** The checks made with the user's credentials: skipped when the exchange fails. */
const WITH_CREDENTIALS = ["caller-identity", "cors", "exposed-headers", "list-own-folder", "write-and-delete", "versioning", "isolation", "team", "clock"];

/** Signs a new user of a team in, then BREAKS the setup (if asked) and opens the doctor from the header. */
async function doctorAfter(breaking) {
  const page = await openPage(app, "/login");
  const email = newEmail("doctor");
  await invite(email, { team: "doctors" });
  await signIn(page, email);
  if (breaking) await breakAws(breaking);
  await page.getByRole("link", { name: "Doctor" }).click();
  await waitForChecks(page);
  return page;
}

async function waitForChecks(page) {
  await page.waitForFunction(() => {
    const summary = document.querySelector('[data-testid="doctor-summary"]');
    return summary && !summary.textContent.startsWith("Checking");
  });
}

/** Each check's status, by id. */
async function statuses(page) {
  const found = {};
  for (const id of CHECKS) found[id] = await page.getByTestId(`check-${id}`).getAttribute("data-status");
  return found;
}

const fixOf = (page, id) => page.getByTestId(`check-${id}`).getByTestId("fix").textContent();
const detailOf = (page, id) => page.getByTestId(`check-${id}`).locator(".detail").textContent();
const allPass = Object.fromEntries(CHECKS.map((id) => [id, "pass"]));

test("on the stack as the assistant sets it up, every check passes, and the report reads and copies as text", async () => {
  const page = await doctorAfter(null);
  assert.deepEqual(await statuses(page), allPass);
  assert.equal(await page.getByTestId("doctor-summary").textContent(), "All 14 checks passed.");
  const report = await page.getByTestId("doctor-report").textContent();
  assert.equal(report.split("\n").filter((line) => line.startsWith("✔ ")).length, CHECKS.length, report);
  assert.match(report, /^Firebridge doctor, http:\/\/127\.0\.0\.1:\d+ at /);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  await page.getByTestId("doctor-copy").click();
  await page.getByText("Copied.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), report, "Copy puts the same text on the clipboard");
  // The probe file was deleted: the user's folder is as empty as before.
  await page.getByRole("link", { name: "Files" }).click();
  await page.getByTestId("no-files").waitFor();
});

test("a trust policy for another audience: the exchange fails with the trust policy to apply", async () => {
  const page = await doctorAfter("trust-audience");
  const found = await statuses(page);
  assert.equal(found["sts-exchange"], "fail");
  assert.match(await fixOf(page, "sts-exchange"), /securetoken\.google\.com\/demo-firebridge:aud = demo-firebridge/);
  assert.match(await fixOf(page, "sts-exchange"), /aws iam update-assume-role-policy --role-name firebridge-web/);
  for (const id of WITH_CREDENTIALS) assert.equal(found[id], "skipped", id);
  assert.equal(found["firebase-api-key"], "pass");
});

test("a provider without the project as audience: the fix adds it as client ID", async () => {
  const page = await doctorAfter("provider-audience");
  assert.equal((await statuses(page))["sts-exchange"], "fail");
  assert.match(await detailOf(page, "sts-exchange"), /Incorrect token audience/);
  assert.match(await fixOf(page, "sts-exchange"),
    /aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn arn:aws:iam::123456789012:oidc-provider\/securetoken\.google\.com\/demo-firebridge --client-id demo-firebridge/);
});

test("a CORS rule without a header the app sends: CORS fails (not AccessDenied) and names the headers", async () => {
  const page = await doctorAfter("cors-header");
  const found = await statuses(page);
  assert.equal(found.cors, "fail");
  assert.match(await detailOf(page, "cors"), /not AccessDenied/);
  assert.match(await fixOf(page, "cors"), /AllowedHeaders: .*x-amz-content-sha256/);
  assert.match(await fixOf(page, "cors"), /aws s3api put-bucket-cors --bucket firebridge-files/);
  assert.equal(found["caller-identity"], "pass", "STS is not the bucket: it still works");
  for (const id of ["list-own-folder", "write-and-delete", "isolation"]) assert.equal(found[id], "skipped", id);
});

test("ETag not exposed by the bucket's CORS: that check fails with the ExposeHeaders fix, the rest pass", async () => {
  const page = await doctorAfter("cors-etag");
  assert.deepEqual(await statuses(page), { ...allPass, "exposed-headers": "fail" });
  assert.match(await detailOf(page, "exposed-headers"), /hides ETag \(without it, files over 16(\.0)? MiB cannot finish uploading\)/);
  assert.match(await fixOf(page, "exposed-headers"), /Add ETag and Date to ExposeHeaders/);
});

test("a permissions policy without the :sub variable: isolation fails, then passes once fixed", async () => {
  const page = await doctorAfter("policy-without-sub");
  assert.deepEqual(await statuses(page), { ...allPass, isolation: "fail" });
  assert.match(await detailOf(page, "isolation"), /AWS let you list users\/firebridge-doctor-someone-else\//);
  assert.match(await fixOf(page, "isolation"), /users\/\$\{securetoken\.google\.com\/demo-firebridge:sub\}\/\*/);

  await restoreAws();
  await page.getByTestId("doctor-run").click();
  await waitForChecks(page);
  assert.deepEqual(await statuses(page), allPass);
});

test("versioning suspended: a warning that deletes cannot be undone, with the command that turns it on", async () => {
  const page = await doctorAfter("versioning-suspended");
  assert.deepEqual(await statuses(page), { ...allPass, versioning: "warning" });
  assert.match(await detailOf(page, "versioning"), /Versioning is suspended for firebridge-files/);
  assert.match(await fixOf(page, "versioning"), /aws s3api put-bucket-versioning --bucket firebridge-files --versioning-configuration Status=Enabled/);
});

test("a role that lets anyone in: the lock check fails, saying that anyone can sign up and store files", async () => {
  const page = await doctorAfter("open-door");
  assert.equal((await statuses(page)).lock, "fail");
  assert.match(await detailOf(page, "lock"), /A new account nobody invited got a folder/);
  assert.match(await fixOf(page, "lock"), /aws iam update-assume-role-policy --role-name firebridge-web/);
});
