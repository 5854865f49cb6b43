//! Email: the messages a change or a timed event calls for, and their sending.
//!
//! - [`Mailer`] composes: it gathers a request's facts and asks covered-core's `notify`
//!   which message, to whom and in what words (the vendor's `mail.json`). The
//!   store calls it inside the transaction of the change, so a message is written with
//!   what caused it, or not at all.
//! - [`run`] is the sender task: it turns the outbox's timed events into messages
//!   (idempotently: a message's id is its source and recipient), and, when SMTP is
//!   configured, sends the pending ones over SMTP (lettre, plain SMTP to a relay),
//!   retrying with exponential back-off by the server's clock and giving up after
//!   [`MAX_ATTEMPTS`]. Without SMTP the messages stay pending, listed at `GET /api/mail`.

use super::AppState;
use super::error::ApiError;
use super::store::{Change, Compose, Contact, MailRow};
use covered_core::Lang;
use covered_core::civil::DateTime;
use covered_core::contract::DataSet;
use covered_core::contract::notify::Recipient;
use covered_core::i18n::Text;
use covered_core::lifecycle::Actor;
use covered_core::notify::{self, Deadline, Facts, Kind, Notices, To};
use covered_core::timed::What;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// Attempts at one message before it is given up as `failed`.
pub const MAX_ATTEMPTS: i64 = 6;
/// The wait after the first failure; it doubles after each further one.
const FIRST_RETRY_MS: i64 = 30_000;
/// The longest wait between two attempts.
const LONGEST_RETRY_MS: i64 = 3_600_000;
/// How long a claimed message is left to its sender before another may try it.
const LEASE_MS: i64 = 300_000;
/// How often the sender looks for work (by the server's clock, which tests move).
const POLL: Duration = Duration::from_millis(200);
/// How long one SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// How `covered serve` sends mail.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    /// `smtp://host:port` of the relay; none: nothing is sent.
    pub smtp: Option<String>,
    /// The sender address (`From`).
    pub from: String,
    /// The vendor's support desk address (the desk's copies); none: the desk gets none.
    pub desk: Option<String>,
    /// The portal's address, for the links (`https://portal.example`).
    pub portal: String,
}

/// The wait before attempt `attempts + 1` after `attempts` failures.
pub fn backoff_ms(attempts: i64) -> i64 {
    let shift = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    FIRST_RETRY_MS
        .saturating_mul(1_i64 << shift)
        .min(LONGEST_RETRY_MS)
}

/// Composes the messages of changes and timed events.
#[derive(Debug)]
pub struct Mailer {
    data: DataSet,
    notices: Notices,
    desk: Option<String>,
    portal: String,
}

/// The data directory's email templates file, read and checked.
///
/// # Errors
///
/// The manifest names none, it is missing, or it is not valid (each problem with the
/// file and JSON path).
pub fn load_notices(
    files: &covered_core::map::Map<String, String>,
) -> Result<Option<Notices>, String> {
    let Some(name) = files
        .get("index.json")
        .and_then(|t| notify::manifest_file(t))
    else {
        return Ok(None);
    };
    let text = files
        .get(&name)
        .ok_or_else(|| format!("index.json: $.mail: {name:?} is not in the data"))?;
    notify::load_notifications_json(&name, text)
        .map(Some)
        .map_err(|p| crate::data::DataError::Invalid(p).to_string())
}

impl Mailer {
    /// A composer over `data` and its notices.
    pub fn new(data: DataSet, notices: Notices, config: &MailConfig) -> Mailer {
        Mailer {
            data,
            notices,
            desk: config.desk.clone(),
            portal: config.portal.trim_end_matches('/').to_owned(),
        }
    }

