//! `cargo bench`: what a user waits for, timed from outside: the `baocao` binary started fresh
//! each run (process start, seeds and fonts loaded, workbooks read from disk into a SQLite
//! file, consolidation with the earlier periods' figures, DOCX + PDF + office workbook written
//! atomically), the median of several runs (`BAOCAO_BENCH_RUNS`, default 5). A run that fails
//! or rejects a workbook fails the bench, whatever its time. Then where the time goes, in
//! process. A bench binary (no harness): it prints a table and exits non-zero if a budget is
//! missed.
//!
//! Sizes (the README's): one ward (the 2028-H1 sample, 39 workbooks, with the six earlier
//! periods in the ledger); cities of 10, 40 and 120 wards (400, 1,600 and 4,800 workbooks on
//! disk, one `baocao ingest`); long reports of about 50, 100 and 200 pages. The folder of
//! hostile files beside good ones is its own bench, `benches/hostile.rs`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use baocao::intake::sample;
use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::render::document::{Align, Appendix, Block, Cell, Document, Level, Run, Table};
use baocao::render::markup::Templates;
use baocao::render::profile::{Profile, ProfileKind, Profiles};
use baocao::render::{docx, pdf};
use baocao::report::consolidate::{self, Inputs};
use baocao::report::{self, Options};
use baocao::shell;
use baocao::shell::ledger::Ledger;
use chrono::NaiveDate;

/// The period of the cities' workbooks.
const PERIOD: Period = Period::Year { year: 2027 };

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
            })
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// The 40 workbooks of one ward for the benchmark period; `ward` makes each ward's files
/// distinct (content hashes differ), as they are in a real city.
/// A workbook in memory: its name and bytes.
type Book = (String, Vec<u8>);

fn ward_workbooks(p: &Programme, ward: usize) -> Vec<Book> {
    sample::files(p)
        .into_iter()
        .filter(|f| f.period == PERIOD && !f.name.contains("ban-sua"))
        .map(|mut f| {
            f.content.narrative.prepared_by = format!("Phường số {ward}");
            let bytes =
                sample::workbook(p, &f, &BTreeMap::new(), "Kỳ trước".into()).expect("workbook");
            (format!("w{ward}/{}", f.name), bytes)
        })
        .collect()
}

/// A long report: `pages` pages, more or less, of body text and landscape tables.
fn long_document(base: &Document, pages: usize) -> Document {
    let mut d = base.clone();
    d.body.clear();
    d.appendices.clear();
    let para = "Tiếp tục quán triệt, cụ thể hóa và tổ chức thực hiện đồng bộ các nhiệm vụ, giải pháp của Chương trình theo nguyên tắc “5 rõ”: rõ người, rõ việc, rõ kết quả, rõ thời gian, rõ trách nhiệm; thu ngân sách đạt 20.110,5 triệu đồng, tăng 8,7% so với cùng kỳ.";
    for section in 0..pages * 9 / 10 {
        d.body.push(Block::Heading {
            level: Level::Section,
            runs: vec![Run::plain(format!("{}. Nội dung {section}", section + 1))],
        });
        for _ in 0..5 {
            d.body.push(Block::Paragraph {
                runs: vec![Run::plain(para)],
                align: Align::Justify,
                indent: true,
            });
        }
    }
    let cell = |t: String| Cell {
        runs: vec![Run::plain(t)],
        align: Align::Left,
        colspan: 1,
        rowspan: 1,
    };
    let mut rows = vec![vec![
        cell("STT".into()),
        cell("Chỉ tiêu".into()),
        cell("Thực hiện".into()),
        cell("Đánh giá".into()),
    ]];
    for i in 0..pages * 12 {
        rows.push(vec![
            cell(i.to_string()),
            cell(format!("Chỉ tiêu số {i} của Chương trình hành động")),
            cell("96,5%".into()),
            cell("Đạt".into()),
        ]);
    }
    d.appendices.push(Appendix {
        title: "Bảng số liệu".into(),
        landscape: true,
        blocks: vec![Block::Table(Table {
            widths: vec![1.0, 8.0, 2.0, 2.0],
            header_rows: 1,
            rows,
        })],
    });
    d
}

