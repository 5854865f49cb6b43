//! Opening hours: a [`Window`] is one half-open stretch of a day, and [`WeeklyHours`]
//! holds the sorted windows of each weekday.

use std::fmt;

use crate::civil::Weekday;

use super::error::CalendarError;

/// Minutes in a day; a window may close at `24:00`.
const DAY_MINUTES: u16 = 1440;

/// The English short name of a weekday (`Mon`).
/// A weekday as a word of the engine's own: its id, Korean and English.
pub(crate) fn weekday_word(weekday: Weekday) -> &'static [&'static str; 3] {
    match weekday {
        Weekday::Monday => &["mon", "월요일", "Mon"],
        Weekday::Tuesday => &["tue", "화요일", "Tue"],
        Weekday::Wednesday => &["wed", "수요일", "Wed"],
        Weekday::Thursday => &["thu", "목요일", "Thu"],
        Weekday::Friday => &["fri", "금요일", "Fri"],
        Weekday::Saturday => &["sat", "토요일", "Sat"],
        Weekday::Sunday => &["sun", "일요일", "Sun"],
    }
}

pub(crate) fn weekday_en(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// One stretch of business time in a day, half-open: `[open, close)` in minutes from
/// midnight, with `0 <= open < close <= 1440`. A window closing at `24:00` (1440)
/// runs on without a break into a window opening at `00:00` the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    open: u16,
    close: u16,
}

impl Window {
    /// The whole day, `00:00–24:00`.
    pub const ALL_DAY: Window = Window {
        open: 0,
        close: DAY_MINUTES,
    };

    /// A window from minutes of the day.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidWindow`] unless `open < close <= 1440`.
    pub fn new(open: u16, close: u16) -> Result<Window, CalendarError> {
        if open < close && close <= DAY_MINUTES {
            Ok(Window { open, close })
        } else {
            Err(CalendarError::InvalidWindow {
                value: format!("{}-{}", hhmm(open), hhmm(close)),
            })
        }
    }

