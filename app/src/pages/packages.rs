//! Package comparison for sales: every tier side by side for a licence amount and a
//! sample incident, and a customer's history replayed under each tier.
//! URL parameters: `licence`, `severity`, `at` (local time), `contract` (the replay).

use std::sync::Arc;

use covered_core::api::{AmountProblem, read_amount};
use covered_core::contract::DataSet;
use covered_core::i18n::{format_date, format_datetime};
use covered_core::replay::{Replay, ReplayCoverage, TierReplay};
use leptos::prelude::*;
use rust_decimal::Decimal;

use crate::components::PageIntro;
use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::state::{query_param, use_portal};

/// The `/packages` page.
#[component]
pub fn PackagesPage() -> impl IntoView {
    view! {
        <PageIntro title=UiText::PackagesTitle summary=UiText::PackagesSummary/>
        <crate::pages::Styled>{with_data(|data| view! { <Packages data=data/> }.into_any())}</crate::pages::Styled>
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
    // The requests filed in the portal count as the customer's history too.
    let d2 = data.clone();
    let submissions = use_portal().submissions;
    let replay = Memo::new_with_compare(
        move |_| {
            submissions.with(|subs| {
                covered_core::submission::replay_with_submissions(&d2, &replay_of.get(), subs)
            })
        },
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
    let filed = submissions.get_untracked();
    let hist_contracts: Vec<_> = data
        .contracts
        .iter()
        .filter(|c| {
            data.histories.contains_key(&c.id) || filed.iter().any(|s| s.filing.contract == c.id)
        })
        .cloned()
        .collect();
    let no_history = hist_contracts.is_empty();
    view! {
      <div class="packages">
        <form class="panel compare-form no-print" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="p-licence">{i18n.text(PageText::FieldLicence)}</label>
                <input id="p-licence" data-testid="p-licence" type="text" inputmode="numeric" prop:value=move || licence.get()
                    aria-invalid=move || flagged("$.licence").to_string() aria-describedby="p-licence-error"
                    on:input=move |ev| licence.set(event_target_value(&ev))/>
                {move || flagged("$.licence").then(|| view! {
                    <p class="error" id="p-licence-error" role="alert" data-testid="p-licence-error">{move || i18n.t(licence_problem(&licence.get()))}</p>
                })}
            </div>
            <div class="field">
                <label for="p-severity">{i18n.text(PageText::FieldSeverity)}</label>
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
                <label for="p-at">{i18n.text(PageText::FieldAt)}</label>
                <input id="p-at" data-testid="p-at" type="datetime-local" prop:value=move || at.get()
                    aria-invalid=move || flagged("$.at").to_string() aria-describedby="p-at-error"
                    on:input=move |ev| at.set(event_target_value(&ev))/>
                {move || flagged("$.at").then(|| view! {
                    <p class="error" id="p-at-error" role="alert" data-testid="p-at-error">{move || i18n.t(PageText::AtInvalid)}</p>
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
                let head = tiers.iter().map(|t| { let n = t.name.clone(); let cur = t.current; view! { <th scope="col" class="tier-name">{i18n.local(n)}{cur.then(|| view! { " "{i18n.text(PageText::CurrentTier)} })}</th> } }).collect_view();
                // Each cell names its tier (`data-label`): on a phone the table's rows
                // become cards, one line per tier.
                let names: Vec<_> = tiers.iter().map(|t| t.name.clone()).collect();
                let row = |label: PageText, cells: Vec<AnyView>| view! { <tr><th scope="row">{i18n.text(label)}</th>{cells.into_iter().zip(names.clone()).map(|(c, n)| view! { <td data-label=i18n.local(n)>{c}</td> }).collect_view()}</tr> };
                let window = tiers.iter().map(|t| { let cal = t.calendar_name.clone(); let w = t.window_label.clone(); view! { <strong>{w}</strong><br/><span class="muted">{i18n.local(cal)}</span> }.into_any() }).collect();
                let dues = tiers.iter().map(|t| { let ds = t.deadlines.clone(); view! { <ul class="plain">{ds.into_iter().map(|d| { let n = d.name.clone(); let w = d.within_text.clone(); view! { <li data-clock=d.clock.clone()>{move || format!("{} {}", n.get(lang()), w.get(lang()))}<br/><time datetime=d.due_at.clone()>{move || format_datetime(d.due, lang())}</time></li> } }).collect_view()}</ul> }.into_any() }).collect();
                let fees = tiers.iter().map(|t| { let f = t.fee.text.clone(); view! { <span>{i18n.local(f)}</span> }.into_any() }).collect();
                let feats = tiers.iter().map(|t| { let fs = t.features.clone(); view! { <ul class="plain">{fs.into_iter().map(|f| { let n = f.name.clone(); view! { <li>{if f.included { "✓ " } else { "✕ " }}{i18n.local(n)}<span class="sr-only">{move || format!(" ({})", i18n.t(if f.included { PageText::Included } else { PageText::NotIncluded }))}</span></li> } }).collect_view()}</ul> }.into_any() }).collect();
                let visits = tiers.iter().map(|t| { let v = t.onsite_visits.clone(); view! { <span>{move || v.as_ref().map_or_else(|| i18n.t(PageText::NoneOffered).to_owned(), |v| v.get(lang()).to_owned())}</span> }.into_any() }).collect();
                let upgrade = tiers.iter().map(|t| { let u = t.temporary_upgrade.clone(); view! { <span>{move || u.as_ref().map_or_else(|| i18n.t(PageText::NoneOffered).to_owned(), |u| format!("{} · {}", u.hourly.won, u.calendar_name.get(lang())))}</span> }.into_any() }).collect();
                view! {
                    <p class="muted">{move || format!("{} · {}", c.severity_name.get(lang()), format_datetime(c.received, lang()))}" · "{c.licence.won.clone()}</p>
                    <div class="table-scroll">
                        <table class="data-table compare cards-on-phone" data-testid="compare">
                            <thead><tr><th scope="col">{i18n.text(PageText::ColTier)}</th>{head}</tr></thead>
                            <tbody>
                                {row(PageText::RowWindow, window)}
                                {row(PageText::RowDeadlines, dues)}
                                {row(PageText::RowFee, fees)}
                                {row(PageText::RowFeatures, feats)}
                                {row(PageText::RowVisits, visits)}
                                {row(PageText::RowUpgrade, upgrade)}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }
        }}
        <section class="panel" aria-labelledby="replay-h">
            <h2 id="replay-h">{i18n.text(PageText::ReplayHeading)}</h2>
            {no_history.then(|| view! { <p data-testid="replay-none">{i18n.text(PageText::NoHistories)}</p> })}
            <div class="field" hidden=no_history>
                <label for="p-contract">{i18n.text(PageText::FieldReplayContract)}</label>
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
                Ok(r) => {
                    let who = data.contract(&r.contract).map(|c| c.institution.clone());
                    view! { <ReplayView replay=r who=who/> }.into_any()
                }
            }}
        </section>
      </div>
    }
}

/// What each tier would have given the customer for its past requests: a card per
/// tier (the year's total, fee, out-of-scope cost and what it saves, coverage, how much
/// sooner each clock), a bar chart of the totals, the CSV of it all, and each request's
/// dues under every tier.
#[component]
fn ReplayView(replay: Replay, who: Option<covered_core::Text>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let r = Arc::new(replay);
    let period = {
        let r = r.clone();
        move || {
            let (Some(from), Some(to)) = (r.from, r.to) else {
                return String::new();
            };
            let who = who.as_ref().map_or("", |w| w.get(lang()));
            i18n.t(PageText::ReplayPeriod)
                .replace("{who}", who)
                .replace("{from}", &format_date(from.date(), lang()))
                .replace("{to}", &format_date(to.date(), lang()))
                .replace("{n}", &r.requests.to_string())
        }
    };
    let csv_href = {
        let r = r.clone();
        move || {
            let text = format!("\u{feff}{}", covered_core::replay::to_csv(&r, lang()));
            format!(
                "data:text/csv;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&text))
            )
        }
    };
    let csv_name = format!("covered-replay-{}.csv", r.contract);
    let cards = r.tiers.iter().map(|t| tier_card(t.clone())).collect_view();
    let chart = replay_chart(&r.tiers);
    let detail = replay_detail(&r);
    let limits = r.limits.clone();
    view! {
        <p class="muted" data-testid="replay-period">{period}</p>
        <div class="tier-cards" data-testid="replay">{cards}</div>
        {chart}
        <p class="replay__actions no-print">
            <a class="button" data-testid="replay-csv" href=csv_href download=csv_name>{i18n.text(PageText::ReplayCsv)}</a>
            <button type="button" class="button" data-testid="replay-print" on:click=|_| { let _ = window().print(); }>{i18n.text(PageText::PrintA4)}</button>
        </p>
        <details class="replay-detail">
            <summary>{i18n.text(PageText::ReplayDetail)}</summary>
            {detail}
        </details>
        <p class="muted small">{i18n.local(limits)}</p>
    }
}

/// One tier's card: what the customer would have got under it.
fn tier_card(t: TierReplay) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let total = t
        .year
        .total
        .as_ref()
        .map(|a| a.amount.to_string())
        .unwrap_or_default();
    let range = match (&t.year.low, &t.year.high) {
        (Some(lo), Some(hi)) if lo.amount != hi.amount => Some(format!("{} – {}", lo.won, hi.won)),
        _ => None,
    };
    let versus = t.year.versus_text.clone();
    let current = t.current;
    let fee_basis = t.year.fee_basis.clone();
    let instead = t.covered_instead.clone();
    let lost = t.not_covered_instead.clone();
    let promises = t.promises.clone();
    let saved = t.saved_text.clone();
    let counts = (t.covered, t.not_covered, t.paid);
    view! {
        <article class=if current { "tier-card tier-card--current" } else { "tier-card" }
            data-tier=t.tier.clone() data-covered=t.covered.to_string()
            data-out-of-scope=t.out_of_scope.total.amount.to_string() data-total=total
            aria-labelledby=format!("tier-card-{}", t.tier)>
            <h3 class="tier-name" id=format!("tier-card-{}", t.tier)>{i18n.local(t.name.clone())}{current.then(|| view! { " "<span class="muted">{i18n.text(PageText::CurrentTier)}</span> })}</h3>
            <p class="tier-card__total" data-testid="tier-total">
                <span class="muted">{i18n.text(PageText::YearTotal)}</span><br/>
                <strong>{t.year.total.as_ref().map_or_else(|| "—".to_owned(), |a| a.won.clone())}</strong>
                {range.map(|r| view! { <br/><span class="muted small">{r}</span> })}
                {(!current).then(|| versus.map(|v| view! { <br/><span class="small">{i18n.local(v)}</span> }))}
            </p>
            <dl class="tier-card__facts">
                <dt>{i18n.text(PageText::YearFee)}</dt>
                <dd>{t.year.fee.as_ref().map_or_else(|| "—".to_owned(), |a| a.won.clone())}" "<span class="muted small">"("{i18n.local(fee_basis)}")"</span></dd>
                <dt>{i18n.text(PageText::OutOfScope)}</dt>
                <dd data-testid="tier-out-of-scope">{t.out_of_scope.total.won.clone()}{(!current).then(|| view! { " "<span class="small">"("{i18n.local(saved)}")"</span> })}</dd>
                <dt>{i18n.text(PageText::ReplayCoverageHeading)}</dt>
                <dd>
                    {move || i18n.t(PageText::ReplayCounts).replace("{c}", &counts.0.to_string()).replace("{n}", &counts.1.to_string()).replace("{p}", &counts.2.to_string())}
                    {(!instead.is_empty()).then(|| view! { <br/><span class="gain" data-testid="covered-instead">{move || i18n.t(PageText::CoveredInstead).replace("{ids}", &instead.join(", "))}</span> })}
                    {(!lost.is_empty()).then(|| view! { <br/><span class="loss">{move || i18n.t(PageText::NotCoveredInstead).replace("{ids}", &lost.join(", "))}</span> })}
                </dd>
                <dt>{i18n.text(PageText::DuesVsCurrent)}</dt>
                <dd>
                    <ul class="plain">
                        {promises.into_iter().map(|p| {
                            let name = p.name.clone();
                            let text = p.text.clone();
                            view! { <li data-clock=p.clock.clone()>{move || format!("{}: {}", name.get(lang()), text.get(lang()))}</li> }
                        }).collect_view()}
                    </ul>
                </dd>
            </dl>
        </article>
    }
}

