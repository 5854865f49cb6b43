//! History replay: a customer's past requests re-evaluated under every tier — how
//! many would have been covered, how many deadlines met or breached, and what the
//! out-of-scope work would have cost — so sales can show what an upgrade buys.
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
//! - **Deadlines**: covered requests' clocks are recomputed under each tier and
//!   compared with when they actually stopped (see [`crate::compliance`]). The replay
//!   keeps the actual handling times: it shows which tier's promise that handling
//!   would have kept, not how fast another tier's staff would have worked.
//! - **Out-of-scope cost**: paid and not-covered requests with recorded person-days
//!   are priced as change requests ([`crate::fees::change_request`]); without
//!   person-days they are listed as unpriced. Under a tier that offers the temporary
//!   upgrade, an urgent incident received outside the tier's window is charged the
//!   upgrade from receipt until the earlier of its restore and the window's next
//!   opening, every started hour billed.

use crate::calendar::CalendarError;
use crate::civil::DateTime;
use crate::compliance::{self, ClockCheck, Outcome};
use crate::contract::{
    Catalog, Category, Condition, Contract, Effect, Id, PastRequest, RequestKind, RequestStatus,
    Rule, Tier,
};
use crate::fees::{self, FeeOption};
use crate::i18n::{Lang, Text};
use crate::money::{self, Amount, Overflow};
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
    /// The rule behind a not-covered answer.
    pub rule: Option<Id>,
    /// Its clause.
    pub clause: Option<String>,
    /// Why, in words.
    pub reason: Text,
    /// Clocks under this tier (covered requests).
    pub clocks: Vec<ClockCheck>,
    /// Change-request price before VAT (paid or not covered, person-days known).
    pub cost: Option<Amount>,
    /// Temporary-upgrade hours this tier would have charged.
    pub upgrade_hours: Option<i64>,
    /// Their price before VAT.
    pub upgrade_cost: Option<Amount>,
}

