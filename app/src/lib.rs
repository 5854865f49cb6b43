//! The Covered portal: a Leptos app rendered in the browser from WebAssembly.
//!
//! This crate is the only place that touches the DOM, storage, network or clock; rules
//! about contracts live in `covered-core`. `pages/` has one module per route,
//! `components/` the presentational pieces, `i18n` the Korean and English strings.

mod app;
mod browser;
mod components;
mod form;
mod i18n;
mod pages;
mod router;
mod server;
mod state;

use wasm_bindgen::prelude::wasm_bindgen;

/// The allocator: talc, sized for WebAssembly (dlmalloc, the default, is larger).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Mounts the portal on `<body>`; runs when `index.html` calls the module's `init()`.
#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
