//! The office's reading pages: one unit's submission as read, the targets board, the tasks,
//! and the report form whose files are the command line's bytes for the same inputs.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

use super::office::{Ky, Office, period_of};
use super::page::{self, page};
use super::{Client, Desk, Shared, WebError, blocking};
use crate::model::evaluate::Status;
use crate::model::period::Period;
use crate::model::programme::{ProfileKind, Unit};
use crate::model::submission::Value;
use crate::model::vn;
use crate::report::Options;
use crate::report::consolidate::{TargetResult, TaskState};
use crate::shell::desk::Review;
use crate::shell::{self, Rendered};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/van-phong/chi-tieu", get(targets))
        .route("/van-phong/nhiem-vu", get(tasks))
        .route("/van-phong/bao-cao", get(report_form))
        .route("/van-phong/bao-cao/tai", get(report_file))
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Number(x) => vn::number(*x, 2),
        Value::YesNo(true) => "Có".into(),
        Value::YesNo(false) => "Không".into(),
        Value::Date(d) => vn::short_date(*d),
    }
}

/// One unit's submission for a period: the version that counts as read, every version with
/// its findings and the return / accept forms.
pub fn submission_body(
    desk: &Desk,
    office: &Office,
    u: &Unit,
    period: Period,
) -> Result<Markup, WebError> {
    let p = &desk.programme;
    let (latest, history) = {
        let ledger = desk.ledger();
        let latest = ledger
            .latest(period)?
            .into_iter()
            .find(|l| l.unit == u.code);
        (
            latest,
            ledger.history(period)?.remove(&u.code).unwrap_or_default(),
        )
    };
    let mut findings = Vec::new();
    for v in &history {
        findings.push(desk.ledger().version_findings(v)?);
    }
    let counting = latest.as_ref().map(|l| l.version);
    Ok(html! {
        h2 { "Các bản đã nhận" }
        @if history.is_empty() { p { "Đơn vị chưa gửi bản nào cho kỳ này." } }
        @for (v, f) in history.iter().zip(&findings).rev() {
            section.card {
                h2 { "Bản " (v.version) ": " (v.file_name)
                     @if counting == Some(v.version) { " " span.tag.green { "đang dùng" } } }
                p.muted { "Nhận ngày " (page::date(v.received)) " (ghi lúc " (v.recorded_at) "), từ " (v.source) " " (v.origin)
                          @if let Some(d) = v.report_date { "; ngày báo cáo " (page::date(d)) } }
                p { "Tình trạng: " strong { (v.review.label()) }
                    @match &v.review {
                        Review::Returned { reason, by } => { " (" (by) "): " em { (reason) } }
                        Review::Accepted { by } => { " (" (by) ")" }
                        Review::Received => {}
                    } }
                (page::findings(f))
                form method="post" action={ "/van-phong/don-vi/" (u.code) "/xet" } {
                    input type="hidden" name="csrf" value=(office.csrf);
                    input type="hidden" name="ky" value=(period.id());
                    input type="hidden" name="ban" value=(v.version);
                    label for={ "ly-do-" (v.version) } { "Lý do trả lại (đơn vị sẽ thấy)" }
                    textarea id={ "ly-do-" (v.version) } name="ly_do" rows="2" {}
                    p { button name="viec" value="tra-lai" { "Trả lại" } " " button name="viec" value="chap-nhan" { "Chấp nhận" } }
                }
            }
        }
        @if let Some(l) = &latest {
            h2 { "Số liệu của bản đang dùng (bản " (l.version) ")" }
            div.scroll { table {
                tr { th { "Mã" } th { "Chỉ số" } th { "Giá trị" } th { "Ghi chú" } }
                @for f in &l.content.figures {
                    tr { td { (f.element) } td { (p.element(&f.element).map_or("", |e| e.name.as_str())) }
                         td { (value_text(&f.value)) } td { (f.note) } }
                }
            } }
            h2 { "Nhiệm vụ" }
            div.scroll { table {
                tr { th { "Mã" } th { "Tình trạng" } th { "Kết quả" } th { "Khó khăn" } }
                @for t in &l.content.tasks {
                    tr { td { (t.task) } td { (t.status.map_or("", |s| s.label())) } td { (t.result) } td { (t.difficulties) } }
                }
            } }
            h2 { "Thuyết minh" }
            @for (_, label, text) in l.content.narrative.fields() {
                @if !text.is_empty() { p { strong { (label) ": " } (text) } }
            }
        }
    })
}

/// The colour of a status: green met, amber on the way or behind the trajectory, red not
/// met, grey no data.
fn colour(s: Status) -> &'static str {
    match s {
        Status::Vuot | Status::Dat | Status::DungHan => "green",
        Status::DungLoTrinh | Status::ChamLoTrinh | Status::ChuaDenHan => "amber",
        Status::ChuaDat | Status::QuaHan => "red",
        Status::ChuaCoSoLieu => "grey",
    }
}

