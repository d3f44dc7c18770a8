//! What units send, in and out: the workbook a unit fills (`workbook`), a cell's text parsed
//! for its kind (`cell`, `text`), any spreadsheet format read back into a submission with its
//! findings (`ingest`, with `biff` for legacy .xls and `ods` for OpenDocument), and the sample submissions (`sample`).
//!
//! Architecture invariant: intake takes bytes and names, never paths it opens itself, and
//! imports only the model.

pub mod biff;
pub mod cell;
pub mod ingest;
pub mod ods;
pub mod sample;
pub mod text;
pub mod workbook;
