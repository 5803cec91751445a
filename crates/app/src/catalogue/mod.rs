//! The vehicle catalogue: read by everyone who sells or services, managed by administrators.

mod input;
mod views;

pub use input::{BrandInput, ColourInput, ModelInput, OptionInput, TrimInput};

/// The catalogue's rows, as the pages and the API show them (plain data).
pub use views::{Brand, CatalogueOption, Colour, Model, Trim};

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::error::on_duplicate;
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Permission;
use std::collections::BTreeMap;
use storage::DbConnection;
use storage::catalogue::*;
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
/// One model with everything sold on it.
pub struct ModelDetail {
    pub brand: Brand,
    pub model: Model,
    pub trims: Vec<Trim>,
    pub colours: Vec<Colour>,
    pub options: Vec<OptionWithTrims>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OptionWithTrims {
    #[serde(flatten)]
    pub option: CatalogueOption,
    pub trim_ids: Vec<i64>,
}

/// Brands with their models and the number of trims of each model.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BrandTree {
    pub brand: Brand,
    pub models: Vec<ModelWithTrims>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ModelWithTrims {
    pub model: Model,
    pub trims: Vec<Trim>,
}

/// A trim as `actor` may see it: the floor price only for roles that price or approve.
fn as_seen(actor: &Actor, t: TrimRow) -> Trim {
    let mut t = Trim::from(t);
    if !actor.can(Permission::PricingView) {
        t.floor_price_fen = None;
    }
    t
}

pub fn tree(app: &App, actor: &Actor) -> AppResult<Vec<BrandTree>> {
    require(actor, Permission::CatalogueRead)?;
    let g = actor.group_id.0;
    app.db.read(|c| {
        let brands = list_brands(c, g)?;
        let models = list_models(c, g, None)?;
        let ids: Vec<i64> = models.iter().map(|m| m.id).collect();
        let mut trims_by_model: BTreeMap<i64, Vec<Trim>> = BTreeMap::new();
        for t in list_trims(c, g, &ids)?.into_iter().map(|t| as_seen(actor, t)) {
            trims_by_model.entry(t.model_id).or_default().push(t);
        }
        Ok(brands
            .into_iter()
            .map(|brand| {
                let models = models
                    .iter()
                    .filter(|m| m.brand_id == brand.id)
                    .map(|m| ModelWithTrims {
                        model: m.clone().into(),
                        trims: trims_by_model.remove(&m.id).unwrap_or_default(),
                    })
                    .collect();
                BrandTree { brand: brand.into(), models }
            })
            .collect())
    })
}

fn model_detail(c: &mut DbConnection, actor: &Actor, model_id: i64) -> AppResult<ModelDetail> {
    let g = actor.group_id.0;
    let model = get_model(c, g, model_id)?;
    let brand = get_brand(c, g, model.brand_id)?;
    let trims = list_trims(c, g, &[model.id])?;
    let colours = list_colours(c, domain::ids::GroupId(g), domain::ids::ModelId(model.id))?;
    let options = list_options(c, domain::ids::GroupId(g), domain::ids::ModelId(model.id))?;
    let fitments = list_fitments(c, &options.iter().map(|o| o.id).collect::<Vec<_>>())?;
    let options = options
        .into_iter()
        .map(|option| {
            let trim_ids = fitments.iter().filter(|(o, _)| *o == option.id).map(|(_, t)| *t).collect();
            OptionWithTrims { option: option.into(), trim_ids }
        })
        .collect();
    Ok(ModelDetail {
        brand: brand.into(),
        model: model.into(),
        trims: trims.into_iter().map(|t| as_seen(actor, t)).collect(),
        colours: colours.into_iter().map(Colour::from).collect(),
        options,
    })
}

pub fn model(app: &App, actor: &Actor, model_id: i64) -> AppResult<ModelDetail> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| model_detail(c, actor, model_id))
}

pub fn brand(app: &App, actor: &Actor, id: i64) -> AppResult<Brand> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| Ok(get_brand(c, actor.group_id.0, id)?.into()))
}

pub fn trim(app: &App, actor: &Actor, id: i64) -> AppResult<Trim> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| Ok(as_seen(actor, get_trim(c, actor.group_id.0, id)?)))
}

/// Runs a catalogue write with its audit record: `f` gets the group and the time to stamp the row
/// with, and returns the row, its id and the changes.
fn write<R, T: From<R> + Send>(
    app: &App,
    actor: &Actor,
    action: Action,
    f: impl FnOnce(&mut DbConnection, i64, NaiveDateTime) -> AppResult<(R, i64, Changes)> + Send,
) -> AppResult<T> {
    let now = app.now();
    require(actor, Permission::CatalogueManage)?;
    app.db.write(|c| {
        let (value, entity_id, changes) = f(c, actor.group_id.0, now)?;
        audit::record(c, now, actor, Record { action, entity_id, store_id: None, changes })?;
        Ok(value.into())
    })
}

