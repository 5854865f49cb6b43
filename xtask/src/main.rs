//! Covered's build tool, run as `cargo xtask <command>` (the alias is in
//! `.cargo/config.toml`). Each command first installs what is missing, and is quick when
//! everything is there.
//!
//! - `serve [--port N] [--static]`: build the portal into `target/site/` and serve it on
//!   127.0.0.1 with `covered serve` (or `covered serve --static`: its files only)
//! - `test`: run every check CI runs, in order, stopping at the first failure
//! - `schemathesis`: check `covered serve`'s API against its OpenAPI document
//! - `site`: only build the portal into `target/site/`
//! - `jspkg`: only build the calculator's JS package into `target/js-pkg/`
//! - `pack`: build it, `npm pack` it and test the `.tgz` installed into fresh projects
//! - `bench`: measure the engine, the wasm in Node against moment-business-time, and the
//!   portal's and widget's sizes and load times; print them and write BENCHMARKS.md

mod bench;
mod compress;
mod fresh;
mod install;
mod jspkg;
mod package;
mod postgres;
mod project;
mod schemathesis;
mod serve;
mod shell;
mod site;
mod split;
mod test;

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::project::Project;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N] [--static]
                     build the portal and run `covered serve` with the sample data at
                     http://127.0.0.1:N/ (default 8080); --static serves the built files only
                     (`covered serve --static`); a warm start rebuilds only what changed
  test               install what is missing, then run every check (what CI runs)
  schemathesis       check the API against its OpenAPI document with schemathesis (PyPI,
                     installed into ~/.cache/covered/): a fresh `covered serve` on the
                     sample, without a session, as a customer and as the vendor's staff
  site               build the portal into target/site/ without serving it
  jspkg              build the calculator's JS package (wasm + ES module + Node + types) into target/js-pkg/
  pack               build it, npm pack it into target/package-test/covered-calculator-<version>.tgz and
                     install that into fresh projects: CommonJS, ESM, TypeScript, a Vite app in Chromium
  bench              measure every figure and budget of BENCHMARKS.md on release builds, print them
                     and write them into BENCHMARKS.md";

/// The port `serve` uses unless `--port` says otherwise.
const DEFAULT_PORT: u16 = 8080;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<()> {
    let project = Project::locate()?;
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("serve") => {
            let (port, static_files) = parse_serve(args)?;
            serve::serve(&project, port, static_files)
        }
        Some("test") => {
            no_more(args)?;
            test::run(&project)
        }
        Some("schemathesis") => {
            no_more(args)?;
            let binary = serve::covered_binary(&project, serve::Build::Debug)?;
            schemathesis::run(&project, &binary)
        }
        Some("site") => {
            no_more(args)?;
            site::install_and_build(&project)
        }
        Some("jspkg") => {
            no_more(args)?;
            jspkg::install_and_build(&project)
        }
        Some("pack") => {
            no_more(args)?;
            jspkg::install_and_build(&project)?;
            install::debian_packages()?;
            package::test(&project)
        }
        Some("bench") => {
            no_more(args)?;
            bench::run(&project)
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
        None => bail!("no command given\n\n{USAGE}"),
    }
}

/// Reads `serve`'s options: `--port N` (or `--port=N`) and `--static`.
fn parse_serve(mut args: impl Iterator<Item = String>) -> Result<(u16, bool)> {
    let mut port = DEFAULT_PORT;
    let mut static_files = false;
    while let Some(arg) = args.next() {
        if arg == "--static" {
            static_files = true;
            continue;
        }
        let value = match arg.split_once('=') {
            Some(("--port", value)) => value.to_owned(),
            None if arg == "--port" => args.next().context("`--port` needs a number")?,
            _ => bail!("unknown option `{arg}` for serve\n\n{USAGE}"),
        };
        port = value
            .parse()
            .with_context(|| format!("`--port {value}` is not a port number (0–65535)"))?;
    }
    Ok((port, static_files))
}

fn no_more(mut args: impl Iterator<Item = String>) -> Result<()> {
    match args.next() {
        Some(arg) => bail!("unexpected argument `{arg}`\n\n{USAGE}"),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_serve;

    #[track_caller]
    fn check(args: &[&str], expected: Result<(u16, bool), &str>) {
        let got = parse_serve(args.iter().map(|arg| arg.to_string())).map_err(|e| e.to_string());
        match expected {
            Ok(options) => assert_eq!(got, Ok(options), "parse_serve({args:?})"),
            Err(part) => assert!(
                got.as_ref().is_err_and(|error| error.contains(part)),
                "parse_serve({args:?}) = {got:?}, expected an error with {part:?}"
            ),
        }
    }

    #[test]
    fn port_options() {
        check(&[], Ok((8080, false)));
        check(&["--port", "9000"], Ok((9000, false)));
        check(&["--port=0"], Ok((0, false)));
        check(&["--static"], Ok((8080, true)));
        check(&["--static", "--port", "9000"], Ok((9000, true)));
        check(&["--port=="], Err("is not a port number"));
        check(&["--port"], Err("needs a number"));
        check(&["--port", "http"], Err("is not a port number"));
        check(&["--port", "70000"], Err("is not a port number"));
        check(&["--ports=1"], Err("unknown option `--ports=1`"));
    }
}
