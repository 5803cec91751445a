//! The parts store's counter to the workshop (发料): the parts approved repair orders wait for,
//! issued from a warehouse (stock goes down, once, however many press at the same moment) and
//! taken back when not used or when the repair order was cancelled.

use super::{of_store, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By, Event, raise};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::FieldErrors;
use domain::ids::{PartId, StoreId};
use domain::org::Actor;
use domain::parts::{MovementKind, RequestStatus};
use domain::rbac::Permission;
use storage::parts::requests::RequestRow;
use storage::parts::stock::Against;
use storage::{DbConnection, Page, PageRequest};

/// A shelf the part can be picked from.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PickFrom {
    pub warehouse: String,
    pub bin: String,
    pub on_hand: i32,
}

/// A request in the queue.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    pub id: i64,
    pub repair_order_id: i64,
    pub repair_order_number: String,
    pub plate: Option<String>,
    pub part_id: i64,
    pub part_no: String,
    pub name: String,
    pub quantity: i32,
    #[schema(value_type = String)]
    pub status: RequestStatus,
    pub warehouse: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub issued_at: Option<chrono::NaiveDateTime>,
    /// Where the store holds the part now.
    pub shelves: Vec<PickFrom>,
    pub version: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// open (default) | issued | to_return | returned | cancelled | all
    pub status: Option<String>,
    /// A repair order's number or plate, or a part number (exact).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl RequestQuery {
    pub fn parse(&self) -> Result<storage::parts::requests::Filter, FieldErrors> {
        use domain::Code;
        let mut e = FieldErrors::new();
        let status = match self.status.as_deref().map(str::trim).unwrap_or("open") {
            "" | "open" => Some(RequestStatus::Open),
            "all" => None,
            s => RequestStatus::from_code(s).or_else(|| {
                e.add("status", "value-unknown");
                None
            }),
        };
        e.into_result()?;
        Ok(storage::parts::requests::Filter { status, q: self.q.clone() })
    }
}

fn item(c: &mut DbConnection, r: storage::parts::requests::QueueRow) -> AppResult<QueueItem> {
    let shelves = storage::parts::stock::of_part(c, StoreId(r.request.store_id), PartId(r.request.part_id))?
        .into_iter()
        .map(|s| PickFrom { warehouse: s.warehouse, bin: s.bin, on_hand: s.on_hand })
        .collect();
    let q = r.request;
    Ok(QueueItem {
        id: q.id,
        repair_order_id: q.repair_order_id,
        repair_order_number: r.number,
        plate: r.plate,
        part_id: q.part_id,
        part_no: r.part_no,
        name: r.name,
        quantity: q.quantity,
        status: q.status,
        warehouse: q.warehouse,
        issued_at: q.issued_at,
        shelves,
        version: q.version,
    })
}

/// The store's requests (`parts_read`), oldest first.
pub fn queue(
    app: &App,
    actor: &Actor,
    f: &storage::parts::requests::Filter,
    page: PageRequest,
) -> AppResult<Page<QueueItem>> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| {
        let rows = storage::parts::requests::queue(c, actor.store_id.0, f, page)?;
        let mut items = Vec::with_capacity(rows.items.len());
        for r in rows.items {
            items.push(item(c, r)?);
        }
        Ok(Page { items, total: rows.total, page: rows.page, per_page: rows.per_page })
    })
}

/// The store's requests per status (`parts_read`).
pub fn request_counts(app: &App, actor: &Actor) -> AppResult<Vec<(RequestStatus, i64)>> {
    require(actor, Permission::PartsRead)?;
    app.db.read(|c| Ok(storage::parts::requests::counts(c, actor.store_id.0)?))
}

