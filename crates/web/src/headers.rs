//! Security headers on every response, set once as a layer so that no page can forget them.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts and styles only from the binary's own assets (no inline script or style: the pages
/// keep their behaviour in `assets/app.js` and their looks in `assets/app.css`); images may be
/// `data:` (Bootstrap draws its select arrows so); nobody frames a page (clickjacking of the
/// buyer's 确认订单 button or any staff action); forms post only to this site.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Swagger UI sets styles from its own script bundle through `style` attributes.
const CSP_API_DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers of every response. Pages, exports and API answers carry personal data and
/// dealership PCs are shared: nothing but the static assets is stored by the browser. The link
/// of the buyer's page is its secret: no page sends a `Referer`. With `hsts` (the site is served
/// over HTTPS) browsers are told to keep it so.
pub async fn security_headers(hsts: bool, req: Request, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/docs");
    let asset = req.uri().path().starts_with("/assets/") || req.uri().path() == "/favicon.ico";
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, if docs { CSP_API_DOCS } else { CSP });
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    if !asset {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    if hsts {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    res
}
