//! Sentences and cells that state a figure: every number formatted the Vietnamese way once.

use chrono::{Datelike, NaiveDate};

use crate::model::evaluate::{Evaluation, Status};
use crate::model::programme::{Cmp, EPS, Horizon, Pace, Programme, Shape, Target};
use crate::model::vn;
use crate::report::consolidate::TargetResult;

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

/// The target as the resolution states it, in words: "từ 3% trở lên hằng năm", "tăng trên
/// 8%/năm", "đến năm 2028 không còn hộ nghèo …, đến năm 2030 dưới 1,5%". Never a symbol (≥, ≤):
/// the same words serve the running text and the "Chỉ tiêu Nghị quyết" column.
pub fn goal(t: &Target) -> String {
    let amount = |x: f64| {
        let n = vn::number(x, 2);
        match t.measure.trim() {
            m if m.starts_with('%') => format!("{n}%"),
            "" => n,
            m => format!("{n} {m}"),
        }
    };
    let bound = |kind: Cmp, x: f64| match kind {
        Cmp::AtLeast if t.measure.trim() == "%" && (x - 100.0).abs() < EPS => amount(x),
        Cmp::AtLeast => format!("từ {} trở lên", amount(x)),
        Cmp::MoreThan => format!("trên {}", amount(x)),
        Cmp::AtMost if x.abs() < EPS => format!("không còn {}", subject(&t.name)),
        Cmp::AtMost => format!("không quá {}", amount(x)),
        Cmp::LessThan => format!("dưới {}", amount(x)),
    };
    let n = |x: f64| vn::number(x, 2);
    let core = match &t.shape {
        Shape::AtLeast { value } => bound(Cmp::AtLeast, *value),
        Shape::MoreThan { value } => bound(Cmp::MoreThan, *value),
        Shape::AtMost { value } => bound(Cmp::AtMost, *value),
        Shape::LessThan { value } => bound(Cmp::LessThan, *value),
        Shape::Range { min, max } => format!("từ {} đến {}", n(*min), amount(*max)),
        Shape::Growth {
            min,
            max,
            strict,
            pace,
        } => {
            let how = match pace {
                Pace::Average => "tăng bình quân",
                Pace::EveryYear => "tăng mỗi năm",
            };
            match max {
                Some(max) => format!("{how} từ {} đến {}%/năm", n(*min), n(*max)),
                None if *strict => format!("{how} trên {}%/năm", n(*min)),
                None => format!("{how} từ {}%/năm trở lên", n(*min)),
            }
        }
        Shape::Multiple {
            min,
            max,
            base_year,
        } => match max {
            Some(max) => format!("gấp từ {} đến {} lần năm {base_year}", n(*min), n(*max)),
            None => format!("gấp {} lần năm {base_year} trở lên", n(*min)),
        },
        Shape::Achieved => "đạt".to_string(),
        Shape::Deadline { due } => deadline_goal(*due),
    };
    let goal = match t.horizon {
        // A measure already per year ("tỷ đồng/năm", line 327) takes no "hằng năm" on top.
        Horizon::EachYear
            if !matches!(t.shape, Shape::Growth { .. }) && !t.measure.contains("/năm") =>
        {
            format!("{core} hằng năm")
        }
        // "Đến năm 2030 … tăng từ 2 - 2,5 lần so với năm 2025" (line 331-333).
        Horizon::ByYear if matches!(t.shape, Shape::Multiple { .. }) => {
            format!("đến năm {} {core}", t.year.unwrap_or(2030))
        }
        Horizon::ByYear if matches!(t.shape, Shape::Achieved) => {
            format!("đạt đến năm {}", t.year.unwrap_or(2030))
        }
        Horizon::ByYear if !matches!(t.shape, Shape::Multiple { .. }) => {
            format!("{core} đến năm {}", t.year.unwrap_or(2030))
        }
        Horizon::Term if matches!(t.shape, Shape::Achieved) => "đạt trong nhiệm kỳ".into(),
        Horizon::Term => format!("{core} trong nhiệm kỳ"),
        _ => core,
    };
    match &t.aspiration {
        Some(a) => format!("{goal}, {}", a.text),
        None => goal,
    }
}

