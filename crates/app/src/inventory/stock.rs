//! The stock as staff look at it: a store's vehicles filtered and paged (the yard list), the
//! overview of counts by model, trim and colour per status with drill-down to the VINs, a
//! vehicle's history, and the catalogue names these pages print.

use super::vehicles::{self, Vehicle};
use crate::{App, AppResult, Page, PageRequest, require};
use chrono::NaiveDateTime;
use domain::inventory::{Commitment, VehicleStatus};
use domain::org::Actor;
use domain::rbac::Permission;
use std::collections::BTreeMap;
use storage::inventory::vehicles::{self as rows, VehicleFilter};

/// Catalogue names by id: "品牌 车型 配置" for a trim, a colour's name, a model's.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub trims: BTreeMap<i64, (i64, String)>,
    pub colours: BTreeMap<i64, String>,
    /// Every model of the group, by name.
    pub models: Vec<(i64, String)>,
    /// A model's brand: its id and name.
    pub brand_of_model: BTreeMap<i64, (i64, String)>,
}

impl Names {
    pub fn trim(&self, id: impl std::borrow::Borrow<i64>) -> String {
        let id = *id.borrow();
        self.trims.get(&id).map(|(_, n)| n.clone()).unwrap_or_else(|| format!("#{id}"))
    }

    pub fn colour(&self, id: impl std::borrow::Borrow<i64>) -> String {
        let id = *id.borrow();
        self.colours.get(&id).cloned().unwrap_or_else(|| format!("#{id}"))
    }

    /// A model's "品牌 车型" (blank for one not in the catalogue).
    pub fn model(&self, id: i64) -> String {
        self.models.iter().find(|x| x.0 == id).map(|x| x.1.clone()).unwrap_or_default()
    }

    /// What a threshold is set on: its model, or its trim.
    pub fn model_or_trim(&self, model_id: Option<i64>, trim_id: Option<i64>) -> String {
        match (model_id, trim_id) {
            (Some(m), _) => self.model(m),
            (_, Some(t)) => self.trim(t),
            _ => String::new(),
        }
    }

    pub fn model_of(&self, trim_id: i64) -> Option<i64> {
        self.trims.get(&trim_id).map(|(m, _)| *m)
    }
}

pub fn names(app: &App, actor: &Actor) -> AppResult<Names> {
    require(actor, Permission::VehicleRead)?;
    let g = actor.group_id.0;
    app.db.read(|c| {
        let brands: BTreeMap<i64, String> =
            storage::catalogue::list_brands(c, g)?.into_iter().map(|b| (b.id, b.name)).collect();
        let models = storage::catalogue::list_models(c, g, None)?;
        let mut names = Names::default();
        let model_name: BTreeMap<i64, String> = models
            .iter()
            .map(|m| (m.id, format!("{} {}", brands.get(&m.brand_id).map(String::as_str).unwrap_or(""), m.name)))
            .collect();
        for m in &models {
            let brand = brands.get(&m.brand_id).cloned().unwrap_or_default();
            names.brand_of_model.insert(m.id, (m.brand_id, brand));
        }
        let ids: Vec<i64> = models.iter().map(|m| m.id).collect();
        for t in storage::catalogue::list_trims(c, g, &ids)? {
            let model = model_name.get(&t.model_id).cloned().unwrap_or_default();
            names.trims.insert(t.id, (t.model_id, format!("{model} {} {}", t.model_year, t.name)));
        }
        for m in &models {
            for colour in storage::catalogue::list_colours(c, domain::ids::GroupId(g), domain::ids::ModelId(m.id))? {
                names.colours.insert(colour.id, colour.name);
            }
        }
        names.models = model_name.into_iter().collect();
        names.models.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(names)
    })
}

/// The store's vehicles as filtered (`store_id` is the actor's), longest in stock first.
pub fn list(app: &App, actor: &Actor, query: &VehicleQuery, page: PageRequest) -> AppResult<Page<Vehicle>> {
    require(actor, Permission::VehicleRead)?;
    let filter = VehicleFilter { store_id: actor.store_id.0, ..query.filter()? };
    app.db.read(|c| {
        let page = rows::list(c, &filter, page)?;
        let (total, p, per_page) = (page.total, page.page, page.per_page);
        let items = page.items.into_iter().map(|r| vehicles::view(actor, r)).collect::<AppResult<_>>()?;
        Ok(Page { items, total, page: p, per_page })
    })
}

