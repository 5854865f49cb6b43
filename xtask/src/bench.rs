//! `cargo xtask bench`: every figure of BENCHMARKS.md, measured in one run on release
//! builds, printed as a table with one pass/fail line per budget, and written into
//! BENCHMARKS.md between its `<!-- figures:begin -->` and `<!-- figures:end -->` markers
//! (so the file always shows the last measured run and the machine it ran on).
//!
//! In order:
//!
//! 1. installs what is missing (rust tools, Chromium, the npm packages of `tests/browser`
//!    and of `tests/bench`);
//! 2. native engine: `cargo bench -p covered-core --bench engine` (criterion), figures
//!    read from `target/criterion/<group>/<bench>/new/estimates.json`;
//! 3. loading a growing history: `cargo bench -p covered-core --bench load` at 10,000
//!    and 1,000,000 requests ([`history_load`]), then the string API's deadlines against
//!    workclock: `cargo bench -p covered-core --bench peer` ([`peer_deadlines`]);
//! 4. release builds: the portal into `target/site/` with the JS package into
//!    `target/js-pkg/` (`site::build` builds both);
//! 5. Node: `tests/bench/deadlines.mjs` — the wasm engine against moment-business-time
//!    on the same 100,000 deadlines, with TZ=Asia/Seoul;
//! 6. Chromium: `tests/browser/bench.mjs` on the site served on loopback by the release
//!    build of `covered serve --static` — sizes and time to interactive of the portal
//!    and the widget;
//! 7. the server under load: `cargo bench -p covered-cli --bench load` on SQLite and a
//!    throwaway PostgreSQL cluster ([`server_load`]);
//! 8. the vendor's desk at 100,000 requests and a store of 1,000,000 requests over 1,000
//!    contracts against an empty one (`cargo bench -p covered-cli --bench desk` and
//!    `--bench million`, [`desk_load`], [`million_load`]);
//! 9. the report: printed, and written into BENCHMARKS.md.
//!
//! Budgets not met are reported as `FAIL` lines; the command itself fails only when a
//! measurement cannot be made.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::project::Project;
use crate::serve::{self, Build, Served};
use crate::{install, jspkg, shell, site};

/// The markers in BENCHMARKS.md between which the figures are written.
const BEGIN: &str = "<!-- figures:begin -->";
const END: &str = "<!-- figures:end -->";

/// How many request times each criterion deadline figure covers (core/benches/engine.rs).
const STARTS: f64 = 48.0;

/// Runs every measurement and writes the report.
pub fn run(project: &Project) -> Result<()> {
    let started = Instant::now();
    let mut times = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<()>| -> Result<()> {
        println!("\n==> {name}");
        let t = Instant::now();
        f().with_context(|| format!("bench step `{name}` failed"))?;
        times.push((name, t.elapsed()));
        Ok(())
    };
    let load_before = read_loadavg();

    step("install", &mut || {
        install::rust_tools()?;
        install::debian_packages()?;
        install::node_packages(project)?;
        install::npm_ci(&project.bench_package())
    })?;
    let out = project.target().join("bench");
    fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;

    let mut native = None;
    step("native engine (criterion)", &mut || {
        native = Some(native_engine(project)?);
        Ok(())
    })?;
    // Before the browser and the server runs: after them, one load of a million requests
    // took 5.8–11.8 s, against 2.8–4.8 s on its own.
    let mut loading = None;
    step("loading a growing history", &mut || {
        loading = Some(history_load(project)?);
        Ok(())
    })?;
    let mut peer = None;
    step("string API deadlines vs workclock", &mut || {
        peer = Some(peer_deadlines(project)?);
        Ok(())
    })?;
    step("release builds (portal and JS package)", &mut || {
        site::build(project)
    })?;
    let mut node = None;
    step("wasm in Node vs moment-business-time", &mut || {
        node = Some(node_deadlines(project, &out.join("node.json"))?);
        Ok(())
    })?;
    let mut browser = None;
    step("portal and widget in Chromium", &mut || {
        browser = Some(browser_figures(project, &out.join("browser.json"))?);
        Ok(())
    })?;
    let mut server = None;
    step("server under load", &mut || {
        server = Some(server_load(project)?);
        Ok(())
    })?;
    let mut desk = None;
    step("the vendor's desk at 100,000 requests", &mut || {
        desk = Some(desk_load(project)?);
        Ok(())
    })?;

    let mut million = None;
    step("a million stored requests", &mut || {
        million = Some(million_load(project)?);
        Ok(())
    })?;

    let (
        Some(native),
        Some(node),
        Some(browser),
        Some(server),
        Some(loading),
        Some(desk),
        Some(million),
        Some(peer),
    ) = (native, node, browser, server, loading, desk, million, peer)
    else {
        bail!("a measurement is missing");
    };
    let machine = Machine::read(&browser, load_before);
    let report = Report::new(
        &native,
        &node,
        &browser,
        vec![peer, server, desk, million, loading],
    );
    let took = started.elapsed();
    println!("\n{}", report.text());
    println!("{}", machine.text());
    println!("\nsteps:");
    for (name, t) in &times {
        println!("  {:>6.1} s  {name}", t.as_secs_f64());
    }
    println!("  {:>6.1} s  in all", took.as_secs_f64());

    let markdown = format!(
        "{}\n{}\n_The whole command took {} on this run._\n",
        report.markdown(),
        machine.markdown(),
        minutes(took)
    );
    let path = project.root().join("BENCHMARKS.md");
    write_figures(&path, &markdown)?;
    println!("\nbench: figures written into {}", path.display());
    Ok(())
}

