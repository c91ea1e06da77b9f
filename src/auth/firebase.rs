//! Identity Toolkit (`accounts:*`) requests and the answers they get.

use crate::auth::jwt::{decode_claims, IdTokenClaims};
use crate::config::FirebaseConfig;
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse, Method};
use crate::secret::Secret;
use crate::time::UnixSeconds;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::fmt;

/// A signed-in Firebase user, as kept in sessionStorage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirebaseUser {
    pub uid: String,
    pub email: String,
    pub id_token: Secret,
    pub refresh_token: Secret,
    /// When the ID token stops being accepted (its `exp`).
    pub expires_at: UnixSeconds,
    /// Whether this sign-in created the account.
    pub is_new_user: bool,
}

impl FirebaseUser {
    pub fn claims(&self) -> Option<IdTokenClaims> {
        decode_claims(self.id_token.expose()).ok()
    }
}

/// Everything that can go wrong talking to Firebase Auth, named after what the user did or
/// what is misconfigured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The sign-in link was already used, or was mangled.
    LinkInvalid,
    LinkExpired,
    /// The email typed does not match the one the link was sent to, or is not an address.
    EmailMismatchOrInvalid,
    UserDisabled,
    TooManyAttempts,
    /// Email-link sign-in is switched off in the Firebase console.
    ProviderDisabled,
    /// This site's domain is not in the project's authorized domains.
    UnauthorizedDomain,
    InvalidApiKey,
    QuotaExceeded,
    /// The project does not allow new accounts (invite-only or a blocking function).
    SignUpNotAllowed,
    /// The browser could not reach Firebase.
    Network(String),
    /// An answer we did not expect; carries the code for support.
    Unexpected {
        status: u16,
        code: String,
    },
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            AuthError::LinkInvalid => "This sign-in link has already been used or is incomplete. Send yourself a new link.",
            AuthError::LinkExpired => "This sign-in link has expired. Send yourself a new link.",
            AuthError::EmailMismatchOrInvalid => "That email address does not match the one this link was sent to. Check it, or send a new link to the right address.",
            AuthError::UserDisabled => "This account has been disabled. Contact the site's administrator.",
            AuthError::TooManyAttempts => "Too many attempts from this device. Wait a few minutes, then try again.",
            AuthError::ProviderDisabled => "Email-link sign-in is not enabled for this Firebase project. The administrator must enable it in the Firebase console (Authentication > Sign-in method).",
            AuthError::UnauthorizedDomain => "This site is not an authorized domain of the Firebase project. The administrator must add it in the Firebase console (Authentication > Settings > Authorized domains).",
            AuthError::InvalidApiKey => "Firebase rejected the API key in config.json. Copy the Web API key from the Firebase console (Project settings).",
            AuthError::QuotaExceeded => "The project has sent too many sign-in emails today. Try again later.",
            AuthError::SignUpNotAllowed => "This address has not been invited. Ask the site's administrator for an invitation.",
            AuthError::Network(_) => "Could not reach Firebase. Check your connection and try again; if it persists, the Firebase endpoint in config.json may be wrong.",
            AuthError::Unexpected { status, code } => {
                return write!(f, "Firebase answered with an unexpected error ({status} {code}). Try again; if it persists, contact the site's administrator.");
            }
        };
        f.write_str(text)
    }
}

pub fn send_sign_in_link_request(
    config: &FirebaseConfig,
    email: &str,
    continue_url: &str,
) -> HttpRequest {
    post(
        config,
        "accounts:sendOobCode",
        &json!({
            "requestType": "EMAIL_SIGNIN",
            "email": email,
            "continueUrl": continue_url,
            "canHandleCodeInApp": true,
        }),
    )
}

pub fn parse_send_sign_in_link(response: &HttpResponse) -> Result<(), AuthError> {
    check(response).map(|_| ())
}

