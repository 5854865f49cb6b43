//! The portal's shell: language context, header and the routes.

use leptos::prelude::*;

use crate::components::SiteHeader;
use crate::i18n::{I18n, UiText};
use crate::router::{Location, Route};

/// The title of the page at `route` in `lang`: "<page> — Covered" (the SR page names
/// its request), the home page the product's.
pub fn page_title(route: &Route, lang: crate::i18n::Lang) -> String {
    let page = match route {
        Route::Home => return UiText::DocumentTitle.in_lang(lang).to_owned(),
        Route::Coverage => UiText::CoverageTitle,
        Route::Request => UiText::RequestTitle,
        Route::Status => UiText::StatusTitle,
        Route::Packages => UiText::PackagesTitle,
        Route::Desk => UiText::DeskTitle,
        Route::Audit => UiText::AuditTitle,
        Route::Settings => UiText::SettingsTitle,
        Route::Sr { .. } => UiText::SrFormTitle,
        Route::Incident { .. } => UiText::IncidentTitle,
        Route::NotFound => UiText::NotFoundTitle,
    };
    let mut title = String::new();
    if let Route::Sr { sr, .. } | Route::Incident { sr, .. } = route {
        title.push_str(sr);
        title.push_str(" · ");
    }
    title.push_str(page.in_lang(lang));
    title.push_str(" — Covered");
    title
}

/// The whole portal. `data-testid="app-ready"` appears once the wasm has rendered.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    crate::state::Portal::provide();
    let location = Location::provide();
    let route = Memo::new(move |_| location.route());
    view! {
        <div class="app" data-testid="app-ready">
            <a class="skip-link" href="#main">{i18n.text(UiText::SkipToContent)}</a>
            <SiteHeader/>
            // `data-loading`: what the page says while a page's chunk is on its way (the
            // page is empty then: style.css writes it).
            <main id="main" class="page" tabindex="-1" data-loading=i18n.text(UiText::PageLoading)>
                {move || crate::pages::page(route.get())}
            </main>
        </div>
    }
}
