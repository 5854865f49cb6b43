//! Solar dates of the three lunar feasts, 2000–2050, per the Korean (KASI) lunar calendar.
//!
//! Generated, not written by hand: each row was produced at development time with the
//! PyPI package `korean_lunar_calendar` 0.4.0 (which encodes the Korea Astronomy and
//! Space Science Institute tables) as
//! `KoreanLunarCalendar().setLunarDate(year, month, day, False)` for lunar 1/1, 4/8
//! and 8/15 of the regular (non-leap) month, reading back the solar month and day.
//! The Korean calendar differs from the Chinese one in some years (e.g. 설날 2027 is
//! 2027-02-07 in Korea, 2027-02-06 in China); do not regenerate from a Chinese table.

/// The solar (month, day) of lunar 1/1 (설날), 4/8 (부처님오신날) and 8/15 (추석) in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LunarYear {
    /// The solar year.
    pub(super) year: i16,
    /// Lunar 1/1.
    pub(super) seollal: (i8, i8),
    /// Lunar 4/8.
    pub(super) buddha: (i8, i8),
    /// Lunar 8/15.
    pub(super) chuseok: (i8, i8),
}

const fn row(year: i16, sm: i8, sd: i8, bm: i8, bd: i8, cm: i8, cd: i8) -> LunarYear {
    LunarYear {
        year,
        seollal: (sm, sd),
        buddha: (bm, bd),
        chuseok: (cm, cd),
    }
}

/// One row per year, 2000 through 2050, in order.
#[rustfmt::skip]
pub(super) const LUNAR_FEASTS: [LunarYear; 51] = [
    row(2000, 2, 5, 5, 11, 9, 12),
    row(2001, 1, 24, 5, 1, 10, 1),
    row(2002, 2, 12, 5, 19, 9, 21),
    row(2003, 2, 1, 5, 8, 9, 11),
    row(2004, 1, 22, 5, 26, 9, 28),
    row(2005, 2, 9, 5, 15, 9, 18),
    row(2006, 1, 29, 5, 5, 10, 6),
    row(2007, 2, 18, 5, 24, 9, 25),
    row(2008, 2, 7, 5, 12, 9, 14),
    row(2009, 1, 26, 5, 2, 10, 3),
    row(2010, 2, 14, 5, 21, 9, 22),
    row(2011, 2, 3, 5, 10, 9, 12),
    row(2012, 1, 23, 5, 28, 9, 30),
    row(2013, 2, 10, 5, 17, 9, 19),
    row(2014, 1, 31, 5, 6, 9, 8),
    row(2015, 2, 19, 5, 25, 9, 27),
    row(2016, 2, 8, 5, 14, 9, 15),
    row(2017, 1, 28, 5, 3, 10, 4),
    row(2018, 2, 16, 5, 22, 9, 24),
    row(2019, 2, 5, 5, 12, 9, 13),
    row(2020, 1, 25, 4, 30, 10, 1),
    row(2021, 2, 12, 5, 19, 9, 21),
    row(2022, 2, 1, 5, 8, 9, 10),
    row(2023, 1, 22, 5, 27, 9, 29),
    row(2024, 2, 10, 5, 15, 9, 17),
    row(2025, 1, 29, 5, 5, 10, 6),
    row(2026, 2, 17, 5, 24, 9, 25),
    row(2027, 2, 7, 5, 13, 9, 15),
    row(2028, 1, 27, 5, 2, 10, 3),
    row(2029, 2, 13, 5, 20, 9, 22),
    row(2030, 2, 3, 5, 9, 9, 12),
    row(2031, 1, 23, 5, 28, 10, 1),
    row(2032, 2, 11, 5, 16, 9, 19),
    row(2033, 1, 31, 5, 6, 9, 8),
    row(2034, 2, 19, 5, 25, 9, 27),
    row(2035, 2, 8, 5, 15, 9, 16),
    row(2036, 1, 28, 5, 3, 10, 4),
    row(2037, 2, 15, 5, 22, 9, 24),
    row(2038, 2, 4, 5, 11, 9, 13),
    row(2039, 1, 24, 4, 30, 10, 2),
    row(2040, 2, 12, 5, 18, 9, 21),
    row(2041, 2, 1, 5, 7, 9, 10),
    row(2042, 1, 22, 5, 26, 9, 28),
    row(2043, 2, 10, 5, 16, 9, 17),
    row(2044, 1, 30, 5, 5, 10, 5),
    row(2045, 2, 17, 5, 24, 9, 25),
    row(2046, 2, 6, 5, 13, 9, 15),
    row(2047, 1, 26, 5, 2, 10, 4),
    row(2048, 2, 14, 5, 20, 9, 22),
    row(2049, 2, 2, 5, 9, 9, 11),
    row(2050, 1, 23, 5, 28, 9, 30),
];
