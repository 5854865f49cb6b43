//! The engine on the sample data: validation messages, coverage verdicts, annual
//! limits, severity and deadlines — one `check`-style helper per area.

use covered_core::civil::DateTime;
use covered_core::contract::{DataSet, load};
use covered_core::coverage::Status;
use covered_core::map::Map;
use covered_core::verdict::run_cases;
use covered_core::{Problems, api};
use serde_json::{Value, json};

use crate::common::{sample, sample_files};

fn library() -> DataSet {
    sample("library")
}

pub(crate) fn dt(s: &str) -> DateTime {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Edits one JSON file of a file set.
pub(crate) fn edit(files: &mut Map<String, String>, file: &str, f: impl FnOnce(&mut Value)) {
    let text = files.get(file).cloned().unwrap_or_default();
    let mut v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    f(&mut v);
    files.insert(file.to_owned(), v.to_string());
}

fn problems_of(files: &Map<String, String>) -> Vec<String> {
    match load(files) {
        Ok(_) => Vec::new(),
        Err(Problems(ps)) => ps.iter().map(ToString::to_string).collect(),
    }
}

// ---------------------------------------------------------------- validation

/// Each of `wants` starts one of the reported problems.
#[track_caller]
fn assert_reported(got: &[String], wants: &[&str]) {
    for want in wants {
        assert!(
            got.iter().any(|g| g.starts_with(want)),
            "missing {want:?} in:\n{}",
            got.join("\n")
        );
    }
}

#[test]
fn the_screens_words_for_customers_come_from_the_catalog() {
    let lib = library();
    assert_eq!(lib.catalog.terms.staff.ko, "도서관 담당자");
    assert_eq!(lib.catalog.terms.branch.en, "Library (branch)");
    assert_eq!(sample("cloud").catalog.terms.branch.ko, "사업장");
    // Without `terms`, neutral words; a wrong one is reported by its path.
    let mut files = sample_files("library");
    edit(&mut files, "catalog.json", |v| {
        if let Some(vendor) = v.get_mut("vendor").and_then(Value::as_object_mut) {
            vendor.remove("terms");
        }
    });
    let data = load(&files).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(data.catalog.terms.staff.ko, "고객 기관 담당자");
    assert_eq!(api::summary(&data).terms.branch.en, "Branch or site");
    edit(&mut files, "catalog.json", |v| {
        v["vendor"]["terms"] = json!({"staff": 7, "site": "x"});
    });
    assert_reported(
        &problems_of(&files),
        &[
            "catalog.json: $.vendor.terms.site: unknown field (expected one of: staff, branch)",
            "catalog.json: $.vendor.terms.staff: ",
        ],
    );
}

#[test]
fn sample_data_of_both_vendors_loads_and_its_example_cases_pass() {
    for vendor in ["library", "cloud"] {
        let data = load(&sample_files(vendor)).unwrap_or_else(|p| panic!("{vendor}:\n{p}"));
        assert!(!data.cases.is_empty(), "{vendor} carries example cases");
        for r in run_cases(&data) {
            assert!(r.passed(), "{vendor}: {} failed: {:?}", r.name, r.failures);
        }
    }
}

#[test]
fn every_problem_is_reported_at_once_with_file_path_and_expectation() {
    let mut files = sample_files("library");
    edit(&mut files, "contracts/hanbit-city.json", |v| {
        v["products"][2]["version"] = json!("9");
        v["products"][2]["product"] = json!("DLi");
        v["tier"] = json!("diamond");
        v["colour"] = json!("blue");
    });
    edit(&mut files, "contracts/bada-county.json", |v| {
        v["period"]["end"] = json!("2025-12-31");
        v["yearly_counts"]
            .as_object_mut()
            .map(|o| o.remove("visits"));
    });
    let got = problems_of(&files);
    assert_reported(
        &got,
        &[
            "contracts/hanbit-city.json: $.products[2].version: \"9\" is not a version of DLi (known: 25, 7, 8)",
            "contracts/hanbit-city.json: $.tier: \"diamond\" is not a tier (known: bronze, silver, gold, platinum)",
            "contracts/hanbit-city.json: $.colour: unknown field",
            "contracts/bada-county.json: $.period.end: 2025-12-31 is before the start 2026-01-01",
            "contracts/bada-county.json: $.yearly_counts: missing field `visits`",
        ],
    );
}

#[test]
fn catalog_problems_are_all_reported_with_paths() {
    let mut files = sample_files("library");
    edit(&mut files, "catalog.json", |v| {
        v["categories"][7]["service"] = json!("telepathy");
        v["rules"][1]["when"] = json!({"answer": "person_days", "is": true});
        v["coverage"]["training"]["DLi"]["7"] = json!("maybe");
        v["questions"][0]["type"] = json!("slider");
    });
    let got = problems_of(&files);
    assert_reported(
        &got,
        &[
            "catalog.json: $.categories[7].service: \"telepathy\" is not one of: consultation",
            "catalog.json: $.coverage.training.DLi[\"7\"]: maybe is not one of: ○, △, X, –",
            "catalog.json: $.questions[0].type: \"slider\" is not one of: yes_no, number, choice, multi, text",
        ],
    );
}

#[test]
fn references_across_files_are_checked() {
    let mut files = sample_files("library");
    edit(&mut files, "history/hanbit-city.json", |v| {
        v["requests"][0]["category"] = json!("moon_landing");
        v["contract"] = json!("nobody");
    });
    edit(&mut files, "cases.json", |v| {
        v["cases"][0]["contract"] = json!("ghost");
    });
    edit(&mut files, "index.json", |v| {
        if let Some(a) = v["contracts"].as_array_mut() {
            a.push(json!("contracts/missing.json"));
        }
    });
    files.insert("contracts/stray.json".to_owned(), "{}".to_owned());
    let got = problems_of(&files);
    assert_reported(
        &got,
        &[
            "history/hanbit-city.json: $.requests[0].category: \"moon_landing\" is not a request category",
            "history/hanbit-city.json: $.contract: \"nobody\" is not a contract in index.json",
            "cases.json: $.cases[0].contract: \"ghost\" is not a contract",
            "index.json: $.contracts[6]: names \"contracts/missing.json\", which does not exist",
            "contracts/stray.json: $: not named in index.json",
        ],
    );
}

#[test]
fn calendar_and_target_mistakes_name_their_place() {
    let mut files = sample_files("library");
    edit(&mut files, "catalog.json", |v| {
        v["calendars"][0]["weekly"]["mon"] = json!([["18:00", "08:00"]]);
        v["calendars"][1]["timezone"] = json!("Mars/Olympus");
        v["targets"]["low"]["gold"]
            .as_object_mut()
            .map(|o| o.remove("restore"));
        v["tiers"][0]["calendar"] = json!("nine-to-five");
    });
    let got = problems_of(&files);
    assert_reported(
        &got,
        &[
            "catalog.json: $.calendars[0].weekly.mon[0]:",
            "catalog.json: $.calendars[1].timezone:",
            "catalog.json: $.targets.low.gold: missing field `restore`",
            "catalog.json: $.tiers[0].calendar: \"nine-to-five\" is not a calendar",
        ],
    );
}

#[test]
fn broken_json_and_wrong_schema_versions_are_problems_not_panics() {
    let mut files = sample_files("library");
    files.insert(
        "contracts/bada-county.json".to_owned(),
        "{\"id\": ".to_owned(),
    );
    edit(&mut files, "cases.json", |v| v["schema_version"] = json!(2));
    let got = problems_of(&files);
    assert!(
        got.iter()
            .any(|g| g.starts_with("contracts/bada-county.json: $: not valid JSON"))
    );
    assert!(got.iter().any(|g| g
        == "cases.json: $.schema_version: version 2 is not supported (this build reads version 1)"));
}

// ---------------------------------------------------------------- coverage

struct Expect<'a> {
    status: Status,
    clauses: &'a [&'a str],
    alternatives: &'a [&'a str],
}

