//! The action programme as typed data: units, data elements, targets, tasks, issuers.
//!
//! Loaded from the TOML files in `seeds/` (format in `seeds/SCHEMA.md`). Loading only parses;
//! [`crate::model::check`] judges whether the model is coherent. Nothing here does I/O beyond reading
//! the seed files, and nothing here knows about workbooks or documents.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The whole programme model.
#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub info: Info,
    pub fields: Vec<Field>,
    pub units: Vec<Unit>,
    pub elements: Vec<Element>,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub issuers: Issuers,
    pub periods: crate::model::period::Calendar,
    /// Validation rules across figures (`rules.toml`).
    pub rules: crate::model::rules::Rules,
    /// The year's plan figures (`plans.toml`, optional).
    #[serde(default)]
    pub plans: crate::model::plans::Plans,
    /// Where each entry was read from, for messages that name a file and line.
    #[serde(skip)]
    pub sources: Sources,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub title: String,
    pub short_title: String,
    pub term_start: i32,
    pub term_end: i32,
    pub baseline_year: i32,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    Dang,
    ChinhQuyen,
    MatTran,
    LucLuong,
    ChiBo,
    ToDanPho,
    LanhDao,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Dang => "dang",
            UnitKind::ChinhQuyen => "chinh-quyen",
            UnitKind::MatTran => "mat-tran",
            UnitKind::LucLuong => "luc-luong",
            UnitKind::ChiBo => "chi-bo",
            UnitKind::ToDanPho => "to-dan-pho",
            UnitKind::LanhDao => "lanh-dao",
        }
    }

    /// Every unit of this kind, as an official text names them together ("Các chi bộ trực
    /// thuộc chủ trì"): never the seeds' code.
    pub fn plural_name(self) -> &'static str {
        match self {
            UnitKind::Dang => "Các cơ quan tham mưu, giúp việc của Đảng ủy",
            UnitKind::ChinhQuyen => "Các cơ quan chuyên môn thuộc UBND phường",
            UnitKind::MatTran => {
                "Ủy ban Mặt trận Tổ quốc Việt Nam phường và các tổ chức chính trị - xã hội"
            }
            UnitKind::LucLuong => "Công an phường và Ban Chỉ huy quân sự phường",
            UnitKind::ChiBo => "Các chi bộ trực thuộc",
            UnitKind::ToDanPho => "Các tổ dân phố",
            UnitKind::LanhDao => "Ban Chấp hành, Ban Thường vụ, Thường trực Đảng ủy",
        }
    }

    fn from_code(code: &str) -> Option<UnitKind> {
        [
            UnitKind::Dang,
            UnitKind::ChinhQuyen,
            UnitKind::MatTran,
            UnitKind::LucLuong,
            UnitKind::ChiBo,
            UnitKind::ToDanPho,
            UnitKind::LanhDao,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    #[serde(default = "yes")]
    pub reports: bool,
    #[serde(default)]
    pub sample: bool,
}

fn yes() -> bool {
    true
}

/// What kind of value a data element holds; decides how a cell is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// A whole number of things (people, households).
    Count,
    /// Money or another decimal quantity.
    Amount,
    /// A percentage, 0–100 unless bounds say otherwise.
    Percent,
    /// Any decimal number.
    Number,
    /// Có / Không.
    YesNo,
    /// A calendar date.
    Date,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub code: String,
    pub name: String,
    pub measure: String,
    pub kind: ValueKind,
    /// Aggregation over time (DHIS2's aggregation type): `true` for a flow, summed over the
    /// window (revenue, admissions); `false` for a stock, the level at the window's end
    /// (members, households).
    #[serde(default)]
    pub flow: bool,
    pub reported_by: Vec<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    /// Judged every year ("hằng năm").
    EachYear,
    /// Must be met by a given year ("đến năm 2030").
    ByYear,
    /// Cumulative over the whole term ("trong nhiệm kỳ").
    Term,
    /// A one-off (a plan to finish).
    Once,
}

/// A bound on a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cmp {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

