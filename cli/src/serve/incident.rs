//! Incident reports (장애 보고서): after a fault of a severity the notification policy
//! names is restored, the vendor files a report on it within the policy's hours — its
//! summary, impact, cause, the actions by time, the restore time and the follow-up.
//! Whether one is needed and by when is covered-core's answer (`incident::requirement`);
//! the draft the vendor starts from is the core's too (`incident::draft`, from the
//! request's events and the escalation steps the outbox holds). When it is late, the
//! scheduler writes the core's `report` event (`timed::report_event`) to the outbox once,
//! for whom the policy names.
//!
//! `GET /api/requests/{id}/incident`: vendor staff see the draft and the report; a
//! customer who may see the request sees the report once filed, never the draft.
//! `PUT /api/requests/{id}/incident`: vendor staff file or update it (an event on the
//! request, an audit entry `incident.report`).

use super::AppState;
use super::audit::{Entry, Peer};
use super::auth::{self, Principal};
use super::engine;
use super::error::ApiError;
use super::input::{self, Obj, kind};
use super::routes::{caller, changer, json_body, visible_request};
use super::store::{Event, ReportRow, RequestRow};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use covered_core::civil::{DateTime, Timestamp};
use covered_core::contract::notify::Notifications;
use covered_core::i18n::{Lang, Text};
use covered_core::incident::{self, Happened, Happening, Report, Subject, TimelineEntry};
use covered_core::timed::{self, TimedEvent};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

type St = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

/// The kind of the event a filed (or updated) report leaves on its request.
pub const FILED: &str = "incident_report";
/// The longest text of a report's sections, and of one timeline line.
const SECTION_MAX: usize = 10_000;
const LINE_MAX: usize = 1_000;
/// The most lines a timeline holds.
const LINES_MAX: usize = 200;

/// The incident report's routes (merged into `/api`).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route(
        "/requests/{id}/incident",
        get(get_incident).put(put_incident),
    )
}

/// The data's notification policy (none: the defaults, which ask no report).
fn with_policy<T>(st: &AppState, f: impl FnOnce(&Notifications) -> T) -> T {
    match &st.data.notifications {
        Some(p) => f(p),
        None => f(&Notifications::default()),
    }
}

/// The report's timed event of `row` at `now` (none once `filed`).
fn report_event(st: &AppState, row: &RequestRow, filed: bool, now: DateTime) -> Option<TimedEvent> {
    let lc = engine::lifecycle(&st.data).ok()?;
    with_policy(st, |p| {
        timed::report_event(
            &st.data.catalog,
            p,
            &engine::request_of_row(lc, row),
            &row.record,
            filed,
            now,
        )
    })
}

/// The late report's event of `row` while it is still to come, for the request's
/// timeline (`upcoming`); none once the report is filed.
///
/// # Errors
///
/// A database error.
pub async fn upcoming(
    st: &AppState,
    row: &RequestRow,
    now: DateTime,
) -> Result<Option<TimedEvent>, ApiError> {
    let filed = st
        .store
        .incident_report(&row.id)
        .await
        .map_err(|e| ApiError::internal("incident report", e))?
        .is_some();
    Ok(report_event(st, row, filed, now).filter(|e| !e.due))
}

