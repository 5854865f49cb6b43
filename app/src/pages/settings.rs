//! `/settings`: the logged-in account's own settings under `covered serve` — the address
//! notices go to, their language, which notices it gets (all, or only the resolution
//! notice, which is always sent), and a private calendar address (an ICS feed of its
//! open requests' due times and its contracts' renewal dates) to make, replace or end.
//! The server keeps only a hash of the calendar address, so it is shown once, when made.

use leptos::prelude::*;
use serde_json::{Value, json};

use crate::i18n::{UiText, use_i18n};
use crate::server::{self, Backend, Session};
use crate::state::use_portal;

/// The `/settings` page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    view! {
        <crate::pages::Styled>
        <h1 id="page-h" tabindex="-1">{i18n.text(UiText::SettingsTitle)}</h1>
        <p class="lead">{i18n.text(PageText::Summary)}</p>
        {move || match portal.backend.get() {
            Backend::Server(Some(s)) => view! { <Settings session=s/> }.into_any(),
            Backend::Server(None) => crate::pages::later(crate::pages::login_view()),
            Backend::Probing => view! { <p class="muted" role="status">{i18n.t(UiText::Loading)}</p> }.into_any(),
            Backend::Browser => view! {
                <p class="alert" role="alert" data-testid="settings-no-server">{i18n.text(PageText::NoServer)}</p>
            }.into_any(),
        }}
        </crate::pages::Styled>
    }
}

/// The settings as the server keeps them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Kept {
    email: String,
    language: String,
    all: bool,
    calendar: bool,
}

impl Kept {
    fn of(v: &Value) -> Kept {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        Kept {
            email: s("email"),
            language: s("language"),
            all: s("notify") != "resolution",
            calendar: v.get("calendar").and_then(Value::as_bool).unwrap_or(false),
        }
    }
}

