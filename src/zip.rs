//! The zip format, written as a stream: a folder download leaves the page as it arrives, so
//! the zip is produced front to back and never sought back into. Entries are stored (no
//! compression: photos, videos and archives are compressed already, and deflate would cost
//! the page's one thread); a file's CRC-32 and size follow its bytes in a data descriptor
//! (flag bit 3), and the central directory at the end repeats them for every entry. Where a
//! size, an offset or the number of entries passes what the classic fields hold (4 GiB,
//! 65,535), the Zip64 fields carry it. Names are UTF-8 (flag bit 11).
//!
//! References: PKWARE's APPNOTE.TXT 6.3.10, sections 4.3.7 (local header), 4.3.9 (data
//! descriptor), 4.3.12 (central directory), 4.3.14 to 4.3.16 (end records), 4.4.4 (bit 3),
//! 4.5.3 (Zip64 extra field), and Info-ZIP's extended timestamp (extra field 0x5455).

use crate::crc::{Crc, CRC32};
use crate::time::{civil_from_days, UnixSeconds};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const DATA_DESCRIPTOR: u32 = 0x0807_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const ZIP64_END: u32 = 0x0606_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const END: u32 = 0x0605_4b50;

const ZIP64_EXTRA: u16 = 0x0001;
const TIMESTAMP_EXTRA: u16 = 0x5455;

/// Sizes and CRC follow the data (bit 3); the name is UTF-8 (bit 11).
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_UTF8: u16 = 1 << 11;
/// 2.0: stored entries and folders; 4.5: Zip64.
const VERSION_PLAIN: u16 = 20;
const VERSION_ZIP64: u16 = 45;
/// Made on Unix (3, so extractors read the permissions below) by a 6.3 writer.
const MADE_BY: u16 = (3 << 8) | 63;
/// rw-r--r-- files and rwxr-xr-x folders (with MS-DOS's folder bit), in the high half.
const FILE_ATTRIBUTES: u32 = 0o100_644 << 16;
const FOLDER_ATTRIBUTES: u32 = (0o040_755 << 16) | 0x10;

/// Where the classic fields stop: values from these on go in Zip64 fields. Tests lower them,
/// so that Zip64 archives can be checked without writing gigabytes.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A size or an offset (classic fields: 32 bits).
    pub bytes: u64,
    /// The number of entries (classic fields: 16 bits).
    pub entries: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            bytes: 0xFFFF_FFFF,
            entries: 0xFFFF,
        }
    }
}

/// Why an entry could not be closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// The bytes handed in were not as many as the entry was started with (a body cut short).
    SizeChanged { expected: u64, got: u64 },
    /// `data` or `end` with no entry started, or `start` with one still open.
    OutOfOrder,
}

/// One entry as the central directory describes it.
#[derive(Clone, Debug)]
struct Record {
    path: String,
    crc: u32,
    size: u64,
    offset: u64,
    modified: Option<UnixSeconds>,
    folder: bool,
    /// Its local header announced Zip64 sizes (so its descriptor has 8-byte sizes).
    zip64_sizes: bool,
}

/// The file being written: its record so far, the CRC of its bytes, how many arrived.
struct Open {
    record: Record,
    crc: Crc,
    expected: u64,
}

/// Produces a zip's bytes in order: `start` a file, hand its bytes to `data` (and send them
/// on), `end` it; `folder` for an empty folder; `finish` for the central directory. Every
/// method returns the bytes to send next.
pub struct ZipWriter {
    limits: Limits,
    offset: u64,
    records: Vec<Record>,
    open: Option<Open>,
}

impl Default for ZipWriter {
    fn default() -> Self {
        ZipWriter::with_limits(Limits::default())
    }
}

impl ZipWriter {
    pub fn with_limits(limits: Limits) -> Self {
        ZipWriter {
            limits,
            offset: 0,
            records: Vec::new(),
            open: None,
        }
    }

    /// Bytes of zip produced so far.
    pub fn written(&self) -> u64 {
        self.offset
    }

    /// The local header of a file of `size` bytes at `path` (already a safe entry path).
    pub fn start(
        &mut self,
        path: &str,
        size: u64,
        modified: Option<UnixSeconds>,
    ) -> Result<Vec<u8>, ZipError> {
        let record = self.next_record(path, modified, false, size >= self.limits.bytes)?;
        let header = local_header(&record);
        self.offset += header.len() as u64;
        self.open = Some(Open {
            record,
            crc: Crc::new(&CRC32),
            expected: size,
        });
        Ok(header)
    }

