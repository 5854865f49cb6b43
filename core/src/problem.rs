//! Problems found in data: each names the file, the JSON path and what was expected —
//! as a stable code with its parameters, and in words rendered from them
//! ([`crate::words`]).

use crate::i18n::Lang;
use crate::words::{self, Param, Params};
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use std::fmt;

/// What a problem is, as a code with parameters.
///
/// Serialised as `code` and the parameters beside it:
/// `{"code": "above_maximum", "value": "400", "max": "365", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Code {
    /// Not given a code of its own yet: the English `message` is all there is.
    #[default]
    Invalid,
    /// The text is not JSON; nothing else is reported for the file.
    NotJson {
        /// What the parser says (English).
        error: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A member the object may not have.
    UnknownField {
        /// The members it may have.
        expected: Vec<String>,
    },
    /// A required member is absent.
    MissingField {
        /// The member.
        field: String,
    },
    /// A value of the wrong type.
    Expected {
        /// What was expected.
        what: Expected,
        /// The value found, shortened.
        found: String,
    },
    /// A value that is not one of the allowed ones (an answer's option, …).
    NotOneOf {
        /// The value found, shortened.
        value: String,
        /// The allowed values.
        options: Vec<String>,
    },
    /// A number below the question's minimum.
    BelowMinimum {
        /// The number given.
        value: Decimal,
        /// The minimum.
        min: Decimal,
    },
    /// A number above the question's maximum.
    AboveMaximum {
        /// The number given.
        value: Decimal,
        /// The maximum.
        max: Decimal,
    },
    /// A product the catalog does not have.
    UnknownProduct {
        /// The id given.
        product: String,
        /// The catalog's products.
        known: Vec<String>,
    },
    /// A version the product does not have.
    UnknownVersion {
        /// The product.
        product: String,
        /// The version given.
        version: String,
        /// The product's versions.
        known: Vec<String>,
    },
    /// A request category the catalog does not have.
    UnknownCategory {
        /// The id given.
        category: String,
        /// The catalog's categories.
        known: Vec<String>,
    },
    /// A tier the catalog does not have.
    UnknownTier {
        /// The id given.
        tier: String,
    },
    /// A contract the data set does not have.
    UnknownContract {
        /// The id given.
        contract: String,
        /// The data set's contracts.
        known: Vec<String>,
    },
    /// A date-time that can't be read.
    NotDateTime {
        /// The value given.
        value: String,
        /// Why (English).
        reason: String,
    },
    /// A pause that does not end after it starts.
    PauseNotAfter {
        /// Its start.
        from: String,
        /// Its end.
        to: String,
    },
    /// A data file names an entry its catalog (or manifest) does not have.
    UnknownRef {
        /// What kind of entry.
        kind: Ref,
        /// The id given.
        id: String,
        /// The ids of that kind there are.
        known: Vec<String>,
    },
    /// A second entry with the id of an earlier one in the same list.
    DuplicateId {
        /// The id.
        id: String,
    },
}

/// The kind of entry a data file's reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    /// A calendar of the catalog.
    Calendar,
    /// A tier.
    Tier,
    /// A severity.
    Severity,
    /// A question.
    Question,
    /// A request category.
    Category,
    /// A product.
    Product,
    /// A row of the coverage matrix.
    Service,
    /// A tier feature.
    Feature,
    /// A contract add-on.
    Addon,
    /// An option of a choice question.
    Option,
    /// A status of the lifecycle.
    Status,
    /// A credit schedule.
    CreditSchedule,
    /// A contract the manifest names.
    Contract,
}

impl Ref {
    /// Its id, serialised as `kind`, then its Korean and English words.
    pub fn word(self) -> &'static [&'static str; 3] {
        match self {
            Ref::Calendar => &["calendar", "달력", "a calendar"],
            Ref::Tier => &["tier", "등급", "a tier"],
            Ref::Severity => &["severity", "심각도", "a severity"],
            Ref::Question => &["question", "질문", "a question"],
            Ref::Category => &["category", "요청 유형", "a category"],
            Ref::Product => &["product", "제품", "a product"],
            Ref::Service => &["service", "서비스", "a service"],
            Ref::Feature => &["feature", "등급 기능", "a feature"],
            Ref::Addon => &["addon", "부가 계약", "an add-on"],
            Ref::Option => &["option", "선택지", "an option"],
            Ref::Status => &["status", "처리 상태", "a status of the lifecycle"],
            Ref::CreditSchedule => &[
                "credit_schedule",
                "카탈로그의 서비스 크레딧 기준",
                "a credit schedule of the catalog",
            ],
            Ref::Contract => &["contract", "index.json의 계약", "a contract in index.json"],
        }
    }
}

/// The type a value should have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A JSON object.
    Object,
    /// A string.
    String,
    /// A string that is not empty.
    NonEmptyString,
    /// `true` or `false`.
    Bool,
    /// A whole number ≥ 0.
    Count,
    /// A decimal number.
    Decimal,
    /// A date `YYYY-MM-DD`.
    Date,
    /// An array.
    Array,
    /// An array of option ids.
    Options,
    /// Free text.
    Text,
    /// A pair `[from, to]`.
    Pair,
}

