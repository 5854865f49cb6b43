//! A request as the customer files it — the one shape the portal's form produces, the
//! server reads and stores, and a filed request's record ([`crate::submission::Submission`])
//! carries.

use crate::civil::Date;
use crate::contract::Id;
use crate::map::Map;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a customer files: the request the engine judges (branch, product, version,
/// category, answers) and the SR form's words around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Filing {
    /// Contract id.
    pub contract: Id,
    /// Branch id.
    pub branch: Option<Id>,
    /// Product id.
    pub product: Id,
    /// Product version.
    pub version: Id,
    /// Category id.
    pub category: Id,
    /// Answers by question id, as in a request's JSON.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub answers: Map<Id, Value>,
    /// Who asked.
    pub requester: String,
    /// Title.
    pub title: String,
    /// Details.
    #[serde(default)]
    pub details: String,
    /// Wanted completion date.
    pub wanted_by: Option<Date>,
    /// Filed as a paid change request (the verdict said it is not covered, and offered
    /// one).
    #[serde(default)]
    pub paid: bool,
}

impl Filing {
    /// The request's JSON text, as the engine reads it (without `received`).
    pub fn request_json(&self) -> String {
        request_json(
            self.branch.as_deref(),
            &self.product,
            &self.version,
            &self.category,
            &self.answers,
        )
    }
}

/// A request's JSON text from its parts (answers left out when empty).
pub fn request_json(
    branch: Option<&str>,
    product: &str,
    version: &str,
    category: &str,
    answers: &Map<Id, Value>,
) -> String {
    let mut m = serde_json::Map::new();
    if let Some(b) = branch.filter(|b| !b.is_empty()) {
        m.insert("branch".into(), Value::String(b.to_owned()));
    }
    m.insert("product".into(), Value::String(product.to_owned()));
    m.insert("version".into(), Value::String(version.to_owned()));
    m.insert("category".into(), Value::String(category.to_owned()));
    m.insert(
        "answers".into(),
        Value::Object(
            answers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
    );
    Value::Object(m).to_string()
}
