//! Administration: stores, teams, users, roles and the audit log.

use super::form::{Field, FormPage, Kind, active_options, submit};
use super::{Ctx, Flash, Pager, day_start_utc, nonblank, num, parse_date, render};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::i18n::Locale;
use crate::session::{AuditRead, Need, OrgManage, Staff, StoreManage, UserManage};
use app::App;
use app::PageRequest;
use app::audit::{AuditFilter, AuditRow};
use app::org::StoreInput;
use app::org::{StoreRow, TeamRow};
use app::users::UserInput;
use app::users::{UserFilter, UserRow};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/stores", get(stores).post(store_create))
        .route("/admin/stores/new", get(store_new))
        .route("/admin/stores/{id}", get(store_edit).post(store_update))
        .route("/admin/teams", get(teams).post(team_create))
        .route("/admin/teams/new", get(team_new))
        .route("/admin/teams/{id}", get(team_edit).post(team_update))
        .route("/admin/users", get(users).post(user_create))
        .route("/admin/users/new", get(user_new))
        .route("/admin/users/{id}", get(user_edit).post(user_update))
        .route("/admin/users/{id}/password", get(password_form).post(password_reset))
        .route("/admin/roles", get(roles))
        .route("/admin/audit", get(audit))
}

fn crumbs(l: Locale, section: &str, href: &str, title: Option<String>) -> Vec<(String, String)> {
    let mut v = vec![(l.t(section), if title.is_some() { href.to_string() } else { String::new() })];
    if let Some(t) = title {
        v.push((t, String::new()));
    }
    v
}

// --- stores -----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/stores.html")]
struct StoresPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    stores: Vec<StoreRow>,
    can_create: bool,
}

async fn stores(
    State(state): State<AppState>,
    Need(staff, _): Need<OrgManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let stores = state.run(move |app| app::org::list_stores(app, &actor)).await?;
    let l = staff.locale();
    render(&StoresPage {
        ctx: Ctx::new(&staff, "/admin/stores", f.flash.as_deref()),
        crumbs: crumbs(l, "nav-stores", "", None),
        stores,
        can_create: app::org::manages_stores(staff.actor()),
    })
}

fn store_form(staff: &Staff, title: String, action: String, version: Option<i64>, s: &StoreInput) -> FormPage {
    let l = staff.locale();
    FormPage {
        ctx: Ctx::new(staff, "/admin/stores", None),
        crumbs: crumbs(l, "nav-stores", "/admin/stores", Some(title.clone())),
        title,
        action,
        cancel: "/admin/stores".into(),
        submit: l.t("action-save"),
        version,
        fields: vec![
            Field::new(l, "code", Kind::Text, &s.code).required().autofocus().help(l.t("help-store-code")),
            Field::new(l, "name", Kind::Text, &s.name).required(),
            Field::new(l, "brand_line", Kind::Text, &s.brand_line),
            Field::new(l, "address", Kind::Text, &s.address),
            Field::new(l, "phone", Kind::Tel, &s.phone),
            Field::new(l, "active", Kind::Select, s.active.to_string()).options(active_options(l)),
        ],
        form_error: None,
    }
}

async fn store_new(Need(staff, _): Need<StoreManage>) -> Result<Html<String>, WebError> {
    let t = staff.locale().t("store-new");
    render(&store_form(&staff, t, "/admin/stores".into(), None, &StoreInput { active: true, ..Default::default() }))
}

async fn store_create(
    State(state): State<AppState>,
    Need(staff, _): Need<StoreManage>,
    Form(input): Form<StoreInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::org::create_store(app, a, &input);
    let form = async || Ok(store_form(&staff, staff.locale().t("store-new"), "/admin/stores".into(), None, &sub));
    submit(&state, &staff, write, |_| "/admin/stores?flash=saved".into(), form).await
}

