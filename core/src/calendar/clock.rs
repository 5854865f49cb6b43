//! The SLA clock on a business [`Calendar`]: adding business minutes or business
//! days to a start, and measuring business minutes elapsed between two times, with
//! pauses while the request waits on the customer.
//!
//! Business time is the union of the weekly windows, minus closed days. Long spans are
//! not walked day by day: any seven days hold the calendar's weekly minutes and
//! business days, so whole weeks are counted at once and the closed days inside them
//! subtracted from running totals (two binary searches), then up to thirteen whole
//! days; only the last day or so is walked window by window. A deadline's cost does
//! not grow with its length, and its trace shows the span as one step.

use crate::i18n::Text;
use crate::map::Map;
use std::cell::Cell;

use crate::civil::{Date, DateTime};
use serde::Serialize;

use super::error::CalendarError;
use super::hours::{WeeklyHours, Window};
use super::timeline::{
    DAY, MAX_DAY, MAX_T, MIN_DAY, MIN_T, WEEK, at_minute_of, in_range, to_datetime, to_minute,
    weekday_index,
};
use super::trace::{Step, Trace, Unit};
use super::zone::Zone;

/// A stretch of time in which the request waits on the customer: no business time
/// counts inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pause {
    from: DateTime,
    to: DateTime,
}

impl Pause {
    /// A pause from `from` to `to` (local times). Pauses passed to the clock may
    /// overlap and come in any order; they are merged.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidPause`] unless `from < to`.
    pub fn new(from: DateTime, to: DateTime) -> Result<Pause, CalendarError> {
        if from < to {
            Ok(Pause { from, to })
        } else {
            Err(CalendarError::InvalidPause { from, to })
        }
    }

    /// When the pause starts.
    pub fn from(self) -> DateTime {
        self.from
    }

    /// When the pause ends.
    pub fn to(self) -> DateTime {
        self.to
    }
}

impl<'de> serde::Deserialize<'de> for Pause {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Stored {
            from: DateTime,
            to: DateTime,
        }
        let s = Stored::deserialize(deserializer)?;
        Pause::new(s.from, s.to).map_err(serde::de::Error::custom)
    }
}

/// A deadline and how the clock reached it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deadline {
    /// The local date-time the target is due.
    pub due: DateTime,
    /// The steps of the clock.
    pub trace: Trace,
}

/// Business minutes elapsed between two times and how they were counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Elapsed {
    /// Business minutes, paused time excluded.
    pub minutes: i64,
    /// The steps of the clock.
    pub trace: Trace,
}

/// A business calendar: a zone, weekly hours and closed days (holidays, vendor
/// closures) with their names. A closed day has no business time at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    zone: Zone,
    weekly: WeeklyHours,
    closed: Map<Date, Text>,
    /// `closed` by day number, with running totals.
    index: ClosedIndex,
    week_minutes: i64,
    week_days: i64,
    /// Running totals of business minutes per day, when [`Calendar::with_day_totals`]
    /// made them (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    totals: DayTotals,
}

impl Calendar {
    /// A calendar from its zone, weekly hours and closed days.
    ///
    /// # Errors
    ///
    /// [`CalendarError::NoBusinessTime`] when the weekly hours have no window.
    pub fn new(
        zone: Zone,
        weekly: WeeklyHours,
        closed: Map<Date, Text>,
    ) -> Result<Calendar, CalendarError> {
        let week_minutes = weekly.minutes_per_week();
        if week_minutes <= 0 {
            return Err(CalendarError::NoBusinessTime);
        }
        Ok(Calendar {
            zone,
            week_days: weekly.days_per_week(),
            index: ClosedIndex::new(&closed, &weekly),
            weekly,
            closed,
            week_minutes,
            #[cfg(not(target_arch = "wasm32"))]
            totals: DayTotals::default(),
        })
    }

