//! `$.clocks` and `$.lifecycle`: the SLA clocks, what stops each, and what happens to a
//! request after it is filed.

use super::{entries, opt_text, req_text, written_ids};
use crate::contract::{ClockDef, ClockStop, RequestStatus};
use crate::json::{Ctx, Obj, idx, key, owned};
use crate::lifecycle::{Actor, Clocks, Lifecycle, Move, SatisfactionRule, StatusDef};
use crate::map::Set;
use crate::problem::{Code, Ref};
use serde_json::Value;

/// `$.clocks`: each clock's id, name and what stops it (`stops`: `first_reply` or
/// `resolution`, the default).
pub(super) fn read_clocks(cx: &mut Ctx, m: Obj<'_>) -> Vec<ClockDef> {
    let mut out = Vec::new();
    let Some(v) = cx.req(m, "$", "clocks") else {
        return out;
    };
    for (id, p, item) in entries(cx, v, "$.clocks") {
        let Some(im) = cx.object(item, &p, &["id", "name", "stops"]) else {
            continue;
        };
        let name = req_text(cx, im, &p, "name");
        let stops = match im.get("stops") {
            None => Some(ClockStop::Resolution),
            Some(s) => cx
                .one_of(s, &key(&p, "stops"), &["first_reply", "resolution"])
                .map(|s| {
                    if s == "first_reply" {
                        ClockStop::FirstReply
                    } else {
                        ClockStop::Resolution
                    }
                }),
        };
        if let (Some(name), Some(stops)) = (name, stops) {
            out.push(ClockDef { id, name, stops });
        }
    }
    out
}

const KINDS: [&str; 4] = ["open", "completed", "cancelled", "refused"];

fn kind(s: &str) -> RequestStatus {
    match s {
        "completed" => RequestStatus::Completed,
        "cancelled" => RequestStatus::Cancelled,
        "refused" => RequestStatus::Refused,
        _ => RequestStatus::Open,
    }
}

fn read_status(cx: &mut Ctx, id: String, p: &str, v: &Value) -> Option<StatusDef> {
    let sm = cx.object(v, p, &["id", "name", "clocks", "kind"])?;
    let name = req_text(cx, sm, p, "name");
    let clocks = cx
        .req(sm, p, "clocks")
        .and_then(|c| cx.one_of(c, &key(p, "clocks"), &["run", "pause", "stop"]))
        .map(|c| match c.as_str() {
            "pause" => Clocks::Pause,
            "stop" => Clocks::Stop,
            _ => Clocks::Run,
        });
    let kind = cx
        .req(sm, p, "kind")
        .and_then(|k| cx.one_of(k, &key(p, "kind"), &KINDS))
        .map(|k| kind(&k));
    Some(StatusDef {
        id,
        name: name?,
        clocks: clocks?,
        kind: kind?,
    })
}

/// A move between two of `statuses`; a status in `written` that failed to read
/// passes without a problem and without a value.
fn read_move(
    cx: &mut Ctx,
    v: &Value,
    p: &str,
    statuses: &[StatusDef],
    written: &Set<String>,
) -> Option<Move> {
    let mm = cx.object(
        v,
        p,
        &["from", "to", "by", "name", "reopen", "note_required"],
    )?;
    let status = |cx: &mut Ctx, k: &str| {
        let s = cx.req_str(mm, p, k)?;
        if statuses.iter().any(|d| d.id == s) {
            Some(s)
        } else if written.contains(s.as_str()) {
            None
        } else {
            cx.unknown(&key(p, k), Ref::Status, &s, statuses.iter().map(|d| &d.id));
            None
        }
    };
    let from = status(cx, "from");
    let to = status(cx, "to");
    let mut by = Vec::new();
    if let Some(list) = cx.req_array(mm, p, "by") {
        let at = key(p, "by");
        for (i, a) in list.iter().enumerate() {
            match cx
                .one_of(a, &idx(&at, i), &["customer", "vendor"])
                .as_deref()
            {
                Some("customer") => by.push(Actor::Customer),
                Some(_) => by.push(Actor::Vendor),
                None => {}
            }
        }
        if list.is_empty() {
            let fields = owned(&["customer", "vendor"]);
            cx.report(&at, Code::AtLeastOneOf { fields });
        }
    }
    let name = opt_text(cx, mm, p, "name");
    let reopen = cx.opt_bool(mm, p, "reopen", false);
    let note_required = cx.opt_bool(mm, p, "note_required", false);
    if let (Some(f), Some(t)) = (&from, &to)
        && f == t
    {
        let status = f.clone();
        cx.report(&key(p, "to"), Code::MoveToItself { status });
        return None;
    }
    Some(Move {
        from: from?,
        to: to?,
        by,
        name,
        reopen,
        note_required,
    })
}

