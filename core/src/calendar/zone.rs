//! The time zone a calendar lives in, and ISO-8601 date-times read and written in it.
//!
//! A zone is a fixed offset from UTC or a POSIX TZ rule (a standard offset, and
//! optionally a daylight-saving offset with the rules for when it starts and ends, as
//! in `CET-1CEST,M3.5.0,M10.5.0/3`). No time zone database is compiled in or read:
//! `Asia/Seoul` is +09:00 (Korea has kept it since 1988, and the calendars start in
//! 1900 only for arithmetic's sake; the holiday tables begin in 2000).

use crate::civil::{self, Cursor, Date, DateTime, Timestamp, Written};

use super::error::CalendarError;

/// A time zone with the name it was given.
///
/// `Asia/Seoul` is compiled in (no time zone database is read at run time); any
/// other zone is given as `UTC`, a fixed offset (`+09:00`) or a POSIX TZ string
/// (`CET-1CEST,M3.5.0,M10.5.0/3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    rule: Rule,
}

/// How a zone's offset is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Always this many seconds east of UTC.
    Fixed(i32),
    /// A POSIX TZ rule with daylight-saving time.
    Posix(Posix),
}

/// `std offset dst [offset],start[/time],end[/time]`, offsets as seconds east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posix {
    std: i32,
    dst: i32,
    start: Transition,
    end: Transition,
}

/// The day of the year a change happens and the local time of day (seconds, may be
/// negative or past 24 h) on the clock that is in force just before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transition {
    day: DayRule,
    time: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayRule {
    /// `Jn`: day 1–365, February 29 never counted.
    Julian1(i16),
    /// `n`: day 0–365, February 29 counted in leap years.
    Julian0(i16),
    /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = the last) of month `m`.
    Month { month: i8, week: i8, weekday: i8 },
}

impl Zone {
    /// Parses a zone name.
    ///
    /// # Errors
    ///
    /// [`CalendarError::UnknownZone`] naming the value and what is accepted.
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::calendar::Zone;
    ///
    /// assert_eq!(Zone::parse("Asia/Seoul")?, Zone::seoul());
    /// assert_eq!(Zone::parse("+09:00")?.name(), "+09:00");
    /// assert!(Zone::parse("Europe/Berlin").is_err());
    /// let berlin = Zone::parse("CET-1CEST,M3.5.0,M10.5.0/3")?;
    /// assert_eq!(berlin.name(), "CET-1CEST,M3.5.0,M10.5.0/3");
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn parse(value: &str) -> Result<Zone, CalendarError> {
        let unknown = || CalendarError::UnknownZone {
            value: value.to_owned(),
        };
        match value {
            "Asia/Seoul" => Ok(Zone::seoul()),
            "UTC" => Ok(Zone::utc()),
            _ if value.starts_with(['+', '-']) => {
                let offset = parse_offset(value).ok_or_else(unknown)?;
                Ok(Zone {
                    name: civil::format_offset(offset),
                    rule: Rule::Fixed(offset),
                })
            }
            _ => {
                let rule = parse_posix(value).ok_or_else(unknown)?;
                Ok(Zone {
                    name: value.to_owned(),
                    rule,
                })
            }
        }
    }

    /// `Asia/Seoul`, +09:00.
    pub fn seoul() -> Zone {
        Zone {
            name: "Asia/Seoul".to_owned(),
            rule: Rule::Fixed(9 * 3600),
        }
    }

