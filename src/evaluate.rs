//! Judging a target against its indicator's values. Pure: no I/O, no clock (the report date is
//! an argument). The rules are written out in the README ("Cách đánh giá chỉ tiêu") so an office
//! can check any verdict by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::programme::{Cmp, EPS, Horizon, Milestone, Shape, Target};

/// The indicator's values that bear on one judgement. Missing data is `None`, never zero.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    /// Value for the period being reported.
    pub current: Option<f64>,
    /// Value for the same period one year earlier ("cùng kỳ").
    pub same_period_last_year: Option<f64>,
    /// Whole-year values by year, the baseline year included.
    pub annual: BTreeMap<i32, f64>,
    /// For deadline targets: the date the lead unit reported the work done.
    pub completed_on: Option<NaiveDate>,
    /// The indicator accumulates over the period (admissions, revenue): level targets set
    /// per year are prorated for part-year periods.
    pub flow: bool,
}

/// The frame of a judgement.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Year of the current value.
    pub year: i32,
    /// Months of the year the current value covers: 12 for a whole year (growth is then
    /// measured from the baseline; otherwise against the same period last year).
    pub months: u32,
    /// The report date, for deadlines.
    pub as_of: NaiveDate,
    pub baseline_year: i32,
    pub term_end: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Vuot,
    Dat,
    ChuaDat,
    ChuaCoSoLieu,
    DungHan,
    QuaHan,
    ChuaDenHan,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Vuot => "Vượt",
            Status::Dat => "Đạt",
            Status::ChuaDat => "Chưa đạt",
            Status::ChuaCoSoLieu => "Chưa có số liệu",
            Status::DungHan => "Đúng hạn",
            Status::QuaHan => "Quá hạn",
            Status::ChuaDenHan => "Chưa đến hạn",
        }
    }
    /// Met or exceeded (for "x/y chỉ tiêu đạt và vượt").
    pub fn is_met(self) -> bool {
        matches!(self, Status::Vuot | Status::Dat | Status::DungHan)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    CoKhaNangDat,
    KhoDat,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::CoKhaNangDat => "Có khả năng đạt",
            Verdict::KhoDat => "Khó đạt",
        }
    }
}

/// A change against the same period last year: percent for quantities, points for rates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub value: f64,
    /// `true`: percentage points (the indicator is itself a percentage).
    pub points: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub value: Option<f64>,
    /// How far the value is towards the target figure, in % (None where it has no meaning).
    pub percent_of_target: Option<f64>,
    pub change: Option<Change>,
    /// The growth the shape judges: average annual growth since the baseline (whole years),
    /// or growth against the same period last year (part years).
    pub growth: Option<f64>,
    pub status: Status,
    /// Average annual growth from the baseline to the latest whole year.
    pub growth_so_far: Option<f64>,
    /// The indicator projected to the end of the term on the current trend.
    pub projection: Option<f64>,
    pub verdict: Option<Verdict>,
    /// Plain-language notes on the judgement ("mốc 2028 chưa đạt").
    pub notes: Vec<String>,
}

impl Frame {
    pub fn full_year(&self) -> bool {
        self.months >= 12
    }
}

/// Relative margin beyond the target figure above which a met target counts as "vượt".
pub const EXCEED_MARGIN: f64 = 0.005;

