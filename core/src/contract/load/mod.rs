//! Loading and validating a data directory: a manifest, a catalog, contracts,
//! histories and example cases, with every problem reported at once.
//!
//! This module reads the manifest and ties the files together; each kind of file,
//! and each part of the catalog, is read in a sub-module of its own.

use super::*;
use crate::json::{Ctx, Obj, idx, key, owned, show};
use crate::map::{Map, Set};
use crate::problem::{Code, Expected, Problem, Problems, Ref, negative};
use serde_json::Value;

mod calendars;
mod cases;
mod catalog;
mod contracts;
mod credit_schedules;
mod histories;
mod lifecycle;
mod notifications;
mod outages;
mod rules;

use cases::read_cases;

pub(crate) use calendars::{holidays, weekly_hours};
pub use catalog::{catalog_zone, load_catalog_json};
pub use contracts::load_contract_json;
pub use histories::load_history_json;
pub use outages::load_outages_json;

const MANIFEST: &str = "index.json";

/// Loads a whole data directory given as `(relative path, text)` pairs, starting from
/// `index.json`.
///
/// # Errors
///
/// Every problem found in any file: syntax, unknown fields, wrong types, broken
/// references across files, files the manifest names that are missing, and files
/// present that the manifest does not name.
pub fn load(files: &Map<String, String>) -> Result<DataSet, Problems> {
    let mut data = load_with(files, true, true)?;
    let path = files
        .get(MANIFEST)
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .and_then(|v| v.get("notifications")?.as_str().map(str::to_owned));
    if let Some(path) = path {
        // Named, so present: a missing file was reported above.
        let text = files.get(&path).map_or("", String::as_str);
        let n = notifications::load_notifications_json(&path, text, &data.catalog)?;
        data.notifications = Some(n);
    }
    Ok(data)
}

/// Loads what answering requests needs — [`load`] without the example cases, which
/// only `covered validate` runs: the files [`manifest_files`] lists. The cases the
/// manifest names are neither needed nor read (a case file given anyway is not
/// reported as unnamed), so a browser need not download them.
///
/// # Errors
///
/// Every problem found in the files it reads, as [`load`] reports them.
pub fn load_for_requests(files: &Map<String, String>) -> Result<DataSet, Problems> {
    load_with(files, false, true)
}

/// Loads what judging a request needs (coverage, limits, severity, deadlines):
/// [`load_for_requests`] without the outage records, which only availability, service
/// credits and the KPIs read — the files [`check_files`] lists, so that a page that
/// only judges requests need not download the outages. Outage files given anyway are not read, nor reported as unnamed. The data
/// set has no outages: give availability and credits one from [`load_for_requests`].
///
/// # Errors
///
/// Every problem found in the files it reads, as [`load`] reports them.
pub fn load_for_checks(files: &Map<String, String>) -> Result<DataSet, Problems> {
    load_with(files, false, false)
}

