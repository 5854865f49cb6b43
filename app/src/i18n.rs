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
    CoverageTitle,
    CoverageSummary,
    RequestTitle,
    RequestSummary,
    StatusTitle,
    /// The vendor's desk page.
    DeskTitle,
    AuditTitle,
    SettingsTitle,
    IncidentTitle,
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
    BarLeft,
    BarJump,
    ReasonsHeading,
    AlternativesHeading,
    QuotaHeading,
    QuotaLine,
    SeverityHeading,
    DeadlinesHeading,
    UpgradedHeading,
    Target,
    Calendar,
    HowComputed,
    MissingAnswers,
    Estimate,
    CheckedAt,
    FieldRequester,
    FieldTitle,
    FieldDetails,
    FieldWanted,
    SrFormTitle,
    SrSummary,
    SrNumber,
    SrDate,
    SrSystem,
    SrUrgency,
    SrStatus,
    NoLimit,
    SpanHoursMinutes,
    SpanDaysHours,
    TimeLeft,
    PastDue,
    StoppedAt,
    StoppedLate,
    PausedSince,
    ColSr,
    FixAnswers,
    ErrAnswer,
    AnswerFirst,
    ProductsInContract,
    ProductsOther,
    ContinueToRequest,
}

/// A piece of text the portal says in every language: [`UiText`], and the words of a
/// page whose code is a chunk of its own (declared with [`words!`] in its module, so
/// that they load with it and not with the first page).
pub trait Wording: Copy + Send + Sync + 'static {
    /// Its wording in `lang`.
    fn in_lang(self, lang: Lang) -> &'static str;
}

/// Declares an enum of texts, each with its Korean and English wording, as a
/// [`Wording`]: `words! { enum PageText { Key => ("한국어", "English"), … } }`.
macro_rules! words {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($key:ident => ($ko:expr, $en:expr $(,)?),)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name { $($key,)* }

        impl $crate::i18n::Wording for $name {
            fn in_lang(self, lang: $crate::i18n::Lang) -> &'static str {
                let (ko, en) = match self { $($name::$key => ($ko, $en),)* };
                match lang {
                    $crate::i18n::Lang::Ko => ko,
                    $crate::i18n::Lang::En => en,
                }
            }
        }
    };
}
pub(crate) use words;

impl Wording for UiText {
    fn in_lang(self, lang: Lang) -> &'static str {
        UiText::in_lang(self, lang)
    }
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
            UiText::DeskTitle => ("업무 데스크", "Desk"),
            UiText::AuditTitle => ("감사 기록", "Audit trail"),
            UiText::SettingsTitle => ("알림·캘린더 설정", "Notices and calendar"),
            UiText::IncidentTitle => ("장애 보고서", "Incident report"),
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
            UiText::BarLeft => ("남은 횟수 {left}", "{left} left"),
            UiText::BarJump => ("판정 전체 보기", "See the whole verdict"),
            UiText::VerdictHeading => ("판정", "Verdict"),
            UiText::ReasonsHeading => ("근거", "Reasons"),
            UiText::AlternativesHeading => ("대안", "Alternatives"),
            UiText::QuotaHeading => ("이번 계약 연도 한도", "This contract year’s limit"),
            UiText::QuotaLine => (
                "연 {limit}회 · 사용 {used} · 대기 {pending} · 남음 {left} · {reset} 초기화",
                "{limit} a year · used {used} · pending {pending} · left {left} · resets {reset}",
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
            UiText::CheckedAt => ("기준 시각", "Checked at"),
            UiText::FieldRequester => ("요청자", "Requester"),
            UiText::FieldTitle => ("제목", "Title"),
            UiText::FieldDetails => ("상세 내용", "Details"),
            UiText::FieldWanted => ("완료 희망일", "Wanted completion date"),
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
            UiText::NoLimit => ("한도가 없는 유형입니다.", "This type has no annual limit."),
            UiText::SpanHoursMinutes => ("{h}시간 {m}분", "{h} h {m} min"),
            UiText::SpanDaysHours => ("{d}일 {h}시간", "{d} d {h} h"),
            UiText::TimeLeft => ("{t} 남음", "{t} left"),
            UiText::PastDue => ("{t} 지남", "{t} past due"),
            UiText::StoppedAt => ("{at} 완료", "done {at}"),
            UiText::StoppedLate => ("{t} 늦게 완료", "done {t} late"),
            UiText::PausedSince => ("{at}부터 멈춤", "since {at}"),
            UiText::ColSr => ("SR 번호", "SR"),
            UiText::FixAnswers => (
                "표시된 답을 고치면 판정이 나옵니다.",
                "Correct the marked answer to see the verdict.",
            ),
            UiText::ErrAnswer => ("이 질문에 답하세요.", "Answer this question."),
            UiText::AnswerFirst => (
                "필수 질문에 답하면 판정이 나옵니다",
                "Answer the required questions to see the verdict",
            ),
            UiText::ProductsInContract => ("이 계약의 제품", "Products under this contract"),
            UiText::ProductsOther => (
                "그 밖의 제품 (계약 외)",
                "Other products (not under this contract)",
            ),
            UiText::ContinueToRequest => ("이 내용으로 요청 접수", "Submit this as a request"),
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
                crate::browser::storage()
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
        if let Some(storage) = crate::browser::storage() {
            // Storage may be full or disabled; the choice then lasts for this visit only.
            let _ = storage.set_item(STORAGE_KEY, code(lang));
        }
    }

    /// The wording of `text` in the current language (tracked).
    pub fn t<W: Wording>(self, text: W) -> &'static str {
        text.in_lang(self.lang())
    }

    /// The wording of `text`, following the language: one closure type for every
    /// interface text, so that the views share one instance of the rendering code.
    pub fn text<W: Wording>(
        self,
        text: W,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
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
