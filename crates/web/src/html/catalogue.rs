//! The vehicle catalogue pages: a brand/model tree, one page per model, and the edit forms.

use super::form::{Field, FormPage, Kind, active_options, refused};
use super::{Ctx, Flash, render};
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::i18n::Locale;
use crate::session::{CatalogueManage, CatalogueRead, Need, Staff};
use app::catalogue::{BrandInput, BrandTree, ColourInput, ModelDetail, ModelInput, OptionInput, TrimInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use domain::Money;
use domain::catalogue::FuelType;
use domain::rbac::Permission;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/catalogue", get(index).post(brand_create))
        .route("/catalogue/brands/new", get(brand_new))
        .route("/catalogue/brands/{id}", get(brand_edit).post(brand_update))
        .route("/catalogue/brands/{id}/models", get(model_new).post(model_create))
        .route("/catalogue/models/{id}", get(model_show).post(model_update))
        .route("/catalogue/models/{id}/edit", get(model_edit))
        .route("/catalogue/models/{id}/trims", get(trim_new).post(trim_create))
        .route("/catalogue/trims/{id}", get(trim_edit).post(trim_update))
        .route("/catalogue/models/{id}/colours", get(colour_new).post(colour_create))
        .route("/catalogue/colours/{id}", get(colour_edit).post(colour_update))
        .route("/catalogue/models/{id}/options", get(option_new).post(option_create))
        .route("/catalogue/options/{id}", get(option_edit).post(option_update))
}

#[derive(Template)]
#[template(path = "catalogue/index.html")]
struct IndexPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    tree: Vec<BrandTree>,
    can_manage: bool,
}

impl IndexPage {
    fn price_range(&self, trims: &[storage::catalogue::TrimRow]) -> String {
        let prices = trims.iter().filter(|t| t.active).map(|t| t.msrp_fen);
        match (prices.clone().min(), prices.max()) {
            (Some(a), Some(b)) if a == b => Money::from_fen(a).to_string(),
            (Some(a), Some(b)) => format!("{} – {}", Money::from_fen(a), Money::from_fen(b)),
            _ => "—".into(),
        }
    }
}

async fn index(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueRead>,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let tree = state.run(move |app| app::catalogue::tree(app, &actor)).await?;
    render(&IndexPage {
        ctx: Ctx::new(&staff, "/catalogue", f.flash.as_deref()),
        crumbs: vec![(staff.locale().t("nav-catalogue"), String::new())],
        tree,
        can_manage: staff.actor().role.has(Permission::CatalogueManage),
    })
}

#[derive(Template)]
#[template(path = "catalogue/model.html")]
struct ModelPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    d: ModelDetail,
    can_manage: bool,
}

impl ModelPage {
    fn trim_names(&self, ids: &[i64]) -> String {
        if !self.d.trims.is_empty() && ids.len() == self.d.trims.len() {
            return self.ctx.t("option-fits-all");
        }
        self.d
            .trims
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| format!("{} {}", t.model_year, t.name))
            .collect::<Vec<_>>()
            .join("、")
    }

    fn fuel(&self, code: &str) -> String {
        self.ctx.t(&format!("fuel-{code}"))
    }
}

async fn model_show(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueRead>,
    Id(id): Id,
    Query(f): Query<Flash>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, id)).await?;
    let l = staff.locale();
    render(&ModelPage {
        ctx: Ctx::new(&staff, "/catalogue", f.flash.as_deref()),
        crumbs: vec![
            (l.t("nav-catalogue"), "/catalogue".into()),
            (format!("{} {}", d.brand.name, d.model.name), String::new()),
        ],
        d,
        can_manage: staff.actor().role.has(Permission::CatalogueManage),
    })
}

fn page(
    staff: &Staff,
    title: String,
    back: (String, String),
    action: String,
    version: Option<i64>,
    fields: Vec<Field>,
) -> FormPage {
    let l = staff.locale();
    FormPage {
        ctx: Ctx::new(staff, "/catalogue", None),
        crumbs: vec![(l.t("nav-catalogue"), "/catalogue".into()), back.clone(), (title.clone(), String::new())],
        title,
        action,
        cancel: back.1,
        submit: l.t("action-save"),
        version,
        fields,
        form_error: None,
    }
}

