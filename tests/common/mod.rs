//! Helpers shared by the integration tests.

use std::path::Path;

use baocao::app::{self, FileOutcome, IngestOptions, Received};
use baocao::ingest::Expect;
use baocao::ledger::Ledger;
use baocao::programme::Programme;
use chrono::NaiveDate;

/// Ingests every workbook under `dir` as `baocao report --inputs` does: received on the report
/// date written in each, on a fixed day.
pub fn ingest_dir(p: &Programme, ledger: &mut Ledger, dir: &Path) -> Vec<FileOutcome> {
    let files = app::collect_files(&[dir.to_path_buf()]).unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let opts = IngestOptions {
        expect: Expect::default(),
        received: Received::ReportDate(now.date()),
        now,
        strict: false,
        progress: false,
    };
    app::ingest(p, ledger, &files, &opts).unwrap()
}