impl Cmp {
    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Cmp::AtLeast => value >= bound - EPS,
            Cmp::MoreThan => value > bound + EPS,
            Cmp::AtMost => value <= bound + EPS,
            Cmp::LessThan => value < bound - EPS,
        }
    }
    /// Whether larger values are better under this bound.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Cmp::AtLeast | Cmp::MoreThan)
    }
    pub fn phrase(self) -> &'static str {
        match self {
            Cmp::AtLeast => "từ",
            Cmp::MoreThan => "trên",
            Cmp::AtMost => "không quá",
            Cmp::LessThan => "dưới",
        }
    }
}

/// Tolerance for comparing computed figures (rounding of ratios).
pub const EPS: f64 = 1e-9;

/// A figure the programme asks to strive for beside the firm target ("… nhưng phấn đấu đến
/// năm 2028 …"). It adds a line to the judgement and never decides the verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aspiration {
    pub year: i32,
    pub kind: Cmp,
    pub value: f64,
    /// The aspiration in the programme's words, for the line the report prints.
    pub text: String,
}

/// How growth is measured over the years: the programme distinguishes "tăng bình quân …/năm"
/// (average) from "tăng hằng năm …" (every single year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    /// Compound average annual growth since the baseline year ("bình quân").
    Average,
    /// Growth over the previous year, in every year ("tăng hằng năm").
    EveryYear,
}

/// What an indicator measures over time (DHIS2: a data element's aggregation type, an
/// indicator's "annualized" flag). It decides how a part-year value is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// A level at the window's end: a count held, a yes/no, an average per head, a date.
    #[default]
    Level,
    /// An amount accumulated over the window (revenue, public investment).
    Flow,
    /// A ratio of two levels at a moment, or a share of units (poverty rate).
    RateOfStocks,
    /// A ratio of two amounts over the same window (procedures settled on time).
    RateOfFlows,
    /// An amount over the window per a level: it grows with the window (members admitted per
    /// member, value per hectare, disbursement against the year's plan).
    FlowPerStock,
}

impl Basis {
    /// Whether the value grows with the length of the window, so half a year holds about half
    /// a year's worth.
    pub fn accumulates(self) -> bool {
        matches!(self, Basis::Flow | Basis::FlowPerStock)
    }
    pub fn label(self) -> &'static str {
        match self {
            Basis::Level => "mức tại thời điểm",
            Basis::Flow => "lũy kế trong kỳ",
            Basis::RateOfStocks => "tỷ lệ giữa hai số tại thời điểm",
            Basis::RateOfFlows => "tỷ lệ giữa hai số lũy kế trong kỳ",
            Basis::FlowPerStock => "số lũy kế trong kỳ so với một số tại thời điểm",
        }
    }
}

/// The moment a ratio's denominator is taken at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Moment {
    /// The end of the reported window, like the numerator.
    #[default]
    WindowEnd,
    /// The end of the previous year, i.e. the start of the year ("tổng số đảng viên" against
    /// which the year's admissions are counted).
    PreviousYearEnd,
}

/// The shape of a target: what "met" means. One variant per way the programme words a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Shape {
    AtLeast {
        value: f64,
    },
    MoreThan {
        value: f64,
    },
    AtMost {
        value: f64,
    },
    LessThan {
        value: f64,
    },
    Range {
        min: f64,
        max: f64,
    },
    /// Annual growth in percent, on average since the baseline year or in every year.
    Growth {
        min: f64,
        #[serde(default)]
        max: Option<f64>,
        #[serde(default)]
        strict: bool,
        pace: Pace,
    },
    /// The indicator as a multiple of its value in `base_year`.
    Multiple {
        min: f64,
        #[serde(default)]
        max: Option<f64>,
        base_year: i32,
    },
    /// A yes/no indicator that must become yes.
    Achieved,
    /// Done by a date.
    Deadline {
        due: NaiveDate,
    },
}

