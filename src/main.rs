//! The `baocao` command line: parses arguments and calls the shell in `baocao::shell`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use baocao::intake::ingest::Expect;
use baocao::model::check::{self, Severity};
use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::report::Options;
use baocao::shell::ledger::{Ledger, Recorded};
use baocao::shell::{self, FileOutcome, Paths, Received};

#[derive(Parser)]
#[command(
    name = "baocao",
    version,
    about = "Báo cáo định kỳ thực hiện Chương trình hành động từ biểu số liệu của các đơn vị"
)]
struct Cli {
    /// Folder of the programme model.
    #[arg(long, global = true, default_value = "seeds")]
    seeds: PathBuf,
    /// Folder of the report templates and format profiles.
    #[arg(long, global = true, default_value = "templates")]
    templates: PathBuf,
    /// The ledger database.
    #[arg(long, global = true, default_value = "data/baocao.sqlite")]
    ledger: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the programme: targets, tasks, units.
    Programme {
        #[arg(long)]
        json: bool,
    },
    /// Validate the programme model in seeds/.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Write each unit's workbook for a period.
    Template {
        #[arg(long)]
        period: Period,
        #[arg(long, default_value = "out/bieu-mau")]
        out: PathBuf,
        #[arg(long)]
        unit: Option<String>,
        /// Date printed as the workbooks' creation date (default: start of the period's window).
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Read returned workbooks (files or folders) into the ledger.
    Ingest {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Refuse files of another period.
        #[arg(long)]
        period: Option<Period>,
        /// Refuse files of another unit.
        #[arg(long)]
        unit: Option<String>,
        /// Refuse whole files that have any error.
        #[arg(long)]
        strict: bool,
        /// Print the outcome and findings as JSON.
        #[arg(long)]
        json: bool,
        /// Received date: YYYY-MM-DD, or "report-date" for the date written in each workbook.
        #[arg(long)]
        received: Option<String>,
    },
    /// Completeness and timeliness of units for a period.
    Status {
        #[arg(long)]
        period: Period,
        #[arg(long)]
        json: bool,
        /// The date the status is judged on (default: the report date, a week after the deadline).
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Consolidate a period and write its report (DOCX, PDF) and consolidated workbook.
    Report {
        #[arg(long)]
        period: Period,
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Ingest these workbooks first (already-known files are skipped), received on the
        /// report date written in each.
        #[arg(long)]
        inputs: Option<PathBuf>,
        /// dang (Party) or nha-nuoc (State); "all" writes both.
        #[arg(long, default_value = "dang")]
        profile: String,
        /// Document number; left open for the records clerk when absent.
        #[arg(long)]
        number: Option<u32>,
        /// Report date; only workbooks received by it count (default: `report-after-days`, 7,
        /// after the period's submission deadline).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Leave day and month open for the records clerk.
        #[arg(long)]
        open_date: bool,
        /// Mark the document "DỰ THẢO".
        #[arg(long)]
        draft: bool,
    },
    /// Serve the office's web desk and the units' upload pages over the same ledger.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Make an office user of the web desk, or give one a new password (read from standard
    /// input, one line).
    User { name: String },
    /// Give a unit (or every reporting unit: "all") a new private link to its upload page;
    /// any link it had stops working. With --revoke, take the link away.
    Link {
        unit: String,
        #[arg(long)]
        revoke: bool,
        /// The desk's address as units reach it, printed before each link.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        base: String,
    },
    /// Regenerate the sample submissions in inputs/ from the templates.
    Sample {
        #[arg(long, default_value = "inputs")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths {
        seeds: cli.seeds,
        templates: cli.templates,
        ledger: cli.ledger,
    };
    match cli.command {
        Command::Programme { json } => {
            let p = paths.programme()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&p)?);
            } else {
                print!("{}", baocao::shell::table::programme(&p));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { json } => check_command(&paths, json),
        Command::Template {
            period,
            out,
            unit,
            date,
        } => {
            let p = paths.programme()?;
            let issued = date.unwrap_or_else(|| period.window(&p.periods).start);
            let written = shell::templates(&paths, period, &out, unit.as_deref(), issued)?;
            eprintln!("đã ghi {} biểu mẫu vào {}", written.len(), out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Ingest {
            inputs,
            period,
            unit,
            strict,
            json,
            received,
        } => {
            let p = paths.programme()?;
            let mut ledger = Ledger::open(&paths.ledger)?;
            let now = chrono::Local::now().naive_local();
            let received = match received.as_deref() {
                None => Received::Today(now.date()),
                Some("report-date") => Received::ReportDate(now.date()),
                Some(d) => Received::On(
                    d.parse()
                        .with_context(|| format!("ngày nhận '{d}' phải viết dạng YYYY-MM-DD"))?,
                ),
            };
            let files = shell::collect_files(&inputs)?;
            let opts = shell::IngestOptions {
                expect: Expect { period, unit },
                received,
                now,
                strict,
                progress: !json,
            };
            let outcomes = shell::ingest(&p, &mut ledger, &files, &opts)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&outcomes)?);
            } else {
                print_outcomes(&outcomes);
            }
            let rejected = outcomes.iter().any(|o| o.recorded == Recorded::Rejected);
            Ok(if rejected {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Status { period, json, date } => {
            let p = paths.programme()?;
            let ledger = Ledger::open_existing(&paths.ledger)?;
            let as_of = date.unwrap_or_else(|| shell::default_report_date(&p, period));
            let c = shell::consolidate(&p, &ledger, period, as_of)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&c.units)?);
            } else {
                print!("{}", baocao::shell::table::status(&p, &c));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            period,
            out,
            inputs,
            profile,
            number,
            date,
            open_date,
            draft,
        } => {
            let p = paths.programme()?;
            refuse_unreportable(&p, &paths, period, inputs.as_deref())?;
            // With --inputs the ledger is written (and made if new); without, a mistyped
            // --ledger must not pass for an empty one, and a read-only ledger still reports.
            let mut ledger = if inputs.is_some() {
                Ledger::open(&paths.ledger)?
            } else {
                Ledger::open_existing(&paths.ledger)?
            };
            if let Some(dir) = inputs {
                ingest_inputs(&p, &mut ledger, dir)?;
            }
            let date = date.unwrap_or_else(|| shell::default_report_date(&p, period));
            let profiles: Vec<&str> = if profile == "all" {
                vec!["dang", "nha-nuoc"]
            } else {
                vec![profile.as_str()]
            };
            for prof in profiles {
                let opts = Options {
                    profile: shell::parse_profile(prof)?,
                    number,
                    date,
                    open_date,
                    draft,
                };
                let w = shell::report(&p, &ledger, &paths, period, &out, &opts)?;
                println!("{}", w.docx.display());
                println!("{}", w.pdf.display());
                println!("{}", w.xlsx.display());
                for n in &w.notes {
                    eprintln!("  {n}");
                }
                eprint!("{}", baocao::shell::table::summary(&p, &w.consolidated));
                if let Some(warning) = baocao::report::tracking::sample_signer(&p, opts.profile) {
                    eprintln!("cảnh báo: {warning}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { addr } => {
            baocao::web::serve(baocao::web::Desk::open(paths)?, addr)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::User { name } => user_command(&paths, &name),
        Command::Link { unit, revoke, base } => link_command(&paths, &unit, revoke, &base),
        Command::Sample { out } => {
            let p = paths.programme()?;
            let n = shell::write_samples(&p, &out)?;
            eprintln!("đã ghi {n} tệp mẫu vào {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `baocao user NAME`: the password is read from standard input (not echoed on a terminal).
fn user_command(paths: &Paths, name: &str) -> Result<ExitCode> {
    use std::io::{BufRead, IsTerminal};
    let name = name.trim();
    if name.is_empty() || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        anyhow::bail!("tên đăng nhập không được trống hay có khoảng trắng");
    }
    let terminal = std::io::stdin().is_terminal();
    if terminal {
        eprint!("mật khẩu cho {name}: ");
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut password = String::new();
    let read = std::io::stdin().lock().read_line(&mut password);
    if terminal {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read.context("không đọc được mật khẩu")?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < 10 {
        anyhow::bail!("mật khẩu cần ít nhất 10 ký tự");
    }
    let hash = baocao::web::auth::hash_password(password)?;
    let mut ledger = Ledger::open(&paths.ledger)?;
    let now = chrono::Local::now().naive_local();
    ledger.set_user(name, &hash, now)?;
    ledger.audit(now, "cli", "đặt người dùng", name, "dòng lệnh")?;
    eprintln!("đã đặt mật khẩu cho người dùng {name}");
    Ok(ExitCode::SUCCESS)
}

/// `baocao link UNIT|all [--revoke]`: prints each new link (the token is shown only now).
fn link_command(paths: &Paths, unit: &str, revoke: bool, base: &str) -> Result<ExitCode> {
    let p = paths.programme()?;
    let units: Vec<_> = p
        .reporting_units()
        .filter(|u| unit == "all" || u.code == unit)
        .collect();
    if units.is_empty() {
        anyhow::bail!("không có đơn vị báo cáo mã '{unit}'");
    }
    let mut ledger = Ledger::open(&paths.ledger)?;
    let now = chrono::Local::now().naive_local();
    for u in units {
        if revoke {
            let had = ledger.revoke_link(&u.code, now)?;
            ledger.audit(now, "cli", "thu hồi liên kết", &u.code, "dòng lệnh")?;
            eprintln!(
                "{}: {}",
                u.code,
                if had {
                    "đã thu hồi"
                } else {
                    "không có liên kết"
                }
            );
        } else {
            let token = baocao::web::auth::token()?;
            ledger.issue_link(&u.code, &baocao::web::auth::token_hash(&token), now)?;
            ledger.audit(now, "cli", "cấp liên kết", &u.code, "dòng lệnh")?;
            println!(
                "{}\t{}\t{}/don-vi/{token}",
                u.code,
                u.name,
                base.trim_end_matches('/')
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `baocao check`: the model's problems, then the templates drafted from an empty period.
fn check_command(paths: &Paths, json: bool) -> Result<ExitCode> {
    let p = match paths.programme() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let problems = check::check(&p);
    let template_errors = shell::check_templates(&p, paths);
    if json {
        println!("{}", serde_json::to_string_pretty(&problems)?);
    } else {
        for pr in &problems {
            eprintln!("{pr}");
        }
    }
    for e in &template_errors {
        eprintln!("lỗi mẫu báo cáo: {e}");
    }
    let seed_errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - seed_errors;
    let errors = seed_errors + template_errors.len();
    eprintln!(
        "{} chỉ tiêu, {} nhiệm vụ, {} đơn vị, {} số liệu: {errors} lỗi, {} cảnh báo",
        p.targets.len(),
        p.tasks.len(),
        p.units.len(),
        p.elements.len(),
        warnings
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Each file's outcome and findings, then the totals (`baocao ingest` without `--json`).
fn print_outcomes(outcomes: &[FileOutcome]) {
    for o in outcomes {
        let what = o.recorded.label();
        println!("{}: {what}", o.file);
        for f in &o.findings {
            println!("  {f}");
        }
    }
    let count = |f: fn(&Recorded) -> bool| outcomes.iter().filter(|o| f(&o.recorded)).count();
    eprintln!(
        "{} tệp: {} nhận, {} đã có, {} từ chối",
        outcomes.len(),
        count(|r| matches!(r, Recorded::Accepted { .. })),
        count(|r| matches!(r, Recorded::Duplicate)),
        count(|r| matches!(r, Recorded::Rejected))
    );
}

/// A report is refused, before anything is written, when the seeds have errors, the period
/// lies outside the term or `--inputs` names no folder.
fn refuse_unreportable(
    p: &Programme,
    paths: &Paths,
    period: Period,
    inputs: Option<&Path>,
) -> Result<()> {
    let seed_errors = check::check(p)
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .count();
    if seed_errors > 0 {
        anyhow::bail!(
            "mô hình chương trình trong {} có {seed_errors} lỗi; chạy `baocao check` để xem và sửa trước khi lập báo cáo",
            paths.seeds.display()
        );
    }
    let year = period.year(&p.periods);
    if year < p.info.term_start || year > p.info.term_end {
        anyhow::bail!(
            "kỳ {} nằm ngoài nhiệm kỳ {} - {}",
            period.id(),
            p.info.term_start,
            p.info.term_end
        );
    }
    if let Some(dir) = inputs
        && !dir.is_dir()
    {
        anyhow::bail!(
            "không có thư mục biểu nhận về {} (tùy chọn --inputs)",
            dir.display()
        );
    }
    Ok(())
}

/// `report --inputs DIR`: the folder's workbooks into the ledger first, received on the
/// date each one carries.
fn ingest_inputs(p: &Programme, ledger: &mut Ledger, dir: PathBuf) -> Result<()> {
    let now = chrono::Local::now().naive_local();
    let files = shell::collect_files(&[dir])?;
    let opts = shell::IngestOptions {
        expect: Expect::default(),
        received: Received::ReportDate(now.date()),
        now,
        strict: false,
        progress: true,
    };
    let outcomes = shell::ingest(p, ledger, &files, &opts)?;
    let new = outcomes
        .iter()
        .filter(|o| matches!(o.recorded, Recorded::Accepted { .. }))
        .count();
    let findings: usize = outcomes.iter().map(|o| o.findings.len()).sum();
    eprintln!(
        "đọc {} tệp: {new} tệp mới, {findings} ghi chú kiểm tra (xem `baocao ingest --json`)",
        outcomes.len()
    );
    Ok(())
}
