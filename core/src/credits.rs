//! Service credits: what a vendor owes for a month of lower availability or a missed
//! restore, by the contract's credit schedule (docs/domain.md §7), with a monthly and a
//! yearly statement that explain every credit line and every cap.
//!
//! The rules, in the order they apply to one month:
//! 1. **Band**: availability (see [`crate::availability`]) falls in at most one band
//!    of the schedule; a band `{"at_least": A, "below": B}` holds when
//!    `A ≤ availability < B`, decided exactly. So with the handbook's bands exactly
//!    99.0 % earns nothing and exactly 98.0 % earns 5 %; with cloud A's, exactly
//!    99.0 % earns 10 % and exactly 95.0 % earns 25 %.
//! 2. **Triggers**: a request of a watched severity received in the month whose
//!    watched clock stopped after its due (see [`crate::compliance`]) — one line per
//!    such request (`per: occurrence`) or one line for the month (`per: month`).
//! 3. Every line is `basis × percent ÷ 100`, rounded to the won ([`Rounding::Won`]);
//!    the basis is that month's fee, or the average of that month's and the two
//!    previous months' fees. A month's fee is the contract's `fee.monthly` entry, else
//!    `annual ÷ 12`.
//! 4. **Caps**: the month's credit is at most `per_month` % of that month's fee, and the
//!    contract year's credits at most `per_contract_year` % of the annual fee; the
//!    year cap is applied month by month in order, so a month gets what is left.
//!
//! A month belongs to the contract year that holds its first day; months outside the
//! contract period (start to end, or to termination) get no statement.

use crate::availability::{self, Availability, AvailabilityError};
use crate::calendar::CalendarError;
use crate::civil::{Date, DateTime};
use crate::compliance::{self, Outcome};
use crate::contract::{
    Catalog, Contract, ContractYear, CreditBand, CreditBasis, CreditSchedule, CreditTrigger, Id,
    Outage, PastRequest, TriggerPer, YearMonth,
};
use crate::i18n::Text;
use crate::money::{self, Amount, Overflow, Rounding};
use crate::quota;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// The rounding of every credit amount.
pub const ROUNDING: Rounding = Rounding::Won;

/// Why a statement could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditError {
    /// The contract names no credit schedule.
    NoSchedule {
        /// Contract id.
        contract: Id,
    },
    /// The contract's schedule or tier is not in the catalog.
    UnknownReference {
        /// What kind of entry.
        kind: crate::problem::Ref,
        /// The id named.
        id: Id,
    },
    /// The month or contract year lies outside the contract period.
    OutsideContract {
        /// The month or year asked for.
        asked: String,
        /// Contract start.
        start: Date,
        /// Contract end (or termination).
        end: Date,
    },
    /// A clock could not run.
    Calendar(CalendarError),
    /// An availability period was out of range.
    Availability(AvailabilityError),
    /// An amount was out of range.
    Overflow,
}

impl fmt::Display for CreditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreditError::NoSchedule { contract } => write!(
                f,
                "contract {contract:?} names no credit schedule (add \"credit_schedule\": <id> to it)"
            ),
            CreditError::UnknownReference { kind, id } => {
                write!(f, "{id:?} is not {}", kind.word()[2])
            }
            CreditError::OutsideContract { asked, start, end } => {
                write!(f, "{asked} is outside the contract period {start} – {end}")
            }
            CreditError::Calendar(e) => write!(f, "{e}"),
            CreditError::Availability(e) => write!(f, "{e}"),
            CreditError::Overflow => write!(f, "{Overflow}"),
        }
    }
}

impl std::error::Error for CreditError {}

impl From<Overflow> for CreditError {
    fn from(_: Overflow) -> Self {
        CreditError::Overflow
    }
}
impl From<CalendarError> for CreditError {
    fn from(e: CalendarError) -> Self {
        CreditError::Calendar(e)
    }
}
impl From<AvailabilityError> for CreditError {
    fn from(e: AvailabilityError) -> Self {
        CreditError::Availability(e)
    }
}

