//! Email-link sign-in against Firebase Auth.

use crate::auth::email_link;
use crate::auth::firebase::{self, FirebaseUser};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::platform::{http, location, storage};

/// Sends a sign-in link to `email` and remembers the address on this device, so opening the
/// link here needs no retyping.
pub async fn send_sign_in_link(config: &AppConfig, email: &str) -> Result<(), AppError> {
    let continue_url = email_link::continue_url(&location::base_url());
    let request = firebase::send_sign_in_link_request(&config.firebase, email, &continue_url);
    let response = http::send(request).await?;
    firebase::parse_send_sign_in_link(&response)?;
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
    let response = http::send(request).await?;
    let user = firebase::parse_sign_in(&response)?;
    storage::local_remove(storage::EMAIL_FOR_SIGN_IN_KEY);
    Ok(user)
}
