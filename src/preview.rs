//! Which files can be previewed in the page, and how their bytes are shown. A preview downloads
//! the whole file into the page, so it is offered only up to a size: bigger files are downloaded.

use crate::format::human_size;
use crate::i18n::FILES;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviewKind {
    Image,
    Text,
    /// Played by the browser from a presigned link, streamed (no size limit).
    Audio,
    Video,
    /// Shown by the browser's own PDF viewer from a presigned link, in a frame.
    Pdf,
}

/// The largest image shown in the page (bigger ones would hold that much memory twice).
pub const IMAGE_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// The largest image the grid view shows as its own thumbnail: the browser downloads the whole
/// file for it, so a folder of camera originals would cost their full size (larger ones show
/// their icon).
pub const THUMBNAIL_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The largest text file shown in the page: beyond that a browser's `<pre>` grows sluggish.
pub const TEXT_MAX_BYTES: u64 = 1024 * 1024;

const IMAGE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("bmp", "image/bmp"),
    ("ico", "image/x-icon"),
];

/// What a presigned link serves them as: the browser plays by type, whatever the upload said.
const AUDIO_TYPES: &[(&str, &str)] = &[
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/mp4"),
    ("aac", "audio/aac"),
    ("wav", "audio/wav"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("opus", "audio/ogg"),
    ("flac", "audio/flac"),
    ("weba", "audio/webm"),
];

const VIDEO_TYPES: &[(&str, &str)] = &[
    ("mp4", "video/mp4"),
    ("m4v", "video/mp4"),
    ("webm", "video/webm"),
    ("ogv", "video/ogg"),
    ("mov", "video/quicktime"),
];

const TEXT_EXTENSIONS: &[&str] = &[
    "txt",
    "text",
    "md",
    "markdown",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "ndjson",
    "xml",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "log",
    "html",
    "htm",
    "css",
    "js",
    "mjs",
    "ts",
    "rs",
    "py",
    "rb",
    "go",
    "java",
    "c",
    "h",
    "cpp",
    "hpp",
    "sh",
    "sql",
    "env",
    "properties",
    "srt",
    "vtt",
    "tex",
];

fn extension(name: &str) -> Option<String> {
    let (stem, extension) = name.trim_end().rsplit_once('.')?;
    (!stem.is_empty()).then(|| extension.to_ascii_lowercase())
}

/// How a file named `name` can be previewed, if at all (by its extension, as a file manager
/// decides before downloading anything). Never an SVG: it is a document that can hold script,
/// and a preview's blob: URL, opened in a tab of its own, would run it as the app's origin.
pub fn kind_of(name: &str) -> Option<PreviewKind> {
    let extension = extension(name)?;
    if IMAGE_TYPES.iter().any(|(e, _)| *e == extension) {
        Some(PreviewKind::Image)
    } else if TEXT_EXTENSIONS.contains(&extension.as_str()) {
        Some(PreviewKind::Text)
    } else if AUDIO_TYPES.iter().any(|(e, _)| *e == extension) {
        Some(PreviewKind::Audio)
    } else if VIDEO_TYPES.iter().any(|(e, _)| *e == extension) {
        Some(PreviewKind::Video)
    } else if extension == "pdf" {
        Some(PreviewKind::Pdf)
    } else {
        None
    }
}

/// Whether the grid view shows the file `name` of `size` bytes as a thumbnail of itself: an
/// image the browser draws, small enough to fetch whole.
pub fn has_thumbnail(name: &str, size: u64) -> bool {
    (1..=THUMBNAIL_MAX_BYTES).contains(&size) && matches!(kind_of(name), Some(PreviewKind::Image))
}

/// How many of a file's first bytes `looks_like_image` reads.
pub const IMAGE_SIGNATURE_BYTES: u64 = 16;

/// Whether a file starting with `first` is one of the images a thumbnail shows (by the
/// signature each format begins with), whatever its name or type says: an image the browser
/// failed to draw once may draw on a second try; anything else never will.
pub fn looks_like_image(first: &[u8]) -> bool {
    let at = |offset: usize, signature: &[u8]| {
        first.get(offset..offset + signature.len()) == Some(signature)
    };
    at(0, b"\x89PNG\r\n\x1a\n")
        || at(0, b"\xff\xd8\xff")
        || at(0, b"GIF8")
        || (at(0, b"RIFF") && at(8, b"WEBP"))
        || at(4, b"ftypavif")
        || at(4, b"ftypavis")
        || at(0, b"BM")
        || at(0, b"\0\0\x01\0")
}

/// Whether `name` is a Markdown file, previewed rendered.
pub fn is_markdown(name: &str) -> bool {
    matches!(extension(name).as_deref(), Some("md" | "markdown"))
}

/// The type an audio or video file is served as for playing, by its name.
pub fn media_type(name: &str) -> Option<&'static str> {
    let extension = extension(name)?;
    AUDIO_TYPES
        .iter()
        .chain(VIDEO_TYPES)
        .find(|(e, _)| *e == extension)
        .map(|(_, t)| *t)
}

