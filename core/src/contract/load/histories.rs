//! Request-history files: past requests, their pauses and local date-times.

use super::*;
use crate::calendar::{Pause, Zone};

/// Loads one request-history file: `{"schema_version": 1, "contract": id, "requests": […]}`.
///
/// # Errors
///
/// Every problem in the file.
pub fn load_history_json(
    file: &str,
    text_in: &str,
    catalog: &Catalog,
) -> Result<(Id, Vec<PastRequest>), Problems> {
    let mut cx = Ctx::new(file);
    let out = cx.parse(text_in).and_then(|v| {
        let m = cx.object(&v, "$", &["schema_version", "contract", "requests"])?;
        schema_version(&mut cx, m);
        let contract = cx.req_str(m, "$", "contract");
        let zone = catalog_zone(catalog);
        let mut reqs = Vec::new();
        // Each request read with its place in the file, for the duplicate check.
        let mut places = Vec::new();
        let items = cx.req_array(m, "$", "requests").unwrap_or(&[]);
        for (i, item) in items.iter().enumerate() {
            let p = idx("$.requests", i);
            if let Some(r) = read_past(&mut cx, item, &p, catalog, &zone) {
                places.push(i);
                reqs.push(r);
            }
        }
        for n in repeated_ids(&reqs) {
            if let (Some(r), Some(&place)) = (reqs.get(n), places.get(n)) {
                let at = key(&idx("$.requests", place), "id");
                let id = r.id.clone();
                cx.report(&at, Code::DuplicateId { id });
            }
        }
        Some((contract?, reqs))
    });
    match out {
        Some(o) if cx.problems.is_empty() => Ok(o),
        _ => Err(Problems(cx.problems)),
    }
}

/// The positions in `reqs` of the requests whose id an earlier one has already, in
/// order: the ids are sorted once (not compared pairwise), so a history of a million
/// requests is checked in well under a second.
fn repeated_ids(reqs: &[PastRequest]) -> Vec<usize> {
    let id = |n: usize| reqs.get(n).map(|r| r.id.as_str());
    // Positions in id order, equal ids in file order (the sort is stable).
    let mut by_id: Vec<usize> = (0..reqs.len()).collect();
    crate::sort::sort_by(&mut by_id, |&a, &b| id(a).cmp(&id(b)));
    let mut repeated: Vec<usize> = by_id
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] if id(*a) == id(*b) => Some(*b),
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut repeated, |a, b| a.cmp(b));
    repeated
}

/// Parses a local date-time field (`2025-10-02T17:40:00`, or with an offset) into
/// the catalog's time zone.
pub(super) fn datetime(cx: &mut Ctx, v: &Value, path: &str, zone: &Zone) -> Option<DateTime> {
    let s = cx.str(v, path)?;
    match zone.parse_local(&s) {
        Ok(d) => Some(d),
        Err(e) => {
            cx.report(path, Code::Calendar(e));
            None
        }
    }
}

fn opt_datetime(cx: &mut Ctx, m: Obj<'_>, path: &str, k: &str, zone: &Zone) -> Option<DateTime> {
    match m.get(k) {
        None | Some(Value::Null) => None,
        Some(v) => member_datetime(cx, v, path, k, zone),
    }
}

/// The local date-time member `k` of the object at `path`; its path is written only
/// for a problem (a history reads millions of them).
fn member_datetime(cx: &mut Ctx, v: &Value, path: &str, k: &str, zone: &Zone) -> Option<DateTime> {
    if let Some(d) = v.as_str().and_then(|s| zone.parse_local(s).ok()) {
        return Some(d);
    }
    datetime(cx, v, &key(path, k), zone)
}