/// `part` as a percentage of `whole` (one decimal, for a CSS width).
fn percent(part: Decimal, whole: Decimal) -> String {
    if whole <= Decimal::ZERO {
        return "0".to_owned();
    }
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(whole))
        .map_or_else(|| "0".to_owned(), |x| x.round_dp(1).normalize().to_string())
}

/// The year's totals as horizontal bars, the fee and the out-of-scope cost stacked.
fn replay_chart(tiers: &[TierReplay]) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let max = tiers
        .iter()
        .filter_map(|t| t.year.total.as_ref().map(|a| a.amount))
        .max()
        .unwrap_or(Decimal::ZERO);
    let bars = tiers
        .iter()
        .map(|t| {
            let fee = t.year.fee.as_ref().map_or(Decimal::ZERO, |a| a.amount);
            let extra = t.out_of_scope.total.amount;
            let fee_w = format!("width: {}%", percent(fee, max));
            let extra_w = format!("width: {}%", percent(extra, max));
            let value = t.year.total.as_ref().map_or_else(|| "—".to_owned(), |a| a.won.clone());
            view! {
                <li class=if t.current { "bars__row bars__row--current" } else { "bars__row" } data-tier=t.tier.clone()>
                    <span class="bars__label tier-name">{i18n.local(t.name.clone())}</span>
                    <span class="bars__track" aria-hidden="true">
                        <span class="bars__fee" style=fee_w></span>
                        <span class="bars__extra" style=extra_w></span>
                    </span>
                    <span class="bars__value">{value}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="bars" data-testid="replay-chart">
            <figcaption>{i18n.text(PageText::ChartHeading)}</figcaption>
            <ul class="plain">{bars}</ul>
            <p class="bars__legend small" aria-hidden="true">
                <span class="bars__key bars__key--fee"></span>{i18n.text(PageText::YearFee)}
                " "<span class="bars__key bars__key--extra"></span>{i18n.text(PageText::OutOfScope)}
            </p>
        </figure>
    }
}

/// Each past request with its dues under every tier (covered ones), or why not.
fn replay_detail(r: &Replay) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let head = r
        .tiers
        .iter()
        .map(|t| view! { <th scope="col" class="tier-name">{i18n.local(t.name.clone())}</th> })
        .collect_view();
    let names: Vec<_> = r.tiers.iter().map(|t| t.name.clone()).collect();
    let rows = r
        .tiers
        .first()
        .map(|first| {
            first
                .requests
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let title = line.title.clone().unwrap_or_else(|| line.category.clone());
                    let received = line.received;
                    let cells = r
                        .tiers
                        .iter()
                        .zip(names.clone())
                        .map(|(t, name)| {
                            let l = t.requests.get(i).cloned();
                            view! { <td data-label=i18n.local(name) data-tier=t.tier.clone()>{l.map(|l| due_cell(l, lang))}</td> }
                        })
                        .collect_view();
                    view! {
                        <tr data-request=line.request.clone()>
                            <th scope="row">{line.request.clone()}<br/><span class="muted small">{title}" · "{move || format_datetime(received, lang())}</span></th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        });
    view! {
        <table class="data-table cards-on-phone replay-table" data-testid="replay-detail">
            <thead><tr><th scope="col">{i18n.text(UiText::ColSr)}</th>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A request under one tier: its dues and how much sooner, or why it is not covered.
fn due_cell(
    l: covered_core::replay::ReplayLine,
    lang: impl Fn() -> covered_core::Lang + Copy + Send + Sync + 'static,
) -> AnyView {
    let i18n = use_i18n();
    if l.coverage != ReplayCoverage::Covered {
        let reason = l.reason.clone();
        let billed = (l.billed.amount > Decimal::ZERO).then(|| l.billed.won.clone());
        return view! { <span class="loss">{i18n.local(reason)}</span>{billed.map(|b| view! { <br/><strong>{b}</strong> })} }.into_any();
    }
    let gained = (l.versus == covered_core::replay::Versus::CoveredInstead)
        .then(|| l.saved_text.clone())
        .flatten();
    view! {
        {gained.map(|g| view! { <span class="gain">{i18n.local(g)}</span><br/> })}
        <ul class="plain">
            {l.dues.into_iter().map(|d| {
                let name = d.name.clone();
                let sooner = d.sooner.clone();
                view! {
                    <li data-clock=d.clock.clone()>
                        {move || name.get(lang()).to_owned()}" "
                        <time datetime=d.due.to_string()>{move || format_datetime(d.due, lang())}</time>
                        {sooner.map(|s| view! { " "<span class="small muted">"("{i18n.local(s)}")"</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

/// The fields of the form whose problems are shown beside them.
const FIELDS: [&str; 2] = ["$.licence", "$.at"];

/// What is wrong with a licence amount the engine refused, from what was typed.
fn licence_problem(typed: &str) -> PageText {
    match read_amount(typed) {
        Err(AmountProblem::Empty) => PageText::LicenceEmpty,
        Err(AmountProblem::NotANumber) => PageText::LicenceNotNumber,
        Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => PageText::LicenceNegative,
        // A number the engine refused anyway: too large to read, or to compute with.
        Err(AmountProblem::TooLarge) | Ok(_) => PageText::LicenceTooLarge,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_licence_amount_is_explained_from_what_was_typed() {
        assert_eq!(licence_problem(""), PageText::LicenceEmpty);
        assert_eq!(licence_problem("  "), PageText::LicenceEmpty);
        assert_eq!(licence_problem("-5"), PageText::LicenceNegative);
        assert_eq!(licence_problem("-150,000,000"), PageText::LicenceNegative);
        assert_eq!(licence_problem("abc"), PageText::LicenceNotNumber);
        assert_eq!(licence_problem("1.2.3"), PageText::LicenceNotNumber);
        assert_eq!(
            licence_problem("99,999,999,999,999,999,999,999,999,999"),
            PageText::LicenceTooLarge
        );
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        FieldLicence => ("라이선스 금액 (원)", "Licence amount (₩)"),
        LicenceEmpty => ("라이선스 금액을 입력하세요.", "Enter the licence amount."),
        LicenceNotNumber => (
            "숫자로 입력하세요 (예: 150,000,000).",
            "Enter a number, such as 150,000,000.",
        ),
        LicenceNegative => ("0원 이상이어야 합니다.", "It must be 0 or more."),
        LicenceTooLarge => ("금액이 너무 큽니다.", "The amount is too large."),
        AtInvalid => ("날짜와 시각을 입력하세요.", "Enter a date and a time."),
        FieldSeverity => ("예시 장애의 심각도", "Severity of the sample incident"),
        FieldAt => ("장애 발생 시각", "Incident time"),
        FieldReplayContract => ("이력을 재평가할 고객", "Customer whose history to replay"),
        NoHistories => (
            "이 자료에는 재평가할 요청 이력이 있는 고객이 없습니다.",
            "No customer in this data has a request history to replay.",
        ),
        RowWindow => ("지원 시간", "Support hours"),
        RowDeadlines => ("처리 기한 (이 장애)", "Deadlines (this incident)"),
        RowFee => ("연간 유지보수 요금", "Annual maintenance fee"),
        RowFeatures => ("포함 서비스", "Included services"),
        RowVisits => ("방문 지원", "On-site visits"),
        RowUpgrade => ("임시 24시간 업그레이드", "Temporary 24-hour upgrade"),
        CurrentTier => ("(현재 등급)", "(current tier)"),
        Included => ("포함", "included"),
        NotIncluded => ("미포함", "not included"),
        ReplayHeading => ("이력 재평가", "History replay"),
        ReplayCounts => (
            "지원 {c} · 미지원 {n} · 유상 {p}",
            "covered {c} · not covered {n} · paid {p}",
        ),
        ReplayPeriod => (
            "{who}: {from} – {to}에 접수된 요청 {n}건을 등급마다 다시 계산했습니다 (금액은 부가세 별도).",
            "{who}: the {n} requests received {from} – {to}, worked out again under each tier (amounts before VAT).",
        ),
        ReplayCoverageHeading => ("지원 범위", "Coverage"),
        YearTotal => (
            "연간 합계 (요금 + 범위 밖 비용)",
            "The year's total (fee + out-of-scope cost)",
        ),
        YearFee => ("연간 요금", "Annual fee"),
        CoveredInstead => (
            "유상·반려 대신 지원: {ids}",
            "Covered instead of billed or refused: {ids}",
        ),
        NotCoveredInstead => (
            "이 등급에서는 지원 안 됨: {ids}",
            "Not covered under this tier: {ids}",
        ),
        DuesVsCurrent => (
            "처리 기한 (계약 등급 대비)",
            "Deadlines (against the contract's tier)",
        ),
        ChartHeading => (
            "등급별 연간 합계: 요금 + 범위 밖 비용 (부가세 별도)",
            "The year's total per tier: fee + out-of-scope cost (before VAT)",
        ),
        ReplayCsv => ("비교표 CSV 내려받기", "Download the comparison (CSV)"),
        PrintA4 => ("인쇄 (A4 한 장)", "Print (one A4 page)"),
        ReplayDetail => (
            "요청별 처리 기한 (등급별)",
            "Each request's deadlines under every tier",
        ),
        OutOfScope => ("범위 밖 비용", "Out-of-scope cost"),
        NoneOffered => ("없음", "none"),
        ColTier => ("등급", "Tier"),
    }
}
