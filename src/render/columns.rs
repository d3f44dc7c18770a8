//! How wide each column of a table is: the template's proportions, but never narrower than the
//! column's longest word. A column of "STT" or of dates ("17/12/2026") set by proportion alone
//! can be narrower than one word, and Word then breaks the word inside ("ST/T", "17/12/202/6").
//! Both renderers take their widths from here, so the DOCX and the PDF share one grid.

use std::sync::OnceLock;

use ttf_parser::Face;

use super::document::{Run, Table};
use super::fonts;

/// Space between a cell's border and its text, each side, in points: Word's default cell
/// margin (108 twips), which the PDF's table inset repeats.
pub const CELL_PADDING_PT: f64 = 5.4;

/// Room beyond the measured word: Word rounds positions to twips and its metrics to whole
/// font units, and a word that fits exactly may still wrap.
const SLACK_PT: f64 = 1.0;

/// Liberation Serif regular, bold, italic, bold italic: Times New Roman's metrics, so widths
/// measured here hold in Word as in the PDF.
fn faces() -> &'static [Face<'static>] {
    static FACES: OnceLock<Vec<Face<'static>>> = OnceLock::new();
    FACES.get_or_init(|| {
        fonts::FILES[..4]
            .iter()
            .filter_map(|data| Face::parse(data, 0).ok())
            .collect()
    })
}

/// The width of `text` in points at `size`, in the face of `bold` and `italic` (no kerning:
/// Word sets table text unkerned).
pub fn text_width_pt(text: &str, size: f64, bold: bool, italic: bool) -> f64 {
    let faces = faces();
    let Some(face) = faces.get(usize::from(bold) + 2 * usize::from(italic)) else {
        return text.chars().count() as f64 * size * 0.5;
    };
    let per_em = f64::from(face.units_per_em());
    let units: f64 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(per_em * 0.5, f64::from)
        })
        .sum();
    units / per_em * size
}

/// The widest piece of a cell's runs that must not be broken: a word (words split at ordinary
/// spaces; a no-break space binds), except that a word without digits may break after a "/"
/// ("đồng/người/năm" is three pieces, as typst and LibreOffice break it). Numbers and dates
/// ("1.399.918,7", "17/12/2026") are one piece.
fn widest_word_pt(runs: &[Run], size: f64, bold: bool) -> f64 {
    runs.iter()
        .flat_map(|r| {
            r.text.split([' ', '\n', '\t']).flat_map(move |word| {
                let pieces: Vec<&str> = if word.chars().any(|c| c.is_ascii_digit()) {
                    vec![word]
                } else {
                    word.split_inclusive('/').collect()
                };
                pieces
                    .into_iter()
                    .map(move |w| text_width_pt(w, size, bold || r.bold, r.italic))
            })
        })
        .fold(0.0, f64::max)
}

/// Column widths in points for `table` set `usable` points wide at `size`: each column gets at
/// least its widest word (cells spanning one column only; header cells in bold) plus the cell
/// padding, and the rest of the width is shared in the template's proportions among the
/// columns that need no more. When even the minimums do not fit, they are scaled down.
pub fn widths_pt(table: &Table, usable: f64, size: f64) -> Vec<f64> {
    let n = table.widths.len();
    let mut least = vec![0.0f64; n];
    for (ri, row) in table.rows.iter().enumerate() {
        let header = ri < table.header_rows;
        let mut col = 0;
        for cell in row {
            if col >= n {
                break;
            }
            if cell.colspan <= 1 {
                let need =
                    widest_word_pt(&cell.runs, size, header) + 2.0 * CELL_PADDING_PT + SLACK_PT;
                least[col] = least[col].max(need);
            }
            col += cell.colspan.max(1);
        }
    }
    // Rowspans from above shift later cells to the right; a word measured in the wrong column
    // only makes that column's minimum larger, never a word break.
    let floor: f64 = least.iter().sum();
    if floor >= usable {
        return least.iter().map(|w| w / floor * usable).collect();
    }
    let weights: Vec<f64> = table.widths.iter().map(|w| w.max(0.0)).collect();
    let mut fixed = vec![false; n];
    loop {
        let free_weight: f64 = (0..n).filter(|&i| !fixed[i]).map(|i| weights[i]).sum();
        let left = usable - (0..n).filter(|&i| fixed[i]).map(|i| least[i]).sum::<f64>();
        let share = |i: usize| {
            if free_weight > 0.0 {
                weights[i] / free_weight * left
            } else {
                left / (0..n).filter(|&j| !fixed[j]).count().max(1) as f64
            }
        };
        let short: Vec<usize> = (0..n)
            .filter(|&i| !fixed[i] && share(i) < least[i])
            .collect();
        if short.is_empty() {
            return (0..n)
                .map(|i| if fixed[i] { least[i] } else { share(i) })
                .collect();
        }
        for i in short {
            fixed[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::document::{Align, Cell};

    fn cell(text: &str) -> Cell {
        Cell {
            runs: vec![Run::plain(text)],
            align: Align::Left,
            colspan: 1,
            rowspan: 1,
        }
    }

    #[test]
    fn times_metrics_give_the_known_widths() {
        // Times New Roman / Liberation Serif advance widths (units of 2048): "1" 1024, "/" 569.
        let w = text_width_pt("1/1", 12.0, false, false);
        assert!(
            (w - (1024.0 * 2.0 + 569.0) / 2048.0 * 12.0).abs() < 1e-9,
            "{w}"
        );
    }

    #[test]
    fn a_narrow_column_grows_to_its_longest_word_and_the_others_give_way() {
        let table = Table {
            widths: vec![1.0, 9.0],
            header_rows: 1,
            rows: vec![
                vec![cell("STT"), cell("Nội dung")],
                vec![cell("1"), cell("dài")],
            ],
        };
        let w = widths_pt(&table, 200.0, 12.0);
        // Bold "STT": S 1139 + T 1366 + T 1366 units of 2048 at 12 pt, plus 2 × 5.4 pt of
        // padding and 1 pt of slack.
        let stt = (1139.0 + 1366.0 * 2.0) / 2048.0 * 12.0 + 10.8 + 1.0;
        assert!((w[0] - stt).abs() < 1e-6, "{w:?}");
        assert!((w[0] + w[1] - 200.0).abs() < 1e-6);
    }

    #[test]
    fn a_unit_may_break_after_its_slashes_but_a_date_may_not() {
        let unit = widest_word_pt(&[Run::plain("đồng/người/năm")], 12.0, false);
        assert!((unit - text_width_pt("người/", 12.0, false, false)).abs() < 1e-9);
        let date = widest_word_pt(&[Run::plain("17/12/2026")], 12.0, false);
        assert!((date - text_width_pt("17/12/2026", 12.0, false, false)).abs() < 1e-9);
    }

    #[test]
    fn proportions_hold_when_every_word_fits() {
        let table = Table {
            widths: vec![1.0, 3.0],
            header_rows: 0,
            rows: vec![vec![cell("a"), cell("b")]],
        };
        assert_eq!(widths_pt(&table, 400.0, 12.0), vec![100.0, 300.0]);
    }
}