impl Shape {
    /// The level bound, for the four level shapes.
    pub fn level(&self) -> Option<(Cmp, f64)> {
        match *self {
            Shape::AtLeast { value } => Some((Cmp::AtLeast, value)),
            Shape::MoreThan { value } => Some((Cmp::MoreThan, value)),
            Shape::AtMost { value } => Some((Cmp::AtMost, value)),
            Shape::LessThan { value } => Some((Cmp::LessThan, value)),
            _ => None,
        }
    }
}

/// How a target's indicator is computed from the units' figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "formula", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Indicator {
    Sum {
        element: String,
    },
    Ratio {
        numerator: String,
        denominator: String,
        #[serde(default = "hundred")]
        scale: f64,
        /// When the denominator is taken (default: the end of the window).
        #[serde(default)]
        denominator_at: Moment,
    },
    Share {
        element: String,
        #[serde(default)]
        of_kind: Option<UnitKind>,
    },
    Lead {
        element: String,
    },
    Date {
        element: String,
    },
}

fn hundred() -> f64 {
    100.0
}

impl Indicator {
    /// The data elements the formula reads.
    pub fn elements(&self) -> Vec<&str> {
        match self {
            Indicator::Sum { element }
            | Indicator::Share { element, .. }
            | Indicator::Lead { element }
            | Indicator::Date { element } => vec![element],
            Indicator::Ratio {
                numerator,
                denominator,
                ..
            } => vec![numerator, denominator],
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub code: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub item: String,
    pub field: String,
    pub name: String,
    pub text: String,
    pub measure: String,
    pub lead: String,
    pub horizon: Horizon,
    #[serde(default)]
    pub year: Option<i32>,
    /// What the indicator measures over time; `baocao check` verifies it against the
    /// formula and the elements' aggregation.
    pub basis: Basis,
    /// The bar is an amount per year ("275 triệu đồng/ha/năm") even where the horizon is a
    /// year to reach it by. Targets judged each year are per year anyway.
    #[serde(default)]
    pub per_year: bool,
    #[serde(default)]
    pub aspiration: Option<Aspiration>,
    pub shape: Shape,
    pub indicator: Indicator,
}

impl Target {
    /// The year by which the target must be met, when it has one: "đến năm 2030", or the
    /// term's end for a target of the term. Before it, the target is judged on its trajectory.
    pub fn due_year(&self, term_end: i32) -> Option<i32> {
        match self.horizon {
            Horizon::ByYear => Some(self.year.unwrap_or(term_end)),
            Horizon::Term => Some(term_end),
            Horizon::EachYear | Horizon::Once => None,
        }
    }

    /// Whether the bar is an amount per year (prorated over a part-year window when the
    /// indicator accumulates).
    pub fn bar_per_year(&self) -> bool {
        self.per_year || self.horizon == Horizon::EachYear
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    Solution,
    Plan,
    Scheme,
    Breakthrough,
    Project,
    Duty,
}

/// When a task is due, exactly as the programme words it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Deadline {
    /// "Hoàn thành trước ngày 15/12/2025".
    Before {
        date: NaiveDate,
        #[serde(default)]
        text: Option<String>,
    },
    /// "Hoàn thành trong tháng 01/2026": due by the month's last day.
    InMonth {
        month: YearMonth,
        #[serde(default)]
        text: Option<String>,
    },
    /// "Từ tháng 12/2025 và các năm tiếp theo": ongoing from that month.
    FromMonth {
        month: YearMonth,
        #[serde(default)]
        text: Option<String>,
    },
    /// "Ngày 15/01 hằng năm".
    Yearly {
        month: u32,
        day: u32,
        #[serde(default)]
        text: Option<String>,
    },
    /// "đến năm 2030".
    ByYear {
        year: i32,
        #[serde(default)]
        text: Option<String>,
    },
    /// Throughout the term, no date.
    Term {
        #[serde(default)]
        text: Option<String>,
    },
}

impl Deadline {
    /// The date by which the task must be complete, if it has one.
    pub fn due_date(&self) -> Option<NaiveDate> {
        match self {
            Deadline::Before { date, .. } => Some(*date),
            Deadline::InMonth { month, .. } => Some(month.last_day()),
            Deadline::ByYear { year, .. } => NaiveDate::from_ymd_opt(*year, 12, 31),
            Deadline::FromMonth { .. } | Deadline::Yearly { .. } | Deadline::Term { .. } => None,
        }
    }

    /// The deadline in the words of a Vietnamese report.
    pub fn describe(&self) -> String {
        if let Some(text) = self.text() {
            return text.to_string();
        }
        match self {
            Deadline::Before { date, .. } => {
                format!(
                    "Hoàn thành trước ngày {}",
                    crate::model::vn::short_date(*date)
                )
            }
            Deadline::InMonth { month, .. } => format!("Hoàn thành trong tháng {month}"),
            Deadline::FromMonth { month, .. } => {
                format!("Từ tháng {month} và các năm tiếp theo")
            }
            Deadline::Yearly { month, day, .. } => format!("Ngày {day:02}/{month:02} hằng năm"),
            Deadline::ByYear { year, .. } => format!("Đến năm {year}"),
            Deadline::Term { .. } => "Trong nhiệm kỳ".to_string(),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Deadline::Before { text, .. }
            | Deadline::InMonth { text, .. }
            | Deadline::FromMonth { text, .. }
            | Deadline::Yearly { text, .. }
            | Deadline::ByYear { text, .. }
            | Deadline::Term { text } => text.as_deref(),
        }
    }
}

/// A calendar month written "2026-01" in the seeds and "01/2026" in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn last_day(self) -> NaiveDate {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .expect("validated month")
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{}", self.month, self.year)
    }
}

