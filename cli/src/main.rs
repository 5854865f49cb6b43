//! The `covered` command: validate contract data and run its example cases, check a
//! request, compute a deadline, list holidays; and service credits, quotes, KPIs, a
//! package comparison and a history replay. JSON in and out; problems on stderr.
//!
//! Exit codes: 0 ok, 1 validation or case failure, 2 usage or unreadable input.

use covered_cli::data::{self, DataError};
use covered_core::calendar::Zone;
use covered_core::{Problems, api, verdict};
use std::io::Read;
use std::process::ExitCode;

/// mimalloc gives the memory a burst of password checks took (argon2, about 19 MB each)
/// back to the system once they are done; glibc's allocator kept it in each thread's
/// arena, so a server's memory stayed at its highest after a burst of logins.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  covered validate <data-dir>
  covered check <data-dir> --contract <id> [--now <iso>]   (request JSON on stdin)
  covered deadline [--data <data-dir>]                     (clock JSON on stdin)
  covered holidays <year> [--ics] [--data <data-dir> --calendar <id>]
  covered credits <data-dir> --contract <id> (--month <YYYY-MM> | --year <YYYY>)
  covered quote <data-dir>                                 (quote JSON on stdin)
  covered kpi <data-dir> --contract <id> --from <YYYY-MM-DD> --to <YYYY-MM-DD>
  covered compare <data-dir> --severity <id> --at <iso> [--licence <amount>]
                  [--contract <id>] [--billing annual|quarterly]
  covered replay <data-dir> --contract <id>
  covered serve [--data <dir>] [--site <dir>] [--port N] [--db <url>]
                [--accounts <file>] [--now <iso>]    (see `covered serve --help`)
  covered serve --static [--site <dir>] [--port N]         (the portal's files only)
  covered audit verify [--db <url>]      (walks the server's audit trail's hash chain)
  covered backup <file> [--db <url>]     (a consistent copy of the SQLite database, live)
  covered restore <file> [--db <url>] [--force]   (a checked backup put back in place)
  covered schema <kind>   (a data file's JSON Schema: index, catalog, contract, history,
                          outages, cases, request, notifications, mail)
  covered help

quote JSON: {\"kind\": \"fee\", \"licence\": \"150000000\", \"tier\": \"gold\"}
            (or \"rate\": \"0.19\", \"difficulty\": \"1.8\"; \"billing\": \"quarterly\")
            {\"kind\": \"change_request\", \"person_days\": \"4\"}   (\"test_person_days\" optional)
            {\"kind\": \"temporary_upgrade\", \"tier\": \"bronze\", \"hours\": \"5\"}

JSON goes out on stdout; problems go to stderr.
exit codes: 0 ok, 1 validation or case failure, 2 usage or unreadable input";

/// A failure with its exit code.
enum Fail {
    /// Bad usage or unreadable input (exit 2).
    Usage(String),
    /// Invalid data or a failed case (exit 1).
    Invalid(String),
}

impl From<Problems> for Fail {
    fn from(p: Problems) -> Self {
        Fail::Invalid(p.to_string())
    }
}

impl From<DataError> for Fail {
    fn from(e: DataError) -> Self {
        match e {
            DataError::Unreadable(m) => Fail::Usage(m),
            DataError::Invalid(p) => Fail::Invalid(p.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            // `serve` prints as it goes and returns nothing more.
            if !out.is_empty() {
                out_line(&out);
            }
            ExitCode::SUCCESS
        }
        Err(Fail::Usage(msg)) => {
            err_line(&format!("covered: {msg}"));
            ExitCode::from(2)
        }
        Err(Fail::Invalid(msg)) => {
            err_line(&msg);
            ExitCode::from(1)
        }
    }
}

/// Writes a line to stdout; a closed pipe (`covered … | head`) is not an error.
fn out_line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{s}");
}

/// Writes a line to stderr, ignoring a closed pipe.
fn err_line(s: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{s}");
}

fn run(args: &[String]) -> Result<String, Fail> {
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => return Err(Fail::Usage(format!("missing command\n{USAGE}"))),
    };
    match cmd {
        "validate" => validate(rest),
        "check" => check(rest),
        "deadline" => deadline(rest),
        "holidays" => holidays(rest),
        "credits" => credits(rest),
        "quote" => quote(rest),
        "kpi" => kpi(rest),
        "compare" => compare(rest),
        "replay" => replay(rest),
        "serve" => covered_cli::serve::main(rest)
            .map(|()| String::new())
            .map_err(Fail::Usage),
        "audit" => covered_cli::serve::audit::main(rest).map_err(|f| match f {
            covered_cli::serve::audit::Failure::Usage(m) => Fail::Usage(m),
            covered_cli::serve::audit::Failure::Broken(m) => Fail::Invalid(m),
        }),
        "backup" => covered_cli::serve::backup::backup_main(rest).map_err(Fail::Usage),
        "restore" => covered_cli::serve::backup::restore_main(rest).map_err(Fail::Usage),
        "schema" => covered_cli::schema::main(rest).map_err(Fail::Usage),
        "help" | "--help" | "-h" => Ok(USAGE.to_owned()),
        other => Err(Fail::Usage(format!("unknown command {other:?}\n{USAGE}"))),
    }
}

/// Positional arguments and `--flag value` pairs.
type Parsed<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);

/// Splits `args` into positionals and `--flag value` pairs (only `allowed` flags).
fn parse_flags<'a>(args: &'a [String], allowed: &[&str]) -> Result<Parsed<'a>, Fail> {
    let mut pos = Vec::new();
    let mut flags = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            if !allowed.contains(&name) {
                return Err(Fail::Usage(format!("unknown option --{name}\n{USAGE}")));
            }
            let Some(v) = it.next() else {
                return Err(Fail::Usage(format!("--{name} needs a value")));
            };
            flags.push((name, v.as_str()));
        } else {
            pos.push(a.as_str());
        }
    }
    Ok((pos, flags))
}