/// The gutter of a text preview: the numbers of its lines, one a line (a last line break
/// starts no line of its own, as editors count).
pub fn line_numbers(text: &str) -> String {
    let lines = text.strip_suffix('\n').unwrap_or(text).split('\n').count();
    (1..=lines.max(1))
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a preview is not shown, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoPreview {
    TooBig { size: u64, max: u64 },
    NotText,
}

impl fmt::Display for NoPreview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoPreview::TooBig { size, max } => {
                let (size, max) = (human_size(*size), human_size(*max));
                let values = [("size", size.as_str()), ("max", max.as_str())];
                f.write_str(&FILES.tf("files.preview-too-big", &values))
            }
            NoPreview::NotText => f.write_str(&FILES.t("files.preview-not-text")),
        }
    }
}

/// Refuses, before anything is downloaded, a file too big to preview.
pub fn check_size(kind: PreviewKind, size: u64) -> Result<(), NoPreview> {
    let max = match kind {
        PreviewKind::Image => IMAGE_MAX_BYTES,
        PreviewKind::Text => TEXT_MAX_BYTES,
        PreviewKind::Audio | PreviewKind::Video | PreviewKind::Pdf => return Ok(()),
    };
    if size > max {
        return Err(NoPreview::TooBig { size, max });
    }
    Ok(())
}

/// The text of a file, if it is text: UTF-8 (a byte-order mark dropped) with no NUL bytes,
/// which only binary files contain.
pub fn text_of(bytes: &[u8]) -> Result<String, NoPreview> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(NoPreview::NotText);
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| NoPreview::NotText)
}

/// The type an image is shown as: the one its name's extension implies, never what S3 says
/// (whoever uploaded it chose that, and could have chosen a type that runs script).
pub fn image_type(name: &str) -> &'static str {
    let extension = extension(name).unwrap_or_default();
    IMAGE_TYPES
        .iter()
        .find(|(e, _)| *e == extension)
        .map_or("application/octet-stream", |(_, t)| t)
}

/// Plain-text files a share link may show in the browser, as `text/plain`.
const PLAIN_TEXT: &[&str] = &[
    "txt", "text", "md", "markdown", "csv", "tsv", "log", "json", "jsonl", "yaml", "yml", "toml",
    "ini", "cfg", "conf", "srt", "vtt",
];

