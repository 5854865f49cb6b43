//! Package comparison for sales: every tier side by side for a licence amount and a
//! sample incident, and a customer's history replayed under each tier.
//! URL parameters: `licence`, `severity`, `at` (local time), `contract` (the replay).

use std::sync::Arc;

use covered_core::api::{AmountProblem, read_amount};
use covered_core::contract::DataSet;
use covered_core::i18n::format_datetime;
use leptos::prelude::*;

use crate::components::PageIntro;
use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::state::{query_param, use_portal};

/// The `/packages` page.
#[component]
pub fn PackagesPage() -> impl IntoView {
    view! {
        <PageIntro title=UiText::PackagesTitle summary=UiText::PackagesSummary/>
        {with_data(|data| view! { <Packages data=data/> }.into_any())}
    }
}

#[component]
fn Packages(data: Arc<DataSet>) -> impl IntoView {
    let portal = use_portal();
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let now = portal.now(&data);
    let licence = RwSignal::new(query_param("licence").unwrap_or_else(|| "150,000,000".to_owned()));
    let severity = RwSignal::new(
        query_param("severity")
            .or_else(|| data.catalog.severities.first().map(|s| s.id.clone()))
            .unwrap_or_default(),
    );
    let at = RwSignal::new(query_param("at").unwrap_or_else(|| now.to_minute_string()));
    let replay_of = RwSignal::new(
        query_param("contract")
            .or_else(|| data.histories.keys().next().cloned())
            .unwrap_or_default(),
    );
    let d1 = data.clone();
    let comparison = Memo::new_with_compare(
        move |_| {
            covered_core::api::compare(
                &d1,
                Some(&licence.get()),
                &severity.get(),
                &at.get(),
                None,
                None,
            )
        },
        |_, _| true,
    );
    let d2 = data.clone();
    let replay = Memo::new_with_compare(
        move |_| covered_core::api::replay(&d2, &replay_of.get()),
        |_, _| true,
    );
    // Whether the comparison refused the field at `path`.
    let flagged = move |path: &str| {
        comparison.with(|c| {
            c.as_ref()
                .err()
                .is_some_and(|p| p.0.iter().any(|q| q.path == path))
        })
    };
    let sev_opts = data.catalog.severities.clone();
    let hist_contracts: Vec<_> = data
        .contracts
        .iter()
        .filter(|c| data.histories.contains_key(&c.id))
        .cloned()
        .collect();
    let no_history = hist_contracts.is_empty();
    view! {
        <form class="panel compare-form" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="p-licence">{i18n.text(UiText::FieldLicence)}</label>
                <input id="p-licence" data-testid="p-licence" type="text" inputmode="numeric" prop:value=move || licence.get()
                    aria-invalid=move || flagged("$.licence").to_string() aria-describedby="p-licence-error"
                    on:input=move |ev| licence.set(event_target_value(&ev))/>
                {move || flagged("$.licence").then(|| view! {
                    <p class="error" id="p-licence-error" role="alert" data-testid="p-licence-error">{move || i18n.t(licence_problem(&licence.get()))}</p>
                })}
            </div>
            <div class="field">
                <label for="p-severity">{i18n.text(UiText::FieldSeverity)}</label>
                <select id="p-severity" data-testid="p-severity" prop:value=move || severity.get() on:change=move |ev| severity.set(event_target_value(&ev))>
                    {sev_opts.into_iter().map(|s| {
                        let name = s.name.clone();
                        let id = s.id.clone();
                        let sel = id.clone();
                        view! { <option value=id selected=move || severity.get() == sel>{i18n.local(name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="p-at">{i18n.text(UiText::FieldAt)}</label>
                <input id="p-at" data-testid="p-at" type="datetime-local" prop:value=move || at.get()
                    aria-invalid=move || flagged("$.at").to_string() aria-describedby="p-at-error"
                    on:input=move |ev| at.set(event_target_value(&ev))/>
                {move || flagged("$.at").then(|| view! {
                    <p class="error" id="p-at-error" role="alert" data-testid="p-at-error">{move || i18n.t(UiText::AtInvalid)}</p>
                })}
            </div>
        </form>
        {move || match comparison.get() {
            // The fields' own problems are said beside them, in the reader's language.
            Err(p) => {
                let rest: Vec<String> = p.0.iter().filter(|p| !FIELDS.contains(&p.path.as_str())).map(ToString::to_string).collect();
                (!rest.is_empty()).then(|| view! { <ul class="alert" role="alert">{rest.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }).into_any()
            }
            Ok(c) => {
                let tiers = c.tiers.clone();
                let head = tiers.iter().map(|t| { let n = t.name.clone(); let cur = t.current; view! { <th scope="col">{i18n.local(n)}{cur.then(|| view! { " "{i18n.text(UiText::CurrentTier)} })}</th> } }).collect_view();
                let row = |label: UiText, cells: Vec<AnyView>| view! { <tr><th scope="row">{i18n.text(label)}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> };
                let window = tiers.iter().map(|t| { let cal = t.calendar_name.clone(); let w = t.window_label.clone(); view! { <strong>{w}</strong><br/><span class="muted">{i18n.local(cal)}</span> }.into_any() }).collect();
                let dues = tiers.iter().map(|t| { let ds = t.deadlines.clone(); view! { <ul class="plain">{ds.into_iter().map(|d| { let n = d.name.clone(); let w = d.within_text.clone(); view! { <li data-clock=d.clock.clone()>{move || format!("{} {}", n.get(lang()), w.get(lang()))}<br/><time datetime=d.due_at.clone()>{move || format_datetime(d.due, lang())}</time></li> } }).collect_view()}</ul> }.into_any() }).collect();
                let fees = tiers.iter().map(|t| { let f = t.fee.text.clone(); view! { <span>{i18n.local(f)}</span> }.into_any() }).collect();
                let feats = tiers.iter().map(|t| { let fs = t.features.clone(); view! { <ul class="plain">{fs.into_iter().map(|f| { let n = f.name.clone(); view! { <li>{if f.included { "✓ " } else { "✕ " }}{i18n.local(n)}<span class="sr-only">{move || format!(" ({})", i18n.t(if f.included { UiText::Included } else { UiText::NotIncluded }))}</span></li> } }).collect_view()}</ul> }.into_any() }).collect();
                let visits = tiers.iter().map(|t| { let v = t.onsite_visits.clone(); view! { <span>{move || v.as_ref().map_or_else(|| i18n.t(UiText::NoneOffered).to_owned(), |v| v.get(lang()).to_owned())}</span> }.into_any() }).collect();
                let upgrade = tiers.iter().map(|t| { let u = t.temporary_upgrade.clone(); view! { <span>{move || u.as_ref().map_or_else(|| i18n.t(UiText::NoneOffered).to_owned(), |u| format!("{} · {}", u.hourly.won, u.calendar_name.get(lang())))}</span> }.into_any() }).collect();
                view! {
                    <p class="muted">{move || format!("{} · {}", c.severity_name.get(lang()), format_datetime(c.received, lang()))}" · "{c.licence.won.clone()}</p>
                    <div class="table-scroll">
                        <table class="data-table compare" data-testid="compare">
                            <thead><tr><th scope="col">{i18n.text(UiText::ColTier)}</th>{head}</tr></thead>
                            <tbody>
                                {row(UiText::RowWindow, window)}
                                {row(UiText::RowDeadlines, dues)}
                                {row(UiText::RowFee, fees)}
                                {row(UiText::RowFeatures, feats)}
                                {row(UiText::RowVisits, visits)}
                                {row(UiText::RowUpgrade, upgrade)}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }
        }}
        <section class="panel" aria-labelledby="replay-h">
            <h2 id="replay-h">{i18n.text(UiText::ReplayHeading)}</h2>
            {no_history.then(|| view! { <p data-testid="replay-none">{i18n.text(UiText::NoHistories)}</p> })}
            <div class="field" hidden=no_history>
                <label for="p-contract">{i18n.text(UiText::FieldReplayContract)}</label>
                <select id="p-contract" data-testid="p-contract" prop:value=move || replay_of.get() on:change=move |ev| replay_of.set(event_target_value(&ev))>
                    {hist_contracts.into_iter().map(|c| {
                        let name = c.institution.clone();
                        let id = c.id.clone();
                        let sel = id.clone();
                        view! { <option value=id selected=move || replay_of.get() == sel>{i18n.local(name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || match replay.get() {
                // No customer has a history to replay: said once above.
                Err(_) if no_history => ().into_any(),
                Err(p) => view! { <ul class="alert" role="alert">{p.0.iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}</ul> }.into_any(),
                Ok(r) => view! {
                    <div class="table-scroll">
                    <table class="data-table" data-testid="replay">
                        <tbody>
                        {r.tiers.into_iter().map(|t| {
                            let name = t.name.clone();
                            let summary = t.summary.clone();
                            let clocks = t.clocks.clone();
                            let cost = t.out_of_scope.total.won.clone();
                            view! {
                                <tr data-tier=t.tier.clone()>
                                    <th scope="row">{i18n.local(name)}{t.current.then(|| view! { " "{i18n.text(UiText::CurrentTier)} })}</th>
                                    <td>
                                        {move || i18n.t(UiText::ReplayCounts).replace("{c}", &t.covered.to_string()).replace("{n}", &t.not_covered.to_string()).replace("{p}", &t.paid.to_string())}
                                        <br/>
                                        {move || clocks.iter().map(|c| i18n.t(UiText::ReplayClocks).replace("{name}", c.name.get(lang())).replace("{met}", &c.met.to_string()).replace("{breached}", &c.breached.to_string())).collect::<Vec<_>>().join(" · ")}
                                        <br/>
                                        {i18n.text(UiText::OutOfScope)}": "<strong>{cost.clone()}</strong>
                                        <br/>
                                        <span class="muted">{i18n.local(summary)}</span>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// The fields of the form whose problems are shown beside them.
const FIELDS: [&str; 2] = ["$.licence", "$.at"];

/// What is wrong with a licence amount the engine refused, from what was typed.
fn licence_problem(typed: &str) -> UiText {
    match read_amount(typed) {
        Err(AmountProblem::Empty) => UiText::LicenceEmpty,
        Err(AmountProblem::NotANumber) => UiText::LicenceNotNumber,
        Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => UiText::LicenceNegative,
        // A number the engine refused anyway: too large to read, or to compute with.
        Err(AmountProblem::TooLarge) | Ok(_) => UiText::LicenceTooLarge,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_licence_amount_is_explained_from_what_was_typed() {
        assert_eq!(licence_problem(""), UiText::LicenceEmpty);
        assert_eq!(licence_problem("  "), UiText::LicenceEmpty);
        assert_eq!(licence_problem("-5"), UiText::LicenceNegative);
        assert_eq!(licence_problem("-150,000,000"), UiText::LicenceNegative);
        assert_eq!(licence_problem("abc"), UiText::LicenceNotNumber);
        assert_eq!(licence_problem("1.2.3"), UiText::LicenceNotNumber);
        assert_eq!(
            licence_problem("99,999,999,999,999,999,999,999,999,999"),
            UiText::LicenceTooLarge
        );
    }
}
