//! A request as the customer states it: where, which product, which category, and the
//! answers to that category's questions. Read from JSON with every problem reported.

use crate::calendar::{Pause, Zone};
use crate::civil::DateTime;
use crate::contract::{Catalog, Condition, Id, QuestionKind, Test};
use crate::json::{Ctx, idx, key};
use crate::map::Map;
use crate::problem::{Code, Expected, Problems};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Answer {
    /// Yes or no.
    Bool(bool),
    /// A number.
    Number(#[cfg_attr(feature = "ts", ts(type = "string"))] Decimal),
    /// One option id.
    Choice(Id),
    /// Several option ids.
    Multi(Vec<Id>),
    /// Free text.
    Text(String),
}

/// A request to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Branch id (the contract's first branch when absent).
    pub branch: Option<Id>,
    /// Product id.
    pub product: Id,
    /// Product version.
    pub version: Id,
    /// Category id.
    pub category: Id,
    /// Answers by question id.
    pub answers: Map<Id, Answer>,
    /// When it was received (local time); `now` when absent.
    pub received: Option<DateTime>,
    /// Filed as a paid change request.
    pub paid: bool,
    /// Times the request waited on the customer.
    pub pauses: Vec<Pause>,
}

impl Request {
    /// Reads a request from JSON text.
    ///
    /// # Errors
    ///
    /// Every problem, named by JSON path under the file name `request`: unknown
    /// fields, unknown category/product/version, answers of the wrong type or to
    /// questions the category does not ask.
    pub fn from_json(text: &str, catalog: &Catalog, zone: &Zone) -> Result<Request, Problems> {
        let mut cx = Ctx::new("request");
        let r = cx
            .parse(text)
            .and_then(|v| read_request(&mut cx, &v, catalog, zone));
        match r {
            Some(r) if cx.problems.is_empty() => Ok(r),
            _ => Err(Problems(cx.problems)),
        }
    }

    /// Reads a request from a JSON value (see [`Request::from_json`]).
    ///
    /// # Errors
    ///
    /// As for [`Request::from_json`].
    pub fn from_value(v: &Value, catalog: &Catalog, zone: &Zone) -> Result<Request, Problems> {
        let mut cx = Ctx::new("request");
        match read_request(&mut cx, v, catalog, zone) {
            Some(r) if cx.problems.is_empty() => Ok(r),
            _ => Err(Problems(cx.problems)),
        }
    }

    /// Whether `cond` holds for this request in `catalog`.
    pub fn holds(&self, cond: &Condition, catalog: &Catalog) -> bool {
        match cond {
            Condition::Always => true,
            Condition::Category(ids) => ids.contains(&self.category),
            Condition::Service(ids) => catalog
                .category(&self.category)
                .is_some_and(|c| ids.contains(&c.service)),
            Condition::Product(ids) => ids.contains(&self.product),
            Condition::All(cs) => cs.iter().all(|c| self.holds(c, catalog)),
            Condition::Any(cs) => cs.iter().any(|c| self.holds(c, catalog)),
            Condition::Not(c) => !self.holds(c, catalog),
            Condition::Answer(q, test) => {
                let a = self.answers.get(q);
                match (test, a) {
                    (Test::Answered(want), a) => a.is_some() == *want,
                    (Test::IsBool(want), Some(Answer::Bool(b))) => b == want,
                    (Test::IsChoice(want), Some(Answer::Choice(c))) => c == want,
                    (Test::In(set), Some(Answer::Choice(c))) => set.contains(c),
                    (Test::AtLeast(n), Some(Answer::Number(x))) => x >= n,
                    (Test::Below(n), Some(Answer::Number(x))) => x < n,
                    (Test::Contains(want), Some(Answer::Multi(xs))) => xs.contains(want),
                    _ => false,
                }
            }
        }
    }

    /// The number answer to `q`, if given.
    pub fn number(&self, q: &str) -> Option<Decimal> {
        match self.answers.get(q) {
            Some(Answer::Number(n)) => Some(*n),
            _ => None,
        }
    }
}

