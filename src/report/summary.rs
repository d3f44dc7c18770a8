//! The period at a glance: units that reported, targets by status, tasks by state.

use serde::Serialize;

use crate::model::evaluate::{Bucket, Status, Verdict};
use crate::report::consolidate::{Consolidated, TaskState, Timeliness};

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
    pub vuot: usize,
    pub dat: usize,
    pub met: usize,
    pub chua_dat: usize,
    /// Before their year, on track (or, for yes/no and deadlines, not yet due).
    pub on_track: usize,
    /// Before their year, behind the trajectory.
    pub behind: usize,
    /// Chưa đạt, chậm so với lộ trình or quá hạn: "w chỉ tiêu khó đạt".
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
}

/// Counts for the general assessment.
pub fn summary(c: &Consolidated) -> Summary {
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
        vuot: count_status(Status::Vuot),
        dat: count_status(Status::Dat),
        met: c
            .targets
            .iter()
            .filter(|t| t.evaluation.status.is_met())
            .count(),
        chua_dat: count_status(Status::ChuaDat),
        on_track: count_bucket(Bucket::OnTrack),
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
            .filter(|t| t.state == TaskState::NotReported)
            .count(),
    }
}
