//! The unit's workbook for a period: what it must report, with dropdowns and validation, its
//! structure locked and its input cells open.
//!
//! The layout below is the contract with [`crate::intake::ingest`]: rows are found again by the code in
//! column B, so a clerk who sorts or moves rows loses nothing; the hidden `_baocao` sheet names
//! the unit and period so a renamed file still identifies itself. Generation is pure and
//! deterministic: same inputs, same bytes.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

use crate::intake::cell::{CellRule, ESTIMATE, ESTIMATE_RULE};
use crate::model::period::{Period, Window};
use crate::model::programme::{Programme, Unit, ValueKind};
use crate::model::submission::{Content, TaskStatus, Value};

/// Bumped whenever the layout changes; the reader accepts the versions it knows.
pub const TEMPLATE_VERSION: u32 = 1;

pub mod layout {
    pub const INSTRUCTIONS: &str = "Hướng dẫn";
    pub const FIGURES: &str = "Số liệu";
    pub const TASKS: &str = "Nhiệm vụ";
    pub const NARRATIVE: &str = "Thuyết minh";
    pub const META: &str = "_baocao";
    /// 0-based index of the header row on the data sheets; data starts on the next row.
    pub const HEADER_ROW: u32 = 3;
    /// Column of the code on the figures and tasks sheets (B).
    pub const CODE_COL: u16 = 1;
    // Figures sheet.
    pub const FIG_PREVIOUS: u16 = 4;
    pub const FIG_VALUE: u16 = 5;
    pub const FIG_NOTE: u16 = 6;
    /// "Ước tính": "Ước" marks the figure an estimate. Last, so a workbook made before it
    /// (no such column) reads as figures counted.
    pub const FIG_ESTIMATE: u16 = 7;
    // Tasks sheet.
    pub const TASK_STATUS: u16 = 5;
    pub const TASK_RESULT: u16 = 6;
    pub const TASK_PRODUCT: u16 = 7;
    pub const TASK_DONE_ON: u16 = 8;
    pub const TASK_DIFFICULTIES: u16 = 9;
    // Narrative sheet: label in A, key in B, answer in C.
    pub const NARR_KEY: u16 = 1;
    pub const NARR_VALUE: u16 = 2;
    /// Row key of the report date on the narrative sheet.
    pub const REPORT_DATE_KEY: &str = "report_date";
}

use layout::*;

/// What the generator needs beyond the model.
pub struct Request<'a> {
    pub programme: &'a Programme,
    pub unit: &'a Unit,
    pub period: Period,
    /// The date printed as the workbook's creation date (never the clock).
    pub issued: NaiveDate,
    /// Values the unit sent for the previous period, shown for reference.
    pub previous: &'a BTreeMap<String, Value>,
    /// The name of the previous period, for the column header.
    pub previous_label: String,
    /// Answers to pre-fill (sample data and tests); None for a blank template.
    pub answers: Option<&'a Content>,
    /// Text typed into a figure's input cell instead of an answer: (element, text), for
    /// sample faults and tests ("mười hai" where a number belongs).
    pub typed: &'a [(String, String)],
    /// Write some numbers as text ("1.234,5"), as clerks do, for sample data.
    pub numbers_as_text: bool,
}

struct Formats {
    title: Format,
    header: Format,
    locked: Format,
    locked_wrap: Format,
    input: Format,
    input_wrap: Format,
    input_date: Format,
}

fn formats() -> Formats {
    let base = Format::new()
        .set_font_name("Times New Roman")
        .set_font_size(12)
        .set_align(FormatAlign::VerticalCenter);
    let cell = base.clone().set_border(FormatBorder::Thin);
    Formats {
        title: base.clone().set_bold().set_font_size(14),
        header: cell
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(0xD9E2F3)),
        locked: cell.clone(),
        locked_wrap: cell.clone().set_text_wrap(),
        input: cell
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC)),
        input_wrap: cell
            .clone()
            .set_unlocked()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xFFF2CC)),
        input_date: cell
            .set_unlocked()
            .set_num_format("dd/mm/yyyy")
            .set_background_color(Color::RGB(0xFFF2CC)),
    }
}