/// A due date as the programme words it: a month's last day is "trong tháng 11/2025" (the text
/// gives the month), any other day "trước ngày 15/12/2025".
fn deadline_goal(due: NaiveDate) -> String {
    if due.succ_opt().is_some_and(|next| next.day() == 1) {
        format!("hoàn thành trong tháng {:02}/{}", due.month(), due.year())
    } else {
        format!("hoàn thành trước ngày {}", vn::short_date(due))
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

/// "đạt" → "Đạt", for a table cell.
pub(crate) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// What a rate counts: "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều" → "hộ nghèo theo chuẩn
/// nghèo đa chiều" (for "không còn …").
fn subject(name: &str) -> String {
    let rest = name.strip_prefix("Tỷ lệ ").unwrap_or(name);
    lower_first(rest)
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

/// What a target's sentence needs beyond the target and its result.
#[derive(Debug, Clone, Default)]
pub struct Setting {
    /// "năm 2027" when the value is one year's within a review; empty otherwise.
    pub when: String,
    /// The other side of the comparison: "cùng kỳ" (a period) or "năm 2026" (a review).
    pub against: String,
    /// The value is a whole year's (growth is then averaged from the baseline).
    pub full_year: bool,
    /// The year of the value, and the programme's baseline year.
    pub year: i32,
    pub baseline: i32,
    /// The office's plan (kế hoạch) for the year, in the indicator's level measure.
    pub plan: Option<f64>,
    /// Months of the year the value covers (a bar per year is prorated to them).
    pub months: u32,
    /// A review: the sentence ends with the forecast to the end of the term.
    pub review: bool,
    /// The figure is an estimate ("ước").
    pub estimate: bool,
}

/// One sentence on a target for the results section, in the committee's voice: the value
/// (with "ước" for an estimate), its share of the year's plan, its change against the same
/// period, and its standing against the resolution. Never a symbol or a "+".
pub fn target_sentence(p: &Programme, t: &Target, r: &TargetResult, s: &Setting) -> String {
    let e = &r.evaluation;
    let mut standing = standing(e.status);
    if e.schedule.is_some() {
        // A bar per year judged on part of the year: the bar is prorated.
        standing.push_str(&format!(" theo tiến độ {} tháng", s.months));
    }
    let goal = goal(t);
    let body = match (&t.shape, e.value) {
        (Shape::Deadline { .. }, _) => match r.current.date {
            Some(d) => format!(
                "{}: đã hoàn thành ngày {}, {standing} ({goal})",
                t.name,
                vn::short_date(d)
            ),
            None => format!("{}: chưa hoàn thành, {standing} ({goal})", t.name),
        },
        (Shape::Achieved, Some(v)) => {
            let now = v >= 0.5;
            let before = match r.previous.value.map(|x| x >= 0.5) {
                Some(b) if b == now => format!("như {}", s.against),
                Some(true) => format!("{} đã đạt", s.against),
                Some(false) => format!("{} chưa đạt", s.against),
                None => format!("chưa có số liệu {} để so sánh", s.against),
            };
            if now {
                format!("{}: đã đạt ({before}), {standing} ({goal})", t.name)
            } else if e.status == Status::ChuaDenHan {
                // Not reached yet, but not due either: the body says what the appendix says.
                format!("{}: chưa đạt ({before}), {standing} ({goal})", t.name)
            } else {
                format!("{}: chưa đạt ({before}); Nghị quyết đề ra {goal}", t.name)
            }
        }
        (_, None) => format!("{}: chưa đủ số liệu để đánh giá", t.name),
        (Shape::Growth { .. }, Some(v)) => {
            let level = element_name(p, t).unwrap_or(&t.name);
            let mut out = level_clause(level, v, window_measure(p, t, s.full_year), t, e, s);
            let span = s.year - s.baseline;
            if let Some(g) = e.growth.filter(|_| s.full_year && span >= 2) {
                out.push_str(&format!(
                    "; tốc độ {} bình quân giai đoạn {} - {} là {}/năm",
                    if g < 0.0 { "giảm" } else { "tăng" },
                    s.baseline,
                    s.year,
                    vn::percent(g.abs())
                ));
            }
            format!("{out}; {standing} ({goal})")
        }
        (Shape::Multiple { base_year, .. }, Some(v)) => {
            let level = element_name(p, t).unwrap_or(&t.name);
            let mut out = level_clause(level, v, window_measure(p, t, s.full_year), t, e, s);
            if let Some(b) = r.annual.get(base_year).filter(|b| b.abs() > EPS) {
                out.push_str(&format!(
                    ", bằng {} lần năm {base_year}",
                    vn::number(v / b, 2)
                ));
            }
            format!("{out}; {standing} ({goal})")
        }
        (_, Some(v)) => {
            let out = level_clause(&t.name, v, window_measure(p, t, s.full_year), t, e, s);
            format!("{out}; {standing} ({goal})")
        }
    };
    let mut out = body;
    if e.value.is_some() && !r.current.missing.is_empty() {
        out.push_str(&format!(
            " (chưa bao gồm số liệu của {} đơn vị chưa báo cáo)",
            r.current.missing.len()
        ));
    }
    if let Some(why) = breach_text(p, r) {
        out.push_str(&format!(
            " (số liệu chưa hợp lệ, cần đơn vị kiểm tra lại: {why})"
        ));
    }
    if let Some(v) = e.verdict.filter(|_| s.review) {
        out.push_str(&format!(
            "; dự báo đến năm {}: {}",
            p.info.term_end,
            v.label().to_lowercase()
        ));
    }
    out.push('.');
    out
}

/// "Thu ngân sách nhà nước trên địa bàn năm 2027 ước đạt 20.110 triệu đồng, đạt 104,2% kế
/// hoạch năm, tăng 8,7% so với cùng kỳ".
fn level_clause(
    subject: &str,
    v: f64,
    measure: &str,
    t: &Target,
    e: &Evaluation,
    s: &Setting,
) -> String {
    let lowers = matches!(t.shape, Shape::AtMost { .. } | Shape::LessThan { .. });
    let verb = match (s.estimate, lowers) {
        (true, true) => "ước còn",
        (true, false) => "ước đạt",
        (false, true) => "còn",
        (false, false) => "đạt",
    };
    let when = if s.when.is_empty() {
        String::new()
    } else {
        format!(" {}", s.when)
    };
    let mut out = format!("{subject}{when} {verb} {}", with_measure(v, measure));
    if let Some(plan) = s.plan.filter(|x| x.abs() > EPS) {
        out.push_str(&format!(
            ", bằng {} kế hoạch năm",
            vn::percent(v / plan * 100.0)
        ));
    }
    out.push_str(", ");
    out.push_str(&change_phrase(e.change, &s.against));
    out
}

/// "tăng 1,2 điểm phần trăm so với cùng kỳ", "giảm 3,5% so với năm 2026", "bằng cùng kỳ".
pub fn change_phrase(change: Option<crate::model::evaluate::Change>, against: &str) -> String {
    match change {
        None => format!("chưa có số liệu {against} để so sánh"),
        Some(c) if c.value.abs() < 0.05 => format!("bằng {against}"),
        Some(c) => format!(
            "{} {}{} so với {against}",
            if c.value > 0.0 { "tăng" } else { "giảm" },
            vn::number(c.value.abs(), 1),
            if c.points {
                " điểm phần trăm"
            } else {
                "%"
            }
        ),
    }
}

/// The target's standing against the resolution, in words.
fn standing(status: Status) -> String {
    match status {
        Status::Vuot => "vượt chỉ tiêu Nghị quyết".into(),
        Status::Dat => "đạt chỉ tiêu Nghị quyết".into(),
        Status::ChuaDat => "chưa đạt chỉ tiêu Nghị quyết".into(),
        Status::ChuaCoSoLieu => "chưa đủ số liệu để đánh giá".into(),
        Status::DungHan => "đúng thời hạn Nghị quyết đề ra".into(),
        Status::QuaHan => "quá thời hạn Nghị quyết đề ra".into(),
        Status::ChuaDenHan => "chưa đến thời hạn Nghị quyết đề ra".into(),
        Status::DungLoTrinh => "đang trong lộ trình đạt chỉ tiêu Nghị quyết".into(),
        Status::ChamLoTrinh => "chậm so với lộ trình đạt chỉ tiêu Nghị quyết".into(),
    }
}

/// The name of the figure a growth or multiple target is built on.
fn element_name<'a>(p: &'a Programme, t: &Target) -> Option<&'a str> {
    t.indicator
        .elements()
        .first()
        .and_then(|e| p.element(e))
        .map(|e| e.name.split(" (").next().unwrap_or(&e.name))
}

#[cfg(test)]
mod horizon_tests {
    use super::goal;
    use crate::model::programme::Programme;

    #[test]
    fn the_goal_column_keeps_the_texts_horizon_words() {
        let p = Programme::load(std::path::Path::new("seeds")).unwrap();
        let of = |code: &str| goal(p.targets.iter().find(|t| t.code == code).unwrap());
        // Line 331-333: "Đến năm 2030 số doanh nghiệp … tăng từ 2 - 2,5 lần so với năm 2025".
        assert_eq!(of("CT-KT-05"), "đến năm 2030 gấp từ 2 đến 2,5 lần năm 2025");
        // Line 327: "đạt từ 10 - 15 (tỷ đồng/ năm)": already per year, no "hằng năm" on top.
        assert!(!of("CT-KT-04a").contains("hằng năm"), "{}", of("CT-KT-04a"));
    }
}
