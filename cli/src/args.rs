//! The `covered` command's arguments: every subcommand with its options, their help and
//! examples, and the value parsers that refuse a malformed value before anything runs
//! (clap, derived). `covered serve`'s options are [`crate::serve::options::Options`].
//!
//! Exit codes, the same for every subcommand, are [`EXIT_CODES`].

use crate::serve::options::Options as ServeOptions;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The exit codes, as `covered --help` states them (a macro, for `concat!`).
macro_rules! exit_codes {
    () => {
        "\
Exit codes (every subcommand):
  0  ok
  1  invalid data or input the data rejects: `validate` finding problems or a failed
     example case, an unknown contract, severity or calendar, a month outside the
     contract, JSON on stdin that can't be judged, `audit verify` finding a broken
     chain; one problem a line on stderr, naming the file and the JSON path
  2  usage or unreadable input: an unknown subcommand or option, a missing argument, a
     malformed value (--now, --month, --from, --port, a timeout …), options that don't
     go together, a `deadline` calendar id without --data, a file or directory that
     can't be read, empty stdin, a database that can't be opened, a server that can't
     start; one message on stderr, `covered: <what>`"
    };
}

/// The exit codes, the same for every subcommand.
pub const EXIT_CODES: &str = exit_codes!();

const ABOUT: &str = "Maintenance contracts' scope and SLA calculator: validate contract \
data, check a request, compute deadlines, credits, quotes and KPIs, and serve the portal \
and its API. JSON in (stdin) and out (stdout); problems go to stderr.";

const TOP_AFTER: &str = concat!(
    "\
Examples:
  covered validate public/data/library
  echo '{\"calendar\": \"office-10x5\", \"start\": \"2026-11-20T17:40:00\", \"minutes\": 40}' \\
    | covered deadline --data public/data/library
  covered credits public/data/library --contract hanbit-city --month 2026-10
  covered serve --now 2026-11-23T10:00:00
  covered help check                  (a subcommand's options and examples)
  source <(covered completions bash)  (completions for bash; also zsh, fish)

",
    exit_codes!(),
    "\n\nEvery option takes its value as `--option value` or `--option=value`."
);

/// `covered …`.
#[derive(Debug, Parser)]
#[command(
    name = "covered",
    version,
    about = ABOUT,
    after_help = TOP_AFTER,
    subcommand_required = true,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a data directory and run its example cases
    #[command(
        long_about = "Loads a data directory (catalog, contracts, histories) and runs its \
        example cases; prints a summary as JSON. Every problem and failed case goes to \
        stderr, naming the file and the JSON path, and the exit code is 1.",
        after_help = "Examples:\n  covered validate public/data/library\n  \
        covered validate public/data/cloud"
    )]
    Validate(Validate),
    /// Judge a request (JSON on stdin) under a contract: coverage, severity, deadlines
    #[command(after_help = "\
Examples:
  echo '{\"branch\": \"main\", \"product\": \"DLi\", \"version\": \"8\", \"category\": \"stats_query\", \"answers\": {\"person_days\": 4, \"security_risk\": false}}' \\
    | covered check public/data/library --contract hanbit-city --now 2026-11-23T10:00:00")]
    Check(Check),
    /// Run one clock on a calendar (JSON on stdin): a due time or the minutes elapsed
    #[command(
        long_about = "Runs one clock on a calendar, given as JSON on stdin: \
        {\"calendar\": C, \"start\": ISO, \"minutes\": N} (or \"business_days\": N, or \
        \"end\": ISO for the business minutes elapsed), with optional \"pauses\": [[from, \
        to], …]. C is an inline calendar {\"timezone\", \"weekly\", \"holidays\"} or the id \
        of a calendar of the data directory given with --data.",
        after_help = "\
Examples:
  echo '{\"calendar\": \"office-10x5\", \"start\": \"2026-11-20T17:40:00\", \"minutes\": 40}' \\
    | covered deadline --data public/data/library
  echo '{\"calendar\": \"office-10x5\", \"start\": \"2026-11-20T17:40:00\", \"end\": \"2026-11-23T09:00:00\"}' \\
    | covered deadline --data public/data/library"
    )]
    Deadline(Deadline),
    /// A year's Korean public holidays, or a data calendar's closed days (JSON or ICS)
    #[command(after_help = "\
Examples:
  covered holidays 2026
  covered holidays 2026 --ics > holidays-2026.ics
  covered holidays 2026 --data public/data/library --calendar office-10x5
  covered holidays 2026 --ics --data public/data/library --calendar office-10x5 > office.ics")]
    Holidays(Holidays),
    /// Service credits of a contract for a month or a contract year
    #[command(after_help = "\
