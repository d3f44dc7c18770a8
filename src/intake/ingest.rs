//! Reading returned workbooks: any format into one plain grid, then the grid into a
//! [`Content`] with a finding for every cell that could not be taken.
//!
//! Like calamine's `Reader`, the first step hides the format (xlsx, xlsm, xls, ods); the second
//! interprets the grid once. Nothing here touches the ledger: [`read`] is a pure function of the
//! file's bytes, the model and the unit's previous values.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::intake::cell::{self, Raw};
use crate::intake::workbook::{TEMPLATE_VERSION, layout::*};
pub use crate::model::diag::{Finding, Severity, a1};
use crate::model::period::Period;
use crate::model::programme::{Programme, ValueKind};
use crate::model::submission::{
    Content, Figure, Identity, Narrative, TaskReport, TaskStatus, Value,
};

/// Files larger than this are refused unread.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Rows and columns read on a sheet; a cell beyond them makes the sheet "oversized".
pub const MAX_ROWS: u32 = 5_000;
pub const MAX_COLS: u16 = 64;
/// Uncompressed bytes of all the parts of a zipped workbook (xlsx, xlsb, ods) together: a unit
/// workbook holds well under 1 MB; a "zip bomb" is refused before any part is parsed.
pub const MAX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;
/// Cells with a value, and characters of text, kept from one file: a form holds a few hundred
/// cells and some pages of text. Beyond either, the file is refused (and only that file).
pub const MAX_CELLS: usize = 50_000;
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// A sheet as a sparse grid of raw cells.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub cells: BTreeMap<(u32, u16), Raw>,
}

impl Grid {
    pub fn get(&self, row: u32, col: u16) -> &Raw {
        self.cells.get(&(row, col)).unwrap_or(&Raw::Empty)
    }
    fn rows(&self) -> BTreeSet<u32> {
        self.cells.keys().map(|(r, _)| *r).collect()
    }
}

/// A workbook as named grids, in sheet order.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<(String, Grid)>,
}

impl Book {
    pub fn sheet(&self, name: &str) -> Option<&Grid> {
        self.find(name).map(|(_, g)| g)
    }

    /// The sheet called `name`, else the one whose name differs only as a clerk would not
    /// notice (spaces around it, letter case, Unicode composition): its real name and grid.
    pub fn find(&self, name: &str) -> Option<(&str, &Grid)> {
        let key = sheet_key(name);
        self.sheets
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| self.sheets.iter().find(|(n, _)| sheet_key(n) == key))
            .map(|(n, g)| (n.as_str(), g))
    }
}

/// A sheet name as a clerk sees it: trimmed, composed (NFC), lower case.
fn sheet_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.trim().nfc().collect::<String>().to_lowercase()
}

/// The beginning of a text, for a message.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

fn file_finding(file: &str, code: &'static str, message: String, hint: &str) -> Finding {
    Finding {
        severity: Severity::Error,
        code,
        file: file.to_string(),
        sheet: None,
        cell: None,
        message,
        hint: hint.to_string(),
    }
}

/// Turns any supported workbook into a [`Book`]. Never panics on hostile bytes: a panic inside
/// a reader library is caught and reported as a corrupt file.
pub fn read_book(name: &str, bytes: &[u8]) -> Result<(Book, Vec<Finding>), Box<Finding>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Box::new(file_finding(
            name,
            "too-large",
            format!(
                "tệp quá lớn ({} MB), vượt giới hạn {} MB",
                bytes.len() / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
            "gửi lại đúng biểu mẫu đã phát, không dán thêm dữ liệu khác",
        )));
    }
    let kind = sniff(bytes);
    let result = std::panic::catch_unwind(|| match kind {
        Kind::Zip => {
            zip_within_bounds(bytes)?;
            if zip_has(bytes, "META-INF/manifest.xml") && ods_encrypted(bytes) {
                Err(("password", "tệp được đặt mật khẩu".to_string()))
            } else if is_ods(bytes) {
                read_ods(bytes)
            } else if zip_has(bytes, "xl/workbook.bin") {
                read_xlsb(bytes)
            } else {
                read_xlsx(bytes)
            }
        }
        Kind::Cfb => {
            if contains(bytes, b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o") {
                Err(("password", "tệp được đặt mật khẩu".to_string()))
            } else {
                match crate::intake::biff::bound(bytes) {
                    crate::intake::biff::Bounded::Encrypted => {
                        Err(("password", "tệp được đặt mật khẩu".to_string()))
                    }
                    crate::intake::biff::Bounded::Ok {
                        bytes,
                        trimmed,
                        percent,
                    } => read_with_calamine(&bytes).map(|(mut book, mut oversized)| {
                        if trimmed && oversized.is_empty() {
                            // Which sheet held the far cells is not known at this level.
                            oversized.push(String::new());
                        }
                        mark_percent(
                            &mut book,
                            percent.iter().map(|(s, r, c)| (s.as_str(), *r, *c)),
                        );
                        (book, oversized)
                    }),
                }
            }
        }
        Kind::Other => Err(("not-a-workbook", "không phải là tệp bảng tính".to_string())),
    });
    match result {
        Ok(Ok((book, oversized))) => {
            let findings = oversized
                .into_iter()
                .map(|sheet| Finding {
                    severity: Severity::Warning,
                    code: "oversized-sheet",
                    file: name.to_string(),
                    sheet: (!sheet.is_empty()).then_some(sheet),
                    cell: None,
                    message: format!(
                        "trang tính có dữ liệu ngoài vùng biểu mẫu ({MAX_ROWS} dòng × {MAX_COLS} cột); phần ngoài vùng bị bỏ qua"
                    ),
                    hint: "không dán thêm dữ liệu vào biểu mẫu".into(),
                })
                .collect();
            Ok((book, findings))
        }
        Ok(Err((code, message))) => Err(Box::new(file_finding(
            name,
            code,
            message,
            match code {
                "password" => "gỡ mật khẩu rồi gửi lại",
                "not-a-workbook" => "gửi tệp .xlsx, .xlsb, .xls hoặc .ods của biểu mẫu",
                "too-large" => "gửi lại đúng biểu mẫu đã phát, không dán thêm dữ liệu khác",
                _ => "mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại",
            },
        ))),
        Err(_) => Err(Box::new(file_finding(
            name,
            "corrupt",
            "tệp bị hỏng, không đọc được".into(),
            "mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại",
        ))),
    }
}