// ---------------------------------------------------------------- native

/// Criterion's figures, in nanoseconds per iteration.
#[derive(Debug)]
struct Native {
    hour: f64,
    three_days: f64,
    year: f64,
    long_minutes: f64,
    verdict: f64,
    quota: f64,
    quota_scan: f64,
}

fn native_engine(project: &Project) -> Result<Native> {
    let since = SystemTime::now();
    shell::run(shell::cargo().current_dir(project.root()).args([
        "bench",
        "--package",
        "covered-core",
        "--bench",
        "engine",
    ]))?;
    let dir = project.target().join("criterion");
    let read = |group: &str, bench: &str| estimate(&dir.join(group).join(bench), since);
    let group = "deadline (48 starts)";
    Ok(Native {
        hour: read(group, "1 hour")?,
        three_days: read(group, "3 business days")?,
        year: read(group, "250 business days")?,
        long_minutes: read(group, "150,000 business minutes")?,
        verdict: read("full verdict (parse request + evaluate)", "")?,
        quota: read("quota status over 100,000 requests", "")?,
        quota_scan: read(
            "quota status over 100,000 requests (pass over the history)",
            "",
        )?,
    })
}

/// The figure criterion prints for one benchmark (its slope when it sampled linearly,
/// else its mean), in ns, from a file this run wrote.
fn estimate(bench_dir: &Path, since: SystemTime) -> Result<f64> {
    let path = bench_dir.join("new").join("estimates.json");
    let fresh = fs::metadata(&path)
        .and_then(|meta| meta.modified())
        .is_ok_and(|modified| modified >= since);
    if !fresh {
        bail!(
            "{} was not written by this run: did the benchmark's name change in core/benches/engine.rs?",
            path.display()
        );
    }
    let json = read_json(&path)?;
    ["slope", "mean"]
        .iter()
        .find_map(|kind| field(&json, &format!("{kind}.point_estimate")).as_f64())
        .with_context(|| format!("{} has no slope or mean estimate", path.display()))
}

// ---------------------------------------------------------------- Node

fn node_deadlines(project: &Project, out: &Path) -> Result<Value> {
    shell::run(
        Command::new("node")
            .arg("deadlines.mjs")
            .current_dir(project.bench_package())
            .env("TZ", "Asia/Seoul")
            .env("COVERED_JS_PKG", jspkg::out_dir(project))
            .env("COVERED_BENCH_OUT", out),
    )?;
    read_json(out)
}

// ---------------------------------------------------------------- Chromium

fn browser_figures(project: &Project, out: &Path) -> Result<Value> {
    // The release build of `covered serve --static`, as a deployment would run it.
    let binary = serve::covered_binary(project, Build::Release)?;
    let files = Served::static_site(project, &binary)?;
    println!("static files at {}", files.url);
    shell::run(
        Command::new("node")
            .arg("bench.mjs")
            .current_dir(project.node_package())
            .env("COVERED_URL", &files.url)
            .env("COVERED_BENCH_OUT", out),
    )?;
    read_json(out)
}

// ---------------------------------------------------------------- server

/// The server under load: `cargo bench -p covered-cli --bench load` (a release build of
/// `covered serve` on loopback) against SQLite and a throwaway PostgreSQL cluster (Debian's
/// `postgresql`, as `cargo xtask test` starts it). Its `load …` lines become a table and
/// the SQLite submissions budget.
fn server_load(project: &Project) -> Result<(Section, Vec<Budget>)> {
    let cluster = crate::postgres::Cluster::start()?;
    let stdout = cargo_bench(
        project,
        "covered-cli",
        &[("COVERED_BENCH_DATABASE_URL", cluster.url())],
    )?;
    drop(cluster);
    let mut rows = Vec::new();
    let mut sqlite_submissions = None;
    for line in stdout.lines() {
        // `load SQLite     submissions   5000 in   3.02 s =    1655/s   p50   7.50 ms   p99  56.00 ms`
        let Some(rest) = line.strip_prefix("load ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let (Some(backend), Some(phase)) = (words.first(), words.get(1)) else {
            continue;
        };
        let after = |key: &str| {
            words
                .iter()
                .position(|w| *w == key)
                .and_then(|i| words.get(i + 1))
                .copied()
                .unwrap_or("?")
        };
        let Some(rate) = words.iter().find_map(|w| w.strip_suffix("/s")) else {
            continue;
        };
        if *backend == "SQLite" && *phase == "submissions" {
            sqlite_submissions = rate.parse::<f64>().ok();
        }
        rows.push([
            format!("{backend} {phase}"),
            format!("{rate}/s"),
            format!("p50 {} ms, p99 {} ms", after("p50"), after("p99")),
        ]);
    }
    if rows.is_empty() {
        bail!("the load run printed no `load …` figures");
    }
    let clients = stdout
        .lines()
        .find_map(|l| l.strip_prefix("load run: "))
        .unwrap_or("")
        .to_owned();
    let rate = sqlite_submissions.unwrap_or(f64::NAN);
    Ok((
        Section {
            title: format!(
                "Server under load (`cargo bench -p covered-cli --bench load`: {clients}; a bounded run of submissions, then reads)"
            ),
            head: ["", "throughput", "latency"],
            rows,
        },
        vec![Budget {
            what: "covered serve: submissions per second on SQLite",
            figure: format!("{rate:.0}/s"),
            limit: "≥ 1,000/s",
            met: rate >= 1000.0,
        }],
    ))
}

