//! `covered serve`'s API, in process, on SQLite and (with `COVERED_TEST_DATABASE_URL`)
//! PostgreSQL: sessions and cookies, CSRF, tenants that never see each other's data,
//! the server's own verdicts (limits, paid change requests), idempotent submissions,
//! status changes and paused clocks, and bad input that stores nothing.

use crate::support;
use crate::support::{Client, as_user, fault, on_both, on_both_with, stats_report};
use axum::http::StatusCode;
use covered_cli::serve::openapi::{Access, OPERATIONS};
use serde_json::{Value, json};

/// How many requests `client` sees in the list.
async fn count(client: &Client) -> usize {
    let r = client.get("/api/requests").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["requests"].as_array().unwrap().len()
}

#[track_caller]
fn expect_error(r: &support::Res, status: StatusCode, code: &str, field: Option<&str>) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(
        r.headers["content-type"], "application/json",
        "errors are JSON: {}",
        r.text
    );
    let (c, f) = r.error();
    assert_eq!(
        (c.as_str(), f.as_deref()),
        (code, field),
        "error body: {}",
        r.text
    );
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_logout_ends_the_session() {
    on_both(|server, _kind| async move {
        let anon = Client::new(&server);
        expect_error(
            &anon.get("/api/session").await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            None,
        );
        let bad = anon
            .post(
                "/api/login",
                &json!({"login": "hanbit", "password": "wrong"}),
            )
            .await;
        expect_error(
            &bad,
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            Some("password"),
        );
        let nobody = anon
            .post("/api/login", &json!({"login": "nobody", "password": "x"}))
            .await;
        expect_error(
            &nobody,
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            Some("password"),
        );
        assert!(bad.headers.get("set-cookie").is_none());

        let ok = anon
            .post(
                "/api/login",
                &json!({"login": "hanbit", "password": "demo-hanbit"}),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        let cookie = ok.headers["set-cookie"].to_str().unwrap().to_owned();
        for part in [
            "covered_session=",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/",
            "Max-Age=",
        ] {
            assert!(cookie.contains(part), "{part} missing in {cookie}");
        }
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP: no Secure ({cookie})"
        );
        // Behind a TLS-terminating proxy the cookie is Secure.
        let tls = anon
            .raw(
                "POST",
                "/api/login",
                Some(json!({"login": "hanbit", "password": "demo-hanbit"}).to_string()),
                &[("x-forwarded-proto", "https")],
            )
            .await;
        assert!(
            tls.headers["set-cookie"]
                .to_str()
                .unwrap()
                .contains("; Secure"),
            "{:?}",
            tls.headers
        );

        let me = as_user(&server, "hanbit").await;
        let s = me.get("/api/session").await;
        assert_eq!(s.status, StatusCode::OK);
        assert_eq!(s.body["login"], "hanbit");
        assert_eq!(s.body["role"], "customer");
        assert_eq!(s.body["contracts"], json!(["hanbit-city"]));
        assert_eq!(s.body["csrf_token"].as_str(), me.csrf.as_deref());

        let out = me.post("/api/logout", &json!({})).await;
        assert_eq!(out.status, StatusCode::OK, "{}", out.text);
        assert!(
            out.headers["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        expect_error(
            &me.get("/api/session").await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            None,
        );
    })
    .await;
}

#[tokio::test]
async fn wrong_passwords_slow_down_the_address_that_guesses_and_not_the_owner_elsewhere() {
    on_both(|server, _kind| async move {
        let attacker = Client::from_ip(&server, "10.0.0.66");
        let owner = Client::from_ip(&server, "10.0.0.7");
        let attempt = |c: &Client, password: &'static str| {
            let c = c.clone();
            async move {
                c.post(
                    "/api/login",
                    &json!({"login": "saesol", "password": password}),
                )
                .await
            }
        };
        for _ in 0..3 {
            let r = attempt(&attacker, "guess").await;
            expect_error(
                &r,
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                Some("password"),
            );
        }
        // The fourth must wait a second: refused without being checked, even when right.
        for password in ["guess", "demo-saesol"] {
            let r = attempt(&attacker, password).await;
            expect_error(
                &r,
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                Some("password"),
            );
            assert_eq!(r.headers["retry-after"], "1", "{:?}", r.headers);
        }
        // The owner, from another address, logs in as ever.
        let r = attempt(&owner, "demo-saesol").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        // Each further failure doubles the wait: 2 s, then 4 s.
        for wait in [1, 2] {
            server.clock().advance_seconds(wait);
            let r = attempt(&attacker, "guess").await;
            expect_error(
                &r,
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                Some("password"),
            );
            let r = attempt(&attacker, "guess").await;
            expect_error(
                &r,
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                Some("password"),
            );
            assert_eq!(
                r.headers["retry-after"],
                (wait * 2).to_string().as_str(),
                "{:?}",
                r.headers
            );
        }
        // Another login from the guessing address is not slowed down by saesol's count.
        let r = attacker
            .post(
                "/api/login",
                &json!({"login": "bada", "password": "demo-bada"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        // Once the wait has passed, the right password works and empties the count.
        server.clock().advance_seconds(4);
        let r = attempt(&attacker, "demo-saesol").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        for _ in 0..3 {
            let r = attempt(&attacker, "guess").await;
            expect_error(
                &r,
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                Some("password"),
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_wrong_passwords_are_counted_before_any_is_checked_and_across_restarts() {
    let limits = covered_cli::serve::Limits {
        max_hashes: 64,
        ..covered_cli::serve::Limits::default()
    };
    let mut dbs = vec![support::TestDb::sqlite()];
    dbs.extend(support::TestDb::postgres().await);
    for db in dbs {
        let server = support::server_with(&db, limits.clone()).await;
        let attacker = Client::from_ip(&server, "10.0.0.66");
        let started = std::time::Instant::now();
        let mut tries = tokio::task::JoinSet::new();
        for i in 0..40 {
            let c = attacker.clone();
            tries.spawn(async move {
                c.post(
                    "/api/login",
                    &json!({"login": "saesol", "password": format!("guess-{i}")}),
                )
                .await
            });
        }
        let (mut wrong, mut refused) = (0, 0);
        while let Some(r) = tries.join_next().await {
            let r = r.unwrap();
            match r.status {
                StatusCode::UNAUTHORIZED => wrong += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    expect_error(
                        &r,
                        StatusCode::TOO_MANY_REQUESTS,
                        "too_many_attempts",
                        Some("password"),
                    );
                    assert!(r.headers.contains_key("retry-after"), "{:?}", r.headers);
                    refused += 1;
                }
                other => panic!("{other}: {}", r.text),
            }
        }
        println!(
            "budget: {:?} 40 parallel wrong passwords: {wrong} checked, {refused} refused in {} ms: pass",
            db.kind,
            started.elapsed().as_millis()
        );
        assert_eq!(
            (wrong, refused),
            (3, 37),
            "three are checked, the rest wait"
        );
        server.close().await;
        // A restarted server (or another on the database) goes on counting.
        let again = support::server_with(&db, limits.clone()).await;
        let r = Client::from_ip(&again, "10.0.0.66")
            .post(
                "/api/login",
                &json!({"login": "saesol", "password": "demo-saesol"}),
            )
            .await;
        expect_error(
            &r,
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            Some("password"),
        );
        let r = Client::from_ip(&again, "10.0.0.7")
            .post(
                "/api/login",
                &json!({"login": "saesol", "password": "demo-saesol"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "the owner elsewhere: {}", r.text);
        again.close().await;
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_max_hashes_passwords_are_checked_at_once_and_the_rest_are_told_to_retry() {
    let limits = covered_cli::serve::Limits {
        max_hashes: 2,
        ..covered_cli::serve::Limits::default()
    };
    on_both_with(limits, |server, kind| async move {
        let started = std::time::Instant::now();
        let mut tries = tokio::task::JoinSet::new();
        for i in 0..20 {
            // Each from its own address, so that the throttle has nothing to say.
            let c = Client::from_ip(&server, &format!("10.0.1.{i}"));
            tries.spawn(async move {
                c.post(
                    "/api/login",
                    &json!({"login": "hanbit", "password": "demo-hanbit"}),
                )
                .await
            });
        }
        let (mut ok, mut busy) = (0, 0);
        while let Some(r) = tries.join_next().await {
            let r = r.unwrap();
            match r.status {
                StatusCode::OK => ok += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    expect_error(&r, StatusCode::TOO_MANY_REQUESTS, "busy", None);
                    assert_eq!(r.headers["retry-after"], "1", "{:?}", r.headers);
                    busy += 1;
                }
                other => panic!("{other}: {}", r.text),
            }
        }
        println!(
            "budget: {kind:?} 20 parallel logins with 2 hashes at once: {ok} logged in, {busy} told to retry, in {} ms: pass",
            started.elapsed().as_millis()
        );
        assert!(ok >= 1 && busy >= 1, "{ok} logged in, {busy} busy");
        // Told to retry, they get in.
        let r = Client::from_ip(&server, "10.0.1.1")
            .post("/api/login", &json!({"login": "hanbit", "password": "demo-hanbit"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    })
    .await;
}

#[tokio::test]
async fn state_changing_calls_without_the_csrf_token_or_from_another_origin_are_refused() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let filed = me
            .post("/api/requests", &fault("hanbit-city", "정상 접수"))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        let id = filed.body["id"].as_str().unwrap().to_owned();

        for op in OPERATIONS
            .iter()
            .filter(|o| o.access == Access::SessionCsrf)
        {
            let path = if op.path.starts_with("/api/contracts/") {
                op.path.replace("{id}", "hanbit-city")
            } else {
                op.path.replace("{id}", &id)
            };
            let body = match op.path {
                "/api/requests" => fault("hanbit-city", "CSRF 없이"),
                "/api/requests/{id}/status" => json!({"status": "in_progress"}),
                "/api/requests/{id}/comments" => json!({"body": "CSRF 없이"}),
                _ => json!({}),
            };
            let caller = if op.path.ends_with("/status") {
                &vendor
            } else {
                &me
            };
            for headers in [
                vec![("x-csrf-token", "")],
                vec![("x-csrf-token", "0000")],
                vec![("origin", "http://evil.example")],
            ] {
                let mut c = caller.clone();
                if headers[0].0 == "x-csrf-token" {
                    c.csrf = None;
                }
                let r = c
                    .raw(op.method, &path, Some(body.to_string()), &headers)
                    .await;
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{} {path} {headers:?}: {}",
                    op.method,
                    r.text
                );
                assert_eq!(r.error().0, "csrf", "{path}: {}", r.text);
            }
        }
        // Nothing was stored or changed: one request, still received, no comment.
        assert_eq!(count(&me).await, 1);
        let got = me.get(&format!("/api/requests/{id}")).await;
        assert_eq!(got.body["status"], "received");
        assert_eq!(got.body["events"].as_array().unwrap().len(), 1);
        // The session survived the forged logout.
        assert_eq!(me.get("/api/session").await.status, StatusCode::OK);
        // A login posted from another site is refused too.
        let r = Client::new(&server)
            .raw(
                "POST",
                "/api/login",
                Some(json!({"login": "hanbit", "password": "demo-hanbit"}).to_string()),
                &[("origin", "http://evil.example")],
            )
            .await;
        expect_error(&r, StatusCode::FORBIDDEN, "csrf", Some("Origin"));
    })
    .await;
}

/// Every endpoint, called by one tenant with another tenant's ids, answers without any
/// of the other tenant's data.
#[tokio::test]
async fn no_endpoint_shows_one_customer_another_customers_data() {
    on_both(|server, _kind| async move {
        let bada = as_user(&server, "bada").await;
        let hanbit = as_user(&server, "hanbit").await;
        let riverside = as_user(&server, "hanbit-riverside").await;
        let secret = "BADA-SECRET-장애";
        let theirs = bada
            .post("/api/requests", &fault("bada-county", secret))
            .await;
        assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.text);
        let their_id = theirs.body["id"].as_str().unwrap().to_owned();
        let their_sr = theirs.body["sr"].as_str().unwrap().to_owned();
        let main_secret = "HANBIT-MAIN-ONLY";
        let ours = hanbit
            .post("/api/requests", &fault("hanbit-city", main_secret))
            .await;
        assert_eq!(ours.status, StatusCode::CREATED, "{}", ours.text);
        let main_id = ours.body["id"].as_str().unwrap().to_owned();
        let main_sr = ours.body["sr"].as_str().unwrap().to_owned();

        let foreign = |text: &str| {
            text.contains(&their_id)
                || text.contains(secret)
                || text.contains("bada-county")
                || text.contains("바다군립")
                || (text.contains(&their_sr) && text.contains("bada"))
        };
        for op in OPERATIONS {
            let path = if op.path.starts_with("/api/contracts/") {
                op.path.replace("{id}", "bada-county")
            } else {
                op.path.replace("{id}", &their_id)
            };
            let query = match op.path {
                "/api/contracts/{id}/credits" => "?month=2026-10",
                "/api/contracts/{id}/kpi" => "?from=2026-01-01&to=2026-12-31",
                "/api/requests" if op.method == "GET" => "?contract=bada-county",
                _ => "",
            };
            let body = match (op.method, op.path) {
                ("POST", "/api/requests") => Some(fault("bada-county", "남의 계약")),
                ("POST", "/api/requests/{id}/status") => Some(json!({"status": "in_progress"})),
                ("POST", "/api/requests/{id}/comments") => Some(json!({"body": "엿보기"})),
                ("POST", "/api/contracts/{id}/check") => {
                    let mut f = fault("bada-county", "x");
                    f.as_object_mut().unwrap().remove("contract");
                    Some(f)
                }
                ("POST", "/api/login") => {
                    Some(json!({"login": "hanbit", "password": "demo-hanbit"}))
                }
                ("POST", _) => Some(json!({})),
                _ => None,
            };
            let url = format!("{path}{query}");
            let r = hanbit
                .raw(op.method, &url, body.map(|b| b.to_string()), &[])
                .await;
            assert!(!foreign(&r.text), "{} {url} leaked: {}", op.method, r.text);
            let allowed = matches!(
                (op.method, op.path),
                (
                    "GET",
                    "/api/session" | "/api/contracts" | "/api/dataset" | "/api/openapi.json"
                ) | ("POST", "/api/login" | "/api/logout")
                    | ("GET" | "PUT", "/api/settings")
                    | ("POST" | "DELETE", "/api/settings/calendar")
            );
            if !allowed {
                assert!(
                    r.status.is_client_error(),
                    "{} {url} answered {}: {}",
                    op.method,
                    r.status,
                    r.text
                );
            }
        }
        // The data directory is not published as files (it holds every contract): the
        // portal's fallback page answers instead, never the JSON.
        for path in [
            "/data/library/contracts/bada-county.json",
            "/data/library/history/bada-county.json",
            "/data/library/index.json",
        ] {
            let r = hanbit.get(path).await;
            assert!(!foreign(&r.text), "{path} leaked: {}", r.text);
            assert!(!r.text.contains("\"schema_version\""), "{path}: {}", r.text);
        }
        // Bada's request is untouched: no comment, no status change.
        let still = bada.get(&format!("/api/requests/{their_id}")).await;
        assert_eq!(still.body["status"], "received");
        assert_eq!(still.body["events"].as_array().unwrap().len(), 1);
        // The lists: each tenant sees its own only.
        let hanbit = as_user(&server, "hanbit").await;
        let list = hanbit.get("/api/requests").await;
        assert!(!foreign(&list.text), "{}", list.text);
        assert_eq!(count(&hanbit).await, 1);
        let contracts = hanbit.get("/api/contracts").await;
        let ids: Vec<&str> = contracts.body["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["hanbit-city"]);
        // A branch account sees its branch's requests only, and files for its branch only.
        let r = riverside.get(&format!("/api/requests/{main_id}")).await;
        expect_error(&r, StatusCode::NOT_FOUND, "not_found", None);
        assert!(
            !riverside
                .get("/api/requests")
                .await
                .text
                .contains(main_secret)
        );
        let mut other_branch = fault("hanbit-city", "본관 것");
        other_branch["branch"] = json!("main");
        expect_error(
            &riverside.post("/api/requests", &other_branch).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("branch"),
        );
        let mut own = fault("hanbit-city", "강변 것");
        own.as_object_mut().unwrap().remove("branch");
        let r = riverside.post("/api/requests", &own).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["branch"], "riverside");
        // Every operation, as the branch account on its own contract and the main
        // branch's request: nothing of that request — its id, SR number or words — is
        // in any answer (the KPI's request lists, the credits' overruns included).
        let main_leaked = |text: &str| {
            text.contains(&main_id) || text.contains(&main_sr) || text.contains(main_secret)
        };
        for op in OPERATIONS {
            let path = if op.path.starts_with("/api/contracts/") {
                op.path.replace("{id}", "hanbit-city")
            } else {
                op.path.replace("{id}", &main_id)
            };
            let query = match op.path {
                "/api/contracts/{id}/credits" => "?month=2026-11",
                "/api/contracts/{id}/kpi" => "?from=2026-03-01&to=2027-02-28",
                _ => "",
            };
            let body = match (op.method, op.path) {
                ("POST", "/api/requests/{id}/status") => Some(json!({"status": "in_progress"})),
                ("POST", "/api/requests/{id}/comments") => Some(json!({"body": "엿보기"})),
                ("POST", "/api/login" | "/api/logout" | "/api/settings/calendar") => None,
                ("POST" | "PUT", _) => Some(json!({})),
                _ => None,
            };
            if matches!(
                op.path,
                "/api/login" | "/api/logout" | "/api/settings/calendar"
            ) {
                continue;
            }
            let url = format!("{path}{query}");
            let r = riverside
                .raw(op.method, &url, body.map(|b| b.to_string()), &[])
                .await;
            assert!(
                !main_leaked(&r.text),
                "riverside: {} {url} leaked: {}",
                op.method,
                r.text
            );
            if op.path == "/api/contracts/{id}/kpi" {
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            }
        }
        // Vendor staff see everything.
        let vendor = as_user(&server, "vendor").await;
        assert_eq!(count(&vendor).await, 3);
        assert_eq!(
            vendor
                .get(&format!("/api/requests/{their_id}"))
                .await
                .status,
            StatusCode::OK
        );
    })
    .await;
}

#[tokio::test]
async fn the_data_set_holds_the_callers_contracts_only_and_loads_like_a_data_directory() {
    on_both(|server, _kind| async move {
        let files = |r: &support::Res| -> covered_core::map::Map<String, String> {
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.body["files"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        };
        let hanbit = files(&as_user(&server, "hanbit").await.get("/api/dataset").await);
        let names: Vec<&str> = hanbit.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "catalog.json",
                "contracts/hanbit-city.json",
                "history/hanbit-city.json",
                "index.json",
                "outages/hanbit-city.json"
            ]
        );
        let loaded = covered_core::contract::load(&hanbit).unwrap();
        let ids: Vec<&str> = loaded.contracts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["hanbit-city"]);
        // Vendor staff get every contract; nobody logged in gets nothing.
        let vendor = files(&as_user(&server, "vendor").await.get("/api/dataset").await);
        assert_eq!(
            covered_core::contract::load(&vendor)
                .unwrap()
                .contracts
                .len(),
            6
        );
        expect_error(
            &Client::new(&server).get("/api/dataset").await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            None,
        );
    })
    .await;
}

#[tokio::test]
async fn over_the_annual_limit_is_refused_unless_filed_as_a_paid_change_request() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        // hanbit-city's history has used 3 of 3 minus one: one report is left.
        let quota = me.get("/api/contracts/hanbit-city/quota").await;
        let line = |q: &Value| {
            q["quotas"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["category"] == "stats_report")
                .unwrap()
                .clone()
        };
        assert_eq!(line(&quota.body)["remaining"], 1, "{}", quota.text);

        let first = me.post("/api/requests", &stats_report("월별 통계")).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
        assert_eq!(first.body["coverage"], "covered");
        assert_eq!(first.body["paid"], false);
        assert_eq!(first.body["verdict"]["quota"]["remaining"], 1);

        let over = me.post("/api/requests", &stats_report("하나 더")).await;
        expect_error(&over, StatusCode::UNPROCESSABLE_ENTITY, "not_covered", Some("paid"));
        assert_eq!(over.body["error"]["detail"]["verdict"]["coverage"]["status"], "not_covered");
        assert_eq!(count(&me).await, 1, "a refused submission is not stored");

        let mut paid = stats_report("유상으로");
        paid["paid"] = json!(true);
        let cr = me.post("/api/requests", &paid).await;
        assert_eq!(cr.status, StatusCode::CREATED, "{}", cr.text);
        assert_eq!(cr.body["paid"], true);
        assert_eq!(cr.body["coverage"], "not_covered");
        // The paid one does not count against the limit: still none left, not below.
        let quota = me.get("/api/contracts/hanbit-city/quota").await;
        assert_eq!(line(&quota.body)["remaining"], 0);
        assert_eq!(line(&quota.body)["pending"], 1, "{}", quota.text);

        // The browser's own verdict is never asked for: sending one is an unknown field.
        let mut forged = stats_report("내 판정");
        forged["verdict"] = json!({"coverage": {"status": "covered"}});
        expect_error(
            &me.post("/api/requests", &forged).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("verdict"),
        );
        // An expired contract refuses even a paid filing it can't take.
        let yetgil = as_user(&server, "yetgil").await;
        let mut req = json!({"contract": "yetgil-city", "branch": "main", "product": "DLi", "version": "7",
            "category": "usage_question", "requester": "r", "title": "기간 밖", "paid": true});
        let r = yetgil.post("/api/requests", &req).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert_eq!(r.error().0, "outside_contract");
        req["paid"] = json!(false);
        assert_eq!(yetgil.post("/api/requests", &req).await.error().0, "outside_contract");
        assert_eq!(count(&yetgil).await, 0);
    })
    .await;
}

#[tokio::test]
async fn a_retried_submission_with_the_same_idempotency_key_returns_the_original() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let body = fault("hanbit-city", "재시도").to_string();
        let key = [("idempotency-key", "retry-7f3a")];
        let first = me
            .raw("POST", "/api/requests", Some(body.clone()), &key)
            .await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
        assert!(first.headers.get("idempotent-replayed").is_none());
        server.clock().advance_minutes(3);
        let again = me
            .raw("POST", "/api/requests", Some(body.clone()), &key)
            .await;
        assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        for f in ["id", "sr", "submitted", "deadlines"] {
            assert_eq!(again.body[f], first.body[f], "{f}");
        }
        assert_eq!(count(&me).await, 1);
        // The same key with another body is an error, and stores nothing.
        let other = fault("hanbit-city", "다른 내용").to_string();
        let r = me.raw("POST", "/api/requests", Some(other), &key).await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            Some("Idempotency-Key"),
        );
        // Another account's identical key is its own.
        let vendor = as_user(&server, "vendor").await;
        let r = vendor.raw("POST", "/api/requests", Some(body), &key).await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert_ne!(r.body["id"], first.body["id"]);
        assert_eq!(count(&me).await, 2);
    })
    .await;
}

