//! The imperative shell: files, the ledger, the clock and the terminal, around the pure core.
//! `main.rs` parses the command line and calls these; tests and benchmarks call them too.

pub mod desk;
pub mod ledger;
pub mod table;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use crate::intake::ingest::{self, Expect, Finding, Parsed, Severity};
use crate::intake::workbook;
use crate::model::period::Period;
use crate::model::programme::Programme;
use crate::model::submission::Value;
use crate::render::markup::Templates;
use crate::render::profile::{ProfileKind, Profiles};
use crate::report::consolidate::{self, Consolidated, Inputs};
use crate::report::{self, Options};
use crate::shell::ledger::{Ledger, Provenance, Receipt, Recorded};

/// Where the project's files are.
#[derive(Debug, Clone)]
pub struct Paths {
    pub seeds: PathBuf,
    pub templates: PathBuf,
    pub ledger: PathBuf,
}

impl Paths {
    pub fn programme(&self) -> Result<Programme> {
        Programme::load(&self.seeds).map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename: a failed
/// run never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_set(&[(path, bytes)])
}

/// Writes files that belong together (a report's DOCX, PDF and workbook) as a set, in one
/// folder. Every file is first written and synced into a staging folder
/// `.baocao-set.<pid>.tmp`, then a `READY` mark is written, then the files are renamed into
/// place one by one and the staging folder removed. A run killed before the mark leaves the
/// previous set whole; one killed between the renames leaves a marked staging folder, which
/// the next write into the folder finishes (the rest of the set renamed into place) before it
/// writes its own. Temporary files of runs that were killed are removed.
pub fn write_set(files: &[(&Path, &[u8])]) -> Result<()> {
    let Some((first, _)) = files.first() else {
        return Ok(());
    };
    let dir = first
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if files.iter().any(|(p, _)| {
        p.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            != dir
    }) {
        bail!("các tệp của một bộ phải nằm trong cùng một thư mục");
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
    recover_sets(dir);
    let stage = dir.join(format!(".baocao-set.{}.tmp", std::process::id()));
    let result = stage_set(&stage, files).and_then(|()| publish(&stage, dir));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&stage);
    }
    result
}

/// Writes the files into `stage` (synced), then the `READY` mark.
fn stage_set(stage: &Path, files: &[(&Path, &[u8])]) -> Result<()> {
    let _ = std::fs::remove_dir_all(stage);
    std::fs::create_dir_all(stage)
        .with_context(|| format!("không tạo được thư mục tạm {}", stage.display()))?;
    for (path, bytes) in files {
        let name = path
            .file_name()
            .with_context(|| format!("tên tệp không hợp lệ: {}", path.display()))?;
        let mut f = std::fs::File::create(stage.join(name))
            .with_context(|| format!("không ghi được {}", path.display()))?;
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .with_context(|| format!("không ghi được {}", path.display()))?;
    }
    std::fs::File::create(stage.join(READY))
        .and_then(|f| f.sync_all())
        .with_context(|| format!("không ghi được {}", stage.display()))
}

/// The mark that a staging folder holds a whole set, ready to be renamed into place.
const READY: &str = "READY";

/// Renames every file of a marked staging folder into `dir`, then removes the folder.
fn publish(stage: &Path, dir: &Path) -> Result<()> {
    let mut names: Vec<_> = std::fs::read_dir(stage)
        .with_context(|| format!("không đọc được {}", stage.display()))?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| n != READY)
        .collect();
    names.sort();
    for n in names {
        let to = dir.join(&n);
        std::fs::rename(stage.join(&n), &to)
            .with_context(|| format!("không ghi được {}", to.display()))?;
    }
    std::fs::remove_dir_all(stage).with_context(|| format!("không xóa được {}", stage.display()))
}

