//! Diagnostics as data: one severity, one finding located by file, sheet and cell, and the
//! Vietnamese words a clerk reads. Intake, the validation rules and the ledger all speak it.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The cell (or file) was not taken.
    Error,
    /// Taken, but worth a look.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        }
    }
}

/// One problem found in a file, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable machine code ("not-a-number", "wrong-period"...).
    pub code: &'static str,
    pub file: String,
    pub sheet: Option<String>,
    /// A1-style reference.
    pub cell: Option<String>,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.label(), self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", trang «{s}»")?;
        }
        if let Some(c) = &self.cell {
            write!(f, ", ô {c}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, " — {}", self.hint)?;
        }
        Ok(())
    }
}

/// A cell's name as a spreadsheet shows it: "F7" for row 6, column 5 (both 0-based).
pub fn a1(row: u32, col: u16) -> String {
    let mut c = u32::from(col) + 1;
    let mut letters = Vec::new();
    while c > 0 {
        letters.push(char::from(b'A' + ((c - 1) % 26) as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}
