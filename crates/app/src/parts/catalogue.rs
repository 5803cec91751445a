//! The group's parts catalogue: numbers, names, prices, the models a part fits and the number
//! that supersedes it. Read by everyone who works with parts (with the store's stock), kept by
//! the parts clerk and the group's administrator.

use super::{of_store, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::ids::{PartId, StoreId};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::System;
use domain::{Code, FieldErrors, Money};
use storage::parts::PartRow;
use storage::{DbConnection, Page, PageRequest};

/// A part as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PartInput {
    /// The maker's number, such as `BP-1001` (stored upper case).
    pub part_no: String,
    pub name: String,
    /// The system it belongs to (as on a repair order's line).
    pub system: String,
    /// Retail price per piece in yuan, such as `568.00`.
    pub list_price: String,
    /// Purchase price per piece in yuan.
    pub cost: String,
    /// The models it fits, as the parts book names them; blank: every model.
    pub fits: String,
    /// The number that replaces this one, if any.
    pub superseded_by: String,
}

/// A part of the catalogue with the store's stock of it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PartView {
    pub id: i64,
    pub part_no: String,
    pub name: String,
    #[schema(value_type = String)]
    pub system: System,
    pub list_price_fen: i64,
    /// The purchase price: shown to those who buy or keep the catalogue.
    pub cost_fen: Option<i64>,
    pub fits: String,
    /// The number that replaces this one.
    pub superseded_by: Option<String>,
    /// Pieces on the store's shelves, every warehouse.
    pub on_hand: i64,
    pub version: i64,
}

/// A shelf of the part in the store.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Shelf {
    pub id: i64,
    pub warehouse: String,
    pub bin: String,
    pub on_hand: i32,
    pub reorder_point: i32,
    pub reorder_qty: i32,
    /// Pieces ordered from the maker for this warehouse, not received yet.
    pub on_order: i64,
    pub version: i64,
}

/// A line of the part's ledger.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Movement {
    pub warehouse: String,
    #[schema(value_type = String)]
    pub kind: domain::parts::MovementKind,
    pub quantity: i32,
    pub balance: i32,
    pub repair_order_id: Option<i64>,
    pub purchase_order_id: Option<i64>,
    pub note: String,
    pub user_name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String)]
    pub at: chrono::NaiveDateTime,
}

/// A part with its shelves in the store, its ledger and the numbers it replaced.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PartDetail {
    pub part: PartView,
    pub shelves: Vec<Shelf>,
    /// Older numbers this part supersedes.
    pub replaces: Vec<String>,
    pub movements: Vec<Movement>,
    pub movements_total: i64,
}

fn sees_cost(actor: &Actor) -> bool {
    actor.role.has(Permission::PartsPurchase) || actor.role.has(Permission::PartsCatalogueManage)
}

fn view(c: &mut DbConnection, actor: &Actor, row: PartRow, on_hand: i64) -> AppResult<PartView> {
    let superseded_by = match row.superseded_by {
        Some(id) => Some(storage::parts::get(c, id)?.part_no),
        None => None,
    };
    Ok(PartView {
        id: row.id,
        part_no: row.part_no,
        name: row.name,
        system: row.system,
        list_price_fen: row.list_price_fen,
        cost_fen: sees_cost(actor).then_some(row.cost_fen),
        fits: row.fits,
        superseded_by,
        on_hand,
        version: row.version,
    })
}

/// The catalogue's parts by number or name (`parts_read`), with the store's stock.
pub fn search(app: &App, actor: &Actor, f: &storage::parts::Filter, page: PageRequest) -> AppResult<Page<PartView>> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| {
        let found = storage::parts::search(c, (actor.group_id, actor.store_id), f, page)?;
        let mut items = Vec::with_capacity(found.items.len());
        for l in found.items {
            items.push(view(c, actor, l.part, l.on_hand)?);
        }
        Ok(Page { items, total: found.total, page: found.page, per_page: found.per_page })
    })
}

