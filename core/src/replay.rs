//! History replay: what a customer would have got under every tier for the requests it
//! actually made — which would have been covered instead of billed, when each would
//! have been due and how much sooner or later than under its own tier, what the
//! out-of-scope work would have cost, and the year's total of fee and that cost — so
//! sales can show what an upgrade buys.
//!
//! A history keeps a request's category, severity, times, status, paid flag and
//! effort, not its product or answers, so the replay judges only what those decide:
//! - **Cancelled** requests are not evaluated.
//! - **Paid** requests and change-request categories are paid under every tier.
//! - **Rules decided by the category alone** (their condition tests only category
//!   and service; answer and product tests are unknown, and an unknown condition
//!   does not fire) apply per tier: an exclusion everywhere, a `requires_feature`
//!   where the tier lacks the feature, a `requires_addon` where the contract lacks
//!   the add-on. Waivers are not assumed.
//! - A **refused** request stays refused under every tier — the history does not say
//!   why — unless a tier-dependent rule explains the refusal under the contract's own
//!   tier; then tiers with that feature cover it.
//! - Everything else is covered. The coverage matrix and annual limits (contract
//!   terms, the same under every tier) are not re-judged.
//! - **Deadlines**: each covered request's dues are recomputed under each tier (with
//!   its recorded pauses, [`crate::sla::deadlines`]) and set beside its dues under the
//!   contract's own tier: how much sooner (or later) each tier would have promised it.
//!   The vendor's past pace is not judged against another tier's promise — under
//!   another tier the vendor would have staffed to it — so a higher tier is never
//!   shown breaching more for the same requests.
//! - **Out-of-scope cost**: paid and not-covered requests with recorded person-days
//!   are priced as change requests ([`crate::fees::change_request`]); without
//!   person-days they are listed as unpriced. Under a tier that offers the temporary
//!   upgrade, an urgent incident received outside the tier's window is charged the
//!   upgrade from receipt until the earlier of its restore and the window's next
//!   opening, every started hour billed.
//! - **The year's total**: the tier's annual fee before VAT — the contract's own fee
//!   under its own tier, else the middle of the tier's rate range for the contract's
//!   licence amount (the range's ends beside it) — plus the out-of-scope cost of the
//!   history. Without a licence amount the other tiers' fees are unknown.

use crate::calendar::CalendarError;
use crate::civil::DateTime;
use crate::contract::{
    Catalog, Category, Condition, Contract, Effect, Id, PastRequest, RequestKind, RequestStatus,
    Rule, Tier,
};
use crate::fees::{self, FeeOption, RateSource};
use crate::i18n::{Lang, Text};
use crate::money::{self, Amount, Overflow};
use crate::sla;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// Why a replay could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// A clock could not run.
    Calendar(CalendarError),
    /// An amount was out of range.
    Overflow,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Calendar(e) => write!(f, "{e}"),
            ReplayError::Overflow => write!(f, "{Overflow}"),
        }
    }
}

impl std::error::Error for ReplayError {}

impl From<CalendarError> for ReplayError {
    fn from(e: CalendarError) -> Self {
        ReplayError::Calendar(e)
    }
}
impl From<Overflow> for ReplayError {
    fn from(_: Overflow) -> Self {
        ReplayError::Overflow
    }
}

/// A past request's coverage under a tier, as far as the history decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReplayCoverage {
    /// Covered.
    Covered,
    /// Not covered.
    NotCovered,
    /// A paid change request under every tier.
    Paid,
    /// Cancelled: not evaluated.
    NotEvaluated,
}

/// How a request's coverage under a tier differs from under the contract's own tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Versus {
    /// The same answer as under the contract's tier.
    Same,
    /// Covered here, not covered (billed or refused) under the contract's tier.
    CoveredInstead,
    /// Not covered here, covered under the contract's tier.
    NotCoveredInstead,
}

/// One clock of a covered request under a tier, beside the contract's own tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Due {
    /// Clock id.
    pub clock: Id,
    /// Clock name.
    pub name: Text,
    /// The target in words.
    pub within: Text,
    /// When it would have been due under this tier.
    pub due: DateTime,
    /// When it was due under the contract's tier (`None` when that tier did not cover
    /// the request, or has no such clock).
    pub current_due: Option<DateTime>,
    /// Wall-clock minutes sooner than under the contract's tier (negative: later).
    pub sooner_minutes: Option<i64>,
    /// That in words: `3시간 빨리` / `3 h sooner`, `같음` / `same`, `2일 늦게` / `2 d later`.
    pub sooner: Option<Text>,
}

