//! Vehicles by VIN through the use cases (issue 16): registration with the VIN rules, who may
//! do what, and allocation to orders under concurrent requests on both databases.

use crate::support::*;
use app::inventory::{self, VehicleInput};
use app::{AppError, Conflict};
use axum::http::Method;

/// A VIN with a valid check digit made from `n`.
fn vin(n: u32) -> String {
    let mut s = format!("LSVAU2180N{n:07}");
    let check = char::from(domain::ident::Vin::check_digit(&s));
    s.replace_range(8..9, &check.to_string());
    s
}

fn input(t: &TestApp, vin: &str) -> VehicleInput {
    VehicleInput {
        vin: vin.into(),
        trim_id: Some(t.fx.trim),
        exterior_colour_id: Some(t.fx.colour),
        whereabouts: "in_stock".into(),
        cost_fen: Some(18_000_000),
        ..VehicleInput::default()
    }
}

async fn register(t: &TestApp, who: &str, input: VehicleInput) -> Result<inventory::Vehicle, AppError> {
    let actor = t.actor(who).await;
    t.with_app(move |app| inventory::register(app, &actor, &input, None)).await
}

/// An approved order of a new customer of a.advisor1 (no approval needed at 1 %).
async fn approved(t: &TestApp, mobile: &str) -> i64 {
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, mobile).await;
    let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(answer["status"], "approved", "{answer}");
    id
}

