//! Workbooks as clerks really send them (tests/fixtures/clerk/, see its README): read right or
//! refused clearly, never a lost or overridden version.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use baocao::intake::ingest::{self, Expect, Finding};
use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::report::consolidate::Timeliness;
use baocao::shell::ledger::{Ledger, Recorded};
use baocao::shell::{self, FileOutcome, IngestOptions, Received};
use chrono::NaiveDate;

fn programme() -> Programme {
    Programme::load(Path::new("seeds")).expect("seeds load")
}

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/clerk").join(name)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Ingests files in the order given, received the same day (so only what the files say can
/// order their versions).
fn ingest(p: &Programme, ledger: &mut Ledger, files: &[PathBuf]) -> Vec<FileOutcome> {
    let now = date(2026, 12, 20).and_hms_opt(9, 0, 0).unwrap();
    let opts = IngestOptions {
        expect: Expect::default(),
        received: Received::Today(now.date()),
        now,
        strict: false,
        progress: false,
    };
    shell::ingest(p, ledger, files, &opts).unwrap()
}

fn read(p: &Programme, path: &Path) -> Result<ingest::Parsed, Vec<Finding>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).unwrap();
    let (book, mut findings) = ingest::read_book(&name, &bytes).map_err(|f| vec![*f])?;
    let none = |_: &str, _: Period| BTreeMap::new();
    ingest::interpret(p, &name, &book, &Expect::default(), &none).map(|mut x| {
        findings.append(&mut x.findings);
        x.findings = findings;
        x
    })
}

/// Ingests one file into a fresh ledger and writes the Party report of `period`: the PDF.
fn report_of(p: &Programme, file: &Path, period: Period) -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let paths = shell::Paths {
        seeds: "seeds".into(),
        templates: "templates".into(),
        ledger: tmp.path().join("l.sqlite"),
    };
    let mut ledger = Ledger::open(&paths.ledger).unwrap();
    ingest(p, &mut ledger, &[file.to_path_buf()]);
    let opts = baocao::report::Options {
        profile: baocao::render::profile::ProfileKind::Dang,
        number: None,
        date: shell::default_report_date(p, period),
        open_date: false,
        draft: false,
    };
    let w = shell::report(p, &ledger, &paths, period, tmp.path(), &opts).unwrap();
    std::fs::read(&w.pdf).unwrap()
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

/// "2026_PKT (1).xlsx" (the correction, report date 15/12/2026) sorts before "2026_PKT.xlsx"
/// (the original, 13/12/2026): the correction must stay the latest whatever the order the
/// files arrive in, and the clerk is told that the original carries an older date.
#[test]
fn a_correction_named_with_a_copy_suffix_stays_the_latest_version() {
    let p = programme();
    let correction = fixture("correction-order/2026_PKT (1).xlsx");
    let original = fixture("correction-order/2026_PKT.xlsx");
    let year = Period::Year { year: 2026 };
    let wanted = read(&p, &correction).unwrap();
    assert_eq!(
        wanted.content.narrative.report_date,
        Some(date(2026, 12, 15))
    );
    for order in [
        vec![correction.clone(), original.clone()],
        vec![original.clone(), correction.clone()],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(&tmp.path().join("l.sqlite")).unwrap();
        let outcomes = ingest(&p, &mut ledger, &order);
        assert!(
            outcomes
                .iter()
                .all(|o| matches!(o.recorded, Recorded::Accepted { .. })),
            "{outcomes:?}"
        );
        assert_eq!(ledger.versions("PKT", year).unwrap(), 2, "no version lost");
        let latest = ledger.latest(year).unwrap();
        let pkt = latest.iter().find(|l| l.unit == "PKT").unwrap();
        assert_eq!(pkt.file_name, "2026_PKT (1).xlsx");
        assert_eq!(pkt.report_date, Some(date(2026, 12, 15)));
        assert_eq!(pkt.content.figures, wanted.content.figures);
        // The original, whenever it came, is kept but not used, and the clerk is told.
        let o = outcomes
            .iter()
            .find(|o| o.file.ends_with("2026_PKT.xlsx"))
            .unwrap();
        if order[0] == correction {
            assert!(matches!(
                o.recorded,
                Recorded::Accepted { latest: false, .. }
            ));
            let f = o
                .findings
                .iter()
                .find(|f| f.code == "older-report-date")
                .expect("older date said");
            assert!(f.message.contains("13/12/2026"), "{}", f.message);
            assert!(f.message.contains("2026_PKT (1).xlsx"), "{}", f.message);
        }
    }
}

