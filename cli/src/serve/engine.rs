//! The bridge to `covered-core`: stored rows become the core's history, a submission
//! becomes the core's request, and every verdict and deadline comes from the core. No
//! business rule lives here — which requests are covered, counted or due when is the
//! core's answer on the vendor's data.

use super::error::ApiError;
use super::store::{HistoryRow, OutboxRow, RequestRow};
use covered_core::admission::{Admission, RefusalCode};
use covered_core::calendar::Zone;
use covered_core::civil::DateTime;
use covered_core::contract::notify::Notifications;
use covered_core::contract::{Catalog, Contract, DataSet, PastRequest, RequestStatus};
use covered_core::filing::Filing;
use covered_core::lifecycle::{self, ClockAnswer, Lifecycle, Record, Refusal, Timing};
use covered_core::sla::DeadlineAnswer;
use covered_core::timed::{self, Events, TimedEvent, What};
use covered_core::{Request, Verdict, evaluate, submission};

/// The catalog's zone (its first calendar's, else Seoul), as the core reads it.
pub fn zone(catalog: &Catalog) -> Zone {
    covered_core::contract::catalog_zone(catalog)
}

/// The local time (catalog zone, to the minute) at `unix_ms`.
///
/// # Errors
///
/// 500 when the clock is out of range.
pub fn local(data: &DataSet, unix_ms: i64) -> Result<DateTime, ApiError> {
    submission::local_now(data, unix_ms)
        .ok_or_else(|| ApiError::internal("clock", format!("{unix_ms} ms is out of range")))
}

/// The catalog's request lifecycle (`covered serve` refuses to start without one).
///
/// # Errors
///
/// 500 when the catalog has none.
pub fn lifecycle(data: &DataSet) -> Result<&Lifecycle, ApiError> {
    data.catalog.lifecycle.as_ref().ok_or_else(|| {
        ApiError::internal(
            "lifecycle",
            "the catalog defines no lifecycle ($.lifecycle)",
        )
    })
}

/// A stored request as the core's past request (for quota, credits and KPIs).
pub fn past_request(lc: &Lifecycle, h: &HistoryRow) -> PastRequest {
    lc.past_request(
        &h.record,
        PastRequest {
            id: h.sr.clone(),
            category: h.category.clone(),
            title: Some(h.title.clone()),
            submitted: h.submitted,
            completed: None,
            status: RequestStatus::Open,
            paid: h.paid,
            severity: h.severity.clone(),
            responded: None,
            wanted_by: h.wanted_by,
            rework: false,
            complaint: false,
            restored: None,
            person_days: None,
            pauses: Vec::new(),
        },
    )
}

/// The contract's history: its data file's requests, then the stored ones.
pub fn history(data: &DataSet, contract: &str, rows: &[HistoryRow]) -> Vec<PastRequest> {
    let stored: Vec<PastRequest> = match &data.catalog.lifecycle {
        Some(lc) => rows.iter().map(|h| past_request(lc, h)).collect(),
        None => Vec::new(),
    };
    data.history(contract)
        .iter()
        .cloned()
        .chain(stored)
        .collect()
}

/// The categories with an annual limit: the only stored requests a verdict reads.
pub fn limited_categories(catalog: &Catalog) -> Vec<String> {
    catalog
        .categories
        .iter()
        .filter(|c| c.limit.is_some())
        .map(|c| c.id.clone())
        .collect()
}

/// The core's verdict on `s` under its contract, with `rows` (the contract's stored
/// requests) added to the data's history, at `now`.
///
/// # Errors
///
/// 422 naming the field for anything the core can't judge (unknown category, product,
/// version, an answer of the wrong type).
pub fn judge(
    data: &DataSet,
    contract: &Contract,
    s: &Filing,
    rows: &[HistoryRow],
    now: DateTime,
) -> Result<Verdict, ApiError> {
    let json = s.request_json();
    let request = Request::from_json(&json, &data.catalog, &zone(&data.catalog))
        .map_err(|p| ApiError::problems(&p))?;
    let history = history(data, &contract.id, rows);
    evaluate(&data.catalog, contract, &request, &history, now).map_err(|p| ApiError::problems(&p))
}

