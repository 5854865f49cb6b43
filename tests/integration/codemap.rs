//! ARCHITECTURE.md's codemap names every module of covered-core: a module added
//! without a line there fails here. And no function of covered-core grows past 150
//! lines.

use std::path::Path;

#[test]
fn the_codemap_lists_every_core_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let lib = std::fs::read_to_string(root.join("core/src/lib.rs")).unwrap_or_default();
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap_or_default();
    let section = map
        .split("### `core/`")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .unwrap_or_default();
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            line.strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
        })
        .collect();
    assert!(modules.len() > 20, "core/src/lib.rs declares {modules:?}");
    let missing: Vec<&&str> = modules
        .iter()
        .filter(|m| !section.contains(&format!("`{m}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's codemap of core/ lacks {missing:?}: add a row for each"
    );
}

/// The longest a function in `core/src` may be, in lines from `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 150;

#[test]
fn no_core_function_is_longer_than_150_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "found only {files:?} under {}",
        src.display()
    );
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let rel = file
            .strip_prefix(&src)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        for (name, line, lines) in functions(&text) {
            if lines > MAX_FUNCTION_LINES {
                long.push(format!("core/src/{rel}:{line}: `{name}` is {lines} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions longer than {MAX_FUNCTION_LINES} lines (split them by concept):\n{}",
        long.join("\n")
    );
}

#[test]
fn function_lengths_are_measured_from_fn_to_its_closing_brace() {
    let src = "fn a() {\n    let s = \"}\";\n    let c = '}';\n    // }\n}\n\n\
               trait T {\n    fn b(&self);\n    fn c(&self, x: [u8; 2]) -> u8 {\n        x[0]\n    }\n}\n\
               fn d<'a>(x: &'a str) -> &'a str { r#\"{\"# ; x }\n";
    assert_eq!(
        functions(src),
        [
            ("a".to_owned(), 1, 5),
            ("c".to_owned(), 9, 3),
            ("d".to_owned(), 13, 1),
        ]
    );
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every function with a body in Rust source `src`: its name, the line of its `fn`
/// and its length in lines. Comments, strings and character literals are blanked
/// first, so braces in them are not counted.
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(src);
    let at = |i: usize| code.get(i).copied().unwrap_or('\0');
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut line = 1;
    for i in 0..code.len() {
        if at(i) == '\n' {
            line += 1;
        }
        let starts_fn =
            at(i) == 'f' && at(i + 1) == 'n' && !word(at(i + 2)) && (i == 0 || !word(at(i - 1)));
        if !starts_fn {
            continue;
        }
        let mut j = i + 2;
        while at(j).is_whitespace() {
            j += 1;
        }
        let name: String = code.iter().skip(j).take_while(|c| word(**c)).collect();
        if name.is_empty() {
            continue;
        }
        // The body opens at the first `{` outside brackets; a `;` before it means none.
        let mut depth = 0i32;
        let mut open = None;
        for (k, c) in code.iter().enumerate().skip(j) {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                '{' if depth == 0 => {
                    open = Some(k);
                    break;
                }
                ';' if depth == 0 => break,
                _ => {}
            }
        }
        let Some(open) = open else {
            continue;
        };
        let mut braces = 0i32;
        let mut lines = 1;
        for (k, c) in code.iter().enumerate().skip(i) {
            match c {
                '\n' => lines += 1,
                '{' if k >= open => braces += 1,
                '}' if k >= open => {
                    braces -= 1;
                    if braces == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((name, line, lines));
    }
    out
}

/// `src` with comments, string and character literals blanked (line breaks kept).
fn code_only(src: &str) -> Vec<char> {
    let s: Vec<char> = src.chars().collect();
    let at = |i: usize| s.get(i).copied().unwrap_or('\0');
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = at(i);
        let before = if i == 0 { ' ' } else { at(i - 1) };
        let raw = c == 'r'
            && !(before.is_alphanumeric() || before == '_')
            && (at(i + 1) == '"' || (at(i + 1) == '#' && matches!(at(i + 2), '"' | '#')));
        if c == '/' && at(i + 1) == '/' {
            while i < s.len() && at(i) != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0usize;
            while i < s.len() {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.extend([' ', ' ']);
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth = depth.saturating_sub(1);
                    out.extend([' ', ' ']);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(at(i)));
                    i += 1;
                }
            }
        } else if raw {
            let mut hashes = 0;
            i += 1;
            out.push(' ');
            while at(i) == '#' {
                hashes += 1;
                i += 1;
                out.push(' ');
            }
            out.push(' ');
            i += 1;
            while i < s.len() {
                if at(i) == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(at(i)));
                i += 1;
            }
        } else if c == '"' || (c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'')) {
            // A string, or a character literal (not a lifetime).
            out.push(' ');
            i += 1;
            while i < s.len() && at(i) != c {
                if at(i) == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(blank(at(i)));
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}
