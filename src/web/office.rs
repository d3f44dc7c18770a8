//! The office's pages: sign-in, the period overview, one unit's submission with return and
//! accept, the open periods and the log. Every page needs a session; every form carries the
//! session's CSRF token.

use axum::Form;
use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::{HeaderMap, header, request::Parts};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use maud::{Markup, html};
use serde::Deserialize;

use super::auth::{self, SESSION_LIFE, Session, same, token, token_hash, verify_password};
use super::page::{self, Nav, page};
use super::unit::open_periods;
use super::{Client, Desk, SIGN_IN_PER_MINUTE, Shared, WebError, blocking};
use crate::model::period::Period;
use crate::report::consolidate::Timeliness;
use crate::shell::desk::{Review, VersionRow};

const SESSION_COOKIE: &str = "baocao_phien";
const SIGN_IN_COOKIE: &str = "baocao_csrf";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/van-phong/dang-nhap", get(sign_in_form).post(sign_in))
        .route("/van-phong/dang-xuat", post(sign_out))
        .route("/van-phong", get(overview))
        .route("/van-phong/ky", post(periods))
        .route("/van-phong/don-vi/{unit}", get(submission))
        .route("/van-phong/don-vi/{unit}/xet", post(review))
        .route("/van-phong/nhat-ky", get(audit))
}

pub async fn home() -> Redirect {
    Redirect::to("/van-phong")
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A signed-in office user; without a live session, the request goes to the sign-in page.
pub struct Office {
    pub user: String,
    pub csrf: String,
}

impl Office {
    /// Refuses a form whose CSRF token is not the session's.
    pub fn check(&self, csrf: &str) -> Result<(), WebError> {
        if same(csrf, &self.csrf) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }
    pub fn nav(&self, period: Period) -> Nav {
        Nav {
            user: self.user.clone(),
            period: period.id(),
            csrf: self.csrf.clone(),
        }
    }
}

impl FromRequestParts<Shared> for Office {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, desk: &Shared) -> Result<Self, Response> {
        let to_sign_in = || Redirect::to("/van-phong/dang-nhap").into_response();
        let id = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(to_sign_in)?;
        let mut sessions = desk.sessions();
        let key = token_hash(&id);
        match sessions.get(&key) {
            Some(s) if s.expires > std::time::Instant::now() => Ok(Office {
                user: s.user.clone(),
                csrf: s.csrf.clone(),
            }),
            _ => {
                sessions.remove(&key);
                Err(to_sign_in())
            }
        }
    }
}

/// The period a page shows: `?ky=`, else the first open period, else this year's first half.
#[derive(Deserialize, Default)]
pub struct Ky {
    #[serde(default)]
    pub ky: Option<String>,
}

pub fn period_of(desk: &Desk, q: &Ky) -> Result<Period, WebError> {
    if let Some(k) = &q.ky {
        return k
            .parse()
            .map_err(|_| WebError::BadRequest(format!("kỳ báo cáo «{k}» không hợp lệ")));
    }
    Ok(open_periods(desk)?
        .first()
        .copied()
        .unwrap_or(Period::HalfYear {
            year: desk.now().year(),
        }))
}

async fn sign_in_form() -> Result<Response, WebError> {
    let csrf = token()?;
    let body = sign_in_page(&csrf, None);
    let cookie = format!("{SIGN_IN_COOKIE}={csrf}; HttpOnly; SameSite=Strict; Path=/van-phong");
    Ok(([(header::SET_COOKIE, cookie)], body).into_response())
}

fn sign_in_page(csrf: &str, message: Option<&str>) -> Html<String> {
    page(
        "Đăng nhập văn phòng",
        None,
        html! {
            @if let Some(m) = message { p.error { (m) } }
            form.card method="post" action="/van-phong/dang-nhap" {
                input type="hidden" name="csrf" value=(csrf);
                label for="ten" { "Tên đăng nhập" }
                input #ten name="ten" autocomplete="username" required;
                label for="mat-khau" { "Mật khẩu" }
                input #mat-khau name="mat_khau" type="password" autocomplete="current-password" required;
                p { button type="submit" { "Đăng nhập" } }
            }
        },
    )
}

