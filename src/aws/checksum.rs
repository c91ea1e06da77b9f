//! CRC-32C (Castagnoli), the checksum every upload carries so that S3 itself checks the bytes
//! it stores (`x-amz-checksum-crc32c`; a part that does not match is refused with `BadDigest`).
//! Chosen over SHA-256 for speed: computed in wasm from the bytes being sent, it must not slow
//! an upload down. The table-driven CRC itself is `crc`'s.

use crate::crc::{Crc, CRC32C};

/// The header name S3 reads a part's or an object's CRC-32C from.
pub const HEADER: &str = "x-amz-checksum-crc32c";
/// How CreateMultipartUpload names the algorithm every part of the upload will carry.
pub const ALGORITHM: &str = "CRC32C";

/// A CRC-32C computed over bytes handed in piece by piece.
#[derive(Clone, Copy, Debug)]
pub struct Crc32c(Crc);

impl Default for Crc32c {
    fn default() -> Self {
        Crc32c(Crc::new(&CRC32C))
    }
}

impl Crc32c {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn value(self) -> u32 {
        self.0.value()
    }

    /// As S3 writes it: the four bytes, most significant first, in base64.
    pub fn header_value(self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(self.value().to_be_bytes())
    }
}

/// The CRC-32C of `bytes` in one go.
pub fn crc32c(bytes: &[u8]) -> Crc32c {
    let mut crc = Crc32c::default();
    crc.update(bytes);
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    // The check value of the CRC catalogue and RFC 3720's (iSCSI) test patterns: a wrong table
    // or bit order fails here, not at S3.
    #[test]
    fn matches_the_published_check_values() {
        assert_eq!(crc32c(b"123456789").value(), 0xE306_9283);
        assert_eq!(crc32c(&[0; 32]).value(), 0x8A91_36AA);
        assert_eq!(crc32c(&[0xFF; 32]).value(), 0x62A8_AB43);
        let ascending: Vec<u8> = (0..32).collect();
        assert_eq!(crc32c(&ascending).value(), 0x46DD_794E);
        assert_eq!(crc32c(b"").value(), 0);
    }

    // Uploads feed the checksum a slice at a time: any split gives the value of the whole.
    #[test]
    fn pieces_give_the_value_of_the_whole() {
        let bytes: Vec<u8> = (0..1000_u32).map(|i| (i * 7 + 3) as u8).collect();
        let whole = crc32c(&bytes).value();
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let mut crc = Crc32c::default();
            crc.update(&bytes[..split]);
            crc.update(&bytes[split..]);
            assert_eq!(crc.value(), whole, "split at {split}");
        }
    }

    // S3's header: big-endian bytes in base64 (the value botocore sends for the same body).
    #[test]
    fn header_value_is_big_endian_base64() {
        assert_eq!(crc32c(b"123456789").header_value(), "4waSgw==");
        assert_eq!(crc32c(b"").header_value(), "AAAAAA==");
    }
}
