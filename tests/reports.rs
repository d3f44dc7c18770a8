//! End to end: sample workbooks → ledger → consolidated period → DOCX and PDF reports.

mod common;
#[path = "common/wml.rs"]
mod wml;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::render::profile::ProfileKind;
use baocao::report::Options;
use baocao::shell::ledger::Ledger;
use baocao::shell::{self, Paths};
use calamine::{Data, Reader};

struct World {
    p: Programme,
    ledger: Ledger,
    paths: Paths,
    _dir: tempfile::TempDir,
}

fn world() -> World {
    world_of(Path::new("inputs"))
}

/// A fresh ledger holding the workbooks under `inputs`.
fn world_of(inputs: &Path) -> World {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        seeds: "seeds".into(),
        templates: "templates".into(),
        ledger: dir.path().join("l.sqlite"),
    };
    let p = paths.programme().unwrap();
    let mut ledger = Ledger::open(&paths.ledger).unwrap();
    common::ingest_dir(&p, &mut ledger, inputs);
    World {
        p,
        ledger,
        paths,
        _dir: dir,
    }
}

/// Paragraphs and table rows of a DOCX, as text.
fn docx_text(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let text = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|d| d.has_tag_name("t"))
            .filter_map(|d| d.text())
            .collect()
    };
    let paragraphs = doc
        .descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(text)
        .collect();
    let rows = doc
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            tr.children()
                .filter(|c| c.has_tag_name("tc"))
                .map(text)
                .collect()
        })
        .collect();
    (paragraphs, rows)
}

/// Reads a figure straight from a sample workbook with calamine: independent of the ingest code.
fn raw_figures(path: &Path) -> BTreeMap<String, f64> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range("Số liệu").unwrap();
    let mut out = BTreeMap::new();
    for row in range.rows() {
        let (Some(Data::String(code)), Some(v)) = (row.get(1), row.get(5)) else {
            continue;
        };
        let x = match v {
            Data::Float(x) => Some(*x),
            Data::Int(i) => Some(*i as f64),
            Data::String(s) if s == "Có" => Some(1.0),
            Data::String(s) if s == "Không" => Some(0.0),
            // Whole numbers typed the Vietnamese way: "1.741".
            Data::String(s) => s.replace('.', "").replace(',', ".").parse().ok(),
            _ => None,
        };
        if let Some(x) = x {
            out.insert(code.clone(), x);
        }
    }
    out
}

/// The seeds write "uỷ" in places; reports write "ủy" throughout.
fn one_spelling(s: &str) -> String {
    s.replace("uỷ", "ủy").replace("Uỷ", "Ủy")
}

/// Every numeric date "d/m/yyyy" in a text.
fn dates_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if starts {
            let end = (i..chars.len())
                .find(|&j| !(chars[j].is_ascii_digit() || chars[j] == '/'))
                .unwrap_or(chars.len());
            let token: String = chars[i..end].iter().collect();
            let parts: Vec<&str> = token.split('/').collect();
            if parts.len() == 3 && parts[2].len() == 4 && !parts[0].is_empty() {
                out.push(token.clone());
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// admin-format.md, Dates: a leading zero for days 1–9 and for months 1 and 2 only
/// ("05/01/2026", "14/6/2026", "09/3/2027").
fn follows_the_zero_rule(date: &str) -> bool {
    let parts: Vec<&str> = date.split('/').collect();
    let (d, m) = (parts[0], parts[1]);
    let (Ok(dn), Ok(mn)) = (d.parse::<u32>(), m.parse::<u32>()) else {
        return false;
    };
    let day_ok = if dn < 10 {
        d.len() == 2
    } else {
        d.len() == 2 && !d.starts_with('0')
    };
    let month_ok = if mn <= 2 {
        m.len() == 2
    } else {
        m == mn.to_string()
    };
    day_ok && month_ok
}

fn period_files(folder: &str, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new("inputs").join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().contains(prefix))
        .collect();
    v.sort();
    v
}

fn write(w: &World, period: Period, profile: ProfileKind, out: &Path) -> shell::Written {
    let opts = Options {
        profile,
        number: Some(7),
        date: shell::default_report_date(&w.p, period),
        open_date: false,
        draft: false,
    };
    shell::report(&w.p, &w.ledger, &w.paths, period, out, &opts).unwrap()
}

#[test]
fn every_report_kind_renders_in_both_profiles() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    for period in [
        Period::HalfYear { year: 2026 },
        Period::Year { year: 2027 },
        Period::MidTerm,
        Period::EndTerm,
    ] {
        for profile in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
            let written = write(&w, period, profile, out.path());
            let docx = std::fs::read(&written.docx).unwrap();
            let pdf = std::fs::read(&written.pdf).unwrap();
            assert!(docx.starts_with(b"PK") && docx.len() > 10_000);
            assert!(pdf.starts_with(b"%PDF") && pdf.len() > 10_000);
            // Schema order and package rules, checked against tables of our own (see wml.rs).
            let none: Vec<String> = Vec::new();
            assert_eq!(wml::order_errors(&docx), none, "{period:?} {profile:?}");
            assert_eq!(wml::package_errors(&docx), none, "{period:?} {profile:?}");
            let (paragraphs, rows) = docx_text(&written.docx);
            let all = paragraphs.join("\n");
            // One spelling of "ủy", whatever the seeds and templates wrote.
            assert!(!all.contains("uỷ") && !all.contains("Uỷ"), "{period:?}: uỷ");
            let mut dates = dates_in(&all);
            for r in &rows {
                dates.extend(dates_in(&r.join(" ")));
            }
            assert!(!dates.is_empty(), "{period:?}: no dates found");
            for d in dates {
                assert!(follows_the_zero_rule(&d), "{period:?} {profile:?}: {d}");
            }
            // Every target and every task of the programme appears in the appendices.
            for t in &w.p.targets {
                assert!(
                    rows.iter()
                        .any(|r| r.iter().any(|c| c == &one_spelling(&t.name))),
                    "{period:?}: target {} missing",
                    t.code
                );
            }
            for t in &w.p.tasks {
                assert!(
                    rows.iter()
                        .any(|r| r.iter().any(|c| c == &one_spelling(&t.title))),
                    "{period:?}: task {} missing",
                    t.code
                );
            }
            match profile {
                // A review is adopted by the full committee, signed on its behalf.
                ProfileKind::Dang if period.is_review() => {
                    assert!(all.contains("Số 07-BC/ĐU") && all.contains("T/M BAN CHẤP HÀNH"))
                }
                ProfileKind::Dang => {
                    assert!(all.contains("Số 07-BC/ĐU") && all.contains("T/M BAN THƯỜNG VỤ"))
                }
                ProfileKind::NhaNuoc => {
                    assert!(all.contains("Số: 07/BC-UBND") && all.contains("TM. ỦY BAN NHÂN DÂN"))
                }
            }
        }
    }
}

