//! The `covered` command line as a user meets it: every subcommand's help with its
//! examples, `--option=value`, one exit-code rule (0 ok, 1 invalid, 2 usage or unreadable
//! input) across the subcommands, shell completions, and `covered serve --config`'s file
//! under the command line's options.

use super::support::{self, run, temp_dir};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const SUBCOMMANDS: &[&str] = &[
    "validate",
    "check",
    "deadline",
    "holidays",
    "credits",
    "quote",
    "kpi",
    "compare",
    "replay",
    "publish",
    "schema",
    "serve",
    "audit",
    "audit verify",
    "backup",
    "restore",
    "completions",
];

fn lib() -> String {
    support::data_dir().display().to_string()
}

#[test]
fn every_subcommand_has_help_with_examples_and_help_names_it_too() {
    for sub in SUBCOMMANDS {
        let words: Vec<&str> = sub.split(' ').collect();
        let (code, out, err) = run(&[words.as_slice(), &["--help"]].concat(), "");
        assert_eq!(code, 0, "covered {sub} --help: {err}");
        assert!(
            out.contains(&format!("Usage: covered {sub}")),
            "covered {sub} --help:\n{out}"
        );
        assert!(
            out.contains("Examples:\n  "),
            "covered {sub} --help:\n{out}"
        );
        // Each example is a command this program runs (or a shell line that does).
        let examples = out.split("Examples:\n").nth(1).unwrap();
        assert!(
            examples.contains(&format!("covered {sub}")),
            "covered {sub}'s examples don't run it:\n{examples}"
        );
        let (code, by_help, err) = run(&[&["help"], words.as_slice()].concat(), "");
        assert_eq!((code, by_help.as_str()), (0, out.as_str()), "{err}");
    }
    let (code, out, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    for sub in SUBCOMMANDS.iter().filter(|s| !s.contains(' ')) {
        assert!(out.contains(&format!("\n  {sub} ")), "{sub} not in:\n{out}");
    }
    assert!(out.contains("Exit codes (every subcommand):"), "{out}");
    assert!(out.contains("  2  usage or unreadable input"), "{out}");
    let (code, out, _) = run(&["--version"], "");
    assert_eq!(
        (code, out.trim()),
        (0, format!("covered {}", env!("CARGO_PKG_VERSION")).as_str())
    );
    // Options say their defaults; serve's, with their variables.
    let (_, out, _) = run(&["serve", "--help"], "");
    for says in [
        "[default: 8080]",
        "[default: 127.0.0.1]",
        "[env: DATABASE_URL] [default: sqlite://data/covered.db]",
        "[default: 1024]",
        "--log-format <FORMAT>",
        "--config <FILE>",
    ] {
        assert!(out.contains(says), "{says} not in:\n{out}");
    }
    // Without a subcommand: the help, on stderr, and exit 2.
    let (code, out, err) = run(&[], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("Usage: covered <COMMAND>"), "{err}");
}

#[test]
fn options_take_their_value_after_an_equals_sign_too() {
    let lib = lib();
    let spaced = run(
        &[
            "credits",
            &lib,
            "--contract",
            "hanbit-city",
            "--month",
            "2026-10",
        ],
        "",
    );
    let joined = run(
        &["credits", &lib, "--contract=hanbit-city", "--month=2026-10"],
        "",
    );
    assert_eq!(spaced.0, 0, "{}", spaced.2);
    assert_eq!(joined, spaced);
    let (code, out, err) = run(
        &[
            "kpi",
            &lib,
            "--contract=hanbit-city",
            "--from=2026-03-01",
            "--to=2026-11-30",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"mttr\""), "{out}");
    let (code, out, err) = run(
        &["deadline", &format!("--data={lib}")],
        r#"{"calendar": "office-10x5", "start": "2026-11-20T17:40:00", "minutes": 40}"#,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"due\": \"2026-11-23T08:20:00+09:00\""),
        "{out}"
    );
    // And a bad one is named the same way, whichever way it was written.
    let (code, _, err) = run(&["serve", "--max-hashes=0"], "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("covered: --max-hashes 0: expected a whole number from 1"),
        "{err}"
    );
}

#[test]
fn one_exit_code_rule_for_every_subcommand() {
    let lib = lib();
    let stats = r#"{"branch": "main", "product": "DLi", "version": "8", "category": "stats_query",
                    "answers": {"person_days": 4, "security_risk": false}}"#;
    let by_id = r#"{"calendar": "office-10x5", "start": "2026-11-20T17:40:00", "minutes": 40}"#;
    let no_such = temp_dir("args").join("no-such-dir").display().to_string();
    let cases: &[(&[&str], &str, i32, &str)] = &[
        // 0: done.
        (&["validate", &lib], "", 0, ""),
        (&["holidays", "2026"], "", 0, ""),
        (
            &[
                "check",
                &lib,
                "--contract",
                "hanbit-city",
                "--now",
                "2026-11-23T10:00:00",
            ],
            stats,
            0,
            "",
        ),
        // 1: read, and rejected by the data.
        (
            &[
                "credits",
                &lib,
                "--contract",
                "hanbit-city",
                "--month",
                "2020-01",
            ],
            "",
            1,
            "input: $.month: 2020-01 is outside the contract period",
        ),
        (&["replay", &lib, "--contract", "nowhere"], "", 1, "nowhere"),
        (
            &["quote", &lib],
            r#"{"kind": "fee"}"#,
            1,
            "input: $: missing field `licence`",
        ),
        (
            &[
                "compare",
                &lib,
                "--severity",
                "cosmic",
                "--at",
                "2026-11-20T22:30:00",
                "--licence",
                "1000",
            ],
            "",
            1,
            "input: $.severity",
        ),
        // 2: the command line or its input.
        (
            &["frobnicate"],
            "",
            2,
            "covered: unrecognized subcommand 'frobnicate'",
        ),
        (
            &["replay", &lib, "--colour", "red"],
            "",
            2,
            "covered: unexpected argument '--colour'",
        ),
        (
            &[
                "kpi",
                &lib,
                "--contract",
                "hanbit-city",
                "--from",
                "2026-01-01",
            ],
            "",
            2,
            "covered: the following required arguments were not provided:\n  --to <YYYY-MM-DD>",
        ),
        (
            &[
                "credits",
                &lib,
                "--contract",
                "hanbit-city",
                "--month",
                "2026-13",
            ],
            "",
            2,
            "covered: --month 2026-13: expected a month, YYYY-MM",
        ),
        (
            &[
                "check",
                &lib,
                "--contract",
                "hanbit-city",
                "--now",
                "tomorrow",
            ],
            stats,
            2,
            "covered: --now tomorrow: ",
        ),
        (
            &[
                "compare",
                &lib,
                "--severity",
                "critical",
                "--at",
                "2026-11-20T22:30:00",
                "--billing",
                "monthly",
            ],
            "",
            2,
            "covered: invalid value 'monthly' for '--billing <BILLING>'",
        ),
        (
            &["holidays", "twenty"],
            "",
            2,
            "covered: year twenty: expected a year, YYYY",
        ),
        (
            &["deadline"],
            by_id,
            2,
            "covered: input: $.calendar: \"office-10x5\" names a calendar, but no data directory was given (--data DIR)",
        ),
        (&["validate", &no_such], "", 2, "covered: "),
        (
            &["quote", &lib],
            "  \n",
            2,
            "covered: expected JSON on standard input",
        ),
        (
            &["serve", "--port", "65536"],
            "",
            2,
            "covered: --port 65536: expected a port number",
        ),
        (
            &["serve", "--host", "localhost:1"],
            "",
            2,
            "covered: --host localhost:1: expected an IP address",
        ),
        (&["audit"], "", 2, "Usage: covered audit <COMMAND>"),
        (
            &["audit", "verify", "--db", &no_such],
            "",
            2,
            "covered: --db",
        ),
        (
            &["completions", "tcsh"],
            "",
            2,
            "covered: invalid value 'tcsh'",
        ),
    ];
    for (args, stdin, expected, says) in cases {
        let (code, _, err) = run(args, stdin);
        assert_eq!(code, *expected, "covered {args:?}: {err}");
        assert!(
            err.contains(says),
            "covered {args:?}: {says:?} not in:\n{err}"
        );
        if *expected == 2 && says.starts_with("covered: ") {
            assert!(err.starts_with("covered: "), "covered {args:?}:\n{err}");
        }
    }
}