fn catalogue_root(l: Locale) -> (String, String) {
    (l.t("catalogue-brands"), "/catalogue".into())
}

async fn model_crumb(state: &AppState, staff: &Staff, model_id: i64) -> Result<(String, String), WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, model_id)).await?;
    Ok((format!("{} {}", d.brand.name, d.model.name), format!("/catalogue/models/{model_id}")))
}

// --- brands -----------------------------------------------------------------------------------

fn brand_fields(l: Locale, b: &BrandInput, editing: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new(l, "name", Kind::Text, &b.name).required().autofocus(),
        Field::new(l, "name_en", Kind::Text, &b.name_en),
    ];
    if editing {
        f.push(Field::new(l, "active", Kind::Select, b.active.to_string()).options(active_options(l)));
    }
    f
}

async fn brand_new(Need(staff, _): Need<CatalogueManage>) -> Result<Html<String>, WebError> {
    let l = staff.locale();
    render(&page(
        &staff,
        l.t("brand-new"),
        catalogue_root(l),
        "/catalogue".into(),
        None,
        brand_fields(l, &BrandInput::default(), false),
    ))
}

async fn brand_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Form(input): Form<BrandInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    match state.run(move |app| app::catalogue::create_brand(app, &actor, &input)).await {
        Ok(_) => Ok(Redirect::to("/catalogue?flash=saved").into_response()),
        Err(e) => {
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    l.t("brand-new"),
                    catalogue_root(l),
                    "/catalogue".into(),
                    None,
                    brand_fields(l, &sub, false),
                ),
                e,
            )
        }
    }
}

async fn brand_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let b = state.run(move |app| app::catalogue::brand(app, &actor, id)).await?;
    let l = staff.locale();
    let input = BrandInput {
        name: b.name.clone(),
        name_en: b.name_en.unwrap_or_default(),
        active: b.active,
        version: b.version,
    };
    render(&page(
        &staff,
        b.name,
        catalogue_root(l),
        format!("/catalogue/brands/{id}"),
        Some(b.version),
        brand_fields(l, &input, true),
    ))
}

async fn brand_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<BrandInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (sub, v) = (input.clone(), input.version);
    match state.run(move |app| app::catalogue::update_brand(app, &actor, id, v, &input)).await {
        Ok(_) => Ok(Redirect::to("/catalogue?flash=saved").into_response()),
        Err(e) => {
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    sub.name.clone(),
                    catalogue_root(l),
                    format!("/catalogue/brands/{id}"),
                    Some(v),
                    brand_fields(l, &sub, true),
                ),
                e,
            )
        }
    }
}

// --- models -----------------------------------------------------------------------------------

fn model_fields(l: Locale, m: &ModelInput, editing: bool) -> Vec<Field> {
    let mut f = vec![
        Field::new(l, "name", Kind::Text, &m.name).required().autofocus(),
        Field::new(l, "body_type", Kind::Text, &m.body_type).help(l.t("help-body-type")),
    ];
    if editing {
        f.push(Field::new(l, "active", Kind::Select, m.active.to_string()).options(active_options(l)));
    }
    f
}

async fn model_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(brand_id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let b = state.run(move |app| app::catalogue::brand(app, &actor, brand_id)).await?;
    let l = staff.locale();
    let title = l.t_args("model-new", &[("brand", b.name)]);
    render(&page(
        &staff,
        title,
        catalogue_root(l),
        format!("/catalogue/brands/{brand_id}/models"),
        None,
        model_fields(l, &ModelInput::default(), false),
    ))
}

