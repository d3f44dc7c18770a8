//! The year's plan: what the ward set itself for one year (kế hoạch, or for the budget the
//! People's Council's dự toán), per target or per data element (`seeds/plans.toml`).
//!
//! Published reports state each figure against it ("đạt 104,3% dự toán năm"); the resolution's
//! target is a separate comparison. A plan is optional: without one the sentence says nothing
//! about the plan.

use serde::{Deserialize, Serialize};

use crate::model::programme::{Indicator, Shape, Target};

/// What the year's figure is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanKind {
    /// "kế hoạch": the ward's plan for the year.
    #[default]
    KeHoach,
    /// "dự toán": the budget estimate the People's Council approved (revenue, spending).
    DuToan,
}

impl PlanKind {
    /// The word a sentence uses: "đạt 104,3% dự toán năm".
    pub fn word(self) -> &'static str {
        match self {
            PlanKind::KeHoach => "kế hoạch",
            PlanKind::DuToan => "dự toán",
        }
    }
}

/// One year's plan figure, for a target or for the data element a target is built on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub year: i32,
    /// A target code (`CT-…`): the plan is in the target's measure (a rate in %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Or a data element code: the plan is in the element's measure and serves every target
    /// whose value is that element's total (a growth or multiple target's level included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    pub value: f64,
    #[serde(default)]
    pub kind: PlanKind,
    /// Where the figure comes from ("Nghị quyết số 15/NQ-HĐND ngày 20/12/2025"); the office's
    /// record, not printed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The plans of every year (`plans.toml`, optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Plans {
    #[serde(default)]
    pub plan: Vec<Plan>,
}

impl Plans {
    /// The plan of `year` for target `t`: one stated for the target itself, else one for the
    /// element whose total the target's value is.
    pub fn for_target(&self, t: &Target, year: i32) -> Option<&Plan> {
        let of_year = || self.plan.iter().filter(move |x| x.year == year);
        of_year()
            .find(|x| x.target.as_deref() == Some(t.code.as_str()))
            .or_else(|| {
                let element = level_element(t)?;
                of_year().find(|x| x.target.is_none() && x.element.as_deref() == Some(element))
            })
    }
}

/// The element whose ward total is the target's value (or, for a growth or a multiple, the
/// level it is computed from): what an element's plan is compared with.
pub fn level_element(t: &Target) -> Option<&str> {
    match (&t.indicator, &t.shape) {
        (_, Shape::Achieved | Shape::Deadline { .. }) => None,
        (Indicator::Sum { element } | Indicator::Lead { element }, _) => Some(element),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::programme::Programme;

    fn plans(text: &str) -> Plans {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn a_targets_own_plan_comes_before_its_elements() {
        let p = Programme::load(std::path::Path::new("seeds")).unwrap();
        let revenue = p.targets.iter().find(|t| t.code == "CT-KT-01").unwrap();
        let x = plans(
            r#"
            [[plan]]
            year = 2026
            element = "thu_ngan_sach"
            value = 19000
            kind = "du-toan"
            [[plan]]
            year = 2026
            target = "CT-KT-01"
            value = 19500
            "#,
        );
        assert_eq!(x.for_target(revenue, 2026).unwrap().value, 19500.0);
        assert!(x.for_target(revenue, 2027).is_none());
        let only_element = Plans {
            plan: vec![x.plan[0].clone()],
        };
        let got = only_element.for_target(revenue, 2026).unwrap();
        assert_eq!((got.value, got.kind.word()), (19000.0, "dự toán"));
    }

    #[test]
    fn a_rate_takes_no_elements_plan() {
        let p = Programme::load(std::path::Path::new("seeds")).unwrap();
        let poverty = p.targets.iter().find(|t| t.code == "CT-KT-07").unwrap();
        assert_eq!(level_element(poverty), None);
    }
}
