//! Change orders (变更单): a signed deal changes only through proposed terms, approved by someone
//! else, signed by the buyer as a supplement and countersigned; the order keeps its place
//! meanwhile, and the invoice and the money follow the new terms when they take effect.

use crate::finance::{approved, field_code, money, pay, pdf_text, signature_b64, status};
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn propose(c: &mut Client, token: &str, id: i64, reason: &str, order: Value) -> Resp {
    c.api(
        Method::POST,
        &format!("/api/v1/orders/{id}/change-orders"),
        Some(token),
        Some(json!({"reason": reason, "order": order})),
    )
    .await
}

async fn decide(c: &mut Client, token: &str, change: &Value, action: &str, text: &str) -> Resp {
    let id = change["id"].as_i64().expect("change id");
    c.api(
        Method::POST,
        &format!("/api/v1/change-orders/{id}/{action}"),
        Some(token),
        Some(json!({"version": change["version"], "text": text})),
    )
    .await
}

/// The order's terms as the API takes them, with `discount_percent`.
async fn terms(t: &TestApp, c: &mut Client, token: &str, id: i64, discount_percent: &str) -> Value {
    let view = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(token), None).await.json();
    crate::orders::order_body(t, view["order"]["customer_id"].as_i64().expect("customer"), discount_percent)
}

async fn order_total(c: &mut Client, token: &str, id: i64) -> i64 {
    c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(token), None).await.json()["order"]["total_fen"]
        .as_i64()
        .expect("total")
}

/// The buyer signs the version waiting for them with the code mailed to them; the advisor
/// countersigns it.
async fn buyer_signs_and_store_countersigns(t: &TestApp, c: &mut Client, adv: &str, id: i64) -> Resp {
    let token = t.link_token(id).await;
    let tk = token.clone();
    let waiting =
        t.with_app(move |app| app::finance::signing::by_link(app, &tk).expect("by link").expect("a contract")).await;
    let tk = token.clone();
    let page = t.with_app(move |app| app::sales::by_link(app, &tk).expect("the buyer's page")).await;
    assert!(page.pending_change.is_some(), "the buyer's page names the change");
    let kid = waiting.contract.id;
    let tk = token.clone();
    t.with_app(move |app| app::finance::signing::send_code(app, &tk, kid)).await.expect("code sent");
    let code = t.with_app(|app| crate::fixtures::mailed_code_in(app, "buyer@example.com")).await;
    let device = app::finance::signing::Device { ip: "10.0.0.7".into(), user_agent: "buyer phone".into() };
    t.with_app(move |app| app::finance::signing::sign(app, &token, kid, &code, crate::fixtures::SIGNATURE, &device))
        .await
        .expect("the buyer signs the supplement");
    let k = c.api(Method::GET, &format!("/api/v1/contracts/{kid}"), Some(adv), None).await.json();
    c.api(
        Method::POST,
        &format!("/api/v1/contracts/{kid}/countersign"),
        Some(adv),
        Some(json!({"version_lock": k["version_lock"], "signature": signature_b64()})),
    )
    .await
}

