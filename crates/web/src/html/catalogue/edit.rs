//! The catalogue's forms: brands, models, trims, colours, options and accessories.

use super::browse::*;
use crate::AppState;
use crate::error::WebError;
use crate::extract::{Form, Id};
use crate::html::form::{Field, FormPage, Kind, active_options, submit};
use crate::html::render;
use crate::session::{CatalogueManage, Need, Staff};
use app::App;
use app::catalogue::{BrandInput, ColourInput, ModelInput, OptionInput, TrimInput};
use app::catalogue::{CatalogueOption, Colour, Model, Trim};
use axum::extract::State;
use axum::response::{Html, Response};
use domain::Money;
use domain::catalogue::FuelType;
use domain::org::Actor;

// --- brands -----------------------------------------------------------------------------------

pub(super) fn brand_page(staff: &Staff, b: &BrandInput, id: Option<i64>) -> FormPage {
    let l = staff.locale();
    let mut fields = vec![
        Field::new(l, "name", Kind::Text, &b.name).required().autofocus(),
        Field::new(l, "name_en", Kind::Text, &b.name_en),
    ];
    if id.is_some() {
        fields.push(Field::new(l, "active", Kind::Select, b.active.to_string()).options(active_options(l)));
    }
    let (title, action) = match id {
        Some(id) => (b.name.clone(), format!("/catalogue/brands/{id}")),
        None => (l.t("brand-new"), "/catalogue".into()),
    };
    page(staff, title, catalogue_root(l), action, id.map(|_| b.version), fields)
}

pub(super) async fn brand_new(Need(staff, _): Need<CatalogueManage>) -> Result<Html<String>, WebError> {
    render(&brand_page(&staff, &BrandInput::default(), None))
}

pub(super) async fn brand_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Form(input): Form<BrandInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::create_brand(app, a, &input);
    submit(&state, &staff, write, |_| "/catalogue?flash=saved".into(), async || Ok(brand_page(&staff, &sub, None)))
        .await
}

pub(super) async fn brand_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let b = state.run(move |app| app::catalogue::brand(app, &actor, id)).await?;
    let input =
        BrandInput { name: b.name, name_en: b.name_en.unwrap_or_default(), active: b.active, version: b.version };
    render(&brand_page(&staff, &input, Some(id)))
}

pub(super) async fn brand_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<BrandInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::update_brand(app, a, id, input.version, &input);
    submit(&state, &staff, write, |_| "/catalogue?flash=saved".into(), async || Ok(brand_page(&staff, &sub, Some(id))))
        .await
}

// --- models -----------------------------------------------------------------------------------

/// The form of a new model of `brand_id` (`id` None) or of model `id`.
pub(super) async fn model_page(
    state: &AppState,
    staff: &Staff,
    m: &ModelInput,
    brand_id: i64,
    id: Option<i64>,
) -> Result<FormPage, WebError> {
    let l = staff.locale();
    let mut fields = vec![
        Field::new(l, "name", Kind::Text, &m.name).required().autofocus(),
        Field::new(l, "body_type", Kind::Text, &m.body_type).help(l.t("help-body-type")),
    ];
    Ok(match id {
        Some(id) => {
            fields.push(Field::new(l, "active", Kind::Select, m.active.to_string()).options(active_options(l)));
            let back = model_crumb(state, staff, id).await?;
            page(staff, l.t("action-edit"), back, format!("/catalogue/models/{id}"), Some(m.version), fields)
        }
        None => {
            let actor = staff.actor().clone();
            let b = state.run(move |app| app::catalogue::brand(app, &actor, brand_id)).await?;
            let title = l.t_args("model-new", &[("brand", b.name)]);
            page(staff, title, catalogue_root(l), format!("/catalogue/brands/{brand_id}/models"), None, fields)
        }
    })
}

pub(super) async fn model_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(brand_id): Id,
) -> Result<Html<String>, WebError> {
    render(&model_page(&state, &staff, &ModelInput::default(), brand_id, None).await?)
}

pub(super) async fn model_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(brand_id): Id,
    Form(input): Form<ModelInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::create_model(app, a, brand_id, &input);
    let done = |m: &Model| format!("/catalogue/models/{}?flash=saved", m.id);
    submit(&state, &staff, write, done, async || model_page(&state, &staff, &sub, brand_id, None).await).await
}

pub(super) async fn model_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, id)).await?;
    let input = ModelInput {
        name: d.model.name.clone(),
        body_type: d.model.body_type.clone().unwrap_or_default(),
        active: d.model.active,
        version: d.model.version,
    };
    render(&model_page(&state, &staff, &input, d.brand.id, Some(id)).await?)
}

pub(super) async fn model_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<ModelInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::update_model(app, a, id, input.version, &input);
    let done = move |_: &Model| format!("/catalogue/models/{id}?flash=saved");
    submit(&state, &staff, write, done, async || model_page(&state, &staff, &sub, 0, Some(id)).await).await
}