/// One past request under one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReplayLine {
    /// Request id.
    pub request: Id,
    /// Category.
    pub category: Id,
    /// Title.
    pub title: Option<String>,
    /// Severity.
    pub severity: Option<Id>,
    /// When it was received.
    pub received: DateTime,
    /// Coverage under this tier.
    pub coverage: ReplayCoverage,
    /// Against the contract's tier.
    pub versus: Versus,
    /// The rule behind a not-covered answer.
    pub rule: Option<Id>,
    /// Its clause.
    pub clause: Option<String>,
    /// Why, in words.
    pub reason: Text,
    /// When each clock would have been due (covered requests with a severity).
    pub dues: Vec<Due>,
    /// Change-request price before VAT (paid or not covered, person-days known).
    pub cost: Option<Amount>,
    /// Temporary-upgrade hours this tier would have charged.
    pub upgrade_hours: Option<i64>,
    /// Their price before VAT.
    pub upgrade_cost: Option<Amount>,
    /// What this request cost outside the fee under this tier (change request and
    /// upgrade), before VAT.
    pub billed: Amount,
    /// What it cost under the contract's tier less what it costs here (negative: more
    /// here).
    pub saved: Amount,
    /// That in words (`None` when the same).
    pub saved_text: Option<Text>,
}

/// How one clock's dues under a tier compare with the contract's tier, over the
/// requests both cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Promise {
    /// Clock id.
    pub clock: Id,
    /// Name.
    pub name: Text,
    /// Requests with a due under both tiers.
    pub compared: u32,
    /// Due sooner here.
    pub sooner: u32,
    /// Due at the same time.
    pub same: u32,
    /// Due later here.
    pub later: u32,
    /// Mean wall-clock minutes sooner here (negative: later) over the requests whose
    /// due differs, rounded down; `None` when none differs.
    pub mean_sooner_minutes: Option<i64>,
    /// In words: `2건 평균 4시간 빨리 (나머지 12건 같음)` / `4 h sooner on average for 2
    /// (the other 12 the same)`.
    pub text: Text,
}

/// What the work outside maintenance would have cost under a tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutOfScope {
    /// Paid and not-covered requests priced as change requests.
    pub change_requests: Amount,
    /// The requests priced.
    pub priced: Vec<Id>,
    /// Paid or not-covered requests without recorded person-days.
    pub unpriced: Vec<Id>,
    /// Temporary-upgrade hours.
    pub upgrade_hours: i64,
    /// Their price.
    pub upgrade: Amount,
    /// Everything, before VAT.
    pub total: Amount,
}

/// A tier's year: its fee plus the out-of-scope cost of the history, before VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearTotal {
    /// The annual fee before VAT (`None`: unknown without a licence amount or a rate
    /// range).
    pub fee: Option<Amount>,
    /// Where it comes from, in words.
    pub fee_basis: Text,
    /// The out-of-scope cost.
    pub out_of_scope: Amount,
    /// Fee plus out-of-scope cost.
    pub total: Option<Amount>,
    /// The total at the bottom of the tier's rate range (the contract's own fee under
    /// its own tier).
    pub low: Option<Amount>,
    /// The total at the top of the range.
    pub high: Option<Amount>,
    /// The total against the contract's tier's total (positive: more here).
    pub versus_current: Option<Amount>,
    /// That in words: `계약 등급보다 ₩3,862,500 많음` / `₩3,862,500 more than the
    /// contract's tier`.
    pub versus_text: Option<Text>,
}

/// The whole history under one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierReplay {
    /// Tier id.
    pub tier: Id,
    /// Name.
    pub name: Text,
    /// Whether it is the contract's tier.
    pub current: bool,
    /// The annual fee range for the contract's licence amount (empty without one).
    pub fee: Vec<FeeOption>,
    /// Covered requests.
    pub covered: u32,
    /// Not-covered requests.
    pub not_covered: u32,
    /// Paid requests.
    pub paid: u32,
    /// Cancelled requests.
    pub not_evaluated: u32,
    /// Requests covered here that the contract's tier billed or refused.
    pub covered_instead: Vec<Id>,
    /// Requests not covered here that the contract's tier covered.
    pub not_covered_instead: Vec<Id>,
    /// Per clock: how much sooner this tier would have promised.
    pub promises: Vec<Promise>,
    /// Out-of-scope cost.
    pub out_of_scope: OutOfScope,
    /// The contract's tier's out-of-scope cost less this tier's: what this tier would
    /// have saved (negative: cost more).
    pub saved: Amount,
    /// That in words: `₩1,387,500 절감` / `₩1,387,500 saved`, `₩2,800,000 더` /
    /// `₩2,800,000 more`, `같음` / `the same`.
    pub saved_text: Text,
    /// Fee plus out-of-scope cost.
    pub year: YearTotal,
    /// Request by request.
    pub requests: Vec<ReplayLine>,
    /// The tier in one sentence.
    pub summary: Text,
}

