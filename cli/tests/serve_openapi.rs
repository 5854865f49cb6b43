//! The OpenAPI document at `/api/openapi.json` holds together as OpenAPI 3.1: every
//! operation has responses (its success and each error status of the table, the shared
//! ones included), every `$ref` resolves, every path parameter is declared, every schema
//! names only JSON Schema's types and requires only fields it describes. (Whether the
//! server answers as it says is `cargo xtask schemathesis`'s to check.)

use covered_cli::serve::openapi::{self, Access, EVERY_ERROR, OPERATIONS, SUBMISSION};
use serde_json::Value;
use std::collections::BTreeSet;

/// Every `$ref` in `v`, with where it stands.
fn refs<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref" {
                    if let Some(r) = x.as_str() {
                        out.push((at.clone(), r));
                    }
                } else {
                    refs(x, format!("{at}/{k}"), out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                refs(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Checks one schema and the schemas inside it; problems go to `bad`.
fn check_schema(s: &Value, at: &str, bad: &mut Vec<String>) {
    let Some(m) = s.as_object() else {
        bad.push(format!("{at}: a schema is not an object"));
        return;
    };
    const TYPES: [&str; 7] = [
        "string", "integer", "number", "boolean", "object", "array", "null",
    ];
    if let Some(t) = m.get("type") {
        let names: Vec<&Value> = match t {
            Value::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        for n in names {
            if !n.as_str().is_some_and(|n| TYPES.contains(&n)) {
                bad.push(format!("{at}: type {n} is not a JSON Schema type"));
            }
        }
    }
    if let Some(req) = m.get("required") {
        let props = m.get("properties").and_then(Value::as_object);
        for r in req.as_array().into_iter().flatten() {
            let name = r.as_str().unwrap_or_default();
            if !props.is_some_and(|p| p.contains_key(name)) {
                bad.push(format!(
                    "{at}: requires {name:?}, which it does not describe"
                ));
            }
        }
    }
    if let Some(e) = m.get("enum")
        && e.as_array().is_none_or(|a| a.is_empty())
    {
        bad.push(format!("{at}: an empty enum"));
    }
    for (k, x) in m
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        check_schema(x, &format!("{at}/properties/{k}"), bad);
    }
    if let Some(items) = m.get("items") {
        check_schema(items, &format!("{at}/items"), bad);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (i, x) in m
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            check_schema(x, &format!("{at}/{key}/{i}"), bad);
        }
    }
}

#[test]
fn the_document_is_openapi_3_1_whose_every_reference_resolves() {
    let doc = openapi::document();
    let mut bad: Vec<String> = Vec::new();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let paths = doc["paths"].as_object().expect("paths is an object");

    // Every $ref points at something in the document.
    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    assert!(found.len() > 100, "only {} references", found.len());
    for (at, r) in &found {
        let pointer = r.strip_prefix('#').unwrap_or("not local");
        if doc.pointer(pointer).is_none() {
            bad.push(format!("{at}: $ref {r} resolves to nothing"));
        }
    }

    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    let mut ids = BTreeSet::new();
    for (path, item) in paths {
        if !path.starts_with('/') {
            bad.push(format!("{path}: a path starts with /"));
        }
        let declared_in_path: BTreeSet<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .collect();
        for (method, op) in item.as_object().unwrap() {
            let at = format!("{method} {path}");
            if !["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                bad.push(format!("{at}: not an HTTP method"));
            }
            if !ids.insert(op["operationId"].as_str().unwrap_or_default().to_owned()) {
                bad.push(format!("{at}: operationId missing or not unique"));
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let mut in_path = BTreeSet::new();
            for p in &params {
                let location = p["in"].as_str().unwrap_or_default();
                if !["path", "query", "header", "cookie"].contains(&location) {
                    bad.push(format!("{at}: parameter {} is in {location:?}", p["name"]));
                }
                if location == "path" {
                    in_path.insert(p["name"].as_str().unwrap_or_default().to_owned());
                    if p["required"] != true {
                        bad.push(format!(
                            "{at}: path parameter {} is not required",
                            p["name"]
                        ));
                    }
                }
                check_schema(
                    &p["schema"],
                    &format!("{at} parameter {}", p["name"]),
                    &mut bad,
                );
            }
            let in_path: BTreeSet<&str> = in_path.iter().map(String::as_str).collect();
            if in_path != declared_in_path {
                bad.push(format!(
                    "{at}: path parameters {in_path:?}, the path has {declared_in_path:?}"
                ));
            }
            if let Some(body) = op.get("requestBody") {
                for (media, c) in body["content"].as_object().into_iter().flatten() {
                    check_schema(&c["schema"], &format!("{at} body {media}"), &mut bad);
                }
            }
            let responses = op["responses"].as_object();
            if responses.is_none_or(|r| r.is_empty()) {
                bad.push(format!("{at}: no responses"));
            }
            let mut successes = 0;
            for (status, r) in responses.into_iter().flatten() {
                let code: u16 = status.parse().unwrap_or(0);
                if !(100..600).contains(&code) {
                    bad.push(format!("{at}: response {status} is not a status code"));
                }
                successes += usize::from((200..300).contains(&code));
                let r = match r.get("$ref").and_then(Value::as_str) {
                    Some(reference) => doc.pointer(&reference[1..]).unwrap_or(&Value::Null),
                    None => r,
                };
                if !r["description"].is_string() {
                    bad.push(format!("{at}: response {status} has no description"));
                }
                for (media, c) in r["content"].as_object().into_iter().flatten() {
                    check_schema(&c["schema"], &format!("{at} {status} {media}"), &mut bad);
                    if code >= 400 && c["schema"]["$ref"] != "#/components/schemas/Error" {
                        bad.push(format!("{at}: {status} is not the Error schema"));
                    }
                }
            }
            if successes != 1 {
                bad.push(format!("{at}: {successes} success responses"));
            }
            for s in op["security"].as_array().into_iter().flatten() {
                for name in s.as_object().unwrap().keys() {
                    if !schemes.contains_key(name) {
                        bad.push(format!("{at}: security scheme {name} is not defined"));
                    }
                }
            }
        }
    }
    for (name, s) in doc["components"]["schemas"].as_object().unwrap() {
        check_schema(s, &format!("components/schemas/{name}"), &mut bad);
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn each_operation_lists_its_success_and_every_error_status_of_the_table() {
    let doc = openapi::document();
    for op in OPERATIONS {
        let key = op.path.strip_prefix("/api").unwrap();
        let o = &doc["paths"][key][op.method.to_ascii_lowercase()];
        let listed: BTreeSet<String> = o["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut expected: BTreeSet<String> = op
            .errors
            .iter()
            .chain(EVERY_ERROR)
            .map(u16::to_string)
            .collect();
        expected.insert(op.ok.to_string());
        assert_eq!(listed, expected, "{} {key}", op.method);
        // Who may call it, as the statuses say it.
        let has = |s: u16| op.errors.contains(&s);
        match op.access {
            Access::Public => assert!(o.get("security").is_none(), "{} {key}", op.method),
            Access::Session => assert!(has(401), "{} {key} needs a session", op.method),
            Access::SessionCsrf | Access::VendorSession => {
                assert!(has(401) && has(403), "{} {key}", op.method);
            }
        }
        if op.path.contains("{id}") {
            assert!(has(404) && has(400), "{} {key}", op.method);
        }
        if let Some(fields) = op.body {
            assert!(
                [400, 413, 415, 422].iter().all(|s| has(*s)),
                "{} {key}: a JSON body's refusals",
                op.method
            );
            let schema = &o["requestBody"]["content"]["application/json"]["schema"];
            assert_eq!(schema["additionalProperties"], false, "{} {key}", op.method);
            let props: BTreeSet<&str> = schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                props,
                fields.iter().map(|f| f.name).collect(),
                "{} {key}",
                op.method
            );
        }
    }
    // A login can be throttled, and the submission's fields are the ones the handler reads.
    let login = &doc["paths"]["/login"]["post"]["responses"];
    assert!(login["429"].is_object(), "{login}");
    let submission =
        &doc["paths"]["/requests"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let props: BTreeSet<&str> = submission["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(props, SUBMISSION.iter().copied().collect());
    assert_eq!(
        submission["properties"]["paid"]["type"],
        serde_json::json!(["boolean", "null"])
    );
    let required: BTreeSet<&str> = submission["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        required,
        [
            "contract",
            "product",
            "version",
            "category",
            "requester",
            "title"
        ]
        .into_iter()
        .collect()
    );
}

/// Where `value` breaks `schema` (the JSON Schema subset the document uses: `$ref`,
/// `allOf`, `anyOf`, `type`, `enum`, `required`, `properties`, `items`, `minimum`,
/// `maximum`); empty when it matches.
fn violations(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = schema["$ref"].as_str() {
        let target = doc.pointer(r.trim_start_matches('#')).unwrap();
        return violations(doc, target, value, at);
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        out.extend(violations(doc, part, value, at));
    }
    if let Some(any) = schema["anyOf"].as_array()
        && !any.iter().any(|s| violations(doc, s, value, at).is_empty())
    {
        out.push(format!("{at}: {value} matches none of {}", schema["anyOf"]));
    }
    let type_of = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let allowed: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let t = type_of(value);
    let fits = allowed.is_empty()
        || allowed.contains(&t)
        || (t == "integer" && allowed.contains(&"number"));
    if !fits {
        out.push(format!("{at}: a {t}, documented {allowed:?}"));
        return out;
    }
    if let Some(e) = schema["enum"].as_array()
        && !e.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {e:?}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_i64(), value.as_i64())
        && n < min
    {
        out.push(format!("{at}: {n} < {min}"));
    }
    if let Value::Object(m) = value {
        for r in schema["required"].as_array().into_iter().flatten() {
            if !m.contains_key(r.as_str().unwrap()) {
                out.push(format!("{at}: no {r}"));
            }
        }
        for (k, s) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(v) = m.get(k) {
                out.extend(violations(doc, s, v, &format!("{at}.{k}")));
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            out.extend(violations(doc, s, v, &format!("{at}[{i}]")));
        }
    }
    out
}

/// Asserts `r`, the answer to `method template`, is one the document lists for it: its
/// status, its content type and, for JSON, its schema.
#[track_caller]
fn documented(doc: &Value, method: &str, template: &str, r: &crate::support::Res) {
    let op = &doc["paths"][template.strip_prefix("/api").unwrap()][method.to_ascii_lowercase()];
    let status = r.status.as_u16().to_string();
    let mut response = &op["responses"][&status];
    assert!(
        response.is_object(),
        "{method} {template}: {status} is not documented: {}",
        r.text
    );
    if let Some(reference) = response["$ref"].as_str() {
        response = doc.pointer(reference.trim_start_matches('#')).unwrap();
    }
    let Some(content) = response["content"].as_object() else {
        assert!(
            r.text.is_empty(),
            "{method} {template}: a body where none is documented"
        );
        return;
    };
    let media = r
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default();
    assert!(
        content.contains_key(media),
        "{method} {template}: {media} is not documented ({:?})",
        content.keys()
    );
    if media == "application/json" {
        let bad = violations(doc, &content[media]["schema"], &r.body, "$");
        assert!(
            bad.is_empty(),
            "{method} {template} {status}:\n{}\n{}",
            bad.join("\n"),
            r.text
        );
    }
}

/// A request's whole life — filed, commented on, assigned, noted, answered, waited on,
/// resolved, reported on, rated, complained about, with a file and a calendar feed —
/// answers as the document says at every step, to the customer and to the vendor.
#[tokio::test]
async fn every_answer_of_a_requests_life_is_as_documented() {
    crate::support::on_both(|server, _kind| async move {
        use crate::support::{as_user, fault};
        use serde_json::json;
        let doc = openapi::document();
        let me = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let anon = crate::support::Client::new(&server);

        let filed = me.post("/api/requests", &fault("hanbit-city", "문서대로")).await;
        documented(&doc, "POST", "/api/requests", &filed);
        let id = filed.body["id"].as_str().unwrap().to_owned();
        let on = |t: &str| t.replace("{id}", &id);
        for (who, path, template) in [
            (&me, "/api/session".to_owned(), "/api/session"),
            (&anon, "/api/session".to_owned(), "/api/session"),
            (&me, "/api/dataset".to_owned(), "/api/dataset"),
            (&me, "/api/contracts".to_owned(), "/api/contracts"),
            (&me, "/api/contracts/hanbit-city".to_owned(), "/api/contracts/{id}"),
            (&me, "/api/contracts/bada-county".to_owned(), "/api/contracts/{id}"),
            (&me, "/api/contracts/hanbit-city/quota".to_owned(), "/api/contracts/{id}/quota"),
            (&me, "/api/contracts/hanbit-city/credits?month=2026-10".to_owned(), "/api/contracts/{id}/credits"),
            (&me, "/api/contracts/hanbit-city/kpi?from=2026-01-01&to=2026-11-20".to_owned(), "/api/contracts/{id}/kpi"),
            (&me, "/api/contracts/hanbit-city/kpi".to_owned(), "/api/contracts/{id}/kpi"),
            (&me, "/api/requests".to_owned(), "/api/requests"),
            (&vendor, "/api/requests?limit=1".to_owned(), "/api/requests"),
            (&me, on("/api/requests/{id}"), "/api/requests/{id}"),
            (&me, "/api/outbox".to_owned(), "/api/outbox"),
            (&me, "/api/settings".to_owned(), "/api/settings"),
        ] {
            let r = who.get(&path).await;
            documented(&doc, "GET", template, &r);
        }
        let check = me
            .post("/api/contracts/hanbit-city/check", &json!({"product": "DLi", "version": "8", "category": "stats_report", "answers": {}}))
            .await;
        documented(&doc, "POST", "/api/contracts/{id}/check", &check);
        let steps: Vec<(&crate::support::Client, &str, &str, Value)> = vec![
            (&me, "POST", "/api/requests/{id}/comments", json!({"body": "언제 되나요"})),
            (&vendor, "POST", "/api/requests/{id}/assign", json!({"assignee": "vendor"})),
            (&vendor, "POST", "/api/requests/{id}/notes", json!({"body": "내부 메모"})),
            (&vendor, "POST", "/api/requests/{id}/status", json!({"status": "in_progress"})),
            (&vendor, "POST", "/api/requests/{id}/status", json!({"status": "waiting_on_customer", "note": "로그를 보내 주세요"})),
            (&me, "POST", "/api/requests/{id}/comments", json!({"body": "보냈습니다"})),
            (&me, "POST", "/api/requests/{id}/rating", json!({"rating": 5})),
            (&vendor, "POST", "/api/requests/{id}/status", json!({"status": "in_progress"})),
            (&vendor, "PUT", "/api/requests/{id}/incident", json!({"summary": "s", "impact": "i", "cause": "c", "follow_up": "f", "timeline": [{"at": "2026-11-23T10:00", "text": "t"}]})),
            (&vendor, "POST", "/api/requests/{id}/status", json!({"status": "resolved", "note": "복구"})),
            (&vendor, "PUT", "/api/requests/{id}/incident", json!({"summary": "s", "impact": "i", "cause": "c", "follow_up": "f", "timeline": [{"at": "2026-11-23T10:00", "text": "t"}]})),
            (&me, "POST", "/api/requests/{id}/rating", json!({"rating": 1, "comment": "느렸어요"})),
            (&me, "POST", "/api/requests/{id}/complaint", json!({"comment": "여전히"})),
            (&me, "POST", "/api/requests/{id}/status", json!({"status": "nowhere"})),
            (&me, "PUT", "/api/settings", json!({"language": "en", "notify": "resolution"})),
            (&me, "PUT", "/api/settings", json!({"notify": "sometimes"})),
        ];
        for (who, method, template, body) in steps {
            let r = who.raw(method, &on(template), Some(body.to_string()), &[]).await;
            documented(&doc, method, template, &r);
        }
        for who in [&me, &vendor] {
            for template in [
                "/api/requests/{id}",
                "/api/requests/{id}/timeline",
                "/api/requests/{id}/incident",
                "/api/requests/{id}/attachments",
                "/api/requests/{id}/audit",
            ] {
                documented(&doc, "GET", template, &who.get(&on(template)).await);
            }
        }
        let file = me
            .post_bytes(&on("/api/requests/{id}/attachments?name=a.txt"), b"log line\n".to_vec())
            .await;
        documented(&doc, "POST", "/api/requests/{id}/attachments", &file);
        let href = file.body["href"].as_str().unwrap();
        documented(&doc, "GET", "/api/attachments/{id}", &me.get(href).await);
        for path in ["/api/outbox", "/api/audit", "/api/mail", "/api/desk", "/api/desk?at_risk=true&limit=1", "/api/audit.csv"] {
            let template = path.split('?').next().unwrap();
            documented(&doc, "GET", template, &vendor.get(path).await);
        }
        let feed = me.raw("POST", "/api/settings/calendar", None, &[]).await;
        documented(&doc, "POST", "/api/settings/calendar", &feed);
        let url = feed.body["calendar_url"].as_str().unwrap();
        let ics = &url[url.find("/api/").unwrap()..];
        documented(&doc, "GET", "/api/calendar/{token}.ics", &anon.get(ics).await);
        documented(&doc, "DELETE", "/api/settings/calendar", &me.raw("DELETE", "/api/settings/calendar", None, &[]).await);
        documented(&doc, "GET", "/api/calendar/{token}.ics", &anon.get(ics).await);
        documented(&doc, "POST", "/api/logout", &me.raw("POST", "/api/logout", None, &[]).await);
        documented(&doc, "GET", "/api/settings", &me.get("/api/settings").await);
    })
    .await;
}
