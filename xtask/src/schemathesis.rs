//! `cargo xtask schemathesis`: the API checked against its own OpenAPI document by
//! schemathesis (PyPI), on a fresh `covered serve` with the sample data on SQLite and
//! its clock pinned — three bounded runs: without a session, as a customer and as the
//! vendor's staff. Each checks that no answer is a server error, that every status and
//! content type is one the document lists for the operation, and that every body matches
//! the documented schema; the step fails on any failure.
//!
//! schemathesis is installed into a virtual environment of its own under the user's
//! cache (`~/.cache/covered/`), once per version: a warm run only asks it its version.
//! The runs are fed the sample's real ids (contracts, requests filed here first, the
//! catalog's categories and statuses, read through the API) so that the generated calls
//! reach past "not found".

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::install;
use crate::project::Project;
use crate::serve::Served;
use crate::shell;

/// The schemathesis release the checks run with.
const VERSION: &str = "4.32.5";

/// anyio, which schemathesis imports, at its last version before its lazy importer:
/// with that, an import made by one of the run's threads could fail inside Debian 12's
/// Python 3.11 ("AST constructor recursion depth mismatch"), a fault of the tool's, not
/// of the API.
const ANYIO: &str = "4.14.2";

/// The checks every run makes (`--checks`).
const CHECKS: &str = "not_a_server_error,status_code_conformance,\
                      response_schema_conformance,content_type_conformance";

/// The most test cases per operation and phase (`--max-examples`).
const MAX_EXAMPLES: u32 = 25;

/// The runs: who calls, and each one's time budget in seconds (`--max-time`, which the
/// fuzzing and stateful phases spend in full).
const RUNS: [(Caller, u32); 3] = [
    (Caller::Anonymous, 30),
    (Caller::Customer, 75),
    (Caller::Vendor, 60),
];

/// The seed of every run, so that a failure can be replayed (`--seed`).
const SEED: u32 = 20_261_123;

/// Who a run calls the API as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Customer,
    Vendor,
}

impl Caller {
    fn name(self) -> &'static str {
        match self {
            Caller::Anonymous => "without a session",
            Caller::Customer => "as a customer",
            Caller::Vendor => "as the vendor's staff",
        }
    }
}

/// Installs schemathesis when missing, serves the sample on a fresh database and runs
/// the checks with `binary` (a built `covered`).
pub fn run(project: &Project, binary: &Path) -> Result<()> {
    let schemathesis = install()?;
    let dir = project.target().join("schemathesis");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let db = dir.join("covered.db");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", db.display()));
        if file.exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot remove {}", file.display()))?;
        }
    }
    let served = Served::start(
        project,
        binary,
        vec![
            "--now".into(),
            "2026-11-23T10:00:00".into(),
            "--db".into(),
            db.into(),
        ],
    )?;
    let base = served.url.trim_end_matches('/').to_owned();
    let addr = base
        .strip_prefix("http://")
        .context("covered serve's address is not http://")?
        .to_owned();
    // Every session first: the runs post wrong passwords to /api/login, and the throttle
    // would refuse this address's logins after them.
    let accounts = demo_accounts(project)?;
    let customer = login(&addr, &accounts, "customer")?;
    let vendor = login(&addr, &accounts, "vendor")?;
    let config = dir.join("schemathesis.toml");
    std::fs::write(&config, config_text(&addr, &customer, &vendor)?)
        .with_context(|| format!("cannot write {}", config.display()))?;
    let mut failed = Vec::new();
    let mut total = Duration::ZERO;
    for (caller, seconds) in RUNS {
        let session = match caller {
            Caller::Anonymous => None,
            Caller::Customer => Some(&customer),
            Caller::Vendor => Some(&vendor),
        };
        let started = Instant::now();
        let ok = run_once(
            &schemathesis,
            &dir,
            &config,
            &base,
            caller,
            session,
            seconds,
        )?;
        total += started.elapsed();
        if !ok {
            failed.push(caller.name());
        }
    }
    drop(served);
    println!(
        "schemathesis: {} runs in {:.1} s",
        RUNS.len(),
        total.as_secs_f64()
    );
    if !failed.is_empty() {
        bail!(
            "schemathesis found failures {} (see above; each run's whole output is in {})",
            failed.join(", "),
            dir.display()
        );
    }
    Ok(())
}

