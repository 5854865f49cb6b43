//! What a vendor says of itself in its catalog beside the rules: the words its screens
//! use for its customers, the clauses its terms give for the checks every verdict
//! makes, and the status page's thresholds.

use crate::i18n::Text;
use rust_decimal::Decimal;

/// The words a vendor's screens use for its customers: a library-software vendor's
/// staff are "도서관 담당자" and their sites "도서관 (분관)"; another vendor's are its
/// customers' staff and sites. Neutral words when the catalog names none.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Terms {
    /// The customer's people who check and ask (`"도서관 담당자"`, `"Library staff"`).
    pub staff: Text,
    /// One of the customer's sites under a contract (`"도서관 (분관)"`, `"Library (branch)"`).
    pub branch: Text,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            staff: Text::new("고객 기관 담당자", "Customer staff"),
            branch: Text::new("분관·지점", "Branch or site"),
        }
    }
}

/// The clauses of the vendor's terms that decide the checks every verdict makes before
/// the rules: the contract period, termination, branches, installed products and the
/// coverage matrix. Each is cited with the reason it decides; a clause the catalog
/// does not name is cited as none, never made up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clauses {
    /// Requests are covered within the contract period (or free warranty).
    pub period: Option<String>,
    /// A terminated contract covers nothing from its termination on.
    pub termination: Option<String>,
    /// Requests are covered for the contract's branches only.
    pub branch: Option<String>,
    /// A branch added after the build needs its own addendum.
    pub addendum: Option<String>,
    /// The product and version must be installed under the contract.
    pub product: Option<String>,
    /// The coverage matrix (without it, a service's own clause is cited).
    pub matrix: Option<String>,
}

/// Thresholds of the status page a vendor may set, with defaults.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settings {
    /// A contract's renewal is flagged this many days before its end (default 60).
    pub renewal_warning_days: u32,
    /// A running clock is at risk once less than this share of its time from
    /// submission to due is left (default 0.25).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at_risk_share: Decimal,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            renewal_warning_days: 60,
            at_risk_share: Decimal::new(25, 2),
        }
    }
}
