//! Contract files, checked against the catalog.

use super::*;

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
        let code = Code::NotOneOf {
            value: vendor,
            options: vec![catalog.vendor_id.clone()],
        };
        cx.report("$.vendor", code);
    }
    let institution = req_text(cx, m, "$", "institution");
    let built_on = cx.opt_date(m, "$", "built_on");
    let branches = read_branches(cx, m);
    let products = read_installed(cx, m, catalog);
    let tier = read_contract_tier(cx, m, catalog);
    let period = read_period(cx, m);
    let terminated_on = cx.opt_date(m, "$", "terminated_on");
    let addons = m
        .get("addons")
        .map(|a| {
            ids_in(
                cx,
                a,
                "$.addons",
                catalog.addons.iter().map(|a| a.id.as_str()),
                &Set::new(),
                Ref::Addon,
            )
        })
        .unwrap_or_default();
    let yearly_counts = read_yearly_counts(cx, m, catalog);
    let limits = read_limits(cx, m, catalog);
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
    let fee = cx.req(m, "$", "fee").and_then(|fv| read_fee(cx, fv));

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

/// `$.branches`: at least one.
fn read_branches(cx: &mut Ctx, m: Obj<'_>) -> Vec<Branch> {
    let mut branches = Vec::new();
    let Some(bv) = cx.req(m, "$", "branches") else {
        return branches;
    };
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
        let code = Code::Expected {
            what: Expected::NonEmptyArray,
            found: String::new(),
        };
        cx.report("$.branches", code);
    }
    branches
}

/// `$.products`: the installed products, each a product and version of the catalog.
fn read_installed(cx: &mut Ctx, m: Obj<'_>, catalog: &Catalog) -> Vec<Installed> {
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
            None => cx.unknown(
                &key(&p, "product"),
                Ref::Product,
                &prod,
                catalog.products.iter().map(|p| &p.id),
            ),
            Some(pd) if !pd.versions.contains(&ver) => cx.report(
                &key(&p, "version"),
                Code::UnknownVersion {
                    product: prod,
                    version: ver,
                    known: pd.versions.clone(),
                },
            ),
            Some(_) => products.push(Installed {
                product: prod,
                version: ver,
            }),
        }
    }
    products
}

/// `$.tier`: one of the catalog's tiers.
fn read_contract_tier(cx: &mut Ctx, m: Obj<'_>, catalog: &Catalog) -> Option<Id> {
    cx.req_str(m, "$", "tier").and_then(|t| {
        if catalog.tier(&t).is_some() {
            Some(t)
        } else {
            cx.unknown("$.tier", Ref::Tier, &t, catalog.tiers.iter().map(|t| &t.id));
            None
        }
    })
}

/// `$.period`: its kind, first and last day, the end not before the start.
fn read_period(cx: &mut Ctx, m: Obj<'_>) -> Option<(PeriodKind, Date, Date)> {
    let pv = cx.req(m, "$", "period")?;
    let p = "$.period";
    let pm = cx.object(pv, p, &["kind", "start", "end"])?;
    let kind = cx
        .req(pm, p, "kind")
        .and_then(|k| cx.one_of(k, "$.period.kind", &["maintenance", "warranty"]));
    let start = cx.req_date(pm, p, "start");
    let end = cx.req_date(pm, p, "end");
    let (kind, start, end) = (kind?, start?, end?);
    if end < start {
        let code = Code::BeforeStart {
            value: end.to_string(),
            start: start.to_string(),
        };
        cx.report("$.period.end", code);
        return None;
    }
    let kind = if kind == "warranty" {
        PeriodKind::Warranty
    } else {
        PeriodKind::Maintenance
    };
    Some((kind, start, end))
}

/// `$.yearly_counts`: one count for every key a category takes its limit from.
fn read_yearly_counts(cx: &mut Ctx, m: Obj<'_>, catalog: &Catalog) -> Map<Id, u32> {
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
            let field = k.clone();
            cx.report("$.yearly_counts", Code::MissingField { field });
        }
    }
    yearly_counts
}

/// `$.limits`: overrides of the categories with a fixed yearly limit.
fn read_limits(cx: &mut Ctx, m: Obj<'_>, catalog: &Catalog) -> Map<Id, u32> {
    let mut limits = Map::new();
    let Some(lv) = m.get("limits") else {
        return limits;
    };
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
    limits
}