#[test]
fn figures_equal_values_recomputed_from_the_workbooks() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let written = write(
        &w,
        Period::Year { year: 2027 },
        ProfileKind::Dang,
        out.path(),
    );
    let (paragraphs, rows) = docx_text(&written.docx);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.get(1).is_some_and(|c| c == name))
            .cloned()
            .unwrap_or_else(|| panic!("row {name}"))
    };

    // Poverty rate: poor households over households, summed over the residential groups.
    let tdp: Vec<BTreeMap<String, f64>> = period_files("2027", "_TDP-")
        .iter()
        .map(|f| raw_figures(f))
        .collect();
    assert_eq!(tdp.len(), 10);
    let sum = |k: &str| tdp.iter().map(|m| m[k]).sum::<f64>();
    let poverty = sum("ho_ngheo") / sum("ho_dan") * 100.0;
    let target =
        w.p.targets
            .iter()
            .find(|t| t.reference == "II.2.1.(7)")
            .unwrap();
    assert_eq!(
        row(&target.name)[4],
        format!("{}%", baocao::model::vn::number(poverty, 1))
    );

    // Cultured families: the same households, another numerator.
    let cultured = sum("gia_dinh_van_hoa") / sum("ho_dan") * 100.0;
    let target = w.p.targets.iter().find(|t| t.code == "CT-KT-08a").unwrap();
    assert_eq!(
        row(&target.name)[4],
        format!("{}%", baocao::model::vn::number(cultured, 1))
    );

    // Budget revenue from the economy office, and its growth against the 2025 baseline.
    let pkt27 = raw_figures(&period_files("2027", "_PKT")[0]);
    let pkt25 = raw_figures(&period_files("2025", "_PKT")[0]);
    let target = w.p.targets.iter().find(|t| t.code == "CT-KT-01").unwrap();
    let r = row(&target.name);
    assert_eq!(
        r[4],
        format!(
            "{} triệu đồng",
            baocao::model::vn::number(pkt27["thu_ngan_sach"], 1)
        )
    );
    let growth = ((pkt27["thu_ngan_sach"] / pkt25["thu_ngan_sach"]).sqrt() - 1.0) * 100.0;
    assert_eq!(r[6], format!("+{}", baocao::model::vn::percent(growth)));

    // Share of Party cells recognised "bốn tốt".
    let cells: Vec<BTreeMap<String, f64>> = period_files("2027", "_CB-")
        .iter()
        .map(|f| raw_figures(f))
        .collect();
    let share = cells.iter().filter(|m| m["chi_bo_bon_tot"] == 1.0).count() as f64
        / cells.len() as f64
        * 100.0;
    let target = w.p.targets.iter().find(|t| t.code == "CT-XDD-01a").unwrap();
    assert_eq!(
        row(&target.name)[4],
        format!("{}%", baocao::model::vn::number(share, 1))
    );

    // Key sentences of the body, Vietnamese formatting included.
    let all = paragraphs.join("\n");
    assert!(
        // The deadline, 20/12, and the 7 days `report-after-days` gives (seeds/periods.toml).
        all.contains("Nam Đồng, ngày 27 tháng 12 năm 2027"),
        "date line"
    );
    assert!(all.contains(
        "kết quả năm 2027, phương hướng, nhiệm vụ năm 2028 thực hiện Chương trình hành động"
    ));
    // "còn": a rate the resolution wants down (II.2.1.(7), line 197 of the programme text).
    let poverty_sentence = format!(
        "{} còn {}%",
        w.p.targets
            .iter()
            .find(|t| t.reference == "II.2.1.(7)")
            .unwrap()
            .name,
        baocao::model::vn::number(poverty, 1)
    );
    assert!(all.contains(&poverty_sentence), "{poverty_sentence}");
    assert!(
        all.contains(&format!(
            "bình quân giai đoạn 2026 - 2027 tăng {}/năm so với năm 2025",
            baocao::model::vn::percent(growth)
        )),
        "revenue growth sentence"
    );
}

#[test]
fn the_office_workbook_holds_numbers_and_dates_not_text() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let written = write(
        &w,
        Period::HalfYear { year: 2026 },
        ProfileKind::Dang,
        out.path(),
    );
    let mut wb = calamine::open_workbook_auto(&written.xlsx).unwrap();
    let targets = wb.worksheet_range("Chỉ tiêu").unwrap();
    let rows: Vec<&[Data]> = targets.rows().skip(1).collect();
    // STT is a number wherever it is filled in, so sorting by it gives 1, 2, 3…
    let stt: Vec<&Data> = rows.iter().map(|r| &r[0]).collect();
    assert!(
        stt.iter()
            .any(|d| matches!(d, Data::Float(_) | Data::Int(_)))
    );
    assert!(
        stt.iter()
            .all(|d| !matches!(d, Data::String(s) if !s.trim().is_empty())),
        "{stt:?}"
    );
    // "Thực hiện" (column F): figures are numbers, never "85,7" as text.
    let realised: Vec<&Data> = rows.iter().map(|r| &r[5]).collect();
    assert!(
        realised.iter().any(|d| matches!(d, Data::Float(_))),
        "{realised:?}"
    );
    assert!(
        !realised
            .iter()
            .any(|d| matches!(d, Data::String(s) if s.chars().next().is_some_and(|c| c.is_ascii_digit()) && !s.contains(' '))),
        "{realised:?}"
    );
    // Received dates of units are dates.
    let units = wb.worksheet_range("Đơn vị").unwrap();
    assert!(
        units
            .rows()
            .skip(1)
            .any(|r| matches!(r[4], Data::DateTime(_)))
    );
}

/// Who did not report, or reported late, is the office's business: the working file names
/// them with their dates; the official text gives only the counts.
#[test]
fn missing_and_late_units_are_named_in_the_working_file_not_in_the_report() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let written = write(
        &w,
        Period::HalfYear { year: 2028 },
        ProfileKind::Dang,
        out.path(),
    );
    let (paragraphs, _) = docx_text(&written.docx);
    let all = paragraphs.join("\n");
    let mut wb = calamine::open_workbook_auto(&written.xlsx).unwrap();
    let sheet = wb.worksheet_range("Đơn vị").unwrap();
    let row = |name: &str| -> Vec<String> {
        sheet
            .rows()
            .find(|r| r.get(2).is_some_and(|c| *c == name))
            .unwrap_or_else(|| panic!("row {name}"))
            .iter()
            .map(|c| c.to_string())
            .collect()
    };
    // The Farmers' Association did not report 2028-H1.
    let hnd = w.p.unit("HND").unwrap();
    assert!(
        all.contains("1 đơn vị chưa gửi báo cáo"),
        "missing unit counted"
    );
    assert!(!all.contains(&hnd.name), "missing unit not named");
    assert_eq!(row(&hnd.name)[3], "Chưa gửi");
    // Late units: the consolidation and the working file agree; the report names none.
    let late: Vec<_> = written
        .consolidated
        .units
        .iter()
        .filter(|u| u.days_late > 0)
        .collect();
    assert!(!late.is_empty());
    assert!(all.contains(&format!("{} đơn vị gửi muộn", late.len())));
    for u in late {
        assert_eq!(row(&u.name)[3], format!("Muộn {} ngày", u.days_late));
    }
}

