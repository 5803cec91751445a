//! The store's locations (showroom, yard, off-site lot), kept by its administrators.

use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::{Ctx, Flash, render};
use crate::session::{LocationManage, Need, Staff};
use app::App;
use app::inventory::locations::{KINDS, Location, LocationInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use domain::org::Actor;
use serde::Deserialize;

const HOME: &str = "/admin/locations";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/locations", get(list).post(create))
        .route("/admin/locations/new", get(new))
        .route("/admin/locations/{id}", get(edit).post(update))
}

#[derive(Template)]
#[template(path = "inventory/locations.html")]
struct ListPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    locations: Vec<Location>,
}

async fn list(
    State(state): State<AppState>,
    Need(staff, _): Need<LocationManage>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let locations = state.run(move |app| app::inventory::locations::of_store(app, &actor)).await?;
    let l = staff.locale();
    render(&ListPage {
        ctx: Ctx::new(&staff, HOME, f.flash.as_deref()),
        crumbs: vec![(l.t("nav-locations"), String::new())],
        locations,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct LocationForm {
    version: i64,
    name: String,
    kind: String,
    active: Option<bool>,
}

impl LocationForm {
    fn input(&self) -> LocationInput {
        LocationInput { name: self.name.clone(), kind: self.kind.clone(), active: self.active }
    }
}

fn form(staff: &Staff, title: String, action: String, version: Option<i64>, f: &LocationForm) -> FormPage {
    let l = staff.locale();
    let kinds = KINDS.iter().map(|k| (k.to_string(), l.t(&format!("location-kind-{k}")))).collect();
    let mut fields = vec![
        Field::new(l, "name", Kind::Text, &f.name).required().autofocus(),
        Field::new(l, "kind", Kind::Select, &f.kind).required().options(kinds),
    ];
    if version.is_some() {
        fields.push(
            Field::new(l, "active", Kind::Select, f.active.unwrap_or(true).to_string()).options(active_options(l)),
        );
    }
    FormPage {
        ctx: Ctx::new(staff, HOME, None),
        crumbs: vec![(l.t("nav-locations"), HOME.into()), (title.clone(), String::new())],
        title,
        action,
        cancel: HOME.into(),
        submit: l.t("action-save"),
        version,
        fields,
        form_error: None,
    }
}

async fn new(Need(staff, _): Need<LocationManage>) -> Result<Html<String>, WebError> {
    let f = LocationForm { kind: "yard".into(), ..Default::default() };
    render(&form(&staff, staff.locale().t("location-new"), HOME.into(), None, &f))
}

async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<LocationManage>,
    Form(f): Form<LocationForm>,
) -> Result<Response, WebError> {
    let input = f.input();
    let write = move |app: &App, a: &Actor| app::inventory::locations::create(app, a, &input);
    let page = async || Ok(form(&staff, staff.locale().t("location-new"), HOME.into(), None, &f));
    submit(&state, &staff, write, |_| format!("{HOME}?flash=saved"), page).await
}

async fn edit(
    State(state): State<AppState>,
    Need(staff, _): Need<LocationManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let all = state.run(move |app| app::inventory::locations::of_store(app, &actor)).await?;
    let x = all.into_iter().find(|x| x.id == id).ok_or(WebError(app::AppError::NotFound))?;
    let f = LocationForm { version: x.version, name: x.name.clone(), kind: x.kind.clone(), active: Some(x.active) };
    render(&form(&staff, x.name, format!("{HOME}/{id}"), Some(x.version), &f))
}

async fn update(
    State(state): State<AppState>,
    Need(staff, _): Need<LocationManage>,
    Id(id): Id,
    Form(f): Form<LocationForm>,
) -> Result<Response, WebError> {
    let (input, version) = (f.input(), f.version);
    let write = move |app: &App, a: &Actor| app::inventory::locations::update(app, a, id, version, &input);
    let page = async || Ok(form(&staff, f.name.clone(), format!("{HOME}/{id}"), Some(f.version), &f));
    submit(&state, &staff, write, |_| format!("{HOME}?flash=saved"), page).await
}
