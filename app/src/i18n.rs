//! The portal's Korean and English strings, and the language the user chose.
//!
//! Korean is the default. The choice is kept in `localStorage` and mirrored on
//! `<html lang>` and each page's title. Every string has both languages:
//! [`UiText::in_lang`] is one exhaustive `match`, so a key without a translation does not
//! compile. Texts that come from contract data are `covered_core::Text`s, read in the same
//! [`Lang`].

use leptos::prelude::*;

/// The display language, the same type `covered-core` renders its texts in.
pub use covered_core::Lang;
use covered_core::Text;

/// Every language, in the order the switch shows them.
pub const LANGS: [Lang; 2] = [Lang::Ko, Lang::En];

/// `lang`'s BCP 47 code, for `lang` attributes and storage; [`Lang::parse`] reads it back.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ko => "ko",
        Lang::En => "en",
    }
}

/// `lang`'s name in itself, as the switch shows it.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ko => "한국어",
        Lang::En => "English",
    }
}

/// A piece of the interface's own text; [`UiText::in_lang`] gives its wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiText {
    DocumentTitle,
    ProductTagline,
    SkipToContent,
    LanguageSwitchLabel,
    MainNavLabel,
    NavHome,
    HomeLead,
    AudienceHeading,
    DataFrom,
    AudienceStaffNeed,
    AudienceCustomers,
    AudienceCustomersNeed,
    AudienceSales,
    AudienceSalesNeed,
    PagesHeading,
    CoverageTitle,
    CoverageSummary,
    RequestTitle,
    RequestSummary,
    StatusTitle,
    StatusSummary,
    PackagesTitle,
    PackagesSummary,
    NotFoundTitle,
    NotFoundSummary,
    BackHome,
    Loading,
    PageLoading,
    PageUnavailable,
    LoadFailed,
    StoreCorrupt,
    FieldContract,
    FieldProduct,
    FieldCategory,
    FindCategory,
    CategoriesFound,
    NoCategoryFound,
    QuestionsHeading,
    Unanswered,
    Yes,
    No,
    Required,
    VerdictHeading,
    ReasonsHeading,
    AlternativesHeading,
    QuotaHeading,
    QuotaLine,
    QuotaLineEnded,
    SeverityHeading,
    DeadlinesHeading,
    UpgradedHeading,
    Target,
    Calendar,
    HowComputed,
    MissingAnswers,
    Estimate,
    PerHour,
    CheckedAt,
    StepWho,
    StepProduct,
    StepType,
    StepDetails,
    StepReview,
    StepOf,
    Next,
    Back,
    Submit,
    FieldRequester,
    FieldTitle,
    FieldDetails,
    FieldWanted,
    ErrRequired,
    ErrAnswers,
    RefusedMissing,
    RefusedNotCovered,
    RefusedOutside,
    DraftSaved,
    SubmittedAs,
    PrintForm,
    SrFormTitle,
    SrSummary,
    SrNumber,
    SrDate,
    SrSystem,
    SrUrgency,
    SrStatus,
    StatusOpen,
    StatusCompleted,
    StatusCancelled,
    StatusRefused,
    SrNotFound,
    SrBackToRequests,
    LoginTitle,
    LoginWhy,
    LoginName,
    LoginPassword,
    LoginButton,
    Logout,
    SubmitFailed,
    SharedHistory,
    ServerRecord,
    CommentLabel,
    CommentSend,
    MoveNote,
    ClocksPaused,
    RateHeading,
    RatingLabel,
    RatingComment,
    RateSend,
    RatedAs,
    ComplaintLabel,
    ComplainSend,
    NoLimit,
    PeriodHeading,
    DaysLeft,
    EndedAgo,
    StartsIn,
    RenewalWarn,
    Ended,
    NotStarted,
    QuotasAsOfEnd,
    QuotasAsOfStart,
    KpiHeadingLast,
    TierHeading,
    QuotasHeading,
    Legend,
    OpenHeading,
    NoOpen,
    SpanHoursMinutes,
    SpanDaysHours,
    TimeLeft,
    PastDue,
    StoppedAt,
    StoppedLate,
    PausedSince,
    AvailabilityHeading,
    Availability,
    Credit,
    KpiHeading,
    ChartSrOnTime,
    KpiNoRequests,
    KpiNoOutages,
    ColSr,
    ColTitle,
    ColClock,
    ColState,
    FieldLicence,
    FixAnswers,
    ErrAnswer,
    AnswerFirst,
    ProductsInContract,
    ProductsOther,
    ContinueToRequest,
    LicenceEmpty,
    LicenceNotNumber,
    LicenceNegative,
    LicenceTooLarge,
    AtInvalid,
    FieldSeverity,
    FieldAt,
    FieldReplayContract,
    NoHistories,
    RowWindow,
    RowDeadlines,
    RowFee,
    RowFeatures,
    RowVisits,
    RowUpgrade,
    CurrentTier,
    Included,
    NotIncluded,
    ReplayHeading,
    ReplayCounts,
    ReplayPeriod,
    ReplayCoverageHeading,
    YearTotal,
    YearFee,
    CoveredInstead,
    NotCoveredInstead,
    DuesVsCurrent,
    ChartHeading,
    ReplayCsv,
    PrintA4,
    ReplayDetail,
    OutOfScope,
    NoneOffered,
    ColTier,
    HistoryHeading,
    HistoryCount,
    ExportJson,
    ExportCsv,
    ImportJson,
    Imported,
    ImportFailed,
}

