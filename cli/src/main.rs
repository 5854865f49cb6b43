//! The `covered` command: validate contract data and run its example cases, check a
//! request, compute a deadline, list holidays; and service credits, quotes, KPIs, a
//! package comparison and a history replay. JSON in and out; problems on stderr.
//!
//! The arguments are `covered_cli::args` (clap); exit codes, the same for every
//! subcommand: 0 ok, 1 invalid data or a failed case, 2 usage or unreadable input
//! (`covered_cli::args::EXIT_CODES`).

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use covered_cli::args::{self, Cli, Command};
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

/// A failure with its exit code.
enum Fail {
    /// Arguments that don't go together or don't fit (exit 2, with the subcommand's
    /// usage, as clap's own errors).
    Usage(String),
    /// Unreadable input, or a server that can't start (exit 2).
    Input(String),
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
            DataError::Unreadable(m) => Fail::Input(m),
            DataError::Invalid(p) => Fail::Invalid(p.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e),
    };
    let name = name(&cli.command);
    match run(cli.command) {
        Ok(out) => {
            // `serve` prints as it goes and returns nothing more.
            if !out.is_empty() {
                out_line(&out);
            }
            ExitCode::SUCCESS
        }
        Err(Fail::Usage(msg)) => {
            let mut cmd = Cli::command();
            cmd.build();
            let mut cmd = match name.split_once(' ') {
                Some((sub, subsub)) => cmd
                    .find_subcommand(sub)
                    .and_then(|c| c.find_subcommand(subsub))
                    .cloned(),
                None => cmd.find_subcommand(name).cloned(),
            }
            .unwrap_or(cmd);
            clap_error(&cmd.error(ErrorKind::ValueValidation, msg))
        }
        Err(Fail::Input(msg)) => {
            err_line(&format!("covered: {msg}"));
            ExitCode::from(2)
        }
        Err(Fail::Invalid(msg)) => {
            err_line(&msg);
            ExitCode::from(1)
        }
    }
}

/// Help and `--version` on stdout (exit 0); a usage error on stderr as `covered:
/// <what>` (exit 2), a malformed value as `covered: --option value: what was expected`.
fn clap_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue};
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let reworded = match (
        e.kind(),
        e.get(ContextKind::InvalidArg),
        e.get(ContextKind::InvalidValue),
        std::error::Error::source(e),
    ) {
        (
            ErrorKind::ValueValidation,
            Some(ContextValue::String(arg)),
            Some(ContextValue::String(value)),
            Some(why),
        ) => {
            // `--port <N>` is named `--port`; `<YEAR>`, `year`.
            let option = arg.split(' ').next().unwrap_or(arg);
            let option = match option.strip_prefix('<').and_then(|o| o.strip_suffix('>')) {
                Some(positional) => positional.to_lowercase(),
                None => option.to_owned(),
            };
            Some(format!(
                "{option} {value}: {why}\n\nFor more information, try '--help'."
            ))
        }
        _ => None,
    };
    let text = reworded.unwrap_or_else(|| {
        let text = e.render().to_string();
        text.strip_prefix("error: ").unwrap_or(&text).to_owned()
    });
    err_line(&format!("covered: {}", text.trim_end()));
    ExitCode::from(2)
}

/// The subcommand's name (and its own subcommand's), for its usage in an error.
fn name(c: &Command) -> &'static str {
    match c {
        Command::Validate(_) => "validate",
        Command::Check(_) => "check",
        Command::Deadline(_) => "deadline",
        Command::Holidays(_) => "holidays",
        Command::Credits(_) => "credits",
        Command::Quote(_) => "quote",
        Command::Kpi(_) => "kpi",
        Command::Compare(_) => "compare",
        Command::Replay(_) => "replay",
        Command::Publish(_) => "publish",
        Command::Schema(_) => "schema",
        Command::Serve(_) => "serve",
        Command::Audit(_) => "audit verify",
        Command::Backup(_) => "backup",
        Command::Restore(_) => "restore",
        Command::Completions(_) => "completions",
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

fn run(command: Command) -> Result<String, Fail> {
    match command {
        Command::Validate(a) => validate(&a),
        Command::Check(a) => check(&a),
        Command::Deadline(a) => deadline(&a),
        Command::Holidays(a) => holidays(&a),
        Command::Credits(a) => credits(&a),
        Command::Quote(a) => quote(&a),
        Command::Kpi(a) => kpi(&a),
        Command::Compare(a) => compare(&a),
        Command::Replay(a) => replay(&a),
        Command::Publish(a) => publish(&a),
        Command::Schema(a) => covered_cli::schema::main(&a.kind).map_err(Fail::Usage),
        Command::Serve(options) => covered_cli::serve::main(*options)
            .map(|()| String::new())
            .map_err(|f| match f {
                covered_cli::serve::Failure::Usage(m) => Fail::Usage(m),
                covered_cli::serve::Failure::Failed(m) => Fail::Input(m),
            }),
        Command::Audit(a) => match a.command {
            args::AuditCommand::Verify(db) => covered_cli::serve::audit::verify_main(&db.url())
                .map_err(|f| match f {
                    covered_cli::serve::audit::Failure::Usage(m) => Fail::Input(m),
                    covered_cli::serve::audit::Failure::Broken(m) => Fail::Invalid(m),
                }),
        },
        Command::Backup(a) => {
            covered_cli::serve::backup::backup_main(&a.file, &a.db.url()).map_err(Fail::Input)
        }
        Command::Restore(a) => {
            covered_cli::serve::backup::restore_main(&a.file, &a.db.url(), a.force)
                .map_err(Fail::Input)
        }
        Command::Completions(a) => {
            let mut out = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "covered", &mut out);
            String::from_utf8(out)
                .map(|s| s.trim_end().to_owned())
                .map_err(|e| Fail::Input(format!("the completion script: {e}")))
        }
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Fail> {
    serde_json::to_string_pretty(v).map_err(|e| Fail::Input(format!("cannot write JSON: {e}")))
}

fn stdin_text() -> Result<String, Fail> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Fail::Input(format!("cannot read standard input: {e}")))?;
    if s.trim().is_empty() {
        return Err(Fail::Input("expected JSON on standard input".to_owned()));
    }
    Ok(s)
}

