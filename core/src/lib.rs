//! The Covered engine: answers whether a maintenance request is covered, how many of
//! this year's limited services remain, how severe it is, and when it will be answered
//! and restored.
//!
//! Invariants, stated as absences: this crate reads no clock (`now` is always a
//! parameter), does no I/O, and never panics on any input. Invalid data is an `Err`
//! naming the file, the JSON path and what was expected; "not covered" is a value.

/// A TypeScript declaration written out for a type whose serde form is written out by
/// hand (`ts_as!(Type, "Name", "{ … }", [Dependency, …])`): the TypeScript of its
/// custom `Serialize`, next to it.
#[cfg(feature = "ts")]
macro_rules! ts_as {
    ($ty:ty, $name:literal, $decl:literal, [$($dep:ty),*]) => {
        impl ts_rs::TS for $ty {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                $name.to_owned()
            }
            fn inline(_: &ts_rs::Config) -> String {
                $decl.to_owned()
            }
            fn decl(_: &ts_rs::Config) -> String {
                format!("type {} = {};", $name, $decl)
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                <Self as ts_rs::TS>::decl(cfg)
            }
            fn inline_flattened(_: &ts_rs::Config) -> String {
                $decl.to_owned()
            }
            fn visit_dependencies(_v: &mut impl ts_rs::TypeVisitor)
            where
                Self: 'static,
            {
                $(_v.visit::<$dep>();)*
            }
            fn output_path() -> Option<std::path::PathBuf> {
                Some(std::path::PathBuf::from(concat!($name, ".ts")))
            }
        }
    };
}

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
pub mod csv;
pub mod fees;
pub mod filing;
pub mod i18n;
pub mod incident;
mod json;
pub mod kpi;
pub mod lifecycle;
pub mod map;
pub mod money;
pub mod notify;
pub mod problem;
pub mod quota;
pub mod replay;
pub mod request;
pub mod severity;
pub mod sla;
mod sort;
pub mod status;
pub mod submission;
pub mod text;
pub mod timed;
pub mod verdict;
pub mod words;

pub use i18n::{Lang, Text};
pub use problem::{Problem, Problems};
pub use request::Request;
pub use verdict::{Verdict, evaluate};