/// One line of the overview: a trim and exterior colour with its count per status.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StockLine {
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    /// Counts in the order of `VehicleStatus::ALL` without `delivered`: ordered, in transit,
    /// in stock, reserved, allocated, in PDI.
    pub counts: [i64; 6],
    pub total: i64,
}

/// The statuses the overview counts (a delivered car is not stock).
pub const OVERVIEW: [VehicleStatus; 6] = [
    VehicleStatus::Ordered,
    VehicleStatus::InTransit,
    VehicleStatus::InStock,
    VehicleStatus::Reserved,
    VehicleStatus::Allocated,
    VehicleStatus::InPdi,
];

/// The overview's column of a count (whereabouts and commitment as stored), if it has one.
fn column(whereabouts: &domain::inventory::Whereabouts, commitment: &str) -> Option<usize> {
    let commitment = match commitment {
        "allocated" => Commitment::Allocated { order_id: 0 },
        "reserved" => Commitment::Reserved,
        _ => Commitment::Free,
    };
    let whereabouts = *whereabouts;
    let v = domain::inventory::Vehicle {
        store_id: 0,
        spec: domain::inventory::Spec { trim_id: 0, exterior_colour_id: 0, interior_colour_id: None },
        whereabouts,
        commitment,
        usage: domain::inventory::Usage::Stock,
    };
    OVERVIEW.iter().position(|s| *s == v.status())
}

/// The store's sales stock by trim and colour, per status.
pub fn overview(app: &App, actor: &Actor) -> AppResult<Vec<StockLine>> {
    require(actor, Permission::VehicleRead)?;
    let counts = app.db.read(|c| rows::stock_counts(c, actor.store_id.0))?;
    let mut lines: BTreeMap<(i64, i64), [i64; 6]> = BTreeMap::new();
    for k in counts {
        if let Some(i) = column(&k.whereabouts, &k.commitment) {
            lines.entry((k.trim_id, k.exterior_colour_id)).or_default()[i] += k.count;
        }
    }
    Ok(lines
        .into_iter()
        .map(|((trim_id, exterior_colour_id), counts)| StockLine {
            trim_id,
            exterior_colour_id,
            counts,
            total: counts.iter().sum(),
        })
        .collect())
}

/// The store's sales stock by location (`None`: not parked anywhere yet, e.g. on order), per
/// status in the overview's columns.
pub fn by_location(app: &App, actor: &Actor) -> AppResult<Vec<(Option<i64>, [i64; 6])>> {
    require(actor, Permission::VehicleRead)?;
    let counts = app.db.read(|c| rows::location_counts(c, actor.store_id.0))?;
    let mut lines: BTreeMap<Option<i64>, [i64; 6]> = BTreeMap::new();
    for k in counts {
        if let Some(i) = column(&k.whereabouts, &k.commitment) {
            lines.entry(k.location_id).or_default()[i] += k.count;
        }
    }
    Ok(lines.into_iter().collect())
}

/// One line of a vehicle's history.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HistoryLine {
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub at: NaiveDateTime,
    pub actor: Option<String>,
    pub action: String,
    pub status: String,
    pub order_id: Option<i64>,
    pub note: String,
}

/// What happened to vehicle `id`, oldest first.
pub fn history(app: &App, actor: &Actor, id: i64) -> AppResult<Vec<HistoryLine>> {
    require(actor, Permission::VehicleRead)?;
    app.db.read(|c| {
        vehicles::visible(c, actor, id)?;
        let lines = rows::history(c, id)?;
        let mut names: BTreeMap<i64, String> = BTreeMap::new();
        lines
            .into_iter()
            .map(|e| {
                let who = e.actor_id.map(|u| {
                    names
                        .entry(u)
                        .or_insert_with(|| storage::users::get(c, u).map(|r| r.display_name).unwrap_or_default())
                        .clone()
                });
                Ok(HistoryLine {
                    at: e.at,
                    actor: who,
                    action: e.action,
                    status: e.status,
                    order_id: e.order_id,
                    note: e.note,
                })
            })
            .collect()
    })
}

