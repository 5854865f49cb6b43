//! The `covered` command's library: reading a data directory from disk (`data`) and
//! the `covered serve` server (`serve`), the data files' JSON Schemas (`schema`). `main.rs` parses arguments and prints JSON.

pub mod data;
pub mod ics;
pub mod schema;
pub mod serve;
