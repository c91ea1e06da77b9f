// The signing benchmark's page: the app's signer (wasm, examples/sign_bench.rs) and the AWS JS
// SDK's SignatureV4 sign the same S3 PUT, with the same credentials and time, in one page.
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import init, { sign_repeatedly } from "./sign_bench.js";

// The inputs of tests/common/signing_case.rs, whose signature botocore recorded.
const credentials = {
  accessKeyId: "ASIAFIREBRIDGETEST",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFIREBRIDGE",
  sessionToken: "IQoJb3JpZ2luX2VjEFIREBRIDGE//session",
};
const signingDate = new Date(1_795_230_000 * 1000);
const request = () => ({
  method: "PUT", protocol: "http:", hostname: "127.0.0.1", port: 5000,
  path: "/firebridge-files/users/uid%201/caf%C3%A9%20%2B%20menu.txt",
  headers: { host: "127.0.0.1:5000", "content-type": "text/plain" }, body: "bonjour", query: {},
});

async function timeJs(times) {
  const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
  let authorization;
  const started = performance.now();
  for (let i = 0; i < times; i++) authorization = (await signer.sign(request(), { signingDate })).headers.authorization;
  return { micros: ((performance.now() - started) * 1000) / times, authorization };
}

function timeWasm(times) {
  const started = performance.now();
  const authorization = sign_repeatedly(times);
  return { micros: ((performance.now() - started) * 1000) / times, authorization };
}

window.runBench = async (times) => {
  await init({ module_or_path: "./sign_bench_bg.wasm" });
  timeWasm(times / 10);
  await timeJs(times / 10);
  return { wasm: timeWasm(times), js: await timeJs(times) };
};
