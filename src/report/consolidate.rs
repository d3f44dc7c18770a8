//! Consolidation: the period's submissions merged into the model. Indicators computed with the
//! model's formulas, targets judged, tasks' status decided, units' completeness and timeliness.
//!
//! Pure: the shell reads the ledger and passes the submissions in; the report date is an
//! argument. Missing data stays missing: a sum over units that did not all report names the
//! units that are missing instead of counting them as zero.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::evaluate::{Evaluation, Frame, Observations, Status, evaluate};
use crate::model::period::Period;
use crate::model::programme::{Indicator, Moment, Programme, Target, Task, Unit, matches_unit};
use crate::model::submission::Latest;
use crate::model::submission::{Narrative, TaskReport, TaskStatus, Value};

/// The submissions the consolidation reads, by period.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub by_period: BTreeMap<Period, Vec<Latest>>,
}

impl Inputs {
    fn of(&self, p: Period) -> &[Latest] {
        self.by_period.get(&p).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The periods whose submissions a report of `period` needs.
pub fn periods_needed(p: &Programme, period: Period) -> Vec<Period> {
    let base = p.info.baseline_year;
    let year = period.year(&p.periods);
    let mut out = vec![period];
    if let Some(prev) = period.same_period_last_year() {
        out.push(prev);
    }
    // From the year before the baseline: denominators taken at the end of the previous year.
    for y in base - 1..=year {
        out.push(Period::Year { year: y });
    }
    if period.is_review() {
        out.push(Period::HalfYear { year });
        out.push(Period::HalfYear { year: year - 1 });
    }
    out.sort();
    out.dedup();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timeliness {
    OnTime,
    Late,
    Missing,
}

impl Timeliness {
    pub fn label(self) -> &'static str {
        match self {
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Muộn",
            Timeliness::Missing => "Chưa gửi",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitStatus {
    pub code: String,
    pub name: String,
    pub timeliness: Timeliness,
    pub received: Option<NaiveDate>,
    /// Days after the deadline (late units).
    pub days_late: i64,
    pub version: u32,
    pub errors: u32,
    pub warnings: u32,
}

/// An indicator's value for one period, with who it is missing from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Computed {
    pub value: Option<f64>,
    pub date: Option<NaiveDate>,
    /// Units expected to report a figure the formula needs that did not.
    pub missing: Vec<String>,
    /// For a share of units with silent units: the share over all the units expected if every
    /// silent unit answered "Không", and if every one answered "Có".
    #[serde(skip)]
    pub bounds: Option<(f64, f64)>,
    /// A figure behind the value is a unit's estimate ("ước").
    pub estimate: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetResult {
    pub code: String,
    pub current: Computed,
    pub previous: Computed,
    /// Whole-year values by year.
    pub annual: BTreeMap<i32, f64>,
    /// Value of the first half of the review year (reviews only).
    pub half_year: Option<f64>,
    pub evaluation: Evaluation,
    /// Validation rules the current figures behind the indicator break (per unit or in the
    /// ward's totals): the value is kept, and the report says it is not reliable.
    pub breaches: Vec<crate::model::rules::Breach>,
    /// The year's plan for the current value (the year of a part-year report; a review's
    /// last whole year), when the office stated one.
    pub plan: Option<crate::model::plans::Plan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskState {
    Done,
    DoneLate,
    InProgress,
    Ongoing,
    NotStarted,
    Overdue,
    NotReported,
}

impl TaskState {
    pub fn label(self) -> &'static str {
        match self {
            TaskState::Done => "Hoàn thành",
            TaskState::DoneLate => "Hoàn thành quá hạn",
            TaskState::InProgress => "Đang triển khai",
            TaskState::Ongoing => "Thực hiện thường xuyên",
            TaskState::NotStarted => "Chưa triển khai",
            TaskState::Overdue => "Quá hạn",
            TaskState::NotReported => "Chưa có báo cáo",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskResult {
    pub code: String,
    pub state: TaskState,
    pub due: Option<NaiveDate>,
    pub lead_report: Option<TaskReport>,
    /// (unit code, what it reported) for coordinating units.
    pub coordinator_notes: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consolidated {
    pub period: Period,
    pub as_of: NaiveDate,
    pub deadline: NaiveDate,
    pub units: Vec<UnitStatus>,
    pub targets: Vec<TargetResult>,
    pub tasks: Vec<TaskResult>,
    /// Narratives of the period, by unit code, in directory order.
    pub narratives: Vec<(String, Narrative)>,
}

impl Consolidated {
    pub fn target(&self, code: &str) -> Option<&TargetResult> {
        self.targets.iter().find(|t| t.code == code)
    }
    pub fn count(&self, t: Timeliness) -> usize {
        self.units.iter().filter(|u| u.timeliness == t).count()
    }
}

/// Consolidates `period` as of the report date.
pub fn consolidate(
    p: &Programme,
    period: Period,
    as_of: NaiveDate,
    inputs: &Inputs,
) -> Consolidated {
    let window = period.window(&p.periods);
    // A review consolidates the term: its current figures are those of the last whole year.
    let current_period = if period.is_review() {
        Period::Year {
            year: period.year(&p.periods) - 1,
        }
    } else {
        period
    };
    // Units answer a review in its own workbook, or else in that half-year's.
    let answered = if period.is_review() && inputs.of(period).is_empty() {
        Period::HalfYear {
            year: period.year(&p.periods),
        }
    } else {
        period
    };
    let current = inputs.of(answered);
    let units = p
        .reporting_units()
        .map(|u| unit_status(u, current, window.deadline))
        .collect();
    let year = current_period.year(&p.periods);
    let frame = Frame {
        year,
        months: current_period.months(),
        as_of,
        baseline_year: p.info.baseline_year,
        term_end: p.info.term_end,
    };
    let broken = crate::model::rules::breaches(p, inputs.of(current_period));
    let targets = p
        .targets
        .iter()
        .map(|t| {
            let now = compute(p, t, inputs, current_period);
            let previous = current_period
                .same_period_last_year()
                .map(|q| compute(p, t, inputs, q))
                .unwrap_or_default();
            // Whole years the report can know: a part-year report comes before its year's end.
            let last_whole = if current_period.months() >= 12 {
                year
            } else {
                year - 1
            };
            let mut annual = BTreeMap::new();
            for y in p.info.baseline_year..=last_whole {
                if let Some(v) = compute(p, t, inputs, Period::Year { year: y }).value {
                    annual.insert(y, v);
                }
            }
            let half_year = period
                .is_review()
                .then(|| {
                    compute(
                        p,
                        t,
                        inputs,
                        Period::HalfYear {
                            year: period.year(&p.periods),
                        },
                    )
                    .value
                })
                .flatten();
            let obs = Observations {
                current: now.value,
                same_period_last_year: previous.value,
                annual: annual.clone(),
                completed_on: now.date.or_else(|| {
                    // A plan finished in an earlier period stays finished.
                    inputs
                        .by_period
                        .keys()
                        .flat_map(|q| compute(p, t, inputs, *q).date)
                        .min()
                }),
                basis: t.basis,
            };
            TargetResult {
                code: t.code.clone(),
                breaches: breaches_of(p, t, &broken),
                evaluation: evaluate_share_of_units(t, &obs, &frame, &now),
                plan: p.plans.for_target(t, year).cloned(),
                current: now,
                previous,
                annual,
                half_year,
            }
        })
        .collect();
    let tasks = p
        .tasks
        .iter()
        .map(|t| task_result(p, t, current, as_of))
        .collect();
    let narratives = p
        .reporting_units()
        .filter_map(|u| {
            current
                .iter()
                .find(|s| s.unit == u.code)
                .map(|s| (u.code.clone(), s.content.narrative.clone()))
        })
        .collect();
    Consolidated {
        period,
        as_of,
        deadline: window.deadline,
        units,
        targets,
        tasks,
        narratives,
    }
}

/// The breaches of rules that share an element with the target's indicator.
fn breaches_of(
    p: &Programme,
    t: &Target,
    broken: &[crate::model::rules::Breach],
) -> Vec<crate::model::rules::Breach> {
    let uses = t.indicator.elements();
    broken
        .iter()
        .filter(|b| {
            p.rules
                .rules
                .iter()
                .find(|r| r.code == b.rule)
                .is_some_and(|r| r.elements().iter().any(|e| uses.contains(e)))
        })
        .cloned()
        .collect()
}

fn unit_status(u: &Unit, subs: &[Latest], deadline: NaiveDate) -> UnitStatus {
    match subs.iter().find(|s| s.unit == u.code) {
        None => UnitStatus {
            code: u.code.clone(),
            name: u.name.clone(),
            timeliness: Timeliness::Missing,
            received: None,
            days_late: 0,
            version: 0,
            errors: 0,
            warnings: 0,
        },
        Some(s) => {
            let days_late = (s.received - deadline).num_days().max(0);
            UnitStatus {
                code: u.code.clone(),
                name: u.name.clone(),
                timeliness: if days_late > 0 {
                    Timeliness::Late
                } else {
                    Timeliness::OnTime
                },
                received: Some(s.received),
                days_late,
                version: s.version,
                errors: s.errors,
                warnings: s.warnings,
            }
        }
    }
}

/// Judges a target; a share of units with silent units is judged only when the silent units
/// could not change the outcome ("100% các chi bộ" cannot be Đạt while two have not answered,
/// nor missed for sure): the status and verdict are those both bounds give, otherwise
/// "Chưa có số liệu" without a verdict.
fn evaluate_share_of_units(
    t: &Target,
    obs: &Observations,
    frame: &Frame,
    now: &Computed,
) -> Evaluation {
    let mut e = evaluate(t, obs, frame);
    let Some((lo, hi)) = now.bounds else {
        return e;
    };
    let at = |v: f64| {
        let o = Observations {
            current: Some(v),
            ..obs.clone()
        };
        let j = evaluate(t, &o, frame);
        (j.status, j.verdict)
    };
    let (low, high) = (at(lo), at(hi));
    if low == high {
        (e.status, e.verdict) = low;
    } else {
        e.status = Status::ChuaCoSoLieu;
        e.verdict = None;
        e.percent_of_target = None;
        e.notes.retain(|n| n != "đã đạt mức chỉ tiêu");
        e.notes.push(format!(
            "chưa kết luận được: {} đơn vị chưa báo cáo",
            now.missing.len()
        ));
    }
    e
}

/// Values of an element by the units expected to report it; missing units listed.
fn values<'a>(
    p: &'a Programme,
    element: &str,
    subs: &[Latest],
    only: Option<crate::model::programme::UnitKind>,
) -> (Vec<(&'a str, Value)>, Vec<String>) {
    let Some(e) = p.element(element) else {
        return (Vec::new(), Vec::new());
    };
    let mut got = Vec::new();
    let mut missing = Vec::new();
    for u in p.reporting_units().filter(|u| p.reports(u, e)) {
        if only.is_some_and(|k| k != u.kind) {
            continue;
        }
        let v = subs
            .iter()
            .find(|s| s.unit == u.code)
            .and_then(|s| s.content.figure(element))
            .map(|f| f.value)
            .filter(|v| v.as_f64().is_none_or(f64::is_finite));
        match v {
            Some(v) => got.push((u.code.as_str(), v)),
            None => missing.push(u.code.clone()),
        }
    }
    (got, missing)
}

/// Computes a target's indicator for `period` from the submissions. A denominator the model
/// takes at the end of the previous year is read from that year's submissions.
pub fn compute(p: &Programme, t: &Target, inputs: &Inputs, period: Period) -> Computed {
    let subs = inputs.of(period);
    // One estimated figure makes the ward's value an estimate ("ước đạt").
    let estimate = t.indicator.elements().iter().any(|e| {
        subs.iter()
            .any(|s| s.content.figure(e).is_some_and(|f| f.estimate))
    });
    match &t.indicator {
        Indicator::Sum { element } => {
            let (got, missing) = values(p, element, subs, None);
            let nums: Vec<f64> = got.iter().filter_map(|(_, v)| v.as_f64()).collect();
            Computed {
                value: (!nums.is_empty()).then(|| nums.iter().sum()),
                date: None,
                missing,
                bounds: None,
                estimate,
            }
        }
        Indicator::Ratio {
            numerator,
            denominator,
            scale,
            denominator_at,
        } => {
            let den_subs = match denominator_at {
                Moment::WindowEnd => subs,
                Moment::PreviousYearEnd => inputs.of(Period::Year {
                    year: period.year(&p.periods) - 1,
                }),
            };
            let (num, mut missing) = values(p, numerator, subs, None);
            let (den, missing_den) = values(p, denominator, den_subs, None);
            for m in missing_den {
                if !missing.contains(&m) {
                    missing.push(m);
                }
            }
            // Only units that reported both parts count, so a missing unit cannot skew it.
            let mut n = 0.0;
            let mut d = 0.0;
            let mut any = false;
            for (u, v) in &num {
                if let Some((_, dv)) = den.iter().find(|(du, _)| du == u)
                    && let (Some(a), Some(b)) = (v.as_f64(), dv.as_f64())
                {
                    n += a;
                    d += b;
                    any = true;
                }
            }
            Computed {
                value: (any && d.abs() > 1e-12).then(|| n / d * scale),
                date: None,
                missing,
                bounds: None,
                estimate,
            }
        }
        Indicator::Share { element, of_kind } => {
            let (got, missing) = values(p, element, subs, *of_kind);
            let yes = got.iter().filter(|(_, v)| v.as_f64() == Some(1.0)).count();
            let all = (got.len() + missing.len()) as f64;
            Computed {
                value: (!got.is_empty()).then(|| yes as f64 / got.len() as f64 * 100.0),
                date: None,
                bounds: (!got.is_empty() && !missing.is_empty()).then(|| {
                    (
                        yes as f64 / all * 100.0,
                        (yes + missing.len()) as f64 / all * 100.0,
                    )
                }),
                estimate,
                missing,
            }
        }
        Indicator::Lead { element } | Indicator::Date { element } => {
            let (got, missing) = values(p, element, subs, None);
            let pick = got
                .iter()
                .find(|(u, _)| *u == t.lead)
                .or_else(|| (got.len() == 1).then(|| &got[0]))
                .map(|(_, v)| *v);
            Computed {
                value: pick.and_then(Value::as_f64),
                date: pick.and_then(Value::as_date),
                missing: if pick.is_some() { Vec::new() } else { missing },
                bounds: None,
                estimate,
            }
        }
    }
}

fn task_result(p: &Programme, t: &Task, subs: &[Latest], as_of: NaiveDate) -> TaskResult {
    let due = t.deadline.as_ref().and_then(|d| d.due_date());
    let lead_units: Vec<&Unit> = match &t.lead {
        Some(spec) => p.units.iter().filter(|u| matches_unit(spec, u)).collect(),
        None => Vec::new(),
    };
    let report_of = |u: &Unit| {
        subs.iter()
            .find(|s| s.unit == u.code)
            .and_then(|s| s.content.tasks.iter().find(|r| r.task == t.code))
            .cloned()
    };
    let lead_report = lead_units.iter().find_map(|u| report_of(u));
    let coordinator_notes = p
        .units
        .iter()
        .filter(|u| {
            t.coordinators.iter().any(|c| matches_unit(c, u))
                || t.advisor.as_deref().is_some_and(|a| matches_unit(a, u))
        })
        .filter_map(|u| {
            report_of(u)
                .filter(|r| !r.result.is_empty())
                .map(|r| (u.code.clone(), r.result))
        })
        .collect();
    let past_due = due.is_some_and(|d| as_of > d);
    let state = match lead_report.as_ref().and_then(|r| r.status) {
        Some(TaskStatus::Done | TaskStatus::DoneLate) => {
            let done_on = lead_report.as_ref().and_then(|r| r.completed_on);
            let late = lead_report.as_ref().and_then(|r| r.status) == Some(TaskStatus::DoneLate)
                || matches!((done_on, due), (Some(d), Some(due)) if d > due);
            if late {
                TaskState::DoneLate
            } else {
                TaskState::Done
            }
        }
        _ if past_due => TaskState::Overdue,
        Some(TaskStatus::InProgress) => TaskState::InProgress,
        Some(TaskStatus::Ongoing) => TaskState::Ongoing,
        Some(TaskStatus::NotStarted) => TaskState::NotStarted,
        None => TaskState::NotReported,
    };
    TaskResult {
        code: t.code.clone(),
        state,
        due,
        lead_report,
        coordinator_notes,
    }
}
