//! Mounts the app. Everything else lives in the library (src/lib.rs).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(firebridge::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Firebridge runs in the browser: `make dev` serves it (see README.md).");
}
