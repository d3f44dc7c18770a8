//! Sample submissions: plausible filled workbooks for the periods a mid-term review needs,
//! produced from the generated templates by `baocao sample`. Deterministic (no randomness, no
//! clock) and marked as sample data; periods after the day they were made are simulated.
//!
//! They carry the faults offices meet: a late unit, a missing unit, a correction sent after a
//! first version, numbers typed as text, a word where a number belongs.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::period::Period;
use crate::model::programme::{Programme, Role, TaskKind, Unit, UnitKind, ValueKind};
use crate::model::submission::{Content, Figure, Narrative, TaskReport, TaskStatus, Value};

/// The periods of the sample set.
pub fn periods() -> Vec<Period> {
    vec![
        Period::HalfYear { year: 2025 },
        Period::Year { year: 2025 },
        Period::HalfYear { year: 2026 },
        Period::Year { year: 2026 },
        Period::HalfYear { year: 2027 },
        Period::Year { year: 2027 },
        Period::HalfYear { year: 2028 },
    ]
}

/// The day the sample set stands for: periods due after it are simulated.
pub const MADE_ON: (i32, u32, u32) = (2026, 11, 27);

/// One sample file: where it goes and what it holds.
pub struct SampleFile {
    pub folder: String,
    pub name: String,
    pub unit: String,
    pub period: Period,
    pub content: Content,
    /// A cell to spoil after generation: (element, text typed instead of the number).
    pub spoil: Option<(String, String)>,
    pub numbers_as_text: bool,
}

/// FNV-1a: a stable pseudo-random number in [0, 1) for a key.
fn noise(key: &str) -> f64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h >> 11) as f64 / (1u64 << 53) as f64
}

fn time_index(period: Period) -> (i32, f64) {
    match period {
        Period::HalfYear { year } => (year, 0.5),
        Period::Year { year } => (year, 1.0),
        _ => (2025, 1.0),
    }
}

