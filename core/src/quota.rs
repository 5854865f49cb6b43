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

/// How many of a category's requests are used and pending in a contract year: what a
/// quota line counts, from a history as it is ([`[PastRequest]`]) or natively from its
/// [`QuotaIndex`].
pub trait Counts {
    /// `(used, pending)` of the category `(its position in the catalog, its id)`
    /// counted `counts_at`, in the contract year `[start, next)`.
    fn counts(
        &self,
        category: (usize, &str),
        counts_at: CountsAt,
        start: Date,
        next: Date,
    ) -> (u32, u32);
}

impl Counts for [PastRequest] {
    fn counts(
        &self,
        (_, category): (usize, &str),
        counts_at: CountsAt,
        start: Date,
        next: Date,
    ) -> (u32, u32) {
        let in_year = |d: Date| start <= d && d < next;
        let mut used = 0u32;
        let mut pending = 0u32;
        for r in self.iter().filter(|r| r.category == category && !r.paid) {
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
        (used, pending)
    }
}

/// A history's requests that count towards limits (not paid, not cancelled or
/// refused), by category, as sorted dates: a quota line is then a lookup and a binary
/// search per count instead of a pass over the whole history. Built once where the
/// history is loaded ([`crate::contract::load`] keeps one per contract); natively only,
/// the wasm builds count by passing over the history.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Default)]
pub struct QuotaIndex {
    /// The length of the history it was built from.
    len: usize,
    /// Per category of the catalog, in its order: the id and its counted requests.
    categories: Vec<(Id, CategoryDates)>,
}

/// One category's counted requests.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Default)]
struct CategoryDates {
    /// Completed: the days they were submitted, sorted.
    completed_submitted: Vec<Date>,
    /// Completed with a completion time: the days they were completed, sorted.
    completed_on: Vec<Date>,
    /// Open: the days they were submitted, sorted.
    open_submitted: Vec<Date>,
}

#[cfg(not(target_arch = "wasm32"))]
impl QuotaIndex {
    /// The index of `history` for the limited categories of `catalog` (the one
    /// [`quota_status_of`] is then given).
    pub fn new(catalog: &Catalog, history: &[PastRequest]) -> QuotaIndex {
        let mut categories: Vec<(Id, CategoryDates)> = catalog
            .categories
            .iter()
            .map(|c| (c.id.clone(), CategoryDates::default()))
            .collect();
        // Where each limited category's dates go, by id (a request of any other
        // category never counts).
        let limited: crate::map::Map<&str, usize> = catalog
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.limit.is_some())
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        for r in history.iter().filter(|r| !r.paid) {
            let Some(dates) = limited
                .get(r.category.as_str())
                .and_then(|i| categories.get_mut(*i))
                .map(|(_, d)| d)
            else {
                continue;
            };
            let submitted = r.submitted.date();
            match r.status {
                RequestStatus::Cancelled | RequestStatus::Refused => {}
                RequestStatus::Open => dates.open_submitted.push(submitted),
                RequestStatus::Completed => {
                    dates.completed_submitted.push(submitted);
                    dates.completed_on.extend(r.completed.map(|c| c.date()));
                }
            }
        }
        for (_, d) in &mut categories {
            // Histories come in date order, mostly: sorting is then one pass.
            d.completed_submitted.sort_unstable();
            d.completed_on.sort_unstable();
            d.open_submitted.sort_unstable();
        }
        QuotaIndex {
            len: history.len(),
            categories,
        }
    }