/// Met and breached counts of one clock under one tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClockTally {
    /// Clock id.
    pub clock: Id,
    /// Name.
    pub name: Text,
    /// Met.
    pub met: u32,
    /// Breached.
    pub breached: u32,
    /// Not measured or still running.
    pub not_measured: u32,
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
    /// Per clock.
    pub clocks: Vec<ClockTally>,
    /// Out-of-scope cost.
    pub out_of_scope: OutOfScope,
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
    clocks: Vec<ClockTally>,
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
    /// Nothing counted yet, a tally for every clock of `catalog`.
    fn new(catalog: &Catalog) -> Totals {
        Totals {
            clocks: catalog
                .clocks
                .iter()
                .map(|c| ClockTally {
                    clock: c.id.clone(),
                    name: c.name.clone(),
                    met: 0,
                    breached: 0,
                    not_measured: 0,
                })
                .collect(),
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

    /// Counts a covered request's clock checks.
    fn count_clocks(&mut self, clocks: &[ClockCheck]) {
        for c in clocks {
            if let Some(t) = self.clocks.iter_mut().find(|t| t.clock == c.clock) {
                match c.outcome {
                    Outcome::Met => t.met = t.met.saturating_add(1),
                    Outcome::Breached => t.breached = t.breached.saturating_add(1),
                    Outcome::Running | Outcome::NotMeasured => {
                        t.not_measured = t.not_measured.saturating_add(1);
                    }
                }
            }
        }
    }

    /// The clocks met of those measured, per clock, with each clock's name in `lang`.
    fn clocks_met(&self, lang: Lang) -> String {
        let met: Vec<String> = self
            .clocks
            .iter()
            .map(|t| {
                format!(
                    "{} {}/{}",
                    t.name.get(lang),
                    t.met,
                    t.met.saturating_add(t.breached)
                )
            })
            .collect();
        met.join(", ")
    }
}

fn replay_tier(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    tier: &Tier,
) -> Result<TierReplay, ReplayError> {
    let own = catalog.tier(&contract.tier);
    let mut totals = Totals::new(catalog);
    let mut lines = Vec::new();
    for r in history {
        lines.push(replay_line(catalog, contract, tier, own, r, &mut totals)?);
    }
    let fee = match contract.fee.licence {
        Some(l) => fees::tier_range(l, tier, contract.fee.billing, catalog.pricing.vat_rate)?,
        None => Vec::new(),
    };
    let total = money::add(totals.cr_total, totals.up_total)?;
    let summary = tier_summary(tier, &totals, total);
    Ok(TierReplay {
        tier: tier.id.clone(),
        name: tier.name.clone(),
        current: tier.id == contract.tier,
        fee,
        covered: totals.covered,
        not_covered: totals.not_covered,
        paid: totals.paid,
        not_evaluated: totals.skipped,
        clocks: totals.clocks,
        out_of_scope: OutOfScope {
            change_requests: Amount::new(totals.cr_total),
            priced: totals.priced,
            unpriced: totals.unpriced,
            upgrade_hours: totals.up_hours,
            upgrade: Amount::new(totals.up_total),
            total: Amount::new(total),
        },
        requests: lines,
        summary,
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
    let mut clocks = Vec::new();
    let mut cost = None;
    match j.coverage {
        ReplayCoverage::Covered => {
            totals.covered = totals.covered.saturating_add(1);
            clocks = compliance::check(catalog, tier, r, None)?;
            totals.count_clocks(&clocks);
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
    Ok(ReplayLine {
        request: r.id.clone(),
        category: r.category.clone(),
        title: r.title.clone(),
        severity: r.severity.clone(),
        received: r.submitted,
        coverage: j.coverage,
        rule: j.rule.map(|x| x.id.clone()),
        clause: j.rule.map(|x| x.clause.clone()),
        reason: j.reason,
        clocks,
        cost,
        upgrade_hours: hours,
        upgrade_cost,
    })
}

/// A tier's replay in one sentence: its counts, deadlines met and out-of-scope cost.
fn tier_summary(tier: &Tier, totals: &Totals, total: Decimal) -> Text {
    Text::new(
        format!(
            "{}: 지원 {}건, 미지원 {}건, 유상 {}건; 기한 준수 {}; 범위 밖 비용 {} (변경요청 {} + 임시 업그레이드 {}시간 {})",
            tier.name.ko,
            totals.covered,
            totals.not_covered,
            totals.paid,
            totals.clocks_met(Lang::Ko),
            money::won(total),
            money::won(totals.cr_total),
            totals.up_hours,
            money::won(totals.up_total)
        ),
        format!(
            "{}: {} covered, {} not covered, {} paid; deadlines met {}; out-of-scope cost {} (change requests {} + temporary upgrade {} h {})",
            tier.name.en,
            totals.covered,
            totals.not_covered,
            totals.paid,
            totals.clocks_met(Lang::En),
            money::won(total),
            money::won(totals.cr_total),
            totals.up_hours,
            money::won(totals.up_total)
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
    Ok(Replay {
        contract: contract.id.clone(),
        current_tier: contract.tier.clone(),
        requests: history.len(),
        tiers,
        limits: Text::new(
            "이력에는 제품·답변이 없어 유형만으로 정해지는 규칙(제외, 등급 기능, 부가 계약)만 등급별로 다시 판단합니다. 반려 건은 계약 등급의 기능 규칙으로 설명될 때만 상위 등급에서 지원으로 바뀝니다. 실제 처리 시각을 그대로 두고 각 등급의 기한과 비교합니다. 공수가 기록된 유상·미지원 건만 변경요청 단가로 계산합니다.",
            "histories keep no product or answers, so only rules the category alone decides (exclusions, tier features, add-ons) are re-judged per tier; a refusal becomes covered under another tier only when a tier-feature rule explains it under the contract's tier; the actual handling times are kept and compared with each tier's dues; only paid or not-covered requests with recorded person-days are priced as change requests",
        ),
    })
}
