//! A request as the customer states it: where, which product, which category, and the
//! answers to that category's questions. Read from JSON with every problem reported.

use crate::calendar::{Pause, Zone};
use crate::civil::DateTime;
use crate::contract::{Catalog, Condition, Id, QuestionKind, Test};
use crate::json::{Ctx, idx, join, key, show};
use crate::map::Map;
use crate::problem::Problems;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// Yes or no.
    Bool(bool),
    /// A number.
    Number(Decimal),
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

/// The question a problem of a request points into, by its JSON path:
/// `$.answers.person_days` and `$.answers["person days"][0]` (how [`key`] writes a
/// key that is not a plain name) name `person_days` and `person days`.
pub fn answer_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("$.answers")?;
    if let Some(plain) = rest.strip_prefix('.') {
        let id: String = plain
            .chars()
            .take_while(|c| *c != '.' && *c != '[')
            .collect();
        return (!id.is_empty()).then_some(id);
    }
    // A quoted key: a JSON string between `[` and `]`.
    let quoted = rest.strip_prefix('[')?;
    let mut de = serde_json::Deserializer::from_str(quoted).into_iter::<String>();
    de.next().and_then(Result::ok)
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
            None => cx.err(
                "$.product",
                format!(
                    "{p:?} is not a product (known: {})",
                    join(catalog.products.iter().map(|p| p.id.as_str()))
                ),
            ),
            Some(pd) if !pd.versions.contains(ver) => cx.err(
                "$.version",
                format!(
                    "{ver:?} is not a version of {p} (known: {})",
                    pd.versions.join(", ")
                ),
            ),
            Some(_) => {}
        }
    }
    let category = cx.req_str(m, "$", "category");
    let cat = category.as_deref().and_then(|c| catalog.category(c));
    if let (Some(c), None) = (&category, cat) {
        cx.err(
            "$.category",
            format!(
                "{c:?} is not a request category (known: {})",
                join(catalog.categories.iter().map(|c| c.id.as_str()))
            ),
        );
    }
    let mut answers = Map::new();
    if let Some(av) = m.get("answers") {
        let asked: Vec<&str> = cat
            .map(|c| c.questions.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if let Some(am) = cx.object(av, "$.answers", &asked) {
            for (q, a) in am {
                if a.is_null() {
                    continue;
                }
                let p = key("$.answers", q);
                if let Some(question) = catalog.question(q)
                    && let Some(ans) = answer(cx, a, &p, &question.kind)
                {
                    answers.insert(q.clone(), ans);
                }
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
                    cx.err("$.received", e.to_string());
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
            cx.err(&p, "expected a pair [from, to]");
            continue;
        };
        let at = |cx: &mut Ctx, v: &Value, path: String| {
            cx.str(v, &path).and_then(|s| match zone.parse_local(&s) {
                Ok(d) => Some(d),
                Err(e) => {
                    cx.err(&path, e.to_string());
                    None
                }
            })
        };
        let from = at(cx, a, idx(&p, 0));
        let to = at(cx, b, idx(&p, 1));
        if let (Some(from), Some(to)) = (from, to) {
            match Pause::new(from, to) {
                Ok(pause) => pauses.push(pause),
                Err(e) => cx.err(&p, e.to_string()),
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

fn answer(cx: &mut Ctx, v: &Value, path: &str, kind: &QuestionKind) -> Option<Answer> {
    match kind {
        QuestionKind::YesNo => cx.bool(v, path).map(Answer::Bool),
        QuestionKind::Number { min, max, .. } => {
            let n = cx.decimal(v, path)?;
            if let Some(lo) = min
                && n < *lo
            {
                cx.err(path, format!("{n} is below the minimum {lo}"));
                return None;
            }
            if let Some(hi) = max
                && n > *hi
            {
                cx.err(path, format!("{n} is above the maximum {hi}"));
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
                cx.err(
                    path,
                    format!("expected an array of options, found {}", show(v)),
                );
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
                cx.err(path, format!("expected text, found {}", show(other)));
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{answer_of, key};

    #[test]
    fn a_problem_path_names_the_question_it_is_about() {
        assert_eq!(
            answer_of("$.answers.person_days").as_deref(),
            Some("person_days")
        );
        assert_eq!(answer_of("$.answers.items[2]").as_deref(), Some("items"));
        assert_eq!(
            answer_of("$.answers[\"person days\"]").as_deref(),
            Some("person days")
        );
        assert_eq!(answer_of("$.answers"), None);
        assert_eq!(answer_of("$.category"), None);
        // Whatever key the reader writes, the question reads back from it.
        for q in ["person_days", "person days", "a.b", "\"quoted\""] {
            assert_eq!(answer_of(&key("$.answers", q)).as_deref(), Some(q), "{q}");
        }
    }
}
