//! Loaner cars (issue 31): a car of the store's loaner fleet lent against an open repair order
//! on a valid licence, one car per order and one order per car (also between two desks at
//! once), taken back with the odometer and fuel; the customer's car does not go home nor is its
//! order cancelled while the loaner is out; who may lend.

use crate::service::{car, receive};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

const LICENCE: &str = "360426199101010071";

fn loan(car: i64, due: &str) -> Value {
    json!({"vehicle_id": car, "driver_name": "赵磊", "licence_no": LICENCE,
           "licence_expires_on": crate::calendar::store_day(400), "km": 8_200, "fuel_percent": 80, "due_on": due})
}

#[tokio::test]
async fn a_loaner_goes_out_against_a_repair_order_and_comes_back_before_the_customers_car() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (first, second) = (t.loaner_car(8101).await, t.loaner_car(8102).await);
    let stock = t.demo_car(8103).await;
    let (_, vehicle) = car(&t, &sa, "13700008101", "LSVAU2180N2188101", "沪A8L101").await;
    let (_, other_vehicle) = car(&t, &sa, "13700008102", "LSVAU2180N2188102", "沪A8L102").await;
    let ro = receive(&t, &sa, vehicle, 30_000, "").await;
    let other = receive(&t, &sa, other_vehicle, 40_000, "").await;
    let lend = |r: &Value| format!("/api/v1/repair-orders/{}/loans", r["id"]);
    let tomorrow = crate::calendar::store_day(1);

    let fleet = call(&t, Method::GET, "/api/v1/loaner-cars", &sa, None).await.json();
    let ids: Vec<i64> = fleet.as_array().unwrap().iter().map(|c| c["vehicle_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [first, second], "the demo car is no loaner: {fleet}");

    // Who may not lend: the technician, the parts clerk, customer service, the sales advisor.
    for who in ["a.tech", "a.parts", "a.cs", "a.advisor1"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::POST, &lend(&ro), &token, Some(loan(first, &tomorrow))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    // Bad input: each field says what is wrong, nothing is lent.
    let r = call(&t, Method::POST, &lend(&ro), &sa, Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["vehicle_id", "driver_name", "licence_no", "licence_expires_on", "km", "fuel_percent", "due_on"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field}: {}", r.body);
    }
    for (change, code) in [
        (
            json!({"licence_expires_on": crate::calendar::store_day(0), "due_on": crate::calendar::store_day(2)}),
            "loan_licence_expired",
        ),
        (json!({"due_on": crate::calendar::store_day(-1)}), "loan_due_past"),
        (json!({"due_on": crate::calendar::store_day(31)}), "loan_due_too_far"),
        (json!({"licence_no": "360426199101010072"}), "licence_no"),
        (json!({"fuel_percent": 101}), "repair_fuel_level"),
        (json!({"km": -1}), "loan_km"),
        (json!({"vehicle_id": stock}), "loan_not_a_loaner"),
    ] {
        let mut body = loan(first, &tomorrow);
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = call(&t, Method::POST, &lend(&ro), &sa, Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{change}: {}", r.body);
        assert!(r.body.contains(code), "{change}: {}", r.body);
    }
    let none = call(&t, Method::GET, "/api/v1/loans?state=all", &sa, None).await.json();
    assert_eq!(none["total"], 0, "{none}");

    // Lent once, whatever the retries; the car and the order are then taken.
    let key = [("Idempotency-Key", "loan-ro-1")];
    let r = t.client().api_with_headers(Method::POST, &lend(&ro), Some(&sa), Some(loan(first, &tomorrow)), &key).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let l = r.json();
    let again =
        t.client().api_with_headers(Method::POST, &lend(&ro), Some(&sa), Some(loan(first, &tomorrow)), &key).await;
    assert_eq!(again.json()["id"], l["id"]);
    assert_eq!((l["status"].as_str(), l["licence_masked"].as_str()), (Some("out"), Some("**************0071")));
    assert!(!l.to_string().contains(LICENCE), "the licence number is not shown: {l}");
    let r = call(&t, Method::POST, &lend(&ro), &sa, Some(loan(second, &tomorrow))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("loan_order_has_loan"), "{}", r.body);
    let r = call(&t, Method::POST, &lend(&other), &sa, Some(loan(first, &tomorrow))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("loan_car_out"), "{}", r.body);
    let fleet = call(&t, Method::GET, "/api/v1/loaner-cars", &sa, None).await.json();
    assert_eq!(fleet[0]["loan"]["repair_order_number"], ro["number"], "{fleet}");
    assert!(fleet[1]["loan"].is_null(), "{fleet}");

    // The order is not cancelled while the loaner is out; the repair order's steps say it left.
    let c = call(
        &t,
        Method::POST,
        &format!("/api/v1/repair-orders/{}/cancel", ro["id"]),
        &sa,
        Some(json!({"version": ro["version"], "reason": "客户改约"})),
    )
    .await;
    assert_eq!(c.status, StatusCode::CONFLICT, "{}", c.body);
    assert!(c.body.contains("loan_still_out"), "{}", c.body);
    let page = t.login("a.service").await.get(&format!("/service/repair-orders/{}", ro["id"])).await;
    assert!(page.body.contains("id=\"loaner-box\"") && page.body.contains("/service/loans/"), "{}", page.body);
    assert!(page.body.contains("借出代步车"), "the step on the order's timeline");

    // Back: less on the odometer than when it left is refused; then driven and fuel used.
    let back = format!("/api/v1/loans/{}/return", l["id"]);
    let r = call(&t, Method::POST, &back, &sa, Some(json!({"version": l["version"], "km": 8_100, "fuel_percent": 50})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("loan_mileage_back"), "{}", r.body);
    let tech = t.token_for("a.tech").await;
    let r =
        call(&t, Method::POST, &back, &tech, Some(json!({"version": l["version"], "km": 8_350, "fuel_percent": 50})))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = call(
        &t,
        Method::POST,
        &back,
        &sa,
        Some(json!({"version": l["version"], "km": 8_350, "fuel_percent": 50, "note": "右前轮毂擦伤"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = r.json();
    assert_eq!((b["driven_km"].as_i64(), b["fuel_used_percent"].as_i64()), (Some(150), Some(30)), "{b}");
    let twice =
        call(&t, Method::POST, &back, &sa, Some(json!({"version": b["version"], "km": 8_400, "fuel_percent": 50})))
            .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("loan_returned"), "{}", twice.body);
    let audit = t.audit_actions("loan", l["id"].as_i64().unwrap()).await;
    assert_eq!(audit, ["loan.returned", "loan.lent"], "newest first");

    // The car is free again: the other order borrows it, and this one is cancelled.
    let r = call(&t, Method::POST, &lend(&other), &sa, Some(loan(first, &tomorrow))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let ro = call(&t, Method::GET, &format!("/api/v1/repair-orders/{}", ro["id"]), &sa, None).await.json();
    let c = call(
        &t,
        Method::POST,
        &format!("/api/v1/repair-orders/{}/cancel", ro["id"]),
        &sa,
        Some(json!({"version": ro["version"], "reason": "客户改约"})),
    )
    .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let out = call(&t, Method::GET, "/api/v1/loans?state=out", &sa, None).await.json();
    assert_eq!(out["total"], 1, "{out}");
    let r = call(&t, Method::POST, &lend(&ro), &sa, Some(loan(second, &tomorrow))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no loaner on a cancelled order: {}", r.body);
    assert!(r.body.contains("loan_order_closed"), "{}", r.body);
    let bad = call(&t, Method::GET, "/api/v1/loans?state=lost", &sa, None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Another store sees neither the loans nor the fleet.
    let b = t.token_for("b.advisor1").await;
    let r = call(&t, Method::GET, &format!("/api/v1/loans/{}", l["id"]), &b, None).await;
    assert!(matches!(r.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{}", r.body);
}

#[tokio::test]
async fn two_desks_lending_the_same_loaner_at_once_lend_it_once() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let loaner = t.loaner_car(8201).await;
    let tomorrow = crate::calendar::store_day(1);
    let mut orders = Vec::new();
    for i in 0..3 {
        let (_, v) =
            car(&t, &sa, &format!("1370000820{i}"), &format!("LSVAU2180N218820{i}"), &format!("沪A8M20{i}")).await;
        orders.push(receive(&t, &sa, v, 10_000, "").await["id"].as_i64().unwrap());
    }
    let lend = |id: i64| {
        let mut client = t.client();
        let (sa, body) = (sa.clone(), loan(loaner, &tomorrow));
        async move { client.api(Method::POST, &format!("/api/v1/repair-orders/{id}/loans"), Some(&sa), Some(body)).await }
    };
    let (x, y, z) = tokio::join!(lend(orders[0]), lend(orders[1]), lend(orders[2]));
    let statuses = [x.status, y.status, z.status];
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 2, "{statuses:?}");
}