const NAME_TAKEN: fn(storage::StorageError) -> AppError = |e| on_duplicate("name", "name-taken")(e);

pub fn create_brand(app: &App, actor: &Actor, input: &BrandInput) -> AppResult<Brand> {
    let f = input.parse()?;
    write(app, actor, Action::BrandCreated, |c, g, now| {
        let row = insert_brand(c, g, &f, now).map_err(NAME_TAKEN)?;
        let id = row.id;
        Ok((row, id, Changes::new().created("name", &f.name).created("name_en", &f.name_en)))
    })
}

pub fn update_brand(app: &App, actor: &Actor, id: i64, version: i64, input: &BrandInput) -> AppResult<Brand> {
    let f = input.parse()?;
    write(app, actor, Action::BrandUpdated, |c, g, now| {
        let b = get_brand(c, g, id)?;
        let a = storage::catalogue::update_brand(c, g, id, version, &f, now).map_err(NAME_TAKEN)?;
        let ch = Changes::new()
            .field("name", &b.name, &a.name)
            .field("name_en", &b.name_en, &a.name_en)
            .field("active", b.active, a.active);
        Ok((a, id, ch))
    })
}

pub fn create_model(app: &App, actor: &Actor, brand_id: i64, input: &ModelInput) -> AppResult<Model> {
    let f = input.parse()?;
    write(app, actor, Action::ModelCreated, |c, g, now| {
        get_brand(c, g, brand_id)?;
        let row = insert_model(c, g, brand_id, &f, now).map_err(NAME_TAKEN)?;
        let id = row.id;
        Ok((
            row,
            id,
            Changes::new().created("brand_id", brand_id).created("name", &f.name).created("body_type", &f.body_type),
        ))
    })
}

pub fn update_model(app: &App, actor: &Actor, id: i64, version: i64, input: &ModelInput) -> AppResult<Model> {
    let f = input.parse()?;
    write(app, actor, Action::ModelUpdated, |c, g, now| {
        let b = get_model(c, g, id)?;
        let a = storage::catalogue::update_model(c, g, id, version, &f, now).map_err(NAME_TAKEN)?;
        let ch = Changes::new()
            .field("name", &b.name, &a.name)
            .field("body_type", &b.body_type, &a.body_type)
            .field("active", b.active, a.active);
        Ok((a, id, ch))
    })
}

fn trim_changes(b: Option<&TrimRow>, a: &TrimRow) -> Changes {
    let ch = Changes::new();
    match b {
        None => ch
            .created("name", &a.name)
            .created("model_year", a.model_year)
            .created("msrp_fen", a.msrp_fen)
            .created("floor_price_fen", a.floor_price_fen)
            .created("fuel_type", a.fuel_type),
        Some(b) => ch
            .field("name", &b.name, &a.name)
            .field("model_year", b.model_year, a.model_year)
            .field("msrp_fen", b.msrp_fen, a.msrp_fen)
            .field("floor_price_fen", b.floor_price_fen, a.floor_price_fen)
            .field("fuel_type", &b.fuel_type, &a.fuel_type)
            .field("nev_catalogue", b.nev_catalogue, a.nev_catalogue)
            .field("seats", b.seats, a.seats)
            .field("active", b.active, a.active),
    }
}

pub fn create_trim(app: &App, actor: &Actor, model_id: i64, input: &TrimInput) -> AppResult<Trim> {
    let f = input.parse()?;
    write(app, actor, Action::TrimCreated, |c, g, now| {
        get_model(c, g, model_id)?;
        let row = insert_trim(c, g, model_id, &f, now).map_err(NAME_TAKEN)?;
        Ok((row.clone(), row.id, trim_changes(None, &row)))
    })
}

pub fn update_trim(app: &App, actor: &Actor, id: i64, version: i64, input: &TrimInput) -> AppResult<Trim> {
    let f = input.parse()?;
    write(app, actor, Action::TrimUpdated, |c, g, now| {
        let b = get_trim(c, g, id)?;
        let a = storage::catalogue::update_trim(c, g, id, version, &f, now).map_err(NAME_TAKEN)?;
        let ch = trim_changes(Some(&b), &a);
        Ok((a, id, ch))
    })
}

pub fn create_colour(app: &App, actor: &Actor, model_id: i64, input: &ColourInput) -> AppResult<Colour> {
    let f = input.parse()?;
    write(app, actor, Action::ColourCreated, |c, g, now| {
        get_model(c, g, model_id)?;
        let row = insert_colour(c, g, model_id, &f, now).map_err(NAME_TAKEN)?;
        let id = row.id;
        Ok((
            row,
            id,
            Changes::new()
                .created("kind", &f.kind)
                .created("name", &f.name)
                .created("extra_price_fen", f.extra_price_fen),
        ))
    })
}

