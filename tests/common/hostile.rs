//! Hostile workbooks made at run time (never committed): shared by the tests and the benchmark.

/// A zip whose one part inflates to `mb` MB of spaces.
pub fn zip_bomb(mb: usize) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/sharedStrings.xml", o).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..mb {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// An xlsx whose 320 000 cells all show one 100 KB shared string.
pub fn shared_string_sheet() -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string()),
            ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#, "x".repeat(100_000))),
        ];
        for (name, text) in parts {
            z.start_file(name, o).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
        z.write_all(br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
        for r in 1..=5000 {
            write!(z, r#"<row r="{r}">"#).unwrap();
            for c in 0..64 {
                write!(
                    z,
                    r#"<c r="{}" t="s"><v>0</v></c>"#,
                    baocao::intake::ingest::a1(r - 1, c)
                )
                .unwrap();
            }
            z.write_all(b"</row>").unwrap();
        }
        z.write_all(b"</sheetData></worksheet>").unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// `report` and `status` with a mistyped --ledger fail with a message and create nothing;
/// `report --inputs` naming a missing folder fails; a read-only ledger still gives a report.
#[test]
fn command_line_mistakes_fail_clearly_and_a_read_only_ledger_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(args)
            .output()
            .unwrap()
    };
    let typo = tmp.path().join("so-lieu-sai.sqlite");
    let t = typo.to_str().unwrap();
    for args in [
        vec!["--ledger", t, "status", "--period", "2026-H1"],
        vec!["--ledger", t, "report", "--period", "2026-H1", "--out"],
    ] {
        let mut args = args.clone();
        let out_dir = tmp.path().join("out");
        if args.last() == Some(&"--out") {
            args.push(out_dir.to_str().unwrap());
        }
        let out = run(&args);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("không có sổ dữ liệu"), "{err}");
        assert!(!typo.exists(), "no empty ledger is made");
    }
    let ledger = tmp.path().join("l.sqlite");
    let l = ledger.to_str().unwrap();
    let out_dir = tmp.path().join("out");
    let o = out_dir.to_str().unwrap();
    let missing = tmp.path().join("khong-co");
    let out = run(&[
        "--ledger",
        l,
        "report",
        "--period",
        "2026-H1",
        "--inputs",
        missing.to_str().unwrap(),
        "--out",
        o,
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("không có thư mục"));

    let out = run(&[
        "--ledger", l, "report", "--period", "2026-H1", "--inputs", "inputs", "--out", o,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut perms = std::fs::metadata(&ledger).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&ledger, perms).unwrap();
    let out = run(&["--ledger", l, "report", "--period", "2026-H1", "--out", o]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