/// A vehicle list's filters as the API and the pages take them.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VehicleQuery {
    /// The last 4 to 17 characters of the VIN (staff say the last 6 or 8).
    pub vin: String,
    /// ordered | in_transit | in_stock | reserved | allocated | in_pdi | delivered
    pub status: String,
    pub model_id: Option<i64>,
    pub trim_id: Option<i64>,
    pub exterior_colour_id: Option<i64>,
    pub location_id: Option<i64>,
    /// stock | demo | loaner
    pub usage: String,
    /// Delivered vehicles too (without a status).
    pub with_delivered: bool,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl VehicleQuery {
    /// The storage filter, or every unknown value named.
    pub fn filter(&self) -> AppResult<VehicleFilter> {
        let mut e = domain::FieldErrors::new();
        let vin = self.vin.trim().to_ascii_uppercase();
        if !vin.is_empty() && (!(4..=17).contains(&vin.len()) || !vin.chars().all(|c| c.is_ascii_alphanumeric())) {
            e.add("vin", "vehicle-vin-fragment");
        }
        let status = known::<VehicleStatus>("status", &self.status, &mut e);
        let usage = known::<domain::inventory::Usage>("usage", &self.usage, &mut e);
        e.into_result()?;
        Ok(VehicleFilter {
            store_id: 0,
            vin_tail: (!vin.is_empty()).then_some(vin),
            status,
            trim_id: self.trim_id,
            model_id: self.model_id,
            exterior_colour_id: self.exterior_colour_id,
            location_id: self.location_id,
            usage,
            with_delivered: self.with_delivered,
        })
    }
}

/// A code of `T` if given; an unknown one is named.
fn known<T: domain::Code>(field: &'static str, v: &str, e: &mut domain::FieldErrors) -> Option<T> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    let parsed = T::from_code(v);
    if parsed.is_none() {
        e.add(field, "value-unknown");
    }
    parsed
}

/// One aging bucket: how many vehicles and the money they tie up (cost, for those who may see
/// it).
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct AgingLine {
    /// `0_30`, `31_60`, `61_90`, `over_90`.
    pub bucket: String,
    pub count: i64,
    pub cost_fen: Option<i64>,
}

/// The store's sales stock by days in stock: at this store (restarts on a transfer) and in the
/// group (does not), with the slowest vehicles.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Aging {
    pub store: Vec<AgingLine>,
    pub group: Vec<AgingLine>,
    pub count: i64,
    pub cost_fen: Option<i64>,
    /// The twenty longest at this store.
    pub slowest: Vec<Vehicle>,
}

pub fn aging(app: &App, actor: &Actor) -> AppResult<Aging> {
    use domain::inventory::{AgingBucket, aging_bucket, stock::days_since};
    require(actor, Permission::VehicleRead)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let cost = actor.can(Permission::VehicleCostView);
    let (by_store, by_group) = app.db.read(|c| {
        Ok::<_, crate::AppError>((
            rows::arrivals(c, actor.store_id.0, false)?,
            rows::arrivals(c, actor.store_id.0, true)?,
        ))
    })?;
    let buckets = |days: &[rows::ArrivalDay]| -> Vec<AgingLine> {
        let mut lines: Vec<AgingLine> = AgingBucket::ALL
            .iter()
            .map(|b| AgingLine { bucket: b.code().into(), count: 0, cost_fen: cost.then_some(0) })
            .collect();
        for d in days {
            let bucket = aging_bucket(d.day.map_or(0, |day| days_since(day, today)));
            if let Some(line) = AgingBucket::ALL.iter().position(|b| *b == bucket).and_then(|i| lines.get_mut(i)) {
                line.count += d.count;
                line.cost_fen = line.cost_fen.map(|c| c + d.cost_fen.unwrap_or(0));
            }
        }
        lines
    };
    let (store, group) = (buckets(&by_store), buckets(&by_group));
    let count = store.iter().map(|l| l.count).sum();
    let cost_fen = cost.then(|| store.iter().filter_map(|l| l.cost_fen).sum());
    let slowest = app.db.read(|c| {
        rows::slowest(c, actor.store_id.0, 20)?
            .into_iter()
            .map(|r| vehicles::view(actor, r))
            .collect::<AppResult<Vec<_>>>()
    })?;
    Ok(Aging { store, group, count, cost_fen, slowest })
}
