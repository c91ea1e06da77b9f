//! Uploads of any size: one PUT up to 16 MiB, else a multipart upload with four parts in
//! flight, each retried with backoff. Credentials are resolved for every part, so an upload
//! outlives the credentials it started with. A cancelled or refused upload is aborted (no
//! orphaned parts stay billed); one the network interrupted is remembered, and resumes when
//! the user picks the same file again, or after Pause. No write replaces a file unless the user
//! chose Replace (`Overwrite`): S3 refuses it (`If-None-Match: *`). Every PUT and part carries
//! the CRC-32C of the bytes sent, which S3 checks (`aws.uploadChecksums` turns it off).

use crate::aws::checksum;
use crate::aws::multipart::{
    self, DonePart, FileIdentity, PartRange, ResumeRecord, SINGLE_PUT_MAX,
};
use crate::aws::s3::{self, S3Error};
use crate::aws::sign::Service;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::platform::upload::{self as transfer, CancelToken, LocalFile, TransferError};
use crate::platform::{clock, storage};
use crate::services::credentials::LiveSession;
use crate::services::{files, signed};
use futures_util::future::{join4, FutureExt, LocalBoxFuture};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

/// Parts uploaded at the same time: four workers (see `MultipartUpload::run`).
pub const PARALLEL_PARTS: usize = 4;
/// Sends of one body that S3 found altered on the way (`BadDigest`) before giving up.
const BAD_DIGEST_ATTEMPTS: u32 = 3;

/// How far an upload is: bytes S3 has acknowledged (parts stored; a single PUT's whole body
/// once S3 answered), and bytes sent that S3 has not acknowledged yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub stored: u64,
    pub in_flight: u64,
}

/// Told how far the upload is, as it moves.
pub type OnProgress = Rc<dyn Fn(Progress)>;

/// What a transport reports: bytes of its body sent so far.
type OnSent = Rc<dyn Fn(u64)>;

/// Whether an upload may replace a file already at its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Never: S3 itself refuses the write if anything is there (`If-None-Match: *`), so two
    /// tabs uploading the same name cannot both win. The error is `AlreadyExists`.
    Never,
    /// The user chose to replace it.
    Replace,
}

/// Uploads `file` to `key`.
///
/// Boxed: the upload's state machine is large, and kept out of every caller's own.
pub fn upload<'a>(
    config: &'a AppConfig,
    live: &'a LiveSession,
    file: &'a LocalFile,
    key: &'a str,
    overwrite: Overwrite,
    cancel: &'a CancelToken,
    on_progress: OnProgress,
) -> LocalBoxFuture<'a, Result<(), AppError>> {
    upload_unboxed(config, live, file, key, overwrite, cancel, on_progress)
        .map(
            move |outcome| match outcome.map_err(|e| files::of_change(live, e)) {
                Err(AppError::S3(S3Error::PreconditionFailed)) => Err(AppError::AlreadyExists {
                    path: key.to_string(),
                }),
                other => other,
            },
        )
        .boxed_local()
}

/// Forgets an interrupted or refused multipart upload of `file` to `key`, and has S3 drop its
/// parts: for an upload the user decided not to finish there (Skip, Keep both).
pub async fn discard(config: &AppConfig, live: &LiveSession, file: &LocalFile, key: &str) {
    let Some(record) = storage::local_get::<ResumeRecord>(&record_key(&config.aws.bucket, key))
    else {
        return;
    };
    if record.is_of(&fingerprint(file)) {
        abandon(config, live, &record).await;
    }
}

/// Has S3 drop an interrupted upload's parts, and forgets it.
pub async fn abandon(config: &AppConfig, live: &LiveSession, record: &ResumeRecord) {
    let abort = multipart::abort_request(&config.aws, &record.key, &record.upload_id);
    let _ = signed::send(config, live, Service::S3, abort).await;
    forget(record);
}

/// The uploads below `root` that a reload or a closed tab interrupted (each resumes when its
/// file is picked again), oldest first.
pub fn interrupted(bucket: &str, root: &str) -> Vec<ResumeRecord> {
    let now = clock::now_unix();
    let mut records: Vec<ResumeRecord> =
        storage::local_keys(&format!("{}upload.", storage::PREFIX))
            .iter()
            .filter_map(|key| storage::local_get::<ResumeRecord>(key))
            .filter(|r| r.bucket == bucket && r.key.starts_with(root) && !r.expired(now))
            .collect();
    records.sort_by_key(|r| r.started_at);
    records
}

