//! `notifications.json`: the vendor's notification policy (warning thresholds, who each
//! escalation step tells, which requests need an incident report and by when), checked
//! against the catalog's clocks, severities and steps.

use super::schema_version;
use crate::contract::Catalog;
use crate::contract::notify::{
    CloseUnanswered, IncidentReportPolicy, Notifications, Recipient, StepNotify,
};
use crate::json::{Ctx, idx, key, owned, show};
use crate::problem::{Code, Problems, Ref};
use serde_json::Value;

/// Reads the notification policy at `path` against `catalog`.
///
/// # Errors
///
/// Every problem in the file: syntax, unknown fields, thresholds that are not whole
/// percents rising from 1 to 100, clocks, severities or steps the catalog doesn't have,
/// recipients that are neither `customer`, `vendor` nor an address.
pub fn load_notifications_json(
    path: &str,
    text: &str,
    catalog: &Catalog,
) -> Result<Notifications, Problems> {
    let mut cx = Ctx::new(path);
    let read = cx.parse(text).and_then(|v| read(&mut cx, &v, catalog));
    match read {
        Some(n) if cx.problems.is_empty() => Ok(n),
        _ => Err(Problems(cx.problems)),
    }
}

fn read(cx: &mut Ctx, v: &Value, catalog: &Catalog) -> Option<Notifications> {
    let m = cx.object(
        v,
        "$",
        &[
            "schema_version",
            "warn_at",
            "clocks",
            "escalations",
            "incident_report",
            "close_unanswered",
        ],
    )?;
    schema_version(cx, m);
    let mut out = Notifications::default();
    if let Some(w) = m.get("warn_at") {
        out.warn_at = read_warn_at(cx, w, "$.warn_at").unwrap_or_default();
    }
    if let Some(v) = m.get("clocks") {
        let ids: Vec<&str> = catalog.clocks.iter().map(|c| c.id.as_str()).collect();
        if let Some(cm) = cx.object(v, "$.clocks", &ids) {
            for (id, c) in cm {
                let p = key("$.clocks", id);
                let Some(im) = cx.object(c, &p, &["warn_at"]) else {
                    continue;
                };
                if let Some(w) = cx.req(im, &p, "warn_at")
                    && let Some(w) = read_warn_at(cx, w, &key(&p, "warn_at"))
                {
                    out.clocks.insert(id.clone(), w);
                }
            }
        }
    }
    for (i, item) in cx.opt_array(m, "$", "escalations").iter().enumerate() {
        let p = idx("$.escalations", i);
        if let Some(s) = read_step(cx, item, &p, catalog) {
            if out
                .escalations
                .iter()
                .any(|e| e.severity == s.severity && e.step == s.step)
            {
                let id = format!("{} {}", s.severity, s.step);
                cx.report(&key(&p, "step"), Code::DuplicateId { id });
            } else {
                out.escalations.push(s);
            }
        }
    }
    if let Some(v) = m.get("incident_report") {
        out.incident_report = read_incident_report(cx, v, "$.incident_report", catalog);
    }
    if let Some(v) = m.get("close_unanswered") {
        out.close_unanswered = read_close(cx, v, "$.close_unanswered", catalog);
    }
    Some(out)
}

/// The longest `within_hours`: a year.
const MAX_REPORT_HOURS: u32 = 24 * 366;

/// `incident_report`: `{"severities": [...], "within_hours": n, "notify": [...]}`.
fn read_incident_report(
    cx: &mut Ctx,
    v: &Value,
    p: &str,
    catalog: &Catalog,
) -> Option<IncidentReportPolicy> {
    let m = cx.object(v, p, &["severities", "within_hours", "notify"])?;
    let at = key(p, "severities");
    let mut severities = Vec::new();
    let mut ok = true;
    if let Some(list) = cx.req_array(m, p, "severities") {
        if list.is_empty() {
            let known: Vec<String> = catalog
                .severities
                .iter()
                .map(|s| s.id.to_string())
                .collect();
            cx.report(&at, Code::AtLeastOneOf { fields: known });
            ok = false;
        }
        for (i, item) in list.iter().enumerate() {
            let ip = idx(&at, i);
            let Some(s) = cx.str(item, &ip) else {
                ok = false;
                continue;
            };
            if catalog.severity(&s).is_none() {
                let known = catalog
                    .severities
                    .iter()
                    .map(|s| s.id.to_string())
                    .collect();
                let (kind, id) = (Ref::Severity, s);
                cx.report(&ip, Code::UnknownRef { kind, id, known });
                ok = false;
            } else if severities.contains(&s) {
                cx.report(&ip, Code::DuplicateId { id: s });
                ok = false;
            } else {
                severities.push(s);
            }
        }
    } else {
        ok = false;
    }
    let hours = cx.req_count(m, p, "within_hours").and_then(|n| {
        if (1..=MAX_REPORT_HOURS).contains(&n) {
            return Some(n);
        }
        let code = Code::OutOfRange {
            value: n.into(),
            min: 1.into(),
            max: MAX_REPORT_HOURS.into(),
        };
        cx.report(&key(p, "within_hours"), code);
        None
    });
    let notify = cx
        .req(m, p, "notify")
        .and_then(|v| read_notify(cx, v, &key(p, "notify")));
    let (within_hours, notify) = (hours?, notify?);
    ok.then_some(IncidentReportPolicy {
        severities,
        within_hours,
        notify,
    })
}