/// Ingests one file as received on `day`.
fn ingest_on(p: &Programme, ledger: &mut Ledger, file: &Path, day: NaiveDate) {
    let opts = IngestOptions {
        expect: Expect::default(),
        received: Received::Today(day),
        now: day.and_hms_opt(9, 0, 0).unwrap(),
        strict: false,
        progress: false,
    };
    shell::ingest(p, ledger, &[file.to_path_buf()], &opts).unwrap();
}

/// A report counts what was received by its date. The original (report date 13/12/2026)
/// came on 14/12/2026, the correction (15/12/2026) on 24/12/2026: a report dated 20/12/2026
/// uses the original, one dated 27/12/2026 the correction; the Party Building Board's file,
/// received only on 26/12/2026, is missing on 20/12/2026 and late (6 days after the deadline,
/// 20/12/2026) on 27/12/2026.
#[test]
fn a_report_counts_only_the_versions_received_by_its_date() {
    let p = programme();
    let year = Period::Year { year: 2026 };
    let tmp = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&tmp.path().join("l.sqlite")).unwrap();
    let correction = fixture("correction-order/2026_PKT (1).xlsx");
    let original = fixture("correction-order/2026_PKT.xlsx");
    ingest_on(&p, &mut ledger, &original, date(2026, 12, 14));
    ingest_on(&p, &mut ledger, &correction, date(2026, 12, 24));
    let bxd = Path::new("inputs/2026/2026_BXD.xlsx");
    ingest_on(&p, &mut ledger, bxd, date(2026, 12, 26));
    let pkt_on = |day| {
        let c = shell::consolidate(&p, &ledger, year, day).unwrap();
        let pkt = ledger
            .latest_as_of(year, day)
            .unwrap()
            .into_iter()
            .find(|l| l.unit == "PKT")
            .unwrap();
        (c, pkt.file_name, pkt.received)
    };
    let (before, file, received) = pkt_on(date(2026, 12, 20));
    assert_eq!(
        (file.as_str(), received),
        ("2026_PKT.xlsx", date(2026, 12, 14))
    );
    let unit = |c: &baocao::report::consolidate::Consolidated, code: &str| {
        c.units.iter().find(|u| u.code == code).unwrap().clone()
    };
    assert_eq!(unit(&before, "BXD").timeliness, Timeliness::Missing);
    assert_eq!(unit(&before, "PKT").timeliness, Timeliness::OnTime);
    let (after, file, received) = pkt_on(date(2026, 12, 27));
    assert_eq!(
        (file.as_str(), received),
        ("2026_PKT (1).xlsx", date(2026, 12, 24))
    );
    let bxd = unit(&after, "BXD");
    assert_eq!((bxd.timeliness, bxd.days_late), (Timeliness::Late, 6));
    // Everything received stays in the ledger whatever the report date.
    assert_eq!(ledger.versions("PKT", year).unwrap(), 2);
}

/// "Số liệu " (a trailing space) is the figures sheet: its figures are read, the same as the
/// baseline file's.
#[test]
fn a_figures_sheet_renamed_with_a_trailing_space_is_still_read() {
    let p = programme();
    let base = read(&p, &fixture("01_baseline_openpyxl_BXD.xlsx")).unwrap();
    let renamed = read(&p, &fixture("25b_sheet_renamed_trailing_space_BXD.xlsx")).unwrap();
    assert!(!base.content.figures.is_empty());
    assert_eq!(renamed.content.figures, base.content.figures);
    assert_eq!(renamed.cells.values().next().unwrap().0, "Số liệu ");
}

