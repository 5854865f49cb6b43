//! The health checks outside `/api`: `GET /healthz` (the process answers) and
//! `GET /readyz` (the database answers too), with no session.

use crate::support::{self, Client};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn healthz_and_readyz_answer_without_a_session() {
    support::on_both(|server, _| async move {
        let c = Client::new(&server);
        let h = c.get("/healthz").await;
        assert_eq!(h.status, StatusCode::OK);
        assert_eq!(h.body, json!({"status": "ok"}));
        let r = c.get("/readyz").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, json!({"status": "ok"}));
        // With the database closed, the process still answers but is not ready.
        server.close().await;
        assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
        let r = c.get("/readyz").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.body["error"]["code"], "unavailable", "{}", r.body);
    })
    .await;
}
