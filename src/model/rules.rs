//! Validation rules across figures (`seeds/rules.toml`): "poor households ≤ households".
//!
//! The DHIS2 idea: a rule has a left side, an operator, a right side (each a sum of data
//! elements), an importance and a Vietnamese message. A figure that breaks a rule is kept and
//! flagged, never dropped: the clerk may have typed the wrong cell, or the other one. Rules are
//! checked per unit when a workbook is read ([`unit_findings`]) and again on ward totals when
//! a period is consolidated ([`breaches`]), where a broken rule marks the targets it touches.
//!
//! The same file sets the warning for a stock (an element that is not a flow) moving more than
//! a given share from the unit's previous period.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::diag::{Finding, Severity};
use crate::model::programme::Programme;
use crate::model::submission::Content;
use crate::model::submission::Latest;

/// The rules file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub stock_change: StockChange,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// When a stock's move from the previous period is worth a warning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockChange {
    /// Warn when |now − before| > max_share × before.
    pub max_share: f64,
    /// Previous values below this are not judged (small counts move by whole units).
    #[serde(default)]
    pub min_base: f64,
}

impl Default for StockChange {
    fn default() -> Self {
        StockChange {
            max_share: 0.5,
            min_base: 20.0,
        }
    }
}

/// One side of a rule: an element, or the sum of several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Side {
    One(String),
    Sum(Vec<String>),
}

impl Side {
    pub fn elements(&self) -> Vec<&str> {
        match self {
            Side::One(e) => vec![e.as_str()],
            Side::Sum(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "<")]
    Less,
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    More,
    #[serde(rename = "==")]
    Equal,
}

impl Operator {
    pub fn holds(self, left: f64, right: f64) -> bool {
        let eps = 1e-9 * left.abs().max(right.abs()).max(1.0);
        match self {
            Operator::AtMost => left <= right + eps,
            Operator::Less => left < right - eps,
            Operator::AtLeast => left >= right - eps,
            Operator::More => left > right + eps,
            Operator::Equal => (left - right).abs() <= eps,
        }
    }