/// A contract's history under every tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Replay {
    /// Contract id.
    pub contract: Id,
    /// Its tier.
    pub current_tier: Id,
    /// Requests in the history.
    pub requests: usize,
    /// When the first and the last of them were received.
    pub from: Option<DateTime>,
    /// See `from`.
    pub to: Option<DateTime>,
    /// One entry per tier, lowest first.
    pub tiers: Vec<TierReplay>,
    /// What the replay can and cannot judge.
    pub limits: Text,
}

/// What a condition decides from the category alone: `None` when it depends on an
/// answer or a product.
fn decide(c: &Condition, category: &Category) -> Option<bool> {
    match c {
        Condition::Always => Some(true),
        Condition::Answer(..) | Condition::Product(_) => None,
        Condition::Category(ids) => Some(ids.contains(&category.id)),
        Condition::Service(ids) => Some(ids.contains(&category.service)),
        Condition::All(list) => {
            let mut unknown = false;
            for x in list {
                match decide(x, category) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            (!unknown).then_some(true)
        }
        Condition::Any(list) => {
            let mut unknown = false;
            for x in list {
                match decide(x, category) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            (!unknown).then_some(false)
        }
        Condition::Not(x) => decide(x, category).map(|b| !b),
    }
}

/// The first category-decided rule that keeps `category` from being covered under
/// `tier`.
fn blocking_rule<'c>(
    catalog: &'c Catalog,
    contract: &Contract,
    category: &Category,
    tier: &Tier,
) -> Option<&'c Rule> {
    catalog.rules.iter().find(|r| {
        decide(&r.when, category) == Some(true)
            && match &r.effect {
                Effect::Exclude => true,
                Effect::Selective => false,
                Effect::RequiresAddon(a) => !contract.addons.contains(a),
                Effect::RequiresFeature(f) => !tier.features.contains(f),
            }
    })
}

fn tier_dependent(rule: &Rule) -> bool {
    matches!(rule.effect, Effect::RequiresFeature(_))
}

/// Every started hour between `from` and `to` (0 when `to ≤ from`).
fn started_hours(from: DateTime, to: DateTime) -> i64 {
    let mins = from.minutes_until(to);
    if mins <= 0 {
        0
    } else {
        mins.saturating_add(59) / 60
    }
}

struct Judged<'c> {
    coverage: ReplayCoverage,
    rule: Option<&'c Rule>,
    reason: Text,
}

fn judge<'c>(
    catalog: &'c Catalog,
    contract: &Contract,
    r: &PastRequest,
    category: Option<&Category>,
    tier: &Tier,
    own_tier: Option<&Tier>,
) -> Judged<'c> {
    if r.status == RequestStatus::Cancelled {
        return Judged {
            coverage: ReplayCoverage::NotEvaluated,
            rule: None,
            reason: Text::new("취소된 요청", "cancelled by the customer"),
        };
    }
    let Some(category) = category else {
        return Judged {
            coverage: ReplayCoverage::NotEvaluated,
            rule: None,
            reason: Text::new("알 수 없는 유형", "unknown category"),
        };
    };
    if r.paid || category.kind == RequestKind::ChangeRequest {
        return Judged {
            coverage: ReplayCoverage::Paid,
            rule: None,
            reason: Text::new(
                "유상 변경요청(CR): 어느 등급에서도 유지보수 범위 밖",
                "a paid change request: outside maintenance under every tier",
            ),
        };
    }
    if let Some(rule) = blocking_rule(catalog, contract, category, tier) {
        return Judged {
            coverage: ReplayCoverage::NotCovered,
            rule: Some(rule),
            reason: Text::new(
                format!("{} ({})", rule.text.ko, rule.clause),
                format!("{} ({})", rule.text.en, rule.clause),
            ),
        };
    }
    if r.status == RequestStatus::Refused {
        let explained = own_tier
            .and_then(|own| blocking_rule(catalog, contract, category, own))
            .filter(|rule| tier_dependent(rule));
        return match explained {
            Some(rule) => Judged {
                coverage: ReplayCoverage::Covered,
                rule: None,
                reason: Text::new(
                    format!(
                        "계약 등급에서는 {}로 반려됐으나 이 등급은 해당 서비스를 포함",
                        rule.clause
                    ),
                    format!(
                        "refused under the contract's tier by {}, which this tier satisfies",
                        rule.clause
                    ),
                ),
            },
            None => Judged {
                coverage: ReplayCoverage::NotCovered,
                rule: None,
                reason: Text::new(
                    "당시 반려됨: 이력에 사유가 없어 모든 등급에서 반려로 간주",
                    "refused at the time: the history gives no reason, so it stays refused under every tier",
                ),
            },
        };
    }
    Judged {
        coverage: ReplayCoverage::Covered,
        rule: None,
        reason: Text::new("지원 대상", "covered"),
    }
}