impl std::str::FromStr for YearMonth {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (y, m) = s
            .split_once('-')
            .ok_or_else(|| format!("tháng '{s}' phải viết dạng YYYY-MM"))?;
        let year = y
            .parse()
            .map_err(|_| format!("năm không hợp lệ trong '{s}'"))?;
        let month: u32 = m
            .parse()
            .map_err(|_| format!("tháng không hợp lệ trong '{s}'"))?;
        if !(1..=12).contains(&month) {
            return Err(format!("tháng không hợp lệ trong '{s}'"));
        }
        Ok(YearMonth { year, month })
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}-{:02}", self.year, self.month))
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub code: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub field: String,
    pub kind: TaskKind,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub lead: Option<String>,
    /// Cơ quan tham mưu, where the text names one beside the lead.
    #[serde(default)]
    pub advisor: Option<String>,
    #[serde(default)]
    pub coordinators: Vec<String>,
    #[serde(default)]
    pub director: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub deadline: Option<Deadline>,
    #[serde(default)]
    pub reporting: Option<String>,
    /// Who receives the task's reports, as the text names them (unit codes: `BCH`, `BTV`,
    /// `TTDU`); empty when the text names no one.
    #[serde(default)]
    pub report_to: Vec<String>,
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

/// Letterhead and signature data of an issuing body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    #[serde(default)]
    pub superior: String,
    pub name_lines: Vec<String>,
    pub abbreviation: String,
    pub place: String,
    pub authority: String,
    /// The authority of a review adopted by the full committee at its conference (sơ kết,
    /// tổng kết): "T/M BAN CHẤP HÀNH"; `authority` when absent.
    #[serde(default)]
    pub review_authority: Option<String>,
    pub signer_title: String,
    pub signer_name: String,
    /// The signer's name is a placeholder the office must replace.
    #[serde(default)]
    pub signer_sample: bool,
    #[serde(default)]
    pub drafting_unit: String,
    #[serde(default)]
    pub recipients: Vec<String>,
    pub archive: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuers {
    pub dang: Issuer,
    #[serde(rename = "nha-nuoc")]
    pub nha_nuoc: Issuer,
}

/// For each loaded entry, the file it came from and its first line.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: BTreeMap<&'static str, (PathBuf, String)>,
}

