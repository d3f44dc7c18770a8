//! The fonts the PDF is typeset with, and which characters they can print.
//!
//! Liberation Serif (SIL OFL 1.1) sets the report; DejaVu Sans (Bitstream Vera licence, public
//! domain changes) is the fallback for symbols a unit may type (✓ ☑ ★ arrows, box drawing…).
//! A character neither covers (emoji, CJK, private use) is printed as [`REPLACEMENT`] and
//! named at ingest, so a report always renders.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

pub const FILES: [&[u8]; 5] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
    include_bytes!("../../fonts/DejaVuSans.ttf"),
];

/// What replaces a character no font can print (a white square, in both fonts).
pub const REPLACEMENT: char = '□';

/// Every face of every font file, parsed once per process.
pub fn all() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect()
    })
}

/// Characters that print as nothing and need no glyph: joiners and variation selectors.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0000}'..='\u{e007f}')
}

/// Whether some font prints `c` (spacing and line breaks always do).
pub fn covered(c: char) -> bool {
    c.is_whitespace() || invisible(c) || all().iter().any(|f| f.info().coverage.contains(c as u32))
}

/// The text as the fonts can print it: uncovered characters replaced, invisible ones dropped.
pub fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| !invisible(*c))
        .map(|c| if covered(c) { c } else { REPLACEMENT })
        .collect()
}
