//! The appendices' rows: targets (Phụ lục 1), tasks by lead unit (Phụ lục 2), units'
//! reporting (Phụ lục 3).

use serde::Serialize;

use crate::model::programme::{Programme, Shape};
use crate::model::vn;
use crate::report::consolidate::{Consolidated, TaskState, Timeliness};

use super::sentences::{
    compare_text, decimals, flagged, goal, level_measure, level_text, lowers, plan_phrase,
    upper_first, value_text, window_measure, with_measure,
};

#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub stt: String,
    /// The programme field the target belongs to (its group row).
    pub field: String,
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

/// A group row of Phụ lục 1 (a field) and its targets.
#[derive(Debug, Serialize)]
pub struct TargetGroup {
    pub label: String,
    pub rows: Vec<TargetRow>,
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

/// Phụ lục 1: one row per target, with the yearly values of a review.
pub fn target_rows(p: &Programme, c: &Consolidated, years: &[i32]) -> Vec<TargetRow> {
    let full_year = c.period.is_full_year() || c.period.is_review();
    // In field order (the order of the group rows), so the numbers run 1, 2, 3… down the table.
    let mut targets: Vec<&crate::model::programme::Target> = p.targets.iter().collect();
    targets.sort_by_key(|t| p.fields.iter().position(|f| f.code == t.field));
    targets
        .into_iter()
        .filter_map(|t| c.target(&t.code).map(|r| (t, r)))
        .enumerate()
        .map(|(i, (t, r))| {
            let e = &r.evaluation;
            let lm = level_measure(p, t);
            let mut notes = e.notes.clone();
            if !r.current.missing.is_empty() {
                notes.push(format!(
                    "chưa bao gồm số liệu của {} đơn vị",
                    r.current.missing.len()
                ));
            }
            if r.current.estimate {
                notes.push("số ước tính".into());
            }
            if let (Some(plan), Some(v)) = (&r.plan, e.value) {
                let phrase = plan_phrase(v, plan, window_measure(p, t, full_year), lowers(t));
                notes.push(phrase.trim_start_matches(", ").to_string());
            }
            if !r.breaches.is_empty() {
                notes.push("(*) số liệu chưa hợp lệ, đang được kiểm tra lại".into());
            }
            TargetRow {
                stt: (i + 1).to_string(),
                field: t.field.clone(),
                code: t.code.clone(),
                name: t.name.clone(),
                // A yes/no or deadline target has no unit of measure ("có/không" is the
                // workbook's code, not a unit).
                measure: match t.shape {
                    Shape::Achieved | Shape::Deadline { .. } => String::new(),
                    _ => window_measure(p, t, full_year).to_string(),
                },
                goal: upper_first(&goal(t)),
                value: flagged(value_text(p, t, e, r.current.date, full_year), r),
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
            }
        })
        .collect()
}

/// Phụ lục 1's rows under a group row per field, numbered 1 to the count the text gives.
pub fn target_groups(p: &Programme, rows: &[TargetRow]) -> Vec<TargetGroup> {
    p.fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let rows: Vec<TargetRow> = rows.iter().filter(|r| r.field == f.code).cloned().collect();
            (!rows.is_empty()).then(|| TargetGroup {
                label: format!("{}. {}", vn::roman(i + 1), f.name),
                rows,
            })
        })
        .collect()
}

/// Phụ lục 2: tasks grouped by their lead unit.
/// Tasks nobody is assigned to lead are the committee's own (`issuer`).
pub fn task_groups(p: &Programme, c: &Consolidated, issuer: &str) -> Vec<TaskGroup> {
    let mut task_groups: Vec<TaskGroup> = Vec::new();
    for t in &p.tasks {
        let Some(r) = c.tasks.iter().find(|r| r.code == t.code) else {
            continue;
        };
        let lead = t
            .lead
            .as_deref()
            .map(|l| p.unit_ref_name(l))
            .unwrap_or_else(|| issuer.to_string());
        let row = TaskRow {
            stt: 0,
            code: t.code.clone(),
            title: t.title.clone(),
            reference: t.reference.clone(),
            deadline: t
                .deadline
                .as_ref()
                .map(|d| d.describe())
                .unwrap_or_else(|| "-".into()),
            // The committee does not report to itself: its own tasks read by who leads them.
            state: if r.state == TaskState::NotReported && super::fields::is_committee_task(p, t) {
                "Đảng ủy trực tiếp lãnh đạo".to_string()
            } else {
                r.state.label().to_string()
            },
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
    // Numbered in the order printed, so the numbers run 1, 2, 3… down the table.
    for (i, row) in task_groups
        .iter_mut()
        .flat_map(|g| g.rows.iter_mut())
        .enumerate()
    {
        row.stt = i + 1;
    }
    task_groups
}

/// Phụ lục 3: each unit's submission.
pub fn unit_rows(c: &Consolidated) -> Vec<UnitRow> {
    c.units
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
        .collect()
}