fn flag<'a>(flags: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    flags.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Fail> {
    serde_json::to_string_pretty(v).map_err(|e| Fail::Usage(format!("cannot write JSON: {e}")))
}

fn stdin_text() -> Result<String, Fail> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Fail::Usage(format!("cannot read standard input: {e}")))?;
    if s.trim().is_empty() {
        return Err(Fail::Usage("expected JSON on standard input".to_owned()));
    }
    Ok(s)
}

fn validate(args: &[String]) -> Result<String, Fail> {
    let (pos, _) = parse_flags(args, &[])?;
    let [dir] = pos.as_slice() else {
        return Err(Fail::Usage(format!(
            "validate takes one data directory\n{USAGE}"
        )));
    };
    let set = data::load_dir(dir)?;
    let results = verdict::run_cases(&set);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
    let summary = serde_json::json!({
        "ok": failed.is_empty(),
        "vendor": set.catalog.vendor_id,
        "catalog_version": set.catalog.version,
        "contracts": set.contracts.len(),
        "requests_in_histories": set.histories.values().map(Vec::len).sum::<usize>(),
        "cases": {"passed": results.len() - failed.len(), "failed": failed.len(), "results": results},
    });
    if failed.is_empty() {
        to_json(&summary)
    } else {
        let mut msg = String::new();
        for r in &failed {
            msg.push_str(&format!("case failed: {} ({})\n", r.name, r.origin));
            for f in &r.failures {
                msg.push_str(&format!("  {f}\n"));
            }
        }
        out_line(&to_json(&summary)?);
        Err(Fail::Invalid(msg.trim_end().to_owned()))
    }
}

fn check(args: &[String]) -> Result<String, Fail> {
    let (pos, flags) = parse_flags(args, &["contract", "now"])?;
    let [dir] = pos.as_slice() else {
        return Err(Fail::Usage(format!(
            "check takes one data directory\n{USAGE}"
        )));
    };
    let Some(contract) = flag(&flags, "contract") else {
        return Err(Fail::Usage("check needs --contract <id>".to_owned()));
    };
    let set = data::load_dir(dir)?;
    let zone = set
        .catalog
        .calendars
        .values()
        .next()
        .map(|c| c.calendar.zone().clone())
        .unwrap_or_else(Zone::seoul);
    let now =
        match flag(&flags, "now") {
            Some(s) => zone
                .parse_local(s)
                .map_err(|e| Fail::Usage(format!("--now: {e}")))?,
            // The command, not the core, reads the clock.
            None => zone.to_local(
                covered_core::civil::Timestamp::from_millisecond(
                    covered_cli::serve::clock::system_ms(),
                )
                .map_err(|e| Fail::Usage(format!("the system clock: {e}")))?,
            ),
        };
    let request = stdin_text()?;
    let v = api::check(&set, contract, &request, now)?;
    to_json(&v)
}

fn deadline(args: &[String]) -> Result<String, Fail> {
    let (pos, flags) = parse_flags(args, &["data"])?;
    if !pos.is_empty() {
        return Err(Fail::Usage(format!("deadline takes no arguments\n{USAGE}")));
    }
    let set = match flag(&flags, "data") {
        Some(dir) => Some(data::load_dir(dir)?),
        None => None,
    };
    let input = stdin_text()?;
    let out = api::deadline(&input, set.as_ref())?;
    to_json(&out)
}