#[component]
fn Settings(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    // What is typed, kept as typed whatever the server answers.
    let email = RwSignal::new(String::new());
    let language = RwSignal::new(String::from("ko"));
    let all = RwSignal::new(true);
    let kept = RwSignal::new(None::<Kept>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let sending = RwSignal::new(false);
    // The calendar address just made (shown once), or a problem with it.
    let feed_url = RwSignal::new(None::<String>);
    let feed_problem = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let csrf = StoredValue::new(session.csrf_token.clone());

    wasm_bindgen_futures::spawn_local(async move {
        match server::call("GET", "/api/settings", None, &[]).await {
            Ok(a) if a.ok() => {
                let k = Kept::of(&a.body);
                email.set(k.email.clone());
                if !k.language.is_empty() {
                    language.set(k.language.clone());
                }
                all.set(k.all);
                kept.set(Some(k));
            }
            Ok(a) => problem.set(Some(a.error_text())),
            Err(e) => problem.set(Some(e)),
        }
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let typed = email.get_untracked().trim().to_owned();
        let mut body = json!({
            "language": language.get_untracked(),
            "notify": if all.get_untracked() { "all" } else { "resolution" },
        });
        if let (false, Value::Object(m)) = (typed.is_empty(), &mut body) {
            m.insert("email".to_owned(), Value::from(typed));
        }
        sending.set(true);
        saved.set(false);
        let token = csrf.get_value();
        let lang = i18n.lang();
        wasm_bindgen_futures::spawn_local(async move {
            match server::call(
                "PUT",
                "/api/settings",
                Some(&body),
                &[("X-CSRF-Token", &token)],
            )
            .await
            {
                Ok(a) if a.ok() => {
                    problem.set(None);
                    let k = Kept::of(&a.body);
                    kept.update(|old| {
                        let calendar = old.as_ref().is_some_and(|o| o.calendar);
                        *old = Some(Kept { calendar, ..k });
                    });
                    saved.set(true);
                }
                Ok(a) => problem.set(Some(a.error_in(lang))),
                Err(e) => problem.set(Some(e)),
            }
            sending.set(false);
        });
    };

    // Makes (or replaces) the calendar address, or ends it.
    let feed = move |method: &'static str| {
        let token = csrf.get_value();
        let lang = i18n.lang();
        copied.set(false);
        wasm_bindgen_futures::spawn_local(async move {
            match server::call(
                method,
                "/api/settings/calendar",
                None,
                &[("X-CSRF-Token", &token)],
            )
            .await
            {
                Ok(a) if a.ok() => {
                    feed_problem.set(None);
                    let url = a
                        .body
                        .get("calendar_url")
                        .and_then(Value::as_str)
                        .map(absolute);
                    kept.update(|k| {
                        if let Some(k) = k {
                            k.calendar = url.is_some();
                        }
                    });
                    feed_url.set(url);
                }
                Ok(a) => feed_problem.set(Some(a.error_in(lang))),
                Err(e) => feed_problem.set(Some(e)),
            }
        });
    };
    let copy = move |_| {
        if let Some(url) = feed_url.get_untracked() {
            let clipboard = window().navigator().clipboard();
            let done = clipboard.write_text(&url);
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(done).await.is_ok() {
                    copied.set(true);
                }
            });
        }
    };

    view! {
        <form class="settings" on:submit=save data-testid="settings-form">
            <fieldset>
                <legend>{i18n.text(PageText::Notices)}</legend>
                <div class="field">
                    <label for="s-email">{i18n.text(PageText::Email)}</label>
                    <input id="s-email" data-testid="s-email" type="email" autocomplete="email"
                        prop:value=move || email.get()
                        on:input=move |ev| { email.set(event_target_value(&ev)); saved.set(false); }/>
                </div>
                <div class="field">
                    <label for="s-language">{i18n.text(PageText::Language)}</label>
                    <select id="s-language" data-testid="s-language" prop:value=move || language.get()
                        on:change=move |ev| { language.set(event_target_value(&ev)); saved.set(false); }>
                        <option value="ko" selected=move || language.get() == "ko">"한국어"</option>
                        <option value="en" selected=move || language.get() == "en">"English"</option>
                    </select>
                </div>
                <div class="field" role="radiogroup" aria-labelledby="s-notify-h">
                    <p id="s-notify-h">{i18n.text(PageText::Which)}</p>
                    <label class="choice">
                        <input type="radio" name="s-notify" value="all" data-testid="s-notify-all"
                            prop:checked=move || all.get() on:change=move |_| { all.set(true); saved.set(false); }/>
                        " "{i18n.text(PageText::All)}
                    </label>
                    <label class="choice">
                        <input type="radio" name="s-notify" value="resolution" data-testid="s-notify-resolution"
                            prop:checked=move || !all.get() on:change=move |_| { all.set(false); saved.set(false); }/>
                        " "{i18n.text(PageText::ResolutionOnly)}
                    </label>
                    <p class="muted hint">{i18n.text(PageText::ResolutionAlways)}</p>
                </div>
                <button type="submit" class="button button--primary" data-testid="s-save"
                    disabled=move || sending.get() || kept.get().is_none()>{i18n.text(PageText::Save)}</button>
                <p role="status" data-testid="s-saved">{move || saved.get().then(|| i18n.t(PageText::Saved))}</p>
                {move || problem.get().map(|e| view! { <p class="error" role="alert" data-testid="s-problem">{e}</p> })}
            </fieldset>
        </form>
        <section class="settings" aria-labelledby="feed-h" data-testid="calendar-feed">
            <h2 id="feed-h">{i18n.text(PageText::Calendar)}</h2>
            <p>{i18n.text(PageText::CalendarWhat)}</p>
            {move || kept.get().map(|k| {
                let has = k.calendar;
                view! {
                    <p data-testid="feed-state">{i18n.t(if has { PageText::CalendarOn } else { PageText::CalendarOff })}</p>
                    <p>
                        <button type="button" class="button" data-testid="feed-make" on:click=move |_| feed("POST")>
                            {i18n.t(if has { PageText::CalendarReplace } else { PageText::CalendarMake })}
                        </button>
                        " "
                        {has.then(|| view! {
                            <button type="button" class="button" data-testid="feed-end" on:click=move |_| feed("DELETE")>
                                {i18n.t(PageText::CalendarEnd)}
                            </button>
                        })}
                    </p>
                }
            })}
            {move || feed_url.get().map(|url| view! {
                <div class="field">
                    <label for="feed-url">{i18n.text(PageText::CalendarUrl)}</label>
                    <input id="feed-url" data-testid="feed-url" type="text" readonly prop:value=url
                        on:focus=move |ev| {
                            use wasm_bindgen::JsCast;
                            if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                i.select();
                            }
                        }/>
                    <p class="muted hint">{i18n.text(PageText::CalendarOnce)}</p>
                    <button type="button" class="button button--small" data-testid="feed-copy" on:click=copy>{i18n.text(PageText::Copy)}</button>
                    <span role="status">{move || copied.get().then(|| i18n.t(PageText::Copied))}</span>
                </div>
            })}
            {move || feed_problem.get().map(|e| view! { <p class="error" role="alert" data-testid="feed-problem">{e}</p> })}
        </section>
    }
}

