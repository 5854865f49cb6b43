//! The bridge to `covered-core`: stored rows become the core's history, a submission
//! becomes the core's request, and every verdict and deadline comes from the core. No
//! business rule lives here — which requests are covered, counted or due when is the
//! core's answer on the vendor's data.

use super::error::ApiError;
use super::store::HistoryRow;
use covered_core::admission::{Admission, RefusalCode};
use covered_core::calendar::{Pause, Zone};
use covered_core::civil::{Date, DateTime};
use covered_core::contract::{Catalog, Contract, DataSet, PastRequest, RequestStatus};
use covered_core::sla::{self, DeadlineAnswer};
use covered_core::{Request, Verdict, evaluate, submission};
use serde_json::{Map, Value};

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

/// A request's life on the server, vendor staff moving it along.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Filed, not yet looked at.
    Received,
    /// Being worked on.
    InProgress,
    /// Waiting on the customer: the SLA clocks stop.
    WaitingOnCustomer,
    /// Done, the customer may confirm.
    Resolved,
    /// Closed.
    Closed,
}

/// Every status, in order.
pub const STATUSES: [Status; 5] = [
    Status::Received,
    Status::InProgress,
    Status::WaitingOnCustomer,
    Status::Resolved,
    Status::Closed,
];

impl Status {
    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProgress => "in_progress",
            Status::WaitingOnCustomer => "waiting_on_customer",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    /// From its name.
    pub fn parse(s: &str) -> Option<Status> {
        STATUSES.into_iter().find(|x| x.as_str() == s)
    }

    /// Where a request may go from here.
    pub fn next(self) -> &'static [Status] {
        match self {
            Status::Received => &[
                Status::InProgress,
                Status::WaitingOnCustomer,
                Status::Resolved,
            ],
            Status::InProgress => &[Status::WaitingOnCustomer, Status::Resolved],
            Status::WaitingOnCustomer => &[Status::InProgress, Status::Resolved],
            // Reopening a resolved request is rework.
            Status::Resolved => &[Status::Closed, Status::InProgress],
            Status::Closed => &[],
        }
    }

    /// The core's status of a past request.
    pub fn core(self) -> RequestStatus {
        match self {
            Status::Received | Status::InProgress | Status::WaitingOnCustomer => {
                RequestStatus::Open
            }
            Status::Resolved | Status::Closed => RequestStatus::Completed,
        }
    }
}

fn time(s: Option<&str>) -> Option<DateTime> {
    s.and_then(|s| s.parse().ok())
}

/// A stored request as the core's past request (for quota, credits and KPIs).
pub fn past_request(h: &HistoryRow) -> Option<PastRequest> {
    Some(PastRequest {
        id: h.sr.clone(),
        category: h.category.clone(),
        title: Some(h.title.clone()),
        submitted: h.submitted.parse().ok()?,
        completed: time(h.resolved.as_deref()),
        status: Status::parse(&h.status)?.core(),
        paid: h.paid,
        severity: h.severity.clone(),
        responded: time(h.responded.as_deref()),
        wanted_by: h.wanted_by.as_deref().and_then(|d| d.parse::<Date>().ok()),
        rework: h.rework,
        complaint: false,
        restored: None,
        person_days: None,
        pauses: pauses(&h.pauses)
            .into_iter()
            .filter_map(|(from, to)| Pause::new(from.parse().ok()?, to.parse().ok()?).ok())
            .collect(),
    })
}

/// The contract's history: its data file's requests, then the stored ones.
pub fn history(data: &DataSet, contract: &str, rows: &[HistoryRow]) -> Vec<PastRequest> {
    data.history(contract)
        .iter()
        .cloned()
        .chain(rows.iter().filter_map(past_request))
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

/// What a customer submits (validated for shape; the core judges the rest).
#[derive(Debug, Clone)]
pub struct Submission {
    pub branch: Option<String>,
    pub product: String,
    pub version: String,
    pub category: String,
    pub answers: Map<String, Value>,
    pub requester: String,
    pub title: String,
    pub details: String,
    pub wanted_by: Option<Date>,
    pub paid: bool,
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
    s: &Submission,
    rows: &[HistoryRow],
    now: DateTime,
) -> Result<Verdict, ApiError> {
    let answers: covered_core::map::Map<String, Value> = s
        .answers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let json = submission::request_json(
        s.branch.as_deref(),
        &s.product,
        &s.version,
        &s.category,
        &answers,
    );
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

/// The stored pauses (`[[from, to], …]`, local times).
pub fn pauses(json: &str) -> Vec<(String, String)> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The deadlines of a request of `severity` received at `received` under `contract`'s
/// tier, with the clocks stopped during `pauses` — the core's clocks.
///
/// # Errors
///
/// 500 when the catalog's calendars can't run the clock.
pub fn deadlines(
    data: &DataSet,
    contract: &Contract,
    severity: &str,
    received: DateTime,
    pauses: &[(DateTime, DateTime)],
) -> Result<Vec<DeadlineAnswer>, ApiError> {
    let Some(tier) = data.catalog.tier(&contract.tier) else {
        return Ok(Vec::new());
    };
    let pauses: Vec<Pause> = pauses
        .iter()
        .filter_map(|(f, t)| Pause::new(*f, *t).ok())
        .collect();
    sla::deadlines(&data.catalog, tier, severity, received, &pauses, None)
        .map_err(|e| ApiError::internal("deadlines", e))
}
