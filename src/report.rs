//! Report data: a consolidated period turned into what a template prints, and the document
//! assembled from the template's output and the issuer's frame.
//!
//! Sentences that depend on figures are composed here (so templates stay readable and every
//! number is formatted the Vietnamese way once); templates decide the outline and the prose.

use chrono::NaiveDate;
use serde::Serialize;

use crate::consolidate::{Consolidated, TaskState, Timeliness};
use crate::document::{self, Document, Frame, Meta, Signature};
use crate::evaluate::{Bucket, Evaluation, Status};
use crate::markup::{TemplateError, Templates};
use crate::period::Period;
use crate::profile::{Profile, ProfileKind};
use crate::programme::{Horizon, Pace, Programme, Shape, Target};
use crate::vn;

/// Options the office gives when drafting.
#[derive(Debug, Clone)]
pub struct Options {
    pub profile: ProfileKind,
    /// None: left open for the records clerk.
    pub number: Option<u32>,
    /// The report date (data cut and the date printed unless `open_date`).
    pub date: NaiveDate,
    pub open_date: bool,
    pub draft: bool,
}

/// The template that drafts a period's report.
pub fn template_for(period: Period) -> &'static str {
    match period {
        Period::Year { .. } => "bao-cao-nam",
        Period::MidTerm => "so-ket-giua-nhiem-ky",
        Period::EndTerm => "tong-ket-nhiem-ky",
        _ => "bao-cao-dinh-ky",
    }
}

#[derive(Debug, Serialize)]
pub struct Context {
    pub kind: &'static str,
    pub period: PeriodInfo,
    pub programme: ProgrammeInfo,
    pub issuer: String,
    /// The issuer as running text: "Đảng ủy phường Nam Đồng".
    pub issuer_text: String,
    pub report_date: String,
    /// The last whole year a review covers.
    pub last_year: i32,
    /// Whole years of the term behind a review.
    pub term_years_done: i32,
    pub review: bool,
    pub annual: bool,
    pub summary: Summary,
    pub fields: Vec<FieldSection>,
    /// Collected narrative by theme, attributed to units.
    pub limitations: Vec<Said>,
    pub causes_objective: Vec<Said>,
    pub causes_subjective: Vec<Said>,
    pub lessons: Vec<Said>,
    pub proposals: Vec<Said>,
    pub next_steps: Vec<Said>,
    pub years: Vec<i32>,
    pub half_year_label: String,
    pub target_rows: Vec<TargetRow>,
    pub task_groups: Vec<TaskGroup>,
    pub unit_rows: Vec<UnitRow>,
}

