//! Customer care (issue 31): the callback the day after a settled repair, what customer service
//! records of a call, a dissatisfied answer that opens a complaint, complaint deadlines counted in
//! China's working days, escalation of an overdue complaint, and who may do what.

use crate::service::{car, warranty_visit};
use crate::support::*;
use axum::http::{Method, StatusCode};
use chrono::NaiveDate;
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

#[tokio::test]
async fn a_settled_repair_is_called_back_and_a_dissatisfied_answer_opens_a_complaint() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let cs = t.token_for("a.cs").await;
    let (_, vehicle) = car(&t, &sa, "13700005101", "LSVAU2180N2185101", "沪A5C101").await;
    let ro = warranty_visit(&t, vehicle, 3_000, "brakes").await;

    // Due the day after the settlement: not in today's list, in the list of every open callback.
    let today = call(&t, Method::GET, "/api/v1/callbacks", &cs, None).await.json();
    assert_eq!(today["total"], 0, "{today}");
    let all = call(&t, Method::GET, "/api/v1/callbacks?due=all", &cs, None).await.json();
    assert_eq!(all["total"], 1, "{all}");
    let cb = all["items"][0].clone();
    assert_eq!((cb["kind"].as_str(), cb["subject"].as_str()), (Some("service"), ro["number"].as_str()));
    assert_eq!(cb["due_on"], crate::calendar::store_day(1).to_string());
    let path = format!("/api/v1/callbacks/{}/calls", cb["id"]);

    // Who may not: sales and the workshop do not see callbacks; the front desk and the store's
    // administrator do not record calls.
    for who in ["a.advisor1", "a.tech", "a.parts"] {
        let token = t.token_for(who).await;
        assert_eq!(
            call(&t, Method::GET, "/api/v1/callbacks?due=all", &token, None).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    for who in ["a.service", "a.admin", "a.gm"] {
        let token = t.token_for(who).await;
        let r = call(
            &t,
            Method::POST,
            &path,
            &token,
            Some(json!({"version": cb["version"], "outcome": "reached", "score": 5})),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }

    // Bad input says what is wrong and changes nothing.
    let r =
        call(&t, Method::POST, &path, &cs, Some(json!({"version": cb["version"], "outcome": "reached", "score": 9})))
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("\"score\""), "{}", r.body);
    let r =
        call(&t, Method::POST, &path, &cs, Some(json!({"version": cb["version"], "outcome": "reached", "score": 2})))
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a dissatisfied answer needs their words: {}", r.body);
    assert!(r.body.contains("\"comment\""), "{}", r.body);
    let r = call(&t, Method::POST, &path, &cs, Some(json!({"version": cb["version"], "outcome": "maybe"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let same = call(&t, Method::GET, &format!("/api/v1/callbacks/{}", cb["id"]), &cs, None).await.json();
    assert_eq!((same["attempts"].as_i64(), same["version"].as_i64()), (Some(0), cb["version"].as_i64()));

    // Not reached: tried again tomorrow.
    let r = call(&t, Method::POST, &path, &cs, Some(json!({"version": cb["version"], "outcome": "not_reached"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = r.json();
    assert_eq!((r["status"].as_str(), r["attempts"].as_i64()), (Some("open"), Some(1)));
    assert_eq!(r["due_on"], crate::calendar::store_day(1).to_string());

    // Reached and dissatisfied: the complaint is taken in the same write, owned by the advisor.
    let said = "刹车还是有异响，来回跑了两趟";
    let body = json!({"version": r["version"], "outcome": "reached", "score": "2", "comment": said});
    let r = call(&t, Method::POST, &path, &cs, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = r.json();
    assert_eq!((r["status"].as_str(), r["score"].as_i64()), (Some("done"), Some(2)));
    let complaint_id = r["complaint_id"].as_i64().expect("a complaint");
    let k = call(&t, Method::GET, &format!("/api/v1/complaints/{complaint_id}"), &cs, None).await.json();
    assert_eq!(
        (k["source"].as_str(), k["category"].as_str(), k["description"].as_str()),
        (Some("callback"), Some("repair_quality"), Some(said))
    );
    assert_eq!(k["owner_id"].as_i64(), Some(t.actor("a.service").await.user_id.0));
    assert_eq!(k["repair_order_id"], ro["id"]);
    assert!(k["number"].as_str().unwrap().contains("-TS"), "{}", k["number"]);
    // Once answered, the callback takes no more calls.
    let again =
        call(&t, Method::POST, &path, &cs, Some(json!({"version": r["version"], "outcome": "reached", "score": 5})))
            .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("callback_closed"));
    assert_eq!(
        t.audit_actions("callback", cb["id"].as_i64().unwrap()).await,
        vec!["callback.recorded", "callback.recorded"]
    );
    assert_eq!(t.audit_actions("complaint", complaint_id).await, vec!["complaint.opened"]);
    // The advisor was told, and the customer 360 shows the call and the complaint.
    let notes = call(&t, Method::GET, "/api/v1/notifications", &sa, None).await.body;
    assert!(notes.contains(k["number"].as_str().unwrap()), "{notes}");
    let mut web = t.login("a.cs").await;
    let page = web.get(&format!("/customers/{}", k["customer_id"])).await;
    assert!(
        page.body.contains("data-kind=\"callback\"") && page.body.contains("data-kind=\"complaint\""),
        "{}",
        page.body
    );
}

/// A complaint taken on Thursday 12 February 2026 (Spring Festival: 15 to 23 February off, the
/// Saturdays 14 and 28 worked), at 10:00 in Shanghai.
fn before_the_spring_festival() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 2, 12).unwrap().and_hms_opt(2, 0, 0).unwrap()
}

#[tokio::test]
async fn a_complaint_is_due_in_working_days_escalated_when_overdue_and_closed_when_the_customer_accepts() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let customer = t.customer(&sa, "13700005202").await;
    let cs = t.actor("a.cs").await;
    let owner = t.actor("a.service").await.user_id.0;
    let taken = before_the_spring_festival();
    let k = t
        .with_app(move |app| {
            let app = app.with_clock(app::Clock::set_to(taken));
            let input = app::care::ComplaintInput {
                customer_id: customer.to_string(),
                source: "phone".into(),
                category: "waiting".into(),
                severity: "normal".into(),
                description: "保养等了四个小时".into(),
                owner_id: owner.to_string(),
                ..Default::default()
            };
            app::care::open(&app, &cs, &input, None).expect("taken")
        })
        .await;
    // Five working days from Thursday 12 February: 13, 14 (a worked Saturday), 24, 25, 26.
    assert_eq!((k.opened_on.to_string(), k.due_on.to_string()), ("2026-02-12".into(), "2026-02-26".into()));

    // Overdue on 27 February: escalated once, to the general manager.
    let after = NaiveDate::from_ymd_opt(2026, 2, 27).unwrap().and_hms_opt(2, 0, 0).unwrap();
    let on_time = NaiveDate::from_ymd_opt(2026, 2, 26).unwrap().and_hms_opt(2, 0, 0).unwrap();
    let escalated = t
        .with_app(move |app| {
            let early = app::care::escalate(&app.with_clock(app::Clock::set_to(on_time))).expect("job");
            let late = app::care::escalate(&app.with_clock(app::Clock::set_to(after))).expect("job");
            let twice = app::care::escalate(&app.with_clock(app::Clock::set_to(after))).expect("job");
            (early, late, twice)
        })
        .await;
    assert_eq!(escalated, (0, 1, 0));
    let gm = t.token_for("a.gm").await;
    let notes = call(&t, Method::GET, "/api/v1/notifications", &gm, None).await.body;
    assert!(notes.contains(&k.number), "{notes}");
    assert!(t.audit_actions("complaint", k.id).await.contains(&"complaint.escalated".to_string()));

    // Resolving needs what was done; only its owner (or a manager) resolves it.
    let path = format!("/api/v1/complaints/{}/steps", k.id);
    let other = t.token_for("a.cs").await;
    let r = call(
        &t,
        Method::POST,
        &path,
        &other,
        Some(json!({"version": k.version + 1, "step": "resolve", "note": "已道歉"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "not the owner: {}", r.body);
    assert!(r.body.contains("complaint_not_owner"), "{}", r.body);
    let r =
        call(&t, Method::POST, &path, &sa, Some(json!({"version": k.version + 1, "step": "resolve", "note": "  "})))
            .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a complaint is not resolved without a resolution: {}",
        r.body
    );
    let r = call(&t, Method::POST, &path, &sa, Some(json!({"version": k.version + 1, "step": "accept"}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the customer answers a resolution only: {}", r.body);
    let r = call(
        &t,
        Method::POST,
        &path,
        &sa,
        Some(json!({"version": k.version + 1, "step": "resolve", "note": "赠送一次免费保养并致歉"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = r.json();
    assert_eq!(r["status"], "resolved");
    // The customer does not accept: back to the owner with the reason; then accepts.
    let r = call(&t, Method::POST, &path, &other, Some(json!({"version": r["version"], "step": "reopen"}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v =
        call(&t, Method::GET, &format!("/api/v1/complaints/{}", k.id), &other, None).await.json()["version"].clone();
    let r =
        call(&t, Method::POST, &path, &other, Some(json!({"version": v, "step": "reopen", "note": "希望退还工时费"})))
            .await
            .json();
    assert_eq!(r["status"], "open");
    let r = call(
        &t,
        Method::POST,
        &path,
        &sa,
        Some(json!({"version": r["version"], "step": "resolve", "note": "退还工时费 200 元"})),
    )
    .await
    .json();
    let r =
        call(&t, Method::POST, &path, &other, Some(json!({"version": r["version"], "step": "accept", "note": "满意"})))
            .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = r.json();
    assert_eq!((r["status"].as_str(), r["resolution"].as_str()), (Some("closed"), Some("退还工时费 200 元")));
    let steps: Vec<&str> = r["history"].as_array().unwrap().iter().map(|h| h["step"].as_str().unwrap()).collect();
    assert_eq!(steps, vec!["opened", "escalated", "resolved", "reopened", "resolved", "accepted"]);
    let stale =
        call(&t, Method::POST, &path, &sa, Some(json!({"version": r["version"], "step": "resolve", "note": "x"})))
            .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "a closed complaint takes no step");
}

#[tokio::test]
async fn complaints_are_taken_and_reassigned_by_those_who_may() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let cs = t.token_for("a.cs").await;
    let customer = t.customer(&sa, "13700005303").await;
    let body = json!({"customer_id": customer, "source": "walk_in", "category": "attitude", "severity": "high", "description": "前台接待态度差"});
    for who in ["a.tech", "a.parts", "a.advisor1", "a.admin"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::POST, "/api/v1/complaints", &token, Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let bad = json!({"customer_id": customer, "source": "pigeon", "category": "", "severity": "huge", "description": " ", "owner_id": t.actor("a.tech").await.user_id.0});
    let r = call(&t, Method::POST, "/api/v1/complaints", &cs, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["source", "category", "severity", "description"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field}: {}", r.body);
    }
    let tech_owner = json!({"customer_id": customer, "source": "phone", "category": "other", "description": "x", "owner_id": t.actor("a.tech").await.user_id.0});
    let r = call(&t, Method::POST, "/api/v1/complaints", &cs, Some(tech_owner)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a technician does not own complaints: {}", r.body);
    assert!(r.body.contains("owner_id"));
    let listed = call(&t, Method::GET, "/api/v1/complaints?status=all", &cs, None).await.json();
    assert_eq!(listed["total"], 0, "nothing was taken by a refused request");

    // Taken once however often the client retries with its key.
    let mut client = t.client();
    let headers = [("Idempotency-Key", "complaint-5303")];
    let first =
        client.api_with_headers(Method::POST, "/api/v1/complaints", Some(&cs), Some(body.clone()), &headers).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = client.api_with_headers(Method::POST, "/api/v1/complaints", Some(&cs), Some(body), &headers).await;
    assert_eq!(again.json()["id"], first.json()["id"]);
    let k = first.json();
    assert_eq!(k["owner_id"].as_i64(), Some(t.actor("a.cs").await.user_id.0), "the taker owns it by default");

    // Only a manager hands it to someone else, who is told.
    let path = format!("/api/v1/complaints/{}/steps", k["id"]);
    let to = t.actor("a.service").await.user_id.0;
    let r =
        call(&t, Method::POST, &path, &cs, Some(json!({"version": k["version"], "step": "reassign", "owner_id": to})))
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let gm = t.token_for("a.gm").await;
    let r =
        call(&t, Method::POST, &path, &gm, Some(json!({"version": k["version"], "step": "reassign", "owner_id": to})))
            .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["owner_id"].as_i64(), Some(to));
    let notes = call(&t, Method::GET, "/api/v1/notifications", &sa, None).await.body;
    assert!(notes.contains(k["number"].as_str().unwrap()), "{notes}");
    // Another store's staff do not see it.
    let other = t.token_for("b.advisor1").await;
    assert_eq!(
        call(&t, Method::GET, &format!("/api/v1/complaints/{}", k["id"]), &other, None).await.status,
        StatusCode::FORBIDDEN
    );

    // The pages: a refused form is shown again with its messages.
    let mut web = t.login("a.cs").await;
    let page = web.get(&format!("/care/complaints/new?customer_id={customer}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let r = web
        .post(
            "/care/complaints",
            &[("customer_id", &customer.to_string()), ("source", "phone"), ("category", ""), ("description", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is-invalid"), "{}", r.body);
    let list = web.get("/care/complaints?status=all").await;
    assert!(list.body.contains(k["number"].as_str().unwrap()), "{}", list.body);
}

#[tokio::test]
async fn a_car_not_seen_for_six_months_is_called_once() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let (_, vehicle) = car(&t, &sa, "13700005404", "LSVAU2180N2185404", "沪A5D404").await;
    warranty_visit(&t, vehicle, 3_000, "engine").await;
    let later = |months: u32| chrono::Utc::now().naive_utc() + chrono::Months::new(months);
    let (five, seven, again) = t
        .with_app(move |app| {
            let five = app::care::dormant(&app.with_clock(app::Clock::set_to(later(5)))).expect("job");
            let seven = app::care::dormant(&app.with_clock(app::Clock::set_to(later(7)))).expect("job");
            let again = app::care::dormant(&app.with_clock(app::Clock::set_to(later(7)))).expect("job");
            (five, seven, again)
        })
        .await;
    assert_eq!((five, seven, again), (0, 1, 0), "called once, after six months");
    let cs = t.token_for("a.cs").await;
    let all = call(&t, Method::GET, "/api/v1/callbacks?due=all&kind=dormant", &cs, None).await.json();
    assert_eq!((all["total"].as_i64(), all["items"][0]["subject"].as_str()), (Some(1), Some("沪A5D404")));
}

#[tokio::test]
async fn owners_are_reminded_once_of_the_first_service_and_the_inspection_and_a_visit_fulfils_it() {
    let t = TestApp::new().await;
    let sa = t.token_for("a.service").await;
    let customer = t.customer(&sa, "13700005505").await;
    let today = chrono::NaiveDate::parse_from_str(&crate::calendar::store_day(0), "%Y-%m-%d").unwrap();
    let delivered = today - chrono::Months::new(6) + chrono::Days::new(15);
    let registered = today - chrono::Months::new(72) + chrono::Days::new(10);
    let body = json!({"vin": "LSVAU2180N2185505", "accept_unchecked_vin": true, "plate": "沪A5E505", "description": "大众 帕萨特",
        "owned_since": delivered.to_string(), "registered_on": registered.to_string()});
    let r = call(&t, Method::POST, &format!("/api/v1/customers/{customer}/vehicles"), &sa, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let vehicle = r.json()["id"].as_i64().unwrap();
    let (first, again) =
        t.with_app(|app| (app::care::remind(app).expect("job"), app::care::remind(app).expect("job"))).await;
    assert_eq!((first, again), (2, 0), "the first service and the inspection, once");
    let cs = t.token_for("a.cs").await;
    let list = call(&t, Method::GET, "/api/v1/reminders", &cs, None).await.json();
    let mut kinds: Vec<(String, String, String)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().into(),
                r["due_on"].as_str().unwrap().into(),
                r["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            ("first_service".into(), (delivered + chrono::Months::new(6)).to_string(), "sent".into()),
            ("inspection".into(), (registered + chrono::Months::new(72)).to_string(), "sent".into()),
        ]
    );
    // The customer's mailbox (no SMS gateway in tests) holds the first-service reminder's words.
    let mailed = t
        .with_app(|app| {
            app.database().read(|c| storage::outbox::to_recipient(c, "buyer@example.com", 50)).expect("outbox")
        })
        .await;
    let reminder =
        mailed.iter().find(|m| m.body.contains("沪A5E505") && m.body.contains("5000")).expect("the reminder");
    // Its link books the visit: the customer picks a free time on their phone.
    let token = reminder.body.split("/b/").nth(1).and_then(|rest| rest.split_whitespace().next()).expect("a link");
    let path = format!("/b/{token}");
    let mut phone = t.client();
    let page = phone.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"booking-form\"") && page.body.contains("沪A5E505"), "{}", page.body);
    let tomorrow = crate::calendar::store_day(1);
    let slot = format!("{tomorrow} 10:00");
    let r = phone.post(&path, &[("slot", "2020-01-01 10:00"), ("requested_work", "首保")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a day gone by: {}", r.body);
    assert!(r.body.contains("id=\"booking-error\""), "{}", r.body);
    let r = phone.post(&path, &[("slot", slot.as_str()), ("requested_work", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "what to do is asked: {}", r.body);
    let r = phone.post(&path, &[("slot", slot.as_str()), ("requested_work", "首次保养"), ("mileage_km", "4800")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"booking-booked\"") && r.body.contains("10:00"), "{}", r.body);
    let board = call(&t, Method::GET, &format!("/api/v1/appointments?day={tomorrow}"), &sa, None).await.json();
    let ten = board["slots"].as_array().unwrap().iter().find(|s| s["starts_at"] == "10:00").unwrap().clone();
    let booked = &ten["appointments"][0];
    assert_eq!((booked["source"].as_str(), booked["customer_vehicle_id"].as_i64()), (Some("customer"), Some(vehicle)));
    let told = call(&t, Method::GET, "/api/v1/notifications", &sa, None).await.body;
    assert!(told.contains("沪A5E505"), "the desk is told: {told}");
    let r = phone.post(&path, &[("slot", slot.as_str()), ("requested_work", "再约一次")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "one booked visit per car: {}", r.body);
    assert_eq!(phone.get("/b/not-a-token").await.status, StatusCode::NOT_FOUND);
    // A visit fulfils the service reminder, not the inspection.
    warranty_visit(&t, vehicle, 4_000, "engine").await;
    let done = call(&t, Method::GET, "/api/v1/reminders?status=done", &cs, None).await.json();
    assert_eq!((done["total"].as_i64(), done["items"][0]["kind"].as_str()), (Some(1), Some("first_service")));
    let sales = t.token_for("a.tech").await;
    assert_eq!(call(&t, Method::GET, "/api/v1/reminders", &sales, None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_models_service_schedule_times_its_first_service_reminder() {
    let t = TestApp::new().await;
    let cs = t.token_for("a.cs").await;
    let schedules = call(&t, Method::GET, "/api/v1/service-schedules", &cs, None).await.json();
    let model = schedules[0].clone();
    assert_eq!((model["model_name"].as_str(), model["set"].as_bool()), (Some("帕萨特"), Some(false)), "{schedules}");
    assert_eq!((model["first_months"].as_i64(), model["first_km"].as_i64()), (Some(6), Some(5000)));
    let path = format!("/api/v1/service-schedules/{}", model["model_id"]);
    let body = json!({"first_months": 3, "first_km": 3000, "periodic_months": 6, "periodic_km": 7500});

    // The maker's schedule is the group's: a store's administrator and customer service may not set it.
    for who in ["a.admin", "a.cs", "a.service"] {
        let token = t.token_for(who).await;
        assert_eq!(
            call(&t, Method::PUT, &path, &token, Some(body.clone())).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let admin = t.token_for("admin").await;
    let r = call(
        &t,
        Method::PUT,
        &path,
        &admin,
        Some(json!({"first_months": 0, "first_km": "x", "periodic_months": 61, "periodic_km": 100})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["first_months", "first_km", "periodic_months", "periodic_km"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field}: {}", r.body);
    }
    let r = call(&t, Method::PUT, "/api/v1/service-schedules/999999", &admin, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = call(&t, Method::PUT, &path, &admin, Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["set"], true);
    assert_eq!(
        t.audit_actions("service_schedule", model["model_id"].as_i64().unwrap()).await,
        vec!["service_schedule.set"]
    );

    // A car of that model delivered two months and three weeks ago is due its first service in
    // ten days (by the default's six months, not for months yet); a car of unknown model waits.
    let sa = t.token_for("a.service").await;
    let today = chrono::NaiveDate::parse_from_str(&crate::calendar::store_day(0), "%Y-%m-%d").unwrap();
    let delivered = today - chrono::Months::new(3) + chrono::Days::new(10);
    for (mobile, vin, plate, trim) in [
        ("13700005601", "LSVAU2180N2185601", "沪A5F601", Some(t.fx.trim)),
        ("13700005602", "LSVAU2180N2185602", "沪A5F602", None),
    ] {
        let customer = t.customer(&sa, mobile).await;
        let body = json!({"vin": vin, "accept_unchecked_vin": true, "plate": plate, "owned_since": delivered.to_string(),
            "description": "大众 帕萨特", "trim_id": trim});
        let r = call(&t, Method::POST, &format!("/api/v1/customers/{customer}/vehicles"), &sa, Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let made = t.with_app(|app| app::care::remind(app).expect("job")).await;
    assert_eq!(made, 1, "only the car whose model says three months");
    let list = call(&t, Method::GET, "/api/v1/reminders", &cs, None).await.json();
    assert_eq!(
        (list["items"][0]["plate"].as_str(), list["items"][0]["kind"].as_str()),
        (Some("沪A5F601"), Some("first_service"))
    );
    assert_eq!(list["items"][0]["due_on"], (delivered + chrono::Months::new(3)).to_string());
    let customer = t.customer(&sa, "13700005603").await;
    let r = call(
        &t,
        Method::POST,
        &format!("/api/v1/customers/{customer}/vehicles"),
        &sa,
        Some(
            json!({"vin": "LSVAU2180N2185603", "accept_unchecked_vin": true, "description": "大众", "trim_id": 999999}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a trim the group does not sell: {}", r.body);

    // The page: every model with its schedule, a refused form shown again with its messages.
    let mut web = t.login("admin").await;
    let page = web.get("/care/service-schedules").await;
    assert!(page.body.contains("帕萨特") && page.body.contains("value=\"3\""), "{}", page.body);
    let target = format!("/care/service-schedules/{}", model["model_id"]);
    let r = web
        .post(
            &target,
            &[("first_months", "0"), ("first_km", "3000"), ("periodic_months", "6"), ("periodic_km", "7500")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is-invalid") && r.body.contains("value=\"0\""), "{}", r.body);
    let r = web
        .post(
            &target,
            &[("first_months", "4"), ("first_km", "3000"), ("periodic_months", "6"), ("periodic_km", "7500")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut desk = t.login("a.service").await;
    assert_eq!(desk.get("/care/service-schedules").await.status, StatusCode::FORBIDDEN);
}
