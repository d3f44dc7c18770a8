//! The consolidated figures as a workbook for the office: the appendix tables, editable.
//!
//! The tables are drafted as Vietnamese text ("1.234,5", "85,7%", "17/12/2026"); each cell is
//! written back as what it is: a number, a percentage or a date with a Vietnamese display
//! format (`[$-42A]`, so Excel and Calc show "1.234,5" in any locale and SUM, COUNT and
//! sorting work), or text.

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::model::diag::{Finding, Severity, a1};
use crate::report::Context;
use crate::report::consolidate::Consolidated;
use crate::report::tracking::Tracking;

/// Most UTF-16 units an Excel cell holds.
const CELL_UNITS: usize = 32_767;

/// The targets, tasks and units tables of a consolidated period, and a warning for each cell
/// whose text was longer than a cell holds (the cell keeps the beginning, says it was cut and
/// carries a note; the DOCX and PDF keep the whole text). `file` names the workbook in them.
pub fn consolidated(
    c: &Consolidated,
    ctx: &Context,
    tracking: &Tracking,
    file: &str,
) -> Result<(Vec<u8>, Vec<Finding>), XlsxError> {
    let mut cut = Vec::new();
    let bytes = tables(c, ctx, tracking, &mut |sheet, row, col, len| {
        cut.push(Finding {
            severity: Severity::Warning,
            code: "cell-text-cut",
            file: file.to_string(),
            sheet: Some(sheet.to_string()),
            cell: Some(a1(row, col)),
            message: format!(
                "nội dung dài {} ký tự, quá sức chứa một ô Excel ({} ký tự): ô chỉ giữ phần đầu, ghi rõ là đã cắt và có ghi chú; báo cáo DOCX, PDF giữ đủ",
                crate::model::vn::number(len as f64, 0),
                crate::model::vn::number(CELL_UNITS as f64, 0)
            ),
            hint: "đọc nội dung đầy đủ trong báo cáo DOCX hoặc PDF".into(),
        });
    })?;
    Ok((bytes, cut))
}

/// Called for each cell whose text was cut: sheet, row, column, length in characters.
type OnCut<'a> = dyn FnMut(&str, u32, u16, usize) + 'a;

/// The tables, then the office's working notes (findings, rule breaches, tasks without a
/// lead, notes on the document).
fn tables(
    c: &Consolidated,
    ctx: &Context,
    tracking: &Tracking,
    on_cut: &mut OnCut,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let date = c.as_of;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!("Tổng hợp {}", ctx.period.name))
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(
                chrono::Datelike::year(&date) as u16,
                chrono::Datelike::month(&date) as u8,
                chrono::Datelike::day(&date) as u8,
            )?),
    );
    {
        let ws = wb.add_worksheet().set_name("Chỉ tiêu")?;
        let mut cols: Vec<String> = [
            "STT",
            "Mã",
            "Chỉ tiêu",
            "ĐVT",
            "Chỉ tiêu Nghị quyết",
            "Thực hiện",
            "Cùng kỳ",
            "So sánh",
            "Đánh giá",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        cols.extend(ctx.years.iter().map(|y| format!("Năm {y}")));
        cols.extend(
            ["Tăng BQ/năm", "Dự báo cuối nhiệm kỳ", "Khả năng", "Ghi chú"]
                .iter()
                .map(|s| s.to_string()),
        );
        for (i, h) in cols.iter().enumerate() {
            ws.write_string_with_format(0, i as u16, h, &header)?;
        }
        for (r, t) in ctx.target_rows.iter().enumerate() {
            let mut vals = vec![
                t.stt.clone(),
                t.code.clone(),
                t.name.clone(),
                t.measure.clone(),
                t.goal.clone(),
                t.value.clone(),
                t.previous.clone(),
                t.compare.clone(),
                t.status.clone(),
            ];
            vals.extend(t.years.iter().cloned());
            vals.extend([
                t.growth.clone(),
                t.forecast.clone(),
                t.verdict.clone(),
                t.note.clone(),
            ]);
            for (i, v) in vals.iter().enumerate() {
                write_typed(ws, r as u32 + 1, i as u16, v, &cell, on_cut)?;
            }
        }
        ws.set_column_width(2, 50)?;
        ws.set_column_width(4, 28)?;
        ws.set_freeze_panes(1, 3)?;
    }
    {
        let ws = wb.add_worksheet().set_name("Nhiệm vụ")?;
        for (i, h) in [
            "STT",
            "Mã",
            "Mục",
            "Nhiệm vụ",
            "Chủ trì",
            "Thời hạn",
            "Tình trạng",
            "Kết quả",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(0, i as u16, *h, &header)?;
        }
        let mut r = 1;
        for g in &ctx.task_groups {
            for t in &g.rows {
                let vals = [
                    t.stt.to_string(),
                    t.code.clone(),
                    t.reference.clone(),
                    t.title.clone(),
                    g.lead.clone(),
                    t.deadline.clone(),
                    t.state.clone(),
                    t.result.clone(),
                ];
                for (i, v) in vals.iter().enumerate() {
                    write_typed(ws, r, i as u16, v, &cell, on_cut)?;
                }
                r += 1;
            }
        }
        ws.set_column_width(3, 50)?;
        ws.set_column_width(7, 50)?;
    }
    {
        let ws = wb.add_worksheet().set_name("Đơn vị")?;
        for (i, h) in [
            "STT",
            "Mã",
            "Đơn vị",
            "Tình trạng",
            "Ngày nhận",
            "Số bản",
            "Lỗi",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(0, i as u16, *h, &header)?;
        }
        for (r, (u, row)) in c.units.iter().zip(&ctx.unit_rows).enumerate() {
            let vals = [
                row.stt.to_string(),
                u.code.clone(),
                row.name.clone(),
                row.state.clone(),
                row.received.clone(),
                row.versions.clone(),
                row.findings.clone(),
            ];
            for (i, v) in vals.iter().enumerate() {
                write_typed(ws, r as u32 + 1, i as u16, v, &cell, on_cut)?;
            }
        }
        ws.set_column_width(2, 45)?;
    }
    tracking_sheets(&mut wb, tracking, &header, &cell)?;
    wb.save_to_buffer()
}

