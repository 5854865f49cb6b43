//! Korean public holidays, built in for 2000–2050.
//!
//! [`korean_public_holidays`] lists the days that are public holidays (공휴일) under the
//! 「관공서의 공휴일에 관한 규정」 and, from 2022, the 「공휴일에 관한 법률」, as in force
//! in each year:
//!
//! - **Fixed dates**: 신정 1/1, 삼일절 3/1, 어린이날 5/5, 현충일 6/6, 광복절 8/15, 개천절 10/3
//!   and 성탄절 12/25 every year; 식목일 4/5 up to 2005; 제헌절 7/17 up to 2007 and again
//!   from 2026 (restored by the February 2026 amendment of the Public Holidays Act);
//!   한글날 10/9 from 2013; 노동절 5/1 from 2026 (made a public holiday by a 2026 amendment,
//!   first observed on 2026-05-01; before that 근로자의 날 was a paid day off for employees
//!   under labour law, not a public holiday, and is not listed).
//! - **Lunar dates**: 설날 and 추석 are three days each (the eve, the day, the day after
//!   lunar 1/1 and 8/15); 부처님오신날 is lunar 4/8. The solar dates come from a table
//!   generated from the Korean (KASI) calendar, see `holidays/lunar.rs`.
//! - **Substitute holidays** (대체공휴일), from 2014: a 설날 or 추석 day that falls on a
//!   Sunday or on another public holiday; 어린이날 on a Saturday, Sunday or another public
//!   holiday; from 2021-08-04 the same for 삼일절, 광복절, 개천절 and 한글날; from
//!   2023-05-04 for 부처님오신날 and 성탄절; from 2026 for 노동절 and 제헌절. Each lost day
//!   gives the first weekday after the holiday (after the whole three-day block for
//!   설날 and 추석) that is not already a holiday or a substitute. When two holidays share
//!   a weekday, one day is lost, so one substitute is given (2025-05-06 for 어린이날 and
//!   부처님오신날 on 2025-05-05).
//! - **Election days** of every nationwide term-expiry or early election held 2000–2026;
//!   for 2027–2050, the days the Public Official Election Act (공직선거법 제34조) sets:
//!   the first Wednesday on or after the 50th (National Assembly), 70th (President) or
//!   30th (local) day before the term ends, moved a week later when that Wednesday or the
//!   day before or after it is a public holiday. Those future days are computed, not
//!   announced: an early election or a change of law makes them wrong, and data can add or
//!   remove days.
//! - **One-off holidays** (임시공휴일) the government declared, as a fixed list.
//!
//! Two holidays on one date make one [`Holiday`] whose names are joined with `" · "`,
//! the fixed-date holiday first.

mod lunar;

use crate::civil::{Date, Weekday};
use serde::Serialize;

use self::lunar::{LUNAR_FEASTS, LunarYear};

/// Why a day is a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A holiday on the same solar date every year (신정, 삼일절, 광복절, …).
    Fixed,
    /// A holiday on a lunar date: 설날 (three days), 부처님오신날, 추석 (three days).
    Lunar,
    /// A substitute holiday (대체공휴일) for a holiday lost to a weekend or to another holiday.
    Substitute,
    /// The day of a nationwide election (선거일).
    Election,
    /// A temporary holiday the government declared once (임시공휴일).
    OneOff,
}

/// One public holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Holiday {
    /// The day.
    pub date: Date,
    /// The Korean name, e.g. `"추석"`; names of holidays sharing the date are joined with `" · "`.
    pub name_ko: &'static str,
    /// The English name, e.g. `"Chuseok"`; joined like `name_ko`.
    pub name_en: &'static str,
    /// Why the day is a holiday; for a shared date, the kind of the first name.
    pub kind: HolidayKind,
}

/// First year with built-in data.
pub const FIRST_YEAR: i16 = 2000;
/// Last year with built-in data.
pub const LAST_YEAR: i16 = 2050;

/// The public holidays of `year`, sorted by date, one entry per date.
///
/// If two holidays fall on one date, their names are joined with `" · "`, e.g.
/// `"어린이날 · 부처님오신날"`. Returns `None` outside [`FIRST_YEAR`]`..=`[`LAST_YEAR`].
///
/// # Example
///
/// ```
/// use covered_core::calendar::holidays::{HolidayKind, korean_public_holidays};
/// use covered_core::civil::date;
///
/// let holidays = korean_public_holidays(2025).ok_or("no data for 2025")?;
/// let children = holidays
///     .iter()
///     .find(|h| h.date == date(2025, 5, 5))
///     .ok_or("5 May 2025 is a holiday")?;
/// assert_eq!(children.name_ko, "어린이날 · 부처님오신날");
/// assert!(holidays.iter().any(|h| h.date == date(2025, 5, 6) && h.kind == HolidayKind::Substitute));
/// assert_eq!(korean_public_holidays(2051), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn korean_public_holidays(year: i16) -> Option<Vec<Holiday>> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    let mut entries = statutory(year)?;
    sort_by_date(&mut entries);
    let substitutes = substitutes(&entries)?;
    entries.extend(substitutes);
    let elections = future_elections(year, &entries)?;
    entries.extend(elections);
    sort_by_date(&mut entries);
    Some(merge(&entries))
}

/// Every built-in holiday from [`FIRST_YEAR`] to [`LAST_YEAR`], in date order:
/// worked out once, then shared by every calendar that asks for them.
pub fn all_korean_public_holidays() -> &'static [Holiday] {
    static ALL: std::sync::OnceLock<Vec<Holiday>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        (FIRST_YEAR..=LAST_YEAR)
            .filter_map(korean_public_holidays)
            .flatten()
            .collect()
    })
}

/// A holiday before dates are merged, with what it earns when it is lost.
#[derive(Debug, Clone, Copy)]
struct Entry {
    date: Date,
    name_ko: &'static str,
    name_en: &'static str,
    kind: HolidayKind,
    substitute: Option<Substitute>,
}

/// The substitute a holiday earns when it is lost.
#[derive(Debug, Clone, Copy)]
struct Substitute {
    /// The substitute is the first free weekday after this date (the end of the block for
    /// 설날 and 추석).
    after: Date,
    /// Whether falling on a Saturday loses the holiday (not for 설날 and 추석).
    saturday_counts: bool,
    name_ko: &'static str,
    name_en: &'static str,
}

/// A holiday on the same solar date every year, in force `from..=until`.
#[derive(Debug, Clone, Copy)]
struct FixedRule {
    month: i8,
    day: i8,
    name_ko: &'static str,
    name_en: &'static str,
    from: i16,
    until: i16,
    /// The first date (year, month, day) on which a lost day earns a substitute.
    substitutes_from: Option<(i16, i8, i8)>,
}

const fn rule(
    (month, day): (i8, i8),
    name_ko: &'static str,
    name_en: &'static str,
    (from, until): (i16, i16),
    substitutes_from: Option<(i16, i8, i8)>,
) -> FixedRule {
    FixedRule {
        month,
        day,
        name_ko,
        name_en,
        from,
        until,
        substitutes_from,
    }
}