/// One scheduler pass over the restored requests whose report is not filed: each late
/// one's event written to the outbox (once, by its key; never once the report is filed,
/// checked under the request's lock). Returns the rows added and when (Unix ms) the next
/// report falls due.
///
/// # Errors
///
/// A database error.
pub async fn run_due(
    st: &AppState,
    now_ms: i64,
    now: DateTime,
) -> Result<(u64, Option<i64>), ApiError> {
    let severities = with_policy(st, incident::severities);
    if severities.is_empty() {
        return Ok((0, None));
    }
    let rows = st
        .store
        .awaiting_report(&severities)
        .await
        .map_err(|e| ApiError::internal("scheduler", e))?;
    let (mut written, mut next_ms) = (0, None::<i64>);
    for r in &rows {
        let Some(e) = report_event(st, r, false, now) else {
            continue;
        };
        if !e.due {
            if let Ok(ms) = engine::millis(&st.data, e.at) {
                next_ms = Some(next_ms.map_or(ms, |m| m.min(ms)));
            }
            continue;
        }
        written += st
            .store
            .write_report_due(&r.id, |row| {
                // Recomputed from the row as the transaction reads it.
                report_event(st, row, false, now)
                    .filter(|e| e.due)
                    .map(|e| engine::outbox_row(&st.data, row, &e, now_ms))
                    .transpose()
            })
            .await?;
    }
    Ok((written, next_ms))
}

/// `2026-11-23T14:20:00+09:00`: Unix milliseconds in the catalog's zone.
fn iso(st: &AppState, ms: i64) -> Option<String> {
    let zone = engine::zone(&st.data.catalog);
    let t = Timestamp::from_millisecond(ms.div_euclid(1000).saturating_mul(1000)).ok()?;
    zone.format(zone.to_local(t)).ok()
}

/// A report (filed or a draft) as the API shows it.
fn report_json(r: &Report, author: Option<(&str, Option<&str>)>, updated: Option<String>) -> Value {
    json!({
        "summary": r.summary,
        "impact": r.impact,
        "cause": r.cause,
        "timeline": r.timeline.iter().map(|l| json!({"at": l.at.to_minute_string(), "text": l.text})).collect::<Vec<_>>(),
        "restored_at": r.restored_at.map(DateTime::to_minute_string),
        "follow_up": r.follow_up,
        "author": author.map(|a| a.0),
        "author_name": author.and_then(|a| a.1),
        "updated_at_iso": updated,
    })
}

/// A stored report as the core's.
fn report_of_row(r: &ReportRow) -> Report {
    let timeline: Vec<Value> = serde_json::from_str(&r.timeline).unwrap_or_default();
    Report {
        summary: r.summary.clone(),
        impact: r.impact.clone(),
        cause: r.cause.clone(),
        timeline: timeline
            .iter()
            .filter_map(|l| {
                Some(TimelineEntry {
                    at: l.get("at")?.as_str()?.parse().ok()?,
                    text: l.get("text")?.as_str()?.to_owned(),
                })
            })
            .collect(),
        restored_at: r.restored_at.as_deref().and_then(|t| t.parse().ok()),
        follow_up: r.follow_up.clone(),
    }
}

/// The draft of `row`'s report in `lang`: the core's, from its status changes (with their
/// notes; never the internal notes) and the escalation steps its outbox holds.
async fn draft(st: &AppState, row: &RequestRow, lang: Lang) -> Result<Report, ApiError> {
    let events = st
        .store
        .events(&row.id)
        .await
        .map_err(|e| ApiError::internal("events", e))?;
    let outbox = super::timeline::request_outbox(st, row).await?;
    let moves: Vec<(DateTime, &str, Option<&str>)> = events
        .iter()
        .filter(|e| e.kind == "status")
        .filter_map(|e| Some((e.at.parse().ok()?, e.status.as_deref()?, e.body.as_deref())))
        .collect();
    let steps: Vec<(DateTime, u32, Text)> = outbox
        .iter()
        .filter(|o| o.kind == "escalation")
        .filter_map(|o| {
            let body: Value = serde_json::from_str(&o.body).ok()?;
            let action = body.get("action")?;
            let text = |k: &str| action.get(k).and_then(Value::as_str).unwrap_or_default();
            Some((
                o.at.parse().ok()?,
                u32::try_from(o.step?).ok()?,
                Text::new(text("ko"), text("en")),
            ))
        })
        .collect();
    let happened: Vec<Happened<'_>> = moves
        .iter()
        .map(|(at, to, note)| Happened {
            at: *at,
            what: Happening::Moved { to, note: *note },
        })
        .chain(steps.iter().map(|(at, step, action)| Happened {
            at: *at,
            what: Happening::Escalated {
                step: *step,
                action,
            },
        }))
        .collect();
    let subject = Subject {
        sr: &row.sr,
        title: &row.filing.title,
        details: &row.filing.details,
        severity: row.severity.as_deref(),
        product: &row.filing.product,
        version: &row.filing.version,
        received: row.submitted,
    };
    Ok(incident::draft(
        &st.data.catalog,
        &subject,
        &row.record,
        &happened,
        lang,
    ))
}

