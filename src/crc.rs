//! Table-driven CRC-32s, any polynomial: CRC-32C for the checksums S3 verifies on upload
//! (`aws::checksum`), the zip format's CRC-32 for folder downloads (`zip`). Slicing-by-8 (eight
//! bytes a step through eight tables), the tables built at first use rather than stored in the
//! module (8 KiB each that the download does not carry).

use std::sync::OnceLock;

type Tables = [[u32; 256]; 8];

/// A CRC-32's polynomial (bit-reversed: these CRCs are computed least significant bit first),
/// with its tables once built.
pub struct Polynomial {
    reversed: u32,
    tables: OnceLock<Box<Tables>>,
}

/// CRC-32 (ISO-HDLC): zip, gzip, PNG.
pub static CRC32: Polynomial = Polynomial::new(0xEDB8_8320);
/// CRC-32C (Castagnoli): iSCSI, S3's `x-amz-checksum-crc32c`.
pub static CRC32C: Polynomial = Polynomial::new(0x82F6_3B78);

impl Polynomial {
    const fn new(reversed: u32) -> Self {
        Polynomial {
            reversed,
            tables: OnceLock::new(),
        }
    }

    fn tables(&self) -> &Tables {
        self.tables.get_or_init(|| {
            let mut t = Box::new([[0_u32; 256]; 8]);
            for byte in 0..256 {
                let mut crc = byte as u32;
                for _ in 0..8 {
                    crc = (crc >> 1) ^ (self.reversed & (crc & 1).wrapping_neg());
                }
                t[0][byte] = crc;
            }
            for byte in 0..256 {
                for k in 1..8 {
                    let previous = t[k - 1][byte];
                    t[k][byte] = (previous >> 8) ^ t[0][(previous & 0xFF) as usize];
                }
            }
            t
        })
    }
}

/// A CRC computed over bytes handed in piece by piece.
#[derive(Clone, Copy)]
pub struct Crc {
    polynomial: &'static Polynomial,
    state: u32,
}

impl std::fmt::Debug for Crc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Crc({:08x})", self.value())
    }
}

impl Crc {
    pub fn new(polynomial: &'static Polynomial) -> Self {
        Crc {
            polynomial,
            state: !0,
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        let t = self.polynomial.tables();
        let mut crc = self.state;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let low = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) ^ crc;
            let high = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
            crc = t[7][(low & 0xFF) as usize]
                ^ t[6][((low >> 8) & 0xFF) as usize]
                ^ t[5][((low >> 16) & 0xFF) as usize]
                ^ t[4][(low >> 24) as usize]
                ^ t[3][(high & 0xFF) as usize]
                ^ t[2][((high >> 8) & 0xFF) as usize]
                ^ t[1][((high >> 16) & 0xFF) as usize]
                ^ t[0][(high >> 24) as usize];
        }
        for &byte in chunks.remainder() {
            crc = t[0][((crc ^ byte as u32) & 0xFF) as usize] ^ (crc >> 8);
        }
        self.state = crc;
    }

    pub fn value(self) -> u32 {
        !self.state
    }
}

/// The CRC of `bytes` in one go.
pub fn of(polynomial: &'static Polynomial, bytes: &[u8]) -> u32 {
    let mut crc = Crc::new(polynomial);
    crc.update(bytes);
    crc.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The check values of the CRC catalogue, the zip CRC-32 also against Python's zlib.crc32:
    // a wrong table or bit order fails here, not in an unzip tool.
    #[test]
    fn crc32_matches_the_published_check_values() {
        assert_eq!(of(&CRC32, b"123456789"), 0xCBF4_3926);
        assert_eq!(of(&CRC32, b""), 0);
        // python3 -c 'import zlib; print(hex(zlib.crc32(b"The quick brown fox jumps over the lazy dog")))'
        assert_eq!(
            of(&CRC32, b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    // Downloads feed the CRC a chunk at a time: any split gives the value of the whole.
    #[test]
    fn pieces_give_the_value_of_the_whole() {
        let bytes: Vec<u8> = (0..1000_u32).map(|i| (i * 7 + 3) as u8).collect();
        for polynomial in [&CRC32, &CRC32C] {
            let whole = of(polynomial, &bytes);
            for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
                let mut crc = Crc::new(polynomial);
                crc.update(&bytes[..split]);
                crc.update(&bytes[split..]);
                assert_eq!(crc.value(), whole, "split at {split}");
            }
        }
    }
}
