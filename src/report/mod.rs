//! Report data: a consolidated period turned into what a template prints, and the document
//! assembled from the template's output and the issuer's frame.
//!
//! Sentences that depend on figures are composed here (so templates stay readable and every
//! number is formatted the Vietnamese way once); templates decide the outline and the prose.

//! One home per part of the report:
//! - `sentences`: a figure stated in words (a target's line, a value with its unit);
//! - `summary`: the counts of the general assessment;
//! - `fields`: results field by field (targets and tasks);
//! - `synthesis`: what units wrote, gathered by theme;
//! - `leadership`: how the programme was led and turned into plans (documents issued);
//! - `assessment`: the strengths named before the limitations;
//! - `direction`: Part two's figures to aim for, a review's proposals;
//! - `appendices`: the rows of the appendix tables;
//! - `frame`: letterhead, number, date, signature, recipients;
//! - `tracking`: the office's working notes, kept out of the official text.

mod appendices;
mod assessment;
pub mod consolidate;
mod direction;
pub mod export;
pub(crate) mod fields;
mod frame;
mod leadership;
mod sentences;
mod summary;
mod synthesis;
pub mod tracking;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::period::Period;
use crate::model::programme::Programme;
use crate::model::vn;
use crate::render::document::{self, Document, Meta};
use crate::render::markup::{TemplateError, Templates};
use crate::render::profile::{Profile, ProfileKind};
use crate::report::consolidate::Consolidated;

pub use appendices::{TargetGroup, TargetRow, TaskGroup, TaskRow, UnitRow};
pub use fields::{FieldSection, TargetLine, TaskLine};
pub use frame::frame;
pub use sentences::{goal, with_measure};
pub use summary::Summary;
pub use synthesis::Said;

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
    /// Annual reports and reviews draw lessons (bài học kinh nghiệm).
    pub lessons_section: bool,
    /// The end-of-term review (the mid-term one otherwise, when `review`).
    pub endterm: bool,
    /// A Party document (`dang`); a State one otherwise.
    pub party: bool,
    /// Part one, II: how the programme was led and turned into plans.
    pub leadership: leadership::Leadership,
    /// Part one: strengths before limitations.
    pub strengths: assessment::Strengths,
    /// The situation's difficulties (khó khăn), from what units give as objective causes.
    pub difficulties: Vec<Said>,
    /// Requests to the level above, from the units' proposals ("bố trí kinh phí …").
    pub requests: Vec<String>,
    /// Works the programme proposes the city invest in, not yet done, as running text.
    pub city_works: String,
    /// The year Part two aims at, when it is a year (the next one after an annual report).
    pub aim_year: Option<i32>,
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
    /// The same rows under a group row per field (Phụ lục 1).
    pub target_groups: Vec<TargetGroup>,
    /// Columns of Phụ lục 1's table (for its group rows).
    pub target_columns: usize,
    pub task_groups: Vec<TaskGroup>,
    pub unit_rows: Vec<UnitRow>,
    /// "hai năm rưỡi": how long the term has run at a review.
    pub term_span: String,
    /// Part two: targets not met yet, with the figure to aim for.
    pub aims: Vec<String>,
    /// A review's proposal for each target forecast "khó đạt".
    pub hard_targets: direction::Proposals,
    /// References to the appendices ("Phụ lục 1" / "Phụ lục I"), set by `draft`.
    pub refs: Refs,
}

/// How the text refers to the appendices, numbered as the profile numbers them.
#[derive(Debug, Serialize)]
pub struct Refs {
    pub targets: String,
    pub tasks: String,
}

