//! A folder of the user's files as the file manager shows it: its sub-folders and files,
//! sorted, and the way back up as breadcrumbs. Folders are S3 key prefixes ending in `/`,
//! written relative to the user's own prefix (`""` is the top, `"photos/2026/"` is inside).

use crate::aws::s3::S3Object;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Folder { name: String, path: String },
    File { name: String, object: S3Object },
}

impl Entry {
    /// What tells it apart from every other entry of a listing: a folder's path (ending in
    /// `/`), a file's key.
    pub fn id(&self) -> &str {
        match self {
            Entry::Folder { path, .. } => path,
            Entry::File { object, .. } => &object.key,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Entry::Folder { name, .. } | Entry::File { name, .. } => name,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Name,
    Size,
    Modified,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub by: SortBy,
    pub ascending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            by: SortBy::Name,
            ascending: true,
        }
    }
}

impl Sort {
    /// Clicking a column: the same one flips the order, another one starts ascending.
    pub fn toggled(self, by: SortBy) -> Sort {
        Sort {
            by,
            ascending: if self.by == by { !self.ascending } else { true },
        }
    }
}

/// How a folder is drawn: a table of rows, or a grid of tiles with image thumbnails. The
/// device remembers the choice (`as_str` is what it keeps).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    #[default]
    List,
    Grid,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::List => "list",
            Layout::Grid => "grid",
        }
    }

    /// The layout kept as `stored`; the list for anything else (an older or edited value).
    pub fn from_stored(stored: Option<&str>) -> Layout {
        match stored {
            Some("grid") => Layout::Grid,
            _ => Layout::List,
        }
    }
}

/// The entries of `folder` from a delimiter listing under `root` + `folder`: sub-folders by
/// their last segment, files by their name. The folder's own marker object (a key equal to the
/// prefix, as "create folder" writes) is not an entry.
pub fn entries(root: &str, folder: &str, objects: &[S3Object], folders: &[String]) -> Vec<Entry> {
    let prefix = format!("{root}{folder}");
    let sub_folders = folders.iter().filter_map(|full| {
        let name = full.strip_prefix(&prefix)?.strip_suffix('/')?;
        let path = full.strip_prefix(root)?;
        Some(Entry::Folder {
            name: name.to_string(),
            path: path.to_string(),
        })
    });
    let files = objects.iter().filter_map(|object| {
        let name = object.key.strip_prefix(&prefix).filter(|n| !n.is_empty())?;
        Some(Entry::File {
            name: name.to_string(),
            object: object.clone(),
        })
    });
    sub_folders.chain(files).collect()
}

/// Folders first (by name), then files in the chosen order; names compare without case first.
pub fn sort(entries: &mut [Entry], sort: Sort) {
    entries.sort_by(|a, b| {
        let order = match (a, b) {
            (Entry::Folder { .. }, Entry::File { .. }) => return Ordering::Less,
            (Entry::File { .. }, Entry::Folder { .. }) => return Ordering::Greater,
            (Entry::File { object: x, .. }, Entry::File { object: y, .. }) => match sort.by {
                SortBy::Name => by_name(a, b),
                SortBy::Size => x.size.cmp(&y.size).then_with(|| by_name(a, b)),
                SortBy::Modified => x
                    .last_modified
                    .cmp(&y.last_modified)
                    .then_with(|| by_name(a, b)),
            },
            _ => by_name(a, b),
        };
        if sort.ascending {
            order
        } else {
            order.reverse()
        }
    });
}

fn by_name(a: &Entry, b: &Entry) -> Ordering {
    let (a, b) = (a.name(), b.name());
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// The way up from `folder`: each level's label and path, outermost first (the top itself,
/// "Your files", is not listed).
pub fn breadcrumbs(folder: &str) -> Vec<(String, String)> {
    let mut path = String::new();
    folder
        .split_terminator('/')
        .map(|segment| {
            path.push_str(segment);
            path.push('/');
            (segment.to_string(), path.clone())
        })
        .collect()
}

/// A folder path as it may appear in the address bar: `""`, or segments that are neither empty
/// nor `.`/`..`, ending in `/`. Anything else opens the top.
pub fn sanitize(folder: &str) -> String {
    if crate::address::is_folder_path(folder) {
        folder.to_string()
    } else {
        String::new()
    }
}

/// Why a typed name or path cannot be used, as the message (its catalogue key) that says what
/// to change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused(pub &'static str);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::FILES.t(self.0))
    }
}

