//! Cells as clerks type them, parsed into typed values.
//!
//! A cell arrives as [`Raw`] (whatever the spreadsheet stored) and leaves as a
//! [`Value`](crate::model::submission::Value) or a reason in Vietnamese. Forgiving of honest habits
//! ("1.234,5", "1,234.5", " 8,5 ", "12%", numbers stored as text, dates as text), strict about
//! meaning: words are not numbers, a blank is missing (never zero).

use chrono::{Duration, NaiveDate};

use crate::model::programme::ValueKind;
use crate::model::submission::Value;
use crate::model::vn::fold;

/// A cell as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel serial date-time (days since 1899-12-30).
    DateTime(f64),
    /// A formula error such as `#DIV/0!`.
    Error(String),
    /// A formula saved without its computed value.
    Uncomputed(String),
    /// A number in a cell formatted as a percentage: stored 0,12, shown "12%".
    Percent(f64),
}

impl Raw {
    pub fn is_empty(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text (for free-text columns).
    pub fn text(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.trim().to_string(),
            Raw::Number(x) => crate::model::vn::number(*x, 6),
            Raw::Bool(b) => if *b { "Có" } else { "Không" }.into(),
            Raw::DateTime(x) => serial_to_date(*x)
                .map(crate::model::vn::short_date)
                .unwrap_or_default(),
            Raw::Error(e) => e.clone(),
            Raw::Uncomputed(_) => String::new(),
            Raw::Percent(x) => format!("{}%", crate::model::vn::number(hundredfold(*x), 6)),
        }
    }
}

/// `x` × 100 without the binary noise (0,07 × 100 = 7,000000000000001).
fn hundredfold(x: f64) -> f64 {
    (x * 100.0 * 1e9).round() / 1e9
}

/// A number shown with a percent sign, as the number the clerk typed and sees: a cell
/// formatted as a percentage (typed 12, stored 0,12, shown "12%") and "12 %" typed as text are
/// both 12. The one rule for both: in a rate that is the value; in any other figure ingest takes
/// the same 12 and says so in a warning naming the cell. `None` when no percent sign shows.
pub fn shown_as_percent(raw: &Raw) -> Option<Raw> {
    match raw {
        Raw::Percent(x) => Some(Raw::Number(hundredfold(*x))),
        Raw::Text(s) => s
            .trim()
            .strip_suffix('%')
            .map(str::trim_end)
            .filter(|n| !n.is_empty())
            .map(|n| Raw::Text(n.to_string())),
        _ => None,
    }
}

/// Whether a number format code shows a percent sign (not inside quotes, not escaped).
pub fn shows_percent(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.split(';').next().unwrap_or("").chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Why a cell was refused: a message for the clerk and a hint on what to type.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

fn refuse(message: String, hint: &str) -> Refusal {
    Refusal {
        message,
        hint: hint.to_string(),
    }
}

/// The first and last dates a date cell takes: the workbook's date rule and ingest both.
pub const FIRST_DATE: (i32, u32, u32) = (2020, 1, 1);
pub const LAST_DATE: (i32, u32, u32) = (2035, 12, 31);

/// The two answers of a yes/no cell, as its dropdown lists them.
pub const YES_NO: [&str; 2] = ["Có", "Không"];

/// The mark of an estimate beside a figure ("Ước tính" column): the dropdown's one answer.
pub const ESTIMATE: [&str; 1] = ["Ước"];

/// The rule of the estimate column: choose "Ước" or leave blank.
pub const ESTIMATE_RULE: CellRule = CellRule::List(&ESTIMATE);

/// Reads the estimate mark beside a figure: blank is a figure as counted; "Ước" (or "ước
/// tính", "x", "Có", a ticked box) marks an estimate; "Không" is not one. Anything else is
/// refused, the figure kept as counted.
pub fn parse_estimate(raw: &Raw) -> Result<bool, Refusal> {
    if raw.is_empty() {
        return Ok(false);
    }
    match raw {
        Raw::Bool(b) => Ok(*b),
        Raw::Text(s) => match fold(s).as_str() {
            "uoc" | "uoc tinh" | "x" | "co" | "u" => Ok(true),
            "khong" => Ok(false),
            _ => Err(refuse(
                format!("'{}' không phải dấu số ước tính", s.trim()),
                "chọn “Ước” nếu số liệu là số ước tính, để trống nếu là số thực hiện",
            )),
        },
        other => Err(refuse(
            format!("'{}' không phải dấu số ước tính", other.text()),
            "chọn “Ước” nếu số liệu là số ước tính, để trống nếu là số thực hiện",
        )),
    }
}

/// What a value cell may hold: the one definition both the workbook's in-cell data validation
/// ([`crate::intake::workbook`]) and ingest ([`check_bounds`]) follow, so that what Excel admits as the
/// clerk types is what ingest takes, with the same value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRule {
    /// A whole number within the bounds (counts: people, households).
    Whole { min: f64, max: f64 },
    /// Any number within the bounds.
    Decimal { min: f64, max: f64 },
    /// A calendar date within the bounds.
    Date { min: NaiveDate, max: NaiveDate },
    /// One of the listed answers.
    List(&'static [&'static str]),
}