/// How many times each timed step runs (`BAOCAO_BENCH_RUNS`, default 5); the median counts.
fn runs() -> usize {
    std::env::var("BAOCAO_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The program as a user runs it.
const BIN: &str = env!("CARGO_BIN_EXE_baocao");

/// One run of the program: wall time from process start to exit, peak memory in MB (from
/// `/usr/bin/time` when the machine has it) and whether it exited successfully.
struct Ran {
    took: Duration,
    peak_mb: Option<f64>,
    ok: bool,
    stderr: String,
}

fn run_program(args: &[&OsStr]) -> Ran {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "maxrss %M"]).arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    let t = Instant::now();
    let out = cmd.output().expect("run baocao");
    let took = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let peak_mb = stderr
        .lines()
        .find_map(|l| l.strip_prefix("maxrss "))
        .and_then(|k| k.trim().parse::<f64>().ok())
        .map(|k| k / 1024.0);
    Ran {
        took,
        peak_mb,
        ok: out.status.success(),
        stderr,
    }
}

/// Submissions recorded in a ledger file.
fn submissions(ledger: &Path) -> u32 {
    Ledger::open_existing(ledger)
        .and_then(|l| l.counts())
        .map_or(0, |(_, s)| s)
}

/// The budgets missed and the largest peak memory seen, as the timings are printed.
#[derive(Default)]
struct Checks {
    missed: Vec<String>,
    peak_mb: f64,
}

impl Checks {
    fn push(&mut self, what: &str, took: Duration, budget: Option<Duration>) {
        println!(
            "{:<66} {:>9.1} ms{}",
            what,
            took.as_secs_f64() * 1000.0,
            budget
                .map(|b| format!("   (budget {} ms)", b.as_millis()))
                .unwrap_or_default()
        );
        if budget.is_some_and(|b| took > b) {
            self.missed.push(what.into());
        }
    }
    /// A run that failed or rejected files is never fast: it fails the bench.
    fn require(&mut self, ran: &Ran, what: &str, fine: bool) {
        self.peak_mb = self.peak_mb.max(ran.peak_mb.unwrap_or(0.0));
        if !(ran.ok && fine) {
            println!("   FAILED: {what}\n{}", ran.stderr);
            self.missed
                .push(format!("{what} (failed or rejected files)"));
        }
    }
}

const WARD_PERIOD: &str = "2028-H1";
/// The periods before 2028-H1 the report compares with (same period last year, the years).
const EARLIER: [&str; 6] = ["2025-H1", "2025", "2026-H1", "2026", "2027-H1", "2027"];

