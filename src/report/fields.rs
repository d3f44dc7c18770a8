//! Results by field: one sentence per target and per task, and the units' highlights.

use serde::Serialize;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::programme::{Horizon, Programme, Shape, Target, Task, TaskKind};
use crate::report::consolidate::{Consolidated, TargetResult, TaskResult, TaskState};

use super::sentences::{Setting, goal, lower_first, target_sentence};
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
                        sentence: recognition_sentence(t, r, setting)
                            .unwrap_or_else(|| target_sentence(p, t, r, setting)),
                    })
                })
                .collect();
            let field_tasks: Vec<(&Task, &TaskResult)> = p
                .tasks
                .iter()
                .filter(|t| t.field == f.code)
                .filter_map(|t| Some((t, c.tasks.iter().find(|r| r.code == t.code)?)))
                .collect();
            let tasks = task_lines(p, &field_tasks, &counts);
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

/// A recognition given once a year ("Đảng bộ cơ sở bốn tốt", judged each year) cannot be
/// reached before the year's end: a part-year report states last year's result and when this
/// year's is decided, never "đã đạt" for a year not over.
fn recognition_sentence(t: &Target, r: &TargetResult, s: &Setting) -> Option<String> {
    if s.full_year || t.shape != Shape::Achieved || t.horizon != Horizon::EachYear {
        return None;
    }
    let last = r.annual.get(&(s.year - 1)).map(|v| *v > 0.5);
    let before = match last {
        Some(true) => format!("năm {} đã đạt", s.year - 1),
        Some(false) => format!("năm {} chưa đạt", s.year - 1),
        None => format!("chưa có kết quả năm {}", s.year - 1),
    };
    Some(format!(
        "{}: {before} chỉ tiêu Nghị quyết ({}); việc đánh giá, công nhận năm {} thực hiện vào cuối năm.",
        t.name,
        goal(t),
        s.year
    ))
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

/// Whether the committee leads a task itself (no lead named, or a leadership body that sends
/// no workbook): it does not report to itself, so its tasks are described from their state in
/// the part on leadership, never as "chưa có báo cáo".
pub fn is_committee_task(p: &Programme, t: &Task) -> bool {
    match t.lead.as_deref() {
        None => true,
        Some(spec) if spec.starts_with("kind:") => false,
        Some(code) => p.unit(code).is_some_and(|u| !u.reports),
    }
}

/// The task lines of one field, in the committee's voice: the tasks done in one sentence
/// (their documents are listed under leadership), a task with something particular to say in
/// its own sentence, and the rest grouped by what their lead units wrote ("Triển khai thường
/// xuyên theo kế hoạch"), so a wording shared by many tasks is said once per field.
fn task_lines(
    p: &Programme,
    tasks: &[(&Task, &TaskResult)],
    counts: &BTreeMap<String, usize>,
) -> Vec<TaskLine> {
    let own: Vec<&(&Task, &TaskResult)> = tasks
        .iter()
        .filter(|(t, r)| !is_committee_task(p, t) && r.state != TaskState::NotReported)
        .collect();
    let mut lines = Vec::new();
    let done: Vec<String> = own
        .iter()
        .filter(|(_, r)| matches!(r.state, TaskState::Done | TaskState::DoneLate))
        .map(|(t, r)| {
            let late = if r.state == TaskState::DoneLate {
                ", hoàn thành chậm so với thời hạn"
            } else {
                ""
            };
            format!("{} ({} chủ trì{late})", quoted(t), lead_name(p, t))
        })
        .collect();
    if let Some(first) = done.first() {
        let sentence = if done.len() == 1 {
            format!("Đã hoàn thành nhiệm vụ {first}.")
        } else {
            format!(
                "Đã hoàn thành {} nhiệm vụ: {}.",
                done.len(),
                done.join("; ")
            )
        };
        lines.push(TaskLine {
            code: own
                .iter()
                .find(|(_, r)| matches!(r.state, TaskState::Done | TaskState::DoneLate))
                .map(|(t, _)| t.code.clone())
                .unwrap_or_default(),
            title: String::new(),
            sentence,
        });
    }
    let particular = |w: &str| !w.trim().is_empty() && counts.get(&fold(w)).copied() == Some(1);
    // Groups of tasks that share a state and a wording, in programme order.
    let mut groups: Vec<(TaskState, String, Vec<&Task>)> = Vec::new();
    for (t, r) in own
        .iter()
        .filter(|(_, r)| !matches!(r.state, TaskState::Done | TaskState::DoneLate))
    {
        let result = r.lead_report.as_ref().map_or("", |x| x.result.as_str());
        let noted = r.coordinator_notes.iter().any(|(_, n)| particular(n));
        if particular(result) || noted || r.state == TaskState::Overdue {
            lines.push(task_line(p, t, r, &particular));
            continue;
        }
        let wording = synthesis::without_when(result);
        match groups
            .iter_mut()
            .find(|(s, w, _)| *s == r.state && fold(w) == fold(&wording))
        {
            Some((_, _, ts)) => ts.push(t),
            None => groups.push((r.state, wording, vec![t])),
        }
    }
    for (state, wording, ts) in groups {
        lines.push(group_line(p, state, &wording, &ts));
    }
    lines
}

/// A task's title as a name: "Về phát triển kinh tế" is the field "phát triển kinh tế".
fn bare_title(t: &Task) -> String {
    let title = t.title.trim();
    match title.strip_prefix("Về ") {
        Some(rest) => synthesis::upper_first(rest),
        None => title.to_string(),
    }
}

/// A task's title in quotes, unless it already holds a quoted name ("Xây dựng Đề án “Phát
/// triển kinh tế tư nhân”" is not quoted twice).
fn quoted(t: &Task) -> String {
    let title = bare_title(t);
    if title.contains('“') {
        title
    } else {
        format!("“{title}”")
    }
}

fn lead_name(p: &Programme, t: &Task) -> String {
    t.lead
        .as_deref()
        .map(|l| p.unit_ref_name(l))
        .unwrap_or_default()
}

/// What a task's state says when its lead unit wrote nothing particular.
fn state_phrase(state: TaskState) -> &'static str {
    match state {
        TaskState::Done => "đã hoàn thành",
        TaskState::DoneLate => "đã hoàn thành nhưng chậm so với thời hạn",
        TaskState::InProgress => "đang triển khai",
        TaskState::Ongoing => "được triển khai thường xuyên",
        TaskState::NotStarted => "chưa triển khai",
        TaskState::Overdue => "đã quá thời hạn nhưng chưa hoàn thành",
        TaskState::NotReported => "chưa có kết quả",
    }
}

