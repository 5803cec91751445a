//! The store's shelves: where a part lies (warehouse and bin), when to reorder it, stock counts
//! (盘点) and the suggestions of what to order.

use super::catalogue::{PartDetail, detail, shelf};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::FieldErrors;
use domain::ids::{PartId, StoreId};
use domain::org::Actor;
use domain::parts::MovementKind;
use domain::rbac::Permission;
use storage::PageRequest;
use storage::parts::stock::Against;

/// Where a part lies in the store and when to reorder it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LevelsInput {
    /// The warehouse, such as `主库`.
    pub warehouse: String,
    /// The bin, such as `A-03-2`.
    pub bin: String,
    /// Reorder when what is on hand and on order falls to this (0: never).
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub reorder_point: String,
    /// How many to order at least.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub reorder_qty: String,
}

/// A count that differs from the books.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AdjustInput {
    /// The shelf counted.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub shelf_id: String,
    /// Pieces found on the shelf.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub counted: String,
    /// Why it differs.
    pub reason: String,
}

pub(crate) fn warehouse(e: &mut FieldErrors, typed: &str) -> Option<String> {
    e.check("warehouse", domain::text::required(typed, 30))
}

/// Sets where part `id` lies in a warehouse of the store and its reorder levels
/// (`parts_issue`); the shelf is made when the part was not kept there yet.
pub fn set_levels(app: &App, actor: &Actor, id: i64, input: &LevelsInput) -> AppResult<PartDetail> {
    let now = app.now();
    require(actor, Permission::PartsIssue)?;
    let mut e = FieldErrors::new();
    let warehouse = warehouse(&mut e, &input.warehouse);
    let bin = e.check("bin", domain::text::optional(&input.bin, 20)).flatten().unwrap_or_default().to_uppercase();
    let point = e.check("reorder_point", domain::parts::level(&input.reorder_point));
    let qty = e.check("reorder_qty", domain::parts::level(&input.reorder_qty));
    e.into_result()?;
    let (warehouse, point, qty) = (warehouse.expect("checked"), point.expect("checked"), qty.expect("checked"));
    app.db.write(|c| {
        let part = storage::parts::get(c, id).map_err(|_| AppError::NotFound)?;
        if part.group_id != actor.group_id.0 {
            return Err(AppError::NotFound);
        }
        let row = storage::parts::stock::ensure(c, (StoreId(actor.store_id.0), PartId(id)), &warehouse, now)?;
        let after = storage::parts::stock::set_levels(c, &row, (&bin, point, qty), now)?;
        let changes = Changes::new()
            .created("warehouse", &warehouse)
            .field("bin", &row.bin, &after.bin)
            .field("reorder_point", row.reorder_point, after.reorder_point)
            .field("reorder_qty", row.reorder_qty, after.reorder_qty);
        let record =
            Record { action: Action::StockLevelsSet, entity_id: after.id, store_id: Some(after.store_id), changes };
        audit::record(c, now, actor, record)?;
        detail(c, actor, id, PageRequest::new(Some(1), Some(20)))
    })
}

/// Records a stock count of a shelf (`parts_issue`): the difference goes into the ledger with
/// its reason.
pub fn adjust(app: &App, actor: &Actor, id: i64, input: &AdjustInput) -> AppResult<PartDetail> {
    let now = app.now();
    require(actor, Permission::PartsIssue)?;
    let mut e = FieldErrors::new();
    let shelf_id = input.shelf_id.trim().parse::<i64>().ok();
    if shelf_id.is_none() {
        e.add("shelf_id", "value-unknown");
    }
    let counted = input.counted.trim().parse::<i32>().ok().filter(|n| (0..=99_999).contains(n));
    if counted.is_none() {
        e.add("counted", "part-level-invalid");
    }
    let reason = e.check("reason", domain::text::required(&input.reason, 200));
    e.into_result()?;
    let (shelf_id, counted, reason) = (shelf_id.expect("checked"), counted.expect("checked"), reason.expect("checked"));
    app.db.write(|c| {
        let row = shelf(c, actor, shelf_id)?;
        if row.part_id != id {
            return Err(AppError::NotFound);
        }
        let difference = counted - row.on_hand;
        if difference == 0 {
            return Err(AppError::field("counted", "part-count-unchanged"));
        }
        let after = if difference > 0 {
            storage::parts::stock::put(c, row.id, difference, now)?
        } else {
            // Taken as a count of the shelf read: a concurrent issue makes this one stale.
            storage::parts::stock::take(c, row.id, -difference, now)?
                .filter(|a| a.on_hand == counted)
                .ok_or(AppError::Conflict(Conflict::Stale))?
        };
        let by = (reason.as_str(), actor.user_id.0);
        storage::parts::stock::record(c, &after, (MovementKind::Adjustment, difference), Against::default(), by, now)?;
        let changes = Changes::new().field("on_hand", row.on_hand, after.on_hand).created("reason", &reason);
        let record = Record { action: Action::StockAdjusted, entity_id: row.id, store_id: Some(row.store_id), changes };
        audit::record(c, now, actor, record)?;
        detail(c, actor, id, PageRequest::new(Some(1), Some(20)))
    })
}

/// A shelf to reorder and how many.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub part_id: i64,
    pub part_no: String,
    pub name: String,
    pub warehouse: String,
    pub on_hand: i32,
    pub on_order: i64,
    pub reorder_point: i32,
    pub quantity: i32,
    pub unit_cost_fen: i64,
}

/// The store's shelves at or below their reorder point counting what is on order, with what
/// to order (`parts_read`).
pub fn suggestions(app: &App, actor: &Actor) -> AppResult<Vec<Suggestion>> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| low(c, actor.store_id.0))
}

pub(crate) fn low(c: &mut storage::DbConnection, store: i64) -> AppResult<Vec<Suggestion>> {
    let rows = storage::parts::stock::low(c, store)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.stock.part_id).collect();
    let ordered = storage::parts::stock::on_order(c, store, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let on_order: i64 = ordered
                .iter()
                .filter(|(p, w, _)| *p == r.stock.part_id && *w == r.stock.warehouse)
                .map(|(_, _, n)| n)
                .sum();
            let s = &r.stock;
            let quantity = domain::parts::reorder(
                s.on_hand,
                i32::try_from(on_order).unwrap_or(i32::MAX),
                s.reorder_point,
                s.reorder_qty,
            )?;
            Some(Suggestion {
                part_id: s.part_id,
                part_no: r.part_no,
                name: r.name,
                warehouse: s.warehouse.clone(),
                on_hand: s.on_hand,
                on_order,
                reorder_point: s.reorder_point,
                quantity,
                unit_cost_fen: r.cost_fen,
            })
        })
        .collect())
}
