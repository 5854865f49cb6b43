//! String-in, value-out entry points shared by the `covered` command, the JS API and
//! the portal: each takes JSON text (ready for fuzzing) and never panics.

use crate::calendar::holidays::{FIRST_YEAR, LAST_YEAR, korean_public_holidays};
use crate::calendar::{Calendar, CalendarError, Pause, Trace, Zone};
use crate::civil::{Date, DateTime};
use crate::compare::{self, CompareError, Comparison};
use crate::contract::{Billing, Contract, DataSet, DifficultyRate, PastRequest, Tier, YearMonth};
use crate::contract::{load::holidays as read_holidays, load::weekly_hours};
use crate::credits::{self, MonthStatement, YearStatement};
use crate::fees::{self, ChangeRequestQuote, FeeOption, FeeQuote, RateSource, UpgradeQuote};
use crate::i18n::{Lang, Text};
use crate::json::{Ctx, Obj, idx, key, owned, parse_date, show};
use crate::kpi::{self, KpiReport};
use crate::map::Map;
use crate::money::{Amount, Overflow, rate_percent};
use crate::problem::{Code, Expected, Problem, Problems, Ref, negative};
use crate::replay::{self, Replay};
use crate::request::{Request, time_problem};
use crate::verdict::{Verdict, evaluate};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::str::FromStr;

/// Checks a request (JSON text) under contract `contract_id` of `data` at `now`.
///
/// # Errors
///
/// An unknown contract, or every problem in the request.
pub fn check(
    data: &DataSet,
    contract_id: &str,
    request_json: &str,
    now: DateTime,
) -> Result<Verdict, Problems> {
    let Some(contract) = data.contract(contract_id) else {
        return Err(Problems(vec![Problem::new(
            "request",
            "$",
            Code::UnknownContract {
                contract: contract_id.to_owned(),
                known: data.contracts.iter().map(|c| c.id.clone()).collect(),
            },
        )]));
    };
    let zone = crate::contract::catalog_zone(&data.catalog);
    let request = Request::from_json(request_json, &data.catalog, &zone)?;
    // Natively, the quotas from the history's index (the same lines).
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(index) = data.quota_index(contract_id) {
        return crate::verdict::evaluate_of(&data.catalog, contract, &request, index, now);
    }
    evaluate(
        &data.catalog,
        contract,
        &request,
        data.history(contract_id),
        now,
    )
}

/// Reads a date-time argument (`now`, `at`): ISO-8601 local to the catalog's zone or
/// with an offset, converted to the catalog's local time.
///
/// # Errors
///
/// A malformed date-time, named `input: $.<name>`.
pub fn local_time(data: &DataSet, name: &str, value: &str) -> Result<DateTime, Problems> {
    crate::contract::catalog_zone(&data.catalog)
        .parse_local(value)
        .map_err(|e| {
            Problems(vec![Problem::new(
                "input",
                key("$", name),
                time_problem(value, e),
            )])
        })
}

fn one(file: &str, path: &str, code: impl Into<Code>) -> Problems {
    Problems(vec![Problem::new(file, path, code.into())])
}

/// The answer of [`deadline`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeadlineOutput {
    /// The due time, ISO-8601 with offset (when adding).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// The elapsed business minutes (when measuring).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    /// The steps of the clock.
    pub trace: Trace,
    /// The steps in words.
    pub text: Text,
}

/// Runs one clock given as JSON:
/// `{"calendar": C, "start": "2025-10-02T17:40:00", "minutes": N}` — or
/// `"business_days": N`, or `"end": "…"` for the elapsed business minutes — plus
/// optional `"pauses": [[from, to], …]`. `C` is an inline calendar
/// `{"timezone", "weekly", "holidays"}` or the id of a calendar in `data`.
///
/// # Errors
///
/// Every problem in the input, named by JSON path under the file name `input`.
pub fn deadline(input: &str, data: Option<&DataSet>) -> Result<DeadlineOutput, Problems> {
    let mut cx = Ctx::new("input");
    let out = cx
        .parse(input)
        .and_then(|v| run_deadline(&mut cx, &v, data));
    match out {
        Some(o) if cx.problems.is_empty() => Ok(o),
        _ => Err(Problems(cx.problems)),
    }
}