/// The band `availability` falls in, if any.
pub fn band_for<'s>(schedule: &'s CreditSchedule, a: &Availability) -> Option<&'s CreditBand> {
    schedule.bands.iter().find(|b| {
        b.at_least.is_none_or(|lo| a.is_at_least(lo)) && b.below.is_none_or(|hi| a.is_below(hi))
    })
}

/// A band's edges in words: `98.0% 이상 99.0% 미만` / `at least 98.0 % and below 99.0 %`.
pub fn band_text(b: &CreditBand) -> Text {
    match (b.at_least, b.below) {
        (Some(lo), Some(hi)) => Text::new(
            format!("{lo}% 이상 {hi}% 미만"),
            format!("at least {lo} % and below {hi} %"),
        ),
        (Some(lo), None) => Text::new(format!("{lo}% 이상"), format!("at least {lo} %")),
        (None, Some(hi)) => Text::new(format!("{hi}% 미만"), format!("below {hi} %")),
        (None, None) => Text::new("모든 가용성", "any availability"),
    }
}

/// One late clock that fired a trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overrun {
    /// The history request.
    pub request: Id,
    /// Its severity.
    pub severity: Id,
    /// The clock.
    pub clock: Id,
    /// When it was received.
    pub received: DateTime,
    /// When the clock was due.
    pub due: DateTime,
    /// When it stopped.
    pub stopped: DateTime,
    /// Wall-clock minutes late.
    pub late_minutes: i64,
}

/// What a credit line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An availability band.
    Band,
    /// A special trigger.
    Trigger,
}

/// One credit line of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditLine {
    /// Band or trigger.
    pub kind: LineKind,
    /// `band` or the trigger id.
    pub id: Id,
    /// Percent of the basis.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub percent: Decimal,
    /// `basis × percent ÷ 100`, rounded to the won.
    pub amount: Amount,
    /// The late clocks behind a trigger line.
    pub overruns: Vec<Overrun>,
    /// The line in words.
    pub text: Text,
}

/// The fee the percentages apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Basis {
    /// Monthly fee or three-month average.
    pub kind: CreditBasis,
    /// The basis amount (exact; lines round).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    /// Its display.
    pub won: String,
    /// The months and fees it is made of.
    pub months: Vec<MonthFee>,
    /// How it was made.
    pub explain: Text,
}

/// A month's fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthFee {
    /// The month.
    pub month: YearMonth,
    /// Its fee (exact).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub fee: Decimal,
    /// Whether it came from the contract's `fee.monthly` (else `annual ÷ 12`).
    pub billed: bool,
}

/// Which cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CapKind {
    /// Per month, of that month's fee.
    Month,
    /// Per contract year, of the annual fee.
    ContractYear,
}

/// One cap as applied to a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CapLine {
    /// Which cap.
    pub cap: CapKind,
    /// Its percent.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub percent: Decimal,
    /// What the percent is of.
    pub of: Amount,
    /// The cap amount (rounded to the won).
    pub limit: Amount,
    /// Credits already granted earlier in the contract year (year cap only).
    pub granted_before: Option<Amount>,
    /// What this month may still get under this cap.
    pub room: Amount,
    /// Whether it lowered this month's credit.
    pub applied: bool,
    /// The cap in words.
    pub text: Text,
}

/// A month's credit statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthStatement {
    /// Contract id.
    pub contract: Id,
    /// Schedule id.
    pub schedule: Id,
    /// Schedule name.
    pub schedule_name: Text,
    /// The month.
    pub month: YearMonth,
    /// First day of its contract year.
    pub contract_year_start: Date,
    /// Availability and the outages behind it.
    pub availability: Availability,
    /// The band it fell in.
    pub band: Option<CreditBand>,
    /// That month's fee.
    pub month_fee: Amount,
    /// The basis of the percentages.
    pub basis: Basis,
    /// Credit lines.
    pub lines: Vec<CreditLine>,
    /// Sum of the lines.
    pub gross: Amount,
    /// Caps, as applied.
    pub caps: Vec<CapLine>,
    /// The credit owed for the month.
    pub credit: Amount,
    /// The rounding used.
    pub rounding: Rounding,
    /// The statement in words.
    pub explain: Text,
}

