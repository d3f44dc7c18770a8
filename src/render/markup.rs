//! Templates: handlebars renders report data into a small XML vocabulary, which is parsed into
//! the document model's blocks.
//!
//! Every value a template prints goes through XML escaping (and NFC, with control characters
//! dropped), so text that units typed can never add structure. The vocabulary:
//!
//! ```text
//! <document type="BÁO CÁO" abbreviation="BC">
//!   <summary>kết quả 6 tháng đầu năm 2026 …</summary>
//!   <body>
//!     <part>Phần thứ nhất</part> <section>I. …</section> <item>1. …</item>
//!     <subitem>1.1. …</subitem> <point>a) …</point>
//!     <p [align="center|left|right|justify"] [indent="no"]>text <b>bold</b> <i>…</i> <u>…</u></p>
//!     <dash>an item</dash>
//!     <table widths="1 6 2" header="1"><tr><td [colspan] [rowspan] [align]>…</td></tr></table>
//!     <pagebreak/>
//!   </body>
//!   <appendix title="…" [landscape="yes"]> blocks </appendix>
//! </document>
//! ```

use std::path::{Path, PathBuf};

use handlebars::{Handlebars, RenderErrorReason, handlebars_helper};
use serde::Serialize;

use crate::render::document::{Align, Appendix, Block, Cell, Level, Run, Table, clean};

/// A template or markup error, located as precisely as the failure allows.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}")]
pub struct TemplateError {
    pub location: String,
    pub message: String,
}

/// The templates of `templates/`, registered by file stem (`bao-cao-6-thang.hbs` →
/// `bao-cao-6-thang`); any of them can be used as a partial.
pub struct Templates {
    registry: Handlebars<'static>,
    dir: PathBuf,
}

/// What a template produced: the document's type, summary, body and appendices.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub doc_type: String,
    pub type_abbreviation: String,
    pub summary: String,
    pub body: Vec<Block>,
    pub appendices: Vec<Appendix>,
}

/// XML-escapes a value and cleans it (NFC, no control characters).
pub fn escape(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

handlebars_helper!(num: |v: Json, *args| {
    let decimals = args.first().and_then(|d| d.as_u64()).unwrap_or(1) as usize;
    match v.as_f64() { Some(x) => crate::model::vn::number(x, decimals), None => "-".to_string() }
});
handlebars_helper!(pct: |v: Json| match v.as_f64() {
    Some(x) => crate::model::vn::percent(x),
    None => "-".to_string(),
});
handlebars_helper!(long_date: |v: str| match v.parse::<chrono::NaiveDate>() {
    Ok(d) => crate::model::vn::long_date(d),
    Err(_) => v.to_string(),
});
handlebars_helper!(short_date: |v: str| match v.parse::<chrono::NaiveDate>() {
    Ok(d) => crate::model::vn::short_date(d),
    Err(_) => v.to_string(),
});
handlebars_helper!(upper: |v: str| v.to_uppercase());
handlebars_helper!(roman: |v: u64| crate::model::vn::roman(v as usize));
handlebars_helper!(inc: |v: u64| v + 1);

impl Templates {
    /// Loads every `*.hbs` file of `dir`. Strict mode: a variable missing from the data is an
    /// error, never an empty string.
    pub fn load(dir: &Path) -> Result<Templates, TemplateError> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape);
        registry.register_helper("num", Box::new(num));
        registry.register_helper("pct", Box::new(pct));
        registry.register_helper("long_date", Box::new(long_date));
        registry.register_helper("short_date", Box::new(short_date));
        registry.register_helper("upper", Box::new(upper));
        registry.register_helper("roman", Box::new(roman));
        registry.register_helper("inc", Box::new(inc));
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| TemplateError {
                location: dir.display().to_string(),
                message: format!("không đọc được thư mục mẫu: {e}"),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "hbs"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                location: path.display().to_string(),
                message: format!("không đọc được mẫu: {e}"),
            })?;
            registry
                .register_template_string(&name, text)
                .map_err(|e| TemplateError {
                    location: format!(
                        "{}:{}:{}",
                        path.display(),
                        e.pos().map_or(0, |p| p.0),
                        e.pos().map_or(0, |p| p.1)
                    ),
                    message: format!("mẫu sai cú pháp: {}", e.reason()),
                })?;
        }
        Ok(Templates {
            registry,
            dir: dir.to_path_buf(),
        })
    }

    /// Renders template `name` with `data` and parses the result.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> Result<Rendered, TemplateError> {
        let path = self.dir.join(format!("{name}.hbs"));
        let xml = self.registry.render(name, data).map_err(|e| {
            let file = e
                .template_name
                .as_ref()
                .map(|n| self.dir.join(format!("{n}.hbs")))
                .unwrap_or_else(|| path.clone());
            TemplateError {
                location: format!(
                    "{}:{}:{}",
                    file.display(),
                    e.line_no.unwrap_or(0),
                    e.column_no.unwrap_or(0)
                ),
                message: match e.reason() {
                    RenderErrorReason::MissingVariable(Some(v)) => {
                        format!("không có biến '{v}' trong dữ liệu báo cáo")
                    }
                    RenderErrorReason::PartialNotFound(v) => format!("không có mẫu con '{v}'"),
                    RenderErrorReason::HelperNotFound(v) => format!("không có hàm '{v}'"),
                    other => format!("lỗi khi điền mẫu: {other}"),
                },
            }
        })?;
        parse(&xml).map_err(|(line, col, message)| TemplateError {
            location: format!("{} (kết quả, dòng {line}, cột {col})", path.display()),
            message,
        })
    }
}

