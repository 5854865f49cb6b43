//! Where things are: the repository, cargo's target directory and what xtask builds there.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The repository's folders that xtask reads and writes.
#[derive(Debug)]
pub struct Project {
    root: PathBuf,
    target: PathBuf,
}

impl Project {
    /// The repository holding this xtask, and the target directory cargo uses
    /// (`CARGO_TARGET_DIR` when set, else `target/`).
    pub fn locate() -> Result<Project> {
        // `cargo run` says where xtask/ is; the path baked in at build time can name
        // another checkout when several share one target directory.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        let root = manifest_dir
            .parent()
            .context("xtask/ has no parent folder")?
            .to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => std::env::current_dir()
                .context("cannot read the current folder")?
                .join(dir),
            None => root.join("target"),
        };
        Ok(Project { root, target })
    }

    /// The repository root, where `Cargo.toml` is.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Cargo's target directory.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The built portal, ready to serve: `index.html`, `public/`'s files and `pkg/`.
    pub fn site(&self) -> PathBuf {
        self.target.join("site")
    }

    /// The Node package with the browser tests and wasm-opt.
    pub fn node_package(&self) -> PathBuf {
        self.root.join("tests").join("browser")
    }

    /// The Node package of `cargo xtask bench`'s Node benchmark (moment-business-time).
    pub fn bench_package(&self) -> PathBuf {
        self.root.join("tests").join("bench")
    }

    /// Where the browser tests write their screenshots.
    pub fn screenshots(&self) -> PathBuf {
        self.target.join("screenshots")
    }
}