/// The sample ward's report as a user makes it: `baocao report --inputs inputs/2028-H1` in a
/// fresh process on a ledger file that holds the earlier periods; the 39 workbooks are read
/// from disk into SQLite, consolidated with the earlier periods' figures, and the DOCX, PDF and
/// office workbook written atomically. Returns the median of the report alone (for the
/// comparison with LibreOffice) and the ledger it left.
fn ward_cycle(tmp: &Path, checks: &mut Checks) -> (Duration, PathBuf, PathBuf) {
    let runs = runs();
    let inputs = Path::new("inputs");
    let base = tmp.join("ward-base.sqlite");
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("--ledger"),
        base.as_os_str(),
        OsStr::new("ingest"),
    ];
    let dirs: Vec<PathBuf> = EARLIER.iter().map(|p| inputs.join(p)).collect();
    args.extend(dirs.iter().map(|d| d.as_os_str()));
    args.extend([OsStr::new("--received"), OsStr::new("report-date")]);
    let setup = run_program(&args);
    checks.require(&setup, "ingest of the earlier periods", true);
    let folder = inputs.join(WARD_PERIOD);
    let files = std::fs::read_dir(&folder).map_or(0, |d| d.count()) as u32;
    let before = submissions(&base);
    let (mut whole, mut ingest, mut report) = (Vec::new(), Vec::new(), Vec::new());
    let mut ledger = base.clone();
    let mut out = tmp.to_path_buf();
    for i in 0..runs {
        ledger = tmp.join(format!("ward-{i}.sqlite"));
        out = tmp.join(format!("ward-out-{i}"));
        std::fs::copy(&base, &ledger).expect("copy ledger");
        let ran = run_program(&[
            OsStr::new("--ledger"),
            ledger.as_os_str(),
            OsStr::new("report"),
            OsStr::new("--inputs"),
            folder.as_os_str(),
            OsStr::new("--period"),
            OsStr::new(WARD_PERIOD),
            OsStr::new("--out"),
            out.as_os_str(),
        ]);
        let landed = submissions(&ledger) - before == files;
        let written = [
            "bao-cao-2028-H1-dang.docx",
            "bao-cao-2028-H1-dang.pdf",
            "tong-hop-2028-H1.xlsx",
        ]
        .iter()
        .all(|f| out.join(f).is_file());
        checks.require(&ran, "ward report cycle", landed && written);
        whole.push(ran.took);
        // The same, in two commands: ingest as files arrive, then the report.
        let split = tmp.join(format!("ward-split-{i}.sqlite"));
        std::fs::copy(&base, &split).expect("copy ledger");
        let ran = run_program(&[
            OsStr::new("--ledger"),
            split.as_os_str(),
            OsStr::new("ingest"),
            folder.as_os_str(),
            OsStr::new("--received"),
            OsStr::new("report-date"),
        ]);
        checks.require(&ran, "ward ingest", submissions(&split) - before == files);
        ingest.push(ran.took);
        let ran = run_program(&[
            OsStr::new("--ledger"),
            split.as_os_str(),
            OsStr::new("report"),
            OsStr::new("--period"),
            OsStr::new(WARD_PERIOD),
            OsStr::new("--out"),
            tmp.join(format!("ward-split-out-{i}")).as_os_str(),
        ]);
        checks.require(&ran, "ward report", true);
        report.push(ran.took);
    }
    checks.push(
        &format!("`baocao ingest` of {files} workbooks (process, disk, SQLite)"),
        median(ingest),
        None,
    );
    let report = median(report);
    checks.push(
        "`baocao report`: consolidation, DOCX + PDF + workbook, writes",
        report,
        None,
    );
    checks.push(
        &format!("ward cycle: `baocao report --inputs` ({files} workbooks → 3 files)"),
        median(whole),
        Some(Duration::from_millis(600)),
    );
    (report, ledger, out.join("bao-cao-2028-H1-dang.docx"))
}

/// LibreOffice converting the ward report's DOCX to PDF (median), when it is installed.
fn libreoffice(docx: &Path, tmp: &Path) -> Option<Duration> {
    let mut took = Vec::new();
    for _ in 0..runs().min(3) {
        let t = Instant::now();
        let status = Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(tmp.join("soffice"))
            .arg(docx)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(())?;
        took.push(t.elapsed());
    }
    Some(median(took))
}

/// The stages of the ward report, in this process: where the time goes.
fn ward_stages(p: &Programme, ledger: &Path, checks: &mut Checks) {
    let profiles = Profiles::load(Path::new("templates/profiles.toml")).expect("profiles");
    let profile = profiles.get(ProfileKind::Dang);
    let templates = Templates::load(Path::new("templates")).expect("templates");
    let period: Period = WARD_PERIOD.parse().expect("period");
    let opts = Options {
        profile: ProfileKind::Dang,
        number: None,
        date: shell::default_report_date(p, period),
        open_date: false,
        draft: false,
    };
    let ledger = Ledger::open_existing(ledger).expect("ledger");
    let t = Instant::now();
    pdf::warm_up();
    checks.push(
        "  typst start-up: standard library, fonts",
        t.elapsed(),
        None,
    );
    let t = Instant::now();
    let c = shell::consolidate(p, &ledger, period, opts.date).expect("consolidate");
    checks.push(
        "  consolidation (ledger look-ups included)",
        t.elapsed(),
        None,
    );
    let t = Instant::now();
    let doc = report::draft(p, &c, &templates, profile, &opts).expect("draft");
    checks.push("  drafting (templates → document model)", t.elapsed(), None);
    let t = Instant::now();
    let _ = docx::render(&doc, profile).expect("docx");
    checks.push("  DOCX", t.elapsed(), None);
    pdf_stages(&doc, profile, "  PDF", checks);
    let t = Instant::now();
    let tracking = baocao::report::tracking::tracking(p, &c, &[], opts.profile);
    let _ = baocao::report::export::consolidated(
        &c,
        &report::context(p, &c, &opts),
        &tracking,
        "tong-hop",
    )
    .expect("workbook");
    checks.push("  office workbook", t.elapsed(), None);
}

