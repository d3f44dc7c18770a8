//! The document model every report is rendered through: the administrative frame (letterhead,
//! number, place and date, title, signature, recipients, appendices) around body blocks.
//!
//! The model knows nothing of DOCX or PDF; the renderers in [`crate::render`] know nothing of
//! reports. Text held here is plain Unicode (NFC), never markup.

use chrono::NaiveDate;
use serde::Serialize;

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
            underline: false,
        }
    }
    pub fn bold(text: impl Into<String>) -> Run {
        Run {
            bold: true,
            ..Run::plain(text)
        }
    }
    pub fn italic(text: impl Into<String>) -> Run {
        Run {
            italic: true,
            ..Run::plain(text)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Justify,
    Left,
    Center,
    Right,
}

/// Heading levels as Vietnamese reports use them; numbering is literal text in the heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// "Phần thứ nhất" + its title: centred, caps, bold.
    Part,
    /// "I. KẾT QUẢ ĐẠT ĐƯỢC": caps, bold.
    Section,
    /// "1. Tên khoản": bold.
    Item,
    /// "1.1. ...": bold italic.
    Subitem,
    /// "a) ...": upright.
    Point,
}

impl Level {
    pub fn depth(self) -> u8 {
        match self {
            Level::Part => 1,
            Level::Section => 2,
            Level::Item => 3,
            Level::Subitem => 4,
            Level::Point => 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Heading {
        level: Level,
        runs: Vec<Run>,
    },
    Paragraph {
        runs: Vec<Run>,
        align: Align,
        /// First-line indent of body text.
        indent: bool,
    },
    /// A "-" item.
    Dash {
        runs: Vec<Run>,
    },
    Table(Table),
    PageBreak,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Relative column widths.
    pub widths: Vec<f64>,
    /// How many leading rows are the header (repeated on every page).
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub runs: Vec<Run>,
    pub align: Align,
    pub colspan: usize,
    /// Rows this cell spans downward (1 = none). Cells it covers are omitted from later rows.
    pub rowspan: usize,
}

/// An appendix: its own title, the "(Kèm theo …)" line, and blocks, optionally on landscape
/// pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appendix {
    pub title: String,
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

/// The frame of an administrative document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Frame {
    /// "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" (may be empty for State documents).
    pub superior: String,
    /// "ĐẢNG ỦY PHƯỜNG NAM ĐỒNG" or "ỦY BAN NHÂN DÂN" / "PHƯỜNG NAM ĐỒNG".
    pub issuer_lines: Vec<String>,
    /// Issuer abbreviation in the number ("ĐU", "UBND").
    pub issuer_abbreviation: String,
    /// Document type abbreviation in the number ("BC").
    pub type_abbreviation: String,
    /// None: left open for the records clerk.
    pub number: Option<u32>,
    pub place: String,
    /// None: day and month left open; the year is still printed.
    pub date: Option<NaiveDate>,
    pub year: i32,
    /// "BÁO CÁO".
    pub doc_type: String,
    /// The trích yếu under the type.
    pub summary: String,
    /// Prints a "DỰ THẢO" mark.
    pub draft: bool,
    pub signature: Signature,
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// "T/M BAN THƯỜNG VỤ" / "TM. ỦY BAN NHÂN DÂN".
    pub authority: String,
    /// "BÍ THƯ" / "CHỦ TỊCH" (may be several lines: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
    pub titles: Vec<String>,
    pub name: String,
}

/// Document properties written into the files' metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// The report date: every timestamp in the files is this day, so output is repeatable.
    pub date: NaiveDate,
    pub language: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub meta: Meta,
    pub frame: Frame,
    pub body: Vec<Block>,
    pub appendices: Vec<Appendix>,
}

/// The place-and-date line: "Nam Đồng, ngày 15 tháng 6 năm 2026", or with day and month left
/// open ("ngày      tháng      năm 2026") for the records clerk.
/// Line pitch of table text, in em of its size. Liberation Serif's (and Times New Roman's)
/// stacked diacritics reach 0.905 em above the baseline ("Ễ") and descenders 0.216 em below
/// it ("g"): 1.121 em of ink, so 1.25 em leaves about 1.5 pt between lines at 12 pt.
pub const TABLE_LINE_PITCH: f64 = 1.25;