/// The condition a write carries: none when replacing, else "only if nothing is there".
fn conditional(request: HttpRequest, overwrite: Overwrite) -> HttpRequest {
    match overwrite {
        Overwrite::Never => request.header("if-none-match", "*"),
        Overwrite::Replace => request,
    }
}

async fn upload_unboxed(
    config: &AppConfig,
    live: &LiveSession,
    file: &LocalFile,
    key: &str,
    overwrite: Overwrite,
    cancel: &CancelToken,
    on_progress: OnProgress,
) -> Result<(), AppError> {
    if file.size() <= SINGLE_PUT_MAX {
        let request = HttpRequest::new(Method::Put, s3::object_url(&config.aws, key))
            .header("content-type", file.content_type())
            .unsigned_payload();
        let request = conditional(request, overwrite);
        let send = Send {
            config,
            live,
            file,
            cancel,
        };
        let sent: OnSent = {
            let on_progress = on_progress.clone();
            Rc::new(move |in_flight| {
                on_progress(Progress {
                    stored: 0,
                    in_flight,
                })
            })
        };
        let checksummed = config.aws.upload_checksums;
        let response = match send.range(request, 0..file.size(), checksummed, sent).await {
            // A single PUT has nothing stored to keep: Resume sends it again.
            Err(_) if cancel.is_paused() => return Err(AppError::Paused),
            other => other?.0,
        };
        s3::check(&response)?;
        on_progress(Progress {
            stored: file.size(),
            in_flight: 0,
        });
        return Ok(());
    }
    // Asked before the parts go (S3 would refuse only the completion, once all were sent);
    // the completion's own condition still decides if another tab writes the name meanwhile.
    if overwrite == Overwrite::Never && files::exists(config, live, key).await? {
        return Err(S3Error::PreconditionFailed.into());
    }
    let upload = MultipartUpload::start_or_resume(config, live, file, key).await?;
    upload
        .run(config, live, file, overwrite, cancel, on_progress)
        .await
}

/// What signs and streams one request with a range of the file as its body.
struct Send<'a> {
    config: &'a AppConfig,
    live: &'a LiveSession,
    file: &'a LocalFile,
    cancel: &'a CancelToken,
}

impl Send<'_> {
    /// Signs and sends `request` with `range` of the file as its body, and returns S3's answer
    /// with the body's CRC-32C when `checksummed`: then the range is read and checksummed
    /// first, and a body S3 received altered (`BadDigest`) is read and sent again. The browser
    /// streams the range from the file either way (a copy of the bytes read would cost a
    /// sixth of the speed); a file changed since it was picked fails to send, and bytes that
    /// differ from the checksum are refused by S3.
    async fn range(
        &self,
        request: HttpRequest,
        range: Range<u64>,
        checksummed: bool,
        on_progress: OnSent,
    ) -> Result<(HttpResponse, Option<String>), AppError> {
        if !checksummed {
            return Ok((self.send(request, range, &on_progress).await?, None));
        }
        let mut attempt = 1;
        loop {
            let checksum = transfer::crc32c_of_range(self.file, range.clone())
                .await
                .map_err(|e| self.transfer_error(e))?
                .header_value();
            let request = request.clone().header(checksum::HEADER, &checksum);
            let response = self.send(request, range.clone(), &on_progress).await?;
            if attempt < BAD_DIGEST_ATTEMPTS && s3::is_bad_digest(&response) {
                attempt += 1;
                continue;
            }
            return Ok((response, Some(checksum)));
        }
    }

    async fn send(
        &self,
        request: HttpRequest,
        range: Range<u64>,
        on_progress: &OnSent,
    ) -> Result<HttpResponse, AppError> {
        let transport = |signed: HttpRequest| {
            let on_progress = on_progress.clone();
            let range = range.clone();
            async move {
                transfer::send_range(signed, self.file, range, self.cancel, move |sent| {
                    on_progress(sent)
                })
                .await
                .map_err(|e| self.transfer_error(e))
            }
        };
        signed::send_via(self.config, self.live, Service::S3, request, transport).await
    }

    fn transfer_error(&self, error: TransferError) -> AppError {
        match error {
            TransferError::Network(n) => AppError::Network(n),
            TransferError::Cancelled => AppError::Cancelled,
            TransferError::Unreadable => AppError::FileUnreadable {
                name: self.file.name(),
            },
        }
    }
}

