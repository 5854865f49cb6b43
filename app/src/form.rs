//! The request being written (on the self-check and the wizard) and its live verdict.

use covered_core::contract::DataSet;
use covered_core::contract::lifecycle::Actor;
use covered_core::filing::Filing;
use covered_core::map::Map;
use covered_core::problem::{Problem, Problems};
use covered_core::submission::{check_with_submissions, request_json};
use covered_core::verdict::Verdict;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::state::{Load, Portal};

/// A request as typed so far; also the saved draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub contract: String,
    pub branch: String,
    pub product: String,
    pub version: String,
    pub category: String,
    pub answers: Map<String, Value>,
    pub requester: String,
    pub title: String,
    pub details: String,
    pub wanted_by: String,
    pub step: u8,
    /// The idempotency key of a submission sent to the server and not yet answered: a
    /// retry sends the same key, so the server files it once.
    pub pending_key: String,
}

impl Draft {
    /// The request as filed from this draft, `paid` as admitted.
    pub fn filing(&self, paid: bool) -> Filing {
        Filing {
            contract: self.contract.clone(),
            branch: Some(self.branch.clone()).filter(|b| !b.is_empty()),
            product: self.product.clone(),
            version: self.version.clone(),
            category: self.category.clone(),
            answers: self.answers.clone(),
            requester: self.requester.clone(),
            title: self.title.clone(),
            details: self.details.clone(),
            wanted_by: self.wanted_by.parse().ok(),
            paid,
        }
    }

    /// The request JSON the engine reads.
    pub fn request_json(&self) -> String {
        request_json(
            Some(&self.branch),
            &self.product,
            &self.version,
            &self.category,
            &self.answers,
        )
    }

    /// The draft of the next request after this one is submitted: the same contract,
    /// branch and requester, everything else fresh.
    pub fn next(&self, data: &DataSet) -> Draft {
        let mut fresh = Draft {
            contract: self.contract.clone(),
            branch: self.branch.clone(),
            requester: self.requester.clone(),
            ..Draft::default()
        };
        fresh.fill_defaults(data);
        fresh
    }

    /// Fills empty choices with the data's first options (first contract, its first
    /// branch and installed product, the first category).
    pub fn fill_defaults(&mut self, data: &DataSet) {
        let contract = data
            .contract(&self.contract)
            .or_else(|| data.contracts.first());
        let Some(contract) = contract else { return };
        self.contract = contract.id.clone();
        if contract.branch(&self.branch).is_none() {
            self.branch = contract
                .branches
                .first()
                .map(|b| b.id.clone())
                .unwrap_or_default();
        }
        if self.product.is_empty()
            && let Some(p) = contract.products.first()
        {
            self.product = p.product.clone();
            self.version = p.version.clone();
        }
        if data.catalog.category(&self.category).is_none() {
            self.category = data
                .catalog
                .categories
                .first()
                .map(|c| c.id.clone())
                .unwrap_or_default();
        }
    }
}

/// A verdict computed for the form, and how long it took.
#[derive(Clone, Debug)]
pub struct Live {
    pub verdict: Result<Verdict, Problems>,
    /// Microseconds: whole numbers, so that the page never formats a float (which would
    /// bring Rust's float printing and its tables into the first load).
    pub micros: u64,
    /// The questions whose answers the engine refused (a number out of range, …).
    pub refused: Vec<String>,
    /// The verdict without the refused answers: which questions the form shows while
    /// an answer is being corrected, so that no question disappears under the cursor.
    without_refused: Option<Verdict>,
    /// The questions shown to the person: a customer (or anyone not logged in as the
    /// vendor's staff) is not shown those for the vendor's staff only.
    shown: Vec<String>,
}

impl Live {
    /// The question ids the form shows (to whom covered-core says).
    pub fn visible_questions(&self) -> Vec<String> {
        self.shown.clone()
    }

    /// The required questions still without a usable answer (a refused answer counts).
    pub fn missing_answers(&self) -> Vec<String> {
        let mut missing = self
            .usable()
            .map(|v| v.missing_answers.clone())
            .unwrap_or_default();
        for q in &self.refused {
            if !missing.contains(q) {
                missing.push(q.clone());
            }
        }
        missing
    }