#[track_caller]
fn check(contract: &str, now: &str, request: Value, want: Expect<'_>) {
    let data = library();
    let v = match api::check(&data, contract, &request.to_string(), dt(now)) {
        Ok(v) => v,
        Err(p) => panic!("{p}"),
    };
    assert_eq!(
        v.coverage.status, want.status,
        "reasons: {:#?}",
        v.coverage.reasons
    );
    for c in want.clauses {
        assert!(
            v.coverage
                .reasons
                .iter()
                .any(|r| r.clause.as_deref() == Some(c)),
            "no reason cites {c}: {:#?}",
            v.coverage.reasons
        );
    }
    let kinds: Vec<&str> = v.coverage.alternatives.iter().map(|a| a.kind()).collect();
    assert_eq!(kinds, want.alternatives);
}

fn req(category: &str, answers: Value) -> Value {
    json!({"branch": "main", "product": "DLi", "version": "8", "category": category, "answers": answers})
}

pub(crate) const MON: &str = "2026-11-23T10:00:00";

#[test]
fn coverage_by_product_version_and_service_matrix() {
    let sel = json!({"branch": "central", "product": "DEXPEED", "version": "3",
        "category": "feature_addition", "answers": {"beyond_package": false, "person_days": 1}});
    check(
        "saesol-univ",
        MON,
        sel,
        Expect {
            status: Status::Selective,
            clauses: &["제5조"],
            alternatives: &[],
        },
    );
    let x = json!({"branch": "central", "product": "DLi", "version": "25",
        "category": "stats_report", "answers": {"person_days": 1, "security_risk": false}});
    check(
        "saesol-univ",
        MON,
        x,
        Expect {
            status: Status::NotCovered,
            clauses: &["제5조"],
            alternatives: &["change_request"],
        },
    );
    let na = json!({"branch": "central", "product": "SMUF", "version": "1",
        "category": "training", "answers": {"staff_changed": true, "on_site": false}});
    check(
        "saesol-univ",
        MON,
        na,
        Expect {
            status: Status::NotCovered,
            clauses: &["제5조"],
            alternatives: &[],
        },
    );
    // A product the contract does not maintain.
    let other =
        json!({"branch": "main", "product": "PYXIS", "version": "2", "category": "usage_question"});
    check(
        "hanbit-city",
        MON,
        other,
        Expect {
            status: Status::OutsideContract,
            clauses: &[],
            alternatives: &[],
        },
    );
}

