//! After the handover: the 72-hour callback for the advisor, the buyer's feedback once on their
//! page, and a sales manager's follow-up of a detractor; who may close a follow-up.

use crate::delivery::{delivered, with_car};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn tasks(t: &TestApp, token: &str) -> Value {
    t.client().api(Method::GET, "/api/v1/delivery-tasks", Some(token), None).await.json()
}

async fn finish(t: &TestApp, token: &str, id: i64, outcome: &str) -> Resp {
    let body = json!({"outcome": outcome});
    t.client().api(Method::POST, &format!("/api/v1/delivery-tasks/{id}/done"), Some(token), Some(body)).await
}

#[tokio::test]
async fn the_handover_schedules_the_advisors_72_hour_callback() {
    let t = TestApp::new().await;
    let (adv, id) = delivered(&t, "13700003601", 3601).await;
    let mine = tasks(&t, &adv).await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!((mine[0]["kind"].as_str(), mine[0]["order_id"].as_i64()), (Some("callback"), Some(id)));
    let d = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/delivery"), Some(&adv), None).await.json();
    let (handed, due) = (d["handover"]["delivered_on"].as_str().unwrap(), mine[0]["due_at"].as_str().unwrap());
    assert!(due > handed, "due after the handover: {due}");
    let task = mine[0]["id"].as_i64().unwrap();
    // Another advisor does not see the order; customer service is not the assignee.
    let other = t.token_for("a.advisor2").await;
    assert_eq!(finish(&t, &other, task, "已回访").await.status, StatusCode::NOT_FOUND);
    let cs = t.token_for("a.cs").await;
    assert_eq!(finish(&t, &cs, task, "已回访").await.status, StatusCode::FORBIDDEN);
    let r = finish(&t, &adv, task, " ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = finish(&t, &adv, task, "客户对新车满意，已提醒首保").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(finish(&t, &adv, task, "again").await.json()["error"]["code"], "task_done");
    assert_eq!(tasks(&t, &adv).await, json!([]), "nothing left to do");
    assert!(t.audit_actions("order", id).await.iter().any(|a| a == "order.follow_up_done"));
}

#[tokio::test]
async fn the_buyer_answers_once_after_delivery_and_a_detractor_reaches_a_manager() {
    let t = TestApp::new().await;
    // Before delivery: no survey.
    let (_, open, _) = with_car(&t, "13700003701", 3701).await;
    let token = t.link_token(open).await;
    let mut buyer = t.client();
    buyer.get(&format!("/c/{token}")).await;
    let answers = [
        ("advisor_score", "5"),
        ("handover_score", "4"),
        ("overall_score", "2"),
        ("nps", "4"),
        ("comment", "交车等了两个小时"),
    ];
    let r = buyer.post(&format!("/c/{token}/survey"), &answers).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("交车后才能评价"));

    let (adv, id) = delivered(&t, "13700003702", 3702).await;
    let token = t.link_token(id).await;
    let page = buyer.get(&format!("/c/{token}")).await;
    assert!(page.body.contains("id=\"survey-form\""), "{}", page.body);
    let r = buyer.post(&format!("/c/{token}/survey"), &[("advisor_score", "9"), ("nps", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("请选择范围内的分数") && r.body.contains("请打分"), "{}", r.body);
    let r = buyer.post(&format!("/c/{token}/survey"), &answers).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("感谢您的评价") && !r.body.contains("id=\"survey-form\""));
    let r = buyer.post(&format!("/c/{token}/survey"), &answers).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("已经评价过了"), "once per order");
    // The store reads it on the order; the detractor is the team's sales manager's to call.
    let d = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/delivery"), Some(&adv), None).await.json();
    assert_eq!((d["survey"]["nps"].clone(), d["survey"]["detractor"].clone()), (json!(4), json!(true)), "{d}");
    let manager = t.token_for("a.manager").await;
    let theirs = tasks(&t, &manager).await;
    assert_eq!(theirs[0]["kind"], "detractor", "{theirs}");
    assert_eq!(theirs[0]["order_id"], id);
    let mails = t
        .with_app(|app| {
            app.database().read(|c| storage::outbox::to_recipient(c, "a.manager@dealer.example", 20)).expect("outbox")
        })
        .await;
    assert!(
        mails.iter().any(|m| m.subject.contains("低分评价待跟进") && m.body.contains("交车等了两个小时")),
        "the manager is told"
    );
    // Erased, the buyer's words go; the scores stay for the store's figures.
    let gm = crate::delivery::anonymise_buyer(&t, &adv, id).await;
    let d = t.client().api(Method::GET, &format!("/api/v1/orders/{id}/delivery"), Some(&gm), None).await.json();
    assert_eq!((d["survey"]["comment"].as_str(), d["survey"]["nps"].as_i64()), (Some("—"), Some(4)));
}