#[derive(Deserialize)]
struct SignIn {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ten: String,
    #[serde(default)]
    mat_khau: String,
}

async fn sign_in(
    State(desk): State<Shared>,
    Client(client): Client,
    headers: HeaderMap,
    Form(f): Form<SignIn>,
) -> Result<Response, WebError> {
    desk.allow("sign-in", &client, SIGN_IN_PER_MINUTE)?;
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same(&f.csrf, &expected) {
        return Err(WebError::Csrf);
    }
    blocking(move || {
        let hash = desk.ledger().user_hash(&f.ten)?;
        // Verify against a dummy hash for unknown names, so timing does not tell who exists.
        let ok = match &hash {
            Some(h) => verify_password(&f.mat_khau, h),
            None => {
                verify_password(&f.mat_khau, dummy_hash());
                false
            }
        };
        if !ok {
            desk.audit(&format!("user:{}", f.ten), "đăng nhập sai", "", &client)?;
            let csrf = expected;
            return Ok((
                axum::http::StatusCode::UNAUTHORIZED,
                sign_in_page(&csrf, Some("Tên đăng nhập hoặc mật khẩu không đúng.")),
            )
                .into_response());
        }
        let id = token()?;
        let session = Session {
            user: f.ten.clone(),
            csrf: token()?,
            expires: std::time::Instant::now() + SESSION_LIFE,
        };
        desk.sessions().insert(token_hash(&id), session);
        desk.audit(&format!("user:{}", f.ten), "đăng nhập", "", &client)?;
        let cookie = format!(
            "{SESSION_COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
            SESSION_LIFE.as_secs()
        );
        Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/van-phong")).into_response())
    })
    .await
}

/// An argon2id hash of a random string, verified against when the user name is unknown.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        auth::token()
            .and_then(|t| auth::hash_password(&t))
            .unwrap_or_default()
    })
}

#[derive(Deserialize)]
pub struct Csrf {
    #[serde(default)]
    pub csrf: String,
}

async fn sign_out(
    State(desk): State<Shared>,
    office: Office,
    headers: HeaderMap,
    Client(client): Client,
    Form(f): Form<Csrf>,
) -> Result<Response, WebError> {
    office.check(&f.csrf)?;
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        desk.sessions().remove(&token_hash(&id));
    }
    blocking(move || desk.audit(&format!("user:{}", office.user), "đăng xuất", "", &client))
        .await?;
    let clear = format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    Ok((
        [(header::SET_COOKIE, clear)],
        Redirect::to("/van-phong/dang-nhap"),
    )
        .into_response())
}

/// A unit's state for the period, as the overview shows it.
fn unit_state(
    timeliness: Timeliness,
    versions: &[VersionRow],
    errors: u32,
) -> (&'static str, &'static str) {
    let returned = versions
        .last()
        .is_some_and(|v| matches!(v.review, Review::Returned { .. }));
    if returned {
        ("Đã trả lại", "amber")
    } else if timeliness != Timeliness::Missing && errors > 0 {
        ("Có lỗi", "red")
    } else {
        match timeliness {
            Timeliness::OnTime => ("Đúng hạn", "green"),
            Timeliness::Late => ("Muộn", "amber"),
            Timeliness::Missing => ("Chưa gửi", "grey"),
        }
    }
}

async fn overview(
    State(desk): State<Shared>,
    office: Office,
    Query(q): Query<Ky>,
) -> Result<Html<String>, WebError> {
    blocking(move || {
        let period = period_of(&desk, &q)?;
        let body = overview_body(&desk, &office, period)?;
        Ok(page(
            &format!("Tổng quan {}", period.name(&desk.programme.periods)),
            Some(&office.nav(period)),
            body,
        ))
    })
    .await
}

