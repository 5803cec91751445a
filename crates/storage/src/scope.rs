//! The data scope (DOMAIN.md §1), written once: every read of a store's records takes a
//! [`Visibility`], which only this module builds, and applies it either in SQL ([`restrict!`]) or
//! to a row read by key ([`Visibility::allows`]), the same rule in both forms (a test checks them
//! against each other).

use crate::DbConnection;
use crate::error::StorageResult;
use domain::org::Actor;
use domain::rbac::DataScope;

/// Which records a reader may see: always one store, narrowed to some owners (own or team scope).
/// Built by [`Visibility::of`] from the actor, or [`Visibility::whole_store`] where the caller has
/// another authority (a signed link, the answer to a write the actor just made).
#[derive(Debug, Clone)]
pub struct Visibility {
    store_id: i64,
    /// `None`: every owner of the store.
    owners: Option<Vec<i64>>,
}

impl Visibility {
    /// What `actor` may see in the store they work in: own → their records, team → the team's,
    /// store and group → the store's.
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> StorageResult<Self> {
        let store_id = actor.store_id.0;
        let owners = match (actor.scope, actor.team_id) {
            (DataScope::Own, _) | (DataScope::Team, None) => Some(vec![actor.user_id.0]),
            (DataScope::Team, Some(team)) => {
                let mut ids = crate::users::team_member_ids(conn, team.0)?;
                ids.push(actor.user_id.0);
                Some(ids)
            }
            (DataScope::Store | DataScope::Group, _) => None,
        };
        Ok(Self { store_id, owners })
    }

    /// Every record of `store_id`: for callers whose authority is not the actor's scope (the
    /// customer's signed link, the answer to a write the actor has just made, mail to approvers).
    pub fn whole_store(store_id: i64) -> Self {
        Self { store_id, owners: None }
    }

    pub fn store_id(&self) -> i64 {
        self.store_id
    }

    /// The owners the scope is narrowed to, if it is.
    pub fn owners(&self) -> Option<&[i64]> {
        self.owners.as_deref()
    }

    /// Whether a record of `store_id` owned by `owner_id` is visible: [`restrict!`] for a row read
    /// by primary key (one cached statement, checked here).
    pub fn allows(&self, store_id: domain::ids::StoreId, owner_id: domain::ids::UserId) -> bool {
        self.store_id == store_id.0 && self.owners().is_none_or(|o| o.contains(&owner_id.0))
    }
}

/// `restrict!(boxed_query, &visibility, table::store_id, table::owner_id)`: the scope as filters.
macro_rules! restrict {
    ($q:expr, $vis:expr, $store:expr, $owner:expr) => {{
        let vis: &$crate::scope::Visibility = $vis;
        let mut q = $q.filter($store.eq(vis.store_id()));
        if let Some(owners) = vis.owners() {
            q = q.filter($owner.eq_any(owners.to_vec()));
        }
        q
    }};
}
pub(crate) use restrict;
