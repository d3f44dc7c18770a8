//! Results by field: one sentence per target and per task, and the units' highlights.

use serde::Serialize;

use crate::consolidate::{Consolidated, TaskResult};
use crate::programme::{Programme, Task};

use super::sentences::{lower_first, target_sentence};
use super::synthesis::Said;

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

/// The results section, field by field.
pub fn fields(p: &Programme, c: &Consolidated, review: bool, full_year: bool) -> Vec<FieldSection> {
    p.fields
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
                    Some(task_line(p, t, r))
                })
                .collect();
            let highlights = highlights(p, c, &f.code);
            FieldSection {
                code: f.code.clone(),
                name: f.name.clone(),
                number: i + 1,
                targets,
                tasks,
                highlights,
            }
        })
        .collect()
}

/// One sentence on a task: state, the lead unit's result and product, coordinators' notes.
fn task_line(p: &Programme, t: &Task, r: &TaskResult) -> TaskLine {
    let lead = t
        .lead
        .as_deref()
        .map(|l| p.unit_ref_name(l))
        .unwrap_or_else(|| "Chưa phân công đơn vị chủ trì".into());
    let mut s = format!("{} ({}): {}", t.title, lead, r.state.label().to_lowercase());
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
    TaskLine {
        code: t.code.clone(),
        title: t.title.clone(),
        sentence: s,
    }
}

/// Highlights of the units that lead a field's targets or tasks.
fn highlights(p: &Programme, c: &Consolidated, field: &str) -> Vec<Said> {
    let mut leads: Vec<&str> = p
        .targets
        .iter()
        .filter(|t| t.field == field)
        .map(|t| t.lead.as_str())
        .chain(
            p.tasks
                .iter()
                .filter(|t| t.field == field)
                .filter_map(|t| t.lead.as_deref()),
        )
        .collect();
    leads.sort();
    leads.dedup();
    p.reporting_units()
        .filter(|u| leads.contains(&u.code.as_str()))
        .filter_map(|u| {
            let n = c.narratives.iter().find(|(code, _)| *code == u.code)?;
            (!n.1.highlights.is_empty()).then(|| Said {
                unit: u.name.clone(),
                text: n.1.highlights.trim_end_matches('.').to_string(),
            })
        })
        .collect()
}