fn read_satisfaction(cx: &mut Ctx, lm: Obj<'_>) -> Option<SatisfactionRule> {
    let at = "$.lifecycle.satisfaction";
    let sm = cx.req(lm, "$.lifecycle", "satisfaction")?;
    let sm = cx.object(sm, at, &["scale", "complaint_at_or_below"])?;
    let scale = cx.req_count(sm, at, "scale")?;
    let low = cx.req_count(sm, at, "complaint_at_or_below")?;
    if !(2..=10).contains(&scale) {
        let code = Code::OutOfRange {
            value: scale.into(),
            min: 2.into(),
            max: 10.into(),
        };
        cx.report(&key(at, "scale"), code);
        return None;
    }
    if low >= scale {
        let code = Code::NotBelow {
            value: low.into(),
            bound: scale.into(),
        };
        cx.report(&key(at, "complaint_at_or_below"), code);
        return None;
    }
    Some(SatisfactionRule {
        scale: u8::try_from(scale).ok()?,
        complaint_at_or_below: u8::try_from(low).ok()?,
    })
}

/// `$.lifecycle`, when the catalog has one.
pub(super) fn read_lifecycle(cx: &mut Ctx, m: Obj<'_>) -> Option<Lifecycle> {
    let at = "$.lifecycle";
    let v = m.get("lifecycle")?;
    let lm = cx.object(
        v,
        at,
        &[
            "statuses",
            "initial",
            "moves",
            "rework_within_days",
            "satisfaction",
        ],
    )?;
    let mut statuses = Vec::new();
    let written = written_ids(lm.get("statuses"));
    if let Some(sv) = cx.req(lm, at, "statuses") {
        for (id, p, item) in entries(cx, sv, &key(at, "statuses")) {
            statuses.extend(read_status(cx, id, &p, item));
        }
    }
    let initial = cx.req_str(lm, at, "initial").and_then(|s| {
        let known = statuses.iter().find(|d| d.id == s);
        match known {
            Some(d) if d.kind == RequestStatus::Open => Some(s),
            Some(_) => {
                let options = statuses
                    .iter()
                    .filter(|d| d.kind == RequestStatus::Open)
                    .map(|d| d.id.clone())
                    .collect();
                cx.report(&key(at, "initial"), Code::NotOneOf { value: s, options });
                None
            }
            None if written.contains(s.as_str()) => None,
            None => {
                let known = statuses.iter().map(|d| &d.id);
                cx.unknown(&key(at, "initial"), Ref::Status, &s, known);
                None
            }
        }
    });
    let moves_at = key(at, "moves");
    let mut moves: Vec<Move> = Vec::new();
    for (i, mv) in cx.opt_array(lm, at, "moves").iter().enumerate() {
        let p = idx(&moves_at, i);
        if let Some(mv) = read_move(cx, mv, &p, &statuses, &written) {
            if moves.iter().any(|m| m.from == mv.from && m.to == mv.to) {
                let id = format!("{} → {}", mv.from, mv.to);
                cx.report(&p, Code::DuplicateId { id });
                continue;
            }
            moves.push(mv);
        }
    }
    let rework_within_days = cx.opt_count(lm, at, "rework_within_days");
    let satisfaction = read_satisfaction(cx, lm);
    Some(Lifecycle {
        statuses,
        initial: initial?,
        moves,
        rework_within_days,
        satisfaction: satisfaction?,
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lifecycle(v: Value) -> (Option<Lifecycle>, Vec<String>) {
        let mut cx = Ctx::new("catalog.json");
        let doc = json!({ "lifecycle": v });
        let m = doc.as_object().expect("object");
        let lc = read_lifecycle(&mut cx, m);
        let problems = cx
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        (lc, problems)
    }

    fn statuses() -> Value {
        json!([
            {"id": "received", "name": {"ko": "접수", "en": "Received"}, "clocks": "run", "kind": "open"},
            {"id": "waiting", "name": {"ko": "고객 확인 대기", "en": "Waiting"}, "clocks": "pause", "kind": "open"},
            {"id": "resolved", "name": {"ko": "해결", "en": "Resolved"}, "clocks": "stop", "kind": "completed"}
        ])
    }

    #[test]
    fn reads_a_lifecycle_and_reports_what_is_wrong() {
        let ok = json!({
            "statuses": statuses(), "initial": "received",
            "moves": [{"from": "received", "to": "waiting", "by": ["vendor"], "note_required": true},
                      {"from": "resolved", "to": "received", "by": ["customer", "vendor"], "reopen": true}],
            "rework_within_days": 14,
            "satisfaction": {"scale": 5, "complaint_at_or_below": 2}
        });
        let (lc, problems) = lifecycle(ok);
        assert_eq!(problems, Vec::<String>::new());
        let lc = lc.expect("read");
        assert_eq!(lc.statuses[1].clocks, Clocks::Pause);
        assert!(lc.moves[0].note_required && lc.moves[1].reopen);
        assert_eq!(lc.moves[1].by, vec![Actor::Customer, Actor::Vendor]);
        assert_eq!(lc.rework_within_days, Some(14));

        let cases: &[(Value, &str)] = &[
            (
                json!({"statuses": statuses(), "initial": "new", "moves": [],
                       "satisfaction": {"scale": 5, "complaint_at_or_below": 2}}),
                "$.lifecycle.initial: \"new\" is not a status of the lifecycle (known: received, waiting, resolved)",
            ),
            (
                json!({"statuses": statuses(), "initial": "resolved", "moves": [],
                       "satisfaction": {"scale": 5, "complaint_at_or_below": 2}}),
                "$.lifecycle.initial: resolved is not one of: received, waiting",
            ),
            (
                json!({"statuses": statuses(), "initial": "received",
                       "moves": [{"from": "received", "to": "done", "by": ["vendor"]}],
                       "satisfaction": {"scale": 5, "complaint_at_or_below": 2}}),
                "$.lifecycle.moves[0].to: \"done\" is not a status of the lifecycle (known: received, waiting, resolved)",
            ),
            (
                json!({"statuses": statuses(), "initial": "received",
                       "moves": [{"from": "received", "to": "waiting", "by": ["staff"]}],
                       "satisfaction": {"scale": 5, "complaint_at_or_below": 2}}),
                "$.lifecycle.moves[0].by[0]",
            ),
            (
                json!({"statuses": statuses(), "initial": "received", "moves": [],
                       "satisfaction": {"scale": 5, "complaint_at_or_below": 5}}),
                "$.lifecycle.satisfaction.complaint_at_or_below: 5 is not below 5",
            ),
            (
                json!({"statuses": [{"id": "x", "name": "X", "clocks": "walk", "kind": "open"}],
                       "initial": "x", "moves": [], "satisfaction": {"scale": 5, "complaint_at_or_below": 1}}),
                "$.lifecycle.statuses[0].clocks",
            ),
        ];
        for (input, expected) in cases {
            let (_, problems) = lifecycle(input.clone());
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{input}: expected {expected:?}, got {problems:?}"
            );
        }
    }

    #[test]
    fn a_status_that_fails_to_read_is_not_blamed_again_where_it_is_named() {
        let mut broken = statuses();
        broken[1]["clocks"] = json!("walk");
        // Case, the statuses, the status the move goes to, every problem expected.
        let cases: [(&str, Value, &str, Vec<&str>); 2] = [
            (
                "a broken status",
                broken,
                "waiting",
                vec!["$.lifecycle.statuses[1].clocks: \"walk\" is not one of: run, pause, stop"],
            ),
            (
                "a misspelt status",
                statuses(),
                "waitng",
                vec![
                    "$.lifecycle.moves[0].to: \"waitng\" is not a status of the lifecycle \
                     (known: received, waiting, resolved)",
                ],
            ),
        ];
        for (case, statuses, to, expected) in cases {
            let (_, problems) = lifecycle(json!({
                "statuses": statuses, "initial": "waiting",
                "moves": [{"from": "received", "to": to, "by": ["vendor"]}],
                "satisfaction": {"scale": 5, "complaint_at_or_below": 2}}));
            assert_eq!(problems, expected, "{case}");
        }
    }

    #[test]
    fn clocks_say_what_stops_them() {
        let mut cx = Ctx::new("catalog.json");
        let doc = json!({"clocks": [
            {"id": "response", "name": {"ko": "응답", "en": "Response"}, "stops": "first_reply"},
            {"id": "restore", "name": {"ko": "복구", "en": "Restore"}},
            {"id": "fix", "name": "Fix", "stops": "never"}
        ]});
        let clocks = read_clocks(&mut cx, doc.as_object().expect("object"));
        let stops: Vec<(&str, ClockStop)> =
            clocks.iter().map(|c| (c.id.as_str(), c.stops)).collect();
        assert_eq!(
            stops,
            vec![
                ("response", ClockStop::FirstReply),
                ("restore", ClockStop::Resolution)
            ]
        );
        assert_eq!(cx.problems.len(), 1);
        assert_eq!(cx.problems[0].path, "$.clocks[2].stops");
    }
}
