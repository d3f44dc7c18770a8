//! DOCX through docx-rs, then a small pass over the package for what docx-rs cannot say.
//!
//! docx-rs builds the paragraphs, tables, styles and sections. The pass afterwards:
//! - puts every part's elements in schema order ([`super::ooxml`]): docx-rs writes
//!   properties in the order they were set, which Word repairs or refuses;
//! - marks table header rows `w:tblHeader` (docx-rs has no such property: header rows are
//!   built with `cantSplit`, which the pass extends) and keeps the borderless frame tables
//!   (letterhead, signature block) from splitting across pages;
//! - gives the body section its page-number header and `titlePg` (docx-rs keeps only the first
//!   header kind of a section) and drops `titlePg` from landscape appendix sections;
//! - renumbers paragraph ids (docx-rs counts them per thread, across documents);
//! - keeps one "Normal" style (docx-rs writes an empty one of its own), the default paragraph
//!   style, with Vietnamese as the text's language;
//! - drops the comments, numbering and footnotes parts docx-rs always writes and nothing uses;
//! - writes the core properties (title, author, language, dates = the report date);
//! - re-zips with fixed timestamps, so the same input gives the same bytes.

use std::io::{Cursor, Read, Write};

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, PageOrientationType, PageSize, Paragraph, RunFonts, Section, SpecialIndentType, Style,
    StyleType, Table as DTable, TableBorders, TableCell, TableLayoutType, TableRow, VMergeType,
    WidthType,
};

use super::columns;
use super::ooxml::{self, Element, Node};
use crate::render::document::{
    Align, Appendix, Block, Cell, Document, Level, Run, TABLE_LINE_PITCH, Table, appendix_caption,
    clean, heading_runs, place_date,
};
use crate::render::profile::{Profile, ProfileKind};

#[derive(Debug, thiserror::Error)]
#[error("không ghi được DOCX: {0}")]
pub struct DocxError(String);

const A4_W: u32 = 11906;
const A4_H: u32 = 16838;

fn twips(mm: f64) -> i32 {
    (mm / 25.4 * 1440.0).round() as i32
}
/// docx-rs sizes are half-points.
fn half(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// Renders the document as DOCX bytes.
pub fn render(doc: &Document, profile: &Profile) -> Result<Vec<u8>, DocxError> {
    let p = profile;
    let mut docx = Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii(&p.font)
                .hi_ansi(&p.font)
                .cs(&p.font)
                .east_asia(&p.font),
        )
        .default_size(half(p.body_size))
        .default_line_spacing(body_spacing(p))
        .page_size(A4_W, A4_H)
        .page_margin(margins(p))
        .created_at(&timestamp(doc.meta.date))
        .updated_at(&timestamp(doc.meta.date));
    for s in styles(p) {
        docx = docx.add_style(s);
    }
    let page_number = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .style("Header")
            .size(half(p.page_number_size))
            .add_page_num(PageNum::new()),
    );
    docx = docx
        .header(page_number)
        .first_header(Header::new())
        .first_footer(Footer::new());

    let mut body: Vec<Child> = Vec::new();
    letterhead(&mut body, doc, p);
    for b in &doc.body {
        block(&mut body, b, p);
    }
    signature(&mut body, doc, p);

    if doc.appendices.is_empty() {
        docx = add_children(docx, body);
    } else {
        // The body is its own portrait section; each appendix follows in its own section.
        let mut sections: Vec<(Vec<Child>, bool)> = vec![(body, false)];
        for (i, a) in doc.appendices.iter().enumerate() {
            sections.push((appendix(doc, p, i, a), a.landscape));
        }
        let (last, last_landscape) = sections.pop().expect("at least the body");
        for (children, landscape) in sections {
            let mut section = Section::new()
                .page_size(page_size(landscape))
                .page_margin(margins(p));
            if landscape {
                section = section.page_orient(PageOrientationType::Landscape);
            }
            for c in children {
                section = match c {
                    Child::P(par) => section.add_paragraph(*par),
                    Child::T(t) => section.add_table(*t),
                };
            }
            docx = docx.add_section(section);
        }
        docx = add_children(docx, last);
        if last_landscape {
            docx = docx
                .page_size(A4_H, A4_W)
                .page_orient(PageOrientationType::Landscape);
        }
    }

    let mut raw = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut raw)
        .map_err(|e| DocxError(e.to_string()))?;
    finish(raw.into_inner(), doc)
}