// --- trims ------------------------------------------------------------------------------------

/// The form of a new trim of `model_id` (`id` None) or of trim `id`.
pub(super) async fn trim_page(
    state: &AppState,
    staff: &Staff,
    t: &TrimInput,
    model_id: i64,
    id: Option<i64>,
) -> Result<FormPage, WebError> {
    let l = staff.locale();
    let fuels = FuelType::ALL.iter().map(|f| (f.code().to_string(), l.t(&format!("fuel-{}", f.code())))).collect();
    let mut fields = vec![
        Field::new(l, "name", Kind::Text, &t.name).required().autofocus(),
        Field::new(l, "model_year", Kind::Number, &t.model_year).required(),
        Field::new(l, "msrp", Kind::Money, &t.msrp).required(),
        Field::new(l, "floor_price", Kind::Money, &t.floor_price).help(l.t("help-floor-price")),
        Field::new(l, "fuel_type", Kind::Select, &t.fuel_type).required().options(fuels),
        Field::new(l, "nev_catalogue", Kind::Checkbox, t.nev_catalogue.to_string()).help(l.t("help-nev-catalogue")),
        Field::new(l, "seats", Kind::Number, &t.seats).required(),
    ];
    let back = model_crumb(state, staff, model_id).await?;
    Ok(match id {
        Some(id) => {
            fields.push(Field::new(l, "active", Kind::Select, t.active.to_string()).options(active_options(l)));
            page(staff, t.name.clone(), back, format!("/catalogue/trims/{id}"), Some(t.version), fields)
        }
        None => page(staff, l.t("trim-new"), back, format!("/catalogue/models/{model_id}/trims"), None, fields),
    })
}

pub(super) async fn trim_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
) -> Result<Html<String>, WebError> {
    let input = TrimInput {
        model_year: "2026".into(),
        fuel_type: "petrol".into(),
        seats: "5".into(),
        active: true,
        ..Default::default()
    };
    render(&trim_page(&state, &staff, &input, model_id, None).await?)
}

pub(super) async fn trim_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
    Form(input): Form<TrimInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::create_trim(app, a, model_id, &input);
    let done = move |_: &Trim| format!("/catalogue/models/{model_id}?flash=saved");
    submit(&state, &staff, write, done, async || trim_page(&state, &staff, &sub, model_id, None).await).await
}

pub(super) async fn trim_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let t = state.run(move |app| app::catalogue::trim(app, &actor, id)).await?;
    let input = TrimInput {
        name: t.name.clone(),
        model_year: t.model_year.to_string(),
        msrp: Money::from_fen(t.msrp_fen).to_plain(),
        floor_price: t.floor_price_fen.map(|f| Money::from_fen(f).to_plain()).unwrap_or_default(),
        fuel_type: t.fuel_type.code().to_string(),
        nev_catalogue: t.nev_catalogue,
        seats: t.seats.to_string(),
        active: t.active,
        version: t.version,
    };
    render(&trim_page(&state, &staff, &input, t.model_id, Some(id)).await?)
}

pub(super) async fn trim_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<TrimInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let model_id = state.run(move |app| app::catalogue::trim(app, &actor, id)).await?.model_id;
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::update_trim(app, a, id, input.version, &input);
    let done = move |_: &Trim| format!("/catalogue/models/{model_id}?flash=saved");
    submit(&state, &staff, write, done, async || trim_page(&state, &staff, &sub, model_id, Some(id)).await).await
}

// --- colours ----------------------------------------------------------------------------------

pub(super) async fn colour_page(
    state: &AppState,
    staff: &Staff,
    c: &ColourInput,
    model_id: i64,
    id: Option<i64>,
) -> Result<FormPage, WebError> {
    let l = staff.locale();
    let kinds = ["exterior", "interior"].iter().map(|k| (k.to_string(), l.t(&format!("colour-{k}")))).collect();
    let mut fields = vec![
        Field::new(l, "kind", Kind::Select, &c.kind).required().options(kinds),
        Field::new(l, "name", Kind::Text, &c.name).required().autofocus(),
        Field::new(l, "code", Kind::Text, &c.code),
        Field::new(l, "extra_price", Kind::Money, &c.extra_price).help(l.t("help-extra-price")),
    ];
    let back = model_crumb(state, staff, model_id).await?;
    Ok(match id {
        Some(id) => {
            fields.push(Field::new(l, "active", Kind::Select, c.active.to_string()).options(active_options(l)));
            page(staff, c.name.clone(), back, format!("/catalogue/colours/{id}"), Some(c.version), fields)
        }
        None => page(staff, l.t("colour-new"), back, format!("/catalogue/models/{model_id}/colours"), None, fields),
    })
}

pub(super) async fn colour_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
) -> Result<Html<String>, WebError> {
    let input = ColourInput { kind: "exterior".into(), active: true, ..Default::default() };
    render(&colour_page(&state, &staff, &input, model_id, None).await?)
}

