//! `cargo xtask serve`, and the `covered serve` processes the browser tests and the
//! benchmark run against. Every page a test or a budget measures is sent by `covered
//! serve` itself — the API server, or `covered serve --static` for the portal as plain
//! files — with the same static serving (tower-http, the build's precompressed copies)
//! that a deployment has.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::{shell, site};

/// `cargo xtask serve`: installs what is missing, builds the portal, and runs `covered
/// serve` on 127.0.0.1:`port` with the sample data (it prints the demo logins) until
/// interrupted; with `static_files`, `covered serve --static` (the portal's files only:
/// requests then stay in the browser).
pub fn serve(project: &Project, port: u16, static_files: bool) -> Result<()> {
    // Claim the port first, so a busy one is reported before the build.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).with_context(|| {
        format!("cannot listen on 127.0.0.1:{port}; if it is in use, pass --port N")
    })?;
    site::install_and_build(project)?;
    let port = listener.local_addr()?.port();
    drop(listener);
    println!(
        "\nstarting `covered serve{}` (press Ctrl-C to stop)",
        if static_files { " --static" } else { "" }
    );
    let site = project.site();
    let mut command = shell::cargo();
    command.current_dir(project.root()).args([
        "run",
        "--quiet",
        "--package",
        "covered-cli",
        "--bin",
        "covered",
        "--",
        "serve",
    ]);
    if static_files {
        command.arg("--static");
    }
    command
        .arg("--site")
        .arg(&site)
        .args(["--port", &port.to_string()]);
    shell::run(&mut command)
}

/// Which build of the `covered` binary to run.
#[derive(Debug, Clone, Copy)]
pub enum Build {
    /// `target/debug/covered` as `cargo test --workspace` built it for the server's
    /// suite: built on its own, with only the CLI's features, its dependencies would
    /// compile a second time.
    Tested,
    /// `target/debug/covered`, built here (`cargo xtask schemathesis` on its own).
    Debug,
    /// `target/release/covered`, built here, for the benchmark's measurements.
    Release,
}

/// The `covered` binary (built first for [`Build::Release`]).
pub fn covered_binary(project: &Project, build: Build) -> Result<PathBuf> {
    match build {
        Build::Tested => {
            let binary = project.target().join("debug").join("covered");
            if !binary.is_file() {
                bail!(
                    "{} is missing: `cargo test --workspace` builds it",
                    binary.display()
                );
            }
            Ok(binary)
        }
        Build::Debug => {
            shell::run(shell::cargo().current_dir(project.root()).args([
                "build",
                "--package",
                "covered-cli",
                "--bin",
                "covered",
            ]))?;
            Ok(project.target().join("debug").join("covered"))
        }
        Build::Release => {
            shell::run(shell::cargo().current_dir(project.root()).args([
                "build",
                "--release",
                "--package",
                "covered-cli",
                "--bin",
                "covered",
            ]))?;
            Ok(project.target().join("release").join("covered"))
        }
    }
}

/// A running `covered serve`, on a free loopback port; stopped when dropped.
#[derive(Debug)]
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:<port>/`, as the server said.
    pub url: String,
}

impl Served {
    /// `covered serve --static` on the built portal.
    pub fn static_site(project: &Project, binary: &Path) -> Result<Served> {
        Served::start(
            project,
            binary,
            vec!["--static".into(), "--site".into(), project.site().into()],
        )
    }

    /// Starts `binary serve <args> --port 0` in the repository root and waits for the
    /// line that says where it listens; the rest of its output is echoed, indented. Its
    /// request log is off (`RUST_LOG=warn`: the tests make thousands of requests) unless
    /// `RUST_LOG` says otherwise.
    pub fn start(project: &Project, binary: &Path, args: Vec<OsString>) -> Result<Served> {
        let mut command = Command::new(binary);
        if std::env::var_os("RUST_LOG").is_none() {
            command.env("RUST_LOG", "warn");
        }
        let mut child = command
            .arg("serve")
            .args(&args)
            .args(["--port", "0"])
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
            Some(url) => Ok(Served { child, url }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("covered serve stopped before saying where it listens")
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
