//! A verdict as the engine returned it: status, reasons with clauses, alternatives, the
//! category's limit, severity, and each deadline with its trace.

use covered_core::coverage::{Alternative, Status};
use covered_core::i18n::{format_date, format_datetime};
use covered_core::money::won;
use covered_core::sla::DeadlineAnswer;
use covered_core::verdict::Verdict;
use std::sync::Arc;

use covered_core::contract::DataSet;
use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Covered => "badge badge--covered",
        Status::Selective => "badge badge--selective",
        Status::NotCovered | Status::OutsideContract => "badge badge--not",
    }
}

fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Covered => "✓",
        Status::Selective => "△",
        Status::NotCovered | Status::OutsideContract => "✕",
    }
}

/// The verdict in one line, for a phone: kept at the bottom of the screen while the
/// questions are answered (style.css), so that its live changes are seen; it opens (a
/// `<details>`) to the reasons, and leads to the whole verdict.
#[component]
pub fn VerdictBar(
    /// The engine's answer.
    verdict: Verdict,
    /// Whether it is open, kept as the verdict changes.
    open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let answered = verdict.missing_answers.is_empty();
    let status = verdict.coverage.status;
    let status_text = verdict.coverage.status_text.clone();
    let reasons: Vec<_> = if answered {
        verdict
            .coverage
            .reasons
            .iter()
            .map(|r| r.text.clone())
            .collect()
    } else {
        Vec::new()
    };
    let left = verdict.quota.as_ref().map(|q| q.remaining);
    view! {
        <details open=open.get_untracked() data-testid="bar-details"
            on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary data-testid="bar-toggle">
                <span class=if answered { status_class(status) } else { "badge badge--pending" } data-testid="bar-status">
                    <span aria-hidden="true">{if answered { status_icon(status) } else { "" }}" "</span>
                    {move || if answered { status_text.get(i18n.lang()).to_owned() } else { i18n.t(UiText::AnswerFirst).to_owned() }}
                </span>
                {left.map(|n| view! { " "<span class="muted" data-testid="bar-left">{move || i18n.t(UiText::BarLeft).replace("{left}", &n.to_string())}</span> })}
            </summary>
            <ul data-testid="bar-more">{reasons.into_iter().map(|t| view! { <li>{i18n.local(t)}</li> }).collect_view()}</ul>
            <a href="#verdict-h" data-testid="bar-jump">{i18n.text(UiText::BarJump)}</a>
        </details>
    }
}