fn run_deadline(cx: &mut Ctx, v: &Value, data: Option<&DataSet>) -> Option<DeadlineOutput> {
    let m = cx.object(
        v,
        "$",
        &[
            "calendar",
            "start",
            "minutes",
            "business_days",
            "end",
            "pauses",
        ],
    )?;
    let calendar = match cx.req(m, "$", "calendar")? {
        Value::String(id) => match data.and_then(|d| d.catalog.calendars.get(id)) {
            Some(c) => Some(c.calendar.clone()),
            None => {
                match data {
                    Some(d) => {
                        let known = d.catalog.calendars.keys();
                        cx.unknown("$.calendar", Ref::Calendar, id, known);
                    }
                    None => {
                        let calendar = id.clone();
                        cx.report("$.calendar", Code::NeedsData { calendar });
                    }
                }
                None
            }
        },
        other => inline_calendar(cx, other, "$.calendar"),
    };
    let zone = calendar
        .as_ref()
        .map(|c| c.zone().clone())
        .unwrap_or_else(Zone::seoul);
    let at = |cx: &mut Ctx, v: &Value, path: &str| -> Option<DateTime> {
        let s = cx.str(v, path)?;
        match zone.parse_local(&s) {
            Ok(d) => Some(d),
            Err(e) => {
                cx.report(path, time_problem(&s, e));
                None
            }
        }
    };
    let start = cx.req(m, "$", "start").and_then(|s| at(cx, s, "$.start"));
    let mut pauses = Vec::new();
    for (i, pv) in cx.opt_array(m, "$", "pauses").iter().enumerate() {
        let p = idx("$.pauses", i);
        match cx.array(pv, &p) {
            Some([a, b]) => {
                let from = at(cx, a, &idx(&p, 0));
                let to = at(cx, b, &idx(&p, 1));
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
            Some(_) => cx.expected(&p, Expected::Pair, pv),
            None => {}
        }
    }
    let modes: Vec<&str> = ["minutes", "business_days", "end"]
        .into_iter()
        .filter(|k| m.contains_key(*k))
        .collect();
    let [mode] = modes.as_slice() else {
        let fields = owned(&["minutes", "business_days", "end"]);
        cx.report("$", Code::ExactlyOneOf { fields });
        return None;
    };
    let mode = *mode;
    let (calendar, start) = (calendar?, start?);
    let result = match mode {
        "minutes" | "business_days" => {
            let n = cx
                .req(m, "$", mode)
                .and_then(|n| cx.count(n, &key("$", mode)))?;
            let r = if mode == "minutes" {
                calendar.add_minutes(start, i64::from(n), &pauses)
            } else {
                calendar.add_business_days(start, i64::from(n), &pauses)
            };
            r.map(|d| {
                let due = zone.format(d.due).unwrap_or_else(|_| d.due.to_string());
                (Some(due), None, d.trace)
            })
        }
        _ => {
            let end = cx.req(m, "$", "end").and_then(|e| at(cx, e, "$.end"))?;
            calendar
                .elapsed(start, end, &pauses)
                .map(|e| (None, Some(e.minutes), e.trace))
        }
    };
    match result {
        Ok((due, minutes, trace)) => Some(DeadlineOutput {
            due,
            minutes,
            text: Text::new(trace.render(Lang::Ko), trace.render(Lang::En)),
            trace,
        }),
        Err(e) => {
            cx.report("$", Code::Calendar(e));
            None
        }
    }
}

/// Reads an inline calendar `{"timezone", "weekly", "holidays"}`.
fn inline_calendar(cx: &mut Ctx, v: &Value, path: &str) -> Option<Calendar> {
    let m = cx.object(v, path, &["timezone", "weekly", "holidays"])?;
    let zone = match cx.opt_str(m, path, "timezone") {
        None => Some(Zone::seoul()),
        Some(z) => match Zone::parse(&z) {
            Ok(z) => Some(z),
            Err(e) => {
                cx.report(&key(path, "timezone"), Code::Calendar(e));
                None
            }
        },
    };
    let weekly = cx
        .req(m, path, "weekly")
        .and_then(|w| weekly_hours(cx, w, &key(path, "weekly")));
    let mut closed = Map::new();
    if let Some(h) = m.get("holidays") {
        read_holidays(cx, h, &key(path, "holidays"), &mut closed);
    }
    match Calendar::new(zone?, weekly?, closed) {
        Ok(c) => Some(c),
        Err(e) => {
            cx.report(path, Code::Calendar(e));
            None
        }
    }
}

/// Reads an inline calendar — the `calendar` object of [`deadline`]'s input,
/// `{"timezone", "weekly", "holidays"}` — once, to run many clocks on it with [`due`].
/// Natively it also keeps running totals of its business minutes per day over its
/// holidays' span, so that each [`due`] there is a search rather than a walk.
///
/// # Errors
///
/// Every problem in the calendar, at `$.calendar…`.
pub fn calendar(input: &str) -> Result<Calendar, Problems> {
    let mut cx = Ctx::new("input");
    let out = cx
        .parse(input)
        .and_then(|v| inline_calendar(&mut cx, &v, "$.calendar"));
    match out {
        // Natively, with the per-day totals that make each `due` one binary search.
        #[cfg(not(target_arch = "wasm32"))]
        Some(c) if cx.problems.is_empty() => Ok(c.with_day_totals()),
        #[cfg(target_arch = "wasm32")]
        Some(c) if cx.problems.is_empty() => Ok(c),
        _ => Err(Problems(cx.problems)),
    }
}

/// `minutes` business minutes from `start` (ISO-8601, local to the calendar's zone or
/// with an offset) on `calendar`: the due, ISO-8601 with offset — [`deadline`]'s `due`,
/// without the trace's text.
///
/// # Errors
///
/// A malformed `start` (`input: $.start`), a negative `minutes` (`$.minutes`), or a due
/// beyond the supported range (`$.start`).
pub fn due(calendar: &Calendar, start: &str, minutes: i64) -> Result<String, Problems> {
    let zone = calendar.zone();
    let at = zone
        .parse_local(start)
        .map_err(|e| one("input", "$.start", e))?;
    // Natively, the due alone (no trace) written in one go; the full clock below gives
    // the same due, and the errors.
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(text) = calendar
        .due_after(at, minutes)
        .and_then(|due| zone.format_plain(due))
    {
        return Ok(text);
    }
    match calendar.add_minutes(at, minutes, &[]) {
        Ok(d) => Ok(zone.format(d.due).unwrap_or_else(|_| d.due.to_string())),
        Err(e @ CalendarError::NegativeDuration { .. }) => Err(one("input", "$.minutes", e)),
        Err(e) => Err(one("input", "$.start", e)),
    }
}

/// One public holiday, for output.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HolidayOutput {
    /// The date.
    pub date: Date,
    /// The weekday (`Mon`…).
    pub weekday: &'static str,
    /// Korean name.
    pub name_ko: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Why it is a holiday.
    pub kind: crate::calendar::holidays::HolidayKind,
}

