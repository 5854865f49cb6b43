//! The public checker's data (`GET /api/widget/<token>/<file>`): with the share token of
//! a published contract (the sample widgets file's, hanbit-city's), no session, any origin — the
//! catalog and that one contract, and its limits' counts (not its requests), in the
//! layout `<covered-check>` loads; a verdict judged on it counts what is left of the year
//! as the server does, the requests filed on the server included. A wrong token, the
//! token of a contract that is no longer published and a file not of the checker are the
//! API's JSON 404; a guessable token stops the server from starting. On SQLite, and on
//! PostgreSQL when `COVERED_TEST_DATABASE_URL` is set.

use crate::support::{
    self, Client, Res, as_user, data_dir, monday_10, on_both, stats_report, temp_dir,
};
use axum::http::StatusCode;
use covered_cli::serve::{Clock, Config, Limits, Server};
use serde_json::Value;

/// hanbit-city's sample share token (cli/demo/library-widgets.json).
const TOKEN: &str = "hanbit-sample-Qm4x9Lr2Vt8Kp3Zw";
/// A library homepage's origin, not the server's.
const HOMEPAGE: &str = "https://library.example";

/// Every sample contract but the published one.
const OTHERS: &[&str] = &[
    "bada-county",
    "saesol-univ",
    "pureun-district",
    "yetgil-city",
    "national-sample",
];

async fn get(anyone: &Client, file: &str) -> Res {
    anyone
        .raw(
            "GET",
            &format!("/api/widget/{TOKEN}/{file}"),
            None,
            &[("origin", HOMEPAGE)],
        )
        .await
}

fn header<'a>(r: &'a Res, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn expect_not_found(r: &Res, what: &str) {
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{what}: {}", r.text);
    assert_eq!(r.body["error"]["code"], "not_found", "{what}: {}", r.text);
    assert_eq!(r.body["error"]["status"], 404, "{what}: {}", r.text);
}