enum Kind {
    Zip,
    Cfb,
    Other,
}

fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Cfb
    } else {
        Kind::Other
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn is_ods(bytes: &[u8]) -> bool {
    contains(
        &bytes[..bytes.len().min(200)],
        b"application/vnd.oasis.opendocument.spreadsheet",
    )
}

type ReadResult = Result<(Book, Vec<String>), (&'static str, String)>;

/// What one file may hold once read: [`MAX_CELLS`] cells, [`MAX_TEXT_BYTES`] of text.
#[derive(Default)]
struct Budget {
    cells: usize,
    text: usize,
}

impl Budget {
    fn take(&mut self, raw: &Raw) -> Result<(), (&'static str, String)> {
        self.cells += 1;
        if let Raw::Text(t) | Raw::Uncomputed(t) | Raw::Error(t) = raw {
            self.text += t.len();
        }
        if self.cells > MAX_CELLS || self.text > MAX_TEXT_BYTES {
            return Err((
                "too-large",
                format!(
                    "tệp chứa quá nhiều dữ liệu (quá {} ô hoặc {} MB chữ trong vùng biểu mẫu)",
                    crate::model::vn::number(MAX_CELLS as f64, 0),
                    MAX_TEXT_BYTES / 1_048_576
                ),
            ));
        }
        Ok(())
    }
}

/// Inflates every part of a zipped workbook into nothing, counting: refuses a file whose parts
/// together exceed [`MAX_UNZIPPED_BYTES`] (whatever sizes its directory claims).
fn zip_within_bounds(bytes: &[u8]) -> Result<(), (&'static str, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut left = MAX_UNZIPPED_BYTES;
    let bomb = || {
        (
            "too-large",
            format!(
                "tệp nén bung ra quá {} MB (có thể là tệp độc hại)",
                MAX_UNZIPPED_BYTES / 1_048_576
            ),
        )
    };
    if zip.len() > 10_000 {
        return Err(bomb());
    }
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(corrupt)?;
        let n = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink()).map_err(corrupt)?;
        if n > left {
            return Err(bomb());
        }
        left -= n;
    }
    Ok(())
}

/// An OpenDocument file saved with a password lists how its parts are encrypted.
fn ods_encrypted(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(entry) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut xml = String::new();
    let _ = entry.take(1 << 20).read_to_string(&mut xml);
    xml.contains("encryption-data")
}

fn zip_has(bytes: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|z| z.index_for_name(name).is_some())
}

/// A book being read: cells outside the form's area are skipped (the sheet is noted as
/// oversized), the others counted against the file's [`Budget`].
#[derive(Default)]
struct Collect {
    book: Book,
    oversized: Vec<String>,
    budget: Budget,
    grid: Grid,
    over: bool,
}

impl Collect {
    fn put(&mut self, (row, col): (u32, u32), raw: Raw) -> Result<(), (&'static str, String)> {
        if row >= MAX_ROWS || col >= MAX_COLS as u32 {
            self.over = true;
        } else if raw != Raw::Empty {
            self.budget.take(&raw)?;
            self.grid.cells.insert((row, col as u16), raw);
        }
        Ok(())
    }

