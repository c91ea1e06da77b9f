// The setup assistant, as a new user meets it: signed out (even with no working config.json),
// answers in, documents out. Given the local stack's own answers, it shows exactly the documents
// the stack applied to the AWS stand-in (dev/aws/, which every other spec signs in against).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openPage, useApp } from "../support/harness.mjs";

const app = useApp();
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

// What dev/up.sh seeds the stand-in with (dev/standin/seed.py fills these placeholders).
const STACK = { PROJECT_ID: "demo-firebridge", ACCOUNT_ID: "123456789012", BUCKET: "firebridge-files", ORIGINS: "http://127.0.0.1:4173" };

async function applied(name) {
  let text = await readFile(join(ROOT, "dev/aws", name), "utf8");
  for (const [key, value] of Object.entries(STACK)) text = text.replaceAll("${" + key + "}", value);
  return JSON.parse(text);
}

async function answer(page, answers) {
  for (const [id, value] of Object.entries(answers)) {
    const field = page.getByTestId(`setup-${id}`);
    if (typeof value === "boolean") await field.setChecked(value);
    else await field.fill(value);
  }
}

// textContent: some documents sit in a closed <details>, whose text is not rendered.
const shown = async (page, id) => JSON.parse(await page.getByTestId(id).locator("pre").textContent());

const STACK_ANSWERS = {
  "project-id": "demo-firebridge", "api-key": "fake-api-key", "account-id": "123456789012", region: "us-east-1",
  bucket: "firebridge-files", "role-name": "firebridge-web", origins: "http://127.0.0.1:4173", "shared-prefix": "public/",
  "iam-demo": true,
};

test("the stack's own answers give the documents the stack runs on, and a config the app accepts", async () => {
  const page = await openPage(app, "/login");
  await page.getByRole("link", { name: "Open the setup assistant" }).click();
  await page.getByTestId("setup-project-id").waitFor();
  await answer(page, STACK_ANSWERS);
  await page.getByTestId("trust-policy").waitFor({ state: "attached" });
  assert.deepEqual(await shown(page, "permissions-policy"), await applied("permissions-policy.json"));
  assert.deepEqual(await shown(page, "bucket-cors"), await applied("bucket-cors.json"));
  const trust = await shown(page, "trust-policy");
  assert.equal(trust.Statement[0].Condition.StringEquals["securetoken.google.com/demo-firebridge:aud"], "demo-firebridge");
  assert.equal(trust.Statement[0].Condition.StringEquals["aws:RequestTag/firebridge"], "member", "invite-only by default");
  // The stack's answers are a development setup: the assistant says what that means.
  const warnings = await page.getByTestId("setup-warnings").innerText();
  assert.match(warnings, /A development origin is listed \(http:\/\/127\.0\.0\.1:4173\)/);
  assert.match(warnings, /lets every signed-in user list every role/);
  assert.equal(trust.Statement[0].Principal.Federated, "arn:aws:iam::123456789012:oidc-provider/securetoken.google.com/demo-firebridge");

  const config = await shown(page, "config-json");
  const local = JSON.parse(await readFile(join(ROOT, "public/config.json"), "utf8"));
  for (const key of ["region", "roleArn", "bucket", "sessionDurationSeconds", "sharedPrefix"]) {
    assert.equal(config.aws[key], local.aws[key], `aws.${key}`);
  }
  assert.equal(config.firebase.projectId, local.firebase.projectId);
  // The header for that config (production endpoints): the policy this suite runs under, with
  // AWS's and Firebase's hosts in place of the local stack's.
  const headers = await page.getByTestId("security-headers").locator("pre").textContent();
  const csp = headers.split("\n")[0];
  assert.match(csp, /^Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; /);
  for (const header of ["X-Content-Type-Options: nosniff", "Strict-Transport-Security: max-age=", "Cross-Origin-Opener-Policy: same-origin", "Referrer-Policy: no-referrer"]) {
    assert.ok(headers.includes(header), header);
  }
  assert.match(csp, /connect-src 'self' https:\/\/identitytoolkit\.googleapis\.com https:\/\/securetoken\.googleapis\.com https:\/\/sts\.us-east-1\.amazonaws\.com https:\/\/firebridge-files\.s3\.us-east-1\.amazonaws\.com https:\/\/iam\.amazonaws\.com;/);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("aws-script").getByRole("button", { name: /Download/ }).click()]);
  assert.equal(download.suggestedFilename(), "firebridge-setup.sh");
  const script = await readFile(await download.path(), "utf8");
  assert.match(script, /^#!\/usr\/bin\/env bash\n/);
  assert.match(script, /aws iam create-open-id-connect-provider --url https:\/\/securetoken.google.com\/demo-firebridge/);
  assert.match(await page.getByTestId("firebase-steps").innerText(), /Authorized domains: add 127\.0\.0\.1/);
});

test("a bad answer is named and hides the documents; a reload keeps every answer", async () => {
  const page = await openPage(app, "/setup");
  await answer(page, { ...STACK_ANSWERS, bucket: "My_Bucket" });
  await page.getByTestId("setup-problems").waitFor();
  assert.match(await page.getByTestId("setup-problems").innerText(), /bucket must be an S3 bucket name/);
  assert.equal(await page.getByTestId("trust-policy").count(), 0);
  await page.reload();
  assert.equal(await page.getByTestId("setup-bucket").inputValue(), "My_Bucket", "nothing typed is lost");
  assert.equal(await page.getByTestId("setup-origins").inputValue(), "http://127.0.0.1:4173");
  await page.getByTestId("setup-bucket").fill("firebridge-files");
  await page.getByTestId("config-json").waitFor();
});

test("with a broken config.json the app points at the assistant, which still works", async () => {
  const page = await openPage(app, "/", { config: (c) => delete c.aws.bucket });
  await page.getByTestId("config-error").waitFor();
  await page.getByTestId("open-setup").click();
  await page.getByTestId("setup-project-id").waitFor();
  await answer(page, STACK_ANSWERS);
  await page.getByTestId("config-json").waitFor();
});
