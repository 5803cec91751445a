//! The delivery calendar through the API, the buyer's page and concurrent clients: a slot holds
//! as many handovers as the store has bays, a booking moved keeps its history, the buyer books on
//! their own link and is told of staff's bookings.

use crate::delivery::{delivered, with_car};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// The store's tomorrow, as the store's calendar counts it.
async fn tomorrow(t: &TestApp) -> chrono::NaiveDate {
    let actor = t.actor("a.advisor1").await;
    t.with_app(move |app| app::kernel::calendar::today(app, &actor).expect("today")).await + chrono::Duration::days(1)
}

async fn book(t: &TestApp, token: &str, id: i64, day: &str, start: &str) -> Resp {
    let body = json!({"day": day, "start": start, "note": ""});
    t.client().api(Method::POST, &format!("/api/v1/orders/{id}/delivery/booking"), Some(token), Some(body)).await
}

fn field_code(r: &Resp) -> String {
    r.json()["error"]["fields"][0]["code"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_slot_holds_as_many_handovers_as_bays_and_a_move_keeps_its_history() {
    let t = TestApp::new().await;
    let day = tomorrow(&t).await.to_string();
    let (adv, first, _) = with_car(&t, "13700003101", 3101).await;
    let (_, second, _) = with_car(&t, "13700003102", 3102).await;
    let (_, third, _) = with_car(&t, "13700003103", 3103).await;
    // Who may not book: customer service, logistics, the administrator; another store's advisor
    // does not see the order.
    for who in ["a.cs", "a.inventory", "a.admin"] {
        let token = t.token_for(who).await;
        assert_eq!(book(&t, &token, first, &day, "09:00").await.status, StatusCode::FORBIDDEN, "{who}");
    }
    let other = t.token_for("b.advisor1").await;
    assert_eq!(book(&t, &other, first, &day, "09:00").await.status, StatusCode::NOT_FOUND);
    // Bad slots: off the grid, outside the hours, in the past, too far, not a date.
    for (d, s, code) in [
        (day.as_str(), "09:15", "delivery_slot_outside_hours"),
        (day.as_str(), "17:30", "delivery_slot_outside_hours"),
        ("2020-01-02", "09:00", "delivery_slot_past"),
        ("2099-01-01", "09:00", "delivery_slot_too_far"),
        ("明天", "09:00", "date_invalid"),
    ] {
        let r = book(&t, &adv, first, d, s).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{d} {s}: {}", r.body);
        assert_eq!(field_code(&r), code, "{d} {s}");
    }
    // Two bays: two handovers at 09:00, the third is refused.
    let gm = t.token_for("a.gm").await;
    let r = book(&t, &adv, first, &day, "09:00").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["bay"], 1);
    assert_eq!(book(&t, &gm, second, &day, "09:00").await.json()["bay"], 2);
    let r = book(&t, &gm, third, &day, "09:00").await;
    assert_eq!((r.status, field_code(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "delivery_slot_full".to_string()));
    let slots: Value = t
        .client()
        .api(Method::GET, &format!("/api/v1/orders/{third}/delivery/slots?day={day}"), Some(&gm), None)
        .await
        .json();
    assert_eq!(slots[0], json!({"start": "09:00", "free": 0}), "{slots}");
    assert_eq!(slots[1], json!({"start": "10:30", "free": 2}));
    // Moving the first frees its bay; the history keeps the move.
    let r = book(&t, &adv, first, &day, "10:30").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(book(&t, &gm, third, &day, "09:00").await.status, StatusCode::CREATED);
    let order = t.client().api(Method::GET, &format!("/api/v1/orders/{first}"), Some(&adv), None).await.json();
    let steps: Vec<&str> = order["timeline"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(steps.contains(&"delivery_booked") && steps.contains(&"delivery_moved"), "{steps:?}");
    // The buyer was told each time, at the contact on their profile.
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let email =
        t.client().api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&adv), None).await.json()["email"]
            .as_str()
            .expect("e-mail")
            .to_string();
    let subjects: Vec<String> = t
        .with_app(move |app| app.database().read(|c| storage::outbox::to_recipient(c, &email, 20)).expect("outbox"))
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert!(subjects.iter().any(|s| s.contains(&format!("您的交车时间：{day} 09:00"))), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.contains(&format!("交车时间已改为：{day} 10:30"))), "{subjects:?}");
    // The calendar: the advisor's own, the manager's whole store, each with its blockers.
    let week: Value =
        t.client().api(Method::GET, &format!("/api/v1/deliveries?from={day}&to={day}"), Some(&gm), None).await.json();
    assert_eq!(week.as_array().unwrap().len(), 3, "{week}");
    assert_eq!(week[0]["blockers"], json!(["pdi_not_passed", "not_paid", "no_invoice"]));
    let mine: Value = t
        .client()
        .api(Method::GET, &format!("/api/v1/deliveries?from={day}&to={day}&mine=true"), Some(&adv), None)
        .await
        .json();
    assert_eq!(mine.as_array().unwrap().len(), 3, "all three are a.advisor1's: {mine}");
    let b: Value = t
        .client()
        .api(Method::GET, &format!("/api/v1/deliveries?from={day}&to={day}"), Some(&other), None)
        .await
        .json();
    assert_eq!(b, json!([]), "another store sees none");
    assert!(t.audit_actions("order", first).await.iter().filter(|a| *a == "order.delivery_booked").count() == 2);
}

