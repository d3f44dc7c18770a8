//! The period at a glance: units that reported, targets by status, tasks by state.

use serde::Serialize;

use std::collections::BTreeSet;

use crate::model::evaluate::{Bucket, Status, Verdict};
use crate::model::programme::{Programme, Target};
use crate::report::consolidate::{Consolidated, TaskState, Timeliness};

use super::fields::is_committee_task;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub units_expected: usize,
    pub units_received: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub late_names: String,
    pub missing_names: String,
    pub with_errors: usize,
    pub targets_total: usize,
    /// The resolution's numbered targets ("(1)" … "(16)" of II.1.1 and II.2.1): groups, and
    /// the measurable parts they hold; the rest are targets tied to tasks and solutions.
    pub target_groups: usize,
    pub target_group_parts: usize,
    pub target_others: usize,
    pub vuot: usize,
    pub dat: usize,
    pub met: usize,
    pub chua_dat: usize,
    /// Before their year, on track (or, for yes/no and deadlines, not yet due).
    pub on_track: usize,
    /// Of `on_track`, those on the trajectory ("đúng lộ trình").
    pub on_schedule: usize,
    /// Of `on_track`, yes/no and deadline targets not yet due: no trajectory to be on.
    pub not_due: usize,
    /// Before their year, behind the trajectory.
    pub behind: usize,
    /// Chưa đạt, chậm so với lộ trình or quá hạn: "w chỉ tiêu chưa đạt hoặc chậm tiến độ"
    /// ("khó đạt" is a forecast's word).
    pub hard: usize,
    pub no_data: usize,
    pub deadline_met: usize,
    pub deadline_overdue: usize,
    pub forecast_met: usize,
    pub forecast_total: usize,
    pub tasks_total: usize,
    pub tasks_done: usize,
    pub tasks_overdue: usize,
    pub tasks_in_progress: usize,
    pub tasks_not_started: usize,
    pub tasks_not_reported: usize,
    /// Tasks the committee leads itself (it does not report to itself).
    pub tasks_committee: usize,
}

/// Counts for the general assessment.
pub fn summary(p: &Programme, c: &Consolidated) -> Summary {
    let (target_groups, target_group_parts) = target_structure(p);
    let committee = |code: &str| {
        p.tasks
            .iter()
            .find(|t| t.code == code)
            .is_some_and(|t| is_committee_task(p, t))
    };
    let unit_names = |t: Timeliness| {
        c.units
            .iter()
            .filter(|u| u.timeliness == t)
            .map(|u| u.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let count_status = |s: Status| {
        c.targets
            .iter()
            .filter(|t| t.evaluation.status == s)
            .count()
    };
    let count_bucket = |b: Bucket| {
        c.targets
            .iter()
            .filter(|t| t.evaluation.status.bucket() == b)
            .count()
    };
    let forecast_total = c
        .targets
        .iter()
        .filter(|t| t.evaluation.verdict.is_some())
        .count();
    Summary {
        units_expected: c.units.len(),
        units_received: c
            .units
            .iter()
            .filter(|u| u.timeliness != Timeliness::Missing)
            .count(),
        on_time: c.count(Timeliness::OnTime),
        late: c.count(Timeliness::Late),
        missing: c.count(Timeliness::Missing),
        late_names: unit_names(Timeliness::Late),
        missing_names: unit_names(Timeliness::Missing),
        with_errors: c.units.iter().filter(|u| u.errors > 0).count(),
        targets_total: c.targets.len(),
        target_groups,
        target_group_parts,
        target_others: p.targets.len() - target_group_parts,
        vuot: count_status(Status::Vuot),
        dat: count_status(Status::Dat),
        met: c
            .targets
            .iter()
            .filter(|t| t.evaluation.status.is_met())
            .count(),
        chua_dat: count_status(Status::ChuaDat),
        on_track: count_bucket(Bucket::OnTrack),
        on_schedule: count_status(Status::DungLoTrinh),
        not_due: count_status(Status::ChuaDenHan),
        behind: count_status(Status::ChamLoTrinh),
        hard: count_bucket(Bucket::Behind),
        no_data: count_status(Status::ChuaCoSoLieu),
        deadline_met: count_status(Status::DungHan),
        deadline_overdue: count_status(Status::QuaHan),
        forecast_met: c
            .targets
            .iter()
            .filter(|t| t.evaluation.verdict == Some(Verdict::CoKhaNangDat))
            .count(),
        forecast_total,
        tasks_total: c.tasks.len(),
        tasks_done: c
            .tasks
            .iter()
            .filter(|t| matches!(t.state, TaskState::Done | TaskState::DoneLate))
            .count(),
        tasks_overdue: c
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::Overdue)
            .count(),
        tasks_in_progress: c
            .tasks
            .iter()
            .filter(|t| matches!(t.state, TaskState::InProgress | TaskState::Ongoing))
            .count(),
        tasks_not_started: c
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::NotStarted)
            .count(),
        tasks_not_reported: c
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::NotReported && !committee(&t.code))
            .count(),
        tasks_committee: c.tasks.iter().filter(|t| committee(&t.code)).count(),
    }
}

/// The resolution's numbered targets: how many groups ("(1)" … "(16)" under II.1.1 and
/// II.2.1) and how many measurable parts they hold.
fn target_structure(p: &Programme) -> (usize, usize) {
    let numbered: Vec<&Target> = p.targets.iter().filter(|t| !t.item.is_empty()).collect();
    let groups: BTreeSet<(&str, &str)> = numbered
        .iter()
        .map(|t| (t.reference.as_str(), t.item.as_str()))
        .collect();
    (groups.len(), numbered.len())
}
