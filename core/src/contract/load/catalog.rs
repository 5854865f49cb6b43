//! The catalog file: vendor, clauses and settings, products, services, the coverage
//! matrix, questions, categories, severities, tiers and their targets, escalations,
//! pricing; service-credit schedules are `credit_schedules`'.

use super::calendars::{read_calendars, read_closures};
use super::credit_schedules::read_credit_schedules;
use super::rules::{Refs, Written, condition, read_rules, read_severity_rules};
use super::*;
use crate::calendar::Zone;
use crate::problem::{Code, Expected, Ref};

fn span(cx: &mut Ctx, v: &Value, path: &str) -> Option<Span> {
    let m = cx.object(v, path, &["minutes", "hours", "business_days"])?;
    if m.len() != 1 {
        let fields = owned(&["minutes", "hours", "business_days"]);
        cx.report(path, Code::ExactlyOneOf { fields });
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

/// `"tier"` or a calendar's id; a calendar in `written` that failed to read passes
/// without a problem and without a value.
fn clock_on(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    calendars: &Set<String>,
    written: &Written,
) -> Option<ClockOn> {
    let s = cx.str(v, path)?;
    if s == "tier" {
        return Some(ClockOn::Tier);
    }
    if calendars.contains(&s) {
        Some(ClockOn::Calendar(s))
    } else if written.calendars.contains(s.as_str()) {
        None
    } else {
        let mut options = vec!["tier".to_owned()];
        options.extend(calendars.iter().cloned());
        cx.report(path, Code::NotOneOf { value: s, options });
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
    "lifecycle",
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
            let code = Code::AboveMaximum {
                value: days.into(),
                max: 3660.into(),
            };
            cx.report(&key(at, "renewal_warning_days"), code);
        } else {
            settings.renewal_warning_days = days;
        }
    }
    if let Some(share) = cx.opt_decimal(sm, at, "at_risk_share") {
        if share > Decimal::ZERO && share < Decimal::ONE {
            settings.at_risk_share = share;
        } else {
            let code = Code::OutOfRange {
                value: share,
                min: Decimal::ZERO,
                max: Decimal::ONE,
            };
            cx.report(&key(at, "at_risk_share"), code);
        }
    }
    settings
}

fn read_catalog(cx: &mut Ctx, v: &Value) -> Option<Catalog> {
    let m = cx.object(v, "$", CATALOG_FIELDS)?;
    let written = Written::of(m);
    schema_version(cx, m);
    let (vendor_id, vendor_name, terms) = read_vendor(cx, m);
    let version = cx.req_str(m, "$", "version");
    let clauses = read_clauses(cx, m);
    let settings = read_settings(cx, m);
    let zone = read_zone(cx, m);
    let closures = read_closures(cx, m);
    let calendars = read_calendars(cx, m, zone.as_ref(), &closures);
    let cal_ids: Set<String> = calendars.keys().cloned().collect();
    let products = read_products(cx, m);
    let services = read_services(cx, m);
    let coverage = read_coverage(cx, m, &services, &products, &written);
    // Conditions in `shown_when` are checked after all questions and categories are known.
    let (mut questions, shown_when_raw) = read_questions(cx, m);
    let addons = read_named(cx, m, "addons");
    let features = read_named(cx, m, "features");
    let clocks = super::lifecycle::read_clocks(cx, m);
    let request_lifecycle = super::lifecycle::read_lifecycle(cx, m);
    let severities = read_severities(cx, m);
    let sev_ids: Vec<String> = severities.iter().map(|s| s.id.clone()).collect();
    let refs = Refs {
        questions: &questions,
        categories: &[],
        services: &services,
        products: &products,
        written: &written,
    };
    let categories = read_categories(cx, m, &refs, &sev_ids);
    let refs = Refs {
        questions: &questions,
        categories: &categories,
        services: &services,
        products: &products,
        written: &written,
    };
    let mut resolved_shown = Vec::new();
    for (qi, p, sw) in shown_when_raw {
        if let Some(c) = condition(cx, sw, &p, &refs) {
            resolved_shown.push((qi, c));
        }
    }
    let rules = read_rules(cx, m, &refs, &addons, &features);
    let severity_rules = read_severity_rules(cx, m, &sev_ids, &refs);
    let tiers = read_tiers(cx, m, &cal_ids, &features, &written);
    let targets = read_targets(cx, m, (&severities, &tiers, &clocks), &cal_ids, &written);
    let escalations = read_escalations(cx, m, &sev_ids, &cal_ids, &written);
    let pricing = read_pricing(cx, m);
    let credit_schedules = read_credit_schedules(cx, m, &sev_ids, &clocks, &written);
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
        lifecycle: request_lifecycle,
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

/// `$.vendor`: its id, its name and what it calls its customers' staff and sites.
fn read_vendor(cx: &mut Ctx, m: Obj<'_>) -> (Option<Id>, Option<Text>, Terms) {
    let mut terms = Terms::default();
    let Some(v) = cx.req(m, "$", "vendor") else {
        return (None, None, terms);
    };
    let Some(vm) = cx.object(v, "$.vendor", &["id", "name", "terms"]) else {
        return (None, None, terms);
    };
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
        terms,
    )
}

/// `$.timezone`: the calendars' default zone, `Asia/Seoul` when absent.
fn read_zone(cx: &mut Ctx, m: Obj<'_>) -> Option<Zone> {
    let zone_name = cx
        .opt_str(m, "$", "timezone")
        .unwrap_or_else(|| "Asia/Seoul".to_owned());
    match Zone::parse(&zone_name) {
        Ok(z) => Some(z),
        Err(e) => {
            cx.report("$.timezone", Code::Calendar(e));
            None
        }
    }
}

/// `$.products`: each product with at least one version.
fn read_products(cx: &mut Ctx, m: Obj<'_>) -> Vec<Product> {
    let mut products = Vec::new();
    let Some(pv) = cx.req(m, "$", "products") else {
        return products;
    };
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
            let code = Code::Expected {
                what: Expected::NonEmptyArray,
                found: String::new(),
            };
            cx.report(&key(&p, "versions"), code);
        }
        if let Some(name) = name {
            products.push(Product { id, name, versions });
        }
    }
    products
}

