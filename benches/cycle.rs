//! `cargo bench`: each stage of the cycle timed separately and end to end, at three sizes, with
//! peak memory, against the budgets of the benchmark issue. A bench binary (no harness): it
//! prints a table and exits non-zero if a budget is missed.
//!
//! Sizes: one ward (40 units, one period); cities of 10, 40 and 120 wards (400, 1,600 and
//! 4,800 workbooks: ingest plus consolidation); long reports of 50, 100 and 200 pages. The
//! folder of hostile files beside good ones is `benches/hostile.rs`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use baocao::intake::ingest::{self, Expect};
use baocao::intake::sample;
use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::render::document::{Align, Appendix, Block, Cell, Document, Level, Run, Table};
use baocao::render::markup::Templates;
use baocao::render::profile::{ProfileKind, Profiles};
use baocao::render::{docx, pdf};
use baocao::report::consolidate::{self, Inputs};
use baocao::report::{self, Options};
use baocao::shell;
use baocao::shell::ledger::Ledger;
use chrono::NaiveDate;

const PERIOD: Period = Period::Year { year: 2027 };

struct Check {
    what: String,
    took: Duration,
    budget: Option<Duration>,
}

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

/// Reads, checks and records `files` into `ledger`: the ingest stage without the disk.
fn ingest_all(p: &Programme, ledger: &mut Ledger, files: &[Book]) {
    let at = NaiveDate::from_ymd_opt(2027, 12, 18).unwrap();
    let none = |_: &str, _: Period| BTreeMap::new();
    for (name, bytes) in files {
        let hash = shell::sha256(bytes);
        let parsed = ingest::read_book(name, bytes)
            .map_err(|f| vec![*f])
            .and_then(|(book, _)| ingest::interpret(p, name, &book, &Expect::default(), &none));
        ledger
            .record(
                &hash,
                name,
                at,
                at.and_hms_opt(8, 0, 0).unwrap(),
                parsed.as_ref().map_err(|f| f.as_slice()),
            )
            .expect("record");
    }
}

fn consolidate_ward(p: &Programme, ledger: &Ledger) -> consolidate::Consolidated {
    let mut inputs = Inputs::default();
    for q in consolidate::periods_needed(p, PERIOD) {
        inputs
            .by_period
            .insert(q, ledger.latest(q).expect("latest"));
    }
    consolidate::consolidate(
        p,
        PERIOD,
        NaiveDate::from_ymd_opt(2027, 12, 20).unwrap(),
        &inputs,
    )
}

