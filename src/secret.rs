//! A string that must never be printed: tokens, secret keys, session tokens.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The only way to read the value: call sites that do are easy to audit.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(** {} chars redacted **)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // docs/ARCHITECTURE.md: secrets live in types whose Debug redacts them, with a test that proves it.
    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("wJalrXUtnFEMI/K7MDENG");
        let printed = format!("{secret:?} {:#?}", Some(&secret));
        assert!(!printed.contains("wJalr"), "{printed}");
    }

    // Secrets are stored in sessionStorage as plain JSON strings and must come back the same.
    #[test]
    fn serializes_as_a_plain_string_for_session_storage() {
        let json = serde_json::to_string(&Secret::new("t0k")).unwrap();
        assert_eq!(json, "\"t0k\"");
        let back: Secret = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), "t0k");
    }
}