enum Child {
    P(Box<Paragraph>),
    T(Box<DTable>),
}

impl Child {
    fn p(p: Paragraph) -> Child {
        Child::P(Box::new(p))
    }
    fn t(t: DTable) -> Child {
        Child::T(Box::new(t))
    }
}

fn add_children(mut docx: Docx, children: Vec<Child>) -> Docx {
    for c in children {
        docx = match c {
            Child::P(p) => docx.add_paragraph(*p),
            Child::T(t) => docx.add_table(*t),
        };
    }
    docx
}

fn page_size(landscape: bool) -> PageSize {
    if landscape {
        PageSize::new()
            .size(A4_H, A4_W)
            .orient(PageOrientationType::Landscape)
    } else {
        PageSize::new().size(A4_W, A4_H)
    }
}

fn margins(p: &Profile) -> PageMargin {
    PageMargin::new()
        .top(twips(p.margin_top))
        .bottom(twips(p.margin_bottom))
        .left(twips(p.margin_left))
        .right(twips(p.margin_right))
        .header(twips(p.header_distance))
        .footer(twips(p.header_distance))
}

fn body_spacing(p: &Profile) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line((p.line_spacing * 20.0).round() as i32)
        .after((p.paragraph_spacing * 20.0).round() as u32)
        .before(0)
}

fn tight() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(240)
        .before(0)
        .after(0)
}

fn styles(p: &Profile) -> Vec<Style> {
    let body = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .size(half(p.body_size))
        .align(AlignmentType::Both)
        .line_spacing(body_spacing(p));
    let mut out = vec![body];
    let levels = [
        ("Heading1", "heading 1", Level::Part),
        ("Heading2", "heading 2", Level::Section),
        ("Heading3", "heading 3", Level::Item),
        ("Heading4", "heading 4", Level::Subitem),
        ("Heading5", "heading 5", Level::Point),
    ];
    for (id, name, level) in levels {
        let mut s = Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(half(p.body_size))
            .outline_lvl(level.depth() as usize - 1)
            .line_spacing(body_spacing(p));
        s = match level {
            Level::Part => s.bold().align(AlignmentType::Center),
            Level::Section | Level::Item => s.bold(),
            Level::Subitem => s.bold().italic(),
            Level::Point => s,
        };
        out.push(s);
    }
    out.push(
        Style::new("TableGrid", StyleType::Table)
            .name("Table Grid")
            .table_property(
                docx_rs::TableProperty::new()
                    .set_borders(TableBorders::new())
                    .cell_margin_left(108, WidthType::Dxa)
                    .cell_margin_right(108, WidthType::Dxa),
            ),
    );
    // The page number's size comes from its paragraph style, so the number itself (not only
    // the paragraph mark) is set at the profile's size.
    out.push(
        Style::new("Header", StyleType::Paragraph)
            .name("header")
            .based_on("Normal")
            .size(half(p.page_number_size))
            .align(AlignmentType::Center)
            .line_spacing(tight()),
    );
    out.push(
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(half(p.table_size))
            .line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line((p.table_size * TABLE_LINE_PITCH * 20.0).round() as i32)
                    .before(0)
                    .after(0),
            ),
    );
    out
}

fn run(r: &Run, size: Option<f64>) -> docx_rs::Run {
    // docx-rs writes text as given: control characters would make the XML illegal.
    let mut out = docx_rs::Run::new().add_text(clean(&r.text));
    if r.bold {
        out = out.bold();
    }
    if r.italic {
        out = out.italic();
    }
    if r.underline {
        out = out.underline("single");
    }
    if let Some(s) = size {
        out = out.size(half(s));
    }
    out
}

