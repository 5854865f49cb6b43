//! Problems found in data: each names the file, the JSON path and what was expected —
//! as a stable code with its parameters, and in words rendered from them
//! ([`crate::words`]).

use crate::calendar::CalendarError;
use crate::i18n::Lang;
use crate::words::{self, Param, Params};
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use std::fmt;

/// What a problem is, as a code with parameters.
///
/// Serialised as `code` and the parameters beside it:
/// `{"code": "above_maximum", "value": "400", "max": "365", …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// A calendar that can't be built or a time that can't be read (a time zone, a
    /// window, a date-time, a pause): the calendar's own code and parameters.
    Calendar(CalendarError),
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
    /// An end (or a later time) before the start it follows.
    BeforeStart {
        /// The end given.
        value: String,
        /// The start.
        start: String,
    },
    /// An end that does not come after its start (an outage of no length).
    NotAfterStart {
        /// The end given.
        value: String,
        /// The start.
        start: String,
    },
    /// A number outside the range it must fall in.
    OutOfRange {
        /// The number given.
        value: Decimal,
        /// The lower end.
        min: Decimal,
        /// The upper end.
        max: Decimal,
    },
    /// A number that must be below another and is not.
    NotBelow {
        /// The number given.
        value: Decimal,
        /// What it must be below.
        bound: Decimal,
    },
    /// A list that must rise and does not (warning thresholds).
    NotIncreasing {
        /// The number given.
        value: Decimal,
        /// The one before it, which it must be above.
        previous: Decimal,
    },
    /// An object that needs exactly one of these members.
    ExactlyOneOf {
        /// The members.
        fields: Vec<String>,
    },
    /// An object (or a list) that needs at least one of these.
    AtLeastOneOf {
        /// The members or values.
        fields: Vec<String>,
    },
    /// A lifecycle move from a status to itself.
    MoveToItself {
        /// The status.
        status: String,
    },
    /// A data format version this build does not read.
    UnsupportedSchema {
        /// The version given.
        version: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A band of a credit schedule overlapping another.
    OverlapsBand {
        /// The path of the other band.
        other: String,
    },
    /// A date to remove from a calendar's holidays that is not one of them.
    NotAHoliday {
        /// The date.
        date: String,
    },
    /// The catalog lacks what the value needs (a rating needs its lifecycle, a
    /// difficulty score its `pricing.difficulty_rate`, …).
    NotInCatalog {
        /// The member of the catalog, as a path.
        field: String,
    },
    /// A tier without a temporary upgrade (its window needs none, or the catalog
    /// gives no price).
    NoTemporaryUpgrade {
        /// The tier.
        tier: String,
    },
    /// A calendar named where no data directory was given.
    NeedsData {
        /// The calendar's id.
        calendar: String,
    },
    /// An amount too large to compute.
    Overflow,
    /// A month with no representable end.
    MonthOutOfRange,
    /// A contract without a credit schedule, asked for its credits.
    NoCreditSchedule {
        /// The contract.
        contract: String,
    },
    /// A month or year outside the contract period.
    OutsideContract {
        /// The month or year asked for.
        asked: String,
        /// The contract's start.
        start: String,
        /// Its end (or termination).
        end: String,
    },
    /// The manifest names a file that is not there.
    MissingFile {
        /// The file name.
        name: String,
    },
    /// A file of the data directory that the manifest does not name.
    NotInManifest,
    /// A data directory without its manifest, `index.json`.
    NoManifest,
    /// An outage names a request its contract's history does not have.
    NotInHistory {
        /// The request's id.
        request: String,
        /// The contract.
        contract: String,
    },
    /// Severity rules that can leave a request without a severity: the last should
    /// hold always.
    NoCatchAll,
    /// A rule's test that does not fit its question's kind.
    TestDoesNotFit {
        /// The test (`is`, `in`, `at_least`, …).
        test: String,
        /// The question.
        question: String,
        /// The question's kind, in words.
        kind: &'static [&'static str; 3],
    },
    /// A CSV file without even a header line.
    NoHeader {
        /// The columns a header may name.
        columns: Vec<String>,
    },
    /// A CSV quoted cell that is never closed.
    UnclosedQuote {
        /// The line it starts on.
        line: usize,
    },
    /// A CSV line whose number of cells differs from the header's.
    CellCount {
        /// The line.
        line: usize,
        /// Its cells.
        cells: usize,
        /// The header's.
        header: usize,
    },
    /// A CSV header's column that is not one of the known ones.
    UnknownColumn {
        /// The column.
        column: String,
        /// The known columns.
        known: Vec<String>,
    },
    /// A CSV header without a column it needs.
    MissingColumn {
        /// The column.
        column: String,
    },
    /// A CSV header's column given twice.
    DuplicateColumn {
        /// The column.
        column: String,
    },
    /// A line of an iCalendar file the catalog names for closed days that can't be
    /// read as closed days (the problem's path is the line). Only the readers of data
    /// directories (covered-ics, through `covered`) meet such files: the feature `ics`
    /// keeps it, and its words, out of the portal's and the calculator's wasm.
    #[cfg(feature = "ics")]
    Ics {
        /// What is wrong (English).
        error: String,
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
    /// An array with at least one entry.
    NonEmptyArray,
    /// A month `YYYY-MM`.
    Month,
    /// JSON text or a plain object (an argument of the JS API).
    Json,
}

