//! The 한국어 / English switch.

use leptos::prelude::*;

use crate::i18n::{LANGS, UiText, code, native_name, use_i18n};

/// One button per language; the current one is pressed (`aria-pressed="true"`). Each
/// button is labelled in its own language, so either reader can find it.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let buttons = LANGS.map(|lang| {
        view! {
            <button
                type="button"
                class="lang-switch__option"
                lang=code(lang)
                data-testid=format!("lang-{}", code(lang))
                aria-pressed=move || (i18n.lang() == lang).to_string()
                on:click=move |_| i18n.set(lang)
            >
                {native_name(lang)}
            </button>
        }
    });
    view! {
        <div class="lang-switch" role="group" aria-label=i18n.text(UiText::LanguageSwitchLabel)>
            {buttons}
        </div>
    }
}