#[tokio::test]
async fn status_changes_follow_the_catalogs_lifecycle_for_each_side() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let r = me
            .post("/api/requests", &fault("hanbit-city", "흐름"))
            .await;
        let id = r.body["id"].as_str().unwrap().to_owned();
        let path = format!("/api/requests/{id}/status");
        let one = format!("/api/requests/{id}");
        assert_eq!(r.body["status"], "received");
        assert_eq!(r.body["status_name"]["ko"], "접수");
        // The customer may only cancel a request just filed; the vendor may work it.
        assert_eq!(r.body["next_statuses"], json!(["cancelled"]));
        assert_eq!(
            vendor.get(&one).await.body["next_statuses"],
            json!([
                "in_progress",
                "waiting_on_customer",
                "resolved",
                "cancelled"
            ])
        );
        let r = me.post(&path, &json!({"status": "in_progress"})).await;
        expect_error(&r, StatusCode::CONFLICT, "not_allowed", Some("status"));
        assert_eq!(
            r.body["error"]["detail"]["refusal"]["allowed"],
            json!(["cancelled"])
        );
        let r = vendor.post(&path, &json!({"status": "closed"})).await;
        expect_error(&r, StatusCode::CONFLICT, "not_allowed", Some("status"));
        assert!(
            r.body["error"]["detail"]["text"]["ko"]
                .as_str()
                .unwrap()
                .contains("'접수' 상태에서 '종료'"),
            "{}",
            r.text
        );
        let r = vendor.post(&path, &json!({"status": "done"})).await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_status",
            Some("status"),
        );
        let r = vendor.post(&path, &json!({"status": 3})).await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("status"),
        );
        // Waiting on the customer needs a note saying what is needed.
        let r = vendor
            .post(&path, &json!({"status": "waiting_on_customer"}))
            .await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "note_required",
            Some("note"),
        );
        let r = vendor
            .post(
                "/api/requests/nope/status",
                &json!({"status": "in_progress"}),
            )
            .await;
        expect_error(&r, StatusCode::NOT_FOUND, "not_found", None);
        assert_eq!(
            me.get(&one).await.body["responded"],
            Value::Null,
            "a refused move is no reply"
        );

        for (minutes, who, status, note) in [
            (5, "vendor", "in_progress", None),
            (10, "vendor", "resolved", None),
            (
                1,
                "customer",
                "in_progress",
                Some("같은 오류가 다시 납니다"),
            ),
            (30, "vendor", "resolved", None),
            (60, "customer", "closed", None),
        ] {
            server.clock().advance_minutes(minutes);
            let caller = if who == "vendor" { &vendor } else { &me };
            let r = caller
                .post(&path, &json!({"status": status, "note": note}))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{who} → {status}: {}", r.text);
            assert_eq!(r.body["status"], status);
        }
        let done = me.get(&one).await;
        assert_eq!(done.body["responded"], "2026-11-23T10:05:00");
        assert_eq!(done.body["resolved"], "2026-11-23T10:46:00");
        assert_eq!(done.body["closed"], "2026-11-23T11:46:00");
        assert_eq!(done.body["rework"], true, "reopened once");
        assert_eq!(done.body["status_kind"], "completed");
        assert_eq!(done.body["next_statuses"], json!([]));
        let response = done.body["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["clock"] == "response")
            .unwrap();
        assert_eq!(response["state"], "met");
        assert_eq!(response["stopped"], "2026-11-23T10:05:00");
        let kinds: Vec<&str> = done.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["status"].as_str().unwrap_or("-"))
            .collect();
        assert_eq!(
            kinds,
            [
                "received",
                "in_progress",
                "resolved",
                "in_progress",
                "resolved",
                "closed"
            ]
        );
        let r = vendor.post(&path, &json!({"status": "in_progress"})).await;
        expect_error(&r, StatusCode::CONFLICT, "not_allowed", Some("status"));
    })
    .await;
}

