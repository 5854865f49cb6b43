//! The one CSV cell writer of every export (requests, the sales replay, the audit
//! trail): RFC 4180 quoting, and OWASP's rule against formula injection — a cell a
//! spreadsheet would run (one starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) is written with a leading `'`, so it is shown as the text it is. A plain
//! number (`-3`, `-1.5`) is not a formula and stays a number. A cell that itself starts
//! with `'` gets one more, so [`read`] gives back exactly what was written.
//!
//! Each is inlined where it is called, so that in the portal it is built into the chunk of
//! the page that exports (the package page, the requests' export) rather than shared
//! through its first load.

use std::borrow::Cow;

/// Whether a spreadsheet would take `s` as a formula (OWASP's CSV-injection rule, a
/// plain number excepted).
#[inline(always)]
fn runs(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(s)
}

/// Whether [`cell`] puts a `'` before `s`: a spreadsheet would run it, also once the
/// `'`s it starts with are taken off.
#[inline(always)]
fn neutralised(s: &str) -> bool {
    runs(s.trim_start_matches('\''))
}

#[inline(always)]
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// `s` as one CSV cell: neutralised when a spreadsheet would run it, quoted when it
/// holds a comma, a quote or a line break.
#[must_use]
#[inline(always)]
pub fn cell(s: &str) -> Cow<'_, str> {
    let text: Cow<'_, str> = if neutralised(s) {
        format!("'{s}").into()
    } else {
        s.into()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text
    }
}

/// One CSV line of `cells`, with its CRLF.
#[inline(always)]
pub fn line<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c.as_ref()));
    }
    out.push_str("\r\n");
}

/// A cell's text as [`cell`] wrote it, unquoted by the reader: the `'` put before a
/// formula is taken off again.
#[must_use]
#[inline(always)]
pub fn read(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if neutralised(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_shown_as_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for risky in ["+1+1", "-1+cmd", "@SUM(A1)", "\tx", "=1", "-"] {
            assert!(
                cell(risky).trim_start_matches('"').starts_with('\''),
                "{risky:?}"
            );
        }
        assert_eq!(cell("\rx"), "\"'\rx\"");
        for plain in ["-3", "-1.5", "12", "a,b", "로그인", "", "x=1"] {
            assert!(
                !cell(plain).trim_start_matches('"').starts_with('\''),
                "{plain:?}"
            );
        }
        assert_eq!(cell("a,b"), "\"a,b\"");
    }

    #[test]
    fn what_is_written_is_read_back() {
        for s in [
            "=1", "'=1", "''=1", "'''=1", "'x", "-3", "-x", "@a", "plain", "'", "\t1",
        ] {
            let written = cell(s);
            let unquoted = written
                .strip_prefix('"')
                .and_then(|w| w.strip_suffix('"'))
                .map_or_else(|| written.to_string(), |w| w.replace("\"\"", "\""));
            assert_eq!(read(&unquoted), s, "{s:?} written as {written:?}");
        }
    }

    #[test]
    fn a_line_joins_its_cells() {
        let mut out = String::new();
        line(&mut out, &["a", "=b", "c,d"]);
        assert_eq!(out, "a,'=b,\"c,d\"\r\n");
    }
}
