//! Local civil time as whole minutes on a line, so the clock can do plain integer
//! arithmetic: day numbers count days from 1970-01-01, minutes count minutes from its
//! midnight.

use jiff::civil::{Date, DateTime, Time};

/// The first date the clock accepts.
pub const MIN_DATE: Date = jiff::civil::date(1900, 1, 1);
/// The last date the clock accepts or returns; a clock that would run past it is an
/// error.
pub const MAX_DATE: Date = jiff::civil::date(2200, 12, 31);

pub(crate) const DAY: i64 = 1440;
pub(crate) const WEEK: i64 = 7 * DAY;

/// Day number of [`MIN_DATE`].
pub(crate) const MIN_DAY: i64 = days_from_civil(1900, 1, 1);
/// Day number of [`MAX_DATE`].
pub(crate) const MAX_DAY: i64 = days_from_civil(2200, 12, 31);
/// The first minute of [`MIN_DATE`].
pub(crate) const MIN_T: i64 = MIN_DAY * DAY;
/// The minute just after [`MAX_DATE`] (its 24:00).
pub(crate) const MAX_T: i64 = (MAX_DAY + 1) * DAY;

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of a date.
pub(crate) fn day_number(date: Date) -> i64 {
    days_from_civil(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

/// The date of a day number, or `None` outside jiff's range (Neri and Schneider's
/// `to_date`, "Euclidean affine functions and their application to calendar
/// algorithms", 2022: a few multiplications, as this runs for every step of a trace).
pub(crate) fn date_of(day: i64) -> Option<Date> {
    // Shift by 82 cycles of 400 years so the arithmetic is unsigned.
    const CYCLES: u64 = 82;
    const SHIFT: i64 = 719_468 + 146_097 * CYCLES as i64;
    let n = u64::try_from(day.checked_add(SHIFT)?).ok()?;
    if n >= 1 << 40 {
        return None;
    }
    let n1 = 4 * n + 3;
    let century = n1 / 146_097;
    let of_century = n1 % 146_097 / 4;
    let n2 = 4 * of_century + 3;
    let p2 = 2_939_745 * n2;
    let year_of_century = p2 >> 32;
    let of_year = (p2 & 0xFFFF_FFFF) / 2_939_745 / 4;
    let n3 = 2141 * of_year + 197_913;
    let (month, day_of_month) = (n3 >> 16, (n3 & 0xFFFF) / 2141 + 1);
    let january_or_february = of_year >= 306;
    let year = i64::try_from(100 * century + year_of_century).ok()? - 400 * CYCLES as i64
        + i64::from(january_or_february);
    let month = if january_or_february {
        month - 12
    } else {
        month
    };
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day_of_month).ok()?,
    )
    .ok()
}

/// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
pub(crate) fn weekday_index(day: i64) -> usize {
    // rem_euclid(7) is in 0..7, so the conversion cannot fail.
    usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0)
}

/// The minute of a local date-time; seconds and fractions are dropped.
pub(crate) fn to_minute(dt: DateTime) -> i64 {
    day_number(dt.date()) * DAY + i64::from(dt.hour()) * 60 + i64::from(dt.minute())
}

/// The local date-time of a minute, or `None` outside jiff's range.
pub(crate) fn to_datetime(minute: i64) -> Option<DateTime> {
    let date = date_of(minute.div_euclid(DAY))?;
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
