//! What a flow (sign in, list, upload...) can fail with: one variant per domain, each with the
//! sentence the user reads. Never holds a JsValue: browser errors become strings at the
//! platform boundary.

use crate::auth::AuthError;
use crate::aws::iam::IamError;
use crate::aws::s3::S3Error;
use crate::aws::sign::SignError;
use crate::aws::sts::StsError;
use crate::http::NetworkError;
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
            AppError::SignedOut => f.write_str("Your session has ended. Sign in again."),
            AppError::Browser(message) => f.write_str(message),
            AppError::Cancelled => f.write_str("Upload cancelled."),
            AppError::UploadInterrupted { name } => write!(f, "The upload of {name} was interrupted: the network failed. Pick the same file again to resume where it stopped."),
            AppError::AlreadyExists { path } => write!(f, "There is already a file at {path}. Pick another name, or delete that file first."),
            AppError::PartOfAppMissing => f.write_str("Part of Firebridge could not be downloaded: the network may be down, or a new version was just published. Try again; if it keeps failing, reload the page (you stay signed in)."),
        }
    }
}

impl std::error::Error for AppError {}

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
