//! The whole answer to one request: coverage, quota, severity, deadlines and
//! escalations, in one value that the UI, the CLI and the JS API all read.

use crate::calendar::CalendarError;
use crate::civil::DateTime;
use crate::contract::lifecycle::Actor;
use crate::contract::{Catalog, Contract, DataSet, Id, PastRequest, RequestKind};
use crate::coverage::{self, Alternative, Coverage, Status};
use crate::problem::{Code, Problem, Problems};
use crate::quota::{self, QuotaLine};
use crate::request::Request;
use crate::severity::{self, SeverityAnswer};
use crate::sla::{self, DeadlineAnswer, EscalationAnswer};
use crate::words::{self, Param};
use serde::Serialize;

/// The answer to "is this covered, how many are left, how severe, by when?".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verdict {
    /// Contract id.
    pub contract: Id,
    /// Contract version it was computed under.
    pub contract_version: String,
    /// Catalog version it was computed under.
    pub catalog_version: String,
    /// When it was computed (local time).
    pub now: DateTime,
    /// When it was computed, ISO-8601 with the catalog zone's offset.
    pub now_at: String,
    /// When the request was received (local time).
    pub received: DateTime,
    /// When the request was received, ISO-8601 with the catalog zone's offset.
    pub received_at: String,
    /// Coverage.
    pub coverage: Coverage,
    /// The request category's quota line, when limited.
    pub quota: Option<QuotaLine>,
    /// Every limited category's quota.
    pub quotas: Vec<QuotaLine>,
    /// Severity.
    pub severity: Option<SeverityAnswer>,
    /// Deadlines (empty when outside the contract).
    pub deadlines: Vec<DeadlineAnswer>,
    /// Deadlines under the temporary upgrade, when it is offered.
    pub upgraded_deadlines: Vec<DeadlineAnswer>,
    /// Escalation steps for the severity.
    pub escalations: Vec<EscalationAnswer>,
    /// Required questions not answered yet (a question for the vendor's staff only is
    /// answered by them once the request is filed: never missing).
    pub missing_answers: Vec<Id>,
    /// The category's questions to show now, in order: those without a
    /// `shown_when`, and those whose `shown_when` holds for the answers so far.
    /// [`Verdict::questions_shown_to`] leaves out those a customer is not asked.
    pub visible_questions: Vec<Id>,
}

impl Verdict {
    /// The questions to show `who` now, in order: the visible questions `who` is asked
    /// (a customer is not shown those for the vendor's staff only).
    pub fn questions_shown_to(&self, catalog: &Catalog, who: Actor) -> Vec<Id> {
        self.visible_questions
            .iter()
            .filter(|q| catalog.question(q).is_some_and(|qd| qd.asked_of(who)))
            .cloned()
            .collect()
    }
}

fn calendar_problem(e: &CalendarError) -> Problems {
    let code = crate::problem::Code::Calendar(e.clone());
    Problems(vec![Problem::new("request", "$.received", code)])
}

/// Evaluates `request` under `contract` with its `history`, at `now` (local time).
///
/// # Errors
///
/// Only for input that can't be judged: a category the catalog lacks, or a clock that
/// can't run (a calendar with no business time, a date out of range). "Not covered"
/// is a value, not an error.
pub fn evaluate(
    catalog: &Catalog,
    contract: &Contract,
    request: &Request,
    history: &[PastRequest],
    now: DateTime,
) -> Result<Verdict, Problems> {
    evaluate_of(catalog, contract, request, history, now)
}

