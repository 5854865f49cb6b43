//! A throwaway PostgreSQL for the server's test suite (`cli/tests/`): Debian's
//! `postgresql` (installed when missing by `install::debian_packages`), a cluster created in a temporary folder and
//! started on 127.0.0.1 on a free port, and stopped and removed when dropped. As root
//! (CI), the cluster runs as the `postgres` user, since PostgreSQL refuses to run as
//! root.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::shell;

/// The environment variable that gives the suite its PostgreSQL URL.
pub const URL_VAR: &str = "COVERED_TEST_DATABASE_URL";

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb` and `pg_ctl`.
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A running throwaway cluster; stopped and removed on drop.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    url: String,
}

impl Cluster {
    /// Creates a cluster in a new temporary folder and starts it on 127.0.0.1 on a free
    /// port (trust authentication: only local processes reach it, and only for the run).
    pub fn start() -> Result<Cluster> {
        let bin = bin_dir()
            .context("PostgreSQL is not installed: /usr/lib/postgresql/*/bin/initdb is missing")?;
        let as_postgres = crate::install::is_root();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("covered-pg-{}-{stamp}", std::process::id()));
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if as_postgres {
            shell::run(Command::new("chown").arg("postgres:postgres").arg(&dir))?;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .context("cannot find a free port")?
            .port();
        let cluster = Cluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            bin,
            as_postgres,
        };
        let data = cluster.dir.join("data");
        cluster.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--auth=trust".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--locale=C".as_ref(),
                "--no-sync".as_ref(),
            ],
        )?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {} -c max_connections=200",
            cluster.dir.display()
        );
        cluster.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                cluster.dir.join("log").as_os_str(),
                "-w".as_ref(),
                "-o".as_ref(),
                options.as_ref(),
                "start".as_ref(),
            ],
        )?;
        println!(
            "postgresql: a throwaway cluster is running at {}",
            cluster.url
        );
        Ok(cluster)
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) -> Result<()> {
        let mut command = self.command(program);
        command.args(args).current_dir(&self.dir);
        let output = command
            .output()
            .with_context(|| format!("cannot start {program}"))?;
        if !output.status.success() {
            let log = fs::read_to_string(self.dir.join("log")).unwrap_or_default();
            bail!(
                "{program} failed ({}):\n{}{}\n{log}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let stopped = self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "fast".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
        );
        if let Err(e) = stopped {
            eprintln!(
                "postgresql: could not stop the cluster in {}: {e:#}",
                self.dir.display()
            );
            return;
        }
        remove(&self.dir);
    }
}

fn remove(dir: &Path) {
    if let Err(e) = fs::remove_dir_all(dir) {
        eprintln!("postgresql: could not remove {}: {e}", dir.display());
    }
}