// ---------------------------------------------------------------- the desk

/// The vendor's desk at size: `cargo bench -p covered-cli --bench desk` (100,000 stored
/// requests, 20,000 of them open, written straight into SQLite and into a throwaway
/// PostgreSQL cluster) times `GET /api/desk`'s first page over HTTP. Its `desk …` lines
/// become a table and one budget per database: p99 within 100 ms.
fn desk_load(project: &Project) -> Result<(Section, Vec<Budget>)> {
    let cluster = crate::postgres::Cluster::start()?;
    let stdout = cargo_bench_named(
        project,
        "covered-cli",
        "desk",
        &[("COVERED_BENCH_DATABASE_URL", cluster.url())],
    )?;
    drop(cluster);
    let mut rows = Vec::new();
    let mut budgets = Vec::new();
    for line in stdout.lines() {
        // `desk SQLite     first page  200 reads   p50   3.10 ms   p99   5.20 ms   (open …)`
        let Some(rest) = line.strip_prefix("desk ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let after = |key: &str| {
            words
                .iter()
                .position(|w| *w == key)
                .and_then(|i| words.get(i + 1))
                .copied()
        };
        let (Some(backend), Some(p50), Some(p99)) = (words.first(), after("p50"), after("p99"))
        else {
            continue;
        };
        let detail = rest
            .split_once('(')
            .map_or("", |(_, d)| d.trim_end_matches(')'));
        rows.push([
            format!("{backend} first page (50 rows)"),
            format!("p50 {p50} ms, p99 {p99} ms"),
            detail.to_owned(),
        ]);
        let ms = p99.parse::<f64>().unwrap_or(f64::NAN);
        budgets.push(Budget {
            what: if *backend == "SQLite" {
                "desk first page p99 on SQLite, 100,000 requests (20,000 open)"
            } else {
                "desk first page p99 on PostgreSQL, 100,000 requests (20,000 open)"
            },
            figure: format!("{ms:.1} ms"),
            limit: "≤ 100 ms",
            met: ms <= 100.0,
        });
    }
    if rows.is_empty() {
        bail!("the desk run printed no `desk …` figures");
    }
    Ok((
        Section {
            title: "The vendor's desk (`cargo bench -p covered-cli --bench desk`: 100,000 requests written into the database, 20,000 open; `GET /api/desk` over HTTP)".to_owned(),
            head: ["", "latency", "the run"],
            rows,
        },
        budgets,
    ))
}

// ---------------------------------------------------------------- a million requests

/// The figures of `cargo bench -p covered-cli --bench million`, by the name it prints.
const MILLION: [(&str, &str, &str); 8] = [
    (
        "submission",
        "a submission's p99 at 1,000,000 requests, SQLite",
        "a submission's p99 at 1,000,000 requests, PostgreSQL",
    ),
    (
        "list_(customer)",
        "a customer's request list p99 at 1,000,000 requests, SQLite",
        "a customer's request list p99 at 1,000,000 requests, PostgreSQL",
    ),
    (
        "list_(vendor)",
        "the vendor's request list p99 at 1,000,000 requests, SQLite",
        "the vendor's request list p99 at 1,000,000 requests, PostgreSQL",
    ),
    (
        "quota",
        "a contract's quota p99 at 1,000,000 requests, SQLite",
        "a contract's quota p99 at 1,000,000 requests, PostgreSQL",
    ),
    (
        "KPI",
        "a contract's KPIs p99 at 1,000,000 requests, SQLite",
        "a contract's KPIs p99 at 1,000,000 requests, PostgreSQL",
    ),
    (
        "submission_(quiet_contract)",
        "a submission's p99 at 1,000,000 requests, none its contract's, SQLite",
        "a submission's p99 at 1,000,000 requests, none its contract's, PostgreSQL",
    ),
    (
        "quota_(quiet_contract)",
        "a quota's p99 at 1,000,000 requests, none its contract's, SQLite",
        "a quota's p99 at 1,000,000 requests, none its contract's, PostgreSQL",
    ),
    (
        "KPI_(quiet_contract)",
        "KPIs' p99 at 1,000,000 requests, none their contract's, SQLite",
        "KPIs' p99 at 1,000,000 requests, none their contract's, PostgreSQL",
    ),
];