/// The Korean public holidays of `year`.
///
/// # Errors
///
/// When `year` is outside the built-in range.
pub fn holidays(year: i32) -> Result<Vec<HolidayOutput>, Problems> {
    let list = i16::try_from(year).ok().and_then(korean_public_holidays);
    match list {
        Some(list) => Ok(list
            .into_iter()
            .map(|h| HolidayOutput {
                date: h.date,
                weekday: weekday_short(h.date),
                name_ko: h.name_ko,
                name_en: h.name_en,
                kind: h.kind,
            })
            .collect()),
        None => Err(one(
            "input",
            "$.year",
            Code::OutOfRange {
                value: year.into(),
                min: FIRST_YEAR.into(),
                max: LAST_YEAR.into(),
            },
        )),
    }
}

fn weekday_short(d: Date) -> &'static str {
    use crate::civil::Weekday::*;
    match d.weekday() {
        Monday => "Mon",
        Tuesday => "Tue",
        Wednesday => "Wed",
        Thursday => "Thu",
        Friday => "Fri",
        Saturday => "Sat",
        Sunday => "Sun",
    }
}

// ------------------------------------------------------------------ credits, quotes, KPIs

fn contract_of<'d>(data: &'d DataSet, id: &str) -> Result<&'d Contract, Problems> {
    data.contract(id).ok_or_else(|| {
        let code = Code::UnknownContract {
            contract: id.to_owned(),
            known: data.contracts.iter().map(|c| c.id.clone()).collect(),
        };
        one("input", "$.contract", code)
    })
}

/// Why an amount as a person typed it can't be read (see [`read_amount`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountProblem {
    /// Nothing but blanks and separators.
    Empty,
    /// Not a number: letters, two decimal points, …
    NotANumber,
    /// A number with more digits than an amount can hold.
    TooLarge,
}

