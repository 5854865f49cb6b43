//! The one place where codes become sentences: every reason, alternative and problem
//! the engine states is a code with parameters, and its Korean and English sentences
//! are these templates filled in.
//!
//! A template names its parameters in braces: `{limit}`. `{name|은}`, `{name|이}` and
//! `{name|을}` write the parameter followed by the Korean particle its last sound takes
//! ([`particle`]). Names a vendor wrote (a branch, a service, a clause) arrive as
//! parameters in both languages and are written in the sentence's own; only the
//! templates live here.

use crate::civil::Date;
use crate::i18n::{Lang, Particle, Text, particle};
use rust_decimal::Decimal;
use serde::Serialize;

/// One parameter of a code, as it is serialised and as it is written into a sentence.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    /// An id or a value as given (written as is in both languages).
    Str(&'a str),
    /// A count.
    Count(u32),
    /// A decimal number.
    Decimal(Decimal),
    /// A date.
    Date(Date),
    /// A date that may be unknown (written as nothing).
    MaybeDate(Option<Date>),
    /// A name from the data, in both languages.
    Name(&'a Text),
    /// A list of ids.
    List(&'a [String]),
    /// A word of the engine's own: its id, serialised, then its Korean and English.
    Word(&'static [&'static str; 3]),
    /// A whole number that may be negative.
    Int(i64),
    /// A window of business hours (`09:00-18:00`).
    Window(crate::calendar::Window),
    /// A local date-time.
    DateTime(crate::civil::DateTime),
}

impl Serialize for Param<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Param::Str(v) => s.serialize_str(v),
            Param::Count(n) => s.serialize_u32(*n),
            Param::Decimal(d) => s.collect_str(d),
            Param::Date(d) => s.collect_str(d),
            Param::MaybeDate(Some(d)) => s.collect_str(d),
            Param::MaybeDate(None) => s.serialize_none(),
            Param::Name(t) => t.serialize(s),
            Param::List(l) => l.serialize(s),
            Param::Word([id, ..]) => s.serialize_str(id),
            Param::Int(n) => s.serialize_i64(*n),
            Param::Window(w) => s.collect_str(w),
            Param::DateTime(d) => s.collect_str(d),
        }
    }
}

impl Param<'_> {
    fn write(&self, out: &mut String, lang: Lang) {
        use std::fmt::Write;
        // Writing into a `String` does not fail.
        let _ = match self {
            Param::Str(v) => {
                out.push_str(v);
                Ok(())
            }
            Param::Count(n) => write!(out, "{n}"),
            Param::Int(n) => write!(out, "{n}"),
            Param::Window(w) => write!(out, "{w}"),
            Param::DateTime(d) => write!(out, "{d}"),
            Param::Decimal(d) => write!(out, "{d}"),
            Param::Date(d) | Param::MaybeDate(Some(d)) => write!(out, "{d}"),
            Param::MaybeDate(None) => Ok(()),
            Param::Name(t) => {
                out.push_str(t.get(lang));
                Ok(())
            }
            Param::List(l) => {
                for (i, id) in l.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(id);
                }
                Ok(())
            }
            Param::Word([_, ko, en]) => {
                out.push_str(match lang {
                    Lang::Ko => ko,
                    Lang::En => en,
                });
                Ok(())
            }
        };
    }
}

/// A code's parameters, by name, in the order they are serialised.
pub type Params<'a> = Vec<(&'static str, Param<'a>)>;

/// The maintenance contract's period, as a reason names it.
pub const MAINTENANCE_PERIOD: [&str; 3] = [
    "maintenance",
    "유지보수 계약 기간",
    "maintenance contract period",
];
/// The free warranty period, as a reason names it.
pub const WARRANTY_PERIOD: [&str; 3] = ["warranty", "무상 하자보수 기간", "free warranty period"];