    /// Takes the next bytes of the open file into its CRC and size; the bytes themselves go
    /// out unchanged, after the header.
    pub fn data(&mut self, bytes: &[u8]) -> Result<(), ZipError> {
        let open = self.open.as_mut().ok_or(ZipError::OutOfOrder)?;
        open.crc.update(bytes);
        open.record.size += bytes.len() as u64;
        self.offset += bytes.len() as u64;
        Ok(())
    }

    /// The data descriptor closing the open file. Refused if fewer or more bytes came than
    /// the file was started with: the zip cannot be trusted past that point.
    pub fn end(&mut self) -> Result<Vec<u8>, ZipError> {
        let Open {
            mut record,
            crc,
            expected,
        } = self.open.take().ok_or(ZipError::OutOfOrder)?;
        if record.size != expected {
            return Err(ZipError::SizeChanged {
                expected,
                got: record.size,
            });
        }
        record.crc = crc.value();
        let mut out = Vec::with_capacity(24);
        put32(&mut out, DATA_DESCRIPTOR);
        put32(&mut out, record.crc);
        if record.zip64_sizes {
            put64(&mut out, record.size);
            put64(&mut out, record.size);
        } else {
            put32(&mut out, record.size as u32);
            put32(&mut out, record.size as u32);
        }
        self.offset += out.len() as u64;
        self.records.push(record);
        Ok(out)
    }

    /// The entry of a folder (`path` ends in `/`): kept even when empty.
    pub fn folder(
        &mut self,
        path: &str,
        modified: Option<UnixSeconds>,
    ) -> Result<Vec<u8>, ZipError> {
        let record = self.next_record(path, modified, true, false)?;
        let header = local_header(&record);
        self.offset += header.len() as u64;
        self.records.push(record);
        Ok(header)
    }

    /// The record of the entry starting here; refused while a file is still open.
    fn next_record(
        &self,
        path: &str,
        modified: Option<UnixSeconds>,
        folder: bool,
        zip64_sizes: bool,
    ) -> Result<Record, ZipError> {
        if self.open.is_some() {
            return Err(ZipError::OutOfOrder);
        }
        Ok(Record {
            path: path.to_string(),
            crc: 0,
            size: 0,
            offset: self.offset,
            modified,
            folder,
            zip64_sizes,
        })
    }

    /// The central directory and the end records: the last bytes of the zip.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        if self.open.is_some() {
            return Err(ZipError::OutOfOrder);
        }
        let limit = self.limits.bytes;
        let mut out = Vec::new();
        for record in &self.records {
            central_header(&mut out, record, limit);
        }
        let (start, size, count) = (self.offset, out.len() as u64, self.records.len() as u64);
        let big = |value: u64| value >= limit;
        let many = count >= self.limits.entries;
        if big(start) || big(size) || many {
            let zip64_end = start + size;
            put32(&mut out, ZIP64_END);
            put64(&mut out, 44); // the record's size after this field
            put16(&mut out, MADE_BY);
            put16(&mut out, VERSION_ZIP64);
            put32(&mut out, 0); // this disk
            put32(&mut out, 0); // the disk the directory starts on
            put64(&mut out, count);
            put64(&mut out, count);
            put64(&mut out, size);
            put64(&mut out, start);
            put32(&mut out, ZIP64_LOCATOR);
            put32(&mut out, 0);
            put64(&mut out, zip64_end);
            put32(&mut out, 1); // disks in all
        }
        let count16 = if many { 0xFFFF } else { count as u16 };
        put32(&mut out, END);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, count16);
        put16(&mut out, count16);
        put32(&mut out, clamp32(size, limit));
        put32(&mut out, clamp32(start, limit));
        put16(&mut out, 0); // no comment
        Ok(out)
    }
}

fn local_header(record: &Record) -> Vec<u8> {
    let mut extra = Vec::new();
    if record.zip64_sizes {
        // Both sizes, zero here: the descriptor after the data has them (4.5.3).
        put16(&mut extra, ZIP64_EXTRA);
        put16(&mut extra, 16);
        put64(&mut extra, 0);
        put64(&mut extra, 0);
    }
    timestamp_extra(&mut extra, record.modified);
    let mut out = Vec::with_capacity(30 + record.path.len() + extra.len());
    put32(&mut out, LOCAL_HEADER);
    put16(&mut out, version_needed(record.zip64_sizes));
    put16(&mut out, flags(record));
    put16(&mut out, 0); // stored
    let (time, date) = dos_time(record.modified);
    put16(&mut out, time);
    put16(&mut out, date);
    put32(&mut out, 0); // CRC: in the descriptor
    let size = if record.zip64_sizes { 0xFFFF_FFFF } else { 0 };
    put32(&mut out, size);
    put32(&mut out, size);
    put16(&mut out, record.path.len() as u16);
    put16(&mut out, extra.len() as u16);
    out.extend_from_slice(record.path.as_bytes());
    out.extend_from_slice(&extra);
    out
}