/// A million stored requests: `cargo bench -p covered-cli --bench million` (1,000,000
/// requests over 1,000 contracts written into SQLite and into a throwaway PostgreSQL
/// cluster) times a submission, the request lists, a quota and a KPI report over HTTP,
/// against the same store nearly empty. Its `million …` lines become a table and one
/// budget per figure and database: p99 within 2× of the empty store's.
fn million_load(project: &Project) -> Result<(Section, Vec<Budget>)> {
    let cluster = crate::postgres::Cluster::start()?;
    let stdout = cargo_bench_named(
        project,
        "covered-cli",
        "million",
        &[("COVERED_BENCH_DATABASE_URL", cluster.url())],
    )?;
    drop(cluster);
    let mut rows = Vec::new();
    let mut budgets = Vec::new();
    for line in stdout.lines() {
        // `million SQLite submission p50 3.10 ms p99 5.20 ms empty_p50 2.9 ms empty_p99 4.1 ms`
        // or `million SQLite seeded 1000000 requests … in 41.0 s; …`
        let Some(rest) = line.strip_prefix("million ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let after = |key: &str| {
            words
                .iter()
                .position(|w| *w == key)
                .and_then(|i| words.get(i + 1))
                .copied()
        };
        let (Some(backend), Some(name)) = (words.first(), words.get(1)) else {
            continue;
        };
        if *name == "seeded" {
            rows.push([
                format!("{backend}: seeding"),
                String::new(),
                rest.trim_start_matches(backend).trim().to_owned(),
            ]);
            continue;
        }
        let (Some(p50), Some(p99), Some(e50), Some(e99)) = (
            after("p50"),
            after("p99"),
            after("empty_p50"),
            after("empty_p99"),
        ) else {
            continue;
        };
        let Some(&(_, sqlite, postgres)) = MILLION.iter().find(|(n, _, _)| n == name) else {
            continue;
        };
        rows.push([
            format!("{backend}: {}", name.replace('_', " ")),
            format!("p50 {p50} ms, p99 {p99} ms"),
            format!("empty store: p50 {e50} ms, p99 {e99} ms"),
        ]);
        let (full, empty) = (
            p99.parse::<f64>().unwrap_or(f64::NAN),
            e99.parse::<f64>().unwrap_or(f64::NAN),
        );
        budgets.push(Budget {
            what: if *backend == "SQLite" {
                sqlite
            } else {
                postgres
            },
            figure: format!("{full:.1} ms (empty {empty:.1} ms)"),
            limit: "≤ 2× empty",
            // A floor of 1 ms for answers too quick to compare.
            met: full <= 2.0 * empty.max(1.0),
        });
    }
    if budgets.is_empty() {
        bail!("the million run printed no `million …` figures");
    }
    Ok((
        Section {
            title: "A million stored requests (`cargo bench -p covered-cli --bench million`: 1,000,000 requests over 1,000 contracts written into the database; over HTTP, against the same store nearly empty)".to_owned(),
            head: ["", "at 1,000,000", "empty"],
            rows,
        },
        budgets,
    ))
}

// ---------------------------------------------------------------- loading

/// Loading a data directory as its history grows: `cargo bench -p covered-core --bench
/// load` (the library sample with a generated history of 10,000 and of 1,000,000
/// requests). Its `load: …` lines become a table and two budgets: a million requests
/// within 5 s, and the time per request at a million within 1.5× that at ten thousand.
fn history_load(project: &Project) -> Result<(Section, Vec<Budget>)> {
    let stdout = cargo_bench(project, "covered-core", &[])?;
    // `load: 1000000 requests in 2.345 s (2.345 µs a request, best of 1)`
    let mut figures = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("load: ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let number = |i: usize| {
            words
                .get(i)
                .map(|w| w.trim_start_matches('('))
                .and_then(|w| w.parse::<f64>().ok())
        };
        if let (Some(n), Some(seconds), Some(per)) = (number(0), number(3), number(5)) {
            figures.push((n, seconds, per));
        }
    }
    let at = |n: f64| figures.iter().find(|f| f.0 == n).copied();
    let (Some(small), Some(large)) = (at(10_000.0), at(1_000_000.0)) else {
        bail!("the loading run printed no `load: …` figures for 10,000 and 1,000,000 requests");
    };
    let growth = large.2 / small.2;
    let rows = figures
        .iter()
        .map(|(n, seconds, per)| {
            [
                format!("{} requests", thousands(*n)),
                format!("{seconds:.3} s"),
                format!("{per:.2} µs a request"),
            ]
        })
        .collect();
    Ok((
        Section {
            title: "Loading and validating the library sample with a generated history (`cargo bench -p covered-core --bench load`)".into(),
            head: ["history", "load", "per request"],
            rows,
        },
        vec![
            Budget {
                what: "loading a 1,000,000-request history (natively)",
                figure: format!("{:.2} s", large.1),
                limit: "≤ 5 s",
                met: large.1 <= 5.0,
            },
            Budget {
                what: "load time per request at 1,000,000 against 10,000 requests",
                figure: format!("{growth:.2}×"),
                limit: "≤ 1.5×",
                met: growth <= 1.5,
            },
        ],
    ))
}

/// covered-core's string API (`api::due`) against workclock on the same 100,000
/// deadlines per calendar, in one process: `cargo bench -p covered-core --bench peer`.
/// Its `peer …` lines become a table, its first calendar's figures two budgets; the
/// bench itself fails when an answer differs.
fn peer_deadlines(project: &Project) -> Result<(Section, Vec<Budget>)> {
    peer_report(&cargo_bench_named(project, "covered-core", "peer", &[])?)
}

