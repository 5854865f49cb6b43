//! Availability: the share of a period a contract's service was up, computed from its
//! outage records by docs/domain.md §7's formula, with every outage listed as counted or
//! excluded (and why).
//!
//! `availability = 100 × (1 − outage minutes ÷ minutes in the period)`.
//!
//! - Minutes in a period are civil minutes between its local start and end: a 31-day
//!   month has 44,640, a 30-day month 43,200, leap-year February 41,760. (A
//!   daylight-saving shift inside the period is not corrected for; Korea has none.)
//! - Outages flagged as announced planned maintenance, force majeure, the customer's
//!   fault or a third party's outage are excluded (001 §2 면책 사항).
//! - An outage is clipped to the period: one spanning a month border counts in each
//!   month for its own part. Counted outages that overlap are merged, so no minute
//!   counts twice.
//! - Outage times keep their seconds; the outage total is exact.
//! - Comparisons against thresholds ([`Availability::is_at_least`]) are exact — by
//!   cross-multiplication, not on the rounded [`Availability::percent`], so exactly
//!   99.0 % is exactly 99.0 %.

use crate::civil::DateTime;
use crate::contract::{Id, Outage, YearMonth};
use crate::i18n::Text;
use crate::money::group_thousands;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt;

/// Decimal places of the displayed availability percentage (rounded half away from
/// zero). Comparisons never use the rounded value.
pub const PERCENT_PLACES: u32 = 4;

/// Why an outage does not count against availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Announced planned maintenance (계획된 정기 유지보수).
    PlannedAnnounced,
    /// Force majeure (불가항력).
    ForceMajeure,
    /// The customer's fault (고객 측 귀책).
    CustomerFault,
    /// A third party's outage — carrier, cloud provider (제3자 서비스 장애).
    ThirdParty,
}

impl Exclusion {
    /// The reason in words.
    pub fn text(self) -> Text {
        match self {
            Exclusion::PlannedAnnounced => {
                Text::new("사전 공지된 계획 유지보수", "announced planned maintenance")
            }
            Exclusion::ForceMajeure => Text::new("불가항력", "force majeure"),
            Exclusion::CustomerFault => Text::new("고객 측 귀책", "the customer's fault"),
            Exclusion::ThirdParty => {
                Text::new("제3자(통신사·클라우드) 장애", "a third party's outage")
            }
        }
    }
}

/// Why `outage` is excluded, in a fixed order (empty when it counts).
pub fn exclusions(outage: &Outage) -> Vec<Exclusion> {
    [
        (outage.planned_announced, Exclusion::PlannedAnnounced),
        (outage.force_majeure, Exclusion::ForceMajeure),
        (outage.customer_fault, Exclusion::CustomerFault),
        (outage.third_party, Exclusion::ThirdParty),
    ]
    .into_iter()
    .filter_map(|(flag, why)| flag.then_some(why))
    .collect()
}

/// One outage as it bears on a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutageLine {
    /// Its id, when recorded.
    pub id: Option<Id>,
    /// When it started.
    pub start: DateTime,
    /// When it ended.
    pub end: DateTime,
    /// Its minutes inside the period (two decimals when it has seconds).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub minutes: Decimal,
    /// Whether it counts against availability.
    pub counted: bool,
    /// Why not, when it doesn't.
    pub excluded_because: Vec<Exclusion>,
    /// The history request it was reported under.
    pub request: Option<Id>,
    /// Its note.
    pub note: Option<Text>,
    /// The line in words.
    pub text: Text,
}

/// Availability over one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Availability {
    /// First moment of the period (local time).
    pub from: DateTime,
    /// End of the period, exclusive (local time).
    pub to: DateTime,
    /// Minutes in the period.
    pub period_minutes: i64,
    /// Counted outage minutes, overlaps merged (two decimals when seconds are
    /// involved).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub outage_minutes: Decimal,
    /// The availability in percent, rounded to [`PERCENT_PLACES`] places.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub percent: Decimal,
    /// Every outage touching the period, counted or not, in start order.
    pub outages: Vec<OutageLine>,
    /// The formula.
    pub formula: Text,
    /// The formula with this period's numbers.
    pub explain: Text,
    #[serde(skip)]
    outage_seconds: i64,
    #[serde(skip)]
    period_seconds: i64,
}