struct MultipartUpload {
    record: RefCell<ResumeRecord>,
    /// Bytes of the parts already stored (kept as a sum: progress is reported many times a
    /// second, and a big file has thousands of parts).
    done_bytes: Cell<u64>,
    /// Bytes sent of each part not yet finished: (part number, bytes).
    in_flight: RefCell<Vec<(u32, u64)>>,
    queue: RefCell<VecDeque<PartRange>>,
    failed: Cell<bool>,
}

impl MultipartUpload {
    async fn start_or_resume(
        config: &AppConfig,
        live: &LiveSession,
        file: &LocalFile,
        key: &str,
    ) -> Result<Rc<Self>, AppError> {
        let record = match resumable(config, live, file, key).await {
            Some(record) => record,
            None => {
                let checksummed = config.aws.upload_checksums;
                let request =
                    multipart::create_request(&config.aws, key, &file.content_type(), checksummed);
                let response = signed::send(config, live, Service::S3, request).await?;
                ResumeRecord {
                    bucket: config.aws.bucket.clone(),
                    key: key.to_string(),
                    upload_id: multipart::parse_create(&response)?,
                    file: fingerprint(file),
                    part_size: multipart::part_size(file.size()),
                    done: Vec::new(),
                    started_at: clock::now_unix(),
                    checksummed,
                }
            }
        };
        remember(&record);
        let (stored, queue): (Vec<PartRange>, Vec<PartRange>) =
            multipart::parts(file.size(), record.part_size)
                .into_iter()
                .partition(|p| record.done.iter().any(|d| d.number == p.number));
        Ok(Rc::new(MultipartUpload {
            record: RefCell::new(record),
            done_bytes: Cell::new(stored.iter().map(|p| p.end - p.start).sum()),
            in_flight: RefCell::default(),
            queue: RefCell::new(queue.into()),
            failed: Default::default(),
        }))
    }

    async fn run(
        self: Rc<Self>,
        config: &AppConfig,
        live: &LiveSession,
        file: &LocalFile,
        overwrite: Overwrite,
        cancel: &CancelToken,
        on_progress: OnProgress,
    ) -> Result<(), AppError> {
        let send = Send {
            config,
            live,
            file,
            cancel,
        };
        // A resumed upload starts with the parts S3 already holds.
        on_progress(self.progress());
        let worker = || self.clone().work(&send, on_progress.clone());
        let (a, b, c, d) = join4(worker(), worker(), worker(), worker()).await;
        let failure = [a, b, c, d].into_iter().find_map(Result::err);
        let record = self.record.borrow().clone();
        match failure {
            None => {
                let request = multipart::complete_request(
                    &config.aws,
                    &record.key,
                    &record.upload_id,
                    &record.done,
                );
                // Refused because the name was taken meanwhile, the upload stays open and
                // remembered: Replace then completes it without sending the parts again.
                let request = conditional(request, overwrite);
                let response = signed::send(config, live, Service::S3, request).await?;
                multipart::check_complete(&response)?;
                forget(&record);
                Ok(())
            }
            // Kept for resuming: picking the same file again continues from the stored parts.
            Some(AppError::Network(_)) if !cancel.is_cancelled() => {
                Err(AppError::UploadInterrupted { name: file.name() })
            }
            // Kept too: Resume continues from the stored parts.
            Some(_) if cancel.is_paused() => Err(AppError::Paused),
            Some(error) => {
                let abort = multipart::abort_request(&config.aws, &record.key, &record.upload_id);
                let _ = signed::send(config, live, Service::S3, abort).await;
                forget(&record);
                Err(error)
            }
        }
    }