    /// Numbers at these cells of the sheet being read were shown as percentages.
    fn mark_percent(&mut self, cells: &[(u32, u16)]) {
        for pos in cells {
            if let Some(cell) = self.grid.cells.get_mut(pos)
                && let Raw::Number(x) = *cell
            {
                *cell = Raw::Percent(x);
            }
        }
    }

    fn end_sheet(&mut self, name: String) {
        if std::mem::take(&mut self.over) {
            self.oversized.push(name.clone());
        }
        self.book
            .sheets
            .push((name, std::mem::take(&mut self.grid)));
    }

    fn finish(self) -> ReadResult {
        Ok((self.book, self.oversized))
    }
}

/// xlsb (Excel binary workbook), streamed like xlsx.
fn read_xlsb(bytes: &[u8]) -> ReadResult {
    let mut wb = calamine::Xlsb::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut out = Collect::default();
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name).map_err(corrupt)?;
        while let Some(c) = reader.next_cell().map_err(corrupt)? {
            out.put(
                c.get_position(),
                from_data(&Data::from(c.get_value().clone())),
            )?;
        }
        drop(reader);
        out.end_sheet(name);
    }
    out.finish()
}

fn corrupt(e: impl fmt::Display) -> (&'static str, String) {
    let text = e.to_string();
    if text.to_lowercase().contains("password") || text.to_lowercase().contains("encrypt") {
        ("password", "tệp được đặt mật khẩu".into())
    } else {
        ("corrupt", format!("tệp bị hỏng hoặc không đầy đủ ({text})"))
    }
}

/// xlsx/xlsm: stream cells so a crafted sheet cannot make us allocate its full extent.
fn read_xlsx(bytes: &[u8]) -> ReadResult {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let mut out = Collect::default();
    for name in wb.sheet_names() {
        let mut reader = wb.worksheet_cells_reader(&name).map_err(corrupt)?;
        while let Some(c) = reader.next_cell_with_formula().map_err(corrupt)? {
            let raw = match (from_data(&Data::from(c.value.clone())), c.formula) {
                // Written by a program that does not compute (openpyxl, scripts).
                (Raw::Empty, Some(f)) if !f.is_empty() => Raw::Uncomputed(f),
                (raw, _) => raw,
            };
            out.put(c.pos, raw)?;
        }
        drop(reader);
        let percent = xlsx_percent_cells(&mut wb, &name)?;
        out.mark_percent(&percent);
        out.end_sheet(name);
    }
    out.finish()
}

/// Cells of a sheet whose number format shows a percentage ("0%", "0.0%"), within the form's
/// area; a second pass over the sheet, made only when the workbook has such a format.
fn xlsx_percent_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<(u32, u16)>, (&'static str, String)> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(corrupt)?;
    let percent: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| cell::shows_percent(&f.format_code))
        })
        .collect();
    let mut out = Vec::new();
    if !percent.contains(&true) {
        return Ok(out);
    }
    while let Some((row, col, id)) = reader.next_style_id().map_err(corrupt)? {
        if percent.get(id) == Some(&true) && row < MAX_ROWS && col < MAX_COLS as u32 {
            out.push((row, col as u16));
        }
    }
    Ok(out)
}

/// Largest `content.xml` of an ods file read (uncompressed).
const MAX_ODS_CONTENT: u64 = 64 * 1024 * 1024;

/// ods: content beyond the form's area dropped first (a stray note far below the form is
/// warned about like in xlsx, and costs no memory), percentage cells marked.
fn read_ods(bytes: &[u8]) -> ReadResult {
    let b = crate::intake::ods::bound(bytes, MAX_ROWS, MAX_COLS, MAX_ODS_CONTENT)?;
    let (mut book, mut oversized) = read_with_calamine(b.bytes.as_deref().unwrap_or(bytes))?;
    for s in b.oversized {
        if !oversized.contains(&s) {
            oversized.push(s);
        }
    }
    mark_percent(
        &mut book,
        b.percent.iter().map(|(s, r, c)| (s.as_str(), *r, *c)),
    );
    Ok((book, oversized))
}

/// Numbers stored in cells formatted as percentages become [`Raw::Percent`].
fn mark_percent<'s>(book: &mut Book, cells: impl Iterator<Item = (&'s str, u32, u16)>) {
    for (sheet, r, c) in cells {
        if let Some((_, g)) = book.sheets.iter_mut().find(|(n, _)| n == sheet)
            && let Some(cell) = g.cells.get_mut(&(r, c))
            && let Raw::Number(x) = *cell
        {
            *cell = Raw::Percent(x);
        }
    }
}

/// xls and ods through calamine's common reader.
fn read_with_calamine(bytes: &[u8]) -> ReadResult {
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(corrupt)?;
    let mut out = Collect::default();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(corrupt)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (row, col, data) in range.used_cells() {
            out.put((r0 + row as u32, c0 + col as u32), from_data(data))?;
        }
        out.end_sheet(name);
    }
    out.finish()
}

