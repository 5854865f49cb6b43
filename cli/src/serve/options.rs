//! `covered serve`'s options: one struct read from the command line (clap) and from the
//! TOML file `--config` names (serde, its keys the long option names). An option is taken
//! from the command line, else from the file, else from its environment variable (those
//! it had before the file: `DATABASE_URL`, `COVERED_SMTP`, `COVERED_MAIL_FROM`,
//! `COVERED_DESK_EMAIL`, `COVERED_PORTAL_URL`), else its default.

use super::{
    Clock, Config, DEFAULT_DATA, DEFAULT_DB, DEMO_ACCOUNTS, DEMO_WIDGETS, Limits, engine, mail,
};
use clap::{Args, ValueEnum};
use serde::Deserialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The format of the request log on stderr (`--log-format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One line of text a request.
    #[default]
    Text,
    /// One JSON object a line (`timestamp`, `level`, `fields`: the message, status and
    /// latency; `span`: the request's id, method, route or path, account).
    Json,
}

const MAIL: &str = "Mail";
const LIMITS: &str = "Limits (with --static too, but --max-hashes, --engine-jobs and the rates)";

/// `covered serve`'s options, as given (on the command line, or in the `--config` file).
#[derive(Debug, Default, Args, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// A TOML file setting any of these options, its keys the long option names (port =
    /// 8080, db = "sqlite://data/covered.db", static = true); an option given on the
    /// command line overrides the file's, and the file's an environment variable
    #[arg(long, value_name = "FILE")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Serve the built portal as plain files only, as any web server would: no API, no
    /// database, requests kept in each browser
    #[arg(long = "static")]
    #[serde(rename = "static", default)]
    pub static_files: bool,
    /// The vendor's data directory; each caller gets its own part of it from /api/dataset
    /// [default: public/data/library]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The built portal to serve at / [default: target/site when it has an index.html]
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// The port to listen on (0 picks a free one) [default: 8080]
    #[arg(long, value_name = "N", value_parser = port)]
    pub port: Option<u16>,
    /// The address to listen on, an IPv4 or IPv6 address [default: 127.0.0.1]
    #[arg(long, value_name = "IP", value_parser = host)]
    pub host: Option<IpAddr>,
    /// The database: postgres://user:pass@host:port/db, sqlite://<file> or a file path;
    /// created and migrated on first start [env: DATABASE_URL] [default:
    /// sqlite://data/covered.db]
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Institutions and accounts to add when missing (JSON) [default: with the default
    /// --data, the sample's demo accounts cli/demo/library-accounts.json]
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// The contracts whose public checker it answers at /api/widget/<token>/ (JSON: a
    /// list of contract and share_token; docs/cli.md) [default: with the default --data,
    /// the sample's cli/demo/library-widgets.json; else none: no checker is published]
    #[arg(long, value_name = "FILE")]
    pub widgets: Option<PathBuf>,
    /// Start the server's clock at this time, ISO-8601 with an offset or local to the
    /// data's zone; it runs on from there, and every API answer says the server's time
    /// (X-Server-Time) [default: the system clock]
    #[arg(long, value_name = "ISO")]
    #[serde(default, deserialize_with = "de::date_time")]
    pub now: Option<String>,
    /// The format of the request log on stderr [default: text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Send the notices by SMTP through this relay, smtp://host:port (plain SMTP); without
    /// it no mail is sent and the messages wait, pending, in GET /api/mail [env:
    /// COVERED_SMTP] [default: none]
    #[arg(long, value_name = "URL", help_heading = MAIL)]
    pub smtp: Option<String>,
    /// The sender address [env: COVERED_MAIL_FROM] [default: covered@localhost]
    #[arg(long, value_name = "ADDRESS", help_heading = MAIL)]
    pub mail_from: Option<String>,
    /// The vendor's support desk address, which gets the desk's copies [env:
    /// COVERED_DESK_EMAIL] [default: none: the desk gets none]
    #[arg(long, value_name = "ADDRESS", help_heading = MAIL)]
    pub desk_email: Option<String>,
    /// The portal's address for the links in the mail [env: COVERED_PORTAL_URL]
    /// [default: http://<host>:<port>]
    #[arg(long, value_name = "URL", help_heading = MAIL)]
    pub portal_url: Option<String>,

    /// Close a connection that has not sent a request's whole head within this many
    /// seconds, or sent none for as long after the last answer [default: 10]
    #[arg(long, value_name = "SECONDS", value_parser = seconds, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::seconds")]
    pub header_timeout: Option<Duration>,
    /// Answer 408 to a request whose body has not arrived within this many seconds
    /// [default: 60]
    #[arg(long, value_name = "SECONDS", value_parser = seconds, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::seconds")]
    pub body_timeout: Option<Duration>,
    /// Answer 503 (timeout) to a request not answered within this many seconds
    /// [default: 120]
    #[arg(long, value_name = "SECONDS", value_parser = seconds, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::seconds")]
    pub request_timeout: Option<Duration>,
    /// Connections open at once; more wait to be accepted [default: 1024]
    #[arg(long, value_name = "N", value_parser = count, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::count")]
    pub max_connections: Option<usize>,
    /// Connections open at once from one address; more are closed when accepted (0: no
    /// cap — behind a proxy every client has its address) [default: 256]
    #[arg(long, value_name = "N", value_parser = rate, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::rate")]
    pub max_connections_per_address: Option<u32>,
    /// Requests handled at once; more are answered 503 (overloaded) at once [default: 256]
    #[arg(long, value_name = "N", value_parser = count, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::count")]
    pub max_requests: Option<usize>,
    /// Password checks at once (argon2, about 19 MB each); more logins are answered 429
    /// (busy) with Retry-After [default: 4]
    #[arg(long, value_name = "N", value_parser = count, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::count")]
    pub max_hashes: Option<usize>,
    /// KPI reports, credit statements and quotas computed at once, off the threads that
    /// answer [default: the number of CPUs]
    #[arg(long, value_name = "N", value_parser = count, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::count")]
    pub engine_jobs: Option<usize>,
    /// New requests an account may file a minute (at once, then one each 60/N s); more
    /// are answered 429 (rate_limited) with Retry-After (0: no limit) [default: 20]
    #[arg(long, value_name = "N", value_parser = rate, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::rate")]
    pub submissions_per_minute: Option<u32>,
    /// Comments, internal notes and files an account may add a minute, likewise (0: no
    /// limit) [default: 30]
    #[arg(long, value_name = "N", value_parser = rate, help_heading = LIMITS)]
    #[serde(default, deserialize_with = "de::rate")]
    pub comments_per_minute: Option<u32>,
}

/// What `covered serve`'s options come to: how to run it.
#[derive(Debug)]
pub struct Settings {
    /// The server's configuration (unused with `--static` but for the site and limits).
    pub config: Config,
    /// The address to listen on.
    pub addr: SocketAddr,
    /// `--static`: the portal's files only.
    pub static_files: bool,
    /// No `--portal-url` (nor its variable): the links name the address listened on.
    pub portal_from_address: bool,
    /// The format of the request log on stderr.
    pub log_format: LogFormat,
}

impl Options {
    /// Reads the `--config` file, if any, and combines the options: the command line's,
    /// else the file's, else the environment's, else the defaults.
    ///
    /// # Errors
    ///
    /// An unreadable or invalid file (naming it, the key and its line), an option of the
    /// API server with `--static`, or a `--now` that can't be read.
    pub fn resolve(self) -> Result<Settings, String> {
        let file = match &self.config {
            None => Options::default(),
            Some(path) => Options::read(path)?,
        };
        let shown = self
            .config
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let static_files = self.static_files || file.static_files;
        if static_files {
            let given = self
                .server_only()
                .map(|o| format!("--{o}"))
                .or_else(|| file.server_only().map(|o| format!("{shown}: {o}")));
            if let Some(option) = given {
                return Err(format!(
                    "{option} has no use with --static, which serves the portal's files only"
                ));
            }
        }
        let now_from_file = self.now.is_none() && file.now.is_some();
        let o = self.or(file);
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let default_data = o.data.is_none();
        let data_dir = o.data.unwrap_or_else(|| PathBuf::from(DEFAULT_DATA));
        let accounts = o.accounts.or_else(|| {
            (default_data && Path::new(DEMO_ACCOUNTS).is_file())
                .then(|| PathBuf::from(DEMO_ACCOUNTS))
        });
        let widgets = o.widgets.or_else(|| {
            (default_data && Path::new(DEMO_WIDGETS).is_file()).then(|| PathBuf::from(DEMO_WIDGETS))
        });
        let site_dir = o.site.or_else(|| {
            let t = PathBuf::from("target/site");
            t.join("index.html").is_file().then_some(t)
        });
        let db_url =
            o.db.or_else(|| env("DATABASE_URL"))
                .unwrap_or_else(|| DEFAULT_DB.to_owned());
        let clock = match o.now {
            None => Clock::system(),
            Some(s) => {
                let name = if now_from_file {
                    format!("{shown}: now")
                } else {
                    "--now".to_owned()
                };
                Clock::starting_at(parse_instant(&name, &s, &data_dir)?)
            }
        };
        let defaults = Limits::default();
        let limits = Limits {
            header_timeout: o.header_timeout.unwrap_or(defaults.header_timeout),
            body_timeout: o.body_timeout.unwrap_or(defaults.body_timeout),
            request_timeout: o.request_timeout.unwrap_or(defaults.request_timeout),
            max_requests: o.max_requests.unwrap_or(defaults.max_requests),
            max_connections: o.max_connections.unwrap_or(defaults.max_connections),
            max_connections_per_address: o
                .max_connections_per_address
                .map_or(defaults.max_connections_per_address, |n| {
                    usize::try_from(n).unwrap_or(usize::MAX)
                }),
            max_hashes: o.max_hashes.unwrap_or(defaults.max_hashes),
            engine_jobs: o.engine_jobs.unwrap_or(defaults.engine_jobs),
            submissions_per_minute: o
                .submissions_per_minute
                .unwrap_or(defaults.submissions_per_minute),
            comments_per_minute: o
                .comments_per_minute
                .unwrap_or(defaults.comments_per_minute),
        };
        let portal = o.portal_url.or_else(|| env("COVERED_PORTAL_URL"));
        Ok(Settings {
            addr: SocketAddr::new(
                o.host.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
                o.port.unwrap_or(8080),
            ),
            static_files,
            portal_from_address: portal.is_none(),
            log_format: o.log_format.unwrap_or_default(),
            config: Config {
                data_dir,
                site_dir,
                db_url,
                accounts,
                widgets,
                clock,
                tls: false,
                limits,
                mail: mail::MailConfig {
                    smtp: o.smtp.or_else(|| env("COVERED_SMTP")),
                    from: o
                        .mail_from
                        .or_else(|| env("COVERED_MAIL_FROM"))
                        .unwrap_or_else(|| "covered@localhost".to_owned()),
                    desk: o.desk_email.or_else(|| env("COVERED_DESK_EMAIL")),
                    portal: portal.unwrap_or_default(),
                },
            },
        })
    }

    /// The options of a `--config` file.
    ///
    /// # Errors
    ///
    /// An unreadable file, or one that is not TOML of these options: the message names
    /// the file, the line and the key.
    pub fn read(path: &Path) -> Result<Options, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--config {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            let file = path.display();
            match e.span().and_then(|span| {
                let start = text.get(..span.start)?;
                let line = start.matches('\n').count() + 1;
                let begun = start.rfind('\n').map_or(0, |i| i + 1);
                let written = text.get(begun..)?.lines().next().unwrap_or("").trim();
                Some((line, written))
            }) {
                Some((line, written)) => format!("{file}, line {line}: {written}: {}", e.message()),
                None => format!("{file}: {}", e.to_string().trim_end()),
            }
        })
    }

    /// The first option given that only the API server reads (refused with `--static`).
    fn server_only(&self) -> Option<&'static str> {
        [
            ("data", self.data.is_some()),
            ("db", self.db.is_some()),
            ("accounts", self.accounts.is_some()),
            ("widgets", self.widgets.is_some()),
            ("now", self.now.is_some()),
            ("smtp", self.smtp.is_some()),
            ("mail-from", self.mail_from.is_some()),
            ("desk-email", self.desk_email.is_some()),
            ("portal-url", self.portal_url.is_some()),
            ("max-hashes", self.max_hashes.is_some()),
            ("engine-jobs", self.engine_jobs.is_some()),
            (
                "submissions-per-minute",
                self.submissions_per_minute.is_some(),
            ),
            ("comments-per-minute", self.comments_per_minute.is_some()),
        ]
        .into_iter()
        .find_map(|(name, given)| given.then_some(name))
    }

    /// Each option of `self`, else of `file`.
    fn or(self, file: Options) -> Options {
        Options {
            config: self.config,
            static_files: self.static_files || file.static_files,
            data: self.data.or(file.data),
            site: self.site.or(file.site),
            port: self.port.or(file.port),
            host: self.host.or(file.host),
            db: self.db.or(file.db),
            accounts: self.accounts.or(file.accounts),
            widgets: self.widgets.or(file.widgets),
            now: self.now.or(file.now),
            log_format: self.log_format.or(file.log_format),
            smtp: self.smtp.or(file.smtp),
            mail_from: self.mail_from.or(file.mail_from),
            desk_email: self.desk_email.or(file.desk_email),
            portal_url: self.portal_url.or(file.portal_url),
            header_timeout: self.header_timeout.or(file.header_timeout),
            body_timeout: self.body_timeout.or(file.body_timeout),
            request_timeout: self.request_timeout.or(file.request_timeout),
            max_connections: self.max_connections.or(file.max_connections),
            max_connections_per_address: self
                .max_connections_per_address
                .or(file.max_connections_per_address),
            max_requests: self.max_requests.or(file.max_requests),
            max_hashes: self.max_hashes.or(file.max_hashes),
            engine_jobs: self.engine_jobs.or(file.engine_jobs),
            submissions_per_minute: self.submissions_per_minute.or(file.submissions_per_minute),
            comments_per_minute: self.comments_per_minute.or(file.comments_per_minute),
        }
    }
}

/// `--now`: an ISO date-time with an offset, or local to the data's catalog zone.
fn parse_instant(
    name: &str,
    s: &str,
    data_dir: &Path,
) -> Result<covered_core::civil::Timestamp, String> {
    crate::args::date_time(s).map_err(|e| format!("{name} {s}: {e}"))?;
    if let Ok(ts) = s.parse::<covered_core::civil::Timestamp>() {
        return Ok(ts);
    }
    let dir = data_dir.to_string_lossy().into_owned();
    let data = crate::data::load_dir(&dir).map_err(|e| format!("{dir}: {e}"))?;
    let local =
        covered_core::api::local_time(&data, "now", s).map_err(|p| format!("{name}: {p}"))?;
    engine::zone(&data.catalog)
        .to_timestamp(local)
        .map_err(|e| format!("{name} {s}: {e}"))
}

// --- the values' checks, for the command line (clap) and the file (serde) alike ---

const SECONDS: &str = "expected seconds, more than 0 and at most 86400";
const COUNT: &str = "expected a whole number from 1 to 1000000";
const RATE: &str = "expected a whole number from 0 (no limit) to 100000";

fn check_seconds(s: f64) -> Option<Duration> {
    Some(s)
        .filter(|s| *s > 0.0 && *s <= 86_400.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

fn check_count(n: u64) -> Option<usize> {
    usize::try_from(n)
        .ok()
        .filter(|n| (1..=1_000_000).contains(n))
}

fn check_rate(n: u64) -> Option<u32> {
    u32::try_from(n).ok().filter(|n| *n <= 100_000)
}

/// A timeout's seconds (more than 0, at most a day).
fn seconds(v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .and_then(check_seconds)
        .ok_or_else(|| SECONDS.to_owned())
}

/// A cap's number (1 to 1,000,000).
fn count(v: &str) -> Result<usize, String> {
    v.parse::<u64>()
        .ok()
        .and_then(check_count)
        .ok_or_else(|| COUNT.to_owned())
}

/// A per-minute rate: 0 (no limit) to 100,000.
fn rate(v: &str) -> Result<u32, String> {
    v.parse::<u64>()
        .ok()
        .and_then(check_rate)
        .ok_or_else(|| RATE.to_owned())
}

fn port(v: &str) -> Result<u16, String> {
    v.parse::<u16>()
        .map_err(|_| "expected a port number, 0 to 65535".to_owned())
}

fn host(v: &str) -> Result<IpAddr, String> {
    v.parse::<IpAddr>()
        .map_err(|_| "expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1".to_owned())
}

/// The file's values, checked as the command line's are (the error, with the key and
/// the line, is the TOML reader's).
mod de {
    use serde::de::{Deserialize, Deserializer, Error};
    use std::time::Duration;

    pub fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        let s = f64::deserialize(d)?;
        super::check_seconds(s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(super::SECONDS))
    }

    pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
        let n = i64::deserialize(d)?;
        u64::try_from(n)
            .ok()
            .and_then(super::check_count)
            .map(Some)
            .ok_or_else(|| D::Error::custom(super::COUNT))
    }

    pub fn rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        let n = i64::deserialize(d)?;
        u64::try_from(n)
            .ok()
            .and_then(super::check_rate)
            .map(Some)
            .ok_or_else(|| D::Error::custom(super::RATE))
    }

    /// A date-time, quoted or as TOML's own (`now = 2026-11-23T10:00:00`).
    pub fn date_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Written {
            Text(String),
            Toml(toml::value::Datetime),
        }
        let s = match Written::deserialize(d)? {
            Written::Text(s) => s,
            Written::Toml(t) => t.to_string(),
        };
        crate::args::date_time(&s)
            .map(Some)
            .map_err(D::Error::custom)
    }
}