/// Judges `target` on `obs` within `frame`.
pub fn evaluate(target: &Target, obs: &Observations, frame: &Frame) -> Evaluation {
    let percent_measure = target.measure.trim() == "%";
    let change = match (obs.current, obs.same_period_last_year) {
        (Some(c), Some(p)) if percent_measure => Some(Change {
            value: c - p,
            points: true,
        }),
        (Some(c), Some(p)) if p.abs() > EPS => Some(Change {
            value: (c - p) / p.abs() * 100.0,
            points: false,
        }),
        _ => None,
    };
    let growth_so_far = latest_growth(obs, frame.baseline_year);
    let mut e = Evaluation {
        value: obs.current,
        percent_of_target: None,
        change,
        growth: None,
        status: Status::ChuaCoSoLieu,
        growth_so_far,
        projection: None,
        verdict: None,
        notes: Vec::new(),
    };
    match &target.shape {
        Shape::Deadline { due } => {
            e.status = judge_deadline(*due, obs.completed_on, frame.as_of);
            return e;
        }
        Shape::Growth { min, max, strict } => {
            let rate = if frame.full_year() {
                obs.current.and_then(|c| {
                    let base = obs.annual.get(&frame.baseline_year)?;
                    avg_growth(*base, c, frame.year - frame.baseline_year)
                })
            } else {
                match (obs.current, obs.same_period_last_year) {
                    (Some(c), Some(p)) => avg_growth(p, c, 1),
                    _ => None,
                }
            };
            e.growth = rate;
            if let Some(r) = rate {
                e.status = judge_band(r, *min, *max, *strict);
                if min.abs() > EPS {
                    e.percent_of_target = Some(r / min * 100.0);
                }
            } else if obs.current.is_some() {
                e.notes.push(
                    "chưa tính được tốc độ tăng: thiếu số liệu năm gốc hoặc cùng kỳ, hoặc bằng 0"
                        .into(),
                );
            }
            // Keeping the average rate so far to the end of the term is the trend.
            e.projection = project_compound(obs, frame);
            e.verdict = growth_so_far.map(|g| verdict(judge_band(g, *min, *max, *strict)));
            return e;
        }
        _ => {}
    }
    let Some(value) = obs.current else {
        e.projection = project(target, obs, frame);
        return e;
    };
    match &target.shape {
        Shape::AtLeast { .. }
        | Shape::MoreThan { .. }
        | Shape::AtMost { .. }
        | Shape::LessThan { .. } => {
            let (cmp, bound) = target.shape.level().expect("level shape");
            let full = bound;
            let bound = prorated(target, bound, frame, obs);
            if bound != full {
                e.notes.push(format!(
                    "so với mức theo tiến độ {} tháng: {}",
                    frame.months,
                    crate::vn::number(bound, 2)
                ));
            }
            e.status = judge_level(value, cmp, bound);
            if cmp.higher_is_better() && bound.abs() > EPS {
                e.percent_of_target = Some(value / bound * 100.0);
            }
        }
        Shape::Range { min, max } => {
            e.status = judge_band(value, *min, Some(*max), false);
            if min.abs() > EPS {
                e.percent_of_target = Some(value / min * 100.0);
            }
        }
        Shape::Multiple {
            min,
            max,
            base_year,
        } => match obs.annual.get(base_year) {
            Some(base) if base.abs() > EPS => {
                let ratio = value / base;
                e.status = judge_band(ratio, *min, *max, false);
                e.percent_of_target = Some(ratio / min * 100.0);
                e.notes.push(format!(
                    "gấp {} lần năm {base_year}",
                    crate::vn::number(ratio, 2)
                ));
            }
            _ => {
                e.status = Status::ChuaCoSoLieu;
                e.notes
                    .push(format!("chưa có số liệu năm gốc {base_year} (hoặc bằng 0)"));
            }
        },
        Shape::Achieved => {
            e.status = if value >= 0.5 {
                Status::Dat
            } else {
                Status::ChuaDat
            };
        }
        Shape::Milestones { steps } => {
            e.status = judge_milestones(value, steps, frame.year, &mut e.notes);
        }
        Shape::Deadline { .. } | Shape::Growth { .. } => unreachable!("handled above"),
    }
    e.projection = project(target, obs, frame);
    e.verdict = term_verdict(target, &e, obs, frame);
    e
}

