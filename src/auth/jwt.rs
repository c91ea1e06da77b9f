//! Reads the claims of a Firebase ID token. The browser never verifies a token: AWS STS does,
//! against Google's published keys. The app only needs to know who signed in and until when.

use crate::i18n::AWS;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IdTokenClaims {
    pub iss: String,
    pub aud: String,
    /// The Firebase uid.
    pub sub: String,
    pub exp: u64,
    pub iat: u64,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub firebase: Option<FirebaseClaim>,
    /// Session tags for STS (an invitation: `auth::membership`), set by an administrator.
    #[serde(default, rename = "https://aws.amazon.com/tags")]
    pub aws_tags: Option<AwsTags>,
}

/// The `https://aws.amazon.com/tags` claim, as far as the app reads it: STS takes one value per
/// tag, as a one-element list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AwsTags {
    #[serde(default)]
    pub principal_tags: PrincipalTags,
}

/// The tags an invitation may carry (others are ignored here; the trust policy refuses them).
/// A tag of another shape than a list of strings reads as empty, so that an odd claim never
/// makes the rest of the token unreadable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PrincipalTags {
    #[serde(default, deserialize_with = "strings")]
    pub firebridge: Vec<String>,
    #[serde(default, deserialize_with = "strings")]
    pub team: Vec<String>,
    #[serde(default, deserialize_with = "strings")]
    pub access: Vec<String>,
}

/// A list of strings, or (anything else) an empty list.
fn strings<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let items: Vec<Lenient> = match deserializer.deserialize_any(LenientVisitor)? {
        Lenient::List(items) => items,
        _ => return Ok(Vec::new()),
    };
    let strings: Option<Vec<String>> = items
        .into_iter()
        .map(|item| match item {
            Lenient::Text(text) => Some(text),
            _ => None,
        })
        .collect();
    Ok(strings.unwrap_or_default())
}

/// A claim's value, read only as far as telling strings and lists from the rest.
enum Lenient {
    Text(String),
    List(Vec<Lenient>),
    Other,
}

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }
}

struct LenientVisitor;

impl<'de> serde::de::Visitor<'de> for LenientVisitor {
    type Value = Lenient;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<Lenient, E> {
        Ok(Lenient::Text(text.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Lenient, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Lenient::List(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Lenient, A::Error> {
        use serde::de::IgnoredAny;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Lenient::Other)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Lenient, E> {
        Ok(Lenient::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Lenient, E> {
        Ok(Lenient::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Lenient, E> {
        Ok(Lenient::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Lenient, E> {
        Ok(Lenient::Other)
    }

    fn visit_unit<E>(self) -> Result<Lenient, E> {
        Ok(Lenient::Other)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FirebaseClaim {
    #[serde(default)]
    pub sign_in_provider: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    NotAJwt,
    BadPayload(String),
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtError::NotAJwt => f.write_str(&AWS.t("aws.jwt-not-a-jwt")),
            JwtError::BadPayload(why) => {
                f.write_str(&AWS.tf("aws.jwt-bad-payload", &[("why", why)]))
            }
        }
    }
}

/// Every claim of the token, pretty-printed, for people to read (the identity panel).
pub fn claims_json(token: &str) -> Result<String, JwtError> {
    let payload: serde_json::Value = serde_json::from_slice(&payload_bytes(token)?)
        .map_err(|e| JwtError::BadPayload(e.to_string()))?;
    serde_json::to_string_pretty(&payload).map_err(|e| JwtError::BadPayload(e.to_string()))
}

pub fn decode_claims(token: &str) -> Result<IdTokenClaims, JwtError> {
    serde_json::from_slice(&payload_bytes(token)?).map_err(|e| JwtError::BadPayload(e.to_string()))
}

fn payload_bytes(token: &str) -> Result<Vec<u8>, JwtError> {
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::NotAJwt);
    };
    URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| JwtError::BadPayload(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_token() -> String {
        let body: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/firebase/sign_in_with_email_link.json"
        ))
        .unwrap();
        body["idToken"].as_str().unwrap().to_string()
    }

    // A token recorded from the Auth emulator: its claims are the real ones STS will check.
    #[test]
    fn reads_claims_of_a_recorded_emulator_token() {
        let claims = decode_claims(&fixture_token()).unwrap();
        assert_eq!(claims.iss, "https://securetoken.google.com/demo-firebridge");
        assert_eq!(claims.aud, "demo-firebridge");
        assert_eq!(claims.exp, claims.iat + 3600);
        assert_eq!(claims.email.as_deref(), Some("alice@example.com"));
        assert_eq!(
            claims.firebase.unwrap().sign_in_provider.as_deref(),
            Some("password")
        );
        assert!(!claims.sub.is_empty());
    }

    // The identity panel shows every claim, including ones the app does not model.
    #[test]
    fn pretty_prints_all_claims() {
        let json = claims_json(&fixture_token()).unwrap();
        assert!(
            json.contains("\"sign_in_provider\": \"password\""),
            "{json}"
        );
        assert!(json.contains("\"email_verified\""));
        assert!(json.lines().count() > 10);
    }

    // A mangled token must be an error the app can report, never a panic.
    #[test]
    fn rejects_what_is_not_a_jwt() {
        assert_eq!(decode_claims("abc"), Err(JwtError::NotAJwt));
        assert_eq!(decode_claims("a.b.c.d"), Err(JwtError::NotAJwt));
        assert!(matches!(
            decode_claims("a.!!!.c"),
            Err(JwtError::BadPayload(_))
        ));
        let not_json = format!("a.{}.c", URL_SAFE_NO_PAD.encode("[1]"));
        assert!(matches!(
            decode_claims(&not_json),
            Err(JwtError::BadPayload(_))
        ));
    }
}