async fn vehicle_fact(t: &TestApp, order: i64) -> String {
    let adv = t.token_for("a.advisor1").await;
    let o = t.client().api(Method::GET, &format!("/api/v1/orders/{order}"), Some(&adv), None).await.json();
    o["order"]["vehicle_fact"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_vin_is_registered_once_with_its_check_digit_by_logistics() {
    let t = TestApp::new().await;
    let v = register(&t, "a.inventory", input(&t, &vin(1))).await.expect("registered");
    assert_eq!((v.vin_checked, v.cost_fen), (true, Some(18_000_000)));
    // The same VIN again, in lower case: a conflict on the field.
    let again = register(&t, "a.inventory", input(&t, &vin(1).to_lowercase())).await;
    assert!(matches!(again, Err(AppError::Conflict(Conflict::Duplicate { field: "vin", .. }))), "{again:?}");
    // A wrong check digit is refused unless the store accepts it (imports), and then marked.
    let mut wrong = vin(2);
    let bad = if wrong.as_bytes()[8] == b'0' { "1" } else { "0" };
    wrong.replace_range(8..9, bad);
    let r = register(&t, "a.inventory", input(&t, &wrong)).await;
    assert!(
        matches!(&r, Err(AppError::Validation(fe)) if fe.iter().any(|e| e.field == "vin" && e.code == "vin-check"))
    );
    let accept = || VehicleInput { accept_unchecked_vin: true, ..input(&t, &wrong) };
    let r = register(&t, "a.inventory", accept()).await;
    assert!(
        matches!(&r, Err(AppError::Validation(fe)) if fe.iter().any(|e| e.code == "vehicle-vin-unchecked-not-allowed")),
        "the store's settings do not accept it yet: {r:?}"
    );
    let (admin, store) = (t.actor("admin").await, t.fx.store_a.id);
    t.with_app(move |app| {
        let s = app::org::get_store(app, &admin, store).expect("store");
        let input = app::org::StoreInput {
            code: s.code,
            name: s.name,
            accept_unchecked_vins: true,
            active: true,
            ..Default::default()
        };
        app::org::update_store(app, &admin, store, s.version, &input).expect("setting saved")
    })
    .await;
    let unchecked = register(&t, "a.inventory", accept()).await;
    assert!(!unchecked.expect("accepted").vin_checked, "marked unchecked");
    for bad in ["LSVAU2180N218329", "LSVAU2180N21832I4"] {
        let r = register(&t, "a.inventory", input(&t, bad)).await;
        assert!(matches!(r, Err(AppError::Validation(_))), "{bad}: {r:?}");
    }
    // Advisors and finance do not register vehicles; an advisor does not see the cost.
    for who in ["a.advisor1", "a.finance", "a.admin"] {
        let r = register(&t, who, input(&t, &vin(3))).await;
        assert!(matches!(r, Err(AppError::Forbidden)), "{who}: {r:?}");
    }
    let advisor = t.actor("a.advisor1").await;
    let seen = t.with_app(move |app| inventory::get(app, &advisor, v.id)).await.expect("read");
    assert_eq!(seen.cost_fen, None);
}

/// N allocations of one VIN to N orders at once: exactly one wins. N vehicles to one order at
/// once: exactly one. The winner's order says "allocated"; a release says it again no more.
#[tokio::test]
async fn concurrent_allocations_give_one_vin_one_order_and_one_order_one_vin() {
    let t = TestApp::new().await;
    let orders: Vec<i64> = {
        let mut v = Vec::new();
        for i in 0..4 {
            v.push(approved(&t, &format!("1370000170{i}")).await);
        }
        v
    };
    let contested = register(&t, "a.inventory", input(&t, &vin(10))).await.expect("vehicle");
    let manager = t.actor("a.manager").await;
    let mut tasks = Vec::new();
    for &order in &orders {
        let (app, actor) = (t.app.clone(), manager.clone());
        tasks.push(tokio::task::spawn_blocking(move || {
            inventory::allocate(&app, &actor, domain::ids::VehicleId(contested.id), 1, domain::ids::OrderId(order))
        }));
    }
    let mut won = Vec::new();
    for task in tasks {
        match task.await.expect("join") {
            Ok(v) => won.push(v.order_id),
            Err(AppError::Conflict(_)) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(won.len(), 1, "one VIN, one order");
    let winner = won[0].expect("order");
    assert_eq!(vehicle_fact(&t, winner).await, "allocated");

    // Four vehicles for one order at once.
    let order = *orders.iter().find(|o| **o != winner).expect("another order");
    let mut ids = Vec::new();
    for n in 20..24 {
        ids.push(register(&t, "a.inventory", input(&t, &vin(n))).await.expect("vehicle").id);
    }
    let mut tasks = Vec::new();
    for id in ids {
        let (app, actor) = (t.app.clone(), manager.clone());
        tasks.push(tokio::task::spawn_blocking(move || {
            inventory::allocate(&app, &actor, domain::ids::VehicleId(id), 1, domain::ids::OrderId(order))
        }));
    }
    let mut allocated = Vec::new();
    for task in tasks {
        match task.await.expect("join") {
            Ok(v) => allocated.push(v),
            Err(AppError::Conflict(_)) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(allocated.len(), 1, "one order, one vehicle");
    let v = allocated.remove(0);
    let inv = t.actor("a.inventory").await;
    let released = t.with_app(move |app| inventory::release(app, &inv, v.id, v.version, "客户改选颜色")).await;
    assert_eq!(released.expect("released").order_id, None);
    assert_eq!(vehicle_fact(&t, order).await, "none");
}

#[tokio::test]
async fn allocation_refuses_another_specification_an_unapproved_order_and_other_roles() {
    let t = TestApp::new().await;
    let order = approved(&t, "13700001710").await;
    let v = register(&t, "a.inventory", input(&t, &vin(30))).await.expect("vehicle");
    // A demo car is not sold from stock.
    let demo = register(&t, "a.inventory", VehicleInput { usage: "demo".into(), ..input(&t, &vin(31)) }).await.unwrap();
    let inv = t.actor("a.inventory").await;
    let r = t
        .with_app(move |app| {
            inventory::allocate(app, &inv, domain::ids::VehicleId(demo.id), 1, domain::ids::OrderId(order))
        })
        .await;
    assert!(matches!(r, Err(AppError::Conflict(Conflict::Refused { code: "vehicle-not-for-sale" }))), "{r:?}");
    // Advisors and finance do not allocate.
    for who in ["a.advisor1", "a.finance"] {
        let actor = t.actor(who).await;
        let r = t
            .with_app(move |app| {
                inventory::allocate(app, &actor, domain::ids::VehicleId(v.id), 1, domain::ids::OrderId(order))
            })
            .await;
        assert!(matches!(r, Err(AppError::Forbidden)), "{who}: {r:?}");
    }
    // A draft order waits.
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700001711").await;
    let draft = t.draft_order(&adv, cust, "1").await["order"]["id"].as_i64().unwrap();
    let inv = t.actor("a.inventory").await;
    let r = t
        .with_app(move |app| {
            inventory::allocate(app, &inv, domain::ids::VehicleId(v.id), 1, domain::ids::OrderId(draft))
        })
        .await;
    assert!(matches!(r, Err(AppError::Conflict(Conflict::Refused { code: "vehicle-order-not-approved" }))), "{r:?}");
    // The candidates of the order are its exact specification, free: this vehicle, not the demo car.
    let inv = t.actor("a.inventory").await;
    let c = t.with_app(move |app| inventory::candidates(app, &inv, order)).await.expect("candidates");
    assert_eq!(c.iter().map(|v| v.id).collect::<Vec<_>>(), [v.id]);
}

/// The database itself keeps one vehicle per order and an order exactly on allocated vehicles,
/// whatever a caller forgets to check.
#[tokio::test]
async fn the_database_keeps_one_vehicle_per_order() {
    use storage::inventory::vehicles::{self as rows, Moved};
    let t = TestApp::new().await;
    let order = approved(&t, "13700001720").await;
    let a = register(&t, "a.inventory", input(&t, &vin(40))).await.expect("vehicle").id;
    let b = register(&t, "a.inventory", input(&t, &vin(41))).await.expect("vehicle").id;
    // Each write in a transaction of its own, as a use case would.
    let set = move |id: i64, commitment: &'static str, order_id: Option<i64>| {
        move |app: &app::App| {
            app.database().write(|c| {
                let r = rows::get(c, id)?;
                let moved = Moved {
                    store_id: r.store_id,
                    whereabouts: domain::inventory::Whereabouts::InStock,
                    commitment,
                    order_id,
                    location_id: None,
                    store_received_on: None,
                    first_received_on: None,
                };
                rows::update(c, &r, &moved, chrono::Utc::now().naive_utc())
            })
        }
    };
    t.with_app(set(a, "allocated", Some(order))).await.expect("the first vehicle");
    let second = t.with_app(set(b, "allocated", Some(order))).await;
    assert!(matches!(second, Err(storage::StorageError::Duplicate(_))), "{second:?}");
    let unbound = t.with_app(set(b, "allocated", None)).await;
    assert!(unbound.is_err(), "allocated without an order: {unbound:?}");
    t.with_app(set(a, "free", None)).await.expect("released");
    let stray = t.with_app(set(b, "free", Some(order))).await;
    assert!(stray.is_err(), "an order on a free vehicle: {stray:?}");
    t.with_app(set(b, "allocated", Some(order))).await.expect("the order's vehicle, once the first is free");
}

/// The API: register with a key (a retry answers with the same vehicle), find it by the last
/// characters of its VIN, allocate it to the order it fits; bad input is a 422 naming the field.
#[tokio::test]
async fn the_api_registers_finds_and_allocates_vehicles() {
    use axum::http::StatusCode;
    use serde_json::json;
    let t = TestApp::new().await;
    let order = approved(&t, "13700001730").await;
    let logistics = t.token_for("a.inventory").await;
    let body =
        json!({"vin": vin(50), "trim_id": t.fx.trim, "exterior_colour_id": t.fx.colour, "whereabouts": "in_stock"});
    let mut c = t.client();
    let first = c
        .api_with_header(Method::POST, "/api/v1/vehicles", &logistics, ("Idempotency-Key", "v-50"), body.clone())
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again =
        c.api_with_header(Method::POST, "/api/v1/vehicles", &logistics, ("Idempotency-Key", "v-50"), body).await;
    assert_eq!(again.json()["id"], first.json()["id"], "a retry answers with the vehicle it made");
    let id = first.json()["id"].as_i64().unwrap();
    let tail = &vin(50)[11..];
    let found =
        c.api(Method::GET, &format!("/api/v1/vehicles?vin={}", tail.to_lowercase()), Some(&logistics), None).await;
    assert_eq!(found.json()["items"][0]["id"].as_i64(), Some(id), "{}", found.body);
    let r = c.api(Method::GET, "/api/v1/vehicles?vin=ab", Some(&logistics), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c
        .api(
            Method::POST,
            "/api/v1/vehicles",
            Some(&logistics),
            Some(json!({"vin": "LSVAU2180N218329", "trim_id": 999_999})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let candidates =
        c.api(Method::GET, &format!("/api/v1/orders/{order}/vehicle-candidates"), Some(&logistics), None).await;
    assert_eq!(candidates.json()["items"][0]["id"].as_i64(), Some(id), "{}", candidates.body);
    let advisor = t.token_for("a.advisor1").await;
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/vehicles/{id}/allocate"),
            Some(&advisor),
            Some(json!({"version": 1, "order_id": order})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/vehicles/{id}/allocate"),
            Some(&logistics),
            Some(json!({"version": 1, "order_id": order})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "allocated");
    assert_eq!(vehicle_fact(&t, order).await, "allocated");
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/vehicles/{id}/release"),
            Some(&logistics),
            Some(json!({"version": 2, "reason": " "})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a release needs its reason");
}

/// A car ordered from the factory for an order: shipped, received (its store's aging starts); the
/// order says each step. Only logistics moves vehicles.
#[tokio::test]
async fn a_factory_car_moves_and_its_order_follows() {
    use domain::inventory::Command;
    let t = TestApp::new().await;
    let order = approved(&t, "13700001740").await;
    let v = register(&t, "a.inventory", VehicleInput { whereabouts: "ordered".into(), ..input(&t, &vin(60)) })
        .await
        .expect("ordered");
    let logistics = t.actor("a.inventory").await;
    let step = |command: Command, version: i64, who: domain::org::Actor| {
        let id = v.id;
        move |app: &app::App| inventory::apply(app, &who, id, version, command, "")
    };
    let l = logistics.clone();
    let v = t
        .with_app(move |app| {
            inventory::allocate(app, &l, domain::ids::VehicleId(v.id), v.version, domain::ids::OrderId(order))
        })
        .await
        .expect("allocated");
    assert_eq!(vehicle_fact(&t, order).await, "ordered_from_factory");
    let advisor = t.actor("a.advisor1").await;
    let r = t.with_app(step(Command::Ship, v.version, advisor)).await;
    assert!(matches!(r, Err(AppError::Forbidden)), "{r:?}");
    let v = t.with_app(step(Command::Ship, v.version, logistics.clone())).await.expect("shipped");
    assert_eq!(vehicle_fact(&t, order).await, "in_transit");
    let r = t.with_app(step(Command::Ship, v.version, logistics.clone())).await;
    assert!(matches!(r, Err(AppError::Conflict(Conflict::Refused { code: "vehicle-not-ordered" }))), "{r:?}");
    let store = t.fx.store_a.id;
    let v = t.with_app(step(Command::Receive { store_id: store }, v.version, logistics.clone())).await.expect("in");
    assert_eq!(vehicle_fact(&t, order).await, "arrived");
    assert!(v.store_received_on.is_some() && v.first_received_on == v.store_received_on);
    // Handed over by delivery's handover (tests/http/delivery.rs), never by a logistics move.
    let r = t.with_app(step(Command::Deliver, v.version, logistics.clone())).await;
    assert!(matches!(r, Err(AppError::Conflict(Conflict::Refused { code: "vehicle-delivered-by-handover" }))), "{r:?}");
}
