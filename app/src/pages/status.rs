//! Contract status: period and renewal, tier and support hours, the limited services
//! used, open requests with live SLA countdowns, this month's availability and credits,
//! and the year's indicators. `?contract=…` picks the contract.

use std::sync::Arc;

use covered_core::contract::{DataSet, YearMonth};
use covered_core::i18n::format_date;
use covered_core::kpi::Unit;
use covered_core::status::{open_requests, renewal};
use leptos::prelude::*;

use crate::components::{ClockBadge, ClockDue, PageIntro, QuotaBar, span_text};
use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::state::{query_param, use_portal};

/// The `/status` page.
#[component]
pub fn StatusPage() -> impl IntoView {
    view! {
        <PageIntro title=UiText::StatusTitle summary=UiText::StatusSummary/>
        {with_data(|data| view! { <WithOutages data=data/> }.into_any())}
    }
}

/// The status page on the data set with its outage records (fetched as the page opens
/// when the portal's came without them): availability and credits count them.
#[component]
fn WithOutages(data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    // One thread in the browser: the wrapper only tells Leptos so.
    Suspend::new(send_wrapper::SendWrapper::new(async move {
        match crate::state::with_outages(data).await {
            Ok(data) => view! { <Status data=data/> }.into_any(),
            Err(lines) => view! {
                <div class="alert" role="alert" data-testid="load-problems">
                    <p>{i18n.t(UiText::LoadFailed)}</p>
                    <ul>{lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        }
    }))
}

/// Where today falls against the contract's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    NotStarted,
    Running,
    Ended,
}

#[component]
fn Status(data: Arc<DataSet>) -> impl IntoView {
    let portal = use_portal();
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let first = data
        .contracts
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let contract_id = RwSignal::new(
        query_param("contract")
            .filter(|c| data.contract(c).is_some())
            .unwrap_or(first),
    );
    // A tick each 30 s keeps the countdowns live (a pinned `?now=` stays put).
    let tick = RwSignal::new(0u32);
    let handle = set_interval_with_handle(
        move || tick.update(|t| *t = t.wrapping_add(1)),
        std::time::Duration::from_secs(30),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    let d_sel = data.clone();
    view! {
        <div class="field status-pick">
            <label for="s-contract">{i18n.text(UiText::FieldContract)}</label>
            <select id="s-contract" data-testid="s-contract" prop:value=move || contract_id.get()
                on:change=move |ev| contract_id.set(event_target_value(&ev))>
                {d_sel.contracts.iter().map(|c| {
                    let name = c.institution.clone();
                    let id = c.id.clone();
                    let sel = id.clone();
                    view! { <option value=id selected=move || contract_id.get() == sel>{i18n.local(name)}</option> }
                }).collect_view()}
            </select>
        </div>
        {move || {
            tick.track();
            let data = data.clone();
            let id = contract_id.get();
            let contract = data.contract(&id)?.clone();
            let now = portal.now(&data);
            let today = now.date();
            let hist = covered_core::submission::history_with(&data, &id, &portal.submissions.get());
            let r = renewal(&data.catalog.settings, &contract, today);
            // An ended contract is shown as of its last day, one not yet started as of its
            // first: the limits and indicators of a contract year it has.
            let phase = if r.ended {
                Phase::Ended
            } else if r.days_to_start > 0 {
                Phase::NotStarted
            } else {
                Phase::Running
            };
            let basis = r.as_of;
            let days_text = move || match phase {
                Phase::Running => i18n.t(PageText::DaysLeft).replace("{n}", &r.days_left.to_string()),
                Phase::Ended => i18n.t(PageText::EndedAgo).replace("{n}", &r.days_left.saturating_neg().to_string()),
                Phase::NotStarted => i18n.t(PageText::StartsIn).replace("{n}", &r.days_to_start.to_string()),
            };
            let basis_note = move || match phase {
                Phase::Running => None,
                Phase::Ended => Some(i18n.t(PageText::QuotasAsOfEnd).replace("{date}", &format_date(basis, lang()))),
                Phase::NotStarted => Some(i18n.t(PageText::QuotasAsOfStart).replace("{date}", &format_date(basis, lang()))),
            };
            let tier = data.catalog.tier(&contract.tier).cloned();
            let cal_name = tier.as_ref().and_then(|t| data.catalog.calendars.get(&t.calendar)).map(|c| c.name.clone());
            let quotas = covered_core::quota::quota_status(&data.catalog, &contract, &hist, basis);
            let open = portal.submissions.with(|subs| open_requests(&data.catalog, &contract, data.history(&id), subs, now)).unwrap_or_default();
            // The credits and indicators count the requests filed here too (`hist`), as
            // the server's own answers (`/api/contracts/{id}/kpi`) do.
            let month = covered_core::api::credits_month_of(&data, &id, &hist, &YearMonth::of(today).to_string()).ok();
            let (ys, _) = covered_core::quota::contract_year(&contract, basis);
            let kpi = (phase != Phase::NotStarted)
                .then(|| covered_core::api::kpi_of(&data, &id, &hist, &ys.to_string(), &basis.to_string()).ok())
                .flatten();
            let institution = contract.institution.clone();
            Some(view! {
                <section class="panel" aria-labelledby="st-period">
                    <h2 id="st-period">{i18n.text(PageText::PeriodHeading)}</h2>
                    <p><strong>{i18n.local(institution)}</strong></p>
                    <p>{move || format!("{} – {}", format_date(contract.start, lang()), format_date(contract.end, lang()))}
                       " · "<span data-testid="days-left">{days_text}</span></p>
                    {(r.warn || phase == Phase::NotStarted).then(|| view! {
                        <p class="alert" role="alert" data-testid="renewal-warning">
                            {move || match phase {
                                Phase::Ended => i18n.t(PageText::Ended).to_owned(),
                                Phase::NotStarted => i18n.t(PageText::NotStarted).to_owned(),
                                Phase::Running => i18n.t(PageText::RenewalWarn).replace("{n}", &r.days_left.to_string()),
                            }}
                        </p>
                    })}
                    <h3>{i18n.text(PageText::TierHeading)}</h3>
                    <p data-testid="tier">{move || tier.as_ref().map(|t| format!("{} · {} · {}", t.name.get(lang()), t.window_label, cal_name.as_ref().map(|c| c.get(lang()).to_owned()).unwrap_or_default()))}</p>
                </section>
                <section class="panel" aria-labelledby="st-quota">
                    <h2 id="st-quota">{i18n.text(PageText::QuotasHeading)}</h2>
                    {move || basis_note().map(|note| view! { <p data-testid="quota-basis">{note}</p> })}
                    <p class="muted legend">{i18n.text(PageText::Legend)}</p>
                    <ul class="quota-list" data-testid="quotas">
                        {quotas.into_iter().map(|q| {
                            let name = q.name.clone();
                            view! {
                                <li>
                                    <strong>{i18n.local(name)}</strong>" "
                                    {q.clause.clone().map(|c| view! { <span class="chip">{c}</span> })}
                                    <br/>
                                    // An ended contract's year resets no more: it ended.
                                    <span>{move || (if phase == Phase::Ended { i18n.t(PageText::QuotaLineEnded) } else { i18n.t(UiText::QuotaLine) })
                                        .replace("{limit}", &q.limit.to_string())
                                        .replace("{used}", &q.used.to_string())
                                        .replace("{pending}", &q.pending.to_string())
                                        .replace("{left}", &q.remaining.to_string())
                                        .replace("{reset}", &format_date(q.resets_on, lang()))
                                        .replace("{end}", &format_date(basis, lang()))}</span>
                                    <QuotaBar limit=q.limit used=q.used pending=q.pending/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
                <section class="panel" aria-labelledby="st-open">
                    <h2 id="st-open">{i18n.text(PageText::OpenHeading)}</h2>
                    {if open.is_empty() {
                        view! { <p>{i18n.text(PageText::NoOpen)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                            <table class="data-table cards-on-phone" data-testid="open-requests">
                                <thead><tr>
                                    <th scope="col">{i18n.text(UiText::ColSr)}</th>
                                    <th scope="col">{i18n.text(PageText::ColTitle)}</th>
                                    <th scope="col">{i18n.text(PageText::ColClock)}</th>
                                    <th scope="col">{i18n.text(PageText::ColState)}</th>
                                </tr></thead>
                                <tbody>
                                {open.into_iter().flat_map(|o| {
                                    let title = o.title.clone().unwrap_or_else(|| o.category.get(lang()).to_owned());
                                    let id = o.id.clone();
                                    o.clocks.into_iter().map(move |c| {
                                        view! {
                                            <tr data-sr=id.clone()>
                                                <td data-label=i18n.text(UiText::ColSr)>{id.clone()}</td>
                                                <td data-label=i18n.text(PageText::ColTitle)>{title.clone()}</td>
                                                <td data-label=i18n.text(PageText::ColClock)><ClockDue clock=c.clone()/></td>
                                                <td data-label=i18n.text(PageText::ColState)><ClockBadge clock=c/></td>
                                            </tr>
                                        }
                                    }).collect::<Vec<_>>()
                                }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any()
                    }}
                </section>
                {month.map(|m| {
                    let pct = m.availability.percent.round_dp(3).to_string();
                    let credit = m.credit.won.clone();
                    view! {
                        <section class="panel" aria-labelledby="st-avail">
                            <h2 id="st-avail">{i18n.text(PageText::AvailabilityHeading)}</h2>
                            <p data-testid="availability">{i18n.text(PageText::Availability)}": "<strong>{pct.clone()}" %"</strong>
                               " · "{i18n.text(PageText::Credit)}": "<strong>{credit.clone()}</strong></p>
                        </section>
                    }
                })}
                {kpi.map(|k| {
                    // Whole percent points: the chart draws and writes no fractions.
                    let months: Vec<(String, Option<u32>)> = k.months.iter().map(|m| (m.month.to_string(), m.sr_on_time.value.and_then(|v| v.round_dp(0).to_string().parse::<u32>().ok()))).collect();
                    view! {
                        <section class="panel" aria-labelledby="st-kpi">
                            <h2 id="st-kpi">{i18n.text(if phase == Phase::Ended { PageText::KpiHeadingLast } else { PageText::KpiHeading })}</h2>
                            <h3>{i18n.text(PageText::ChartSrOnTime)}</h3>
                            <MonthChart months=months/>
                            <div class="table-scroll">
                            <table class="data-table cards-on-phone" data-testid="kpis">
                                <tbody>
                                {k.kpis.into_iter().map(|kp| {
                                    let name = kp.name.clone();
                                    let (unit, value) = (kp.unit, kp.value);
                                    // Durations in days and hours; their arithmetic in raw
                                    // minutes is left to the formula. No denominator: "—"
                                    // and why, not 0 % or "undefined".
                                    let explain = if unit == Unit::Minutes || value.is_none() { kp.formula.clone() } else { kp.explain.clone() };
                                    let shown = move || match value {
                                        None => format!("— ({})", i18n.t(if unit == Unit::Minutes { PageText::KpiNoOutages } else { PageText::KpiNoRequests })),
                                        Some(v) => match unit {
                                            Unit::Percent => format!("{} %", v.round_dp(1)),
                                            Unit::Minutes => span_text(i18n, v.round_dp(0).to_string().parse().unwrap_or(0)),
                                            Unit::Count => v.round_dp(2).to_string(),
                                        },
                                    };
                                    view! {
                                        <tr data-kpi=kp.id.clone()><th scope="row">{i18n.local(name)}</th>
                                            <td data-testid="kpi-value">{shown}</td>
                                            <td class="muted">{i18n.local(explain)}</td></tr>
                                    }
                                }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        </section>
                    }
                })}
            })
        }}
    }
}

/// A bar per month (whole percent points, 0–100) in SVG, with each value written under
/// its bar.
#[component]
fn MonthChart(months: Vec<(String, Option<u32>)>) -> impl IntoView {
    const W: u32 = 40;
    let width = W * u32::try_from(months.len().max(1)).unwrap_or(u32::MAX / W);
    let shown = |v: Option<u32>| v.map_or("–".to_owned(), |v| v.to_string());
    let label = months
        .iter()
        .map(|(m, v)| format!("{m}: {}", v.map_or("–".to_owned(), |v| format!("{v}%"))))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <svg class="month-chart" viewBox=format!("0 0 {width} 130") role="img" aria-label=label data-testid="sla-chart">
            {months.into_iter().zip(0..).map(|((m, v), i): ((String, Option<u32>), u32)| {
                let x = i * W;
                let h = v.unwrap_or(0).min(100);
                view! {
                    <g>
                        <rect x=x + 6 y=100 - h width=W - 12 height=h class="month-chart__bar"/>
                        <text x=x + W / 2 y="114" text-anchor="middle" class="month-chart__label">{m.get(5..).unwrap_or("").to_owned()}</text>
                        <text x=x + W / 2 y="126" text-anchor="middle" class="month-chart__label">{shown(v)}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        QuotaLineEnded => (
            "연 {limit}회 · 사용 {used} · 대기 {pending} · 남음 {left} · {end} 계약 종료",
            "{limit} a year · used {used} · pending {pending} · left {left} · contract ended {end}",
        ),
        PeriodHeading => ("계약 기간", "Contract period"),
        DaysLeft => ("만료까지 {n}일", "{n} days to expiry"),
        EndedAgo => ("{n}일 전 종료", "ended {n} days ago"),
        StartsIn => ("시작까지 {n}일", "starts in {n} days"),
        RenewalWarn => (
            "계약 만료가 {n}일 남았습니다. 갱신을 준비하세요.",
            "The contract expires in {n} days: time to renew.",
        ),
        Ended => ("계약이 종료되었습니다.", "The contract has ended."),
        NotStarted => (
            "계약이 아직 시작되지 않았습니다.",
            "The contract has not started yet.",
        ),
        QuotasAsOfEnd => (
            "계약 종료일 {date} 기준: 마지막 계약 연도의 사용 현황입니다.",
            "As of the last day, {date}: the last contract year's use.",
        ),
        QuotasAsOfStart => (
            "계약 시작일 {date} 기준: 첫 계약 연도의 한도입니다.",
            "As of the first day, {date}: the first contract year's limits.",
        ),
        KpiHeadingLast => (
            "성과 지표 (마지막 계약 연도)",
            "Indicators (the last contract year)",
        ),
        TierHeading => ("등급과 지원 시간", "Tier and support hours"),
        QuotasHeading => ("한정 서비스 사용 현황", "Limited services used"),
        Legend => ("■ 사용  ■ 대기  □ 남음", "■ used  ■ pending  □ left"),
        OpenHeading => ("진행 중인 요청", "Open requests"),
        NoOpen => ("진행 중인 요청이 없습니다.", "No open requests."),
        AvailabilityHeading => (
            "이번 달 가용성과 서비스 크레딧",
            "This month's availability and service credits",
        ),
        Availability => ("가용성", "Availability"),
        Credit => ("서비스 크레딧", "Service credit"),
        KpiHeading => (
            "성과 지표 (이번 계약 연도)",
            "Indicators (this contract year)",
        ),
        ChartSrOnTime => ("월별 SR 적시 처리율", "SR on-time rate by month"),
        KpiNoRequests => ("아직 셀 요청이 없습니다", "no requests to count yet"),
        KpiNoOutages => ("반영된 장애가 없습니다", "no outages counted"),
        ColTitle => ("제목", "Title"),
        ColClock => ("기한", "Clock"),
        ColState => ("상태", "State"),
    }
}
