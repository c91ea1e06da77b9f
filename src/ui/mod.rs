//! Leptos components and routes. Reads state, dispatches flows from `services`; knows no
//! protocol.

mod app;
mod clipboard;
mod components;
mod context;
mod credentials;
mod focus;
mod icon;
mod lazy;
mod loader;
mod router;
mod routes;
mod task;
mod text;

pub use app::start;