/// Tasks that share a state and a wording, said once: "Các nhiệm vụ “A”, “B” và “C” (UBND
/// phường chủ trì): triển khai thường xuyên theo kế hoạch." Duties of the organisation part,
/// whose titles are the bodies themselves, read "A, B và C thực hiện … nhiệm vụ được phân
/// công".
fn group_line(p: &Programme, state: TaskState, wording: &str, ts: &[&Task]) -> TaskLine {
    let predicate = if wording.trim().is_empty() {
        state_phrase(state).to_string()
    } else {
        lower_first(wording.trim().trim_end_matches('.'))
    };
    let sentence = if ts.iter().all(|t| t.kind == TaskKind::Duty) {
        // The bodies' names hold "và" themselves: listed with semicolons.
        let bodies: Vec<String> = ts.iter().map(|t| t.title.clone()).collect();
        format!(
            "{} thực hiện nhiệm vụ được phân công tại phần tổ chức thực hiện của Chương trình: {predicate}.",
            bodies.join("; ")
        )
    } else {
        let titles: Vec<String> = ts.iter().map(|t| quoted(t)).collect();
        let leads: BTreeSet<String> = ts.iter().map(|t| lead_name(p, t)).collect();
        let lead = match leads.iter().collect::<Vec<_>>().as_slice() {
            [one] if !one.is_empty() => format!(" ({one} chủ trì)"),
            _ => String::new(),
        };
        let subject = if ts.len() == 1 {
            format!("Nhiệm vụ {}", titles.join(""))
        } else {
            format!("Các nhiệm vụ {}", synthesis::join_names(&titles))
        };
        format!("{subject}{lead}: {predicate}.")
    };
    TaskLine {
        code: ts.first().map(|t| t.code.clone()).unwrap_or_default(),
        title: String::new(),
        sentence,
    }
}

