//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
//! Each step is announced and timed; a summary of the times closes the run.
//!
//! `covered-app` builds for wasm32 only, so the native clippy and tests leave it out and
//! it has a clippy run of its own.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

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
        cargo("clippy --workspace --all-targets --exclude covered-app -- -D warnings")
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
            .args(["test", "--workspace", "--exclude", "covered-app"])
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

/// Serves the built portal on a free port and runs `node --test tests/browser/` on it.
fn browser_tests(project: &Project) -> Result<()> {
    let address = server::spawn(project.site())?;
    println!("serving {} at http://{address}/", project.site().display());
    shell::run(
        Command::new("node")
            .args(["--test", "tests/browser/"])
            .current_dir(project.root())
            .env("COVERED_URL", format!("http://{address}/"))
            .env("COVERED_SCREENSHOTS", project.screenshots())
            .env("COVERED_JS_PKG", jspkg::out_dir(project)),
    )
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