/// A unit's figure for an element in a period, or None when the unit leaves it blank.
fn figure(unit: &Unit, code: &str, period: Period) -> Option<Value> {
    let (year, part) = time_index(period);
    let t = (year - 2025) as f64 + part - 1.0; // years since end of 2025
    let r = |k: &str| noise(&format!("{}/{}/{}", unit.code, code, k));
    // One size per unit, shared by all its figures: households, people and workers of a
    // residential group must be of one group (a size per figure once gave 545 cultured
    // families of 320 households).
    let size = 0.6 + 0.8 * noise(&format!("{}/size", unit.code));
    let yes = |p: f64| Value::YesNo(noise(&format!("{}/{}/{}", unit.code, code, period.id())) < p);
    let flow = |annual: f64| (annual * if part < 1.0 { 0.46 } else { 1.0 }).round();
    let years = (year - 2025) as f64;
    let growth = |base: f64, rate: f64| base * (1.0 + rate).powf(years);
    let v = match code {
        "dang_vien" => Value::Number((40.0 * size * (1.0 + 0.025 * t)).round()),
        "dang_vien_ket_nap" => {
            Value::Number(flow((40.0 * size * 0.034).max(1.0)).max(if part < 1.0 {
                0.0
            } else {
                1.0
            }))
        }
        "chi_bo_bon_tot" => yes(if year >= 2027 { 1.0 } else { 0.9 }),
        "hoan_thanh_tot" => yes(0.93),
        "duoc_kiem_tra" => yes((0.3 + 0.25 * (t + 1.0)).min(1.0)),
        "cap_uy_vien" => Value::Number(25.0),
        "cap_uy_vien_nu" => Value::Number(4.0),
        "cap_uy_vien_duoi_42" => Value::Number(if year >= 2027 { 3.0 } else { 2.0 }),
        "nu_trong_btv" => Value::YesNo(true),
        "to_chuc_dang_ngoai_nha_nuoc" => Value::Number(((year - 2025) as f64).clamp(0.0, 2.0)),
        "ke_hoach_cnxh_ngay_hoan_thanh" => Value::Date(NaiveDate::from_ymd_opt(2025, 11, 20)?),
        "thu_ngan_sach" => Value::Number(flow(growth(18_500.0, 0.087))),
        "gia_tri_nong_lam_thuy_san" => Value::Number(flow(growth(120_000.0, 0.036))),
        "gia_tri_cong_nghiep_xay_dung" => Value::Number(flow(growth(350_000.0, 0.142))),
        "gia_tri_dich_vu" => Value::Number(flow(growth(280_000.0, 0.161))),
        "gia_tri_san_pham" => Value::Number(
            flow(growth(120_000.0, 0.036))
                + flow(growth(350_000.0, 0.142))
                + flow(growth(280_000.0, 0.161)),
        ),
        "gia_tri_sx_nong_nghiep" => Value::Number(flow(growth(48_000.0, 0.045))),
        "dien_tich_nong_nghiep" => Value::Number(210.0),
        "von_dau_tu_ngan_sach_xa" => Value::Number(
            match year {
                2025 => 8.5,
                2026 => 11.2,
                2027 => 12.8,
                _ => 13.5,
            } * if part < 1.0 { 0.4 } else { 1.0 },
        ),
        "von_ke_hoach" => Value::Number(12.0),
        "von_giai_ngan" => Value::Number(
            (12.0_f64
                * match year {
                    2025 => 0.92,
                    2026 => 1.0,
                    2027 => 0.97,
                    _ => 0.55,
                }
                * if part < 1.0 { 0.5 } else { 1.0 }
                * 100.0)
                .round()
                / 100.0,
        ),
        "so_doanh_nghiep" => Value::Number((48.0 * 1.24f64.powf(t + 1.0)).round()),
        "thu_nhap_binh_quan" => Value::Number((growth(62.0, 0.115) * 10.0).round() / 10.0),
        "rac_phat_sinh" => Value::Number(flow(5_400.0)),
        "rac_thu_gom" => Value::Number(flow(5_400.0 * (0.94 + 0.012 * (t + 1.0)).min(1.0))),
        "ho_dan" => Value::Number((420.0 * size).round()),
        "ho_ngheo" => Value::Number({
            let base = (420.0 * size * 0.012).round();
            (base * (1.0 - 0.3 * (t + 1.0)))
                .max(if r("stubborn") < 0.3 { 1.0 } else { 0.0 })
                .round()
        }),
        "gia_dinh_van_hoa" => Value::Number(
            (420.0 * size * (0.93 + 0.02 * r("vh") + 0.008 * (t + 1.0)).min(0.99)).round(),
        ),
        "tdp_van_hoa" => yes(0.92),
        "dan_so" => Value::Number((420.0 * size * 3.4).round()),
        "dan_so_bhyt" => {
            Value::Number((420.0 * size * 3.4 * (0.915 + 0.012 * (t + 1.0)).min(1.0)).round())
        }
        "lao_dong" => Value::Number((420.0 * size * 3.4 * 0.55).round()),
        "lao_dong_bhxh" => {
            Value::Number((420.0 * size * 3.4 * 0.55 * (0.38 + 0.03 * (t + 1.0))).round())
        }
        "truong_hoc" => Value::Number(6.0),
        "truong_dat_chuan" => Value::Number(if year >= 2027 { 6.0 } else { 5.0 }),
        "nha_da_nang_mam_non" => Value::YesNo(year >= 2026),
        "nha_da_nang_tieu_hoc" => Value::YesNo(false),
        "nha_da_nang_thcs" => Value::YesNo(year >= 2027),
        "co_so_giao_duc" => Value::Number(6.0),
        "co_so_co_phong_thong_minh" => Value::Number((2.0 + (year - 2025) as f64).min(6.0)),
        "do_thi_van_minh" => Value::YesNo(false),
        "ho_so_tiep_nhan" => Value::Number(flow(4_200.0 * (1.0 + 0.05 * (t + 1.0)))),
        "ho_so_truc_tuyen" => Value::Number(flow(
            4_200.0 * (1.0 + 0.05 * (t + 1.0)) * (0.78 + 0.035 * (t + 1.0)).min(0.95),
        )),
        "ho_so_giai_quyet" => Value::Number(flow(4_150.0 * (1.0 + 0.05 * (t + 1.0)))),
        "ho_so_dung_han" => Value::Number(flow(
            4_150.0 * (1.0 + 0.05 * (t + 1.0)) * if year >= 2026 { 1.0 } else { 0.996 },
        )),
        "dang_bo_bon_tot" => Value::YesNo(true),
        "cap_uy_vien_phu_trach" => Value::Number(if year >= 2026 { 25.0 } else { 21.0 }),
        "doanh_nghiep_chuyen_doi" => Value::Number(flow((4.0 * 1.2f64.powf(years)).round())),
        "du_toan_chi_thuong_xuyen" => Value::Number(growth(24_000.0, 0.05).round()),
        "tiet_kiem_chi_thuong_xuyen" => Value::Number(flow(
            growth(24_000.0, 0.05).round() * if year == 2025 { 0.092 } else { 0.105 },
        )),
        "hoi_doanh_nghiep" => Value::YesNo(year >= 2027),
        "ho_so_dia_chinh" => Value::Number(8_600.0),
        "ho_so_dia_chinh_so_hoa" => {
            Value::Number((8_600.0 * (0.35 + 0.2 * (t + 1.0)).min(1.0)).round())
        }
        "tuyen_duong_noi_dong_mo_rong" => Value::Number(match year {
            2025 => 0.0,
            2026 => 1.0,
            2027 => 3.0,
            _ => 4.0,
        }),
        "mn_tien_tien_dat_chuan" => Value::YesNo(year >= 2027),
        // The call-up happens in February: a half-year holds the whole year's.
        "chi_tieu_giao_quan" | "cong_dan_nhap_ngu" => Value::Number(18.0),
        "chi_tieu_cong_an" | "cong_dan_cong_an" => Value::Number(3.0),
        "khong_ma_tuy" => Value::YesNo(year >= 2027),
        "gia_dinh_so" => Value::Number((420.0 * size * (0.35 + 0.12 * (t + 1.0)).min(1.0)).round()),
        _ => return None,
    };
    Some(v)
}