async fn store_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<StoreManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let s = state.run(move |app| app::org::get_store_for_edit(app, &actor, id)).await?;
    let input = StoreInput {
        code: s.code.clone(),
        name: s.name.clone(),
        brand_line: s.brand_line.unwrap_or_default(),
        address: s.address.unwrap_or_default(),
        phone: s.phone.unwrap_or_default(),
        active: s.active,
        version: s.version,
    };
    render(&store_form(&staff, s.name, format!("/admin/stores/{id}"), Some(s.version), &input))
}

async fn store_update(
    State(state): State<AppState>,
    Need(staff, _): Need<StoreManage>,
    Id(id): Id,
    Form(input): Form<StoreInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::org::update_store(app, a, id, input.version, &input);
    let form =
        async || Ok(store_form(&staff, sub.name.clone(), format!("/admin/stores/{id}"), Some(sub.version), &sub));
    submit(&state, &staff, write, |_| "/admin/stores?flash=saved".into(), form).await
}

// --- teams ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/teams.html")]
struct TeamsPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    teams: Vec<(TeamRow, String)>,
}

async fn teams(
    State(state): State<AppState>,
    Need(staff, _): Need<OrgManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (teams, stores) =
        state.run(move |app| Ok((app::org::list_teams(app, &actor)?, app::org::list_stores(app, &actor)?))).await?;
    let names: HashMap<i64, String> = stores.into_iter().map(|s| (s.id, s.name)).collect();
    let l = staff.locale();
    render(&TeamsPage {
        ctx: Ctx::new(&staff, "/admin/teams", f.flash.as_deref()),
        crumbs: crumbs(l, "nav-teams", "", None),
        teams: teams
            .into_iter()
            .map(|t| {
                let s = names.get(&t.store_id).cloned().unwrap_or_default();
                (t, s)
            })
            .collect(),
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct TeamInput {
    version: i64,
    store_id: String,
    name: String,
    active: Option<bool>,
}

fn store_options(staff: &Staff) -> Vec<(String, String)> {
    staff.0.stores.iter().map(|s| (s.id.to_string(), format!("{} {}", s.code, s.name))).collect()
}

fn team_form(staff: &Staff, title: String, action: String, version: Option<i64>, t: &TeamInput) -> FormPage {
    let l = staff.locale();
    let mut fields = vec![];
    if version.is_none() {
        fields.push(Field::new(l, "store_id", Kind::Select, &t.store_id).required().options(store_options(staff)));
    }
    fields.push(Field::new(l, "name", Kind::Text, &t.name).required().autofocus());
    if version.is_some() {
        fields.push(
            Field::new(l, "active", Kind::Select, t.active.unwrap_or(true).to_string()).options(active_options(l)),
        );
    }
    FormPage {
        ctx: Ctx::new(staff, "/admin/teams", None),
        crumbs: crumbs(l, "nav-teams", "/admin/teams", Some(title.clone())),
        title,
        action,
        cancel: "/admin/teams".into(),
        submit: l.t("action-save"),
        version,
        fields,
        form_error: None,
    }
}

async fn team_new(Need(staff, _): Need<OrgManage>) -> Result<Html<String>, WebError> {
    let input = TeamInput { store_id: staff.actor().store_id.0.to_string(), ..Default::default() };
    render(&team_form(&staff, staff.locale().t("team-new"), "/admin/teams".into(), None, &input))
}

async fn team_create(
    State(state): State<AppState>,
    Need(staff, _): Need<OrgManage>,
    Form(input): Form<TeamInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let store_id = input.store_id.trim().parse::<i64>().unwrap_or(0);
    let write = move |app: &App, a: &Actor| app::org::create_team(app, a, store_id, &input.name);
    let form = async || Ok(team_form(&staff, staff.locale().t("team-new"), "/admin/teams".into(), None, &sub));
    submit(&state, &staff, write, |_| "/admin/teams?flash=saved".into(), form).await
}

async fn team_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<OrgManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let teams = state.run(move |app| app::org::list_teams(app, &actor)).await?;
    let t = teams.into_iter().find(|t| t.id == id).ok_or(WebError(app::AppError::NotFound))?;
    let input = TeamInput {
        version: t.version,
        store_id: t.store_id.to_string(),
        name: t.name.clone(),
        active: Some(t.active),
    };
    render(&team_form(&staff, t.name, format!("/admin/teams/{id}"), Some(t.version), &input))
}

async fn team_update(
    State(state): State<AppState>,
    Need(staff, _): Need<OrgManage>,
    Id(id): Id,
    Form(input): Form<TeamInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let active = input.active.unwrap_or(true);
    let write = move |app: &App, a: &Actor| app::org::update_team(app, a, id, input.version, &input.name, active);
    let form = async || Ok(team_form(&staff, sub.name.clone(), format!("/admin/teams/{id}"), Some(sub.version), &sub));
    submit(&state, &staff, write, |_| "/admin/teams?flash=saved".into(), form).await
}

// --- users ------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct UsersQuery {
    q: Option<String>,
    store: Option<String>,
    role: Option<String>,
    active: Option<String>,
    // Strings, so that a mangled page number in a bookmark shows page 1 instead of an error.
    page: Option<String>,
    per_page: Option<String>,
    flash: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    users: Vec<UserRow>,
    /// The listed users the actor may edit; the others (above them) are shown without actions.
    manageable: std::collections::HashSet<i64>,
    pager: Pager,
    q: String,
    store: String,
    role: String,
    active: String,
    stores: HashMap<i64, String>,
    teams: HashMap<i64, String>,
    roles: Vec<(&'static str, String)>,
}

impl UsersPage {
    fn store_name(&self, id: &i64) -> String {
        self.stores.get(id).cloned().unwrap_or_default()
    }

    fn team_name(&self, id: &Option<i64>) -> String {
        id.and_then(|i| self.teams.get(&i).cloned()).unwrap_or_default()
    }

    fn role_label(&self, code: &str) -> String {
        self.ctx.t(&format!("role-{code}"))
    }

    fn may_manage(&self, id: &i64) -> bool {
        self.manageable.contains(id)
    }

    fn scope_label(&self, code: &str) -> String {
        self.ctx.t(&format!("scope-{code}"))
    }
}

async fn users(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Query(q): Query<UsersQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let filter = UserFilter {
        group_id: 0,
        store_id: nonblank(&q.store).and_then(|s| s.parse().ok()),
        role: nonblank(&q.role),
        active: nonblank(&q.active).map(|a| a == "true"),
        q: nonblank(&q.q),
    };
    let page = PageRequest::new(num(&q.page), num(&q.per_page));
    let (result, teams) = state
        .run(move |app| Ok((app::users::list(app, &actor, filter, page)?, app::org::list_teams(app, &actor)?)))
        .await?;
    let l = staff.locale();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let pager = Pager::new(
        &result,
        "/admin/users",
        &[("q", s(&q.q)), ("store", s(&q.store)), ("role", s(&q.role)), ("active", s(&q.active))],
    );
    render(&UsersPage {
        ctx: Ctx::new(&staff, "/admin/users", q.flash.as_deref()),
        crumbs: crumbs(l, "nav-users", "", None),
        manageable: result.items.iter().filter(|u| app::users::manageable(staff.actor(), u)).map(|u| u.id).collect(),
        users: result.items,
        pager,
        q: s(&q.q),
        store: s(&q.store),
        role: s(&q.role),
        active: s(&q.active),
        stores: staff.0.stores.iter().map(|s| (s.id, s.name.clone())).collect(),
        teams: teams.into_iter().map(|t| (t.id, t.name)).collect(),
        roles: Role::ALL.iter().map(|r| (r.code(), l.t(&format!("role-{}", r.code())))).collect(),
    })
}

fn user_form(
    staff: &Staff,
    teams: &[TeamRow],
    title: String,
    action: String,
    version: Option<i64>,
    u: &UserInput,
) -> FormPage {
    let l = staff.locale();
    let stores: HashMap<i64, String> = staff.0.stores.iter().map(|s| (s.id, s.code.clone())).collect();
    let mut team_options = vec![(String::new(), l.t("team-none"))];
    team_options.extend(
        teams.iter().filter(|t| t.active).map(|t| {
            (t.id.to_string(), format!("{} · {}", stores.get(&t.store_id).cloned().unwrap_or_default(), t.name))
        }),
    );
    let mut scope_options = vec![(String::new(), l.t("scope-default"))];
    scope_options.extend(
        app::users::grantable_scopes(staff.actor())
            .into_iter()
            .map(|s| (s.code().to_string(), l.t(&format!("scope-{}", s.code())))),
    );
    let mut fields = vec![];
    if version.is_none() {
        fields
            .push(Field::new(l, "username", Kind::Text, &u.username).required().autofocus().help(l.t("help-username")));
    }
    fields.extend([
        Field::new(l, "display_name", Kind::Text, &u.display_name).required(),
        Field::new(l, "store_id", Kind::Select, &u.store_id).required().options(store_options(staff)),
        Field::new(l, "team_id", Kind::Select, &u.team_id).options(team_options),
        Field::new(l, "role", Kind::Select, &u.role).required().options(
            app::users::grantable_roles(staff.actor())
                .into_iter()
                .map(|r| (r.code().to_string(), l.t(&format!("role-{}", r.code()))))
                .collect(),
        ),
        Field::new(l, "data_scope", Kind::Select, &u.data_scope).options(scope_options).help(l.t("help-data-scope")),
        Field::new(l, "mobile", Kind::Tel, &u.mobile),
        Field::new(l, "email", Kind::Email, &u.email),
    ]);
    if version.is_none() {
        fields.push(Field::new(l, "password", Kind::Password, "").required().help(l.t("help-password")));
    } else {
        fields.push(Field::new(l, "active", Kind::Select, u.active.to_string()).options(active_options(l)));
    }
    FormPage {
        ctx: Ctx::new(staff, "/admin/users", None),
        crumbs: crumbs(l, "nav-users", "/admin/users", Some(title.clone())),
        title,
        action,
        cancel: "/admin/users".into(),
        submit: l.t("action-save"),
        version,
        fields,
        form_error: None,
    }
}

async fn teams_of(state: &AppState, staff: &Staff) -> Result<Vec<TeamRow>, WebError> {
    let actor = staff.actor().clone();
    Ok(state.run(move |app| app::org::list_teams(app, &actor)).await?)
}

async fn user_new(State(state): State<AppState>, Need(staff, _): Need<UserManage>) -> Result<Html<String>, WebError> {
    let teams = teams_of(&state, &staff).await?;
    let input = UserInput {
        store_id: staff.actor().store_id.0.to_string(),
        role: "sales_advisor".into(),
        active: true,
        ..Default::default()
    };
    render(&user_form(&staff, &teams, staff.locale().t("user-new"), "/admin/users".into(), None, &input))
}

async fn user_create(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Form(input): Form<UserInput>,
) -> Result<Response, WebError> {
    let sub = UserInput { password: String::new(), ..input.clone() };
    let write = move |app: &App, a: &Actor| app::users::create(app, a, &input);
    let form = async || {
        let teams = teams_of(&state, &staff).await?;
        Ok(user_form(&staff, &teams, staff.locale().t("user-new"), "/admin/users".into(), None, &sub))
    };
    submit(&state, &staff, write, |_| "/admin/users?flash=user-created".into(), form).await
}

fn input_of(u: &UserRow) -> UserInput {
    UserInput {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        store_id: u.store_id.to_string(),
        team_id: u.team_id.map(|t| t.to_string()).unwrap_or_default(),
        mobile: u.mobile.clone().unwrap_or_default(),
        email: u.email.clone().unwrap_or_default(),
        role: u.role.clone(),
        data_scope: u.data_scope.clone(),
        password: String::new(),
        active: u.active,
        version: u.version,
    }
}

async fn user_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let u = state.run(move |app| app::users::get_manageable(app, &actor, id)).await?;
    let teams = teams_of(&state, &staff).await?;
    let title = format!("{} ({})", u.display_name, u.username);
    render(&user_form(&staff, &teams, title, format!("/admin/users/{id}"), Some(u.version), &input_of(&u)))
}

async fn user_update(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
    Form(input): Form<UserInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::users::update(app, a, id, input.version, &input);
    let form = async || {
        let teams = teams_of(&state, &staff).await?;
        Ok(user_form(&staff, &teams, sub.display_name.clone(), format!("/admin/users/{id}"), Some(sub.version), &sub))
    };
    submit(&state, &staff, write, |_| "/admin/users?flash=saved".into(), form).await
}

fn password_page(staff: &Staff, u: &UserRow) -> FormPage {
    let l = staff.locale();
    let title = l.t_args("user-reset-password", &[("name", u.display_name.clone())]);
    FormPage {
        ctx: Ctx::new(staff, "/admin/users", None),
        crumbs: crumbs(l, "nav-users", "/admin/users", Some(title.clone())),
        title,
        action: format!("/admin/users/{}/password", u.id),
        cancel: format!("/admin/users/{}", u.id),
        submit: l.t("action-reset-password"),
        version: None,
        fields: vec![Field::new(l, "password", Kind::Password, "").required().autofocus().help(l.t("help-password"))],
        form_error: None,
    }
}

async fn password_form(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let u = state.run(move |app| app::users::get_manageable(app, &actor, id)).await?;
    render(&password_page(&staff, &u))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    password: String,
}

async fn password_reset(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let write = move |app: &App, a: &Actor| app::users::reset_password(app, a, id, &f.password);
    let form = async || {
        let actor = staff.actor().clone();
        let u = state.run(move |app| app::users::get_manageable(app, &actor, id)).await?;
        Ok(password_page(&staff, &u))
    };
    submit(&state, &staff, write, |_| "/admin/users?flash=password-reset".into(), form).await
}

// --- roles ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/roles.html")]
struct RolesPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    roles: Vec<Role>,
    permissions: Vec<Permission>,
}

