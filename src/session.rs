//! The session as a state machine: SignedOut -> LinkSent -> SignedIn -> Credentialed.
//! `step` is pure; the services persist the result (sessionStorage) and the UI renders it.

use crate::auth::FirebaseUser;
use crate::aws::sts::AssumedRole;
use crate::aws::AwsCredentials;
use crate::time::UnixSeconds;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Session {
    SignedOut,
    /// A sign-in link was sent to `email`; waiting for the user to open it.
    LinkSent {
        email: String,
    },
    /// Firebase knows the user; no AWS credentials yet (or they expired).
    SignedIn {
        user: FirebaseUser,
    },
    Credentialed {
        user: FirebaseUser,
        credentials: AwsCredentials,
        assumed_role_arn: String,
    },
}

#[derive(Clone, Debug)]
pub enum Event {
    LinkSent {
        email: String,
    },
    SignedIn(FirebaseUser),
    CredentialsIssued(AssumedRole),
    /// New Firebase tokens for the same user; AWS credentials stay as they are.
    TokenRefreshed(FirebaseUser),
    /// AWS refused the credentials (expired, or unknown to it): they go, the sign-in stays.
    CredentialsRefused,
    SignedOut,
}

pub fn step(state: Session, event: Event, now: UnixSeconds) -> Session {
    match (state, event) {
        (_, Event::SignedOut) => Session::SignedOut,
        (state, Event::CredentialsRefused) => state.without_credentials(),
        (_, Event::LinkSent { email }) => Session::LinkSent { email },
        (_, Event::SignedIn(user)) => Session::SignedIn { user }.resume(now),
        (
            Session::SignedIn { user } | Session::Credentialed { user, .. },
            Event::CredentialsIssued(role),
        ) => Session::Credentialed {
            user,
            credentials: role.credentials,
            assumed_role_arn: role.assumed_role_arn,
        }
        .resume(now),
        // Credentials for nobody (a late answer after sign-out) are dropped.
        (state, Event::CredentialsIssued(_)) => state,
        (Session::SignedIn { user }, Event::TokenRefreshed(fresh)) if user.uid == fresh.uid => {
            Session::SignedIn { user: fresh }
        }
        (
            Session::Credentialed {
                user,
                credentials,
                assumed_role_arn,
            },
            Event::TokenRefreshed(fresh),
        ) if user.uid == fresh.uid => Session::Credentialed {
            user: fresh,
            credentials,
            assumed_role_arn,
        },
        // Tokens for someone else (signed out and in again meanwhile) are dropped.
        (state, Event::TokenRefreshed(_)) => state,
    }
}

impl Session {
    /// What is still usable at `now`, e.g. after a reload: stale credentials are dropped (new
    /// ones come from STS). The user stays signed in even with an expired ID token: the
    /// refresh token gets a new one, and only Firebase refusing it ends the session.
    pub fn resume(self, now: UnixSeconds) -> Session {
        match self {
            Session::Credentialed {
                ref credentials, ..
            } if credentials.is_fresh(now) => self,
            Session::Credentialed { user, .. } => Session::SignedIn { user },
            other => other,
        }
    }

    /// The same sign-in without AWS credentials: what is kept once AWS refused them.
    fn without_credentials(self) -> Session {
        match self {
            Session::Credentialed { user, .. } => Session::SignedIn { user },
            other => other,
        }
    }

    pub fn user(&self) -> Option<&FirebaseUser> {
        match self {
            Session::SignedIn { user } | Session::Credentialed { user, .. } => Some(user),
            Session::SignedOut | Session::LinkSent { .. } => None,
        }
    }

    pub fn credentials(&self) -> Option<&AwsCredentials> {
        match self {
            Session::Credentialed { credentials, .. } => Some(credentials),
            _ => None,
        }
    }

    /// A session stored or sent as JSON (sessionStorage, another tab); `None` if it is not one.
    pub fn from_json(text: &str) -> Option<Session> {
        serde_json::from_str(text).ok()
    }

