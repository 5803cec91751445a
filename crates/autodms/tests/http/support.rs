//! Test harness: a fresh database per test (SQLite file, or a new PostgreSQL database when
//! AUTODMS_TEST_DATABASE names a server), the real router, and a client with cookies and CSRF.

use app::App;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use domain::rbac::Role;
use http_body_util::BodyExt;
use rand::Rng;
use std::collections::HashMap;
use std::path::PathBuf;
use tower::ServiceExt;

pub const PASSWORD: &str = "password-123";

pub struct TestApp {
    pub router: Router,
    pub app: App,
    pub fx: Fixture,
    dir: PathBuf,
}

/// Two stores of one group and staff in the roles the tests need.
pub struct Fixture {
    pub store_a: app::org::Store,
    pub store_b: app::org::Store,
    pub team_a1: i64,
    /// A trim at ¥200,000 (floor ¥185,000) with a ¥2,000 colour and a ¥680 accessory.
    pub trim: i64,
    pub colour: i64,
    pub accessory: i64,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn database_url(dir: &std::path::Path) -> String {
    match std::env::var("AUTODMS_TEST_DATABASE") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("autodms_test_{}", rand::thread_rng().gen_range(0..u64::MAX));
            storage::create_postgres_database(&admin, &name).expect("create test database")
        }
        _ => format!("sqlite://{}", dir.join("test.db").display()),
    }
}

pub fn backend_is_postgres() -> bool {
    std::env::var("AUTODMS_TEST_DATABASE").is_ok_and(|v| !v.is_empty())
}

/// An application on a new, empty database in a new directory.
async fn empty_app() -> (App, autodms::settings::Settings, PathBuf) {
    let dir = std::env::temp_dir().join(format!("autodms-test-{}", rand::thread_rng().gen_range(0..u64::MAX)));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let settings = autodms::settings::Settings {
        database_url: Some(database_url(&dir)),
        data_dir: dir.clone(),
        pool_size: 8,
        ..Default::default()
    };
    let (app, settings) = tokio::task::spawn_blocking(move || {
        let app = autodms::startup::build_app(&settings).expect("app");
        (app, settings)
    })
    .await
    .expect("join");
    (app, settings, dir)
}

/// The demo dataset (`autodms demo`) on a fresh database.
pub struct DemoApp {
    pub app: App,
    dir: PathBuf,
}

impl Drop for DemoApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl DemoApp {
    pub async fn new() -> Self {
        let (app, _, dir) = empty_app().await;
        let seeded = app.clone();
        tokio::task::spawn_blocking(move || autodms::demo::seed(&seeded).expect("demo loads")).await.expect("join");
        Self { app, dir }
    }
}

impl TestApp {
    pub async fn new() -> Self {
        let (app, settings, dir) = empty_app().await;
        let fx = {
            let app = app.clone();
            tokio::task::spawn_blocking(move || fixture(&app)).await.expect("join")
        };
        let router = web::router(autodms::startup::state(app.clone(), &settings));
        Self { router, app, fx, dir }
    }

    pub fn client(&self) -> Client {
        Client { router: self.router.clone(), cookies: HashMap::new(), csrf: None, peer: None }
    }