#[test]
fn an_overdue_task_is_flagged_then_reported_done_late() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let task = w.p.tasks.iter().find(|t| t.code == "NV-XDD-03").unwrap();
    let h1 = write(
        &w,
        Period::HalfYear { year: 2026 },
        ProfileKind::Dang,
        out.path(),
    );
    let (paragraphs, rows) = docx_text(&h1.docx);
    let row = rows
        .iter()
        .find(|r| r.get(2) == Some(&task.title))
        .expect("task row");
    assert_eq!(row[4], "Quá hạn");
    let overdue = h1
        .consolidated
        .tasks
        .iter()
        .filter(|t| t.state == baocao::report::consolidate::TaskState::Overdue)
        .count();
    assert!(overdue >= 1);
    assert!(
        paragraphs
            .join("\n")
            .contains(&format!("{overdue} nhiệm vụ quá hạn"))
    );
    let year = write(
        &w,
        Period::Year { year: 2026 },
        ProfileKind::Dang,
        out.path(),
    );
    let (_, rows) = docx_text(&year.docx);
    let row = rows
        .iter()
        .find(|r| r.get(2) == Some(&task.title))
        .expect("task row");
    assert_eq!(row[4], "Hoàn thành quá hạn");
}

#[test]
fn midterm_review_counts_and_forecasts() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let written = write(&w, Period::MidTerm, ProfileKind::Dang, out.path());
    let total = w.p.targets.len();
    let (paragraphs, rows) = docx_text(&written.docx);
    let all = paragraphs.join("\n");
    // The counts of the sentences are read off the appendix's "Đánh giá" and "Khả năng" columns
    // (not from the consolidation), bucketed as the README says: met = Vượt, Đạt, Đúng hạn; on
    // track = Đúng lộ trình, Chưa đến hạn; hard = Chưa đạt, Chậm so với lộ trình, Quá hạn.
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.len() > 10 && r[1] == name)
            .cloned()
            .unwrap_or_else(|| panic!("appendix row {name}"))
    };
    let target_rows: Vec<Vec<String>> = w.p.targets.iter().map(|t| row(&t.name)).collect();
    let label = |name: &str| {
        let r = row(name);
        r[r.len() - 3].clone()
    };
    let count = |column: usize, set: &[&str]| {
        target_rows
            .iter()
            .filter(|r| set.contains(&r[r.len() - column].as_str()))
            .count()
    };
    let (met, on_track, on_schedule, not_due, hard, forecast) = (
        count(3, &["Vượt", "Đạt", "Đúng hạn"]),
        count(3, &["Đúng lộ trình", "Chưa đến hạn"]),
        count(3, &["Đúng lộ trình"]),
        count(3, &["Chưa đến hạn"]),
        count(3, &["Chưa đạt", "Chậm so với lộ trình", "Quá hạn"]),
        count(2, &["Có khả năng đạt"]),
    );
    assert!(on_track > 0, "the sample has targets on track");
    // Yes/no targets not yet due are on no trajectory: the sentence says how many they are.
    let split = if not_due > 0 {
        format!(" ({on_schedule} đúng lộ trình, {not_due} chưa đến thời hạn đánh giá)")
    } else {
        String::new()
    };
    assert!(
        all.contains(&format!(
            "{met}/{total} chỉ tiêu đạt và vượt, {on_track} chỉ tiêu đang trong lộ trình{split}, {hard} chỉ tiêu chưa đạt hoặc chậm tiến độ"
        )),
        "on-track sentence"
    );
    // "Khó đạt" is a forecast's word only (Phụ lục 1's forecast column, the proposals); today's
    // standing is "chưa đạt" or "chậm so với lộ trình", so the two counts never disagree.
    assert!(
        !all.contains("chỉ tiêu khó đạt (") && !all.contains("chỉ tiêu khó đạt nêu trên"),
        "a current status called 'khó đạt'"
    );
    // Two trajectories recomputed from the workbooks with the README's rule: the straight line
    // through 2025 and 2027, read in 2030 (text lines 338-339 and 349).
    let rate = |year: &str, num: &str, den: &str| {
        let groups: Vec<BTreeMap<String, f64>> = period_files(year, "_TDP-")
            .iter()
            .map(|f| raw_figures(f))
            .collect();
        let sum = |k: &str| groups.iter().map(|m| m[k]).sum::<f64>();
        sum(num) / sum(den) * 100.0
    };
    let line_2030 = |v25: f64, v27: f64| (v27 + (v27 - v25) / 2.0 * 3.0).clamp(0.0, 100.0);
    let (p25, p27) = (
        rate("2025", "ho_ngheo", "ho_dan"),
        rate("2027", "ho_ngheo", "ho_dan"),
    );
    // Already under the bar before 2030 is Đạt (a ceiling is never Vượt); otherwise the line.
    let poverty = (p27 < 1.5, line_2030(p25, p27) < 1.5);
    let (i25, i27) = (
        rate("2025", "dan_so_bhyt", "dan_so"),
        rate("2027", "dan_so_bhyt", "dan_so"),
    );
    // 100% reached before 2030 is Đạt (nothing exceeds 100%).
    let insured = (i27 >= 100.0, line_2030(i25, i27) >= 100.0);
    for (code, (met, on)) in [("CT-KT-07", poverty), ("CT-KT-11", insured)] {
        let t = w.p.targets.iter().find(|t| t.code == code).unwrap();
        let want = if met {
            "Đạt"
        } else if on {
            "Đúng lộ trình"
        } else {
            "Chậm so với lộ trình"
        };
        assert_eq!(label(&t.name), want, "{code}");
    }
    assert!(
        all.contains(&format!(
            "dự kiến hết nhiệm kỳ đạt {forecast}/{total} chỉ tiêu"
        )),
        "forecast sentence"
    );
    // The appendix has a column per year 2025..2027 and the first half of 2028.
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "STT") && r.iter().any(|c| c == "Năm 2025"))
        .unwrap();
    for col in [
        "Năm 2025",
        "Năm 2026",
        "Năm 2027",
        "6 tháng đầu năm 2028",
        "Dự báo năm 2030",
    ] {
        assert!(header.iter().any(|c| c == col), "column {col}");
    }
}

