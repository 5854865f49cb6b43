//! The explanation of a clock result as data — the steps the clock took — and its
//! rendering in Korean or English, so the UI, the CLI and the JS API read the same
//! thing.
//!
//! Date rule for rendering a whole [`Trace`]: a date less than seven days after the
//! trace's start date is shown by its weekday alone (`Tue`, `화`), which is then
//! unambiguous; any other date also shows day and month (`Tue 14 Oct`,
//! `10월 14일 (화)`), and the year when it differs from the start's
//! (`Tue 6 Jan 2026`, `2026년 1월 6일 (화)`).

use crate::civil::{Date, DateTime, Weekday};
use serde::Serialize;

use super::Lang;
use super::hours::weekday_en;
use crate::i18n::Text;

/// The unit of a clock's amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TraceUnit"))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Business minutes.
    Minutes,
    /// Business days.
    BusinessDays,
}

impl Unit {
    /// Its id, Korean and English words.
    pub fn word(self) -> &'static [&'static str; 3] {
        match self {
            Unit::Minutes => &["minutes", "분", "minutes"],
            Unit::BusinessDays => &["business_days", "영업일", "business days"],
        }
    }

    /// `minutes` or `business days`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Minutes => "minutes",
            Unit::BusinessDays => "business days",
        }
    }
}

/// One step of the clock. Times are local date-times of the calendar's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The clock's start as given (minute resolution).
    Start {
        /// The start.
        at: DateTime,
    },
    /// A window closes and the clock stops until the next opening.
    WindowCloses {
        /// The closing time.
        at: DateTime,
    },
    /// Business minutes counted in one uninterrupted stretch.
    Counted {
        /// Where the stretch starts.
        from: DateTime,
        /// Where it ends.
        to: DateTime,
        /// Minutes counted, `to - from`.
        minutes: i64,
    },
    /// Consecutive days without business time: days without windows and closed days.
    Closed {
        /// The first such day.
        from_date: Date,
        /// The last such day (inclusive).
        to_date: Date,
        /// The names of the closed days among them (holidays, closures), each once.
        reasons: Vec<Text>,
    },
    /// A window opens and the clock runs again.
    Opens {
        /// The opening time.
        at: DateTime,
    },
    /// The request waited on the customer: no time counts.
    Paused {
        /// When the pause starts.
        from: DateTime,
        /// When it ends.
        to: DateTime,
        /// Business minutes the pause stopped (0 when it lies outside business time).
        minutes: i64,
    },
    /// The clock runs again inside a window after a pause.
    Resumes {
        /// When it resumes.
        at: DateTime,
    },
    /// Whole weeks (and days) counted at once, without listing every day.
    SkippedWeeks {
        /// Where the span starts.
        from: DateTime,
        /// Where it ends: the same clock time `weeks` weeks and `days` days later.
        to: DateTime,
        /// Whole weeks in the span.
        weeks: i64,
        /// Further whole days in the span.
        days: i64,
        /// What the span counted.
        amount: i64,
        /// The unit of `amount`.
        unit: Unit,
        /// Closed days in the span that took business time away.
        closed_days: i64,
    },
    /// A business day counted by a business-day clock.
    BusinessDay {
        /// The day.
        date: Date,
        /// Its number, 1 for the first.
        n: i64,
    },
    /// A business-day clock's due extended by the business minutes its pauses stopped,
    /// counted from `from` by the minute rules.
    ExtendedForPauses {
        /// The due without pauses.
        from: DateTime,
        /// The paused business minutes added.
        minutes: i64,
    },
    /// The deadline.
    Due {
        /// The deadline.
        at: DateTime,
    },
    /// The end of an elapsed-time measurement.
    End {
        /// The end.
        at: DateTime,
        /// Total business minutes elapsed.
        minutes: i64,
    },
}

/// The steps of a clock, in order.
///
/// Rendered, a date less than seven days after the start's date is shown by its
/// weekday alone (`Tue`, `화`), which is then unambiguous; any other date also shows
/// day and month (`Tue 14 Oct`, `10월 14일 (화)`), and the year when it differs from
/// the start's (`Tue 6 Jan 2026`, `2026년 1월 6일 (화)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Trace(Vec<Step>);

