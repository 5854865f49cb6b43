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
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|step| step.render_with(lang, reference))
            .collect();
        parts.join(" · ")
    }
}

impl Step {
    /// This step alone, every date shown in full (`received Fri 3 Oct 2025 17:40`);
    /// [`Trace::render`] shortens dates near the start.
    pub fn render(&self, lang: Lang) -> String {
        self.render_with(lang, None)
    }

    fn render_with(&self, lang: Lang, reference: Option<Date>) -> String {
        let f = Fmt { lang, reference };
        match (self, lang) {
            (Step::Start { at }, Lang::En) => format!("received {}", f.datetime(*at)),
            (Step::Start { at }, Lang::Ko) => format!("접수 {}", f.datetime(*at)),
            (Step::WindowCloses { at }, Lang::En) => format!("window closes {}", closing(*at)),
            (Step::WindowCloses { at }, Lang::Ko) => format!("{} 업무 종료", closing(*at)),
            (Step::Counted { minutes, .. }, Lang::En) => {
                format!("{} min counted", thousands(*minutes))
            }
            (Step::Counted { minutes, .. }, Lang::Ko) => format!("{}분 산입", thousands(*minutes)),
            (
                Step::Closed {
                    from_date,
                    to_date,
                    reasons,
                },
                _,
            ) => {
                let days = if from_date == to_date {
                    f.date(*from_date)
                } else {
                    format!("{}–{}", f.date(*from_date), f.date(*to_date))
                };
                let reasons = if reasons.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = reasons.iter().map(|r| r.get(lang)).collect();
                    format!(" ({})", names.join(", "))
                };
                match lang {
                    Lang::En => format!("closed {days}{reasons}"),
                    Lang::Ko => format!("{days} 휴무{reasons}"),
                }
            }
            (Step::Opens { at }, Lang::En) => format!("opens {}", f.datetime(*at)),
            (Step::Opens { at }, Lang::Ko) => format!("{} 업무 시작", f.datetime(*at)),
            (Step::Paused { from, to, minutes }, _) => {
                let span = f.span(*from, *to);
                match (lang, *minutes) {
                    (Lang::En, 0) => format!("paused {span} (outside business time)"),
                    (Lang::En, m) => format!("paused {span} ({} min stopped)", thousands(m)),
                    (Lang::Ko, 0) => format!("{span} 고객 대기 (업무시간 외)"),
                    (Lang::Ko, m) => format!("{span} 고객 대기로 정지 ({}분)", thousands(m)),
                }
            }
            (Step::Resumes { at }, Lang::En) => format!("resumes {}", f.datetime(*at)),
            (Step::Resumes { at }, Lang::Ko) => format!("{} 재개", f.datetime(*at)),
            (
                Step::SkippedWeeks {
                    to,
                    weeks,
                    days,
                    amount,
                    unit,
                    closed_days,
                    ..
                },
                Lang::En,
            ) => {
                let mut out = plural(*weeks, "full week", "full weeks");
                if *days > 0 {
                    out.push_str(&format!(" and {}", plural(*days, "day", "days")));
                }
                let amount = match unit {
                    Unit::Minutes => format!("{} min", thousands(*amount)),
                    Unit::BusinessDays => plural(*amount, "business day", "business days"),
                };
                out.push_str(&format!(" to {}: {amount} counted", f.datetime(*to)));
                if *closed_days > 0 {
                    out.push_str(&format!(
                        " ({} not counted)",
                        plural(*closed_days, "closed day", "closed days")
                    ));
                }
                out
            }
            (
                Step::SkippedWeeks {
                    to,
                    weeks,
                    days,
                    amount,
                    unit,
                    closed_days,
                    ..
                },
                Lang::Ko,
            ) => {
                let span = if *days > 0 {
                    format!("{weeks}주 {days}일")
                } else {
                    format!("{weeks}주")
                };
                let amount = match unit {
                    Unit::Minutes => format!("{}분", thousands(*amount)),
                    Unit::BusinessDays => format!("{}영업일", thousands(*amount)),
                };
                let mut out = format!("{}까지 {span}: {amount} 산입", f.datetime(*to));
                if *closed_days > 0 {
                    out.push_str(&format!(" (휴무 {}일 제외)", thousands(*closed_days)));
                }
                out
            }
            (Step::BusinessDay { date, n }, Lang::En) => {
                format!("business day {n}: {}", f.date(*date))
            }
            (Step::BusinessDay { date, n }, Lang::Ko) => {
                format!("영업일 {n}: {}", f.date(*date))
            }
            (Step::ExtendedForPauses { from, minutes }, Lang::En) => format!(
                "extended from {} by {} paused min",
                f.datetime(*from),
                thousands(*minutes)
            ),
            (Step::ExtendedForPauses { from, minutes }, Lang::Ko) => format!(
                "{}부터 정지된 {}분 연장",
                f.datetime(*from),
                thousands(*minutes)
            ),
            (Step::Due { at }, Lang::En) => format!("due {}", f.datetime(*at)),
            (Step::Due { at }, Lang::Ko) => format!("{} 기한", f.datetime(*at)),
            (Step::End { at, minutes }, Lang::En) => format!(
                "until {}: {} min in total",
                f.datetime(*at),
                thousands(*minutes)
            ),
            (Step::End { at, minutes }, Lang::Ko) => {
                format!("{}까지 총 {}분", f.datetime(*at), thousands(*minutes))
            }
        }
    }
}