Examples:
  covered credits public/data/library --contract hanbit-city --month 2026-10
  covered credits public/data/cloud --contract haneul-mall --year 2026")]
    Credits(Credits),
    /// A fee, change-request or temporary-upgrade quote (JSON on stdin)
    #[command(
        long_about = "A quote from the catalog's price lists, for the JSON on stdin:\n  \
        {\"kind\": \"fee\", \"licence\": \"150000000\", \"tier\": \"gold\"}  (or \"rate\": \
        \"0.19\", \"difficulty\": \"1.8\"; \"billing\": \"quarterly\")\n  \
        {\"kind\": \"change_request\", \"person_days\": \"4\"}  (\"test_person_days\" optional)\n  \
        {\"kind\": \"temporary_upgrade\", \"tier\": \"bronze\", \"hours\": \"5\"}",
        after_help = "\
Examples:
  echo '{\"kind\": \"fee\", \"licence\": \"150000000\", \"tier\": \"gold\", \"difficulty\": \"1.8\", \"billing\": \"quarterly\"}' \\
    | covered quote public/data/library
  echo '{\"kind\": \"change_request\", \"person_days\": \"4\"}' | covered quote public/data/library
  echo '{\"kind\": \"temporary_upgrade\", \"tier\": \"bronze\", \"hours\": \"5\"}' | covered quote public/data/library"
    )]
    Quote(Quote),
    /// A contract's KPIs over a period, with numerators and denominators
    #[command(after_help = "\
Examples:
  covered kpi public/data/library --contract hanbit-city --from 2026-03-01 --to 2026-11-30")]
    Kpi(Kpi),
    /// Every tier side by side: fee, deadlines for a sample incident, features
    #[command(after_help = "\
Examples:
  covered compare public/data/library --licence 100000000 --severity critical --at 2026-11-20T22:30:00
  covered compare public/data/library --severity critical --at 2026-11-20T22:30:00 \\
    --contract hanbit-city --billing quarterly")]
    Compare(Compare),
    /// A contract's request history replayed under every tier
    #[command(after_help = "\
Examples:
  covered replay public/data/library --contract hanbit-city")]
    Replay(Replay),
    /// A data directory written out as a static portal reads it (calendar files resolved)
    #[command(
        long_about = "Checks the data directory, then writes it into OUT_DIR as the \
        portal on static hosting reads it: every file copied, and the catalog, when its \
        closures or a calendar's holidays name an iCalendar (.ics) file, with the days the \
        file lists in its place (the portal reads no iCalendar). Prints what it wrote as \
        JSON. OUT_DIR may not be DATA_DIR or inside it.",
        after_help = "\
Examples:
  covered publish public/data/library /var/www/covered/data/library"
    )]
    Publish(Publish),
    /// The JSON Schema of a data file, for an editor to validate and complete it
    #[command(
        long_about = "Prints the JSON Schema (draft 2020-12) of one kind of data file: \
        index, catalog, contract, history, outages, cases, request, notifications or mail. \
        The sample files name theirs with \"$schema\" (public/schemas/), which VS Code and \
        other editors read to validate and complete them as you type.",
        after_help = "\
Examples:
  covered schema catalog > catalog.schema.json
  covered schema request"
    )]
    Schema(Schema),
    /// The portal and its JSON API over one shared request store (or, --static, its files)
    #[command(
        // `--body-timeout -1` is a bad value, not an unknown option.
        allow_negative_numbers = true,
        long_about = "The portal and a JSON API over one shared request store, the engine \
        judging every submission on the server; with --static, the built portal as plain \
        files only. It prints the demo logins and `listening on http://<address>/`, and runs \
        until Ctrl-C or SIGTERM. While it runs, each open request's warnings, breaches and \
        escalation steps are written to the database's outbox when they fall due, by the \
        server's clock. The API is described at /api/openapi.json; GET /healthz answers \
        while the process runs, GET /readyz when the database answers too (else 503).\n\n\
        Every option can also be set in a TOML file given with --config, its keys the \
        long option names (port = 8080, db = \"sqlite://data/covered.db\", static = true). \
        An option is taken from the command line, else from that file, else from its \
        environment variable, else its default.",
        after_help = "\
Examples:
  covered serve --now 2026-11-23T10:00:00
  covered serve --data public/data/library --db sqlite://data/covered.db --port 8080
  covered serve --config /etc/covered/covered.toml --port 8081
  covered serve --static --site target/site --port 8080

