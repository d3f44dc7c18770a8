//! An OpenDocument spreadsheet walked before calamine reads it, as `biff.rs` does for .xls.
//!
//! calamine materialises an ods sheet's whole used range, and repeat counts let a small file
//! place a value a million rows down: one stray note far below the form would cost gigabytes.
//! So `content.xml` is read once, tag by tag; what lies beyond the form's area (rows and
//! columns) is dropped, the sheets that had anything there are named, and the file is handed on
//! rewritten. The same walk finds the cells stored as percentages (0,12 shown "12%").

use std::io::{Cursor, Read, Write};

/// What the walk found.
#[derive(Debug, Default)]
pub struct Bounded {
    /// The file with everything beyond the area dropped; `None` when nothing was.
    pub bytes: Option<Vec<u8>>,
    /// Sheets that held a value beyond the area.
    pub oversized: Vec<String>,
    /// Cells stored as percentages within the area: sheet, row, column (0-based).
    pub percent: Vec<(String, u32, u16)>,
}

/// An ods sheet's position while walking its rows and cells.
#[derive(Default)]
struct Walk {
    sheet: String,
    row: u64,
    col: u64,
    row_repeat: u64,
    /// Depth of the element being dropped (0: copying).
    dropping: u32,
    dropped_value: bool,
    changed: bool,
}

/// Most percentage cells noted (a repeat count must not make the list itself large).
const MAX_PERCENT_CELLS: usize = 10_000;

/// Walks `content.xml` (at most `max_content` bytes of it) keeping rows below `max_rows` and
/// columns below `max_cols`.
pub fn bound(
    bytes: &[u8],
    max_rows: u32,
    max_cols: u16,
    max_content: u64,
) -> Result<Bounded, (&'static str, String)> {
    let corrupt = |e: String| ("corrupt", format!("tệp bị hỏng hoặc không đầy đủ ({e})"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("content.xml")
        .map_err(|e| corrupt(e.to_string()))?
        .take(max_content + 1)
        .read_to_string(&mut xml)
        .map_err(|e| corrupt(e.to_string()))?;
    if xml.len() as u64 > max_content {
        return Err(("too-large", "bảng tính quá lớn so với biểu mẫu".to_string()));
    }
    let (content, mut found) = walk(&xml, u64::from(max_rows), u64::from(max_cols));
    if let Some(content) = content {
        found.bytes = Some(rezip(&mut zip, &content).map_err(|e| corrupt(e.to_string()))?);
    }
    Ok(found)
}

/// An attribute value with XML's five entities replaced.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The tag starting at `xml[start]` (a `<`): its end (after `>`), quotes respected.
fn tag_end(xml: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, c) in xml[start..].char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('>', None) => return start + i + 1,
            _ => {}
        }
    }
    xml.len()
}

/// The value of attribute `name` in a tag.
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

