//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
//! Each step is announced and timed; a summary of the times closes the run.
//!
//! `covered-app` runs in the browser, but its plain-Rust parts (the router's paths) are
//! tested natively with the rest; it has a clippy run for wasm32 of its own too.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::{install, jspkg, postgres, server, shell, site};

/// Runs every step; fails with the first step that fails.
pub fn run(project: &Project) -> Result<()> {
    let mut steps = Steps::default();
    // A cargo command, written as typed.
    let cargo = |command_line: &str| {
        let mut command = shell::cargo();
        command
            .current_dir(project.root())
            .args(command_line.split_whitespace());
        shell::run(&mut command)
    };
    steps.run("install rust tools", install::rust_tools)?;
    steps.run("install browser", install::browser)?;
    steps.run("install node packages", || install::node_packages(project))?;
    steps.run("format", || cargo("fmt --all --check"))?;
    steps.run("clippy (native)", || {
        cargo("clippy --workspace --all-targets -- -D warnings")
    })?;
    steps.run("clippy (app, wasm32)", || {
        cargo("clippy --package covered-app --target wasm32-unknown-unknown -- -D warnings")
    })?;
    // --- PostgreSQL for the server's suite (cli/tests/): the same tests run against
    // SQLite always and against this throwaway cluster through COVERED_TEST_DATABASE_URL.
    steps.run("install postgresql", postgres::install)?;
    let cluster = postgres::Cluster::start()?;
    steps.run("native tests", || {
        let mut command = shell::cargo();
        command
            .current_dir(project.root())
            .args(["test", "--workspace"])
            .env(postgres::URL_VAR, cluster.url());
        shell::run(&mut command)
    })?;
    drop(cluster);
    // --- end PostgreSQL
    steps.run("build core for wasm32", || {
        cargo("build --package covered-core --target wasm32-unknown-unknown")
    })?;
    steps.run("build the JS package", || jspkg::build(project))?;
    steps.run("JS API tests (node)", || js_tests(project))?;
    steps.run("build the portal (release)", || site::build(project))?;
    steps.run("browser tests", || browser_tests(project))?;
    steps.summary();
    Ok(())
}

/// Serves the built portal on a free port twice — as static files, and under
/// `covered serve` with the sample data — and runs `node --test tests/browser/` on both,
/// one file at a time.
fn browser_tests(project: &Project) -> Result<()> {
    let address = server::spawn(project.site())?;
    println!("serving {} at http://{address}/", project.site().display());
    let served = CoveredServe::start(project)?;
    println!("covered serve at {}", served.url);
    shell::run(
        Command::new("node")
            // One test file at a time: the budget tests time page loads, and on 2 cores
            // another file's Chromium (or the server's password hashing) beside them
            // would be measured too.
            .args(["--test", "--test-concurrency=1", "tests/browser/"])
            .current_dir(project.root())
            .env("COVERED_URL", format!("http://{address}/"))
            .env("COVERED_SERVER_URL", &served.url)
            .env("COVERED_SCREENSHOTS", project.screenshots())
            .env("COVERED_JS_PKG", jspkg::out_dir(project)),
    )
}

/// `covered serve` on the built portal for the browser tests: the sample data and demo
/// accounts, a fresh SQLite file, the clock started at the tests' pinned time. Stopped
/// when dropped.
#[derive(Debug)]
struct CoveredServe {
    child: Child,
    url: String,
}

impl CoveredServe {
    fn start(project: &Project) -> Result<CoveredServe> {
        shell::run(shell::cargo().current_dir(project.root()).args([
            "build",
            "--package",
            "covered-cli",
            "--bin",
            "covered",
        ]))?;
        let db = project.target().join("browser-tests.db");
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", db.display()));
            if file.exists() {
                std::fs::remove_file(&file)
                    .with_context(|| format!("cannot remove {}", file.display()))?;
            }
        }
        let binary = project.target().join("debug").join("covered");
        let mut child = Command::new(&binary)
            .args([
                "serve",
                "--port",
                "0",
                "--now",
                "2026-11-23T10:00:00",
                "--site",
            ])
            .arg(project.site())
            .arg("--db")
            .arg(&db)
            .current_dir(project.root())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let stdout = child
            .stdout
            .take()
            .context("no stdout from covered serve")?;
        let mut lines = BufReader::new(stdout).lines();
        let mut url = None;
        for line in lines.by_ref() {
            let line = line.context("reading covered serve's output")?;
            println!("  | {line}");
            if let Some(rest) = line.strip_prefix("listening on ") {
                url = Some(rest.trim().to_owned());
                break;
            }
        }
        // Keep reading, so that the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        match url {
            Some(url) => Ok(CoveredServe { child, url }),
            None => {
                let _ = child.kill();
                bail!("covered serve stopped before saying where it listens")
            }
        }
    }
}

impl Drop for CoveredServe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `node --test tests/js/` on the Node build of the JS package.
fn js_tests(project: &Project) -> Result<()> {
    shell::run(
        Command::new("node")
            .args(["--test", "tests/js/"])
            .current_dir(project.root())
            .env("COVERED_JS_PKG", jspkg::out_dir(project)),
    )
}

/// The steps run so far and how long each took.
#[derive(Debug, Default)]
struct Steps {
    done: Vec<(&'static str, Duration)>,
}

impl Steps {
    /// Runs one step between a heading and its time; a failure names the step.
    fn run(&mut self, name: &'static str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = step();
        let took = started.elapsed();
        result.with_context(|| {
            format!(
                "step `{name}` failed after {:.1} s; fix it and re-run `cargo xtask test`",
                took.as_secs_f64()
            )
        })?;
        println!("==> {name}: ok ({:.1} s)", took.as_secs_f64());
        self.done.push((name, took));
        Ok(())
    }

    fn summary(&self) {
        println!("\nall checks passed:");
        for (name, took) in &self.done {
            println!("  {:>6.1} s  {name}", took.as_secs_f64());
        }
        let total: Duration = self.done.iter().map(|(_, took)| *took).sum();
        println!("  {:>6.1} s  in all", total.as_secs_f64());
    }
}