fn load_with(
    files: &Map<String, String>,
    with_cases: bool,
    with_outages: bool,
) -> Result<DataSet, Problems> {
    let mut problems = Vec::new();
    let mut cx = Ctx::new(MANIFEST);
    let Some(text) = files.get(MANIFEST) else {
        return Err(Problems(vec![Problem::new(
            MANIFEST,
            "$",
            Code::NoManifest,
        )]));
    };
    let manifest = cx.parse(text).and_then(|v| read_manifest(&mut cx, &v));
    problems.append(&mut cx.problems);
    let Some(manifest) = manifest else {
        return Err(Problems(problems));
    };

    let mut named: Set<&str> = Set::new();
    named.insert(MANIFEST);
    let catalog_text = fetch(
        files,
        &mut named,
        &manifest.catalog,
        &mut problems,
        "$.catalog".to_owned(),
    );
    let catalog = match catalog_text {
        Some(t) => match load_catalog_json(&manifest.catalog, &t) {
            Ok(c) => Some(c),
            Err(mut p) => {
                problems.append(&mut p.0);
                None
            }
        },
        None => None,
    };
    let mut fetch_all = |paths: &[String], at: &str, problems: &mut Vec<Problem>| {
        let mut texts = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            if let Some(t) = fetch(files, &mut named, path, problems, idx(at, i)) {
                texts.push((path.clone(), t));
            }
        }
        texts
    };
    let contract_texts = fetch_all(&manifest.contracts, "$.contracts", &mut problems);
    let history_texts = fetch_all(&manifest.histories, "$.histories", &mut problems);
    let outage_paths: &[String] = if with_outages { &manifest.outages } else { &[] };
    let outage_texts = fetch_all(outage_paths, "$.outages", &mut problems);
    let case_paths: &[String] = if with_cases { &manifest.cases } else { &[] };
    let case_texts = fetch_all(case_paths, "$.cases", &mut problems);
    // The notification policy: only `load` reads it (afterwards), and needs it there.
    if let Some(n) = manifest.notifications.as_ref().filter(|_| with_cases) {
        fetch(
            files,
            &mut named,
            n,
            &mut problems,
            "$.notifications".to_owned(),
        );
    }
    // Files named but not read here, given anyway: not reported as unnamed (the
    // email templates are only the server's, which reads them itself).
    let unread = (!with_cases)
        .then_some(&manifest.cases)
        .into_iter()
        .chain((!with_outages).then_some(&manifest.outages))
        .flatten()
        .chain(manifest.notifications.iter().filter(|_| !with_cases))
        .chain(&manifest.mail);
    named.extend(unread.filter_map(|c| files.get_key_value(c).map(|(k, _)| k.as_str())));
    unnamed_files(files, &named, &mut problems);

    let Some(catalog) = catalog else {
        return Err(Problems(problems));
    };
    let (contracts, broken) = load_contracts(&catalog, &contract_texts, &mut problems);
    let known: Vec<Id> = contracts
        .iter()
        .map(|c| c.id.clone())
        .chain(broken.iter().cloned())
        .collect();
    let (histories, broken_histories) =
        load_histories(&catalog, &history_texts, &known, &mut problems);
    let outages = if with_outages {
        load_outages(
            &catalog,
            &outage_texts,
            &known,
            &histories,
            &|id| broken.contains(id) || broken_histories.contains(id),
            &mut problems,
        )
    } else {
        Map::new()
    };
    let mut cases = Vec::new();
    for (path, text) in &case_texts {
        let mut cx = Ctx::new(path.clone());
        if let Some(v) = cx.parse(text) {
            read_cases(
                &mut cx,
                &v,
                &contracts,
                &broken,
                &catalog_zone(&catalog),
                &mut cases,
            );
        }
        problems.append(&mut cx.problems);
    }
    if problems.is_empty() {
        #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
        let mut data = DataSet {
            catalog,
            contracts,
            histories,
            cases,
            outages,
            notifications: None,
            #[cfg(not(target_arch = "wasm32"))]
            quota_indexes: Map::new(),
        };
        #[cfg(not(target_arch = "wasm32"))]
        data.index_quotas();
        Ok(data)
    } else {
        Err(Problems(problems))
    }
}

/// The text of `path`, which the manifest names at `at`; a missing file is a
/// problem. `named` collects the files the manifest names.
fn fetch<'f>(
    files: &'f Map<String, String>,
    named: &mut Set<&'f str>,
    path: &str,
    problems: &mut Vec<Problem>,
    at: String,
) -> Option<String> {
    named.insert(
        files
            .get_key_value(path)
            .map(|(k, _)| k.as_str())
            .unwrap_or(""),
    );
    match files.get(path) {
        Some(t) => Some(t.clone()),
        None => {
            let name = path.to_owned();
            problems.push(Problem::new(MANIFEST, at, Code::MissingFile { name }));
            None
        }
    }
}

/// A problem for every JSON file present that the manifest does not name.
fn unnamed_files(files: &Map<String, String>, named: &Set<&str>, problems: &mut Vec<Problem>) {
    for f in files.keys() {
        if f.ends_with(".json") && !named.contains(f.as_str()) {
            problems.push(Problem::new(f.clone(), "$", Code::NotInManifest));
        }
    }
}

/// The string member `field` of a JSON text, read without validating the rest.
fn peek(text: &str, field: &str) -> Option<String> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get(field).and_then(Value::as_str).map(str::to_owned))
}