/// `$.services`: the rows of the coverage matrix.
fn read_services(cx: &mut Ctx, m: Obj<'_>) -> Vec<Service> {
    let mut services = Vec::new();
    let Some(sv) = cx.req(m, "$", "services") else {
        return services;
    };
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
    services
}

/// `$.coverage`: `{service: {product: mark | {version: mark}}}`, a mark for every
/// service, product and version.
fn read_coverage(
    cx: &mut Ctx,
    m: Obj<'_>,
    services: &[Service],
    products: &[Product],
    written: &Written,
) -> Map<(Id, Id, Id), Mark> {
    let mut coverage = Map::new();
    let Some(cv) = cx.req(m, "$", "coverage") else {
        return coverage;
    };
    let service_ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
    let Some((cm, missing_rows)) = keyed(cx, cv, "$.coverage", &service_ids, &written.services)
    else {
        return coverage;
    };
    for s in services {
        let sp = key("$.coverage", &s.id);
        let Some(row) = cm.get(&s.id) else {
            if missing_rows.contains(&s.id) {
                let field = s.id.clone();
                cx.report("$.coverage", Code::MissingField { field });
            }
            continue;
        };
        let product_ids: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
        let Some((rm, missing)) = keyed(cx, row, &sp, &product_ids, &written.products) else {
            continue;
        };
        for p in products {
            let pp = key(&sp, &p.id);
            match rm.get(&p.id) {
                None if !missing.contains(&p.id) => {}
                None => cx.report(
                    &sp,
                    Code::MissingField {
                        field: p.id.clone(),
                    },
                ),
                Some(Value::String(_)) => {
                    if let Some(mark) = rm.get(&p.id).and_then(|v| read_mark(cx, v, &pp)) {
                        for ver in &p.versions {
                            coverage.insert((s.id.clone(), p.id.clone(), ver.clone()), mark);
                        }
                    }
                }
                Some(v) => read_version_marks(cx, v, &pp, s, p, &mut coverage),
            }
        }
    }
    coverage
}