impl RolesPage {
    fn has(&self, r: &Role, p: &Permission) -> bool {
        r.has(*p)
    }
}

async fn roles(Need(staff, _): Need<UserManage>) -> Result<Html<String>, WebError> {
    let l = staff.locale();
    render(&RolesPage {
        ctx: Ctx::new(&staff, "/admin/roles", None),
        crumbs: crumbs(l, "nav-roles", "", None),
        roles: Role::ALL.to_vec(),
        permissions: Permission::ALL.to_vec(),
    })
}

// --- audit ------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct AuditQuery {
    user: Option<String>,
    entity: Option<String>,
    entity_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    // Strings, so that a mangled page number in a bookmark shows page 1 instead of an error.
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    rows: Vec<AuditRow>,
    pager: Pager,
    user: String,
    entity: String,
    entity_id: String,
    from: String,
    to: String,
    entities: Vec<(&'static str, String)>,
    users: Vec<(i64, String)>,
}

impl AuditPage {
    fn changes(&self, row: &AuditRow) -> Vec<(String, String, String)> {
        changes_of(&self.ctx, row)
    }

    fn entity_href(&self, row: &AuditRow) -> String {
        if row.entity_id == 0 {
            return String::new(); // an event about a list (an export), not one record
        }
        match row.entity_type.as_str() {
            "customer" => format!("/customers/{}", row.entity_id),
            "user" => format!("/admin/users/{}", row.entity_id),
            "store" => format!("/admin/stores/{}", row.entity_id),
            "team" => format!("/admin/teams/{}", row.entity_id),
            "model" => format!("/catalogue/models/{}", row.entity_id),
            _ => String::new(),
        }
    }
}

