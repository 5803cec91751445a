//! Notifications, complete: staff are told in the app (the bell) as well as by e-mail, as each
//! person chose per kind of message; nobody reads or marks another's; the buyer hears of their
//! payment; a store rewords a message, with the standard placeholders only.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn inbox(t: &TestApp, token: &str) -> serde_json::Value {
    let r = t.client().api(Method::GET, "/api/v1/notifications?per_page=100", Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

async fn mails_to(t: &TestApp, to: &'static str) -> Vec<storage::outbox::OutboxRow> {
    t.with_app(move |app| app.database().read(|c| storage::outbox::to_recipient(c, to, 50))).await.expect("outbox")
}

#[tokio::test]
async fn staff_see_their_notifications_in_the_bell_and_only_theirs() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700004201").await;
    let (id, answer) = t.confirmed_order(&adv, cust, "8").await;
    assert_eq!(answer["status"], "awaiting_approval");
    // The approver is asked, the advisor hears that the customer confirmed.
    let mgr = t.token_for("a.manager").await;
    let m = inbox(&t, &mgr).await;
    let asked = m["items"].as_array().unwrap().iter().find(|n| n["notice"] == "mail-approval").expect("asked").clone();
    assert_eq!(asked["link"], format!("/orders/{id}"));
    assert!(asked["read_at"].is_null());
    let a = inbox(&t, &adv).await;
    let confirmed =
        a["items"].as_array().unwrap().iter().find(|n| n["notice"] == "mail-order-confirmed").expect("told");
    assert!(confirmed["text"].as_str().unwrap().contains("确认"), "{confirmed}");
    let unread = t.client().api(Method::GET, "/api/v1/notifications/unread", Some(&mgr), None).await.json();
    assert_eq!(unread["unread"], 1);

    // Someone else's notification is not found, and stays unread.
    let nid = asked["id"].as_i64().unwrap();
    let r = t.client().api(Method::POST, &format!("/api/v1/notifications/{nid}/read"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The bell in the page, the list, and opening one: read, then its page.
    let mut page = t.login("a.manager").await;
    let bell = page.get("/notifications/bell").await;
    assert!(bell.body.contains("id=\"bell-count\"") && bell.body.contains(">1<"), "{}", bell.body);
    assert!(page.get("/").await.body.contains("hx-get=\"/notifications/bell\""), "the top bar loads the bell");
    let list = page.get("/notifications?unread=1").await;
    assert!(list.body.contains(&format!("id=\"notification-{nid}\"")), "{}", list.body);
    let r = page.post(&format!("/notifications/{nid}/open"), &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("/orders/{id}")));
    assert_eq!(page.get("/notifications/bell").await.body, "", "nothing unread");
    let unread = inbox(&t, &mgr).await;
    assert!(unread["items"][0]["read_at"].is_string());
    // Mark all read.
    let r = t.client().api(Method::POST, "/api/v1/notifications/read-all", Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json()["marked"].as_u64().unwrap() >= 1);
    let after = t.client().api(Method::GET, "/api/v1/notifications?unread=true", Some(&adv), None).await.json();
    assert_eq!(after["total"], 0, "{after}");
    let r = t.client().api(Method::GET, "/api/v1/notifications?per_page=7", Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn each_person_chooses_how_they_are_told() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let prefs = t.client().api(Method::GET, "/api/v1/me/notification-preferences", Some(&adv), None).await.json();
    let confirmed = prefs.as_array().unwrap().iter().find(|p| p["notice"] == "mail-order-confirmed").expect("listed");
    assert_eq!((confirmed["in_app"].as_bool(), confirmed["email"].as_bool()), (Some(true), Some(true)));
    let body = json!([{"notice": "mail-order-confirmed", "in_app": true, "email": false, "sms": false}]);
    let r = t.client().api(Method::PUT, "/api/v1/me/notification-preferences", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let bad = json!([{"notice": "mail-nothing", "in_app": true, "email": false, "sms": false}]);
    let r = t.client().api(Method::PUT, "/api/v1/me/notification-preferences", Some(&adv), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(t.audit_actions("notice_preferences", t.actor("a.advisor1").await.user_id.0).await.len() == 1);

    let cust = t.customer(&adv, "13700004202").await;
    t.confirmed_order(&adv, cust, "1").await;
    let items = inbox(&t, &adv).await;
    assert!(items["items"].as_array().unwrap().iter().any(|n| n["notice"] == "mail-order-confirmed"), "in the app");
    let mails = mails_to(&t, "a.advisor1@dealer.example").await;
    assert!(!mails.iter().any(|m| m.subject.contains("客户已确认订单")), "no e-mail, as chosen");

    // The page: a row with every box cleared is saved too.
    let mut page = t.login("a.advisor1").await;
    let form = page.get("/account/notifications").await;
    assert!(form.body.contains("id=\"pref-mail-order-confirmed\""), "{}", form.body);
    let r = page.post("/account/notifications", &[("notice", "mail-approved"), ("email", "mail-approved")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let prefs = t.client().api(Method::GET, "/api/v1/me/notification-preferences", Some(&adv), None).await.json();
    let approved = prefs.as_array().unwrap().iter().find(|p| p["notice"] == "mail-approved").unwrap().clone();
    assert_eq!((approved["in_app"].as_bool(), approved["email"].as_bool()), (Some(false), Some(true)));
}

#[tokio::test]
async fn the_buyer_hears_of_a_confirmed_payment_and_keeps_its_receipt_and_the_invoice_copy() {
    let t = TestApp::new().await;
    let (_adv, id) = crate::delivery::invoiced(&t, "13700004203", 4203).await;
    let token = t.link_token(id).await;
    let mut buyer_page = t.client();
    let page = buyer_page.get(&format!("/c/{token}")).await;
    assert!(page.body.contains("id=\"customer-papers\"") && page.body.contains("id=\"invoice-copy\""), "{}", page.body);
    let payment: i64 = page.body.split("/receipts/").nth(1).and_then(|s| s.split('"').next()).unwrap().parse().unwrap();
    for path in [format!("/c/{token}/receipts/{payment}"), format!("/c/{token}/invoice")] {
        let (status, headers, bytes) =
            buyer_page.send_raw(axum::http::Request::get(path.as_str()).body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers["content-type"], "application/pdf");
        assert!(bytes.starts_with(b"%PDF"), "{path}");
    }
    // Another order's link does not open this order's receipt; a tampered link opens nothing.
    let other = t.customer(&t.token_for("a.advisor1").await, "13700004205").await;
    let (other_id, _) = t.confirmed_order(&t.token_for("a.advisor1").await, other, "1").await;
    let other_token = t.link_token(other_id).await;
    assert_eq!(buyer_page.get(&format!("/c/{other_token}/receipts/{payment}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(buyer_page.get(&format!("/c/{other_token}/invoice")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(buyer_page.get(&format!("/c/{token}x/invoice")).await.status, StatusCode::NOT_FOUND);
    let buyer = mails_to(&t, "buyer@example.com").await;
    assert!(buyer.iter().any(|m| m.subject.contains("我们已收到您的款项")), "the buyer");
    let items = inbox(&t, &t.token_for("a.advisor1").await).await;
    assert!(items["items"].as_array().unwrap().iter().any(|n| n["notice"] == "mail-payment-confirmed"), "{items}");
}

#[tokio::test]
async fn a_store_rewords_a_message_with_the_standard_placeholders() {
    let t = TestApp::new().await;
    for who in ["a.advisor1", "a.manager", "a.finance"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::GET, "/api/v1/notice-wordings", Some(&token), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = t.token_for("a.admin").await;
    let w = t.client().api(Method::GET, "/api/v1/notice-wordings/mail-confirm/zh-CN", Some(&admin), None).await;
    assert_eq!(w.status, StatusCode::OK, "{}", w.body);
    let w = w.json();
    let placeholders: Vec<&str> = w["placeholders"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(placeholders.contains(&"customer") && placeholders.contains(&"link"), "{w}");
    assert!(w["standard"]["body"].as_str().unwrap().contains("{$link}"), "{w}");

    let url = "/api/v1/notice-wordings/mail-confirm/zh-CN";
    for (body, field) in [
        (json!({"subject": "订单 {$price}", "body": "b", "sms": "s"}), "subject"),
        (json!({"subject": "订单", "body": "{订单}", "sms": "s"}), "body"),
        (json!({"subject": "订单", "body": "b", "sms": ""}), "sms"),
    ] {
        let r = t.client().api(Method::PUT, url, Some(&admin), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"][0]["field"], field, "{body}");
    }
    let r = t
        .client()
        .api(
            Method::PUT,
            "/api/v1/notice-wordings/mail-nothing/zh-CN",
            Some(&admin),
            Some(json!({"subject": "a", "body": "b", "sms": "c"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mine = json!({"subject": "上海店：请确认订单 {$order}", "body": "尊敬的 {$customer}：请点击 {$link} 确认。", "sms": "{$customer} 请确认 {$link}"});
    let r = t.client().api(Method::PUT, url, Some(&admin), Some(mine)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(t.audit_actions("notice_wording", t.fx.store_a.id).await.iter().any(|a| a == "notice_wording.set"));

    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700004204").await;
    t.confirmed_order(&adv, cust, "1").await;
    let mails = mails_to(&t, "buyer@example.com").await;
    let m = mails.iter().find(|m| m.subject.starts_with("上海店：请确认订单 SO-")).expect("in the store's words");
    assert!(m.body.starts_with("尊敬的 订单客户：请点击 http") && !m.body.contains("{$"), "{}", m.body);

    // Back to the standard words.
    let r = t.client().api(Method::DELETE, url, Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["own"].is_null());
    let r = t.client().api(Method::DELETE, url, Some(&admin), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "nothing to reset");
    // The pages.
    let mut page = t.login("a.admin").await;
    assert!(page.get("/admin/wordings?q=confirm").await.body.contains("id=\"wording-mail-confirm-zh-CN\""));
    let r = page
        .post("/admin/wordings/mail-confirm/en", &[("subject", "Confirm {$nope}"), ("body", "x"), ("sms", "y")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is-invalid") && r.body.contains("Confirm {$nope}"), "the form again: {}", r.body);
}