#[tokio::test]
async fn the_customer_rates_a_resolved_request_and_a_low_rating_counts_against_csi() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let r = me
            .post("/api/requests", &fault("hanbit-city", "평가"))
            .await;
        let id = r.body["id"].as_str().unwrap().to_owned();
        let sr = r.body["sr"].clone();
        let rate = format!("/api/requests/{id}/rating");
        let r = me.post(&rate, &json!({"rating": 4})).await;
        expect_error(&r, StatusCode::CONFLICT, "not_resolved", Some("rating"));
        server.clock().advance_minutes(30);
        let r = vendor
            .post(
                &format!("/api/requests/{id}/status"),
                &json!({"status": "resolved"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = vendor.post(&rate, &json!({"rating": 4})).await;
        expect_error(&r, StatusCode::FORBIDDEN, "customer_only", Some("rating"));
        let r = me.post(&rate, &json!({"rating": 9})).await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "rating_out_of_range",
            Some("rating"),
        );
        let r = me.post(&rate, &json!({"rating": "good"})).await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("rating"),
        );
        let kpi = |v: &Value| {
            v["kpis"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == "csi")
                .cloned()
                .unwrap()
        };
        let kpi_path = "/api/contracts/hanbit-city/kpi?from=2026-11-01&to=2026-11-30";
        let before = kpi(&me.get(kpi_path).await.body);
        server.clock().advance_minutes(1);
        let r = me
            .post(&rate, &json!({"rating": 2, "comment": "연락이 늦었습니다"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["satisfaction"]["rating"], 2);
        assert_eq!(
            r.body["complaint"], true,
            "2 of 5 is a complaint in the sample data"
        );
        assert_eq!(
            r.body["effects"],
            json!([{"code": "rated", "rating": 2, "complaint": true}])
        );
        let after = kpi(&me.get(kpi_path).await.body);
        let has = |k: &Value, ids: &str| k[ids].as_array().unwrap().contains(&sr);
        assert!(
            has(&before, "numerator_ids"),
            "on time, no complaint yet: {before}"
        );
        assert!(has(&after, "denominator_ids"), "{after}");
        assert!(
            !has(&after, "numerator_ids"),
            "the complaint takes it out of CSI's numerator: {after}"
        );
        let events = me.get(&format!("/api/requests/{id}")).await.body["events"].clone();
        let last = events.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "rating");
        assert_eq!(last["body"], "연락이 늦었습니다");
    })
    .await;
}