impl CellRule {
    /// The rule for a value of `kind` with the element's optional bounds. Counts without an
    /// upper bound stop at the largest whole number a spreadsheet validation holds (2^31 − 1).
    pub fn of(kind: ValueKind, min: Option<f64>, max: Option<f64>) -> CellRule {
        match kind {
            ValueKind::YesNo => CellRule::List(&YES_NO),
            ValueKind::Date => CellRule::Date {
                min: ymd(FIRST_DATE),
                max: ymd(LAST_DATE),
            },
            ValueKind::Count => CellRule::Whole {
                min: min.unwrap_or(0.0),
                max: max.unwrap_or(i32::MAX as f64),
            },
            ValueKind::Amount | ValueKind::Number | ValueKind::Percent => CellRule::Decimal {
                min: min.unwrap_or(if kind == ValueKind::Number {
                    -1e12
                } else {
                    0.0
                }),
                max: max.unwrap_or(if kind == ValueKind::Percent {
                    100.0
                } else {
                    1e12
                }),
            },
        }
    }

    /// The numeric bounds, for the rules that have them.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match *self {
            CellRule::Whole { min, max } | CellRule::Decimal { min, max } => Some((min, max)),
            CellRule::Date { .. } | CellRule::List(_) => None,
        }
    }
}

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid constant date")
}

/// Whether a parsed number lies within the rule's bounds; the refusal names the element.
pub fn check_bounds(rule: &CellRule, name: &str, x: f64) -> Result<(), Refusal> {
    let Some((min, max)) = rule.bounds() else {
        return Ok(());
    };
    if (min..=max).contains(&x) {
        return Ok(());
    }
    let percent = max == 100.0 && min == 0.0 && matches!(rule, CellRule::Decimal { .. });
    let value = crate::model::vn::number(x, 4);
    // Name only the bound that is crossed: a default bound (billions) means nothing to a clerk.
    let message = if percent {
        format!("{name} = {value} nằm ngoài khoảng hợp lệ (0 – 100)")
    } else if x < 0.0 && min == 0.0 {
        format!("{name} = {value} là số âm, nằm ngoài khoảng hợp lệ (không được nhỏ hơn 0)")
    } else if x < min {
        format!(
            "{name} = {value} nằm ngoài khoảng hợp lệ (không được nhỏ hơn {})",
            crate::model::vn::number(min, 2)
        )
    } else {
        format!(
            "{name} = {value} nằm ngoài khoảng hợp lệ (không được lớn hơn {})",
            crate::model::vn::number(max, 2)
        )
    };
    Err(refuse(
        message,
        if percent {
            "tỷ lệ nhập số phần trăm từ 0 đến 100"
        } else if x < 0.0 {
            "số trong ngoặc, ví dụ (5), là cách ghi số âm của kế toán; nhập số dương nếu số liệu không âm"
        } else {
            "kiểm tra lại số liệu"
        },
    ))
}