/// `$.fee`: licence, annual fee, billing and the months charged otherwise.
fn read_fee(cx: &mut Ctx, fv: &Value) -> Option<Fee> {
    let p = "$.fee";
    let fm = cx.object(fv, p, &["licence", "annual", "billing", "monthly"])?;
    let monthly = read_monthly(cx, fm);
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
}

/// `$.fee.monthly`: `{"YYYY-MM": amount}`, no amount negative.
fn read_monthly(cx: &mut Ctx, fm: Obj<'_>) -> Map<YearMonth, Decimal> {
    let mut monthly = Map::new();
    match fm.get("monthly") {
        None | Some(Value::Null) | Some(Value::Object(_)) => {}
        Some(other) => cx.expected("$.fee.monthly", Expected::Object, other),
    }
    if let Some(Value::Object(mm)) = fm.get("monthly") {
        for (k, amount) in mm {
            let kp = key("$.fee.monthly", k);
            let month = YearMonth::parse(k);
            let amount = cx.decimal(amount, &kp);
            match (month, amount) {
                (None, _) => cx.expected(&kp, Expected::Month, &Value::String(k.clone())),
                (Some(mo), Some(a)) if a >= Decimal::ZERO => {
                    monthly.insert(mo, a);
                }
                (Some(_), Some(a)) => cx.report(&kp, negative(a)),
                (Some(_), None) => {}
            }
        }
    }
    monthly
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

#[cfg(test)]
mod tests {
    use super::super::tests::{assert_problem, contract, loaded_catalog, patched, problems};
    use super::*;
    use serde_json::json;

    #[test]
    fn contract_problems_name_the_path_and_the_known_ids() {
        let catalog = loaded_catalog();
        let table: [(&str, Option<Value>, &str, &str); 8] = [
            (
                "/tier",
                Some(json!("gld")),
                "$.tier",
                "\"gld\" is not a tier (known: gold)",
            ),
            (
                "/vendor",
                Some(json!("other")),
                "$.vendor",
                "other is not one of: acme",
            ),
            (
                "/products/0/version",
                Some(json!("v9")),
                "$.products[0].version",
                "\"v9\" is not a version of db (known: v1)",
            ),
            (
                "/products/0/product",
                Some(json!("web")),
                "$.products[0].product",
                "\"web\" is not a product (known: db)",
            ),
            (
                "/period/end",
                Some(json!("2025-12-31")),
                "$.period.end",
                "2025-12-31 is before the start 2026-01-01",
            ),
            (
                "/branches",
                Some(json!([])),
                "$.branches",
                "expected an array with at least one entry",
            ),
            (
                "/fee/monthly",
                Some(json!({"2026-13": "1"})),
                "$.fee.monthly[\"2026-13\"]",
                "expected a month YYYY-MM, found \"2026-13\"",
            ),
            (
                "/fee/monthly",
                Some(json!({"2026-02": "-1"})),
                "$.fee.monthly[\"2026-02\"]",
                "-1 is below the minimum 0",
            ),
        ];
        for (at, new, path, message) in table {
            let v = patched(contract(), at, new);
            let got = problems(load_contract_json("city.json", &v.to_string(), &catalog));
            assert_problem(at, &got, path, message);
        }
    }

    #[test]
    fn the_contract_year_runs_from_the_start_unless_told_otherwise() {
        let catalog = loaded_catalog();
        let start = Date::new(2026, 1, 1).ok();
        let april = Date::new(2026, 4, 1).ok();
        let table: [(Option<Value>, Option<ContractYear>); 3] = [
            (None, start.map(ContractYear::Anniversary)),
            (Some(json!("calendar")), Some(ContractYear::Calendar)),
            (
                Some(json!({"anniversary_of": "2026-04-01"})),
                april.map(ContractYear::Anniversary),
            ),
        ];
        for (year, expected) in table {
            let v = patched(contract(), "/contract_year", year.clone());
            let got = load_contract_json("city.json", &v.to_string(), &catalog);
            assert_eq!(got.ok().map(|c| c.contract_year), expected, "{year:?}");
        }
    }
}
