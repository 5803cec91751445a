//! The sales order end to end through the API: creation with the price, numbering, the
//! customer's confirmation by the e-mailed link (real SMTP on loopback), approvals, changes.

use crate::smtp::SmtpSink;
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

/// The text of a received e-mail, whatever transfer encoding lettre chose.
pub fn mail_text(raw: &str) -> String {
    use base64::Engine;
    let (head, body) = raw.split_once("\n\n").unwrap_or(("", raw));
    let head = head.to_ascii_lowercase();
    if head.contains("content-transfer-encoding: base64") {
        let joined: String = body.lines().collect();
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(joined.trim()).expect("base64"))
            .expect("utf-8")
    } else if head.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\n", "");
        let mut out = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'='
                && i + 2 < b.len()
                && let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
            {
                out.push(v);
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    } else {
        body.to_string()
    }
}

pub async fn customer(t: &TestApp, token: &str, mobile: &str) -> i64 {
    t.customer(token, mobile).await
}

pub fn order_body(t: &TestApp, customer: i64, discount_percent: &str) -> Value {
    // The API's convention: ids are integers, money is fen, rates are basis points.
    let discount_bp = discount_percent.parse::<i64>().expect("whole percent") * 100;
    json!({
        "customer_id": customer,
        "trim_id": t.fx.trim,
        "exterior_colour_id": t.fx.colour,
        "option_ids": [t.fx.accessory],
        "registration_fee_fen": 150_000,
        "discount_kind": "percent",
        "discount_bp": discount_bp,
        "gifts": [{"name": "全车贴膜", "value_fen": 380_000}],
        "payment_method": "full",
        "channel": "walk_in",
    })
}

async fn deliver(t: &TestApp, sink: &SmtpSink) {
    let smtp = app::kernel::outbox::SmtpConfig {
        host: "127.0.0.1".into(),
        port: sink.port,
        from: "autodms <noreply@dealer.example>".into(),
    };
    t.with_app(move |app| {
        app::kernel::outbox::deliver_due(app, &app::kernel::outbox::Mailer::new(&smtp), 50).expect("delivery")
    })
    .await;
}

pub async fn step(c: &mut Client, token: &str, id: i64, action: &str, version: i64, text: &str) -> Resp {
    c.api(
        Method::POST,
        &format!("/api/v1/orders/{id}/{action}"),
        Some(token),
        Some(json!({"version": version, "text": text})),
    )
    .await
}