    pub async fn login(&self, username: &str) -> Client {
        let mut c = self.client();
        let r = c.login(username, PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", r.body);
        c
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Client {
        let mut c = self.client();
        let r = c.login(username, password).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", r.body);
        c
    }

    /// Runs a closure on the blocking pool with the app (direct checks of the database).
    pub async fn with_app<T: Send + 'static>(&self, f: impl FnOnce(&App) -> T + Send + 'static) -> T {
        let app = self.app.clone();
        tokio::task::spawn_blocking(move || f(&app)).await.expect("join")
    }

    pub async fn count_customers(&self, store_id: i64) -> i64 {
        self.with_app(move |app| {
            app.database().read(|c| storage::customers::count_in_store(c, store_id)).expect("count")
        })
        .await
    }

    pub async fn audit_actions(&self, entity_type: &str, entity_id: i64) -> Vec<String> {
        let t = entity_type.to_string();
        let gm = self.actor("a.gm").await;
        self.with_app(move |app| {
            app::kernel::audit::history(app, &gm, &t, entity_id)
                .expect("history")
                .into_iter()
                .map(|r| r.action)
                .collect()
        })
        .await
    }

    /// A personal API token of `username`, created through the use case.
    pub async fn token_for(&self, username: &str) -> String {
        let u = username.to_string();
        self.with_app(move |app| {
            let user = app.database().read(|c| storage::users::find_by_username(c, &u)).expect("read").expect("user");
            let actor = app::org::auth::actor_of(&user, user.store_id).expect("actor");
            app::org::auth::create_api_token(app, &actor, "test").expect("token").1
        })
        .await
    }
}

fn fixture(app: &App) -> Fixture {
    let store_a = app::org::setup::ensure_store(app, "测试集团", "SH01", "上海店").expect("store a");
    let admin =
        app::org::setup::create_user(app, &store_a, "admin", "管理员", Role::Administrator, PASSWORD).expect("admin");
    let admin = app::org::auth::actor_of(&admin, store_a.id).expect("actor");
    let store_b = app::org::create_store(
        app,
        &admin,
        &app::org::StoreInput { code: "HZ01".into(), name: "杭州店".into(), active: true, ..Default::default() },
    )
    .expect("store b");
    let team_a1 = app::org::create_team(app, &admin, store_a.id, "销售一组").expect("team").id;
    let team_a2 = app::org::create_team(app, &admin, store_a.id, "销售二组").expect("team").id;
    let users: [(&str, Role, i64, Option<i64>); 15] = [
        ("a.advisor1", Role::SalesAdvisor, store_a.id, Some(team_a1)),
        ("a.advisor2", Role::SalesAdvisor, store_a.id, Some(team_a1)),
        ("a.advisor3", Role::SalesAdvisor, store_a.id, Some(team_a2)),
        ("a.manager", Role::SalesManager, store_a.id, Some(team_a1)),
        ("a.gm", Role::GeneralManager, store_a.id, None),
        ("a.finance", Role::Finance, store_a.id, None),
        ("a.cs", Role::CustomerService, store_a.id, None),
        ("b.advisor1", Role::SalesAdvisor, store_b.id, None),
        ("exec", Role::GroupExecutive, store_a.id, None),
        ("a.inventory", Role::Inventory, store_a.id, None),
        ("a.service", Role::ServiceAdvisor, store_a.id, None),
        ("a.tech", Role::Technician, store_a.id, None),
        ("a.foreman", Role::WorkshopForeman, store_a.id, None),
        ("a.parts", Role::PartsClerk, store_a.id, None),
        ("b.inventory", Role::Inventory, store_b.id, None),
    ];
    for (username, role, store, team) in users {
        let input = app::org::users::UserInput {
            username: username.into(),
            display_name: username.into(),
            store_id: store.to_string(),
            team_id: team.map(|t| t.to_string()).unwrap_or_default(),
            role: role.code().into(),
            password: PASSWORD.into(),
            email: format!("{username}@dealer.example"),
            active: true,
            ..Default::default()
        };
        app::org::users::create(app, &admin, &input).unwrap_or_else(|e| panic!("{username}: {e:?}"));
    }
    // A store's administrator: users and teams of store A only.
    let input = app::org::users::UserInput {
        username: "a.admin".into(),
        display_name: "a.admin".into(),
        store_id: store_a.id.to_string(),
        role: Role::Administrator.code().into(),
        data_scope: "store".into(),
        password: PASSWORD.into(),
        active: true,
        ..Default::default()
    };
    app::org::users::create(app, &admin, &input).expect("a.admin");
    let (trim, colour, accessory) = catalogue(app, &admin);
    Fixture { store_a, store_b, team_a1, trim, colour, accessory }
}

fn catalogue(app: &App, admin: &domain::org::Actor) -> (i64, i64, i64) {
    use app::catalogue::*;
    let b = create_brand(app, admin, &BrandInput { name: "大众".into(), active: true, ..Default::default() })
        .expect("brand");
    let m = create_model(app, admin, b.id, &ModelInput { name: "帕萨特".into(), active: true, ..Default::default() })
        .expect("model");
    let t = create_trim(
        app,
        admin,
        m.id,
        &TrimInput {
            name: "330TSI 精英版".into(),
            model_year: "2026".into(),
            msrp: "200000".into(),
            floor_price: "185000".into(),
            fuel_type: "petrol".into(),
            seats: "5".into(),
            active: true,
            ..Default::default()
        },
    )
    .expect("trim");
    let c = create_colour(
        app,
        admin,
        m.id,
        &ColourInput {
            kind: "exterior".into(),
            name: "珍珠白".into(),
            extra_price: "2000".into(),
            active: true,
            ..Default::default()
        },
    )
    .expect("colour");
    let o = create_option(
        app,
        admin,
        m.id,
        &OptionInput {
            kind: "accessory".into(),
            name: "脚垫".into(),
            price: "680".into(),
            trim_ids: vec![t.id.to_string()],
            active: true,
            ..Default::default()
        },
    )
    .expect("accessory");
    use app::sales::rules::{RuleInput, create as rule};
    let levels = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    rule(
        app,
        admin,
        &RuleInput {
            name: "折扣超过 5%".into(),
            condition: "discount_percent_over".into(),
            threshold: "5".into(),
            levels: levels(&["sales_manager"]),
            active: true,
            version: 0,
        },
    )
    .expect("rule");
    rule(
        app,
        admin,
        &RuleInput {
            name: "低于最低限价".into(),
            condition: "below_floor_price".into(),
            threshold: String::new(),
            levels: levels(&["sales_manager", "general_manager"]),
            active: true,
            version: 0,
        },
    )
    .expect("rule");
    rule(
        app,
        admin,
        &RuleInput {
            name: "公司购车".into(),
            condition: "payment_method_is".into(),
            threshold: "company".into(),
            levels: levels(&["finance"]),
            active: true,
            version: 0,
        },
    )
    .expect("rule");
    (t.id, c.id, o.id)
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a PDF, a workbook).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> String {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
    }