/// The table and budgets of the peer bench's output.
fn peer_report(stdout: &str) -> Result<(Section, Vec<Budget>)> {
    // `peer Mon–Fri 09:00–18:00   covered  120.0 ns  workclock 1380.0 ns  ratio 11.5×
    // identical 100000/100000  full-clock 900.0 ns`
    let mut rows = Vec::new();
    let mut first = None;
    for line in stdout.lines() {
        let Some((name, rest)) = line
            .strip_prefix("peer ")
            .and_then(|l| l.split_once(" covered "))
        else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let after = |key: &str| {
            words
                .iter()
                .position(|w| *w == key)
                .and_then(|i| words.get(i + 1))
                .copied()
                .unwrap_or("?")
        };
        let number = |w: &str| w.parse::<f64>().unwrap_or(f64::NAN);
        let (ours, theirs) = (
            number(words.first().copied().unwrap_or("?")),
            number(after("workclock")),
        );
        let ratio = theirs / ours;
        let (identical, full) = (after("identical"), number(after("full-clock")));
        first.get_or_insert((name.trim().to_owned(), ours, ratio));
        rows.push([
            name.trim().to_owned(),
            format!("{} / {}", duration(ours), duration(theirs)),
            format!(
                "{ratio:.1}× faster; {} answers identical; the full clock with its trace {}",
                identical.replace('/', " of "),
                duration(full)
            ),
        ]);
    }
    let Some((name, ours, ratio)) = first else {
        bail!("the peer run printed no `peer …` figures");
    };
    let run = stdout
        .lines()
        .find_map(|l| l.strip_prefix("peer run: "))
        .unwrap_or("")
        .to_owned();
    Ok((
        Section {
            title: format!(
                "String API deadlines natively against workclock (`cargo bench -p covered-core --bench peer`: {run}; ISO-8601 start in, due with offset out, on Korean calendars in Asia/Seoul with the 2026–2028 holidays)"
            ),
            head: ["calendar", "covered / workclock, one", "detail"],
            rows,
        },
        vec![
            Budget {
                what: "deadline via the string API (`api::due`, Mon–Fri 09:00–18:00)",
                figure: duration(ours),
                limit: "≤ 150 ns",
                met: ours <= 150.0 && name.starts_with("Mon–Fri 09:00–18:00"),
            },
            Budget {
                what: "covered vs workclock, string in and out (Mon–Fri 09:00–18:00)",
                figure: format!("{ratio:.1}×"),
                limit: "≥ 5×",
                met: ratio >= 5.0,
            },
        ],
    ))
}

/// Runs `cargo bench --package <package> --bench load` with `env` and returns what it
/// printed (printed here too); its errors are shown when it fails.
fn cargo_bench(project: &Project, package: &str, env: &[(&str, &str)]) -> Result<String> {
    cargo_bench_named(project, package, "load", env)
}

/// `cargo bench --package <package> --bench <bench>` with `env`; its standard output.
fn cargo_bench_named(
    project: &Project,
    package: &str,
    bench: &str,
    env: &[(&str, &str)],
) -> Result<String> {
    let line = format!("cargo bench --package {package} --bench {bench}");
    println!("$ {line}");
    let output = shell::cargo()
        .current_dir(project.root())
        .args(["bench", "--package", package, "--bench", bench])
        .envs(env.iter().copied())
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{stdout}");
    if !output.status.success() {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        bail!("`{line}` failed ({})", output.status);
    }
    Ok(stdout)
}

// ---------------------------------------------------------------- the report

