// Per-user isolation holds at AWS, not just in the UI: user B's own credentials, signed
// correctly, are refused on user A's object and allowed on B's own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newEmail, openPage, s3As, signIn, useApp } from "../support/harness.mjs";

const app = useApp();

const uidOf = async (page) => JSON.parse(await page.evaluate(() => sessionStorage.getItem("firebridge.session"))).Credentialed.user.uid;

test("user B cannot read, list or overwrite user A's files", async () => {
  const alice = await openPage(app, "/login");
  await signIn(alice, newEmail("alice"));
  await alice.getByTestId("upload-input").setInputFiles({ name: "secret.txt", mimeType: "text/plain", buffer: Buffer.from("alice only") });
  await alice.getByTestId("file-row").waitFor();
  const aliceKey = `users/${await uidOf(alice)}/secret.txt`;

  const bob = await openPage(app, "/login");
  await signIn(bob, newEmail("bob"));
  const bobKey = `users/${await uidOf(bob)}/mine.txt`;

  assert.deepEqual(await s3As(bob, "PUT", bobKey), { status: 200, code: null }, "control: B may write B's folder");
  assert.deepEqual(await s3As(bob, "GET", bobKey), { status: 200, code: null }, "control: B may read B's folder");
  assert.deepEqual(await s3As(bob, "GET", aliceKey), { status: 403, code: "AccessDenied" });
  assert.deepEqual(await s3As(bob, "PUT", aliceKey), { status: 403, code: "AccessDenied" });
  assert.deepEqual(await s3As(bob, "LIST", `users/${await uidOf(alice)}/`), { status: 403, code: "AccessDenied" });
  assert.deepEqual(await s3As(alice, "GET", aliceKey), { status: 200, code: null }, "A still reads A's file");
});