    fn facts<'a>(&self, row: &'a RequestRow, link: &'a str) -> Facts<'a> {
        let contract = self.data.contract(&row.filing.contract);
        let status = self
            .data
            .catalog
            .lifecycle
            .as_ref()
            .and_then(|lc| lc.status(&row.record.status))
            .map_or_else(|| Text::same(row.record.status.clone()), |s| s.name.clone());
        Facts {
            sr: &row.sr,
            contract: &row.filing.contract,
            customer: contract.map(|c| c.institution.clone()).unwrap_or_default(),
            title: &row.filing.title,
            requester: &row.filing.requester,
            verdict: &row.coverage,
            deadlines: deadlines(&row.deadlines),
            status,
            link,
            note: None,
            timed: None,
        }
    }
}

use super::store::RequestRow;

/// The stored deadlines (the core's answers as JSON) as a message lists them.
fn deadlines(json: &str) -> Vec<Deadline> {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|d| {
            Some(Deadline {
                clock: text_of(d.get("name")?),
                due: d.get("due")?.as_str()?.parse().ok()?,
            })
        })
        .collect()
}

fn text_of(v: &Value) -> Text {
    let get = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default();
    Text::new(get("ko"), get("en"))
}

/// The timed event an outbox row holds (its `body`, the core's event as JSON).
fn timed_of(body: &str) -> Option<What> {
    let v: Value = serde_json::from_str(body).ok()?;
    let due = || -> Option<DateTime> { v.get("due")?.as_str()?.parse().ok() };
    let clock = || v.get("clock").and_then(Value::as_str).map(str::to_owned);
    match v.get("kind")?.as_str()? {
        "warning" => Some(What::Warning {
            clock: clock()?,
            clock_name: text_of(v.get("clock_name")?),
            percent: u8::try_from(v.get("percent")?.as_u64()?).ok()?,
            due: due()?,
        }),
        "breach" => Some(What::Breach {
            clock: clock()?,
            clock_name: text_of(v.get("clock_name")?),
            due: due()?,
        }),
        "escalation" => Some(What::Escalation {
            step: u32::try_from(v.get("step")?.as_u64()?).ok()?,
            // Not shown in any message.
            after: covered_core::contract::Span::Minutes(0),
            action: text_of(v.get("action")?),
            notify: recipients(v.get("notify")?)?,
        }),
        "report" => Some(What::Report {
            restored: v.get("restored")?.as_str()?.parse().ok()?,
            within_hours: u32::try_from(v.get("within_hours")?.as_u64()?).ok()?,
            due: due()?,
            notify: recipients(v.get("notify")?)?,
        }),
        _ => None,
    }
}

/// Who an event tells (`["vendor", "customer", "cto@…"]`).
fn recipients(v: &Value) -> Option<Vec<Recipient>> {
    Some(
        v.as_array()?
            .iter()
            .filter_map(|a| {
                Some(match a.as_str()? {
                    "customer" => Recipient::Customer,
                    "vendor" => Recipient::Vendor,
                    address => Recipient::Address(address.to_owned()),
                })
            })
            .collect(),
    )
}

