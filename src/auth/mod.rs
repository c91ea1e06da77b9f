//! Firebase Authentication through its REST API: requests, responses, errors, email-link URLs
//! and ID-token claims. Pure: no IO, no clock.

pub mod email_link;
pub mod firebase;
pub mod jwt;
pub mod membership;
pub mod refresh;

pub use firebase::{AuthError, FirebaseUser};