/// A contract year's credit statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearStatement {
    /// Contract id.
    pub contract: Id,
    /// Schedule id.
    pub schedule: Id,
    /// Schedule name.
    pub schedule_name: Text,
    /// Where the schedule comes from.
    pub schedule_source: Option<String>,
    /// First day of the contract year.
    pub year_start: Date,
    /// Last day of the contract year.
    pub year_end: Date,
    /// The annual contract value.
    pub annual_fee: Amount,
    /// Month by month, in order.
    pub months: Vec<MonthStatement>,
    /// Sum of every month's lines before caps.
    pub gross: Amount,
    /// Sum of the credits after caps.
    pub total: Amount,
    /// The rounding used.
    pub rounding: Rounding,
    /// The year in words.
    pub explain: Text,
}

/// The first day of the contract year of `contract` that starts in calendar `year`.
pub fn contract_year_starting_in(contract: &Contract, year: i16) -> Date {
    match contract.contract_year {
        ContractYear::Calendar => Date::new(year, 1, 1).unwrap_or(contract.start),
        ContractYear::Anniversary(anchor) => Date::new(year, anchor.month(), anchor.day())
            .or_else(|_| Date::new(year, anchor.month(), 28))
            .unwrap_or(contract.start),
    }
}

fn last_day(contract: &Contract) -> Date {
    match contract.terminated_on {
        Some(t) if t < contract.end => t,
        _ => contract.end,
    }
}

fn schedule_of<'c>(
    catalog: &'c Catalog,
    contract: &Contract,
) -> Result<&'c CreditSchedule, CreditError> {
    let Some(id) = &contract.credit_schedule else {
        return Err(CreditError::NoSchedule {
            contract: contract.id.clone(),
        });
    };
    catalog
        .credit_schedule(id)
        .ok_or_else(|| CreditError::UnknownReference {
            kind: crate::problem::Ref::CreditSchedule,
            id: id.to_owned(),
        })
}

fn basis(contract: &Contract, kind: CreditBasis, month: YearMonth) -> Result<Basis, Overflow> {
    let fee_of = |m: YearMonth| MonthFee {
        month: m,
        fee: contract.fee.of_month(m),
        billed: contract.fee.monthly.contains_key(&m),
    };
    let months: Vec<MonthFee> = match kind {
        CreditBasis::MonthlyFee => vec![fee_of(month)],
        CreditBasis::ThreeMonthAverageFee => {
            let prev = month.prev();
            let prev2 = prev.and_then(YearMonth::prev);
            [prev2, prev, Some(month)]
                .into_iter()
                .flatten()
                .map(fee_of)
                .collect()
        }
    };
    let mut sum = Decimal::ZERO;
    for m in &months {
        sum = money::add(sum, m.fee)?;
    }
    let n = Decimal::from(months.len().max(1));
    let amount = money::div(sum, n)?;
    let shown = |d: Decimal| money::won(d);
    let explain = match kind {
        CreditBasis::MonthlyFee => Text::new(
            format!("{month} 월 요금 {}", shown(amount)),
            format!("the fee of {month}: {}", shown(amount)),
        ),
        CreditBasis::ThreeMonthAverageFee => {
            let parts: Vec<String> = months
                .iter()
                .map(|m| format!("{} {}", m.month, shown(m.fee)))
                .collect();
            Text::new(
                format!(
                    "최근 3개월 평균 요금 ({}) ÷ {} = {}",
                    parts.join(" + "),
                    months.len(),
                    shown(amount)
                ),
                format!(
                    "the 3-month average fee ({}) ÷ {} = {}",
                    parts.join(" + "),
                    months.len(),
                    shown(amount)
                ),
            )
        }
    };
    Ok(Basis {
        kind,
        amount,
        won: shown(amount),
        months,
        explain,
    })
}

