//! The user's own files in S3, under `users/<uid>/`.

use crate::aws::details::{self, ObjectDetails};
use crate::aws::s3::{self, S3Error, S3Object};
use crate::aws::sign::Service;
use crate::aws::tagging::{self, Tag};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse};
use crate::platform::clock;
use crate::preview::{self, NoPreview, PreviewKind};
use crate::search;
use crate::services::credentials::{self, LiveSession};
use crate::services::{copy, signed};
use crate::session::Session;
use crate::share;
use std::time::Duration;

async fn send_signed(
    config: &AppConfig,
    live: &LiveSession,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    signed::send(config, live, Service::S3, request).await
}

/// The user's own prefix, `users/<uid>/`: every folder path is relative to it.
pub fn root(session: &Session) -> Result<String, AppError> {
    Ok(s3::user_prefix(
        &session.user().ok_or(AppError::SignedOut)?.uid,
    ))
}

/// The folder the user's team shares (`teams/<team>/`), if the invitation names a team.
pub fn team_root(session: &Session) -> Option<String> {
    let team = session.user()?.membership().team?;
    Some(crate::auth::membership::team_prefix(&team))
}

/// What a folder holds: its files and sub-folders (full keys and prefixes).
#[derive(Clone, Debug, Default)]
pub struct FolderListing {
    /// The folder listed, relative to the user's prefix.
    pub folder: String,
    pub objects: Vec<S3Object>,
    pub folders: Vec<String>,
}

/// Where the shared area is (`aws.sharedPrefix`), if there is one: read-only for every user.
pub fn shared_root(config: &AppConfig) -> Option<&str> {
    config.aws.shared_prefix.as_deref()
}

/// Everything directly in `folder` below `root` (the user's own prefix, or the shared area).
pub async fn list_folder(
    config: &AppConfig,
    live: &LiveSession,
    root: &str,
    folder: &str,
) -> Result<FolderListing, AppError> {
    let prefix = format!("{root}{folder}");
    let listing = list_all(config, live, &prefix, true).await?;
    Ok(FolderListing {
        folder: folder.to_string(),
        objects: listing.objects,
        folders: listing.folders,
    })
}

/// The keys of every object under `prefix` (a folder's: what deleting the folder removes).
pub async fn keys_under(
    config: &AppConfig,
    live: &LiveSession,
    prefix: &str,
) -> Result<Vec<String>, AppError> {
    let objects = objects_under(config, live, prefix).await?;
    Ok(objects.into_iter().map(|o| o.key).collect())
}

/// Every object under `prefix` (a folder's, for a copy or a move of it).
pub async fn objects_under(
    config: &AppConfig,
    live: &LiveSession,
    prefix: &str,
) -> Result<Vec<S3Object>, AppError> {
    Ok(list_all(config, live, prefix, false).await?.objects)
}

/// Every page of a listing under `prefix`, following continuation tokens (1,000 keys a page).
async fn list_all(
    config: &AppConfig,
    live: &LiveSession,
    prefix: &str,
    folders: bool,
) -> Result<s3::ObjectListing, AppError> {
    let mut listing = s3::ObjectListing::default();
    let mut token: Option<String> = None;
    loop {
        let request = s3::list_objects_request(&config.aws, prefix, folders, token.as_deref());
        let page = s3::parse_list(&send_signed(config, live, request).await?)?;
        listing.objects.extend(page.objects);
        listing.folders.extend(page.folders);
        token = page.next_continuation_token;
        if token.is_none() {
            return Ok(listing);
        }
    }
}

/// How a search through every folder ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Searched {
    /// Every key of the area was looked at.
    Everything,
    /// `search::MAX_HITS` were found; the rest was not looked at.
    TooMany,
    /// The caller asked to stop (the user did, or the page is gone).
    Stopped,
}

