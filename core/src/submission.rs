//! Requests submitted through the portal: the record the browser keeps, its SR number,
//! and the [`PastRequest`] it becomes in the contract's history (so it counts against
//! the annual limits like any other request).

use crate::civil::DateTime;
use crate::contract::{Catalog, DataSet, Id, PastRequest, RequestStatus};
use crate::filing::Filing;
use crate::json::{owned, show};
use crate::lifecycle::Record;
use crate::map::Map;
use crate::problem::{Code, Expected, Problem, Problems};
use crate::request::Request;
use crate::verdict::{Verdict, evaluate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request submitted in the portal, as stored (docs/domain.md §10's SR form fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Submission {
    /// SR number (`SR-2026-0001`).
    pub sr: String,
    /// The request as it was filed (stored beside the other fields, not nested).
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub filing: Filing,
    /// When it was submitted (local time).
    pub submitted: DateTime,
    /// Severity id the verdict gave.
    pub severity: Option<Id>,
    /// How its status counts (kept in step with `record`, and what a CSV file carries).
    pub status: RequestStatus,
    /// Where it stands in the catalog's lifecycle, when it has one (what the server
    /// keeps, or what the portal keeps for a request filed in the browser).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lifecycle::opt_record"
    )]
    pub record: Option<Record>,
}

impl Submission {
    /// The record of `filing`, filed as `sr` at `submitted`, with the severity its verdict
    /// gave and its place in the catalog's lifecycle.
    pub fn filed(
        sr: String,
        filing: Filing,
        submitted: DateTime,
        severity: Option<Id>,
        record: Option<Record>,
    ) -> Submission {
        Submission {
            sr,
            filing,
            submitted,
            severity,
            status: RequestStatus::Open,
            record,
        }
    }

    /// The request's JSON text, as `api::check` reads it (without `received`).
    pub fn request_json(&self) -> String {
        self.filing.request_json()
    }

    /// The entry it makes in the contract's history: with a lifecycle record and the
    /// catalog's lifecycle, how its status counts, its first reply, resolution, pauses,
    /// rework and complaint come from them.
    pub fn to_past_request(&self, catalog: &Catalog) -> PastRequest {
        let entry = self.entry();
        match (&self.record, &catalog.lifecycle) {
            (Some(r), Some(lc)) => lc.past_request(r, entry),
            _ => entry,
        }
    }

    fn entry(&self) -> PastRequest {
        PastRequest {
            id: self.sr.clone(),
            category: self.filing.category.clone(),
            title: Some(self.filing.title.clone()),
            submitted: self.submitted,
            completed: None,
            status: self.status,
            paid: self.filing.paid,
            severity: self.severity.clone(),
            responded: None,
            wanted_by: self.filing.wanted_by,
            rework: false,
            complaint: false,
            restored: None,
            person_days: None,
            pauses: Vec::new(),
        }
    }
}

pub use crate::filing::request_json;

/// Checks a request (JSON text) under contract `contract_id` of `data` at `now`, like
/// [`crate::api::check`], with the portal's `submitted` requests of that contract added
/// to its history (so they count against the annual limits).
///
/// # Errors
///
/// As for [`crate::api::check`].
pub fn check_with_submissions(
    data: &DataSet,
    contract_id: &str,
    request_json: &str,
    submitted: &[Submission],
    now: DateTime,
) -> Result<Verdict, Problems> {
    let Some(contract) = data.contract(contract_id) else {
        return crate::api::check(data, contract_id, request_json, now);
    };
    if !submitted.iter().any(|s| s.filing.contract == contract_id) {
        return crate::api::check(data, contract_id, request_json, now);
    }
    let zone = crate::contract::catalog_zone(&data.catalog);
    let request = Request::from_json(request_json, &data.catalog, &zone)?;
    let history = history_with(data, contract_id, submitted);
    evaluate(&data.catalog, contract, &request, &history, now)
}

