//! The examples of README.md and docs/cli.md, run and compared with what they show.
//!
//! An example is a ```` ```console ```` block: each `$ ` line is a command (a line
//! ending in `\`, or within a quoted text, goes on on the next), run by bash with the `covered` just built first
//! on `PATH`; the lines after it, up to the next command, are its output (stdout and
//! stderr as a terminal shows them), compared by snapbox: `...` alone on a line stands
//! for any lines, `[..]` for any text within a line. A last line `[exit N]` is the exit
//! code the command must end with (0 when there is none). The commands of one block
//! share one shell (its variables and files); each file's blocks run in one scratch
//! folder that sees the repository's files, where `data/covered.db` is the database of a
//! `covered serve --now 2026-11-23T10:00:00` that answers the examples' requests to
//! `http://127.0.0.1:8080` (the port it really listens on replaces that one).
//!
//! `COVERED_DOCS=overwrite` writes each failing example's real output into its file, to
//! be trimmed by hand.

use crate::support;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The address the examples name for the server.
const DOC_ADDR: &str = "127.0.0.1:8080";

/// One command of a block and what the document says it prints.
#[derive(Debug)]
struct Example {
    /// The command as written (continuation lines included), without `$ `.
    command: String,
    /// The output shown, without the exit line.
    expected: String,
    /// The exit code shown (`[exit N]`), 0 when none.
    exit: i32,
    /// The line of the document the command is on.
    line: usize,
}

/// A ```` ```console ```` block: where its text is in the file, and its examples.
#[derive(Debug)]
struct Block {
    text: std::ops::Range<usize>,
    examples: Vec<Example>,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut inside: Option<usize> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("console") =>
            {
                inside = Some(range.start);
            }
            Event::Text(text) if inside.is_some() => {
                let first = markdown[..range.start].lines().count() + 1;
                out.push(Block {
                    text: range.clone(),
                    examples: examples(&text, first),
                });
            }
            Event::End(TagEnd::CodeBlock) => inside = None,
            _ => {}
        }
    }
    out
}

fn examples(text: &str, first_line: usize) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            let mut command = cmd.to_owned();
            // A command goes on after a line ending in `\\` or inside a quoted text.
            while command.ends_with('\\') || command.matches('\'').count() % 2 == 1 {
                let Some((_, next)) = lines.next() else { break };
                command.push('\n');
                command.push_str(next);
            }
            out.push(Example {
                command,
                expected: String::new(),
                exit: 0,
                line: first_line + i,
            });
        } else if let Some(last) = out.last_mut() {
            let code = line
                .strip_prefix("[exit ")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|n| n.parse().ok());
            match code {
                Some(code) => last.exit = code,
                None => {
                    last.expected.push_str(line);
                    last.expected.push('\n');
                }
            }
        }
    }
    for e in &mut out {
        let trimmed = e.expected.trim_end_matches('\n').len();
        e.expected.truncate(trimmed);
    }
    out
}

/// A scratch folder that sees the repository's files (each top-level entry linked but
/// `target` and `data`), with an empty `data/`.
fn scratch(tag: &str) -> PathBuf {
    let dir = support::temp_dir(tag);
    let repo = support::repo().canonicalize().unwrap();
    for entry in std::fs::read_dir(&repo).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if matches!(name.to_str(), Some("target" | "data" | ".git")) {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), dir.join(&name)).unwrap();
    }
    std::fs::create_dir_all(dir.join("data")).unwrap();
    dir
}

/// The `covered serve` the examples talk to, started when a file's first example names
/// it; stopped when dropped.
struct DocServer {
    child: std::process::Child,
    addr: String,
}

