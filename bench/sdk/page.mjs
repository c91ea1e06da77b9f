// The benchmarks' JavaScript side: the AWS SDK v3 in a page of its own, doing what Firebridge
// does, as an app would write it: @aws-sdk/lib-storage's Upload of the file picked here, and a
// folder listed with the ListObjectsV2 paginator and drawn with React, 200 rows at a time.
import {
  CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, paginateListObjectsV2, S3Client, UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { createElement as h, useState } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";

function client({ endpoint, credentials, checksums = true }) {
  const requestChecksumCalculation = checksums ? "WHEN_SUPPORTED" : "WHEN_REQUIRED";
  const s3 = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials, requestChecksumCalculation });
  // Over plain HTTP (the stand-in) the SDK signs a SHA-256 of every body; over HTTPS, as with
  // real S3, it signs UNSIGNED-PAYLOAD, as Firebridge does. Measure what production does.
  s3.middlewareStack.add((next) => (args) => {
    args.request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
    return next(args);
  }, { step: "build", name: "unsignedPayloadAsOverHttps" });
  return s3;
}

/**
 * Uploads the picked file to KEY with CREDENTIALS; milliseconds taken. CHECKSUMS: the SDK's
 * default CRC32 of every part (computed in JavaScript), or only where S3 requires one.
 */
window.uploadWithSdk = async ({ bucket, key, partSize, queueSize, ...connection }) => {
  const file = document.querySelector("#file").files[0];
  const started = performance.now();
  const params = { Bucket: bucket, Key: key, Body: file, ContentType: "application/octet-stream" };
  await new Upload({ client: client(connection), partSize, queueSize, params }).done();
  return performance.now() - started;
};

/** Sends BLOB with one XMLHttpRequest PUT to URL, as Firebridge does; the part's ETag. */
function putWithXhr(url, blob) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.onload = () => (xhr.status === 200 ? resolve(xhr.getResponseHeader("ETag")) : reject(new Error(`PUT ${xhr.status}`)));
    xhr.onerror = () => reject(new Error("PUT failed"));
    xhr.send(blob);
  });
}

/**
 * Chromium's own upload path, with no SDK and no wasm on it: the picked file sent as PART_SIZE
 * slices of itself, QUEUE_SIZE at a time, each a plain XMLHttpRequest PUT to a presigned
 * UploadPart address, between the same CreateMultipartUpload and completion Firebridge sends;
 * milliseconds taken. What any page's multipart upload can reach in this browser.
 */
window.uploadWithPlainPuts = async ({ bucket, key, partSize, queueSize, ...connection }) => {
  const file = document.querySelector("#file").files[0];
  const s3 = client({ ...connection, checksums: false });
  const started = performance.now();
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const count = Math.ceil(file.size / partSize);
  const urls = await Promise.all(Array.from({ length: count }, (_, i) =>
    getSignedUrl(s3, new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1 }), { expiresIn: 3600 })));
  const parts = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const ETag = await putWithXhr(urls[i], file.slice(i * partSize, Math.min(file.size, (i + 1) * partSize)));
      parts[i] = { ETag, PartNumber: i + 1 };
    }
  };
  await Promise.all(Array.from({ length: queueSize }, worker));
  await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  return performance.now() - started;
};

async function listAll({ bucket, prefix, ...connection }) {
  const objects = [];
  const pages = paginateListObjectsV2({ client: client(connection) }, { Bucket: bucket, Prefix: prefix, Delimiter: "/" });
  for await (const page of pages) objects.push(...(page.Contents ?? []));
  return objects;
}

const ACTIONS = ["Download", "Preview", "Share", "Rename", "Delete"];
let root;
let showMore;

/** Firebridge's table, as React would draw it: the same columns and buttons, 200 rows at a time. */
function Folder({ objects }) {
  const [shown, setShown] = useState(200);
  showMore = () => setShown((n) => n + 200);
  const row = (o) => h("tr", { key: o.Key },
    h("td", null, h("input", { type: "checkbox", "aria-label": `Select ${o.Key}` })),
    h("td", null, o.Key.split("/").pop()), h("td", null, `${o.Size} B`), h("td", null, o.LastModified.toISOString()),
    h("td", null, ACTIONS.map((label) => h("button", { key: label }, label))));
  return h("table", null, h("tbody", null, objects.slice(0, shown).map(row)));
}

/** Lists PREFIX and draws its first 200 rows; milliseconds taken and objects found. */
window.showFolderWithSdk = async (options) => {
  const started = performance.now();
  const objects = (await listAll(options)).sort((a, b) => (a.Key < b.Key ? -1 : 1));
  root?.unmount();
  root = createRoot(document.querySelector("#root"));
  flushSync(() => root.render(h(Folder, { objects })));
  return { ms: performance.now() - started, objects: objects.length };
};

/** Draws 200 rows more; milliseconds taken. */
window.showMoreWithSdk = () => {
  const started = performance.now();
  flushSync(showMore);
  return performance.now() - started;
};

/** Lists everything directly in PREFIX, page after page; milliseconds taken and objects found. */
window.listWithSdk = async (options) => {
  const started = performance.now();
  const objects = (await listAll(options)).length;
  return { ms: performance.now() - started, objects };
};

/**
 * Searches every key under PREFIX (no delimiter) for names containing QUERY, page by page, and
 * draws the hits with React as they come; milliseconds to the first hit drawn and to the last.
 */
window.searchWithSdk = async ({ bucket, prefix, query, ...connection }) => {
  const started = performance.now();
  const hits = [];
  let first;
  root?.unmount();
  root = createRoot(document.querySelector("#root"));
  const draw = () => flushSync(() => root.render(h("ul", null, hits.map((o) => h("li", { key: o.Key },
    h("button", null, o.Key.split("/").pop()), h("span", null, `in ${o.Key.slice(prefix.length, o.Key.lastIndexOf("/"))}`))))));
  const pages = paginateListObjectsV2({ client: client(connection) }, { Bucket: bucket, Prefix: prefix });
  for await (const page of pages) {
    const found = (page.Contents ?? []).filter((o) => o.Key.split("/").pop().toLowerCase().includes(query));
    if (!found.length) continue;
    hits.push(...found);
    draw();
    first ??= performance.now() - started;
  }
  return { first, last: performance.now() - started, hits: hits.length };
};

/** Downloads each of KEYS in turn with GetObject, reading each body to its end; ms taken. */
window.downloadEachWithSdk = async ({ bucket, keys, ...connection }) => {
  const s3 = client(connection);
  const started = performance.now();
  let bytes = 0;
  for (const key of keys) {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const reader = Body.getReader();
    for (let step = await reader.read(); !step.done; step = await reader.read()) bytes += step.value.length;
  }
  return { ms: performance.now() - started, bytes };
};