fn upgrade_hours(
    catalog: &Catalog,
    tier: &Tier,
    r: &PastRequest,
    category: Option<&Category>,
) -> Result<Option<i64>, CalendarError> {
    let (Some(_), Some(category)) = (&tier.temporary_upgrade, category) else {
        return Ok(None);
    };
    let urgent = r
        .severity
        .as_ref()
        .and_then(|s| catalog.severity(s))
        .is_some_and(|s| s.urgent);
    if category.kind != RequestKind::Incident || !urgent {
        return Ok(None);
    }
    let Some(cal) = catalog.calendars.get(&tier.calendar) else {
        return Ok(None);
    };
    if cal.calendar.is_open(r.submitted) {
        return Ok(None);
    }
    let Some(restored) = r.restored.or(r.completed) else {
        return Ok(None);
    };
    let opening = cal.calendar.next_opening(r.submitted)?;
    Ok(Some(started_hours(r.submitted, restored.min(opening))))
}

/// What a tier's replay adds up while it goes through the history.
struct Totals {
    covered: u32,
    not_covered: u32,
    paid: u32,
    skipped: u32,
    cr_total: Decimal,
    priced: Vec<Id>,
    unpriced: Vec<Id>,
    up_hours: i64,
    up_total: Decimal,
}

impl Totals {
    fn new() -> Totals {
        Totals {
            covered: 0,
            not_covered: 0,
            paid: 0,
            skipped: 0,
            cr_total: Decimal::ZERO,
            priced: Vec::new(),
            unpriced: Vec::new(),
            up_hours: 0,
            up_total: Decimal::ZERO,
        }
    }
}

/// `minutes` (≥ 0) in days, hours and minutes: `1일 3시간`, `45분` / `1 d 3 h`, `45 min`
/// (minutes left out from a day up).
fn span_words(minutes: i64) -> Text {
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut ko = Vec::new();
    let mut en = Vec::new();
    if d > 0 {
        ko.push(format!("{d}일"));
        en.push(format!("{d} d"));
    }
    if h > 0 {
        ko.push(format!("{h}시간"));
        en.push(format!("{h} h"));
    }
    if d == 0 && (m > 0 || h == 0) {
        ko.push(format!("{m}분"));
        en.push(format!("{m} min"));
    }
    Text::new(ko.join(" "), en.join(" "))
}

/// `minutes` sooner (negative: later) in words.
fn sooner_words(minutes: i64) -> Text {
    if minutes == 0 {
        return Text::new("같음", "same");
    }
    let span = span_words(minutes.saturating_abs());
    if minutes > 0 {
        Text::new(format!("{} 빨리", span.ko), format!("{} sooner", span.en))
    } else {
        Text::new(format!("{} 늦게", span.ko), format!("{} later", span.en))
    }
}

/// An amount saved (negative: spent more) in words.
fn saved_words(saved: Decimal) -> Text {
    let won = money::won(saved.abs());
    if saved.is_sign_negative() {
        Text::new(format!("{won} 더"), format!("{won} more"))
    } else {
        Text::new(format!("{won} 절감"), format!("{won} saved"))
    }
}

fn replay_tier(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    tier: &Tier,
) -> Result<TierReplay, ReplayError> {
    let own = catalog.tier(&contract.tier);
    let mut totals = Totals::new();
    let mut lines = Vec::new();
    for r in history {
        lines.push(replay_line(catalog, contract, tier, own, r, &mut totals)?);
    }
    let fee = match contract.fee.licence {
        Some(l) => fees::tier_range(l, tier, contract.fee.billing, catalog.pricing.vat_rate)?,
        None => Vec::new(),
    };
    let total = money::add(totals.cr_total, totals.up_total)?;
    let current = tier.id == contract.tier;
    let year = year_total(contract, current, &fee, total)?;
    Ok(TierReplay {
        tier: tier.id.clone(),
        name: tier.name.clone(),
        current,
        fee,
        covered: totals.covered,
        not_covered: totals.not_covered,
        paid: totals.paid,
        not_evaluated: totals.skipped,
        covered_instead: Vec::new(),
        not_covered_instead: Vec::new(),
        promises: Vec::new(),
        out_of_scope: OutOfScope {
            change_requests: Amount::new(totals.cr_total),
            priced: totals.priced,
            unpriced: totals.unpriced,
            upgrade_hours: totals.up_hours,
            upgrade: Amount::new(totals.up_total),
            total: Amount::new(total),
        },
        saved: Amount::new(Decimal::ZERO),
        saved_text: Text::new("같음", "the same"),
        year,
        requests: lines,
        summary: Text::same(""),
    })
}