/// A table: a title, a header and rows of three cells.
#[derive(Debug)]
struct Section {
    title: String,
    head: [&'static str; 3],
    rows: Vec<[String; 3]>,
}

/// One budget: what, the figure, the limit, met or not.
#[derive(Debug)]
struct Budget {
    what: &'static str,
    figure: String,
    limit: &'static str,
    met: bool,
}

#[derive(Debug)]
struct Report {
    sections: Vec<Section>,
    budgets: Vec<Budget>,
}

impl Report {
    fn new(
        native: &Native,
        node: &Value,
        browser: &Value,
        more: Vec<(Section, Vec<Budget>)>,
    ) -> Report {
        let num = |v: &Value, path: &str| field(v, path).as_f64().unwrap_or(f64::NAN);
        let ratio_year = native.year / native.hour;
        let native_rows = vec![
            deadline_row("1 hour", native.hour),
            deadline_row("3 business days", native.three_days),
            deadline_row("250 business days", native.year),
            deadline_row("150,000 business minutes", native.long_minutes),
            [
                "a full verdict (parse the request, judge, quota, severity, deadlines)".into(),
                String::new(),
                duration(native.verdict),
            ],
            [
                "quota status over a 100,000-request history (its index, built at load)".into(),
                String::new(),
                duration(native.quota),
            ],
            [
                "the same by passing over the history (as the wasm builds count)".into(),
                String::new(),
                duration(native.quota_scan),
            ],
        ];

        let count = num(node, "count");
        let (wasm_ms, moment_ms) = (num(node, "wasm_ms"), num(node, "moment_ms"));
        let speedup = num(node, "ratio");
        let (agree, differ) = (num(node, "agree"), num(node, "differ"));
        let node_rows = vec![
            [
                "covered (wasm, `CoveredCalendar.due`)".into(),
                format!("{} ms", thousands(wasm_ms)),
                duration(wasm_ms * 1e6 / count),
            ],
            [
                format!(
                    "moment-business-time {} (`addWorkingTime`, moment {})",
                    text(node, "versions.moment-business-time"),
                    text(node, "versions.moment")
                ),
                format!("{} ms", thousands(moment_ms)),
                duration(moment_ms * 1e6 / count),
            ],
            [
                "ratio".into(),
                format!("wasm {speedup:.0}× faster"),
                String::new(),
            ],
            [
                "answers".into(),
                format!("{} of {} identical", thousands(agree), thousands(count)),
                format!(
                    "{} differ; {} due exactly at 18:00",
                    thousands(differ),
                    thousands(num(node, "due_on_closing_time"))
                ),
            ],
        ];

        let kb = |bytes: f64| format!("{:.1} KB", bytes / 1024.0);
        let samples = |v: &Value, digits: usize| {
            v.as_array()
                .map(|xs| {
                    xs.iter()
                        .map(|x| format!("{:.digits$}", x.as_f64().unwrap_or(f64::NAN)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let loads = num(browser, "loads");
        let portal = field(browser, "portal");
        let widget = field(browser, "widget");
        let package = field(browser, "package");
        let browser_rows = vec![
            [
                "portal: first load, gzipped as sent (raw)".into(),
                kb(num(portal, "median.gz_bytes")),
                format!("({})", kb(num(portal, "median.raw_bytes"))),
            ],
            [
                "portal: time to interactive".into(),
                format!("{:.0} ms", num(portal, "median.interactive_ms")),
                format!(
                    "samples {} ms at load average {}",
                    samples(field(portal, "interactive_ms"), 0),
                    samples(field(portal, "load_average"), 2)
                ),
            ],
            [
                "portal: verdict recompute on a keystroke (worst)".into(),
                format!("{:.2} ms", num(portal, "worst_recompute_ms")),
                format!(
                    "keystroke to re-rendered verdict {:.1} ms (median), {:.1} ms (worst)",
                    num(portal, "median.keystroke_ms"),
                    num(portal, "median.keystroke_worst_ms")
                ),
            ],
            [
                "widget (embed.html): first load, gzipped as sent (raw)".into(),
                kb(num(widget, "median.gz_bytes")),
                format!("({})", kb(num(widget, "median.raw_bytes"))),
            ],
            [
                "widget: time to interactive (first answer on screen)".into(),
                format!("{:.0} ms", num(widget, "median.interactive_ms")),
                format!("samples {} ms", samples(field(widget, "interactive_ms"), 0)),
            ],
            [
                "widget: first answer after module and data are ready".into(),
                format!("{:.1} ms", num(widget, "median.first_answer_ms")),
                format!(
                    "samples {} ms",
                    samples(field(widget, "first_answer_ms"), 1)
                ),
            ],
            [
                "calculator package (wasm + JS glue), gzipped (raw)".into(),
                kb(num(package, "gzBytes")),
                format!("({})", kb(num(package, "rawBytes"))),
            ],
        ];

        let mut sections = vec![
            Section {
                title: "Native engine (criterion, `cargo bench -p covered-core --bench engine`; 48 request times around 추석 2025 on a 10×5 Korean calendar)".into(),
                head: ["", "48 deadlines", "one"],
                rows: native_rows,
            },
            Section {
                title: format!(
                    "WebAssembly engine in Node {} against moment-business-time ({} deadlines over 2026–2027, Korean 10×5 calendar; `tests/bench/deadlines.mjs`)",
                    text(node, "versions.node"),
                    thousands(count)
                ),
                head: ["", "all deadlines", "one"],
                rows: node_rows,
            },
            Section {
                title: format!(
                    "Portal and widget in headless Chromium {} (median of {loads:.0} fresh loads each, on loopback; `tests/browser/bench.mjs`)",
                    text(browser, "chromium")
                ),
                head: ["", "figure", "detail"],
                rows: browser_rows,
            },
        ];
        let mut more_budgets = Vec::new();
        for (section, budgets) in more {
            sections.push(section);
            more_budgets.extend(budgets);
        }

        let package_kb = num(package, "gzBytes") / 1024.0;
        let first_answer = num(widget, "median.first_answer_ms");
        let portal_kb = num(portal, "median.gz_bytes") / 1024.0;
        let portal_tti = num(portal, "median.interactive_ms");
        let recompute = num(portal, "worst_recompute_ms");
        let keystroke = num(portal, "median.keystroke_ms");
        let keystroke_worst = num(portal, "median.keystroke_worst_ms");
        let mut budgets = vec![
            Budget {
                what: "calculator package (wasm + JS glue) gzipped",
                figure: format!("{package_kb:.1} KB"),
                limit: "≤ 200 KB",
                met: package_kb <= 200.0,
            },
            Budget {
                what: "widget's first answer after the module loads (median)",
                figure: format!(
                    "{first_answer:.1} ms (best {:.1})",
                    num(widget, "best_first_answer_ms")
                ),
                limit: "≤ 50 ms",
                met: first_answer <= 50.0,
            },
            Budget {
                what: "portal first load, gzipped transferred",
                figure: format!("{portal_kb:.1} KB"),
                limit: "≤ 300 KB",
                met: portal_kb <= 300.0,
            },
            // The budget is for an idle machine: the load average is said beside it.
            Budget {
                what: "portal interactive on loopback (median; on an idle machine)",
                figure: format!(
                    "{portal_tti:.0} ms at load average {:.2}",
                    num(portal, "median.load_average")
                ),
                limit: "≤ 250 ms",
                met: portal_tti <= 250.0,
            },
            Budget {
                what: "verdict recompute on a keystroke (worst)",
                figure: format!("{recompute:.2} ms"),
                limit: "≤ 16 ms",
                met: recompute <= 16.0,
            },
            Budget {
                what: "keystroke to re-rendered verdict (median; worst)",
                figure: format!("{keystroke:.1} ms; {keystroke_worst:.1} ms"),
                limit: "≤ 16 ms; ≤ 33 ms",
                met: keystroke <= 16.0 && keystroke_worst <= 33.0,
            },
            Budget {
                what: "wasm in Node vs moment-business-time, identical answers",
                figure: format!("{speedup:.0}×, {differ:.0} differ"),
                limit: "≥ 10×, 0 differ",
                met: speedup >= 10.0 && differ == 0.0 && agree == count,
            },
            Budget {
                what: "250-business-day deadline vs a 1-hour one",
                figure: format!("{ratio_year:.2}×"),
                limit: "≤ 3×",
                met: ratio_year <= 3.0,
            },
            Budget {
                what: "a full verdict, natively (parse the request, judge, quota, severity, deadlines)",
                figure: duration(native.verdict),
                limit: "≤ 5 µs",
                met: native.verdict <= 5_000.0,
            },
            Budget {
                what: "quota status over a 100,000-request history, natively",
                figure: duration(native.quota),
                limit: "≤ 200 µs",
                met: native.quota <= 200_000.0,
            },
        ];
        budgets.extend(more_budgets);
        Report { sections, budgets }
    }

    /// For the terminal: aligned columns, then `budget: … pass|FAIL` lines.
    fn text(&self) -> String {
        let mut s = String::new();
        for section in &self.sections {
            let width = |i: usize| {
                section
                    .rows
                    .iter()
                    .map(|row| row.get(i).map_or(0, |c| c.chars().count()))
                    .max()
                    .unwrap_or(0)
            };
            let (w0, w1) = (width(0), width(1));
            let _ = writeln!(s, "{}", section.title);
            for [a, b, c] in &section.rows {
                let _ = writeln!(s, "  {a:<w0$}  {b:>w1$}  {c}");
            }
            s.push('\n');
        }
        for b in &self.budgets {
            let _ = writeln!(
                s,
                "budget: {}: {} ({}) {}",
                b.what,
                b.figure,
                b.limit,
                if b.met { "pass" } else { "FAIL" }
            );
        }
        s
    }

    /// For BENCHMARKS.md: one table per section, then the budgets.
    fn markdown(&self) -> String {
        let mut s = String::new();
        for section in &self.sections {
            let [h0, h1, h2] = section.head;
            let _ = writeln!(s, "**{}**\n", section.title);
            let _ = writeln!(s, "| {h0} | {h1} | {h2} |\n|---|--:|---|");
            for [a, b, c] in &section.rows {
                let _ = writeln!(s, "| {a} | {b} | {c} |");
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "**Budgets**\n\n| budget | measured | limit | |\n|---|--:|---|---|"
        );
        for b in &self.budgets {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                b.what,
                b.figure,
                b.limit,
                if b.met { "pass" } else { "**FAIL**" }
            );
        }
        s
    }
}

/// A criterion deadline figure: per 48 deadlines and per deadline.
fn deadline_row(name: &str, ns_per_48: f64) -> [String; 3] {
    [
        name.to_owned(),
        duration(ns_per_48),
        duration(ns_per_48 / STARTS),
    ]
}

/// Nanoseconds as ns, µs or ms with three significant digits.
fn duration(ns: f64) -> String {
    let (value, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else {
        (ns / 1e6, "ms")
    };
    let digits = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    format!("{value:.digits$} {unit}")
}

/// A whole number with thousands separators: `100,000`.
fn thousands(n: f64) -> String {
    if !n.is_finite() {
        return "?".to_owned();
    }
    let digits = format!("{:.0}", n.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0.0 { format!("-{out}") } else { out }
}

fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    format!("{} min {:02} s", s / 60, s % 60)
}

// ---------------------------------------------------------------- the machine

#[derive(Debug)]
struct Machine {
    cpu: String,
    cores: usize,
    memory: String,
    os: String,
    rustc: String,
    node: String,
    chromium: String,
    date: String,
    load: String,
}

impl Machine {
    fn read(browser: &Value, load_before: String) -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let field = |text: &str, name: &str| {
            text.lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(key, _)| key.trim() == name)
                .map(|(_, value)| value.trim().to_owned())
        };
        let ask = |program: &str, args: &[&str]| {
            shell::ask(Command::new(program).args(args))
                .map(|out| out.trim().to_owned())
                .unwrap_or_else(|| "unknown".to_owned())
        };
        let os_release = fs::read_to_string("/etc/os-release").unwrap_or_default();
        Machine {
            cpu: field(&cpuinfo, "model name").unwrap_or_else(|| "unknown".to_owned()),
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory: field(
                &fs::read_to_string("/proc/meminfo").unwrap_or_default(),
                "MemTotal",
            )
            .and_then(|kb| kb.trim_end_matches(" kB").parse::<f64>().ok())
            .map_or_else(
                || "unknown".to_owned(),
                |kb| format!("{:.1} GB", kb / 1024.0 / 1024.0),
            ),
            os: os_release
                .lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .unwrap_or("unknown")
                .trim_matches('"')
                .to_owned(),
            rustc: ask("rustc", &["--version"]),
            node: ask("node", &["--version"]),
            chromium: text(browser, "chromium").to_owned(),
            date: ask("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            load: format!("{load_before} before, {} after", read_loadavg()),
        }
    }

    fn lines(&self) -> Vec<(&'static str, String)> {
        vec![
            ("date", self.date.clone()),
            ("CPU", format!("{} × {} cores", self.cpu, self.cores)),
            ("memory", self.memory.clone()),
            ("OS", self.os.clone()),
            ("rustc", self.rustc.clone()),
            ("Node.js", self.node.clone()),
            ("Chromium", self.chromium.clone()),
            ("load average (1 min)", self.load.clone()),
        ]
    }

    fn text(&self) -> String {
        let mut s = "machine:\n".to_owned();
        for (name, value) in self.lines() {
            let _ = writeln!(s, "  {name:<20}  {value}");
        }
        s
    }

    fn markdown(&self) -> String {
        let mut s = "**Machine**\n\n| | |\n|---|---|\n".to_owned();
        for (name, value) in self.lines() {
            let _ = writeln!(s, "| {name} | {value} |");
        }
        s
    }
}

/// The 1-minute load average (the machine is shared: other builds skew the figures).
fn read_loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

// ---------------------------------------------------------------- files

/// The value at a dotted `path` (`"median.gz_bytes"`), `null` when there is none.
fn field<'a>(v: &'a Value, path: &str) -> &'a Value {
    v.pointer(&format!("/{}", path.replace('.', "/")))
        .unwrap_or(&Value::Null)
}

/// The string at a dotted `path`, `?` when there is none.
fn text<'a>(v: &'a Value, path: &str) -> &'a str {
    field(v, path).as_str().unwrap_or("?")
}

fn read_json(path: &Path) -> Result<Value> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

/// Replaces what is between the markers of `path` with `figures`.
fn write_figures(path: &Path, figures: &str) -> Result<()> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let updated = replace_between(&text, figures).with_context(|| {
        format!(
            "{} needs a `{BEGIN}` line and, after it, an `{END}` line",
            path.display()
        )
    })?;
    fs::write(path, updated).with_context(|| format!("cannot write {}", path.display()))
}

/// `text` with what is between the markers replaced by `figures`; `None` without them.
fn replace_between(text: &str, figures: &str) -> Option<String> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = start + text.get(start..)?.find(END)?;
    Some(format!(
        "{}\n{}\n{}",
        text.get(..start)?,
        figures.trim_end(),
        text.get(end..)?
    ))
}

