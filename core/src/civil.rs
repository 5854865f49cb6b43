//! Civil (wall-clock) dates and times, and instants: the little of a date-time library
//! the engine needs.
//!
//! Written out rather than taken from a crate so the WebAssembly builds carry no
//! time-zone database, no parser for formats the engine never reads and no catalogue of
//! error messages it never shows: the proleptic Gregorian calendar, a date at a time of
//! day, and an instant as seconds since 1970-01-01 UTC. Time zones are in
//! [`crate::calendar::Zone`].
//!
//! Invariants, stated as absences: nothing here reads a clock or panics on any input
//! (the `const` constructors [`date`] and [`datetime`] are for literals and fail to
//! compile, or panic, on an impossible one — the checked forms are [`Date::new`] and
//! [`Time::new`]).

use std::fmt;
use std::str::FromStr;

/// The years a [`Date`] can hold.
const MIN_YEAR: i16 = -9999;
const MAX_YEAR: i16 = 9999;

/// Why a date, time or instant could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(&'static str);

impl Error {
    /// What went wrong, in a few lowercase words.
    pub fn reason(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Error {}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// The seven days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Monday = 0 … Sunday = 6.
    pub const fn to_monday_zero_offset(self) -> i8 {
        self as i8
    }

    /// Sunday = 0 … Saturday = 6 (POSIX's numbering).
    pub const fn to_sunday_zero_offset(self) -> i8 {
        (self as i8 + 1) % 7
    }

    /// The day of a Monday = 0 … Sunday = 6 index (taken modulo 7).
    pub fn from_monday_zero_offset(index: i64) -> Weekday {
        let i = usize::try_from(index.rem_euclid(7)).unwrap_or(0);
        Weekday::ALL.get(i).copied().unwrap_or(Weekday::Monday)
    }
}

/// A date in the proleptic Gregorian calendar, years -9999 to 9999.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i16,
    month: i8,
    day: i8,
}