/// [`evaluate`] with the quotas counted by `history`: a history as it is, or natively
/// its [`quota::QuotaIndex`] (the same verdict).
///
/// # Errors
///
/// As for [`evaluate`].
pub fn evaluate_of<H: quota::Counts + ?Sized>(
    catalog: &Catalog,
    contract: &Contract,
    request: &Request,
    history: &H,
    now: DateTime,
) -> Result<Verdict, Problems> {
    let Some(category) = catalog.category(&request.category) else {
        return Err(Problems(vec![Problem::new(
            "request",
            "$.category",
            Code::UnknownCategory {
                category: request.category.clone(),
                known: catalog.categories.iter().map(|c| c.id.clone()).collect(),
            },
        )]));
    };
    let Some(tier) = catalog.tier(&contract.tier) else {
        return Err(Problems(vec![Problem::new(
            contract.id.clone(),
            "$.tier",
            Code::UnknownTier {
                tier: contract.tier.clone(),
            },
        )]));
    };
    let received = request.received.unwrap_or(now);
    let today = received.date();
    let quotas = quota::quota_status_of(catalog, contract, history, today);
    let quota = quotas.iter().find(|q| q.category == category.id).cloned();
    let coverage = coverage::judge(catalog, contract, category, request, today, quota.as_ref());
    let mut coverage = coverage;
    let severity = severity::classify(catalog, category, request);
    // The questions shown, and of them those required of the customer and not
    // answered yet (a question for the vendor's staff only is never missing).
    let mut visible_questions = Vec::new();
    let mut missing_answers = Vec::new();
    for q in &category.questions {
        let Some(qd) = catalog.question(q) else {
            continue;
        };
        if qd
            .shown_when
            .as_ref()
            .is_none_or(|c| request.holds(c, catalog))
        {
            if qd.required && !qd.vendor_only && !request.answers.contains_key(q) {
                missing_answers.push(q.clone());
            }
            visible_questions.push(q.clone());
        }
    }

    let mut deadlines = Vec::new();
    let mut upgraded_deadlines = Vec::new();
    let mut escalations = Vec::new();
    if coverage.status != Status::OutsideContract
        && let Some(sev) = &severity
    {
        deadlines = sla::deadlines(catalog, tier, &sev.id, received, &request.pauses, None)
            .map_err(|e| calendar_problem(&e))?;
        escalations = sla::escalations(catalog, tier, &sev.id, received, &request.pauses)
            .map_err(|e| calendar_problem(&e))?;
        // An urgent incident outside a Bronze or Silver window: offer the temporary
        // around-the-clock upgrade and show what it would change.
        let outside_window = catalog
            .calendars
            .get(&tier.calendar)
            .is_some_and(|c| !c.calendar.is_open(received));
        if let Some(up) = &tier.temporary_upgrade
            && category.kind == RequestKind::Incident
            && sev.urgent
            && outside_window
        {
            upgraded_deadlines = sla::deadlines(
                catalog,
                tier,
                &sev.id,
                received,
                &request.pauses,
                Some(&up.calendar),
            )
            .map_err(|e| calendar_problem(&e))?;
            let cal_name = catalog
                .calendars
                .get(&up.calendar)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            coverage.alternatives.push(Alternative::TemporaryUpgrade {
                calendar: up.calendar.clone(),
                hourly: up.hourly,
                text: words::text(
                    "temporary_upgrade",
                    &[
                        (
                            "hourly",
                            Param::Str(&crate::money::group_thousands(up.hourly)),
                        ),
                        ("calendar_name", Param::Name(&cal_name)),
                    ],
                ),
            });
        }
    }
    let zone = crate::contract::catalog_zone(catalog);
    let with_offset = |t: DateTime| zone.format(t).unwrap_or_else(|_| t.to_string());
    Ok(Verdict {
        contract: contract.id.clone(),
        contract_version: contract.version.clone(),
        catalog_version: catalog.version.clone(),
        now,
        now_at: with_offset(now),
        received,
        received_at: with_offset(received),
        coverage,
        quota,
        quotas,
        severity,
        deadlines,
        upgraded_deadlines,
        escalations,
        missing_answers,
        visible_questions,
    })
}

/// The result of running one example case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseResult {
    /// Case name.
    pub name: String,
    /// Where it is (file and path).
    pub origin: String,
    /// What differed from the expectation (empty = passed).
    pub failures: Vec<String>,
}

