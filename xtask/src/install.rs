//! Installing what the commands need when it is missing, from the registries only:
//! rustup's components, Debian's packages, and the npm packages in the committed lock
//! file. Each check is cheap, so a machine with everything in place goes straight on.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::shell;

/// The Rust target the portal and the core are built for in the browser.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Adds `rustfmt`, `clippy` and the wasm32 target to the toolchain in use, when missing.
pub fn rust_tools() -> Result<()> {
    let installed = shell::ask(Command::new("rustup").args(["component", "list", "--installed"]))
        .context(
        "cannot ask rustup what is installed: is rustup on PATH? Without rustup, add \
             rustfmt, clippy and the wasm32-unknown-unknown target to the toolchain by hand",
    )?;
    let has = |prefix: &str| installed.lines().any(|line| line.starts_with(prefix));
    let components: Vec<&str> = ["rustfmt", "clippy"]
        .into_iter()
        .filter(|component| !has(component))
        .collect();
    if !components.is_empty() {
        shell::run(
            Command::new("rustup")
                .args(["component", "add"])
                .args(&components),
        )?;
    }
    if !has(&format!("rust-std-{WASM_TARGET}")) {
        shell::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    println!("rust tools: rustfmt, clippy and the {WASM_TARGET} target are installed");
    Ok(())
}

/// Says whether a package is installed.
type Installed = fn() -> bool;

/// The Debian packages the test command needs, each with a check that it is installed:
/// Chromium, which the browser tests drive, its driver, a Hangul font for it,
/// PostgreSQL for the server's suite, and aiosmtpd, the SMTP server its mail test runs
/// (for Debian's own Python, `/usr/bin/python3`, which the test prefers).
const DEBIAN_PACKAGES: [(&str, Installed); 7] = [
    ("chromium", || Path::new("/usr/bin/chromium").exists()),
    ("chromium-driver", || {
        Path::new("/usr/bin/chromedriver").exists()
    }),
    ("fonts-nanum", || {
        Path::new("/usr/share/fonts/truetype/nanum/NanumGothic.ttf").exists()
    }),
    ("postgresql", || crate::postgres::bin_dir().is_some()),
    // The documentation's server examples, run by the test command.
    ("curl", || Path::new("/usr/bin/curl").exists()),
    ("jq", || Path::new("/usr/bin/jq").exists()),
    ("python3-aiosmtpd", || {
        Path::new("/usr/lib/python3/dist-packages/aiosmtpd").exists()
    }),
];

/// Installs what is missing of [`DEBIAN_PACKAGES`], in one `apt-get` run.
pub fn debian_packages() -> Result<()> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .into_iter()
        .filter(|(_, installed)| !installed())
        .map(|(package, _)| package)
        .collect();
    if !missing.is_empty() {
        apt_install(&missing)?;
    }
    let names: Vec<&str> = DEBIAN_PACKAGES.iter().map(|(p, _)| *p).collect();
    println!("debian packages: {} are installed", names.join(", "));
    Ok(())
}

/// Whether xtask runs as root (else `apt-get` goes through sudo).
pub fn is_root() -> bool {
    shell::ask(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Installs Debian `packages` with `apt-get` (as root or through sudo), without
/// recommended extras; apt's output is shown only if it fails.
pub fn apt_install(packages: &[&str]) -> Result<()> {
    let apt = |args: &[&str]| {
        let mut command = if is_root() {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    shell::run_quietly(&mut apt(&["update", "-qq"]))?;
    shell::run_quietly(apt(&["install", "-y", "-qq", "--no-install-recommends"]).args(packages))
}

/// Runs `npm ci` in the Node package when its `node_modules` does not match the committed
/// `package-lock.json`.
pub fn node_packages(project: &Project) -> Result<()> {
    npm_ci(&project.node_package())
}

/// Runs `npm ci` in `package` (a folder with `package.json` and `package-lock.json`)
/// when its `node_modules` does not match the lock file.
pub fn npm_ci(package: &Path) -> Result<()> {
    let lock_path = package.join("package-lock.json");
    let lock =
        fs::read(&lock_path).with_context(|| format!("cannot read {}", lock_path.display()))?;
    // What the last successful `npm ci` installed from.
    let stamp = package.join("node_modules").join(".covered-installed-lock");
    if fs::read(&stamp).ok().as_ref() != Some(&lock) {
        if shell::ask(Command::new("node").arg("--version")).is_none() {
            bail!("Node.js is not installed: install Node.js 20 or later (with npm), then re-run");
        }
        shell::run_quietly(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(package),
        )?;
        fs::write(&stamp, &lock).with_context(|| format!("cannot write {}", stamp.display()))?;
    }
    println!(
        "node packages: {} matches its package-lock.json",
        package.join("node_modules").display()
    );
    Ok(())
}
