//! The console as people meet it: the home page's work queues per role, the buyer's page with
//! every term, forms that refuse early, records in staff language, the approval-rule editor.

use crate::orders::step;
use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::json;

/// The ids and counts of the home page's queue cards, and each card's link.
fn cards(home: &str) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    let mut rest = home;
    while let Some(i) = rest.find("queue-card\" id=\"") {
        rest = &rest[i + "queue-card\" id=\"".len()..];
        let id: String = rest.chars().take_while(|c| *c != '"').collect();
        let href_at = rest.find("queue-count\" href=\"").expect("count link") + "queue-count\" href=\"".len();
        let href: String = rest[href_at..].chars().take_while(|c| *c != '"').collect();
        let count_at = rest[href_at..].find('>').expect("count") + href_at + 1;
        let count: String = rest[count_at..].chars().take_while(|c| *c != '<').collect();
        out.push((id, count.trim().parse().expect("a count"), href.replace("&amp;", "&")));
    }
    out
}

/// The list page's total ("共 N 条").
fn list_total(page: &str) -> i64 {
    let i = page.find("共 ").map(|i| i + "共 ".len());
    i.map(|i| page[i..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0)).unwrap_or(0)
}

#[tokio::test]
async fn each_role_sees_its_work_queues_and_every_card_opens_its_list() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let mgr = t.token_for("a.manager").await;
    let mut c = t.client();
    // One order of each kind the advisor's queues hold: a draft, one waiting for the customer, one
    // turned down by the manager (9 % is below the floor price).
    let cust = t.customer(&adv, "13700000101").await;
    t.draft_order(&adv, cust, "2").await;
    let waiting = t.draft_order(&adv, cust, "2").await["order"]["id"].as_i64().unwrap();
    step(&mut c, &adv, waiting, "submit", 1, "").await;
    let (rejected, _) = t.confirmed_order(&adv, cust, "9").await;
    let (pending, _) = t.confirmed_order(&adv, cust, "9").await;
    let r = step(&mut c, &mgr, rejected, "reject", 3, "折扣太大").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let mut advisor = t.login("a.advisor1").await;
    let home = advisor.get("/").await.body;
    let found = cards(&home);
    let ids: Vec<&str> = found.iter().map(|(id, ..)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "queue-returned",
            "queue-awaiting-customer",
            "queue-drafts",
            "queue-follow-ups-due",
            "queue-overdue-stages",
            "queue-delivery-tasks",
            "queue-my-deliveries"
        ],
        "{home}"
    );
    let count = |id: &str| found.iter().find(|c| c.0 == id).map(|c| c.1).unwrap();
    assert_eq!(count("queue-returned"), 1);
    assert_eq!(count("queue-awaiting-customer"), 1);
    assert_eq!(count("queue-drafts"), 2, "the fresh draft and the returned one");
    assert!(home.contains("小时") || home.contains("分钟"), "how long each has waited");
    for (id, n, href) in &found {
        let list = advisor.get(href).await;
        assert_eq!(list.status, StatusCode::OK, "{id} {href}");
        assert_eq!(list_total(&list.body), *n, "{id}: the card counts what its list shows");
    }

    let mut manager = t.login("a.manager").await;
    let home = manager.get("/").await.body;
    let found = cards(&home);
    let ids: Vec<&str> = found.iter().map(|(id, ..)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "queue-awaiting-my-approval",
            "queue-stuck-longest",
            "queue-follow-ups-due",
            "queue-follow-ups-slipping",
            "queue-lost-to-approve",
            "queue-overdue-stages",
            "queue-delivery-tasks",
            "queue-deliveries-tomorrow",
            "queue-complaints-mine"
        ],
        "{home}"
    );
    assert_eq!(found[0].1, 1, "the order waiting for the manager");
    assert!(home.contains(&format!("/orders/{pending}")), "the waiting order is one click away");
    for (id, n, href) in &found {
        let list = manager.get(href).await;
        assert_eq!(list.status, StatusCode::OK, "{id}");
        assert_eq!(list_total(&list.body), *n, "{id}");
    }

    // Roles with no work yet are told what autodms will give them; every role's cards open.
    for user in ["a.admin", "admin"] {
        let home = t.login(user).await.get("/").await.body;
        assert!(cards(&home).is_empty(), "{user}");
        assert!(home.contains("id=\"home-promise\""), "{user} gets a promise, not an empty page");
    }
    for user in ["a.finance", "a.inventory", "a.cs", "a.gm", "exec", "a.service", "a.tech", "a.foreman", "a.parts"] {
        let mut client = t.login(user).await;
        let home = client.get("/").await.body;
        let found = cards(&home);
        assert!(!found.is_empty(), "{user} has work queues");
        for (id, _, href) in found {
            assert_eq!(client.get(&href).await.status, StatusCode::OK, "{user} may open {id}");
        }
    }
    // A queue the role does not work from is refused, not shown empty.
    assert_eq!(advisor.get("/orders?queue=awaiting-my-approval").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_buyer_page_shows_every_term_in_the_words_staff_use() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700000102").await;
    let mut body = crate::orders::order_body(&t, cust, "2");
    body["payment_method"] = json!("loan");
    body["lender"] = json!("汽车金融公司");
    body["down_payment_fen"] = json!(6_000_000);
    body["loan_months"] = json!(36);
    body["expected_delivery"] = json!("2027-01-15");
    let mut c = t.client();
    let r = c.api(Method::POST, "/api/v1/orders", Some(&adv), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["order"]["id"].as_i64().unwrap();
    step(&mut c, &adv, id, "submit", 1, "").await;
    let token = t.link_token(id).await;
    let page = c.get(&format!("/c/{token}")).await.body;
    for expected in [
        "珍珠白",   // the exterior colour
        "脚垫",     // the accessory
        "全车贴膜", // the gift, with its value
        "¥3,800.00",
        "汽车金融公司", // the lender, down payment and term
        "¥60,000.00",
        "36 期",
        "2027-01-15", // the expected delivery date
        "车辆购置税", // the purchase-tax estimate
        "待客户确认", // the status as staff name it
    ] {
        assert!(page.contains(expected), "the buyer's page shows {expected}");
    }
    assert!(!page.contains("等待您确认"), "one wording per state");
    // The advisor's page of the same order: the link as a QR code with a copy button.
    let staff = t.login("a.advisor1").await.get(&format!("/orders/{id}")).await.body;
    assert!(staff.contains("id=\"customer-link-qr\"") && staff.contains("<svg"), "a QR code of the link");
    assert!(staff.contains("id=\"copy-link\""), "a copy button");
}

#[tokio::test]
async fn the_order_page_says_who_approves_next() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700000103").await;
    let (id, confirmed) = t.confirmed_order(&adv, cust, "9").await;
    assert_eq!(confirmed["status"], "awaiting_approval");
    let o = t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json();
    assert_eq!(o["next_approval"]["role"], "sales_manager");
    assert_eq!(o["next_approval"]["level"], 1);
    let page = t.login("a.advisor1").await.get(&format!("/orders/{id}")).await.body;
    assert!(page.contains("第 1/2 级审核：销售经理（a.manager）"), "{page}");
}