/// Reads an amount as people type it (`150,000,000`, `1_000.5`, `-5`): digits with an
/// optional sign and decimal point, `,` or `_` between them, blanks around them.
///
/// # Errors
///
/// What kind of text it is instead, for a message in the reader's language.
pub fn read_amount(s: &str) -> Result<Decimal, AmountProblem> {
    let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Err(AmountProblem::Empty);
    }
    Decimal::from_str(cleaned).map_err(|_| {
        let unsigned = cleaned.strip_prefix('-').unwrap_or(cleaned);
        let number = !unsigned.is_empty()
            && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.')
            && unsigned.chars().filter(|c| *c == '.').count() <= 1;
        if number {
            AmountProblem::TooLarge
        } else {
            AmountProblem::NotANumber
        }
    })
}

fn decimal_arg(path: &str, s: &str) -> Result<Decimal, Problems> {
    read_amount(s).map_err(|_| {
        let code = Code::Expected {
            what: Expected::Decimal,
            found: show(&serde_json::Value::String(s.to_owned())),
        };
        one("input", path, code)
    })
}

fn billing_arg(s: Option<&str>) -> Result<Billing, Problems> {
    match s {
        None | Some("annual") => Ok(Billing::Annual),
        Some("quarterly") => Ok(Billing::Quarterly),
        Some(other) => Err(one(
            "input",
            "$.billing",
            Code::NotOneOf {
                value: other.to_owned(),
                options: owned(&["annual", "quarterly"]),
            },
        )),
    }
}

/// The credit statement of month `month` (`YYYY-MM`) of contract `contract_id`.
///
/// # Errors
///
/// An unknown contract, a malformed month, a contract without a credit schedule, a
/// month outside the contract period, or a clock that can't run.
pub fn credits_month(
    data: &DataSet,
    contract_id: &str,
    month: &str,
) -> Result<MonthStatement, Problems> {
    credits_month_of(data, contract_id, data.history(contract_id), month)
}

/// [`credits_month`] over `history` (the data file's requests with those filed since)
/// in place of the data file's alone.
///
/// # Errors
///
/// As for [`credits_month`].
pub fn credits_month_of(
    data: &DataSet,
    contract_id: &str,
    history: &[PastRequest],
    month: &str,
) -> Result<MonthStatement, Problems> {
    let contract = contract_of(data, contract_id)?;
    let Some(m) = YearMonth::parse(month) else {
        let code = Code::Expected {
            what: Expected::Month,
            found: show(&serde_json::Value::String(month.to_owned())),
        };
        return Err(one("input", "$.month", code));
    };
    credits::month_statement(
        &data.catalog,
        contract,
        history,
        data.outages(contract_id),
        m,
    )
    .map_err(|e| one("input", "$.month", e))
}

/// The credit statement of the contract year of `contract_id` that starts in
/// calendar year `year`.
///
/// # Errors
///
/// An unknown contract, a contract without a credit schedule, a year outside the
/// contract period, or a clock that can't run.
pub fn credits_year(
    data: &DataSet,
    contract_id: &str,
    year: i32,
) -> Result<YearStatement, Problems> {
    let contract = contract_of(data, contract_id)?;
    let Ok(y) = i16::try_from(year) else {
        let code = Code::OutOfRange {
            value: year.into(),
            min: i16::MIN.into(),
            max: i16::MAX.into(),
        };
        return Err(one("input", "$.year", code));
    };
    let start = credits::contract_year_starting_in(contract, y);
    credits::year_statement(
        &data.catalog,
        contract,
        data.history(contract_id),
        data.outages(contract_id),
        start,
    )
    .map_err(|e| one("input", "$.year", e))
}

/// Every limited category's quota of contract `contract_id` on the day of `now`.
///
/// # Errors
///
/// An unknown contract.
pub fn quota(
    data: &DataSet,
    contract_id: &str,
    now: DateTime,
) -> Result<Vec<crate::quota::QuotaLine>, Problems> {
    let contract = contract_of(data, contract_id)?;
    // Natively, from the history's index (the same lines).
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(index) = data.quota_index(contract_id) {
        return Ok(crate::quota::quota_status_of(
            &data.catalog,
            contract,
            index,
            now.date(),
        ));
    }
    Ok(crate::quota::quota_status(
        &data.catalog,
        contract,
        data.history(contract_id),
        now.date(),
    ))
}

