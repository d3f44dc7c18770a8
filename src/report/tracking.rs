//! The office's working notes on a report (bảng theo dõi): what it must see and settle before
//! the report is issued, and what never goes into the official text. Findings in the units'
//! workbooks (file, sheet, cell), figures that break a validation rule, tasks nobody is assigned
//! to lead, a signer that is still the sample name. Written as sheets of the consolidated
//! workbook beside the report (`tong-hop-<period>.xlsx`), which already holds the units' table
//! with their received dates: one file for the office to open, not two.

use crate::model::diag::{Finding, Severity};
use crate::model::programme::Programme;
use crate::render::profile::ProfileKind;
use crate::report::consolidate::Consolidated;

/// One finding in a unit's workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    pub unit: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    /// "Lỗi" or "Cảnh báo".
    pub severity: &'static str,
    pub message: String,
    pub hint: String,
}

/// One figure, or the ward's total, breaking a validation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct BreachRow {
    pub rule: String,
    /// The unit, or "Tổng toàn phường".
    pub unit: String,
    pub left: f64,
    pub right: f64,
}

/// What the office must settle before issuing the report.
#[derive(Debug, Clone, Default)]
pub struct Tracking {
    pub findings: Vec<FindingRow>,
    pub breaches: Vec<BreachRow>,
    /// Tasks without a lead unit: (code, title).
    pub unassigned: Vec<(String, String)>,
    /// Notes on the document itself (a sample signer).
    pub notes: Vec<String>,
}

/// The working notes of a consolidated period: `findings` are the ledger's for the period,
/// (unit code, finding) as `Ledger::findings` gives them.
pub fn tracking(
    p: &Programme,
    c: &Consolidated,
    findings: &[(String, Finding)],
    profile: ProfileKind,
) -> Tracking {
    let findings = findings
        .iter()
        .map(|(unit, f)| FindingRow {
            unit: if unit.is_empty() {
                "(chưa xác định)".into()
            } else {
                p.unit_name(unit).to_string()
            },
            file: f.file.clone(),
            sheet: f.sheet.clone().unwrap_or_default(),
            cell: f.cell.clone().unwrap_or_default(),
            severity: match f.severity {
                Severity::Error => "Lỗi",
                Severity::Warning => "Cảnh báo",
            },
            message: f.message.clone(),
            hint: f.hint.clone(),
        })
        .collect();
    let mut breaches: Vec<BreachRow> = Vec::new();
    for b in c.targets.iter().flat_map(|t| &t.breaches) {
        let row = BreachRow {
            rule: b.message.clone(),
            unit: b
                .unit
                .as_deref()
                .map(|u| p.unit_name(u).to_string())
                .unwrap_or_else(|| "Tổng toàn phường".into()),
            left: b.left,
            right: b.right,
        };
        if !breaches.contains(&row) {
            breaches.push(row);
        }
    }
    let unassigned = p
        .tasks
        .iter()
        .filter(|t| t.lead.is_none())
        .map(|t| (t.code.clone(), t.title.clone()))
        .collect();
    Tracking {
        findings,
        breaches,
        unassigned,
        notes: sample_signer(p, profile).into_iter().collect(),
    }
}

/// A warning when the report would be signed with the sample name of `issuers.toml`.
pub fn sample_signer(p: &Programme, profile: ProfileKind) -> Option<String> {
    let i = p.issuer(profile);
    i.signer_sample.then(|| {
        format!(
            "người ký “{}” ({}) là tên mẫu trong seeds/issuers.toml (signer_sample = true): \
             ghi tên người ký thật và bỏ dòng signer_sample trước khi phát hành báo cáo",
            i.signer_name, i.signer_title
        )
    })
}