/// Locks the structure and sets a printable page: landscape A4, as wide as one page.
fn protect(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let options = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// What every sheet of one unit's workbook is written from.
struct Sheet<'a> {
    req: &'a Request<'a>,
    p: &'a Programme,
    f: &'a Formats,
    window: &'a Window,
    period_name: &'a str,
    identity: &'a str,
}

/// Writes the workbook and returns its bytes.
pub fn generate(req: &Request) -> Result<Vec<u8>, XlsxError> {
    let p = req.programme;
    let f = formats();
    let mut wb = Workbook::new();
    let issued = ExcelDateTime::from_ymd(
        req.issued.year() as u16,
        req.issued.month() as u8,
        req.issued.day() as u8,
    )?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Biểu báo cáo {} - {}",
                req.period.name(&p.periods),
                req.unit.name
            ))
            .set_author(p.issuers.dang.drafting_unit.as_str())
            .set_company(p.issuers.dang.name_lines.join(" "))
            .set_creation_datetime(&issued),
    );
    let window = req.period.window(&p.periods);
    let period_name = req.period.name(&p.periods);
    let identity = format!(
        "Mã đơn vị: {} — Kỳ: {} — Mẫu số {TEMPLATE_VERSION}",
        req.unit.code,
        req.period.id()
    );

    let sheet = Sheet {
        req,
        p,
        f: &f,
        window: &window,
        period_name: &period_name,
        identity: &identity,
    };
    instructions_sheet(wb.add_worksheet().set_name(INSTRUCTIONS)?, &sheet)?;
    figures_sheet(wb.add_worksheet().set_name(FIGURES)?, &sheet)?;
    tasks_sheet(wb.add_worksheet().set_name(TASKS)?, &sheet)?;
    narrative_sheet(wb.add_worksheet().set_name(NARRATIVE)?, &sheet)?;
    identity_sheet(wb.add_worksheet().set_name(META)?, &sheet)?;
    wb.save_to_buffer()
}

/// Writes the instructions sheet ([`INSTRUCTIONS`]).
fn instructions_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let Sheet {
        req,
        p,
        f,
        window,
        period_name,
        identity,
    } = sheet;
    ws.set_column_width(0, 120)?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let lines = [
        format!("BIỂU BÁO CÁO KẾT QUẢ {}", period_name.to_uppercase()),
        format!("Đơn vị: {}", req.unit.name),
        identity.to_string(),
        String::new(),
        format!(
            "Thực hiện {}: mỗi đơn vị báo cáo kết quả theo biểu này.",
            p.info.short_title
        ),
        format!(
            "Số liệu tính từ ngày {} đến ngày {}.",
            crate::model::vn::short_date(window.start),
            crate::model::vn::short_date(window.end)
        ),
        format!(
            "Hạn gửi: trước ngày {} về {} (qua thư điện tử hoặc phần mềm).",
            crate::model::vn::short_date(window.deadline),
            p.issuers.dang.drafting_unit
        ),
        String::new(),
        "Cách điền:".into(),
        "1. Chỉ điền vào các ô nền vàng; không thêm, xóa hoặc đổi tên trang tính, không sửa cột Mã.".into(),
        "2. Trang «Số liệu»: nhập số (ví dụ 1.234,5); tỷ lệ nhập số phần trăm (ví dụ 8,5); ô Có/Không chọn trong danh sách. Ô để trống nghĩa là chưa có số liệu.".into(),
        "3. Trang «Nhiệm vụ»: chọn tình trạng trong danh sách, ghi kết quả, sản phẩm (số, ngày văn bản), ngày hoàn thành và khó khăn.".into(),
        "4. Trang «Thuyết minh»: nêu kết quả nổi bật, hạn chế và nguyên nhân, đề xuất, phương hướng kỳ tới; ghi người lập và ngày báo cáo.".into(),
        "5. Gửi lại chính tệp này (có thể đổi tên tệp). Nếu gửi bản sửa, bản mới nhất sẽ được dùng, các bản trước vẫn được lưu.".into(),
    ];
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(i as u32, 0, line, &f.title)?;
        } else {
            ws.write_string_with_format(i as u32, 0, line, &wrap)?;
        }
    }
    protect(ws);
    Ok(())
}