/// The fee plus `out_of_scope` for a tier whose rate range for the contract's licence
/// is `fee` (the contract's own fee when `current`).
fn year_total(
    contract: &Contract,
    current: bool,
    fee: &[FeeOption],
    out_of_scope: Decimal,
) -> Result<YearTotal, Overflow> {
    let at = |source: RateSource| {
        fee.iter()
            .find(|o| o.source == source)
            .map(|o| o.annual.net.amount)
    };
    let (mid, low, high, basis) = if current {
        let own = Some(contract.fee.annual);
        (own, own, own, Text::new("계약 요금", "the contract's fee"))
    } else {
        match (
            at(RateSource::TierMin),
            at(RateSource::TierMid),
            at(RateSource::TierMax),
        ) {
            (Some(lo), Some(mid), Some(hi)) => {
                let pct = |s: RateSource| {
                    fee.iter()
                        .find(|o| o.source == s)
                        .map(|o| o.rate_percent.normalize().to_string())
                        .unwrap_or_default()
                };
                let (a, m, b) = (
                    pct(RateSource::TierMin),
                    pct(RateSource::TierMid),
                    pct(RateSource::TierMax),
                );
                (
                    Some(mid),
                    Some(lo),
                    Some(hi),
                    Text::new(
                        format!("요율 {a}–{b}%의 중간 {m}%"),
                        format!("the middle ({m}%) of its {a}–{b}% rate"),
                    ),
                )
            }
            _ => (
                None,
                None,
                None,
                Text::new(
                    "라이선스 금액이나 요율 범위가 없어 요금을 알 수 없음",
                    "unknown without a licence amount and a rate range",
                ),
            ),
        }
    };
    let plus = |fee: Option<Decimal>| -> Result<Option<Amount>, Overflow> {
        fee.map(|f| money::add(f, out_of_scope).map(Amount::new))
            .transpose()
    };
    Ok(YearTotal {
        fee: mid.map(Amount::new),
        fee_basis: basis,
        out_of_scope: Amount::new(out_of_scope),
        total: plus(mid)?,
        low: plus(low)?,
        high: plus(high)?,
        versus_current: None,
        versus_text: None,
    })
}

/// One past request re-judged under `tier`, counted into `totals`.
fn replay_line(
    catalog: &Catalog,
    contract: &Contract,
    tier: &Tier,
    own: Option<&Tier>,
    r: &PastRequest,
    totals: &mut Totals,
) -> Result<ReplayLine, ReplayError> {
    let category = catalog.category(&r.category);
    let j = judge(catalog, contract, r, category, tier, own);
    let mut dues = Vec::new();
    let mut cost = None;
    match j.coverage {
        ReplayCoverage::Covered => {
            totals.covered = totals.covered.saturating_add(1);
            if let Some(severity) = &r.severity {
                for d in sla::deadlines(catalog, tier, severity, r.submitted, &r.pauses, None)? {
                    dues.push(Due {
                        clock: d.clock,
                        name: d.name,
                        within: d.within_text,
                        due: d.due,
                        current_due: None,
                        sooner_minutes: None,
                        sooner: None,
                    });
                }
            }
        }
        ReplayCoverage::NotCovered | ReplayCoverage::Paid => {
            if j.coverage == ReplayCoverage::Paid {
                totals.paid = totals.paid.saturating_add(1);
            } else {
                totals.not_covered = totals.not_covered.saturating_add(1);
            }
            match r.person_days {
                Some(pd) => {
                    let q = fees::change_request(&catalog.pricing, pd, None)?;
                    totals.cr_total = money::add(totals.cr_total, q.price.net.amount)?;
                    totals.priced.push(r.id.clone());
                    cost = Some(q.price.net);
                }
                None => totals.unpriced.push(r.id.clone()),
            }
        }
        ReplayCoverage::NotEvaluated => totals.skipped = totals.skipped.saturating_add(1),
    }
    let hours = if j.coverage == ReplayCoverage::Covered {
        upgrade_hours(catalog, tier, r, category)?
    } else {
        None
    };
    let upgrade_cost = match (hours, &tier.temporary_upgrade) {
        (Some(h), Some(up)) => {
            let amount = fees::FEE_ROUNDING.apply(money::mul(Decimal::from(h), up.hourly)?);
            totals.up_hours = totals.up_hours.saturating_add(h);
            totals.up_total = money::add(totals.up_total, amount)?;
            Some(Amount::new(amount))
        }
        _ => None,
    };
    let billed = money::add(
        cost.as_ref().map_or(Decimal::ZERO, |c| c.amount),
        upgrade_cost.as_ref().map_or(Decimal::ZERO, |c| c.amount),
    )?;
    Ok(ReplayLine {
        request: r.id.clone(),
        category: r.category.clone(),
        title: r.title.clone(),
        severity: r.severity.clone(),
        received: r.submitted,
        coverage: j.coverage,
        versus: Versus::Same,
        rule: j.rule.map(|x| x.id.clone()),
        clause: j.rule.map(|x| x.clause.clone()),
        reason: j.reason,
        dues,
        cost,
        upgrade_hours: hours,
        upgrade_cost,
        billed: Amount::new(billed),
        saved: Amount::new(Decimal::ZERO),
        saved_text: None,
    })
}

