//! baocao: turns the spreadsheets reporting units send into the official periodic reports of
//! a Vietnamese ward. See ARCHITECTURE.md for the map. The folders are the phases, bottom up:
//! `model` (the programme and its judging), `intake` (workbooks out and in) and `render` (the
//! document model, DOCX and PDF), `report` (consolidation and drafting), `shell` (files, the
//! ledger, the clock); the CLI (`main.rs`) sits on the shell. Each imports only what is below.

pub mod intake;
pub mod model;
pub mod render;
pub mod report;
pub mod shell;
pub mod web;