/// A coverage cell given per version: `{version: mark}`, one for each of the
/// product's versions.
fn read_version_marks(
    cx: &mut Ctx,
    v: &Value,
    pp: &str,
    s: &Service,
    p: &Product,
    coverage: &mut Map<(Id, Id, Id), Mark>,
) {
    let vers: Vec<&str> = p.versions.iter().map(String::as_str).collect();
    let Some((vm, missing)) = keyed(cx, v, pp, &vers, &Set::new()) else {
        return;
    };
    for ver in &p.versions {
        match vm.get(ver) {
            Some(mv) => {
                if let Some(mark) = read_mark(cx, mv, &key(pp, ver)) {
                    coverage.insert((s.id.clone(), p.id.clone(), ver.clone()), mark);
                }
            }
            None if !missing.contains(ver) => {}
            None => cx.report(pp, Code::MissingField { field: ver.clone() }),
        }
    }
}

/// A question's `shown_when` before it is read: the question's position, the JSON
/// path and the raw condition.
type ShownWhen<'v> = (usize, String, &'v Value);

/// `$.questions`, with the `shown_when` conditions left to read once the categories
/// they may name are known.
fn read_questions<'v>(cx: &mut Ctx, m: Obj<'v>) -> (Vec<Question>, Vec<ShownWhen<'v>>) {
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
    (questions, shown_when_raw)
}

/// `$.severities`, most severe first.
fn read_severities(cx: &mut Ctx, m: Obj<'_>) -> Vec<SeverityDef> {
    let mut severities = Vec::new();
    let Some(sv) = cx.req(m, "$", "severities") else {
        return severities;
    };
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
    severities
}

/// `$.categories`.
fn read_categories(cx: &mut Ctx, m: Obj<'_>, refs: &Refs<'_>, sev_ids: &[String]) -> Vec<Category> {
    let mut categories = Vec::new();
    let Some(cv) = cx.req(m, "$", "categories") else {
        return categories;
    };
    for (id, p, item) in entries(cx, cv, "$.categories") {
        if let Some(c) = read_category(cx, item, &p, id, refs, sev_ids) {
            categories.push(c);
        }
    }
    categories
}

/// `$.tiers`, lowest first.
fn read_tiers(
    cx: &mut Ctx,
    m: Obj<'_>,
    cal_ids: &Set<String>,
    features: &[(Id, Text)],
    written: &Written,
) -> Vec<Tier> {
    let mut tiers = Vec::new();
    let Some(tv) = cx.req(m, "$", "tiers") else {
        return tiers;
    };
    for (id, p, item) in entries(cx, tv, "$.tiers") {
        if let Some(t) = read_tier(cx, item, &p, id, (cal_ids, features), written) {
            tiers.push(t);
        }
    }
    tiers
}