/// The type a share link makes S3 serve `name` with, shown in the browser, when it is a kind
/// that cannot run script there (a raster image, plain text, a PDF), chosen from the name alone.
/// Anything else (HTML, SVG, scripts, unknown types) is `None`: the link downloads it.
pub fn inline_type(name: &str) -> Option<&'static str> {
    let extension = extension(name)?;
    if let Some((_, image)) = IMAGE_TYPES.iter().find(|(e, _)| *e == extension) {
        return Some(image);
    }
    if PLAIN_TEXT.contains(&extension.as_str()) {
        return Some("text/plain; charset=utf-8");
    }
    (extension == "pdf").then_some("application/pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Line numbers beside a preview's text, one per line however the file ends.
    #[test]
    fn numbers_every_line_once() {
        assert_eq!(line_numbers("fn main() {}\n"), "1");
        assert_eq!(line_numbers("a\nb\nc"), "1\n2\n3");
        assert_eq!(line_numbers("a\n\nc\n"), "1\n2\n3");
        assert_eq!(line_numbers(""), "1");
        assert_eq!(line_numbers("a\r\nb\r\n"), "1\n2");
    }

    // Thumbnails only for images a browser draws (never SVG, which is a document), and never
    // for one so large that drawing a tile would download a camera original.
    #[test]
    fn thumbnails_are_small_raster_images() {
        assert!(has_thumbnail("Photo.JPG", 3_000_000) && has_thumbnail("a.webp", 1));
        assert!(!has_thumbnail("a.png", 0), "an empty file is no image");
        assert!(!has_thumbnail("a.png", THUMBNAIL_MAX_BYTES + 1));
        assert!(has_thumbnail("a.png", THUMBNAIL_MAX_BYTES));
        assert!(!has_thumbnail("logo.svg", 100) && !has_thumbnail("notes.txt", 100));
    }

    // A thumbnail is tried again only for a file that begins as an image does; a web page or
    // text under an image's name is not, however it is named.
    #[test]
    fn images_are_known_by_their_first_bytes() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(looks_like_image(png));
        assert!(looks_like_image(b"\xff\xd8\xff\xe0\0\x10JFIF"));
        assert!(looks_like_image(b"GIF89a"));
        assert!(looks_like_image(b"RIFF\x24\0\0\0WEBPVP8 "));
        assert!(looks_like_image(b"\0\0\0\x1cftypavif\0\0\0\0"));
        assert!(looks_like_image(b"BM6\0\0\0"));
        assert!(looks_like_image(b"\0\0\x01\0\x01\0"));
        assert!(!looks_like_image(b"<script>alert(1)"));
        assert!(
            !looks_like_image(b"RIFF\x24\0\0\0WAVEfmt "),
            "a WAV is RIFF too"
        );
        assert!(!looks_like_image(b"\x89PN"), "cut short");
        assert!(!looks_like_image(b""));
    }

    // Markdown shows rendered; other text as it is.
    #[test]
    fn markdown_is_known_by_its_extension() {
        assert!(is_markdown("README.md") && is_markdown("notes.MARKDOWN"));
        assert!(!is_markdown("md") && !is_markdown("notes.txt"));
    }

    // The Preview button appears only where a preview can work.
    #[test]
    fn kinds_come_from_the_extension_in_any_case() {
        assert_eq!(kind_of("Holiday.JPG"), Some(PreviewKind::Image));
        assert_eq!(kind_of("diagram.svg"), None, "an SVG can run script");
        assert_eq!(kind_of("Paper.PDF"), Some(PreviewKind::Pdf));
        assert_eq!(
            check_size(PreviewKind::Pdf, 5 << 30),
            Ok(()),
            "streamed: any size"
        );
        assert_eq!(kind_of("notes.md"), Some(PreviewKind::Text));
        assert_eq!(kind_of("report 2026.csv "), Some(PreviewKind::Text));
        assert_eq!(kind_of("archive.zip"), None);
        assert_eq!(kind_of("README"), None);
        assert_eq!(kind_of(".txt"), None, "a hidden file, not a .txt file");
        assert_eq!(kind_of("Interview.MP3"), Some(PreviewKind::Audio));
        assert_eq!(kind_of("clip.webm"), Some(PreviewKind::Video));
    }

    // Played from a presigned link served as the type its name says (an upload may have named
    // none); the browser streams it, so no size is refused.
    #[test]
    fn audio_and_video_play_as_their_names_say_at_any_size() {
        assert_eq!(media_type("voice memo.m4a"), Some("audio/mp4"));
        assert_eq!(media_type("talk.MP4"), Some("video/mp4"));
        assert_eq!(media_type("notes.txt"), None);
        assert_eq!(check_size(PreviewKind::Video, 40 << 30), Ok(()));
    }

    // A big file would freeze the tab; the user is told why and what to do instead.
    #[test]
    fn big_files_are_refused_before_downloading() {
        assert_eq!(check_size(PreviewKind::Text, TEXT_MAX_BYTES), Ok(()));
        let refused = check_size(PreviewKind::Text, TEXT_MAX_BYTES + 1).unwrap_err();
        assert!(refused.to_string().contains("Download it"));
        assert_eq!(check_size(PreviewKind::Image, 5 * 1024 * 1024), Ok(()));
        assert!(check_size(PreviewKind::Image, IMAGE_MAX_BYTES + 1).is_err());
    }

    // Binary bytes named .txt must not be shown as mojibake.
    #[test]
    fn only_utf8_without_nul_is_text() {
        assert_eq!(
            text_of("héllo 日本 🎉\n".as_bytes()).unwrap(),
            "héllo 日本 🎉\n"
        );
        assert_eq!(text_of(b"\xEF\xBB\xBFbom").unwrap(), "bom");
        assert_eq!(text_of(b"a\0b"), Err(NoPreview::NotText));
        assert_eq!(text_of(&[0xff, 0xfe, 0x41]), Err(NoPreview::NotText));
    }

    // The type comes from the name: an uploader chooses what S3 says.
    #[test]
    fn image_type_comes_from_the_name() {
        assert_eq!(image_type("a.png"), "image/png");
        assert_eq!(image_type("photo.JPEG"), "image/jpeg");
        assert_eq!(image_type("a.svg"), "application/octet-stream");
    }

    // A share link shows in the browser only what cannot run script there; the rest downloads.
    #[test]
    fn share_links_show_only_inert_kinds() {
        assert_eq!(inline_type("cat.PNG"), Some("image/png"));
        assert_eq!(inline_type("notes.md"), Some("text/plain; charset=utf-8"));
        assert_eq!(inline_type("paper.pdf"), Some("application/pdf"));
        for active in [
            "page.html",
            "page.htm",
            "logo.svg",
            "app.js",
            "data.xml",
            "run.sh",
            "README",
            "x.exe",
        ] {
            assert_eq!(inline_type(active), None, "{active}");
        }
    }
}
