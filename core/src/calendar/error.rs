//! The one error type of the calendar: invalid input or an impossible configuration,
//! each naming the offending value.

use std::fmt;

use crate::civil::{DateTime, Weekday};

use super::hours::{Window, weekday_en};
use super::timeline::{MAX_DATE, MIN_DATE};
use super::trace::Unit;

/// Why a calendar could not be built or a clock could not run.
///
/// Messages are lowercase, without a trailing period, and name the offending values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// A time zone that is neither `Asia/Seoul`, `UTC`, a fixed offset nor a POSIX TZ
    /// string.
    UnknownZone {
        /// The value as given.
        value: String,
    },
    /// An input date-time that is not ISO-8601, or a local time the zone cannot
    /// place.
    InvalidDateTime {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A time of day that is not `HH:MM` between `00:00` and `24:00`.
    InvalidTime {
        /// The value as given.
        value: String,
    },
    /// A window that is not `HH:MM-HH:MM` with the opening before the closing.
    InvalidWindow {
        /// The value as given.
        value: String,
    },
    /// An invalid window in one weekday's hours.
    InvalidDayHours {
        /// The weekday whose hours are invalid.
        weekday: Weekday,
        /// What is wrong with them.
        error: Box<CalendarError>,
    },
    /// Two windows of one weekday overlap.
    WindowsOverlap {
        /// The weekday.
        weekday: Weekday,
        /// The earlier window.
        first: Window,
        /// The window that starts before `first` closes.
        second: Window,
    },
    /// A weekday's windows are not sorted by opening time.
    WindowsOutOfOrder {
        /// The weekday.
        weekday: Weekday,
        /// The window listed first.
        first: Window,
        /// The window listed next, which opens earlier.
        second: Window,
    },
    /// The weekly hours have no window at all, so the clock can never run.
    NoBusinessTime,
    /// A pause that does not end after it starts.
    InvalidPause {
        /// When the pause starts.
        from: DateTime,
        /// When it ends.
        to: DateTime,
    },
    /// A negative number of minutes or business days.
    NegativeDuration {
        /// The amount as given.
        amount: i64,
        /// Its unit.
        unit: Unit,
    },
    /// `elapsed` was asked for an end before its start.
    EndBeforeStart {
        /// The start.
        start: DateTime,
        /// The end, earlier than the start.
        end: DateTime,
    },
    /// An input date outside [`MIN_DATE`]..=[`MAX_DATE`].
    DateOutOfRange {
        /// The value as given.
        value: DateTime,
    },
    /// The clock would run past [`MAX_DATE`].
    ClockBeyondRange {
        /// Where the clock started.
        start: DateTime,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownZone { value } => write!(
                f,
                "unknown time zone {value:?}: expected \"Asia/Seoul\", \"UTC\", a fixed offset \
                 like \"+09:00\" or a POSIX TZ string like \"CET-1CEST,M3.5.0,M10.5.0/3\""
            ),
            Self::InvalidDateTime { value, reason } => write!(
                f,
                "invalid date-time {value:?}: {reason} (expected ISO-8601 like \
                 \"2025-10-02T17:40\" or \"2025-10-02T17:40:00+09:00\")"
            ),
            Self::InvalidTime { value } => write!(
                f,
                "invalid time of day {value:?}: expected HH:MM from 00:00 to 24:00"
            ),
            Self::InvalidWindow { value } => write!(
                f,
                "invalid window {value:?}: expected HH:MM-HH:MM with the opening before the closing"
            ),
            Self::InvalidDayHours { weekday, error } => {
                write!(f, "{} hours: {error}", weekday_en(*weekday))
            }
            Self::WindowsOverlap {
                weekday,
                first,
                second,
            } => write!(
                f,
                "{} windows {first} and {second} overlap",
                weekday_en(*weekday)
            ),
            Self::WindowsOutOfOrder {
                weekday,
                first,
                second,
            } => write!(
                f,
                "{} windows {first} and {second} are out of order: list them by opening time",
                weekday_en(*weekday)
            ),
            Self::NoBusinessTime => write!(
                f,
                "the weekly hours have no window, so the clock can never run"
            ),
            Self::InvalidPause { from, to } => {
                write!(
                    f,
                    "invalid pause {from} to {to}: a pause must end after it starts"
                )
            }
            Self::NegativeDuration { amount, unit } => write!(
                f,
                "negative duration of {amount} {}: durations must be zero or more",
                unit.name()
            ),
            Self::EndBeforeStart { start, end } => {
                write!(f, "end {end} is before start {start}")
            }
            Self::DateOutOfRange { value } => write!(
                f,
                "{value} is outside the supported range {MIN_DATE} to {MAX_DATE}"
            ),
            Self::ClockBeyondRange { start } => write!(
                f,
                "the clock started at {start} runs past {MAX_DATE}, the end of the supported range"
            ),
        }
    }
}

impl std::error::Error for CalendarError {}