impl Code {
    /// The stable code: `not_json`, `above_maximum`, … (`invalid` when not yet given
    /// one of its own).
    pub fn code(&self) -> &'static str {
        match self {
            Code::Invalid => "invalid",
            Code::NotJson { .. } => "not_json",
            Code::UnknownField { .. } => "unknown_field",
            Code::MissingField { .. } => "missing_field",
            Code::Expected { what, .. } => match what {
                Expected::Object => "expected_object",
                Expected::String => "expected_string",
                Expected::NonEmptyString => "expected_non_empty_string",
                Expected::Bool => "expected_bool",
                Expected::Count => "expected_count",
                Expected::Decimal => "expected_decimal",
                Expected::Date => "expected_date",
                Expected::Array => "expected_array",
                Expected::Options => "expected_options",
                Expected::Text => "expected_text",
                Expected::Pair => "expected_pair",
            },
            Code::NotOneOf { .. } => "not_one_of",
            Code::BelowMinimum { .. } => "below_minimum",
            Code::AboveMaximum { .. } => "above_maximum",
            Code::UnknownProduct { .. } => "unknown_product",
            Code::UnknownVersion { .. } => "unknown_version",
            Code::UnknownCategory { .. } => "unknown_category",
            Code::UnknownTier { .. } => "unknown_tier",
            Code::UnknownContract { .. } => "unknown_contract",
            Code::NotDateTime { .. } => "not_date_time",
            Code::PauseNotAfter { .. } => "pause_not_after",
            Code::UnknownRef { .. } => "unknown_ref",
            Code::DuplicateId { .. } => "duplicate_id",
        }
    }

    /// The parameters, by name.
    pub fn params(&self) -> Params<'_> {
        use Param::{Decimal as D, List, Str};
        match self {
            Code::Invalid => vec![],
            Code::NotJson {
                error,
                line,
                column,
            } => vec![
                ("error", Str(error)),
                ("line", count(*line)),
                ("column", count(*column)),
            ],
            Code::UnknownField { expected } => vec![("expected", List(expected))],
            Code::MissingField { field } => vec![("field", Str(field))],
            Code::Expected { what, found } => match what {
                Expected::NonEmptyString | Expected::Pair => vec![],
                _ => vec![("found", Str(found))],
            },
            Code::NotOneOf { value, options } => {
                vec![("value", Str(value)), ("options", List(options))]
            }
            Code::BelowMinimum { value, min } => vec![("value", D(*value)), ("min", D(*min))],
            Code::AboveMaximum { value, max } => vec![("value", D(*value)), ("max", D(*max))],
            Code::UnknownProduct { product, known } => {
                vec![("product", Str(product)), ("known", List(known))]
            }
            Code::UnknownVersion {
                product,
                version,
                known,
            } => vec![
                ("product", Str(product)),
                ("version", Str(version)),
                ("known", List(known)),
            ],
            Code::UnknownCategory { category, known } => {
                vec![("category", Str(category)), ("known", List(known))]
            }
            Code::UnknownTier { tier } => vec![("tier", Str(tier))],
            Code::UnknownContract { contract, known } => {
                vec![("contract", Str(contract)), ("known", List(known))]
            }
            Code::NotDateTime { value, reason } => {
                vec![("value", Str(value)), ("reason", Str(reason))]
            }
            Code::PauseNotAfter { from, to } => vec![("from", Str(from)), ("to", Str(to))],
            Code::UnknownRef { kind, id, known } => vec![
                ("kind", Param::Word(kind.word())),
                ("id", Str(id)),
                ("known", List(known)),
            ],
            Code::DuplicateId { id } => vec![("id", Str(id))],
        }
    }
}

fn count(n: usize) -> Param<'static> {
    Param::Count(u32::try_from(n).unwrap_or(u32::MAX))
}

/// One problem in one data file.
///
/// Displayed as `contracts/lib-a.json: $.products[2].version: "9" is not a version of
/// DLi (known: 25, 7, 8)`; serialised with its `code` and parameters beside `file`,
/// `path` and `message`, and `question` when it is about an answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Problem {
    /// The file, relative to the data directory (or a name the caller chose).
    pub file: String,
    /// The JSON path inside the file, `$` for the whole document.
    pub path: String,
    /// What is wrong and what was expected, lowercase, no trailing period (English).
    pub message: String,
    /// What is wrong, as a code with parameters.
    pub code: Code,
    /// The question whose answer it is about, when it is about one.
    pub question: Option<String>,
}

impl Problem {
    /// A problem with a code of its own; its message is the code's English sentence.
    pub fn new(file: impl Into<String>, path: impl Into<String>, code: Code) -> Problem {
        let message = words::render(code.code(), &code.params(), Lang::En);
        Problem {
            file: file.into(),
            path: path.into(),
            message,
            code,
            question: None,
        }
    }

    /// What is wrong, in `lang` (the English message for a problem without a code).
    pub fn text(&self, lang: Lang) -> String {
        match (&self.code, lang) {
            (Code::Invalid, _) | (_, Lang::En) => self.message.clone(),
            (code, lang) => words::render(code.code(), &code.params(), lang),
        }
    }
}

#[cfg(feature = "ts")]
ts_as!(
    Problem,
    "Problem",
    "{ file: string, path: string, code: string, question?: string, message: string, [param: string]: unknown }",
    []
);

impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("file", &self.file)?;
        m.serialize_entry("path", &self.path)?;
        m.serialize_entry("code", self.code.code())?;
        for (k, v) in self.code.params() {
            m.serialize_entry(k, &v)?;
        }
        if let Some(q) = &self.question {
            m.serialize_entry("question", q)?;
        }
        m.serialize_entry("message", &self.message)?;
        m.end()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.path, self.message)
    }
}

/// Every problem found while loading, in the order found; never empty when returned
/// as an error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The problems as a slice.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem about the answer to `question`.
    pub fn about_question(&self, question: &str) -> Option<&Problem> {
        self.0
            .iter()
            .find(|p| p.question.as_deref() == Some(question))
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