#[test]
fn exclusions_cite_their_clause_letter() {
    let ops = |extra: Value| {
        let mut a = json!({"person_days": 1, "security_risk": false});
        if let (Some(a), Some(e)) = (a.as_object_mut(), extra.as_object()) {
            a.extend(e.clone());
        }
        a
    };
    check(
        "hanbit-city",
        MON,
        req("stats_query", ops(json!({"security_risk": true}))),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 가"],
            alternatives: &["waiver"],
        },
    );
    check(
        "hanbit-city",
        MON,
        req(
            "stats_query",
            ops(json!({"security_risk": true, "accepts_responsibility": true})),
        ),
        Expect {
            status: Status::Covered,
            clauses: &["제6조 ⑤ 가"],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("stats_query", ops(json!({"person_days": 3}))),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 나"],
            alternatives: &["change_request"],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("stats_query", ops(json!({"person_days": 2.5}))),
        Expect {
            status: Status::Covered,
            clauses: &[],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("data_work", json!({"person_days": 1})),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 다"],
            alternatives: &["change_request"],
        },
    );
    check(
        "hanbit-city",
        MON,
        req(
            "data_fix",
            json!({"fault_of": "customer", "person_days": 1}),
        ),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 라"],
            alternatives: &["change_request"],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("data_fix", json!({"fault_of": "product", "person_days": 1})),
        Expect {
            status: Status::Covered,
            clauses: &[],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req(
            "program_error",
            json!({"impact": "minor", "fault_of": "security_product"}),
        ),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 마"],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req(
            "feature_addition",
            json!({"beyond_package": true, "person_days": 1}),
        ),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 바"],
            alternatives: &["change_request"],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("backup", json!({})),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 사"],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("os_patch", json!({})),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 아"],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("new_integration", json!({"person_days": 1})),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 자"],
            alternatives: &["change_request"],
        },
    );
    check(
        "hanbit-city",
        MON,
        req(
            "integration_param",
            json!({"person_days": 1, "target_system_change": true, "security_risk": false}),
        ),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 차"],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("stats_query", ops(json!({"unreasonable": true}))),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ⑤ 카"],
            alternatives: &[],
        },
    );
    check(
        "hanbit-city",
        MON,
        req("ssl", json!({"certificate_ready": false, "person_days": 1})),
        Expect {
            status: Status::NotCovered,
            clauses: &["제6조 ③ 마"],
            alternatives: &[],
        },
    );
}

#[test]
fn korean_reasons_take_the_particle_their_words_need() {
    let data = library();
    let texts = |request: Value| -> Vec<String> {
        let v = api::check(&data, "hanbit-city", &request.to_string(), dt(MON))
            .unwrap_or_else(|p| panic!("{p}"));
        let mut t: Vec<String> = v
            .coverage
            .reasons
            .iter()
            .map(|r| r.text.ko.clone())
            .collect();
        t.extend(v.coverage.alternatives.iter().map(|a| a.text().ko.clone()));
        t
    };
    // 복구 ends in a vowel: 는; 튜닝 in a consonant: 이.
    let fault = texts(req(
        "fault",
        json!({"impact": "whole_system", "cause": "process_stopped"}),
    ));
    assert!(
        fault
            .iter()
            .any(|t| t.contains("'장애 복구'는 지원(○) 대상입니다")),
        "{fault:#?}"
    );
    let tuning = texts(req("performance_tuning", json!({"person_days": 1})));
    assert!(
        tuning
            .iter()
            .any(|t| t.contains("'맞춤형 성능 튜닝'이 포함되지 않습니다")),
        "{tuning:#?}"
    );
    assert!(
        tuning
            .iter()
            .any(|t| t.contains("'맞춤형 성능 튜닝'이 포함됩니다")),
        "{tuning:#?}"
    );
    // A version is read as a number: DLi 7 (칠) takes 은.
    let other = texts(json!({"product": "DLi", "version": "7", "category": "usage_question"}));
    assert!(
        other.iter().any(|t| t.contains("DLi 7은 이 계약의")),
        "{other:#?}"
    );
    for t in fault.iter().chain(&tuning).chain(&other) {
        assert!(!t.contains("은(는)") && !t.contains("이(가)"), "{t}");
    }
}

