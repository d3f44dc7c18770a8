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
//! - `appendices`: the rows of the appendix tables;
//! - `frame`: letterhead, number, date, signature, recipients.

mod appendices;
mod fields;
mod frame;
mod sentences;
mod summary;
mod synthesis;

use chrono::NaiveDate;
use serde::Serialize;

use crate::consolidate::Consolidated;
use crate::document::{self, Document, Meta};
use crate::markup::{TemplateError, Templates};
use crate::period::Period;
use crate::profile::{Profile, ProfileKind};
use crate::programme::Programme;
use crate::vn;

pub use appendices::{TargetRow, TaskGroup, TaskRow, UnitRow};
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
    let last_year = if review {
        period.year(&p.periods) - 1
    } else {
        period.year(&p.periods)
    };
    let years: Vec<i32> = (p.info.baseline_year..=last_year).collect();
    let said = |get| synthesis::said(p, c, get);
    let target_rows = appendices::target_rows(p, c, &years);
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
        summary: summary::summary(c),
        fields: fields::fields(p, c, review, full_year),
        limitations: said(|n| &n.limitations),
        causes_objective: said(|n| &n.causes_objective),
        causes_subjective: said(|n| &n.causes_subjective),
        lessons: said(|n| &n.lessons),
        proposals: said(|n| &n.proposals),
        next_steps: said(|n| &n.next_steps),
        years,
        half_year_label: format!("6 tháng năm {}", period.year(&p.periods)),
        target_rows,
        task_groups: appendices::task_groups(p, c),
        unit_rows: appendices::unit_rows(c),
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