fn text_par(text: &str, size: f64, bold: bool, italic: bool, underline: bool) -> Paragraph {
    let r = Run {
        text: text.to_string(),
        bold,
        italic,
        underline,
    };
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(tight())
        .add_run(run(&r, Some(size)))
}

fn no_borders() -> TableBorders {
    TableBorders::with_empty()
}

fn frame_table(rows: Vec<(Vec<Paragraph>, Vec<Paragraph>)>, widths: [usize; 2]) -> DTable {
    let rows = rows
        .into_iter()
        .map(|(l, r)| {
            let mut lc = TableCell::new().width(widths[0], WidthType::Dxa);
            for p in l {
                lc = lc.add_paragraph(p);
            }
            let mut rc = TableCell::new().width(widths[1], WidthType::Dxa);
            for p in r {
                rc = rc.add_paragraph(p);
            }
            TableRow::new(vec![lc, rc])
        })
        .collect();
    DTable::new(rows)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(widths[0] + widths[1], WidthType::Dxa)
        .set_borders(no_borders())
}

/// A short rule drawn as underlined no-break spaces at 6 pt (Liberation Serif and Times New
/// Roman give the space 1/4 em, 1.5 pt), `length_pt` long.
fn rule_par(length_pt: f64) -> Paragraph {
    let n = (length_pt / 1.5).round().max(1.0) as usize;
    text_par(&"\u{a0}".repeat(n), 6.0, false, false, true)
}

/// Roughly how wide a line of bold capitals is, in points: Times New Roman's capitals average
/// about 0.72 em, its space 0.25 em.
fn caps_width_pt(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| if c == ' ' { 0.25 } else { 0.72 })
        .sum();
    em * size
}

fn content_width(p: &Profile, landscape: bool) -> usize {
    let page = if landscape { A4_H } else { A4_W } as i32;
    (page - twips(p.margin_left) - twips(p.margin_right)).max(1000) as usize
}

fn letterhead(out: &mut Vec<Child>, doc: &Document, p: &Profile) {
    let f = &doc.frame;
    let number = p.number_line(f.number, &f.type_abbreviation, &f.issuer_abbreviation);
    let date = place_date(f, &p.blank);
    let width = content_width(p, false) + twips(p.margin_right.min(10.0)) as usize;
    // Party: the left block must hold "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG" at 14 pt on one line.
    // State: the right block must hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 13 pt.
    let left_w = match p.kind() {
        ProfileKind::Dang => width * 49 / 100,
        ProfileKind::NhaNuoc => width * 40 / 100,
    };
    let widths = [left_w, width - left_w];
    if f.draft {
        out.push(Child::p(
            Paragraph::new()
                .align(AlignmentType::Right)
                .line_spacing(tight())
                .add_run(run(&Run::bold("DỰ THẢO"), Some(12.0))),
        ));
    }
    // Two rows: the bodies' names, then the number level with the place and date.
    let mut left = Vec::new();
    let mut right = Vec::new();
    match p.kind() {
        ProfileKind::Dang => {
            left.push(text_par(
                &f.superior,
                p.letterhead_size,
                false,
                false,
                false,
            ));
            for l in &f.issuer_lines {
                left.push(text_par(l, p.letterhead_size, true, false, false));
            }
            left.push(text_par("*", p.letterhead_size, false, false, false));
            right.push(text_par(
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                p.national_size,
                true,
                false,
                true,
            ));
        }
        ProfileKind::NhaNuoc => {
            if !f.superior.is_empty() {
                left.push(text_par(
                    &f.superior,
                    p.letterhead_size,
                    false,
                    false,
                    false,
                ));
            }
            for l in &f.issuer_lines {
                left.push(text_par(l, p.letterhead_size, true, false, false));
            }
            // The short rule under the issuing body: 0.4 of its longest line (rule: 1/3–1/2).
            let line = f
                .issuer_lines
                .iter()
                .map(|l| caps_width_pt(l, p.letterhead_size))
                .fold(0.0, f64::max);
            left.push(rule_par(0.4 * line));
            right.push(text_par(
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                p.national_size,
                true,
                false,
                false,
            ));
            right.push(text_par(
                "Độc lập - Tự do - Hạnh phúc",
                p.motto_size,
                true,
                false,
                true,
            ));
        }
    }
    let number_row = (
        vec![text_par(&number, p.number_size, false, false, false)],
        vec![text_par(&date, p.date_size, false, true, false)],
    );
    out.push(Child::t(frame_table(
        vec![(left, right), number_row],
        widths,
    )));
    out.push(Child::p(Paragraph::new().line_spacing(tight())));
    out.push(Child::p(text_par(
        &f.doc_type,
        p.doc_type_size,
        true,
        false,
        false,
    )));
    out.push(Child::p(text_par(
        &f.summary,
        p.summary_size,
        true,
        false,
        false,
    )));
    match p.kind() {
        ProfileKind::Dang => out.push(Child::p(text_par(
            "-----",
            p.body_size,
            false,
            false,
            false,
        ))),
        // A quarter of the text width, as in the PDF.
        ProfileKind::NhaNuoc => out.push(Child::p(rule_par(
            content_width(p, false) as f64 / 20.0 / 4.0,
        ))),
    }
    out.push(Child::p(Paragraph::new().line_spacing(tight())));
}