/// Flow-based level targets set per year ("kết nạp 3%/năm") are prorated for part-year
/// periods: the judgement then measures progress on schedule.
fn prorated(target: &Target, bound: f64, frame: &Frame, obs: &Observations) -> f64 {
    if frame.full_year() || target.horizon != Horizon::EachYear || !obs.flow {
        return bound;
    }
    bound * f64::from(frame.months) / 12.0
}

fn judge_level(value: f64, cmp: Cmp, bound: f64) -> Status {
    if !cmp.holds(value, bound) {
        return Status::ChuaDat;
    }
    let margin = EXCEED_MARGIN * bound.abs().max(1.0);
    let beyond = if cmp.higher_is_better() {
        value - bound
    } else {
        bound - value
    };
    if beyond > margin {
        Status::Vuot
    } else {
        Status::Dat
    }
}

/// Within [min, max] is "đạt"; above max is "vượt"; below min (or at it, when strict) is
/// "chưa đạt". Without max, clearly above min is "vượt".
fn judge_band(value: f64, min: f64, max: Option<f64>, strict: bool) -> Status {
    let below = if strict {
        value <= min + EPS
    } else {
        value < min - EPS
    };
    if below {
        return Status::ChuaDat;
    }
    match max {
        Some(max) if value > max + EPS => Status::Vuot,
        Some(_) => Status::Dat,
        None => judge_level(
            value,
            if strict { Cmp::MoreThan } else { Cmp::AtLeast },
            min,
        ),
    }
}

fn judge_deadline(due: NaiveDate, done: Option<NaiveDate>, as_of: NaiveDate) -> Status {
    match done {
        Some(d) if d <= due => Status::DungHan,
        Some(_) => Status::QuaHan,
        None if as_of > due => Status::QuaHan,
        None => Status::ChuaDenHan,
    }
}

/// Steps already due (year ≤ now) must all hold, and so must the next step to come: a
/// milestone met early and then lost is "chưa đạt".
fn judge_milestones(value: f64, steps: &[Milestone], year: i32, notes: &mut Vec<String>) -> Status {
    let mut sorted: Vec<&Milestone> = steps.iter().collect();
    sorted.sort_by_key(|s| s.year);
    let next = sorted.iter().find(|s| s.year >= year).copied();
    let mut met = true;
    for step in sorted
        .iter()
        .filter(|s| s.year <= year)
        .copied()
        .chain(next)
    {
        let ok = step.kind.holds(value, step.value);
        if !ok {
            notes.push(format!(
                "mốc năm {}: {} {} chưa đạt",
                step.year,
                step.kind.phrase(),
                crate::vn::number(step.value, 2)
            ));
        }
        met &= ok;
    }
    if sorted.is_empty() {
        return Status::ChuaCoSoLieu;
    }
    if met { Status::Dat } else { Status::ChuaDat }
}

/// Average annual growth in % from `from` to `to` over `years`; None where it has no meaning
/// (zero or negative base, no years).
pub fn avg_growth(from: f64, to: f64, years: i32) -> Option<f64> {
    if years <= 0 || from <= EPS || to < 0.0 {
        return None;
    }
    Some(((to / from).powf(1.0 / years as f64) - 1.0) * 100.0)
}

/// Average annual growth from the baseline to the latest whole year on record.
fn latest_growth(obs: &Observations, baseline: i32) -> Option<f64> {
    let base = *obs.annual.get(&baseline)?;
    let (&year, &last) = obs.annual.range(baseline + 1..).next_back()?;
    avg_growth(base, last, year - baseline)
}

/// Compound projection from the latest whole year at the average growth so far.
fn project_compound(obs: &Observations, frame: &Frame) -> Option<f64> {
    let g = latest_growth(obs, frame.baseline_year)?;
    let (&year, &last) = obs.annual.range(frame.baseline_year + 1..).next_back()?;
    Some(last * (1.0 + g / 100.0).powi(frame.term_end - year))
}