impl Availability {
    /// Whether availability ≥ `threshold` percent, decided exactly.
    pub fn is_at_least(&self, threshold: Decimal) -> bool {
        // 100 × (1 − o/p) ≥ t  ⇔  100 × (p − o) ≥ t × p   (p > 0)
        let p = Decimal::from(self.period_seconds);
        let up = Decimal::from(self.period_seconds.saturating_sub(self.outage_seconds));
        match (
            up.checked_mul(Decimal::ONE_HUNDRED),
            threshold.checked_mul(p),
        ) {
            (Some(lhs), Some(rhs)) => lhs >= rhs,
            _ => self.exact_percent() >= threshold,
        }
    }

    /// Whether availability < `threshold` percent, decided exactly.
    pub fn is_below(&self, threshold: Decimal) -> bool {
        !self.is_at_least(threshold)
    }

    /// The availability at full decimal precision (28 significant digits).
    pub fn exact_percent(&self) -> Decimal {
        ratio_percent(
            Decimal::from(self.outage_seconds),
            Decimal::from(self.period_seconds),
        )
        .unwrap_or(Decimal::ZERO)
    }
}

/// The period is empty or out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvailabilityError {
    /// `to` is not after `from`.
    EmptyPeriod {
        /// Start.
        from: DateTime,
        /// End.
        to: DateTime,
    },
    /// The month has no representable end.
    OutOfRange,
}

impl fmt::Display for AvailabilityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AvailabilityError::EmptyPeriod { from, to } => {
                write!(
                    f,
                    "the period {from} – {to} is empty (its end must be after its start)"
                )
            }
            AvailabilityError::OutOfRange => f.write_str("the month is out of range"),
        }
    }
}

impl std::error::Error for AvailabilityError {}

/// `100 × (1 − outage ÷ period)`, in any unit both share, at full precision; `None`
/// when `period` is not positive.
///
/// # Example
///
/// ```
/// use covered_core::availability::percent;
/// use rust_decimal::Decimal;
///
/// // 432 outage minutes in a 30-day month (43,200 minutes): exactly 99 %.
/// assert_eq!(percent(Decimal::from(432), Decimal::from(43_200)), Some(Decimal::from(99)));
/// ```
pub fn percent(outage: Decimal, period: Decimal) -> Option<Decimal> {
    if period <= Decimal::ZERO {
        return None;
    }
    ratio_percent(outage, period)
}

fn ratio_percent(outage: Decimal, period: Decimal) -> Option<Decimal> {
    let share = outage.checked_div(period)?;
    Decimal::ONE
        .checked_sub(share)?
        .checked_mul(Decimal::ONE_HUNDRED)
        .map(|d| d.normalize())
}

fn seconds(from: DateTime, to: DateTime) -> i64 {
    from.seconds_until(to)
}