pub(super) async fn colour_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
    Form(input): Form<ColourInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::create_colour(app, a, model_id, &input);
    let done = move |_: &Colour| format!("/catalogue/models/{model_id}?flash=saved");
    submit(&state, &staff, write, done, async || colour_page(&state, &staff, &sub, model_id, None).await).await
}

pub(super) async fn colour_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let c = state.run(move |app| app::catalogue::colour(app, &actor, id)).await?;
    let input = ColourInput {
        kind: c.kind.clone(),
        name: c.name.clone(),
        code: c.code.clone().unwrap_or_default(),
        extra_price: Money::from_fen(c.extra_price_fen).to_plain(),
        active: c.active,
        version: c.version,
    };
    render(&colour_page(&state, &staff, &input, c.model_id, Some(id)).await?)
}

pub(super) async fn colour_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<ColourInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let model_id = state.run(move |app| app::catalogue::colour(app, &actor, id)).await?.model_id;
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::update_colour(app, a, id, input.version, &input);
    let done = move |_: &Colour| format!("/catalogue/models/{model_id}?flash=saved");
    submit(&state, &staff, write, done, async || colour_page(&state, &staff, &sub, model_id, Some(id)).await).await
}

// --- options and accessories ------------------------------------------------------------------

pub(super) async fn option_page(
    state: &AppState,
    staff: &Staff,
    o: &OptionInput,
    model_id: i64,
    id: Option<i64>,
) -> Result<FormPage, WebError> {
    let l = staff.locale();
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, model_id)).await?;
    let trims = d.trims.iter().map(|t| (t.id.to_string(), format!("{} {}", t.model_year, t.name))).collect();
    let kinds = ["option", "accessory"].iter().map(|k| (k.to_string(), l.t(&format!("option-kind-{k}")))).collect();
    let mut fields = vec![
        Field::new(l, "kind", Kind::Select, &o.kind).required().options(kinds),
        Field::new(l, "name", Kind::Text, &o.name).required().autofocus(),
        Field::new(l, "code", Kind::Text, &o.code),
        Field::new(l, "price", Kind::Money, &o.price).required(),
        Field::new(l, "trim_ids", Kind::MultiCheck, "")
            .options(trims)
            .values(o.trim_ids.clone())
            .help(l.t("help-trim-ids")),
    ];
    let back = (format!("{} {}", d.brand.name, d.model.name), format!("/catalogue/models/{model_id}"));
    Ok(match id {
        Some(id) => {
            fields.push(Field::new(l, "active", Kind::Select, o.active.to_string()).options(active_options(l)));
            page(staff, o.name.clone(), back, format!("/catalogue/options/{id}"), Some(o.version), fields)
        }
        None => page(staff, l.t("option-new"), back, format!("/catalogue/models/{model_id}/options"), None, fields),
    })
}

pub(super) async fn option_new(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let d = state.run(move |app| app::catalogue::model(app, &actor, model_id)).await?;
    // A new option fits every trim until the administrator says otherwise.
    let trim_ids = d.trims.iter().map(|t| t.id.to_string()).collect();
    let input = OptionInput { kind: "option".into(), active: true, trim_ids, ..Default::default() };
    render(&option_page(&state, &staff, &input, model_id, None).await?)
}

pub(super) async fn option_create(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(model_id): Id,
    Form(input): Form<OptionInput>,
) -> Result<Response, WebError> {
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::create_option(app, a, model_id, &input);
    let done = move |_: &CatalogueOption| format!("/catalogue/models/{model_id}?flash=saved");
    submit(&state, &staff, write, done, async || option_page(&state, &staff, &sub, model_id, None).await).await
}

pub(super) async fn option_edit(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let o = state.run(move |app| app::catalogue::get_option_row(app, &actor, id)).await?;
    let input = OptionInput {
        kind: o.option.kind.clone(),
        name: o.option.name.clone(),
        code: o.option.code.clone().unwrap_or_default(),
        price: Money::from_fen(o.option.price_fen).to_plain(),
        trim_ids: o.trim_ids.iter().map(i64::to_string).collect(),
        active: o.option.active,
        version: o.option.version,
    };
    render(&option_page(&state, &staff, &input, o.option.model_id, Some(id)).await?)
}

pub(super) async fn option_update(
    State(state): State<AppState>,
    Need(staff, _): Need<CatalogueManage>,
    Id(id): Id,
    Form(input): Form<OptionInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let model_id = state.run(move |app| app::catalogue::get_option_row(app, &actor, id)).await?.option.model_id;
    let sub = input.clone();
    let write = move |app: &App, a: &Actor| app::catalogue::update_option(app, a, id, input.version, &input);
    let done = move |_: &CatalogueOption| format!("/catalogue/models/{model_id}?flash=saved");
    submit(&state, &staff, write, done, async || option_page(&state, &staff, &sub, model_id, Some(id)).await).await
}
