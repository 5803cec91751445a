//! Teams of the stores within reach.

use super::nav::crumbs;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::{Ctx, Flash, render};
use crate::session::{Need, OrgManage, Staff};
use app::App;
use app::org::Team;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use domain::org::Actor;
use serde::Deserialize;
use std::collections::HashMap;

// --- teams ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/teams.html")]
pub(super) struct TeamsPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    teams: Vec<(Team, String)>,
}

pub(super) async fn teams(
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
pub(super) struct TeamInput {
    version: i64,
    store_id: String,
    name: String,
    active: Option<bool>,
}

pub(super) fn store_options(staff: &Staff) -> Vec<(String, String)> {
    staff.0.stores.iter().map(|s| (s.id.to_string(), format!("{} {}", s.code, s.name))).collect()
}

pub(super) fn team_form(staff: &Staff, title: String, action: String, version: Option<i64>, t: &TeamInput) -> FormPage {
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

pub(super) async fn team_new(Need(staff, _): Need<OrgManage>) -> Result<Html<String>, WebError> {
    let input = TeamInput { store_id: staff.actor().store_id.0.to_string(), ..Default::default() };
    render(&team_form(&staff, staff.locale().t("team-new"), "/admin/teams".into(), None, &input))
}

pub(super) async fn team_create(
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

pub(super) async fn team_edit(
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

pub(super) async fn team_update(
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