/// A city: `wards` wards' workbooks ingested into one ledger each (over all cores), every ward
/// consolidated. Returns (generation time, ingest+consolidation time).
fn city(p: &Programme, wards: usize) -> (Duration, Duration, usize) {
    let t = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let books: Vec<Vec<Book>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|k| {
                s.spawn(move || {
                    (0..wards)
                        .filter(|w| w % threads == k)
                        .map(|w| ward_workbooks(p, w))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let generation = t.elapsed();
    let count = books.iter().map(Vec::len).sum();
    let t = Instant::now();
    std::thread::scope(|s| {
        let chunks: Vec<&[Vec<Book>]> = books.chunks(wards.div_ceil(threads)).collect();
        for chunk in chunks {
            s.spawn(move || {
                for ward in chunk {
                    let mut ledger = Ledger::memory().unwrap();
                    ingest_all(p, &mut ledger, ward);
                    let c = consolidate_ward(p, &ledger);
                    assert_eq!(c.units.len(), 40);
                }
            });
        }
    });
    (generation, t.elapsed(), count)
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

fn main() {
    let mut checks: Vec<Check> = Vec::new();
    let mut push = |what: &str, took: Duration, budget: Option<Duration>| {
        println!(
            "{:<58} {:>10.1} ms{}",
            what,
            took.as_secs_f64() * 1000.0,
            budget
                .map(|b| format!("   (budget {} ms)", b.as_millis()))
                .unwrap_or_default()
        );
        checks.push(Check {
            what: what.into(),
            took,
            budget,
        });
    };
    let p = Programme::load(std::path::Path::new("seeds")).expect("seeds");
    let profiles =
        Profiles::load(std::path::Path::new("templates/profiles.toml")).expect("profiles");
    let profile = profiles.get(ProfileKind::Dang);
    let templates = Templates::load(std::path::Path::new("templates")).expect("templates");
    let opts = Options {
        profile: ProfileKind::Dang,
        number: Some(1),
        date: NaiveDate::from_ymd_opt(2027, 12, 20).unwrap(),
        open_date: false,
        draft: false,
    };
    // Warm the typesetter (fonts parsed once per process) outside the timings.
    let _ = pdf::render(
        &long_document(
            &Document {
                ..report_document(&p, &templates, profile, &opts)
            },
            2,
        ),
        profile,
    );

    println!("== One ward: 40 units, one period ==");
    let t_all = Instant::now();
    let t = Instant::now();
    let books = ward_workbooks(&p, 0);
    push("workbook generation (40 workbooks)", t.elapsed(), None);
    let t = Instant::now();
    let mut ledger = Ledger::memory().unwrap();
    ingest_all(&p, &mut ledger, &books);
    push(
        "ingestion into the ledger (40 workbooks)",
        t.elapsed(),
        None,
    );
    let t = Instant::now();
    let c = consolidate_ward(&p, &ledger);
    push("consolidation", t.elapsed(), None);
    let t = Instant::now();
    let doc = report::draft(&p, &c, &templates, profile, &opts).expect("draft");
    push(
        "report drafting (templates → document model)",
        t.elapsed(),
        None,
    );
    let t = Instant::now();
    let d = docx::render(&doc, profile).expect("docx");
    push("DOCX", t.elapsed(), None);
    let t = Instant::now();
    let f = pdf::render(&doc, profile).expect("pdf");
    push("PDF", t.elapsed(), None);
    push(
        "ward cycle end to end, generation included",
        t_all.elapsed(),
        None,
    );
    println!("   peak memory so far {:.0} MB", peak_mb());
    let t = Instant::now();
    let mut ledger = Ledger::memory().unwrap();
    ingest_all(&p, &mut ledger, &books);
    let c = consolidate_ward(&p, &ledger);
    let doc = report::draft(&p, &c, &templates, profile, &opts).expect("draft");
    let _ = docx::render(&doc, profile).expect("docx");
    let _ = pdf::render(&doc, profile).expect("pdf");
    push(
        "ward cycle: 40 workbooks → DOCX + PDF",
        t.elapsed(),
        Some(Duration::from_millis(250)),
    );
    println!("   ({} KB DOCX, {} KB PDF)", d.len() / 1024, f.len() / 1024);

    println!("\n== Cities: ingest plus consolidation ==");
    let mut rates = Vec::new();
    for wards in [10, 40, 120] {
        let (generation, took, n) = city(&p, wards);
        push(
            &format!("{wards} wards: generate {n} workbooks"),
            generation,
            None,
        );
        let budget = (wards == 120).then(|| Duration::from_secs(20));
        push(
            &format!("{wards} wards: ingest + consolidate {n} workbooks"),
            took,
            budget,
        );
        let rate = n as f64 / took.as_secs_f64();
        println!(
            "   {rate:.0} workbooks/s; {:.3} ms per workbook",
            took.as_secs_f64() * 1000.0 / n as f64
        );
        rates.push((n, rate));
    }
    println!("   peak memory so far {:.0} MB", peak_mb());
    let slowest = rates.iter().map(|r| r.1).fold(f64::MAX, f64::min);
    println!("   slowest ingest rate {slowest:.0} workbooks/s (budget ≥ 300)");

    println!("\n== Long reports ==");
    let base = report_document(&p, &templates, profile, &opts);
    for pages in [50, 100, 200] {
        let d = long_document(&base, pages);
        let counted = pdf::placed_text(&d, profile)
            .map(|l| l.pages.len())
            .unwrap_or(0);
        let t = Instant::now();
        let _ = docx::render(&d, profile).expect("docx");
        let _ = pdf::render(&d, profile).expect("pdf");
        let budget = (pages == 200).then(|| Duration::from_secs(2));
        push(
            &format!("{counted}-page report: DOCX + PDF"),
            t.elapsed(),
            budget,
        );
    }

    let peak = peak_mb();
    println!("\npeak memory (VmHWM): {peak:.0} MB (budget 500 MB)");
    let mut missed: Vec<String> = checks
        .iter()
        .filter(|c| c.budget.is_some_and(|b| c.took > b))
        .map(|c| c.what.clone())
        .collect();
    if slowest < 300.0 {
        missed.push("ingest rate".into());
    }
    if peak > 500.0 {
        missed.push("peak memory".into());
    }
    if missed.is_empty() {
        println!("all budgets met");
    } else {
        println!("BUDGETS MISSED: {}", missed.join(", "));
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
