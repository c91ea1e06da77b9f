//! AWS from the browser: STS web-identity exchange, SigV4 signing through aws-sigv4, S3
//! (objects, multipart uploads, copies), IAM.
//! Pure: requests are built and answers parsed here; `platform::http` sends them.

pub mod checksum;
pub mod clock_skew;
pub mod copy;
pub mod credentials;
pub mod details;
pub mod error;
pub mod iam;
pub mod multipart;
pub mod retry;
pub mod s3;
pub mod sign;
pub mod sts;
pub mod tagging;
pub mod versions;
pub mod xml;

pub use credentials::AwsCredentials;
pub use error::AwsError;
