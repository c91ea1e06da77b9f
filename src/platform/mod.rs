//! The only code that touches the browser (web_sys, js_sys, gloo, wasm_bindgen): HTTP, storage,
//! the clock, the address bar, and files. Everything above it works with plain Rust values.

pub mod chunk;
pub mod clock;
pub mod dom;
pub mod dropped;
pub mod files;
pub mod http;
pub mod js;
pub mod locale;
pub mod location;
pub mod save;
pub mod storage;
pub mod tabs;
pub mod upload;