fn status_for(
    p: &Programme,
    task: &crate::model::programme::Task,
    period: Period,
    unit: &Unit,
) -> (TaskStatus, Option<NaiveDate>) {
    let window = period.window(&p.periods);
    let due = task.deadline.as_ref().and_then(|d| d.due_date());
    // The Inspection Committee's plan (due 15/12/2025) runs late on purpose: the 6-month
    // report of 2026 shows it overdue, the annual one done late.
    let slow = task.code == "NV-XDD-03" || noise(&format!("{}/{}", unit.code, task.code)) < 0.15;
    match due {
        Some(due) if due <= window.end => {
            if slow && window.end.signed_duration_since(due).num_days() < 200 {
                (TaskStatus::InProgress, None)
            } else if slow {
                (
                    TaskStatus::DoneLate,
                    due.checked_add_days(chrono::Days::new(45)),
                )
            } else {
                (TaskStatus::Done, due.checked_sub_days(chrono::Days::new(5)))
            }
        }
        Some(_) => (TaskStatus::InProgress, None),
        None => (TaskStatus::Ongoing, None),
    }
}

/// What the lead unit writes: its result, and the document it issued, numbered after the
/// task's place in the programme (two tasks never share a number) and dated the day it was
/// completed (a plan finished late is not dated on its deadline).
fn result_text(
    task: &crate::model::programme::Task,
    status: TaskStatus,
    done: Option<NaiveDate>,
    period: Period,
    p: &Programme,
) -> (String, String) {
    let when = period.name(&p.periods);
    match status {
        TaskStatus::Done | TaskStatus::DoneLate => (
            "Đã hoàn thành và ban hành văn bản; tổ chức quán triệt, triển khai đến các đơn vị liên quan".to_string(),
            format!(
                "{} số {:02}-{} ngày {}",
                if task.kind == TaskKind::Scheme { "Đề án" } else { "Kế hoạch" },
                10 + p.tasks.iter().position(|t| t.code == task.code).unwrap_or(0),
                if task.kind == TaskKind::Scheme { "ĐA" } else { "KH" },
                done.or_else(|| task.deadline.as_ref().and_then(|d| d.due_date()))
                    .map(crate::model::vn::short_date)
                    .unwrap_or_default()
            ),
        ),
        TaskStatus::InProgress => (format!("Đang xây dựng dự thảo, lấy ý kiến các đơn vị phối hợp trong {when}"), String::new()),
        TaskStatus::Ongoing => (
            match task.kind {
                TaskKind::Project => format!("Tiếp tục chuẩn bị hồ sơ, thủ tục đầu tư trong {when}"),
                TaskKind::Breakthrough => format!("Triển khai các mô hình theo kế hoạch trong {when}; nhân rộng cách làm hiệu quả"),
                _ => format!("Triển khai thường xuyên theo kế hoạch trong {when}"),
            },
            String::new(),
        ),
        TaskStatus::NotStarted => (String::new(), String::new()),
    }
}