    /// The id at the end of a redirect like `/customers/12?flash=...`.
    pub fn redirect_id(&self) -> i64 {
        let loc = self.location();
        let path = loc.split('?').next().unwrap_or("");
        path.rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no id in {loc}"))
    }
}

pub struct Client {
    router: Router,
    cookies: HashMap<String, String>,
    pub csrf: Option<String>,
    /// The peer address its requests come from (as `axum::serve` records it), if set.
    peer: Option<std::net::SocketAddr>,
}

fn extract_csrf(body: &str) -> Option<String> {
    let i = body.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    body[i..].split('"').next().map(str::to_string)
}

pub fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Client {
    /// This client's requests come from `addr` (login throttling is per client address).
    pub fn at_address(mut self, addr: std::net::SocketAddr) -> Self {
        self.peer = Some(addr);
        self
    }

    /// A JSON API call with one extra header (`Idempotency-Key`).
    pub async fn api_with_header(
        &mut self,
        method: Method,
        path: &str,
        token: &str,
        extra: (&str, &str),
        body: serde_json::Value,
    ) -> Resp {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(extra.0, extra.1)
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(req).await
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Resp {
        if let Some(peer) = self.peer {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        if !self.cookies.is_empty() {
            let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            req.headers_mut().insert(header::COOKIE, cookie.parse().expect("cookie header"));
        }
        let response = self.router.clone().oneshot(req).await.expect("infallible");
        for v in response.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap_or("");
            if let Some((kv, _)) = v.split_once(';')
                && let Some((k, val)) = kv.split_once('=')
            {
                if val.is_empty() || v.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), val.to_string());
                }
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(t) = extract_csrf(&body) {
            self.csrf = Some(t);
        }
        Resp { status, headers, body, bytes: bytes.to_vec() }
    }

    /// Another client sharing this one's session (concurrent requests of one user).
    pub fn clone_session(&self, router: Router) -> Client {
        Client { router, cookies: self.cookies.clone(), csrf: self.csrf.clone(), peer: self.peer }
    }

    /// Sends with the session's cookies and returns the raw body (downloads).
    pub async fn send_raw(&mut self, mut req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        req.headers_mut().insert(header::COOKIE, cookie.parse().expect("cookie header"));
        let response = self.router.clone().oneshot(req).await.expect("infallible");
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, response.into_body().collect().await.expect("body").to_bytes().to_vec())
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.send(Request::get(path).body(Body::empty()).expect("request")).await
    }

    /// Posts a form with the CSRF token of the last page seen.
    pub async fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Resp {
        let token = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(pairs);
        self.post_raw(path, &form_body(&all)).await
    }

    pub async fn post_raw(&mut self, path: &str, body: &str) -> Resp {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(req).await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Resp {
        self.get("/login").await;
        let r = self.post("/login", &[("username", username), ("password", password), ("next", "/")]).await;
        if r.status == StatusCode::SEE_OTHER {
            self.get("/").await; // picks up the session's CSRF token
        }
        r
    }

    pub async fn api(
        &mut self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Resp {
        self.api_with_headers(method, path, token, body, &[]).await
    }

    /// An API call with extra headers (`Idempotency-Key`).
    pub async fn api_with_headers(
        &mut self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("request");
        // API calls carry no cookies: they authenticate by token only.
        let response = self.router.clone().oneshot(req).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }
}

/// Creates a customer through the form as `client`, returning its id.
pub async fn create_customer(client: &mut Client, name: &str, mobile: &str) -> i64 {
    client.get("/customers/new").await;
    let r = client.post("/customers", &[("kind", "individual"), ("name", name), ("mobile", mobile)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "create failed: {}", r.body);
    r.redirect_id()
}