#[test]
fn add_ons_tiers_branches_and_periods_decide_too() {
    // Hardware repair: covered with the hardware add-on (hanbit-city has it).
    check(
        "hanbit-city",
        MON,
        req(
            "fault",
            json!({"impact": "whole_system", "cause": "hardware"}),
        ),
        Expect {
            status: Status::Covered,
            clauses: &[],
            alternatives: &[],
        },
    );
    check(
        "saesol-univ",
        MON,
        json!({"branch": "central", "product": "DLi", "version": "25", "category": "fault",
               "answers": {"impact": "whole_system", "cause": "virus_hacking"}}),
        Expect {
            status: Status::NotCovered,
            clauses: &["제7조 ③"],
            alternatives: &["addon"],
        },
    );
    // DBMS inspection items need the DBMS add-on; Gold has periodic inspection.
    check(
        "hanbit-city",
        MON,
        req(
            "inspection_visit",
            json!({"inspection_items": ["application", "dbms"]}),
        ),
        Expect {
            status: Status::NotCovered,
            clauses: &["제9조 ③"],
            alternatives: &["addon"],
        },
    );
    // Performance tuning is Platinum only: the lowest tier that covers it.
    check(
        "hanbit-city",
        MON,
        req("performance_tuning", json!({"person_days": 1})),
        Expect {
            status: Status::NotCovered,
            clauses: &["001 §3 패키지 구성"],
            alternatives: &["higher_tier"],
        },
    );
    // A branch added after the build, with an addendum in force.
    check(
        "hanbit-city",
        MON,
        json!({"branch": "riverside", "product": "DLi", "version": "8", "category": "usage_question"}),
        Expect {
            status: Status::Covered,
            clauses: &["제2조 ②"],
            alternatives: &[],
        },
    );
    // The warranty period and its end.
    check(
        "pureun-district",
        "2027-04-01T09:00:00",
        req("usage_question", json!({})),
        Expect {
            status: Status::OutsideContract,
            clauses: &["제3조 ①"],
            alternatives: &["renewal"],
        },
    );
    check(
        "pureun-district",
        "2026-03-15T09:00:00",
        req("usage_question", json!({})),
        Expect {
            status: Status::OutsideContract,
            clauses: &["제3조 ①"],
            alternatives: &[],
        },
    );
    // Training only when the staff changed; custom development is always paid.
    check(
        "national-sample",
        MON,
        req(
            "training",
            json!({"staff_changed": false, "on_site": false}),
        ),
        Expect {
            status: Status::NotCovered,
            clauses: &["제8조 ①"],
            alternatives: &["change_request"],
        },
    );
    check(
        "national-sample",
        MON,
        req("custom_development", json!({"person_days": 10})),
        Expect {
            status: Status::NotCovered,
            clauses: &["001 §12"],
            alternatives: &["change_request"],
        },
    );
}

#[test]
fn a_change_request_alternative_carries_its_quote_inputs() {
    let data = library();
    let r = req(
        "stats_query",
        json!({"person_days": 4, "security_risk": false}),
    );
    let v =
        api::check(&data, "hanbit-city", &r.to_string(), dt(MON)).unwrap_or_else(|p| panic!("{p}"));
    let alt = serde_json::to_value(&v.coverage.alternatives).unwrap_or_default();
    assert_eq!(alt[0]["kind"], "change_request");
    assert_eq!(alt[0]["person_days"], "4");
    assert_eq!(alt[0]["test_person_days"], "1.2");
    assert_eq!(alt[0]["day_rate"], "450000");
    // 4 × 450,000 + 1.2 × 350,000
    assert_eq!(alt[0]["estimate"], "2220000");
}

// ---------------------------------------------------------------- quota

#[track_caller]
fn check_quota(
    data: &DataSet,
    contract: &str,
    now: &str,
    category: &str,
    want: (u32, u32, u32, u32, &str),
) {
    let r = req(category, json!({}));
    let v = api::check(data, contract, &r.to_string(), dt(now)).unwrap_or_else(|p| panic!("{p}"));
    let q = v
        .quotas
        .iter()
        .find(|q| q.category == category)
        .unwrap_or_else(|| panic!("no quota for {category}"));
    assert_eq!(
        (
            q.limit,
            q.used,
            q.pending,
            q.remaining,
            q.resets_on.to_string().as_str()
        ),
        want,
        "{q:#?}"
    );
}

#[test]
fn quota_counts_the_contract_year_from_the_anniversary() {
    let data = library();
    // hanbit-city: contract year from 1 March; two reports this year, one last year.
    check_quota(
        &data,
        "hanbit-city",
        MON,
        "stats_report",
        (3, 2, 0, 1, "2027-03-01"),
    );
    // Before the anniversary the previous contract year counts.
    check_quota(
        &data,
        "hanbit-city",
        "2026-02-10T10:00:00",
        "stats_report",
        (3, 1, 0, 2, "2026-03-01"),
    );
    // Open requests count as pending at submission.
    check_quota(
        &data,
        "hanbit-city",
        MON,
        "banner",
        (5, 1, 1, 3, "2027-03-01"),
    );
    // Calendar-year contract; contract override of a limit.
    check_quota(
        &data,
        "bada-county",
        MON,
        "stats_report",
        (3, 0, 0, 3, "2027-01-01"),
    );
    check_quota(
        &data,
        "saesol-univ",
        MON,
        "stats_report",
        (4, 0, 0, 4, "2027-07-01"),
    );
    // Limits taken from the contract's yearly counts, counted at completion.
    check_quota(
        &data,
        "hanbit-city",
        MON,
        "inspection_visit",
        (4, 1, 0, 3, "2027-03-01"),
    );
}