fn narrative(
    unit: &Unit,
    period: Period,
    p: &Programme,
    report_date: NaiveDate,
    simulated: bool,
) -> Narrative {
    let when = period.name(&p.periods);
    let flavour = match unit.kind {
        UnitKind::ChiBo => {
            "duy trì nền nếp sinh hoạt chi bộ, nâng cao chất lượng sinh hoạt chuyên đề; làm tốt công tác tạo nguồn phát triển đảng viên"
        }
        UnitKind::ToDanPho => {
            "vận động Nhân dân thực hiện tốt phong trào “Toàn dân đoàn kết xây dựng đô thị văn minh”, giữ gìn vệ sinh môi trường, an ninh trật tự"
        }
        UnitKind::MatTran => {
            "tổ chức tốt các phong trào thi đua, cuộc vận động; tham gia giám sát, phản biện xã hội"
        }
        UnitKind::LucLuong => {
            "giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn; hoàn thành chỉ tiêu tuyển quân"
        }
        UnitKind::ChinhQuyen => {
            "tập trung chỉ đạo thực hiện các chỉ tiêu kinh tế - xã hội, cải cách hành chính và chuyển đổi số"
        }
        UnitKind::Dang | UnitKind::LanhDao => {
            "tham mưu kịp thời, đầy đủ cho Đảng ủy trong lãnh đạo, chỉ đạo thực hiện Chương trình"
        }
    };
    let n = |k: &str| noise(&format!("{}/{}/{k}", unit.code, period.id()));
    Narrative {
        highlights: format!("Trong {when}, {} {flavour}", unit.name),
        limitations: if n("lim") < 0.35 {
            "Một số nhiệm vụ triển khai còn chậm so với kế hoạch; chất lượng báo cáo chưa đồng đều"
                .into()
        } else {
            String::new()
        },
        causes_objective: if n("obj") < 0.2 {
            "Khối lượng công việc lớn sau sắp xếp mô hình chính quyền địa phương hai cấp".into()
        } else {
            String::new()
        },
        causes_subjective: if n("sub") < 0.2 {
            "Sự phối hợp giữa các đơn vị có lúc chưa chặt chẽ".into()
        } else {
            String::new()
        },
        lessons: if matches!(period, Period::Year { .. }) && n("les") < 0.2 {
            "Phân công rõ người, rõ việc, rõ thời gian và thường xuyên kiểm tra, đôn đốc".into()
        } else {
            String::new()
        },
        proposals: if n("pro") < 0.15 {
            "Đề nghị bố trí kinh phí và bồi dưỡng nghiệp vụ cho cán bộ làm công tác báo cáo".into()
        } else {
            String::new()
        },
        next_steps: if unit.kind != UnitKind::ChiBo
            && unit.kind != UnitKind::ToDanPho
            && n("next") < 0.5
        {
            format!(
                "{} tiếp tục triển khai các nhiệm vụ được giao trong kỳ tới",
                unit.name
            )
        } else {
            String::new()
        },
        prepared_by: format!(
            "Cán bộ {} ({})",
            unit.name,
            if simulated {
                "dữ liệu mẫu mô phỏng"
            } else {
                "dữ liệu mẫu"
            }
        ),
        report_date: Some(report_date),
    }
}

