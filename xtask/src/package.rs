//! The calculator's package as its users get it: `npm pack` of `target/js-pkg/` into
//! `covered-calculator-<version>.tgz`, which must hold every file of the built package,
//! then that `.tgz` installed with npm into fresh projects under `target/package-test/`
//! (copies of `tests/package/`'s), each using it the way one kind of consumer does:
//!
//! - `cjs/`: a CommonJS program, `require("@covered/calculator")`, answers asserted;
//! - `esm/`: an ES-module program, `import … from "@covered/calculator"`, Node without a
//!   bundler;
//! - `ts/`: `tsc` on a TypeScript consumer against the installed declarations, with a
//!   bundler's resolution (the web build's) and with Node's (`require` and `import`, the
//!   Node build's);
//! - `vite/`: a web app built by Vite (pinned in `tests/package/package.json`, installed
//!   with `npm ci`), served on 127.0.0.1 and loaded in Chromium
//!   (`tests/package/browser.test.mjs`), which must show the verdict the wasm computed.
//!
//! A package with a file left out of its `files`, a wrong entry point or broken
//! declarations fails here, as it would for the people installing it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::{install, jspkg, shell, site};

/// Packs the built package, checks what the tarball holds, and installs it into each
/// consumer project in turn.
pub fn test(project: &Project) -> Result<()> {
    let work = work_dir(project);
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("cannot remove {}", work.display()))?;
    }
    fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let tgz = pack(project, &work)?;
    let data = project.root().join("public").join("data").join("library");

    for (name, script) in [("cjs", "check.js"), ("esm", "check.js")] {
        let dir = consumer(project, name, &tgz)?;
        shell::run(
            Command::new("node")
                .arg(script)
                .current_dir(&dir)
                .env("COVERED_DATA", &data),
        )?;
    }

    let dir = consumer(project, "ts", &tgz)?;
    let tsc = project
        .node_package()
        .join("node_modules")
        .join("typescript")
        .join("bin")
        .join("tsc");
    for config in ["tsconfig.json", "tsconfig.node.json"] {
        shell::run(
            Command::new("node")
                .arg(&tsc)
                .args(["-p", config])
                .current_dir(&dir),
        )?;
    }

    let tools = tools(project);
    install::npm_ci(&tools)?;
    let dir = consumer(project, "vite", &tgz)?;
    site::copy_dir(&data, &dir.join("public").join("data").join("library"))?;
    let vite = tools
        .join("node_modules")
        .join("vite")
        .join("bin")
        .join("vite.js");
    shell::run(
        Command::new("node")
            .arg(vite)
            .arg("build")
            .current_dir(&dir),
    )?;
    shell::run(
        Command::new("node")
            .args(["--test", "tests/package/browser.test.mjs"])
            .current_dir(project.root())
            .env("COVERED_VITE_DIST", dir.join("dist")),
    )
}

/// The Node package of the tools the consumers are built with (Vite), `tests/package/`.
pub fn tools(project: &Project) -> PathBuf {
    project.root().join("tests").join("package")
}

/// Where the tarball and the consumer projects are made, fresh on every run.
fn work_dir(project: &Project) -> PathBuf {
    project.target().join("package-test")
}

/// `npm pack` of the built package into `work`: checks the tarball's name
/// (`covered-calculator-<version>.tgz`) and that it holds every file of the package,
/// prints its size, and returns it.
fn pack(project: &Project, work: &Path) -> Result<PathBuf> {
    let package = jspkg::out_dir(project);
    let manifest_path = package.join("package.json");
    let manifest: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(&manifest_path)
            .with_context(|| format!("cannot read {}", manifest_path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", manifest_path.display()))?;
    let version = manifest
        .get("version")
        .and_then(serde_json::Value::as_str)
        .with_context(|| format!("{}: $.version: expected a string", manifest_path.display()))?;
    let expected = format!("covered-calculator-{version}.tgz");

    let mut command = Command::new("npm");
    command
        .args(["pack", "--json", "--loglevel=error", "--pack-destination"])
        .arg(work)
        .arg(&package)
        .current_dir(work);
    println!(
        "$ npm pack --json --pack-destination {} {}",
        work.display(),
        package.display()
    );
    let output = command.output().context("cannot start `npm pack`")?;
    if !output.status.success() {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        bail!("`npm pack` failed ({})", output.status);
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).with_context(|| {
        format!(
            "`npm pack --json` printed no JSON: {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })?;
    let packed = report
        .get(0)
        .context("`npm pack --json` reported no package")?;
    let field = |name: &str| packed.get(name).unwrap_or(&serde_json::Value::Null);
    let filename = field("filename").as_str().unwrap_or_default();
    if filename != expected {
        bail!("`npm pack` wrote {filename:?}, expected {expected:?}");
    }
    let in_tarball: Vec<&str> = field("files")
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f.get("path").and_then(serde_json::Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let mut built = Vec::new();
    files_under(&package, &package, &mut built)?;
    let left_out: Vec<&String> = built
        .iter()
        .filter(|file| !in_tarball.contains(&file.as_str()))
        .collect();
    if !left_out.is_empty() {
        bail!(
            "{expected} leaves out files of {} (is its package.json's \"files\" missing them?): {}",
            package.display(),
            left_out
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let tgz = work.join(filename);
    let size = fs::metadata(&tgz)
        .with_context(|| format!("cannot read {}", tgz.display()))?
        .len();
    println!(
        "package: {filename} {:.1} KB packed (gzipped tar of both builds: web and node), {:.1} KB unpacked, {} files",
        size as f64 / 1024.0,
        field("unpackedSize").as_f64().unwrap_or_default() / 1024.0,
        in_tarball.len()
    );
    Ok(tgz)
}

/// The files under `dir`, as paths relative to `root` with `/`.
fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    out.sort();
    Ok(())
}

/// A fresh copy of the consumer project `tests/package/<name>/` in the work folder, with
/// the tarball installed into its `node_modules` (offline: it has no dependencies).
fn consumer(project: &Project, name: &str, tgz: &Path) -> Result<PathBuf> {
    let from = tools(project).join(name);
    let dir = work_dir(project).join(name);
    site::copy_dir(&from, &dir)?;
    shell::run_quietly(
        Command::new("npm")
            .args([
                "install",
                "--offline",
                "--no-save",
                "--no-package-lock",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .arg(tgz)
            .current_dir(&dir),
    )?;
    println!("package: installed into {}", dir.display());
    Ok(dir)
}