    /// This calendar with running totals of its business minutes per day over the span
    /// of its closed days (and a year either side; at most [`MAX_TOTAL_DAYS`]), so
    /// [`Calendar::due_after`] finds the day a due falls on by one binary search instead
    /// of walking the days. Built once for a calendar that many clocks will run on (the
    /// string API's); a calendar without closed days needs none.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn with_day_totals(mut self) -> Calendar {
        let in_range = |d: &&i64| (MIN_DAY..=MAX_DAY).contains(*d);
        let (Some(&first), Some(&last)) = (
            self.index.days.iter().find(in_range),
            self.index.days.iter().rev().find(in_range),
        ) else {
            return self;
        };
        let (first, last) = ((first - 366).max(MIN_DAY), (last + 366).min(MAX_DAY));
        if last - first >= MAX_TOTAL_DAYS {
            return self;
        }
        let mut totals = Vec::with_capacity(usize::try_from(last - first + 2).unwrap_or(0));
        let mut sum = 0_i64;
        totals.push(sum);
        for day in first..=last {
            sum += self
                .windows_on(day)
                .iter()
                .map(|w| i64::from(w.minutes()))
                .sum::<i64>();
            totals.push(sum);
        }
        self.totals = DayTotals { first, totals };
        self
    }

    /// The calendar's zone.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The weekly hours.
    pub fn weekly(&self) -> &WeeklyHours {
        &self.weekly
    }

    /// The closed days and their names.
    pub fn closed(&self) -> &Map<Date, Text> {
        &self.closed
    }

    /// Whether `date` is a business day: it has a window and is not closed.
    pub fn is_business_day(&self, date: Date) -> bool {
        self.is_business_day_n(date.day_number())
    }

    /// Whether `at` lies in business time (inside a window, on a day that is not
    /// closed). Windows are half-open: a window's closing time is outside it.
    pub fn is_open(&self, at: DateTime) -> bool {
        self.is_open_minute(to_minute(at))
    }

    /// The first time at or after `at` that is business time: `at` itself when open,
    /// otherwise the next opening.
    ///
    /// # Errors
    ///
    /// [`CalendarError::DateOutOfRange`] for `at` outside the supported range,
    /// [`CalendarError::ClockBeyondRange`] when no opening comes before its end.
    pub fn next_opening(&self, at: DateTime) -> Result<DateTime, CalendarError> {
        let t = check(at)?;
        let beyond = || CalendarError::ClockBeyondRange { start: at };
        let q = self
            .effective_from(t, &Pauses::default(), MAX_T)
            .ok_or_else(beyond)?;
        to_datetime(q).ok_or_else(beyond)
    }

    /// Adds `minutes` business minutes to `start`.
    ///
    /// Windows are half-open `[open, close)`. A clock that starts outside business
    /// time — including exactly at a closing time — starts at the next opening. A
    /// positive duration that ends exactly on a closing time is due at that closing
    /// time (18:00, not the next morning). Zero minutes from outside business time
    /// gives the next opening, from inside the start itself. A window closing at
    /// 24:00 followed by one opening at 00:00 runs on without a break. Paused time
    /// never counts: the clock stops at a pause and runs again where it ends.
    ///
    /// # Errors
    ///
    /// [`CalendarError::NegativeDuration`] for negative `minutes`,
    /// [`CalendarError::DateOutOfRange`] for a start outside the supported range,
    /// [`CalendarError::ClockBeyondRange`] when the due would fall after
    /// [`MAX_DATE`](super::MAX_DATE).
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::map::Map;
    /// use covered_core::calendar::{Calendar, WeeklyHours, Window, Zone};
    /// use covered_core::civil::date;
    ///
    /// let hours = WeeklyHours::weekdays(Window::parse("08:00-18:00")?);
    /// let calendar = Calendar::new(Zone::seoul(), hours, Map::new())?;
    /// // Friday 17:40 + 40 business minutes: 20 on Friday, 20 on Monday.
    /// let deadline = calendar.add_minutes(date(2025, 10, 3).at(17, 40, 0, 0), 40, &[])?;
    /// assert_eq!(deadline.due, date(2025, 10, 6).at(8, 20, 0, 0));
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn add_minutes(
        &self,
        start: DateTime,
        minutes: i64,
        pauses: &[Pause],
    ) -> Result<Deadline, CalendarError> {
        if minutes < 0 {
            return Err(CalendarError::NegativeDuration {
                amount: minutes,
                unit: Unit::Minutes,
            });
        }
        let t0 = check(start)?;
        if minutes > MAX_T - t0 {
            return Err(CalendarError::ClockBeyondRange { start });
        }
        let pauses = Pauses::new(pauses);
        let mut run = Run::new(self, &pauses, t0, MAX_T, start);
        run.push_start()?;
        let (due, _) = run.go(Goal::Count(minutes))?;
        Ok(Deadline {
            due: run.at(due)?,
            trace: Trace::new(run.steps),
        })
    }

    /// [`Calendar::add_minutes`]'s due without pauses and without its trace: the same
    /// walk (whole weeks jumped, the rest window by window) with no steps recorded, for
    /// callers that want the due alone. `None` wherever `add_minutes` is an error (a
    /// negative amount, a start or due outside the supported range): ask it for the
    /// error then.
    ///
    /// Native builds only: the WebAssembly builds keep to `add_minutes`, so this adds
    /// nothing to their size.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn due_after(&self, start: DateTime, minutes: i64) -> Option<DateTime> {
        let t0 = check(start).ok()?;
        if minutes < 0 || minutes > MAX_T - t0 {
            return None;
        }
        if minutes > 0
            && let Some(due) = self.due_by_totals(t0, minutes)
        {
            return to_datetime(due);
        }
        let (mut cur, mut left) = (t0, minutes);
        // Run::go with Goal::Count and no pauses, less the steps; the interval it starts
        // from found once a round (merged only up to `cur + left`, which moves the same
        // minutes in more rounds at worst).
        loop {
            let (start, end) = self.interval_from(cur, cur + left, MAX_T)?;
            cur = cur.max(start);
            if left == 0 {
                return to_datetime(cur);
            }
            if let Some(jump) = self.jump(cur, Some(left), MAX_T) {
                left -= jump.minutes;
                cur = jump.to;
                continue;
            }
            let stop = end.min(MAX_T);
            if left <= stop - cur {
                return to_datetime(cur + left);
            }
            left -= stop - cur;
            cur = stop;
        }
    }

    /// The first minute by which `minutes` (> 0) business minutes from `t` are counted,
    /// by the running totals: the rest of `t`'s day window by window, then the day the
    /// count is reached by binary search, then its windows. `None` when the totals do
    /// not cover the days (the walk does them).
    #[cfg(not(target_arch = "wasm32"))]
    fn due_by_totals(&self, t: i64, minutes: i64) -> Option<i64> {
        let DayTotals { first, totals } = &self.totals;
        let day = t.div_euclid(DAY);
        let end_of_day = usize::try_from(day - first + 1).ok()?;
        let before = *totals.get(end_of_day)?;
        let mut left = minutes;
        let base = day * DAY;
        for w in self.windows_on(day) {
            let from = t.max(base + i64::from(w.open()));
            let to = base + i64::from(w.close());
            if from < to {
                if left <= to - from {
                    return Some(from + left);
                }
                left -= to - from;
            }
        }
        // The first day whose running total reaches the goal; it is after `day`, and
        // mostly a few days after, so it is searched for in widening steps from there.
        let goal = before + left;
        let (mut below, mut width) = (end_of_day, 1);
        while totals.get(below + width).is_some_and(|&total| total < goal) {
            below += width;
            width *= 2;
        }
        let bracket = totals.get(below + 1..(below + width + 1).min(totals.len()))?;
        let j = below + 1 + bracket.partition_point(|&total| total < goal);
        totals.get(j)?;
        let day = first + i64::try_from(j).ok()? - 1;
        let mut left = goal - totals.get(j.checked_sub(1)?)?;
        let base = day * DAY;
        for w in self.windows_on(day) {
            let length = i64::from(w.minutes());
            if left <= length {
                return Some(base + i64::from(w.open()) + left);
            }
            left -= length;
        }
        None
    }

    /// Adds `days` business days to `start`: the same local clock time `days`
    /// business days later.
    ///
    /// A business day is a day with at least one window that is not closed. The clock
    /// steps forward day by day counting only business days, never the start day:
    /// Mon 10:00 + 1 is Tue 10:00, Fri 17:00 + 1 is Mon 17:00, and from a
    /// non-business day the first business day reached is day 1 (Sat 10:00 + 1 is Mon
    /// 10:00). The clock time is kept even outside the windows (Fri 20:00 + 1 is
    /// Mon 20:00). Zero days from a business day is the start itself, from a
    /// non-business day the same clock time on the next business day.
    ///
    /// Pauses: the due is extended by the business minutes the pauses stopped between
    /// the start and the due without pauses, added from that due by the minute rules
    /// of [`Calendar::add_minutes`] — so pauses that fall into the extension stop it
    /// too.
    ///
    /// # Errors
    ///
    /// [`CalendarError::NegativeDuration`] for negative `days`,
    /// [`CalendarError::DateOutOfRange`] for a start outside the supported range,
    /// [`CalendarError::ClockBeyondRange`] when the due would fall after
    /// [`MAX_DATE`](super::MAX_DATE).
    pub fn add_business_days(
        &self,
        start: DateTime,
        days: i64,
        pauses: &[Pause],
    ) -> Result<Deadline, CalendarError> {
        if days < 0 {
            return Err(CalendarError::NegativeDuration {
                amount: days,
                unit: Unit::BusinessDays,
            });
        }
        let t0 = check(start)?;
        let beyond = || CalendarError::ClockBeyondRange { start };
        let d0 = t0.div_euclid(DAY);
        let of_day = t0 - d0 * DAY;
        if days > MAX_DAY - d0 {
            return Err(beyond());
        }
        let pauses = Pauses::new(pauses);
        let mut run = Run::new(self, &pauses, t0, MAX_T, start);
        run.push_start()?;
        let mut closed = ClosedRun::default();
        let mut d = d0;
        let mut count = 0;
        if days == 0 {
            while !self.is_business_day_n(d) {
                closed.add(d);
                d += 1;
                if d > MAX_DAY {
                    return Err(beyond());
                }
            }
            closed.flush(&mut run)?;
        } else {
            if days > self.week_days {
                while days - count > self.week_days {
                    let weeks = ((days - count - 1) / self.week_days.max(1)).min((MAX_DAY - d) / 7);
                    if weeks < 1 {
                        break;
                    }
                    count += self.business_days_between(d, d + 7 * weeks);
                    d += 7 * weeks;
                }
                while days - count > 1 {
                    d += 1;
                    if d > MAX_DAY {
                        return Err(beyond());
                    }
                    if self.is_business_day_n(d) {
                        count += 1;
                    }
                }
            }
            if d > d0 {
                let span = d - d0;
                let step = Step::SkippedWeeks {
                    from: run.at(t0)?,
                    to: run.at(d * DAY + of_day)?,
                    weeks: span / 7,
                    days: span % 7,
                    amount: count,
                    unit: Unit::BusinessDays,
                    closed_days: self.closed_business_days(d0 + 1, d),
                };
                run.steps.push(step);
            } else if !self.is_business_day_n(d0) {
                closed.add(d0);
            }
            while count < days {
                d += 1;
                if d > MAX_DAY {
                    return Err(beyond());
                }
                if self.is_business_day_n(d) {
                    closed.flush(&mut run)?;
                    count += 1;
                    let date = Date::from_day_number(d).ok_or_else(beyond)?;
                    run.steps.push(Step::BusinessDay { date, n: count });
                } else {
                    closed.add(d);
                }
            }
        }
        let unpaused = d * DAY + of_day;

        // Pauses before the unpaused due, clipped to it; their business minutes
        // extend the due.
        let mut paused = 0;
        for &(a, b) in &pauses.0 {
            if a >= unpaused || b <= t0 {
                continue;
            }
            let minutes = self.minutes_between(a.max(t0), b.min(unpaused));
            paused += minutes;
            run.steps.push(Step::Paused {
                from: run.at(a)?,
                to: run.at(b.min(unpaused))?,
                minutes,
            });
        }
        if paused == 0 {
            run.steps.push(Step::Due {
                at: run.at(unpaused)?,
            });
            return Ok(Deadline {
                due: run.at(unpaused)?,
                trace: Trace::new(run.steps),
            });
        }
        run.steps.push(Step::ExtendedForPauses {
            from: run.at(unpaused)?,
            minutes: paused,
        });
        let after = pauses.clipped_from(unpaused);
        let mut steps = run.steps;
        let mut extension = Run::new(self, &after, unpaused, MAX_T, start);
        let (due, _) = extension.go(Goal::Count(paused))?;
        steps.append(&mut extension.steps);
        Ok(Deadline {
            due: extension.at(due)?,
            trace: Trace::new(steps),
        })
    }

    /// Business minutes elapsed from `start` to `end`: minutes inside windows, on
    /// days that are not closed, and not inside a pause.
    ///
    /// # Errors
    ///
    /// [`CalendarError::EndBeforeStart`] when `end < start` (never a silent 0),
    /// [`CalendarError::DateOutOfRange`] for a start or end outside the supported
    /// range.
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::map::Map;
    /// use covered_core::calendar::{Calendar, WeeklyHours, Window, Zone};
    /// use covered_core::civil::date;
    ///
    /// let hours = WeeklyHours::weekdays(Window::parse("08:00-18:00")?);
    /// let calendar = Calendar::new(Zone::seoul(), hours, Map::new())?;
    /// let start = date(2025, 10, 3).at(17, 40, 0, 0);
    /// let end = date(2025, 10, 6).at(8, 20, 0, 0);
    /// assert_eq!(calendar.elapsed(start, end, &[])?.minutes, 40);
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn elapsed(
        &self,
        start: DateTime,
        end: DateTime,
        pauses: &[Pause],
    ) -> Result<Elapsed, CalendarError> {
        let s = check(start)?;
        let e = check(end)?;
        if end < start {
            return Err(CalendarError::EndBeforeStart { start, end });
        }
        let pauses = Pauses::new(pauses);
        let mut run = Run::new(self, &pauses, s, e, start);
        run.push_start()?;
        let (_, minutes) = run.go(Goal::Until(e))?;
        Ok(Elapsed {
            minutes,
            trace: Trace::new(run.steps),
        })
    }

    // ---- business time on the minute line -------------------------------------

    /// The windows of a day number: none on a closed day.
    fn windows_on(&self, day: i64) -> &[Window] {
        if self.index.contains(day) {
            &[]
        } else {
            self.weekly.windows_at(weekday_index(day))
        }
    }

    fn is_business_day_n(&self, day: i64) -> bool {
        !self.windows_on(day).is_empty()
    }

    fn is_open_minute(&self, t: i64) -> bool {
        let day = t.div_euclid(DAY);
        let of_day = t - day * DAY;
        self.windows_on(day)
            .iter()
            .any(|w| i64::from(w.open()) <= of_day && of_day < i64::from(w.close()))
    }

    /// The business interval containing `t`, or else the first one after it, merged
    /// with the intervals that touch its end (`12:00` → `12:00`, `24:00` → `00:00`)
    /// while its end is before `horizon`. `None` when business time resumes only at or
    /// after `limit`.
    fn interval_from(&self, t: i64, horizon: i64, limit: i64) -> Option<(i64, i64)> {
        let mut day = t.div_euclid(DAY);
        let (start, mut end) = loop {
            let base = day * DAY;
            if base >= limit {
                return None;
            }
            let found = self
                .windows_on(day)
                .iter()
                .find(|w| base + i64::from(w.close()) > t);
            if let Some(w) = found {
                break (base + i64::from(w.open()), base + i64::from(w.close()));
            }
            day += 1;
        };
        if start.max(t) >= limit {
            return None;
        }
        while end < horizon {
            let day = end.div_euclid(DAY);
            let base = day * DAY;
            let of_day = end - base;
            match self
                .windows_on(day)
                .iter()
                .find(|w| i64::from(w.open()) == of_day)
            {
                Some(w) => end = base + i64::from(w.close()),
                None => break,
            }
        }
        Some((start, end))
    }

    /// The first minute at or after `t` that is business time and not paused, if it
    /// comes before `limit`.
    fn effective_from(&self, t: i64, pauses: &Pauses, limit: i64) -> Option<i64> {
        let mut q = t;
        // Each round either returns or moves past one pause.
        for _ in 0..=pauses.0.len() {
            let (start, _) = self.interval_from(q, q, limit)?;
            q = q.max(start);
            match pauses.containing(q) {
                Some((_, end)) => q = end,
                None => return Some(q),
            }
        }
        None
    }

    /// Business minutes of the windows of `day` (closed or not) inside `[a, b)`.
    fn overlap(windows: &[Window], day: i64, a: i64, b: i64) -> i64 {
        let base = day * DAY;
        windows
            .iter()
            .map(|w| {
                let from = a.max(base + i64::from(w.open()));
                let to = b.min(base + i64::from(w.close()));
                (to - from).max(0)
            })
            .sum()
    }

    /// Business minutes in `[a, b)`, pauses aside: whole weeks at once, minus the
    /// closed days among them, then the remaining days one by one.
    fn minutes_between(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let weeks = (b - a) / WEEK;
        let middle = a + weeks * WEEK;
        let mut total = weeks * self.week_minutes - self.closed_minutes(a, middle).0;
        for day in middle.div_euclid(DAY)..=(b - 1).div_euclid(DAY) {
            total += Self::overlap(self.windows_on(day), day, middle, b);
        }
        total
    }

    /// Weekly-hours minutes in `[a, b)` that closed days take away, and how many closed
    /// days took some: the whole days inside from the running totals, the two edge
    /// days by their windows.
    fn closed_minutes(&self, a: i64, b: i64) -> (i64, i64) {
        if b <= a {
            return (0, 0);
        }
        let (first, last) = (a.div_euclid(DAY), (b - 1).div_euclid(DAY));
        let edge = |day: i64| -> i64 {
            if self.index.contains(day) {
                Self::overlap(self.weekly.windows_at(weekday_index(day)), day, a, b)
            } else {
                0
            }
        };
        if first == last {
            let lost = edge(first);
            return (lost, i64::from(lost > 0));
        }
        let (minutes, days) = self.index.lost(first + 1, last - 1);
        let (head, tail) = (edge(first), edge(last));
        (
            minutes + head + tail,
            days + i64::from(head > 0) + i64::from(tail > 0),
        )
    }

    /// Business days in the day numbers `(a, b]`: whole weeks at once, minus the
    /// closed days among them that have windows, then the remaining days.
    fn business_days_between(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let weeks = (b - a) / 7;
        let middle = a + weeks * 7;
        let mut total = weeks * self.week_days - self.closed_business_days(a + 1, middle);
        for day in middle + 1..=b {
            total += i64::from(self.is_business_day_n(day));
        }
        total
    }

    /// Closed days in the day numbers `[a, b]` whose weekday has windows.
    fn closed_business_days(&self, a: i64, b: i64) -> i64 {
        self.index.lost(a, b).1
    }

    /// A jump over whole weeks, then whole days, from `from`: it ends before `bound`
    /// and, when `remaining` minutes are to be counted, counts fewer than those. It
    /// starts only when a whole week fits, so short clocks are walked in full.
    fn jump(&self, from: i64, remaining: Option<i64>, bound: i64) -> Option<Jump> {
        let weeks_fitting = |to: i64, minutes: i64| -> i64 {
            let room = (bound - to - 1) / WEEK;
            match remaining {
                Some(rem) => ((rem - minutes - 1) / self.week_minutes).min(room),
                None => room,
            }
        };
        if weeks_fitting(from, 0) < 1 {
            return None;
        }
        let mut to = from;
        let mut minutes = 0;
        // Closed days make weeks count less than their weekly minutes, so jump again
        // over what they left: each round leaves only the minutes of the closed days
        // it crossed, so a few rounds do. The cap only bounds the loop; the clock then
        // walks or jumps again.
        for _ in 0..64 {
            let weeks = weeks_fitting(to, minutes);
            if weeks >= 1 {
                minutes += self.minutes_between(to, to + weeks * WEEK);
                to += weeks * WEEK;
                continue;
            }
            let (days, more) = self.days_fitting(to, minutes, remaining, bound);
            to += days * DAY;
            minutes += more;
            if days < MAX_DAYS {
                break;
            }
        }
        Some(Jump { to, minutes })
    }

    /// Up to [`MAX_DAYS`] whole days from `to` that end before `bound` and keep the
    /// count below `remaining`: how many, and the business minutes in them. The 24
    /// hours from `to` hold the rest of its day after the clock time and the start of
    /// the next day before it.
    fn days_fitting(
        &self,
        to: i64,
        minutes: i64,
        remaining: Option<i64>,
        bound: i64,
    ) -> (i64, i64) {
        let day0 = to.div_euclid(DAY);
        let of_day = to - day0 * DAY;
        let split = |day: i64| -> (i64, i64) {
            let (base, windows) = (day * DAY, self.windows_on(day));
            (
                Self::overlap(windows, day, base, base + of_day),
                Self::overlap(windows, day, base + of_day, base + DAY),
            )
        };
        let (mut days, mut more) = (0, 0);
        let mut rest_of_today = split(day0).1;
        while days < MAX_DAYS && to + (days + 1) * DAY < bound {
            let (start_of_tomorrow, rest_of_tomorrow) = split(day0 + days + 1);
            let next = rest_of_today + start_of_tomorrow;
            if remaining.is_some_and(|rem| minutes + more + next >= rem) {
                break;
            }
            days += 1;
            more += next;
            rest_of_today = rest_of_tomorrow;
        }
        (days, more)
    }
}

