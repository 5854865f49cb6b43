//! The `covered` command's library: reading a data directory from disk (`data`) and
//! the `covered serve` server (`serve`), the data files' JSON Schemas (`schema`). `args` is the command line (clap); `main.rs` runs it and
//! prints JSON.

pub mod args;
pub mod data;
pub mod ics;
pub mod schema;
pub mod serve;
