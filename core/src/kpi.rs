//! Key performance indicators over a request history and a period (002 §VI, 001 §11,
//! docs/domain.md §9), each with its numerator, denominator, formula and the request ids
//! behind both, so a person can check it.
//!
//! The period is the whole days `from`–`to` (inclusive), i.e. `[from 00:00, to+1 00:00)`.
//! Definitions (the ones a person checking the numbers needs):
//! - *received*: requests submitted in the period, cancelled ones left out;
//! - *on time*: completed, by the wanted date when one was asked, and with no SLA
//!   clock breached (see [`crate::compliance`]);
//! - **CSI** = received requests handled on time with no complaint ÷ received
//!   requests (open and refused ones count as not handled on time);
//! - **SR on-time rate** = service requests completed in the period on or before
//!   their wanted date ÷ service requests completed in the period that had one
//!   (those without a wanted date are listed as not measured);
//! - **rework rate** = service requests completed in the period with a rework request
//!   ÷ service requests completed in the period;
//! - **completion rate** (처리율) = requests completed in the period ÷ requests to
//!   handle (open at the start plus received), refused and cancelled ones left out;
//! - **backlog** = requests submitted before the period's end and not completed by
//!   then (refused and cancelled ones left out) — a count, no denominator;
//! - **MTTR** = counted outage minutes ÷ counted outages, over outages that start in
//!   the period (clipped to its end);
//! - **MTBF** = (minutes in the period − counted outage minutes) ÷ counted outages —
//!   the mean up-time per failure; undefined without outages;
//! - **SLA compliance**, per clock and overall = clocks met ÷ clocks measured, over
//!   received requests with a severity, under the contract's tier; a clock still
//!   running past its due at the period's end counts as breached.
//!
//! Percentages and minutes are rounded to two places, half up; numerators and
//! denominators are exact.

use crate::availability;
use crate::calendar::CalendarError;
use crate::civil::{Date, DateTime, Time};
use crate::compliance::{self, Outcome};
use crate::contract::{
    Catalog, Contract, Id, Outage, PastRequest, RequestKind, RequestStatus, YearMonth,
};
use crate::i18n::Text;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt;

/// Decimal places of KPI values.
pub const PLACES: u32 = 2;

/// What a KPI's value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "KpiUnit"))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage.
    Percent,
    /// Minutes.
    Minutes,
    /// A count.
    Count,
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Kpi {
    /// `csi`, `sr_on_time`, `rework_rate`, `completion_rate`, `backlog`, `mttr`,
    /// `mtbf`, `sla_compliance`.
    pub id: String,
    /// Name.
    pub name: Text,
    /// The formula.
    pub formula: Text,
    /// Numerator (a count, or minutes for MTTR and MTBF).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub numerator: Decimal,
    /// Denominator (none for a count).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub denominator: Option<Decimal>,
    /// The value, rounded to [`PLACES`]; none when the denominator is zero.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub value: Option<Decimal>,
    /// Its unit.
    pub unit: Unit,
    /// The requests (or outages) counted in the numerator.
    pub numerator_ids: Vec<Id>,
    /// The requests (or outages) counted in the denominator.
    pub denominator_ids: Vec<Id>,
    /// Requests left out, with why.
    pub not_measured: Vec<Id>,
    /// The arithmetic in words.
    pub explain: Text,
}

/// A late clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Breach {
    /// Request id.
    pub request: Id,
    /// When due.
    pub due: DateTime,
    /// When it stopped (none while still running).
    pub stopped: Option<DateTime>,
    /// Minutes late, when it stopped.
    pub late_minutes: Option<i64>,
}

/// SLA compliance of one clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClockCompliance {
    /// Clock id.
    pub clock: Id,
    /// Clock name.
    pub name: Text,
    /// Met ÷ measured.
    pub kpi: Kpi,
    /// The breaches.
    pub breaches: Vec<Breach>,
    /// Requests whose clock still runs, not yet due.
    pub running: Vec<Id>,
}

/// The per-month indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MonthKpis {
    /// The month.
    pub month: YearMonth,
    /// SR on-time rate of the month.
    pub sr_on_time: Kpi,
    /// Rework rate of the month.
    pub rework_rate: Kpi,
}