fn from_data(d: &Data) -> Raw {
    match d {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(x) => Raw::Number(*x),
        Data::String(s) => Raw::Text(crate::intake::text::clean(s)),
        Data::Bool(b) => Raw::Bool(*b),
        // Through the date, so a workbook in the 1904 date system (Excel for Mac) reads as
        // typed rather than four years early.
        // Through the calendar date, so a workbook in the 1904 date system (Excel for Mac)
        // reads as typed rather than four years early.
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, sec, ms) = dt.to_ymd_hms_milli();
            let time =
                chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).and_then(|date| {
                    date.and_hms_milli_opt(h.into(), mi.into(), sec.into(), ms.into())
                });
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .expect("valid")
                .and_time(chrono::NaiveTime::MIN);
            match time {
                Some(t) => Raw::DateTime((t - base).num_milliseconds() as f64 / 86_400_000.0),
                None => Raw::DateTime(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Raw::DateTime(dt.as_f64()),
        Data::DateTimeIso(s) => match s
            .get(..10)
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        {
            Some(date) => {
                let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid");
                Raw::DateTime((date - base).num_days() as f64)
            }
            None => Raw::Text(s.clone()),
        },
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(format!("{e}")),
    }
}

/// What the office expects of a file, when it knows (command-line options).
#[derive(Debug, Clone, Default)]
pub struct Expect {
    pub period: Option<Period>,
    pub unit: Option<String>,
}

/// A file read and interpreted.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub identity: Identity,
    pub content: Content,
    /// Sheet and cell of each accepted figure, by element code.
    pub cells: BTreeMap<String, (String, String)>,
    /// Text converted from a legacy encoding, as it was read: sheet, cell, text.
    pub originals: Vec<(String, String, String)>,
    pub findings: Vec<Finding>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

struct Ctx<'a> {
    file: &'a str,
    findings: Vec<Finding>,
    /// Cells whose text was converted from a legacy encoding: sheet, cell, text as read.
    originals: Vec<(String, String, String)>,
}

/// Longest text an Excel cell holds; longer unit text is kept whole in the ledger and reports,
/// but the office's consolidated workbook has to cut it.
pub const EXCEL_CELL_CHARS: usize = 32_767;

impl Ctx<'_> {
    /// A free-text cell as the report will show it. Legacy-encoded text (TCVN3, VNI) is
    /// converted to Unicode; a formula without a saved result, characters no report font can
    /// print and text too long for an Excel cell are each named in a warning.
    fn text(&mut self, g: &Grid, sheet: &str, row: u32, col: u16) -> String {
        let raw = g.get(row, col);
        let cell = a1(row, col);
        if let Raw::Uncomputed(f) = raw {
            self.at(
                Severity::Warning,
                "uncomputed-text",
                sheet,
                Some(cell),
                format!(
                    "ô có công thức ={} nhưng chưa có kết quả tính; nội dung bị bỏ trống",
                    f.trim_start_matches('=')
                ),
                "mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại (hoặc nhập trực tiếp nội dung)",
            );
            return String::new();
        }
        let mut text = raw.text();
        if let Some(enc) = crate::intake::text::detect(&text) {
            let converted = crate::intake::text::convert(&text, enc);
            self.at(
                Severity::Warning,
                "legacy-encoding",
                sheet,
                Some(cell.clone()),
                format!(
                    "nội dung gõ bằng bảng mã cũ {}, đã chuyển sang Unicode: «{}»",
                    enc.name(),
                    excerpt(&converted)
                ),
                "gõ bằng bảng mã Unicode (Unikey: bảng mã Unicode, phông Times New Roman)",
            );
            self.originals
                .push((sheet.to_string(), cell.clone(), std::mem::take(&mut text)));
            text = converted;
        }
        let unprintable: String = text
            .chars()
            .filter(|c| !crate::render::fonts::covered(*c))
            .collect::<std::collections::BTreeSet<char>>()
            .into_iter()
            .collect();
        if !unprintable.is_empty() {
            self.at(
                Severity::Warning,
                "unprintable-char",
                sheet,
                Some(cell.clone()),
                format!(
                    "ký tự không in được trong báo cáo PDF ({}), sẽ được thay bằng dấu {}",
                    unprintable
                        .chars()
                        .map(|c| format!("U+{:04X}", c as u32))
                        .collect::<Vec<_>>()
                        .join(", "),
                    crate::render::fonts::REPLACEMENT
                ),
                "bỏ biểu tượng cảm xúc, ký hiệu đặc biệt khỏi nội dung báo cáo",
            );
        }
        let len = text.chars().count();
        if len > EXCEL_CELL_CHARS {
            self.at(
                Severity::Warning,
                "long-text",
                sheet,
                Some(cell),
                format!(
                    "nội dung dài {} ký tự; báo cáo giữ đủ, nhưng bảng tổng hợp Excel chỉ chứa được {} ký tự mỗi ô nên sẽ bị cắt bớt",
                    crate::model::vn::number(len as f64, 0),
                    crate::model::vn::number(EXCEL_CELL_CHARS as f64, 0)
                ),
                "rút gọn nội dung hoặc gửi phần chi tiết thành văn bản riêng",
            );
        }
        text
    }

    fn at(
        &mut self,
        severity: Severity,
        code: &'static str,
        sheet: &str,
        cell: Option<String>,
        message: String,
        hint: impl Into<String>,
    ) {
        self.findings.push(Finding {
            severity,
            code,
            file: self.file.to_string(),
            sheet: Some(sheet.to_string()),
            cell,
            message,
            hint: hint.into(),
        });
    }
}

