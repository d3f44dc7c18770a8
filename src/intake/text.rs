//! Text that came from a unit, made safe and readable: control and direction characters out,
//! legacy Vietnamese encodings (TCVN3 ".VnTime", VNI) converted to Unicode.
//!
//! [`clean`] runs on every text cell as it is read, so nothing downstream (findings on the
//! terminal, DOCX, PDF) ever sees an escape sequence, an unclosed right-to-left override or an
//! invisible character inside a number. [`legacy`] recognises a legacy encoding by characters
//! that Vietnamese text in Unicode never contains.

/// Cell text as it should be kept: a Word line break (`\x0b`, vertical tab) and `\r\n` become
/// `\n`; other control characters (C0, DEL, C1 — among them the ESC of terminal escape
/// sequences), bidirectional controls and invisible characters (zero-width space, word joiner,
/// byte-order mark) are dropped.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if dropped(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters never kept in unit text.
fn dropped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}' // zero-width space
            | '\u{2060}' // word joiner
            | '\u{feff}' // byte-order mark / zero-width no-break space
            | '\u{200e}' | '\u{200f}' | '\u{61c}' // direction marks
            | '\u{202a}'..='\u{202e}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
        )
}

/// A legacy Vietnamese encoding found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3 (".VnTime" fonts).
    Tcvn3,
    /// VNI Windows ("VNI-Times" fonts).
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (phông .VnTime)",
            Legacy::Vni => "VNI (phông VNI-Times)",
        }
    }
}

/// TCVN3 byte (as the Latin-1 character a reader shows) → Vietnamese letter.
const TCVN3: &[(char, char)] = &[
    ('µ', 'à'),
    ('¸', 'á'),
    ('¶', 'ả'),
    ('·', 'ã'),
    ('¹', 'ạ'),
    ('¨', 'ă'),
    ('»', 'ằ'),
    ('¾', 'ắ'),
    ('¼', 'ẳ'),
    ('½', 'ẵ'),
    ('Æ', 'ặ'),
    ('©', 'â'),
    ('Ç', 'ầ'),
    ('Ê', 'ấ'),
    ('È', 'ẩ'),
    ('É', 'ẫ'),
    ('Ë', 'ậ'),
    ('®', 'đ'),
    ('Ì', 'è'),
    ('Ð', 'é'),
    ('Î', 'ẻ'),
    ('Ï', 'ẽ'),
    ('Ñ', 'ẹ'),
    ('ª', 'ê'),
    ('Ò', 'ề'),
    ('Õ', 'ế'),
    ('Ó', 'ể'),
    ('Ô', 'ễ'),
    ('Ö', 'ệ'),
    ('×', 'ì'),
    ('Ý', 'í'),
    ('Ø', 'ỉ'),
    ('Ü', 'ĩ'),
    ('Þ', 'ị'),
    ('ß', 'ò'),
    ('ã', 'ó'),
    ('á', 'ỏ'),
    ('â', 'õ'),
    ('ä', 'ọ'),
    ('«', 'ô'),
    ('å', 'ồ'),
    ('è', 'ố'),
    ('æ', 'ổ'),
    ('ç', 'ỗ'),
    ('é', 'ộ'),
    ('¬', 'ơ'),
    ('ê', 'ờ'),
    ('í', 'ớ'),
    ('ë', 'ở'),
    ('ì', 'ỡ'),
    ('î', 'ợ'),
    ('ï', 'ù'),
    ('ó', 'ú'),
    ('ñ', 'ủ'),
    ('ò', 'ũ'),
    ('ô', 'ụ'),
    ('\u{ad}', 'ư'),
    ('õ', 'ừ'),
    ('ø', 'ứ'),
    ('ö', 'ử'),
    ('÷', 'ữ'),
    ('ù', 'ự'),
    ('ú', 'ỳ'),
    ('ý', 'ý'),
    ('û', 'ỷ'),
    ('ü', 'ỹ'),
    ('þ', 'ỵ'),
    ('¡', 'Ă'),
    ('¢', 'Â'),
    ('§', 'Đ'),
    ('£', 'Ê'),
    ('¤', 'Ô'),
    ('¥', 'Ơ'),
    ('¦', 'Ư'),
];

