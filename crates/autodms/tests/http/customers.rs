use crate::support::*;
use axum::http::{Method, StatusCode};
use serde_json::json;

const GOOD_ID: &str = "360426199101010071";

#[tokio::test]
async fn a_bad_id_number_is_refused_with_a_clear_message_and_the_input_kept() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/customers/new").await;
    let before = t.count_customers(t.fx.store_a.id).await;
    let r = c
        .post(
            "/customers",
            &[
                ("kind", "individual"),
                ("name", "张伟"),
                ("mobile", "138 0013 8000"),
                ("id_number", "360426199101010072"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("身份证号校验位不正确"), "{}", r.body);
    assert!(r.body.contains("value=\"张伟\"") && r.body.contains("value=\"360426199101010072\""), "input kept");
    assert_eq!(t.count_customers(t.fx.store_a.id).await, before, "nothing stored");

    let r = c
        .post(
            "/customers",
            &[("kind", "individual"), ("name", "张伟"), ("mobile", "138 0013 8000"), ("id_number", GOOD_ID)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.redirect_id();
    let page = c.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("张伟") && page.body.contains("13800138000"));
    assert!(page.body.contains("**************0071"), "ID masked");
    assert!(!page.body.contains(GOOD_ID), "full ID never on the page for an advisor");
    assert_eq!(t.audit_actions("customer", id).await, vec!["customer.created"]);
}

#[tokio::test]
async fn every_field_error_is_reported_at_once() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/customers/new").await;
    let r = c
        .post(
            "/customers",
            &[("kind", "individual"), ("name", " "), ("mobile", "12345"), ("email", "a@b"), ("id_number", "123")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["此项为必填项", "手机号应为 11 位", "邮箱格式不正确", "身份证号应为 18 位"] {
        assert!(r.body.contains(msg), "missing {msg}");
    }
    let r = c
        .post(
            "/customers",
            &[
                ("kind", "company"),
                ("name", "某某物流有限公司"),
                ("mobile", "13800138000"),
                ("credit_code", "91110108551385082R"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("统一社会信用代码校验位不正确") && r.body.contains("此项为必填项"),
        "credit code and contact person"
    );
    let r = c
        .post(
            "/customers",
            &[
                ("kind", "company"),
                ("name", "某某物流有限公司"),
                ("mobile", "13800138000"),
                ("credit_code", "91110108551385082Q"),
                ("contact_person", "李经理"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_duplicate_mobile_in_the_store_links_to_the_existing_profile() {
    let t = TestApp::new().await;
    let mut c1 = t.login("a.advisor1").await;
    let first = create_customer(&mut c1, "王芳", "13900139000").await;
    // the team's manager sees the profile: the answer links to it and names its advisor
    let mut m = t.login("a.manager").await;
    m.get("/customers/new").await;
    let r = m.post("/customers", &[("kind", "individual"), ("name", "王芳芳"), ("mobile", "+86 139-0013-9000")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("本店已有使用该手机号的客户"));
    assert!(r.body.contains(&format!("href=\"/customers/{first}\"")), "links to the existing profile");
    assert!(r.body.contains("a.advisor1"), "names its advisor");
    // another team's advisor, who may not open it, learns only whom to ask: no name, no id
    let mut c2 = t.login("a.advisor3").await;
    c2.get("/customers/new").await;
    let r = c2.post("/customers", &[("kind", "individual"), ("name", "王芳芳"), ("mobile", "+86 139-0013-9000")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("请联系您的销售经理或本店值班经理"), "{}", r.body);
    assert!(!r.body.contains(&format!("/customers/{first}")) && !r.body.contains("a.advisor1"), "no link, no owner");
    assert!(!r.body.contains("王芳<") && !r.body.contains("王芳 ("), "no name");
    let tok = t.token_for("a.advisor3").await;
    let api = c2
        .api(
            Method::POST,
            "/api/v1/customers",
            Some(&tok),
            Some(json!({"kind": "individual", "name": "王", "mobile": "13900139000"})),
        )
        .await;
    assert_eq!(api.status, StatusCode::CONFLICT);
    assert!(api.json()["error"].get("existing").is_none(), "the API names nothing either: {}", api.body);
    assert!(!api.body.contains(&first.to_string()) || !api.body.contains("\"id\""), "{}", api.body);
    // the same number in another store is a different customer
    let mut b = t.login("b.advisor1").await;
    create_customer(&mut b, "王芳", "13900139000").await;
}

#[tokio::test]
async fn search_finds_by_phone_name_and_id_tail() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/customers/new").await;
    c.post(
        "/customers",
        &[("kind", "individual"), ("name", "陈静"), ("mobile", "13512345678"), ("id_number", GOOD_ID)],
    )
    .await;
    create_customer(&mut c, "刘洋", "18612345678").await;
    for (q, expect, reject) in
        [("1351234", "陈静", "刘洋"), ("刘", "刘洋", "陈静"), ("0071", "陈静", "刘洋"), ("186 1234", "刘洋", "陈静")]
    {
        let r = c.get(&format!("/customers?q={}", urlenc(q))).await;
        assert!(r.body.contains(expect) && !r.body.contains(reject), "q={q}");
    }
    let r = c.get("/customers?q=nobody").await;
    assert!(r.body.contains("没有符合条件的客户"));
    let r = c.get("/customers?kind=company").await;
    assert!(!r.body.contains("陈静"));
    let r = c.get("/customers?sort=name_asc&per_page=50&page=1&from=2000-01-01&to=2999-01-01").await;
    assert!(r.body.contains("陈静") && r.body.contains("共 2 条"));
}

fn urlenc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn edits_keep_history_and_a_stale_version_is_refused() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/customers/new").await;
    let r = c
        .post(
            "/customers",
            &[("kind", "individual"), ("name", "赵敏"), ("mobile", "13700137000"), ("id_number", GOOD_ID)],
        )
        .await;
    let id = r.redirect_id();
    c.get(&format!("/customers/{id}/edit")).await;
    let r = c
        .post(
            &format!("/customers/{id}"),
            &[
                ("version", "1"),
                ("kind", "individual"),
                ("name", "赵敏敏"),
                ("mobile", "13700137000"),
                ("address", "上海市浦东新区世纪大道 1 号"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("赵敏敏") && page.body.contains("**************0071"), "blank ID keeps the stored one");
    assert!(page.body.contains("赵敏 → 赵敏敏"), "history shows the change");
    let r = c
        .post(
            &format!("/customers/{id}"),
            &[("version", "1"), ("kind", "individual"), ("name", "赵小敏"), ("mobile", "13700137000")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("该记录已被他人修改"));
    assert_eq!(t.audit_actions("customer", id).await, vec!["customer.updated", "customer.created"]);
}

#[tokio::test]
async fn full_id_numbers_are_for_roles_that_need_them_and_every_view_is_audited() {
    let t = TestApp::new().await;
    let mut adv = t.login("a.advisor1").await;
    adv.get("/customers/new").await;
    let id = adv
        .post(
            "/customers",
            &[("kind", "individual"), ("name", "孙丽"), ("mobile", "13600136000"), ("id_number", GOOD_ID)],
        )
        .await
        .redirect_id();
    let r = adv.post(&format!("/customers/{id}/id-number"), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut mgr = t.login("a.manager").await;
    let page = mgr.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("显示完整号码"));
    let r = mgr.post(&format!("/customers/{id}/id-number"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(GOOD_ID));
    assert_eq!(t.audit_actions("customer", id).await[0], "customer.id_number_viewed");
    // The number is stored encrypted: the database never holds it in clear.
    let stored = t
        .with_app(move |app| {
            app.database()
                .read(|c| storage::customers::get_visible(c, &storage::customers::Visibility::whole_store(1), id))
                .unwrap()
                .id_number_enc
                .unwrap()
        })
        .await;
    assert!(!stored.contains("199101"), "encrypted at rest");
}

#[tokio::test]
async fn mobile_numbers_are_masked_for_roles_that_do_not_call_customers() {
    let t = TestApp::new().await;
    let mut adv = t.login("a.advisor1").await;
    create_customer(&mut adv, "周杰", "13812345678").await;
    let mut exec = t.login("exec").await;
    let r = exec.get("/customers").await;
    assert!(r.body.contains("138****5678") && !r.body.contains("13812345678"));
    let mut cs = t.login("a.cs").await;
    assert!(cs.get("/customers").await.body.contains("13812345678"), "customer service calls back");
}

#[tokio::test]
async fn concurrent_creations_all_succeed() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/customers/new").await;
    let mut handles = Vec::new();
    for i in 0..24 {
        let router = t.router.clone();
        let cookie_client = c.clone_session(router);
        handles.push(tokio::spawn(async move {
            let mut cl = cookie_client;
            let mobile = format!("1390000{i:04}");
            cl.post("/customers", &[("kind", "individual"), ("name", "并发客户"), ("mobile", &mobile)]).await.status
        }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_eq!(t.count_customers(t.fx.store_a.id).await, 24);
}

#[tokio::test]
async fn malformed_urls_and_forms_get_a_readable_page() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let r = c.get("/customers/abc").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("找不到该记录"));
    let id = create_customer(&mut c, "表单测试", "13800001111").await;
    c.get(&format!("/customers/{id}/edit")).await;
    let r = c
        .post(&format!("/customers/{id}"), &[("version", "not-a-number"), ("name", "x"), ("mobile", "13800001111")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("表单内容无法识别"), "{}", r.body);
}

/// The text of an exported workbook's shared strings (every text cell).
pub fn workbook_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut xml = String::new();
    zip.by_name("xl/sharedStrings.xml").expect("shared strings").read_to_string(&mut xml).expect("utf-8");
    xml
}

pub async fn download(c: &mut Client, path: &str) -> Vec<u8> {
    let req = axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap();
    let r = c.send_raw(req).await;
    assert_eq!(r.0, StatusCode::OK);
    assert!(r.1.get("content-disposition").unwrap().to_str().unwrap().contains(".xlsx"));
    r.2
}

#[tokio::test]
async fn the_list_exports_to_excel_within_scope_and_with_the_same_masking() {
    let t = TestApp::new().await;
    let mut a1 = t.login("a.advisor1").await;
    a1.get("/customers/new").await;
    a1.post(
        "/customers",
        &[("kind", "individual"), ("name", "导出客户"), ("mobile", "13812345678"), ("id_number", GOOD_ID)],
    )
    .await;
    let mut a2 = t.login("a.advisor2").await;
    create_customer(&mut a2, "别人的客户", "13812345679").await;

    let text = workbook_text(&download(&mut a1, "/customers/export").await);
    assert!(text.contains("导出客户") && text.contains("13812345678") && text.contains("**************0071"));
    assert!(!text.contains("别人的客户"), "scope holds in exports");
    assert!(!text.contains(GOOD_ID), "full ID numbers never exported");
    let filtered = workbook_text(&download(&mut a1, "/customers/export?kind=company").await);
    assert!(!filtered.contains("导出客户"), "filters apply");

    let mut exec = t.login("exec").await;
    let text = workbook_text(&download(&mut exec, "/customers/export").await);
    assert!(text.contains("138****5678") && !text.contains("13812345678"), "masking as on the page");
    let group = t.fx.store_a.group_id;
    let audit = t
        .with_app(move |app| {
            app.database()
                .read(|c| storage::audit::for_entity(c, domain::ids::GroupId(group), "customer", 0, 10))
                .unwrap()
        })
        .await;
    assert_eq!(audit.len(), 3, "every export is audited");
}

/// An ID number of a division since abolished is valid: saved, with a warning to check the card.
#[tokio::test]
async fn an_abolished_region_is_saved_with_a_warning() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/customers/new").await;
    let first17 = "11010319910101007"; // 崇文区, merged into 东城区 in 2010
    let id = format!("{first17}{}", domain::ident::ResidentId::check_char(first17));
    let r = c
        .post(
            "/customers",
            &[("kind", "individual"), ("name", "老北京"), ("mobile", "13700000401"), ("id_number", &id)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = c.get(&r.location()).await;
    assert!(page.body.contains("id=\"flash-warning\"") && page.body.contains("已撤销的行政区划"), "{}", r.location());
    let tok = t.token_for("a.advisor1").await;
    let first17 = "11010319920101007";
    let id = format!("{first17}{}", domain::ident::ResidentId::check_char(first17));
    let api = c
        .api(
            Method::POST,
            "/api/v1/customers",
            Some(&tok),
            Some(json!({"name": "老北京二", "mobile": "13700000402", "id_number": id})),
        )
        .await;
    assert_eq!(api.status, StatusCode::CREATED, "{}", api.body);
    assert_eq!(api.json()["warnings"], json!(["id_region_historical"]));
}
