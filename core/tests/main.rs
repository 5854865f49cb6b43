//! covered-core's integration tests, linked as one test binary (one link instead of
//! three): the engine on the sample data, money and KPIs, and inputs that must never
//! make it panic.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

mod clauses;
mod common;
mod engine;
mod incident;
mod lifecycle;
mod money_kpi;
mod no_panic;
mod replay;
mod timed;
