//! Static assets, embedded in the binary so that it works offline on a dealer network.
//!
//! Pages link them by [`url`], which carries a hash of the content (`/assets/app.js?v=3f2a...`):
//! that URL is cached for a year, and an upgrade that changes a file changes its URL, so a
//! browser never runs yesterday's app.js. Every answer has an `ETag` for revalidation.

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

macro_rules! asset {
    ($path:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/", $path)).as_slice()
    };
}

const FILES: &[(&str, &str, &[u8])] = &[
    ("vendor/bootstrap-5.3.9/bootstrap.min.css", "text/css", asset!("vendor/bootstrap-5.3.9/bootstrap.min.css")),
    (
        "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
        "text/javascript",
        asset!("vendor/bootstrap-5.3.9/bootstrap.bundle.min.js"),
    ),
    ("vendor/htmx-2.0.11/htmx.min.js", "text/javascript", asset!("vendor/htmx-2.0.11/htmx.min.js")),
    (
        "vendor/signature_pad-5.1.4/signature_pad.umd.min.js",
        "text/javascript",
        asset!("vendor/signature_pad-5.1.4/signature_pad.umd.min.js"),
    ),
    ("app.css", "text/css", asset!("app.css")),
    ("app.js", "text/javascript", asset!("app.js")),
    ("favicon.svg", "image/svg+xml", asset!("favicon.svg")),
];

/// Each file's content hash (the first 16 hex digits of its SHA-256), in the order of `FILES`.
static VERSIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(_, _, bytes)| Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect())
        .collect()
});

fn find(path: &str) -> Option<(usize, &'static str, &'static [u8])> {
    FILES.iter().enumerate().find(|(_, (p, _, _))| *p == path).map(|(i, (_, mime, bytes))| (i, *mime, *bytes))
}

/// The address of an asset with its version, for the pages' `<link>` and `<script>` tags.
pub fn url(path: &str) -> String {
    match find(path) {
        Some((i, _, _)) => format!("/assets/{path}?v={}", VERSIONS[i]),
        None => format!("/assets/{path}"),
    }
}

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/assets/{*path}", get(serve))
        .route("/favicon.ico", get(|q, h| serve(Path("favicon.svg".to_string()), q, h)))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Version {
    v: Option<String>,
}

async fn serve(Path(path): Path<String>, Query(version): Query<Version>, headers: HeaderMap) -> Response {
    let Some((i, mime, bytes)) = find(&path) else {
        // An unknown asset is the console's "not found" page, in the reader's language.
        return crate::error::html_error(&app::AppError::NotFound, crate::error::locale_of_headers(&headers));
    };
    let current = &VERSIONS[i];
    let etag = format!("\"{current}\"");
    // The versioned address never changes content: a year. Any other asks the browser to check.
    let cache = if version.v.as_deref() == Some(current.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let common = [(header::ETAG, etag.clone()), (header::CACHE_CONTROL, cache.to_string())];
    if fresh {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (common, [(header::CONTENT_TYPE, mime)], bytes).into_response()
}
