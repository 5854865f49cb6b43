//! Loading and validating a data directory: a manifest, a catalog, contracts,
//! histories and example cases, with every problem reported at once.

use super::*;
use crate::calendar::holidays::all_korean_public_holidays;
use crate::calendar::{Calendar, Pause, WeeklyHours, Window, Zone, parse_time_of_day};
use crate::json::{Ctx, Obj, idx, join, key, show};
use crate::map::{Map, Set};
use crate::problem::{Problem, Problems};
use serde_json::Value;

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
    let mut problems = Vec::new();
    let mut cx = Ctx::new(MANIFEST);
    let Some(text) = files.get(MANIFEST) else {
        return Err(Problems(vec![Problem {
            file: MANIFEST.to_owned(),
            path: "$".to_owned(),
            message:
                "missing: a data directory needs an index.json naming its catalog and contracts"
                    .to_owned(),
            ..Default::default()
        }]));
    };
    let manifest = cx.parse(text).and_then(|v| read_manifest(&mut cx, &v));
    problems.append(&mut cx.problems);
    let Some(manifest) = manifest else {
        return Err(Problems(problems));
    };

    let mut named: Set<&str> = Set::new();
    named.insert(MANIFEST);
    let mut fetch = |path: &str, problems: &mut Vec<Problem>, at: String| -> Option<String> {
        named.insert(
            files
                .get_key_value(path)
                .map(|(k, _)| k.as_str())
                .unwrap_or(""),
        );
        match files.get(path) {
            Some(t) => Some(t.clone()),
            None => {
                problems.push(Problem {
                    file: MANIFEST.to_owned(),
                    path: at,
                    message: format!("names {path:?}, which does not exist"),
                    ..Default::default()
                });
                None
            }
        }
    };

    let catalog_text = fetch(&manifest.catalog, &mut problems, "$.catalog".to_owned());
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
    let mut contracts = Vec::new();
    let mut contract_texts = Vec::new();
    for (i, path) in manifest.contracts.iter().enumerate() {
        if let Some(t) = fetch(path, &mut problems, idx("$.contracts", i)) {
            contract_texts.push((path.clone(), t));
        }
    }
    let mut history_texts = Vec::new();
    for (i, path) in manifest.histories.iter().enumerate() {
        if let Some(t) = fetch(path, &mut problems, idx("$.histories", i)) {
            history_texts.push((path.clone(), t));
        }
    }
    let mut outage_texts = Vec::new();
    for (i, path) in manifest.outages.iter().enumerate() {
        if let Some(t) = fetch(path, &mut problems, idx("$.outages", i)) {
            outage_texts.push((path.clone(), t));
        }
    }
    let mut case_texts = Vec::new();
    for (i, path) in manifest.cases.iter().enumerate() {
        if let Some(t) = fetch(path, &mut problems, idx("$.cases", i)) {
            case_texts.push((path.clone(), t));
        }
    }
    for f in files.keys() {
        if f.ends_with(".json") && !named.contains(f.as_str()) {
            problems.push(Problem {
                file: f.clone(),
                path: "$".to_owned(),
                message: "not named in index.json, so it would be ignored (add it to \
                          contracts, histories, outages or cases)"
                    .to_owned(),
                ..Default::default()
            });
        }
    }

    let Some(catalog) = catalog else {
        return Err(Problems(problems));
    };
    // Ids of contracts that failed to load: their own problems are reported, so
    // files that refer to them are not blamed again.
    let mut broken: Set<String> = Set::new();
    let peek = |text: &str, field: &str| {
        serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get(field).and_then(Value::as_str).map(str::to_owned))
    };
    for (path, text) in &contract_texts {
        if let Some(id) = peek(text, "id") {
            broken.insert(id);
        }
        match load_contract_json(path, text, &catalog) {
            Ok(c) => {
                if let Some(cs) = &c.credit_schedule
                    && catalog.credit_schedule(cs).is_none()
                {
                    problems.push(Problem {
                        file: path.clone(),
                        path: "$.credit_schedule".to_owned(),
                        message: format!(
                            "{cs:?} is not a credit schedule of the catalog (known: {})",
                            join(catalog.credit_schedules.iter().map(|s| &s.id))
                        ),
                        ..Default::default()
                    });
                }
                if contracts.iter().any(|o: &Contract| o.id == c.id) {
                    problems.push(Problem {
                        file: path.clone(),
                        path: "$.id".to_owned(),
                        message: format!("contract id {:?} is used by another contract", c.id),
                        ..Default::default()
                    });
                }
                contracts.push(c);
            }
            Err(mut p) => problems.append(&mut p.0),
        }
    }
    broken.retain(|id| !contracts.iter().any(|c| c.id == *id));
    let known = |id: &str| contracts.iter().any(|c| c.id == id) || broken.contains(id);
    let mut histories = Map::new();
    let mut broken_histories: Set<String> = Set::new();
    let unknown_contract = |path: &str, id: &str| Problem {
        file: path.to_owned(),
        path: "$.contract".to_owned(),
        message: format!("{id:?} is not a contract in index.json"),
        ..Default::default()
    };
    for (path, text) in &history_texts {
        match load_history_json(path, text, &catalog) {
            Ok((id, reqs)) => {
                if !known(&id) {
                    problems.push(unknown_contract(path, &id));
                }
                histories.insert(id, reqs);
            }
            Err(mut p) => {
                // Only a broken file is read again for the contract it names (a
                // history can be a million requests long).
                let named = peek(text, "contract");
                if let Some(id) = &named
                    && !known(id)
                {
                    problems.push(unknown_contract(path, id));
                }
                broken_histories.extend(named);
                problems.append(&mut p.0);
            }
        }
    }
    let mut outages = Map::new();
    for (path, text) in &outage_texts {
        match load_outages_json(path, text, &catalog) {
            Ok((id, list)) => {
                if !known(&id) {
                    problems.push(Problem {
                        file: path.clone(),
                        path: "$.contract".to_owned(),
                        message: format!("{id:?} is not a contract in index.json"),
                        ..Default::default()
                    });
                }
                let history: &[PastRequest] = histories.get(&id).map(Vec::as_slice).unwrap_or(&[]);
                let history_broken = broken.contains(&id) || broken_histories.contains(&id);
                for (i, o) in list.iter().enumerate() {
                    if let Some(r) = &o.request
                        && !history_broken
                        && !history.iter().any(|h| h.id == *r)
                    {
                        problems.push(Problem {
                            file: path.clone(),
                            path: key(&idx("$.outages", i), "request"),
                            message: format!("{r:?} is not a request in the history of {id:?}"),
                            ..Default::default()
                        });
                    }
                }
                if outages.insert(id.clone(), list).is_some() {
                    problems.push(Problem {
                        file: path.clone(),
                        path: "$.contract".to_owned(),
                        message: format!("another outage file is already named for {id:?}"),
                        ..Default::default()
                    });
                }
            }
            Err(mut p) => problems.append(&mut p.0),
        }
    }
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
        Ok(DataSet {
            catalog,
            contracts,
            histories,
            cases,
            outages,
        })
    } else {
        Err(Problems(problems))
    }
}

struct Manifest {
    catalog: String,
    contracts: Vec<String>,
    histories: Vec<String>,
    outages: Vec<String>,
    cases: Vec<String>,
}

/// Every file a manifest (`index.json` text) names, catalog first, then contracts,
/// histories, outages and cases — what a client must fetch before calling [`load`].
///
/// # Errors
///
/// Every problem in the manifest.
pub fn manifest_files(index_json: &str) -> Result<Vec<String>, Problems> {
    let mut cx = Ctx::new(MANIFEST);
    let manifest = cx
        .parse(index_json)
        .and_then(|v| read_manifest(&mut cx, &v));
    match manifest {
        Some(m) if cx.problems.is_empty() => {
            let mut out = vec![m.catalog];
            out.extend(m.contracts);
            out.extend(m.histories);
            out.extend(m.outages);
            out.extend(m.cases);
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
    Some(Manifest {
        catalog: catalog?,
        contracts,
        histories,
        outages,
        cases,
    })
}

fn schema_version(cx: &mut Ctx, m: Obj<'_>) {
    if let Some(n) = cx.req_count(m, "$", "schema_version")
        && n != SCHEMA_VERSION
    {
        cx.err(
            "$.schema_version",
            format!("version {n} is not supported (this build reads version {SCHEMA_VERSION})"),
        );
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
                        cx.err(&key(&p, "id"), format!("duplicate id {id:?}"));
                    } else {
                        out.push((id, p, item));
                    }
                }
            }
            None => {
                if item.is_object() {
                    cx.err(&p, "missing field `id`");
                } else {
                    cx.err(&p, format!("expected an object, found {}", show(item)));
                }
            }
        }
    }
    out
}