/// The history of contract `contract_id` with the portal's `submitted` requests of that
/// contract after it, as they count.
pub fn history_with(
    data: &DataSet,
    contract_id: &str,
    submitted: &[Submission],
) -> Vec<PastRequest> {
    let mut history = data.history(contract_id).to_vec();
    history.extend(
        submitted
            .iter()
            .filter(|s| s.filing.contract == contract_id)
            .map(|s| s.to_past_request(&data.catalog)),
    );
    history
}

/// The history of contract `contract_id`, with the portal's `submitted` requests,
/// replayed under every tier (what [`crate::api::replay`] does with the data set's
/// history alone).
///
/// # Errors
///
/// An unknown contract, or a clock that can't run.
pub fn replay_with_submissions(
    data: &DataSet,
    contract_id: &str,
    submitted: &[Submission],
) -> Result<crate::replay::Replay, Problems> {
    let history = history_with(data, contract_id, submitted);
    crate::api::replay_history(data, contract_id, &history)
}

/// The local time in the catalog's zone at `unix_ms` milliseconds since the epoch (the
/// browser's clock), to the minute.
pub fn local_now(data: &DataSet, unix_ms: i64) -> Option<DateTime> {
    let ts = crate::civil::Timestamp::from_millisecond(unix_ms).ok()?;
    let zone = crate::contract::catalog_zone(&data.catalog);
    let local = zone.to_local(ts);
    Some(local.to_minute())
}

/// The columns of [`to_csv`], in order. `answers` holds the answers as JSON text.
pub const CSV_COLUMNS: [&str; 15] = [
    "sr",
    "contract",
    "requester",
    "branch",
    "product",
    "version",
    "category",
    "title",
    "details",
    "submitted",
    "wanted_by",
    "severity",
    "paid",
    "status",
    "answers",
];

/// The submissions as CSV (RFC 4180, a header line, CRLF line ends), for spreadsheets;
/// a cell a spreadsheet would run is written as text ([`crate::csv::cell`]).
pub fn to_csv(submissions: &[Submission]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for s in submissions {
        let status = serde_json::to_value(s.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let cells = [
            s.sr.clone(),
            s.filing.contract.clone(),
            s.filing.requester.clone(),
            s.filing.branch.clone().unwrap_or_default(),
            s.filing.product.clone(),
            s.filing.version.clone(),
            s.filing.category.clone(),
            s.filing.title.clone(),
            s.filing.details.clone(),
            s.submitted.to_string(),
            s.filing
                .wanted_by
                .map(|d| d.to_string())
                .unwrap_or_default(),
            s.severity.clone().unwrap_or_default(),
            s.filing.paid.to_string(),
            status,
            if s.filing.answers.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&s.filing.answers).unwrap_or_default()
            },
        ];
        crate::csv::line(&mut out, &cells);
    }
    out
}

/// The columns [`from_csv`] cannot do without.
const CSV_REQUIRED: [&str; 7] = [
    "sr",
    "contract",
    "product",
    "version",
    "category",
    "submitted",
    "status",
];

