//! The sample data the portal ships in `public/data/` is valid for `covered-core`.

use covered_core::map::Map;
use std::fs;
use std::path::{Path, PathBuf};

/// `public/data/`, which `cargo xtask serve` copies into the site.
fn data_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data")
}

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/` separators,
/// the way the portal fetches them.
fn json_files(dir: &Path) -> Result<Map<String, String>, String> {
    let mut files = Map::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{}: {e}", folder.display()))?
                .path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                let key = path
                    .strip_prefix(dir)
                    .map_err(|e| e.to_string())?
                    .to_string_lossy()
                    .replace('\\', "/");
                let text =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.insert(key, text);
            }
        }
    }
    Ok(files)
}

#[test]
fn every_shipped_data_set_loads_without_problems() -> Result<(), String> {
    let root = data_root();
    let mut data_sets = Vec::new();
    for entry in fs::read_dir(&root).map_err(|e| format!("{}: {e}", root.display()))? {
        let dir = entry.map_err(|e| e.to_string())?.path();
        if dir.join("index.json").is_file() {
            data_sets.push(dir);
        }
    }
    assert!(
        !data_sets.is_empty(),
        "no data set (a folder with index.json) in {}",
        root.display()
    );
    for dir in data_sets {
        let files = json_files(&dir)?;
        if let Err(problems) = covered_core::contract::load(&files) {
            return Err(format!("{} does not load: {problems:?}", dir.display()));
        }
    }
    Ok(())
}
