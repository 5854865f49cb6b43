//! The catalog's `credit_schedules`: bands of availability with their credit, what
//! triggers a credit, the caps and what the credit is a percentage of.

use super::rules::Written;
use super::*;

/// `$.credit_schedules` (optional).
pub(super) fn read_credit_schedules(
    cx: &mut Ctx,
    m: Obj<'_>,
    sev_ids: &[String],
    clocks: &[ClockDef],
    written: &Written,
) -> Vec<CreditSchedule> {
    let mut credit_schedules = Vec::new();
    if let Some(sv) = m.get("credit_schedules") {
        for (id, p, item) in entries(cx, sv, "$.credit_schedules") {
            if let Some(s) = read_credit_schedule(cx, item, &p, id, (sev_ids, clocks), written) {
                credit_schedules.push(s);
            }
        }
    }
    credit_schedules
}

/// A percentage between 0 and 100 inclusive.
fn percent(cx: &mut Ctx, m: Obj<'_>, path: &str, k: &str, required: bool) -> Option<Decimal> {
    let d = if required {
        cx.req_decimal(m, path, k)
    } else {
        cx.opt_decimal(m, path, k)
    }?;
    if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
        let code = Code::OutOfRange {
            value: d,
            min: Decimal::ZERO,
            max: Decimal::ONE_HUNDRED,
        };
        cx.report(&key(path, k), code);
        return None;
    }
    Some(d)
}

fn read_credit_schedule(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: Id,
    (severities, clocks): (&[String], &[ClockDef]),
    written: &Written,
) -> Option<CreditSchedule> {
    let m = cx.object(
        v,
        path,
        &["id", "name", "source", "basis", "bands", "triggers", "caps"],
    )?;
    let name = req_text(cx, m, path, "name");
    let source = cx.opt_str(m, path, "source");
    let basis = read_credit_basis(cx, m, path);
    let bands = read_bands(cx, m, path);
    let triggers = match m.get("triggers") {
        Some(tv) => read_triggers(
            cx,
            tv,
            &key(path, "triggers"),
            (severities, clocks),
            written,
        ),
        None => Vec::new(),
    };
    let caps = match m.get("caps") {
        None | Some(Value::Null) => Some(CreditCaps::default()),
        Some(cv) => {
            let cp = key(path, "caps");
            cx.object(cv, &cp, &["per_month", "per_contract_year"])
                .map(|cm| CreditCaps {
                    per_month: percent(cx, cm, &cp, "per_month", false),
                    per_contract_year: percent(cx, cm, &cp, "per_contract_year", false),
                })
        }
    };
    if bands.is_empty()
        && triggers.is_empty()
        && !m.contains_key("bands")
        && !m.contains_key("triggers")
    {
        let fields = owned(&["bands", "triggers"]);
        cx.report(path, Code::AtLeastOneOf { fields });
    }
    Some(CreditSchedule {
        id,
        name: name?,
        source,
        basis: basis?,
        bands,
        triggers,
        caps: caps?,
    })
}

/// A schedule's `basis`: what its percentages are of.
fn read_credit_basis(cx: &mut Ctx, m: Obj<'_>, path: &str) -> Option<CreditBasis> {
    cx.req(m, path, "basis")
        .and_then(|b| {
            cx.one_of(
                b,
                &key(path, "basis"),
                &["monthly_fee", "three_month_average_fee"],
            )
        })
        .map(|b| {
            if b == "three_month_average_fee" {
                CreditBasis::ThreeMonthAverageFee
            } else {
                CreditBasis::MonthlyFee
            }
        })
}

/// A schedule's availability `bands`, each with at least one edge and none
/// overlapping another.
fn read_bands(cx: &mut Ctx, m: Obj<'_>, path: &str) -> Vec<CreditBand> {
    let mut bands: Vec<(String, CreditBand)> = Vec::new();
    let bp = key(path, "bands");
    for (i, item) in cx.opt_array(m, path, "bands").iter().enumerate() {
        let p = idx(&bp, i);
        let Some(bm) = cx.object(item, &p, &["at_least", "below", "percent"]) else {
            continue;
        };
        let at_least = percent(cx, bm, &p, "at_least", false);
        let below = percent(cx, bm, &p, "below", false);
        let pct = percent(cx, bm, &p, "percent", true);
        if at_least.is_none()
            && below.is_none()
            && !bm.contains_key("at_least")
            && !bm.contains_key("below")
        {
            let fields = owned(&["at_least", "below"]);
            cx.report(&p, Code::AtLeastOneOf { fields });
            continue;
        }
        if let (Some(lo), Some(hi)) = (at_least, below)
            && lo >= hi
        {
            let code = Code::NotBelow {
                value: lo,
                bound: hi,
            };
            cx.report(&key(&p, "at_least"), code);
            continue;
        }
        let Some(pct) = pct else { continue };
        let band = CreditBand {
            at_least,
            below,
            percent: pct,
        };
        for (op, other) in &bands {
            let lo = match (band.at_least, other.at_least) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            let hi = match (band.below, other.below) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if lo.zip(hi).is_none_or(|(lo, hi)| lo < hi) {
                let other = op.clone();
                cx.report(&p, Code::OverlapsBand { other });
            }
        }
        bands.push((p, band));
    }
    bands.into_iter().map(|(_, b)| b).collect()
}

/// A schedule's special `triggers`, at `tp`.
fn read_triggers(
    cx: &mut Ctx,
    tv: &Value,
    tp: &str,
    (severities, clocks): (&[String], &[ClockDef]),
    written: &Written,
) -> Vec<CreditTrigger> {
    let mut triggers = Vec::new();
    for (tid, p, item) in entries(cx, tv, tp) {
        let Some(tm) = cx.object(
            item,
            &p,
            &["id", "name", "severities", "clock", "percent", "per"],
        ) else {
            continue;
        };
        let tname = req_text(cx, tm, &p, "name");
        let sevs = tm.get("severities").map(|sv| {
            ids_in(
                cx,
                sv,
                &key(&p, "severities"),
                severities.iter().map(String::as_str),
                &written.severities,
                Ref::Severity,
            )
        });
        if sevs.is_none() {
            let field = "severities".to_owned();
            cx.report(&p, Code::MissingField { field });
        }
        let clock = cx.req(tm, &p, "clock").and_then(|c| {
            let ids: Vec<&str> = clocks.iter().map(|c| c.id.as_str()).collect();
            one_of_written(cx, c, &key(&p, "clock"), &ids, &written.clocks)
        });
        let pct = percent(cx, tm, &p, "percent", true);
        let per = cx
            .req(tm, &p, "per")
            .and_then(|x| cx.one_of(x, &key(&p, "per"), &["occurrence", "month"]))
            .map(|x| {
                if x == "month" {
                    TriggerPer::Month
                } else {
                    TriggerPer::Occurrence
                }
            });
        if let (Some(name), Some(severities), Some(clock), Some(percent), Some(per)) =
            (tname, sevs, clock, pct, per)
        {
            triggers.push(CreditTrigger {
                id: tid,
                name,
                severities,
                clock,
                percent,
                per,
            });
        }
    }
    triggers
}
