//! Reporting periods: identifiers, Vietnamese names, data windows and deadlines.
//!
//! A period is a value (`2026-H1`, `2026`, `midterm`...); its window and deadline come from the
//! office's calendar in `seeds/periods.toml`, never from code.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    HalfYear {
        year: i32,
    },
    NineMonths {
        year: i32,
    },
    Year {
        year: i32,
    },
    /// The mid-term review (sơ kết giữa nhiệm kỳ).
    MidTerm,
    /// The end-of-term review (tổng kết nhiệm kỳ).
    EndTerm,
}

impl Period {
    /// The stable identifier used on the command line, in workbooks and in the ledger.
    pub fn id(&self) -> String {
        match *self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::HalfYear { year } => format!("{year}-H1"),
            Period::NineMonths { year } => format!("{year}-9M"),
            Period::Year { year } => format!("{year}"),
            Period::MidTerm => "midterm".into(),
            Period::EndTerm => "endterm".into(),
        }
    }

    /// The period as a report names it: "6 tháng đầu năm 2026".
    pub fn name(&self, cal: &Calendar) -> String {
        match *self {
            Period::Month { year, month } => format!("tháng {month} năm {year}"),
            Period::Quarter { year, quarter } => {
                format!(
                    "quý {} năm {year}",
                    ["I", "II", "III", "IV"][quarter as usize - 1]
                )
            }
            Period::HalfYear { year } => format!("6 tháng đầu năm {year}"),
            Period::NineMonths { year } => format!("9 tháng đầu năm {year}"),
            Period::Year { year } => format!("năm {year}"),
            Period::MidTerm => format!("giữa nhiệm kỳ {} - {}", cal.term_start(), cal.endterm.year),
            Period::EndTerm => format!("nhiệm kỳ {} - {}", cal.term_start(), cal.endterm.year),
        }
    }

    /// The calendar year whose data the period reports (for reviews: the review's year).
    pub fn year(&self, cal: &Calendar) -> i32 {
        match *self {
            Period::Month { year, .. }
            | Period::Quarter { year, .. }
            | Period::HalfYear { year }
            | Period::NineMonths { year }
            | Period::Year { year } => year,
            Period::MidTerm => cal.midterm.year,
            Period::EndTerm => cal.endterm.year,
        }
    }

    /// Months of the year the period's flows cover (6 for a half-year).
    pub fn months(&self) -> u32 {
        match *self {
            Period::Month { .. } => 1,
            Period::Quarter { .. } => 3,
            Period::HalfYear { .. } => 6,
            Period::NineMonths { .. } => 9,
            Period::Year { .. } => 12,
            Period::MidTerm => 6,
            Period::EndTerm => 12,
        }
    }

    /// Whether the figures of this period cover a whole calendar year.
    pub fn is_full_year(&self) -> bool {
        matches!(self, Period::Year { .. } | Period::EndTerm)
    }

    /// Whether the period is a review of the term rather than a single window.
    pub fn is_review(&self) -> bool {
        matches!(self, Period::MidTerm | Period::EndTerm)
    }

    /// The same period one year earlier ("cùng kỳ"), for windowed periods.
    pub fn same_period_last_year(&self) -> Option<Period> {
        Some(match *self {
            Period::Month { year, month } => Period::Month {
                year: year - 1,
                month,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year: year - 1,
                quarter,
            },
            Period::HalfYear { year } => Period::HalfYear { year: year - 1 },
            Period::NineMonths { year } => Period::NineMonths { year: year - 1 },
            Period::Year { year } => Period::Year { year: year - 1 },
            Period::MidTerm | Period::EndTerm => return None,
        })
    }

    /// The window of data the period covers and its submission deadline.
    pub fn window(&self, cal: &Calendar) -> Window {
        let year = self.year(cal);
        let w = match *self {
            Period::Month { month, .. } => {
                let (py, pm) = if month == 1 {
                    (year - 1, 12)
                } else {
                    (year, month - 1)
                };
                return Window {
                    start: date(py, pm, cal.month.start_day),
                    end: date(year, month, cal.month.end_day),
                    deadline: date(year, month, cal.month.deadline_day),
                };
            }
            Period::Quarter { quarter, .. } => {
                let last = quarter * 3;
                let (py, pm) = if quarter == 1 {
                    (year - 1, 12)
                } else {
                    (year, last - 3)
                };
                return Window {
                    start: date(py, pm, cal.quarter.start_day),
                    end: date(year, last, cal.quarter.end_day),
                    deadline: date(year, last, cal.quarter.deadline_day),
                };
            }
            Period::HalfYear { .. } => &cal.half_year,
            Period::NineMonths { .. } => &cal.nine_months,
            Period::Year { .. } => &cal.year,
            Period::MidTerm => &cal.midterm.window,
            Period::EndTerm => &cal.endterm.window,
        };
        // A start later in the calendar than the end lies in the previous year (15/12).
        let start_year = if (w.start.month, w.start.day) <= (w.end.month, w.end.day) {
            year
        } else {
            year - 1
        };
        Window {
            start: date(start_year, w.start.month, w.start.day),
            end: date(year, w.end.month, w.end.day),
            deadline: date(year, w.deadline.month, w.deadline.day),
        }
    }
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    // Clamp the day to the month's length (a calendar may say 31 for every month).
    (1..=day.max(1))
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month.clamp(1, 12), d))
        .expect("day 1 always exists")
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

