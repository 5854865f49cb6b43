//! Fees and quotes (docs/domain.md §8): the annual maintenance fee from a licence amount and a
//! rate, its instalments and VAT; a change-request quote in person-days; the charge
//! for a temporary around-the-clock upgrade.
//!
//! Every rounding is named:
//! - fees and quote lines: [`FEE_ROUNDING`] (to the won, half up);
//! - VAT: [`VAT_ROUNDING`] (truncated below one won, 원 미만 절사);
//! - quarterly instalments: [`INSTALMENT_ROUNDING`] (the first three truncated to the
//!   won, the fourth takes the remainder, so the four add up to the year exactly);
//! - 천원 displays: truncated below 1,000 won ([`crate::money::Amount`]).
//!
//! Rates are fractions (`0.15` = 15 %) as in the catalog; outputs also show them in
//! percent.

use crate::contract::{Billing, Catalog, DifficultyRate, Id, Pricing, Tier};
use crate::i18n::Text;
use crate::money::{self, Amount, Overflow, Rounding, rate_percent};
use rust_decimal::Decimal;
use serde::Serialize;

/// Rounding of fees and quote lines.
pub const FEE_ROUNDING: Rounding = Rounding::Won;
/// Rounding of VAT.
pub const VAT_ROUNDING: Rounding = Rounding::WonDown;
/// Rounding of the first three quarterly instalments (the fourth takes the rest).
pub const INSTALMENT_ROUNDING: Rounding = Rounding::WonDown;

/// A net amount, its VAT and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WithVat {
    /// Before VAT.
    pub net: Amount,
    /// The VAT rate in percent (`10`).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub vat_percent: Decimal,
    /// The VAT.
    pub vat: Amount,
    /// Net plus VAT.
    pub total: Amount,
}

/// `net` with VAT at `vat_rate` (a fraction), the VAT truncated to the won.
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn with_vat(net: Decimal, vat_rate: Decimal) -> Result<WithVat, Overflow> {
    let vat = VAT_ROUNDING.apply(money::mul(net, vat_rate)?);
    Ok(WithVat {
        net: Amount::new(net),
        vat_percent: rate_percent(vat_rate),
        vat: Amount::new(vat),
        total: Amount::new(money::add(net, vat)?),
    })
}

/// `amount` split into four quarters: three truncated to the won, the fourth the
/// remainder.
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn split_quarterly(amount: Decimal) -> Result<[Decimal; 4], Overflow> {
    let q = INSTALMENT_ROUNDING.apply(money::div(amount, Decimal::from(4))?);
    let three = money::mul(q, Decimal::from(3))?;
    Ok([q, q, q, money::sub(amount, three)?])
}

/// One bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Instalment {
    /// `연간` / `1분기` … in Korean, `year` / `Q1` … in English.
    pub label: Text,
    /// Before VAT.
    pub net: Amount,
    /// VAT.
    pub vat: Amount,
    /// Total.
    pub total: Amount,
}

/// The bills of one year: one in advance, or four quarters (net and VAT each split
/// by [`split_quarterly`]).
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn instalments(year: &WithVat, billing: Billing) -> Result<Vec<Instalment>, Overflow> {
    match billing {
        Billing::Annual => Ok(vec![Instalment {
            label: Text::new("연간 (선불)", "year (in advance)"),
            net: year.net.clone(),
            vat: year.vat.clone(),
            total: year.total.clone(),
        }]),
        Billing::Quarterly => {
            let nets = split_quarterly(year.net.amount)?;
            let vats = split_quarterly(year.vat.amount)?;
            let mut out = Vec::new();
            for (i, (n, v)) in nets.into_iter().zip(vats).enumerate() {
                let q = i.saturating_add(1);
                out.push(Instalment {
                    label: Text::new(format!("{q}분기"), format!("Q{q}")),
                    net: Amount::new(n),
                    vat: Amount::new(v),
                    total: Amount::new(money::add(n, v)?),
                });
            }
            Ok(out)
        }
    }
}

/// `licence × rate`, rounded to the won.
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn annual_fee(licence: Decimal, rate: Decimal) -> Result<Decimal, Overflow> {
    Ok(FEE_ROUNDING.apply(money::mul(licence, rate)?))
}

/// The guideline rate `score × per_point + base` (001 §3: score × 5 % + 10 %).
///
/// # Errors
///
/// [`Overflow`] for values out of range.
pub fn difficulty_rate(score: Decimal, rule: &DifficultyRate) -> Result<Decimal, Overflow> {
    money::add(money::mul(score, rule.per_point)?, rule.base)
}