/// Sets `tier` beside `current` (the contract's tier's replay of the same history):
/// each line's dues and costs, the coverage that differs, the clocks' promises, what
/// it saves, the year's total against the current one, and the summary.
fn set_beside(
    tier: &mut TierReplay,
    current: &TierReplay,
    clocks: &[(Id, Text)],
) -> Result<(), Overflow> {
    let mut sums: Vec<(u32, u32, u32, u32, i64)> = vec![(0, 0, 0, 0, 0); clocks.len()];
    for (line, theirs) in tier.requests.iter_mut().zip(&current.requests) {
        let covered = |c: ReplayCoverage| c == ReplayCoverage::Covered;
        line.versus = match (covered(line.coverage), covered(theirs.coverage)) {
            (true, false) if theirs.coverage != ReplayCoverage::NotEvaluated => {
                tier.covered_instead.push(line.request.clone());
                Versus::CoveredInstead
            }
            (false, true) if line.coverage != ReplayCoverage::NotEvaluated => {
                tier.not_covered_instead.push(line.request.clone());
                Versus::NotCoveredInstead
            }
            _ => Versus::Same,
        };
        let saved = money::sub(theirs.billed.amount, line.billed.amount)?;
        line.saved = Amount::new(saved);
        line.saved_text = (!saved.is_zero()).then(|| saved_words(saved));
        for due in &mut line.dues {
            let Some(other) = theirs.dues.iter().find(|d| d.clock == due.clock) else {
                continue;
            };
            let sooner = due.due.minutes_until(other.due);
            due.current_due = Some(other.due);
            due.sooner_minutes = Some(sooner);
            due.sooner = Some(sooner_words(sooner));
            if let Some(i) = clocks.iter().position(|(id, _)| *id == due.clock)
                && let Some(s) = sums.get_mut(i)
            {
                s.0 = s.0.saturating_add(1);
                match sooner.cmp(&0) {
                    std::cmp::Ordering::Greater => s.1 = s.1.saturating_add(1),
                    std::cmp::Ordering::Equal => s.2 = s.2.saturating_add(1),
                    std::cmp::Ordering::Less => s.3 = s.3.saturating_add(1),
                }
                s.4 = s.4.saturating_add(sooner);
            }
        }
    }
    tier.promises = clocks
        .iter()
        .zip(sums)
        .map(|((id, name), (compared, sooner, same, later, minutes))| {
            let differing = sooner.saturating_add(later);
            let mean = (differing > 0).then(|| minutes.div_euclid(i64::from(differing)));
            let text = match mean {
                _ if compared == 0 => Text::new("비교할 요청 없음", "no request to compare"),
                None => Text::new(
                    format!("{compared}건 모두 같음"),
                    format!("all {compared} the same"),
                ),
                Some(m) => {
                    let w = sooner_words(m);
                    let rest_ko = if same > 0 {
                        format!(" (나머지 {same}건 같음)")
                    } else {
                        String::new()
                    };
                    let rest_en = if same > 0 {
                        format!(" (the other {same} the same)")
                    } else {
                        String::new()
                    };
                    Text::new(
                        format!("{differing}건 평균 {}{rest_ko}", w.ko),
                        format!("{} on average for {differing}{rest_en}", w.en),
                    )
                }
            };
            Promise {
                clock: id.clone(),
                name: name.clone(),
                compared,
                sooner,
                same,
                later,
                mean_sooner_minutes: mean,
                text,
            }
        })
        .collect();
    tier.saved = Amount::new(money::sub(
        current.out_of_scope.total.amount,
        tier.out_of_scope.total.amount,
    )?);
    tier.saved_text = if tier.saved.amount.is_zero() {
        Text::new("같음", "the same")
    } else {
        saved_words(tier.saved.amount)
    };
    if let (Some(a), Some(b)) = (&tier.year.total, &current.year.total) {
        let more = money::sub(a.amount, b.amount)?;
        let won = money::won(more.abs());
        tier.year.versus_text = Some(match more.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Equal => {
                Text::new("계약 등급과 같음", "the same as the contract's tier")
            }
            std::cmp::Ordering::Greater => Text::new(
                format!("계약 등급보다 {won} 많음"),
                format!("{won} more than the contract's tier"),
            ),
            std::cmp::Ordering::Less => Text::new(
                format!("계약 등급보다 {won} 적음"),
                format!("{won} less than the contract's tier"),
            ),
        });
        tier.year.versus_current = Some(Amount::new(more));
    }
    Ok(())
}

