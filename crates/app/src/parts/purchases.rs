//! Purchase orders to the maker (采购订单): drafted by hand or from the reorder suggestions,
//! ordered, and received in one or several deliveries onto the shelves they were ordered for.

use super::{of_store, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::ids::{PartId, StoreId};
use domain::org::Actor;
use domain::parts::{MovementKind, PurchaseStatus};
use domain::rbac::Permission;
use domain::{FieldErrors, Money};
use storage::parts::purchases::{Change, LineRow, PurchaseRow};
use storage::parts::stock::Against;
use storage::{DbConnection, Page, PageRequest};

/// A purchase order's line as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LineInput {
    pub part_no: String,
    /// The warehouse it is for.
    pub warehouse: String,
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub quantity: String,
    /// Unit cost in yuan; blank: the catalogue's purchase price.
    pub unit_cost: String,
}

/// Pieces of one line that arrived.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ReceiveLine {
    pub line_id: i64,
    pub quantity: i32,
}

/// A delivery from the maker.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReceiveInput {
    pub lines: Vec<ReceiveLine>,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PurchaseLine {
    pub id: i64,
    pub part_id: i64,
    pub part_no: String,
    pub name: String,
    pub warehouse: String,
    pub quantity: i32,
    pub received: i32,
    pub unit_cost_fen: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PurchaseOrder {
    pub id: i64,
    pub number: String,
    pub supplier: String,
    #[schema(value_type = String)]
    pub status: PurchaseStatus,
    pub note: String,
    pub total_fen: i64,
    pub created_by_name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String)]
    pub created_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub ordered_at: Option<chrono::NaiveDateTime>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub received_at: Option<chrono::NaiveDateTime>,
    pub lines: Vec<PurchaseLine>,
    pub version: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PurchaseQuery {
    /// draft | ordered | partly_received | received | cancelled
    pub status: Option<String>,
    /// The order's number (part).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl PurchaseQuery {
    pub fn parse(&self) -> Result<storage::parts::purchases::Filter, FieldErrors> {
        use domain::Code;
        let mut e = FieldErrors::new();
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => PurchaseStatus::from_code(s).or_else(|| {
                e.add("status", "value-unknown");
                None
            }),
        };
        e.into_result()?;
        Ok(storage::parts::purchases::Filter { status, q: self.q.clone() })
    }
}

fn view(c: &mut DbConnection, row: PurchaseRow) -> AppResult<PurchaseOrder> {
    let lines = storage::parts::purchases::lines_of(c, row.id)?
        .into_iter()
        .map(|l| PurchaseLine {
            id: l.line.id,
            part_id: l.line.part_id,
            part_no: l.part_no,
            name: l.name,
            warehouse: l.line.warehouse,
            quantity: l.line.quantity,
            received: l.line.received,
            unit_cost_fen: l.line.unit_cost_fen,
            amount_fen: l.line.unit_cost_fen * i64::from(l.line.quantity),
        })
        .collect();
    let created_by_name = storage::users::get(c, row.created_by)?.display_name;
    Ok(PurchaseOrder {
        id: row.id,
        number: row.number,
        supplier: row.supplier,
        status: row.status,
        note: row.note,
        total_fen: row.total_fen,
        created_by_name,
        created_at: row.created_at,
        ordered_at: row.ordered_at,
        received_at: row.received_at,
        lines,
        version: row.version,
    })
}

fn load(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<PurchaseRow> {
    let row = storage::parts::purchases::get(c, id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    of_store(actor, row.store_id, row)
}

fn at_version(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<PurchaseRow> {
    let row = load(c, actor, id)?;
    if row.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(row)
}

/// The store's purchase orders (`parts_read`).
pub fn list(
    app: &App,
    actor: &Actor,
    f: &storage::parts::purchases::Filter,
    page: PageRequest,
) -> AppResult<Page<PurchaseOrder>> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| {
        let rows = storage::parts::purchases::list(c, actor.store_id.0, f, page)?;
        let mut items = Vec::with_capacity(rows.items.len());
        for r in rows.items {
            items.push(view(c, r)?);
        }
        Ok(Page { items, total: rows.total, page: rows.page, per_page: rows.per_page })
    })
}

/// Purchase order `id` of the store (`parts_read`).
pub fn purchase(app: &App, actor: &Actor, id: i64) -> AppResult<PurchaseOrder> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| {
        let row = load(c, actor, id)?;
        view(c, row)
    })
}

fn log(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    row: &PurchaseRow,
    action: Action,
    changes: Changes,
) -> AppResult<()> {
    audit::record(c, now, actor, Record { action, entity_id: row.id, store_id: Some(row.store_id), changes })
}