#[test]
fn the_third_of_three_reports_is_covered_and_the_fourth_is_refused_but_quotable() {
    let mut files = sample_files("library");
    let data = load(&files).unwrap_or_else(|p| panic!("{p}"));
    let r = req(
        "stats_report",
        json!({"person_days": 1, "security_risk": false}),
    );
    let third =
        api::check(&data, "hanbit-city", &r.to_string(), dt(MON)).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(third.coverage.status, Status::Covered);
    // File the third one; the fourth is over the limit.
    edit(&mut files, "history/hanbit-city.json", |v| {
        if let Some(a) = v["requests"].as_array_mut() {
            a.push(json!({"id": "SR-2026-0200", "category": "stats_report",
                "submitted": "2026-11-23T10:00:00", "status": "open"}));
        }
    });
    let data = load(&files).unwrap_or_else(|p| panic!("{p}"));
    let fourth =
        api::check(&data, "hanbit-city", &r.to_string(), dt(MON)).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(fourth.coverage.status, Status::NotCovered);
    let kinds: Vec<&str> = fourth
        .coverage
        .alternatives
        .iter()
        .map(|a| a.kind())
        .collect();
    assert_eq!(kinds, ["change_request"]);
    assert!(
        fourth
            .coverage
            .reasons
            .iter()
            .any(|r| r.rule == "limit" && r.clause.as_deref() == Some("제6조 ②"))
    );
    // Filed as a paid change request, it does not count against the limit.
    let paid = json!({"branch": "main", "product": "DLi", "version": "8", "category": "stats_report",
        "answers": {"person_days": 1, "security_risk": false}, "paid": true});
    let v = api::check(&data, "hanbit-city", &paid.to_string(), dt(MON))
        .unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(v.coverage.status, Status::Covered);
}

// ---------------------------------------------------------------- severity

#[track_caller]
fn check_severity(answers: Value, want: &str) {
    let data = library();
    let v = api::check(
        &data,
        "hanbit-city",
        &req("program_error", answers).to_string(),
        dt(MON),
    )
    .unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(v.severity.as_ref().map(|s| s.id.as_str()), Some(want));
}

#[test]
fn severity_from_plain_answers() {
    check_severity(json!({"impact": "whole_system"}), "critical");
    check_severity(
        json!({"impact": "major_function", "workaround": false}),
        "high",
    );
    check_severity(json!({"impact": "major_function"}), "high");
    check_severity(
        json!({"impact": "major_function", "workaround": true}),
        "medium",
    );
    check_severity(json!({"impact": "some_functions"}), "medium");
    check_severity(json!({"impact": "minor"}), "low");
    check_severity(json!({}), "low");
}

#[test]
fn unanswered_required_questions_are_listed_not_errors() {
    let data = library();
    let v = api::check(
        &data,
        "hanbit-city",
        &req("program_error", json!({})).to_string(),
        dt(MON),
    )
    .unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(v.missing_answers, ["impact"]);
}

#[test]
fn a_question_for_the_vendor_is_shown_to_its_staff_only_and_never_missing() {
    use covered_core::contract::lifecycle::Actor;
    let mut files = sample_files("library");
    // Made required here: still never missing, the vendor answers it once it is filed.
    edit(&mut files, "catalog.json", |c| {
        for q in c["questions"].as_array_mut().into_iter().flatten() {
            if q["id"] == "unreasonable" {
                q["required"] = json!(true);
            }
        }
    });
    let data = load(&files).unwrap_or_else(|p| panic!("{p}"));
    let v = api::check(
        &data,
        "hanbit-city",
        &req(
            "stats_report",
            json!({"person_days": 1, "security_risk": false}),
        )
        .to_string(),
        dt(MON),
    )
    .unwrap_or_else(|p| panic!("{p}"));
    assert!(v.visible_questions.iter().any(|q| q == "unreasonable"));
    assert!(v.missing_answers.is_empty(), "{:?}", v.missing_answers);
    assert_eq!(
        v.questions_shown_to(&data.catalog, Actor::Customer),
        ["person_days", "security_risk"]
    );
    assert_eq!(
        v.questions_shown_to(&data.catalog, Actor::Vendor),
        ["person_days", "security_risk", "unreasonable"]
    );
}

#[test]
fn request_types_are_found_by_part_of_a_name_or_description_in_either_language() {
    let data = sample("library");
    let found = |q: &str| -> Vec<&str> {
        let cats = data.catalog.categories.iter();
        cats.filter(|c| c.matches(q))
            .map(|c| c.id.as_str())
            .collect()
    };
    assert_eq!(found("").len(), data.catalog.categories.len());
    assert_eq!(found("배너"), ["banner"]);
    assert_eq!(found("BANNER"), ["banner"]);
    // From the description only: neither name says "firewall".
    assert_eq!(found("firewall"), ["security_block"]);
    assert_eq!(found("  원격  "), ["remote_support", "inspection_remote"]);
    assert!(found("없는 요청").is_empty());
    for vendor in ["library", "cloud"] {
        let d = sample(vendor);
        for c in &d.catalog.categories {
            assert!(
                c.description.is_some(),
                "{vendor}: {} has no description",
                c.id
            );
        }
    }
}

