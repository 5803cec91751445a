//! Static assets, embedded in the binary so that it works offline on a dealer network.

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

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
    ("app.css", "text/css", asset!("app.css")),
    ("app.js", "text/javascript", asset!("app.js")),
];

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{*path}", get(serve))
}

async fn serve(Path(path): Path<String>) -> Response {
    match FILES.iter().find(|(p, _, _)| *p == path) {
        // Vendored files carry their version in the path, so they can be cached for long.
        Some((_, mime, bytes)) => {
            ([(header::CONTENT_TYPE, *mime), (header::CACHE_CONTROL, "public, max-age=86400")], *bytes).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