/// Writes a header row.
fn headers(ws: &mut Worksheet, titles: &[&str], header: &Format) -> Result<(), XlsxError> {
    for (i, h) in titles.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, header)?;
    }
    Ok(())
}

/// The working notes: text stays text (a unit's message is never read as a number), the
/// figures of a broken rule are numbers.
fn tracking_sheets(
    wb: &mut Workbook,
    t: &Tracking,
    header: &Format,
    cell: &Format,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("Lỗi trong biểu")?;
    headers(
        ws,
        &[
            "STT",
            "Đơn vị",
            "Tệp",
            "Trang",
            "Ô",
            "Mức",
            "Nội dung",
            "Cách sửa",
        ],
        header,
    )?;
    for (r, f) in t.findings.iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_number_with_format(row, 0, (r + 1) as f64, cell)?;
        for (i, v) in [
            &f.unit, &f.file, &f.sheet, &f.cell, f.severity, &f.message, &f.hint,
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, i as u16 + 1, *v, cell)?;
        }
    }
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(6, 60)?;
    ws.set_column_width(7, 40)?;
    let ws = wb.add_worksheet().set_name("Số liệu chưa hợp lệ")?;
    headers(
        ws,
        &["STT", "Quy tắc", "Đơn vị", "Số liệu", "So với"],
        header,
    )?;
    for (r, b) in t.breaches.iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_number_with_format(row, 0, (r + 1) as f64, cell)?;
        ws.write_string_with_format(row, 1, &b.rule, cell)?;
        ws.write_string_with_format(row, 2, &b.unit, cell)?;
        let number = cell.clone().set_num_format("[$-42A]#,##0.##");
        ws.write_number_with_format(row, 3, b.left, &number)?;
        ws.write_number_with_format(row, 4, b.right, &number)?;
    }
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 30)?;
    let ws = wb.add_worksheet().set_name("Chưa có chủ trì")?;
    headers(
        ws,
        &["STT", "Mã", "Nhiệm vụ chưa phân công đơn vị chủ trì"],
        header,
    )?;
    for (r, (code, title)) in t.unassigned.iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_number_with_format(row, 0, (r + 1) as f64, cell)?;
        ws.write_string_with_format(row, 1, code, cell)?;
        ws.write_string_with_format(row, 2, title, cell)?;
    }
    ws.set_column_width(2, 80)?;
    let ws = wb.add_worksheet().set_name("Lưu ý phát hành")?;
    headers(ws, &["STT", "Cần xử lý trước khi phát hành"], header)?;
    for (r, n) in t.notes.iter().enumerate() {
        ws.write_number_with_format(r as u32 + 1, 0, (r + 1) as f64, cell)?;
        ws.write_string_with_format(r as u32 + 1, 1, n, cell)?;
    }
    ws.set_column_width(1, 100)?;
    Ok(())
}

/// What a drafted cell holds.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// A number and its decimals as drafted.
    Number(f64, usize),
    /// A percentage as a fraction ("85,7%" → 0.857) and its decimals.
    Percent(f64, usize),
    Date(NaiveDate),
    Text,
}

/// Reads a drafted cell: "1.234,5" (dot thousands, decimal comma), "85,7%", "d/m/yyyy";
/// anything else ("Đạt", "+7,1 điểm %", "-") is text.
fn value_of(text: &str) -> Value {
    let t = text.trim();
    if let Some(d) = date_of(t) {
        return Value::Date(d);
    }
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b, true),
        None => (t, false),
    };
    let Some((x, decimals)) = number_of(body) else {
        return Value::Text;
    };
    if percent {
        // Rounded to the digits drafted, so 78,6% is 0.786, not 0.785999….
        let scale = 10f64.powi(decimals as i32 + 2);
        Value::Percent((x / 100.0 * scale).round() / scale, decimals)
    } else {
        Value::Number(x, decimals)
    }
}