/// Where a fee option's rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// The bottom of the tier's range.
    TierMin,
    /// The middle of the tier's range.
    TierMid,
    /// The top of the tier's range.
    TierMax,
    /// The difficulty-score formula.
    Difficulty,
    /// Given by the caller.
    Given,
}

/// One fee at one rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeOption {
    /// Where the rate came from.
    pub source: RateSource,
    /// The rate (fraction).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub rate: Decimal,
    /// The rate in percent.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub rate_percent: Decimal,
    /// The annual fee with VAT.
    pub annual: WithVat,
    /// How it is billed.
    pub billing: Billing,
    /// The bills.
    pub instalments: Vec<Instalment>,
    /// The arithmetic in words.
    pub explain: Text,
}

/// The fee for `licence` at `rate`, billed by `billing`, with VAT at `vat_rate`.
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn fee_option(
    licence: Decimal,
    rate: Decimal,
    source: RateSource,
    billing: Billing,
    vat_rate: Decimal,
) -> Result<FeeOption, Overflow> {
    let annual = with_vat(annual_fee(licence, rate)?, vat_rate)?;
    let instalments = instalments(&annual, billing)?;
    let pct = rate_percent(rate);
    let explain = Text::new(
        format!(
            "라이선스 {} × {}% = 연 {} (부가세 {}% {} 별도, 합계 {})",
            money::won(licence),
            pct,
            annual.net.won,
            annual.vat_percent,
            annual.vat.won,
            annual.total.won
        ),
        format!(
            "licence {} × {} % = {} a year (VAT {} % {} on top, {} in all)",
            money::won(licence),
            pct,
            annual.net.won,
            annual.vat_percent,
            annual.vat.won,
            annual.total.won
        ),
    );
    Ok(FeeOption {
        source,
        rate,
        rate_percent: pct,
        annual,
        billing,
        instalments,
        explain,
    })
}

/// The fee at the bottom, middle and top of `tier`'s rate range (empty when the tier
/// has no range).
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn tier_range(
    licence: Decimal,
    tier: &Tier,
    billing: Billing,
    vat_rate: Decimal,
) -> Result<Vec<FeeOption>, Overflow> {
    let Some((lo, hi)) = tier.fee_rate else {
        return Ok(Vec::new());
    };
    let mid = money::div(money::add(lo, hi)?, Decimal::TWO)?;
    Ok(vec![
        fee_option(licence, lo, RateSource::TierMin, billing, vat_rate)?,
        fee_option(licence, mid, RateSource::TierMid, billing, vat_rate)?,
        fee_option(licence, hi, RateSource::TierMax, billing, vat_rate)?,
    ])
}

/// A fee quote: one licence amount at one or more rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeQuote {
    /// The licence amount.
    pub licence: Amount,
    /// The tier whose range was used.
    pub tier: Option<Id>,
    /// Its name.
    pub tier_name: Option<Text>,
    /// The difficulty score, when the formula was used.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub difficulty_score: Option<Decimal>,
    /// The fees.
    pub options: Vec<FeeOption>,
    /// The rounding rules used.
    pub rounding: Roundings,
}

/// The rounding rules of a quote, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Roundings {
    /// Of fees and lines.
    pub amounts: Rounding,
    /// Of VAT.
    pub vat: Rounding,
    /// Of instalments.
    pub instalments: Rounding,
    /// In words.
    pub text: Text,
}

/// The rounding rules of this module.
pub fn roundings() -> Roundings {
    let (a, v, i) = (
        FEE_ROUNDING.text(),
        VAT_ROUNDING.text(),
        INSTALMENT_ROUNDING.text(),
    );
    Roundings {
        amounts: FEE_ROUNDING,
        vat: VAT_ROUNDING,
        instalments: INSTALMENT_ROUNDING,
        text: Text::new(
            format!(
                "금액 {}, 부가세 {}, 분기 청구 {} (마지막 분기에 잔액), 천원 표시는 천원 미만 절사",
                a.ko, v.ko, i.ko
            ),
            format!(
                "amounts {}, VAT {}, quarterly bills {} (the last quarter takes the remainder), 천원 displays truncated to 1,000 won",
                a.en, v.en, i.en
            ),
        ),
    }
}

/// A change-request (CR/ADC) quote: development person-days × day rate + test
/// person-days × test day rate (001 §12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeRequestQuote {
    /// Development person-days.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub person_days: Decimal,
    /// Test person-days.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub test_person_days: Decimal,
    /// Whether test person-days were derived (`person_days × test_ratio`).
    pub test_derived: bool,
    /// The ratio used, when derived.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub test_ratio: Option<Decimal>,
    /// Day rate of development.
    pub day_rate: Amount,
    /// Day rate of testing.
    pub test_day_rate: Amount,
    /// Development amount.
    pub development: Amount,
    /// Test amount.
    pub test: Amount,
    /// The price with VAT.
    pub price: WithVat,
    /// The arithmetic in words.
    pub explain: Text,
}

