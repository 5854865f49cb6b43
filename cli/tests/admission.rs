//! Admission: the static portal's rule (covered-core's admission of its verdict) and the
//! server file the same requests, paid or free, and refuse the same ones.

use axum::http::StatusCode;
use covered_core::admission::{self, Admission};
use covered_core::filing::Filing;
use covered_core::submission::{self, Submission};
use serde_json::json;

use crate::answers::{Flavour, answers};
use crate::support::{self, as_user};

/// The static portal and the server file the same requests: 200 generated requests are
/// judged and admitted in process as the portal does in the browser (covered-core's
/// verdict over the history and what was filed before, then its admission), sent to the
/// server as the portal sends them (`paid` as the admission says), and the server files
/// exactly those the portal would, paid or free, and refuses the others with the same
/// reason.
#[tokio::test]
async fn the_portal_and_the_server_admit_the_same_requests() {
    let db = support::TestDb::sqlite();
    let server = support::server_with(&db, support::unlimited()).await;
    let data = covered_cli::data::load_dir(&support::data_dir().to_string_lossy()).unwrap();
    let now = covered_core::civil::date(2026, 11, 23).at(10, 0, 0, 0);
    let customers = [
        ("hanbit-city", "hanbit"),
        ("bada-county", "bada"),
        ("saesol-univ", "saesol"),
        ("pureun-district", "pureun"),
        ("national-sample", "national"),
    ];
    let mut clients = Vec::new();
    for (_, login) in customers {
        clients.push(as_user(&server, login).await);
    }
    let categories: Vec<&str> = data
        .catalog
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let mut filed: Vec<Submission> = Vec::new();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for i in 0..200 {
        let (contract_id, _) = customers[i % customers.len()];
        let client = &clients[i % customers.len()];
        let contract = data.contract(contract_id).unwrap();
        let branch = contract.branches[i / 5 % contract.branches.len()]
            .id
            .clone();
        // Every eleventh asks for a product the contract does not maintain.
        let (product, version) = if i % 11 == 10 {
            ("PYXIS".to_owned(), "1".to_owned())
        } else {
            let p = &contract.products[i / 3 % contract.products.len()];
            (p.product.clone(), p.version.clone())
        };
        let category = categories[i * 7 % categories.len()];
        let answers = answers(
            &data,
            category,
            [Flavour::High, Flavour::Low, Flavour::FirstMissing][i % 3],
        );
        let request =
            submission::request_json(Some(&branch), &product, &version, category, &answers);
        let verdict =
            submission::check_with_submissions(&data, contract_id, &request, &filed, now).unwrap();
        let portal = admission::best(&verdict);
        let body = json!({"contract": contract_id, "branch": branch, "product": product,
            "version": version, "category": category, "answers": answers,
            "requester": "생성", "title": format!("generated {i}"), "paid": portal.is_paid()});
        let r = client.post("/api/requests", &body).await;
        let what = format!(
            "request {i} ({contract_id} {product} {version} {category}): {}",
            r.text
        );
        match &portal {
            Admission::Free | Admission::Paid => {
                assert_eq!(r.status, StatusCode::CREATED, "{what}");
                assert_eq!(r.body["paid"], json!(portal.is_paid()), "{what}");
                *seen
                    .entry(if portal.is_paid() { "paid" } else { "free" })
                    .or_default() += 1;
                filed.push(Submission {
                    sr: r.body["sr"].as_str().unwrap().to_owned(),
                    filing: Filing {
                        contract: contract_id.to_owned(),
                        requester: "생성".to_owned(),
                        branch: Some(branch),
                        product,
                        version,
                        category: category.to_owned(),
                        title: format!("generated {i}"),
                        details: String::new(),
                        answers,
                        wanted_by: None,
                        paid: portal.is_paid(),
                    },
                    submitted: now,
                    severity: verdict.severity.as_ref().map(|s| s.id.clone()),
                    status: covered_core::contract::RequestStatus::Open,
                    record: data.catalog.lifecycle.as_ref().map(|lc| lc.start(now)),
                });
            }
            Admission::Refused(refusal) => {
                assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
                let code = refusal.code.code();
                assert_eq!(r.error().0, code, "{what}");
                *seen.entry(code).or_default() += 1;
            }
        }
    }
    for kind in [
        "free",
        "paid",
        "missing_answer",
        "not_covered",
        "outside_contract",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) >= 3,
            "too few {kind}: {seen:?}"
        );
    }
    server.close().await;
    db.cleanup().await;
}

