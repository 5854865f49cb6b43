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