/// 설날, 추석 and 어린이날: the regulation amended on 2013-11-05, applied from 2014.
const FIRST_SUBSTITUTES: (i16, i8, i8) = (2014, 1, 1);
/// 삼일절, 광복절, 개천절 and 한글날: the amended regulation in force from 2021-08-04.
const NATIONAL_DAYS: Option<(i16, i8, i8)> = Some((2021, 8, 4));
/// 부처님오신날 and 성탄절: the amended regulation in force from 2023-05-04.
const BUDDHA_CHRISTMAS: (i16, i8, i8) = (2023, 5, 4);
/// 노동절 and 제헌절: public holidays with substitutes from 2026 (Public Holidays Act as
/// amended in 2026; 제헌절 in force 2026-05-11, 노동절 from 2026-05-01).
const FROM_2026: Option<(i16, i8, i8)> = Some((2026, 1, 1));
/// No end year.
const ON: i16 = i16::MAX;

#[rustfmt::skip]
const FIXED: [FixedRule; 12] = [
    //    date     Korean       English                        in force      substitutes from
    rule((1, 1),   "신정",      "New Year's Day",              (1999, ON),   None),
    rule((3, 1),   "삼일절",    "Independence Movement Day",   (1949, ON),   NATIONAL_DAYS),
    rule((4, 5),   "식목일",    "Arbor Day",                   (1949, 2005), None),
    rule((5, 1),   "노동절",    "Labor Day",                   (2026, ON),   FROM_2026),
    rule((5, 5),   "어린이날",  "Children's Day",              (1975, ON),   Some(FIRST_SUBSTITUTES)),
    rule((6, 6),   "현충일",    "Memorial Day",                (1956, ON),   None),
    rule((7, 17),  "제헌절",    "Constitution Day",            (1949, 2007), None),
    rule((7, 17),  "제헌절",    "Constitution Day",            (2026, ON),   FROM_2026),
    rule((8, 15),  "광복절",    "Liberation Day",              (1949, ON),   NATIONAL_DAYS),
    rule((10, 3),  "개천절",    "National Foundation Day",     (1949, ON),   NATIONAL_DAYS),
    rule((10, 9),  "한글날",    "Hangeul Day",                 (2013, ON),   NATIONAL_DAYS),
    rule((12, 25), "성탄절",    "Christmas Day",               (1949, ON),   Some(BUDDHA_CHRISTMAS)),
];

/// The names of the substitute for each holiday that can earn one, by its Korean name.
#[rustfmt::skip]
const SUBSTITUTE_NAMES: [(&str, &str, &str); 13] = [
    ("설날",         "대체공휴일(설날)",         "Substitute holiday (Seollal)"),
    ("설날 연휴",    "대체공휴일(설날)",         "Substitute holiday (Seollal)"),
    ("삼일절",       "대체공휴일(삼일절)",       "Substitute holiday (Independence Movement Day)"),
    ("노동절",       "대체공휴일(노동절)",       "Substitute holiday (Labor Day)"),
    ("어린이날",     "대체공휴일(어린이날)",     "Substitute holiday (Children's Day)"),
    ("부처님오신날", "대체공휴일(부처님오신날)", "Substitute holiday (Buddha's Birthday)"),
    ("제헌절",       "대체공휴일(제헌절)",       "Substitute holiday (Constitution Day)"),
    ("광복절",       "대체공휴일(광복절)",       "Substitute holiday (Liberation Day)"),
    ("추석",         "대체공휴일(추석)",         "Substitute holiday (Chuseok)"),
    ("추석 연휴",    "대체공휴일(추석)",         "Substitute holiday (Chuseok)"),
    ("개천절",       "대체공휴일(개천절)",       "Substitute holiday (National Foundation Day)"),
    ("한글날",       "대체공휴일(한글날)",       "Substitute holiday (Hangeul Day)"),
    ("성탄절",       "대체공휴일(성탄절)",       "Substitute holiday (Christmas Day)"),
];

/// The substitute `name_ko` earns when lost, searched for after `after`.
fn substitute(name_ko: &str, after: Date, saturday_counts: bool) -> Substitute {
    let (name_ko, name_en) = SUBSTITUTE_NAMES
        .iter()
        .find(|(holiday, _, _)| *holiday == name_ko)
        .map_or(("대체공휴일", "Substitute holiday"), |&(_, ko, en)| {
            (ko, en)
        });
    Substitute {
        after,
        saturday_counts,
        name_ko,
        name_en,
    }
}

/// Election days held 2000–2026, all public holidays, as the National Election Commission
/// records them. 2017 and 2025 were early presidential elections.
#[rustfmt::skip]
const PAST_ELECTIONS: [((i16, i8, i8), &str, &str); 20] = [
    ((2000, 4, 13),  "제16대 국회의원 선거",   "16th National Assembly election"),
    ((2002, 6, 13),  "제3회 전국동시지방선거", "3rd local elections"),
    ((2002, 12, 19), "제16대 대통령 선거",     "16th presidential election"),
    ((2004, 4, 15),  "제17대 국회의원 선거",   "17th National Assembly election"),
    ((2006, 5, 31),  "제4회 전국동시지방선거", "4th local elections"),
    ((2007, 12, 19), "제17대 대통령 선거",     "17th presidential election"),
    ((2008, 4, 9),   "제18대 국회의원 선거",   "18th National Assembly election"),
    ((2010, 6, 2),   "제5회 전국동시지방선거", "5th local elections"),
    ((2012, 4, 11),  "제19대 국회의원 선거",   "19th National Assembly election"),
    ((2012, 12, 19), "제18대 대통령 선거",     "18th presidential election"),
    ((2014, 6, 4),   "제6회 전국동시지방선거", "6th local elections"),
    ((2016, 4, 13),  "제20대 국회의원 선거",   "20th National Assembly election"),
    ((2017, 5, 9),   "제19대 대통령 선거",     "19th presidential election"),
    ((2018, 6, 13),  "제7회 전국동시지방선거", "7th local elections"),
    ((2020, 4, 15),  "제21대 국회의원 선거",   "21st National Assembly election"),
    ((2022, 3, 9),   "제20대 대통령 선거",     "20th presidential election"),
    ((2022, 6, 1),   "제8회 전국동시지방선거", "8th local elections"),
    ((2024, 4, 10),  "제22대 국회의원 선거",   "22nd National Assembly election"),
    ((2025, 6, 3),   "제21대 대통령 선거",     "21st presidential election"),
    ((2026, 6, 3),   "제9회 전국동시지방선거", "9th local elections"),
];

/// The last year whose elections are all in [`PAST_ELECTIONS`]; later ones are computed.
const LAST_RECORDED_ELECTION_YEAR: i16 = 2026;

/// Temporary holidays (임시공휴일) the government declared, 2000–2026.
#[rustfmt::skip]
const ONE_OFFS: [((i16, i8, i8), &str, &str); 8] = [
    ((2002, 7, 1),   "임시공휴일(월드컵 4강 기념)", "Temporary holiday (World Cup semi-final)"),
    ((2015, 8, 14),  "임시공휴일(광복 70주년)",     "Temporary holiday (70th anniversary of liberation)"),
    ((2016, 5, 6),   "임시공휴일",                  "Temporary holiday"),
    ((2017, 10, 2),  "임시공휴일",                  "Temporary holiday"),
    ((2020, 8, 17),  "임시공휴일",                  "Temporary holiday"),
    ((2023, 10, 2),  "임시공휴일",                  "Temporary holiday"),
    ((2024, 10, 1),  "임시공휴일(국군의 날)",       "Temporary holiday (Armed Forces Day)"),
    ((2025, 1, 27),  "임시공휴일",                  "Temporary holiday"),
];

