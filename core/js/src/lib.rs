//! The JavaScript API of Covered: one `Covered` class over a loaded data directory, a
//! `CoveredCalendar` to run many clocks on one calendar, and a few free functions, each
//! a thin call into `covered-core` (`covered_core::api`).
//!
//! Conventions: inputs are JSON text or plain JS objects; outputs are plain JS
//! objects; dates cross as ISO-8601 strings (with an offset, or local to the
//! catalog's zone); money as decimal strings. Every failure is a JS `Error` whose
//! message lists each problem as `file: $.json.path: what was expected` — arguments
//! are named `input: $.<argument>`. Nothing here panics: the core never does, this
//! layer only converts, and every argument arrives as a `JsValue` whose type is
//! checked here, so a wrong type from JavaScript is an `Error` too, never a trap.

use covered_core::calendar::Calendar;
use covered_core::contract::{DataSet, load_for_requests, manifest_files};
use covered_core::map::Map;
use covered_core::problem::{Code, Expected};
use covered_core::{Problem, Problems, admission, api, lifecycle};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The allocator: talc, sized for WebAssembly (dlmalloc, the default, is larger).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
// The answers' types are generated from covered-core's (types.d.ts, by its `typescript`
// example); the inputs below are read by the engine's path-tracking reader and
// described here.
import type {
  Text, Verdict, Reason, Admission, QuotaLine, SeverityAnswer, DeadlineAnswer, Step,
  DeadlineOutput, HolidayOutput, Summary, MonthStatement, YearStatement, Quote, Comparison,
  Lifecycle, StatusDef, RequestRecord, Action, Event, LifecycleRefusal,
} from "./types";
/** A text in both languages. */
export type CoveredText = Text;
/** A request to check: see docs/data-format.md ("Requests"). */
export interface CoveredRequest {
  branch?: string; product: string; version: string; category: string;
  answers?: Record<string, boolean | number | string | string[]>;
  /** ISO-8601, local to the catalog's zone or with an offset; defaults to `now`. */
  received?: string; paid?: boolean; pauses?: [string, string][];
}
/** Files of a data directory: relative path → JSON text or an already parsed object. */
export type CoveredFiles = Record<string, string | object>;
/** An inline calendar: a zone (Asia/Seoul by default), weekly windows per weekday (`mon`…`sun`), closed days. */
export interface CoveredCalendarSpec {
  timezone?: string; weekly: "24x7" | Record<string, [string, string][]>;
  holidays?: string[] | { builtin?: "KR"; add?: { date: string; name: string }[]; remove?: string[] };
}
/** One clock: an inline calendar or a calendar id, a start, and minutes, business days or an end. */
export interface CoveredClock {
  calendar: string | CoveredCalendarSpec;
  start: string; minutes?: number; business_days?: number; end?: string; pauses?: [string, string][];
}
/** One step of a clock's trace (`start`, `closed`, `opens`, `paused`, `due`, …). */
export type CoveredTraceStep = Step;
/** The answer of `deadline()`: `due` (ISO-8601 with offset) or `minutes`, with the steps. */
export type CoveredDeadline = DeadlineOutput;
/** A public holiday. */
export type CoveredHoliday = HolidayOutput;
/** One clock of a verdict. `due` is local to the calendar's zone, `due_at` carries the offset. */
export type CoveredDue = DeadlineAnswer;
/** A reason of a coverage decision: its stable code and parameters, the rule, its contract clause and its effect. */
export type CoveredReason = Reason;
/** Whether a request would be filed: free, as a paid change request, or refused — with what stands in the way and whether a paid change request would be admitted. */
export type CoveredAdmission = Admission;
/** An annual-limit line. */
export type CoveredQuotaLine = QuotaLine;
/** The severity with the rule that fired. */
export type CoveredSeverity = SeverityAnswer;
/** The full answer to a request. `now`/`received` are local; `now_at`/`received_at` carry the offset. */
export type CoveredVerdict = Verdict;
/** What a form needs: vendor, contracts with products, categories with questions, severities, tiers. */
export type CoveredSummary = Summary;
/** A contract's service-credit statement for a month. */
export type CoveredMonthStatement = MonthStatement;
/** A contract year's service-credit statement. */
export type CoveredYearStatement = YearStatement;
/** A quote: an annual fee, a change request or a temporary upgrade. */
export type CoveredQuote = Quote;
/** Every tier side by side. */
export type CoveredComparison = Comparison;
/** A status of the catalog's lifecycle: what the SLA clocks do in it and how it counts. */
export type CoveredStatus = StatusDef;
/** The catalog's request lifecycle. */
export type CoveredLifecycle = Lifecycle;
/** Where a filed request stands (local times). */
export type CoveredRecord = RequestRecord;
/** What is done to a request. */
export type CoveredAction = Action;
/** What `apply()` answers. */
export type CoveredApplied =
  | { ok: true; record: RequestRecord; events: Event[] }
  | { ok: false; refusal: LifecycleRefusal; text: CoveredText };