/// Seconds as minutes, two decimals when not whole.
fn minutes_of(secs: i64) -> Decimal {
    Decimal::from(secs)
        .checked_div(Decimal::from(60))
        .unwrap_or(Decimal::ZERO)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Minutes for reading: `44,640`, `43.2`, `1,234.5`.
pub(crate) fn show_minutes(m: Decimal) -> String {
    let whole = group_thousands(m.trunc());
    let plain = m.normalize().to_string();
    match plain.split_once('.') {
        Some((_, frac)) => format!("{whole}.{frac}"),
        None => whole,
    }
}

/// The availability formula in words.
pub fn formula() -> Text {
    Text::new(
        "가용성(%) = 100 × (1 − 장애 시간(분) ÷ 기간의 총 시간(분)); 사전 공지된 계획 유지보수·불가항력·고객 귀책·제3자 장애는 제외",
        "availability (%) = 100 × (1 − outage minutes ÷ minutes in the period); announced planned maintenance, force majeure, the customer's fault and third-party outages are excluded",
    )
}

/// Availability over `[from, to)` from `outages`.
///
/// # Errors
///
/// [`AvailabilityError::EmptyPeriod`] unless `from < to`.
pub fn over(
    outages: &[Outage],
    from: DateTime,
    to: DateTime,
) -> Result<Availability, AvailabilityError> {
    if to <= from {
        return Err(AvailabilityError::EmptyPeriod { from, to });
    }
    let period_seconds = seconds(from, to);
    let mut lines = Vec::new();
    let mut counted: Vec<(DateTime, DateTime)> = Vec::new();
    let mut touching: Vec<&Outage> = outages
        .iter()
        .filter(|o| o.start < to && o.end > from)
        .collect();
    crate::sort::sort_by_key(&mut touching, |o| (o.start, o.end));
    for o in touching {
        let s = o.start.max(from);
        let e = o.end.min(to);
        let why = exclusions(o);
        let minutes = minutes_of(seconds(s, e));
        let is_counted = why.is_empty();
        if is_counted {
            counted.push((s, e));
        }
        let clipped = s != o.start || e != o.end;
        let text = if is_counted {
            Text::new(
                format!(
                    "{} – {}: {}분 반영{}",
                    o.start,
                    o.end,
                    show_minutes(minutes),
                    if clipped {
                        " (기간 안의 부분만)"
                    } else {
                        ""
                    }
                ),
                format!(
                    "{} – {}: {} min counted{}",
                    o.start,
                    o.end,
                    show_minutes(minutes),
                    if clipped {
                        " (its part inside the period)"
                    } else {
                        ""
                    }
                ),
            )
        } else {
            let ko: Vec<String> = why.iter().map(|w| w.text().ko).collect();
            let en: Vec<String> = why.iter().map(|w| w.text().en).collect();
            Text::new(
                format!(
                    "{} – {}: {}분 제외 ({})",
                    o.start,
                    o.end,
                    show_minutes(minutes),
                    ko.join(", ")
                ),
                format!(
                    "{} – {}: {} min excluded ({})",
                    o.start,
                    o.end,
                    show_minutes(minutes),
                    en.join(", ")
                ),
            )
        };
        lines.push(OutageLine {
            id: o.id.clone(),
            start: o.start,
            end: o.end,
            minutes,
            counted: is_counted,
            excluded_because: why,
            request: o.request.clone(),
            note: o.note.clone(),
            text,
        });
    }
    // Merge overlapping counted stretches (already sorted by start).
    let mut outage_seconds = 0i64;
    let mut run: Option<(DateTime, DateTime)> = None;
    for (s, e) in counted {
        run = match run {
            Some((rs, re)) if s <= re => Some((rs, re.max(e))),
            Some((rs, re)) => {
                outage_seconds = outage_seconds.saturating_add(seconds(rs, re));
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((rs, re)) = run {
        outage_seconds = outage_seconds.saturating_add(seconds(rs, re));
    }
    let period_minutes = period_seconds / 60;
    let outage_minutes = minutes_of(outage_seconds);
    let exact = ratio_percent(Decimal::from(outage_seconds), Decimal::from(period_seconds))
        .unwrap_or(Decimal::ZERO);
    let shown =
        exact.round_dp_with_strategy(PERCENT_PLACES, RoundingStrategy::MidpointAwayFromZero);
    let pm = show_minutes(minutes_of(period_seconds));
    let om = show_minutes(outage_minutes);
    Ok(Availability {
        from,
        to,
        period_minutes,
        outage_minutes,
        percent: shown,
        outages: lines,
        formula: formula(),
        explain: Text::new(
            format!("100 × (1 − {om}분 ÷ {pm}분) = {shown}%"),
            format!("100 × (1 − {om} min ÷ {pm} min) = {shown} %"),
        ),
        outage_seconds,
        period_seconds,
    })
}

/// Availability over calendar month `month`.
///
/// # Errors
///
/// [`AvailabilityError::OutOfRange`] for the last representable month.
pub fn month(outages: &[Outage], month: YearMonth) -> Result<Availability, AvailabilityError> {
    let next = month.next().ok_or(AvailabilityError::OutOfRange)?;
    over(
        outages,
        month
            .first_day()
            .to_datetime(crate::civil::Time::midnight()),
        next.first_day().to_datetime(crate::civil::Time::midnight()),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::civil::date;

    fn outage(start: DateTime, end: DateTime) -> Outage {
        Outage {
            id: None,
            start,
            end,
            planned_announced: false,
            force_majeure: false,
            customer_fault: false,
            third_party: false,
            note: None,
            request: None,
        }
    }

    #[test]
    fn overlapping_outages_count_once_and_borders_split() {
        let a = outage(
            date(2026, 9, 30).at(23, 0, 0, 0),
            date(2026, 10, 1).at(1, 0, 0, 0),
        );
        let b = outage(
            date(2026, 10, 1).at(0, 30, 0, 0),
            date(2026, 10, 1).at(2, 0, 0, 0),
        );
        let oct = YearMonth::new(2026, 10).unwrap();
        let sep = YearMonth::new(2026, 9).unwrap();
        let got = month(&[a.clone(), b.clone()], oct).unwrap();
        assert_eq!(got.period_minutes, 44_640);
        assert_eq!(got.outage_minutes, Decimal::from(120));
        let got = month(&[a, b], sep).unwrap();
        assert_eq!(got.period_minutes, 43_200);
        assert_eq!(got.outage_minutes, Decimal::from(60));
    }
}