/// A date from literal parts: `date(2026, 11, 23)`. For parts that come from input
/// use [`Date::new`].
///
/// # Panics
///
/// On a date that does not exist (in a `const` context: a compile error).
#[allow(clippy::panic)]
pub const fn date(year: i16, month: i8, day: i8) -> Date {
    match Date::checked(year, month, day) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

/// A date-time from literal parts: `datetime(2026, 11, 23, 14, 30, 0, 0)`. For parts
/// that come from input use [`Date::new`] and [`Time::new`].
///
/// # Panics
///
/// On a date or time that does not exist (in a `const` context: a compile error).
pub const fn datetime(
    year: i16,
    month: i8,
    day: i8,
    hour: i8,
    minute: i8,
    second: i8,
    nanosecond: i32,
) -> DateTime {
    date(year, month, day).at(hour, minute, second, nanosecond)
}

/// Whether a year is a leap year.
pub const fn is_leap_year(year: i16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in a month of a year.
pub const fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub(crate) const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Date {
    /// The first date a `Date` holds.
    pub const MIN: Date = date(MIN_YEAR, 1, 1);
    /// The last date a `Date` holds.
    pub const MAX: Date = date(MAX_YEAR, 12, 31);

    const fn checked(year: i16, month: i8, day: i8) -> Option<Date> {
        if year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// A date from its parts.
    ///
    /// # Errors
    ///
    /// When the year is outside -9999..=9999 or the month or day does not exist.
    pub fn new(year: i16, month: i8, day: i8) -> Result<Date, Error> {
        Date::checked(year, month, day).ok_or(Error("not a date in the calendar"))
    }

    /// The year.
    pub const fn year(self) -> i16 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> i8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> i8 {
        self.day
    }

    /// The number of days in this date's month.
    pub const fn days_in_month(self) -> i8 {
        days_in_month(self.year, self.month)
    }

    /// The first day of this date's month.
    pub const fn first_of_month(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    /// The day of the year, 1–366.
    pub fn day_of_year(self) -> i16 {
        let first = days_from_civil(i64::from(self.year), 1, 1);
        i16::try_from(self.day_number() - first + 1).unwrap_or(1)
    }

    /// Days since 1970-01-01 (negative before it).
    pub const fn day_number(self) -> i64 {
        days_from_civil(self.year as i64, self.month as i64, self.day as i64)
    }

    /// The date `n` days after 1970-01-01 (Neri and Schneider's `to_date`, "Euclidean
    /// affine functions and their application to calendar algorithms", 2022), or `None`
    /// outside the years a `Date` holds.
    pub fn from_day_number(n: i64) -> Option<Date> {
        // Shift by 82 cycles of 400 years so the arithmetic is unsigned.
        const CYCLES: u64 = 82;
        const SHIFT: i64 = 719_468 + 146_097 * CYCLES as i64;
        let n = u64::try_from(n.checked_add(SHIFT)?).ok()?;
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
        Date::checked(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day_of_month).ok()?,
        )
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (Monday = 0).
        Weekday::from_monday_zero_offset(self.day_number() + 3)
    }

    /// The date `days` later (earlier when negative), or `None` past the years a `Date`
    /// holds.
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        Date::from_day_number(self.day_number().checked_add(days)?)
    }

    /// The next day.
    ///
    /// # Errors
    ///
    /// After 9999-12-31.
    pub fn tomorrow(self) -> Result<Date, Error> {
        self.checked_add_days(1)
            .ok_or(Error("the day after is past the last supported date"))
    }

    /// The day before.
    ///
    /// # Errors
    ///
    /// Before -9999-01-01.
    pub fn yesterday(self) -> Result<Date, Error> {
        self.checked_add_days(-1)
            .ok_or(Error("the day before is before the first supported date"))
    }

    /// Days from this date to `other` (negative when `other` is earlier).
    pub const fn days_until(self, other: Date) -> i64 {
        other.day_number() - self.day_number()
    }

    /// This date at a time of day.
    pub const fn to_datetime(self, time: Time) -> DateTime {
        DateTime { date: self, time }
    }

    /// This date at a literal time of day: `date(2026, 11, 23).at(14, 30, 0, 0)`.
    ///
    /// # Panics
    ///
    /// On a time that does not exist (in a `const` context: a compile error).
    pub const fn at(self, hour: i8, minute: i8, second: i8, nanosecond: i32) -> DateTime {
        self.to_datetime(time(hour, minute, second, nanosecond))
    }
}

impl Default for Date {
    /// 0000-01-01.
    fn default() -> Date {
        date(0, 1, 1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Natively, years 0000–9999 (nearly every date written) as ten ASCII bytes in
        // one go; the wasm builds keep to the formatter below, which is smaller.
        #[cfg(not(target_arch = "wasm32"))]
        if let Ok(year) = u16::try_from(self.year)
            && year <= 9999
        {
            let digit = |v: u16| b'0' + (v % 10) as u8;
            let (month, day) = (
                u16::from(self.month.unsigned_abs()),
                u16::from(self.day.unsigned_abs()),
            );
            let text = [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(month / 10),
                digit(month),
                b'-',
                digit(day / 10),
                digit(day),
            ];
            return f.write_str(std::str::from_utf8(&text).unwrap_or_default());
        }
        if self.year < 0 {
            write!(f, "-{:06}", -i32::from(self.year))?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        write!(f, "-{:02}-{:02}", self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A time of day, 00:00:00 to 23:59:59.999999999.
#[derive(Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time {
    hour: i8,
    minute: i8,
    second: i8,
    nanosecond: i32,
}

/// A literal time of day.
#[allow(clippy::panic)]
const fn time(hour: i8, minute: i8, second: i8, nanosecond: i32) -> Time {
    match Time::checked(hour, minute, second, nanosecond) {
        Some(t) => t,
        None => panic!("not a time of day"),
    }
}

impl Time {
    /// 00:00.
    pub const MIDNIGHT: Time = time(0, 0, 0, 0);

    const fn checked(hour: i8, minute: i8, second: i8, nanosecond: i32) -> Option<Time> {
        if hour < 0
            || hour > 23
            || minute < 0
            || minute > 59
            || second < 0
            || second > 59
            || nanosecond < 0
            || nanosecond > 999_999_999
        {
            return None;
        }
        Some(Time {
            hour,
            minute,
            second,
            nanosecond,
        })
    }

    /// A time of day from its parts.
    ///
    /// # Errors
    ///
    /// When a part is out of range (hours 0–23, minutes and seconds 0–59).
    pub fn new(hour: i8, minute: i8, second: i8, nanosecond: i32) -> Result<Time, Error> {
        Time::checked(hour, minute, second, nanosecond).ok_or(Error("not a time of day"))
    }

    /// 00:00.
    pub const fn midnight() -> Time {
        Time::MIDNIGHT
    }

    /// The hour, 0–23.
    pub const fn hour(self) -> i8 {
        self.hour
    }

    /// The minute, 0–59.
    pub const fn minute(self) -> i8 {
        self.minute
    }

    /// The second, 0–59.
    pub const fn second(self) -> i8 {
        self.second
    }

    /// The fraction of the second, in nanoseconds.
    pub const fn subsec_nanosecond(self) -> i32 {
        self.nanosecond
    }

    /// Seconds since midnight (the fraction dropped).
    pub const fn second_of_day(self) -> i64 {
        self.hour as i64 * 3600 + self.minute as i64 * 60 + self.second as i64
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)?;
        write_fraction(f, self.nanosecond)
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `.5`, `.25`, `.000000001`: the fraction of a second without trailing zeros, nothing
/// when it is zero.
fn write_fraction(f: &mut fmt::Formatter<'_>, nanosecond: i32) -> fmt::Result {
    if nanosecond == 0 {
        return Ok(());
    }
    let mut digits = format!("{nanosecond:09}");
    while digits.ends_with('0') {
        digits.pop();
    }
    write!(f, ".{digits}")
}

/// A date at a time of day, in no particular time zone.
#[derive(Default, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    date: Date,
    time: Time,
}

impl DateTime {
    /// A date at a time of day.
    pub const fn from_parts(date: Date, time: Time) -> DateTime {
        DateTime { date, time }
    }

    /// The date.
    pub const fn date(self) -> Date {
        self.date
    }

    /// The time of day.
    pub const fn time(self) -> Time {
        self.time
    }

    /// The year.
    pub const fn year(self) -> i16 {
        self.date.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> i8 {
        self.date.month
    }

    /// The day of the month.
    pub const fn day(self) -> i8 {
        self.date.day
    }

    /// The hour.
    pub const fn hour(self) -> i8 {
        self.time.hour
    }

    /// The minute.
    pub const fn minute(self) -> i8 {
        self.time.minute
    }

    /// The second.
    pub const fn second(self) -> i8 {
        self.time.second
    }

    /// The fraction of the second, in nanoseconds.
    pub const fn subsec_nanosecond(self) -> i32 {
        self.time.nanosecond
    }

    /// The same minute with seconds and their fraction dropped.
    pub const fn to_minute(self) -> DateTime {
        DateTime {
            date: self.date,
            time: Time {
                hour: self.time.hour,
                minute: self.time.minute,
                second: 0,
                nanosecond: 0,
            },
        }
    }

    /// Seconds since 1970-01-01T00:00 (the fraction dropped), as if this were UTC.
    pub const fn second_number(self) -> i64 {
        self.date.day_number() * 86_400 + self.time.second_of_day()
    }

    /// The date-time `n` seconds after 1970-01-01T00:00 with a fraction of
    /// `nanosecond`, or `None` outside the years a [`Date`] holds.
    pub fn from_second_number(n: i64, nanosecond: i32) -> Option<DateTime> {
        let date = Date::from_day_number(n.div_euclid(86_400))?;
        let s = n.rem_euclid(86_400);
        let time = Time::checked(
            i8::try_from(s / 3600).ok()?,
            i8::try_from(s % 3600 / 60).ok()?,
            i8::try_from(s % 60).ok()?,
            nanosecond,
        )?;
        Some(DateTime { date, time })
    }

    /// Whole seconds from this date-time to `other`, truncated toward zero (negative
    /// when `other` is earlier).
    pub fn seconds_until(self, other: DateTime) -> i64 {
        let nanos = i128::from(other.second_number() - self.second_number()) * 1_000_000_000
            + i128::from(other.time.nanosecond - self.time.nanosecond);
        i64::try_from(nanos / 1_000_000_000).unwrap_or(0)
    }

    /// Whole minutes from this date-time to `other`, truncated toward zero.
    pub fn minutes_until(self, other: DateTime) -> i64 {
        self.seconds_until(other) / 60
    }

    /// The date-time `minutes` later (earlier when negative), or `None` outside the
    /// years a [`Date`] holds.
    pub fn checked_add_minutes(self, minutes: i64) -> Option<DateTime> {
        self.checked_add_seconds(minutes.checked_mul(60)?)
    }

    /// The date-time `seconds` later (earlier when negative), or `None` outside the
    /// years a [`Date`] holds.
    pub fn checked_add_seconds(self, seconds: i64) -> Option<DateTime> {
        let n = self.second_number().checked_add(seconds)?;
        DateTime::from_second_number(n, self.time.nanosecond)
    }

    /// `2026-11-23T14:30`: to the minute, for form fields and addresses.
    pub fn to_minute_string(self) -> String {
        format!(
            "{}T{:02}:{:02}",
            self.date, self.time.hour, self.time.minute
        )
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An instant: seconds since 1970-01-01T00:00:00Z and a fraction, within the years a
/// [`Date`] holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    second: i64,
    nanosecond: i32,
}

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        second: 0,
        nanosecond: 0,
    };

    /// The instant `second` seconds and `nanosecond` nanoseconds after the epoch.
    ///
    /// # Errors
    ///
    /// Outside the years a [`Date`] holds, or a fraction outside 0..1 s.
    pub fn new(second: i64, nanosecond: i32) -> Result<Timestamp, Error> {
        let ok = (0..1_000_000_000).contains(&nanosecond)
            && (Date::MIN.day_number() * 86_400..(Date::MAX.day_number() + 1) * 86_400)
                .contains(&second);
        if ok {
            Ok(Timestamp { second, nanosecond })
        } else {
            Err(Error("the instant is outside the supported years"))
        }
    }

    /// The instant `ms` milliseconds after the epoch.
    ///
    /// # Errors
    ///
    /// Outside the years a [`Date`] holds.
    pub fn from_millisecond(ms: i64) -> Result<Timestamp, Error> {
        let nanosecond = i32::try_from(ms.rem_euclid(1000) * 1_000_000).unwrap_or(0);
        Timestamp::new(ms.div_euclid(1000), nanosecond)
    }

    /// Whole seconds since the epoch (rounded down).
    pub const fn as_second(self) -> i64 {
        self.second
    }

    /// Milliseconds since the epoch (rounded down).
    pub const fn as_millisecond(self) -> i64 {
        self.second * 1000 + self.nanosecond as i64 / 1_000_000
    }

    /// The fraction of the second, in nanoseconds.
    pub const fn subsec_nanosecond(self) -> i32 {
        self.nanosecond
    }

    /// The wall-clock date-time of this instant at a fixed UTC offset in seconds.
    pub fn to_datetime(self, offset_seconds: i32) -> Option<DateTime> {
        let local = self.second.checked_add(i64::from(offset_seconds))?;
        DateTime::from_second_number(local, self.nanosecond)
    }

    /// The instant a wall-clock date-time names at a fixed UTC offset in seconds.
    ///
    /// # Errors
    ///
    /// When the instant is outside the years a [`Date`] holds.
    pub fn from_datetime(local: DateTime, offset_seconds: i32) -> Result<Timestamp, Error> {
        Timestamp::new(
            local.second_number() - i64::from(offset_seconds),
            local.subsec_nanosecond(),
        )
    }

    /// `2025-10-02T17:40:00+09:00`: this instant as the wall clock reads it at an
    /// offset, with the offset.
    pub fn display_with_offset(self, offset_seconds: i32) -> String {
        match self.to_datetime(offset_seconds) {
            Some(local) => format!("{local}{}", format_offset(offset_seconds)),
            None => format!("{self}"),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_datetime(0) {
            Some(utc) => write!(f, "{utc}Z"),
            None => write!(f, "{}s", self.second),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// [`Timestamp::display_with_offset`]'s text for the usual shape — years 0000–9999, no
/// fraction of a second, an offset of whole minutes — written straight into one string
/// of its final length; `None` for any other shape.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn plain_with_offset(local: DateTime, offset_seconds: i32) -> Option<String> {
    let year = u16::try_from(local.year()).ok().filter(|y| *y <= 9999)?;
    if local.subsec_nanosecond() != 0 || offset_seconds % 60 != 0 {
        return None;
    }
    // At most ±25:59 (`Zone` offsets) and 0–99 for every part, so two digits each.
    let offset = u16::try_from(offset_seconds.unsigned_abs() / 60).ok()?;
    if offset >= 100 * 60 {
        return None;
    }
    let two = |v: u16| [b'0' + (v / 10 % 10) as u8, b'0' + (v % 10) as u8];
    let part = |v: i8| two(u16::try_from(v).unwrap_or(0));
    let sign = if offset_seconds < 0 { b'-' } else { b'+' };
    let ([y1, y2], [y3, y4]) = (two(year / 100), two(year % 100));
    let ([mo1, mo2], [d1, d2]) = (part(local.month()), part(local.day()));
    let ([h1, h2], [mi1, mi2]) = (part(local.hour()), part(local.minute()));
    let [s1, s2] = part(local.second());
    let ([oh1, oh2], [om1, om2]) = (two(offset / 60), two(offset % 60));
    let text = [
        y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':', s1, s2,
        sign, oh1, oh2, b':', om1, om2,
    ];
    // ASCII throughout.
    std::str::from_utf8(&text).ok().map(str::to_owned)
}

/// `+09:00`, `-05:30`, `+00:00`; seconds when the offset has them (`+00:19:32`).
pub fn format_offset(offset_seconds: i32) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let abs = offset_seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs % 3600 / 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// An ISO-8601 date-time as written: the wall-clock reading and the offset, if one was
/// given (`Z` is an offset of zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The date and time as written.
    pub local: DateTime,
    /// The UTC offset in seconds, when the text gave one.
    pub offset: Option<i32>,
}

/// A cursor over ASCII text (also reads POSIX TZ strings, `calendar/zone.rs`).
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pub(crate) at: usize,
}

impl Cursor<'_> {
    pub(crate) fn new(text: &str) -> Cursor<'_> {
        Cursor {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let part = self.bytes.get(self.at..self.at + n)?;
        let mut value = 0_i64;
        for b in part {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(b - b'0');
        }
        self.at += n;
        Some(value)
    }

    pub(crate) fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// Reads `YYYY-MM-DD`.
fn read_date(c: &mut Cursor<'_>) -> Result<Date, Error> {
    const SHAPE: Error = Error("expected a date, YYYY-MM-DD");
    let y = c.digits(4).ok_or(SHAPE)?;
    let m = (c.eat(b'-').then(|| c.digits(2))).flatten().ok_or(SHAPE)?;
    let d = (c.eat(b'-').then(|| c.digits(2))).flatten().ok_or(SHAPE)?;
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(y), i8::try_from(m), i8::try_from(d)) else {
        return Err(SHAPE);
    };
    Date::new(y, m, d).map_err(|_| Error("no such day in the calendar"))
}

/// Reads `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (a comma is a decimal sign too).
fn read_time(c: &mut Cursor<'_>) -> Result<Time, Error> {
    const SHAPE: Error = Error("expected a time of day with hours and minutes, HH:MM");
    let h = c.digits(2).ok_or(SHAPE)?;
    let m = (c.eat(b':').then(|| c.digits(2))).flatten().ok_or(SHAPE)?;
    let mut s = 0;
    let mut nanosecond = 0_i64;
    if c.eat(b':') {
        s = c
            .digits(2)
            .ok_or(Error("expected two digits of seconds after the minutes"))?;
        if c.eat(b'.') || c.eat(b',') {
            let mut scale = 100_000_000_i64;
            let mut any = false;
            while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
                c.at += 1;
                any = true;
                if scale == 0 {
                    return Err(Error("more than nine digits of a fraction of a second"));
                }
                nanosecond += i64::from(b - b'0') * scale;
                scale /= 10;
            }
            if !any {
                return Err(Error("expected digits after the decimal sign"));
            }
        }
    }
    let parts = (
        i8::try_from(h),
        i8::try_from(m),
        i8::try_from(s),
        i32::try_from(nanosecond),
    );
    let (Ok(h), Ok(m), Ok(s), Ok(ns)) = parts else {
        return Err(Error("not a time of day"));
    };
    Time::new(h, m, s, ns).map_err(|_| Error("not a time of day (00:00 to 23:59:59)"))
}

/// Reads `Z`, `+09:00`, `+0900` or `+09`, or nothing.
pub(crate) fn read_offset(c: &mut Cursor<'_>) -> Result<Option<i32>, Error> {
    const SHAPE: Error = Error("expected an offset such as +09:00 or Z");
    if c.eat(b'Z') || c.eat(b'z') {
        return Ok(Some(0));
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return Ok(None);
    };
    let h = c.digits(2).ok_or(SHAPE)?;
    let mut m = 0;
    let mut s = 0;
    let colon = c.eat(b':');
    if colon || c.peek().is_some_and(|b| b.is_ascii_digit()) {
        m = c.digits(2).ok_or(SHAPE)?;
        if (colon && c.eat(b':')) || (!colon && c.peek().is_some_and(|b| b.is_ascii_digit())) {
            s = c.digits(2).ok_or(SHAPE)?;
        }
    }
    if h > 25 || m > 59 || s > 59 {
        return Err(Error("the offset is out of range (at most ±25:59)"));
    }
    i32::try_from(sign * (h * 3600 + m * 60 + s))
        .map(Some)
        .map_err(|_| SHAPE)
}

/// A local date-time written exactly `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (the
/// string API's usual start), read without the cursor; `None` for any other text, which
/// [`Written::parse`] reads or rejects. A valid text of that shape reads the same both
/// ways.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn plain_local(text: &str) -> Option<DateTime> {
    let (date, time, second) = match text.as_bytes() {
        [date @ .., b'T', h1, h2, b':', m1, m2] => (date, [*h1, *h2, *m1, *m2], None),
        [date @ .., b'T', h1, h2, b':', m1, m2, b':', s1, s2] => {
            (date, [*h1, *h2, *m1, *m2], Some([*s1, *s2]))
        }
        _ => return None,
    };
    let [y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2] = *date else {
        return None;
    };
    let digit = |b: u8| b.is_ascii_digit().then(|| b - b'0');
    let two = |a: u8, b: u8| Some(digit(a)? * 10 + digit(b)?);
    let year = i16::from(two(y1, y2)?) * 100 + i16::from(two(y3, y4)?);
    let [h1, h2, m1, m2] = time;
    let second = match second {
        Some([s1, s2]) => two(s1, s2)?,
        None => 0,
    };
    let as_i8 = |v: u8| i8::try_from(v).ok();
    let date = Date::new(year, as_i8(two(mo1, mo2)?)?, as_i8(two(d1, d2)?)?).ok()?;
    let time = Time::new(
        as_i8(two(h1, h2)?)?,
        as_i8(two(m1, m2)?)?,
        as_i8(second)?,
        0,
    )
    .ok()?;
    Some(date.to_datetime(time))
}

impl Written {
    /// Reads an ISO-8601 date-time: `2025-10-02T17:40`, seconds and a fraction optional,
    /// `T`, `t` or a space between date and time, then optionally `Z` or an offset.
    ///
    /// # Errors
    ///
    /// What is wrong, in a few words (a date without a time, an hour without minutes, a
    /// bracketed annotation, a day not in the calendar, anything after the end).
    pub fn parse(text: &str) -> Result<Written, Error> {
        let mut c = Cursor::new(text);
        let date = read_date(&mut c)?;
        if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
            return Err(Error(
                "expected a date and a time with hours and minutes, YYYY-MM-DDTHH:MM",
            ));
        }
        let time = read_time(&mut c)?;
        let offset = read_offset(&mut c)?;
        if c.peek() == Some(b'[') {
            return Err(Error(
                "bracketed time zone annotations are not accepted, give an offset instead",
            ));
        }
        if !c.done() {
            return Err(Error("unexpected text after the date-time"));
        }
        Ok(Written {
            local: date.to_datetime(time),
            offset,
        })
    }
}

impl FromStr for Date {
    type Err = Error;

    /// Reads `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, Error> {
        let mut c = Cursor::new(s);
        let date = read_date(&mut c)?;
        if c.done() {
            Ok(date)
        } else {
            Err(Error("expected a date, YYYY-MM-DD"))
        }
    }
}

impl FromStr for DateTime {
    type Err = Error;

    /// Reads a date-time without an offset (`2025-10-02T17:40`, `2025-10-02T17:40:00`).
    fn from_str(s: &str) -> Result<DateTime, Error> {
        let written = Written::parse(s)?;
        match written.offset {
            None => Ok(written.local),
            Some(_) => Err(Error("expected a local date-time, without an offset")),
        }
    }
}

impl FromStr for Timestamp {
    type Err = Error;

    /// Reads a date-time with an offset or `Z` (`2026-11-23T10:00:00+09:00`).
    fn from_str(s: &str) -> Result<Timestamp, Error> {
        let written = Written::parse(s)?;
        let offset = written.offset.ok_or(Error(
            "expected an offset such as +09:00 or Z after the time",
        ))?;
        Timestamp::from_datetime(written.local, offset)
    }
}

macro_rules! serde_as_text {
    ($($ty:ty => $expecting:literal),* $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        /// In TypeScript, the text it is written as.
        #[cfg(feature = "ts")]
        impl ts_rs::TS for $ty {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                "string".to_owned()
            }
            fn inline(cfg: &ts_rs::Config) -> String {
                <Self as ts_rs::TS>::name(cfg)
            }
        }
    )*};
}

