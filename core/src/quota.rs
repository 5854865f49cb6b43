//! Annual limits: how many of this contract year's limited services are used, pending
//! and left, and when the count resets.

use crate::civil::Date;
use crate::contract::{
    Catalog, Category, Contract, ContractYear, CountsAt, Id, Limit, LimitSource, PastRequest,
    RequestStatus,
};
use crate::i18n::Text;
use serde::Serialize;

/// The state of one limited category in the current contract year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuotaLine {
    /// Category id.
    pub category: Id,
    /// Category name.
    pub name: Text,
    /// The clause that sets the limit.
    pub clause: Option<String>,
    /// Allowed per contract year.
    pub limit: u32,
    /// Counted and completed this contract year.
    pub used: u32,
    /// Counted but not completed yet.
    pub pending: u32,
    /// Left before this request: `limit − used − pending`, never below zero.
    pub remaining: u32,
    /// First day of the current contract year.
    pub year_start: Date,
    /// The day the count resets (first day of the next contract year).
    pub resets_on: Date,
    /// When a request counts.
    pub counts_at: CountsAt,
}

/// The contract year that contains `today`: `(first day, first day of the next)`.
pub fn contract_year(contract: &Contract, today: Date) -> (Date, Date) {
    match contract.contract_year {
        ContractYear::Calendar => {
            // `Date::new` never panics; the year after 9999 clamps to the last day.
            let start = Date::new(today.year(), 1, 1).unwrap_or(today);
            let next = Date::new(today.year().saturating_add(1), 1, 1).unwrap_or(Date::MAX);
            (start, next)
        }
        ContractYear::Anniversary(anchor) => {
            let at = |year: i16| -> Date {
                // 29 Feb anniversaries fall on 28 Feb in other years.
                Date::new(year, anchor.month(), anchor.day())
                    .or_else(|_| Date::new(year, anchor.month(), 28))
                    .unwrap_or(anchor)
            };
            let this = at(today.year());
            if this <= today {
                (this, at(today.year().saturating_add(1)))
            } else {
                (at(today.year().saturating_sub(1)), this)
            }
        }
    }
}

/// The yearly limit of `category` under `contract`, if it has one.
pub fn limit_of(contract: &Contract, category: &Category) -> Option<u32> {
    let limit = category.limit.as_ref()?;
    Some(match &limit.per_year {
        LimitSource::Fixed(n) => contract.limits.get(&category.id).copied().unwrap_or(*n),
        LimitSource::FromContract(k) => contract.yearly_counts.get(k).copied().unwrap_or(0),
    })
}

/// The quota of one category on `today`.
pub fn quota_line(
    contract: &Contract,
    category: &Category,
    history: &[PastRequest],
    today: Date,
) -> Option<QuotaLine> {
    let Limit { counts_at, .. } = category.limit.as_ref()?;
    let limit = limit_of(contract, category)?;
    let (start, next) = contract_year(contract, today);
    let in_year = |d: Date| start <= d && d < next;
    let mut used = 0u32;
    let mut pending = 0u32;
    for r in history
        .iter()
        .filter(|r| r.category == category.id && !r.paid)
    {
        match (r.status, counts_at) {
            (RequestStatus::Cancelled | RequestStatus::Refused, _) => {}
            (RequestStatus::Completed, CountsAt::Submission) => {
                if in_year(r.submitted.date()) {
                    used = used.saturating_add(1);
                }
            }
            (RequestStatus::Completed, CountsAt::Completion) => {
                if r.completed.is_some_and(|c| in_year(c.date())) {
                    used = used.saturating_add(1);
                }
            }
            (RequestStatus::Open, CountsAt::Submission) => {
                if in_year(r.submitted.date()) {
                    pending = pending.saturating_add(1);
                }
            }
            // Counted when completed, which will be this year at the earliest.
            (RequestStatus::Open, CountsAt::Completion) => {
                pending = pending.saturating_add(1);
            }
        }
    }
    Some(QuotaLine {
        category: category.id.clone(),
        name: category.name.clone(),
        clause: category.clause.clone(),
        limit,
        used,
        pending,
        remaining: limit.saturating_sub(used.saturating_add(pending)),
        year_start: start,
        resets_on: next,
        counts_at: *counts_at,
    })
}

/// The quota of every limited category, in catalog order.
pub fn quota_status(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    today: Date,
) -> Vec<QuotaLine> {
    catalog
        .categories
        .iter()
        .filter_map(|c| quota_line(contract, c, history, today))
        .collect()
}

/// A request-history file (docs/data-format.md, "History") that [`quota_line`] counts as
/// `lines` say and that tells nothing else: per line, `used` completed and `pending` open
/// requests of its category, each submitted (and completed) at the first moment of the
/// line's contract year, numbered `counted-<category>-<n>`, with no title, time, severity
/// or number of a real request. It is what the public checker (`covered serve`'s
/// `/api/widget/<token>/`) is given instead of the contract's history: its verdicts count
/// the year's limited requests (and refuse one over the limit) as the server does, from
/// counts alone.
pub fn counted_history(contract: &str, lines: &[QuotaLine]) -> serde_json::Value {
    let mut requests = Vec::new();
    for q in lines {
        let at = format!("{}T00:00:00", q.year_start);
        let statuses = core::iter::repeat_n("completed", q.used as usize)
            .chain(core::iter::repeat_n("open", q.pending as usize));
        for (n, status) in statuses.enumerate() {
            let mut r = serde_json::json!({
                "id": format!("counted-{}-{}", q.category, n.saturating_add(1)),
                "category": q.category,
                "submitted": at,
                "status": status,
            });
            if status == "completed"
                && let Some(m) = r.as_object_mut()
            {
                m.insert("completed".to_owned(), serde_json::json!(at));
            }
            requests.push(r);
        }
    }
    serde_json::json!({"schema_version": 1, "contract": contract, "requests": requests})
}

/// Days from `today` to the contract's end (negative once it has ended).
pub fn days_to_end(contract: &Contract, today: Date) -> i64 {
    today.days_until(contract.end)
}

/// The last day of a contract year that starts on `start` (for display).
pub fn year_end(start_of_next: Date) -> Date {
    start_of_next.yesterday().unwrap_or(start_of_next)
}