fn align(a: Align) -> AlignmentType {
    match a {
        // `Justified` writes a value Word rejects; `Both` is justification.
        Align::Justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

fn block(out: &mut Vec<Child>, b: &Block, p: &Profile) {
    match b {
        Block::Heading { level, runs } => {
            let style = format!("Heading{}", level.depth());
            let mut par = Paragraph::new().style(&style).keep_next(true);
            for r in heading_runs(*level, runs) {
                par = par.add_run(run(&r, None));
            }
            out.push(Child::p(par));
        }
        Block::Paragraph {
            runs,
            align: a,
            indent,
        } => {
            let mut par = Paragraph::new().style("Normal").align(align(*a));
            if *indent {
                par = par.indent(
                    None,
                    Some(SpecialIndentType::FirstLine(twips(p.first_line_indent))),
                    None,
                    None,
                );
            }
            for r in runs {
                par = par.add_run(run(r, None));
            }
            out.push(Child::p(par));
        }
        Block::Dash { runs } => {
            let mut par = Paragraph::new()
                .style("Normal")
                .align(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(twips(p.first_line_indent))),
                    None,
                    None,
                )
                .add_run(docx_rs::Run::new().add_text("- "));
            for r in runs {
                par = par.add_run(run(r, None));
            }
            out.push(Child::p(par));
        }
        Block::Table(t) => out.push(Child::t(table(t, p, false))),
        Block::PageBreak => out.push(Child::p(
            Paragraph::new().add_run(docx_rs::Run::new().add_break(BreakType::Page)),
        )),
    }
}

fn cell_par(c: &Cell, header: bool) -> Paragraph {
    let a = if header { Align::Center } else { c.align };
    let mut par = Paragraph::new().style("TableText").align(align(a));
    for r in &c.runs {
        let r = if header {
            Run {
                bold: true,
                ..r.clone()
            }
        } else {
            r.clone()
        };
        par = par.add_run(run(&r, None));
    }
    par
}

/// A bordered table; header rows repeat on each page (see [`finish`]).
fn table(t: &Table, p: &Profile, landscape: bool) -> DTable {
    let width = content_width(p, landscape);
    let mut grid: Vec<usize> = columns::widths_pt(t, width as f64 / 20.0, p.table_size)
        .iter()
        .map(|w| (w * 20.0).round() as usize)
        .collect();
    // Rounding to twips must not widen the table past the margin.
    let sum: usize = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last = (*last + width).saturating_sub(sum).max(1);
    }
    // Cells covered by a rowspan from above, per row: (column index, span width).
    let mut pending: Vec<usize> = vec![0; grid.len()];
    let mut rows = Vec::new();
    for (ri, row) in t.rows.iter().enumerate() {
        let header = ri < t.header_rows;
        // A group row (one cell across the table) stays with the first row of its group.
        let group = !header && grid.len() > 1 && row.len() == 1 && row[0].colspan >= grid.len();
        let mut cells = Vec::new();
        let mut col = 0;
        let mut it = row.iter();
        while col < grid.len() {
            if pending[col] > 0 {
                // Continue a vertical merge started above.
                pending[col] -= 1;
                cells.push(
                    TableCell::new()
                        .vertical_merge(VMergeType::Continue)
                        .width(grid[col], WidthType::Dxa)
                        .add_paragraph(Paragraph::new().style("TableText")),
                );
                col += 1;
                continue;
            }
            let Some(c) = it.next() else { break };
            let span = c.colspan.min(grid.len() - col).max(1);
            let w: usize = grid[col..col + span].iter().sum();
            let mut par = cell_par(c, header);
            if group {
                par = par.keep_next(true);
            }
            let mut cell = TableCell::new()
                .width(w, WidthType::Dxa)
                .vertical_align(docx_rs::VAlignType::Center)
                .add_paragraph(par);
            if span > 1 {
                cell = cell.grid_span(span);
            }
            if c.rowspan > 1 {
                cell = cell.vertical_merge(VMergeType::Restart);
                pending[col] = c.rowspan - 1;
            }
            cells.push(cell);
            col += span;
        }
        let mut tr = TableRow::new(cells);
        if header {
            tr = tr.cant_split();
        }
        rows.push(tr);
    }
    DTable::new(rows)
        .style("TableGrid")
        .set_grid(grid.clone())
        .layout(TableLayoutType::Fixed)
        .width(grid.iter().sum(), WidthType::Dxa)
}

