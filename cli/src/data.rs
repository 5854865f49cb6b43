//! Reading a data directory from disk into the `(path, text)` map the core loads.

use covered_core::Problems;
use covered_core::contract::{DataSet, load};
use covered_core::map::Map;
use std::path::Path;

/// Why a data directory could not be used.
#[derive(Debug)]
pub enum DataError {
    /// Not a directory, or a file that can't be read.
    Unreadable(String),
    /// The files were read but do not validate.
    Invalid(Problems),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Unreadable(m) => f.write_str(m),
            DataError::Invalid(p) => write!(f, "{p}"),
        }
    }
}

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/`.
///
/// # Errors
///
/// When `dir` is not a directory or a file can't be read.
pub fn read_dir(dir: &str) -> Result<Map<String, String>, DataError> {
    let root = Path::new(dir);
    if !root.is_dir() {
        return Err(DataError::Unreadable(format!("{dir}: not a directory")));
    }
    let mut files = Map::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| DataError::Unreadable(format!("{}: {e}", d.display())))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| DataError::Unreadable(format!("{}: {e}", d.display())))?;
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
                    .map_err(|e| DataError::Unreadable(format!("{}: {e}", path.display())))?;
                files.insert(rel, text);
            }
        }
    }
    Ok(files)
}

/// Reads and validates a data directory.
///
/// # Errors
///
/// As [`read_dir`], and every problem the core finds in the files (the email templates
/// file that `covered serve` mails with among them).
pub fn load_dir(dir: &str) -> Result<DataSet, DataError> {
    let files = read_dir(dir)?;
    let notices = notice_problems(&files);
    match load(&files) {
        Ok(set) if notices.is_empty() => Ok(set),
        Ok(_) => Err(DataError::Invalid(covered_core::Problems(notices))),
        Err(mut p) => {
            p.0.extend(notices);
            Err(DataError::Invalid(p))
        }
    }
}

/// The problems of the email templates file the manifest names, if it names one.
fn notice_problems(files: &Map<String, String>) -> Vec<covered_core::Problem> {
    use covered_core::notify;
    let Some(name) = files
        .get("index.json")
        .and_then(|t| notify::manifest_file(t))
    else {
        return Vec::new();
    };
    match files.get(&name) {
        None => vec![covered_core::Problem::new(
            "index.json",
            "$.mail",
            covered_core::problem::Code::MissingFile { name },
        )],
        Some(text) => match notify::load_notifications_json(&name, text) {
            Ok(_) => Vec::new(),
            Err(p) => p.0,
        },
    }
}