impl Compose for Mailer {
    fn compose(
        &self,
        change: &Change<'_>,
        requester: &Contact,
        by_vendor: Option<bool>,
        now_ms: i64,
    ) -> Vec<MailRow> {
        let by = by_vendor.map(|v| if v { Actor::Vendor } else { Actor::Customer });
        let (row, kind, source, note, timed) = match change {
            Change::Submitted(row) => (
                *row,
                Kind::Submitted,
                format!("{}/submitted", row.id),
                None,
                None,
            ),
            Change::Event { before, row, event } => {
                let Some(kind) = notify::for_change(before, &row.record, &event.kind) else {
                    return Vec::new();
                };
                (*row, kind, event.id.clone(), event.body.clone(), None)
            }
            Change::Timed { row, outbox } => {
                let Some((what, kind)) =
                    timed_of(&outbox.body).and_then(|w| notify::for_timed(&w).map(|k| (w, k)))
                else {
                    return Vec::new();
                };
                (*row, kind, outbox.key.clone(), None, Some(what))
            }
        };
        // A submission is told to its requester too, who made it.
        let by = if kind == Kind::Submitted { None } else { by };
        let link = format!(
            "{}{}",
            self.portal,
            notify::sr_path(&row.filing.contract, &row.sr)
        );
        let mut facts = self.facts(row, &link);
        facts.note = note.as_deref();
        facts.timed = timed.as_ref();
        let mut out = Vec::new();
        for to in self.notices.recipients(kind, timed.as_ref(), by) {
            let (address, lang) = match &to {
                To::Requester => {
                    if !notify::wanted(kind, requester.all) {
                        continue;
                    }
                    (
                        requester.email.clone(),
                        Lang::parse(&requester.language).unwrap_or_default(),
                    )
                }
                To::Desk => (self.desk.clone(), Lang::Ko),
                To::Address(a) => (Some(a.clone()), Lang::Ko),
            };
            let Some(address) = address.filter(|a| !a.is_empty()) else {
                continue;
            };
            let mail = self.notices.render(kind, &facts, lang);
            out.push(MailRow {
                id: format!("{source}/{}", to.as_str()),
                source: source.clone(),
                request: row.id.clone(),
                contract: row.filing.contract.clone(),
                sr: row.sr.clone(),
                kind: kind.as_str().to_owned(),
                recipient: address,
                language: match lang {
                    Lang::Ko => "ko",
                    Lang::En => "en",
                }
                .to_owned(),
                subject: mail.subject,
                body: mail.body,
                written_ms: now_ms,
                delivery: "pending".to_owned(),
                attempts: 0,
                next_attempt_ms: now_ms,
                delivered_ms: None,
                last_error: None,
            });
        }
        out
    }
}

/// An SMTP relay to send through.
#[derive(Debug, Clone)]
pub struct Relay {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

/// `smtp://host:port` (port 25 when none) as a relay.
///
/// # Errors
///
/// Another scheme, no host, a bad port or a bad sender address.
pub fn check_smtp(url: &str, from: &str) -> Result<(), String> {
    relay(url, from).map(|_| ())
}

fn relay(url: &str, from: &str) -> Result<Relay, String> {
    let rest = url.strip_prefix("smtp://").ok_or_else(|| {
        format!(
            "--smtp {url:?}: expected smtp://host:port (plain SMTP to a relay; TLS is the relay's)"
        )
    })?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("--smtp {url:?}: {p:?} is not a port number"))?,
        ),
        None => (rest, 25),
    };
    if host.is_empty() {
        return Err(format!("--smtp {url:?}: no host"));
    }
    let from = from
        .parse()
        .map_err(|e| format!("--mail-from {from:?}: not an email address ({e})"))?;
    let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .timeout(Some(SMTP_TIMEOUT))
        .build();
    Ok(Relay { transport, from })
}

async fn send(relay: &Relay, m: &MailRow) -> Result<(), String> {
    use lettre::AsyncTransport;
    let to: lettre::message::Mailbox = m
        .recipient
        .parse()
        .map_err(|e| format!("recipient {:?}: {e}", m.recipient))?;
    let message = lettre::Message::builder()
        .from(relay.from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(format!(
            "<{}@covered>",
            super::auth::digest(&m.id).get(..32).unwrap_or("x")
        )))
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| e.to_string())?;
    relay
        .transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// One pass of the sender: the outbox's new events into messages, then (with SMTP)