fn read_past(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    catalog: &Catalog,
    zone: &Zone,
) -> Option<PastRequest> {
    let m = cx.object(
        v,
        path,
        &[
            "id",
            "category",
            "title",
            "submitted",
            "completed",
            "status",
            "paid",
            "severity",
            "responded",
            "wanted_by",
            "rework",
            "complaint",
            "rating",
            "restored",
            "person_days",
            "pauses",
        ],
    )?;
    let id = cx.req_str(m, path, "id");
    let category = cx.req_str(m, path, "category").and_then(|c| {
        if catalog.category(&c).is_some() {
            Some(c)
        } else {
            cx.report(
                &key(path, "category"),
                Code::UnknownCategory {
                    category: c,
                    known: catalog.categories.iter().map(|c| c.id.clone()).collect(),
                },
            );
            None
        }
    });
    let title = cx.opt_str(m, path, "title");
    let submitted = cx
        .req(m, path, "submitted")
        .and_then(|s| member_datetime(cx, s, path, "submitted", zone));
    let completed = opt_datetime(cx, m, path, "completed", zone);
    let responded = opt_datetime(cx, m, path, "responded", zone);
    const STATUSES: [&str; 4] = ["open", "completed", "cancelled", "refused"];
    let status = cx
        .req(m, path, "status")
        .and_then(|s| match s.as_str() {
            Some(known) if STATUSES.contains(&known) => Some(known.to_owned()),
            _ => cx.one_of(s, &key(path, "status"), &STATUSES),
        })
        .map(|s| match s.as_str() {
            "completed" => RequestStatus::Completed,
            "cancelled" => RequestStatus::Cancelled,
            "refused" => RequestStatus::Refused,
            _ => RequestStatus::Open,
        });
    if status == Some(RequestStatus::Completed) && completed.is_none() && m.contains_key("status") {
        let field = "completed".to_owned();
        cx.report(path, Code::MissingField { field });
    }
    if let (Some(s), Some(c)) = (submitted, completed)
        && c < s
    {
        let code = Code::BeforeStart {
            value: c.to_string(),
            start: s.to_string(),
        };
        cx.report(&key(path, "completed"), code);
    }
    let paid = cx.opt_bool(m, path, "paid", false);
    let severity = cx.opt_str(m, path, "severity").and_then(|s| {
        if catalog.severity(&s).is_some() {
            Some(s)
        } else {
            let known = catalog.severities.iter().map(|s| &s.id);
            cx.unknown(&key(path, "severity"), Ref::Severity, &s, known);
            None
        }
    });
    let wanted_by = cx.opt_date(m, path, "wanted_by");
    let rework = cx.opt_bool(m, path, "rework", false);
    // A rating at or below the lifecycle's threshold counts as a complaint, as one the
    // customer gives through the portal does.
    let rating = cx.opt_count(m, path, "rating");
    let complaint = match (rating, &catalog.lifecycle) {
        (Some(r), Some(lc)) if r == 0 || r > u32::from(lc.satisfaction.scale) => {
            let code = Code::OutOfRange {
                value: r.into(),
                min: Decimal::ONE,
                max: lc.satisfaction.scale.into(),
            };
            cx.report(&key(path, "rating"), code);
            false
        }
        (Some(r), Some(lc)) => r <= u32::from(lc.satisfaction.complaint_at_or_below),
        (Some(_), None) => {
            let field = "lifecycle.satisfaction".to_owned();
            cx.report(&key(path, "rating"), Code::NotInCatalog { field });
            false
        }
        (None, _) => false,
    } || cx.opt_bool(m, path, "complaint", false);
    let restored = opt_datetime(cx, m, path, "restored", zone);
    if let (Some(s), Some(r)) = (submitted, restored)
        && r < s
    {
        let code = Code::BeforeStart {
            value: r.to_string(),
            start: s.to_string(),
        };
        cx.report(&key(path, "restored"), code);
    }
    let person_days = cx.opt_decimal(m, path, "person_days");
    if let Some(pd) = person_days
        && pd < Decimal::ZERO
    {
        cx.report(&key(path, "person_days"), negative(pd));
    }
    let pauses = history_pauses(cx, m, path, zone);
    Some(PastRequest {
        id: id?,
        category: category?,
        title,
        submitted: submitted?,
        completed,
        status: status?,
        paid,
        severity,
        responded,
        wanted_by,
        rework,
        complaint,
        restored,
        person_days,
        pauses,
    })
}