    /// `UTC`.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_owned(),
            rule: Rule::Fixed(0),
        }
    }

    /// The name the zone was given (fixed offsets normalised to `+09:00`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's offset from UTC at an instant, in seconds east.
    pub fn offset_at(&self, instant: Timestamp) -> i32 {
        match self.rule {
            Rule::Fixed(offset) => offset,
            Rule::Posix(p) => p.offset_at(instant.as_second()),
        }
    }

    /// The local date-time of an instant (the earliest or latest supported date-time
    /// when the offset carries it past the supported years).
    pub fn to_local(&self, timestamp: Timestamp) -> DateTime {
        let offset = self.offset_at(timestamp);
        timestamp.to_datetime(offset).unwrap_or(if offset > 0 {
            Date::MAX.at(23, 59, 59, 999_999_999)
        } else {
            Date::MIN.to_datetime(civil::Time::MIDNIGHT)
        })
    }

    /// The instant of a local date-time. A local time skipped or repeated by a
    /// daylight-saving change is resolved the usual way: in a gap, the time after the
    /// gap; in a fold, the earlier instant.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidDateTime`] when the instant lies outside the supported
    /// years.
    pub fn to_timestamp(&self, local: DateTime) -> Result<Timestamp, CalendarError> {
        let offset = match self.rule {
            Rule::Fixed(offset) => offset,
            Rule::Posix(p) => p.offset_for_local(local.second_number()),
        };
        Timestamp::from_datetime(local, offset).map_err(|e| CalendarError::InvalidDateTime {
            value: local.to_string(),
            reason: e.reason().to_owned(),
        })
    }

    /// Parses an ISO-8601 date-time into local time in this zone: either local
    /// (`2025-10-02T17:40`, seconds optional, `T` or a space between date and time)
    /// or with an offset or `Z` (`2025-10-02T17:40:00+09:00`, `2025-10-02T08:40Z`),
    /// which is converted to this zone.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidDateTime`] for anything else: a date without a time, an
    /// hour without minutes, a bracketed time zone annotation, an invalid date.
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::calendar::Zone;
    ///
    /// let seoul = Zone::seoul();
    /// let a = seoul.parse_local("2025-10-02T17:40")?;
    /// let b = seoul.parse_local("2025-10-02T08:40:00Z")?;
    /// assert_eq!(a, b);
    /// assert_eq!(seoul.format(a)?, "2025-10-02T17:40:00+09:00");
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn parse_local(&self, value: &str) -> Result<DateTime, CalendarError> {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(local) = civil::plain_local(value) {
            return Ok(local);
        }
        let invalid = |reason: &str| CalendarError::InvalidDateTime {
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let written = Written::parse(value).map_err(|e| invalid(e.reason()))?;
        match written.offset {
            None => Ok(written.local),
            Some(offset) => {
                let instant = Timestamp::from_datetime(written.local, offset)
                    .map_err(|e| invalid(e.reason()))?;
                Ok(self.to_local(instant))
            }
        }
    }

    /// Formats a local date-time as ISO-8601 with this zone's offset at that time
    /// (`2025-10-02T17:40:00+09:00`).
    ///
    /// # Errors
    ///
    /// As [`Zone::to_timestamp`].
    pub fn format(&self, local: DateTime) -> Result<String, CalendarError> {
        // Natively the usual shape is written in one go (the verdict formats several).
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(text) = self.format_plain(local) {
            return Ok(text);
        }
        self.format_full(local)
    }

    /// [`Zone::format`] by the general writer, every shape.
    fn format_full(&self, local: DateTime) -> Result<String, CalendarError> {
        let instant = self.to_timestamp(local)?;
        Ok(instant.display_with_offset(self.offset_at(instant)))
    }

    /// [`Zone::format`]'s text written without intermediate strings; `None` where
    /// `format` is an error or the text has an unusual shape (a fraction of a second,
    /// a year past 9999, an offset with seconds): `format` writes those.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn format_plain(&self, local: DateTime) -> Option<String> {
        let offset = match self.rule {
            Rule::Fixed(offset) => offset,
            Rule::Posix(_) => {
                let instant = self.to_timestamp(local).ok()?;
                let offset = self.offset_at(instant);
                return civil::plain_with_offset(instant.to_datetime(offset)?, offset);
            }
        };
        // A fixed offset shows the local time as given, once it has an instant.
        Timestamp::from_datetime(local, offset).ok()?;
        civil::plain_with_offset(local, offset)
    }
}

impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

/// `+09:00`, `-05:30`, `+0900` or `+09` (at most ±25:59) as seconds east of UTC: the
/// offsets an ISO-8601 date-time may carry.
fn parse_offset(value: &str) -> Option<i32> {
    let mut c = Cursor::new(value);
    let offset = civil::read_offset(&mut c).ok()??;
    c.done().then_some(offset)
}

