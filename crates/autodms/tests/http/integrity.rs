//! The outside check of the sixth and seventh sessions' work (issue 12): who may manage whom,
//! who may approve what, what leaks, and what the API refuses. Each test failed before its fix.

use crate::orders::{customer, order_body};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn user_id(t: &TestApp, username: &str) -> i64 {
    let u = username.to_string();
    t.with_app(move |app| {
        app.database().read(|c| storage::users::find_by_username(c, &u)).expect("read").expect("user").id
    })
    .await
}

fn codes(r: &Resp) -> Vec<String> {
    r.json()["error"]["fields"].as_array().map_or(vec![], |f| {
        f.iter()
            .map(|f| format!("{}:{}", f["field"].as_str().unwrap_or(""), f["code"].as_str().unwrap_or("")))
            .collect()
    })
}

async fn step(c: &mut Client, token: &str, id: i64, action: &str, version: i64) -> Resp {
    crate::orders::step(c, token, id, action, version, "ok").await
}

/// An order created with `body` by `token`, submitted and confirmed by the customer: awaiting
/// approval at version 3.
async fn awaiting_approval(t: &TestApp, c: &mut Client, token: &str, body: Value) -> i64 {
    let r = c.api(Method::POST, "/api/v1/orders", Some(token), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["order"]["id"].as_i64().unwrap();
    assert_eq!(step(c, token, id, "submit", 1).await.status, StatusCode::OK);
    let link = t.link_token(id).await;
    let r = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": link, "version": 2}))).await;
    assert_eq!(r.json()["status"], "awaiting_approval", "{}", r.body);
    id
}

#[tokio::test]
async fn a_store_administrator_manages_nobody_above_them_nor_group_data() {
    let t = TestApp::new().await;
    let mut c = t.login("a.admin").await;
    let page = c.get("/admin/users").await;
    assert_eq!(page.status, StatusCode::OK);
    let (admin, exec, adv) = (user_id(&t, "admin").await, user_id(&t, "exec").await, user_id(&t, "a.advisor1").await);
    for above in [admin, exec] {
        assert!(!page.body.contains(&format!("/admin/users/{above}/password")), "no reset button for #{above}");
        assert_eq!(c.get(&format!("/admin/users/{above}/password")).await.status, StatusCode::FORBIDDEN);
        let r = c.post(&format!("/admin/users/{above}/password"), &[("password", "takeover-123456")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "reset of #{above}");
    }
    assert!(page.body.contains(&format!("/admin/users/{adv}/password")), "the store's advisor is manageable");
    // the old password still works: nothing was changed
    let mut a = t.client();
    assert_eq!(a.login("admin", PASSWORD).await.status, StatusCode::SEE_OTHER);
    // the role list offers only what a store administrator may grant
    let form = c.get("/admin/users/new").await;
    assert!(!form.body.contains("value=\"group_executive\""), "no group role offered");
    let tok = t.token_for("a.admin").await;
    let store = t.fx.store_a.id.to_string();
    let r = c
        .api(
            Method::POST,
            "/api/v1/users",
            Some(&tok),
            Some(json!({"username": "x.exec", "display_name": "x", "store_id": store,
            "role": "group_executive", "password": "long-enough-123"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(codes(&r).contains(&"role:role_beyond_yours".to_string()), "{:?}", codes(&r));
    let r = c
        .api(
            Method::PUT,
            &format!("/api/v1/users/{exec}"),
            Some(&tok),
            Some(json!({"version": 1, "display_name": "x",
        "store_id": store, "role": "sales_advisor"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // group data: the catalogue and the approval rules
    let r = c.api(Method::POST, "/api/v1/catalogue/brands", Some(&tok), Some(json!({"name": "私加品牌"}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = c
        .api(
            Method::POST,
            "/api/v1/approval-rules",
            Some(&tok),
            Some(json!({"name": "x", "condition": "below_floor_price", "levels": ["general_manager"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // stores are the group's structure: listed, not editable
    let store_a = t.fx.store_a.id;
    let stores = c.get("/admin/stores").await;
    assert!(!stores.body.contains(&format!("href=\"/admin/stores/{store_a}\"")), "no edit link");
    assert_eq!(c.get(&format!("/admin/stores/{store_a}")).await.status, StatusCode::FORBIDDEN);
    // the group's administrator still does all of it
    let group = t.token_for("admin").await;
    let r = c.api(Method::POST, "/api/v1/catalogue/brands", Some(&group), Some(json!({"name": "集团品牌"}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn nobody_who_created_or_handed_over_an_order_approves_it() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let mgr = t.token_for("a.manager").await;
    let adv = user_id(&t, "a.advisor1").await;
    // created for an advisor by the manager: the manager is the requester
    let cust = customer(&t, &mgr, "13700000101").await;
    let mut body = order_body(&t, cust, "6");
    body["owner_id"] = json!(adv);
    let id = awaiting_approval(&t, &mut c, &mgr, body).await;
    let r = step(&mut c, &mgr, id, "approve", 3).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "order_own_approval");
    let inbox = c.api(Method::GET, "/api/v1/orders/waiting-for-me", Some(&mgr), None).await.json();
    assert!(inbox["items"].as_array().unwrap().iter().all(|o| o["id"] != id), "not in the creator's inbox: {inbox}");

    // the manager's own order handed over (same terms) while awaiting approval
    let cust = customer(&t, &mgr, "13700000102").await;
    let id = awaiting_approval(&t, &mut c, &mgr, order_body(&t, cust, "6")).await;
    let mut same = order_body(&t, cust, "6");
    same["owner_id"] = json!(adv);
    same["version"] = json!(3);
    let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&mgr), Some(same)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "awaiting_approval", "same terms: still awaiting approval");
    let version = r.json()["order"]["version"].as_i64().unwrap();
    let r = step(&mut c, &mgr, id, "approve", version).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "order_own_approval");
    // another approver may
    let gm = t.token_for("a.gm").await;
    let r = step(&mut c, &gm, id, "approve", version).await;
    assert_ne!(r.json()["error"]["code"], "order_own_approval", "{}", r.body);
}

#[tokio::test]
async fn orders_and_customers_are_handed_over_by_one_rule() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let mgr = t.token_for("a.manager").await;
    let other_team = user_id(&t, "a.advisor3").await;
    let cust = customer(&t, &mgr, "13700000103").await;
    let mut body = order_body(&t, cust, "2");
    body["owner_id"] = json!(other_team);
    let r = c.api(Method::POST, "/api/v1/orders", Some(&mgr), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(codes(&r).contains(&"owner_id:owner_not_allowed".to_string()), "{:?}", codes(&r));
    let r = c
        .api(
            Method::POST,
            "/api/v1/customers",
            Some(&mgr),
            Some(json!({"name": "转交", "mobile": "13700000104",
            "owner_id": other_team.to_string()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn customer_service_sees_orders_without_floor_prices_or_approval_talk() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700000105").await;
    let id = awaiting_approval(&t, &mut c, &adv, order_body(&t, cust, "9")).await;
    let cs = t.token_for("a.cs").await;
    let o = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&cs), None).await.json();
    assert!(o["floor_price_fen"].is_null(), "{o}");
    assert_eq!(o["approvals"][0]["reasons"], json!([]));
    let trims = c.api(Method::GET, "/api/v1/catalogue", Some(&cs), None).await.body;
    assert!(trims.contains("\"floor_price_fen\":null") && !trims.contains("\"floor_price_fen\":1"), "{trims}");
    let gm = t.token_for("a.gm").await;
    let o = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&gm), None).await.json();
    assert!(!o["floor_price_fen"].is_null(), "pricing roles see it");
}

#[tokio::test]
async fn a_strangers_wrong_passwords_do_not_lock_the_real_user_out() {
    let t = TestApp::new().await;
    let attacker = std::net::SocketAddr::from(([203, 0, 113, 7], 4000));
    let office = std::net::SocketAddr::from(([10, 0, 0, 8], 5000));
    let mut a = t.client().at_address(attacker);
    for _ in 0..8 {
        a.login("a.advisor1", "wrong-password-x").await;
    }
    let r = a.login("a.advisor1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "the attacker's address waits");
    let mut real = t.client().at_address(office);
    assert_eq!(real.login("a.advisor1", PASSWORD).await.status, StatusCode::SEE_OTHER, "the real user signs in");
}

#[tokio::test]
async fn unknown_values_and_huge_pages_are_refused_with_the_field_named() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let adv = t.token_for("a.advisor1").await;
    for (query, field) in [
        ("page=9223372036854775807", "page:page_out_of_range"),
        ("page=0", "page:page_out_of_range"),
        ("per_page=1000", "per_page:per_page_unknown"),
        ("status=bogus", "status:status_unknown"),
        ("sort=sideways", "sort:sort_unknown"),
        ("from=2026-13-45", "from:date_invalid"),
        ("to=9999-12-31", "to:date_out_of_range"),
        ("channel=carrier_pigeon", "channel:channel_unknown"),
        ("colour=red", "colour:field_unknown"),
    ] {
        let r = c.api(Method::GET, &format!("/api/v1/orders?{query}"), Some(&adv), None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", r.body);
        assert!(codes(&r).contains(&field.to_string()), "{query}: {:?}", codes(&r));
    }
    let cust = customer(&t, &adv, "13700000106").await;
    // a version no row can have is stale, not an overflow
    let draft = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "2"))).await.json();
    let id = draft["order"]["id"].as_i64().unwrap();
    let r = step(&mut c, &adv, id, "submit", i64::MAX).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let mut body = order_body(&t, cust, "2");
    body["discount_kind"] = json!("fixed");
    body["expected_delivery"] = json!("9999-12-31");
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let got = codes(&r);
    assert!(got.contains(&"discount_kind:discount_kind_unknown".to_string()), "{got:?}");
    assert!(got.contains(&"expected_delivery:delivery_too_far".to_string()), "{got:?}");
    // a field the body does not have is named, not ignored (a misspelt discount prices nothing)
    let mut body = order_body(&t, cust, "2");
    body["discount_percent"] = json!(5);
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(codes(&r).contains(&"discount_percent:field_unknown".to_string()), "{:?}", codes(&r));
    let r = c
        .api(
            Method::POST,
            "/api/v1/customers",
            Some(&adv),
            Some(json!({"kind": "alien", "name": "外星人", "mobile": "13700000107"})),
        )
        .await;
    assert!(codes(&r).contains(&"kind:customer_kind_unknown".to_string()), "{}", r.body);
}

#[tokio::test]
async fn id_numbers_are_checked_against_regions_the_clock_and_each_other() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let adv = t.token_for("a.advisor1").await;
    let with_check = |first17: &str| format!("{first17}{}", domain::ident::ResidentId::check_char(first17));
    let new = |mobile: &str, id: String| json!({"name": "张三", "mobile": mobile, "id_number": id});
    for (first17, code) in
        [("00000019910101007", "id_number:id_region"), ("11010530000101007", "id_number:id_born_in_future")]
    {
        let r =
            c.api(Method::POST, "/api/v1/customers", Some(&adv), Some(new("13700000108", with_check(first17)))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(codes(&r).contains(&code.to_string()), "{:?}", codes(&r));
    }
    let r = c
        .api(Method::POST, "/api/v1/customers", Some(&adv), Some(new("13700000109", "360426199101010071".into())))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = c
        .api(Method::POST, "/api/v1/customers", Some(&adv), Some(new("13700000110", "360426199101010071".into())))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("id_number_taken") || r.body.contains("身份证号"), "{}", r.body);
}

#[tokio::test]
async fn concurrent_retries_with_one_key_get_one_order_and_a_reused_key_is_refused() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700000111").await;
    let body = order_body(&t, cust, "2");
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (mut c, adv, body) = (t.client(), adv.clone(), body.clone());
        tasks.push(tokio::spawn(async move {
            c.api_with_header(Method::POST, "/api/v1/orders", &adv, ("Idempotency-Key", "retry-1"), body).await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        let r = task.await.expect("task");
        assert!(r.status == StatusCode::CREATED || r.status == StatusCode::OK, "{} {}", r.status, r.body);
        ids.insert(r.json()["order"]["id"].as_i64().unwrap());
    }
    assert_eq!(ids.len(), 1, "one order for every retry");
    let mut other = body.clone();
    other["discount_bp"] = json!(300);
    let r =
        t.client().api_with_header(Method::POST, "/api/v1/orders", &adv, ("Idempotency-Key", "retry-1"), other).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(codes(&r).contains(&"idempotency_key:idempotency_key_reused".to_string()));
}

#[tokio::test]
async fn concurrent_approvals_at_one_version_never_answer_500() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000112").await;
    let id = awaiting_approval(&t, &mut c, &adv, order_body(&t, cust, "6")).await;
    let mgr = t.token_for("a.manager").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (mut c, mgr) = (t.client(), mgr.clone());
        tasks.push(tokio::spawn(async move { step(&mut c, &mgr, id, "approve", 3).await }));
    }
    let mut ok = 0;
    for task in tasks {
        let r = task.await.expect("task");
        assert!(r.status != StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
        ok += usize::from(r.status == StatusCode::OK);
    }
    assert_eq!(ok, 1, "exactly one approval counts");
}

/// A code the application never writes, found in the database, is an error that names the column
/// and the value (issue 13): never read as a default stage, status or role.
#[tokio::test]
async fn an_unknown_code_in_the_database_fails_loudly_naming_column_and_value() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000417").await;
    let o = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "1"))).await.json();
    let id = o["order"]["id"].as_i64().unwrap();
    for (column, value) in [("status", "bogus"), ("stage", "pending_forever"), ("payment_method", "barter")] {
        let sql = format!("UPDATE orders SET {column} = '{value}' WHERE id = {id}");
        t.with_app(move |app| {
            app.database()
                .write(|c| {
                    use diesel::RunQueryDsl;
                    diesel::sql_query(sql.as_str()).execute(c).map_err(storage::StorageError::from_diesel)
                })
                .expect("update")
        })
        .await;
        let r = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{column} = {value} is no order");
        assert!(!r.body.contains(value), "the value stays in the log, not the answer: {}", r.body);
        let actor = t.actor("a.advisor1").await;
        let err = t.with_app(move |app| app::sales::get(app, &actor, id).map(|_| ()).unwrap_err().chain()).await;
        assert!(err.contains(&format!("{value:?} in orders.{column}")), "{column}: {err}");
        let sql =
            format!("UPDATE orders SET status = 'draft', stage = 'draft', payment_method = 'full' WHERE id = {id}");
        t.with_app(move |app| {
            app.database()
                .write(|c| {
                    use diesel::RunQueryDsl;
                    diesel::sql_query(sql.as_str()).execute(c).map_err(storage::StorageError::from_diesel)
                })
                .expect("restore")
        })
        .await;
    }
    // A user whose role the code does not know cannot sign in as anything.
    let err = t
        .with_app(|app| {
            app.database()
                .write(|c| {
                    use diesel::RunQueryDsl;
                    diesel::sql_query("UPDATE users SET role = 'overlord' WHERE username = 'a.advisor2'")
                        .execute(c)
                        .map_err(storage::StorageError::from_diesel)
                })
                .expect("update");
            app.database().read(|c| storage::users::find_by_username(c, "a.advisor2")).unwrap_err().to_string()
        })
        .await;
    assert!(err.contains("unknown role \"overlord\" in users.role"), "{err}");
}

/// An approval rule that no longer reads (an unknown condition, an unknown role) fails closed:
/// the general manager approves every order, instead of the rule silently dropping out.
#[tokio::test]
async fn an_approval_rule_that_does_not_read_sends_every_order_to_the_general_manager() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    for (i, sql) in [
        "UPDATE approval_rules SET condition = 'discount_over_the_moon' WHERE name = '折扣超过 5%'",
        "UPDATE approval_rules SET condition = 'discount_percent_over', levels = '[\"chief_of_everything\"]' WHERE name = '折扣超过 5%'",
    ]
    .into_iter()
    .enumerate()
    {
        t.with_app(move |app| {
            app.database()
                .write(|c| {
                    use diesel::RunQueryDsl;
                    diesel::sql_query(sql).execute(c).map_err(storage::StorageError::from_diesel)
                })
                .expect("update")
        })
        .await;
        // 1 % is under every rule: the broken one alone asks for approval, at the GM.
        let cust = customer(&t, &adv, &format!("1370000042{i}")).await;
        let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
        assert_eq!(answer["status"], "awaiting_approval", "{sql}: {answer}");
        let view = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
        let roles: Vec<&str> = view["approvals"].as_array().unwrap().iter().filter_map(|a| a["role"].as_str()).collect();
        assert_eq!(roles, ["general_manager"], "{view}");
    }
}

/// A buyer's link names the customer it was sent to: once the order's customer changes, the link
/// the previous customer holds neither shows nor confirms the order; the new customer's does.
#[tokio::test]
async fn a_link_stops_working_when_the_order_changes_customer() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let first = t.customer(&adv, "13700002911").await;
    let second = t.customer(&adv, "13700002912").await;
    let page = t.draft_order(&adv, first, "0").await;
    let id = page["order"]["id"].as_i64().unwrap();
    let old = t.link_token(id).await;
    let mut body = crate::orders::order_body(&t, second, "0");
    body["version"] = page["order"]["version"].clone();
    let r = t.client().api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r =
        crate::orders::step(&mut t.client(), &adv, id, "submit", r.json()["order"]["version"].as_i64().unwrap(), "")
            .await;
    assert_eq!(r.status, StatusCode::OK, "submit: {}", r.body);
    let version = r.json()["order"]["version"].clone();

    let r = t
        .client()
        .api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": old, "version": version})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("link_revoked"), "{}", r.body);
    let page = t.client().get(&format!("/c/{old}")).await;
    assert!(page.body.contains("客户已更换"), "the buyer's page says why: {}", page.status);

    let new = t.link_token(id).await;
    let r = t
        .client()
        .api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": new, "version": version})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}
