//! Firebridge: sign in with Firebase, reach AWS from the browser.
//!
//! Layers (see README and DESIGN): pure modules (`config`, `auth`, `aws`, `session`, `http`)
//! build requests and parse answers with no IO and no clock; `platform` is the only code that
//! touches the browser; `services` runs the flows; `ui` renders them with Leptos.

pub mod address;
pub mod archive;
pub mod auth;
pub mod aws;
pub mod config;
pub mod crc;
pub mod doctor;
pub mod error;
pub mod folder;
pub mod format;
pub mod http;
pub mod i18n;
pub mod markdown;
pub mod preview;
pub mod rate;
pub mod route;
pub mod search;
pub mod secret;
pub mod session;
pub mod setup;
pub mod share;
pub mod single_flight;
pub mod tab_message;
pub mod time;
pub mod zip;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod services;
#[cfg(target_arch = "wasm32")]
pub mod ui;
