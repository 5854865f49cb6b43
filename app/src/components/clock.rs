//! One clock of a submitted request: its due, its state as a badge, and how far it is
//! from the due (the status page's open requests, the SR page).

use covered_core::i18n::format_datetime;
use covered_core::status::{ClockState, OpenClock};
use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};

/// The badge class of a clock state.
fn state_class(s: ClockState) -> &'static str {
    match s {
        ClockState::OnTrack | ClockState::Met => "badge badge--covered",
        ClockState::AtRisk => "badge badge--selective",
        ClockState::Breached => "badge badge--not",
    }
}

/// How far a clock is from its due, as the text and its numbers `(text, d, h, m)`: hours
/// and minutes under a day, days and hours from a day on ("30일 21시간 초과", not
/// "741시간 0분 초과").
pub fn time_to_due(late: bool, minutes: u64) -> (UiText, u64, u64, u64) {
    const DAY: u64 = 24 * 60;
    if minutes >= DAY {
        let text = if late {
            UiText::DaysHoursLate
        } else {
            UiText::DaysHoursLeft
        };
        (text, minutes / DAY, minutes % DAY / 60, 0)
    } else {
        let text = if late {
            UiText::MinutesLate
        } else {
            UiText::MinutesLeft
        };
        (text, 0, minutes / 60, minutes % 60)
    }
}

/// The clock's name and due (`이름: 날짜 시각`).
#[component]
pub fn ClockDue(clock: OpenClock) -> impl IntoView {
    let i18n = use_i18n();
    let name = clock.name.clone();
    let due = clock.due;
    view! { {i18n.local(name)}": "<time>{move || format_datetime(due, i18n.lang())}</time> }
}

/// The clock's state badge, then the time left or late while it runs or is late.
#[component]
pub fn ClockBadge(clock: OpenClock) -> impl IntoView {
    let i18n = use_i18n();
    let total = clock.minutes_left.unsigned_abs();
    let late = clock.minutes_left < 0;
    let state = clock.state;
    let words = state.text();
    view! {
        <span class=state_class(state) data-state=format!("{state:?}")>{i18n.local(words)}</span>" "
        <span class="muted" hidden=state == ClockState::Met>{move || {
            let (text, d, h, m) = time_to_due(late, total);
            i18n.t(text).replace("{d}", &d.to_string()).replace("{h}", &h.to_string()).replace("{m}", &m.to_string())
        }}</span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_way_from_the_due_is_told_in_days_and_hours() {
        assert_eq!(
            time_to_due(true, 741 * 60),
            (UiText::DaysHoursLate, 30, 21, 0)
        );
        assert_eq!(
            time_to_due(false, 24 * 60),
            (UiText::DaysHoursLeft, 1, 0, 0)
        );
        assert_eq!(
            time_to_due(false, 23 * 60 + 59),
            (UiText::MinutesLeft, 0, 23, 59)
        );
        assert_eq!(time_to_due(true, 5), (UiText::MinutesLate, 0, 0, 5));
    }
}