type ParseError = (u32, u32, String);

fn err_at(node: roxmltree::Node, message: String) -> ParseError {
    let pos = node.document().text_pos_at(node.range().start);
    (pos.row, pos.col, message)
}

/// Parses the markup a template produced.
pub fn parse(xml: &str) -> Result<Rendered, ParseError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| {
        let p = e.pos();
        (p.row, p.col, format!("XML không hợp lệ: {e}"))
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "document" {
        return Err(err_at(root, "phần tử gốc phải là <document>".into()));
    }
    let mut out = Rendered {
        doc_type: root.attribute("type").unwrap_or("BÁO CÁO").to_string(),
        type_abbreviation: root.attribute("abbreviation").unwrap_or("BC").to_string(),
        summary: String::new(),
        body: Vec::new(),
        appendices: Vec::new(),
    };
    for child in root.children().filter(|n| n.is_element()) {
        match child.tag_name().name() {
            "summary" => out.summary = collapse(&text_of(child)),
            "body" => out.body = blocks(child)?,
            "appendix" => out.appendices.push(Appendix {
                title: collapse(child.attribute("title").unwrap_or_default()),
                landscape: matches!(child.attribute("landscape"), Some("yes" | "true")),
                blocks: blocks(child)?,
            }),
            other => {
                return Err(err_at(
                    child,
                    format!("thẻ <{other}> không dùng được ở đây"),
                ));
            }
        }
    }
    Ok(out)
}

fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// Collapses white space runs to one space and trims: template indentation is not text.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blocks(parent: roxmltree::Node) -> Result<Vec<Block>, ParseError> {
    let mut out = Vec::new();
    for node in parent.children() {
        if node.is_text() {
            if node.text().is_some_and(|t| !t.trim().is_empty()) {
                return Err(err_at(
                    node,
                    "chữ nằm ngoài đoạn văn: đặt trong <p>…</p>".into(),
                ));
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        let level = match name {
            "part" => Some(Level::Part),
            "section" => Some(Level::Section),
            "item" => Some(Level::Item),
            "subitem" => Some(Level::Subitem),
            "point" => Some(Level::Point),
            _ => None,
        };
        if let Some(level) = level {
            out.push(Block::Heading {
                level,
                runs: runs(node)?,
            });
            continue;
        }
        match name {
            "p" => {
                let align = align(node, Align::Justify)?;
                let indent = node.attribute("indent") != Some("no") && align == Align::Justify;
                out.push(Block::Paragraph {
                    runs: runs(node)?,
                    align,
                    indent,
                });
            }
            "dash" => out.push(Block::Dash { runs: runs(node)? }),
            "pagebreak" => out.push(Block::PageBreak),
            "table" => out.push(Block::Table(table(node)?)),
            other => return Err(err_at(node, format!("thẻ <{other}> không dùng được ở đây"))),
        }
    }
    Ok(out)
}

fn align(node: roxmltree::Node, default: Align) -> Result<Align, ParseError> {
    Ok(match node.attribute("align") {
        None => default,
        Some("justify") => Align::Justify,
        Some("left") => Align::Left,
        Some("center") => Align::Center,
        Some("right") => Align::Right,
        Some(other) => return Err(err_at(node, format!("align=\"{other}\" không hợp lệ"))),
    })
}

fn table(node: roxmltree::Node) -> Result<Table, ParseError> {
    let widths: Vec<f64> = node
        .attribute("widths")
        .unwrap_or_default()
        .split_whitespace()
        .map(|w| w.parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| err_at(node, "widths phải là các số cách nhau bởi dấu cách".into()))?;
    let header_rows = node
        .attribute("header")
        .map(|h| h.parse::<usize>())
        .transpose()
        .map_err(|_| err_at(node, "header phải là số dòng tiêu đề".into()))?
        .unwrap_or(0);
    let mut rows = Vec::new();
    for tr in node.children().filter(|n| n.is_element()) {
        if tr.tag_name().name() != "tr" {
            return Err(err_at(tr, "trong <table> chỉ có <tr>".into()));
        }
        let mut cells = Vec::new();
        for td in tr.children().filter(|n| n.is_element()) {
            if td.tag_name().name() != "td" {
                return Err(err_at(td, "trong <tr> chỉ có <td>".into()));
            }
            let span = |attr: &str| -> Result<usize, ParseError> {
                td.attribute(attr)
                    .map(|v| v.parse::<usize>())
                    .transpose()
                    .map_err(|_| err_at(td, format!("{attr} phải là số")))
                    .map(|v| v.unwrap_or(1).max(1))
            };
            cells.push(Cell {
                runs: runs(td)?,
                align: align(td, Align::Left)?,
                colspan: span("colspan")?,
                rowspan: span("rowspan")?,
            });
        }
        rows.push(cells);
    }
    let columns = rows
        .iter()
        .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
        .max()
        .unwrap_or(0);
    let widths = if widths.len() == columns {
        widths
    } else if widths.is_empty() {
        vec![1.0; columns]
    } else {
        return Err(err_at(
            node,
            format!("widths có {} cột nhưng bảng có {columns} cột", widths.len()),
        ));
    };
    Ok(Table {
        widths,
        header_rows,
        rows,
    })
}

/// The runs of an inline container, with white space collapsed across run boundaries.
fn runs(node: roxmltree::Node) -> Result<Vec<Run>, ParseError> {
    let mut out: Vec<Run> = Vec::new();
    collect_runs(node, false, false, false, &mut out)?;
    // Collapse white space across runs: a space at the end of one run and the start of the
    // next is one space.
    let mut prev_space = true;
    for run in &mut out {
        let mut t = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            if c.is_whitespace() {
                if !prev_space {
                    t.push(' ');
                }
                prev_space = true;
            } else {
                t.push(c);
                prev_space = false;
            }
        }
        run.text = t;
    }
    if let Some(last) = out.iter_mut().rev().find(|r| !r.text.is_empty()) {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    out.retain(|r| !r.text.is_empty());
    // Merge neighbours with the same emphasis.
    let mut merged: Vec<Run> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(m) if (m.bold, m.italic, m.underline) == (r.bold, r.italic, r.underline) => {
                m.text.push_str(&r.text)
            }
            _ => merged.push(r),
        }
    }
    Ok(merged)
}

