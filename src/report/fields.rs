//! Results by field: one sentence per target and per task, and the units' highlights.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::model::programme::{Programme, Task};
use crate::report::consolidate::{Consolidated, TaskResult, TaskState};

use super::sentences::{Setting, lower_first, target_sentence};
use super::synthesis::{self, Said};

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
pub fn fields(p: &Programme, c: &Consolidated, setting: &Setting) -> Vec<FieldSection> {
    let highlights = highlights(p, c);
    let counts = wording_counts(c);
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
                        sentence: target_sentence(p, t, r, setting),
                    })
                })
                .collect();
            let tasks = p
                .tasks
                .iter()
                .filter(|t| t.field == f.code)
                .filter_map(|t| {
                    let r = c.tasks.iter().find(|r| r.code == t.code)?;
                    task_line(p, t, r, &counts)
                })
                .collect();
            FieldSection {
                code: f.code.clone(),
                name: f.name.clone(),
                number: i + 1,
                targets,
                tasks,
                highlights: highlights.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// How many times each (folded) wording occurs among the tasks' results and coordinators'
/// notes: a wording written for many tasks ("Triển khai thường xuyên theo kế hoạch") says
/// nothing about any one of them and stays in the appendix.
pub fn wording_counts(c: &Consolidated) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for r in &c.tasks {
        let lead = r.lead_report.iter().map(|x| x.result.as_str());
        let notes = r.coordinator_notes.iter().map(|(_, n)| n.as_str());
        for w in lead.chain(notes).filter(|w| !w.trim().is_empty()) {
            *counts.entry(fold(w)).or_insert(0) += 1;
        }
    }
    counts
}

fn fold(s: &str) -> String {
    s.trim().trim_end_matches('.').to_lowercase()
}

/// One sentence on a task, in the committee's voice: what was done (the product, which
/// states the document and its date), by whom, and what the lead unit and the coordinating
/// units reported when it is particular to this task. None for a task nobody leads or reported
/// on: that belongs in the office's working file, not in the official text.
fn task_line(
    p: &Programme,
    t: &Task,
    r: &TaskResult,
    counts: &BTreeMap<String, usize>,
) -> Option<TaskLine> {
    let lead = p.unit_ref_name(t.lead.as_deref()?);
    let state = match r.state {
        TaskState::Done => "đã hoàn thành",
        TaskState::DoneLate => "đã hoàn thành nhưng chậm so với thời hạn",
        TaskState::InProgress => "đang triển khai",
        TaskState::Ongoing => "được thực hiện thường xuyên",
        TaskState::NotStarted => "chưa triển khai",
        TaskState::Overdue => "đã quá thời hạn nhưng chưa hoàn thành",
        TaskState::NotReported => return None,
    };
    let mut s = format!("{} ({lead} chủ trì): {state}", t.title);
    let particular = |w: &str| !w.trim().is_empty() && counts.get(&fold(w)).copied() == Some(1);
    if let Some(rep) = &r.lead_report {
        if !rep.product.trim().is_empty() {
            s.push_str(&format!(" ({})", rep.product.trim().trim_end_matches('.')));
        }
        if particular(&rep.result) {
            s.push_str(&format!(
                "; {}",
                lower_first(rep.result.trim().trim_end_matches('.'))
            ));
        }
    }
    // Coordinating units that said something particular, named together when alike.
    let mut notes: Vec<(&str, Vec<String>)> = Vec::new();
    for (u, note) in r.coordinator_notes.iter().filter(|(_, n)| particular(n)) {
        let note = note.trim().trim_end_matches('.');
        match notes.iter_mut().find(|(n, _)| *n == note) {
            Some((_, units)) => units.push(p.unit_name(u).to_string()),
            None => notes.push((note, vec![p.unit_name(u).to_string()])),
        }
    }
    for (note, units) in notes {
        s.push_str(&format!(
            "; {} phối hợp: {}",
            synthesis::join_names(&units),
            lower_first(note)
        ));
    }
    s.push('.');
    Some(TaskLine {
        code: t.code.clone(),
        title: t.title.clone(),
        sentence: s,
    })
}

/// Names of the units that lead a field's targets or tasks.
fn leads(p: &Programme, field: &str) -> Vec<String> {
    let codes: Vec<&str> = p
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
    p.reporting_units()
        .filter(|u| codes.contains(&u.code.as_str()))
        .map(|u| u.name.clone())
        .collect()
}

/// The units' highlights as facts of the ward, each stated once: under the first field (in
/// report order) that one of the units saying it leads.
fn highlights(p: &Programme, c: &Consolidated) -> Vec<Vec<Said>> {
    let all = synthesis::statements(p, c, |n| &n.highlights);
    let said = synthesis::synthesise(p, &all, false, usize::MAX);
    let leads: Vec<Vec<String>> = p.fields.iter().map(|f| leads(p, &f.code)).collect();
    let mut out: Vec<Vec<Said>> = vec![Vec::new(); p.fields.len()];
    for s in said {
        let home = leads
            .iter()
            .position(|l| s.units.iter().any(|u| l.contains(u)))
            .unwrap_or(0);
        if let Some(slot) = out.get_mut(home)
            && slot.len() < synthesis::MAX_STATEMENTS
        {
            slot.push(s);
        }
    }
    out
}
