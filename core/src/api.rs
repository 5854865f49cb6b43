//! String-in, value-out entry points shared by the `covered` command, the JS API and
//! the portal: each takes JSON text (ready for fuzzing) and never panics.

use crate::calendar::holidays::{FIRST_YEAR, LAST_YEAR, korean_public_holidays};
use crate::calendar::{Calendar, Pause, Trace, Zone};
use crate::contract::{DataSet, load::holidays as read_holidays, load::weekly_hours};
use crate::i18n::{Lang, Text};
use crate::json::{Ctx, idx, key};
use crate::problem::{Problem, Problems};
use crate::request::Request;
use crate::verdict::{Verdict, evaluate};
use jiff::civil::{Date, DateTime};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Checks a request (JSON text) under contract `contract_id` of `data` at `now`.
///
/// # Errors
///
/// An unknown contract, or every problem in the request.
pub fn check(
    data: &DataSet,
    contract_id: &str,
    request_json: &str,
    now: DateTime,
) -> Result<Verdict, Problems> {
    let Some(contract) = data.contract(contract_id) else {
        return Err(one(
            "request",
            "$",
            format!(
                "{contract_id:?} is not a contract (known: {})",
                data.contracts
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let zone = crate::contract::catalog_zone(&data.catalog);
    let request = Request::from_json(request_json, &data.catalog, &zone)?;
    evaluate(
        &data.catalog,
        contract,
        &request,
        data.history(contract_id),
        now,
    )
}

fn one(file: &str, path: &str, message: String) -> Problems {
    Problems(vec![Problem {
        file: file.to_owned(),
        path: path.to_owned(),
        message,
    }])
}

/// The answer of [`deadline`].
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineOutput {
    /// The due time, ISO-8601 with offset (when adding).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// The elapsed business minutes (when measuring).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    /// The steps of the clock.
    pub trace: Trace,
    /// The steps in words.
    pub text: Text,
}

/// Runs one clock given as JSON:
/// `{"calendar": C, "start": "2025-10-02T17:40:00", "minutes": N}` — or
/// `"business_days": N`, or `"end": "…"` for the elapsed business minutes — plus
/// optional `"pauses": [[from, to], …]`. `C` is an inline calendar
/// `{"timezone", "weekly", "holidays"}` or the id of a calendar in `data`.
///
/// # Errors
///
/// Every problem in the input, named by JSON path under the file name `input`.
pub fn deadline(input: &str, data: Option<&DataSet>) -> Result<DeadlineOutput, Problems> {
    let mut cx = Ctx::new("input");
    let out = cx.parse(input).and_then(|v| run_deadline(&mut cx, &v, data));
    match out {
        Some(o) if cx.problems.is_empty() => Ok(o),
        _ => Err(Problems(cx.problems)),
    }
}

fn run_deadline(cx: &mut Ctx, v: &Value, data: Option<&DataSet>) -> Option<DeadlineOutput> {
    let m = cx.object(
        v,
        "$",
        &["calendar", "start", "minutes", "business_days", "end", "pauses"],
    )?;
    let calendar = match cx.req(m, "$", "calendar")? {
        Value::String(id) => match data.and_then(|d| d.catalog.calendars.get(id)) {
            Some(c) => Some(c.calendar.clone()),
            None => {
                let known = data
                    .map(|d| {
                        d.catalog
                            .calendars
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                cx.err(
                    "$.calendar",
                    if data.is_some() {
                        format!("{id:?} is not a calendar of the data (known: {known})")
                    } else {
                        format!("{id:?} names a calendar, but no data directory was given (--data DIR)")
                    },
                );
                None
            }
        },
        other => inline_calendar(cx, other, "$.calendar"),
    };
    let zone = calendar.as_ref().map(|c| c.zone().clone()).unwrap_or_else(Zone::seoul);
    let at = |cx: &mut Ctx, v: &Value, path: &str| -> Option<DateTime> {
        let s = cx.str(v, path)?;
        match zone.parse_local(&s) {
            Ok(d) => Some(d),
            Err(e) => {
                cx.err(path, e.to_string());
                None
            }
        }
    };
    let start = cx.req(m, "$", "start").and_then(|s| at(cx, s, "$.start"));
    let mut pauses = Vec::new();
    for (i, pv) in cx.opt_array(m, "$", "pauses").iter().enumerate() {
        let p = idx("$.pauses", i);
        match cx.array(pv, &p) {
            Some([a, b]) => {
                let from = at(cx, a, &idx(&p, 0));
                let to = at(cx, b, &idx(&p, 1));
                if let (Some(from), Some(to)) = (from, to) {
                    match Pause::new(from, to) {
                        Ok(pause) => pauses.push(pause),
                        Err(e) => cx.err(&p, e.to_string()),
                    }
                }
            }
            Some(_) => cx.err(&p, "expected a pair [from, to]"),
            None => {}
        }
    }
    let modes: Vec<&str> = ["minutes", "business_days", "end"]
        .into_iter()
        .filter(|k| m.contains_key(*k))
        .collect();
    let [mode] = modes.as_slice() else {
        cx.err("$", "expected exactly one of `minutes`, `business_days` or `end`");
        return None;
    };
    let mode = *mode;
    let (calendar, start) = (calendar?, start?);
    let result = match mode {
        "minutes" | "business_days" => {
            let n = cx.req(m, "$", mode).and_then(|n| cx.count(n, &key("$", mode)))?;
            let r = if mode == "minutes" {
                calendar.add_minutes(start, i64::from(n), &pauses)
            } else {
                calendar.add_business_days(start, i64::from(n), &pauses)
            };
            r.map(|d| {
                let due = zone.format(d.due).unwrap_or_else(|_| d.due.to_string());
                (Some(due), None, d.trace)
            })
        }
        _ => {
            let end = cx.req(m, "$", "end").and_then(|e| at(cx, e, "$.end"))?;
            calendar
                .elapsed(start, end, &pauses)
                .map(|e| (None, Some(e.minutes), e.trace))
        }
    };
    match result {
        Ok((due, minutes, trace)) => Some(DeadlineOutput {
            due,
            minutes,
            text: Text::new(trace.render(Lang::Ko), trace.render(Lang::En)),
            trace,
        }),
        Err(e) => {
            cx.err("$", e.to_string());
            None
        }
    }
}

/// Reads an inline calendar `{"timezone", "weekly", "holidays"}`.
fn inline_calendar(cx: &mut Ctx, v: &Value, path: &str) -> Option<Calendar> {
    let m = cx.object(v, path, &["timezone", "weekly", "holidays"])?;
    let zone = match cx.opt_str(m, path, "timezone") {
        None => Some(Zone::seoul()),
        Some(z) => match Zone::parse(&z) {
            Ok(z) => Some(z),
            Err(e) => {
                cx.err(&key(path, "timezone"), e.to_string());
                None
            }
        },
    };
    let weekly = cx
        .req(m, path, "weekly")
        .and_then(|w| weekly_hours(cx, w, &key(path, "weekly")));
    let mut closed = BTreeMap::new();
    if let Some(h) = m.get("holidays") {
        read_holidays(cx, h, &key(path, "holidays"), &mut closed);
    }
    match Calendar::new(zone?, weekly?, closed) {
        Ok(c) => Some(c),
        Err(e) => {
            cx.err(path, e.to_string());
            None
        }
    }
}

/// One public holiday, for output.
#[derive(Debug, Clone, Serialize)]
pub struct HolidayOutput {
    /// The date.
    pub date: Date,
    /// The weekday (`Mon`…).
    pub weekday: &'static str,
    /// Korean name.
    pub name_ko: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Why it is a holiday.
    pub kind: crate::calendar::holidays::HolidayKind,
}

/// The Korean public holidays of `year`.
///
/// # Errors
///
/// When `year` is outside the built-in range.
pub fn holidays(year: i32) -> Result<Vec<HolidayOutput>, Problems> {
    let list = i16::try_from(year).ok().and_then(korean_public_holidays);
    match list {
        Some(list) => Ok(list
            .into_iter()
            .map(|h| HolidayOutput {
                date: h.date,
                weekday: weekday_short(h.date),
                name_ko: h.name_ko,
                name_en: h.name_en,
                kind: h.kind,
            })
            .collect()),
        None => Err(one(
            "input",
            "$.year",
            format!("{year} is outside the built-in years {FIRST_YEAR}–{LAST_YEAR}"),
        )),
    }
}

fn weekday_short(d: Date) -> &'static str {
    use jiff::civil::Weekday::*;
    match d.weekday() {
        Monday => "Mon",
        Tuesday => "Tue",
        Wednesday => "Wed",
        Thursday => "Thu",
        Friday => "Fri",
        Saturday => "Sat",
        Sunday => "Sun",
    }
}