/// every due message sent or rescheduled. Returns how many messages it attempted.
///
/// # Errors
///
/// A database error.
pub async fn run_once(st: &AppState) -> Result<usize, ApiError> {
    let now_ms = st.clock.now_ms();
    while st.store.mail_outbox(now_ms, 100).await? == 100 {}
    let Some(relay) = &st.relay else {
        return Ok(0);
    };
    let db = |e: sqlx::Error| ApiError::internal("mail", e);
    let due = st.store.due_mail(now_ms, 50).await.map_err(db)?;
    let mut tried = 0;
    for m in due {
        if !st
            .store
            .claim_mail(&m, now_ms.saturating_add(LEASE_MS))
            .await
            .map_err(db)?
        {
            continue;
        }
        tried += 1;
        let result = send(relay, &m).await;
        let now = st.clock.now_ms();
        match result {
            Ok(()) => st.store.settle_mail(&m, now, None, None).await,
            Err(error) => {
                let attempts = m.attempts.saturating_add(1);
                let retry =
                    (attempts < MAX_ATTEMPTS).then(|| now.saturating_add(backoff_ms(attempts)));
                st.store.settle_mail(&m, now, Some(&error), retry).await
            }
        }
        .map_err(db)?;
    }
    Ok(tried)
}

/// Runs the sender until the task is aborted (when the server stops).
pub async fn run(st: Arc<AppState>) {
    loop {
        // Logged already; tried again on the next pass.
        let _ = run_once(&st).await;
        tokio::time::sleep(POLL).await;
    }
}

/// The relay of `config`, checked.
pub(super) fn relay_of(config: &MailConfig) -> Result<Option<Relay>, String> {
    config
        .smtp
        .as_deref()
        .map(|url| relay(url, &config.from))
        .transpose()
}

// --- the API: the vendor's list of messages, an account's notice settings ---

use super::routes::{caller, changer, json_response};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;
use std::collections::BTreeMap;

type St = State<Arc<AppState>>;

fn mail_json(m: &MailRow) -> Value {
    json!({
        "id": m.id, "source": m.source, "request": m.request, "contract": m.contract,
        "sr": m.sr, "kind": m.kind, "to": m.recipient, "language": m.language,
        "subject": m.subject, "body": m.body, "written_ms": m.written_ms,
        "delivery": m.delivery, "attempts": m.attempts, "next_attempt_ms": m.next_attempt_ms,
        "delivered_ms": m.delivered_ms, "last_error": m.last_error,
    })
}

/// `GET /api/mail`: the messages written, for the vendor's staff only (contract,
/// request, delivery, limit ≤ 500, offset).
pub async fn list_mail(
    State(st): St,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    let p = caller(&st, &headers).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden("the mail is for the vendor's staff"));
    }
    let known = ["contract", "request", "delivery", "limit", "offset"];
    if let Some(unknown) = q.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::field(
            unknown.clone(),
            "unknown parameter (expected contract, request, delivery, limit, offset)",
        ));
    }
    let only: Vec<String> = match q.get("contract") {
        Some(c) if p.contracts.contains(c) => vec![c.clone()],
        Some(_) => return Err(ApiError::field("contract", "not one of the contracts")),
        None => p.contracts.clone(),
    };
    if let Some(d) = q.get("delivery")
        && !["pending", "sent", "failed"].contains(&d.as_str())
    {
        return Err(ApiError::field(
            "delivery",
            "expected pending, sent or failed",
        ));
    }
    let number = |name: &str, default: u32, max: u32| match q.get(name) {
        None => Ok(default),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| ApiError::field(name, format!("expected a whole number 0–{max}"))),
    };
    let rows = st
        .store
        .mail(&super::store::MailFilter {
            contracts: &only,
            request: q.get("request").map(String::as_str),
            delivery: q.get("delivery").map(String::as_str),
            limit: number("limit", 100, 500)?,
            offset: number("offset", 0, u32::MAX)?,
        })
        .await
        .map_err(|e| ApiError::internal("mail", e))?;
    let items: Vec<Value> = rows.iter().map(mail_json).collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({ "mail": items, "sending": st.relay.is_some() }),
    ))
}

fn settings_json(c: &Contact) -> Value {
    json!({
        "email": c.email,
        "language": c.language,
        "notify": if c.all { "all" } else { "resolution" },
    })
}