/// The answer of [`quote`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Quote {
    /// An annual maintenance fee.
    Fee(FeeQuote),
    /// A change request.
    ChangeRequest(ChangeRequestQuote),
    /// A temporary upgrade.
    TemporaryUpgrade(UpgradeQuote),
}

/// Quotes from JSON, one of:
/// - `{"kind": "fee", "licence": "150000000", "tier": "gold", "difficulty": "1.8",
///   "rate": "0.19", "billing": "quarterly"}` — at least one of `tier` (its range:
///   bottom, middle, top), `difficulty` (the catalog's `difficulty_rate` formula)
///   and `rate`; `billing` defaults to `annual`;
/// - `{"kind": "change_request", "person_days": "4", "test_person_days": "1"}` — test
///   person-days default to `person_days × test_ratio`;
/// - `{"kind": "temporary_upgrade", "tier": "bronze", "hours": "5"}`.
///
/// # Errors
///
/// Every problem in the input, named by JSON path under the file name `input`.
pub fn quote(data: &DataSet, input: &str) -> Result<Quote, Problems> {
    let mut cx = Ctx::new("input");
    let out = cx.parse(input).and_then(|v| run_quote(&mut cx, &v, data));
    match out {
        Some(o) if cx.problems.is_empty() => Ok(o),
        _ => Err(Problems(cx.problems)),
    }
}

fn non_negative(cx: &mut Ctx, m: Obj<'_>, k: &str, required: bool) -> Option<Decimal> {
    let d = if required {
        cx.req_decimal(m, "$", k)
    } else {
        cx.opt_decimal(m, "$", k)
    }?;
    if d < Decimal::ZERO {
        cx.report(&key("$", k), negative(d));
        return None;
    }
    Some(d)
}

/// The fee options a fee quote asks for: the tier's range, the difficulty formula,
/// a given rate — in that order.
fn fee_options(
    vat: Decimal,
    licence: Decimal,
    billing: Billing,
    tier: Option<&Tier>,
    difficulty: Option<(Decimal, &DifficultyRate)>,
    rate: Option<Decimal>,
) -> Result<Vec<FeeOption>, Overflow> {
    let mut options = Vec::new();
    if let Some(t) = tier {
        options.extend(fees::tier_range(licence, t, billing, vat)?);
    }
    if let Some((score, rule)) = difficulty {
        let rate = fees::difficulty_rate(score, rule)?;
        let mut o = fees::fee_option(licence, rate, RateSource::Difficulty, billing, vat)?;
        let (pp, base) = (rate_percent(rule.per_point), rate_percent(rule.base));
        o.explain = Text::new(
            format!(
                "난이도 점수 {score} × {pp}% + {base}% = {}%; {}",
                o.rate_percent, o.explain.ko
            ),
            format!(
                "difficulty score {score} × {pp} % + {base} % = {} %; {}",
                o.rate_percent, o.explain.en
            ),
        );
        options.push(o);
    }
    if let Some(r) = rate {
        options.push(fees::fee_option(
            licence,
            r,
            RateSource::Given,
            billing,
            vat,
        )?);
    }
    Ok(options)
}

