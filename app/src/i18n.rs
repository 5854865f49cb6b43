//! The portal's Korean and English strings, and the language the user chose.
//!
//! Korean is the default. The choice is kept in `localStorage` and mirrored on
//! `<html lang>` and the document title. Every string has both languages:
//! [`UiText::in_lang`] is one exhaustive `match`, so a key without a translation does not
//! compile. Texts that come from contract data are `covered_core::Text`s, read in the same
//! [`Lang`].

use leptos::prelude::*;

/// The display language, the same type `covered-core` renders its texts in.
pub use covered_core::Lang;

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
    AudienceStaff,
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
                "Covered는 도서관 소프트웨어 유지보수 계약의 데이터로 어떤 요청이 지원 범위에 드는지, \
                 올해 한정 서비스가 몇 번 남았는지, 요청이 언제까지 응답·복구되는지를 계산하고 \
                 그 근거를 보여 주는 도구입니다.",
                "Covered works out, from a library-software maintenance contract's data, which \
                 requests it covers, how many of this year's limited services remain, and by when \
                 a request will be answered and restored — and shows why.",
            ),
            UiText::AudienceHeading => ("누구를 위한 도구인가요", "Who it is for"),
            UiText::AudienceStaff => ("도서관 담당자", "Library staff"),
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
                "Bronze, Silver, Gold, Platinum 패키지를 지원 시간, 처리 기한, 요금으로 나란히 비교합니다.",
                "compare the Bronze, Silver, Gold and Platinum packages side by side: support \
                 hours, deadlines and fees.",
            ),
            UiText::PagesHeading => ("화면", "Pages"),
            UiText::CoverageTitle => ("지원 범위 자가 점검", "Coverage self-check"),
            UiText::CoverageSummary => (
                "이 화면에서는 요청하기 전에 그 일이 계약 범위에 드는지, 올해 남은 한정 서비스 횟수와 \
                 처리 기한을 근거 조항과 함께 확인할 수 있게 됩니다.",
                "This page will let you check, before asking, whether a request is covered by \
                 your contract, how many of this year's limited services remain and how fast it \
                 will be handled, with the clause behind each answer.",
            ),
            UiText::RequestTitle => ("요청 접수", "Submit a request"),
            UiText::RequestSummary => (
                "이 화면에서는 제품과 요청 유형을 고르고 몇 가지 질문에 답하면서 판정과 응답·복구 기한을 \
                 바로 보고 요청을 접수할 수 있게 됩니다.",
                "This page will guide you through a request: pick the product and request type, \
                 answer a few questions, and see the verdict and the response and restore \
                 deadlines before you submit.",
            ),
            UiText::StatusTitle => ("계약 현황", "Contract status"),
            UiText::StatusSummary => (
                "이 화면에서는 계약 기간과 등급, 이번 계약 연도에 남은 한정 서비스 횟수, 다가오는 \
                 만료일을 한눈에 볼 수 있게 됩니다.",
                "This page will show your contract at a glance: its period and tier, the limited \
                 services left this contract year, and a warning when expiry is near.",
            ),
            UiText::PackagesTitle => ("패키지 비교", "Package comparison"),
            UiText::PackagesSummary => (
                "이 화면에서는 Bronze, Silver, Gold, Platinum 패키지의 지원 시간, 같은 장애에 대한 처리 \
                 기한, 라이선스 금액에 따른 유지보수 요금을 나란히 비교할 수 있게 됩니다.",
                "This page will compare Bronze, Silver, Gold and Platinum side by side: support \
                 hours, the deadlines for the same incident, and the fee for a given licence \
                 amount.",
            ),
            UiText::NotFoundTitle => ("페이지를 찾을 수 없습니다", "Page not found"),
            UiText::NotFoundSummary => (
                "주소를 확인하거나 처음 화면으로 돌아가세요.",
                "Check the address, or go back to the home page.",
            ),
            UiText::BackHome => ("처음 화면으로", "Go to the home page"),
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
    /// and keeps `<html lang>` and the document title in step with it.
    pub fn provide() -> I18n {
        let stored = storage()
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|stored| Lang::parse(&stored));
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
            document.set_title(UiText::DocumentTitle.in_lang(lang));
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
}

/// The language context provided by [`I18n::provide`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// `localStorage`, when the browser allows it.
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}
