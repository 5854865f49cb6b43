//! Cross-crate integration tests: the workspace's crates and shipped files, together.
//! One test binary (`cargo test -p covered-tests`); a module per area.

mod codemap;
mod codes;
mod sample_data;
