//! The web layer: HTML pages (askama + htmx), the JSON API under `/api/v1`, and operations
//! endpoints. Handlers parse input, call `app` use cases on the blocking pool, and map errors once.

pub mod api;
mod assets;
mod error;
mod extract;
mod headers;
mod html;
pub mod i18n;
mod ops;
mod query;
mod session;

use app::App;
use axum::Router;
use metrics_exporter_prometheus::PrometheusHandle;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::WebError;

/// Web settings that are not the database's.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Set the `Secure` flag on cookies and send `Strict-Transport-Security` (served over HTTPS).
    pub secure_cookies: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub metrics: Option<PrometheusHandle>,
}

impl AppState {
    /// Runs a synchronous use case on the blocking pool (database work never blocks the executor).
    pub async fn run<T, F>(&self, f: F) -> Result<T, app::AppError>
    where
        T: Send + 'static,
        F: FnOnce(&App) -> Result<T, app::AppError> + Send + 'static,
    {
        let app = self.app.clone();
        tokio::task::spawn_blocking(move || f(&app))
            .await
            .unwrap_or_else(|e| Err(app::AppError::internal(format!("task failed: {e}"))))
    }
}

pub fn router(state: AppState) -> Router {
    let request_id = axum::http::HeaderName::from_static("x-request-id");
    let hsts = state.config.secure_cookies;
    Router::new()
        .merge(html::routes(state.clone()))
        .nest("/api/v1", api::routes(state.clone()))
        .merge(api::docs())
        .merge(ops::routes())
        .merge(assets::routes())
        .layer(axum::middleware::from_fn(error::reject_nul))
        .layer(axum::middleware::from_fn(move |req, next| headers::security_headers(hsts, req, next)))
        .layer(axum::middleware::from_fn(ops::track_metrics))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(2 * 1024 * 1024))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
