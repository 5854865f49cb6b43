//! Outage files: a contract's recorded outages.

use super::histories::datetime;
use super::*;
use crate::calendar::Zone;

/// Loads one outage file:
/// `{"schema_version": 1, "contract": id, "outages": [{"start", "end", …}]}`.
///
/// # Errors
///
/// Every problem in the file: unknown fields, bad times, an end not after its start.
pub fn load_outages_json(
    file: &str,
    text_in: &str,
    catalog: &Catalog,
) -> Result<(Id, Vec<Outage>), Problems> {
    let mut cx = Ctx::new(file);
    let zone = catalog_zone(catalog);
    let out = cx.parse(text_in).and_then(|v| {
        let m = cx.object(&v, "$", &["schema_version", "contract", "outages"])?;
        schema_version(&mut cx, m);
        let contract = cx.req_str(m, "$", "contract");
        let mut list = Vec::new();
        for (i, item) in cx
            .req_array(m, "$", "outages")
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let p = idx("$.outages", i);
            if let Some(o) = read_outage(&mut cx, item, &p, &zone) {
                if o.id.is_some() && list.iter().any(|x: &Outage| x.id == o.id) {
                    let id = o.id.clone().unwrap_or_default();
                    cx.report(&key(&p, "id"), Code::DuplicateId { id });
                }
                list.push(o);
            }
        }
        Some((contract?, list))
    });
    match out {
        Some(o) if cx.problems.is_empty() => Ok(o),
        _ => Err(Problems(cx.problems)),
    }
}

fn read_outage(cx: &mut Ctx, v: &Value, path: &str, zone: &Zone) -> Option<Outage> {
    let m = cx.object(
        v,
        path,
        &[
            "id",
            "start",
            "end",
            "planned_announced",
            "force_majeure",
            "customer_fault",
            "third_party",
            "note",
            "request",
        ],
    )?;
    let id = cx.opt_str(m, path, "id");
    let start = cx
        .req(m, path, "start")
        .and_then(|s| datetime(cx, s, &key(path, "start"), zone));
    let end = cx
        .req(m, path, "end")
        .and_then(|s| datetime(cx, s, &key(path, "end"), zone));
    let planned_announced = cx.opt_bool(m, path, "planned_announced", false);
    let force_majeure = cx.opt_bool(m, path, "force_majeure", false);
    let customer_fault = cx.opt_bool(m, path, "customer_fault", false);
    let third_party = cx.opt_bool(m, path, "third_party", false);
    let note = opt_text(cx, m, path, "note");
    let request = cx.opt_str(m, path, "request");
    let (start, end) = (start?, end?);
    if end <= start {
        let code = Code::NotAfterStart {
            value: end.to_string(),
            start: start.to_string(),
        };
        cx.report(&key(path, "end"), code);
        return None;
    }
    Some(Outage {
        id,
        start,
        end,
        planned_announced,
        force_majeure,
        customer_fault,
        third_party,
        note,
        request,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, loaded_catalog, patched, problems};
    use super::*;
    use serde_json::json;

    fn outages(list: Value) -> String {
        json!({"schema_version": 1, "contract": "city", "outages": list}).to_string()
    }

    fn outage() -> Value {
        json!({"id": "o1", "start": "2026-03-02T10:00:00", "end": "2026-03-02T11:30:00"})
    }

    #[test]
    fn outage_problems_name_the_record() {
        let catalog = loaded_catalog();
        let table: [(Value, &str, &str); 3] = [
            (
                json!([patched(
                    outage(),
                    "/end",
                    Some(json!("2026-03-02T10:00:00"))
                )]),
                "$.outages[0].end",
                "is not after the start",
            ),
            (
                json!([outage(), outage()]),
                "$.outages[1].id",
                "duplicate id \"o1\"",
            ),
            (
                json!([patched(outage(), "/cause", Some(json!("storm")))]),
                "$.outages[0].cause",
                "unknown field",
            ),
        ];
        for (list, path, message) in table {
            let got = problems(load_outages_json("o.json", &outages(list), &catalog));
            assert_problem(path, &got, path, message);
        }
    }

    #[test]
    fn outage_flags_default_to_counted() {
        let catalog = loaded_catalog();
        let planned = patched(
            patched(outage(), "/id", None),
            "/planned_announced",
            Some(json!(true)),
        );
        let got = load_outages_json("o.json", &outages(json!([outage(), planned])), &catalog);
        let flags = got.ok().map(|(_, list)| {
            list.iter()
                .map(|o| (o.id.clone(), o.planned_announced))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            flags,
            Some(vec![(Some("o1".to_owned()), false), (None, true)])
        );
    }
}