/// A tier's replay in one sentence: its counts, what it would have covered instead,
/// its out-of-scope cost and its year's total.
fn tier_summary(t: &TierReplay) -> Text {
    let total = |lang: Lang| match &t.year.total {
        Some(a) => a.won.clone(),
        None => match lang {
            Lang::Ko => "알 수 없음".to_owned(),
            Lang::En => "unknown".to_owned(),
        },
    };
    let instead_ko = if t.covered_instead.is_empty() {
        String::new()
    } else {
        format!(
            " (계약 등급에서 유상·반려였던 {}건 지원)",
            t.covered_instead.len()
        )
    };
    let instead_en = if t.covered_instead.is_empty() {
        String::new()
    } else {
        format!(
            " ({} billed or refused under the contract's tier)",
            t.covered_instead.len()
        )
    };
    Text::new(
        format!(
            "{}: 지원 {}건{instead_ko}, 미지원 {}건, 유상 {}건; 범위 밖 비용 {} (변경요청 {} + 임시 업그레이드 {}시간 {}); 연간 합계 {} (요금 + 범위 밖 비용, 부가세 별도)",
            t.name.ko,
            t.covered,
            t.not_covered,
            t.paid,
            t.out_of_scope.total.won,
            t.out_of_scope.change_requests.won,
            t.out_of_scope.upgrade_hours,
            t.out_of_scope.upgrade.won,
            total(Lang::Ko),
        ),
        format!(
            "{}: {} covered{instead_en}, {} not covered, {} paid; out-of-scope cost {} (change requests {} + temporary upgrade {} h {}); the year's total {} (fee + out-of-scope cost, before VAT)",
            t.name.en,
            t.covered,
            t.not_covered,
            t.paid,
            t.out_of_scope.total.won,
            t.out_of_scope.change_requests.won,
            t.out_of_scope.upgrade_hours,
            t.out_of_scope.upgrade.won,
            total(Lang::En),
        ),
    )
}

/// Replays `history` of `contract` under every tier of `catalog`.
///
/// # Errors
///
/// A clock that can't run, or an amount out of range.
pub fn replay(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
) -> Result<Replay, ReplayError> {
    let mut tiers = Vec::new();
    for tier in &catalog.tiers {
        tiers.push(replay_tier(catalog, contract, history, tier)?);
    }
    let clocks: Vec<(Id, Text)> = catalog
        .clocks
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    if let Some(current) = tiers.iter().find(|t| t.current).cloned() {
        for t in &mut tiers {
            set_beside(t, &current, &clocks)?;
        }
    }
    for t in &mut tiers {
        t.summary = tier_summary(t);
    }
    let from = history.iter().map(|r| r.submitted).min();
    let to = history.iter().map(|r| r.submitted).max();
    Ok(Replay {
        contract: contract.id.clone(),
        current_tier: contract.tier.clone(),
        requests: history.len(),
        from,
        to,
        tiers,
        limits: Text::new(
            "이력에는 제품·답변이 없어 유형만으로 정해지는 규칙(제외, 등급 기능, 부가 계약)만 등급별로 다시 판단합니다. 반려 건은 계약 등급의 기능 규칙으로 설명될 때만 상위 등급에서 지원으로 바뀝니다. 각 요청의 기한을 등급마다 다시 계산해 계약 등급의 기한과 비교합니다(과거 처리 속도를 다른 등급의 약속에 대어 보지 않습니다). 공수가 기록된 유상·미지원 건만 변경요청 단가로 계산합니다. 연간 합계는 요금(계약 등급은 계약 요금, 다른 등급은 요율 범위의 중간)과 이력의 범위 밖 비용의 합이며 부가세 별도입니다.",
            "histories keep no product or answers, so only rules the category alone decides (exclusions, tier features, add-ons) are re-judged per tier; a refusal becomes covered under another tier only when a tier-feature rule explains it under the contract's tier; each request's dues are recomputed under every tier and set beside its dues under the contract's tier (the past pace is not judged against another tier's promise); only paid or not-covered requests with recorded person-days are priced as change requests; the year's total is the fee (the contract's own under its tier, the middle of the rate range under the others) plus the history's out-of-scope cost, before VAT",
        ),
    })
}