/// Writes the figures sheet ([`FIGURES`]).
fn figures_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let Sheet {
        req,
        p,
        f,
        period_name,
        identity,
        ..
    } = sheet;
    sheet_heading(
        ws,
        f,
        &format!("SỐ LIỆU {}", period_name.to_uppercase()),
        &req.unit.name,
        identity,
    )?;
    let headers = [
        ("STT", 6.0),
        ("Mã", 26.0),
        ("Số liệu", 52.0),
        ("Đơn vị tính", 14.0),
        (req.previous_label.as_str(), 16.0),
        ("Kỳ này", 16.0),
        ("Ghi chú", 30.0),
        ("Ước tính (chọn “Ước” nếu là số ước)", 16.0),
    ];
    header_row(ws, f, &headers)?;
    for (i, e) in p.elements_of(req.unit).enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.locked)?;
        ws.write_string_with_format(row, CODE_COL, &e.code, &f.locked)?;
        ws.write_string_with_format(row, 2, &e.name, &f.locked_wrap)?;
        ws.set_row_height(row, row_height(&e.name, 60))?;
        ws.write_string_with_format(row, 3, &e.measure, &f.locked)?;
        match req.previous.get(&e.code) {
            Some(v) => write_value(ws, row, FIG_PREVIOUS, *v, &f.locked, false)?,
            None => {
                ws.write_blank(row, FIG_PREVIOUS, &f.locked)?;
            }
        }
        let answer = req.answers.and_then(|a| a.figure(&e.code));
        let as_text = req.numbers_as_text && i % 3 == 1;
        let input = if e.kind == ValueKind::Date {
            &f.input_date
        } else {
            &f.input
        };
        let typed = req.typed.iter().find(|(el, _)| *el == e.code);
        match (typed, answer) {
            (Some((_, text)), _) => {
                ws.write_string_with_format(row, FIG_VALUE, text, input)?;
            }
            (None, Some(fig)) => write_value(ws, row, FIG_VALUE, fig.value, input, as_text)?,
            (None, None) => {
                ws.write_blank(row, FIG_VALUE, input)?;
            }
        }
        match answer.filter(|a| !a.note.is_empty()) {
            Some(a) => ws.write_string_with_format(row, FIG_NOTE, &a.note, &f.input_wrap)?,
            None => ws.write_blank(row, FIG_NOTE, &f.input_wrap)?,
        };
        match answer.filter(|a| a.estimate) {
            Some(_) => ws.write_string_with_format(row, FIG_ESTIMATE, ESTIMATE[0], &f.input)?,
            None => ws.write_blank(row, FIG_ESTIMATE, &f.input)?,
        };
        let dv = validation(&CellRule::of(e.kind, e.min, e.max))?;
        ws.add_data_validation(row, FIG_VALUE, row, FIG_VALUE, &dv)?;
        let mark = validation(&ESTIMATE_RULE)?;
        ws.add_data_validation(row, FIG_ESTIMATE, row, FIG_ESTIMATE, &mark)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 3)?;
    protect(ws);
    Ok(())
}

