//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
//! Each step is announced and timed; a summary of the times closes the run.
//!
//! `covered-app` runs in the browser, but its plain-Rust parts (the router's paths) are
//! tested natively with the rest; it has a clippy run for wasm32 of its own too.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};

use crate::project::Project;
use crate::serve::{self, Build, Served};
use crate::{install, jspkg, package, postgres, schemathesis, shell, site};

/// Runs every step; fails with the first step that fails. The table of step times is
/// printed either way, the failed step marked.
pub fn run(project: &Project) -> Result<()> {
    let mut steps = Steps::default();
    let result = run_steps(project, &mut steps);
    steps.summary();
    result
}

fn run_steps(project: &Project, steps: &mut Steps) -> Result<()> {
    // A cargo command, written as typed.
    let cargo = |command_line: &str| {
        let mut command = shell::cargo();
        command
            .current_dir(project.root())
            .args(command_line.split_whitespace());
        shell::run(&mut command)
    };
    steps.run("install rust tools", install::rust_tools)?;
    steps.run("install Debian packages", install::debian_packages)?;
    steps.run("install node packages", || {
        install::node_packages(project)?;
        // Vite, which the packed JS package's test builds a web app with.
        install::npm_ci(&package::tools(project))
    })?;
    // The throwaway PostgreSQL for the server's suite (cli/tests/) starts while clippy
    // runs: the same tests run against SQLite always and against this cluster through
    // COVERED_TEST_DATABASE_URL.
    let starting = std::thread::spawn(postgres::Cluster::start);
    let checks = (|| {
        steps.run("format", || cargo("fmt --all --check"))?;
        steps.run("clippy (native)", || {
            // With covered-core's `ts` feature, so that its TypeScript derives and the
            // example that prints them are checked too.
            cargo("clippy --workspace --all-targets --features covered-core/ts -- -D warnings")
        })?;
        steps.run("clippy (app, wasm32)", || {
            cargo("clippy --package covered-app --target wasm32-unknown-unknown -- -D warnings")
        })
    })();
    // Joined whatever the checks said, so that a cluster never outlives the run.
    let started = starting.join();
    checks?;
    let cluster = steps.run("start PostgreSQL (begun beside clippy)", || {
        started.map_err(|_| anyhow!("starting PostgreSQL panicked"))?
    })?;
    steps.run("native tests", || {
        let mut command = shell::cargo();
        command
            .current_dir(project.root())
            .args(["test", "--workspace"])
            .env(postgres::URL_VAR, cluster.url());
        shell::run(&mut command)
    })?;
    drop(cluster);
    steps.run("schemathesis: the API against its OpenAPI document", || {
        schemathesis::run(project, &serve::covered_binary(project, Build::Tested)?)
    })?;
    steps.run("build the JS package", || jspkg::build(project))?;
    steps.run("JS API tests (node)", || js_tests(project))?;
    steps.run(
        "the packed JS package installed: CommonJS, ESM, TypeScript, Vite in Chromium",
        || package::test(project),
    )?;
    steps.run("build the portal (release)", || site::build(project))?;
    steps.run("browser tests", || browser_tests(project))?;
    steps.run("README screenshot", || readme_screenshot(project))?;
    Ok(())
}

/// Serves the built portal twice with `covered serve` — as static files (`--static`),
/// and as the API server with the sample data — and runs `node --test tests/browser/`
/// on both, one file at a time.
fn browser_tests(project: &Project) -> Result<()> {
    let binary = serve::covered_binary(project, Build::Tested)?;
    let files = Served::static_site(project, &binary)?;
    println!("static files at {}", files.url);
    let api = sample_server(project, &binary)?;
    println!("covered serve at {}", api.url);
    shell::run(
        Command::new("node")
            // One test file at a time: the budget lines time page loads, and on 2 cores
            // another file's Chromium (or the server's password hashing) beside them
            // would be measured too.
            .args(["--test", "--test-concurrency=1", "tests/browser/"])
            .current_dir(project.root())
            .env("COVERED_URL", &files.url)
            .env("COVERED_SERVER_URL", &api.url)
            .env("COVERED_SCREENSHOTS", project.screenshots())
            .env("COVERED_SITE", project.site())
            // The desk's test starts servers of its own (tests/browser/server.test.mjs).
            .env("COVERED_BIN", &binary)
            .env("COVERED_JS_PKG", jspkg::out_dir(project)),
    )
}