/// Parses a cell for a data element of `kind`. `Ok(None)` is a blank: missing, not zero.
pub fn parse(raw: &Raw, kind: ValueKind) -> Result<Option<Value>, Refusal> {
    if raw.is_empty() {
        return Ok(None);
    }
    if let Raw::Error(e) = raw {
        return Err(refuse(
            format!("ô có lỗi công thức {e}"),
            "sửa công thức hoặc nhập trực tiếp giá trị",
        ));
    }
    if let Raw::Uncomputed(f) = raw {
        return Err(refuse(
            format!(
                "ô có công thức ={} nhưng chưa có kết quả tính",
                f.trim_start_matches('=')
            ),
            "mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại (hoặc nhập trực tiếp giá trị)",
        ));
    }
    match kind {
        ValueKind::YesNo => parse_yes_no(raw).map(|b| Some(Value::YesNo(b))),
        ValueKind::Date => parse_date(raw).map(|d| Some(Value::Date(d))),
        ValueKind::Count | ValueKind::Amount | ValueKind::Percent | ValueKind::Number => {
            let shown = shown_as_percent(raw);
            let raw = shown.as_ref().unwrap_or(raw);
            let x = match raw {
                Raw::Number(x) => *x,
                Raw::Text(s) => parse_number(s, kind)?,
                Raw::Bool(_) => {
                    return Err(refuse(
                        "ô chứa giá trị đúng/sai, không phải là số".into(),
                        "nhập một số",
                    ));
                }
                Raw::DateTime(_) => {
                    return Err(refuse(
                        "ô chứa ngày tháng, không phải là số".into(),
                        "định dạng ô là số (General/Number) rồi nhập lại",
                    ));
                }
                Raw::Empty | Raw::Error(_) | Raw::Uncomputed(_) | Raw::Percent(_) => {
                    unreachable!("handled above")
                }
            };
            if !x.is_finite() {
                return Err(refuse("giá trị không hợp lệ".into(), "nhập một số"));
            }
            if kind == ValueKind::Count && (x - x.round()).abs() > 1e-9 {
                return Err(refuse(
                    format!("'{}' phải là số nguyên", crate::model::vn::number(x, 6)),
                    "số người, số hộ, số đơn vị là số nguyên",
                ));
            }
            Ok(Some(Value::Number(x)))
        }
    }
}

/// Parses a number typed as text.
pub fn parse_number(s: &str, kind: ValueKind) -> Result<f64, Refusal> {
    let original = s.trim();
    let not_a_number = || {
        refuse(
            format!("'{original}' không phải là số"),
            "chỉ nhập chữ số, dấu phẩy thập phân (ví dụ 1.234,5)",
        )
    };
    let mut t: String = original
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    if t.is_empty() {
        return Err(not_a_number());
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].to_string();
    }
    // The number shown, whatever the field (see [`shown_as_percent`]).
    if let Some(rest) = t.strip_suffix('%') {
        t = rest.to_string();
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest.to_string();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.to_string();
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(not_a_number());
    }
    if !t.starts_with(|c: char| c.is_ascii_digit()) || !t.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(not_a_number());
    }
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    let normal = match (dots, commas) {
        (0, 0) => t.clone(),
        // Both: the last separator is the decimal one.
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = t.rfind('.').expect("has dot");
            let last_comma = t.rfind(',').expect("has comma");
            let (thousands, decimal) = if last_comma > last_dot {
                ('.', ',')
            } else {
                (',', '.')
            };
            if t.matches(decimal).count() > 1 || !groups_ok(&t, thousands, decimal) {
                return Err(not_a_number());
            }
            t.replace(thousands, "").replace(decimal, ".")
        }
        (d, 0) => {
            // "1.234.567" or "1.234" (Vietnamese thousands) or "8.5" (decimal point).
            let after = t.rsplit('.').next().unwrap_or("");
            if d > 1 || (after.len() == 3 && kind == ValueKind::Count) {
                if !groups_ok(&t, '.', ',') {
                    return Err(not_a_number());
                }
                t.replace('.', "")
            } else if after.len() == 3 && !t.starts_with("0.") && kind != ValueKind::Percent {
                // "1.234" reads as one thousand two hundred and thirty-four in Vietnamese.
                t.replace('.', "")
            } else {
                t.clone()
            }
        }
        (0, c) => {
            let after = t.rsplit(',').next().unwrap_or("");
            if c > 1 || (after.len() == 3 && kind == ValueKind::Count) {
                if !groups_ok(&t, ',', '.') {
                    return Err(not_a_number());
                }
                t.replace(',', "")
            } else {
                // The decimal comma: "1,5", "8,25".
                t.replace(',', ".")
            }
        }
        _ => unreachable!("covered"),
    };
    let x: f64 = normal.parse().map_err(|_| not_a_number())?;
    Ok(if negative { -x } else { x })
}

/// Thousands groups are 3 digits long after the first.
fn groups_ok(t: &str, thousands: char, decimal: char) -> bool {
    let int = t.split(decimal).next().unwrap_or("");
    let mut groups = int.split(thousands);
    let first = groups.next().unwrap_or("");
    !first.is_empty() && first.len() <= 3 && groups.all(|g| g.len() == 3)
}

