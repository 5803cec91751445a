//! Delivery through the API and the pages: the PDI and the handover are the only way an order
//! becomes "ready for delivery" and "delivered"; each refuses what the rules refuse, for the roles
//! that may not, and changes nothing when it does.

use crate::finance::{approved, pay, signature_b64};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// A valid resident ID number of its own for each buyer (the store's customers each have theirs).
fn id_number(serial: u32) -> String {
    let first17 = format!("36042619910101{:03}", serial % 1000);
    format!("{first17}{}", domain::ident::ResidentId::check_char(&first17))
}

/// An approved order of a.advisor1 whose buyer has an ID number, with a car from stock
/// allocated (`serial` makes its VIN). Returns the advisor's token and the order.
pub async fn with_car(t: &TestApp, mobile: &str, serial: u32) -> (String, i64, i64) {
    let (adv, id, total) = approved(t, mobile).await;
    let mut c = t.client();
    let order = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let profile = c.api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&adv), None).await.json();
    // The e-mail stays: the signing code goes to the contact fixed at the confirmation.
    let edit = json!({"version": profile["version"], "name": "交车客户", "mobile": mobile,
        "email": profile["email"], "id_number": id_number(serial)});
    let r = c.api(Method::PUT, &format!("/api/v1/customers/{cust}"), Some(&adv), Some(edit)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    t.allocated_vehicle(id, serial).await;
    (adv, id, total)
}

/// [`with_car`], signed, paid in full and invoiced: only the PDI stands before the handover.
pub async fn invoiced(t: &TestApp, mobile: &str, serial: u32) -> (String, i64) {
    let (adv, id, total) = with_car(t, mobile, serial).await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    t.signed_contract("a.advisor1", id).await;
    let body =
        json!({"kind": "balance", "method": "bank_transfer", "amount_fen": total, "reference": format!("TR-{serial}")});
    assert_eq!(pay(&mut c, &fin, id, body).await.status, StatusCode::CREATED);
    let body = json!({"invoice_no": format!("{serial:08}"), "invoice_code": "031002400111"});
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/invoices"), Some(&fin), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (adv, id)
}

async fn delivery(t: &TestApp, token: &str, id: i64) -> Value {
    let r = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/delivery"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Every item of the order's checklist passed, but `failed` (with `note`).
fn results(d: &Value, failed: Option<(&str, &str)>) -> Value {
    let items: Vec<Value> = d["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let key = i["key"].as_str().unwrap();
            match failed {
                Some((k, note)) if k == key => json!({"key": key, "outcome": "fail", "note": note}),
                _ => json!({"key": key, "outcome": "pass", "note": ""}),
            }
        })
        .collect();
    json!({"results": items})
}

async fn inspect(t: &TestApp, token: &str, id: i64, body: Value) -> Resp {
    t.client().api(Method::POST, &format!("/api/v1/orders/{id}/pdi"), Some(token), Some(body)).await
}

pub fn handover_body() -> Value {
    json!({
        "documents": ["invoice", "certificate", "consistency", "warranty_card", "manuals"],
        "key_count": 2,
        "odometer_km": 12,
        "signature": signature_b64(),
        "signed_by": "交车客户",
    })
}

async fn hand_over(t: &TestApp, token: &str, id: i64, body: Value) -> Resp {
    t.client().api(Method::POST, &format!("/api/v1/orders/{id}/handover"), Some(token), Some(body)).await
}

