//! One module per route. A page owns its state; [`with_data`] waits for the data set.

mod audit;
mod coverage;
mod desk;
mod home;
mod incident;
mod not_found;
mod packages;
mod request;
mod settings;
mod sr;
mod status;

use coverage::CoveragePage;

use std::sync::Arc;

use covered_core::contract::DataSet;
use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};
use crate::router::Route;
use crate::server::Backend;
use crate::state::{Load, use_portal};

// The pages a visitor to the self-check does not need at once (the home page too: the
// self-check is where shared addresses lead): each page's view
// (and the engine code only it uses: KPIs, credits, availability, quotes, comparison,
// replay, CSV) is split into a wasm chunk of its own by `cargo xtask site`
// (`xtask/src/split.rs`) and fetched when a link to the page is pointed at or focused
// ([`preload`]), or else when the page is first opened; until then the page is empty
// (and says it is loading). A chunk that cannot be fetched is an error on the
// page, not the end of the app; the next visit to the page tries again. Outside wasm32
// (`cargo check`, tests) the view is called directly.

/// The chunk of a page could not be fetched (the browser's console has why).
#[derive(Debug)]
pub struct ChunkMissing;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkMissing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkMissing
    }
}

#[leptos::wasm_split::wasm_split(home_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_home))]
fn home_view() -> Result<AnyView, ChunkMissing> {
    Ok(home::HomePage().into_any())
}

#[leptos::wasm_split::wasm_split(not_found_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn not_found_view() -> Result<AnyView, ChunkMissing> {
    Ok(not_found::NotFoundPage().into_any())
}

#[leptos::wasm_split::wasm_split(request_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_request))]
fn request_view() -> Result<AnyView, ChunkMissing> {
    Ok(request::RequestPage().into_any())
}

#[leptos::wasm_split::wasm_split(status_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_status))]
fn status_view() -> Result<AnyView, ChunkMissing> {
    Ok(status::StatusPage().into_any())
}

#[leptos::wasm_split::wasm_split(packages_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_packages))]
fn packages_view() -> Result<AnyView, ChunkMissing> {
    Ok(packages::PackagesPage().into_any())
}

#[leptos::wasm_split::wasm_split(sr_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_sr))]
fn sr_view() -> Result<AnyView, ChunkMissing> {
    Ok(sr::SrPage().into_any())
}

#[leptos::wasm_split::wasm_split(desk_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_desk))]
fn desk_view() -> Result<AnyView, ChunkMissing> {
    Ok(desk::DeskPage().into_any())
}

#[leptos::wasm_split::wasm_split(audit_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_audit))]
fn audit_view() -> Result<AnyView, ChunkMissing> {
    Ok(audit::AuditPage().into_any())
}

#[leptos::wasm_split::wasm_split(settings_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_settings))]
fn settings_view() -> Result<AnyView, ChunkMissing> {
    Ok(settings::SettingsPage().into_any())
}

#[leptos::wasm_split::wasm_split(incident_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_incident))]
fn incident_view() -> Result<AnyView, ChunkMissing> {
    Ok(incident::IncidentPage().into_any())
}

/// The login form, in the `server` chunk with the rest of what only `covered serve`
/// needs (`state::refresh_from_server`).
#[leptos::wasm_split::wasm_split(server, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(crate) fn login_view() -> Result<AnyView, ChunkMissing> {
    Ok(crate::components::LoginPanel().into_any())
}

/// `children` once `/pages.css` has loaded — the styles of the pages the first load
/// does not show (public/pages.css) — so that no page is seen, or measured, unstyled; if
/// the sheet can't be had, unstyled rather than not at all.
#[component]
pub fn Styled(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    view! {
        <link rel="stylesheet" href="/pages.css"
            on:load=move |_| ready.set(true) on:error=move |_| ready.set(true)/>
        {move || ready.get().then(|| children())}
    }
}