/// The overruns of `trigger` among requests received in `month`.
///
/// # Errors
///
/// When a calendar can't run a clock.
pub fn overruns(
    catalog: &Catalog,
    contract: &Contract,
    trigger: &CreditTrigger,
    history: &[PastRequest],
    month: YearMonth,
) -> Result<Vec<Overrun>, CreditError> {
    let Some(tier) = catalog.tier(&contract.tier) else {
        return Err(CreditError::UnknownReference {
            kind: crate::problem::Ref::Tier,
            id: contract.tier.clone(),
        });
    };
    let mut out = Vec::new();
    for r in history.iter().filter(|r| {
        YearMonth::of(r.submitted.date()) == month
            && r.severity
                .as_ref()
                .is_some_and(|s| trigger.severities.contains(s))
    }) {
        for c in compliance::check(catalog, tier, r, None)? {
            if c.clock == trigger.clock
                && c.outcome == Outcome::Breached
                && let Some(stopped) = c.stopped
            {
                out.push(Overrun {
                    request: r.id.clone(),
                    severity: r.severity.clone().unwrap_or_default(),
                    clock: c.clock,
                    received: r.submitted,
                    due: c.due,
                    stopped,
                    late_minutes: c.late_minutes.unwrap_or(0),
                });
            }
        }
    }
    Ok(out)
}

fn line_amount(basis: &Basis, percent: Decimal) -> Result<Amount, Overflow> {
    Ok(Amount::new(
        ROUNDING.apply(money::percent_of(basis.amount, percent)?),
    ))
}

/// Computes one month's lines, gross and month cap; the year cap is applied by the
/// caller, which knows what was granted before.
fn month_draft(
    catalog: &Catalog,
    contract: &Contract,
    schedule: &CreditSchedule,
    history: &[PastRequest],
    outages: &[Outage],
    month: YearMonth,
    year_start: Date,
) -> Result<MonthStatement, CreditError> {
    let availability = availability::month(outages, month)?;
    let month_fee_exact = contract.fee.of_month(month);
    let month_fee = Amount::new(ROUNDING.apply(month_fee_exact));
    let basis = basis(contract, schedule.basis, month)?;
    let mut lines = Vec::new();
    let band = band_for(schedule, &availability).cloned();
    if let Some(b) = &band {
        let amount = line_amount(&basis, b.percent)?;
        let edges = band_text(b);
        lines.push(CreditLine {
            kind: LineKind::Band,
            id: "band".to_owned(),
            percent: b.percent,
            text: Text::new(
                format!(
                    "가용성 {}% ({}): 기준 요금의 {}% = {}",
                    availability.percent, edges.ko, b.percent, amount.won
                ),
                format!(
                    "availability {} % ({}): {} % of the basis = {}",
                    availability.percent, edges.en, b.percent, amount.won
                ),
            ),
            amount,
            overruns: Vec::new(),
        });
    }
    for t in &schedule.triggers {
        let found = overruns(catalog, contract, t, history, month)?;
        if found.is_empty() {
            continue;
        }
        let groups: Vec<Vec<Overrun>> = match t.per {
            TriggerPer::Occurrence => found.into_iter().map(|o| vec![o]).collect(),
            TriggerPer::Month => vec![found],
        };
        for g in groups {
            let amount = line_amount(&basis, t.percent)?;
            let ids: Vec<String> = g
                .iter()
                .map(|o| format!("{} ({}분 초과)", o.request, o.late_minutes))
                .collect();
            let ids_en: Vec<String> = g
                .iter()
                .map(|o| format!("{} ({} min late)", o.request, o.late_minutes))
                .collect();
            lines.push(CreditLine {
                kind: LineKind::Trigger,
                id: t.id.clone(),
                percent: t.percent,
                text: Text::new(
                    format!(
                        "{}: {} — 기준 요금의 {}% = {}",
                        t.name.ko,
                        ids.join(", "),
                        t.percent,
                        amount.won
                    ),
                    format!(
                        "{}: {} — {} % of the basis = {}",
                        t.name.en,
                        ids_en.join(", "),
                        t.percent,
                        amount.won
                    ),
                ),
                amount,
                overruns: g,
            });
        }
    }
    let mut gross = Decimal::ZERO;
    for l in &lines {
        gross = money::add(gross, l.amount.amount)?;
    }
    let mut caps = Vec::new();
    let mut credit = gross;
    if let Some(p) = schedule.caps.per_month {
        let limit = ROUNDING.apply(money::percent_of(month_fee_exact, p)?);
        let applied = gross > limit;
        credit = credit.min(limit);
        caps.push(CapLine {
            cap: CapKind::Month,
            percent: p,
            of: month_fee.clone(),
            limit: Amount::new(limit),
            granted_before: None,
            room: Amount::new(limit),
            applied,
            text: Text::new(
                format!(
                    "월 한도: 해당 월 요금 {}의 {}% = {}",
                    month_fee.won,
                    p,
                    money::won(limit)
                ),
                format!(
                    "month cap: {} % of that month's fee {} = {}",
                    p,
                    month_fee.won,
                    money::won(limit)
                ),
            ),
        });
    }
    Ok(MonthStatement {
        contract: contract.id.clone(),
        schedule: schedule.id.clone(),
        schedule_name: schedule.name.clone(),
        month,
        contract_year_start: year_start,
        availability,
        band,
        month_fee,
        basis,
        lines,
        gross: Amount::new(gross),
        caps,
        credit: Amount::new(credit),
        rounding: ROUNDING,
        explain: Text::default(),
    })
}