fn signature(out: &mut Vec<Child>, doc: &Document, p: &Profile) {
    let f = &doc.frame;
    let width = content_width(p, false);
    let mut left = Vec::new();
    let title = match p.kind() {
        ProfileKind::Dang => Run {
            text: "Nơi nhận:".into(),
            bold: false,
            italic: false,
            underline: true,
        },
        ProfileKind::NhaNuoc => Run {
            text: "Nơi nhận:".into(),
            bold: true,
            italic: true,
            underline: false,
        },
    };
    left.push(
        Paragraph::new()
            .align(AlignmentType::Left)
            .line_spacing(tight())
            .add_run(run(&title, Some(p.recipients_title_size))),
    );
    for r in &f.recipients {
        left.push(
            Paragraph::new()
                .align(AlignmentType::Left)
                .line_spacing(tight())
                .add_run(run(&Run::plain(r.as_str()), Some(p.recipients_size))),
        );
    }
    let mut right = vec![text_par(
        &f.signature.authority,
        p.signature_size,
        true,
        false,
        false,
    )];
    for t in &f.signature.titles {
        right.push(text_par(
            t,
            p.signature_size,
            p.kind() == ProfileKind::NhaNuoc,
            false,
            false,
        ));
    }
    for _ in 0..4 {
        right.push(text_par("", p.signature_size, false, false, false));
    }
    right.push(text_par(
        &f.signature.name,
        p.signature_size,
        true,
        false,
        false,
    ));
    // The space before the block stays with it; the block's row cannot split (see mark_rows).
    out.push(Child::p(
        Paragraph::new().line_spacing(tight()).keep_next(true),
    ));
    out.push(Child::t(frame_table(
        vec![(left, right)],
        [width / 2, width - width / 2],
    )));
}

fn appendix(doc: &Document, p: &Profile, index: usize, a: &Appendix) -> Vec<Child> {
    let (label, attached) = appendix_caption(doc, p, index);
    let mut out = vec![
        Child::p(
            Paragraph::new()
                .style("Heading1")
                .keep_next(true)
                .add_run(run(&Run::bold(label.to_uppercase()), None)),
        ),
        Child::p(
            Paragraph::new()
                .style("Heading1")
                .keep_next(true)
                .add_run(run(&Run::bold(a.title.to_uppercase()), None)),
        ),
        Child::p(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run(&Run::italic(attached), None)),
        ),
    ];
    for b in &a.blocks {
        match b {
            Block::Table(t) => out.push(Child::t(table(t, p, a.landscape))),
            other => block(&mut out, other, p),
        }
    }
    out
}