/// Linear projection to the end of the term (levels and rates); compound for multiples.
fn project(target: &Target, obs: &Observations, frame: &Frame) -> Option<f64> {
    if matches!(target.shape, Shape::Multiple { .. }) {
        return project_compound(obs, frame);
    }
    if matches!(target.shape, Shape::Deadline { .. } | Shape::Achieved) {
        return None;
    }
    let mut points = obs.annual.iter().map(|(&y, &v)| (y, v)).collect::<Vec<_>>();
    if points.is_empty() {
        return None;
    }
    if points.len() == 1 {
        return Some(points[0].1);
    }
    let (y0, v0) = points.remove(0);
    let (y1, v1) = *points.last().expect("two points");
    let slope = (v1 - v0) / (y1 - y0) as f64;
    let mut p = v1 + slope * (frame.term_end - y1) as f64;
    if target.measure.trim() == "%" {
        p = p.clamp(0.0, 100.0);
    }
    Some(p.max(0.0))
}

/// Whether the target can be met by the end of the term on the current trend.
fn term_verdict(
    target: &Target,
    e: &Evaluation,
    obs: &Observations,
    frame: &Frame,
) -> Option<Verdict> {
    let by = match target.horizon {
        Horizon::ByYear => target.year.unwrap_or(frame.term_end),
        _ => frame.term_end,
    };
    match &target.shape {
        Shape::Achieved => Some(if e.status == Status::Dat {
            Verdict::CoKhaNangDat
        } else if frame.year >= by {
            Verdict::KhoDat
        } else {
            // No trend for a yes/no: not yet is not yet a failure.
            return None;
        }),
        Shape::Milestones { steps } => {
            let p = e.projection?;
            let mut notes = Vec::new();
            let last = steps.iter().map(|s| s.year).max()?;
            Some(verdict(judge_milestones(p, steps, last, &mut notes)))
        }
        Shape::Multiple {
            min,
            max,
            base_year,
        } => {
            let base = obs.annual.get(base_year).filter(|b| b.abs() > EPS)?;
            Some(verdict(judge_band(e.projection? / base, *min, *max, false)))
        }
        Shape::Range { min, max } => {
            Some(verdict(judge_band(e.projection?, *min, Some(*max), false)))
        }
        shape => {
            let (cmp, bound) = shape.level()?;
            let now = e.status.is_met();
            let projected = cmp.holds(e.projection?, bound);
            Some(
                if projected || (now && target.horizon == Horizon::EachYear) {
                    Verdict::CoKhaNangDat
                } else {
                    Verdict::KhoDat
                },
            )
        }
    }
}