/// Why a period identifier was refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "kỳ báo cáo '{0}' không hợp lệ: dùng 2026-H1 (6 tháng), 2026 (năm), 2026-Q1 (quý), 2026-05 (tháng), 2026-9M (9 tháng), midterm hoặc endterm"
)]
pub struct PeriodError(pub String);

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, PeriodError> {
        let t = s.trim();
        let err = || PeriodError(s.to_string());
        match t.to_ascii_lowercase().as_str() {
            "midterm" => return Ok(Period::MidTerm),
            "endterm" => return Ok(Period::EndTerm),
            _ => {}
        }
        let (y, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t, None),
        };
        if y.len() != 4 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        if !(2000..=2100).contains(&year) {
            return Err(err());
        }
        let Some(rest) = rest else {
            return Ok(Period::Year { year });
        };
        let up = rest.to_ascii_uppercase();
        if up == "H1" {
            return Ok(Period::HalfYear { year });
        }
        if up == "9M" {
            return Ok(Period::NineMonths { year });
        }
        if let Some(q) = up.strip_prefix('Q') {
            let quarter: u32 = q.parse().map_err(|_| err())?;
            if (1..=4).contains(&quarter) {
                return Ok(Period::Quarter { year, quarter });
            }
            return Err(err());
        }
        if rest.len() == 2 {
            let month: u32 = rest.parse().map_err(|_| err())?;
            if (1..=12).contains(&month) {
                return Ok(Period::Month { year, month });
            }
        }
        Err(err())
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

/// The data window of a concrete period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub deadline: NaiveDate,
}

/// Window of a period kind that moves with the month (month, quarter): days of the month.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayWindow {
    /// Of the month before the period.
    pub start_day: u32,
    /// Of the period's last month.
    pub end_day: u32,
    pub deadline_day: u32,
}

/// A day of the year written "MM-DD".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl FromStr for MonthDay {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("ngày '{s}' phải viết dạng MM-DD");
        let (m, d) = s.split_once('-').ok_or_else(bad)?;
        let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return Err(bad());
        }
        Ok(MonthDay { month: m, day: d })
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}-{:02}", self.month, self.day))
    }
}

/// Window of a period kind, as month-days; the start lies in the previous year when it falls
/// after the end in the calendar.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindWindow {
    pub start: MonthDay,
    pub end: MonthDay,
    pub deadline: MonthDay,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewWindow {
    pub year: i32,
    #[serde(flatten)]
    pub window: KindWindow,
}

