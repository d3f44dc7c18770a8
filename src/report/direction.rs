//! Part two and three's figures: what to aim for in the next period (the year's bars, an
//! amount where the bar is a growth rate), and for a review the proposal for each target hard
//! to reach by the term's end: extra measures where it is within reach, an adjustment where it
//! is far off.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::evaluate::{Status, Verdict};
use crate::model::programme::{Horizon, Pace, Programme, Shape, Target};
use crate::model::vn;
use crate::report::consolidate::{Consolidated, TargetResult};

use super::sentences::{goal, level_measure, lower_first, with_measure};

/// Shortfall of the forecast against the bar beyond which a review proposes to adjust the
/// target rather than to add measures (a tenth of the bar).
const FAR_OFF: f64 = 0.10;

/// The figures to aim for in the next period: every target not met yet, and, for a year to
/// come (`year`: the whole year after an annual report, or the rest of the year after a part
/// of it), each target judged every year with its bar, a growth rate turned into the amount it
/// means for that year.
pub fn aims(p: &Programme, c: &Consolidated, year: Option<i32>) -> Vec<String> {
    p.targets
        .iter()
        .filter_map(|t| {
            let r = c.target(&t.code)?;
            let hard = matches!(
                r.evaluation.status,
                Status::ChuaDat | Status::QuaHan | Status::ChamLoTrinh
            );
            let yearly = t.horizon == Horizon::EachYear && !matches!(t.shape, Shape::Achieved);
            match year {
                Some(y) if yearly || matches!(t.shape, Shape::Growth { .. }) => {
                    Some(year_aim(p, t, r, y))
                }
                _ if hard => Some(format!("{}: {}", t.name, goal(t))),
                _ => None,
            }
        })
        .collect()
}

/// "Tốc độ tăng thu ngân sách …: tăng bình quân trên 8%/năm, tương ứng năm 2027 đạt trên
/// 23.608 triệu đồng".
fn year_aim(p: &Programme, t: &Target, r: &TargetResult, year: i32) -> String {
    let mut s = format!("{}: {}", t.name, goal(t));
    if let Shape::Growth {
        min, strict, pace, ..
    } = t.shape
    {
        let base = p.info.baseline_year;
        let needed = match pace {
            Pace::Average => r
                .annual
                .get(&base)
                .map(|v| v * (1.0 + min / 100.0).powi(year - base)),
            Pace::EveryYear => r.annual.get(&(year - 1)).map(|v| v * (1.0 + min / 100.0)),
        };
        if let Some(x) = needed {
            // A bar in tens of millions keeps a decimal (69,4 triệu đồng/người), not a
            // rounding that would read as last year's figure.
            let measure = level_measure(p, t);
            let amount = if x < 1000.0 {
                format!("{} {measure}", vn::number(x, 1))
            } else {
                with_measure(x, measure)
            };
            let bound = if strict {
                format!("trên {amount}")
            } else {
                format!("từ {amount} trở lên")
            };
            s.push_str(&format!(", tương ứng năm {year} đạt {bound}"));
        }
    }
    s
}

/// A review's proposals for the targets forecast "khó đạt", in two lists: extra measures for
/// those within reach, an adjustment for those far off.
#[derive(Debug, Default, Serialize)]
pub struct Proposals {
    pub reinforce: Vec<String>,
    pub adjust: Vec<String>,
}

/// One line per target forecast "khó đạt": where it stands, its forecast against the bar, and
/// the lead unit's own proposal when it speaks of this target.
pub fn proposals(p: &Programme, c: &Consolidated, last_year: i32) -> Proposals {
    let mut out = Proposals::default();
    for t in &p.targets {
        let Some(r) = c.target(&t.code) else { continue };
        if r.evaluation.verdict != Some(Verdict::KhoDat) {
            continue;
        }
        let (line, shortfall) = standing(p, t, r, last_year);
        let line = match unit_proposal(c, t) {
            Some(own) => format!("{line}; {}", lower_first(&own)),
            None => line,
        };
        if shortfall > FAR_OFF {
            out.adjust.push(line);
        } else {
            out.reinforce.push(line);
        }
    }
    out
}

/// Where a target hard to reach stands and by how much (a share of the bar) its forecast
/// falls short.
fn standing(p: &Programme, t: &Target, r: &TargetResult, last_year: i32) -> (String, f64) {
    let e = &r.evaluation;
    let end = p.info.term_end;
    let bar = match t.shape {
        Shape::AtLeast { value } | Shape::MoreThan { value } => Some(value),
        Shape::Range { min, .. } | Shape::Multiple { min, .. } => Some(min),
        Shape::Growth { min, .. } => Some(min),
        _ => None,
    };
    let measure = level_measure(p, t);
    let (now, estimate) = match t.shape {
        Shape::Growth { .. } => (
            e.growth_so_far.map(|g| {
                format!(
                    "bình quân giai đoạn {} - {last_year} tăng {}%/năm",
                    p.info.baseline_year,
                    vn::number(g, 1)
                )
            }),
            e.growth_so_far,
        ),
        _ => (
            r.annual
                .get(&last_year)
                .map(|v| format!("năm {last_year} đạt {}", with_measure(*v, measure))),
            e.projection,
        ),
    };
    let mut s = format!("{} (chỉ tiêu Nghị quyết: {})", t.name, goal(t));
    if let Some(now) = now {
        s.push_str(&format!(": {now}"));
        if !matches!(t.shape, Shape::Growth { .. })
            && let Some(x) = e.projection
        {
            s.push_str(&format!(
                ", dự báo năm {end} đạt khoảng {}",
                with_measure(x, measure)
            ));
        }
    }
    let shortfall = match (bar, estimate) {
        (Some(b), Some(x)) if b > 0.0 => ((b - x) / b).max(0.0),
        _ => 0.0,
    };
    (s, shortfall)
}

/// A sentence of the lead unit's proposals that shares most of the target's words.
fn unit_proposal(c: &Consolidated, t: &Target) -> Option<String> {
    let (_, n) = c.narratives.iter().find(|(u, _)| *u == t.lead)?;
    let name = words(&t.name);
    n.proposals
        .split(['.', '\n'])
        .map(str::trim)
        .find(|s| {
            let w = words(s);
            name.len() >= 2 && name.intersection(&w).count() * 2 >= name.len()
        })
        .map(str::to_string)
}

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .collect()
}
