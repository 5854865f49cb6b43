//! The one error type of the calendar: invalid input or an impossible configuration,
//! each naming the offending value.

use std::fmt;

use crate::civil::{DateTime, Weekday};

use super::hours::{Window, weekday_word};
use super::timeline::{MAX_DATE, MIN_DATE};
use super::trace::Unit;
use crate::i18n::Lang;
use crate::words::{self, Param, Params};

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

impl CalendarError {
    /// The stable code of the problem (`unknown_zone`, `invalid_window`, …), as
    /// [`crate::problem::Code`] serialises it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownZone { .. } => "unknown_zone",
            Self::InvalidDateTime { .. } => "not_date_time",
            Self::InvalidTime { .. } => "invalid_time",
            Self::InvalidWindow { .. } => "invalid_window",
            Self::InvalidDayHours { error, .. } => match **error {
                Self::InvalidTime { .. } => "invalid_day_time",
                _ => "invalid_day_hours",
            },
            Self::WindowsOverlap { .. } => "windows_overlap",
            Self::WindowsOutOfOrder { .. } => "windows_out_of_order",
            Self::NoBusinessTime => "no_business_time",
            Self::InvalidPause { .. } => "pause_not_after",
            Self::NegativeDuration { .. } => "negative_duration",
            Self::EndBeforeStart { .. } => "end_before_start",
            Self::DateOutOfRange { .. } => "date_out_of_range",
            Self::ClockBeyondRange { .. } => "clock_beyond_range",
        }
    }

    /// Its parameters, by name.
    pub fn params(&self) -> Params<'_> {
        match self {
            Self::UnknownZone { value }
            | Self::InvalidTime { value }
            | Self::InvalidWindow { value } => vec![("value", Param::Str(value))],
            Self::InvalidDateTime { value, reason } => {
                vec![("value", Param::Str(value)), ("reason", Param::Str(reason))]
            }
            Self::InvalidDayHours { weekday, error } => {
                let mut p = vec![("weekday", Param::Word(weekday_word(*weekday)))];
                p.extend(error.params());
                p
            }
            Self::WindowsOverlap {
                weekday,
                first,
                second,
            }
            | Self::WindowsOutOfOrder {
                weekday,
                first,
                second,
            } => vec![
                ("weekday", Param::Word(weekday_word(*weekday))),
                ("first", Param::Window(*first)),
                ("second", Param::Window(*second)),
            ],
            Self::NoBusinessTime => vec![],
            Self::InvalidPause { from, to } => vec![
                ("from", Param::DateTime(*from)),
                ("to", Param::DateTime(*to)),
            ],
            Self::NegativeDuration { amount, unit } => vec![
                ("amount", Param::Int(*amount)),
                ("unit", Param::Word(unit.word())),
            ],
            Self::EndBeforeStart { start, end } => vec![
                ("start", Param::DateTime(*start)),
                ("end", Param::DateTime(*end)),
            ],
            Self::DateOutOfRange { value } => vec![
                ("value", Param::DateTime(*value)),
                ("min", Param::Date(MIN_DATE)),
                ("max", Param::Date(MAX_DATE)),
            ],
            Self::ClockBeyondRange { start } => vec![
                ("start", Param::DateTime(*start)),
                ("max", Param::Date(MAX_DATE)),
            ],
        }
    }
}

/// The English sentence of its code ([`crate::words`]).
impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&words::render(self.code(), &self.params(), Lang::En))
    }
}

impl std::error::Error for CalendarError {}