fn timestamp(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

fn xml_escape(s: &str) -> String {
    crate::render::markup::escape(s)
}

fn core_xml(doc: &Document) -> String {
    let ts = timestamp(doc.meta.date);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>"#,
            r#"<dc:language>{lang}</dc:language><cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{ts}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{ts}</dcterms:modified>"#,
            r#"</cp:coreProperties>"#
        ),
        title = xml_escape(&doc.meta.title),
        subject = xml_escape(&doc.meta.subject),
        author = xml_escape(&doc.meta.author),
        lang = xml_escape(&doc.meta.language),
        ts = ts
    )
}

/// The pass over the package described in the module documentation.
fn finish(raw: Vec<u8>, doc: &Document) -> Result<Vec<u8>, DocxError> {
    let err = |e: &dyn std::fmt::Display| DocxError(e.to_string());
    let mut zin = zip::ZipArchive::new(Cursor::new(raw)).map_err(|e| err(&e))?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| err(&e))?;
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| err(&e))?;
        let name = f.name().map_err(|e| err(&e))?.to_string();
        parts.push((name, data));
    }
    // docx-rs always writes comments, numbering and footnotes parts; baocao uses none of
    // them (the format numbers headings as literal text), and nothing may point at them.
    parts.retain(|(name, _)| !UNUSED_PARTS.contains(&name.as_str()));
    for (name, data) in &mut parts {
        if name == "docProps/core.xml" {
            *data = core_xml(doc).into_bytes();
            continue;
        }
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut text = String::from_utf8(std::mem::take(data)).map_err(|e| err(&e))?;
        text = match name.as_str() {
            "word/styles.xml" => ooxml::rewrite(name, &drop_builtin_normal(&text), style_defaults),
            "word/document.xml" => ooxml::rewrite(
                name,
                &fix_sections(&text, !doc.appendices.is_empty()),
                mark_rows,
            ),
            "[Content_Types].xml" | "word/_rels/document.xml.rels" => {
                ooxml::rewrite(name, &text, drop_unused_entries)
            }
            _ => ooxml::canonical(name, &text),
        };
        text = renumber_para_ids(&text);
        *data = text.into_bytes();
    }
    let mut out = Cursor::new(Vec::new());
    {
        let mut zw = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, data) in &parts {
            zw.start_file(name.as_str(), opts).map_err(|e| err(&e))?;
            zw.write_all(data).map_err(|e| err(&e))?;
        }
        zw.finish().map_err(|e| err(&e))?;
    }
    Ok(out.into_inner())
}

const UNUSED_PARTS: &[&str] = &[
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
];

/// Removes the content types and relationships of [`UNUSED_PARTS`].
fn drop_unused_entries(root: &mut Element) {
    root.children.retain(|c| match c {
        Node::Element(e) => !UNUSED_PARTS.iter().any(|p| {
            e.attr("PartName") == Some(&format!("/{p}"))
                || e.attr("Target") == p.strip_prefix("word/")
        }),
        Node::Verbatim(_) => true,
    });
}