#[test]
fn completions_for_bash_zsh_and_fish_know_the_subcommands_and_options() {
    for (shell, marker) in [
        ("bash", "complete -F _covered"),
        ("zsh", "#compdef covered"),
        ("fish", "complete -c covered"),
    ] {
        let (code, out, err) = run(&["completions", shell], "");
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}:\n{out}");
        for word in [
            "validate",
            "credits",
            "serve",
            "verify",
            "max-connections",
            "config",
        ] {
            assert!(out.contains(word), "{shell}: no {word} in\n{out}");
        }
    }
}

/// `covered serve args…` in `cwd`, with `DATABASE_URL` set to `env_db`; the address it
/// listens on, and its X-Server-Time at its first answer.
fn serve(cwd: &Path, env_db: &str, args: &[&str]) -> (std::process::Child, i64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_covered"))
        .arg("serve")
        .args(args)
        .current_dir(cwd)
        .env("DATABASE_URL", env_db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let addr: std::net::SocketAddr = loop {
        let line = lines
            .next()
            .expect("the server stopped before listening")
            .unwrap();
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest.trim_end_matches('/').parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let mut tcp = std::net::TcpStream::connect(addr).unwrap();
    tcp.write_all(b"GET /api/session HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    let time = answer
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("x-server-time: ")
                .map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("no x-server-time in\n{answer}"))
        .trim()
        .parse()
        .unwrap();
    (child, time)
}

fn ms(iso: &str) -> i64 {
    iso.parse::<covered_core::civil::Timestamp>()
        .unwrap()
        .as_millisecond()
}

#[test]
fn a_config_file_sets_serves_options_and_the_command_line_overrides_it() {
    let dir = temp_dir("config");
    let config = dir.join("covered.toml");
    std::fs::write(
        &config,
        format!(
            "# covered serve's options\n\
             data = {data:?}\n\
             accounts = {accounts:?}\n\
             db = \"sqlite://{db}\"\n\
             port = 0\n\
             now = 2026-11-23T10:00:00\n\
             max-connections = 64\n\
             header-timeout = 2.5\n\
             submissions-per-minute = 0\n\
             log-format = \"json\"\n",
            data = support::data_dir().display().to_string(),
            accounts = support::accounts_file().display().to_string(),
            db = dir.join("from-file.db").display(),
        ),
    )
    .unwrap();
    let env_db = format!("sqlite://{}", dir.join("from-env.db").display());
    let config_arg = config.display().to_string();
    // The file alone: its clock, its database (over DATABASE_URL's).
    let (mut child, time) = serve(&dir, &env_db, &["--config", &config_arg]);
    let _ = child.kill();
    let _ = child.wait();
    let start = ms("2026-11-23T10:00:00+09:00");
    assert!((start..start + 60_000).contains(&time), "{time}");
    assert!(dir.join("from-file.db").is_file());
    assert!(!dir.join("from-env.db").exists());
    // The command line over the file: another clock, another database.
    let flag_db = format!("sqlite://{}", dir.join("from-flag.db").display());
    let (mut child, time) = serve(
        &dir,
        &env_db,
        &[
            "--config",
            &config_arg,
            "--now=2026-12-01T09:00:00+09:00",
            "--db",
            &flag_db,
        ],
    );
    let _ = child.kill();
    let _ = child.wait();
    let start = ms("2026-12-01T09:00:00+09:00");
    assert!((start..start + 60_000).contains(&time), "{time}");
    assert!(dir.join("from-flag.db").is_file());
    // Neither: DATABASE_URL's database.
    let data = support::data_dir().display().to_string();
    let (mut child, _) = serve(&dir, &env_db, &["--port", "0", "--data", &data]);
    let _ = child.kill();
    let _ = child.wait();
    assert!(dir.join("from-env.db").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_config_files_mistakes_are_usage_errors_naming_the_file_the_line_and_the_key() {
    let dir = temp_dir("config-bad");
    let file = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let unknown = file("unknown.toml", "port = 8080\ncolour = \"red\"\n");
    let (code, _, err) = run(&["serve", "--config", &unknown], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!(
            "covered: {unknown}, line 2: colour = \"red\": unknown field `colour`, expected one of"
        )),
        "{err}"
    );
    let bad = file("bad.toml", "max-hashes = 0\n");
    let (code, _, err) = run(&["serve", "--config", &bad], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!(
            "covered: {bad}, line 1: max-hashes = 0: expected a whole number from 1"
        )),
        "{err}"
    );
    let not_toml = file("broken.toml", "port = [\n");
    let (code, _, err) = run(&["serve", "--config", &not_toml], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!("covered: {not_toml}, line 1: ")),
        "{err}"
    );
    let (code, _, err) = run(
        &[
            "serve",
            "--config",
            &dir.join("none.toml").display().to_string(),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("none.toml"), "{err}");
    // `static = true` in the file refuses the API server's options, wherever they are.
    let site = dir.display().to_string();
    let statics = file(
        "static.toml",
        &format!("static = true\nsite = {site:?}\ndb = \"x\"\n"),
    );
    let (code, _, err) = run(&["serve", "--config", &statics], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with(&format!("covered: {statics}: db has no use with --static")),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