/// A sheet renamed to anything is found by its codes; a version without its figures sheet is
/// refused whole and the good version stays the latest.
#[test]
fn a_version_that_lost_its_figures_sheet_never_replaces_a_good_one() {
    let p = programme();
    let path = fixture("01_baseline_openpyxl_BXD.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let (mut book, _) = ingest::read_book("x.xlsx", &bytes).unwrap();
    let none = |_: &str, _: Period| BTreeMap::new();
    for (name, _) in book.sheets.iter_mut() {
        if name == "Số liệu" {
            *name = "Sheet2".into();
        }
    }
    let x = ingest::interpret(&p, "x.xlsx", &book, &Expect::default(), &none).unwrap();
    let base = read(&p, &path).unwrap();
    assert_eq!(x.content.figures, base.content.figures);
    let f = x
        .findings
        .iter()
        .find(|f| f.code == "renamed-sheet")
        .unwrap();
    assert_eq!(f.sheet.as_deref(), Some("Sheet2"));

    book.sheets.retain(|(n, _)| n != "Sheet2");
    let e = ingest::interpret(&p, "x.xlsx", &book, &Expect::default(), &none).unwrap_err();
    assert!(codes(&e).contains(&"missing-sheet"), "{e:?}");
    assert!(e.iter().any(|f| f.message.contains("«Số liệu»")));
}

/// Excel for Mac's 1904 date system: the dates read as typed (15/06/2026, 10/01/2026,
/// 20/06/2026, the same as in the 1900-system baseline file), not four years early.
#[test]
fn dates_of_a_1904_workbook_read_as_typed() {
    let p = programme();
    let dates = |name: &str| {
        let x = read(&p, &fixture(name)).unwrap();
        let mut d: Vec<NaiveDate> = x
            .content
            .tasks
            .iter()
            .filter_map(|t| t.completed_on)
            .chain(x.content.narrative.report_date)
            .chain(x.content.figures.iter().filter_map(|f| f.value.as_date()))
            .collect();
        d.sort();
        d
    };
    let want = vec![date(2026, 1, 10), date(2026, 6, 15), date(2026, 6, 20)];
    assert_eq!(dates("02_date1904_mac_BXD.xlsx"), want);
    assert_eq!(dates("01_baseline_openpyxl_BXD.xlsx"), want);
}

/// Narrative typed with a .VnTime font: "Hoµn thµnh kÕ ho¹ch" is "Hoàn thành kế hoạch". Each
/// converted cell is named in a note, and the text as read is kept in the ledger.
#[test]
fn tcvn3_narrative_is_converted_with_a_note_naming_the_cells() {
    let p = programme();
    let path = fixture("16_tcvn3_vntime_narrative_BXD.xlsx");
    let x = read(&p, &path).unwrap();
    let n = &x.content.narrative;
    let texts: Vec<&str> = n.fields().into_iter().map(|(_, _, t)| t).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Hoàn thành kế hoạch")),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Một số chi bộ sinh hoạt chưa đều"),
        "{texts:?}"
    );
    let notes: Vec<(&str, &str)> = x
        .findings
        .iter()
        .filter(|f| f.code == "legacy-encoding")
        .map(|f| (f.sheet.as_deref().unwrap(), f.cell.as_deref().unwrap()))
        .collect();
    assert!(notes.contains(&("Thuyết minh", "C5")), "{notes:?}");
    assert!(notes.contains(&("Thuyết minh", "C6")), "{notes:?}");
    // Names and the unit's other Unicode text are untouched.
    assert!(texts.contains(&"Nguyễn Văn A"), "{texts:?}");

    let tmp = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&tmp.path().join("l.sqlite")).unwrap();
    ingest(&p, &mut ledger, &[path]);
    let originals = ledger
        .originals("16_tcvn3_vntime_narrative_BXD.xlsx")
        .unwrap();
    assert!(
        originals.iter().any(|(s, c, t)| s == "Thuyết minh"
            && c == "C6"
            && t == "Mét sè chi bé sinh ho¹t ch\u{ad}a ®Òu"),
        "{originals:?}"
    );
}

