//! Strengths (ưu điểm) of the period, from the verdicts: what the general assessment names
//! before the limitations.

use serde::Serialize;

use crate::model::evaluate::Status;
use crate::model::programme::Programme;
use crate::report::consolidate::Consolidated;

use super::sentences::lower_first;

/// Targets named as exceeded, at most.
const EXCEEDED_NAMED: usize = 6;

#[derive(Debug, Default, Serialize)]
pub struct Strengths {
    /// Targets that exceeded the resolution's bar, as running text.
    pub exceeded: Vec<String>,
    /// Fields whose every target is met ("quốc phòng, an ninh và đối ngoại").
    pub fields_met: Vec<String>,
}

pub fn strengths(p: &Programme, c: &Consolidated) -> Strengths {
    let status = |code: &str| c.target(code).map(|r| r.evaluation.status);
    let exceeded = p
        .targets
        .iter()
        .filter(|t| status(&t.code) == Some(Status::Vuot))
        .map(|t| lower_first(&t.name))
        .take(EXCEEDED_NAMED)
        .collect();
    let fields_met = p
        .fields
        .iter()
        .filter(|f| {
            let judged: Vec<Status> = p
                .targets
                .iter()
                .filter(|t| t.field == f.code)
                .filter_map(|t| status(&t.code))
                .collect();
            judged.len() >= 2 && judged.iter().all(|s| s.is_met())
        })
        .map(|f| lower_first(&f.name))
        .collect();
    Strengths {
        exceeded,
        fields_met,
    }
}