#[test]
fn answers_of_the_wrong_kind_are_problems_with_paths() {
    let data = library();
    let bad = req(
        "program_error",
        json!({"impact": "meteor", "workaround": "maybe", "person_days": 2}),
    );
    let err = match api::check(&data, "hanbit-city", &bad.to_string(), dt(MON)) {
        Err(p) => p.to_string(),
        Ok(_) => panic!("accepted bad answers"),
    };
    assert!(
        err.contains("request: $.answers.impact: \"meteor\" is not one of: whole_system"),
        "{err}"
    );
    assert!(
        err.contains("request: $.answers.workaround: expected true or false, found \"maybe\""),
        "{err}"
    );
    assert!(
        err.contains("request: $.answers.person_days: unknown field"),
        "{err}"
    );
}

// ---------------------------------------------------------------- deadlines

#[track_caller]
fn check_due(contract: &str, now: &str, answers: Value, want: &[(&str, &str)]) {
    let data = library();
    let c = data.contract(contract).map(|c| c.products[0].clone());
    let (p, ver) = c.map(|i| (i.product, i.version)).unwrap_or_default();
    let branch = data
        .contract(contract)
        .map(|c| c.branches[0].id.clone())
        .unwrap_or_default();
    let r = json!({"branch": branch, "product": p, "version": ver, "category": "fault", "answers": answers});
    let v = api::check(&data, contract, &r.to_string(), dt(now)).unwrap_or_else(|p| panic!("{p}"));
    let got: Vec<(String, String)> = v
        .deadlines
        .iter()
        .map(|d| (d.clock.clone(), d.due_at.clone()))
        .collect();
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        got,
        want,
        "{:#?}",
        v.deadlines
            .iter()
            .map(|d| &d.explain.en)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_critical_incident_on_friday_night_under_each_tier() {
    let critical = json!({"impact": "whole_system"});
    let fri = "2026-11-20T22:30:00";
    // Bronze, 10×5: opens Monday 08:00; 4 h response; restore 2 business days, same clock time.
    check_due(
        "bada-county",
        fri,
        critical.clone(),
        &[
            ("response", "2026-11-23T12:00:00+09:00"),
            ("restore", "2026-11-24T22:30:00+09:00"),
        ],
    );
    // Silver, 16×7: opens Saturday 06:00.
    check_due(
        "saesol-univ",
        fri,
        critical.clone(),
        &[
            ("response", "2026-11-21T08:00:00+09:00"),
            ("restore", "2026-11-21T22:30:00+09:00"),
        ],
    );
    // Gold and Platinum, 24×7.
    check_due(
        "hanbit-city",
        fri,
        critical.clone(),
        &[
            ("response", "2026-11-20T23:30:00+09:00"),
            ("restore", "2026-11-21T06:30:00+09:00"),
        ],
    );
    check_due(
        "national-sample",
        fri,
        critical,
        &[
            ("response", "2026-11-20T23:00:00+09:00"),
            ("restore", "2026-11-21T02:30:00+09:00"),
        ],
    );
}

#[test]
fn deadlines_explain_themselves_and_escalations_are_timed() {
    let data = library();
    let r = json!({"branch": "main", "product": "DLi", "version": "7", "category": "fault",
        "answers": {"impact": "whole_system"}});
    let v = api::check(
        &data,
        "bada-county",
        &r.to_string(),
        dt("2026-11-20T22:30:00"),
    )
    .unwrap_or_else(|p| panic!("{p}"));
    let response = &v.deadlines[0];
    assert_eq!(
        response.explain.en,
        "received Fri 22:30 · closed Sat–Sun · opens Mon 08:00 · due Mon 12:00"
    );
    assert!(
        response
            .why
            .as_ref()
            .is_some_and(|w| w.en.contains("the later of the tier's 4 h"))
    );
    let esc: Vec<&str> = v.escalations.iter().map(|e| e.at_iso.as_str()).collect();
    assert_eq!(
        esc,
        ["2026-11-20T23:00:00+09:00", "2026-11-20T23:30:00+09:00"]
    );
    // Under the temporary 24×7 upgrade the response would be at 02:30.
    assert_eq!(v.upgraded_deadlines[0].due_at, "2026-11-21T02:30:00+09:00");
}

#[test]
fn pauses_while_waiting_on_the_customer_extend_the_clock() {
    let data = library();
    let r = json!({"branch": "main", "product": "DLi", "version": "7", "category": "program_error",
        "answers": {"impact": "some_functions", "workaround": true},
        "received": "2026-11-23T09:00:00",
        "pauses": [["2026-11-23T10:00:00", "2026-11-23T11:30:00"]]});
    let v = api::check(
        &data,
        "bada-county",
        &r.to_string(),
        dt("2026-11-23T12:00:00"),
    )
    .unwrap_or_else(|p| panic!("{p}"));
    // Medium on Bronze: 4 h response; 90 paused minutes push it from 13:00 to 14:30.
    assert_eq!(v.deadlines[0].due_at, "2026-11-23T14:30:00+09:00");
    assert!(
        v.deadlines[0].explain.en.contains("paused"),
        "{}",
        v.deadlines[0].explain.en
    );
}

// ---------------------------------------------------------------- the JSON entry points

#[test]
fn deadline_entry_point_takes_an_inline_calendar() {
    let input = json!({
        "calendar": {"timezone": "Asia/Seoul",
            "weekly": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]], "wed": [["09:00","18:00"]],
                       "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]], "sat": [], "sun": []},
            "holidays": {"builtin": "KR", "add": [], "remove": []}},
        "start": "2025-10-02T17:40:00", "minutes": 60});
    let out = api::deadline(&input.to_string(), None).unwrap_or_else(|p| panic!("{p}"));
    // 20 minutes on Thursday, then 개천절, the weekend, 추석 and its substitute, 한글날.
    assert_eq!(out.due.as_deref(), Some("2025-10-10T09:40:00+09:00"));
    let elapsed = json!({"calendar": input["calendar"], "start": "2025-10-02T17:40:00", "end": "2025-10-10T09:40:00"});
    let out = api::deadline(&elapsed.to_string(), None).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(out.minutes, Some(60));
    let by_id =
        json!({"calendar": "office-10x5", "start": "2026-11-20T17:00:00", "business_days": 1});
    let out = api::deadline(&by_id.to_string(), Some(&library())).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(out.due.as_deref(), Some("2026-11-23T17:00:00+09:00"));
}

