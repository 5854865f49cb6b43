//! Closed days from iCalendar (RFC 5545) files, for the readers of data directories.
//!
//! A vendor that keeps its closures in a calendar app exports them as an `.ics` file and
//! names it in the catalog where a list of days goes: `"closures": "closures.ics"`, a
//! calendar's `"holidays": "holidays.ics"` or `"holidays": {"builtin": "KR", "add":
//! "extra.ics"}`. The engine (covered-core) reads lists of days only, and the portal's
//! wasm has no room for an iCalendar parser: [`resolve`] replaces each such name with
//! the list of days the file gives, in the catalog's own form, before the engine loads
//! it. `covered` does so when it reads a data directory (`covered validate`, `covered
//! serve`, whose `/api/dataset` then sends the resolved catalog), the site build does so
//! for the static portal, and [`resolve_in_place`] for a vendor's own static copy.
//!
//! What an event closes:
//! - an all-day event (`DTSTART;VALUE=DATE:20261231`): its days, from `DTSTART` to
//!   `DTEND` not included (RFC 5545 3.6.1), or `DURATION` (`P2D`, `P1W`), else the one day;
//! - a timed event from 00:00 to 00:00 (as some calendar apps write all-day events; in
//!   its own time zone): the days between;
//! - any other timed event is refused: a closed day is a whole day of the calendar, and
//!   closing the whole day for a closure of an afternoon would move deadlines later than
//!   the contract says; so is a time in UTC (`…Z`), which is not a calendar's day;
//! - a repeating event (`RRULE`, `RDATE`, `EXDATE`, `RECURRENCE-ID`) is refused: list
//!   each occurrence as an event of its own; a cancelled one (`STATUS:CANCELLED`) closes
//!   nothing.
//!
//! The event's `SUMMARY` is the day's name, its `DESCRIPTION` (if any) the English name
//! — as `covered holidays --ics` writes them, so that its files read back as they were.
//! Every problem names the file's line (counted before unfolding).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use icalendar::parser::Property;
use icalendar::{CalendarDateTime, DatePerhapsTime};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The most days one event may close: a longer closure is taken for a mistake (an
/// end in the wrong year).
pub const MAX_DAYS: i64 = 366;

/// One closed day, from the event at `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    /// The day.
    pub date: NaiveDate,
    /// The event's `SUMMARY`, trimmed; empty when it has none.
    pub name: String,
    /// The event's `DESCRIPTION`, trimmed, when it has one: the English name.
    pub english: Option<String>,
    /// The line of the event's `BEGIN:VEVENT`.
    pub line: usize,
}

/// What is wrong on a line of an iCalendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The line, from 1, in the file as written (folded lines count as written).
    pub line: usize,
    /// What is wrong and what was expected, lowercase, no trailing period (English).
    pub message: String,
}

/// A content line, unfolded: its text and the line it starts on.
struct Line {
    number: usize,
    text: String,
}

/// The content lines of `text`, unfolded (RFC 5545 3.1: a line break followed by a
/// space or a tab continues the line), each with the line it starts on.
fn unfold(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<Line> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some(last) = out.last_mut()
        {
            last.text.push_str(rest);
            continue;
        }
        out.push(Line {
            number: i + 1,
            text: raw.to_owned(),
        });
    }
    out
}