fn read_request(cx: &mut Ctx, v: &Value, catalog: &Catalog, zone: &Zone) -> Option<Request> {
    let m = cx.object(
        v,
        "$",
        &[
            "branch",
            "product",
            "version",
            "category",
            "answers",
            "received",
            "paid",
            "pauses",
            "title",
            "details",
            "requester",
            "wanted_by",
        ],
    )?;
    let branch = cx.opt_str(m, "$", "branch");
    let product = cx.req_str(m, "$", "product");
    let version = cx.req_str(m, "$", "version");
    if let (Some(p), Some(ver)) = (&product, &version) {
        match catalog.product(p) {
            None => cx.report(
                "$.product",
                Code::UnknownProduct {
                    product: p.clone(),
                    known: catalog.products.iter().map(|p| p.id.clone()).collect(),
                },
            ),
            Some(pd) if !pd.versions.contains(ver) => cx.report(
                "$.version",
                Code::UnknownVersion {
                    product: p.clone(),
                    version: ver.clone(),
                    known: pd.versions.clone(),
                },
            ),
            Some(_) => {}
        }
    }
    let category = cx.req_str(m, "$", "category");
    let cat = category.as_deref().and_then(|c| catalog.category(c));
    if let (Some(c), None) = (&category, cat) {
        cx.report(
            "$.category",
            Code::UnknownCategory {
                category: c.clone(),
                known: catalog.categories.iter().map(|c| c.id.clone()).collect(),
            },
        );
    }
    let mut answers = Map::new();
    // Without a known category there is no telling which answers it asks for: the
    // category's problem is the only one, not one more for every answer.
    let asks = category.is_none() || cat.is_some();
    if let Some(av) = m.get("answers").filter(|_| asks) {
        let asked: Vec<&str> = cat
            .map(|c| c.questions.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if let Some(am) = cx.object(av, "$.answers", &asked) {
            for (q, a) in am {
                if a.is_null() {
                    continue;
                }
                let since = cx.problems.len();
                // Paths relative to the answer's, which is written only for a problem.
                if let Some(question) = catalog.question(q)
                    && let Some(ans) = answer(cx, a, "", &question.kind)
                {
                    answers.insert(q.clone(), ans);
                }
                if cx.problems.len() > since {
                    let p = key("$.answers", q);
                    for problem in cx.problems.iter_mut().skip(since) {
                        problem.path.insert_str(0, &p);
                    }
                }
                cx.about_question(since, q);
            }
        }
    }
    let received = match m.get("received") {
        None | Some(Value::Null) => None,
        Some(r) => cx
            .str(r, "$.received")
            .and_then(|s| match zone.parse_local(&s) {
                Ok(d) => Some(d),
                Err(e) => {
                    cx.report("$.received", time_problem(&s, e));
                    None
                }
            }),
    };
    let paid = cx.opt_bool(m, "$", "paid", false);
    let mut pauses = Vec::new();
    for (i, pv) in cx.opt_array(m, "$", "pauses").iter().enumerate() {
        let p = idx("$.pauses", i);
        let Some(pair) = cx.array(pv, &p) else {
            continue;
        };
        let [a, b] = pair else {
            cx.expected(&p, Expected::Pair, pv);
            continue;
        };
        let at = |cx: &mut Ctx, v: &Value, path: String| {
            cx.str(v, &path).and_then(|s| match zone.parse_local(&s) {
                Ok(d) => Some(d),
                Err(e) => {
                    cx.report(&path, time_problem(&s, e));
                    None
                }
            })
        };
        let from = at(cx, a, idx(&p, 0));
        let to = at(cx, b, idx(&p, 1));
        if let (Some(from), Some(to)) = (from, to) {
            match Pause::new(from, to) {
                Ok(pause) => pauses.push(pause),
                Err(_) => cx.report(
                    &p,
                    Code::PauseNotAfter {
                        from: from.to_string(),
                        to: to.to_string(),
                    },
                ),
            }
        }
    }
    for f in ["title", "details", "requester"] {
        let _ = cx.opt_str(m, "$", f);
    }
    let _ = cx.opt_date(m, "$", "wanted_by");
    Some(Request {
        branch,
        product: product?,
        version: version?,
        category: category?,
        answers,
        received,
        paid,
        pauses,
    })
}

/// A date-time that could not be read, as a problem.
pub(crate) fn time_problem(value: &str, e: crate::calendar::CalendarError) -> Code {
    match e {
        crate::calendar::CalendarError::InvalidDateTime { value, reason } => {
            Code::NotDateTime { value, reason }
        }
        other => Code::NotDateTime {
            value: value.to_owned(),
            reason: other.to_string(),
        },
    }
}

fn answer(cx: &mut Ctx, v: &Value, path: &str, kind: &QuestionKind) -> Option<Answer> {
    match kind {
        QuestionKind::YesNo => cx.bool(v, path).map(Answer::Bool),
        QuestionKind::Number { min, max, .. } => {
            let n = cx.decimal(v, path)?;
            if let Some(lo) = min
                && n < *lo
            {
                cx.report(path, Code::BelowMinimum { value: n, min: *lo });
                return None;
            }
            if let Some(hi) = max
                && n > *hi
            {
                cx.report(path, Code::AboveMaximum { value: n, max: *hi });
                return None;
            }
            Some(Answer::Number(n))
        }
        QuestionKind::Choice(options) => {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            cx.one_of(v, path, &ids).map(Answer::Choice)
        }
        QuestionKind::Multi(options) => {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            let Value::Array(items) = v else {
                cx.expected(path, Expected::Options, v);
                return None;
            };
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if let Some(s) = cx.one_of(item, &idx(path, i), &ids)
                    && !out.contains(&s)
                {
                    out.push(s);
                }
            }
            Some(Answer::Multi(out))
        }
        QuestionKind::Text => match v {
            Value::String(s) => Some(Answer::Text(s.clone())),
            other => {
                cx.expected(path, Expected::Text, other);
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::DataSet;
    use crate::i18n::Lang;

    fn field(v: &serde_json::Value, pointer: &str) -> serde_json::Value {
        v.pointer(pointer).cloned().unwrap_or_default()
    }

    fn library() -> DataSet {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/library/");
        let index = std::fs::read_to_string(format!("{dir}index.json")).unwrap_or_default();
        let mut files = crate::map::Map::new();
        for f in crate::contract::manifest_files(&index).unwrap_or_default() {
            let text = std::fs::read_to_string(format!("{dir}{f}")).unwrap_or_default();
            files.insert(f, text);
        }
        files.insert("index.json".to_owned(), index);
        crate::contract::load_for_requests(&files).unwrap_or_else(|p| unreachable!("{p}"))
    }

    fn problems(data: &DataSet, text: &str) -> Vec<crate::problem::Problem> {
        let zone = crate::contract::catalog_zone(&data.catalog);
        match Request::from_json(text, &data.catalog, &zone) {
            Ok(_) => Vec::new(),
            Err(p) => p.0,
        }
    }

    #[test]
    fn an_answer_out_of_range_names_its_question_and_code_in_both_languages() {
        let data = library();
        let got = problems(
            &data,
            r#"{"product":"DLi","version":"8","category":"stats_report","answers":{"person_days":400}}"#,
        );
        let [p] = got.as_slice() else {
            unreachable!("{got:?}")
        };
        assert_eq!(p.question.as_deref(), Some("person_days"));
        assert_eq!(p.code.code(), "above_maximum");
        assert_eq!(p.text(Lang::En), "400 is above the maximum 365");
        assert_eq!(p.text(Lang::Ko), "400은 최댓값 365보다 큽니다");
        let v = serde_json::to_value(p).unwrap_or_default();
        assert_eq!(field(&v, "/question"), "person_days");
        assert_eq!(field(&v, "/max"), "365");
    }

    #[test]
    fn only_the_root_problem_is_reported() {
        let data = library();
        // A syntax error: nothing else about the text.
        let got = problems(&data, r#"{"product": "DLi", "answers": {"person_days": }"#);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got.first().map(|p| p.code.code()).unwrap_or_default(),
            "not_json"
        );
        // A misspelt category: its answers are not each reported as unknown too.
        let got = problems(
            &data,
            r#"{"product":"DLi","version":"8","category":"stats_reprot","answers":{"person_days":1,"security_risk":false}}"#,
        );
        let codes: Vec<&str> = got.iter().map(|p| p.code.code()).collect();
        assert_eq!(codes, ["unknown_category"], "{got:?}");
        // A misspelt product: its version is not reported as well.
        let got = problems(
            &data,
            r#"{"product":"DLl","version":"8","category":"stats_report"}"#,
        );
        let codes: Vec<&str> = got.iter().map(|p| p.code.code()).collect();
        assert_eq!(codes, ["unknown_product"], "{got:?}");
    }
}
