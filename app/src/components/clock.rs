//! One clock of a submitted request: its due, its state as a badge, and what a person
//! wants to know of it — the time left, how far past the due, since when it stands
//! still, or when it stopped (the status page's open requests, the SR page). Where a
//! clock stands is covered-core's ([`covered_core::status::request_clocks`]).

use covered_core::i18n::format_datetime;
use covered_core::status::{ClockState, OpenClock};
use leptos::prelude::*;

use crate::i18n::{I18n, UiText, use_i18n};

/// The badge class of a clock state.
fn state_class(s: ClockState) -> &'static str {
    match s {
        ClockState::OnTrack | ClockState::Met => "badge badge--covered",
        ClockState::AtRisk | ClockState::Paused => "badge badge--selective",
        ClockState::Breached => "badge badge--not",
    }
}

/// A span of wall-clock minutes as its text and numbers `(text, d, h, m)`: hours and
/// minutes under a day, days and hours from a day on ("30일 21시간", not "741시간 0분").
pub fn span_parts(minutes: u64) -> (UiText, u64, u64, u64) {
    const DAY: u64 = 24 * 60;
    if minutes >= DAY {
        (UiText::SpanDaysHours, minutes / DAY, minutes % DAY / 60, 0)
    } else {
        (UiText::SpanHoursMinutes, 0, minutes / 60, minutes % 60)
    }
}

/// A span of wall-clock minutes in words, in the page's language.
pub fn span_text(i18n: I18n, minutes: u64) -> String {
    let (text, d, h, m) = span_parts(minutes);
    i18n.t(text)
        .replace("{d}", &d.to_string())
        .replace("{h}", &h.to_string())
        .replace("{m}", &m.to_string())
}

/// The clock's name and due (`이름: 날짜 시각`).
#[component]
pub fn ClockDue(clock: OpenClock) -> impl IntoView {
    let i18n = use_i18n();
    let name = clock.name.clone();
    let due = clock.due;
    view! { {i18n.local(name)}": "<time>{move || format_datetime(due, i18n.lang())}</time> }
}

/// The clock's state badge, then what it means now: the time left while it runs, how
/// far past the due once late, since when it stands still, or when it stopped.
#[component]
pub fn ClockBadge(clock: OpenClock) -> impl IntoView {
    let i18n = use_i18n();
    let OpenClock {
        state,
        minutes_left: left,
        stopped,
        paused_since,
        ..
    } = clock;
    let detail = move || {
        let at = |t: UiText, when| {
            i18n.t(t)
                .replace("{at}", &format_datetime(when, i18n.lang()))
        };
        let span = |t: UiText| {
            i18n.t(t)
                .replace("{t}", &span_text(i18n, left.unsigned_abs()))
        };
        match (stopped, paused_since) {
            (None, Some(since)) => at(UiText::PausedSince, since),
            (Some(when), _) if left >= 0 => at(UiText::StoppedAt, when),
            (Some(_), _) => span(UiText::StoppedLate),
            (None, None) if left < 0 => span(UiText::PastDue),
            (None, None) => span(UiText::TimeLeft),
        }
    };
    view! {
        <span class=state_class(state) data-state=format!("{state:?}")>{i18n.local(state.text())}</span>" "
        <span class="muted" data-testid="clock-detail">{detail}</span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_span_is_told_in_days_and_hours() {
        assert_eq!(span_parts(741 * 60), (UiText::SpanDaysHours, 30, 21, 0));
        assert_eq!(span_parts(24 * 60), (UiText::SpanDaysHours, 1, 0, 0));
        assert_eq!(
            span_parts(23 * 60 + 59),
            (UiText::SpanHoursMinutes, 0, 23, 59)
        );
        assert_eq!(span_parts(5), (UiText::SpanHoursMinutes, 0, 0, 5));
    }
}