#[tokio::test]
async fn waiting_on_the_customer_pauses_the_clocks_and_moves_the_due_times() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        // hanbit-city is Gold (24×7): a critical fault at 10:00 is to be restored by 18:00.
        let r = me
            .post("/api/requests", &fault("hanbit-city", "멈춤"))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.body["id"].as_str().unwrap().to_owned();
        let due = |v: &Value, clock: &str| {
            v["deadlines"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["clock"] == clock)
                .unwrap()["due"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(r.body["severity"], "critical");
        assert_eq!(due(&r.body, "restore"), "2026-11-23T18:00:00");
        let path = format!("/api/requests/{id}/status");
        server.clock().advance_minutes(10);
        vendor.post(&path, &json!({"status": "in_progress"})).await;
        server.clock().advance_minutes(10);
        let w = vendor
            .post(
                &path,
                &json!({"status": "waiting_on_customer", "note": "로그 파일을 보내 주세요"}),
            )
            .await;
        assert_eq!(w.status, StatusCode::OK, "{}", w.text);
        assert_eq!(w.body["clocks_paused"], true);
        assert_eq!(w.body["waiting_since"], "2026-11-23T10:20:00");
        // 40 minutes into the wait the due time has moved 40 minutes.
        server.clock().advance_minutes(40);
        let mid = me.get(&format!("/api/requests/{id}")).await;
        assert_eq!(due(&mid.body, "restore"), "2026-11-23T18:40:00");
        // The customer answers; the vendor resumes after an hour's wait in all.
        let c = me
            .post(
                &format!("/api/requests/{id}/comments"),
                &json!({"body": "보냈습니다"}),
            )
            .await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.text);
        server.clock().advance_minutes(20);
        let back = vendor.post(&path, &json!({"status": "in_progress"})).await;
        assert_eq!(back.status, StatusCode::OK, "{}", back.text);
        assert_eq!(back.body["clocks_paused"], false);
        assert_eq!(
            back.body["pauses"],
            json!([{"from": "2026-11-23T10:20:00", "to": "2026-11-23T11:20:00"}])
        );
        assert_eq!(due(&back.body, "restore"), "2026-11-23T19:00:00");
        // Stored: a later read gives the same, whatever the clock says.
        server.clock().advance_minutes(500);
        let later = me.get(&format!("/api/requests/{id}")).await;
        assert_eq!(due(&later.body, "restore"), "2026-11-23T19:00:00");
        // Every clock of the request stops while it waits (the core's pauses).
        assert_eq!(due(&later.body, "response"), "2026-11-23T12:00:00");
    })
    .await;
}