/// The most days one call of `days_fitting` jumps: closed days can make two weeks
/// hold less than a week's minutes, so a day-by-day look past one week saves a
/// second round of weeks.
const MAX_DAYS: i64 = 13;

/// The closed days by day number, in order, with running totals of the weekly-hours
/// minutes and business days they take away, so what a span of whole days loses is
/// two binary searches however long the span.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ClosedIndex {
    days: Vec<i64>,
    /// One bit per day from `first`, set for closed days: the clock asks "is this day
    /// closed?" for every day it looks at.
    first: i64,
    bits: Vec<u64>,
    names: Vec<Text>,
    /// `lost_minutes[i]`: weekly-hours minutes of `days[..i]`; one longer than `days`.
    lost_minutes: Vec<i64>,
    /// `lost_days[i]`: how many of `days[..i]` have windows; one longer than `days`.
    lost_days: Vec<i64>,
}

impl ClosedIndex {
    fn new(closed: &Map<Date, Text>, weekly: &WeeklyHours) -> ClosedIndex {
        let mut index = ClosedIndex {
            days: Vec::with_capacity(closed.len()),
            first: 0,
            bits: Vec::new(),
            names: Vec::with_capacity(closed.len()),
            lost_minutes: vec![0],
            lost_days: vec![0],
        };
        let (mut minutes, mut days) = (0, 0);
        for (date, name) in closed {
            let day = date.day_number();
            let windows = weekly.windows_at(weekday_index(day));
            minutes += windows.iter().map(|w| i64::from(w.minutes())).sum::<i64>();
            days += i64::from(!windows.is_empty());
            index.days.push(day);
            index.names.push(name.clone());
            index.lost_minutes.push(minutes);
            index.lost_days.push(days);
        }
        // Bits for the closed days in the supported range.
        let in_range = |d: &&i64| (MIN_DAY..=MAX_DAY).contains(*d);
        if let (Some(&first), Some(&last)) = (
            index.days.iter().find(in_range),
            index.days.iter().rev().find(in_range),
        ) {
            index.first = first;
            let words = usize::try_from((last - first) / 64 + 1).unwrap_or(0);
            index.bits = vec![0; words];
            for day in index.days.iter().filter(in_range) {
                let offset = day - first;
                if let Some(word) = usize::try_from(offset / 64)
                    .ok()
                    .and_then(|w| index.bits.get_mut(w))
                {
                    *word |= 1 << (offset % 64);
                }
            }
        }
        index
    }

