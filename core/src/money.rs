//! Money: decimal amounts in won, rounded by a named rule, shown the Korean way.
//!
//! Amounts are `rust_decimal::Decimal`, never floating point. Every rounding names its
//! rule ([`Rounding`]) at the call site, and the outputs carry that name so a reader
//! can redo the arithmetic. Arithmetic on amounts read from data is checked: an
//! amount out of range is an [`Overflow`], never a panic.

use crate::i18n::Text;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt;

/// `1234000` → `1,234,000` (rounded to whole units, half away from zero).
pub fn group_thousands(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let digits = rounded.abs().trunc().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `₩1,234,000`.
pub fn won(amount: Decimal) -> String {
    format!("₩{}", group_thousands(amount))
}

/// `1,234천원`: the amount in thousands of won, as Korean public-sector documents
/// state it, after rounding to 1,000 won by `rounding` (a won-level rule is taken to
/// its thousand-won counterpart: [`Rounding::Won`] → [`Rounding::ThousandWon`],
/// [`Rounding::WonDown`] → [`Rounding::ThousandWonDown`]).
pub fn thousand_won(amount: Decimal, rounding: Rounding) -> String {
    let rounded = rounding.to_thousands().apply(amount);
    let thousands = rounded
        .checked_div(Decimal::ONE_THOUSAND)
        .unwrap_or(rounded);
    format!("{}천원", group_thousands(thousands))
}

/// A named rounding rule for won amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// To the whole won, half away from zero (원 단위 반올림).
    Won,
    /// Down to the whole won, toward zero (원 미만 절사).
    WonDown,
    /// To 1,000 won, half away from zero (천원 단위 반올림).
    ThousandWon,
    /// Down to 1,000 won, toward zero (천원 미만 절사).
    ThousandWonDown,
}

impl Rounding {
    /// Rounds `amount` by this rule.
    pub fn apply(self, amount: Decimal) -> Decimal {
        match self {
            Rounding::Won => {
                amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            }
            Rounding::WonDown => amount.round_dp_with_strategy(0, RoundingStrategy::ToZero),
            Rounding::ThousandWon => thousands(amount, RoundingStrategy::MidpointAwayFromZero),
            Rounding::ThousandWonDown => thousands(amount, RoundingStrategy::ToZero),
        }
    }

    /// The rule in words.
    pub fn text(self) -> Text {
        match self {
            Rounding::Won => Text::new("원 단위 반올림", "rounded to the won, half up"),
            Rounding::WonDown => Text::new("원 미만 절사", "truncated to the won"),
            Rounding::ThousandWon => Text::new("천원 단위 반올림", "rounded to 1,000 won, half up"),
            Rounding::ThousandWonDown => Text::new("천원 미만 절사", "truncated to 1,000 won"),
        }
    }

    /// The thousand-won rule of the same direction.
    pub fn to_thousands(self) -> Rounding {
        match self {
            Rounding::Won | Rounding::ThousandWon => Rounding::ThousandWon,
            Rounding::WonDown | Rounding::ThousandWonDown => Rounding::ThousandWonDown,
        }
    }
}

fn thousands(amount: Decimal, strategy: RoundingStrategy) -> Decimal {
    // Dividing by 1,000 only moves the decimal point, so it is exact; rounding up the
    // very largest amounts could leave the range, and then the amount stays as it is.
    let whole = amount
        .checked_div(Decimal::ONE_THOUSAND)
        .unwrap_or(amount)
        .round_dp_with_strategy(0, strategy);
    whole.checked_mul(Decimal::ONE_THOUSAND).unwrap_or(amount)
}

/// An amount with its Korean displays, for output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Amount {
    /// The amount in won.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub amount: Decimal,
    /// `₩1,234,000`.
    pub won: String,
    /// `1,234천원` (천원 미만 절사, the public-sector convention).
    pub thousand_won: String,
}

impl Amount {
    /// `amount` with its displays; the 천원 display truncates below 1,000 won
    /// ([`Rounding::ThousandWonDown`]).
    pub fn new(amount: Decimal) -> Amount {
        Amount {
            amount,
            won: won(amount),
            thousand_won: thousand_won(amount, Rounding::ThousandWonDown),
        }
    }
}

/// An amount or a rate left the range a decimal can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the amount is too large to compute")
    }
}

impl std::error::Error for Overflow {}

/// `a × b`, checked.
///
/// # Errors
///
/// [`Overflow`] when the product does not fit.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a + b`, checked.
///
/// # Errors
///
/// [`Overflow`] when the sum does not fit.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

/// `a − b`, checked.
///
/// # Errors
///
/// [`Overflow`] when the difference does not fit.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_sub(b).ok_or(Overflow)
}

/// `a ÷ b`, checked.
///
/// # Errors
///
/// [`Overflow`] when `b` is zero or the quotient does not fit.
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_div(b).ok_or(Overflow)
}

/// `amount × percent ÷ 100`, checked (`percent` as written: `15` for 15 %).
///
/// # Errors
///
/// [`Overflow`] when the product does not fit.
pub fn percent_of(amount: Decimal, percent: Decimal) -> Result<Decimal, Overflow> {
    div(mul(amount, percent)?, Decimal::ONE_HUNDRED)
}

/// A rate as a percentage for display: `0.15` → `15`, `0.175` → `17.5`.
pub fn rate_percent(rate: Decimal) -> Decimal {
    rate.checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(rate)
        .normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[track_caller]
    fn check(input: &str, want: &str) {
        assert_eq!(won(d(input)), want);
    }

    #[test]
    fn won_groups_thousands_and_rounds_half_away_from_zero() {
        check("0", "₩0");
        check("999", "₩999");
        check("1000", "₩1,000");
        check("1234000", "₩1,234,000");
        check("200000.5", "₩200,001");
        check("-1500", "₩-1,500");
    }

    #[track_caller]
    fn check_rounding(rule: Rounding, input: &str, want: &str) {
        assert_eq!(rule.apply(d(input)), d(want), "{rule:?} of {input}");
    }

    #[test]
    fn each_rounding_rule_does_what_its_name_says() {
        check_rounding(Rounding::Won, "1234.5", "1235");
        check_rounding(Rounding::Won, "1234.49", "1234");
        check_rounding(Rounding::WonDown, "1234.99", "1234");
        check_rounding(Rounding::ThousandWon, "1234500", "1235000");
        check_rounding(Rounding::ThousandWon, "1234499", "1234000");
        check_rounding(Rounding::ThousandWonDown, "1234999", "1234000");
        check_rounding(Rounding::WonDown, "-1.5", "-1");
    }

    #[test]
    fn thousand_won_display_names_its_rounding() {
        assert_eq!(
            thousand_won(d("415412000"), Rounding::ThousandWonDown),
            "415,412천원"
        );
        assert_eq!(
            thousand_won(d("1234999"), Rounding::ThousandWonDown),
            "1,234천원"
        );
        assert_eq!(
            thousand_won(d("1234500"), Rounding::ThousandWon),
            "1,235천원"
        );
        assert_eq!(thousand_won(d("1234500"), Rounding::Won), "1,235천원");
        assert_eq!(Amount::new(d("2375000")).thousand_won, "2,375천원");
    }

    #[test]
    fn checked_arithmetic_reports_overflow_instead_of_panicking() {
        assert_eq!(mul(Decimal::MAX, d("2")), Err(Overflow));
        assert_eq!(div(d("1"), Decimal::ZERO), Err(Overflow));
        assert_eq!(percent_of(d("2375000"), d("15")), Ok(d("356250")));
        assert_eq!(rate_percent(d("0.175")), d("17.5"));
    }
}