/// The fixed, lunar, recorded election and one-off holidays of `year`, fixed ones first.
fn statutory(year: i16) -> Option<Vec<Entry>> {
    let mut entries = Vec::with_capacity(32);
    for rule in FIXED.iter().filter(|r| (r.from..=r.until).contains(&year)) {
        let date = Date::new(year, rule.month, rule.day).ok()?;
        let substitute = rule
            .substitutes_from
            .filter(|&from| (year, rule.month, rule.day) >= from)
            .map(|_| substitute(rule.name_ko, date, true));
        entries.push(Entry {
            date,
            name_ko: rule.name_ko,
            name_en: rule.name_en,
            kind: HolidayKind::Fixed,
            substitute,
        });
    }
    let feasts = LUNAR_FEASTS.iter().find(|f| f.year == year)?;
    push_lunar(&mut entries, year, feasts)?;
    let listed = PAST_ELECTIONS
        .iter()
        .map(|&(day, ko, en)| (day, ko, en, HolidayKind::Election))
        .chain(
            ONE_OFFS
                .iter()
                .map(|&(day, ko, en)| (day, ko, en, HolidayKind::OneOff)),
        );
    for ((y, month, day), name_ko, name_en, kind) in listed {
        if y == year {
            entries.push(plain(
                Date::new(y, month, day).ok()?,
                name_ko,
                name_en,
                kind,
            ));
        }
    }
    Some(entries)
}

fn plain(date: Date, name_ko: &'static str, name_en: &'static str, kind: HolidayKind) -> Entry {
    Entry {
        date,
        name_ko,
        name_en,
        kind,
        substitute: None,
    }
}

/// Adds 설날 (three days), 부처님오신날 and 추석 (three days).
fn push_lunar(entries: &mut Vec<Entry>, year: i16, feasts: &LunarYear) -> Option<()> {
    let (month, day) = feasts.seollal;
    push_block(
        entries,
        Date::new(year, month, day).ok()?,
        ("설날", "Seollal"),
        ("설날 연휴", "Seollal holiday"),
    )?;
    let (month, day) = feasts.buddha;
    let date = Date::new(year, month, day).ok()?;
    let name_ko = "부처님오신날";
    entries.push(Entry {
        date,
        name_ko,
        name_en: "Buddha's Birthday",
        kind: HolidayKind::Lunar,
        substitute: ((year, month, day) >= BUDDHA_CHRISTMAS)
            .then(|| substitute(name_ko, date, true)),
    });
    let (month, day) = feasts.chuseok;
    push_block(
        entries,
        Date::new(year, month, day).ok()?,
        ("추석", "Chuseok"),
        ("추석 연휴", "Chuseok holiday"),
    )
}

/// Adds the eve, the day and the day after of 설날 or 추석. From 2014 a lost day of the block
/// earns a substitute after the block, and only a Sunday or another holiday loses it.
fn push_block(
    entries: &mut Vec<Entry>,
    day: Date,
    (day_ko, day_en): (&'static str, &'static str),
    (block_ko, block_en): (&'static str, &'static str),
) -> Option<()> {
    let eve = day.yesterday().ok()?;
    let after = day.tomorrow().ok()?;
    let earns = (day.year(), day.month(), day.day()) >= FIRST_SUBSTITUTES;
    for (date, name_ko, name_en) in [
        (eve, block_ko, block_en),
        (day, day_ko, day_en),
        (after, block_ko, block_en),
    ] {
        entries.push(Entry {
            date,
            name_ko,
            name_en,
            kind: HolidayKind::Lunar,
            substitute: earns.then(|| substitute(name_ko, after, false)),
        });
    }
    Some(())
}

/// Stable sort by date: holidays sharing a date keep the order they were added in.
fn sort_by_date(entries: &mut Vec<Entry>) {
    crate::sort::sort_by_key(entries, |e| e.date);
}

/// The substitute holidays earned by the date-sorted `entries`, in date order.
fn substitutes(entries: &[Entry]) -> Option<Vec<Entry>> {
    let mut taken: Vec<Date> = entries.iter().map(|e| e.date).collect();
    let mut out = Vec::new();
    for group in entries.chunk_by(|a, b| a.date == b.date) {
        for lost in lost_days(group) {
            let date = first_free_weekday(lost.after, &taken)?;
            taken.push(date);
            out.push(plain(
                date,
                lost.name_ko,
                lost.name_en,
                HolidayKind::Substitute,
            ));
        }
    }
    Some(out)
}

/// The substitutes earned by the holidays sharing one date.
///
/// On a Sunday every eligible holiday is lost; on a Saturday the eligible ones for which
/// Saturday counts, and, when several holidays share the Saturday, also the others (they
/// fall on another holiday; this does not happen 2000–2050). On a weekday the date holds one
/// holiday, so `group.len() - 1` are lost, the last-listed eligible ones first: 2025-05-05
/// loses 부처님오신날, not 어린이날, as the official calendar names it.
fn lost_days(group: &[Entry]) -> Vec<Substitute> {
    let Some(first) = group.first() else {
        return Vec::new();
    };
    let eligible = group.iter().filter_map(|e| e.substitute);
    match first.date.weekday() {
        Weekday::Sunday => eligible.collect(),
        Weekday::Saturday => eligible
            .filter(|s| s.saturday_counts || group.len() > 1)
            .collect(),
        _ => {
            let mut lost: Vec<Substitute> =
                eligible.rev().take(group.len().saturating_sub(1)).collect();
            lost.reverse();
            lost
        }
    }
}

/// The first day after `after` that is neither a Saturday, a Sunday nor in `taken`.
fn first_free_weekday(after: Date, taken: &[Date]) -> Option<Date> {
    let mut date = after;
    for _ in 0..31 {
        date = date.tomorrow().ok()?;
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        if !weekend && !taken.contains(&date) {
            return Some(date);
        }
    }
    None
}

/// The term-expiry elections of `year` after [`LAST_RECORDED_ELECTION_YEAR`], computed by
/// 공직선거법 제34조 against the other `holidays` of the year.
///
/// COMPUTED, NOT ANNOUNCED: National Assembly terms end on 29 May of 2028, 2032, …; local
/// terms on 30 June of 2030, 2034, …; the presidential term that began on 2025-06-04 ends on
/// 2030-06-03, and the next ones every five years after.
fn future_elections(year: i16, holidays: &[Entry]) -> Option<Vec<Entry>> {
    let mut out = Vec::new();
    if year <= LAST_RECORDED_ELECTION_YEAR {
        return Some(out);
    }
    let taken: Vec<Date> = holidays.iter().map(|e| e.date).collect();
    let mut add = |term_end: (i8, i8), days_before: i64, name_ko, name_en| -> Option<()> {
        let end = Date::new(year, term_end.0, term_end.1).ok()?;
        let earliest = end.checked_add_days(-days_before)?;
        let date = election_day(earliest, &taken)?;
        out.push(plain(date, name_ko, name_en, HolidayKind::Election));
        Some(())
    };
    if year % 5 == 0 {
        add((6, 3), 70, "대통령 선거일", "Presidential election")?;
    }
    if year % 4 == 0 {
        add((5, 29), 50, "국회의원 선거일", "National Assembly election")?;
    }
    if year % 4 == 2 {
        add((6, 30), 30, "전국동시지방선거", "Local elections")?;
    }
    Some(out)
}

