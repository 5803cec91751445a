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
    assert_eq!(t.app.db.backend(), expected);
}