impl Trace {
    pub(crate) fn new(steps: Vec<Step>) -> Trace {
        Trace(steps)
    }

    /// The steps.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    /// The steps rendered and joined with ` · `, dates shown by the rule above.
    ///
    /// # Example
    ///
    /// ```
    /// use covered_core::map::Map;
    /// use covered_core::calendar::{Calendar, Lang, WeeklyHours, Window, Zone};
    /// use covered_core::civil::date;
    /// use covered_core::i18n::Text;
    ///
    /// let hours = WeeklyHours::weekdays(Window::parse("08:00-18:00")?);
    /// let closed = Map::from([(date(2025, 10, 6), Text::new("추석", "Chuseok"))]);
    /// let calendar = Calendar::new(Zone::seoul(), hours, closed)?;
    /// let deadline = calendar.add_minutes(date(2025, 10, 3).at(17, 40, 0, 0), 240, &[])?;
    /// assert_eq!(
    ///     deadline.trace.render(Lang::En),
    ///     "received Fri 17:40 · window closes 18:00 · 20 min counted · \
    ///      closed Sat–Mon (Chuseok) · opens Tue 08:00 · due Tue 11:40",
    /// );
    /// assert!(deadline.trace.render(Lang::Ko).contains("휴무 (추석)"));
    /// # Ok::<(), covered_core::calendar::CalendarError>(())
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let reference = self.0.iter().find_map(|step| match step {
            Step::Start { at } => Some(at.date()),
            _ => None,
        });
        let f = Fmt { lang, reference };
        let mut out = String::with_capacity(48 * self.0.len());
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(" · ");
            }
            step.write(&mut out, &f);
        }
        out
    }
}

