//! Splitting the portal's wasm into a main module and lazily loaded chunks, with the
//! `wasm_split_cli_support` library (the tool behind `cargo leptos --split`).
//!
//! The app marks its split points with Leptos' `#[lazy_route]` (`app/src/pages/mod.rs`);
//! each becomes a chunk holding the code only that route reaches. The split needs the
//! linker's relocations (`app/build.rs` links with `--emit-relocs`) and runs before
//! wasm-bindgen: the main module then goes through wasm-bindgen as usual (keeping the
//! linker's exports, which the chunks import), and the chunks are loaded by the
//! generated `__wasm_split.js`, which imports `initSync` from the app's glue.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The file the split writes for the chunks' loaders, beside the app's glue in `pkg/`.
pub const LINK_MODULE: &str = "__wasm_split.js";

/// What [`split`] wrote.
#[derive(Debug)]
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The chunks (`*.wasm`), each loaded when a route that needs it is first opened.
    pub chunks: Vec<PathBuf>,
    /// The chunks' loader module ([`LINK_MODULE`]).
    pub link_module: PathBuf,
}

/// Splits `input` (a wasm linked with `--emit-relocs`) into `out`: the main module as
/// `{module}.wasm`, the chunks beside it, and [`LINK_MODULE`], which imports the app's
/// glue as `./{module}.js`.
pub fn split(input: &Path, out: &Path, module: &str) -> Result<Split> {
    println!("wasm-split: {} into {}", input.display(), out.display());
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("cannot remove {}", out.display()))?;
    }
    let wasm = fs::read(input).with_context(|| format!("cannot read {}", input.display()))?;
    let main = out.join(format!("{module}.wasm"));
    let main_module = format!("./{module}.js");
    let link_name = format!("./{LINK_MODULE}");
    let result = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&wasm);
        options.output_dir = out;
        options.main_out_path = &main;
        options.main_module = &main_module;
        options.link_name = &link_name;
        options
    })
    .map_err(|e| anyhow::anyhow!("{e:?}"))
    .with_context(|| format!("cannot split {}", input.display()))?;
    let mut chunks = result.split_modules;
    chunks.sort();
    Ok(Split {
        main,
        chunks,
        link_module: out.join(LINK_MODULE),
    })
}