/// Checks a name typed for a new folder; the error says what to change.
pub fn new_folder_path(folder: &str, name: &str) -> Result<String, Refused> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Refused("files.folder-name-empty"));
    }
    if name.contains('/') || name == "." || name == ".." {
        return Err(Refused("files.folder-name-invalid"));
    }
    Ok(format!("{folder}{name}/"))
}

/// S3's limit on a key, in UTF-8 bytes.
pub const MAX_KEY_BYTES: usize = 1024;

/// Where a file is to be renamed or moved: `typed` is its path below `root` (the user's own
/// files), such as `report.pdf` or `archive/2026/report.pdf`, kept as typed (a name may start or
/// end with spaces). Returns the new key; the error says what to change.
pub fn rename_target(root: &str, current_key: &str, typed: &str) -> Result<String, Refused> {
    if typed.is_empty() {
        return Err(Refused("files.rename-empty"));
    }
    if typed.ends_with('/') {
        return Err(Refused("files.rename-ends-with-slash"));
    }
    if typed
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Err(Refused("files.rename-bad-folder"));
    }
    let key = format!("{root}{typed}");
    if key == current_key {
        return Err(Refused("files.rename-same-name"));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(Refused("files.rename-too-long"));
    }
    Ok(key)
}

/// Where an uploaded file goes: `path` (its name, or its path inside a picked or dropped
/// folder) below `folder` of the user's own files at `root`. A key past S3's limit is refused
/// before any byte is sent.
pub fn upload_key(root: &str, folder: &str, path: &str) -> Result<String, Refused> {
    let key = format!("{root}{folder}{path}");
    if key.len() > MAX_KEY_BYTES {
        return Err(Refused("files.upload-name-too-long"));
    }
    Ok(key)
}

/// `path` with ` (n)` before its extension, for "Keep both": `notes.txt` → `notes (2).txt`,
/// `dir/archive.tar.gz` → `dir/archive (2).tar.gz` (the first dot of the name, so a double
/// extension stays whole), `.env` → `.env (2)` (a leading dot starts no extension).
pub fn numbered(path: &str, n: u32) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let split = name
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '.')
        .map_or(name.len(), |(i, _)| i);
    let (stem, extension) = name.split_at(split);
    let numbered = format!("{stem} ({n}){extension}");
    match dir {
        "" => numbered,
        dir => format!("{dir}/{numbered}"),
    }
}

/// The folder typed as a destination (`archive/2026`, `/archive/2026/`, or nothing for the top),
/// as a folder path below the area (`archive/2026/`, or empty).
pub fn destination(typed: &str) -> Result<String, Refused> {
    let trimmed = typed.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    if trimmed
        .split('/')
        .any(|segment| segment.trim().is_empty() || segment == "." || segment == "..")
    {
        return Err(Refused("files.rename-bad-folder"));
    }
    Ok(format!("{trimmed}/"))
}

/// Where `key`, in the folder `parent` (a full prefix), goes when it, or the folder of `parent`
/// holding it, moves into `destination` (a full prefix): the part of the key below `parent`,
/// below `destination`. None for a key outside `parent`.
pub fn moved_key(key: &str, parent: &str, destination: &str) -> Option<String> {
    key.strip_prefix(parent)
        .map(|rest| format!("{destination}{rest}"))
}

