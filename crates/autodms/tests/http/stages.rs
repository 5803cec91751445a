//! Stage time limits: every move of an order is a stage with its times; an order past its
//! store's limit is in the work queues with how late it is, its owner is reminded once and the
//! general manager told once past the second limit; the limits are kept by the store's
//! administrator or general manager only, and bad limits change nothing.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::json;

fn later(app: &app::App, minutes: i64) -> app::App {
    app.with_clock(app::Clock::set_to(app.now() + chrono::Duration::minutes(minutes)))
}

async fn notices_of(t: &TestApp, who: &str) -> Vec<String> {
    let token = t.token_for(who).await;
    let r = t.client().api(Method::GET, "/api/v1/notifications?per_page=100", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().unwrap().iter().map(|n| n["notice"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn each_move_of_an_order_is_a_stage_with_its_times() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700004101").await;
    let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(answer["status"], "approved");
    let r = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/stages"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let stages: Vec<(&str, bool)> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["status"].as_str().unwrap(), s["left_at"].is_null()))
        .collect();
    assert_eq!(stages, [("draft", false), ("awaiting_confirmation", false), ("approved", true)], "{v}");
    assert!(v["late"].is_null(), "just approved: on time");
    // Another store's advisor does not see it.
    let b = t.token_for("b.advisor1").await;
    let r = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/stages"), Some(&b), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_order_past_its_limit_is_queued_reminded_once_and_escalated_once() {
    let t = TestApp::new().await;
    let admin = t.token_for("a.admin").await;
    let body = json!([{"status": "approved", "remind_hours": 1, "escalate_hours": 3}]);
    let r = t.client().api(Method::PUT, "/api/v1/stage-limits", Some(&admin), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let approved = r.json().as_array().unwrap().iter().find(|l| l["status"] == "approved").unwrap().clone();
    assert_eq!((approved["remind_hours"].as_i64(), approved["own"].as_bool()), (Some(1), Some(true)));
    assert!(t.audit_actions("stage_limits", t.fx.store_a.id).await.iter().any(|a| a == "stage_limits.set"));

    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700004102").await;
    let (id, _) = t.confirmed_order(&adv, cust, "1").await;
    let advisor = t.actor("a.advisor1").await;
    let manager = t.actor("a.manager").await;
    let (queued, late) = t
        .with_app(move |app| {
            let app = later(app, 90);
            let run = app::sales::stages::remind(&app).expect("reminded");
            let again = app::sales::stages::remind(&app).expect("nothing new");
            assert_eq!((run, again), (1, 0), "the owner once");
            let queues = app::sales::queues(&app, &advisor).expect("queues");
            let q = queues.into_iter().find(|q| q.queue == app::sales::Queue::Overdue).expect("the overdue queue");
            let mgr = app::sales::queues(&app, &manager).expect("queues");
            assert!(mgr.iter().any(|q| q.queue == app::sales::Queue::Overdue && q.items.iter().any(|o| o.id == id)));
            let late = app::sales::stages::late(&app, &advisor, id).expect("late").expect("is late");
            (q, late)
        })
        .await;
    assert!(queued.items.iter().any(|o| o.id == id), "in the advisor's overdue queue");
    assert_eq!((late.minutes, late.escalated), (30, false), "half an hour past the first limit");
    assert!(notices_of(&t, "a.advisor1").await.contains(&"mail-stage-overdue".to_string()));
    assert!(!notices_of(&t, "a.gm").await.contains(&"mail-stage-escalated".to_string()), "not yet");
    let mails = t
        .with_app(|app| app.database().read(|c| storage::outbox::to_recipient(c, "a.advisor1@dealer.example", 20)))
        .await
        .expect("outbox");
    assert!(mails.iter().any(|m| m.subject.contains("阶段时限")), "the reminder by e-mail too");

    let sent = t
        .with_app(|app| {
            let app = later(app, 200);
            let n = app::sales::stages::remind(&app).expect("escalated");
            (n, app::sales::stages::remind(&app).expect("nothing new"))
        })
        .await;
    assert_eq!(sent, (1, 0), "the general manager once (the owner was reminded already)");
    assert!(notices_of(&t, "a.gm").await.contains(&"mail-stage-escalated".to_string()));

    // Moving on closes the stage: nothing more is late.
    t.signed_contract("a.advisor1", id).await;
    let advisor = t.actor("a.advisor1").await;
    let late = t.with_app(move |app| app::sales::stages::late(&later(app, 200), &advisor, id).expect("late")).await;
    assert!(late.is_none(), "the contract is signed: {late:?}");
}

#[tokio::test]
async fn only_the_stores_administrator_or_gm_keep_the_limits_and_bad_ones_change_nothing() {
    let t = TestApp::new().await;
    let body = json!([{"status": "approved", "remind_hours": 10, "escalate_hours": 20}]);
    for who in ["a.advisor1", "a.manager", "a.finance", "a.inventory", "a.cs"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::PUT, "/api/v1/stage-limits", Some(&token), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let gm = t.token_for("a.gm").await;
    for (bad, field) in [
        (json!([{"status": "approved", "remind_hours": 10, "escalate_hours": 10}]), "escalate_hours.approved"),
        (json!([{"status": "approved", "remind_hours": 0, "escalate_hours": 10}]), "remind_hours.approved"),
        (json!([{"status": "in_transit", "remind_hours": 1, "escalate_hours": 2}]), "status"),
        (json!([{"status": "approved", "remind_hours": 99999, "escalate_hours": 999999}]), "remind_hours.approved"),
        (json!([]), "status"),
    ] {
        let r = t.client().api(Method::PUT, "/api/v1/stage-limits", Some(&gm), Some(bad.clone())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", r.body);
        assert_eq!(r.json()["error"]["fields"][0]["field"], field, "{bad}: {}", r.body);
    }
    let r = t.client().api(Method::GET, "/api/v1/stage-limits", Some(&gm), None).await.json();
    assert!(r.as_array().unwrap().iter().all(|l| l["own"] == false), "nothing changed: {r}");
    let r = t.client().api(Method::PUT, "/api/v1/stage-limits", Some(&gm), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The page: the form again with the field's message, nothing changed.
    let mut admin = t.login("a.admin").await;
    let page = admin.get("/admin/stage-limits").await;
    assert!(page.body.contains("name=\"remind_hours.approved\" value=\"10\""), "{}", page.body);
    let r =
        admin.post("/admin/stage-limits", &[("remind_hours.approved", "48"), ("escalate_hours.approved", "abc")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("is-invalid") && r.body.contains("升级时限须大于提醒时限"), "{}", r.body);
    let r =
        admin.post("/admin/stage-limits", &[("remind_hours.approved", "48"), ("escalate_hours.approved", "96")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut advisor = t.login("a.advisor1").await;
    assert_eq!(advisor.get("/admin/stage-limits").await.status, StatusCode::FORBIDDEN);
}
