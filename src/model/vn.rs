//! Vietnamese number and date conventions for report text.
//!
//! Decimal comma and dot thousands ("1.234,5"; "8,5%"); dates "ngày 05 tháng 01 năm 2026"
//! with a leading zero only for days 1–9 and months 1–2 (admin-format.md).

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// A number with at most `decimals` decimals, trailing zeros dropped: 1234.5 → "1.234,5".
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let negative = x < 0.0 && (grouped.chars().any(|c| c != '0' && c != '.') || !frac.is_empty());
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(',');
        out.push_str(&frac);
    }
    out
}

/// A percentage with one decimal at most: 8.5 → "8,5%".
pub fn percent(x: f64) -> String {
    format!("{}%", number(x, 1))
}

/// "ngày 05 tháng 01 năm 2026" / "ngày 29 tháng 6 năm 2026".
pub fn long_date(d: NaiveDate) -> String {
    format!(
        "ngày {} tháng {} năm {}",
        day_text(d.day()),
        month_text(d.month()),
        d.year()
    )
}

/// Day as written in an official date: leading zero for 1–9.
pub fn day_text(day: u32) -> String {
    format!("{day:02}")
}

/// Month as written in an official date: leading zero for January and February only.
pub fn month_text(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// "15/12/2025", "14/6/2026", "05/01/2026": the same leading-zero rule as [`long_date`].
pub fn short_date(d: NaiveDate) -> String {
    format!(
        "{}/{}/{}",
        day_text(d.day()),
        month_text(d.month()),
        d.year()
    )
}

/// One spelling of "ủy" (the tone mark on the u, as in the format rules' "Đảng ủy", "Ủy ban")
/// whatever the source wrote ("uỷ" is in the programme's own text). "quỷ" and "khuỷu" keep
/// theirs: there the u belongs to the consonant or the rhyme goes on. Expects NFC text.
pub fn spelling(text: &str) -> String {
    const PAIRS: [(char, char, &str); 3] = [('u', 'ỷ', "ủy"), ('U', 'ỷ', "Ủy"), ('U', 'Ỷ', "ỦY")];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let replaced = PAIRS.iter().find(|(u, y, _)| {
            chars[i] == *u
                && next == Some(*y)
                && !matches!(i.checked_sub(1).map(|j| chars[j]), Some('q' | 'Q'))
                && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic())
        });
        match replaced {
            Some((_, _, with)) => {
                out.push_str(with);
                i += 2;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Keeps a figure with its sign and unit on one line: the space before "%" ("12 %", "2,5 điểm %")
/// and the space after a comparison sign before a number ("≥ 100%") become no-break spaces, in
/// both renderers, whoever wrote the text.
pub fn bind_units(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let binds = c == ' '
                && (after == Some('%')
                    || (matches!(before, Some('≥' | '≤' | '<' | '>' | '±' | '~'))
                        && after.is_some_and(|a| a.is_ascii_digit())));
            if binds { '\u{a0}' } else { c }
        })
        .collect()
}

/// Roman numerals for section and appendix numbering (1–39 is all a report needs).
pub fn roman(n: usize) -> String {
    const TABLE: [(usize, &str); 6] =
        [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"), (0, "")];
    let mut n = n;
    let mut out = String::new();
    for &(value, glyph) in &TABLE[..5] {
        while n >= value {
            out.push_str(glyph);
            n -= value;
        }
    }
    out
}

/// Case-, diacritic- and space-insensitive form of a label, for forgiving comparisons.
pub fn fold(s: &str) -> String {
    let stripped: String = s
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_bound_to_its_sign_and_unit_and_other_spaces_stay() {
        assert_eq!(
            bind_units("đạt ≥ 100%, tăng 12 %/năm, 2,5 điểm % và ≥ mức"),
            "đạt ≥\u{a0}100%, tăng 12\u{a0}%/năm, 2,5 điểm\u{a0}% và ≥ mức"
        );
    }

    #[test]
    fn numbers_use_decimal_comma_and_dot_thousands() {
        assert_eq!(number(1234.5, 1), "1.234,5");
        assert_eq!(number(1234567.0, 2), "1.234.567");
        assert_eq!(number(0.25, 2), "0,25");
        assert_eq!(number(-8.5, 1), "-8,5");
        assert_eq!(number(-0.01, 1), "0");
        assert_eq!(number(999.96, 1), "1.000");
        assert_eq!(percent(8.5), "8,5%");
        assert_eq!(percent(100.0), "100%");
    }

    #[test]
    fn dates_have_leading_zeros_only_where_the_rule_says() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2026, 1, 5)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(long_date(d(2026, 2, 15)), "ngày 15 tháng 02 năm 2026");
        assert_eq!(long_date(d(2026, 6, 29)), "ngày 29 tháng 6 năm 2026");
        assert_eq!(long_date(d(2026, 12, 9)), "ngày 09 tháng 12 năm 2026");
        assert_eq!(short_date(d(2025, 12, 5)), "05/12/2025");
        assert_eq!(short_date(d(2026, 6, 14)), "14/6/2026");
        assert_eq!(short_date(d(2027, 3, 9)), "09/3/2027");
        assert_eq!(short_date(d(2026, 1, 5)), "05/01/2026");
    }

    #[test]
    fn one_spelling_of_uy() {
        assert_eq!(spelling("Đảng uỷ, cấp uỷ"), "Đảng ủy, cấp ủy");
        assert_eq!(spelling("Uỷ ban; UỶ BAN"), "Ủy ban; ỦY BAN");
        assert_eq!(spelling("ủy ban"), "ủy ban");
        assert_eq!(spelling("ma quỷ, khuỷu tay"), "ma quỷ, khuỷu tay");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
    }
}