/// The virtual environment's `schemathesis`, installed when it is not this version.
fn install() -> Result<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .context("neither XDG_CACHE_HOME nor HOME is set")?;
    let venv = cache
        .join("covered")
        .join(format!("schemathesis-{VERSION}-anyio-{ANYIO}"));
    let program = venv.join("bin").join("schemathesis");
    let installed = || {
        shell::ask(Command::new(&program).arg("--version"))
            .is_some_and(|v| v.trim().ends_with(VERSION))
    };
    if !installed() {
        let make = || shell::run_quietly(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        if make().is_err() {
            // Debian's Python makes virtual environments with python3-venv only.
            install::apt_install(&["python3-venv"])?;
            make()?;
        }
        shell::run_quietly(
            Command::new(venv.join("bin").join("python"))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .arg(format!("schemathesis=={VERSION}"))
                .arg(format!("anyio=={ANYIO}")),
        )?;
        if !installed() {
            bail!("{} does not answer --version {VERSION}", program.display());
        }
    }
    println!("schemathesis {VERSION}: {}", program.display());
    Ok(program)
}

/// One run of `schemathesis run` as `caller`; whether it found nothing. Its output goes
/// to a file; its summary (and its failures, if any) is printed.
fn run_once(
    schemathesis: &Path,
    dir: &Path,
    config: &Path,
    base: &str,
    caller: Caller,
    session: Option<&Session>,
    seconds: u32,
) -> Result<bool> {
    let mut command = Command::new(schemathesis);
    command
        .current_dir(dir)
        .arg("--config-file")
        .arg(config)
        .arg("--no-color")
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--url", &format!("{base}/api")])
        .args(["--checks", CHECKS])
        .args(["--max-examples", &MAX_EXAMPLES.to_string()])
        .args(["--max-time", &seconds.to_string()])
        .args(["--seed", &SEED.to_string()])
        // One worker: the tool's threads importing at once could fail in Python 3.11.
        .args(["--workers", "1"])
        .args(["--generation-database", "none"]);
    if let Some(s) = session {
        command
            .args(["--header", &format!("Cookie: {}", s.cookie)])
            .args(["--header", &format!("X-CSRF-Token: {}", s.csrf)])
            // Logging out would end the run's session.
            .args(["--exclude-path", "/logout"]);
    }
    println!(
        "\nschemathesis {} (at most {MAX_EXAMPLES} examples an operation, {seconds} s):",
        caller.name()
    );
    let output = command
        .output()
        .with_context(|| format!("cannot start {}", schemathesis.display()))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let file = dir.join(format!(
        "{}.txt",
        match caller {
            Caller::Anonymous => "anonymous",
            Caller::Customer => "customer",
            Caller::Vendor => "vendor",
        }
    ));
    std::fs::write(&file, &text).with_context(|| format!("cannot write {}", file.display()))?;
    let ok = output.status.success();
    for line in summary(&text, !ok) {
        println!("  {line}");
    }
    println!("  (the whole output: {})", file.display());
    Ok(ok)
}

/// The lines of schemathesis's output to show: its summary, and its failures before it
/// when `failures`.
fn summary(text: &str, failures: bool) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let from = |heading: &str| lines.iter().position(|l| l.contains(heading));
    let start = match (failures, from("FAILURES"), from("SUMMARY")) {
        (true, Some(f), _) => f,
        (_, _, Some(s)) => s,
        _ => lines.len().saturating_sub(30),
    };
    lines.get(start..).unwrap_or_default().to_vec()
}

/// A logged-in session: the `Cookie` header's value and the CSRF token.
#[derive(Debug)]
struct Session {
    cookie: String,
    csrf: String,
    /// The contracts it may see.
    contracts: Vec<String>,
}