serde_as_text! {
    Date => "a date, YYYY-MM-DD",
    DateTime => "a date-time, YYYY-MM-DDTHH:MM:SS",
    Timestamp => "a date-time with an offset, YYYY-MM-DDTHH:MM:SS+09:00",
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used
    )]

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_and_writes_iso_8601() {
        let w = Written::parse("2025-10-02T17:40").unwrap();
        assert_eq!(w.local, datetime(2025, 10, 2, 17, 40, 0, 0));
        assert_eq!(w.offset, None);
        let w = Written::parse("2025-10-02 08:40:05.25Z").unwrap();
        assert_eq!(w.local, datetime(2025, 10, 2, 8, 40, 5, 250_000_000));
        assert_eq!(w.offset, Some(0));
        assert_eq!(w.local.to_string(), "2025-10-02T08:40:05.25");
        let w = Written::parse("2025-10-02T17:40:00-05:30").unwrap();
        assert_eq!(w.offset, Some(-(5 * 3600 + 30 * 60)));
        assert_eq!(
            Written::parse("2025-10-02T17:40+0900").unwrap().offset,
            Some(9 * 3600)
        );
        assert_eq!(
            Written::parse("2025-10-02T17:40+09").unwrap().offset,
            Some(9 * 3600)
        );
        for (bad, why) in [
            ("2025-10-02", "expected a date and a time"),
            ("2025-10-02T17", "expected a time of day"),
            ("2025-02-29T10:00", "no such day"),
            ("2025-10-02T24:00", "not a time of day"),
            ("2025-10-02T17:40+09:00[Asia/Seoul]", "bracketed"),
            ("2025-10-02T17:40:00x", "unexpected text"),
            ("2025-10-02T17:40+26:00", "out of range"),
            ("２０２５-10-02T17:40", "expected a date"),
            ("", "expected a date"),
        ] {
            let e = Written::parse(bad).unwrap_err();
            assert!(e.reason().contains(why), "{bad}: {e}");
        }
        assert_eq!(date(2026, 11, 23).to_string(), "2026-11-23");
        assert_eq!("2026-11-23".parse::<Date>().unwrap(), date(2026, 11, 23));
        assert!("2026-11-23T10:00".parse::<Date>().is_err());
        let ts: Timestamp = "2026-11-23T10:00:00+09:00".parse().unwrap();
        assert_eq!(ts.to_string(), "2026-11-23T01:00:00Z");
        assert_eq!(
            ts.display_with_offset(9 * 3600),
            "2026-11-23T10:00:00+09:00"
        );
        assert!("2026-11-23T10:00:00".parse::<Timestamp>().is_err());
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(date(2024, 2, 28).tomorrow().unwrap(), date(2024, 2, 29));
        assert_eq!(date(2025, 2, 28).tomorrow().unwrap(), date(2025, 3, 1));
        assert_eq!(date(2026, 1, 1).yesterday().unwrap(), date(2025, 12, 31));
        assert_eq!(date(2026, 11, 23).weekday(), Weekday::Monday);
        assert_eq!(date(2000, 2, 29).weekday(), Weekday::Tuesday);
        assert_eq!(date(2026, 11, 23).days_until(date(2027, 2, 28)), 97);
        assert_eq!(date(2026, 12, 31).day_of_year(), 365);
        assert_eq!(date(2024, 12, 31).day_of_year(), 366);
        assert!(Date::MAX.tomorrow().is_err());
        assert!(Date::new(2025, 2, 29).is_err());
        let a = datetime(2026, 11, 23, 10, 0, 30, 0);
        assert_eq!(a.minutes_until(datetime(2026, 11, 23, 11, 0, 29, 0)), 59);
        assert_eq!(a.minutes_until(datetime(2026, 11, 23, 9, 0, 31, 0)), -59);
        assert_eq!(
            a.checked_add_minutes(24 * 60 * 40).unwrap(),
            datetime(2027, 1, 2, 10, 0, 30, 0)
        );
        assert_eq!(a.to_minute(), datetime(2026, 11, 23, 10, 0, 0, 0));
        assert_eq!(a.to_minute_string(), "2026-11-23T10:00");
        let ts = Timestamp::from_millisecond(-1).unwrap();
        assert_eq!(ts.as_millisecond(), -1);
        assert_eq!(ts.to_string(), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn serde_round_trips_as_text() {
        let dt = datetime(2026, 11, 23, 14, 30, 0, 0);
        let json = serde_json::to_string(&dt).unwrap();
        assert_eq!(json, "\"2026-11-23T14:30:00\"");
        assert_eq!(serde_json::from_str::<DateTime>(&json).unwrap(), dt);
        let e = serde_json::from_str::<Date>("\"2026-13-01\"").unwrap_err();
        assert!(e.to_string().contains("no such day") || e.to_string().contains("expected"));
        assert!(serde_json::from_str::<Date>("5").is_err());
    }

    fn any_date() -> impl Strategy<Value = (i16, i8, i8)> {
        (-9999_i16..=9999, 1_i8..=12, 1_i8..=31)
    }

    proptest! {
        /// Day numbers, weekdays and day arithmetic agree with jiff's.
        #[test]
        fn agrees_with_jiff((y, m, d) in any_date(), shift in -100_000_i64..100_000) {
            let ours = Date::new(y, m, d);
            let theirs = jiff::civil::Date::new(y, m, d);
            prop_assert_eq!(ours.is_ok(), theirs.is_ok());
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert_eq!(ours.to_string(), theirs.to_string());
                prop_assert_eq!(
                    ours.weekday().to_monday_zero_offset(),
                    theirs.weekday().to_monday_zero_offset()
                );
                prop_assert_eq!(Date::from_day_number(ours.day_number()), Some(ours));
                let later = ours.checked_add_days(shift);
                let theirs_later = theirs.checked_add(jiff::Span::new().days(shift));
                prop_assert_eq!(later.map(|d| d.to_string()), theirs_later.ok().map(|d| d.to_string()));
                prop_assert_eq!(i32::from(ours.day_of_year()), i32::from(theirs.day_of_year()));
            }
        }

        /// Whatever the text, reading it never panics, and what is read prints back the
        /// same way jiff prints it.
        #[test]
        fn parsing_never_panics(text in "[0-9T:+\\-Z. ]{0,30}") {
            if let Ok(w) = Written::parse(&text) {
                let jiff_dt = jiff::civil::DateTime::from_parts(
                    jiff::civil::Date::new(w.local.year(), w.local.month(), w.local.day()).unwrap(),
                    jiff::civil::Time::new(w.local.hour(), w.local.minute(), w.local.second(), w.local.subsec_nanosecond()).unwrap(),
                );
                prop_assert_eq!(w.local.to_string(), jiff_dt.to_string());
            }
        }

        /// The string API's quick reader reads what the full reader reads, and all of
        /// its shape that is a real date and time.
        #[test]
        fn plain_local_reads_as_parse_does(y in 0_u16..10_000, mo in 0_u8..14, d in 0_u8..33, h in 0_u8..26, mi in 0_u8..62, s in proptest::option::of(0_u8..62), sep in prop_oneof![Just('T'), Just('t'), Just(' ')]) {
            let mut text = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}");
            if let Some(s) = s {
                text.push_str(&format!(":{s:02}"));
            }
            let full = Written::parse(&text).ok().map(|w| (w.local, w.offset));
            match plain_local(&text) {
                Some(local) => prop_assert_eq!(full, Some((local, None))),
                None => prop_assert!(sep != 'T' || full.is_none(), "{}", text),
            }
        }

        /// Seconds between two date-times agree with jiff's.
        #[test]
        fn durations_agree_with_jiff(a in -5_000_000_000_i64..5_000_000_000, b in -5_000_000_000_i64..5_000_000_000, na in 0_i32..1_000_000_000, nb in 0_i32..1_000_000_000) {
            let (x, y) = (DateTime::from_second_number(a, na).unwrap(), DateTime::from_second_number(b, nb).unwrap());
            let jx: jiff::civil::DateTime = x.to_string().parse().unwrap();
            let jy: jiff::civil::DateTime = y.to_string().parse().unwrap();
            prop_assert_eq!(x.seconds_until(y), jx.duration_until(jy).as_secs());
            prop_assert_eq!(x.minutes_until(y), jx.duration_until(jy).as_mins());
        }
    }
}