#[tokio::test]
async fn an_order_goes_from_creation_through_the_customers_confirmation_and_two_approval_levels() {
    let t = TestApp::new().await;
    let sink = SmtpSink::start().await;
    let adv = t.token_for("a.advisor1").await;
    let mgr = t.token_for("a.manager").await;
    let gm = t.token_for("a.gm").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000001").await;

    // 9% off a ¥202,000 list price: ¥183,820 is under the ¥185,000 floor → manager, then GM.
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "9"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let o = r.json();
    let id = o["order"]["id"].as_i64().unwrap();
    let no = o["order"]["order_no"].as_str().unwrap();
    assert!(no.starts_with("SO-SH01-") && no.ends_with("-0001"), "{no}");
    assert_eq!(o["status"], "draft");
    assert_eq!(o["quote"]["list_price"], 20_200_000);
    assert_eq!(o["quote"]["discount"], 1_818_000);
    assert_eq!(o["quote"]["vehicle_price"], 18_382_000);
    assert_eq!(o["quote"]["total_payable"], 18_382_000 + 68_000 + 150_000);
    assert_eq!(o["quote"]["gifts_value"], 380_000);
    assert_eq!(o["quote"]["total_in_capitals"], "壹拾捌万陆仟圆整");

    let r = step(&mut c, &adv, id, "submit", 1, "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "awaiting_confirmation");
    deliver(&t, &sink).await;
    let mails = sink.messages_to("buyer@example.com");
    assert_eq!(mails.len(), 1, "one confirmation e-mail");
    let text = mail_text(&mails[0].data);
    assert!(text.contains(no) && text.contains("¥186,000.00"), "{text}");
    let link = text.split_whitespace().find(|w| w.contains("/c/")).expect("link in the e-mail");
    let token = link.rsplit("/c/").next().unwrap().to_string();

    // the customer's page shows the order; a stale version is refused
    let page = c.get(&format!("/c/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(no) && page.body.contains("¥186,000.00"), "customer page");
    let stale = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": token, "version": 1}))).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let forged = c
        .api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": format!("{token}x"), "version": 2})))
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    let r = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": token, "version": 2}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "awaiting_approval");

    let o = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    let approvals = o["approvals"].as_array().unwrap();
    assert_eq!(approvals.len(), 2);
    assert_eq!(approvals[0]["role"], "sales_manager");
    // the advisor prices but does not see why approval is needed (pricing roles only)
    assert_eq!(approvals[0]["reasons"], json!([]));
    let mgr_tok = t.token_for("a.manager").await;
    let as_manager = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&mgr_tok), None).await.json();
    let reasons = as_manager["approvals"][0]["reasons"].to_string();
    assert!(reasons.contains("折扣超过 5%") && reasons.contains("低于最低限价"), "{reasons}");
    assert_eq!(approvals[1]["role"], "general_manager");
    deliver(&t, &sink).await;
    assert_eq!(sink.messages_to("a.manager@dealer.example").len(), 1, "the first approver is told");

    // the advisor cannot approve; the GM cannot skip the manager
    assert_eq!(step(&mut c, &adv, id, "approve", 3, "").await.status, StatusCode::FORBIDDEN);
    let r = step(&mut c, &gm, id, "approve", 3, "").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "order_not_your_level");
    let inbox = c.api(Method::GET, "/api/v1/orders/waiting-for-me", Some(&mgr), None).await.json();
    assert_eq!(inbox["items"].as_array().unwrap().len(), 1);
    assert_eq!(inbox["total"], 1);
    let r = step(&mut c, &mgr, id, "approve", 3, "同意，注意交车时间").await;
    assert_eq!(r.json()["status"], "awaiting_approval");
    let r = step(&mut c, &gm, id, "approve", 4, "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "approved");
    deliver(&t, &sink).await;
    assert_eq!(
        sink.messages_to("a.advisor1@dealer.example").len(),
        2,
        "the advisor hears of the customer's confirmation and of the outcome"
    );
    assert_eq!(sink.messages_to("buyer@example.com").len(), 2, "the customer hears it too");

    let timeline: Vec<String> =
        r.json()["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(timeline, vec!["created", "submit", "confirm", "approve", "approve"]);

    // The page's change history reads as staff speak: labels and yuan, not codes and fen.
    let page = t.login("a.advisor1").await.get(&format!("/orders/{id}")).await.body;
    assert!(page.contains("状态：待审核 → 已审核"), "status labels in the history");
    assert!(page.contains("操作：审核同意"), "the step by its name, set rather than changed");
    let total = r.json()["order"]["total_fen"].as_i64().unwrap();
    let shown = format!("总额：{}", domain::Money::from_fen(total));
    assert!(page.contains(&shown), "money in yuan: {shown}");
    let customer_name = r.json()["customer_name"].as_str().unwrap().to_string();
    assert!(page.contains(&format!("客户：{customer_name}")), "the customer by name, not by id");
    assert!(!page.contains("awaiting_approval") && !page.contains("条款"), "no raw codes, no terms blob");
    assert!(!history_of(&page).contains('#'), "no record id where a name exists: {}", history_of(&page));
}

#[tokio::test]
async fn rejection_returns_to_draft_and_changes_after_approval_rerun_everything() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mgr = t.token_for("a.manager").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000002").await;
    // 9 % is below the floor price: the sales manager, then the general manager
    let (id, _) = t.confirmed_order(&adv, cust, "9").await;
    let token = t.link_token(id).await;
    let r = step(&mut c, &mgr, id, "reject", 3, "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    let r = step(&mut c, &mgr, id, "reject", 3, "折扣请控制在 5% 以内").await;
    assert_eq!(r.json()["status"], "draft");
    // the page shows who turned it down and why; the general manager's level is no longer waiting
    let page = t.login("a.advisor1").await.get(&format!("/orders/{id}")).await.body;
    assert!(page.contains("驳回") && page.contains("折扣请控制在 5% 以内"), "the rejection and its reason");
    assert!(page.contains("未审核（本轮已结束）") && !page.contains("等待审核"), "no level waits on a draft");

    // back to 5%: no rule applies, confirmation approves directly
    let mut body = order_body(&t, cust, "5");
    body["version"] = json!(4);
    let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    step(&mut c, &adv, id, "submit", 5, "").await;
    let r = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": token, "version": 6}))).await;
    assert_eq!(r.json()["status"], "approved");

    // a bigger discount after approval sends it back to draft
    let mut body = order_body(&t, cust, "7");
    body["version"] = json!(7);
    let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&adv), Some(body)).await;
    assert_eq!(r.json()["status"], "draft");
    // a change that does not touch the terms keeps the stage
    let mut body = order_body(&t, cust, "7");
    body["version"] = json!(r.json()["order"]["version"]);
    body["notes"] = json!("客户希望月底提车");
    let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&adv), Some(body)).await;
    assert_eq!(r.json()["status"], "draft");
    assert_eq!(r.json()["order"]["notes"], "客户希望月底提车");
}