#[tokio::test]
async fn a_signed_deal_changes_only_through_an_approved_and_signed_change_order() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    let manager = t.token_for("a.manager").await;
    let (adv, id, total) = approved(&t, "13700001601").await;
    // Before signing there is nothing to change by change order: the order is edited.
    let body = terms(&t, &mut c, &adv, id, "2").await;
    let r = propose(&mut c, &adv, id, "客户要求加大优惠", body.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "change_order_not_signed");

    // A deal that is signed, paid in full, with its car and its invoice.
    let order = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let cust = order["order"]["customer_id"].as_i64().unwrap();
    let profile = c.api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&adv), None).await.json();
    let edit = json!({"version": profile["version"], "name": "订单客户", "mobile": "13700001601",
        "email": "buyer@example.com", "id_number": "360426199101010071"});
    assert_eq!(
        c.api(Method::PUT, &format!("/api/v1/customers/{cust}"), Some(&adv), Some(edit)).await.status,
        StatusCode::OK
    );
    t.signed_contract("a.advisor1", id).await;
    let r = pay(
        &mut c,
        &fin,
        id,
        json!({"kind": "balance", "method": "bank_transfer", "amount_fen": total, "reference": "TR-CHG-1"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["status"], "confirmed", "finance's own registration is confirmed: {}", r.body);
    t.allocated_vehicle(id, 1601).await;
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/orders/{id}/invoices"),
            Some(&fin),
            Some(json!({"invoice_no": "16010001", "invoice_code": "031002400111"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let first_invoice = r.json();
    assert_eq!(status(&mut c, &adv, id).await, "vehicle_allocated");

    // Refusals change nothing: no reason, the signed terms again, a role that writes no orders.
    let r = propose(&mut c, &adv, id, " ", body.clone()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "reason");
    let same = terms(&t, &mut c, &adv, id, "1").await;
    let r = propose(&mut c, &adv, id, "没有变化", same).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(field_code(&r), "change-order-nothing-changed");
    let r = propose(&mut c, &fin, id, "财务不能提出", body.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // The advisor proposes 2 % instead of 1 %: a change order, the deal as signed meanwhile.
    let r = propose(&mut c, &adv, id, "客户要求加大优惠", body.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let change = r.json();
    assert_eq!(change["status"], "awaiting_approval");
    assert_eq!(change["levels"], json!(["sales_manager"]), "a signed contract never changes on one say");
    let new_total = change["total_after_fen"].as_i64().unwrap();
    assert!(new_total < total, "{change}");
    assert_eq!(change["difference_fen"].as_i64().unwrap(), new_total - total);
    let order_no =
        c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json()["order"]["order_no"]
            .as_str()
            .unwrap()
            .to_string();
    assert_eq!(change["change_no"], format!("{order_no}-BG01"), "{change}");
    let fields: Vec<&str> = change["lines"].as_array().unwrap().iter().filter_map(|l| l["field"].as_str()).collect();
    assert!(fields.contains(&"discount") && fields.contains(&"total"), "{fields:?}");
    assert_eq!(order_total(&mut c, &adv, id).await, total, "the signed price holds");
    assert_eq!(status(&mut c, &adv, id).await, "vehicle_allocated", "the order keeps its place");
    let three = terms(&t, &mut c, &adv, id, "3").await;
    let r = propose(&mut c, &adv, id, "再改一次", three).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "change_order_open_already");

    // Four eyes: the advisor approves nothing, finance is not the level waiting.
    assert_eq!(decide(&mut c, &adv, &change, "approve", "").await.status, StatusCode::FORBIDDEN);
    let r = decide(&mut c, &fin, &change, "approve", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "change_order_not_your_level");
    let r = decide(&mut c, &manager, &change, "approve", "同意").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let change = r.json();
    assert_eq!(change["status"], "awaiting_signature");
    let supplement = change["contract_id"].as_i64().expect("the supplement");
    let k = c.api(Method::GET, &format!("/api/v1/contracts/{supplement}"), Some(&adv), None).await.json();
    assert_eq!(k["status"], "awaiting_customer");
    assert_eq!(status(&mut c, &adv, id).await, "vehicle_allocated", "still signed: the version in force holds");
    let actions = money(&mut c, &adv, id).await["actions"].clone();
    assert!(
        !actions.as_array().unwrap().iter().any(|a| a == "generate_contract"),
        "no new contract beside it: {actions}"
    );
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/contracts"), Some(&adv), Some(json!({}))).await;
    assert_eq!(r.json()["error"]["code"], "contract_signed_already", "{}", r.body);
    // The supplement names the version it amends, the change order and the new total in capitals.
    let r = c.api(Method::GET, &format!("/api/v1/contracts/{supplement}/pdf"), Some(&adv), None).await;
    let text = pdf_text(&r.bytes).replace(char::is_whitespace, "");
    let capitals = domain::capitals::to_capitals(domain::Money::from_fen(new_total));
    for needle in ["补充协议", change["change_no"].as_str().unwrap(), "客户要求加大优惠", &capitals] {
        assert!(text.contains(needle), "{needle} in the supplement: {text}");
    }

    // The buyer signs it with the code sent to them; the store countersigns; the terms change.
    let r = buyer_signs_and_store_countersigns(&t, &mut c, &adv, id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(order_total(&mut c, &adv, id).await, new_total);
    let changes = c.api(Method::GET, &format!("/api/v1/orders/{id}/change-orders"), Some(&adv), None).await.json();
    assert_eq!(changes[0]["status"], "in_force", "{changes}");
    let m = money(&mut c, &fin, id).await;
    let versions: Vec<(i64, String)> = m["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["version"].as_i64().unwrap(), k["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(versions, [(2, "signed".to_string()), (1, "superseded".to_string())], "{m}");
    // The invoice of the old price is reversed; the overpayment is requested back for finance.
    let inv = m["invoices"].as_array().unwrap().iter().find(|i| i["id"] == first_invoice["id"]).unwrap().clone();
    assert_eq!(inv["status"], "reversed", "{inv}");
    let refunds: Vec<i64> =
        m["refunds"].as_array().unwrap().iter().map(|r| r["amount_fen"].as_i64().unwrap()).collect();
    assert_eq!(refunds, [total - new_total], "{m}");
    assert_eq!(status(&mut c, &adv, id).await, "vehicle_allocated", "still paid in full");
    let finance_mail = t
        .with_app(|app| {
            app.database().read(|c| storage::outbox::to_recipient(c, "a.finance@dealer.example", 20)).expect("outbox")
        })
        .await;
    assert!(finance_mail.iter().any(|m| m.subject.contains("变更单生效")), "finance is told");
    // Finance issues the invoice again, on the new price.
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/orders/{id}/invoices"),
            Some(&fin),
            Some(json!({"invoice_no": "16010002", "invoice_code": "031002400111"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json()["gross_fen"].as_i64().unwrap() < first_invoice["gross_fen"].as_i64().unwrap(), "{}", r.body);
    // The refund goes through finance's four eyes as any other (the advisor's request).
    let refund = m["refunds"][0].clone();
    let rid = refund["id"].as_i64().unwrap();
    let r = c
        .api(
            Method::POST,
            &format!("/api/v1/refunds/{rid}/approve"),
            Some(&fin),
            Some(json!({"version": refund["version"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The timeline and the audit log tell the story.
    let view = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let steps: Vec<&str> = view["timeline"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for step in [
        "change_order_requested",
        "change_order_approved",
        "supplement_generated",
        "change_order_in_force",
        "invoice_reversed",
    ] {
        assert!(steps.contains(&step), "{step} in {steps:?}");
    }
}

#[tokio::test]
async fn a_change_order_is_rejected_or_withdrawn_and_the_signed_terms_stay() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let manager = t.token_for("a.manager").await;
    let (adv, id, total) = approved(&t, "13700001602").await;
    t.signed_contract("a.advisor1", id).await;
    // 6 % is over the rules' 5 %: the manager approves it, for the rule's reason.
    let body = terms(&t, &mut c, &adv, id, "6").await;
    let change = propose(&mut c, &adv, id, "客户要求", body.clone()).await.json();
    assert_eq!(change["levels"], json!(["sales_manager"]), "{change}");
    // Another store's staff see no change order; the store's administrator decides none.
    let other_store = t.token_for("b.advisor1").await;
    let cid = change["id"].as_i64().unwrap();
    let r = c.api(Method::GET, &format!("/api/v1/change-orders/{cid}"), Some(&other_store), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(decide(&mut c, &other_store, &change, "withdraw", "别店撤回").await.status, StatusCode::NOT_FOUND);
    assert_eq!(propose(&mut c, &other_store, id, "别店提出", body.clone()).await.status, StatusCode::NOT_FOUND);
    let admin = t.token_for("a.admin").await;
    assert_eq!(decide(&mut c, &admin, &change, "approve", "").await.status, StatusCode::FORBIDDEN);
    let r = decide(&mut c, &manager, &change, "reject", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required: {}", r.body);
    let r = decide(&mut c, &manager, &change, "reject", "优惠过大").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "rejected");
    let r = decide(&mut c, &manager, &r.json(), "approve", "").await;
    assert_eq!(r.json()["error"]["code"], "change_order_wrong_state", "{}", r.body);
    assert_eq!(order_total(&mut c, &adv, id).await, total);

    // Proposed again and approved: the buyer does not sign, the advisor withdraws it. The signed
    // version stays in force, the supplement is superseded, and the order is where it was.
    let change = propose(&mut c, &adv, id, "客户再次要求", body).await.json();
    let change = decide(&mut c, &manager, &change, "approve", "").await.json();
    assert_eq!(change["status"], "awaiting_signature", "{change}");
    let supplement = change["contract_id"].as_i64().unwrap();
    let r = decide(&mut c, &adv, &change, "withdraw", "客户不同意").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "withdrawn");
    let k = c.api(Method::GET, &format!("/api/v1/contracts/{supplement}"), Some(&adv), None).await.json();
    assert_eq!(k["status"], "superseded");
    let m = money(&mut c, &adv, id).await;
    assert!(m["contracts"].as_array().unwrap().iter().any(|k| k["version"] == 1 && k["status"] == "signed"), "{m}");
    assert_eq!(status(&mut c, &adv, id).await, "contract_signed");
    assert_eq!(order_total(&mut c, &adv, id).await, total);
    // The buyer's page shows the signed version again, nothing pending.
    let token = t.link_token(id).await;
    let page = c.get(&format!("/c/{token}")).await;
    assert!(!page.body.contains("pending-change"), "no pending change on the buyer's page");

    // A change by the manager themselves needs someone else: they asked for it.
    let two = terms(&t, &mut c, &adv, id, "2").await;
    let change = propose(&mut c, &manager, id, "经理提出", two).await.json();
    let r = decide(&mut c, &manager, &change, "approve", "").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "change_order_own_request");
    // Cancelling the order withdraws the change under way.
    let view = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let r =
        crate::orders::step(&mut c, &adv, id, "cancel", view["order"]["version"].as_i64().unwrap(), "客户放弃").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let changes = c.api(Method::GET, &format!("/api/v1/orders/{id}/change-orders"), Some(&adv), None).await.json();
    assert_eq!(changes[0]["status"], "withdrawn", "{changes}");
}
