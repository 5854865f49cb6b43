//! Bilingual text: Korean first, English second.

use serde::Serialize;

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 한국어 (the default).
    #[default]
    Ko,
    /// English.
    En,
}

impl Lang {
    /// Parses `ko` / `en` (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "ko" | "kr" | "korean" => Some(Lang::Ko),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in Korean and English. When data gives only one, both hold it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Text {
    /// Korean.
    pub ko: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from both languages.
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ko: ko.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages.
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            ko: s.clone(),
            en: s,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

const WEEKDAYS_KO: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn weekday_name(date: crate::civil::Date, lang: Lang) -> &'static str {
    let i = usize::from(date.weekday().to_monday_zero_offset().unsigned_abs());
    let names = match lang {
        Lang::Ko => &WEEKDAYS_KO,
        Lang::En => &WEEKDAYS_EN,
    };
    names.get(i).copied().unwrap_or("")
}

/// A date as people read it: `2026년 11월 23일 (월)` / `Mon 23 Nov 2026`.
pub fn format_date(date: crate::civil::Date, lang: Lang) -> String {
    let wd = weekday_name(date, lang);
    match lang {
        Lang::Ko => format!(
            "{}년 {}월 {}일 ({wd})",
            date.year(),
            date.month(),
            date.day()
        ),
        Lang::En => {
            let month = usize::try_from(date.month() - 1)
                .ok()
                .and_then(|m| MONTHS_EN.get(m))
                .copied()
                .unwrap_or("");
            format!("{wd} {} {month} {}", date.day(), date.year())
        }
    }
}

/// A local date and time as people read it: `2026년 11월 23일 (월) 14:30` /
/// `Mon 23 Nov 2026 14:30`.
pub fn format_datetime(dt: crate::civil::DateTime, lang: Lang) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(dt.date(), lang),
        dt.hour(),
        dt.minute()
    )
}

/// A Korean particle whose form depends on the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Particle {
    /// 은 / 는 (topic).
    Topic,
    /// 이 / 가 (subject).
    Subject,
    /// 을 / 를 (object).
    Object,
}

/// The form of `particle` to write after `word`: `은`, `이`, `을` after a final
/// consonant (받침), `는`, `가`, `를` after a vowel — `장애 복구는`, `DLi 8은`, `SSO를`.
/// When the sound of the last letter can't be told (a word ending in a lower-case
/// Latin letter or a symbol), both forms, as `은(는)`.
pub fn particle(word: &str, particle: Particle) -> &'static str {
    let (consonant, vowel, both) = match particle {
        Particle::Topic => ("은", "는", "은(는)"),
        Particle::Subject => ("이", "가", "이(가)"),
        Particle::Object => ("을", "를", "을(를)"),
    };
    match word
        .trim_end()
        .chars()
        .next_back()
        .and_then(final_consonant)
    {
        Some(true) => consonant,
        Some(false) => vowel,
        None => both,
    }
}

/// Whether `c`, read aloud in Korean, ends in a consonant; `None` when unknown.
fn final_consonant(c: char) -> Option<bool> {
    match c {
        // A Hangul syllable: its final-consonant index is (code − 가) mod 28.
        '가'..='힣' => Some((u32::from(c) - u32::from('가')) % 28 != 0),
        // 영, 일, 삼, 육, 칠, 팔 end in a consonant; 이, 사, 오, 구 do not.
        '0' | '1' | '3' | '6' | '7' | '8' => Some(true),
        '2' | '4' | '5' | '9' => Some(false),
        // Capitals are read as letters: 엘, 엠, 엔, 알 end in a consonant.
        'L' | 'M' | 'N' | 'R' => Some(true),
        'A'..='Z' => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::{date, datetime};

    #[test]
    fn korean_particles_follow_the_last_sound() {
        assert_eq!(particle("장애 복구", Particle::Topic), "는");
        assert_eq!(particle("통계 레포트 추가", Particle::Subject), "가");
        assert_eq!(particle("강변분관", Particle::Object), "을");
        assert_eq!(particle("정기 방문 점검", Particle::Topic), "은");
        assert_eq!(particle("DLi 8", Particle::Topic), "은");
        assert_eq!(particle("DLi 25", Particle::Topic), "는");
        assert_eq!(particle("SSO", Particle::Object), "를");
        assert_eq!(particle("TAM", Particle::Subject), "이");
        assert_eq!(particle("DLi", Particle::Topic), "은(는)");
        assert_eq!(particle("", Particle::Subject), "이(가)");
    }

    #[test]
    fn formats_dates_and_times_in_both_languages() {
        let table = [
            (
                datetime(2026, 11, 23, 14, 30, 0, 0),
                "2026년 11월 23일 (월) 14:30",
                "Mon 23 Nov 2026 14:30",
            ),
            (
                datetime(2026, 11, 20, 22, 30, 0, 0),
                "2026년 11월 20일 (금) 22:30",
                "Fri 20 Nov 2026 22:30",
            ),
            (
                datetime(2027, 1, 3, 9, 5, 0, 0),
                "2027년 1월 3일 (일) 09:05",
                "Sun 3 Jan 2027 09:05",
            ),
        ];
        for (dt, ko, en) in table {
            assert_eq!(format_datetime(dt, Lang::Ko), ko);
            assert_eq!(format_datetime(dt, Lang::En), en);
        }
        assert_eq!(format_date(date(2027, 3, 1), Lang::En), "Mon 1 Mar 2027");
    }
}