/// The first Wednesday on or after `earliest`, or the Wednesday a week later when that
/// Wednesday, the day before or the day after is a holiday (공직선거법 제34조제2항).
fn election_day(earliest: Date, holidays: &[Date]) -> Option<Date> {
    let mut date = earliest;
    while date.weekday() != Weekday::Wednesday {
        date = date.tomorrow().ok()?;
    }
    let near_holiday = [date.yesterday().ok()?, date, date.tomorrow().ok()?]
        .iter()
        .any(|d| holidays.contains(d));
    if near_holiday {
        date = date.checked_add_days(7)?;
    }
    Some(date)
}

/// Joins holidays sharing a date into one [`Holiday`] each.
fn merge(entries: &[Entry]) -> Vec<Holiday> {
    entries
        .chunk_by(|a, b| a.date == b.date)
        .filter_map(|group| {
            let first = group.first()?;
            let (name_ko, name_en) = group
                .get(1..)
                .unwrap_or_default()
                .iter()
                .fold((first.name_ko, first.name_en), |(ko, en), next| {
                    (joined(ko, next.name_ko), joined(en, next.name_en))
                });
            Some(Holiday {
                date: first.date,
                name_ko,
                name_en,
                kind: first.kind,
            })
        })
        .collect()
}

/// The joined names of holidays that share a date somewhere in 2000–2050.
#[rustfmt::skip]
const JOINED: [(&str, &str, &str); 6] = [
    ("어린이날", "부처님오신날", "어린이날 · 부처님오신날"),
    ("Children's Day", "Buddha's Birthday", "Children's Day · Buddha's Birthday"),
    ("개천절", "추석", "개천절 · 추석"),
    ("National Foundation Day", "Chuseok", "National Foundation Day · Chuseok"),
    ("개천절", "추석 연휴", "개천절 · 추석 연휴"),
    ("National Foundation Day", "Chuseok holiday", "National Foundation Day · Chuseok holiday"),
];

