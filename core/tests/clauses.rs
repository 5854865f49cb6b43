//! Every clause a verdict cites comes from the vendor's own data: over both sample
//! vendors, and for a vendor that names clauses of its own.

use crate::common::answers::{Flavour, answers};
use crate::common::{self, sample_files};
use crate::engine::{MON, dt, edit};
use covered_core::api;
use serde_json::{Value, json};

/// Every clause a verdict cites is written in that vendor's own files: none comes from
/// the engine. Each sample contract, on a day inside its period, before and after it,
/// for every product and version of the catalog, every request type, its own branches
/// and one it does not have, with high and low answers.
#[test]
fn every_clause_a_verdict_cites_is_in_the_vendors_own_data() {
    for vendor in ["library", "cloud"] {
        let files = common::sample_files(vendor);
        let all_text: String = files.values().map(String::as_str).collect();
        let data = common::sample(vendor);
        let mut cited: std::collections::BTreeSet<String> = Default::default();
        let mut checks = 0;
        for contract in &data.contracts {
            let inside = contract.start.at(10, 0, 0, 0);
            let after = contract.end.tomorrow().unwrap().at(10, 0, 0, 0);
            let before = contract.start.yesterday().unwrap().at(10, 0, 0, 0);
            let mut branches: Vec<Option<&str>> = contract
                .branches
                .iter()
                .map(|b| Some(b.id.as_str()))
                .collect();
            branches.push(Some("no-such-branch"));
            for product in &data.catalog.products {
                for version in &product.versions {
                    for category in &data.catalog.categories {
                        for branch in &branches {
                            for high in [true, false] {
                                for now in [inside, after, before] {
                                    // The days outside the period are checked with
                                    // low answers only.
                                    if now != inside && high {
                                        continue;
                                    }
                                    let request = json!({"branch": branch, "product": product.id,
                                        "version": version, "category": category.id,
                                        "answers": answers(&data, &category.id, if high { Flavour::High } else { Flavour::Low })});
                                    let Ok(v) =
                                        api::check(&data, &contract.id, &request.to_string(), now)
                                    else {
                                        continue;
                                    };
                                    checks += 1;
                                    cited.extend(
                                        v.coverage.reasons.iter().filter_map(|r| r.clause.clone()),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(checks > 100, "{vendor}: only {checks} checks were judged");
        assert!(cited.len() > 3, "{vendor}: only {cited:?} cited");
        let foreign: Vec<&String> = cited
            .iter()
            .filter(|c| !all_text.contains(c.as_str()))
            .collect();
        assert!(
            foreign.is_empty(),
            "{vendor} cites clauses its data does not have: {foreign:?}"
        );
    }
}

/// A vendor whose catalog names its own clauses (and its matrix none) gets them back:
/// the period, the branch and the product checks cite its words, the matrix its
/// service's clause.
#[test]
fn a_vendor_gets_its_own_clauses_back() {
    let mut files = sample_files("library");
    edit(&mut files, "catalog.json", |c| {
        c["clauses"] = json!({"period": "§ 1.2", "branch": "§ 1.3", "product": "§ 1.4"});
        for s in c["services"].as_array_mut().unwrap() {
            if s["id"] == "feature_addition" {
                s["clause"] = json!("제5조 ③");
            }
        }
    });
    let data = covered_core::contract::load(&files).unwrap_or_else(|p| panic!("{p}"));
    let clauses_of = |request: Value, now: &str| -> Vec<(String, Option<String>)> {
        let v = api::check(&data, "saesol-univ", &request.to_string(), dt(now))
            .unwrap_or_else(|p| panic!("{p}"));
        v.coverage
            .reasons
            .iter()
            .map(|r| (r.rule.clone(), r.clause.clone()))
            .collect()
    };
    let selective = json!({"branch": "central", "product": "DEXPEED", "version": "3",
        "category": "feature_addition", "answers": {"beyond_package": false, "person_days": 1}});
    let reasons = clauses_of(selective, MON);
    assert!(
        reasons.contains(&("period".into(), Some("§ 1.2".into()))),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&("matrix".into(), Some("제5조 ③".into()))),
        "{reasons:?}"
    );
    let elsewhere = json!({"branch": "no-such-branch", "product": "PYXIS", "version": "2",
        "category": "usage_question"});
    let reasons = clauses_of(elsewhere, MON);
    assert!(
        reasons.contains(&("branch".into(), Some("§ 1.3".into()))),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&("product".into(), Some("§ 1.4".into()))),
        "{reasons:?}"
    );
    // No clause in the data for termination: none is made up.
    assert!(
        reasons.iter().all(|(_, c)| c.as_deref() != Some("제3조 ①")),
        "{reasons:?}"
    );
}
