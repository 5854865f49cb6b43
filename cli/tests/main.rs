//! The `covered` command's and its server's tests, linked as one test binary (each of
//! them links the server, its HTTP stack and both database drivers): the command's
//! outputs and exit codes, the API in process on SQLite and PostgreSQL, and a server
//! killed under load.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

mod admission;
#[path = "../../core/tests/common/answers.rs"]
mod answers;
mod args;
mod cli;
mod docs;
mod ics;
mod schema;
mod serve_abuse;
mod serve_api;
mod serve_attachments;
mod serve_attacks;
mod serve_audit;
mod serve_autoclose;
mod serve_backup;
mod serve_calendar;
mod serve_desk;
mod serve_errors;
mod serve_health;
mod serve_incident;
mod serve_kill;
mod serve_limits;
mod serve_log;
mod serve_mail;
mod serve_migrate;
mod serve_openapi;
mod serve_outbox;
mod serve_shutdown;
mod serve_static;
mod serve_twins;
mod serve_widget;
mod support;
