// The upload benchmark's JavaScript side: @aws-sdk/lib-storage's Upload, as an app would use it,
// sending the file picked in this page with the same part size and parallelism as Firebridge.
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

/**
 * Uploads the picked file to KEY with CREDENTIALS; milliseconds taken. CHECKSUMS: the SDK's
 * default CRC32 of every part (computed in JavaScript), or only where S3 requires one.
 */
window.uploadWithSdk = async ({ endpoint, bucket, credentials, key, partSize, queueSize, checksums }) => {
  const file = document.querySelector("#file").files[0];
  const requestChecksumCalculation = checksums ? "WHEN_SUPPORTED" : "WHEN_REQUIRED";
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials, requestChecksumCalculation });
  // Over plain HTTP (the stand-in) the SDK signs a SHA-256 of every part's bytes; over HTTPS, as
  // with real S3, it signs UNSIGNED-PAYLOAD, as Firebridge does. Measure what production does.
  client.middlewareStack.add((next) => (args) => {
    args.request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
    return next(args);
  }, { step: "build", name: "unsignedPayloadAsOverHttps" });
  const started = performance.now();
  const upload = new Upload({ client, partSize, queueSize, params: { Bucket: bucket, Key: key, Body: file, ContentType: "application/octet-stream" } });
  await upload.done();
  return performance.now() - started;
};