/// Every template: code, Korean, English. Reasons first, then alternatives, then
/// problems.
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    // Reasons behind a coverage verdict.
    (
        "period_not_started",
        "{period|이} 아직 시작되지 않았습니다 ({start} 시작)",
        "the {period} has not started yet (starts {start})",
    ),
    (
        "period_ended",
        "{period|이} {end}에 끝났습니다",
        "the {period} ended on {end}",
    ),
    (
        "within_period",
        "{period} 중입니다 ({start} – {end})",
        "within the {period} ({start} – {end})",
    ),
    (
        "terminated",
        "고객이 {on}에 계약을 중단하여 기술지원과 패치가 중단되었습니다",
        "the customer terminated the contract on {on}; support and patches stopped",
    ),
    (
        "branch_not_covered",
        "'{branch}'{^은} 이 계약의 분관이 아닙니다",
        "\"{branch}\" is not a branch under this contract",
    ),
    (
        "branch_needs_addendum",
        "{branch_name|은} 구축({built_on}) 이후에 추가된 분관이라 별도 계약이 필요합니다",
        "{branch_name} was added after the build ({built_on}), so it needs its own addendum",
    ),
    (
        "branch_by_addendum",
        "{branch_name|은} 부속 계약으로 포함되었습니다",
        "{branch_name} is covered by an addendum",
    ),
    (
        "version_not_covered",
        "{product} {version|은} 이 계약의 유지보수 대상 제품이 아닙니다",
        "{product} {version} is not a product maintained under this contract",
    ),
    (
        "supported",
        "{product} {version}의 '{service_name}'{^은} 지원(○) 대상입니다",
        "'{service_name}' is supported (○) for {product} {version}",
    ),
    (
        "selective",
        "{product} {version}의 '{service_name}'{^은} 선별 지원(△): 업체 검토 후 결정합니다",
        "'{service_name}' is selective (△) for {product} {version}: the vendor decides case by case",
    ),
    (
        "not_supported",
        "{product} {version}의 '{service_name}'{^은} 지원하지 않습니다(X)",
        "'{service_name}' is not supported (X) for {product} {version}",
    ),
    (
        "not_applicable",
        "'{service_name}'{^은} {product}에 해당하지 않습니다(–)",
        "'{service_name}' does not apply to {product} (–)",
    ),
    (
        "paid_category",
        "'{category_name}'{^은} 유상 변경요청(CR/ADC)입니다",
        "'{category_name}' is a paid change request (CR/ADC)",
    ),
    ("excluded", "{because}", "{because}"),
    ("selective_by_rule", "{because}", "{because}"),
    (
        "waived",
        "{because} — 고객이 책임을 감수하여 예외로 처리합니다",
        "{because} — waived: the customer accepts responsibility",
    ),
    (
        "needs_addon",
        "{because} — {addon_name} 계약이 없습니다",
        "{because} — the contract has no {addon_name}",
    ),
    (
        "needs_feature",
        "{because} — {tier_name} 등급에는 '{feature_name}'{^이} 포함되지 않습니다",
        "{because} — the {tier_name} tier does not include {feature_name}",
    ),
    (
        "over_limit",
        "'{category_name}'{^은} 연 {limit}회로 제한되며 이번 계약연도에 이미 {used}회(완료 {completed} · 진행 {pending}) 사용했습니다; {resets_on}에 초기화됩니다",
        "'{category_name}' is limited to {limit} a year and {used} are already used this contract year ({completed} done, {pending} pending); the count resets on {resets_on}",
    ),
    (
        "within_limit",
        "'{category_name}' 연 {limit}회 중 {remaining}회 남았습니다 (이 요청 후 {after}회)",
        "'{category_name}': {remaining} of {limit} left this contract year ({after} after this request)",
    ),
    (
        "within_limit_unused",
        "'{category_name}' 연 {limit}회 중 {remaining}회 남았습니다",
        "'{category_name}': {remaining} of {limit} left this contract year",
    ),
    // What would cover a request otherwise.
    (
        "renew_after_warranty",
        "무상 하자보수 기간 이후에는 유지보수 계약을 체결하면 지원됩니다",
        "after the free warranty, a maintenance contract covers it",
    ),
    (
        "renew",
        "유지보수 계약을 갱신하면 지원됩니다",
        "renewing the maintenance contract covers it",
    ),
    (
        "renew_after_termination",
        "유지보수 계약을 다시 체결하면 지원됩니다",
        "a new maintenance contract covers it",
    ),
    (
        "addendum",
        "{branch_name|을} 유지보수 계약에 추가하는 부속 계약",
        "a contract addendum adding {branch_name} to the maintenance contract",
    ),
    (
        "change_request_not_supported",
        "유상 변경요청(CR)으로 진행할 수 있습니다",
        "it can be done as a paid change request (CR)",
    ),
    (
        "change_request_paid_category",
        "공수 × 단가로 견적 후 계약 변경으로 진행합니다",
        "quoted as person-days × day rate, then done under a contract amendment",
    ),
    (
        "change_request_excluded",
        "{clause} 사유로 제외되지만 유상 변경요청(CR)으로 진행할 수 있습니다",
        "excluded by {clause}, but it can be done as a paid change request (CR)",
    ),
    (
        "change_request_over_limit",
        "연간 한도를 넘는 요청은 유상 변경요청(CR)으로 견적할 수 있습니다",
        "a request over the annual limit can be quoted as a paid change request (CR)",
    ),
    (
        "waiver",
        "고객이 서면으로 책임을 감수하면 예외로 지원됩니다 ({question_text})",
        "covered if the customer accepts responsibility in writing ({question_text})",
    ),
    (
        "addon",
        "{addon_name} 계약을 추가하면 지원됩니다",
        "adding {addon_name} to the contract covers it",
    ),
    (
        "higher_tier",
        "{tier_name} 이상 등급에 '{feature_name}'{^이} 포함됩니다",
        "{tier_name} and above include {feature_name}",
    ),
    (
        "temporary_upgrade",
        "지원 시간 밖의 긴급 장애입니다: 시간당 {hourly}원에 임시로 {calendar_name}로 업그레이드할 수 있습니다",
        "an urgent incident outside the support window: a temporary upgrade to {calendar_name} costs ₩{hourly} per hour",
    ),
    // Problems with a request or a file.
    (
        "not_json",
        "올바른 JSON이 아닙니다: {error} ({line}행 {column}열)",
        "not valid JSON: {error} at line {line} column {column}",
    ),
    (
        "unknown_field",
        "알 수 없는 항목입니다 (가능한 항목: {expected})",
        "unknown field (expected one of: {expected})",
    ),
    (
        "missing_field",
        "`{field}` 항목이 없습니다",
        "missing field `{field}`",
    ),
    (
        "expected_object",
        "객체가 필요한데 {found|이} 있습니다",
        "expected an object, found {found}",
    ),
    (
        "expected_string",
        "문자열이 필요한데 {found|이} 있습니다",
        "expected a string, found {found}",
    ),
    (
        "expected_non_empty_string",
        "비어 있지 않은 문자열이 필요합니다",
        "expected a non-empty string, found \"\"",
    ),
    (
        "expected_bool",
        "예(true) 또는 아니요(false)가 필요한데 {found|이} 있습니다",
        "expected true or false, found {found}",
    ),
    (
        "expected_count",
        "0 이상의 정수가 필요한데 {found|이} 있습니다",
        "expected a whole number ≥ 0, found {found}",
    ),
    (
        "expected_decimal",
        "\"1234.50\" 같은 수가 필요한데 {found|이} 있습니다",
        "expected a decimal number such as \"1234.50\", found {found}",
    ),
    (
        "expected_date",
        "YYYY-MM-DD 형식의 날짜가 필요한데 {found|이} 있습니다",
        "expected a date YYYY-MM-DD, found {found}",
    ),
    (
        "expected_array",
        "배열이 필요한데 {found|이} 있습니다",
        "expected an array, found {found}",
    ),
    (
        "expected_options",
        "선택지 배열이 필요한데 {found|이} 있습니다",
        "expected an array of options, found {found}",
    ),
    (
        "expected_text",
        "글이 필요한데 {found|이} 있습니다",
        "expected text, found {found}",
    ),
    (
        "expected_pair",
        "[시작, 끝] 두 값이 필요합니다",
        "expected a pair [from, to]",
    ),
    (
        "expected_non_empty_array",
        "하나 이상의 항목이 있는 배열이어야 합니다",
        "expected an array with at least one entry",
    ),
    (
        "expected_json",
        "JSON 텍스트나 일반 객체가 필요한데 {found|이} 있습니다",
        "expected JSON text or a plain object, found {found}",
    ),
    (
        "expected_month",
        "YYYY-MM 형식의 달이 필요한데 {found|이} 있습니다",
        "expected a month YYYY-MM, found {found}",
    ),
    (
        "not_one_of",
        "{value|은} 고를 수 있는 값이 아닙니다 (가능한 값: {options})",
        "{value} is not one of: {options}",
    ),
    (
        "below_minimum",
        "{value|은} 최솟값 {min}보다 작습니다",
        "{value} is below the minimum {min}",
    ),
    (
        "above_maximum",
        "{value|은} 최댓값 {max}보다 큽니다",
        "{value} is above the maximum {max}",
    ),
    (
        "unknown_product",
        "\"{product}\"{^은} 제품이 아닙니다 (있는 제품: {known})",
        "\"{product}\" is not a product (known: {known})",
    ),
    (
        "unknown_version",
        "\"{version}\"{^은} {product}의 버전이 아닙니다 (있는 버전: {known})",
        "\"{version}\" is not a version of {product} (known: {known})",
    ),
    (
        "unknown_category",
        "\"{category}\"{^은} 요청 유형이 아닙니다 (있는 유형: {known})",
        "\"{category}\" is not a request category (known: {known})",
    ),
    (
        "unknown_tier",
        "\"{tier}\"{^은} 등급이 아닙니다",
        "\"{tier}\" is not a tier",
    ),
    (
        "unknown_contract",
        "\"{contract}\"{^은} 계약이 아닙니다 (있는 계약: {known})",
        "\"{contract}\" is not a contract (known: {known})",
    ),
    (
        "not_date_time",
        "\"{value}\"{^은} 날짜·시각으로 읽을 수 없습니다 (예: \"2025-10-02T17:40\", \"2025-10-02T17:40:00+09:00\")",
        "invalid date-time \"{value}\": {reason} (expected ISO-8601 like \"2025-10-02T17:40\" or \"2025-10-02T17:40:00+09:00\")",
    ),
    (
        "unknown_ref",
        "\"{id}\"{^은} {kind|이} 아닙니다 (있는 값: {known})",
        "\"{id}\" is not {kind} (known: {known})",
    ),
    (
        "duplicate_id",
        "\"{id}\"{^은} 앞에서 이미 쓴 id입니다",
        "duplicate id \"{id}\"",
    ),
    (
        "pause_not_after",
        "고객 대기 {from} – {to}: 끝이 시작보다 뒤여야 합니다",
        "invalid pause {from} to {to}: a pause must end after it starts",
    ),
    (
        "unknown_zone",
        "알 수 없는 시간대 \"{value}\": \"Asia/Seoul\", \"UTC\", \"+09:00\" 같은 고정 오프셋이나 POSIX TZ 문자열(예: \"CET-1CEST,M3.5.0,M10.5.0/3\")이어야 합니다",
        "unknown time zone \"{value}\": expected \"Asia/Seoul\", \"UTC\", a fixed offset like \"+09:00\" or a POSIX TZ string like \"CET-1CEST,M3.5.0,M10.5.0/3\"",
    ),
    (
        "invalid_time",
        "\"{value}\"{^은} 시각이 아닙니다: 00:00부터 24:00까지의 HH:MM이어야 합니다",
        "invalid time of day \"{value}\": expected HH:MM from 00:00 to 24:00",
    ),
    (
        "invalid_window",
        "\"{value}\"{^은} 시간대가 아닙니다: 여는 시각이 닫는 시각보다 앞선 HH:MM-HH:MM이어야 합니다",
        "invalid window \"{value}\": expected HH:MM-HH:MM with the opening before the closing",
    ),
    (
        "invalid_day_hours",
        "{weekday} 영업시간 \"{value}\"{^은} HH:MM-HH:MM 시간대가 아닙니다 (여는 시각이 닫는 시각보다 앞서야 합니다)",
        "{weekday} hours: invalid window \"{value}\": expected HH:MM-HH:MM with the opening before the closing",
    ),
    (
        "invalid_day_time",
        "{weekday} 영업시간의 \"{value}\"{^은} 시각이 아닙니다: 00:00부터 24:00까지의 HH:MM이어야 합니다",
        "{weekday} hours: invalid time of day \"{value}\": expected HH:MM from 00:00 to 24:00",
    ),
    (
        "windows_overlap",
        "{weekday} 영업시간 {first}, {second}{^이} 겹칩니다",
        "{weekday} windows {first} and {second} overlap",
    ),
    (
        "windows_out_of_order",
        "{weekday} 영업시간 {first}, {second}의 순서가 바뀌었습니다: 여는 시각 순으로 적으십시오",
        "{weekday} windows {first} and {second} are out of order: list them by opening time",
    ),
    (
        "no_business_time",
        "주간 영업시간이 하나도 없어 기한 시계가 흐를 수 없습니다",
        "the weekly hours have no window, so the clock can never run",
    ),
    (
        "negative_duration",
        "{amount}{unit}: 기간은 0 이상이어야 합니다",
        "negative duration of {amount} {unit}: durations must be zero or more",
    ),
    (
        "end_before_start",
        "끝 {end}{^이} 시작 {start}보다 앞섭니다",
        "end {end} is before start {start}",
    ),
    (
        "date_out_of_range",
        "{value}{^은} 계산할 수 있는 범위({min} – {max}) 밖입니다",
        "{value} is outside the supported range {min} to {max}",
    ),
    (
        "clock_beyond_range",
        "{start}에 시작한 시계가 계산할 수 있는 범위의 끝 {max}{^을} 넘어갑니다",
        "the clock started at {start} runs past {max}, the end of the supported range",
    ),
    (
        "before_start",
        "{value|은} 시작 {start}보다 앞섭니다",
        "{value} is before the start {start}",
    ),
    (
        "not_after_start",
        "{value|은} 시작 {start}보다 뒤여야 합니다",
        "{value} is not after the start {start}",
    ),
    (
        "out_of_range",
        "{min}에서 {max} 사이의 수가 필요한데 {value|이} 있습니다",
        "expected a number between {min} and {max}, found {value}",
    ),
    (
        "not_below",
        "{value|은} {bound}보다 작아야 합니다",
        "{value} is not below {bound}",
    ),
    (
        "not_increasing",
        "{value|은} 앞의 {previous}보다 커야 합니다 (작은 것부터 차례로)",
        "{value} is not above the {previous} before it (list them from the smallest up)",
    ),
    (
        "exactly_one_of",
        "다음 중 정확히 하나가 있어야 합니다: {fields}",
        "expected exactly one of: {fields}",
    ),
    (
        "at_least_one_of",
        "다음 중 하나 이상이 있어야 합니다: {fields}",
        "expected at least one of: {fields}",
    ),
    (
        "move_to_itself",
        "'{status}'에서 같은 상태로 가는 이동입니다",
        "a move from \"{status}\" to itself",
    ),
    (
        "unsupported_schema",
        "형식 버전 {version}{^은} 읽을 수 없습니다 (이 빌드는 버전 {supported}{^을} 읽습니다)",
        "version {version} is not supported (this build reads version {supported})",
    ),
    (
        "overlaps_band",
        "{other}의 구간과 겹칩니다 (가용률은 한 구간에만 속해야 합니다)",
        "overlaps the band at {other} (each availability must fall in one band at most)",
    ),
    (
        "not_a_holiday",
        "{date}{^은} 이 달력의 공휴일이 아니어서 뺄 수 없습니다",
        "{date} is not a holiday of this calendar, so it can't be removed",
    ),
    (
        "not_in_catalog",
        "카탈로그에 `{field}` 항목이 없습니다",
        "the catalog has no `{field}`",
    ),
    (
        "no_temporary_upgrade",
        "\"{tier}\" 등급에는 임시 상향이 없습니다 (지원 시간대가 이미 충분하거나 카탈로그에 가격이 없습니다)",
        "\"{tier}\" offers no temporary upgrade (its window needs none or the catalog gives no price)",
    ),
    (
        "needs_data",
        "달력 \"{calendar}\"{^을} 쓰려면 데이터 디렉터리가 필요합니다 (--data DIR)",
        "\"{calendar}\" names a calendar, but no data directory was given (--data DIR)",
    ),
    (
        "overflow",
        "금액이 너무 커서 계산할 수 없습니다",
        "the amount is too large to compute",
    ),
    (
        "month_out_of_range",
        "계산할 수 없는 달입니다",
        "the month is out of range",
    ),
    (
        "no_credit_schedule",
        "계약 \"{contract}\"에 서비스 크레딧 기준이 없습니다 (계약에 \"credit_schedule\"을 적으십시오)",
        "contract \"{contract}\" names no credit schedule (add \"credit_schedule\": <id> to it)",
    ),
    (
        "outside_contract",
        "{asked}{^은} 계약 기간 {start} – {end} 밖입니다",
        "{asked} is outside the contract period {start} – {end}",
    ),
    (
        "missing_file",
        "\"{name}\" 파일이 없습니다",
        "names \"{name}\", which does not exist",
    ),
    #[cfg(feature = "ics")]
    (
        "not_ics_closure",
        "휴무일로 읽을 수 없는 iCalendar 줄입니다: {error}",
        "{error}",
    ),
    (
        "not_in_history",
        "\"{request}\"{^은} 계약 \"{contract}\"의 이력에 없는 요청입니다",
        "\"{request}\" is not a request in the history of \"{contract}\"",
    ),
    (
        "no_manifest",
        "데이터 디렉터리에는 카탈로그와 계약을 적은 index.json이 있어야 합니다",
        "missing: a data directory needs an index.json naming its catalog and contracts",
    ),
    (
        "not_in_manifest",
        "index.json에 없는 파일이라 읽지 않습니다 (contracts, histories, outages, cases 중 알맞은 곳에 추가하십시오)",
        "not named in index.json, so it would be ignored (add it to contracts, histories, outages or cases)",
    ),
    (
        "no_catch_all",
        "마지막 규칙의 조건이 \"when\": \"always\"여야 모든 요청에 심각도가 정해집니다",
        "the last rule should hold \"when\": \"always\" so every request gets a severity",
    ),
    (
        "test_does_not_fit",
        "`{test}` 조건은 질문 \"{question}\"({kind})에 쓸 수 없습니다",
        "the test `{test}` does not fit question \"{question}\", which is {kind}",
    ),
    (
        "no_header",
        "빈 파일입니다: 머리글 줄({columns})이 있어야 합니다",
        "empty file; expected a header line ({columns})",
    ),
    (
        "unclosed_quote",
        "{line}번째 줄에서 시작한 따옴표가 닫히지 않았습니다",
        "a quoted cell that starts on line {line} is never closed",
    ),
    (
        "cell_count",
        "{line}번째 줄의 칸이 {cells}개인데 머리글은 {header}개입니다",
        "line {line} has {cells} cells; the header has {header}",
    ),
    (
        "unknown_column",
        "머리글의 \"{column}\"{^은} 알 수 없는 열입니다 (있는 열: {known})",
        "unknown column \"{column}\" in the header (known: {known})",
    ),
    (
        "missing_column",
        "머리글에 \"{column}\" 열이 없습니다",
        "the header lacks the column \"{column}\"",
    ),
    (
        "duplicate_column",
        "머리글에 \"{column}\" 열이 두 번 있습니다",
        "column \"{column}\" appears twice",
    ),
    // Why a move, rating or complaint on a filed request is refused.
    (
        "no_lifecycle",
        "카탈로그에 요청 처리 단계($.lifecycle)가 없어 요청을 접수할 수 없습니다",
        "the catalog defines no request lifecycle ($.lifecycle), so requests can't be filed",
    ),
    (
        "unknown_status",
        "저장된 상태 '{status}'{^이} 처리 단계에 없습니다",
        "the stored status \"{status}\" is not in the lifecycle",
    ),
    (
        "not_a_status",
        "'{to}'{^은} 상태가 아닙니다 (상태: {known_names})",
        "\"{to}\" is not a status (known: {known_names})",
    ),
    (
        "not_allowed",
        "{by}: '{from_name}' 상태에서 '{to_name}'(으)로 바꿀 수 없습니다 (가능: {allowed_names})",
        "{by} can't move a request that is {from_name} to {to_name} (allowed: {allowed_names})",
    ),
    (
        "note_required",
        "'{to_name}'(으)로 바꾸려면 사유를 적어 주세요",
        "moving to {to_name} needs a note saying why",
    ),
    (
        "reopen_period_over",
        "해결({resolved}) 후 {days}일이 지나 다시 열 수 없습니다. 새 요청을 접수해 주세요",
        "more than {days} days since it was resolved ({resolved}): file a new request instead",
    ),
    (
        "customer_only",
        "만족도와 불만은 고객만 남길 수 있습니다",
        "only the customer rates a request or complains",
    ),
    (
        "not_resolved",
        "해결된 요청만 평가할 수 있습니다 (지금: {status_name})",
        "only a resolved request can be rated (it is {status_name})",
    ),
    (
        "rating_out_of_range",
        "평점은 1부터 {scale}까지입니다 ({rating})",
        "a rating runs from 1 to {scale} (found {rating})",
    ),
];