/// The PDF's three stages: typst source, layout (shaping, line and page breaking, tables),
/// export (fonts subset, streams compressed, PDF/A tags).
fn pdf_stages(doc: &Document, profile: &Profile, what: &str, checks: &mut Checks) {
    let t = Instant::now();
    let code = pdf::to_typst(doc, profile);
    checks.push(&format!("{what}: typst source"), t.elapsed(), None);
    let t = Instant::now();
    let paged = pdf::typeset(&code).expect("layout");
    checks.push(&format!("{what}: layout"), t.elapsed(), None);
    let t = Instant::now();
    let _ = pdf::export(&paged, &code).expect("export");
    checks.push(&format!("{what}: export"), t.elapsed(), None);
}

/// Cities of 10, 40 and 120 wards: their workbooks on disk, read by one `baocao ingest` into
/// one ledger file. Returns the slowest rate in workbooks per second.
fn cities(p: &Programme, tmp: &Path, checks: &mut Checks) -> f64 {
    let mut slowest = f64::MAX;
    for wards in [10, 40, 120] {
        let dir = tmp.join(format!("city-{wards}"));
        let t = Instant::now();
        let n = write_city(p, &dir, wards);
        checks.push(
            &format!("{wards} wards: generate {n} workbooks"),
            t.elapsed(),
            None,
        );
        let mut took = Vec::new();
        for i in 0..runs().min(3) {
            let ledger = tmp.join(format!("city-{wards}-{i}.sqlite"));
            let ran = run_program(&[
                OsStr::new("--ledger"),
                ledger.as_os_str(),
                OsStr::new("ingest"),
                dir.as_os_str(),
                OsStr::new("--received"),
                OsStr::new("report-date"),
            ]);
            checks.require(
                &ran,
                &format!("{wards} wards ingest"),
                submissions(&ledger) == n as u32,
            );
            took.push(ran.took);
            let _ = std::fs::remove_file(&ledger);
        }
        let took = median(took);
        let budget = (wards == 120).then(|| Duration::from_secs(20));
        checks.push(
            &format!("{wards} wards: `baocao ingest` of {n} workbooks"),
            took,
            budget,
        );
        let rate = n as f64 / took.as_secs_f64();
        println!("   {rate:.0} workbooks/s");
        slowest = slowest.min(rate);
        let _ = std::fs::remove_dir_all(&dir);
    }
    slowest
}

