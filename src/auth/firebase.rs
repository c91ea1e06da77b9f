//! Identity Toolkit (`accounts:*`) requests and the answers they get.

use crate::auth::jwt::{decode_claims, IdTokenClaims};
use crate::auth::membership::Membership;
use crate::config::FirebaseConfig;
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse, Method};
use crate::i18n::APP;
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
    /// What the ID token says of the user's invitation (its session tags), read when the token
    /// arrives (so the page's header needs no token decoding). Absent in sessions stored before
    /// it was kept: the next token refresh fills it in.
    #[serde(default)]
    pub membership: Membership,
    /// How the user signed in. The token cannot say: Firebase names an email link the
    /// `password` provider too. Absent in sessions stored before it was kept.
    #[serde(default)]
    pub method: Option<SignInMethod>,
}

/// The ways a user signs in to Firebridge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignInMethod {
    EmailLink,
    Password,
}

/// An ID token this close to its `exp` is refreshed before it is offered to STS.
const ID_TOKEN_MARGIN_SECS: u64 = 60;

impl FirebaseUser {
    /// The ID token will still be accepted a minute from `now`.
    pub fn id_token_usable(&self, now: UnixSeconds) -> bool {
        now + ID_TOKEN_MARGIN_SECS < self.expires_at
    }

    pub fn claims(&self) -> Option<IdTokenClaims> {
        decode_claims(self.id_token.expose()).ok()
    }

    /// What the ID token says of the user's invitation (its session tags).
    pub fn membership(&self) -> Membership {
        self.membership.clone()
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
    /// The project does not let this address in: invite-only mode, sign-up disabled, or a
    /// blocking function refusing new accounts.
    NotInvited,
    /// Email/password sign-in with a wrong password or an unknown address (never says which).
    WrongCredentials,
    /// The refresh token was revoked or expired, or the account was deleted: sign in again.
    SessionEnded,
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
        let key = match self {
            AuthError::LinkInvalid => "app.auth-link-invalid",
            AuthError::LinkExpired => "app.auth-link-expired",
            AuthError::EmailMismatchOrInvalid => "app.auth-email-mismatch",
            AuthError::UserDisabled => "app.auth-user-disabled",
            AuthError::TooManyAttempts => "app.auth-too-many-attempts",
            AuthError::ProviderDisabled => "app.auth-provider-disabled",
            AuthError::UnauthorizedDomain => "app.auth-unauthorized-domain",
            AuthError::InvalidApiKey => "app.auth-invalid-api-key",
            AuthError::QuotaExceeded => "app.auth-quota-exceeded",
            AuthError::NotInvited => "app.auth-not-invited",
            AuthError::WrongCredentials => "app.auth-wrong-credentials",
            AuthError::SessionEnded => "app.auth-session-ended",
            AuthError::Network(_) => "app.auth-offline",
            AuthError::Unexpected { status, code } => {
                let status = status.to_string();
                let values = [("status", status.as_str()), ("code", code.as_str())];
                return f.write_str(&APP.tf("app.auth-unexpected", &values));
            }
        };
        f.write_str(&APP.t(key))
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
    /// Seconds the ID token lives ("3600").
    #[serde(default)]
    expires_in: Option<String>,
}

/// The user, with the token's expiry measured on this device's clock from `now` (the answer's
/// `expiresIn`): a device clock hours off must not make a fresh token look expired.
/// The method is the caller's to set: the answer does not say it.
pub fn parse_sign_in(response: &HttpResponse, now: UnixSeconds) -> Result<FirebaseUser, AuthError> {
    let body: SignInBody = serde_json::from_slice(check(response)?)
        .map_err(|_| unexpected(response, "MALFORMED_RESPONSE"))?;
    let claims =
        decode_claims(&body.id_token).map_err(|_| unexpected(response, "MALFORMED_ID_TOKEN"))?;
    let membership = Membership::from_claims(&claims);
    Ok(FirebaseUser {
        expires_at: now + lifetime(body.expires_in.as_deref(), &claims),
        email: body.email.or(claims.email).unwrap_or_default(),
        uid: body.local_id,
        id_token: Secret::new(body.id_token),
        refresh_token: Secret::new(body.refresh_token),
        is_new_user: body.is_new_user,
        membership,
        method: None,
    })
}

pub fn sign_in_with_password_request(
    config: &FirebaseConfig,
    email: &str,
    password: &Secret,
) -> HttpRequest {
    post(
        config,
        "accounts:signInWithPassword",
        &json!({ "email": email, "password": password.expose(), "returnSecureToken": true }),
    )
}

/// `accounts:signUp`: what anyone holding the public API key can call. The app never does; the
/// doctor does, to check that such an account gets nothing (answered as a sign-in is).
pub fn sign_up_request(config: &FirebaseConfig, email: &str, password: &Secret) -> HttpRequest {
    post(
        config,
        "accounts:signUp",
        &json!({ "email": email, "password": password.expose(), "returnSecureToken": true }),
    )
}

pub fn send_password_reset_request(config: &FirebaseConfig, email: &str) -> HttpRequest {
    post(
        config,
        "accounts:sendOobCode",
        &json!({ "requestType": "PASSWORD_RESET", "email": email }),
    )
}

/// An unknown address is answered like a known one, so the page never tells who has an
/// account (production projects with enumeration protection do the same).
pub fn parse_password_reset(response: &HttpResponse) -> Result<(), AuthError> {
    match check(response) {
        Ok(_) | Err(AuthError::WrongCredentials) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Exchanges the refresh token for a new ID token (securetoken, a form POST).
pub fn refresh_request(config: &FirebaseConfig, refresh_token: &Secret) -> HttpRequest {
    let url = format!(
        "{}/v1/token?key={}",
        config.secure_token_url,
        encode_rfc3986(&config.api_key)
    );
    HttpRequest::new(Method::Post, url).form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.expose()),
    ])
}

