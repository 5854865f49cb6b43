//! Business calendars: weekly support windows, holidays, and the SLA clock arithmetic
//! that runs on them.

pub mod holidays;
