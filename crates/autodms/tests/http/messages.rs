//! Failed messages: the store's administrator and general manager see what did not go out and
//! why, and send it again; nobody else does.

use crate::support::*;
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn a_failed_message_is_seen_with_its_reason_and_sent_again() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700003801").await;
    // Submitting the order queues the buyer's mail; the SMTP server refuses it for good.
    let (_, _) = t.confirmed_order(&adv, cust, "1").await;
    let id = t
        .with_app(|app| {
            app.database()
                .write(|c| {
                    let due = storage::outbox::claim_due(
                        c,
                        "email",
                        app.now() + chrono::Duration::days(1),
                        50,
                        chrono::Duration::zero(),
                    )?;
                    let m = due.into_iter().find(|m| m.store_id.is_some()).expect("a store's mail");
                    storage::outbox::mark_failed(c, m.id, 8, "550 5.1.1 mailbox unavailable", true, app.now())?;
                    Ok::<_, app::AppError>(m.id)
                })
                .expect("failed")
        })
        .await;
    for who in ["a.advisor1", "a.manager", "a.finance", "a.cs"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::GET, "/api/v1/messages", Some(&token), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = t.token_for("a.admin").await;
    let list = t.client().api(Method::GET, "/api/v1/messages", Some(&admin), None).await.json();
    let m = list.as_array().unwrap().iter().find(|m| m["id"] == id).expect("listed").clone();
    assert_eq!(
        (m["status"].as_str(), m["last_error"].as_str()),
        (Some("failed"), Some("550 5.1.1 mailbox unavailable"))
    );
    let mut gm = t.login("a.gm").await;
    let page = gm.get("/admin/messages").await;
    assert!(
        page.body.contains("550 5.1.1 mailbox unavailable") && page.body.contains(&format!("id=\"retry-{id}\"")),
        "{}",
        page.body
    );
    let r = gm.post(&format!("/admin/messages/{id}/retry"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = t.with_app(move |app| app.database().read(|c| storage::outbox::get(c, id)).expect("row")).await;
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 0), "queued again, due now");
    let r = t.client().api(Method::POST, &format!("/api/v1/messages/{id}/retry"), Some(&admin), None).await;
    assert_eq!(r.json()["error"]["code"], "message_not_failed", "{}", r.body);
    assert!(t.audit_actions("message", id).await.iter().any(|a| a == "message.retried"));
}