/// The contracts, in manifest order, and the ids of those that failed to load: their
/// own problems are reported, so files that refer to them are not blamed again.
fn load_contracts(
    catalog: &Catalog,
    texts: &[(String, String)],
    problems: &mut Vec<Problem>,
) -> (Vec<Contract>, Set<String>) {
    let mut contracts = Vec::new();
    let mut broken: Set<String> = Set::new();
    for (path, text) in texts {
        if let Some(id) = peek(text, "id") {
            broken.insert(id);
        }
        match load_contract_json(path, text, catalog) {
            Ok(c) => {
                if let Some(cs) = &c.credit_schedule
                    && catalog.credit_schedule(cs).is_none()
                {
                    let code = Code::UnknownRef {
                        kind: Ref::CreditSchedule,
                        id: cs.clone(),
                        known: catalog
                            .credit_schedules
                            .iter()
                            .map(|s| s.id.clone())
                            .collect(),
                    };
                    problems.push(Problem::new(path.clone(), "$.credit_schedule", code));
                }
                if contracts.iter().any(|o: &Contract| o.id == c.id) {
                    let id = c.id.clone();
                    problems.push(Problem::new(path.clone(), "$.id", Code::DuplicateId { id }));
                }
                contracts.push(c);
            }
            Err(mut p) => problems.append(&mut p.0),
        }
    }
    broken.retain(|id| !contracts.iter().any(|c| c.id == *id));
    (contracts, broken)
}

/// A history or outage file's `$.contract` naming no contract of the manifest, whose
/// contracts are `known`.
fn unknown_contract(path: &str, id: &str, known: &[Id]) -> Problem {
    let code = Code::UnknownRef {
        kind: Ref::Contract,
        id: id.to_owned(),
        known: known.to_vec(),
    };
    Problem::new(path, "$.contract", code)
}

/// The request histories by contract id, and the ids of contracts whose history
/// failed to load.
fn load_histories(
    catalog: &Catalog,
    texts: &[(String, String)],
    known: &[Id],
    problems: &mut Vec<Problem>,
) -> (Map<Id, Vec<PastRequest>>, Set<String>) {
    let mut histories = Map::new();
    let mut broken_histories: Set<String> = Set::new();
    for (path, text) in texts {
        match load_history_json(path, text, catalog) {
            Ok((id, reqs)) => {
                if !known.contains(&id) {
                    problems.push(unknown_contract(path, &id, known));
                }
                histories.insert(id, reqs);
            }
            Err(mut p) => {
                // Only a broken file is read again for the contract it names (a
                // history can be a million requests long).
                let named = peek(text, "contract");
                if let Some(id) = &named
                    && !known.contains(id)
                {
                    problems.push(unknown_contract(path, id, known));
                }
                broken_histories.extend(named);
                problems.append(&mut p.0);
            }
        }
    }
    (histories, broken_histories)
}

/// The outage records by contract id; a record's `request` must be in its contract's
/// history, unless that history (or its contract) failed to load.
fn load_outages(
    catalog: &Catalog,
    texts: &[(String, String)],
    known: &[Id],
    histories: &Map<Id, Vec<PastRequest>>,
    history_broken: &dyn Fn(&str) -> bool,
    problems: &mut Vec<Problem>,
) -> Map<Id, Vec<Outage>> {
    let mut outages = Map::new();
    for (path, text) in texts {
        match load_outages_json(path, text, catalog) {
            Ok((id, list)) => {
                if !known.contains(&id) {
                    problems.push(unknown_contract(path, &id, known));
                }
                let history: &[PastRequest] = histories.get(&id).map(Vec::as_slice).unwrap_or(&[]);
                let history_broken = history_broken(&id);
                for (i, o) in list.iter().enumerate() {
                    if let Some(r) = &o.request
                        && !history_broken
                        && !history.iter().any(|h| h.id == *r)
                    {
                        let code = Code::NotInHistory {
                            request: r.clone(),
                            contract: id.clone(),
                        };
                        let at = key(&idx("$.outages", i), "request");
                        problems.push(Problem::new(path.clone(), at, code));
                    }
                }
                if outages.insert(id.clone(), list).is_some() {
                    let code = Code::DuplicateId { id: id.clone() };
                    problems.push(Problem::new(path.clone(), "$.contract", code));
                }
            }
            Err(mut p) => problems.append(&mut p.0),
        }
    }
    outages
}

