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
    for chunk in &chunks {
        let wasm = fs::read(chunk).with_context(|| format!("cannot read {}", chunk.display()))?;
        let stripped =
            without_names(&wasm).with_context(|| format!("cannot read {}", chunk.display()))?;
        fs::write(chunk, stripped).with_context(|| format!("cannot write {}", chunk.display()))?;
    }
    Ok(Split {
        main,
        chunks,
        link_module: out.join(LINK_MODULE),
    })
}

/// `wasm` without its `name` section. The split copies the compiled module's names into
/// each chunk, with the label names (subsection 3) that rustc writes and binaryen does
/// not read: wasm-opt warned once per chunk. The site's wasm carries no names either way
/// (wasm-opt keeps them only with `-g`), so they are dropped before it, deliberately.
pub fn without_names(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut module = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if let wasmparser::Payload::CustomSection(custom) = &payload
            && custom.name() == "name"
        {
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let range = usize::try_from(range.start)?..usize::try_from(range.end)?;
            let data = wasm
                .get(range)
                .context("a section runs past the end of the module")?;
            module.section(&wasm_encoder::RawSection { id, data });
        }
    }
    Ok(module.finish())
}

#[cfg(test)]
mod tests {
    use super::without_names;

    #[test]
    fn the_name_section_goes_and_the_rest_stays() -> anyhow::Result<()> {
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], [wasm_encoder::ValType::I32]);
        module.section(&types);
        let mut functions = wasm_encoder::FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut exports = wasm_encoder::ExportSection::new();
        exports.export("answer", wasm_encoder::ExportKind::Func, 0);
        module.section(&exports);
        let mut code = wasm_encoder::CodeSection::new();
        let mut body = wasm_encoder::Function::new([]);
        body.instructions().i32_const(42).end();
        code.function(&body);
        module.section(&code);
        let mut names = wasm_encoder::NameSection::new();
        let mut functions = wasm_encoder::NameMap::new();
        functions.append(0, "answer_fn");
        names.functions(&functions);
        module.section(&names);
        let wasm = module.finish();

        let stripped = without_names(&wasm)?;
        assert!(stripped.len() < wasm.len());
        let text = String::from_utf8_lossy(&stripped);
        assert!(!text.contains("answer_fn"), "the name section is gone");
        assert!(text.contains("answer"), "the export stays");
        wasmparser::Validator::new().validate_all(&stripped)?;
        // Without a name section, the module passes through unchanged.
        assert_eq!(without_names(&stripped)?, stripped);
        Ok(())
    }
}
