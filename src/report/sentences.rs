//! Sentences and cells that state a figure: every number formatted the Vietnamese way once.

use chrono::{Datelike, NaiveDate};

use crate::consolidate::TargetResult;
use crate::evaluate::Evaluation;
use crate::programme::{Horizon, Pace, Programme, Shape, Target};
use crate::vn;

/// Decimals to print for a measure.
pub(crate) fn decimals(measure: &str) -> usize {
    match measure.trim() {
        "%" | "%/năm" => 1,
        m if m.contains("người")
            || m.contains("hộ")
            || m.contains("tổ chức")
            || m.contains("doanh nghiệp")
            || m.contains("trường")
            || m.contains("cơ sở") =>
        {
            0
        }
        _ => 1,
    }
}

/// A value with its measure: "96,5%", "12.345 triệu đồng".
pub fn with_measure(x: f64, measure: &str) -> String {
    let m = measure.trim();
    let n = vn::number(x, decimals(m));
    if m.starts_with('%') {
        format!("{n}{m}")
    } else if m.is_empty() {
        n
    } else {
        format!("{n} {m}")
    }
}

/// The measure of a value of the window: a part-year amount of an accumulating indicator is
/// not a per-year amount, so "/năm" is dropped ("4,5 tỷ đồng", not "4,5 tỷ đồng/năm").
pub(crate) fn window_measure<'a>(p: &'a Programme, t: &'a Target, full_year: bool) -> &'a str {
    let m = level_measure(p, t);
    if full_year || !t.basis.accumulates() {
        m
    } else {
        m.trim_end().trim_end_matches("/năm")
    }
}

/// The unit of the indicator's value: a growth or multiple target is stated in %/năm or
/// "lần" but its value is the level of the underlying figure (triệu đồng, doanh nghiệp).
pub(crate) fn level_measure<'a>(p: &'a Programme, t: &'a Target) -> &'a str {
    if matches!(t.shape, Shape::Growth { .. } | Shape::Multiple { .. }) {
        t.indicator
            .elements()
            .first()
            .and_then(|e| p.element(e))
            .map(|e| e.measure.as_str())
            .unwrap_or("")
    } else {
        &t.measure
    }
}

/// "Tham gia góp ý" → "tham gia góp ý", for a clause inside a sentence.
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A value in a table cell: a number, or Đạt / Chưa for a yes/no target.
pub(crate) fn level_text(t: &Target, v: f64, decimals: usize) -> String {
    if matches!(t.shape, Shape::Achieved) {
        if v >= 0.5 { "Đạt" } else { "Chưa" }.to_string()
    } else {
        vn::number(v, decimals)
    }
}

/// The target as the resolution states it, for the "Chỉ tiêu Nghị quyết" column.
pub fn goal(t: &Target) -> String {
    let m = if t.measure.trim().starts_with('%') {
        "%".to_string()
    } else {
        format!(" {}", t.measure.trim())
    };
    let n = |x: f64| vn::number(x, 2);
    let core = match &t.shape {
        Shape::AtLeast { value } => format!("≥ {}{m}", n(*value)),
        Shape::MoreThan { value } => format!("> {}{m}", n(*value)),
        Shape::AtMost { value } => format!("≤ {}{m}", n(*value)),
        Shape::LessThan { value } => format!("< {}{m}", n(*value)),
        Shape::Range { min, max } => format!("{} - {}{m}", n(*min), n(*max)),
        Shape::Growth {
            min,
            max,
            strict,
            pace,
        } => {
            let how = match pace {
                Pace::Average => "Tăng bình quân",
                Pace::EveryYear => "Tăng mỗi năm",
            };
            match max {
                Some(max) => format!("{how} {} - {}%/năm", n(*min), n(*max)),
                None => format!(
                    "{how} {}{}%/năm",
                    if *strict { "> " } else { "≥ " },
                    n(*min)
                ),
            }
        }
        Shape::Multiple {
            min,
            max,
            base_year,
        } => match max {
            Some(max) => format!("Gấp {} - {} lần năm {base_year}", n(*min), n(*max)),
            None => format!("Gấp ≥ {} lần năm {base_year}", n(*min)),
        },
        Shape::Achieved => "Đạt".to_string(),
        Shape::Deadline { due } => deadline_goal(*due),
    };
    let goal = match t.horizon {
        Horizon::EachYear if !matches!(t.shape, Shape::Growth { .. }) => format!("{core} hằng năm"),
        Horizon::ByYear if !matches!(t.shape, Shape::Multiple { .. }) => {
            format!("{core} đến năm {}", t.year.unwrap_or(2030))
        }
        Horizon::Term => format!("{core} trong nhiệm kỳ"),
        _ => core,
    };
    match &t.aspiration {
        Some(a) => format!("{goal} ({})", a.text),
        None => goal,
    }
}

pub(crate) fn value_text(
    p: &Programme,
    t: &Target,
    e: &Evaluation,
    date: Option<NaiveDate>,
    full_year: bool,
) -> String {
    match (&t.shape, e.value) {
        (Shape::Deadline { .. }, _) => match date {
            Some(d) => format!("Hoàn thành {}", vn::short_date(d)),
            None => "Chưa hoàn thành".into(),
        },
        (Shape::Achieved, Some(v)) => if v >= 0.5 { "Đạt" } else { "Chưa đạt" }.into(),
        (_, Some(v)) => with_measure(v, window_measure(p, t, full_year)),
        (_, None) => "Chưa có số liệu".into(),
    }
}