/// Interprets a book for the model. `previous` holds the unit's accepted values of the period
/// before, for the "far from last time" warning. Err only when the file cannot be identified
/// (or is refused whole: wrong period or unit); otherwise every good cell is kept.
pub fn interpret(
    p: &Programme,
    file: &str,
    book: &Book,
    expect: &Expect,
    previous: &dyn Fn(&str, Period) -> BTreeMap<String, f64>,
) -> Result<Parsed, Vec<Finding>> {
    let mut ctx = Ctx {
        file,
        findings: Vec::new(),
        originals: Vec::new(),
    };
    let identity = match identify(book) {
        Some(id) => id,
        None => {
            return Err(vec![file_finding(
                file,
                "unidentified",
                "không xác định được đơn vị và kỳ báo cáo của tệp (thiếu trang ẩn _baocao và dòng «Mã đơn vị»)".into(),
                "dùng đúng biểu mẫu đã phát cho đơn vị, không sao chép sang tệp mới",
            )]);
        }
    };
    let Some(unit) = p.unit(&identity.unit) else {
        return Err(vec![file_finding(
            file,
            "unknown-unit",
            format!("mã đơn vị '{}' không có trong danh mục", identity.unit),
            "dùng đúng biểu mẫu đã phát cho đơn vị",
        )]);
    };
    if let Some(want) = expect.period
        && want != identity.period
    {
        return Err(vec![file_finding(
            file,
            "wrong-period",
            format!(
                "tệp là biểu của kỳ {}, không phải kỳ {} đang tổng hợp",
                identity.period.name(&p.periods),
                want.name(&p.periods)
            ),
            "gửi biểu đúng kỳ báo cáo",
        )]);
    }
    if let Some(want) = &expect.unit
        && *want != identity.unit
    {
        return Err(vec![file_finding(
            file,
            "wrong-unit",
            format!(
                "tệp là biểu của {} ({}), không phải của {want}",
                unit.name, identity.unit
            ),
            "kiểm tra lại tệp đính kèm của đơn vị",
        )]);
    }
    if identity.template_version > TEMPLATE_VERSION {
        ctx.findings.push(file_finding(
            file,
            "newer-template",
            format!(
                "biểu mẫu phiên bản {} mới hơn phần mềm (phiên bản {TEMPLATE_VERSION})",
                identity.template_version
            ),
            "cập nhật baocao",
        ));
        return Err(ctx.findings);
    }
    // The visible identity line must agree with the hidden one (a copied sheet would not).
    if let Some(visible) = book.sheet(FIGURES).and_then(visible_identity)
        && (visible.unit != identity.unit || visible.period != identity.period)
    {
        ctx.at(
            Severity::Warning,
            "identity-mismatch",
            FIGURES,
            Some(a1(2, 0)),
            format!(
                "dòng nhận diện ghi {} / {}, khác với dữ liệu ẩn của biểu ({} / {}); dùng dữ liệu ẩn",
                visible.unit,
                visible.period.id(),
                identity.unit,
                identity.period.id()
            ),
            "không sao chép trang tính giữa các biểu của đơn vị khác",
        );
    }
    // A file that lost one of its sheets is refused whole: taken as a version, it would
    // replace the unit's good figures (or tasks, or narrative) with nothing.
    let elements: BTreeSet<&str> = p.elements_of(unit).map(|e| e.code.as_str()).collect();
    let task_codes: BTreeSet<&str> = p.tasks_of(unit).map(|(t, _)| t.code.as_str()).collect();
    let figures = locate(&mut ctx, book, FIGURES, &|g| {
        holds_code(g, CODE_COL, &elements)
    });
    let tasks = locate(&mut ctx, book, TASKS, &|g| {
        holds_code(g, CODE_COL, &task_codes)
    });
    let narrative = locate(&mut ctx, book, NARRATIVE, &|g| {
        holds_code(g, NARR_KEY, &BTreeSet::from([REPORT_DATE_KEY]))
    });
    let (Some((fig_sheet, fig_grid)), Some((task_sheet, task_grid)), Some((narr_sheet, narr_grid))) =
        (figures, tasks, narrative)
    else {
        return Err(ctx.findings);
    };
    let prev = previous(&identity.unit, identity.period);
    let mut content = Content::default();
    let mut cells = BTreeMap::new();

    // Figures.
    {
        let (sheet, g) = (fig_sheet, fig_grid);
        {
            let expected: Vec<&crate::model::programme::Element> = p.elements_of(unit).collect();
            let known = |code: &str| expected.iter().any(|e| e.code == code);
            let rows = coded_rows(&mut ctx, g, sheet, FIG_VALUE, "số liệu", &known);
            let mut seen = BTreeSet::new();
            for (row, code) in rows {
                let element = expected
                    .iter()
                    .find(|e| e.code == code)
                    .expect("known code");
                seen.insert(code.clone());
                let cell_ref = a1(row, FIG_VALUE);
                let raw = g.get(row, FIG_VALUE);
                if element.kind != ValueKind::Percent
                    && let Some(shown) = cell::shown_as_percent(raw)
                {
                    ctx.at(
                        Severity::Warning,
                        "percent-sign",
                        sheet,
                        Some(cell_ref.clone()),
                        format!(
                            "ô ghi «{}» (dấu hoặc định dạng phần trăm) nhưng «{}» không phải là tỷ lệ; đã lấy số {} như đơn vị đã gõ",
                            raw.text(),
                            element.name,
                            shown.text()
                        ),
                        "bỏ dấu % (hoặc đổi định dạng ô sang Number), kiểm tra lại số rồi gửi lại nếu số đã lấy chưa đúng",
                    );
                }
                let value = match cell::parse(raw, element.kind) {
                    Ok(Some(v)) => v,
                    Ok(None) => continue,
                    Err(r) => {
                        ctx.at(
                            Severity::Error,
                            "bad-value",
                            sheet,
                            Some(cell_ref),
                            r.message,
                            r.hint,
                        );
                        continue;
                    }
                };
                if let Value::Number(x) = value {
                    let rule = cell::CellRule::of(element.kind, element.min, element.max);
                    if let Err(r) = cell::check_bounds(&rule, &element.name, x) {
                        ctx.at(
                            Severity::Error,
                            "out-of-range",
                            sheet,
                            Some(cell_ref),
                            r.message,
                            r.hint,
                        );
                        continue;
                    }
                    if let Some(&last) = prev.get(&element.code)
                        && far_from(x, last)
                    {
                        ctx.at(
                            Severity::Warning,
                            "far-from-previous",
                            sheet,
                            Some(cell_ref.clone()),
                            format!(
                                "{} = {} chênh lệch lớn so với kỳ trước ({})",
                                element.name,
                                crate::model::vn::number(x, 4),
                                crate::model::vn::number(last, 4)
                            ),
                            "kiểm tra đơn vị tính (triệu/tỷ đồng) và số chữ số",
                        );
                    }
                }
                cells.insert(element.code.clone(), (sheet.to_string(), cell_ref));
                let estimate = match cell::parse_estimate(g.get(row, FIG_ESTIMATE)) {
                    Ok(b) => b,
                    Err(r) => {
                        ctx.at(
                            Severity::Warning,
                            "bad-estimate-mark",
                            sheet,
                            Some(a1(row, FIG_ESTIMATE)),
                            r.message,
                            r.hint,
                        );
                        false
                    }
                };
                content.figures.push(Figure {
                    element: element.code.clone(),
                    value,
                    note: ctx.text(g, sheet, row, FIG_NOTE),
                    estimate,
                });
            }
            for e in expected.iter().filter(|e| !seen.contains(&e.code)) {
                ctx.at(
                    Severity::Warning,
                    "missing-row",
                    sheet,
                    None,
                    format!("thiếu dòng số liệu '{}' ({})", e.code, e.name),
                    "không xóa dòng của biểu mẫu; dùng biểu mẫu mới nếu cần",
                );
            }
        }
    }

    // Tasks.
    {
        let (sheet, g) = (task_sheet, task_grid);
        {
            let expected: BTreeSet<&str> = p.tasks_of(unit).map(|(t, _)| t.code.as_str()).collect();
            let known = |code: &str| expected.contains(code);
            for (row, code) in coded_rows(&mut ctx, g, sheet, TASK_STATUS, "nhiệm vụ", &known) {
                let mut report = TaskReport {
                    task: code.clone(),
                    result: ctx.text(g, sheet, row, TASK_RESULT),
                    product: ctx.text(g, sheet, row, TASK_PRODUCT),
                    difficulties: ctx.text(g, sheet, row, TASK_DIFFICULTIES),
                    ..TaskReport::default()
                };
                let status = g.get(row, TASK_STATUS);
                if !status.is_empty() {
                    match TaskStatus::parse(&status.text()) {
                        Some(s) => report.status = Some(s),
                        None => ctx.at(
                            Severity::Error,
                            "bad-status",
                            sheet,
                            Some(a1(row, TASK_STATUS)),
                            format!("tình trạng '{}' không có trong danh sách", status.text()),
                            format!(
                                "chọn một trong: {}",
                                TaskStatus::ALL
                                    .iter()
                                    .map(|s| s.label())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ),
                    }
                }
                match cell::parse(g.get(row, TASK_DONE_ON), ValueKind::Date) {
                    Ok(v) => report.completed_on = v.and_then(Value::as_date),
                    Err(r) => ctx.at(
                        Severity::Error,
                        "bad-date",
                        sheet,
                        Some(a1(row, TASK_DONE_ON)),
                        r.message,
                        r.hint,
                    ),
                }
                if !report.is_empty() {
                    content.tasks.push(report);
                }
            }
        }
    }

    // Narrative.
    {
        let (sheet, g) = (narr_sheet, narr_grid);
        {
            let mut n = Narrative::default();
            for row in g.rows().into_iter().filter(|r| *r > HEADER_ROW) {
                let key = g.get(row, NARR_KEY).text();
                if key == REPORT_DATE_KEY {
                    match cell::parse(g.get(row, NARR_VALUE), ValueKind::Date) {
                        Ok(v) => n.report_date = v.and_then(Value::as_date),
                        Err(r) => ctx.at(
                            Severity::Error,
                            "bad-date",
                            sheet,
                            Some(a1(row, NARR_VALUE)),
                            r.message,
                            r.hint,
                        ),
                    }
                } else {
                    n.set(&key, ctx.text(g, sheet, row, NARR_VALUE));
                }
            }
            content.narrative = n;
        }
    }
    content.figures.sort_by(|a, b| a.element.cmp(&b.element));
    content.tasks.sort_by(|a, b| a.task.cmp(&b.task));
    // Rules across figures, and stocks that moved too far (unless already far from last time).
    let far: BTreeSet<Option<String>> = ctx
        .findings
        .iter()
        .filter(|f| f.code == "far-from-previous")
        .map(|f| f.cell.clone())
        .collect();
    ctx.findings.extend(
        crate::model::rules::unit_findings(p, file, &content, &cells, &prev)
            .into_iter()
            .filter(|f| f.code != "stock-moved" || !far.contains(&f.cell)),
    );
    Ok(Parsed {
        identity,
        content,
        cells,
        findings: ctx.findings,
        originals: ctx.originals,
    })
}

/// Whether column `col` of a sheet holds one of `codes` below the header.
fn holds_code(g: &Grid, col: u16, codes: &BTreeSet<&str>) -> bool {
    g.cells
        .iter()
        .any(|((r, c), v)| *r > HEADER_ROW && *c == col && codes.contains(v.text().as_str()))
}

/// Finds the sheet of the form called `name`: by name (forgivingly, see [`Book::find`]), else
/// as the one sheet whose codes show it is that sheet, renamed (with a warning). Not found is
/// an error finding.
fn locate<'b>(
    ctx: &mut Ctx,
    book: &'b Book,
    name: &str,
    fits: &dyn Fn(&Grid) -> bool,
) -> Option<(&'b str, &'b Grid)> {
    if let Some(found) = book.find(name) {
        return Some(found);
    }
    let mut candidates = book
        .sheets
        .iter()
        .filter(|(n, g)| n != META && fits(g))
        .map(|(n, g)| (n.as_str(), g));
    match (candidates.next(), candidates.next()) {
        (Some((real, g)), None) => {
            ctx.at(
                Severity::Warning,
                "renamed-sheet",
                real,
                None,
                format!("trang «{name}» đã bị đổi tên thành «{real}»; vẫn đọc theo nội dung"),
                "không đổi tên trang tính của biểu mẫu",
            );
            Some((real, g))
        }
        _ => {
            ctx.at(
                Severity::Error,
                "missing-sheet",
                name,
                None,
                format!(
                    "không tìm thấy trang «{name}»; tệp không được nhận để không thay thế bản đã nhận trước đó"
                ),
                "dùng đúng biểu mẫu đã phát, không xóa hay đổi tên trang tính",
            );
            None
        }
    }
}

