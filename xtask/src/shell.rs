//! Running other programs: each command is echoed, and a failure names it.

use std::ffi::OsStr;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A `cargo` command, using the cargo that runs xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` with the terminal as its input and output; fails unless it succeeds.
pub fn run(command: &mut Command) -> Result<()> {
    let line = display(command);
    println!("$ {line}");
    let status = command
        .status()
        .with_context(|| format!("cannot start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Runs `command` with its output kept back: shown only when it fails, so that a
/// package manager's pages of progress don't bury the run's own lines.
pub fn run_quietly(command: &mut Command) -> Result<()> {
    let line = display(command);
    println!("$ {line}");
    let output = command
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    if !output.status.success() {
        eprint!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        bail!("`{line}` failed ({})", output.status);
    }
    Ok(())
}

/// Runs `command` quietly and returns what it printed, or `None` when it cannot start or
/// fails: for questions such as "what is installed?".
pub fn ask(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The command as one would type it (program name without its folder).
fn display(command: &Command) -> String {
    let program = std::path::Path::new(command.get_program())
        .file_name()
        .unwrap_or(command.get_program());
    std::iter::once(program)
        .chain(command.get_args())
        .map(OsStr::to_string_lossy)
        .collect::<Vec<_>>()
        .join(" ")
}
