//! Package comparison: every tier side by side for one licence amount and one sample
//! incident — support window, targets and why, the concrete due times of that
//! incident, the fee range, the services included, the temporary-upgrade price.

use crate::calendar::CalendarError;
use crate::civil::DateTime;
use crate::contract::{Billing, Catalog, Id};
use crate::fees::{self, FeeOption, Roundings};
use crate::i18n::Text;
use crate::money::{Amount, Overflow};
use crate::sla::{self, DeadlineAnswer, EscalationAnswer};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// The severity is not in the catalog.
    UnknownSeverity {
        /// What was asked.
        severity: Id,
        /// What the catalog has.
        known: Vec<Id>,
    },
    /// A clock could not run.
    Calendar(CalendarError),
    /// An amount was out of range.
    Overflow,
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::UnknownSeverity { severity, known } => {
                write!(
                    f,
                    "{severity:?} is not a severity (known: {})",
                    known.join(", ")
                )
            }
            CompareError::Calendar(e) => write!(f, "{e}"),
            CompareError::Overflow => write!(f, "{Overflow}"),
        }
    }
}

impl std::error::Error for CompareError {}

impl From<CalendarError> for CompareError {
    fn from(e: CalendarError) -> Self {
        CompareError::Calendar(e)
    }
}
impl From<Overflow> for CompareError {
    fn from(_: Overflow) -> Self {
        CompareError::Overflow
    }
}

/// A feature and whether the tier includes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeatureMark {
    /// Feature id.
    pub id: Id,
    /// Name.
    pub name: Text,
    /// Included in this tier.
    pub included: bool,
}

/// The temporary upgrade a tier offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpgradeOffer {
    /// The calendar during the upgrade.
    pub calendar: Id,
    /// Its name.
    pub calendar_name: Text,
    /// Price per hour, before VAT.
    pub hourly: Amount,
}

/// The fee range of a tier for the licence amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeRange {
    /// At the bottom, middle and top of the rate range.
    pub options: Vec<FeeOption>,
    /// The range in words.
    pub text: Text,
}

/// One tier's column.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TierColumn {
    /// Tier id.
    pub tier: Id,
    /// Name.
    pub name: Text,
    /// Whether it is the given contract's tier.
    pub current: bool,
    /// Short window label (`10×5`).
    pub window_label: String,
    /// The window's calendar.
    pub calendar: Id,
    /// Its name.
    pub calendar_name: Text,
    /// Whether the window is open when the incident arrives.
    pub open_at_received: bool,
    /// Each clock's target, calendar, due time and why.
    pub deadlines: Vec<DeadlineAnswer>,
    /// The due times under the temporary upgrade (urgent incidents outside the
    /// window of a tier that offers it).
    pub upgraded_deadlines: Vec<DeadlineAnswer>,
    /// Escalation steps and their times.
    pub escalations: Vec<EscalationAnswer>,
    /// The fee range.
    pub fee: FeeRange,
    /// Every catalog feature, included or not.
    pub features: Vec<FeatureMark>,
    /// On-site visits.
    pub onsite_visits: Option<Text>,
    /// The temporary upgrade, when offered.
    pub temporary_upgrade: Option<UpgradeOffer>,
}

/// Every tier side by side.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    /// The licence amount.
    pub licence: Amount,
    /// The sample incident's severity.
    pub severity: Id,
    /// Its name.
    pub severity_name: Text,
    /// When the sample incident arrives (local time).
    pub received: DateTime,
    /// The contract whose tier is marked `current`, if any.
    pub contract: Option<Id>,
    /// How fees are billed in the columns.
    pub billing: Billing,
    /// One column per tier, lowest first.
    pub tiers: Vec<TierColumn>,
    /// The rounding rules.
    pub rounding: Roundings,
}

/// Compares every tier of `catalog` for `licence` and an incident of `severity`
/// received at `received`; `current` marks a tier (a contract's), `contract` is
/// echoed.
///
/// # Errors
///
/// An unknown severity, a clock that can't run, or an amount out of range.
pub fn compare(
    catalog: &Catalog,
    licence: Decimal,
    severity: &str,
    received: DateTime,
    billing: Billing,
    contract: Option<(&str, &str)>,
) -> Result<Comparison, CompareError> {
    let Some(sev) = catalog.severity(severity) else {
        return Err(CompareError::UnknownSeverity {
            severity: severity.to_owned(),
            known: catalog.severities.iter().map(|s| s.id.clone()).collect(),
        });
    };
    let mut tiers = Vec::new();
    for tier in &catalog.tiers {
        let cal = catalog.calendars.get(&tier.calendar);
        let open = cal.is_some_and(|c| c.calendar.is_open(received));
        let deadlines = sla::deadlines(catalog, tier, &sev.id, received, &[], None)?;
        let upgraded_deadlines = match &tier.temporary_upgrade {
            Some(up) if sev.urgent && !open => {
                sla::deadlines(catalog, tier, &sev.id, received, &[], Some(&up.calendar))?
            }
            _ => Vec::new(),
        };
        let escalations = sla::escalations(catalog, tier, &sev.id, received, &[])?;
        let options = fees::tier_range(licence, tier, billing, catalog.pricing.vat_rate)?;
        let text = match (options.first(), options.last()) {
            (Some(lo), Some(hi)) => Text::new(
                format!(
                    "연 {} – {} ({}–{}%, 부가세 별도)",
                    lo.annual.net.won, hi.annual.net.won, lo.rate_percent, hi.rate_percent
                ),
                format!(
                    "{} – {} a year ({}–{} %, VAT on top)",
                    lo.annual.net.won, hi.annual.net.won, lo.rate_percent, hi.rate_percent
                ),
            ),
            _ => Text::new("요율 범위 없음", "no rate range"),
        };
        let features = catalog
            .features
            .iter()
            .map(|f| FeatureMark {
                id: f.id.clone(),
                name: f.name.clone(),
                included: tier.features.contains(&f.id),
            })
            .collect();
        let temporary_upgrade = tier.temporary_upgrade.as_ref().map(|u| UpgradeOffer {
            calendar: u.calendar.clone(),
            calendar_name: catalog
                .calendars
                .get(&u.calendar)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            hourly: Amount::new(u.hourly),
        });
        tiers.push(TierColumn {
            tier: tier.id.clone(),
            name: tier.name.clone(),
            current: contract.is_some_and(|(_, t)| t == tier.id),
            window_label: tier.window_label.clone(),
            calendar: tier.calendar.clone(),
            calendar_name: cal.map(|c| c.name.clone()).unwrap_or_default(),
            open_at_received: open,
            deadlines,
            upgraded_deadlines,
            escalations,
            fee: FeeRange { options, text },
            features,
            onsite_visits: tier.onsite_visits.clone(),
            temporary_upgrade,
        });
    }
    Ok(Comparison {
        licence: Amount::new(licence),
        severity: sev.id.clone(),
        severity_name: sev.name.clone(),
        received,
        contract: contract.map(|(c, _)| c.to_owned()),
        billing,
        tiers,
        rounding: fees::roundings(),
    })
}
