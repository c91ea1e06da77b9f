//! Finding files and folders by name through every sub-folder of an area. The area is listed
//! without a delimiter, a page of keys at a time; each page's hits are handed on as soon as it
//! arrives, so the first hits show while the rest is still being listed. Pure: the listing is
//! done by `services::files::search`.

use crate::aws::s3::S3Object;
use crate::folder::{self, Entry};

/// At most this many hits are kept: a search that matches more asks for more words instead of
/// drawing (and holding) every key of the bucket.
pub const MAX_HITS: usize = 1_000;

/// A file or folder whose name matches, and the folder it is in (relative to the area's root,
/// `""` for the top).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub folder: String,
    pub entry: Entry,
}

/// The state of one search: what it looks for, the last key looked at, and how many hits and
/// keys so far.
pub struct Finder {
    root: String,
    query: String,
    /// S3 lists keys in order, so the keys under a folder come one after the other: a folder is
    /// new when the key before was not under it (no set of every folder seen is needed).
    previous: String,
    pub hits: usize,
    pub looked_at: usize,
}

impl Finder {
    /// A search of everything under `root` for the words of `query` (see `folder::matches_filter`).
    pub fn new(root: &str, query: &str) -> Finder {
        Finder {
            root: root.to_string(),
            query: query.trim().to_string(),
            previous: String::new(),
            hits: 0,
            looked_at: 0,
        }
    }

    /// Whether enough hits are in: the search should stop.
    pub fn is_full(&self) -> bool {
        self.hits >= MAX_HITS
    }

    /// The hits among one page of keys, in key order: each folder on the way to a key (once),
    /// then the file itself. A folder's own marker (a key ending in `/`) is a folder, not a file.
    pub fn hits_in(&mut self, objects: &[S3Object]) -> Vec<Hit> {
        let mut hits = Vec::new();
        for object in objects {
            if self.hits + hits.len() >= MAX_HITS {
                break;
            }
            self.looked_at += 1;
            let Some(relative) = object.key.strip_prefix(&self.root) else {
                continue;
            };
            self.folders_on_the_way(relative, &mut hits);
            self.previous = relative.to_string();
            let (folder, name) = split_last(relative);
            if !name.is_empty() && folder::matches_filter(name, &self.query) {
                hits.push(Hit {
                    folder: folder.to_string(),
                    entry: Entry::File {
                        name: name.to_string(),
                        object: object.clone(),
                    },
                });
            }
        }
        hits.truncate(MAX_HITS - self.hits);
        self.hits += hits.len();
        hits
    }

    fn folders_on_the_way(&mut self, relative: &str, hits: &mut Vec<Hit>) {
        let ends = relative.match_indices('/').map(|(i, _)| i + 1);
        for end in ends {
            let path = &relative[..end];
            if self.previous.starts_with(path) {
                continue;
            }
            let (parent, name) = split_last(&path[..end - 1]);
            if !name.is_empty() && folder::matches_filter(name, &self.query) {
                hits.push(Hit {
                    folder: parent.to_string(),
                    entry: Entry::Folder {
                        name: name.to_string(),
                        path: path.to_string(),
                    },
                });
            }
        }
    }
}

/// `"a/b/c.txt"` as `("a/b/", "c.txt")`; `"c.txt"` as `("", "c.txt")`.
fn split_last(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(key: &str) -> S3Object {
        S3Object {
            key: key.to_string(),
            size: 1,
            last_modified: None,
            etag: String::new(),
        }
    }

    fn found(finder: &mut Finder, keys: &[&str]) -> Vec<(String, String)> {
        let objects: Vec<_> = keys.iter().map(|k| object(k)).collect();
        finder
            .hits_in(&objects)
            .into_iter()
            .map(|hit| (hit.folder, hit.entry.id().to_string()))
            .collect()
    }

    // Files match by their own name, not their folder's: "photos" must not list every photo.
    #[test]
    fn files_match_by_name_and_say_where_they_are() {
        let mut finder = Finder::new("users/u/", "report 2026");
        let hits = found(
            &mut finder,
            &[
                "users/u/Report 2026.pdf",
                "users/u/report/2026/other.txt",
                "users/u/work/q1/report-2026-final.docx",
            ],
        );
        assert_eq!(
            hits,
            [
                ("".into(), "users/u/Report 2026.pdf".into()),
                (
                    "work/q1/".into(),
                    "users/u/work/q1/report-2026-final.docx".into()
                ),
            ]
        );
        assert_eq!(finder.looked_at, 3);
    }

    // S3 has no folder objects to list: a folder is found through the keys under it, once,
    // even when its keys come over several pages; its marker object is not a file.
    #[test]
    fn folders_are_found_once_through_their_keys() {
        let mut finder = Finder::new("users/u/", "photos");
        let first = found(
            &mut finder,
            &["users/u/Photos/a.jpg", "users/u/Photos/b.jpg"],
        );
        let second = found(
            &mut finder,
            &[
                "users/u/Photos/c.jpg",
                "users/u/old/photos/",
                "users/u/old/photos/x.jpg",
            ],
        );
        assert_eq!(first, [("".into(), "Photos/".into())]);
        assert_eq!(second, [("old/".into(), "old/photos/".into())]);
    }

    // A search matching the whole bucket stops at MAX_HITS instead of holding every key.
    #[test]
    fn stops_at_the_most_hits_kept() {
        let mut finder = Finder::new("users/u/", "file");
        let keys: Vec<String> = (0..MAX_HITS + 5)
            .map(|i| format!("users/u/file-{i}.txt"))
            .collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(found(&mut finder, &keys[..600]).len(), 600);
        assert!(!finder.is_full());
        assert_eq!(found(&mut finder, &keys[600..]).len(), MAX_HITS - 600);
        assert!(finder.is_full());
        assert_eq!(found(&mut finder, &keys[..1]).len(), 0);
    }

    // Keys outside the area (none should come, but a listing is data from the network) are
    // skipped, not shown with a wrong folder.
    #[test]
    fn keys_outside_the_root_are_skipped() {
        let mut finder = Finder::new("users/u/", "x");
        assert!(found(&mut finder, &["users/other/x.txt"]).is_empty());
    }
}