struct Manifest {
    catalog: String,
    contracts: Vec<String>,
    histories: Vec<String>,
    outages: Vec<String>,
    cases: Vec<String>,
    notifications: Option<String>,
    /// The email templates (`covered serve` reads them with `crate::notify`).
    mail: Option<String>,
}

/// Every file a manifest (`index.json` text) names that answering requests needs,
/// catalog first, then contracts, histories and outages — what a client must fetch
/// before calling [`load_for_requests`] (the example cases, which [`load`] also reads,
/// are for `covered validate`).
///
/// # Errors
///
/// Every problem in the manifest.
pub fn manifest_files(index_json: &str) -> Result<Vec<String>, Problems> {
    manifest_lists(index_json, true)
}

/// The files [`load_for_checks`] reads: [`manifest_files`] without the outages.
///
/// # Errors
///
/// As [`manifest_files`].
pub fn check_files(index_json: &str) -> Result<Vec<String>, Problems> {
    manifest_lists(index_json, false)
}

fn manifest_lists(index_json: &str, outages: bool) -> Result<Vec<String>, Problems> {
    let mut cx = Ctx::new(MANIFEST);
    let manifest = cx
        .parse(index_json)
        .and_then(|v| read_manifest(&mut cx, &v));
    match manifest {
        Some(m) if cx.problems.is_empty() => {
            let mut out = vec![m.catalog];
            out.extend(m.contracts);
            out.extend(m.histories);
            if outages {
                out.extend(m.outages);
            }
            Ok(out)
        }
        _ => Err(Problems(cx.problems)),
    }
}

fn read_manifest(cx: &mut Ctx, v: &Value) -> Option<Manifest> {
    let m = cx.object(
        v,
        "$",
        &[
            "schema_version",
            "catalog",
            "contracts",
            "histories",
            "outages",
            "cases",
            "notifications",
            "mail",
        ],
    )?;
    schema_version(cx, m);
    let catalog = cx.req_str(m, "$", "catalog");
    let contracts = m
        .get("contracts")
        .map(|v| cx.strings(v, "$.contracts"))
        .unwrap_or_default();
    let histories = m
        .get("histories")
        .map(|v| cx.strings(v, "$.histories"))
        .unwrap_or_default();
    let cases = m
        .get("cases")
        .map(|v| cx.strings(v, "$.cases"))
        .unwrap_or_default();
    let outages = m
        .get("outages")
        .map(|v| cx.strings(v, "$.outages"))
        .unwrap_or_default();
    let notifications = m
        .get("notifications")
        .and_then(|v| cx.str(v, "$.notifications"));
    let mail = m.get("mail").and_then(|v| cx.str(v, "$.mail"));
    Some(Manifest {
        mail,
        catalog: catalog?,
        contracts,
        histories,
        outages,
        cases,
        notifications,
    })
}

fn schema_version(cx: &mut Ctx, m: Obj<'_>) {
    if let Some(n) = cx.req_count(m, "$", "schema_version")
        && n != SCHEMA_VERSION
    {
        let code = Code::UnsupportedSchema {
            version: n,
            supported: SCHEMA_VERSION,
        };
        cx.report("$.schema_version", code);
    }
}

/// Reads a `Text`: a string (both languages) or `{"ko": …, "en": …}`.
fn text(cx: &mut Ctx, v: &Value, path: &str) -> Option<Text> {
    if let Value::String(_) = v {
        return cx.str(v, path).map(Text::same);
    }
    let m = cx.object(v, path, &["ko", "en"])?;
    let ko = cx.req_str(m, path, "ko")?;
    let en = cx.opt_str(m, path, "en").unwrap_or_else(|| ko.clone());
    Some(Text { ko, en })
}

fn req_text(cx: &mut Ctx, m: Obj<'_>, path: &str, k: &str) -> Option<Text> {
    let v = cx.req(m, path, k)?;
    text(cx, v, &key(path, k))
}

fn opt_text(cx: &mut Ctx, m: Obj<'_>, path: &str, k: &str) -> Option<Text> {
    match m.get(k) {
        None | Some(Value::Null) => None,
        Some(v) => text(cx, v, &key(path, k)),
    }
}