/** A quote request. */
export type CoveredQuoteInput =
  | { kind: "fee"; licence: string; tier?: string; difficulty?: string; rate?: string; billing?: "annual" | "quarterly" }
  | { kind: "change_request"; person_days: string | number; test_person_days?: string | number }
  | { kind: "temporary_upgrade"; tier: string; hours: string | number };
/** Options of `compare()`. */
export interface CoveredCompareOptions {
  severity: string; at: string; licence?: string; contract?: string; billing?: "annual" | "quarterly";
}
"#;

/// Every failure crosses as one JS `Error` listing the problems, one a line.
fn error(p: Problems) -> JsError {
    JsError::new(&p.to_string())
}

/// One problem with an argument, `input: $.<name>: message`.
fn arg_error(name: &str, code: Code) -> JsError {
    error(Problems(vec![Problem::new(
        "input",
        format!("$.{name}"),
        code,
    )]))
}

/// An argument of the wrong type.
fn expected(name: &str, what: Expected, found: String) -> JsError {
    arg_error(name, Code::Expected { what, found })
}

/// A plain JS object from any serialisable value (via JSON, which keeps decimals as
/// strings).
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(v)
        .map_err(|e| JsError::new(&format!("cannot encode the answer: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("cannot decode the answer"))
}

/// JSON text from a string (taken as is) or any other JS value (stringified).
fn to_text(v: &JsValue, name: &str) -> Result<String, JsError> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_undefined() || v.is_null() {
        let field = name.to_owned();
        return Err(arg_error(name, Code::MissingField { field }));
    }
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| expected(name, Expected::Json, type_of(v)))
}

/// A string argument.
fn string(v: &JsValue, name: &str) -> Result<String, JsError> {
    v.as_string()
        .ok_or_else(|| expected(name, Expected::String, type_of(v)))
}

/// An optional string argument (`undefined` and `null` are absent).
fn opt_string(v: &JsValue, name: &str) -> Result<Option<String>, JsError> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string(v, name).map(Some)
    }
}

/// A whole-number argument (a JS number or a string of digits).
fn integer(v: &JsValue, name: &str) -> Result<i32, JsError> {
    let n = match (v.as_f64(), v.as_string()) {
        // Whole and in range, so the conversion is exact.
        (Some(n), _)
            if n.fract() == 0.0 && n >= f64::from(i32::MIN) && n <= f64::from(i32::MAX) =>
        {
            Some(n as i32)
        }
        (_, Some(s)) => s.trim().parse::<i32>().ok(),
        _ => None,
    };
    match n {
        Some(n) => Ok(n),
        None => Err(expected(name, Expected::Count, type_of(v))),
    }
}

fn type_of(v: &JsValue) -> String {
    if v.is_null() {
        "null".to_owned()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// The files `index.json` names, catalog first — what a loader must fetch.
#[wasm_bindgen(js_name = manifestFiles, unchecked_return_type = "string[]")]
pub fn manifest_files_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] index: JsValue,
) -> Result<JsValue, JsError> {
    let text = to_text(&index, "index")?;
    to_js(&manifest_files(&text).map_err(error)?)
}

