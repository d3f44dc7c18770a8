//! How the programme was led and turned into plans (lãnh đạo, chỉ đạo, quán triệt, cụ thể
//! hóa): the documents issued for the tasks, by whom and when, and the tasks the committee
//! leads itself.

use serde::Serialize;

use crate::model::programme::{Programme, Task, TaskKind};
use crate::model::vn;
use crate::report::consolidate::{Consolidated, TaskResult, TaskState};

use super::fields::is_committee_task;
use super::sentences::lower_first;

#[derive(Debug, Default, Serialize)]
pub struct Leadership {
    /// "Ban Xây dựng Đảng ban hành Kế hoạch thực hiện nhiệm vụ “…” (Văn bản số 83-KH ngày …)".
    pub documents: Vec<String>,
    /// Tasks whose product is a document due by the report date.
    pub documents_due: usize,
    /// Of those, the ones issued.
    pub documents_issued: usize,
    /// Of the issued ones, those issued after their deadline: the report then does not call
    /// the work "kịp thời".
    pub documents_late: usize,
    /// The committee's own tasks, as running text ("đổi mới phương thức lãnh đạo…; …"),
    /// empty when it has none.
    pub committee_tasks: String,
}

/// The leadership part of the report, from the tasks' state.
pub fn leadership(p: &Programme, c: &Consolidated) -> Leadership {
    let results: Vec<(&Task, &TaskResult)> = p
        .tasks
        .iter()
        .filter_map(|t| Some((t, c.tasks.iter().find(|r| r.code == t.code)?)))
        .collect();
    let done = |r: &TaskResult| matches!(r.state, TaskState::Done | TaskState::DoneLate);
    let documents: Vec<String> = results
        .iter()
        .filter(|(t, r)| !is_committee_task(p, t) && done(r))
        .filter_map(|(t, r)| document(p, t, r))
        .collect();
    let due: Vec<&(&Task, &TaskResult)> = results
        .iter()
        .filter(|(t, r)| !is_committee_task(p, t) && r.due.is_some_and(|d| d <= c.as_of))
        .collect();
    Leadership {
        documents,
        documents_due: due.len(),
        documents_issued: due.iter().filter(|(_, r)| done(r)).count(),
        documents_late: due
            .iter()
            .filter(|(_, r)| r.state == TaskState::DoneLate)
            .count(),
        committee_tasks: results
            .iter()
            .filter(|(t, _)| is_committee_task(p, t))
            .map(|(t, _)| match (t.kind, t.product.as_deref()) {
                // A duty's title names the bodies; its product says what they do.
                (TaskKind::Duty, Some(product)) => {
                    lower_first(product.split(';').next().unwrap_or(product).trim())
                }
                _ => lower_first(t.title.trim()),
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// What the programme asks to be produced, as a noun: the seeds' product, up to its list of
/// subjects, and the task it serves when the product names none ("Kế hoạch thực hiện").
fn product_noun(t: &Task) -> String {
    let product = t.product.as_deref().unwrap_or("Kế hoạch thực hiện").trim();
    let head = product.split(':').next().unwrap_or(product).trim();
    let head = head.trim_end_matches(" và").trim_end_matches(',').trim();
    if head.ends_with("thực hiện") {
        format!("{head} nhiệm vụ “{}”", t.title.trim())
    } else {
        head.to_string()
    }
}

/// One document issued, with the number and date the lead unit gave; a late one says so.
fn document(p: &Programme, t: &Task, r: &TaskResult) -> Option<String> {
    let lead = p.unit_ref_name(t.lead.as_deref()?);
    let rep = r.lead_report.as_ref()?;
    let reference = rep.product.trim().trim_end_matches('.');
    let mut s = format!("{lead} ban hành {}", product_noun(t));
    if !reference.is_empty() {
        s.push_str(&format!(" ({reference})"));
    } else if let Some(d) = rep.completed_on {
        s.push_str(&format!(" (ngày {})", vn::short_date(d)));
    }
    if r.state == TaskState::DoneLate {
        s.push_str(", chậm so với thời hạn");
        if let Some(due) = r.due {
            s.push_str(&format!(" ({})", vn::short_date(due)));
        }
    }
    Some(s)
}