async fn model_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(brand_id): Id,
    Form(input): Form<ModelInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    match state.run(move |app| app::catalogue::create_model(app, &actor, brand_id, &input)).await {
        Ok(m) => Ok(Redirect::to(&format!("/catalogue/models/{}?flash=saved", m.id)).into_response()),
        Err(e) => {
            let l = staff.locale();
            let title = l.t_args("model-new", &[("brand", String::new())]);
            refused(
                page(
                    &staff,
                    title,
                    catalogue_root(l),
                    format!("/catalogue/brands/{brand_id}/models"),
                    None,
                    model_fields(l, &sub, false),
                ),
                e,
            )
        }
    }
}

async fn model_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, id)).await?;
    let l = staff.locale();
    let input = ModelInput {
        name: d.model.name.clone(),
        body_type: d.model.body_type.clone().unwrap_or_default(),
        active: d.model.active,
        version: d.model.version,
    };
    let back = (format!("{} {}", d.brand.name, d.model.name), format!("/catalogue/models/{id}"));
    render(&page(
        &staff,
        l.t("action-edit"),
        back,
        format!("/catalogue/models/{id}"),
        Some(d.model.version),
        model_fields(l, &input, true),
    ))
}

async fn model_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<ModelInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (sub, v) = (input.clone(), input.version);
    match state.run(move |app| app::catalogue::update_model(app, &actor, id, v, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/catalogue/models/{id}?flash=saved")).into_response()),
        Err(e) => {
            let back = model_crumb(&state, &staff, id).await?;
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    l.t("action-edit"),
                    back,
                    format!("/catalogue/models/{id}"),
                    Some(v),
                    model_fields(l, &sub, true),
                ),
                e,
            )
        }
    }
}

// --- trims ------------------------------------------------------------------------------------

fn trim_fields(l: Locale, t: &TrimInput, editing: bool) -> Vec<Field> {
    let fuels = FuelType::ALL.iter().map(|f| (f.code().to_string(), l.t(&format!("fuel-{}", f.code())))).collect();
    let mut f = vec![
        Field::new(l, "name", Kind::Text, &t.name).required().autofocus(),
        Field::new(l, "model_year", Kind::Number, &t.model_year).required(),
        Field::new(l, "msrp", Kind::Money, &t.msrp).required(),
        Field::new(l, "floor_price", Kind::Money, &t.floor_price).help(l.t("help-floor-price")),
        Field::new(l, "fuel_type", Kind::Select, &t.fuel_type).required().options(fuels),
        Field::new(l, "nev_catalogue", Kind::Checkbox, t.nev_catalogue.to_string()).help(l.t("help-nev-catalogue")),
        Field::new(l, "seats", Kind::Number, &t.seats).required(),
    ];
    if editing {
        f.push(Field::new(l, "active", Kind::Select, t.active.to_string()).options(active_options(l)));
    }
    f
}

async fn trim_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
) -> Result<Html<String>, WebError> {
    let back = model_crumb(&state, &staff, model_id).await?;
    let l = staff.locale();
    let input = TrimInput {
        model_year: "2026".into(),
        fuel_type: "petrol".into(),
        seats: "5".into(),
        active: true,
        ..Default::default()
    };
    render(&page(
        &staff,
        l.t("trim-new"),
        back,
        format!("/catalogue/models/{model_id}/trims"),
        None,
        trim_fields(l, &input, false),
    ))
}

async fn trim_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
    Form(input): Form<TrimInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    match state.run(move |app| app::catalogue::create_trim(app, &actor, model_id, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/catalogue/models/{model_id}?flash=saved")).into_response()),
        Err(e) => {
            let back = model_crumb(&state, &staff, model_id).await?;
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    l.t("trim-new"),
                    back,
                    format!("/catalogue/models/{model_id}/trims"),
                    None,
                    trim_fields(l, &sub, false),
                ),
                e,
            )
        }
    }
}

async fn trim_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let t = state.run(move |app| app::catalogue::trim(app, &actor, id)).await?;
    let back = model_crumb(&state, &staff, t.model_id).await?;
    let l = staff.locale();
    let input = TrimInput {
        name: t.name.clone(),
        model_year: t.model_year.to_string(),
        msrp: Money::from_fen(t.msrp_fen).to_plain(),
        floor_price: t.floor_price_fen.map(|f| Money::from_fen(f).to_plain()).unwrap_or_default(),
        fuel_type: t.fuel_type.clone(),
        nev_catalogue: t.nev_catalogue,
        seats: t.seats.to_string(),
        active: t.active,
        version: t.version,
    };
    render(&page(&staff, t.name, back, format!("/catalogue/trims/{id}"), Some(t.version), trim_fields(l, &input, true)))
}

