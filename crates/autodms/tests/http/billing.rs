//! Money and vehicles beyond the sales order (issue 29): payments, refunds and invoices refer to
//! a billable document that its capability keeps in step, and a customer's cars live with them
//! after delivery or when bought elsewhere, found by VIN or plate, within the reader's scope.

use crate::support::*;
use axum::http::{Method, StatusCode};
use domain::billing::Document;
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

fn billable(t: &TestApp, id: i64) -> impl std::future::Future<Output = storage::billing::BillableRow> + '_ {
    t.with_app(move |app| {
        app.database().read(|c| storage::billing::get(c, Document::sales_order(id))).expect("billable")
    })
}

/// An order is registered as a billable document when it is created, and its registration
/// follows its amount; a payment refers to the document, not to the order table.
#[tokio::test]
async fn an_order_is_a_billable_document_that_follows_its_amount_and_carries_its_payments() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let customer = t.customer(&adv, "13700002901").await;
    let page = t.draft_order(&adv, customer, "0").await;
    let id = page["order"]["id"].as_i64().unwrap();
    let b = billable(&t, id).await;
    assert_eq!(b.number, page["order"]["order_no"].as_str().unwrap());
    assert_eq!((b.customer_id, b.store_id), (customer, t.fx.store_a.id));
    assert_eq!(b.amount_fen, page["order"]["total_fen"].as_i64().unwrap());

    // A draft edited at 3 % off: the document's amount is the order's new total.
    let mut body = crate::orders::order_body(&t, customer, "3");
    body["version"] = page["order"]["version"].clone();
    let r = call(&t, Method::PUT, &format!("/api/v1/orders/{id}"), &adv, Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let total = r.json()["order"]["total_fen"].as_i64().unwrap();
    assert!(total < b.amount_fen);
    assert_eq!(billable(&t, id).await.amount_fen, total);

    // A 定金 registered against the order is the document's; the API still names the order.
    let (order, _) = t.confirmed_order(&adv, customer, "0").await;
    let r = call(
        &t,
        Method::POST,
        &format!("/api/v1/orders/{order}/payments"),
        &adv,
        Some(json!({"kind": "intent", "method": "wechat_pay", "amount_fen": 200_000, "reference": "WX-BILL-1"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let p = r.json();
    assert_eq!((p["order_id"].as_i64(), p["document_kind"].as_str()), (Some(order), Some("sales_order")));
    let rows = t
        .with_app(move |app| {
            app.database().read(|c| storage::finance::payments::of_document(c, Document::sales_order(order)))
        })
        .await
        .expect("payments");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].document(), Document::sales_order(order));
}

/// A car bought elsewhere is added with its papers checked (VIN, GA 36-2018 plate, dates in the
/// store's calendar), found by plate or VIN tail within the reader's scope, owned by one customer
/// of the store at a time, and released without losing the record. Roles without
/// `customer_write` cannot add or release; another store's staff cannot see it.
#[tokio::test]
async fn a_car_bought_elsewhere_is_added_found_by_plate_or_vin_and_released() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let customer = t.customer(&adv, "13700002902").await;
    let other = t.customer(&adv, "13700002903").await;
    let path = format!("/api/v1/customers/{customer}/vehicles");

    let bad = json!({"vin": "LSVAU2180N2183291", "plate": "沪I12345", "description": " ", "mileage_km": "-5",
                     "registered_on": "2999-01-01"});
    let r = call(&t, Method::POST, &path, &adv, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for (field, code) in [
        ("vin", "vin_check"),
        ("plate", "plate_authority"),
        ("description", "required"),
        ("mileage_km", "mileage_invalid"),
        ("registered_on", "date_in_future"),
    ] {
        assert!(r.body.contains(&format!("\"{field}\"")) && r.body.contains(code), "{field} {code}: {}", r.body);
    }
    let r = call(&t, Method::GET, &path, &adv, None).await;
    assert_eq!(r.json(), json!([]), "nothing stored");

    // The check digit refused, then accepted as printed on the papers; the plate as typed.
    let good = json!({"vin": "wvwzzz3czke012345", "accept_unchecked_vin": true, "plate": "沪a·d12345",
                      "description": "大众 帕萨特 2019款", "mileage_km": "48000", "registered_on": "2019-05-20"});
    let cs = t.token_for("a.finance").await;
    let r = call(&t, Method::POST, &path, &cs, Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "finance reads customers, does not add cars: {}", r.body);
    let r = call(&t, Method::POST, &path, &adv, Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let car = r.json();
    assert_eq!(car["vin"], "WVWZZZ3CZKE012345");
    assert_eq!(car["vin_checked"], false);
    assert_eq!(car["plate"], "沪AD12345");
    assert_eq!(car["origin"], "elsewhere");
    assert_eq!(car["owned_until"], Value::Null);

    // One owner at a time in the store: the same VIN or plate for another customer is a conflict.
    let r = call(&t, Method::POST, &format!("/api/v1/customers/{other}/vehicles"), &adv, Some(good.clone())).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("customer_vehicle_taken"), "{}", r.body);

    // Found by plate (typed loosely) and by the VIN's last six; too short finds nothing.
    for q in ["沪AD 12345", "e012345", "WVWZZZ3CZKE012345"] {
        let r = call(&t, Method::GET, &format!("/api/v1/customer-vehicles?q={}", urlencode(q)), &adv, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let found = r.json();
        assert_eq!(found.as_array().map(Vec::len), Some(1), "{q}: {found}");
        assert_eq!(found[0]["vehicle"]["customer_id"].as_i64(), Some(customer));
    }
    let r = call(&t, Method::GET, "/api/v1/customer-vehicles?q=12345", &adv, None).await;
    assert_eq!(r.json(), json!([]));
    // Another store's advisor neither finds the car nor reads the customer's list.
    let b = t.token_for("b.advisor1").await;
    let r = call(&t, Method::GET, "/api/v1/customer-vehicles?q=E012345", &b, None).await;
    assert_eq!(r.json(), json!([]));
    let r = call(&t, Method::GET, &path, &b, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // Sold on: the record stays, the car is free for its next owner; twice is refused.
    let release = format!("/api/v1/customer-vehicles/{}/release", car["id"]);
    let r = call(&t, Method::POST, &release, &cs, Some(json!({"version": car["version"]}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r =
        call(&t, Method::POST, &release, &adv, Some(json!({"version": car["version"], "owned_until": "1999-01-01"})))
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "before it was owned: {}", r.body);
    let r = call(&t, Method::POST, &release, &adv, Some(json!({"version": car["version"]}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["owned_until"].is_string());
    let r = call(&t, Method::POST, &release, &adv, Some(json!({"version": r.json()["version"]}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = call(&t, Method::POST, &format!("/api/v1/customers/{other}/vehicles"), &adv, Some(good)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = call(&t, Method::GET, &path, &adv, None).await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(1), "the first owner keeps the record");
    let id = car["id"].as_i64().unwrap();
    assert_eq!(
        t.audit_actions("customer_vehicle", id).await,
        ["customer_vehicle.released", "customer_vehicle.added"],
        "newest first"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// The staff picker and a record's history are read in the reader's reach: a technician, who
/// reads no customers, orders or leads, gets no staff list; a history never shows another group's
/// records.
#[tokio::test]
async fn staff_lists_and_histories_are_read_within_reach() {
    let t = TestApp::new().await;
    let tech = t.actor("a.tech").await;
    let advisor = t.actor("a.advisor1").await;
    let (refused, listed) = t
        .with_app(move |app| {
            (app::org::users::staff_of_store(app, &tech), app::org::users::staff_of_store(app, &advisor))
        })
        .await;
    assert!(matches!(refused, Err(app::AppError::Forbidden)), "{refused:?}");
    assert!(listed.expect("staff").iter().any(|u| u.username == "a.advisor2"));

    let adv = t.token_for("a.advisor1").await;
    let customer = t.customer(&adv, "13700002904").await;
    let mut other_group = t.actor("a.gm").await;
    other_group.group_id = domain::ids::GroupId(other_group.group_id.0 + 1000);
    let gm = t.actor("a.gm").await;
    let (mine, theirs) = t
        .with_app(move |app| {
            let mine = app::kernel::audit::history(app, &gm, "customer", customer).expect("history");
            let theirs = app::kernel::audit::history(app, &other_group, "customer", customer).expect("history");
            (mine, theirs)
        })
        .await;
    assert_eq!(mine.len(), 1, "created");
    assert!(theirs.is_empty());
}
