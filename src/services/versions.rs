//! Undo, Versions and Recently deleted, in a versioned bucket (`aws::versions`): a delete only
//! puts a marker on top of a file's versions, and a file comes back by copying its newest real
//! version onto its key. The role may list versions only under the user's own and the team's
//! folders, read them, and never delete one for good.

use crate::aws::s3;
use crate::aws::sign::Service;
use crate::aws::versions::{
    self, Deleted, DeletedFinder, ObjectVersion, VersionMarker, Versioning,
};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::encode_rfc3986;
use crate::services::credentials::LiveSession;
use crate::services::files::of_change;
use crate::services::signed;
use crate::share;
use futures_util::future::join4;
use std::time::Duration;

/// Whether the bucket keeps versions (the role may ask: `s3:GetBucketVersioning`).
pub async fn versioning(config: &AppConfig, live: &LiveSession) -> Result<Versioning, AppError> {
    let request = versions::versioning_request(&config.aws);
    let response = signed::send(config, live, Service::S3, request).await?;
    Ok(versions::parse_versioning(&response)?)
}

/// One page of the versions under `prefix`.
async fn page(
    config: &AppConfig,
    live: &LiveSession,
    prefix: &str,
    after: Option<&VersionMarker>,
) -> Result<versions::VersionPage, AppError> {
    let request = versions::list_request(&config.aws, prefix, after);
    let response = signed::send(config, live, Service::S3, request).await?;
    Ok(versions::parse_list(&response)?)
}

/// Every version and delete marker of the file at `key`, newest first.
pub async fn versions_of(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
) -> Result<Vec<ObjectVersion>, AppError> {
    let mut found = Vec::new();
    let mut after = None;
    loop {
        let listed = page(config, live, key, after.as_ref()).await?;
        // The prefix also lists longer keys ("a.txt" lists "a.txt.bak"), which sort after it.
        let past = listed.versions.iter().any(|v| v.key != key);
        found.extend(listed.versions.into_iter().filter(|v| v.key == key));
        match listed.next {
            Some(next) if !past => after = Some(next),
            _ => return Ok(found),
        }
    }
}

/// The deleted files under `prefix` that can be brought back, page by page: `on_found` gets
/// each page's, and answers whether to go on.
pub async fn deleted_under(
    config: &AppConfig,
    live: &LiveSession,
    prefix: &str,
    mut on_found: impl FnMut(Vec<Deleted>) -> bool,
) -> Result<(), AppError> {
    let mut finder = DeletedFinder::default();
    let mut after = None;
    loop {
        let listed = page(config, live, prefix, after.as_ref()).await?;
        if !on_found(finder.feed(&listed.versions)) {
            return Ok(());
        }
        match listed.next {
            Some(next) => after = Some(next),
            None => return Ok(()),
        }
    }
}

/// Makes `version` its key's current version again (a copy: nothing above it is removed).
pub async fn restore(
    config: &AppConfig,
    live: &LiveSession,
    version: &ObjectVersion,
) -> Result<(), AppError> {
    let request = versions::restore_request(&config.aws, version);
    let response = signed::send(config, live, Service::S3, request).await?;
    crate::aws::copy::check_copy(&response).map_err(|e| of_change(live, e.into()))
}

/// What an undo did: the files back, and those it could not bring back (written again since,
/// or never versioned).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Undone {
    pub restored: usize,
    pub not_found: usize,
}

/// Brings back the files at `keys`, just deleted: each one's newest real version under its
/// delete marker is copied onto it. A key written again since has no marker on top and is
/// left as it is.
pub async fn undo_delete(
    config: &AppConfig,
    live: &LiveSession,
    keys: &[String],
) -> Result<Undone, AppError> {
    let mut wanted: Vec<&str> = keys.iter().map(String::as_str).collect();
    wanted.sort_unstable();
    let mut found = Vec::new();
    deleted_under(config, live, &versions::common_prefix(keys), |page| {
        found.extend(
            page.into_iter()
                .filter(|d| wanted.binary_search(&d.version.key.as_str()).is_ok()),
        );
        true
    })
    .await?;
    // Four lanes, each restoring every fourth file (as many copies in flight as a transfer).
    let lane = |first: usize| {
        let found = &found;
        async move {
            for deleted in found.iter().skip(first).step_by(4) {
                restore(config, live, &deleted.version).await?;
            }
            Ok::<(), AppError>(())
        }
    };
    let (a, b, c, d) = join4(lane(0), lane(1), lane(2), lane(3)).await;
    a.and(b).and(c).and(d)?;
    Ok(Undone {
        restored: found.len(),
        not_found: keys.len() - found.len(),
    })
}

const VERSION_LINK_LIFETIME: Duration = Duration::from_secs(60);

/// A link that saves `version` as `name` (as `files::download_link` does for the current one).
pub async fn version_link(
    config: &AppConfig,
    live: &LiveSession,
    version: &ObjectVersion,
    name: &str,
) -> Result<String, AppError> {
    let url = format!(
        "{}?response-content-disposition={}&versionId={}",
        s3::object_url(&config.aws, &version.key),
        encode_rfc3986(&share::attachment(name)),
        encode_rfc3986(&version.version_id)
    );
    signed::presigned_get(config, live, Service::S3, &url, VERSION_LINK_LIFETIME).await
}