/// Reads an object whose members are `{id: …}`-less entries keyed by id, or an array
/// of objects with an `id` member; returns `(id, path, value)` in order, reporting
/// duplicate ids.
fn entries<'v>(cx: &mut Ctx, v: &'v Value, path: &str) -> Vec<(String, String, &'v Value)> {
    let mut out: Vec<(String, String, &Value)> = Vec::new();
    let Some(items) = cx.array(v, path) else {
        return out;
    };
    for (i, item) in items.iter().enumerate() {
        let p = idx(path, i);
        let id = item.get("id");
        match id {
            Some(id_v) => {
                if let Some(id) = cx.str(id_v, &key(&p, "id")) {
                    if out.iter().any(|(o, _, _)| *o == id) {
                        cx.report(&key(&p, "id"), Code::DuplicateId { id });
                    } else {
                        out.push((id, p, item));
                    }
                }
            }
            None => {
                if item.is_object() {
                    let field = "id".to_owned();
                    cx.report(&p, Code::MissingField { field });
                } else {
                    cx.expected(&p, Expected::Object, item);
                }
            }
        }
    }
    out
}

/// The ids written in the array `v` (each object's string `id`), whether or not their
/// entries read: a reference to an entry that failed to read follows from the entry's
/// own problem and is not reported again.
fn written_ids(v: Option<&Value>) -> Set<String> {
    let mut ids = Set::new();
    for item in v.and_then(Value::as_array).into_iter().flatten() {
        if let Some(id) = item.get("id").and_then(Value::as_str) {
            ids.insert(id.to_owned());
        }
    }
    ids
}

/// A string that must be one of `options`; one of `written` (an entry that failed to
/// read) passes without a problem and without a value.
fn one_of_written(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    options: &[&str],
    written: &Set<String>,
) -> Option<String> {
    match v.as_str() {
        Some(s) if !options.contains(&s) && written.contains(s) => None,
        _ => cx.one_of(v, path, options),
    }
}

/// An object keyed by `ids`, whose keys may also be the `written` ids of entries that
/// failed to read. Each other key is reported; returned with it are the ids it lacks
/// that are to be reported missing — not those an unknown key is a misspelling of
/// (at most two letters apart), which the unknown key's problem already names.
fn keyed<'v>(
    cx: &mut Ctx,
    v: &'v Value,
    path: &str,
    ids: &[&str],
    written: &Set<String>,
) -> Option<(Obj<'v>, Vec<String>)> {
    let mut allowed = ids.to_vec();
    allowed.extend(
        written
            .iter()
            .map(String::as_str)
            .filter(|w| !ids.contains(w)),
    );
    let m = cx.object(v, path, &allowed)?;
    let mut missing: Vec<String> = ids
        .iter()
        .filter(|id| !m.contains_key(**id))
        .map(|id| (*id).to_owned())
        .collect();
    for k in m.keys().filter(|k| !allowed.contains(&k.as_str())) {
        let closest = missing
            .iter()
            .enumerate()
            .map(|(i, id)| (edits(k, id), i))
            .filter(|(d, _)| *d <= 2)
            .min();
        if let Some((_, i)) = closest {
            missing.remove(i);
        }
    }
    Some((m, missing))
}