fn central_header(out: &mut Vec<u8>, record: &Record, limit: u64) {
    let big_size = record.zip64_sizes || record.size >= limit;
    let big_offset = record.offset >= limit;
    let mut extra = Vec::new();
    if big_size || big_offset {
        let mut fields = Vec::new();
        if big_size {
            put64(&mut fields, record.size);
            put64(&mut fields, record.size);
        }
        if big_offset {
            put64(&mut fields, record.offset);
        }
        put16(&mut extra, ZIP64_EXTRA);
        put16(&mut extra, fields.len() as u16);
        extra.extend_from_slice(&fields);
    }
    timestamp_extra(&mut extra, record.modified);
    put32(out, CENTRAL_HEADER);
    put16(out, MADE_BY);
    put16(out, version_needed(big_size || big_offset));
    put16(out, flags(record));
    put16(out, 0);
    let (time, date) = dos_time(record.modified);
    put16(out, time);
    put16(out, date);
    put32(out, record.crc);
    let size = if big_size {
        0xFFFF_FFFF
    } else {
        record.size as u32
    };
    put32(out, size);
    put32(out, size);
    put16(out, record.path.len() as u16);
    put16(out, extra.len() as u16);
    put16(out, 0); // no comment
    put16(out, 0); // disk
    put16(out, 0); // internal attributes
    put32(
        out,
        if record.folder {
            FOLDER_ATTRIBUTES
        } else {
            FILE_ATTRIBUTES
        },
    );
    put32(out, clamp32(record.offset, limit));
    out.extend_from_slice(record.path.as_bytes());
    out.extend_from_slice(&extra);
}

fn flags(record: &Record) -> u16 {
    match record.folder {
        true => FLAG_UTF8,
        false => FLAG_UTF8 | FLAG_DESCRIPTOR,
    }
}

fn version_needed(zip64: bool) -> u16 {
    if zip64 {
        VERSION_ZIP64
    } else {
        VERSION_PLAIN
    }
}

/// Info-ZIP's extended timestamp: the exact modification time, in UTC (the DOS fields have
/// no zone and two-second steps).
fn timestamp_extra(out: &mut Vec<u8>, modified: Option<UnixSeconds>) {
    if let Some(seconds) = modified.and_then(|s| u32::try_from(s).ok()) {
        put16(out, TIMESTAMP_EXTRA);
        put16(out, 5);
        out.push(1); // modification time present
        put32(out, seconds);
    }
}

/// MS-DOS time and date fields, in UTC; before 1980 (or unknown) as 1980-01-01 00:00, the
/// first moment they can say.
pub fn dos_time(modified: Option<UnixSeconds>) -> (u16, u16) {
    const FIRST: (u16, u16) = (0, (1 << 5) | 1);
    let Some(seconds) = modified.and_then(|s| i64::try_from(s).ok()) else {
        return FIRST;
    };
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400);
    if !(1980..=2107).contains(&year) {
        return FIRST;
    }
    let time = ((in_day / 3600) << 11) | ((in_day % 3600 / 60) << 5) | ((in_day % 60) / 2);
    let date = ((year - 1980) << 9) | (month << 5) | day;
    (time as u16, date as u16)
}