/// The data rows of a sheet with their codes, in sheet order. A row with a code the unit's
/// workbook does not hold, or with a code seen above, is reported and skipped; so is an answer
/// typed on a row without a code.
fn coded_rows(
    ctx: &mut Ctx,
    g: &Grid,
    sheet: &str,
    answer_col: u16,
    noun: &str,
    known: &dyn Fn(&str) -> bool,
) -> Vec<(u32, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for row in g.rows().into_iter().filter(|r| *r > HEADER_ROW) {
        let code = g.get(row, CODE_COL).text();
        if code.is_empty() {
            if !g.get(row, answer_col).is_empty() {
                ctx.at(
                    Severity::Warning,
                    "no-code",
                    sheet,
                    Some(a1(row, answer_col)),
                    format!("ô điền ở dòng không có mã {noun}, bị bỏ qua"),
                    "chỉ điền vào các dòng có sẵn của biểu",
                );
            }
            continue;
        }
        if !known(&code) {
            ctx.at(
                Severity::Warning,
                "unknown-code",
                sheet,
                Some(a1(row, CODE_COL)),
                format!("{noun} mã '{code}' không thuộc biểu của đơn vị; dòng bị bỏ qua"),
                "không sửa cột Mã, không thêm dòng",
            );
            continue;
        }
        if !seen.insert(code.clone()) {
            ctx.at(
                Severity::Error,
                "duplicate-row",
                sheet,
                Some(a1(row, CODE_COL)),
                format!("{noun} mã '{code}' xuất hiện hai lần; dòng sau bị bỏ qua"),
                "xóa dòng chép thừa",
            );
            continue;
        }
        out.push((row, code));
    }
    out
}

