//! Appointments (issue 31): a car booked into a slot of the workshop's day, never more cars in a
//! slot than bays (also when bookings race for the last one) nor more hours in a day than the
//! technicians can work; bad slots refused with their reason; the car's arrival opens its repair
//! order from the appointment; the customer reminded the day before, once.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

fn booking(vehicle: i64, day: &str, slot: &str, hours: &str) -> Value {
    json!({"customer_vehicle_id": vehicle, "day": day, "starts_at": slot, "requested_work": "5000 公里保养", "hours": hours})
}

async fn set_bays(t: &TestApp, bays: i32) {
    let (store, by) = (t.fx.store_a.id, t.actor("a.gm").await.user_id);
    t.with_app(move |app| {
        let now = app.now();
        app.database()
            .write(|c| {
                storage::service::appointments::set_bays(c, (domain::ids::StoreId(store), by), (bays, 18_000), now)
                    .map_err(app::AppError::from)
            })
            .expect("bays")
    })
    .await;
}

#[tokio::test]
async fn a_slot_holds_its_bays_and_a_day_its_technicians_hours() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let tomorrow = crate::calendar::store_day(1);
    let mut cars = Vec::new();
    for i in 0..4 {
        let (_, v) = crate::service::car(&t, &sa, &format!("1370000510{i}"), &format!("LSVAU2180N218510{i}"), "").await;
        cars.push(v);
    }
    set_bays(&t, 2).await;
    // The workshop's people read the day; only the desk books.
    let tech = t.token_for("a.tech").await;
    let r =
        call(&t, Method::POST, "/api/v1/appointments", &tech, Some(booking(cars[0], &tomorrow, "09:00", "1"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let sales = t.token_for("a.advisor1").await;
    assert_eq!(
        call(&t, Method::GET, &format!("/api/v1/appointments?day={tomorrow}"), &sales, None).await.status,
        StatusCode::FORBIDDEN
    );
    // Bad slots say why, and change nothing.
    let yesterday = crate::calendar::store_day(-1);
    let far = crate::calendar::store_day(90);
    for (day, slot, hours, field, code) in [
        (yesterday.as_str(), "09:00", "1", "starts_at", "appointment_past"),
        (tomorrow.as_str(), "09:15", "1", "starts_at", "appointment_not_a_slot"),
        (tomorrow.as_str(), "18:00", "1", "starts_at", "appointment_not_a_slot"),
        (far.as_str(), "09:00", "1", "starts_at", "appointment_too_far"),
        (tomorrow.as_str(), "09:00", "-1", "hours", "appointment_hours"),
        ("2026-13-01", "09:00", "1", "day", "date_invalid"),
    ] {
        let r = call(&t, Method::POST, "/api/v1/appointments", &sa, Some(booking(cars[0], day, slot, hours))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{day} {slot}: {}", r.body);
        assert!(r.body.contains(field) && r.body.contains(code), "{day} {slot}: {}", r.body);
    }
    // Two bays: the third car in the slot is refused; the day holds 16 h (two technicians).
    for car in &cars[..2] {
        let r = call(&t, Method::POST, "/api/v1/appointments", &sa, Some(booking(*car, &tomorrow, "09:00", "1"))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = call(&t, Method::POST, "/api/v1/appointments", &sa, Some(booking(cars[2], &tomorrow, "09:00", "1"))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("appointment_slot_full"), "{}", r.body);
    let r =
        call(&t, Method::POST, "/api/v1/appointments", &sa, Some(booking(cars[2], &tomorrow, "10:00", "14.5"))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("appointment_day_full"), "{}", r.body);
    let board = call(&t, Method::GET, &format!("/api/v1/appointments?day={tomorrow}"), &tech, None).await.json();
    assert_eq!((board["booked_hours_x100"].as_i64(), board["capacity_hours_x100"].as_i64()), (Some(200), Some(1600)));
    let nine = board["slots"].as_array().unwrap().iter().find(|s| s["starts_at"] == "09:00").unwrap().clone();
    assert_eq!((nine["free"].as_i64(), nine["appointments"].as_array().unwrap().len()), (Some(0), 2));
    // A cancellation says why and frees its bay.
    let first = &nine["appointments"][0];
    let close = format!("/api/v1/appointments/{}/close", first["id"]);
    let r =
        call(&t, Method::POST, &close, &sa, Some(json!({"version": first["version"], "status": "cancelled"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = call(&t, Method::POST, &close, &sa, Some(json!({"version": first["version"], "status": "no_show"}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "not a no-show before its slot: {}", r.body);
    let r = call(
        &t,
        Method::POST,
        &close,
        &sa,
        Some(json!({"version": first["version"], "status": "cancelled", "reason": "客户出差"})),
    )
    .await;
    assert_eq!(r.json()["status"], "cancelled");
    let r = call(&t, Method::POST, "/api/v1/appointments", &sa, Some(booking(cars[2], &tomorrow, "09:00", "1"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "the freed bay is taken again: {}", r.body);
    assert!(
        t.audit_actions("appointment", first["id"].as_i64().unwrap()).await.contains(&"appointment.closed".to_string())
    );
}

#[tokio::test]
async fn bookings_racing_for_the_last_bay_give_it_to_one() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let day = crate::calendar::store_day(2);
    set_bays(&t, 1).await;
    let (_, a) = crate::service::car(&t, &sa, "13700005201", "LSVAU2180N2185201", "").await;
    let (_, b) = crate::service::car(&t, &sa, "13700005202", "LSVAU2180N2185202", "").await;
    let (_, c) = crate::service::car(&t, &sa, "13700005203", "LSVAU2180N2185203", "").await;
    let book = |v: i64| {
        let mut client = t.client();
        let (sa, body) = (sa.clone(), booking(v, &day, "14:00", "1"));
        async move { client.api(Method::POST, "/api/v1/appointments", Some(&sa), Some(body)).await }
    };
    let (x, y, z) = tokio::join!(book(a), book(b), book(c));
    let statuses = [x.status, y.status, z.status];
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 2, "{statuses:?}");
    let board = call(&t, Method::GET, &format!("/api/v1/appointments?day={day}"), &sa, None).await.json();
    let two = board["slots"].as_array().unwrap().iter().find(|s| s["starts_at"] == "14:00").unwrap().clone();
    assert_eq!(two["appointments"].as_array().unwrap().len(), 1, "{two}");
}

#[tokio::test]
async fn the_car_arrives_for_its_appointment_and_the_customer_was_reminded_the_day_before() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, car) = crate::service::car(&t, &sa, "13700005301", "LSVAU2180N2185301", "").await;
    let tomorrow = crate::calendar::store_day(1);
    let key = [("Idempotency-Key", "appt-5301")];
    let body = booking(car, &tomorrow, "16:30", "1.5");
    let first =
        t.client().api_with_headers(Method::POST, "/api/v1/appointments", Some(&sa), Some(body.clone()), &key).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = t.client().api_with_headers(Method::POST, "/api/v1/appointments", Some(&sa), Some(body), &key).await;
    assert_eq!(again.json()["id"], first.json()["id"], "the same key, the same appointment");
    let id = first.json()["id"].as_i64().unwrap();
    // Today the reminder goes out for tomorrow's appointment, once.
    let sent = t.with_app(|app| app::service::remind_appointments(app).expect("reminders")).await;
    assert_eq!(sent, 1);
    let sent = t.with_app(|app| app::service::remind_appointments(app).expect("reminders")).await;
    assert_eq!(sent, 0, "once");
    // The car comes: its repair order opens from the appointment.
    let body = json!({"customer_vehicle_id": car, "mileage_km": 5200, "fuel_percent": 60, "complaints": "5000 公里保养", "appointment_id": id});
    let r = call(&t, Method::POST, "/api/v1/repair-orders", &sa, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let a = call(&t, Method::GET, &format!("/api/v1/appointments/{id}"), &sa, None).await.json();
    assert_eq!((a["status"].as_str(), a["repair_order_id"].as_i64()), (Some("arrived"), r.json()["id"].as_i64()));
}