covered.toml:
  data = \"/srv/covered/data\"
  site = \"/srv/covered/site\"
  port = 8080
  max-connections = 512
  header-timeout = 10"
    )]
    Serve(Box<ServeOptions>),
    /// The server's audit trail: `audit verify` walks its hash chain
    #[command(
        subcommand_required = true,
        arg_required_else_help = true,
        after_help = "\
Examples:
  covered audit verify --db data/covered.db"
    )]
    Audit(Audit),
    /// A consistent copy of the server's SQLite database, also while it serves
    #[command(
        long_about = "Writes a consistent copy of the SQLite database to <FILE> (which must \
        not exist), also while `covered serve` is running on it; then checks the copy and \
        prints what it wrote as JSON. PostgreSQL: use its own tool, \
        pg_dump --format=custom --file=<FILE> <URL>.",
        after_help = "\
Examples:
  covered backup backups/covered-2026-11-23.db --db data/covered.db
  DATABASE_URL=sqlite://data/covered.db covered backup backups/covered-2026-11-23.db"
    )]
    Backup(Backup),
    /// A checked backup put back in place as the database
    #[command(
        long_about = "Checks that <FILE> is a Covered database (intact, with this program's \
        schema or an older one) and copies it into place as the database; refuses to \
        replace a database that is there unless --force (stop the server first). \
        PostgreSQL: use its own tool, \
        pg_restore --clean --if-exists --no-owner --dbname=<URL> <FILE>.",
        after_help = "\
Examples:
  covered restore backups/covered-2026-11-23.db --db data/restored.db
  covered restore backups/covered-2026-11-23.db --db data/covered.db --force"
    )]
    Restore(Restore),
    /// A completion script for a shell, printed on stdout
    #[command(after_help = "\
Examples:
  source <(covered completions bash)
  covered completions zsh > ~/.zfunc/_covered
  covered completions fish > ~/.config/fish/completions/covered.fish")]
    Completions(Completions),
}

/// `covered validate`.
#[derive(Debug, Args)]
pub struct Validate {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
}

/// `covered publish`.
#[derive(Debug, Args)]
pub struct Publish {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
    /// Where to write it (created when missing)
    #[arg(value_name = "OUT_DIR")]
    pub out: String,
}

/// `covered schema`.
#[derive(Debug, Args)]
pub struct Schema {
    /// The kind of file: index, catalog, contract, history, outages, cases, request,
    /// notifications or mail
    // Taken as a list so that a missing, unknown or second kind gets the one message
    // that lists the kinds (`covered_cli::schema::main`).
    #[arg(value_name = "KIND", num_args = 0..)]
    pub kind: Vec<String>,
}

/// `covered check`.
#[derive(Debug, Args)]
pub struct Check {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
    /// The contract the request is filed under
    #[arg(long, value_name = "ID")]
    pub contract: String,
    /// The time it is filed, ISO-8601, local to the catalog's zone or with an offset
    /// [default: the system clock]
    #[arg(long, value_name = "ISO", value_parser = date_time)]
    pub now: Option<String>,
}

/// `covered deadline`.
#[derive(Debug, Args)]
pub struct Deadline {
    /// The data directory whose calendars a calendar id names [default: none: the
    /// calendar is given inline]
    #[arg(long, value_name = "DATA_DIR")]
    pub data: Option<String>,
}

/// `covered holidays`.
#[derive(Debug, Args)]
pub struct Holidays {
    /// The year
    #[arg(value_name = "YEAR", value_parser = year)]
    pub year: i32,
    /// Print an iCalendar file (all-day events) for calendar apps, not JSON
    #[arg(long)]
    pub ics: bool,
    /// With --calendar: the data directory [default: none: Korean public holidays]
    #[arg(long, value_name = "DATA_DIR")]
    pub data: Option<String>,
    /// With --data: the calendar whose closed days (holidays and the vendor's closures)
    /// to list
    #[arg(long, value_name = "ID")]
    pub calendar: Option<String>,
}

/// `covered credits`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("period").required(true).args(["month", "year"])))]
pub struct Credits {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
    /// The contract
    #[arg(long, value_name = "ID")]
    pub contract: String,
    /// A month's statement (one of --month and --year)
    #[arg(long, value_name = "YYYY-MM", value_parser = month)]
    pub month: Option<String>,
    /// The statement of the contract year that starts in this calendar year
    #[arg(long, value_name = "YYYY", value_parser = year)]
    pub year: Option<i32>,
}

/// `covered quote`.
#[derive(Debug, Args)]
pub struct Quote {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
}

/// `covered kpi`.
#[derive(Debug, Args)]
pub struct Kpi {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
    /// The contract
    #[arg(long, value_name = "ID")]
    pub contract: String,
    /// The period's first day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date)]
    pub from: String,
    /// The period's last day (inclusive)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date)]
    pub to: String,
}

/// How a fee is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Billing {
    /// Once a year
    Annual,
    /// In four instalments
    Quarterly,
}

