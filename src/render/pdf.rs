//! PDF through typst as an embedded typesetter.
//!
//! The document model is converted to typst code in which every piece of text is a string
//! literal (never markup), compiled in an in-memory [`World`] that knows only the Liberation
//! Serif fonts shipped in `fonts/`, and exported as PDF/A-2b with a fixed date and an
//! identifier derived from the content: the same input gives the same bytes.

use std::fmt::Write as _;
use std::sync::OnceLock;

use chrono::Datelike;
use sha2::{Digest, Sha256};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::render::columns;
use crate::render::document::{
    Align, Appendix, Block, Cell, Document, Run, TABLE_LINE_PITCH, Table, appendix_caption,
    place_date,
};
use crate::render::profile::{Profile, ProfileKind};

/// The typesetter's fixed environment: library and fonts, built once per process.
struct Env {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Builds the typesetter's environment (typst's standard library, the fonts parsed), which the
/// first PDF of a process otherwise does: public so the benchmark can time it apart.
pub fn warm_up() {
    env();
}

fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let fonts: Vec<Font> = crate::render::fonts::all().to_vec();
        Env {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// An in-memory world holding one source file.
struct Memory {
    main: Source,
}

impl World for Memory {
    fn library(&self) -> &LazyHash<Library> {
        &env().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &env().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        // No images, no packages, no includes: the document is one self-contained source.
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        env().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // The report date is written into the document; nothing reads the clock.
        None
    }
}

/// A typesetting failure; only a bug in this module or a broken font can cause one.
#[derive(Debug, thiserror::Error)]
#[error("không dàn trang được PDF: {0}")]
pub struct PdfError(pub String);

/// Renders the document as PDF/A-2b bytes.
pub fn render(doc: &Document, profile: &Profile) -> Result<Vec<u8>, PdfError> {
    compile(&to_typst(doc, profile))
}

/// Lays out a typst program: shaping, line and page breaking, tables. Public so the benchmark
/// can time the stages apart.
pub fn typeset(code: &str) -> Result<PagedDocument, PdfError> {
    let world = Memory {
        main: Source::detached(code.to_string()),
    };
    let warned = typst::compile::<PagedDocument>(&world);
    warned
        .output
        .map_err(|errs| PdfError(describe(errs.as_slice())))
}

/// A run of text as laid out: page (1-based), left edge and baseline in millimetres from the
/// page's top-left corner, width in millimetres, size in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
    pub text: String,
}

/// Page sizes (width, height in mm) and every run of text where the PDF puts it.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<(f64, f64)>,
    pub texts: Vec<Placed>,
}

/// The laid-out document, for tests of the layout.
pub fn placed_text(doc: &Document, profile: &Profile) -> Result<Layout, PdfError> {
    let paged = typeset(&to_typst(doc, profile))?;
    let mut sizes = Vec::new();
    let mut out = Vec::new();
    for (i, page) in paged.pages().iter().enumerate() {
        sizes.push((page.frame.width().to_mm(), page.frame.height().to_mm()));
        walk(&page.frame, i + 1, 0.0, 0.0, &mut out);
    }
    drop(paged);
    typst::comemo::evict(0);
    Ok(Layout {
        pages: sizes,
        texts: out,
    })
}

fn walk(frame: &typst::layout::Frame, page: usize, dx: f64, dy: f64, out: &mut Vec<Placed>) {
    use typst::layout::FrameItem;
    for (pos, item) in frame.items() {
        let (x, y) = (dx + pos.x.to_mm(), dy + pos.y.to_mm());
        match item {
            FrameItem::Group(g) => walk(
                &g.frame,
                page,
                x + g.transform.tx.to_mm(),
                y + g.transform.ty.to_mm(),
                out,
            ),
            FrameItem::Text(t) => out.push(Placed {
                page,
                x,
                y,
                width: t
                    .glyphs
                    .iter()
                    .map(|g| g.x_advance.at(t.size).to_mm())
                    .sum(),
                size: t.size.to_pt(),
                text: t.text.to_string(),
            }),
            _ => {}
        }
    }
}

