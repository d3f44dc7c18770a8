//! The consolidated figures as a workbook for the office: the appendix tables, editable.

use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use crate::consolidate::Consolidated;
use crate::report::Context;

/// The targets, tasks and units tables of a consolidated period.
pub fn consolidated(c: &Consolidated, ctx: &Context) -> Result<Vec<u8>, XlsxError> {
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
                ws.write_string_with_format(r as u32 + 1, i as u16, v, &cell)?;
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
                    ws.write_string_with_format(r, i as u16, v, &cell)?;
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
                ws.write_string_with_format(r as u32 + 1, i as u16, v, &cell)?;
            }
        }
        ws.set_column_width(2, 45)?;
    }
    wb.save_to_buffer()
}
