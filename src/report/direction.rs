//! Part two and three's figures: what to aim for in the next period, and for a review the
//! proposal (điều chỉnh or extra measures) for each target hard to reach by the term's end.

use std::collections::BTreeSet;

use crate::model::evaluate::{Status, Verdict};
use crate::model::programme::{Programme, Target};
use crate::report::consolidate::Consolidated;

use super::fields::TargetLine;
use super::sentences::goal;

/// "Tỷ lệ chi bộ … đạt 100% hằng năm": each target not met yet with the figure the resolution
/// sets, for Part two.
pub fn aims(p: &Programme, c: &Consolidated) -> Vec<String> {
    p.targets
        .iter()
        .filter(|t| {
            c.target(&t.code).is_some_and(|r| {
                matches!(
                    r.evaluation.status,
                    Status::ChuaDat | Status::QuaHan | Status::ChamLoTrinh
                )
            })
        })
        .map(|t| format!("{}: {}", t.name, goal(t)))
        .collect()
}

/// One proposal line per target forecast "khó đạt": the lead unit's own proposal when it speaks
/// of this target, else the office's standard wording.
pub fn hard_targets(p: &Programme, c: &Consolidated) -> Vec<TargetLine> {
    p.targets
        .iter()
        .filter(|t| {
            c.target(&t.code)
                .is_some_and(|r| r.evaluation.verdict == Some(Verdict::KhoDat))
        })
        .map(|t| TargetLine {
            code: t.code.clone(),
            sentence: match unit_proposal(c, t) {
                Some(text) => format!("Chỉ tiêu “{}”: {}.", t.name, lower_first(&text)),
                None => format!(
                    "Chỉ tiêu “{}”: đề nghị rà soát, xem xét điều chỉnh chỉ tiêu cho phù hợp \
                     hoặc bổ sung giải pháp để phấn đấu hoàn thành chỉ tiêu Nghị quyết ({}).",
                    t.name,
                    goal(t)
                ),
            },
        })
        .collect()
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

fn lower_first(s: &str) -> String {
    super::sentences::lower_first(s)
}