    /// Only these states are worth keeping in sessionStorage.
    pub fn is_signed_in(&self) -> bool {
        self.user().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    const NOW: UnixSeconds = 1_800_000_000;

    fn user(expires_at: UnixSeconds) -> FirebaseUser {
        FirebaseUser {
            uid: "uid1".into(),
            email: "a@example.com".into(),
            id_token: Secret::new("h.p.s"),
            refresh_token: Secret::new("r"),
            expires_at,
            is_new_user: false,
            membership: Default::default(),
            method: None,
        }
    }

    fn role(expires_at: UnixSeconds) -> AssumedRole {
        AssumedRole {
            credentials: AwsCredentials {
                access_key_id: "ASIA1".into(),
                secret_access_key: Secret::new("s"),
                session_token: Secret::new("t"),
                issued_at: 0,
                expires_at,
            },
            assumed_role_arn: "arn:aws:sts::123456789012:assumed-role/web/x".into(),
            subject: "uid1".into(),
        }
    }

    // The happy path a user walks: send link, open it, get credentials.
    #[test]
    fn walks_from_signed_out_to_credentialed() {
        let s = step(
            Session::SignedOut,
            Event::LinkSent {
                email: "a@example.com".into(),
            },
            NOW,
        );
        assert_eq!(
            s,
            Session::LinkSent {
                email: "a@example.com".into()
            }
        );
        let s = step(s, Event::SignedIn(user(NOW + 3600)), NOW);
        assert!(matches!(s, Session::SignedIn { .. }));
        let s = step(s, Event::CredentialsIssued(role(NOW + 3600)), NOW);
        assert_eq!(s.credentials().unwrap().access_key_id, "ASIA1");
        assert_eq!(step(s, Event::SignedOut, NOW), Session::SignedOut);
    }

    // A panic message or a log line that prints the whole session (Debug) shows no secret.
    #[test]
    fn debug_of_a_session_holds_no_secret() {
        let s = step(
            Session::SignedIn {
                user: user(NOW + 3600),
            },
            Event::CredentialsIssued(role(NOW + 3600)),
            NOW,
        );
        let printed = format!("{s:?} {:#?}", s.credentials());
        for secret in ["h.p.s", "\"r\"", "\"s\"", "\"t\""] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(
            printed.contains("ASIA1"),
            "the key id is not secret and helps support"
        );
    }

    // Credentials AWS refused are forgotten, the sign-in kept (new ones may still come).
    #[test]
    fn refused_credentials_are_dropped_and_the_user_kept() {
        let signed_in = Session::SignedIn {
            user: user(NOW + 3600),
        };
        let s = step(
            signed_in.clone(),
            Event::CredentialsIssued(role(NOW + 3600)),
            NOW,
        );
        assert_eq!(step(s, Event::CredentialsRefused, NOW), signed_in);
        let signed_out = step(Session::SignedOut, Event::CredentialsRefused, NOW);
        assert_eq!(signed_out, Session::SignedOut);
    }

    // A reload within the session must reuse fresh credentials: no Firebase or STS request.
    #[test]
    fn resume_keeps_fresh_credentials() {
        let s = step(
            Session::SignedIn {
                user: user(NOW + 3600),
            },
            Event::CredentialsIssued(role(NOW + 3600)),
            NOW,
        );
        assert_eq!(s.clone().resume(NOW + 60), s);
    }

    // Credentials near expiry are dropped for new ones; an expired ID token does not sign the
    // user out (a laptop waking from sleep refreshes it first).
    #[test]
    fn resume_drops_stale_credentials_but_keeps_the_user() {
        let s = step(
            Session::SignedIn {
                user: user(NOW + 3600),
            },
            Event::CredentialsIssued(role(NOW + 600)),
            NOW,
        );
        assert!(matches!(
            s.clone().resume(NOW + 400),
            Session::SignedIn { .. }
        ));
        assert!(matches!(s.resume(NOW + 7200), Session::SignedIn { .. }));
    }

    // A refresh replaces the tokens and keeps the AWS credentials: no new STS call needed.
    #[test]
    fn token_refresh_keeps_credentials() {
        let s = step(
            Session::SignedIn {
                user: user(NOW + 100),
            },
            Event::CredentialsIssued(role(NOW + 3600)),
            NOW,
        );
        let s = step(s, Event::TokenRefreshed(user(NOW + 3600)), NOW);
        assert_eq!(s.user().unwrap().expires_at, NOW + 3600);
        assert_eq!(s.credentials().unwrap().access_key_id, "ASIA1");
    }

    // A refresh that lands after sign-out, or for another user, changes nothing.
    #[test]
    fn stray_refreshes_are_dropped() {
        assert_eq!(
            step(
                Session::SignedOut,
                Event::TokenRefreshed(user(NOW + 3600)),
                NOW
            ),
            Session::SignedOut
        );
        let mut other = user(NOW + 3600);
        other.uid = "someone-else".into();
        let s = Session::SignedIn {
            user: user(NOW + 600),
        };
        assert_eq!(step(s.clone(), Event::TokenRefreshed(other), NOW), s);
    }

    // An STS answer arriving after sign-out must not sign the user back in.
    #[test]
    fn late_credentials_after_sign_out_are_dropped() {
        assert_eq!(
            step(
                Session::SignedOut,
                Event::CredentialsIssued(role(NOW + 3600)),
                NOW
            ),
            Session::SignedOut
        );
    }

    // A reload and another tab bring the session back from its JSON, secrets included; what is
    // not a session (another app's key, a truncated write) is no session at all.
    #[test]
    fn a_session_reads_back_from_its_json() {
        let session = step(
            Session::SignedIn {
                user: user(NOW + 3600),
            },
            Event::CredentialsIssued(role(NOW + 3600)),
            NOW,
        );
        let json = serde_json::to_string(&session).unwrap();
        assert_eq!(Session::from_json(&json), Some(session));
        for garbage in ["", "{", "null", "\"SignedIn\"", &json[..json.len() - 1]] {
            assert_eq!(Session::from_json(garbage), None, "{garbage}");
        }
    }
}
