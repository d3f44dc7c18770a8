//! Renderers of the document model: DOCX (docx-rs) and PDF (typst). Both read the same model
//! and the same format profile, so the two files agree.

pub mod docx;
pub mod ooxml;
pub mod pdf;