    fn contains(&self, day: i64) -> bool {
        if (MIN_DAY..=MAX_DAY).contains(&day) {
            let offset = day - self.first;
            offset >= 0
                && usize::try_from(offset / 64)
                    .ok()
                    .and_then(|w| self.bits.get(w))
                    .is_some_and(|word| word & (1 << (offset % 64)) != 0)
        } else {
            self.days.binary_search(&day).is_ok()
        }
    }

    /// Index of the first closed day at or after `day`.
    fn position(&self, day: i64) -> usize {
        self.days.partition_point(|d| *d < day)
    }

    /// Weekly-hours minutes and business days lost to the closed days in `[a, b]`.
    fn lost(&self, a: i64, b: i64) -> (i64, i64) {
        if b < a {
            return (0, 0);
        }
        let (i, j) = (self.position(a), self.position(b + 1));
        let at = |totals: &[i64], k: usize| totals.get(k).copied().unwrap_or(0);
        (
            at(&self.lost_minutes, j) - at(&self.lost_minutes, i),
            at(&self.lost_days, j) - at(&self.lost_days, i),
        )
    }

    /// Names of the closed days in `[a, b]`.
    fn names(&self, a: i64, b: i64) -> &[Text] {
        let (i, j) = (self.position(a), self.position(b + 1));
        self.names.get(i..j).unwrap_or_default()
    }
}

