//! Files and folders dropped on the page. The browser empties a drop's data when the event
//! handler returns, so its entries are taken at once (`take`); the folders are walked after
//! (`files`), each file keeping its path inside the folder dropped.

use crate::platform::upload::LocalFile;
use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// What a drop carried, still to be read.
pub struct Dropped {
    entries: Vec<FileSystemEntry>,
}

/// Whether a drag carries files (not text or a link being dragged about).
pub fn carries_files(event: &DragEvent) -> bool {
    event
        .data_transfer()
        .is_some_and(|data| data.types().includes(&JsValue::from_str("Files"), 0))
}

/// The entries of a drop, taken while the event lasts.
pub fn take(event: &DragEvent) -> Dropped {
    let items = event.data_transfer().map(|data| data.items());
    let entries = items
        .map(|items| {
            (0..items.length())
                .filter_map(|i| items.get(i))
                .filter(|item| item.kind() == "file")
                .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
                .collect()
        })
        .unwrap_or_default();
    Dropped { entries }
}

impl Dropped {
    /// Every file dropped, folders walked to the bottom, in path order.
    pub async fn files(self) -> Result<Vec<LocalFile>, String> {
        let unreadable = |_| crate::i18n::FILES.t("files.drop-unreadable").to_string();
        let mut pending = self.entries;
        let mut found = Vec::new();
        while let Some(entry) = pending.pop() {
            if entry.is_directory() {
                let directory: FileSystemDirectoryEntry = entry.unchecked_into();
                pending.extend(children(&directory).await.map_err(unreadable)?);
            } else if entry.is_file() {
                let path = entry.full_path().trim_start_matches('/').to_string();
                let file = file_of(entry.unchecked_ref()).await.map_err(unreadable)?;
                found.push(LocalFile::at(file, path));
            }
        }
        found.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(found)
    }
}

/// A directory's entries: `readEntries` answers in batches until it answers none.
async fn children(directory: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, JsValue> {
    let reader = directory.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = Promise::new(&mut |resolve, reject| {
            if let Err(thrown) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&JsValue::NULL, &thrown);
            }
        });
        let batch: Array = JsFuture::from(batch).await?.unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(JsCast::unchecked_into));
    }
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<web_sys::File, JsValue> {
    let file = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    Ok(JsFuture::from(file).await?.unchecked_into())
}
