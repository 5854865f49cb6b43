//! One module per route. A page owns its state; [`with_data`] waits for the data set.

mod coverage;
mod home;
mod not_found;
mod packages;
mod request;
mod sr;
mod status;

pub use coverage::CoveragePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use packages::PackagesPage;
pub use request::RequestPage;
pub use sr::SrPage;
pub use status::StatusPage;

use std::sync::Arc;

use covered_core::contract::DataSet;
use leptos::prelude::*;

use crate::components::LoginPanel;
use crate::i18n::{UiText, use_i18n};
use crate::server::Backend;
use crate::state::{Load, use_portal};

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
            (Backend::Server(None), _) => view! { <LoginPanel/> }.into_any(),
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