/// The Korean public holidays of `year` (2000–2050): `[{date, weekday, name_ko, name_en, kind}]`.
#[wasm_bindgen(unchecked_return_type = "CoveredHoliday[]")]
pub fn holidays(
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
) -> Result<JsValue, JsError> {
    let year = integer(&year, "year")?;
    to_js(&api::holidays(year).map_err(error)?)
}

/// Runs one clock without a data set (`CoveredClock` with an inline calendar):
/// `{due, trace, text}` or `{minutes, trace, text}`.
#[wasm_bindgen(unchecked_return_type = "CoveredDeadline")]
pub fn deadline(
    #[wasm_bindgen(unchecked_param_type = "CoveredClock | string")] clock: JsValue,
) -> Result<JsValue, JsError> {
    let input = to_text(&clock, "clock")?;
    to_js(&api::deadline(&input, None).map_err(error)?)
}

/// A calendar read once (the inline `calendar` of `deadline()`), to run many clocks on
/// without reading it again.
#[wasm_bindgen]
#[derive(Debug)]
pub struct CoveredCalendar {
    calendar: Calendar,
}

#[wasm_bindgen]
impl CoveredCalendar {
    /// Reads and validates an inline calendar (`CoveredCalendarSpec` or its JSON);
    /// problems are named `input: $.calendar…`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CoveredCalendarSpec | string")] spec: JsValue,
    ) -> Result<CoveredCalendar, JsError> {
        let text = to_text(&spec, "calendar")?;
        api::calendar(&text)
            .map(|calendar| CoveredCalendar { calendar })
            .map_err(error)
    }

    /// `minutes` business minutes from `start` (ISO-8601, local to the calendar's zone
    /// or with an offset): the due, ISO-8601 with offset (`deadline()`'s `due`).
    pub fn due(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] minutes: JsValue,
    ) -> Result<String, JsError> {
        let start = string(&start, "start")?;
        let minutes = integer(&minutes, "minutes")?;
        api::due(&self.calendar, &start, i64::from(minutes)).map_err(error)
    }
}

/// A loaded and validated data directory.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Covered {
    data: DataSet,
}

