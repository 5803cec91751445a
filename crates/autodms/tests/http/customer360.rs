//! The customer 360 (issue 17): tags and preferences, marketing consent with its source and
//! date, the timeline other capabilities append to, the value tier by the store's rules, and the
//! customer's rights over their data (export, anonymisation) with who may use them.

use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

async fn call(t: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Resp {
    t.client().api(method, path, Some(token), body).await
}

async fn customer(t: &TestApp, token: &str, id: i64) -> Value {
    let r = call(t, Method::GET, &format!("/api/v1/customers/{id}"), token, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn consent_is_recorded_with_its_source_and_date_and_tags_are_searchable() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let base = json!({"name": "林晓彤", "mobile": "13800138360", "tags": "二胎家庭，老客户介绍, 二胎家庭",
                      "pref_colour": "珍珠白", "pref_contact_time": "evening"});
    // Consent needs its source; an unknown contact time or a too-long tag is refused too.
    let mut bad = base.clone();
    bad["marketing_consent"] = json!(true);
    bad["pref_contact_time"] = json!("midnight");
    bad["tags"] = json!("这是一个超过二十个字的非常非常非常长的客户标签内容");
    let r = call(&t, Method::POST, "/api/v1/customers", &adv, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for field in ["consent_source", "pref_contact_time", "tags"] {
        assert!(r.body.contains(&format!("\"{field}\"")), "{field}: {}", r.body);
    }
    assert_eq!(t.count_customers(t.fx.store_a.id).await, 0, "nothing stored");

    let mut body = base.clone();
    body["marketing_consent"] = json!(true);
    body["consent_source"] = json!("in_store");
    let r = call(&t, Method::POST, "/api/v1/customers", &adv, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = r.json();
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["tags"], json!(["二胎家庭", "老客户介绍"]), "split, trimmed, once each");
    assert_eq!(c["pref_contact_time"], "evening");
    assert_eq!(c["marketing_consent"], true);
    assert_eq!(c["consent_source"], "in_store");
    let given_at = c["consent_at"].as_str().expect("dated").to_string();

    // An edit that leaves the consent as it was keeps its date; withdrawing clears it.
    body["version"] = c["version"].clone();
    body["notes"] = json!("周末看车");
    let r = call(&t, Method::PUT, &format!("/api/v1/customers/{id}"), &adv, Some(body.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["consent_at"], given_at.as_str());
    body["version"] = r.json()["version"].clone();
    body["marketing_consent"] = json!(false);
    let r = call(&t, Method::PUT, &format!("/api/v1/customers/{id}"), &adv, Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["marketing_consent"], false);
    assert!(r.json()["consent_at"].is_null());
    let gm = t.token_for("a.gm").await;
    let log = call(&t, Method::GET, &format!("/api/v1/audit?entity_type=customer&entity_id={id}"), &gm, None).await;
    assert!(log.body.contains("marketing_consent"), "the withdrawal is in the log: {}", log.body);

    // Lists find customers by tag and by consent.
    let other = t.customer(&adv, "13800138361").await;
    let r = call(&t, Method::GET, "/api/v1/customers?tag=老客户介绍", &adv, None).await;
    let ids: Vec<i64> = r.json()["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![id]);
    let r = call(&t, Method::GET, "/api/v1/customers?marketing_consent=false", &adv, None).await;
    assert_eq!(r.json()["total"], 2, "{}", r.body);
    let r = call(&t, Method::GET, "/api/v1/customers?q=二胎", &adv, None).await;
    let ids: Vec<i64> = r.json()["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![id], "the search box looks at tags too");
    assert_ne!(id, other);

    // The profile page shows the preferences; the form keeps what was typed when refused.
    let mut web = t.login("a.advisor1").await;
    let page = web.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("珍珠白") && page.body.contains("二胎家庭"), "{}", page.body);
    let form = web.get(&format!("/customers/{id}/edit")).await;
    let version = customer(&t, &adv, id).await["version"].as_i64().unwrap().to_string();
    let r = web
        .post(
            &format!("/customers/{id}"),
            &[
                ("version", version.as_str()),
                ("kind", "individual"),
                ("name", "林晓彤"),
                ("mobile", "13800138360"),
                ("tags", "二胎家庭"),
                ("marketing_consent", "on"),
                ("consent_source", ""),
            ],
        )
        .await;
    assert!(form.body.contains("f-consent_source"));
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-consent_source-error\""), "the refused field is marked");
}

#[tokio::test]
async fn the_timeline_gathers_leads_contacts_and_orders_within_each_readers_reach() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let r = call(
        &t,
        Method::POST,
        "/api/v1/leads",
        &adv,
        Some(json!({"name": "韩梅", "mobile": "13800138362", "channel": "website", "tier": "a", "notes": "想看混动"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let lead = r.json();
    let (lead_id, cust) = (lead["id"].as_i64().unwrap(), lead["customer_id"].as_i64().unwrap());
    let contact = json!({"version": lead["version"], "kind": "call", "outcome": "reached", "note": "约周六到店"});
    let r = call(&t, Method::POST, &format!("/api/v1/leads/{lead_id}/follow-ups"), &adv, Some(contact)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (order, _) = t.confirmed_order(&adv, cust, "1").await;

    let timeline = call(&t, Method::GET, &format!("/api/v1/customers/{cust}/timeline"), &adv, None).await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.body);
    let kinds: Vec<String> =
        timeline.json().as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds, ["order", "contact", "lead"], "newest first: {}", timeline.body);
    assert!(timeline.body.contains("约周六到店") && timeline.body.contains(&format!("/orders/{order}")));

    // Customer service reads leads and orders; finance reads orders but not leads.
    let finance = t.token_for("a.finance").await;
    let seen = call(&t, Method::GET, &format!("/api/v1/customers/{cust}/timeline"), &finance, None).await.json();
    let kinds: Vec<&str> = seen.as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["order"], "no leads for a role without lead_read");
    // An advisor of another team does not see the customer at all.
    let a3 = t.token_for("a.advisor3").await;
    let r = call(&t, Method::GET, &format!("/api/v1/customers/{cust}/timeline"), &a3, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The profile page shows the timeline.
    let mut web = t.login("a.advisor1").await;
    let page = web.get(&format!("/customers/{cust}")).await;
    assert!(page.body.contains("id=\"customer-timeline\""), "{}", page.body);
    assert!(page.body.contains("约周六到店"));
}

#[tokio::test]
async fn the_value_tier_follows_purchases_by_rules_that_only_settings_managers_change() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let gm = t.token_for("a.gm").await;
    let cust = t.customer(&adv, "13800138363").await;
    assert_eq!(customer(&t, &adv, cust).await["value"]["tier"], "prospect");
    let (order, _) = t.confirmed_order(&adv, cust, "1").await;
    assert_eq!(customer(&t, &adv, cust).await["value"]["purchases"], 0, "an approved order is not bought yet");
    t.allocated_vehicle(order, 360).await;
    let v = customer(&t, &adv, cust).await["value"].clone();
    assert_eq!((v["purchases"].as_i64(), v["tier"].as_str()), (Some(1), Some("regular")), "{v}");

    // A rule that puts VIP below key customers is refused; nothing changes.
    let settings = |body: Value| call(&t, Method::PUT, "/api/v1/crm/settings", &gm, Some(body));
    let low = json!({"value_rules": {"vip": {"min_purchases": 1, "min_spend_fen": 100}}});
    let r = settings(low).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("value_rule_below_lower"), "{}", r.body);
    let r = settings(json!({"value_rules": {"gold": {"min_purchases": 1, "min_spend_fen": 0}}})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // One car of any price is enough for a key customer at this store.
    let key = json!({"value_rules": {"key": {"min_purchases": 1, "min_spend_fen": 0}}});
    let r = settings(key.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(customer(&t, &adv, cust).await["value"]["tier"], "key");
    // Advisors and managers work leads but do not set the rules; a store administrator does.
    for who in ["a.advisor1", "a.manager", "a.cs"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::PUT, "/api/v1/crm/settings", &token, Some(key.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
}

#[tokio::test]
async fn a_customers_data_is_exported_and_anonymised_on_request_by_those_who_may() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let gm = t.token_for("a.gm").await;
    let cs = t.token_for("a.cs").await;
    let r = call(
        &t,
        Method::POST,
        "/api/v1/leads",
        &adv,
        Some(json!({"name": "宋雨桐", "mobile": "13800138364", "channel": "phone", "tier": "b",
                    "notes": "住在浦东，周末有空", "trade_in_brand": "本田", "trade_in_model": "飞度"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let lead = r.json();
    let (lead_id, cust) = (lead["id"].as_i64().unwrap(), lead["customer_id"].as_i64().unwrap());

    // The export: customer service and the GM, never an advisor or finance; audited.
    for who in ["a.advisor1", "a.finance", "a.inventory"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::POST, &format!("/api/v1/customers/{cust}/data-export"), &token, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let r = call(&t, Method::POST, &format!("/api/v1/customers/{cust}/data-export"), &cs, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let doc = r.json();
    assert_eq!(doc["profile"]["name"], "宋雨桐");
    assert_eq!(doc["profile"]["mobile"], "13800138364");
    assert_eq!(doc["leads"][0]["notes"], "住在浦东，周末有空");
    assert!(t.audit_actions("customer", cust).await.contains(&"customer.data_exported".to_string()));
    let mut web = t.login("a.cs").await;
    let page = web.get(&format!("/customers/{cust}")).await;
    assert!(page.body.contains("id=\"data-export\"") && !page.body.contains("id=\"anonymise\""));
    // Beside the machine's JSON, a workbook a person reads: Chinese headings, codes in words.
    let r = web.post(&format!("/customers/{cust}/data-export"), &[("format", "xlsx")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = crate::customers::workbook_text(&r.bytes);
    for needle in ["姓名/名称", "宋雨桐", "手机号", "来源渠道", "电话", "住在浦东，周末有空", "到账日期", "合同编号"]
    {
        assert!(text.contains(needle), "{needle} in the readable export: {text}");
    }
    assert!(!text.contains(">phone<"), "codes are written in words: {text}");
    assert!(!text.contains("Z</t>"), "times in the store's zone, not UTC: {text}");

    // Erasure: only the GM; refused while the lead is open or an order is under way.
    let version = customer(&t, &adv, cust).await["version"].as_i64().unwrap();
    for token in [&adv, &cs] {
        let r = call(
            &t,
            Method::POST,
            &format!("/api/v1/customers/{cust}/anonymise"),
            token,
            Some(json!({"version": version})),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
    let erase_path = format!("/api/v1/customers/{cust}/anonymise");
    let erase = |v: i64| call(&t, Method::POST, &erase_path, &gm, Some(json!({"version": v})));
    let r = erase(version).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("customer_lead_open"), "{}", r.body);
    // The advisor asks to give the lead up, the manager approves: the lead is closed.
    let lost = json!({"version": lead["version"], "reason": "no_budget", "competitor": "", "note": "客户要求删除信息"});
    let r = call(&t, Method::POST, &format!("/api/v1/leads/{lead_id}/lost-request"), &adv, Some(lost)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mgr = t.token_for("a.manager").await;
    let decision = json!({"version": r.json()["version"]});
    let r = call(&t, Method::POST, &format!("/api/v1/leads/{lead_id}/lost-approval"), &mgr, Some(decision)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = erase(version).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let erased = r.json();
    assert!(erased["anonymised_at"].is_string());
    assert_ne!(erased["name"], "宋雨桐");
    assert_eq!(erased["tags"], json!([]));
    assert_eq!(erased["mobile"], "", "no placeholder shows where a number was");
    let mut web = t.login("a.gm").await;
    let page = web.get(&format!("/customers/{cust}")).await;
    assert!(!page.body.contains("anonymised-"), "the placeholder is not shown");

    // Nothing personal is left on the profile, the lead, or in the audit log's values.
    let doc = call(&t, Method::POST, &format!("/api/v1/customers/{cust}/data-export"), &cs, None).await.json();
    let text = doc.to_string();
    for personal in ["宋雨桐", "13800138364", "浦东", "飞度", "客户要求删除信息"] {
        assert!(!text.contains(personal), "{personal} left in {text}");
    }
    let log = call(&t, Method::GET, &format!("/api/v1/audit?entity_type=customer&entity_id={cust}"), &gm, None).await;
    assert!(!log.body.contains("宋雨桐") && log.body.contains("customer.anonymised"), "{}", log.body);
    let log = call(&t, Method::GET, &format!("/api/v1/audit?entity_type=lead&entity_id={lead_id}"), &gm, None).await;
    assert!(!log.body.contains("浦东") && !log.body.contains("客户要求删除信息"), "{}", log.body);
    // The erased profile is not edited again, and its number is free for a new profile.
    let v = erased["version"].as_i64().unwrap();
    let edit = json!({"version": v, "name": "宋雨桐", "mobile": "13800138364"});
    let r = call(&t, Method::PUT, &format!("/api/v1/customers/{cust}"), &adv, Some(edit)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let again = t.customer(&adv, "13800138364").await;
    assert_ne!(again, cust);
    // No new order or lead for the erased profile.
    let r = call(&t, Method::POST, "/api/v1/orders", &adv, Some(crate::orders::order_body(&t, cust, "1"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("customer_erased"), "{}", r.body);
    let inquiry = json!({"customer_id": cust, "channel": "phone", "tier": "b"});
    let r = call(&t, Method::POST, "/api/v1/leads", &adv, Some(inquiry)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = erase(v).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "once is enough: {}", r.body);
}

#[tokio::test]
async fn an_order_under_way_keeps_the_customers_data() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let gm = t.token_for("a.gm").await;
    let cust = t.customer(&adv, "13800138365").await;
    t.confirmed_order(&adv, cust, "1").await;
    let version = customer(&t, &adv, cust).await["version"].as_i64().unwrap();
    let r =
        call(&t, Method::POST, &format!("/api/v1/customers/{cust}/anonymise"), &gm, Some(json!({"version": version})))
            .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("customer_order_under_way"), "{}", r.body);
    assert_eq!(customer(&t, &adv, cust).await["name"], "订单客户", "nothing changed");
    // The page says why, on the profile.
    let mut web = t.login("a.gm").await;
    let page = web.get(&format!("/customers/{cust}")).await;
    let r = web.post(&format!("/customers/{cust}/anonymise"), &[("version", &version.to_string())]).await;
    assert!(page.body.contains("id=\"anonymise\""));
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("id=\"privacy-error\""), "{}", r.body);
}

#[tokio::test]
async fn a_store_administrator_does_not_work_leads_and_an_advisor_does_not_set_the_cadence() {
    let t = TestApp::new().await;
    let admin = t.token_for("a.admin").await;
    let inquiry = json!({"name": "赵磊", "mobile": "13800138366", "channel": "phone", "tier": "a"});
    let r = call(&t, Method::POST, "/api/v1/leads", &admin, Some(inquiry)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = call(&t, Method::GET, "/api/v1/leads", &admin, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let adv = t.token_for("a.advisor1").await;
    let r = call(&t, Method::PUT, "/api/v1/crm/settings", &adv, Some(json!({"cadences": {"h": 2}}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let mut web = t.login("a.advisor1").await;
    assert_eq!(web.get("/crm/settings").await.status, StatusCode::FORBIDDEN);
    // The store administrator keeps the cadence, and reads what they keep.
    let r = call(&t, Method::PUT, "/api/v1/crm/settings", &admin, Some(json!({"cadences": {"h": 2}}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(&t, Method::GET, "/api/v1/crm/settings", &admin, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(call(&t, Method::GET, "/api/v1/crm/settings", &adv, None).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_marketing_e_mail_reaches_only_the_customers_who_agreed() {
    let t = TestApp::new().await;
    let sink = crate::smtp::SmtpSink::start().await;
    let adv = t.token_for("a.advisor1").await;
    let new = |name: &str, mobile: &str, email: &str, consent: bool| {
        json!({"name": name, "mobile": mobile, "email": email, "tags": "车展",
               "marketing_consent": consent, "consent_source": if consent { "website" } else { "" }})
    };
    for body in [
        new("同意客户", "13800138371", "agreed@example.com", true),
        new("无邮箱客户", "13800138372", "", true),
        new("未同意客户", "13800138373", "refused@example.com", false),
    ] {
        let r = call(&t, Method::POST, "/api/v1/customers", &adv, Some(body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let message = json!({"subject": "周末新车品鉴会", "body": "本周六上午十点，欢迎到店品鉴。", "tag": "车展"});
    for who in ["a.advisor1", "a.cs", "a.finance"] {
        let token = t.token_for(who).await;
        let r = call(&t, Method::POST, "/api/v1/customers/campaign", &token, Some(message.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let mgr = t.token_for("a.manager").await;
    let r = call(
        &t,
        Method::POST,
        "/api/v1/customers/campaign",
        &mgr,
        Some(json!({"subject": "", "body": "", "tag": "车展"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = call(&t, Method::POST, "/api/v1/customers/campaign", &mgr, Some(message)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({"sent": 1, "without_consent": 1, "without_email": 1}));

    let smtp = app::kernel::outbox::SmtpConfig {
        host: "127.0.0.1".into(),
        port: sink.port,
        from: "autodms <noreply@dealer.example>".into(),
    };
    t.with_app(move |app| {
        app::kernel::outbox::deliver_due(app, &app::kernel::outbox::Mailer::new(&smtp), 50).expect("delivery")
    })
    .await;
    let inbox = sink.inbox.lock().unwrap().clone();
    assert_eq!(inbox.len(), 1, "{inbox:?}");
    assert!(inbox[0].to.contains("agreed@example.com"));
    let text = crate::orders::mail_text(&inbox[0].data);
    assert!(text.contains("同意客户") && text.contains("品鉴"), "{text}");

    // The page says how many the selection reaches before anything is sent.
    let mut web = t.login("a.manager").await;
    let page = web.get("/customers/campaign?tag=%E8%BD%A6%E5%B1%95").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"campaign-reach\"") && page.body.contains('1'), "{}", page.body);
    let mut web = t.login("a.advisor1").await;
    assert_eq!(web.get("/customers/campaign").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_pushed_lead_carries_the_consent_ticked_on_the_website() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let lead = |consent: bool, source: &str| {
        json!({"name": "钱多多", "mobile": "13800138380", "channel": "website", "tier": "n",
               "external_ref": "site-8801", "marketing_consent": consent, "consent_source": source})
    };
    let r = call(&t, Method::POST, "/api/v1/leads", &adv, Some(lead(true, ""))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("consent_source"), "{}", r.body);
    let r = call(&t, Method::POST, "/api/v1/leads", &adv, Some(lead(true, "website"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = customer(&t, &adv, r.json()["customer_id"].as_i64().unwrap()).await;
    assert_eq!((c["marketing_consent"].as_bool(), c["consent_source"].as_str()), (Some(true), Some("website")));
    assert!(c["consent_at"].is_string());
    // The inquiry form offers it for a new customer, as one choice: not agreed, or how.
    let mut web = t.login("a.advisor1").await;
    let form = web.get("/leads/new").await;
    assert!(form.body.contains("name=\"consent_source\""), "{}", form.body);
}
