//! The ledger: every accepted submission version with its provenance, in one SQLite file.
//!
//! Each ingest of a file is one transaction: a crash loses nothing committed and leaves no
//! half submission. Nothing is ever deleted or updated in place: a correction is a new version.
//! Readers take the *latest* version of each unit and period: the one whose report date (what
//! the unit wrote; the received date when it wrote none) is the most recent, and among equal
//! dates the one that came last. File names never decide.
//!
//! Several processes may ingest into one ledger at once: WAL, a busy timeout and immediate
//! transactions serialise their writes instead of failing them.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::intake::ingest::Parsed;
use crate::model::diag::{Finding, Severity};
use crate::model::period::Period;
pub use crate::model::submission::Latest;
use crate::model::submission::{
    Content, Figure, NewVersion, TaskReport, TaskStatus, Value, VersionKey, new_version,
};

/// The id of the latest version of submission `s`'s unit and period (see the module comment);
/// a version the office returned no longer counts. The same rule as
/// [`crate::model::submission::counting`], in SQL.
const LATEST_OF_S: &str =
    "(SELECT t.id FROM submission t WHERE t.unit = s.unit AND t.period = s.period
       AND NOT EXISTS (SELECT 1 FROM review v WHERE v.submission_id = t.id AND v.state = 'returned'
                       AND v.id = (SELECT MAX(w.id) FROM review w WHERE w.submission_id = t.id))
     ORDER BY COALESCE(t.report_date, t.received) DESC, t.version DESC LIMIT 1)";

/// The same, among the versions received by the date bound to `?2` (none when NULL): a report
/// counts what had come in by its date, so a correction received after it leaves the earlier
/// version in force.
const LATEST_OF_S_BY: &str =
    "(SELECT t.id FROM submission t WHERE t.unit = s.unit AND t.period = s.period
       AND (?2 IS NULL OR t.received <= ?2)
       AND NOT EXISTS (SELECT 1 FROM review v WHERE v.submission_id = t.id AND v.state = 'returned'
                       AND v.id = (SELECT MAX(w.id) FROM review w WHERE w.submission_id = t.id))
     ORDER BY COALESCE(t.report_date, t.received) DESC, t.version DESC LIMIT 1)";

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE receipt (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    received    TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    unit        TEXT,
    period      TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected'))
);
CREATE INDEX receipt_hash ON receipt(hash);
CREATE TABLE submission (
    id               INTEGER PRIMARY KEY,
    receipt_id       INTEGER NOT NULL REFERENCES receipt(id),
    unit             TEXT NOT NULL,
    period           TEXT NOT NULL,
    version          INTEGER NOT NULL,
    hash             TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    received         TEXT NOT NULL,
    report_date      TEXT,
    UNIQUE (unit, period, version),
    UNIQUE (unit, period, hash)
);
CREATE TABLE figure (
    submission_id INTEGER NOT NULL REFERENCES submission(id),
    element       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    number        REAL,
    date          TEXT,
    note          TEXT NOT NULL,
    sheet         TEXT NOT NULL,
    cell          TEXT NOT NULL,
    PRIMARY KEY (submission_id, element)
);
CREATE TABLE task_report (
    submission_id INTEGER NOT NULL REFERENCES submission(id),
    task          TEXT NOT NULL,
    status        TEXT,
    result        TEXT NOT NULL,
    product       TEXT NOT NULL,
    completed_on  TEXT,
    difficulties  TEXT NOT NULL,
    PRIMARY KEY (submission_id, task)
);
CREATE TABLE narrative (
    submission_id INTEGER NOT NULL REFERENCES submission(id),
    key           TEXT NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (submission_id, key)
);
CREATE TABLE finding (
    receipt_id INTEGER NOT NULL REFERENCES receipt(id),
    severity   TEXT NOT NULL,
    code       TEXT NOT NULL,
    sheet      TEXT,
    cell       TEXT,
    message    TEXT NOT NULL,
    hint       TEXT NOT NULL
);
"#,
    r#"
-- Text converted from a legacy encoding (TCVN3, VNI), kept as it was read.
CREATE TABLE original_text (
    receipt_id INTEGER NOT NULL REFERENCES receipt(id),
    sheet      TEXT NOT NULL,
    cell       TEXT NOT NULL,
    text       TEXT NOT NULL
);
"#,
    r#"
