//! Every sentence the app shows, from a message catalogue: English built in, German (and any
//! other language) fetched when it is chosen. Pure: the language and the fetched catalogue are
//! handed in by the UI.
//!
//! A catalogue is plain text, one message a line: `key = text`, `{name}` for what is filled in,
//! `\n` for a line break, `#` for comments; one file per language and area,
//! `public/locales/<lang>/<area>.txt`. English `app` (the sign-in page, the app bar) is compiled
//! in; every other file is fetched with the page that needs it (services/locale.rs). A test
//! holds every language to the same keys and placeholders.

use std::cell::{Cell, RefCell};

/// The languages the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The BCP 47 tag (`lang` attributes, `Intl`, the catalogue's file name).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// The first of the browser's languages (`navigator.languages`) the app speaks, English if
    /// none.
    pub fn preferred<'a>(browser: impl IntoIterator<Item = &'a str>) -> Lang {
        browser
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }

    /// `de`, `de-AT`, `DE`: German.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }
}

/// One area's messages (`app`, `files`, …), as `key = text` lines.
pub struct Catalogue {
    area: &'static str,
}

/// The sign-in page, the app bar and what any page may show: compiled in (English), so a first
/// visit needs nothing more.
pub static APP: Catalogue = Catalogue::new("app");
/// AWS's refusals and failures, as the signed-in pages show them.
pub static AWS: Catalogue = Catalogue::new("aws");
pub static FILES: Catalogue = Catalogue::new("files");
pub static IDENTITY: Catalogue = Catalogue::new("identity");
pub static DOCTOR: Catalogue = Catalogue::new("doctor");
pub static SETUP: Catalogue = Catalogue::new("setup");

/// Every area, for tests and tools.
pub static AREAS: [&Catalogue; 6] = [&APP, &AWS, &FILES, &IDENTITY, &DOCTOR, &SETUP];

/// The English text built into the app: `app` only in the browser (the other areas are fetched
/// with the page that needs them, so their sentences stay out of the first download), every
/// area in native builds (unit tests read the messages).
fn built_in(area: &str) -> Option<&'static str> {
    match area {
        "app" => Some(include_str!("../../public/locales/en/app.txt")),
        #[cfg(not(target_arch = "wasm32"))]
        "aws" => Some(include_str!("../../public/locales/en/aws.txt")),
        #[cfg(not(target_arch = "wasm32"))]
        "files" => Some(include_str!("../../public/locales/en/files.txt")),
        #[cfg(not(target_arch = "wasm32"))]
        "identity" => Some(include_str!("../../public/locales/en/identity.txt")),
        #[cfg(not(target_arch = "wasm32"))]
        "doctor" => Some(include_str!("../../public/locales/en/doctor.txt")),
        #[cfg(not(target_arch = "wasm32"))]
        "setup" => Some(include_str!("../../public/locales/en/setup.txt")),
        _ => None,
    }
}

thread_local! {
    static LANGUAGE: Cell<Lang> = const { Cell::new(Lang::En) };
    /// The text of each area fetched so far, per language. Kept as text and searched line by
    /// line: a catalogue is a few KB, and a parsed map would cost the first download more code
    /// than every lookup of a page costs time.
    static LOADED: RefCell<Vec<(Lang, &'static str, String)>> = const { RefCell::new(Vec::new()) };
}

/// The language shown from now on.
pub fn set_language(lang: Lang) {
    LANGUAGE.with(|current| current.set(lang));
}

pub fn language() -> Lang {
    LANGUAGE.with(Cell::get)
}

impl Catalogue {
    pub const fn new(area: &'static str) -> Self {
        Catalogue { area }
    }

    /// The file name of the area (`locales/<lang>/<area>.txt`).
    pub fn area(&self) -> &'static str {
        self.area
    }

    /// Whether the area's messages in `lang` are at hand (built in, or fetched).
    pub fn is_loaded(&self, lang: Lang) -> bool {
        (lang == Lang::En && built_in(self.area).is_some())
            || LOADED.with(|loaded| {
                loaded
                    .borrow()
                    .iter()
                    .any(|(l, a, _)| *l == lang && *a == self.area)
            })
    }

    /// Keeps the fetched text of the area in `lang`.
    pub fn add(&self, lang: Lang, text: &str) {
        LOADED.with(|loaded| {
            let mut loaded = loaded.borrow_mut();
            loaded.retain(|(l, a, _)| !(*l == lang && *a == self.area));
            loaded.push((lang, self.area, text.to_string()));
        });
    }

    /// The message `key` in the language shown (English where the translation lacks it; the
    /// key itself if no catalogue at hand has it, which the catalogue tests rule out).
    pub fn t(&self, key: &str) -> String {
        self.find(language(), key)
            .or_else(|| self.find(Lang::En, key))
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with each `{name}` replaced by its value.
    pub fn tf(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.t(key), values)
    }

    /// The message for a count: `<key>-one` for 1, `<key>-other` otherwise (the rule of every
    /// language the app speaks), `{n}` filled in with the count in the language's digits.
    pub fn plural(&self, key: &str, n: u64, values: &[(&str, &str)]) -> String {
        let form = if n == 1 { "one" } else { "other" };
        let count = number(n);
        let mut all = vec![("n", count.as_str())];
        all.extend_from_slice(values);
        fill(&self.t(&format!("{key}-{form}")), &all)
    }

    fn find(&self, lang: Lang, key: &str) -> Option<String> {
        let fetched = LOADED.with(|loaded| {
            let loaded = loaded.borrow();
            let (_, _, text) = loaded
                .iter()
                .find(|(l, a, _)| *l == lang && *a == self.area)?;
            Some(lookup(text, key))
        });
        match fetched {
            Some(found) => found,
            None => lookup(built_in(self.area).filter(|_| lang == Lang::En)?, key),
        }
    }
}

/// The text of `key` in a catalogue's text, `\n` turned into line breaks.
fn lookup(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix(key)?.strip_prefix(" = ")?;
        Some(value.replace("\\n", "\n"))
    })
}

/// A count with the language's thousands separator: 12,345 (English), 12.345 (German).
pub fn number(n: u64) -> String {
    let separator = match language() {
        Lang::En => ',',
        Lang::De => '.',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// The decimal separator of the language shown: 1.5 (English), 1,5 (German).
pub fn decimal_separator() -> char {
    match language() {
        Lang::En => '.',
        Lang::De => ',',
    }
}

/// `{name}` placeholders replaced by their values (one pass: a value holding braces stays as it
/// is).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if values.iter().any(|(n, _)| *n == name) => {
                let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
                out.push_str(value.unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `(key, text)` of a catalogue's text, in order (for tests and tools).
pub fn entries(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .collect()
}

/// The placeholders a message uses, sorted.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests;