/// "Normal" is the default paragraph style, the text is Vietnamese (for Word's proofing), and
/// widows and orphans are kept off.
fn style_defaults(root: &mut Element) {
    for style in root.elements_mut().filter(|e| e.name == "w:style") {
        if style.attr("w:styleId") == Some("Normal") && style.attr("w:default").is_none() {
            style.attrs.push_str(r#" w:default="1""#);
        }
    }
    let defaults = root.child_or_insert("w:docDefaults");
    // Widow and orphan control, as the PDF keeps it (typst's default): without it Word and
    // LibreOffice leave a paragraph's last line alone atop a page and break elsewhere.
    defaults
        .child_or_insert("w:pPrDefault")
        .child_or_insert("w:pPr")
        .ensure("w:widowControl", "");
    defaults
        .child_or_insert("w:rPrDefault")
        .child_or_insert("w:rPr")
        .ensure(
            "w:lang",
            r#" w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA""#,
        );
}

/// Table rows docx-rs marks `cantSplit` are the header rows of data tables (they repeat on
/// each page: `tblHeader`). The borderless frame tables (letterhead, signature block) must not
/// split at all: every row of theirs gets `cantSplit`.
fn mark_rows(root: &mut Element) {
    root.walk_mut(&mut |e| {
        if e.name != "w:tbl" {
            return;
        }
        let styled = e
            .child("w:tblPr")
            .is_some_and(|p| p.child("w:tblStyle").is_some());
        for row in e.elements_mut().filter(|r| r.name == "w:tr") {
            let props = row.child_or_insert("w:trPr");
            if !styled {
                props.ensure("w:cantSplit", "");
            } else if props.child("w:cantSplit").is_some() {
                props.ensure("w:tblHeader", "");
            }
        }
    });
}

/// Copies the page-number header references and `titlePg` of the final section into the
/// body's section, and removes `titlePg` from the appendix section(s).
fn fix_sections(xml: &str, has_appendices: bool) -> String {
    if !has_appendices {
        return xml.to_string();
    }
    let starts: Vec<usize> = xml.match_indices("<w:sectPr>").map(|(i, _)| i).collect();
    let (Some(&first), Some(&last)) = (starts.first(), starts.last()) else {
        return xml.to_string();
    };
    if first == last {
        return xml.to_string();
    }
    let last_end = xml[last..]
        .find("</w:sectPr>")
        .map(|e| last + e)
        .unwrap_or(xml.len());
    let last_sect = &xml[last..last_end];
    let refs: String = last_sect
        .split('<')
        .filter(|t| t.starts_with("w:headerReference") || t.starts_with("w:footerReference"))
        .map(|t| format!("<{t}"))
        .collect();
    let mut out = String::with_capacity(xml.len() + refs.len() * 2);
    out.push_str(&xml[..first]);
    out.push_str("<w:sectPr>");
    out.push_str(&refs);
    let first_end = xml[first..]
        .find("</w:sectPr>")
        .map(|e| first + e)
        .unwrap_or(xml.len());
    let inner = &xml[first + "<w:sectPr>".len()..first_end];
    match inner.find("<w:docGrid") {
        Some(g) => {
            out.push_str(&inner[..g]);
            out.push_str("<w:titlePg />");
            out.push_str(&inner[g..]);
        }
        None => {
            out.push_str(inner);
            out.push_str("<w:titlePg />");
        }
    }
    let rest = &xml[first_end..];
    // Appendix sections start on a page of their own and number it.
    out.push_str(&rest.replace("<w:titlePg />", ""));
    out
}

/// docx-rs always writes an empty "Normal" style before the styles it is given; ours defines
/// Normal fully, so the empty one is removed (two styles with one id confuse Word).
fn drop_builtin_normal(xml: &str) -> String {
    const ID: &str = r#"w:styleId="Normal""#;
    if xml.matches(ID).count() < 2 {
        return xml.to_string();
    }
    let at = xml.find(ID).expect("counted");
    let (Some(start), Some(end)) = (xml[..at].rfind("<w:style "), xml[at..].find("</w:style>"))
    else {
        return xml.to_string();
    };
    format!("{}{}", &xml[..start], &xml[at + end + "</w:style>".len()..])
}

/// Replaces `w14:paraId="…"` values with a sequence local to the part.
fn renumber_para_ids(xml: &str) -> String {
    const KEY: &str = "w14:paraId=\"";
    if !xml.contains(KEY) {
        return xml.to_string();
    }
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut n: u32 = 1;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let end = rest.find('"').unwrap_or(0);
        out.push_str(&format!("{n:08X}"));
        n += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