#[test]
fn a_calendar_read_once_runs_many_clocks_like_deadline() {
    let spec = json!({"weekly": {"mon": [["09:00","18:00"]], "tue": [["09:00","18:00"]],
        "wed": [["09:00","18:00"]], "thu": [["09:00","18:00"]], "fri": [["09:00","18:00"]],
        "sat": [], "sun": []}, "holidays": {"builtin": "KR"}});
    let calendar = api::calendar(&spec.to_string()).unwrap_or_else(|p| panic!("{p}"));
    for (start, minutes) in [
        ("2025-10-02T17:40:00", 60),
        ("2026-03-02T08:00:00", 540),
        ("2026-03-06T18:00:00", 1),
    ] {
        let clock = json!({"calendar": spec, "start": start, "minutes": minutes});
        let expected = api::deadline(&clock.to_string(), None).unwrap_or_else(|p| panic!("{p}"));
        let got = api::due(&calendar, start, minutes).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(Some(got), expected.due, "{start} + {minutes}");
    }
    let message = |r: Result<String, covered_core::Problems>| r.map_err(|p| p.to_string());
    assert!(
        message(api::due(&calendar, "tomorrow", 60))
            .is_err_and(|m| m.starts_with("input: $.start:"))
    );
    assert!(
        message(api::due(&calendar, "2026-03-02T09:00", -1))
            .is_err_and(|m| m.starts_with("input: $.minutes:"))
    );
    let bad = api::calendar(&json!({"weekly": {"mon": [["18:00", "09:00"]]}}).to_string());
    let bad = bad.map(|_| ()).map_err(|p| p.to_string());
    assert!(
        bad.as_ref()
            .is_err_and(|m| m.contains("input: $.calendar.weekly.mon[0]:")),
        "{bad:?}"
    );
    assert!(api::calendar("{").is_err());
}

#[test]
fn entry_points_never_panic_on_garbage() {
    let data = library();
    for input in [
        "",
        "null",
        "[]",
        "{",
        "{\"calendar\": 5}",
        "\u{0}",
        "{\"start\": \"9999-99-99\"}",
        "{\"calendar\": {\"weekly\": \"24x7\"}, \"start\": \"2025-01-01T00:00:00\", \"minutes\": 18446744073709551615}",
        "{\"calendar\": {\"weekly\": \"24x7\"}, \"start\": \"9999-12-31T23:59:00\", \"business_days\": 4000000000}",
    ] {
        assert!(
            api::deadline(input, Some(&data)).is_err(),
            "{input:?} accepted"
        );
        assert!(
            api::check(&data, "hanbit-city", input, dt(MON)).is_err(),
            "{input:?} accepted"
        );
    }
    assert!(api::holidays(1999).is_err());
    assert!(api::holidays(2026).map(|h| h.len()).unwrap_or(0) > 10);
}

#[test]
fn a_broken_contract_is_reported_once_not_again_by_files_that_name_it() {
    let mut files = sample_files("library");
    edit(&mut files, "contracts/hanbit-city.json", |v| {
        v["tier"] = json!("diamond");
    });
    let got = problems_of(&files);
    assert_eq!(
        got,
        [
            "contracts/hanbit-city.json: $.tier: \"diamond\" is not a tier (known: bronze, silver, gold, platinum)"
        ]
    );
}

// ---------------------------------------------------------------- paused clocks in history

