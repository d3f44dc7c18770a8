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

/// Writes files that belong together (a report's DOCX, PDF and workbook): every one to its
/// temporary name first, then all renamed in a row, so a failure while writing leaves the
/// previous set whole. Temporary files left by an earlier run that was killed are removed.
pub fn write_set(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut staged = Vec::new();
    let result = (|| -> Result<()> {
        for (path, bytes) in files {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)
                .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
            remove_stale_temps(dir, name);
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            staged.push((tmp.clone(), path.to_path_buf()));
            let mut f = std::fs::File::create(&tmp)
                .with_context(|| format!("không ghi được {}", tmp.display()))?;
            f.write_all(bytes)
                .and_then(|_| f.sync_all())
                .with_context(|| format!("không ghi được {}", path.display()))?;
        }
        for (tmp, path) in &staged {
            std::fs::rename(tmp, path)
                .with_context(|| format!("không ghi được {}", path.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
}

/// Removes `.<name>.<pid>.tmp` files of processes that no longer run.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(f) = file.to_str() else { continue };
        let Some(pid) = f
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if !alive {
            let _ = std::fs::remove_file(e.path());
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
            let Ok(entries) = std::fs::read_dir(&d) else {
                out.push(d);
                continue;
            };
            let mut entries: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
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
    let bar = (opts.progress && std::io::stderr().is_terminal()).then(|| {
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
    let user = std::env::var("USER").unwrap_or_default();
    let mut outcomes = Vec::new();
    for batch in files.chunks(threads * 8) {
        let read = read_files(batch, threads, bar.as_ref());
        for (_, name, hash, book) in read {
            if hash.is_empty() {
                // Unreadable from disk: nothing to record, but say so.
                outcomes.push(FileOutcome {
                    file: name,
                    unit: None,
                    period: None,
                    recorded: Recorded::Rejected,
                    findings: book.err().map(|f| *f).into_iter().collect(),
                });
                continue;
            }
            let from = Provenance {
                source: format!("cli:{user}"),
                origin: name.clone(),
            };
            outcomes.push(ingest_read(p, ledger, (name, hash, book), opts, &from)?);
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    Ok(outcomes)
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
    ingest_read(
        p,
        ledger,
        (name.to_string(), sha256(bytes), book),
        opts,
        from,
    )
}

/// A file's name, content hash and what the reader made of its bytes.
type Read = (
    String,
    String,
    Result<(ingest::Book, Vec<Finding>), Box<Finding>>,
);

/// Interprets a file that was read and records it in its own transaction.
fn ingest_read(
    p: &Programme,
    ledger: &mut Ledger,
    (name, hash, book): Read,
    opts: &IngestOptions,
    from: &Provenance,
) -> Result<FileOutcome> {
    if ledger.knows(&hash)? {
        return Ok(FileOutcome {
            file: name,
            unit: None,
            period: None,
            recorded: Recorded::Duplicate,
            findings: Vec::new(),
        });
    }
    let parsed = interpret(p, ledger, &name, book, opts);
    let date = match (&opts.received, &parsed) {
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
        older_than_head(ledger, x, date, &name)?;
    }
    let receipt = Receipt {
        hash: &hash,
        file_name: &file_name,
        received: date,
        recorded_at: opts.now,
        from,
    };
    let recorded = ledger.record_from(&receipt, parsed.as_ref().map_err(|f| f.as_slice()))?;
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

/// What a book says, with the reader's findings first; under `strict`, a file with an error is
/// refused whole.
fn interpret(
    p: &Programme,
    ledger: &Ledger,
    name: &str,
    book: Result<(ingest::Book, Vec<Finding>), Box<Finding>>,
    opts: &IngestOptions,
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
    let mut parsed = ingest::interpret(p, name, &book, &opts.expect, &previous)?;
    let mut all = read_findings;
    all.append(&mut parsed.findings);
    parsed.findings = all;
    if opts.strict && parsed.has_errors() {
        let mut f = parsed.findings;
        f.push(Finding {
            severity: Severity::Error,
            code: "strict",
            file: name.to_string(),
            sheet: None,
            cell: None,
            message: "tệp có lỗi nên bị từ chối (chế độ --strict)".into(),
            hint: "sửa các lỗi nêu trên rồi gửi lại".into(),
        });
        return Err(f);
    }
    Ok(parsed)
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

/// Reads from the ledger what the consolidation of `period` needs and consolidates it.
pub fn consolidate(
    p: &Programme,
    ledger: &Ledger,
    period: Period,
    as_of: NaiveDate,
) -> Result<Consolidated> {
    let mut inputs = Inputs::default();
    for q in consolidate::periods_needed(p, period) {
        inputs.by_period.insert(q, ledger.latest(q)?);
    }
    Ok(consolidate::consolidate(p, period, as_of, &inputs))
}

/// What `baocao report` wrote.
pub struct Written {
    pub docx: PathBuf,
    pub pdf: PathBuf,
    pub xlsx: PathBuf,
    pub consolidated: Consolidated,
}

/// A report's three files in memory: what `baocao report` writes and the web desk serves.
pub struct Rendered {
    pub docx: Vec<u8>,
    pub pdf: Vec<u8>,
    pub xlsx: Vec<u8>,
    pub consolidated: Consolidated,
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

/// Drafts and renders the report of a period: DOCX, PDF and the consolidated workbook.
pub fn render_report(
    p: &Programme,
    ledger: &Ledger,
    paths: &Paths,
    period: Period,
    opts: &Options,
) -> Result<Rendered> {
    let profiles = Profiles::load(&paths.templates.join("profiles.toml"))?;
    let profile = profiles.get(opts.profile);
    let templates = Templates::load(&paths.templates)?;
    let c = consolidate(p, ledger, period, opts.date)?;
    let doc = report::draft(p, &c, &templates, profile, opts)?;
    Ok(Rendered {
        docx: crate::render::docx::render(&doc, profile)?,
        pdf: crate::render::pdf::render(&doc, profile)?,
        xlsx: crate::report::export::consolidated(&c, &report::context(p, &c, opts))?,
        consolidated: c,
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
    // Render all before writing any: a failure leaves no half set of files.
    let r = render_report(p, ledger, paths, period, opts)?;
    let [d, f, x] = Rendered::names(period, opts.profile).map(|n| out.join(n));
    write_set(&[(&d, &r.docx), (&f, &r.pdf), (&x, &r.xlsx)])?;
    Ok(Written {
        docx: d,
        pdf: f,
        xlsx: x,
        consolidated: r.consolidated,
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

/// The report date used when none is given: the period's submission deadline (never the
/// clock, so a rerun gives the same files).
pub fn default_report_date(p: &Programme, period: Period) -> NaiveDate {
    period.window(&p.periods).deadline
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