#[derive(Deserialize)]
struct RefreshBody {
    id_token: String,
    refresh_token: String,
    #[serde(default)]
    expires_in: Option<String>,
}

/// Seconds a token lives: the answer's `expires_in`, else the token's own `exp - iat`.
fn lifetime(expires_in: Option<&str>, claims: &crate::auth::jwt::IdTokenClaims) -> u64 {
    expires_in
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| claims.exp.saturating_sub(claims.iat))
}

/// The same user with fresh tokens (expiry on this device's clock, as in `parse_sign_in`).
pub fn parse_refresh(
    response: &HttpResponse,
    user: &FirebaseUser,
    now: UnixSeconds,
) -> Result<FirebaseUser, AuthError> {
    let body: RefreshBody = serde_json::from_slice(check(response)?)
        .map_err(|_| unexpected(response, "MALFORMED_RESPONSE"))?;
    let claims =
        decode_claims(&body.id_token).map_err(|_| unexpected(response, "MALFORMED_ID_TOKEN"))?;
    Ok(FirebaseUser {
        id_token: Secret::new(body.id_token),
        expires_at: now + lifetime(body.expires_in.as_deref(), &claims),
        refresh_token: Secret::new(body.refresh_token),
        membership: Membership::from_claims(&claims),
        ..user.clone()
    })
}

/// Deletes the signed-in user's own account (invite-only mode removes self-created accounts).
pub fn delete_account_request(config: &FirebaseConfig, id_token: &Secret) -> HttpRequest {
    post(
        config,
        "accounts:delete",
        &json!({ "idToken": id_token.expose() }),
    )
}