#[test]
fn a_past_requests_pauses_push_its_dues_back_when_compliance_is_judged() {
    use covered_core::compliance::{Outcome, check};
    // Gold, a critical fault: restore within 8 hours on a 24×7 calendar. Restored after
    // 9 hours, of which 2 were spent waiting on the customer.
    let record = |pauses: Value| {
        json!({"id": "SR-2026-0500", "category": "fault", "submitted": "2026-11-02T10:00:00",
               "responded": "2026-11-02T10:20:00", "restored": "2026-11-02T19:00:00",
               "completed": "2026-11-02T19:00:00", "status": "completed",
               "severity": "critical", "pauses": pauses})
    };
    let restore_outcome = |pauses: Value| {
        let mut files = sample_files("library");
        edit(&mut files, "history/hanbit-city.json", |v| {
            v["requests"].as_array_mut().unwrap().push(record(pauses));
        });
        let data = load(&files).unwrap_or_else(|p| panic!("{p}"));
        let contract = data.contract("hanbit-city").unwrap();
        let tier = data.catalog.tier(&contract.tier).unwrap();
        let past = data
            .history("hanbit-city")
            .iter()
            .find(|r| r.id == "SR-2026-0500")
            .unwrap();
        let clocks = check(&data.catalog, tier, past, None).unwrap();
        let restore = clocks.iter().find(|c| c.clock == "restore").unwrap();
        (restore.outcome, restore.due)
    };
    assert_eq!(
        restore_outcome(json!([])),
        (Outcome::Breached, dt("2026-11-02T18:00:00"))
    );
    assert_eq!(
        restore_outcome(json!([["2026-11-02T10:30:00", "2026-11-02T12:30:00"]])),
        (Outcome::Met, dt("2026-11-02T20:00:00"))
    );
    // A pause must end after it starts, and be a pair.
    let mut files = sample_files("library");
    edit(&mut files, "history/hanbit-city.json", |v| {
        v["requests"].as_array_mut().unwrap().push(record(json!([
            ["2026-11-02T12:30:00", "2026-11-02T10:30:00"],
            ["2026-11-02T12:30:00"]
        ])));
    });
    let got = problems_of(&files);
    let n = sample("library").history("hanbit-city").len();
    assert_reported(
        &got,
        &[
            &format!("history/hanbit-city.json: $.requests[{n}].pauses[0]: "),
            &format!(
                "history/hanbit-city.json: $.requests[{n}].pauses[1]: expected a pair [from, to]"
            ),
        ],
    );
}

/// A history with repeated ids: each repeat after the first is reported at its own
/// place, in file order, and the first of each is not.
#[test]
fn repeated_request_ids_are_reported_where_they_repeat() {
    let mut files = sample_files("library");
    edit(&mut files, "history/hanbit-city.json", |h| {
        let requests = h["requests"].as_array_mut().unwrap();
        let first = requests[0].clone();
        let second = requests[1].clone();
        requests.push(second.clone());
        requests.push(first);
        requests.push(second);
    });
    let got = problems_of(&files);
    let dups: Vec<&String> = got.iter().filter(|p| p.contains("duplicate id")).collect();
    let n = library().history("hanbit-city").len();
    let at = |i: usize| format!("history/hanbit-city.json: $.requests[{i}].id: duplicate id");
    assert_eq!(dups.len(), 3, "{got:#?}");
    for (problem, i) in dups.iter().zip([n, n + 1, n + 2]) {
        assert!(problem.starts_with(&at(i)), "{problem} (expected at [{i}])");
    }
}

/// What a request would leave of an annual limit is said only when it would use one:
/// a covered request is filed free and counts; one that is not covered does not.
#[test]
fn a_quota_line_says_what_this_request_leaves_only_when_it_counts() {
    let data = library();
    let limit_reason = |contract: &str, r: Value| {
        let v =
            api::check(&data, contract, &r.to_string(), dt(MON)).unwrap_or_else(|p| panic!("{p}"));
        let v = serde_json::to_value(&v).unwrap();
        v["coverage"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "limit")
            .cloned()
            .unwrap_or_else(|| panic!("no limit reason in {v:#}"))
    };
    let covered = limit_reason(
        "hanbit-city",
        json!({"branch": "main", "product": "DLi", "version": "8", "category": "stats_report",
               "answers": {"person_days": 1, "security_risk": false}}),
    );
    assert_eq!(covered["code"], "within_limit", "{covered:#}");
    assert_eq!(covered["after"], 0);
    assert!(
        covered["text"]["ko"]
            .as_str()
            .unwrap()
            .contains("이 요청 후 0회"),
        "{covered:#}"
    );
    let not_covered = limit_reason(
        "saesol-univ",
        json!({"branch": "central", "product": "DLi", "version": "25", "category": "stats_report",
               "answers": {"person_days": 1, "security_risk": false}}),
    );
    assert_eq!(
        not_covered["code"], "within_limit_unused",
        "{not_covered:#}"
    );
    assert!(not_covered.get("after").is_none());
    assert!(
        !not_covered["text"]["ko"]
            .as_str()
            .unwrap()
            .contains("이 요청 후"),
        "{not_covered:#}"
    );
    assert!(
        !not_covered["text"]["en"]
            .as_str()
            .unwrap()
            .contains("after this request")
    );
}
