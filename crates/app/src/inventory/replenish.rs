//! Replenishment suggestions per trim and exterior colour of a store: the open orders without a
//! vehicle, the recent weekly sales, the free stock on hand, on the way and still to come from
//! open factory orders, and the trim's (or model's) thresholds → a quantity to order now with
//! its reasoning (`domain::inventory::suggest`). One click makes a line a draft factory order
//! for the orders it would serve.
//!
//! Hot leads (H-tier open leads interested in the line's model, `storage::crm::leads::hot_by_model`)
//! are shared among the model's lines by their share of its sales and enter the rule with the
//! horizon's conversion percentage; a line with any shows its "hot leads" reason.

use super::factory_orders::{self, FactoryOrder, FactoryOrderInput};
use super::vehicles::refused;
use crate::{App, AppError, AppResult, require};
use chrono::Duration;
use domain::FieldErrors;
use domain::inventory::{Reason, ReplenishInput, Threshold, Whereabouts, suggest};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Terms;
use std::collections::BTreeMap;
use storage::inventory::demand::{self, DemandOrder};
use storage::inventory::thresholds::ThresholdRow;

/// How the suggestion looks ahead; each in weeks, 1 to 26.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema, utoipa::IntoParams,
)]
#[serde(default, deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Horizon {
    /// From a factory order to the car in the yard.
    pub lead_weeks: i64,
    /// Sales the stock should cover once it arrives.
    pub cover_weeks: i64,
    /// Recent weeks the sales velocity is taken over.
    pub history_weeks: i64,
    /// The share (0-100 %) of the hot (H-tier) open leads for a model expected to buy within
    /// the horizon; 0 leaves leads out.
    pub hot_lead_pct: i64,
}

impl Default for Horizon {
    fn default() -> Self {
        Self { lead_weeks: 6, cover_weeks: 4, history_weeks: 8, hot_lead_pct: 30 }
    }
}

impl Horizon {
    fn check(self) -> AppResult<Self> {
        let mut e = FieldErrors::new();
        for (field, n) in
            [("lead_weeks", self.lead_weeks), ("cover_weeks", self.cover_weeks), ("history_weeks", self.history_weeks)]
        {
            if !(1..=26).contains(&n) {
                e.add(field, "replenish-weeks");
            }
        }
        if !(0..=100).contains(&self.hot_lead_pct) {
            e.add("hot_lead_pct", "replenish-hot-lead-pct");
        }
        e.into_result()?;
        Ok(self)
    }
}

/// One line: a trim and exterior colour, the quantity to order now and why.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReplenishLine {
    pub trim_id: i64,
    pub exterior_colour_id: i64,
    pub quantity: i64,
    /// The reasoning in order: `code` names the line (`open-orders`, `weekly-sales-x100`, …,
    /// `suggested`), `value` its number.
    #[schema(value_type = Vec<Object>)]
    pub reasons: Vec<Reason>,
    /// Waiting orders of exactly this specification (no interior colour asked) with no factory
    /// order yet: a draft made from this line is for them.
    pub waiting_order_ids: Vec<i64>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Replenishment {
    pub horizon: Horizon,
    /// Lines with something to order first, then the rest by trim.
    pub lines: Vec<ReplenishLine>,
}

/// What the store's data says about one trim and colour before the suggestion.
#[derive(Debug, Default)]
struct Demand {
    open_orders: i64,
    weekly_sales: Vec<i64>,
    free_in_stock: i64,
    free_in_transit: i64,
    free_on_order: i64,
    hot_leads: i64,
    waiting_order_ids: Vec<i64>,
}

fn colours(o: &DemandOrder) -> (i64, Option<i64>) {
    // An unreadable terms column is an order this report cannot place; it counts nowhere.
    serde_json::from_str::<Terms>(&o.terms)
        .map(|t| (t.exterior_colour_id.unwrap_or(0), t.interior_colour_id))
        .unwrap_or((0, None))
}