#[tokio::test]
async fn an_order_for_a_customer_out_of_reach_is_refused_before_the_form() {
    let t = TestApp::new().await;
    let other = t.token_for("a.advisor2").await;
    let theirs = t.customer(&other, "13700000104").await;
    let mut adv = t.login("a.advisor1").await;
    for asked in [theirs.to_string(), "999999".to_string(), "abc".to_string()] {
        let r = adv.get(&format!("/orders/new?customer_id={asked}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{asked}");
        assert!(r.body.contains("id=\"customer-refused\""), "says why: {asked}");
        assert!(
            r.body.contains("customer-q") && !r.body.contains("id=\"order-form\""),
            "offers the picker, not the form"
        );
    }
    let mine = t.customer(&t.token_for("a.advisor1").await, "13700000105").await;
    let r = adv.get(&format!("/orders/new?customer_id={mine}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"order-form\""));
}

#[tokio::test]
async fn the_rule_editor_offers_choices_and_refuses_thresholds_that_never_fire() {
    let t = TestApp::new().await;
    let mut admin = t.login("admin").await;
    let form = admin.get("/admin/approval-rules/new").await.body;
    assert!(form.contains("name=\"threshold_payment\"") && form.contains(">公司购车<"), "payment methods from a list");
    assert!(form.contains("name=\"threshold_percent\"") && form.contains(">%<"), "the unit beside the field");
    let post = |pairs: Vec<(&'static str, &'static str)>| pairs;
    for (pairs, field, message) in [
        (
            post(vec![("condition", "discount_percent_over"), ("threshold_percent", "200")]),
            "threshold_percent",
            "永远不会生效",
        ),
        (
            post(vec![("condition", "discount_percent_over"), ("threshold_percent", "100")]),
            "threshold_percent",
            "永远不会生效",
        ),
        (post(vec![("condition", "gifts_value_over"), ("threshold_amount", "-5")]), "threshold_amount", "金额"),
        (
            post(vec![("condition", "gifts_value_over"), ("threshold_amount", "99999999")]),
            "threshold_amount",
            "¥10,000,000",
        ),
        (
            post(vec![("condition", "payment_method_is"), ("threshold_payment", "leasing")]),
            "threshold_payment",
            "付款方式",
        ),
    ] {
        let mut all = vec![("name", "测试规则"), ("levels", "general_manager")];
        all.extend(pairs);
        let r = admin.post("/admin/approval-rules", &all).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{all:?}");
        let error_at = r.body.find(&format!("id=\"f-{field}-error\"")).unwrap_or_else(|| panic!("{field}: {}", r.body));
        assert!(r.body[error_at..].split("</div>").next().unwrap().contains(message), "{field}: {message}");
        assert!(
            r.body.contains(&format!("id=\"f-{field}\" name=\"{field}\""))
                || r.body.contains(&format!("id=\"f-{field}\""))
        );
        assert!(r.body.contains("aria-invalid=\"true\""), "the field is marked for assistive technology");
    }
    let rules_before =
        t.client().api(Method::GET, "/api/v1/approval-rules", Some(&t.token_for("admin").await), None).await.json();
    let r = admin
        .post(
            "/admin/approval-rules",
            &[
                ("name", "贷款购车"),
                ("condition", "payment_method_is"),
                ("threshold_payment", "loan"),
                ("levels", "finance"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin.get("/admin/approval-rules").await.body;
    assert!(list.contains("付款方式为 贷款"), "the rule reads as a sentence");
    let rules_after =
        t.client().api(Method::GET, "/api/v1/approval-rules", Some(&t.token_for("admin").await), None).await.json();
    assert_eq!(
        rules_after["total"].as_i64().unwrap(),
        rules_before["total"].as_i64().unwrap() + 1,
        "refusals stored nothing"
    );
}

/// Raw codes that must never reach a reader of the log or a history.
const RAW: [&str; 8] = [
    "individual",
    "sales_advisor",
    "awaiting_confirmation",
    "walk_in",
    "discount_percent_over",
    "general_manager",
    "\"full\"",
    "（客户）",
];

#[tokio::test]
async fn the_audit_log_names_people_and_records_and_links_only_what_the_reader_may_open() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let cust = t.customer(&adv, "13700000106").await;
    let (_id, _) = t.confirmed_order(&adv, cust, "2").await;
    let mut advisor = t.login("a.advisor1").await;
    assert_eq!(advisor.get("/orders/export").await.status, StatusCode::OK);
    let mut admin = t.login("admin").await;
    let r = admin
        .post(
            "/admin/approval-rules",
            &[
                ("name", "任何折扣"),
                ("condition", "discount_percent_over"),
                ("threshold_percent", "0"),
                ("levels", "general_manager"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let mut gm = t.login("a.gm").await;
    let log = gm.get("/admin/audit?per_page=100").await.body;
    let table = &log[log.find("id=\"audit-table\"").expect("the log")..];
    assert!(table.contains("客户 订单客户"), "the customer by name");
    assert!(table.contains("订单列表"), "an export is about the list");
    assert!(table.contains("（客户本人）"), "what the customer did through their link");
    assert!(!table.contains("#"), "no record id where a name exists");
    for raw in RAW {
        assert!(!table.contains(raw), "no raw code {raw} in the log");
    }
    // The general manager may not manage users: a user is named, never linked.
    assert!(table.contains("用户 "), "a user record is named");
    assert!(!table.contains("href=\"/admin/users/"), "the GM cannot open user pages, so none is linked");
    // The group's administrator may: the same log links them.
    let log = admin.get("/admin/audit?per_page=100").await.body;
    assert!(log.contains("href=\"/admin/approval-rules/"), "the administrator opens the rules");
    assert!(log.contains("审核人（按顺序）：</span>总经理"), "roles by name");

    // English: no Chinese leftovers in a history, and half-width colons.
    let mut en = t.login("a.advisor1").await;
    en.post("/session/locale", &[("locale", "en"), ("next", "/")]).await;
    let page = en.get(&format!("/customers/{cust}")).await.body;
    let history = &page[page.find("id=\"history\"").expect("history")..];
    assert!(history.contains("Name: 订单客户") || history.contains(": "), "half-width colons");
    assert!(!history.contains("：") && !history.contains("客户）"), "no Chinese punctuation or roles");
}

/// A list address with a filter value the list does not know says so instead of showing every
/// order as if filtered (an old bookmark, a typo).
#[tokio::test]
async fn an_unknown_list_filter_is_named_not_ignored() {
    let t = TestApp::new().await;
    let mut web = t.login("a.manager").await;
    for path in ["/orders?queue=waiting-for-me", "/orders?status=bogus", "/orders?view=everything", "/orders?sort=x"] {
        let r = web.get(path).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(r.body.contains("筛选条件"), "{path}: {}", r.body);
    }
    assert_eq!(web.get("/orders?queue=awaiting-my-approval&view=team").await.status, StatusCode::OK);
    // The orders stuck longest are deals under way: a delivered car waits only for the closing.
    let stuck = app::sales::Queue::StuckLongest.statuses();
    assert!(!stuck.contains(&domain::sales::Status::Delivered) && stuck.contains(&domain::sales::Status::InTransit));
}