fn span(cx: &mut Ctx, v: &Value, path: &str) -> Option<Span> {
    let m = cx.object(v, path, &["minutes", "hours", "business_days"])?;
    if m.len() != 1 {
        cx.err(
            path,
            "expected exactly one of `minutes`, `hours`, `business_days`",
        );
        return None;
    }
    let (k, n) = m.iter().next()?;
    let n = cx.count(n, &key(path, k))?;
    Some(match k.as_str() {
        "minutes" => Span::Minutes(n),
        "hours" => Span::Hours(n),
        _ => Span::BusinessDays(n),
    })
}

fn clock_on(cx: &mut Ctx, v: &Value, path: &str, calendars: &Set<String>) -> Option<ClockOn> {
    let s = cx.str(v, path)?;
    if s == "tier" {
        return Some(ClockOn::Tier);
    }
    if calendars.contains(&s) {
        Some(ClockOn::Calendar(s))
    } else {
        cx.err(
            path,
            format!(
                "{s:?} is neither \"tier\" nor a calendar (known: {})",
                join(calendars.iter())
            ),
        );
        None
    }
}

/// Loads and validates one catalog file.
///
/// # Errors
///
/// Every problem in the file, each with its JSON path.
pub fn load_catalog_json(file: &str, text_in: &str) -> Result<Catalog, Problems> {
    let mut cx = Ctx::new(file);
    let catalog = cx.parse(text_in).and_then(|v| read_catalog(&mut cx, &v));
    match catalog {
        Some(c) if cx.problems.is_empty() => Ok(c),
        _ => Err(Problems(cx.problems)),
    }
}

const CATALOG_FIELDS: &[&str] = &[
    "schema_version",
    "vendor",
    "version",
    "clauses",
    "settings",
    "timezone",
    "calendars",
    "closures",
    "products",
    "services",
    "coverage",
    "questions",
    "categories",
    "rules",
    "severities",
    "severity_rules",
    "clocks",
    "features",
    "addons",
    "tiers",
    "targets",
    "escalations",
    "pricing",
    "credit_schedules",
];

/// `$.clauses`: the clause each check before the rules cites (each optional).
fn read_clauses(cx: &mut Ctx, m: Obj<'_>) -> Clauses {
    const FIELDS: [&str; 6] = [
        "period",
        "termination",
        "branch",
        "addendum",
        "product",
        "matrix",
    ];
    let at = "$.clauses";
    let Some(cm) = m.get("clauses").and_then(|v| cx.object(v, at, &FIELDS)) else {
        return Clauses::default();
    };
    Clauses {
        period: cx.opt_str(cm, at, "period"),
        termination: cx.opt_str(cm, at, "termination"),
        branch: cx.opt_str(cm, at, "branch"),
        addendum: cx.opt_str(cm, at, "addendum"),
        product: cx.opt_str(cm, at, "product"),
        matrix: cx.opt_str(cm, at, "matrix"),
    }
}

/// `$.settings`: the status page's thresholds, each with its default.
fn read_settings(cx: &mut Ctx, m: Obj<'_>) -> Settings {
    let at = "$.settings";
    let mut settings = Settings::default();
    let Some(sm) = m
        .get("settings")
        .and_then(|v| cx.object(v, at, &["renewal_warning_days", "at_risk_share"]))
    else {
        return settings;
    };
    if let Some(days) = cx.opt_count(sm, at, "renewal_warning_days") {
        if days > 3660 {
            cx.err(
                &key(at, "renewal_warning_days"),
                format!("expected at most 3660 days (ten years), found {days}"),
            );
        } else {
            settings.renewal_warning_days = days;
        }
    }
    if let Some(share) = cx.opt_decimal(sm, at, "at_risk_share") {
        if share > Decimal::ZERO && share < Decimal::ONE {
            settings.at_risk_share = share;
        } else {
            cx.err(
                &key(at, "at_risk_share"),
                format!("expected a share between 0 and 1 such as \"0.25\", found {share}"),
            );
        }
    }
    settings
}

