//! CRM (issue 17): an inquiry becomes a lead, is followed up on its tier's cadence, and becomes
//! an order or, with a manager's approval, lost; duplicates, round-robin, scope, bad input.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn me(t: &TestApp, token: &str) -> i64 {
    t.client().api(Method::GET, "/api/v1/me", Some(token), None).await.json()["user_id"].as_i64().unwrap()
}

fn inquiry(name: &str, mobile: &str, channel: &str) -> Value {
    json!({"name": name, "mobile": mobile, "channel": channel, "tier": "a", "payment_intention": "loan",
           "trade_in_brand": "大众", "trade_in_model": "朗逸", "trade_in_year": 2018, "trade_in_mileage_km": 86000})
}

async fn post(t: &TestApp, token: &str, path: &str, body: Value) -> Resp {
    t.client().api(Method::POST, path, Some(token), Some(body)).await
}

#[tokio::test]
async fn an_inquiry_is_followed_up_on_its_cadence_and_becomes_an_order() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let adv_id = me(&t, &adv).await;
    // A walk-in: the advisor talked to them, so the lead starts contacted and the tier's cadence
    // (A: 3 days) proposes the next call.
    let r = post(&t, &adv, "/api/v1/leads", inquiry("周晓峰", "13800138201", "walk_in")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let lead = r.json();
    let id = lead["id"].as_i64().unwrap();
    assert_eq!(lead["owner_id"], adv_id, "an advisor keeps their own inquiry");
    assert_eq!(lead["stage"], "contacted");
    // The store's day (Asia/Shanghai, UTC+8 without summer time).
    let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).date_naive();
    assert_eq!(lead["next_follow_up_on"], (today + chrono::Days::new(3)).to_string());
    let customer = lead["customer_id"].as_i64().unwrap();

    // A follow-up in the past is refused and changes nothing.
    let version = lead["version"].as_i64().unwrap();
    let past = (today - chrono::Days::new(1)).to_string();
    let bad = json!({"version": version, "kind": "call", "outcome": "invited", "next_follow_up_on": past});
    let r = post(&t, &adv, &format!("/api/v1/leads/{id}/follow-ups"), bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("follow_up_in_past"), "{}", r.body);
    let r = t.client().api(Method::GET, &format!("/api/v1/leads/{id}/follow-ups"), Some(&adv), None).await;
    assert_eq!(r.json().as_array().unwrap().len(), 1, "only the planned one: {}", r.body);

    // A call that invites the customer: invited, tier H now, next call tomorrow (H: 1 day).
    let call =
        json!({"version": version, "kind": "call", "outcome": "invited", "tier": "h", "note": "周六上午到店看车"});
    let r = post(&t, &adv, &format!("/api/v1/leads/{id}/follow-ups"), call).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let lead = r.json();
    assert_eq!(lead["stage"], "invited");
    assert_eq!(lead["tier"], "h");
    assert_eq!(lead["next_follow_up_on"], (today + chrono::Days::new(1)).to_string());
    let history = t.client().api(Method::GET, &format!("/api/v1/leads/{id}/follow-ups"), Some(&adv), None).await.json();
    assert_eq!(history.as_array().unwrap().len(), 2, "the contact and the next planned one");

    // Ordered and lost are not reported by hand.
    let v = lead["version"].as_i64().unwrap();
    let r = post(&t, &adv, &format!("/api/v1/leads/{id}/stage"), json!({"version": v, "stage": "ordered"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

    // The order made from the lead makes it ordered and points back at it.
    let mut body = crate::orders::order_body(&t, customer, "2");
    body["lead_id"] = json!(id);
    body["channel"] = json!("walk_in");
    let r = post(&t, &adv, "/api/v1/orders", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let order = r.json()["order"]["id"].as_i64().unwrap();
    let lead = t.client().api(Method::GET, &format!("/api/v1/leads/{id}"), Some(&adv), None).await.json();
    assert_eq!(lead["stage"], "ordered");
    assert_eq!(lead["order_id"], order);
    assert!(lead["next_follow_up_on"].is_null(), "no follow-up planned on an ordered lead");
    // The order page shows where it came from; the form from the lead was filled from it.
    let mut web = t.login("a.advisor1").await;
    let form = web.get(&format!("/orders/new?lead_id={id}")).await;
    assert_eq!(form.status, StatusCode::CONFLICT, "an ordered lead makes no second order");
}

#[tokio::test]
async fn a_known_mobile_is_offered_within_scope_and_only_its_advisor_named_outside() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let other = t.token_for("a.advisor2").await;
    let r = post(&t, &adv, "/api/v1/leads", inquiry("钱多多", "13800138202", "phone")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let customer = r.json()["customer_id"].as_i64().unwrap();

    let again = post(&t, &adv, "/api/v1/leads", inquiry("钱多多", "13800138202", "website")).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(again.json()["error"]["existing"]["id"], customer, "the profile is offered");

    let hidden = post(&t, &other, "/api/v1/leads", inquiry("钱某", "138 0013 8202", "walk_in")).await;
    assert_eq!(hidden.status, StatusCode::CONFLICT, "{}", hidden.body);
    let e = &hidden.json()["error"];
    assert_eq!(e["fields"][0]["code"], "lead_mobile_registered");
    assert!(e["existing"]["id"].is_null() && e["existing"]["label"].is_null(), "{}", hidden.body);
    assert!(!hidden.body.contains("钱多多"), "never the name outside the scope");
    assert!(e["existing"]["owner"].as_str().is_some_and(|o| !o.is_empty()), "who to ask");

    // Using the offered profile records a second lead for the same customer.
    let mut use_it = inquiry("", "", "website");
    use_it["customer_id"] = json!(customer);
    let r = post(&t, &adv, "/api/v1/leads", use_it).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["customer_id"], customer);
    // Another advisor may not name a customer outside their scope.
    let mut theirs = inquiry("", "", "website");
    theirs["customer_id"] = json!(customer);
    assert_eq!(post(&t, &other, "/api/v1/leads", theirs).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn pushed_leads_go_round_the_advisors_on_duty_once_per_reference() {
    let t = TestApp::new().await;
    let gm = t.token_for("a.gm").await;
    let mut owners = Vec::new();
    for i in 0..3 {
        let mut body = inquiry("官网客户", &format!("1390013830{i}"), "website");
        body["external_ref"] = json!(format!("WEB-{i}"));
        let r = post(&t, &gm, "/api/v1/leads", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let lead = r.json();
        assert_eq!(lead["stage"], "new", "a website lead is called today");
        owners.push(lead["owner_id"].as_i64().unwrap());
    }
    let mut distinct = owners.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "three advisors in turn: {owners:?}");

    // A retried push, with or without the same key, is the same lead.
    let mut again = inquiry("官网客户", "13900138300", "website");
    again["external_ref"] = json!("WEB-0");
    let r = post(&t, &gm, "/api/v1/leads", again).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["owner_id"], owners[0]);
    let mut c = t.client();
    let key = [("idempotency-key", "push-77")];
    let body = inquiry("平台客户", "13900138399", "car_platform");
    let a = c.api_with_headers(Method::POST, "/api/v1/leads", Some(&gm), Some(body.clone()), &key).await;
    let b = c.api_with_headers(Method::POST, "/api/v1/leads", Some(&gm), Some(body), &key).await;
    assert_eq!(a.json()["id"], b.json()["id"]);

    // Off duty, an advisor gets none; the pushed lead is due today in its owner's day list.
    let adv1 = me(&t, &t.token_for("a.advisor1").await).await;
    let adv2 = me(&t, &t.token_for("a.advisor2").await).await;
    let r = t
        .client()
        .api(
            Method::PUT,
            "/api/v1/crm/settings",
            Some(&t.token_for("a.admin").await),
            Some(json!({"on_duty": [adv2], "cadences": {"h": 2}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = post(&t, &gm, "/api/v1/leads", inquiry("活动客户", "13900138311", "car_platform")).await;
    assert_eq!(r.json()["owner_id"], adv2, "{}", r.body);
    let day = t
        .client()
        .api(Method::GET, "/api/v1/follow-ups/due", Some(&t.token_for("a.advisor2").await), None)
        .await
        .json();
    assert!(day["items"].as_array().unwrap().iter().any(|x| x["lead"]["customer_name"] == "活动客户"), "{day}");
    assert!(!owners.is_empty() && adv1 > 0);
    let bad = json!({"cadences": {"h": 0, "x": 3}});
    let r = t.client().api(Method::PUT, "/api/v1/crm/settings", Some(&t.token_for("a.admin").await), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn giving_a_lead_up_needs_a_reason_and_another_s_approval() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mgr = t.token_for("a.manager").await;
    let lead = post(&t, &adv, "/api/v1/leads", inquiry("孙磊", "13800138203", "phone")).await.json();
    let id = lead["id"].as_i64().unwrap();
    let v = lead["version"].as_i64().unwrap();
    let path = format!("/api/v1/leads/{id}/lost-request");
    let r = post(&t, &adv, &path, json!({"version": v})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no reason: {}", r.body);
    let r = post(&t, &adv, &path, json!({"version": v, "reason": "competitor_bought"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no competitor: {}", r.body);
    let r =
        post(&t, &adv, &path, json!({"version": v, "reason": "competitor_bought", "competitor": "某品牌 4S 店"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json()["version"].as_i64().unwrap();
    assert_eq!(r.json()["lost_pending"], true);
    // The advisor cannot decide; the manager sees it waiting and approves.
    let approve = format!("/api/v1/leads/{id}/lost-approval");
    assert_eq!(post(&t, &adv, &approve, json!({"version": v})).await.status, StatusCode::FORBIDDEN);
    let waiting = t.client().api(Method::GET, "/api/v1/leads?lost_pending=true", Some(&mgr), None).await.json();
    assert_eq!(waiting["total"], 1);
    let r = post(&t, &mgr, &approve, json!({"version": v})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["stage"], "lost");
    assert_eq!(r.json()["lost_reason"], "competitor_bought");

    // Nobody approves their own request.
    let own = post(&t, &mgr, "/api/v1/leads", inquiry("李静", "13800138204", "phone")).await.json();
    let (oid, ov) = (own["id"].as_i64().unwrap(), own["version"].as_i64().unwrap());
    let r = post(&t, &mgr, &format!("/api/v1/leads/{oid}/lost-request"), json!({"version": ov, "reason": "no_budget"}))
        .await;
    let ov = r.json()["version"].as_i64().unwrap();
    let r = post(&t, &mgr, &format!("/api/v1/leads/{oid}/lost-approval"), json!({"version": ov})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("lead_own_request"), "{}", r.body);
}

#[tokio::test]
async fn advisors_see_their_own_leads_managers_their_team_s_and_assign_only_to_sellers() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let other = t.token_for("a.advisor2").await;
    let mgr = t.token_for("a.manager").await;
    let lead = post(&t, &adv, "/api/v1/leads", inquiry("郑毅", "13800138205", "walk_in")).await.json();
    let id = lead["id"].as_i64().unwrap();
    let mut c = t.client();
    assert_eq!(
        c.api(Method::GET, &format!("/api/v1/leads/{id}"), Some(&other), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(c.api(Method::GET, "/api/v1/leads", Some(&other), None).await.json()["total"], 0);
    assert_eq!(c.api(Method::GET, &format!("/api/v1/leads/{id}"), Some(&mgr), None).await.status, StatusCode::OK);
    // An advisor does not assign; a manager not to finance, nor to another store's advisor.
    let v = lead["version"].as_i64().unwrap();
    let assign = format!("/api/v1/leads/{id}/assign");
    let other_id = me(&t, &other).await;
    assert_eq!(
        post(&t, &adv, &assign, json!({"version": v, "owner_id": other_id})).await.status,
        StatusCode::FORBIDDEN
    );
    for user in ["a.finance", "b.advisor1"] {
        let uid = me(&t, &t.token_for(user).await).await;
        let r = post(&t, &mgr, &assign, json!({"version": v, "owner_id": uid})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{user}: {}", r.body);
    }
    let r = post(&t, &mgr, &assign, json!({"version": v, "owner_id": other_id})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(c.api(Method::GET, &format!("/api/v1/leads/{id}"), Some(&other), None).await.status, StatusCode::OK);
    let plan = c.api(Method::GET, &format!("/api/v1/leads/{id}/follow-ups"), Some(&other), None).await.json();
    assert_eq!(plan[0]["owner_id"], other_id, "the planned follow-up moved with the lead");
    // Finance sees no leads at all.
    let fin = t.token_for("a.finance").await;
    assert_eq!(c.api(Method::GET, "/api/v1/leads", Some(&fin), None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_inquiries_are_refused_by_field_and_change_nothing() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    for (body, field) in [
        (inquiry("王五", "1380013", "walk_in"), "mobile"),
        (inquiry("王五", "13800138206", "billboard"), "channel"),
        (json!({"name": "王五", "mobile": "13800138206", "channel": "phone", "tier": "z"}), "tier"),
        (json!({"name": "", "mobile": "13800138206", "channel": "phone"}), "name"),
        (json!({"name": "王五", "mobile": "13800138206", "channel": "phone", "model_ids": [999999]}), "model_ids"),
        (json!({"name": "王五", "mobile": "13800138206", "channel": "phone", "trade_in_year": 1800}), "trade_in_year"),
    ] {
        let r = post(&t, &adv, "/api/v1/leads", body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", r.body);
        assert!(
            r.json()["error"]["fields"].as_array().unwrap().iter().any(|f| f["field"] == field),
            "{field}: {}",
            r.body
        );
    }
    let r = t.client().api(Method::GET, "/api/v1/leads", Some(&adv), None).await;
    assert_eq!(r.json()["total"], 0, "nothing was recorded");
    let r = t.client().api(Method::GET, "/api/v1/customers?q=13800138206", Some(&adv), None).await;
    assert_eq!(r.json()["total"], 0, "no profile either");
}

#[tokio::test]
async fn a_due_follow_up_is_on_the_day_list_and_in_the_morning_digest_once() {
    let t = TestApp::new().await;
    let sink = crate::smtp::SmtpSink::start().await;
    let adv = t.token_for("a.advisor1").await;
    // A website lead is called the day it comes in.
    let r = post(&t, &adv, "/api/v1/leads", inquiry("林晓雨", "13800138207", "website")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let day = t.client().api(Method::GET, "/api/v1/follow-ups/due", Some(&adv), None).await.json();
    assert_eq!(day["total"], 1, "{day}");
    assert_eq!(day["items"][0]["lead"]["customer_name"], "林晓雨");
    let counts = t
        .client()
        .api(Method::GET, "/api/v1/follow-ups/due-counts", Some(&t.token_for("a.manager").await), None)
        .await
        .json();
    assert_eq!(counts[0]["due_today"], 1, "{counts}");
    assert_eq!(counts[0]["overdue"], 0);

    // 07:59 in Shanghai: not yet. 09:00: one e-mail; again at 10:00: nothing more.
    let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).date_naive();
    let at = |h: u32, m: u32| today.and_hms_opt(h, m, 0).unwrap() - chrono::Duration::hours(8);
    let run = |when: chrono::NaiveDateTime| {
        t.with_app(move |app| app::crm::digest::send_due(&app.with_clock(app::Clock::set_to(when))).expect("digest"))
    };
    assert_eq!(run(at(7, 59)).await, 0);
    assert_eq!(run(at(9, 0)).await, 1);
    assert_eq!(run(at(10, 0)).await, 0, "once a day");
    let smtp = app::kernel::outbox::SmtpConfig {
        host: "127.0.0.1".into(),
        port: sink.port,
        from: "autodms <noreply@dealer.example>".into(),
    };
    // Delivered on the digest's own clock: in the evening (UTC), 09:00 in Shanghai is tomorrow.
    let later = at(10, 1);
    t.with_app(move |app| {
        let app = app.with_clock(app::Clock::set_to(later));
        app::kernel::outbox::deliver_due(&app, &app::kernel::outbox::Mailer::new(&smtp), 50).expect("delivery")
    })
    .await;
    let inbox = sink.inbox.lock().unwrap().clone();
    let mail = inbox.iter().find(|m| m.to.contains("a.advisor1@dealer.example")).expect("the advisor's digest");
    let text = crate::orders::mail_text(&mail.data);
    assert!(text.contains("/follow-ups") && text.contains("林晓雨"), "{text}");
    assert!(text.contains("138****8207"), "the number masked in an e-mail: {text}");
    assert_eq!(inbox.len(), 1, "only advisors with follow-ups due");
}

#[tokio::test]
async fn a_test_drive_needs_a_valid_licence_and_a_free_car_and_feeds_the_lead() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let car = t.demo_car(7001).await;
    let lead = post(&t, &adv, "/api/v1/leads", inquiry("吴昊", "13800138208", "phone")).await.json();
    let id = lead["id"].as_i64().unwrap();
    let other = post(&t, &adv, "/api/v1/leads", inquiry("何静", "13800138209", "phone")).await.json();
    let (tomorrow, next_year) = (crate::calendar::store_day(1), crate::calendar::store_day(400));
    let cars = t.client().api(Method::GET, "/api/v1/demo-cars", Some(&adv), None).await.json();
    assert_eq!(cars[0]["vehicle_id"], car, "{cars}");
    let booking = |licence: &str, expires: &str, time: &str| {
        json!({"vehicle_id": car, "day": tomorrow, "time": time, "minutes": 60,
               "licence_no": licence, "licence_expires_on": expires})
    };
    let path = format!("/api/v1/leads/{id}/test-drives");
    // A licence number that is no ID number, and one expired by the day of the drive.
    let r = post(&t, &adv, &path, booking("12345", &next_year, "10:00")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = post(&t, &adv, &path, booking("360426199101010071", "2020-01-01", "10:00")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("test_drive_licence_expired"), "{}", r.body);
    // A car that is not a demo car.
    let mut not_demo = booking("360426199101010071", &next_year, "10:00");
    not_demo["vehicle_id"] = json!(999_999);
    assert_eq!(post(&t, &adv, &path, not_demo).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(&t, &adv, &path, booking("360426199101010071", &next_year, "10:00")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let drive = r.json();
    assert_eq!(drive["licence_masked"], "**************0071", "the licence is shown by its tail");
    assert!(!r.body.contains("360426199101010071"));
    let lead_now = t.client().api(Method::GET, &format!("/api/v1/leads/{id}"), Some(&adv), None).await.json();
    assert_eq!(lead_now["stage"], "test_drive");

    // The car at 10:30 for another customer, the customer again at 10:30 in any car: refused.
    let other_path = format!("/api/v1/leads/{}/test-drives", other["id"]);
    let r = post(&t, &adv, &other_path, booking("360426199101010071", &next_year, "10:30")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("test_drive_car_taken"), "{}", r.body);
    let car2 = t.demo_car(7002).await;
    let mut same_customer = booking("360426199101010071", &next_year, "10:30");
    same_customer["vehicle_id"] = json!(car2);
    let r = post(&t, &adv, &path, same_customer).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("test_drive_customer_taken"), "{}", r.body);
    // Back to back is fine.
    let r = post(&t, &adv, &other_path, booking("360426199101010071", &next_year, "11:00")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Out at 12,000 km; back at less is refused; back at 12,018 with the verdict.
    let did = drive["id"].as_i64().unwrap();
    let r = post(&t, &adv, &format!("/api/v1/test-drives/{did}/check-out"), json!({"version": 1, "km": 12000})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let back = |km: i64| json!({"version": 2, "km": km, "verdict": "liked", "impression": "动力好，后排宽敞"});
    let r = post(&t, &adv, &format!("/api/v1/test-drives/{did}/return"), back(11990)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = post(&t, &adv, &format!("/api/v1/test-drives/{did}/return"), back(12018)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["driven_km"], 18);
    let history = t.client().api(Method::GET, &format!("/api/v1/leads/{id}/follow-ups"), Some(&adv), None).await.json();
    assert!(history.to_string().contains("动力好，后排宽敞"), "the impression is on the lead: {history}");
    // Another advisor sees neither the lead's drives nor can act on them.
    let adv2 = t.token_for("a.advisor2").await;
    assert_eq!(t.client().api(Method::GET, &path, Some(&adv2), None).await.status, StatusCode::NOT_FOUND);
    let r = post(&t, &adv2, &format!("/api/v1/test-drives/{did}/cancel"), json!({"version": 3, "reason": "x"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

/// A pushed lead with a field the API does not have is refused with the field named, not quietly
/// stored without it (the inquiry's facts are a flattened structure serde would not report).
#[tokio::test]
async fn a_lead_with_an_unknown_field_is_refused_naming_it() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut body = inquiry("韩梅", "13800138299", "website");
    body["is_admin"] = json!(true);
    let r = post(&t, &adv, "/api/v1/leads", body.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "is_admin", "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "field_unknown", "{}", r.body);
    body.as_object_mut().unwrap().remove("is_admin");
    let r = post(&t, &adv, "/api/v1/leads", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let r = t
        .client()
        .api(
            Method::PUT,
            &format!("/api/v1/leads/{id}"),
            Some(&adv),
            Some(json!({"version": 1, "tier": "h", "owner": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "owner", "{}", r.body);
}

/// A website pushes one inquiry several times at once (its retries overlap): every push answers
/// with the one lead its reference made, none with a conflict (PostgreSQL runs them side by side).
#[tokio::test]
async fn concurrent_pushes_of_one_reference_make_one_lead() {
    let t = TestApp::new().await;
    let reception = t.token_for("a.manager").await;
    let mut body = inquiry("沈佳怡", "13800138377", "website");
    body["external_ref"] = json!("WEB-20261207-0042");
    let pushes: Vec<_> = (0..8)
        .map(|_| {
            let (mut c, token, body) = (t.client(), reception.clone(), body.clone());
            tokio::spawn(async move { c.api(Method::POST, "/api/v1/leads", Some(&token), Some(body)).await })
        })
        .collect();
    let mut answers = Vec::new();
    for p in pushes {
        answers.push(p.await.expect("push"));
    }
    let ids: std::collections::BTreeSet<i64> = answers
        .iter()
        .map(|r| {
            assert!(r.status.is_success(), "{}: {}", r.status, r.body);
            r.json()["id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
}

/// A refused follow-up (a day already gone) comes back with what the advisor typed.
#[tokio::test]
async fn a_refused_follow_up_keeps_what_was_typed() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let r = post(&t, &adv, "/api/v1/leads", inquiry("罗文博", "13800138388", "phone")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (id, version) = (r.json()["id"].as_i64().unwrap(), r.json()["version"].as_i64().unwrap());
    let mut web = t.login("a.advisor1").await;
    web.get(&format!("/leads/{id}")).await;
    let r = web
        .post(
            &format!("/leads/{id}/contact"),
            &[
                ("version", &version.to_string()),
                ("kind", "call"),
                ("outcome", "reached"),
                ("note", "客户想周六带家人来看车，关心后排空间"),
                ("next_step", "周六到店试驾"),
                ("next_follow_up_on", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("客户想周六带家人来看车，关心后排空间") && r.body.contains("周六到店试驾"), "{}", r.body);
}

/// A refused test-drive booking comes back with the car, day, time, length and licence typed,
/// and the page names the slots already taken that day, by car (not by VIN).
#[tokio::test]
async fn a_refused_booking_keeps_what_was_typed_and_shows_the_taken_slots() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let car = t.demo_car(7002).await;
    let lead = post(&t, &adv, "/api/v1/leads", inquiry("邓佳", "13800138391", "phone")).await.json();
    let id = lead["id"].as_i64().unwrap();
    let (tomorrow, next_year) = (crate::calendar::store_day(1), crate::calendar::store_day(400));
    let booking = json!({"vehicle_id": car, "day": tomorrow, "time": "10:00", "minutes": 60,
        "licence_no": "360426199101010071", "licence_expires_on": next_year});
    let r = post(&t, &adv, &format!("/api/v1/leads/{id}/test-drives"), booking).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mut web = t.login("a.advisor1").await;
    web.get(&format!("/leads/{id}")).await;
    // The same car at 10:30 that day is taken: refused, the form as typed.
    let r = web
        .post(
            &format!("/leads/{id}/test-drives"),
            &[
                ("vehicle_id", &car.to_string()),
                ("day", &tomorrow),
                ("time", "10:30"),
                ("minutes", "45"),
                ("licence_no", "360426199101010071"),
                ("licence_expires_on", &next_year),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    for typed in [
        format!("value=\"{tomorrow}\""),
        "value=\"10:30\"".to_string(),
        "value=\"45\" selected".to_string(),
        "value=\"360426199101010071\"".to_string(),
        format!("value=\"{next_year}\""),
    ] {
        assert!(r.body.contains(&typed), "{typed} kept");
    }
    let slots =
        r.body.split("id=\"drive-slots\"").nth(1).expect("the taken slots").split("</div></div>").next().unwrap_or("");
    assert!(slots.contains("10:00") && slots.contains("…"), "the slot and the car by its name: {slots}");
    let vin = t
        .with_app(move |app| app.database().read(|c| storage::inventory::vehicles::get(c, car)).expect("car").vin)
        .await;
    assert!(!slots.contains(&vin), "the car by name, not by its VIN: {slots}");
}
