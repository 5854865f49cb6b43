//! Reading a data directory from disk into the `(path, text)` map the core loads, the
//! iCalendar files its catalog names read into the catalog's own lists of days.

use covered_core::contract::{DataSet, load};
use covered_core::map::Map;
use covered_core::problem::Code;
use covered_core::{Problem, Problems};
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

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/`, the
/// catalog's references to iCalendar files resolved (see [`read_files`]).
///
/// # Errors
///
/// When `dir` is not a directory or a file can't be read, and the problems of the
/// iCalendar files the catalog names.
pub fn read_dir(dir: &str) -> Result<Map<String, String>, DataError> {
    let (files, problems) = read_files(dir)?;
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(DataError::Invalid(Problems(problems)))
    }
}

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/`; when
/// the catalog names `.ics` files (`"closures": "closures.ics"`, a calendar's
/// `holidays` or `holidays.add`), its text is replaced by the same catalog with the days
/// those files list in their place (covered-ics), so that the engine, `/api/dataset`
/// and the portal only ever see the catalog's own lists of days. With them, the
/// problems of those files, each at its line (a reference with a problem stands for no
/// days, so the engine reports nothing more about it).
///
/// # Errors
///
/// When `dir` is not a directory or a file can't be read.
pub fn read_files(dir: &str) -> Result<(Map<String, String>, Vec<Problem>), DataError> {
    let root = Path::new(dir);
    if !root.is_dir() {
        return Err(DataError::Unreadable(format!("{dir}: not a directory")));
    }
    let mut files = Map::new();
    let mut calendars: Map<String, String> = Map::new();
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
                continue;
            }
            let json = path.extension().is_some_and(|x| x == "json");
            let ics = path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("ics"));
            if json || ics {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| DataError::Unreadable(format!("{}: {e}", path.display())))?;
                if json {
                    files.insert(rel, text);
                } else {
                    calendars.insert(rel, text);
                }
            }
        }
    }
    let resolved = covered_ics::resolve(|name| {
        files
            .get(name)
            .or_else(|| calendars.get(name))
            .map(String::as_str)
    });
    if let Some((name, text)) = resolved.catalog {
        files.insert(name, text);
    }
    let problems = resolved.problems.into_iter().map(ics_problem).collect();
    Ok((files, problems))
}

/// A problem of covered-ics as the engine's.
fn ics_problem(p: covered_ics::Problem) -> Problem {
    match p {
        covered_ics::Problem::Missing { file, path, name } => {
            Problem::new(file, path, Code::MissingFile { name })
        }
        covered_ics::Problem::Line {
            file,
            line,
            message,
        } => Problem::new(file, format!("line {line}"), Code::Ics { error: message }),
    }
}

/// Reads and validates a data directory.
///
/// # Errors
///
/// As [`read_files`], and every problem: the iCalendar files' the catalog names, then
/// the core's in the files (the email templates file that `covered serve` mails with
/// among them).
pub fn load_dir(dir: &str) -> Result<DataSet, DataError> {
    let (files, mut problems) = read_files(dir)?;
    let notices = notice_problems(&files);
    match load(&files) {
        Ok(set) if problems.is_empty() && notices.is_empty() => Ok(set),
        Ok(_) => {
            problems.extend(notices);
            Err(DataError::Invalid(Problems(problems)))
        }
        Err(p) => {
            problems.extend(p.0);
            problems.extend(notices);
            Err(DataError::Invalid(Problems(problems)))
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

/// Writes the data directory `dir` into `out` as a static portal reads it (`covered
/// publish`): every file copied, and the catalog, when it names iCalendar files, with
/// the days they list in their place — the portal has no iCalendar reader. Returns
/// whether the catalog named any. The data must validate first; `out` is created, and
/// may not be `dir` or inside it (the catalog's references would be lost). Into a data
/// set of a built site, the site's `bundle.json` and gzipped copies of the files written
/// are removed, being the old files' (the portal then fetches the files one by one).
///
/// # Errors
///
/// As [`load_dir`] for `dir`; a file that can't be copied or written.
pub fn publish(dir: &str, out: &str) -> Result<bool, DataError> {
    load_dir(dir)?;
    let (from, to) = (Path::new(dir), Path::new(out));
    let unreadable =
        |p: &Path, e: std::io::Error| DataError::Unreadable(format!("{}: {e}", p.display()));
    std::fs::create_dir_all(to).map_err(|e| unreadable(to, e))?;
    let inside = from
        .canonicalize()
        .ok()
        .zip(to.canonicalize().ok())
        .is_some_and(|(a, b)| b.starts_with(a));
    if inside {
        return Err(DataError::Unreadable(format!(
            "{out}: is the data directory {dir} or inside it; publish into another directory"
        )));
    }
    let mut stack = vec![from.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| unreadable(&d, e))? {
            let path = entry.map_err(|e| unreadable(&d, e))?.path();
            let target = to.join(path.strip_prefix(from).unwrap_or(&path));
            if path.is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| unreadable(&target, e))?;
                stack.push(path);
            } else {
                std::fs::copy(&path, &target).map_err(|e| unreadable(&target, e))?;
                remove_if_there(&gz_of(&target))?;
            }
        }
    }
    // A data set of a built site: its bundle and gzipped copies would be the old files.
    for stale in ["bundle.json", "bundle.json.gz"] {
        remove_if_there(&to.join(stale))?;
    }
    covered_ics::resolve_in_place(to).map_err(DataError::Unreadable)
}

/// `path` with `.gz` after its name.
fn gz_of(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    name.into()
}

/// Removes the file `path` if there is one.
fn remove_if_there(path: &Path) -> Result<(), DataError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(DataError::Unreadable(format!("{}: {e}", path.display())))
        }
        _ => Ok(()),
    }
}