/// Quotes a change request of `person_days` development person-days; test
/// person-days are `test_person_days` when given, else `person_days × test_ratio`.
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn change_request(
    pricing: &Pricing,
    person_days: Decimal,
    test_person_days: Option<Decimal>,
) -> Result<ChangeRequestQuote, Overflow> {
    let (test_pd, derived) = match test_person_days {
        Some(t) => (t, false),
        None => (
            money::mul(person_days, pricing.test_ratio)?.normalize(),
            true,
        ),
    };
    let dev = FEE_ROUNDING.apply(money::mul(person_days, pricing.change_request_day_rate)?);
    let test = FEE_ROUNDING.apply(money::mul(test_pd, pricing.test_day_rate)?);
    let price = with_vat(money::add(dev, test)?, pricing.vat_rate)?;
    let derived_ko = if derived {
        format!(" (개발 공수 × 테스트 비율 {})", pricing.test_ratio)
    } else {
        String::new()
    };
    let derived_en = if derived {
        format!(" (development × test ratio {})", pricing.test_ratio)
    } else {
        String::new()
    };
    let explain = Text::new(
        format!(
            "개발 {}인일 × {} + 테스트 {}인일{} × {} = {} (부가세 {} 별도, 합계 {})",
            person_days.normalize(),
            money::won(pricing.change_request_day_rate),
            test_pd,
            derived_ko,
            money::won(pricing.test_day_rate),
            price.net.won,
            price.vat.won,
            price.total.won
        ),
        format!(
            "development {} person-days × {} + test {} person-days{} × {} = {} (VAT {} on top, {} in all)",
            person_days.normalize(),
            money::won(pricing.change_request_day_rate),
            test_pd,
            derived_en,
            money::won(pricing.test_day_rate),
            price.net.won,
            price.vat.won,
            price.total.won
        ),
    );
    Ok(ChangeRequestQuote {
        person_days: person_days.normalize(),
        test_person_days: test_pd,
        test_derived: derived,
        test_ratio: derived.then_some(pricing.test_ratio),
        day_rate: Amount::new(pricing.change_request_day_rate),
        test_day_rate: Amount::new(pricing.test_day_rate),
        development: Amount::new(dev),
        test: Amount::new(test),
        price,
        explain,
    })
}

/// The charge of a temporary around-the-clock upgrade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpgradeQuote {
    /// Tier id.
    pub tier: Id,
    /// Tier name.
    pub tier_name: Text,
    /// The calendar during the upgrade.
    pub calendar: Id,
    /// Its name.
    pub calendar_name: Text,
    /// Hours charged.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub hours: Decimal,
    /// Price per hour.
    pub hourly: Amount,
    /// The price with VAT.
    pub price: WithVat,
    /// The arithmetic in words.
    pub explain: Text,
}

/// The charge of `hours` of `tier`'s temporary upgrade; `None` when the tier offers
/// none.
///
/// # Errors
///
/// [`Overflow`] for amounts out of range.
pub fn temporary_upgrade(
    catalog: &Catalog,
    tier: &Tier,
    hours: Decimal,
) -> Result<Option<UpgradeQuote>, Overflow> {
    let Some(up) = &tier.temporary_upgrade else {
        return Ok(None);
    };
    let net = FEE_ROUNDING.apply(money::mul(hours, up.hourly)?);
    let price = with_vat(net, catalog.pricing.vat_rate)?;
    let calendar_name = catalog
        .calendars
        .get(&up.calendar)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let explain = Text::new(
        format!(
            "{}시간 × 시간당 {} = {} (부가세 {} 별도, 합계 {})",
            hours.normalize(),
            money::won(up.hourly),
            price.net.won,
            price.vat.won,
            price.total.won
        ),
        format!(
            "{} h × {} per hour = {} (VAT {} on top, {} in all)",
            hours.normalize(),
            money::won(up.hourly),
            price.net.won,
            price.vat.won,
            price.total.won
        ),
    );
    Ok(Some(UpgradeQuote {
        tier: tier.id.clone(),
        tier_name: tier.name.clone(),
        calendar: up.calendar.clone(),
        calendar_name,
        hours: hours.normalize(),
        hourly: Amount::new(up.hourly),
        price,
        explain,
    }))
}
