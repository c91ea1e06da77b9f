// A missing or wrong config.json gets a page that names the problem instead of a blank screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useApp } from "../support/harness.mjs";

const app = useApp();

async function pageWithConfig(fulfil) {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await page.route("**/config.json", fulfil);
  await page.goto(app.origin + "/");
  await page.getByTestId("config-error").waitFor();
  return page;
}

test("a wrong field is named", async () => {
  const config = JSON.parse(await readFile(new URL("../../../public/config.json", import.meta.url)));
  config.aws.roleArn = "firebridge-web";
  const page = await pageWithConfig((route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }));
  assert.equal(await page.getByTestId("config-error-field").innerText(), "aws.roleArn");
  assert.match(await page.getByTestId("config-error").innerText(), /arn:aws:iam::<12-digit account id>:role/);
});

test("a missing file says where it should be", async () => {
  const page = await pageWithConfig((route) => route.fulfill({ status: 404, body: "not found" }));
  assert.match(await page.getByTestId("config-error").innerText(), /HTTP 404.*next to index\.html/s);
});