/// A history record's `pauses`: `[["from", "to"], …]`, local times, each `from` before
/// its `to`.
fn history_pauses(cx: &mut Ctx, m: Obj<'_>, path: &str, zone: &Zone) -> Vec<Pause> {
    let mut out = Vec::new();
    if !m.contains_key("pauses") {
        return out;
    }
    let at = key(path, "pauses");
    for (i, pair) in cx.opt_array(m, path, "pauses").iter().enumerate() {
        let p = idx(&at, i);
        let ends = match pair.as_array().map(Vec::as_slice) {
            Some([from, to]) => (
                datetime(cx, from, &idx(&p, 0), zone),
                datetime(cx, to, &idx(&p, 1), zone),
            ),
            _ => {
                cx.expected(&p, Expected::Pair, pair);
                continue;
            }
        };
        if let (Some(from), Some(to)) = ends {
            match Pause::new(from, to) {
                Ok(pause) => out.push(pause),
                Err(e) => cx.report(&p, Code::Calendar(e)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, loaded_catalog, patched, problems};
    use super::*;
    use serde_json::json;

    fn history(requests: Value) -> String {
        json!({"schema_version": 1, "contract": "city", "requests": requests}).to_string()
    }

    fn request() -> Value {
        json!({"id": "SR-1", "category": "bug", "submitted": "2026-02-02T10:00:00",
               "completed": "2026-02-02T15:00:00", "status": "completed"})
    }

    #[test]
    fn history_problems_name_the_request_and_field() {
        let catalog = loaded_catalog();
        let table: [(Value, &str, &str); 7] = [
            (
                json!([request(), request()]),
                "$.requests[1].id",
                "duplicate id \"SR-1\"",
            ),
            (
                json!([patched(request(), "/category", Some(json!("bgu")))]),
                "$.requests[0].category",
                "\"bgu\" is not a request category (known: bug)",
            ),
            (
                json!([patched(
                    request(),
                    "/completed",
                    Some(json!("2026-02-01T09:00:00"))
                )]),
                "$.requests[0].completed",
                "2026-02-01T09:00:00 is before the start 2026-02-02T10:00:00",
            ),
            (
                json!([patched(request(), "/completed", None)]),
                "$.requests[0]",
                "missing field `completed`",
            ),
            (
                json!([patched(
                    request(),
                    "/submitted",
                    Some(json!("2026-02-30T10:00:00"))
                )]),
                "$.requests[0].submitted",
                "",
            ),
            (
                json!([patched(request(), "/person_days", Some(json!("-2")))]),
                "$.requests[0].person_days",
                "-2 is below the minimum 0",
            ),
            (
                json!([patched(
                    request(),
                    "/pauses",
                    Some(json!([["2026-02-02T12:00:00"]]))
                )]),
                "$.requests[0].pauses[0]",
                "expected a pair [from, to]",
            ),
        ];
        for (requests, path, message) in table {
            let got = problems(load_history_json("h.json", &history(requests), &catalog));
            assert_problem(path, &got, path, message);
        }
    }

    #[test]
    fn a_history_reads_its_requests_in_order() {
        let catalog = loaded_catalog();
        let second = patched(
            patched(request(), "/id", Some(json!("SR-2"))),
            "/status",
            Some(json!("open")),
        );
        let second = patched(
            second,
            "/pauses",
            Some(json!([["2026-02-02T11:00:00", "2026-02-02T12:00:00"]])),
        );
        let got = load_history_json("h.json", &history(json!([request(), second])), &catalog);
        let read = got.ok().map(|(c, rs)| {
            (
                c,
                rs.iter()
                    .map(|r| (r.id.clone(), r.status, r.pauses.len()))
                    .collect::<Vec<_>>(),
            )
        });
        assert_eq!(
            read,
            Some((
                "city".to_owned(),
                vec![
                    ("SR-1".to_owned(), RequestStatus::Completed, 0),
                    ("SR-2".to_owned(), RequestStatus::Open, 1)
                ]
            ))
        );
    }

    #[test]
    fn repeated_ids_are_the_later_ones_in_file_order() {
        let catalog = loaded_catalog();
        let ids = ["a", "b", "a", "c", "b", "a"];
        let requests: Vec<Value> = ids
            .iter()
            .map(|id| patched(request(), "/id", Some(json!(id))))
            .collect();
        let got = load_history_json("h.json", &history(Value::Array(requests.clone())), &catalog);
        let paths: Vec<String> = problems(got)
            .into_iter()
            .map(|p| p.split(':').next().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            paths,
            ["$.requests[2].id", "$.requests[4].id", "$.requests[5].id"]
        );
    }
}
