//! What a zip download holds: every object under what the user chose, each at its path below
//! the folder that was open (choosing `photos` in the top folder gives `photos/2026/a.jpg`),
//! and what the zip is called. Keys are not paths: S3 allows `..`, empty segments and
//! backslashes in them, which an unzip tool would take as "up a folder", a root or a Windows
//! separator. Such segments are renamed here, so an extracted zip never writes outside its
//! folder; two entries that would land on the same name (`a//b` and `a/b`, or `A.txt` and
//! `a.txt` on a case-blind disk) are numbered like a kept-both upload.

use crate::aws::s3::S3Object;
use crate::folder;
use crate::time::UnixSeconds;

/// One entry of the zip to come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    /// The entry's path in the zip (a folder's ends in `/`).
    pub path: String,
    pub size: u64,
    /// The ETag listed: the download reads this version of the object and no other.
    pub etag: String,
    pub modified: Option<UnixSeconds>,
    pub folder: bool,
}

/// The entries for `objects`, all under `parent` (the full prefix of the folder open), in the
/// order given (S3 lists keys in order). Keys outside `parent` are left out.
pub fn members(parent: &str, objects: &[S3Object]) -> Vec<Member> {
    let mut taken = Vec::new();
    objects
        .iter()
        .filter_map(|object| {
            let relative = object.key.strip_prefix(parent)?;
            // A zero-byte key ending in `/` is how S3 consoles (and this app) make a folder.
            let folder = relative.ends_with('/') && object.size == 0;
            let path = safe_path(relative)?;
            let path = unique(&mut taken, path, folder);
            Some(Member {
                key: object.key.clone(),
                path: if folder { format!("{path}/") } else { path },
                size: object.size,
                etag: object.etag.clone(),
                modified: object.last_modified,
                folder,
            })
        })
        .collect()
}

/// `relative` as a path no extractor takes out of its folder: no empty, `.` or `..` segment
/// (an empty one is dropped, the dots become `_.` and `_..`), no backslash and no control
/// character (each an `_`). None when nothing is left (the key was only slashes).
fn safe_path(relative: &str) -> Option<String> {
    let segments: Vec<String> = relative
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| match segment {
            "." | ".." => format!("_{segment}"),
            other => without_separators(other),
        })
        .collect();
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// `name` with each backslash (a Windows separator) and control character as an `_`.
fn without_separators(name: &str) -> String {
    name.chars()
        .map(|c| if c == '\\' || c.is_control() { '_' } else { c })
        .collect()
}

/// `path`, or the first of `path (2)`, `path (3)`... that no earlier entry took, compared
/// without case. (`taken` is kept sorted: a set type would add its hashing code to the module.)
fn unique(taken: &mut Vec<String>, path: String, folder: bool) -> String {
    let mut candidate = path.clone();
    let mut n = 2;
    // A folder's name gets its number at the end: "photos (2)", not "photos (2)" before a dot.
    loop {
        let lower = candidate.to_lowercase();
        if let Err(at) = taken.binary_search(&lower) {
            taken.insert(at, lower);
            return candidate;
        }
        candidate = match folder {
            true => format!("{path} ({n})"),
            false => folder::numbered(&path, n),
        };
        n += 1;
    }
}

/// The zip's file name: the folder chosen when it is the only thing chosen, otherwise the
/// folder open (`open` relative to the area, `""` for its top, named `top`).
pub fn zip_name(chosen_folder: Option<&str>, open: &str, top: &str) -> String {
    let folder = chosen_folder.unwrap_or(open);
    let name = folder
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let name = if name.is_empty() { top } else { name };
    format!("{}.zip", without_separators(name))
}

/// The bytes the zip's entries carry (its headers aside): what progress counts to.
pub fn total_bytes(members: &[Member]) -> u64 {
    members.iter().map(|m| m.size).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(key: &str, size: u64) -> S3Object {
        S3Object {
            key: key.to_string(),
            size,
            last_modified: Some(1_764_547_200),
            etag: "\"e\"".to_string(),
        }
    }

    fn paths(parent: &str, keys: &[(&str, u64)]) -> Vec<String> {
        let objects: Vec<S3Object> = keys.iter().map(|(k, s)| object(k, *s)).collect();
        members(parent, &objects)
            .into_iter()
            .map(|m| m.path)
            .collect()
    }

    // Paths start below the folder that was open, so a chosen folder keeps its own name.
    #[test]
    fn paths_are_relative_to_the_open_folder() {
        let got = paths(
            "users/u1/",
            &[
                ("users/u1/notes.txt", 1),
                ("users/u1/photos/", 0),
                ("users/u1/photos/2026/a.jpg", 3),
                ("users/u2/other.txt", 1),
            ],
        );
        assert_eq!(got, ["notes.txt", "photos/", "photos/2026/a.jpg"]);
    }

    // Zip slip: keys that would climb out of the extraction folder or name a root stay inside.
    #[test]
    fn hostile_keys_stay_inside_the_zip_folder() {
        let got = paths(
            "p/",
            &[
                ("p/../../etc/passwd", 1),
                ("p//abs", 1),
                ("p/./dot", 1),
                ("p/a\\..\\b", 1),
                ("p/bell\u{7}", 1),
            ],
        );
        assert_eq!(
            got,
            ["_../_../etc/passwd", "abs", "_./dot", "a_.._b", "bell_"]
        );
        for path in &got {
            assert!(!path.starts_with('/') && !path.split('/').any(|s| s == ".."));
        }
    }

    // Two keys that become one path, or differ only in case, are both kept.
    #[test]
    fn clashing_paths_are_numbered() {
        let got = paths(
            "p/",
            &[
                ("p/A.txt", 1),
                ("p/a.txt", 1),
                ("p/x//y.txt", 1),
                ("p/x/y.txt", 1),
            ],
        );
        assert_eq!(got, ["A.txt", "a (2).txt", "x/y.txt", "x/y (2).txt"]);
    }

    // A key of only slashes has no path at all; it is left out rather than named "".
    #[test]
    fn a_key_with_no_name_is_left_out() {
        assert_eq!(paths("p/", &[("p///", 0), ("p/ok", 1)]), ["ok"]);
    }

    // The zip is named after what was chosen, or the folder open, or the area at its top.
    #[test]
    fn zip_names() {
        assert_eq!(
            zip_name(Some("photos/2026/"), "photos/", "Files"),
            "2026.zip"
        );
        assert_eq!(zip_name(None, "photos/", "Files"), "photos.zip");
        assert_eq!(zip_name(None, "", "My files"), "My files.zip");
    }
}
