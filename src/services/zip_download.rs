//! A folder or a selection downloaded as one zip, written to disk as it downloads: each file is
//! fetched from a presigned link and its chunks go straight on to the save stream (the zip's
//! CRC counted on the way), so a zip of any size needs only the chunks in flight. A file that
//! breaks off mid-way is fetched again from where it stopped (a `Range` request, `If-Match`
//! the ETag its first answer had, so the zip never mixes two versions of it), with the
//! backoff every other request retries with (`aws::retry`); one that is gone or refused by
//! the time its turn comes is left out and named at the end. Stop gives the file up.

use crate::archive::{self, Member};
use crate::aws::retry;
use crate::aws::s3::{self, S3Error};
use crate::aws::sign::Service;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::folder::Entry;
use crate::http::NetworkError;
use crate::platform::clock::{jitter, now_millis, sleep_millis};
use crate::platform::http::{get_streamed, BodyReader, Streamed};
use crate::platform::save::SaveStream;
use crate::services::credentials::LiveSession;
use crate::services::{files, signed};
use crate::zip::{ZipError, ZipWriter};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How far a zip has come (files: folders' own entries are not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZipProgress {
    pub files_done: usize,
    pub files: usize,
    pub bytes_done: u64,
    pub bytes: u64,
}

pub type OnProgress = Rc<dyn Fn(ZipProgress)>;

/// What the zip holds in the end.
#[derive(Clone, Debug, Default)]
pub struct ZipOutcome {
    /// Files saved (folders' own entries aside).
    pub saved: usize,
    /// Files left out (their path in the zip, and why).
    pub skipped: Vec<(String, AppError)>,
}

/// Progress is told at most this often (a gigabyte is some 16,000 chunks).
const PROGRESS_EVERY_MS: u64 = 100;
/// A link is used at once; it only has to outlive the start of its answer.
const LINK_LIFETIME: Duration = Duration::from_secs(900);

/// The entries of the zip of `chosen` (files and folders listed in `open`, a folder path
/// below `root`): every object under each chosen folder, listed now.
pub async fn members(
    config: &AppConfig,
    live: &LiveSession,
    root: &str,
    open: &str,
    chosen: &[Entry],
) -> Result<Vec<Member>, AppError> {
    let mut objects = Vec::new();
    for entry in chosen {
        match entry {
            Entry::File { object, .. } => objects.push(object.clone()),
            Entry::Folder { path, .. } => {
                let prefix = format!("{root}{path}");
                objects.extend(files::objects_under(config, live, &prefix).await?);
            }
        }
    }
    Ok(archive::members(&format!("{root}{open}"), &objects))
}

/// Writes the zip of `members` into `save`, then closes it. Returns early, leaving `save` for
/// the caller to drop (which gives the file up), when `stop` is set or a file cannot be had.
pub async fn write_zip(
    config: &AppConfig,
    live: &LiveSession,
    members: &[Member],
    save: SaveStream,
    stop: Rc<Cell<bool>>,
    on_progress: OnProgress,
) -> Result<ZipOutcome, AppError> {
    let mut run = ZipRun {
        config,
        live,
        save: &save,
        stop: &stop,
        zip: ZipWriter::default(),
        progress: ZipProgress {
            files: members.iter().filter(|m| !m.folder).count(),
            bytes: archive::total_bytes(members),
            ..ZipProgress::default()
        },
        on_progress,
        told_at: 0,
        buffer: Vec::new(),
    };
    let mut outcome = ZipOutcome::default();
    for member in members {
        if stop.get() {
            return Err(AppError::Cancelled);
        }
        match run.add(member).await? {
            Added::Saved if member.folder => {}
            Added::Saved => outcome.saved += 1,
            Added::LeftOut(error) => outcome.skipped.push((member.path.clone(), error)),
        }
        if !member.folder {
            run.progress.files_done += 1;
            run.tell(true);
        }
    }
    let end = run.zip.finish().map_err(zip_failed)?;
    save.write_bytes(&end).await.map_err(AppError::Browser)?;
    save.close().await.map_err(AppError::Browser)?;
    Ok(outcome)
}

/// A file's body being fetched: what is left of it, and the version it is (for a resume).
struct Opened {
    length: u64,
    etag: Option<String>,
    reader: BodyReader,
}

/// What a GET found: the body to read, or a file stored encoded (to be asked for as stored).
enum Fetched {
    Body(Opened),
    Encoded,
}

/// What became of one member.
enum Added {
    Saved,
    /// Gone or refused before any of it was written: the zip goes on without it.
    LeftOut(AppError),
}

struct ZipRun<'a> {
    config: &'a AppConfig,
    live: &'a LiveSession,
    save: &'a SaveStream,
    stop: &'a Cell<bool>,
    zip: ZipWriter,
    progress: ZipProgress,
    on_progress: OnProgress,
    told_at: u64,
    /// The chunk being counted into the CRC, copied out of JavaScript's memory.
    buffer: Vec<u8>,
}