fn validate(a: &args::Validate) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
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

fn check(a: &args::Check) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
    let zone = set
        .catalog
        .calendars
        .values()
        .next()
        .map(|c| c.calendar.zone().clone())
        .unwrap_or_else(Zone::seoul);
    let now =
        match &a.now {
            Some(s) => zone
                .parse_local(s)
                .map_err(|e| Fail::Usage(format!("--now: {e}")))?,
            // The command, not the core, reads the clock.
            None => zone.to_local(
                covered_core::civil::Timestamp::from_millisecond(
                    covered_cli::serve::clock::system_ms(),
                )
                .map_err(|e| Fail::Input(format!("the system clock: {e}")))?,
            ),
        };
    let request = stdin_text()?;
    let v = api::check(&set, &a.contract, &request, now)?;
    to_json(&v)
}

fn deadline(a: &args::Deadline) -> Result<String, Fail> {
    let set = match &a.data {
        Some(dir) => Some(data::load_dir(dir)?),
        None => None,
    };
    let input = stdin_text()?;
    let out = api::deadline(&input, set.as_ref()).map_err(|p| {
        // A calendar id without `--data`: the command line lacks an option.
        let needs_data =
            p.0.iter()
                .any(|q| matches!(q.code, covered_core::problem::Code::NeedsData { .. }));
        if needs_data {
            Fail::Usage(p.to_string())
        } else {
            Fail::from(p)
        }
    })?;
    to_json(&out)
}

/// The year's Korean public holidays; with `--data` and `--calendar`, the closed days
/// of that calendar of the data (its holidays and the vendor's closures). JSON, or
/// with `--ics` an iCalendar file of all-day events a calendar app imports.
fn holidays(a: &args::Holidays) -> Result<String, Fail> {
    let year = a.year;
    match (&a.data, &a.calendar) {
        (None, None) => {
            let list = api::holidays(year).map_err(|p| Fail::Usage(p.to_string()))?;
            if !a.ics {
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
                return Err(Fail::Invalid(format!(
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
            if a.ics {
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
        _ => Err(Fail::Usage(
            "holidays: --data and --calendar go together".to_owned(),
        )),
    }
}

fn credits(a: &args::Credits) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
    match (&a.month, a.year) {
        (Some(month), None) => to_json(&api::credits_month(&set, &a.contract, month)?),
        (None, Some(year)) => to_json(&api::credits_year(&set, &a.contract, year)?),
        // clap's group: exactly one of them.
        _ => Err(Fail::Usage(
            "credits needs exactly one of --month <YYYY-MM> or --year <YYYY>".to_owned(),
        )),
    }
}

fn quote(a: &args::Quote) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
    let input = stdin_text()?;
    to_json(&api::quote(&set, &input)?)
}

fn kpi(a: &args::Kpi) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
    to_json(&api::kpi(&set, &a.contract, &a.from, &a.to)?)
}

fn compare(a: &args::Compare) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
    to_json(&api::compare(
        &set,
        a.licence.as_deref(),
        &a.severity,
        &a.at,
        a.contract.as_deref(),
        a.billing.map(args::Billing::as_str),
    )?)
}

fn publish(a: &args::Publish) -> Result<String, Fail> {
    let resolved = data::publish(&a.dir, &a.out)?;
    to_json(&serde_json::json!({
        "ok": true,
        "from": a.dir,
        "to": a.out,
        "calendars_resolved": resolved,
    }))
}

fn replay(a: &args::Replay) -> Result<String, Fail> {
    let set = data::load_dir(&a.dir)?;
    to_json(&api::replay(&set, &a.contract)?)
}