/// The answer of both routes: whether a report is needed and by when, the report once
/// filed, and (vendor staff only) the draft.
async fn view(st: &AppState, p: &Principal, row: &RequestRow, lang: Lang) -> ApiResult {
    let stored = st
        .store
        .incident_report(&row.id)
        .await
        .map_err(|e| ApiError::internal("incident report", e))?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let need = with_policy(st, |pol| {
        incident::requirement(
            &st.data.catalog,
            pol,
            row.severity.as_deref(),
            &row.record,
            stored.is_some(),
            now,
        )
    });
    let report = match &stored {
        Some(r) => {
            let name = st
                .store
                .account(&r.author)
                .await
                .map_err(|e| ApiError::internal("account", e))?
                .map(|(a, _)| a.name);
            Some(report_json(
                &report_of_row(r),
                Some((&r.author, name.as_deref())),
                iso(st, r.updated_ms),
            ))
        }
        None => None,
    };
    let draft = if p.is_vendor() {
        Some(report_json(&draft(st, row, lang).await?, None, None))
    } else {
        None
    };
    Ok((
        StatusCode::OK,
        json_body(&json!({
            "request": row.id,
            "sr": row.sr,
            "required": need.required,
            "within_hours": need.within_hours,
            "due_at": need.due,
            "due_at_iso": need.due_iso,
            "due_text": need.text,
            "overdue": need.overdue,
            "report": report,
            "draft": draft,
        })),
    )
        .into_response())
}

/// `?lang=ko|en`: the draft's language (Korean by default).
fn lang_of(q: &BTreeMap<String, String>) -> Result<Lang, ApiError> {
    if let Some(unknown) = q.keys().find(|k| k.as_str() != "lang") {
        return Err(ApiError::field(
            unknown.clone(),
            "unknown parameter (expected lang)",
        ));
    }
    match q.get("lang") {
        None => Ok(Lang::Ko),
        Some(l) => Lang::parse(l).ok_or_else(|| ApiError::field("lang", "expected ko or en")),
    }
}

async fn get_incident(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    let lang = lang_of(&q)?;
    view(&st, &p, &row, lang).await
}

/// A local date-time `YYYY-MM-DDTHH:MM` named `field`, to the minute.
fn local_time(field: &str, v: &Value) -> Result<DateTime, ApiError> {
    let Value::String(s) = v else {
        return Err(ApiError::field(
            field,
            format!(
                "expected a local date-time YYYY-MM-DDTHH:MM, found {}",
                kind(v)
            ),
        ));
    };
    s.trim()
        .parse::<DateTime>()
        .map(DateTime::to_minute)
        .map_err(|e| {
            ApiError::field(
                field,
                format!("expected a local date-time YYYY-MM-DDTHH:MM, found {s:?} ({e})"),
            )
        })
}

