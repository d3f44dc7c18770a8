//! Judging a target against its indicator's values. Pure: no I/O, no clock (the report date is
//! an argument). The rules are written out in the README ("Cách đánh giá chỉ tiêu") so an office
//! can check any verdict by hand.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::programme::{Aspiration, Basis, Cmp, EPS, Pace, Shape, Target};

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
    /// What the indicator measures over time: decides how a part-year value is judged.
    pub basis: Basis,
}

/// The frame of a judgement.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Year of the current value.
    pub year: i32,
    /// Months of the year the current value covers: 12 for a whole year (growth is then
    /// measured over whole years; otherwise against the same period last year).
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
    /// Before the target's year: the current value or the forecast for that year meets it.
    DungLoTrinh,
    /// Before the target's year: neither the current value nor the forecast meets it.
    ChamLoTrinh,
}

/// Where a status is counted in "x/y chỉ tiêu đạt và vượt, z chỉ tiêu đang trong lộ trình,
/// w chỉ tiêu khó đạt".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bucket {
    Met,
    OnTrack,
    Behind,
    NoData,
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
            Status::DungLoTrinh => "Đúng lộ trình",
            Status::ChamLoTrinh => "Chậm so với lộ trình",
        }
    }
    /// Met or exceeded (for "x/y chỉ tiêu đạt và vượt").
    pub fn is_met(self) -> bool {
        self.bucket() == Bucket::Met
    }
    pub fn bucket(self) -> Bucket {
        match self {
            Status::Vuot | Status::Dat | Status::DungHan => Bucket::Met,
            Status::DungLoTrinh | Status::ChuaDenHan => Bucket::OnTrack,
            Status::ChuaDat | Status::QuaHan | Status::ChamLoTrinh => Bucket::Behind,
            Status::ChuaCoSoLieu => Bucket::NoData,
        }
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
    /// The growth the shape judges: over whole years (on average since the baseline, or over
    /// the previous year), or against the same period last year (part years).
    pub growth: Option<f64>,
    pub status: Status,
    /// Average annual growth from the baseline to the latest whole year.
    pub growth_so_far: Option<f64>,
    /// The indicator forecast for the target's year (the term's end when it has none).
    pub projection: Option<f64>,
    pub verdict: Option<Verdict>,
    /// The bar a part-year value was compared with, when prorated ("so với mức theo tiến độ
    /// 6 tháng: 1,5"), for the sentence and the appendix.
    pub schedule: Option<String>,
    /// Plain-language notes on the judgement ("mốc 2028 chưa đạt").
    pub notes: Vec<String>,
    /// The target's year when the value already meets the bar before it (a level reached, a
    /// term total accumulated, a yes/no done): the status is then "đạt"/"vượt" and the
    /// sentence says to keep it up to that year.
    pub met_early: Option<i32>,
}

impl Frame {
    pub fn full_year(&self) -> bool {
        self.months >= 12
    }
    /// Whether the window ends before a target due by the end of `due` can be judged: a year
    /// before it, or a part of that year (a target "đến năm 2030" holds once 2030 is over).
    fn before_due(&self, due: Option<i32>) -> bool {
        due.is_some_and(|y| self.year < y || (self.year == y && !self.full_year()))
    }
    /// The share of a year the window covers.
    fn fraction(&self) -> f64 {
        f64::from(self.months.min(12)) / 12.0
    }
}

/// Relative margin beyond the target figure above which a met target counts as "vượt".
pub const EXCEED_MARGIN: f64 = 0.005;

/// Judges `target` on `obs` within `frame`.
pub fn evaluate(target: &Target, obs: &Observations, frame: &Frame) -> Evaluation {
    let percent_measure = is_percent(target);
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
    let mut e = Evaluation {
        value: obs.current,
        percent_of_target: None,
        change,
        growth: None,
        status: Status::ChuaCoSoLieu,
        growth_so_far: latest_growth(obs, frame.baseline_year),
        projection: None,
        verdict: None,
        schedule: None,
        notes: Vec::new(),
        met_early: None,
    };
    match &target.shape {
        Shape::Deadline { due } => {
            e.status = judge_deadline(*due, obs.completed_on, frame.as_of);
        }
        Shape::Growth {
            min,
            max,
            strict,
            pace,
        } => judge_growth(&mut e, obs, frame, Band::new(*min, *max, *strict), *pace),
        Shape::Achieved => judge_achieved(&mut e, target, frame),
        _ => judge_bar(&mut e, target, obs, frame),
    }
    if let Some(a) = &target.aspiration {
        aspiration_line(&mut e, a, target, obs, frame);
    }
    e
}