/// Writes the workbooks of `wards` wards into `dir` (over all cores); returns how many.
fn write_city(p: &Programme, dir: &Path, wards: usize) -> usize {
    std::fs::create_dir_all(dir).expect("city dir");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|k| {
                s.spawn(move || {
                    let mut n = 0;
                    for w in (0..wards).filter(|w| w % threads == k) {
                        for (name, bytes) in ward_workbooks(p, w) {
                            std::fs::write(dir.join(name.replace('/', "_")), bytes)
                                .expect("write workbook");
                            n += 1;
                        }
                    }
                    n
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// Long reports: DOCX and PDF rendered side by side, as `baocao report` does.
fn long_reports(base: &Document, profile: &Profile, checks: &mut Checks) {
    for pages in [50, 100, 200] {
        let d = long_document(base, pages);
        let counted = pdf::placed_text(&d, profile).map_or(0, |l| l.pages.len());
        let mut took = Vec::new();
        for _ in 0..runs().min(3) {
            let t = Instant::now();
            std::thread::scope(|s| {
                let w = s.spawn(|| docx::render(&d, profile).expect("docx"));
                let _ = pdf::render(&d, profile).expect("pdf");
                let _ = w.join();
            });
            took.push(t.elapsed());
        }
        let budget = (pages == 200).then(|| Duration::from_secs(1));
        checks.push(
            &format!("{counted}-page report: DOCX ∥ PDF"),
            median(took),
            budget,
        );
        if pages == 200 {
            let t = Instant::now();
            let _ = docx::render(&d, profile).expect("docx");
            checks.push("  DOCX alone", t.elapsed(), None);
            pdf_stages(&d, profile, "  PDF", checks);
            // Prose and tables apart: which costs what per page.
            let mut prose = d.clone();
            prose.appendices.clear();
            let mut tables = d.clone();
            tables.body.truncate(1);
            for (what, doc) in [("prose only", &prose), ("table only", &tables)] {
                let n = pdf::placed_text(doc, profile).map_or(0, |l| l.pages.len());
                let code = pdf::to_typst(doc, profile);
                let t = Instant::now();
                let _ = pdf::typeset(&code).expect("layout");
                let took = t.elapsed();
                checks.push(&format!("  layout, {what}: {n} pages"), took, None);
                println!(
                    "   {:.1} ms per page",
                    took.as_secs_f64() * 1000.0 / n.max(1) as f64
                );
            }
        }
    }
}

fn main() {
    let mut checks = Checks::default();
    let tmp = tempfile::tempdir().expect("temp dir");
    let p = Programme::load(Path::new("seeds")).expect("seeds");

    println!(
        "\n== The ward's report as a user waits for it (a fresh `baocao` process each run, median of {}) ==",
        runs()
    );
    let (report_took, ledger, docx_file) = ward_cycle(tmp.path(), &mut checks);
    if let Some(office) = libreoffice(&docx_file, tmp.path()) {
        checks.push(
            "LibreOffice: `soffice --convert-to pdf` of the same DOCX",
            office,
            None,
        );
        let ratio = office.as_secs_f64() / report_took.as_secs_f64();
        println!(
            "   `baocao report` is {ratio:.1}× faster than LibreOffice's conversion (goal ≥ 15×)"
        );
        if ratio < 15.0 {
            checks.missed.push("≥ 15× LibreOffice".into());
        }
    }
    println!("\n== Where the ward report's time goes (in process) ==");
    ward_stages(&p, &ledger, &mut checks);

    println!("\n== Cities: `baocao ingest` of every ward's workbooks into one ledger file ==");
    let slowest = cities(&p, tmp.path(), &mut checks);
    println!("   slowest ingest rate {slowest:.0} workbooks/s (budget ≥ 300)");
    if slowest < 300.0 {
        checks.missed.push("ingest rate".into());
    }

    println!("\n== Long reports (in process) ==");
    let profiles = Profiles::load(Path::new("templates/profiles.toml")).expect("profiles");
    let profile = profiles.get(ProfileKind::Dang);
    let templates = Templates::load(Path::new("templates")).expect("templates");
    let opts = Options {
        profile: ProfileKind::Dang,
        number: Some(1),
        date: NaiveDate::from_ymd_opt(2027, 12, 20).unwrap(),
        open_date: false,
        draft: false,
    };
    let base = report_document(&p, &templates, profile, &opts);
    long_reports(&base, profile, &mut checks);

    let peak = checks.peak_mb.max(peak_mb());
    println!("\npeak memory (largest of the processes): {peak:.0} MB (budget 500 MB)");
    if peak > 500.0 {
        checks.missed.push("peak memory".into());
    }
    if checks.missed.is_empty() {
        println!("all budgets met");
    } else {
        println!("BUDGETS MISSED: {}", checks.missed.join(", "));
        std::process::exit(1);
    }
}

fn report_document(
    p: &Programme,
    templates: &Templates,
    profile: &baocao::render::profile::Profile,
    opts: &Options,
) -> Document {
    let c = consolidate::consolidate(p, PERIOD, opts.date, &Inputs::default());
    report::draft(p, &c, templates, profile, opts).expect("draft")
}