/// Staging folders and temporary files left in `dir` by runs that no longer live: a marked
/// set is finished, anything else removed.
fn recover_sets(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(f) = file.to_str() else { continue };
        let Some(pid) = f
            .strip_suffix(".tmp")
            .and_then(|r| r.rsplit_once('.'))
            .filter(|(head, _)| head.starts_with('.'))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if alive {
            continue;
        }
        let path = e.path();
        if f.starts_with(".baocao-set.") && path.join(READY).is_file() {
            let _ = publish(&path, dir);
        } else if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The period whose values a unit's workbook shows for reference, and the values.
pub fn previous_values(
    p: &Programme,
    ledger: &Ledger,
    unit: &str,
    period: Period,
) -> Result<(String, BTreeMap<String, Value>)> {
    for q in reference_periods(period) {
        let v = ledger.values(unit, q)?;
        if !v.is_empty() {
            return Ok((format!("Kỳ trước ({})", q.name(&p.periods)), v));
        }
    }
    Ok(("Kỳ trước".into(), BTreeMap::new()))
}

/// Same period last year, then the year before.
fn reference_periods(period: Period) -> Vec<Period> {
    let mut out = Vec::new();
    if let Some(q) = period.same_period_last_year() {
        out.push(q);
    }
    match period {
        Period::HalfYear { year }
        | Period::Quarter { year, .. }
        | Period::Month { year, .. }
        | Period::NineMonths { year } => out.push(Period::Year { year: year - 1 }),
        Period::Year { year } => out.push(Period::HalfYear { year }),
        _ => {}
    }
    out
}

/// `baocao template`: one workbook per unit (or one unit) into `out`.
pub fn templates(
    paths: &Paths,
    period: Period,
    out: &Path,
    unit: Option<&str>,
    issued: NaiveDate,
) -> Result<Vec<PathBuf>> {
    let p = paths.programme()?;
    let ledger = Ledger::open(&paths.ledger)?;
    let mut written = Vec::new();
    for u in p
        .reporting_units()
        .filter(|u| unit.is_none_or(|c| c == u.code))
    {
        let bytes = unit_workbook(&p, &ledger, u, period, issued)?;
        let path = out.join(workbook::file_name(u, period));
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    if let Some(code) = unit
        && written.is_empty()
    {
        bail!("không có đơn vị báo cáo mã '{code}'");
    }
    Ok(written)
}

/// One unit's blank workbook for a period, with its previous values for reference.
pub fn unit_workbook(
    p: &Programme,
    ledger: &Ledger,
    u: &crate::model::programme::Unit,
    period: Period,
    issued: NaiveDate,
) -> Result<Vec<u8>> {
    let (label, previous) = previous_values(p, ledger, &u.code, period)?;
    Ok(workbook::generate(&workbook::Request {
        programme: p,
        unit: u,
        period,
        issued,
        previous: &previous,
        previous_label: label,
        answers: None,
        typed: &[],
        numbers_as_text: false,
    })?)
}

/// How the received date of a file is decided.
#[derive(Debug, Clone, Copy)]
pub enum Received {
    /// The day of the ingest (the clock, read once by the shell).
    Today(NaiveDate),
    /// As the office says (the date on the e-mail).
    On(NaiveDate),
    /// The report date the unit wrote in its workbook, else the fallback.
    ReportDate(NaiveDate),
}

/// One file's outcome.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileOutcome {
    pub file: String,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub recorded: Recorded,
    pub findings: Vec<Finding>,
}

/// Expands folders into the workbook files inside them (sorted, recursive). Symbolic links to
/// folders are followed once (a link back up never loops); a folder that cannot be read is
/// kept in the list, so that reading it gives its finding and the others go on. Which paths
/// are regular files is decided when they are read ([`ingest::load`]).
pub fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    collect_with(inputs, &|d| {
        std::fs::read_dir(d)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
    })
}

