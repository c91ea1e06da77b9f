//! Sign-in against Firebase Auth: email links, passwords, token refresh, invite-only mode.

use crate::auth::email_link;
use crate::auth::firebase::{self, AuthError, FirebaseUser};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::HttpRequest;
use crate::platform::{clock, http, location, storage};
use crate::route::Route;
use crate::secret::Secret;
use crate::single_flight::SingleFlight;

/// Sends a sign-in link to `email` and remembers the address on this device, so opening the
/// link here needs no retyping. The link brings the user to `next` once signed in.
pub async fn send_sign_in_link(
    config: &AppConfig,
    email: &str,
    next: Route,
) -> Result<(), AppError> {
    let continue_url = email_link::continue_url(&location::base_url(), next.as_next());
    let request = firebase::send_sign_in_link_request(&config.firebase, email, &continue_url);
    firebase::parse_send_sign_in_link(&http::send(request).await?)?;
    storage::local_set(storage::EMAIL_FOR_SIGN_IN_KEY, &email);
    Ok(())
}

/// The address a link was sent to from this device, if any.
pub fn remembered_email() -> Option<String> {
    storage::local_get(storage::EMAIL_FOR_SIGN_IN_KEY)
}

/// Completes a sign-in link. The code is spent only here, once the email is known.
pub async fn complete_sign_in_link(
    config: &AppConfig,
    email: &str,
    oob_code: &str,
) -> Result<FirebaseUser, AppError> {
    let request = firebase::sign_in_with_email_link_request(&config.firebase, email, oob_code);
    let result = sign_in(config, request).await;
    if !matches!(result, Err(AppError::Network(_))) {
        // Spent or refused, the link is done with: forget the address it was sent to.
        storage::local_remove(storage::EMAIL_FOR_SIGN_IN_KEY);
    }
    result
}

pub async fn sign_in_with_password(
    config: &AppConfig,
    email: &str,
    password: &Secret,
) -> Result<FirebaseUser, AppError> {
    let request = firebase::sign_in_with_password_request(&config.firebase, email, password);
    sign_in(config, request).await
}

/// Sends a password-reset email. Says the same whether or not the address has an account.
pub async fn send_password_reset(config: &AppConfig, email: &str) -> Result<(), AppError> {
    let request = firebase::send_password_reset_request(&config.firebase, email);
    Ok(firebase::parse_password_reset(&http::send(request).await?)?)
}

thread_local! {
    static REFRESHES: SingleFlight<Result<FirebaseUser, AppError>> = SingleFlight::default();
}

/// New tokens for `user` from its refresh token. The background refresh and a request that
/// finds the ID token expired at the same moment (a tab waking up) make one call between them.
pub async fn refresh(config: &AppConfig, user: &FirebaseUser) -> Result<FirebaseUser, AppError> {
    let (config, user) = (config.clone(), user.clone());
    let flight = REFRESHES.with(SingleFlight::clone);
    flight
        .run(&user.uid.clone(), move || refresh_once(config, user))
        .await
}

async fn refresh_once(config: AppConfig, user: FirebaseUser) -> Result<FirebaseUser, AppError> {
    let request = firebase::refresh_request(&config.firebase, &user.refresh_token);
    let response = http::send(request).await?;
    Ok(firebase::parse_refresh(
        &response,
        &user,
        clock::now_unix(),
    )?)
}

async fn sign_in(config: &AppConfig, request: HttpRequest) -> Result<FirebaseUser, AppError> {
    let response = http::send(request).await?;
    let user = firebase::parse_sign_in(&response, clock::now_unix())?;
    admit(config, user).await
}

/// Invite-only mode: an account this sign-in just created is deleted at once, with its own ID
/// token, before any AWS credentials exist for it.
async fn admit(config: &AppConfig, user: FirebaseUser) -> Result<FirebaseUser, AppError> {
    if !(config.firebase.invite_only && user.is_new_user) {
        return Ok(user);
    }
    let request = firebase::delete_account_request(&config.firebase, &user.id_token);
    // The refusal stands even if the deletion fails; the administrator can remove the account.
    if let Ok(response) = http::send(request).await {
        let _ = firebase::parse_delete_account(&response);
    }
    Err(AuthError::NotInvited.into())
}
