//! Rules (exclusions and conditions of coverage) and the conditions that rules,
//! severity rules and questions' `shown_when` test.

use super::*;

pub(super) struct Refs<'a> {
    pub(super) questions: &'a [Question],
    pub(super) categories: &'a [Category],
    pub(super) services: &'a [Service],
    pub(super) products: &'a [Product],
    pub(super) written: &'a Written,
}

/// The ids written in the catalog of everything its parts refer to, whether or not
/// their entries read: a reference to an entry that failed to read follows from the
/// entry's own problem and is not reported again.
#[derive(Debug, Default)]
pub(super) struct Written {
    pub(super) calendars: Set<String>,
    pub(super) products: Set<String>,
    pub(super) services: Set<String>,
    pub(super) questions: Set<String>,
    pub(super) categories: Set<String>,
    pub(super) severities: Set<String>,
    pub(super) clocks: Set<String>,
    pub(super) tiers: Set<String>,
    pub(super) features: Set<String>,
    pub(super) addons: Set<String>,
}

impl Written {
    /// The ids written in the catalog object `m`.
    pub(super) fn of(m: Obj<'_>) -> Written {
        let ids = |field: &str| written_ids(m.get(field));
        Written {
            calendars: ids("calendars"),
            products: ids("products"),
            services: ids("services"),
            questions: ids("questions"),
            categories: ids("categories"),
            severities: ids("severities"),
            clocks: ids("clocks"),
            tiers: ids("tiers"),
            features: ids("features"),
            addons: ids("addons"),
        }
    }
}

fn read_rule(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: Id,
    refs: &Refs<'_>,
    addons: &[(Id, Text)],
    features: &[(Id, Text)],
) -> Option<Rule> {
    let m = cx.object(
        v,
        path,
        &[
            "id",
            "clause",
            "text",
            "when",
            "effect",
            "waived_by",
            "alternative",
        ],
    )?;
    let clause = cx.req_str(m, path, "clause");
    let text_v = req_text(cx, m, path, "text");
    let when = cx
        .req(m, path, "when")
        .and_then(|w| condition(cx, w, &key(path, "when"), refs));
    let ep = key(path, "effect");
    let effect = match cx.req(m, path, "effect") {
        Some(Value::String(s)) if s == "exclude" => Some(Effect::Exclude),
        Some(Value::String(s)) if s == "selective" => Some(Effect::Selective),
        Some(ev @ Value::Object(_)) => cx
            .object(ev, &ep, &["requires_addon", "requires_feature"])
            .and_then(|em| {
                if let Some(a) = cx.opt_str(em, &ep, "requires_addon") {
                    if addons.iter().any(|(id, _)| *id == a) {
                        return Some(Effect::RequiresAddon(a));
                    }
                    if refs.written.addons.contains(a.as_str()) {
                        return None;
                    }
                    let known = addons.iter().map(|(id, _)| id);
                    cx.unknown(&key(&ep, "requires_addon"), Ref::Addon, &a, known);
                    return None;
                }
                if let Some(f) = cx.opt_str(em, &ep, "requires_feature") {
                    if features.iter().any(|(id, _)| *id == f) {
                        return Some(Effect::RequiresFeature(f));
                    }
                    if refs.written.features.contains(f.as_str()) {
                        return None;
                    }
                    let known = features.iter().map(|(id, _)| id);
                    cx.unknown(&key(&ep, "requires_feature"), Ref::Feature, &f, known);
                    return None;
                }
                let fields = owned(&["requires_addon", "requires_feature"]);
                cx.report(&ep, Code::ExactlyOneOf { fields });
                None
            }),
        Some(other) => {
            let code = Code::NotOneOf {
                value: show(other),
                options: owned(&[
                    "exclude",
                    "selective",
                    "{\"requires_addon\": …}",
                    "{\"requires_feature\": …}",
                ]),
            };
            cx.report(&ep, code);
            None
        }
        None => None,
    };
    let waived_by = cx.opt_str(m, path, "waived_by");
    if let Some(w) = &waived_by {
        match refs.questions.iter().find(|q| q.id == *w) {
            Some(q) if q.kind == QuestionKind::YesNo => {}
            Some(_) => {
                let options = refs
                    .questions
                    .iter()
                    .filter(|q| q.kind == QuestionKind::YesNo)
                    .map(|q| q.id.clone())
                    .collect();
                let value = w.clone();
                cx.report(&key(path, "waived_by"), Code::NotOneOf { value, options });
            }
            None if refs.written.questions.contains(w.as_str()) => {}
            None => {
                let known = refs.questions.iter().map(|q| &q.id);
                cx.unknown(&key(path, "waived_by"), Ref::Question, w, known);
            }
        }
    }
    let alternative = match m.get("alternative") {
        None => AlternativeKind::ChangeRequest,
        Some(a) => match cx
            .one_of(a, &key(path, "alternative"), &["change_request", "none"])
            .as_deref()
        {
            Some("none") => AlternativeKind::None,
            _ => AlternativeKind::ChangeRequest,
        },
    };
    Some(Rule {
        id,
        clause: clause?,
        text: text_v?,
        when: when?,
        effect: effect?,
        waived_by,
        alternative,
    })
}