    /// The number of requests of the history it was built from.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it was built from an empty history.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Counts for QuotaIndex {
    fn counts(
        &self,
        (position, category): (usize, &str),
        counts_at: CountsAt,
        start: Date,
        next: Date,
    ) -> (u32, u32) {
        // The category at its catalog position, else (another catalog) by id.
        let d = match self.categories.get(position) {
            Some((id, d)) if id == category => d,
            _ => match self.categories.iter().find(|(id, _)| id == category) {
                Some((_, d)) => d,
                None => return (0, 0),
            },
        };
        let in_year = |dates: &[Date]| {
            let n = dates
                .partition_point(|x| *x < next)
                .saturating_sub(dates.partition_point(|x| *x < start));
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        match counts_at {
            CountsAt::Submission => (in_year(&d.completed_submitted), in_year(&d.open_submitted)),
            CountsAt::Completion => (
                in_year(&d.completed_on),
                u32::try_from(d.open_submitted.len()).unwrap_or(u32::MAX),
            ),
        }
    }
}

/// The quota of one category on `today`.
pub fn quota_line(
    contract: &Contract,
    category: &Category,
    history: &[PastRequest],
    today: Date,
) -> Option<QuotaLine> {
    line(contract, (usize::MAX, category), history, today)
}

/// The quota line of `category` at its position in the catalog, counted by `history`.
fn line<H: Counts + ?Sized>(
    contract: &Contract,
    (position, category): (usize, &Category),
    history: &H,
    today: Date,
) -> Option<QuotaLine> {
    let Limit { counts_at, .. } = category.limit.as_ref()?;
    let limit = limit_of(contract, category)?;
    let (start, next) = contract_year(contract, today);
    let (used, pending) = history.counts((position, &category.id), *counts_at, start, next);
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
    quota_status_of(catalog, contract, history, today)
}

/// [`quota_status`] counted by `history`: a history as it is, or natively its
/// [`QuotaIndex`] (the same lines, found without passing over the history).
pub fn quota_status_of<H: Counts + ?Sized>(
    catalog: &Catalog,
    contract: &Contract,
    history: &H,
    today: Date,
) -> Vec<QuotaLine> {
    let limited = catalog.categories.iter().filter(|c| c.limit.is_some());
    let mut lines = Vec::with_capacity(limited.count());
    lines.extend(
        catalog
            .categories
            .iter()
            .enumerate()
            .filter_map(|c| line(contract, c, history, today)),
    );
    lines
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

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;
    use crate::civil::date;
    use crate::contract::DataSet;
    use proptest::prelude::*;

    fn sample(vendor: &str) -> DataSet {
        let dir = format!("{}/../public/data/{vendor}/", env!("CARGO_MANIFEST_DIR"));
        let index = std::fs::read_to_string(format!("{dir}index.json")).unwrap_or_default();
        let mut files = crate::map::Map::new();
        files.insert("index.json".to_owned(), index.clone());
        for f in crate::contract::manifest_files(&index).unwrap_or_default() {
            let text = std::fs::read_to_string(format!("{dir}{f}")).unwrap_or_default();
            files.insert(f, text);
        }
        crate::contract::load_for_requests(&files).unwrap_or_else(|p| panic!("{p}"))
    }

    /// One generated request: a category (a limited one of the catalog by position,
    /// or past them an unlimited one), a status, paid or not, the submission's day
    /// (near a contract year's first day when `Err`: the day before, of or after one)
    /// and minute, and the days to its completion.
    type Gen = (usize, u8, bool, Result<i64, (usize, i64)>, i64, Option<i64>);

    fn history(data: &DataSet, gens: &[Gen], firsts: &[Date]) -> Vec<PastRequest> {
        let base = data.histories.values().flatten().next().cloned();
        let Some(base) = base else {
            return Vec::new();
        };
        let first = date(2024, 1, 1);
        let cats = &data.catalog.categories;
        let limited: Vec<&Category> = cats.iter().filter(|c| c.limit.is_some()).collect();
        let unlimited = cats.iter().find(|c| c.limit.is_none());
        gens.iter()
            .enumerate()
            .filter_map(|(i, &(cat, status, paid, day, minute, done))| {
                let mut r = base.clone();
                r.id = format!("SR-{i}");
                r.category = limited.get(cat).copied().or(unlimited)?.id.clone();
                let day = match day {
                    Ok(d) => first.checked_add_days(d)?,
                    Err((k, d)) => firsts.get(k % firsts.len().max(1))?.checked_add_days(d)?,
                };
                r.status = match status % 4 {
                    0 => RequestStatus::Open,
                    1 => RequestStatus::Completed,
                    2 => RequestStatus::Cancelled,
                    _ => RequestStatus::Refused,
                };
                r.paid = paid;
                r.submitted = day.at(0, 0, 0, 0).checked_add_minutes(minute)?;
                r.completed = done.and_then(|d| r.submitted.checked_add_minutes(d * 1440));
                Some(r)
            })
            .collect()
    }

    proptest! {
        /// The index counts what the pass over the history counts, for every limited
        /// category, contract, contract year (calendar or anniversary, 29 February
        /// included), counting rule and day, over generated histories of both sample
        /// vendors (their categories, any status, paid or not, completed or not, out
        /// of order).
        #[test]
        fn the_index_gives_the_plain_count(
            cloud in any::<bool>(),
            gens in proptest::collection::vec(
                (
                    0_usize..12,
                    any::<u8>(),
                    proptest::bool::weighted(0.2),
                    prop_oneof![(0_i64..4 * 366).prop_map(Ok), (0_usize..16, -1_i64..=1).prop_map(Err)],
                    0_i64..1440,
                    proptest::option::of(prop_oneof![0_i64..3, 0_i64..400]),
                ),
                0..400,
            ),
            completion in any::<bool>(),
            anniversary in proptest::option::of((0_i64..4 * 366).prop_map(|d| date(2024, 1, 1).checked_add_days(d))),
            today in 0_i64..5 * 366,
        ) {
            let mut data = sample(if cloud { "cloud" } else { "library" });
            if completion {
                for c in &mut data.catalog.categories {
                    if let Some(l) = c.limit.as_mut() {
                        l.counts_at = CountsAt::Completion;
                    }
                }
            }
            // The first days of contract years: 1 January, and the contracts' (or the
            // generated) anniversaries.
            let mut firsts: Vec<Date> = Vec::new();
            for y in 2023..=2029 {
                firsts.extend(Date::new(y, 1, 1).ok());
                for c in &data.contracts {
                    let anchor = match (anniversary, c.contract_year) {
                        (Some(Some(a)), _) | (None, ContractYear::Anniversary(a)) => a,
                        _ => continue,
                    };
                    let on = Date::new(y, anchor.month(), anchor.day());
                    firsts.extend(on.or_else(|_| Date::new(y, anchor.month(), 28)).ok());
                }
            }
            let history = history(&data, &gens, &firsts);
            let index = QuotaIndex::new(&data.catalog, &history);
            prop_assert_eq!(index.len(), history.len());
            let today = date(2023, 7, 1).checked_add_days(today).unwrap_or(Date::MAX);
            for contract in &data.contracts {
                let mut contract = contract.clone();
                if let Some(Some(anchor)) = anniversary {
                    contract.contract_year = ContractYear::Anniversary(anchor);
                }
                let plain = quota_status(&data.catalog, &contract, &history, today);
                let indexed = quota_status_of(&data.catalog, &contract, &index, today);
                prop_assert_eq!(&plain, &indexed);
            }
        }
    }

    #[test]
    fn a_loaded_data_set_answers_from_its_index_as_from_its_history() {
        let data = sample("library");
        let now = date(2026, 11, 20).at(10, 0, 0, 0);
        let index = data.quota_index("hanbit-city");
        assert!(index.is_some_and(|i| i.len() == data.history("hanbit-city").len()));
        let contract = data
            .contract("hanbit-city")
            .unwrap_or_else(|| panic!("contract"));
        let plain = quota_status(
            &data.catalog,
            contract,
            data.history("hanbit-city"),
            now.date(),
        );
        assert_eq!(
            crate::api::quota(&data, "hanbit-city", now).ok(),
            Some(plain)
        );
        // A history changed afterwards is counted as it is, not by the stale index.
        let mut changed = data.clone();
        let mut history = changed.history("hanbit-city").to_vec();
        history.truncate(1);
        changed.histories.insert("hanbit-city".to_owned(), history);
        assert!(changed.quota_index("hanbit-city").is_none());
        let plain = quota_status(
            &changed.catalog,
            contract,
            changed.history("hanbit-city"),
            now.date(),
        );
        assert_eq!(
            crate::api::quota(&changed, "hanbit-city", now).ok(),
            Some(plain)
        );
    }
}
