//! Sign-in against Firebase Auth: email links, passwords, token refresh, invite-only mode.
//!
//! The flows run in the `network` chunk with the HTTP client (platform/chunk.rs): a first visit
//! downloads them only when the user starts typing into a sign-in form (`prefetch`).

use crate::auth::email_link;
use crate::auth::firebase::{self, AuthError, FirebaseUser, SignInMethod};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::HttpRequest;
use crate::platform::chunk::split_fn;
use crate::platform::{clock, http, location, storage};
use crate::route::Route;
use crate::secret::Secret;
use crate::single_flight::SingleFlight;
use std::future::Future;
use std::pin::Pin;

/// A flow started in the `network` chunk, to be awaited by the caller.
type Flow<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// Sends a sign-in link to `email` and remembers the address on this device, so opening the
/// link here needs no retyping. The link brings the user to `next` once signed in.
pub async fn send_sign_in_link(
    config: &AppConfig,
    email: &str,
    next: Route,
) -> Result<(), AppError> {
    send_sign_in_link_flow(config.clone(), email.to_string(), next)
        .await?
        .await
}

/// Fetches the code of the flows ahead of their first use, when the user starts typing. A
/// failure is left to the flow itself, which fetches again and says what went wrong.
pub async fn prefetch() {
    let _ = prefetch_network().await;
}

split_fn!(
    network,
    preload(prefetch_network),
    fn send_sign_in_link_flow(config: AppConfig, email: String, next: Route) -> Flow<()> {
        Box::pin(async move {
            let continue_url = email_link::continue_url(&location::base_url(), next.as_next());
            let request =
                firebase::send_sign_in_link_request(&config.firebase, &email, &continue_url);
            firebase::parse_send_sign_in_link(&http::send(request).await?)?;
            storage::local_set(storage::EMAIL_FOR_SIGN_IN_KEY, &email);
            Ok(())
        })
    }
);

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
    complete_sign_in_link_flow(config.clone(), email.to_string(), oob_code.to_string())
        .await?
        .await
}

split_fn!(
    network,
    fn complete_sign_in_link_flow(
        config: AppConfig,
        email: String,
        oob_code: String,
    ) -> Flow<FirebaseUser> {
        Box::pin(async move {
            let request =
                firebase::sign_in_with_email_link_request(&config.firebase, &email, &oob_code);
            let result = sign_in(&config, request, SignInMethod::EmailLink).await;
            if !matches!(result, Err(AppError::Network(_))) {
                // Spent or refused, the link is done with: forget the address it was sent to.
                storage::local_remove(storage::EMAIL_FOR_SIGN_IN_KEY);
            }
            result
        })
    }
);

pub async fn sign_in_with_password(
    config: &AppConfig,
    email: &str,
    password: &Secret,
) -> Result<FirebaseUser, AppError> {
    password_flow(config.clone(), email.to_string(), password.clone())
        .await?
        .await
}

split_fn!(
    network,
    fn password_flow(config: AppConfig, email: String, password: Secret) -> Flow<FirebaseUser> {
        Box::pin(async move {
            let request =
                firebase::sign_in_with_password_request(&config.firebase, &email, &password);
            sign_in(&config, request, SignInMethod::Password).await
        })
    }
);

/// Sends a password-reset email. Says the same whether or not the address has an account.
pub async fn send_password_reset(config: &AppConfig, email: &str) -> Result<(), AppError> {
    password_reset_flow(config.clone(), email.to_string())
        .await?
        .await
}

split_fn!(
    network,
    fn password_reset_flow(config: AppConfig, email: String) -> Flow<()> {
        Box::pin(async move {
            let request = firebase::send_password_reset_request(&config.firebase, &email);
            Ok(firebase::parse_password_reset(&http::send(request).await?)?)
        })
    }
);

thread_local! {
    static REFRESHES: SingleFlight<Result<FirebaseUser, AppError>> = SingleFlight::default();
}

/// New tokens for `user` from its refresh token. The background refresh and a request that
/// finds the ID token expired at the same moment (a tab waking up) make one call between them.
pub async fn refresh(config: &AppConfig, user: &FirebaseUser) -> Result<FirebaseUser, AppError> {
    let (config, user) = (config.clone(), user.clone());
    let flight = REFRESHES.with(SingleFlight::clone);
    flight
        .run(&user.uid.clone(), move || async move {
            refresh_flow(config, user).await?.await
        })
        .await
}

split_fn!(
    network,
    fn refresh_flow(config: AppConfig, user: FirebaseUser) -> Flow<FirebaseUser> {
        Box::pin(async move {
            let request = firebase::refresh_request(&config.firebase, &user.refresh_token);
            let response = http::send(request).await?;
            Ok(firebase::parse_refresh(
                &response,
                &user,
                clock::now_unix(),
            )?)
        })
    }
);

async fn sign_in(
    config: &AppConfig,
    request: HttpRequest,
    method: SignInMethod,
) -> Result<FirebaseUser, AppError> {
    let response = http::send(request).await?;
    let user = FirebaseUser {
        method: Some(method),
        ..firebase::parse_sign_in(&response, clock::now_unix())?
    };
    admit(config, user).await
}

/// Invite-only mode: a user whose token carries no invitation is told so before STS is asked
/// (STS would refuse the exchange: the trust policy requires the invitation's tag), and an
/// account this sign-in just created is deleted at once, with its own ID token.
async fn admit(config: &AppConfig, user: FirebaseUser) -> Result<FirebaseUser, AppError> {
    if !config.firebase.invite_only || user.membership().member {
        return Ok(user);
    }
    if !user.is_new_user {
        return Err(AuthError::NotInvited.into());
    }
    let request = firebase::delete_account_request(&config.firebase, &user.id_token);
    // The refusal stands even if the deletion fails; the administrator can remove the account.
    if let Ok(response) = http::send(request).await {
        let _ = firebase::parse_delete_account(&response);
    }
    Err(AuthError::NotInvited.into())
}