/// The store's suggestions (`vehicle_manage`: logistics and the general manager).
pub fn suggestions(app: &App, actor: &Actor, horizon: Horizon) -> AppResult<Replenishment> {
    require(actor, Permission::VehicleManage)?;
    let horizon = horizon.check()?;
    let now = app.now();
    let store = actor.store_id.0;
    let (waiting, sold, counts, outstanding, thresholds, (trims, hot)) = app.db.read(|c| {
        let since = now - Duration::weeks(horizon.history_weeks);
        let models: Vec<i64> =
            storage::catalogue::list_models(c, actor.group_id.0, None)?.iter().map(|m| m.id).collect();
        let trims: BTreeMap<i64, i64> = storage::catalogue::list_trims(c, actor.group_id.0, &models)?
            .into_iter()
            .map(|t| (t.id, t.model_id))
            .collect();
        Ok::<_, AppError>((
            demand::waiting_orders(c, store)?,
            demand::sold_since(c, store, since)?,
            storage::inventory::vehicles::stock_counts(c, store)?,
            demand::outstanding(c, store)?,
            storage::inventory::thresholds::all(c, Some(store))?,
            (trims, storage::crm::leads::hot_by_model(c, store)?),
        ))
    })?;
    let weeks = usize::try_from(horizon.history_weeks).unwrap_or(1);
    let mut lines: BTreeMap<(i64, i64), Demand> = BTreeMap::new();
    for o in &waiting {
        let (exterior, interior) = colours(o);
        let d = lines.entry((o.trim_id, exterior)).or_default();
        d.open_orders += 1;
        if !o.linked && interior.is_none() {
            d.waiting_order_ids.push(o.id);
        }
    }
    for o in &sold {
        let d = lines.entry((o.trim_id, colours(o).0)).or_default();
        d.weekly_sales.resize(weeks, 0);
        let ago = usize::try_from((now - o.created_at).num_weeks()).unwrap_or(0).min(weeks - 1);
        d.weekly_sales[weeks - 1 - ago] += 1;
    }
    for k in counts.iter().filter(|k| k.commitment == "free") {
        let d = lines.entry((k.trim_id, k.exterior_colour_id)).or_default();
        match k.whereabouts {
            Whereabouts::InStock => d.free_in_stock += k.count,
            Whereabouts::InTransit => d.free_in_transit += k.count,
            Whereabouts::Ordered => d.free_on_order += k.count,
            Whereabouts::InPdi | Whereabouts::Delivered => {}
        }
    }
    for f in &outstanding {
        lines.entry((f.trim_id, f.exterior_colour_id)).or_default().free_on_order +=
            (i64::from(f.quantity) - f.announced).max(0);
    }
    for t in &thresholds {
        // A trim with thresholds and no activity still gets its line (its safety stock).
        if let Some(trim) = t.trim_id
            && !lines.keys().any(|(tr, _)| *tr == trim)
        {
            lines.entry((trim, 0)).or_default();
        }
    }
    lines.retain(|(trim, colour), _| *colour != 0 || thresholds.iter().any(|t| t.trim_id == Some(*trim)));
    // Each model's hot leads, shared among its lines by their sales (evenly without sales).
    for (model, leads) in &hot {
        let of_model: Vec<(i64, i64)> =
            lines.keys().filter(|(tr, colour)| *colour != 0 && trims.get(tr) == Some(model)).copied().collect();
        let sales: i64 = of_model.iter().map(|k| lines[k].weekly_sales.iter().sum::<i64>()).sum();
        let n = i64::try_from(of_model.len()).unwrap_or(1).max(1);
        for k in &of_model {
            let mine: i64 = lines[k].weekly_sales.iter().sum();
            let share = if sales > 0 { (leads * mine + sales - 1) / sales } else { (leads + n - 1) / n };
            if let Some(d) = lines.get_mut(k) {
                d.hot_leads = share;
            }
        }
    }
    let sales_of = |pick: &dyn Fn(i64) -> bool| -> i64 {
        lines.iter().filter(|((tr, _), _)| pick(*tr)).map(|(_, d)| d.weekly_sales.iter().sum::<i64>()).sum()
    };
    let mut out = Vec::new();
    for (&(trim_id, exterior_colour_id), d) in &lines {
        let model = trims.get(&trim_id).copied();
        let row = threshold_of(&thresholds, trim_id, model);
        let free = |d: &Demand| d.free_in_stock + d.free_in_transit + d.free_on_order;
        let (share, elsewhere) = row.map_or((None, 0), |r| {
            let scope: &dyn Fn(i64) -> bool = match r.trim_id {
                Some(t) => &move |tr| tr == t,
                None => &|tr| trims.get(&tr).copied() == model,
            };
            let colours = lines.keys().filter(|(tr, _)| scope(*tr)).count().max(1);
            let total = sales_of(scope);
            let mine: i64 = d.weekly_sales.iter().sum();
            let share = if total > 0 { mine * 100 / total } else { 100 / i64::try_from(colours).unwrap_or(1) };
            // The model's (or trim's) free cars in its other lines stand for the same threshold.
            let scope_free: i64 = lines.iter().filter(|((tr, _), _)| scope(*tr)).map(|(_, x)| free(x)).sum();
            (Some(share), scope_free - free(d))
        });
        let mut weekly_sales = d.weekly_sales.clone();
        weekly_sales.resize(weeks, 0);
        let s = suggest(&ReplenishInput {
            open_orders: d.open_orders,
            weekly_sales,
            free_in_stock: d.free_in_stock,
            free_in_transit: d.free_in_transit,
            free_on_order: d.free_on_order,
            lead_weeks: horizon.lead_weeks,
            cover_weeks: horizon.cover_weeks,
            threshold: row.map(|r| Threshold { low: r.low_count, high: r.high_count }).unwrap_or_default(),
            threshold_share_pct: share.filter(|p| *p < 100),
            scope_free_elsewhere: elsewhere,
            hot_leads: d.hot_leads,
            hot_lead_conversion_pct: horizon.hot_lead_pct,
        });
        if exterior_colour_id == 0 && s.quantity == 0 {
            continue;
        }
        out.push(ReplenishLine {
            trim_id,
            exterior_colour_id,
            quantity: s.quantity,
            reasons: s.reasons,
            waiting_order_ids: d.waiting_order_ids.clone(),
        });
    }
    out.sort_by_key(|l| (l.quantity == 0, -l.quantity, l.trim_id, l.exterior_colour_id));
    Ok(Replenishment { horizon, lines: out })
}