    /// Parses `"08:00-18:00"` (a hyphen or an en dash between the times, spaces
    /// around it allowed).
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidTime`] for a time that is not `HH:MM` from `00:00` to
    /// `24:00`, [`CalendarError::InvalidWindow`] for anything else that is not two
    /// times with the opening before the closing.
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::calendar::Window;
    ///
    /// let w = Window::parse("08:00-18:00")?;
    /// assert_eq!((w.open(), w.close()), (480, 1080));
    /// assert_eq!(w.to_string(), "08:00–18:00");
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn parse(value: &str) -> Result<Window, CalendarError> {
        let invalid = || CalendarError::InvalidWindow {
            value: value.to_owned(),
        };
        let (open, close) = value
            .split_once('-')
            .or_else(|| value.split_once('–'))
            .ok_or_else(invalid)?;
        let open = parse_time_of_day(open.trim())?;
        let close = parse_time_of_day(close.trim())?;
        if open < close {
            Ok(Window { open, close })
        } else {
            Err(invalid())
        }
    }

    /// Minutes from midnight at which the window opens.
    pub fn open(self) -> u16 {
        self.open
    }

    /// Minutes from midnight at which the window closes (1440 for `24:00`).
    pub fn close(self) -> u16 {
        self.close
    }

    /// Length of the window in minutes.
    pub fn minutes(self) -> u16 {
        self.close.saturating_sub(self.open)
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", hhmm(self.open), hhmm(self.close))
    }
}

impl serde::Serialize for Window {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Parses a time of day `HH:MM` from `00:00` to `24:00` into minutes from midnight.
///
/// # Errors
///
/// [`CalendarError::InvalidTime`] for anything else (`8:00`, `24:30`, `12:60`).
pub fn parse_time_of_day(value: &str) -> Result<u16, CalendarError> {
    let invalid = || CalendarError::InvalidTime {
        value: value.to_owned(),
    };
    let bytes = value.as_bytes();
    let [h1, h2, b':', m1, m2] = bytes else {
        return Err(invalid());
    };
    let digit = |b: &u8| b.is_ascii_digit().then(|| u16::from(b - b'0'));
    let (Some(h1), Some(h2), Some(m1), Some(m2)) = (digit(h1), digit(h2), digit(m1), digit(m2))
    else {
        return Err(invalid());
    };
    let minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
    if m1 * 10 + m2 < 60 && minutes <= DAY_MINUTES {
        Ok(minutes)
    } else {
        Err(invalid())
    }
}

/// `HH:MM` for minutes from midnight (`24:00` for 1440).
pub(crate) fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Business hours per weekday: for each of Monday to Sunday a sorted list of
/// non-overlapping [`Window`]s (several per day for lunch breaks; none for a day
/// without business time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyHours {
    days: [Vec<Window>; 7],
}

impl WeeklyHours {
    /// Weekly hours from the windows of Monday, Tuesday, …, Sunday, in that order.
    /// Windows that touch (`08:00-12:00`, `12:00-18:00`) are allowed and run on
    /// without a break.
    ///
    /// # Errors
    ///
    /// [`CalendarError::WindowsOutOfOrder`] when a day's windows are not sorted by
    /// opening time, [`CalendarError::WindowsOverlap`] when one opens before the
    /// previous one closes; both name the weekday and the two windows.
    pub fn new(days: [Vec<Window>; 7]) -> Result<WeeklyHours, CalendarError> {
        for (weekday, windows) in Weekday::ALL.iter().zip(&days) {
            for pair in windows.windows(2) {
                if let [first, second] = pair {
                    if second.open < first.open {
                        return Err(CalendarError::WindowsOutOfOrder {
                            weekday: *weekday,
                            first: *first,
                            second: *second,
                        });
                    }
                    if second.open < first.close {
                        return Err(CalendarError::WindowsOverlap {
                            weekday: *weekday,
                            first: *first,
                            second: *second,
                        });
                    }
                }
            }
        }
        Ok(WeeklyHours { days })
    }

    /// Parses the hours of Monday, …, Sunday, each a comma-separated list of windows
    /// (`"08:00-12:00, 13:00-18:00"`); an empty string is a day without business
    /// time.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidDayHours`] naming the weekday around the window's
    /// error, and the errors of [`WeeklyHours::new`].
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::calendar::WeeklyHours;
    ///
    /// let day = "08:00-12:00, 13:00-18:00";
    /// let hours = WeeklyHours::parse([day, day, day, day, "08:00-13:00", "", ""])?;
    /// assert_eq!(hours.minutes_per_week(), 4 * 540 + 300);
    ///
    /// let err = WeeklyHours::parse(["", "18:00-08:00", "", "", "", "", ""]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Tue hours: invalid window \"18:00-08:00\": expected HH:MM-HH:MM with the opening before the closing",
    /// );
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn parse(days: [&str; 7]) -> Result<WeeklyHours, CalendarError> {
        let mut parsed: [Vec<Window>; 7] = Default::default();
        for ((weekday, text), windows) in Weekday::ALL.iter().zip(days).zip(&mut parsed) {
            for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let window =
                    Window::parse(part).map_err(|error| CalendarError::InvalidDayHours {
                        weekday: *weekday,
                        error: Box::new(error),
                    })?;
                windows.push(window);
            }
        }
        WeeklyHours::new(parsed)
    }

    /// Every minute of every day (24×7).
    pub fn always() -> WeeklyHours {
        WeeklyHours::every_day(Window::ALL_DAY)
    }

    /// The same window every day of the week (16×7 is `every_day(06:00-22:00)`).
    pub fn every_day(window: Window) -> WeeklyHours {
        WeeklyHours {
            days: std::array::from_fn(|_| vec![window]),
        }
    }

    /// The same window Monday to Friday, nothing at the weekend (10×5 is
    /// `weekdays(08:00-18:00)`).
    pub fn weekdays(window: Window) -> WeeklyHours {
        WeeklyHours {
            days: std::array::from_fn(|i| if i < 5 { vec![window] } else { Vec::new() }),
        }
    }

    /// The windows of a weekday, sorted.
    pub fn windows(&self, weekday: Weekday) -> &[Window] {
        let index = usize::try_from(weekday.to_monday_zero_offset()).unwrap_or(0);
        self.windows_at(index)
    }

    /// The windows of the weekday with Monday = 0.
    pub(crate) fn windows_at(&self, index: usize) -> &[Window] {
        self.days.get(index).map_or(&[], Vec::as_slice)
    }

    /// Business minutes in one week.
    pub fn minutes_per_week(&self) -> i64 {
        self.days
            .iter()
            .flatten()
            .map(|w| i64::from(w.minutes()))
            .sum()
    }

    /// Weekdays with at least one window.
    pub fn days_per_week(&self) -> i64 {
        self.days.iter().map(|d| i64::from(!d.is_empty())).sum()
    }
}