impl Sources {
    /// Path of a seed file by its role ("targets", "tasks"...).
    pub fn path(&self, file: &str) -> PathBuf {
        self.files
            .get(file)
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| PathBuf::from(format!("{file}.toml")))
    }

    /// 1-based line of the `index`-th `[[header]]` table in `file`, and within it the first
    /// line containing `needle` (when given and found).
    pub fn line_of(&self, file: &str, header: &str, index: usize, needle: Option<&str>) -> usize {
        let Some((_, text)) = self.files.get(file) else {
            return 0;
        };
        let marker = format!("[[{header}]]");
        let mut seen = 0;
        let mut start = None;
        for (n, line) in text.lines().enumerate() {
            if line.trim() == marker {
                if seen == index {
                    start = Some(n);
                    break;
                }
                seen += 1;
            }
        }
        let Some(start) = start else { return 0 };
        if let Some(needle) = needle {
            for (n, line) in text.lines().enumerate().skip(start + 1) {
                if line.trim() == marker {
                    break;
                }
                if line.contains(needle) {
                    return n + 1;
                }
            }
        }
        start + 1
    }
}

/// A failure to read the seed files: which file, where, and why (in Vietnamese).
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct LoadError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
struct ProgrammeFile {
    programme: Info,
    #[serde(default)]
    field: Vec<Field>,
}
#[derive(Deserialize)]
struct UnitsFile {
    #[serde(default)]
    unit: Vec<Unit>,
}
#[derive(Deserialize)]
struct ElementsFile {
    #[serde(default)]
    element: Vec<Element>,
}
#[derive(Deserialize)]
struct TargetsFile {
    #[serde(default)]
    target: Vec<Target>,
}
#[derive(Deserialize)]
struct TasksFile {
    #[serde(default)]
    task: Vec<Task>,
}

impl Programme {
    /// Reads every seed file in `dir`. The first file that does not parse stops loading:
    /// a half-read programme cannot be judged.
    pub fn load(dir: &Path) -> Result<Programme, LoadError> {
        let mut sources = Sources::default();
        let p: ProgrammeFile = read(dir, "programme", &mut sources)?;
        let units: UnitsFile = read(dir, "units", &mut sources)?;
        let elements: ElementsFile = read(dir, "elements", &mut sources)?;
        let targets: TargetsFile = read(dir, "targets", &mut sources)?;
        let tasks: TasksFile = read(dir, "tasks", &mut sources)?;
        let issuers: Issuers = read(dir, "issuers", &mut sources)?;
        let mut periods: crate::model::period::Calendar = read(dir, "periods", &mut sources)?;
        // Optional: without it no figure is cross-checked, and `baocao check` says which
        // shares lack a rule.
        let rules: crate::model::rules::Rules = if dir.join("rules.toml").exists() {
            read(dir, "rules", &mut sources)?
        } else {
            crate::model::rules::Rules::default()
        };
        // Optional: without it no sentence compares with the year's plan.
        let plans: crate::model::plans::Plans = if dir.join("plans.toml").exists() {
            read(dir, "plans", &mut sources)?
        } else {
            crate::model::plans::Plans::default()
        };
        periods.term_start = p.programme.term_start;
        Ok(Programme {
            info: p.programme,
            fields: p.field,
            units: units.unit,
            elements: elements.element,
            targets: targets.target,
            tasks: tasks.task,
            issuers,
            periods,
            rules,
            plans,
            sources,
        })
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }
    pub fn element(&self, code: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.code == code)
    }
    pub fn field(&self, code: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.code == code)
    }
    /// The basis a formula implies from its elements' aggregation: what `basis` must say.
    pub fn implied_basis(&self, i: &Indicator) -> Option<Basis> {
        let flow = |code: &str| self.element(code).map(|e| e.flow);
        Some(match i {
            Indicator::Share { .. } => Basis::RateOfStocks,
            Indicator::Sum { element }
            | Indicator::Lead { element }
            | Indicator::Date { element } => {
                if flow(element)? {
                    Basis::Flow
                } else {
                    Basis::Level
                }
            }
            Indicator::Ratio {
                numerator,
                denominator,
                ..
            } => match (flow(numerator)?, flow(denominator)?) {
                (false, false) => Basis::RateOfStocks,
                (true, true) => Basis::RateOfFlows,
                (true, false) => Basis::FlowPerStock,
                (false, true) => return None,
            },
        })
    }
    pub fn unit_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.unit(code).map(|u| u.name.as_str()).unwrap_or(code)
    }

    /// Units that receive a workbook each period, in directory order.
    pub fn reporting_units(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|u| u.reports)
    }

    /// Whether `unit` reports `element` (by code or by its kind).
    pub fn reports(&self, unit: &Unit, element: &Element) -> bool {
        element.reported_by.iter().any(|r| matches_unit(r, unit))
    }

    /// The elements a unit reports, in model order.
    pub fn elements_of<'a>(&'a self, unit: &'a Unit) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements.iter().filter(move |e| self.reports(unit, e))
    }

    /// Tasks the unit leads, advises on or coordinates, in model order, with its role.
    pub fn tasks_of<'a>(&'a self, unit: &'a Unit) -> impl Iterator<Item = (&'a Task, Role)> + 'a {
        self.tasks.iter().filter_map(move |t| {
            if t.lead.as_deref().is_some_and(|l| matches_unit(l, unit)) {
                Some((t, Role::Lead))
            } else if t.advisor.as_deref().is_some_and(|l| matches_unit(l, unit)) {
                Some((t, Role::Advisor))
            } else if t.coordinators.iter().any(|c| matches_unit(c, unit)) {
                Some((t, Role::Coordinator))
            } else {
                None
            }
        })
    }

    /// The display name of a unit reference ("BXD" or "kind:chi-bo").
    pub fn unit_ref_name(&self, spec: &str) -> String {
        match spec.strip_prefix("kind:") {
            Some(kind) => UnitKind::from_code(kind)
                .map_or_else(|| kind.to_string(), |k| k.plural_name().to_string()),
            None => self.unit_name(spec).to_string(),
        }
    }

    pub fn issuer(&self, profile: ProfileKind) -> &Issuer {
        match profile {
            ProfileKind::Dang => &self.issuers.dang,
            ProfileKind::NhaNuoc => &self.issuers.nha_nuoc,
        }
    }
}

