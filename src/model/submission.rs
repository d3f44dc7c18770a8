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