/// Reads a POSIX TZ string: a fixed zone (`JST-9`) or one with daylight-saving rules.
fn parse_posix(text: &str) -> Option<Rule> {
    let mut p = Cursor::new(text);
    p.name()?;
    // POSIX offsets count hours west of UTC: `CET-1` is UTC+1.
    let std = -p.signed_time(24)?;
    if p.done() {
        return Some(Rule::Fixed(std));
    }
    p.name()?;
    let dst = match p.peek() {
        Some(b',') | None => std + 3600,
        _ => -p.signed_time(24)?,
    };
    if !p.eat(b',') {
        return None;
    }
    let start = p.transition()?;
    if !p.eat(b',') {
        return None;
    }
    let end = p.transition()?;
    if !p.done() {
        return None;
    }
    Some(Rule::Posix(Posix {
        std,
        dst,
        start,
        end,
    }))
}

/// The POSIX TZ grammar on the civil module's text cursor.
impl Cursor<'_> {
    /// A zone abbreviation: three or more letters, or `<…>` of letters, digits, `+`, `-`.
    fn name(&mut self) -> Option<()> {
        let start = self.at;
        if self.eat(b'<') {
            while let Some(b) = self.peek() {
                if b == b'>' {
                    break;
                }
                if !(b.is_ascii_alphanumeric() || b == b'+' || b == b'-') {
                    return None;
                }
                self.at += 1;
            }
            let len = self.at - start - 1;
            return (self.eat(b'>') && len >= 3).then_some(());
        }
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.at += 1;
        }
        (self.at - start >= 3).then_some(())
    }

    /// A number of at most `max` (inclusive).
    fn number(&mut self, max: i32) -> Option<i32> {
        let start = self.at;
        let mut value: i32 = 0;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            value = value.checked_mul(10)?.checked_add(i32::from(b - b'0'))?;
            self.at += 1;
            if self.at - start > 3 {
                return None;
            }
        }
        (self.at > start && value <= max).then_some(value)
    }

    /// `[+|-]hh[:mm[:ss]]` as seconds, hours at most `max_hours`.
    fn signed_time(&mut self, max_hours: i32) -> Option<i32> {
        let sign = if self.eat(b'-') {
            -1
        } else {
            self.eat(b'+');
            1
        };
        Some(sign * self.time(max_hours)?)
    }

    fn time(&mut self, max_hours: i32) -> Option<i32> {
        let h = self.number(max_hours)?;
        let mut seconds = h * 3600;
        if self.eat(b':') {
            seconds += self.number(59)? * 60;
            if self.eat(b':') {
                seconds += self.number(59)?;
            }
        }
        Some(seconds)
    }

    /// `Jn`, `n` or `Mm.w.d`, then optionally `/time` (default 02:00).
    fn transition(&mut self) -> Option<Transition> {
        let day = if self.eat(b'J') {
            let n = self.number(365)?;
            (n >= 1).then_some(DayRule::Julian1(i16::try_from(n).ok()?))?
        } else if self.eat(b'M') {
            let month = self.number(12)?;
            let week = (self.eat(b'.')).then(|| self.number(5)).flatten()?;
            let weekday = (self.eat(b'.')).then(|| self.number(6)).flatten()?;
            if month < 1 || week < 1 {
                return None;
            }
            DayRule::Month {
                month: i8::try_from(month).ok()?,
                week: i8::try_from(week).ok()?,
                weekday: i8::try_from(weekday).ok()?,
            }
        } else {
            DayRule::Julian0(i16::try_from(self.number(365)?).ok()?)
        };
        let time = if self.eat(b'/') {
            // RFC 8536's extension: -167..=167 hours.
            self.signed_time(167)?
        } else {
            2 * 3600
        };
        Some(Transition { day, time })
    }
}

impl DayRule {
    /// The day number (days since 1970-01-01) of this rule's day in `year`.
    fn day_number(self, year: i16) -> Option<i64> {
        let first = Date::new(year, 1, 1).ok()?.day_number();
        match self {
            DayRule::Julian1(n) => {
                let leap_shift = i64::from(civil::is_leap_year(year) && n >= 60);
                Some(first + i64::from(n) - 1 + leap_shift)
            }
            DayRule::Julian0(n) => Some(first + i64::from(n)),
            DayRule::Month {
                month,
                week,
                weekday,
            } => {
                let first_of_month = Date::new(year, month, 1).ok()?;
                let wd = i64::from(first_of_month.weekday().to_sunday_zero_offset());
                let mut day =
                    1 + (i64::from(weekday) - wd).rem_euclid(7) + 7 * (i64::from(week) - 1);
                let last = i64::from(first_of_month.days_in_month());
                while day > last {
                    day -= 7;
                }
                Some(first_of_month.day_number() + day - 1)
            }
        }
    }
}