/// The replay as CSV (RFC 4180, CRLF line ends) in `lang`, for a spreadsheet: one line
/// per tier (counts, fee, out-of-scope cost, the year's total), a blank line, then one
/// line per covered request and clock with its due under every tier and how much
/// sooner than under the contract's tier. Amounts are plain numbers (won, before VAT);
/// a cell a spreadsheet would run is written as text ([`crate::csv::cell`]).
pub fn to_csv(replay: &Replay, lang: Lang) -> String {
    let w = |ko: &str, en: &str| match lang {
        Lang::Ko => ko.to_owned(),
        Lang::En => en.to_owned(),
    };
    let amount = |a: &Option<Amount>| a.as_ref().map(|a| a.amount.to_string()).unwrap_or_default();
    let mut out = String::new();
    crate::csv::line(
        &mut out,
        &[
            w("등급", "tier"),
            w("현재 등급", "current"),
            w("지원", "covered"),
            w("미지원", "not covered"),
            w("유상", "paid"),
            w("계약 등급 대신 지원", "covered instead"),
            w("연간 요금", "annual fee"),
            w("요금 근거", "fee basis"),
            w("범위 밖 비용", "out-of-scope cost"),
            w("범위 밖 비용 절감", "out-of-scope cost saved"),
            w("연간 합계", "year's total"),
            w("연간 합계 (요율 하한)", "year's total (rate low)"),
            w("연간 합계 (요율 상한)", "year's total (rate high)"),
            w("계약 등급 대비", "versus the contract's tier"),
        ],
    );
    for t in &replay.tiers {
        crate::csv::line(
            &mut out,
            &[
                t.name.get(lang).to_owned(),
                if t.current {
                    w("예", "yes")
                } else {
                    String::new()
                },
                t.covered.to_string(),
                t.not_covered.to_string(),
                t.paid.to_string(),
                t.covered_instead.join(" "),
                amount(&t.year.fee),
                t.year.fee_basis.get(lang).to_owned(),
                t.out_of_scope.total.amount.to_string(),
                t.saved.amount.to_string(),
                amount(&t.year.total),
                amount(&t.year.low),
                amount(&t.year.high),
                t.year
                    .versus_current
                    .as_ref()
                    .map(|a| a.amount.to_string())
                    .unwrap_or_default(),
            ],
        );
    }
    out.push_str("\r\n");
    let mut head = vec![
        w("요청", "request"),
        w("제목", "title"),
        w("심각도", "severity"),
        w("접수", "received"),
        w("기한", "clock"),
    ];
    for t in &replay.tiers {
        head.push(format!("{} {}", t.name.get(lang), w("기한", "due")));
        head.push(format!("{} {}", t.name.get(lang), w("차이", "difference")));
    }
    crate::csv::line(&mut out, &head);
    let Some(first) = replay.tiers.first() else {
        return out;
    };
    for (i, line) in first.requests.iter().enumerate() {
        let mut clocks: Vec<(&Id, &Text)> = Vec::new();
        for t in &replay.tiers {
            for d in t
                .requests
                .get(i)
                .map(|l| l.dues.as_slice())
                .unwrap_or_default()
            {
                if !clocks.iter().any(|(c, _)| **c == d.clock) {
                    clocks.push((&d.clock, &d.name));
                }
            }
        }
        for (clock, name) in clocks {
            let mut cells = vec![
                line.request.clone(),
                line.title.clone().unwrap_or_default(),
                line.severity.clone().unwrap_or_default(),
                line.received.to_minute_string(),
                name.get(lang).to_owned(),
            ];
            for t in &replay.tiers {
                let due = t
                    .requests
                    .get(i)
                    .and_then(|l| l.dues.iter().find(|d| d.clock == *clock));
                cells.push(due.map(|d| d.due.to_minute_string()).unwrap_or_default());
                cells.push(
                    due.and_then(|d| d.sooner.as_ref())
                        .map(|s| s.get(lang).to_owned())
                        .unwrap_or_default(),
                );
            }
            crate::csv::line(&mut out, &cells);
        }
    }
    out
}
