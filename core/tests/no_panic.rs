//! Nothing in the data can make the core panic: random edits of the sample data and
//! random requests give values or problems, never a crash.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use covered_core::{api, contract::load};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

mod common;

fn sample() -> BTreeMap<String, String> {
    common::sample_files("library")
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|n| json!(n)),
        "[a-z0-9:\\-T ]{0,12}".prop_map(Value::String),
        Just(json!("24:00")),
        Just(json!("2026-02-29")),
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

/// Replaces the value at a pseudo-random place (chosen by `path_seed`) with `new`.
fn mutate(v: &mut Value, mut path_seed: u64, new: Value) {
    let mut cur = v;
    loop {
        let n = match cur {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if n == 0 || path_seed.is_multiple_of(5) {
            *cur = new;
            return;
        }
        let i = (path_seed as usize / 5) % n;
        path_seed /= 7;
        cur = match cur {
            Value::Object(m) => m.values_mut().nth(i).unwrap(),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn random_edits_of_any_file_never_panic(file_pick in 0usize..16, seed in any::<u64>(), new in any_json()) {
        let mut files = sample();
        let names: Vec<String> = files.keys().cloned().collect();
        let name = names[file_pick % names.len()].clone();
        let mut v: Value = serde_json::from_str(&files[&name]).unwrap();
        mutate(&mut v, seed, new);
        files.insert(name, v.to_string());
        if let Ok(data) = load(&files) {
            let _ = covered_core::verdict::run_cases(&data);
        }
    }

    #[test]
    fn random_requests_never_panic(seed in any::<u64>(), new in any_json()) {
        let files = sample();
        let data = load(&files).unwrap();
        let mut req = json!({"branch": "main", "product": "DLi", "version": "8", "category": "fault",
            "answers": {"impact": "whole_system"}, "received": "2026-11-20T22:30:00"});
        mutate(&mut req, seed, new);
        let now = "2026-11-23T10:00:00".parse().unwrap();
        let _ = api::check(&data, "hanbit-city", &req.to_string(), now);
        let _ = api::deadline(&req.to_string(), Some(&data));
    }
}
