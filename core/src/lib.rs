//! The Covered engine: answers whether a maintenance request is covered, how many of
//! this year's limited services remain, how severe it is, and when it will be answered
//! and restored.
//!
//! Invariants, stated as absences: this crate reads no clock (`now` is always a
//! parameter), does no I/O, and never panics on any input. Invalid data is an `Err`
//! naming the file, the JSON path and what was expected; "not covered" is a value.

pub mod admission;
pub mod api;
pub mod availability;
pub mod calendar;
pub mod civil;
pub mod compare;
pub mod compliance;
pub mod contract;
pub mod coverage;
pub mod credits;
pub mod fees;
pub mod filing;
pub mod i18n;
mod json;
pub mod kpi;
pub mod lifecycle;
pub mod map;
pub mod money;
pub mod problem;
pub mod quota;
pub mod replay;
pub mod request;
pub mod severity;
pub mod sla;
mod sort;
pub mod status;
pub mod submission;
pub mod verdict;
pub mod words;

pub use i18n::{Lang, Text};
pub use problem::{Problem, Problems};
pub use request::Request;
pub use verdict::{Verdict, evaluate};