/// Every sample file, in a stable order.
pub fn files(p: &Programme) -> Vec<SampleFile> {
    let made_on = NaiveDate::from_ymd_opt(MADE_ON.0, MADE_ON.1, MADE_ON.2).expect("valid");
    let mut out = Vec::new();
    for period in periods() {
        let window = period.window(&p.periods);
        let simulated = window.deadline > made_on;
        for unit in p.reporting_units() {
            // The missing units: a residential group in 2026-H1, a mass organisation in 2028-H1.
            let missing = match period {
                Period::HalfYear { year: 2026 } => {
                    unit.kind == UnitKind::ToDanPho && noise(&unit.code) < 0.15
                }
                Period::HalfYear { year: 2028 } => unit.code == "HND",
                _ => false,
            };
            if missing {
                continue;
            }
            let late = noise(&format!("{}/{}/late", unit.code, period.id())) < 0.08;
            let offset = if late {
                6
            } else {
                -(1 + (noise(&format!("{}/{}", unit.code, period.id())) * 5.0) as i64)
            };
            let report_date = window.deadline + chrono::Duration::days(offset);
            let mut figures: Vec<Figure> = p
                .elements_of(unit)
                .filter_map(|e| {
                    let v = figure(unit, &e.code, period)?;
                    // Level figures of a half-year equal the year-end's of the same scale.
                    let v = match (e.kind, v) {
                        (ValueKind::Count, Value::Number(x)) => Value::Number(x.round()),
                        (_, v) => v,
                    };
                    Some(Figure {
                        element: e.code.clone(),
                        value: v,
                        note: String::new(),
                        estimate: estimated(unit, e, period),
                    })
                })
                .collect();
            figures.sort_by(|a, b| a.element.cmp(&b.element));
            let mut tasks: Vec<TaskReport> = p
                .tasks_of(unit)
                .filter(|(_, role)| {
                    *role == Role::Lead || noise(&format!("{}{}", unit.code, period.id())) < 0.5
                })
                .map(|(t, role)| {
                    let (status, done) = status_for(p, t, period, unit);
                    let (result, product) = result_text(t, status, done, period, p);
                    if role == Role::Lead {
                        TaskReport {
                            task: t.code.clone(),
                            status: Some(status),
                            result,
                            product,
                            completed_on: done,
                            difficulties: String::new(),
                        }
                    } else {
                        TaskReport {
                            task: t.code.clone(),
                            status: None,
                            result: if result.is_empty() {
                                String::new()
                            } else {
                                "Tham gia góp ý, phối hợp triển khai trong phạm vi đơn vị".into()
                            },
                            ..TaskReport::default()
                        }
                    }
                })
                .collect();
            tasks.sort_by(|a, b| a.task.cmp(&b.task));
            let content = Content {
                figures,
                tasks,
                narrative: narrative(unit, period, p, report_date, simulated),
            };
            let folder = period.id();
            let name = crate::intake::workbook::file_name(unit, period);
            let numbers_as_text = unit.kind == UnitKind::ToDanPho;
            // A word typed where a number belongs (the file is kept, that cell is not).
            let spoil = (unit.kind == UnitKind::ToDanPho
                && period == Period::Year { year: 2026 }
                && noise(&unit.code) > 0.85)
                .then(|| ("lao_dong".to_string(), "mười hai".to_string()));
            // A correction: the economy office first sends revenue in đồng, then fixes it.
            if unit.code == "PKT" && period == (Period::Year { year: 2026 }) {
                let mut wrong = content.clone();
                for f in &mut wrong.figures {
                    if f.element == "thu_ngan_sach"
                        && let Value::Number(x) = f.value
                    {
                        f.value = Value::Number(x * 1000.0);
                    }
                }
                wrong.narrative.report_date = Some(report_date - chrono::Duration::days(2));
                out.push(SampleFile {
                    folder: folder.clone(),
                    name: name.clone(),
                    unit: unit.code.clone(),
                    period,
                    content: wrong,
                    spoil: None,
                    numbers_as_text,
                });
                out.push(SampleFile {
                    folder,
                    name: name.replace(".xlsx", "_ban-sua.xlsx"),
                    unit: unit.code.clone(),
                    period,
                    content,
                    spoil: None,
                    numbers_as_text,
                });
                continue;
            }
            out.push(SampleFile {
                folder,
                name,
                unit: unit.code.clone(),
                period,
                content,
                spoil,
                numbers_as_text,
            });
        }
    }
    out
}

/// The economy office reports the year's amounts before the year is out (the window ends on
/// 14/12): from 2026 on it marks them "Ước" in its annual workbook.
fn estimated(unit: &Unit, e: &crate::model::programme::Element, period: Period) -> bool {
    unit.code == "PKT"
        && e.flow
        && e.kind == ValueKind::Amount
        && matches!(period, Period::Year { year } if year >= 2026)
}

/// Writes the sample workbook of one file: the template, pre-filled.
pub fn workbook(
    p: &Programme,
    f: &SampleFile,
    previous: &BTreeMap<String, Value>,
    previous_label: String,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let unit = p.unit(&f.unit).expect("sample units come from the model");
    let mut content = f.content.clone();
    if let Some((element, _)) = &f.spoil {
        content.figures.retain(|x| &x.element != element);
    }
    let typed: Vec<(String, String)> = f.spoil.iter().cloned().collect();
    let window = f.period.window(&p.periods);
    let bytes = crate::intake::workbook::generate(&crate::intake::workbook::Request {
        programme: p,
        unit,
        period: f.period,
        issued: window.start,
        previous,
        previous_label,
        answers: Some(&content),
        typed: &typed,
        numbers_as_text: f.numbers_as_text,
    })?;
    Ok(bytes)
}
