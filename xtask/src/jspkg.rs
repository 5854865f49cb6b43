//! Building the calculator's npm-style package into `target/js-pkg/`: `covered-js` (the
//! wasm-bindgen façade over `covered-core`) compiled to wasm32 with the `wasm-release`
//! profile, its glue made twice by wasm-bindgen (the library, as for the portal) — an ES
//! module for browsers (`web/`) and CommonJS for Node (`node/`), each with TypeScript
//! declarations (the answers' types in `types.d.ts`, generated from covered-core's
//! types) — each wasm shrunk by `wasm-opt -Oz`, the browsers' glue minified with
//! esbuild, then `package.json` and
//! `core/js/README.md` beside them.
//!
//! ```text
//! target/js-pkg/
//!   package.json  README.md
//!   web/   covered.js  covered.d.ts  types.d.ts  covered_bg.wasm  covered_bg.wasm.d.ts
//!          package.json  ("type": "module")
//!   node/  covered.js  covered.d.ts  types.d.ts  covered_bg.wasm  covered_bg.wasm.d.ts
//!          package.json  ("type": "commonjs")
//! ```
//!
//! The portal's site gets the web build under `widget/pkg/`, where the embeddable
//! `<covered-check>` widget (`public/widget/covered-check.js`) loads it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::fresh::{self, Inputs, Memo};
use crate::install::{self, WASM_TARGET};
use crate::project::Project;
use crate::{shell, site};

const PACKAGE: &str = "covered-js";
const MODULE: &str = "covered_js";
/// The name of the glue files (`covered.js`, `covered_bg.wasm`, …).
const OUT_NAME: &str = "covered";
const PROFILE: &str = "wasm-release";

/// The two builds: folder name and whether it is the Node (CommonJS) one.
const FLAVOURS: [(&str, bool); 2] = [("web", false), ("node", true)];

/// Installs what the build needs when missing, then builds (`cargo xtask jspkg`).
pub fn install_and_build(project: &Project) -> Result<()> {
    install::rust_tools()?;
    install::node_packages(project)?;
    build(project)
}

/// Where the package is written.
pub fn out_dir(project: &Project) -> PathBuf {
    project.target().join("js-pkg")
}

/// Compiles `covered-js` for wasm32 (cargo skips it when nothing changed) and returns
/// the compiled module.
pub fn compile(project: &Project) -> Result<PathBuf> {
    shell::run(shell::cargo().current_dir(project.root()).args([
        "build",
        "--package",
        PACKAGE,
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
    ]))?;
    Ok(project
        .target()
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{MODULE}.wasm")))
}

/// Builds the package into [`out_dir`], replacing what was there — unless it was built
/// from the very same compiled module, README and xtask.
pub fn build(project: &Project) -> Result<()> {
    let compiled = compile(project)?;
    let readme = project.root().join("core").join("js").join("README.md");
    let work = project.target().join("js-pkg-build");
    let types = typescript(project, &work)?;
    let key = Inputs::new()
        .file(&compiled)?
        .file(&readme)?
        .file(&types)?
        .key();
    let stamp = work.join("js-pkg.stamp");
    let out = out_dir(project);
    if out.join("package.json").is_file() && fresh::is_fresh(&stamp, &key) {
        println!("js-pkg: {} is up to date", out.display());
        return Ok(());
    }
    let _ = fs::remove_file(&stamp);
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("cannot remove {}", out.display()))?;
    }
    let wasm_name = format!("{OUT_NAME}_bg.wasm");
    let glue = format!("{OUT_NAME}.js");
    let mut memo = Memo::new(work.join("minified"));
    for (flavour, node) in FLAVOURS {
        let bindgen_dir = work.join(flavour).join("bindgen");
        bindgen(&compiled, &bindgen_dir, node)?;
        let optimized = site::optimize(
            project,
            &bindgen_dir.join(&wasm_name),
            &work.join(flavour),
            &site::MAIN_WASM_OPT_EXTRA,
        )?;
        let dest = out.join(flavour);
        for entry in fs::read_dir(&bindgen_dir)
            .with_context(|| format!("cannot read {}", bindgen_dir.display()))?
        {
            let entry = entry?;
            let name = entry.file_name();
            if name == wasm_name.as_str() {
                continue;
            }
            // The browsers' glue is downloaded with the wasm: minified (about 2.5 KB less
            // gzipped). Node's stays readable; its types are in `covered.d.ts` either way.
            if !node && name == glue.as_str() {
                site::minify_js(project, &entry.path(), &dest.join(&name), &mut memo)?;
            } else {
                site::copy(&entry.path(), &dest.join(&name))?;
            }
        }
        site::copy(&optimized, &dest.join(&wasm_name))?;
        site::copy(&types, &dest.join(TYPES))?;
    }
    // Each build says what kind of module it is, whatever a surrounding package says:
    // the web build is an ES module (which Node would otherwise read as CommonJS first),
    // the Node build CommonJS.
    for (flavour, node) in FLAVOURS {
        let kind = if node { "commonjs" } else { "module" };
        write(
            &out.join(flavour).join("package.json"),
            &format!("{{\n  \"type\": \"{kind}\"\n}}\n"),
        )?;
    }
    memo.prune();
    write(&out.join("package.json"), PACKAGE_JSON)?;
    site::copy(&readme, &out.join("README.md"))?;
    for (flavour, _) in FLAVOURS {
        let size = |file: &str| {
            fs::metadata(out.join(flavour).join(file))
                .map(|meta| meta.len())
                .unwrap_or(0)
        };
        println!(
            "js-pkg: {flavour}/{wasm_name} {} bytes, {flavour}/{OUT_NAME}.js {} bytes",
            size(&wasm_name),
            size(&format!("{OUT_NAME}.js"))
        );
    }
    println!("js-pkg: built {}", out.display());
    fresh::record(&stamp, &key)
}