fn load(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<RequestRow> {
    let row = storage::parts::requests::get(c, id).map_err(|e| match e {
        storage::StorageError::NotFound => AppError::NotFound,
        other => other.into(),
    })?;
    let row = of_store(actor, row.store_id, row)?;
    if row.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(row)
}

fn one(c: &mut DbConnection, id: i64) -> AppResult<QueueItem> {
    let row = storage::parts::requests::shown(c, id)?;
    item(c, row)
}

/// What a movement of request `row` says: on the repair order's timeline (the part, how many,
/// from where), and in the part's ledger (the repair order's number).
fn notes(c: &mut DbConnection, row: &RequestRow, warehouse: &str) -> AppResult<(String, String)> {
    let part = storage::parts::get(c, row.part_id)?;
    let number = storage::parts::requests::shown(c, row.id)?.number;
    Ok((format!("{} {} × {} · {}", part.part_no, part.name, row.quantity, warehouse), number))
}

/// Issues request `id` from `warehouse` (`parts_issue`): the pieces leave the shelf if they are
/// there, the repair order's line counts them out.
pub fn issue(app: &App, actor: &Actor, id: i64, version: i64, warehouse: &str) -> AppResult<QueueItem> {
    let now = app.now();
    require(actor, Permission::PartsIssue)?;
    let mut e = FieldErrors::new();
    let warehouse = super::shelves::warehouse(&mut e, warehouse);
    e.into_result()?;
    let warehouse = warehouse.expect("checked");
    app.db.write(|c| {
        let row = load(c, actor, id, version)?;
        if row.status != RequestStatus::Open {
            return Err(refused("part-request-not-open"));
        }
        let shelf = storage::parts::stock::of_part(c, StoreId(row.store_id), PartId(row.part_id))?
            .into_iter()
            .find(|s| s.warehouse == warehouse)
            .ok_or(AppError::field("warehouse", "part-not-in-warehouse"))?;
        let after = storage::parts::stock::take(c, shelf.id, row.quantity, now)?.ok_or(refused("part-out-of-stock"))?;
        let issued =
            storage::parts::requests::step(c, &row, RequestStatus::Issued, Some((&warehouse, actor.user_id.0)), now)?;
        let (note, number) = notes(c, &row, &warehouse)?;
        let against = Against { repair_order_id: Some(row.repair_order_id), purchase_order_id: None };
        let kind = (MovementKind::Issue, -row.quantity);
        storage::parts::stock::record(c, &after, kind, against, (&number, actor.user_id.0), now)?;
        raise(
            app,
            c,
            now,
            By::Staff(actor),
            Event::PartsIssued {
                repair_order_id: row.repair_order_id,
                repair_part_id: row.repair_part_id,
                issued: row.quantity,
                note: &note,
            },
        )?;
        let changes = Changes::new().created("warehouse", &warehouse).created("quantity", row.quantity).field(
            "on_hand",
            shelf.on_hand,
            after.on_hand,
        );
        let record = Record { action: Action::PartIssued, entity_id: issued.id, store_id: Some(row.store_id), changes };
        audit::record(c, now, actor, record)?;
        one(c, id)
    })
}

/// Takes issued pieces of request `id` back onto their shelf (`parts_issue`): unused on an open
/// repair order (the request waits to be issued again), or from a cancelled one.
pub fn take_back(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<QueueItem> {
    let now = app.now();
    require(actor, Permission::PartsIssue)?;
    app.db.write(|c| {
        let row = load(c, actor, id, version)?;
        let to = match row.status {
            RequestStatus::Issued => RequestStatus::Open,
            RequestStatus::ToReturn => RequestStatus::Returned,
            _ => return Err(refused("part-request-not-issued")),
        };
        let warehouse = row.warehouse.clone().unwrap_or_default();
        let shelf = storage::parts::stock::ensure(c, (StoreId(row.store_id), PartId(row.part_id)), &warehouse, now)?;
        let after = storage::parts::stock::put(c, shelf.id, row.quantity, now)?;
        let back = storage::parts::requests::step(c, &row, to, None, now)?;
        let (note, number) = notes(c, &row, &warehouse)?;
        let against = Against { repair_order_id: Some(row.repair_order_id), purchase_order_id: None };
        storage::parts::stock::record(
            c,
            &after,
            (MovementKind::Return, row.quantity),
            against,
            (&number, actor.user_id.0),
            now,
        )?;
        if to == RequestStatus::Open {
            let event = Event::PartsIssued {
                repair_order_id: row.repair_order_id,
                repair_part_id: row.repair_part_id,
                issued: 0,
                note: &note,
            };
            raise(app, c, now, By::Staff(actor), event)?;
        }
        let changes =
            Changes::new().created("quantity", row.quantity).field("status", row.status.code(), back.status.code());
        let record = Record { action: Action::PartReturned, entity_id: row.id, store_id: Some(row.store_id), changes };
        audit::record(c, now, actor, record)?;
        one(c, id)
    })
}
