//! What a flow (sign in, list, upload...) can fail with: one variant per domain, each with the
//! sentence the user reads. Never holds a JsValue: browser errors become strings at the
//! platform boundary.

use crate::auth::membership::Membership;
use crate::auth::AuthError;
use crate::aws::iam::IamError;
use crate::aws::s3::S3Error;
use crate::aws::sign::SignError;
use crate::aws::sts::StsError;
use crate::http::NetworkError;
use crate::i18n::{APP, AWS};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppError {
    Auth(AuthError),
    Sts(StsError),
    S3(S3Error),
    Iam(IamError),
    Sign(SignError),
    Network(NetworkError),
    /// The session is over (signed out elsewhere, or the sign-in expired).
    SignedOut,
    /// A browser-side failure (reading or saving a file), already phrased for the user.
    Browser(String),
    /// The user cancelled.
    Cancelled,
    /// The user paused an upload: what S3 stored is kept, to go on from.
    Paused,
    /// The network failed mid-upload, past the retries; the upload can resume.
    UploadInterrupted {
        name: String,
    },
    /// A part of the app itself (a lazily loaded wasm chunk) could not be downloaded.
    PartOfAppMissing,
    /// A rename or move would replace a file (S3 would, silently).
    AlreadyExists {
        path: String,
    },
    /// AWS refused a change because the account is read-only (its invitation says so).
    ReadOnly,
    /// A picked file could not be read any more (moved, changed or deleted since).
    FileUnreadable {
        name: String,
    },
    /// A change conditional on what the page had read was refused: the file changed since.
    ChangedMeanwhile,
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Auth(e) => e.fmt(f),
            AppError::Sts(e) => e.fmt(f),
            AppError::S3(e) => e.fmt(f),
            AppError::Iam(e) => e.fmt(f),
            AppError::Sign(e) => e.fmt(f),
            AppError::Network(e) => e.fmt(f),
            AppError::SignedOut => f.write_str(&APP.t("app.error-signed-out")),
            AppError::Browser(message) => f.write_str(message),
            AppError::Cancelled => f.write_str(&AWS.t("aws.error-cancelled")),
            AppError::Paused => f.write_str(&AWS.t("aws.error-paused")),
            AppError::UploadInterrupted { name } => {
                f.write_str(&AWS.tf("aws.error-upload-interrupted", &[("name", name)]))
            }
            AppError::AlreadyExists { path } => {
                f.write_str(&AWS.tf("aws.error-already-exists", &[("path", path)]))
            }
            AppError::ReadOnly => f.write_str(&AWS.t("aws.error-read-only")),
            AppError::FileUnreadable { name } => {
                f.write_str(&AWS.tf("aws.error-file-unreadable", &[("name", name)]))
            }
            AppError::PartOfAppMissing => f.write_str(&APP.t("app.error-part-missing")),
            AppError::ChangedMeanwhile => f.write_str(&AWS.t("aws.error-changed-meanwhile")),
        }
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// Worth trying again later (the session keeper's refresh backs off and retries): the
    /// network, Firebase's own trouble (a 5xx), or throttling. Anything else (a revoked or
    /// expired refresh token, a disabled account) fails the same way every time.
    pub fn is_transient(&self) -> bool {
        match self {
            AppError::Network(_) | AppError::Auth(AuthError::Network(_)) => true,
            AppError::Auth(AuthError::TooManyAttempts | AuthError::QuotaExceeded) => true,
            AppError::Auth(AuthError::Unexpected { status, .. }) => *status >= 500,
            _ => false,
        }
    }

    /// The error of a change (upload, rename, delete, new folder) by a user with `membership`:
    /// AWS refuses every change of a read-only account as "access denied", which says why.
    pub fn of_change(self, membership: &Membership) -> Self {
        match self {
            AppError::S3(S3Error::AccessDenied) if membership.read_only => AppError::ReadOnly,
            other => other,
        }
    }
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> Self {
        AppError::Auth(e)
    }
}

impl From<StsError> for AppError {
    fn from(e: StsError) -> Self {
        AppError::Sts(e)
    }
}

impl From<S3Error> for AppError {
    fn from(e: S3Error) -> Self {
        AppError::S3(e)
    }
}

impl From<IamError> for AppError {
    fn from(e: IamError) -> Self {
        AppError::Iam(e)
    }
}

impl From<SignError> for AppError {
    fn from(e: SignError) -> Self {
        AppError::Sign(e)
    }
}

impl From<NetworkError> for AppError {
    fn from(e: NetworkError) -> Self {
        AppError::Network(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The keeper keeps a session through an outage or Firebase's own trouble, and ends it only
    // when Firebase refuses it for good.
    #[test]
    fn only_passing_trouble_is_transient() {
        let unexpected = |status| AuthError::Unexpected {
            status,
            code: "X".into(),
        };
        for passing in [
            AppError::Network(crate::http::NetworkError::reaching("https://x.example/")),
            AppError::Auth(AuthError::TooManyAttempts),
            AppError::Auth(AuthError::QuotaExceeded),
            AppError::Auth(unexpected(503)),
        ] {
            assert!(passing.is_transient(), "{passing:?}");
        }
        for lasting in [
            AppError::Auth(AuthError::UserDisabled),
            AppError::Auth(unexpected(400)),
            AppError::SignedOut,
        ] {
            assert!(!lasting.is_transient(), "{lasting:?}");
        }
    }

    // A read-only account's refused change says it is read-only, and how to get write access;
    // anyone else's refusal stays what it is.
    #[test]
    fn a_read_only_accounts_refused_change_says_why() {
        let read_only = Membership {
            member: true,
            team: None,
            read_only: true,
        };
        let refused = AppError::S3(S3Error::AccessDenied);
        assert_eq!(refused.clone().of_change(&read_only), AppError::ReadOnly);
        assert!(AppError::ReadOnly.to_string().contains("read-only"));
        assert_eq!(refused.clone().of_change(&Membership::default()), refused);
        let busy = AppError::Cancelled;
        assert_eq!(busy.clone().of_change(&read_only), busy);
    }
}