/// A report as the body gives it, each field checked (its errors name the field, a
/// timeline line's with its index: `timeline[2].at`); `restored_at` absent or null is
/// the request's restore (its resolution).
fn read_report(o: &input::Obj, restored: Option<DateTime>) -> Result<Report, ApiError> {
    let summary = o.text("summary", SECTION_MAX)?;
    let impact = o.text("impact", SECTION_MAX)?;
    let cause = o.text("cause", SECTION_MAX)?;
    let follow_up = o.text("follow_up", SECTION_MAX)?;
    let lines = match o.0.get("timeline") {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => {
            return Err(ApiError::field(
                "timeline",
                "missing (a list of {\"at\", \"text\"} is required)",
            ));
        }
        Some(other) => {
            return Err(ApiError::field(
                "timeline",
                format!(
                    "expected a list of {{\"at\", \"text\"}}, found {}",
                    kind(other)
                ),
            ));
        }
    };
    if lines.is_empty() || lines.len() > LINES_MAX {
        return Err(ApiError::field(
            "timeline",
            format!("expected 1 to {LINES_MAX} lines, found {}", lines.len()),
        ));
    }
    let mut timeline = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let at_field = format!("timeline[{i}]");
        let Value::Object(m) = line else {
            return Err(ApiError::field(
                at_field,
                format!(
                    "expected an object {{\"at\", \"text\"}}, found {}",
                    kind(line)
                ),
            ));
        };
        if let Some(k) = m.keys().find(|k| !["at", "text"].contains(&k.as_str())) {
            return Err(ApiError::field(
                format!("{at_field}.{k}"),
                "unknown field (expected at, text)",
            ));
        }
        let at = local_time(
            &format!("{at_field}.at"),
            m.get("at").unwrap_or(&Value::Null),
        )?;
        let text = Obj(m.clone())
            .string("text", LINE_MAX)
            .map_err(|e| e.with_field(&format!("{at_field}.text")))?;
        timeline.push(TimelineEntry { at, text });
    }
    let restored_at = match o.0.get("restored_at") {
        None | Some(Value::Null) => restored,
        Some(v) => Some(local_time("restored_at", v)?),
    };
    Ok(Report {
        summary,
        impact,
        cause,
        timeline,
        restored_at,
        follow_up,
    })
}

async fn put_incident(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    // Who, and the CSRF and origin checks, before anything in the body is read.
    let p = changer(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden(
            "incident reports are written by the vendor's staff",
        ));
    }
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let need = with_policy(&st, |pol| {
        incident::requirement(
            &st.data.catalog,
            pol,
            row.severity.as_deref(),
            &row.record,
            false,
            now,
        )
    });
    if !need.required {
        let severity = row.severity.as_deref().unwrap_or("none");
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "report_not_required",
            format!(
                "no incident report is required for a request of severity {severity:?} \
                 (notifications.json's incident_report names the severities that need one)"
            ),
        ));
    }
    if row.record.resolved.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_restored",
            format!(
                "the incident report is written after the restore: {}",
                need.text.en
            ),
        ));
    }
    let o = input::object(
        &headers,
        body,
        &[
            "summary",
            "impact",
            "cause",
            "timeline",
            "restored_at",
            "follow_up",
        ],
    )
    .await?;
    let report = read_report(&o, row.record.resolved)?;
    let lines = report.timeline.len();
    let timeline: Vec<Value> = report
        .timeline
        .iter()
        .map(|l| json!({"at": l.at.to_minute_string(), "text": l.text}))
        .collect();
    let stored = ReportRow {
        request: row.id.clone(),
        summary: report.summary,
        impact: report.impact,
        cause: report.cause,
        timeline: Value::Array(timeline).to_string(),
        restored_at: report.restored_at.map(DateTime::to_minute_string),
        follow_up: report.follow_up,
        author: p.account.login.clone(),
        created_ms: now_ms,
        updated_ms: now_ms,
    };
    let event = Event {
        id: auth::random_id(),
        request: row.id.clone(),
        at: now.to_string(),
        at_ms: now_ms,
        account: p.account.login.clone(),
        kind: FILED.to_owned(),
        status: None,
        body: None,
    };
    let entry = Entry::new(&st, &p.account.login, "incident.report", &peer)
        .request(&row)
        .detail(json!({"lines": lines}));
    st.store
        .save_incident_report(&stored, &event, entry)
        .await?;
    st.changed.notify_one();
    view(&st, &p, &row, Lang::Ko).await
}