pub fn parse_delete_account(response: &HttpResponse) -> Result<(), AuthError> {
    check(response).map(|_| ())
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
        "ADMIN_ONLY_OPERATION" | "BLOCKING_FUNCTION_ERROR_RESPONSE" => AuthError::NotInvited,
        "INVALID_PASSWORD" | "EMAIL_NOT_FOUND" | "INVALID_LOGIN_CREDENTIALS" => {
            AuthError::WrongCredentials
        }
        "INVALID_REFRESH_TOKEN"
        | "TOKEN_EXPIRED"
        | "USER_NOT_FOUND"
        | "INVALID_ID_TOKEN"
        | "CREDENTIAL_TOO_OLD_LOGIN_AGAIN" => AuthError::SessionEnded,
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

    /// A device clock unrelated to the recorded tokens' times, as on a device hours off.
    const NOW: UnixSeconds = 1_000_000;

    fn config() -> FirebaseConfig {
        AppConfig::local().firebase
    }

    /// An answer recorded from the emulator (or documented), from tests/fixtures/firebase/.
    fn recorded(status: u16, file: &str) -> HttpResponse {
        let body = std::fs::read(format!("tests/fixtures/firebase/{file}")).unwrap();
        HttpResponse::new(status, body)
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
        let response = recorded(200, "send_oob_code.json");
        assert_eq!(parse_send_sign_in_link(&response), Ok(()));
    }

    // Recorded from the emulator: a full sign-in answer becomes a user with the token's expiry.
    #[test]
    fn sign_in_success_recorded() {
        let response = recorded(200, "sign_in_with_email_link.json");
        let user = parse_sign_in(&response, NOW).unwrap();
        assert_eq!(user.email, "alice@example.com");
        assert_eq!(Some(user.uid.clone()), user.claims().map(|c| c.sub));
        assert_eq!(
            user.expires_at,
            NOW + 3600,
            "expiresIn, on this device's clock"
        );
        assert!(!user.is_new_user);
    }

    // Each recorded error body maps to the sentence the user needs.
    #[test]
    fn recorded_errors_map_to_user_errors() {
        let cases = [
            ("invalid_oob_code.json", AuthError::LinkInvalid),
            ("invalid_email.json", AuthError::EmailMismatchOrInvalid),
            ("invalid_password.json", AuthError::WrongCredentials),
            ("email_not_found.json", AuthError::WrongCredentials),
            ("invalid_refresh_token.json", AuthError::SessionEnded),
            ("user_disabled.json", AuthError::UserDisabled),
            ("blocking_function_error.json", AuthError::NotInvited),
            (
                "documented/invalid_login_credentials.json",
                AuthError::WrongCredentials,
            ),
            (
                "documented/admin_only_operation.json",
                AuthError::NotInvited,
            ),
            ("documented/api_key_invalid.json", AuthError::InvalidApiKey),
            (
                "documented/too_many_attempts.json",
                AuthError::TooManyAttempts,
            ),
            ("documented/quota_exceeded.json", AuthError::QuotaExceeded),
            (
                "documented/operation_not_allowed.json",
                AuthError::ProviderDisabled,
            ),
            (
                "documented/unauthorized_domain.json",
                AuthError::UnauthorizedDomain,
            ),
            ("documented/token_expired.json", AuthError::SessionEnded),
            ("documented/expired_oob_code.json", AuthError::LinkExpired),
            (
                "documented/invalid_continue_uri.json",
                AuthError::UnauthorizedDomain,
            ),
        ];
        for (file, expected) in cases {
            assert_eq!(error_from(&recorded(400, file)), expected, "{file}");
        }
    }

    // Recorded from the emulator: a password sign-in gives a full user, not a new one.
    #[test]
    fn password_sign_in_recorded() {
        let response = recorded(200, "sign_in_with_password.json");
        let user = parse_sign_in(&response, NOW).unwrap();
        assert_eq!(user.email, "carol@example.com");
        assert!(!user.is_new_user);
        let request = sign_in_with_password_request(&config(), "c@example.com", &Secret::new("pw"));
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["returnSecureToken"], true);
    }

    // Recorded: a sign-in that created the account says so (invite-only mode acts on it).
    #[test]
    fn new_user_is_flagged() {
        let response = recorded(200, "sign_in_new_user.json");
        assert!(parse_sign_in(&response, NOW).unwrap().is_new_user);
        let deleted = recorded(200, "delete_account.json");
        assert_eq!(parse_delete_account(&deleted), Ok(()));
    }

    // Recorded securetoken answer (snake_case): new tokens and expiry, same user.
    #[test]
    fn refresh_recorded() {
        let signed_in = parse_sign_in(&recorded(200, "sign_in_with_password.json"), NOW).unwrap();
        let response = recorded(200, "refresh_token.json");
        let refreshed = parse_refresh(&response, &signed_in, NOW + 60).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(refreshed.uid, signed_in.uid);
        assert_eq!(refreshed.email, signed_in.email);
        assert_eq!(refreshed.id_token.expose(), body["id_token"]);
        assert_eq!(refreshed.refresh_token.expose(), body["refresh_token"]);
        assert_eq!(refreshed.expires_at, NOW + 60 + 3600);
        let request = refresh_request(&config(), &signed_in.refresh_token);
        assert!(request
            .url
            .starts_with("http://127.0.0.1:9099/securetoken.googleapis.com/v1/token?key="));
        assert!(String::from_utf8(request.body)
            .unwrap()
            .starts_with("grant_type=refresh_token&refresh_token="));
    }

    // A reset for an unknown address must look the same as for a known one.
    #[test]
    fn password_reset_never_reveals_whether_an_account_exists() {
        let sent = recorded(200, "send_password_reset.json");
        assert_eq!(parse_password_reset(&sent), Ok(()));
        let unknown = recorded(400, "email_not_found.json");
        assert_eq!(parse_password_reset(&unknown), Ok(()));
        let throttled = recorded(400, "documented/too_many_attempts.json");
        assert_eq!(
            parse_password_reset(&throttled),
            Err(AuthError::TooManyAttempts)
        );
    }

    // Production appends detail after " : "; the code is what matters.
    #[test]
    fn codes_with_detail_and_unknown_codes() {
        let body =
            r#"{"error":{"code":400,"message":"TOO_MANY_ATTEMPTS_TRY_LATER : Try again later."}}"#;
        assert_eq!(error_from(&fixture(400, body)), AuthError::TooManyAttempts);
        let body = r#"{"error":{"code":400,"message":"SOMETHING_NEW"}}"#;
        let error = error_from(&fixture(400, body));
        assert!(error.to_string().contains("SOMETHING_NEW"));
        assert!(matches!(
            error_from(&fixture(502, "<html>Bad gateway</html>")),
            AuthError::Unexpected { status: 502, .. }
        ));
    }
}