impl Refs {
    pub fn numbered(profile: &Profile) -> Refs {
        Refs {
            targets: document::appendix_label(profile, 0),
            tasks: document::appendix_label(profile, 1),
        }
    }
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

/// Builds the template context.
pub fn context(p: &Programme, c: &Consolidated, opts: &Options) -> Context {
    let period = c.period;
    let review = period.is_review();
    let last_year = if review {
        period.year(&p.periods) - 1
    } else {
        period.year(&p.periods)
    };
    let years: Vec<i32> = (p.info.baseline_year..=last_year).collect();
    let setting = setting(p, period, last_year);
    let said = |get, anonymous| {
        let all = synthesis::statements(p, c, get);
        synthesis::synthesise(p, &all, anonymous, synthesis::MAX_STATEMENTS)
    };
    let aim_year = match period {
        Period::Year { year } => Some(year + 1),
        Period::MidTerm | Period::EndTerm => None,
        other => Some(other.year(&p.periods)),
    };
    let objective = said(|n| &n.causes_objective, true);
    let target_rows = appendices::target_rows(p, c, &years);
    let target_columns = if review { 10 + years.len() } else { 9 };
    let issuer_text = document::sentence_case(&p.issuer(opts.profile).name_lines.join(" "));
    Context {
        kind: template_for(period),
        period: period_info(p, period),
        programme: ProgrammeInfo {
            title: p.info.title.clone(),
            short_title: p.info.short_title.clone(),
            term: format!("{} - {}", p.info.term_start, p.info.term_end),
            term_start: p.info.term_start,
            term_end: p.info.term_end,
        },
        issuer: p.issuer(opts.profile).name_lines.join(" "),
        issuer_text: issuer_text.clone(),
        report_date: opts.date.to_string(),
        last_year,
        term_years_done: last_year - p.info.baseline_year,
        review,
        annual: matches!(period, Period::Year { .. }),
        lessons_section: review || matches!(period, Period::Year { .. }),
        endterm: period == Period::EndTerm,
        party: opts.profile == ProfileKind::Dang,
        leadership: leadership::leadership(p, c),
        strengths: assessment::strengths(p, c, &setting),
        requests: requests(p, c),
        city_works: city_works(p, c),
        aim_year,
        summary: summary::summary(p, c),
        fields: fields::fields(p, c, &setting),
        limitations: said(|n| &n.limitations, true),
        difficulties: objective.clone(),
        causes_objective: objective,
        causes_subjective: said(|n| &n.causes_subjective, true),
        lessons: said(|n| &n.lessons, true),
        proposals: said(|n| &n.proposals, true),
        next_steps: said(|n| &n.next_steps, true),
        years,
        half_year_label: format!("6 tháng đầu năm {}", period.year(&p.periods)),
        target_groups: appendices::target_groups(p, &target_rows),
        target_columns,
        target_rows,
        task_groups: appendices::task_groups(p, c, &issuer_text),
        unit_rows: appendices::unit_rows(c),
        term_span: term_span(last_year - p.info.baseline_year, review),
        aims: direction::aims(p, c, aim_year),
        hard_targets: direction::proposals(p, c, last_year),
        refs: Refs {
            targets: "Phụ lục 1".into(),
            tasks: "Phụ lục 2".into(),
        },
    }
}

/// The period as the template names it, with the period Part two looks ahead to.
fn period_info(p: &Programme, period: Period) -> PeriodInfo {
    let window = period.window(&p.periods);
    let next = match period {
        Period::HalfYear { year } => format!("6 tháng cuối năm {year}"),
        Period::Year { year } => format!("năm {}", year + 1),
        Period::MidTerm => format!(
            "những năm còn lại của nhiệm kỳ {} - {}",
            p.info.term_start, p.info.term_end
        ),
        // The end-of-term review looks ahead to the next term.
        Period::EndTerm => format!(
            "nhiệm kỳ {} - {}",
            p.info.term_end,
            2 * p.info.term_end - p.info.term_start
        ),
        other => format!("kỳ tiếp theo sau {}", other.name(&p.periods)),
    };
    PeriodInfo {
        id: period.id(),
        name: period.name(&p.periods),
        year: period.year(&p.periods),
        start: vn::short_date(window.start),
        end: vn::short_date(window.end),
        deadline: vn::short_date(window.deadline),
        next,
    }
}

/// How a target's sentence reads in this period: a review speaks of its last whole year
/// against the year before, a period of itself against the same period last year.
fn setting(p: &Programme, period: Period, last_year: i32) -> sentences::Setting {
    let review = period.is_review();
    sentences::Setting {
        when: if review {
            format!("năm {last_year}")
        } else {
            String::new()
        },
        against: if review {
            format!("năm {}", last_year - 1)
        } else {
            "cùng kỳ".into()
        },
        full_year: period.is_full_year() || review,
        months: period.months(),
        year: last_year,
        baseline: p.info.baseline_year,
        review,
    }
}

/// The units' proposals as requests of the committee to the level above: "Đề nghị bố trí
/// kinh phí …" becomes "Bố trí kinh phí …", listed after the addressee the template names.
fn requests(p: &Programme, c: &Consolidated) -> Vec<String> {
    let all = synthesis::statements(p, c, |n| &n.proposals);
    synthesis::synthesise(p, &all, true, synthesis::MAX_STATEMENTS)
        .into_iter()
        .map(|s| {
            let text = s.text.trim();
            let text = ["Đề nghị ", "Kiến nghị ", "Đề xuất "]
                .iter()
                .find_map(|w| text.strip_prefix(w))
                .unwrap_or(text);
            synthesis::upper_first(text.trim())
        })
        .collect()
}

/// Works whose product in the programme is "Đề nghị thành phố đầu tư", not done yet.
fn city_works(p: &Programme, c: &Consolidated) -> String {
    p.tasks
        .iter()
        .filter(|t| {
            t.product
                .as_deref()
                .is_some_and(|x| x.trim_start().starts_with("Đề nghị thành phố"))
        })
        .filter(|t| {
            c.tasks.iter().any(|r| {
                r.code == t.code
                    && !matches!(
                        r.state,
                        consolidate::TaskState::Done | consolidate::TaskState::DoneLate
                    )
            })
        })
        .map(|t| sentences::lower_first(t.title.trim()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "hai năm rưỡi" for two whole years and a half (a review also covers the first half of
/// its year), "hai năm" otherwise.
fn term_span(whole_years: i32, half: bool) -> String {
    const WORDS: [&str; 11] = [
        "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
    ];
    let n = usize::try_from(whole_years)
        .ok()
        .and_then(|n| WORDS.get(n))
        .map(|w| w.to_string())
        .unwrap_or_else(|| whole_years.to_string());
    if half {
        format!("{n} năm rưỡi")
    } else {
        format!("{n} năm")
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
    let mut ctx = context(p, c, opts);
    ctx.refs = Refs::numbered(profile);
    let rendered = templates.render(template_for(c.period), &ctx)?;
    let frame = frame(
        p,
        profile,
        opts,
        &rendered.doc_type,
        &rendered.type_abbreviation,
        &rendered.summary,
        c.period.is_review(),
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
