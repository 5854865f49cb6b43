//! The time zone a calendar lives in, and ISO-8601 date-times read and written in it.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};

use super::error::CalendarError;

/// A time zone with the name it was given.
///
/// `Asia/Seoul` is compiled in (no time zone database is read at run time); any
/// other zone is given as `UTC`, a fixed offset (`+09:00`) or a POSIX TZ string
/// (`CET-1CEST,M3.5.0,M10.5.0/3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    tz: TimeZone,
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
        match value {
            "Asia/Seoul" => Ok(Zone::seoul()),
            "UTC" => Ok(Zone::utc()),
            _ => {
                if let Some(offset) = parse_offset(value) {
                    return Ok(Zone {
                        name: format_offset(offset),
                        tz: TimeZone::fixed(offset),
                    });
                }
                match TimeZone::posix(value) {
                    Ok(tz) => Ok(Zone {
                        name: value.to_owned(),
                        tz,
                    }),
                    Err(_) => Err(CalendarError::UnknownZone {
                        value: value.to_owned(),
                    }),
                }
            }
        }
    }

    /// `Asia/Seoul`, compiled in.
    pub fn seoul() -> Zone {
        Zone {
            name: "Asia/Seoul".to_owned(),
            tz: jiff::tz::get!("Asia/Seoul"),
        }
    }

    /// `UTC`.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".to_owned(),
            tz: TimeZone::UTC,
        }
    }

    /// The name the zone was given (fixed offsets normalised to `+09:00`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The underlying jiff time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The local date-time of an instant.
    pub fn to_local(&self, timestamp: Timestamp) -> DateTime {
        self.tz.to_datetime(timestamp)
    }

    /// The instant of a local date-time. A local time skipped or repeated by a
    /// daylight-saving change is resolved the usual way: in a gap, the time after the
    /// gap; in a fold, the earlier instant.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidDateTime`] when the instant lies outside jiff's range.
    pub fn to_timestamp(&self, local: DateTime) -> Result<Timestamp, CalendarError> {
        self.tz
            .to_ambiguous_timestamp(local)
            .compatible()
            .map_err(|e| CalendarError::InvalidDateTime {
                value: local.to_string(),
                reason: e.to_string(),
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
        let invalid = |reason: &str| CalendarError::InvalidDateTime {
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let bytes = value.as_bytes();
        let shape_ok = bytes.get(4) == Some(&b'-')
            && bytes.get(7) == Some(&b'-')
            && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
            && bytes.get(13) == Some(&b':');
        if !shape_ok {
            return Err(invalid(
                "expected a date and a time with hours and minutes, YYYY-MM-DDTHH:MM",
            ));
        }
        let pieces = Pieces::parse(value).map_err(|e| invalid(&e.to_string()))?;
        if pieces.time_zone_annotation().is_some() {
            return Err(invalid(
                "bracketed time zone annotations are not accepted, give an offset instead",
            ));
        }
        let time = pieces
            .time()
            .ok_or_else(|| invalid("the time of day is missing"))?;
        let local = DateTime::from_parts(pieces.date(), time);
        match pieces.offset() {
            None => Ok(local),
            Some(offset) => {
                let instant = offset
                    .to_numeric_offset()
                    .to_timestamp(local)
                    .map_err(|e| invalid(&e.to_string()))?;
                Ok(self.tz.to_datetime(instant))
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
        let instant = self.to_timestamp(local)?;
        let offset = self.tz.to_offset(instant);
        Ok(instant.display_with_offset(offset).to_string())
    }
}

impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

/// `+09:00`, `-05:30` or `+09` (hours 00–25, minutes 00–59).
fn parse_offset(value: &str) -> Option<Offset> {
    let bytes = value.as_bytes();
    let (sign, rest) = match bytes.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ => return None,
    };
    let two = |pair: &[u8]| -> Option<i32> {
        match pair {
            [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                Some(i32::from(a - b'0') * 10 + i32::from(b - b'0'))
            }
            _ => None,
        }
    };
    let (hours, minutes) = match rest {
        [h1, h2] => (two(&[*h1, *h2])?, 0),
        [h1, h2, b':', m1, m2] => (two(&[*h1, *h2])?, two(&[*m1, *m2])?),
        _ => return None,
    };
    if hours > 25 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// `+09:00`.
fn format_offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}
