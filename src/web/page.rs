//! The pages' frame, shared pieces and stylesheet. maud escapes every string it interpolates,
//! so text from a unit's workbook is data on every page.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use crate::model::diag::{Finding, Severity};
use crate::model::vn;

const STYLE: &str = include_str!("style.css");

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// A whole page: `nav` is the office's menu (None on a unit's page).
pub fn page(title: &str, nav: Option<&Nav>, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="vi" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · baocao" }
                    link rel="stylesheet" href="/tep/style.css";
                }
                body {
                    @if let Some(n) = nav { (menu(n)) }
                    main { h1 { (title) } (body) }
                }
            }
        }
        .into_string(),
    )
}

/// The office's menu: who is signed in, the period in view and the CSRF token of the
/// sign-out form.
pub struct Nav {
    pub user: String,
    pub period: String,
    pub csrf: String,
}

fn menu(n: &Nav) -> Markup {
    let q = format!("?ky={}", n.period);
    html! {
        nav {
            a href={ "/van-phong" (q) } { "Tổng quan" }
            a href={ "/van-phong/chi-tieu" (q) } { "Chỉ tiêu" }
            a href={ "/van-phong/nhiem-vu" (q) } { "Nhiệm vụ" }
            a href={ "/van-phong/bao-cao" (q) } { "Báo cáo" }
            a href="/van-phong/nhat-ky" { "Nhật ký" }
            form.inline method="post" action="/van-phong/dang-xuat" {
                input type="hidden" name="csrf" value=(n.csrf);
                button { "Đăng xuất (" (n.user) ")" }
            }
        }
    }
}

/// Findings as the command line prints them, one per line, errors marked.
pub fn findings(list: &[Finding]) -> Markup {
    html! {
        @if list.is_empty() {
            p.ok { "Không có lỗi hay cảnh báo." }
        } @else {
            ul.findings {
                @for f in list {
                    li class=(if f.severity == Severity::Error { "error" } else { "warning" }) {
                        (f.to_string())
                    }
                }
            }
        }
    }
}

pub fn date(d: chrono::NaiveDate) -> String {
    vn::short_date(d)
}

/// An error page with its status.
pub fn error(status: StatusCode, message: &str) -> Html<String> {
    page(
        &format!("Lỗi {}", status.as_u16()),
        None,
        html! { p.error { (message) } },
    )
}
