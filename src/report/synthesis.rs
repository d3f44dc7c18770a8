//! What units wrote in their narrative, gathered by theme.

use serde::Serialize;

use crate::consolidate::Consolidated;
use crate::programme::Programme;
use crate::submission::Narrative;

/// Something a unit wrote, attributed.
#[derive(Debug, Clone, Serialize)]
pub struct Said {
    pub unit: String,
    pub text: String,
}

/// One narrative field of every unit that wrote something in it, attributed.
pub fn said(p: &Programme, c: &Consolidated, get: fn(&Narrative) -> &str) -> Vec<Said> {
    c.narratives
        .iter()
        .filter(|(_, n)| !get(n).trim().is_empty())
        .map(|(u, n)| Said {
            unit: p.unit_name(u).to_string(),
            text: get(n).trim().trim_end_matches('.').to_string(),
        })
        .collect()
}