fn is_percent(target: &Target) -> bool {
    target.measure.trim() == "%"
}

/// A band of acceptable values: [min, max], min excluded when `strict` ("trên"). A band
/// without max is open upwards.
#[derive(Debug, Clone, Copy)]
struct Band {
    min: f64,
    max: Option<f64>,
    strict: bool,
}

impl Band {
    fn new(min: f64, max: Option<f64>, strict: bool) -> Band {
        Band { min, max, strict }
    }
    fn scaled(self, f: f64) -> Band {
        Band {
            min: self.min * f,
            max: self.max.map(|m| m * f),
            strict: self.strict,
        }
    }
    /// Whether `v` meets the band: reaches its min (beyond its max is "vượt", still met).
    fn holds(self, v: f64) -> bool {
        if self.strict {
            v > self.min + EPS
        } else {
            v >= self.min - EPS
        }
    }
    fn describe(self, measure: &str) -> String {
        let n = |x| crate::model::vn::number(x, 2);
        let m = measure.trim().trim_end_matches("/năm");
        let sep = if m.starts_with('%') || m.is_empty() {
            ""
        } else {
            " "
        };
        match self.max {
            Some(max) => format!("{} - {}{sep}{m}", n(self.min), n(max)),
            None => format!("{}{sep}{m}", n(self.min)),
        }
    }
}

