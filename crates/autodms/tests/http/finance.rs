//! Contracts, payments, refunds and invoices through the API and the use cases: the rules of
//! DOMAIN.md §3-4, who may do what, and the order's facts following from the documents only.

use crate::fixtures::SIGNATURE;
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

pub fn signature_b64() -> String {
    use base64::Engine;
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(SIGNATURE))
}

/// The text of a PDF, as `pdftotext` (poppler-utils) extracts it.
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("autodms-pdf-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// An approved order of a new customer of a.advisor1: (advisor token, order id, total in fen).
pub async fn approved(t: &TestApp, mobile: &str) -> (String, i64, i64) {
    let adv = t.token_for("a.advisor1").await;
    let cust = crate::orders::customer(t, &adv, mobile).await;
    let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(answer["status"], "approved", "{answer}");
    let view = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let total = view["order"]["total_fen"].as_i64().expect("total");
    (adv, id, total)
}

pub async fn pay(c: &mut Client, token: &str, order: i64, body: Value) -> Resp {
    c.api(Method::POST, &format!("/api/v1/orders/{order}/payments"), Some(token), Some(body)).await
}

pub async fn money(c: &mut Client, token: &str, order: i64) -> Value {
    let r = c.api(Method::GET, &format!("/api/v1/orders/{order}/money"), Some(token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

pub async fn status(c: &mut Client, token: &str, order: i64) -> String {
    c.api(Method::GET, &format!("/api/v1/orders/{order}"), Some(token), None).await.json()["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The first field error's code, as the locale keys spell it (the API sends `payment_over_balance`).
pub fn field_code(r: &Resp) -> String {
    r.json()["error"]["fields"][0]["code"].as_str().unwrap_or_default().replace('_', "-")
}

#[tokio::test]
async fn only_confirmed_money_counts_and_bad_payments_change_nothing() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let (adv, id, total) = approved(&t, "13700001501").await;
    let fin = t.token_for("a.finance").await;
    // A 定金 of 30 %: only 20 % of the price is earnest money, the rest an ordinary prepayment.
    let amount = total * 30 / 100;
    let r = pay(
        &mut c,
        &adv,
        id,
        json!({"kind": "earnest", "method": "wechat_pay", "amount_fen": amount, "reference": "WX-1"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let p = r.json();
    assert_eq!(p["status"], "registered");
    let cap = (total * 2000 + 5000) / 10000;
    assert_eq!(p["earnest_fen"].as_i64(), Some(cap));
    // Registered money does not count yet.
    let m = money(&mut c, &adv, id).await;
    assert_eq!(m["balance"]["received_fen"], 0);
    assert_eq!(m["balance"]["pending_fen"].as_i64(), Some(amount));
    // Only finance confirms.
    let pid = p["id"].as_i64().unwrap();
    let r =
        c.api(Method::POST, &format!("/api/v1/payments/{pid}/confirm"), Some(&adv), Some(json!({"version": 1}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r =
        c.api(Method::POST, &format!("/api/v1/payments/{pid}/confirm"), Some(&fin), Some(json!({"version": 1}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let receipt_no = r.json()["receipt_no"].as_str().expect("receipt").to_string();
    assert!(receipt_no.contains("-SK"), "{receipt_no}");
    let r =
        c.api(Method::POST, &format!("/api/v1/payments/{pid}/confirm"), Some(&fin), Some(json!({"version": 2}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "confirming twice: {}", r.body);
    let m = money(&mut c, &fin, id).await;
    assert_eq!(m["balance"]["received_fen"].as_i64(), Some(amount));
    assert_eq!(m["balance"]["balance_fen"].as_i64(), Some(total - amount));

    // Bad input: refused with its field, nothing recorded.
    let bad = [
        (json!({"kind": "balance", "method": "cash", "amount_fen": 0}), "payment-not-positive"),
        (json!({"kind": "balance", "method": "cash", "amount_fen": -5}), "payment-not-positive"),
        (
            json!({"kind": "balance", "method": "bank_transfer", "amount_fen": total, "reference": "TR-OVER"}),
            "payment-over-balance",
        ),
        (json!({"kind": "balance", "method": "bank_transfer", "amount_fen": 100}), "payment-reference-required"),
        (
            json!({"kind": "balance", "method": "wechat_pay", "amount_fen": 100, "reference": "WX-1"}),
            "payment-duplicate-reference",
        ),
        (
            json!({"kind": "loan", "method": "bank_transfer", "amount_fen": 100, "reference": "L-1"}),
            "payment-not-a-loan",
        ),
        (json!({"kind": "gift", "method": "cash", "amount_fen": 100}), "payment-kind-unknown"),
        (
            json!({"kind": "balance", "method": "cash", "amount_fen": 100, "paid_on": "2999-01-01"}),
            "payment-date-future",
        ),
    ];
    for (body, code) in bad {
        let r = pay(&mut c, &fin, id, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        assert_eq!(field_code(&r), code, "{body}");
    }
    assert_eq!(money(&mut c, &fin, id).await["payments"].as_array().map(Vec::len), Some(1), "nothing recorded");
    // Customer service reads orders but takes no money; another store's advisor does not see it.
    let cs = t.token_for("a.cs").await;
    let r = pay(&mut c, &cs, id, json!({"kind": "balance", "method": "cash", "amount_fen": 100})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let other = t.token_for("b.advisor1").await;
    let r = c.api(Method::GET, &format!("/api/v1/orders/{id}/money"), Some(&other), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Finance records the balance: confirmed at once, and the order is paid in full.
    let r = pay(
        &mut c,
        &fin,
        id,
        json!({"kind": "balance", "method": "bank_transfer", "amount_fen": total - amount, "reference": "TR-9"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["status"], "confirmed");
    let m = money(&mut c, &fin, id).await;
    assert_eq!(m["balance"]["balance_fen"], 0);
    assert_eq!(m["balance"]["paid_in_full"], true);
    assert_eq!(status(&mut c, &adv, id).await, "paid");
    // The order is paid: no more money is taken.
    let r = pay(&mut c, &fin, id, json!({"kind": "balance", "method": "cash", "amount_fen": 1})).await;
    assert_eq!(field_code(&r), "payment-over-balance");

    // The receipt says who paid what, in figures and capitals.
    let r = c.api(Method::GET, &format!("/api/v1/payments/{pid}/receipt"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = pdf_text(&r.bytes);
    assert!(text.contains("收款收据") && text.contains("订单客户") && text.contains(&receipt_no), "{text}");
    let capitals = t.with_app(move |_| domain::capitals::to_capitals(domain::Money::from_fen(amount))).await;
    assert!(text.contains(&capitals), "{capitals} in {text}");
    assert!(text.contains("按预付款处理"), "the excess over the cap is named: {text}");
}

#[tokio::test]
async fn a_retried_payment_with_its_key_is_recorded_once() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let (adv, id, _) = approved(&t, "13700001502").await;
    let body = json!({"kind": "intent", "method": "alipay", "amount_fen": 500_000, "reference": "ALI-7"});
    let mut ids = Vec::new();
    for _ in 0..2 {
        let r = c
            .api_with_headers(
                Method::POST,
                &format!("/api/v1/orders/{id}/payments"),
                Some(&adv),
                Some(body.clone()),
                &[("idempotency-key", "pay-7")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_i64().unwrap());
    }
    assert_eq!(ids[0], ids[1]);
    let other = json!({"kind": "intent", "method": "alipay", "amount_fen": 600_000, "reference": "ALI-8"});
    let r = c
        .api_with_headers(
            Method::POST,
            &format!("/api/v1/orders/{id}/payments"),
            Some(&adv),
            Some(other),
            &[("idempotency-key", "pay-7")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a key reused for another payment: {}", r.body);
    assert_eq!(money(&mut c, &adv, id).await["payments"].as_array().map(Vec::len), Some(1));
}

/// 定金 10,000 and 订金 5,000 confirmed on an approved order.
/// A refused payment on the order page answers 422 with the page itself: the message, the
/// payment form open again with what was typed, the field marked; nothing recorded.
#[tokio::test]
async fn a_refused_payment_form_comes_back_with_what_was_typed() {
    let t = TestApp::new().await;
    let (_, id, total) = approved(&t, "13700001509").await;
    let mut web = t.login("a.finance").await;
    web.get(&format!("/orders/{id}")).await;
    let over = format!("{}.{:02}", (total + 100) / 100, (total + 100) % 100);
    let r = web
        .post(
            &format!("/orders/{id}/money/payment"),
            &[
                ("kind", "balance"),
                ("method", "alipay"),
                ("amount", &over),
                ("reference", "ALI-TYPED-77"),
                ("note", "客户说已转账"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("value=\"ALI-TYPED-77\""), "the reference is kept");
    assert!(r.body.contains("value=\"客户说已转账\""), "the note is kept");
    assert!(r.body.contains(&format!("value=\"{over}\"")), "the amount is kept");
    assert!(r.body.contains("value=\"alipay\" selected"), "the method is kept");
    assert!(r.body.contains("open id=\"payment-box\""), "the form is open");
    assert!(r.body.contains("aria-describedby=\"payment-amount-error\""), "the amount is marked");
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    assert_eq!(money(&mut c, &fin, id).await["payments"].as_array().map(Vec::len), Some(0), "nothing recorded");
    // A refused order action comes back to the page with its message, not a 500 or a redirect.
    let mut adv = t.login("a.advisor1").await;
    adv.get(&format!("/orders/{id}")).await;
    let r = adv.post(&format!("/orders/{id}/submit"), &[("version", "1")]).await;
    assert!(r.status == StatusCode::CONFLICT || r.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", r.status);
    assert!(r.body.contains("id=\"action-error\""), "the message is shown");
}

async fn with_deposits(t: &TestApp, c: &mut Client, mobile: &str) -> (String, i64) {
    let (adv, id, _) = approved(t, mobile).await;
    let fin = t.token_for("a.finance").await;
    for (kind, fen, reference) in [("earnest", 1_000_000, "E-1"), ("intent", 500_000, "I-1")] {
        let r = pay(
            c,
            &fin,
            id,
            json!({"kind": kind, "method": "card", "amount_fen": fen, "reference": format!("{reference}-{mobile}")}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    (adv, id)
}

async fn cancel(c: &mut Client, token: &str, id: i64, breach: &str) -> Resp {
    let v = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(token), None).await.json()["order"]["version"]
        .as_i64()
        .unwrap();
    c.api(
        Method::POST,
        &format!("/api/v1/orders/{id}/cancel"),
        Some(token),
        Some(json!({"version": v, "text": "客户放弃", "breach": breach})),
    )
    .await
}

#[tokio::test]
async fn cancelling_with_money_received_settles_the_deposit_by_who_ended_the_deal() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    // Without saying who ended it, nothing happens.
    let (adv, id) = with_deposits(&t, &mut c, "13700001503").await;
    let r = cancel(&mut c, &adv, id, "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(field_code(&r), "order-breach-required");
    assert_eq!(status(&mut c, &adv, id).await, "approved");
    // The customer withdrew: the 定金 is forfeited, the 订金 refunded.
    let r = cancel(&mut c, &adv, id, "customer").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = money(&mut c, &fin, id).await;
    let refunds: Vec<(String, i64)> = m["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().to_string(), r["amount_fen"].as_i64().unwrap()))
        .collect();
    assert_eq!(refunds, vec![("refund".to_string(), 500_000)]);

    // The dealer could not perform: everything back, and the 定金 again on top.
    let (adv, id) = with_deposits(&t, &mut c, "13700001504").await;
    assert_eq!(cancel(&mut c, &adv, id, "dealer").await.status, StatusCode::OK);
    let m = money(&mut c, &fin, id).await;
    let refunds: Vec<(String, i64)> = m["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap().to_string(), r["amount_fen"].as_i64().unwrap()))
        .collect();
    assert_eq!(refunds, vec![("refund".to_string(), 1_500_000), ("penalty".to_string(), 1_000_000)]);
    // Finance approves (the advisor asked) and pays; the money held goes down by the refund.
    let rid = m["refunds"][0]["id"].as_i64().unwrap();
    let r =
        c.api(Method::POST, &format!("/api/v1/refunds/{rid}/approve"), Some(&adv), Some(json!({"version": 1}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "an advisor approves no refund");
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/refunds/{rid}/pay"),
            Some(&fin),
            Some(json!({"version": 1, "method": "bank_transfer", "reference": "RF-1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "paid before approval: {}", r.body);
    let r =
        c.api(Method::POST, &format!("/api/v1/refunds/{rid}/approve"), Some(&fin), Some(json!({"version": 1}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/refunds/{rid}/pay"),
            Some(&fin),
            Some(json!({"version": 2, "method": "bank_transfer", "reference": "RF-1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = money(&mut c, &fin, id).await;
    assert_eq!(m["balance"]["refunded_fen"].as_i64(), Some(1_500_000));
    assert_eq!(
        m["balance"]["balance_fen"].as_i64(),
        m["balance"]["price_fen"].as_i64(),
        "balance = price - payments + refunds"
    );

    // Finance's own request waits for another finance user; and never more than what is held.
    let (_, id) = with_deposits(&t, &mut c, "13700001505").await;
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/orders/{id}/refunds"),
            Some(&fin),
            Some(json!({"amount_fen": 1_600_000, "reason": "多收"})),
        )
        .await;
    assert_eq!(field_code(&r), "refund-over-received", "{}", r.body);
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/orders/{id}/refunds"),
            Some(&fin),
            Some(json!({"amount_fen": 100_000, "reason": "优惠补差"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rid = r.json()["id"].as_i64().unwrap();
    let r =
        c.api(Method::POST, &format!("/api/v1/refunds/{rid}/approve"), Some(&fin), Some(json!({"version": 1}))).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "refund_own_request", "{}", r.body);
}

/// What a refund list holds, as (kind, amount) pairs.
fn refund_lines(m: &Value) -> Vec<(String, i64)> {
    m["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "rejected")
        .map(|r| (r["kind"].as_str().unwrap().to_string(), r["amount_fen"].as_i64().unwrap()))
        .collect()
}

/// 定金 arithmetic against hand-computed outcomes (DOMAIN.md §3, Civil Code arts. 586-588):
/// a 定金 waiting for finance takes no room under the 20 % cap and a rejected one never did; the
/// cap rounds down; the breach outcome follows confirmed money, whatever refunds are pending.
#[tokio::test]
async fn earnest_money_counts_only_when_confirmed_and_breaches_ignore_pending_refunds() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    // (a) Pending, then rejected, then confirmed: only the confirmed one fills the cap.
    let (adv, id, total) = approved(&t, "13700001521").await;
    let cap = total * 2_000 / 10_000; // floor(price × 20 %)
    let body = json!({"kind": "earnest", "method": "bank_transfer", "amount_fen": cap, "reference": "ERN-PENDING"});
    let r = pay(&mut c, &adv, id, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let pending = r.json();
    let r = pay(
        &mut c,
        &fin,
        id,
        json!({"kind": "earnest", "method": "bank_transfer", "amount_fen": cap, "reference": "ERN-CONFIRMED"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["earnest_fen"].as_i64(), Some(cap), "a pending 定金 takes no room: {}", r.body);
    // Finance rejects the advisor's registration (it never arrived): the legal 定金 stays the cap.
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/payments/{}/reject", pending["id"]),
            Some(&fin),
            Some(json!({"version": pending["version"], "reason": "未到账"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = money(&mut c, &fin, id).await;
    assert_eq!(m["balance"]["earnest_fen"].as_i64(), Some(cap), "{m}");
    // A second 定金 confirmed beyond the cap is a prepayment: its 定金 part is zero.
    let r = pay(
        &mut c,
        &fin,
        id,
        json!({"kind": "earnest", "method": "bank_transfer", "amount_fen": 100_000, "reference": "ERN-EXTRA"}),
    )
    .await;
    assert_eq!(r.json()["earnest_fen"].as_i64(), Some(0), "{}", r.body);
    // The dealer's breach returns double the legal 定金, and everything received.
    assert_eq!(cancel(&mut c, &adv, id, "dealer").await.status, StatusCode::OK);
    let m = money(&mut c, &fin, id).await;
    assert_eq!(refund_lines(&m), vec![("refund".to_string(), cap + 100_000), ("penalty".to_string(), cap)], "{m}");

    // (b) Pending refund requests change no outcome: 定金 ¥10,000 and 订金 ¥5,000 confirmed, a
    // refund of ¥2,000 requested. Each breach against its hand-computed settlement.
    type Settlement = Vec<(&'static str, i64)>;
    let cases: [(&str, &str, Settlement); 3] = [
        ("13700001522", "dealer", vec![("refund", 200_000), ("refund", 1_300_000), ("penalty", 1_000_000)]),
        ("13700001523", "customer", vec![("refund", 200_000), ("refund", 300_000)]),
        ("13700001524", "agreement", vec![("refund", 200_000), ("refund", 1_300_000)]),
    ];
    for (mobile, breach, expected) in cases {
        let (adv, id) = with_deposits(&t, &mut c, mobile).await;
        let r = c
            .api(
                Method::POST,
                &format!("/api/v1/orders/{id}/refunds"),
                Some(&fin),
                Some(json!({"amount_fen": 200_000, "reason": "优惠补差"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(cancel(&mut c, &adv, id, breach).await.status, StatusCode::OK, "{breach}");
        let m = money(&mut c, &fin, id).await;
        let expected: Vec<(String, i64)> = expected.into_iter().map(|(k, f)| (k.to_string(), f)).collect();
        assert_eq!(refund_lines(&m), expected, "{breach}: {m}");
    }
    // A customer's breach forfeits the 定金: refunds already requested beyond the 订金 must be
    // rejected first, and the order stays as it was.
    let (adv, id) = with_deposits(&t, &mut c, "13700001525").await;
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/orders/{id}/refunds"),
            Some(&fin),
            Some(json!({"amount_fen": 800_000, "reason": "客户要求先退部分款"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = cancel(&mut c, &adv, id, "customer").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "cancel_refunds_exceed_outcome", "{}", r.body);
    assert_eq!(status(&mut c, &adv, id).await, "approved", "not cancelled");
}

/// The latest code mailed to `email`, as the customer reads it.
async fn mailed_code(t: &TestApp, email: &'static str) -> String {
    t.with_app(move |app| crate::fixtures::mailed_code_in(app, email)).await
}

#[tokio::test]
async fn the_customer_signs_with_the_mailed_code_the_store_countersigns_and_tampering_shows() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let (adv, id, total) = approved(&t, "13700001506").await;
    // Not before approval; the customer service role generates none.
    let cs = t.token_for("a.cs").await;
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/contracts"), Some(&cs), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/contracts"), Some(&adv), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let k = r.json();
    let kid = k["id"].as_i64().unwrap();
    assert_eq!(k["status"], "awaiting_customer");
    // The PDF holds the buyer, the vehicle and the total in figures and capitals.
    let r = c.api(Method::GET, &format!("/api/v1/contracts/{kid}/pdf"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = pdf_text(&r.bytes);
    let capitals = domain::capitals::to_capitals(domain::Money::from_fen(total));
    for needle in ["汽车买卖合同", "订单客户", "第一条", "三包", "上牌服务费", &capitals] {
        assert!(text.contains(needle), "{needle} in the contract: {text}");
    }
    assert!(!text.contains("registration"), "fees by their Chinese names: {text}");

    let token = t.link_token(id).await;
    let device = app::finance::signing::Device { ip: "10.0.0.8".into(), user_agent: "test phone".into() };
    let sign = |code: String| {
        let (token, device) = (token.clone(), device.clone());
        t.with_app(move |app| app::finance::signing::sign(app, &token, kid, &code, SIGNATURE, &device))
    };
    // No code yet; then a code by e-mail; a wrong code counts, five wrong ones use it up.
    assert!(matches!(sign("123456".into()).await, Err(app::AppError::Validation(_))));
    let tk = token.clone();
    t.with_app(move |app| app::finance::signing::send_code(app, &tk, kid)).await.expect("code sent");
    let code = mailed_code(&t, "buyer@example.com").await;
    let wrong = if code == "000000" { "111111".to_string() } else { "000000".to_string() };
    let e = sign(wrong.clone()).await.expect_err("wrong code");
    assert!(matches!(&e, app::AppError::Validation(f) if f.get("code") == Some("contract-code-wrong")), "{e:?}");
    assert_eq!(status(&mut c, &adv, id).await, "approved", "nothing signed");
    sign(code.clone()).await.expect("signed");
    // Not twice; the code is used up.
    assert!(sign(code).await.is_err());
    let k = c.api(Method::GET, &format!("/api/v1/contracts/{kid}"), Some(&adv), None).await.json();
    assert_eq!(k["status"], "awaiting_countersign");

    // The store countersigns: "contract signed" on the order, and finance hears of it.
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/contracts/{kid}/countersign"),
            Some(&adv),
            Some(json!({"version_lock": 1, "signature": signature_b64()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a stale version: {}", r.body);
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/contracts/{kid}/countersign"),
            Some(&adv),
            Some(json!({"version_lock": 2, "signature": "data:image/png;base64,AAAA"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "not a signature: {}", r.body);
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/contracts/{kid}/countersign"),
            Some(&adv),
            Some(json!({"version_lock": 2, "signature": signature_b64()})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(status(&mut c, &adv, id).await, "contract_signed");
    let finance_mail = t
        .with_app(|app| {
            app.database().read(|c| storage::outbox::to_recipient(c, "a.finance@dealer.example", 20)).expect("outbox")
        })
        .await;
    assert!(finance_mail.iter().any(|m| m.subject.contains("合同已签署")), "finance is told");

    // The signed copy: both signatures and the evidence page with the signed file's digest.
    let r = c.api(Method::GET, &format!("/api/v1/contracts/{kid}/pdf?signed=true"), Some(&adv), None).await;
    let text = pdf_text(&r.bytes);
    let pdf_sha = k["pdf_sha256"].as_str().unwrap().to_string();
    assert!(text.contains("电子签署证据页") && text.contains("10.0.0.8"), "{text}");
    assert!(text.replace(char::is_whitespace, "").contains(&pdf_sha), "the digest on the evidence page");
    let v = c.api(Method::GET, &format!("/api/v1/contracts/{kid}/verify"), Some(&adv), None).await.json();
    assert_eq!(v["intact"], true, "{v}");
    // Someone edits the archived file in the database: verification says so.
    t.with_app(move |app| {
        app.database()
            .write(|c| {
                use diesel::connection::SimpleConnection;
                c.batch_execute(&format!("UPDATE contracts SET signed_pdf = pdf WHERE id = {kid}"))
                    .map_err(storage::StorageError::Database)
            })
            .expect("tamper")
    })
    .await;
    let v = c.api(Method::GET, &format!("/api/v1/contracts/{kid}/verify"), Some(&adv), None).await.json();
    assert_eq!(v["intact"], false, "{v}");
    assert_eq!(v["signed_intact"], false);

    // Editing the terms after signing does not tear up the deal: refused, the contract stays
    // signed and the order where it was (its terms change only through a change order).
    let view = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let mut body = crate::orders::order_body(&t, view["order"]["customer_id"].as_i64().unwrap(), "2");
    body["version"] = view["order"]["version"].clone();
    let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "order_contract_signed", "{}", r.body);
    let k = c.api(Method::GET, &format!("/api/v1/contracts/{kid}"), Some(&adv), None).await.json();
    assert_eq!(k["status"], "signed");
    assert_eq!(status(&mut c, &adv, id).await, "contract_signed");
    let after = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    assert_eq!(after["order"]["total_fen"], view["order"]["total_fen"], "the signed price holds");
}

/// Before signing, changing the terms of an approved order withdraws its unsigned contract: the
/// order goes back to the customer's confirmation and approval.
#[tokio::test]
async fn changing_the_terms_before_signing_withdraws_the_unsigned_contract() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let (adv, id, _) = approved(&t, "13700001509").await;
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/contracts"), Some(&adv), Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let kid = r.json()["id"].as_i64().unwrap();
    let view = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let mut body = crate::orders::order_body(&t, view["order"]["customer_id"].as_i64().unwrap(), "2");
    body["version"] = view["order"]["version"].clone();
    let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "draft");
    let k = c.api(Method::GET, &format!("/api/v1/contracts/{kid}"), Some(&adv), None).await.json();
    assert_eq!(k["status"], "superseded");
}

#[tokio::test]
async fn an_invoice_needs_payment_and_a_vehicle_and_a_vehicle_has_one_valid_invoice() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    let (adv, id, total) = approved(&t, "13700001507").await;
    // The buyer's ID number (on the invoice by law).
    let order = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let profile = c.api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&adv), None).await.json();
    let edit = json!({"version": profile["version"], "name": "订单客户", "mobile": "13700001507",
        "email": "buyer@example.com", "id_number": "360426199101010071"});
    let r = c.api(Method::PUT, &format!("/api/v1/customers/{cust}"), Some(&adv), Some(edit)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body = json!({"invoice_no": "12345678", "invoice_code": "031002400111"});
    let invoice = |body: Value| {
        let mut c = t.client();
        let fin = fin.clone();
        async move { c.api(Method::POST, &format!("/api/v1/orders/{id}/invoices"), Some(&fin), Some(body)).await }
    };
    let r = invoice(body.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "unpaid: {}", r.body);
    assert_eq!(r.json()["error"]["code"], "invoice_not_paid");
    pay(
        &mut c,
        &fin,
        id,
        json!({"kind": "balance", "method": "bank_transfer", "amount_fen": total, "reference": "TR-INV"}),
    )
    .await;
    // Paid, but no contract signed by both parties: the invoice date would have no start.
    let r = invoice(body.clone()).await;
    assert_eq!(r.json()["error"]["code"], "invoice_contract_unsigned", "{}", r.body);
    t.signed_contract("a.advisor1", id).await;
    let r = invoice(body.clone()).await;
    assert_eq!(r.json()["error"]["code"], "invoice_no_vehicle", "{}", r.body);
    let car = t.allocated_vehicle(id, 901).await;
    // The advisor prepares no invoice.
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/invoices"), Some(&adv), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The vehicle's numbers are the allocated vehicle's: another car's VIN (a free car of the
    // store), a VIN the system does not know, or papers that differ from the record are refused,
    // and nothing is written.
    let other_car = t.demo_car(903).await;
    let other_vin = t
        .with_app(move |app| app.database().read(|c| storage::inventory::vehicles::get(c, other_car)).expect("car").vin)
        .await;
    for (field, value) in [
        ("vin", other_vin.as_str()),
        ("vin", "LSVAU2180N2183294"),
        ("engine_no", "E99999999"),
        ("certificate_no", "WDJ999999999999"),
    ] {
        let mut typed = body.clone();
        typed[field] = json!(value);
        let r = invoice(typed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field} {value}: {}", r.body);
        assert_eq!(field_code(&r), "invoice-not-the-allocated-vehicle", "{}", r.body);
    }
    assert!(money(&mut c, &fin, id).await["invoices"].as_array().unwrap().is_empty(), "nothing written");
    // Dates: not after today, not before the contract was signed (the tax follows the date).
    for (date, code) in [("2020-12-07", "invoice-date-before-signing"), ("2099-01-01", "invoice-date-future")] {
        let mut dated = body.clone();
        dated["invoice_date"] = json!(date);
        let r = invoice(dated).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}: {}", r.body);
        assert_eq!(field_code(&r), code, "{}", r.body);
    }
    // An imported car needs its import certificate and inspection numbers; tonnage is a number.
    let mut imported = body.clone();
    imported["origin"] = json!("德国");
    imported["tonnage"] = json!("heavy");
    let r = invoice(imported.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let answer = r.json();
    let fields: Vec<&str> =
        answer["error"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["import_certificate_no", "inspection_no", "tonnage"], "{}", r.body);
    imported["import_certificate_no"] = json!("IC2026-0001");
    imported["inspection_no"] = json!("CIQ310000001");
    imported["tonnage"] = json!("");
    // The VIN as read off the car, typed in lower case, is accepted as a check.
    imported["vin"] = json!(car.vin.to_lowercase());
    let r = invoice(imported).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let inv = r.json();
    let r = c.api(Method::GET, &format!("/api/v1/invoices/{}/pdf", inv["id"]), Some(&fin), None).await;
    let text = pdf_text(&r.bytes);
    assert!(text.contains("IC2026-0001") && text.contains("CIQ310000001") && text.contains("德国"), "{text}");
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/invoices/{}/reverse", inv["id"]),
            Some(&fin),
            Some(json!({"version": 1, "reason": "产地开错"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut body = body.clone();
    body["invoice_no"] = json!("12345670");
    let r = invoice(body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let inv = r.json();
    // The invoice and its vehicle agree: VIN, engine and certificate numbers from the record.
    assert_eq!(inv["vin"], json!(car.vin));
    assert_eq!(inv["engine_no"], json!(car.engine_no.clone().unwrap()));
    assert_eq!(inv["certificate_no"], json!(car.certificate_no.clone().unwrap()));
    // The VAT split of DOMAIN.md §3 at 13 %.
    let gross = inv["gross_fen"].as_i64().unwrap();
    let net = inv["net_fen"].as_i64().unwrap();
    assert_eq!(net, (gross * 10_000 * 2 + 11_300) / (11_300 * 2));
    assert_eq!(inv["vat_fen"].as_i64().unwrap(), gross - net);
    assert_eq!(inv["rate_bp"], 1300);
    let r = c.api(Method::GET, &format!("/api/v1/invoices/{}/pdf", inv["id"]), Some(&fin), None).await;
    let text = pdf_text(&r.bytes);
    assert!(text.contains(&car.vin) && text.contains("订单客户") && text.contains("机动车销售统一发票"), "{text}");
    assert!(text.contains("360426199101010071"), "finance reads the full ID number: {text}");
    // Kept encrypted in the invoice's stored fields; every download of the document is audited;
    // roles that need no sale documents get none.
    let stored = t
        .with_app(move |app| {
            app.database()
                .read(|c| storage::finance::invoices::of_document(c, domain::billing::Document::sales_order(id)))
                .expect("invoices")
        })
        .await;
    assert!(
        stored.iter().all(|i| !i.fields.contains("360426199101010071") && !i.fields.contains("0071\"")),
        "{stored:?}"
    );
    assert!(t.audit_actions("order", id).await.iter().any(|a| a == "order.document_downloaded"));
    for who in ["a.inventory", "a.admin", "a.cs"] {
        let token = t.token_for(who).await;
        let r = c.api(Method::GET, &format!("/api/v1/invoices/{}/pdf", inv["id"]), Some(&token), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
        let kid = money(&mut c, &fin, id).await["contracts"][0]["id"].as_i64().unwrap();
        let r = c.api(Method::GET, &format!("/api/v1/contracts/{kid}/pdf?signed=true"), Some(&token), None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }

    // Another order cannot put this vehicle on its invoice: its own allocated car is the one.
    let (_, other, other_total) = approved(&t, "13700001508").await;
    pay(
        &mut c,
        &fin,
        other,
        json!({"kind": "balance", "method": "bank_transfer", "amount_fen": other_total, "reference": "TR-INV2"}),
    )
    .await;
    t.signed_contract("a.advisor1", other).await;
    let own = t.allocated_vehicle(other, 902).await;
    let second = json!({"invoice_no": "12345679", "invoice_code": "031002400111", "vin": car.vin});
    let r = c.api(Method::POST, &format!("/api/v1/orders/{other}/invoices"), Some(&fin), Some(second)).await;
    assert_eq!(field_code(&r), "invoice-not-the-allocated-vehicle", "{}", r.body);
    let second = json!({"invoice_no": "12345679", "invoice_code": "031002400111"});
    let r = c.api(Method::POST, &format!("/api/v1/orders/{other}/invoices"), Some(&fin), Some(second)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["vin"], json!(own.vin));
}

/// Concurrent clients on one order: payments of the whole balance, confirmations of separate
/// payments and refunds of more than half the money each. The balance is never overpaid, no
/// more is promised back than was received, the order's facts follow every confirmation, and
/// nobody gets a 500 (both databases: PostgreSQL locks the order's row for money writes).
#[tokio::test]
async fn concurrent_money_writes_on_one_order_stay_consistent() {
    let t = TestApp::new().await;
    let (adv, id, total) = approved(&t, "13700001510").await;
    let fin = t.token_for("a.finance").await;
    let mut c = t.client();

    // Advisors register four quarters; finance confirms all four at once.
    let quarter = total / 4;
    let mut ids = Vec::new();
    for i in 0..4 {
        let amount = if i == 3 { total - 3 * quarter } else { quarter };
        let body =
            json!({"kind": "progress", "method": "bank_transfer", "amount_fen": amount, "reference": format!("Q-{i}")});
        let r = pay(&mut c, &adv, id, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_i64().unwrap());
    }
    let mut tasks = Vec::new();
    for pid in ids {
        let (mut c, fin) = (t.client(), fin.clone());
        tasks.push(tokio::spawn(async move {
            c.api(Method::POST, &format!("/api/v1/payments/{pid}/confirm"), Some(&fin), Some(json!({"version": 1})))
                .await
        }));
    }
    for task in tasks {
        let r = task.await.expect("task");
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let m = money(&mut c, &fin, id).await;
    assert_eq!(m["balance"]["balance_fen"], 0, "{m}");
    assert_eq!(m["balance"]["paid_in_full"], true, "the last confirmation saw the others: {m}");
    let order = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    assert_eq!(order["order"]["paid_in_full"], true, "{order}");

    // Eight refunds of 60 % of the money at once: one fits.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (mut c, fin) = (t.client(), fin.clone());
        let body = json!({"amount_fen": total * 6 / 10, "reason": format!("退款 {i}")});
        tasks.push(tokio::spawn(async move {
            c.api(Method::POST, &format!("/api/v1/orders/{id}/refunds"), Some(&fin), Some(body)).await
        }));
    }
    let mut created = 0;
    for task in tasks {
        let r = task.await.expect("task");
        assert!(r.status == StatusCode::CREATED || r.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        created += usize::from(r.status == StatusCode::CREATED);
    }
    assert_eq!(created, 1, "no more promised back than received");

    // Eight payments of the whole balance of another order at once: one is taken.
    let (_, other, other_total) = approved(&t, "13700001511").await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (mut c, fin) = (t.client(), fin.clone());
        let body =
            json!({"kind": "balance", "method": "alipay", "amount_fen": other_total, "reference": format!("ALI-{i}")});
        tasks.push(tokio::spawn(async move { pay(&mut c, &fin, other, body).await }));
    }
    let mut taken = 0;
    for task in tasks {
        let r = task.await.expect("task");
        assert!(r.status == StatusCode::CREATED || r.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        taken += usize::from(r.status == StatusCode::CREATED);
    }
    assert_eq!(taken, 1, "the balance is paid once");
    let m = money(&mut c, &fin, other).await;
    assert_eq!(m["balance"]["received_fen"].as_i64(), Some(other_total), "{m}");
}

/// The workspace's balances list: searched by order number, filtered by age, exported with the
/// same filters; only finance (and the GM) open it.
#[tokio::test]
async fn the_balances_list_filters_and_exports_what_it_shows() {
    let t = TestApp::new().await;
    let (adv, first, _) = approved(&t, "13700001512").await;
    let (_, second, _) = approved(&t, "13700001513").await;
    let mut c = t.client();
    let no = |v: Value| v["order"]["order_no"].as_str().unwrap().to_string();
    let first_no = no(c.api(Method::GET, &format!("/api/v1/orders/{first}"), Some(&adv), None).await.json());
    let second_no = no(c.api(Method::GET, &format!("/api/v1/orders/{second}"), Some(&adv), None).await.json());
    let mut fin = t.login("a.finance").await;
    let all = fin.get("/finance?tab=balances").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains(&first_no) && all.body.contains(&second_no));
    let one = fin.get(&format!("/finance?tab=balances&q={first_no}")).await;
    assert!(one.body.contains(&first_no) && !one.body.contains(&second_no));
    let old = fin.get("/finance?tab=balances&min_age=30").await;
    assert!(!old.body.contains(&first_no) && !old.body.contains(&second_no), "both are new");
    let sheet = crate::customers::workbook_text(
        &crate::customers::download(&mut fin, &format!("/finance/export?tab=balances&q={first_no}")).await,
    );
    assert!(sheet.contains(&first_no) && !sheet.contains(&second_no), "{sheet}");
    let mut advisor = t.login("a.advisor1").await;
    assert_eq!(advisor.get("/finance?tab=balances").await.status, StatusCode::FORBIDDEN);
    assert_eq!(advisor.get("/finance/export?tab=balances").await.status, StatusCode::FORBIDDEN);
}

/// Loan products are group data: a group administrator keeps them (audited, versioned, a retry
/// with its key creates one); store-scoped finance or administrators and advisors cannot; an
/// inactive product leaves the list a disbursement chooses from.
#[tokio::test]
async fn loan_products_are_kept_by_the_group_and_checked_on_input() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let admin = t.token_for("admin").await;
    let body = json!({"lender": "招商银行", "name": "新能源车贷 85%", "max_ltv_bp": 8500, "max_months": 60});
    let post = |token: String, body: Value, key: &'static str| {
        let mut c = t.client();
        async move { c.api_with_header(Method::POST, "/api/v1/loan-products", &token, ("Idempotency-Key", key), body).await }
    };
    for who in ["a.finance", "a.admin", "a.advisor1"] {
        let r = post(t.token_for(who).await, body.clone(), "lp-x").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let r = post(admin.clone(), body.clone(), "lp-1").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let again = post(admin.clone(), body.clone(), "lp-1").await;
    assert_eq!(again.json()["id"].as_i64(), Some(id), "a retry answers with the product it made");
    let dup = post(admin.clone(), body.clone(), "lp-2").await;
    assert!(dup.status == StatusCode::CONFLICT || dup.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", dup.body);
    let bad = json!({"lender": " ", "name": "x", "max_ltv_bp": 0, "max_months": 500});
    let r = post(admin.clone(), bad, "lp-3").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let answer = r.json();
    let fields: Vec<&str> =
        answer["error"]["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["lender", "max_ltv_bp", "max_months"]);

    let listed = |v: Value| v["items"].as_array().unwrap().iter().any(|p| p["id"].as_i64() == Some(id));
    let fin = t.token_for("a.finance").await;
    assert!(listed(c.api(Method::GET, "/api/v1/loan-products", Some(&fin), None).await.json()));
    let edit = json!({"version": 1, "lender": "招商银行", "name": "新能源车贷 85%", "max_ltv_bp": 8500, "max_months": 60, "active": false});
    let r = c.api(Method::PUT, &format!("/api/v1/loan-products/{id}"), Some(&admin), Some(edit.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = c.api(Method::PUT, &format!("/api/v1/loan-products/{id}"), Some(&admin), Some(edit)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "the version read is stale: {}", r.body);
    assert!(!listed(c.api(Method::GET, "/api/v1/loan-products", Some(&fin), None).await.json()), "inactive");
    let actions = t.audit_actions("loan_product", id).await;
    assert!(
        actions.contains(&"loan_product.created".to_string()) && actions.contains(&"loan_product.updated".to_string())
    );

    // The console: the loan-to-value typed in percent; a wrong one comes back next to its field.
    let mut web = t.login("admin").await;
    web.get("/admin/loan-products/new").await;
    let r = web
        .post(
            "/admin/loan-products",
            &[("lender", "平安银行"), ("name", "车主贷"), ("max_ltv_percent", "82.5"), ("max_months", "36")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = web.get("/admin/loan-products").await;
    assert!(page.body.contains("车主贷") && page.body.contains("82.5%"), "{}", page.body);
    web.get("/admin/loan-products/new").await;
    let r = web
        .post(
            "/admin/loan-products",
            &[("lender", "平安银行"), ("name", "车主贷 2"), ("max_ltv_percent", "120"), ("max_months", "36")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("value=\"120\""), "what was typed stays");
    let mut store_finance = t.login("a.finance").await;
    assert_eq!(store_finance.get("/admin/loan-products").await.status, StatusCode::FORBIDDEN);
}

/// A payment the advisor registered and finance has not confirmed ends with the cancelled order:
/// rejected (audited), never confirmed afterwards.
#[tokio::test]
async fn a_pending_payment_ends_with_its_cancelled_order() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    let (adv, id, _) = approved(&t, "13700001531").await;
    let r = pay(&mut c, &adv, id, json!({"kind": "intent", "method": "cash", "amount_fen": 500_000})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let p = r.json();
    assert_eq!(p["status"], "registered");
    assert_eq!(cancel(&mut c, &adv, id, "").await.status, StatusCode::OK, "no money confirmed: no breach to name");
    let m = money(&mut c, &fin, id).await;
    assert_eq!(m["payments"][0]["status"], "rejected", "{m}");
    // The profile has no ID number or address: the page warns before a contract says 未登记.
    assert_eq!(m["buyer_missing"], json!(["id_number", "address"]), "{m}");
    let r = c
        .api(Method::POST, &format!("/api/v1/payments/{}/confirm", p["id"]), Some(&fin), Some(json!({"version": 2})))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}

/// The lender pays a disbursement: its receipt names the lender, and every receipt shows the day
/// the money came in beside the day finance confirmed it.
#[tokio::test]
async fn a_disbursements_receipt_names_the_lender_and_the_day_the_money_came() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let (adv, fin) = (t.token_for("a.advisor1").await, t.token_for("a.finance").await);
    let cust = crate::orders::customer(&t, &adv, "13700001541").await;
    let mut body = crate::orders::order_body(&t, cust, "1");
    body["payment_method"] = json!("loan");
    body["lender"] = json!("汽车金融公司");
    body["down_payment_fen"] = json!(10_000_000);
    body["loan_months"] = json!(36);
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["order"]["id"].as_i64().unwrap();
    let total = r.json()["order"]["total_fen"].as_i64().unwrap();
    assert_eq!(crate::orders::step(&mut c, &adv, id, "submit", 1, "").await.status, StatusCode::OK);
    let link = t.link_token(id).await;
    let r = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": link, "version": 2}))).await;
    assert_eq!(r.json()["status"], "approved", "{}", r.body);
    let products = c.api(Method::GET, "/api/v1/loan-products", Some(&fin), None).await.json();
    let product = products["items"]
        .as_array()
        .or(products.as_array())
        .unwrap()
        .iter()
        .find(|p| p["lender"] == "汽车金融公司" && p["max_ltv_bp"] == 8000)
        .expect("a seeded product")["id"]
        .clone();
    let down =
        json!({"kind": "down_payment", "method": "bank_transfer", "amount_fen": 10_000_000, "reference": "DP-1"});
    assert_eq!(pay(&mut c, &fin, id, down).await.status, StatusCode::CREATED);
    let loan = json!({"kind": "loan", "method": "bank_transfer", "amount_fen": total - 10_000_000,
        "reference": "LN-1", "loan_product_id": product});
    let r = pay(&mut c, &fin, id, loan).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let paid_on = r.json()["paid_on"].as_str().unwrap().to_string();
    let r = c.api(Method::GET, &format!("/api/v1/payments/{}/receipt", r.json()["id"]), Some(&fin), None).await;
    let text = pdf_text(&r.bytes);
    assert!(text.contains("交款人") && text.contains("汽车金融公司"), "the lender pays: {text}");
    assert!(!text.contains("订单客户"), "not the buyer: {text}");
    let (y, m, d) = (&paid_on[0..4], paid_on[5..7].trim_start_matches('0'), paid_on[8..10].trim_start_matches('0'));
    let compact = text.replace(char::is_whitespace, "");
    assert!(compact.contains(&format!("到账日期{y}年{m}月{d}日")), "{paid_on}: {text}");
}

/// One bank serial is one payment however it is typed: spaces, letter case and another method
/// do not make it new; a rejected payment's reference is free again.
#[tokio::test]
async fn a_payment_reference_is_recognised_whatever_its_case_spaces_or_method() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    let (_, first, _) = approved(&t, "13700001551").await;
    let (adv, second, _) = approved(&t, "13700001552").await;
    let body = |method: &str, reference: &str| json!({"kind": "intent", "method": method, "amount_fen": 100_000, "reference": reference});
    assert_eq!(pay(&mut c, &fin, first, body("bank_transfer", "TR20261207-88")).await.status, StatusCode::CREATED);
    for (method, typed) in
        [("bank_transfer", " tr20261207-88 "), ("wechat_pay", "TR20261207-88"), ("card", "Tr20261207-88")]
    {
        let r = pay(&mut c, &fin, second, body(method, typed)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{method} {typed:?}: {}", r.body);
        assert_eq!(field_code(&r), "payment-duplicate-reference");
    }
    // The advisor's registration that finance rejects frees its reference.
    let r = pay(&mut c, &adv, second, body("alipay", "2026120722001")).await;
    let p = r.json();
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/payments/{}/reject", p["id"]),
            Some(&fin),
            Some(json!({"version": p["version"], "reason": "未到账"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(pay(&mut c, &fin, second, body("alipay", "2026120722001")).await.status, StatusCode::CREATED);
}
