//! The flows a user starts: each builds requests with the pure modules, sends them through
//! `platform`, parses the answers, and returns the new session for the UI to show.

pub mod app_config;
pub mod auth;
pub mod clock_skew;
pub mod connectivity;
pub mod copy;
pub mod credentials;
pub mod doctor;
pub mod files;
pub mod iam;
pub mod identity;
pub mod locale;
pub mod session_store;
pub mod signed;
pub mod tabs;
pub mod transfer;
pub mod upload;
pub mod versions;
pub mod zip_download;