fn new_draft(c: &mut DbConnection, app: &App, actor: &Actor, note: &str) -> AppResult<PurchaseRow> {
    let now = app.now();
    let today = crate::kernel::calendar::today(app, actor)?;
    let store = storage::org::get_store(c, actor.store_id.0)?;
    let seq = storage::parts::purchases::next_seq(c, store.id, today)?;
    let number = domain::parts::purchase_number(&store.code, today, seq);
    let new = storage::parts::purchases::NewPurchase {
        store_id: store.id,
        number: &number,
        supplier: "主机厂",
        note,
        created_by: actor.user_id.0,
    };
    let row = storage::parts::purchases::insert(c, &new, now)?;
    log(c, now, actor, &row, Action::PurchaseOrderCreated, Changes::new().created("number", &number))?;
    Ok(row)
}

/// Recomputes the order's total from its lines (in the caller's write).
fn retotal(c: &mut DbConnection, row: &PurchaseRow, now: chrono::NaiveDateTime) -> AppResult<PurchaseRow> {
    let total = storage::parts::purchases::lines_of(c, row.id)?
        .iter()
        .map(|l| l.line.unit_cost_fen * i64::from(l.line.quantity))
        .sum();
    Ok(storage::parts::purchases::update(c, row, &Change { total_fen: Some(total), ..Default::default() }, now)?)
}

/// A new, empty purchase order of the store (`parts_purchase`); the same idempotency `key`
/// again answers with the order made the first time.
pub fn draft(app: &App, actor: &Actor, note: &str, key: Option<&str>) -> AppResult<PurchaseOrder> {
    require(actor, Permission::PartsPurchase)?;
    let key = crate::kernel::idempotency::Key::new(key, "purchase_order", &note)?;
    let note = domain::text::optional(note, 500)
        .map_err(|e| AppError::field("note", domain::error::ErrorCode::code(&e)))?
        .unwrap_or_default();
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            let row = load(c, actor, id)?;
            return view(c, row);
        }
        let row = new_draft(c, app, actor, &note)?;
        key.remember(c, actor, row.id, row.created_at)?;
        view(c, row)
    })
}

/// A purchase order with every reorder suggestion of the store (`parts_purchase`).
pub fn from_suggestions(app: &App, actor: &Actor) -> AppResult<PurchaseOrder> {
    let now = app.now();
    require(actor, Permission::PartsPurchase)?;
    app.db.write(|c| {
        let wanted = super::shelves::low(c, actor.store_id.0)?;
        if wanted.is_empty() {
            return Err(refused("part-nothing-to-reorder"));
        }
        let row = new_draft(c, app, actor, "")?;
        for s in &wanted {
            let line = LineRow {
                id: 0,
                purchase_order_id: row.id,
                part_id: s.part_id,
                warehouse: s.warehouse.clone(),
                quantity: s.quantity,
                received: 0,
                unit_cost_fen: s.unit_cost_fen,
            };
            storage::parts::purchases::add_line(c, row.id, &line)?;
        }
        let row = retotal(c, &row, now)?;
        view(c, row)
    })
}

/// Adds a line to draft purchase order `id` (`parts_purchase`).
pub fn add_line(app: &App, actor: &Actor, id: i64, version: i64, input: &LineInput) -> AppResult<PurchaseOrder> {
    let now = app.now();
    require(actor, Permission::PartsPurchase)?;
    let mut e = FieldErrors::new();
    let part_no = e.check("part_no", domain::parts::part_number(&input.part_no));
    let warehouse = super::shelves::warehouse(&mut e, &input.warehouse);
    let quantity = e.check("quantity", domain::parts::quantity(&input.quantity));
    let cost = match input.unit_cost.trim() {
        "" => None,
        typed => e.check("unit_cost", Money::parse_yuan(typed)),
    };
    if cost.is_some_and(|m| !(0..=100_000_000).contains(&m.fen())) {
        e.add("unit_cost", "money-range");
    }
    e.into_result()?;
    app.db.write(|c| {
        let row = at_version(c, actor, id, version)?;
        if !row.status.editable() {
            return Err(refused("purchase-not-draft"));
        }
        let Some(part) = storage::parts::by_number(c, actor.group_id.0, part_no.as_deref().unwrap_or_default())? else {
            return Err(AppError::field("part_no", "part-not-in-catalogue"));
        };
        if part.superseded_by.is_some() {
            return Err(AppError::field("part_no", "part-superseded"));
        }
        let line = LineRow {
            id: 0,
            purchase_order_id: row.id,
            part_id: part.id,
            warehouse: warehouse.clone().unwrap_or_default(),
            quantity: quantity.unwrap_or(1),
            received: 0,
            unit_cost_fen: cost.map_or(part.cost_fen, |m| m.fen()),
        };
        storage::parts::purchases::add_line(c, row.id, &line)?;
        let after = retotal(c, &row, now)?;
        let changes = Changes::new().created("part_no", &part.part_no).created("quantity", line.quantity);
        log(c, now, actor, &after, Action::PurchaseOrderCreated, changes)?;
        view(c, after)
    })
}

