//! Whether a judged request may be filed: at no charge, as a paid change request, or
//! not at all — the one rule that `covered serve`, the portal and the JS API apply to
//! a verdict before they keep a request.

use crate::contract::Id;
use crate::coverage::{Alternative, Effect2, Reason, Status};
use crate::verdict::Verdict;
use serde::Serialize;

/// What may be done with a judged request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Admission {
    /// Covered (or selective, for the vendor to review): filed at no charge.
    Free,
    /// Not covered, filed as the paid change request the verdict offers.
    Paid,
    /// Not filed.
    Refused(Refusal),
}

/// Why a request is not filed, and what would let it be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "AdmissionRefusal"))]
pub struct Refusal {
    /// What stands in the way.
    pub code: RefusalCode,
    /// The required question left unanswered (for [`RefusalCode::MissingAnswer`]).
    pub question: Option<Id>,
    /// The reasons that exclude it or put it outside the contract.
    pub reasons: Vec<Reason>,
    /// Whether filing it as a paid change request would be admitted.
    pub change_request_offered: bool,
}

/// The kinds of refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalCode {
    /// A required question has no answer yet.
    MissingAnswer,
    /// Not covered, and not filed as a paid change request (or none is offered).
    NotCovered,
    /// Outside the contract (period, branch, product): no change request can help.
    OutsideContract,
}

impl RefusalCode {
    /// The code as the API, the JS API and the portal name it (`not_covered`).
    pub fn code(self) -> &'static str {
        match self {
            RefusalCode::MissingAnswer => "missing_answer",
            RefusalCode::NotCovered => "not_covered",
            RefusalCode::OutsideContract => "outside_contract",
        }
    }
}

#[cfg(feature = "ts")]
ts_as!(
    RefusalCode,
    "RefusalCode",
    "\"missing_answer\" | \"not_covered\" | \"outside_contract\"",
    []
);

impl Serialize for RefusalCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Admission {
    /// Whether the request is kept.
    pub fn is_filed(&self) -> bool {
        !matches!(self, Admission::Refused(_))
    }

    /// Whether it is kept as paid work.
    pub fn is_paid(&self) -> bool {
        matches!(self, Admission::Paid)
    }
}

/// The admission of `verdict`, filed as a paid change request when `paid` (what the
/// requester chose). Unanswered required questions refuse it first; a covered verdict
/// is filed free whatever `paid` says; an uncovered one only as paid work, and only when
/// the verdict offers a change request; one outside the contract (its period, sites or
/// products) not at all — there are no terms to quote the work under.
pub fn admit(verdict: &Verdict, paid: bool) -> Admission {
    if let Some(question) = verdict.missing_answers.first() {
        return Admission::Refused(Refusal {
            code: RefusalCode::MissingAnswer,
            question: Some(question.clone()),
            reasons: Vec::new(),
            change_request_offered: false,
        });
    }
    let status = verdict.coverage.status;
    if status.is_covered() {
        return Admission::Free;
    }
    let offered = status != Status::OutsideContract
        && verdict
            .coverage
            .alternatives
            .iter()
            .any(|a| matches!(a, Alternative::ChangeRequest { .. }));
    if paid && offered {
        return Admission::Paid;
    }
    Admission::Refused(Refusal {
        code: if status == Status::OutsideContract {
            RefusalCode::OutsideContract
        } else {
            RefusalCode::NotCovered
        },
        question: None,
        reasons: verdict
            .coverage
            .reasons
            .iter()
            .filter(|r| matches!(r.effect, Effect2::Excludes | Effect2::Outside))
            .cloned()
            .collect(),
        change_request_offered: offered,
    })
}

/// The admission a requester gets by asking for what the verdict allows: free when
/// covered, else paid when a change request is offered — what a submit button files.
pub fn best(verdict: &Verdict) -> Admission {
    admit(verdict, !verdict.coverage.status.is_covered())
}