/// Whether a verdict lets the request be filed, and as what (covered-core's admission):
/// `Ok(false)` free,
/// `Ok(true)` as a paid change request (only when the customer asked for that and the
/// verdict offers one).
///
/// # Errors
///
/// 422 with the verdict when an answer is missing, or when the request is not covered
/// or outside the contract and not filed as a paid change request.
pub fn admit(v: &Verdict, paid: bool) -> Result<bool, ApiError> {
    let refusal = match covered_core::admission::admit(v, paid) {
        Admission::Free => return Ok(false),
        Admission::Paid => return Ok(true),
        Admission::Refused(refusal) => refusal,
    };
    if let (RefusalCode::MissingAnswer, Some(q)) = (refusal.code, &refusal.question) {
        return Err(ApiError::field(
            format!("answers.{q}"),
            format!("the question {q:?} must be answered"),
        )
        .with_code(refusal.code.code()));
    }
    let what = match refusal.code {
        RefusalCode::OutsideContract => "outside the contract",
        _ => "not covered",
    };
    let reasons: Vec<&str> = refusal.reasons.iter().map(|r| r.text.en.as_str()).collect();
    let how = if refusal.change_request_offered {
        "; file it as a paid change request with \"paid\": true"
    } else {
        "; it can't be filed as a paid change request either"
    };
    Err(ApiError::field(
        "paid",
        format!("the request is {what} ({}){how}", reasons.join("; ")),
    )
    .with_code(refusal.code.code())
    .with_detail(serde_json::json!({ "verdict": v, "admission": refusal })))
}

/// Every SLA clock of a request of `severity` received at `received` under `contract`'s
/// tier, as its lifecycle `record` stands at `now` — the core's clocks. Empty without a
/// tier or severity.
///
/// # Errors
///
/// 500 when the catalog's calendars can't run the clock.
pub fn clocks(
    data: &DataSet,
    contract: &Contract,
    severity: Option<&str>,
    received: DateTime,
    record: &Record,
    now: DateTime,
) -> Result<Vec<ClockAnswer>, ApiError> {
    let (Some(tier), Some(severity)) = (data.catalog.tier(&contract.tier), severity) else {
        return Ok(Vec::new());
    };
    let timing = Timing {
        tier,
        severity,
        received,
    };
    lifecycle::clocks(&data.catalog, timing, record, now)
        .map_err(|e| ApiError::internal("deadlines", e))
}

/// The deadlines of a request as its record stands at `now` (pauses so far counted).
///
/// # Errors
///
/// As for [`clocks`].
pub fn deadlines(
    data: &DataSet,
    contract: &Contract,
    severity: Option<&str>,
    received: DateTime,
    record: &Record,
    now: DateTime,
) -> Result<Vec<DeadlineAnswer>, ApiError> {
    Ok(clocks(data, contract, severity, received, record, now)?
        .into_iter()
        .map(|c| c.deadline)
        .collect())
}

/// A lifecycle refusal as the API answers it: 409 when the request's state stands in the
/// way (a move it doesn't allow, too late to reopen, not yet resolved), 403 when the
/// caller may not, 422 for what the caller sent, each with the refusal's code, the
/// sentence the core renders and the refusal itself under `detail`.
pub fn refused(lc: Option<&Lifecycle>, r: &Refusal) -> ApiError {
    use axum::http::StatusCode;
    let (field, status) = match r {
        Refusal::NotAStatus { .. } => ("status", StatusCode::UNPROCESSABLE_ENTITY),
        Refusal::NoteRequired { .. } => ("note", StatusCode::UNPROCESSABLE_ENTITY),
        Refusal::RatingOutOfRange { .. } => ("rating", StatusCode::UNPROCESSABLE_ENTITY),
        Refusal::NotAllowed { .. } | Refusal::ReopenPeriodOver { .. } => {
            ("status", StatusCode::CONFLICT)
        }
        Refusal::NotResolved { .. } => ("rating", StatusCode::CONFLICT),
        Refusal::CustomerOnly => ("rating", StatusCode::FORBIDDEN),
        Refusal::NoLifecycle | Refusal::UnknownStatus { .. } => {
            return ApiError::internal("lifecycle", r.text(lc).en);
        }
    };
    ApiError::field(field, r.text(lc).en)
        .with_code(r.code())
        .with_status(status)
        .with_detail(serde_json::json!({ "refusal": r, "text": r.text(lc) }))
}

