//! Shared by the engine's integration tests and benchmarks: reading the sample data
//! directories from disk (the core itself does no I/O).

#![allow(dead_code, clippy::panic)]

pub mod answers;

use covered_core::contract::{DataSet, load};
use covered_core::map::Map;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::Path;

/// Every `.json` file under `dir`, keyed by its path relative to `dir` with `/`.
pub fn read_dir(dir: &Path) -> Map<String, String> {
    let mut files = Map::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p
                    .strip_prefix(dir)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                files.insert(rel, text);
            }
        }
    }
    files
}

/// The files of a sample vendor in `public/data/` (`library` or `cloud`).
pub fn sample_files(vendor: &str) -> Map<String, String> {
    read_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../public/data")
            .join(vendor),
    )
}

/// A sample vendor's data, loaded and validated.
pub fn sample(vendor: &str) -> DataSet {
    load(&sample_files(vendor))
        .unwrap_or_else(|p| panic!("sample data {vendor} does not load:\n{p}"))
}

/// Any JSON value, with leaves that probe edges: huge decimals, 29 February, the
/// last representable minute, "24:00", negative fractions.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|n| json!(n)),
        "[a-z0-9:.\\-T ]{0,12}".prop_map(Value::String),
        Just(json!("24:00")),
        Just(json!("99.0")),
        Just(json!("-0.5")),
        Just(json!("79228162514264337593543950335")),
        Just(json!("2026-02-29")),
        Just(json!("2026-02-29T00:00:00")),
        Just(json!("9999-12-31T23:59:00")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the value at a pseudo-random place (chosen by `seed`) with `new`.
pub fn mutate(v: &mut Value, mut seed: u64, new: Value) {
    let mut cur = v;
    loop {
        let n = match cur {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if n == 0 || seed.is_multiple_of(5) {
            *cur = new;
            return;
        }
        let i = usize::try_from(seed / 5).unwrap_or(0) % n;
        seed /= 7;
        cur = match cur {
            Value::Object(m) => match m.values_mut().nth(i) {
                Some(v) => v,
                None => return,
            },
            Value::Array(a) => match a.get_mut(i) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
}
