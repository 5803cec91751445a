//! The data scope as a query restriction, shared by every repository of store records.

/// Which records a user may see (DOMAIN.md §1): always one store, narrowed to owners (own or team scope).
#[derive(Debug, Clone)]
pub enum Visibility {
    Store(i64),
    Owners { store_id: i64, owner_ids: Vec<i64> },
}

impl Visibility {
    pub fn store_id(&self) -> i64 {
        match self {
            Self::Store(s) | Self::Owners { store_id: s, .. } => *s,
        }
    }

    /// Whether a record of `store_id` owned by `owner_id` is visible: the same rule as the
    /// queries' filters, for records read by primary key (one cached statement, checked here).
    pub fn allows(&self, store_id: i64, owner_id: i64) -> bool {
        match self {
            Self::Store(s) => *s == store_id,
            Self::Owners { store_id: s, owner_ids } => *s == store_id && owner_ids.contains(&owner_id),
        }
    }
}
