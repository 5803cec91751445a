use crate::support::*;
use axum::http::StatusCode;

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let t = TestApp::new().await;
    let mut c = t.client();
    assert_eq!(c.get("/healthz").await.body, "ok");
    let ready = c.get("/readyz").await;
    assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ready"));
    c.get("/login").await;
    let m = c.get("/metrics").await;
    assert_eq!(m.status, StatusCode::OK);
    assert!(m.body.contains("http_requests_total"), "{}", m.body);
    assert!(c.get("/assets/app.css").await.status.is_success());
    assert_eq!(c.get("/assets/nope.css").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn requests_carry_a_request_id() {
    let t = TestApp::new().await;
    let r = t.client().get("/healthz").await;
    assert!(r.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn the_database_backend_is_the_one_asked_for() {
    let t = TestApp::new().await;
    let expected = if backend_is_postgres() { storage::Backend::Postgres } else { storage::Backend::Sqlite };
    assert_eq!(t.app.database().backend(), expected);
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let tok = t.token_for("a.advisor1").await;
    let pages = [
        c.get("/login").await,
        c.get("/customers").await,
        c.get("/orders").await,
        c.get("/customers/export").await,
        c.get("/no-such-page").await,
        c.api(axum::http::Method::GET, "/api/v1/me", Some(&tok), None).await,
        c.get("/c/forged-link").await,
    ];
    for r in &pages {
        let h = |n: &str| r.headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let csp = h("content-security-policy");
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{} {csp}", r.status);
        assert!(!csp.contains("unsafe-inline"), "no inline script or style outside the API docs");
        assert_eq!(h("x-frame-options"), "DENY");
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("referrer-policy"), "no-referrer");
        assert_eq!(h("cache-control"), "no-store", "{}", r.status);
    }
}

/// Pages link assets by a versioned address, cached for a year; any other address of the same
/// file is revalidated by its ETag, so an upgrade never serves yesterday's file. An unknown asset
/// or page is the console's page with the way back, not an empty answer.
#[tokio::test]
async fn assets_are_versioned_cached_long_and_revalidated() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let home = c.get("/").await;
    let start = home.body.find("/assets/app.js?v=").expect("the page links app.js by version");
    let versioned: String = home.body[start..].chars().take_while(|ch| *ch != '"').collect();
    let r = c.get(&versioned).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["cache-control"], "public, max-age=31536000, immutable");
    let etag = r.headers["etag"].to_str().unwrap().to_string();
    assert!(versioned.ends_with(etag.trim_matches('"')), "the version is the content's hash: {versioned} {etag}");
    let plain = c.get("/assets/app.js").await;
    assert_eq!(plain.headers["cache-control"], "public, no-cache", "an unversioned address is checked each time");
    let stale = c.get("/assets/app.js?v=0000000000000000").await;
    assert_eq!(stale.headers["cache-control"], "public, no-cache", "an old version is not cached for a year");
    let req = axum::http::Request::get("/assets/app.js")
        .header("if-none-match", etag.as_str())
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, body) = c.send_raw(req).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    for path in ["/assets/no-such.js", "/no-such-page"] {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("页面不存在") && r.body.contains("返回首页"), "{path}: {}", r.body);
    }
    let icon = c.get("/favicon.ico").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers["content-type"], "image/svg+xml");
    assert!(home.body.contains("rel=\"icon\""), "pages name their icon");
}

/// A colleague opens the login page at a PC where someone is signed in: it offers to switch user,
/// and signing in ends the previous session instead of answering "expired".
#[tokio::test]
async fn signing_in_while_signed_in_switches_the_user() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let page = c.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("切换用户") && page.body.contains("id=\"signed-in-as\""), "{}", page.body);
    let r = c.post("/login", &[("username", "a.manager"), ("password", crate::support::PASSWORD), ("next", "/")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = c.get("/").await;
    assert!(home.body.contains("待我审核"), "now the manager's home: {}", home.body);
}

/// The strict policy forbids inline script and style: no template may carry any.
#[test]
fn templates_have_no_inline_script_or_style() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/templates");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    let mut checked = 0;
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let html = std::fs::read_to_string(&p).unwrap();
        checked += 1;
        for bad in ["<style", " style=\"", " onclick=", " onchange=", " onsubmit=", " oninput=", "hx-on", "javascript:"]
        {
            assert!(!html.contains(bad), "{} contains {bad}", p.display());
        }
        for (i, _) in html.match_indices("<script") {
            assert!(html[i..].starts_with("<script src="), "{}: inline <script>", p.display());
        }
    }
    assert!(checked > 10);
}

#[tokio::test]
async fn an_unknown_address_is_a_readable_page() {
    let t = TestApp::new().await;
    let r = t.client().get("/no-such-page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("<html"), "{}", r.body);
    let api = t.client().get("/api/v1/no-such-thing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("\"not_found\""), "{}", api.body);
}