/// `covered serve` on the built portal for the browser tests: the sample data and demo
/// accounts, a fresh SQLite file, the clock started at the tests' pinned time.
fn sample_server(project: &Project, binary: &std::path::Path) -> Result<Served> {
    let db = project.target().join("browser-tests.db");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", db.display()));
        if file.exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot remove {}", file.display()))?;
        }
    }
    Served::start(
        project,
        binary,
        vec![
            "--now".into(),
            "2026-11-23T10:00:00".into(),
            "--site".into(),
            project.site().into(),
            "--db".into(),
            db.into(),
        ],
    )
}

/// The README shows the home page as the browser tests last saw it: their screenshot
/// replaces `app/screenshot.png` when the page has changed (commit it with the change).
fn readme_screenshot(project: &Project) -> Result<()> {
    let taken = project.screenshots().join("home.png");
    let shown = project.root().join("app").join("screenshot.png");
    let new = std::fs::read(&taken).with_context(|| format!("cannot read {}", taken.display()))?;
    if std::fs::read(&shown).ok().as_ref() == Some(&new) {
        println!("README screenshot: app/screenshot.png shows the home page as it is");
    } else {
        std::fs::write(&shown, &new)
            .with_context(|| format!("cannot write {}", shown.display()))?;
        println!(
            "README screenshot: the home page has changed; app/screenshot.png is updated from {} (commit it)",
            taken.display()
        );
    }
    Ok(())
}

/// Runs `node --test tests/js/` on the JS package: the API suite on its Node build, the
/// docs' examples (`docs.test.mjs`) on the package as resolved by name, and the data
/// files' schemas against the tested `covered`.
fn js_tests(project: &Project) -> Result<()> {
    shell::run(
        Command::new("node")
            .args(["--test", "tests/js/"])
            .current_dir(project.root())
            .env("COVERED_JS_PKG", jspkg::out_dir(project))
            .env(
                "COVERED_BIN",
                serve::covered_binary(project, Build::Tested)?,
            ),
    )
}

/// The steps run so far, how long each took, and the one that failed.
#[derive(Debug, Default)]
struct Steps {
    done: Vec<(&'static str, Duration)>,
    failed: Option<(&'static str, Duration)>,
}

impl Steps {
    /// Runs one step between a heading and its time; a failure names the step.
    fn run<T>(&mut self, name: &'static str, step: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = step();
        let took = started.elapsed();
        if result.is_err() {
            self.failed = Some((name, took));
        }
        let value = result.with_context(|| {
            format!(
                "step `{name}` failed after {:.1} s (its output is above)",
                took.as_secs_f64()
            )
        })?;
        println!("==> {name}: ok ({:.1} s)", took.as_secs_f64());
        self.done.push((name, took));
        Ok(value)
    }

    /// The table of step times, the failed step last and marked.
    fn summary(&self) {
        match self.failed {
            None => println!("\nall checks passed:"),
            Some((name, _)) => println!("\nstopped at `{name}`, which failed:"),
        }
        for (name, took) in &self.done {
            println!("  {:>6.1} s  {name}", took.as_secs_f64());
        }
        if let Some((name, took)) = self.failed {
            println!("  {:>6.1} s  {name}  <- FAILED", took.as_secs_f64());
        }
        let total: Duration = self
            .done
            .iter()
            .chain(&self.failed)
            .map(|(_, took)| *took)
            .sum();
        println!("  {:>6.1} s  in all", total.as_secs_f64());
    }
}