/// The days the events of the iCalendar file `text` close, in the file's order.
///
/// # Errors
///
/// Every line that is not iCalendar or gives an event that can't be read as closed
/// days (see the crate's documentation).
pub fn closed_days(text: &str) -> Result<Vec<ClosedDay>, Vec<LineError>> {
    let lines = unfold(text);
    let mut errors = Vec::new();
    let mut days = Vec::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut event: Vec<(usize, Property<'_>)> = Vec::new();
    let mut seen_calendar = false;
    for line in &lines {
        let err = |message: String| LineError {
            line: line.number,
            message,
        };
        if line.text.trim().is_empty() {
            continue;
        }
        let head = line.text.split_once(':');
        let component = head.and_then(|(name, value)| {
            let begin = name.trim().eq_ignore_ascii_case("BEGIN");
            let end = name.trim().eq_ignore_ascii_case("END");
            (begin || end).then(|| (begin, value.trim().to_ascii_uppercase()))
        });
        if !seen_calendar {
            if component != Some((true, "VCALENDAR".to_owned())) {
                errors.push(err(format!(
                    "not an iCalendar file: it starts with {:?}, not BEGIN:VCALENDAR",
                    short(&line.text)
                )));
                return Err(errors);
            }
            seen_calendar = true;
            open.push(("VCALENDAR".to_owned(), line.number));
            continue;
        }
        match component {
            Some((true, name)) => {
                if open.is_empty() {
                    errors.push(err(format!(
                        "BEGIN:{name} after the calendar's END:VCALENDAR"
                    )));
                    return Err(errors);
                }
                if name == "VEVENT" {
                    event.clear();
                }
                open.push((name, line.number));
            }
            Some((false, name)) => match open.pop() {
                Some((top, begun)) if top == name => {
                    if name == "VEVENT" {
                        if let Err(e) = read_event(begun, &event, &mut days) {
                            errors.extend(e);
                        }
                        event.clear();
                    }
                }
                Some((top, begun)) => {
                    errors.push(err(format!(
                        "END:{name} where BEGIN:{top} of line {begun} is still open"
                    )));
                    return Err(errors);
                }
                None => {
                    errors.push(err(format!(
                        "END:{name} after the calendar's END:VCALENDAR"
                    )));
                    return Err(errors);
                }
            },
            None => {
                if open.is_empty() {
                    errors.push(err(format!(
                        "{:?} after the calendar's END:VCALENDAR",
                        short(&line.text)
                    )));
                    return Err(errors);
                }
                if open.last().is_some_and(|(top, _)| top == "VEVENT") {
                    match Property::try_from(line.text.as_str()) {
                        Ok(p) if head.is_some() => event.push((line.number, p)),
                        _ => errors.push(err(format!(
                            "{:?} is not a content line NAME:VALUE",
                            short(&line.text)
                        ))),
                    }
                }
            }
        }
    }
    if let Some((name, begun)) = open.last() {
        errors.push(LineError {
            line: *begun,
            message: format!("BEGIN:{name} is never ended (END:{name})"),
        });
    }
    if !seen_calendar {
        errors.push(LineError {
            line: 1,
            message: "not an iCalendar file: it is empty".to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(days)
    } else {
        Err(errors)
    }
}

/// At most 60 characters of `s`, for a message.
fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s.to_owned()
    }
}

/// The days one event closes, or what is wrong with it.
fn read_event(
    begin: usize,
    props: &[(usize, Property<'_>)],
    days: &mut Vec<ClosedDay>,
) -> Result<(), Vec<LineError>> {
    let find = |name: &str| {
        props
            .iter()
            .find(|(_, p)| p.name.as_str().eq_ignore_ascii_case(name))
    };
    let fail = |line: usize, message: String| Err(vec![LineError { line, message }]);
    if find("STATUS").is_some_and(|(_, p)| p.val.as_str().trim().eq_ignore_ascii_case("CANCELLED"))
    {
        return Ok(());
    }
    for repeat in ["RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"] {
        if let Some((line, p)) = find(repeat) {
            return fail(
                *line,
                format!(
                    "{repeat} {:?}: repeating events are not read; give each closure as an event of its own",
                    short(p.val.as_str())
                ),
            );
        }
    }
    let Some((start_line, start)) = find("DTSTART") else {
        return fail(
            begin,
            "an event without DTSTART: a closure needs its first day".to_owned(),
        );
    };
    let start_line = *start_line;
    let (first, end, end_line) = match when(start).map_err(|e| at(start_line, e))? {
        When::Date(first) => match (find("DTEND"), find("DURATION")) {
            (Some((line, p)), _) => match when(p).map_err(|e| at(*line, e))? {
                When::Date(end) => (first, end, *line),
                _ => {
                    return fail(
                        *line,
                        format!(
                            "DTEND {:?}: a date-time, where DTSTART is a date: give both as dates",
                            p.val.as_str()
                        ),
                    );
                }
            },
            (None, Some((line, p))) => match whole_days(p.val.as_str()) {
                Some(n) => (first, first + chrono::Days::new(n), *line),
                None => {
                    return fail(
                        *line,
                        format!(
                            "DURATION {:?}: not a number of whole days (P1D, P2W)",
                            short(p.val.as_str())
                        ),
                    );
                }
            },
            (None, None) => (first, first + chrono::Days::new(1), start_line),
        },
        When::Local(from) => {
            let (until, end_line) = match (find("DTEND"), find("DURATION")) {
                (Some((line, p)), _) => match when(p).map_err(|e| at(*line, e))? {
                    When::Local(until) => (until, *line),
                    _ => {
                        return fail(
                            *line,
                            format!(
                                "DTEND {:?}: give it as DTSTART is, a local date-time",
                                p.val.as_str()
                            ),
                        );
                    }
                },
                (None, Some((line, p))) => match whole_days(p.val.as_str()) {
                    Some(n) => (from + chrono::Days::new(n), *line),
                    None => {
                        return fail(
                            *line,
                            format!(
                                "DURATION {:?}: a closure of part of a day; closed days are whole days: make it an all-day event",
                                short(p.val.as_str())
                            ),
                        );
                    }
                },
                (None, None) => {
                    return fail(
                        start_line,
                        format!(
                            "DTSTART {:?}: an event at a time, with no end; closed days are whole days: make it an all-day event",
                            start.val.as_str()
                        ),
                    );
                }
            };
            if from.time() != chrono::NaiveTime::MIN {
                return fail(
                    start_line,
                    format!(
                        "DTSTART {:?}: a closure from {}; closed days are whole days: make it an all-day event",
                        start.val.as_str(),
                        hh_mm(from)
                    ),
                );
            }
            if until.time() != chrono::NaiveTime::MIN {
                return fail(
                    end_line,
                    format!(
                        "DTEND {:?}: a closure until {}; closed days are whole days: make it an all-day event",
                        props
                            .iter()
                            .find(|(l, _)| *l == end_line)
                            .map_or("", |(_, p)| p.val.as_str()),
                        hh_mm(until)
                    ),
                );
            }
            (from.date(), until.date(), end_line)
        }
    };
    let length = (end - first).num_days();
    if length < 1 {
        return fail(
            end_line,
            format!("the event ends on {end}, not after it starts ({first})"),
        );
    }
    if length > MAX_DAYS {
        return fail(
            end_line,
            format!(
                "the event closes {length} days, more than {MAX_DAYS}: is its end in the wrong year?"
            ),
        );
    }
    if first.year() < 1 || end.year() > 9999 {
        return fail(
            start_line,
            format!("the event's days ({first} to {end}) are outside the years 1 to 9999"),
        );
    }
    let text = |name: &str| {
        find(name)
            .map(|(_, p)| p.val.as_str().trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let name = text("SUMMARY").unwrap_or_default();
    let english = text("DESCRIPTION");
    days.extend(
        first
            .iter_days()
            .take_while(|d| *d < end)
            .map(|date| ClosedDay {
                date,
                name: name.clone(),
                english: english.clone(),
                line: begin,
            }),
    );
    Ok(())
}

/// `HH:MM` of a date-time.
fn hh_mm(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A one-line error at `line`.
fn at(line: usize, message: String) -> Vec<LineError> {
    vec![LineError { line, message }]
}

/// A `DTSTART` or `DTEND`: a date, or a date-time as written (floating or in its `TZID`).
enum When {
    Date(NaiveDate),
    Local(NaiveDateTime),
}

/// The value of a `DTSTART` or `DTEND` property, with its line as the error's.
fn when(p: &Property<'_>) -> Result<When, String> {
    let name = p.name.as_str().to_ascii_uppercase();
    let value = p.val.as_str();
    match DatePerhapsTime::try_from(p) {
        Ok(DatePerhapsTime::Date(d)) => Ok(When::Date(d)),
        Ok(DatePerhapsTime::DateTime(CalendarDateTime::Floating(t))) => Ok(When::Local(t)),
        Ok(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. })) => {
            Ok(When::Local(date_time))
        }
        Ok(DatePerhapsTime::DateTime(CalendarDateTime::Utc(_))) => Err(format!(
            "{name} {value:?}: a time in UTC, not a day of the calendar; closed days are whole days: make it an all-day event"
        )),
        Err(_) => Err(format!(
            "{name} {:?}: not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)",
            short(value)
        )),
    }
}

/// `P<n>D` or `P<n>W` (RFC 5545 3.3.6, the forms a date's duration takes) in days;
/// `None` for a duration with hours, minutes or seconds, or not a duration.
fn whole_days(s: &str) -> Option<u64> {
    let s = s.trim();
    let s = s.strip_prefix('+').unwrap_or(s);
    let rest = s.strip_prefix('P')?;
    let (n, unit) = rest.split_at(rest.len().checked_sub(1)?);
    let n: u64 = n.parse().ok()?;
    match unit {
        "D" => Some(n),
        "W" => n.checked_mul(7),
        _ => None,
    }
}

/// Where a catalog may name an iCalendar file, and whether a day there needs a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// `$.closures` and a calendar's `holidays.add`: `[{"date", "name"}]`.
    Named,
    /// A calendar's `holidays` as a list: `[{"date", "name"?}]`.
    Plain,
}

/// What [`resolve`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The catalog `file` names, at the JSON path `path`, the iCalendar file `name`
    /// that the data directory does not have.
    Missing {
        /// The catalog's file name.
        file: String,
        /// The JSON path of the name.
        path: String,
        /// The file named.
        name: String,
    },
    /// A line of the iCalendar file `file`.
    Line {
        /// The iCalendar file.
        file: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong (English).
        message: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing { file, path, name } => {
                write!(f, "{file}: {path}: names \"{name}\", which does not exist")
            }
            Problem::Line {
                file,
                line,
                message,
            } => write!(f, "{file}: line {line}: {message}"),
        }
    }
}

/// A catalog with its references to iCalendar files resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The catalog's file name and its new text, when it named any iCalendar file.
    pub catalog: Option<(String, String)>,
    /// Every problem, in the order found; each reference with a problem is replaced by
    /// no days, so that the engine reports nothing more about it.
    pub problems: Vec<Problem>,
}