/// Takes line `line_id` off draft purchase order `id` (`parts_purchase`).
pub fn remove_line(
    app: &App,
    actor: &Actor,
    (id, line): (domain::ids::PurchaseOrderId, domain::ids::PurchaseLineId),
    version: i64,
) -> AppResult<PurchaseOrder> {
    let (order, id) = (id, id.0);
    let now = app.now();
    require(actor, Permission::PartsPurchase)?;
    app.db.write(|c| {
        let row = at_version(c, actor, id, version)?;
        if !row.status.editable() {
            return Err(refused("purchase-not-draft"));
        }
        if !storage::parts::purchases::delete_line(c, (order, line))? {
            return Err(AppError::NotFound);
        }
        let after = retotal(c, &row, now)?;
        log(c, now, actor, &after, Action::PurchaseOrderCreated, Changes::new().field("line_id", Some(line.0), None))?;
        view(c, after)
    })
}

/// Sends draft purchase order `id` to the maker (`parts_purchase`): its quantities are on order.
pub fn order(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<PurchaseOrder> {
    let now = app.now();
    require(actor, Permission::PartsPurchase)?;
    app.db.write(|c| {
        let row = at_version(c, actor, id, version)?;
        if !row.status.editable() {
            return Err(refused("purchase-not-draft"));
        }
        if storage::parts::purchases::lines_of(c, row.id)?.is_empty() {
            return Err(refused("purchase-no-lines"));
        }
        let change = Change { status: Some(PurchaseStatus::Ordered), ordered_at: Some(now), ..Default::default() };
        let after = storage::parts::purchases::update(c, &row, &change, now)?;
        let changes = Changes::new().field("status", row.status.code(), after.status.code());
        log(c, now, actor, &after, Action::PurchaseOrderOrdered, changes)?;
        view(c, after)
    })
}

/// Receives a delivery against purchase order `id` (`parts_issue`): each line's pieces go onto
/// its warehouse's shelf, never more than were ordered.
pub fn receive(app: &App, actor: &Actor, id: i64, version: i64, input: &ReceiveInput) -> AppResult<PurchaseOrder> {
    let now = app.now();
    require(actor, Permission::PartsIssue)?;
    let arriving: Vec<&ReceiveLine> = input.lines.iter().filter(|l| l.quantity != 0).collect();
    if arriving.is_empty() || arriving.iter().any(|l| !(1..=99_999).contains(&l.quantity)) {
        return Err(AppError::field("lines", "part-quantity-invalid"));
    }
    app.db.write(|c| {
        let row = at_version(c, actor, id, version)?;
        if !row.status.on_order() {
            return Err(refused("purchase-not-ordered"));
        }
        let lines = storage::parts::purchases::lines_of(c, row.id)?;
        let mut changes = Changes::new();
        for l in &arriving {
            let Some(line) = lines.iter().find(|x| x.line.id == l.line_id) else { return Err(AppError::NotFound) };
            if !storage::parts::purchases::receive_line(c, line.line.id, l.quantity)? {
                return Err(AppError::field("lines", "purchase-more-than-ordered"));
            }
            let shelf = storage::parts::stock::ensure(
                c,
                (StoreId(row.store_id), PartId(line.line.part_id)),
                &line.line.warehouse,
                now,
            )?;
            let after = storage::parts::stock::put(c, shelf.id, l.quantity, now)?;
            let against = Against { repair_order_id: None, purchase_order_id: Some(row.id) };
            let by = (row.number.as_str(), actor.user_id.0);
            storage::parts::stock::record(c, &after, (MovementKind::Receipt, l.quantity), against, by, now)?;
            changes = changes.created(&line.part_no, l.quantity);
        }
        let counts: Vec<(i32, i32)> = storage::parts::purchases::lines_of(c, row.id)?
            .iter()
            .map(|l| (l.line.quantity, l.line.received))
            .collect();
        let status = domain::parts::received_status(&counts);
        let received_at = (status == PurchaseStatus::Received).then_some(now);
        let after = storage::parts::purchases::update(
            c,
            &row,
            &Change { status: Some(status), received_at, ..Default::default() },
            now,
        )?;
        log(c, now, actor, &after, Action::PurchaseOrderReceived, changes)?;
        view(c, after)
    })
}

/// Cancels purchase order `id` before anything arrived (`parts_purchase`).
pub fn cancel(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<PurchaseOrder> {
    let now = app.now();
    require(actor, Permission::PartsPurchase)?;
    app.db.write(|c| {
        let row = at_version(c, actor, id, version)?;
        if !matches!(row.status, PurchaseStatus::Draft | PurchaseStatus::Ordered) {
            return Err(refused("purchase-not-cancellable"));
        }
        let change = Change { status: Some(PurchaseStatus::Cancelled), ..Default::default() };
        let after = storage::parts::purchases::update(c, &row, &change, now)?;
        let changes = Changes::new().field("status", row.status.code(), after.status.code());
        log(c, now, actor, &after, Action::PurchaseOrderCancelled, changes)?;
        view(c, after)
    })
}