fn run_quote(cx: &mut Ctx, v: &Value, data: &DataSet) -> Option<Quote> {
    let catalog = &data.catalog;
    let kind = v.get("kind").cloned().unwrap_or(Value::Null);
    let kind = cx.one_of(
        &kind,
        "$.kind",
        &["fee", "change_request", "temporary_upgrade"],
    )?;
    let overflow = |cx: &mut Ctx| {
        cx.report("$", Code::Overflow);
    };
    let tier_ref = |cx: &mut Ctx, m: Obj<'_>, required: bool| {
        let t = if required {
            cx.req_str(m, "$", "tier")
        } else {
            cx.opt_str(m, "$", "tier")
        }?;
        match catalog.tier(&t) {
            Some(t) => Some(t),
            None => {
                let known = catalog.tiers.iter().map(|t| t.id.as_str());
                cx.unknown("$.tier", Ref::Tier, &t, known);
                None
            }
        }
    };
    match kind.as_str() {
        "fee" => {
            let m = cx.object(
                v,
                "$",
                &["kind", "licence", "tier", "rate", "difficulty", "billing"],
            )?;
            let licence = non_negative(cx, m, "licence", true);
            let tier = tier_ref(cx, m, false);
            let rate = non_negative(cx, m, "rate", false);
            let difficulty = non_negative(cx, m, "difficulty", false);
            let billing = match m.get("billing") {
                None | Some(Value::Null) => Some(Billing::Annual),
                Some(b) => cx
                    .one_of(b, "$.billing", &["annual", "quarterly"])
                    .map(|b| {
                        if b == "quarterly" {
                            Billing::Quarterly
                        } else {
                            Billing::Annual
                        }
                    }),
            };
            if !m.contains_key("tier") && !m.contains_key("rate") && !m.contains_key("difficulty") {
                let fields = owned(&["tier", "rate", "difficulty"]);
                cx.report("$", Code::AtLeastOneOf { fields });
                return None;
            }
            if difficulty.is_some() && catalog.pricing.difficulty_rate.is_none() {
                let field = "pricing.difficulty_rate".to_owned();
                cx.report("$.difficulty", Code::NotInCatalog { field });
                return None;
            }
            let (licence, billing) = (licence?, billing?);
            let Ok(options) = fee_options(
                catalog.pricing.vat_rate,
                licence,
                billing,
                tier,
                difficulty.zip(catalog.pricing.difficulty_rate.as_ref()),
                rate,
            ) else {
                overflow(cx);
                return None;
            };
            if tier.is_some_and(|t| t.fee_rate.is_none()) {
                let field = tier.map_or_else(String::new, |t| format!("tiers.{}.fee_rate", t.id));
                cx.report("$.tier", Code::NotInCatalog { field });
                return None;
            }
            Some(Quote::Fee(FeeQuote {
                licence: Amount::new(licence),
                tier: tier.map(|t| t.id.clone()),
                tier_name: tier.map(|t| t.name.clone()),
                difficulty_score: difficulty,
                options,
                rounding: fees::roundings(),
            }))
        }
        "change_request" => {
            let m = cx.object(v, "$", &["kind", "person_days", "test_person_days"])?;
            let pd = non_negative(cx, m, "person_days", true);
            let test = non_negative(cx, m, "test_person_days", false);
            match fees::change_request(&catalog.pricing, pd?, test) {
                Ok(q) => Some(Quote::ChangeRequest(q)),
                Err(_) => {
                    overflow(cx);
                    None
                }
            }
        }
        _ => {
            let m = cx.object(v, "$", &["kind", "tier", "hours"])?;
            let tier = tier_ref(cx, m, true);
            let hours = non_negative(cx, m, "hours", true);
            let (tier, hours) = (tier?, hours?);
            match fees::temporary_upgrade(catalog, tier, hours) {
                Ok(Some(q)) => Some(Quote::TemporaryUpgrade(q)),
                Ok(None) => {
                    let tier = tier.id.clone();
                    cx.report("$.tier", Code::NoTemporaryUpgrade { tier });
                    None
                }
                Err(_) => {
                    overflow(cx);
                    None
                }
            }
        }
    }
}

/// The KPI report of `contract_id` over the days `from`–`to` (`YYYY-MM-DD`, both
/// inclusive).
///
/// # Errors
///
/// An unknown contract, malformed or reversed dates, or a clock that can't run.
pub fn kpi(data: &DataSet, contract_id: &str, from: &str, to: &str) -> Result<KpiReport, Problems> {
    kpi_of(data, contract_id, data.history(contract_id), from, to)
}

/// [`kpi`] over `history` (the data file's requests with those filed since, as
/// [`crate::submission::history_with`] gives them) in place of the data file's alone.
///
/// # Errors
///
/// As for [`kpi`].
pub fn kpi_of(
    data: &DataSet,
    contract_id: &str,
    history: &[PastRequest],
    from: &str,
    to: &str,
) -> Result<KpiReport, Problems> {
    let contract = contract_of(data, contract_id)?;
    let day = |path: &str, s: &str| {
        parse_date(s).ok_or_else(|| {
            let code = Code::Expected {
                what: Expected::Date,
                found: show(&serde_json::Value::String(s.to_owned())),
            };
            one("input", path, code)
        })
    };
    let (f, t) = (day("$.from", from)?, day("$.to", to)?);
    kpi::report(
        &data.catalog,
        contract,
        history,
        data.outages(contract_id),
        f,
        t,
    )
    .map_err(|e| one("input", "$.to", e))
}

