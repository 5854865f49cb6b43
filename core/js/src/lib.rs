//! The JavaScript API of Covered: one `Covered` class over a loaded data directory and
//! a few free functions, each a thin call into `covered-core`.
//!
//! Conventions: inputs are JSON text or plain JS objects; outputs are plain JS
//! objects; dates cross as ISO-8601 strings (with an offset, or local to the
//! catalog's zone); money as decimal strings. Every failure is a JS `Error` whose
//! message lists each problem as `file: $.json.path: what was expected`. Nothing here
//! panics: the core never does, and this layer only converts.

use covered_core::calendar::Zone;
use covered_core::contract::{DataSet, load, manifest_files};
use covered_core::{Problems, api, quota};
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A request to check: see docs/data-format.md. */
export interface CoveredRequest {
  branch?: string; product: string; version: string; category: string;
  answers?: Record<string, boolean | number | string | string[]>;
  received?: string; paid?: boolean; pauses?: [string, string][];
}
/** Files of a data directory: relative path → JSON text or an already parsed object. */
export type CoveredFiles = Record<string, string | object>;
/** One clock: an inline calendar or a calendar id, a start, and minutes, business days or an end. */
export interface CoveredClock {
  calendar: string | { timezone?: string; weekly: "24x7" | Record<string, [string, string][]>;
                       holidays?: string[] | { builtin?: "KR"; add?: { date: string; name: string }[]; remove?: string[] } };
  start: string; minutes?: number; business_days?: number; end?: string; pauses?: [string, string][];
}
"#;

/// Every failure crosses as one JS `Error` listing the problems.
fn error(p: Problems) -> JsError {
    JsError::new(&p.to_string())
}

/// A plain JS object from any serialisable value (via JSON, which keeps decimals as
/// strings).
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(v)
        .map_err(|e| JsError::new(&format!("cannot encode the answer: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("cannot decode the answer"))
}

/// JSON text from a string (taken as is) or any other JS value (stringified).
fn to_text(v: &JsValue, what: &str) -> Result<String, JsError> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("{what}: expected JSON text or a plain object")))
}

/// The files `index.json` names, catalog first — what a loader must fetch.
#[wasm_bindgen(js_name = manifestFiles)]
pub fn manifest_files_js(index_json: &str) -> Result<Vec<String>, JsError> {
    manifest_files(index_json).map_err(error)
}

/// The Korean public holidays of `year` (2000–2050): `[{date, weekday, name_ko, name_en, kind}]`.
#[wasm_bindgen]
pub fn holidays(year: i32) -> Result<JsValue, JsError> {
    to_js(&api::holidays(year).map_err(error)?)
}

/// Runs one clock without a data set (`CoveredClock` with an inline calendar):
/// `{due, trace, text}` or `{minutes, trace, text}`.
#[wasm_bindgen]
pub fn deadline(clock: JsValue) -> Result<JsValue, JsError> {
    let input = to_text(&clock, "clock")?;
    to_js(&api::deadline(&input, None).map_err(error)?)
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
    pub fn new(files: JsValue) -> Result<Covered, JsError> {
        let obj = js_sys::Object::try_from(&files)
            .ok_or_else(|| JsError::new("files: expected an object of {path: JSON}"))?;
        let mut map = BTreeMap::new();
        for entry in js_sys::Object::entries(obj).iter() {
            let pair = js_sys::Array::from(&entry);
            let path = pair.get(0).as_string().unwrap_or_default();
            let text = to_text(&pair.get(1), &path)?;
            map.insert(path, text);
        }
        load(&map).map(|data| Covered { data }).map_err(error)
    }

    /// The vendor, contracts, categories with their questions, severities and tiers.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&api::summary(&self.data))
    }

    /// The full verdict for `request` (a `CoveredRequest` or its JSON) under
    /// `contract` at `now` (ISO-8601).
    pub fn check(&self, contract: &str, request: JsValue, now: &str) -> Result<JsValue, JsError> {
        let now = self.local(now, "now")?;
        let text = to_text(&request, "request")?;
        to_js(&api::check(&self.data, contract, &text, now).map_err(error)?)
    }

    /// The severity of `request` alone, with the rule that fired.
    pub fn severity(
        &self,
        contract: &str,
        request: JsValue,
        now: &str,
    ) -> Result<JsValue, JsError> {
        let now = self.local(now, "now")?;
        let text = to_text(&request, "request")?;
        let v = api::check(&self.data, contract, &text, now).map_err(error)?;
        to_js(&v.severity)
    }

    /// Every limited category's quota of `contract` on the day of `now`.
    pub fn quota(&self, contract: &str, now: &str) -> Result<JsValue, JsError> {
        let now = self.local(now, "now")?;
        let c = self
            .data
            .contract(contract)
            .ok_or_else(|| JsError::new(&format!("{contract:?} is not a contract")))?;
        to_js(&quota::quota_status(
            &self.data.catalog,
            c,
            self.data.history(contract),
            now.date(),
        ))
    }

    /// Runs one clock (`CoveredClock`); `calendar` may name a calendar of the data.
    pub fn deadline(&self, clock: JsValue) -> Result<JsValue, JsError> {
        let input = to_text(&clock, "clock")?;
        to_js(&api::deadline(&input, Some(&self.data)).map_err(error)?)
    }

    /// The service-credit statement of `contract` for `month` (`YYYY-MM`).
    pub fn credits(&self, contract: &str, month: &str) -> Result<JsValue, JsError> {
        to_js(&api::credits_month(&self.data, contract, month).map_err(error)?)
    }

    /// The credit statement of the contract year starting in `year`.
    #[wasm_bindgen(js_name = creditsYear)]
    pub fn credits_year(&self, contract: &str, year: i32) -> Result<JsValue, JsError> {
        to_js(&api::credits_year(&self.data, contract, year).map_err(error)?)
    }

    /// A quote: `{kind: "fee" | "change_request" | "temporary_upgrade", …}`.
    pub fn quote(&self, input: JsValue) -> Result<JsValue, JsError> {
        let text = to_text(&input, "quote")?;
        to_js(&api::quote(&self.data, &text).map_err(error)?)
    }

    /// Every tier side by side for a licence amount (decimal string; the contract's
    /// when omitted) and a sample incident of `severity` at `at`.
    pub fn compare(
        &self,
        licence: Option<String>,
        severity: &str,
        at: &str,
        contract: Option<String>,
    ) -> Result<JsValue, JsError> {
        to_js(
            &api::compare(
                &self.data,
                licence.as_deref(),
                severity,
                at,
                contract.as_deref(),
                None,
            )
            .map_err(error)?,
        )
    }

    /// The KPIs of `contract` from `from` to `to` (dates `YYYY-MM-DD`).
    pub fn kpi(&self, contract: &str, from: &str, to: &str) -> Result<JsValue, JsError> {
        to_js(&api::kpi(&self.data, contract, from, to).map_err(error)?)
    }

    /// The history of `contract` replayed under every tier.
    pub fn replay(&self, contract: &str) -> Result<JsValue, JsError> {
        to_js(&api::replay(&self.data, contract).map_err(error)?)
    }
}

impl Covered {
    fn local(&self, s: &str, what: &str) -> Result<jiff::civil::DateTime, JsError> {
        let zone = self
            .data
            .catalog
            .calendars
            .values()
            .next()
            .map(|c| c.calendar.zone().clone())
            .unwrap_or_else(Zone::seoul);
        zone.parse_local(s)
            .map_err(|e| JsError::new(&format!("{what}: {e}")))
    }
}