/// `$.targets`: `{severity: {tier: {clock: {within, on, why}}}}`, complete.
fn read_targets(
    cx: &mut Ctx,
    m: Obj<'_>,
    (severities, tiers, clocks): (&[SeverityDef], &[Tier], &[ClockDef]),
    cal_ids: &Set<String>,
    written: &Written,
) -> Vec<TargetDef> {
    let mut targets = Vec::new();
    let Some(tv) = cx.req(m, "$", "targets") else {
        return targets;
    };
    let sev_strs: Vec<&str> = severities.iter().map(|s| s.id.as_str()).collect();
    let Some((tm, missing_rows)) = keyed(cx, tv, "$.targets", &sev_strs, &written.severities)
    else {
        return targets;
    };
    let tier_ids: Vec<&str> = tiers.iter().map(|t| t.id.as_str()).collect();
    let clock_ids: Vec<&str> = clocks.iter().map(|c| c.id.as_str()).collect();
    for sev in severities {
        let sp = key("$.targets", &sev.id);
        let Some(row) = tm.get(&sev.id) else {
            if missing_rows.contains(&sev.id) {
                let field = sev.id.clone();
                cx.report("$.targets", Code::MissingField { field });
            }
            continue;
        };
        let Some((rm, missing_cells)) = keyed(cx, row, &sp, &tier_ids, &written.tiers) else {
            continue;
        };
        for tier in tiers {
            let tp = key(&sp, &tier.id);
            let Some(cell) = rm.get(&tier.id) else {
                if missing_cells.contains(&tier.id) {
                    let field = tier.id.clone();
                    cx.report(&sp, Code::MissingField { field });
                }
                continue;
            };
            let Some((cm, missing)) = keyed(cx, cell, &tp, &clock_ids, &written.clocks) else {
                continue;
            };
            for clock in clocks {
                let Some(t) = cm.get(&clock.id) else {
                    if missing.contains(&clock.id) {
                        let field = clock.id.clone();
                        cx.report(&tp, Code::MissingField { field });
                    }
                    continue;
                };
                let cp = key(&tp, &clock.id);
                if let Some((within, on, why)) = read_target(cx, t, &cp, cal_ids, written) {
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
    targets
}

/// One target: `{within, on, why}`.
fn read_target(
    cx: &mut Ctx,
    t: &Value,
    cp: &str,
    cal_ids: &Set<String>,
    written: &Written,
) -> Option<(Span, ClockOn, Option<Text>)> {
    let tm = cx.object(t, cp, &["within", "on", "why"])?;
    let within = cx
        .req(tm, cp, "within")
        .and_then(|v| span(cx, v, &key(cp, "within")));
    let on = cx
        .req(tm, cp, "on")
        .and_then(|v| clock_on(cx, v, &key(cp, "on"), cal_ids, written));
    let why = opt_text(cx, tm, cp, "why");
    Some((within?, on?, why))
}

/// `$.escalations`, in order.
fn read_escalations(
    cx: &mut Ctx,
    m: Obj<'_>,
    sev_ids: &[String],
    cal_ids: &Set<String>,
    written: &Written,
) -> Vec<Escalation> {
    let mut escalations = Vec::new();
    for (i, item) in cx.opt_array(m, "$", "escalations").iter().enumerate() {
        let p = idx("$.escalations", i);
        let Some(em) = cx.object(item, &p, &["severity", "after", "on", "action"]) else {
            continue;
        };
        let sev = cx.req(em, &p, "severity").and_then(|v| {
            let ids: Vec<&str> = sev_ids.iter().map(String::as_str).collect();
            one_of_written(cx, v, &key(&p, "severity"), &ids, &written.severities)
        });
        let after = cx
            .req(em, &p, "after")
            .and_then(|v| span(cx, v, &key(&p, "after")));
        let on = cx
            .req(em, &p, "on")
            .and_then(|v| clock_on(cx, v, &key(&p, "on"), cal_ids, written));
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
    escalations
}

/// `$.pricing`: the rates quotes use.
fn read_pricing(cx: &mut Ctx, m: Obj<'_>) -> Option<Pricing> {
    let v = cx.req(m, "$", "pricing")?;
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
        Some(dv) => read_difficulty_rate(cx, dv, &key(p, "difficulty_rate")),
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
}

/// `$.pricing.difficulty_rate`: `{per_point, base}`.
fn read_difficulty_rate(cx: &mut Ctx, dv: &Value, dp: &str) -> Option<DifficultyRate> {
    let dm = cx.object(dv, dp, &["per_point", "base"])?;
    let per_point = cx.req_decimal(dm, dp, "per_point");
    let base = cx.req_decimal(dm, dp, "base");
    Some(DifficultyRate {
        per_point: per_point?,
        base: base?,
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
            let options = owned(&["○", "△", "X", "–"]);
            cx.report(path, Code::NotOneOf { value: s, options });
            None
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
            "asked_of",
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
            let code = Code::Expected {
                what: Expected::NonEmptyArray,
                found: String::new(),
            };
            cx.report(&key(path, "options"), code);
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
    // Who answers it: anyone (the default), or the vendor's staff only.
    let vendor_only = m
        .get("asked_of")
        .and_then(|a| cx.one_of(a, &key(path, "asked_of"), &["anyone", "vendor"]))
        .is_some_and(|a| a == "vendor");
    Some(Question {
        id,
        text: text_v?,
        help,
        kind,
        required,
        shown_when: None,
        vendor_only,
    })
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
        one_of_written(cx, s, &key(path, "service"), &ids, &refs.written.services)
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
            } else if !refs.written.questions.contains(q.as_str()) {
                let known = refs.questions.iter().map(|q| &q.id);
                cx.unknown(&idx(&qp, i), Ref::Question, &q, known);
            }
        }
    }
    let severity = match cx.req(m, path, "severity") {
        Some(Value::String(s)) if s == "ask" => Some(SeverityMode::Ask),
        Some(sv) => {
            let ids: Vec<&str> = severities.iter().map(String::as_str).collect();
            let mut allowed = vec!["ask"];
            allowed.extend(ids);
            let written = &refs.written.severities;
            one_of_written(cx, sv, &key(path, "severity"), &allowed, written)
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
                        let fields = owned(&["per_year", "per_year_from_contract"]);
                        cx.report(&lp, Code::ExactlyOneOf { fields });
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

fn read_tier(
    cx: &mut Ctx,
    v: &Value,
    path: &str,
    id: Id,
    (calendars, features): (&Set<String>, &[(Id, Text)]),
    written: &Written,
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
        } else if written.calendars.contains(c.as_str()) {
            None
        } else {
            cx.unknown(&key(path, "calendar"), Ref::Calendar, &c, calendars.iter());
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
                    let code = Code::AboveMaximum { value: lo, max: hi };
                    cx.report(&key(&fp, "min"), code);
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
            } else if !written.features.contains(f.as_str()) {
                let known = features.iter().map(|(id, _)| id);
                cx.unknown(&idx(&fp, i), Ref::Feature, &f, known);
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
                    if !written.calendars.contains(c.as_str()) {
                        let at = key(&up, "calendar");
                        cx.unknown(&at, Ref::Calendar, &c, calendars.iter());
                    }
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

/// The catalog's default zone (the zone of its first calendar, else Seoul).
pub fn catalog_zone(catalog: &Catalog) -> Zone {
    catalog
        .calendars
        .values()
        .next()
        .map(|c| c.calendar.zone().clone())
        .unwrap_or_else(Zone::seoul)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, catalog, loaded_catalog, patched, problems};
    use super::*;
    use serde_json::json;

    #[test]
    fn catalog_problems_name_the_path_and_what_is_known() {
        let bands = json!({"id": "std", "name": "Standard", "basis": "monthly_fee", "bands": [
            {"at_least": "99", "below": "99.9", "percent": "10"},
            {"at_least": "99.5", "percent": "5"}]});
        let table: [(&str, Option<Value>, &str, &str); 12] = [
            (
                "/products/0/versions",
                Some(json!([])),
                "$.products[0].versions",
                "expected an array with at least one entry",
            ),
            (
                "/coverage/fix/db",
                Some(json!("Y")),
                "$.coverage.fix.db",
                "Y is not one of: ○, △, X, –",
            ),
            ("/coverage/fix", None, "$.coverage", "missing field `fix`"),
            (
                "/targets/s1/gold/response",
                None,
                "$.targets.s1.gold",
                "missing field `response`",
            ),
            (
                "/targets/s1/gold/response/on",
                Some(json!("night")),
                "$.targets.s1.gold.response.on",
                "night is not one of: tier, office",
            ),
            (
                "/targets/s1/gold/response/within",
                Some(json!({"hours": 4, "minutes": 5})),
                "$.targets.s1.gold.response.within",
                "expected exactly one of: minutes, hours, business_days",
            ),
            (
                "/tiers/0/calendar",
                Some(json!("night")),
                "$.tiers[0].calendar",
                "\"night\" is not a calendar (known: office)",
            ),
            (
                "/tiers/0/fee_rate",
                Some(json!({"min": "0.2", "max": "0.1"})),
                "$.tiers[0].fee_rate.min",
                "0.2 is above the maximum 0.1",
            ),
            (
                "/categories/0/service",
                Some(json!("fx")),
                "$.categories[0].service",
                "\"fx\" is not one of: fix",
            ),
            (
                "/questions/2",
                Some(json!({"id": "urgent", "text": "Again?", "type": "yes_no"})),
                "$.questions[2].id",
                "duplicate id \"urgent\"",
            ),
            (
                "/settings",
                Some(json!({"at_risk_share": "2"})),
                "$.settings.at_risk_share",
                "expected a number between 0 and 1, found 2",
            ),
            (
                "/credit_schedules",
                Some(json!([bands])),
                "$.credit_schedules[0].bands[1]",
                "overlaps the band at $.credit_schedules[0].bands[0]",
            ),
        ];
        for (at, new, path, message) in table {
            let v = patched(catalog(), at, new);
            let got = problems(load_catalog_json("catalog.json", &v.to_string()));
            assert_problem(at, &got, path, message);
        }
        let more: [(&str, Value, &str, &str); 2] = [
            (
                "/questions/0/asked_of",
                json!("staff"),
                "$.questions[0].asked_of",
                "\"staff\" is not one of: anyone, vendor",
            ),
            (
                "/categories/0/description",
                json!(["Broken"]),
                "$.categories[0].description",
                "expected",
            ),
        ];
        for (at, new, path, message) in more {
            let v = patched(catalog(), at, Some(new));
            let got = problems(load_catalog_json("catalog.json", &v.to_string()));
            assert_problem(at, &got, path, message);
        }
        let no_vat = patched(catalog(), "/pricing/vat_rate", None);
        assert_eq!(
            problems(load_catalog_json("catalog.json", &no_vat.to_string())),
            ["$.pricing: missing field `vat_rate`"]
        );
    }

    #[test]
    fn catalog_defaults_fill_what_a_vendor_leaves_out() {
        let c = loaded_catalog();
        assert_eq!(c.pricing.test_day_rate, c.pricing.change_request_day_rate);
        assert_eq!(c.mark("fix", "db", "v1"), Mark::Supported);
        assert_eq!(c.mark("fix", "db", "v2"), Mark::NotApplicable);
        assert_eq!(
            c.settings.renewal_warning_days,
            Settings::default().renewal_warning_days
        );
        assert!(c.questions.iter().all(|q| !q.vendor_only));
        assert!(c.categories.iter().all(|k| k.description.is_none()));
        let asked = json!({"ko": "설명", "en": "Described"});
        let v = patched(catalog(), "/questions/0/asked_of", Some(json!("vendor")));
        let v = patched(v, "/categories/0/description", Some(asked));
        let c2 = load_catalog_json("catalog.json", &v.to_string()).ok();
        let vendor_only: Vec<bool> = c2
            .iter()
            .flat_map(|c| &c.questions)
            .map(|q| q.vendor_only)
            .collect();
        assert_eq!(vendor_only, [true, false]);
        let described = c2
            .iter()
            .flat_map(|c| &c.categories)
            .find_map(|k| k.description.as_ref());
        assert_eq!(described.map(|d| d.en.as_str()), Some("Described"));
        assert_eq!(catalog_zone(&c), Zone::seoul());
        let target = c
            .target("s1", "gold", "response")
            .map(|t| (t.within, t.on.clone()));
        assert_eq!(target, Some((Span::Hours(4), ClockOn::Tier)));
    }
}

#[cfg(test)]
mod follow_on_tests {
    use super::super::tests::{catalog, patched, problems};
    use super::*;
    use serde_json::json;

    /// The fixture catalog with references to everything a broken entry could be
    /// named by: the category asks `urgent`, a rule is waived by it and tests it, a
    /// severity rule and an escalation name `s1`, a credit trigger names `s1` and
    /// `response`.
    fn referring() -> Value {
        let mut v = catalog();
        let rule = json!({"id": "r1", "clause": "4.1", "text": "Excluded", "effect": "exclude",
                          "when": {"answer": "urgent", "is": true}, "waived_by": "urgent"});
        let patches = [
            ("/categories/0/questions", json!(["urgent"])),
            ("/rules/0", rule),
            (
                "/severity_rules",
                json!([{"severity": "s1", "when": {"answer": "urgent", "is": true},
                        "because": "Urgent"}]),
            ),
            (
                "/escalations",
                json!([{"severity": "s1", "after": {"hours": 1}, "on": "office",
                        "action": "Call"}]),
            ),
            ("/tiers/0/features", json!(["tam"])),
            (
                "/credit_schedules",
                json!([{"id": "std", "name": "Standard", "basis": "monthly_fee",
                        "triggers": [{"id": "late", "name": "Late", "severities": ["s1"],
                                      "clock": "response", "percent": "10",
                                      "per": "occurrence"}]}]),
            ),
        ];
        for (at, new) in patches {
            v = patched(v, at, Some(new));
        }
        v
    }

    #[test]
    fn a_problem_that_follows_from_another_is_not_reported() {
        let target = json!({"within": {"hours": 4}, "on": "tier"});
        // Case, the patches to the referring catalog, every problem expected.
        type Row = (
            &'static str,
            Vec<(&'static str, Option<Value>)>,
            Vec<&'static str>,
        );
        let table: Vec<Row> = vec![
            ("nothing wrong", vec![], vec![]),
            (
                "a misspelt tier key",
                vec![
                    ("/targets/s1/gold", None),
                    ("/targets/s1/gld", Some(target.clone())),
                ],
                vec!["$.targets.s1.gld: unknown field (expected one of: gold)"],
            ),
            (
                "a stale key beside a missing tier",
                vec![
                    ("/targets/s1/gold", None),
                    ("/targets/s1/legacy", Some(target.clone())),
                ],
                vec![
                    "$.targets.s1.legacy: unknown field (expected one of: gold)",
                    "$.targets.s1: missing field `gold`",
                ],
            ),
            (
                "a misspelt clock key",
                vec![
                    ("/targets/s1/gold/response", None),
                    ("/targets/s1/gold/respons", Some(target.clone())),
                ],
                vec!["$.targets.s1.gold.respons: unknown field (expected one of: response)"],
            ),
            (
                "a tier dropped for a bad calendar",
                vec![("/tiers/0/calendar", Some(json!("night")))],
                vec!["$.tiers[0].calendar: \"night\" is not a calendar (known: office)"],
            ),
            (
                "a calendar that fails to read",
                vec![("/calendars/0/name", None)],
                vec!["$.calendars[0]: missing field `name`"],
            ),
            (
                "a product that fails to read",
                vec![("/products/0/name", None)],
                vec!["$.products[0]: missing field `name`"],
            ),
            (
                "a misspelt product key",
                vec![
                    ("/coverage/fix/db", None),
                    ("/coverage/fix/dbb", Some(json!("○"))),
                ],
                vec!["$.coverage.fix.dbb: unknown field (expected one of: db)"],
            ),
            (
                "a service that fails to read",
                vec![("/services/0/name", None)],
                vec!["$.services[0]: missing field `name`"],
            ),
            (
                "a question that fails to read",
                vec![("/questions/0/type", Some(json!("yes/no")))],
                vec![
                    "$.questions[0].type: \"yes/no\" is not one of: yes_no, number, choice, \
                     multi, text",
                ],
            ),
            (
                "a severity that fails to read",
                vec![("/severities/0/meaning", None)],
                vec!["$.severities[0]: missing field `meaning`"],
            ),
            (
                "a clock that fails to read",
                vec![("/clocks/0/name", None)],
                vec!["$.clocks[0]: missing field `name`"],
            ),
            (
                "a feature that fails to read",
                vec![("/features/0/name", None)],
                vec!["$.features[0]: missing field `name`"],
            ),
            (
                "a misspelt question is still reported where it is written",
                vec![("/categories/0/questions", Some(json!(["urgnt"])))],
                vec![
                    "$.categories[0].questions[0]: \"urgnt\" is not a question (known: urgent, area)",
                ],
            ),
        ];
        let mut wrong = Vec::new();
        for (case, patches, expected) in table {
            let mut v = referring();
            for (at, new) in patches {
                v = patched(v, at, new);
            }
            let got = problems(load_catalog_json("catalog.json", &v.to_string()));
            if got != expected {
                wrong.push(format!("{case}: expected {expected:#?}, got {got:#?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
