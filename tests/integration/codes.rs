//! Every problem code the engine can give has its Korean and English sentences and a
//! line in docs/codes.md: a code added without them fails here.

use std::path::Path;

/// The codes a `fn code` of `file` returns: every `=> "…"` literal in its body.
fn codes_in(file: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let body = text
        .split("pub fn code(&self) -> &'static str {")
        .nth(1)
        .and_then(|rest| rest.split("\n    }\n").next())
        .unwrap_or_default();
    body.split("=> \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_problem_code_has_its_sentences_and_its_documentation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let docs = std::fs::read_to_string(root.join("docs/codes.md")).unwrap_or_default();
    let mut codes = codes_in("core/src/problem.rs");
    codes.extend(codes_in("core/src/calendar/error.rs"));
    assert!(codes.len() > 60, "found only {codes:?}");
    let templates: Vec<&str> = covered_core::words::TEMPLATES
        .iter()
        .map(|(code, _, _)| *code)
        .collect();
    let unworded: Vec<&String> = codes
        .iter()
        .filter(|c| !templates.contains(&c.as_str()))
        .collect();
    assert!(unworded.is_empty(), "codes without sentences: {unworded:?}");
    let undocumented: Vec<&String> = codes
        .iter()
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/codes.md: {undocumented:?}"
    );
}