/// One sentence on a task with something particular: its state, what the lead unit reported
/// and what the coordinating units said, named together when alike.
fn task_line(
    p: &Programme,
    t: &Task,
    r: &TaskResult,
    particular: &dyn Fn(&str) -> bool,
) -> TaskLine {
    let state = match (r.state, r.due) {
        (TaskState::Overdue, Some(due)) => format!(
            "đã quá thời hạn ({}) nhưng chưa hoàn thành",
            crate::model::vn::short_date(due)
        ),
        (s, _) => state_phrase(s).to_string(),
    };
    let mut s = format!(
        "Nhiệm vụ “{}” ({} chủ trì): {state}",
        bare_title(t),
        lead_name(p, t)
    );
    if let Some(rep) = &r.lead_report
        && particular(&rep.result)
    {
        s.push_str(&format!(
            "; {}",
            lower_first(synthesis::without_when(&rep.result).trim_end_matches('.'))
        ));
    }
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for (u, note) in r.coordinator_notes.iter().filter(|(_, n)| particular(n)) {
        let note = synthesis::without_when(note)
            .trim_end_matches('.')
            .to_string();
        match notes.iter_mut().find(|(n, _)| *n == note) {
            Some((_, units)) => units.push(p.unit_name(u).to_string()),
            None => notes.push((note, vec![p.unit_name(u).to_string()])),
        }
    }
    for (note, units) in notes {
        s.push_str(&format!(
            "; {} phối hợp: {}",
            synthesis::join_names(&units),
            lower_first(&note)
        ));
    }
    s.push('.');
    TaskLine {
        code: t.code.clone(),
        title: t.title.clone(),
        sentence: s,
    }
}

/// The words of a field, as pairs of syllables ("chi bộ", "đảng viên", "an ninh"), each with
/// its weight: the field's name says most (3), its targets' names and its tasks' titles and
/// summaries less (1).
fn vocabulary(p: &Programme, field: &str) -> BTreeMap<String, f64> {
    const NAME: f64 = 3.0;
    let name = p
        .fields
        .iter()
        .find(|f| f.code == field)
        .map(|f| f.name.as_str())
        .unwrap_or_default();
    let texts = p
        .targets
        .iter()
        .filter(|t| t.field == field)
        .map(|t| t.name.as_str())
        .chain(
            p.tasks
                .iter()
                .filter(|t| t.field == field)
                .flat_map(|t| [t.title.as_str(), t.summary.as_str()]),
        );
    let mut words: BTreeMap<String, f64> = texts.flat_map(pairs).map(|w| (w, 1.0)).collect();
    for w in pairs(name) {
        words.insert(w, NAME);
    }
    words
}

/// Adjacent syllables of a text, folded: Vietnamese words are mostly two syllables. Pairs
/// that any report uses of anything ("tổ chức", "thực hiện", "các chỉ") say nothing of a field.
fn pairs(s: &str) -> Vec<String> {
    const GLUE: [&str; 9] = [
        "các", "và", "của", "cho", "với", "trong", "được", "những", "tốt",
    ];
    const COMMON: [&str; 8] = [
        "tổ chức",
        "thực hiện",
        "đơn vị",
        "chỉ tiêu",
        "cơ quan",
        "tập trung",
        "chỉ đạo",
        "công tác",
    ];
    let syllables: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    syllables
        .windows(2)
        .filter(|w| !GLUE.contains(&w[0].as_str()) && !GLUE.contains(&w[1].as_str()))
        .map(|w| format!("{} {}", w[0], w[1]))
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect()
}