fn parse_yes_no(raw: &Raw) -> Result<bool, Refusal> {
    let bad = |s: String| {
        refuse(
            format!("'{s}' không phải là Có/Không"),
            "chọn Có hoặc Không trong danh sách",
        )
    };
    match raw {
        Raw::Bool(b) => Ok(*b),
        Raw::Number(x) if *x == 1.0 => Ok(true),
        Raw::Number(x) if *x == 0.0 => Ok(false),
        Raw::Text(s) => match fold(s).as_str() {
            "co" | "x" | "yes" | "y" | "1" | "true" | "dat" | "da co" => Ok(true),
            "khong" | "k" | "no" | "n" | "0" | "false" | "chua" | "chua co" => Ok(false),
            _ => Err(bad(s.trim().to_string())),
        },
        other => Err(bad(other.text())),
    }
}

fn parse_date(raw: &Raw) -> Result<NaiveDate, Refusal> {
    let date = parse_any_date(raw)?;
    let (first, last) = (ymd(FIRST_DATE), ymd(LAST_DATE));
    if date < first || date > last {
        return Err(refuse(
            format!(
                "ngày {} nằm ngoài khoảng hợp lệ ({} – {})",
                crate::model::vn::short_date(date),
                crate::model::vn::short_date(first),
                crate::model::vn::short_date(last)
            ),
            "kiểm tra lại năm của ngày đã nhập",
        ));
    }
    Ok(date)
}

fn parse_any_date(raw: &Raw) -> Result<NaiveDate, Refusal> {
    let bad = |s: String| {
        refuse(
            format!("'{s}' không phải là ngày hợp lệ"),
            "nhập ngày dạng ngày/tháng/năm, ví dụ 15/6/2026",
        )
    };
    match raw {
        Raw::DateTime(x) => serial_to_date(*x).ok_or_else(|| bad(x.to_string())),
        Raw::Number(x) if (20000.0..80000.0).contains(x) => {
            serial_to_date(*x).ok_or_else(|| bad(x.to_string()))
        }
        Raw::Text(s) => parse_date_text(s).ok_or_else(|| bad(s.trim().to_string())),
        other => Err(bad(other.text())),
    }
}

/// "15/6/2026", "15-06-2026", "15.6.2026", "2026-06-15", "ngày 15 tháng 6 năm 2026".
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let f = fold(s);
    let digits: Vec<&str> = f
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    if digits.len() != 3 {
        return None;
    }
    let n: Vec<u32> = digits.iter().filter_map(|d| d.parse().ok()).collect();
    if n.len() != 3 {
        return None;
    }
    let (d, m, y) = if digits[0].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        (n[0], n[1], n[2])
    };
    let y = if y < 100 { 2000 + y } else { y };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// An Excel serial (1900 system) to a date.
