//! The store's PDI checklist: every standard item with a switch, the store's own items, and a form
//! to add one (`delivery_settings_manage`).

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::{Ctx, Flash, render};
use crate::session::{DeliverySettingsManage, Need, Staff};
use app::delivery::checklists::{ChecklistSetting, OwnItemInput};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/pdi-checklist", get(page).post(add)).route("/admin/pdi-checklist/{key}", post(switch))
}

#[derive(Template)]
#[template(path = "delivery/checklist.html")]
struct ChecklistPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    items: Vec<ChecklistSetting>,
    typed: OwnItemInput,
    errors: BTreeMap<String, String>,
}

impl ChecklistPage {
    fn label(&self, i: &ChecklistSetting) -> String {
        i.label.clone().unwrap_or_else(|| self.ctx.t(&format!("pdi-item-{}", i.key)))
    }

    fn sections(&self) -> Vec<(&'static str, String)> {
        domain::delivery::Section::ALL
            .iter()
            .map(|s| (s.code(), self.ctx.t(&format!("pdi-section-{}", s.code()))))
            .collect()
    }

    fn same(&self, a: &str, b: &str) -> bool {
        a == b
    }

    fn error_of(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn load(state: &AppState, staff: &Staff) -> Result<Vec<ChecklistSetting>, WebError> {
    let actor = staff.actor().clone();
    Ok(state.run(move |app| app::delivery::checklists::settings(app, &actor)).await?)
}

fn checklist_page(staff: &Staff, flash: Option<&str>, items: Vec<ChecklistSetting>) -> ChecklistPage {
    let l = staff.locale();
    ChecklistPage {
        ctx: Ctx::new(staff, "/admin/pdi-checklist", flash),
        crumbs: vec![(l.t("nav-pdi-checklist"), String::new())],
        items,
        typed: OwnItemInput { applies: "all".into(), ..Default::default() },
        errors: BTreeMap::new(),
    }
}

async fn page(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliverySettingsManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let items = load(&state, &staff).await?;
    render(&checklist_page(&staff, f.flash.as_deref(), items))
}

async fn add(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliverySettingsManage>,
    Form(input): Form<OwnItemInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let typed = input.clone();
    match state.run(move |app| app::delivery::checklists::add_own(app, &actor, &input)).await {
        Ok(_) => Ok(Redirect::to("/admin/pdi-checklist?flash=pdi-item-added").into_response()),
        Err(app::AppError::Validation(fe)) => {
            let items = load(&state, &staff).await?;
            let mut page = checklist_page(&staff, None, items);
            let l = staff.locale();
            page.typed = typed;
            page.errors = fe.iter().map(|e| (e.field.clone(), l.error(e.code))).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Switch {
    active: String,
}

async fn switch(
    State(state): State<AppState>,
    Need(staff, _): Need<DeliverySettingsManage>,
    Path(key): Path<String>,
    Form(f): Form<Switch>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let active = f.active == "1";
    state.run(move |app| app::delivery::checklists::set_active(app, &actor, &key, active)).await?;
    Ok(Redirect::to("/admin/pdi-checklist?flash=pdi-checklist-saved").into_response())
}