/// A 👍 in a narrative cell: the report still renders, the symbol replaced by a visible mark,
/// and the cell is named at ingest. ✓ ☑ ★ print with the fallback font.
#[test]
fn an_emoji_in_a_unit_text_never_stops_the_report() {
    let p = programme();
    let path = fixture("emoji-2028-H1_PKT.xlsx");
    let x = read(&p, &path).unwrap();
    let f = x
        .findings
        .iter()
        .find(|f| f.code == "unprintable-char")
        .expect("named at ingest");
    assert!(f.message.contains("U+1F44D"), "{}", f.message);
    assert!(f.cell.is_some() && f.sheet.is_some());
    for c in ['✓', '☑', '★', 'ạ', 'Ư'] {
        assert!(baocao::render::fonts::covered(c), "{c}");
    }
    for c in ['👍', '中', '\u{e000}'] {
        assert!(!baocao::render::fonts::covered(c), "{c}");
    }

    let pdf = report_of(&p, &path, Period::HalfYear { year: 2028 });
    assert!(pdf.starts_with(b"%PDF"));
}

/// Symbols, CJK, private use, a Word line break and an unclosed right-to-left override in a
/// unit's text: the report renders, the override is gone, the line break is a line break.
#[test]
fn symbols_and_direction_controls_in_unit_text_still_give_a_report() {
    let p = programme();
    let text = "Đạt ✓ ☑ ★ 👍 中文 \u{e000}\u{b}dòng hai \u{202e}đảo ngược \u{1b}[31m";
    let mut content = read(&p, &fixture("01_baseline_openpyxl_BXD.xlsx"))
        .unwrap()
        .content;
    content.narrative.set("highlights", text.to_string());
    let period = Period::HalfYear { year: 2026 };
    let bytes = common::filled(&p, "BXD", period, date(2026, 1, 1), &content, &[]);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("BXD.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let x = read(&p, &file).unwrap();
    let got = x
        .content
        .narrative
        .fields()
        .into_iter()
        .find(|(k, _, _)| *k == "highlights")
        .map(|(_, _, t)| t.to_string())
        .unwrap();
    assert_eq!(got, "Đạt ✓ ☑ ★ 👍 中文 \u{e000}\ndòng hai đảo ngược [31m");
    assert!(report_of(&p, &file, period).starts_with(b"%PDF"));
}

/// Three ingests at once on one new ledger: each waits for the others' writes instead of
/// failing ("database is locked", "table receipt already exists"); no version is lost.
#[test]
fn three_concurrent_ingests_on_one_ledger_all_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let ledger = tmp.path().join("l.sqlite");
    let files = shell::collect_files(&[PathBuf::from("inputs")]).unwrap();
    let groups: Vec<Vec<PathBuf>> = (0..3)
        .map(|g| files.iter().skip(g).step_by(3).cloned().collect())
        .collect();
    let children: Vec<_> = groups
        .iter()
        .map(|g| {
            std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
                .arg("--ledger")
                .arg(&ledger)
                .arg("ingest")
                .arg("--received")
                .arg("report-date")
                .args(g)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let l = Ledger::open(&ledger).unwrap();
    let (receipts, submissions) = l.counts().unwrap();
    assert_eq!(receipts as usize, files.len());
    assert_eq!(submissions as usize, files.len());
}

/// Whatever sits in the folder — a FIFO named .xlsx, links to /dev/zero, a link loop, a folder
/// that cannot be read, a zip bomb, a sheet whose cells share one long string — each gets its
/// finding, the good workbook beside them lands, and nothing hangs.
#[cfg(unix)]
#[test]
fn hostile_files_beside_a_good_one_each_get_a_finding() {
    use std::os::unix::fs::symlink;
    let p = programme();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("thu-ve");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture("01_baseline_openpyxl_BXD.xlsx"),
        dir.join("good.xlsx"),
    )
    .unwrap();
    let fifo = dir.join("fifo.xlsx");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    symlink("/dev/zero", dir.join("zero.xlsx")).unwrap();
    symlink(".", dir.join("a")).unwrap();
    symlink("..", dir.join("b")).unwrap();
    std::fs::write(dir.join("bomb.xlsx"), hostile::zip_bomb(200)).unwrap();
    std::fs::write(dir.join("shared.xlsx"), hostile::shared_string_sheet()).unwrap();
    // A folder nobody may list (root lists it anyway: then shell's unit test injects the
    // error instead).
    use std::os::unix::fs::PermissionsExt;
    let locked = dir.join("khoa");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("an.xlsx"), b"x").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let user = std::fs::read_dir(&locked).is_err();
    let mut ledger = Ledger::open(&tmp.path().join("l.sqlite")).unwrap();
    let files = shell::collect_files(std::slice::from_ref(&dir)).unwrap();
    let outcomes = ingest(&p, &mut ledger, &files);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let finding = |name: &str| {
        let o = outcomes
            .iter()
            .find(|o| o.file.ends_with(name))
            .unwrap_or_else(|| panic!("{name} in {outcomes:?}"));
        assert_eq!(o.recorded, Recorded::Rejected, "{name}");
        o.findings[0].code
    };
    assert_eq!(finding("fifo.xlsx"), "not-a-file");
    assert_eq!(finding("zero.xlsx"), "not-a-file");
    assert_eq!(finding("bomb.xlsx"), "too-large");
    assert_eq!(finding("shared.xlsx"), "too-large");
    if user {
        assert_eq!(finding("khoa"), "unreadable");
    }
    let good: Vec<_> = outcomes
        .iter()
        .filter(|o| o.file.ends_with("good.xlsx"))
        .collect();
    assert_eq!(good.len(), 1, "the loop is not walked twice: {outcomes:?}");
    assert!(matches!(good[0].recorded, Recorded::Accepted { .. }));
}