#[tokio::test]
async fn the_published_contract_and_the_catalog_only_with_its_counts() {
    on_both(|server, _| async move {
        let anyone = Client::new(&server);
        // One more statistics report, filed on the server: the counts include it.
        let hanbit = as_user(&server, "hanbit").await;
        let filed = hanbit
            .post("/api/requests", &stats_report("위젯 통계"))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        let sr = filed.body["sr"].as_str().unwrap().to_owned();

        let index = get(&anyone, "index.json").await;
        assert_eq!(index.status, StatusCode::OK, "{}", index.text);
        assert_eq!(index.body["catalog"], "catalog.json");
        assert_eq!(
            index.body["contracts"],
            serde_json::json!(["contract.json"])
        );
        assert_eq!(index.body["histories"], serde_json::json!(["history.json"]));
        for list in ["outages", "cases", "notifications", "mail"] {
            assert!(index.body.get(list).is_none(), "index.json names {list}");
        }

        let mut files = covered_core::map::Map::new();
        files.insert("index.json".to_owned(), index.text.clone());
        for name in ["catalog.json", "contract.json", "history.json"] {
            let r = get(&anyone, name).await;
            assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.text);
            // A library homepage is on another origin: any may read it, and may cache it.
            assert_eq!(header(&r, "access-control-allow-origin"), "*", "{name}");
            assert_eq!(header(&r, "cache-control"), "public, max-age=60", "{name}");
            assert!(header(&r, "content-type").starts_with("application/json"));
            let etag = header(&r, "etag").to_owned();
            assert!(etag.starts_with('"') && etag.len() > 10, "{name}: {etag:?}");
            // Asked again with its tag: not modified, no body.
            let again = anyone
                .raw(
                    "GET",
                    &format!("/api/widget/{TOKEN}/{name}"),
                    None,
                    &[("if-none-match", &etag)],
                )
                .await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{name}");
            assert!(again.text.is_empty(), "{name}: {}", again.text);
            // Nothing of another customer, nor of a request: no SR number, no title.
            for other in OTHERS {
                assert!(!r.text.contains(other), "{name} names {other}: {}", r.text);
            }
            for secret in [
                sr.as_str(),
                "위젯 통계",
                "SR-2026-0101",
                "월별 대출 통계 레포트",
            ] {
                assert!(!r.text.contains(secret), "{name} holds {secret:?}");
            }
            files.insert(name.to_owned(), r.text);
        }
        assert_eq!(
            serde_json::from_str::<Value>(files.get("contract.json").unwrap()).unwrap()["id"],
            "hanbit-city"
        );

        // The widget's data set loads as a data directory of one contract, and counts
        // the year as the server does: the history file's two reports and the one filed.
        let data = covered_core::contract::load_for_requests(&files).unwrap();
        let ids: Vec<&str> = data.contracts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["hanbit-city"]);
        let vendor = as_user(&server, "vendor").await;
        let server_quota = vendor.get("/api/contracts/hanbit-city/quota").await;
        assert_eq!(server_quota.status, StatusCode::OK, "{}", server_quota.text);
        let now = covered_core::api::local_time(&data, "now", "2026-11-23T10:00:00").unwrap();
        let widget_quota = covered_core::api::quota(&data, "hanbit-city", now).unwrap();
        assert_eq!(
            serde_json::to_value(&widget_quota).unwrap(),
            server_quota.body["quotas"]
        );
        let reports = widget_quota
            .iter()
            .find(|q| q.category == "stats_report")
            .unwrap();
        assert_eq!((reports.limit, reports.used, reports.pending), (3, 2, 1));
        // The next report would be over the limit: the widget's verdict says so.
        let mut request = stats_report("다음 통계");
        request.as_object_mut().unwrap().remove("contract");
        let request = request.to_string();
        let verdict = covered_core::api::check(&data, "hanbit-city", &request, now).unwrap();
        assert_eq!(verdict.quota.unwrap().remaining, 0);
        assert_eq!(
            serde_json::to_value(verdict.coverage.status).unwrap(),
            "not_covered"
        );
    })
    .await;
}

#[tokio::test]
async fn a_wrong_token_or_file_is_the_json_404_with_cors() {
    on_both(|server, _| async move {
        let anyone = Client::new(&server);
        let wrong = [
            "hanbit-sample-Qm4x9Lr2Vt8Kp3Zx".to_owned(),
            TOKEN.to_uppercase(),
            "hanbit-city".to_owned(),
            format!("{TOKEN}x"),
        ];
        for token in wrong
            .iter()
            .map(String::as_str)
            .chain(OTHERS.iter().copied())
        {
            let r = anyone
                .raw(
                    "GET",
                    &format!("/api/widget/{token}/index.json"),
                    None,
                    &[("origin", HOMEPAGE)],
                )
                .await;
            expect_not_found(&r, token);
            assert_eq!(header(&r, "access-control-allow-origin"), "*", "{token}");
            assert!(!r.text.contains("hanbit"), "{token}: {}", r.text);
        }
        // The checker's four files only: no path into the data directory.
        for file in [
            "bundle.json",
            "contracts%2Fbada-county.json",
            "..%2Findex.json",
            "outages.json",
        ] {
            expect_not_found(&get(&anyone, file).await, file);
        }
        // A session does not widen it.
        let vendor = as_user(&server, "vendor").await;
        let r = vendor
            .raw("GET", "/api/widget/bada-county/index.json", None, &[])
            .await;
        expect_not_found(&r, "vendor, bada-county");
        // A browser's preflight from the homepage is answered for GET.
        let pre = anyone
            .raw(
                "OPTIONS",
                &format!("/api/widget/{TOKEN}/index.json"),
                None,
                &[
                    ("origin", HOMEPAGE),
                    ("access-control-request-method", "GET"),
                ],
            )
            .await;
        assert!(pre.status.is_success(), "{}: {}", pre.status, pre.text);
        assert_eq!(header(&pre, "access-control-allow-origin"), "*");
        assert!(header(&pre, "access-control-allow-methods").contains("GET"));
        // CORS is the checker's alone: the rest of the API allows no other origin.
        let other = anyone
            .raw("GET", "/api/openapi.json", None, &[("origin", HOMEPAGE)])
            .await;
        assert!(other.headers.get("access-control-allow-origin").is_none());
    })
    .await;
}