/// The field changes of an audit row as (label, before, after) for display.
pub fn changes_of(ctx: &Ctx, row: &AuditRow) -> Vec<(String, String, String)> {
    changes_without(ctx, row, &[])
}

/// `changes_of` without the fields named in `skip` (raw field names, as recorded).
pub fn changes_without(ctx: &Ctx, row: &AuditRow, skip: &[&str]) -> Vec<(String, String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&row.changes) else {
        return vec![];
    };
    map.iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let (b, a) = match v.as_array().map(Vec::as_slice) {
                Some([b, a]) => (shown(ctx, k, b), shown(ctx, k, a)),
                _ => (String::new(), shown(ctx, k, v)),
            };
            (ctx.t(&format!("field-{}", k.replace('_', "-"))), b, a)
        })
        .collect()
}

/// A recorded value as staff read it: money in yuan, codes by their label, record ids as `#id`.
fn shown(ctx: &Ctx, field: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    let label = |prefix: &str, code: &str| {
        let key = format!("{prefix}-{code}");
        let text = ctx.t(&key);
        if text == key { code.to_string() } else { text }
    };
    match v {
        Value::Null => "—".to_string(),
        Value::Number(n) if field.ends_with("_fen") => {
            n.as_i64().map(|f| ctx.money(&f)).unwrap_or_else(|| n.to_string())
        }
        Value::Number(n) if field.ends_with("_id") => format!("#{n}"),
        Value::String(s) => match field {
            "status" => label("status", s),
            "statuses" => {
                s.split(',').filter(|c| !c.is_empty()).map(|c| label("status", c)).collect::<Vec<_>>().join("、")
            }
            "command" => label("order-event", s),
            "payment_method" => label("payment", s),
            "channel" => label("channel", s),
            _ => s.clone(),
        },
        other => other.to_string(),
    }
}