fn overview_body(desk: &Desk, office: &Office, period: Period) -> Result<Markup, WebError> {
    let p = &desk.programme;
    let today = desk.now().date();
    let (c, history) = {
        let ledger = desk.ledger();
        (
            crate::shell::consolidate(p, &ledger, period, today)?,
            ledger.history(period)?,
        )
    };
    let deadline = period.window(&p.periods).deadline;
    let mut behind = Vec::new();
    let rows: Vec<Markup> = c
        .units
        .iter()
        .map(|u| {
            let versions = history.get(&u.code).map(Vec::as_slice).unwrap_or(&[]);
            let (label, colour) = unit_state(u.timeliness, versions, u.errors);
            if matches!(label, "Chưa gửi" | "Đã trả lại") || u.timeliness == Timeliness::Late {
                behind.push(u.name.clone());
            }
            html! {
                tr {
                    td { a href={ "/van-phong/don-vi/" (u.code) "?ky=" (period.id()) } { (u.name) } }
                    td { span class={ "tag " (colour) } { (label) } }
                    td { @if let Some(d) = u.received { (page::date(d)) } }
                    td { (versions.len()) }
                    td { (u.errors) " lỗi, " (u.warnings) " cảnh báo" }
                }
            }
        })
        .collect();
    let reminder = reminder(desk, period, deadline, &behind);
    let open = open_periods(desk)?;
    Ok(html! {
        p { "Hạn gửi: " (page::date(deadline)) ". Đã nhận " (c.units.len() - c.count(Timeliness::Missing))
            "/" (c.units.len()) " đơn vị; muộn " (c.count(Timeliness::Late)) "; chưa gửi " (c.count(Timeliness::Missing)) "." }
        div.scroll { table {
            tr { th { "Đơn vị" } th { "Tình trạng" } th { "Ngày nhận" } th { "Số bản" } th { "Kiểm tra (bản đang dùng)" } }
            @for r in &rows { (r) }
        } }
        h2 { "Nhắc các đơn vị chưa gửi, gửi muộn hoặc bị trả lại" }
        textarea readonly rows="6" { (reminder) }
        h2 { "Kỳ đang mở cho đơn vị gửi" }
        ul { @for k in &open { li {
            (k.name(&desk.programme.periods)) " "
            form.inline method="post" action="/van-phong/ky" {
                input type="hidden" name="csrf" value=(office.csrf);
                input type="hidden" name="ky" value=(k.id());
                input type="hidden" name="viec" value="dong";
                button { "Đóng kỳ" }
            }
        } } }
        form method="post" action="/van-phong/ky" {
            input type="hidden" name="csrf" value=(office.csrf);
            input type="hidden" name="viec" value="mo";
            label for="ky-moi" { "Mở kỳ (ví dụ 2026-H1, 2026, midterm)" }
            input #ky-moi name="ky" required;
            " " button { "Mở kỳ" }
        }
    })
}

/// The reminder text for the units still missing, late or returned.
fn reminder(desk: &Desk, period: Period, deadline: chrono::NaiveDate, names: &[String]) -> String {
    if names.is_empty() {
        return "Tất cả các đơn vị đã gửi báo cáo.".into();
    }
    format!(
        "Kính gửi: {}.\nVăn phòng Đảng ủy đề nghị các đồng chí gửi biểu số liệu {} (hạn gửi ngày {}) qua đường liên kết riêng của đơn vị; bản bị trả lại cần sửa theo lý do đã ghi và gửi lại.\nTrân trọng.",
        names.join("; "),
        period.name(&desk.programme.periods).to_lowercase(),
        page::date(deadline)
    )
}

#[derive(Deserialize)]
struct PeriodForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ky: String,
    #[serde(default)]
    viec: String,
}

