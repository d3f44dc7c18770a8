//! What a unit submits for a period, as typed values: figures, task reports and narrative.
//!
//! The same structure is what the workbook generator can pre-fill (sample data, tests) and what
//! reading a returned workbook produces, so a round trip is an equality.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::period::Period;

/// A reported value, parsed at the boundary: past this point no code looks at cell text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Value {
    Number(f64),
    YesNo(bool),
    Date(NaiveDate),
}

impl Value {
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(x),
            Value::YesNo(b) => Some(if b { 1.0 } else { 0.0 }),
            Value::Date(_) => None,
        }
    }
    pub fn as_date(self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }
}

/// The status a unit reports for a task (the workbook's dropdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    DoneLate,
    Ongoing,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::DoneLate,
        TaskStatus::Ongoing,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "Chưa triển khai",
            TaskStatus::InProgress => "Đang triển khai",
            TaskStatus::Done => "Hoàn thành",
            TaskStatus::DoneLate => "Hoàn thành quá hạn",
            TaskStatus::Ongoing => "Thực hiện thường xuyên",
        }
    }

    /// Parses a dropdown label, forgiving case, spacing and a missing diacritic-free variant.
    pub fn parse(s: &str) -> Option<TaskStatus> {
        let key = crate::model::vn::fold(s);
        TaskStatus::ALL
            .into_iter()
            .find(|t| crate::model::vn::fold(t.label()) == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub element: String,
    pub value: Value,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The unit marked the figure an estimate ("ước"): the period is not over when it reports,
    /// or the figure is not final yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimate: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TaskReport {
    pub task: String,
    pub status: Option<TaskStatus>,
    pub result: String,
    pub product: String,
    pub completed_on: Option<NaiveDate>,
    pub difficulties: String,
}

impl TaskReport {
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.result.is_empty()
            && self.product.is_empty()
            && self.completed_on.is_none()
            && self.difficulties.is_empty()
    }
}

/// The narrative sheet: what the report weaves with the figures.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Narrative {
    pub highlights: String,
    pub limitations: String,
    pub causes_objective: String,
    pub causes_subjective: String,
    pub lessons: String,
    pub proposals: String,
    pub next_steps: String,
    pub prepared_by: String,
    /// The date the unit wrote on its report.
    pub report_date: Option<NaiveDate>,
}

impl Narrative {
    /// (key, Vietnamese label, value) in sheet order; the key is what the ledger stores.
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 8] {
        [
            ("highlights", "Kết quả nổi bật", &self.highlights),
            ("limitations", "Hạn chế, khuyết điểm", &self.limitations),
            (
                "causes_objective",
                "Nguyên nhân khách quan",
                &self.causes_objective,
            ),
            (
                "causes_subjective",
                "Nguyên nhân chủ quan",
                &self.causes_subjective,
            ),
            ("lessons", "Bài học kinh nghiệm", &self.lessons),
            ("proposals", "Đề xuất, kiến nghị", &self.proposals),
            (
                "next_steps",
                "Phương hướng, nhiệm vụ kỳ tới",
                &self.next_steps,
            ),
            ("prepared_by", "Người lập báo cáo", &self.prepared_by),
        ]
    }

    pub fn set(&mut self, key: &str, value: String) {
        match key {
            "highlights" => self.highlights = value,
            "limitations" => self.limitations = value,
            "causes_objective" => self.causes_objective = value,
            "causes_subjective" => self.causes_subjective = value,
            "lessons" => self.lessons = value,
            "proposals" => self.proposals = value,
            "next_steps" => self.next_steps = value,
            "prepared_by" => self.prepared_by = value,
            _ => {}
        }
    }
}

/// Everything one unit says for one period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Content {
    pub figures: Vec<Figure>,
    pub tasks: Vec<TaskReport>,
    pub narrative: Narrative,
}

impl Content {
    pub fn figure(&self, element: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.element == element)
    }
}

/// A submission's identity, as written in the workbook's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub unit: String,
    pub period: Period,
    pub template_version: u32,
}

/// The latest accepted version of one unit's submission for a period.
#[derive(Debug, Clone, Serialize)]
pub struct Latest {
    pub unit: String,
    pub period: String,
    pub version: u32,
    pub received: NaiveDate,
    pub report_date: Option<NaiveDate>,
    pub file_name: String,
    pub content: Content,
    pub errors: u32,
    pub warnings: u32,
}

/// A version already on record for a unit and period, as far as deciding which counts goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionKey {
    pub version: u32,
    /// The report date the unit wrote, else the received date.
    pub date: NaiveDate,
    /// The office returned it: it no longer counts.
    pub returned: bool,
}

/// What a newly received version means for its unit and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewVersion {
    /// Its number: one more than the highest on record.
    pub version: u32,
    /// It is the version reports now use.
    pub latest: bool,
    /// It took the place of a version that counted until now.
    pub supersedes: bool,
}

/// The version that counts: among those not returned, the latest report date (received date
/// when none), then the last received. File names never decide.
pub fn counting(versions: &[VersionKey]) -> Option<VersionKey> {
    versions
        .iter()
        .filter(|v| !v.returned)
        .max_by_key(|v| (v.date, v.version))
        .copied()
}

/// Decides what a new version dated `date` means, given the versions on record (the ledger
/// stores what this says; the same rule, [`counting`], picks the latest when reading).
pub fn new_version(existing: &[VersionKey], date: NaiveDate) -> NewVersion {
    let version = existing.iter().map(|v| v.version).max().unwrap_or(0) + 1;
    let head = counting(existing);
    let latest = head.is_none_or(|h| date >= h.date);
    NewVersion {
        version,
        latest,
        supersedes: head.is_some() && latest,
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn key(version: u32, date: &str, returned: bool) -> VersionKey {
        VersionKey {
            version,
            date: d(date),
            returned,
        }
    }

    #[test]
    fn a_first_version_is_number_one_and_counts() {
        let n = new_version(&[], d("2026-06-18"));
        assert_eq!((n.version, n.latest, n.supersedes), (1, true, false));
    }

    #[test]
    fn a_correction_dated_the_same_day_or_later_replaces_the_version_that_counted() {
        let on_record = [key(1, "2026-06-18", false)];
        let n = new_version(&on_record, d("2026-06-18"));
        assert_eq!((n.version, n.latest, n.supersedes), (2, true, true));
    }

    #[test]
    fn a_file_dated_before_the_version_that_counts_is_kept_but_does_not_count() {
        let on_record = [key(1, "2026-06-18", false)];
        let n = new_version(&on_record, d("2026-06-10"));
        assert_eq!((n.version, n.latest, n.supersedes), (2, false, false));
    }

    #[test]
    fn a_returned_version_stops_counting_so_an_older_dated_one_counts_again() {
        let on_record = [key(1, "2026-06-10", false), key(2, "2026-06-18", true)];
        assert_eq!(counting(&on_record), Some(on_record[0]));
        let n = new_version(&on_record, d("2026-06-12"));
        assert_eq!((n.version, n.latest, n.supersedes), (3, true, true));
    }

    #[test]
    fn after_every_version_is_returned_none_counts_and_the_next_replaces_nothing() {
        let on_record = [key(1, "2026-06-18", true)];
        assert_eq!(counting(&on_record), None);
        let n = new_version(&on_record, d("2026-06-01"));
        assert_eq!((n.version, n.latest, n.supersedes), (2, true, false));
    }
}