-- A figure the unit marked as an estimate ("ước"); versions recorded before it are not.
ALTER TABLE figure ADD COLUMN estimate INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- Provenance of each file: who sent it (`cli:<user>`, `link:<unit>`, `user:<name>`) and from
-- where (the path given to the command line, or the web client's address).
ALTER TABLE receipt ADD COLUMN source TEXT NOT NULL DEFAULT 'cli';
ALTER TABLE receipt ADD COLUMN origin TEXT NOT NULL DEFAULT '';
-- The office's decisions on a version; the last one counts. A returned version stops counting.
CREATE TABLE review (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submission(id),
    state         TEXT NOT NULL CHECK (state IN ('returned', 'accepted')),
    reason        TEXT NOT NULL,
    by_user       TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX review_submission ON review(submission_id);
CREATE TABLE office_user (
    name    TEXT PRIMARY KEY,
    hash    TEXT NOT NULL,
    created TEXT NOT NULL
);
-- Units' private links: only a hash of the token is kept.
CREATE TABLE unit_link (
    id         INTEGER PRIMARY KEY,
    unit       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created    TEXT NOT NULL,
    revoked    TEXT
);
CREATE TABLE open_period (
    period  TEXT PRIMARY KEY,
    opened  TEXT NOT NULL,
    by_user TEXT NOT NULL
);
CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    origin TEXT NOT NULL
);
"#,
];

/// Who sent a file and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// `cli:<user>`, `link:<unit>` or `user:<name>`.
    pub source: String,
    /// The path given to the command line, or the web client's address.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("sổ dữ liệu {path}: {source}")]
    Sql {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("sổ dữ liệu {0} được tạo bởi phiên bản baocao mới hơn (lược đồ {1})")]
    TooNew(String, usize),
    #[error(
        "không có sổ dữ liệu {0} (kiểm tra tùy chọn --ledger; sổ được tạo khi nhập tệp đầu tiên bằng lệnh ingest)"
    )]
    Missing(String),
    #[error("sổ dữ liệu {0} chỉ đọc được và cần nâng cấp lược đồ; mở bằng quyền ghi một lần")]
    ReadOnlyOld(String),
}

pub struct Ledger {
    pub(super) conn: Connection,
    path: String,
}

/// What recording a file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Recorded {
    /// A new version of the unit's submission for the period. `supersedes`: it replaced an
    /// earlier latest version; `latest`: it is the version the reports now use (false when a
    /// version already received carries a later report date).
    Accepted {
        version: u32,
        supersedes: bool,
        latest: bool,
    },
    /// The same content is already in the ledger: nothing changed.
    Duplicate,
    /// The file was refused; its findings are kept.
    Rejected,
}

impl Recorded {
    /// What happened to the file, in the clerk's words (the CLI's printout and the web desk).
    pub fn label(&self) -> String {
        match self {
            Recorded::Accepted {
                version,
                supersedes: true,
                ..
            } => format!("nhận (bản sửa, phiên bản {version})"),
            Recorded::Accepted {
                version,
                latest: false,
                ..
            } => format!("nhận (phiên bản {version}, không phải bản mới nhất)"),
            Recorded::Accepted { .. } => "nhận".to_string(),
            Recorded::Duplicate => "đã có, bỏ qua".to_string(),
            Recorded::Rejected => "từ chối".to_string(),
        }
    }
}