/// How many letters must be inserted, removed or replaced to turn `a` into `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let replace = diagonal + usize::from(ca != *cb);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = replace.min(above + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The ids listed at `path` that are in `known`; one of `written` (an entry that failed
/// to read) is left out without a problem, any other is reported.
fn ids_in<'a>(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    written: &Set<String>,
    what: Ref,
) -> Vec<Id> {
    let mut out = Vec::new();
    for (i, s) in cx.strings(v, path).into_iter().enumerate() {
        if known.clone().any(|k| k == s) {
            out.push(s);
        } else if written.contains(s.as_str()) {
            continue;
        } else {
            cx.unknown(&idx(path, i), what, &s, known.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A small valid catalog: one calendar, product, service, category, severity,
    /// clock and tier, and two questions.
    pub(super) fn catalog() -> Value {
        let day = json!([["09:00", "18:00"]]);
        json!({
            "schema_version": 1,
            "vendor": {"id": "acme", "name": "Acme"},
            "version": "2026.1",
            "calendars": [{"id": "office", "name": "Office hours", "weekly": {
                "mon": day, "tue": day, "wed": day, "thu": day, "fri": day,
                "sat": [], "sun": []}, "holidays": {"builtin": "KR"}}],
            "products": [{"id": "db", "name": "DB", "versions": ["v1"]}],
            "services": [{"id": "fix", "name": "Fix"}],
            "coverage": {"fix": {"db": "○"}},
            "questions": [
                {"id": "urgent", "text": "Urgent?", "type": "yes_no"},
                {"id": "area", "text": "Where?", "type": "choice",
                 "options": [{"id": "web", "label": "Web"}, {"id": "db", "label": "DB"}]}
            ],
            "categories": [{"id": "bug", "name": "Bug", "service": "fix",
                            "kind": "incident", "severity": "s1"}],
            "rules": [],
            "severities": [{"id": "s1", "name": "Critical", "meaning": "Down"}],
            "clocks": [{"id": "response", "name": "Response"}],
            "features": [{"id": "tam", "name": "TAM"}],
            "addons": [],
            "tiers": [{"id": "gold", "name": "Gold", "calendar": "office", "window_label": "9x5"}],
            "targets": {"s1": {"gold": {"response": {"within": {"hours": 4}, "on": "tier"}}}},
            "pricing": {"currency": "KRW", "change_request_day_rate": "500000",
                        "test_ratio": "0.3", "vat_rate": "0.1"}
        })
    }

    /// A small valid contract under [`catalog`].
    pub(super) fn contract() -> Value {
        json!({
            "schema_version": 1,
            "id": "city",
            "version": "1",
            "vendor": "acme",
            "institution": "City",
            "branches": [{"id": "main", "name": "Main"}],
            "products": [{"product": "db", "version": "v1"}],
            "tier": "gold",
            "period": {"kind": "maintenance", "start": "2026-01-01", "end": "2026-12-31"},
            "fee": {"annual": "12000000", "billing": "annual"}
        })
    }

    /// The loaded [`catalog`].
    pub(super) fn loaded_catalog() -> Catalog {
        let loaded = load_catalog_json("catalog.json", &catalog().to_string());
        assert!(loaded.is_ok(), "{:?}", problems(loaded.clone()));
        let Ok(c) = loaded else { unreachable!() };
        c
    }

    /// `v` with the member at JSON pointer `at` set to `new`, or removed when `new`
    /// is `None`.
    pub(super) fn patched(mut v: Value, at: &str, new: Option<Value>) -> Value {
        let (parent, last) = at.rsplit_once('/').unwrap_or(("", at));
        let slot = v.pointer_mut(parent);
        assert!(slot.is_some(), "no {parent} in the fixture");
        match (slot, new) {
            (Some(Value::Array(items)), Some(n)) => match last.parse::<usize>() {
                Ok(i) if i < items.len() => items.splice(i..=i, [n]).for_each(drop),
                _ => items.push(n),
            },
            (Some(Value::Object(m)), Some(n)) => {
                m.insert(last.to_owned(), n);
            }
            (Some(Value::Object(m)), None) => {
                m.remove(last);
            }
            _ => {}
        }
        v
    }

    /// Each problem as `path: message`.
    pub(super) fn problems<T>(r: Result<T, Problems>) -> Vec<String> {
        match r {
            Ok(_) => Vec::new(),
            Err(p) => {
                p.0.iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect()
            }
        }
    }

    /// Asserts that some problem of `got` is at `path` and its message contains
    /// `message`.
    pub(super) fn assert_problem(case: &str, got: &[String], path: &str, message: &str) {
        assert!(
            got.iter()
                .any(|g| g.starts_with(&format!("{path}: ")) && g.contains(message)),
            "{case}: expected {path}: …{message}…, got {got:?}"
        );
    }

    fn files(extra: &[(&str, Value)]) -> Map<String, String> {
        let mut f = Map::new();
        f.insert("catalog.json".to_owned(), catalog().to_string());
        f.insert("contracts/city.json".to_owned(), contract().to_string());
        for (name, v) in extra {
            f.insert((*name).to_owned(), v.to_string());
        }
        f
    }

    #[test]
    fn a_data_directory_names_every_file_and_every_file_it_names_exists() {
        let index = json!({"schema_version": 1, "catalog": "catalog.json",
                           "contracts": ["contracts/city.json"]});
        let history = json!({"schema_version": 1, "contract": "town", "requests": []});
        let outages = json!({"schema_version": 1, "contract": "city",
            "outages": [{"start": "2026-02-01T10:00:00", "end": "2026-02-01T11:00:00",
                         "request": "SR-9"}]});
        // Case, files, the file at fault, its path and message.
        type Row = (
            &'static str,
            Map<String, String>,
            &'static str,
            &'static str,
            &'static str,
        );
        let table: [Row; 5] = [
            (
                "no manifest",
                files(&[]),
                "index.json",
                "$",
                "a data directory needs an index.json",
            ),
            (
                "a named file is missing",
                files(&[(
                    "index.json",
                    patched(index.clone(), "/cases", Some(json!(["cases.json"]))),
                )]),
                "index.json",
                "$.cases[0]",
                "names \"cases.json\", which does not exist",
            ),
            (
                "a file is not named",
                files(&[("index.json", index.clone()), ("extra.json", json!({}))]),
                "extra.json",
                "$",
                "not named in index.json",
            ),
            (
                "a history of an unknown contract",
                files(&[
                    (
                        "index.json",
                        patched(index.clone(), "/histories", Some(json!(["h.json"]))),
                    ),
                    ("h.json", history),
                ]),
                "h.json",
                "$.contract",
                "\"town\" is not a contract in index.json",
            ),
            (
                "an outage under a request not in the history",
                files(&[
                    (
                        "index.json",
                        patched(index.clone(), "/outages", Some(json!(["o.json"]))),
                    ),
                    ("o.json", outages),
                ]),
                "o.json",
                "$.outages[0].request",
                "\"SR-9\" is not a request in the history of \"city\"",
            ),
        ];
        for (case, files, file, path, message) in table {
            let got: Vec<String> = match load(&files) {
                Ok(_) => Vec::new(),
                Err(p) => {
                    p.0.iter()
                        .filter(|p| p.file == file)
                        .map(|p| format!("{}: {}", p.path, p.message))
                        .collect()
                }
            };
            assert_problem(case, &got, path, message);
        }
        let ok = load(&files(&[("index.json", index)]));
        assert_eq!(problems(ok.clone()), Vec::<String>::new());
        let names: Vec<String> = ok
            .map(|d| d.contracts.iter().map(|c| c.id.clone()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["city"]);
    }

    #[test]
    fn a_contract_is_not_blamed_for_a_catalog_entry_that_failed_to_read() {
        let index = json!({"schema_version": 1, "catalog": "catalog.json",
                           "contracts": ["contracts/city.json"]});
        // Case, the catalog, every problem of the data directory expected.
        let table: [(&str, Value, Vec<&str>); 2] = [
            (
                "a tier dropped for an unknown calendar",
                patched(catalog(), "/tiers/0/calendar", Some(json!("night"))),
                vec![
                    "catalog.json: $.tiers[0].calendar: \"night\" is not a calendar \
                     (known: office)",
                ],
            ),
            (
                "a tier dropped for a calendar that fails to read",
                patched(catalog(), "/calendars/0/name", None),
                vec!["catalog.json: $.calendars[0]: missing field `name`"],
            ),
        ];
        for (case, catalog, expected) in table {
            let mut files = files(&[("index.json", index.clone())]);
            files.insert("catalog.json".to_owned(), catalog.to_string());
            let got: Vec<String> = match load(&files) {
                Ok(_) => Vec::new(),
                Err(p) => p.0.iter().map(ToString::to_string).collect(),
            };
            assert_eq!(got, expected, "{case}");
        }
    }

    #[test]
    fn reference_and_duplicate_problems_carry_their_code_and_parameters() {
        let city = patched(contract(), "/tier", Some(json!("gld")));
        let tier = load_contract_json("city.json", &city.to_string(), &loaded_catalog());
        let again = json!({"id": "urgent", "text": "Again?", "type": "yes_no"});
        let twice = patched(catalog(), "/questions/2", Some(again));
        let duplicate = load_catalog_json("catalog.json", &twice.to_string());
        // The result, its one problem as JSON, and in Korean.
        let table = [
            (
                tier.map(drop),
                json!({"file": "city.json", "path": "$.tier", "code": "unknown_ref",
                       "kind": "tier", "id": "gld", "known": ["gold"],
                       "message": "\"gld\" is not a tier (known: gold)"}),
                "\"gld\"은(는) 등급이 아닙니다 (있는 값: gold)",
            ),
            (
                duplicate.map(drop),
                json!({"file": "catalog.json", "path": "$.questions[2].id",
                       "code": "duplicate_id", "id": "urgent",
                       "message": "duplicate id \"urgent\""}),
                "\"urgent\"은(는) 앞에서 이미 쓴 id입니다",
            ),
        ];
        for (got, expected, ko) in table {
            let problems = got.err().map(|p| p.0).unwrap_or_default();
            let json: Vec<Value> = problems.iter().map(|p| json!(p)).collect();
            assert_eq!(json, [expected]);
            let korean: Vec<String> = problems.iter().map(|p| p.text(Lang::Ko)).collect();
            assert_eq!(korean, [ko]);
        }
    }

    #[test]
    fn misspellings_are_told_apart_by_the_letters_between_them() {
        assert_eq!(edits("gold", "gld"), 1);
        assert_eq!(edits("respons", "response"), 1);
        assert_eq!(edits("hihg", "high"), 2);
        assert_eq!(edits("legacy", "gold"), 5);
        assert_eq!(edits("", "abc"), 3);
    }

    #[test]
    fn loading_for_requests_neither_needs_nor_reads_the_example_cases() {
        let index = json!({"schema_version": 1, "catalog": "catalog.json",
                           "contracts": ["contracts/city.json"], "cases": ["cases.json"]});
        let without = files(&[("index.json", index.clone())]);
        assert!(load_for_requests(&without).is_ok());
        assert_problem(
            "validation needs the cases",
            &problems(load(&without)),
            "$.cases[0]",
            "names \"cases.json\", which does not exist",
        );
        let broken = files(&[("index.json", index), ("cases.json", json!({"x": 1}))]);
        assert!(
            load_for_requests(&broken).is_ok(),
            "a case file is not read"
        );
        assert!(load(&broken).is_err());
    }

    #[test]
    fn loading_for_checks_neither_needs_nor_reads_the_outages() {
        let index = json!({"schema_version": 1, "catalog": "catalog.json",
                           "contracts": ["contracts/city.json"], "outages": ["o.json"]});
        let without = files(&[("index.json", index.clone())]);
        let checks = load_for_checks(&without).map_err(|p| p.to_string());
        assert!(checks.is_ok_and(|d| d.outages.is_empty()));
        assert_problem(
            "requests need the outages",
            &problems(load_for_requests(&without)),
            "$.outages[0]",
            "names \"o.json\", which does not exist",
        );
        let broken = files(&[("index.json", index), ("o.json", json!({"x": 1}))]);
        assert!(
            load_for_checks(&broken).is_ok(),
            "an outage file is not read"
        );
        assert!(load_for_requests(&broken).is_err());
    }

    #[test]
    fn the_manifest_lists_its_files_catalog_first_without_the_cases() {
        let index = json!({"schema_version": 1, "catalog": "c.json", "contracts": ["a.json"],
                           "histories": ["h.json"], "outages": ["o.json"], "cases": ["x.json"]});
        assert_eq!(
            manifest_files(&index.to_string()).map_err(|p| p.to_string()),
            Ok(vec!["c.json", "a.json", "h.json", "o.json"]
                .into_iter()
                .map(str::to_owned)
                .collect())
        );
        assert_eq!(
            check_files(&index.to_string()).map_err(|p| p.to_string()),
            Ok(vec![
                "c.json".to_owned(),
                "a.json".to_owned(),
                "h.json".to_owned()
            ])
        );
        let newer = patched(index, "/schema_version", Some(json!(2)));
        assert_problem(
            "version 2",
            &problems(manifest_files(&newer.to_string())),
            "$.schema_version",
            "version 2 is not supported",
        );
    }
}
