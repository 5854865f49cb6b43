//! Nothing in the data can make the core panic: random edits of the sample data and
//! random requests give values or problems, never a crash.

use covered_core::map::Map;
use covered_core::{api, contract::load};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common;
use crate::common::{any_json, mutate};

fn sample() -> Map<String, String> {
    common::sample_files("library")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn random_edits_of_any_file_never_panic(file_pick in 0usize..16, seed in any::<u64>(), new in any_json()) {
        let mut files = sample();
        let names: Vec<String> = files.keys().cloned().collect();
        let name = names[file_pick % names.len()].clone();
        let mut v: Value = serde_json::from_str(files.get(&name).unwrap()).unwrap();
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
