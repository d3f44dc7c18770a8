//! A unit's pages, reached by its private link `/don-vi/<token>`: the open periods with their
//! deadlines, its workbook for each (made on the fly), the upload form, the findings of an
//! upload at once, and its own versions with the office's decisions. Every handler starts from
//! the token: a unit sees nothing of another.

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};

use super::auth::{same, token_hash, unit_csrf};
use super::page::{self, page};
use super::{Client, Shared, UPLOADS_PER_MINUTE, WebError, blocking};
use crate::intake::ingest::Expect;
use crate::intake::workbook;
use crate::model::period::Period;
use crate::model::programme::Unit;
use crate::shell::desk::Review;
use crate::shell::ledger::Provenance;
use crate::shell::{self, FileOutcome, IngestOptions, Received};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/don-vi/{token}", get(home))
        .route("/don-vi/{token}/bieu/{period}", get(download))
        .route("/don-vi/{token}/nop", post(upload))
}

/// The unit a link opens; a wrong, rotated or revoked token is "not found".
fn unit_of<'a>(desk: &'a super::Desk, token: &str) -> Result<&'a Unit, WebError> {
    let code = desk
        .ledger()
        .link_unit(&token_hash(token))?
        .ok_or(WebError::NotFound)?;
    desk.programme.unit(&code).ok_or(WebError::NotFound)
}

/// The open periods, parsed.
pub(super) fn open_periods(desk: &super::Desk) -> Result<Vec<Period>, WebError> {
    Ok(desk
        .ledger()
        .open_periods()?
        .iter()
        .filter_map(|id| id.parse().ok())
        .collect())
}

async fn home(
    State(desk): State<Shared>,
    Path(token): Path<String>,
) -> Result<Html<String>, WebError> {
    blocking(move || {
        let unit = unit_of(&desk, &token)?;
        render_home(&desk, unit, &token, None)
    })
    .await
}

async fn download(
    State(desk): State<Shared>,
    Path((token, period)): Path<(String, String)>,
) -> Result<Response, WebError> {
    blocking(move || {
        let unit = unit_of(&desk, &token)?;
        let period: Period = period.parse().map_err(|_| WebError::NotFound)?;
        if !open_periods(&desk)?.contains(&period) {
            return Err(WebError::NotFound);
        }
        let issued = period.window(&desk.programme.periods).start;
        let bytes = shell::unit_workbook(&desk.programme, &desk.ledger(), unit, period, issued)?;
        let name = workbook::file_name(unit, period);
        Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response())
    })
    .await
}

