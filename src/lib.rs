//! baocao: turns the spreadsheets reporting units send into the official periodic reports of
//! a Vietnamese ward. See ARCHITECTURE.md for the map; data flows one way:
//! workbook → submission → ledger → consolidate → report → document → render.

pub mod app;
pub mod biff;
pub mod cell;
pub mod check;
pub mod consolidate;
pub mod document;
pub mod evaluate;
pub mod export;
pub mod fonts;
pub mod ingest;
pub mod ledger;
pub mod markup;
pub mod period;
pub mod profile;
pub mod programme;
pub mod render;
pub mod report;
pub mod rules;
pub mod sample;
pub mod submission;
pub mod table;
pub mod text;
pub mod vn;
pub mod workbook;
