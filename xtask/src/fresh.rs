//! Skipping build work whose inputs have not changed, so that a warm `cargo xtask serve`
//! or `test` redoes nothing: a step's outputs are kept with a stamp of what they were
//! made from ([`Inputs`], a hash of the input files' names and contents and of xtask
//! itself), and single-file transforms (zopfli, esbuild) keep their results by the hash
//! of their input ([`Memo`]).

use std::collections::BTreeSet;
use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A fingerprint of a step's inputs.
#[derive(Debug)]
pub struct Inputs {
    hasher: DefaultHasher,
}

impl Inputs {
    /// A fingerprint that starts with xtask's own build: a rebuilt xtask may build
    /// differently, so its outputs are made afresh once.
    pub fn new() -> Inputs {
        let mut inputs = Inputs {
            hasher: DefaultHasher::new(),
        };
        if let Some(meta) = std::env::current_exe()
            .ok()
            .and_then(|exe| fs::metadata(exe).ok())
        {
            inputs.hasher.write_u64(meta.len());
            if let Ok(modified) = meta.modified() {
                inputs.text(&format!("{modified:?}"));
            }
        }
        inputs
    }

    /// Adds a piece of text (an option, a name).
    pub fn text(&mut self, text: &str) -> &mut Inputs {
        self.bytes(text.as_bytes())
    }

    fn bytes(&mut self, bytes: &[u8]) -> &mut Inputs {
        self.hasher.write_usize(bytes.len());
        self.hasher.write(bytes);
        self
    }

    /// Adds a file: its path and its contents.
    pub fn file(&mut self, path: &Path) -> Result<&mut Inputs> {
        let contents = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        self.text(&path.to_string_lossy());
        Ok(self.bytes(&contents))
    }

    /// Adds every file under `dir`, in a fixed order.
    pub fn dir(&mut self, dir: &Path) -> Result<&mut Inputs> {
        let mut files = BTreeSet::new();
        list_files(dir, &mut files)?;
        for file in &files {
            self.file(file)?;
        }
        Ok(self)
    }

    /// The fingerprint, as text for a stamp file.
    pub fn key(&self) -> String {
        format!("{:016x}", self.hasher.finish())
    }
}

fn list_files(dir: &Path, files: &mut BTreeSet<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, files)?;
        } else {
            files.insert(path);
        }
    }
    Ok(())
}

/// Whether the stamp file `stamp` says its outputs were made from `key`.
pub fn is_fresh(stamp: &Path, key: &str) -> bool {
    fs::read_to_string(stamp).is_ok_and(|made_from| made_from == key)
}

/// Writes `key` into the stamp file `stamp`, once the outputs are all written.
pub fn record(stamp: &Path, key: &str) -> Result<()> {
    if let Some(parent) = stamp.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(stamp, key).with_context(|| format!("cannot write {}", stamp.display()))
}

/// The results of one single-file transform, kept by the hash of the input in a folder
/// of their own; what one build did not use is removed by [`Memo::prune`].
#[derive(Debug)]
pub struct Memo {
    dir: PathBuf,
    used: BTreeSet<String>,
}

impl Memo {
    /// The memo kept in `dir`.
    pub fn new(dir: PathBuf) -> Memo {
        Memo {
            dir,
            used: BTreeSet::new(),
        }
    }

    /// The transform called `transform` (e.g. `zopfli`) of `input`: the kept result, or
    /// `make`'s (then kept).
    pub fn get(
        &mut self,
        transform: &str,
        input: &[u8],
        make: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        let mut inputs = Inputs::new();
        inputs.text(transform).bytes(input);
        let key = inputs.key();
        let path = self.dir.join(&key);
        self.used.insert(key);
        if let Ok(kept) = fs::read(&path) {
            return Ok(kept);
        }
        let made = make()?;
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("cannot create {}", self.dir.display()))?;
        fs::write(&path, &made).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(made)
    }

    /// Removes the results this build did not ask for.
    pub fn prune(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !self.used.contains(&name) {
                // A result that stays behind costs disk, not correctness.
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}