#[tokio::test]
async fn the_requester_never_approves_their_own_order() {
    let t = TestApp::new().await;
    let mgr = t.token_for("a.manager").await;
    let mut c = t.client();
    let cust = customer(&t, &mgr, "13700000003").await;
    let (id, _) = t.confirmed_order(&mgr, cust, "6").await;
    let r = step(&mut c, &mgr, id, "approve", 3, "").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "order_own_approval");
    let inbox = c.api(Method::GET, "/api/v1/orders/waiting-for-me", Some(&mgr), None).await.json();
    assert!(inbox["items"].as_array().unwrap().is_empty(), "not in their own inbox");
}

#[tokio::test]
async fn bad_orders_are_refused_with_field_messages_and_nothing_is_stored() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000004").await;
    let mut body = order_body(&t, cust, "120");
    body["payment_method"] = json!("loan");
    body["trade_in_fen"] = json!(-500);
    body["expected_delivery"] = json!("2020-01-01");
    body["channel"] = json!("carrier pigeon");
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let codes: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    for code in
        ["discount_percent", "money_negative", "delivery_in_past", "channel_required", "required", "loan_months"]
    {
        assert!(codes.iter().any(|c| c == code), "missing {code} in {codes:?}");
    }
    let list = c.api(Method::GET, "/api/v1/orders", Some(&adv), None).await.json();
    assert_eq!(list["total"], 0);
    // a customer of another advisor is out of reach
    let other = t.token_for("a.advisor2").await;
    let r = c.api(Method::POST, "/api/v1/orders", Some(&other), Some(order_body(&t, cust, "1"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn concurrent_creation_never_duplicates_a_number_and_retries_are_idempotent() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700000005").await;
    let mut handles = Vec::new();
    for _ in 0..16 {
        let mut c = t.client();
        let (adv, body) = (adv.clone(), order_body(&t, cust, "1"));
        handles.push(tokio::spawn(async move { c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        let r = h.await.unwrap();
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        numbers.push(r.json()["order"]["order_no"].as_str().unwrap().to_string());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 16, "no number twice");
    assert!(numbers.last().unwrap().ends_with("-0016"));

    let send = |key: &'static str| {
        let router = t.router.clone();
        let (adv, body) = (adv.clone(), order_body(&t, cust, "1"));
        async move {
            use tower::ServiceExt;
            let req = axum::http::Request::post("/api/v1/orders")
                .header("authorization", format!("Bearer {adv}"))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            let resp = router.oneshot(req).await.unwrap();
            let bytes = http_body_util::BodyExt::collect(resp.into_body()).await.unwrap().to_bytes();
            serde_json::from_slice::<Value>(&bytes).unwrap()["order"]["id"].as_i64().unwrap()
        }
    };
    let first = send("retry-1").await;
    assert_eq!(send("retry-1").await, first, "the retry returns the same order");
    assert_ne!(send("retry-2").await, first);
}

#[tokio::test]
async fn status_follows_the_recorded_facts_and_finished_orders_accept_nothing() {
    let t = TestApp::new().await;
    let mut c = t.client();
    // The facts come from their documents: the car allocated by logistics, the money and the
    // invoice by finance, "ready" and "delivered" by delivery's checklists (tests/http/delivery.rs).
    let (adv, id) = crate::delivery::delivered(&t, "13700000006", 906).await;
    let o = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    assert_eq!(o["status"], "delivered", "{o}");
    let cust = o["order"]["customer_id"].as_i64().unwrap();
    let v = o["order"]["version"].as_i64().unwrap();
    let r = step(&mut c, &adv, id, "close", v, "").await;
    assert_eq!(r.json()["status"], "closed");
    for action in ["submit", "cancel", "lost", "close"] {
        let r = step(&mut c, &adv, id, action, v + 1, "理由").await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{action} on a closed order");
        assert_eq!(r.json()["error"]["code"], "order_finished", "{action} on a closed order");
    }
    // The status tabs come from the maintained counts; a date filter counts the orders themselves.
    c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "1"))).await;
    for token in [adv.clone(), t.token_for("a.gm").await] {
        let kept = c.api(Method::GET, "/api/v1/orders", Some(&token), None).await.json();
        let live = c.api(Method::GET, "/api/v1/orders?from=2000-01-01", Some(&token), None).await.json();
        assert_eq!(kept["counts"], live["counts"]);
        assert_eq!(kept["total"], live["total"]);
        assert_eq!(kept["total"], 2);
    }
    let closed = c.api(Method::GET, "/api/v1/orders?status=closed", Some(&adv), None).await.json();
    assert_eq!(closed["total"], 1);
}

#[tokio::test]
async fn orders_are_scoped_like_customers() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000007").await;
    let id =
        c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "1"))).await.json()["order"]["id"]
            .as_i64()
            .unwrap();
    for (user, visible) in
        [("a.advisor2", false), ("a.manager", true), ("a.gm", true), ("b.advisor1", false), ("a.finance", true)]
    {
        let token = t.token_for(user).await;
        let r = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&token), None).await;
        assert_eq!(r.status == StatusCode::OK, visible, "{user}: {}", r.status);
        let list = c.api(Method::GET, "/api/v1/orders?q=13700000007", Some(&token), None).await.json();
        assert_eq!(list["total"] == 1, visible, "{user} list");
        // The whole number is looked up in the index, a part of it is searched for: same answer.
        let tail = c.api(Method::GET, "/api/v1/orders?q=0000007", Some(&token), None).await.json();
        assert_eq!(tail["total"] == 1, visible, "{user} list by the number's tail");
    }
    let fin = t.token_for("a.finance").await;
    assert_eq!(
        step(&mut c, &fin, id, "cancel", 1, "x").await.status,
        StatusCode::FORBIDDEN,
        "finance does not cancel orders"
    );
    // the list's advisor filter and team view (a.advisor1 is user 2, in the manager's team)
    let mut mgr = t.login("a.manager").await;
    assert!(mgr.get("/orders?owner=2").await.body.contains("订单客户"));
    assert!(!mgr.get("/orders?owner=3").await.body.contains("订单客户"));
    let team = mgr.get("/orders?view=team").await.body;
    assert!(team.contains("订单客户") && team.contains("id=\"view-team\""));
    // column headers sort, keeping the view: newest first by default, a click turns it round
    let header = |page: &str, id: &str| {
        let at = page.find(&format!("id=\"{id}\"")).expect(id);
        page[at..at + page[at..].find("</a>").unwrap()].to_string()
    };
    let created = header(&team, "sort-created");
    assert!(created.contains("view=team") && created.contains("sort=created_asc") && created.contains('↓'));
    assert!(header(&team, "sort-total").contains("sort=total_desc"));
    let by_total = mgr.get("/orders?view=team&sort=total_desc").await.body;
    assert!(by_total.contains("订单客户"));
    let total = header(&by_total, "sort-total");
    assert!(total.contains("sort=total_asc") && total.contains('↓'), "{total}");
    assert!(!header(&by_total, "sort-created").contains('↓'), "one column shows the order");
}