/// The portal's lifecycle (covered-core's `apply` on the record it keeps) and the
/// server move requests alike: 30 requests, each through 8 generated actions — moves to
/// every status of the lifecycle, some without the note a move needs, by the customer or
/// vendor staff, comments, ratings in and out of range, complaints — at times minutes
/// apart. After every action the server's status, first reply, resolution, rework and
/// rating are the core's, and each refusal is the core's, code for code.
#[tokio::test]
async fn the_portal_and_the_server_move_requests_alike() {
    use covered_core::lifecycle::{self, Action, Actor};
    let db = support::TestDb::sqlite();
    let server = support::server_with(&db, support::unlimited()).await;
    let data = covered_cli::data::load_dir(&support::data_dir().to_string_lossy()).unwrap();
    let lc = data.catalog.lifecycle.clone().unwrap();
    let statuses: Vec<String> = lc.statuses.iter().map(|s| s.id.clone()).collect();
    let mut now = covered_core::civil::date(2026, 11, 23).at(10, 0, 0, 0);
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % u64::try_from(n).unwrap()).unwrap()
    };
    // Sessions last 12 hours; the actions span weeks: log in again after 11.
    let mut customer = as_user(&server, "hanbit").await;
    let mut vendor = as_user(&server, "vendor").await;
    let mut logged_in = now;
    for i in 0..30 {
        let r = customer
            .post(
                "/api/requests",
                &support::fault("hanbit-city", &format!("흐름 {i}")),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.body["id"].as_str().unwrap().to_owned();
        let mut record = lc.start(now);
        for step in 0..8 {
            let minutes = [1, 5, 30, 240, 1440][next(5)];
            server.clock().advance_minutes(minutes);
            now = now.checked_add_minutes(minutes).unwrap();
            if logged_in.minutes_until(now) > 11 * 60 {
                customer = as_user(&server, "hanbit").await;
                vendor = as_user(&server, "vendor").await;
                logged_in = now;
            }
            let by = if next(3) == 0 {
                Actor::Customer
            } else {
                Actor::Vendor
            };
            let client = if by == Actor::Vendor {
                &vendor
            } else {
                &customer
            };
            let (action, path, body) = match next(10) {
                0 => (Action::Reply, "comments", json!({"body": "확인 중입니다"})),
                1 => {
                    let rating = u8::try_from(next(7)).unwrap();
                    (
                        Action::Rate {
                            rating,
                            comment: None,
                        },
                        "rating",
                        json!({"rating": rating}),
                    )
                }
                2 => (
                    Action::Complain {
                        comment: "늦었습니다".into(),
                    },
                    "complaint",
                    json!({"comment": "늦었습니다"}),
                ),
                k => {
                    let to = statuses[next(statuses.len())].clone();
                    let note = (k % 2 == 0).then(|| "사유".to_owned());
                    (
                        Action::Move {
                            to: to.clone(),
                            note: note.clone(),
                        },
                        "status",
                        json!({"status": to, "note": note}),
                    )
                }
            };
            let what = format!("request {i} step {step}: {by:?} {action:?}");
            let got = client
                .post(&format!("/api/requests/{id}/{path}"), &body)
                .await;
            if matches!(action, Action::Rate { rating: 0, .. }) {
                // The server reads 0 as out of its input range before the core sees it.
                assert_eq!(got.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
                *seen.entry("rating_zero".into()).or_default() += 1;
                continue;
            }
            match lifecycle::apply(&data.catalog, &record, &action, by, now) {
                Ok(applied) => {
                    assert!(got.status.is_success(), "{what}: {}", got.text);
                    record = applied.record;
                    *seen.entry(format!("ok {path}")).or_default() += 1;
                }
                Err(refusal) => {
                    assert_eq!(got.error().0, refusal.code(), "{what}: {}", got.text);
                    *seen.entry(refusal.code().to_owned()).or_default() += 1;
                }
            }
            let stored = customer.get(&format!("/api/requests/{id}")).await.body;
            let time = |t: Option<covered_core::civil::DateTime>| {
                t.map_or(serde_json::Value::Null, |t| json!(t.to_string()))
            };
            assert_eq!(stored["status"], json!(record.status), "{what}");
            assert_eq!(stored["responded"], time(record.responded), "{what}");
            assert_eq!(stored["resolved"], time(record.resolved), "{what}");
            assert_eq!(stored["rework"], json!(record.rework), "{what}");
            assert_eq!(
                stored["pauses"].as_array().unwrap().len(),
                record.pauses.len(),
                "{what}"
            );
            assert_eq!(
                stored["complaint"],
                json!(
                    record
                        .satisfaction
                        .as_ref()
                        .is_some_and(|s| lc.is_complaint(s))
                ),
                "{what}"
            );
        }
    }
    for kind in [
        "ok status",
        "ok comments",
        "ok rating",
        "not_allowed",
        "note_required",
        "not_resolved",
        "customer_only",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) >= 2,
            "too few {kind}: {seen:?}"
        );
    }
    server.close().await;
    db.cleanup().await;
}
