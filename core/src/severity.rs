//! Severity: classifying a request as Critical, High, Medium or Low from a few plain
//! answers, with the rule that fired.

use crate::contract::{Catalog, Category, Id, SeverityMode};
use crate::i18n::Text;
use crate::request::Request;
use serde::Serialize;

/// The severity of a request and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeverityAnswer {
    /// Severity id.
    pub id: Id,
    /// Display name.
    pub name: Text,
    /// What it means.
    pub meaning: Text,
    /// Index of the rule in `severity_rules` that fired; `None` when the category
    /// fixes the severity.
    pub rule: Option<usize>,
    /// Why, in words.
    pub because: Text,
    /// Whether the vendor offers a temporary upgrade for it.
    pub urgent: bool,
}

/// Classifies `request` of `category`: the first severity rule whose condition holds,
/// or the category's fixed severity.
pub fn classify(
    catalog: &Catalog,
    category: &Category,
    request: &Request,
) -> Option<SeverityAnswer> {
    let (id, rule, because) = match &category.severity {
        SeverityMode::Fixed(id) => (
            id.clone(),
            None,
            Text::new(
                format!("요청 유형 '{}'의 기본 심각도", category.name.ko),
                format!("the default severity of '{}' requests", category.name.en),
            ),
        ),
        SeverityMode::Ask => {
            let (i, r) = catalog
                .severity_rules
                .iter()
                .enumerate()
                .find(|(_, r)| request.holds(&r.when, catalog))?;
            (r.severity.clone(), Some(i), r.because.clone())
        }
    };
    let def = catalog.severity(&id)?;
    Some(SeverityAnswer {
        id,
        name: def.name.clone(),
        meaning: def.meaning.clone(),
        rule,
        because,
        urgent: def.urgent,
    })
}