/// `$.rules`: exclusions and conditions, in order.
pub(super) fn read_rules(
    cx: &mut Ctx,
    m: Obj<'_>,
    refs: &Refs<'_>,
    addons: &[(Id, Text)],
    features: &[(Id, Text)],
) -> Vec<Rule> {
    let mut rules = Vec::new();
    let Some(rv) = cx.req(m, "$", "rules") else {
        return rules;
    };
    for (id, p, item) in entries(cx, rv, "$.rules") {
        if let Some(r) = read_rule(cx, item, &p, id, refs, addons, features) {
            rules.push(r);
        }
    }
    rules
}

/// `$.severity_rules`, first match wins; when a category asks for the severity, the
/// last rule must match always.
pub(super) fn read_severity_rules(
    cx: &mut Ctx,
    m: Obj<'_>,
    sev_ids: &[String],
    refs: &Refs<'_>,
) -> Vec<SeverityRule> {
    let mut severity_rules = Vec::new();
    for (i, item) in cx.opt_array(m, "$", "severity_rules").iter().enumerate() {
        let p = idx("$.severity_rules", i);
        let Some(sm) = cx.object(item, &p, &["severity", "when", "because"]) else {
            continue;
        };
        let sev = cx.req(sm, &p, "severity").and_then(|v| {
            let ids: Vec<&str> = sev_ids.iter().map(String::as_str).collect();
            one_of_written(cx, v, &key(&p, "severity"), &ids, &refs.written.severities)
        });
        let when = cx
            .req(sm, &p, "when")
            .and_then(|v| condition(cx, v, &key(&p, "when"), refs));
        let because = req_text(cx, sm, &p, "because");
        if let (Some(severity), Some(when), Some(because)) = (sev, when, because) {
            severity_rules.push(SeverityRule {
                severity,
                when,
                because,
            });
        }
    }
    if refs
        .categories
        .iter()
        .any(|c| c.severity == SeverityMode::Ask)
        && !severity_rules.iter().any(|r| r.when == Condition::Always)
    {
        cx.report("$.severity_rules", Code::NoCatchAll);
    }
    severity_rules
}

