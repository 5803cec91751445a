use crate::support::*;
use axum::http::StatusCode;

#[tokio::test]
async fn an_administrator_creates_a_store_user_who_can_then_sign_in() {
    let t = TestApp::new().await;
    let mut admin = t.login("admin").await;
    admin.get("/admin/users/new").await;
    let store = t.fx.store_a.id.to_string();
    let team = t.fx.team_a1.to_string();
    let bad = admin
        .post(
            "/admin/users",
            &[
                ("username", "X"),
                ("display_name", ""),
                ("store_id", &store),
                ("role", "sales_advisor"),
                ("password", "short"),
                ("mobile", "123"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["用户名为 3-32 位", "此项为必填项", "密码至少 10 个字符", "手机号应为 11 位"] {
        assert!(bad.body.contains(msg), "missing {msg}");
    }
    let r = admin
        .post(
            "/admin/users",
            &[
                ("username", "a.advisor9"),
                ("display_name", "新顾问"),
                ("store_id", &store),
                ("team_id", &team),
                ("role", "sales_advisor"),
                ("password", "welcome-2026!"),
                ("mobile", "13812340000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = admin.get("/admin/users?q=advisor9").await.body;
    assert!(list.contains("新顾问") && list.contains("销售一组"));
    let dup = admin
        .post(
            "/admin/users",
            &[
                ("username", "a.advisor9"),
                ("display_name", "重复"),
                ("store_id", &store),
                ("role", "sales_advisor"),
                ("password", "welcome-2026!"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.body.contains("该用户名已被使用"));
    let mut newbie = t.client();
    assert_eq!(newbie.login("a.advisor9", "welcome-2026!").await.status, StatusCode::SEE_OTHER);
    assert!(newbie.get("/").await.body.contains("新顾问"));
}

#[tokio::test]
async fn staff_without_the_permission_get_403_on_administration() {
    let t = TestApp::new().await;
    let mut adv = t.login("a.advisor1").await;
    for path in ["/admin/users", "/admin/users/new", "/admin/stores", "/admin/teams", "/admin/audit", "/admin/roles"] {
        assert_eq!(adv.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = adv
        .post(
            "/admin/users",
            &[
                ("username", "sneaky"),
                ("display_name", "x"),
                ("store_id", "1"),
                ("role", "administrator"),
                ("password", "0123456789ab"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(t.client().login("sneaky", "0123456789ab").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn nobody_grants_more_scope_than_they_have_and_admins_cannot_lock_themselves_out() {
    let t = TestApp::new().await;
    // A store-scope administrator of store A
    let mut admin = t.login("admin").await;
    admin.get("/admin/users/new").await;
    let store = t.fx.store_a.id.to_string();
    let r = admin
        .post(
            "/admin/users",
            &[
                ("username", "a.admin2"),
                ("display_name", "店管理员"),
                ("store_id", &store),
                ("role", "administrator"),
                ("data_scope", "store"),
                ("password", "0123456789ab"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut store_admin = t.login_with("a.admin2", "0123456789ab").await;
    store_admin.get("/admin/users/new").await;
    let r = store_admin
        .post(
            "/admin/users",
            &[
                ("username", "a.boss"),
                ("display_name", "x"),
                ("store_id", &store),
                ("role", "group_executive"),
                ("data_scope", "group"),
                ("password", "0123456789ab"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("不能授予超出您自己的数据范围"));
    let b = t.fx.store_b.id.to_string();
    let r = store_admin
        .post(
            "/admin/users",
            &[
                ("username", "b.x"),
                ("display_name", "x"),
                ("store_id", &b),
                ("role", "sales_advisor"),
                ("password", "0123456789ab"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "cannot place users in another store");
    assert!(!store_admin.get("/admin/users").await.body.contains("b.advisor1"), "store admin lists own store only");
    // the group admin cannot deactivate themselves
    admin.get("/admin/users/1").await;
    let r = admin
        .post(
            "/admin/users/1",
            &[
                ("version", "1"),
                ("display_name", "管理员"),
                ("store_id", &store),
                ("role", "administrator"),
                ("data_scope", "group"),
                ("active", "false"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn stores_and_teams_are_managed_with_validation_and_audit() {
    let t = TestApp::new().await;
    let mut admin = t.login("admin").await;
    admin.get("/admin/stores/new").await;
    let r = admin.post("/admin/stores", &[("code", "sh01"), ("name", "重复代码店")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "codes are upper-cased and unique");
    let r = admin.post("/admin/stores", &[("code", "A"), ("name", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("门店代码为 2-8 位"));
    let r = admin.post("/admin/stores", &[("code", "NB01"), ("name", "宁波店"), ("active", "true")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(admin.get("/admin/stores").await.body.contains("宁波店"));
    admin.get("/admin/teams/new").await;
    let store = t.fx.store_a.id.to_string();
    assert_eq!(
        admin.post("/admin/teams", &[("store_id", &store), ("name", "销售一组")]).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        admin.post("/admin/teams", &[("store_id", &store), ("name", "大客户组")]).await.status,
        StatusCode::SEE_OTHER
    );
    let audit = admin.get("/admin/audit?entity=store").await.body;
    assert!(audit.contains("新建门店") && audit.contains("宁波店"), "audit shows the change");
    let audit = admin.get("/admin/audit?entity=team&from=2000-01-01").await.body;
    assert!(audit.contains("大客户组"));
}

#[tokio::test]
async fn an_administrator_resets_a_password_and_ends_the_sessions() {
    let t = TestApp::new().await;
    let mut adv = t.login("a.advisor1").await;
    let mut admin = t.login("admin").await;
    admin.get("/admin/users/2/password").await;
    assert_eq!(
        admin.post("/admin/users/2/password", &[("password", "short")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        admin.post("/admin/users/2/password", &[("password", "brand-new-secret")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(adv.get("/customers").await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.client().login("a.advisor1", "brand-new-secret").await.status, StatusCode::SEE_OTHER);
}
