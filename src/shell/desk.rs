//! What the web desk keeps beside the submissions, in the same SQLite file: office users,
//! units' links, the office's decisions on versions, open periods and the log of who did what.
//! Secrets are never stored: a password as its argon2 hash, a link's token as its SHA-256.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::model::diag::{Finding, Severity};
use crate::model::period::Period;
use crate::shell::ledger::{Ledger, LedgerError, intern};

/// What the office decided about a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Review {
    /// Received, not yet looked at.
    Received,
    /// Sent back to the unit with a reason: it no longer counts.
    Returned { reason: String, by: String },
    /// Accepted by the office.
    Accepted { by: String },
}

impl Review {
    pub fn label(&self) -> &'static str {
        match self {
            Review::Received => "Đã nhận",
            Review::Returned { .. } => "Đã trả lại",
            Review::Accepted { .. } => "Đã chấp nhận",
        }
    }
}

/// One version of a unit's submission, as the desk shows it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub unit: String,
    pub version: u32,
    pub file_name: String,
    pub received: NaiveDate,
    pub report_date: Option<NaiveDate>,
    pub recorded_at: String,
    pub source: String,
    pub origin: String,
    pub review: Review,
    pub errors: u32,
    pub warnings: u32,
    receipt: i64,
}

/// One line of the log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
    pub origin: String,
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl Ledger {
    /// Makes an office user, or sets a new password hash for one.
    pub fn set_user(
        &mut self,
        name: &str,
        hash: &str,
        now: NaiveDateTime,
    ) -> Result<(), LedgerError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO office_user (name, hash, created) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET hash = excluded.hash",
                params![name, hash, stamp(now)],
            )
            .map(|_| ())
        })
    }

    /// The password hash of an office user.
    pub fn user_hash(&self, name: &str) -> Result<Option<String>, LedgerError> {
        let r = self
            .conn
            .query_row(
                "SELECT hash FROM office_user WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional();
        self.sql(r)
    }

    /// Gives a unit a new link (by its token's hash); any link it had stops working.
    pub fn issue_link(
        &mut self,
        unit: &str,
        token_hash: &str,
        now: NaiveDateTime,
    ) -> Result<(), LedgerError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE unit_link SET revoked = ?2 WHERE unit = ?1 AND revoked IS NULL",
                params![unit, stamp(now)],
            )?;
            tx.execute(
                "INSERT INTO unit_link (unit, token_hash, created) VALUES (?1, ?2, ?3)",
                params![unit, token_hash, stamp(now)],
            )
            .map(|_| ())
        })
    }

    /// Revokes a unit's link; returns whether it had one.
    pub fn revoke_link(&mut self, unit: &str, now: NaiveDateTime) -> Result<bool, LedgerError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE unit_link SET revoked = ?2 WHERE unit = ?1 AND revoked IS NULL",
                params![unit, stamp(now)],
            )
            .map(|n| n > 0)
        })
    }

    /// The unit whose live link has this token hash.
    pub fn link_unit(&self, token_hash: &str) -> Result<Option<String>, LedgerError> {
        let r = self
            .conn
            .query_row(
                "SELECT unit FROM unit_link WHERE token_hash = ?1 AND revoked IS NULL",
                [token_hash],
                |r| r.get(0),
            )
            .optional();
        self.sql(r)
    }

    /// Opens a period for units to upload to.
    pub fn open_period(
        &mut self,
        period: Period,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<(), LedgerError> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO open_period (period, opened, by_user) VALUES (?1, ?2, ?3)",
                params![period.id(), stamp(now), by],
            )
            .map(|_| ())
        })
    }

    /// Closes a period: units no longer see it.
    pub fn close_period(&mut self, period: Period) -> Result<(), LedgerError> {
        self.write(|tx| {
            tx.execute("DELETE FROM open_period WHERE period = ?1", [period.id()])
                .map(|_| ())
        })
    }

    /// The open periods, as their ids, in order of opening.
    pub fn open_periods(&self) -> Result<Vec<String>, LedgerError> {
        let r = (|| {
            let mut stmt = self
                .conn
                .prepare("SELECT period FROM open_period ORDER BY opened, period")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        })();
        self.sql(r)
    }

    /// Every version of every unit for a period, by unit then version.
    pub fn history(
        &self,
        period: Period,
    ) -> Result<BTreeMap<String, Vec<VersionRow>>, LedgerError> {
        let r = history_in(&self.conn, &period.id());
        let rows = self.sql(r)?;
        let mut out: BTreeMap<String, Vec<VersionRow>> = BTreeMap::new();
        for row in rows {
            out.entry(row.unit.clone()).or_default().push(row);
        }
        Ok(out)
    }

    /// The findings recorded with a version.
    pub fn version_findings(&self, row: &VersionRow) -> Result<Vec<Finding>, LedgerError> {
        let r = (|| {
            let mut stmt = self.conn.prepare(
                "SELECT f.severity, f.code, f.sheet, f.cell, f.message, f.hint, r.file_name
                 FROM finding f JOIN receipt r ON r.id = f.receipt_id
                 WHERE f.receipt_id = ?1 ORDER BY f.rowid",
            )?;
            let rows = stmt.query_map([row.receipt], |r| {
                Ok(Finding {
                    severity: if r.get::<_, String>(0)? == "error" {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    code: intern(&r.get::<_, String>(1)?),
                    sheet: r.get(2)?,
                    cell: r.get(3)?,
                    message: r.get(4)?,
                    hint: r.get(5)?,
                    file: r.get(6)?,
                })
            })?;
            rows.collect()
        })();
        self.sql(r)
    }

    /// Records the office's decision on a unit's version; false when there is no such version.
    pub fn review(
        &mut self,
        unit: &str,
        period: Period,
        version: u32,
        decision: &Review,
        now: NaiveDateTime,
    ) -> Result<bool, LedgerError> {
        let (state, reason, by) = match decision {
            Review::Received => return Ok(false),
            Review::Returned { reason, by } => ("returned", reason.as_str(), by.as_str()),
            Review::Accepted { by } => ("accepted", "", by.as_str()),
        };
        self.write(|tx| {
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM submission WHERE unit = ?1 AND period = ?2 AND version = ?3",
                    params![unit, period.id(), version],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = id else { return Ok(false) };
            tx.execute(
                "INSERT INTO review (submission_id, state, reason, by_user, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, state, reason, by, stamp(now)],
            )?;
            Ok(true)
        })
    }

    /// Writes a line of the log.
    pub fn audit(
        &mut self,
        now: NaiveDateTime,
        actor: &str,
        action: &str,
        detail: &str,
        origin: &str,
    ) -> Result<(), LedgerError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO audit (at, actor, action, detail, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![stamp(now), actor, action, detail, origin],
            )
            .map(|_| ())
        })
    }

    /// The latest `limit` lines of the log, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditRow>, LedgerError> {
        let r = (|| {
            let mut stmt = self.conn.prepare(
                "SELECT at, actor, action, detail, origin FROM audit ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(AuditRow {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    action: r.get(2)?,
                    detail: r.get(3)?,
                    origin: r.get(4)?,
                })
            })?;
            rows.collect()
        })();
        self.sql(r)
    }
}