fn collect_runs(
    node: roxmltree::Node,
    bold: bool,
    italic: bool,
    underline: bool,
    out: &mut Vec<Run>,
) -> Result<(), ParseError> {
    for child in node.children() {
        if child.is_text() {
            out.push(Run {
                text: child.text().unwrap_or_default().to_string(),
                bold,
                italic,
                underline,
            });
        } else if child.is_element() {
            match child.tag_name().name() {
                "b" => collect_runs(child, true, italic, underline, out)?,
                "i" => collect_runs(child, bold, true, underline, out)?,
                "u" => collect_runs(child, bold, italic, true, out)?,
                other => {
                    return Err(err_at(
                        child,
                        format!("thẻ <{other}> không dùng được trong đoạn văn"),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_vocabulary() {
        let r = parse(
            r#"<document type="BÁO CÁO" abbreviation="BC">
              <summary>  kết quả 6 tháng
                đầu năm 2026 </summary>
              <body>
                <section>I. KẾT QUẢ</section>
                <p>Thu ngân sách đạt <b>1.234,5</b> triệu
                   đồng, <i>vượt</i> kế hoạch.</p>
                <dash>mục một</dash>
                <table widths="1 3" header="1"><tr><td align="center">STT</td><td>Chỉ tiêu</td></tr>
                  <tr><td>1</td><td>Thu</td></tr></table>
              </body>
              <appendix title="Phụ lục 1" landscape="yes"><p>x</p></appendix>
            </document>"#,
        )
        .unwrap();
        assert_eq!(r.summary, "kết quả 6 tháng đầu năm 2026");
        assert_eq!(r.body.len(), 4);
        match &r.body[1] {
            Block::Paragraph { runs, indent, .. } => {
                assert!(*indent);
                assert_eq!(runs[0].text, "Thu ngân sách đạt ");
                assert!(runs[1].bold && runs[1].text == "1.234,5");
                assert_eq!(runs[2].text, " triệu đồng, ");
                assert!(runs[3].italic);
                assert_eq!(runs[4].text, " kế hoạch.");
            }
            other => panic!("{other:?}"),
        }
        assert!(r.appendices[0].landscape);
    }

    #[test]
    fn hostile_text_stays_text() {
        let hostile = "<b>x</b> & {{bad}} \u{1}\u{7}ok";
        let xml = format!(
            "<document><summary>s</summary><body><p>{}</p></body></document>",
            escape(hostile)
        );
        let r = parse(&xml).unwrap();
        match &r.body[0] {
            Block::Paragraph { runs, .. } => {
                assert_eq!(runs.len(), 1);
                assert!(!runs[0].bold);
                assert_eq!(runs[0].text, "<b>x</b> & {{bad}} ok");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_say_where() {
        let e = parse("<document><body><p>x</body></document>").unwrap_err();
        assert_eq!(e.0, 1);
        let e = parse("<document><body><blink>x</blink></body></document>").unwrap_err();
        assert!(e.2.contains("blink"));
        let e = parse("<document><body>loose text</body></document>").unwrap_err();
        assert!(e.2.contains("<p>"));
    }
}