/// Every indicator of a contract over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KpiReport {
    /// Contract id.
    pub contract: Id,
    /// The tier SLA compliance is judged under.
    pub tier: Id,
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
    /// Minutes in the period.
    pub period_minutes: i64,
    /// The indicators.
    pub kpis: Vec<Kpi>,
    /// SLA compliance per clock.
    pub sla: Vec<ClockCompliance>,
    /// SR on-time and rework rates month by month.
    pub months: Vec<MonthKpis>,
}

/// Why a report could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KpiError {
    /// `to` is before `from`, or out of range.
    BadPeriod {
        /// First day.
        from: Date,
        /// Last day.
        to: Date,
    },
    /// The contract's tier is not in the catalog.
    UnknownTier(Id),
    /// A clock could not run.
    Calendar(CalendarError),
}

impl fmt::Display for KpiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KpiError::BadPeriod { from, to } => {
                write!(
                    f,
                    "the period {from} – {to} is empty (the last day must not be before the first)"
                )
            }
            KpiError::UnknownTier(t) => write!(f, "{t:?} is not a tier"),
            KpiError::Calendar(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for KpiError {}

impl From<CalendarError> for KpiError {
    fn from(e: CalendarError) -> Self {
        KpiError::Calendar(e)
    }
}

fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(PLACES, RoundingStrategy::MidpointAwayFromZero)
}

fn ratio_percent(n: usize, d: usize) -> Option<Decimal> {
    if d == 0 {
        return None;
    }
    Decimal::from(n)
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(Decimal::from(d))
        .map(round)
}

fn ids(list: &[&PastRequest]) -> Vec<Id> {
    list.iter().map(|r| r.id.clone()).collect()
}

/// A percentage KPI from the ids in its numerator and denominator.
fn percent_kpi(
    id: &str,
    name: Text,
    formula: Text,
    num: Vec<Id>,
    den: Vec<Id>,
    not_measured: Vec<Id>,
) -> Kpi {
    let value = ratio_percent(num.len(), den.len());
    let shown_ko = value.map_or_else(|| "정의되지 않음 (분모 0)".to_owned(), |v| format!("{v}%"));
    let shown_en = value.map_or_else(
        || "undefined (no denominator)".to_owned(),
        |v| format!("{v} %"),
    );
    Kpi {
        id: id.to_owned(),
        explain: Text::new(
            format!("{} ÷ {} = {shown_ko}", num.len(), den.len()),
            format!("{} ÷ {} = {shown_en}", num.len(), den.len()),
        ),
        name,
        formula,
        numerator: Decimal::from(num.len()),
        denominator: Some(Decimal::from(den.len())),
        value,
        unit: Unit::Percent,
        numerator_ids: num,
        denominator_ids: den,
        not_measured,
    }
}

struct Period {
    start: DateTime,
    end: DateTime,
}

impl Period {
    fn holds(&self, t: DateTime) -> bool {
        self.start <= t && t < self.end
    }
}

fn kind_of(catalog: &Catalog, r: &PastRequest) -> Option<RequestKind> {
    catalog.category(&r.category).map(|c| c.kind)
}

fn sr_on_time(catalog: &Catalog, history: &[PastRequest], p: &Period) -> Kpi {
    let done: Vec<&PastRequest> = history
        .iter()
        .filter(|r| {
            r.status == RequestStatus::Completed
                && kind_of(catalog, r) == Some(RequestKind::ServiceRequest)
                && r.completed.is_some_and(|c| p.holds(c))
        })
        .collect();
    let (measured, unmeasured): (Vec<&PastRequest>, Vec<&PastRequest>) =
        done.into_iter().partition(|r| r.wanted_by.is_some());
    let kept: Vec<&PastRequest> = measured
        .iter()
        .copied()
        .filter(|r| matches!((r.completed, r.wanted_by), (Some(c), Some(w)) if c.date() <= w))
        .collect();
    percent_kpi(
        "sr_on_time",
        Text::new("서비스요구(SR) 적시 처리성", "SR on-time rate"),
        Text::new(
            "처리일정 준수 건수 ÷ 기간 내 완료된 SR 건수 (요청 완료일이 있는 SR)",
            "SRs completed on or before their wanted date ÷ SRs completed in the period (those with a wanted date)",
        ),
        ids(&kept),
        ids(&measured),
        ids(&unmeasured),
    )
}

