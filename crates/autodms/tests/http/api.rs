use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn api_errors_are_json_with_codes_and_field_messages() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let r = c.api(Method::GET, "/api/v1/customers", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "unauthenticated");
    let r = c.api(Method::GET, "/api/v1/customers", Some("adms_forged"), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let token = t.token_for("a.advisor1").await;
    let r = c
        .api(
            Method::POST,
            "/api/v1/customers",
            Some(&token),
            Some(json!({"name": "", "mobile": "110", "id_number": "360426199101010072"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.json();
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields = body["error"]["fields"].as_array().unwrap();
    let field = |f: &str| fields.iter().find(|e| e["field"] == f).cloned().unwrap_or_else(|| panic!("no {f}: {body}"));
    assert_eq!(field("id_number")["code"], "id_check");
    assert_eq!(field("id_number")["message"], "身份证号校验位不正确");
    assert_eq!(field("mobile")["code"], "mobile_format");
    assert_eq!(field("name")["code"], "required");

    let r = c.api(Method::POST, "/api/v1/customers", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "json_invalid");
    let r = c.api(Method::GET, "/api/v1/customers?page=abc", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c.api(Method::GET, "/api/v1/customers/abc", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = c.api(Method::GET, "/api/v1/nothing-here", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn customers_round_trip_through_the_api() {
    let t = TestApp::new().await;
    let token = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let r = c.api(Method::POST, "/api/v1/customers", Some(&token), Some(json!({"kind": "individual", "name": "API 客户", "mobile": "13512340000", "id_number": "360426199101010071"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(created["id_number_masked"], "**************0071");
    assert!(created.get("id_number").is_none());
    let id = created["id"].as_i64().unwrap();
    let dup = c
        .api(Method::POST, "/api/v1/customers", Some(&token), Some(json!({"name": "重复", "mobile": "13512340000"})))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(dup.json()["error"]["existing"]["id"], id);
    let list = c.api(Method::GET, "/api/v1/customers?q=0071", Some(&token), None).await.json();
    assert_eq!(list["total"], 1);
    let r = c
        .api(
            Method::PUT,
            &format!("/api/v1/customers/{id}"),
            Some(&token),
            Some(json!({"name": "API 客户改", "mobile": "13512340000", "version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    let stale = c
        .api(
            Method::PUT,
            &format!("/api/v1/customers/{id}"),
            Some(&token),
            Some(json!({"name": "再改", "mobile": "13512340000", "version": 1})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["error"]["code"], "stale");
    let r = c.api(Method::POST, &format!("/api/v1/customers/{id}/id-number"), Some(&token), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "advisors do not see full ID numbers");
    let mgr = t.token_for("a.manager").await;
    let r = c.api(Method::POST, &format!("/api/v1/customers/{id}/id-number"), Some(&mgr), None).await;
    assert_eq!(r.json()["id_number"], "360426199101010071");
}

#[tokio::test]
async fn the_organisation_is_managed_through_the_api() {
    let t = TestApp::new().await;
    let token = t.token_for("admin").await;
    let mut c = t.client();
    let stores = c.api(Method::GET, "/api/v1/stores", Some(&token), None).await.json();
    assert_eq!(stores["items"].as_array().unwrap().len(), 2);
    assert_eq!(stores["total"], 2);
    let r = c.api(Method::POST, "/api/v1/users", Some(&token), Some(json!({"username": "api.user", "display_name": "接口用户", "store_id": t.fx.store_b.id.to_string(), "role": "finance", "password": "0123456789ab"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json().get("password_hash").is_none());
    let users = c.api(Method::GET, "/api/v1/users?role=finance", Some(&token), None).await.json();
    assert_eq!(users["total"], 2);
    let audit =
        c.api(Method::GET, "/api/v1/audit?entity_type=user&action=user.created", Some(&token), None).await.json();
    assert!(audit["total"].as_i64().unwrap() >= 10);
    let adv = t.token_for("a.advisor1").await;
    assert_eq!(c.api(Method::GET, "/api/v1/users", Some(&adv), None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.api(Method::GET, "/api/v1/audit", Some(&adv), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let t = TestApp::new().await;
    let doc = t.client().api(Method::GET, "/api/v1/openapi.json", None, None).await.json();
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/customers",
        "/api/v1/customers/{id}",
        "/api/v1/users",
        "/api/v1/stores",
        "/api/v1/catalogue",
        "/api/v1/audit",
        "/api/v1/me",
    ] {
        assert!(paths.contains_key(p), "missing {p}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let ui = t.client().get("/api/docs/").await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(ui.body.contains("swagger"), "docs page served from the binary");
}

/// Bad input anywhere is refused or stored as text, never a 500.
#[tokio::test]
async fn garbage_input_never_yields_a_server_error() {
    let t = TestApp::new().await;
    let token = t.token_for("admin").await;
    let mut admin = t.login("admin").await;
    let garbage = [
        "",
        "'; DROP TABLE users; --",
        "\u{0}",
        "%",
        "😀😀",
        "9999999999999999999999",
        "-1",
        "<script>alert(1)</script>",
        &"长".repeat(5000),
    ];
    for g in garbage {
        for (method, path) in [
            (Method::POST, "/api/v1/customers"),
            (Method::POST, "/api/v1/users"),
            (Method::POST, "/api/v1/stores"),
            (Method::POST, "/api/v1/catalogue/brands"),
            (Method::PUT, "/api/v1/customers/1"),
        ] {
            let body = json!({"name": g, "mobile": g, "username": g, "code": g, "store_id": g, "role": g, "id_number": g, "password": g, "version": 1});
            let r = admin.api(method.clone(), path, Some(&token), Some(body)).await;
            assert!(!r.status.is_server_error(), "{method} {path} with {g:?}: {}", r.status);
        }
        for path in ["/customers", "/admin/users", "/admin/stores", "/catalogue"] {
            admin.get(path).await;
            let r = admin
                .post(
                    path,
                    &[
                        ("name", g),
                        ("mobile", g),
                        ("username", g),
                        ("code", g),
                        ("store_id", g),
                        ("role", g),
                        ("id_number", g),
                        ("password", g),
                    ],
                )
                .await;
            assert!(!r.status.is_server_error(), "POST {path} with {g:?}: {}", r.status);
        }
        let q = format!("/customers?q={}&page={}&per_page={}&from={}", "%25", "x", "y", "z");
        assert!(admin.get(&q).await.status.is_success());
    }
    assert!(admin.get("/customers?page=-5&per_page=7").await.status.is_success());
}

#[tokio::test]
async fn nul_characters_are_refused_before_they_reach_the_database() {
    let t = TestApp::new().await;
    let token = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let r = c
        .api(Method::POST, "/api/v1/customers", Some(&token), Some(json!({"name": "a\u{0}b", "mobile": "13800138000"})))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "invalid_character");
    let r = c.api(Method::GET, "/api/v1/customers?q=%00", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let mut page = t.login("a.advisor1").await;
    assert_eq!(page.get("/customers?q=a%00").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(t.count_customers(t.fx.store_a.id).await, 0);
}

/// Times are RFC 3339 in UTC with at most milliseconds; JSON columns are JSON, not strings.
#[tokio::test]
async fn answers_carry_rfc3339_times_and_json_objects() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = crate::orders::customer(&t, &adv, "13700000301").await;
    let o =
        c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(crate::orders::order_body(&t, cust, "6"))).await.json();
    let created = o["order"]["created_at"].as_str().expect("created_at");
    assert!(chrono::DateTime::parse_from_rfc3339(created).is_ok(), "{created}");
    assert!(created.ends_with('Z') && created.len() <= "2026-12-01T06:17:51.150Z".len(), "{created}");
    assert!(o["order"]["terms"]["discount"].is_object(), "terms as an object: {}", o["order"]["terms"]);
    assert!(o["order"]["quote"]["total_payable"].is_i64(), "quote as an object");
    assert!(o["timeline"][0]["at"].as_str().is_some_and(|a| a.ends_with('Z')));
    let admin = t.token_for("admin").await;
    let rules = c.api(Method::GET, "/api/v1/approval-rules", Some(&admin), None).await.json();
    for r in rules["items"].as_array().expect("rules") {
        assert!(r["levels"].is_array(), "{r}");
    }
    let audit = c.api(Method::GET, "/api/v1/audit", Some(&admin), None).await.json();
    assert!(audit["items"][0]["changes"].is_object(), "{}", audit["items"][0]);
}

/// What staff do in the console, an integration does through the API: the customer's link to
/// send by WeChat, the customer's change request taken on the phone, its own tokens, every list
/// paged with a total and a next link; a missing or bad token says which.
#[tokio::test]
async fn the_api_does_what_the_console_does() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = crate::orders::customer(&t, &adv, "13700000302").await;
    let o =
        c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(crate::orders::order_body(&t, cust, "1"))).await.json();
    let id = o["order"]["id"].as_i64().unwrap();
    let link = c.api(Method::GET, &format!("/api/v1/orders/{id}/customer-link"), Some(&adv), None).await;
    assert_eq!(link.json(), serde_json::Value::Null, "a draft has no customer link");
    crate::orders::step(&mut c, &adv, id, "submit", 1, "").await;
    let link = c.api(Method::GET, &format!("/api/v1/orders/{id}/customer-link"), Some(&adv), None).await.json();
    let url = link["url"].as_str().expect("url");
    let token = url.rsplit("/c/").next().unwrap().to_string();
    assert!(c.get(&format!("/c/{token}")).await.status.is_success(), "the link opens the customer's page");
    let other = t.token_for("a.advisor3").await;
    let r = c.api(Method::GET, &format!("/api/v1/orders/{id}/customer-link"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "outside the caller's scope");
    let r = c
        .api(
            Method::POST,
            "/api/v1/orders/change-request",
            None,
            Some(json!({"token": token, "version": 2, "note": "想换成白色"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "draft");

    // tokens: create, list, revoke; the revoked one stops working
    let r = c.api(Method::POST, "/api/v1/me/tokens", Some(&adv), Some(json!({"name": "ERP 同步"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (new, new_id) = (r.json()["token"].as_str().unwrap().to_string(), r.json()["id"].as_i64().unwrap());
    assert!(r.json().get("token_hash").is_none());
    let list = c.api(Method::GET, "/api/v1/me/tokens", Some(&new), None).await.json();
    assert!(list["items"].as_array().unwrap().iter().any(|t| t["id"] == new_id), "{list}");
    let r = c.api(Method::DELETE, &format!("/api/v1/me/tokens/{new_id}"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "another user's token");
    let r = c.api(Method::DELETE, &format!("/api/v1/me/tokens/{new_id}"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = c.api(Method::GET, "/api/v1/me", Some(&new), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("令牌"), "says the token is bad: {}", r.body);
    let r = c.api(Method::GET, "/api/v1/me", None, None).await;
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("Authorization"), "says a token is needed");

    // a list's next page keeps its filters
    for i in 0..3 {
        crate::orders::customer(&t, &adv, &format!("1370000031{i}")).await;
    }
    let page = c.api(Method::GET, "/api/v1/customers?q=137&per_page=20", Some(&adv), None).await.json();
    assert!(page["next"].is_null(), "one page: {page}");
    let gm = t.token_for("a.gm").await;
    let all = c.api(Method::GET, "/api/v1/audit?per_page=20", Some(&gm), None).await.json();
    assert!(all["total"].as_i64().unwrap() > 20, "the fixture's store has more than a page of audit records");
    let next = all["next"].as_str().expect("next link");
    assert!(next.starts_with("/api/v1/audit?") && next.contains("per_page=20") && next.contains("page=2"), "{next}");
    let second = c.api(Method::GET, next, Some(&gm), None).await.json();
    assert_eq!(second["page"], 2);
}