/// A heading's runs as set: section headings ("I. …") and part titles in capitals; the part
/// label itself ("Phần thứ nhất") stays as written, in bold (admin-format.md, body headings).
pub fn heading_runs(level: Level, runs: &[Run]) -> Vec<Run> {
    let label = level == Level::Part
        && runs
            .first()
            .is_some_and(|r| r.text.trim_start().starts_with("Phần "));
    if level == Level::Section || (level == Level::Part && !label) {
        runs.iter()
            .map(|x| Run {
                text: x.text.to_uppercase(),
                ..x.clone()
            })
            .collect()
    } else {
        runs.to_vec()
    }
}

pub fn place_date(frame: &Frame, blank: &str) -> String {
    match frame.date {
        Some(d) => format!("{}, {}", frame.place, crate::model::vn::long_date(d)),
        None => format!("{}, ngày{blank}tháng{blank}năm {}", frame.place, frame.year),
    }
}

/// Normalises text to NFC, one spelling of "ủy" ([`crate::model::vn::spelling`]), figures
/// bound to their signs and units ([`crate::model::vn::bind_units`]), and drops
/// characters XML 1.0 cannot carry (C0 controls other than tab and newline): text that units
/// typed, templates and seeds reach both renderers clean.
pub fn clean(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = text
        .nfc()
        .filter(|&c| c == '\t' || c == '\n' || !(c.is_control() && (c as u32) < 0x20))
        .filter(|&c| !matches!(c as u32, 0x7f | 0xfffe | 0xffff))
        .collect();
    crate::model::vn::bind_units(&crate::model::vn::spelling(&nfc))
}

/// The label and the "(Kèm theo …)" line of appendix `index` (0-based): "Phụ lục 1" for
/// Party documents, "Phụ lục I" for State documents.
pub fn appendix_caption(
    doc: &Document,
    profile: &crate::render::profile::Profile,
    index: usize,
) -> (String, String) {
    let f = &doc.frame;
    // The number as the profile orders it ("12-BC/ĐU", "45/BC-UBND"), its place kept blank
    // when the clerk numbers the document at issue ("      /BC-UBND").
    let line = profile.number_line(f.number, &f.type_abbreviation, &f.issuer_abbreviation);
    let number = line.strip_prefix("Số").unwrap_or(&line);
    let number = number.strip_prefix(':').unwrap_or(number);
    let number = number.strip_prefix(' ').unwrap_or(number).to_string();
    let date = match f.date {
        Some(d) => crate::model::vn::short_date(d),
        None => format!("{b}/{b}/{}", f.year, b = profile.blank.trim_end()),
    };
    let issuer = issuer_name(f);
    (
        appendix_label(profile, index),
        format!(
            "(Kèm theo {} số {number} ngày {date} của {issuer})",
            sentence_case(&f.doc_type)
        ),
    )
}

/// "Phụ lục 1" (Party documents) or "Phụ lục I" (State documents) for appendix `index`
/// (0-based): how the text refers to an appendix and how its caption names it.
pub fn appendix_label(profile: &crate::render::profile::Profile, index: usize) -> String {
    if profile.appendix_numbering == "roman" {
        format!("Phụ lục {}", crate::model::vn::roman(index + 1))
    } else {
        format!("Phụ lục {}", index + 1)
    }
}

/// The issuing body as running text: "Đảng ủy phường Nam Đồng".
pub fn issuer_name(f: &Frame) -> String {
    sentence_case(&f.issuer_lines.join(" "))
}

/// "ĐẢNG ỦY PHƯỜNG NAM ĐỒNG" → "Đảng ủy phường Nam Đồng": place names keep their capitals.
pub fn sentence_case(s: &str) -> String {
    // Words after "PHƯỜNG" (the place name) keep an initial capital.
    let mut out = Vec::new();
    let mut proper = false;
    for (i, w) in s.split_whitespace().enumerate() {
        let lower = w.to_lowercase();
        let word = if i == 0 || proper {
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        } else {
            lower.clone()
        };
        if matches!(lower.as_str(), "phường" | "xã" | "thành" | "phố") {
            proper = lower == "phường" || lower == "xã" || lower == "phố";
        }
        out.push(word);
    }
    out.join(" ")
}