/// The customer, as a refusal names who asked.
pub const CUSTOMER: [&str; 3] = ["customer", "고객", "the customer"];
/// The vendor's staff, as a refusal names who asked.
pub const VENDOR: [&str; 3] = ["vendor", "공급사", "the vendor"];

/// The template of `code` in `lang`, if there is one.
pub fn template(code: &str, lang: Lang) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, ko, en)| match lang {
            Lang::Ko => *ko,
            Lang::En => *en,
        })
}

/// `code`'s sentence in `lang` with `params` filled in; the code itself when it has no
/// template (a test keeps that from happening).
pub fn render(code: &str, params: &[(&str, Param<'_>)], lang: Lang) -> String {
    match template(code, lang) {
        Some(template) => fill(template, params, lang),
        None => code.to_owned(),
    }
}

/// `template` (in `lang`) with `params` filled in: `{name}` is the parameter, `{name|은}`
/// adds the particle its last sound takes, `{^은}` after the last one written.
pub fn fill(template: &str, params: &[(&str, Param<'_>)], lang: Lang) -> String {
    // Braces and bars are ASCII: found byte by byte (`str::find` of a char compares
    // each candidate's encoding through `memcmp`), they are char boundaries.
    let at = |s: &str, b: u8| s.bytes().position(|c| c == b);
    let mut out = String::with_capacity(template.len() + 64);
    // Where the last parameter written starts and ends, for a particle after it.
    let mut last = (0, 0);
    let mut rest = template;
    while let Some(open) = at(rest, b'{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = at(after, b'}') else {
            out.push_str(after);
            return out;
        };
        let inner = after.get(1..close).unwrap_or("");
        rest = after.get(close + 1..).unwrap_or("");
        let (name, suffix) = match at(inner, b'|') {
            Some(bar) => (
                inner.get(..bar).unwrap_or(""),
                inner.get(bar + 1..).unwrap_or(""),
            ),
            None => (inner, ""),
        };
        let suffix = match name.strip_prefix('^') {
            Some(s) => s,
            None => {
                let start = out.len();
                if let Some((_, p)) = params.iter().find(|(n, _)| *n == name) {
                    p.write(&mut out, lang);
                }
                last = (start, out.len());
                suffix
            }
        };
        let which = match suffix {
            "은" => Particle::Topic,
            "이" => Particle::Subject,
            "을" => Particle::Object,
            _ => continue,
        };
        let word = out.get(last.0..last.1).unwrap_or("");
        let p = particle(word, which);
        out.push_str(p);
    }
    out.push_str(rest);
    out
}

/// `code`'s sentence in both languages.
pub fn text(code: &str, params: &[(&str, Param<'_>)]) -> Text {
    match TEMPLATES.iter().find(|(c, _, _)| *c == code) {
        Some((_, ko, en)) => Text::new(fill(ko, params, Lang::Ko), fill(en, params, Lang::En)),
        None => Text::new(code, code),
    }
}

/// A sentence `[ko, en]` of a module's own (words only the server says) in both
/// languages, `params` filled in.
pub fn own_text(template: [&str; 2], params: &[(&str, Param<'_>)]) -> Text {
    Text::new(
        fill(template[0], params, Lang::Ko),
        fill(template[1], params, Lang::En),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(t: &str) -> Vec<&str> {
        t.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}'))
            .map(|(inner, _)| inner.split_once('|').map_or(inner, |(n, _)| n))
            .filter(|n| !n.starts_with('^'))
            .collect()
    }

    #[test]
    fn every_template_has_both_languages_with_the_same_parameters() {
        let mut seen = Vec::new();
        for (code, ko, en) in TEMPLATES {
            assert!(!seen.contains(code), "{code} twice");
            seen.push(code);
            assert!(!ko.is_empty() && !en.is_empty(), "{code}");
            assert!(
                !en.chars().any(|c| ('가'..='힣').contains(&c)),
                "{code}: Hangul in English: {en}"
            );
            let (mut k, mut e) = (placeholders(ko), placeholders(en));
            k.sort_unstable();
            k.dedup();
            e.sort_unstable();
            e.dedup();
            // The English `expected_non_empty_string` and `not_date_time` say a little
            // more than the Korean: what was found, and why.
            if *code != "not_date_time" {
                assert_eq!(k, e, "{code}");
            }
        }
    }

    #[test]
    fn fills_parameters_and_korean_particles() {
        let name = Text::new("강변분관", "Riverside branch");
        let params = [("branch_name", Param::Name(&name))];
        assert_eq!(
            render("addendum", &params, Lang::Ko),
            "강변분관을 유지보수 계약에 추가하는 부속 계약"
        );
        assert_eq!(
            render("addendum", &params, Lang::En),
            "a contract addendum adding Riverside branch to the maintenance contract"
        );
        let params = [
            ("value", Param::Decimal(Decimal::from(-3))),
            ("min", Param::Decimal(Decimal::ZERO)),
        ];
        assert_eq!(
            render("below_minimum", &params, Lang::Ko),
            "-3은 최솟값 0보다 작습니다"
        );
        assert_eq!(
            render("below_minimum", &params, Lang::En),
            "-3 is below the minimum 0"
        );
        let params = [("branch", Param::Str("river"))];
        assert_eq!(
            render("branch_not_covered", &params, Lang::Ko),
            "'river'은(는) 이 계약의 분관이 아닙니다"
        );
        assert_eq!(render("no_such_code", &[], Lang::En), "no_such_code");
    }
}