fn repeat(tag: &str, name: &str) -> u64 {
    attr(tag, name)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The tag with its repeat attribute `name` set to `n`.
fn with_repeat(tag: &str, name: &str, n: u64) -> String {
    match attr(tag, name) {
        Some(old) => tag.replacen(
            &format!(" {name}=\"{old}\""),
            &format!(" {name}=\"{n}\""),
            1,
        ),
        None => tag.to_string(),
    }
}

/// The walk itself: the new content when anything was dropped or cut, and what was found.
fn walk(xml: &str, max_rows: u64, max_cols: u64) -> (Option<String>, Bounded) {
    let mut out = String::with_capacity(xml.len().min(1 << 24));
    let mut found = Bounded::default();
    let mut w = Walk::default();
    let mut pos = 0;
    while let Some(lt) = xml[pos..].find('<').map(|i| pos + i) {
        if w.dropping == 0 {
            out.push_str(&xml[pos..lt]);
        }
        let end = tag_end(xml, lt);
        let tag = &xml[lt..end];
        pos = end;
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or("");
        let closing = name.is_empty() && tag.starts_with("</");
        let self_closing = tag.ends_with("/>");
        let special = tag.starts_with("<?") || tag.starts_with("<!");
        if w.dropping > 0 {
            w.dropped_value |= tag.contains("office:value-type");
            if closing {
                w.dropping -= 1;
            } else if !self_closing && !special {
                w.dropping += 1;
            }
            if w.dropping == 0 && std::mem::take(&mut w.dropped_value) {
                note_oversized(&mut found, &w.sheet);
            }
            continue;
        }
        out.push_str(&step(
            tag,
            name,
            closing,
            self_closing,
            &mut w,
            &mut found,
            (max_rows, max_cols),
        ));
    }
    out.push_str(&xml[pos..]);
    (w.changed.then_some(out), found)
}

fn note_oversized(found: &mut Bounded, sheet: &str) {
    if !found.oversized.iter().any(|s| s == sheet) {
        found.oversized.push(sheet.to_string());
    }
}

/// One tag outside a dropped element: what to write for it.
fn step(
    tag: &str,
    name: &str,
    closing: bool,
    self_closing: bool,
    w: &mut Walk,
    found: &mut Bounded,
    (max_rows, max_cols): (u64, u64),
) -> String {
    let drop = |w: &mut Walk, has_value: bool| {
        w.changed = true;
        if self_closing {
            has_value
        } else {
            w.dropping = 1;
            w.dropped_value = has_value;
            false
        }
    };
    let has_value = tag.contains("office:value-type");
    match name {
        "table:table" => {
            w.sheet = unescape(attr(tag, "table:name").unwrap_or(""));
            w.row = 0;
        }
        "table:table-row" => {
            w.col = 0;
            w.row_repeat = repeat(tag, "table:number-rows-repeated");
            if w.row >= max_rows {
                if drop(w, has_value) {
                    note_oversized(found, &w.sheet.clone());
                }
                // The row is not walked, so count it here.
                w.row += w.row_repeat;
                return String::new();
            }
            if w.row + w.row_repeat > max_rows {
                w.changed = true;
                let n = max_rows - w.row;
                if self_closing {
                    w.row += w.row_repeat;
                }
                return with_repeat(tag, "table:number-rows-repeated", n);
            }
            if self_closing {
                w.row += w.row_repeat;
            }
        }
        _ if closing && tag.starts_with("</table:table-row") => w.row += w.row_repeat,
        "table:table-cell" | "table:covered-table-cell" => {
            let n = repeat(tag, "table:number-columns-repeated");
            let col = w.col;
            w.col += n;
            if col >= max_cols {
                if drop(w, has_value) {
                    note_oversized(found, &w.sheet.clone());
                }
                return String::new();
            }
            if attr(tag, "office:value-type") == Some("percentage") {
                let rows = w.row..(w.row + w.row_repeat).min(max_rows);
                let cells = rows.flat_map(|r| (col..(col + n).min(max_cols)).map(move |c| (r, c)));
                for (r, c) in cells.take(MAX_PERCENT_CELLS.saturating_sub(found.percent.len())) {
                    found.percent.push((w.sheet.clone(), r as u32, c as u16));
                }
            }
            if col + n > max_cols {
                w.changed = true;
                if has_value {
                    note_oversized(found, &w.sheet.clone());
                }
                return with_repeat(tag, "table:number-columns-repeated", max_cols - col);
            }
        }
        _ => {}
    }
    tag.to_string()
}

/// The same zip with `content.xml` replaced (every other part copied as it is).
fn rezip(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    content: &str,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i)?;
        if matches!(entry.name().as_deref(), Ok("content.xml")) {
            drop(entry);
            let o = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file("content.xml", o)?;
            out.write_all(content.as_bytes())?;
        } else {
            out.raw_copy_file(entry)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = r#"<office:spreadsheet><table:table table:name="Thuyết minh"><table:table-row><table:table-cell office:value-type="string"><text:p>a &gt; b</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="199998"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>ghi chú</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="848575"><table:table-cell/></table:table-row></table:table></office:spreadsheet>"#;

    /// A note on row 200 000: the row is dropped, the sheet named, the empty rows and columns
    /// cut to the area; the first row's text is kept as it was.
    #[test]
    fn a_note_far_below_the_area_is_dropped_and_its_sheet_named() {
        let (out, found) = walk(SHEET, 5000, 64);
        let out = out.expect("changed");
        assert_eq!(found.oversized, vec!["Thuyết minh".to_string()]);
        assert!(!out.contains("ghi chú"));
        assert!(out.contains("<text:p>a &gt; b</text:p>"));
        assert!(
            out.contains(r#"table:number-rows-repeated="4999""#),
            "{out}"
        );
        assert!(
            out.contains(r#"table:number-columns-repeated="63""#),
            "{out}"
        );
        assert!(!out.contains("848575"));
    }

    #[test]
    fn percentage_cells_are_found_and_a_sheet_within_the_area_is_left_alone() {
        let xml = r#"<table:table table:name="Số liệu"><table:table-row><table:table-cell/><table:table-cell office:value-type="percentage" office:value="0.09"><text:p>9%</text:p></table:table-cell></table:table-row></table:table>"#;
        let (out, found) = walk(xml, 5000, 64);
        assert!(out.is_none());
        assert!(found.oversized.is_empty());
        assert_eq!(found.percent, vec![("Số liệu".to_string(), 0, 1)]);
    }
}
