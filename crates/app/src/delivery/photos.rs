//! PDI photos: taken on a phone for an item of the checklist while the car is at the store, kept
//! with the order (in the database, so that its backup holds them), opened by whoever reads the
//! order.

use super::State;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::NaiveDateTime;
use domain::delivery::Blocker;
use domain::org::Actor;
use domain::rbac::Permission;
use sha2::{Digest, Sha256};

/// A photo as the order shows it (its bytes at `GET /api/v1/pdi-photos/{id}`).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Photo {
    pub id: i64,
    pub item_key: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub uploaded_at: NaiveDateTime,
}

impl From<storage::delivery::PhotoRow> for Photo {
    fn from(r: storage::delivery::PhotoRow) -> Self {
        Photo {
            id: r.id,
            item_key: r.item_key,
            content_type: r.content_type,
            size_bytes: r.size_bytes,
            uploaded_at: r.uploaded_at,
        }
    }
}

/// Adds a photo of checklist item `item` to order `order_id`'s PDI (`delivery_inspect`): a JPEG,
/// PNG or HEIC of at most 10 MB whose bytes are what `declared` says.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "add_photo", store = actor.store_id.0, actor = actor.user_id.0, order = order_id, bytes = bytes.len()))]
pub fn add(app: &App, actor: &Actor, order_id: i64, item: &str, declared: &str, bytes: &[u8]) -> AppResult<Photo> {
    let now = app.now();
    require(actor, Permission::DeliveryInspect)?;
    let kind = domain::delivery::photo::check(declared, bytes).map_err(|code| AppError::field("photo", code))?;
    let sha = hex::encode(Sha256::digest(bytes));
    app.db.write(|c| {
        let s = State::load(c, actor, order_id)?;
        if let Some(b) = s.blockers().into_iter().find(|b| matches!(b, Blocker::Delivered | Blocker::OrderNotOpen)) {
            return Err(AppError::Conflict(Conflict::Refused { code: super::inspection::refusal(b) }));
        }
        let (Some(vehicle), Some(fuel), true) = (&s.vehicle, s.fuel_type, s.arrived()) else {
            return Err(AppError::Conflict(Conflict::Refused { code: "delivery-not-arrived" }));
        };
        let store_list = super::checklists::of_store(c, s.order.store_id)?;
        if !domain::delivery::checklist_for(fuel, &store_list).iter().any(|i| i.key == item) {
            return Err(AppError::field("item", "pdi-item-unknown"));
        }
        let row = storage::delivery::insert_photo(
            c,
            &storage::delivery::NewPhoto {
                store_id: s.order.store_id,
                order_id: s.order.id,
                vehicle_id: vehicle.id,
                item_key: item,
                content_type: kind.code(),
                sha256: &sha,
                bytes,
                uploaded_by: actor.user_id.0,
                now,
            },
        )?;
        let changes = Changes::new().created("photo", row.id).created("item", item).created("sha256", sha.as_str());
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::OrderPdiPhotoAdded,
                entity_id: s.order.id,
                store_id: Some(s.order.store_id),
                changes,
            },
        )?;
        Ok(row.into())
    })
}

/// Photo `id` and its bytes, for a reader of its order.
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<(Photo, Vec<u8>)> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let (row, bytes) = storage::delivery::photo(c, id)?;
        crate::kernel::scope::order(c, actor, row.order_id)?;
        Ok((row.into(), bytes))
    })
}