#[tokio::test]
async fn concurrent_clients_never_share_the_last_bay() {
    let t = TestApp::new().await;
    let day = tomorrow(&t).await.to_string();
    let admin = t.token_for("a.admin").await;
    // One bay: one handover at a time.
    let r = t
        .client()
        .api(
            Method::PUT,
            "/api/v1/delivery-hours",
            Some(&admin),
            Some(json!({"version": 0, "opens": "09:00", "closes": "12:00", "slot_minutes": 60, "bays": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["slots"], json!(["09:00", "10:00", "11:00"]));
    let mut orders = Vec::new();
    for i in 0..4u32 {
        orders.push(with_car(&t, &format!("1370000320{i}"), 3200 + i).await.1);
    }
    let adv = t.token_for("a.advisor1").await;
    let mut handles = Vec::new();
    for id in orders {
        let (router, adv, day) = (t.router.clone(), adv.clone(), day.clone());
        handles.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let req = axum::http::Request::post(format!("/api/v1/orders/{id}/delivery/booking"))
                .header("authorization", format!("Bearer {adv}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(json!({"day": day, "start": "10:00"}).to_string()))
                .unwrap();
            router.oneshot(req).await.unwrap().status()
        }));
    }
    let mut got = Vec::new();
    for h in handles {
        got.push(h.await.unwrap());
    }
    assert_eq!(got.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{got:?}");
    assert!(got.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::UNPROCESSABLE_ENTITY), "{got:?}");
}

#[tokio::test]
async fn the_hours_are_the_administrators_and_checked() {
    let t = TestApp::new().await;
    let body = json!({"version": 0, "opens": "09:00", "closes": "18:00", "slot_minutes": 60, "bays": 3});
    for who in ["a.advisor1", "a.manager", "a.finance"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::PUT, "/api/v1/delivery-hours", Some(&token), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = t.token_for("a.admin").await;
    for (bad, field) in [
        (json!({"version": 0, "opens": "9点", "closes": "18:00", "slot_minutes": 60, "bays": 3}), "opens"),
        (json!({"version": 0, "opens": "09:00", "closes": "18:00", "slot_minutes": 10, "bays": 3}), "slot_minutes"),
        (json!({"version": 0, "opens": "09:00", "closes": "18:00", "slot_minutes": 60, "bays": 0}), "slot_minutes"),
    ] {
        let r = t.client().api(Method::PUT, "/api/v1/delivery-hours", Some(&admin), Some(bad.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"][0]["field"], field, "{bad}");
    }
    let r = t.client().api(Method::PUT, "/api/v1/delivery-hours", Some(&admin), Some(body.clone())).await;
    assert_eq!((r.status, r.json()["version"].clone()), (StatusCode::OK, json!(1)));
    // A second administrator still at version 0 is told the hours changed.
    let r = t.client().api(Method::PUT, "/api/v1/delivery-hours", Some(&admin), Some(body)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let adv = t.token_for("a.advisor1").await;
    let h = t.client().api(Method::GET, "/api/v1/delivery-hours", Some(&adv), None).await.json();
    assert_eq!((h["bays"].clone(), h["slots"].as_array().unwrap().len()), (json!(3), 9));
}

/// The buyer books on their page; once delivered, their page says so and books nothing.
#[tokio::test]
async fn the_buyer_books_on_their_page() {
    let t = TestApp::new().await;
    let day = tomorrow(&t).await.to_string();
    let (_, id, _) = with_car(&t, "13700003301", 3301).await;
    let token = t.link_token(id).await;
    let mut buyer = t.client();
    let page = buyer.get(&format!("/c/{token}")).await;
    assert!(page.body.contains("id=\"buyer-book-form\""), "{}", page.body);
    let r = buyer.post(&format!("/c/{token}/delivery"), &[("day", day.as_str()), ("start", "09:10")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("请选择门店交车时段内的时间"), "{}", r.body);
    let r = buyer.post(&format!("/c/{token}/delivery"), &[("day", day.as_str()), ("start", "13:30")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(&format!("{day} 13:30")), "{}", r.body);
    let adv = t.token_for("a.advisor1").await;
    let d = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/delivery"), Some(&adv), None).await.json();
    assert_eq!(d["booking"]["by_customer"], true, "{d}");
    assert_eq!(d["booking"]["start"], "13:30");
    // A tampered link books nothing.
    let r = buyer.post(&format!("/c/{token}x/delivery"), &[("day", day.as_str()), ("start", "15:00")]).await;
    assert!(r.status == StatusCode::NOT_FOUND || r.status == StatusCode::FORBIDDEN, "{}", r.status);

    let (_, done) = delivered(&t, "13700003302", 3302).await;
    let token = t.link_token(done).await;
    let page = t.client().get(&format!("/c/{token}")).await;
    assert!(page.body.contains("id=\"buyer-delivered\"") && !page.body.contains("buyer-book-form"), "{}", page.body);
    // Its journey: each step with its day, in the store's time, and nothing internal.
    for step in ["客户已确认", "客户已签署合同", "已开具机动车销售统一发票", "待交车", "已交付"]
    {
        assert!(page.body.contains(step), "{step} on the buyer's journey");
    }
    assert!(page.body.contains("id=\"customer-journey\""));
    for internal in ["底价", "审核意见", "cost_fen", "成本"] {
        assert!(!page.body.contains(internal), "{internal} shown to the buyer");
    }
}

/// The pages: the advisor books on the order page and finds the handover in the week's calendar;
/// the administrator keeps the hours, a bad value shown again with its message.
#[tokio::test]
async fn the_calendar_pages_book_list_and_keep_the_hours() {
    let t = TestApp::new().await;
    let day = tomorrow(&t).await.to_string();
    let (_, id, _) = with_car(&t, "13700003401", 3401).await;
    let mut adv = t.login("a.advisor1").await;
    let page = adv.get(&format!("/orders/{id}")).await;
    assert!(page.body.contains("id=\"delivery-book-box\""), "{}", page.body);
    let r = adv.post(&format!("/orders/{id}/delivery/booking"), &[("day", "2020-01-01"), ("start", "09:00")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("这个时段已经开始或已过去"), "{}", r.body);
    let r = adv.post(&format!("/orders/{id}/delivery/booking"), &[("day", day.as_str()), ("start", "15:00")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = adv.get(&format!("/orders/{id}")).await;
    assert!(page.body.contains(&format!("{day} 15:00")), "{}", page.body);
    let week = adv.get(&format!("/deliveries?day={day}")).await;
    assert_eq!(week.status, StatusCode::OK);
    assert!(week.body.contains(&format!("data-order=\"{id}\"")) && week.body.contains("15:00"), "{}", week.body);
    assert!(adv.get("/admin/delivery-hours").await.status == StatusCode::FORBIDDEN);
    let mut admin = t.login("a.admin").await;
    let form = admin.get("/admin/delivery-hours").await;
    assert!(form.body.contains("value=\"09:00\"") && form.body.contains("value=\"18:00\""), "{}", form.body);
    let r = admin
        .post(
            "/admin/delivery-hours",
            &[("version", "0"), ("opens", "9点"), ("closes", "18:00"), ("slot_minutes", "60"), ("bays", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("时间格式应为"), "{}", r.body);
    let r = admin
        .post(
            "/admin/delivery-hours",
            &[("version", "0"), ("opens", "08:30"), ("closes", "17:30"), ("slot_minutes", "60"), ("bays", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The home page: the advisor's handovers of the week.
    let home = adv.get("/").await;
    assert!(home.body.contains("queue-my-deliveries"), "{}", home.body);
    let today = tomorrow(&t).await - chrono::Duration::days(1);
    let listed = adv.get(&format!("/deliveries?start={today}&days=7&mine=1")).await;
    assert!(listed.body.contains("共 1 条"), "the card's list: {}", listed.body);
}

/// The buyer's page is theirs for the order's life: the link is on the order page after the
/// confirmation too, and is sent again on request (staff of the order only).
#[tokio::test]
async fn the_link_is_sent_again_for_the_orders_life() {
    let t = TestApp::new().await;
    let (adv, id, _) = with_car(&t, "13700003501", 3501).await;
    let link =
        t.client().api(Method::GET, &format!("/api/v1/orders/{id}/customer-link"), Some(&adv), None).await.json();
    assert!(link["url"].as_str().is_some_and(|u| u.contains("/c/")), "an approved order keeps its link: {link}");
    let r = t.client().api(Method::POST, &format!("/api/v1/orders/{id}/customer-link"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["sent"]["channel"], "email");
    for who in ["a.cs", "a.inventory"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::POST, &format!("/api/v1/orders/{id}/customer-link"), Some(&token), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let other = t.token_for("a.advisor3").await;
    let r = t.client().api(Method::POST, &format!("/api/v1/orders/{id}/customer-link"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut page = t.login("a.advisor1").await;
    let show = page.get(&format!("/orders/{id}")).await;
    assert!(show.body.contains("id=\"resend-link\""), "{}", show.body);
    let r = page.post(&format!("/orders/{id}/link"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let show = page.get(&format!("/orders/{id}")).await;
    assert!(show.body.contains("订单页面链接已通过电子邮件发送至"), "the box says where it went");
    assert!(t.audit_actions("order", id).await.iter().filter(|a| *a == "order.link_sent").count() == 2);
}
