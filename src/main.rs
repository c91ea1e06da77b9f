//! Mounts the app. Everything else lives in the library (src/lib.rs).

#[cfg(target_arch = "wasm32")]
fn main() {
    // Debug builds report panics in the console. Release builds abort on panic without
    // running any hook (see dev/build-release.sh), so the hook would be dead weight there.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    firebridge::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Firebridge runs in the browser: `make dev` serves it (see README.md).");
}