/// A 17 KB .xls with one stray cell at IV65536 (Excel's last cell): read in bounded memory, the
/// form's figures kept, the far cell skipped with a warning.
#[test]
fn an_xls_with_a_stray_cell_at_iv65536_is_read_in_bounded_memory() {
    let p = programme();
    let path = fixture("23b_stray_cell_IV65536_BXD.xls");
    let before = peak_rss_kb();
    let x = read(&p, &path).unwrap();
    let grown_mb = (peak_rss_kb().saturating_sub(before)) / 1024;
    assert!(grown_mb < 400, "peak memory grew by {grown_mb} MB");
    assert!(
        codes(&x.findings).contains(&"oversized-sheet"),
        "{:?}",
        x.findings
    );
    let base = read(&p, &fixture("01_baseline_openpyxl_BXD.xlsx")).unwrap();
    assert_eq!(x.content.figures.len(), base.content.figures.len());
}

/// The process's peak resident memory (VmHWM), in KB; 0 where /proc is absent.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// A report killed between its renames left a temporary file: the next report removes it and
/// writes its files as a set.
#[test]
fn stale_temporary_files_of_a_killed_report_are_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    // A process id no process has (above the kernel's pid_max).
    let stale = tmp.path().join(".bao-cao-2026-H1-dang.pdf.4194305.tmp");
    std::fs::write(&stale, b"half").unwrap();
    let (a, b) = (
        tmp.path().join("bao-cao-2026-H1-dang.pdf"),
        tmp.path().join("x.docx"),
    );
    shell::write_set(&[(&a, b"pdf"), (&b, b"docx")]).unwrap();
    assert!(!stale.exists());
    assert_eq!(std::fs::read(&a).unwrap(), b"pdf");
    assert_eq!(std::fs::read(&b).unwrap(), b"docx");
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