fn verdict(s: Status) -> Verdict {
    if s.is_met() {
        Verdict::CoKhaNangDat
    } else {
        Verdict::KhoDat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::{Indicator, Target};

    fn target(shape: Shape, measure: &str, horizon: Horizon, year: Option<i32>) -> Target {
        Target {
            code: "CT-TEST".into(),
            reference: "II.2.1.(1)".into(),
            item: "(1)".into(),
            field: "kinh-te".into(),
            name: "Chỉ tiêu thử".into(),
            text: "thử".into(),
            measure: measure.into(),
            lead: "PKT".into(),
            horizon,
            year,
            shape,
            indicator: Indicator::Sum {
                element: "x".into(),
            },
        }
    }

    fn frame(year: i32, full_year: bool) -> Frame {
        Frame {
            year,
            months: if full_year { 12 } else { 6 },
            as_of: NaiveDate::from_ymd_opt(year, 12, 20).unwrap(),
            baseline_year: 2025,
            term_end: 2030,
        }
    }

    fn obs(current: Option<f64>, annual: &[(i32, f64)]) -> Observations {
        Observations {
            current,
            same_period_last_year: None,
            annual: annual.iter().copied().collect(),
            completed_on: None,
            flow: false,
        }
    }

    #[test]
    fn level_shapes() {
        let t = target(Shape::AtLeast { value: 90.0 }, "%", Horizon::EachYear, None);
        let cases = [
            (95.0, Status::Vuot),
            (90.0, Status::Dat),
            (90.2, Status::Dat),
            (89.9, Status::ChuaDat),
        ];
        for (v, s) in cases {
            let e = evaluate(&t, &obs(Some(v), &[(2026, v)]), &frame(2026, true));
            assert_eq!(e.status, s, "at least 90 with {v}");
        }
        let t = target(
            Shape::MoreThan { value: 80.0 },
            "%",
            Horizon::EachYear,
            None,
        );
        assert_eq!(
            evaluate(&t, &obs(Some(80.0), &[]), &frame(2026, true)).status,
            Status::ChuaDat
        );
        assert_eq!(
            evaluate(&t, &obs(Some(86.0), &[]), &frame(2026, true)).status,
            Status::Vuot
        );
        let t = target(
            Shape::LessThan { value: 1.5 },
            "%",
            Horizon::ByYear,
            Some(2030),
        );
        assert_eq!(
            evaluate(&t, &obs(Some(1.5), &[]), &frame(2026, true)).status,
            Status::ChuaDat
        );
        assert_eq!(
            evaluate(&t, &obs(Some(1.0), &[]), &frame(2026, true)).status,
            Status::Vuot
        );
        let t = target(
            Shape::AtMost { value: 0.0 },
            "%",
            Horizon::ByYear,
            Some(2028),
        );
        assert_eq!(
            evaluate(&t, &obs(Some(0.0), &[]), &frame(2026, true)).status,
            Status::Dat
        );
    }

    #[test]
    fn missing_data_is_never_zero() {
        let t = target(
            Shape::AtMost { value: 0.0 },
            "%",
            Horizon::ByYear,
            Some(2028),
        );
        let e = evaluate(&t, &obs(None, &[]), &frame(2026, true));
        assert_eq!(e.status, Status::ChuaCoSoLieu);
        assert_eq!(e.value, None);
        let g = target(
            Shape::Growth {
                min: 8.0,
                max: None,
                strict: true,
            },
            "triệu đồng",
            Horizon::EachYear,
            None,
        );
        assert_eq!(
            evaluate(&g, &obs(None, &[(2025, 100.0)]), &frame(2026, true)).status,
            Status::ChuaCoSoLieu
        );
    }

    #[test]
    fn range_hit_from_below_inside_and_above() {
        let t = target(
            Shape::Range {
                min: 10.0,
                max: 15.0,
            },
            "tỷ đồng",
            Horizon::EachYear,
            None,
        );
        let f = frame(2026, true);
        assert_eq!(
            evaluate(&t, &obs(Some(9.9), &[]), &f).status,
            Status::ChuaDat
        );
        assert_eq!(evaluate(&t, &obs(Some(10.0), &[]), &f).status, Status::Dat);
        assert_eq!(evaluate(&t, &obs(Some(15.0), &[]), &f).status, Status::Dat);
        assert_eq!(evaluate(&t, &obs(Some(15.1), &[]), &f).status, Status::Vuot);
        assert_eq!(
            evaluate(&t, &obs(Some(12.0), &[]), &f).percent_of_target,
            Some(120.0)
        );
    }

    #[test]
    fn growth_from_baseline_and_against_last_year() {
        let t = target(
            Shape::Growth {
                min: 8.0,
                max: None,
                strict: true,
            },
            "triệu đồng",
            Horizon::EachYear,
            None,
        );
        // 100 → 121 in two years is 10%/year on average.
        let o = obs(Some(121.0), &[(2025, 100.0), (2026, 110.0), (2027, 121.0)]);
        let e = evaluate(&t, &o, &frame(2027, true));
        assert!((e.growth.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(e.status, Status::Vuot);
        assert_eq!(e.verdict, Some(Verdict::CoKhaNangDat));
        // Projection keeps 10%/year to 2030: 121 × 1.1³.
        assert!((e.projection.unwrap() - 121.0 * 1.331).abs() < 1e-6);
        // Exactly 8% is not "trên 8%".
        let o = obs(Some(108.0), &[(2025, 100.0), (2026, 108.0)]);
        assert_eq!(evaluate(&t, &o, &frame(2026, true)).status, Status::ChuaDat);
        // A half-year is compared with the same half of last year.
        let mut o = obs(Some(55.0), &[(2025, 100.0)]);
        o.same_period_last_year = Some(50.0);
        let e = evaluate(&t, &o, &frame(2026, false));
        assert!((e.growth.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(e.change.unwrap().value, 10.0);
    }

    #[test]
    fn negative_growth_and_a_zero_or_missing_baseline() {
        let t = target(
            Shape::Growth {
                min: 12.0,
                max: None,
                strict: false,
            },
            "triệu đồng",
            Horizon::EachYear,
            None,
        );
        let e = evaluate(
            &t,
            &obs(Some(90.0), &[(2025, 100.0), (2026, 90.0)]),
            &frame(2026, true),
        );
        assert!(e.growth.unwrap() < 0.0);
        assert_eq!(e.status, Status::ChuaDat);
        assert_eq!(e.verdict, Some(Verdict::KhoDat));
        let zero = evaluate(&t, &obs(Some(90.0), &[(2025, 0.0)]), &frame(2026, true));
        assert_eq!(zero.status, Status::ChuaCoSoLieu);
        assert!(!zero.notes.is_empty());
        let none = evaluate(&t, &obs(Some(90.0), &[]), &frame(2026, true));
        assert_eq!(none.status, Status::ChuaCoSoLieu);
    }

    #[test]
    fn growth_band_for_a_sector() {
        let t = target(
            Shape::Growth {
                min: 3.0,
                max: Some(5.0),
                strict: false,
            },
            "triệu đồng",
            Horizon::EachYear,
            None,
        );
        let f = frame(2026, true);
        let at = |v| evaluate(&t, &obs(Some(v), &[(2025, 100.0)]), &f).status;
        assert_eq!(at(102.0), Status::ChuaDat);
        assert_eq!(at(104.0), Status::Dat);
        assert_eq!(at(106.0), Status::Vuot);
    }

    #[test]
    fn multiple_of_a_baseline() {
        let t = target(
            Shape::Multiple {
                min: 2.0,
                max: Some(2.5),
                base_year: 2025,
            },
            "doanh nghiệp",
            Horizon::ByYear,
            Some(2030),
        );
        let o = obs(Some(60.0), &[(2025, 40.0), (2027, 60.0)]);
        let e = evaluate(&t, &o, &frame(2027, true));
        assert_eq!(e.status, Status::ChuaDat);
        assert_eq!(e.percent_of_target, Some(75.0));
        // 40 → 60 in two years is 22.5%/year; 60 × 1.2247³ ≈ 110 = 2.76× → above the band.
        assert_eq!(e.verdict, Some(Verdict::CoKhaNangDat));
        let slow = obs(Some(42.0), &[(2025, 40.0), (2027, 42.0)]);
        assert_eq!(
            evaluate(&t, &slow, &frame(2027, true)).verdict,
            Some(Verdict::KhoDat)
        );
        let no_base = evaluate(&t, &obs(Some(60.0), &[]), &frame(2027, true));
        assert_eq!(no_base.status, Status::ChuaCoSoLieu);
    }

    #[test]
    fn target_already_met_at_baseline() {
        let t = target(Shape::AtLeast { value: 95.0 }, "%", Horizon::EachYear, None);
        let o = obs(Some(96.0), &[(2025, 96.0)]);
        let e = evaluate(&t, &o, &frame(2025, true));
        assert_eq!(e.status, Status::Vuot);
        assert_eq!(e.verdict, Some(Verdict::CoKhaNangDat));
    }

    #[test]
    fn milestone_met_early_then_lost() {
        let steps = vec![
            Milestone {
                year: 2028,
                kind: Cmp::AtMost,
                value: 0.0,
            },
            Milestone {
                year: 2030,
                kind: Cmp::LessThan,
                value: 1.5,
            },
        ];
        let t = target(
            Shape::Milestones { steps },
            "%",
            Horizon::ByYear,
            Some(2030),
        );
        // 2026: 1.2% meets 2030's bound but not the next milestone (0 by 2028).
        let e = evaluate(&t, &obs(Some(1.2), &[]), &frame(2026, true));
        assert_eq!(e.status, Status::ChuaDat);
        // 2027: no poor household left, a year early.
        assert_eq!(
            evaluate(&t, &obs(Some(0.0), &[]), &frame(2027, true)).status,
            Status::Dat
        );
        // 2029: 0.3% is under 1.5% but the 2028 milestone has been lost.
        let e = evaluate(&t, &obs(Some(0.3), &[]), &frame(2029, true));
        assert_eq!(e.status, Status::ChuaDat);
        assert!(e.notes.iter().any(|n| n.contains("2028")));
    }

    #[test]
    fn deadlines() {
        let due = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
        let t = target(Shape::Deadline { due }, "", Horizon::Once, None);
        let mut o = Observations::default();
        let f = |y, m, d| Frame {
            as_of: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            ..frame(2025, true)
        };
        assert_eq!(evaluate(&t, &o, &f(2025, 11, 1)).status, Status::ChuaDenHan);
        assert_eq!(evaluate(&t, &o, &f(2025, 12, 1)).status, Status::QuaHan);
        o.completed_on = NaiveDate::from_ymd_opt(2025, 11, 20);
        assert_eq!(evaluate(&t, &o, &f(2026, 6, 1)).status, Status::DungHan);
        o.completed_on = NaiveDate::from_ymd_opt(2025, 12, 2);
        assert_eq!(evaluate(&t, &o, &f(2026, 6, 1)).status, Status::QuaHan);
    }

    #[test]
    fn achieved_by_a_year() {
        let t = target(Shape::Achieved, "", Horizon::ByYear, Some(2030));
        let e = evaluate(&t, &obs(Some(0.0), &[]), &frame(2027, true));
        assert_eq!(e.status, Status::ChuaDat);
        assert_eq!(e.verdict, None);
        let e = evaluate(&t, &obs(Some(1.0), &[]), &frame(2027, true));
        assert_eq!(e.status, Status::Dat);
        let e = evaluate(&t, &obs(Some(0.0), &[]), &frame(2030, true));
        assert_eq!(e.verdict, Some(Verdict::KhoDat));
    }

    #[test]
    fn change_is_in_points_for_rates_and_percent_for_quantities() {
        let t = target(Shape::AtLeast { value: 95.0 }, "%", Horizon::EachYear, None);
        let mut o = obs(Some(96.0), &[]);
        o.same_period_last_year = Some(94.5);
        let c = evaluate(&t, &o, &frame(2026, true)).change.unwrap();
        assert!(c.points && (c.value - 1.5).abs() < 1e-9);
        let t = target(
            Shape::AtLeast { value: 2.0 },
            "tổ chức",
            Horizon::Term,
            None,
        );
        let mut o = obs(Some(3.0), &[]);
        o.same_period_last_year = Some(0.0);
        assert_eq!(evaluate(&t, &o, &frame(2026, true)).change, None);
    }

    #[test]
    fn flow_targets_are_prorated_in_a_half_year() {
        let t = target(Shape::AtLeast { value: 3.0 }, "%", Horizon::EachYear, None);
        let mut o = obs(Some(1.6), &[]);
        o.flow = true;
        let e = evaluate(&t, &o, &frame(2026, false));
        assert_eq!(e.status, Status::Vuot);
        let e = evaluate(&t, &o, &frame(2026, true));
        assert_eq!(e.status, Status::ChuaDat);
    }
}
