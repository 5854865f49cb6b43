//! The portal's one way to each browser facility it uses outside Leptos: the page's
//! `localStorage` and `fetch`.

use leptos::prelude::window;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `localStorage`, when the browser allows it (not in some private modes, nor when
/// storage is turned off).
pub fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// `fetch(request)`: the response, whatever its status; `failed` words a network
/// failure.
///
/// # Errors
///
/// When the browser could not send it or got no answer.
pub async fn fetch(
    request: &web_sys::Request,
    failed: impl Fn(JsValue) -> String,
) -> Result<web_sys::Response, String> {
    let resp = JsFuture::from(window().fetch_with_request(request))
        .await
        .map_err(&failed)?;
    resp.dyn_into().map_err(failed)
}

/// A response's body as text.
///
/// # Errors
///
/// When the body can't be read.
pub async fn text(
    resp: &web_sys::Response,
    failed: impl Fn(JsValue) -> String,
) -> Result<String, String> {
    let text = JsFuture::from(resp.text().map_err(&failed)?)
        .await
        .map_err(failed)?;
    Ok(text.as_string().unwrap_or_default())
}

/// `GET url`'s body, when it answers 2xx.
///
/// # Errors
///
/// A network failure or another status, naming `url`.
pub async fn get_text(url: &str) -> Result<String, String> {
    let failed = |e: JsValue| format!("{url}: {e:?}");
    let request = web_sys::Request::new_with_str(url).map_err(failed)?;
    let resp = fetch(&request, failed).await?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    text(&resp, failed).await
}