#[wasm_bindgen]
impl Covered {
    /// Loads a data directory from `{path: JSON text or object}`, validating
    /// everything; the error lists every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CoveredFiles")] files: JsValue,
    ) -> Result<Covered, JsError> {
        let obj = match js_sys::Object::try_from(&files) {
            Some(o) if !js_sys::Array::is_array(&files) => o,
            _ => {
                return Err(expected("files", Expected::Object, type_of(&files)));
            }
        };
        let mut map = Map::new();
        for entry in js_sys::Object::entries(obj).iter() {
            let pair = js_sys::Array::from(&entry);
            let path = pair.get(0).as_string().unwrap_or_default();
            let text = to_text(&pair.get(1), &format!("files[{path:?}]"))?;
            map.insert(path, text);
        }
        load_for_requests(&map)
            .map(|data| Covered { data })
            .map_err(error)
    }

    /// The vendor, contracts, categories with their questions, severities and tiers.
    #[wasm_bindgen(unchecked_return_type = "CoveredSummary")]
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&api::summary(&self.data))
    }

    /// The full verdict for `request` (a `CoveredRequest` or its JSON) under
    /// `contract` at `now` (ISO-8601).
    #[wasm_bindgen(unchecked_return_type = "CoveredVerdict")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] contract: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CoveredRequest | string")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&self.verdict(&contract, &request, &now)?)
    }

    /// Whether `request` would be filed under `contract` at `now`, by the rule the server
    /// applies: free when covered; as a paid change request when `paid` is true and the
    /// verdict offers one; else refused, with why. Without `paid`, what the request can
    /// best be filed as.
    #[wasm_bindgen(unchecked_return_type = "CoveredAdmission")]
    pub fn admit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] contract: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CoveredRequest | string")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
        paid: Option<bool>,
    ) -> Result<JsValue, JsError> {
        let verdict = self.verdict(&contract, &request, &now)?;
        to_js(&match paid {
            Some(paid) => admission::admit(&verdict, paid),
            None => admission::best(&verdict),
        })
    }

    /// The catalog's request lifecycle — statuses, moves and who may make them, the
    /// rework period, the rating scale — or `null` when it has none.
    #[wasm_bindgen(unchecked_return_type = "CoveredLifecycle | null")]
    pub fn lifecycle(&self) -> Result<JsValue, JsError> {
        to_js(&self.data.catalog.lifecycle)
    }

    /// The record of a request filed at `now`: in the lifecycle's first status.
    #[wasm_bindgen(js_name = startRecord, unchecked_return_type = "CoveredRecord")]
    pub fn start_record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsError> {
        let now = self.local(&now, "now")?;
        let lc = self.data.catalog.lifecycle.as_ref().ok_or_else(|| {
            let field = "lifecycle".to_owned();
            arg_error("lifecycle", Code::NotInCatalog { field })
        })?;
        to_js(&lc.start(now))
    }

    /// Applies `action` (`{action: "move", to, note?}`, `{action: "reply"}`,
    /// `{action: "rate", rating, comment?}`, `{action: "complain", comment}`) by `by`
    /// (`"customer"` or `"vendor"`) at `now` to `record`, as the server does:
    /// `{ok: true, record, events}`, or `{ok: false, refusal, text}` with the refusal's
    /// code and its sentence in both languages.
    #[wasm_bindgen(unchecked_return_type = "CoveredApplied")]
    pub fn apply(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CoveredRecord | string")] record: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CoveredAction | string")] action: JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"customer\" | \"vendor\"")] by: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsError> {
        let value = |v: &JsValue, name: &str| -> Result<serde_json::Value, JsError> {
            let text = to_text(v, name)?;
            serde_json::from_str(&text).map_err(|e| {
                let code = Code::NotJson {
                    error: e.to_string(),
                    line: e.line(),
                    column: e.column(),
                };
                arg_error(name, code)
            })
        };
        let record =
            lifecycle::Record::from_json(&value(&record, "record")?, "record").map_err(error)?;
        let action =
            lifecycle::Action::from_json(&value(&action, "action")?, "action").map_err(error)?;
        let by = match string(&by, "by")?.as_str() {
            "customer" => lifecycle::Actor::Customer,
            "vendor" => lifecycle::Actor::Vendor,
            other => {
                let code = Code::NotOneOf {
                    value: other.to_owned(),
                    options: vec!["customer".to_owned(), "vendor".to_owned()],
                };
                return Err(arg_error("by", code));
            }
        };
        let now = self.local(&now, "now")?;
        let catalog = &self.data.catalog;
        /// What `apply` answers, serialised as the rest of the API's answers are.
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Answer<'a> {
            Done {
                ok: bool,
                record: &'a lifecycle::Record,
                events: &'a [lifecycle::Event],
            },
            Refused {
                ok: bool,
                refusal: &'a lifecycle::Refusal,
                text: covered_core::Text,
            },
        }
        match lifecycle::apply(catalog, &record, &action, by, now) {
            Ok(a) => to_js(&Answer::Done {
                ok: true,
                record: &a.record,
                events: &a.events,
            }),
            Err(r) => to_js(&Answer::Refused {
                ok: false,
                text: r.text(catalog.lifecycle.as_ref()),
                refusal: &r,
            }),
        }
    }

    /// The severity of `request` alone, with the rule that fired (`null` when the
    /// request has no severity yet).
    #[wasm_bindgen(unchecked_return_type = "CoveredSeverity | null")]
    pub fn severity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] contract: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CoveredRequest | string")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&self.verdict(&contract, &request, &now)?.severity)
    }

    /// Every limited category's quota of `contract` on the day of `now`.
    #[wasm_bindgen(unchecked_return_type = "CoveredQuotaLine[]")]
    pub fn quota(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] contract: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] now: JsValue,
    ) -> Result<JsValue, JsError> {
        let contract = string(&contract, "contract")?;
        let now = self.local(&now, "now")?;
        to_js(&api::quota(&self.data, &contract, now).map_err(error)?)
    }

    /// Runs one clock (`CoveredClock`); `calendar` may name a calendar of the data.
    #[wasm_bindgen(unchecked_return_type = "CoveredDeadline")]
    pub fn deadline(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CoveredClock | string")] clock: JsValue,
    ) -> Result<JsValue, JsError> {
        let input = to_text(&clock, "clock")?;
        to_js(&api::deadline(&input, Some(&self.data)).map_err(error)?)
    }

    /// The service-credit statement of `contract` for `month` (`YYYY-MM`).
    #[wasm_bindgen(unchecked_return_type = "CoveredMonthStatement")]
    pub fn credits(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] contract: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    ) -> Result<JsValue, JsError> {
        let contract = string(&contract, "contract")?;
        let month = string(&month, "month")?;
        to_js(&api::credits_month(&self.data, &contract, &month).map_err(error)?)
    }

    /// The credit statement of the contract year starting in `year`.
    #[wasm_bindgen(js_name = creditsYear, unchecked_return_type = "CoveredYearStatement")]
    pub fn credits_year(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] contract: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
    ) -> Result<JsValue, JsError> {
        let contract = string(&contract, "contract")?;
        let year = integer(&year, "year")?;
        to_js(&api::credits_year(&self.data, &contract, year).map_err(error)?)
    }

    /// A quote: `{kind: "fee" | "change_request" | "temporary_upgrade", …}`.
    #[wasm_bindgen(unchecked_return_type = "CoveredQuote")]
    pub fn quote(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CoveredQuoteInput | string")] input: JsValue,
    ) -> Result<JsValue, JsError> {
        let text = to_text(&input, "quote")?;
        to_js(&api::quote(&self.data, &text).map_err(error)?)
    }

    /// Every tier side by side for a sample incident of `severity` received `at`, at
    /// a licence amount (decimal string; the contract's when omitted).
    #[wasm_bindgen(unchecked_return_type = "CoveredComparison")]
    pub fn compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CoveredCompareOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        if !options.is_object() {
            return Err(expected("options", Expected::Object, type_of(&options)));
        }
        let field = |name: &str| js_sys::Reflect::get(&options, &JsValue::from_str(name));
        let get = |name: &str| -> Result<Option<String>, JsError> {
            let v = field(name).map_err(|_| expected(name, Expected::String, type_of(&options)))?;
            // A licence may be given as a number; it is kept exact as text.
            if name == "licence" && v.as_f64().is_some() {
                return Ok(js_sys::Number::from(v)
                    .to_string_with_radix(10)
                    .ok()
                    .map(String::from));
            }
            opt_string(&v, name)
        };
        let required = |name: &str| -> Result<String, JsError> {
            get(name)?.ok_or_else(|| {
                let field = name.to_owned();
                arg_error(name, Code::MissingField { field })
            })
        };
        let severity = required("severity")?;
        let at = required("at")?;
        let (licence, contract, billing) = (get("licence")?, get("contract")?, get("billing")?);
        to_js(
            &api::compare(
                &self.data,
                licence.as_deref(),
                &severity,
                &at,
                contract.as_deref(),
                billing.as_deref(),
            )
            .map_err(error)?,
        )
    }
}

impl Covered {
    fn local(&self, v: &JsValue, name: &str) -> Result<covered_core::civil::DateTime, JsError> {
        let s = string(v, name)?;
        api::local_time(&self.data, name, &s).map_err(error)
    }

    fn verdict(
        &self,
        contract: &JsValue,
        request: &JsValue,
        now: &JsValue,
    ) -> Result<covered_core::Verdict, JsError> {
        let contract = string(contract, "contract")?;
        let text = to_text(request, "request")?;
        let now = self.local(now, "now")?;
        api::check(&self.data, &contract, &text, now).map_err(error)
    }
}