/// Looks through every key under `root` for names matching `query`, a page of 1,000 keys at a
/// time (ListObjectsV2 without a delimiter). Each page's hits go to `found` at once, with the
/// number of keys looked at so far; `found` returns false to stop.
pub async fn search(
    config: &AppConfig,
    live: &LiveSession,
    root: &str,
    query: &str,
    mut found: impl FnMut(Vec<search::Hit>, usize) -> bool,
) -> Result<Searched, AppError> {
    let mut finder = search::Finder::new(root, query);
    let mut token: Option<String> = None;
    loop {
        let request = s3::list_objects_request(&config.aws, root, false, token.as_deref());
        let page = s3::parse_list(&send_signed(config, live, request).await?)?;
        let hits = finder.hits_in(&page.objects);
        if !found(hits, finder.looked_at) {
            return Ok(Searched::Stopped);
        }
        if finder.is_full() {
            return Ok(Searched::TooMany);
        }
        token = page.next_continuation_token;
        if token.is_none() {
            return Ok(Searched::Everything);
        }
    }
}

/// Deletes `keys` with DeleteObjects, 1,000 at a time; returns those S3 refused, with why.
pub async fn delete_many(
    config: &AppConfig,
    live: &LiveSession,
    keys: &[String],
) -> Result<Vec<s3::NotDeleted>, AppError> {
    let mut refused = Vec::new();
    for batch in keys.chunks(s3::DELETE_BATCH) {
        let request = s3::delete_objects_request(&config.aws, batch);
        refused.extend(s3::parse_delete_objects(
            &send_signed(config, live, request).await?,
        )?);
    }
    Ok(refused)
}

/// S3 has no folders: an empty object named like the folder (`key` ends in `/`) makes one appear
/// until it has files of its own (as the S3 console does).
pub async fn create_folder(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
) -> Result<(), AppError> {
    let request = s3::put_object_request(&config.aws, key, "application/x-directory", Vec::new());
    let created = send_signed(config, live, request).await;
    created
        .and_then(|response| Ok(s3::check(&response)?))
        .map_err(|e| of_change(live, e))
}

/// A refused change, worded for the account (see `AppError::of_change`).
pub(crate) fn of_change(live: &LiveSession, error: AppError) -> AppError {
    let membership = live
        .get()
        .user()
        .map(|u| u.membership())
        .unwrap_or_default();
    error.of_change(&membership)
}

/// A link that saves the object as `name` when opened: the browser streams it to disk, so a
/// big file never sits in the page's memory. The object is looked up first (HEAD): a download
/// the browser starts in the background could not show why it failed.
pub async fn download_link(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    name: &str,
) -> Result<String, AppError> {
    let found = send_signed(config, live, s3::head_object_request(&config.aws, key)).await?;
    check_read(config, live, key, &found).await?;
    let url = format!(
        "{}?response-content-disposition={}",
        s3::object_url(&config.aws, key),
        encode_rfc3986(&share::attachment(name))
    );
    signed::presigned_get(config, live, Service::S3, &url, DOWNLOAD_LINK_LIFETIME).await
}

const DOWNLOAD_LINK_LIFETIME: Duration = Duration::from_secs(60);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareLink {
    pub url: String,
    /// When it stops working (Unix seconds).
    pub until: u64,
    /// Cut short: the credentials that signed it end before the time chosen.
    pub shortened: bool,
}

/// A link anyone can open for `chosen_secs`, or less if the credentials end sooner. What it
/// serves is decided by the file's name, not by the type it was uploaded with (`share::served_as`):
/// an image, plain text or a PDF shows in the browser, anything else downloads, so an uploaded
/// page or SVG never runs as a page of the bucket's host.
pub async fn share_link(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    chosen_secs: u64,
) -> Result<ShareLink, AppError> {
    let credentials = credentials::current(config, live).await?;
    let now = clock::now_unix();
    let lifetime = share::link_lifetime(chosen_secs, credentials.expires_at.saturating_sub(now));
    let name = key.rsplit('/').next().unwrap_or(key);
    let url = format!(
        "{}?{}",
        s3::object_url(&config.aws, key),
        share::served_as(name)
    );
    let lifetime_as_duration = Duration::from_secs(lifetime);
    let url = signed::presigned_get(config, live, Service::S3, &url, lifetime_as_duration).await?;
    Ok(ShareLink {
        url,
        until: now + lifetime,
        // Seconds lost since the credentials were issued are not worth a warning.
        shortened: lifetime + 60 < chosen_secs,
    })
}