impl Posix {
    /// The instants (seconds since the epoch) daylight-saving time starts and ends in
    /// a year.
    fn transitions(&self, year: i16) -> Option<(i64, i64)> {
        let start = self.start.day.day_number(year)? * 86_400 + i64::from(self.start.time)
            - i64::from(self.std);
        let end = self.end.day.day_number(year)? * 86_400 + i64::from(self.end.time)
            - i64::from(self.dst);
        Some((start, end))
    }

    fn offset_at(&self, t: i64) -> i32 {
        let local_std = t.saturating_add(i64::from(self.std));
        let year = Date::from_day_number(local_std.div_euclid(86_400)).map_or(1970, Date::year);
        let Some((start, end)) = self.transitions(year) else {
            return self.std;
        };
        let in_dst = if start < end {
            start <= t && t < end
        } else {
            !(end <= t && t < start)
        };
        if in_dst { self.dst } else { self.std }
    }

    /// The offset that turns a local wall-clock reading (seconds since 1970-01-01T00:00
    /// local) into an instant: the one that holds at the instant; in a gap the offset
    /// from before it (so the reading lands after the gap), in a fold the larger one
    /// (the earlier instant).
    fn offset_for_local(&self, local: i64) -> i32 {
        let fits = |offset: i32| self.offset_at(local - i64::from(offset)) == offset;
        match (fits(self.std), fits(self.dst)) {
            (true, true) => self.std.max(self.dst),
            (true, false) => self.std,
            (false, true) => self.dst,
            (false, false) => self.std.min(self.dst),
        }
    }
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
    use crate::civil::datetime;
    use proptest::prelude::*;

    const RULES: [&str; 5] = [
        "CET-1CEST,M3.5.0,M10.5.0/3",
        "EST5EDT,M3.2.0,M11.1.0",
        "AEST-10AEDT,M10.1.0,M4.1.0/3",
        "<+0330>-3:30<+0430>,J79/24,J263/24",
        "NZST-12NZDT,M9.5.0,M4.1.0/3",
    ];