fn number_of(s: &str) -> Option<(f64, usize)> {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, s),
    };
    let (int, frac) = match digits.split_once(',') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let grouped = groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && (groups.len() == 1 || !groups[0].is_empty());
    let all_digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !grouped || !groups.iter().all(|g| all_digits(g)) || !all_digits(frac) {
        return None;
    }
    let plain = format!(
        "{}.{}",
        groups.concat(),
        if frac.is_empty() { "0" } else { frac }
    );
    plain.parse::<f64>().ok().map(|x| (sign * x, frac.len()))
}

fn date_of(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split('/').collect();
    if parts.len() != 3 || parts[2].len() != 4 || parts.iter().any(|p| p.len() > 4) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(n(parts[2])? as i32, n(parts[1])?, n(parts[0])?)
}

/// Writes a drafted cell as its [`Value`], with `base`'s borders and wrapping.
fn write_typed(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    base: &Format,
    on_cut: &mut OnCut,
) -> Result<(), XlsxError> {
    let decimals = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(n))
        }
    };
    match value_of(text) {
        Value::Number(x, d) => {
            let f = base
                .clone()
                .set_num_format(format!("[$-42A]#,##0{}", decimals(d)));
            ws.write_number_with_format(row, col, x, &f)?;
        }
        Value::Percent(x, d) => {
            let f = base
                .clone()
                .set_num_format(format!("[$-42A]0{}%", decimals(d)));
            ws.write_number_with_format(row, col, x, &f)?;
        }
        Value::Date(d) => {
            let f = base.clone().set_num_format("[$-42A]dd/mm/yyyy");
            let dt = ExcelDateTime::from_ymd(
                chrono::Datelike::year(&d) as u16,
                chrono::Datelike::month(&d) as u8,
                chrono::Datelike::day(&d) as u8,
            )?;
            ws.write_datetime_with_format(row, col, &dt, &f)?;
        }
        Value::Text if text.encode_utf16().count() > CELL_UNITS => {
            let len = text.chars().count();
            let mark = format!(
                "… [đã cắt: nội dung dài {} ký tự, xem đủ trong báo cáo DOCX/PDF]",
                crate::model::vn::number(len as f64, 0)
            );
            let room = CELL_UNITS - mark.encode_utf16().count();
            let mut units = 0;
            let kept: String = text
                .chars()
                .take_while(|c| {
                    units += c.len_utf16();
                    units <= room
                })
                .collect();
            ws.write_string_with_format(row, col, format!("{kept}{mark}"), base)?;
            ws.insert_note(
                row,
                col,
                &rust_xlsxwriter::Note::new(format!(
                    "Ô này chỉ chứa được {} ký tự; nội dung gốc dài {} ký tự đã bị cắt. Nội dung đầy đủ có trong báo cáo DOCX và PDF.",
                    crate::model::vn::number(CELL_UNITS as f64, 0),
                    crate::model::vn::number(len as f64, 0)
                ))
                .set_author("baocao"),
            )?;
            on_cut(ws.name().as_str(), row, col, len);
        }
        Value::Text => {
            ws.write_string_with_format(row, col, text, base)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100 000-character text: the cell holds 32 767 UTF-16 units, ending with the mark
    /// that says it was cut; the warning names sheet and cell.
    #[test]
    fn text_longer_than_a_cell_is_cut_with_a_mark_and_a_warning() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Nhiệm vụ").unwrap();
        let text = "ạ".repeat(100_000);
        let mut cuts = Vec::new();
        write_typed(ws, 1, 7, &text, &Format::new(), &mut |s, r, c, n| {
            cuts.push((s.to_string(), a1(r, c), n))
        })
        .unwrap();
        assert_eq!(
            cuts,
            vec![("Nhiệm vụ".to_string(), "H2".to_string(), 100_000)]
        );
        assert!(wb.save_to_buffer().is_ok());
    }

    #[test]
    fn drafted_cells_are_read_as_numbers_percentages_dates_or_text() {
        assert_eq!(value_of("1.234,5"), Value::Number(1234.5, 1));
        assert_eq!(value_of("18"), Value::Number(18.0, 0));
        assert_eq!(value_of("-0,25"), Value::Number(-0.25, 2));
        assert_eq!(value_of("1.741"), Value::Number(1741.0, 0));
        assert_eq!(value_of("85,7%"), Value::Percent(0.857, 1));
        assert_eq!(
            value_of("17/12/2026"),
            Value::Date(NaiveDate::from_ymd_opt(2026, 12, 17).unwrap())
        );
        assert_eq!(
            value_of("09/3/2027"),
            Value::Date(NaiveDate::from_ymd_opt(2027, 3, 9).unwrap())
        );
        for text in [
            "Đạt",
            "+7,1 điểm %",
            "-",
            "",
            "1.2",
            "I",
            "31/02/2026",
            "12,5 tỷ",
        ] {
            assert_eq!(value_of(text), Value::Text, "{text}");
        }
    }
}
