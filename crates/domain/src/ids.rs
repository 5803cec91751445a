//! One id type per entity, so that a customer id can never be passed where a store id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_types {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_types!(
    GroupId,
    StoreId,
    TeamId,
    UserId,
    BrandId,
    ModelId,
    TrimId,
    ColourId,
    OptionId,
    CustomerId,
    ApiTokenId,
    AuditEventId,
);