fn rework_rate(catalog: &Catalog, history: &[PastRequest], p: &Period) -> Kpi {
    let done: Vec<&PastRequest> = history
        .iter()
        .filter(|r| {
            r.status == RequestStatus::Completed
                && kind_of(catalog, r) == Some(RequestKind::ServiceRequest)
                && r.completed.is_some_and(|c| p.holds(c))
        })
        .collect();
    let rework: Vec<&PastRequest> = done.iter().copied().filter(|r| r.rework).collect();
    percent_kpi(
        "rework_rate",
        Text::new("월간 재작업율", "Rework rate"),
        Text::new(
            "Σ SR 재작업 요청 건수 ÷ Σ SR 처리 건수",
            "SRs with a rework request ÷ SRs completed in the period",
        ),
        ids(&rework),
        ids(&done),
        Vec::new(),
    )
}

fn minutes_kpi(
    id: &str,
    name: Text,
    formula: Text,
    numerator: Decimal,
    outages: Vec<Id>,
    what_ko: &str,
    what_en: &str,
) -> Kpi {
    let n = outages.len();
    let value = if n == 0 {
        None
    } else {
        numerator.checked_div(Decimal::from(n)).map(round)
    };
    let num = availability::show_minutes(numerator);
    Kpi {
        id: id.to_owned(),
        explain: Text::new(
            match value {
                Some(v) => format!(
                    "{what_ko} {num}분 ÷ 장애 {n}건 = {}분",
                    availability::show_minutes(v)
                ),
                None => format!("{what_ko} {num}분, 반영된 장애 없음: 정의되지 않음"),
            },
            match value {
                Some(v) => format!(
                    "{what_en} {num} min ÷ {n} outages = {} min",
                    availability::show_minutes(v)
                ),
                None => format!("{what_en} {num} min, no counted outage: undefined"),
            },
        ),
        name,
        formula,
        numerator,
        denominator: Some(Decimal::from(n)),
        value,
        unit: Unit::Minutes,
        numerator_ids: outages.clone(),
        denominator_ids: outages,
        not_measured: Vec::new(),
    }
}

/// The KPI report of `contract` over the days `from`–`to`.
///
/// # Errors
///
/// An empty period, an unknown tier, or a clock that can't run.
pub fn report(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    outages: &[Outage],
    from: Date,
    to: Date,
) -> Result<KpiReport, KpiError> {
    let bad = || KpiError::BadPeriod { from, to };
    if to < from {
        return Err(bad());
    }
    let Some(tier) = catalog.tier(&contract.tier) else {
        return Err(KpiError::UnknownTier(contract.tier.clone()));
    };
    let end_day = to.tomorrow().map_err(|_| bad())?;
    let p = Period {
        start: from.to_datetime(Time::midnight()),
        end: end_day.to_datetime(Time::midnight()),
    };
    let period_minutes = p.start.minutes_until(p.end);

    let received: Vec<&PastRequest> = history
        .iter()
        .filter(|r| p.holds(r.submitted) && r.status != RequestStatus::Cancelled)
        .collect();

    // SLA checks of every received request, judged at the period's end.
    let mut checks = Vec::new();
    for r in &received {
        checks.push((*r, compliance::check(catalog, tier, r, Some(p.end))?));
    }

    let csi = csi(&checks, &received);
    let (completion, backlog) = completion_and_backlog(history, &p);
    let (mttr, mtbf) = mttr_and_mtbf(outages, &p, period_minutes);
    let (sla, overall) = sla_compliance(catalog, &checks);
    let months = months(catalog, history, from, to, &p);

    Ok(KpiReport {
        contract: contract.id.clone(),
        tier: tier.id.clone(),
        from,
        to,
        period_minutes,
        kpis: vec![
            csi,
            sr_on_time(catalog, history, &p),
            rework_rate(catalog, history, &p),
            completion,
            backlog,
            mttr,
            mtbf,
            overall,
        ],
        sla,
        months,
    })
}

/// A received request with its clocks' checks.
type Checked<'h> = (&'h PastRequest, Vec<compliance::ClockCheck>);