/// A small line chart of a target's values over the years (and the period's own value),
/// drawn on the server; None with fewer than two points.
pub fn sparkline(points: &[(String, f64)]) -> Option<Markup> {
    if points.len() < 2 {
        return None;
    }
    let (w, h, pad) = (120.0, 28.0, 3.0);
    let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = (w - 2.0 * pad) / (points.len() - 1) as f64;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let y = if hi > lo {
                h - pad - (v - lo) / span * (h - 2.0 * pad)
            } else {
                h / 2.0
            };
            (pad + i as f64 * step, y)
        })
        .collect();
    let line: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let title: Vec<String> = points
        .iter()
        .map(|(k, v)| format!("{k}: {}", vn::number(*v, 2)))
        .collect();
    Some(html! {
        svg.spark width="120" height="28" viewBox="0 0 120 28" role="img" aria-label=(title.join("; ")) {
            title { (title.join("; ")) }
            polyline points=(line.join(" ")) fill="none" stroke="#0d3b66" stroke-width="1.5" {}
            @for (x, y) in &xy { circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="1.8" fill="#0d3b66" {} }
        }
    })
}

fn target_points(t: &TargetResult, period: Period) -> Vec<(String, f64)> {
    let mut points: Vec<(String, f64)> =
        t.annual.iter().map(|(y, v)| (y.to_string(), *v)).collect();
    if !period.is_full_year()
        && let Some(v) = t.current.value
    {
        points.push((period.id(), v));
    }
    points
}

async fn targets(
    State(desk): State<Shared>,
    office: Office,
    Query(q): Query<Ky>,
) -> Result<Html<String>, WebError> {
    blocking(move || {
        let period = period_of(&desk, &q)?;
        let p = &desk.programme;
        let c = shell::consolidate(p, &desk.ledger(), period, desk.now().date())?;
        let body = html! {
            div.scroll { table {
                tr { th { "Chỉ tiêu" } th { "Giá trị" } th { "Đánh giá" } th { "Qua các năm" } th { "Đơn vị chưa có số liệu" } }
                @for t in &c.targets {
                    @let target = p.targets.iter().find(|x| x.code == t.code);
                    tr {
                        td { strong { (t.code) } " " (target.map_or("", |x| x.name.as_str())) }
                        td { @if let Some(v) = t.evaluation.value { (vn::number(v, 2)) " " (target.map_or("", |x| x.measure.as_str())) } @else { "–" } }
                        td { span class={ "tag " (colour(t.evaluation.status)) } { (t.evaluation.status.label()) }
                             @if let Some(v) = t.evaluation.verdict { br; span.muted { (v.label()) } } }
                        td { @if let Some(svg) = sparkline(&target_points(t, period)) { (svg) } }
                        td { (t.current.missing.iter().map(|u| p.unit_name(u).to_string()).collect::<Vec<_>>().join("; ")) }
                    }
                }
            } }
        };
        Ok(page(&format!("Chỉ tiêu — {}", period.name(&p.periods)), Some(&office.nav(period)), body))
    })
    .await
}

/// A task overdue or due soon, as the tasks page lists it.
struct DueTask {
    title: String,
    label: &'static str,
    colour: &'static str,
    due: Option<NaiveDate>,
}

/// How many days ahead "due soon" looks.
const DUE_SOON_DAYS: i64 = 30;

async fn tasks(
    State(desk): State<Shared>,
    office: Office,
    Query(q): Query<Ky>,
) -> Result<Html<String>, WebError> {
    blocking(move || {
        let period = period_of(&desk, &q)?;
        let p = &desk.programme;
        let today = desk.now().date();
        let c = shell::consolidate(p, &desk.ledger(), period, today)?;
        let mut by_lead: std::collections::BTreeMap<String, Vec<DueTask>> =
            Default::default();
        for t in &c.tasks {
            let done = matches!(t.state, TaskState::Done | TaskState::DoneLate | TaskState::Ongoing);
            let (label, colour) = match t.due {
                _ if t.state == TaskState::Overdue => ("Quá hạn", "red"),
                Some(d) if d < today && !done => ("Quá hạn", "red"),
                Some(d) if !done && (d - today).num_days() <= DUE_SOON_DAYS => ("Sắp đến hạn", "amber"),
                _ => continue,
            };
            let task = p.tasks.iter().find(|x| x.code == t.code);
            let lead = task
                .and_then(|x| x.lead.as_deref())
                .map_or_else(|| "Chưa rõ đơn vị chủ trì".to_string(), |l| p.unit_ref_name(l));
            let title = format!("{} {}", t.code, task.map_or("", |x| x.title.as_str()));
            by_lead.entry(lead).or_default().push(DueTask {
                title,
                label,
                colour,
                due: t.due,
            });
        }
        let body = html! {
            p { "Nhiệm vụ quá hạn và sắp đến hạn (trong " (DUE_SOON_DAYS) " ngày tới, tính từ " (page::date(today)) "), theo đơn vị chủ trì." }
            @if by_lead.is_empty() { p.ok { "Không có nhiệm vụ quá hạn hay sắp đến hạn." } }
            @for (lead, list) in &by_lead {
                h2 { (lead) }
                ul { @for DueTask { title, label, colour, due } in list {
                    li { span class={ "tag " (colour) } { (label) } " " (title)
                         @if let Some(d) = due { span.muted { " — hạn " (page::date(*d)) } } }
                } }
            }
        };
        Ok(page(&format!("Nhiệm vụ — {}", period.name(&p.periods)), Some(&office.nav(period)), body))
    })
    .await
}