/// The view of `route`.
pub fn page(route: Route) -> AnyView {
    match route {
        Route::Home => later(home_view()),
        Route::Coverage => CoveragePage().into_any(),
        Route::Request => later(request_view()),
        Route::Status => later(status_view()),
        Route::Packages => later(packages_view()),
        Route::Sr { .. } => later(sr_view()),
        Route::Desk => later(desk_view()),
        Route::Audit => later(audit_view()),
        Route::Settings => later(settings_view()),
        Route::Incident { .. } => later(incident_view()),
        Route::NotFound => later(not_found_view()),
    }
}

/// Starts fetching the chunk of the page at `path` (`/status`), if it has one: for a
/// link under the pointer or in focus, so that the page opens at once when it is
/// followed. A failure is left to the visit, which tries again.
pub fn preload(path: &str) {
    type Fetch =
        std::pin::Pin<Box<dyn Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>>>>;
    let fetch: Fetch = match Route::of(path) {
        Route::Home => Box::pin(preload_home()),
        Route::Request => Box::pin(preload_request()),
        Route::Status => Box::pin(preload_status()),
        Route::Packages => Box::pin(preload_packages()),
        Route::Sr { .. } => Box::pin(preload_sr()),
        Route::Desk => Box::pin(preload_desk()),
        Route::Audit => Box::pin(preload_audit()),
        Route::Settings => Box::pin(preload_settings()),
        Route::Incident { .. } => Box::pin(preload_incident()),
        Route::Coverage | Route::NotFound => return,
    };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = fetch.await;
    });
}

/// The view `view` gives when its chunk is in, or says that the chunk could not be had.
pub(crate) fn later(
    view: impl Future<Output = Result<AnyView, ChunkMissing>> + 'static,
) -> AnyView {
    let i18n = use_i18n();
    // One thread in the browser: the wrapper only tells Leptos so.
    Suspend::new(send_wrapper::SendWrapper::new(async move {
        view.await.unwrap_or_else(|ChunkMissing| {
            view! {
                <p class="alert" role="alert" data-testid="chunk-missing">{i18n.text(UiText::PageUnavailable)}</p>
            }
            .into_any()
        })
    }))
    .into_any()
}

/// Renders `f` with the data set once it is loaded; says so while loading, and lists
/// the problems (file: JSON path: message) when it could not be loaded. Also reports a
/// store that could not be read.
pub fn with_data(f: impl Fn(Arc<DataSet>) -> AnyView + Send + Sync + 'static) -> impl IntoView {
    data_view(Box::new(f))
}

/// [`with_data`] past the one generic step: compiled once, not once per page.
fn data_view(f: Box<dyn Fn(Arc<DataSet>) -> AnyView + Send + Sync>) -> impl IntoView {
    let portal = use_portal();
    let i18n = use_i18n();
    view! {
        {move || portal.store_problem.get().map(|e| view! {
            <p class="alert" role="alert" data-testid="store-problem">{i18n.t(UiText::StoreCorrupt)}" "{e}</p>
        })}
        {move || match (portal.backend.get(), portal.data.get()) {
            (Backend::Server(None), _) => later(login_view()),
            (_, Load::Loading) => view! { <p class="muted" role="status">{i18n.t(UiText::Loading)}</p> }.into_any(),
            (_, Load::Failed(lines)) => view! {
                <div class="alert" role="alert" data-testid="load-problems">
                    <p>{i18n.t(UiText::LoadFailed)}</p>
                    <ul>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
                </div>
            }.into_any(),
            (_, Load::Ready(data)) => f(data),
        }}
    }
}

/// A section of the portal as the navigation and the home page list it.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    /// The route, as in `app.rs`.
    pub href: &'static str,
    /// The section's name, also its page's `<h1>`.
    pub title: UiText,
    /// What the section does for its reader, in one sentence.
    pub summary: UiText,
}

/// The portal's sections, in navigation order.
pub const SECTIONS: [Section; 4] = [
    Section {
        href: "/coverage",
        title: UiText::CoverageTitle,
        summary: UiText::CoverageSummary,
    },
    Section {
        href: "/request",
        title: UiText::RequestTitle,
        summary: UiText::RequestSummary,
    },
    Section {
        href: "/status",
        title: UiText::StatusTitle,
        summary: UiText::StatusSummary,
    },
    Section {
        href: "/packages",
        title: UiText::PackagesTitle,
        summary: UiText::PackagesSummary,
    },
];