impl UiText {
    /// The wording of this text in `lang`.
    pub fn in_lang(self, lang: Lang) -> &'static str {
        let (ko, en) = match self {
            UiText::DocumentTitle => (
                "Covered — 유지보수 계약 범위·SLA 계산기",
                "Covered — maintenance scope & SLA calculator",
            ),
            UiText::ProductTagline => (
                "유지보수 계약 범위·SLA 계산기",
                "Maintenance scope & SLA calculator",
            ),
            UiText::SkipToContent => ("본문으로 건너뛰기", "Skip to content"),
            UiText::LanguageSwitchLabel => ("언어 (Language)", "Language (언어)"),
            UiText::MainNavLabel => ("주요 메뉴", "Main"),
            UiText::NavHome => ("처음", "Home"),
            UiText::HomeLead => (
                "Covered는 유지보수 계약의 데이터로 어떤 요청이 지원 범위에 드는지, \
                 올해 한정 서비스가 몇 번 남았는지, 요청이 언제까지 응답·복구되는지를 계산하고 \
                 그 근거를 보여 주는 도구입니다.",
                "Covered works out, from a maintenance contract's data, which requests it covers, \
                 how many of this year's limited services remain, and by when a request will be \
                 answered and restored — and shows why.",
            ),
            UiText::AudienceHeading => ("누구를 위한 도구인가요", "Who it is for"),
            UiText::DataFrom => (
                "자료: {vendor} · 카탈로그 {version}",
                "Data: {vendor} · catalog {version}",
            ),
            UiText::AudienceStaffNeed => (
                "요청하기 전에 그 일이 계약 범위에 드는지, 남은 횟수와 처리 기한을 확인합니다.",
                "check before asking whether a request is covered, how many limited services \
                 remain, and how fast it will be handled.",
            ),
            UiText::AudienceCustomers => ("요청하는 고객", "Customers submitting requests"),
            UiText::AudienceCustomersNeed => (
                "제품과 요청 유형을 고르고 몇 가지 질문에 답하면서 판정과 기한을 보고 요청을 접수합니다.",
                "pick the product and request type, answer a few questions, and see the verdict \
                 and deadlines before submitting.",
            ),
            UiText::AudienceSales => ("공급사 영업 담당자", "Vendor sales staff"),
            UiText::AudienceSalesNeed => (
                "패키지(등급)를 지원 시간, 처리 기한, 요금으로 나란히 비교합니다.",
                "compare the packages (tiers) side by side: support hours, deadlines and fees.",
            ),
            UiText::PagesHeading => ("화면", "Pages"),
            UiText::CoverageTitle => ("지원 범위 자가 점검", "Coverage self-check"),
            UiText::CoverageSummary => (
                "요청하기 전에 그 일이 계약 범위에 드는지, 올해 남은 한정 서비스 횟수와 \
                 처리 기한을 근거 조항과 함께 확인하세요. 답을 바꾸면 판정이 바로 바뀝니다.",
                "Check, before asking, whether a request is covered by your contract, how many \
                 of this year's limited services remain and how fast it will be handled, with \
                 the clause behind each answer. The verdict updates as you answer.",
            ),
            UiText::RequestTitle => ("요청 접수", "Submit a request"),
            UiText::RequestSummary => (
                "기관, 제품, 요청 유형을 차례로 고르고 질문에 답하면 판정과 응답·복구 기한을 \
                 확인한 뒤 접수할 수 있습니다. 입력 내용은 자동 저장됩니다.",
                "Pick the institution, the product and the request type, answer a few questions, \
                 see the verdict and the response and restore deadlines, then submit. Your draft \
                 is saved as you type.",
            ),
            UiText::StatusTitle => ("계약 현황", "Contract status"),
            UiText::StatusSummary => (
                "계약 기간과 만료까지 남은 날, 등급과 지원 시간, 한정 서비스 사용 현황, 진행 중인 요청의 \
                 기한, 이번 달 가용성과 성과 지표를 한눈에 봅니다.",
                "Your contract at a glance: its period and days to expiry, tier and support \
                 hours, the limited services used, open requests against their deadlines, this \
                 month's availability and the indicators.",
            ),
            UiText::PackagesTitle => ("패키지 비교", "Package comparison"),
            UiText::PackagesSummary => (
                "모든 패키지(등급)의 지원 시간, 같은 장애에 대한 처리 기한, 라이선스 금액에 따른 \
                 요금과 포함 서비스를 나란히 비교하고, 고객의 이력을 등급별로 재평가합니다.",
                "Every package (tier) side by side: support hours, the deadlines for the same \
                 incident, the fee for a licence amount and the included services — and a \
                 customer's history replayed under each tier.",
            ),
            UiText::NotFoundTitle => ("페이지를 찾을 수 없습니다", "Page not found"),
            UiText::NotFoundSummary => (
                "주소를 확인하거나 처음 화면으로 돌아가세요.",
                "Check the address, or go back to the home page.",
            ),
            UiText::BackHome => ("처음 화면으로", "Go to the home page"),
            UiText::Loading => ("데이터를 불러오는 중입니다…", "Loading the data…"),
            UiText::PageLoading => ("페이지를 불러오는 중입니다…", "Loading the page…"),
            UiText::PageUnavailable => (
                "이 페이지를 불러오지 못했습니다. 네트워크 연결을 확인한 뒤 다른 메뉴로 갔다가 다시 열어 주세요. 입력하던 내용은 저장되어 있습니다.",
                "This page could not be loaded. Check the network connection, then open it again from the menu. What you had entered is saved.",
            ),
            UiText::LoadFailed => (
                "데이터를 불러오지 못했습니다. 다음 문제를 확인하세요:",
                "The data could not be loaded. Problems found:",
            ),
            UiText::StoreCorrupt => (
                "브라우저에 저장된 요청 기록을 읽을 수 없어 따로 보관했습니다 (covered.store.corrupt). 새 기록으로 시작합니다. 원인:",
                "The request history stored in this browser could not be read; it was set aside (covered.store.corrupt) and a new one started. Cause:",
            ),
            UiText::FieldContract => ("계약 (기관)", "Contract (institution)"),
            UiText::FieldProduct => ("제품과 버전", "Product and version"),
            UiText::FieldCategory => ("요청 유형", "Request type"),
            UiText::FindCategory => (
                "요청 유형 찾기 (이름이나 설명의 일부)",
                "Find a request type (part of its name or description)",
            ),
            UiText::CategoriesFound => ("맞는 요청 유형 {n}개", "Request types found: {n}"),
            UiText::NoCategoryFound => (
                "찾는 말에 맞는 요청 유형이 없습니다.",
                "No request type matches.",
            ),
            UiText::QuestionsHeading => ("질문", "Questions"),
            UiText::Unanswered => ("— 선택 —", "— choose —"),
            UiText::Yes => ("예", "Yes"),
            UiText::No => ("아니오", "No"),
            UiText::Required => ("필수", "required"),
            UiText::VerdictHeading => ("판정", "Verdict"),
            UiText::ReasonsHeading => ("근거", "Reasons"),
            UiText::AlternativesHeading => ("대안", "Alternatives"),
            UiText::QuotaHeading => ("이번 계약 연도 한도", "This contract year’s limit"),
            UiText::QuotaLine => (
                "연 {limit}회 · 사용 {used} · 대기 {pending} · 남음 {left} · {reset} 초기화",
                "{limit} a year · used {used} · pending {pending} · left {left} · resets {reset}",
            ),
            UiText::QuotaLineEnded => (
                "연 {limit}회 · 사용 {used} · 대기 {pending} · 남음 {left} · {end} 계약 종료",
                "{limit} a year · used {used} · pending {pending} · left {left} · contract ended {end}",
            ),
            UiText::SeverityHeading => ("심각도", "Severity"),
            UiText::DeadlinesHeading => ("처리 기한", "Deadlines"),
            UiText::UpgradedHeading => (
                "임시 업그레이드 시 기한",
                "Deadlines with the temporary upgrade",
            ),
            UiText::Target => ("목표", "Target"),
            UiText::Calendar => ("지원 시간", "Support hours"),
            UiText::HowComputed => ("계산 과정", "How it was computed"),
            UiText::MissingAnswers => (
                "답하지 않은 필수 질문:",
                "Required questions not answered yet:",
            ),
            UiText::Estimate => ("예상 비용 (부가세 별도)", "Estimate (before VAT)"),
            UiText::PerHour => ("시간당", "per hour"),
            UiText::CheckedAt => ("기준 시각", "Checked at"),
            UiText::StepWho => ("기관과 요청자", "Institution and requester"),
            UiText::StepProduct => ("제품", "Product"),
            UiText::StepType => ("요청 유형", "Request type"),
            UiText::StepDetails => ("내용과 심각도 질문", "Details and severity questions"),
            UiText::StepReview => ("확인", "Review"),
            UiText::StepOf => ("단계 {n} / 5", "Step {n} of 5"),
            UiText::Next => ("다음", "Next"),
            UiText::Back => ("이전", "Back"),
            UiText::Submit => ("접수하기", "Submit"),
            UiText::FieldRequester => ("요청자", "Requester"),
            UiText::FieldTitle => ("제목", "Title"),
            UiText::FieldDetails => ("상세 내용", "Details"),
            UiText::FieldWanted => ("완료 희망일", "Wanted completion date"),
            UiText::ErrRequired => ("이 항목을 입력하세요.", "Fill in this field."),
            UiText::RefusedMissing => (
                "필수 질문에 모두 답해야 접수할 수 있습니다.",
                "Answer every required question before submitting.",
            ),
            UiText::RefusedNotCovered => (
                "지원 대상이 아니며 유상 변경요청으로도 접수할 수 없는 요청입니다.",
                "This request is not covered and can't be filed as a paid change request either.",
            ),
            UiText::RefusedOutside => (
                "계약 범위 밖의 요청이라 접수할 수 없습니다. 계약 기간, 분관, 제품을 확인하세요.",
                "This request is outside the contract and can't be filed: check the period, the site and the product.",
            ),
            UiText::ErrAnswers => (
                "필수 질문에 모두 답하세요.",
                "Answer every required question.",
            ),
            UiText::DraftSaved => (
                "입력 내용은 이 브라우저에 자동 저장됩니다.",
                "What you type is saved in this browser as you go.",
            ),
            UiText::SubmittedAs => (
                "요청이 접수되었습니다. SR 번호:",
                "Your request was submitted. SR number:",
            ),
            UiText::PrintForm => ("SR 양식 인쇄", "Print the SR form"),
            UiText::SrFormTitle => ("서비스 요청서 (SR)", "Service request (SR) form"),
            UiText::SrSummary => (
                "접수된 요청의 내용과 처리 기한, 처리 기록입니다. 주소를 공유하거나 A4로 인쇄할 수 있습니다.",
                "A submitted request: what was asked, its deadlines and what has happened since. \
                 Share its address or print it on A4.",
            ),
            UiText::SrNumber => ("SR 번호", "SR number"),
            UiText::SrDate => ("요청일", "Date"),
            UiText::SrSystem => ("대상 시스템", "System"),
            UiText::SrUrgency => ("긴급도 (심각도)", "Urgency (severity)"),
            UiText::SrStatus => ("상태", "Status"),
            UiText::StatusOpen => ("접수", "Received"),
            UiText::StatusCompleted => ("완료", "Completed"),
            UiText::StatusCancelled => ("취소", "Cancelled"),
            UiText::StatusRefused => ("반려", "Refused"),
            UiText::SrNotFound => (
                "이 브라우저에는 그 번호의 요청이 없습니다. 요청 기록을 가져오면 볼 수 있습니다.",
                "This browser holds no request with that number. Import the request history to see it.",
            ),
            UiText::SrBackToRequests => ("요청 접수로 돌아가기", "Back to requests"),
            UiText::LoginTitle => ("로그인", "Log in"),
            UiText::LoginWhy => (
                "이 포털은 공급사의 서버에 연결되어 있습니다. 기관 계정으로 로그인하면 기관의 계약과 요청을 함께 봅니다.",
                "This portal is connected to the vendor's server. Log in with your institution's account to see its contracts and requests.",
            ),
            UiText::LoginName => ("아이디", "Login"),
            UiText::LoginPassword => ("비밀번호", "Password"),
            UiText::LoginButton => ("로그인", "Log in"),
            UiText::Logout => ("로그아웃", "Log out"),
            UiText::SubmitFailed => ("접수되지 않았습니다:", "Not submitted:"),
            UiText::ServerRecord => ("처리 기록", "Handling record"),
            UiText::CommentLabel => ("의견 남기기", "Add a comment"),
            UiText::CommentSend => ("의견 등록", "Post the comment"),
            UiText::MoveNote => ("상태 변경 사유", "Note for the status change"),
            UiText::ClocksPaused => ("SLA 시계 정지 중", "SLA clocks paused"),
            UiText::RateHeading => ("처리 결과 평가", "Rate how it was handled"),
            UiText::RatingLabel => ("평점", "Rating"),
            UiText::RatingComment => ("의견 (선택)", "Comment (optional)"),
            UiText::RateSend => ("평가 보내기", "Send the rating"),
            UiText::RatedAs => ("평점 {n}/{scale}", "Rated {n} of {scale}"),
            UiText::ComplaintLabel => ("불만 내용", "What went wrong"),
            UiText::ComplainSend => ("불만 접수", "File a complaint"),
            UiText::SharedHistory => (
                "기관의 요청 (서버에 저장됨)",
                "Your institution's requests (kept on the server)",
            ),
            UiText::NoLimit => ("한도가 없는 유형입니다.", "This type has no annual limit."),
            UiText::PeriodHeading => ("계약 기간", "Contract period"),
            UiText::DaysLeft => ("만료까지 {n}일", "{n} days to expiry"),
            UiText::RenewalWarn => (
                "계약 만료가 {n}일 남았습니다. 갱신을 준비하세요.",
                "The contract expires in {n} days: time to renew.",
            ),
            UiText::EndedAgo => ("{n}일 전 종료", "ended {n} days ago"),
            UiText::StartsIn => ("시작까지 {n}일", "starts in {n} days"),
            UiText::Ended => ("계약이 종료되었습니다.", "The contract has ended."),
            UiText::NotStarted => (
                "계약이 아직 시작되지 않았습니다.",
                "The contract has not started yet.",
            ),
            UiText::QuotasAsOfEnd => (
                "계약 종료일 {date} 기준: 마지막 계약 연도의 사용 현황입니다.",
                "As of the last day, {date}: the last contract year's use.",
            ),
            UiText::QuotasAsOfStart => (
                "계약 시작일 {date} 기준: 첫 계약 연도의 한도입니다.",
                "As of the first day, {date}: the first contract year's limits.",
            ),
            UiText::KpiHeadingLast => (
                "성과 지표 (마지막 계약 연도)",
                "Indicators (the last contract year)",
            ),
            UiText::TierHeading => ("등급과 지원 시간", "Tier and support hours"),
            UiText::QuotasHeading => ("한정 서비스 사용 현황", "Limited services used"),
            UiText::Legend => ("■ 사용  ■ 대기  □ 남음", "■ used  ■ pending  □ left"),
            UiText::OpenHeading => ("진행 중인 요청", "Open requests"),
            UiText::NoOpen => ("진행 중인 요청이 없습니다.", "No open requests."),
            UiText::SpanHoursMinutes => ("{h}시간 {m}분", "{h} h {m} min"),
            UiText::SpanDaysHours => ("{d}일 {h}시간", "{d} d {h} h"),
            UiText::TimeLeft => ("{t} 남음", "{t} left"),
            UiText::PastDue => ("{t} 지남", "{t} past due"),
            UiText::StoppedAt => ("{at} 완료", "done {at}"),
            UiText::StoppedLate => ("{t} 늦게 완료", "done {t} late"),
            UiText::PausedSince => ("{at}부터 멈춤", "since {at}"),
            UiText::AvailabilityHeading => (
                "이번 달 가용성과 서비스 크레딧",
                "This month's availability and service credits",
            ),
            UiText::Availability => ("가용성", "Availability"),
            UiText::Credit => ("서비스 크레딧", "Service credit"),
            UiText::KpiHeading => (
                "성과 지표 (이번 계약 연도)",
                "Indicators (this contract year)",
            ),
            UiText::ChartSrOnTime => ("월별 SR 적시 처리율", "SR on-time rate by month"),
            UiText::KpiNoRequests => ("아직 셀 요청이 없습니다", "no requests to count yet"),
            UiText::KpiNoOutages => ("반영된 장애가 없습니다", "no outages counted"),
            UiText::ColSr => ("SR 번호", "SR"),
            UiText::ColTitle => ("제목", "Title"),
            UiText::ColClock => ("기한", "Clock"),
            UiText::ColState => ("상태", "State"),
            UiText::FieldLicence => ("라이선스 금액 (원)", "Licence amount (₩)"),
            UiText::ErrAnswer => ("이 질문에 답하세요.", "Answer this question."),
            UiText::AnswerFirst => (
                "필수 질문에 답하면 판정이 나옵니다",
                "Answer the required questions to see the verdict",
            ),
            UiText::FixAnswers => (
                "표시된 답을 고치면 판정이 나옵니다.",
                "Correct the marked answer to see the verdict.",
            ),
            UiText::ProductsInContract => ("이 계약의 제품", "Products under this contract"),
            UiText::ProductsOther => (
                "그 밖의 제품 (계약 외)",
                "Other products (not under this contract)",
            ),
            UiText::ContinueToRequest => ("이 내용으로 요청 접수", "Submit this as a request"),
            UiText::LicenceEmpty => ("라이선스 금액을 입력하세요.", "Enter the licence amount."),
            UiText::LicenceNotNumber => (
                "숫자로 입력하세요 (예: 150,000,000).",
                "Enter a number, such as 150,000,000.",
            ),
            UiText::LicenceNegative => ("0원 이상이어야 합니다.", "It must be 0 or more."),
            UiText::LicenceTooLarge => ("금액이 너무 큽니다.", "The amount is too large."),
            UiText::AtInvalid => ("날짜와 시각을 입력하세요.", "Enter a date and a time."),
            UiText::FieldSeverity => ("예시 장애의 심각도", "Severity of the sample incident"),
            UiText::FieldAt => ("장애 발생 시각", "Incident time"),
            UiText::FieldReplayContract => {
                ("이력을 재평가할 고객", "Customer whose history to replay")
            }
            UiText::RowWindow => ("지원 시간", "Support hours"),
            UiText::NoHistories => (
                "이 자료에는 재평가할 요청 이력이 있는 고객이 없습니다.",
                "No customer in this data has a request history to replay.",
            ),
            UiText::RowDeadlines => ("처리 기한 (이 장애)", "Deadlines (this incident)"),
            UiText::RowFee => ("연간 유지보수 요금", "Annual maintenance fee"),
            UiText::RowFeatures => ("포함 서비스", "Included services"),
            UiText::RowVisits => ("방문 지원", "On-site visits"),
            UiText::RowUpgrade => ("임시 24시간 업그레이드", "Temporary 24-hour upgrade"),
            UiText::CurrentTier => ("(현재 등급)", "(current tier)"),
            UiText::Included => ("포함", "included"),
            UiText::NotIncluded => ("미포함", "not included"),
            UiText::ReplayHeading => ("이력 재평가", "History replay"),
            UiText::ReplayCounts => (
                "지원 {c} · 미지원 {n} · 유상 {p}",
                "covered {c} · not covered {n} · paid {p}",
            ),
            UiText::ReplayPeriod => (
                "{who}: {from} – {to}에 접수된 요청 {n}건을 등급마다 다시 계산했습니다 (금액은 부가세 별도).",
                "{who}: the {n} requests received {from} – {to}, worked out again under each tier (amounts before VAT).",
            ),
            UiText::ReplayCoverageHeading => ("지원 범위", "Coverage"),
            UiText::YearTotal => (
                "연간 합계 (요금 + 범위 밖 비용)",
                "The year's total (fee + out-of-scope cost)",
            ),
            UiText::YearFee => ("연간 요금", "Annual fee"),
            UiText::CoveredInstead => (
                "유상·반려 대신 지원: {ids}",
                "Covered instead of billed or refused: {ids}",
            ),
            UiText::NotCoveredInstead => (
                "이 등급에서는 지원 안 됨: {ids}",
                "Not covered under this tier: {ids}",
            ),
            UiText::DuesVsCurrent => (
                "처리 기한 (계약 등급 대비)",
                "Deadlines (against the contract's tier)",
            ),
            UiText::ChartHeading => (
                "등급별 연간 합계: 요금 + 범위 밖 비용 (부가세 별도)",
                "The year's total per tier: fee + out-of-scope cost (before VAT)",
            ),
            UiText::ReplayCsv => ("비교표 CSV 내려받기", "Download the comparison (CSV)"),
            UiText::PrintA4 => ("인쇄 (A4 한 장)", "Print (one A4 page)"),
            UiText::ReplayDetail => (
                "요청별 처리 기한 (등급별)",
                "Each request's deadlines under every tier",
            ),
            UiText::OutOfScope => ("범위 밖 비용", "Out-of-scope cost"),
            UiText::NoneOffered => ("없음", "none"),
            UiText::ColTier => ("등급", "Tier"),
            UiText::HistoryHeading => (
                "이 브라우저에서 접수한 요청",
                "Requests submitted in this browser",
            ),
            UiText::HistoryCount => ("{n}건", "{n} requests"),
            UiText::ExportJson => ("JSON으로 내보내기", "Export as JSON"),
            UiText::ExportCsv => ("CSV로 내보내기", "Export as CSV"),
            UiText::ImportJson => ("JSON·CSV 가져오기", "Import JSON or CSV"),
            UiText::Imported => ("{n}건을 가져왔습니다.", "Imported {n} requests."),
            UiText::ImportFailed => ("가져오지 못했습니다:", "Could not import:"),
        };
        match lang {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

/// Where the chosen language is kept between visits.
const STORAGE_KEY: &str = "covered.lang";

/// The language the portal is shown in, shared with every component through context.
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Starts with the stored choice (Korean when there is none), provides it as context,
    /// and keeps `<html lang>` in step with it (the page's title follows it too:
    /// `app.rs`).
    pub fn provide() -> I18n {
        // `?lang=en` in a shared address wins over the stored choice.
        let stored = crate::state::query_param("lang")
            .and_then(|asked| Lang::parse(&asked))
            .or_else(|| {
                storage()
                    .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
                    .and_then(|stored| Lang::parse(&stored))
            });
        let i18n = I18n {
            lang: RwSignal::new(stored.unwrap_or_default()),
        };
        provide_context(i18n);
        Effect::new(move || {
            let lang = i18n.lang();
            let document = document();
            if let Some(root) = document.document_element() {
                // Setting an attribute on <html> cannot fail.
                let _ = root.set_attribute("lang", code(lang));
            }
            // Every page its own title, following the route too (the same effect: one
            // more would cost the first load its own copy of the effect's code).
            if let Some(location) = use_context::<crate::router::Location>() {
                document.set_title(&crate::app::page_title(&location.route(), lang));
            }
        });
        i18n
    }

    /// The current language (tracked: a closure that calls it re-runs when it changes).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// Switches the portal to `lang` and remembers the choice for the next visit.
    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = storage() {
            // Storage may be full or disabled; the choice then lasts for this visit only.
            let _ = storage.set_item(STORAGE_KEY, code(lang));
        }
    }

    /// The wording of `text` in the current language (tracked).
    pub fn t(self, text: UiText) -> &'static str {
        text.in_lang(self.lang())
    }

    /// The wording of `text`, following the language: one closure type for every
    /// interface text, so that the views share one instance of the rendering code.
    pub fn text(self, text: UiText) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(text)
    }

    /// `text` from the data, following the language (one closure type, as [`I18n::text`]).
    pub fn local(self, text: Text) -> impl Fn() -> String + Clone + Send + Sync + 'static {
        move || text.get(self.lang()).to_owned()
    }
}

/// The language context provided by [`I18n::provide`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// `localStorage`, when the browser allows it.
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