impl DocServer {
    fn start(dir: &Path) -> DocServer {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_covered"))
            .args(["serve", "--port", "0", "--now", "2026-11-23T10:00:00"])
            .arg("--db")
            .arg(format!(
                "sqlite://{}",
                dir.join("data/covered.db").display()
            ))
            .current_dir(dir)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("covered serve stopped").unwrap();
            if let Some(rest) = line.strip_prefix("listening on http://") {
                break rest.trim_end_matches('/').to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        DocServer { child, addr }
    }
}

impl Drop for DocServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Separates the commands' outputs in the shell's output.
const MARK: char = '\u{1e}';

/// Runs a block's commands in one bash in `dir`; each one's output and exit code.
fn run_block(dir: &Path, examples: &[Example], server: Option<&DocServer>) -> Vec<(String, i32)> {
    let bin = Path::new(env!("CARGO_BIN_EXE_covered")).parent().unwrap();
    let mut script = String::from("exec 2>&1\n");
    for e in examples {
        let command = match server {
            Some(s) => e.command.replace(DOC_ADDR, &s.addr),
            None => e.command.clone(),
        };
        let _ = writeln!(script, "{command}\nprintf '\\n{MARK}%d{MARK}\\n' $?");
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .args(["-o", "pipefail", "-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("TZ", "Asia/Seoul")
        .env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if std::env::var_os("COVERED_DOCS_DEBUG").is_some() {
        eprintln!(
            "--- script in {}:\n{script}\n--- printed:\n{text}",
            dir.display()
        );
    }
    if let Some(s) = server {
        text = text.replace(&s.addr, DOC_ADDR);
    }
    let mut results = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(MARK) {
        let output = rest[..start].strip_suffix('\n').unwrap_or(&rest[..start]);
        let after = &rest[start + MARK.len_utf8()..];
        let end = after.find(MARK).unwrap_or(after.len());
        let code = after[..end].parse().unwrap_or(-1);
        results.push((output.trim_end_matches('\n').to_owned(), code));
        rest = after.get(end + MARK.len_utf8() + 1..).unwrap_or("");
    }
    results
}

/// The block's text with each command's output replaced by what it printed.
fn rewritten(examples: &[Example], results: &[(String, i32)]) -> String {
    let mut text = String::new();
    for (i, (e, (output, code))) in examples.iter().zip(results).enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let _ = writeln!(text, "$ {}", e.command);
        if !output.is_empty() {
            let _ = writeln!(text, "{output}");
        }
        if *code != 0 {
            let _ = writeln!(text, "[exit {code}]");
        }
    }
    text
}

fn check_file(name: &str) -> Vec<String> {
    let path = support::repo().join(name);
    let markdown = std::fs::read_to_string(&path).unwrap();
    let found = blocks(&markdown);
    assert!(!found.is_empty(), "{name}: no ```console examples");
    let dir = scratch("docs");
    let mut server: Option<DocServer> = None;
    let overwrite = std::env::var("COVERED_DOCS").as_deref() == Ok("overwrite");
    let mut failures = Vec::new();
    let mut edits = Vec::new();
    for block in &found {
        if server.is_none() && block.examples.iter().any(|e| e.command.contains(DOC_ADDR)) {
            server = Some(DocServer::start(&dir));
        }
        let results = run_block(&dir, &block.examples, server.as_ref());
        assert_eq!(
            results.len(),
            block.examples.len(),
            "{name}: a block's shell stopped early: {results:?}"
        );
        let mut failed = false;
        for (e, (output, code)) in block.examples.iter().zip(&results) {
            let assert = snapbox::Assert::new().normalize_paths(false);
            let compared = assert.try_eq(
                None,
                snapbox::Data::text(output.clone()),
                snapbox::Data::text(e.expected.clone()),
            );
            if let Err(diff) = compared {
                failed = true;
                failures.push(format!("{name}:{}: $ {}\n{diff}", e.line, e.command));
            } else if *code != e.exit {
                failed = true;
                failures.push(format!(
                    "{name}:{}: $ {}\nexit code {code}, the document says {}\n{output}",
                    e.line, e.command, e.exit
                ));
            }
        }
        if failed && overwrite {
            edits.push((block.text.clone(), rewritten(&block.examples, &results)));
        }
    }
    drop(server);
    if !edits.is_empty() {
        let mut text = markdown.clone();
        for (range, new) in edits.into_iter().rev() {
            text.replace_range(range, &new);
        }
        std::fs::write(&path, text).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
    failures
}

#[test]
fn the_readme_and_the_cli_reference_show_what_the_commands_print() {
    let mut failures = Vec::new();
    for file in ["README.md", "docs/cli.md"] {
        failures.extend(check_file(file));
    }
    assert!(
        failures.is_empty(),
        "{} example(s) differ from what the commands print:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
