//! What people may write in a request's text (names, titles, details, comments, notes):
//! any character but the invisible ones that change what others are shown. Refused are
//! the control characters (C0 but tab, line feed and carriage return; DEL; C1), the
//! bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
//! which can make a title read backwards or hide part of it, and, in a one-line text
//! (a name, a title), line breaks.

use std::fmt;

/// Whether a text is one line (a name, a title) or may have many (details, comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// No line breaks.
    One,
    /// Line breaks and tabs allowed.
    Many,
}

/// A character a text may not hold, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    /// The character.
    pub ch: char,
    /// Its position, counted in characters from 1.
    pub at: usize,
}

impl Fault {
    /// What kind of character it is, in English.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self.ch {
            '\n' | '\r' => "a line break",
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a bidirectional control",
            _ => "a control character",
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "character {} is U+{:04X}, {}, which is not allowed here",
            self.at,
            u32::from(self.ch),
            self.kind()
        )
    }
}

/// Whether a text of `lines` may hold `ch`.
#[must_use]
pub fn allowed(ch: char, lines: Lines) -> bool {
    match ch {
        '\t' | '\n' | '\r' => lines == Lines::Many,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => false,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => false,
        _ => true,
    }
}

/// The first character of `s` it may not hold, if any.
#[must_use]
pub fn fault(s: &str, lines: Lines) -> Option<Fault> {
    s.chars()
        .enumerate()
        .find(|(_, ch)| !allowed(*ch, lines))
        .map(|(i, ch)| Fault { ch, at: i + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_controls_are_refused_and_their_place_named() {
        let f = fault("ab\u{202e}cd", Lines::Many);
        assert_eq!(
            f,
            Some(Fault {
                ch: '\u{202e}',
                at: 3
            })
        );
        assert_eq!(
            f.map(|f| f.to_string()).as_deref(),
            Some("character 3 is U+202E, a bidirectional control, which is not allowed here")
        );
        for bad in [
            "\u{0}",
            "x\u{7}",
            "\u{7f}",
            "\u{85}",
            "\u{2066}x",
            "\u{2069}",
        ] {
            assert!(fault(bad, Lines::Many).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn line_breaks_only_where_a_text_has_lines() {
        assert_eq!(fault("첫 줄\n둘째 줄\r\n\t들여쓰기", Lines::Many), None);
        assert_eq!(fault("제목\n", Lines::One).map(|f| f.at), Some(3));
        assert_eq!(
            fault("a\tb", Lines::One).map(|f| f.kind()),
            Some("a control character")
        );
    }

    #[test]
    fn what_people_write_passes() {
        for ok in [
            "도서관 ✓ 🙂",
            "שלום",
            "مرحبا",
            "👩\u{200d}💻",
            "a\u{200f}b",
            "É",
        ] {
            assert_eq!(fault(ok, Lines::One), None, "{ok:?}");
        }
    }
}