/// `close_unanswered`: `{"from", "to", "after_days"}`, two statuses of the catalog's
/// lifecycle with a move between them, after at least one day.
fn read_close(cx: &mut Ctx, v: &Value, p: &str, catalog: &Catalog) -> Option<CloseUnanswered> {
    let m = cx.object(v, p, &["from", "to", "after_days"])?;
    let from = cx.req_str(m, p, "from");
    let to = cx.req_str(m, p, "to");
    let days = cx.req_count(m, p, "after_days");
    let known: Vec<String> = catalog
        .lifecycle
        .as_ref()
        .map(|lc| lc.statuses.iter().map(|s| s.id.to_string()).collect())
        .unwrap_or_default();
    let status = |cx: &mut Ctx, k: &str, id: Option<String>| {
        let id = id?;
        if known.contains(&id) {
            return Some(id);
        }
        let (kind, known) = (Ref::Status, known.clone());
        cx.report(&key(p, k), Code::UnknownRef { kind, id, known });
        None
    };
    let from = status(cx, "from", from);
    let to = status(cx, "to", to);
    let after_days = days.and_then(|d| {
        if d >= 1 {
            return Some(d);
        }
        let code = Code::BelowMinimum {
            value: d.into(),
            min: 1.into(),
        };
        cx.report(&key(p, "after_days"), code);
        None
    });
    let (from, to, after_days) = (from?, to?, after_days?);
    let moves: Vec<String> = catalog
        .lifecycle
        .iter()
        .flat_map(|lc| lc.moves.iter())
        .filter(|mv| mv.from == from)
        .map(|mv| mv.to.to_string())
        .collect();
    if !moves.contains(&to) {
        let code = Code::NotOneOf {
            value: show(&Value::from(to)),
            options: moves,
        };
        cx.report(&key(p, "to"), code);
        return None;
    }
    Some(CloseUnanswered {
        from,
        to,
        after_days,
    })
}

/// One `escalations` entry: `{"severity", "step", "notify"}`.
fn read_step(cx: &mut Ctx, item: &Value, p: &str, catalog: &Catalog) -> Option<StepNotify> {
    let em = cx.object(item, p, &["severity", "step", "notify"])?;
    let severity = cx.req_str(em, p, "severity").and_then(|s| {
        if catalog.severity(&s).is_some() {
            return Some(s);
        }
        let known = catalog
            .severities
            .iter()
            .map(|s| s.id.to_string())
            .collect();
        let (kind, id) = (Ref::Severity, s);
        cx.report(&key(p, "severity"), Code::UnknownRef { kind, id, known });
        None
    });
    let step = cx.req_count(em, p, "step");
    let notify = cx
        .req(em, p, "notify")
        .and_then(|v| read_notify(cx, v, &key(p, "notify")));
    let (severity, step, notify) = (severity?, step?, notify?);
    let steps = catalog
        .escalations
        .iter()
        .filter(|e| e.severity == severity.as_str())
        .count();
    let steps = u32::try_from(steps).unwrap_or(u32::MAX);
    if step < 1 || step > steps {
        let code = Code::OutOfRange {
            value: step.into(),
            min: 1.into(),
            max: steps.into(),
        };
        cx.report(&key(p, "step"), code);
        return None;
    }
    Some(StepNotify {
        severity,
        step,
        notify,
    })
}

/// Who is told: `customer`, `vendor` or an address, at least one.
fn read_notify(cx: &mut Ctx, v: &Value, at: &str) -> Option<Vec<Recipient>> {
    let list = cx.array(v, at)?;
    if list.is_empty() {
        let fields = owned(&["customer", "vendor"]);
        cx.report(at, Code::AtLeastOneOf { fields });
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, a) in list.iter().enumerate() {
        let p = idx(at, i);
        let Some(s) = cx.str(a, &p) else {
            ok = false;
            continue;
        };
        let r = match s.as_str() {
            "customer" => Recipient::Customer,
            "vendor" => Recipient::Vendor,
            s if is_address(s) => Recipient::Address(s.to_owned()),
            _ => {
                let options = owned(&["customer", "vendor", "name@example.com"]);
                cx.report(
                    &p,
                    Code::NotOneOf {
                        value: show(a),
                        options,
                    },
                );
                ok = false;
                continue;
            }
        };
        if !out.contains(&r) {
            out.push(r);
        }
    }
    ok.then_some(out)
}

/// `name@host`: one `@` with something on each side, no spaces.
fn is_address(s: &str) -> bool {
    match s.split_once('@') {
        Some((name, host)) => {
            !name.is_empty()
                && !host.is_empty()
                && !host.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Warning thresholds: percents of a clock's time elapsed, each 1 to 100, rising;
/// `None` (with a problem reported) when any is not.
fn read_warn_at(cx: &mut Ctx, v: &Value, path: &str) -> Option<Vec<u8>> {
    let items = cx.array(v, path)?;
    let mut out: Vec<u8> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let at = idx(path, i);
        let Some(n) = cx.count(item, &at) else {
            ok = false;
            continue;
        };
        let code = if n < 1 {
            Some(Code::BelowMinimum {
                value: n.into(),
                min: 1.into(),
            })
        } else if n > 100 {
            Some(Code::AboveMaximum {
                value: n.into(),
                max: 100.into(),
            })
        } else {
            out.last()
                .filter(|p| u32::from(**p) >= n)
                .map(|p| Code::NotIncreasing {
                    value: n.into(),
                    previous: (*p).into(),
                })
        };
        match (code, u8::try_from(n)) {
            (None, Ok(n)) => out.push(n),
            (Some(code), _) => {
                cx.report(&at, code);
                ok = false;
            }
            (None, Err(_)) => ok = false,
        }
    }
    ok.then_some(out)
}