/// A report killed between its renames left its staging folder with the rest of the set and
/// the READY mark: the next write into the folder finishes that set first, so the DOCX and the
/// PDF are of one run. A run killed before the mark leaves the previous set whole and its
/// staging folder is removed. (Process ids above the kernel's pid_max: no process has them.)
#[test]
fn a_set_killed_between_its_renames_is_finished_and_one_killed_before_is_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let at = |n: &str| tmp.path().join(n);
    std::fs::write(at("bao-cao.docx"), b"docx 1").unwrap();
    std::fs::write(at("bao-cao.pdf"), b"pdf 1").unwrap();
    // Killed after the DOCX of the second run was renamed into place.
    let killed = at(".baocao-set.4194305.tmp");
    std::fs::create_dir(&killed).unwrap();
    std::fs::write(at("bao-cao.docx"), b"docx 2").unwrap();
    std::fs::write(killed.join("bao-cao.pdf"), b"pdf 2").unwrap();
    std::fs::write(killed.join("READY"), b"").unwrap();
    // Killed while writing a third run's files.
    let unfinished = at(".baocao-set.4194306.tmp");
    std::fs::create_dir(&unfinished).unwrap();
    std::fs::write(unfinished.join("bao-cao.docx"), b"docx 3, half").unwrap();

    shell::write_set(&[(&at("tong-hop.xlsx"), b"xlsx")]).unwrap();
    assert_eq!(std::fs::read(at("bao-cao.docx")).unwrap(), b"docx 2");
    assert_eq!(std::fs::read(at("bao-cao.pdf")).unwrap(), b"pdf 2");
    assert_eq!(std::fs::read(at("tong-hop.xlsx")).unwrap(), b"xlsx");
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["bao-cao.docx", "bao-cao.pdf", "tong-hop.xlsx"]);
}

/// A report for a period outside the term fails with a message, not a report.
#[test]
fn a_report_for_a_period_outside_the_term_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let ledger = tmp.path().join("l.sqlite");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "report", "--period", "2040-H1", "--inputs", "inputs", "--out",
        ])
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nằm ngoài nhiệm kỳ 2025 - 2030"), "{err}");
}

/// The narrative text of `key` in a file read.
fn narrative(x: &ingest::Parsed, key: &str) -> String {
    x.content
        .narrative
        .fields()
        .into_iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, t)| t.to_string())
        .unwrap_or_default()
}