/// Renames or moves the file at `from` (a key, `size` bytes as listed) to the key `to`, checked
/// with `folder::rename_target` first (`path` is what the user typed, for messages): a copy
/// that never replaces anything (`services::copy`), then DeleteObject of `from`. If the delete
/// fails, both copies stay (the error says why).
pub async fn rename(
    config: &AppConfig,
    live: &LiveSession,
    from: &str,
    size: u64,
    to: &str,
    path: &str,
) -> Result<(), AppError> {
    match copy::copy(config, live, from, size, to)
        .await
        .map_err(|e| of_change(live, e))
    {
        Ok(()) => delete(config, live, from).await,
        Err(AppError::S3(S3Error::PreconditionFailed)) => Err(AppError::AlreadyExists {
            path: path.to_string(),
        }),
        Err(AppError::S3(S3Error::AccessDenied)) => {
            Err(refusal_explained(config, live, from).await)
        }
        Err(error) => Err(error),
    }
}

/// What a refusal to read `key` means. S3 answers a missing key with 403, as it answers a real
/// refusal, to a caller who may list the bucket only under a prefix (the app's users): the
/// listing of exactly that key tells the two apart.
async fn refusal_explained(config: &AppConfig, live: &LiveSession, key: &str) -> AppError {
    match exists(config, live, key).await {
        Ok(false) => S3Error::NoSuchKey.into(),
        Ok(true) => S3Error::AccessDenied.into(),
        Err(error) => error,
    }
}

/// Whether a file is at `key`, from a listing of exactly that key (which, unlike a HEAD, tells
/// a missing key from a refusal).
pub async fn exists(config: &AppConfig, live: &LiveSession, key: &str) -> Result<bool, AppError> {
    let request = s3::exact_key_request(&config.aws, key);
    let listing = send_signed(config, live, request).await?;
    Ok(s3::lists_key(&listing, key)?)
}

/// `s3::check`, with a 403 explained as `refusal_explained` does.
async fn check_read(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    response: &HttpResponse,
) -> Result<(), AppError> {
    match s3::check(response) {
        Err(S3Error::AccessDenied) => Err(refusal_explained(config, live, key).await),
        other => Ok(other?),
    }
}

/// What S3 says about the file at `key`: its details panel.
pub async fn details(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
) -> Result<ObjectDetails, AppError> {
    let response = send_signed(config, live, details::request(&config.aws, key)).await?;
    check_read(config, live, key, &response).await?;
    Ok(details::parse(&response)?)
}

/// The file's tags, for its details panel.
pub async fn tags(config: &AppConfig, live: &LiveSession, key: &str) -> Result<Vec<Tag>, AppError> {
    let response = send_signed(config, live, tagging::get_request(&config.aws, key)).await?;
    check_read(config, live, key, &response).await?;
    Ok(tagging::parse_tags(&response)?)
}

/// Replaces the file's tags with `tags` (checked with `tagging::check_tags` first).
pub async fn set_tags(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    tags: &[Tag],
) -> Result<(), AppError> {
    let request = tagging::put_request(&config.aws, key, tags);
    let response = send_signed(config, live, request).await?;
    s3::check(&response).map_err(|e| of_change(live, e.into()))
}

/// Gives the file `details` describe the type `content_type`, keeping everything else S3
/// holds for it that the page can read (`details::retype_request`); answers its details as
/// they are now. A file written since `details` were read is left alone (`ChangedMeanwhile`).
pub async fn retype(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    details: &ObjectDetails,
    content_type: &str,
) -> Result<ObjectDetails, AppError> {
    let request = details::retype_request(&config.aws, key, details, content_type)
        .map_err(|_| S3Error::CopySourceTooLarge)?;
    let response = send_signed(config, live, request).await?;
    match crate::aws::copy::check_copy(&response) {
        Ok(()) => self::details(config, live, key).await,
        Err(S3Error::PreconditionFailed) => Err(AppError::ChangedMeanwhile),
        Err(error) => Err(of_change(live, error.into())),
    }
}

/// What a preview shows: an image's bytes and type, a text file's text, or why it cannot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    Image {
        bytes: Vec<u8>,
        content_type: String,
    },
    Text(String),
    /// Audio, video or a PDF: a presigned link the browser plays or shows, streaming.
    Streamed {
        url: String,
        kind: PreviewKind,
    },
    Unavailable(NoPreview),
}

