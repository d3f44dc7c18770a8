//! `baocao serve`: the office's web desk and each unit's upload page, a second front end on the
//! same shell as the command line (same ingest, same ledger, same report bytes).
//!
//! Server-rendered HTML (maud escapes every interpolated string), no JavaScript; sessions in
//! HttpOnly SameSite=Strict cookies, a CSRF token in every form, rate limits on sign-in and
//! uploads, a Content-Security-Policy on every response. No path is built from user input: a
//! period or unit code is parsed or looked up in the programme before use.

pub mod auth;
mod board;
mod office;
mod page;
mod unit;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDateTime;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::model::programme::Programme;
use crate::shell::Paths;
use crate::shell::ledger::{Ledger, LedgerError};
use auth::{Limits, Session};

/// The largest upload accepted (a unit's workbook is tens of kilobytes).
pub const UPLOAD_LIMIT: usize = 5 * 1024 * 1024;
/// Sign-in attempts per client address per minute.
pub const SIGN_IN_PER_MINUTE: u32 = 10;
/// Uploads per unit per minute.
pub const UPLOADS_PER_MINUTE: u32 = 20;

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Everything a request may need: the programme, the ledger (one connection; SQLite in WAL
/// serialises writers anyway), the sessions and the clock.
pub struct Desk {
    pub programme: Programme,
    pub paths: Paths,
    ledger: Mutex<Ledger>,
    sessions: Mutex<HashMap<String, Session>>,
    limits: Mutex<Limits>,
    clock: Box<dyn Fn() -> NaiveDateTime + Send + Sync>,
}

impl Desk {
    /// A desk over the ledger at `paths.ledger` (created when missing), with the local clock.
    pub fn open(paths: Paths) -> anyhow::Result<Desk> {
        let programme = paths.programme()?;
        let ledger = Ledger::open(&paths.ledger)?;
        Ok(Desk::with(
            programme,
            paths,
            ledger,
            Box::new(|| chrono::Local::now().naive_local()),
        ))
    }

    /// A desk with a given ledger and clock (tests fix the day).
    pub fn with(
        programme: Programme,
        paths: Paths,
        ledger: Ledger,
        clock: Box<dyn Fn() -> NaiveDateTime + Send + Sync>,
    ) -> Desk {
        Desk {
            programme,
            paths,
            ledger: Mutex::new(ledger),
            sessions: Mutex::new(HashMap::new()),
            limits: Mutex::new(Limits::default()),
            clock,
        }
    }

    pub fn now(&self) -> NaiveDateTime {
        (self.clock)()
    }

    pub fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sessions(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one event against a limit (see [`Limits::allow`]).
    fn allow(&self, bucket: &'static str, key: &str, max: u32) -> Result<(), WebError> {
        let ok = self
            .limits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .allow(bucket, key, max);
        if ok { Ok(()) } else { Err(WebError::TooMany) }
    }

    /// Writes a line of the audit log; a failure to log fails the request.
    fn audit(&self, actor: &str, action: &str, detail: &str, origin: &str) -> Result<(), WebError> {
        let now = self.now();
        self.ledger().audit(now, actor, action, detail, origin)?;
        Ok(())
    }
}

pub type Shared = Arc<Desk>;

/// Every route of the desk.
pub fn router(desk: Shared) -> Router {
    let security = |name: header::HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(office::home))
        .route("/tep/style.css", get(page::stylesheet))
        .merge(unit::routes())
        .merge(office::routes())
        .merge(board::routes())
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(security(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(security(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security(header::REFERRER_POLICY, "no-referrer"))
        .layer(security(header::X_FRAME_OPTIONS, "DENY"))
        .with_state(desk)
}

/// Serves the desk at `addr` until the process is stopped.
pub fn serve(desk: Desk, addr: SocketAddr) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        eprintln!("baocao serve: http://{}", listener.local_addr()?);
        let app = router(Arc::new(desk)).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).await?;
        Ok(())
    })
}

/// Serves the desk on a thread of its own at `addr` (port 0: any free port) and returns the
/// address it listens on; for tests and the load test. The server stops with the process.
pub fn start(desk: Desk, addr: SocketAddr) -> anyhow::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        rt.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            let app = router(Arc::new(desk)).into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, app).await;
        });
    });
    Ok(local)
}

/// Runs blocking work (SQLite, reading a workbook, rendering a report, argon2) off the
/// async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(anyhow::anyhow!("{e}")))?
}

/// The client's address, for the log and the rate limits ("?" when not known, as in tests
/// that call the router directly).
pub struct Client(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "?".to_string(), |c| c.0.ip().to_string()),
        ))
    }
}

/// Why a request was refused, mapped to its HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("không tìm thấy trang này (liên kết sai, đã đổi hoặc đã thu hồi)")]
    NotFound,
    #[error("yêu cầu không hợp lệ: thiếu hoặc sai mã bảo vệ biểu mẫu; tải lại trang rồi thử lại")]
    Csrf,
    #[error("quá nhiều yêu cầu trong một phút; chờ một lát rồi thử lại")]
    TooMany,
    #[error("tệp quá lớn (tối đa {} MB)", UPLOAD_LIMIT / 1024 / 1024)]
    TooLarge,
    #[error("{0}")]
    BadRequest(String),
    #[error("lỗi máy chủ: {0:#}")]
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for WebError {
    fn from(e: anyhow::Error) -> Self {
        WebError::Internal(e)
    }
}

impl From<LedgerError> for WebError {
    fn from(e: LedgerError) -> Self {
        WebError::Internal(e.into())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = match &self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let WebError::Internal(e) = &self {
            eprintln!("lỗi: {e:#}");
        }
        (status, page::error(status, &self.to_string())).into_response()
    }
}