pub fn sign_in_with_email_link_request(
    config: &FirebaseConfig,
    email: &str,
    oob_code: &str,
) -> HttpRequest {
    post(
        config,
        "accounts:signInWithEmailLink",
        &json!({ "email": email, "oobCode": oob_code }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignInBody {
    id_token: String,
    refresh_token: String,
    local_id: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    is_new_user: bool,
}

pub fn parse_sign_in(response: &HttpResponse) -> Result<FirebaseUser, AuthError> {
    let body: SignInBody = serde_json::from_slice(check(response)?)
        .map_err(|_| unexpected(response, "MALFORMED_RESPONSE"))?;
    let claims =
        decode_claims(&body.id_token).map_err(|_| unexpected(response, "MALFORMED_ID_TOKEN"))?;
    Ok(FirebaseUser {
        email: body.email.or(claims.email).unwrap_or_default(),
        uid: body.local_id,
        id_token: Secret::new(body.id_token),
        refresh_token: Secret::new(body.refresh_token),
        expires_at: claims.exp,
        is_new_user: body.is_new_user,
    })
}

fn post(config: &FirebaseConfig, method: &str, body: &serde_json::Value) -> HttpRequest {
    let url = format!(
        "{}/v1/{method}?key={}",
        config.identity_toolkit_url,
        encode_rfc3986(&config.api_key)
    );
    HttpRequest::new(Method::Post, url).json(body)
}

/// The body of a successful answer, or the error it carries.
fn check(response: &HttpResponse) -> Result<&[u8], AuthError> {
    if response.is_success() {
        Ok(&response.body)
    } else {
        Err(error_from(response))
    }
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    message: String,
}

/// Maps Identity Toolkit's `{"error": {"message": "CODE : detail"}}` to what the user can do.
pub fn error_from(response: &HttpResponse) -> AuthError {
    let Ok(envelope) = serde_json::from_slice::<ErrorEnvelope>(&response.body) else {
        return unexpected(response, "NON_JSON_ERROR");
    };
    let code = envelope
        .error
        .message
        .split([' ', ':'])
        .next()
        .unwrap_or_default()
        .to_string();
    match code.as_str() {
        "INVALID_OOB_CODE" => AuthError::LinkInvalid,
        "EXPIRED_OOB_CODE" => AuthError::LinkExpired,
        "INVALID_EMAIL" | "MISSING_EMAIL" => AuthError::EmailMismatchOrInvalid,
        "USER_DISABLED" => AuthError::UserDisabled,
        "TOO_MANY_ATTEMPTS_TRY_LATER" => AuthError::TooManyAttempts,
        "OPERATION_NOT_ALLOWED" => AuthError::ProviderDisabled,
        "UNAUTHORIZED_DOMAIN" | "INVALID_CONTINUE_URI" | "UNAUTHORIZED_CONTINUE_URI" => {
            AuthError::UnauthorizedDomain
        }
        "QUOTA_EXCEEDED" => AuthError::QuotaExceeded,
        "ADMIN_ONLY_OPERATION" | "BLOCKING_FUNCTION_ERROR_RESPONSE" => AuthError::SignUpNotAllowed,
        _ if envelope.error.message.contains("API key not valid") || code == "API_KEY_INVALID" => {
            AuthError::InvalidApiKey
        }
        _ => AuthError::Unexpected {
            status: response.status,
            code,
        },
    }
}

fn unexpected(response: &HttpResponse, code: &str) -> AuthError {
    AuthError::Unexpected {
        status: response.status,
        code: code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn config() -> FirebaseConfig {
        AppConfig::from_json(include_str!("../../public/config.json"))
            .unwrap()
            .firebase
    }

    fn fixture(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.as_bytes().to_vec())
    }

    // The request shape is what the emulator and production both expect; canHandleCodeInApp
    // is mandatory for EMAIL_SIGNIN.
    #[test]
    fn send_link_request_shape() {
        let request =
            send_sign_in_link_request(&config(), "a@example.com", "http://localhost:8080/login");
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url,
            "http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1/accounts:sendOobCode?key=fake-api-key"
        );
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["requestType"], "EMAIL_SIGNIN");
        assert_eq!(body["continueUrl"], "http://localhost:8080/login");
        assert_eq!(body["canHandleCodeInApp"], true);
    }

    // Recorded from the emulator: the success body of sendOobCode.
    #[test]
    fn send_link_success_recorded() {
        let response = fixture(
            200,
            include_str!("../../tests/fixtures/firebase/send_oob_code.json"),
        );
        assert_eq!(parse_send_sign_in_link(&response), Ok(()));
    }

    // Recorded from the emulator: a full sign-in answer becomes a user with the token's expiry.
    #[test]
    fn sign_in_success_recorded() {
        let response = fixture(
            200,
            include_str!("../../tests/fixtures/firebase/sign_in_with_email_link.json"),
        );
        let user = parse_sign_in(&response).unwrap();
        assert_eq!(user.email, "alice@example.com");
        assert_eq!(Some(user.uid.clone()), user.claims().map(|c| c.sub));
        assert!(user.expires_at > 1_700_000_000);
        assert!(!user.is_new_user);
    }

    // Each recorded error body maps to the sentence the user needs.
    #[test]
    fn recorded_errors_map_to_user_errors() {
        let cases = [
            ("invalid_oob_code.json", AuthError::LinkInvalid),
            ("invalid_email.json", AuthError::EmailMismatchOrInvalid),
        ];
        for (file, expected) in cases {
            let body = std::fs::read_to_string(format!("tests/fixtures/firebase/{file}")).unwrap();
            assert_eq!(error_from(&fixture(400, &body)), expected, "{file}");
        }
    }

    // Production appends detail after " : "; the code is what matters.
    #[test]
    fn codes_with_detail_and_unknown_codes() {
        let body =
            r#"{"error":{"code":400,"message":"TOO_MANY_ATTEMPTS_TRY_LATER : Try again later."}}"#;
        assert_eq!(error_from(&fixture(400, body)), AuthError::TooManyAttempts);
        let body = r#"{"error":{"code":400,"message":"ADMIN_ONLY_OPERATION"}}"#;
        assert_eq!(error_from(&fixture(400, body)), AuthError::SignUpNotAllowed);
        let body = r#"{"error":{"code":400,"message":"SOMETHING_NEW"}}"#;
        let error = error_from(&fixture(400, body));
        assert!(error.to_string().contains("SOMETHING_NEW"));
        assert!(matches!(
            error_from(&fixture(502, "<html>Bad gateway</html>")),
            AuthError::Unexpected { status: 502, .. }
        ));
    }
}
