//! A small reader over `serde_json::Value` that keeps the JSON path of every value and
//! collects every problem instead of stopping at the first.
//!
//! Raw JSON is read into plain values here; the `contract` module resolves them into
//! validated types (the ripgrep habit: low-level parse, then high-level resolve).

use crate::civil::Date;
use crate::problem::{Code, Expected, Problem, Ref};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

/// A JSON object with the path it was found at.
pub(crate) type Obj<'v> = &'v Map<String, Value>;

/// Collects the problems of one file.
#[derive(Debug)]
pub(crate) struct Ctx {
    file: String,
    pub(crate) problems: Vec<Problem>,
}

/// Joins a key onto a path: `$.a` + `b` → `$.a.b` (quoted when not a plain name).
pub(crate) fn key(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

/// Joins an index onto a path: `$.a` + 2 → `$.a[2]`.
pub(crate) fn idx(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Owned copies of names, for a code's parameters.
pub(crate) fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// A short rendering of a value for messages.
pub(crate) fn show(v: &Value) -> String {
    let s = match v {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

impl Ctx {
    /// A collector for `file`.
    pub(crate) fn new(file: impl Into<String>) -> Self {
        Ctx {
            file: file.into(),
            problems: Vec::new(),
        }
    }

    /// The file name problems are reported against.
    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// Records a problem at `path` with its code.
    pub(crate) fn report(&mut self, path: &str, code: Code) {
        self.problems
            .push(Problem::new(self.file.clone(), path.to_owned(), code));
    }

    /// Records that `id` is not an entry of `kind`, listing the `known` ones.
    pub(crate) fn unknown<S: AsRef<str>>(
        &mut self,
        path: &str,
        kind: Ref,
        id: &str,
        known: impl IntoIterator<Item = S>,
    ) {
        self.report(
            path,
            Code::UnknownRef {
                kind,
                id: id.to_owned(),
                known: known.into_iter().map(|k| k.as_ref().to_owned()).collect(),
            },
        );
    }

    /// Records that `v` is not what was expected.
    pub(crate) fn expected(&mut self, path: &str, what: Expected, v: &Value) {
        self.report(
            path,
            Code::Expected {
                what,
                found: show(v),
            },
        );
    }

    /// Marks the problems recorded since the first `since` as about the answer to
    /// `question`.
    pub(crate) fn about_question(&mut self, since: usize, question: &str) {
        for p in self.problems.iter_mut().skip(since) {
            p.question = Some(question.to_owned());
        }
    }

    /// Parses JSON text; a syntax error is reported with its line and column.
    pub(crate) fn parse(&mut self, text: &str) -> Option<Value> {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let error = e.to_string();
                let error = error.split(" at line").next().unwrap_or("syntax error");
                self.report(
                    "$",
                    Code::NotJson {
                        error: error.to_owned(),
                        line: e.line(),
                        column: e.column(),
                    },
                );
                None
            }
        }
    }

    /// `v` as an object whose keys are all in `allowed`; unknown keys are reported. A
    /// file's top level (`$`) may also name its JSON Schema (`"$schema"`, for editors),
    /// which is ignored.
    pub(crate) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        allowed: &[&str],
    ) -> Option<Obj<'v>> {
        match v {
            Value::Object(m) => {
                for k in m.keys() {
                    let schema = k == "$schema" && path == "$";
                    if !(schema || allowed.contains(&k.as_str())) {
                        self.report(
                            &key(path, k),
                            Code::UnknownField {
                                expected: allowed.iter().map(|a| (*a).to_owned()).collect(),
                            },
                        );
                    }
                }
                Some(m)
            }
            other => {
                self.expected(path, Expected::Object, other);
                None
            }
        }
    }

    /// A required member.
    pub(crate) fn req<'v>(&mut self, m: Obj<'v>, path: &str, k: &str) -> Option<&'v Value> {
        let v = m.get(k);
        if v.is_none() {
            self.report(
                path,
                Code::MissingField {
                    field: k.to_owned(),
                },
            );
        }
        v
    }

    /// A string value.
    pub(crate) fn str(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::String(_) => {
                self.expected(path, Expected::NonEmptyString, v);
                None
            }
            other => {
                self.expected(path, Expected::String, other);
                None
            }
        }
    }

    /// A required string member.
    pub(crate) fn req_str(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<String> {
        let v = self.req(m, path, k)?;
        // The member's path is written only for a problem: a history reads millions.
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => self.str(v, &key(path, k)),
        }
    }

    /// An optional string member.
    pub(crate) fn opt_str(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<String> {
        match m.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(v) => self.str(v, &key(path, k)),
        }
    }

    /// A boolean value.
    pub(crate) fn bool(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.expected(path, Expected::Bool, other);
                None
            }
        }
    }

    /// An optional boolean member, `default` when absent.
    pub(crate) fn opt_bool(&mut self, m: Obj<'_>, path: &str, k: &str, default: bool) -> bool {
        match m.get(k) {
            None | Some(Value::Null) => default,
            Some(Value::Bool(b)) => *b,
            Some(v) => self.bool(v, &key(path, k)).unwrap_or(default),
        }
    }

    /// A non-negative whole number.
    pub(crate) fn count(&mut self, v: &Value, path: &str) -> Option<u32> {
        match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(n),
            None => {
                self.expected(path, Expected::Count, v);
                None
            }
        }
    }

    /// A required non-negative whole number member.
    pub(crate) fn req_count(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<u32> {
        let v = self.req(m, path, k)?;
        self.count(v, &key(path, k))
    }

    /// An optional non-negative whole number member.
    pub(crate) fn opt_count(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<u32> {
        match m.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => self.count(v, &key(path, k)),
        }
    }

    /// A decimal, written as a JSON string (`"1234.5"`) or number.
    pub(crate) fn decimal(&mut self, v: &Value, path: &str) -> Option<Decimal> {
        let parsed = match v {
            Value::String(s) => Decimal::from_str(s.trim()).ok(),
            Value::Number(n) => Decimal::from_str(&n.to_string())
                .ok()
                .or_else(|| Decimal::from_scientific(&n.to_string()).ok()),
            _ => None,
        };
        if parsed.is_none() {
            self.expected(path, Expected::Decimal, v);
        }
        parsed
    }

    /// A required decimal member.
    pub(crate) fn req_decimal(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<Decimal> {
        let v = self.req(m, path, k)?;
        self.decimal(v, &key(path, k))
    }

    /// An optional decimal member.
    pub(crate) fn opt_decimal(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<Decimal> {
        match m.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => self.decimal(v, &key(path, k)),
        }
    }

    /// A calendar date `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, v: &Value, path: &str) -> Option<Date> {
        let s = self.str(v, path)?;
        match parse_date(&s) {
            Some(d) => Some(d),
            None => {
                self.expected(path, Expected::Date, v);
                None
            }
        }
    }

    /// A required date member.
    pub(crate) fn req_date(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<Date> {
        let v = self.req(m, path, k)?;
        self.date(v, &key(path, k))
    }

    /// An optional date member.
    pub(crate) fn opt_date(&mut self, m: Obj<'_>, path: &str, k: &str) -> Option<Date> {
        match m.get(k) {
            None | Some(Value::Null) => None,
            Some(v) => self.date(v, &key(path, k)),
        }
    }

    /// An array value.
    pub(crate) fn array<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v [Value]> {
        match v {
            Value::Array(a) => Some(a.as_slice()),
            other => {
                self.expected(path, Expected::Array, other);
                None
            }
        }
    }

    /// A required array member.
    pub(crate) fn req_array<'v>(&mut self, m: Obj<'v>, path: &str, k: &str) -> Option<&'v [Value]> {
        let v = self.req(m, path, k)?;
        self.array(v, &key(path, k))
    }

    /// An optional array member (absent = empty).
    pub(crate) fn opt_array<'v>(&mut self, m: Obj<'v>, path: &str, k: &str) -> &'v [Value] {
        match m.get(k) {
            None | Some(Value::Null) => &[],
            Some(v) => self.array(v, &key(path, k)).unwrap_or(&[]),
        }
    }

    /// A list of strings (each element checked).
    pub(crate) fn strings(&mut self, v: &Value, path: &str) -> Vec<String> {
        let Some(items) = self.array(v, path) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.str(item, &idx(path, i)))
            .collect()
    }

    /// A value that must be one of `options` (a string).
    pub(crate) fn one_of(&mut self, v: &Value, path: &str, options: &[&str]) -> Option<String> {
        let s = self.str(v, path)?;
        if options.contains(&s.as_str()) {
            Some(s)
        } else {
            self.report(
                path,
                Code::NotOneOf {
                    value: show(v),
                    options: options.iter().map(|o| (*o).to_owned()).collect(),
                },
            );
            None
        }
    }
}

