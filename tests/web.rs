//! The web desk at the HTTP level, in process (`tower::ServiceExt::oneshot`): every page and
//! action, and every refusal (a wrong or revoked link, another unit's data, a missing CSRF
//! token, an oversize upload, a hostile workbook, a period not open, too many sign-ins).
//! The clock is fixed at 18/6/2026 09:00, before the 2026-H1 deadline of 20/6/2026
//! (seeds/periods.toml, `[half-year] deadline = "06-20"`).

mod common;

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use baocao::model::period::Period;
use baocao::shell::ledger::Ledger;
use baocao::shell::{self, Paths};
use baocao::web::{self, Desk, auth};
use chrono::NaiveDate;
use tower::ServiceExt;

const BXD: &str = "b1d0000000000000000000000000000000000000000000000000000000000001";
const CA: &str = "ca00000000000000000000000000000000000000000000000000000000000002";
const PASSWORD: &str = "mat-khau-van-phong";

struct World {
    app: axum::Router,
    desk: Arc<Desk>,
    _dir: tempfile::TempDir,
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 6, 18)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn h1() -> Period {
    "2026-H1".parse().unwrap()
}

/// A desk over a fresh ledger: one office user, links for BXD and CA, 2026-H1 open.
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        seeds: "seeds".into(),
        templates: "templates".into(),
        ledger: dir.path().join("baocao.sqlite"),
    };
    let p = paths.programme().unwrap();
    let mut ledger = Ledger::open(&paths.ledger).unwrap();
    ledger
        .set_user("vanphong", &auth::hash_password(PASSWORD).unwrap(), now())
        .unwrap();
    ledger
        .issue_link("BXD", &auth::token_hash(BXD), now())
        .unwrap();
    ledger
        .issue_link("CA", &auth::token_hash(CA), now())
        .unwrap();
    ledger.open_period(h1(), "test", now()).unwrap();
    let desk = Arc::new(Desk::with(p, paths, ledger, Box::new(now)));
    World {
        app: web::router(desk.clone()),
        desk,
        _dir: dir,
    }
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(w: &World, req: Request<Body>) -> Got {
    let res = w.app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Got {
        status,
        headers,
        body,
    }
}

async fn get(w: &World, path: &str, cookie: Option<&str>) -> Got {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    send(w, r.body(Body::empty()).unwrap()).await
}

async fn post_form(w: &World, path: &str, cookie: Option<&str>, form: &str) -> Got {
    let mut r = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    send(w, r.body(Body::from(form.to_string())).unwrap()).await
}

fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "xYz-baocao";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads `bytes` as `name` through a unit's link, with the link's CSRF token.
async fn upload(w: &World, token: &str, name: &str, bytes: &[u8]) -> Got {
    upload_with(w, token, &auth::unit_csrf(token), "2026-H1", name, bytes).await
}

async fn upload_with(
    w: &World,
    token: &str,
    csrf: &str,
    period: &str,
    name: &str,
    bytes: &[u8],
) -> Got {
    let (ct, body) = multipart(&[("csrf", csrf), ("ky", period)], Some((name, bytes)));
    let r = Request::post(format!("/don-vi/{token}/nop"))
        .header("content-type", ct)
        .body(Body::from(body))
        .unwrap();
    send(w, r).await
}

fn sample(unit: &str) -> Vec<u8> {
    std::fs::read(Path::new("inputs/2026-H1").join(format!("2026-H1_{unit}.xlsx"))).unwrap()
}

/// The sign-in form's cookie (`baocao_csrf=…`) and the CSRF token it carries.
async fn sign_in_form(w: &World) -> (String, String) {
    let form = get(w, "/van-phong/dang-nhap", None).await;
    let set = form.headers.get("set-cookie").unwrap().to_str().unwrap();
    let pre = set.split(';').next().unwrap().to_string();
    let csrf = pre.split_once('=').unwrap().1.to_string();
    (pre, csrf)
}