/// Ten times larger or smaller than last time, for values not near zero.
fn far_from(x: f64, last: f64) -> bool {
    if x.abs() < 10.0 && last.abs() < 10.0 {
        return false;
    }
    let (a, b) = (x.abs().max(1e-9), last.abs().max(1e-9));
    a / b >= 10.0 || b / a >= 10.0
}

fn meta_value(g: &Grid, key: &str) -> Option<String> {
    g.cells
        .iter()
        .filter(|((_, c), _)| *c == 0)
        .find(|(_, v)| v.text() == key)
        .map(|((r, _), _)| g.get(*r, 1).text())
}

/// The hidden `_baocao` sheet, else the visible identity line.
fn identify(book: &Book) -> Option<Identity> {
    if let Some(g) = book.sheet(META) {
        let unit = meta_value(g, "unit")?;
        let period: Period = meta_value(g, "period")?.parse().ok()?;
        let template_version = meta_value(g, "template_version")
            .and_then(|v| {
                v.parse::<f64>()
                    .ok()
                    .or_else(|| v.replace(',', ".").parse().ok())
            })
            .map(|v| v as u32)
            .unwrap_or(1);
        return Some(Identity {
            unit,
            period,
            template_version,
        });
    }
    book.sheets.iter().find_map(|(_, g)| visible_identity(g))
}