/// Where the findings of `code` are: (sheet, cell).
fn cells_of(findings: &[Finding], code: &str) -> Vec<(String, String)> {
    findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| {
            (
                f.sheet.clone().unwrap_or_default(),
                f.cell.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Narrative typed with a VNI-Times font (openpyxl wrote the VNI bytes as they show in
/// Windows-1252): "Hoaøn thaønh keá hoaïch" is "Hoàn thành kế hoạch", "Moät soá chi boä sinh
/// hoaït chöa ñeàu." is "Một số chi bộ sinh hoạt chưa đều."; each cell is named in a note.
#[test]
fn a_vni_narrative_is_converted_with_a_note_naming_the_cells() {
    let p = programme();
    let x = read(&p, &fixture("30_vni_narrative_BXD.xlsx")).unwrap();
    assert_eq!(narrative(&x, "highlights"), "Hoàn thành kế hoạch");
    assert_eq!(
        narrative(&x, "limitations"),
        "Một số chi bộ sinh hoạt chưa đều."
    );
    let notes = cells_of(&x.findings, "legacy-encoding");
    for cell in ["C5", "C6"] {
        assert!(
            notes.contains(&("Thuyết minh".into(), cell.into())),
            "{notes:?}"
        );
    }
    let f = x
        .findings
        .iter()
        .find(|f| f.code == "legacy-encoding")
        .unwrap();
    assert!(f.message.contains("VNI"), "{}", f.message);
    assert_eq!(narrative(&x, "prepared_by"), "Nguyễn Văn A");
}

/// A line break pasted from Word (vertical tab, stored by Excel as `_x000B_`) separates the
/// two sentences instead of gluing them.
#[test]
fn a_word_line_break_in_a_cell_is_a_line_break() {
    let p = programme();
    let x = read(&p, &fixture("31_word_line_break_BXD.xlsx")).unwrap();
    assert_eq!(
        narrative(&x, "highlights"),
        "Hoàn thành kế hoạch.\nTổ chức hội nghị."
    );
}

/// Formulas saved without a result (openpyxl never computes) in a narrative cell (Thuyết minh
/// C6) and a task-result cell (Nhiệm vụ G6): each is named in a warning; the rest is read.
#[test]
fn formulas_without_a_saved_result_in_text_cells_are_named_in_a_finding() {
    let p = programme();
    let x = read(&p, &fixture("32_formula_without_result_BXD.xlsx")).unwrap();
    let cells = cells_of(&x.findings, "uncomputed-text");
    assert_eq!(
        cells,
        vec![
            ("Nhiệm vụ".to_string(), "G6".to_string()),
            ("Thuyết minh".to_string(), "C6".to_string())
        ]
    );
    let f = x
        .findings
        .iter()
        .find(|f| f.code == "uncomputed-text")
        .unwrap();
    assert!(f.message.contains("CONCATENATE"), "{}", f.message);
    assert_eq!(
        narrative(&x, "highlights"),
        "Hoàn thành kế hoạch xây dựng Đảng 6 tháng đầu năm."
    );
    assert_eq!(x.content.figures.len(), 6);
}

/// One rule for a percent sign in a figure that is not a rate, whatever the format: 9 typed
/// into a cell formatted as percent (stored 0,09, shown "9%", F6) and "2 %" typed as text (F9)
/// are read as the 9 and the 2 the clerk typed, each with a warning naming the cell. The .xlsx
/// is openpyxl's, the .ods and .xls LibreOffice's re-saves of it (a "percentage" cell; an XF
/// with the built-in format 0%).
#[test]
fn a_percent_sign_in_a_count_reads_as_the_number_typed_with_a_warning() {
    let p = programme();
    for name in [
        "33_percent_in_a_count_BXD.xlsx",
        "33_percent_in_a_count_BXD.ods",
        "33_percent_in_a_count_BXD.xls",
    ] {
        let x = read(&p, &fixture(name)).unwrap();
        let value = |code: &str| {
            x.content
                .figures
                .iter()
                .find(|f| f.element == code)
                .and_then(|f| f.value.as_f64())
        };
        assert_eq!(value("cap_uy_vien_nu"), Some(9.0), "{name}");
        assert_eq!(value("to_chuc_dang_ngoai_nha_nuoc"), Some(2.0), "{name}");
        assert_eq!(
            cells_of(&x.findings, "percent-sign"),
            vec![
                ("Số liệu".to_string(), "F6".to_string()),
                ("Số liệu".to_string(), "F9".to_string())
            ],
            "{name}: {:?}",
            x.findings
        );
        let f = x
            .findings
            .iter()
            .find(|f| f.code == "percent-sign")
            .unwrap();
        assert!(
            f.message.contains("«9%»") && f.message.contains("đã lấy số 9"),
            "{name}: {}",
            f.message
        );
        assert!(!x.has_errors(), "{name}: {:?}", x.findings);
    }
}

/// A note typed on row 200 000 of the narrative sheet, far below the form: in .ods (saved by
/// LibreOffice) as in .xlsx (openpyxl), the file is read in bounded memory, the figures kept,
/// and the sheet named in a warning.
#[test]
fn a_stray_note_far_below_the_form_warns_and_keeps_the_figures_in_every_format() {
    let p = programme();
    let base = read(&p, &fixture("01_baseline_openpyxl_BXD.xlsx")).unwrap();
    for name in [
        "34_stray_note_far_below_BXD.ods",
        "34_stray_note_far_below_BXD.xlsx",
    ] {
        let before = peak_rss_kb();
        let x = read(&p, &fixture(name)).unwrap_or_else(|f| panic!("{name}: {f:?}"));
        let grown_mb = peak_rss_kb().saturating_sub(before) / 1024;
        assert!(grown_mb < 100, "{name}: peak memory grew by {grown_mb} MB");
        assert_eq!(x.content.figures, base.content.figures, "{name}");
        assert_eq!(
            cells_of(&x.findings, "oversized-sheet"),
            vec![("Thuyết minh".to_string(), String::new())],
            "{name}"
        );
        assert_eq!(narrative(&x, "highlights"), narrative(&base, "highlights"));
    }
}

/// Saved by LibreOffice with a password ("matkhau"): .ods and .xls are refused as
/// password-protected, not as corrupt.
#[test]
fn password_protected_ods_and_xls_are_refused_as_such() {
    for name in ["35_password_BXD.ods", "36_password_BXD.xls"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let f = ingest::read_book(name, &bytes).unwrap_err();
        assert_eq!(f.code, "password", "{name}: {f:?}");
        assert_eq!(f.message, "tệp được đặt mật khẩu");
        assert_eq!(f.hint, "gỡ mật khẩu rồi gửi lại");
        assert_eq!(f.file, name);
    }
}

/// The ledger fails while the second of three files is recorded (an injected error: a trigger
/// that aborts its insert, as a full disk would): the run fails naming that file, says the
/// first is already in the ledger, and the first stays there.
#[test]
fn an_aborted_ingest_says_which_files_were_already_recorded() {
    let p = programme();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("thu-ve");
    std::fs::create_dir_all(&dir).unwrap();
    for (from, to) in [
        ("01_baseline_openpyxl_BXD.xlsx", "a.xlsx"),
        ("30_vni_narrative_BXD.xlsx", "b.xlsx"),
        ("31_word_line_break_BXD.xlsx", "c.xlsx"),
    ] {
        std::fs::copy(fixture(from), dir.join(to)).unwrap();
    }
    let path = tmp.path().join("l.sqlite");
    drop(Ledger::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER full BEFORE INSERT ON receipt WHEN NEW.file_name = 'b.xlsx'
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let mut ledger = Ledger::open(&path).unwrap();
    let files = shell::collect_files(&[dir]).unwrap();
    let now = date(2026, 6, 20).and_hms_opt(9, 0, 0).unwrap();
    let opts = IngestOptions {
        expect: Expect::default(),
        received: Received::Today(now.date()),
        now,
        strict: false,
        progress: false,
    };
    let err = format!(
        "{:#}",
        shell::ingest(&p, &mut ledger, &files, &opts).unwrap_err()
    );
    assert!(
        err.contains("đã ghi vào sổ trước khi dừng: ") && err.contains("a.xlsx;"),
        "{err}"
    );
    assert!(
        err.contains("không ghi được") && err.contains("b.xlsx"),
        "{err}"
    );
    assert!(!err.contains("c.xlsx"), "{err}");
    assert_eq!(ledger.counts().unwrap(), (1, 1));
}

/// `report` and `status` with a mistyped --ledger fail with a message and create nothing;
/// `report --inputs` naming a missing folder fails; a ledger nobody may write (read-only for a
/// user, immutable for root) still gives a report.
#[test]
fn command_line_mistakes_fail_clearly_and_a_read_only_ledger_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(args)
            .output()
            .unwrap()
    };
    let typo = tmp.path().join("so-lieu-sai.sqlite");
    let t = typo.to_str().unwrap();
    let out_dir = tmp.path().join("out");
    let o = out_dir.to_str().unwrap();
    for args in [
        vec!["--ledger", t, "status", "--period", "2026-H1"],
        vec!["--ledger", t, "report", "--period", "2026-H1", "--out", o],
    ] {
        let out = run(&args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("không có sổ dữ liệu"), "{err}");
        assert!(!typo.exists(), "no empty ledger is made");
    }
    let ledger = tmp.path().join("l.sqlite");
    let l = ledger.to_str().unwrap();
    let missing = tmp.path().join("khong-co");
    let m = missing.to_str().unwrap();
    let out = run(&[
        "--ledger", l, "report", "--period", "2026-H1", "--inputs", m, "--out", o,
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("không có thư mục"));

    let out = run(&[
        "--ledger", l, "report", "--period", "2026-H1", "--inputs", "inputs", "--out", o,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _guard = ReadOnly::set(&ledger);
    assert!(
        std::fs::OpenOptions::new()
            .write(true)
            .open(&ledger)
            .is_err(),
        "the ledger could not be made read-only"
    );
    let out = run(&["--ledger", l, "report", "--period", "2026-H1", "--out", o]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A file nobody may write while it lives: mode 0444, and for root (whom modes do not stop)
/// the immutable attribute; both undone on drop so the folder can be removed.
struct ReadOnly(PathBuf);

impl ReadOnly {
    fn set(path: &Path) -> ReadOnly {
        let mut perms = std::fs::metadata(path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(path, perms).unwrap();
        let _ = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .status();
        ReadOnly(path.to_path_buf())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}