impl Code {
    /// The stable code: `not_json`, `above_maximum`, …
    pub fn code(&self) -> &'static str {
        match self {
            Code::Calendar(e) => e.code(),
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
                Expected::NonEmptyArray => "expected_non_empty_array",
                Expected::Month => "expected_month",
                Expected::Json => "expected_json",
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
            Code::BeforeStart { .. } => "before_start",
            Code::NotAfterStart { .. } => "not_after_start",
            Code::NotBelow { .. } => "not_below",
            Code::OutOfRange { .. } => "out_of_range",
            Code::NotIncreasing { .. } => "not_increasing",
            Code::ExactlyOneOf { .. } => "exactly_one_of",
            Code::AtLeastOneOf { .. } => "at_least_one_of",
            Code::MoveToItself { .. } => "move_to_itself",
            Code::UnsupportedSchema { .. } => "unsupported_schema",
            Code::OverlapsBand { .. } => "overlaps_band",
            Code::NotAHoliday { .. } => "not_a_holiday",
            Code::NotInCatalog { .. } => "not_in_catalog",
            Code::NeedsData { .. } => "needs_data",
            Code::NoTemporaryUpgrade { .. } => "no_temporary_upgrade",
            Code::Overflow => "overflow",
            Code::MonthOutOfRange => "month_out_of_range",
            Code::NoCreditSchedule { .. } => "no_credit_schedule",
            Code::OutsideContract { .. } => "outside_contract",
            Code::MissingFile { .. } => "missing_file",
            Code::NotInManifest => "not_in_manifest",
            Code::NoManifest => "no_manifest",
            Code::NotInHistory { .. } => "not_in_history",
            Code::NoCatchAll => "no_catch_all",
            Code::TestDoesNotFit { .. } => "test_does_not_fit",
            Code::UnclosedQuote { .. } => "unclosed_quote",
            Code::NoHeader { .. } => "no_header",
            Code::CellCount { .. } => "cell_count",
            Code::UnknownColumn { .. } => "unknown_column",
            Code::DuplicateColumn { .. } => "duplicate_column",
            Code::MissingColumn { .. } => "missing_column",
            #[cfg(feature = "ics")]
            Code::Ics { .. } => "not_ics_closure",
        }
    }

    /// The parameters, by name.
    pub fn params(&self) -> Params<'_> {
        use Param::{Decimal as D, List, Str};
        match self {
            Code::Calendar(e) => e.params(),
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
                Expected::NonEmptyString | Expected::Pair | Expected::NonEmptyArray => vec![],
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
            Code::BeforeStart { value, start } | Code::NotAfterStart { value, start } => {
                vec![("value", Str(value)), ("start", Str(start))]
            }
            Code::NotBelow { value, bound } => vec![("value", D(*value)), ("bound", D(*bound))],
            Code::NotIncreasing { value, previous } => {
                vec![("value", D(*value)), ("previous", D(*previous))]
            }
            Code::OutOfRange { value, min, max } => {
                vec![("value", D(*value)), ("min", D(*min)), ("max", D(*max))]
            }
            Code::ExactlyOneOf { fields } | Code::AtLeastOneOf { fields } => {
                vec![("fields", List(fields))]
            }
            Code::MoveToItself { status } => vec![("status", Str(status))],
            Code::UnsupportedSchema { version, supported } => {
                vec![
                    ("version", Param::Count(*version)),
                    ("supported", Param::Count(*supported)),
                ]
            }
            Code::OverlapsBand { other } => vec![("other", Str(other))],
            Code::NotAHoliday { date } => vec![("date", Str(date))],
            Code::NotInCatalog { field } => vec![("field", Str(field))],
            Code::NeedsData { calendar } => vec![("calendar", Str(calendar))],
            Code::NoTemporaryUpgrade { tier } => vec![("tier", Str(tier))],
            Code::Overflow
            | Code::MonthOutOfRange
            | Code::NotInManifest
            | Code::NoManifest
            | Code::NoCatchAll => vec![],
            Code::NoCreditSchedule { contract } => vec![("contract", Str(contract))],
            Code::OutsideContract { asked, start, end } => vec![
                ("asked", Str(asked)),
                ("start", Str(start)),
                ("end", Str(end)),
            ],
            Code::MissingFile { name } => vec![("name", Str(name))],
            Code::NotInHistory { request, contract } => {
                vec![("request", Str(request)), ("contract", Str(contract))]
            }
            Code::TestDoesNotFit {
                test,
                question,
                kind,
            } => vec![
                ("test", Str(test)),
                ("question", Str(question)),
                ("kind", Param::Word(kind)),
            ],
            Code::UnclosedQuote { line } => vec![("line", count(*line))],
            Code::NoHeader { columns } => vec![("columns", List(columns))],
            Code::CellCount {
                line,
                cells,
                header,
            } => vec![
                ("line", count(*line)),
                ("cells", count(*cells)),
                ("header", count(*header)),
            ],
            Code::UnknownColumn { column, known } => {
                vec![("column", Str(column)), ("known", List(known))]
            }
            Code::DuplicateColumn { column } | Code::MissingColumn { column } => {
                vec![("column", Str(column))]
            }
            #[cfg(feature = "ics")]
            Code::Ics { error } => vec![("error", Str(error))],
        }
    }
}

