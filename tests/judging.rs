//! Every target of the programme judged on hand-made submissions. Each case's figures, and its
//! expected value, status, forecast and notes, were worked out by hand from the programme's words
//! (`seeds/chuong-trinh-hanh-dong-2025-2030.txt`, line cited) and the judging rules written out in
//! the README ("Cách đánh giá chỉ tiêu") — never read back from the code under test.

use std::collections::BTreeSet;
use std::path::Path;

use baocao::model::evaluate::{Status, Verdict};
use baocao::model::period::Period;
use baocao::model::programme::{Indicator, Moment, Programme, Target, UnitKind, ValueKind};
use baocao::model::rules::{self, Operator};
use baocao::model::submission::{Content, Figure, Value};
use baocao::report::consolidate::{Consolidated, Inputs, compute, consolidate};
use baocao::shell::ledger::Latest;
use chrono::NaiveDate;

const CELLS: [&str; 14] = [
    "CB-KHANHHOI",
    "CB-VULADONGNGO",
    "CB-DONGNEO",
    "CB-TIENTIEN",
    "CB-TIENTRUNG",
    "CB-TANHUNG",
    "CB-NAMGIANG",
    "CB-ANLAC",
    "CB-MN-TIENTIEN",
    "CB-TH-NAMDONG",
    "CB-THCS-NAMDONG",
    "CB-UBND",
    "CB-CA",
    "CB-QS",
];
const GROUPS: [&str; 10] = [
    "TDP-KHANHHOI",
    "TDP-VULADONGNGO",
    "TDP-DONGNEO",
    "TDP-TIENTIEN",
    "TDP-TIENTRUNG",
    "TDP-TANHUNG",
    "TDP-NAMGIANG",
    "TDP-ANLAC",
    "TDP-HOABINH",
    "TDP-THONGNHAT",
];

fn y(year: i32) -> Period {
    Period::Year { year }
}
fn h1(year: i32) -> Period {
    Period::HalfYear { year }
}

/// Submissions typed by hand: one `Latest` per unit and period.
#[derive(Default)]
struct Data {
    inputs: Inputs,
}

impl Data {
    fn put(&mut self, period: Period, unit: &str, element: &str, value: Value) {
        let subs = self.inputs.by_period.entry(period).or_default();
        let i = match subs.iter().position(|s| s.unit == unit) {
            Some(i) => i,
            None => {
                subs.push(Latest {
                    unit: unit.into(),
                    period: period.to_string(),
                    version: 1,
                    received: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                    report_date: None,
                    file_name: format!("{unit}.xlsx"),
                    content: Content::default(),
                    errors: 0,
                    warnings: 0,
                });
                subs.len() - 1
            }
        };
        subs[i].content.figures.push(Figure {
            element: element.into(),
            value,
            note: String::new(),
            estimate: false,
        });
    }
    fn num(&mut self, period: Period, unit: &str, element: &str, x: f64) -> &mut Self {
        self.put(period, unit, element, Value::Number(x));
        self
    }
    /// The same number for every unit listed.
    fn each(&mut self, period: Period, units: &[&str], element: &str, x: f64) -> &mut Self {
        for u in units {
            self.num(period, u, element, x);
        }
        self
    }
    /// "Có" for the first `yes` units listed, "Không" for the rest.
    fn yes_no(&mut self, period: Period, units: &[&str], element: &str, yes: usize) -> &mut Self {
        for (i, u) in units.iter().enumerate() {
            self.put(period, u, element, Value::YesNo(i < yes));
        }
        self
    }
}

fn programme() -> Programme {
    Programme::load(Path::new("seeds")).unwrap()
}

fn run(p: &Programme, data: &Data, period: Period) -> Consolidated {
    let as_of = period.window(&p.periods).deadline;
    consolidate(p, period, as_of, &data.inputs)
}

/// What a case expects, all worked out by hand.
struct Expect {
    value: Option<f64>,
    status: Status,
    verdict: Option<Verdict>,
    /// Checked when given.
    projection: Option<f64>,
    missing: &'static [&'static str],
    /// A note the judgement must carry, when given.
    note: Option<&'static str>,
}

const fn expect(value: Option<f64>, status: Status, verdict: Option<Verdict>) -> Expect {
    Expect {
        value,
        status,
        verdict,
        projection: None,
        missing: &[],
        note: None,
    }
}

struct Case {
    target: &'static str,
    /// What the case shows, with the programme text's line.
    why: &'static str,
    period: Period,
    data: fn(&mut Data),
    expect: Expect,
}

use Status::*;
use Verdict::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn check(p: &Programme, case: &Case) -> Result<(), String> {
    let mut data = Data::default();
    (case.data)(&mut data);
    let c = run(p, &data, case.period);
    let r = c
        .target(case.target)
        .ok_or_else(|| format!("{} is not in the programme", case.target))?;
    let e = &r.evaluation;
    let x = &case.expect;
    let mut errors = Vec::new();
    match (e.value, x.value) {
        (Some(a), Some(b)) if close(a, b) => {}
        (None, None) => {}
        (a, b) => errors.push(format!("value {a:?}, expected {b:?}")),
    }
    if e.status != x.status {
        errors.push(format!("status {:?}, expected {:?}", e.status, x.status));
    }
    if e.verdict != x.verdict {
        errors.push(format!("verdict {:?}, expected {:?}", e.verdict, x.verdict));
    }
    if let Some(want) = x.projection
        && !e.projection.is_some_and(|p| close(p, want))
    {
        errors.push(format!("projection {:?}, expected {want}", e.projection));
    }
    let missing: Vec<&str> = r.current.missing.iter().map(String::as_str).collect();
    if missing != x.missing {
        errors.push(format!("missing {missing:?}, expected {:?}", x.missing));
    }
    if let Some(note) = x.note
        && !e.notes.iter().any(|n| n == note)
    {
        errors.push(format!("no note «{note}» in {:?}", e.notes));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} ({}, {}): {}",
            case.target,
            case.why,
            case.period,
            errors.join("; ")
        ))
    }
}