async fn trim_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<TrimInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (sub, v) = (input.clone(), input.version);
    match state.run(move |app| app::catalogue::update_trim(app, &actor, id, v, &input)).await {
        Ok(t) => Ok(Redirect::to(&format!("/catalogue/models/{}?flash=saved", t.model_id)).into_response()),
        Err(e) => {
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    sub.name.clone(),
                    catalogue_root(l),
                    format!("/catalogue/trims/{id}"),
                    Some(v),
                    trim_fields(l, &sub, true),
                ),
                e,
            )
        }
    }
}

// --- colours ----------------------------------------------------------------------------------

fn colour_fields(l: Locale, c: &ColourInput, editing: bool) -> Vec<Field> {
    let kinds = ["exterior", "interior"].iter().map(|k| (k.to_string(), l.t(&format!("colour-{k}")))).collect();
    let mut f = vec![
        Field::new(l, "kind", Kind::Select, &c.kind).required().options(kinds),
        Field::new(l, "name", Kind::Text, &c.name).required().autofocus(),
        Field::new(l, "code", Kind::Text, &c.code),
        Field::new(l, "extra_price", Kind::Money, &c.extra_price).help(l.t("help-extra-price")),
    ];
    if editing {
        f.push(Field::new(l, "active", Kind::Select, c.active.to_string()).options(active_options(l)));
    }
    f
}

async fn colour_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
) -> Result<Html<String>, WebError> {
    let back = model_crumb(&state, &staff, model_id).await?;
    let l = staff.locale();
    let input = ColourInput { kind: "exterior".into(), active: true, ..Default::default() };
    render(&page(
        &staff,
        l.t("colour-new"),
        back,
        format!("/catalogue/models/{model_id}/colours"),
        None,
        colour_fields(l, &input, false),
    ))
}

async fn colour_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
    Form(input): Form<ColourInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    match state.run(move |app| app::catalogue::create_colour(app, &actor, model_id, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/catalogue/models/{model_id}?flash=saved")).into_response()),
        Err(e) => {
            let back = model_crumb(&state, &staff, model_id).await?;
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    l.t("colour-new"),
                    back,
                    format!("/catalogue/models/{model_id}/colours"),
                    None,
                    colour_fields(l, &sub, false),
                ),
                e,
            )
        }
    }
}

async fn colour_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let c = state.run(move |app| app::catalogue::colour(app, &actor, id)).await?;
    let back = model_crumb(&state, &staff, c.model_id).await?;
    let l = staff.locale();
    let input = ColourInput {
        kind: c.kind.clone(),
        name: c.name.clone(),
        code: c.code.clone().unwrap_or_default(),
        extra_price: Money::from_fen(c.extra_price_fen).to_plain(),
        active: c.active,
        version: c.version,
    };
    render(&page(
        &staff,
        c.name,
        back,
        format!("/catalogue/colours/{id}"),
        Some(c.version),
        colour_fields(l, &input, true),
    ))
}

async fn colour_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<ColourInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let (sub, v) = (input.clone(), input.version);
    match state.run(move |app| app::catalogue::update_colour(app, &actor, id, v, &input)).await {
        Ok(c) => Ok(Redirect::to(&format!("/catalogue/models/{}?flash=saved", c.model_id)).into_response()),
        Err(e) => {
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    sub.name.clone(),
                    catalogue_root(l),
                    format!("/catalogue/colours/{id}"),
                    Some(v),
                    colour_fields(l, &sub, true),
                ),
                e,
            )
        }
    }
}

// --- options and accessories ------------------------------------------------------------------

async fn trim_choices(state: &AppState, staff: &Staff, model_id: i64) -> Result<Vec<(String, String)>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, model_id)).await?;
    Ok(d.trims.iter().map(|t| (t.id.to_string(), format!("{} {}", t.model_year, t.name))).collect())
}