impl Billing {
    /// The word the engine reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Billing::Annual => "annual",
            Billing::Quarterly => "quarterly",
        }
    }
}

/// `covered compare`.
#[derive(Debug, Args)]
pub struct Compare {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
    /// The sample incident's severity (an id of the catalog's)
    #[arg(long, value_name = "ID")]
    pub severity: String,
    /// When the sample incident is received, ISO-8601, local to the catalog's zone or with
    /// an offset
    #[arg(long, value_name = "ISO", value_parser = date_time)]
    pub at: String,
    /// The licence amount the fees are a share of [default: --contract's]
    #[arg(long, value_name = "AMOUNT", value_parser = amount)]
    pub licence: Option<String>,
    /// Mark this contract's tier current (and take its licence amount)
    #[arg(long, value_name = "ID")]
    pub contract: Option<String>,
    /// How the fee is billed [default: annual]
    #[arg(long, value_enum, value_name = "BILLING")]
    pub billing: Option<Billing>,
}

/// `covered replay`.
#[derive(Debug, Args)]
pub struct Replay {
    /// The data directory
    #[arg(value_name = "DATA_DIR")]
    pub dir: String,
    /// The contract whose history is replayed
    #[arg(long, value_name = "ID")]
    pub contract: String,
}

/// `covered audit`.
#[derive(Debug, Args)]
pub struct Audit {
    /// What to do with the trail.
    #[command(subcommand)]
    pub command: AuditCommand,
}

/// `covered audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit trail's hash chain from its first entry
    #[command(
        long_about = "Walks the audit trail's hash chain from its first entry: prints `N \
        entries, chain intact` (exit 0), or names the first entry that was altered, removed \
        or moved (exit 1). The database is opened read-only.",
        after_help = "\
Examples:
  covered audit verify --db data/covered.db
  covered audit verify --db postgres://covered@127.0.0.1:5432/covered"
    )]
    Verify(Database),
}

/// An option naming the server's database.
#[derive(Debug, Args)]
pub struct Database {
    /// postgres://user:pass@host:port/db, sqlite://<file> or a file path [env:
    /// DATABASE_URL] [default: sqlite://data/covered.db]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

impl Database {
    /// `--db`, else `$DATABASE_URL` (when not empty), else the default.
    pub fn url(&self) -> String {
        self.db
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| crate::serve::DEFAULT_DB.to_owned())
    }
}

/// `covered backup`.
#[derive(Debug, Args)]
pub struct Backup {
    /// The backup file to write (must not exist)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The database.
    #[command(flatten)]
    pub db: Database,
}

/// `covered restore`.
#[derive(Debug, Args)]
pub struct Restore {
    /// The backup file to put in place
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The database.
    #[command(flatten)]
    pub db: Database,
    /// Replace a database that is there (stop the server first)
    #[arg(long)]
    pub force: bool,
}

/// `covered completions`.
#[derive(Debug, Args)]
pub struct Completions {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

// --- value parsers: a malformed value is a usage error (exit 2) ---

/// A year, `YYYY`.
///
/// # Errors
///
/// Anything but a whole number of up to four digits.
pub fn year(s: &str) -> Result<i32, String> {
    s.parse::<u16>()
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .map(i32::from)
        .ok_or_else(|| "expected a year, YYYY".to_owned())
}

/// A month, `YYYY-MM` (kept as written: the engine reads it).
///
/// # Errors
///
/// Anything but a civil month written `YYYY-MM`.
pub fn month(s: &str) -> Result<String, String> {
    covered_core::contract::YearMonth::parse(s)
        .map(|_| s.to_owned())
        .ok_or_else(|| "expected a month, YYYY-MM".to_owned())
}

/// A date, `YYYY-MM-DD` (kept as written).
///
/// # Errors
///
/// Anything but a civil date written `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<String, String> {
    s.parse::<covered_core::civil::Date>()
        .map(|_| s.to_owned())
        .map_err(|e| e.reason().to_owned())
}

/// An ISO-8601 date-time, with or without an offset (kept as written: which zone a
/// local time is in is the data's).
///
/// # Errors
///
/// What is wrong with it, in a few words.
pub fn date_time(s: &str) -> Result<String, String> {
    covered_core::civil::Written::parse(s)
        .map(|_| s.to_owned())
        .map_err(|e| e.reason().to_owned())
}

/// An amount as people type it (`150,000,000`; kept as written).
///
/// # Errors
///
/// Text that is not a number.
pub fn amount(s: &str) -> Result<String, String> {
    covered_core::api::read_amount(s)
        .map(|_| s.to_owned())
        .map_err(|_| "expected an amount, digits such as 150000000 or 150,000,000".to_owned())
}