/// The field a statement speaks of: the one sharing most of its words, a word counting less
/// the more fields use it ("thực hiện", "xã hội"); None when it shares none.
fn field_of(statement: &str, vocabularies: &[BTreeMap<String, f64>]) -> Option<usize> {
    let words: BTreeSet<String> = pairs(statement).into_iter().collect();
    let spread = |w: &String| vocabularies.iter().filter(|v| v.contains_key(w)).count();
    let score = |v: &BTreeMap<String, f64>| -> f64 {
        words
            .iter()
            .filter_map(|w| v.get(w).map(|weight| weight / spread(w) as f64))
            .sum()
    };
    let scores: Vec<f64> = vocabularies.iter().map(score).collect();
    let best = scores.iter().cloned().fold(0.0, f64::max);
    (best > 0.0).then(|| scores.iter().position(|s| *s == best).unwrap_or(0))
}

/// The units' highlights as facts of the ward, each stated once, under the field it speaks of
/// (by its words, not by who wrote it: the units of the residential groups speak of civilised
/// living, not of Party building). A time phrase of the unit ("Trong 6 tháng đầu năm 2026, …")
/// gives way to the report's own.
fn highlights(p: &Programme, c: &Consolidated) -> Vec<Vec<Said>> {
    let all: Vec<synthesis::Statement> = synthesis::statements(p, c, |n| &n.highlights)
        .into_iter()
        .map(|s| synthesis::Statement {
            text: synthesis::without_when(&s.text),
            unit: s.unit,
        })
        .collect();
    let said = synthesis::synthesise(p, &all, false, usize::MAX);
    let vocabularies: Vec<BTreeMap<String, f64>> =
        p.fields.iter().map(|f| vocabulary(p, &f.code)).collect();
    let mut out: Vec<Vec<Said>> = vec![Vec::new(); p.fields.len()];
    for s in said {
        let home = field_of(&s.text, &vocabularies).unwrap_or(0);
        if let Some(slot) = out.get_mut(home)
            && slot.len() < synthesis::MAX_STATEMENTS
        {
            slot.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programme() -> Programme {
        Programme::load(std::path::Path::new("seeds")).unwrap()
    }

    fn home(p: &Programme, text: &str) -> String {
        let v: Vec<BTreeMap<String, f64>> =
            p.fields.iter().map(|f| vocabulary(p, &f.code)).collect();
        p.fields[field_of(text, &v).unwrap()].code.clone()
    }

    /// The sample's residential groups write of the civilised-urban movement (programme
    /// II.2.1 (12), “Phường đạt chuẩn đô thị văn minh”), the offices of administrative reform
    /// and digital transformation (II.2.1 (15)-(16)), the police of security: each lands in
    /// that field, whoever wrote it.
    #[test]
    fn a_highlight_lands_under_the_field_it_speaks_of() {
        let p = programme();
        assert_eq!(
            home(
                &p,
                "Các tổ dân phố vận động Nhân dân thực hiện tốt phong trào “Toàn dân đoàn kết xây dựng đô thị văn minh”, giữ gìn vệ sinh môi trường, an ninh trật tự"
            ),
            "van-hoa-xa-hoi"
        );
        assert_eq!(
            home(
                &p,
                "Các cơ quan, đơn vị tập trung chỉ đạo thực hiện các chỉ tiêu kinh tế - xã hội, cải cách hành chính và chuyển đổi số"
            ),
            "cai-cach-hanh-chinh"
        );
        assert_eq!(
            home(
                &p,
                "Công an phường giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn; hoàn thành chỉ tiêu tuyển quân"
            ),
            "quoc-phong-an-ninh"
        );
    }
}
