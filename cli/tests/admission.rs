//! Admission: the static portal's rule (covered-core's admission of its verdict) and the
//! server file the same requests, paid or free, and refuse the same ones.

use axum::http::StatusCode;
use covered_core::admission::{self, Admission};
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
    let server = support::server(&db).await;
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
                    contract: contract_id.to_owned(),
                    requester: "생성".to_owned(),
                    branch: Some(branch),
                    product,
                    version,
                    category: category.to_owned(),
                    title: format!("generated {i}"),
                    details: String::new(),
                    answers,
                    submitted: now,
                    wanted_by: None,
                    severity: verdict.severity.as_ref().map(|s| s.id.clone()),
                    paid: portal.is_paid(),
                    status: covered_core::contract::RequestStatus::Open,
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