/// A task's relation to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Chủ trì.
    Lead,
    /// Tham mưu.
    Advisor,
    /// Phối hợp.
    Coordinator,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "Chủ trì",
            Role::Advisor => "Tham mưu",
            Role::Coordinator => "Phối hợp",
        }
    }
}

/// Whether a unit reference — a unit code, or "kind:<unit kind>" for every unit of a kind —
/// names `unit`.
pub fn matches_unit(spec: &str, unit: &Unit) -> bool {
    match spec.strip_prefix("kind:") {
        Some(kind) => kind == unit.kind.code(),
        None => spec == unit.code,
    }
}

fn read<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &'static str,
    sources: &mut Sources,
) -> Result<T, LoadError> {
    let path = dir.join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).map_err(|e| LoadError {
        path: path.clone(),
        line: 0,
        column: 0,
        message: format!("không đọc được tệp: {e}"),
    })?;
    let parsed = toml::from_str::<T>(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((0, 0));
        LoadError {
            path: path.clone(),
            line,
            column,
            message: format!("lỗi cú pháp TOML: {}", e.message()),
        }
    })?;
    sources.files.insert(name, (path, text));
    Ok(parsed)
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Which administrative format a document follows: a Party document (`dang`, Hướng dẫn
/// 36-HD/VPTW) or a State one (`nha-nuoc`, Nghị định 30/2020/NĐ-CP). The issuer and the
/// format profile are chosen by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileKind {
    Dang,
    NhaNuoc,
}

impl ProfileKind {
    pub fn code(self) -> &'static str {
        match self {
            ProfileKind::Dang => "dang",
            ProfileKind::NhaNuoc => "nha-nuoc",
        }
    }
}

impl std::str::FromStr for ProfileKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "dang" => Ok(ProfileKind::Dang),
            "nha-nuoc" => Ok(ProfileKind::NhaNuoc),
            _ => Err(format!(
                "thể thức '{s}' không có: dùng 'dang' (văn bản Đảng) hoặc 'nha-nuoc' (văn bản Nhà nước)"
            )),
        }
    }
}