fn cases() -> Vec<Case> {
    vec![
        // ---- II.1.1 (1), text lines 50-55 ----
        Case {
            target: "CT-XDD-01a",
            why: "line 50-51: phấn đấu 100% chi bộ bốn tốt; 13 of 14 is 92,86%; one year shows no trend, so no verdict",
            period: y(2026),
            data: |d| {
                d.yes_no(y(2026), &CELLS, "chi_bo_bon_tot", 13);
            },
            expect: expect(Some(1300.0 / 14.0), ChuaDat, None),
        },
        Case {
            target: "CT-XDD-01a",
            why: "line 50-51: “100% các chi, đảng bộ trực thuộc” means all 14: 12 of the 12 that reported say Có, but the two silent cells could make it 12/14 = 85,71% or 14/14: not concluded, the silent cells named",
            period: y(2026),
            data: |d| {
                d.yes_no(y(2026), &CELLS[..12], "chi_bo_bon_tot", 12);
            },
            expect: Expect {
                missing: &["CB-CA", "CB-QS"],
                note: Some("chưa kết luận được: 2 đơn vị chưa báo cáo"),
                ..expect(Some(100.0), ChuaCoSoLieu, None)
            },
        },
        Case {
            target: "CT-XDD-01a",
            why: "line 50-51: 11 of the 12 that reported say Có: even if the two silent cells say Có it is 13/14 = 92,86%, so Chưa đạt for sure",
            period: y(2026),
            data: |d| {
                d.yes_no(y(2026), &CELLS[..12], "chi_bo_bon_tot", 11);
            },
            expect: Expect {
                missing: &["CB-CA", "CB-QS"],
                ..expect(Some(1100.0 / 12.0), ChuaDat, None)
            },
        },
        Case {
            target: "CT-XDD-01b",
            why: "line 51-52: 14 cells × 50 members at the end of 2025, 21 admitted in 2026: 21/700 = 3,0%",
            period: y(2026),
            data: |d| {
                d.each(y(2025), &CELLS, "dang_vien", 50.0);
                d.each(y(2026), &CELLS[..7], "dang_vien_ket_nap", 3.0)
                    .each(y(2026), &CELLS[7..], "dang_vien_ket_nap", 0.0)
                    .each(y(2026), &CELLS[..7], "dang_vien", 53.0)
                    .each(y(2026), &CELLS[7..], "dang_vien", 50.0);
            },
            expect: expect(Some(3.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-XDD-01b",
            why: "line 51-52: 10 admitted in 2026-H1 of 700 is 1,43%, under the 6-month bar of 1,5%",
            period: h1(2026),
            data: |d| {
                d.each(y(2025), &CELLS, "dang_vien", 50.0);
                d.each(h1(2026), &CELLS[..10], "dang_vien_ket_nap", 1.0)
                    .each(h1(2026), &CELLS[10..], "dang_vien_ket_nap", 0.0);
            },
            expect: Expect {
                note: Some("so với mức theo tiến độ 6 tháng: 1,5%"),
                // No whole year yet to forecast from.
                ..expect(Some(1000.0 / 700.0), ChuaDat, None)
            },
        },
        Case {
            target: "CT-XDD-01c",
            why: "line 52-53: 90% hoàn thành tốt; 13 of 14 = 92,86% is more than 0,5% of 90 above it",
            period: y(2026),
            data: |d| {
                d.yes_no(y(2026), &CELLS, "hoan_thanh_tot", 13);
            },
            expect: expect(Some(1300.0 / 14.0), Vuot, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-XDD-01d",
            why: "line 53: nữ từ 15% trong nhiệm kỳ; 3/20 = 15% in 2027 meets the bar before the term's end: Đạt already (exactly 15%, not beyond it)",
            period: y(2027),
            data: |d| {
                d.num(y(2027), "BXD", "cap_uy_vien", 20.0).num(
                    y(2027),
                    "BXD",
                    "cap_uy_vien_nu",
                    3.0,
                );
            },
            expect: Expect {
                note: Some("đã đạt mức chỉ tiêu"),
                ..expect(Some(15.0), Dat, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-XDD-01d",
            why: "line 53: nữ từ 15% trở lên; 4/25 = 16% in 2026 is 1 point, more than 0,5% of 15, above the bar before the term's end: Vượt already",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "BXD", "cap_uy_vien", 25.0).num(
                    y(2026),
                    "BXD",
                    "cap_uy_vien_nu",
                    4.0,
                );
            },
            expect: Expect {
                note: Some("đã đạt mức chỉ tiêu"),
                ..expect(Some(16.0), Vuot, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-XDD-01d",
            why: "line 53: at the term's end 2/20 = 10% is under 15%",
            period: y(2030),
            data: |d| {
                d.num(y(2030), "BXD", "cap_uy_vien", 20.0).num(
                    y(2030),
                    "BXD",
                    "cap_uy_vien_nu",
                    2.0,
                );
            },
            expect: expect(Some(10.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-XDD-01e",
            why: "line 53-54: no woman in the standing committee yet in 2026 — not due before 2030",
            period: y(2026),
            data: |d| {
                d.put(y(2026), "BXD", "nu_trong_btv", Value::YesNo(false));
            },
            expect: expect(Some(0.0), ChuaDenHan, None),
        },
        Case {
            target: "CT-XDD-01e",
            why: "line 53-54: có cán bộ nữ trong ban thường vụ",
            period: y(2027),
            data: |d| {
                d.put(y(2027), "BXD", "nu_trong_btv", Value::YesNo(true));
            },
            expect: expect(Some(1.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-XDD-01f",
            why: "line 54-55: trẻ từ 10%; 5% in 2025 and 8% in 2027 is +1,5 points a year: 12,5% in 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "BXD", "cap_uy_vien", 20.0)
                    .num(y(2025), "BXD", "cap_uy_vien_duoi_42", 1.0)
                    .num(y(2027), "BXD", "cap_uy_vien", 25.0)
                    .num(y(2027), "BXD", "cap_uy_vien_duoi_42", 2.0);
            },
            expect: Expect {
                projection: Some(12.5),
                ..expect(Some(8.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-XDD-01f",
            why: "line 54-55: 5% in 2025 and in 2027 stays 5% in 2030: behind",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "BXD", "cap_uy_vien", 20.0)
                    .num(y(2025), "BXD", "cap_uy_vien_duoi_42", 1.0)
                    .num(y(2027), "BXD", "cap_uy_vien", 20.0)
                    .num(y(2027), "BXD", "cap_uy_vien_duoi_42", 1.0);
            },
            expect: Expect {
                projection: Some(5.0),
                ..expect(Some(5.0), ChamLoTrinh, Some(KhoDat))
            },
        },
        Case {
            target: "CT-XDD-01g",
            why: "line 55: 0 of 14 inspected in 2025, 7 in 2027: +25 points a year reaches 100% by 2030",
            period: y(2027),
            data: |d| {
                d.yes_no(y(2025), &CELLS, "duoc_kiem_tra", 0);
                d.yes_no(y(2027), &CELLS, "duoc_kiem_tra", 7);
            },
            expect: Expect {
                projection: Some(100.0),
                ..expect(Some(50.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-XDD-01g",
            why: "line 55: 13 of 14 by the term's end is not 100%",
            period: y(2030),
            data: |d| {
                d.yes_no(y(2030), &CELLS, "duoc_kiem_tra", 13);
            },
            expect: expect(Some(1300.0 / 14.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-XDD-01g",
            why: "line 55: “100% các tổ chức đảng trực thuộc được kiểm tra … trong nhiệm kỳ”: at the term's end 12 say Có and 2 are silent (12/14 or 14/14): not concluded",
            period: y(2030),
            data: |d| {
                d.yes_no(y(2030), &CELLS[..12], "duoc_kiem_tra", 12);
            },
            expect: Expect {
                missing: &["CB-CA", "CB-QS"],
                note: Some("chưa kết luận được: 2 đơn vị chưa báo cáo"),
                ..expect(Some(100.0), ChuaCoSoLieu, None)
            },
        },
        // ---- II.1.1 (2), (3), text lines 57-62 ----
        Case {
            target: "CT-XDD-02",
            why: "line 57-58: từ 02 tổ chức đảng trong nhiệm kỳ; 2 founded by 2026 is the term total reached before the term's end: Đạt already (2 is not beyond 2)",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "BXD", "to_chuc_dang_ngoai_nha_nuoc", 2.0);
            },
            expect: Expect {
                note: Some("đã đạt mức chỉ tiêu"),
                ..expect(Some(2.0), Dat, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-XDD-02",
            why: "line 57-58: 1 at the term's end",
            period: y(2030),
            data: |d| {
                d.num(y(2030), "BXD", "to_chuc_dang_ngoai_nha_nuoc", 1.0);
            },
            expect: expect(Some(1.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-XDD-03",
            why: "line 60-62: hoàn thành trong tháng 11/2025; done 20/11/2025",
            period: y(2025),
            data: |d| {
                d.put(
                    y(2025),
                    "BXD",
                    "ke_hoach_cnxh_ngay_hoan_thanh",
                    Value::Date(NaiveDate::from_ymd_opt(2025, 11, 20).unwrap()),
                );
            },
            expect: expect(None, DungHan, None),
        },
        Case {
            target: "CT-XDD-03",
            why: "line 60-62: not done by the 2026-H1 report",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "BXD", "cap_uy_vien", 20.0);
            },
            expect: Expect {
                missing: &["BXD"],
                ..expect(None, QuaHan, None)
            },
        },
        // ---- II.2.1 (1), (2): average growth, text lines 318-323 ----
        Case {
            target: "CT-KT-01",
            why: "line 318-319: trên 8% bình quân; 10.000 → 11.881 in two years is 9%/năm; 11.881 × 1,09³ in 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "thu_ngan_sach", 10_000.0).num(
                    y(2027),
                    "PKT",
                    "thu_ngan_sach",
                    11_881.0,
                );
            },
            expect: Expect {
                projection: Some(15_386.239_549),
                ..expect(Some(11_881.0), Vuot, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-01",
            why: "line 318-319: exactly 8% is not “trên 08%”",
            period: y(2026),
            data: |d| {
                d.num(y(2025), "PKT", "thu_ngan_sach", 10_000.0).num(
                    y(2026),
                    "PKT",
                    "thu_ngan_sach",
                    10_800.0,
                );
            },
            expect: expect(Some(10_800.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-KT-01",
            why: "line 318-319: a half-year against the same half of last year: 5.000 → 5.450 is +9%",
            period: h1(2026),
            data: |d| {
                d.num(h1(2025), "PKT", "thu_ngan_sach", 5_000.0).num(
                    h1(2026),
                    "PKT",
                    "thu_ngan_sach",
                    5_450.0,
                );
            },
            expect: expect(Some(5_450.0), Vuot, None),
        },
        Case {
            target: "CT-KT-02a",
            why: "line 321-322: 12%/năm trở lên; 100.000 → 112.000 is exactly 12%",
            period: y(2026),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_san_pham", 100_000.0).num(
                    y(2026),
                    "PKT",
                    "gia_tri_san_pham",
                    112_000.0,
                );
            },
            expect: expect(Some(112_000.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-02b",
            why: "line 322: 3 - 5%; 1.000 → 1.081,6 in two years is 4%/năm",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_nong_lam_thuy_san", 1_000.0)
                    .num(y(2027), "PKT", "gia_tri_nong_lam_thuy_san", 1_081.6);
            },
            expect: expect(Some(1_081.6), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-02b",
            why: "line 322: 1.000 → 1.123,6 in two years is 6%/năm, above the band",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_nong_lam_thuy_san", 1_000.0)
                    .num(y(2027), "PKT", "gia_tri_nong_lam_thuy_san", 1_123.6);
            },
            expect: expect(Some(1_123.6), Vuot, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-02c",
            why: "line 322-323: 15%; 1.000 → 1.140 is 14%",
            period: y(2026),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_cong_nghiep_xay_dung", 1_000.0)
                    .num(y(2026), "PKT", "gia_tri_cong_nghiep_xay_dung", 1_140.0);
            },
            expect: expect(Some(1_140.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-KT-02d",
            why: "line 323: 15%; 2.000 → 2.300 is exactly 15%",
            period: y(2026),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_dich_vu", 2_000.0).num(
                    y(2026),
                    "PKT",
                    "gia_tri_dich_vu",
                    2_300.0,
                );
            },
            expect: expect(Some(2_300.0), Dat, Some(CoKhaNangDat)),
        },
        // ---- (3): a per-year value by 2030, text line 325 ----
        Case {
            target: "CT-KT-03",
            why: "line 325: half a year's 109,9 triệu đồng/ha is no per-year value, and one whole year (220 in 2025) shows no trend: no trajectory claim",
            period: h1(2026),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_sx_nong_nghiep", 22_000.0)
                    .num(y(2025), "PKT", "dien_tich_nong_nghiep", 100.0)
                    .num(h1(2026), "PKT", "gia_tri_sx_nong_nghiep", 10_990.0)
                    .num(h1(2026), "PKT", "dien_tich_nong_nghiep", 100.0);
            },
            expect: Expect {
                note: Some("chưa đủ số liệu hai năm trọn để tính lộ trình"),
                ..expect(Some(109.9), ChuaCoSoLieu, None)
            },
        },
        Case {
            target: "CT-KT-03",
            why: "line 325: half a year's value and no whole year on record: no trajectory to judge",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "PKT", "gia_tri_sx_nong_nghiep", 10_990.0)
                    .num(h1(2026), "PKT", "dien_tich_nong_nghiep", 100.0);
            },
            expect: Expect {
                note: Some("chưa đủ số liệu hai năm trọn để tính lộ trình"),
                ..expect(Some(109.9), ChuaCoSoLieu, None)
            },
        },
        Case {
            target: "CT-KT-03",
            why: "line 325: 220 in 2025, 250 in 2027: +15 a year gives 295 in 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "gia_tri_sx_nong_nghiep", 22_000.0)
                    .num(y(2025), "PKT", "dien_tich_nong_nghiep", 100.0)
                    .num(y(2027), "PKT", "gia_tri_sx_nong_nghiep", 25_000.0)
                    .num(y(2027), "PKT", "dien_tich_nong_nghiep", 100.0);
            },
            expect: Expect {
                projection: Some(295.0),
                ..expect(Some(250.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-03",
            why: "line 325: 270 triệu đồng/ha in 2030",
            period: y(2030),
            data: |d| {
                d.num(y(2030), "PKT", "gia_tri_sx_nong_nghiep", 27_000.0)
                    .num(y(2030), "PKT", "dien_tich_nong_nghiep", 100.0);
            },
            expect: expect(Some(270.0), ChuaDat, Some(KhoDat)),
        },
        // ---- (4), text lines 327-329 ----
        Case {
            target: "CT-KT-04a",
            why: "line 327-328: 10 - 15 tỷ đồng/năm; 4,5 in 2026-H1 against half the band, 5 - 7,5; one whole year (2025) gives no forecast",
            period: h1(2026),
            data: |d| {
                d.num(y(2025), "PKT", "von_dau_tu_ngan_sach_xa", 11.0).num(
                    h1(2026),
                    "PKT",
                    "von_dau_tu_ngan_sach_xa",
                    4.5,
                );
            },
            expect: Expect {
                note: Some("so với mức theo tiến độ 6 tháng: 5 - 7,5 tỷ đồng"),
                ..expect(Some(4.5), ChuaDat, None)
            },
        },
        Case {
            target: "CT-KT-04a",
            why: "line 327-328: 12 tỷ đồng in 2026",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "PKT", "von_dau_tu_ngan_sach_xa", 12.0);
            },
            expect: expect(Some(12.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-04a",
            why: "line 327-328: 16 tỷ đồng is above the band",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "PKT", "von_dau_tu_ngan_sach_xa", 16.0);
            },
            expect: expect(Some(16.0), Vuot, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-04b",
            why: "line 328-329: giải ngân đạt 100%; 20 of 20 is Đạt, nothing exceeds 100%",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "PKT", "von_ke_hoach", 20.0).num(
                    y(2026),
                    "PKT",
                    "von_giai_ngan",
                    20.0,
                );
            },
            expect: expect(Some(100.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-04b",
            why: "line 328-329: 9 of the year's 20 disbursed by mid-year is 45%, under the 6-month 50%",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "PKT", "von_ke_hoach", 20.0).num(
                    h1(2026),
                    "PKT",
                    "von_giai_ngan",
                    9.0,
                );
            },
            expect: Expect {
                note: Some("so với mức theo tiến độ 6 tháng: 50%"),
                // No whole year yet to forecast from.
                ..expect(Some(45.0), ChuaDat, None)
            },
        },
        // ---- (5), text lines 331-333 ----
        Case {
            target: "CT-KT-05",
            why: "line 331-333: 2 - 2,5 lần 2025; 40 → 60 in two years keeps 22,5%/năm: 60 × 1,5^1,5 = 110,2 = 2,76× in 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "so_doanh_nghiep", 40.0).num(
                    y(2027),
                    "PKT",
                    "so_doanh_nghiep",
                    60.0,
                );
            },
            expect: Expect {
                projection: Some(60.0 * 1.5f64 * 1.5f64.sqrt()),
                note: Some("gấp 1,5 lần năm 2025"),
                ..expect(Some(60.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-05",
            why: "line 331-333: 90 in 2030 is 2,25× 2025",
            period: y(2030),
            data: |d| {
                d.num(y(2025), "PKT", "so_doanh_nghiep", 40.0).num(
                    y(2030),
                    "PKT",
                    "so_doanh_nghiep",
                    90.0,
                );
            },
            expect: expect(Some(90.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-05",
            why: "line 331-333: 104 in 2030 is 2,6×, above the band",
            period: y(2030),
            data: |d| {
                d.num(y(2025), "PKT", "so_doanh_nghiep", 40.0).num(
                    y(2030),
                    "PKT",
                    "so_doanh_nghiep",
                    104.0,
                );
            },
            expect: expect(Some(104.0), Vuot, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-05",
            why: "line 331-333: in 2025 the multiple is 1× by definition and one year shows no trend: no trajectory claim, no verdict",
            period: y(2025),
            data: |d| {
                d.num(y(2025), "PKT", "so_doanh_nghiep", 40.0);
            },
            expect: Expect {
                note: Some("chưa đủ số liệu hai năm trọn để tính lộ trình"),
                ..expect(Some(40.0), ChuaCoSoLieu, None)
            },
        },
        Case {
            target: "CT-KT-05",
            why: "line 331-333: 40 in 2025, 50 in 2026-H1 (1,25×): still one whole year, no trend",
            period: h1(2026),
            data: |d| {
                d.num(y(2025), "PKT", "so_doanh_nghiep", 40.0).num(
                    h1(2026),
                    "PKT",
                    "so_doanh_nghiep",
                    50.0,
                );
            },
            expect: expect(Some(50.0), ChuaCoSoLieu, None),
        },
        // ---- (6): growth every year, text lines 335-336 ----
        Case {
            target: "CT-KT-06",
            why: "line 335-336: tăng hằng năm 12%; 62 → 80 → 84: 2027 is +5% over 2026",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "thu_nhap_binh_quan", 62.0)
                    .num(y(2026), "PKT", "thu_nhap_binh_quan", 80.0)
                    .num(y(2027), "PKT", "thu_nhap_binh_quan", 84.0);
            },
            expect: Expect {
                note: Some("chưa đạt mức tăng hằng năm: năm 2027 tăng 5%"),
                ..expect(Some(84.0), ChuaDat, Some(KhoDat))
            },
        },
        Case {
            target: "CT-KT-06",
            why: "line 335-336: 62 → 80 is +29%",
            period: y(2026),
            data: |d| {
                d.num(y(2025), "PKT", "thu_nhap_binh_quan", 62.0).num(
                    y(2026),
                    "PKT",
                    "thu_nhap_binh_quan",
                    80.0,
                );
            },
            expect: expect(Some(80.0), Vuot, Some(CoKhaNangDat)),
        },
        // ---- (7): a firm target and an aspiration, text lines 338-340 ----
        Case {
            target: "CT-KT-07",
            why: "line 338-339: dưới 1,5% đến năm 2030; 7 poor of 1.000 households (0,7%) in 2026-H1 is already under the bar: Đạt (a ceiling is never Vượt)",
            period: h1(2026),
            data: |d| {
                d.each(h1(2026), &GROUPS, "ho_dan", 100.0);
                d.each(h1(2026), &GROUPS[..7], "ho_ngheo", 1.0).each(
                    h1(2026),
                    &GROUPS[7..],
                    "ho_ngheo",
                    0.0,
                );
            },
            expect: Expect {
                note: Some("đã đạt mức chỉ tiêu"),
                ..expect(Some(0.7), Dat, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-07",
            why: "line 338-340: 101 poor of 10.000 in 2030 is 1,01% < 1,5%: Đạt; the 2028 aspiration (0,5% left) adds a line",
            period: y(2030),
            data: |d| {
                d.each(y(2028), &GROUPS, "ho_dan", 1_000.0)
                    .each(y(2028), &GROUPS, "ho_ngheo", 5.0);
                d.each(y(2030), &GROUPS, "ho_dan", 1_000.0);
                d.num(y(2030), GROUPS[0], "ho_ngheo", 11.0).each(
                    y(2030),
                    &GROUPS[1..],
                    "ho_ngheo",
                    10.0,
                );
            },
            expect: Expect {
                note: Some(
                    "chưa đạt mục tiêu phấn đấu đến năm 2028 phường không còn hộ nghèo (năm 2028: 0,5%)",
                ),
                ..expect(Some(1.01), Dat, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-07",
            why: "line 338-340: 0% in 2030 but no 2028 figure: the 2028 aspiration is unknown, not reached",
            period: y(2030),
            data: |d| {
                d.each(y(2030), &GROUPS, "ho_dan", 1_000.0)
                    .each(y(2030), &GROUPS, "ho_ngheo", 0.0);
            },
            expect: Expect {
                note: Some(
                    "chưa có số liệu năm 2028 để đánh giá mục tiêu phấn đấu đến năm 2028 phường không còn hộ nghèo",
                ),
                ..expect(Some(0.0), Dat, Some(CoKhaNangDat))
            },
        },
        // ---- (8), text line 342 ----
        Case {
            target: "CT-KT-08a",
            why: "line 342: 95%; 96 of 100 in the 8 groups that reported; two groups named as missing",
            period: y(2026),
            data: |d| {
                d.each(y(2026), &GROUPS[..8], "ho_dan", 100.0).each(
                    y(2026),
                    &GROUPS[..8],
                    "gia_dinh_van_hoa",
                    96.0,
                );
            },
            expect: Expect {
                missing: &["TDP-HOABINH", "TDP-THONGNHAT"],
                ..expect(Some(96.0), Vuot, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-08b",
            why: "line 342: tổ dân phố văn hóa 100%; 9 of 10; one year shows no trend, so no verdict",
            period: y(2026),
            data: |d| {
                d.yes_no(y(2026), &GROUPS, "tdp_van_hoa", 9);
            },
            expect: expect(Some(90.0), ChuaDat, None),
        },
        Case {
            target: "CT-KT-08b",
            why: "line 342: 10 of 10 is Đạt, not Vượt",
            period: y(2026),
            data: |d| {
                d.yes_no(y(2026), &GROUPS, "tdp_van_hoa", 10);
            },
            expect: expect(Some(100.0), Dat, Some(CoKhaNangDat)),
        },
        // ---- (9), (10), text lines 344-348 ----
        Case {
            target: "CT-KT-09",
            why: "line 344: 4 of 6 schools in 2025, 5 in 2027: the line reaches 100% by 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PVHXH", "truong_hoc", 6.0)
                    .num(y(2025), "PVHXH", "truong_dat_chuan", 4.0)
                    .num(y(2027), "PVHXH", "truong_hoc", 6.0)
                    .num(y(2027), "PVHXH", "truong_dat_chuan", 5.0);
            },
            expect: Expect {
                projection: Some(100.0),
                ..expect(Some(500.0 / 6.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-10a",
            why: "line 346: nhà đa năng mầm non, built by 2026",
            period: y(2026),
            data: |d| {
                d.put(y(2026), "PVHXH", "nha_da_nang_mam_non", Value::YesNo(true));
            },
            expect: expect(Some(1.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-10b",
            why: "line 346-347: tiểu học not yet in 2026, due 2030",
            period: y(2026),
            data: |d| {
                d.put(
                    y(2026),
                    "PVHXH",
                    "nha_da_nang_tieu_hoc",
                    Value::YesNo(false),
                );
            },
            expect: expect(Some(0.0), ChuaDenHan, None),
        },
        Case {
            target: "CT-KT-10c",
            why: "line 346-347: trung học cơ sở still without one in 2030",
            period: y(2030),
            data: |d| {
                d.put(y(2030), "PVHXH", "nha_da_nang_thcs", Value::YesNo(false));
            },
            expect: expect(Some(0.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-KT-10d",
            why: "line 347-348: 1 of 6 in 2025, 3 of 6 in 2026: the line passes 100% before 2030",
            period: y(2026),
            data: |d| {
                d.num(y(2025), "PVHXH", "co_so_giao_duc", 6.0)
                    .num(y(2025), "PVHXH", "co_so_co_phong_thong_minh", 1.0)
                    .num(y(2026), "PVHXH", "co_so_giao_duc", 6.0)
                    .num(y(2026), "PVHXH", "co_so_co_phong_thong_minh", 3.0);
            },
            expect: Expect {
                projection: Some(100.0),
                ..expect(Some(50.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        // ---- (11)-(14), text lines 349-356 ----
        Case {
            target: "CT-KT-11",
            why: "line 349: “phấn đấu … đạt 100%” is the only figure, so the target; 99,5% in 2030",
            period: y(2030),
            data: |d| {
                d.each(y(2030), &GROUPS, "dan_so", 1_000.0).each(
                    y(2030),
                    &GROUPS,
                    "dan_so_bhyt",
                    995.0,
                );
            },
            expect: expect(Some(99.5), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-KT-11",
            why: "line 349: everyone insured in 2030",
            period: y(2030),
            data: |d| {
                d.each(y(2030), &GROUPS, "dan_so", 1_000.0).each(
                    y(2030),
                    &GROUPS,
                    "dan_so_bhyt",
                    1_000.0,
                );
            },
            expect: expect(Some(100.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-12",
            why: "line 351-352: 70% by 2030; 30% in 2025, 40% in 2027: +5 points a year reaches 55%",
            period: y(2027),
            data: |d| {
                d.each(y(2025), &GROUPS, "lao_dong", 500.0)
                    .each(y(2025), &GROUPS, "lao_dong_bhxh", 150.0)
                    .each(y(2027), &GROUPS, "lao_dong", 500.0)
                    .each(y(2027), &GROUPS, "lao_dong_bhxh", 200.0);
            },
            expect: Expect {
                projection: Some(55.0),
                ..expect(Some(40.0), ChamLoTrinh, Some(KhoDat))
            },
        },
        Case {
            target: "CT-KT-12",
            why: "line 351-352: “đến năm 2030” holds once 2030 is over: in 2030-H1, 68% (50% in 2025, 65% in 2029) is judged on its trajectory; the line from (2025; 50) to (2029,5; 68) rises 4 a year and reaches 70% at the end of 2030",
            period: h1(2030),
            data: |d| {
                d.each(y(2025), &GROUPS, "lao_dong", 500.0)
                    .each(y(2025), &GROUPS, "lao_dong_bhxh", 250.0)
                    .each(y(2029), &GROUPS, "lao_dong", 500.0)
                    .each(y(2029), &GROUPS, "lao_dong_bhxh", 325.0)
                    .each(h1(2030), &GROUPS, "lao_dong", 500.0)
                    .each(h1(2030), &GROUPS, "lao_dong_bhxh", 340.0);
            },
            expect: Expect {
                projection: Some(70.0),
                ..expect(Some(68.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-12",
            why: "line 351-352: 30% in the 2025 report alone shows no trend: no trajectory claim",
            period: y(2025),
            data: |d| {
                d.each(y(2025), &GROUPS, "lao_dong", 500.0).each(
                    y(2025),
                    &GROUPS,
                    "lao_dong_bhxh",
                    150.0,
                );
            },
            expect: expect(Some(30.0), ChuaCoSoLieu, None),
        },
        Case {
            target: "CT-KT-13",
            why: "line 354: recognised đô thị văn minh in 2028",
            period: y(2028),
            data: |d| {
                d.put(y(2028), "PVHXH", "do_thi_van_minh", Value::YesNo(true));
            },
            expect: expect(Some(1.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-13",
            why: "line 354: “đến năm 2030”: not yet recognised in 2030-H1 is not yet due",
            period: h1(2030),
            data: |d| {
                d.put(h1(2030), "PVHXH", "do_thi_van_minh", Value::YesNo(false));
            },
            expect: expect(Some(0.0), ChuaDenHan, None),
        },
        Case {
            target: "CT-KT-14",
            why: "line 356: 100% by 2030; 90% in 2025, 92% in 2026, 95% in 2027-H1 (a rate of flows joins the line mid-year): 95 + 3,5 × 10/3 > 100, clamped to 100",
            period: h1(2027),
            data: |d| {
                d.num(y(2025), "PKT", "rac_phat_sinh", 2_000.0)
                    .num(y(2025), "PKT", "rac_thu_gom", 1_800.0)
                    .num(y(2026), "PKT", "rac_phat_sinh", 2_000.0)
                    .num(y(2026), "PKT", "rac_thu_gom", 1_840.0)
                    .num(h1(2027), "PKT", "rac_phat_sinh", 1_000.0)
                    .num(h1(2027), "PKT", "rac_thu_gom", 950.0);
            },
            expect: Expect {
                projection: Some(100.0),
                ..expect(Some(95.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        // ---- (15), (16), text lines 358-361 ----
        Case {
            target: "CT-KT-15a",
            why: "line 358: đúng hạn 100%; 1.231 of 2.052 in 2026-H1 is 60%: a rate is never prorated",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "VPUB", "ho_so_giai_quyet", 2_052.0).num(
                    h1(2026),
                    "VPUB",
                    "ho_so_dung_han",
                    1_231.0,
                );
            },
            expect: expect(Some(123_100.0 / 2_052.0), ChuaDat, None),
        },
        Case {
            target: "CT-KT-15a",
            why: "line 358: 2.052 of 2.052 on time is Đạt, never Vượt",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "VPUB", "ho_so_giai_quyet", 2_052.0).num(
                    h1(2026),
                    "VPUB",
                    "ho_so_dung_han",
                    2_052.0,
                );
            },
            expect: expect(Some(100.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-KT-15b",
            why: "line 358-359: trên 80%; 935 of 2.077 online in 2026-H1 is 45%",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "VPUB", "ho_so_tiep_nhan", 2_077.0).num(
                    h1(2026),
                    "VPUB",
                    "ho_so_truc_tuyen",
                    935.0,
                );
            },
            expect: expect(Some(93_500.0 / 2_077.0), ChuaDat, None),
        },
        Case {
            target: "CT-KT-16",
            why: "line 361: hơn 85% by 2030; 40% in 2025, 42% in 2026, 55% in 2027-H1: the line from (2025; 40) to (2026,5; 55) rises 10 a year, 55 + 3,5 × 10 = 90% in 2030",
            period: h1(2027),
            data: |d| {
                d.num(y(2025), "VPUB", "ho_so_tiep_nhan", 2_000.0)
                    .num(y(2025), "VPUB", "ho_so_truc_tuyen", 800.0)
                    .num(y(2026), "VPUB", "ho_so_tiep_nhan", 2_000.0)
                    .num(y(2026), "VPUB", "ho_so_truc_tuyen", 840.0)
                    .num(h1(2027), "VPUB", "ho_so_tiep_nhan", 2_000.0)
                    .num(h1(2027), "VPUB", "ho_so_truc_tuyen", 1_100.0);
            },
            expect: Expect {
                projection: Some(90.0),
                ..expect(Some(55.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-KT-16",
            why: "line 361: 40% in 2025 and 45,02% in 2026-H1 is one whole year: no trend, no trajectory claim",
            period: h1(2026),
            data: |d| {
                d.num(y(2025), "VPUB", "ho_so_tiep_nhan", 2_000.0)
                    .num(y(2025), "VPUB", "ho_so_truc_tuyen", 800.0)
                    .num(h1(2026), "VPUB", "ho_so_tiep_nhan", 2_077.0)
                    .num(h1(2026), "VPUB", "ho_so_truc_tuyen", 935.0);
            },
            expect: expect(Some(93_500.0 / 2_077.0), ChuaCoSoLieu, None),
        },
        // ---- Targets the re-read of the text added (issue 10) ----
        Case {
            target: "CT-XDD-01h",
            why: "line 50: xây dựng và duy trì “Đảng bộ cơ sở bốn tốt”, recognised in 2026",
            period: y(2026),
            data: |d| {
                d.put(y(2026), "BXD", "dang_bo_bon_tot", Value::YesNo(true));
            },
            expect: expect(Some(1.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-XDD-01h",
            why: "line 50: not recognised in 2026: a target of every year is missed that year",
            period: y(2026),
            data: |d| {
                d.put(y(2026), "BXD", "dang_bo_bon_tot", Value::YesNo(false));
            },
            expect: expect(Some(0.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-KT-05b",
            why: "line 331-333: conversions 4 in 2025, 5 in 2027 keep 11,8%/năm: 5 × 1,25^1,5 = 6,99 = 1,75× in 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "doanh_nghiep_chuyen_doi", 4.0).num(
                    y(2027),
                    "PKT",
                    "doanh_nghiep_chuyen_doi",
                    5.0,
                );
            },
            expect: Expect {
                projection: Some(5.0 * 1.25f64 * 1.25f64.sqrt()),
                note: Some("gấp 1,25 lần năm 2025"),
                ..expect(Some(5.0), ChamLoTrinh, Some(KhoDat))
            },
        },
        Case {
            target: "CT-GP-01",
            why: "line 431: tiết kiệm từ 10% dự toán chi thường xuyên; 1.050 of 10.000 is 10,5%",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "PKT", "du_toan_chi_thuong_xuyen", 10_000.0)
                    .num(y(2026), "PKT", "tiet_kiem_chi_thuong_xuyen", 1_050.0);
            },
            expect: expect(Some(10.5), Vuot, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-GP-01",
            why: "line 431: savings accumulate over the year (a flow per the year's estimate): 800 of 10.000 saved by June is 8%, against 10% × 6/12 = 5% for six months",
            period: h1(2026),
            data: |d| {
                d.num(h1(2026), "PKT", "du_toan_chi_thuong_xuyen", 10_000.0)
                    .num(h1(2026), "PKT", "tiet_kiem_chi_thuong_xuyen", 800.0);
            },
            expect: Expect {
                note: Some("so với mức theo tiến độ 6 tháng: 5%"),
                ..expect(Some(8.0), Vuot, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-GP-02",
            why: "line 386: Hội doanh nghiệp phường not founded yet in 2026, due within the term",
            period: y(2026),
            data: |d| {
                d.put(y(2026), "PKT", "hoi_doanh_nghiep", Value::YesNo(false));
            },
            expect: expect(Some(0.0), ChuaDenHan, None),
        },
        Case {
            target: "CT-GP-03",
            why: "line 496-497: số hóa 100% hồ sơ địa chính; 40% in 2025, 70% in 2027: the line passes 100% by 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "ho_so_dia_chinh", 5_000.0)
                    .num(y(2025), "PKT", "ho_so_dia_chinh_so_hoa", 2_000.0)
                    .num(y(2027), "PKT", "ho_so_dia_chinh", 5_000.0)
                    .num(y(2027), "PKT", "ho_so_dia_chinh_so_hoa", 3_500.0);
            },
            expect: Expect {
                projection: Some(100.0),
                ..expect(Some(70.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-GP-04",
            why: "line 550-551: mầm non Tiền Tiến still not at the national standard at the term's end",
            period: y(2030),
            data: |d| {
                d.put(
                    y(2030),
                    "PVHXH",
                    "mn_tien_tien_dat_chuan",
                    Value::YesNo(false),
                );
            },
            expect: expect(Some(0.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-GP-05",
            why: "line 614: 100% chỉ tiêu giao quân; 25 of 25",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "QS", "chi_tieu_giao_quan", 25.0).num(
                    y(2026),
                    "QS",
                    "cong_dan_nhap_ngu",
                    25.0,
                );
            },
            expect: expect(Some(100.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-GP-05",
            why: "line 614: 24 of 25 is 96%; one year shows no trend, so no verdict",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "QS", "chi_tieu_giao_quan", 25.0).num(
                    y(2026),
                    "QS",
                    "cong_dan_nhap_ngu",
                    24.0,
                );
            },
            expect: expect(Some(96.0), ChuaDat, None),
        },
        Case {
            target: "CT-GP-06",
            why: "line 628-629: địa bàn không ma tuý, recognised in 2027",
            period: y(2027),
            data: |d| {
                d.put(y(2027), "CA", "khong_ma_tuy", Value::YesNo(true));
            },
            expect: expect(Some(1.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-GP-07",
            why: "line 662-664: 100% chỉ tiêu nghĩa vụ Công an hằng năm; 12 of 12",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "CA", "chi_tieu_cong_an", 12.0).num(
                    y(2026),
                    "CA",
                    "cong_dan_cong_an",
                    12.0,
                );
            },
            expect: expect(Some(100.0), Dat, Some(CoKhaNangDat)),
        },
        Case {
            target: "CT-GP-08",
            why: "line 696-697: mỗi gia đình là một gia đình số vào năm 2030; 20% in 2025, 30% in 2026: 70% in 2030",
            period: y(2026),
            data: |d| {
                d.each(y(2025), &GROUPS, "ho_dan", 100.0)
                    .each(y(2025), &GROUPS, "gia_dinh_so", 20.0)
                    .each(y(2026), &GROUPS, "ho_dan", 100.0)
                    .each(y(2026), &GROUPS, "gia_dinh_so", 30.0);
            },
            expect: Expect {
                projection: Some(70.0),
                ..expect(Some(30.0), ChamLoTrinh, Some(KhoDat))
            },
        },
        Case {
            target: "CT-GP-09",
            why: "line 744-745: 5 - 7 tuyến đến năm 2030; none in 2025, 3 in 2027: 7,5 in 2030",
            period: y(2027),
            data: |d| {
                d.num(y(2025), "PKT", "tuyen_duong_noi_dong_mo_rong", 0.0)
                    .num(y(2027), "PKT", "tuyen_duong_noi_dong_mo_rong", 3.0);
            },
            expect: Expect {
                projection: Some(7.5),
                ..expect(Some(3.0), DungLoTrinh, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-GP-09",
            why: "line 744-745: 4 tuyến in 2030",
            period: y(2030),
            data: |d| {
                d.num(y(2030), "PKT", "tuyen_duong_noi_dong_mo_rong", 4.0);
            },
            expect: expect(Some(4.0), ChuaDat, Some(KhoDat)),
        },
        Case {
            target: "CT-GP-10",
            why: "line 782-784: every committee member answers for one task; all 20 assigned (100%) by 2026 meets the bar before the term's end: Đạt, never Vượt at 100%",
            period: y(2026),
            data: |d| {
                d.num(y(2026), "BXD", "cap_uy_vien", 20.0).num(
                    y(2026),
                    "BXD",
                    "cap_uy_vien_phu_trach",
                    20.0,
                );
            },
            expect: Expect {
                note: Some("đã đạt mức chỉ tiêu"),
                ..expect(Some(100.0), Dat, Some(CoKhaNangDat))
            },
        },
        Case {
            target: "CT-GP-10",
            why: "line 782-784: 19 of 20 at the term's end is 95%",
            period: y(2030),
            data: |d| {
                d.num(y(2030), "BXD", "cap_uy_vien", 20.0).num(
                    y(2030),
                    "BXD",
                    "cap_uy_vien_phu_trach",
                    19.0,
                );
            },
            expect: expect(Some(95.0), ChuaDat, Some(KhoDat)),
        },
    ]
}

#[test]
fn every_target_is_judged_as_worked_out_by_hand_from_the_text() {
    let p = programme();
    let failures: Vec<String> = cases().iter().filter_map(|c| check(&p, c).err()).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_target_of_the_programme_has_a_hand_worked_case() {
    let p = programme();
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.target).collect();
    let uncovered: Vec<&str> = p
        .targets
        .iter()
        .map(|t| t.code.as_str())
        .filter(|c| !covered.contains(c))
        .collect();
    assert!(
        uncovered.is_empty(),
        "targets without a case: {uncovered:?}"
    );
}

/// A target of the shipped programme with another formula, to test each formula on its own.
fn with_formula(p: &Programme, indicator: Indicator) -> Target {
    let mut t = p
        .targets
        .iter()
        .find(|t| t.code == "CT-KT-06")
        .unwrap()
        .clone();
    t.indicator = indicator;
    t
}

#[test]
fn each_formula_gives_exact_values_and_names_the_units_that_did_not_report() {
    let p = programme();
    let mut d = Data::default();
    // Sum over several units, three silent: 40 + 41 + … + 50 = 495.
    for (i, cell) in CELLS[..11].iter().enumerate() {
        d.num(y(2026), cell, "dang_vien", 40.0 + i as f64);
    }
    let sum = with_formula(
        &p,
        Indicator::Sum {
            element: "dang_vien".into(),
        },
    );
    let c = compute(&p, &sum, &d.inputs, y(2026));
    assert_eq!(c.value, Some(495.0));
    assert_eq!(c.missing, ["CB-UBND", "CB-CA", "CB-QS"]);

    // Ratio: only units that reported both parts count. The eight groups with both: 16 poor of 800 households = 2%; Hòa Bình gave households only (its 500 are left
    // out), Thống Nhất nothing.
    d.each(y(2026), &GROUPS[..8], "ho_dan", 100.0)
        .each(y(2026), &GROUPS[..8], "ho_ngheo", 2.0)
        .num(y(2026), "TDP-HOABINH", "ho_dan", 500.0);
    let ratio = with_formula(
        &p,
        Indicator::Ratio {
            numerator: "ho_ngheo".into(),
            denominator: "ho_dan".into(),
            scale: 100.0,
            denominator_at: Moment::WindowEnd,
        },
    );
    let c = compute(&p, &ratio, &d.inputs, y(2026));
    assert_eq!(c.value, Some(2.0));
    assert_eq!(c.missing, ["TDP-HOABINH", "TDP-THONGNHAT"]);

    // The denominator at the end of the previous year: 2025's households.
    d.each(y(2025), &GROUPS[..8], "ho_dan", 80.0);
    let at_start = with_formula(
        &p,
        Indicator::Ratio {
            numerator: "ho_ngheo".into(),
            denominator: "ho_dan".into(),
            scale: 100.0,
            denominator_at: Moment::PreviousYearEnd,
        },
    );
    let c = compute(&p, &at_start, &d.inputs, y(2026));
    assert_eq!(c.value, Some(16.0 / 640.0 * 100.0));
    assert_eq!(c.missing, ["TDP-HOABINH", "TDP-THONGNHAT"]);

    // Share of units: 7 yes of the 10 cells that answered; four silent.
    d.yes_no(y(2026), &CELLS[..10], "chi_bo_bon_tot", 7);
    let share = with_formula(
        &p,
        Indicator::Share {
            element: "chi_bo_bon_tot".into(),
            of_kind: Some(UnitKind::ChiBo),
        },
    );
    let c = compute(&p, &share, &d.inputs, y(2026));
    assert_eq!(c.value, Some(70.0));
    assert_eq!(c.missing, ["CB-THCS-NAMDONG", "CB-UBND", "CB-CA", "CB-QS"]);

    // The lead unit's value, then its silence.
    let lead = with_formula(
        &p,
        Indicator::Lead {
            element: "thu_nhap_binh_quan".into(),
        },
    );
    assert_eq!(compute(&p, &lead, &d.inputs, y(2026)).missing, ["PKT"]);
    assert_eq!(compute(&p, &lead, &d.inputs, y(2026)).value, None);
    d.num(y(2026), "PKT", "thu_nhap_binh_quan", 71.5);
    let c = compute(&p, &lead, &d.inputs, y(2026));
    assert_eq!((c.value, c.missing.len()), (Some(71.5), 0));

    // A date reported by the lead unit.
    let done = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    d.put(
        y(2026),
        "BXD",
        "ke_hoach_cnxh_ngay_hoan_thanh",
        Value::Date(done),
    );
    let date = p.targets.iter().find(|t| t.code == "CT-XDD-03").unwrap();
    let c = compute(&p, date, &d.inputs, y(2026));
    assert_eq!((c.date, c.value), (Some(done), None));
}

/// Random figures for every reporting unit and element over 2025, 2026-H1 and 2026, made to obey
/// every validation rule of `seeds/rules.toml` (all of the form left ≤ right: a single left
/// side is lowered to the right side, a sum's right side raised to the sum), and with each
/// numerator also at most a denominator taken at the end of the previous year.
fn random_figures(p: &Programme, draws: &[u32]) -> Data {
    use std::collections::BTreeMap;
    let periods = [y(2025), h1(2026), y(2026)];
    let mut figures: BTreeMap<(Period, String, String), f64> = BTreeMap::new();
    let mut next = draws.iter().cycle();
    for q in periods {
        for u in p.reporting_units() {
            for e in p.elements_of(u) {
                let x = f64::from(*next.next().unwrap());
                let v = match e.kind {
                    ValueKind::YesNo => f64::from(u8::from((x as u32).is_multiple_of(2))),
                    ValueKind::Date => continue,
                    _ => x,
                };
                figures.insert((q, u.code.clone(), e.code.clone()), v);
            }
        }
    }
    for q in periods {
        for u in p.reporting_units() {
            let key = |e: &str| (q, u.code.clone(), e.to_string());
            for multi in [true, false] {
                for r in &p.rules.rules {
                    assert_eq!(
                        r.operator,
                        Operator::AtMost,
                        "{}: only ≤ rules are generated",
                        r.code
                    );
                    let left = r.left.elements();
                    let right = r.right.elements();
                    let (Some(l), Some(rv)) = (
                        left.iter()
                            .map(|e| figures.get(&key(e)))
                            .sum::<Option<f64>>(),
                        right
                            .iter()
                            .map(|e| figures.get(&key(e)))
                            .sum::<Option<f64>>(),
                    ) else {
                        continue;
                    };
                    if l <= rv {
                        continue;
                    }
                    if multi && left.len() > 1 && right.len() == 1 {
                        figures.insert(key(right[0]), l);
                    } else if !multi && left.len() == 1 {
                        figures.insert(key(left[0]), rv);
                    }
                }
            }
        }
    }
    for t in p.targets.iter().filter(|t| t.measure.trim() == "%") {
        let Indicator::Ratio {
            numerator,
            denominator,
            denominator_at,
            ..
        } = &t.indicator
        else {
            continue;
        };
        for q in periods {
            let dq = match denominator_at {
                Moment::WindowEnd => q,
                Moment::PreviousYearEnd => y(q.year(&p.periods) - 1),
            };
            for u in p.reporting_units() {
                let den = figures
                    .get(&(dq, u.code.clone(), denominator.clone()))
                    .copied();
                if let (Some(den), Some(num)) = (
                    den,
                    figures.get_mut(&(q, u.code.clone(), numerator.clone())),
                ) {
                    *num = num.min(den);
                }
            }
        }
    }
    let mut d = Data::default();
    for ((q, u, e), v) in figures {
        let kind = p.element(&e).unwrap().kind;
        let value = if kind == ValueKind::YesNo {
            Value::YesNo(v >= 0.5)
        } else {
            Value::Number(v)
        };
        d.put(q, &u, &e, value);
    }
    d
}

#[test]
fn every_percentage_lies_within_0_and_100_on_figures_that_pass_the_validation_rules() {
    use proptest::test_runner::{Config, TestRunner};
    let p = programme();
    let mut runner = TestRunner::new(Config {
        cases: 48,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(0u32..5_000, 1..400), |draws| {
            let d = random_figures(&p, &draws);
            for subs in d.inputs.by_period.values() {
                let broken = rules::breaches(&p, subs);
                proptest::prop_assert!(broken.is_empty(), "generated figures break {broken:?}");
            }
            for period in [h1(2026), y(2026)] {
                let c = run(&p, &d, period);
                for t in p.targets.iter().filter(|t| t.measure.trim() == "%") {
                    let r = c.target(&t.code).unwrap();
                    let values = r
                        .current
                        .value
                        .into_iter()
                        .chain(r.previous.value)
                        .chain(r.annual.values().copied())
                        .chain(r.evaluation.projection);
                    for v in values {
                        proptest::prop_assert!(
                            (0.0..=100.0).contains(&v),
                            "{} = {v} in {period}",
                            t.code
                        );
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
