//! Sentences and cells that state a figure: every number formatted the Vietnamese way once.

use chrono::{Datelike, NaiveDate};

use crate::model::evaluate::{Evaluation, Status};
use crate::model::plans::Plan;
use crate::model::programme::{Cmp, EPS, Horizon, Pace, Programme, Shape, Target};
use crate::model::vn;
use crate::report::consolidate::TargetResult;

/// Nouns of a measure that counts things: whole numbers, stated as "có 74 doanh nghiệp".
const COUNTED: [&str; 8] = [
    "người",
    "hộ",
    "tổ chức",
    "doanh nghiệp",
    "trường",
    "cơ sở",
    "tuyến",
    "đảng viên",
];

/// A measure that counts things ("doanh nghiệp"), not an amount per thing ("triệu
/// đồng/người/năm").
pub(crate) fn is_count(measure: &str) -> bool {
    let m = measure.trim();
    !m.contains('/') && COUNTED.contains(&m)
}

/// Decimals to print for a measure.
pub(crate) fn decimals(measure: &str) -> usize {
    if is_count(measure) { 0 } else { 1 }
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

/// What the official text says of a figure that breaks a validation rule: no unit, no rule.
pub(crate) const BREACH_NOTE: &str = " (số liệu chưa hợp lệ, đang được kiểm tra lại)";

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
    /// Months of the year the value covers (a bar per year is prorated to them).
    pub months: u32,
    /// A review: the sentence ends with the forecast to the end of the term.
    pub review: bool,
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
    let judged = match e.met_early {
        // Met before its year: say so, and that it is to be kept up.
        Some(year) => format!(
            "đã {} mức chỉ tiêu Nghị quyết ({goal}), tiếp tục duy trì {}",
            if e.status == Status::Vuot {
                "vượt"
            } else {
                "đạt"
            },
            if t.horizon == Horizon::Term {
                "đến cuối nhiệm kỳ".to_string()
            } else {
                format!("đến năm {year}")
            }
        ),
        None => format!("{standing} ({goal})"),
    };
    let body = match (&t.shape, e.value) {
        (Shape::Deadline { .. }, _) => match r.current.date {
            Some(d) => format!(
                "{}: đã hoàn thành ngày {}, {judged}",
                t.name,
                vn::short_date(d)
            ),
            None => format!("{}: chưa hoàn thành, {judged}", t.name),
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
                format!("{}: đã đạt ({before}), {judged}", t.name)
            } else if e.status == Status::ChuaDenHan {
                // Not reached yet, but not due either: the body says what the appendix says.
                format!("{}: chưa đạt ({before}), {judged}", t.name)
            } else {
                format!("{}: chưa đạt ({before}); Nghị quyết đề ra {goal}", t.name)
            }
        }
        (_, None) => format!("{}: chưa đủ số liệu để đánh giá", t.name),
        (Shape::Growth { .. }, Some(v)) => {
            let level = element_name(p, t).unwrap_or(&t.name);
            let mut out = level_clause(level, v, window_measure(p, t, s.full_year), t, r, s);
            let span = s.year - s.baseline;
            if let Some(g) = e.growth_so_far.filter(|_| s.full_year && span >= 2) {
                // The years averaged are those after the baseline: 2026 and 2027 against 2025.
                // The one average the appendix and the proposals print (a target of every
                // year judges the last year's growth, which is no average).
                out.push_str(&format!(
                    "; bình quân giai đoạn {} - {} {} {}/năm so với năm {}",
                    s.baseline + 1,
                    s.year,
                    if g < 0.0 { "giảm" } else { "tăng" },
                    vn::percent(g.abs()),
                    s.baseline,
                ));
            }
            format!("{out}; {judged}")
        }
        (Shape::Multiple { base_year, .. }, Some(v)) => {
            let level = element_name(p, t).unwrap_or(&t.name);
            let mut out = level_clause(level, v, window_measure(p, t, s.full_year), t, r, s);
            if let Some(b) = r.annual.get(base_year).filter(|b| b.abs() > EPS) {
                out.push_str(&format!(
                    ", bằng {} lần năm {base_year}",
                    vn::number(v / b, 2)
                ));
            }
            format!("{out}; {judged}")
        }
        (_, Some(v)) => {
            let out = level_clause(&t.name, v, window_measure(p, t, s.full_year), t, r, s);
            format!("{out}; {judged}")
        }
    };
    let mut out = body;
    if e.value.is_some() && !r.current.missing.is_empty() {
        out.push_str(&format!(
            " (chưa bao gồm số liệu của {} đơn vị)",
            r.current.missing.len()
        ));
    }
    // Which unit's figure breaks which rule is the office's business (the working file); the
    // official text says only that the figure is being checked.
    if !r.breaches.is_empty() {
        out.push_str(BREACH_NOTE);
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
    r: &TargetResult,
    s: &Setting,
) -> String {
    let lowers = lowers(t);
    let mut out = if is_count(measure) {
        count_clause(subject, v, measure, r.current.estimate, &s.when)
    } else {
        let verb = match (r.current.estimate, lowers) {
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
        format!("{subject}{when} {verb} {}", with_measure(v, measure))
    };
    if let Some(plan) = &r.plan {
        out.push_str(&plan_phrase(v, plan, measure, lowers));
    }
    out.push_str(", ");
    out.push_str(&printed_change(v, r, measure, &s.against));
    out
}

/// A target whose value should go down ("dưới 1,5%", "không quá …"): "còn", not "đạt".
pub(crate) fn lowers(t: &Target) -> bool {
    matches!(t.shape, Shape::AtMost { .. } | Shape::LessThan { .. })
}

/// A count is had, not reached: "Số doanh nghiệp đang hoạt động trên địa bàn" with 74 reads
/// "Có 74 doanh nghiệp đang hoạt động trên địa bàn" ("Ước có …", "Năm 2027 có …").
fn count_clause(subject: &str, v: f64, measure: &str, estimate: bool, when: &str) -> String {
    let verb = if estimate { "ước có" } else { "có" };
    let lead = if when.is_empty() {
        upper_first(verb)
    } else {
        format!("{} {verb}", upper_first(when))
    };
    let n = vn::number(v, 0);
    let things = subject
        .strip_prefix("Số ")
        .filter(|rest| rest.starts_with(measure.trim()));
    match things {
        Some(rest) => format!("{lead} {n} {rest}"),
        None => format!(
            "{subject}{}: {verb} {n} {}",
            if when.is_empty() {
                String::new()
            } else {
                format!(" {when}")
            },
            measure.trim()
        ),
    }
}

/// Below this earlier count a change is told in things, not in percent: from 1 to 3 is "tăng
/// 2 tổ chức", never "tăng 200%".
const SMALL_COUNT: f64 = 20.0;

/// The change against the same period (or the previous year), worked out from the figures as
/// printed, so that a reader who divides or subtracts the two printed figures finds the same
/// change. A count changes by a number of things below [`SMALL_COUNT`], "gấp n lần" when it
/// at least doubled, in percent otherwise.
fn printed_change(v: f64, r: &TargetResult, measure: &str, against: &str) -> String {
    let change = r.evaluation.change;
    // A count has a change from none too ("tăng 1 tổ chức"); a percentage has none from zero.
    let Some(prev) = r
        .previous
        .value
        .filter(|_| change.is_some() || is_count(measure))
    else {
        return change_phrase(change, against);
    };
    let scale = 10f64.powi(decimals(measure) as i32);
    let (now, before) = ((v * scale).round() / scale, (prev * scale).round() / scale);
    if is_count(measure) {
        let diff = now - before;
        if diff.abs() < 0.5 {
            return format!("bằng {against}");
        }
        let verb = if diff > 0.0 { "tăng" } else { "giảm" };
        if before < SMALL_COUNT {
            return format!(
                "{verb} {} {} so với {against}",
                vn::number(diff.abs(), 0),
                measure.trim()
            );
        }
        if now >= 2.0 * before {
            return format!("gấp {} lần {against}", vn::number(now / before, 1));
        }
    }
    let points = change.is_some_and(|c| c.points);
    let recomputed = if points {
        Some(crate::model::evaluate::Change {
            value: now - before,
            points,
        })
    } else if before.abs() > EPS {
        Some(crate::model::evaluate::Change {
            value: (now - before) / before.abs() * 100.0,
            points,
        })
    } else {
        change
    };
    change_phrase(recomputed, against)
}

/// The value against the year's plan: an amount or a count as a share of it (", đạt 104,3%
/// dự toán năm"), a rate against the plan's rate (", đạt kế hoạch năm (95,0%)"): a share of a
/// percentage means nothing to a reader.
pub(crate) fn plan_phrase(v: f64, plan: &Plan, measure: &str, lowers: bool) -> String {
    let word = plan.kind.word();
    if measure.trim_start().starts_with('%') {
        let met = if lowers {
            v <= plan.value + EPS
        } else {
            v + EPS >= plan.value
        };
        let verb = if met { "đạt" } else { "chưa đạt" };
        format!(
            ", {verb} {word} năm ({})",
            with_measure(plan.value, measure)
        )
    } else if plan.value.abs() > EPS {
        // From the value as printed: 4,48 printed 4,5 against 12 is 37,5%, as a reader finds.
        let scale = 10f64.powi(decimals(measure) as i32);
        let printed = (v * scale).round() / scale;
        let verb = if lowers { "bằng" } else { "đạt" };
        format!(
            ", {verb} {} {word} năm",
            vn::percent(printed / plan.value * 100.0)
        )
    } else {
        String::new()
    }
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

#[cfg(test)]
mod plan_tests {
    use super::{Setting, target_sentence};
    use crate::model::period::Period;
    use crate::model::plans::{Plan, PlanKind};
    use crate::model::programme::Programme;
    use crate::model::submission::{Content, Figure, Latest, Value};
    use crate::report::consolidate::{Inputs, consolidate};

    /// One unit's figure for a period, typed by hand.
    fn put(inputs: &mut Inputs, period: Period, unit: &str, element: &str, x: f64) {
        let subs = inputs.by_period.entry(period).or_default();
        if !subs.iter().any(|s| s.unit == unit) {
            subs.push(Latest {
                unit: unit.into(),
                period: period.to_string(),
                version: 1,
                received: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                report_date: None,
                file_name: format!("{unit}.xlsx"),
                content: Content::default(),
                errors: 0,
                warnings: 0,
            });
        }
        let s = subs.iter_mut().find(|s| s.unit == unit).unwrap();
        s.content.figures.push(Figure {
            element: element.into(),
            value: Value::Number(x),
            note: String::new(),
            estimate: false,
        });
    }

    fn annual(year: i32) -> Setting {
        Setting {
            against: "cùng kỳ".into(),
            full_year: true,
            year,
            baseline: 2025,
            months: 12,
            ..Setting::default()
        }
    }

    fn sentence(p: &Programme, inputs: &Inputs, code: &str, period: Period) -> String {
        let c = consolidate(p, period, period.window(&p.periods).deadline, inputs);
        let t = p.targets.iter().find(|t| t.code == code).unwrap();
        target_sentence(p, t, c.target(code).unwrap(), &annual(2026))
    }

    fn plan(year: i32, target: Option<&str>, element: Option<&str>, value: f64) -> Plan {
        Plan {
            year,
            target: target.map(str::to_string),
            element: element.map(str::to_string),
            value,
            kind: PlanKind::KeHoach,
            source: String::new(),
        }
    }

    #[test]
    fn the_average_growth_of_an_every_year_target_is_the_average_from_the_baseline() {
        // Text line 335-336: income "tăng hằng năm 12%". 62 → 69 → 77 (triệu đồng): 2027 over
        // 2026 is 77/69 − 1 = 11,59% (printed 11,6%), the average since 2025 is
        // (77/62)^(1/2) − 1 = 11,44% (printed 11,4%), as the appendix and proposals print.
        let p = Programme::load(std::path::Path::new("seeds")).unwrap();
        let mut inputs = Inputs::default();
        for (year, x) in [(2025, 62.0), (2026, 69.0), (2027, 77.0)] {
            put(
                &mut inputs,
                Period::Year { year },
                "PKT",
                "thu_nhap_binh_quan",
                x,
            );
        }
        let period = Period::Year { year: 2027 };
        let c = consolidate(&p, period, period.window(&p.periods).deadline, &inputs);
        let t = p.targets.iter().find(|t| t.code == "CT-KT-06").unwrap();
        let s = target_sentence(&p, t, c.target("CT-KT-06").unwrap(), &annual(2027));
        assert!(
            s.contains("bình quân giai đoạn 2026 - 2027 tăng 11,4%/năm so với năm 2025"),
            "{s}"
        );
    }

    /// Revenue (PKT) of 2025 and 2026, with 2026's budget estimate of 19.280 triệu đồng.
    fn revenue(estimate: bool) -> (Programme, Inputs) {
        let mut p = Programme::load(std::path::Path::new("seeds")).unwrap();
        let mut x = plan(2026, None, Some("thu_ngan_sach"), 19_280.0);
        x.kind = PlanKind::DuToan;
        p.plans.plan = vec![x];
        let mut inputs = Inputs::default();
        for (year, x) in [(2025, 17_875.0), (2026, 20_110.0)] {
            put(
                &mut inputs,
                Period::Year { year },
                "PKT",
                "thu_ngan_sach",
                x,
            );
        }
        for s in inputs
            .by_period
            .get_mut(&Period::Year { year: 2026 })
            .unwrap()
        {
            s.content.figures[0].estimate = estimate;
        }
        (p, inputs)
    }

    /// Health insurance (CT-KT-11): `insured` of 5.000 inhabitants per year, spread evenly over
    /// the units that report both figures.
    fn insurance(p: &Programme, insured: &[(i32, f64)]) -> Inputs {
        let t = p.targets.iter().find(|t| t.code == "CT-KT-11").unwrap();
        let crate::model::programme::Indicator::Ratio {
            numerator,
            denominator,
            ..
        } = t.indicator.clone()
        else {
            panic!("CT-KT-11 is a ratio")
        };
        let units: Vec<String> = p
            .reporting_units()
            .filter(|u| p.element(&numerator).is_some_and(|e| p.reports(u, e)))
            .map(|u| u.code.clone())
            .collect();
        let n = units.len() as f64;
        let mut inputs = Inputs::default();
        for &(year, x) in insured {
            for u in &units {
                put(&mut inputs, Period::Year { year }, u, &numerator, x / n);
                put(
                    &mut inputs,
                    Period::Year { year },
                    u,
                    &denominator,
                    5_000.0 / n,
                );
            }
        }
        inputs
    }

    #[test]
    fn revenue_is_stated_against_the_years_budget_estimate() {
        // Lines 318-319: "thu ngân sách nhà nước trên địa bàn tăng bình quân trên 08%/năm".
        // 2025: 17.875, 2026: 20.110 triệu đồng: 20.110 / 17.875 = 1,12503 → tăng 12,5%, more
        // than 0,5% above 8% → vượt. Dự toán 2026: 19.280; 20.110 / 19.280 = 1,04305 → 104,3%.
        let (p, inputs) = revenue(false);
        assert_eq!(
            sentence(&p, &inputs, "CT-KT-01", Period::Year { year: 2026 }),
            "Thu ngân sách nhà nước trên địa bàn đạt 20.110 triệu đồng, đạt 104,3% dự toán năm, \
             tăng 12,5% so với cùng kỳ; vượt chỉ tiêu Nghị quyết (tăng bình quân trên 8%/năm)."
        );
    }

    #[test]
    fn a_rate_is_stated_as_meeting_or_missing_its_plan_never_as_a_share_of_it() {
        // Line 349: "tỷ lệ dân số tham gia bảo hiểm y tế đạt 100%". 2026: 4.700 of 5.000
        // inhabitants insured = 94,0%; plan 93,5% → đạt kế hoạch năm; plan 95% → chưa đạt.
        let mut p = Programme::load(std::path::Path::new("seeds")).unwrap();
        let inputs = insurance(&p, &[(2026, 4_700.0)]);
        p.plans.plan = vec![plan(2026, Some("CT-KT-11"), None, 93.5)];
        let met = sentence(&p, &inputs, "CT-KT-11", Period::Year { year: 2026 });
        assert!(met.contains("94%, đạt kế hoạch năm (93,5%)"), "{met}");
        p.plans.plan = vec![plan(2026, Some("CT-KT-11"), None, 95.0)];
        let missed = sentence(&p, &inputs, "CT-KT-11", Period::Year { year: 2026 });
        assert!(
            missed.contains("94%, chưa đạt kế hoạch năm (95%)"),
            "{missed}"
        );
    }

    #[test]
    fn an_estimated_figure_is_said_to_be_an_estimate() {
        // The same figures as above, the economy office marking 2026's revenue "Ước".
        let (p, inputs) = revenue(true);
        assert_eq!(
            sentence(&p, &inputs, "CT-KT-01", Period::Year { year: 2026 }),
            "Thu ngân sách nhà nước trên địa bàn ước đạt 20.110 triệu đồng, đạt 104,3% dự toán \
             năm, tăng 12,5% so với cùng kỳ; vượt chỉ tiêu Nghị quyết (tăng bình quân trên 8%/năm)."
        );
    }

    fn enterprises(before: f64, now: f64) -> String {
        let mut p = Programme::load(std::path::Path::new("seeds")).unwrap();
        p.plans.plan.clear();
        let mut inputs = Inputs::default();
        put(
            &mut inputs,
            Period::Year { year: 2025 },
            "PKT",
            "so_doanh_nghiep",
            before,
        );
        put(
            &mut inputs,
            Period::Year { year: 2026 },
            "PKT",
            "so_doanh_nghiep",
            now,
        );
        sentence(&p, &inputs, "CT-KT-05", Period::Year { year: 2026 })
    }

    #[test]
    fn a_count_is_had_and_changes_by_things_when_it_was_small() {
        // Lines 331-333: "Đến năm 2030 số doanh nghiệp … tăng từ 2 - 2,5 lần so với năm 2025".
        // 60 → 74: 14 / 60 = 23,3%; 74 / 60 = 1,233 → "bằng 1,23 lần năm 2025".
        let s = enterprises(60.0, 74.0);
        assert!(
            s.starts_with(
                "Có 74 doanh nghiệp đang hoạt động trên địa bàn, tăng 23,3% so với cùng kỳ, \
                 bằng 1,23 lần năm 2025;"
            ),
            "{s}"
        );
        // 1 → 3: a percentage (200%) would overstate; the change is 2 enterprises.
        let s = enterprises(1.0, 3.0);
        assert!(
            s.starts_with(
                "Có 3 doanh nghiệp đang hoạt động trên địa bàn, tăng 2 doanh nghiệp so với cùng \
                 kỳ, bằng 3 lần năm 2025;"
            ),
            "{s}"
        );
        // 30 → 75: at least doubled from a base of 20 or more: "gấp 2,5 lần".
        let s = enterprises(30.0, 75.0);
        assert!(s.contains(", gấp 2,5 lần cùng kỳ,"), "{s}");
        assert!(!s.contains("đạt 75"), "{s}");
    }

    #[test]
    fn a_rates_change_is_in_points_between_the_printed_rates() {
        // Line 349 (health insurance). 2025: 4.648 / 5.000 = 92,96% printed 93%; 2026:
        // 4.702 / 5.000 = 94,04% printed 94%: the text says "tăng 1 điểm phần trăm" (94 − 93),
        // not the 1,08 of the unrounded rates.
        let mut p = Programme::load(std::path::Path::new("seeds")).unwrap();
        p.plans.plan.clear();
        let inputs = insurance(&p, &[(2025, 4_648.0), (2026, 4_702.0)]);
        let s = sentence(&p, &inputs, "CT-KT-11", Period::Year { year: 2026 });
        assert!(
            s.contains("đạt 94%, tăng 1 điểm phần trăm so với cùng kỳ"),
            "{s}"
        );
    }

    #[test]
    fn without_a_plan_the_sentence_says_nothing_of_one() {
        let (mut p, inputs) = revenue(false);
        p.plans.plan.clear();
        let s = sentence(&p, &inputs, "CT-KT-01", Period::Year { year: 2026 });
        assert!(!s.contains("kế hoạch") && !s.contains("dự toán"), "{s}");
    }
}