impl Ledger {
    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            let _ = std::fs::create_dir_all(dir);
        }
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| LedgerError::Sql {
            path: name.clone(),
            source,
        })?;
        Self::with(conn, name)
    }

    /// An in-memory ledger, for tests and benchmarks.
    pub fn memory() -> Result<Ledger, LedgerError> {
        let conn = Connection::open_in_memory().map_err(|source| LedgerError::Sql {
            path: ":memory:".into(),
            source,
        })?;
        Self::with(conn, ":memory:".into())
    }

    /// Opens an existing ledger for reading and writing; a missing file is an error (a
    /// mistyped path must not create an empty ledger). A ledger the user may not write is
    /// opened read-only, so reports can still be made from it.
    pub fn open_existing(path: &Path) -> Result<Ledger, LedgerError> {
        use rusqlite::OpenFlags;
        let name = path.display().to_string();
        if !path.is_file() {
            return Err(LedgerError::Missing(name));
        }
        let rw = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let writable = std::fs::OpenOptions::new().write(true).open(path).is_ok();
        let conn = if writable {
            Connection::open_with_flags(path, rw)
        } else {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        }
        .map_err(|source| LedgerError::Sql {
            path: name.clone(),
            source,
        })?;
        if writable {
            Self::with(conn, name)
        } else {
            let l = Ledger { conn, path: name };
            let v: i64 = l.sql(l.conn.query_row("PRAGMA user_version", [], |r| r.get(0)))?;
            if usize::try_from(v).unwrap_or(usize::MAX) != MIGRATIONS.len() {
                return Err(LedgerError::ReadOnlyOld(l.path.clone()));
            }
            Ok(l)
        }
    }

    fn with(conn: Connection, path: String) -> Result<Ledger, LedgerError> {
        let r = conn.busy_timeout(BUSY_TIMEOUT);
        let mut l = Ledger { conn, path };
        l.sql(r)?;
        l.migrate()?;
        Ok(l)
    }

    pub(super) fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, LedgerError> {
        r.map_err(|source| LedgerError::Sql {
            path: self.path.clone(),
            source,
        })
    }

    fn migrate(&mut self) -> Result<(), LedgerError> {
        // WAL lets readers and one writer work at once; setting it needs no other writer.
        let r = self.conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        );
        self.sql(r)?;
        // Another process may be migrating the same new ledger: take the write lock first,
        // then read the version, so each migration runs exactly once.
        let too_new = self.write(|tx| {
            let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let v = usize::try_from(v).unwrap_or(usize::MAX);
            if v > MIGRATIONS.len() {
                return Ok(Some(v));
            }
            for (i, m) in MIGRATIONS.iter().enumerate().skip(v) {
                tx.execute_batch(m)?;
                tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
            }
            Ok(None)
        })?;
        match too_new {
            Some(v) => Err(LedgerError::TooNew(self.path.clone(), v)),
            None => Ok(()),
        }
    }

    /// Runs `f` in one immediate transaction (the write lock taken at its start, waiting for
    /// other processes up to the busy timeout) and commits it.
    pub(super) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, LedgerError> {
        let r = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        self.sql(r)
    }

    /// Whether a file with this content hash was already recorded (accepted or rejected).
    pub fn knows(&self, hash: &str) -> Result<bool, LedgerError> {
        let r = self
            .conn
            .query_row(
                "SELECT 1 FROM receipt WHERE hash = ?1 LIMIT 1",
                [hash],
                |_| Ok(()),
            )
            .optional();
        Ok(self.sql(r)?.is_some())
    }

    /// Records one file, in one transaction (provenance: the command line).
    pub fn record(
        &mut self,
        hash: &str,
        file_name: &str,
        received: NaiveDate,
        recorded_at: NaiveDateTime,
        parsed: Result<&Parsed, &[Finding]>,
    ) -> Result<Recorded, LedgerError> {
        let r = Receipt {
            hash,
            file_name,
            received,
            recorded_at,
            from: &Provenance::default(),
        };
        self.write(|tx| record_in(tx, &r, parsed))
    }

    /// Records one file with its provenance, in one transaction.
    pub fn record_from(
        &mut self,
        receipt: &Receipt,
        parsed: Result<&Parsed, &[Finding]>,
    ) -> Result<Recorded, LedgerError> {
        self.write(|tx| record_in(tx, receipt, parsed))
    }

    /// The latest accepted submission of every unit for `period`.
    pub fn latest(&self, period: Period) -> Result<Vec<Latest>, LedgerError> {
        let r = latest_in(&self.conn, &period.id(), None);
        self.sql(r)
    }

    /// The latest submission of every unit for `period` among those received by `as_of`
    /// (the report date): a file received after it is not counted, not even as a correction.
    pub fn latest_as_of(
        &self,
        period: Period,
        as_of: NaiveDate,
    ) -> Result<Vec<Latest>, LedgerError> {
        let r = latest_in(&self.conn, &period.id(), Some(as_of.to_string()));
        self.sql(r)
    }

    /// Every receipt's findings for a period (and those of files that could not be
    /// identified), newest first.
    pub fn findings(&self, period: Option<Period>) -> Result<Vec<(String, Finding)>, LedgerError> {
        let r = findings_in(&self.conn, period.map(|p| p.id()));
        self.sql(r)
    }

    /// The numeric values of a unit's latest submission for a period.
    pub fn values(
        &self,
        unit: &str,
        period: Period,
    ) -> Result<BTreeMap<String, Value>, LedgerError> {
        let r = values_in(&self.conn, unit, &period.id());
        self.sql(r)
    }

    /// The latest version of a unit's submission for a period: its date for ordering (report
    /// date, else received date), version and file name.
    pub fn head(
        &self,
        unit: &str,
        period: Period,
    ) -> Result<Option<(NaiveDate, u32, String)>, LedgerError> {
        let r = self
            .conn
            .query_row(
                &format!(
                    "SELECT COALESCE(s.report_date, s.received), s.version, r.file_name
                     FROM submission s JOIN receipt r ON r.id = s.receipt_id
                     WHERE s.unit = ?1 AND s.period = ?2 AND s.id = {LATEST_OF_S}"
                ),
                params![unit, period.id()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, u32>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional();
        Ok(self
            .sql(r)?
            .and_then(|(d, v, f)| Some((d.parse().ok()?, v, f))))
    }

    /// Text of a file converted from a legacy encoding, as it was read: (sheet, cell, text).
    pub fn originals(&self, file_name: &str) -> Result<Vec<(String, String, String)>, LedgerError> {
        let r = (|| {
            let mut stmt = self.conn.prepare(
                "SELECT o.sheet, o.cell, o.text FROM original_text o
                 JOIN receipt r ON r.id = o.receipt_id WHERE r.file_name = ?1 ORDER BY o.rowid",
            )?;
            let rows = stmt.query_map([file_name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect()
        })();
        self.sql(r)
    }

    /// How many versions the ledger holds for a unit and period.
    pub fn versions(&self, unit: &str, period: Period) -> Result<u32, LedgerError> {
        let r = self.conn.query_row(
            "SELECT COUNT(*) FROM submission WHERE unit = ?1 AND period = ?2",
            params![unit, period.id()],
            |r| r.get(0),
        );
        self.sql(r)
    }

    pub fn counts(&self) -> Result<(u32, u32), LedgerError> {
        let r = self.conn.query_row(
            "SELECT (SELECT COUNT(*) FROM receipt), (SELECT COUNT(*) FROM submission)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        self.sql(r)
    }
}

/// What is known of a file before it is read: its content hash, name, received date, the
/// moment it was recorded and who sent it from where.
pub struct Receipt<'a> {
    pub hash: &'a str,
    pub file_name: &'a str,
    pub received: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub from: &'a Provenance,
}

fn record_in(
    tx: &rusqlite::Transaction,
    receipt: &Receipt,
    parsed: Result<&Parsed, &[Finding]>,
) -> rusqlite::Result<Recorded> {
    let Receipt {
        hash,
        file_name,
        received,
        recorded_at,
        from,
    } = *receipt;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM receipt WHERE hash = ?1 LIMIT 1",
            [hash],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Ok(Recorded::Duplicate);
    }
    let (unit, period, outcome) = match parsed {
        Ok(p) => (
            Some(p.identity.unit.clone()),
            Some(p.identity.period.id()),
            "accepted",
        ),
        Err(_) => (None, None, "rejected"),
    };
    let source = if from.source.is_empty() {
        "cli"
    } else {
        &from.source
    };
    tx.execute(
        "INSERT INTO receipt (hash, file_name, received, recorded_at, unit, period, outcome, source, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            hash,
            file_name,
            received.to_string(),
            recorded_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            unit,
            period,
            outcome,
            source,
            from.origin
        ],
    )?;
    let receipt = tx.last_insert_rowid();
    let findings: &[Finding] = match parsed {
        Ok(p) => &p.findings,
        Err(f) => f,
    };
    for f in findings {
        tx.execute(
            "INSERT INTO finding (receipt_id, severity, code, sheet, cell, message, hint)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                receipt,
                match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                f.code,
                f.sheet,
                f.cell,
                f.message,
                f.hint
            ],
        )?;
    }
    let Ok(p) = parsed else {
        return Ok(Recorded::Rejected);
    };
    for (sheet, cell, text) in &p.originals {
        tx.execute(
            "INSERT INTO original_text (receipt_id, sheet, cell, text) VALUES (?1, ?2, ?3, ?4)",
            params![receipt, sheet, cell, text],
        )?;
    }
    let unit = &p.identity.unit;
    let period = p.identity.period.id();
    let on_record = version_keys(tx, unit, &period)?;
    let date = p.content.narrative.report_date.unwrap_or(received);
    let NewVersion {
        version,
        latest,
        supersedes,
    } = new_version(&on_record, date);
    tx.execute(
        "INSERT INTO submission (receipt_id, unit, period, version, hash, template_version, received, report_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            receipt,
            unit,
            period,
            version,
            hash,
            p.identity.template_version,
            received.to_string(),
            p.content.narrative.report_date.map(|d| d.to_string())
        ],
    )?;
    let sid = tx.last_insert_rowid();
    for f in &p.content.figures {
        let (kind, number, date) = match f.value {
            Value::Number(x) => ("number", Some(x), None),
            Value::YesNo(b) => ("yes-no", Some(if b { 1.0 } else { 0.0 }), None),
            Value::Date(d) => ("date", None, Some(d.to_string())),
        };
        let (sheet, cell) = p.cells.get(&f.element).cloned().unwrap_or_default();
        tx.execute(
            "INSERT INTO figure (submission_id, element, kind, number, date, note, sheet, cell, estimate)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![sid, f.element, kind, number, date, f.note, sheet, cell, f.estimate],
        )?;
    }
    for t in &p.content.tasks {
        tx.execute(
            "INSERT INTO task_report (submission_id, task, status, result, product, completed_on, difficulties)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                sid,
                t.task,
                t.status.map(status_code),
                t.result,
                t.product,
                t.completed_on.map(|d| d.to_string()),
                t.difficulties
            ],
        )?;
    }
    for (key, _, text) in p.content.narrative.fields() {
        if !text.is_empty() {
            tx.execute(
                "INSERT INTO narrative (submission_id, key, text) VALUES (?1, ?2, ?3)",
                params![sid, key, text],
            )?;
        }
    }
    Ok(Recorded::Accepted {
        version,
        supersedes,
        latest,
    })
}

