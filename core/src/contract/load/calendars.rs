//! Calendars: weekly hours, holidays and the vendor's closures.

use super::*;
use crate::calendar::holidays::all_korean_public_holidays;
use crate::calendar::{WeeklyHours, Window, Zone, parse_time_of_day};

/// `$.closures`: the vendor's own closing days, which calendars opt in to.
pub(super) fn read_closures(cx: &mut Ctx, m: Obj<'_>) -> Vec<(Date, Text)> {
    let mut closures: Vec<(Date, Text)> = Vec::new();
    for (i, c) in cx.opt_array(m, "$", "closures").iter().enumerate() {
        let p = idx("$.closures", i);
        if let Some(cm) = cx.object(c, &p, &["date", "name"]) {
            let d = cx.req_date(cm, &p, "date");
            let n = req_text(cx, cm, &p, "name");
            if let (Some(d), Some(n)) = (d, n) {
                closures.push((d, n));
            }
        }
    }
    closures
}

/// `$.calendars`, by id; `zone` is the catalog's, for calendars that name none.
pub(super) fn read_calendars(
    cx: &mut Ctx,
    m: Obj<'_>,
    zone: Option<&Zone>,
    closures: &[(Date, Text)],
) -> Map<Id, CalendarDef> {
    let mut calendars = Map::new();
    if let Some(cv) = cx.req(m, "$", "calendars") {
        for (id, p, item) in entries(cx, cv, "$.calendars") {
            if let Some(c) = read_calendar(cx, item, &p, &id, zone, closures) {
                calendars.insert(id, c);
            }
        }
    }
    calendars
}