pub(super) fn condition(cx: &mut Ctx, v: &Value, path: &str, refs: &Refs<'_>) -> Option<Condition> {
    if let Value::String(s) = v {
        if s == "always" {
            return Some(Condition::Always);
        }
        let code = Code::NotOneOf {
            value: s.clone(),
            options: owned(&["always", "{…}"]),
        };
        cx.report(path, code);
        return None;
    }
    let m = cx.object(
        v,
        path,
        &[
            "answer", "is", "in", "at_least", "below", "contains", "answered", "category",
            "service", "product", "all", "any", "not",
        ],
    )?;
    let heads: Vec<&str> = [
        "answer", "category", "service", "product", "all", "any", "not",
    ]
    .into_iter()
    .filter(|k| m.contains_key(*k))
    .collect();
    if heads.len() != 1 {
        let fields = owned(&[
            "answer", "category", "service", "product", "all", "any", "not",
        ]);
        cx.report(path, Code::ExactlyOneOf { fields });
        return None;
    }
    let head = heads.first().copied().unwrap_or_default();
    let sub = |cx: &mut Ctx, k: &str| -> Option<Vec<Condition>> {
        let p = key(path, k);
        let items = cx.array(m.get(k)?, &p)?;
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            out.push(condition(cx, item, &idx(&p, i), refs)?);
        }
        Some(out)
    };
    match head {
        "all" => sub(cx, "all").map(Condition::All),
        "any" => sub(cx, "any").map(Condition::Any),
        "not" => {
            let inner = condition(cx, m.get("not")?, &key(path, "not"), refs)?;
            Some(Condition::Not(Box::new(inner)))
        }
        "category" => Some(Condition::Category(ids_in(
            cx,
            m.get("category")?,
            &key(path, "category"),
            refs.categories.iter().map(|c| c.id.as_str()),
            &refs.written.categories,
            Ref::Category,
        ))),
        "service" => Some(Condition::Service(ids_in(
            cx,
            m.get("service")?,
            &key(path, "service"),
            refs.services.iter().map(|c| c.id.as_str()),
            &refs.written.services,
            Ref::Service,
        ))),
        "product" => Some(Condition::Product(ids_in(
            cx,
            m.get("product")?,
            &key(path, "product"),
            refs.products.iter().map(|c| c.id.as_str()),
            &refs.written.products,
            Ref::Product,
        ))),
        _ => answer_test(cx, m, path, refs),
    }
}

fn answer_test(cx: &mut Ctx, m: Obj<'_>, path: &str, refs: &Refs<'_>) -> Option<Condition> {
    let qid = cx.req_str(m, path, "answer")?;
    let Some(q) = refs.questions.iter().find(|q| q.id == qid) else {
        if refs.written.questions.contains(qid.as_str()) {
            return None;
        }
        let known = refs.questions.iter().map(|q| &q.id);
        cx.unknown(&key(path, "answer"), Ref::Question, &qid, known);
        return None;
    };
    let tests: Vec<&str> = ["is", "in", "at_least", "below", "contains", "answered"]
        .into_iter()
        .filter(|k| m.contains_key(*k))
        .collect();
    let [t] = tests.as_slice() else {
        let fields = owned(&["is", "in", "at_least", "below", "contains", "answered"]);
        cx.report(path, Code::ExactlyOneOf { fields });
        return None;
    };
    let tp = key(path, t);
    let tv = m.get(*t)?;
    let choice_ids = |kind: &QuestionKind| -> Vec<String> {
        match kind {
            QuestionKind::Choice(o) | QuestionKind::Multi(o) => {
                o.iter().map(|c| c.id.clone()).collect()
            }
            _ => Vec::new(),
        }
    };
    let test = match (*t, &q.kind) {
        ("answered", _) => Test::Answered(cx.bool(tv, &tp)?),
        ("is", QuestionKind::YesNo) => Test::IsBool(cx.bool(tv, &tp)?),
        ("is", QuestionKind::Choice(_)) => {
            let ids = choice_ids(&q.kind);
            let strs: Vec<&str> = ids.iter().map(String::as_str).collect();
            Test::IsChoice(cx.one_of(tv, &tp, &strs)?)
        }
        ("in", QuestionKind::Choice(_)) => {
            let ids = choice_ids(&q.kind);
            Test::In(ids_in(
                cx,
                tv,
                &tp,
                ids.iter().map(String::as_str),
                &Set::new(),
                Ref::Option,
            ))
        }
        ("contains", QuestionKind::Multi(_)) => {
            let ids = choice_ids(&q.kind);
            let strs: Vec<&str> = ids.iter().map(String::as_str).collect();
            Test::Contains(cx.one_of(tv, &tp, &strs)?)
        }
        ("at_least", QuestionKind::Number { .. }) => Test::AtLeast(cx.decimal(tv, &tp)?),
        ("below", QuestionKind::Number { .. }) => Test::Below(cx.decimal(tv, &tp)?),
        (t, _) => {
            let code = Code::TestDoesNotFit {
                test: t.to_owned(),
                question: qid.clone(),
                kind: kind_word(&q.kind),
            };
            cx.report(&tp, code);
            return None;
        }
    };
    Some(Condition::Answer(qid, test))
}