fn read_catalog(cx: &mut Ctx, v: &Value) -> Option<Catalog> {
    let m = cx.object(v, "$", CATALOG_FIELDS)?;
    schema_version(cx, m);
    let mut terms = Terms::default();
    let (vendor_id, vendor_name) = match cx.req(m, "$", "vendor") {
        Some(v) => {
            let vm = cx.object(v, "$.vendor", &["id", "name", "terms"]);
            match vm {
                Some(vm) => {
                    if let Some(t) = vm.get("terms")
                        && let Some(tm) = cx.object(t, "$.vendor.terms", &["staff", "branch"])
                    {
                        let at = "$.vendor.terms";
                        terms.staff = opt_text(cx, tm, at, "staff").unwrap_or(terms.staff);
                        terms.branch = opt_text(cx, tm, at, "branch").unwrap_or(terms.branch);
                    }
                    (
                        cx.req_str(vm, "$.vendor", "id"),
                        req_text(cx, vm, "$.vendor", "name"),
                    )
                }
                None => (None, None),
            }
        }
        None => (None, None),
    };
    let version = cx.req_str(m, "$", "version");
    let clauses = read_clauses(cx, m);
    let settings = read_settings(cx, m);
    let zone_name = cx
        .opt_str(m, "$", "timezone")
        .unwrap_or_else(|| "Asia/Seoul".to_owned());
    let zone = match Zone::parse(&zone_name) {
        Ok(z) => Some(z),
        Err(e) => {
            cx.err("$.timezone", e.to_string());
            None
        }
    };

    // Vendor closures, shared by calendars that opt in.
    let mut closures: Vec<(Date, Text)> = Vec::new();
    for (i, c) in cx.opt_array(m, "$", "closures").iter().enumerate() {
        let p = idx("$.closures", i);
        if let Some(cm) = cx.object(c, &p, &["date", "name"]) {
            let d = cx.req_date(cm, &p, "date");
            let n = req_text(cx, cm, &p, "name");
            if let (Some(d), Some(n)) = (d, n) {
                closures.push((d, n));
            }
        }
    }

    // Calendars.
    let mut calendars = Map::new();
    if let Some(cv) = cx.req(m, "$", "calendars") {
        for (id, p, item) in entries(cx, cv, "$.calendars") {
            if let Some(c) = read_calendar(cx, item, &p, &id, zone.as_ref(), &closures) {
                calendars.insert(id, c);
            }
        }
    }
    let cal_ids: Set<String> = calendars.keys().cloned().collect();

    // Products.
    let mut products = Vec::new();
    if let Some(pv) = cx.req(m, "$", "products") {
        for (id, p, item) in entries(cx, pv, "$.products") {
            let Some(pm) = cx.object(item, &p, &["id", "name", "versions"]) else {
                continue;
            };
            let name = req_text(cx, pm, &p, "name");
            let versions = pm
                .get("versions")
                .map(|v| cx.strings(v, &key(&p, "versions")))
                .unwrap_or_default();
            if versions.is_empty() {
                cx.err(
                    &key(&p, "versions"),
                    "expected at least one version (use [\"all\"] for an unversioned product)",
                );
            }
            if let Some(name) = name {
                products.push(Product { id, name, versions });
            }
        }
    }

    // Services.
    let mut services = Vec::new();
    if let Some(sv) = cx.req(m, "$", "services") {
        for (id, p, item) in entries(cx, sv, "$.services") {
            let Some(sm) = cx.object(item, &p, &["id", "name", "clause"]) else {
                continue;
            };
            let name = req_text(cx, sm, &p, "name");
            let clause = cx.opt_str(sm, &p, "clause");
            if let Some(name) = name {
                services.push(Service { id, name, clause });
            }
        }
    }

    // Coverage matrix: {service: {product: mark | {version: mark}}}.
    let mut coverage = Map::new();
    if let Some(cv) = cx.req(m, "$", "coverage") {
        let service_ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
        if let Some(cm) = cx.object(cv, "$.coverage", &service_ids) {
            for s in &services {
                let sp = key("$.coverage", &s.id);
                let Some(row) = cm.get(&s.id) else {
                    cx.err(
                        "$.coverage",
                        format!("missing the row of service {:?}", s.id),
                    );
                    continue;
                };
                let product_ids: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
                let Some(rm) = cx.object(row, &sp, &product_ids) else {
                    continue;
                };
                for p in &products {
                    let pp = key(&sp, &p.id);
                    match rm.get(&p.id) {
                        None => cx.err(
                            &sp,
                            format!("missing the mark for product {:?} (○, △, X or –)", p.id),
                        ),
                        Some(Value::String(_)) => {
                            if let Some(mark) = rm.get(&p.id).and_then(|v| read_mark(cx, v, &pp)) {
                                for ver in &p.versions {
                                    coverage
                                        .insert((s.id.clone(), p.id.clone(), ver.clone()), mark);
                                }
                            }
                        }
                        Some(v) => {
                            let vers: Vec<&str> = p.versions.iter().map(String::as_str).collect();
                            let Some(vm) = cx.object(v, &pp, &vers) else {
                                continue;
                            };
                            for ver in &p.versions {
                                match vm.get(ver) {
                                    Some(mv) => {
                                        if let Some(mark) = read_mark(cx, mv, &key(&pp, ver)) {
                                            coverage.insert(
                                                (s.id.clone(), p.id.clone(), ver.clone()),
                                                mark,
                                            );
                                        }
                                    }
                                    None => {
                                        cx.err(&pp, format!("missing the mark for version {ver:?}"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // Questions (conditions in `shown_when` are checked after all are known).
    let mut questions: Vec<Question> = Vec::new();
    let mut shown_when_raw = Vec::new();
    if let Some(qv) = cx.req(m, "$", "questions") {
        for (id, p, item) in entries(cx, qv, "$.questions") {
            if let Some(q) = read_question(cx, item, &p, id) {
                if let Some(sw) = item.get("shown_when") {
                    shown_when_raw.push((questions.len(), key(&p, "shown_when"), sw));
                }
                questions.push(q);
            }
        }
    }
    let addons = read_named(cx, m, "addons");
    let features = read_named(cx, m, "features");
    let clocks: Vec<ClockDef> = read_named(cx, m, "clocks")
        .into_iter()
        .map(|(id, name)| ClockDef { id, name })
        .collect();

    // Severities.
    let mut severities = Vec::new();
    if let Some(sv) = cx.req(m, "$", "severities") {
        for (id, p, item) in entries(cx, sv, "$.severities") {
            let Some(sm) = cx.object(item, &p, &["id", "name", "meaning", "urgent"]) else {
                continue;
            };
            let name = req_text(cx, sm, &p, "name");
            let meaning = req_text(cx, sm, &p, "meaning");
            let urgent = cx.opt_bool(sm, &p, "urgent", false);
            if let (Some(name), Some(meaning)) = (name, meaning) {
                severities.push(SeverityDef {
                    id,
                    name,
                    meaning,
                    urgent,
                });
            }
        }
    }
    let sev_ids: Vec<String> = severities.iter().map(|s| s.id.clone()).collect();

    // Categories.
    let mut categories = Vec::new();
    let refs = Refs {
        questions: &questions,
        categories: &[],
        services: &services,
        products: &products,
    };
    let mut category_entries = Vec::new();
    if let Some(cv) = cx.req(m, "$", "categories") {
        category_entries = entries(cx, cv, "$.categories");
    }
    for (id, p, item) in &category_entries {
        if let Some(c) = read_category(cx, item, p, id.clone(), &refs, &sev_ids) {
            categories.push(c);
        }
    }
    let refs = Refs {
        questions: &questions,
        categories: &categories,
        services: &services,
        products: &products,
    };
    let mut resolved_shown = Vec::new();
    for (qi, p, sw) in shown_when_raw {
        if let Some(c) = condition(cx, sw, &p, &refs) {
            resolved_shown.push((qi, c));
        }
    }

    // Rules.
    let mut rules = Vec::new();
    if let Some(rv) = cx.req(m, "$", "rules") {
        for (id, p, item) in entries(cx, rv, "$.rules") {
            if let Some(r) = read_rule(cx, item, &p, id, &refs, &addons, &features) {
                rules.push(r);
            }
        }
    }

    // Severity rules.
    let mut severity_rules = Vec::new();
    for (i, item) in cx.opt_array(m, "$", "severity_rules").iter().enumerate() {
        let p = idx("$.severity_rules", i);
        let Some(sm) = cx.object(item, &p, &["severity", "when", "because"]) else {
            continue;
        };
        let sev = cx.req(sm, &p, "severity").and_then(|v| {
            let ids: Vec<&str> = sev_ids.iter().map(String::as_str).collect();
            cx.one_of(v, &key(&p, "severity"), &ids)
        });
        let when = cx
            .req(sm, &p, "when")
            .and_then(|v| condition(cx, v, &key(&p, "when"), &refs));
        let because = req_text(cx, sm, &p, "because");
        if let (Some(severity), Some(when), Some(because)) = (sev, when, because) {
            severity_rules.push(SeverityRule {
                severity,
                when,
                because,
            });
        }
    }
    if categories.iter().any(|c| c.severity == SeverityMode::Ask)
        && !severity_rules.iter().any(|r| r.when == Condition::Always)
    {
        cx.err(
            "$.severity_rules",
            "the last rule should be {\"when\": \"always\"} so every request gets a severity",
        );
    }

    // Tiers.
    let mut tiers = Vec::new();
    if let Some(tv) = cx.req(m, "$", "tiers") {
        for (id, p, item) in entries(cx, tv, "$.tiers") {
            if let Some(t) = read_tier(cx, item, &p, id, &cal_ids, &features) {
                tiers.push(t);
            }
        }
    }

    // Targets: {severity: {tier: {clock: {within, on, why}}}}, complete.
    let mut targets = Vec::new();
    if let Some(tv) = cx.req(m, "$", "targets") {
        let sev_strs: Vec<&str> = sev_ids.iter().map(String::as_str).collect();
        if let Some(tm) = cx.object(tv, "$.targets", &sev_strs) {
            for sev in &severities {
                let sp = key("$.targets", &sev.id);
                let Some(row) = tm.get(&sev.id) else {
                    cx.err(
                        "$.targets",
                        format!("missing the targets of severity {:?}", sev.id),
                    );
                    continue;
                };
                let tier_ids: Vec<&str> = tiers.iter().map(|t| t.id.as_str()).collect();
                let Some(rm) = cx.object(row, &sp, &tier_ids) else {
                    continue;
                };
                for tier in &tiers {
                    let tp = key(&sp, &tier.id);
                    let Some(cell) = rm.get(&tier.id) else {
                        cx.err(&sp, format!("missing the targets of tier {:?}", tier.id));
                        continue;
                    };
                    let clock_ids: Vec<&str> = clocks.iter().map(|c| c.id.as_str()).collect();
                    let Some(cm) = cx.object(cell, &tp, &clock_ids) else {
                        continue;
                    };
                    for clock in &clocks {
                        let cp = key(&tp, &clock.id);
                        let Some(t) = cm.get(&clock.id) else {
                            cx.err(&tp, format!("missing the {:?} target", clock.id));
                            continue;
                        };
                        let Some(tm) = cx.object(t, &cp, &["within", "on", "why"]) else {
                            continue;
                        };
                        let within = cx
                            .req(tm, &cp, "within")
                            .and_then(|v| span(cx, v, &key(&cp, "within")));
                        let on = cx
                            .req(tm, &cp, "on")
                            .and_then(|v| clock_on(cx, v, &key(&cp, "on"), &cal_ids));
                        let why = opt_text(cx, tm, &cp, "why");
                        if let (Some(within), Some(on)) = (within, on) {
                            targets.push(TargetDef {
                                severity: sev.id.clone(),
                                tier: tier.id.clone(),
                                clock: clock.id.clone(),
                                within,
                                on,
                                why,
                            });
                        }
                    }
                }
            }
        }
    }

    // Escalations.
    let mut escalations = Vec::new();
    for (i, item) in cx.opt_array(m, "$", "escalations").iter().enumerate() {
        let p = idx("$.escalations", i);
        let Some(em) = cx.object(item, &p, &["severity", "after", "on", "action"]) else {
            continue;
        };
        let sev = cx.req(em, &p, "severity").and_then(|v| {
            let ids: Vec<&str> = sev_ids.iter().map(String::as_str).collect();
            cx.one_of(v, &key(&p, "severity"), &ids)
        });
        let after = cx
            .req(em, &p, "after")
            .and_then(|v| span(cx, v, &key(&p, "after")));
        let on = cx
            .req(em, &p, "on")
            .and_then(|v| clock_on(cx, v, &key(&p, "on"), &cal_ids));
        let action = req_text(cx, em, &p, "action");
        if let (Some(severity), Some(after), Some(on), Some(action)) = (sev, after, on, action) {
            escalations.push(Escalation {
                severity,
                after,
                on,
                action,
            });
        }
    }

    // Pricing.
    let pricing = cx.req(m, "$", "pricing").and_then(|v| {
        let p = "$.pricing";
        let pm = cx.object(
            v,
            p,
            &[
                "currency",
                "change_request_day_rate",
                "test_day_rate",
                "test_ratio",
                "vat_rate",
                "difficulty_rate",
            ],
        )?;
        let currency = cx.req_str(pm, p, "currency");
        let difficulty_rate = match pm.get("difficulty_rate") {
            None | Some(Value::Null) => None,
            Some(dv) => {
                let dp = key(p, "difficulty_rate");
                cx.object(dv, &dp, &["per_point", "base"]).and_then(|dm| {
                    let per_point = cx.req_decimal(dm, &dp, "per_point");
                    let base = cx.req_decimal(dm, &dp, "base");
                    Some(DifficultyRate {
                        per_point: per_point?,
                        base: base?,
                    })
                })
            }
        };
        let day = cx.req_decimal(pm, p, "change_request_day_rate");
        let test_day = cx.opt_decimal(pm, p, "test_day_rate");
        let test_ratio = cx.req_decimal(pm, p, "test_ratio");
        let vat = cx.req_decimal(pm, p, "vat_rate");
        Some(Pricing {
            currency: currency?,
            change_request_day_rate: day?,
            test_day_rate: test_day.or(day)?,
            test_ratio: test_ratio?,
            vat_rate: vat?,
            difficulty_rate,
        })
    });

    // Service-credit schedules.
    let mut credit_schedules = Vec::new();
    if let Some(sv) = m.get("credit_schedules") {
        for (id, p, item) in entries(cx, sv, "$.credit_schedules") {
            if let Some(s) = read_credit_schedule(cx, item, &p, id, &sev_ids, &clocks) {
                credit_schedules.push(s);
            }
        }
    }

    for (qi, c) in resolved_shown {
        if let Some(q) = questions.get_mut(qi) {
            q.shown_when = Some(c);
        }
    }

    Some(Catalog {
        vendor_id: vendor_id?,
        vendor_name: vendor_name?,
        terms,
        clauses,
        settings,
        version: version?,
        calendars,
        products,
        services,
        coverage,
        questions,
        categories,
        rules,
        severities,
        severity_rules,
        clocks,
        features: features
            .into_iter()
            .map(|(id, name)| Feature { id, name })
            .collect(),
        addons: addons
            .into_iter()
            .map(|(id, name)| Addon { id, name })
            .collect(),
        tiers,
        targets,
        escalations,
        pricing: pricing?,
        credit_schedules,
    })
}

/// A percentage between 0 and 100 inclusive.
fn percent(cx: &mut Ctx, m: Obj<'_>, path: &str, k: &str, required: bool) -> Option<Decimal> {
    let d = if required {
        cx.req_decimal(m, path, k)
    } else {
        cx.opt_decimal(m, path, k)
    }?;
    if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
        cx.err(
            &key(path, k),
            format!("{d} is not a percentage between 0 and 100"),
        );
        return None;
    }
    Some(d)
}

fn read_credit_schedule(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: Id,
    severities: &[String],
    clocks: &[ClockDef],
) -> Option<CreditSchedule> {
    let m = cx.object(
        v,
        path,
        &["id", "name", "source", "basis", "bands", "triggers", "caps"],
    )?;
    let name = req_text(cx, m, path, "name");
    let source = cx.opt_str(m, path, "source");
    let basis = cx
        .req(m, path, "basis")
        .and_then(|b| {
            cx.one_of(
                b,
                &key(path, "basis"),
                &["monthly_fee", "three_month_average_fee"],
            )
        })
        .map(|b| {
            if b == "three_month_average_fee" {
                CreditBasis::ThreeMonthAverageFee
            } else {
                CreditBasis::MonthlyFee
            }
        });
    let mut bands: Vec<(String, CreditBand)> = Vec::new();
    let bp = key(path, "bands");
    for (i, item) in cx.opt_array(m, path, "bands").iter().enumerate() {
        let p = idx(&bp, i);
        let Some(bm) = cx.object(item, &p, &["at_least", "below", "percent"]) else {
            continue;
        };
        let at_least = percent(cx, bm, &p, "at_least", false);
        let below = percent(cx, bm, &p, "below", false);
        let pct = percent(cx, bm, &p, "percent", true);
        if at_least.is_none()
            && below.is_none()
            && !bm.contains_key("at_least")
            && !bm.contains_key("below")
        {
            cx.err(
                &p,
                "expected `at_least`, `below` or both (the band's edges, in percent)",
            );
            continue;
        }
        if let (Some(lo), Some(hi)) = (at_least, below)
            && lo >= hi
        {
            cx.err(&p, format!("at_least {lo} is not below `below` {hi}"));
            continue;
        }
        let Some(pct) = pct else { continue };
        let band = CreditBand {
            at_least,
            below,
            percent: pct,
        };
        for (op, other) in &bands {
            let lo = match (band.at_least, other.at_least) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            let hi = match (band.below, other.below) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if lo.zip(hi).is_none_or(|(lo, hi)| lo < hi) {
                cx.err(
                    &p,
                    format!("overlaps the band at {op} (each availability must fall in one band at most)"),
                );
            }
        }
        bands.push((p, band));
    }
    let mut triggers = Vec::new();
    let tp = key(path, "triggers");
    if let Some(tv) = m.get("triggers") {
        for (tid, p, item) in entries(cx, tv, &tp) {
            let Some(tm) = cx.object(
                item,
                &p,
                &["id", "name", "severities", "clock", "percent", "per"],
            ) else {
                continue;
            };
            let tname = req_text(cx, tm, &p, "name");
            let sevs = tm.get("severities").map(|sv| {
                ids_in(
                    cx,
                    sv,
                    &key(&p, "severities"),
                    severities.iter().map(String::as_str),
                    "severity",
                )
            });
            if sevs.is_none() {
                cx.err(&p, "missing field `severities`");
            }
            let clock = cx.req(tm, &p, "clock").and_then(|c| {
                let ids: Vec<&str> = clocks.iter().map(|c| c.id.as_str()).collect();
                cx.one_of(c, &key(&p, "clock"), &ids)
            });
            let pct = percent(cx, tm, &p, "percent", true);
            let per = cx
                .req(tm, &p, "per")
                .and_then(|x| cx.one_of(x, &key(&p, "per"), &["occurrence", "month"]))
                .map(|x| {
                    if x == "month" {
                        TriggerPer::Month
                    } else {
                        TriggerPer::Occurrence
                    }
                });
            if let (Some(name), Some(severities), Some(clock), Some(percent), Some(per)) =
                (tname, sevs, clock, pct, per)
            {
                triggers.push(CreditTrigger {
                    id: tid,
                    name,
                    severities,
                    clock,
                    percent,
                    per,
                });
            }
        }
    }
    let caps = match m.get("caps") {
        None | Some(Value::Null) => Some(CreditCaps::default()),
        Some(cv) => {
            let cp = key(path, "caps");
            cx.object(cv, &cp, &["per_month", "per_contract_year"])
                .map(|cm| CreditCaps {
                    per_month: percent(cx, cm, &cp, "per_month", false),
                    per_contract_year: percent(cx, cm, &cp, "per_contract_year", false),
                })
        }
    };
    if bands.is_empty()
        && triggers.is_empty()
        && !m.contains_key("bands")
        && !m.contains_key("triggers")
    {
        cx.err(path, "expected `bands`, `triggers` or both");
    }
    Some(CreditSchedule {
        id,
        name: name?,
        source,
        basis: basis?,
        bands: bands.into_iter().map(|(_, b)| b).collect(),
        triggers,
        caps: caps?,
    })
}

fn read_named(cx: &mut Ctx, m: Obj<'_>, field: &str) -> Vec<(Id, Text)> {
    let mut out = Vec::new();
    let path = key("$", field);
    let Some(v) = cx.req(m, "$", field) else {
        return out;
    };
    for (id, p, item) in entries(cx, v, &path) {
        let Some(im) = cx.object(item, &p, &["id", "name"]) else {
            continue;
        };
        if let Some(name) = req_text(cx, im, &p, "name") {
            out.push((id, name));
        }
    }
    out
}

fn read_mark(cx: &mut Ctx, v: &Value, path: &str) -> Option<Mark> {
    let s = cx.str(v, path)?;
    match s.as_str() {
        "○" | "O" | "o" | "supported" => Some(Mark::Supported),
        "△" | "selective" => Some(Mark::Selective),
        "X" | "x" | "×" | "not_supported" => Some(Mark::NotSupported),
        "–" | "-" | "not_applicable" => Some(Mark::NotApplicable),
        _ => {
            cx.err(
                path,
                format!("{s:?} is not a coverage mark (expected ○, △, X or –)"),
            );
            None
        }
    }
}

fn read_calendar(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: &str,
    default_zone: Option<&Zone>,
    closures: &[(Date, Text)],
) -> Option<CalendarDef> {
    let m = cx.object(
        v,
        path,
        &["id", "name", "timezone", "weekly", "holidays", "closures"],
    )?;
    let name = req_text(cx, m, path, "name");
    let zone = match cx.opt_str(m, path, "timezone") {
        Some(z) => match Zone::parse(&z) {
            Ok(z) => Some(z),
            Err(e) => {
                cx.err(&key(path, "timezone"), e.to_string());
                None
            }
        },
        None => default_zone.cloned(),
    };
    let weekly = cx
        .req(m, path, "weekly")
        .and_then(|w| weekly_hours(cx, w, &key(path, "weekly")));
    let mut closed = Map::new();
    if let Some(h) = m.get("holidays") {
        holidays(cx, h, &key(path, "holidays"), &mut closed);
    }
    if cx.opt_bool(m, path, "closures", false) {
        for (d, n) in closures {
            closed.get_or_insert_with(*d, || n.clone());
        }
    }
    let (name, zone, weekly) = (name?, zone?, weekly?);
    match Calendar::new(zone, weekly, closed) {
        Ok(calendar) => Some(CalendarDef {
            id: id.to_owned(),
            name,
            calendar,
        }),
        Err(e) => {
            cx.err(path, e.to_string());
            None
        }
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Reads weekly hours: `"24x7"` or `{"mon": [["08:00","18:00"]], …, "sun": []}`.
pub(crate) fn weekly_hours(cx: &mut Ctx, v: &Value, path: &str) -> Option<WeeklyHours> {
    if let Value::String(s) = v {
        if s == "24x7" || s == "24×7" {
            return Some(WeeklyHours::always());
        }
        cx.err(
            path,
            format!("{s:?} is not \"24x7\"; give windows per weekday instead"),
        );
        return None;
    }
    let m = cx.object(v, path, &WEEKDAYS)?;
    let mut days: [Vec<Window>; 7] = Default::default();
    let mut ok = true;
    for (d, name) in WEEKDAYS.iter().enumerate() {
        let dp = key(path, name);
        let Some(list) = m.get(*name) else {
            cx.err(
                path,
                format!("missing field `{name}` (use [] for a closed day)"),
            );
            ok = false;
            continue;
        };
        let Some(items) = cx.array(list, &dp) else {
            ok = false;
            continue;
        };
        for (i, w) in items.iter().enumerate() {
            let wp = idx(&dp, i);
            let pair = cx.array(w, &wp);
            let parsed = match pair {
                Some([a, b]) => {
                    let a = cx.str(a, &idx(&wp, 0));
                    let b = cx.str(b, &idx(&wp, 1));
                    match (a, b) {
                        (Some(a), Some(b)) => match parse_time_of_day(&a)
                            .and_then(|o| parse_time_of_day(&b).and_then(|c| Window::new(o, c)))
                        {
                            Ok(w) => Some(w),
                            Err(e) => {
                                cx.err(&wp, e.to_string());
                                None
                            }
                        },
                        _ => None,
                    }
                }
                Some(_) => {
                    cx.err(&wp, "expected a pair [\"HH:MM\", \"HH:MM\"]");
                    None
                }
                None => None,
            };
            match (parsed, days.get_mut(d)) {
                (Some(w), Some(day)) => day.push(w),
                _ => ok = false,
            }
        }
    }
    if !ok {
        return None;
    }
    match WeeklyHours::new(days) {
        Ok(w) => Some(w),
        Err(e) => {
            cx.err(path, e.to_string());
            None
        }
    }
}

/// Reads holidays: a list of dates used exactly as given, or
/// `{"builtin": "KR", "add": [{date, name}], "remove": [dates]}`.
pub(crate) fn holidays(cx: &mut Ctx, v: &Value, path: &str, closed: &mut Map<Date, Text>) {
    if let Value::Array(items) = v {
        for (i, item) in items.iter().enumerate() {
            let p = idx(path, i);
            match item {
                Value::String(_) => {
                    if let Some(d) = cx.date(item, &p) {
                        closed.insert(d, Text::same(""));
                    }
                }
                _ => {
                    if let Some(hm) = cx.object(item, &p, &["date", "name"]) {
                        let d = cx.req_date(hm, &p, "date");
                        let n = opt_text(cx, hm, &p, "name");
                        if let Some(d) = d {
                            closed.insert(d, n.unwrap_or_else(|| Text::same("")));
                        }
                    }
                }
            }
        }
        return;
    }
    let Some(m) = cx.object(v, path, &["builtin", "add", "remove"]) else {
        return;
    };
    if let Some(b) = m.get("builtin")
        && cx.one_of(b, &key(path, "builtin"), &["KR"]).is_some()
    {
        for h in all_korean_public_holidays() {
            closed.insert(h.date, Text::new(h.name_ko, h.name_en));
        }
    }
    for (i, item) in cx.opt_array(m, path, "add").iter().enumerate() {
        let p = idx(&key(path, "add"), i);
        if let Some(hm) = cx.object(item, &p, &["date", "name"]) {
            let d = cx.req_date(hm, &p, "date");
            let n = req_text(cx, hm, &p, "name");
            if let (Some(d), Some(n)) = (d, n) {
                closed.insert(d, n);
            }
        }
    }
    for (i, item) in cx.opt_array(m, path, "remove").iter().enumerate() {
        let p = idx(&key(path, "remove"), i);
        if let Some(d) = cx.date(item, &p)
            && closed.remove(&d).is_none()
        {
            cx.err(
                &p,
                format!("{d} is not a holiday of this calendar, so it can't be removed"),
            );
        }
    }
}

fn read_question(cx: &mut Ctx, v: &Value, path: &str, id: Id) -> Option<Question> {
    let m = cx.object(
        v,
        path,
        &[
            "id",
            "text",
            "help",
            "type",
            "min",
            "max",
            "unit",
            "options",
            "required",
            "shown_when",
        ],
    )?;
    let text_v = req_text(cx, m, path, "text");
    let help = opt_text(cx, m, path, "help");
    let kind_s = cx.req(m, path, "type").and_then(|t| {
        cx.one_of(
            t,
            &key(path, "type"),
            &["yes_no", "number", "choice", "multi", "text"],
        )
    })?;
    let options = |cx: &mut Ctx| -> Vec<Choice> {
        let mut out = Vec::new();
        let Some(ov) = cx.req(m, path, "options") else {
            return out;
        };
        for (oid, p, item) in entries(cx, ov, &key(path, "options")) {
            if let Some(om) = cx.object(item, &p, &["id", "label"])
                && let Some(label) = req_text(cx, om, &p, "label")
            {
                out.push(Choice { id: oid, label });
            }
        }
        if out.is_empty() {
            cx.err(&key(path, "options"), "expected at least one option");
        }
        out
    };
    let kind = match kind_s.as_str() {
        "yes_no" => QuestionKind::YesNo,
        "number" => QuestionKind::Number {
            min: cx.opt_decimal(m, path, "min"),
            max: cx.opt_decimal(m, path, "max"),
            unit: opt_text(cx, m, path, "unit"),
        },
        "choice" => QuestionKind::Choice(options(cx)),
        "multi" => QuestionKind::Multi(options(cx)),
        _ => QuestionKind::Text,
    };
    let required = cx.opt_bool(m, path, "required", false);
    Some(Question {
        id,
        text: text_v?,
        help,
        kind,
        required,
        shown_when: None,
    })
}

struct Refs<'a> {
    questions: &'a [Question],
    categories: &'a [Category],
    services: &'a [Service],
    products: &'a [Product],
}

fn read_category(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: Id,
    refs: &Refs<'_>,
    severities: &[String],
) -> Option<Category> {
    let m = cx.object(
        v,
        path,
        &[
            "id",
            "name",
            "description",
            "service",
            "clause",
            "kind",
            "questions",
            "severity",
            "limit",
        ],
    )?;
    let name = req_text(cx, m, path, "name");
    let description = opt_text(cx, m, path, "description");
    let service = cx.req(m, path, "service").and_then(|s| {
        let ids: Vec<&str> = refs.services.iter().map(|s| s.id.as_str()).collect();
        cx.one_of(s, &key(path, "service"), &ids)
    });
    let clause = cx.opt_str(m, path, "clause");
    let kind = cx.req(m, path, "kind").and_then(|k| {
        cx.one_of(
            k,
            &key(path, "kind"),
            &["service_request", "incident", "change_request"],
        )
    });
    let kind = kind.map(|k| match k.as_str() {
        "incident" => RequestKind::Incident,
        "change_request" => RequestKind::ChangeRequest,
        _ => RequestKind::ServiceRequest,
    });
    let mut questions = Vec::new();
    if let Some(qv) = m.get("questions") {
        let qp = key(path, "questions");
        for (i, q) in cx.strings(qv, &qp).into_iter().enumerate() {
            if refs.questions.iter().any(|x| x.id == q) {
                questions.push(q);
            } else {
                cx.err(
                    &idx(&qp, i),
                    format!(
                        "{q:?} is not a question (known: {})",
                        join(refs.questions.iter().map(|q| q.id.as_str()))
                    ),
                );
            }
        }
    }
    let severity = match cx.req(m, path, "severity") {
        Some(Value::String(s)) if s == "ask" => Some(SeverityMode::Ask),
        Some(sv) => {
            let ids: Vec<&str> = severities.iter().map(String::as_str).collect();
            let mut allowed = vec!["ask"];
            allowed.extend(ids);
            cx.one_of(sv, &key(path, "severity"), &allowed)
                .map(SeverityMode::Fixed)
        }
        None => None,
    };
    let limit = match m.get("limit") {
        None | Some(Value::Null) => None,
        Some(lv) => {
            let lp = key(path, "limit");
            let lm = cx.object(
                lv,
                &lp,
                &["per_year", "per_year_from_contract", "counts_at"],
            );
            lm.and_then(|lm| {
                let fixed = cx.opt_count(lm, &lp, "per_year");
                let from = cx.opt_str(lm, &lp, "per_year_from_contract");
                let source = match (fixed, from) {
                    (Some(n), None) => Some(LimitSource::Fixed(n)),
                    (None, Some(f)) => Some(LimitSource::FromContract(f)),
                    _ => {
                        cx.err(
                            &lp,
                            "expected exactly one of `per_year` (a number) or \
                             `per_year_from_contract` (a yearly_counts key)",
                        );
                        None
                    }
                };
                let counts_at = cx
                    .req(lm, &lp, "counts_at")
                    .and_then(|c| {
                        cx.one_of(c, &key(&lp, "counts_at"), &["submission", "completion"])
                    })
                    .map(|c| {
                        if c == "completion" {
                            CountsAt::Completion
                        } else {
                            CountsAt::Submission
                        }
                    });
                Some(Limit {
                    per_year: source?,
                    counts_at: counts_at?,
                })
            })
        }
    };
    Some(Category {
        id,
        name: name?,
        description,
        service: service?,
        clause,
        kind: kind?,
        questions,
        severity: severity?,
        limit,
    })
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
                    cx.err(
                        &key(&ep, "requires_addon"),
                        format!("{a:?} is not an add-on"),
                    );
                    return None;
                }
                if let Some(f) = cx.opt_str(em, &ep, "requires_feature") {
                    if features.iter().any(|(id, _)| *id == f) {
                        return Some(Effect::RequiresFeature(f));
                    }
                    cx.err(
                        &key(&ep, "requires_feature"),
                        format!("{f:?} is not a feature"),
                    );
                    return None;
                }
                cx.err(&ep, "expected `requires_addon` or `requires_feature`");
                None
            }),
        Some(other) => {
            cx.err(
                &ep,
                format!(
                    "expected \"exclude\", \"selective\", {{\"requires_addon\": …}} or \
                     {{\"requires_feature\": …}}, found {}",
                    show(other)
                ),
            );
            None
        }
        None => None,
    };
    let waived_by = cx.opt_str(m, path, "waived_by");
    if let Some(w) = &waived_by {
        match refs.questions.iter().find(|q| q.id == *w) {
            Some(q) if q.kind == QuestionKind::YesNo => {}
            Some(_) => cx.err(
                &key(path, "waived_by"),
                format!("{w:?} is not a yes/no question"),
            ),
            None => cx.err(&key(path, "waived_by"), format!("{w:?} is not a question")),
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

fn read_tier(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: Id,
    calendars: &Set<String>,
    features: &[(Id, Text)],
) -> Option<Tier> {
    let m = cx.object(
        v,
        path,
        &[
            "id",
            "name",
            "calendar",
            "window_label",
            "fee_rate",
            "features",
            "onsite_visits",
            "temporary_upgrade",
        ],
    )?;
    let name = req_text(cx, m, path, "name");
    let calendar = cx.req_str(m, path, "calendar").and_then(|c| {
        if calendars.contains(&c) {
            Some(c)
        } else {
            cx.err(
                &key(path, "calendar"),
                format!(
                    "{c:?} is not a calendar (known: {})",
                    join(calendars.iter())
                ),
            );
            None
        }
    });
    let window_label = cx.req_str(m, path, "window_label");
    let fee_rate = match m.get("fee_rate") {
        None | Some(Value::Null) => None,
        Some(fv) => {
            let fp = key(path, "fee_rate");
            cx.object(fv, &fp, &["min", "max"]).and_then(|fm| {
                let lo = cx.req_decimal(fm, &fp, "min")?;
                let hi = cx.req_decimal(fm, &fp, "max")?;
                if lo > hi {
                    cx.err(&fp, format!("min {lo} is above max {hi}"));
                    return None;
                }
                Some((lo, hi))
            })
        }
    };
    let mut feats = Vec::new();
    if let Some(fv) = m.get("features") {
        let fp = key(path, "features");
        for (i, f) in cx.strings(fv, &fp).into_iter().enumerate() {
            if features.iter().any(|(id, _)| *id == f) {
                feats.push(f);
            } else {
                cx.err(&idx(&fp, i), format!("{f:?} is not a feature"));
            }
        }
    }
    let onsite_visits = opt_text(cx, m, path, "onsite_visits");
    let temporary_upgrade = match m.get("temporary_upgrade") {
        None | Some(Value::Null) => None,
        Some(uv) => {
            let up = key(path, "temporary_upgrade");
            cx.object(uv, &up, &["calendar", "hourly"]).and_then(|um| {
                let c = cx.req_str(um, &up, "calendar");
                let h = cx.req_decimal(um, &up, "hourly");
                let c = c?;
                if !calendars.contains(&c) {
                    cx.err(&key(&up, "calendar"), format!("{c:?} is not a calendar"));
                    return None;
                }
                Some(TemporaryUpgrade {
                    calendar: c,
                    hourly: h?,
                })
            })
        }
    };
    Some(Tier {
        id,
        name: name?,
        calendar: calendar?,
        window_label: window_label?,
        fee_rate,
        features: feats,
        onsite_visits,
        temporary_upgrade,
    })
}

fn ids_in<'a>(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    what: &str,
) -> Vec<Id> {
    let mut out = Vec::new();
    for (i, s) in cx.strings(v, path).into_iter().enumerate() {
        if known.clone().any(|k| k == s) {
            out.push(s);
        } else {
            cx.err(
                &idx(path, i),
                format!(
                    "{s:?} is not a {what} (known: {})",
                    known.clone().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    out
}

fn condition(cx: &mut Ctx, v: &Value, path: &str, refs: &Refs<'_>) -> Option<Condition> {
    if let Value::String(s) = v {
        if s == "always" {
            return Some(Condition::Always);
        }
        cx.err(
            path,
            format!("{s:?} is not a condition (\"always\" or an object)"),
        );
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
        cx.err(
            path,
            "expected exactly one of `answer`, `category`, `service`, `product`, `all`, `any`, `not`",
        );
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
            "category",
        ))),
        "service" => Some(Condition::Service(ids_in(
            cx,
            m.get("service")?,
            &key(path, "service"),
            refs.services.iter().map(|c| c.id.as_str()),
            "service",
        ))),
        "product" => Some(Condition::Product(ids_in(
            cx,
            m.get("product")?,
            &key(path, "product"),
            refs.products.iter().map(|c| c.id.as_str()),
            "product",
        ))),
        _ => answer_test(cx, m, path, refs),
    }
}

fn answer_test(cx: &mut Ctx, m: Obj<'_>, path: &str, refs: &Refs<'_>) -> Option<Condition> {
    let qid = cx.req_str(m, path, "answer")?;
    let Some(q) = refs.questions.iter().find(|q| q.id == qid) else {
        cx.err(
            &key(path, "answer"),
            format!(
                "{qid:?} is not a question (known: {})",
                join(refs.questions.iter().map(|q| q.id.as_str()))
            ),
        );
        return None;
    };
    let tests: Vec<&str> = ["is", "in", "at_least", "below", "contains", "answered"]
        .into_iter()
        .filter(|k| m.contains_key(*k))
        .collect();
    let [t] = tests.as_slice() else {
        cx.err(
            path,
            "expected exactly one test: `is`, `in`, `at_least`, `below`, `contains` or `answered`",
        );
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
                "option",
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
            cx.err(
                &tp,
                format!(
                    "the test `{t}` does not fit question {qid:?}, which is {}",
                    kind_name(&q.kind)
                ),
            );
            return None;
        }
    };
    Some(Condition::Answer(qid, test))
}

fn kind_name(k: &QuestionKind) -> &'static str {
    match k {
        QuestionKind::YesNo => "a yes/no question",
        QuestionKind::Number { .. } => "a number question",
        QuestionKind::Choice(_) => "a single-choice question",
        QuestionKind::Multi(_) => "a multiple-choice question",
        QuestionKind::Text => "a free-text question",
    }
}

/// Loads and validates one contract file against its catalog.
///
/// # Errors
///
/// Every problem in the file, including references the catalog does not know.
pub fn load_contract_json(
    file: &str,
    text_in: &str,
    catalog: &Catalog,
) -> Result<Contract, Problems> {
    let mut cx = Ctx::new(file);
    let contract = cx
        .parse(text_in)
        .and_then(|v| read_contract(&mut cx, &v, catalog));
    match contract {
        Some(c) if cx.problems.is_empty() => Ok(c),
        _ => Err(Problems(cx.problems)),
    }
}

fn read_contract(cx: &mut Ctx, v: &Value, catalog: &Catalog) -> Option<Contract> {
    let m = cx.object(
        v,
        "$",
        &[
            "schema_version",
            "id",
            "version",
            "vendor",
            "institution",
            "built_on",
            "branches",
            "products",
            "tier",
            "period",
            "terminated_on",
            "addons",
            "yearly_counts",
            "limits",
            "contract_year",
            "fee",
            "credit_schedule",
        ],
    )?;
    schema_version(cx, m);
    let id = cx.req_str(m, "$", "id");
    let credit_schedule = cx.opt_str(m, "$", "credit_schedule");
    let version = cx.req_str(m, "$", "version");
    if let Some(vendor) = cx.req_str(m, "$", "vendor")
        && vendor != catalog.vendor_id
    {
        cx.err(
            "$.vendor",
            format!(
                "{vendor:?} is not the vendor of this catalog ({:?})",
                catalog.vendor_id
            ),
        );
    }
    let institution = req_text(cx, m, "$", "institution");
    let built_on = cx.opt_date(m, "$", "built_on");

    let mut branches = Vec::new();
    if let Some(bv) = cx.req(m, "$", "branches") {
        for (bid, p, item) in entries(cx, bv, "$.branches") {
            let Some(bm) = cx.object(item, &p, &["id", "name", "opened", "addendum"]) else {
                continue;
            };
            let name = req_text(cx, bm, &p, "name");
            let opened = cx.opt_date(bm, &p, "opened");
            let addendum = cx.opt_date(bm, &p, "addendum");
            if let Some(name) = name {
                branches.push(Branch {
                    id: bid,
                    name,
                    opened,
                    addendum,
                });
            }
        }
        if branches.is_empty() && cx.problems.is_empty() {
            cx.err("$.branches", "expected at least one branch");
        }
    }

    let mut products = Vec::new();
    for (i, item) in cx
        .req_array(m, "$", "products")
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let p = idx("$.products", i);
        let Some(pm) = cx.object(item, &p, &["product", "version"]) else {
            continue;
        };
        let prod = cx.req_str(pm, &p, "product");
        let ver = cx.req_str(pm, &p, "version");
        let (Some(prod), Some(ver)) = (prod, ver) else {
            continue;
        };
        match catalog.product(&prod) {
            None => cx.err(
                &key(&p, "product"),
                format!(
                    "{prod:?} is not a product of {} (known: {})",
                    catalog.vendor_id,
                    join(catalog.products.iter().map(|p| &p.id))
                ),
            ),
            Some(pd) if !pd.versions.contains(&ver) => cx.err(
                &key(&p, "version"),
                format!(
                    "{ver:?} is not a version of {prod} (known: {})",
                    pd.versions.join(", ")
                ),
            ),
            Some(_) => products.push(Installed {
                product: prod,
                version: ver,
            }),
        }
    }

    let tier = cx.req_str(m, "$", "tier").and_then(|t| {
        if catalog.tier(&t).is_some() {
            Some(t)
        } else {
            cx.err(
                "$.tier",
                format!(
                    "{t:?} is not a tier (known: {})",
                    join(catalog.tiers.iter().map(|t| &t.id))
                ),
            );
            None
        }
    });

    let period = cx.req(m, "$", "period").and_then(|pv| {
        let p = "$.period";
        let pm = cx.object(pv, p, &["kind", "start", "end"])?;
        let kind = cx
            .req(pm, p, "kind")
            .and_then(|k| cx.one_of(k, "$.period.kind", &["maintenance", "warranty"]));
        let start = cx.req_date(pm, p, "start");
        let end = cx.req_date(pm, p, "end");
        let (kind, start, end) = (kind?, start?, end?);
        if end < start {
            cx.err("$.period.end", format!("{end} is before the start {start}"));
            return None;
        }
        let kind = if kind == "warranty" {
            PeriodKind::Warranty
        } else {
            PeriodKind::Maintenance
        };
        Some((kind, start, end))
    });
    let terminated_on = cx.opt_date(m, "$", "terminated_on");

    let addons = m
        .get("addons")
        .map(|a| {
            ids_in(
                cx,
                a,
                "$.addons",
                catalog.addons.iter().map(|a| a.id.as_str()),
                "add-on",
            )
        })
        .unwrap_or_default();

    let mut yearly_counts = Map::new();
    if let Some(yv) = m.get("yearly_counts")
        && let Some(ym) = cx.object(yv, "$.yearly_counts", &count_keys(catalog))
    {
        for (k, n) in ym {
            if let Some(n) = cx.count(n, &key("$.yearly_counts", k)) {
                yearly_counts.insert(k.clone(), n);
            }
        }
    }
    for c in &catalog.categories {
        if let Some(Limit {
            per_year: LimitSource::FromContract(k),
            ..
        }) = &c.limit
            && !yearly_counts.contains_key(k)
        {
            cx.err(
                "$.yearly_counts",
                format!(
                    "missing `{k}` (category {:?} takes its yearly limit from it)",
                    c.id
                ),
            );
        }
    }

    let mut limits = Map::new();
    if let Some(lv) = m.get("limits") {
        let limited: Vec<&str> = catalog
            .categories
            .iter()
            .filter(|c| {
                matches!(
                    c.limit,
                    Some(Limit {
                        per_year: LimitSource::Fixed(_),
                        ..
                    })
                )
            })
            .map(|c| c.id.as_str())
            .collect();
        if let Some(lm) = cx.object(lv, "$.limits", &limited) {
            for (k, n) in lm {
                if let Some(n) = cx.count(n, &key("$.limits", k)) {
                    limits.insert(k.clone(), n);
                }
            }
        }
    }

    let contract_year = match m.get("contract_year") {
        None | Some(Value::Null) => period.map(|(_, s, _)| ContractYear::Anniversary(s)),
        Some(Value::String(s)) if s == "calendar" => Some(ContractYear::Calendar),
        Some(Value::String(s)) if s == "anniversary" => {
            period.map(|(_, s, _)| ContractYear::Anniversary(s))
        }
        Some(cy) => {
            let cp = "$.contract_year";
            cx.object(cy, cp, &["anniversary_of"]).and_then(|cm| {
                cx.req_date(cm, cp, "anniversary_of")
                    .map(ContractYear::Anniversary)
            })
        }
    };

    let fee = cx.req(m, "$", "fee").and_then(|fv| {
        let p = "$.fee";
        let fm = cx.object(fv, p, &["licence", "annual", "billing", "monthly"])?;
        let mut monthly = Map::new();
        match fm.get("monthly") {
            None | Some(Value::Null) | Some(Value::Object(_)) => {}
            Some(other) => cx.err(
                "$.fee.monthly",
                format!(
                    "expected an object {{\"YYYY-MM\": amount}}, found {}",
                    show(other)
                ),
            ),
        }
        if let Some(Value::Object(mm)) = fm.get("monthly") {
            for (k, amount) in mm {
                let kp = key("$.fee.monthly", k);
                let month = YearMonth::parse(k);
                let amount = cx.decimal(amount, &kp);
                match (month, amount) {
                    (None, _) => cx.err(&kp, format!("{k:?} is not a month YYYY-MM")),
                    (Some(mo), Some(a)) if a >= Decimal::ZERO => {
                        monthly.insert(mo, a);
                    }
                    (Some(_), Some(a)) => cx.err(&kp, format!("{a} is negative")),
                    (Some(_), None) => {}
                }
            }
        }
        let licence = cx.opt_decimal(fm, p, "licence");
        let annual = cx.req_decimal(fm, p, "annual");
        let billing = cx
            .req(fm, p, "billing")
            .and_then(|b| cx.one_of(b, "$.fee.billing", &["annual", "quarterly"]))
            .map(|b| {
                if b == "quarterly" {
                    Billing::Quarterly
                } else {
                    Billing::Annual
                }
            });
        Some(Fee {
            licence,
            annual: annual?,
            billing: billing?,
            monthly,
        })
    });

    let (period_kind, start, end) = period?;
    Some(Contract {
        id: id?,
        version: version?,
        institution: institution?,
        built_on,
        branches,
        products,
        tier: tier?,
        period_kind,
        start,
        end,
        terminated_on,
        addons,
        yearly_counts,
        limits,
        contract_year: contract_year?,
        fee: fee?,
        credit_schedule,
    })
}

fn count_keys(catalog: &Catalog) -> Vec<&str> {
    let mut keys: Vec<&str> = catalog
        .categories
        .iter()
        .filter_map(|c| match &c.limit {
            Some(Limit {
                per_year: LimitSource::FromContract(k),
                ..
            }) => Some(k.as_str()),
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut keys, |a, b| a.cmp(b));
    keys.dedup();
    keys
}

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
                cx.err(&at, format!("duplicate request id {:?}", r.id));
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
fn datetime(cx: &mut Ctx, v: &Value, path: &str, zone: &Zone) -> Option<DateTime> {
    let s = cx.str(v, path)?;
    match zone.parse_local(&s) {
        Ok(d) => Some(d),
        Err(e) => {
            cx.err(path, e.to_string());
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

/// The catalog's default zone (the zone of its first calendar, else Seoul).
pub fn catalog_zone(catalog: &Catalog) -> Zone {
    catalog
        .calendars
        .values()
        .next()
        .map(|c| c.calendar.zone().clone())
        .unwrap_or_else(Zone::seoul)
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
            cx.err(
                &key(path, "category"),
                format!(
                    "{c:?} is not a request category (known: {})",
                    join(catalog.categories.iter().map(|c| &c.id))
                ),
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
        cx.err(
            path,
            "a completed request needs `completed` (when it was done)",
        );
    }
    if let (Some(s), Some(c)) = (submitted, completed)
        && c < s
    {
        cx.err(
            &key(path, "completed"),
            format!("{c} is before it was submitted ({s})"),
        );
    }
    let paid = cx.opt_bool(m, path, "paid", false);
    let severity = cx.opt_str(m, path, "severity").and_then(|s| {
        if catalog.severity(&s).is_some() {
            Some(s)
        } else {
            cx.err(&key(path, "severity"), format!("{s:?} is not a severity"));
            None
        }
    });
    let wanted_by = cx.opt_date(m, path, "wanted_by");
    let rework = cx.opt_bool(m, path, "rework", false);
    let complaint = cx.opt_bool(m, path, "complaint", false);
    let restored = opt_datetime(cx, m, path, "restored", zone);
    if let (Some(s), Some(r)) = (submitted, restored)
        && r < s
    {
        cx.err(
            &key(path, "restored"),
            format!("{r} is before it was submitted ({s})"),
        );
    }
    let person_days = cx.opt_decimal(m, path, "person_days");
    if let Some(pd) = person_days
        && pd < Decimal::ZERO
    {
        cx.err(&key(path, "person_days"), format!("{pd} is negative"));
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
                cx.err(&p, "expected a pair of local times [\"from\", \"to\"]");
                continue;
            }
        };
        if let (Some(from), Some(to)) = ends {
            match Pause::new(from, to) {
                Ok(pause) => out.push(pause),
                Err(e) => cx.err(&p, e.to_string()),
            }
        }
    }
    out
}

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
                    cx.err(
                        &key(&p, "id"),
                        format!("duplicate outage id {:?}", o.id.clone().unwrap_or_default()),
                    );
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
        cx.err(
            &key(path, "end"),
            format!("{end} is not after the start {start}"),
        );
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

fn read_cases(
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
                cx.err(&key(&p, "contract"), format!("{c:?} is not a contract"));
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