    /// One of the parallel workers: takes parts from the queue until it is empty or an upload
    /// of a part has failed for good.
    async fn work(
        self: Rc<Self>,
        send: &Send<'_>,
        on_progress: OnProgress,
    ) -> Result<(), AppError> {
        loop {
            if self.failed.get() {
                return Ok(());
            }
            let Some(part) = self.queue.borrow_mut().pop_front() else {
                return Ok(());
            };
            match self.upload_part(send, part, &on_progress).await {
                Ok(done) => {
                    self.set_in_flight(part.number, None);
                    self.done_bytes
                        .set(self.done_bytes.get() + (part.end - part.start));
                    self.record.borrow_mut().done.push(done);
                    remember(&self.record.borrow());
                    on_progress(self.progress());
                }
                Err(error) => {
                    self.failed.set(true);
                    return Err(error);
                }
            }
        }
    }

    async fn upload_part(
        self: &Rc<Self>,
        send: &Send<'_>,
        part: PartRange,
        on_progress: &OnProgress,
    ) -> Result<DonePart, AppError> {
        let (key, upload_id, checksummed) = {
            let record = self.record.borrow();
            (
                record.key.clone(),
                record.upload_id.clone(),
                record.checksummed,
            )
        };
        let request =
            multipart::upload_part_request(&send.config.aws, &key, &upload_id, part.number);
        let progress: OnSent = {
            let (this, on_progress) = (self.clone(), on_progress.clone());
            Rc::new(move |sent| {
                this.set_in_flight(part.number, Some(sent));
                on_progress(this.progress());
            })
        };
        // A part the network failed is sent again by `signed::send_via`, as S3's busy answers are.
        let outcome = send
            .range(request, part.start..part.end, checksummed, progress)
            .await
            .and_then(|(response, checksum)| Ok((multipart::part_etag(&response)?, checksum)));
        self.set_in_flight(part.number, None);
        let (etag, checksum) = outcome?;
        Ok(DonePart {
            number: part.number,
            etag,
            checksum,
        })
    }

    /// Parts S3 stored, and what is on the way of the parts in flight.
    fn progress(&self) -> Progress {
        let in_flight = self.in_flight.borrow().iter().map(|(_, sent)| sent).sum();
        Progress {
            stored: self.done_bytes.get(),
            in_flight,
        }
    }

    fn set_in_flight(&self, number: u32, sent: Option<u64>) {
        let mut in_flight = self.in_flight.borrow_mut();
        in_flight.retain(|(n, _)| *n != number);
        in_flight.extend(sent.map(|sent| (number, sent)));
    }
}

/// Forgets every record of an interrupted upload that S3 has aborted by now (see
/// `ResumeRecord::expired`), so none lingers in localStorage.
pub fn forget_expired() {
    let now = clock::now_unix();
    for key in storage::local_keys(&format!("{}upload.", storage::PREFIX)) {
        if storage::local_get::<ResumeRecord>(&key).is_none_or(|record| record.expired(now)) {
            storage::local_remove(&key);
        }
    }
}

/// The name, size and modification time that identify a local file.
pub fn fingerprint(file: &LocalFile) -> FileIdentity {
    FileIdentity {
        name: file.name(),
        size: file.size(),
        modified: file.last_modified(),
    }
}

fn record_key(bucket: &str, key: &str) -> String {
    format!("{}upload.{bucket}/{key}", storage::PREFIX)
}

fn remember(record: &ResumeRecord) {
    storage::local_set(&record_key(&record.bucket, &record.key), record);
}

fn forget(record: &ResumeRecord) {
    storage::local_remove(&record_key(&record.bucket, &record.key));
}

/// An interrupted upload of this same file to this key, with the parts S3 confirms it holds.
async fn resumable(
    config: &AppConfig,
    live: &LiveSession,
    file: &LocalFile,
    key: &str,
) -> Option<ResumeRecord> {
    let mut record: ResumeRecord = storage::local_get(&record_key(&config.aws.bucket, key))?;
    if record.expired(clock::now_unix()) {
        forget(&record);
        return None;
    }
    if record.file != fingerprint(file) {
        return None;
    }
    let mut stored = Vec::new();
    let mut marker = None;
    loop {
        let request = multipart::list_parts_request(&config.aws, key, &record.upload_id, marker);
        let response = signed::send(config, live, Service::S3, request)
            .await
            .ok()?;
        // NoSuchUpload: it was completed or aborted meanwhile; start afresh.
        let page = multipart::parse_list_parts(&response).ok()?;
        stored.extend(page.parts);
        match page.next_marker {
            Some(next) => marker = Some(next),
            None => break,
        }
    }
    record.done = record.confirmed(&stored);
    Some(record)
}