/// Reads submissions back from CSV as [`to_csv`] writes it, or as a spreadsheet saved
/// it again: a header line naming the columns (in any order; all but
/// `sr, contract, product, version, category, submitted, status` may be left out), then
/// one request per line. A UTF-8 byte-order mark, LF or CRLF line ends and blank lines
/// are accepted.
///
/// # Errors
///
/// Every problem at once, each naming `file`, the row and column as a path
/// (`$[2].submitted` is the third request's `submitted` cell) and what was expected.
/// Nothing is returned unless every row reads.
pub fn from_csv(file: &str, text: &str) -> Result<Vec<Submission>, Problems> {
    let mut problems = Problems(Vec::new());
    let push = |problems: &mut Problems, path: String, code: Code| {
        problems.0.push(Problem::new(file, path, code));
    };
    let rows = match csv_records(text.strip_prefix('\u{feff}').unwrap_or(text)) {
        Ok(rows) => rows,
        Err(line) => {
            push(&mut problems, "$".to_owned(), Code::UnclosedQuote { line });
            return Err(problems);
        }
    };
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        let columns = owned(&CSV_COLUMNS);
        push(&mut problems, "$".to_owned(), Code::NoHeader { columns });
        return Err(problems);
    };
    let columns = csv_columns(&header, &mut |m| push(&mut problems, "$".to_owned(), m));
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for (n, (line, cells)) in rows.enumerate() {
        if cells.len() != header.len() {
            let code = Code::CellCount {
                line,
                cells: cells.len(),
                header: header.len(),
            };
            push(&mut problems, format!("$[{n}]"), code);
            continue;
        }
        let mut report = |c: &str, m: Code| push(&mut problems, format!("$[{n}].{c}"), m);
        if let Some(s) = csv_row(&columns, &cells, &mut report) {
            out.push(s);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The header's columns by name, each problem (a column twice, unknown, or a required
/// one missing) given to `report`.
fn csv_columns<'h>(header: &'h [String], report: &mut dyn FnMut(Code)) -> Map<&'h str, usize> {
    let mut columns: Map<&str, usize> = Map::new();
    for (i, name) in header.iter().enumerate() {
        match CSV_COLUMNS.iter().find(|c| **c == name.trim()) {
            Some(c) if columns.contains_key(c) => report(Code::DuplicateColumn {
                column: (*c).to_owned(),
            }),
            Some(c) => {
                columns.insert(c, i);
            }
            None => report(Code::UnknownColumn {
                column: name.clone(),
                known: owned(&CSV_COLUMNS),
            }),
        }
    }
    for c in CSV_REQUIRED {
        if !columns.contains_key(c) {
            report(Code::MissingColumn {
                column: (*c).to_owned(),
            });
        }
    }
    columns
}

/// One CSV line's request from its `cells` (in the header's `columns`); every problem
/// is given to `report` with its column, and then there is no request.
fn csv_row(
    columns: &Map<&str, usize>,
    cells: &[String],
    report: &mut dyn FnMut(&str, Code),
) -> Option<Submission> {
    let cell = |c: &str| {
        columns
            .get(c)
            .and_then(|i| cells.get(*i))
            .map_or("", |c| crate::csv::read(c))
    };
    let mut wrong = false;
    let mut problem = |c: &str, m: Code| {
        wrong = true;
        report(c, m);
    };
    let mut required = |c: &str| {
        let v = cell(c).trim();
        if v.is_empty() {
            let code = Code::Expected {
                what: Expected::NonEmptyString,
                found: String::new(),
            };
            problem(c, code);
        }
        v.to_owned()
    };
    let sr = required("sr");
    let contract = required("contract");
    let product = required("product");
    let version = required("version");
    let category = required("category");
    let submitted_text = required("submitted");
    let status_text = required("status");
    let submitted = match submitted_text.parse::<DateTime>() {
        Ok(d) => Some(d),
        Err(_) if submitted_text.is_empty() => None,
        Err(e) => {
            let code = Code::NotDateTime {
                value: submitted_text.clone(),
                reason: e.reason().to_owned(),
            };
            problem("submitted", code);
            None
        }
    };
    let wanted_text = cell("wanted_by").trim();
    let wanted_by = if wanted_text.is_empty() {
        None
    } else {
        let d = crate::json::parse_date(wanted_text);
        if d.is_none() {
            let found = show(&Value::String(wanted_text.to_owned()));
            let what = Expected::Date;
            problem("wanted_by", Code::Expected { what, found });
        }
        d
    };
    let status = serde_json::from_value::<RequestStatus>(Value::String(status_text.clone())).ok();
    if status.is_none() && !status_text.is_empty() {
        let code = Code::NotOneOf {
            value: status_text.clone(),
            options: owned(&["open", "completed", "cancelled", "refused"]),
        };
        problem("status", code);
    }
    let paid = match cell("paid").trim() {
        "" | "false" | "FALSE" | "False" => Some(false),
        "true" | "TRUE" | "True" => Some(true),
        other => {
            let found = show(&Value::String(other.to_owned()));
            let what = Expected::Bool;
            problem("paid", Code::Expected { what, found });
            None
        }
    };
    let answers_text = cell("answers").trim();
    let answers = if answers_text.is_empty() {
        Some(Map::new())
    } else {
        let a = serde_json::from_str::<Map<Id, Value>>(answers_text).ok();
        if a.is_none() {
            let found = show(&Value::String(answers_text.to_owned()));
            let what = Expected::Object;
            problem("answers", Code::Expected { what, found });
        }
        a
    };
    if wrong {
        return None;
    }
    let optional = |c: &str| Some(cell(c).trim().to_owned()).filter(|s| !s.is_empty());
    Some(Submission {
        sr,
        filing: Filing {
            contract,
            requester: cell("requester").to_owned(),
            branch: optional("branch"),
            product,
            version,
            category,
            title: cell("title").to_owned(),
            details: cell("details").to_owned(),
            answers: answers?,
            wanted_by,
            paid: paid?,
        },
        submitted: submitted?,
        severity: optional("severity"),
        status: status?,
        record: None,
    })
}

