//! The dealer organisation: group → stores → teams → users.

use crate::ids::{GroupId, StoreId, TeamId, UserId};
use crate::rbac::{DataScope, Permission, Role};

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

    /// Whether the actor may use `permission` (`rbac::grants`: role and, for group data, scope).
    pub fn can(&self, permission: Permission) -> bool {
        crate::rbac::grants(self.role, self.scope, permission)
    }

    /// Whether the actor may give someone `role` with `scope`: never more reach than their own
    /// (a wider scope, or a role that only exists group-wide, from a store administrator).
    pub fn may_grant(&self, role: Role, scope: DataScope) -> bool {
        self.can(Permission::UserManage)
            && scope <= self.scope
            && (!role.is_group_role() || self.scope == DataScope::Group)
    }

    /// Whether the actor may manage (edit, reset, lock, change the role of) a user with `role` and
    /// `scope` whose home store is `store`: someone whose reach is not beyond the actor's own,
    /// in a store the actor works in. Nobody manages a user above them.
    pub fn may_manage(&self, role: Role, scope: DataScope, store: StoreId, store_group: GroupId) -> bool {
        self.may_access_store(store, store_group) && self.may_grant(role, scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, scope: DataScope) -> Actor {
        Actor {
            user_id: UserId(1),
            group_id: GroupId(1),
            store_id: StoreId(1),
            team_id: None,
            role,
            scope,
            display_name: String::new(),
        }
    }

    #[test]
    fn a_store_administrator_manages_no_one_above_them() {
        let store_admin = actor(Role::Administrator, DataScope::Store);
        let here = (StoreId(1), GroupId(1));
        let manage = |role, scope| store_admin.may_manage(role, scope, here.0, here.1);
        assert!(manage(Role::SalesAdvisor, DataScope::Own));
        assert!(manage(Role::GeneralManager, DataScope::Store));
        assert!(manage(Role::Administrator, DataScope::Store));
        assert!(!manage(Role::Administrator, DataScope::Group), "the group's administrator");
        assert!(!manage(Role::GroupExecutive, DataScope::Group), "the group executive");
        assert!(!manage(Role::GroupExecutive, DataScope::Store), "a group role, whatever its scope");
        assert!(!manage(Role::SalesManager, DataScope::Group), "a scope beyond the store");
        assert!(!store_admin.may_manage(Role::SalesAdvisor, DataScope::Own, StoreId(2), GroupId(1)), "another store");
        assert!(!store_admin.can(Permission::CatalogueManage) && !store_admin.can(Permission::ApprovalRulesManage));
    }

    #[test]
    fn the_group_administrator_manages_the_group() {
        let admin = actor(Role::Administrator, DataScope::Group);
        assert!(admin.may_manage(Role::GroupExecutive, DataScope::Group, StoreId(2), GroupId(1)));
        assert!(admin.may_manage(Role::Administrator, DataScope::Group, StoreId(1), GroupId(1)));
        assert!(!admin.may_manage(Role::SalesAdvisor, DataScope::Own, StoreId(9), GroupId(2)), "another group");
        assert!(admin.can(Permission::CatalogueManage) && admin.can(Permission::ApprovalRulesManage));
        let exec = actor(Role::GroupExecutive, DataScope::Group);
        assert!(!exec.may_manage(Role::SalesAdvisor, DataScope::Own, StoreId(1), GroupId(1)), "no user_manage");
        assert!(!exec.can(Permission::CatalogueManage));
    }
}
