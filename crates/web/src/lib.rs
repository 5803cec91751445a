//! The web layer: HTML pages (askama + htmx), the JSON API under `/api/v1`, and operations
//! endpoints. Handlers parse input, call `app` use cases on the blocking pool, and map errors once.

pub mod api;
mod assets;
mod capabilities;
mod error;
mod extract;
mod headers;
mod html;
pub mod i18n;
mod menu;
mod ops;
mod query;
mod registry;
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
    /// Reverse proxies whose `X-Forwarded-For` is believed; from anyone else the header is
    /// ignored and the connection's address is the client's (a header anyone can write).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl WebConfig {
    /// The client's address: the TCP peer, or, when the peer is a trusted proxy, the last address
    /// of `X-Forwarded-For` that is not itself a trusted proxy (the one the proxies saw).
    pub fn client_address(&self, ext: &axum::http::Extensions, headers: &axum::http::HeaderMap) -> String {
        let peer = ext.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
        let Some(peer) = peer else { return String::new() };
        if !self.trusted_proxies.contains(&peer) {
            return peer.to_string();
        }
        let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
        forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .rev()
            .filter_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .find(|a| !self.trusted_proxies.contains(a))
            .unwrap_or(peer)
            .to_string()
    }
}

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub metrics: Option<PrometheusHandle>,
    /// The pages a refused panel form returns to.
    pages: &'static html::panels::Pages,
    /// Every capability's web declarations (`capabilities::ALL`).
    pub(crate) web: &'static [&'static registry::Web],
    /// Their menu entries, for every page's menu.
    pub(crate) menu: Arc<[&'static menu::MenuEntry]>,
}

impl AppState {
    pub fn new(app: App, config: Arc<WebConfig>, metrics: Option<PrometheusHandle>) -> Self {
        debug_assert_eq!(registry::problems(capabilities::ALL), Vec::<String>::new());
        let menu = capabilities::ALL.iter().flat_map(|w| w.menu.iter()).collect();
        Self { app, config, metrics, pages: &html::PAGES, web: capabilities::ALL, menu }
    }

    /// The boxes the capabilities show on the order page, in their registration order.
    pub(crate) fn order_panels(&self) -> Vec<&'static html::panels::OrderPanel> {
        self.web.iter().flat_map(|w| w.order_panels.iter().copied()).collect()
    }

    /// The boxes the capabilities show on the repair order page, in their registration order.
    pub(crate) fn repair_order_panels(&self) -> Vec<&'static html::panels::RepairOrderPanel> {
        self.web.iter().flat_map(|w| w.repair_order_panels.iter().copied()).collect()
    }

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
        // The largest body: a PDI photo. Every other body keeps axum's 2 MB (`DefaultBodyLimit`,
        // raised only on the photo routes) and the session layer's for forms.
        .layer(RequestBodyLimitLayer::new(domain::delivery::photo::MAX_BYTES + 256 * 1024))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

#[cfg(test)]
mod client_address_tests {
    use super::WebConfig;
    use axum::extract::ConnectInfo;
    use axum::http::{Extensions, HeaderMap, HeaderValue};

    fn ask(config: &WebConfig, peer: &str, forwarded: Option<&str>) -> String {
        let mut ext = Extensions::new();
        ext.insert(ConnectInfo::<std::net::SocketAddr>(format!("{peer}:40000").parse().unwrap()));
        let mut headers = HeaderMap::new();
        if let Some(f) = forwarded {
            headers.insert("x-forwarded-for", HeaderValue::from_str(f).unwrap());
        }
        config.client_address(&ext, &headers)
    }

    #[test]
    fn a_forwarded_address_counts_only_from_a_trusted_proxy() {
        let direct = WebConfig { secure_cookies: false, trusted_proxies: Vec::new() };
        // Anyone can write the header: without a trusted proxy the connection's address counts.
        assert_eq!(ask(&direct, "198.51.100.7", Some("203.0.113.66")), "198.51.100.7");
        assert_eq!(ask(&direct, "198.51.100.7", None), "198.51.100.7");
        let proxied = WebConfig { secure_cookies: false, trusted_proxies: vec!["10.0.0.2".parse().unwrap()] };
        assert_eq!(ask(&proxied, "10.0.0.2", Some("203.0.113.66")), "203.0.113.66");
        // A client's own forged entry comes first; the proxy appends the address it saw.
        assert_eq!(ask(&proxied, "10.0.0.2", Some("203.0.113.66, 198.51.100.9")), "198.51.100.9");
        assert_eq!(ask(&proxied, "10.0.0.2", Some("garbage")), "10.0.0.2");
        // A client that is not the proxy cannot claim another address.
        assert_eq!(ask(&proxied, "198.51.100.7", Some("203.0.113.66")), "198.51.100.7");
        assert_eq!(direct.client_address(&Extensions::new(), &HeaderMap::new()), "");
    }
}