fn history_in(conn: &rusqlite::Connection, period: &str) -> rusqlite::Result<Vec<VersionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.unit, s.version, r.file_name, s.received, s.report_date, r.recorded_at,
                r.source, r.origin, r.id,
                (SELECT COUNT(*) FROM finding f WHERE f.receipt_id = r.id AND f.severity = 'error'),
                (SELECT COUNT(*) FROM finding f WHERE f.receipt_id = r.id AND f.severity = 'warning'),
                v.state, v.reason, v.by_user
         FROM submission s JOIN receipt r ON r.id = s.receipt_id
         LEFT JOIN review v ON v.id = (SELECT MAX(w.id) FROM review w WHERE w.submission_id = s.id)
         WHERE s.period = ?1 ORDER BY s.unit, s.version",
    )?;
    let rows = stmt.query_map([period], |r| {
        let state: Option<String> = r.get(11)?;
        let reason: Option<String> = r.get(12)?;
        let by: Option<String> = r.get(13)?;
        let review = match state.as_deref() {
            Some("returned") => Review::Returned {
                reason: reason.unwrap_or_default(),
                by: by.unwrap_or_default(),
            },
            Some("accepted") => Review::Accepted {
                by: by.unwrap_or_default(),
            },
            _ => Review::Received,
        };
        let date = |s: Option<String>| s.and_then(|s| s.parse().ok());
        Ok(VersionRow {
            unit: r.get(0)?,
            version: r.get(1)?,
            file_name: r.get(2)?,
            received: date(r.get(3)?).unwrap_or_default(),
            report_date: date(r.get(4)?),
            recorded_at: r.get(5)?,
            source: r.get(6)?,
            origin: r.get(7)?,
            receipt: r.get(8)?,
            errors: r.get(9)?,
            warnings: r.get(10)?,
            review,
        })
    })?;
    rows.collect()
}
