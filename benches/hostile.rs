//! `cargo bench --bench hostile`: one ingest of a folder where hostile files sit beside good
//! ones (issue #12's benchmark acceptance). Every hostile file must get its finding, every good
//! workbook land, and the ingest's peak memory stay within 300 MB, printed. A bench binary (no
//! harness): it exits non-zero when a check fails. The ingest runs in a child process so its
//! peak memory is its own; big hostile files are made here, never committed.

#[path = "../tests/common/hostile.rs"]
mod hostile;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use baocao::intake::ingest::Expect;
use baocao::intake::sample;
use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::shell;
use baocao::shell::ledger::{Ledger, Recorded};
use chrono::NaiveDate;

/// Set in the child process that ingests the folder.
const CHILD_ENV: &str = "BAOCAO_BENCH_HOSTILE";
/// Budget of any ingest, whatever the inputs.
const PEAK_MB: f64 = 300.0;
/// The good workbooks: one ward's 40 for this period, and the clerk fixtures read right.
const PERIOD: Period = Period::Year { year: 2027 };
const GOOD_FIXTURES: [&str; 9] = [
    "01_baseline_openpyxl_BXD.xlsx",
    "02_date1904_mac_BXD.xlsx",
    "16_tcvn3_vntime_narrative_BXD.xlsx",
    "25b_sheet_renamed_trailing_space_BXD.xlsx",
    "30_vni_narrative_BXD.xlsx",
    "31_word_line_break_BXD.xlsx",
    "33_percent_in_a_count_BXD.ods",
    "34_stray_note_far_below_BXD.ods",
    "emoji-2028-H1_PKT.xlsx",
];
/// Hostile files by the start of their name, and the finding each must get.
const HOSTILE: [(&str, &str); 9] = [
    ("bomb", "too-large"),
    ("shared", "too-large"),
    ("sparse", "too-large"),
    ("random", "not-a-workbook"),
    ("fifo", "not-a-file"),
    ("zero", "not-a-file"),
    ("password-ods", "password"),
    ("password-xls", "password"),
    ("iv65536", "oversized-sheet"),
];

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        std::process::exit(if child(Path::new(&dir)) { 0 } else { 1 });
    }
    println!("== Hostile folder: good workbooks and hostile files, one ingest ==");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("thu-ve");
    std::fs::create_dir_all(&dir).expect("dir");
    let t = Instant::now();
    make_folder(&dir);
    println!("   (folder made in {:.1} s)", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let out = std::process::Command::new(std::env::current_exe().expect("exe"))
        .env(CHILD_ENV, &dir)
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let peak: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("child peak MB "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::INFINITY);
    println!(
        "   ingest of the folder: {:.1} s; peak memory {peak:.0} MB (budget {PEAK_MB:.0} MB)",
        t.elapsed().as_secs_f64()
    );
    if !out.status.success() || peak > PEAK_MB {
        println!("MISSED: hostile folder");
        std::process::exit(1);
    }
    println!("all checks met");
}

/// Good workbooks and hostile files side by side.
fn make_folder(dir: &Path) {
    let p = Programme::load(Path::new("seeds")).expect("seeds");
    for f in sample::files(&p)
        .into_iter()
        .filter(|f| f.period == PERIOD && !f.name.contains("ban-sua"))
    {
        let bytes = sample::workbook(&p, &f, &BTreeMap::new(), "Kỳ trước".into()).expect("wb");
        std::fs::write(dir.join(format!("good-{}", f.name)), bytes).expect("write");
    }
    let clerk = Path::new("tests/fixtures/clerk");
    for name in GOOD_FIXTURES {
        std::fs::copy(clerk.join(name), dir.join(format!("good-{name}"))).expect("fixture");
    }
    std::fs::copy(
        clerk.join("35_password_BXD.ods"),
        dir.join("password-ods.ods"),
    )
    .expect("ods");
    std::fs::copy(
        clerk.join("36_password_BXD.xls"),
        dir.join("password-xls.xls"),
    )
    .expect("xls");
    std::fs::write(dir.join("bomb-1GB.xlsx"), hostile::zip_bomb(1024)).expect("bomb");
    std::fs::write(dir.join("shared-320k.xlsx"), hostile::shared_string_sheet()).expect("ss");
    // 20 copies of the 17 KB .xls with a cell at IV65536, each made distinct by a changed
    // byte in its unused tail, so each is read (and costs what it costs) rather than skipped.
    let xls = std::fs::read(clerk.join("23b_stray_cell_IV65536_BXD.xls")).expect("xls");
    for i in 0..20u8 {
        let mut b = xls.clone();
        let at = b.len() - 1;
        b[at] = i;
        std::fs::write(dir.join(format!("iv65536-{i}.xls")), b).expect("xls");
    }
    let sparse = std::fs::File::create(dir.join("sparse-3GB.xlsx")).expect("sparse");
    sparse.set_len(3 << 30).expect("sparse size");
    let random: Vec<u8> = (0..100_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.join("random.xlsx"), random).expect("random");
    #[cfg(unix)]
    {
        let _ = std::process::Command::new("mkfifo")
            .arg(dir.join("fifo.xlsx"))
            .status();
        let _ = std::os::unix::fs::symlink("/dev/zero", dir.join("zero.xlsx"));
        let _ = std::os::unix::fs::symlink(".", dir.join("loop"));
        let _ = std::os::unix::fs::symlink("..", dir.join("loop-up"));
    }
}

/// The child: ingests the folder in one run and checks each file's outcome.
fn child(dir: &Path) -> bool {
    let p = Programme::load(Path::new("seeds")).expect("seeds");
    let mut ledger = Ledger::memory().expect("ledger");
    let files = shell::collect_files(&[dir.to_path_buf()]).expect("files");
    let now = NaiveDate::from_ymd_opt(2027, 12, 18)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("date");
    let opts = shell::IngestOptions {
        expect: Expect::default(),
        received: shell::Received::Today(now.date()),
        now,
        strict: false,
        progress: false,
    };
    let outcomes = shell::ingest(&p, &mut ledger, &files, &opts).expect("ingest");
    let mut ok = true;
    let (mut good, mut hostile) = (0, 0);
    for o in &outcomes {
        let name = o.file.rsplit('/').next().unwrap_or("");
        let want = HOSTILE
            .iter()
            .find(|(h, _)| name.starts_with(h))
            .map(|h| h.1);
        let fine = match (want, &o.recorded) {
            (None, Recorded::Accepted { .. }) => name.starts_with("good-"),
            // A far cell is skipped with a warning and the form's figures land.
            (Some("oversized-sheet"), Recorded::Accepted { .. }) => {
                o.findings.iter().any(|f| f.code == "oversized-sheet")
            }
            (Some(code), Recorded::Rejected) => o.findings.iter().any(|f| f.code == code),
            _ => false,
        };
        match want {
            Some(_) => hostile += 1,
            None => good += 1,
        }
        if !fine {
            ok = false;
            println!(
                "   UNEXPECTED: {} {:?} {:?}",
                o.file,
                o.recorded,
                o.findings.first()
            );
        }
    }
    println!(
        "   {} files: {good} good (all landed: {}), {hostile} hostile (each with its finding: {})",
        outcomes.len(),
        if ok { "yes" } else { "NO" },
        if ok { "yes" } else { "NO" },
    );
    println!("child peak MB {:.0}", peak_mb());
    ok && hostile == 28
}
