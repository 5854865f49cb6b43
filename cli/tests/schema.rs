//! `covered schema <kind>` prints each data file's JSON Schema (exit 2 for a kind there is
//! none of), and the broken files of `tests/fixtures/broken/broken.json` — which
//! `tests/js/schemas.test.mjs` shows each schema refuses (ajv) — are refused by the
//! engine too: `covered validate` on a sample directory with the broken file in it, or
//! `covered check` for a request, exits 1 naming the file's problem.

use crate::support::process::covered;
use crate::support::{repo, temp_dir};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const KINDS: [&str; 9] = [
    "index",
    "catalog",
    "contract",
    "history",
    "outages",
    "cases",
    "request",
    "notifications",
    "mail",
];

#[test]
fn schema_prints_each_kinds_json_schema() {
    for kind in KINDS {
        let out = covered(&["schema", kind]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "covered schema {kind}");
        let v: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("covered schema {kind}: not JSON ({e})"));
        assert_eq!(
            v["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind}"
        );
        assert_eq!(v["$id"], format!("{kind}.schema.json"));
        assert_eq!(v["type"], "object", "{kind}");
        // The very file the portal serves and the samples name.
        let file = repo().join(format!("public/schemas/{kind}.schema.json"));
        let on_disk: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        assert_eq!(v, on_disk, "{kind}");
    }
    assert_eq!(KINDS.as_slice(), covered_cli::schema::KINDS.as_slice());
}

#[test]
fn schema_of_an_unknown_kind_is_a_usage_error_listing_the_kinds() {
    for args in [
        &["schema", "calendar"][..],
        &["schema"],
        &["schema", "catalog", "mail"],
    ] {
        let out = covered(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "covered {args:?}");
        assert!(out.stdout.is_empty(), "covered {args:?}");
        assert!(
            stderr.contains(
                "index, catalog, contract, history, outages, cases, request, notifications, mail"
            ),
            "covered {args:?}: {stderr}"
        );
    }
}

/// `doc` with the JSON Patch (RFC 6902) operations `ops` applied: add, replace, remove.
fn patched(doc: &Value, ops: &Value) -> Value {
    let mut out = doc.clone();
    for op in ops.as_array().unwrap() {
        let path = op["path"].as_str().unwrap();
        let (parent, last) = path.rsplit_once('/').unwrap();
        let last = last.replace("~1", "/").replace("~0", "~");
        let at = out
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{path}: no {parent}"));
        match (op["op"].as_str().unwrap(), at) {
            ("remove", Value::Object(m)) => {
                assert!(m.remove(&last).is_some(), "remove {path}: nothing there");
            }
            ("remove", Value::Array(a)) => {
                a.remove(last.parse().unwrap());
            }
            ("replace", Value::Object(m)) => {
                assert!(m.contains_key(&last), "replace {path}: nothing there");
                m.insert(last, op["value"].clone());
            }
            ("add", Value::Object(m)) => {
                m.insert(last, op["value"].clone());
            }
            ("replace", Value::Array(a)) => {
                let i: usize = last.parse().unwrap();
                a[i] = op["value"].clone();
            }
            ("add", Value::Array(a)) => {
                let i = if last == "-" {
                    a.len()
                } else {
                    last.parse().unwrap()
                };
                a.insert(i, op["value"].clone());
            }
            (other, _) => panic!("{path}: cannot {other} there"),
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs `covered args…` with `stdin`; returns (exit code, stderr).
fn run(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_covered"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn schema_broken_files_are_refused_by_the_engine_too() {
    let list: Value = serde_json::from_slice(
        &std::fs::read(repo().join("tests/fixtures/broken/broken.json")).unwrap(),
    )
    .unwrap();
    let broken = list["broken"].as_array().unwrap();
    assert!(broken.len() >= 20, "{} broken files", broken.len());
    let mut wrong = Vec::new();
    for b in broken {
        let what = b["what"].as_str().unwrap();
        let data = repo().join("public/data").join(b["data"].as_str().unwrap());
        let expected = b["covered"].as_str().unwrap();
        let (code, stderr) = if let Some(request) = b["request"].as_str() {
            let original: Value =
                serde_json::from_slice(&std::fs::read(repo().join(request)).unwrap()).unwrap();
            let contract = b["contract"].as_str().unwrap();
            let args = ["check", data.to_str().unwrap(), "--contract", contract];
            let now = ["--now", "2026-11-20T22:40:00"];
            // The request as it is passes: only the patch breaks it.
            let (code, err) = run(&[&args[..], &now].concat(), &original.to_string());
            assert_eq!(code, Some(0), "{request}: {err}");
            let doc = patched(&original, &b["patch"]);
            run(&[&args[..], &now].concat(), &doc.to_string())
        } else {
            let file = b["file"].as_str().unwrap();
            let dir = temp_dir("broken");
            copy_dir(&data, &dir);
            let original: Value =
                serde_json::from_slice(&std::fs::read(dir.join(file)).unwrap()).unwrap();
            let doc = patched(&original, &b["patch"]);
            std::fs::write(dir.join(file), serde_json::to_string_pretty(&doc).unwrap()).unwrap();
            let got = run(&["validate", dir.to_str().unwrap()], "");
            std::fs::remove_dir_all(&dir).unwrap();
            got
        };
        if code != Some(1) || !stderr.contains(expected) {
            wrong.push(format!(
                "{what}: expected exit 1 and {expected:?}, got {code:?}:\n{stderr}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