/// The verdict panel.
#[component]
pub fn VerdictView(
    /// The engine's answer.
    verdict: Verdict,
    /// The data set it was computed from (names the missing questions).
    data: Arc<DataSet>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let v = verdict;
    let status = v.coverage.status;
    let status_text = v.coverage.status_text.clone();
    // Until the required questions are answered there is no verdict to give: what the
    // engine says without them (covered, its reasons, deadlines) is not shown as one.
    let answered = v.missing_answers.is_empty();
    let keep = |x: bool| if answered { x } else { false };
    let reasons = if answered {
        v.coverage.reasons.clone()
    } else {
        Vec::new()
    };
    let alternatives = if answered {
        v.coverage.alternatives.clone()
    } else {
        Vec::new()
    };
    let quota = v.quota.clone();
    let severity = v.severity.clone();
    let deadlines = v.deadlines.clone();
    let upgraded = v.upgraded_deadlines.clone();
    let missing: Vec<_> = v
        .missing_answers
        .iter()
        .filter_map(|q| data.catalog.question(q).map(|qd| qd.text.clone()))
        .collect();
    let now = v.now;
    view! {
        <section class="verdict" aria-labelledby="verdict-h" aria-live="polite">
            <h2 id="verdict-h" tabindex="-1">{i18n.text(UiText::VerdictHeading)}</h2>
            <p class=if answered { status_class(status) } else { "badge badge--pending" } data-testid="verdict-status"
                data-status=if answered { format!("{status:?}") } else { "Unanswered".to_owned() }>
                <span aria-hidden="true">{if answered { status_icon(status) } else { "" }}" "</span>
                {move || if answered { status_text.get(lang()).to_owned() } else { i18n.t(UiText::AnswerFirst).to_owned() }}
            </p>
            <p class="muted">{move || format!("{} {}", i18n.t(UiText::CheckedAt), format_datetime(now, lang()))}</p>
            {(!missing.is_empty()).then(|| view! {
                <p class="note" data-testid="missing">{i18n.text(UiText::MissingAnswers)}" "{move || missing.iter().map(|t| t.get(lang()).to_owned()).collect::<Vec<_>>().join(" · ")}</p>
            })}
            <h3 hidden=!answered>{i18n.text(UiText::ReasonsHeading)}</h3>
            <ul class="reasons" data-testid="reasons">
                {reasons.into_iter().map(|r| {
                    let text = r.text.clone();
                    view! {
                        <li class=format!("reason reason--{:?}", r.effect).to_lowercase() data-code=r.code.code()>
                            {r.clause.map(|c| view! { <span class="chip" data-testid="clause">{c}</span>" " })}
                            {i18n.local(text)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!alternatives.is_empty()).then(|| view! {
                <h3>{i18n.text(UiText::AlternativesHeading)}</h3>
                <ul class="alternatives" data-testid="alternatives">
                    {alternatives.into_iter().map(alternative_view).collect_view()}
                </ul>
            })}
            <h3>{i18n.text(UiText::QuotaHeading)}</h3>
            {match quota {
                Some(q) => {
                    let name = q.name.clone();
                    view! {
                        <p data-testid="quota">
                            {q.clause.clone().map(|c| view! { <span class="chip">{c}</span>" " })}
                            {i18n.local(name)}": "
                            {move || i18n.t(UiText::QuotaLine)
                                .replace("{limit}", &q.limit.to_string())
                                .replace("{used}", &q.used.to_string())
                                .replace("{pending}", &q.pending.to_string())
                                .replace("{left}", &q.remaining.to_string())
                                .replace("{reset}", &format_date(q.resets_on, lang()))}
                        </p>
                        <QuotaBar limit=q.limit used=q.used pending=q.pending/>
                    }.into_any()
                }
                None => view! { <p data-testid="quota">{i18n.text(UiText::NoLimit)}</p> }.into_any(),
            }}
            {severity.filter(|_| answered).map(|s| {
                let name = s.name.clone();
                let because = s.because.clone();
                view! {
                    <h3>{i18n.text(UiText::SeverityHeading)}</h3>
                    <p data-testid="severity"><strong>{i18n.local(name)}</strong>" — "{i18n.local(because)}</p>
                }
            })}
            {keep(!deadlines.is_empty()).then(|| view! {
                <h3>{i18n.text(UiText::DeadlinesHeading)}</h3>
                <DeadlineList deadlines=deadlines testid="deadlines"/>
            })}
            {keep(!upgraded.is_empty()).then(|| view! {
                <h3>{i18n.text(UiText::UpgradedHeading)}</h3>
                <DeadlineList deadlines=upgraded testid="upgraded-deadlines"/>
            })}
        </section>
    }
}

fn alternative_view(a: Alternative) -> impl IntoView {
    let i18n = use_i18n();
    let (text, extra) = match &a {
        Alternative::ChangeRequest { text, estimate, .. } => {
            (text.clone(), estimate.map(|e| (UiText::Estimate, won(e))))
        }
        // Its sentence says the hourly price already: it is not said again.
        Alternative::TemporaryUpgrade { text, .. }
        | Alternative::HigherTier { text, .. }
        | Alternative::Waiver { text, .. }
        | Alternative::Addon { text, .. }
        | Alternative::Addendum { text, .. }
        | Alternative::Renewal { text } => (text.clone(), None),
    };
    view! {
        <li data-kind=a.kind()>
            {i18n.local(text)}
            {extra.map(|(label, amount)| view! { " — "{i18n.text(label)}" "<strong>{amount}</strong> })}
        </li>
    }
}

/// Deadlines, each with due time, target, calendar, why and the clock's trace.
#[component]
pub fn DeadlineList(
    /// The deadlines to list.
    deadlines: Vec<DeadlineAnswer>,
    /// `data-testid` of the list.
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    view! {
        <ul class="deadlines" data-testid=testid>
            {deadlines.into_iter().map(|d| {
                let name = d.name.clone();
                let within = d.within_text.clone();
                let cal = d.calendar_name.clone();
                let why = d.why.clone();
                let explain = d.explain.clone();
                let due = d.due;
                view! {
                    <li class="deadline" data-clock=d.clock.clone()>
                        <strong>{i18n.local(name)}</strong>": "
                        <time datetime=d.due_at.clone() data-testid=format!("due-{}", d.clock)>{move || format_datetime(due, lang())}</time>
                        <br/>
                        <span class="muted">{move || format!("{} {} · {} {}", i18n.t(UiText::Target), within.get(lang()), i18n.t(UiText::Calendar), cal.get(lang()))}</span>
                        {why.map(|w| view! { <br/><span class="muted">{i18n.local(w)}</span> })}
                        <details>
                            <summary>{i18n.text(UiText::HowComputed)}</summary>
                            <p class="trace">{i18n.local(explain)}</p>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A bar of a limit: used, pending and left, drawn in SVG with a text equivalent. One
/// unit of the view box is one service, stretched to 300 pixels, so every length is a
/// whole number.
#[component]
pub fn QuotaBar(limit: u32, used: u32, pending: u32) -> impl IntoView {
    let total = limit.max(1);
    let uw = used.min(total);
    let pw = pending.min(total - uw);
    view! {
        <svg class="quota-bar" viewBox=format!("0 0 {total} 14") preserveAspectRatio="none"
            width="300" height="14" role="img" aria-label=format!("{used}+{pending}/{limit}")>
            <rect x="0" y="0" width=total height="14" class="quota-bar__left"/>
            <rect x="0" y="0" width=uw height="14" class="quota-bar__used"/>
            <rect x=uw y="0" width=pw height="14" class="quota-bar__pending"/>
        </svg>
    }
}
