//! Reading a data directory from disk into the `(path, text)` map the core loads.

use crate::Fail;
use covered_core::contract::{DataSet, load};
use std::collections::BTreeMap;
use std::path::Path;

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/`.
pub fn read_dir(dir: &str) -> Result<BTreeMap<String, String>, Fail> {
    let root = Path::new(dir);
    if !root.is_dir() {
        return Err(Fail::Usage(format!("{dir}: not a directory")));
    }
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| Fail::Usage(format!("{}: {e}", d.display())))?;
        for entry in entries {
            let entry = entry.map_err(|e| Fail::Usage(format!("{}: {e}", d.display())))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "json") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Fail::Usage(format!("{}: {e}", path.display())))?;
                files.insert(rel, text);
            }
        }
    }
    Ok(files)
}

/// Reads and validates a data directory.
pub fn load_dir(dir: &str) -> Result<DataSet, Fail> {
    let files = read_dir(dir)?;
    Ok(load(&files)?)
}
