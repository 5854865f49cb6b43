//! iCalendar (RFC 5545) output for calendar apps, written with the `icalendar` crate:
//! closed days as all-day events.

use covered_core::civil::Date;
use icalendar::{Calendar, Component, Event, EventLike};

/// `days` (date, Korean name, English name) as an iCalendar file: one all-day event a
/// day, its Korean name the summary and its English name the description, with a UID
/// stable across runs (the date and the calendar), so that importing it again updates
/// the events rather than doubling them. `calendar` is the data's calendar (id, name),
/// if the days are one calendar's.
pub fn closed_days(calendar: Option<(&str, &str)>, days: &[(Date, String, String)]) -> String {
    let mut cal = Calendar::new();
    if let Some((_, name)) = calendar {
        cal.name(name);
    }
    let scope = calendar.map_or("kr-public", |(id, _)| id);
    for (date, ko, en) in days {
        let Some(mut event) = all_day(*date) else {
            continue;
        };
        let event = event
            .uid(&format!("{date}-{scope}@covered"))
            .summary(ko)
            .description(en)
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

/// An all-day event on `date`: from the day to the next, the end not included (RFC 5545
/// 3.6.1); `None` for a date chrono can't hold.
pub fn all_day(date: Date) -> Option<Event> {
    let day = chrono::NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    )?;
    let next = day.succ_opt().unwrap_or(day);
    Some(Event::new().starts(day).ends(next).done())
}

/// An event at the instant `unix_ms` (written in UTC, `…Z`), with no length: a due time.
pub fn at_instant(unix_ms: i64) -> Option<Event> {
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(unix_ms)?;
    Some(Event::new().starts(t).done())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_day_is_one_all_day_event_with_a_stable_uid() {
        let d = covered_core::civil::date(2026, 9, 24);
        let text = closed_days(None, &[(d, "추석".to_owned(), "Chuseok".to_owned())]);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.contains("DTSTART;VALUE=DATE:20260924\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20260925\r\n"), "{text}");
        assert!(text.contains("SUMMARY:추석\r\n"), "{text}");
        assert!(
            text.contains("UID:2026-09-24-kr-public@covered\r\n"),
            "{text}"
        );
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }
}