#[test]
fn the_same_ledger_and_date_give_identical_files() {
    let w = world();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let x = write(&w, Period::Year { year: 2026 }, ProfileKind::Dang, a.path());
    let y = write(&w, Period::Year { year: 2026 }, ProfileKind::Dang, b.path());
    assert_eq!(
        std::fs::read(&x.docx).unwrap(),
        std::fs::read(&y.docx).unwrap()
    );
    assert_eq!(
        std::fs::read(&x.pdf).unwrap(),
        std::fs::read(&y.pdf).unwrap()
    );
    assert_eq!(
        std::fs::read(&x.xlsx).unwrap(),
        std::fs::read(&y.xlsx).unwrap()
    );
}

/// The README's main command, as a newcomer runs it, twice (the second run is idempotent).
#[test]
fn the_main_command_works_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.sqlite");
    let out = dir.path().join("out");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args([
                "--ledger",
                ledger.to_str().unwrap(),
                "report",
                "--inputs",
                "inputs",
                "--period",
                "2028-H1",
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let pdf = std::fs::read(out.join("bao-cao-2028-H1-dang.pdf")).unwrap();
    let second = run();
    assert!(second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains(": 0 tệp mới"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("bao-cao-2028-H1-dang.pdf")).unwrap(),
        pdf
    );
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// The report as the document model holds it: one line per heading, paragraph, dash item and
/// table row (cells separated by " | "), the appendices after their title.
fn model_text(w: &World, period: Period, profile: ProfileKind) -> (Vec<String>, Vec<String>) {
    use baocao::render::document::Block;
    let profiles =
        baocao::render::profile::Profiles::load(Path::new("templates/profiles.toml")).unwrap();
    let templates = baocao::render::markup::Templates::load(Path::new("templates")).unwrap();
    let opts = Options {
        profile,
        number: Some(7),
        date: shell::default_report_date(&w.p, period),
        open_date: false,
        draft: false,
    };
    let c = shell::consolidate(&w.p, &w.ledger, period, opts.date).unwrap();
    let doc = baocao::report::draft(&w.p, &c, &templates, profiles.get(profile), &opts).unwrap();
    let runs =
        |r: &[baocao::render::document::Run]| r.iter().map(|x| x.text.as_str()).collect::<String>();
    let lines = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .flat_map(|b| match b {
                Block::Heading { runs: r, .. } | Block::Paragraph { runs: r, .. } => {
                    vec![runs(r)]
                }
                Block::Dash { runs: r } => vec![format!("- {}", runs(r))],
                Block::Table(t) => t
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| runs(&c.runs))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .collect(),
                Block::PageBreak => vec![],
            })
            .collect()
    };
    let body = lines(&doc.body);
    let mut appendices = Vec::new();
    for a in &doc.appendices {
        appendices.push(format!("# {}", a.title));
        appendices.extend(lines(&a.blocks));
    }
    (body, appendices)
}

/// Sentences of running text: split at sentence ends, numbers like "1.250" kept whole.
fn sentences(lines: &[String]) -> Vec<String> {
    // Lead-in lines ("Về các chỉ tiêu:") are headings, not statements.
    lines
        .iter()
        .filter(|l| !l.trim_end().ends_with(':'))
        .flat_map(|l| {
            l.split(". ")
                .map(|s| s.trim().trim_end_matches('.').to_string())
        })
        .filter(|s| s.split_whitespace().count() >= 4)
        .collect()
}