/// CSI: requests handled on time with no complaint, of all received.
fn csi(checks: &[Checked<'_>], received: &[&PastRequest]) -> Kpi {
    let on_time = |r: &PastRequest, cs: &[compliance::ClockCheck]| -> bool {
        r.status == RequestStatus::Completed
            && match (r.completed, r.wanted_by) {
                (Some(c), Some(w)) => c.date() <= w,
                (Some(_), None) => true,
                (None, _) => false,
            }
            && !cs.iter().any(|c| c.outcome == Outcome::Breached)
    };
    let satisfied: Vec<Id> = checks
        .iter()
        .filter(|(r, cs)| on_time(r, cs) && !r.complaint)
        .map(|(r, _)| r.id.clone())
        .collect();
    percent_kpi(
        "csi",
        Text::new("고객 만족도(CSI)", "Customer satisfaction (CSI)"),
        Text::new(
            "적기 처리되고 불만 접수가 없는 건수 ÷ 유지보수 요청 총건수 (취소 제외)",
            "requests handled on time with no complaint ÷ all requests received (cancelled left out)",
        ),
        satisfied,
        ids(received),
        Vec::new(),
    )
}

/// The completion rate and the backlog at the period's end, refused and cancelled
/// requests left out.
fn completion_and_backlog(history: &[PastRequest], p: &Period) -> (Kpi, Kpi) {
    let live =
        |r: &&PastRequest| !matches!(r.status, RequestStatus::Cancelled | RequestStatus::Refused);
    let workload: Vec<&PastRequest> = history
        .iter()
        .filter(live)
        .filter(|r| r.submitted < p.end && r.completed.is_none_or(|c| c >= p.start))
        .collect();
    let completed_in: Vec<&PastRequest> = workload
        .iter()
        .copied()
        .filter(|r| r.completed.is_some_and(|c| p.holds(c)))
        .collect();
    let completion = percent_kpi(
        "completion_rate",
        Text::new("처리율", "Completion rate"),
        Text::new(
            "기간 내 완료 건수 ÷ 처리 대상 건수 (기간 초 미결 + 기간 내 접수; 반려·취소 제외)",
            "requests completed in the period ÷ requests to handle (open at the start plus received; refused and cancelled left out)",
        ),
        ids(&completed_in),
        ids(&workload),
        Vec::new(),
    );
    let open_at_end: Vec<&PastRequest> = workload
        .iter()
        .copied()
        .filter(|r| r.completed.is_none_or(|c| c >= p.end))
        .collect();
    let backlog = Kpi {
        id: "backlog".to_owned(),
        name: Text::new("백로그 (미결 건수)", "Backlog (open requests)"),
        formula: Text::new(
            "기간 말 현재 완료되지 않은 요청 건수 (반려·취소 제외)",
            "requests not completed at the end of the period (refused and cancelled left out)",
        ),
        numerator: Decimal::from(open_at_end.len()),
        denominator: None,
        value: Some(Decimal::from(open_at_end.len())),
        unit: Unit::Count,
        numerator_ids: ids(&open_at_end),
        denominator_ids: Vec::new(),
        not_measured: Vec::new(),
        explain: Text::new(
            format!(
                "{} 현재 미결 {}건",
                crate::i18n::format_datetime(p.end, crate::Lang::Ko),
                open_at_end.len()
            ),
            format!(
                "{} open at {}",
                open_at_end.len(),
                crate::i18n::format_datetime(p.end, crate::Lang::En)
            ),
        ),
    };
    (completion, backlog)
}

/// MTTR and MTBF from the counted outages that start in the period.
fn mttr_and_mtbf(outages: &[Outage], p: &Period, period_minutes: i64) -> (Kpi, Kpi) {
    let mut outage_minutes = Decimal::ZERO;
    let mut outage_ids = Vec::new();
    for (i, o) in outages.iter().enumerate() {
        if !p.holds(o.start) || !availability::exclusions(o).is_empty() {
            continue;
        }
        let end = o.end.min(p.end);
        let secs = o.start.seconds_until(end);
        let mins = Decimal::from(secs)
            .checked_div(Decimal::from(60))
            .unwrap_or(Decimal::ZERO);
        outage_minutes = outage_minutes.checked_add(mins).unwrap_or(outage_minutes);
        outage_ids.push(
            o.id.clone()
                .unwrap_or_else(|| format!("outage #{}", i.saturating_add(1))),
        );
    }
    let outage_minutes = round(outage_minutes).normalize();
    let mttr = minutes_kpi(
        "mttr",
        Text::new("MTTR (평균 복구 시간)", "MTTR (mean time to restore)"),
        Text::new("총 장애 시간 ÷ 장애 건수", "total outage minutes ÷ outages"),
        outage_minutes,
        outage_ids.clone(),
        "총 장애",
        "total outage",
    );
    let up = Decimal::from(period_minutes)
        .checked_sub(outage_minutes)
        .unwrap_or(Decimal::ZERO);
    let mtbf = minutes_kpi(
        "mtbf",
        Text::new("MTBF (평균 고장 간격)", "MTBF (mean time between failures)"),
        Text::new(
            "(기간의 총 시간 − 총 장애 시간) ÷ 장애 건수",
            "(minutes in the period − total outage minutes) ÷ outages",
        ),
        up,
        outage_ids,
        "가동",
        "up-time",
    );
    (mttr, mtbf)
}

/// SLA compliance per clock, with its breaches and running clocks, and over every
/// clock.
fn sla_compliance(catalog: &Catalog, checks: &[Checked<'_>]) -> (Vec<ClockCompliance>, Kpi) {
    let mut sla = Vec::new();
    let mut all_met = Vec::new();
    let mut all_measured = Vec::new();
    for clock in &catalog.clocks {
        let mut met = Vec::new();
        let mut measured = Vec::new();
        let mut breaches = Vec::new();
        let mut running = Vec::new();
        let mut unmeasured = Vec::new();
        for (r, cs) in checks {
            for c in cs.iter().filter(|c| c.clock == clock.id) {
                match c.outcome {
                    Outcome::Met => {
                        met.push(r.id.clone());
                        measured.push(r.id.clone());
                    }
                    Outcome::Breached => {
                        measured.push(r.id.clone());
                        breaches.push(Breach {
                            request: r.id.clone(),
                            due: c.due,
                            stopped: c.stopped,
                            late_minutes: c.late_minutes,
                        });
                    }
                    Outcome::Running => running.push(r.id.clone()),
                    Outcome::NotMeasured => unmeasured.push(r.id.clone()),
                }
            }
        }
        all_met.extend(met.iter().map(|i| format!("{i}:{}", clock.id)));
        all_measured.extend(measured.iter().map(|i| format!("{i}:{}", clock.id)));
        let kpi = percent_kpi(
            &format!("sla_{}", clock.id),
            Text::new(
                format!("SLA 준수율 ({})", clock.name.ko),
                format!("SLA compliance ({})", clock.name.en),
            ),
            Text::new(
                format!("{} 기한 준수 건수 ÷ 측정 건수", clock.name.ko),
                format!("{} clocks met ÷ measured", clock.name.en),
            ),
            met,
            measured,
            unmeasured,
        );
        sla.push(ClockCompliance {
            clock: clock.id.clone(),
            name: clock.name.clone(),
            kpi,
            breaches,
            running,
        });
    }
    let overall = percent_kpi(
        "sla_compliance",
        Text::new("SLA 준수율 (전체)", "SLA compliance (all clocks)"),
        Text::new(
            "모든 시계의 기한 준수 건수 ÷ 측정 건수",
            "clocks met ÷ clocks measured, every clock",
        ),
        all_met,
        all_measured,
        Vec::new(),
    );
    (sla, overall)
}

/// SR on-time and rework rate month by month, the first and last month cut to the
/// period.
fn months(
    catalog: &Catalog,
    history: &[PastRequest],
    from: Date,
    to: Date,
    p: &Period,
) -> Vec<MonthKpis> {
    let mut months = Vec::new();
    let mut m = YearMonth::of(from);
    loop {
        let first = m.first_day().max(from).to_datetime(Time::midnight());
        let next = m.next();
        let last = next
            .map(|n| n.first_day().to_datetime(Time::midnight()))
            .unwrap_or(p.end)
            .min(p.end);
        let mp = Period {
            start: first,
            end: last,
        };
        months.push(MonthKpis {
            month: m,
            sr_on_time: sr_on_time(catalog, history, &mp),
            rework_rate: rework_rate(catalog, history, &mp),
        });
        match next {
            Some(n) if n.first_day() <= to => m = n,
            _ => break,
        }
    }
    months
}
