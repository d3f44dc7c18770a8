//! The programme as data and what follows from it alone: units, data elements, targets and
//! tasks (`programme`), their coherence (`check`), periods and calendars (`period`), judging a
//! target (`evaluate`), validation rules across figures (`rules`), the year's plan (`plans`), what a unit says for a period
//! (`submission`), diagnostics (`diag`) and Vietnamese formatting (`vn`).
//!
//! Architecture invariant: nothing here opens a file, the ledger or the clock, and nothing here
//! imports from another phase; every other folder builds on this one.

pub mod check;
pub mod diag;
pub mod evaluate;
pub mod period;
pub mod plans;
pub mod programme;
pub mod rules;
pub mod submission;
pub mod vn;