impl Step {
    /// This step alone, every date shown in full (`received Fri 3 Oct 2025 17:40`);
    /// [`Trace::render`] shortens dates near the start.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write(
            &mut out,
            &Fmt {
                lang,
                reference: None,
            },
        );
        out
    }

    /// Writes this step onto `o`, dates as `f` shows them.
    fn write(&self, o: &mut String, f: &Fmt) {
        let en = f.lang == Lang::En;
        match self {
            Step::Start { at } => {
                o.push_str(if en { "received " } else { "접수 " });
                f.datetime(o, *at);
            }
            Step::WindowCloses { at } => {
                if en {
                    o.push_str("window closes ");
                    closing(o, *at);
                } else {
                    closing(o, *at);
                    o.push_str(" 업무 종료");
                }
            }
            Step::Counted { minutes, .. } => {
                thousands_into(o, *minutes);
                o.push_str(if en { " min counted" } else { "분 산입" });
            }
            Step::Closed { .. } => self.write_closed(o, f),
            Step::Opens { at } => {
                if en {
                    o.push_str("opens ");
                    f.datetime(o, *at);
                } else {
                    f.datetime(o, *at);
                    o.push_str(" 업무 시작");
                }
            }
            Step::Paused { from, to, minutes } => {
                if en {
                    o.push_str("paused ");
                    f.span(o, *from, *to);
                    if *minutes == 0 {
                        o.push_str(" (outside business time)");
                    } else {
                        o.push_str(" (");
                        thousands_into(o, *minutes);
                        o.push_str(" min stopped)");
                    }
                } else {
                    f.span(o, *from, *to);
                    if *minutes == 0 {
                        o.push_str(" 고객 대기 (업무시간 외)");
                    } else {
                        o.push_str(" 고객 대기로 정지 (");
                        thousands_into(o, *minutes);
                        o.push_str("분)");
                    }
                }
            }
            Step::Resumes { at } => {
                if en {
                    o.push_str("resumes ");
                    f.datetime(o, *at);
                } else {
                    f.datetime(o, *at);
                    o.push_str(" 재개");
                }
            }
            Step::SkippedWeeks { .. } => self.write_skipped(o, f),
            Step::BusinessDay { date, n } => {
                o.push_str(if en { "business day " } else { "영업일 " });
                int(o, *n);
                o.push_str(": ");
                f.date(o, *date);
            }
            Step::ExtendedForPauses { from, minutes } => {
                if en {
                    o.push_str("extended from ");
                    f.datetime(o, *from);
                    o.push_str(" by ");
                    thousands_into(o, *minutes);
                    o.push_str(" paused min");
                } else {
                    f.datetime(o, *from);
                    o.push_str("부터 정지된 ");
                    thousands_into(o, *minutes);
                    o.push_str("분 연장");
                }
            }
            Step::Due { at } => {
                if en {
                    o.push_str("due ");
                    f.datetime(o, *at);
                } else {
                    f.datetime(o, *at);
                    o.push_str(" 기한");
                }
            }
            Step::End { at, minutes } => {
                if en {
                    o.push_str("until ");
                    f.datetime(o, *at);
                    o.push_str(": ");
                    thousands_into(o, *minutes);
                    o.push_str(" min in total");
                } else {
                    f.datetime(o, *at);
                    o.push_str("까지 총 ");
                    thousands_into(o, *minutes);
                    o.push('분');
                }
            }
        }
    }
    /// A [`Step::SkippedWeeks`] onto `o`.
    fn write_skipped(&self, o: &mut String, f: &Fmt) {
        let Step::SkippedWeeks {
            to,
            weeks,
            days,
            amount,
            unit,
            closed_days,
            ..
        } = self
        else {
            return;
        };
        let en = f.lang == Lang::En;
        if en {
            plural(o, *weeks, "full week", "full weeks");
            if *days > 0 {
                o.push_str(" and ");
                plural(o, *days, "day", "days");
            }
            o.push_str(" to ");
            f.datetime(o, *to);
            o.push_str(": ");
            match unit {
                Unit::Minutes => {
                    thousands_into(o, *amount);
                    o.push_str(" min");
                }
                Unit::BusinessDays => {
                    plural(o, *amount, "business day", "business days");
                }
            }
            o.push_str(" counted");
            if *closed_days > 0 {
                o.push_str(" (");
                plural(o, *closed_days, "closed day", "closed days");
                o.push_str(" not counted)");
            }
        } else {
            f.datetime(o, *to);
            o.push_str("까지 ");
            int(o, *weeks);
            o.push('주');
            if *days > 0 {
                o.push(' ');
                int(o, *days);
                o.push('일');
            }
            o.push_str(": ");
            thousands_into(o, *amount);
            o.push_str(match unit {
                Unit::Minutes => "분 산입",
                Unit::BusinessDays => "영업일 산입",
            });
            if *closed_days > 0 {
                o.push_str(" (휴무 ");
                thousands_into(o, *closed_days);
                o.push_str("일 제외)");
            }
        }
    }

    /// A [`Step::Closed`] onto `o`.
    fn write_closed(&self, o: &mut String, f: &Fmt) {
        let Step::Closed {
            from_date,
            to_date,
            reasons,
        } = self
        else {
            return;
        };
        let en = f.lang == Lang::En;
        if en {
            o.push_str("closed ");
        }
        f.date(o, *from_date);
        if from_date != to_date {
            o.push('–');
            f.date(o, *to_date);
        }
        if !en {
            o.push_str(" 휴무");
        }
        for (i, r) in reasons.iter().enumerate() {
            o.push_str(if i == 0 { " (" } else { ", " });
            o.push_str(r.get(f.lang));
        }
        if !reasons.is_empty() {
            o.push(')');
        }
    }
}

/// Date formatting relative to a trace's start date, written onto a string.
struct Fmt {
    lang: Lang,
    reference: Option<Date>,
}

impl Fmt {
    /// Whether `date` is shown by its weekday alone (less than a week after the start).
    fn near(&self, date: Date) -> bool {
        self.reference
            .is_some_and(|r| (0..7).contains(&r.days_until(date)))
    }

