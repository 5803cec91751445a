//! One id type per entity, so that a customer id can never be passed where a store id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_types {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow))]
        #[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::BigInt))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        // A BIGINT column on any backend, as its `i64` (the newtype vaultwarden's ids are).
        #[cfg(feature = "diesel")]
        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::BigInt, DB> for $name
        where
            i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                <i64 as diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>>::to_sql(&self.0, out)
            }
        }

        #[cfg(feature = "diesel")]
        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB> for $name
        where
            i64: diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                <i64 as diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>>::from_sql(bytes).map($name)
            }
        }

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
    OrderId,
    ApprovalRuleId,
    VehicleId,
    ShipmentId,
    FactoryOrderId,
    RepairOrderId,
    RepairJobId,
    PartId,
    PurchaseOrderId,
    PurchaseLineId,
    LeadId,
    RecordId,
    CampaignId,
    LoanId,
);