fn explain_month(s: &MonthStatement) -> Text {
    let mut ko = vec![format!("{} 가용성 {}", s.month, s.availability.explain.ko)];
    let mut en = vec![format!(
        "{} availability {}",
        s.month, s.availability.explain.en
    )];
    if s.lines.is_empty() {
        ko.push("크레딧 대상 없음".to_owned());
        en.push("no credit line applies".to_owned());
    }
    for l in &s.lines {
        ko.push(l.text.ko.clone());
        en.push(l.text.en.clone());
    }
    if !s.lines.is_empty() {
        ko.push(format!("합계 {}", s.gross.won));
        en.push(format!("sum {}", s.gross.won));
    }
    for c in &s.caps {
        let mut k = c.text.ko.clone();
        let mut e = c.text.en.clone();
        if let Some(b) = &c.granted_before {
            k.push_str(&format!(" (이전 지급 {b}, 잔여 {})", c.room.won, b = b.won));
            e.push_str(&format!(" ({} granted before, {} left)", b.won, c.room.won));
        }
        k.push_str(if c.applied {
            " — 적용됨"
        } else {
            " — 적용 안 됨"
        });
        e.push_str(if c.applied {
            " — applied"
        } else {
            " — not reached"
        });
        ko.push(k);
        en.push(e);
    }
    ko.push(format!("크레딧 {}", s.credit.won));
    en.push(format!("credit {}", s.credit.won));
    Text::new(ko.join("; "), en.join("; "))
}