    fn date(&self, o: &mut String, date: Date) {
        let weekday = weekday_name(self.lang, date.weekday());
        if self.near(date) {
            o.push_str(weekday);
            return;
        }
        let same_year = self.reference.is_some_and(|r| r.year() == date.year());
        match self.lang {
            Lang::En => {
                o.push_str(weekday);
                o.push(' ');
                int(o, date.day().into());
                o.push(' ');
                o.push_str(month_en(date.month()));
                if !same_year {
                    o.push(' ');
                    int(o, date.year().into());
                }
            }
            Lang::Ko => {
                if !same_year {
                    int(o, date.year().into());
                    o.push_str("년 ");
                }
                int(o, date.month().into());
                o.push_str("월 ");
                int(o, date.day().into());
                o.push_str("일 (");
                o.push_str(weekday);
                o.push(')');
            }
        }
    }

    /// `Mon 10:00` / `(월) 10:00` within the week, else with the date. The Korean
    /// weekday is bracketed before a time, as in `11월 23일 (월)`: a bare `월 10:00`
    /// reads as "month 10:00".
    fn datetime(&self, o: &mut String, at: DateTime) {
        let date = at.date();
        if self.lang == Lang::Ko && self.near(date) {
            o.push('(');
            self.date(o, date);
            o.push(')');
        } else {
            self.date(o, date);
        }
        o.push(' ');
        clock(o, at);
    }

    /// `Mon 10:00–11:30`, or with both dates when they differ.
    fn span(&self, o: &mut String, from: DateTime, to: DateTime) {
        self.datetime(o, from);
        o.push('–');
        if from.date() == to.date() {
            clock(o, to);
        } else {
            self.datetime(o, to);
        }
    }
}

/// `HH:MM`.
fn clock(o: &mut String, at: DateTime) {
    for (i, part) in [at.hour(), at.minute()].into_iter().enumerate() {
        if i > 0 {
            o.push(':');
        }
        let part = u8::try_from(part).unwrap_or(0);
        o.push(char::from(b'0' + part / 10 % 10));
        o.push(char::from(b'0' + part % 10));
    }
}

/// A closing time; midnight is shown as `24:00` of the day that closes.
fn closing(o: &mut String, at: DateTime) {
    if at.hour() == 0 && at.minute() == 0 {
        o.push_str("24:00");
    } else {
        clock(o, at);
    }
}

fn weekday_name(lang: Lang, weekday: Weekday) -> &'static str {
    match lang {
        Lang::En => weekday_en(weekday),
        Lang::Ko => match weekday {
            Weekday::Monday => "월",
            Weekday::Tuesday => "화",
            Weekday::Wednesday => "수",
            Weekday::Thursday => "목",
            Weekday::Friday => "금",
            Weekday::Saturday => "토",
            Weekday::Sunday => "일",
        },
    }
}

fn month_en(month: i8) -> &'static str {
    match month {
        1 => "Jan",
        2 => "Feb",
        3 => "Mar",
        4 => "Apr",
        5 => "May",
        6 => "Jun",
        7 => "Jul",
        8 => "Aug",
        9 => "Sep",
        10 => "Oct",
        11 => "Nov",
        _ => "Dec",
    }
}

fn plural(o: &mut String, n: i64, one: &str, many: &str) {
    thousands_into(o, n);
    o.push(' ');
    o.push_str(if n == 1 { one } else { many });
}

/// `n` in decimal digits, `-` first when negative.
fn int(o: &mut String, n: i64) {
    digits(o, n, false);
}

/// `21,000`.
fn thousands_into(o: &mut String, n: i64) {
    digits(o, n, true);
}

fn digits(o: &mut String, n: i64, grouped: bool) {
    if n < 0 {
        o.push('-');
    }
    let mut buf = [0_u8; 20];
    let mut v = n.unsigned_abs();
    let mut len = 0;
    loop {
        if let Some(b) = buf.get_mut(len) {
            *b = b'0' + (v % 10) as u8;
        }
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        o.push(char::from(buf.get(i).copied().unwrap_or(b'0')));
        if grouped && i > 0 && i % 3 == 0 {
            o.push(',');
        }
    }
}