/// Issue 11's acceptance, for every report kind in both profiles on the sample data.
#[test]
fn every_report_speaks_in_the_committees_voice() {
    let w = world();
    let periods = [
        Period::HalfYear { year: 2026 },
        Period::Year { year: 2026 },
        Period::Year { year: 2027 },
        Period::HalfYear { year: 2028 },
        Period::MidTerm,
        Period::EndTerm,
    ];
    for period in periods {
        for profile in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
            let (body, appendices) = model_text(&w, period, profile);
            let what = format!("{period:?} {profile:?}");
            // No sentence twice in the body.
            let mut seen = std::collections::BTreeSet::new();
            for s in sentences(&body) {
                assert!(seen.insert(s.clone()), "{what}: said twice: {s}");
            }
            // No shorthand in running prose.
            for l in &body {
                // "+" as a sign ("+14,3"), not as the sub-item mark "+ ".
                assert!(
                    !l.as_bytes()
                        .windows(2)
                        .any(|w| w[0] == b'+' && w[1].is_ascii_digit()),
                    "{what}: a sign in: {l}"
                );
                for bad in [
                    "≥",
                    "≤",
                    " — ",
                    "điểm %",
                    "Theo báo cáo của",
                    "Chưa phân công",
                ] {
                    assert!(!l.contains(bad), "{what}: “{bad}” in: {l}");
                }
            }
            // Limitations and causes name no unit: from "2. Hạn chế, khuyết điểm" to the
            // lessons or Part two.
            let start = body
                .iter()
                .position(|l| l.starts_with("2. Hạn chế, khuyết điểm"))
                .unwrap_or_else(|| panic!("{what}: no limitations"));
            let end = body[start + 1..]
                .iter()
                .position(|l| {
                    l.starts_with("4. Bài học") || l.to_lowercase().starts_with("phần thứ")
                })
                .map(|i| start + 1 + i)
                .unwrap();
            assert!(
                body[start..end]
                    .iter()
                    .any(|l| l.starts_with("3. Nguyên nhân")),
                "{what}: no causes"
            );
            for l in &body[start..end] {
                for u in &w.p.units {
                    assert!(!l.contains(&u.name), "{what}: {} named in: {l}", u.name);
                }
            }
            // The outline of a ward committee's report, in order.
            let position = |head: &str| {
                body.iter()
                    .position(|l| l.starts_with(head))
                    .unwrap_or_else(|| panic!("{what}: no “{head}”"))
            };
            let outline = [
                "I. Đặc điểm tình hình",
                "Thuận lợi:",
                "Khó khăn:",
                "II. Công tác lãnh đạo, chỉ đạo, quán triệt, cụ thể hóa",
                "III. Kết quả thực hiện các chỉ tiêu, nhiệm vụ",
                "IV. Đánh giá chung",
                "1. Ưu điểm",
                "2. Hạn chế, khuyết điểm",
                "3. Nguyên nhân",
                "I. Mục tiêu, chỉ tiêu chủ yếu",
                "II. Nhiệm vụ, giải pháp trọng tâm",
                "III. Đề xuất, kiến nghị",
            ];
            let at: Vec<usize> = outline.iter().map(|h| position(h)).collect();
            assert!(
                at.windows(2).all(|w| w[0] < w[1]),
                "{what}: outline out of order"
            );
            // The committee does not report to itself, and nothing reads as a form's filler.
            for l in &body {
                for internal in [
                    "chưa có báo cáo",
                    "số liệu chưa đầy đủ",
                    "được thực hiện thường xuyên",
                    // A unit that sent its report but left a figure blank has reported.
                    "đơn vị chưa báo cáo",
                    // Only the subjective cause is the main one.
                    "khách quan: chủ yếu",
                ] {
                    assert!(!l.contains(internal), "{what}: “{internal}” in: {l}");
                }
            }
            // A document issued after its deadline and "kịp thời" in the strengths contradict.
            if body.iter().any(|l| l.contains("chậm so với thời hạn")) {
                assert!(
                    !body.iter().any(|l| l.contains("kịp thời, đồng bộ")),
                    "{what}: “kịp thời” beside a late document"
                );
            }
            // Every target line states its standing against the resolution.
            // A growth or multiple target speaks of its figure ("Thu ngân sách … đạt …").
            for t in &w.p.targets {
                let figure = t
                    .indicator
                    .elements()
                    .first()
                    .and_then(|e| w.p.element(e))
                    .map(|e| e.name.split(" (").next().unwrap().to_string())
                    .unwrap_or_default();
                let subject = match t.shape {
                    baocao::model::programme::Shape::Growth { .. }
                    | baocao::model::programme::Shape::Multiple { .. } => figure,
                    _ => t.name.clone(),
                };
                let line = body
                    .iter()
                    .find(|l| {
                        l.starts_with(&format!("- {subject}"))
                            || l.starts_with(&format!("- {}:", t.name))
                            // A count is had: "- Có 74 doanh nghiệp đang hoạt động …".
                            || subject.strip_prefix("Số ").is_some_and(|things| {
                                l.starts_with("- ") && l.contains(&format!(" {things}"))
                            })
                    })
                    .unwrap_or_else(|| panic!("{what}: no line for {}", t.code));
                assert!(
                    line.contains("Nghị quyết") || line.contains("chưa đủ số liệu"),
                    "{what}: {line}"
                );
                let has_value = line.chars().any(|c| c.is_ascii_digit())
                    || line.contains("đã đạt")
                    || line.contains("chưa đạt")
                    || line.contains("chưa đủ số liệu");
                assert!(has_value, "{what}: no value in {line}");
                let compared = line.contains("so với")
                    || line.contains("để so sánh")
                    || line.contains("cùng kỳ")
                    || line.contains("(năm ")
                    || line.contains("bằng ")
                    || line.contains("như ")
                    || matches!(t.shape, baocao::model::programme::Shape::Deadline { .. })
                    || line.contains("chưa đủ số liệu")
                    || line.contains("vào cuối năm");
                assert!(compared, "{what}: no comparison in {line}");
            }
            // No raw codes in the appendices; numbering matches the count in the text.
            for l in &appendices {
                assert!(
                    !l.contains("có/không") && !l.contains("Lỗi trong biểu"),
                    "{what}: {l}"
                );
            }
            let numbered: Vec<usize> = appendices
                .iter()
                .take_while(|l| !l.starts_with("# ") || l.contains("chỉ tiêu"))
                .filter_map(|l| l.split(" | ").next()?.parse().ok())
                .collect();
            let total = w.p.targets.len();
            assert_eq!(numbered, (1..=total).collect::<Vec<_>>(), "{what}");
            assert!(
                body.iter()
                    .any(|l| l.contains(&format!("/{total} chỉ tiêu"))),
                "{what}"
            );
            // The text refers to an appendix as its caption numbers it: "Phụ lục 1" in Party
            // documents, "Phụ lục I" in State ones.
            let roman = profile == ProfileKind::NhaNuoc;
            for l in body.iter().filter(|l| l.contains("Phụ lục")) {
                for part in l.split("Phụ lục ").skip(1) {
                    let n: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
                    let ok = if roman {
                        n.chars().all(|c| "IVX".contains(c))
                    } else {
                        n.chars().all(|c| c.is_ascii_digit())
                    };
                    assert!(ok && !n.is_empty(), "{what}: {l}");
                }
            }
        }
    }
}

/// A review proposes something for every target forecast "khó đạt", and its appendix has a
/// column per year of the span (2025, 2026, 2027, the first half of 2028).
#[test]
fn the_midterm_review_proposes_for_each_hard_target() {
    let w = world();
    let (body, appendices) = model_text(&w, Period::MidTerm, ProfileKind::Dang);
    let c = shell::consolidate(
        &w.p,
        &w.ledger,
        Period::MidTerm,
        shell::default_report_date(&w.p, Period::MidTerm),
    )
    .unwrap();
    let hard: Vec<_> = c
        .targets
        .iter()
        .filter(|t| t.evaluation.verdict == Some(baocao::model::evaluate::Verdict::KhoDat))
        .collect();
    assert!(!hard.is_empty());
    // Each hard target has one line in the proposals (section III of Part two), and
    // "điều chỉnh" is said once, in the lead-in of the targets far off.
    let proposals = &body[body
        .iter()
        .position(|l| l.starts_with("III. Đề xuất, kiến nghị"))
        .unwrap()..];
    for t in hard {
        let name = &w.p.targets.iter().find(|x| x.code == t.code).unwrap().name;
        let lines = proposals
            .iter()
            .filter(|l| l.starts_with(&format!("+ {name} (chỉ tiêu Nghị quyết")))
            .count();
        assert_eq!(lines, 1, "proposal for {name}");
    }
    let adjust = proposals
        .iter()
        .filter(|l| l.contains("điều chỉnh"))
        .count();
    assert!(adjust <= 1, "“điều chỉnh” said {adjust} times");
    // The proposals name their addressee.
    assert!(
        proposals.iter().any(|l| l.starts_with("Đề nghị ")),
        "no addressee"
    );
    assert!(
        body.iter()
            .any(|l| l.starts_with("Sau hai năm rưỡi thực hiện"))
    );
    let header = appendices.iter().find(|l| l.starts_with("STT")).unwrap();
    assert!(
        header.contains("Năm 2025 | Năm 2026 | Năm 2027 | 6 tháng đầu năm 2028"),
        "{header}"
    );
}

/// Reviewed golden text of a 6-month and a mid-term report, from the document model.
#[test]
fn golden_text_of_a_six_month_and_a_midterm_report() {
    let w = world();
    for (period, name) in [
        (Period::HalfYear { year: 2026 }, "bao-cao-2026-H1-dang.txt"),
        (Period::MidTerm, "bao-cao-midterm-dang.txt"),
    ] {
        let (body, appendices) = model_text(&w, period, ProfileKind::Dang);
        let text = body.join("\n") + "\n" + &appendices.join("\n") + "\n";
        common::assert_snapshot(&Path::new("tests/snapshots").join(name), &text);
    }
}