/// The most days [`Calendar::with_day_totals`] keeps running totals for (about 110
/// years, 320 KB).
#[cfg(not(target_arch = "wasm32"))]
const MAX_TOTAL_DAYS: i64 = 40_000;

/// Business minutes per day as running totals: `totals[i]` is the business minutes of
/// the days `first .. first + i`.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Default)]
struct DayTotals {
    first: i64,
    totals: Vec<i64>,
}

/// The totals follow from the rest of the calendar, so they never make two calendars
/// differ.
#[cfg(not(target_arch = "wasm32"))]
impl PartialEq for DayTotals {
    fn eq(&self, _: &DayTotals) -> bool {
        true
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Eq for DayTotals {}

/// A jump's end and the business minutes it counted.
struct Jump {
    to: i64,
    minutes: i64,
}

/// The minute of an input date-time, if in the supported range.
fn check(at: DateTime) -> Result<i64, CalendarError> {
    if in_range(at) {
        Ok(to_minute(at))
    } else {
        Err(CalendarError::DateOutOfRange { value: at })
    }
}

/// Pauses as whole minutes, clamped to the supported range, sorted and merged.
#[derive(Debug, Default)]
struct Pauses(Vec<(i64, i64)>);

impl Pauses {
    fn new(pauses: &[Pause]) -> Pauses {
        let clamp = |dt: DateTime| to_minute(dt).clamp(MIN_T, MAX_T);
        let mut spans: Vec<(i64, i64)> = pauses
            .iter()
            .map(|p| (clamp(p.from), clamp(p.to)))
            .filter(|(a, b)| a < b)
            .collect();
        crate::sort::sort_by(&mut spans, |a, b| a.cmp(b));
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(spans.len());
        for (a, b) in spans {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Pauses(merged)
    }

    /// The pause containing `t`.
    fn containing(&self, t: i64) -> Option<(i64, i64)> {
        let i = self.0.partition_point(|p| p.1 <= t);
        self.0.get(i).filter(|p| p.0 <= t).copied()
    }

    /// The start of the first pause starting after `t`.
    fn next_start_after(&self, t: i64) -> Option<i64> {
        let i = self.0.partition_point(|p| p.0 <= t);
        self.0.get(i).map(|p| p.0)
    }

    /// The pauses from `t` on, cut to start no earlier than `t`.
    fn clipped_from(&self, t: i64) -> Pauses {
        Pauses(
            self.0
                .iter()
                .filter(|p| p.1 > t)
                .map(|&(a, b)| (a.max(t), b))
                .collect(),
        )
    }
}

/// What a minute clock runs to.
#[derive(Debug, Clone, Copy)]
enum Goal {
    /// Until this many business minutes are counted.
    Count(i64),
    /// Until this minute.
    Until(i64),
}

/// One run of the minute clock, collecting its trace.
struct Run<'a> {
    cal: &'a Calendar,
    pauses: &'a Pauses,
    /// Where the clock starts; pause minutes before it do not count.
    start: i64,
    /// Pause minutes after this do not count (the end of an elapsed measurement).
    clip_end: i64,
    /// The start as given, for errors.
    given: DateTime,
    /// Pauses before this index are in the trace already (or irrelevant).
    shown: usize,
    steps: Vec<Step>,
    /// The last date `at` computed, by day number.
    last_date: Cell<Option<(i64, Date)>>,
}

impl<'a> Run<'a> {
    fn new(
        cal: &'a Calendar,
        pauses: &'a Pauses,
        start: i64,
        clip_end: i64,
        given: DateTime,
    ) -> Run<'a> {
        Run {
            cal,
            pauses,
            start,
            clip_end,
            given,
            shown: pauses.0.partition_point(|p| p.1 <= start),
            steps: Vec::with_capacity(8),
            last_date: Cell::new(None),
        }
    }

    fn beyond(&self) -> CalendarError {
        CalendarError::ClockBeyondRange { start: self.given }
    }

    /// The local date-time of a minute; steps mostly repeat the last date, so it is
    /// kept.
    fn at(&self, t: i64) -> Result<DateTime, CalendarError> {
        let day = t.div_euclid(DAY);
        let date = match self.last_date.get() {
            Some((last, date)) if last == day => date,
            _ => {
                let date = Date::from_day_number(day).ok_or_else(|| self.beyond())?;
                self.last_date.set(Some((day, date)));
                date
            }
        };
        at_minute_of(date, t - day * DAY).ok_or_else(|| self.beyond())
    }

    fn push_start(&mut self) -> Result<(), CalendarError> {
        let at = self.at(self.start)?;
        self.steps.push(Step::Start { at });
        Ok(())
    }

    /// Runs the clock from `self.start` to `goal`; returns where it stops and the
    /// business minutes counted. Every round moves forward (a stretch ends after it
    /// starts, a jump spans at least a week) and nothing lies past the limit, so the
    /// loop ends.
    fn go(&mut self, goal: Goal) -> Result<(i64, i64), CalendarError> {
        let limit = match goal {
            Goal::Count(_) => MAX_T,
            Goal::Until(end) => end,
        };
        let mut cur = self.start;
        let mut counted = 0;
        loop {
            match self.cal.effective_from(cur, self.pauses, limit) {
                None => {
                    let Goal::Until(end) = goal else {
                        return Err(self.beyond());
                    };
                    self.describe_gap(cur, end, false)?;
                    let at = self.at(end)?;
                    self.steps.push(Step::End {
                        at,
                        minutes: counted,
                    });
                    return Ok((end, counted));
                }
                Some(q) if q > cur => {
                    self.describe_gap(cur, q, true)?;
                    cur = q;
                }
                Some(_) => {}
            }
            if let Goal::Count(n) = goal
                && counted >= n
            {
                let at = self.at(cur)?;
                self.steps.push(Step::Due { at });
                return Ok((cur, counted));
            }
            let next_pause = self.pauses.next_start_after(cur);
            let bound = next_pause.map_or(limit, |p| p.min(limit));

            let remaining = match goal {
                Goal::Count(n) => Some(n - counted),
                Goal::Until(_) => None,
            };
            if let Some(jump) = self.cal.jump(cur, remaining, bound) {
                self.push_jump(cur, &jump)?;
                counted += jump.minutes;
                cur = jump.to;
                continue;
            }

            let wanted = match goal {
                Goal::Count(n) => cur + (n - counted),
                Goal::Until(end) => end,
            };
            let Some((_, end)) = self.cal.interval_from(cur, bound.min(wanted), limit) else {
                return Err(self.beyond());
            };
            let stop = end.min(bound);
            match goal {
                Goal::Count(n) if n - counted <= stop - cur => {
                    let due = cur + (n - counted);
                    let at = self.at(due)?;
                    self.steps.push(Step::Due { at });
                    return Ok((due, n));
                }
                Goal::Until(until) if stop >= until => {
                    counted += until - cur;
                    let (from, to) = (self.at(cur)?, self.at(until)?);
                    if until > cur {
                        self.steps.push(Step::Counted {
                            from,
                            to,
                            minutes: until - cur,
                        });
                    }
                    self.steps.push(Step::End {
                        at: to,
                        minutes: counted,
                    });
                    return Ok((until, counted));
                }
                _ => {}
            }
            if next_pause == Some(stop) && stop < end {
                self.show_pauses_before(stop + 1)?;
            } else {
                let at = self.at(stop)?;
                self.steps.push(Step::WindowCloses { at });
            }
            let (from, to) = (self.at(cur)?, self.at(stop)?);
            self.steps.push(Step::Counted {
                from,
                to,
                minutes: stop - cur,
            });
            counted += stop - cur;
            cur = stop;
        }
    }

    /// Records a jump, merged into the previous step when that was a jump ending
    /// where this one starts.
    fn push_jump(&mut self, from: i64, jump: &Jump) -> Result<(), CalendarError> {
        let to = self.at(jump.to)?;
        if let Some(Step::SkippedWeeks {
            from: first,
            to: last,
            weeks,
            days,
            amount,
            closed_days,
            ..
        }) = self.steps.last_mut()
            && to_minute(*last) == from
        {
            let span = (jump.to - to_minute(*first)) / DAY;
            *last = to;
            *weeks = span / 7;
            *days = span % 7;
            *amount += jump.minutes;
            *closed_days += self.cal.closed_minutes(from, jump.to).1;
            return Ok(());
        }
        let span = (jump.to - from) / DAY;
        let step = Step::SkippedWeeks {
            from: self.at(from)?,
            to,
            weeks: span / 7,
            days: span % 7,
            amount: jump.minutes,
            unit: Unit::Minutes,
            closed_days: self.cal.closed_minutes(from, jump.to).1,
        };
        self.steps.push(step);
        Ok(())
    }

    /// The business minutes a pause stops within this run.
    fn pause_minutes(&self, (a, b): (i64, i64)) -> i64 {
        self.cal
            .minutes_between(a.max(self.start), b.min(self.clip_end))
    }

    /// Adds the not yet shown pauses that start before `t` to the trace.
    fn show_pauses_before(&mut self, t: i64) -> Result<(), CalendarError> {
        while let Some(&pause) = self.pauses.0.get(self.shown) {
            if pause.0 >= t {
                break;
            }
            self.shown += 1;
            let step = Step::Paused {
                from: self.at(pause.0)?,
                to: self.at(pause.1)?,
                minutes: self.pause_minutes(pause),
            };
            self.steps.push(step);
        }
        Ok(())
    }

    /// Explains why no business time counts in `[from, to)`: the pauses in it and
    /// the days without business time, in time order, then (when `landing`) how the
    /// clock starts again at `to`.
    fn describe_gap(&mut self, from: i64, to: i64, landing: bool) -> Result<(), CalendarError> {
        let first = self.pauses.0.partition_point(|p| p.1 <= from);
        let overlapping = self
            .pauses
            .0
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|p| p.0 < to)
            .count();
        if overlapping == 0 {
            // No pause: the whole gap is without business time.
            let steps = &mut self.steps;
            let mut listed = i64::MIN;
            closed_runs(self.cal, self.given, from, to, &mut listed, |_, step| {
                steps.push(step);
            })?;
        } else {
            self.describe_paused_gap(from, to, first)?;
        }
        if landing {
            let at = self.at(to)?;
            if self.cal.is_open_minute(to - 1) {
                self.steps.push(Step::Resumes { at });
            } else {
                self.steps.push(Step::Opens { at });
            }
        }
        Ok(())
    }

