//! The home page: what Covered is, for whom, and where each section is.

use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};
use crate::pages::SECTIONS;
use crate::state::{Load, carry, use_portal};
use covered_core::contract::Terms;

/// The `/` page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let lang = move || i18n.lang();
    let loaded = move || match portal.data.get() {
        Load::Ready(data) => Some(data),
        _ => None,
    };
    // The customer's staff as the vendor's data calls them ("도서관 담당자" for the
    // library sample); neutral words until the data is in.
    let staff = move || {
        loaded().map_or_else(
            || Terms::default().staff.get(lang()).to_owned(),
            |d| d.catalog.terms.staff.get(lang()).to_owned(),
        )
    };
    let data_from = move || {
        loaded().map(|d| {
            i18n.t(PageText::DataFrom)
                .replace("{vendor}", d.catalog.vendor_name.get(lang()))
                .replace("{version}", &d.catalog.version)
        })
    };
    let audiences = view! {
        <li><strong data-testid="audience-staff">{staff}</strong>" — "{i18n.text(PageText::AudienceStaffNeed)}</li>
        <li><strong>{i18n.text(PageText::AudienceCustomers)}</strong>" — "{i18n.text(PageText::AudienceCustomersNeed)}</li>
        <li><strong>{i18n.text(PageText::AudienceSales)}</strong>" — "{i18n.text(PageText::AudienceSalesNeed)}</li>
    };
    let cards = SECTIONS.map(|section| {
        view! {
            <li class="card">
                <h3>
                    <a href=carry(section.href)>{i18n.text(section.title)}</a>
                </h3>
                <p>{i18n.text(section.summary)}</p>
            </li>
        }
    });
    view! {
        <h1>{i18n.text(UiText::ProductTagline)}</h1>
        <p class="lead">{i18n.text(PageText::HomeLead)}</p>
        <p class="muted" data-testid="data-from">{data_from}</p>
        <section aria-labelledby="audience-heading">
            <h2 id="audience-heading">{i18n.text(PageText::AudienceHeading)}</h2>
            <ul class="audiences">{audiences}</ul>
        </section>
        <section aria-labelledby="pages-heading">
            <h2 id="pages-heading">{i18n.text(PageText::PagesHeading)}</h2>
            <ul class="cards" data-testid="sections">{cards}</ul>
        </section>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        HomeLead => (
            "Covered는 유지보수 계약의 데이터로 어떤 요청이 지원 범위에 드는지, \
         올해 한정 서비스가 몇 번 남았는지, 요청이 언제까지 응답·복구되는지를 계산하고 \
         그 근거를 보여 주는 도구입니다.",
            "Covered works out, from a maintenance contract's data, which requests it covers, \
         how many of this year's limited services remain, and by when a request will be \
         answered and restored — and shows why.",
        ),
        AudienceHeading => ("누구를 위한 도구인가요", "Who it is for"),
        DataFrom => (
            "자료: {vendor} · 카탈로그 {version}",
            "Data: {vendor} · catalog {version}",
        ),
        AudienceStaffNeed => (
            "요청하기 전에 그 일이 계약 범위에 드는지, 남은 횟수와 처리 기한을 확인합니다.",
            "check before asking whether a request is covered, how many limited services \
         remain, and how fast it will be handled.",
        ),
        AudienceCustomers => ("요청하는 고객", "Customers submitting requests"),
        AudienceCustomersNeed => (
            "제품과 요청 유형을 고르고 몇 가지 질문에 답하면서 판정과 기한을 보고 요청을 접수합니다.",
            "pick the product and request type, answer a few questions, and see the verdict \
         and deadlines before submitting.",
        ),
        AudienceSales => ("공급사 영업 담당자", "Vendor sales staff"),
        AudienceSalesNeed => (
            "패키지(등급)를 지원 시간, 처리 기한, 요금으로 나란히 비교합니다.",
            "compare the packages (tiers) side by side: support hours, deadlines and fees.",
        ),
        PagesHeading => ("화면", "Pages"),
    }
}
