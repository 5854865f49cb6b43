//! Business calendars: weekly support windows, holidays, and the SLA clock arithmetic
//! that runs on them.
//!
//! Codemap:
//! - [`Zone`] (`zone.rs`): the time zone a calendar lives in, and ISO-8601 input and
//!   output in it.
//! - [`Window`], [`WeeklyHours`] (`hours.rs`): opening hours per weekday.
//! - [`Calendar`], [`Pause`], [`Deadline`], [`Elapsed`] (`clock.rs`): the clock —
//!   adding business minutes or business days, and measuring elapsed business time.
//! - [`Trace`], [`Step`] (`trace.rs`): the explanation of a clock result, as data,
//!   rendered in Korean or English.
//! - `timeline.rs`: local civil time as whole minutes on a line (internal).
//! - `holidays.rs`: Korean public holidays.
//!
//! Invariants, stated as absences: nothing here reads a clock, does I/O, or panics;
//! no loop runs past [`MAX_DATE`].
//!
//! The clock works on local wall-clock time with minute resolution: seconds and
//! fractions of seconds in starts, ends and pauses are dropped (`17:40:59` counts as
//! `17:40`), and a daylight-saving shift inside a window is not corrected for.

mod clock;
mod error;
mod hours;
mod timeline;
mod trace;
mod zone;

pub mod holidays;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use clock::{Calendar, Deadline, Elapsed, Pause};
pub use error::CalendarError;
pub use hours::{WeeklyHours, Window, parse_time_of_day};
pub use timeline::{MAX_DATE, MIN_DATE};
pub use trace::{Step, Trace, Unit};
pub use zone::Zone;

/// The language a [`Trace`] is rendered in: the crate's display language, re-exported
/// here so the calendar reads on its own.
pub use crate::i18n::Lang;
