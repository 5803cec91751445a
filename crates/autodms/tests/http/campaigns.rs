//! Recalls and service campaigns (issue 31): recorded once for the group from the maker's VIN
//! list and ranges, the cars each store serves found, their owners told through the outbox, the
//! desk warned at reception, the work done when a repair order with the campaign's job is settled
//! (or recorded by hand), and who may do what.

use crate::service::{car, visit_with_job};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

const LISTED: &str = "LSVAU2180N2186001";
const IN_RANGE: &str = "LSVAU2180N2186150";
const OTHER_STORE: &str = "LSVAU2180N2186160";
const LATER: &str = "LSVAU2180N2186170";
const NOT_NAMED: &str = "LSVAU2180N2187001";

fn recall() -> Value {
    json!({
        "kind": "recall",
        "code": "s2026-118",
        "title": "制动软管更换",
        "remedy": "检查并免费更换左前制动软管",
        "vins": format!("{LISTED}\nLSVAU2180N2186100~LSVAU2180N2186199\n"),
    })
}

#[tokio::test]
async fn a_recall_finds_the_stores_cars_warns_the_desk_and_is_done_when_its_job_is_settled() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, listed) = car(&t, &sa, "13700007101", LISTED, "沪A7C101").await;
    let (_, ranged) = car(&t, &sa, "13700007102", IN_RANGE, "沪A7C102").await;
    let (_, other) = car(&t, &sa, "13700007103", NOT_NAMED, "沪A7C103").await;
    let b = t.token_for("b.advisor1").await;
    car(&t, &b, "13700007104", OTHER_STORE, "浙A7C104").await;

    // The maker's campaigns are the group's: a store's administrator and the desk may not record one.
    for who in ["a.admin", "a.service", "a.gm"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::POST, "/api/v1/campaigns", &token, Some(recall())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let admin = t.token_for("admin").await;
    // Bad lists say what is wrong and record nothing.
    for (vins, code) in [
        ("", "campaign_vins_empty"),
        ("LSVAU2180N218600", "campaign_vin_invalid"),
        ("LSVAU2180N2186100~LSVAU2180P2186199", "campaign_range_run"),
        ("LSVAU2180N2186199~LSVAU2180N2186100", "campaign_range_backwards"),
    ] {
        let mut body = recall();
        body["vins"] = json!(vins);
        let r = call(&t, Method::POST, "/api/v1/campaigns", &admin, Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{vins}: {}", r.body);
        assert!(r.body.contains("\"vins\"") && r.body.contains(code), "{vins}: {}", r.body);
    }
    let r = call(&t, Method::POST, "/api/v1/campaigns", &admin, Some(json!({"kind": "maybe"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["\"kind\"", "\"code\"", "\"title\"", "\"remedy\"", "\"vins\""] {
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }

    // Recorded once, whatever the retries.
    let key = [("Idempotency-Key", "recall-s2026-118")];
    let r = t.client().api_with_headers(Method::POST, "/api/v1/campaigns", Some(&admin), Some(recall()), &key).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let k = r.json();
    let again =
        t.client().api_with_headers(Method::POST, "/api/v1/campaigns", Some(&admin), Some(recall()), &key).await;
    assert_eq!(again.json()["id"], k["id"]);
    let twice = call(&t, Method::POST, "/api/v1/campaigns", &admin, Some(recall())).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.body);
    assert!(twice.body.contains("campaign_code_taken"), "{}", twice.body);
    assert_eq!(
        (k["code"].as_str(), k["vin_count"].as_i64(), k["range_count"].as_i64()),
        (Some("S2026-118"), Some(1), Some(1))
    );
    let id = k["id"].as_i64().unwrap();
    assert_eq!(t.audit_actions("campaign", id).await, vec!["campaign.recorded"]);

    // Store A serves two of the named cars; store B's car is store B's.
    let mine = call(&t, Method::GET, &format!("/api/v1/campaigns/{id}"), &sa, None).await.json();
    assert_eq!((mine["cars"].as_i64(), mine["notified"].as_i64(), mine["done"].as_i64()), (Some(2), Some(0), Some(0)));
    let cars = call(&t, Method::GET, &format!("/api/v1/campaigns/{id}/cars"), &sa, None).await.json();
    let vins: Vec<&str> = cars["items"].as_array().unwrap().iter().map(|c| c["vin"].as_str().unwrap()).collect();
    assert_eq!(vins, vec![LISTED, IN_RANGE]);
    let b_inventory = t.token_for("b.inventory").await;
    assert_eq!(
        call(&t, Method::GET, &format!("/api/v1/campaigns/{id}"), &b_inventory, None).await.status,
        StatusCode::FORBIDDEN,
        "stock keepers do not follow recalls"
    );

    // The desk is warned of the car in front of it, and only of a named car.
    let notes = call(&t, Method::GET, &format!("/api/v1/customer-vehicles/{listed}/notes"), &sa, None).await.json();
    assert_eq!(notes[0]["kind"], "recall", "{notes}");
    assert_eq!((notes[0]["open"].as_bool(), notes[0]["title"].as_str()), (Some(true), Some("S2026-118 制动软管更换")));
    let none = call(&t, Method::GET, &format!("/api/v1/customer-vehicles/{other}/notes"), &sa, None).await.json();
    assert_eq!(none, json!([]));
    let mut desk = t.login("a.service").await;
    let page = desk.get(&format!("/service/repair-orders/new?find={LISTED}&car={listed}")).await;
    assert!(page.body.contains("id=\"vehicle-notes\"") && page.body.contains("S2026-118"), "{}", page.body);
    let page = desk.get(&format!("/service/repair-orders/new?find={NOT_NAMED}&car={other}")).await;
    assert!(!page.body.contains("id=\"vehicle-notes\""));

    // The owners are told once; the workshop may not send.
    let tech = t.token_for("a.tech").await;
    let path = format!("/api/v1/campaigns/{id}/contact");
    assert_eq!(call(&t, Method::POST, &path, &tech, None).await.status, StatusCode::FORBIDDEN);
    let sent = call(&t, Method::POST, &path, &sa, None).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!((sent.json()["sent"].as_i64(), sent.json()["left"].as_i64()), (Some(2), Some(0)));
    let mails = t
        .with_app(|app| {
            app.database().read(|c| storage::outbox::to_recipient(c, "buyer@example.com", 50)).expect("outbox")
        })
        .await;
    assert_eq!(mails.iter().filter(|m| m.subject.contains("S2026-118")).count(), 2);
    let again = call(&t, Method::POST, &path, &sa, None).await.json();
    assert_eq!(again["sent"], 0, "each owner once");

    // A repair order with the campaign's job settles it for the car, by itself.
    visit_with_job(&t, listed, 4_000, "S2026-118 制动软管更换", "brakes").await;
    let cars = call(&t, Method::GET, &format!("/api/v1/campaigns/{id}/cars?state=done"), &sa, None).await.json();
    assert_eq!(cars["total"], 1, "{cars}");
    assert_eq!(cars["items"][0]["vin"], LISTED);
    assert!(cars["items"][0]["repair_order_id"].is_i64());
    let notes = call(&t, Method::GET, &format!("/api/v1/customer-vehicles/{listed}/notes"), &sa, None).await.json();
    assert_eq!(notes[0]["open"], false, "done: no longer asks for anything");

    // By hand: a repair order of another car is refused; done elsewhere is recorded once.
    let done = format!("/api/v1/campaigns/{id}/done");
    let r = call(
        &t,
        Method::POST,
        &done,
        &sa,
        Some(json!({"customer_vehicle_id": ranged, "repair_order_number": "NOPE-1"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("repair_order_number"), "{}", r.body);
    let r = call(&t, Method::POST, &done, &sa, Some(json!({"customer_vehicle_id": other}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a car the campaign does not name: {}", r.body);
    assert_eq!(
        call(&t, Method::POST, &done, &tech, Some(json!({"customer_vehicle_id": ranged}))).await.status,
        StatusCode::FORBIDDEN
    );
    let r = call(&t, Method::POST, &done, &sa, Some(json!({"customer_vehicle_id": ranged}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["state"], "done");
    let r = call(&t, Method::POST, &done, &sa, Some(json!({"customer_vehicle_id": ranged}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

    // A car first seen after the campaign was recorded is found by the job.
    let (_, later) = car(&t, &sa, "13700007105", LATER, "沪A7C105").await;
    let found = t.with_app(app::campaigns::match_new_cars).await.expect("job");
    assert_eq!(found, 1);
    let mine = call(&t, Method::GET, &format!("/api/v1/campaigns/{id}"), &sa, None).await.json();
    assert_eq!((mine["cars"].as_i64(), mine["done"].as_i64()), (Some(3), Some(2)));

    // Closed by the group: no longer warned of; closing twice is refused.
    let version = mine["version"].clone();
    let close = format!("/api/v1/campaigns/{id}/close");
    assert_eq!(
        call(&t, Method::POST, &close, &sa, Some(json!({"version": version}))).await.status,
        StatusCode::FORBIDDEN
    );
    let r = call(&t, Method::POST, &close, &admin, Some(json!({"version": version}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(&t, Method::POST, &close, &admin, Some(json!({"version": r.json()["version"]}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let notes = call(&t, Method::GET, &format!("/api/v1/customer-vehicles/{later}/notes"), &sa, None).await.json();
    assert_eq!(notes, json!([]));
    assert_eq!(
        t.audit_actions("campaign", id).await,
        vec!["campaign.closed", "campaign.owners_contacted", "campaign.owners_contacted", "campaign.recorded"]
    );
}

#[tokio::test]
async fn a_service_campaign_is_an_offer_sent_only_to_owners_who_accept_offers() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (customer, _) = car(&t, &sa, "13700007201", LISTED, "沪A7C201").await;
    let admin = t.token_for("admin").await;
    let body = json!({"kind": "service", "code": "FW-2026-07", "title": "车机系统升级", "remedy": "免费升级车机软件", "vins": LISTED});
    let k = call(&t, Method::POST, "/api/v1/campaigns", &admin, Some(body)).await.json();
    let path = format!("/api/v1/campaigns/{}/contact", k["id"]);
    let r = call(&t, Method::POST, &path, &sa, None).await.json();
    assert_eq!((r["sent"].as_i64(), r["not_sent"].as_i64()), (Some(0), Some(1)), "no consent, no offer");
    let cars = call(&t, Method::GET, &format!("/api/v1/campaigns/{}/cars?state=pending", k["id"]), &sa, None).await;
    assert_eq!(cars.json()["total"], 1, "still to tell");

    // Once the customer agrees, the offer goes.
    let before = call(&t, Method::GET, &format!("/api/v1/customers/{customer}"), &sa, None).await.json();
    let profile = json!({"version": before["version"], "name": before["name"], "mobile": "13700007201",
        "email": "buyer@example.com", "marketing_consent": true, "consent_source": "in_store"});
    let r = call(&t, Method::PUT, &format!("/api/v1/customers/{customer}"), &sa, Some(profile)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(&t, Method::POST, &path, &sa, None).await.json();
    assert_eq!((r["sent"].as_i64(), r["not_sent"].as_i64()), (Some(1), Some(0)), "{r}");
    // Bad filters are refused with their field.
    let r = call(&t, Method::GET, "/api/v1/campaigns?kind=bogus", &sa, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = call(&t, Method::GET, &format!("/api/v1/campaigns/{}/cars?state=bogus", k["id"]), &sa, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_pages_record_a_campaign_say_which_line_is_wrong_and_show_the_stores_cars() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    car(&t, &sa, "13700007301", LISTED, "沪A7C301").await;
    let mut admin = t.login("admin").await;
    let form = admin.get("/service/campaigns/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let bad = format!("{LISTED}\nLSVAU2180N21860\n");
    let fields = [
        ("kind", "recall"),
        ("code", "S2026-200"),
        ("title", "安全气囊"),
        ("remedy", "更换气囊模块"),
        ("vins", bad.as_str()),
    ];
    let r = admin.post("/service/campaigns", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("第 2 行") && r.body.contains("S2026-200"), "the line, and what was typed: {}", r.body);
    let mut good = fields;
    good[4] = ("vins", LISTED);
    let r = admin.post("/service/campaigns", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.redirect_id();

    let mut desk = t.login("a.service").await;
    let list = desk.get("/service/campaigns").await;
    assert!(list.body.contains("S2026-200"), "{}", list.body);
    let page = desk.get(&format!("/service/campaigns/{id}")).await;
    assert!(page.body.contains(LISTED) && page.body.contains("id=\"contact-owners\""), "{}", page.body);
    assert!(!page.body.contains("id=\"close-campaign\""), "the desk does not close campaigns");
    let mut tech = t.login("a.tech").await;
    assert_eq!(tech.get("/service/campaigns").await.status, StatusCode::FORBIDDEN);
}
