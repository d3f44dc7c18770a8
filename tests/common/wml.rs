//! What Word checks in a DOCX package, written down independently of the renderer: the child
//! order of WordprocessingML property elements, copied from the `xsd:sequence` of each type in
//! ECMA-376 Part 1 (transitional, `wml.xsd`), and the package's parts.

use std::io::Read;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// (element, its schema type's children in order). `w:rPr` follows Word's fixed order of
/// EG_RPrBase (ECMA-376 1st edition; Part 1 §17.3.2.28 lists the same).
const SEQUENCES: &[(&str, &str)] = &[
    (
        "pPr",
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr \
         suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct \
         topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind \
         contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment \
         textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    ),
    (
        "rPr",
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike \
         outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern \
         position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang \
         eastAsianLayout specVanish oMath rPrChange",
    ),
    (
        "tblPr",
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc \
         tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption \
         tblDescription tblPrChange",
    ),
    (
        "tcPr",
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText \
         vAlign hideMark headers cellIns cellDel cellMerge tcPrChange",
    ),
    (
        "sectPr",
        "headerReference/footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders \
         lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi \
         rtlGutter docGrid printerSettings sectPrChange",
    ),
    (
        "style",
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden \
         unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr \
         tblPr trPr tcPr tblStylePr",
    ),
    (
        "tr",
        "tblPrEx trPr tc/customXml/sdt/bookmarkStart/bookmarkEnd",
    ),
    ("tbl", "bookmarkStart tblPr tblGrid tr"),
];

/// The rank of `child` in the sequence of `parent`; `None` when the schema does not allow it.
fn rank(sequence: &str, child: &str) -> Option<usize> {
    sequence
        .split_whitespace()
        .position(|slot| slot.split('/').any(|s| s == child))
}

/// Every XML part of a DOCX: (name, text).
pub fn parts(docx: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            out.push((name, s));
        }
    }
    out
}

/// The element-order mistakes in a DOCX, one line each (empty when there are none).
pub fn order_errors(docx: &[u8]) -> Vec<String> {
    let mut errors = Vec::new();
    for (name, xml) in parts(docx) {
        if !name.starts_with("word/") || !name.ends_with(".xml") {
            continue;
        }
        let doc = roxmltree::Document::parse(&xml).unwrap();
        // Paragraph properties in styles and numbering are CT_PPrGeneral: no run properties.
        let general = name.ends_with("styles.xml") || name.ends_with("numbering.xml");
        for el in doc.descendants().filter(|n| n.is_element()) {
            let local = el.tag_name().name();
            let Some((_, seq)) = SEQUENCES.iter().find(|(e, _)| *e == local) else {
                continue;
            };
            if el.tag_name().namespace() != Some(W) {
                continue;
            }
            let mut last = 0;
            for c in el.children().filter(|c| c.is_element()) {
                let child = c.tag_name().name();
                let r = if general && local == "pPr" && child == "rPr" {
                    None
                } else {
                    rank(seq, child)
                };
                match r {
                    None => errors.push(format!("{name}: w:{local} may not hold w:{child}")),
                    Some(r) if r < last => {
                        errors.push(format!("{name}: w:{child} out of order in w:{local}"))
                    }
                    Some(r) => last = r,
                }
            }
        }
    }
    errors.sort();
    errors.dedup();
    errors
}

/// The package-level rules: no part nothing points to, a default paragraph style, Vietnamese
/// as the text's language.
pub fn package_errors(docx: &[u8]) -> Vec<String> {
    let parts = parts(docx);
    let get = |n: &str| {
        parts
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, s)| s.as_str())
    };
    let mut errors = Vec::new();
    let rels = get("word/_rels/document.xml.rels").unwrap_or("");
    for (name, _) in &parts {
        let Some(local) = name.strip_prefix("word/") else {
            continue;
        };
        if local.contains('/') || local == "document.xml" {
            continue;
        }
        if !rels.contains(&format!("Target=\"{local}\"")) {
            errors.push(format!("{name}: nothing points to it"));
        }
    }
    let styles = roxmltree::Document::parse(get("word/styles.xml").unwrap_or("<x/>")).unwrap();
    let defaults = styles
        .descendants()
        .filter(|n| {
            n.has_tag_name((W, "style"))
                && n.attribute((W, "type")) == Some("paragraph")
                && n.attribute((W, "default")) == Some("1")
        })
        .count();
    if defaults != 1 {
        errors.push(format!("{defaults} default paragraph styles"));
    }
    let vietnamese = styles.descendants().any(|n| {
        n.has_tag_name((W, "lang"))
            && n.ancestors().any(|a| a.has_tag_name((W, "rPrDefault")))
            && n.attribute((W, "val")) == Some("vi-VN")
    });
    if !vietnamese {
        errors.push("no vi-VN language in the document defaults".into());
    }
    errors
}
