//! The icons of index.html's sprite, by name, and which one a file gets by its name. Decorative:
//! the control they sit in carries the accessible name.

use leptos::prelude::*;

pub fn icon(name: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" aria-hidden="true" focusable="false"><use href=format!("#i-{name}") /></svg>
    }
}

/// The icon of a file, by its name's extension.
pub fn file_icon(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "bmp" | "ico" | "svg" | "heic" => {
            "file-image"
        }
        "pdf" => "file-pdf",
        "zip" | "gz" | "tgz" | "tar" | "7z" | "rar" | "bz2" | "xz" => "file-archive",
        "mp3" | "wav" | "flac" | "ogg" | "m4a" | "aac" => "file-audio",
        "mp4" | "mov" | "webm" | "mkv" | "avi" | "m4v" => "file-video",
        "rs" | "js" | "mjs" | "ts" | "py" | "rb" | "go" | "java" | "c" | "h" | "cpp" | "sh"
        | "json" | "html" | "css" | "xml" | "yaml" | "yml" | "toml" | "sql" => "file-code",
        "txt" | "md" | "csv" | "log" | "doc" | "docx" | "odt" | "rtf" => "file-text",
        _ => "file",
    }
}