async fn report_form(
    State(desk): State<Shared>,
    office: Office,
    Query(q): Query<Ky>,
) -> Result<Html<String>, WebError> {
    blocking(move || {
        let period = period_of(&desk, &q)?;
        let p = &desk.programme;
        let date = shell::default_report_date(p, period);
        let body = html! {
            form.card method="get" action="/van-phong/bao-cao/tai" {
                input type="hidden" name="csrf" value=(office.csrf);
                label for="ky" { "Kỳ báo cáo (loại báo cáo theo kỳ: 2026-H1 sáu tháng, 2026 năm, midterm sơ kết giữa nhiệm kỳ, endterm tổng kết)" }
                input #ky name="ky" value=(period.id()) required;
                label for="ho-so" { "Thể thức" }
                select #ho-so name="ho_so" {
                    option value="dang" { "Văn bản của Đảng (dang)" }
                    option value="nha-nuoc" { "Văn bản hành chính nhà nước (nha-nuoc)" }
                }
                label for="so" { "Số văn bản (để trống nếu văn thư điền)" }
                input #so name="so" inputmode="numeric";
                label for="ngay" { "Ngày báo cáo" }
                input #ngay name="ngay" type="date" value=(date.to_string());
                label { input type="checkbox" name="de_trong_ngay" value="1"; " Để trống ngày, tháng cho văn thư" }
                label { input type="checkbox" name="du_thao" value="1"; " Đánh dấu DỰ THẢO" }
                p { button name="tep" value="docx" { "Tải DOCX" } " " button name="tep" value="pdf" { "Tải PDF" } " "
                    button name="tep" value="xlsx" { "Tải bảng tổng hợp (XLSX)" } }
            }
            p.muted { "Các tệp giống hệt tệp lệnh " code { "baocao report" } " tạo ra với cùng sổ dữ liệu, kỳ, thể thức, số và ngày." }
        };
        Ok(page(&format!("Báo cáo — {}", period.name(&p.periods)), Some(&office.nav(period)), body))
    })
    .await
}

#[derive(Deserialize)]
struct ReportQuery {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ky: String,
    #[serde(default)]
    ho_so: String,
    #[serde(default)]
    so: String,
    #[serde(default)]
    ngay: String,
    #[serde(default)]
    de_trong_ngay: Option<String>,
    #[serde(default)]
    du_thao: Option<String>,
    #[serde(default)]
    tep: String,
}

fn report_options(desk: &Desk, q: &ReportQuery) -> Result<(Period, Options), WebError> {
    let bad = |m: &str| WebError::BadRequest(m.to_string());
    let period: Period = q.ky.parse().map_err(|_| bad("kỳ báo cáo không hợp lệ"))?;
    let profile: ProfileKind = q.ho_so.parse().map_err(|_| bad("thể thức không hợp lệ"))?;
    let number = match q.so.trim() {
        "" => None,
        s => Some(
            s.parse()
                .map_err(|_| bad("số văn bản phải là số nguyên dương"))?,
        ),
    };
    let date = match q.ngay.trim() {
        "" => shell::default_report_date(&desk.programme, period),
        s => s
            .parse()
            .map_err(|_| bad("ngày báo cáo phải viết dạng YYYY-MM-DD"))?,
    };
    Ok((
        period,
        Options {
            profile,
            number,
            date,
            open_date: q.de_trong_ngay.is_some(),
            draft: q.du_thao.is_some(),
        },
    ))
}

async fn report_file(
    State(desk): State<Shared>,
    office: Office,
    Client(client): Client,
    Query(q): Query<ReportQuery>,
) -> Result<Response, WebError> {
    office.check(&q.csrf)?;
    blocking(move || {
        let (period, opts) = report_options(&desk, &q)?;
        let which = match q.tep.as_str() {
            "docx" => 0,
            "pdf" => 1,
            "xlsx" => 2,
            _ => return Err(WebError::BadRequest("loại tệp không hợp lệ".into())),
        };
        let names = Rendered::names(period, opts.profile);
        let r = {
            let ledger = desk.ledger();
            let p = &desk.programme;
            shell::render_report(p, &ledger, &desk.paths, period, &opts, &names[2])?
        };
        let name = names[which].clone();
        let (mime, bytes) = match which {
            0 => (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                r.docx,
            ),
            1 => ("application/pdf", r.pdf),
            _ => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                r.xlsx,
            ),
        };
        desk.audit(
            &format!("user:{}", office.user),
            "lập báo cáo",
            &name,
            &client,
        )?;
        Ok((
            [
                (header::CONTENT_TYPE, mime.to_string()),
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
