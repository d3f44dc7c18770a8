//! Strengths (ưu điểm) of the period, from the verdicts: what the general assessment names
//! before the limitations.

use serde::Serialize;

use crate::model::evaluate::Status;
use crate::model::programme::{Programme, Shape, Target};
use crate::model::vn;
use crate::report::consolidate::{Consolidated, TargetResult};

use super::sentences::{Setting, level_measure, lower_first, with_measure};

/// Targets named as exceeded, at most.
const EXCEEDED_NAMED: usize = 6;

#[derive(Debug, Default, Serialize)]
pub struct Strengths {
    /// Targets that exceeded the resolution's bar, with their figure, as running text.
    pub exceeded: Vec<String>,
    /// Three or more exceeded: "Nhiều chỉ tiêu vượt …"; fewer are counted.
    pub many: bool,
    /// Fields whose every target is met ("quốc phòng, an ninh và đối ngoại").
    pub fields_met: Vec<String>,
}

pub fn strengths(p: &Programme, c: &Consolidated, s: &Setting) -> Strengths {
    let status = |code: &str| c.target(code).map(|r| r.evaluation.status);
    let exceeded: Vec<String> = p
        .targets
        .iter()
        .filter(|t| status(&t.code) == Some(Status::Vuot))
        .filter_map(|t| Some(with_figure(p, t, c.target(&t.code)?, s)))
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
        many: exceeded.len() >= 3,
        exceeded,
        fields_met,
    }
}

/// "thu ngân sách nhà nước trên địa bàn tăng 8,7% so với cùng kỳ", "tỷ lệ gia đình văn hóa
/// đạt 95,5%": an exceeded target by the figure that exceeds; growth over whole years is an
/// average from the baseline ("tăng bình quân 8,7%/năm giai đoạn 2025 - 2027").
fn with_figure(p: &Programme, t: &Target, r: &TargetResult, s: &Setting) -> String {
    let e = &r.evaluation;
    match (&t.shape, e.growth, e.value) {
        (Shape::Growth { .. }, Some(g), _) => {
            let figure = t
                .indicator
                .elements()
                .first()
                .and_then(|code| p.element(code))
                .map_or(t.name.as_str(), |el| {
                    el.name.split(" (").next().unwrap_or(&el.name)
                });
            let g = vn::percent(g);
            let how = if !s.full_year {
                format!("tăng {g} so với cùng kỳ")
            } else if s.year - s.baseline >= 2 {
                format!(
                    "tăng bình quân {g}/năm giai đoạn {} - {}",
                    s.baseline, s.year
                )
            } else {
                format!("tăng {g} so với năm {}", s.year - 1)
            };
            format!("{} {how}", lower_first(figure))
        }
        (_, _, Some(v)) if !matches!(t.shape, Shape::Achieved | Shape::Deadline { .. }) => {
            format!(
                "{} đạt {}",
                lower_first(&t.name),
                with_measure(v, level_measure(p, t))
            )
        }
        _ => lower_first(&t.name),
    }
}