fn fields(r: &Resp) -> Vec<(String, String)> {
    r.json()["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["code"].as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// A car inspected and handed over through the API: `a.inventory` inspects, the advisor hands
/// over. Returns the order.
pub async fn delivered(t: &TestApp, mobile: &str, serial: u32) -> (String, i64) {
    let (adv, id) = invoiced(t, mobile, serial).await;
    let yard = t.token_for("a.inventory").await;
    let d = delivery(t, &yard, id).await;
    assert_eq!(inspect(t, &yard, id, results(&d, None)).await.status, StatusCode::CREATED);
    let r = hand_over(t, &adv, id, handover_body()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (adv, id)
}

#[tokio::test]
async fn the_checklists_are_the_only_way_to_ready_and_delivered() {
    let t = TestApp::new().await;
    let (adv, id, _) = with_car(&t, "13700003001", 3001).await;
    let yard = t.token_for("a.inventory").await;
    // Before the money and the invoice, the box says what is missing.
    let d = delivery(&t, &adv, id).await;
    assert_eq!(d["status"], "vehicle_allocated");
    assert_eq!(d["blockers"], json!(["pdi_not_passed", "not_paid", "no_invoice"]), "{d}");
    assert_eq!(d["actions"], json!(["book"]), "the advisor books, inspects nothing and cannot hand over yet");
    assert!(d["checklist"].as_array().unwrap().len() >= 17, "{d}");
    assert_eq!(delivery(&t, &yard, id).await["actions"], json!(["inspect"]));
    // Who may not inspect: the advisor, finance, customer service, the administrator, another
    // store's logistics (not found: outside its reach).
    for who in ["a.advisor1", "a.finance", "a.cs", "a.admin", "a.tech"] {
        let token = t.token_for(who).await;
        let r = inspect(&t, &token, id, results(&d, None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let other = t.token_for("b.inventory").await;
    assert_eq!(inspect(&t, &other, id, results(&d, None)).await.status, StatusCode::NOT_FOUND);
    // Bad checklists: a failure without its note, an item left out, an item the car has not.
    let r = inspect(&t, &yard, id, results(&d, Some(("paint", " ")))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(fields(&r), [("item.paint".to_string(), "pdi_fail_needs_note".to_string())]);
    let mut short = results(&d, None);
    short["results"].as_array_mut().unwrap().pop();
    let r = inspect(&t, &yard, id, short).await;
    assert_eq!(r.json()["error"]["fields"][0]["code"], "pdi_item_unanswered", "{}", r.body);
    let mut extra = results(&d, None);
    extra["results"].as_array_mut().unwrap().push(json!({"key": "wallbox_7kw_11kw", "outcome": "pass", "note": ""}));
    let r = inspect(&t, &yard, id, extra).await;
    assert_eq!(r.json()["error"]["fields"][0]["code"], "pdi_item_unknown", "{}", r.body);
    let r = inspect(&t, &yard, id, json!({"results": [{"key": "paint", "outcome": "maybe"}]})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(delivery(&t, &adv, id).await["inspections"].as_array().unwrap().is_empty(), "nothing recorded");
    // A failed inspection is recorded and blocks; a later one that passes makes the order ready.
    let r = inspect(&t, &yard, id, results(&d, Some(("paint", "左后门划痕")))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["inspections"][0]["passed"], false);
    assert_eq!(r.json()["status"], "vehicle_allocated");
    let r = inspect(&t, &yard, id, results(&d, None)).await;
    assert_eq!(r.json()["status"], "ready_for_delivery", "{}", r.body);
    assert_eq!(r.json()["blockers"], json!(["not_paid", "no_invoice"]));
    // A failure after a pass takes the readiness back.
    let r = inspect(&t, &yard, id, results(&d, Some(("keys", "只有一把钥匙")))).await;
    assert_eq!(r.json()["status"], "vehicle_allocated", "{}", r.body);
    let r = hand_over(&t, &adv, id, handover_body()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "delivery_pdi_not_passed");
    assert_eq!(
        t.audit_actions("order", id).await.iter().filter(|a| *a == "order.pdi_recorded").count(),
        3,
        "each inspection audited"
    );
}

#[tokio::test]
async fn the_handover_needs_money_invoice_and_pdi_and_makes_the_car_the_buyers() {
    let t = TestApp::new().await;
    let (adv, id) = invoiced(&t, "13700003002", 3002).await;
    let yard = t.token_for("a.inventory").await;
    let d = delivery(&t, &yard, id).await;
    let r = hand_over(&t, &adv, id, handover_body()).await;
    assert_eq!(r.json()["error"]["code"], "delivery_pdi_not_passed", "{}", r.body);
    assert_eq!(inspect(&t, &yard, id, results(&d, None)).await.status, StatusCode::CREATED);
    // Who may not hand over: logistics, finance, customer service, the administrator, another
    // advisor of the store (not their order), another store's advisor.
    for who in ["a.inventory", "a.finance", "a.cs", "a.admin"] {
        let token = t.token_for(who).await;
        assert_eq!(hand_over(&t, &token, id, handover_body()).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    for who in ["a.advisor2", "b.advisor1"] {
        let token = t.token_for(who).await;
        assert_eq!(hand_over(&t, &token, id, handover_body()).await.status, StatusCode::NOT_FOUND, "{who}");
    }
    // Bad input: every field named, nothing recorded.
    let bad = json!({"documents": ["invoice", "gift"], "key_count": 0, "odometer_km": "9000",
        "signature": "data:image/png;base64,R0lGODlhAQABAAAAACw=", "signed_by": ""});
    let r = hand_over(&t, &adv, id, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let named: Vec<String> = fields(&r).into_iter().map(|(f, _)| f).collect();
    for f in ["documents", "document.certificate", "keys", "odometer_km", "signature", "signed_by"] {
        assert!(named.iter().any(|n| n == f), "{f} named: {named:?}");
    }
    assert!(delivery(&t, &adv, id).await["handover"].is_null(), "nothing recorded");
    // A floor-plan car whose certificate the lender still holds cannot go.
    let actor = t.actor("a.inventory").await;
    let keep = |custody: &'static str| {
        let actor = actor.clone();
        move |app: &app::App| {
            let v = app::inventory::of_order(app, &actor, id).expect("read").expect("vehicle");
            let input = app::inventory::vehicles::KeepInput {
                version: v.version,
                custody: Some(custody.into()),
                note: "库存融资".into(),
                ..Default::default()
            };
            app::inventory::vehicles::keep(app, &actor, v.id, &input).expect("kept");
        }
    };
    t.with_app(keep("lender")).await;
    assert_eq!(delivery(&t, &adv, id).await["blockers"], json!(["certificate_with_lender"]));
    let r = hand_over(&t, &adv, id, handover_body()).await;
    assert_eq!(r.json()["error"]["code"], "vehicle_certificate_with_lender", "{}", r.body);
    t.with_app(keep("safe")).await;
    // The advisor hands the car over.
    let r = hand_over(&t, &adv, id, handover_body()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let done = r.json();
    assert_eq!(done["status"], "delivered");
    assert_eq!(done["blockers"], json!(["delivered"]));
    let money = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/money"), Some(&adv), None).await.json();
    assert_eq!(done["handover"]["warranty_from"], money["invoices"][0]["invoice_date"], "三包 from the invoice date");
    assert_eq!(done["handover"]["signed"], true);
    // The car left the stock with its certificate and is the buyer's.
    let order = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let vin = done["vin"].as_str().unwrap().to_string();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let cars =
        t.client().api(Method::GET, &format!("/api/v1/customers/{cust}/vehicles"), Some(&adv), None).await.json();
    assert_eq!(cars[0]["vin"], vin.as_str(), "{cars}");
    let actor = t.actor("a.inventory").await;
    let v = t.with_app(move |app| app::inventory::of_order(app, &actor, id).expect("read").expect("vehicle")).await;
    assert_eq!(v.status, domain::inventory::VehicleStatus::Delivered);
    assert_eq!(v.custody, domain::inventory::Custody::Customer);
    // Once delivered: no second handover, no more inspections.
    let r = hand_over(&t, &adv, id, handover_body()).await;
    assert_eq!(r.json()["error"]["code"], "delivery_delivered", "{}", r.body);
    let r = inspect(&t, &yard, id, results(&d, None)).await;
    assert_eq!(r.json()["error"]["code"], "delivery_delivered", "{}", r.body);
    assert!(t.audit_actions("order", id).await.iter().any(|a| a == "order.handed_over"));
}

#[tokio::test]
async fn logistics_cannot_deliver_a_car_around_the_handover() {
    let t = TestApp::new().await;
    let (_, id, _) = with_car(&t, "13700003003", 3003).await;
    let actor = t.actor("a.inventory").await;
    let r = t
        .with_app(move |app| {
            let v = app::inventory::of_order(app, &actor, id).expect("read").expect("vehicle");
            app::inventory::apply(app, &actor, v.id, v.version, domain::inventory::Command::Deliver, "")
        })
        .await;
    assert!(
        matches!(r, Err(app::AppError::Conflict(app::Conflict::Refused { code: "vehicle-delivered-by-handover" }))),
        "{r:?}"
    );
}

/// The general manager anonymises the buyer of order `id`; returns the manager's token.
pub async fn anonymise_buyer(t: &TestApp, adv: &str, id: i64) -> String {
    let order = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(adv), None).await.json();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let gm = t.token_for("a.gm").await;
    let path = format!("/api/v1/customers/{cust}");
    let version = t.client().api(Method::GET, &path, Some(&gm), None).await.json()["version"].clone();
    let body = json!({"version": version});
    let r = t.client().api(Method::POST, &format!("{path}/anonymise"), Some(&gm), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    gm
}

/// A delivered buyer can be anonymised: the handover keeps its facts, not their signature or name.
#[tokio::test]
async fn a_delivered_buyer_is_anonymised_with_their_handover_signature() {
    let t = TestApp::new().await;
    let (adv, id) = delivered(&t, "13700003004", 3004).await;
    let gm = anonymise_buyer(&t, &adv, id).await;
    let h = delivery(&t, &gm, id).await["handover"].clone();
    assert_eq!((h["signed_by"].as_str(), h["signed"].as_bool()), (Some("—"), Some(false)), "{h}");
    assert_eq!(h["odometer_km"], 12, "the facts stay");
}

/// The pages: the delivery box on the order page, the PDI checklist refused and shown again with
/// its messages, the handover form.
#[tokio::test]
async fn the_pages_walk_the_pdi_and_the_handover() {
    let t = TestApp::new().await;
    let (_, id) = invoiced(&t, "13700003005", 3005).await;
    let mut yard = t.login("a.inventory").await;
    let page = yard.get(&format!("/orders/{id}")).await;
    assert!(page.body.contains("id=\"delivery-box\"") && page.body.contains("id=\"pdi-open\""), "{}", page.body);
    let form = yard.get(&format!("/orders/{id}/pdi")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"outcome.paint\""));
    // A failure without its note: 422, the page again with the message and what was chosen.
    let r = yard.post(&format!("/orders/{id}/pdi"), &[("outcome.paint", "fail"), ("note.paint", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("不合格项请说明问题") && r.body.contains("请选择合格或不合格"), "{}", r.body);
    assert!(r.body.contains("id=\"fail-paint\" value=\"fail\" autocomplete=\"off\" checked"), "the choice stays");
    let d = delivery(&t, &t.token_for("a.inventory").await, id).await;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for i in d["checklist"].as_array().unwrap() {
        pairs.push((format!("outcome.{}", i["key"].as_str().unwrap()), "pass".into()));
    }
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = yard.post(&format!("/orders/{id}/pdi"), &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().contains("flash=pdi-passed"));
    let mut adv = t.login("a.advisor1").await;
    let page = adv.get(&format!("/orders/{id}")).await;
    assert!(page.body.contains("id=\"handover-open\""), "{}", page.body);
    let form = adv.get(&format!("/orders/{id}/handover")).await;
    assert!(form.body.contains("value=\"交车客户\""), "the buyer's name by default");
    let r = adv
        .post(&format!("/orders/{id}/handover"), &[("key_count", "2"), ("odometer_km", "8"), ("signed_by", "交车客户")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请确认已交付此文件") && r.body.contains("请客户签名"), "{}", r.body);
    let sig = signature_b64();
    let mut pairs =
        vec![("key_count", "2"), ("odometer_km", "8"), ("signed_by", "交车客户"), ("signature", sig.as_str())];
    for doc in ["invoice", "certificate", "consistency", "warranty_card", "manuals"] {
        pairs.push(("documents", doc));
    }
    let r = adv.post(&format!("/orders/{id}/handover"), &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = adv.get(&format!("/orders/{id}")).await;
    assert!(page.body.contains("id=\"handover-facts\"") && page.body.contains("8 km"), "{}", page.body);
}

#[tokio::test]
async fn a_store_keeps_its_own_pdi_checklist_and_the_next_pdi_checks_it() {
    let t = TestApp::new().await;
    let body = json!({"label": "车窗贴膜无气泡", "section": "body", "applies": "all"});
    for who in ["a.advisor1", "a.manager", "a.inventory", "a.finance"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::POST, "/api/v1/pdi-checklist", Some(&token), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = t.token_for("a.admin").await;
    for (bad, field) in [
        (json!({"label": " ", "section": "body", "applies": "all"}), "label"),
        (json!({"label": "贴膜", "section": "roof", "applies": "all"}), "section"),
        (json!({"label": "贴膜", "section": "body", "applies": "boats"}), "applies"),
    ] {
        let r = t.client().api(Method::POST, "/api/v1/pdi-checklist", Some(&admin), Some(bad.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(r.json()["error"]["fields"][0]["field"], field, "{bad}");
    }
    let r = t.client().api(Method::POST, "/api/v1/pdi-checklist", Some(&admin), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let own = r.json().as_array().unwrap().iter().find(|i| i["label"] == "车窗贴膜无气泡").expect("added").clone();
    let key = own["key"].as_str().unwrap().to_string();
    let r = t
        .client()
        .api(Method::PUT, "/api/v1/pdi-checklist/spare_kit", Some(&admin), Some(json!({"active": false})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = t
        .client()
        .api(Method::PUT, "/api/v1/pdi-checklist/nothing", Some(&admin), Some(json!({"active": false})))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(t.audit_actions("pdi_checklist", t.fx.store_a.id).await.len(), 2);

    // The next PDI checks the store's list: its own item, not the spare kit.
    let (adv, id) = invoiced(&t, "13700004301", 4301).await;
    let d = delivery(&t, &adv, id).await;
    let keys: Vec<&str> = d["checklist"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert!(keys.contains(&key.as_str()) && !keys.contains(&"spare_kit"), "{keys:?}");
    let inspector = t.token_for("a.inventory").await;
    let all_pass = |skip: &str| {
        let items: Vec<Value> =
            keys.iter().filter(|k| **k != skip).map(|k| json!({"key": k, "outcome": "pass", "note": ""})).collect();
        json!({"results": items})
    };
    let r = inspect(&t, &inspector, id, all_pass(&key)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the store's own item must be answered: {}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["field"], format!("item.{key}"));
    let r = inspect(&t, &inspector, id, all_pass("")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The page shows the store's own item by its words.
    let mut page = t.login("a.inventory").await;
    assert!(page.get(&format!("/orders/{id}/pdi")).await.body.contains("车窗贴膜无气泡"));
    let mut gm = t.login("a.gm").await;
    let r = gm.post("/admin/pdi-checklist", &[("label", "x"), ("section", "body"), ("applies", "all")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is-invalid") && r.body.contains("value=\"x\""), "{}", r.body);
    let r = gm.post(&format!("/admin/pdi-checklist/{key}"), &[("active", "0")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(gm.get("/admin/pdi-checklist").await.body.contains(&format!("id=\"on-{key}\"")), "switched off");
}
