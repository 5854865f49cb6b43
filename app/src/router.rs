//! The portal's router: which page the address shows, and in-page navigation.
//!
//! Small on purpose: a handful of fixed routes, read from `location.pathname`. A click on
//! a link to another page of the portal (same origin, no modifier key, no `target` or
//! `download`) becomes `history.pushState` and a change of [`Location`] instead of a page
//! load; back and forward (`popstate`) change it too. A link to a page whose code is a
//! chunk of its own has the chunk fetched as soon as it is pointed at or focused
//! (`pages::preload`). The query string stays in the address, where the pages read it
//! (`state::query_param`). It replaces
//! `leptos_router`, whose general matching, nested routes and route data came to about
//! 50 KB of the first load's wasm for what these six routes need.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The portal's routes, as the address names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Home,
    /// `/coverage`
    Coverage,
    /// `/request`
    Request,
    /// `/status`
    Status,
    /// `/packages`
    Packages,
    /// `/desk`: the vendor's desk.
    Desk,
    /// `/audit`: the audit trail (vendor staff).
    Audit,
    /// `/settings`: the account's notices and calendar address.
    Settings,
    /// `/sr/{contract}/{sr}/incident`: the incident report of a request.
    Incident { contract: String, sr: String },
    /// `/sr/{contract}/{sr}`: one submitted request's SR form.
    Sr { contract: String, sr: String },
    /// Anything else.
    NotFound,
}

impl Route {
    /// The route of an address's path (`/sr/hanbit-city/SR-2026-0199`); a trailing slash
    /// does not matter, escapes (`%20`) are decoded in the SR route's parts.
    pub fn of(path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Home,
            ["coverage"] => Route::Coverage,
            ["request"] => Route::Request,
            ["status"] => Route::Status,
            ["packages"] => Route::Packages,
            ["desk"] => Route::Desk,
            ["audit"] => Route::Audit,
            ["settings"] => Route::Settings,
            ["sr", contract, sr, "incident"] => Route::Incident {
                contract: decode(contract),
                sr: decode(sr),
            },
            ["sr", contract, sr] => Route::Sr {
                contract: decode(contract),
                sr: decode(sr),
            },
            _ => Route::NotFound,
        }
    }
}

/// `%XX`-decoded `segment` (as the browser encoded it), by the browser's own
/// `decodeURIComponent`; left as it is when malformed.
#[cfg(target_arch = "wasm32")]
fn decode(segment: &str) -> String {
    js_sys::decode_uri_component(segment).map_or_else(|_| segment.to_owned(), String::from)
}

/// The same decoding for the router's native unit tests, which have no browser to ask.
#[cfg(not(target_arch = "wasm32"))]
fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map_or_else(|_| segment.to_owned(), std::borrow::Cow::into_owned)
}

/// Where the portal is: the address's path, tracked.
#[derive(Clone, Copy, Debug)]
pub struct Location {
    path: RwSignal<String>,
}

impl Location {
    /// Reads the address, follows back/forward and takes over clicks on the portal's own
    /// links; provides the location as context.
    pub fn provide() -> Location {
        let location = Location {
            path: RwSignal::new(current_path()),
        };
        provide_context(location);
        // Listeners for the page's lifetime (the portal is the whole page): their handles
        // are let go, which leaves them in place.
        let _ = window_event_listener(ev::popstate, move |_| location.path.set(current_path()));
        let _ = window_event_listener(ev::click, move |event| location.follow(&event));
        let _ = window_event_listener(ev::pointerover, |event| preload_link(&event));
        let _ = window_event_listener(ev::focusin, |event| preload_link(&event));
        location
    }

    /// The current route (tracked).
    pub fn route(self) -> Route {
        self.path.with(|p| Route::of(p))
    }

    /// Whether a navigation link to `href` (a path, maybe with a query) names the current
    /// page: the same path, or for a section, a path under it (tracked).
    pub fn is_current(self, href: &str) -> bool {
        let target = href.split(['?', '#']).next().unwrap_or_default();
        self.path.with(|p| {
            let p = p.trim_end_matches('/');
            let target = target.trim_end_matches('/');
            p == target
                || (!target.is_empty()
                    && p.strip_prefix(target)
                        .is_some_and(|rest| rest.starts_with('/')))
        })
    }

    /// Shows `href` (an address inside the portal) as if its link had been followed.
    pub fn go(self, href: &str) {
        let Ok(history) = window().history() else {
            return;
        };
        if history
            .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            .is_ok()
        {
            self.path.set(current_path());
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Takes over a click on a link to another page of the portal.
    fn follow(self, event: &ev::MouseEvent) {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.alt_key()
            || event.ctrl_key()
            || event.shift_key()
        {
            return;
        }
        let Some(anchor) = portal_link(event) else {
            return;
        };
        let here = window().location();
        let (path, search, hash) = (anchor.pathname(), anchor.search(), anchor.hash());
        let same_page = here.pathname().ok().as_deref() == Some(path.as_str())
            && here.search().ok().as_deref() == Some(search.as_str());
        if same_page && !hash.is_empty() {
            // A link within the page (`#main`): the browser's own.
            return;
        }
        event.prevent_default();
        self.go(&format!("{path}{search}{hash}"));
    }
}

/// The link to a page of the portal (same origin, opened in this tab, not a download)
/// that `event` happened on or inside.
fn portal_link(event: &web_sys::Event) -> Option<web_sys::HtmlAnchorElement> {
    let anchor = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())?;
    let leaves = anchor.has_attribute("download")
        || !matches!(anchor.target().as_str(), "" | "_self")
        || anchor.rel().split_whitespace().any(|r| r == "external");
    let same_origin = window().location().origin().ok() == Some(anchor.origin());
    (same_origin && !leaves).then_some(anchor)
}

/// Fetches the chunk of the page that a link under the pointer or in focus leads to.
fn preload_link(event: &web_sys::Event) {
    if let Some(anchor) = portal_link(event) {
        crate::pages::preload(&anchor.pathname());
    }
}

/// The address's path (`/status`).
fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// The portal's location.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn paths_name_their_routes() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of(""), Route::Home);
        assert_eq!(Route::of("/coverage"), Route::Coverage);
        assert_eq!(Route::of("/coverage/"), Route::Coverage);
        assert_eq!(Route::of("/request"), Route::Request);
        assert_eq!(Route::of("/status"), Route::Status);
        assert_eq!(Route::of("/packages"), Route::Packages);
        assert_eq!(Route::of("/desk"), Route::Desk);
        assert_eq!(
            Route::of("/sr/hanbit-city/SR-2026-0199"),
            Route::Sr {
                contract: "hanbit-city".into(),
                sr: "SR-2026-0199".into()
            }
        );
        assert_eq!(
            Route::of("/sr/%ED%95%9C%EB%B9%9B/SR%202026"),
            Route::Sr {
                contract: "한빛".into(),
                sr: "SR 2026".into()
            }
        );
        assert_eq!(
            Route::of("/sr/bad%zz/x"),
            Route::Sr {
                contract: "bad%zz".into(),
                sr: "x".into()
            }
        );
        assert_eq!(Route::of("/sr/hanbit-city"), Route::NotFound);
        assert_eq!(Route::of("/coverage/extra"), Route::NotFound);
        assert_eq!(Route::of("/nowhere"), Route::NotFound);
    }
}
