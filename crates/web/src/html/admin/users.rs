//! Users: list, create, edit, password reset; the roles page.

use super::nav::crumbs;
use super::teams::store_options;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::{Ctx, Pager, nonblank, num, render};
use crate::session::{Need, Staff, UserManage};
use app::App;
use app::PageRequest;
use app::org::Team;
use app::org::users::UserInput;
use app::org::users::{User, UserFilter};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use serde::Deserialize;
use std::collections::HashMap;

// --- users ------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct UsersQuery {
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
pub(super) struct UsersPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    users: Vec<User>,
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

    fn role_label(&self, code: &impl std::fmt::Display) -> String {
        self.ctx.t(&format!("role-{code}"))
    }

    fn may_manage(&self, id: &i64) -> bool {
        self.manageable.contains(id)
    }

    fn scope_label(&self, code: &impl std::fmt::Display) -> String {
        self.ctx.t(&format!("scope-{code}"))
    }
}

pub(super) async fn users(
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
        .run(move |app| Ok((app::org::users::list(app, &actor, filter, page)?, app::org::list_teams(app, &actor)?)))
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
        manageable: result
            .items
            .iter()
            .filter(|u| app::org::users::manageable(staff.actor(), u))
            .map(|u| u.id)
            .collect(),
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

pub(super) fn user_form(
    staff: &Staff,
    teams: &[Team],
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
        app::org::users::grantable_scopes(staff.actor())
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
            app::org::users::grantable_roles(staff.actor())
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

pub(super) async fn teams_of(state: &AppState, staff: &Staff) -> Result<Vec<Team>, WebError> {
    let actor = staff.actor().clone();
    Ok(state.run(move |app| app::org::list_teams(app, &actor)).await?)
}

pub(super) async fn user_new(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
) -> Result<Html<String>, WebError> {
    let teams = teams_of(&state, &staff).await?;
    let input = UserInput {
        store_id: staff.actor().store_id.0.to_string(),
        role: "sales_advisor".into(),
        active: true,
        ..Default::default()
    };
    render(&user_form(&staff, &teams, staff.locale().t("user-new"), "/admin/users".into(), None, &input))
}

pub(super) async fn user_create(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Form(input): Form<UserInput>,
) -> Result<Response, WebError> {
    let sub = UserInput { password: String::new(), ..input.clone() };
    let write = move |app: &App, a: &Actor| app::org::users::create(app, a, &input);
    let form = async || {
        let teams = teams_of(&state, &staff).await?;
        Ok(user_form(&staff, &teams, staff.locale().t("user-new"), "/admin/users".into(), None, &sub))
    };
    submit(&state, &staff, write, |_| "/admin/users?flash=user-created".into(), form).await
}

pub(super) fn input_of(u: &User) -> UserInput {
    UserInput {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        store_id: u.store_id.to_string(),
        team_id: u.team_id.map(|t| t.to_string()).unwrap_or_default(),
        mobile: u.mobile.clone().unwrap_or_default(),
        email: u.email.clone().unwrap_or_default(),
        role: u.role.code().into(),
        data_scope: u.data_scope.code().into(),
        password: String::new(),
        active: u.active,
        version: u.version,
    }
}

pub(super) async fn user_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let u = state.run(move |app| app::org::users::get_manageable(app, &actor, id)).await?;
    let teams = teams_of(&state, &staff).await?;
    let title = format!("{} ({})", u.display_name, u.username);
    render(&user_form(&staff, &teams, title, format!("/admin/users/{id}"), Some(u.version), &input_of(&u)))
}

pub(super) async fn user_update(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
    Form(input): Form<UserInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::org::users::update(app, a, id, input.version, &input);
    let form = async || {
        let teams = teams_of(&state, &staff).await?;
        Ok(user_form(&staff, &teams, sub.display_name.clone(), format!("/admin/users/{id}"), Some(sub.version), &sub))
    };
    submit(&state, &staff, write, |_| "/admin/users?flash=saved".into(), form).await
}

pub(super) fn password_page(staff: &Staff, u: &User) -> FormPage {
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

pub(super) async fn password_form(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let u = state.run(move |app| app::org::users::get_manageable(app, &actor, id)).await?;
    render(&password_page(&staff, &u))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PasswordForm {
    password: String,
}

pub(super) async fn password_reset(
    State(state): State<AppState>,
    Need(staff, _): Need<UserManage>,
    Id(id): Id,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let write = move |app: &App, a: &Actor| app::org::users::reset_password(app, a, id, &f.password);
    let form = async || {
        let actor = staff.actor().clone();
        let u = state.run(move |app| app::org::users::get_manageable(app, &actor, id)).await?;
        Ok(password_page(&staff, &u))
    };
    submit(&state, &staff, write, |_| "/admin/users?flash=password-reset".into(), form).await
}

// --- roles ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/roles.html")]
pub(super) struct RolesPage {
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

pub(super) async fn roles(Need(staff, _): Need<UserManage>) -> Result<Html<String>, WebError> {
    let l = staff.locale();
    render(&RolesPage {
        ctx: Ctx::new(&staff, "/admin/roles", None),
        crumbs: crumbs(l, "nav-roles", "", None),
        roles: Role::ALL.to_vec(),
        permissions: Permission::ALL.to_vec(),
    })
}