fn group_part(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<PartRow> {
    let row = storage::parts::get(c, id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    if row.group_id == actor.group_id.0 { Ok(row) } else { Err(AppError::NotFound) }
}

/// Part `id` with the store's shelves and ledger (`parts_read`).
pub fn get(app: &App, actor: &Actor, id: i64, page: PageRequest) -> AppResult<PartDetail> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| detail(c, actor, id, page))
}

pub(crate) fn detail(c: &mut DbConnection, actor: &Actor, id: i64, page: PageRequest) -> AppResult<PartDetail> {
    let row = group_part(c, actor, id)?;
    let store = actor.store_id.0;
    let rows = storage::parts::stock::of_part(c, StoreId(store), PartId(id))?;
    let ordered = storage::parts::stock::on_order(c, store, &[id])?;
    let shelves: Vec<Shelf> = rows
        .into_iter()
        .map(|s| Shelf {
            on_order: ordered.iter().filter(|(_, w, _)| *w == s.warehouse).map(|(_, _, n)| n).sum(),
            id: s.id,
            warehouse: s.warehouse,
            bin: s.bin,
            on_hand: s.on_hand,
            reorder_point: s.reorder_point,
            reorder_qty: s.reorder_qty,
            version: s.version,
        })
        .collect();
    let on_hand = shelves.iter().map(|s| i64::from(s.on_hand)).sum();
    let (_, older) = storage::parts::supersessions(c, &row)?;
    let ledger = storage::parts::stock::movements(c, (StoreId(store), PartId(id)), page)?;
    let mut movements = Vec::with_capacity(ledger.items.len());
    for m in ledger.items {
        let user_name = storage::users::get(c, m.user_id)?.display_name;
        movements.push(Movement {
            warehouse: m.warehouse,
            kind: m.kind,
            quantity: m.quantity,
            balance: m.balance,
            repair_order_id: m.repair_order_id,
            purchase_order_id: m.purchase_order_id,
            note: m.note,
            user_name,
            at: m.at,
        });
    }
    Ok(PartDetail {
        part: view(c, actor, row, on_hand)?,
        shelves,
        replaces: older.into_iter().map(|p| p.part_no).collect(),
        movements,
        movements_total: ledger.total,
    })
}

struct Checked {
    part_no: String,
    name: String,
    system: System,
    list_price_fen: i64,
    cost_fen: i64,
    fits: String,
    superseded_by: Option<String>,
}

fn check(input: &PartInput) -> Result<Checked, FieldErrors> {
    let mut e = FieldErrors::new();
    let part_no = e.check("part_no", domain::parts::part_number(&input.part_no));
    let name = e.check("name", domain::text::required(&input.name, 100));
    let system = System::from_code(input.system.trim());
    if system.is_none() {
        e.add("system", "value-unknown");
    }
    let mut money = |field: &str, typed: &str| {
        let m = e.check(field, Money::parse_yuan(typed));
        if m.is_some_and(|m| !(0..=100_000_000).contains(&m.fen())) {
            e.add(field, "money-range");
        }
        m.map(|m| m.fen())
    };
    let list = money("list_price", &input.list_price);
    let cost = money("cost", &input.cost);
    let fits = e.check("fits", domain::text::optional(&input.fits, 500)).flatten().unwrap_or_default();
    let superseded_by = match input.superseded_by.trim() {
        "" => None,
        typed => e.check("superseded_by", domain::parts::part_number(typed)),
    };
    e.into_result()?;
    Ok(Checked {
        part_no: part_no.expect("checked"),
        name: name.expect("checked"),
        system: system.expect("checked"),
        list_price_fen: list.expect("checked"),
        cost_fen: cost.expect("checked"),
        fits,
        superseded_by,
    })
}