fn clamp32(value: u64, limit: u64) -> u32 {
    if value >= limit {
        0xFFFF_FFFF
    } else {
        value as u32
    }
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    struct File<'a> {
        path: &'a str,
        bytes: Vec<u8>,
        modified: Option<UnixSeconds>,
    }

    /// The zip of `files` (a path ending in `/` is a folder), the file bytes handed over in
    /// pieces of `piece` bytes as a download's chunks would be.
    fn zip(files: &[File], limits: Limits, piece: usize) -> Vec<u8> {
        let mut writer = ZipWriter::with_limits(limits);
        let mut out = Vec::new();
        for file in files {
            if file.path.ends_with('/') {
                out.extend(writer.folder(file.path, file.modified).unwrap());
                continue;
            }
            let size = file.bytes.len() as u64;
            out.extend(writer.start(file.path, size, file.modified).unwrap());
            for chunk in file.bytes.chunks(piece) {
                writer.data(chunk).unwrap();
                out.extend_from_slice(chunk);
            }
            out.extend(writer.end().unwrap());
            assert_eq!(writer.written(), out.len() as u64);
        }
        out.extend(writer.finish().unwrap());
        out
    }

    /// What Python's zipfile (an independent reader, which checks every CRC) reads in `zip`:
    /// one line per entry, `path size date-time is-dir`, then the contents' SHA-256s, then
    /// "zip64" if it found the Zip64 end record.
    fn read_with_python(zip: &[u8]) -> String {
        let path = std::env::temp_dir().join(format!(
            "firebridge-zip-test-{}-{}.zip",
            std::process::id(),
            crate::crc::of(&CRC32, zip)
        ));
        std::fs::write(&path, zip).unwrap();
        let script = r#"
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
assert bad is None, f"bad CRC in {bad}"
for i in z.infolist():
    data = z.read(i)
    print(i.filename, i.file_size, "%04d-%02d-%02d %02d:%02d:%02d" % i.date_time, i.is_dir(), hashlib.sha256(data).hexdigest()[:8])
data = open(sys.argv[1], "rb").read()
print("zip64" if b"PK\x06\x06" in data else "classic", len(z.infolist()))
"#;
        let output = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&path)
            .output()
            .expect("python3 runs (the stand-in needs it too)");
        std::fs::remove_file(&path).ok();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn sample() -> Vec<File<'static>> {
        vec![
            File {
                path: "photos/",
                bytes: vec![],
                modified: Some(1_764_547_200),
            },
            File {
                path: "photos/été 2026/a.jpg",
                bytes: (0..100_000_u32).map(|i| (i * 31 % 251) as u8).collect(),
                modified: Some(1_764_590_461), // 2025-12-01 12:01:01 UTC
            },
            File {
                path: "empty.txt",
                bytes: vec![],
                modified: None,
            },
            File {
                path: "notes.txt",
                bytes: b"hello\n".to_vec(),
                modified: Some(315_532_800), // 1980-01-01
            },
        ]
    }

    // A classic zip: every entry, its size, its UTF-8 name, its time (two-second steps) and
    // its bytes come back out of an independent reader, whatever the chunking.
    #[test]
    fn python_reads_back_what_was_written() {
        for piece in [1, 7, 65_536] {
            let read = read_with_python(&zip(&sample(), Limits::default(), piece));
            assert_eq!(
                read,
                "photos/ 0 2025-12-01 00:00:00 True e3b0c442\n\
                 photos/été 2026/a.jpg 100000 2025-12-01 12:01:00 False df16f737\n\
                 empty.txt 0 1980-01-01 00:00:00 False e3b0c442\n\
                 notes.txt 6 1980-01-01 00:00:00 False 5891b5b5\n\
                 classic 4\n",
                "piece {piece}"
            );
        }
    }

    // Zip64: with the limits lowered, every size, offset and the count pass them, so each
    // Zip64 field is written and read back (a real one needs 4 GiB).
    #[test]
    fn python_reads_zip64_fields() {
        let limits = Limits {
            bytes: 10,
            entries: 2,
        };
        let read = read_with_python(&zip(&sample(), limits, 4096));
        assert!(read.ends_with("zip64 4\n"), "{read}");
        assert!(read.contains("photos/été 2026/a.jpg 100000 "), "{read}");
        assert!(read.contains("notes.txt 6 "), "{read}");
    }

    // A body cut short must not close its entry: the zip would hold a file with the wrong
    // bytes and a CRC that says otherwise.
    #[test]
    fn an_entry_with_missing_bytes_is_refused() {
        let mut writer = ZipWriter::default();
        writer.start("a.bin", 10, None).unwrap();
        writer.data(&[0; 4]).unwrap();
        assert_eq!(
            writer.end(),
            Err(ZipError::SizeChanged {
                expected: 10,
                got: 4
            })
        );
    }

    // Misuse is refused instead of writing a zip no reader can open.
    #[test]
    fn calls_out_of_order_are_refused() {
        let mut writer = ZipWriter::default();
        assert_eq!(writer.data(b"x"), Err(ZipError::OutOfOrder));
        assert_eq!(writer.end(), Err(ZipError::OutOfOrder));
        writer.start("a", 1, None).unwrap();
        assert_eq!(writer.start("b", 1, None), Err(ZipError::OutOfOrder));
        assert_eq!(writer.folder("c/", None), Err(ZipError::OutOfOrder));
        assert!(writer.finish().is_err());
    }

    // The DOS fields: two-second steps, UTC, nothing before 1980.
    #[test]
    fn dos_times() {
        // 2026-12-02 03:47:07 UTC
        assert_eq!(
            dos_time(Some(1_796_183_227)),
            ((3 << 11) | (47 << 5) | 3, (46 << 9) | (12 << 5) | 2)
        );
        assert_eq!(dos_time(Some(0)), (0, (1 << 5) | 1));
        assert_eq!(dos_time(None), (0, (1 << 5) | 1));
    }
}