#[test]
fn the_sample_data_obeys_every_validation_rule() {
    let dir = tempfile::tempdir().unwrap();
    let p = Programme::load(Path::new("seeds")).unwrap();
    let mut ledger = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
    let outcomes = common::ingest_dir(&p, &mut ledger, Path::new("inputs"));
    let flagged: Vec<String> = outcomes
        .iter()
        .flat_map(|o| &o.findings)
        .filter(|f| f.code == "rule-broken" || f.code == "stock-moved")
        .map(|f| f.to_string())
        .collect();
    assert!(flagged.is_empty(), "{flagged:#?}");
    for period in baocao::intake::sample::periods() {
        let subs = ledger.latest(period).unwrap();
        assert!(
            baocao::model::rules::breaches(&p, &subs).is_empty(),
            "{period:?}"
        );
    }
    // Read with calamine: every residential group's cultured families and poor households are
    // among its households, its insured among its people.
    for f in period_files("2027", "_TDP-") {
        let m = raw_figures(&f);
        assert!(m["gia_dinh_van_hoa"] <= m["ho_dan"], "{f:?}");
        assert!(m["ho_ngheo"] <= m["ho_dan"], "{f:?}");
        assert!(m["dan_so_bhyt"] <= m["dan_so"], "{f:?}");
    }
}

#[test]
fn a_figure_that_breaks_a_rule_is_flagged_in_the_text_and_explained_in_the_working_file() {
    // Tân Hưng alone reports 545 cultured families of 320 households for 2027.
    let p = Programme::load(Path::new("seeds")).unwrap();
    let period = Period::Year { year: 2027 };
    let unit = p.unit("TDP-TANHUNG").unwrap();
    let content = baocao::model::submission::Content {
        figures: [
            ("ho_dan", 320.0),
            ("gia_dinh_van_hoa", 545.0),
            ("ho_ngheo", 2.0),
        ]
        .iter()
        .map(|(e, x)| baocao::model::submission::Figure {
            element: e.to_string(),
            value: baocao::model::submission::Value::Number(*x),
            note: String::new(),
            estimate: false,
        })
        .collect(),
        ..Default::default()
    };
    let issued = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let bytes = common::filled(&p, &unit.code, period, issued, &content, &[]);
    let inputs = tempfile::tempdir().unwrap();
    std::fs::write(inputs.path().join("2027_TDP-TANHUNG.xlsx"), bytes).unwrap();
    let w = world_of(inputs.path());
    let out = tempfile::tempdir().unwrap();
    let written = write(&w, period, ProfileKind::Dang, out.path());
    let (paragraphs, rows) = docx_text(&written.docx);
    // 545 / 320 = 170,3%: printed with the mark, never as a plain result.
    let name =
        &w.p.targets
            .iter()
            .find(|t| t.code == "CT-KT-08a")
            .unwrap()
            .name;
    let row = rows
        .iter()
        .find(|r| r.get(1) == Some(name))
        .unwrap_or_else(|| panic!("row {name}"));
    assert_eq!(row[4], "170,3% (*)");
    assert!(
        row.last()
            .unwrap()
            .contains("(*) số liệu chưa hợp lệ, đang được kiểm tra lại"),
        "{row:?}"
    );
    let all = paragraphs.join("\n");
    assert!(
        all.contains("(số liệu chưa hợp lệ, đang được kiểm tra lại)"),
        "sentence"
    );
    // Which unit and which figures: the working file, not the official text.
    assert!(!all.contains(&unit.name) && !all.contains("545 lớn hơn 320"));
    assert!(!rows.iter().flatten().any(|c| c.contains(&unit.name)));
    let mut wb = calamine::open_workbook_auto(&written.xlsx).unwrap();
    let sheet = wb.worksheet_range("Số liệu chưa hợp lệ").unwrap();
    let row = sheet
        .rows()
        .find(|r| r.get(2).is_some_and(|c| *c == unit.name.as_str()))
        .expect("the breach in the working file");
    assert_eq!(
        row[1].to_string(),
        "Số hộ gia đình văn hóa không thể lớn hơn tổng số hộ dân"
    );
    assert_eq!(
        (row[3].clone(), row[4].clone()),
        (Data::Float(545.0), Data::Float(320.0))
    );
}

#[test]
fn a_deadline_the_text_gives_as_a_month_reads_as_that_month() {
    // II.1.1 (3): "Hoàn thành xây dựng kế hoạch trong tháng 11/2025" (source lines 60-62),
    // not "trước 30/11/2025"; tasks "trước ngày 15/12/2025" keep their day.
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let written = write(
        &w,
        Period::Year { year: 2026 },
        ProfileKind::Dang,
        out.path(),
    );
    let (_, rows) = docx_text(&written.docx);
    let name =
        &w.p.targets
            .iter()
            .find(|t| t.code == "CT-XDD-03")
            .unwrap()
            .name;
    let row = rows.iter().find(|r| r.get(1) == Some(name)).unwrap();
    assert_eq!(row[3], "Hoàn thành trong tháng 11/2025");
}

/// The reviewer's sum: "Trong 32 nhiệm vụ, giải pháp: 7 … hoàn thành, 22 … đang triển khai"
/// left 3 tasks unaccounted for. Every state a task can be in is counted, so the parts of the
/// sentence add up to its whole in every report kind.
#[test]
fn the_task_counts_in_the_general_assessment_add_up() {
    let w = world();
    for period in [
        Period::HalfYear { year: 2026 },
        Period::Year { year: 2026 },
        Period::MidTerm,
    ] {
        let (body, _) = model_text(&w, period, ProfileKind::Dang);
        let line = body
            .iter()
            .find(|l| l.starts_with("Trong ") && l.contains("nhiệm vụ, giải pháp:"))
            .unwrap_or_else(|| panic!("{period:?}: no task count"));
        let (head, parts) = line.split_once(':').unwrap();
        let number = |s: &str| -> usize {
            s.split_whitespace()
                .find_map(|w| w.parse().ok())
                .unwrap_or_else(|| panic!("{period:?}: no number in {s:?}"))
        };
        let total = number(head);
        let sum: usize = parts.split(',').map(number).sum();
        assert_eq!(sum, total, "{period:?}: {line}");
        assert_eq!(total, w.p.tasks.len(), "{period:?}: {line}");
    }
}