async fn periods(
    State(desk): State<Shared>,
    office: Office,
    Client(client): Client,
    Form(f): Form<PeriodForm>,
) -> Result<Redirect, WebError> {
    office.check(&f.csrf)?;
    let period: Period =
        f.ky.parse()
            .map_err(|_| WebError::BadRequest(format!("kỳ báo cáo «{}» không hợp lệ", f.ky)))?;
    blocking(move || {
        let now = desk.now();
        let actor = format!("user:{}", office.user);
        match f.viec.as_str() {
            "mo" => desk.ledger().open_period(period, &actor, now)?,
            "dong" => desk.ledger().close_period(period)?,
            _ => return Err(WebError::BadRequest("thao tác không hợp lệ".into())),
        }
        let action = if f.viec == "mo" {
            "mở kỳ"
        } else {
            "đóng kỳ"
        };
        desk.audit(&actor, action, &period.id(), &client)?;
        Ok(Redirect::to(&format!("/van-phong?ky={}", period.id())))
    })
    .await
}

async fn submission(
    State(desk): State<Shared>,
    office: Office,
    Path(unit): Path<String>,
    Query(q): Query<Ky>,
) -> Result<Html<String>, WebError> {
    blocking(move || {
        let period = period_of(&desk, &q)?;
        let u = desk.programme.unit(&unit).ok_or(WebError::NotFound)?;
        let body = super::board::submission_body(&desk, &office, u, period)?;
        Ok(page(
            &format!("{} — {}", u.name, period.name(&desk.programme.periods)),
            Some(&office.nav(period)),
            body,
        ))
    })
    .await
}

#[derive(Deserialize)]
struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ky: String,
    #[serde(default)]
    ban: u32,
    #[serde(default)]
    viec: String,
    #[serde(default)]
    ly_do: String,
}

async fn review(
    State(desk): State<Shared>,
    office: Office,
    Path(unit): Path<String>,
    Client(client): Client,
    Form(f): Form<ReviewForm>,
) -> Result<Redirect, WebError> {
    office.check(&f.csrf)?;
    let period: Period =
        f.ky.parse()
            .map_err(|_| WebError::BadRequest("kỳ báo cáo không hợp lệ".into()))?;
    blocking(move || {
        let u = desk.programme.unit(&unit).ok_or(WebError::NotFound)?;
        let by = office.user.clone();
        let reason = f.ly_do.trim().to_string();
        let decision = match f.viec.as_str() {
            "tra-lai" if reason.is_empty() => {
                return Err(WebError::BadRequest("trả lại cần ghi lý do".into()));
            }
            "tra-lai" => Review::Returned { reason, by },
            "chap-nhan" => Review::Accepted { by },
            _ => return Err(WebError::BadRequest("thao tác không hợp lệ".into())),
        };
        let now = desk.now();
        if !desk
            .ledger()
            .review(&u.code, period, f.ban, &decision, now)?
        {
            return Err(WebError::NotFound);
        }
        desk.audit(
            &format!("user:{}", office.user),
            decision.label(),
            &format!("{} kỳ {} bản {}", u.code, period.id(), f.ban),
            &client,
        )?;
        Ok(Redirect::to(&format!(
            "/van-phong/don-vi/{}?ky={}",
            u.code,
            period.id()
        )))
    })
    .await
}

async fn audit(State(desk): State<Shared>, office: Office) -> Result<Html<String>, WebError> {
    blocking(move || {
        let period = period_of(&desk, &Ky::default())?;
        let rows = desk.ledger().audit_log(500)?;
        Ok(page(
            "Nhật ký",
            Some(&office.nav(period)),
            html! {
                div.scroll { table {
                    tr { th { "Lúc" } th { "Ai" } th { "Việc" } th { "Chi tiết" } th { "Từ" } }
                    @for r in &rows {
                        tr { td { (r.at) } td { (r.actor) } td { (r.action) } td { (r.detail) } td { (r.origin) } }
                    }
                } }
            },
        ))
    })
    .await
}
