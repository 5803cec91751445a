use crate::support::*;
use axum::http::{Method, StatusCode, header};

#[tokio::test]
async fn login_page_is_chinese_by_default_and_english_on_request() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let r = c.get("/login").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("登录"), "{}", r.body);
    let r = c.get("/login?lang=en").await;
    assert!(r.body.contains("Sign in"));
}

#[tokio::test]
async fn pages_redirect_to_login_when_signed_out() {
    let t = TestApp::new().await;
    let r = t.client().get("/customers?q=1").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=/customers%3Fq%3D1");
}

#[tokio::test]
async fn wrong_password_is_refused_with_a_message_and_the_right_one_signs_in() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let r = c.login("a.advisor1", "not-the-password").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("用户名或密码错误"));
    assert!(r.body.contains("value=\"a.advisor1\""), "the user name is kept");
    let r = c.login("A.Advisor1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "user names are case-insensitive");
    let cookie = r
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("autodms_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert_eq!(c.get("/customers").await.status, StatusCode::OK);
    let actions = t.audit_actions("user", 2).await;
    assert!(actions.iter().any(|a| a == "user.logged_in"), "{actions:?}");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let t = TestApp::new().await;
    let mut c = t.client();
    for _ in 0..5 {
        assert_eq!(c.login("a.advisor1", "wrong-password").await.status, StatusCode::UNAUTHORIZED);
    }
    let r = c.login("a.advisor1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("分钟后再试"), "{}", r.body);
    // another user is not affected
    assert_eq!(t.client().login("a.advisor2", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused_and_change_nothing() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let before = t.count_customers(t.fx.store_a.id).await;
    let r = c.post_raw("/customers", &form_body(&[("name", "张三"), ("mobile", "13800138000")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r =
        c.post_raw("/customers", &form_body(&[("_csrf", "forged"), ("name", "张三"), ("mobile", "13800138000")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(t.count_customers(t.fx.store_a.id).await, before);
    // and the login form has its own token
    let mut anon = t.client();
    let r = anon.post_raw("/login", &form_body(&[("username", "a.advisor1"), ("password", PASSWORD)])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let r = c.post("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/customers").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn password_change_checks_the_current_one_and_ends_other_sessions() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    let mut other = t.login("a.advisor1").await;
    c.get("/account/password").await;
    let r = c
        .post(
            "/account/password",
            &[("current_password", "wrong"), ("new_password", "short"), ("repeat_password", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("当前密码不正确")
            && r.body.contains("密码至少 10 个字符")
            && r.body.contains("两次输入的密码不一致"),
        "{}",
        r.body
    );
    let r = c
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a much longer one"),
                ("repeat_password", "a much longer one"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/customers").await.status, StatusCode::OK, "this session stays");
    assert_eq!(other.get("/customers").await.status, StatusCode::SEE_OTHER, "the other one ends");
    assert_eq!(t.client().login("a.advisor1", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(t.client().login("a.advisor1", "a much longer one").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn api_tokens_are_shown_once_work_as_bearer_and_can_be_revoked() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    c.get("/account/tokens").await;
    let r = c.post("/account/tokens", &[("name", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = c.post("/account/tokens", &[("name", "对接")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let start = r.body.find("id=\"new-token\">").expect("token shown") + "id=\"new-token\">".len();
    let token = r.body[start..].split('<').next().unwrap().to_string();
    assert!(token.starts_with("adms_"));
    let page = c.get("/account/tokens").await;
    assert!(!page.body.contains(&token), "never shown again");
    let me = c.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["role"], "sales_advisor");
    let id = t.with_app(|app| app.database().read(|c| storage::users::list_tokens(c, 2)).unwrap()[0].id).await;
    let r = c.post(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(c.api(Method::GET, "/api/v1/me", Some(&token), None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_locale_switch_changes_the_language() {
    let t = TestApp::new().await;
    let mut c = t.login("a.advisor1").await;
    assert!(c.get("/customers").await.body.contains("新建客户"));
    let r = c.post("/session/locale", &[("locale", "en"), ("next", "/customers")]).await;
    assert_eq!(r.location(), "/customers");
    assert!(c.get("/customers").await.body.contains("New customer"));
}