/// `GET /api/settings`: the caller's address and notice settings, and whether it has a
/// calendar feed (`calendar`, `calendar.rs`).
pub async fn get_settings(State(st): St, headers: HeaderMap) -> Result<Response, ApiError> {
    let p = caller(&st, &headers).await?;
    let c = st
        .store
        .contact(&p.account.login)
        .await
        .map_err(|e| ApiError::internal("settings", e))?;
    let mut v = settings_json(&c);
    let calendar = super::calendar::has_feed(&st, &p.account.login).await?;
    if let Some(m) = v.as_object_mut() {
        m.insert("calendar".to_owned(), calendar.into());
    }
    Ok(json_response(StatusCode::OK, &v))
}

/// `PUT /api/settings`: changes any of `email`, `language` (`ko`, `en`) and `notify`
/// (`all`, or `resolution`: only the resolution notice).
pub async fn put_settings(
    State(st): St,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let p = changer(&st, &headers).await?;
    let o = super::input::object(&headers, body, &["email", "language", "notify"]).await?;
    let login = &p.account.login;
    let mut c = st
        .store
        .contact(login)
        .await
        .map_err(|e| ApiError::internal("settings", e))?;
    if let Some(e) = o.opt_string("email", 254)? {
        let e = e.trim().to_owned();
        if e.parse::<lettre::Address>().is_err() {
            return Err(ApiError::field("email", "expected an email address"));
        }
        c.email = Some(e);
    }
    if let Some(l) = o.opt_string("language", 8)? {
        if !["ko", "en"].contains(&l.as_str()) {
            return Err(ApiError::field("language", "expected ko or en"));
        }
        c.language = l;
    }
    if let Some(n) = o.opt_string("notify", 20)? {
        c.all = match n.as_str() {
            "all" => true,
            "resolution" => false,
            _ => return Err(ApiError::field("notify", "expected all or resolution")),
        };
    }
    st.store
        .set_contact(login, &c)
        .await
        .map_err(|e| ApiError::internal("settings", e))?;
    let mut v = settings_json(&c);
    let calendar = super::calendar::has_feed(&st, &p.account.login).await?;
    if let Some(m) = v.as_object_mut() {
        m.insert("calendar".to_owned(), calendar.into());
    }
    Ok(json_response(StatusCode::OK, &v))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_each_failure_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(backoff_ms).collect();
        assert_eq!(
            waits,
            [
                30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000
            ]
        );
    }

    #[test]
    fn only_plain_smtp_urls_with_a_host_and_a_good_sender_are_taken() {
        assert!(check_smtp("smtp://127.0.0.1:2525", "covered@libsoft.example").is_ok());
        assert!(check_smtp("smtp://relay", "covered@libsoft.example").is_ok());
        for (url, from, says) in [
            (
                "smtps://relay:465",
                "a@b.example",
                "expected smtp://host:port",
            ),
            ("smtp://:25", "a@b.example", "no host"),
            ("smtp://relay:port", "a@b.example", "not a port number"),
            ("smtp://relay:25", "not an address", "--mail-from"),
        ] {
            let e = check_smtp(url, from).unwrap_err();
            assert!(e.contains(says), "{url}: {e}");
        }
    }

    #[test]
    fn an_outbox_body_gives_back_its_timed_event() {
        let body = r#"{"key":"r/warning/response/50","at":"2026-11-23T10:30:00","due":true,
            "kind":"warning","clock":"response","clock_name":{"ko":"응답","en":"Response"},
            "percent":50,"due":"2026-11-23T11:00:00"}"#;
        match timed_of(body) {
            Some(What::Warning { percent, due, .. }) => {
                assert_eq!(percent, 50);
                assert_eq!(due.to_string(), "2026-11-23T11:00:00");
            }
            other => panic!("{other:?}"),
        }
        let step = r#"{"kind":"escalation","step":2,"action":{"ko":"보고","en":"Report"},
            "notify":["customer","vendor"]}"#;
        assert!(matches!(
            timed_of(step),
            Some(What::Escalation { step: 2, ref notify, .. }) if notify.len() == 2
        ));
    }
}