/// Parses `YYYY-MM-DD` strictly.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y: i16 = s.get(0..4)?.parse().ok()?;
    let m: i8 = s.get(5..7)?.parse().ok()?;
    let d: i8 = s.get(8..10)?.parse().ok()?;
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_fields_and_wrong_types_are_all_reported() {
        let mut cx = Ctx::new("catalog.json");
        let v = json!({"id": 7, "nmae": "x", "when": "2025-02-30"});
        let m = cx
            .object(&v, "$", &["id", "name", "when"])
            .unwrap_or_else(|| unreachable_obj());
        let _ = cx.req_str(m, "$", "id");
        let _ = cx.req_str(m, "$", "name");
        let _ = cx.req_date(m, "$", "when");
        let got: Vec<String> = cx.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [
                "catalog.json: $.nmae: unknown field (expected one of: id, name, when)",
                "catalog.json: $.id: expected a string, found 7",
                "catalog.json: $: missing field `name`",
                "catalog.json: $.when: expected a date YYYY-MM-DD, found \"2025-02-30\"",
            ]
        );
    }

    fn unreachable_obj() -> Obj<'static> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        EMPTY.get_or_init(Map::new)
    }

    #[test]
    fn a_files_schema_is_ignored_at_its_top_level_only() {
        let mut cx = Ctx::new("catalog.json");
        let v = json!({"$schema": "../../schemas/catalog.schema.json", "id": "x",
                       "vendor": {"$schema": "vendor.json"}});
        let m = cx
            .object(&v, "$", &["id", "vendor"])
            .unwrap_or_else(|| unreachable_obj());
        if let Some(vendor) = m.get("vendor") {
            let _ = cx.object(vendor, "$.vendor", &["id"]);
        }
        let got: Vec<String> = cx.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [r#"catalog.json: $.vendor["$schema"]: unknown field (expected one of: id)"#]
        );
    }

    #[test]
    fn paths_quote_keys_that_are_not_plain_names() {
        assert_eq!(key("$.coverage", "DLI WEB"), "$.coverage[\"DLI WEB\"]");
        assert_eq!(key("$", "products"), "$.products");
        assert_eq!(idx("$.products", 2), "$.products[2]");
    }

    #[test]
    fn json_syntax_errors_name_line_and_column() {
        let mut cx = Ctx::new("contracts/a.json");
        assert!(cx.parse("{\n  \"id\": }").is_none());
        let p = cx
            .problems
            .first()
            .map(|p| p.to_string())
            .unwrap_or_default();
        assert!(p.starts_with("contracts/a.json: $: not valid JSON:"), "{p}");
        assert!(p.contains("line 2"), "{p}");
    }

    #[test]
    fn decimals_accept_strings_and_numbers() {
        let mut cx = Ctx::new("f");
        assert_eq!(
            cx.decimal(&json!("200000"), "$"),
            Some(Decimal::from(200000))
        );
        assert_eq!(
            cx.decimal(&json!(0.15), "$"),
            Decimal::from_str("0.15").ok()
        );
        assert_eq!(cx.decimal(&json!("abc"), "$"), None);
        assert_eq!(cx.problems.len(), 1);
    }
}
