//! Data scope (own / team / store / group) holds on every page and API call.

use crate::support::*;
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn advisors_see_only_their_own_customers_and_managers_their_team() {
    let t = TestApp::new().await;
    let mut a1 = t.login("a.advisor1").await;
    let mine = create_customer(&mut a1, "一号客户", "13811110001").await;
    let mut a2 = t.login("a.advisor2").await;
    let teammate = create_customer(&mut a2, "二号客户", "13811110002").await;
    let mut a3 = t.login("a.advisor3").await;
    let other_team = create_customer(&mut a3, "三号客户", "13811110003").await;

    let list = a1.get("/customers").await.body;
    assert!(list.contains("一号客户") && !list.contains("二号客户") && !list.contains("三号客户"));
    assert_eq!(a1.get(&format!("/customers/{teammate}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(a1.get(&format!("/customers/{teammate}/edit")).await.status, StatusCode::NOT_FOUND);
    let r = a1
        .post(&format!("/customers/{teammate}"), &[("version", "1"), ("name", "改"), ("mobile", "13811110002")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let mut mgr = t.login("a.manager").await;
    let list = mgr.get("/customers").await.body;
    assert!(list.contains("一号客户") && list.contains("二号客户") && !list.contains("三号客户"), "team scope");
    assert_eq!(mgr.get(&format!("/customers/{other_team}")).await.status, StatusCode::NOT_FOUND);

    let mut gm = t.login("a.gm").await;
    let list = gm.get("/customers").await.body;
    assert!(list.contains("一号客户") && list.contains("三号客户"), "store scope");
    assert_eq!(gm.get(&format!("/customers/{mine}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn store_a_staff_cannot_read_store_b_customers_through_any_page_or_api() {
    let t = TestApp::new().await;
    let mut b = t.login("b.advisor1").await;
    let b_customer = create_customer(&mut b, "杭州客户", "13922220001").await;

    for user in ["a.advisor1", "a.manager", "a.gm"] {
        let mut c = t.login(user).await;
        assert!(!c.get("/customers").await.body.contains("杭州客户"), "{user} list");
        assert!(!c.get("/customers?q=13922220001").await.body.contains("杭州客户"), "{user} search");
        assert_eq!(c.get(&format!("/customers/{b_customer}")).await.status, StatusCode::NOT_FOUND, "{user} page");
        assert_eq!(c.get(&format!("/customers/{b_customer}/edit")).await.status, StatusCode::NOT_FOUND, "{user} edit");
        let token = t.token_for(user).await;
        let api = c.api(Method::GET, &format!("/api/v1/customers/{b_customer}"), Some(&token), None).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND, "{user} API read");
        let list = c.api(Method::GET, "/api/v1/customers?q=13922220001", Some(&token), None).await;
        assert_eq!(list.json()["total"], 0, "{user} API list");
        let put = c
            .api(
                Method::PUT,
                &format!("/api/v1/customers/{b_customer}"),
                Some(&token),
                Some(serde_json::json!({"name": "x", "mobile": "13922220001", "version": 1})),
            )
            .await;
        assert!(
            put.status == StatusCode::NOT_FOUND || put.status == StatusCode::FORBIDDEN,
            "{user} API update: {}",
            put.status
        );
        // switching to store B is refused for store-scope users
        let r = c.post("/session/store", &[("store_id", &t.fx.store_b.id.to_string()), ("next", "/customers")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} switch");
        assert!(!c.get("/customers").await.body.contains("杭州客户"));
    }
}

#[tokio::test]
async fn group_users_switch_between_the_stores_of_their_group() {
    let t = TestApp::new().await;
    let mut b = t.login("b.advisor1").await;
    create_customer(&mut b, "杭州客户", "13922220001").await;
    let mut exec = t.login("exec").await;
    let page = exec.get("/customers").await.body;
    assert!(!page.contains("杭州客户"), "one store at a time");
    assert!(page.contains("HZ01 杭州店"), "the switch lists the group's stores");
    let r = exec.post("/session/store", &[("store_id", &t.fx.store_b.id.to_string()), ("next", "/customers/5")]).await;
    assert_eq!(r.location(), "/customers", "back to the list, not a record of the other store");
    assert!(exec.get("/customers").await.body.contains("杭州客户"));
    // read-mostly: a group executive cannot create customers
    assert_eq!(exec.get("/customers/new").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn menus_show_only_what_the_role_may_use() {
    let t = TestApp::new().await;
    let mut adv = t.login("a.advisor1").await;
    let home = adv.get("/").await.body;
    assert!(
        home.contains("href=\"/customers\"")
            && !home.contains("href=\"/admin/users\"")
            && !home.contains("href=\"/admin/audit\"")
    );
    let mut admin = t.login("admin").await;
    let home = admin.get("/").await.body;
    assert!(home.contains("href=\"/admin/users\"") && home.contains("href=\"/admin/audit\""));
}