pub fn update_colour(app: &App, actor: &Actor, id: i64, version: i64, input: &ColourInput) -> AppResult<Colour> {
    let f = input.parse()?;
    write(app, actor, Action::ColourUpdated, |c, g, now| {
        let b = get_colour(c, g, id)?;
        let a = storage::catalogue::update_colour(c, g, id, version, &f, now).map_err(NAME_TAKEN)?;
        let ch = Changes::new()
            .field("kind", &b.kind, &a.kind)
            .field("name", &b.name, &a.name)
            .field("code", &b.code, &a.code)
            .field("extra_price_fen", b.extra_price_fen, a.extra_price_fen)
            .field("active", b.active, a.active);
        Ok((a, id, ch))
    })
}

fn model_trim_ids(c: &mut DbConnection, g: i64, model_id: i64) -> AppResult<Vec<i64>> {
    Ok(list_trims(c, g, &[model_id])?.into_iter().map(|t| t.id).collect())
}

pub fn create_option(app: &App, actor: &Actor, model_id: i64, input: &OptionInput) -> AppResult<CatalogueOption> {
    write(app, actor, Action::OptionCreated, |c, g, now| {
        get_model(c, g, model_id)?;
        let (f, trims) = input.parse(&model_trim_ids(c, g, model_id)?)?;
        let row = insert_option(c, g, model_id, &f, now).map_err(NAME_TAKEN)?;
        set_fitments(c, row.id, &trims)?;
        let id = row.id;
        let ch = Changes::new()
            .created("kind", &f.kind)
            .created("name", &f.name)
            .created("price_fen", f.price_fen)
            .created("trim_ids", &trims);
        Ok((row, id, ch))
    })
}

pub fn update_option(
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    input: &OptionInput,
) -> AppResult<CatalogueOption> {
    write(app, actor, Action::OptionUpdated, |c, g, now| {
        let b = get_option(c, g, id)?;
        let (f, trims) = input.parse(&model_trim_ids(c, g, b.model_id)?)?;
        let mut before_trims: Vec<i64> = list_fitments(c, &[id])?.into_iter().map(|(_, t)| t).collect();
        before_trims.sort_unstable();
        let a = storage::catalogue::update_option(c, g, id, version, &f, now).map_err(NAME_TAKEN)?;
        set_fitments(c, id, &trims)?;
        let ch = Changes::new()
            .field("kind", &b.kind, &a.kind)
            .field("name", &b.name, &a.name)
            .field("code", &b.code, &a.code)
            .field("price_fen", b.price_fen, a.price_fen)
            .field("active", b.active, a.active)
            .field("trim_ids", &before_trims, &trims);
        Ok((a, id, ch))
    })
}

pub fn get_option_row(app: &App, actor: &Actor, id: i64) -> AppResult<OptionWithTrims> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| {
        let option = get_option(c, actor.group_id.0, id)?;
        let trim_ids = list_fitments(c, &[id])?.into_iter().map(|(_, t)| t).collect();
        Ok(OptionWithTrims { option: option.into(), trim_ids })
    })
}

pub fn colour(app: &App, actor: &Actor, id: i64) -> AppResult<Colour> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| Ok(get_colour(c, actor.group_id.0, id)?.into()))
}

/// How many trims the group's catalogue has (the home page's figure).
pub fn trim_count(app: &App, actor: &Actor) -> AppResult<i64> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| Ok(storage::catalogue::count_trims(c, actor.group_id.0)?))
}

/// The group's models, every brand (the order list's model filter).
pub fn models(app: &App, actor: &Actor) -> AppResult<Vec<Model>> {
    require(actor, Permission::CatalogueRead)?;
    app.db.read(|c| {
        Ok(storage::catalogue::list_models(c, actor.group_id.0, None)?.into_iter().map(Model::from).collect())
    })
}

/// What catalogue adds to the application (listed in `app::capabilities::ALL`).
pub const CAPABILITY: crate::kernel::registry::Capability = crate::kernel::registry::Capability {
    name: "catalogue",
    listeners: LISTENERS,
    timeline: &[],
    vehicle_notes: &[],
    jobs: &[],
    permissions: &[domain::rbac::Permission::CatalogueRead, domain::rbac::Permission::CatalogueManage],
    audit_actions: &[
        crate::kernel::audit::Action::BrandCreated,
        crate::kernel::audit::Action::BrandUpdated,
        crate::kernel::audit::Action::ModelCreated,
        crate::kernel::audit::Action::ModelUpdated,
        crate::kernel::audit::Action::TrimCreated,
        crate::kernel::audit::Action::TrimUpdated,
        crate::kernel::audit::Action::ColourCreated,
        crate::kernel::audit::Action::ColourUpdated,
        crate::kernel::audit::Action::OptionCreated,
        crate::kernel::audit::Action::OptionUpdated,
    ],
    erasers: &[],
    staff_notices: &[],
};

const LISTENERS: &[crate::kernel::events::Listener] = &[];