/// Every tier side by side for a licence amount and a sample incident of `severity`
/// received at `at` (ISO-8601, local to the catalog's zone or with an offset). With
/// `contract_id`, its tier is marked current and, without `licence`, its licence
/// amount is used. `billing` is `annual` (default) or `quarterly`.
///
/// # Errors
///
/// Malformed arguments, an unknown contract or severity, no licence amount at all,
/// or a clock that can't run.
pub fn compare(
    data: &DataSet,
    licence: Option<&str>,
    severity: &str,
    at: &str,
    contract_id: Option<&str>,
    billing: Option<&str>,
) -> Result<Comparison, Problems> {
    let contract = contract_id.map(|c| contract_of(data, c)).transpose()?;
    let licence = match (licence, contract.and_then(|c| c.fee.licence)) {
        (Some(l), _) => decimal_arg("$.licence", l)?,
        (None, Some(l)) => l,
        (None, None) => {
            let field = "licence".to_owned();
            return Err(one("input", "$", Code::MissingField { field }));
        }
    };
    if licence < Decimal::ZERO {
        return Err(one("input", "$.licence", negative(licence)));
    }
    let zone = crate::contract::catalog_zone(&data.catalog);
    let received = zone.parse_local(at).map_err(|e| one("input", "$.at", e))?;
    let billing = billing_arg(billing)?;
    compare::compare(
        &data.catalog,
        licence,
        severity,
        received,
        billing,
        contract.map(|c| (c.id.as_str(), c.tier.as_str())),
    )
    .map_err(|e| {
        let path = match e {
            CompareError::UnknownSeverity { .. } => "$.severity",
            CompareError::Calendar(_) => "$.at",
            CompareError::Overflow => "$.licence",
        };
        one("input", path, e)
    })
}

/// The history of `contract_id` replayed under every tier.
///
/// # Errors
///
/// An unknown contract, or a clock that can't run.
pub fn replay(data: &DataSet, contract_id: &str) -> Result<Replay, Problems> {
    replay_history(data, contract_id, data.history(contract_id))
}

/// `history` of contract `contract_id` replayed under every tier.
///
/// # Errors
///
/// An unknown contract, or a clock that can't run.
pub fn replay_history(
    data: &DataSet,
    contract_id: &str,
    history: &[PastRequest],
) -> Result<Replay, Problems> {
    let contract = contract_of(data, contract_id)?;
    replay::replay(&data.catalog, contract, history).map_err(|e| one("input", "$.contract", e))
}

/// What a form needs to offer choices: the vendor, its contracts, products,
/// categories with their questions, and severities — display data only.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    /// Vendor id.
    pub vendor: String,
    /// Vendor name.
    pub vendor_name: Text,
    /// What the vendor's screens call its customers' staff and sites.
    pub terms: crate::contract::Terms,
    /// Catalog version.
    pub catalog_version: String,
    /// Contracts.
    pub contracts: Vec<ContractSummary>,
    /// Request categories, in catalog order.
    pub categories: Vec<CategorySummary>,
    /// Severities, most severe first.
    pub severities: Vec<NamedItem>,
    /// Tiers, lowest first.
    pub tiers: Vec<NamedItem>,
}

/// An id with its display name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NamedItem {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Text,
}

/// A contract, for choosing one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContractSummary {
    /// Contract id.
    pub id: String,
    /// Institution.
    pub institution: Text,
    /// Tier id.
    pub tier: String,
    /// Tier name.
    pub tier_name: Text,
    /// Support window label (`10×5`).
    pub window_label: String,
    /// `maintenance` or `warranty`.
    pub period_kind: crate::contract::PeriodKind,
    /// First day covered.
    pub start: Date,
    /// Last day covered.
    pub end: Date,
    /// Branches.
    pub branches: Vec<NamedItem>,
    /// Installed products: id, version and the product's name.
    pub products: Vec<InstalledSummary>,
}

/// An installed product.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstalledSummary {
    /// Product id.
    pub product: String,
    /// Version.
    pub version: String,
    /// Product name.
    pub name: Text,
}

/// A category and its questions.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategorySummary {
    /// Category id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// Description.
    pub description: Option<Text>,
    /// Clause.
    pub clause: Option<String>,
    /// `service_request`, `incident` or `change_request`.
    pub kind: crate::contract::RequestKind,
    /// Whether it has an annual limit.
    pub limited: bool,
    /// Its questions, in order.
    pub questions: Vec<QuestionSummary>,
}