/// CT-GP-02 "Thành lập Hội doanh nghiệp phường" is due within the term (II.2.2.1, "trong nhiệm
/// kỳ"); not founded yet in 2026 is "chưa đến hạn" in Phụ lục 1, and the body must not call it
/// a failure ("chưa đạt …; Nghị quyết đề ra …") while the appendix says it is not due.
#[test]
fn a_yes_no_target_not_yet_due_is_not_due_in_the_body_as_in_the_appendix() {
    let w = world();
    let (body, appendices) = model_text(&w, Period::Year { year: 2026 }, ProfileKind::Dang);
    let line = body
        .iter()
        .find(|l| l.contains("Thành lập Hội doanh nghiệp phường:"))
        .expect("the target's line");
    assert!(
        line.contains("chưa đến thời hạn Nghị quyết đề ra"),
        "{line}"
    );
    let row = appendices
        .iter()
        .find(|l| l.contains("Thành lập Hội doanh nghiệp"))
        .expect("the appendix row");
    assert!(row.contains("Chưa đến hạn"), "{row}");
}

/// Issue 10's table: public investment of 4,5 billion in 2026-H1 against "10 - 15 (tỷ đồng/
/// năm)" (line 327) and agricultural value per ha against "275 triệu đồng/ha/năm" (line 329):
/// half a year's amount is not a per-year amount, so neither the body nor Phụ lục 1 prints
/// it with "/năm".
#[test]
fn a_half_year_amount_is_never_printed_as_a_per_year_amount() {
    let w = world();
    let (body, appendices) = model_text(&w, Period::HalfYear { year: 2026 }, ProfileKind::Dang);
    for name in [
        "Vốn đầu tư từ nguồn ngân sách cấp xã",
        "Giá trị sản xuất nông nghiệp trên một ha",
    ] {
        let line = body
            .iter()
            .find(|l| l.contains(name) && l.contains(" đạt "))
            .unwrap_or_else(|| panic!("no line for {name}"));
        // "… đạt 4,5 tỷ đồng, tăng …": the value ends at the first ", " (a decimal comma has
        // no space after it).
        let value = line.split(" đạt ").nth(1).unwrap();
        let value = value.split(", ").next().unwrap();
        assert!(value.contains("đồng") && !value.contains("/năm"), "{line}");
        let row = appendices.iter().find(|l| l.contains(name)).unwrap();
        let cells: Vec<&str> = row.split(" | ").collect();
        assert!(!cells[4].contains("/năm"), "{row}");
    }
}

/// The office's working notes stay out of the official text: every finding in the units'
/// workbooks (2026 has a word where a number belongs and a correction sent in đồng) is listed
/// in the working file with its file, sheet and cell, and no message, file name or cell of
/// them appears in the report; the sample signer is a note for the office too.
#[test]
fn the_working_notes_are_in_the_working_file_and_never_in_the_report() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    for profile in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let written = write(&w, Period::Year { year: 2026 }, profile, out.path());
        let (paragraphs, rows) = docx_text(&written.docx);
        let text = paragraphs
            .iter()
            .chain(rows.iter().flatten())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
        let mut wb = calamine::open_workbook_auto(&written.xlsx).unwrap();
        let findings = wb.worksheet_range("Lỗi trong biểu").unwrap();
        let listed: Vec<Vec<String>> = findings
            .rows()
            .skip(1)
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert!(
            listed
                .iter()
                .any(|r| r[6] == "'mười hai' không phải là số" && r[3] == "Số liệu"),
            "{listed:?}"
        );
        for r in &listed {
            assert!(!text.contains(&r[2]), "file {} in the report", r[2]);
            assert!(!text.contains(&r[6]), "finding {} in the report", r[6]);
        }
        for banned in [
            ".xlsx",
            "Lỗi trong biểu",
            "Chưa phân công",
            "tên mẫu",
            "signer",
        ] {
            assert!(!text.contains(banned), "{banned} in the report");
        }
        let notes = wb.worksheet_range("Lưu ý phát hành").unwrap();
        let issuer = w.p.issuer(profile);
        let said = notes.rows().skip(1).any(|r| {
            r.get(1)
                .is_some_and(|c| c.to_string().contains(&issuer.signer_name))
        });
        assert_eq!(said, issuer.signer_sample, "{profile:?}");
    }
}

/// The sample's key projects (programme II.4, tasks NV-CT-01, 02, 04-07, all led by Phòng
/// Kinh tế, Hạ tầng và Đô thị, due within the term) are reported with one wording, "Tiếp tục
/// chuẩn bị hồ sơ, thủ tục đầu tư trong 6 tháng đầu năm 2026": the report says it once for
/// the six, without the unit's own time phrase, never "được thực hiện thường xuyên" six times.
#[test]
fn tasks_reported_with_one_wording_are_said_once_together() {
    let w = world();
    let (body, _) = model_text(&w, Period::HalfYear { year: 2026 }, ProfileKind::Dang);
    let expected = "- Các nhiệm vụ “Xây dựng, cải tạo chợ dân sinh (hạng 3) tại tổ dân phố Khánh Hội”, \
        “Xây dựng, cải tạo điểm chợ phục vụ nhu cầu Nhân dân tổ dân phố Vũ La - Đồng Ngọ”, \
        “Quy hoạch, xây dựng mới trụ sở nhà làm việc của Đảng ủy - HĐND - UBND phường”, \
        “Đường dẫn cầu vượt sông Thái Bình kết nối đường 390 và trục đường tốc độ cao kết nối Đông - Tây Hải Phòng”, \
        “Cầu Bùi Thị Xuân” và “Đường vành đai 5 vùng Thủ đô Hà Nội” \
        (Phòng Kinh tế, Hạ tầng và Đô thị chủ trì): tiếp tục chuẩn bị hồ sơ, thủ tục đầu tư.";
    assert!(body.iter().any(|l| l == expected), "{}", body.join("\n"));
}

/// “Đảng bộ cơ sở bốn tốt” (II.1.1 (1), judged every year) is decided at the year's end: the
/// 6-month report states 2025's result (Đạt in the sample) and when 2026's is decided.
#[test]
fn a_yearly_recognition_is_not_reached_before_the_years_end() {
    let w = world();
    let (body, _) = model_text(&w, Period::HalfYear { year: 2026 }, ProfileKind::Dang);
    let expected = "- Đảng bộ phường được công nhận “Đảng bộ cơ sở bốn tốt”: năm 2025 đã đạt chỉ tiêu \
        Nghị quyết (đạt hằng năm); việc đánh giá, công nhận năm 2026 thực hiện vào cuối năm.";
    assert!(body.iter().any(|l| l == expected), "{}", body.join("\n"));
}

