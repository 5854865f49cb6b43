//! Money: decimal amounts in won, rounded by a named rule, shown the Korean way.

use rust_decimal::{Decimal, RoundingStrategy};

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
        if i > 0 && (n - i) % 3 == 0 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[track_caller]
    fn check(input: &str, want: &str) {
        let d = Decimal::from_str(input).unwrap_or_default();
        assert_eq!(won(d), want);
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
}