/// Writes the tasks sheet ([`TASKS`]).
fn tasks_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let Sheet {
        req,
        p,
        f,
        period_name,
        identity,
        ..
    } = sheet;
    sheet_heading(
        ws,
        f,
        &format!(
            "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ {}",
            period_name.to_uppercase()
        ),
        &req.unit.name,
        identity,
    )?;
    let headers = [
        ("STT", 6.0),
        ("Mã", 14.0),
        ("Nhiệm vụ", 48.0),
        ("Vai trò", 11.0),
        ("Thời hạn", 22.0),
        ("Tình trạng", 22.0),
        ("Kết quả thực hiện", 45.0),
        ("Sản phẩm (số, ngày văn bản)", 28.0),
        ("Ngày hoàn thành", 15.0),
        ("Khó khăn, vướng mắc", 35.0),
    ];
    header_row(ws, f, &headers)?;
    let labels: Vec<&str> = TaskStatus::ALL.iter().map(|s| s.label()).collect();
    let dv = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("Tình trạng không hợp lệ")?
        .set_error_message("Chọn tình trạng trong danh sách.")?;
    let date_dv = validation(&CellRule::of(ValueKind::Date, None, None))?;
    let mut rows = 0;
    for (i, (t, role)) in p.tasks_of(req.unit).enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        rows += 1;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.locked)?;
        ws.write_string_with_format(row, CODE_COL, &t.code, &f.locked)?;
        ws.write_string_with_format(
            row,
            2,
            format!("{} ({})", t.title, t.reference),
            &f.locked_wrap,
        )?;
        ws.write_string_with_format(row, 3, role.label(), &f.locked)?;
        ws.set_row_height(
            row,
            row_height(&format!("{} ({})", t.title, t.reference), 55),
        )?;
        let deadline = t
            .deadline
            .as_ref()
            .map(|d| d.describe())
            .unwrap_or_default();
        ws.write_string_with_format(row, 4, &deadline, &f.locked_wrap)?;
        let answer = req
            .answers
            .and_then(|a| a.tasks.iter().find(|r| r.task == t.code));
        match answer.and_then(|a| a.status) {
            Some(s) => ws.write_string_with_format(row, TASK_STATUS, s.label(), &f.input)?,
            None => ws.write_blank(row, TASK_STATUS, &f.input)?,
        };
        for (col, text) in [
            (TASK_RESULT, answer.map(|a| a.result.as_str())),
            (TASK_PRODUCT, answer.map(|a| a.product.as_str())),
            (TASK_DIFFICULTIES, answer.map(|a| a.difficulties.as_str())),
        ] {
            match text.filter(|t| !t.is_empty()) {
                Some(t) => ws.write_string_with_format(row, col, t, &f.input_wrap)?,
                None => ws.write_blank(row, col, &f.input_wrap)?,
            };
        }
        match answer.and_then(|a| a.completed_on) {
            Some(d) => write_value(ws, row, TASK_DONE_ON, Value::Date(d), &f.input_date, false)?,
            None => {
                ws.write_blank(row, TASK_DONE_ON, &f.input_date)?;
            }
        }
    }
    if rows > 0 {
        let last = HEADER_ROW + rows;
        ws.add_data_validation(HEADER_ROW + 1, TASK_STATUS, last, TASK_STATUS, &dv)?;
        ws.add_data_validation(HEADER_ROW + 1, TASK_DONE_ON, last, TASK_DONE_ON, &date_dv)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 3)?;
    protect(ws);
    Ok(())
}

/// Writes the narrative sheet ([`NARRATIVE`]).
fn narrative_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let Sheet {
        req, f, identity, ..
    } = sheet;
    sheet_heading(
        ws,
        f,
        "THUYẾT MINH KẾT QUẢ THỰC HIỆN",
        &req.unit.name,
        identity,
    )?;
    header_row(
        ws,
        f,
        &[("Nội dung", 34.0), ("Mã", 18.0), ("Đơn vị ghi", 100.0)],
    )?;
    let blank = crate::model::submission::Narrative::default();
    let narrative = req.answers.map(|a| &a.narrative).unwrap_or(&blank);
    let fields = narrative.fields();
    for (i, (key, label, value)) in fields.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_string_with_format(row, 0, *label, &f.locked_wrap)?;
        ws.write_string_with_format(row, NARR_KEY, *key, &f.locked)?;
        if value.is_empty() {
            ws.write_blank(row, NARR_VALUE, &f.input_wrap)?;
        } else {
            ws.write_string_with_format(row, NARR_VALUE, *value, &f.input_wrap)?;
        }
        ws.set_row_height(row, if *key == "prepared_by" { 20 } else { 90 })?;
    }
    let row = HEADER_ROW + 1 + fields.len() as u32;
    ws.write_string_with_format(row, 0, "Ngày báo cáo", &f.locked)?;
    ws.write_string_with_format(row, NARR_KEY, REPORT_DATE_KEY, &f.locked)?;
    match narrative.report_date {
        Some(d) => write_value(ws, row, NARR_VALUE, Value::Date(d), &f.input_date, false)?,
        None => {
            ws.write_blank(row, NARR_VALUE, &f.input_date)?;
        }
    }
    let date_dv = validation(&CellRule::of(ValueKind::Date, None, None))?;
    ws.add_data_validation(row, NARR_VALUE, row, NARR_VALUE, &date_dv)?;
    protect(ws);
    Ok(())
}