/// A question.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuestionSummary {
    /// Question id.
    pub id: String,
    /// The question.
    pub text: Text,
    /// Help.
    pub help: Option<Text>,
    /// `yes_no`, `number`, `choice`, `multi` or `text`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Whether it must be answered.
    pub required: bool,
    /// Options of choice questions.
    pub options: Vec<NamedItem>,
    /// Bounds and unit of number questions.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub min: Option<Decimal>,
    /// Upper bound.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub max: Option<Decimal>,
    /// Unit.
    pub unit: Option<Text>,
    /// Whether it is only asked in some cases (see a verdict's `visible_questions`).
    pub conditional: bool,
}

/// The display summary of a data set.
pub fn summary(data: &DataSet) -> Summary {
    use crate::contract::QuestionKind;
    let cat = &data.catalog;
    let named = |id: &str, name: &Text| NamedItem {
        id: id.to_owned(),
        name: name.clone(),
    };
    Summary {
        vendor: cat.vendor_id.clone(),
        vendor_name: cat.vendor_name.clone(),
        terms: cat.terms.clone(),
        catalog_version: cat.version.clone(),
        contracts: data
            .contracts
            .iter()
            .map(|c| {
                let tier = cat.tier(&c.tier);
                ContractSummary {
                    id: c.id.clone(),
                    institution: c.institution.clone(),
                    tier: c.tier.clone(),
                    tier_name: tier.map(|t| t.name.clone()).unwrap_or_default(),
                    window_label: tier.map(|t| t.window_label.clone()).unwrap_or_default(),
                    period_kind: c.period_kind,
                    start: c.start,
                    end: c.end,
                    branches: c.branches.iter().map(|b| named(&b.id, &b.name)).collect(),
                    products: c
                        .products
                        .iter()
                        .map(|p| InstalledSummary {
                            product: p.product.clone(),
                            version: p.version.clone(),
                            name: cat
                                .product(&p.product)
                                .map(|d| d.name.clone())
                                .unwrap_or_default(),
                        })
                        .collect(),
                }
            })
            .collect(),
        categories: cat
            .categories
            .iter()
            .map(|c| CategorySummary {
                id: c.id.clone(),
                name: c.name.clone(),
                description: c.description.clone(),
                clause: c.clause.clone(),
                kind: c.kind,
                limited: c.limit.is_some(),
                questions: c
                    .questions
                    .iter()
                    .filter_map(|q| cat.question(q))
                    .map(|q| {
                        let (kind, options, min, max, unit) = match &q.kind {
                            QuestionKind::YesNo => ("yes_no", Vec::new(), None, None, None),
                            QuestionKind::Number { min, max, unit } => {
                                ("number", Vec::new(), *min, *max, unit.clone())
                            }
                            QuestionKind::Choice(o) => (
                                "choice",
                                o.iter().map(|o| named(&o.id, &o.label)).collect(),
                                None,
                                None,
                                None,
                            ),
                            QuestionKind::Multi(o) => (
                                "multi",
                                o.iter().map(|o| named(&o.id, &o.label)).collect(),
                                None,
                                None,
                                None,
                            ),
                            QuestionKind::Text => ("text", Vec::new(), None, None, None),
                        };
                        QuestionSummary {
                            id: q.id.clone(),
                            text: q.text.clone(),
                            help: q.help.clone(),
                            kind,
                            required: q.required,
                            options,
                            min,
                            max,
                            unit,
                            conditional: q.shown_when.is_some(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        severities: cat
            .severities
            .iter()
            .map(|s| named(&s.id, &s.name))
            .collect(),
        tiers: cat.tiers.iter().map(|t| named(&t.id, &t.name)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::{AmountProblem, read_amount};
    use rust_decimal::Decimal;

    #[test]
    fn amounts_read_as_people_type_them() {
        assert_eq!(read_amount(" 150,000,000 "), Ok(Decimal::from(150_000_000)));
        assert_eq!(read_amount("-5"), Ok(Decimal::from(-5)));
        assert_eq!(read_amount(" , "), Err(AmountProblem::Empty));
        assert_eq!(read_amount("abc"), Err(AmountProblem::NotANumber));
        assert_eq!(read_amount("1.2.3"), Err(AmountProblem::NotANumber));
        assert_eq!(read_amount("1 000"), Err(AmountProblem::NotANumber));
        assert_eq!(
            read_amount("99,999,999,999,999,999,999,999,999,999"),
            Err(AmountProblem::TooLarge)
        );
    }
}
