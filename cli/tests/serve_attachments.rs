//! Files attached to a request and its comments: typed by their content, at most 10 MB
//! and 5 to a message, served only to those who may see the request and only as a
//! download, recorded in the audit trail. On SQLite, and on PostgreSQL when configured.

use crate::support::{Client, Kind, as_user, fault, on_both};
use axum::http::StatusCode;
use covered_cli::serve::Server;
use serde_json::json;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

async fn file_fault(c: &Client, title: &str) -> String {
    let r = c.post("/api/requests", &fault("hanbit-city", title)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn files_go_with_a_request_by_their_content_to_those_who_may_see_it() {
    on_both(|server: Server, _kind: Kind| async move {
        let me = as_user(&server, "hanbit").await;
        let id = file_fault(&me, "화면이 멈춥니다").await;
        let url = |q: &str| format!("/api/requests/{id}/attachments{q}");

        // A screenshot, named in Korean with a path a browser might send.
        let up = me
            .post_bytes(
                &url("?name=C%3A%5Ctmp%5C%ED%99%94%EB%A9%B4.png"),
                PNG.to_vec(),
            )
            .await;
        assert_eq!(up.status, StatusCode::CREATED, "{}", up.text);
        assert_eq!(up.body["name"], "화면.png");
        assert_eq!(up.body["mime"], "image/png");
        assert_eq!(up.body["size"], PNG.len());
        let href = up.body["href"].as_str().unwrap().to_owned();

        // The type is the content's, whatever the name says.
        let exe = me
            .post_bytes(
                &url("?name=log.txt"),
                b"MZ\x90\0\x03\0\0\0\x04\0\0\0".to_vec(),
            )
            .await;
        assert_eq!(
            exe.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{}",
            exe.text
        );
        assert_eq!(exe.error().0, "unsupported_type");
        let log = me
            .post_bytes(
                &url("?name=error.log"),
                "12:00 오류 발생\n".as_bytes().to_vec(),
            )
            .await;
        assert_eq!(
            log.body["mime"], "text/plain; charset=utf-8",
            "{}",
            log.text
        );
        // Too big, and no name.
        let big = me
            .post_bytes(&url("?name=big.txt"), vec![b'a'; 10 * 1024 * 1024 + 1])
            .await;
        assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", big.text);
        let nameless = me.post_bytes(&url(""), PNG.to_vec()).await;
        assert_eq!(
            nameless.error(),
            ("invalid_field".to_owned(), Some("name".to_owned())),
            "{}",
            nameless.text
        );

        // Five to the request itself; a sixth is refused.
        for n in 3..=5 {
            let r = me
                .post_bytes(
                    &url(&format!("?name={n}.pdf")),
                    b"%PDF-1.7\n%\xe2\xe3\n".to_vec(),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        }
        let sixth = me.post_bytes(&url("?name=6.png"), PNG.to_vec()).await;
        assert_eq!(sixth.status, StatusCode::CONFLICT, "{}", sixth.text);
        assert_eq!(sixth.error().0, "too_many_files");

        // A comment carries five of its own; a comment that isn't this request's, none.
        let c = me
            .post(
                &format!("/api/requests/{id}/comments"),
                &json!({"body": "로그 첨부합니다"}),
            )
            .await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.text);
        let got = me.get(&format!("/api/requests/{id}")).await;
        let comment = got.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "comment")
            .and_then(|e| e["id"].as_str())
            .unwrap()
            .to_owned();
        let with = me
            .post_bytes(
                &url(&format!("?name=trace.zip&comment={comment}")),
                b"PK\x03\x04\x14\0\0\0\x08\0".to_vec(),
            )
            .await;
        assert_eq!(with.status, StatusCode::CREATED, "{}", with.text);
        assert_eq!(with.body["comment"], comment.as_str());
        let stray = me
            .post_bytes(&url("?name=a.png&comment=nope"), PNG.to_vec())
            .await;
        assert_eq!(
            stray.error().1.as_deref(),
            Some("comment"),
            "{}",
            stray.text
        );

        let list = me.get(&url("")).await;
        let names: Vec<&str> = list.body["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "화면.png",
                "error.log",
                "3.pdf",
                "4.pdf",
                "5.pdf",
                "trace.zip"
            ]
        );
        assert!(
            !list.text.contains("base64") && !list.text.contains("IHDR"),
            "no bytes in lists"
        );

        // The file itself: the same bytes, only ever as a download.
        let (status, headers, bytes) = me.get_bytes(&href).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes, PNG);
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["content-security-policy"], "sandbox");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"__.png\"; filename*=UTF-8''%ED%99%94%EB%A9%B4.png"
        );
        // The vendor's staff may; another library, and nobody logged in, may not.
        let vendor = as_user(&server, "vendor").await;
        assert_eq!(vendor.get_bytes(&href).await.2, PNG);
        let other = as_user(&server, "bada").await;
        assert_eq!(other.get_bytes(&href).await.0, StatusCode::NOT_FOUND);
        assert_eq!(other.get(&url("")).await.status, StatusCode::NOT_FOUND);
        let up = other.post_bytes(&url("?name=x.png"), PNG.to_vec()).await;
        assert_eq!(up.status, StatusCode::NOT_FOUND, "{}", up.text);
        assert_eq!(
            Client::new(&server).get_bytes(&href).await.0,
            StatusCode::UNAUTHORIZED
        );

        // Each file kept is in the audit trail, with its size and type.
        let audit = vendor
            .get(&format!("/api/audit?request={id}&kind=request.attachment"))
            .await;
        let entries = audit.body["audit"].as_array().unwrap();
        assert_eq!(entries.len(), 6, "{}", audit.text);
        assert_eq!(entries[0]["detail"]["mime"], "image/png");
        assert_eq!(entries[0]["who"], "hanbit");
    })
    .await;
}