/// The fields of the upload form.
#[derive(Default)]
struct Upload {
    csrf: String,
    period: String,
    name: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut form: Multipart) -> Result<Upload, WebError> {
    let mut u = Upload::default();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge
        } else {
            WebError::BadRequest(format!("biểu mẫu gửi lên không đọc được: {e}"))
        }
    };
    while let Some(field) = form.next_field().await.map_err(too_large)? {
        match field.name() {
            Some("csrf") => u.csrf = field.text().await.map_err(too_large)?,
            Some("ky") => u.period = field.text().await.map_err(too_large)?,
            Some("tep") => {
                u.name = field.file_name().unwrap_or("tep.xlsx").to_string();
                u.bytes = field.bytes().await.map_err(too_large)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(u)
}

async fn upload(
    State(desk): State<Shared>,
    Path(token): Path<String>,
    Client(client): Client,
    form: Multipart,
) -> Result<Html<String>, WebError> {
    let code = {
        let d = desk.clone();
        let t = token.clone();
        blocking(move || Ok(unit_of(&d, &t)?.code.clone())).await?
    };
    desk.allow("upload", &code, UPLOADS_PER_MINUTE)?;
    let up = read_upload(form).await?;
    if !same(&up.csrf, &unit_csrf(&token)) {
        return Err(WebError::Csrf);
    }
    blocking(move || {
        let unit = unit_of(&desk, &token)?;
        let period: Period = up
            .period
            .parse()
            .map_err(|_| WebError::BadRequest("kỳ báo cáo không hợp lệ".into()))?;
        if !open_periods(&desk)?.contains(&period) {
            return Err(WebError::BadRequest(
                "kỳ báo cáo này chưa mở hoặc đã đóng".into(),
            ));
        }
        if up.bytes.is_empty() {
            return Err(WebError::BadRequest("chưa chọn tệp để gửi".into()));
        }
        let outcome = ingest_upload(&desk, unit, period, &up, &client)?;
        render_home(&desk, unit, &token, Some(&outcome))
    })
    .await
}

/// An upload through the same ingest as the command line, expecting this unit and period.
fn ingest_upload(
    desk: &super::Desk,
    unit: &Unit,
    period: Period,
    up: &Upload,
    client: &str,
) -> Result<FileOutcome, WebError> {
    let now = desk.now();
    let opts = IngestOptions {
        expect: Expect {
            period: Some(period),
            unit: Some(unit.code.clone()),
        },
        received: Received::Today(now.date()),
        now,
        strict: false,
        progress: false,
    };
    let from = Provenance {
        source: format!("link:{}", unit.code),
        origin: client.to_string(),
    };
    // The name is only shown and stored; no path is ever made from it.
    let name: String = up
        .name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let outcome = {
        let mut ledger = desk.ledger();
        shell::ingest_bytes(&desk.programme, &mut ledger, &name, &up.bytes, &opts, &from)?
    };
    desk.audit(
        &from.source,
        "nộp tệp",
        &format!(
            "{} kỳ {}: {} — {}",
            unit.code,
            period.id(),
            name,
            outcome.recorded.label()
        ),
        client,
    )?;
    Ok(outcome)
}

fn render_home(
    desk: &super::Desk,
    unit: &Unit,
    token: &str,
    outcome: Option<&FileOutcome>,
) -> Result<Html<String>, WebError> {
    let periods = open_periods(desk)?;
    let mut sections = Vec::new();
    for period in &periods {
        sections.push(period_section(desk, unit, token, *period)?);
    }
    let body = html! {
        @if let Some(o) = outcome {
            section.card #ket-qua {
                h2 { "Kết quả gửi tệp «" (o.file) "»: " (o.recorded.label()) }
                (page::findings(&o.findings))
            }
        }
        @if periods.is_empty() {
            p { "Hiện chưa có kỳ báo cáo nào đang mở." }
        }
        @for s in &sections { (s) }
    };
    Ok(page(&unit.name, None, body))
}

fn period_section(
    desk: &super::Desk,
    unit: &Unit,
    token: &str,
    period: Period,
) -> Result<Markup, WebError> {
    let cal = &desk.programme.periods;
    let history = desk
        .ledger()
        .history(period)?
        .remove(&unit.code)
        .unwrap_or_default();
    let mut findings = Vec::new();
    for v in &history {
        findings.push(desk.ledger().version_findings(v)?);
    }
    Ok(html! {
        section.card {
            h2 { (period.name(cal)) }
            p { "Hạn gửi: " strong { (page::date(period.window(cal).deadline)) } }
            p { a href={ "/don-vi/" (token) "/bieu/" (period.id()) } { "Tải biểu mẫu của đơn vị (" (workbook::file_name(unit, period)) ")" } }
            form method="post" action={ "/don-vi/" (token) "/nop" } enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(unit_csrf(token));
                input type="hidden" name="ky" value=(period.id());
                label for={ "tep-" (period.id()) } { "Chọn hoặc kéo thả tệp đã điền:" }
                input id={ "tep-" (period.id()) } type="file" name="tep" accept=".xlsx,.xlsm,.xlsb,.xls,.ods" required;
                p { button type="submit" { "Gửi tệp" } }
            }
            @if !history.is_empty() {
                h2 { "Các bản đã gửi" }
                div.scroll { table {
                    tr { th { "Bản" } th { "Tệp" } th { "Ngày nhận" } th { "Tình trạng" } th { "Kiểm tra" } }
                    @for (v, f) in history.iter().zip(&findings).rev() {
                        tr {
                            td { (v.version) }
                            td { (v.file_name) }
                            td { (page::date(v.received)) }
                            td { (v.review.label())
                                 @if let Review::Returned { reason, .. } = &v.review { br; "Lý do: " em { (reason) } } }
                            td { (v.errors) " lỗi, " (v.warnings) " cảnh báo"
                                 @if !f.is_empty() { details { summary { "Xem" } (page::findings(f)) } } }
                        }
                    }
                } }
            }
        }
    })
}
