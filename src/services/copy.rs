//! Copies inside the bucket, never onto an existing file: one conditional CopyObject up to
//! 5 GiB, in parts (UploadPartCopy, four at a time) above it, or when S3 says the source is too
//! big for one copy. A copy that fails half-way is aborted: no part stays billed.

use crate::aws::copy::{self, MAX_SINGLE_COPY};
use crate::aws::multipart::{self, DonePart, PartRange};
use crate::aws::s3::{self, S3Error};
use crate::aws::sign::Service;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::credentials::LiveSession;
use crate::services::signed;
use futures_util::future::join4;
use std::cell::RefCell;
use std::collections::VecDeque;

/// Copies the object at `from` (`size` bytes, as listed) to `to`. Refused with
/// `S3Error::PreconditionFailed` when something is at `to`.
pub async fn copy(
    config: &AppConfig,
    live: &LiveSession,
    from: &str,
    size: u64,
    to: &str,
) -> Result<(), AppError> {
    if size <= MAX_SINGLE_COPY {
        let request = copy::copy_object_request(&config.aws, from, to);
        let response = signed::send(config, live, Service::S3, request).await?;
        match copy::check_copy(&response) {
            // The listing's size was stale: the source grew past 5 GiB since.
            Err(S3Error::CopySourceTooLarge) => {}
            other => return Ok(other?),
        }
    }
    copy_in_parts(config, live, from, to).await
}

/// The multipart copy: the source's own size and type (a part copy, unlike CopyObject, does not
/// carry the type over), its parts copied, then a conditional completion.
async fn copy_in_parts(
    config: &AppConfig,
    live: &LiveSession,
    from: &str,
    to: &str,
) -> Result<(), AppError> {
    let head = signed::send(
        config,
        live,
        Service::S3,
        s3::head_object_request(&config.aws, from),
    )
    .await?;
    s3::check(&head)?;
    let size: u64 = head
        .header_value("content-length")
        .and_then(|length| length.parse().ok())
        .ok_or_else(|| {
            AppError::S3(S3Error::Other(crate::aws::AwsError::malformed(
                &head,
                "an S3 HEAD answer",
            )))
        })?;
    let content_type = head
        .header_value("content-type")
        .unwrap_or("application/octet-stream")
        .to_string();
    let create = multipart::create_request(&config.aws, to, &content_type, false);
    let created = signed::send(config, live, Service::S3, create).await?;
    let upload_id = multipart::parse_create(&created)?;
    let parts = PartCopies {
        config,
        live,
        from,
        size,
        to,
        upload_id: &upload_id,
        queue: RefCell::new(copy::copy_parts(size).into()),
        done: RefCell::default(),
    };
    let outcome = parts.run().await;
    if outcome.is_err() {
        let abort = multipart::abort_request(&config.aws, to, &upload_id);
        let _ = signed::send(config, live, Service::S3, abort).await;
    }
    outcome
}

/// The parts of one copy in parts, taken from a queue by four workers.
struct PartCopies<'a> {
    config: &'a AppConfig,
    live: &'a LiveSession,
    from: &'a str,
    size: u64,
    to: &'a str,
    upload_id: &'a str,
    queue: RefCell<VecDeque<PartRange>>,
    done: RefCell<Vec<DonePart>>,
}

impl PartCopies<'_> {
    async fn run(&self) -> Result<(), AppError> {
        let (a, b, c, d) = join4(self.work(), self.work(), self.work(), self.work()).await;
        a.and(b).and(c).and(d)?;
        let done = self.done.borrow().clone();
        let complete =
            multipart::complete_request(&self.config.aws, self.to, self.upload_id, &done)
                .header("if-none-match", "*");
        let response = signed::send(self.config, self.live, Service::S3, complete).await?;
        Ok(multipart::check_complete(&response)?)
    }

    async fn work(&self) -> Result<(), AppError> {
        loop {
            let Some(part) = self.queue.borrow_mut().pop_front() else {
                return Ok(());
            };
            let request = copy::upload_part_copy_request(
                &self.config.aws,
                self.from,
                self.size,
                self.to,
                self.upload_id,
                part,
            );
            let response = signed::send(self.config, self.live, Service::S3, request).await;
            match response.and_then(|r| Ok(copy::parse_copy_part(&r)?)) {
                Ok(etag) => self.done.borrow_mut().push(DonePart {
                    number: part.number,
                    etag,
                    checksum: None,
                }),
                Err(error) => {
                    // The other workers stop at their next part.
                    self.queue.borrow_mut().clear();
                    return Err(error);
                }
            }
        }
    }
}
