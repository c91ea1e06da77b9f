// The benchmarks' JavaScript side: the AWS SDK v3 in a page of its own, doing what Firebridge
// does, as an app would write it: @aws-sdk/lib-storage's Upload of the file picked here, and a
// folder listed with the ListObjectsV2 paginator.
import { paginateListObjectsV2, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

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

/** Lists everything directly in PREFIX, page after page; milliseconds taken and objects found. */
window.listWithSdk = async ({ bucket, prefix, ...connection }) => {
  const started = performance.now();
  let objects = 0;
  const pages = paginateListObjectsV2({ client: client(connection) }, { Bucket: bucket, Prefix: prefix, Delimiter: "/" });
  for await (const page of pages) objects += page.Contents?.length ?? 0;
  return { ms: performance.now() - started, objects };
};
