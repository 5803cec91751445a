//! Logistics through HTTP (issue 16): a factory order for an approved order, the VINs the maker
//! announces on it, the truck that brings them, the carrier's update and the check-in at the
//! gate; the order's status and the stock counts after every step; who may do each; refusals
//! that change nothing; concurrent check-ins on both databases.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

fn vin(n: u32) -> String {
    let mut s = format!("LFVBA2180M{n:07}");
    let check = char::from(domain::ident::Vin::check_digit(&s));
    s.replace_range(8..9, &check.to_string());
    s
}

async fn approved(t: &TestApp, mobile: &str) -> i64 {
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, mobile).await;
    let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(answer["status"], "approved", "{answer}");
    id
}

async fn order(t: &TestApp, id: i64) -> Value {
    let adv = t.token_for("a.advisor1").await;
    t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json()
}

/// The store's stock counts summed per status over every trim and colour.
async fn counts(t: &TestApp, token: &str) -> [i64; 6] {
    let r = t.client().api(Method::GET, "/api/v1/stock", Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut sum = [0i64; 6];
    for line in r.json()["items"].as_array().cloned().unwrap_or_default() {
        for (i, n) in line["counts"].as_array().unwrap().iter().enumerate() {
            sum[i] += n.as_i64().unwrap();
        }
    }
    sum
}

/// A vehicle of the fixture's trim and colour registered by store A's logistics, `ordered` from
/// the factory or `in_stock`.
async fn registered(t: &TestApp, n: u32, whereabouts: &'static str) -> app::inventory::Vehicle {
    let (actor, trim, colour) = (t.actor("a.inventory").await, t.fx.trim, t.fx.colour);
    t.with_app(move |app| {
        let input = app::inventory::VehicleInput {
            vin: vin(n),
            trim_id: Some(trim),
            exterior_colour_id: Some(colour),
            whereabouts: whereabouts.into(),
            ..Default::default()
        };
        app::inventory::register(app, &actor, &input, None).expect("registered")
    })
    .await
}

async fn post(t: &TestApp, token: &str, path: &str, body: Value) -> Resp {
    t.client().api(Method::POST, path, Some(token), Some(body)).await
}

#[tokio::test]
async fn factory_order_shipment_check_in_and_the_orders_status() {
    let t = TestApp::new().await;
    let order_id = approved(&t, "13700002001").await;
    let logistics = t.token_for("a.inventory").await;
    let advisor = t.token_for("a.advisor1").await;
    let spec = json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour});
    let mut body = json!({"quantity": 2, "order_ids": [order_id], "expected_on": in_days(40)});
    body.as_object_mut().unwrap().extend(spec.as_object().unwrap().clone());

    // Only logistics orders from the factory; a retried create answers with the same order.
    let r = post(&t, &advisor, "/api/v1/factory-orders", body.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut c = t.client();
    let first = c
        .api_with_header(Method::POST, "/api/v1/factory-orders", &logistics, ("Idempotency-Key", "fo-1"), body.clone())
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again =
        c.api_with_header(Method::POST, "/api/v1/factory-orders", &logistics, ("Idempotency-Key", "fo-1"), body).await;
    assert_eq!(again.json()["id"], first.json()["id"]);
    let fo = first.json();
    let fo_id = fo["id"].as_i64().unwrap();
    assert_eq!(fo["status"], "placed");
    assert!(fo["number"].as_str().unwrap().starts_with("FO-"), "{fo}");
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "ordered_from_factory");
    // Its page names the customer order by its number, not by a database id.
    let order_no = order(&t, order_id).await["order"]["order_no"].as_str().unwrap().to_string();
    let page = t.login("a.inventory").await.get(&format!("/factory-orders/{fo_id}")).await;
    assert!(page.body.contains(&order_no) && !page.body.contains(&format!(">#{order_id}<")), "{}", page.body);
    // The same order on a second factory order, a past date, no quantity: refused, nothing made.
    let r = post(
        &t,
        &logistics,
        "/api/v1/factory-orders",
        json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour, "quantity": 1, "order_ids": [order_id]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = post(
        &t,
        &logistics,
        "/api/v1/factory-orders",
        json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour, "quantity": 0, "expected_on": "2001-01-01"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert!(fields.contains(&"quantity".into()) && fields.contains(&"expected_on".into()), "{fields:?}");
    let listed = c.api(Method::GET, "/api/v1/factory-orders", Some(&logistics), None).await.json();
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(counts(&t, &logistics).await, [0; 6]);

    // The maker announces two VINs: the first goes to the waiting order, the second is stock on
    // order; a third is refused (the factory order is complete).
    let path = format!("/api/v1/factory-orders/{fo_id}/vehicles");
    let r = post(&t, &logistics, &path, json!({"vin": vin(1), "engine_no": "E1"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["order_id"].as_i64(), Some(order_id), "{}", r.body);
    let r = post(&t, &logistics, &path, json!({"vin": vin(2)})).await;
    assert_eq!((r.status, r.json()["status"].clone()), (StatusCode::CREATED, json!("ordered")), "{}", r.body);
    let r = post(&t, &logistics, &path, json!({"vin": vin(3)})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "factory_order_not_open");
    let fo = c.api(Method::GET, &format!("/api/v1/factory-orders/{fo_id}"), Some(&logistics), None).await.json();
    assert_eq!((fo["status"].clone(), fo["announced"].clone()), (json!("closed"), json!(2)), "{fo}");
    // [ordered, in transit, in stock, reserved, allocated, in PDI]
    assert_eq!(counts(&t, &logistics).await, [1, 0, 0, 0, 1, 0]);
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "ordered_from_factory");

    // A truck leaves the factory: a VIN that is not the store's is refused and nothing moves.
    let truck =
        json!({"carrier": "安吉物流", "tracking_no": "沪A12345", "eta": in_days(43), "vins": [vin(1), vin(2), vin(9)]});
    let r = post(&t, &logistics, "/api/v1/shipments", truck).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(counts(&t, &logistics).await, [1, 0, 0, 0, 1, 0]);
    let r = post(
        &t,
        &logistics,
        "/api/v1/shipments",
        json!({"carrier": "安吉物流", "eta": in_days(43), "vins": [vin(1), vin(2).to_lowercase()]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let sh = r.json();
    let sh_id = sh["id"].as_i64().unwrap();
    assert_eq!((sh["count"].clone(), sh["status"].clone()), (json!(2), json!("in_transit")), "{sh}");
    assert_eq!(counts(&t, &logistics).await, [0, 1, 0, 0, 1, 0]);
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "in_transit");
    // Days go by past the ETA: the truck is still 在途, and marked late on logistics' home page.
    let late: chrono::NaiveDate = crate::calendar::store_day(-3).parse().expect("day");
    t.with_app(move |app| {
        use diesel::prelude::*;
        use storage::schema::shipments as s;
        app.database().write(|c| {
            storage::native!(c, c => diesel::update(s::table.find(sh_id)).set(s::eta.eq(Some(late))).execute(c))
                .map_err(|e| app::AppError::internal(e.to_string()))
        })
    })
    .await
    .expect("eta moved");
    let home = t.login("a.inventory").await.get("/").await.body;
    assert!(home.contains("已过预计到达 3 天"), "{home}");
    // The carrier reports a new ETA, then the truck at the gate: the order says "arrived".
    let updates = format!("/api/v1/shipments/{sh_id}/updates");
    let r = post(
        &t,
        &logistics,
        &updates,
        json!({"version": 1, "status": "in_transit", "eta": in_days(44), "note": "高速封路"}),
    )
    .await;
    assert_eq!((r.status, r.json()["eta"].clone()), (StatusCode::OK, json!(in_days(44))), "{}", r.body);
    let r = post(&t, &logistics, &updates, json!({"version": 1, "status": "arrived"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a stale version is refused");
    let r = post(&t, &logistics, &updates, json!({"version": 2, "status": "received"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "received is the gate's, not the carrier's");
    let r = post(&t, &logistics, &updates, json!({"version": 2, "status": "arrived"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "arrived");

    // Check-in at the gate: a location for the yard first (the store's administrator).
    let admin = t.token_for("a.admin").await;
    let r = post(&t, &logistics, "/api/v1/locations", json!({"name": "后场", "kind": "yard"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "logistics does not manage locations");
    let r = post(&t, &admin, "/api/v1/locations", json!({"name": "后场", "kind": "yard"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let yard = r.json()["id"].as_i64().unwrap();
    let r = post(&t, &admin, "/api/v1/locations", json!({"name": "后场", "kind": "garage"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let check_ins = format!("/api/v1/shipments/{sh_id}/check-ins");
    let r = post(&t, &advisor, &check_ins, json!({"vin": vin(2)})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(&t, &logistics, &check_ins, json!({"vin": vin(3), "location_id": yard})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "shipment_vin_not_expected");
    let r = post(&t, &logistics, &check_ins, json!({"vin": vin(2), "inspection": "damaged"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "damage needs its note");
    assert_eq!(counts(&t, &logistics).await, [0, 1, 0, 0, 1, 0], "refusals change nothing");
    let r = post(
        &t,
        &logistics,
        &check_ins,
        json!({"vin": vin(2), "location_id": yard, "inspection": "damaged", "note": "左前门划痕"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["already"].clone(), r.json()["shipment"]["status"].clone()), (json!(false), json!("arrived")));
    assert_eq!(counts(&t, &logistics).await, [0, 0, 1, 0, 1, 0]);
    let spaced = format!(" {} {} ", &vin(1)[..9].to_lowercase(), &vin(1)[9..]);
    let r = post(&t, &logistics, &check_ins, json!({"vin": spaced, "location_id": yard})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["shipment"]["status"], "received");
    let r = post(&t, &logistics, &check_ins, json!({"vin": vin(1)})).await;
    assert_eq!(r.json()["already"], true, "scanned twice: nothing to do");
    assert_eq!(counts(&t, &logistics).await, [0, 0, 1, 0, 1, 0]);
    let o = order(&t, order_id).await;
    assert_eq!(o["order"]["vehicle_fact"], "arrived");
    // The vehicle is in the yard, its store aging started; the list finds it by its last 6.
    let found = c
        .api(Method::GET, &format!("/api/v1/vehicles?vin={}&location_id={yard}", &vin(2)[11..]), Some(&logistics), None)
        .await
        .json();
    assert_eq!(found["total"], 1, "{found}");
    assert!(found["items"][0]["store_received_on"].is_string(), "{found}");
    let r = c.api(Method::GET, "/api/v1/vehicles?status=lost", Some(&logistics), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let sh = c.api(Method::GET, &format!("/api/v1/shipments/{sh_id}"), Some(&logistics), None).await.json();
    let damaged: Vec<&Value> =
        sh["vehicles"].as_array().unwrap().iter().filter(|k| k["inspection"] == "damaged").collect();
    assert_eq!(damaged.len(), 1, "{sh}");
    assert_eq!(sh["events"].as_array().unwrap().len(), 4, "left, new ETA, arrived, received: {sh}");
    // Another store does not see the shipment or the factory order.
    let other = t.token_for("b.advisor1").await;
    for path in [format!("/api/v1/shipments/{sh_id}"), format!("/api/v1/factory-orders/{fo_id}")] {
        let r = c.api(Method::GET, &path, Some(&other), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_factory_order_without_vins_is_cancelled_and_its_order_waits_again() {
    let t = TestApp::new().await;
    let order_id = approved(&t, "13700002002").await;
    let logistics = t.token_for("a.inventory").await;
    let body = json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour, "quantity": 1, "order_ids": [order_id], "draft": true});
    let r = post(&t, &logistics, "/api/v1/factory-orders", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "none", "a draft is not sent yet");
    let r = post(&t, &logistics, &format!("/api/v1/factory-orders/{id}/vehicles"), json!({"vin": vin(10)})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "no VIN on a draft");
    let r = post(&t, &logistics, &format!("/api/v1/factory-orders/{id}/place"), json!({"version": 1})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "ordered_from_factory");
    let r =
        post(&t, &logistics, &format!("/api/v1/factory-orders/{id}/cancel"), json!({"version": 2, "reason": ""})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(
        &t,
        &logistics,
        &format!("/api/v1/factory-orders/{id}/cancel"),
        json!({"version": 2, "reason": "厂家停产该颜色"}),
    )
    .await;
    assert_eq!((r.status, r.json()["status"].clone()), (StatusCode::OK, json!("cancelled")), "{}", r.body);
    assert_eq!(order(&t, order_id).await["order"]["vehicle_fact"], "none");
    // The order can wait on another factory order now.
    let body = json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour, "quantity": 1, "order_ids": [order_id]});
    let r = post(&t, &logistics, "/api/v1/factory-orders", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

/// The gate under load: the same VIN scanned by four clerks at once is received once; four
/// different VINs at once complete the shipment exactly once.
#[tokio::test]
async fn concurrent_check_ins_receive_each_vin_once_and_complete_once() {
    let t = TestApp::new().await;
    let logistics = t.token_for("a.inventory").await;
    let r = post(
        &t,
        &logistics,
        "/api/v1/factory-orders",
        json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour, "quantity": 5}),
    )
    .await;
    let fo = r.json()["id"].as_i64().unwrap();
    let vins: Vec<String> = (20..25).map(vin).collect();
    for v in &vins {
        let r = post(&t, &logistics, &format!("/api/v1/factory-orders/{fo}/vehicles"), json!({"vin": v})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = post(&t, &logistics, "/api/v1/shipments", json!({"carrier": "中铁特货", "vins": vins})).await;
    let sh = r.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/shipments/{sh}/check-ins");
    let answers = at_once(&t, &logistics, &path, vec![vins[0].clone(); 4]).await;
    let fresh = answers.iter().filter(|r| r.status == StatusCode::OK && r.json()["already"] == false).count();
    let already = answers.iter().filter(|r| r.status == StatusCode::OK && r.json()["already"] == true).count();
    let stale = answers.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!(fresh, 1, "{:?}", answers.iter().map(|r| &r.body).collect::<Vec<_>>());
    assert_eq!(already + stale, 3);
    let answers = at_once(&t, &logistics, &path, vins[1..].to_vec()).await;
    assert!(
        answers.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        answers.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    let s = t.client().api(Method::GET, &format!("/api/v1/shipments/{sh}"), Some(&logistics), None).await.json();
    assert_eq!((s["status"].clone(), s["checked_in"].clone()), (json!("received"), json!(5)), "{s}");
    let received = s["events"].as_array().unwrap().iter().filter(|e| e["status"] == "received").count();
    assert_eq!(received, 1, "completed exactly once: {s}");
    assert_eq!(counts(&t, &logistics).await, [0, 0, 5, 0, 0, 0]);
}

/// Each VIN checked in by its own client, all at once.
async fn at_once(t: &TestApp, token: &str, path: &str, vins: Vec<String>) -> Vec<Resp> {
    let mut tasks = Vec::new();
    for v in vins {
        let (mut c, token, path) = (t.client(), token.to_string(), path.to_string());
        tasks
            .push(tokio::spawn(async move { c.api(Method::POST, &path, Some(&token), Some(json!({"vin": v}))).await }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("task"));
    }
    answers
}

/// A car sent to the other store: requested by logistics, approved by the general manager (not
/// their own request), shipped, checked in there. The group's count never changes; the store's
/// aging restarts at the other store, the group's goes on.
#[tokio::test]
async fn a_transfer_between_stores_keeps_the_counts_and_both_agings() {
    let t = TestApp::new().await;
    let logistics = t.token_for("a.inventory").await;
    let gm = t.token_for("a.gm").await;
    let there = t.token_for("b.inventory").await;
    // Two cars received at store A 75 days ago, one of them held for a customer.
    let (trim, colour) = (t.fx.trim, t.fx.colour);
    let received = chrono::Utc::now().naive_utc() - chrono::Duration::days(75);
    let actor = t.actor("a.inventory").await;
    let cars = t
        .with_app(move |app| {
            let app = app.with_clock(app::Clock::set_to(received));
            (30..32)
                .map(|n| {
                    let input = app::inventory::VehicleInput {
                        vin: vin(n),
                        trim_id: Some(trim),
                        exterior_colour_id: Some(colour),
                        whereabouts: "in_stock".into(),
                        ..Default::default()
                    };
                    app::inventory::register(&app, &actor, &input, None).expect("registered")
                })
                .collect::<Vec<_>>()
        })
        .await;
    let held = &cars[1];
    let r =
        post(&t, &logistics, &format!("/api/v1/vehicles/{}/release", held.id), json!({"version": 1, "reason": "x"}))
            .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a free car has nothing to release");
    let actor = t.actor("a.inventory").await;
    let (hid, hv) = (held.id, held.version);
    t.with_app(move |app| app::inventory::apply(app, &actor, hid, hv, domain::inventory::Command::Reserve, "客户意向"))
        .await
        .expect("reserved");
    let store_b = t.fx.store_b.id;
    let both = |a: [i64; 6], b: [i64; 6]| -> i64 { a.iter().sum::<i64>() + b.iter().sum::<i64>() };

    // Refusals: a reserved car, the same store, no reason; nothing is made.
    let r =
        post(&t, &logistics, "/api/v1/transfers", json!({"to_store_id": store_b, "vins": [vin(31)], "reason": "调剂"}))
            .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("vehicle_committed")),
        "{}",
        r.body
    );
    let r = post(
        &t,
        &logistics,
        "/api/v1/transfers",
        json!({"to_store_id": t.fx.store_a.id, "vins": [vin(30)], "reason": ""}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = post(
        &t,
        &t.token_for("a.advisor1").await,
        "/api/v1/transfers",
        json!({"to_store_id": store_b, "vins": [vin(30)], "reason": "调剂"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(
        &t,
        &logistics,
        "/api/v1/transfers",
        json!({"to_store_id": store_b, "vins": [vin(30)], "reason": "杭州店客户指定颜色"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let tr = r.json();
    let id = tr["id"].as_i64().unwrap();
    assert_eq!(tr["status"], "requested");
    let r = post(
        &t,
        &logistics,
        "/api/v1/transfers",
        json!({"to_store_id": store_b, "vins": [vin(30)], "reason": "again"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a car on one transfer at a time");

    // Logistics does not approve; the general manager does not approve their own request.
    let r = post(&t, &logistics, &format!("/api/v1/transfers/{id}/approve"), json!({"version": 1})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(&t, &logistics, &format!("/api/v1/transfers/{id}/ship"), json!({"version": 1, "carrier": "自有板车"}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "not approved yet");
    let own =
        post(&t, &gm, "/api/v1/transfers", json!({"to_store_id": store_b, "vins": [vin(30)], "reason": "x"})).await;
    assert_eq!(own.status, StatusCode::CONFLICT, "the car is on the first request");
    let r = post(&t, &gm, &format!("/api/v1/transfers/{id}/reject"), json!({"version": 1})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a refusal says why");
    let r = post(&t, &gm, &format!("/api/v1/transfers/{id}/approve"), json!({"version": 1, "note": "同意"})).await;
    assert_eq!((r.status, r.json()["status"].clone()), (StatusCode::OK, json!("approved")), "{}", r.body);
    let (a, b) = (counts(&t, &logistics).await, counts(&t, &there).await);
    assert_eq!((a, b), ([0, 0, 1, 1, 0, 0], [0; 6]));

    let r = post(
        &t,
        &logistics,
        &format!("/api/v1/transfers/{id}/ship"),
        json!({"version": 2, "carrier": "自有板车", "eta": in_days(10)}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let shipment = r.json()["shipment_id"].as_i64().unwrap();
    let (a2, b2) = (counts(&t, &logistics).await, counts(&t, &there).await);
    assert_eq!(a2, [0, 1, 0, 1, 0, 0], "on the road, still store A's");
    assert_eq!(both(a2, b2), both(a, b), "the group's count is the same on the road");
    let incoming = t.client().api(Method::GET, "/api/v1/shipments?status=in_transit", Some(&there), None).await.json();
    assert_eq!(incoming["items"][0]["id"].as_i64(), Some(shipment), "store B sees the truck coming: {incoming}");

    // Store A cannot check it in; store B can.
    let path = format!("/api/v1/shipments/{shipment}/check-ins");
    let r = post(&t, &logistics, &path, json!({"vin": vin(30)})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post(&t, &there, &path, json!({"vin": vin(30)})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (a3, b3) = (counts(&t, &logistics).await, counts(&t, &there).await);
    assert_eq!((a3, b3), ([0, 0, 0, 1, 0, 0], [0, 0, 1, 0, 0, 0]));
    assert_eq!(both(a3, b3), both(a, b));
    let tr = t.client().api(Method::GET, &format!("/api/v1/transfers/{id}"), Some(&logistics), None).await.json();
    assert_eq!(tr["status"], "received", "{tr}");
    let car = t.client().api(Method::GET, &format!("/api/v1/vehicles/{}", cars[0].id), Some(&there), None).await.json();
    let today = crate::calendar::store_day(0);
    assert_eq!(car["store_id"].as_i64(), Some(store_b));
    assert_eq!(car["store_received_on"], json!(today), "the store's aging restarts: {car}");
    assert_eq!(
        car["first_received_on"],
        json!((received + chrono::Duration::hours(8)).date().to_string()),
        "the group's does not: {car}"
    );
    let r = t.client().api(Method::GET, &format!("/api/v1/vehicles/{}", cars[0].id), Some(&logistics), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "it is store B's now");
}

/// A threshold alerts once when the free stock crosses it, not at every check; its e-mails go
/// to the outbox in the same transaction; bad thresholds and other roles are refused.
#[tokio::test]
async fn a_threshold_alerts_once_per_crossing() {
    let t = TestApp::new().await;
    let logistics = t.token_for("a.inventory").await;
    let put = |token: String, body: Value| {
        let mut c = t.client();
        async move { c.api(Method::PUT, "/api/v1/stock/thresholds", Some(&token), Some(body)).await }
    };
    let trim = t.fx.trim;
    for (body, field) in [
        (json!({"trim_id": trim, "low": -1}), "low"),
        (json!({"trim_id": trim, "low": 5, "high": 5}), "low"),
        (json!({"low": 1}), "trim_id"),
        (json!({"trim_id": 999_999, "low": 1}), "trim_id"),
    ] {
        let r = put(logistics.clone(), body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"][0]["field"], field, "{body}");
    }
    let r = put(t.token_for("a.advisor1").await, json!({"trim_id": trim, "low": 1})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = put(logistics.clone(), json!({"trim_id": trim, "low": 2, "high": 3})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["items"][0]["count"], 0);
    let check = || t.with_app(|app| app::inventory::thresholds::check(app).expect("check"));
    let mails = || {
        t.with_app(|app| {
            app.database()
                .read(|c| storage::outbox::to_recipient(c, "a.inventory@dealer.example", 100))
                .expect("outbox")
                .len()
        })
    };
    let before = mails().await;
    assert_eq!(check().await, 1, "no stock: below the low threshold");
    assert!(mails().await > before, "the alert is e-mailed");
    let after_first = mails().await;
    assert_eq!(check().await, 0, "still low: no second alert");
    assert_eq!(mails().await, after_first);
    // Four cars arrive: above the high threshold, one alert.
    for n in 40..44 {
        registered(&t, n, "in_stock").await;
    }
    assert_eq!(check().await, 1, "above the high threshold");
    assert_eq!(check().await, 0);
    let r = t.client().api(Method::GET, "/api/v1/stock/thresholds", Some(&logistics), None).await.json();
    assert_eq!((r["items"][0]["level"].clone(), r["items"][0]["alerts"].clone()), (json!("high"), json!(2)), "{r}");
}

#[tokio::test]
async fn a_replenishment_suggestion_explains_itself_and_becomes_a_draft_factory_order() {
    let t = TestApp::new().await;
    let logistics = t.token_for("a.inventory").await;
    let waiting = [approved(&t, "13700002101").await, approved(&t, "13700002102").await];
    registered(&t, 60, "in_stock").await;
    let r = t
        .client()
        .api(
            Method::PUT,
            "/api/v1/stock/thresholds",
            Some(&logistics),
            Some(json!({"trim_id": t.fx.trim, "low": 2, "high": 6})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let get = |token: String, query: &'static str| {
        let mut c = t.client();
        async move { c.api(Method::GET, &format!("/api/v1/stock/replenishment{query}"), Some(&token), None).await }
    };
    let q = "?lead_weeks=2&cover_weeks=2&history_weeks=4";
    // Sales staff do not order from the factory; weeks out of range are refused by field.
    assert_eq!(get(t.token_for("a.advisor1").await, q).await.status, StatusCode::FORBIDDEN);
    let r = get(logistics.clone(), "?lead_weeks=0&cover_weeks=27").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<Value> =
        r.json()["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].clone()).collect();
    assert_eq!(fields, [json!("lead_weeks"), json!("cover_weeks")]);

    // Two orders wait, two sold in four weeks (two more in the next four), a safety stock of two:
    // six needed, one free car in stock, five to order (the high threshold leaves room for seven).
    let r = get(logistics.clone(), q).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let line = r.json()["lines"][0].clone();
    let reason = |line: &Value, code: &str| {
        line["reasons"].as_array().unwrap().iter().find(|x| x["code"] == code).map(|x| x["value"].as_i64().unwrap())
    };
    assert_eq!((line["trim_id"].as_i64(), line["exterior_colour_id"].as_i64()), (Some(t.fx.trim), Some(t.fx.colour)));
    for (code, n) in [
        ("open-orders", 2),
        ("weekly-sales-x100", 50),
        ("projected-sales", 2),
        ("safety-stock", 2),
        ("need", 6),
        ("free-in-stock", 1),
        ("gap", 5),
        ("suggested", 5),
    ] {
        assert_eq!(reason(&line, code), Some(n), "{code}: {line}");
    }
    assert_eq!(line["quantity"], 5);
    assert_eq!(reason(&line, "hot-leads"), None, "no leads yet, no line about them");

    assert_eq!(line["waiting_order_ids"], json!(waiting));

    // One click: a draft factory order of five for the two waiting orders, repeat-safe.
    let body = json!({"trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour,
        "horizon": {"lead_weeks": 2, "cover_weeks": 2, "history_weeks": 4}});
    let mut c = t.client();
    let path = "/api/v1/stock/replenishment/drafts";
    let first = c.api_with_header(Method::POST, path, &logistics, ("Idempotency-Key", "rp-1"), body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = c.api_with_header(Method::POST, path, &logistics, ("Idempotency-Key", "rp-1"), body.clone()).await;
    assert_eq!(again.json()["id"], first.json()["id"]);
    let fo = first.json();
    assert_eq!((fo["status"].clone(), fo["quantity"].clone()), (json!("draft"), json!(5)), "{fo}");
    assert_eq!(order(&t, waiting[0]).await["order"]["vehicle_fact"], "none", "a draft is not sent to the maker");

    // The draft counts as on order: nothing more to order, and a second click is refused.
    let line = get(logistics.clone(), q).await.json()["lines"][0].clone();
    assert_eq!((reason(&line, "free-on-order"), line["quantity"].as_i64()), (Some(5), Some(0)), "{line}");
    assert_eq!(line["waiting_order_ids"], json!([]), "both orders are on the draft");
    let r = post(&t, &logistics, path, body).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "replenish_nothing_to_order");
    let r = post(&t, &logistics, path, json!({"exterior_colour_id": t.fx.colour})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // Placed with the maker, the orders it is for say so.
    let id = fo["id"].as_i64().unwrap();
    let r =
        post(&t, &logistics, &format!("/api/v1/factory-orders/{id}/place"), json!({"version": fo["version"]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for o in waiting {
        assert_eq!(order(&t, o).await["order"]["vehicle_fact"], "ordered_from_factory");
    }

    // Three hot (H) leads for the trim's model: at 50 %, two more cars to sell soon (issue 17).
    let adv = t.token_for("a.advisor1").await;
    let (group, trim) = (t.fx.store_a.group_id, t.fx.trim);
    let model = t
        .with_app(move |app| {
            app.database().read(|c| storage::catalogue::get_trim(c, group, trim)).expect("trim").model_id
        })
        .await;
    for i in 0..3 {
        let lead = json!({"name": "热线索", "mobile": format!("1390013840{i}"), "channel": "phone", "tier": "h", "model_ids": [model]});
        let r = t.client().api(Method::POST, "/api/v1/leads", Some(&adv), Some(lead)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = get(logistics.clone(), "?lead_weeks=2&cover_weeks=2&history_weeks=4&hot_lead_pct=50").await;
    let hot = r.json()["lines"][0].clone();
    assert_eq!(reason(&hot, "hot-leads"), Some(2), "{hot}");
    assert_eq!(get(logistics.clone(), "?hot_lead_pct=101").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_vehicle_moves_between_locations_and_its_certificate_changes_hands_with_history() {
    let t = TestApp::new().await;
    let logistics = t.token_for("a.inventory").await;
    let admin = t.token_for("a.admin").await;
    let mut places = Vec::new();
    for name in ["展厅", "二号库"] {
        let r = post(&t, &admin, "/api/v1/locations", json!({"name": name, "kind": "yard"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        places.push(r.json()["id"].as_i64().unwrap());
    }
    let car = registered(&t, 70, "in_stock").await;
    let path = format!("/api/v1/vehicles/{}/keeping", car.id);

    // Sales staff do not move cars or certificates; bad input changes nothing.
    let body = json!({"version": car.version, "location_id": places[1], "custody": "lender", "note": "押工商银行"});
    assert_eq!(post(&t, &t.token_for("a.advisor1").await, &path, body.clone()).await.status, StatusCode::FORBIDDEN);
    for (bad, field) in [
        (json!({"version": car.version, "custody": "bank"}), "custody"),
        (json!({"version": car.version, "location_id": 999_999}), "location_id"),
        (json!({"version": car.version}), "custody"),
        (json!({"version": car.version, "custody": "safe", "note": "长".repeat(501)}), "note"),
    ] {
        let r = post(&t, &logistics, &path, bad.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"][0]["field"], field, "{bad}");
    }
    let stale = post(&t, &logistics, &path, json!({"version": car.version + 5, "custody": "lender"})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);

    // Both at once: two lines of history, one audit record, the new version.
    let r = post(&t, &logistics, &path, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!((v["location_id"].as_i64(), v["custody"].clone()), (Some(places[1]), json!("lender")), "{v}");
    assert_eq!(v["version"].as_i64(), Some(car.version + 1));
    let (reader, id) = (t.actor("a.inventory").await, car.id);
    let history = t.with_app(move |app| app::inventory::stock::history(app, &reader, id).expect("history")).await;
    let lines: Vec<(String, String)> = history.iter().skip(1).map(|h| (h.action.clone(), h.note.clone())).collect();
    assert_eq!(
        lines,
        [("relocated".to_string(), "二号库 · 押工商银行".to_string()), ("custody_lender".into(), "押工商银行".into())]
    );
    // The certificate back to the safe; a car not at the store keeps no parking place.
    let r = post(&t, &logistics, &path, json!({"version": v["version"], "custody": "safe"})).await;
    assert_eq!(r.json()["custody"], "safe", "{}", r.body);
    let coming = registered(&t, 71, "ordered").await;
    let r = post(
        &t,
        &logistics,
        &format!("/api/v1/vehicles/{}/keeping", coming.id),
        json!({"version": coming.version, "location_id": places[0]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "vehicle_not_in_stock");
}

/// Who may do what in logistics: the general manager never approves their own transfer
/// request; the store's administrator (locations only), sales, finance and customer service
/// cannot order from the factory, send trucks, request or approve transfers, or replenish.
#[tokio::test]
async fn logistics_actions_belong_to_logistics_and_the_general_manager() {
    let t = TestApp::new().await;
    let gm = t.token_for("a.gm").await;
    let (trim, colour) = (t.fx.trim, t.fx.colour);
    let car = registered(&t, 80, "in_stock").await;
    let store_b = t.fx.store_b.id;
    let r =
        post(&t, &gm, "/api/v1/transfers", json!({"to_store_id": store_b, "vins": [vin(80)], "reason": "调剂"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "the general manager may request: {}", r.body);
    let transfer = r.json()["id"].as_i64().unwrap();
    let r = post(&t, &gm, &format!("/api/v1/transfers/{transfer}/approve"), json!({"version": 1})).await;
    assert_eq!((r.status, r.json()["error"]["code"].clone()), (StatusCode::CONFLICT, json!("transfer_own_request")));

    let spec = json!({"trim_id": trim, "exterior_colour_id": colour, "quantity": 1});
    let writes = [
        ("/api/v1/factory-orders".to_string(), spec),
        ("/api/v1/shipments".into(), json!({"carrier": "x", "vins": [vin(80)]})),
        ("/api/v1/transfers".into(), json!({"to_store_id": store_b, "vins": [vin(80)], "reason": "x"})),
        (format!("/api/v1/transfers/{transfer}/approve"), json!({"version": 1})),
        (format!("/api/v1/vehicles/{}/keeping", car.id), json!({"version": car.version, "custody": "lender"})),
        ("/api/v1/stock/replenishment/drafts".into(), json!({"trim_id": trim, "exterior_colour_id": colour})),
    ];
    for user in ["a.admin", "a.advisor1", "a.manager", "a.finance", "a.cs"] {
        let token = t.token_for(user).await;
        for (path, body) in &writes {
            let r = post(&t, &token, path, body.clone()).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} {path}: {}", r.body);
        }
        let r = t.client().api(Method::GET, "/api/v1/stock/replenishment", Some(&token), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user} replenishment");
    }
    // Nothing changed: the request still waits, the car is where it was.
    let r = t.client().api(Method::GET, &format!("/api/v1/transfers/{transfer}"), Some(&gm), None).await;
    assert_eq!(r.json()["status"], "requested");
    let r = t.client().api(Method::GET, &format!("/api/v1/vehicles/{}", car.id), Some(&gm), None).await;
    assert_eq!((r.json()["version"].as_i64(), r.json()["custody"].clone()), (Some(car.version), json!("safe")));
}

/// The day `n` days from now: an expected date inside the two years ahead that dates may reach.
fn in_days(n: i64) -> String {
    crate::calendar::store_day(n)
}
