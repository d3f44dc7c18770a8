//! A minimal XML tree for the parts docx-rs writes, and the canonical element order of
//! WordprocessingML (ECMA-376 Part 1, transitional schema `wml.xsd`).
//!
//! docx-rs serialises properties in the order they were set, which the schema forbids in many
//! places (`w:rPr` first in `w:pPr`, `w:jc` before `w:spacing`, header references after the
//! page size…). Word repairs or refuses such files. [`canonical`] parses a part, puts the
//! children of every property element in schema order (a stable sort, so repeated elements
//! keep their order) and drops the few children the schema type cannot hold at all. The
//! parser keeps attributes, text and declarations byte for byte: only the order changes.

/// One node of a part: an element, or anything else kept verbatim (text, declarations).
#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Verbatim(String),
}

#[derive(Debug, Clone)]
pub struct Element {
    /// The qualified name as written ("w:pPr").
    pub name: String,
    /// The attributes exactly as written, with their leading space.
    pub attrs: String,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &str, attrs: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: attrs.to_string(),
            children: Vec::new(),
        }
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Verbatim(_) => None,
        })
    }

    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Verbatim(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// The child named `name`, created (empty) at the end when missing.
    pub fn child_or_insert(&mut self, name: &str) -> &mut Element {
        if self.child(name).is_none() {
            self.children.push(Node::Element(Element::new(name, "")));
        }
        self.child_mut(name).expect("just inserted")
    }

    /// Adds an empty child `<name attrs/>` unless one with that name exists.
    pub fn ensure(&mut self, name: &str, attrs: &str) {
        if self.child(name).is_none() {
            self.children.push(Node::Element(Element::new(name, attrs)));
        }
    }

    /// The value of attribute `name` (as written, unescaped entities left alone).
    pub fn attr(&self, name: &str) -> Option<&str> {
        let key = format!(" {name}=\"");
        let at = self.attrs.find(&key)? + key.len();
        let end = self.attrs[at..].find('"')? + at;
        Some(&self.attrs[at..end])
    }

    /// Removes attribute `name` if present.
    pub fn remove_attr(&mut self, name: &str) {
        let key = format!(" {name}=\"");
        if let Some(at) = self.attrs.find(&key)
            && let Some(end) = self.attrs[at + key.len()..].find('"')
        {
            self.attrs.replace_range(at..at + key.len() + end + 1, "");
        }
    }

    /// Visits this element and every descendant, parents first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for c in self.elements_mut() {
            c.walk_mut(f);
        }
    }
}

/// Parses a part. Returns `None` for anything that is not well-formed in the simple sense
/// this module needs (then the part is left as it was).
pub fn parse(xml: &str) -> Option<Vec<Node>> {
    let mut stack: Vec<Element> = vec![Element::new("", "")];
    let mut rest = xml;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push(&mut stack, Node::Verbatim(rest.to_string()));
            break;
        };
        if lt > 0 {
            push(&mut stack, Node::Verbatim(rest[..lt].to_string()));
            rest = &rest[lt..];
        }
        if rest.starts_with("<?") || rest.starts_with("<!--") || rest.starts_with("<!") {
            let close = if rest.starts_with("<?") {
                "?>"
            } else if rest.starts_with("<!--") {
                "-->"
            } else if rest.starts_with("<![CDATA[") {
                "]]>"
            } else {
                ">"
            };
            let end = rest.find(close)? + close.len();
            push(&mut stack, Node::Verbatim(rest[..end].to_string()));
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest)?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let done = stack.pop()?;
            if done.name != name.trim() || stack.is_empty() {
                return None;
            }
            push(&mut stack, Node::Element(done));
            continue;
        }
        let (body, empty) = match tag.strip_suffix('/') {
            Some(b) => (b, true),
            None => (tag, false),
        };
        let split = body
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(body.len());
        let el = Element::new(&body[..split], &body[split..]);
        if empty {
            push(&mut stack, Node::Element(el));
        } else {
            stack.push(el);
        }
    }
    if stack.len() != 1 {
        return None;
    }
    Some(stack.pop().expect("the document node").children)
}

/// The index of the `>` that ends the tag starting `s` (quotes may hold `>`).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn push(stack: &mut [Element], n: Node) {
    stack
        .last_mut()
        .expect("the document node stays")
        .children
        .push(n);
}

/// Writes nodes back; empty elements as `<name attrs />` like docx-rs does.
pub fn serialize(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        write_node(&mut out, n);
    }
    out
}

fn write_node(out: &mut String, n: &Node) {
    match n {
        Node::Verbatim(s) => out.push_str(s),
        Node::Element(e) => {
            out.push('<');
            out.push_str(&e.name);
            if e.children.is_empty() {
                out.push_str(&e.attrs);
                if !e.attrs.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str("/>");
                return;
            }
            out.push_str(e.attrs.trim_end());
            out.push('>');
            for c in &e.children {
                write_node(out, c);
            }
            out.push_str("</");
            out.push_str(&e.name);
            out.push('>');
        }
    }
}

/// Puts every part's property elements in schema order and removes what their schema type
/// cannot contain. `part` is the part name ("word/styles.xml"): paragraph properties in
/// styles and numbering are `CT_PPrGeneral`, which holds no run properties.
pub fn canonical(part: &str, xml: &str) -> String {
    rewrite(part, xml, |_| {})
}