pub fn serial_to_date(x: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&x) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(Duration::days(x.floor() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn num(s: &str, kind: ValueKind) -> Result<f64, Refusal> {
        parse_number(s, kind)
    }

    #[test]
    fn numbers_as_clerks_type_them() {
        use ValueKind::*;
        let cases = [
            ("1.234,5", Amount, 1234.5),
            ("1,234.5", Amount, 1234.5),
            ("12%", Percent, 12.0),
            (" 8,5 ", Percent, 8.5),
            ("8.5", Percent, 8.5),
            ("1.234", Count, 1234.0),
            ("1.234", Amount, 1234.0),
            ("1.234.567", Amount, 1234567.0),
            ("1,5", Amount, 1.5),
            ("12,345", Count, 12345.0),
            ("1 234", Count, 1234.0),
            ("'42", Count, 42.0),
            ("-3,5", Number, -3.5),
            ("(5)", Number, -5.0),
            ("0.123", Amount, 0.123),
        ];
        for (s, kind, want) in cases {
            assert_eq!(num(s, kind).unwrap(), want, "{s}");
        }
    }

    #[test]
    fn words_are_not_numbers() {
        let e = num("mười hai", ValueKind::Count).unwrap_err();
        assert_eq!(e.message, "'mười hai' không phải là số");
        for bad in [
            "12 người",
            "1..2",
            "1,2,3,4.5.6",
            ",5",
            "5.",
            "abc",
            "1.23.4",
            "%",
        ] {
            assert!(num(bad, ValueKind::Amount).is_err(), "{bad}");
        }
    }

    /// One rule for a percent sign: "12 %" typed as text and 0,12 in a cell formatted as
    /// percent (shown "12%") are both the 12 the clerk typed, in a rate and in a count alike
    /// (ingest warns when the field is not a rate).
    #[test]
    fn a_percent_sign_typed_or_formatted_reads_as_the_number_shown() {
        for kind in [ValueKind::Percent, ValueKind::Count, ValueKind::Amount] {
            for raw in [
                Raw::Text("12 %".into()),
                Raw::Text("12%".into()),
                Raw::Percent(0.12),
            ] {
                assert_eq!(
                    parse(&raw, kind).unwrap(),
                    Some(Value::Number(12.0)),
                    "{raw:?} {kind:?}"
                );
            }
        }
        assert_eq!(
            parse(&Raw::Percent(0.856), ValueKind::Percent).unwrap(),
            Some(Value::Number(85.6))
        );
        assert_eq!(Raw::Percent(0.07).text(), "7%");
        assert_eq!(shown_as_percent(&Raw::Number(0.12)), None);
        assert!(parse(&Raw::Percent(0.125), ValueKind::Count).is_err());
    }

    /// "(5)" is the accountants' −5: a count refuses it as a negative number, naming only the
    /// bound crossed (never a default bound of billions).
    #[test]
    fn an_accounting_negative_is_named_as_negative() {
        let rule = CellRule::of(ValueKind::Count, None, None);
        let x = parse_number("(5)", ValueKind::Count).unwrap();
        let e = check_bounds(&rule, "Số hộ", x).unwrap_err();
        assert_eq!(
            e.message,
            "Số hộ = -5 là số âm, nằm ngoài khoảng hợp lệ (không được nhỏ hơn 0)"
        );
        assert!(e.hint.contains("(5)"));
        let e = check_bounds(&rule, "Số hộ", 3e9).unwrap_err();
        assert!(e.message.len() < 120, "{}", e.message);
    }

    #[test]
    fn blanks_are_missing_and_errors_are_named() {
        assert_eq!(parse(&Raw::Empty, ValueKind::Count), Ok(None));
        assert_eq!(parse(&Raw::Text("  ".into()), ValueKind::Count), Ok(None));
        let e = parse(&Raw::Error("#DIV/0!".into()), ValueKind::Amount).unwrap_err();
        assert!(e.message.contains("#DIV/0!"));
        let e = parse(&Raw::Number(2.5), ValueKind::Count).unwrap_err();
        assert!(e.message.contains("số nguyên"));
    }

    #[test]
    fn yes_no_and_dates() {
        for y in ["Có", "có", "CO", "x", "1"] {
            assert_eq!(
                parse(&Raw::Text(y.into()), ValueKind::YesNo),
                Ok(Some(Value::YesNo(true)))
            );
        }
        assert_eq!(
            parse(&Raw::Text("Không".into()), ValueKind::YesNo),
            Ok(Some(Value::YesNo(false)))
        );
        assert!(parse(&Raw::Text("có lẽ".into()), ValueKind::YesNo).is_err());
        let d = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        for s in [
            "15/6/2026",
            "15-06-2026",
            "2026-06-15",
            "15.6.2026",
            "ngày 15 tháng 6 năm 2026",
        ] {
            assert_eq!(
                parse(&Raw::Text(s.into()), ValueKind::Date),
                Ok(Some(Value::Date(d))),
                "{s}"
            );
        }
        assert_eq!(
            parse(&Raw::DateTime(46188.0), ValueKind::Date),
            Ok(Some(Value::Date(d)))
        );
        assert!(parse(&Raw::Text("31/2/2026".into()), ValueKind::Date).is_err());
    }

    proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panic(s in "\\PC{0,24}") {
            for kind in [ValueKind::Count, ValueKind::Amount, ValueKind::Percent, ValueKind::YesNo, ValueKind::Date] {
                let _ = parse(&Raw::Text(s.clone()), kind);
            }
        }

        #[test]
        fn vietnamese_formatting_round_trips(x in -1.0e9f64..1.0e9) {
            let x = (x * 100.0).round() / 100.0;
            let text = crate::model::vn::number(x, 2);
            let back = parse_number(&text, ValueKind::Amount).unwrap();
            // "1.234" (three decimals never occur with 2-decimal formatting) is unambiguous.
            prop_assert!((back - x).abs() < 1e-6, "{} -> {} -> {}", x, text, back);
        }

        #[test]
        fn whole_counts_round_trip_in_both_conventions(n in 0u64..10_000_000_000) {
            let vn = crate::model::vn::number(n as f64, 0);
            prop_assert_eq!(parse_number(&vn, ValueKind::Count).unwrap(), n as f64);
            let en = vn.replace('.', ",");
            prop_assert_eq!(parse_number(&en, ValueKind::Count).unwrap(), n as f64);
        }
    }
}