/// The sample's demo accounts (`cli/demo/library-accounts.json`).
fn demo_accounts(project: &Project) -> Result<Value> {
    let path = project.root().join("cli/demo/library-accounts.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))
}

/// Logs in as the first of the demo accounts with `role` and a password.
fn login(addr: &str, accounts: &Value, role: &str) -> Result<Session> {
    let account = at(accounts, "/accounts")
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| {
            at(a, "/role") == role && at(a, "/password").is_string() && at(a, "/branch").is_null()
        })
        .with_context(|| format!("no {role} account with a password in the demo accounts"))?;
    let body = json!({"login": at(account, "/login"), "password": at(account, "/password")});
    let answer = http(addr, "POST", "/api/login", &[], Some(&body))?;
    if answer.status != 200 {
        bail!(
            "logging in as {}: {} {}",
            at(account, "/login"),
            answer.status,
            answer.body
        );
    }
    let cookie = answer
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .context("the login set no cookie")?
        .to_owned();
    let v: Value = serde_json::from_str(&answer.body).context("the login's answer")?;
    Ok(Session {
        cookie,
        csrf: at(&v, "/csrf_token")
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        contracts: at(&v, "/contracts")
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str().map(str::to_owned))
            .collect(),
    })
}

/// The configuration of every run: dictionaries of the sample's real values (the
/// customer's contracts, its products, versions and branches, the catalog's categories
/// and statuses, and requests filed now — one assigned, one resolved), which the
/// generated path ids and body fields take most of the time.
fn config_text(addr: &str, customer: &Session, vendor: &Session) -> Result<String> {
    let get = |path: &str| -> Result<Value> {
        let a = http(addr, "GET", path, &customer.headers(), None)?;
        if a.status != 200 {
            bail!("GET {path}: {} {}", a.status, a.body);
        }
        serde_json::from_str(&a.body).with_context(|| format!("GET {path}: not JSON"))
    };
    let contract_id = customer
        .contracts
        .first()
        .context("the customer account sees no contract")?
        .clone();
    let contract = get(&format!("/api/contracts/{contract_id}"))?;
    let summary = get("/api/contracts")?;
    let dataset = get("/api/dataset")?;
    let catalog: Value = serde_json::from_str(
        at(&dataset, "/files/catalog.json")
            .as_str()
            .context("the data set has no catalog.json")?,
    )
    .context("catalog.json")?;
    let strings = |v: &Value, key: &str| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x[key].as_str().map(str::to_owned))
            .collect()
    };
    let products = strings(at(&contract, "/products"), "product");
    let versions = strings(at(&contract, "/products"), "version");
    let branches = strings(at(&contract, "/branches"), "id");
    let categories = strings(at(&summary, "/categories"), "id");
    let statuses = strings(at(&catalog, "/lifecycle/statuses"), "id");
    // Requests to read, comment on, move and rate: a fault, filed as the form files one.
    let mut requests = Vec::new();
    for title in ["schemathesis 1", "schemathesis 2", "schemathesis 3"] {
        let body = json!({
            "contract": contract_id, "branch": branches.first(), "product": products.first(),
            "version": versions.first(), "category": "fault",
            "answers": {"impact": "whole_system", "cause": "process_stopped"},
            "requester": "schemathesis", "title": title,
        });
        let a = http(
            addr,
            "POST",
            "/api/requests",
            &customer.headers(),
            Some(&body),
        )?;
        if a.status != 201 {
            bail!("filing a request to test with: {} {}", a.status, a.body);
        }
        let v: Value = serde_json::from_str(&a.body).context("the filed request")?;
        requests.extend(at(&v, "/id").as_str().map(str::to_owned));
    }
    // One assigned, one resolved by the vendor's staff: what the customer's rating,
    // complaint and incident report, and its assignee's name, are about.
    if let [assigned, resolved, ..] = requests.as_slice() {
        let steps = [
            (assigned, "assign", json!({"assignee": "vendor"})),
            (resolved, "status", json!({"status": "in_progress"})),
            (
                resolved,
                "status",
                json!({"status": "resolved", "note": "schemathesis"}),
            ),
        ];
        for (id, what, body) in steps {
            let path = format!("/api/requests/{id}/{what}");
            let a = http(addr, "POST", &path, &vendor.headers(), Some(&body))?;
            if a.status != 200 {
                bail!("POST {path}: {} {}", a.status, a.body);
            }
        }
    }
    // The published checkers' tokens (the sample widgets file, which the server reads
    // with the sample data), so that the checker's files are answered, not only 404s.
    let widgets_file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../cli/demo/library-widgets.json");
    let widgets: Value = serde_json::from_str(
        &std::fs::read_to_string(&widgets_file)
            .with_context(|| format!("cannot read {}", widgets_file.display()))?,
    )
    .with_context(|| format!("{}: not JSON", widgets_file.display()))?;
    let tokens = strings(at(&widgets, "/widgets"), "share_token");
    let list = |values: &[String]| -> String {
        let quoted: Vec<String> = values.iter().map(|v| json!(v).to_string()).collect();
        format!("[{}]", quoted.join(", "))
    };
    let bind = |key: &str, dictionary: &str| {
        format!("\"{key}\" = {{ dictionary = \"{dictionary}\", probability = 0.9 }}")
    };
    Ok(format!(
        "# Written by `cargo xtask schemathesis` for one run: the sample's values.\n\
         [dictionaries.contracts]\nvalues = {}\n\
         [dictionaries.requests]\nvalues = {}\n\
         [dictionaries.products]\nvalues = {}\n\
         [dictionaries.versions]\nvalues = {}\n\
         [dictionaries.branches]\nvalues = {}\n\
         [dictionaries.categories]\nvalues = {}\n\
         [dictionaries.statuses]\nvalues = {}\n\
         [dictionaries.tokens]\nvalues = {}\n\n\
         [[operations]]\ninclude-path-regex = \"^/contracts/\"\nparameters = {{ {} }}\n\n\
         [[operations]]\ninclude-path-regex = \"^/requests/\"\nparameters = {{ {}, {} }}\n\n\
         [[operations]]\ninclude-path-regex = \"^/requests$|/check$\"\n\
         parameters = {{ {}, {}, {}, {}, {}, {} }}\n\n\
         [[operations]]\ninclude-path-regex = \"^/widget/\"\nparameters = {{ {} }}\n",
        list(std::slice::from_ref(&contract_id)),
        list(&requests),
        list(&products),
        list(&versions),
        list(&branches),
        list(&categories),
        list(&statuses),
        list(&tokens),
        bind("path.id", "contracts"),
        bind("path.id", "requests"),
        bind("body.status", "statuses"),
        bind("body.contract", "contracts"),
        bind("body.product", "products"),
        bind("body.version", "versions"),
        bind("body.branch", "branches"),
        bind("body.category", "categories"),
        bind("query.contract", "contracts"),
        bind("path.token", "tokens"),
    ))
}

impl Session {
    /// The headers that carry it.
    fn headers(&self) -> Vec<(String, String)> {
        vec![
            ("cookie".to_owned(), self.cookie.clone()),
            ("x-csrf-token".to_owned(), self.csrf.clone()),
        ]
    }
}

/// An answer: status, headers, body.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then_some(v.trim())
        })
    }
}

/// One HTTP/1.1 request to `addr` on its own connection (closed after the answer).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Option<&Value>,
) -> Result<Answer> {
    let mut stream =
        TcpStream::connect(addr).with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes())?;
    let mut got = Vec::new();
    stream
        .read_to_end(&mut got)
        .with_context(|| format!("{method} {path}: reading the answer"))?;
    let text = String::from_utf8_lossy(&got).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .with_context(|| format!("{method} {path}: not an HTTP answer: {text:?}"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("{method} {path}: no status in {head:?}"))?;
    Ok(Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}

/// The value at `pointer` in `v` (`null` when there is none).
fn at<'a>(v: &'a Value, pointer: &str) -> &'a Value {
    v.pointer(pointer).unwrap_or(&Value::Null)
}
