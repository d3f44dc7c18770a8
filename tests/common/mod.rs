//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;

use baocao::intake::ingest::Expect;
use baocao::model::period::Period;
use baocao::model::programme::Programme;
use baocao::model::submission::Content;
use baocao::shell::ledger::Ledger;
use baocao::shell::{self, FileOutcome, IngestOptions, Received};
use chrono::NaiveDate;

/// Ingests every workbook under `dir` as `baocao report --inputs` does: received on the report
/// date written in each, on a fixed day.
pub fn ingest_dir(p: &Programme, ledger: &mut Ledger, dir: &Path) -> Vec<FileOutcome> {
    let files = shell::collect_files(&[dir.to_path_buf()]).unwrap();
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
    shell::ingest(p, ledger, &files, &opts).unwrap()
}

/// Compares `got` with the reviewed snapshot at `path`. A missing snapshot fails: it must be
/// written on purpose (`BAOCAO_UPDATE_SNAPSHOTS=1`) and reviewed, never on a first run.
pub fn assert_snapshot(path: &Path, got: &str) {
    if std::env::var_os("BAOCAO_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, got).unwrap();
        return;
    }
    let Ok(want) = std::fs::read_to_string(path) else {
        panic!(
            "{} is missing: write it with BAOCAO_UPDATE_SNAPSHOTS=1, review it, commit it",
            path.display()
        );
    };
    if want != got {
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{} differs from its snapshot from line {}; review and rerun with \
             BAOCAO_UPDATE_SNAPSHOTS=1",
            path.display(),
            line + 1
        );
    }
}

/// A unit's workbook for `period` as the office generates it, filled in with `content` as a
/// clerk would; `typed` overrides cells with raw text (sheet code, text).
pub fn filled(
    p: &Programme,
    unit: &str,
    period: Period,
    issued: NaiveDate,
    content: &Content,
    typed: &[(String, String)],
) -> Vec<u8> {
    baocao::intake::workbook::generate(&baocao::intake::workbook::Request {
        programme: p,
        unit: p.unit(unit).unwrap(),
        period,
        issued,
        previous: &std::collections::BTreeMap::new(),
        previous_label: "Kỳ trước".into(),
        answers: Some(content),
        typed,
        numbers_as_text: false,
    })
    .unwrap()
}