/// Parses a part, lets `edit` change its root element, then puts it in schema order (see
/// [`canonical`]). A part this module cannot parse is returned unchanged.
pub fn rewrite(part: &str, xml: &str, edit: impl FnOnce(&mut Element)) -> String {
    let Some(mut nodes) = parse(xml) else {
        return xml.to_string();
    };
    let general_ppr = part.ends_with("styles.xml") || part.ends_with("numbering.xml");
    if let Some(root) = nodes.iter_mut().find_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Verbatim(_) => None,
    }) {
        edit(root);
        order_tree(root, general_ppr);
    }
    serialize(&nodes)
}

fn order_tree(e: &mut Element, general_ppr: bool) {
    if general_ppr && e.name == "w:pPr" {
        e.children
            .retain(|c| !matches!(c, Node::Element(x) if x.name == "w:rPr"));
    }
    if e.name == "w:gridCol" {
        // CT_TblGridCol has only w:w; docx-rs adds w:type.
        e.remove_attr("w:type");
    }
    if let Some(order) = schema_order(&e.name) {
        sort_children(e, order);
    }
    for c in e.elements_mut() {
        order_tree(c, general_ppr);
    }
}

/// Stable sort of the element children by their rank in `order`; elements not in the table
/// (content after the properties) come after those in it, in their own order. Text between
/// elements stays with the element after it.
fn sort_children(e: &mut Element, order: &[&str]) {
    let mut keyed: Vec<(usize, Vec<Node>)> = Vec::new();
    let mut pending: Vec<Node> = Vec::new();
    for n in std::mem::take(&mut e.children) {
        match &n {
            Node::Element(x) => {
                let key = order
                    .iter()
                    .position(|o| *o == x.name)
                    .unwrap_or(order.len());
                pending.push(n);
                keyed.push((key, std::mem::take(&mut pending)));
            }
            Node::Verbatim(_) => pending.push(n),
        }
    }
    keyed.sort_by_key(|(k, _)| *k);
    e.children = keyed.into_iter().flat_map(|(_, v)| v).collect();
    e.children.extend(pending);
}

/// The sequence of child elements the schema requires for an element, where order matters
/// and docx-rs gets it wrong.
fn schema_order(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "w:pPr" => PPR,
        "w:rPr" => RPR,
        "w:tblPr" => TBL_PR,
        "w:tcPr" => TC_PR,
        "w:sectPr" => SECT_PR,
        "w:style" => STYLE,
        "w:settings" => SETTINGS,
        "w:tbl" => &["w:bookmarkStart", "w:tblPr", "w:tblGrid"],
        "w:tc" => &["w:tcPr"],
        "w:tr" => &["w:tblPrEx", "w:trPr"],
        "w:p" => &["w:pPr"],
        "w:r" => &["w:rPr"],
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        "w:tblBorders" | "w:tcBorders" => &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
        "w:tblCellMar" | "w:tcMar" => {
            &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"]
        }
        _ => return None,
    })
}

/// CT_PPr: CT_PPrBase, then rPr, sectPr, pPrChange.
const PPR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// CT_ParaRPr / CT_RPr: the revision marks, EG_RPrBase in Word's fixed order, rPrChange.
const RPR: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

/// CT_TblPr (CT_TblPrBase, then tblPrChange).
const TBL_PR: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
];

/// CT_TcPr.
const TC_PR: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

/// CT_SectPr: the header/footer references (a choice among themselves), then the rest.
const SECT_PR: &[&str] = &[
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

/// CT_Style.
const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

/// CT_Settings, the part of it up to the compatibility settings and what follows them.
const SETTINGS: &[&str] = &[
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_without_misplaced_children_comes_back_byte_for_byte() {
        let xml = r#"<?xml version="1.0"?><w:p a="1 > 0"><w:pPr><w:jc w:val="both" /></w:pPr><w:r><w:t xml:space="preserve"> a &amp; b </w:t></w:r></w:p>"#;
        assert_eq!(canonical("word/document.xml", xml), xml);
    }

    #[test]
    fn run_properties_move_to_the_end_of_paragraph_properties() {
        let xml = r#"<w:pPr><w:rPr><w:sz w:val="26" /><w:b /></w:rPr><w:jc w:val="center" /><w:spacing w:line="240" /></w:pPr>"#;
        assert_eq!(
            canonical("word/header1.xml", xml),
            r#"<w:pPr><w:spacing w:line="240" /><w:jc w:val="center" /><w:rPr><w:b /><w:sz w:val="26" /></w:rPr></w:pPr>"#
        );
    }

    #[test]
    fn style_paragraph_properties_lose_their_run_properties() {
        let xml = r#"<w:style><w:pPr><w:rPr /><w:jc w:val="both" /></w:pPr></w:style>"#;
        assert_eq!(
            canonical("word/styles.xml", xml),
            r#"<w:style><w:pPr><w:jc w:val="both" /></w:pPr></w:style>"#
        );
    }

    #[test]
    fn malformed_text_is_left_alone() {
        assert_eq!(canonical("x.xml", "<a><b></a>"), "<a><b></a>");
    }
}