/// Date formatting relative to a trace's start date.
struct Fmt {
    lang: Lang,
    reference: Option<Date>,
}

impl Fmt {
    fn date(&self, date: Date) -> String {
        let weekday = weekday_name(self.lang, date.weekday());
        let near = self.reference.is_some_and(|r| {
            let diff = r.days_until(date);
            (0..7).contains(&diff)
        });
        if near {
            return weekday.to_owned();
        }
        let same_year = self.reference.is_some_and(|r| r.year() == date.year());
        match (self.lang, same_year) {
            (Lang::En, true) => format!("{weekday} {} {}", date.day(), month_en(date.month())),
            (Lang::En, false) => format!(
                "{weekday} {} {} {}",
                date.day(),
                month_en(date.month()),
                date.year()
            ),
            (Lang::Ko, true) => format!("{}월 {}일 ({weekday})", date.month(), date.day()),
            (Lang::Ko, false) => format!(
                "{}년 {}월 {}일 ({weekday})",
                date.year(),
                date.month(),
                date.day()
            ),
        }
    }

    /// `Mon 10:00` / `(월) 10:00` within the week, else with the date. The Korean
    /// weekday is bracketed before a time, as in `11월 23일 (월)`: a bare `월 10:00`
    /// reads as "month 10:00".
    fn datetime(&self, at: DateTime) -> String {
        let date = self.date(at.date());
        let date = if self.lang == Lang::Ko && date.chars().count() == 1 {
            format!("({date})")
        } else {
            date
        };
        format!("{date} {:02}:{:02}", at.hour(), at.minute())
    }

    /// `Mon 10:00–11:30`, or with both dates when they differ.
    fn span(&self, from: DateTime, to: DateTime) -> String {
        if from.date() == to.date() {
            format!(
                "{}–{:02}:{:02}",
                self.datetime(from),
                to.hour(),
                to.minute()
            )
        } else {
            format!("{}–{}", self.datetime(from), self.datetime(to))
        }
    }
}

/// A closing time; midnight is shown as `24:00` of the day that closes.
fn closing(at: DateTime) -> String {
    if at.hour() == 0 && at.minute() == 0 {
        "24:00".to_owned()
    } else {
        format!("{:02}:{:02}", at.hour(), at.minute())
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

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// `21,000`.
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