fn read_calendar(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: &str,
    default_zone: Option<&Zone>,
    closures: &[(Date, Text)],
) -> Option<CalendarDef> {
    let m = cx.object(
        v,
        path,
        &["id", "name", "timezone", "weekly", "holidays", "closures"],
    )?;
    let name = req_text(cx, m, path, "name");
    let zone = match cx.opt_str(m, path, "timezone") {
        Some(z) => match Zone::parse(&z) {
            Ok(z) => Some(z),
            Err(e) => {
                cx.report(&key(path, "timezone"), Code::Calendar(e));
                None
            }
        },
        None => default_zone.cloned(),
    };
    let weekly = cx
        .req(m, path, "weekly")
        .and_then(|w| weekly_hours(cx, w, &key(path, "weekly")));
    let mut closed = Map::new();
    if let Some(h) = m.get("holidays") {
        holidays(cx, h, &key(path, "holidays"), &mut closed);
    }
    if cx.opt_bool(m, path, "closures", false) {
        for (d, n) in closures {
            closed.get_or_insert_with(*d, || n.clone());
        }
    }
    let (name, zone, weekly) = (name?, zone?, weekly?);
    match Calendar::new(zone, weekly, closed) {
        Ok(calendar) => Some(CalendarDef {
            id: id.to_owned(),
            name,
            calendar,
        }),
        Err(e) => {
            cx.report(path, Code::Calendar(e));
            None
        }
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Reads weekly hours: `"24x7"` or `{"mon": [["08:00","18:00"]], …, "sun": []}`.
pub(crate) fn weekly_hours(cx: &mut Ctx, v: &Value, path: &str) -> Option<WeeklyHours> {
    if let Value::String(s) = v {
        if s == "24x7" || s == "24×7" {
            return Some(WeeklyHours::always());
        }
        let code = Code::NotOneOf {
            value: s.clone(),
            options: vec!["24x7".to_owned()],
        };
        cx.report(path, code);
        return None;
    }
    let m = cx.object(v, path, &WEEKDAYS)?;
    let mut days: [Vec<Window>; 7] = Default::default();
    let mut ok = true;
    for (d, name) in WEEKDAYS.iter().enumerate() {
        let dp = key(path, name);
        let Some(list) = m.get(*name) else {
            let field = (*name).to_owned();
            cx.report(path, Code::MissingField { field });
            ok = false;
            continue;
        };
        let Some(items) = cx.array(list, &dp) else {
            ok = false;
            continue;
        };
        for (i, w) in items.iter().enumerate() {
            let wp = idx(&dp, i);
            let pair = cx.array(w, &wp);
            let parsed = match pair {
                Some([a, b]) => {
                    let a = cx.str(a, &idx(&wp, 0));
                    let b = cx.str(b, &idx(&wp, 1));
                    match (a, b) {
                        (Some(a), Some(b)) => match parse_time_of_day(&a)
                            .and_then(|o| parse_time_of_day(&b).and_then(|c| Window::new(o, c)))
                        {
                            Ok(w) => Some(w),
                            Err(e) => {
                                cx.report(&wp, Code::Calendar(e));
                                None
                            }
                        },
                        _ => None,
                    }
                }
                Some(_) => {
                    cx.expected(&wp, Expected::Pair, &Value::Null);
                    None
                }
                None => None,
            };
            match (parsed, days.get_mut(d)) {
                (Some(w), Some(day)) => day.push(w),
                _ => ok = false,
            }
        }
    }
    if !ok {
        return None;
    }
    match WeeklyHours::new(days) {
        Ok(w) => Some(w),
        Err(e) => {
            cx.report(path, Code::Calendar(e));
            None
        }
    }
}

/// Reads holidays: a list of dates used exactly as given, or
/// `{"builtin": "KR", "add": [{date, name}], "remove": [dates]}`.
pub(crate) fn holidays(cx: &mut Ctx, v: &Value, path: &str, closed: &mut Map<Date, Text>) {
    if let Value::Array(items) = v {
        for (i, item) in items.iter().enumerate() {
            let p = idx(path, i);
            match item {
                Value::String(_) => {
                    if let Some(d) = cx.date(item, &p) {
                        closed.insert(d, Text::same(""));
                    }
                }
                _ => {
                    if let Some(hm) = cx.object(item, &p, &["date", "name"]) {
                        let d = cx.req_date(hm, &p, "date");
                        let n = opt_text(cx, hm, &p, "name");
                        if let Some(d) = d {
                            closed.insert(d, n.unwrap_or_else(|| Text::same("")));
                        }
                    }
                }
            }
        }
        return;
    }
    let Some(m) = cx.object(v, path, &["builtin", "add", "remove"]) else {
        return;
    };
    if let Some(b) = m.get("builtin")
        && cx.one_of(b, &key(path, "builtin"), &["KR"]).is_some()
    {
        for h in all_korean_public_holidays() {
            closed.insert(h.date, Text::new(h.name_ko, h.name_en));
        }
    }
    for (i, item) in cx.opt_array(m, path, "add").iter().enumerate() {
        let p = idx(&key(path, "add"), i);
        if let Some(hm) = cx.object(item, &p, &["date", "name"]) {
            let d = cx.req_date(hm, &p, "date");
            let n = req_text(cx, hm, &p, "name");
            if let (Some(d), Some(n)) = (d, n) {
                closed.insert(d, n);
            }
        }
    }
    for (i, item) in cx.opt_array(m, path, "remove").iter().enumerate() {
        let p = idx(&key(path, "remove"), i);
        if let Some(d) = cx.date(item, &p)
            && closed.remove(&d).is_none()
        {
            let date = d.to_string();
            cx.report(&p, Code::NotAHoliday { date });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, catalog, loaded_catalog, patched, problems};
    use super::*;
    use serde_json::json;

    #[test]
    fn calendar_problems_name_the_day_or_holiday() {
        let table: [(&str, Option<Value>, &str, &str); 6] = [
            (
                "/calendars/0/weekly/mun",
                Some(json!([])),
                "$.calendars[0].weekly.mun",
                "unknown field",
            ),
            (
                "/calendars/0/weekly/sun",
                None,
                "$.calendars[0].weekly",
                "missing field `sun`",
            ),
            (
                "/calendars/0/weekly/mon/0",
                Some(json!(["09:00"])),
                "$.calendars[0].weekly.mon[0]",
                "expected a pair [from, to]",
            ),
            (
                "/calendars/0/weekly",
                Some(json!("24/7")),
                "$.calendars[0].weekly",
                "24/7 is not one of: 24x7",
            ),
            (
                "/calendars/0/holidays",
                Some(json!({"builtin": "KR", "remove": ["2026-03-03"]})),
                "$.calendars[0].holidays.remove[0]",
                "2026-03-03 is not a holiday of this calendar",
            ),
            (
                "/calendars/0/holidays/builtin",
                Some(json!("JP")),
                "$.calendars[0].holidays.builtin",
                "\"JP\" is not one of: KR",
            ),
        ];
        for (at, new, path, message) in table {
            let v = patched(catalog(), at, new);
            let got = problems(load_catalog_json("catalog.json", &v.to_string()));
            assert_problem(at, &got, path, message);
        }
        let bad_time = patched(
            catalog(),
            "/calendars/0/weekly/mon/0",
            Some(json!(["09:00", "25:00"])),
        );
        let got = problems(load_catalog_json("catalog.json", &bad_time.to_string()));
        assert!(
            got.iter()
                .any(|g| g.starts_with("$.calendars[0].weekly.mon[0]: ")),
            "{got:?}"
        );
    }

    #[test]
    fn holidays_and_closures_close_the_calendar() {
        let c = loaded_catalog();
        let office = c.calendars.get("office").map(|d| &d.calendar);
        let new_year = Date::new(2026, 1, 1).ok();
        let open_day = Date::new(2026, 1, 5).ok();
        let closed = |cal: Option<&Calendar>, d: Option<Date>| {
            cal.zip(d)
                .is_some_and(|(cal, d)| cal.closed().contains_key(&d))
        };
        assert!(closed(office, new_year));
        assert!(!closed(office, open_day));
        let with_closure = patched(
            patched(
                catalog(),
                "/closures",
                Some(json!([{"date": "2026-01-05", "name": "Stocktake"}])),
            ),
            "/calendars/0/closures",
            Some(json!(true)),
        );
        let loaded = load_catalog_json("catalog.json", &with_closure.to_string());
        let cal = loaded
            .as_ref()
            .ok()
            .and_then(|c| c.calendars.get("office"))
            .map(|d| &d.calendar);
        assert!(closed(cal, open_day));
    }
}