impl ZipRun<'_> {
    /// Adds one member; an error ends the whole zip.
    async fn add(&mut self, member: &Member) -> Result<Added, AppError> {
        if member.folder {
            let header = self.zip.folder(&member.path, member.modified);
            self.send(&header.map_err(zip_failed)?).await?;
            return Ok(Added::Saved);
        }
        let opened = match self.open(member, 0, None).await {
            Ok(opened) => opened,
            Err(error) if left_out(&error) => return Ok(Added::LeftOut(error)),
            Err(error) => return Err(error),
        };
        let header = self.zip.start(&member.path, opened.length, member.modified);
        self.send(&header.map_err(zip_failed)?).await?;
        self.stream_body(member, opened).await?;
        let descriptor = self.zip.end().map_err(zip_failed)?;
        self.send(&descriptor).await?;
        Ok(Added::Saved)
    }

    async fn send(&self, bytes: &[u8]) -> Result<(), AppError> {
        self.save
            .write_bytes(bytes)
            .await
            .map_err(AppError::Browser)
    }

    /// Passes the body on chunk by chunk, fetching the rest again where it broke off.
    async fn stream_body(&mut self, member: &Member, opened: Opened) -> Result<(), AppError> {
        let Opened {
            etag, mut reader, ..
        } = opened;
        let mut got = 0_u64;
        let mut attempt = 1;
        loop {
            if self.stop.get() {
                return Err(AppError::Cancelled);
            }
            match reader.next().await {
                Ok(Some(chunk)) => {
                    let length = chunk.length() as usize;
                    self.buffer.resize(length, 0);
                    chunk.copy_to(&mut self.buffer);
                    self.zip.data(&self.buffer).map_err(zip_failed)?;
                    self.save.write(&chunk).await.map_err(AppError::Browser)?;
                    got += length as u64;
                    self.progress.bytes_done += length as u64;
                    self.tell(false);
                }
                Ok(None) => return Ok(()),
                Err(broke) => {
                    let Some(wait) = retry::transient_retry_wait(attempt, jitter()) else {
                        return Err(AppError::Network(broke));
                    };
                    attempt += 1;
                    sleep_millis(wait).await;
                    reader = self.open(member, got, etag.as_deref()).await?.reader;
                }
            }
        }
    }

    /// GETs `member` from byte `from` on (of the version `etag`, for a resume). A
    /// network failure or S3 being busy is tried again; a refusal is final.
    async fn open(
        &self,
        member: &Member,
        from: u64,
        etag: Option<&str>,
    ) -> Result<Opened, AppError> {
        let mut attempt = 1;
        loop {
            let outcome = self.get(member, from, etag).await;
            let again = matches!(
                outcome,
                Err(AppError::Network(_) | AppError::S3(S3Error::Busy(_)))
            ) && !self.stop.get();
            match retry::transient_retry_wait(attempt, jitter()) {
                Some(wait) if again => sleep_millis(wait).await,
                _ => return outcome,
            }
            attempt += 1;
        }
    }

    async fn get(
        &self,
        member: &Member,
        from: u64,
        etag: Option<&str>,
    ) -> Result<Opened, AppError> {
        let plain = s3::object_url(&self.config.aws, &member.key);
        match self.get_from(&plain, from, etag).await? {
            // Stored with an encoding (gzip, say): the browser would decode it, and its bytes
            // would neither match its size nor be the file. Asked again, served as stored.
            Fetched::Encoded => {
                let stored = format!("{plain}?response-content-encoding=identity");
                match self.get_from(&stored, from, etag).await? {
                    Fetched::Body(opened) => Ok(opened),
                    Fetched::Encoded => Err(AppError::Network(NetworkError::reaching(&plain))),
                }
            }
            Fetched::Body(opened) => Ok(opened),
        }
    }

    async fn get_from(
        &self,
        url: &str,
        from: u64,
        etag: Option<&str>,
    ) -> Result<Fetched, AppError> {
        let link =
            signed::presigned_get(self.config, self.live, Service::S3, url, LINK_LIFETIME).await?;
        let range = format!("bytes={from}-");
        // A retry reads the version it started with (If-Match), from where it stopped (Range;
        // none when the break came before any byte).
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(etag) = etag {
            headers.push(("if-match", etag));
            if from > 0 {
                headers.push(("range", &range));
            }
        }
        let broken = || AppError::Network(NetworkError::reaching(url));
        match get_streamed(&link, &headers).await? {
            // The rest was asked for: a whole body instead would be written twice.
            Streamed::Body { status: 200, .. } if from > 0 => Err(broken()),
            Streamed::Body {
                encoding: Some(_), ..
            } => Ok(Fetched::Encoded),
            Streamed::Body {
                length,
                etag,
                reader,
                ..
            } => Ok(Fetched::Body(Opened {
                length: length.ok_or_else(broken)?,
                etag,
                reader,
            })),
            Streamed::Answer(answer) if answer.status == 412 => Err(AppError::ChangedMeanwhile),
            Streamed::Answer(answer) => {
                s3::check(&answer)?;
                Err(AppError::S3(S3Error::Other(
                    crate::aws::AwsError::malformed(&answer, "an S3 GET answer"),
                )))
            }
        }
    }

    /// Tells the progress: at a file's end, or when the last telling is old enough.
    fn tell(&mut self, now: bool) {
        let at = now_millis();
        if now || at >= self.told_at + PROGRESS_EVERY_MS {
            self.told_at = at;
            (self.on_progress)(self.progress);
        }
    }
}

fn zip_failed(error: ZipError) -> AppError {
    AppError::Browser(match error {
        ZipError::SizeChanged { .. } => crate::i18n::FILES.t("files.zip-file-changed"),
        ZipError::OutOfOrder => crate::i18n::FILES.t("files.zip-save-stopped"),
    })
}

/// A file that is gone, refused or changed since the listing is left out; anything else (the
/// network, the session, the disk) would fail the next files too.
fn left_out(error: &AppError) -> bool {
    matches!(
        error,
        AppError::S3(S3Error::AccessDenied | S3Error::NoSuchKey) | AppError::ChangedMeanwhile
    )
}