/// The year's Korean public holidays; with `--data` and `--calendar`, the closed days
/// of that calendar of the data (its holidays and the vendor's closures). JSON, or
/// with `--ics` an iCalendar file of all-day events a calendar app imports.
fn holidays(args: &[String]) -> Result<String, Fail> {
    let ics = args.iter().any(|a| a == "--ics");
    let rest: Vec<String> = args.iter().filter(|a| *a != "--ics").cloned().collect();
    let (pos, flags) = parse_flags(&rest, &["data", "calendar"])?;
    let [year] = pos.as_slice() else {
        return Err(Fail::Usage(format!("holidays takes one year\n{USAGE}")));
    };
    let year: i32 = year
        .parse()
        .map_err(|_| Fail::Usage(format!("{year:?} is not a year")))?;
    match (flag(&flags, "data"), flag(&flags, "calendar")) {
        (None, None) => {
            let list = api::holidays(year).map_err(|p| Fail::Usage(p.to_string()))?;
            if !ics {
                return to_json(&list);
            }
            let days: Vec<_> = list
                .iter()
                .map(|h| (h.date, h.name_ko.to_owned(), h.name_en.to_owned()))
                .collect();
            Ok(covered_cli::ics::closed_days(None, &days))
        }
        (Some(dir), Some(id)) => {
            let set = data::load_dir(dir)?;
            let Some(cal) = set.catalog.calendars.get(id) else {
                let known: Vec<&str> = set.catalog.calendars.keys().map(String::as_str).collect();
                return Err(Fail::Usage(format!(
                    "{dir}: no calendar {id:?} (known: {})",
                    known.join(", ")
                )));
            };
            let days: Vec<_> = cal
                .calendar
                .closed()
                .iter()
                .filter(|(d, _)| i32::from(d.year()) == year)
                .map(|(d, n)| (*d, n.ko.clone(), n.en.clone()))
                .collect();
            if ics {
                return Ok(covered_cli::ics::closed_days(
                    Some((id, &cal.name.ko)),
                    &days,
                ));
            }
            let list: Vec<_> = days
                .iter()
                .map(|(date, ko, en)| serde_json::json!({"date": date, "name_ko": ko, "name_en": en}))
                .collect();
            to_json(&list)
        }
        _ => Err(Fail::Usage(format!(
            "holidays: --data and --calendar go together\n{USAGE}"
        ))),
    }
}

/// The one data directory of a subcommand.
fn one_dir<'a>(cmd: &str, pos: &[&'a str]) -> Result<&'a str, Fail> {
    match pos {
        [dir] => Ok(dir),
        _ => Err(Fail::Usage(format!(
            "{cmd} takes one data directory\n{USAGE}"
        ))),
    }
}

/// A required `--flag`.
fn need<'a>(cmd: &str, flags: &[(&str, &'a str)], name: &str) -> Result<&'a str, Fail> {
    flag(flags, name).ok_or_else(|| Fail::Usage(format!("{cmd} needs --{name}\n{USAGE}")))
}

fn credits(args: &[String]) -> Result<String, Fail> {
    let (pos, flags) = parse_flags(args, &["contract", "month", "year"])?;
    let dir = one_dir("credits", &pos)?;
    let contract = need("credits", &flags, "contract")?;
    let set = data::load_dir(dir)?;
    match (flag(&flags, "month"), flag(&flags, "year")) {
        (Some(month), None) => to_json(&api::credits_month(&set, contract, month)?),
        (None, Some(year)) => {
            let year: i32 = year
                .parse()
                .map_err(|_| Fail::Usage(format!("--year: {year:?} is not a year")))?;
            to_json(&api::credits_year(&set, contract, year)?)
        }
        _ => Err(Fail::Usage(format!(
            "credits needs exactly one of --month <YYYY-MM> or --year <YYYY>\n{USAGE}"
        ))),
    }
}

fn quote(args: &[String]) -> Result<String, Fail> {
    let (pos, _) = parse_flags(args, &[])?;
    let dir = one_dir("quote", &pos)?;
    let set = data::load_dir(dir)?;
    let input = stdin_text()?;
    to_json(&api::quote(&set, &input)?)
}

fn kpi(args: &[String]) -> Result<String, Fail> {
    let (pos, flags) = parse_flags(args, &["contract", "from", "to"])?;
    let dir = one_dir("kpi", &pos)?;
    let contract = need("kpi", &flags, "contract")?;
    let from = need("kpi", &flags, "from")?;
    let to = need("kpi", &flags, "to")?;
    let set = data::load_dir(dir)?;
    to_json(&api::kpi(&set, contract, from, to)?)
}

fn compare(args: &[String]) -> Result<String, Fail> {
    let (pos, flags) = parse_flags(args, &["licence", "severity", "at", "contract", "billing"])?;
    let dir = one_dir("compare", &pos)?;
    let severity = need("compare", &flags, "severity")?;
    let at = need("compare", &flags, "at")?;
    let set = data::load_dir(dir)?;
    to_json(&api::compare(
        &set,
        flag(&flags, "licence"),
        severity,
        at,
        flag(&flags, "contract"),
        flag(&flags, "billing"),
    )?)
}

fn replay(args: &[String]) -> Result<String, Fail> {
    let (pos, flags) = parse_flags(args, &["contract"])?;
    let dir = one_dir("replay", &pos)?;
    let contract = need("replay", &flags, "contract")?;
    let set = data::load_dir(dir)?;
    to_json(&api::replay(&set, contract)?)
}
