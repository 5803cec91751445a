//! Enumerations stored and exchanged as stable text codes (`awaiting_approval`, `sales_advisor`).
//! Storage reads them back through [`Code::from_code`]: a code the enumeration does not know is an
//! error naming the column and the value, never a default.

/// An enumeration with a stable text code per value.
pub trait Code: Sized + Copy + 'static {
    /// What the values are, for messages ("order status").
    const KIND: &'static str;
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self>;
}

/// Implements [`Code`] and `Display` (the code) for enumerations that have `ALL` and an inherent
/// `code(self)`.
#[macro_export]
macro_rules! codes {
    ($($ty:ty => $kind:literal),* $(,)?) => {$(
        impl $crate::code::Code for $ty {
            const KIND: &'static str = $kind;
            fn code(self) -> &'static str {
                <$ty>::code(self)
            }
            fn from_code(code: &str) -> Option<Self> {
                <$ty>::ALL.into_iter().find(|v| v.code() == code)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(<$ty>::code(*self))
            }
        }
    )*};
}

/// Declares a code enumeration: variants, `ALL` and `code`.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident => $c:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),* }

        impl $name {
            pub const ALL: [$name; [$($c),*].len()] = [$(Self::$v),*];

            pub fn code(self) -> &'static str {
                match self { $(Self::$v => $c),* }
            }
        }
    };
}
pub(crate) use coded;

#[cfg(test)]
mod tests {
    use super::Code;

    fn round_trips<T: Code + PartialEq + std::fmt::Debug>(all: &[T]) {
        for v in all {
            assert_eq!(T::from_code(v.code()), Some(*v), "{} {v:?}", T::KIND);
        }
        assert_eq!(T::from_code("no_such_code"), None);
    }

    #[test]
    fn every_code_reads_back_as_its_value_and_an_unknown_one_as_none() {
        use crate::sales::{Channel, PaymentMethod, StageName, Status, VehicleFact};
        round_trips(&Status::ALL);
        round_trips(&StageName::ALL);
        round_trips(&VehicleFact::ALL);
        round_trips(&PaymentMethod::ALL);
        round_trips(&Channel::ALL);
        round_trips(&crate::rbac::Role::ALL);
        round_trips(&crate::rbac::DataScope::ALL);
        use crate::inventory::{AgingBucket, Custody, Level, Usage, VehicleStatus, Whereabouts};
        round_trips(&Whereabouts::ALL);
        round_trips(&Usage::ALL);
        round_trips(&Custody::ALL);
        round_trips(&VehicleStatus::ALL);
        round_trips(&AgingBucket::ALL);
        round_trips(&Level::ALL);
        use crate::customer::{ConsentSource, ContactTime, ValueTier};
        round_trips(&ContactTime::ALL);
        round_trips(&ConsentSource::ALL);
        round_trips(&ValueTier::ALL);
        use crate::inventory::shipment::{FactoryOrderStatus, Inspection, ShipmentStatus};
        round_trips(&FactoryOrderStatus::ALL);
        round_trips(&ShipmentStatus::ALL);
        round_trips(&Inspection::ALL);
        round_trips(&crate::inventory::TransferStatus::ALL);
        use crate::crm::lead::{ContactKind, LeadStage, LostReason, Outcome, PaymentIntention, Tier, Timeframe};
        round_trips(&LeadStage::ALL);
        round_trips(&Tier::ALL);
        round_trips(&Timeframe::ALL);
        round_trips(&PaymentIntention::ALL);
        round_trips(&ContactKind::ALL);
        round_trips(&Outcome::ALL);
        round_trips(&LostReason::ALL);
        round_trips(&crate::crm::TestDriveStatus::ALL);
        round_trips(&crate::crm::Verdict::ALL);
        use crate::finance::{Breach, ContractStatus, Method, PaymentKind, PaymentStatus, RefundKind, RefundStatus};
        round_trips(&PaymentKind::ALL);
        round_trips(&Method::ALL);
        round_trips(&PaymentStatus::ALL);
        round_trips(&Breach::ALL);
        round_trips(&RefundKind::ALL);
        round_trips(&RefundStatus::ALL);
        round_trips(&ContractStatus::ALL);
        round_trips(&crate::finance::contract::InvoiceStatus::ALL);
        round_trips(&crate::sales::ChangeStatus::ALL);
        use crate::service::{ApprovedBy, Payer, RepairStatus, System, jobs::JobStatus};
        round_trips(&RepairStatus::ALL);
        round_trips(&Payer::ALL);
        round_trips(&ApprovedBy::ALL);
        round_trips(&System::ALL);
        round_trips(&JobStatus::ALL);
    }
}