/// Signs in; returns the session cookie and the session's CSRF token (read from a page).
async fn sign_in(w: &World) -> (String, String) {
    let (pre, csrf) = sign_in_form(w).await;
    let r = post_form(
        w,
        "/van-phong/dang-nhap",
        Some(&pre),
        &format!("csrf={csrf}&ten=vanphong&mat_khau={PASSWORD}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let cookie = r
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let session = cookie.split(';').next().unwrap().to_string();
    let page = get(w, "/van-phong", Some(&session)).await;
    let text = page.text();
    let at = text.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let token = text[at..at + 64].to_string();
    (session, token)
}

#[tokio::test]
async fn a_units_page_shows_its_open_period_with_the_deadline_and_its_workbook_link() {
    let w = world();
    let r = get(&w, &format!("/don-vi/{BXD}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(t.contains("Hạn gửi: <strong>20/6/2026</strong>"), "{t}");
    assert!(t.contains(&format!("/don-vi/{BXD}/bieu/2026-H1")));
    assert!(t.contains("2026-H1_BXD.xlsx"));
}

#[tokio::test]
async fn every_response_carries_the_content_security_policy() {
    let w = world();
    for path in [
        "/van-phong/dang-nhap",
        &format!("/don-vi/{BXD}"),
        "/don-vi/sai",
        "/tep/style.css",
    ] {
        let r = get(&w, path, None).await;
        let csp = r
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}");
        assert_eq!(r.headers.get("x-frame-options").unwrap(), "DENY");
    }
}

#[tokio::test]
async fn a_wrong_token_finds_nothing() {
    let w = world();
    for path in [
        "/don-vi/sai".to_string(),
        format!("/don-vi/{}", &BXD[..63]),
        "/don-vi/sai/bieu/2026-H1".to_string(),
    ] {
        assert_eq!(
            get(&w, &path, None).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let r = upload(&w, "sai", "x.xlsx", &sample("BXD")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_rotated_or_revoked_link_stops_working() {
    let w = world();
    let new = auth::token().unwrap();
    w.desk
        .ledger()
        .issue_link("BXD", &auth::token_hash(&new), now())
        .unwrap();
    assert_eq!(
        get(&w, &format!("/don-vi/{BXD}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&w, &format!("/don-vi/{new}"), None).await.status,
        StatusCode::OK
    );
    assert!(w.desk.ledger().revoke_link("BXD", now()).unwrap());
    assert_eq!(
        get(&w, &format!("/don-vi/{new}"), None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_workbook_downloaded_is_the_units_own_for_the_period() {
    let w = world();
    let r = get(&w, &format!("/don-vi/{BXD}/bieu/2026-H1"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("2026-H1_BXD.xlsx")
    );
    // Read back by the ingest: its hidden identity names BXD and 2026-H1.
    let (book, _) = baocao::intake::ingest::read_book("x.xlsx", &r.body).unwrap();
    let parsed = baocao::intake::ingest::interpret(
        &w.desk.programme,
        "x.xlsx",
        &book,
        &Default::default(),
        &|_, _| Default::default(),
    )
    .unwrap();
    assert_eq!(parsed.identity.unit, "BXD");
    assert_eq!(parsed.identity.period, h1());
    // A period that is not open has no workbook.
    let r = get(&w, &format!("/don-vi/{BXD}/bieu/2027-H1"), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_upload_is_recorded_with_its_provenance_and_its_findings_shown_at_once() {
    let w = world();
    let r = upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(
        t.contains("Kết quả gửi tệp «2026-H1_BXD.xlsx»: nhận"),
        "{t}"
    );
    let history = w.desk.ledger().history(h1()).unwrap();
    let v = &history["BXD"][0];
    assert_eq!(
        (v.version, v.source.as_str(), v.origin.as_str()),
        (1, "link:BXD", "?")
    );
    assert_eq!(v.received, now().date());
    // The same file again changes nothing.
    let r = upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    assert!(r.text().contains("đã có, bỏ qua"));
}

#[tokio::test]
async fn a_finding_is_shown_by_sheet_and_cell_in_the_clis_words() {
    let w = world();
    // A workbook whose figure cell holds text: the reader names sheet and cell.
    let p = &w.desk.programme;
    let content = baocao::model::submission::Content::default();
    let code = p
        .elements
        .iter()
        .find(|e| {
            e.reported_by.iter().any(|r| r == "BXD")
                && matches!(e.kind, baocao::model::programme::ValueKind::Count)
        })
        .map(|e| e.code.clone());
    let Some(code) = code else {
        panic!("BXD reports no whole-number figure")
    };
    let bytes = common::filled(
        p,
        "BXD",
        h1(),
        now().date(),
        &content,
        &[(code, "mười hai".into())],
    );
    let r = upload(&w, BXD, "bxd.xlsx", &bytes).await;
    let t = r.text();
    let outcome = {
        let l = w.desk.ledger();
        let v = &l.history(h1()).unwrap()["BXD"][0];
        l.version_findings(v).unwrap()
    };
    let bad = outcome
        .iter()
        .find(|f| f.code == "bad-value")
        .expect("a bad-value finding");
    assert!(bad.cell.is_some() && bad.sheet.is_some());
    // The page prints the finding exactly as `baocao ingest` does (Finding's Display).
    let escaped = bad
        .to_string()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(t.contains(&escaped), "{t}");
    assert!(t.contains(&format!("ô {}", bad.cell.as_deref().unwrap())));
}

#[tokio::test]
async fn another_units_workbook_through_a_link_is_refused_and_recorded_for_no_one() {
    let w = world();
    let r = upload(&w, BXD, "2026-H1_CA.xlsx", &sample("CA")).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(t.contains("từ chối"), "{t}");
    assert!(w.desk.ledger().history(h1()).unwrap().is_empty());
}

#[tokio::test]
async fn a_units_page_shows_nothing_of_another_unit() {
    let w = world();
    upload(&w, CA, "bao-cao-cong-an.xlsx", &sample("CA")).await;
    let t = get(&w, &format!("/don-vi/{BXD}"), None).await.text();
    assert!(!t.contains("bao-cao-cong-an.xlsx"));
    assert!(!t.contains("Các bản đã gửi"));
    let ca = w.desk.programme.unit("CA").unwrap().name.clone();
    assert!(!t.contains(&ca));
}

#[tokio::test]
async fn an_upload_without_the_csrf_token_is_forbidden() {
    let w = world();
    for csrf in ["", "sai", &auth::unit_csrf(CA)] {
        let r = upload_with(&w, BXD, csrf, "2026-H1", "x.xlsx", &sample("BXD")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{csrf}");
    }
    assert!(w.desk.ledger().history(h1()).unwrap().is_empty());
}

#[tokio::test]
async fn an_oversize_upload_is_refused_with_413() {
    let w = world();
    let big = vec![b'x'; web::UPLOAD_LIMIT + 1024];
    let r = upload(&w, BXD, "to.xlsx", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
}

#[tokio::test]
async fn a_hostile_workbook_is_refused_with_its_finding_and_the_desk_goes_on() {
    let w = world();
    // A zip that claims to be a workbook but holds random bytes, then plain garbage.
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    for bytes in [junk, b"<html>not a workbook</html>".to_vec()] {
        let r = upload(&w, BXD, "doc.xlsx", &bytes).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("từ chối"), "{}", r.text());
    }
    let r = upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    assert!(r.text().contains("nhận"));
}

#[tokio::test]
async fn an_upload_for_a_period_that_is_not_open_is_refused() {
    let w = world();
    let r = upload_with(
        &w,
        BXD,
        &auth::unit_csrf(BXD),
        "2027-H1",
        "x.xlsx",
        &sample("BXD"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = upload_with(
        &w,
        BXD,
        &auth::unit_csrf(BXD),
        "../../etc",
        "x.xlsx",
        &sample("BXD"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn uploads_beyond_the_limit_per_minute_are_refused_with_429() {
    let w = world();
    let mut last = StatusCode::OK;
    for _ in 0..=web::UPLOADS_PER_MINUTE {
        last = upload(&w, BXD, "x.xlsx", b"garbage").await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Another unit is not held back by BXD's count.
    assert_eq!(
        upload(&w, CA, "x.xlsx", b"garbage").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn office_pages_without_a_session_go_to_the_sign_in_page() {
    let w = world();
    for path in [
        "/van-phong",
        "/van-phong/don-vi/BXD",
        "/van-phong/chi-tieu",
        "/van-phong/nhiem-vu",
        "/van-phong/bao-cao",
        "/van-phong/nhat-ky",
        "/van-phong/bao-cao/tai?tep=pdf",
    ] {
        let r = get(&w, path, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.location(), "/van-phong/dang-nhap");
        let r = get(&w, path, Some("baocao_phien=gia-mao")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
    }
}

#[tokio::test]
async fn sign_in_sets_an_httponly_samesite_strict_session_cookie() {
    let w = world();
    let (pre, csrf) = sign_in_form(&w).await;
    let r = post_form(
        &w,
        "/van-phong/dang-nhap",
        Some(&pre),
        &format!("csrf={csrf}&ten=vanphong&mat_khau={PASSWORD}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let c = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        c.starts_with("baocao_phien=") && c.contains("HttpOnly") && c.contains("SameSite=Strict"),
        "{c}"
    );
}

#[tokio::test]
async fn sign_in_refuses_a_wrong_password_a_missing_csrf_token_and_too_many_tries() {
    let w = world();
    let (pre, csrf) = sign_in_form(&w).await;
    let wrong = post_form(
        &w,
        "/van-phong/dang-nhap",
        Some(&pre),
        &format!("csrf={csrf}&ten=vanphong&mat_khau=sai"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text().contains("không đúng"));
    assert!(wrong.headers.get("set-cookie").is_none());
    let unknown = post_form(
        &w,
        "/van-phong/dang-nhap",
        Some(&pre),
        &format!("csrf={csrf}&ten=ai&mat_khau={PASSWORD}"),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let no_csrf = post_form(
        &w,
        "/van-phong/dang-nhap",
        Some(&pre),
        &format!("ten=vanphong&mat_khau={PASSWORD}"),
    )
    .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let no_cookie = post_form(
        &w,
        "/van-phong/dang-nhap",
        None,
        &format!("csrf={csrf}&ten=vanphong&mat_khau={PASSWORD}"),
    )
    .await;
    assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
    let mut last = StatusCode::OK;
    for _ in 0..web::SIGN_IN_PER_MINUTE {
        last = post_form(
            &w,
            "/van-phong/dang-nhap",
            Some(&pre),
            &format!("csrf={csrf}&ten=vanphong&mat_khau=sai"),
        )
        .await
        .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_overview_shows_each_units_state_and_a_reminder_for_the_missing() {
    let w = world();
    upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    let (cookie, _) = sign_in(&w).await;
    let r = get(&w, "/van-phong?ky=2026-H1", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    let p = &w.desk.programme;
    let bxd = &p.unit("BXD").unwrap().name;
    let row = &t[t.find(&format!(">{bxd}</a>")).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Đúng hạn") || row.contains("Có lỗi"), "{row}");
    assert!(row.contains("18/6/2026"));
    let ca = &p.unit("CA").unwrap().name;
    let reminder = &t[t.find("<textarea").unwrap()..t.find("</textarea>").unwrap()];
    assert!(
        reminder.contains(ca.as_str()) && !reminder.contains(bxd.as_str()),
        "{reminder}"
    );
    assert!(reminder.contains("20/6/2026"));
}

#[tokio::test]
async fn returning_a_version_needs_the_csrf_token_and_a_reason_and_it_stops_counting() {
    let w = world();
    upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    let (cookie, csrf) = sign_in(&w).await;
    let path = "/van-phong/don-vi/BXD/xet";
    let r = post_form(
        &w,
        path,
        Some(&cookie),
        "ky=2026-H1&ban=1&viec=tra-lai&ly_do=thieu",
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post_form(
        &w,
        path,
        Some(&cookie),
        &format!("csrf={csrf}&ky=2026-H1&ban=1&viec=tra-lai&ly_do="),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = post_form(
        &w,
        path,
        Some(&cookie),
        &format!("csrf={csrf}&ky=2026-H1&ban=9&viec=tra-lai&ly_do=x"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let before =
        shell::consolidate(&w.desk.programme, &w.desk.ledger(), h1(), now().date()).unwrap();
    assert_eq!(
        before
            .units
            .iter()
            .find(|u| u.code == "BXD")
            .unwrap()
            .version,
        1
    );
    let reason = "S%E1%BB%91+%C4%91%E1%BA%A3ng+vi%C3%AAn+m%E1%BB%9Bi+ch%C6%B0a+%C4%91%C3%BAng"; // "Số đảng viên mới chưa đúng"
    let r = post_form(
        &w,
        path,
        Some(&cookie),
        &format!("csrf={csrf}&ky=2026-H1&ban=1&viec=tra-lai&ly_do={reason}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // Consolidation no longer counts it: the unit is missing again.
    let after =
        shell::consolidate(&w.desk.programme, &w.desk.ledger(), h1(), now().date()).unwrap();
    let bxd = after.units.iter().find(|u| u.code == "BXD").unwrap();
    assert_eq!(
        bxd.timeliness,
        baocao::report::consolidate::Timeliness::Missing
    );
    // The unit sees the reason; the overview says returned.
    let t = get(&w, &format!("/don-vi/{BXD}"), None).await.text();
    assert!(
        t.contains("Đã trả lại") && t.contains("Số đảng viên mới chưa đúng"),
        "{t}"
    );
    let t = get(&w, "/van-phong?ky=2026-H1", Some(&cookie)).await.text();
    assert!(t.contains("Đã trả lại"));
    // A correction counts again.
    let p = &w.desk.programme;
    let bytes = common::filled(p, "BXD", h1(), now().date(), &Default::default(), &[]);
    let r = upload(&w, BXD, "sua.xlsx", &bytes).await;
    assert!(r.text().contains("nhận"), "{}", r.text());
    let again = shell::consolidate(p, &w.desk.ledger(), h1(), now().date()).unwrap();
    assert_eq!(
        again
            .units
            .iter()
            .find(|u| u.code == "BXD")
            .unwrap()
            .version,
        2
    );
}

#[tokio::test]
async fn accepting_a_version_is_shown_to_the_office_and_the_unit() {
    let w = world();
    upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    let (cookie, csrf) = sign_in(&w).await;
    let r = post_form(
        &w,
        "/van-phong/don-vi/BXD/xet",
        Some(&cookie),
        &format!("csrf={csrf}&ky=2026-H1&ban=1&viec=chap-nhan"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let t = get(&w, "/van-phong/don-vi/BXD?ky=2026-H1", Some(&cookie))
        .await
        .text();
    assert!(t.contains("Đã chấp nhận") && t.contains("đang dùng"), "{t}");
    assert!(
        get(&w, &format!("/don-vi/{BXD}"), None)
            .await
            .text()
            .contains("Đã chấp nhận")
    );
    assert_eq!(
        get(&w, "/van-phong/don-vi/KHONG-CO?ky=2026-H1", Some(&cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn opening_and_closing_a_period_needs_the_csrf_token() {
    let w = world();
    let (cookie, csrf) = sign_in(&w).await;
    let r = post_form(&w, "/van-phong/ky", Some(&cookie), "ky=2027-H1&viec=mo").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post_form(
        &w,
        "/van-phong/ky",
        Some(&cookie),
        &format!("csrf={csrf}&ky=2027-H1&viec=mo"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        get(&w, &format!("/don-vi/{BXD}"), None)
            .await
            .text()
            .contains("6 tháng đầu năm 2027")
    );
    let r = post_form(
        &w,
        "/van-phong/ky",
        Some(&cookie),
        &format!("csrf={csrf}&ky=2027-H1&viec=dong"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !get(&w, &format!("/don-vi/{BXD}"), None)
            .await
            .text()
            .contains("6 tháng đầu năm 2027")
    );
    let r = post_form(
        &w,
        "/van-phong/ky",
        Some(&cookie),
        &format!("csrf={csrf}&ky=bad&viec=mo"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// The sample ledger: every sample workbook of inputs/ (2025 to 2028-H1).
fn sample_world() -> World {
    let w = world();
    {
        let mut l = w.desk.ledger();
        common::ingest_dir(&w.desk.programme, &mut l, Path::new("inputs"));
        l.open_period("2028-H1".parse().unwrap(), "test", now())
            .unwrap();
    }
    w
}

#[tokio::test]
async fn the_targets_board_colours_each_verdict_and_draws_a_chart_of_the_years() {
    let w = sample_world();
    let (cookie, _) = sign_in(&w).await;
    let r = get(&w, "/van-phong/chi-tieu?ky=2026-H1", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(t.contains("<svg class=\"spark\""), "no chart");
    // Met targets are green; the sample data has others too, in another colour.
    assert!(t.contains("tag green"));
    let colours = ["tag amber", "tag red", "tag grey"];
    assert!(colours.iter().any(|c| t.contains(c)), "only green");
    // Every target of the programme has a row.
    for target in &w.desk.programme.targets {
        assert!(
            t.contains(&format!("<strong>{}</strong>", target.code)),
            "{}",
            target.code
        );
    }
}

#[tokio::test]
async fn the_tasks_page_groups_overdue_and_due_soon_tasks_by_lead_unit() {
    let w = sample_world();
    let (cookie, _) = sign_in(&w).await;
    let r = get(&w, "/van-phong/nhiem-vu?ky=2026-H1", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let t = r.text();
    assert!(
        t.contains("Quá hạn") || t.contains("Sắp đến hạn") || t.contains("Không có nhiệm vụ"),
        "{t}"
    );
}

#[tokio::test]
async fn the_reports_pdf_docx_and_workbook_are_the_command_lines_bytes() {
    let w = sample_world();
    let (cookie, csrf) = sign_in(&w).await;
    let out = tempfile::tempdir().unwrap();
    let period: Period = "2028-H1".parse().unwrap();
    let opts = baocao::report::Options {
        profile: baocao::model::programme::ProfileKind::Dang,
        number: Some(15),
        date: NaiveDate::from_ymd_opt(2028, 6, 25).unwrap(),
        open_date: false,
        draft: true,
    };
    let cli = shell::report(
        &w.desk.programme,
        &w.desk.ledger(),
        &w.desk.paths,
        period,
        out.path(),
        &opts,
    )
    .unwrap();
    for (tep, file) in [("pdf", &cli.pdf), ("docx", &cli.docx), ("xlsx", &cli.xlsx)] {
        let q = format!(
            "/van-phong/bao-cao/tai?csrf={csrf}&ky=2028-H1&ho_so=dang&so=15&ngay=2028-06-25&du_thao=1&tep={tep}"
        );
        let r = get(&w, &q, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{tep}");
        assert!(
            r.body == std::fs::read(file).unwrap(),
            "{tep} differs from the CLI's"
        );
    }
    let r = get(
        &w,
        "/van-phong/bao-cao/tai?ky=2028-H1&ho_so=dang&tep=pdf",
        Some(&cookie),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = get(&w, "/van-phong/bao-cao?ky=2028-H1", Some(&cookie)).await;
    let date = shell::default_report_date(&w.desk.programme, period);
    assert!(
        r.text().contains(&format!("value=\"{date}\"")),
        "the form proposes the CLI's default report date"
    );
}

#[tokio::test]
async fn the_log_records_sign_ins_uploads_returns_and_reports() {
    let w = world();
    upload(&w, BXD, "2026-H1_BXD.xlsx", &sample("BXD")).await;
    let (cookie, csrf) = sign_in(&w).await;
    post_form(
        &w,
        "/van-phong/don-vi/BXD/xet",
        Some(&cookie),
        &format!("csrf={csrf}&ky=2026-H1&ban=1&viec=tra-lai&ly_do=x"),
    )
    .await;
    let t = get(&w, "/van-phong/nhat-ky", Some(&cookie)).await.text();
    for action in [
        "đăng nhập",
        "nộp tệp",
        "Đã trả lại",
        "link:BXD",
        "user:vanphong",
    ] {
        assert!(t.contains(action), "{action}");
    }
    let r = post_form(
        &w,
        "/van-phong/dang-xuat",
        Some(&cookie),
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&w, "/van-phong", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}