/// [`collect_files`] with the listing of a folder given (so a test can make one fail).
fn collect_with(
    inputs: &[PathBuf],
    list: &dyn Fn(&Path) -> std::io::Result<Vec<PathBuf>>,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in inputs {
        if !i.is_dir() {
            out.push(i.clone());
            continue;
        }
        let mut stack = vec![i.clone()];
        while let Some(d) = stack.pop() {
            let Ok(real) = std::fs::canonicalize(&d) else {
                out.push(d);
                continue;
            };
            if !seen.insert(real) {
                continue;
            }
            let Ok(mut entries) = list(&d) else {
                out.push(d);
                continue;
            };
            entries.sort();
            for e in entries {
                if e.is_dir() {
                    stack.push(e);
                } else if is_workbook_name(&e) {
                    out.push(e);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn is_workbook_name(p: &Path) -> bool {
    let hidden = p
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"));
    !hidden
        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
            )
        })
}

/// How an ingest run treats its files.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub expect: Expect,
    pub received: Received,
    /// The moment of the run (read once from the clock by `main`).
    pub now: NaiveDateTime,
    /// Refuse whole files that have any error.
    pub strict: bool,
    /// Show a progress bar when standard error is a terminal.
    pub progress: bool,
}

/// A file read from disk: its position, name, content hash and what the reader made of it.
type ReadFile = (
    usize,
    String,
    String,
    Result<(ingest::Book, Vec<Finding>), Box<Finding>>,
);

/// `baocao ingest`: reads the files in parallel, then records each in its own transaction.
/// One broken file never stops the others.
pub fn ingest(
    p: &Programme,
    ledger: &mut Ledger,
    files: &[PathBuf],
    opts: &IngestOptions,
) -> Result<Vec<FileOutcome>> {
    let IngestOptions {
        expect,
        received,
        now,
        strict,
        progress,
    } = opts.clone();
    let bar = (progress && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} tệp {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    // Files are read in batches, so that however many and however large they are, only a
    // batch of books is in memory at once (each bounded by the reader's budgets).
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let mut outcomes = Vec::new();
    let run = record_files(
        p,
        ledger,
        files,
        (expect, received, now, strict),
        threads,
        bar.as_ref(),
        &mut outcomes,
    );
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match run {
        Ok(()) => Ok(outcomes),
        Err(e) => Err(e.context(aborted(&outcomes))),
    }
}

/// What an aborted ingest had already done: the files it had recorded (each in its own
/// committed transaction, so they stay in the ledger) and those it had refused.
fn aborted(outcomes: &[FileOutcome]) -> String {
    let names = |keep: &dyn Fn(&Recorded) -> bool| {
        let v: Vec<&str> = outcomes
            .iter()
            .filter(|o| keep(&o.recorded))
            .map(|o| o.file.as_str())
            .collect();
        if v.is_empty() {
            "không có".to_string()
        } else {
            v.join(", ")
        }
    };
    format!(
        "việc nhập dừng giữa chừng; đã ghi vào sổ trước khi dừng: {}; đã có sẵn hoặc bị từ chối: {}; các tệp còn lại chưa được nhập, chạy lại lệnh để nhập tiếp",
        names(&|r| matches!(r, Recorded::Accepted { .. })),
        names(&|r| !matches!(r, Recorded::Accepted { .. })),
    )
}

/// Records the files in batches, pushing each one's outcome as soon as its transaction is
/// committed, so an error midway leaves `outcomes` saying what is already in the ledger.
fn record_files(
    p: &Programme,
    ledger: &mut Ledger,
    files: &[PathBuf],
    how: (Expect, Received, NaiveDateTime, bool),
    threads: usize,
    bar: Option<&indicatif::ProgressBar>,
    outcomes: &mut Vec<FileOutcome>,
) -> Result<()> {
    let user = std::env::var("USER").unwrap_or_default();
    for batch in files.chunks(threads * 8) {
        for (_, name, hash, book) in read_files(batch, threads, bar) {
            let from = Provenance {
                source: format!("cli:{user}"),
                origin: name.clone(),
            };
            let outcome = record_one(p, ledger, (name, hash, book), &how, &from)?;
            outcomes.push(outcome);
        }
    }
    Ok(())
}

/// Ingests one file that arrived as bytes (an upload): the same path as a file on disk.
pub fn ingest_bytes(
    p: &Programme,
    ledger: &mut Ledger,
    name: &str,
    bytes: &[u8],
    opts: &IngestOptions,
    from: &Provenance,
) -> Result<FileOutcome> {
    let book = ingest::read_book(name, bytes);
    let how = (opts.expect.clone(), opts.received, opts.now, opts.strict);
    record_one(
        p,
        ledger,
        (name.to_string(), sha256(bytes), book),
        &how,
        from,
    )
}

/// A file's name, content hash and what the reader made of its bytes.
type Read = (
    String,
    String,
    Result<(ingest::Book, Vec<Finding>), Box<Finding>>,
);

/// Interprets one file that was read and records it, with who sent it from where, in its own
/// transaction.
fn record_one(
    p: &Programme,
    ledger: &mut Ledger,
    (name, hash, book): Read,
    (expect, received, now, strict): &(Expect, Received, NaiveDateTime, bool),
    from: &Provenance,
) -> Result<FileOutcome> {
    let (now, strict) = (*now, *strict);
    if hash.is_empty() {
        // Unreadable from disk: nothing to record, but say so.
        return Ok(FileOutcome {
            file: name,
            unit: None,
            period: None,
            recorded: Recorded::Rejected,
            findings: book.err().map(|f| *f).into_iter().collect(),
        });
    }
    if ledger
        .knows(&hash)
        .with_context(|| format!("không đọc được sổ dữ liệu khi nhập {name}"))?
    {
        return Ok(FileOutcome {
            file: name,
            unit: None,
            period: None,
            recorded: Recorded::Duplicate,
            findings: Vec::new(),
        });
    }
    let parsed = interpret_read(p, ledger, &name, book, expect);
    let parsed = match parsed {
        Ok(x) if strict && x.has_errors() => {
            let mut f = x.findings;
            f.push(Finding {
                severity: Severity::Error,
                code: "strict",
                file: name.clone(),
                sheet: None,
                cell: None,
                message: "tệp có lỗi nên bị từ chối (chế độ --strict)".into(),
                hint: "sửa các lỗi nêu trên rồi gửi lại".into(),
            });
            Err(f)
        }
        other => other,
    };
    let date = match (received, &parsed) {
        (Received::Today(d) | Received::On(d), _) => *d,
        (Received::ReportDate(fallback), Ok(x)) => {
            x.content.narrative.report_date.unwrap_or(*fallback)
        }
        (Received::ReportDate(fallback), Err(_)) => *fallback,
    };
    let file_name = Path::new(&name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(&name)
        .to_string();
    let mut parsed = parsed;
    if let Ok(x) = &mut parsed {
        older_than_head(ledger, x, date, &name)
            .with_context(|| format!("không đọc được sổ dữ liệu khi nhập {name}"))?;
    }
    let receipt = Receipt {
        hash: &hash,
        file_name: &file_name,
        received: date,
        recorded_at: now,
        from,
    };
    let recorded = ledger
        .record_from(&receipt, parsed.as_ref().map_err(|f| f.as_slice()))
        .with_context(|| format!("không ghi được {name} vào sổ dữ liệu"))?;
    let (unit, period, findings) = match parsed {
        Ok(x) => (
            Some(x.identity.unit),
            Some(x.identity.period.id()),
            x.findings,
        ),
        Err(f) => (None, None, f),
    };
    Ok(FileOutcome {
        file: name,
        unit,
        period,
        recorded,
        findings,
    })
}

/// The reader's book interpreted for the model (with the unit's previous values from the
/// ledger, for the "far from last time" warning), the reader's findings first.
fn interpret_read(
    p: &Programme,
    ledger: &Ledger,
    name: &str,
    book: Result<(ingest::Book, Vec<Finding>), Box<Finding>>,
    expect: &Expect,
) -> std::result::Result<Parsed, Vec<Finding>> {
    let (book, read_findings) = book.map_err(|f| vec![*f])?;
    let previous = |unit: &str, period: Period| -> BTreeMap<String, f64> {
        for q in reference_periods(period) {
            if let Ok(v) = ledger.values(unit, q)
                && !v.is_empty()
            {
                return v
                    .into_iter()
                    .filter_map(|(k, v)| v.as_f64().map(|x| (k, x)))
                    .collect();
            }
        }
        BTreeMap::new()
    };
    ingest::interpret(p, name, &book, expect, &previous).map(|mut parsed| {
        let mut all = read_findings;
        all.append(&mut parsed.findings);
        parsed.findings = all;
        parsed
    })
}

/// Reads and parses files in parallel (the costly part, touching nothing shared), in order.
fn read_files(
    files: &[PathBuf],
    threads: usize,
    bar: Option<&indicatif::ProgressBar>,
) -> Vec<ReadFile> {
    let chunk = files.len().div_ceil(threads).max(1);
    let mut read: Vec<ReadFile> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .enumerate()
            .map(|(ci, part)| {
                let bar = bar.cloned();
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, path)| {
                            let name = path.display().to_string();
                            let out = match ingest::load(path) {
                                Ok(bytes) => {
                                    let hash = sha256(&bytes);
                                    let book = ingest::read_book(&name, &bytes);
                                    (ci * chunk + i, name, hash, book)
                                }
                                Err(f) => (ci * chunk + i, name, String::new(), Err(f)),
                            };
                            if let Some(b) = &bar {
                                b.inc(1);
                            }
                            out
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    read.sort_by_key(|r| r.0);
    read
}

/// Versions are ordered by the report date the unit wrote (else the received date), never by
/// file name: a file that arrives later but carries an earlier date than the version in the
/// ledger is kept, is not the latest, and the clerk is told so.
fn older_than_head(
    ledger: &Ledger,
    parsed: &mut Parsed,
    received: NaiveDate,
    file: &str,
) -> Result<()> {
    let id = &parsed.identity;
    let Some((head_date, head_version, head_file)) = ledger.head(&id.unit, id.period)? else {
        return Ok(());
    };
    let date = parsed.content.narrative.report_date.unwrap_or(received);
    if date < head_date {
        parsed.findings.push(Finding {
            severity: Severity::Warning,
            code: "older-report-date",
            file: file.to_string(),
            sheet: None,
            cell: None,
            message: format!(
                "tệp ghi ngày báo cáo {}, cũ hơn bản đã nhận «{head_file}» (phiên bản {head_version}, ngày {}); số liệu của bản đã nhận vẫn được dùng",
                crate::model::vn::short_date(date),
                crate::model::vn::short_date(head_date)
            ),
            hint: "nếu tệp này là bản sửa, ghi đúng ngày báo cáo mới rồi gửi lại".into(),
        });
    }
    Ok(())
}

/// Reads from the ledger what the consolidation of `period` needs, as received by `as_of`
/// (the report date), and consolidates it.
pub fn consolidate(
    p: &Programme,
    ledger: &Ledger,
    period: Period,
    as_of: NaiveDate,
) -> Result<Consolidated> {
    let mut inputs = Inputs::default();
    for q in consolidate::periods_needed(p, period) {
        inputs.by_period.insert(q, ledger.latest_as_of(q, as_of)?);
    }
    Ok(consolidate::consolidate(p, period, as_of, &inputs))
}

/// What `baocao report` wrote.
pub struct Written {
    pub docx: PathBuf,
    pub pdf: PathBuf,
    pub xlsx: PathBuf,
    pub consolidated: Consolidated,
    /// Warnings about what was written (text cut to fit a workbook cell).
    pub notes: Vec<Finding>,
}

/// A report's three files in memory: what `baocao report` writes and the web desk serves.
pub struct Rendered {
    pub docx: Vec<u8>,
    pub pdf: Vec<u8>,
    pub xlsx: Vec<u8>,
    pub consolidated: Consolidated,
    /// Warnings about the workbook (text cut to fit a cell).
    pub notes: Vec<Finding>,
}

impl Rendered {
    /// The files' names: `bao-cao-<period>-<profile>.docx|pdf`, `tong-hop-<period>.xlsx`.
    pub fn names(period: Period, profile: ProfileKind) -> [String; 3] {
        let stem = format!("bao-cao-{}-{}", period.id(), profile.code());
        [
            format!("{stem}.docx"),
            format!("{stem}.pdf"),
            format!("tong-hop-{}.xlsx", period.id()),
        ]
    }
}

/// Drafts and renders the report of a period: DOCX, PDF and the consolidated workbook
/// (`xlsx_name` names the workbook in its warnings).
pub fn render_report(
    p: &Programme,
    ledger: &Ledger,
    paths: &Paths,
    period: Period,
    opts: &Options,
    xlsx_name: &str,
) -> Result<Rendered> {
    let profiles = Profiles::load(&paths.templates.join("profiles.toml"))?;
    let profile = profiles.get(opts.profile);
    let templates = Templates::load(&paths.templates)?;
    let c = consolidate(p, ledger, period, opts.date)?;
    let doc = report::draft(p, &c, &templates, profile, opts)?;
    // The ledger's findings before the threads: the working notes go into the workbook.
    let tracking =
        crate::report::tracking::tracking(p, &c, &ledger.findings(Some(period))?, opts.profile);
    // The three files at once (the PDF takes most of the time; the DOCX and the workbook are
    // made beside it).
    let (docx, pdf, xlsx) = std::thread::scope(|s| {
        let docx = s.spawn(|| crate::render::docx::render(&doc, profile));
        let xlsx = s.spawn(|| {
            crate::report::export::consolidated(
                &c,
                &report::context(p, &c, opts),
                &tracking,
                xlsx_name,
            )
        });
        let pdf = crate::render::pdf::render(&doc, profile);
        let docx = docx.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        let xlsx = xlsx.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (docx, pdf, xlsx)
    });
    let (docx, pdf, (xlsx, notes)) = (docx?, pdf?, xlsx?);
    Ok(Rendered {
        docx,
        pdf,
        xlsx,
        consolidated: c,
        notes,
    })
}

/// Drafts and writes the report of a period: DOCX, PDF and the consolidated workbook.
pub fn report(
    p: &Programme,
    ledger: &Ledger,
    paths: &Paths,
    period: Period,
    out: &Path,
    opts: &Options,
) -> Result<Written> {
    let [d, f, x] = Rendered::names(period, opts.profile).map(|n| out.join(n));
    // Rendered whole before any is written: a failure leaves no half set.
    let r = render_report(p, ledger, paths, period, opts, &x.display().to_string())?;
    write_set(&[(&d, &r.docx), (&f, &r.pdf), (&x, &r.xlsx)])?;
    Ok(Written {
        docx: d,
        pdf: f,
        xlsx: x,
        consolidated: r.consolidated,
        notes: r.notes,
    })
}

/// Loads the format profiles and templates and drafts every report kind from an empty period,
/// so an office that edited a template learns of a mistake (with template, line and column)
/// before a report is due. Returns the errors.
pub fn check_templates(p: &Programme, paths: &Paths) -> Vec<String> {
    let profiles = match Profiles::load(&paths.templates.join("profiles.toml")) {
        Ok(x) => x,
        Err(e) => return vec![e.to_string()],
    };
    let templates = match Templates::load(&paths.templates) {
        Ok(t) => t,
        Err(e) => return vec![e.to_string()],
    };
    let mut errors = Vec::new();
    let periods = [
        Period::HalfYear {
            year: p.info.term_start + 1,
        },
        Period::Year {
            year: p.info.term_start + 1,
        },
        Period::MidTerm,
        Period::EndTerm,
    ];
    for period in periods {
        let date = default_report_date(p, period);
        let c = consolidate::consolidate(p, period, date, &Inputs::default());
        for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
            let opts = Options {
                profile: kind,
                number: None,
                date,
                open_date: false,
                draft: false,
            };
            if let Err(e) = report::draft(p, &c, &templates, profiles.get(kind), &opts) {
                let msg = e.to_string();
                if !errors.contains(&msg) {
                    errors.push(msg);
                }
            }
        }
    }
    errors
}

/// The report date when the office gives none: `report-after-days` after the period's
/// deadline (`seeds/periods.toml`), never today, so the same inputs give the same report.
pub fn default_report_date(p: &Programme, period: Period) -> NaiveDate {
    let deadline = period.window(&p.periods).deadline;
    deadline
        .checked_add_days(chrono::Days::new(u64::from(p.periods.report_after_days)))
        .unwrap_or(deadline)
}

pub fn parse_profile(s: &str) -> Result<ProfileKind> {
    s.parse::<ProfileKind>().map_err(|e| anyhow::anyhow!(e))
}

/// `baocao sample`: writes every sample file under `out/<period>/`; returns how many.
pub fn write_samples(p: &Programme, out: &Path) -> Result<usize> {
    let files = crate::intake::sample::files(p);
    let mut n = 0;
    for f in &files {
        // The reference column shows what the same unit sent for the previous period.
        let mut previous = BTreeMap::new();
        let mut label = "Kỳ trước".to_string();
        for q in reference_periods(f.period) {
            if let Some(prev) = files
                .iter()
                .rev()
                .find(|x| x.unit == f.unit && x.period == q)
            {
                previous = prev
                    .content
                    .figures
                    .iter()
                    .map(|x| (x.element.clone(), x.value))
                    .collect();
                label = format!("Kỳ trước ({})", q.name(&p.periods));
                break;
            }
        }
        let bytes = crate::intake::sample::workbook(p, f, &previous, label)?;
        write_atomic(&out.join(&f.folder).join(&f.name), &bytes)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A subfolder that cannot be listed (permission denied: `chmod 000`, which root does not
    /// feel, so the error is injected) stays in the list, reading it gives a finding naming
    /// it, and the workbooks beside it are still collected.
    #[test]
    fn an_unreadable_subfolder_gets_a_finding_and_the_rest_is_collected() {
        let tmp = tempfile::tempdir().unwrap();
        let locked = tmp.path().join("khoa");
        std::fs::create_dir_all(locked.join("trong")).unwrap();
        std::fs::write(locked.join("an.xlsx"), b"x").unwrap();
        std::fs::write(tmp.path().join("tot.xlsx"), b"x").unwrap();
        let files = collect_with(&[tmp.path().to_path_buf()], &|d| {
            if d.ends_with("khoa") {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                std::fs::read_dir(d).map(|e| e.filter_map(|e| e.ok().map(|e| e.path())).collect())
            }
        })
        .unwrap();
        assert_eq!(files, vec![locked.clone(), tmp.path().join("tot.xlsx")]);
        let finding = ingest::load(&locked).unwrap_err();
        assert_eq!(finding.code, "unreadable");
        assert!(finding.file.ends_with("khoa"));
        assert!(finding.message.contains("không đọc được thư mục"));
    }
}