pub(crate) fn compare_text(e: &Evaluation) -> String {
    match e.change {
        Some(c) if c.value.abs() < 0.05 => "bằng cùng kỳ".into(),
        Some(c) if c.points => format!(
            "{}{} điểm %",
            if c.value >= 0.0 { "+" } else { "" },
            vn::number(c.value, 1)
        ),
        Some(c) => format!(
            "{}{}%",
            if c.value >= 0.0 { "+" } else { "" },
            vn::number(c.value, 1)
        ),
        None => "-".into(),
    }
}

pub(crate) fn names(p: &Programme, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| p.unit_name(c).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A due date as the programme words it: a month's last day is "trong tháng 11/2025" (the text
/// gives the month), any other day "trước ngày 15/12/2025".
fn deadline_goal(due: NaiveDate) -> String {
    if due.succ_opt().is_some_and(|next| next.day() == 1) {
        format!("Hoàn thành trong tháng {:02}/{}", due.month(), due.year())
    } else {
        format!("Hoàn thành trước ngày {}", vn::short_date(due))
    }
}

/// Why the figures behind a target are not reliable: the rules they break, or None.
pub(crate) fn breach_text(p: &Programme, r: &TargetResult) -> Option<String> {
    (!r.breaches.is_empty()).then(|| {
        r.breaches
            .iter()
            .map(|b| b.describe(p))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// A value printed with the mark "(*)" when its figures break a validation rule.
pub(crate) fn flagged(value: String, r: &TargetResult) -> String {
    if r.breaches.is_empty() {
        value
    } else {
        format!("{value} (*)")
    }
}

/// One sentence on a target for the results section.
pub(crate) fn target_sentence(
    p: &Programme,
    t: &Target,
    r: &TargetResult,
    review: bool,
    full_year: bool,
) -> String {
    let e = &r.evaluation;
    let mut s = format!("{}: ", t.name);
    match (&t.shape, e.value) {
        (Shape::Deadline { .. }, _) => {
            s.push_str(&value_text(p, t, e, r.current.date, true).to_lowercase());
            s.push_str(&format!(" ({})", e.status.label().to_lowercase()));
        }
        (Shape::Achieved, Some(v)) => {
            s.push_str(if v >= 0.5 {
                "đã đạt"
            } else {
                "chưa đạt"
            });
            s.push_str(&format!(
                " (chỉ tiêu Nghị quyết: {})",
                goal(t).to_lowercase()
            ));
        }
        (_, None) => {
            s.push_str("chưa có số liệu");
            if !r.current.missing.is_empty() {
                s.push_str(&format!(
                    " (chưa báo cáo: {})",
                    names(p, &r.current.missing)
                ));
            }
        }
        (_, Some(_)) => {
            if review {
                s.push_str(&format!(
                    "năm {} đạt {}",
                    r.annual.keys().next_back().copied().unwrap_or(0),
                    value_text(p, t, e, None, true)
                ));
            } else {
                s.push_str(&format!("đạt {}", value_text(p, t, e, None, full_year)));
            }
            if let Some(g) = e.growth.filter(|_| matches!(t.shape, Shape::Growth { .. })) {
                let base = p.info.baseline_year;
                let year = r.annual.keys().next_back().copied().unwrap_or(base);
                s.push_str(&format!(", tăng {}", vn::percent(g)));
                let every_year = matches!(
                    t.shape,
                    Shape::Growth {
                        pace: Pace::EveryYear,
                        ..
                    }
                );
                if !full_year {
                    s.push_str(" so với cùng kỳ");
                } else if every_year {
                    s.push_str(&format!(" so với năm {}", year - 1));
                } else if year - base <= 1 {
                    s.push_str(&format!(" so với năm {base}"));
                } else {
                    s.push_str(&format!(" bình quân/năm giai đoạn {base} - {year}"));
                }
            } else if e.change.is_some() && !review {
                match compare_text(e).as_str() {
                    "bằng cùng kỳ" => s.push_str(", bằng cùng kỳ"),
                    c => s.push_str(&format!(", so với cùng kỳ {c}")),
                }
            }
            s.push_str(&format!("; chỉ tiêu Nghị quyết {}", goal(t).to_lowercase()));
            if let Some(schedule) = &e.schedule {
                s.push_str(&format!(", {schedule}"));
            }
            s.push_str(&format!(" — {}", e.status.label().to_lowercase()));
            if !r.current.missing.is_empty() {
                s.push_str(&format!(
                    " (số liệu chưa đủ, thiếu: {})",
                    names(p, &r.current.missing)
                ));
            }
        }
    }
    if let Some(why) = breach_text(p, r) {
        s.push_str(&format!(
            " (số liệu chưa hợp lệ, cần đơn vị kiểm tra lại: {why})"
        ));
    }
    if let Some(v) = e.verdict.filter(|_| review) {
        s.push_str(&format!(
            "; dự báo đến năm {}: {}",
            p.info.term_end,
            v.label().to_lowercase()
        ));
    }
    s.push('.');
    s
}