/// The search box finds an order by any part of its customer's name or mobile number: long texts
/// through the trigram index, one or two characters by scanning; the index follows renames.
#[tokio::test]
async fn order_search_finds_any_part_of_the_customers_name_or_number() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000009").await;
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "1"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mut found = async |q: &str| {
        let path = format!("/api/v1/orders?q={}", urlencoding(q));
        c.api(Method::GET, &path, Some(&adv), None).await.json()["total"].as_i64().unwrap()
    };
    for q in ["订单客户", "单客户", "客户", "单", "0000009", "137 0000 0009", "+86 137-0000-0009", "370"] {
        assert_eq!(found(q).await, 1, "{q}");
    }
    for q in ["订单客人", "客人", "99999", "%", "_", "\"\"", "订\"单客", "客户 OR 张", "NEAR(客户)"] {
        assert_eq!(found(q).await, 0, "{q}");
    }
    let r = t
        .client()
        .api(
            Method::PUT,
            &format!("/api/v1/customers/{cust}"),
            Some(&adv),
            Some(json!({"name": "Zhang Weiming", "mobile": "13700000019", "email": "buyer@example.com", "version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for (q, n) in [("weiMING", 1), ("Wei", 1), ("0000019", 1), ("订单客户", 0), ("0000009", 0)] {
        assert_eq!(found(q).await, n, "{q} after the rename");
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn the_order_form_prices_live_and_a_double_submit_makes_one_order() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700000008").await;
    let mut c = t.login("a.advisor1").await;
    let page = c.get(&format!("/orders/new?customer_id={cust}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("订单客户"));
    let key_at = page.body.find("name=\"idempotency_key\" value=\"").expect("key") + 30;
    let key: String = page.body[key_at..].chars().take_while(|ch| *ch != '"').collect();
    let (trim, colour, acc) = (t.fx.trim.to_string(), t.fx.colour.to_string(), t.fx.accessory.to_string());
    let extras = c.get(&format!("/orders/trim-extras?trim_id={trim}")).await;
    assert!(extras.body.contains("珍珠白") && extras.body.contains("脚垫"), "colours and options of the trim");
    let form = [
        ("customer_id", cust.to_string()),
        ("trim_id", trim.clone()),
        ("exterior_colour_id", colour),
        ("option_ids", acc),
        ("discount_kind", "amount".into()),
        ("discount_value", "2000".into()),
        ("payment_method", "full".into()),
        ("channel", "phone".into()),
        ("idempotency_key", key),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let quote = c.post("/orders/quote", &pairs).await;
    assert!(quote.body.contains("¥200,680.00") && quote.body.contains("-¥2,000.00"), "{}", quote.body);
    assert!(quote.body.contains("贰拾万零陆佰捌拾圆整"), "capitals");
    let first = c.post("/orders", &pairs).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let again = c.post("/orders", &pairs).await;
    assert_eq!(again.location(), first.location(), "the resubmitted form opens the same order");
    let list = c.api(Method::GET, "/api/v1/orders", Some(&adv), None).await.json();
    assert_eq!(list["total"], 1);
    // a bad form keeps what was typed and says what is wrong
    let bad: Vec<(&str, &str)> = vec![
        ("customer_id", &form[0].1),
        ("trim_id", ""),
        ("payment_method", "full"),
        ("channel", "phone"),
        ("discount_kind", "percent"),
        ("discount_value", "150"),
    ];
    let r = c.post("/orders", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请选择车型配置") && r.body.contains("订单客户"), "{}", r.body);
    let id = first.redirect_id();
    let show = c.get(&format!("/orders/{id}")).await;
    assert!(show.body.contains("草稿") && show.body.contains("提交给客户确认"));
}

#[tokio::test]
async fn a_copy_is_a_new_draft_whose_approval_runs_again() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000009").await;
    let (id, confirmed) = t.confirmed_order(&adv, cust, "4").await;
    assert_eq!(confirmed["status"], "approved", "4% needs no approval here");
    let o = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    // the rules change; a copy of the approved order meets them
    let admin = t.token_for("admin").await;
    let r = c
        .api(Method::POST, "/api/v1/approval-rules", Some(&admin), Some(json!({"name": "任何折扣", "condition": "discount_percent_over", "threshold_bp": 0, "levels": ["general_manager"]})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = c.api(Method::POST, &format!("/api/v1/orders/{id}/copy"), Some(&adv), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let copy = r.json();
    assert_eq!(copy["status"], "draft");
    assert_ne!(copy["order"]["order_no"], o["order"]["order_no"]);
    assert_eq!(copy["quote"]["total_payable"], o["quote"]["total_payable"]);
    let copy_id = copy["order"]["id"].as_i64().unwrap();
    step(&mut c, &adv, copy_id, "submit", 1, "").await;
    let token = t.link_token(copy_id).await;
    let r = c.api(Method::POST, "/api/v1/orders/confirm", None, Some(json!({"token": token, "version": 2}))).await;
    assert_eq!(r.json()["status"], "awaiting_approval", "the copy runs the rules of today");
    let other = t.token_for("a.advisor2").await;
    assert_eq!(
        c.api(Method::POST, &format!("/api/v1/orders/{id}/copy"), Some(&other), None).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Every transition refused to the wrong role, the wrong store, the wrong advisor, the wrong
/// approval level, the wrong state or a stale version: the answer says why and nothing changes
/// (same version and status, no audit record, no new order); the right person still can.
#[tokio::test]
async fn forbidden_transitions_are_refused_and_change_nothing() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let gm = t.token_for("a.gm").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000031").await;
    let (id, confirmed) = t.confirmed_order(&adv, cust, "6").await;
    assert_eq!(confirmed["status"], "awaiting_approval", "{confirmed}");
    let audit_before = t.audit_actions("order", id).await;
    let orders_before = c.api(Method::GET, "/api/v1/orders", Some(&gm), None).await.json()["total"].clone();

    // A state that does not allow the action is a conflict (409) whose code names the rule.
    let (forbidden, not_found, unprocessable, stale) =
        (StatusCode::FORBIDDEN, StatusCode::NOT_FOUND, StatusCode::UNPROCESSABLE_ENTITY, StatusCode::CONFLICT);
    let refused = StatusCode::CONFLICT;
    let cases: [(&str, &str, i64, StatusCode, &str); 19] = [
        // no right to approve at all
        ("a.advisor1", "approve", 3, forbidden, "forbidden"),
        ("a.advisor2", "approve", 3, forbidden, "forbidden"),
        ("a.cs", "reject", 3, forbidden, "forbidden"),
        ("b.advisor1", "approve", 3, forbidden, "forbidden"),
        // an approver, but the order waits for the sales manager
        ("a.finance", "approve", 3, refused, "order_not_your_level"),
        ("a.gm", "approve", 3, refused, "order_not_your_level"),
        ("a.finance", "reject", 3, refused, "order_not_your_level"),
        // no right to change orders
        ("a.cs", "cancel", 3, forbidden, "forbidden"),
        ("a.finance", "cancel", 3, forbidden, "forbidden"),
        ("a.finance", "lost", 3, forbidden, "forbidden"),
        ("a.cs", "copy", 3, forbidden, "forbidden"),
        // outside the data scope: another store, another advisor of the same team
        ("b.advisor1", "cancel", 3, not_found, "not_found"),
        ("b.advisor1", "copy", 3, not_found, "not_found"),
        ("a.advisor2", "lost", 3, not_found, "not_found"),
        ("a.advisor2", "cancel", 3, not_found, "not_found"),
        // the state does not allow it
        ("a.advisor1", "submit", 3, refused, "order_wrong_state"),
        ("a.advisor1", "close", 3, refused, "order_wrong_state"),
        // the caller read an older version
        ("a.manager", "approve", 2, stale, "stale"),
        ("a.advisor1", "cancel", 2, stale, "stale"),
    ];
    for (user, action, version, status, code) in cases {
        let token = t.token_for(user).await;
        let r = step(&mut c, &token, id, action, version, "理由").await;
        assert_eq!(r.status, status, "{user} {action}: {}", r.body);
        let body = r.json();
        let got = body["error"]["fields"][0]["code"].as_str().or(body["error"]["code"].as_str()).unwrap_or_default();
        assert_eq!(got, code, "{user} {action}: {}", r.body);
        assert!(!body["error"]["message"].as_str().unwrap_or_default().is_empty(), "{user} {action}: a message");
        if status == unprocessable {
            assert_eq!(body["error"]["message"], body["error"]["fields"][0]["message"], "the reason, not a form hint");
        }
    }
    for (user, status) in [("b.advisor1", not_found), ("a.cs", forbidden), ("a.advisor2", not_found)] {
        let token = t.token_for(user).await;
        let mut body = order_body(&t, cust, "1");
        body["version"] = json!(3);
        let r = c.api(Method::PUT, &format!("/api/v1/orders/{id}"), Some(&token), Some(body)).await;
        assert_eq!(r.status, status, "{user} update: {}", r.body);
    }

    let now = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    assert_eq!(now["order"]["version"], 3, "nothing changed the order");
    assert_eq!(now["status"], "awaiting_approval");
    assert_eq!(t.audit_actions("order", id).await, audit_before, "nothing was audited");
    assert_eq!(c.api(Method::GET, "/api/v1/orders", Some(&gm), None).await.json()["total"], orders_before);

    let mgr = t.token_for("a.manager").await;
    let r = step(&mut c, &mgr, id, "approve", 3, "").await;
    assert_eq!(r.json()["status"], "approved", "the sales manager still can: {}", r.body);
}

/// The order list exports what the list shows: the same filters and scope, statuses and sources by
/// their names, amounts as numbers; every export is audited.
#[tokio::test]
async fn the_order_list_exports_to_excel_with_its_filters_and_scope() {
    use crate::customers::{download, workbook_text};
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000041").await;
    let draft = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "1"))).await.json();
    let submitted = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(order_body(&t, cust, "1"))).await.json();
    let id = submitted["order"]["id"].as_i64().unwrap();
    step(&mut c, &adv, id, "submit", 1, "").await;
    let (draft_no, submitted_no) =
        (draft["order"]["order_no"].as_str().unwrap(), submitted["order"]["order_no"].as_str().unwrap());

    let mut manager = t.login("a.manager").await;
    let page = manager.get("/orders?status=draft").await.body;
    let button = page.split("id=\"export\"").next().unwrap().rsplit("href=\"").next().unwrap();
    assert!(button.starts_with("/orders/export?") && button.contains("status=draft"), "the list's filters: {button}");
    let all = workbook_text(&download(&mut manager, "/orders/export").await);
    assert!(all.contains(draft_no) && all.contains(submitted_no), "{all}");
    assert!(all.contains("订单客户") && all.contains("草稿") && all.contains("待客户确认") && all.contains("到店"));
    let drafts = workbook_text(&download(&mut manager, "/orders/export?status=draft").await);
    assert!(drafts.contains(draft_no) && !drafts.contains(submitted_no), "the status filter applies");

    let mut other = t.login("a.advisor2").await;
    let theirs = workbook_text(&download(&mut other, "/orders/export").await);
    assert!(!theirs.contains(draft_no), "another advisor's orders stay out");
    let group = t.fx.store_a.group_id;
    let audit = t
        .with_app(move |app| {
            app.database().read(|c| storage::audit::for_entity(c, domain::ids::GroupId(group), "order", 0, 10)).unwrap()
        })
        .await;
    assert_eq!(audit.len(), 3, "every export is audited");
    assert!(audit.iter().all(|a| a.action == "order.exported"));
}

/// The change history list of a record page.
fn history_of(page: &str) -> String {
    let start = page.find("id=\"history\"").expect("the page has a history");
    let end = page[start..].find("</ul>").map_or(page.len(), |e| start + e);
    page[start..end].to_string()
}

/// A loan plan beyond every lender's loan-to-value is refused when the order is saved, not at
/// the disbursement after approval (seeded products: at most 85 % of the price).
#[tokio::test]
async fn a_loan_plan_beyond_every_products_loan_to_value_is_refused_at_saving() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let cust = customer(&t, &adv, "13700000105").await;
    let mut body = order_body(&t, cust, "2");
    body["payment_method"] = json!("loan");
    body["lender"] = json!("汽车金融公司");
    body["loan_months"] = json!(36);
    body["down_payment_fen"] = json!(100_000);
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "down_payment", "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "loan_over_every_product", "{}", r.body);
    assert_eq!(c.api(Method::GET, "/api/v1/orders", Some(&adv), None).await.json()["total"], 0);
    // Half the price down: within 80 % of the lender's own products.
    body["down_payment_fen"] = json!(10_000_000);
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

/// The buyer's change request that is too long comes back with what they wrote and a message
/// that says so (not "tell us what to change"); nothing changes on the order.
#[tokio::test]
async fn a_refused_change_request_keeps_what_the_buyer_wrote() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700000106").await;
    let id = t.draft_order(&adv, cust, "1").await["order"]["id"].as_i64().unwrap();
    let mut c = t.client();
    assert_eq!(step(&mut c, &adv, id, "submit", 1, "").await.status, StatusCode::OK);
    let token = t.link_token(id).await;
    let mut buyer = t.client();
    buyer.get(&format!("/c/{token}")).await;
    let long = format!("希望把外观颜色换成白色{}", "并且加装全景天窗，".repeat(230));
    assert!(long.chars().count() > 2_000);
    let r = buyer.post(&format!("/c/{token}/change"), &[("version", "2"), ("note", &long)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("最多 500 字") && !r.body.contains("请告诉我们需要修改什么"), "{}", r.body);
    assert!(r.body.contains("希望把外观颜色换成白色并且加装全景天窗"), "what the buyer wrote is kept");
    let view = c.api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    assert_eq!(view["order"]["status"], "awaiting_confirmation");
}

/// Submitting says exactly where the confirmation link went: the masked address on the order's
/// page and timeline, or that it went nowhere (a walk-in without e-mail, no SMS gateway).
#[tokio::test]
async fn submitting_says_where_the_link_went_or_that_it_went_nowhere() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mut c = t.client();
    let with_email = customer(&t, &adv, "13700002601").await;
    let id = t.draft_order(&adv, with_email, "1").await["order"]["id"].as_i64().unwrap();
    let r = step(&mut c, &adv, id, "submit", 1, "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let note = |v: &Value| {
        v["timeline"].as_array().unwrap().iter().rev().find(|e| e["action"] == "submit").unwrap()["note"].clone()
    };
    assert_eq!(note(&r.json()), "确认链接已通过电子邮件发送至 b***@example.com");
    let mut web = t.login("a.advisor1").await;
    let page = web.get(&format!("/orders/{id}")).await;
    assert!(page.body.contains("id=\"link-sent\">确认链接已通过电子邮件发送至 b***@example.com"), "{}", page.body);

    let walk_in = c
        .api(Method::POST, "/api/v1/customers", Some(&adv), Some(json!({"name": "散客", "mobile": "13700002602"})))
        .await;
    assert_eq!(walk_in.status, StatusCode::CREATED, "{}", walk_in.body);
    let id = t.draft_order(&adv, walk_in.json()["id"].as_i64().unwrap(), "1").await["order"]["id"].as_i64().unwrap();
    let r = step(&mut c, &adv, id, "submit", 1, "").await;
    assert!(note(&r.json()).as_str().unwrap().starts_with("确认链接未能发送"), "{}", r.body);
}

/// The order's lender is one of the loan products' lenders (设置 → 贷款产品), not free text.
#[tokio::test]
async fn a_loan_order_names_a_lender_of_the_loan_products() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700002603").await;
    let mut body = order_body(&t, cust, "1");
    body["payment_method"] = json!("loan");
    body["lender"] = json!("某某小贷");
    body["down_payment_fen"] = json!(6_000_000);
    body["loan_months"] = json!(36);
    let mut c = t.client();
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "lender", "{}", r.body);
    body["lender"] = json!("汽车金融公司");
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // The form offers the lenders as choices.
    let mut web = t.login("a.advisor1").await;
    let form = web.get(&format!("/orders/new?customer_id={cust}")).await;
    assert!(
        form.body.contains("<option value=\"汽车金融公司\"") && form.body.contains("<option value=\"商业银行\""),
        "{}",
        form.body
    );
}

/// Saving new terms on a confirmed order from the form says what follows: back to draft, the
/// customer confirms again, an unsigned contract is withdrawn.
#[tokio::test]
async fn the_form_says_new_terms_send_the_order_back_and_withdraw_the_contract() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = customer(&t, &adv, "13700002604").await;
    let (id, answer) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(answer["status"], "approved", "{answer}");
    let actor = t.actor("a.advisor1").await;
    let mut input =
        t.with_app(move |app| app::sales::input_of(&app::sales::get(app, &actor, id).expect("order"))).await;
    input.discount_value = "2".into();
    let form = serde_json::to_value(&input).unwrap();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (k, v) in form.as_object().unwrap() {
        match v {
            Value::Array(items) => {
                pairs.extend(items.iter().map(|i| (k.clone(), i.as_str().unwrap_or_default().to_string())))
            }
            Value::String(s) => pairs.push((k.clone(), s.clone())),
            other => pairs.push((k.clone(), other.to_string())),
        }
    }
    let mut web = t.login("a.advisor1").await;
    web.get(&format!("/orders/{id}/edit")).await;
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = web.post(&format!("/orders/{id}"), &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers.get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(to, format!("/orders/{id}?flash=order-terms-changed"));
    let page = web.get(&to).await;
    assert!(page.body.contains("订单退回草稿") && page.body.contains("未签署的合同已撤回"), "{}", page.body);
}