/// The office's reporting calendar (`seeds/periods.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    pub month: DayWindow,
    pub quarter: DayWindow,
    #[serde(rename = "half-year")]
    pub half_year: KindWindow,
    #[serde(rename = "nine-months")]
    pub nine_months: KindWindow,
    pub year: KindWindow,
    pub midterm: ReviewWindow,
    pub endterm: ReviewWindow,
    /// Days after the submission deadline the office dates its report by default: what came
    /// in by then counts (late units as late), what came after does not.
    #[serde(default, rename = "report-after-days")]
    pub report_after_days: u32,
    /// First year of the term, for the reviews' names; set from `programme.toml` on load.
    #[serde(skip)]
    pub term_start: i32,
}

impl Calendar {
    pub fn term_start(&self) -> i32 {
        self.term_start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        let mut c: Calendar = toml::from_str(
            r#"
            month = { start_day = 15, end_day = 14, deadline_day = 16 }
            quarter = { start_day = 15, end_day = 14, deadline_day = 16 }
            half-year = { start = "12-15", end = "06-14", deadline = "06-20" }
            nine-months = { start = "12-15", end = "09-14", deadline = "09-20" }
            year = { start = "12-15", end = "12-14", deadline = "12-20" }
            midterm = { year = 2028, start = "12-15", end = "06-14", deadline = "06-20" }
            endterm = { year = 2030, start = "12-15", end = "12-14", deadline = "12-20" }
            "#,
        )
        .unwrap();
        c.term_start = 2025;
        c
    }

    #[test]
    fn identifiers_round_trip() {
        for id in [
            "2026-H1", "2026", "midterm", "endterm", "2026-Q1", "2026-05", "2026-9M",
        ] {
            let p: Period = id.parse().unwrap();
            assert_eq!(p.id(), id);
        }
        for bad in ["2026-H3", "26", "2026-13", "2026-Q5", "mid", "", "2026-5x"] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn windows_follow_the_calendar() {
        let c = cal();
        let w = Period::HalfYear { year: 2026 }.window(&c);
        assert_eq!(w.start, NaiveDate::from_ymd_opt(2025, 12, 15).unwrap());
        assert_eq!(w.end, NaiveDate::from_ymd_opt(2026, 6, 14).unwrap());
        assert_eq!(w.deadline, NaiveDate::from_ymd_opt(2026, 6, 20).unwrap());
        let w = Period::Year { year: 2026 }.window(&c);
        assert_eq!(w.start, NaiveDate::from_ymd_opt(2025, 12, 15).unwrap());
        assert_eq!(w.end, NaiveDate::from_ymd_opt(2026, 12, 14).unwrap());
        let w = Period::Quarter {
            year: 2026,
            quarter: 1,
        }
        .window(&c);
        assert_eq!(w.start, NaiveDate::from_ymd_opt(2025, 12, 15).unwrap());
        assert_eq!(w.end, NaiveDate::from_ymd_opt(2026, 3, 14).unwrap());
        let w = Period::Month {
            year: 2026,
            month: 5,
        }
        .window(&c);
        assert_eq!(w.start, NaiveDate::from_ymd_opt(2026, 4, 15).unwrap());
        assert_eq!(w.end, NaiveDate::from_ymd_opt(2026, 5, 14).unwrap());
        assert_eq!(
            Period::MidTerm.window(&c).deadline.to_string(),
            "2028-06-20"
        );
    }

    #[test]
    fn names_are_vietnamese() {
        let c = cal();
        assert_eq!(
            Period::HalfYear { year: 2026 }.name(&c),
            "6 tháng đầu năm 2026"
        );
        assert_eq!(Period::Year { year: 2027 }.name(&c), "năm 2027");
        assert_eq!(
            Period::Quarter {
                year: 2026,
                quarter: 3
            }
            .name(&c),
            "quý III năm 2026"
        );
        assert_eq!(Period::MidTerm.name(&c), "giữa nhiệm kỳ 2025 - 2030");
    }
}