#[tokio::test]
async fn the_stored_request_keeps_its_verdict_deadlines_and_the_versions_they_came_from() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "bada").await;
        let r = me
            .post("/api/requests", &fault("bada-county", "금요일 밤"))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.body["id"].as_str().unwrap();
        assert_eq!(
            r.headers["location"],
            format!("/api/requests/{id}").as_str()
        );
        let got = me.get(&format!("/api/requests/{id}")).await;
        let b = &got.body;
        assert!(b["sr"].as_str().unwrap().starts_with("SR-2026-"));
        assert_eq!(b["catalog_version"], "2026.11-1");
        assert_eq!(b["contract_version"], b["verdict"]["contract_version"]);
        assert_eq!(b["verdict"]["coverage"]["status"], "covered");
        assert_eq!(b["verdict"]["received"], "2026-11-23T10:00:00");
        // Bada is Bronze (10×5): Monday 10:00 + 4 business hours.
        assert_eq!(b["deadlines"], b["verdict"]["deadlines"]);
        assert_eq!(b["status"], "received");
        assert_eq!(b["events"][0]["kind"], "submitted");
        assert_eq!(b["events"][0]["by"], "bada");
        assert_eq!(
            b["events"][0]["by_name"], "박바다 사서",
            "who, as people read it"
        );
        // The check endpoint gives the same verdict without storing anything.
        let mut body = fault("bada-county", "미리보기");
        body.as_object_mut().unwrap().remove("contract");
        let v = me.post("/api/contracts/bada-county/check", &body).await;
        assert_eq!(v.status, StatusCode::OK, "{}", v.text);
        assert_eq!(v.body["deadlines"], b["deadlines"]);
        assert_eq!(count(&me).await, 1);
    })
    .await;
}