    /// [`Run::describe_gap`] when pauses overlap the gap; `first` is the first of them.
    fn describe_paused_gap(
        &mut self,
        from: i64,
        to: i64,
        first: usize,
    ) -> Result<(), CalendarError> {
        let mut items: Vec<(i64, Step)> = Vec::new();
        // Pauses that stop business time; the rest of the gap has none.
        let mut stopping: Vec<(i64, i64)> = Vec::new();
        for (i, &pause) in self.pauses.0.iter().enumerate().skip(first) {
            if pause.0 >= to {
                break;
            }
            let minutes = self.pause_minutes(pause);
            if minutes > 0 {
                stopping.push(pause);
            }
            if i >= self.shown {
                self.shown = i + 1;
                let step = Step::Paused {
                    from: self.at(pause.0)?,
                    to: self.at(pause.1)?,
                    minutes,
                };
                items.push((pause.0, step));
            }
        }
        // Days without business time, in the parts of the gap no such pause covers.
        let mut portions: Vec<(i64, i64)> = Vec::new();
        let mut at = from;
        for &(a, b) in &stopping {
            if a > at {
                portions.push((at, a.min(to)));
            }
            at = at.max(b);
        }
        if to > at {
            portions.push((at, to));
        }
        let mut listed = i64::MIN;
        for (a, b) in portions {
            closed_runs(self.cal, self.given, a, b, &mut listed, |key, step| {
                items.push((key, step));
            })?;
        }
        crate::sort::sort_by_key(&mut items, |(key, _)| *key);
        self.steps.extend(items.into_iter().map(|(_, step)| step));
        Ok(())
    }
}

