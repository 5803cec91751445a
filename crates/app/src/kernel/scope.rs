//! The data scope: what an actor may see (own, team, store, group) as the storage layer's
//! [`Visibility`], the one rule for handing a record over to another owner, and the size limit of
//! an export.

use crate::AppResult;
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::DataScope;
use storage::DbConnection;
pub use storage::scope::Visibility;

/// The rows the actor may see (DOMAIN.md §1): own, team, or the whole current store.
pub fn visibility(c: &mut DbConnection, actor: &Actor) -> AppResult<Visibility> {
    Ok(Visibility::of(c, actor)?)
}

/// The most rows one export writes; a larger selection asks the user to narrow the filters.
pub const EXPORT_LIMIT: i64 = 50_000;

/// Managers (team scope and wider) may assign a customer to any active user of the store;
/// an advisor's customers are their own.
/// The owner a form asks for, within the actor's reach: themselves, the current owner, or (store
/// scope) anyone active in the store, (team scope) a member of their own team. The one rule for
/// handing over customers and orders.
pub fn resolve_owner(
    c: &mut DbConnection,
    actor: &Actor,
    input: &str,
    current: Option<i64>,
    e: &mut FieldErrors,
) -> AppResult<i64> {
    let wanted = input.trim();
    if wanted.is_empty() {
        return Ok(current.unwrap_or(actor.user_id.0));
    }
    let Ok(owner_id) = wanted.parse::<i64>() else {
        e.add("owner_id", "owner-unknown");
        return Ok(actor.user_id.0);
    };
    if Some(owner_id) == current || owner_id == actor.user_id.0 {
        return Ok(owner_id);
    }
    if actor.scope == DataScope::Own {
        e.add("owner_id", "owner-not-allowed");
        return Ok(actor.user_id.0);
    }
    match storage::users::get(c, owner_id) {
        Ok(u) if u.active && u.store_id == actor.store_id.0 => {
            if actor.scope == DataScope::Team && (actor.team_id.is_none() || u.team_id != actor.team_id.map(|t| t.0)) {
                e.add("owner_id", "owner-not-allowed");
            }
            Ok(owner_id)
        }
        _ => {
            e.add("owner_id", "owner-unknown");
            Ok(actor.user_id.0)
        }
    }
}

/// The one rule for records a store holds (vehicles, factory orders, shipments, transfers), as
/// [`visibility`] is for records staff own: within reach when one of its `stores` is (group scope
/// reaches every store of the group, any other scope the store the actor works in); `NotFound`
/// otherwise, as if it did not exist.
pub fn held<T>(actor: &Actor, group_id: i64, stores: &[Option<i64>], row: T) -> AppResult<T> {
    let reached = stores
        .iter()
        .flatten()
        .any(|s| actor.may_access_store(domain::ids::StoreId(*s), domain::ids::GroupId(group_id)));
    if reached { Ok(row) } else { Err(crate::AppError::NotFound) }
}

/// The sales order `id` as `actor` may see it (`NotFound` outside the data scope): the document
/// other capabilities act on (its money, its vehicle, its delivery).
pub fn order(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<storage::sales::OrderRow> {
    let vis = visibility(c, actor)?;
    Ok(storage::sales::get_visible(c, &vis, id)?)
}
