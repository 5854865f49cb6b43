//! One module per route. A page owns its data loading; today none loads any.

mod coverage;
mod home;
mod not_found;
mod packages;
mod request;
mod status;

pub use coverage::CoveragePage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use packages::PackagesPage;
pub use request::RequestPage;
pub use status::StatusPage;

use crate::i18n::UiText;

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
