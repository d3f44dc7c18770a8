//! The document model rendered to DOCX and PDF: format rules, determinism, hostile text.

use std::io::Read;
mod common;

use std::path::Path;

use baocao::render::document::{
    Align, Appendix, Block, Cell, Document, Frame, Level, Meta, Run, Signature, Table,
};
use baocao::render::profile::{Profile, ProfileKind, Profiles};
use baocao::render::{docx, pdf};
use chrono::NaiveDate;

#[path = "common/wml.rs"]
mod wml;

fn profiles() -> Profiles {
    Profiles::load(Path::new("templates/profiles.toml")).unwrap()
}

fn cell(text: &str) -> Cell {
    Cell {
        runs: vec![Run::plain(text)],
        align: Align::Left,
        colspan: 1,
        rowspan: 1,
    }
}

/// A small fixed report: a body long enough for two pages and a landscape appendix table long
/// enough to break across pages.
fn sample(profile: ProfileKind, body_text: &str) -> Document {
    let dang = profile == ProfileKind::Dang;
    let mut body = vec![
        Block::Heading {
            level: Level::Part,
            runs: vec![Run::plain("Phần thứ nhất")],
        },
        Block::Heading {
            level: Level::Section,
            runs: vec![Run::plain("I. Kết quả đạt được")],
        },
        Block::Heading {
            level: Level::Item,
            runs: vec![Run::plain("1. Công tác xây dựng Đảng")],
        },
    ];
    for i in 0..14 {
        body.push(Block::Paragraph {
            runs: vec![
                Run::plain(format!("{body_text} Đoạn {i}: thu ngân sách đạt ")),
                Run::bold("1.234,5"),
                Run::plain(" triệu đồng, tăng 8,5% so với cùng kỳ."),
            ],
            align: Align::Justify,
            indent: true,
        });
    }
    body.push(Block::Dash {
        runs: vec![Run::plain("một mục gạch đầu dòng")],
    });
    let mut rows = vec![vec![cell("STT"), cell("Chỉ tiêu"), cell("Đánh giá")]];
    for i in 1..=45 {
        rows.push(vec![
            cell(&i.to_string()),
            cell(&format!("Chỉ tiêu số {i}")),
            cell("Đạt"),
        ]);
    }
    Document {
        meta: Meta {
            title: "BÁO CÁO kết quả 6 tháng đầu năm 2026".into(),
            author: "Đảng ủy phường Nam Đồng".into(),
            subject: "kết quả 6 tháng đầu năm 2026".into(),
            date: NaiveDate::from_ymd_opt(2026, 6, 25).unwrap(),
            language: "vi-VN".into(),
        },
        frame: Frame {
            superior: if dang {
                "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG".into()
            } else {
                String::new()
            },
            issuer_lines: if dang {
                vec!["ĐẢNG ỦY PHƯỜNG NAM ĐỒNG".into()]
            } else {
                vec!["ỦY BAN NHÂN DÂN".into(), "PHƯỜNG NAM ĐỒNG".into()]
            },
            issuer_abbreviation: if dang { "ĐU".into() } else { "UBND".into() },
            type_abbreviation: "BC".into(),
            number: Some(12),
            place: "Nam Đồng".into(),
            date: NaiveDate::from_ymd_opt(2026, 6, 25),
            year: 2026,
            doc_type: "BÁO CÁO".into(),
            summary: "kết quả 6 tháng đầu năm 2026 thực hiện Chương trình hành động".into(),
            draft: false,
            signature: Signature {
                authority: if dang {
                    "T/M BAN THƯỜNG VỤ".into()
                } else {
                    "TM. ỦY BAN NHÂN DÂN".into()
                },
                titles: vec![if dang {
                    "BÍ THƯ".into()
                } else {
                    "CHỦ TỊCH".into()
                }],
                name: "Nguyễn Việt Dũng".into(),
            },
            recipients: vec![
                "- Thường trực Thành ủy (để báo cáo),".into(),
                "- Lưu Văn phòng Đảng ủy.".into(),
            ],
        },
        body,
        appendices: vec![Appendix {
            title: "Kết quả thực hiện các chỉ tiêu".into(),
            landscape: true,
            blocks: vec![Block::Table(Table {
                widths: vec![1.0, 6.0, 2.0],
                header_rows: 1,
                rows,
            })],
        }],
    }
}

