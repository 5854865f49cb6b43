//! The portal's shell: language context, header and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::SiteHeader;
use crate::i18n::{I18n, UiText};
use crate::pages::{
    CoveragePage, HomePage, NotFoundPage, PackagesPage, RequestPage, SrPage, StatusPage,
};

/// The whole portal. `data-testid="app-ready"` appears once the wasm has rendered.
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    crate::state::Portal::provide();
    view! {
        <Router>
            <div class="app" data-testid="app-ready">
                <a class="skip-link" href="#main">{i18n.text(UiText::SkipToContent)}</a>
                <SiteHeader/>
                <main id="main" class="page" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/coverage") view=CoveragePage/>
                        <Route path=path!("/request") view=RequestPage/>
                        <Route path=path!("/status") view=StatusPage/>
                        <Route path=path!("/packages") view=PackagesPage/>
                        <Route path=path!("/sr/:contract/:sr") view=SrPage/>
                    </Routes>
                </main>
            </div>
        </Router>
    }
}