    #[test]
    fn daylight_saving_gap_and_fold() {
        let berlin = Zone::parse("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        // 2025-03-30 02:30 does not exist in Berlin: it lands after the gap.
        let gap = berlin
            .to_timestamp(datetime(2025, 3, 30, 2, 30, 0, 0))
            .unwrap();
        assert_eq!(berlin.to_local(gap), datetime(2025, 3, 30, 3, 30, 0, 0));
        // 2025-10-26 02:30 happens twice: the earlier one, still summer time.
        let fold = berlin
            .to_timestamp(datetime(2025, 10, 26, 2, 30, 0, 0))
            .unwrap();
        assert_eq!(
            fold.display_with_offset(berlin.offset_at(fold)),
            "2025-10-26T02:30:00+02:00"
        );
        assert_eq!(
            berlin.format(datetime(2025, 12, 1, 9, 0, 0, 0)).unwrap(),
            "2025-12-01T09:00:00+01:00"
        );
        for bad in [
            "Europe/Berlin",
            "CET",
            "CET-1CEST",
            "CET-1CEST,M3.5.0",
            "CET-1CEST,M13.5.0,M10.5.0",
            "+26:00",
            "-9",
            "X-1",
        ] {
            assert!(Zone::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Zone::parse("JST-9")
                .unwrap()
                .format(datetime(2025, 1, 1, 0, 0, 0, 0))
                .unwrap(),
            "2025-01-01T00:00:00+09:00"
        );
    }

    /// RFC 8536's way of writing a zone that keeps summer time all year. (jiff takes
    /// the year from UTC and so puts a few standard hours at each new year here.)
    #[test]
    fn summer_time_all_year() {
        let z = Zone::parse("WART4WARST,J1/0,J365/25").unwrap();
        for t in [
            "1990-01-01T01:00:00Z",
            "1990-01-01T05:00:00Z",
            "1990-07-01T00:00:00Z",
            "1990-12-31T23:59:00Z",
        ] {
            assert_eq!(z.offset_at(t.parse().unwrap()), -3 * 3600, "{t}");
        }
    }

    fn jiff_zone(rule: &str) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::posix(rule).unwrap()
    }

    /// Every quarter hour from three hours before to three hours after each change of
    /// every rule, 1990–2040, read back to an instant as jiff does (gaps and folds).
    #[test]
    fn local_times_around_changes_agree_with_jiff() {
        for rule in RULES {
            let Rule::Posix(p) = Zone::parse(rule).unwrap().rule else {
                panic!("{rule}")
            };
            let ours = Zone::parse(rule).unwrap();
            let theirs = jiff_zone(rule);
            for year in 1990..=2040 {
                let (start, end) = p.transitions(year).unwrap();
                for change in [start, end] {
                    for step in -12..=12 {
                        let t = Timestamp::new(change + step * 900, 0).unwrap();
                        for local in [t.to_datetime(p.std).unwrap(), t.to_datetime(p.dst).unwrap()]
                        {
                            let jlocal: jiff::civil::DateTime = local.to_string().parse().unwrap();
                            let expected =
                                theirs.to_ambiguous_timestamp(jlocal).compatible().unwrap();
                            assert_eq!(
                                ours.to_timestamp(local).unwrap().as_second(),
                                expected.as_second(),
                                "{rule} at {local}"
                            );
                        }
                        let jt = jiff::Timestamp::from_second(t.as_second()).unwrap();
                        assert_eq!(
                            ours.offset_at(t),
                            theirs.to_offset(jt).seconds(),
                            "{rule} at {t}"
                        );
                    }
                }
            }
        }
    }

    proptest! {
        /// The string API's formatter writes what the general writer writes, and declines
        /// only the shapes it leaves to it (fractions of a second, years past 9999, offsets
        /// with seconds) and the errors; `format` is the general writer's text throughout.
        #[test]
        fn plain_format_is_format(i in 0_usize..RULES.len() + 4, t in -2_000_000_000_i64..5_000_000_000, nanos in prop_oneof![Just(0_i32), 0_i32..1_000_000_000]) {
            let zone = match i.checked_sub(RULES.len()) {
                None => Zone::parse(RULES[i]).unwrap(),
                Some(0) => Zone::seoul(),
                Some(1) => Zone::utc(),
                Some(2) => Zone::parse("-05:30").unwrap(),
                _ => Zone::parse("+00:19:32").unwrap(),
            };
            let local = Timestamp::new(t, nanos).unwrap().to_datetime(0).unwrap();
            let full = zone.format_full(local);
            prop_assert_eq!(zone.format(local), full.clone());
            match zone.format_plain(local) {
                Some(text) => prop_assert_eq!(Ok(text), full),
                None => prop_assert!(nanos != 0 || i == RULES.len() + 3 || full.is_err(), "{:?} at {}", zone, local),
            }
        }
    }

    proptest! {
        /// Offsets at instants, and instants of local times (gaps and folds included),
        /// agree with jiff's POSIX time zones.
        #[test]
        fn posix_rules_agree_with_jiff(i in 0_usize..RULES.len(), t in -2_000_000_000_i64..5_000_000_000) {
            let rule = RULES[i];
            let ours = Zone::parse(rule).unwrap();
            let theirs = jiff_zone(rule);
            let ts = Timestamp::new(t, 0).unwrap();
            let jts = jiff::Timestamp::from_second(t).unwrap();
            prop_assert_eq!(ours.offset_at(ts), theirs.to_offset(jts).seconds(), "offset of {}", rule);
            let local = ours.to_local(ts);
            prop_assert_eq!(local.to_string(), theirs.to_datetime(jts).to_string());
            // The same reading, back to an instant.
            let jlocal: jiff::civil::DateTime = local.to_string().parse().unwrap();
            let back = ours.to_timestamp(local).unwrap();
            let jback = theirs.to_ambiguous_timestamp(jlocal).compatible().unwrap();
            prop_assert_eq!(back.as_second(), jback.as_second(), "{} at {}", rule, local);
            // A reading shifted by minutes exercises gaps and folds.
            let shifted = local.checked_add_minutes(i64::from(t.rem_euclid(180) as i32) - 90).unwrap();
            let jshifted: jiff::civil::DateTime = shifted.to_string().parse().unwrap();
            prop_assert_eq!(
                ours.to_timestamp(shifted).unwrap().as_second(),
                theirs.to_ambiguous_timestamp(jshifted).compatible().unwrap().as_second(),
                "{} at {}", rule, shifted
            );
        }
    }
}
