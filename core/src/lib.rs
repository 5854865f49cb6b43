//! The Covered engine: answers whether a maintenance request is covered, how many of
//! this year's limited services remain, how severe it is, and when it will be answered
//! and restored.
//!
//! Invariants, stated as absences: this crate reads no clock (`now` is always a
//! parameter), does no I/O, and never panics on any input. Invalid data is an `Err`
//! naming the file, the JSON path and what was expected; "not covered" is a value.

pub mod calendar;