/// Splits CSV text into records of cells (RFC 4180 quoting), each with the line it
/// starts on; blank lines are skipped. `Err` carries the line of a quote never closed.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let mut records = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut quote_line = 1;
    let mut chars = text.chars().peekable();
    let end_record =
        |cells: &mut Vec<String>, cell: &mut String, records: &mut Vec<_>, start: usize| {
            cells.push(std::mem::take(cell));
            let done = std::mem::take(cells);
            if !(done.len() == 1 && done.first().is_some_and(String::is_empty)) {
                records.push((start, done));
            }
        };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                quote_line = line;
            }
            ',' => cells.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut cells, &mut cell, &mut records, start);
                line += 1;
                start = line;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(quote_line);
    }
    if !cell.is_empty() || !cells.is_empty() {
        end_record(&mut cells, &mut cell, &mut records, start);
    }
    Ok(records)
}

/// Adds the `incoming` submissions that `existing` lacks (same contract and SR number)
/// and returns how many were added; existing entries win.
pub fn merge(existing: &mut Vec<Submission>, incoming: Vec<Submission>) -> usize {
    let mut added = 0;
    for s in incoming {
        if !existing
            .iter()
            .any(|e| e.filing.contract == s.filing.contract && e.sr == s.sr)
        {
            existing.push(s);
            added += 1;
        }
    }
    added
}

