//! A file's details: what S3 says about it (size, type, date, ETag, the checksum S3 checked,
//! storage class, version, user metadata), from one HEAD.

use super::FilesPage;
use crate::aws::details::{Checksum, ObjectDetails};
use crate::format;
use crate::i18n::FILES;
use crate::services::{files, locale};
use crate::ui::components::dialog::Dialog;
use leptos::prelude::*;

#[component]
pub fn DetailsDialog(
    page: FilesPage,
    key: String,
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let found = RwSignal::new(None::<Result<ObjectDetails, String>>);
    let (config, live) = page.aws();
    leptos::task::spawn_local(async move {
        let details = files::details(&config, &live, &key).await;
        found.try_set(Some(details.map_err(|e| e.to_string())));
    });
    let body = move || match found.get() {
        None => view! { <p class="hint" aria-busy="true">{FILES.t("files.details-loading")}</p> }
            .into_any(),
        Some(Ok(details)) => details_list(details).into_any(),
        Some(Err(message)) => {
            view! { <p class="error" role="alert" data-testid="details-error">{message}</p> }
                .into_any()
        }
    };
    view! {
        <Dialog title=FILES.tf("files.details-title", &[("name", &name)]) testid="details-dialog" on_close>
            {body}
        </Dialog>
    }
}

fn details_list(details: ObjectDetails) -> impl IntoView {
    // The exact count too, where the short form rounds.
    let size = match details.size < 1024 {
        true => format::human_size(details.size),
        false => format!(
            "{} ({} B)",
            format::human_size(details.size),
            crate::i18n::number(details.size)
        ),
    };
    let modified = details.last_modified.map(locale::date_time);
    let version = details
        .version_id
        .unwrap_or_else(|| FILES.t("files.details-version-none"));
    let metadata = match details.metadata.is_empty() {
        true => FILES.t("files.details-metadata-none"),
        false => details
            .metadata
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let rows = [
        ("files.details-size", "size", size),
        ("files.details-type", "type", details.content_type),
        (
            "files.details-modified",
            "modified",
            modified.unwrap_or_default(),
        ),
        ("files.details-etag", "etag", details.etag),
        (
            "files.details-checksum",
            "checksum",
            checksum_text(details.checksum),
        ),
        (
            "files.details-storage-class",
            "storage-class",
            details.storage_class,
        ),
        ("files.details-version", "version", version),
        ("files.details-metadata", "metadata", metadata),
    ];
    view! {
        <dl class="details" data-testid="details">
            {rows.into_iter().map(|(label, id, value)| view! {
                <dt>{FILES.t(label)}</dt>
                <dd data-testid=format!("details-{id}")>{value}</dd>
            }).collect_view()}
        </dl>
    }
}

/// "CRC32C of the whole file: …", or of its parts' checksums for a multipart upload's.
fn checksum_text(checksum: Option<Checksum>) -> String {
    let Some(Checksum {
        algorithm, value, ..
    }) = checksum
    else {
        return FILES.t("files.details-checksum-none");
    };
    let parts = value.rsplit_once('-').map(|(_, parts)| parts.to_string());
    let values = [("algorithm", algorithm.as_str()), ("value", value.as_str())];
    match parts {
        Some(parts) => FILES.tf(
            "files.details-checksum-parts",
            &[values[0], values[1], ("parts", &parts)],
        ),
        None => FILES.tf("files.details-checksum-whole", &values),
    }
}