    /// Whether every problem is a refused answer (said beside its question).
    pub fn only_refused_answers(&self) -> bool {
        match &self.verdict {
            Ok(_) => false,
            Err(p) => !self.refused.is_empty() && p.0.iter().all(|q| q.question.is_some()),
        }
    }

    fn usable(&self) -> Option<&Verdict> {
        self.verdict.as_ref().ok().or(self.without_refused.as_ref())
    }
    /// The recompute time in milliseconds, as `0.125`.
    pub fn millis_text(&self) -> String {
        format!("{}.{:03}", self.micros / 1000, self.micros % 1000)
    }
}

/// What the form's questions take from the live verdict.
#[derive(Clone, Copy, Debug)]
pub struct Questions {
    /// The question ids to show now.
    pub visible: Signal<Vec<String>>,
    /// The required questions still without a usable answer.
    pub missing: Signal<Vec<String>>,
    /// The questions whose answers the engine refused (said beside them).
    pub refused: Signal<Vec<String>>,
    /// The engine's problems with the answers, each naming its question.
    pub problems: Signal<Vec<Problem>>,
    /// Whether the person tried to go on (every unanswered question is marked from then
    /// on; before, only those they have left).
    pub tried: RwSignal<bool>,
    /// The request type whose questions are drawn: set by the type's select only, so
    /// that the questions are drawn again for a new type and never while answering.
    pub category: RwSignal<String>,
    /// The ids of the question fields the person has left.
    pub left: RwSignal<Vec<String>>,
}

impl Questions {
    /// Follows `live`, the verdict of `draft`.
    pub fn of(live: Memo<Option<Live>>, draft: RwSignal<Draft>) -> Self {
        let from = move |f: fn(&Live) -> Vec<String>| {
            Signal::derive(move || live.with(|l| l.as_ref().map(f).unwrap_or_default()))
        };
        Questions {
            visible: from(Live::visible_questions),
            missing: from(Live::missing_answers),
            refused: from(|l| l.refused.clone()),
            problems: Signal::derive(move || {
                live.with(|l| match l.as_ref().map(|l| &l.verdict) {
                    Some(Err(p)) => {
                        p.0.iter()
                            .filter(|q| q.question.is_some())
                            .cloned()
                            .collect()
                    }
                    _ => Vec::new(),
                })
            }),
            tried: RwSignal::new(false),
            category: RwSignal::new(draft.with_untracked(|d| d.category.clone())),
            left: RwSignal::new(Vec::new()),
        }
    }
}

/// Recomputes the verdict whenever the draft, the data or the submissions change.
pub fn live_verdict(portal: Portal, draft: RwSignal<Draft>) -> Memo<Option<Live>> {
    Memo::new_with_compare(
        move |_| {
            let Load::Ready(data) = portal.data.get() else {
                return None;
            };
            let d = draft.get();
            if d.contract.is_empty() {
                return None;
            }
            let subs = portal.submissions.get();
            let perf = window().performance();
            let t0 = perf.as_ref().map_or(0.0, web_sys::Performance::now);
            let now = portal.now(&data);
            let verdict = check_with_submissions(&data, &d.contract, &d.request_json(), &subs, now);
            let millis = perf.as_ref().map_or(0.0, web_sys::Performance::now) - t0;
            let mut refused: Vec<String> = Vec::new();
            if let Err(p) = &verdict {
                for q in p.0.iter().filter_map(|q| q.question.as_ref()) {
                    if !refused.contains(q) {
                        refused.push(q.clone());
                    }
                }
            }
            let without_refused = (!refused.is_empty())
                .then(|| {
                    let mut rest = d.clone();
                    rest.answers.retain(|k, _| !refused.contains(k));
                    check_with_submissions(&data, &d.contract, &rest.request_json(), &subs, now)
                        .ok()
                })
                .flatten();
            // Saturating: a negative or non-finite time reads as 0.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let micros = (millis * 1000.0) as u64;
            let who = if portal.session().is_some_and(|s| s.role == "vendor") {
                Actor::Vendor
            } else {
                Actor::Customer
            };
            let shown = verdict
                .as_ref()
                .ok()
                .or(without_refused.as_ref())
                .map(|v| v.questions_shown_to(&data.catalog, who))
                .unwrap_or_default();
            Some(Live {
                verdict,
                micros,
                refused,
                without_refused,
                shown,
            })
        },
        |_, _| true,
    )
}