/// The trim's thresholds, else its model's.
fn threshold_of(all: &[ThresholdRow], trim_id: i64, model_id: Option<i64>) -> Option<&ThresholdRow> {
    all.iter()
        .find(|t| t.trim_id == Some(trim_id))
        .or_else(|| all.iter().find(|t| t.model_id.is_some() && t.model_id == model_id))
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DraftInput {
    pub trim_id: Option<i64>,
    pub exterior_colour_id: Option<i64>,
    /// The look-ahead the line was computed with (the defaults when left out).
    pub horizon: Horizon,
}

/// Makes the line of `input`'s trim and colour a draft factory order of its suggested quantity
/// (computed again now, not taken from the page), expected after the lead time, for the
/// waiting orders of its exact specification; refused when the line suggests nothing.
pub fn draft(app: &App, actor: &Actor, input: DraftInput, key: Option<&str>) -> AppResult<FactoryOrder> {
    let mut e = FieldErrors::new();
    if input.trim_id.is_none() {
        e.add("trim_id", "required");
    }
    if input.exterior_colour_id.is_none() {
        e.add("exterior_colour_id", "required");
    }
    e.into_result()?;
    // A retry answers with the draft the first request made, whatever the suggestion says now.
    let key = crate::kernel::idempotency::Key::new(key, "replenish_draft", &input)?;
    if let Some(id) = app.db.read(|c| key.existing(c, actor))? {
        return factory_orders::get(app, actor, id);
    }
    let all = suggestions(app, actor, input.horizon)?;
    let line = all
        .lines
        .into_iter()
        .find(|l| Some(l.trim_id) == input.trim_id && Some(l.exterior_colour_id) == input.exterior_colour_id)
        .filter(|l| l.quantity > 0 && l.exterior_colour_id != 0)
        .ok_or_else(|| refused("replenish-nothing-to-order"))?;
    let quantity = i32::try_from(line.quantity).unwrap_or(i32::MAX);
    let take = usize::try_from(line.quantity).unwrap_or(0);
    factory_orders::create_with(
        app,
        actor,
        &FactoryOrderInput {
            trim_id: Some(line.trim_id),
            exterior_colour_id: Some(line.exterior_colour_id),
            interior_colour_id: None,
            quantity: Some(quantity.min(factory_orders::MAX_QUANTITY)),
            expected_on: Some(crate::kernel::calendar::today(app, actor)? + Duration::weeks(input.horizon.lead_weeks)),
            note: String::new(),
            order_ids: line.waiting_order_ids.into_iter().take(take).collect(),
            draft: true,
        },
        &key,
    )
}
