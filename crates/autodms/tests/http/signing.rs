//! The signature is the buyer's (DOMAIN.md §2, Electronic Signature Law art. 13): the one-time
//! code goes only to the contact fixed when the buyer confirmed the order on their own link, by
//! SMS through the gateway (a loopback receiver here) or by e-mail; staff who edit the profile
//! cannot redirect it; a manager who did not ask for the order may change it, audited; codes are
//! limited per hour and the wrong tries survive new codes until the advisor unlocks.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

/// A loopback HTTP receiver standing in for the SMS gateway: it answers 200 to every POST and
/// keeps each request's headers and JSON body.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<(String, Value)>>>,
}

impl Receiver {
    fn start() -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/sms/send", listener.local_addr().expect("addr"));
        let got = Arc::new(Mutex::new(Vec::new()));
        let store = got.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let (mut headers, mut length) = (String::new(), 0usize);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    headers.push_str(&line);
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).ok();
                let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
                store.lock().unwrap().push((headers, json));
                stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").ok();
            }
        });
        Self { url, got }
    }

    fn messages(&self) -> Vec<(String, Value)> {
        self.got.lock().unwrap().clone()
    }
}

use crate::fixtures::six_digits;

/// An approved order of a new customer (mobile `mobile`, e-mail buyer@example.com) with its
/// contract generated: (advisor token, order id, contract id, link token).
async fn awaiting_signature(t: &TestApp, mobile: &str) -> (String, i64, i64, String) {
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, mobile).await;
    let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(answer["status"], "approved", "{answer}");
    let r = t.client().api(Method::POST, &format!("/api/v1/orders/{id}/contracts"), Some(&adv), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let kid = r.json()["id"].as_i64().unwrap();
    (adv, id, kid, t.link_token(id).await)
}

fn code_mails(app: &app::App, to: &str) -> Vec<String> {
    let mails = app.database().read(|c| storage::outbox::to_recipient(c, to, 50)).expect("outbox");
    mails.into_iter().filter(|m| m.subject.contains("验证码") || m.body.contains("验证码")).map(|m| m.body).collect()
}

