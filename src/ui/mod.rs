//! Leptos components and routes. Reads state, dispatches flows from `services`; knows no
//! protocol.

mod app;
mod clipboard;
mod components;
mod credentials;
mod lazy;
mod loader;
mod router;
mod routes;
mod task;

pub use app::start;