/// The committee does not report to itself: its own tasks (NV-XDD-01 and NV-DP-03 name no
/// lead, NV-TCTH-01 is the standing committee's) read by who leads them in Phụ lục 2 and in
/// the part on leadership, never "Chưa có báo cáo".
#[test]
fn the_committees_own_tasks_are_described_not_reported_missing() {
    let w = world();
    let (body, appendices) = model_text(&w, Period::Year { year: 2026 }, ProfileKind::Dang);
    let own: Vec<&String> = appendices
        .iter()
        .filter(|l| l.contains("Đảng ủy trực tiếp lãnh đạo"))
        .collect();
    assert_eq!(own.len(), 3, "{own:?}");
    assert!(!appendices.iter().any(|l| l.contains("Chưa có báo cáo")));
    assert!(
        body.iter().any(|l| l.starts_with(
            "Ban Chấp hành, Ban Thường vụ Đảng ủy trực tiếp lãnh đạo, chỉ đạo các nhiệm vụ: \
             đổi mới phương thức lãnh đạo, chỉ đạo điều hành của Đảng ủy và cấp ủy Đảng;"
        )),
        "{}",
        body.join("\n")
    );
}

/// Part two of the 2026 annual report aims at 2027's bars. Budget revenue must grow on average
/// more than 8% a year from 2025 (II.2.1 (1)): 18.500 triệu đồng in 2025 × 1,08² = 21.578,4,
/// so 2027 needs more than 21.578 triệu đồng.
#[test]
fn the_annual_report_aims_at_next_years_figures() {
    let w = world();
    let (body, _) = model_text(&w, Period::Year { year: 2026 }, ProfileKind::Dang);
    let aims = body
        .iter()
        .position(|l| l.starts_with("I. Mục tiêu, chỉ tiêu chủ yếu"))
        .unwrap();
    assert_eq!(body[aims + 1], "Phấn đấu năm 2027 đạt các chỉ tiêu sau:");
    assert!(
        body.iter().any(|l| l.starts_with(
            "- Tốc độ tăng thu ngân sách nhà nước trên địa bàn bình quân hằng năm: tăng bình quân \
             trên 8%/năm, tương ứng năm 2027 đạt trên 21.578"
        )),
        "{}",
        body.join("\n")
    );
}

/// The mid-term review: the social-insurance target (II.2.1 (13), at least 70% by 2030) is
/// forecast far below its bar (56% in Phụ lục 1, a fifth short), so the review asks to adjust
/// it; the other hard targets are within a tenth of their bar and keep it, with extra measures.
#[test]
fn the_midterm_review_asks_to_adjust_only_a_target_far_off() {
    let w = world();
    let (body, _) = model_text(&w, Period::MidTerm, ProfileKind::Dang);
    let adjust = body
        .iter()
        .position(|l| l.contains("cho phép điều chỉnh các chỉ tiêu sau"))
        .expect("an adjustment lead-in");
    assert!(body[adjust].starts_with("Đề nghị Ban Thường vụ Thành ủy"));
    assert!(
        body[adjust + 1].starts_with(
            "+ Tỷ lệ lực lượng lao động trong độ tuổi tham gia bảo hiểm xã hội (chỉ tiêu Nghị quyết"
        ),
        "{}",
        body[adjust + 1]
    );
    assert!(!body.get(adjust + 2).is_some_and(|l| l.starts_with("+ ")));
}

/// A review is adopted by the full committee at its conference (programme III): the Party
/// copy is signed "T/M BAN CHẤP HÀNH"; a 6-month report stays "T/M BAN THƯỜNG VỤ".
#[test]
fn a_review_is_signed_on_behalf_of_the_executive_committee() {
    let w = world();
    let profiles =
        baocao::render::profile::Profiles::load(Path::new("templates/profiles.toml")).unwrap();
    let templates = baocao::render::markup::Templates::load(Path::new("templates")).unwrap();
    for (period, authority) in [
        (Period::MidTerm, "T/M BAN CHẤP HÀNH"),
        (Period::HalfYear { year: 2026 }, "T/M BAN THƯỜNG VỤ"),
    ] {
        let opts = Options {
            profile: ProfileKind::Dang,
            number: None,
            date: shell::default_report_date(&w.p, period),
            open_date: false,
            draft: false,
        };
        let c = shell::consolidate(&w.p, &w.ledger, period, opts.date).unwrap();
        let doc =
            baocao::report::draft(&w.p, &c, &templates, profiles.get(ProfileKind::Dang), &opts)
                .unwrap();
        assert_eq!(doc.frame.signature.authority, authority, "{period:?}");
    }
}

/// Strengths name exceeded targets by their figure. Budget revenue (II.2.1 (1)) went from
/// 18.500 (2025) to 21.859 triệu đồng (2027), Phụ lục 1 of the review: (21.859 / 18.500)^(1/2)
/// = 1,0870, an average of 8,7% a year, above the bar of 8%.
#[test]
fn strengths_name_what_exceeded_by_its_figure() {
    let w = world();
    let (body, _) = model_text(&w, Period::MidTerm, ProfileKind::Dang);
    let line = body
        .iter()
        .find(|l| l.starts_with("Nhiều chỉ tiêu vượt mức Nghị quyết đề ra, nổi bật là:"))
        .expect("the strengths");
    assert!(
        line.contains(
            "thu ngân sách nhà nước trên địa bàn tăng bình quân 8,7%/năm giai đoạn 2025 - 2027"
        ),
        "{line}"
    );
}

/// Nghị định 30/2020 orders a State document's number "số/loại-cơ quan": the appendix's
/// "(Kèm theo Báo cáo số …)" line of a nha-nuoc report reads "…/BC-UBND", with the number left
/// blank for the records clerk, never the Party order "…-BC/UBND"; a Party report keeps
/// "…-BC/ĐU". The text refers to the appendix as the profile numbers it (Phụ lục I / 1).
#[test]
fn the_appendix_caption_numbers_the_report_in_its_profiles_order() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    for (profile, order, wrong, label) in [
        (
            ProfileKind::NhaNuoc,
            "/BC-UBND ngày",
            "-BC/UBND",
            "Phụ lục I",
        ),
        (ProfileKind::Dang, "-BC/ĐU ngày", "/BC-ĐU", "Phụ lục 1"),
    ] {
        let opts = Options {
            profile,
            number: None,
            date: shell::default_report_date(&w.p, Period::Year { year: 2026 }),
            open_date: false,
            draft: false,
        };
        let written = shell::report(
            &w.p,
            &w.ledger,
            &w.paths,
            Period::Year { year: 2026 },
            out.path(),
            &opts,
        )
        .unwrap();
        let (paragraphs, _) = docx_text(&written.docx);
        let caption = paragraphs
            .iter()
            .find(|p| p.starts_with("(Kèm theo Báo cáo số"))
            .expect("caption");
        assert!(caption.contains(order), "{profile:?}: {caption}");
        assert!(!caption.contains(wrong), "{profile:?}: {caption}");
        assert!(
            paragraphs
                .iter()
                .any(|p| p.contains(&format!("chi tiết tại {label}"))),
            "{profile:?}"
        );
    }
}