/// The versions on record for a unit and period, with whether the office returned each.
pub(super) fn version_keys(
    conn: &Connection,
    unit: &str,
    period: &str,
) -> rusqlite::Result<Vec<VersionKey>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.version, COALESCE(s.report_date, s.received),
                COALESCE((SELECT v.state FROM review v WHERE v.submission_id = s.id
                          ORDER BY v.id DESC LIMIT 1), '') = 'returned'
         FROM submission s WHERE s.unit = ?1 AND s.period = ?2 ORDER BY s.version",
    )?;
    let rows = stmt.query_map(params![unit, period], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (version, date, returned) = row?;
        out.push(VersionKey {
            version,
            date: date.parse().unwrap_or_default(),
            returned,
        });
    }
    Ok(out)
}

fn status_code(s: TaskStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse_status(s: &str) -> Option<TaskStatus> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

fn latest_in(
    conn: &Connection,
    period: &str,
    as_of: Option<String>,
) -> rusqlite::Result<Vec<Latest>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, s.unit, s.version, s.received, s.report_date, r.file_name,
                (SELECT COUNT(*) FROM finding f WHERE f.receipt_id = r.id AND f.severity = 'error'),
                (SELECT COUNT(*) FROM finding f WHERE f.receipt_id = r.id AND f.severity = 'warning')
         FROM submission s JOIN receipt r ON r.id = s.receipt_id
         WHERE s.period = ?1 AND s.id = {LATEST_OF_S_BY}
         ORDER BY s.unit"
    ))?;
    let heads = stmt
        .query_map(params![period, as_of], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, u32>(6)?,
                r.get::<_, u32>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(heads.len());
    let mut fig = conn.prepare_cached(
        "SELECT element, kind, number, date, note, estimate FROM figure WHERE submission_id = ?1 ORDER BY element",
    )?;
    let mut task = conn.prepare_cached(
        "SELECT task, status, result, product, completed_on, difficulties FROM task_report WHERE submission_id = ?1 ORDER BY task",
    )?;
    let mut narr =
        conn.prepare_cached("SELECT key, text FROM narrative WHERE submission_id = ?1")?;
    for (id, unit, version, received, report_date, file_name, errors, warnings) in heads {
        let figures = fig
            .query_map([id], |r| {
                let kind: String = r.get(1)?;
                let number: Option<f64> = r.get(2)?;
                let d: Option<String> = r.get(3)?;
                let value = match kind.as_str() {
                    "yes-no" => Value::YesNo(number.unwrap_or(0.0) > 0.5),
                    "date" => match date(d) {
                        Some(d) => Value::Date(d),
                        None => Value::Number(f64::NAN),
                    },
                    _ => Value::Number(number.unwrap_or(f64::NAN)),
                };
                Ok(Figure {
                    element: r.get(0)?,
                    value,
                    note: r.get(4)?,
                    estimate: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let tasks = task
            .query_map([id], |r| {
                Ok(TaskReport {
                    task: r.get(0)?,
                    status: r
                        .get::<_, Option<String>>(1)?
                        .and_then(|s| parse_status(&s)),
                    result: r.get(2)?,
                    product: r.get(3)?,
                    completed_on: date(r.get(4)?),
                    difficulties: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut content = Content {
            figures,
            tasks,
            ..Content::default()
        };
        for row in narr.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (k, t) = row?;
            content.narrative.set(&k, t);
        }
        content.narrative.report_date = date(report_date.clone());
        out.push(Latest {
            unit,
            period: period.to_string(),
            version,
            received: date(Some(received)).unwrap_or_default(),
            report_date: date(report_date),
            file_name,
            content,
            errors,
            warnings,
        });
    }
    Ok(out)
}

fn values_in(
    conn: &Connection,
    unit: &str,
    period: &str,
) -> rusqlite::Result<BTreeMap<String, Value>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.element, f.kind, f.number, f.date FROM figure f
         JOIN submission s ON s.id = f.submission_id
         WHERE s.unit = ?1 AND s.period = ?2 AND s.id = {LATEST_OF_S}"
    ))?;
    let rows = stmt.query_map(params![unit, period], |r| {
        let kind: String = r.get(1)?;
        let number: Option<f64> = r.get(2)?;
        let d: Option<String> = r.get(3)?;
        Ok((
            r.get::<_, String>(0)?,
            match kind.as_str() {
                "yes-no" => Some(Value::YesNo(number.unwrap_or(0.0) > 0.5)),
                "date" => date(d).map(Value::Date),
                _ => number.map(Value::Number),
            },
        ))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (k, v) = row?;
        if let Some(v) = v {
            out.insert(k, v);
        }
    }
    Ok(out)
}

fn findings_in(
    conn: &Connection,
    period: Option<String>,
) -> rusqlite::Result<Vec<(String, Finding)>> {
    let mut stmt = conn.prepare(
        "SELECT r.file_name, r.unit, f.severity, f.code, f.sheet, f.cell, f.message, f.hint
         FROM finding f JOIN receipt r ON r.id = f.receipt_id
         WHERE ?1 IS NULL OR r.period = ?1 OR r.period IS NULL
         ORDER BY r.id, f.rowid",
    )?;
    let rows = stmt.query_map([period], |r| {
        let code: String = r.get(3)?;
        Ok((
            r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            Finding {
                severity: if r.get::<_, String>(2)? == "error" {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                code: intern(&code),
                file: r.get(0)?,
                sheet: r.get(4)?,
                cell: r.get(5)?,
                message: r.get(6)?,
                hint: r.get(7)?,
            },
        ))
    })?;
    rows.collect()
}

/// Finding codes are static strings in memory; codes read back map onto the known set.
pub(super) fn intern(code: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "too-large",
        "password",
        "not-a-workbook",
        "corrupt",
        "oversized-sheet",
        "unidentified",
        "unknown-unit",
        "wrong-period",
        "wrong-unit",
        "newer-template",
        "identity-mismatch",
        "missing-sheet",
        "renamed-sheet",
        "no-code",
        "unknown-code",
        "duplicate-row",
        "bad-value",
        "out-of-range",
        "far-from-previous",
        "missing-row",
        "bad-status",
        "bad-date",
        "unreadable",
        "not-a-file",
        "older-report-date",
        "legacy-encoding",
        "uncomputed-text",
        "unprintable-char",
        "long-text",
    ];
    KNOWN
        .iter()
        .find(|k| **k == code)
        .copied()
        .unwrap_or("other")
}