#[tokio::test]
async fn the_code_goes_by_sms_to_the_contact_the_buyer_confirmed_and_staff_cannot_redirect_it() {
    let t = TestApp::new().await;
    let (adv, id, kid, token) = awaiting_signature(&t, "13700002601").await;
    let order = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    // The advisor puts their own mobile and e-mail on the profile after the confirmation.
    let profile = t.client().api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&adv), None).await.json();
    let edit = json!({"version": profile["version"], "name": "订单客户", "mobile": "13700002699", "email": "a.advisor1@dealer.example"});
    let r = t.client().api(Method::PUT, &format!("/api/v1/customers/{cust}"), Some(&adv), Some(edit)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // With an SMS gateway configured, the buyer's code goes by SMS to the confirmed mobile.
    let receiver = Receiver::start();
    let url = receiver.url.clone();
    let tk = token.clone();
    let sent = t
        .with_app(move |app| {
            let mut app = app.clone();
            app.messages.sms = true;
            let sent = app::finance::signing::send_code(&app, &token, kid);
            let gateway = app::kernel::sms::SmsGateway::new(app::kernel::sms::SmsConfig {
                url,
                token: Some("gw-secret".into()),
                template: "SMS_0001".into(),
                signature: "【浦东汽车】".into(),
            });
            let delivered = app::kernel::outbox::deliver_sms_due(&app, &gateway, 10).expect("delivered");
            (sent, delivered)
        })
        .await;
    let (sent, delivered) = sent;
    assert_eq!(sent.expect("sent"), app::kernel::notify::Sent::Sms("137****2601".into()));
    assert_eq!((delivered.claimed, delivered.sent), (1, 1));
    let got = receiver.messages();
    assert_eq!(got.len(), 1, "{got:?}");
    let (headers, body) = &got[0];
    assert!(headers.to_ascii_lowercase().contains("authorization: bearer gw-secret"), "{headers}");
    assert_eq!(body["to"], "13700002601", "the confirmed mobile, not the advisor's: {body}");
    assert_eq!((body["template"].as_str(), body["signature"].as_str()), (Some("SMS_0001"), Some("【浦东汽车】")));
    let text = body["text"].as_str().unwrap().to_string();
    assert!(text.contains("请勿告诉他人"), "{text}");
    // Nothing reached the advisor's mobile or mailbox.
    let advisor_mail = t.with_app(|app| code_mails(app, "a.advisor1@dealer.example")).await;
    assert!(advisor_mail.is_empty(), "{advisor_mail:?}");
    assert!(got.iter().all(|(_, b)| b["to"] != "13700002699"));
    // The buyer signs with the code from the SMS; the evidence says where it went.
    let code = six_digits(&text);
    let device = app::finance::signing::Device { ip: "198.51.100.7".into(), user_agent: "buyer phone".into() };
    t.with_app(move |app| app::finance::signing::sign(app, &tk, kid, &code, crate::fixtures::SIGNATURE, &device))
        .await
        .expect("signed by the buyer");
    let k = t.client().api(Method::GET, &format!("/api/v1/contracts/{kid}"), Some(&adv), None).await.json();
    assert_eq!(k["status"], "awaiting_countersign", "{k}");
    // The buyer's page offers the signed copy once the store has countersigned, not before.
    let token = t.link_token(id).await;
    let signed_copy = format!("/c/{token}/contract-signed.pdf");
    assert_eq!(t.client().get(&signed_copy).await.status, StatusCode::NOT_FOUND);
    let r = t
        .client()
        .api(
            Method::POST,
            &format!("/api/v1/contracts/{kid}/countersign"),
            Some(&adv),
            Some(json!({"version_lock": k["version_lock"], "signature": crate::finance::signature_b64()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = t.client().get(&format!("/c/{token}")).await;
    assert!(page.body.contains("contract-signed.pdf"), "the page links the signed copy");
    let r = t.client().get(&signed_copy).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = crate::finance::pdf_text(&r.bytes);
    assert!(text.contains("电子签署证据页") && text.contains("198.51.100.7"), "{text}");
    assert!(
        text.contains("买受人确认订单时确定") && text.contains("+08:00"),
        "the contact's origin, local times: {text}"
    );
}

#[tokio::test]
async fn only_a_manager_who_did_not_ask_for_the_order_changes_the_signing_contact() {
    let t = TestApp::new().await;
    let (adv, id, kid, token) = awaiting_signature(&t, "13700002602").await;
    let order = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let profile = t.client().api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&adv), None).await.json();
    let edit = json!({"version": profile["version"], "name": "订单客户", "mobile": "13700002602", "email": "new-buyer@example.com"});
    let r = t.client().api(Method::PUT, &format!("/api/v1/customers/{cust}"), Some(&adv), Some(edit)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Without SMS the code goes by e-mail, to the address the buyer confirmed with.
    let tk = token.clone();
    let sent = t.with_app(move |app| app::finance::signing::send_code(app, &tk, kid)).await.expect("sent");
    assert_eq!(sent, app::kernel::notify::Sent::Email("b***@example.com".into()));
    assert_eq!(t.with_app(|app| code_mails(app, "new-buyer@example.com")).await.len(), 0);

    let path = format!("/api/v1/orders/{id}/signing-contact");
    let body = json!({"reason": "客户更换了邮箱"});
    // The advisor may not; finance may not; a reason is required.
    for who in ["a.advisor1", "a.finance", "a.admin"] {
        let token = t.token_for(who).await;
        let r = t.client().api(Method::POST, &path, Some(&token), Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let manager = t.token_for("a.manager").await;
    let r = t.client().api(Method::POST, &path, Some(&manager), Some(json!({"reason": " "}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = t.client().api(Method::POST, &path, Some(&manager), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The next code goes to the new address; the earlier code no longer works.
    let tk = token.clone();
    let sent = t.with_app(move |app| app::finance::signing::send_code(app, &tk, kid)).await.expect("sent");
    assert_eq!(sent, app::kernel::notify::Sent::Email("n***@example.com".into()));
    assert_eq!(t.with_app(|app| code_mails(app, "new-buyer@example.com")).await.len(), 1);
    let gm = t.token_for("a.gm").await;
    let log =
        t.client().api(Method::GET, &format!("/api/v1/audit?entity_type=order&entity_id={id}"), Some(&gm), None).await;
    assert!(log.body.contains("order.signing_contact_changed") && log.body.contains("客户更换了邮箱"), "{}", log.body);

    // A manager who reshaped the order asked for it: they do not change its contact.
    let (_, other, _, _) = awaiting_signature(&t, "13700002603").await;
    let manager_id = t.actor("a.manager").await.user_id.0;
    t.with_app(move |app| {
        app.database()
            .write(|c| storage::sales::add_requester(c, domain::ids::OrderId(other), domain::ids::UserId(manager_id)))
            .expect("requester")
    })
    .await;
    let r = t
        .client()
        .api(Method::POST, &format!("/api/v1/orders/{other}/signing-contact"), Some(&manager), Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "signing_contact_own_order");
}

#[tokio::test]
async fn codes_are_limited_and_wrong_tries_survive_new_codes_until_the_advisor_unlocks() {
    let t = TestApp::new().await;
    let (adv, _id, kid, token) = awaiting_signature(&t, "13700002604").await;
    let send = |token: String| t.with_app(move |app| app::finance::signing::send_code(app, &token, kid));
    let sign = |token: String, code: &str| {
        let code = code.to_string();
        let device = app::finance::signing::Device::default();
        t.with_app(move |app| app::finance::signing::sign(app, &token, kid, &code, crate::fixtures::SIGNATURE, &device))
    };
    send(token.clone()).await.expect("first code");
    for _ in 0..2 {
        assert!(sign(token.clone(), "000000").await.is_err());
    }
    // A new code keeps the two wrong tries: three more lock the contract.
    send(token.clone()).await.expect("second code");
    for _ in 0..3 {
        assert!(sign(token.clone(), "000000").await.is_err());
    }
    let e = send(token.clone()).await.expect_err("locked");
    assert!(matches!(&e, app::AppError::Conflict(app::Conflict::Refused { code: "contract-code-attempts" })), "{e:?}");
    // The advisor unlocks (audited); the customer service role may not.
    let cs = t.token_for("a.cs").await;
    let path = format!("/api/v1/contracts/{kid}/unlock");
    assert_eq!(t.client().api(Method::POST, &path, Some(&cs), None).await.status, StatusCode::FORBIDDEN);
    let r = t.client().api(Method::POST, &path, Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = t.client().api(Method::POST, &path, Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "not locked any more: {}", r.body);
    // Three codes an hour: the unlock started the count again.
    for n in 1..=3 {
        send(token.clone()).await.unwrap_or_else(|e| panic!("code {n}: {e:?}"));
    }
    let e = send(token.clone()).await.expect_err("a fourth within the hour");
    assert!(matches!(&e, app::AppError::Conflict(app::Conflict::Refused { code: "contract-code-issues" })), "{e:?}");
    let code = t.with_app(|app| crate::fixtures::mailed_code_in(app, "buyer@example.com")).await;
    sign(token, &code).await.expect("the newest code signs");
}