/// Writes the hidden identity sheet ([`META`]).
fn identity_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let Sheet { req, .. } = sheet;
    let rows = [
        ("template_version", TEMPLATE_VERSION.to_string()),
        ("unit", req.unit.code.clone()),
        ("period", req.period.id()),
        ("issued", req.issued.to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, v)?;
    }
    ws.set_very_hidden(true);
    protect(ws);
    Ok(())
}

/// The in-cell validation of a value cell, from the one definition ingest follows
/// ([`CellRule`]). Whole numbers stop the clerk ("12,5 người" cannot be typed); the others warn
/// rather than stop, so a clerk whose Excel reads "1.234,5" or "15/6/2026" as text can still
/// save (ingest reads such text the same way).
fn validation(rule: &CellRule) -> Result<DataValidation, XlsxError> {
    let excel_date =
        |d: NaiveDate| ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8);
    let dv = match *rule {
        CellRule::List(items) => DataValidation::new()
            .allow_list_strings(items)?
            .set_error_message(format!("Chọn {} trong danh sách.", items.join(" hoặc ")))?,
        CellRule::Date { min, max } => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                excel_date(min)?,
                excel_date(max)?,
            ))
            .set_error_message(format!(
                "Nhập ngày dạng ngày/tháng/năm, từ {} đến {}.",
                crate::model::vn::short_date(min),
                crate::model::vn::short_date(max)
            ))?,
        CellRule::Whole { min, max } => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(
                min.clamp(i32::MIN as f64, i32::MAX as f64) as i32,
                max.clamp(i32::MIN as f64, i32::MAX as f64) as i32,
            ))
            .set_error_message(format!(
                "Nhập một số nguyên từ {} đến {}.",
                crate::model::vn::number(min, 0),
                crate::model::vn::number(max, 0)
            ))?,
        CellRule::Decimal { min, max } => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(min, max))
            .set_error_message(format!(
                "Nhập một số từ {} đến {}.",
                crate::model::vn::number(min, 2),
                crate::model::vn::number(max, 2)
            ))?,
    };
    let style = match rule {
        CellRule::Whole { .. } | CellRule::List(_) => DataValidationErrorStyle::Stop,
        CellRule::Decimal { .. } | CellRule::Date { .. } => DataValidationErrorStyle::Warning,
    };
    dv.set_error_style(style)
        .set_error_title("Giá trị chưa hợp lệ")
}

fn sheet_heading(
    ws: &mut Worksheet,
    f: &Formats,
    title: &str,
    unit: &str,
    identity: &str,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string(1, 0, format!("Đơn vị: {unit}"))?;
    ws.write_string(2, 0, identity)?;
    Ok(())
}

fn header_row(ws: &mut Worksheet, f: &Formats, headers: &[(&str, f64)]) -> Result<(), XlsxError> {
    for (col, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, col as u16, *h, &f.header)?;
        ws.set_column_width(col as u16, *w)?;
    }
    ws.set_row_height(HEADER_ROW, 32)?;
    Ok(())
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Value,
    format: &Format,
    as_text: bool,
) -> Result<(), XlsxError> {
    match v {
        Value::Number(x) if as_text => {
            ws.write_string_with_format(row, col, crate::model::vn::number(x, 6), format)?;
        }
        Value::Number(x) => {
            ws.write_number_with_format(row, col, x, format)?;
        }
        Value::YesNo(b) => {
            ws.write_string_with_format(row, col, if b { "Có" } else { "Không" }, format)?;
        }
        Value::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            let fmt = format.clone().set_num_format("dd/mm/yyyy");
            ws.write_datetime_with_format(row, col, &dt, &fmt)?;
        }
    }
    Ok(())
}

/// Height in points of a row whose longest text wraps at about `per_line` characters
/// (spreadsheets do not grow rows for wrapped text written by a program).
fn row_height(text: &str, per_line: usize) -> f64 {
    let lines = text.chars().count().div_ceil(per_line).max(1);
    16.0 * lines as f64
}

/// The file name of a unit's workbook: `2026-H1_BXD.xlsx`.
pub fn file_name(unit: &Unit, period: Period) -> String {
    format!("{}_{}.xlsx", period.id(), unit.code)
}