/// TCVN3 characters that Vietnamese written in Unicode never uses (the others, such as "á" or
/// "ê", are letters in both and prove nothing).
fn tcvn3_only(c: char) -> bool {
    matches!(
        c,
        'µ' | '¸'
            | '¶'
            | '·'
            | '¹'
            | '¨'
            | '»'
            | '¾'
            | '¼'
            | '½'
            | 'Æ'
            | '©'
            | 'Ç'
            | 'Ë'
            | '®'
            | 'Î'
            | 'Ï'
            | 'Ñ'
            | 'ª'
            | 'Ö'
            | '×'
            | 'Ø'
            | 'Ü'
            | 'Þ'
            | 'ß'
            | 'ä'
            | '«'
            | 'å'
            | 'æ'
            | 'ç'
            | '¬'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ñ'
            | 'ö'
            | '÷'
            | 'ø'
            | 'û'
            | 'ü'
            | 'þ'
            | '\u{ad}'
            | '¡'
            | '¢'
            | '§'
            | '£'
            | '¤'
            | '¥'
            | '¦'
    )
}

/// VNI: a vowel followed by one of these marks is one Vietnamese letter.
const VNI_MARKS: &[(char, &str)] = &[
    // (mark, what it adds: tone or shape) for lower case; upper-case marks follow.
    ('ø', "\u{300}"),
    ('ù', "\u{301}"),
    ('û', "\u{309}"),
    ('õ', "\u{303}"),
    ('ï', "\u{323}"),
    ('â', "\u{302}"),
    ('ê', "\u{306}"),
    ('à', "\u{302}\u{300}"),
    ('á', "\u{302}\u{301}"),
    ('å', "\u{302}\u{309}"),
    ('ã', "\u{302}\u{303}"),
    ('ä', "\u{302}\u{323}"),
    ('è', "\u{306}\u{300}"),
    ('é', "\u{306}\u{301}"),
    ('ú', "\u{306}\u{309}"),
    ('ü', "\u{306}\u{303}"),
    ('ë', "\u{306}\u{323}"),
    ('Ø', "\u{300}"),
    ('Ù', "\u{301}"),
    ('Û', "\u{309}"),
    ('Õ', "\u{303}"),
    ('Ï', "\u{323}"),
    ('Â', "\u{302}"),
    ('Ê', "\u{306}"),
    ('À', "\u{302}\u{300}"),
    ('Á', "\u{302}\u{301}"),
    ('Å', "\u{302}\u{309}"),
    ('Ã', "\u{302}\u{303}"),
    ('Ä', "\u{302}\u{323}"),
    ('È', "\u{306}\u{300}"),
    ('É', "\u{306}\u{301}"),
    ('Ú', "\u{306}\u{309}"),
    ('Ü', "\u{306}\u{303}"),
    ('Ë', "\u{306}\u{323}"),
];

/// VNI letters that stand alone (no base vowel before them).
const VNI_SINGLE: &[(char, &str)] = &[
    ('ñ', "đ"),
    ('Ñ', "Đ"),
    ('ô', "ơ"),
    ('Ô', "Ơ"),
    ('ö', "ư"),
    ('Ö', "Ư"),
    ('ì', "ì"),
    ('í', "í"),
    ('æ', "ỉ"),
    ('ó', "ĩ"),
    ('ò', "ị"),
    ('Ì', "Ì"),
    ('Í', "Í"),
    ('Æ', "Ỉ"),
    ('Ó', "Ĩ"),
    ('Ò', "Ị"),
    ('î', "ỵ"),
    ('Î', "Ỵ"),
];

fn vni_mark(c: char) -> Option<&'static str> {
    VNI_MARKS.iter().find(|(m, _)| *m == c).map(|(_, s)| *s)
}

fn is_vni_base(c: char) -> bool {
    "aeouyAEOUYôöÔÖ".contains(c)
}

/// Marks that VNI puts after a vowel and Unicode Vietnamese never has there.
fn vni_only_pair(base: char, mark: char) -> bool {
    is_vni_base(base)
        && matches!(
            mark,
            'ø' | 'ù'
                | 'û'
                | 'õ'
                | 'ï'
                | 'å'
                | 'ä'
                | 'ë'
                | 'ü'
                | 'Ø'
                | 'Ù'
                | 'Û'
                | 'Ï'
                | 'Å'
                | 'Ä'
                | 'Ë'
                | 'Ü'
        )
}

/// Latin-1 characters that are not Vietnamese letters: what a wrong reading leaves behind.
fn foreign(s: &str) -> usize {
    s.chars()
        .filter(|c| {
            !c.is_ascii() && (*c as u32) <= 0xff && !"àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".contains(*c)
        })
        .count()
}