/// The next SR number of `year` for a contract whose requests have the numbers
/// `existing`: one more than the highest `SR-<year>-NNNN` among them, four digits.
pub fn next_sr_number<'a>(existing: impl IntoIterator<Item = &'a str>, year: i16) -> String {
    let prefix = format!("SR-{year}-");
    let highest = existing
        .into_iter()
        .filter_map(|id| id.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", highest.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::{date, datetime};

    fn library() -> DataSet {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/library/");
        let index = std::fs::read_to_string(format!("{dir}index.json")).unwrap_or_default();
        let mut files = Map::new();
        for f in crate::contract::manifest_files(&index).unwrap_or_default() {
            files.insert(
                f.clone(),
                std::fs::read_to_string(format!("{dir}{f}")).unwrap_or_default(),
            );
        }
        files.insert("index.json".to_owned(), index);
        crate::contract::load_for_requests(&files).unwrap_or_else(|p| unreachable!("{p}"))
    }

    #[test]
    fn submissions_count_against_the_limit_and_local_now_reads_the_zone() {
        let data = library();
        let now = datetime(2026, 11, 23, 10, 0, 0, 0);
        let json = r#"{"branch":"main","product":"DLi","version":"8","category":"stats_report","answers":{"person_days":1,"security_risk":false}}"#;
        let sub = |sr: &str| Submission {
            sr: sr.into(),
            filing: Filing {
                contract: "hanbit-city".into(),
                requester: "r".into(),
                branch: Some("main".into()),
                product: "DLi".into(),
                version: "8".into(),
                category: "stats_report".into(),
                title: "t".into(),
                details: String::new(),
                answers: Map::new(),
                wanted_by: None,
                paid: false,
            },
            submitted: now,
            severity: None,
            status: RequestStatus::Open,
            record: None,
        };
        let table: [(Vec<Submission>, crate::coverage::Status, u32); 3] = [
            (vec![], crate::coverage::Status::Covered, 1),
            (
                vec![sub("SR-2026-0001")],
                crate::coverage::Status::NotCovered,
                0,
            ),
            // another contract's submission does not count
            (
                vec![Submission {
                    filing: Filing {
                        contract: "bada-county".into(),
                        ..sub("SR-2026-0001").filing.clone()
                    },
                    ..sub("SR-2026-0001")
                }],
                crate::coverage::Status::Covered,
                1,
            ),
        ];
        for (subs, status, left) in table {
            let v = check_with_submissions(&data, "hanbit-city", json, &subs, now)
                .unwrap_or_else(|p| unreachable!("{p}"));
            assert_eq!(v.coverage.status, status);
            assert_eq!(v.quota.map(|q| q.remaining), Some(left));
        }
        // 2026-11-20T13:30:45Z is 22:30 in Seoul.
        assert_eq!(
            local_now(&data, 1_795_181_445_000),
            Some(datetime(2026, 11, 20, 22, 30, 0, 0))
        );
    }

    #[test]
    fn csv_quotes_and_merge_keeps_existing() {
        let base = Submission {
            sr: "SR-2026-0001".into(),
            filing: Filing {
                contract: "c".into(),
                requester: "김, \"사서\"".into(),
                branch: None,
                product: "DLi".into(),
                version: "8".into(),
                category: "stats_report".into(),
                title: "line1\nline2".into(),
                details: String::new(),
                answers: Map::new(),
                wanted_by: Some(date(2026, 12, 1)),
                paid: false,
            },
            submitted: datetime(2026, 11, 23, 10, 0, 0, 0),
            severity: Some("low".into()),
            status: RequestStatus::Open,
            record: None,
        };
        let csv = to_csv(std::slice::from_ref(&base));
        let table = [
            (
                0,
                "sr,contract,requester,branch,product,version,category,title,details,submitted,wanted_by,severity,paid,status,answers",
            ),
            (
                1,
                "SR-2026-0001,c,\"김, \"\"사서\"\"\",,DLi,8,stats_report,\"line1\nline2\",,2026-11-23T10:00:00,2026-12-01,low,false,open,",
            ),
        ];
        let lines: Vec<&str> = csv.split("\r\n").collect();
        for (i, want) in table {
            assert_eq!(lines.get(i).copied(), Some(want));
        }
        let mut all = vec![base.clone()];
        let other = Submission {
            sr: "SR-2026-0002".into(),
            ..base.clone()
        };
        let changed = Submission {
            filing: Filing {
                title: "changed".into(),
                ..base.clone().filing.clone()
            },
            ..base.clone()
        };
        assert_eq!(merge(&mut all, vec![changed, other]), 1);
        assert_eq!(all.len(), 2);
        assert_eq!(
            all.first().map(|s| s.filing.title.as_str()),
            Some("line1\nline2")
        );
    }

    fn sample_submission() -> Submission {
        Submission {
            sr: "SR-2026-0003".into(),
            filing: Filing {
                contract: "hanbit-city".into(),
                requester: "김사서, 자료팀".into(),
                branch: Some("main".into()),
                product: "DLi".into(),
                version: "8".into(),
                category: "stats_report".into(),
                title: "\"월간\" 통계".into(),
                details: "첫 줄\n둘째 줄".into(),
                answers: Map::from([
                    ("channels".to_owned(), serde_json::json!(["web", "mobile"])),
                    ("users".to_owned(), serde_json::json!(40)),
                ]),
                wanted_by: Some(date(2026, 12, 4)),
                paid: true,
            },
            submitted: datetime(2026, 11, 23, 14, 30, 0, 0),
            severity: Some("low".into()),
            status: RequestStatus::Completed,
            record: None,
        }
    }

    #[test]
    fn csv_round_trips_every_field() {
        let s = sample_submission();
        let plain = Submission {
            sr: "SR-2026-0004".into(),
            filing: Filing {
                branch: None,
                answers: Map::new(),
                wanted_by: None,
                paid: false,
                ..s.clone().filing.clone()
            },
            severity: None,
            status: RequestStatus::Open,
            ..s.clone()
        };
        // A title a spreadsheet would run is written as text and read back as typed.
        let formula = Submission {
            sr: "SR-2026-0005".into(),
            filing: Filing {
                title: "=HYPERLINK(\"http://x\",\"열기\")".into(),
                details: "-1+1".into(),
                ..plain.filing.clone()
            },
            ..plain.clone()
        };
        let all = vec![s, plain, formula];
        let csv = to_csv(&all);
        assert!(
            csv.contains("\"'=HYPERLINK(") && csv.contains(",'-1+1,"),
            "{csv}"
        );
        assert_eq!(from_csv("requests.csv", &csv), Ok(all.clone()));
        // As a spreadsheet saves it again: a byte-order mark and LF line ends.
        let resaved = format!("\u{feff}{}", csv.replace("\r\n", "\n"));
        assert_eq!(from_csv("requests.csv", &resaved), Ok(all));
    }

    #[test]
    fn csv_columns_may_come_in_any_order_and_optional_ones_may_be_missing() {
        let csv = "status,submitted,category,version,product,contract,sr\n\
                   open,2026-11-23T09:00:00,stats_report,8,DLi,hanbit-city,SR-2026-0009\n\n";
        let got = from_csv("x.csv", csv);
        let s = got.as_ref().ok().and_then(|v| v.first());
        assert_eq!(s.map(|s| s.sr.as_str()), Some("SR-2026-0009"));
        assert_eq!(
            s.map(|s| s.submitted),
            Some(datetime(2026, 11, 23, 9, 0, 0, 0))
        );
        assert_eq!(s.map(|s| s.filing.paid), Some(false));
        assert_eq!(got.map(|v| v.len()), Ok(1));
    }

    #[track_caller]
    fn check_csv_problems(csv: &str, expected: &[&str]) {
        let got = from_csv("import.csv", csv)
            .map_err(|p| p.0.iter().map(ToString::to_string).collect::<Vec<_>>());
        assert_eq!(
            got,
            Err(expected.iter().map(|s| (*s).to_owned()).collect()),
            "{csv:?}"
        );
    }

    #[test]
    fn csv_problems_name_the_row_and_column() {
        let header = CSV_COLUMNS.join(",");
        check_csv_problems(
            "",
            &[
                "import.csv: $: empty file; expected a header line (sr, contract, requester, branch, product, version, category, title, details, submitted, wanted_by, severity, paid, status, answers)",
            ],
        );
        check_csv_problems(
            "sr,contract,colour\n",
            &[
                "import.csv: $: unknown column \"colour\" in the header (known: sr, contract, requester, branch, product, version, category, title, details, submitted, wanted_by, severity, paid, status, answers)",
                "import.csv: $: the header lacks the column \"product\"",
                "import.csv: $: the header lacks the column \"version\"",
                "import.csv: $: the header lacks the column \"category\"",
                "import.csv: $: the header lacks the column \"submitted\"",
                "import.csv: $: the header lacks the column \"status\"",
            ],
        );
        check_csv_problems(
            &format!(
                "{header}\n\
                 SR-1,c,,,DLi,8,stats_report,t,,2026-02-30T10:00:00,next week,,maybe,done,[1]\n\
                 SR-2,c,,,DLi,8,stats_report,t,,2026-02-03T10:00:00,,,,open\n\
                 ,c,,,DLi,8,stats_report,t,,2026-02-03T10:00:00,,,,open,\n"
            ),
            &[
                "import.csv: $[0].submitted: invalid date-time \"2026-02-30T10:00:00\": no such day in the calendar (expected ISO-8601 like \"2025-10-02T17:40\" or \"2025-10-02T17:40:00+09:00\")",
                "import.csv: $[0].wanted_by: expected a date YYYY-MM-DD, found \"next week\"",
                "import.csv: $[0].status: done is not one of: open, completed, cancelled, refused",
                "import.csv: $[0].paid: expected true or false, found \"maybe\"",
                "import.csv: $[0].answers: expected an object, found \"[1]\"",
                "import.csv: $[1]: line 3 has 14 cells; the header has 15",
                "import.csv: $[2].sr: expected a non-empty string, found \"\"",
            ],
        );
        check_csv_problems(
            &format!("{header}\nSR-1,\"never closed\n"),
            &["import.csv: $: a quoted cell that starts on line 2 is never closed"],
        );
    }

    #[test]
    fn sr_numbers_follow_the_highest_of_the_year() {
        let table: [(&[&str], i16, &str); 5] = [
            (&[], 2026, "SR-2026-0001"),
            (&["SR-2026-0001", "SR-2026-0007"], 2026, "SR-2026-0008"),
            (&["SR-2025-0042"], 2026, "SR-2026-0001"),
            (
                &["SR-2026-0009", "R-100", "SR-2026-x"],
                2026,
                "SR-2026-0010",
            ),
            (&["SR-2026-9999"], 2026, "SR-2026-10000"),
        ];
        for (existing, year, want) in table {
            assert_eq!(next_sr_number(existing.iter().copied(), year), want);
        }
    }

    #[test]
    fn a_submission_becomes_an_open_past_request_and_a_request() {
        let mut answers = Map::new();
        answers.insert("person_days".to_owned(), Value::from(1));
        let s = Submission {
            sr: "SR-2026-0001".into(),
            filing: Filing {
                contract: "hanbit-city".into(),
                requester: "김사서".into(),
                branch: Some("main".into()),
                product: "DLi".into(),
                version: "8".into(),
                category: "stats_report".into(),
                title: "대출 통계".into(),
                details: String::new(),
                answers,
                wanted_by: Some(date(2026, 12, 1)),
                paid: false,
            },
            submitted: datetime(2026, 11, 23, 10, 0, 0, 0),
            severity: Some("low".into()),
            status: RequestStatus::Open,
            record: None,
        };
        let p = s.entry();
        let table = [
            (p.id.as_str(), "SR-2026-0001"),
            (p.category.as_str(), "stats_report"),
            (p.title.as_deref().unwrap_or(""), "대출 통계"),
            (p.severity.as_deref().unwrap_or(""), "low"),
        ];
        for (got, want) in table {
            assert_eq!(got, want);
        }
        assert_eq!(p.status, RequestStatus::Open);
        assert_eq!(p.submitted, datetime(2026, 11, 23, 10, 0, 0, 0));
        assert!(!p.paid && p.completed.is_none());
        assert_eq!(
            s.request_json(),
            r#"{"answers":{"person_days":1},"branch":"main","category":"stats_report","product":"DLi","version":"8"}"#
        );
        let back: Submission = serde_json::from_str(&serde_json::to_string(&s).unwrap_or_default())
            .unwrap_or(s.clone());
        assert_eq!(back, s);
    }
}
