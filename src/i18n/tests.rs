use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every message of `lang`, all areas, each key checked to start with its area's name (so a
/// key tells which file it is in, and which page fetches it).
fn catalogue(lang: Lang) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for area in AREAS.iter().map(|c| c.area()) {
        let path = format!("public/locales/{}/{area}.txt", lang.tag());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path} is missing"));
        for (key, value) in entries(&text) {
            assert!(
                key.starts_with(&format!("{area}.")),
                "{key} is in {path}: its name must start with {area}."
            );
            let twice = all.insert(key.to_string(), value.to_string()).is_some();
            assert!(!twice, "{key} twice in {}", lang.tag());
        }
    }
    all
}

// A language that lacks a message shows English in the middle of it; one with a message the
// app no longer has is dead weight. Both fail here, as does a translation that drops or renames
// a placeholder (the value would be lost).
#[test]
fn every_catalogue_has_the_same_keys_and_placeholders() {
    let english = catalogue(Lang::En);
    for lang in Lang::ALL.iter().filter(|l| **l != Lang::En) {
        let other = catalogue(*lang);
        let (ours, theirs): (BTreeSet<_>, BTreeSet<_>) =
            (english.keys().collect(), other.keys().collect());
        let missing: Vec<_> = ours.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&ours).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.tag());
        assert!(
            extra.is_empty(),
            "{} has keys English does not: {extra:?}",
            lang.tag()
        );
        for (key, text) in &english {
            assert_eq!(
                placeholders(text),
                placeholders(&other[key]),
                "{}: the placeholders of {key}",
                lang.tag()
            );
        }
    }
}

/// Every message key in the source: each string literal of the form `"<area>.<name>"`, where
/// `.t(...)`, `.tf(...)` or `.plural(...)` read it or a constant holds it, with where it is.
fn keys_used(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            keys_used(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/tests.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for area in AREAS.iter().map(|c| c.area()) {
                for (index, _) in text.match_indices(&format!("\"{area}.")) {
                    let rest = &text[index + 1..];
                    let key = &rest[..rest.find('"').unwrap()];
                    let name = &key[area.len() + 1..];
                    if !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        found.push((key.to_string(), path.display().to_string()));
                    }
                }
            }
        }
    }
}

// A key the catalogue lacks would show the key itself to the user.
#[test]
fn every_key_the_code_uses_is_in_the_english_catalogue() {
    let english = catalogue(Lang::En);
    let mut used = Vec::new();
    keys_used(Path::new("src"), &mut used);
    assert!(used.len() > 50, "the scan finds the keys");
    let known = |key: &str| {
        english.contains_key(key)
            || (english.contains_key(&format!("{key}-one"))
                && english.contains_key(&format!("{key}-other")))
    };
    // Literals that look like keys but are config.json's field names and a file name.
    let not_keys = ["aws.region", "aws.bucket", "app.js"];
    let unknown: Vec<_> = used
        .iter()
        .filter(|(key, _)| !known(key) && !not_keys.contains(&key.as_str()))
        .collect();
    assert!(unknown.is_empty(), "not in public/locales/en: {unknown:?}");
}

// The browser's first language the app speaks wins; regional variants count.
#[test]
fn the_language_comes_from_the_browsers_list() {
    assert_eq!(Lang::preferred(["fr-FR", "de-AT", "en"]), Lang::De);
    assert_eq!(Lang::preferred(["en-GB", "de"]), Lang::En);
    assert_eq!(Lang::preferred(["ja"]), Lang::En);
    assert_eq!(Lang::preferred([]), Lang::En);
}

// Values go in once, by name; what is not a known placeholder stays as it is.
#[test]
fn placeholders_are_filled_by_name() {
    assert_eq!(
        fill("{n} of {m} files", &[("n", "2"), ("m", "3")]),
        "2 of 3 files"
    );
    assert_eq!(fill("{a}{b}", &[("a", "{b}"), ("b", "x")]), "{b}x");
    assert_eq!(fill("{json} {", &[]), "{json} {");
    assert_eq!(placeholders("{b} and {a}, {a}, {not a name}"), ["a", "b"]);
}

// A translation wins where it has the key; English otherwise; the key itself as a last resort
// (which the test above keeps from ever happening).
#[test]
fn lookups_fall_back_to_english() {
    static TEST: Catalogue = Catalogue::new("test");
    TEST.add(Lang::En, "t.one = One\nt.two = Two {n}\nt.lines = a\\nb\n");
    assert_eq!(TEST.t("t.one"), "One");
    assert_eq!(TEST.tf("t.two", &[("n", "2")]), "Two 2");
    assert_eq!(TEST.t("t.lines"), "a\nb");
    assert!(!TEST.is_loaded(Lang::De));
    TEST.add(Lang::De, "t.one = Eins\n");
    set_language(Lang::De);
    assert_eq!(
        (TEST.t("t.one"), TEST.t("t.two")),
        ("Eins".to_string(), "Two {n}".to_string())
    );
    set_language(Lang::En);
    assert_eq!(TEST.t("t.missing"), "t.missing");
}

// Counts pick their form by number, and carry the language's digit grouping.
#[test]
fn counts_choose_their_form_and_group_digits() {
    static COUNTS: Catalogue = Catalogue::new("counts");
    COUNTS.add(
        Lang::En,
        "c.files-one = {n} file in {where}\nc.files-other = {n} files in {where}\n",
    );
    assert_eq!(
        COUNTS.plural("c.files", 1, &[("where", "a")]),
        "1 file in a"
    );
    assert_eq!(
        COUNTS.plural("c.files", 12345, &[("where", "b")]),
        "12,345 files in b"
    );
    assert_eq!(
        COUNTS.plural("c.files", 0, &[("where", "c")]),
        "0 files in c"
    );
    assert_eq!(
        (number(999), number(1000), number(1234567)),
        ("999".into(), "1,000".into(), "1,234,567".into())
    );
    assert_eq!(decimal_separator(), '.');
}