fn option_fields(l: Locale, o: &OptionInput, trims: Vec<(String, String)>, editing: bool) -> Vec<Field> {
    let kinds = ["option", "accessory"].iter().map(|k| (k.to_string(), l.t(&format!("option-kind-{k}")))).collect();
    let mut f = vec![
        Field::new(l, "kind", Kind::Select, &o.kind).required().options(kinds),
        Field::new(l, "name", Kind::Text, &o.name).required().autofocus(),
        Field::new(l, "code", Kind::Text, &o.code),
        Field::new(l, "price", Kind::Money, &o.price).required(),
        Field::new(l, "trim_ids", Kind::MultiCheck, "")
            .options(trims)
            .values(o.trim_ids.clone())
            .help(l.t("help-trim-ids")),
    ];
    if editing {
        f.push(Field::new(l, "active", Kind::Select, o.active.to_string()).options(active_options(l)));
    }
    f
}

async fn option_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
) -> Result<Html<String>, WebError> {
    let back = model_crumb(&state, &staff, model_id).await?;
    let trims = trim_choices(&state, &staff, model_id).await?;
    let l = staff.locale();
    let input = OptionInput {
        kind: "option".into(),
        active: true,
        trim_ids: trims.iter().map(|t| t.0.clone()).collect(),
        ..Default::default()
    };
    render(&page(
        &staff,
        l.t("option-new"),
        back,
        format!("/catalogue/models/{model_id}/options"),
        None,
        option_fields(l, &input, trims, false),
    ))
}

async fn option_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
    Form(input): Form<OptionInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let sub = input.clone();
    match state.run(move |app| app::catalogue::create_option(app, &actor, model_id, &input)).await {
        Ok(_) => Ok(Redirect::to(&format!("/catalogue/models/{model_id}?flash=saved")).into_response()),
        Err(e) => {
            let back = model_crumb(&state, &staff, model_id).await?;
            let trims = trim_choices(&state, &staff, model_id).await?;
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    l.t("option-new"),
                    back,
                    format!("/catalogue/models/{model_id}/options"),
                    None,
                    option_fields(l, &sub, trims, false),
                ),
                e,
            )
        }
    }
}

async fn option_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let o = state.run(move |app| app::catalogue::get_option_row(app, &actor, id)).await?;
    let back = model_crumb(&state, &staff, o.option.model_id).await?;
    let trims = trim_choices(&state, &staff, o.option.model_id).await?;
    let l = staff.locale();
    let input = OptionInput {
        kind: o.option.kind.clone(),
        name: o.option.name.clone(),
        code: o.option.code.clone().unwrap_or_default(),
        price: Money::from_fen(o.option.price_fen).to_plain(),
        trim_ids: o.trim_ids.iter().map(i64::to_string).collect(),
        active: o.option.active,
        version: o.option.version,
    };
    render(&page(
        &staff,
        o.option.name.clone(),
        back,
        format!("/catalogue/options/{id}"),
        Some(o.option.version),
        option_fields(l, &input, trims, true),
    ))
}

async fn option_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<OptionInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let v = input.version;
    let sub = input.clone();
    match state.run(move |app| app::catalogue::update_option(app, &actor, id, v, &input)).await {
        Ok(o) => Ok(Redirect::to(&format!("/catalogue/models/{}?flash=saved", o.model_id)).into_response()),
        Err(e) => {
            let actor = staff.actor().clone();
            let o = state.run(move |app| app::catalogue::get_option_row(app, &actor, id)).await?;
            let trims = trim_choices(&state, &staff, o.option.model_id).await?;
            let back = model_crumb(&state, &staff, o.option.model_id).await?;
            let l = staff.locale();
            refused(
                page(
                    &staff,
                    sub.name.clone(),
                    back,
                    format!("/catalogue/options/{id}"),
                    Some(v),
                    option_fields(l, &sub, trims, true),
                ),
                e,
            )
        }
    }
}
