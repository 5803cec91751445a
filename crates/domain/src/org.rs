//! The dealer organisation: group → stores → teams → users.

use crate::ids::{GroupId, StoreId, TeamId, UserId};
use crate::rbac::{DataScope, Role};

/// Who is acting, resolved from a session or an API token. Every use case takes one.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: UserId,
    pub group_id: GroupId,
    /// The store the user works in now: their home store, or the one a group user switched to.
    pub store_id: StoreId,
    pub team_id: Option<TeamId>,
    pub role: Role,
    pub scope: DataScope,
    pub display_name: String,
}

impl Actor {
    /// Whether the actor may act in `store` at all (store scope and below: only the current store).
    pub fn may_access_store(&self, store: StoreId, store_group: GroupId) -> bool {
        match self.scope {
            DataScope::Group => store_group == self.group_id,
            _ => store == self.store_id,
        }
    }
}