/// Whether `name` passes the filter typed over a listing: every word of it, in any case.
pub fn matches_filter(name: &str, filter: &str) -> bool {
    let name = name.to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    // What the device kept comes back; anything unknown is the list, never an error.
    #[test]
    fn the_remembered_layout_reads_back() {
        for layout in [Layout::List, Layout::Grid] {
            assert_eq!(Layout::from_stored(Some(layout.as_str())), layout);
        }
        assert_eq!(Layout::from_stored(Some("tiles")), Layout::List);
        assert_eq!(Layout::from_stored(None), Layout::List);
    }

    // A file of a picked folder keeps its place in it; a name S3 would refuse is caught first.
    #[test]
    fn upload_keys_keep_the_folder_structure_and_s3s_limit() {
        assert_eq!(
            upload_key("users/u/", "docs/", "photos/2026/a b.jpg"),
            Ok("users/u/docs/photos/2026/a b.jpg".into())
        );
        let longest = "é".repeat((MAX_KEY_BYTES - "users/u/".len()) / 2);
        assert!(upload_key("users/u/", "", &longest).is_ok());
        assert!(upload_key("users/u/", "", &format!("{longest}x")).is_err());
    }

    // Renaming keeps the name as typed (spaces included) and moves it between folders.
    #[test]
    fn rename_targets_are_paths_below_the_root() {
        let (root, key) = ("users/u/", "users/u/docs/a.txt");
        assert_eq!(
            rename_target(root, key, "docs/b.txt"),
            Ok("users/u/docs/b.txt".into())
        );
        assert_eq!(
            rename_target(root, key, "archive/2026/ a.txt "),
            Ok("users/u/archive/2026/ a.txt ".into())
        );
        assert_eq!(
            rename_target(root, key, "a.txt"),
            Ok("users/u/a.txt".into())
        );
    }

    // Each refusal names what to change; nothing escapes the user's own files.
    #[test]
    fn rename_targets_that_cannot_be_are_refused() {
        let (root, key) = ("users/u/", "users/u/docs/a.txt");
        assert_eq!(
            rename_target(root, key, ""),
            Err(Refused("files.rename-empty"))
        );
        assert_eq!(
            rename_target(root, key, "docs/"),
            Err(Refused("files.rename-ends-with-slash"))
        );
        for escape in [
            "../v/a.txt",
            "/a.txt",
            "docs//a.txt",
            "./a.txt",
            "docs/../../x",
        ] {
            assert!(rename_target(root, key, escape).is_err(), "{escape}");
        }
        assert_eq!(
            rename_target(root, key, "docs/a.txt"),
            Err(Refused("files.rename-same-name"))
        );
        let long = "é".repeat(510);
        assert!(rename_target(root, key, &long)
            .unwrap_err()
            .to_string()
            .contains("1,024 bytes"));
    }

    fn object(key: &str, size: u64, modified: u64) -> S3Object {
        S3Object {
            key: key.into(),
            size,
            last_modified: Some(modified),
            etag: String::new(),
        }
    }

    fn names(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(Entry::name).collect()
    }

    // A delimiter listing becomes folders and files named relative to the folder shown.
    #[test]
    fn entries_name_things_relative_to_the_folder() {
        let objects = [
            object("users/u/docs/", 0, 1),
            object("users/u/docs/a b.txt", 3, 1),
        ];
        let folders = ["users/u/docs/old/".to_string()];
        let list = entries("users/u/", "docs/", &objects, &folders);
        assert_eq!(
            list,
            vec![
                Entry::Folder {
                    name: "old".into(),
                    path: "docs/old/".into()
                },
                Entry::File {
                    name: "a b.txt".into(),
                    object: objects[1].clone()
                },
            ],
            "the folder's own marker object is not listed"
        );
        // The table is keyed by id: a folder and a file of the same name must differ.
        let old = ["users/u/old/".to_string()];
        let same_name = entries("users/u/", "", &[object("users/u/old", 1, 1)], &old);
        let ids: Vec<&str> = same_name.iter().map(Entry::id).collect();
        assert_eq!(ids, ["old/", "users/u/old"]);
    }

    // Folders stay on top whatever the order; sizes and dates sort the files both ways.
    #[test]
    fn sorting_keeps_folders_first() {
        let objects = [
            object("r/b.txt", 5, 30),
            object("r/A.txt", 9, 10),
            object("r/c.txt", 1, 20),
        ];
        let mut list = entries("r/", "", &objects, &["r/zeta/".to_string()]);
        sort(&mut list, Sort::default());
        assert_eq!(names(&list), ["zeta", "A.txt", "b.txt", "c.txt"]);
        sort(
            &mut list,
            Sort {
                by: SortBy::Size,
                ascending: false,
            },
        );
        assert_eq!(names(&list)[1..], ["A.txt", "b.txt", "c.txt"]);
        sort(
            &mut list,
            Sort {
                by: SortBy::Modified,
                ascending: true,
            },
        );
        assert_eq!(names(&list), ["zeta", "A.txt", "c.txt", "b.txt"]);
        assert_eq!(
            Sort::default().toggled(SortBy::Name),
            Sort {
                by: SortBy::Name,
                ascending: false
            }
        );
        assert_eq!(
            Sort::default().toggled(SortBy::Size),
            Sort {
                by: SortBy::Size,
                ascending: true
            }
        );
    }

    // Each crumb opens its level.
    #[test]
    fn breadcrumbs_lead_back_up() {
        assert!(breadcrumbs("").is_empty());
        assert_eq!(
            breadcrumbs("a/b c/"),
            [
                ("a".to_string(), "a/".to_string()),
                ("b c".to_string(), "a/b c/".to_string())
            ]
        );
    }

    // The address bar is user input: a crafted folder must not climb out with "..".
    #[test]
    fn crafted_folders_open_the_top() {
        assert_eq!(sanitize("photos/2026/"), "photos/2026/");
        for bad in ["../", "a/../", "a//", "a", "/", "./"] {
            assert_eq!(sanitize(bad), "", "{bad}");
        }
    }

    // A new folder's name is one segment.
    #[test]
    fn new_folder_names_are_checked() {
        assert_eq!(new_folder_path("a/", " b "), Ok("a/b/".to_string()));
        assert!(new_folder_path("", "x/y").is_err());
        assert!(new_folder_path("", "  ").is_err());
        assert!(new_folder_path("", "..").is_err());
    }

    // A destination is a folder below the area: slashes at either end do not matter, nothing
    // climbs out of it.
    #[test]
    fn destinations_are_folders_below_the_area() {
        assert_eq!(destination(" /archive/2026/ "), Ok("archive/2026/".into()));
        assert_eq!(destination("archive"), Ok("archive/".into()));
        assert_eq!(destination(""), Ok(String::new()));
        for bad in ["../x", "a//b", "a/./b", "a/ /b"] {
            assert!(destination(bad).is_err(), "{bad}");
        }
    }

    // Moving keeps what is below the moved item: a folder's whole tree lands under the
    // destination with the folder's own name.
    #[test]
    fn moved_keys_keep_their_place_below_what_moved() {
        let (parent, to) = ("u/docs/", "u/archive/");
        assert_eq!(
            moved_key("u/docs/a.txt", parent, to),
            Some("u/archive/a.txt".into())
        );
        assert_eq!(
            moved_key("u/docs/old/x/y.txt", parent, to),
            Some("u/archive/old/x/y.txt".into())
        );
        assert_eq!(moved_key("u/other/a.txt", parent, to), None);
    }

    // The filter box: every word, anywhere in the name, any case.
    #[test]
    fn filters_match_every_word_in_any_case() {
        assert!(matches_filter("Holiday Photos 2026.zip", "photo 2026"));
        assert!(matches_filter("report.pdf", ""));
        assert!(!matches_filter("report.pdf", "photo"));
    }

    // "Keep both" names the new copy as file managers do, in its own folder, the extension kept.
    #[test]
    fn a_kept_copy_is_numbered_before_its_extension() {
        assert_eq!(numbered("notes.txt", 2), "notes (2).txt");
        assert_eq!(
            numbered("dir/sub/archive.tar.gz", 3),
            "dir/sub/archive (3).tar.gz"
        );
        assert_eq!(numbered("README", 2), "README (2)");
        assert_eq!(numbered(".env", 2), ".env (2)");
        assert_eq!(numbered("photos.d/café.jpg", 2), "photos.d/café (2).jpg");
    }
}