fn compile(code: &str) -> Result<Vec<u8>, PdfError> {
    let paged = typeset(code)?;
    let bytes = export(&paged, code);
    // typst memoizes layout across compilations; one report never reuses another's, so free
    // the cache rather than let a long-running process (a benchmark, a server) grow.
    typst::comemo::evict(0);
    bytes
}

/// Writes laid-out pages as PDF/A-2b: fonts subset, streams compressed, structure tagged. The
/// document's identifier comes from its typst program, so the same input gives the same bytes.
pub fn export(paged: &PagedDocument, code: &str) -> Result<Vec<u8>, PdfError> {
    let ident = hex(&Sha256::digest(code.as_bytes()))[..32].to_string();
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("baocao".into())),
        timestamp: None,
        page_ranges: None,
        standards: PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| PdfError(format!("{e:?}")))?,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(paged, &options).map_err(|errs| PdfError(describe(errs.as_slice())))
}

fn describe(errs: &[SourceDiagnostic]) -> String {
    errs.iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The space between the lines of a single-spaced paragraph in Word, over typst's 1 em line
/// box: Times New Roman's (and Liberation Serif's) ascent, descent and line gap add up to
/// 1.149 em. The letterhead and the title block are single-spaced in the DOCX.
const SINGLE: &str = "0.149em";

/// A typst string literal: the only way text enters the typst source.
fn lit(s: &str) -> String {
    // A glyph no font has would stop the PDF/A export: print a visible mark instead.
    let s = crate::render::fonts::printable(&crate::render::document::clean(s));
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut previous = ['\0', '\0'];
    for c in s.chars() {
        // Typst may break after "/" before a letter: "12%/" would end a line and "năm" start
        // the next. A word joiner (invisible) keeps a rate's unit whole.
        if previous == ['%', '/'] && c.is_alphabetic() {
            out.push_str("\\u{2060}");
        }
        previous = [previous[1], c];
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Content expression for runs: `[#"a"#strong("b")]`.
fn runs(rs: &[Run]) -> String {
    let mut out = String::from("[");
    for r in rs {
        let mut e = lit(&r.text);
        if r.bold {
            e = format!("strong({e})");
        }
        if r.italic {
            e = format!("emph({e})");
        }
        if r.underline {
            e = format!("underline({e})");
        }
        let _ = write!(out, "#{e}");
    }
    out.push(']');
    out
}

fn mm(x: f64) -> String {
    format!("{x:.2}mm")
}
fn pt(x: f64) -> String {
    format!("{x:.1}pt")
}

/// The typst program for a document. Public for snapshot tests.
pub fn to_typst(doc: &Document, p: &Profile) -> String {
    let mut s = String::new();
    let d = doc.meta.date;
    let _ = writeln!(
        s,
        "#set document(title: {}, author: {}, description: {}, date: datetime(year: {}, month: {}, day: {}))",
        lit(&doc.meta.title),
        lit(&doc.meta.author),
        lit(&doc.meta.subject),
        d.year(),
        d.month(),
        d.day()
    );
    let _ = writeln!(
        s,
        "#set text(font: \"Liberation Serif\", size: {}, lang: \"vi\", top-edge: 0.8em, bottom-edge: -0.2em, hyphenate: false, overhang: false)",
        pt(p.body_size)
    );
    let leading = (p.line_spacing - p.body_size).max(0.0);
    let _ = writeln!(
        s,
        "#set par(justify: true, linebreaks: \"simple\", justification-limits: (spacing: (min: 100%, max: 400%)), leading: {}, spacing: {}, first-line-indent: (amount: {}, all: true))",
        pt(leading),
        pt(leading + p.paragraph_spacing),
        mm(p.first_line_indent)
    );
    let _ = writeln!(
        s,
        "#let pagehead = context {{ if counter(page).get().first() > 1 {{ align(center, text(size: {})[#counter(page).display()]) }} }}",
        pt(p.page_number_size)
    );
    // Word and LibreOffice set an exact line's extra height above its text, so a page's first
    // baseline sits `leading` lower than typst's (which puts leading between lines only): the
    // body starts that much lower here too, or each PDF page holds a line more than the DOCX.
    let header_ascent = (p.margin_top - p.header_distance - p.page_number_size * 0.3528).max(1.0)
        + leading * 25.4 / 72.0;
    let _ = writeln!(
        s,
        "#set page(paper: \"a4\", margin: (top: {}, bottom: {}, left: {}, right: {}), header: pagehead, header-ascent: {})",
        mm(p.margin_top + leading * 25.4 / 72.0),
        mm(p.margin_bottom),
        mm(p.margin_left),
        mm(p.margin_right),
        mm(header_ascent)
    );
    let _ = writeln!(s, "#set table(inset: (x: 5.4pt, y: 3pt))");
    let _ = writeln!(
        s,
        "#show heading: it => block(above: {}, below: {}, sticky: true, breakable: false, it.body)",
        pt(leading + p.paragraph_spacing),
        pt(leading + p.paragraph_spacing)
    );
    let _ = writeln!(
        s,
        "#show heading: set text(size: {}, weight: \"bold\")",
        pt(p.body_size)
    );
    let _ = writeln!(s, "#show heading.where(level: 1): set align(center)");
    let _ = writeln!(
        s,
        "#show heading.where(level: 4): set text(style: \"italic\")"
    );
    let _ = writeln!(
        s,
        "#show heading.where(level: 5): set text(weight: \"regular\")"
    );
    // The letterhead (single-spaced in the DOCX) starts at the top margin itself.
    let _ = writeln!(s, "#v(-{})", pt(leading));
    letterhead(&mut s, doc, p);
    for b in &doc.body {
        block(&mut s, b, p);
    }
    signature(&mut s, doc, p);
    for (i, a) in doc.appendices.iter().enumerate() {
        appendix(&mut s, doc, p, i, a);
    }
    s
}

fn letterhead(s: &mut String, doc: &Document, p: &Profile) {
    let f = &doc.frame;
    let number = p.number_line(f.number, &f.type_abbreviation, &f.issuer_abbreviation);
    let date = place_date(f, &p.blank);
    if f.draft {
        let _ = writeln!(
            s,
            "#place(top + right, dy: -12mm, box(stroke: 0.8pt, inset: 3pt, text(size: 12pt, weight: \"bold\")[#\"DỰ THẢO\"]))"
        );
    }
    let ruled = |text: &str, size: f64, bold: bool| {
        format!(
            "box(stroke: (bottom: 0.6pt), inset: (bottom: 2pt), text(size: {}, weight: \"{}\", {}))",
            pt(size),
            if bold { "bold" } else { "regular" },
            lit(text)
        )
    };
    let t = |text: &str, size: f64, bold: bool, italic: bool| {
        format!(
            "text(size: {}, weight: \"{}\", style: \"{}\", {})",
            pt(size),
            if bold { "bold" } else { "regular" },
            if italic { "italic" } else { "normal" },
            lit(text)
        )
    };
    let (left, right): (Vec<String>, Vec<String>) = match p.kind() {
        ProfileKind::Dang => {
            let mut left = vec![t(&f.superior, p.letterhead_size, false, false)];
            for l in &f.issuer_lines {
                left.push(t(l, p.letterhead_size, true, false));
            }
            left.push(t("*", p.letterhead_size, false, false));
            left.push(t(&number, p.number_size, false, false));
            let mut right = vec![ruled("ĐẢNG CỘNG SẢN VIỆT NAM", p.national_size, true)];
            while right.len() < left.len() - 1 {
                right.push("[]".into());
            }
            right.push(t(&date, p.date_size, false, true));
            (left, right)
        }
        ProfileKind::NhaNuoc => {
            let mut left = Vec::new();
            if !f.superior.is_empty() {
                left.push(t(&f.superior, p.letterhead_size, false, false));
            }
            let n = f.issuer_lines.len();
            for (i, l) in f.issuer_lines.iter().enumerate() {
                left.push(if i + 1 == n {
                    format!(
                        "stack(spacing: 7pt, {}, line(length: 35%, stroke: 0.6pt))",
                        t(l, p.letterhead_size, true, false)
                    )
                } else {
                    t(l, p.letterhead_size, true, false)
                });
            }
            left.push(t(&number, p.number_size, false, false));
            let mut right = vec![
                t(
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    p.national_size,
                    true,
                    false,
                ),
                ruled("Độc lập - Tự do - Hạnh phúc", p.motto_size, true),
            ];
            while right.len() < left.len() - 1 {
                right.push("[]".into());
            }
            right.push(t(&date, p.date_size, false, true));
            (left, right)
        }
    };
    let rows = left.len().max(right.len());
    // The left block takes the width of its longest line; the national title the rest.
    let _ = write!(
        s,
        "#block(width: 100%, {{ set par(justify: false, first-line-indent: 0pt, leading: {SINGLE}); grid(columns: (auto, 1fr), column-gutter: 4mm, align: center + horizon, row-gutter: {SINGLE}"
    );
    for i in 0..rows {
        let l = left.get(i).cloned().unwrap_or_else(|| "[]".into());
        let r = right.get(i).cloned().unwrap_or_else(|| "[]".into());
        let _ = write!(s, ", {l}, {r}");
    }
    let _ = writeln!(s, ") }})");
    let _ = writeln!(s, "#v(10pt)");
    // Title, summary and the rule under them single-spaced, as the DOCX sets them.
    let _ = writeln!(
        s,
        "#block[#set par(leading: {SINGLE}, spacing: {SINGLE}); #set block(spacing: {SINGLE})"
    );
    let _ = writeln!(
        s,
        "#align(center, text(size: {}, weight: \"bold\", {}))",
        pt(p.doc_type_size),
        lit(&f.doc_type)
    );
    let _ = writeln!(
        s,
        "#align(center, block(width: 100%, par(justify: false, first-line-indent: 0pt, text(size: {}, weight: \"bold\", {}))))",
        pt(p.summary_size),
        lit(&f.summary)
    );
    match p.kind() {
        ProfileKind::Dang => {
            let _ = writeln!(
                s,
                "#align(center, text(size: {}, \"-----\"))",
                pt(p.body_size)
            );
        }
        ProfileKind::NhaNuoc => {
            // Clear of the summary's descenders, so the rule does not read as an underline.
            let _ = writeln!(
                s,
                "#v(8pt)\n#align(center, line(length: 25%, stroke: 0.6pt))"
            );
        }
    }
    let _ = writeln!(s, "]");
    let _ = writeln!(s, "#v(6pt)");
}

fn block(s: &mut String, b: &Block, p: &Profile) {
    match b {
        Block::Heading { level, runs: r } => {
            let depth = level.depth();
            let text = runs(&crate::render::document::heading_runs(*level, r));
            let _ = writeln!(s, "#heading(level: {depth}, {text})");
        }
        Block::Paragraph {
            runs: r,
            align,
            indent,
        } => {
            let body = runs(r);
            match align {
                Align::Justify if *indent => {
                    let _ = writeln!(s, "#par({body})");
                }
                Align::Justify => {
                    let _ = writeln!(s, "#par(first-line-indent: 0pt, {body})");
                }
                a => {
                    let _ = writeln!(
                        s,
                        "#align({}, par(justify: false, first-line-indent: 0pt, {body}))",
                        align_name(*a)
                    );
                }
            }
        }
        Block::Dash { runs: r } => {
            let mut rs = vec![Run::plain("- ")];
            rs.extend(r.iter().cloned());
            let _ = writeln!(s, "#par({})", runs(&rs));
        }
        Block::Table(t) => table(s, t, p, false),
        Block::PageBreak => {
            let _ = writeln!(s, "#pagebreak(weak: true)");
        }
    }
}

fn align_name(a: Align) -> &'static str {
    match a {
        Align::Justify | Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

fn cell(c: &Cell, header: bool) -> String {
    let rs = if header {
        c.runs
            .iter()
            .map(|r| Run {
                bold: true,
                ..r.clone()
            })
            .collect()
    } else {
        c.runs.clone()
    };
    let align = if header { Align::Center } else { c.align };
    // Plain cells stay plain content: a `table.cell` per cell costs typst layout time.
    if c.colspan == 1 && c.rowspan == 1 && matches!(align, Align::Left | Align::Justify) {
        return runs(&rs);
    }
    format!(
        "table.cell(colspan: {}, rowspan: {}, align: {} + horizon, {})",
        c.colspan,
        c.rowspan,
        align_name(align),
        runs(&rs)
    )
}

fn table(s: &mut String, t: &Table, p: &Profile, landscape: bool) {
    // The DOCX's grid, as fractions of the same width.
    let cols: Vec<String> = columns::widths_pt(t, p.content_width_pt(landscape), p.table_size)
        .iter()
        .map(|w| format!("{w:.3}fr"))
        .collect();
    let _ = write!(
        s,
        "#block({{ set par(justify: false, first-line-indent: 0pt, leading: {:.3}em); text(size: {}, top-edge: \"ascender\", bottom-edge: \"descender\", table(columns: ({},), align: left + horizon",
        // Liberation Serif's ascender and descender span 1.107 em; the rest of the pitch is
        // leading.
        TABLE_LINE_PITCH - 1.107,
        pt(p.table_size),
        cols.join(", ")
    );
    if t.header_rows > 0 {
        let _ = write!(s, ", table.header(repeat: true");
        for row in t.rows.iter().take(t.header_rows) {
            for c in row {
                let _ = write!(s, ", {}", cell(c, true));
            }
        }
        let _ = write!(s, ")");
    }
    for row in t.rows.iter().skip(t.header_rows) {
        for c in row {
            let _ = write!(s, ", {}", cell(c, false));
        }
    }
    let _ = writeln!(s, ")) }})");
}

fn signature(s: &mut String, doc: &Document, p: &Profile) {
    let f = &doc.frame;
    let mut left = String::new();
    let (title_style, entry_size) = match p.kind() {
        ProfileKind::Dang => (
            "underline(text(size: SIZE, \"Nơi nhận:\"))",
            p.recipients_size,
        ),
        ProfileKind::NhaNuoc => (
            "text(size: SIZE, weight: \"bold\", style: \"italic\", \"Nơi nhận:\")",
            p.recipients_size,
        ),
    };
    let _ = write!(
        left,
        "stack(spacing: 2pt, {}",
        title_style.replace("SIZE", &pt(p.recipients_title_size))
    );
    for r in &f.recipients {
        let _ = write!(left, ", text(size: {}, {})", pt(entry_size), lit(r));
    }
    left.push(')');
    let mut right = format!(
        "align(center, stack(spacing: 3pt, text(size: {}, weight: \"bold\", {})",
        pt(p.signature_size),
        lit(&f.signature.authority)
    );
    let title_bold = p.kind() == ProfileKind::NhaNuoc;
    for t in &f.signature.titles {
        let _ = write!(
            right,
            ", text(size: {}, weight: \"{}\", {})",
            pt(p.signature_size),
            if title_bold { "bold" } else { "regular" },
            lit(t)
        );
    }
    let _ = write!(
        right,
        ", v(28mm), text(size: {}, weight: \"bold\", {})))",
        pt(p.signature_size),
        lit(&f.signature.name)
    );
    let _ = writeln!(
        s,
        "#v(8pt)\n#block(breakable: false, grid(columns: (50%, 50%), align: (left + top, center + top), {left}, {right}))"
    );
}

fn appendix(s: &mut String, doc: &Document, p: &Profile, index: usize, a: &Appendix) {
    let (label, attached) = appendix_caption(doc, p, index);
    let _ = writeln!(
        s,
        "#set page(flipped: {})",
        if a.landscape { "true" } else { "false" }
    );
    let _ = writeln!(s, "#pagebreak(weak: true)");
    let _ = writeln!(
        s,
        // The space keeps label and title apart in the PDF bookmark ("PHỤ LỤC 1 KẾT QUẢ…").
        "#heading(level: 1, [#{}#\" \"#linebreak()#{}])",
        lit(&label.to_uppercase()),
        lit(&a.title.to_uppercase())
    );
    let _ = writeln!(
        s,
        "#align(center, text(style: \"italic\", {}))\n#v(6pt)",
        lit(&attached)
    );
    for b in &a.blocks {
        match b {
            Block::Table(t) => table(s, t, p, a.landscape),
            other => block(s, other, p),
        }
    }
}
