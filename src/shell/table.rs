//! Plain-text tables for the terminal (`programme`, `status`, the report summary).

use std::fmt::Write as _;

use crate::model::evaluate::Status;
use crate::model::programme::Programme;
use crate::report::consolidate::{Consolidated, TaskState, Timeliness};

/// Pads or cuts `s` to `w` characters.
fn cell(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

pub fn programme(p: &Programme) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n", p.info.title);
    let _ = writeln!(s, "CHỈ TIÊU ({})", p.targets.len());
    let _ = writeln!(
        s,
        "{} {} {} {} Chủ trì",
        cell("Mã", 11),
        cell("Mục", 12),
        cell("Chỉ tiêu", 60),
        cell("Chỉ tiêu NQ", 34)
    );
    for t in &p.targets {
        let _ = writeln!(
            s,
            "{} {} {} {} {}",
            cell(&t.code, 11),
            cell(&t.reference, 12),
            cell(&t.name, 60),
            cell(&crate::report::goal(t), 34),
            t.lead
        );
    }
    let _ = writeln!(s, "\nNHIỆM VỤ ({})", p.tasks.len());
    let _ = writeln!(
        s,
        "{} {} {} {} Thời hạn",
        cell("Mã", 11),
        cell("Mục", 10),
        cell("Nhiệm vụ", 60),
        cell("Chủ trì", 24)
    );
    for t in &p.tasks {
        let lead = t
            .lead
            .as_deref()
            .map(|l| p.unit_ref_name(l))
            .unwrap_or_else(|| "(chưa phân công)".into());
        let due = t
            .deadline
            .as_ref()
            .map(|d| d.describe())
            .unwrap_or_else(|| "(không ghi)".into());
        let _ = writeln!(
            s,
            "{} {} {} {} {}",
            cell(&t.code, 11),
            cell(&t.reference, 10),
            cell(&t.title, 60),
            cell(&lead, 24),
            due
        );
    }
    let _ = writeln!(
        s,
        "\nĐƠN VỊ ({}, {} nhận biểu mẫu)",
        p.units.len(),
        p.reporting_units().count()
    );
    for u in &p.units {
        let _ = writeln!(
            s,
            "{} {} {}",
            cell(&u.code, 16),
            cell(&u.name, 50),
            u.kind.code()
        );
    }
    s
}

pub fn status(p: &Programme, c: &Consolidated) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Kỳ {} — hạn nộp {}",
        c.period.name(&p.periods),
        crate::model::vn::short_date(c.deadline)
    );
    let _ = writeln!(
        s,
        "{} {} {} {} {} Lỗi/cảnh báo",
        cell("Mã", 16),
        cell("Đơn vị", 44),
        cell("Tình trạng", 14),
        cell("Ngày nhận", 11),
        cell("Bản", 4)
    );
    for u in &c.units {
        let state = match u.timeliness {
            Timeliness::Late => format!("Muộn {} ngày", u.days_late),
            t => t.label().to_string(),
        };
        let received = u
            .received
            .map(crate::model::vn::short_date)
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "{} {} {} {} {} {}/{}",
            cell(&u.code, 16),
            cell(&u.name, 44),
            cell(&state, 14),
            cell(&received, 11),
            cell(&u.version.to_string(), 4),
            u.errors,
            u.warnings
        );
    }
    let _ = writeln!(
        s,
        "Tổng: {} đơn vị; {} đúng hạn, {} muộn, {} chưa gửi; {} đơn vị có lỗi trong biểu",
        c.units.len(),
        c.count(Timeliness::OnTime),
        c.count(Timeliness::Late),
        c.count(Timeliness::Missing),
        c.units.iter().filter(|u| u.errors > 0).count()
    );
    s
}

pub fn summary(p: &Programme, c: &Consolidated) -> String {
    let st = |x: Status| {
        c.targets
            .iter()
            .filter(|t| t.evaluation.status == x)
            .count()
    };
    let received = c.units.len() - c.count(Timeliness::Missing);
    format!(
        "{}: đơn vị {} dự kiến / {} đã gửi / {} muộn / {} chưa gửi; chỉ tiêu {} vượt / {} đạt / {} đúng lộ trình / {} chậm so với lộ trình / {} chưa đạt / {} chưa có số liệu; nhiệm vụ {} hoàn thành / {} quá hạn\n",
        c.period.name(&p.periods),
        c.units.len(),
        received,
        c.count(Timeliness::Late),
        c.count(Timeliness::Missing),
        st(Status::Vuot),
        st(Status::Dat) + st(Status::DungHan),
        st(Status::DungLoTrinh) + st(Status::ChuaDenHan),
        st(Status::ChamLoTrinh),
        st(Status::ChuaDat) + st(Status::QuaHan),
        st(Status::ChuaCoSoLieu),
        c.tasks
            .iter()
            .filter(|t| matches!(t.state, TaskState::Done | TaskState::DoneLate))
            .count(),
        c.tasks
            .iter()
            .filter(|t| t.state == TaskState::Overdue)
            .count(),
    )
}
