//! The login form shown when `covered serve` serves the portal and nobody is logged in,
//! and the account line in the header once someone is.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::server::{self, LoginRefused};
use crate::state::use_portal;

/// Login and password, sent to `POST /api/login`; the server's refusal is shown as is.
#[component]
pub fn LoginPanel() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<LoginRefused>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (l, p) = (login.get_untracked(), password.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            match server::login(&l, &p).await {
                Ok(session) => {
                    problem.set(None);
                    password.set(String::new());
                    portal.logged_in(session);
                }
                Err(e) => problem.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel login" aria-labelledby="login-h" data-testid="login">
            <h2 id="login-h">{i18n.text(PageText::LoginTitle)}</h2>
            <p class="muted">{i18n.text(PageText::LoginWhy)}</p>
            <form on:submit=submit>
                <div class="field">
                    <label for="login-name">{i18n.text(PageText::LoginName)}</label>
                    <input id="login-name" data-testid="login-name" type="text" autocomplete="username" required
                        prop:value=move || login.get()
                        on:input=move |ev| login.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="login-password">{i18n.text(PageText::LoginPassword)}</label>
                    <input id="login-password" data-testid="login-password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                // Said in the page's language: the server's own words only for the unforeseen.
                {move || problem.get().map(|e| view! {
                    <p class="error" role="alert" data-testid="login-problem">{move || match &e {
                        LoginRefused::Wrong => i18n.t(PageText::LoginWrong).to_owned(),
                        LoginRefused::TooMany => i18n.t(PageText::LoginTooMany).to_owned(),
                        LoginRefused::Other(said) => format!("{} {said}", i18n.t(PageText::LoginFailed)),
                    }}</p>
                })}
                <button type="submit" class="button button--primary" data-testid="login-submit" disabled=move || busy.get()>
                    {i18n.text(PageText::LoginButton)}
                </button>
            </form>
        </section>
    }
}

/// Who is logged in, and a button to log out (only with a server).
#[component]
pub fn AccountLine() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    move || {
        portal.session().map(|s| {
            view! {
                <p class="account" data-testid="account">
                    <span>{s.name.clone()}" ("{s.login.clone()}")"</span>
                    {(s.role == "vendor").then(|| view! {
                        <a href=crate::state::carry("/desk") data-testid="desk-nav">{i18n.text(crate::i18n::UiText::DeskTitle)}</a>
                        <a href=crate::state::carry("/audit") data-testid="audit-nav">{i18n.text(crate::i18n::UiText::AuditTitle)}</a>
                    })}
                    <a href=crate::state::carry("/settings") data-testid="settings-nav">{i18n.text(crate::i18n::UiText::SettingsTitle)}</a>
                    <button type="button" class="button button--small" data-testid="logout" on:click=move |_| portal.log_out()>
                        {i18n.text(PageText::Logout)}
                    </button>
                </p>
            }
        })
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        LoginTitle => ("로그인", "Log in"),
        LoginWrong => ("아이디나 비밀번호가 맞지 않습니다.", "The login or the password is wrong."),
        LoginTooMany => (
            "로그인 시도가 너무 많습니다. 잠시 뒤에 다시 해 보세요.",
            "Too many attempts to log in. Try again in a while.",
        ),
        LoginFailed => ("로그인하지 못했습니다:", "Could not log in:"),
        LoginWhy => (
            "이 포털은 공급사의 서버에 연결되어 있습니다. 기관 계정으로 로그인하면 기관의 계약과 요청을 함께 봅니다.",
            "This portal is connected to the vendor's server. Log in with your institution's account to see its contracts and requests.",
        ),
        LoginName => ("아이디", "Login"),
        LoginPassword => ("비밀번호", "Password"),
        LoginButton => ("로그인", "Log in"),
        Logout => ("로그아웃", "Log out"),
    }
}