/// Whether `v` is a string naming an iCalendar file (`….ics`).
fn ics_name(v: &Value) -> Option<String> {
    v.as_str()
        .filter(|s| {
            Path::new(s)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ics"))
        })
        .map(str::to_owned)
}

/// The data directory's catalog with each iCalendar file it names (`$.closures`, a
/// calendar's `holidays` and `holidays.add`) replaced by the days it lists:
/// `[{"date": "2026-12-31", "name": {"ko": SUMMARY, "en": DESCRIPTION}}]`, the name a
/// plain string when the event has no description. `file` gives a file's text by its
/// path relative to the data directory (`index.json` names the catalog). A directory
/// without a readable `index.json` or catalog is left alone (the engine says why).
pub fn resolve<'a>(file: impl Fn(&str) -> Option<&'a str>) -> Resolved {
    let mut out = Resolved::default();
    let Some(catalog_name) = file("index.json")
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .and_then(|index| index.get("catalog")?.as_str().map(str::to_owned))
    else {
        return out;
    };
    let Some(mut catalog) = file(&catalog_name).and_then(|t| serde_json::from_str::<Value>(t).ok())
    else {
        return out;
    };
    let mut read: BTreeMap<String, Option<Vec<ClosedDay>>> = BTreeMap::new();
    let mut changed = false;
    let mut replace = |slot: &mut Value, path: String, kind: Slot, out: &mut Resolved| {
        let Some(name) = ics_name(slot) else {
            return;
        };
        changed = true;
        let days = read
            .entry(name.clone())
            .or_insert_with(|| match file(&name) {
                None => {
                    out.problems.push(Problem::Missing {
                        file: catalog_name.clone(),
                        path,
                        name: name.clone(),
                    });
                    None
                }
                Some(text) => match closed_days(text) {
                    Ok(days) => Some(days),
                    Err(errors) => {
                        out.problems
                            .extend(errors.into_iter().map(|e| Problem::Line {
                                file: name.clone(),
                                line: e.line,
                                message: e.message,
                            }));
                        None
                    }
                },
            });
        let mut list = Vec::new();
        for d in days.iter().flatten() {
            if d.name.is_empty() && kind == Slot::Named {
                out.problems.push(Problem::Line {
                    file: name.clone(),
                    line: d.line,
                    message: "an event without a SUMMARY: a closure needs a name".to_owned(),
                });
                list.clear();
                break;
            }
            list.push(day_json(d));
        }
        *slot = Value::Array(list);
    };
    if let Some(slot) = catalog.get_mut("closures") {
        replace(slot, "$.closures".to_owned(), Slot::Named, &mut out);
    }
    if let Some(calendars) = catalog.get_mut("calendars").and_then(Value::as_array_mut) {
        for (i, cal) in calendars.iter_mut().enumerate() {
            let Some(holidays) = cal.get_mut("holidays") else {
                continue;
            };
            let path = format!("$.calendars[{i}].holidays");
            if holidays.is_string() {
                replace(holidays, path, Slot::Plain, &mut out);
            } else if let Some(add) = holidays.get_mut("add") {
                replace(add, format!("{path}.add"), Slot::Named, &mut out);
            }
        }
    }
    if changed {
        let text = serde_json::to_string_pretty(&catalog).unwrap_or_default();
        out.catalog = Some((catalog_name, text + "\n"));
    }
    out
}

