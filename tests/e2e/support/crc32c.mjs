// CRC-32C, computed here independently of the app, to check the checksums it sends and S3's
// composite ones (a checksum of the parts' checksums).
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  return c >>> 0;
});

/** The CRC-32C of BYTES as its four big-endian bytes. */
export function crc32cBytes(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out;
}

/** As S3 writes it in x-amz-checksum-crc32c: base64 of the big-endian bytes. */
export const crc32c = (bytes) => crc32cBytes(bytes).toString("base64");

/** A multipart upload's composite checksum, as S3 answers it: of the PARTS' checksums, "-N". */
export const compositeCrc32c = (parts) => `${crc32c(Buffer.concat(parts.map(crc32cBytes)))}-${parts.length}`;