const ENTITIES: [&str; 10] =
    ["customer", "user", "store", "team", "brand", "model", "trim", "colour", "option", "api_token"];

async fn audit(
    State(state): State<AppState>,
    Need(staff, _): Need<AuditRead>,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let filter = AuditFilter {
        actor_id: nonblank(&q.user).and_then(|u| u.parse().ok()),
        entity_type: nonblank(&q.entity),
        entity_id: nonblank(&q.entity_id).and_then(|e| e.parse().ok()),
        from: parse_date(&q.from).map(day_start_utc),
        until: parse_date(&q.to).and_then(|d| d.succ_opt()).map(day_start_utc),
        ..Default::default()
    };
    let page = PageRequest::new(num(&q.page), num(&q.per_page));
    let (result, users) = state
        .run(move |app| {
            let users = app::audit::actors(app, &actor)?;
            Ok((app::audit::search(app, &actor, filter, page)?, users))
        })
        .await?;
    let l = staff.locale();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let pager = Pager::new(
        &result,
        "/admin/audit",
        &[
            ("user", s(&q.user)),
            ("entity", s(&q.entity)),
            ("entity_id", s(&q.entity_id)),
            ("from", s(&q.from)),
            ("to", s(&q.to)),
        ],
    );
    render(&AuditPage {
        ctx: Ctx::new(&staff, "/admin/audit", None),
        crumbs: crumbs(l, "nav-audit", "", None),
        rows: result.items,
        pager,
        user: s(&q.user),
        entity: s(&q.entity),
        entity_id: s(&q.entity_id),
        from: s(&q.from),
        to: s(&q.to),
        entities: ENTITIES.iter().map(|e| (*e, l.t(&format!("entity-{e}")))).collect(),
        users: users.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.username))).collect(),
    })
}
