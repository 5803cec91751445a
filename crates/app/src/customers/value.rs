//! A customer's value tier (客户价值等级) from what they bought, by the store's rules (kept with
//! the CRM settings, `crm_settings_manage`).

use crate::AppResult;
use domain::customer::{ValueRule, value_tier};
use domain::money::Money;
use domain::sales::Status;
use storage::DbConnection;
use storage::customers::CustomerRow;

/// What the tier is computed from, and the tier.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerValue {
    /// vip | key | regular | prospect
    pub tier: String,
    /// Orders with a signed contract, not cancelled.
    pub purchases: i64,
    pub spend_fen: i64,
}

/// The statuses of an order the customer has bought: signed, and not undone since.
pub fn purchased() -> Vec<&'static str> {
    Status::ALL
        .iter()
        .filter(|s| **s >= Status::ContractSigned && !matches!(s, Status::Cancelled | Status::Lost))
        .map(|s| s.code())
        .collect()
}

/// The store's rules: its own where set, the defaults for the rest.
pub(crate) fn rules(c: &mut DbConnection, store_id: i64) -> AppResult<Vec<ValueRule>> {
    Ok(storage::customers::value_rules(c, store_id)?)
}

pub(crate) fn of_customer(c: &mut DbConnection, row: &CustomerRow) -> AppResult<CustomerValue> {
    let (purchases, spend_fen) = storage::sales::purchases(c, row.id, &purchased())?;
    let rules = rules(c, row.store_id)?;
    let tier = value_tier(&rules, u32::try_from(purchases).unwrap_or(u32::MAX), Money::from_fen(spend_fen));
    Ok(CustomerValue { tier: tier.code().to_string(), purchases, spend_fen })
}