#[cfg(test)]
mod tests {
    use super::{duration, peer_report, replace_between, thousands};

    #[test]
    #[allow(clippy::unwrap_used, clippy::indexing_slicing)]
    fn peer_lines_become_rows_and_budgets() {
        let out = "peer run: 100000 deadlines per calendar, median on-CPU time of 7 passes each, workclock 0.1.4 on jiff 0.2\n\
            peer Mon–Fri 09:00–18:00                covered    109.6 ns  workclock    751.2 ns  ratio   6.9×  identical 100000/100000  full-clock 477.2 ns\n\
            peer 16×7 (every day 06:00–22:00)       covered    191.3 ns  workclock    917.8 ns  ratio   4.8×  identical 100000/100000  full-clock 395.3 ns\n\
            budget: deadline via the string API (Mon–Fri 09:00–18:00): 110 ns ≤ 150 pass\n";
        let (section, budgets) = peer_report(out).unwrap();
        assert!(section.title.contains("100000 deadlines per calendar"));
        assert_eq!(section.rows.len(), 2);
        assert_eq!(section.rows[0][0], "Mon–Fri 09:00–18:00");
        assert_eq!(section.rows[0][1], "110 ns / 751 ns");
        assert!(section.rows[0][2].starts_with("6.9× faster; 100000 of 100000 answers identical"));
        // The budgets judge the first calendar only.
        assert_eq!(budgets.len(), 2);
        assert!(budgets[0].met && budgets[1].met);
        assert_eq!(budgets[1].figure, "6.9×");
        assert!(peer_report("nothing here").is_err());
    }

    #[test]
    fn figures_go_between_the_markers() {
        let text = "# B\n<!-- figures:begin -->\nold\n<!-- figures:end -->\nafter\n";
        assert_eq!(
            replace_between(text, "new\n").as_deref(),
            Some("# B\n<!-- figures:begin -->\nnew\n<!-- figures:end -->\nafter\n")
        );
        assert_eq!(replace_between("no markers", "x"), None);
        assert_eq!(
            replace_between("<!-- figures:end --> <!-- figures:begin -->", "x"),
            None
        );
    }

    #[test]
    fn durations_keep_three_digits() {
        assert_eq!(duration(240.4), "240 ns");
        assert_eq!(duration(11_454.2), "11.5 µs");
        assert_eq!(duration(4_700_000.0), "4.70 ms");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(100_000.0), "100,000");
        assert_eq!(thousands(89_296.4), "89,296");
        assert_eq!(thousands(531.0), "531");
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(-1234.0), "-1,234");
        assert_eq!(thousands(f64::NAN), "?");
    }
}
