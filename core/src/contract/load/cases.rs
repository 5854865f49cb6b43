//! Example-case files: each case's contract, `now`, request and expected answers.

use super::histories::datetime;
use super::*;
use crate::calendar::Zone;

pub(super) fn read_cases(
    cx: &mut Ctx,
    v: &Value,
    contracts: &[Contract],
    broken: &Set<String>,
    zone: &Zone,
    out: &mut Vec<Case>,
) {
    let Some(m) = cx.object(v, "$", &["schema_version", "cases"]) else {
        return;
    };
    schema_version(cx, m);
    let items = cx.req_array(m, "$", "cases").unwrap_or(&[]);
    for (i, item) in items.iter().enumerate() {
        let p = idx("$.cases", i);
        let Some(cm) = cx.object(item, &p, &["name", "contract", "now", "request", "expect"])
        else {
            continue;
        };
        let name = cx.req_str(cm, &p, "name");
        let contract = cx.req_str(cm, &p, "contract").and_then(|c| {
            if contracts.iter().any(|k| k.id == c) {
                Some(c)
            } else if broken.contains(&c) {
                // Its contract failed to load and says why; the case can't run.
                None
            } else {
                let known = contracts.iter().map(|k| &k.id).chain(broken.iter());
                cx.unknown(&key(&p, "contract"), Ref::Contract, &c, known);
                None
            }
        });
        let now = cx
            .req(cm, &p, "now")
            .and_then(|n| datetime(cx, n, &key(&p, "now"), zone));
        let request = cx.req(cm, &p, "request").cloned();
        let expect = cx.req(cm, &p, "expect").cloned();
        if let (Some(name), Some(contract), Some(now), Some(request), Some(expect)) =
            (name, contract, now, request, expect)
        {
            out.push(Case {
                name,
                origin: format!("{}: {p}", cx.file()),
                contract,
                now,
                request,
                expect,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, contract, loaded_catalog};
    use super::*;
    use serde_json::json;

    fn case() -> Value {
        json!({"name": "night call", "contract": "city", "now": "2026-02-02T22:00:00",
               "request": {"category": "bug"}, "expect": {"status": "covered"}})
    }

    fn read(list: Value, broken: &[&str]) -> (Vec<Case>, Vec<String>) {
        let catalog = loaded_catalog();
        let contracts: Vec<Contract> =
            load_contract_json("city.json", &contract().to_string(), &catalog)
                .into_iter()
                .collect();
        let broken: Set<String> = broken.iter().map(|b| (*b).to_owned()).collect();
        let mut cx = Ctx::new("cases.json");
        let mut out = Vec::new();
        let v = json!({"schema_version": 1, "cases": list});
        read_cases(&mut cx, &v, &contracts, &broken, &Zone::seoul(), &mut out);
        let problems = cx
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        (out, problems)
    }

    #[test]
    fn a_case_names_a_contract_that_loaded() {
        let mut missing = case();
        missing.as_object_mut().map(|m| m.remove("contract"));
        let mut unknown = case();
        unknown
            .as_object_mut()
            .map(|m| m.insert("contract".into(), json!("town")));
        let table: [(Value, &str, &str); 3] = [
            (json!([missing]), "$.cases[0]", "missing field `contract`"),
            (
                json!([case(), unknown]),
                "$.cases[1].contract",
                "\"town\" is not a contract",
            ),
            (
                json!([{"name": "x", "contract": "city", "now": "22:00", "request": {}, "expect": {}}]),
                "$.cases[0].now",
                "",
            ),
        ];
        for (list, path, message) in table {
            let (_, got) = read(list, &[]);
            assert_problem(path, &got, path, message);
        }
        // A case of a contract that failed to load is dropped; the contract says why.
        let mut of_broken = case();
        of_broken
            .as_object_mut()
            .map(|m| m.insert("contract".into(), json!("town")));
        let (cases, got) = read(json!([of_broken]), &["town"]);
        assert!(cases.is_empty() && got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_case_keeps_where_it_came_from() {
        let (cases, got) = read(json!([case(), case()]), &[]);
        assert!(got.is_empty(), "{got:?}");
        let origins: Vec<&str> = cases.iter().map(|c| c.origin.as_str()).collect();
        assert_eq!(
            origins,
            ["cases.json: $.cases[0]", "cases.json: $.cases[1]"]
        );
    }
}