#[derive(Debug, Serialize)]
pub struct PeriodInfo {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub start: String,
    pub end: String,
    pub deadline: String,
    pub next: String,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeInfo {
    pub title: String,
    pub short_title: String,
    pub term: String,
    pub term_start: i32,
    pub term_end: i32,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub units_expected: usize,
    pub units_received: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub late_names: String,
    pub missing_names: String,
    pub with_errors: usize,
    pub targets_total: usize,
    pub vuot: usize,
    pub dat: usize,
    pub met: usize,
    pub chua_dat: usize,
    /// Before their year, on track (or, for yes/no and deadlines, not yet due).
    pub on_track: usize,
    /// Before their year, behind the trajectory.
    pub behind: usize,
    /// Chưa đạt, chậm so với lộ trình or quá hạn: "w chỉ tiêu khó đạt".
    pub hard: usize,
    pub no_data: usize,
    pub deadline_met: usize,
    pub deadline_overdue: usize,
    pub forecast_met: usize,
    pub forecast_total: usize,
    pub tasks_total: usize,
    pub tasks_done: usize,
    pub tasks_overdue: usize,
    pub tasks_in_progress: usize,
    pub tasks_not_reported: usize,
}

#[derive(Debug, Serialize)]
pub struct FieldSection {
    pub code: String,
    pub name: String,
    pub number: usize,
    pub targets: Vec<TargetLine>,
    pub tasks: Vec<TaskLine>,
    pub highlights: Vec<Said>,
}

#[derive(Debug, Serialize)]
pub struct TargetLine {
    pub code: String,
    pub sentence: String,
}

#[derive(Debug, Serialize)]
pub struct TaskLine {
    pub code: String,
    pub title: String,
    pub sentence: String,
}

/// Something a unit wrote, attributed.
#[derive(Debug, Clone, Serialize)]
pub struct Said {
    pub unit: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct TargetRow {
    pub stt: String,
    pub code: String,
    pub name: String,
    pub measure: String,
    pub goal: String,
    pub value: String,
    pub previous: String,
    pub compare: String,
    pub status: String,
    pub years: Vec<String>,
    pub half_year: String,
    pub growth: String,
    pub forecast: String,
    pub verdict: String,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct TaskGroup {
    pub lead: String,
    pub rows: Vec<TaskRow>,
}

#[derive(Debug, Serialize)]
pub struct TaskRow {
    pub stt: usize,
    pub code: String,
    pub title: String,
    pub reference: String,
    pub deadline: String,
    pub state: String,
    pub overdue: bool,
    pub result: String,
}

#[derive(Debug, Serialize)]
pub struct UnitRow {
    pub stt: usize,
    pub name: String,
    pub state: String,
    pub received: String,
    pub versions: String,
    pub findings: String,
}

/// Decimals to print for a measure.
fn decimals(measure: &str) -> usize {
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
fn window_measure<'a>(p: &'a Programme, t: &'a Target, full_year: bool) -> &'a str {
    let m = level_measure(p, t);
    if full_year || !t.basis.accumulates() {
        m
    } else {
        m.trim_end().trim_end_matches("/năm")
    }
}

/// The unit of the indicator's value: a growth or multiple target is stated in %/năm or
/// "lần" but its value is the level of the underlying figure (triệu đồng, doanh nghiệp).
fn level_measure<'a>(p: &'a Programme, t: &'a Target) -> &'a str {
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
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A value in a table cell: a number, or Đạt / Chưa for a yes/no target.
fn level_text(t: &Target, v: f64, decimals: usize) -> String {
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
        Shape::Deadline { due } => format!("Hoàn thành trước {}", vn::short_date(*due)),
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

fn value_text(
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

fn compare_text(e: &Evaluation) -> String {
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

fn names(p: &Programme, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| p.unit_name(c).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One sentence on a target for the results section.
fn target_sentence(
    p: &Programme,
    t: &Target,
    r: &crate::consolidate::TargetResult,
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
                if !full_year {
                    s.push_str(" so với cùng kỳ");
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

/// Builds the template context.
pub fn context(p: &Programme, c: &Consolidated, opts: &Options) -> Context {
    let period = c.period;
    let review = period.is_review();
    let full_year = period.is_full_year() || review;
    let window = period.window(&p.periods);
    let next = match period {
        Period::HalfYear { year } => format!("6 tháng cuối năm {year}"),
        Period::Year { year } => format!("năm {}", year + 1),
        Period::MidTerm | Period::EndTerm => format!(
            "những năm còn lại của nhiệm kỳ {} - {}",
            p.info.term_start, p.info.term_end
        ),
        other => format!("kỳ tiếp theo sau {}", other.name(&p.periods)),
    };
    let unit_names = |t: Timeliness| {
        c.units
            .iter()
            .filter(|u| u.timeliness == t)
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let count_status = |s: Status| {
        c.targets
            .iter()
            .filter(|t| t.evaluation.status == s)
            .count()
    };
    let count_bucket = |b: Bucket| {
        c.targets
            .iter()
            .filter(|t| t.evaluation.status.bucket() == b)
            .count()
    };
    let forecast_total = c
        .targets
        .iter()
        .filter(|t| t.evaluation.verdict.is_some())
        .count();
    let summary = Summary {
        units_expected: c.units.len(),
        units_received: c
            .units
            .iter()
            .filter(|u| u.timeliness != Timeliness::Missing)
            .count(),
        on_time: c.count(Timeliness::OnTime),
        late: c.count(Timeliness::Late),
        missing: c.count(Timeliness::Missing),
        late_names: unit_names(Timeliness::Late),
        missing_names: unit_names(Timeliness::Missing),
        with_errors: c.units.iter().filter(|u| u.errors > 0).count(),
        targets_total: c.targets.len(),
        vuot: count_status(Status::Vuot),
        dat: count_status(Status::Dat),
        met: c
            .targets
            .iter()
            .filter(|t| t.evaluation.status.is_met())
            .count(),
        chua_dat: count_status(Status::ChuaDat),
        on_track: count_bucket(Bucket::OnTrack),
        behind: count_status(Status::ChamLoTrinh),
        hard: count_bucket(Bucket::Behind),
        no_data: count_status(Status::ChuaCoSoLieu),
        deadline_met: count_status(Status::DungHan),
        deadline_overdue: count_status(Status::QuaHan),
        forecast_met: c
            .targets
            .iter()
            .filter(|t| t.evaluation.verdict == Some(crate::evaluate::Verdict::CoKhaNangDat))
            .count(),
        forecast_total,
        tasks_total: c.tasks.len(),
        tasks_done: c
            .tasks
            .iter()
            .filter(|t| matches!(t.state, TaskState::Done | TaskState::DoneLate))
            .count(),
        tasks_overdue: c
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::Overdue)
            .count(),
        tasks_in_progress: c
            .tasks
            .iter()
            .filter(|t| matches!(t.state, TaskState::InProgress | TaskState::Ongoing))
            .count(),
        tasks_not_reported: c
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::NotReported)
            .count(),
    };

    let fields = p
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let targets = p
                .targets
                .iter()
                .filter(|t| t.field == f.code)
                .filter_map(|t| {
                    c.target(&t.code).map(|r| TargetLine {
                        code: t.code.clone(),
                        sentence: target_sentence(p, t, r, review, full_year),
                    })
                })
                .collect();
            let tasks = p
                .tasks
                .iter()
                .filter(|t| t.field == f.code)
                .filter_map(|t| {
                    let r = c.tasks.iter().find(|r| r.code == t.code)?;
                    let lead = t
                        .lead
                        .as_deref()
                        .map(|l| p.unit_ref_name(l))
                        .unwrap_or_else(|| "Chưa phân công đơn vị chủ trì".into());
                    let mut s =
                        format!("{} ({}): {}", t.title, lead, r.state.label().to_lowercase());
                    if let Some(rep) = &r.lead_report
                        && !rep.result.is_empty()
                    {
                        s.push_str(&format!(" — {}", rep.result.trim_end_matches('.')));
                    }
                    if let Some(rep) = &r.lead_report
                        && !rep.product.is_empty()
                    {
                        s.push_str(&format!(
                            " (sản phẩm: {})",
                            rep.product.trim_end_matches('.')
                        ));
                    }
                    // Coordinating units that said the same thing are named together.
                    let mut notes: Vec<(&str, Vec<&str>)> = Vec::new();
                    for (u, note) in &r.coordinator_notes {
                        let note = note.trim_end_matches('.');
                        match notes.iter_mut().find(|(n, _)| *n == note) {
                            Some((_, units)) => units.push(p.unit_name(u)),
                            None => notes.push((note, vec![p.unit_name(u)])),
                        }
                    }
                    for (note, units) in notes {
                        s.push_str(&format!(
                            "; phối hợp ({}): {}",
                            units.join(", "),
                            lower_first(note)
                        ));
                    }
                    s.push('.');
                    Some(TaskLine {
                        code: t.code.clone(),
                        title: t.title.clone(),
                        sentence: s,
                    })
                })
                .collect();
            // Highlights of the units that lead this field's targets or tasks.
            let mut leads: Vec<&str> = p
                .targets
                .iter()
                .filter(|t| t.field == f.code)
                .map(|t| t.lead.as_str())
                .chain(
                    p.tasks
                        .iter()
                        .filter(|t| t.field == f.code)
                        .filter_map(|t| t.lead.as_deref()),
                )
                .collect();
            leads.sort();
            leads.dedup();
            let highlights = p
                .reporting_units()
                .filter(|u| leads.contains(&u.code.as_str()))
                .filter_map(|u| {
                    let n = c.narratives.iter().find(|(code, _)| *code == u.code)?;
                    (!n.1.highlights.is_empty()).then(|| Said {
                        unit: u.name.clone(),
                        text: n.1.highlights.trim_end_matches('.').to_string(),
                    })
                })
                .collect();
            FieldSection {
                code: f.code.clone(),
                name: f.name.clone(),
                number: i + 1,
                targets,
                tasks,
                highlights,
            }
        })
        .collect();

    let said = |get: fn(&crate::submission::Narrative) -> &str| -> Vec<Said> {
        c.narratives
            .iter()
            .filter(|(_, n)| !get(n).trim().is_empty())
            .map(|(u, n)| Said {
                unit: p.unit_name(u).to_string(),
                text: get(n).trim().trim_end_matches('.').to_string(),
            })
            .collect()
    };

    let last_year = if review {
        period.year(&p.periods) - 1
    } else {
        period.year(&p.periods)
    };
    let years: Vec<i32> = (p.info.baseline_year..=last_year).collect();
    let mut stt_item = String::new();
    let target_rows = p
        .targets
        .iter()
        .filter_map(|t| {
            let r = c.target(&t.code)?;
            let e = &r.evaluation;
            let stt = if t.item == stt_item {
                String::new()
            } else {
                t.item
                    .trim_matches(|c| c == '(' || c == ')' || c == '.')
                    .to_string()
            };
            stt_item = t.item.clone();
            let lm = level_measure(p, t);
            let mut notes = e.notes.clone();
            if !r.current.missing.is_empty() && e.value.is_some() {
                notes.push(format!("thiếu số liệu: {}", names(p, &r.current.missing)));
            }
            if e.value.is_none() && !r.current.missing.is_empty() {
                notes.push(format!("chưa báo cáo: {}", names(p, &r.current.missing)));
            }
            Some(TargetRow {
                stt,
                code: t.code.clone(),
                name: t.name.clone(),
                measure: t.measure.clone(),
                goal: goal(t),
                value: value_text(p, t, e, r.current.date, full_year),
                previous: r
                    .previous
                    .value
                    .map(|v| match t.shape {
                        Shape::Achieved => level_text(t, v, 0),
                        _ => with_measure(v, window_measure(p, t, full_year)),
                    })
                    .unwrap_or_else(|| "-".into()),
                compare: if matches!(t.shape, Shape::Growth { .. }) {
                    e.growth
                        .map(|g| format!("+{}", vn::percent(g)).replace("+-", "-"))
                        .unwrap_or_else(|| "-".into())
                } else {
                    compare_text(e)
                },
                status: e.status.label().to_string(),
                years: years
                    .iter()
                    .map(|y| {
                        r.annual
                            .get(y)
                            .map(|v| level_text(t, *v, decimals(lm)))
                            .unwrap_or_else(|| "-".into())
                    })
                    .collect(),
                half_year: r
                    .half_year
                    .map(|v| level_text(t, v, decimals(lm)))
                    .unwrap_or_else(|| "-".into()),
                growth: e
                    .growth_so_far
                    .filter(|_| matches!(t.shape, Shape::Growth { .. } | Shape::Multiple { .. }))
                    .map(vn::percent)
                    .unwrap_or_else(|| "-".into()),
                forecast: e
                    .projection
                    .map(|v| vn::number(v, decimals(lm)))
                    .unwrap_or_else(|| "-".into()),
                verdict: e
                    .verdict
                    .map(|v| v.label().to_string())
                    .unwrap_or_else(|| "-".into()),
                note: notes.join("; "),
            })
        })
        .collect();

    let mut task_groups: Vec<TaskGroup> = Vec::new();
    let mut stt = 0;
    for t in &p.tasks {
        let Some(r) = c.tasks.iter().find(|r| r.code == t.code) else {
            continue;
        };
        let lead = t
            .lead
            .as_deref()
            .map(|l| p.unit_ref_name(l))
            .unwrap_or_else(|| "Chưa phân công chủ trì".into());
        stt += 1;
        let row = TaskRow {
            stt,
            code: t.code.clone(),
            title: t.title.clone(),
            reference: t.reference.clone(),
            deadline: t
                .deadline
                .as_ref()
                .map(|d| d.describe())
                .unwrap_or_else(|| "-".into()),
            state: r.state.label().to_string(),
            overdue: r.state == TaskState::Overdue,
            result: r
                .lead_report
                .as_ref()
                .map(|x| x.result.clone())
                .unwrap_or_default(),
        };
        match task_groups.iter_mut().find(|g| g.lead == lead) {
            Some(g) => g.rows.push(row),
            None => task_groups.push(TaskGroup {
                lead,
                rows: vec![row],
            }),
        }
    }

    let unit_rows = c
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| UnitRow {
            stt: i + 1,
            name: u.name.clone(),
            state: match u.timeliness {
                Timeliness::Late => format!("Muộn {} ngày", u.days_late),
                t => t.label().to_string(),
            },
            received: u.received.map(vn::short_date).unwrap_or_else(|| "-".into()),
            versions: if u.version > 1 {
                format!("{} (có bản sửa)", u.version)
            } else if u.version == 1 {
                "1".into()
            } else {
                "-".into()
            },
            findings: match (u.errors, u.warnings) {
                (0, 0) => String::new(),
                (e, w) => format!("{e} lỗi, {w} cảnh báo"),
            },
        })
        .collect();

    Context {
        kind: template_for(period),
        period: PeriodInfo {
            id: period.id(),
            name: period.name(&p.periods),
            year: period.year(&p.periods),
            start: vn::short_date(window.start),
            end: vn::short_date(window.end),
            deadline: vn::short_date(window.deadline),
            next,
        },
        programme: ProgrammeInfo {
            title: p.info.title.clone(),
            short_title: p.info.short_title.clone(),
            term: format!("{} - {}", p.info.term_start, p.info.term_end),
            term_start: p.info.term_start,
            term_end: p.info.term_end,
        },
        issuer: p.issuer(opts.profile).name_lines.join(" "),
        issuer_text: document::sentence_case(&p.issuer(opts.profile).name_lines.join(" ")),
        report_date: opts.date.to_string(),
        last_year,
        term_years_done: last_year - p.info.baseline_year,
        review,
        annual: matches!(period, Period::Year { .. }),
        summary,
        fields,
        limitations: said(|n| &n.limitations),
        causes_objective: said(|n| &n.causes_objective),
        causes_subjective: said(|n| &n.causes_subjective),
        lessons: said(|n| &n.lessons),
        proposals: said(|n| &n.proposals),
        next_steps: said(|n| &n.next_steps),
        years,
        half_year_label: format!("6 tháng năm {}", period.year(&p.periods)),
        target_rows,
        task_groups,
        unit_rows,
    }
}

/// The administrative frame of a report by `opts.profile`.
pub fn frame(
    p: &Programme,
    profile: &Profile,
    opts: &Options,
    doc_type: &str,
    abbreviation: &str,
    summary: &str,
) -> Frame {
    let issuer = p.issuer(opts.profile);
    let mut recipients: Vec<String> = issuer
        .recipients
        .iter()
        .map(|r| match profile.kind() {
            ProfileKind::Dang => format!("- {r},"),
            ProfileKind::NhaNuoc => format!("- {r};"),
        })
        .collect();
    recipients.push(format!("- {}", issuer.archive));
    Frame {
        superior: issuer.superior.clone(),
        issuer_lines: issuer.name_lines.clone(),
        issuer_abbreviation: issuer.abbreviation.clone(),
        type_abbreviation: abbreviation.to_string(),
        number: opts.number,
        place: issuer.place.clone(),
        date: (!opts.open_date).then_some(opts.date),
        year: chrono::Datelike::year(&opts.date),
        doc_type: doc_type.to_string(),
        summary: summary.to_string(),
        draft: opts.draft,
        signature: Signature {
            authority: issuer.authority.clone(),
            titles: vec![issuer.signer_title.clone()],
            name: issuer.signer_name.clone(),
        },
        recipients,
    }
}

/// Drafts the report document for a consolidated period.
pub fn draft(
    p: &Programme,
    c: &Consolidated,
    templates: &Templates,
    profile: &Profile,
    opts: &Options,
) -> Result<Document, TemplateError> {
    let ctx = context(p, c, opts);
    let rendered = templates.render(template_for(c.period), &ctx)?;
    let frame = frame(
        p,
        profile,
        opts,
        &rendered.doc_type,
        &rendered.type_abbreviation,
        &rendered.summary,
    );
    let author = document::issuer_name(&frame);
    Ok(Document {
        meta: Meta {
            title: format!("{} {}", rendered.doc_type, rendered.summary),
            author,
            subject: rendered.summary.clone(),
            date: opts.date,
            language: "vi-VN".into(),
        },
        frame,
        body: rendered.body,
        appendices: rendered.appendices,
    })
}
