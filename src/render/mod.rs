//! Renderers of the document model: DOCX (docx-rs) and PDF (typst). Both read the same model
//! and the same format profile, so the two files agree.

pub mod columns;
pub mod document;
pub mod docx;
pub mod fonts;
pub mod markup;
pub mod ooxml;
pub mod pdf;
pub mod profile;