fn kind_word(k: &QuestionKind) -> &'static [&'static str; 3] {
    match k {
        QuestionKind::YesNo => &["yes_no", "예/아니오 질문", "a yes/no question"],
        QuestionKind::Number { .. } => &["number", "숫자 질문", "a number question"],
        QuestionKind::Choice(_) => &["choice", "단일 선택 질문", "a single-choice question"],
        QuestionKind::Multi(_) => &["multi", "복수 선택 질문", "a multiple-choice question"],
        QuestionKind::Text => &["text", "자유 입력 질문", "a free-text question"],
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, catalog, loaded_catalog, patched, problems};
    use super::*;
    use serde_json::json;

    fn rule(when: Value) -> Value {
        json!({"id": "r1", "clause": "4.1", "text": "Excluded", "when": when, "effect": "exclude"})
    }

    #[test]
    fn rule_problems_name_the_condition_at_fault() {
        let ask = json!({"id": "bug", "name": "Bug", "service": "fix", "kind": "incident", "severity": "ask"});
        let table: [(&str, Value, &str, &str); 8] = [
            (
                "/rules/0",
                rule(json!({"answer": "urgnt", "is": true})),
                "$.rules[0].when.answer",
                "\"urgnt\" is not a question (known: urgent, area)",
            ),
            (
                "/rules/0",
                rule(json!({"answer": "urgent", "at_least": 3})),
                "$.rules[0].when.at_least",
                "the test `at_least` does not fit question \"urgent\", which is a yes/no question",
            ),
            (
                "/rules/0",
                rule(json!({"answer": "area", "is": "mobile"})),
                "$.rules[0].when.is",
                "\"mobile\" is not one of: web, db",
            ),
            (
                "/rules/0",
                rule(json!({"category": ["bug"], "service": ["fix"]})),
                "$.rules[0].when",
                "expected exactly one of: answer, category, service, product, all, any, not",
            ),
            (
                "/rules/0",
                rule(json!({"any": [{"category": ["bgu"]}]})),
                "$.rules[0].when.any[0].category[0]",
                "\"bgu\" is not a category (known: bug)",
            ),
            (
                "/rules/0",
                rule(json!("sometimes")),
                "$.rules[0].when",
                "sometimes is not one of: always, {…}",
            ),
            (
                "/rules/0",
                patched(
                    rule(json!("always")),
                    "/effect",
                    Some(json!({"requires_addon": "dbms"})),
                ),
                "$.rules[0].effect.requires_addon",
                "\"dbms\" is not an add-on",
            ),
            (
                "/categories/0",
                ask,
                "$.severity_rules",
                "the last rule should hold \"when\": \"always\" so every request gets a severity",
            ),
        ];
        for (at, new, path, message) in table {
            let v = patched(catalog(), at, Some(new));
            let got = problems(load_catalog_json("catalog.json", &v.to_string()));
            assert_problem(path, &got, path, message);
        }
        let waived = patched(rule(json!("always")), "/waived_by", Some(json!("area")));
        let v = patched(catalog(), "/rules/0", Some(waived));
        let got = problems(load_catalog_json("catalog.json", &v.to_string()));
        assert_eq!(got, ["$.rules[0].waived_by: area is not one of: urgent"]);
    }

    #[test]
    fn conditions_read_into_the_tests_they_name() {
        let c = loaded_catalog();
        let refs = Refs {
            questions: &c.questions,
            categories: &c.categories,
            services: &c.services,
            products: &c.products,
            written: &Written::default(),
        };
        let table: [(Value, Condition); 4] = [
            (json!("always"), Condition::Always),
            (
                json!({"answer": "urgent", "is": false}),
                Condition::Answer("urgent".into(), Test::IsBool(false)),
            ),
            (
                json!({"answer": "area", "in": ["db"]}),
                Condition::Answer("area".into(), Test::In(vec!["db".into()])),
            ),
            (
                json!({"not": {"product": ["db"]}}),
                Condition::Not(Box::new(Condition::Product(vec!["db".into()]))),
            ),
        ];
        for (v, expected) in table {
            let mut cx = Ctx::new("catalog.json");
            assert_eq!(
                condition(&mut cx, &v, "$.when", &refs),
                Some(expected),
                "{v}"
            );
            assert!(cx.problems.is_empty(), "{:?}", cx.problems);
        }
    }
}