/// The legacy encoding a text is written in, if any. Text holding any character beyond Latin-1
/// is Unicode already. Otherwise an encoding is recognised by what only it produces (a vowel
/// followed by a VNI mark; TCVN3's own characters, and not a lone one among other accented
/// letters, as in "Công ty ABC®") and only if reading the text that way leaves no stray
/// Latin-1 character.
pub fn detect(s: &str) -> Option<Legacy> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xff) || foreign(s) == 0 {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let vni_pairs = chars.windows(2).any(|w| vni_only_pair(w[0], w[1]));
    if vni_pairs && foreign(&convert(s, Legacy::Vni)) == 0 {
        return Some(Legacy::Vni);
    }
    let tcvn = chars.iter().filter(|c| tcvn3_only(**c)).count();
    let others = chars
        .iter()
        .filter(|c| !c.is_ascii() && !tcvn3_only(**c))
        .count();
    let plausible = tcvn >= 2 || (tcvn == 1 && others == 0);
    (plausible && foreign(&convert(s, Legacy::Tcvn3)) == 0).then_some(Legacy::Tcvn3)
}

/// The text converted from `enc` to Unicode (NFC).
pub fn convert(s: &str, enc: Legacy) -> String {
    use unicode_normalization::UnicodeNormalization;
    match enc {
        Legacy::Tcvn3 => s
            .chars()
            .map(|c| TCVN3.iter().find(|(k, _)| *k == c).map_or(c, |(_, u)| *u))
            .collect(),
        Legacy::Vni => {
            let mut out = String::with_capacity(s.len());
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                let (base, single) = match VNI_SINGLE.iter().find(|(k, _)| *k == c) {
                    Some((_, u)) => (u.to_string(), true),
                    None => (c.to_string(), false),
                };
                out.push_str(&base);
                let vowel = is_vni_base(c) || (single && "ơưƠƯ".contains(&base));
                if vowel && let Some(mark) = chars.peek().copied().and_then(vni_mark) {
                    chars.next();
                    out.push_str(mark);
                }
            }
            out.nfc().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_line_breaks_and_invisible_characters() {
        assert_eq!(clean("Hoàn thành\u{b}kế hoạch"), "Hoàn thành\nkế hoạch");
        assert_eq!(clean("1\u{200b}234"), "1234");
        assert_eq!(clean("\u{feff}12,5"), "12,5");
        assert_eq!(clean("a\r\nb"), "a\nb");
        assert_eq!(
            clean("\u{1b}[31mđỏ\u{1b}[0m \u{202e}ngược"),
            "[31mđỏ[0m ngược"
        );
    }

    /// TCVN3 as typed with .VnTime: "Hoµn thµnh kÕ ho¹ch" is "Hoàn thành kế hoạch".
    #[test]
    fn tcvn3_text_is_recognised_and_converted() {
        for (legacy, unicode) in [
            ("Hoµn thµnh kÕ ho¹ch", "Hoàn thành kế hoạch"),
            (
                "Mét sè chi bé sinh ho¹t ch\u{AD}a ®Òu",
                "Một số chi bộ sinh hoạt chưa đều",
            ),
            ("§¶ng ñy ph\u{AD}êng", "Đảng ủy phường"),
        ] {
            assert_eq!(detect(legacy), Some(Legacy::Tcvn3), "{legacy}");
            assert_eq!(convert(legacy, Legacy::Tcvn3), unicode);
        }
    }

    /// VNI as typed with VNI-Times: "Hoaøn thaønh keá hoaïch".
    #[test]
    fn vni_text_is_recognised_and_converted() {
        for (legacy, unicode) in [
            ("Hoaøn thaønh keá hoaïch", "Hoàn thành kế hoạch"),
            ("Ñaûng uûy phöôøng", "Đảng ủy phường"),
            (
                "Moät soá chi boä sinh hoaït chöa ñeàu",
                "Một số chi bộ sinh hoạt chưa đều",
            ),
        ] {
            assert_eq!(detect(legacy), Some(Legacy::Vni), "{legacy}");
            assert_eq!(convert(legacy, Legacy::Vni), unicode);
        }
    }

    #[test]
    fn unicode_and_plain_text_are_left_alone() {
        for s in [
            "Hoàn thành kế hoạch",
            "Một số chi bộ",
            "Café à la carte",
            "plain ascii",
            "Số liệu: 12,5%",
            "Công ty ABC®",
        ] {
            assert_eq!(detect(s), None, "{s}");
        }
    }
}