/// The declarations `covered.d.ts` imports its answers' types from.
const TYPES: &str = "types.d.ts";

/// Writes the TypeScript declarations of covered-core's answer types (its `typescript`
/// example, native, with the `ts` feature) into `work` and returns the file.
fn typescript(project: &Project, work: &Path) -> Result<PathBuf> {
    fs::create_dir_all(work).with_context(|| format!("cannot create {}", work.display()))?;
    let out = work.join(TYPES);
    shell::run(
        shell::cargo()
            .current_dir(project.root())
            .args([
                "run",
                "--quiet",
                "--package",
                "covered-core",
                "--features",
                "ts",
                "--example",
                "typescript",
                "--",
            ])
            .arg(&out),
    )?;
    Ok(out)
}

/// Builds the package and puts its web build into the built site under `widget/pkg/`.
pub fn place_in_site(project: &Project, site: &Path) -> Result<()> {
    build(project)?;
    let web = out_dir(project).join("web");
    let dest = site.join("widget").join("pkg");
    // The web build's glue is minified already.
    for file in [
        format!("{OUT_NAME}_bg.wasm"),
        format!("{OUT_NAME}.d.ts"),
        format!("{OUT_NAME}.js"),
        TYPES.to_owned(),
    ] {
        site::copy(&web.join(&file), &dest.join(&file))?;
    }
    println!("site: the calculator's web build is in {}", dest.display());
    Ok(())
}

/// Writes the glue for browsers (an ES module with `init()`) or for Node (CommonJS that
/// reads the wasm beside it), with TypeScript declarations, into `out`.
fn bindgen(input: &Path, out: &Path, node: bool) -> Result<()> {
    println!(
        "$ wasm-bindgen --target {} --out-name {OUT_NAME} --out-dir {} {}",
        if node { "nodejs" } else { "web" },
        out.display(),
        input.display()
    );
    if out.exists() {
        fs::remove_dir_all(out).with_context(|| format!("cannot remove {}", out.display()))?;
    }
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(input)
        .out_name(OUT_NAME)
        .typescript(true);
    if node {
        bindgen.nodejs(true)?;
    } else {
        // As the wasm-bindgen command does: `init()` then finds the wasm beside the glue.
        bindgen.web(true)?.omit_default_module_path(false);
    }
    bindgen
        .generate(out)
        .with_context(|| format!("wasm-bindgen failed on {}", input.display()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The package's manifest: Node (`require` or `import`) gets the CommonJS build, which
/// reads its wasm from disk; browsers and bundlers get the ES module. `types` beside
/// `main` is for TypeScript's resolutions that ignore `exports` (`node10`), which take
/// `main`: the Node build's declarations.
const PACKAGE_JSON: &str = r#"{
  "name": "@covered/calculator",
  "version": "0.1.0",
  "description": "Covered's maintenance-contract scope and SLA calculator (covered-core compiled to WebAssembly): coverage verdicts, quotas, severities, deadlines with traces, holidays, service credits, quotes and package comparison, with no server",
  "license": "MIT OR Apache-2.0",
  "main": "./node/covered.js",
  "module": "./web/covered.js",
  "browser": "./web/covered.js",
  "types": "./node/covered.d.ts",
  "exports": {
    ".": {
      "node": {
        "types": "./node/covered.d.ts",
        "default": "./node/covered.js"
      },
      "require": {
        "types": "./node/covered.d.ts",
        "default": "./node/covered.js"
      },
      "import": {
        "types": "./web/covered.d.ts",
        "default": "./web/covered.js"
      },
      "default": "./web/covered.js"
    },
    "./web": {
      "types": "./web/covered.d.ts",
      "default": "./web/covered.js"
    },
    "./node": {
      "types": "./node/covered.d.ts",
      "default": "./node/covered.js"
    },
    "./web/covered_bg.wasm": "./web/covered_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": [
    "web/",
    "node/",
    "README.md"
  ],
  "sideEffects": false,
  "engines": {
    "node": ">=20"
  }
}
"#;
