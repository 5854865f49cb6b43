//! Shared by the engine's integration tests and benchmarks: reading the sample data
//! directories from disk (the core itself does no I/O).

#![allow(dead_code, clippy::panic)]

use covered_core::contract::{DataSet, load};
use std::collections::BTreeMap;
use std::path::Path;

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/`.
pub fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p
                    .strip_prefix(dir)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                files.insert(rel, text);
            }
        }
    }
    files
}

/// The files of a sample vendor in `public/data/` (`library` or `cloud`).
pub fn sample_files(vendor: &str) -> BTreeMap<String, String> {
    read_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../public/data")
            .join(vendor),
    )
}

/// A sample vendor's data, loaded and validated.
pub fn sample(vendor: &str) -> DataSet {
    load(&sample_files(vendor))
        .unwrap_or_else(|p| panic!("sample data {vendor} does not load:\n{p}"))
}