/// The bar of a level, range or multiple target as a band of the judged value, and whether a
/// value beyond it can count as "vượt".
fn bar(target: &Target) -> Option<(BarKind, Band)> {
    Some(match target.shape {
        Shape::AtLeast { value } => (BarKind::Floor, Band::new(value, None, false)),
        Shape::MoreThan { value } => (BarKind::Floor, Band::new(value, None, true)),
        Shape::AtMost { value } => (BarKind::Ceiling(Cmp::AtMost), Band::new(value, None, false)),
        Shape::LessThan { value } => (
            BarKind::Ceiling(Cmp::LessThan),
            Band::new(value, None, true),
        ),
        Shape::Range { min, max } => (BarKind::Floor, Band::new(min, Some(max), false)),
        Shape::Multiple { min, max, .. } => (BarKind::Floor, Band::new(min, max, false)),
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum BarKind {
    /// Higher is better: at least, more than, a range, a multiple.
    Floor,
    /// Lower is better ("dưới", "không quá"); the band's min is the bound.
    Ceiling(Cmp),
}

/// Status of a value against a bar. A ceiling met is "đạt" (the programme asks to get under
/// it); a floor met is "vượt" when the value is beyond the band's max, or, without max, more
/// than 0,5% of the bar above it — except a 100% bar, which nothing exceeds.
fn judge(value: f64, kind: BarKind, band: Band, percent: bool) -> Status {
    match kind {
        BarKind::Ceiling(cmp) => {
            if cmp.holds(value, band.min) {
                Status::Dat
            } else {
                Status::ChuaDat
            }
        }
        BarKind::Floor => {
            if !band.holds(value) {
                return Status::ChuaDat;
            }
            let beyond = match band.max {
                Some(max) => value > max + EPS,
                None => {
                    let ceiling = percent && band.min >= 100.0 - EPS;
                    !ceiling && value - band.min > EXCEED_MARGIN * band.min.abs().max(1.0)
                }
            };
            if beyond { Status::Vuot } else { Status::Dat }
        }
    }
}

fn meets(value: f64, kind: BarKind, band: Band) -> bool {
    match kind {
        BarKind::Ceiling(cmp) => cmp.holds(value, band.min),
        BarKind::Floor => band.holds(value),
    }
}

/// Level, range and multiple targets. Before the target's year the status is its trajectory;
/// from that year (and for targets of every year) the value is judged against the bar,
/// prorated over a part-year window when the indicator accumulates and the bar is per year.
fn judge_bar(e: &mut Evaluation, target: &Target, obs: &Observations, frame: &Frame) {
    let (kind, band) = bar(target).expect("level, range or multiple shape");
    let percent = is_percent(target);
    // A multiple is judged on the value divided by its base year's.
    let base = match target.shape {
        Shape::Multiple { base_year, .. } => match obs.annual.get(&base_year) {
            Some(b) if b.abs() > EPS => Some(*b),
            _ => {
                e.notes
                    .push(format!("chưa có số liệu năm gốc {base_year} (hoặc bằng 0)"));
                return;
            }
        },
        _ => None,
    };
    let judged = |v: f64| base.map_or(v, |b| v / b);
    let part_accumulating = !frame.full_year() && obs.basis.accumulates();
    let due = target.due_year(frame.term_end);
    let horizon = due.unwrap_or(frame.term_end);
    e.projection = if base.is_some() {
        project_compound(obs, frame.baseline_year, horizon)
    } else {
        project_linear(obs, frame, horizon, percent)
    };
    if let (Some(v), Some(b)) = (obs.current, base) {
        e.notes.push(format!(
            "gấp {} lần năm {}",
            crate::model::vn::number(v / b, 2),
            match target.shape {
                Shape::Multiple { base_year, .. } => base_year,
                _ => frame.baseline_year,
            }
        ));
    }
    let projected_ok = e.projection.map(|p| meets(judged(p), kind, band));
    // Missing data is never judged, not even on an earlier trend.
    let Some(value) = obs.current else { return };
    if frame.before_due(due) {
        // Trajectory. A part-year value of an accumulating indicator says nothing yet about
        // a bar set per year: only the forecast (from whole years) counts then. A term total
        // reached part-way through a year is reached all the same.
        let now_ok = (!(part_accumulating && target.bar_per_year()))
            .then(|| meets(judged(value), kind, band));
        if !part_accumulating {
            set_percent_of_target(e, kind, band, Some(judged(value)));
        }
        if now_ok == Some(true) {
            // Met before its year: "đạt" (or "vượt") now, to be kept up to the horizon.
            e.notes.push("đã đạt mức chỉ tiêu".into());
            e.status = judge(judged(value), kind, band, percent);
            e.verdict = Some(Verdict::CoKhaNangDat);
            e.met_early = Some(horizon);
            return;
        }
        e.status = match projected_ok {
            Some(true) => Status::DungLoTrinh,
            // No forecast (fewer than two whole years): no trend to judge yet, so no
            // trajectory claim either way.
            None => {
                e.notes
                    .push("chưa đủ số liệu hai năm trọn để tính lộ trình".into());
                Status::ChuaCoSoLieu
            }
            Some(false) => Status::ChamLoTrinh,
        };
        e.verdict = match e.status {
            Status::DungLoTrinh => Some(Verdict::CoKhaNangDat),
            Status::ChamLoTrinh => Some(Verdict::KhoDat),
            _ => None,
        };
        return;
    }
    let band = if part_accumulating && target.bar_per_year() {
        let scaled = band.scaled(frame.fraction());
        let text = format!(
            "so với mức theo tiến độ {} tháng: {}",
            frame.months,
            scaled.describe(&target.measure)
        );
        e.notes.push(text.clone());
        e.schedule = Some(text);
        scaled
    } else {
        band
    };
    e.status = judge(judged(value), kind, band, percent);
    set_percent_of_target(e, kind, band, Some(judged(value)));
    let now = e.status.is_met();
    e.verdict = match due {
        // Targets of every year: on course while met now or forecast to be met; no
        // verdict without either.
        None => match (now, projected_ok) {
            (true, _) | (_, Some(true)) => Some(Verdict::CoKhaNangDat),
            (false, Some(false)) => Some(Verdict::KhoDat),
            (false, None) => None,
        },
        // From the target's year on, the verdict is the status.
        Some(_) => Some(if now {
            Verdict::CoKhaNangDat
        } else {
            Verdict::KhoDat
        }),
    };
}

fn set_percent_of_target(e: &mut Evaluation, kind: BarKind, band: Band, value: Option<f64>) {
    if kind == BarKind::Floor && band.min.abs() > EPS {
        e.percent_of_target = value.map(|v| v / band.min * 100.0);
    }
}

/// A yes/no target: "có" is "đạt" whenever reached; "không" is "chưa đến hạn" before the
/// target's year, "chưa đạt" from it (and every year for targets of every year).
fn judge_achieved(e: &mut Evaluation, target: &Target, frame: &Frame) {
    let Some(v) = e.value else { return };
    let due = target.due_year(frame.term_end);
    let yes = v >= 0.5;
    let before = frame.before_due(due);
    if yes && before {
        e.met_early = due;
    }
    e.status = match (yes, before) {
        (true, _) => Status::Dat,
        (false, true) => Status::ChuaDenHan,
        (false, false) => Status::ChuaDat,
    };
    // No trend for a yes/no: not yet is not yet a failure.
    e.verdict = match (yes, before) {
        (true, _) => Some(Verdict::CoKhaNangDat),
        (false, true) => None,
        (false, false) => Some(Verdict::KhoDat),
    };
}

/// Growth targets. Whole years: on average since the baseline ("bình quân"), or over the
/// previous year ("tăng hằng năm"); part years: against the same period last year.
fn judge_growth(e: &mut Evaluation, obs: &Observations, frame: &Frame, band: Band, pace: Pace) {
    let rate = if frame.full_year() {
        obs.current.and_then(|c| match pace {
            Pace::Average => {
                let base = obs.annual.get(&frame.baseline_year)?;
                avg_growth(*base, c, frame.year - frame.baseline_year)
            }
            Pace::EveryYear => avg_growth(*obs.annual.get(&(frame.year - 1))?, c, 1),
        })
    } else {
        match (obs.current, obs.same_period_last_year) {
            (Some(c), Some(p)) => avg_growth(p, c, 1),
            _ => None,
        }
    };
    e.growth = rate;
    if let Some(r) = rate {
        e.status = judge(r, BarKind::Floor, band, false);
        if band.min.abs() > EPS {
            e.percent_of_target = Some(r / band.min * 100.0);
        }
    } else if obs.current.is_some() {
        e.notes.push(
            "chưa tính được tốc độ tăng: thiếu số liệu năm gốc, năm trước hoặc cùng kỳ, hoặc bằng 0"
                .into(),
        );
    }
    // Keeping the average rate so far to the end of the term is the trend.
    e.projection = project_compound(obs, frame.baseline_year, frame.term_end);
    e.verdict = match pace {
        Pace::Average => e.growth_so_far.map(|g| verdict(band.holds(g))),
        Pace::EveryYear => {
            let years = yearly_growth(obs, frame.baseline_year);
            let missed: Vec<String> = years
                .iter()
                .filter(|(_, g)| !band.holds(*g))
                .map(|(y, g)| format!("năm {y} tăng {}", crate::model::vn::percent(*g)))
                .collect();
            if !missed.is_empty() {
                e.notes
                    .push(format!("chưa đạt mức tăng hằng năm: {}", missed.join(", ")));
            }
            (!years.is_empty()).then(|| verdict(missed.is_empty()))
        }
    };
}

/// Growth over the previous year for every whole year after the baseline with both values.
fn yearly_growth(obs: &Observations, baseline: i32) -> Vec<(i32, f64)> {
    obs.annual
        .range(baseline + 1..)
        .filter_map(|(&y, &v)| Some((y, avg_growth(*obs.annual.get(&(y - 1))?, v, 1)?)))
        .collect()
}

/// The aspiration beside a firm target adds a line once its year is reached; the verdict
/// stays the firm target's.
fn aspiration_line(
    e: &mut Evaluation,
    a: &Aspiration,
    target: &Target,
    obs: &Observations,
    frame: &Frame,
) {
    // The aspiration's year must be over: "đến năm 2028" is judged on the whole year 2028.
    if frame.year < a.year || (frame.year == a.year && !frame.full_year()) {
        return;
    }
    let Some(&value) = obs.annual.get(&a.year) else {
        e.notes.push(format!(
            "chưa có số liệu năm {} để đánh giá mục tiêu {}",
            a.year, a.text
        ));
        return;
    };
    let when = format!("năm {}", a.year);
    let shown = crate::model::vn::number(value, 2);
    let m = if is_percent(target) { "%" } else { "" };
    e.notes.push(if a.kind.holds(value, a.value) {
        format!("đã đạt mục tiêu {} ({when}: {shown}{m})", a.text)
    } else {
        format!("chưa đạt mục tiêu {} ({when}: {shown}{m})", a.text)
    });
}

fn judge_deadline(due: NaiveDate, done: Option<NaiveDate>, as_of: NaiveDate) -> Status {
    match done {
        Some(d) if d <= due => Status::DungHan,
        Some(_) => Status::QuaHan,
        None if as_of > due => Status::QuaHan,
        None => Status::ChuaDenHan,
    }
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
fn project_compound(obs: &Observations, baseline: i32, to: i32) -> Option<f64> {
    let g = latest_growth(obs, baseline)?;
    let (&year, &last) = obs.annual.range(baseline + 1..).next_back()?;
    Some(last * (1.0 + g / 100.0).powi(to - year))
}

/// Straight line through the first and the last known points, read at the end of year `to`.
/// Whole years sit at their year's end; a part-year value joins them (at the window's end)
/// unless it accumulates, since half a year of a flow is no point on a yearly line. Rates are
/// clamped to 0–100, everything to ≥ 0. No forecast from fewer than two whole years: one
/// point (or one year and a part of the next) shows no trend.
fn project_linear(obs: &Observations, frame: &Frame, to: i32, percent: bool) -> Option<f64> {
    if obs.annual.len() < 2 {
        return None;
    }
    let mut points: Vec<(f64, f64)> = obs
        .annual
        .iter()
        .map(|(&y, &v)| (f64::from(y), v))
        .collect();
    if let Some(v) = obs.current
        && !frame.full_year()
        && !obs.basis.accumulates()
    {
        points.push((f64::from(frame.year - 1) + frame.fraction(), v));
    }
    let (t0, v0) = *points.first()?;
    let (t1, v1) = *points.last()?;
    let mut p = v1 + (v1 - v0) / (t1 - t0) * (f64::from(to) - t1);
    if percent {
        p = p.clamp(0.0, 100.0);
    }
    Some(p.max(0.0))
}

fn verdict(ok: bool) -> Verdict {
    if ok {
        Verdict::CoKhaNangDat
    } else {
        Verdict::KhoDat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::programme::{Horizon, Indicator, Target};

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
            basis: Basis::RateOfStocks,
            per_year: false,
            aspiration: None,
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
            basis: Basis::RateOfStocks,
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
        // A ceiling met is "đạt", never "vượt".
        let t = target(
            Shape::LessThan { value: 1.5 },
            "%",
            Horizon::ByYear,
            Some(2030),
        );
        assert_eq!(
            evaluate(&t, &obs(Some(1.5), &[]), &frame(2030, true)).status,
            Status::ChuaDat
        );
        assert_eq!(
            evaluate(&t, &obs(Some(1.0), &[]), &frame(2030, true)).status,
            Status::Dat
        );
        let t = target(
            Shape::AtMost { value: 0.0 },
            "%",
            Horizon::ByYear,
            Some(2028),
        );
        assert_eq!(
            evaluate(&t, &obs(Some(0.0), &[]), &frame(2028, true)).status,
            Status::Dat
        );
        // Nothing exceeds 100%.
        let t = target(
            Shape::AtLeast { value: 100.0 },
            "%",
            Horizon::EachYear,
            None,
        );
        assert_eq!(
            evaluate(&t, &obs(Some(100.0), &[]), &frame(2026, true)).status,
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
                pace: Pace::Average,
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
                pace: Pace::Average,
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
                pace: Pace::Average,
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
                pace: Pace::Average,
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
        assert_eq!(e.status, Status::DungLoTrinh);
        assert_eq!(e.percent_of_target, Some(75.0));
        // 40 → 60 in two years is 22.5%/year; 60 × 1.2247³ ≈ 110 = 2.76× → above the band.
        assert_eq!(e.verdict, Some(Verdict::CoKhaNangDat));
        let slow = obs(Some(42.0), &[(2025, 40.0), (2027, 42.0)]);
        let e = evaluate(&t, &slow, &frame(2027, true));
        assert_eq!(e.status, Status::ChamLoTrinh);
        assert_eq!(e.verdict, Some(Verdict::KhoDat));
        // In 2030 the multiple itself is judged: 60 / 40 = 1,5× is below 2×.
        let o = obs(Some(60.0), &[(2025, 40.0), (2030, 60.0)]);
        assert_eq!(evaluate(&t, &o, &frame(2030, true)).status, Status::ChuaDat);
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
    fn before_its_year_a_target_is_judged_on_its_trajectory() {
        let t = target(
            Shape::LessThan { value: 1.5 },
            "%",
            Horizon::ByYear,
            Some(2030),
        );
        // 2,4% in 2025, 2,0% in 2027: the line reaches 1,4% in 2030 — on track.
        let e = evaluate(
            &t,
            &obs(Some(2.0), &[(2025, 2.4), (2027, 2.0)]),
            &frame(2027, true),
        );
        assert_eq!(e.status, Status::DungLoTrinh);
        assert_eq!(e.verdict, Some(Verdict::CoKhaNangDat));
        assert!((e.projection.unwrap() - 1.4).abs() < 1e-9);
        // 2,4% then 2,3%: 2,0% in 2030 — behind.
        let e = evaluate(
            &t,
            &obs(Some(2.3), &[(2025, 2.4), (2027, 2.3)]),
            &frame(2027, true),
        );
        assert_eq!(e.status, Status::ChamLoTrinh);
        assert_eq!(e.verdict, Some(Verdict::KhoDat));
    }

    #[test]
    fn an_aspiration_is_noted_only_once_its_year_is_over() {
        // Text line 339: "phấn đấu đến năm 2028 phường không còn hộ nghèo".
        let mut t = target(
            Shape::LessThan { value: 1.5 },
            "%",
            Horizon::ByYear,
            Some(2030),
        );
        t.aspiration = Some(Aspiration {
            year: 2028,
            kind: Cmp::AtMost,
            value: 0.0,
            text: "phấn đấu đến năm 2028 phường không còn hộ nghèo".into(),
        });
        let aspiration_notes = |e: &Evaluation| {
            e.notes
                .iter()
                .filter(|n| n.contains("phấn đấu đến năm 2028"))
                .cloned()
                .collect::<Vec<_>>()
        };
        // 2028-H1: 0,3% six months before the milestone is no verdict on it.
        let e = evaluate(&t, &obs(Some(0.3), &[(2025, 2.4)]), &frame(2028, false));
        assert!(aspiration_notes(&e).is_empty(), "{:?}", e.notes);
        // The whole of 2028 at 0%: reached.
        let e = evaluate(
            &t,
            &obs(Some(0.0), &[(2025, 2.4), (2028, 0.0)]),
            &frame(2028, true),
        );
        assert_eq!(
            aspiration_notes(&e),
            ["đã đạt mục tiêu phấn đấu đến năm 2028 phường không còn hộ nghèo (năm 2028: 0%)"]
        );
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
        assert_eq!(e.status, Status::ChuaDenHan);
        assert_eq!(e.verdict, None);
        let e = evaluate(&t, &obs(Some(1.0), &[]), &frame(2027, true));
        assert_eq!(e.status, Status::Dat);
        let e = evaluate(&t, &obs(Some(0.0), &[]), &frame(2030, true));
        assert_eq!(e.status, Status::ChuaDat);
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
    fn accumulating_targets_are_prorated_in_a_half_year_and_rates_never() {
        let t = target(Shape::AtLeast { value: 3.0 }, "%", Horizon::EachYear, None);
        let mut o = obs(Some(1.6), &[]);
        o.basis = Basis::FlowPerStock;
        let e = evaluate(&t, &o, &frame(2026, false));
        assert_eq!(e.status, Status::Vuot);
        assert_eq!(
            e.schedule.as_deref(),
            Some("so với mức theo tiến độ 6 tháng: 1,5%")
        );
        let e = evaluate(&t, &o, &frame(2026, true));
        assert_eq!(e.status, Status::ChuaDat);
        o.basis = Basis::RateOfFlows;
        let e = evaluate(&t, &o, &frame(2026, false));
        assert_eq!(e.status, Status::ChuaDat);
        assert_eq!(e.schedule, None);
    }
}
