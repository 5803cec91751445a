//! Tax rates are dated data (DOMAIN.md §2): the VAT rate and the vehicle purchase tax rule in force
//! on a day, for every capability that prices or invoices.

use crate::AppResult;
use chrono::NaiveDate;
use domain::Money;
use domain::tax::{NevRelief, PurchaseTaxRule, Rate};
use storage::DbConnection;

/// The VAT rate and purchase-tax rule in force on `date`, from the dated tables.
pub fn tax_of_day(c: &mut DbConnection, date: NaiveDate) -> AppResult<(Rate, PurchaseTaxRule)> {
    let vat = storage::sales::vat_rate_on(c, date)?;
    let (rate, relief, relief_fen, relief_bp) = storage::sales::purchase_rule_on(c, date)?;
    let nev_relief = match relief.as_str() {
        "exempt" => NevRelief::Exempt,
        "exempt_up_to" => NevRelief::ExemptUpTo(Money::from_fen(relief_fen.unwrap_or(0))),
        "reduced" => NevRelief::Reduced {
            share_of_tax: Rate::bp(u32::try_from(relief_bp.unwrap_or(0)).unwrap_or(0)),
            cap: Money::from_fen(relief_fen.unwrap_or(0)),
        },
        _ => NevRelief::None,
    };
    let bp = |v: i32| Rate::bp(u32::try_from(v).unwrap_or(0));
    Ok((bp(vat), PurchaseTaxRule { rate: bp(rate), nev_relief }))
}
