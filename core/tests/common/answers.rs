//! Answers a test can send for any request type: every question of a category answered
//! "high" (yes, the largest number, the first option), "low" (no, the smallest, the
//! last), or high with the first question left out — so that exclusions, covered paths
//! and missing answers are all met. Shared by covered-core's tests and the server's.

use covered_core::contract::{DataSet, QuestionKind};
use covered_core::map::Map;
use serde_json::{Value, json};

/// How a generated request answers its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    High,
    Low,
    FirstMissing,
}

/// The answers to `category`'s questions in `flavour`.
pub fn answers(data: &DataSet, category: &str, flavour: Flavour) -> Map<String, Value> {
    let mut answers = Map::new();
    let Some(cat) = data.catalog.category(category) else {
        return answers;
    };
    let high = flavour != Flavour::Low;
    let questions = data
        .catalog
        .questions
        .iter()
        .filter(|q| cat.questions.contains(&q.id));
    for (n, q) in questions.enumerate() {
        if flavour == Flavour::FirstMissing && n == 0 {
            continue;
        }
        let answer = match &q.kind {
            QuestionKind::YesNo => json!(high),
            QuestionKind::Number { min, max, .. } => {
                let n = if high {
                    max.unwrap_or(5.into())
                } else {
                    min.unwrap_or(0.into())
                };
                json!(n.to_string())
            }
            QuestionKind::Choice(options) => {
                json!(
                    if high {
                        options.first()
                    } else {
                        options.last()
                    }
                    .map(|o| o.id.clone())
                )
            }
            QuestionKind::Multi(options) => {
                json!(options.iter().map(|o| &o.id).collect::<Vec<_>>())
            }
            QuestionKind::Text => json!("generated"),
        };
        answers.insert(q.id.clone(), answer);
    }
    answers
}