/// Emits a [`Step::Closed`] for each run of consecutive days without business time
/// that meet `[a, b)`, with a sort key, skipping days up to `listed` and moving it.
/// The span holds no business time, so it covers only as many days as the calendar
/// has consecutive days without it.
fn closed_runs(
    cal: &Calendar,
    given: DateTime,
    a: i64,
    b: i64,
    listed: &mut i64,
    mut emit: impl FnMut(i64, Step),
) -> Result<(), CalendarError> {
    if b <= a {
        return Ok(());
    }
    let mut run = ClosedRun::default();
    for day in a.div_euclid(DAY)..=(b - 1).div_euclid(DAY) {
        if day <= *listed {
            continue;
        }
        if cal.is_business_day_n(day) {
            if let Some((key, step)) = run.take(cal, given)? {
                emit(key, step);
            }
        } else {
            if run.is_empty() {
                run.key = (day * DAY).max(a);
            }
            run.add(day);
            *listed = day;
        }
    }
    if let Some((key, step)) = run.take(cal, given)? {
        emit(key, step);
    }
    Ok(())
}

/// Consecutive days without business time waiting to become one
/// [`Step::Closed`].
#[derive(Debug, Default)]
struct ClosedRun {
    days: Option<(i64, i64)>,
    /// Sort key of the step within a gap.
    key: i64,
}

impl ClosedRun {
    fn is_empty(&self) -> bool {
        self.days.is_none()
    }

    fn add(&mut self, day: i64) {
        self.days = match self.days {
            Some((first, last)) if last + 1 == day => Some((first, day)),
            _ => Some((day, day)),
        };
    }

    fn take(
        &mut self,
        cal: &Calendar,
        given: DateTime,
    ) -> Result<Option<(i64, Step)>, CalendarError> {
        let Some((first, last)) = self.days.take() else {
            return Ok(None);
        };
        let mut reasons: Vec<Text> = Vec::new();
        for name in cal.index.names(first, last) {
            if !name.ko.is_empty() && !reasons.contains(name) {
                reasons.push(name.clone());
            }
        }
        let date = |day| {
            Date::from_day_number(day).ok_or(CalendarError::ClockBeyondRange { start: given })
        };
        let step = Step::Closed {
            from_date: date(first)?,
            to_date: date(last)?,
            reasons,
        };
        Ok(Some((self.key, step)))
    }

    fn flush(&mut self, run: &mut Run<'_>) -> Result<(), CalendarError> {
        if let Some((_, step)) = self.take(run.cal, run.given)? {
            run.steps.push(step);
        }
        Ok(())
    }
}
