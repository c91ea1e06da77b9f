// The IAM ListRoles demo: IAM sends no CORS headers, so the browser withholds the answer; the
// page says why and offers a presigned link that works. Where CORS is allowed, roles show.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, setIamCors, signIn, useApp } from "../support/harness.mjs";

const app = useApp();

async function identityPage(label) {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail(label));
  await page.goto(`${app.origin}/identity`);
  await page.getByTestId("aws-arn").waitFor();
  return page;
}

test("IAM's missing CORS is explained and the presigned link lists the roles", async () => {
  const page = await identityPage("iam-blocked");
  await page.getByTestId("list-roles").click();
  await page.getByTestId("iam-blocked").waitFor();
  assert.match(await page.getByTestId("iam-blocked").innerText(), /IAM sends no CORS headers/);
  const link = page.getByTestId("iam-presigned-link");
  assert.equal(await link.getAttribute("target"), "_blank");
  assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
  const href = await link.getAttribute("href");
  assert.match(href, /X-Amz-Expires=300/);
  const answer = await fetch(href);
  assert.equal(answer.status, 200, "the stand-in verified the presigned signature");
  assert.match(await answer.text(), /<RoleName>firebridge-web<\/RoleName>/);
  // Another first hex digit, whatever it was (a signature starting with 0 stayed unchanged).
  const tampered = await fetch(href.replace(/X-Amz-Signature=(.)/, (_, c) => `X-Amz-Signature=${c === "0" ? "1" : "0"}`));
  assert.equal(tampered.status, 403, "a changed signature is refused");
});

test("where IAM allows CORS (a stand-in option), the roles are shown in a table", async () => {
  const page = await identityPage("iam-cors");
  await setIamCors(true);
  try {
    await page.getByTestId("list-roles").click();
    await page.getByTestId("iam-roles").waitFor();
    assert.match(await page.getByTestId("iam-roles").innerText(), /firebridge-web\s+arn:aws:iam::123456789012:role\/firebridge-web/);
  } finally {
    await setIamCors(false);
  }
});
