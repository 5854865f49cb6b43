//! Local civil time as whole minutes on a line, so the clock can do plain integer
//! arithmetic: day numbers count days from 1970-01-01, minutes count minutes from its
//! midnight.

use crate::civil::{Date, DateTime, Time};

/// The first date the clock accepts.
pub const MIN_DATE: Date = crate::civil::date(1900, 1, 1);
/// The last date the clock accepts or returns; a clock that would run past it is an
/// error.
pub const MAX_DATE: Date = crate::civil::date(2200, 12, 31);

pub(crate) const DAY: i64 = 1440;
pub(crate) const WEEK: i64 = 7 * DAY;

/// Day number of [`MIN_DATE`].
pub(crate) const MIN_DAY: i64 = MIN_DATE.day_number();
/// Day number of [`MAX_DATE`].
pub(crate) const MAX_DAY: i64 = MAX_DATE.day_number();
/// The first minute of [`MIN_DATE`].
pub(crate) const MIN_T: i64 = MIN_DAY * DAY;
/// The minute just after [`MAX_DATE`] (its 24:00).
pub(crate) const MAX_T: i64 = (MAX_DAY + 1) * DAY;

/// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
pub(crate) fn weekday_index(day: i64) -> usize {
    // rem_euclid(7) is in 0..7, so the conversion cannot fail.
    usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0)
}

/// The minute of a local date-time; seconds and fractions are dropped.
pub(crate) fn to_minute(dt: DateTime) -> i64 {
    dt.date().day_number() * DAY + i64::from(dt.hour()) * 60 + i64::from(dt.minute())
}

/// The local date-time of a minute, or `None` outside the supported years.
pub(crate) fn to_datetime(minute: i64) -> Option<DateTime> {
    let date = Date::from_day_number(minute.div_euclid(DAY))?;
    at_minute_of(date, minute.rem_euclid(DAY))
}

/// `date` at a minute of the day (0..1440).
pub(crate) fn at_minute_of(date: Date, of_day: i64) -> Option<DateTime> {
    let time = Time::new(
        i8::try_from(of_day / 60).ok()?,
        i8::try_from(of_day % 60).ok()?,
        0,
        0,
    )
    .ok()?;
    Some(DateTime::from_parts(date, time))
}

/// Whether a date-time lies in the supported range.
pub(crate) fn in_range(dt: DateTime) -> bool {
    (MIN_DATE..=MAX_DATE).contains(&dt.date())
}