/// `first · second` when the pair is in [`JOINED`] (a test checks that every shared date in
/// range is), else `first`.
fn joined(first: &'static str, second: &'static str) -> &'static str {
    JOINED
        .iter()
        .find(|(a, b, _)| *a == first && *b == second)
        .map_or(first, |(_, _, both)| both)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::date;

    /// The (month, day, Korean name) of every holiday of `year`, in order.
    #[track_caller]
    fn check(year: i16, expected: &[(i8, i8, &str)]) {
        let actual: Vec<(i8, i8, &str)> = korean_public_holidays(year)
            .unwrap_or_default()
            .iter()
            .map(|h| (h.date.month(), h.date.day(), h.name_ko))
            .collect();
        assert_eq!(actual, expected, "holidays of {year}");
    }

    /// The holidays of `year`; an empty list when there is no data, which the callers'
    /// assertions then reject.
    fn year(year: i16) -> Vec<Holiday> {
        korean_public_holidays(year).unwrap_or_default()
    }

    fn find(year: i16, month: i8, day: i8) -> Option<Holiday> {
        let day = date(year, month, day);
        korean_public_holidays(year)?
            .into_iter()
            .find(|h| h.date == day)
    }

    fn is_holiday(year: i16, month: i8, day: i8) -> bool {
        find(year, month, day).is_some()
    }

    /// The single names behind each entry (a shared date has several).
    fn names(h: &Holiday) -> impl Iterator<Item = &'static str> {
        h.name_ko.split(" · ")
    }

    #[test]
    fn outside_the_built_in_range_is_none() {
        assert_eq!(korean_public_holidays(1999), None);
        assert_eq!(korean_public_holidays(2051), None);
        assert_eq!(korean_public_holidays(i16::MIN), None);
        assert_eq!(korean_public_holidays(i16::MAX), None);
        assert!(korean_public_holidays(FIRST_YEAR).is_some());
        assert!(korean_public_holidays(LAST_YEAR).is_some());
    }

    #[test]
    fn year_2014_first_substitute() {
        check(
            2014,
            &[
                (1, 1, "신정"),
                (1, 30, "설날 연휴"),
                (1, 31, "설날"),
                (2, 1, "설날 연휴"), // Saturday: no substitute for 설날
                (3, 1, "삼일절"),    // Saturday: no substitute before 2021
                (5, 5, "어린이날"),
                (5, 6, "부처님오신날"),
                (6, 4, "제6회 전국동시지방선거"),
                (6, 6, "현충일"),
                (8, 15, "광복절"),
                (9, 7, "추석 연휴"), // Sunday
                (9, 8, "추석"),
                (9, 9, "추석 연휴"),
                (9, 10, "대체공휴일(추석)"), // the first substitute holiday ever given
                (10, 3, "개천절"),
                (10, 9, "한글날"),
                (12, 25, "성탄절"),
            ],
        );
    }

    #[test]
    fn year_2021_national_days_gain_substitutes_in_august() {
        check(
            2021,
            &[
                (1, 1, "신정"),
                (2, 11, "설날 연휴"),
                (2, 12, "설날"),
                (2, 13, "설날 연휴"),
                (3, 1, "삼일절"),
                (5, 5, "어린이날"),
                (5, 19, "부처님오신날"),
                (6, 6, "현충일"), // Sunday: 현충일 never gets a substitute
                (8, 15, "광복절"),
                (8, 16, "대체공휴일(광복절)"),
                (9, 20, "추석 연휴"),
                (9, 21, "추석"),
                (9, 22, "추석 연휴"),
                (10, 3, "개천절"),
                (10, 4, "대체공휴일(개천절)"),
                (10, 9, "한글날"),
                (10, 11, "대체공휴일(한글날)"),
                (12, 25, "성탄절"), // Saturday: no substitute before May 2023
            ],
        );
    }

    #[test]
    fn year_2023() {
        check(
            2023,
            &[
                (1, 1, "신정"),
                (1, 21, "설날 연휴"),
                (1, 22, "설날"), // Sunday
                (1, 23, "설날 연휴"),
                (1, 24, "대체공휴일(설날)"),
                (3, 1, "삼일절"),
                (5, 5, "어린이날"),
                (5, 27, "부처님오신날"), // Saturday, after the 2023-05-04 amendment
                (5, 29, "대체공휴일(부처님오신날)"),
                (6, 6, "현충일"),
                (8, 15, "광복절"),
                (9, 28, "추석 연휴"),
                (9, 29, "추석"),
                (9, 30, "추석 연휴"),
                (10, 2, "임시공휴일"),
                (10, 3, "개천절"),
                (10, 9, "한글날"),
                (12, 25, "성탄절"),
            ],
        );
    }

    #[test]
    fn year_2024() {
        check(
            2024,
            &[
                (1, 1, "신정"),
                (2, 9, "설날 연휴"),
                (2, 10, "설날"),
                (2, 11, "설날 연휴"), // Sunday
                (2, 12, "대체공휴일(설날)"),
                (3, 1, "삼일절"),
                (4, 10, "제22대 국회의원 선거"),
                (5, 5, "어린이날"), // Sunday
                (5, 6, "대체공휴일(어린이날)"),
                (5, 15, "부처님오신날"),
                (6, 6, "현충일"),
                (8, 15, "광복절"),
                (9, 16, "추석 연휴"),
                (9, 17, "추석"),
                (9, 18, "추석 연휴"),
                (10, 1, "임시공휴일(국군의 날)"),
                (10, 3, "개천절"),
                (10, 9, "한글날"),
                (12, 25, "성탄절"),
            ],
        );
    }

    #[test]
    fn year_2025() {
        check(
            2025,
            &[
                (1, 1, "신정"),
                (1, 27, "임시공휴일"),
                (1, 28, "설날 연휴"),
                (1, 29, "설날"),
                (1, 30, "설날 연휴"),
                (3, 1, "삼일절"), // Saturday
                (3, 3, "대체공휴일(삼일절)"),
                (5, 5, "어린이날 · 부처님오신날"),
                (5, 6, "대체공휴일(부처님오신날)"), // one day lost, one substitute
                (6, 3, "제21대 대통령 선거"),
                (6, 6, "현충일"),
                (8, 15, "광복절"),
                (10, 3, "개천절"),
                (10, 5, "추석 연휴"), // Sunday
                (10, 6, "추석"),
                (10, 7, "추석 연휴"),
                (10, 8, "대체공휴일(추석)"),
                (10, 9, "한글날"),
                (12, 25, "성탄절"),
            ],
        );
    }

    #[test]
    fn year_2026() {
        check(
            2026,
            &[
                (1, 1, "신정"),
                (2, 16, "설날 연휴"),
                (2, 17, "설날"),
                (2, 18, "설날 연휴"),
                (3, 1, "삼일절"), // Sunday
                (3, 2, "대체공휴일(삼일절)"),
                (5, 1, "노동절"), // a public holiday from 2026
                (5, 5, "어린이날"),
                (5, 24, "부처님오신날"), // Sunday
                (5, 25, "대체공휴일(부처님오신날)"),
                (6, 3, "제9회 전국동시지방선거"),
                (6, 6, "현충일"),  // Saturday: no substitute
                (7, 17, "제헌절"), // a public holiday again from 2026
                (8, 15, "광복절"), // Saturday
                (8, 17, "대체공휴일(광복절)"),
                (9, 24, "추석 연휴"),
                (9, 25, "추석"),
                (9, 26, "추석 연휴"), // Saturday: no substitute for 추석
                (10, 3, "개천절"),    // Saturday
                (10, 5, "대체공휴일(개천절)"),
                (10, 9, "한글날"),
                (12, 25, "성탄절"),
            ],
        );
    }

    #[test]
    fn year_2027_matches_the_published_almanac() {
        // The 2027 월력요항, the first published with 노동절 and 제헌절 substitutes.
        check(
            2027,
            &[
                (1, 1, "신정"),
                (2, 6, "설날 연휴"),
                (2, 7, "설날"), // Sunday; 2027-02-06 in the Chinese calendar
                (2, 8, "설날 연휴"),
                (2, 9, "대체공휴일(설날)"),
                (3, 1, "삼일절"),
                (5, 1, "노동절"), // Saturday
                (5, 3, "대체공휴일(노동절)"),
                (5, 5, "어린이날"),
                (5, 13, "부처님오신날"),
                (6, 6, "현충일"),
                (7, 17, "제헌절"), // Saturday
                (7, 19, "대체공휴일(제헌절)"),
                (8, 15, "광복절"),
                (8, 16, "대체공휴일(광복절)"),
                (9, 14, "추석 연휴"),
                (9, 15, "추석"),
                (9, 16, "추석 연휴"),
                (10, 3, "개천절"),
                (10, 4, "대체공휴일(개천절)"),
                (10, 9, "한글날"),
                (10, 11, "대체공휴일(한글날)"),
                (12, 25, "성탄절"),
                (12, 27, "대체공휴일(성탄절)"),
            ],
        );
    }

    #[test]
    fn year_2028_chuseok_on_national_foundation_day() {
        let chuseok: Vec<(i8, &str, HolidayKind)> = year(2028)
            .iter()
            .filter(|h| h.date.month() == 10)
            .map(|h| (h.date.day(), h.name_ko, h.kind))
            .collect();
        assert_eq!(
            chuseok,
            [
                (2, "추석 연휴", HolidayKind::Lunar),
                (3, "개천절 · 추석", HolidayKind::Fixed),
                (4, "추석 연휴", HolidayKind::Lunar),
                (5, "대체공휴일(추석)", HolidayKind::Substitute),
                (9, "한글날", HolidayKind::Fixed),
            ]
        );
    }

    #[test]
    fn kinds_and_english_names_2025() {
        let actual: Vec<(i8, i8, &str, HolidayKind)> = year(2025)
            .iter()
            .map(|h| (h.date.month(), h.date.day(), h.name_en, h.kind))
            .collect();
        use HolidayKind::{Election, Fixed, Lunar, OneOff, Substitute};
        assert_eq!(
            actual,
            [
                (1, 1, "New Year's Day", Fixed),
                (1, 27, "Temporary holiday", OneOff),
                (1, 28, "Seollal holiday", Lunar),
                (1, 29, "Seollal", Lunar),
                (1, 30, "Seollal holiday", Lunar),
                (3, 1, "Independence Movement Day", Fixed),
                (
                    3,
                    3,
                    "Substitute holiday (Independence Movement Day)",
                    Substitute
                ),
                (5, 5, "Children's Day · Buddha's Birthday", Fixed),
                (5, 6, "Substitute holiday (Buddha's Birthday)", Substitute),
                (6, 3, "21st presidential election", Election),
                (6, 6, "Memorial Day", Fixed),
                (8, 15, "Liberation Day", Fixed),
                (10, 3, "National Foundation Day", Fixed),
                (10, 5, "Chuseok holiday", Lunar),
                (10, 6, "Chuseok", Lunar),
                (10, 7, "Chuseok holiday", Lunar),
                (10, 8, "Substitute holiday (Chuseok)", Substitute),
                (10, 9, "Hangeul Day", Fixed),
                (12, 25, "Christmas Day", Fixed),
            ]
        );
    }

    #[test]
    fn every_year_has_each_holiday_once_sorted_and_without_weekend_substitutes() {
        for y in FIRST_YEAR..=LAST_YEAR {
            let holidays = year(y);
            assert!(!holidays.is_empty(), "{y}: no data");
            for pair in holidays.windows(2) {
                if let [a, b] = pair {
                    assert!(a.date < b.date, "{y}: {} then {}", a.date, b.date);
                }
            }
            assert!(
                holidays.iter().all(|h| h.date.year() == y),
                "{y}: a date outside the year"
            );
            let count = |name: &str| {
                holidays
                    .iter()
                    .flat_map(names)
                    .filter(|n| *n == name)
                    .count()
            };
            for name in [
                "신정",
                "삼일절",
                "어린이날",
                "현충일",
                "광복절",
                "개천절",
                "성탄절",
            ] {
                assert_eq!(count(name), 1, "{y}: {name}");
            }
            for name in ["설날", "부처님오신날", "추석"] {
                assert_eq!(count(name), 1, "{y}: {name}");
            }
            assert_eq!(count("설날 연휴"), 2, "{y}: the eve and the day after 설날");
            assert_eq!(count("추석 연휴"), 2, "{y}: the eve and the day after 추석");
            assert_eq!(count("식목일"), usize::from(y <= 2005), "{y}: 식목일");
            assert_eq!(
                count("제헌절"),
                usize::from(y <= 2007 || y >= 2026),
                "{y}: 제헌절"
            );
            assert_eq!(count("한글날"), usize::from(y >= 2013), "{y}: 한글날");
            assert_eq!(count("노동절"), usize::from(y >= 2026), "{y}: 노동절");
            for h in holidays
                .iter()
                .filter(|h| h.kind == HolidayKind::Substitute)
            {
                assert!(y >= 2014, "{y}: substitute {} before 2014", h.date);
                let weekday = h.date.weekday();
                assert!(
                    !matches!(weekday, Weekday::Saturday | Weekday::Sunday),
                    "{y}: substitute on a {weekday:?}: {}",
                    h.date
                );
                assert!(
                    h.name_ko.starts_with("대체공휴일(") && !h.name_ko.contains(" · "),
                    "{y}: substitute {} is named {}",
                    h.date,
                    h.name_ko
                );
                assert!(
                    h.name_en.starts_with("Substitute holiday ("),
                    "{y}: {}",
                    h.name_en
                );
            }
            let elections = holidays.iter().filter(|h| h.kind == HolidayKind::Election);
            assert!(elections.count() <= 2, "{y}: more than two election days");
            assert!(
                (13..=26).contains(&holidays.len()),
                "{y}: {} holidays",
                holidays.len()
            );
        }
    }

    #[test]
    fn the_three_day_blocks_are_consecutive_around_the_feast() {
        for y in FIRST_YEAR..=LAST_YEAR {
            let holidays = year(y);
            for (day, block) in [("설날", "설날 연휴"), ("추석", "추석 연휴")] {
                let dates: Vec<Date> = holidays
                    .iter()
                    .filter(|h| names(h).any(|n| n == day || n == block))
                    .map(|h| h.date)
                    .collect();
                let feast = holidays
                    .iter()
                    .find(|h| names(h).any(|n| n == day))
                    .map(|h| h.date);
                let expected =
                    feast.and_then(|d| Some(vec![d.yesterday().ok()?, d, d.tomorrow().ok()?]));
                assert_eq!(Some(dates), expected, "{y}: {day}");
            }
        }
    }

    #[test]
    fn shared_dates_join_every_name() {
        for y in FIRST_YEAR..=LAST_YEAR {
            let mut entries = statutory(y).unwrap_or_default();
            assert!(!entries.is_empty(), "{y}: no statutory holidays");
            sort_by_date(&mut entries);
            let holidays = year(y);
            for group in entries.chunk_by(|a, b| a.date == b.date) {
                let Some(first) = group.first() else { continue };
                let ko: Vec<&str> = group.iter().map(|e| e.name_ko).collect();
                let en: Vec<&str> = group.iter().map(|e| e.name_en).collect();
                let merged = holidays.iter().find(|h| h.date == first.date);
                assert_eq!(
                    merged.map(|h| h.name_ko),
                    Some(ko.join(" · ").as_str()),
                    "{y}"
                );
                assert_eq!(
                    merged.map(|h| h.name_en),
                    Some(en.join(" · ").as_str()),
                    "{y}"
                );
                assert_eq!(merged.map(|h| h.kind), Some(first.kind), "{y}");
            }
        }
    }

    #[test]
    fn rule_transitions() {
        // 식목일 until 2005, 제헌절 until 2007 and again from 2026, 한글날 from 2013.
        assert!(is_holiday(2005, 4, 5));
        assert!(!is_holiday(2006, 4, 5));
        assert!(is_holiday(2007, 7, 17));
        assert!(!is_holiday(2008, 7, 17));
        assert!(!is_holiday(2025, 7, 17));
        assert!(is_holiday(2026, 7, 17));
        assert!(!is_holiday(2012, 10, 9));
        assert!(is_holiday(2013, 10, 9));
        // 노동절 (formerly 근로자의 날) is a public holiday only from 2026.
        assert!(!is_holiday(2025, 5, 1));
        assert!(is_holiday(2026, 5, 1));
        // 신정 is one day.
        assert!(!is_holiday(2000, 1, 2));
    }

    #[test]
    fn substitute_transitions() {
        let substitute = |y, m, d| find(y, m, d).map(|h| h.kind) == Some(HolidayKind::Substitute);
        // Nothing before 2014: 설날 2013-02-10 and 추석 2012-09-30 fell on Sundays.
        assert!(
            !is_holiday(2013, 2, 12),
            "설날 2013-02-09..11 has a Sunday, no substitute yet"
        );
        assert!(
            !is_holiday(2012, 10, 2),
            "추석 2012-09-29..10-01 has a Sunday, no substitute yet"
        );
        assert!(
            !is_holiday(2012, 5, 7),
            "어린이날 2012-05-05 is a Saturday, no substitute yet"
        );
        // 어린이날 from 2014: 2019-05-05 Sunday, 2018-05-05 Saturday.
        assert!(substitute(2019, 5, 6));
        assert!(substitute(2018, 5, 7));
        // 삼일절 on a Sunday before the 2021 amendment (2020, 2015) earns nothing; 2021-03-01
        // was a Monday, so the first case under the new rule is 2025-03-01 (Saturday).
        assert!(!is_holiday(2015, 3, 2));
        assert!(!is_holiday(2020, 3, 2));
        assert!(substitute(2025, 3, 3));
        assert!(substitute(2026, 3, 2));
        // 광복절: 2020-08-15 (Saturday) had only the one-off 8/17; 2021-08-15 (Sunday) is the
        // first substitute for a national day.
        assert_eq!(find(2020, 8, 17).map(|h| h.kind), Some(HolidayKind::OneOff));
        assert!(
            !is_holiday(2015, 8, 17),
            "광복절 2015 is a Saturday: no substitute"
        );
        assert!(substitute(2021, 8, 16));
        // 성탄절 and 부처님오신날 from 2023-05-04.
        assert!(
            !is_holiday(2022, 12, 26),
            "성탄절 2022 is a Sunday, before the amendment"
        );
        assert!(
            !is_holiday(2022, 5, 9),
            "부처님오신날 2022-05-08 is a Sunday"
        );
        assert!(substitute(2023, 5, 29));
        assert!(substitute(2027, 12, 27));
        // Never for 신정 and 현충일.
        assert!(!is_holiday(2023, 1, 2), "신정 2023 is a Sunday");
        assert!(!is_holiday(2021, 6, 7), "현충일 2021 is a Sunday");
        // 설날 and 추석: Saturday does not count, Sunday and another holiday do.
        assert!(!is_holiday(2026, 9, 28), "추석 2026 ends on Saturday");
        assert!(substitute(2017, 1, 30), "설날 2017-01-27..29, Sunday last");
        assert!(substitute(2017, 10, 6), "추석 2017 on 개천절");
    }

    #[test]
    fn substitutes_do_not_collide() {
        // 추석 2036-10-03..05 loses 10/3 (to 개천절) and 10/5 (a Sunday): two substitutes.
        check_substitutes(
            2036,
            9..=10,
            &[(10, 6, "대체공휴일(추석)"), (10, 7, "대체공휴일(추석)")],
        );
        // 추석 2039-10-01..03 loses 10/2 (a Sunday) and 10/3 (to 개천절); 한글날 is a Sunday.
        check_substitutes(
            2039,
            9..=10,
            &[
                (10, 4, "대체공휴일(추석)"),
                (10, 5, "대체공휴일(추석)"),
                (10, 10, "대체공휴일(한글날)"),
            ],
        );
        // 부처님오신날 2039-04-30 is a Saturday and 노동절 5/1 a Sunday: 5/2 and 5/3.
        check_substitutes(
            2039,
            4..=5,
            &[
                (5, 2, "대체공휴일(부처님오신날)"),
                (5, 3, "대체공휴일(노동절)"),
            ],
        );
        // 부처님오신날 2036-05-03 is a Saturday; Monday 5/5 is 어린이날, so Tuesday.
        check_substitutes(2036, 4..=5, &[(5, 6, "대체공휴일(부처님오신날)")]);
        // 추석 2032-09-18..20 (Saturday to Monday) and 개천절 on a Sunday.
        check_substitutes(
            2032,
            9..=10,
            &[
                (9, 21, "대체공휴일(추석)"),
                (10, 4, "대체공휴일(개천절)"),
                (10, 11, "대체공휴일(한글날)"),
            ],
        );
    }

    #[track_caller]
    fn check_substitutes(
        y: i16,
        months: std::ops::RangeInclusive<i8>,
        expected: &[(i8, i8, &str)],
    ) {
        let actual: Vec<(i8, i8, &str)> = year(y)
            .iter()
            .filter(|h| h.kind == HolidayKind::Substitute && months.contains(&h.date.month()))
            .map(|h| (h.date.month(), h.date.day(), h.name_ko))
            .collect();
        assert_eq!(actual, expected, "substitutes of {y} in months {months:?}");
    }

    #[test]
    fn lunar_dates_match_the_korean_calendar() {
        // (year, 설날, 부처님오신날, 추석) as announced; 2001, 2012, 2023, 2027, 2028 and 2040
        // are years in which the Chinese calendar gives a different day for one of them.
        let known = [
            (2001, (1, 24), (5, 1), (10, 1)),
            (2012, (1, 23), (5, 28), (9, 30)),
            (2017, (1, 28), (5, 3), (10, 4)),
            (2018, (2, 16), (5, 22), (9, 24)),
            (2019, (2, 5), (5, 12), (9, 13)),
            (2020, (1, 25), (4, 30), (10, 1)),
            (2021, (2, 12), (5, 19), (9, 21)),
            (2022, (2, 1), (5, 8), (9, 10)),
            (2023, (1, 22), (5, 27), (9, 29)),
            (2024, (2, 10), (5, 15), (9, 17)),
            (2025, (1, 29), (5, 5), (10, 6)),
            (2026, (2, 17), (5, 24), (9, 25)),
            (2027, (2, 7), (5, 13), (9, 15)),
            (2028, (1, 27), (5, 2), (10, 3)),
        ];
        for (y, seollal, buddha, chuseok) in known {
            let row = LUNAR_FEASTS.iter().find(|f| f.year == y);
            let expected = LunarYear {
                year: y,
                seollal,
                buddha,
                chuseok,
            };
            assert_eq!(row, Some(&expected), "{y}");
        }
        assert_eq!(
            LUNAR_FEASTS
                .iter()
                .find(|f| f.year == 2040)
                .map(|f| f.chuseok),
            Some((9, 21))
        );
    }

    #[test]
    fn lunar_table_is_complete_and_plausible() {
        let mut previous_seollal: Option<Date> = None;
        for (offset, row) in (0_i16..).zip(LUNAR_FEASTS.iter()) {
            assert_eq!(row.year, FIRST_YEAR + offset, "rows in order, one per year");
            let day = |(m, d): (i8, i8)| Date::new(row.year, m, d).ok();
            let days = (day(row.seollal), day(row.buddha), day(row.chuseok));
            assert!(
                matches!(days, (Some(_), Some(_), Some(_))),
                "{row:?}: an impossible date"
            );
            let (Some(seollal), Some(buddha), Some(chuseok)) = days else {
                continue;
            };
            assert!(
                (date(row.year, 1, 21)..=date(row.year, 2, 20)).contains(&seollal),
                "{row:?}"
            );
            // Lunar 4/8 is 3 lunar months and 7 days after 1/1, 8/15 is 7 months and 14 days
            // after; a leap month in between adds 29 or 30 days.
            let after = |a: Date, b: Date| a.days_until(b);
            let to_buddha = after(seollal, buddha);
            let to_chuseok = after(seollal, chuseok);
            assert!(
                (93..=97).contains(&to_buddha) || (123..=127).contains(&to_buddha),
                "{row:?}"
            );
            assert!(
                (218..=223).contains(&to_chuseok) || (248..=253).contains(&to_chuseok),
                "{row:?}"
            );
            // Consecutive lunar new years are 12 or 13 lunar months apart.
            if let Some(previous) = previous_seollal {
                let year_length = after(previous, seollal);
                assert!(
                    (353..=356).contains(&year_length) || (383..=385).contains(&year_length),
                    "{row:?}"
                );
            }
            previous_seollal = Some(seollal);
        }
        assert_eq!(LUNAR_FEASTS.last().map(|r| r.year), Some(LAST_YEAR));
    }

    /// The Korean (UTC+9) calendar day of new moon number `k` (k = 0 is 2000-01-06), by
    /// Meeus, *Astronomical Algorithms*, ch. 49, good to well under a minute in this range;
    /// ΔT is taken as 70 s.
    fn new_moon_in_korea(k: f64) -> Option<Date> {
        let t = k / 1236.85;
        let jde = 2_451_550.097_66 + 29.530_588_861 * k + 0.000_154_37 * t * t
            - 0.000_000_150 * t.powi(3)
            + 0.000_000_000_73 * t.powi(4);
        let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t * t;
        let m = (2.5534 + 29.105_356_70 * k - 0.000_001_4 * t * t - 0.000_000_11 * t.powi(3))
            .to_radians();
        let mp = (201.5643 + 385.816_935_28 * k + 0.010_758_2 * t * t + 0.000_012_38 * t.powi(3)
            - 0.000_000_058 * t.powi(4))
        .to_radians();
        let f = (160.7108 + 390.670_502_84 * k - 0.001_611_8 * t * t - 0.000_002_27 * t.powi(3)
            + 0.000_000_011 * t.powi(4))
        .to_radians();
        let om = (124.7746 - 1.563_755_88 * k + 0.002_067_2 * t * t + 0.000_002_15 * t.powi(3))
            .to_radians();
        let terms = [
            (-0.40720, mp),
            (0.17241 * e, m),
            (0.01608, 2.0 * mp),
            (0.01039, 2.0 * f),
            (0.00739 * e, mp - m),
            (-0.00514 * e, mp + m),
            (0.00208 * e * e, 2.0 * m),
            (-0.00111, mp - 2.0 * f),
            (-0.00057, mp + 2.0 * f),
            (0.00056 * e, 2.0 * mp + m),
            (-0.00042, 3.0 * mp),
            (0.00042 * e, m + 2.0 * f),
            (0.00038 * e, m - 2.0 * f),
            (-0.00024 * e, 2.0 * mp - m),
            (-0.00017, om),
            (-0.00007, mp + 2.0 * m),
            (0.00004, 2.0 * mp - 2.0 * f),
            (0.00004, 3.0 * m),
            (0.00003, mp + m - 2.0 * f),
            (0.00003, 2.0 * mp + 2.0 * f),
            (-0.00003, mp + m + 2.0 * f),
            (0.00003, mp - m + 2.0 * f),
            (-0.00002, mp - m - 2.0 * f),
            (-0.00002, 3.0 * mp + m),
            (0.00002, 4.0 * mp),
        ];
        let planets = [
            (0.000_325, 299.77 + 0.107_408 * k - 0.009_173 * t * t),
            (0.000_165, 251.88 + 0.016_321 * k),
            (0.000_164, 251.83 + 26.651_886 * k),
            (0.000_126, 349.42 + 36.412_478 * k),
            (0.000_110, 84.66 + 18.206_239 * k),
            (0.000_062, 141.74 + 53.303_771 * k),
            (0.000_060, 207.14 + 2.453_732 * k),
            (0.000_056, 154.84 + 7.306_860 * k),
            (0.000_047, 34.52 + 27.261_239 * k),
            (0.000_042, 207.19 + 0.121_824 * k),
            (0.000_040, 291.34 + 1.844_379 * k),
            (0.000_037, 161.72 + 24.198_154 * k),
            (0.000_035, 239.56 + 25.513_099 * k),
            (0.000_023, 331.55 + 3.592_518 * k),
        ];
        let correction: f64 = terms.iter().map(|(c, x)| c * x.sin()).sum::<f64>()
            + planets
                .iter()
                .map(|(c, a)| c * a.to_radians().sin())
                .sum::<f64>();
        // Julian day number of the civil day in UTC+9 (JD 2451545 is 2000-01-01 at noon).
        let jd_korea = jde + correction - 70.0 / 86_400.0 + 9.0 / 24.0 + 0.5;
        let days = jd_korea.floor() as i64 - 2_451_545;
        date(2000, 1, 1).checked_add_days(days)
    }

    #[test]
    fn lunar_months_begin_on_the_day_of_the_new_moon_in_korea() {
        for row in &LUNAR_FEASTS {
            let day = |(m, d): (i8, i8), back: i64| {
                Date::new(row.year, m, d).ok()?.checked_add_days(-back)
            };
            // Lunar 1/1, 4/1 (7 days before 4/8) and 8/1 (14 days before 8/15).
            let firsts = [
                day(row.seollal, 0),
                day(row.buddha, 7),
                day(row.chuseok, 14),
            ];
            assert!(
                firsts.iter().all(Option::is_some),
                "{row:?}: an impossible date"
            );
            for first in firsts.into_iter().flatten() {
                let since = date(2000, 1, 6).days_until(first);
                let k = (since as f64 / 29.530_588_861).round();
                let new_moons = [k - 1.0, k, k + 1.0].map(new_moon_in_korea);
                assert!(
                    new_moons.contains(&Some(first)),
                    "{row:?}: no new moon on {first}, near {new_moons:?}"
                );
            }
        }
    }

    #[test]
    fn the_election_rule_reproduces_past_elections() {
        // (year, last day of the term, days before it, the election as held)
        let held = [
            (2007, (2008, 2, 24), 70, (12, 19)),
            (2008, (2008, 5, 29), 50, (4, 9)),
            (2010, (2010, 6, 30), 30, (6, 2)),
            (2012, (2012, 5, 29), 50, (4, 11)),
            (2012, (2013, 2, 24), 70, (12, 19)),
            (2014, (2014, 6, 30), 30, (6, 4)),
            (2016, (2016, 5, 29), 50, (4, 13)),
            (2018, (2018, 6, 30), 30, (6, 13)), // moved a week: 6/6 is 현충일
            (2020, (2020, 5, 29), 50, (4, 15)),
            (2022, (2022, 5, 9), 70, (3, 9)), // moved a week: 3/1 is the day before 3/2
            (2022, (2022, 6, 30), 30, (6, 1)),
            (2024, (2024, 5, 29), 50, (4, 10)),
        ];
        for (y, (ty, tm, td), days_before, (m, d)) in held {
            let others: Vec<Date> = year(y)
                .iter()
                .filter(|h| h.kind != HolidayKind::Election)
                .map(|h| h.date)
                .collect();
            let earliest = date(ty, tm, td).checked_add_days(-days_before);
            let computed = earliest.and_then(|e| election_day(e, &others));
            assert_eq!(
                computed,
                Some(date(y, m, d)),
                "election of {y}-{m:02}-{d:02}"
            );
        }
    }

    #[test]
    fn future_elections_are_computed() {
        let elections: Vec<(Date, &str)> = (2027..=LAST_YEAR)
            .flat_map(year)
            .filter(|h| h.kind == HolidayKind::Election)
            .map(|h| (h.date, h.name_en))
            .collect();
        let (na, local, president) = (
            "National Assembly election",
            "Local elections",
            "Presidential election",
        );
        assert_eq!(
            elections,
            [
                (date(2028, 4, 12), na),
                (date(2030, 3, 27), president),
                (date(2030, 6, 12), local), // 6/5 is the day before 현충일
                (date(2032, 4, 14), na),
                (date(2034, 5, 31), local),
                (date(2035, 3, 28), president),
                (date(2036, 4, 9), na),
                (date(2038, 6, 2), local),
                (date(2040, 3, 28), president),
                (date(2040, 4, 11), na),
                (date(2042, 6, 4), local),
                (date(2044, 4, 13), na),
                (date(2045, 3, 29), president),
                (date(2046, 6, 13), local), // 6/6 is 현충일
                (date(2048, 4, 15), na),
                (date(2050, 3, 30), president),
                (date(2050, 6, 1), local),
            ]
        );
        assert!(
            elections
                .iter()
                .all(|(d, _)| d.weekday() == Weekday::Wednesday)
        );
    }

    #[test]
    fn past_elections_and_one_offs_are_listed() {
        let listed = [
            (2000, 4, 13),
            (2002, 6, 13),
            (2002, 12, 19),
            (2004, 4, 15),
            (2006, 5, 31),
            (2007, 12, 19),
            (2008, 4, 9),
            (2010, 6, 2),
            (2012, 4, 11),
            (2012, 12, 19),
            (2014, 6, 4),
            (2016, 4, 13),
            (2017, 5, 9),
            (2018, 6, 13),
            (2020, 4, 15),
            (2022, 3, 9),
            (2022, 6, 1),
            (2024, 4, 10),
            (2025, 6, 3),
            (2026, 6, 3),
        ];
        for (y, m, d) in listed {
            assert_eq!(
                find(y, m, d).map(|h| h.kind),
                Some(HolidayKind::Election),
                "{y}-{m}-{d}"
            );
        }
        let one_offs = [
            (2002, 7, 1),
            (2015, 8, 14),
            (2016, 5, 6),
            (2017, 10, 2),
            (2020, 8, 17),
            (2023, 10, 2),
            (2024, 10, 1),
            (2025, 1, 27),
        ];
        for (y, m, d) in one_offs {
            assert_eq!(
                find(y, m, d).map(|h| h.kind),
                Some(HolidayKind::OneOff),
                "{y}-{m}-{d}"
            );
        }
        let count = |kind| {
            (FIRST_YEAR..=LAST_YEAR)
                .flat_map(year)
                .filter(|h| h.kind == kind)
                .count()
        };
        assert_eq!(count(HolidayKind::OneOff), one_offs.len());
        assert_eq!(count(HolidayKind::Election), listed.len() + 17);
    }

    #[test]
    fn serializes_with_snake_case_kinds_and_iso_dates() {
        let holiday = find(2025, 1, 27);
        let json = holiday.and_then(|h| serde_json::to_string(&h).ok());
        assert_eq!(
            json.as_deref(),
            Some(
                r#"{"date":"2025-01-27","name_ko":"임시공휴일","name_en":"Temporary holiday","kind":"one_off"}"#
            )
        );
        let kinds = [
            HolidayKind::Fixed,
            HolidayKind::Lunar,
            HolidayKind::Substitute,
            HolidayKind::Election,
            HolidayKind::OneOff,
        ]
        .map(|k| serde_json::to_string(&k).unwrap_or_default());
        assert_eq!(
            kinds,
            [
                r#""fixed""#,
                r#""lunar""#,
                r#""substitute""#,
                r#""election""#,
                r#""one_off""#
            ]
        );
    }
}