/// "Mã đơn vị: BXD — Kỳ: 2026-H1 — Mẫu số 1" in the first rows.
fn visible_identity(g: &Grid) -> Option<Identity> {
    for row in 0..HEADER_ROW {
        let text = g.get(row, 0).text();
        let Some(rest) = text.split("Mã đơn vị:").nth(1) else {
            continue;
        };
        let mut parts = rest.split('—').map(str::trim);
        let unit = parts.next()?.to_string();
        let period = parts
            .next()?
            .trim_start_matches("Kỳ:")
            .trim()
            .parse()
            .ok()?;
        let template_version = parts
            .next()
            .and_then(|v| v.trim_start_matches("Mẫu số").trim().parse().ok())
            .unwrap_or(1);
        return Some(Identity {
            unit,
            period,
            template_version,
        });
    }
    None
}

/// Reads a file from disk: name for messages, bytes for the reader. Only a regular file is
/// opened (a FIFO would hang, `/dev/zero` never end), and never more than [`MAX_FILE_BYTES`]
/// of it: the size is checked before reading and again while reading.
pub fn load(path: &Path) -> Result<Vec<u8>, Box<Finding>> {
    use std::io::Read;
    let name = path.display().to_string();
    let refuse = |code: &'static str, message: String, hint: &str| {
        Box::new(file_finding(&name, code, message, hint))
    };
    let unreadable = |e: std::io::Error| {
        refuse(
            "unreadable",
            format!(
                "không đọc được: {}",
                crate::intake::text::clean(&e.to_string())
            ),
            "kiểm tra đường dẫn và quyền đọc",
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        // A folder reaches here only when it could not be listed.
        return Err(refuse(
            "unreadable",
            "không đọc được thư mục (không có quyền hoặc đã bị xóa); các tệp trong đó bị bỏ qua"
                .into(),
            "cấp quyền đọc thư mục rồi chạy lại",
        ));
    }
    if !meta.is_file() {
        return Err(refuse(
            "not-a-file",
            "không phải là tệp thông thường (thiết bị, ống dẫn hoặc liên kết đặc biệt)".into(),
            "lưu tệp bảng tính vào thư mục rồi nhập lại",
        ));
    }
    let too_large = |bytes: u64| {
        refuse(
            "too-large",
            format!(
                "tệp quá lớn ({} MB), vượt giới hạn {} MB",
                bytes / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
            "gửi lại đúng biểu mẫu đã phát, không dán thêm dữ liệu khác",
        )
    };
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 3), "D7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        let e = read_book("x.xlsx", b"hello world").unwrap_err();
        assert_eq!(e.code, "not-a-workbook");
        let e = read_book("x.xlsx", b"PK\x03\x04garbage").unwrap_err();
        assert_eq!(e.code, "corrupt");
    }
}
