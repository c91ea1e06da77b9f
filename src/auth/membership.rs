//! What an invitation is: session tags in the Firebase ID token, which only an administrator can
//! put there (a custom claim, set with the Admin SDK: `dev/invite.mjs`). STS turns the token's
//! `https://aws.amazon.com/tags` claim into the session's tags, and the role's policies require
//! them: `firebridge` = `member` to get anything at all, `team` for a team's shared folder,
//! `access` = `read` for a read-only session. AWS enforces all of it; the app reads the same
//! claim only to be polite (say "not invited" before asking STS, hide buttons that would fail).

use crate::auth::jwt::IdTokenClaims;

/// The claim STS reads session tags from (IAM User Guide, "Passing session tags in AWS STS").
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";
/// The tag every invited user carries, with the value `MEMBER`.
pub const MEMBER_TAG: &str = "firebridge";
pub const MEMBER: &str = "member";
/// The tag naming a user's team: `teams/<team>/` is shared by its members.
pub const TEAM_TAG: &str = "team";
/// The tag that makes a session read-only, with the value `READ_ONLY`.
pub const ACCESS_TAG: &str = "access";
pub const READ_ONLY: &str = "read";
/// Every tag an invitation may pass; the trust policy allows no other.
pub const TAG_KEYS: [&str; 3] = [MEMBER_TAG, TEAM_TAG, ACCESS_TAG];

/// What the ID token says about the user's invitation.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Membership {
    pub member: bool,
    pub team: Option<String>,
    pub read_only: bool,
}

impl Membership {
    /// Reads the session tags of a token's claims.
    pub fn from_claims(claims: &IdTokenClaims) -> Self {
        let tags = claims.aws_tags.clone().unwrap_or_default().principal_tags;
        // STS takes exactly one value per tag, as a one-element list.
        let single = |values: Vec<String>| match <[String; 1]>::try_from(values) {
            Ok([value]) => Some(value),
            Err(_) => None,
        };
        Membership {
            member: single(tags.firebridge).as_deref() == Some(MEMBER),
            team: single(tags.team).filter(|team| is_team_name(team)),
            read_only: single(tags.access).as_deref() == Some(READ_ONLY),
        }
    }
}

/// Team names become folder names (`teams/<team>/`): lowercase letters, digits and dashes, 1 to
/// 63 of them, as the invite command accepts.
pub fn is_team_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
}

/// The folder a team shares.
pub fn team_prefix(team: &str) -> String {
    format!("teams/{team}/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn decode(value: Value) -> IdTokenClaims {
        let base = json!({"iss": "i", "aud": "a", "sub": "u", "exp": 2, "iat": 1});
        let mut claims = base;
        claims
            .as_object_mut()
            .unwrap()
            .extend(value.as_object().unwrap().clone());
        serde_json::from_value(claims).unwrap()
    }

    fn claims(principal_tags: Value) -> IdTokenClaims {
        decode(json!({ TAGS_CLAIM: { "principal_tags": principal_tags } }))
    }

    // What the invite command writes, read back: a member of team alpha, read-only.
    #[test]
    fn reads_the_invitation_tags() {
        let membership = Membership::from_claims(&claims(json!({
            "firebridge": ["member"], "team": ["alpha"], "access": ["read"]
        })));
        assert_eq!(
            membership,
            Membership {
                member: true,
                team: Some("alpha".into()),
                read_only: true
            }
        );
    }

    // Recorded from the Auth emulator: the seeded alice, invited by dev/invite.mjs into team
    // demo. The claim arrives in the ID token exactly as STS reads it.
    #[test]
    fn reads_a_recorded_invited_token() {
        let body: Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/firebase/sign_in_with_email_link.json"
        ))
        .unwrap();
        let token = body["idToken"].as_str().unwrap();
        let claims = crate::auth::jwt::decode_claims(token).unwrap();
        assert_eq!(
            Membership::from_claims(&claims),
            Membership {
                member: true,
                team: Some("demo".into()),
                read_only: false
            }
        );
    }

    // A self-created account has no such claim; a tag of another shape counts for nothing (STS
    // would refuse it anyway).
    #[test]
    fn anything_else_is_no_invitation() {
        assert_eq!(
            Membership::from_claims(&decode(json!({}))),
            Membership::default()
        );
        for tags in [
            json!({"firebridge": "member"}),
            json!({"firebridge": ["member", "member"]}),
            json!({"firebridge": ["guest"]}),
        ] {
            assert!(
                !Membership::from_claims(&claims(tags.clone())).member,
                "{tags}"
            );
        }
        let odd_team =
            Membership::from_claims(&claims(json!({"firebridge": ["member"], "team": ["../x"]})));
        assert_eq!(odd_team.team, None);
    }

    // A claim of an odd shape is no invitation, and breaks nothing else in the token.
    #[test]
    fn an_odd_claim_leaves_the_rest_of_the_token_readable() {
        for odd in [
            json!("member"),
            json!([1, 2]),
            json!({"a": "b"}),
            json!(null),
            json!(["member", 7]),
        ] {
            let claims = claims(json!({"firebridge": odd.clone(), "team": odd.clone()}));
            assert_eq!(claims.sub, "u");
            assert_eq!(
                Membership::from_claims(&claims),
                Membership::default(),
                "{odd}"
            );
        }
    }

    // Team names are folder names: nothing that could climb out of teams/.
    #[test]
    fn team_names_are_plain_folder_names() {
        for good in ["alpha", "team-7", "x"] {
            assert!(is_team_name(good), "{good}");
        }
        for bad in ["", "Alpha", "a/b", "..", "-x", "a b", &"x".repeat(64)] {
            assert!(!is_team_name(bad), "{bad}");
        }
        assert_eq!(team_prefix("alpha"), "teams/alpha/");
    }
}