/// Downloads the file at `key` (named `name`, `size` bytes as listed) into the page to show it,
/// if it is small enough and of a kind that can be shown.
pub async fn preview(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    name: &str,
    size: u64,
) -> Result<Preview, AppError> {
    let Some(kind) = preview::kind_of(name) else {
        return Ok(Preview::Unavailable(NoPreview::NotText));
    };
    if let Err(refused) = preview::check_size(kind, size) {
        return Ok(Preview::Unavailable(refused));
    }
    if let PreviewKind::Audio | PreviewKind::Video | PreviewKind::Pdf = kind {
        return streamed_link(config, live, key, name, kind).await;
    }
    let response = send_signed(config, live, s3::get_object_request(&config.aws, key)).await?;
    check_read(config, live, key, &response).await?;
    Ok(match kind {
        PreviewKind::Text => match preview::text_of(&response.body) {
            Ok(text) => Preview::Text(text),
            Err(refused) => Preview::Unavailable(refused),
        },
        PreviewKind::Image => Preview::Image {
            content_type: preview::image_type(name).to_string(),
            bytes: response.body,
        },
        PreviewKind::Audio | PreviewKind::Video | PreviewKind::Pdf => {
            Preview::Unavailable(NoPreview::NotText)
        }
    })
}

/// How long a player's or a PDF viewer's link works: seeking (or a viewer fetching the rest)
/// later asks S3 again with it (the session's credentials may end it sooner).
const MEDIA_LINK_LIFETIME: Duration = Duration::from_secs(3600);

/// A presigned link that serves the file as the type its name says: audio or video for the
/// player, a PDF inline for the viewer (whatever type and disposition it was uploaded with).
/// The file is looked up first, so one deleted elsewhere is explained rather than left to a
/// silent player.
async fn streamed_link(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    name: &str,
    kind: PreviewKind,
) -> Result<Preview, AppError> {
    let found = send_signed(config, live, s3::head_object_request(&config.aws, key)).await?;
    check_read(config, live, key, &found).await?;
    let query = match kind {
        PreviewKind::Pdf => share::served_as(name),
        _ => {
            let served_as = preview::media_type(name).unwrap_or("application/octet-stream");
            format!("response-content-type={}", encode_rfc3986(served_as))
        }
    };
    let url = format!("{}?{query}", s3::object_url(&config.aws, key));
    let url = signed::presigned_get(config, live, Service::S3, &url, MEDIA_LINK_LIFETIME).await?;
    Ok(Preview::Streamed { url, kind })
}

/// How long a grid tile's thumbnail link works; a tile drawn after that asks for a new one.
const THUMBNAIL_LINK_LIFETIME: Duration = Duration::from_secs(3600);

/// A presigned link to the image at `key` for a grid tile's `<img>`, served as the image type
/// its name says: an object uploaded as `text/html` under an image's name is never a page on
/// the bucket's origin. Not looked up first: a tile whose image fails shows its icon.
pub async fn thumbnail_link(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    name: &str,
) -> Result<String, AppError> {
    let served_as = encode_rfc3986(preview::image_type(name));
    let url = format!(
        "{}?response-content-type={served_as}",
        s3::object_url(&config.aws, key)
    );
    signed::presigned_get(config, live, Service::S3, &url, THUMBNAIL_LINK_LIFETIME).await
}

/// A new link for a thumbnail the browser could not draw, if another try may: the file's
/// first bytes are an image's (the failure was the network, or the link's credentials ended
/// since: a tile drawn long before it scrolled into view). They are asked for signed, so an
/// answer refusing the credentials renews them (a HEAD's answer could not say why it
/// refused). None for a file that is no image: another try would fail the same way.
pub async fn thumbnail_link_again(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
    name: &str,
) -> Result<Option<String>, AppError> {
    let range = format!("bytes=0-{}", preview::IMAGE_SIGNATURE_BYTES - 1);
    let first_bytes = s3::get_object_request(&config.aws, key).header("range", range);
    let response = send_signed(config, live, first_bytes).await?;
    check_read(config, live, key, &response).await?;
    if !preview::looks_like_image(&response.body) {
        return Ok(None);
    }
    thumbnail_link(config, live, key, name).await.map(Some)
}

pub async fn delete(config: &AppConfig, live: &LiveSession, key: &str) -> Result<(), AppError> {
    let response = send_signed(config, live, s3::delete_object_request(&config.aws, key)).await;
    response
        .and_then(|response| Ok(s3::check(&response)?))
        .map_err(|e| of_change(live, e))
}