impl From<CalendarError> for Code {
    fn from(e: CalendarError) -> Code {
        Code::Calendar(e)
    }
}

impl From<crate::money::Overflow> for Code {
    fn from(_: crate::money::Overflow) -> Code {
        Code::Overflow
    }
}

impl From<crate::availability::AvailabilityError> for Code {
    fn from(e: crate::availability::AvailabilityError) -> Code {
        use crate::availability::AvailabilityError as E;
        match e {
            E::EmptyPeriod { from, to } => Code::NotAfterStart {
                value: to.to_string(),
                start: from.to_string(),
            },
            E::OutOfRange => Code::MonthOutOfRange,
        }
    }
}

impl From<crate::credits::CreditError> for Code {
    fn from(e: crate::credits::CreditError) -> Code {
        use crate::credits::CreditError as E;
        match e {
            E::NoSchedule { contract } => Code::NoCreditSchedule { contract },
            E::UnknownReference { kind, id } => Code::UnknownRef {
                kind,
                id,
                known: Vec::new(),
            },
            E::OutsideContract { asked, start, end } => Code::OutsideContract {
                asked,
                start: start.to_string(),
                end: end.to_string(),
            },
            E::Calendar(e) => Code::Calendar(e),
            E::Availability(e) => e.into(),
            E::Overflow => Code::Overflow,
        }
    }
}

impl From<crate::kpi::KpiError> for Code {
    fn from(e: crate::kpi::KpiError) -> Code {
        use crate::kpi::KpiError as E;
        match e {
            E::BadPeriod { from, to } => Code::BeforeStart {
                value: to.to_string(),
                start: from.to_string(),
            },
            E::UnknownTier(tier) => Code::UnknownTier { tier },
            E::Calendar(e) => Code::Calendar(e),
        }
    }
}

impl From<crate::compare::CompareError> for Code {
    fn from(e: crate::compare::CompareError) -> Code {
        use crate::compare::CompareError as E;
        match e {
            E::UnknownSeverity { severity, known } => Code::UnknownRef {
                kind: Ref::Severity,
                id: severity,
                known,
            },
            E::Calendar(e) => Code::Calendar(e),
            E::Overflow => Code::Overflow,
        }
    }
}

impl From<crate::replay::ReplayError> for Code {
    fn from(e: crate::replay::ReplayError) -> Code {
        match e {
            crate::replay::ReplayError::Calendar(e) => Code::Calendar(e),
            crate::replay::ReplayError::Overflow => Code::Overflow,
        }
    }
}

/// A negative number where none may be: below the minimum 0.
pub(crate) fn negative(value: Decimal) -> Code {
    Code::BelowMinimum {
        value,
        min: Decimal::ZERO,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

    /// What is wrong, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.message.clone(),
            lang => words::render(self.code.code(), &self.code.params(), lang),
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