impl CaseResult {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every example case of a data set.
pub fn run_cases(data: &DataSet) -> Vec<CaseResult> {
    data.cases
        .iter()
        .map(|case| {
            let mut failures = Vec::new();
            match data.contract(&case.contract) {
                None => failures.push(format!("no contract {:?}", case.contract)),
                Some(contract) => {
                    let zone = crate::contract::catalog_zone(&data.catalog);
                    match Request::from_value(&case.request, &data.catalog, &zone) {
                        Err(p) => failures.extend(p.0.iter().map(|p| p.to_string())),
                        Ok(req) => match evaluate(
                            &data.catalog,
                            contract,
                            &req,
                            data.history(&contract.id),
                            case.now,
                        ) {
                            Err(p) => failures.extend(p.0.iter().map(|p| p.to_string())),
                            Ok(v) => compare(&v, &case.expect, &zone, &mut failures),
                        },
                    }
                }
            }
            CaseResult {
                name: case.name.clone(),
                origin: case.origin.clone(),
                failures,
            }
        })
        .collect()
}

fn compare(
    v: &Verdict,
    expect: &serde_json::Value,
    zone: &crate::calendar::Zone,
    failures: &mut Vec<String>,
) {
    let Some(m) = expect.as_object() else {
        failures.push("`expect` must be an object".to_owned());
        return;
    };
    for (k, want) in m {
        match k.as_str() {
            "coverage" => {
                let got = serde_json::to_value(v.coverage.status).unwrap_or_default();
                if &got != want {
                    failures.push(format!("coverage: expected {want}, got {got}"));
                }
            }
            "clauses" => {
                for c in want.as_array().map(Vec::as_slice).unwrap_or(&[]) {
                    let c = c.as_str().unwrap_or_default();
                    let found = v.coverage.reasons.iter().any(|r| {
                        r.clause.as_deref() == Some(c)
                            && matches!(
                                r.effect,
                                coverage::Effect2::Excludes
                                    | coverage::Effect2::Outside
                                    | coverage::Effect2::Selective
                            )
                    });
                    if !found {
                        failures.push(format!(
                            "clauses: expected a deciding reason citing {c:?}, got {:?}",
                            v.coverage
                                .reasons
                                .iter()
                                .filter_map(|r| r.clause.clone())
                                .collect::<Vec<_>>()
                        ));
                    }
                }
            }
            "alternatives" => {
                let got: Vec<&str> = v.coverage.alternatives.iter().map(Alternative::kind).collect();
                let want: Vec<&str> = want
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                if got != want {
                    failures.push(format!("alternatives: expected {want:?}, got {got:?}"));
                }
            }
            "severity" => {
                let got = v.severity.as_ref().map(|s| s.id.as_str());
                if got != want.as_str() {
                    failures.push(format!("severity: expected {want}, got {got:?}"));
                }
            }
            "remaining" => {
                for (cat, n) in want.as_object().into_iter().flatten() {
                    let got = v.quotas.iter().find(|q| q.category == *cat).map(|q| q.remaining);
                    if got.map(u64::from) != n.as_u64() {
                        failures.push(format!("remaining {cat}: expected {n}, got {got:?}"));
                    }
                }
            }
            "due" => {
                for (clock, when) in want.as_object().into_iter().flatten() {
                    let got = v.deadlines.iter().find(|d| d.clock == *clock).map(|d| d.due);
                    let want_dt = when.as_str().and_then(|s| zone.parse_local(s).ok());
                    if got != want_dt || want_dt.is_none() {
                        failures.push(format!(
                            "due {clock}: expected {when}, got {}",
                            got.and_then(|d| zone.format(d).ok()).unwrap_or_else(|| "none".to_owned())
                        ));
                    }
                }
            }
            other => failures.push(format!(
                "unknown expectation `{other}` (expected coverage, clauses, alternatives, severity, remaining, due)"
            )),
        }
    }
}