/// A stored request as the core's past request, by its row id (the key of its events).
pub fn request_of_row(lc: &Lifecycle, r: &RequestRow) -> PastRequest {
    lc.past_request(
        &r.record,
        PastRequest {
            id: r.id.clone(),
            category: r.filing.category.clone(),
            title: Some(r.filing.title.clone()),
            submitted: r.submitted,
            completed: None,
            status: RequestStatus::Open,
            paid: r.filing.paid,
            severity: r.severity.clone(),
            responded: None,
            wanted_by: r.filing.wanted_by,
            rework: false,
            complaint: false,
            restored: None,
            person_days: None,
            pauses: Vec::new(),
        },
    )
}

/// The timed events of a stored request at `now` (warnings, breaches, escalation
/// steps), as the core computes them from its record. None when its contract is gone
/// from the data.
///
/// # Errors
///
/// 500 when the catalog has no lifecycle or a calendar can't run a clock.
pub fn timed_events(data: &DataSet, r: &RequestRow, now: DateTime) -> Result<Events, ApiError> {
    let lc = lifecycle(data)?;
    let Some(contract) = data.contract(&r.filing.contract) else {
        return Ok(Events::none());
    };
    let default_policy;
    let policy = match &data.notifications {
        Some(p) => p,
        None => {
            default_policy = Notifications::default();
            &default_policy
        }
    };
    timed::events(
        &data.catalog,
        policy,
        contract,
        &request_of_row(lc, r),
        &r.record,
        now,
    )
    .map_err(|e| ApiError::internal("events", e))
}

/// Unix milliseconds of a local time in the catalog's zone.
///
/// # Errors
///
/// 500 when the time can't be placed in the zone.
pub fn millis(data: &DataSet, at: DateTime) -> Result<i64, ApiError> {
    zone(&data.catalog)
        .to_timestamp(at)
        .map(|t| t.as_millisecond())
        .map_err(|e| ApiError::internal("clock", e))
}

/// A due event of request `r` as its outbox row, written at `now_ms`.
///
/// # Errors
///
/// 500 when the event can't be serialised or placed in time.
pub fn outbox_row(
    data: &DataSet,
    r: &RequestRow,
    e: &TimedEvent,
    now_ms: i64,
) -> Result<OutboxRow, ApiError> {
    let (kind, clock, percent, step) = match &e.what {
        What::Warning { clock, percent, .. } => (
            "warning",
            Some(clock.clone()),
            Some(i64::from(*percent)),
            None,
        ),
        What::Breach { clock, .. } => ("breach", Some(clock.clone()), Some(100), None),
        What::Escalation { step, .. } => ("escalation", None, None, Some(i64::from(*step))),
        What::Report { .. } => ("report", None, None, None),
        What::Close { .. } => ("close", None, None, None),
    };
    Ok(OutboxRow {
        key: e.key.clone(),
        request: r.id.clone(),
        contract: r.filing.contract.clone(),
        sr: r.sr.clone(),
        kind: kind.to_owned(),
        clock,
        percent,
        step,
        at: e.at.to_string(),
        at_ms: millis(data, e.at)?,
        written_ms: now_ms,
        body: serde_json::to_string(e).map_err(|x| ApiError::internal("serialise", x))?,
        delivery: "pending".to_owned(),
        attempts: 0,
        delivered_ms: None,
        last_error: None,
    })
}