fn document_xml(bytes: &[u8]) -> String {
    part(bytes, "word/document.xml")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn profile(kind: ProfileKind) -> Profile {
    profiles().get(kind).clone()
}

#[test]
fn docx_follows_the_party_format() {
    let p = profile(ProfileKind::Dang);
    let bytes = docx::render(&sample(ProfileKind::Dang, "Nội dung."), &p).unwrap();
    let xml = document_xml(&bytes);
    // A4 portrait body, margins 20/20/30/15 mm.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(xml.contains(r#"w:top="1134""#) && xml.contains(r#"w:bottom="1134""#));
    assert!(xml.contains(r#"w:left="1701""#) && xml.contains(r#"w:right="850""#));
    // Justified body (w:jc both), first-line indent 10 mm, exact 20 pt lines, 6 pt after.
    assert!(xml.contains(r#"<w:jc w:val="both" />"#));
    assert!(!xml.contains(r#"w:val="justified""#));
    assert!(xml.contains(r#"w:firstLine="567""#));
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:line="400" w:lineRule="exact""#)
            || styles.contains(r#"w:lineRule="exact" w:line="400""#),
        "exact 20 pt"
    );
    assert!(styles.contains(r#"<w:sz w:val="28" />"#), "14 pt");
    assert!(styles.contains("Times New Roman"));
    assert_eq!(
        styles.matches(r#"w:styleId="Normal""#).count(),
        1,
        "one Normal style"
    );
    assert!(styles.contains(r#"w:styleId="TableGrid""#), "a table style");
    assert!(
        xml.contains(r#"<w:tblStyle w:val="TableGrid" />"#),
        "tables use it"
    );
    // The body section has a page-number header and excludes the first page.
    let first_sect = &xml[xml.find("<w:sectPr>").unwrap()..];
    let first_sect = &first_sect[..first_sect.find("</w:sectPr>").unwrap()];
    assert!(
        first_sect.contains(r#"w:headerReference w:type="default""#),
        "{first_sect}"
    );
    assert!(first_sect.contains(r#"w:headerReference w:type="first""#));
    assert!(first_sect.contains("<w:titlePg />"));
    let headers: Vec<String> = (1..=3)
        .filter_map(|i| {
            std::panic::catch_unwind(|| part(&bytes, &format!("word/header{i}.xml"))).ok()
        })
        .collect();
    assert!(
        headers
            .iter()
            .any(|h| h.contains("<w:instrText>PAGE</w:instrText>")),
        "a PAGE field"
    );
    // The appendix: a landscape section whose table header row repeats.
    let last_sect = &xml[xml.rfind("<w:sectPr>").unwrap()..];
    assert!(last_sect.contains(r#"w:orient="landscape""#), "{last_sect}");
    assert!(xml.contains("<w:tblHeader />"));
    // Letterhead, number, date, signature and recipients.
    for text in [
        "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
        "ĐẢNG ỦY PHƯỜNG NAM ĐỒNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-BC/ĐU",
        "Nam Đồng, ngày 25 tháng 6 năm 2026",
        "T/M BAN THƯỜNG VỤ",
        "Nơi nhận:",
        "PHỤ LỤC 1",
        // Leading zero only for days 1–9 and months 1–2 (admin-format.md, Dates).
        "(Kèm theo Báo cáo số 12-BC/ĐU ngày 25/6/2026 của Đảng ủy phường Nam Đồng)",
    ] {
        assert!(xml.contains(text), "missing {text}");
    }
    // Core properties carry the report date, not the clock.
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("2026-06-25T00:00:00Z") && core.contains("Đảng ủy phường Nam Đồng"));
}

#[test]
fn docx_follows_the_state_format() {
    let p = profile(ProfileKind::NhaNuoc);
    let xml = document_xml(&docx::render(&sample(ProfileKind::NhaNuoc, "Nội dung."), &p).unwrap());
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "Số: 12/BC-UBND",
        "TM. ỦY BAN NHÂN DÂN",
        "Phụ lục I".to_uppercase().as_str(),
    ] {
        assert!(xml.contains(text), "missing {text}");
    }
    assert!(!xml.contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
}

#[test]
fn docx_parts_follow_the_schema_order_and_package_rules() {
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let bytes = docx::render(&sample(kind, "Thứ tự."), &profile(kind)).unwrap();
        let none: Vec<String> = Vec::new();
        assert_eq!(wml::order_errors(&bytes), none, "{kind:?}");
        assert_eq!(wml::package_errors(&bytes), none, "{kind:?}");
    }
}

#[test]
fn the_order_check_catches_run_properties_first_in_paragraph_properties() {
    // The check must fail on what docx-rs writes unaided (rPr first, jc before spacing).
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(
            &mut z,
            br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:rPr /><w:jc w:val="center" /><w:spacing w:line="240" /></w:pPr></w:p></w:body></w:document>"#,
        )
        .unwrap();
        z.finish().unwrap();
    }
    let errors = wml::order_errors(buf.get_ref());
    assert!(
        errors.iter().any(|e| e.contains("w:jc out of order")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("w:spacing out of order")),
        "{errors:?}"
    );
}

/// The rows (`w:tr`) of the DOCX's tables, each as its XML.
fn table_rows(xml: &str) -> Vec<&str> {
    xml.match_indices("<w:tr>")
        .map(|(i, _)| &xml[i..i + xml[i..].find("</w:tr>").unwrap()])
        .collect()
}

#[test]
fn the_signature_block_cannot_split_or_stand_alone() {
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let p = profile(kind);
        let xml = document_xml(&docx::render(&sample(kind, "Ký."), &p).unwrap());
        let rows = table_rows(&xml);
        let sig = rows
            .iter()
            .find(|r| r.contains("Nguyễn Việt Dũng"))
            .expect("the signature row");
        assert!(sig.contains("<w:cantSplit />"), "{kind:?}: row may split");
        assert!(
            !sig.contains("<w:tblHeader />"),
            "{kind:?}: not a header row"
        );
        // The paragraph before the block keeps with it.
        let at = xml.find("Nơi nhận:").unwrap();
        let table_start = xml[..at].rfind("<w:tbl>").unwrap();
        let before = &xml[..table_start];
        let last_par = &before[before.rfind("<w:p ").or(before.rfind("<w:p>")).unwrap()..];
        assert!(last_par.contains("<w:keepNext />"), "{kind:?}: {last_par}");
    }
}

#[test]
fn the_date_sits_level_with_the_number_line_in_docx() {
    // admin-format.md: nha-nuoc puts place and date "on the line of the number"; dang too.
    for (kind, number) in [
        (ProfileKind::NhaNuoc, "Số: 12/BC-UBND"),
        (ProfileKind::Dang, "Số 12-BC/ĐU"),
    ] {
        let p = profile(kind);
        let xml = document_xml(&docx::render(&sample(kind, "Ngày."), &p).unwrap());
        let rows = table_rows(&xml);
        let row = rows
            .iter()
            .find(|r| r.contains(number))
            .expect("number row");
        // Alone in its row with the date: the two cells' first lines share one baseline.
        assert!(
            row.contains("Nam Đồng, ngày 25 tháng 6 năm 2026"),
            "{kind:?}"
        );
        assert_eq!(row.matches("<w:p ").count(), 2, "{kind:?}: {row}");
    }
}

#[test]
fn table_lines_clear_stacked_diacritics() {
    // Liberation Serif: "Ễ" reaches 1854/2048 em above the baseline, "g" 442/2048 below it
    // (glyf bounding boxes), so lines closer than 1.121 em let accents touch the line above.
    // Ask for a visible gap of at least 0.08 em (1 pt at 12 pt), in both outputs.
    const INK: f64 = (1854.0 + 442.0) / 2048.0;
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let p = profile(kind);
        let d = sample(kind, "Dấu.");
        let styles = part(&docx::render(&d, &p).unwrap(), "word/styles.xml");
        let at = styles.find(r#"w:styleId="TableText""#).unwrap();
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(style.contains(r#"w:lineRule="exact""#), "{style}");
        let line: f64 = style
            .split(r#"w:line=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let pitch_em = line / 20.0 / p.table_size;
        assert!(pitch_em - INK >= 0.08, "DOCX table pitch {pitch_em} em");
        // The PDF: ascender + descender (1825 + 443)/2048 em plus the table's leading.
        let typ = pdf::to_typst(&d, &p);
        let at = typ.find("table(columns").unwrap();
        let table = &typ[typ[..at].rfind("#block(").unwrap()..];
        let leading: f64 = table
            .split("leading: ")
            .nth(1)
            .unwrap()
            .split("em")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let pdf_pitch = (1825.0 + 443.0) / 2048.0 + leading;
        assert!(pdf_pitch - INK >= 0.08, "PDF table pitch {pdf_pitch} em");
    }
}

/// The `w:gridCol` widths of the DOCX's last table, in twips.
fn grid_cols(xml: &str) -> Vec<f64> {
    let grid = xml.rsplit("<w:tblGrid>").next().unwrap();
    let grid = &grid[..grid.find("</w:tblGrid>").unwrap()];
    grid.split(r#"w:w=""#)
        .skip(1)
        .map(|w| w.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn appendix_columns_hold_their_longest_word_in_docx() {
    // The review appendix's columns (templates/_phu_luc.hbs, five years): STT and dates get
    // 5 and 8 parts of 131, about 9.6 and 15.4 mm of a landscape page: "ST/T" and
    // "17/12/202/6" wrapped in Word.
    let mut widths = vec![5.0, 17.0, 6.0, 11.0];
    widths.extend([8.0; 5]);
    widths.extend([8.0, 7.0, 9.0, 7.0, 8.0, 9.0]);
    let header: Vec<Cell> = (0..widths.len())
        .map(|i| cell(if i == 0 { "STT" } else { "Năm" }))
        .collect();
    let mut row: Vec<Cell> = (0..widths.len()).map(|_| cell("x")).collect();
    row[0] = cell("30");
    row[4] = cell("17/12/2026");
    let mut d = sample(ProfileKind::Dang, "Bảng.");
    d.appendices[0].blocks = vec![Block::Table(Table {
        widths,
        header_rows: 1,
        rows: vec![header, row],
    })];
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let p = profile(kind);
        let grid = grid_cols(&document_xml(&docx::render(&d, &p).unwrap()));
        // Times New Roman at 12 pt (AFM widths per 1000 em): bold S 556, T 667; digits 500,
        // "/" 278; plus Word's cell margins, 108 twips each side.
        let stt = (556.0 + 2.0 * 667.0) * 12.0 / 1000.0 * 20.0 + 216.0;
        let date = (8.0 * 500.0 + 2.0 * 278.0) * 12.0 / 1000.0 * 20.0 + 216.0;
        assert!(grid[0] >= stt, "STT column {} < {stt} twips", grid[0]);
        assert!(grid[4] >= date, "date column {} < {date} twips", grid[4]);
        // Still the landscape content width: 297 mm less the side margins.
        let total: f64 = grid.iter().sum();
        let usable = (297.0 - p.margin_left - p.margin_right) / 25.4 * 1440.0;
        assert!((total - usable).abs() <= 2.0, "{total} of {usable} twips");
    }
}

/// The PDF's text lines of every page: (page, page width, text), words in reading order.
fn pdf_lines(d: &Document, p: &Profile) -> Vec<(usize, f64, String, f64)> {
    let layout = pdf::placed_text(d, p).unwrap();
    let mut lines: std::collections::BTreeMap<(usize, i64), Vec<pdf::Placed>> = Default::default();
    for t in layout.texts {
        lines
            .entry((t.page, (t.y * 10.0).round() as i64))
            .or_default()
            .push(t);
    }
    lines
        .into_iter()
        .map(|((page, _), mut items)| {
            items.sort_by(|a, b| a.x.total_cmp(&b.x));
            let end = items.iter().map(|t| t.x + t.width).fold(0.0, f64::max);
            let text: Vec<&str> = items.iter().map(|t| t.text.as_str()).collect();
            (page, layout.pages[page - 1].0, text.join(" "), end)
        })
        .collect()
}

#[test]
fn pdf_text_stays_inside_the_right_margin_in_both_profiles() {
    // The margin is 15 mm on the right (admin-format.md, Page): the letterhead's date and
    // national title, and commas at the end of justified lines, used to pass it by 1–4 mm.
    let body = "Kết quả vượt, đạt, chưa đạt, đúng lộ trình, chậm so với lộ trình, xã, phường, tổ dân phố, chi bộ,";
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let p = profile(kind);
        let mut d = sample(kind, body);
        d.frame.date = NaiveDate::from_ymd_opt(2026, 12, 28);
        for (page, width, text, end) in pdf_lines(&d, &p) {
            assert!(
                end <= width - p.margin_right + 0.05,
                "{kind:?} page {page}: line ends at {end:.2} mm: {text}"
            );
        }
    }
}

#[test]
fn figures_stay_with_their_signs_and_units_across_line_breaks() {
    // "≥ 100%", "12%/năm" and "2,5 điểm %" must not be split over two lines; words of varying
    // length before them move the line ends across every position of the phrase.
    let p = profile(ProfileKind::Dang);
    let mut d = sample(ProfileKind::Dang, "");
    d.body = (0..40)
        .map(|i| Block::Paragraph {
            runs: vec![Run::plain(format!(
                "{} đạt ≥ 100%, tăng 12%/năm và tăng 2,5 điểm % so với cùng kỳ; đạt ≥ 100%, tăng 12%/năm, giảm 1,2 điểm %.",
                "chữ ".repeat(i % 9) + &"a".repeat(i % 5)
            ))],
            align: Align::Justify,
            indent: true,
        })
        .collect();
    d.appendices.clear();
    let lines = pdf_lines(&d, &p);
    assert!(lines.len() > 80);
    for (page, _, text, _) in lines {
        let text = text.trim();
        assert!(
            !(text.ends_with('≥') || text.ends_with('/') || text.ends_with("điểm")),
            "page {page}: a line ends inside a figure: {text}"
        );
        assert!(
            !(text.starts_with('%') || text.starts_with("năm") || text.starts_with("100%")),
            "page {page}: a line starts inside a figure: {text}"
        );
    }
}

#[test]
fn open_number_and_date_and_draft_mark() {
    let p = profile(ProfileKind::Dang);
    let mut d = sample(ProfileKind::Dang, "x");
    d.frame.number = None;
    d.frame.date = None;
    d.frame.draft = true;
    let xml = document_xml(&docx::render(&d, &p).unwrap());
    assert!(
        xml.contains("Số       -BC/ĐU") || xml.contains(&format!("Số {}-BC/ĐU", p.blank)),
        "open number"
    );
    assert!(xml.contains(&format!("Nam Đồng, ngày{b}tháng{b}năm 2026", b = p.blank)));
    assert!(xml.contains("DỰ THẢO"));
}

#[test]
fn the_same_input_renders_to_the_same_bytes() {
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let p = profile(kind);
        let d = sample(kind, "Lặp lại.");
        assert_eq!(docx::render(&d, &p).unwrap(), docx::render(&d, &p).unwrap());
        assert_eq!(pdf::render(&d, &p).unwrap(), pdf::render(&d, &p).unwrap());
    }
}

#[test]
fn hostile_text_comes_out_as_text() {
    let hostile = "<w:p>&amp; {{x}} #set page(width: 1cm) ] \" \\ \u{1}\u{b}";
    let p = profile(ProfileKind::Dang);
    let d = sample(ProfileKind::Dang, hostile);
    let docx_bytes = docx::render(&d, &p).unwrap();
    let xml = document_xml(&docx_bytes);
    assert!(roxmltree::Document::parse(&xml).is_ok(), "well-formed XML");
    assert!(xml.contains("&lt;w:p&gt;&amp;amp; {{x}} #set page(width: 1cm) ]"));
    let placed = pdf::placed_text(&d, &p).unwrap().texts;
    let all: String = placed
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        all.contains("#set") && all.contains("{{x}}") && all.contains("<w:p>&amp;"),
        "{all}"
    );
}

#[test]
fn through_templates_unit_text_cannot_add_structure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.hbs"),
        "<document><summary>s</summary><body><p>{{said}}</p></body></document>",
    )
    .unwrap();
    let t = baocao::render::markup::Templates::load(dir.path()).unwrap();
    let r = t
        .render(
            "t",
            &serde_json::json!({ "said": "</p><section>X</section><p>{{y}} & \u{7}" }),
        )
        .unwrap();
    assert_eq!(r.body.len(), 1);
    match &r.body[0] {
        Block::Paragraph { runs, .. } => {
            assert_eq!(runs[0].text, "</p><section>X</section><p>{{y}} &")
        }
        other => panic!("{other:?}"),
    }
    // Strict mode: a missing variable is an error naming the template, line and column.
    std::fs::write(
        dir.path().join("u.hbs"),
        "<document>\n<body><p>{{missing}}</p></body></document>",
    )
    .unwrap();
    let t = baocao::render::markup::Templates::load(dir.path()).unwrap();
    let e = t.render("u", &serde_json::json!({})).unwrap_err();
    assert!(e.location.ends_with("u.hbs:2:10"), "{}", e.location);
}

#[test]
fn pdf_pages_fonts_and_letterhead_positions() {
    let p = profile(ProfileKind::Dang);
    let d = sample(ProfileKind::Dang, "Nội dung báo cáo.");
    let pdf::Layout {
        pages: sizes,
        texts: placed,
    } = pdf::placed_text(&d, &p).unwrap();
    assert!(
        sizes.len() >= 3,
        "body over two pages and a landscape appendix: {}",
        sizes.len()
    );
    assert!(
        (sizes[0].0 - 210.0).abs() < 0.5 && (sizes[0].1 - 297.0).abs() < 0.5,
        "A4 portrait"
    );
    let last = sizes.last().unwrap();
    assert!((last.0 - 297.0).abs() < 0.5, "appendix landscape");
    let on = |page: usize, text: &str| {
        placed
            .iter()
            .find(|t| t.page == page && t.text == text)
            .cloned()
    };
    // Page 1 has no number at the top; page 2 has "2" centred in the top margin.
    assert!(
        !placed
            .iter()
            .any(|t| t.page == 1 && t.y < 20.0 && t.text.chars().all(|c| c.is_ascii_digit()))
    );
    let two = on(2, "2").expect("page number 2");
    let centre = two.x + two.width / 2.0;
    let body_centre = 30.0 + (210.0 - 30.0 - 15.0) / 2.0;
    assert!((centre - body_centre).abs() < 1.5, "centred: {centre}");
    assert!(two.y > 8.0 && two.y < 20.0, "in the top margin: {}", two.y);
    // The letterhead: the issuing body on the left, the Party's name on the right, same row.
    let left = on(1, "ĐẢNG ỦY PHƯỜNG NAM ĐỒNG").expect("issuer");
    let right = on(1, "ĐẢNG CỘNG SẢN VIỆT NAM").expect("national line");
    assert!(left.x >= 29.5 && left.x + left.width < 115.0, "{left:?}");
    assert!(
        right.x > 110.0 && right.x + right.width <= 205.5,
        "{right:?}"
    );
    let superior = on(1, "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG").expect("superior on one line");
    assert!((superior.y - right.y).abs() < 2.0, "same first row");
    assert!((right.size - 15.0).abs() < 0.1 && (left.size - 14.0).abs() < 0.1);
    let date = on(1, "Nam Đồng, ngày 25 tháng 6 năm 2026").expect("place and date");
    let number = on(1, "Số 12-BC/ĐU").expect("number");
    assert!((date.y - number.y).abs() < 2.0, "date on the number's line");
    let title = on(1, "BÁO CÁO").expect("title");
    assert!(title.y > number.y && (title.x + title.width / 2.0 - body_centre).abs() < 1.5);
    assert!((title.size - 16.0).abs() < 0.1);
    // The appendix table's header row repeats on each landscape page.
    let landscape: Vec<usize> = (1..=sizes.len())
        .filter(|i| sizes[i - 1].0 > 250.0)
        .collect();
    assert!(landscape.len() >= 2, "the table breaks across pages");
    for page in landscape {
        assert!(
            placed
                .iter()
                .any(|t| t.page == page && t.text == "Chỉ tiêu"),
            "header on page {page}"
        );
    }
}

#[test]
fn pdf_is_pdf_a_with_metadata_and_subset_fonts() {
    let p = profile(ProfileKind::Dang);
    let bytes = pdf::render(&sample(ProfileKind::Dang, "x"), &p).unwrap();
    let text = inflate_all(&bytes);
    assert!(text.starts_with("%PDF-1.7"));
    assert!(
        text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
        "PDF/A-2"
    );
    assert!(
        text.contains("pdfaid:conformance>B<") || text.contains("pdfaid:conformance=\"B\""),
        "PDF/A-2b"
    );
    assert!(
        text.contains("<dc:language>") || text.contains("/Lang"),
        "language"
    );
    assert!(text.contains("/Outlines"), "bookmarks");
    // Only Liberation Serif, embedded as subsets (six-letter tag + '+').
    let fonts: Vec<&str> = text
        .match_indices("/BaseFont")
        .map(|(i, _)| text[i + 9..].trim_start_matches([' ', '/']))
        .collect();
    assert!(!fonts.is_empty());
    for f in fonts {
        let name = f
            .split(|c: char| c == '/' || c.is_whitespace() || c == '>')
            .next()
            .unwrap();
        assert!(
            name.len() > 7
                && name.as_bytes()[6] == b'+'
                && name[7..].starts_with("LiberationSerif"),
            "{name}"
        );
    }
    assert!(text.contains("/FontFile2"), "embedded TrueType");
}

/// Reviewed snapshots of the produced markup: every change to the output shows in review.
/// `BAOCAO_UPDATE_SNAPSHOTS=1 cargo test --release` rewrites them.
#[test]
fn snapshots_of_small_documents() {
    let dir = Path::new("tests/snapshots");
    for kind in [ProfileKind::Dang, ProfileKind::NhaNuoc] {
        let p = profile(kind);
        let mut d = sample(kind, "Ảnh chụp.");
        d.body.truncate(5);
        d.appendices[0].blocks = vec![Block::Table(Table {
            widths: vec![1.0, 3.0],
            header_rows: 1,
            rows: vec![
                vec![cell("STT"), cell("Chỉ tiêu")],
                vec![cell("1"), cell("Thu ngân sách")],
            ],
        })];
        let outputs = [
            (
                format!("{}.document.xml", kind.code()),
                pretty(&document_xml(&docx::render(&d, &p).unwrap())),
            ),
            (format!("{}.typ", kind.code()), pdf::to_typst(&d, &p)),
        ];
        for (name, got) in outputs {
            common::assert_snapshot(&dir.join(&name), &got);
        }
    }
}

/// The PDF with every Flate stream decompressed in place (object streams hold the font
/// dictionaries), as text to search.
fn inflate_all(pdf: &[u8]) -> String {
    let mut out = String::from_utf8_lossy(pdf).into_owned();
    let mut rest = pdf;
    while let Some(i) = find(rest, b"stream") {
        let mut start = i + 6;
        if rest.get(start) == Some(&b'\r') {
            start += 1;
        }
        if rest.get(start) == Some(&b'\n') {
            start += 1;
        }
        let Some(end) = find(&rest[start..], b"endstream") else {
            break;
        };
        let mut d = flate2::read::ZlibDecoder::new(&rest[start..start + end]);
        let mut buf = Vec::new();
        if d.read_to_end(&mut buf).is_ok() {
            out.push_str(&String::from_utf8_lossy(&buf));
        }
        rest = &rest[start + end + 9..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One element per line, so a snapshot diff reads.
fn pretty(xml: &str) -> String {
    xml.replace("><", ">\n<")
}