/// One day in the catalog's form.
fn day_json(d: &ClosedDay) -> Value {
    let date = d.date.format("%Y-%m-%d").to_string();
    match (&d.english, d.name.is_empty()) {
        (_, true) => json!({ "date": date }),
        (None, false) => json!({"date": date, "name": d.name}),
        (Some(en), false) => json!({"date": date, "name": {"ko": d.name, "en": en}}),
    }
}

/// Resolves the data directory `dir` where it lies (a copy of it, as the site build's
/// `data/` or a vendor's static site): its catalog rewritten with the days of the
/// iCalendar files it names (see [`resolve`]); the files themselves stay. Returns
/// whether the catalog named any.
///
/// # Errors
///
/// A file that can't be read or written, and every [`Problem`], one a line.
pub fn resolve_in_place(dir: &Path) -> Result<bool, String> {
    let mut texts = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", d.display()))?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().map(|e| e.to_ascii_lowercase());
            if ext.as_ref().is_some_and(|e| e == "json" || e == "ics") {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                texts.insert(rel, text);
            }
        }
    }
    let resolved = resolve(|name| texts.get(name).map(String::as_str));
    if !resolved.problems.is_empty() {
        let lines: Vec<String> = resolved.problems.iter().map(ToString::to_string).collect();
        return Err(format!("{}:\n{}", dir.display(), lines.join("\n")));
    }
    match resolved.catalog {
        None => Ok(false),
        Some((name, text)) => {
            let path = dir.join(&name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn cal(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    fn dates(days: &[ClosedDay]) -> Vec<String> {
        days.iter().map(|d| d.date.to_string()).collect()
    }

    fn errors(text: &str) -> Vec<String> {
        closed_days(text)
            .unwrap_err()
            .iter()
            .map(|e| format!("line {}: {}", e.line, e.message))
            .collect()
    }

    #[test]
    fn an_all_day_event_closes_its_days_to_the_exclusive_end() {
        let text = cal(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261230\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:연말 휴무\r\nDESCRIPTION:Year-end closure\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260511\r\nSUMMARY:창립기념일\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260601\r\nDURATION:P2D\r\nSUMMARY:워크숍\r\nEND:VEVENT\r\n",
        );
        let days = closed_days(&text).unwrap();
        assert_eq!(
            dates(&days),
            [
                "2026-12-30",
                "2026-12-31",
                "2027-01-01",
                "2026-05-11",
                "2026-06-01",
                "2026-06-02"
            ]
        );
        assert_eq!(days[0].name, "연말 휴무");
        assert_eq!(days[0].english.as_deref(), Some("Year-end closure"));
        assert_eq!(days[0].line, 4);
        assert_eq!(days[3].english, None);
    }

    #[test]
    fn a_timed_event_from_midnight_to_midnight_closes_the_days_between() {
        let text = cal(
            "BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Seoul:20261231T000000\r\nDTEND;TZID=Asia/Seoul:20270101T000000\r\nSUMMARY:종무식\r\nEND:VEVENT\r\n",
        );
        assert_eq!(dates(&closed_days(&text).unwrap()), ["2026-12-31"]);
    }

    #[test]
    fn a_closure_of_part_of_a_day_is_refused_on_its_line() {
        let text = cal(
            "BEGIN:VEVENT\r\nSUMMARY:종무식\r\nDTSTART:20261231T140000\r\nDTEND:20261231T180000\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            errors(&text),
            [
                "line 6: DTSTART \"20261231T140000\": a closure from 14:00; closed days are whole days: make it an all-day event"
            ]
        );
        let text = cal(
            "BEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:20261231T000000\r\nDTEND:20261231T120000\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            errors(&text),
            [
                "line 7: DTEND \"20261231T120000\": a closure until 12:00; closed days are whole days: make it an all-day event"
            ]
        );
        let text = cal(
            "BEGIN:VEVENT\r\nSUMMARY:x\r\nDTSTART:20261231T000000Z\r\nDTEND:20270101T000000Z\r\nEND:VEVENT\r\n",
        );
        assert!(
            errors(&text)[0].starts_with("line 6: DTSTART \"20261231T000000Z\": a time in UTC")
        );
    }

    #[test]
    fn problems_name_the_line_as_written_before_unfolding() {
        // The SUMMARY folded over two lines: the DTSTART after it is line 8.
        let text = cal(
            "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:a long\r\n  name\r\nDTSTART;VALUE=DATE:20261301\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            errors(&text),
            [
                "line 8: DTSTART \"20261301\": not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)"
            ]
        );
        let ok = cal(
            "BEGIN:VEVENT\r\nSUMMARY:a long\r\n  name\r\nDTSTART;VALUE=DATE:20261201\r\nEND:VEVENT\r\n",
        );
        assert_eq!(closed_days(&ok).unwrap()[0].name, "a long name");
    }

    #[test]
    fn what_is_not_read_says_so() {
        let text = cal(
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260511\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:창립기념일\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            errors(&text),
            [
                "line 6: RRULE \"FREQ=YEARLY\": repeating events are not read; give each closure as an event of its own"
            ]
        );
        let text = cal("BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n");
        assert_eq!(
            errors(&text),
            ["line 4: an event without DTSTART: a closure needs its first day"]
        );
        let text = cal(
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20261231\r\nEND:VEVENT\r\n",
        );
        assert_eq!(
            errors(&text),
            ["line 6: the event ends on 2026-12-31, not after it starts (2026-12-31)"]
        );
        let text = cal(
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20281231\r\nEND:VEVENT\r\n",
        );
        assert!(errors(&text)[0].starts_with("line 6: the event closes 731 days"));
        assert_eq!(
            errors("hello\r\n"),
            ["line 1: not an iCalendar file: it starts with \"hello\", not BEGIN:VCALENDAR"]
        );
        assert_eq!(
            errors("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\n"),
            ["line 2: BEGIN:VEVENT is never ended (END:VEVENT)"]
        );
        assert_eq!(
            errors("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n"),
            ["line 3: END:VCALENDAR where BEGIN:VEVENT of line 2 is still open"]
        );
    }

    #[test]
    fn names_are_read_unescaped_and_lf_only_files_read_too() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n\
                    SUMMARY:신정\\, 휴무\\; 전체\nDESCRIPTION:New Year\\, closed\nEND:VEVENT\nEND:VCALENDAR\n";
        let days = closed_days(text).unwrap();
        assert_eq!(days[0].name, "신정, 휴무; 전체");
        assert_eq!(days[0].english.as_deref(), Some("New Year, closed"));
    }

    #[test]
    fn a_cancelled_event_closes_nothing() {
        let text = cal(
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        );
        assert!(closed_days(&text).unwrap().is_empty());
    }

    fn catalog(closures: Value, holidays: Value) -> String {
        json!({"timezone": "Asia/Seoul", "closures": closures,
               "calendars": [{"id": "office", "holidays": holidays, "closures": true}]})
        .to_string()
    }

    #[test]
    fn resolve_replaces_each_named_file_with_its_days() {
        let ics = cal(
            "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\nSUMMARY:종무식\r\nDESCRIPTION:Closing ceremony\r\nEND:VEVENT\r\n",
        );
        let plain = cal("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n");
        let index = r#"{"catalog": "catalog.json"}"#.to_owned();
        let files: BTreeMap<&str, String> = [
            ("index.json", index),
            (
                "catalog.json",
                catalog(json!("c.ics"), json!({"builtin": "KR", "add": "c.ics"})),
            ),
            ("c.ics", ics),
            ("p.ics", plain),
        ]
        .into();
        let r = resolve(|n| files.get(n).map(String::as_str));
        assert_eq!(r.problems, []);
        let (name, text) = r.catalog.unwrap();
        assert_eq!(name, "catalog.json");
        let v: Value = serde_json::from_str(&text).unwrap();
        let day =
            json!([{"date": "2026-12-31", "name": {"ko": "종무식", "en": "Closing ceremony"}}]);
        assert_eq!(v["closures"], day);
        assert_eq!(v["calendars"][0]["holidays"]["add"], day);
        assert_eq!(v["calendars"][0]["holidays"]["builtin"], "KR");

        let mut files = files;
        files.insert("catalog.json", catalog(json!([]), json!("p.ics")));
        let r = resolve(|n| files.get(n).map(String::as_str));
        let v: Value = serde_json::from_str(&r.catalog.unwrap().1).unwrap();
        assert_eq!(
            v["calendars"][0]["holidays"],
            json!([{"date": "2026-01-01"}])
        );
        // A closure needs a name; a file that is not there is named where it is named.
        files.insert("catalog.json", catalog(json!("p.ics"), json!("gone.ics")));
        let r = resolve(|n| files.get(n).map(String::as_str));
        let got: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "p.ics: line 4: an event without a SUMMARY: a closure needs a name",
                "catalog.json: $.calendars[0].holidays: names \"gone.ics\", which does not exist"
            ]
        );
        let v: Value = serde_json::from_str(&r.catalog.unwrap().1).unwrap();
        assert_eq!(v["closures"], json!([]));
        // Nothing named: the catalog is left as it is.
        files.insert("catalog.json", catalog(json!([]), json!([])));
        assert_eq!(
            resolve(|n| files.get(n).map(String::as_str)),
            Resolved::default()
        );
    }
}