#[tokio::test]
async fn bad_input_gets_a_json_error_naming_the_field_and_stores_nothing() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let with = |f: &str, v: Value| {
            let mut b = fault("hanbit-city", "잘못된 입력");
            b[f] = v;
            b.to_string()
        };
        let mut no_impact = fault("hanbit-city", "t");
        no_impact["answers"] = json!({});
        let cases: Vec<(String, StatusCode, &str, &str)> = vec![
            (
                "{\"contract\": ".into(),
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "body",
            ),
            (
                "[1, 2]".into(),
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "body",
            ),
            (
                with("title", json!(5)),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "title",
            ),
            (
                with("paid", json!("yes")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "paid",
            ),
            (
                with("answers", json!([1])),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "answers",
            ),
            (
                with("answers", json!({"impact": 3})),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "answers.impact",
            ),
            (
                with("answers", json!({"impact": "everything"})),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "answers.impact",
            ),
            (
                with("contract", json!("atlantis")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_contract",
                "contract",
            ),
            (
                with("category", json!("teleport")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "category",
            ),
            (
                with("product", json!("Excel")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "product",
            ),
            (
                with("wanted_by", json!("next week")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "wanted_by",
            ),
            (
                with("title", json!("")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "title",
            ),
            (
                with("colour", json!("red")),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "colour",
            ),
            (
                with("title", json!("x".repeat(201))),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "title",
            ),
            (
                no_impact.to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "missing_answer",
                "answers.impact",
            ),
            (
                with("details", json!("가".repeat(70_000))),
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "body",
            ),
        ];
        for (body, status, code, field) in &cases {
            let r = me
                .raw("POST", "/api/requests", Some(body.clone()), &[])
                .await;
            expect_error(&r, *status, code, Some(field));
        }
        // Not JSON at all.
        let mut plain = me.clone();
        plain.csrf = None;
        let csrf = me.csrf.clone().unwrap();
        let r = plain
            .raw_with_type(
                "/api/requests",
                "title=x",
                "application/x-www-form-urlencoded",
                &csrf,
            )
            .await;
        expect_error(
            &r,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Some("body"),
        );
        // Query parameters and ids are checked the same way.
        for (path, field) in [
            ("/api/contracts/hanbit-city/credits?month=2026-13", "month"),
            ("/api/contracts/hanbit-city/kpi?from=2026-01-01", "to"),
            (
                "/api/contracts/hanbit-city/kpi?from=2026-12-01&to=2026-01-01",
                "to",
            ),
            ("/api/requests?status=lost", "status"),
            ("/api/requests?limit=9999", "limit"),
            ("/api/requests?colour=red", "colour"),
        ] {
            let r = me.get(path).await;
            // A status the catalog's lifecycle doesn't have is named by the lifecycle.
            let code = if field == "status" {
                "not_a_status"
            } else {
                "invalid_field"
            };
            expect_error(&r, StatusCode::UNPROCESSABLE_ENTITY, code, Some(field));
        }
        expect_error(
            &me.get("/api/nowhere").await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        );
        assert_eq!(count(&me).await, 0, "nothing was stored");
        let vendor = as_user(&server, "vendor").await;
        assert_eq!(count(&vendor).await, 0);
    })
    .await;
}

#[tokio::test]
async fn contract_views_count_the_stored_requests() {
    on_both(|server, _kind| async move {
        let me = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let before = me
            .get("/api/contracts/hanbit-city/kpi?from=2026-11-01&to=2026-11-30")
            .await;
        assert_eq!(before.status, StatusCode::OK, "{}", before.text);
        let r = me.post("/api/requests", &fault("hanbit-city", "KPI")).await;
        let id = r.body["id"].as_str().unwrap().to_owned();
        server.clock().advance_minutes(30);
        vendor
            .post(
                &format!("/api/requests/{id}/status"),
                &json!({"status": "resolved"}),
            )
            .await;
        let after = me
            .get("/api/contracts/hanbit-city/kpi?from=2026-11-01&to=2026-11-30")
            .await;
        assert_ne!(
            before.body["kpis"], after.body["kpis"],
            "the resolved request counts"
        );
        let credits = me
            .get("/api/contracts/hanbit-city/credits?month=2026-10")
            .await;
        assert_eq!(credits.status, StatusCode::OK, "{}", credits.text);
        assert!(
            credits.body["availability"]["percent"].is_string(),
            "{}",
            credits.text
        );
        let contract = me.get("/api/contracts/hanbit-city").await;
        assert_eq!(contract.body["tier"], "gold");
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_the_server_answers() {
    on_both(|server, kind| async move {
        let anon = Client::new(&server);
        let doc = anon.get("/api/openapi.json").await;
        assert_eq!(doc.status, StatusCode::OK);
        assert_eq!(doc.body["openapi"], "3.1.0");
        let vendor = as_user(&server, "vendor").await;
        for op in OPERATIONS {
            let key = op.path.strip_prefix("/api").unwrap();
            assert!(
                doc.body["paths"][key][op.method.to_ascii_lowercase()].is_object(),
                "{} {key} not documented",
                op.method
            );
            // The router has it: no "no such API endpoint".
            let path = op.path.replace("{id}", "x");
            let r = vendor
                .raw(op.method, &path, op.body.map(|_| "{}".to_owned()), &[])
                .await;
            assert!(
                !r.text.contains("no such API endpoint"),
                "{} {path} is documented but not routed ({kind:?})",
                op.method
            );
        }
    })
    .await;
}

async fn restart_keeps_requests(db: support::TestDb) {
    let first = support::server(&db).await;
    let me = as_user(&first, "hanbit").await;
    let r = me
        .post("/api/requests", &fault("hanbit-city", "재시작"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    first.close().await;
    // Opening the same database again runs no migration twice and keeps the request.
    let second = support::server(&db).await;
    let me = as_user(&second, "hanbit").await;
    let got = me
        .get(&format!("/api/requests/{}", r.body["id"].as_str().unwrap()))
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body["title"], "재시작");
    // A new request continues the SR numbers.
    let next = me
        .post("/api/requests", &fault("hanbit-city", "다음"))
        .await;
    assert_ne!(next.body["sr"], r.body["sr"]);
    second.close().await;
    db.cleanup().await;
}

#[tokio::test]
async fn a_restarted_server_keeps_its_requests_and_its_migrations_run_once() {
    restart_keeps_requests(support::TestDb::sqlite()).await;
    if let Some(db) = support::TestDb::postgres().await {
        restart_keeps_requests(db).await;
    }
}

#[tokio::test]
async fn a_kpi_period_beyond_the_contract_is_refused_naming_the_bound_and_the_whole_period_answers()
{
    on_both(|server, kind| async move {
        let me = as_user(&server, "hanbit").await;
        // hanbit-city runs from 2026-03-01 to 2027-02-28.
        for (path, field, bound) in [
            (
                "/api/contracts/hanbit-city/kpi?from=0001-01-01&to=9999-12-30",
                "from",
                "2026-03-01",
            ),
            (
                "/api/contracts/hanbit-city/kpi?from=2026-03-01&to=9999-12-30",
                "to",
                "2027-02-28",
            ),
            (
                "/api/contracts/hanbit-city/kpi?from=2026-02-28&to=2026-03-31",
                "from",
                "2026-03-01",
            ),
        ] {
            let started = std::time::Instant::now();
            let r = me.get(path).await;
            expect_error(
                &r,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                Some(field),
            );
            assert!(
                r.body["error"]["message"].as_str().unwrap().contains(bound),
                "the error names the bound {bound}: {}",
                r.text
            );
            let ms = started.elapsed().as_millis();
            println!(
                "budget: {kind:?} refused {path} in {ms} ms (≤ 100): {}",
                if ms <= 100 { "pass" } else { "FAIL" }
            );
        }
        // A month outside the contract is refused by the credits route too.
        let r = me
            .get("/api/contracts/hanbit-city/credits?month=9999-12")
            .await;
        expect_error(
            &r,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("month"),
        );
        // The contract's whole period still answers.
        let started = std::time::Instant::now();
        let r = me
            .get("/api/contracts/hanbit-city/kpi?from=2026-03-01&to=2027-02-28")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert!(
            r.body["kpis"].is_array() || r.body["kpis"].is_object(),
            "{}",
            r.text
        );
        let ms = started.elapsed().as_millis();
        println!(
            "budget: {kind:?} the whole contract period's KPIs in {ms} ms (≤ 1000): {}",
            if ms <= 1000 { "pass" } else { "FAIL" }
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_clients_are_answered_while_kpi_reports_are_computed() {
    let limits = covered_cli::serve::Limits {
        engine_jobs: 1,
        ..covered_cli::serve::Limits::default()
    };
    on_both_with(limits, |server, kind| async move {
        let vendor = as_user(&server, "vendor").await;
        let me = as_user(&server, "hanbit").await;
        // national-sample runs three years, 2026-01-01 to 2028-12-31.
        let started = std::time::Instant::now();
        let mut reports = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let v = vendor.clone();
            reports.spawn(async move {
                v.get("/api/contracts/national-sample/kpi?from=2026-01-01&to=2028-12-31")
                    .await
            });
        }
        tokio::task::yield_now().await;
        let asked = std::time::Instant::now();
        let s = me.get("/api/session").await;
        assert_eq!(s.status, StatusCode::OK, "{}", s.text);
        let session_ms = asked.elapsed().as_millis();
        while let Some(r) = reports.join_next().await {
            let r = r.unwrap();
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        }
        let all_ms = started.elapsed().as_millis();
        println!(
            "budget: {kind:?} a session answered in {session_ms} ms while 4 three-year KPI reports took {all_ms} ms (≤ 100): {}",
            if session_ms <= 100 { "pass" } else { "FAIL" }
        );
    })
    .await;
}
