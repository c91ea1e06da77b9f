// Uploads S3 verifies: every PUT and every part carries the CRC-32C of its bytes, computed in
// the page, and S3 refuses a body that does not match it (BadDigest). A body altered on its way
// (here by the test, between the browser and the stand-in) is read and sent again; one altered
// every time ends the upload with a message saying so, and nothing is stored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { crc32c } from "../support/crc32c.mjs";
import { AWS, existsInBucket, newEmail, openPage, rowAction, signIn, storedSession, useApp } from "../support/harness.mjs";

const app = useApp();
const MIB = 1024 * 1024;

/** Flips a byte of the S3 PUTs that ALTER(request, nth) picks (nth: how many PUTs to that URL came before). */
async function alterOnTheWay(page, alter) {
  const seen = new Map();
  page.sent = [];
  await page.route((url) => url.href.startsWith(`${AWS}/`), async (route) => {
    const request = route.request();
    if (request.method() !== "PUT") return route.continue();
    const nth = seen.get(request.url()) ?? 0;
    seen.set(request.url(), nth + 1);
    const body = request.postDataBuffer();
    page.sent.push({ url: request.url(), headers: request.headers(), length: body.length });
    if (!alter(request, nth)) return route.continue();
    const altered = Buffer.from(body);
    altered[altered.length >> 1] ^= 0xff;
    return route.continue({ postData: altered });
  });
}

async function signedIn(label) {
  const page = await openPage(app, "/login");
  await signIn(page, newEmail(label));
  await page.getByTestId("no-files").waitFor();
  return page;
}

async function downloaded(page, name) {
  const row = page.getByTestId("file-row").filter({ hasText: name });
  const [download] = await Promise.all([page.waitForEvent("download"), rowAction(row, "download")]);
  return readFile(await download.path());
}

test("a small file goes up with its CRC-32C; altered on the way, it is refused and sent again", async () => {
  const page = await signedIn("crc-small");
  await alterOnTheWay(page, (_, nth) => nth === 0);
  const bytes = Buffer.from("checked by S3 ".repeat(100));
  await page.getByTestId("upload-input").setInputFiles({ name: "checked.txt", mimeType: "text/plain", buffer: bytes });
  await page.getByTestId("file-row").filter({ hasText: "checked.txt" }).waitFor();
  const puts = page.answers.filter((a) => a.method === "PUT" && a.url.endsWith("/checked.txt"));
  assert.deepEqual(puts.map((a) => a.status), [400, 200], "the altered body was refused, the second went in");
  assert.deepEqual(page.sent.map((s) => s.headers["x-amz-checksum-crc32c"]), [crc32c(bytes), crc32c(bytes)]);
  assert.ok(page.sent[0].headers["x-amz-checksum-crc32c"] && /x-amz-checksum-crc32c/.test(page.sent[0].headers.authorization),
    "the checksum is signed: nobody on the way can replace it along with the bytes");
  assert.deepEqual(await downloaded(page, "checked.txt"), bytes);
});

test("every part carries its CRC-32C, the completion lists them, and an altered part is sent again", async () => {
  const page = await signedIn("crc-parts");
  const bytes = Buffer.alloc(20 * MIB);
  for (let offset = 0; offset < bytes.length; offset += 4) bytes.writeUInt32LE(offset, offset);
  await alterOnTheWay(page, (request, nth) => request.url().includes("partNumber=2") && nth === 0);
  await page.getByTestId("upload-input").setInputFiles({ name: "parts.bin", mimeType: "application/octet-stream", buffer: bytes });
  await page.getByTestId("file-row").filter({ hasText: "parts.bin" }).waitFor({ timeout: 60_000 });

  const create = page.answers.find((a) => a.method === "POST" && a.url.includes("?uploads"));
  assert.ok(create, "a multipart upload");
  const parts = [bytes.subarray(0, 8 * MIB), bytes.subarray(8 * MIB, 16 * MIB), bytes.subarray(16 * MIB)].map(crc32c);
  const sentParts = page.sent.filter((s) => s.url.includes("partNumber="));
  assert.equal(sentParts.length, 4, "three parts, the altered one twice");
  for (const sent of sentParts) {
    const number = Number(new URL(sent.url).searchParams.get("partNumber"));
    assert.equal(sent.headers["x-amz-checksum-crc32c"], parts[number - 1], `part ${number}`);
  }
  const statuses = page.answers.filter((a) => a.url.includes("partNumber=2")).map((a) => a.status);
  assert.deepEqual(statuses, [400, 200]);
  const completion = page.answers.find((a) => a.method === "POST" && a.url.includes("uploadId=") && a.status === 200);
  assert.deepEqual([...completion.body.matchAll(/<ChecksumCRC32C>([^<]+)</g)].map((m) => m[1]), parts);
  assert.deepEqual(await downloaded(page, "parts.bin"), bytes);
});

test("a body altered every time it is sent ends the upload with a message, and stores nothing", async () => {
  const page = await signedIn("crc-always");
  await alterOnTheWay(page, () => true);
  await page.getByTestId("upload-input").setInputFiles({ name: "never.txt", mimeType: "text/plain", buffer: Buffer.from("never arrives intact") });
  await page.getByText("S3 received the file altered on its way").waitFor();
  assert.equal(page.answers.filter((a) => a.method === "PUT" && a.url.endsWith("/never.txt")).length, 3, "sent three times");
  const { Credentialed: { user } } = await storedSession(page);
  assert.equal(await existsInBucket(`users/${user.uid}/never.txt`), false);
});
