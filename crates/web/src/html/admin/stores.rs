//! The dealer group's stores (group administrators).

use super::nav::crumbs;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::{Ctx, Flash, render};
use crate::session::{Need, OrgManage, Staff, StoreManage};
use app::App;
use app::org::Store;
use app::org::StoreInput;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use domain::org::Actor;

// --- stores -----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/stores.html")]
pub(super) struct StoresPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    stores: Vec<Store>,
    can_create: bool,
}

pub(super) async fn stores(
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

pub(super) fn store_form(
    staff: &Staff,
    title: String,
    action: String,
    version: Option<i64>,
    s: &StoreInput,
) -> FormPage {
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
            Field::new(l, "accept_unchecked_vins", Kind::Checkbox, s.accept_unchecked_vins.to_string())
                .help(l.t("help-accept-unchecked-vins")),
        ],
        form_error: None,
    }
}

pub(super) async fn store_new(Need(staff, _): Need<StoreManage>) -> Result<Html<String>, WebError> {
    let t = staff.locale().t("store-new");
    render(&store_form(&staff, t, "/admin/stores".into(), None, &StoreInput { active: true, ..Default::default() }))
}

pub(super) async fn store_create(
    State(state): State<AppState>,
    Need(staff, _): Need<StoreManage>,
    Form(input): Form<StoreInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::org::create_store(app, a, &input);
    let form = async || Ok(store_form(&staff, staff.locale().t("store-new"), "/admin/stores".into(), None, &sub));
    submit(&state, &staff, write, |_| "/admin/stores?flash=saved".into(), form).await
}

pub(super) async fn store_edit(
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
        accept_unchecked_vins: s.accept_unchecked_vins,
        version: s.version,
    };
    render(&store_form(&staff, s.name, format!("/admin/stores/{id}"), Some(s.version), &input))
}

pub(super) async fn store_update(
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