    /// How a breach reads: "545 lớn hơn 320".
    fn broken(self) -> &'static str {
        match self {
            Operator::AtMost => "lớn hơn",
            Operator::Less => "không nhỏ hơn",
            Operator::AtLeast => "nhỏ hơn",
            Operator::More => "không lớn hơn",
            Operator::Equal => "khác",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Importance {
    High,
    Medium,
    Low,
}

impl Importance {
    pub fn label(self) -> &'static str {
        match self {
            Importance::High => "cao",
            Importance::Medium => "trung bình",
            Importance::Low => "thấp",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub code: String,
    pub left: Side,
    pub operator: Operator,
    pub right: Side,
    pub importance: Importance,
    /// What the rule means, in Vietnamese, for the clerk and the report.
    pub message: String,
}

impl Rule {
    pub fn elements(&self) -> Vec<&str> {
        let mut v = self.left.elements();
        v.extend(self.right.elements());
        v
    }

    /// Whether `numerator ≤ denominator` follows from this rule (a share's bound).
    pub fn bounds_share(&self, numerator: &str, denominator: &str) -> bool {
        match self.operator {
            Operator::AtMost | Operator::Less | Operator::Equal => {
                self.left.elements() == [numerator] && self.right.elements().contains(&denominator)
            }
            Operator::AtLeast | Operator::More => {
                self.right.elements() == [numerator] && self.left.elements().contains(&denominator)
            }
        }
    }

    /// The two sides' values from a lookup, when every element on both sides has one.
    fn sides(&self, value: &dyn Fn(&str) -> Option<f64>) -> Option<(f64, f64)> {
        let sum = |side: &Side| -> Option<f64> {
            side.elements().into_iter().map(value).sum::<Option<f64>>()
        };
        Some((sum(&self.left)?, sum(&self.right)?))
    }

    fn side_name(&self, p: &Programme, side: &Side) -> String {
        side.elements()
            .iter()
            .map(|e| p.element(e).map_or(e.to_string(), |e| e.name.clone()))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// A rule broken by one unit's figures or by the ward's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub rule: String,
    /// The unit whose figures break it; None for the ward's totals.
    pub unit: Option<String>,
    pub left: f64,
    pub right: f64,
    pub importance: Importance,
    pub message: String,
}

impl Breach {
    /// "Số hộ nghèo không thể lớn hơn tổng số hộ dân (Tổ dân phố Tân Hưng: 545 lớn hơn 320)".
    pub fn describe(&self, p: &Programme) -> String {
        let rule = p.rules.rules.iter().find(|r| r.code == self.rule);
        let who = match &self.unit {
            Some(u) => p.unit_name(u).to_string(),
            None => "tổng toàn phường".to_string(),
        };
        format!(
            "{} ({who}: {} {} {})",
            self.message,
            crate::model::vn::number(self.left, 2),
            rule.map_or("khác", |r| r.operator.broken()),
            crate::model::vn::number(self.right, 2)
        )
    }
}

fn figure_value(content: &Content, element: &str) -> Option<f64> {
    content.figure(element).and_then(|f| f.value.as_f64())
}

/// Findings for one unit's workbook: every rule its figures break, naming both sides' cells,
/// and every stock that moved more than the configured share from the previous period.
/// `cells` maps an element to its (sheet, cell); `previous` holds the unit's values of the
/// period before.
pub fn unit_findings(
    p: &Programme,
    file: &str,
    content: &Content,
    cells: &BTreeMap<String, (String, String)>,
    previous: &BTreeMap<String, f64>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let at = |e: &str| cells.get(e).map(|(_, c)| c.as_str()).unwrap_or("?");
    let sheet = |e: &str| cells.get(e).map(|(s, _)| s.clone());
    for rule in &p.rules.rules {
        let Some((left, right)) = rule.sides(&|e| figure_value(content, e)) else {
            continue;
        };
        if rule.operator.holds(left, right) {
            continue;
        }
        let side = |s: &Side, total: f64| {
            let cells: Vec<&str> = s.elements().into_iter().map(at).collect();
            format!(
                "{} (ô {}: {})",
                rule.side_name(p, s),
                cells.join(", "),
                crate::model::vn::number(total, 2)
            )
        };
        let first = rule.left.elements()[0];
        out.push(Finding {
            severity: Severity::Warning,
            code: "rule-broken",
            file: file.to_string(),
            sheet: sheet(first),
            cell: cells.get(first).map(|(_, c)| c.clone()),
            message: format!(
                "{} {} {}: {}",
                side(&rule.left, left),
                rule.operator.broken(),
                side(&rule.right, right),
                rule.message
            ),
            hint: "số liệu vẫn được ghi nhận nhưng bị đánh dấu chưa hợp lệ trong báo cáo; kiểm tra lại hai ô và gửi bản sửa".into(),
        });
    }
    out.extend(stock_moves(p, file, content, cells, previous));
    out
}

/// A warning for every stock that moved more than `stock_change.max_share` of its previous value.
fn stock_moves(
    p: &Programme,
    file: &str,
    content: &Content,
    cells: &BTreeMap<String, (String, String)>,
    previous: &BTreeMap<String, f64>,
) -> Vec<Finding> {
    let limit = p.rules.stock_change;
    content
        .figures
        .iter()
        .filter_map(|f| {
            let e = p.element(&f.element)?;
            if e.flow || !matches!(f.value, crate::model::submission::Value::Number(_)) {
                return None;
            }
            let now = f.value.as_f64()?;
            let before = *previous.get(&f.element)?;
            if before.abs() < limit.min_base.max(1e-9)
                || (now - before).abs() <= limit.max_share * before.abs()
            {
                return None;
            }
            let (sheet, cell) = cells.get(&f.element)?.clone();
            Some(Finding {
                severity: Severity::Warning,
                code: "stock-moved",
                file: file.to_string(),
                sheet: Some(sheet),
                cell: Some(cell),
                message: format!(
                    "{} = {} thay đổi {} so với kỳ trước ({}), quá mức {} của số liệu tồn tại ở một thời điểm",
                    e.name,
                    crate::model::vn::number(now, 2),
                    crate::model::vn::percent((now - before) / before.abs() * 100.0),
                    crate::model::vn::number(before, 2),
                    crate::model::vn::percent(limit.max_share * 100.0)
                ),
                hint: "kiểm tra lại số liệu; nếu đúng, ghi lý do vào cột Ghi chú".into(),
            })
        })
        .collect()
}

/// Every rule broken in one period's submissions: by each unit's own figures, then by the
/// ward's totals (summed over the units that reported every element of the rule).
pub fn breaches(p: &Programme, subs: &[Latest]) -> Vec<Breach> {
    let mut out = Vec::new();
    for rule in &p.rules.rules {
        let mut total: Option<(f64, f64)> = None;
        for s in subs {
            let Some((left, right)) = rule.sides(&|e| figure_value(&s.content, e)) else {
                continue;
            };
            let (l, r) = total.unwrap_or((0.0, 0.0));
            total = Some((l + left, r + right));
            if !rule.operator.holds(left, right) {
                out.push(Breach {
                    rule: rule.code.clone(),
                    unit: Some(s.unit.clone()),
                    left,
                    right,
                    importance: rule.importance,
                    message: rule.message.clone(),
                });
            }
        }
        let reporters = subs
            .iter()
            .filter(|s| rule.sides(&|e| figure_value(&s.content, e)).is_some())
            .count();
        if let Some((left, right)) = total
            && reporters > 1
            && !rule.operator.holds(left, right)
        {
            out.push(Breach {
                rule: rule.code.clone(),
                unit: None,
                left,
                right,
                importance: rule.importance,
                message: rule.message.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::programme::ValueKind;
    use crate::model::submission::{Figure, Value};
    use proptest::prelude::*;

    fn seeds() -> Programme {
        Programme::load(std::path::Path::new("seeds")).expect("seeds load")
    }

    fn latest(unit: &str, figures: &[(&str, f64)]) -> Latest {
        Latest {
            unit: unit.into(),
            period: "2027".into(),
            version: 1,
            received: chrono::NaiveDate::from_ymd_opt(2027, 12, 18).expect("date"),
            report_date: None,
            file_name: format!("2027_{unit}.xlsx"),
            content: Content {
                figures: figures
                    .iter()
                    .map(|(e, x)| Figure {
                        element: e.to_string(),
                        value: Value::Number(*x),
                        note: String::new(),
                        estimate: false,
                    })
                    .collect(),
                ..Content::default()
            },
            errors: 0,
            warnings: 0,
        }
    }

    #[test]
    fn breaches_name_the_unit_and_the_ward_total() {
        let p = seeds();
        // Khánh Hội: 90 cultured families of 100 households; Tân Hưng: 545 of 320; Đồng Neo
        // reports no households, so its 40 cultured families count in no total.
        let subs = [
            latest(
                "TDP-KHANHHOI",
                &[("ho_dan", 100.0), ("gia_dinh_van_hoa", 90.0)],
            ),
            latest(
                "TDP-TANHUNG",
                &[("ho_dan", 320.0), ("gia_dinh_van_hoa", 545.0)],
            ),
            latest("TDP-DONGNEO", &[("gia_dinh_van_hoa", 40.0)]),
        ];
        let b = breaches(&p, &subs);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].unit.as_deref(), Some("TDP-TANHUNG"));
        assert_eq!((b[0].left, b[0].right), (545.0, 320.0));
        // Ward: 90 + 545 = 635 families of 100 + 320 = 420 households.
        assert_eq!(b[1].unit, None);
        assert_eq!((b[1].left, b[1].right), (635.0, 420.0));
        assert_eq!(
            b[1].describe(&p),
            "Số hộ gia đình văn hóa không thể lớn hơn tổng số hộ dân (tổng toàn phường: 635 lớn hơn 420)"
        );
    }

    #[test]
    fn operators_hold_as_written() {
        assert!(Operator::AtMost.holds(320.0, 320.0));
        assert!(!Operator::AtMost.holds(545.0, 320.0));
        assert!(!Operator::Less.holds(3.0, 3.0));
        assert!(Operator::AtLeast.holds(3.0, 3.0));
        assert!(!Operator::More.holds(3.0, 3.0));
        assert!(Operator::Equal.holds(0.1 + 0.2, 0.3));
    }

    #[test]
    fn a_rule_bounds_a_share_only_with_its_numerator_alone_on_the_small_side() {
        let rule = |left: Side, operator, right: Side| Rule {
            code: "R".into(),
            left,
            operator,
            right,
            importance: Importance::High,
            message: String::new(),
        };
        let one = |s: &str| Side::One(s.into());
        assert!(rule(one("a"), Operator::AtMost, one("b")).bounds_share("a", "b"));
        assert!(rule(one("b"), Operator::AtLeast, one("a")).bounds_share("a", "b"));
        assert!(!rule(one("b"), Operator::AtMost, one("a")).bounds_share("a", "b"));
        let sum = Side::Sum(vec!["a".into(), "c".into()]);
        assert!(!rule(sum, Operator::AtMost, one("b")).bounds_share("a", "b"));
    }

    /// Raises each rule's right side to its left (whole numbers stay whole) until every rule
    /// of the form `a <= b` holds: a unit's figures as a careful clerk would send them.
    fn repair(p: &Programme, figures: &mut BTreeMap<String, f64>) {
        for _ in 0..=p.rules.rules.len() {
            for rule in &p.rules.rules {
                let sum = |side: &Side, f: &BTreeMap<String, f64>| {
                    side.elements()
                        .iter()
                        .map(|e| f.get(*e).copied())
                        .sum::<Option<f64>>()
                };
                let right_side = rule.right.elements();
                let (Some(left), Some(right), [target]) = (
                    sum(&rule.left, figures),
                    sum(&rule.right, figures),
                    right_side.as_slice(),
                ) else {
                    continue;
                };
                if rule.operator == Operator::AtMost && left > right {
                    figures.insert(target.to_string(), left);
                }
            }
        }
    }

    proptest! {
           #![proptest_config(ProptestConfig::with_cases(64))]

           /// On any input that passes the validation rules, every indicator measured in % lies
           /// within 0–100: the rules (and `baocao check`, which wants one for every % ratio)
           /// are what makes the report's rates possible at all.
           #[test]
           fn rates_of_figures_that_pass_the_rules_lie_between_0_and_100(
               seed in proptest::collection::vec(0.0f64..1.0, 4096),
           ) {
               let p = seeds();
               let mut draws = seed.iter().cycle();
               let mut subs = Vec::new();
               for unit in p.reporting_units() {
                   let mut figures = BTreeMap::new();
                   let mut yes_no = Vec::new();
                   for e in p.elements_of(unit) {
                       let r = *draws.next().expect("cycle");
                       let rule = crate::intake::cell::CellRule::of(e.kind, e.min, e.max);
                       match (e.kind, rule.bounds()) {
                           (ValueKind::YesNo, _) => yes_no.push((e.code.clone(), r < 0.5)),
                           (_, Some((min, max))) => {
                               let x = min.max(0.0) + r * (max.min(5_000.0) - min.max(0.0));
                               let x = if e.kind == ValueKind::Count { x.round() } else { x };
                               figures.insert(e.code.clone(), x);
                           }
                           _ => {}
                       }
                   }
                   repair(&p, &mut figures);
                   let mut l = latest(&unit.code, &[]);
                   l.content.figures = figures
                       .into_iter()
                       .map(|(element, x)| Figure { element, value: Value::Number(x), note: String::new(), estimate: false })
                       .chain(yes_no.into_iter().map(|(element, b)| Figure {
                           element,
                           value: Value::YesNo(b),
                           note: String::new(),
    estimate: false,
                       }))
                       .collect();
                   subs.push(l);
               }
               prop_assert!(breaches(&p, &subs).is_empty());
               let period = crate::model::period::Period::Year { year: 2027 };
               let inputs = crate::report::consolidate::Inputs {
                   by_period: BTreeMap::from([(period, subs)]),
               };
               for t in p.targets.iter().filter(|t| t.measure.trim() == "%") {
                   if let Some(v) = crate::report::consolidate::compute(&p, t, &inputs, period).value {
                       prop_assert!((0.0..=100.0 + 1e-9).contains(&v), "{} = {}", t.code, v);
                   }
               }
           }
       }
}