/// A widgets file of `text`, in a new folder.
fn widgets(text: &str) -> std::path::PathBuf {
    let path = temp_dir("widgets").join("widgets.json");
    std::fs::write(&path, text).unwrap();
    path
}

async fn open(widgets: Option<std::path::PathBuf>, db: &support::TestDb) -> Result<Server, String> {
    Server::open(Config {
        data_dir: data_dir(),
        site_dir: None,
        db_url: db.url.clone(),
        accounts: Some(support::accounts_file()),
        widgets,
        clock: Clock::manual(monday_10()),
        tls: false,
        limits: Limits::default(),
        mail: Default::default(),
    })
    .await
}

#[tokio::test]
async fn an_unpublished_contract_has_no_checker_and_a_guessable_token_is_refused() {
    // The vendor takes hanbit-city's checker down (or never gives a widgets file): its
    // token answers 404.
    for file in [
        None,
        Some(widgets(r#"{"schema_version": 1, "widgets": []}"#)),
    ] {
        let db = support::TestDb::sqlite();
        let server = open(file, &db).await.unwrap();
        let anyone = Client::new(&server);
        for name in ["index.json", "contract.json", "history.json"] {
            expect_not_found(&get(&anyone, name).await, name);
        }
        server.close().await;
        db.cleanup().await;
    }
    // Another contract published under its own token: its checker, not hanbit-city's.
    let db = support::TestDb::sqlite();
    let token = "bada-county-token-0123456789";
    let file = format!(
        r#"{{"schema_version": 1, "widgets": [{{"contract": "bada-county", "share_token": "{token}"}}]}}"#
    );
    let server = open(Some(widgets(&file)), &db).await.unwrap();
    let anyone = Client::new(&server);
    let r = anyone
        .get(&format!("/api/widget/{token}/contract.json"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["id"], "bada-county");
    expect_not_found(&get(&anyone, "index.json").await, "hanbit-city's old token");
    server.close().await;
    db.cleanup().await;

    // What the server refuses to start with, and how it says so.
    let one = |contract: &str, token: &str| {
        format!(
            r#"{{"schema_version": 1, "widgets": [{{"contract": "{contract}", "share_token": "{token}"}}]}}"#
        )
    };
    let twice = format!(
        r#"{{"schema_version": 1, "widgets": [{{"contract": "hanbit-city", "share_token": "{TOKEN}"}},
            {{"contract": "bada-county", "share_token": "{TOKEN}"}}]}}"#
    );
    for (text, says) in [
        (
            one("hanbit-city", "hanbit"),
            "$.widgets[0].share_token: expected 20 to 200 characters",
        ),
        (
            one("hanbit-city", "hanbit sample token with spaces"),
            "with others among them",
        ),
        (
            one("no-such-contract", TOKEN),
            "$.widgets[0].contract: \"no-such-contract\" is not a contract",
        ),
        (
            twice,
            "$.widgets[1].share_token: the same token as contract \"hanbit-city\"",
        ),
        (
            r#"{"schema_version": 1, "widgets": [{"contract": "hanbit-city", "token": "x"}]}"#
                .to_owned(),
            "$.widgets[0].token: unknown field",
        ),
    ] {
        let db = support::TestDb::sqlite();
        let e = open(Some(widgets(&text)), &db).await.unwrap_err();
        assert!(e.contains("widgets.json: "), "{e}");
        assert!(e.contains(says), "{says}: {e}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn the_widgets_own_files_may_be_loaded_from_another_origin_and_nothing_else() {
    let site = temp_dir("widget-site");
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>Covered</title>",
    )
    .unwrap();
    std::fs::create_dir_all(site.join("widget/pkg")).unwrap();
    std::fs::write(site.join("widget/covered-check.js"), "export {};").unwrap();
    std::fs::write(site.join("widget/pkg/covered.js"), "export default 1;").unwrap();
    let db = support::TestDb::sqlite();
    let server = Server::open(Config {
        data_dir: data_dir(),
        site_dir: Some(site),
        db_url: db.url.clone(),
        accounts: Some(support::accounts_file()),
        widgets: None,
        clock: Clock::manual(monday_10()),
        tls: false,
        limits: Limits::default(),
        mail: Default::default(),
    })
    .await
    .unwrap();
    let anyone = Client::new(&server);
    let from = [("origin", HOMEPAGE)];
    for path in ["/widget/covered-check.js", "/widget/pkg/covered.js"] {
        let r = anyone.raw("GET", path, None, &from).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(header(&r, "access-control-allow-origin"), "*", "{path}");
        assert!(r.text.starts_with("export"), "{path}: {}", r.text);
    }
    // The portal's pages and the rest of the API: same origin only, as before.
    for path in ["/", "/index.html", "/coverage", "/api/session"] {
        let r = anyone.raw("GET", path, None, &from).await;
        assert!(
            r.headers.get("access-control-allow-origin").is_none(),
            "{path}: {:?}",
            r.headers
        );
    }
    server.close().await;
    db.cleanup().await;
}

/// The built site holds a copy of every data set (`/data/<set>/…`, for static hosting):
/// under `covered serve` none of it is sent — every customer's contract and history is in
/// it — while `covered serve --static` sends it as any web server would.
#[tokio::test]
async fn the_sites_copy_of_the_data_is_not_sent_by_the_server_but_is_by_static_hosting() {
    let site = temp_dir("data-site");
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>Covered</title>",
    )
    .unwrap();
    std::fs::create_dir_all(site.join("data/library/contracts")).unwrap();
    for (file, text) in [
        (
            "data/library/index.json",
            r#"{"contracts": ["contracts/bada-county.json"]}"#,
        ),
        ("data/library/bundle.json", r#"{"texts": {}}"#),
        (
            "data/library/contracts/bada-county.json",
            r#"{"id": "bada-county"}"#,
        ),
    ] {
        std::fs::write(site.join(file), text).unwrap();
    }
    let db = support::TestDb::sqlite();
    let server = Server::open(Config {
        data_dir: data_dir(),
        site_dir: Some(site.clone()),
        db_url: db.url.clone(),
        accounts: Some(support::accounts_file()),
        widgets: None,
        clock: Clock::manual(monday_10()),
        tls: false,
        limits: Limits::default(),
        mail: Default::default(),
    })
    .await
    .unwrap();
    let anyone = Client::new(&server);
    let vendor = support::as_user(&server, "vendor").await;
    for path in [
        "/data",
        "/data/",
        "/data/library/index.json",
        "/data/library/bundle.json",
        "/data/library/contracts/bada-county.json",
        "/data/library/contracts/bada-county.json.gz",
    ] {
        for who in [&anyone, &vendor] {
            let r = who.raw("GET", path, None, &[]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.text);
            assert!(!r.text.contains("bada-county\""), "{path}: {}", r.text);
        }
    }
    // The portal's own pages are still the portal.
    assert_eq!(
        anyone.raw("GET", "/coverage", None, &[]).await.status,
        StatusCode::OK
    );
    server.close().await;
    db.cleanup().await;

    // Static hosting: the files are the data set the portal reads.
    use tower::ServiceExt;
    let r = covered_cli::serve::static_router(&site)
        .oneshot(
            axum::http::Request::builder()
                .uri("/data/library/contracts/bada-county.json")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}