/// The credit statement of the contract year that contains `year_start` (use
/// [`contract_year_starting_in`] to name a year by its start).
///
/// # Errors
///
/// No schedule, a year outside the contract period, a clock that can't run, or an
/// amount out of range.
pub fn year_statement(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    outages: &[Outage],
    year_start: Date,
) -> Result<YearStatement, CreditError> {
    let schedule = schedule_of(catalog, contract)?;
    let (ys, next) = quota::contract_year(contract, year_start);
    let last = last_day(contract);
    // Months whose first day lies in [ys, next) and that overlap the contract period.
    let mut months = Vec::new();
    let mut m = YearMonth::of(ys);
    if m.first_day() < ys {
        m = m.next().ok_or(CreditError::Overflow)?;
    }
    while m.first_day() < next {
        let after_start = m.next().is_none_or(|n| n.first_day() > contract.start);
        if after_start && m.first_day() <= last {
            months.push(m);
        }
        let Some(n) = m.next() else { break };
        m = n;
    }
    if months.is_empty() {
        return Err(CreditError::OutsideContract {
            asked: format!("the contract year from {ys}"),
            start: contract.start,
            end: last,
        });
    }
    let annual = contract.fee.annual;
    let year_limit = match schedule.caps.per_contract_year {
        Some(p) => Some((p, ROUNDING.apply(money::percent_of(annual, p)?))),
        None => None,
    };
    let annual_amount = Amount::new(annual);
    let mut granted = Decimal::ZERO;
    let mut gross_total = Decimal::ZERO;
    let mut statements = Vec::new();
    for m in months {
        let mut s = month_draft(catalog, contract, schedule, history, outages, m, ys)?;
        gross_total = money::add(gross_total, s.gross.amount)?;
        if let Some((p, limit)) = year_limit {
            let room = money::sub(limit, granted)?.max(Decimal::ZERO);
            let applied = room < s.credit.amount;
            let credit = s.credit.amount.min(room);
            s.caps.push(CapLine {
                cap: CapKind::ContractYear,
                percent: p,
                of: annual_amount.clone(),
                limit: Amount::new(limit),
                granted_before: Some(Amount::new(granted)),
                room: Amount::new(room),
                applied,
                text: Text::new(
                    format!(
                        "연 한도: 연간 계약금액 {}의 {}% = {}",
                        annual_amount.won,
                        p,
                        money::won(limit)
                    ),
                    format!(
                        "contract-year cap: {} % of the annual contract value {} = {}",
                        p,
                        annual_amount.won,
                        money::won(limit)
                    ),
                ),
            });
            s.credit = Amount::new(credit);
        }
        granted = money::add(granted, s.credit.amount)?;
        s.explain = explain_month(&s);
        statements.push(s);
    }
    let year_end = quota::year_end(next);
    let capped: Vec<&MonthStatement> = statements
        .iter()
        .filter(|s| s.caps.iter().any(|c| c.applied))
        .collect();
    let explain = Text::new(
        format!(
            "{ys} – {year_end} 계약연도: {}개월, 크레딧 대상 {}개월, 한도 적용 {}개월; 한도 전 합계 {}, 지급 합계 {}",
            statements.len(),
            statements.iter().filter(|s| !s.lines.is_empty()).count(),
            capped.len(),
            money::won(gross_total),
            money::won(granted)
        ),
        format!(
            "contract year {ys} – {year_end}: {} months, {} with credit lines, {} capped; {} before caps, {} credited",
            statements.len(),
            statements.iter().filter(|s| !s.lines.is_empty()).count(),
            capped.len(),
            money::won(gross_total),
            money::won(granted)
        ),
    );
    Ok(YearStatement {
        contract: contract.id.clone(),
        schedule: schedule.id.clone(),
        schedule_name: schedule.name.clone(),
        schedule_source: schedule.source.clone(),
        year_start: ys,
        year_end,
        annual_fee: annual_amount,
        months: statements,
        gross: Amount::new(gross_total),
        total: Amount::new(granted),
        rounding: ROUNDING,
        explain,
    })
}

/// The credit statement of `month`, with the contract-year cap applied after the
/// earlier months of its contract year.
///
/// # Errors
///
/// As [`year_statement`], and a month outside the contract period.
pub fn month_statement(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    outages: &[Outage],
    month: YearMonth,
) -> Result<MonthStatement, CreditError> {
    let outside = || CreditError::OutsideContract {
        asked: month.to_string(),
        start: contract.start,
        end: last_day(contract),
    };
    let year = match year_statement(catalog, contract, history, outages, month.first_day()) {
        Ok(y) => y,
        Err(CreditError::OutsideContract { .. }) => return Err(outside()),
        Err(e) => return Err(e),
    };
    year.months
        .into_iter()
        .find(|s| s.month == month)
        .ok_or_else(outside)
}