/// The id of the part that supersedes, found by its number in the group (never the part itself).
fn successor(c: &mut DbConnection, actor: &Actor, k: &Checked) -> AppResult<Option<i64>> {
    let Some(no) = &k.superseded_by else { return Ok(None) };
    if *no == k.part_no {
        return Err(AppError::field("superseded_by", "part-supersedes-itself"));
    }
    match storage::parts::by_number(c, actor.group_id.0, no)? {
        Some(p) => Ok(Some(p.id)),
        None => Err(AppError::field("superseded_by", "part-not-in-catalogue")),
    }
}

fn taken(e: storage::StorageError) -> AppError {
    match e {
        storage::StorageError::Duplicate(_) => {
            AppError::Conflict(Conflict::Duplicate { field: "part_no", code: "part-number-taken", existing: None })
        }
        other => other.into(),
    }
}

fn changes(k: &Checked) -> Changes {
    Changes::new()
        .created("part_no", &k.part_no)
        .created("name", &k.name)
        .created("system", k.system.code())
        .created("list_price_fen", k.list_price_fen)
        .created("cost_fen", k.cost_fen)
        .created("fits", &k.fits)
        .created("superseded_by", k.superseded_by.as_deref().unwrap_or(""))
}

/// Adds a part to the group's catalogue (`parts_catalogue_manage`); the same idempotency `key`
/// again answers with the part made the first time.
pub fn create(app: &App, actor: &Actor, input: &PartInput, key: Option<&str>) -> AppResult<PartDetail> {
    let now = app.now();
    require(actor, Permission::PartsCatalogueManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "part", input)?;
    let k = check(input)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return detail(c, actor, id, PageRequest::new(Some(1), Some(20)));
        }
        let superseded_by = successor(c, actor, &k)?;
        let fields = storage::parts::PartFields {
            part_no: &k.part_no,
            name: &k.name,
            system: k.system,
            list_price_fen: k.list_price_fen,
            cost_fen: k.cost_fen,
            fits: &k.fits,
            superseded_by,
        };
        let row = storage::parts::insert(c, actor.group_id.0, &fields, now).map_err(taken)?;
        let record = Record { action: Action::PartCreated, entity_id: row.id, store_id: None, changes: changes(&k) };
        audit::record(c, now, actor, record)?;
        key.remember(c, actor, row.id, now)?;
        detail(c, actor, row.id, PageRequest::new(Some(1), Some(20)))
    })
}

/// Changes part `id` of the catalogue as read at `version` (`parts_catalogue_manage`).
pub fn update(app: &App, actor: &Actor, id: i64, version: i64, input: &PartInput) -> AppResult<PartDetail> {
    let now = app.now();
    require(actor, Permission::PartsCatalogueManage)?;
    let k = check(input)?;
    app.db.write(|c| {
        let row = group_part(c, actor, id)?;
        if row.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        let superseded_by = successor(c, actor, &k)?;
        if superseded_by == Some(row.id) {
            return Err(refused("part-supersedes-itself"));
        }
        let fields = storage::parts::PartFields {
            part_no: &k.part_no,
            name: &k.name,
            system: k.system,
            list_price_fen: k.list_price_fen,
            cost_fen: k.cost_fen,
            fits: &k.fits,
            superseded_by,
        };
        let after = storage::parts::update(c, &row, &fields, now).map_err(taken)?;
        let changes = Changes::new()
            .field("part_no", Some(&row.part_no), Some(&after.part_no))
            .field("name", Some(&row.name), Some(&after.name))
            .field("list_price_fen", Some(row.list_price_fen), Some(after.list_price_fen))
            .field("cost_fen", Some(row.cost_fen), Some(after.cost_fen))
            .field("fits", Some(&row.fits), Some(&after.fits))
            .field("superseded_by", row.superseded_by, after.superseded_by);
        audit::record(c, now, actor, Record { action: Action::PartUpdated, entity_id: id, store_id: None, changes })?;
        detail(c, actor, id, PageRequest::new(Some(1), Some(20)))
    })
}

/// The store's shelf `id`, for a write by a user of that store.
pub(crate) fn shelf(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<storage::parts::stock::StockRow> {
    let row = storage::parts::stock::get(c, id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    of_store(actor, row.store_id, row)
}