/// `url` as a calendar app needs it: absolute, on this portal's origin when the server
/// gave a path.
fn absolute(url: &str) -> String {
    if url.starts_with('/') {
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}{url}")
    } else {
        url.to_owned()
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        Summary => (
            "알림을 받을 주소와 언어, 받을 알림, 일정 앱에서 볼 기한 캘린더를 정합니다.",
            "Where your notices go, in which language, which ones you get, and a calendar of your due times for your calendar app.",
        ),
        NoServer => (
            "설정은 서버(covered serve)에서 열린 포털에 로그인했을 때만 쓸 수 있습니다.",
            "Settings need the portal served by covered serve, and a login.",
        ),
        Notices => ("알림", "Notices"),
        Email => ("알림 받을 이메일", "Email for notices"),
        Language => ("알림 언어", "Language of the notices"),
        Which => ("받을 알림", "Which notices"),
        All => (
            "모두 (접수, 상태 변경, 업체 의견, 기한 경고, 에스컬레이션, 처리 완료)",
            "All (filed, status changes, vendor comments, deadline warnings, escalations, resolution)",
        ),
        ResolutionOnly => ("처리 완료 안내만", "Only the resolution notice"),
        ResolutionAlways => (
            "처리 완료 안내(만족도 평가 링크 포함)는 언제나 보냅니다.",
            "The resolution notice (with the satisfaction link) is always sent.",
        ),
        Save => ("설정 저장", "Save the settings"),
        Saved => ("저장했습니다.", "Saved."),
        Calendar => ("기한 캘린더 (ICS)", "Due-time calendar (ICS)"),
        CalendarWhat => (
            "처리 중인 요청의 기한과 계약 갱신일을 일정 앱(Google 캘린더, Outlook 등)에 구독할 수 있는 개인 주소입니다. 주소를 아는 사람은 누구나 볼 수 있으니 공유하지 마세요.",
            "A private address your calendar app (Google Calendar, Outlook, …) subscribes to: your open requests' due times and your contracts' renewal dates. Anyone who has the address can read it; keep it to yourself.",
        ),
        CalendarOn => ("캘린더 주소가 있습니다.", "You have a calendar address."),
        CalendarOff => ("아직 캘린더 주소가 없습니다.", "You have no calendar address yet."),
        CalendarMake => ("캘린더 주소 만들기", "Make a calendar address"),
        CalendarReplace => (
            "새 주소로 바꾸기 (이전 주소는 더 이상 쓸 수 없음)",
            "Replace it (the old address stops working)",
        ),
        CalendarEnd => ("캘린더 주소 없애기", "End the calendar address"),
        CalendarUrl => ("캘린더 주소", "Calendar address"),
        CalendarOnce => (
            "이 주소는 지금 한 번만 보입니다. 일정 앱에 붙여 넣으세요. 잃어버리면 새 주소를 만드세요.",
            "This address is shown only now: paste it into your calendar app. If you lose it, make a new one.",
        ),
        Copy => ("주소 복사", "Copy the address"),
        Copied => ("복사했습니다.", "Copied."),
    }
}
