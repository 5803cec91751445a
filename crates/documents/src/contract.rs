//! The documents of a sale: the purchase contract, a payment's receipt and the layout of the
//! vehicle sales invoice's data. Every value is already formatted by the caller (amounts as
//! "123,456.00", dates in Chinese); the layouts only place them.

use crate::pdf::Layout;
use serde::{Deserialize, Serialize};

/// An amount in figures and in Chinese capitals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Amount {
    pub figures: String,
    pub capitals: String,
}

/// The store's letterhead.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    pub uscc: String,
    pub address: String,
    pub phone: String,
    pub bank: String,
    pub account: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Buyer {
    pub name: String,
    /// 身份证号码 or 统一社会信用代码.
    pub id_label: String,
    /// Masked where the store's template says so.
    pub id_number: String,
    pub phone: String,
    pub address: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Line {
    pub name: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vehicle {
    pub brand: String,
    pub model: String,
    pub trim: String,
    pub exterior: String,
    pub interior: String,
    pub options: Vec<Line>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PriceRow {
    pub item: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instalment {
    pub stage: String,
    pub due: String,
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Loan {
    pub lender: String,
    pub down_payment: String,
    pub amount: String,
    pub term: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Delivery {
    pub expected: String,
    pub place: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Clause {
    pub title: String,
    pub body: String,
}

/// Dates of the signatures placed on a signed copy.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Signed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller_date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Contract {
    pub title: String,
    pub number: String,
    pub version: i32,
    /// A supplement's opening: the version it amends, the change order and the difference.
    #[serde(default)]
    pub supplement: Option<String>,
    pub seller: Seller,
    pub buyer: Buyer,
    pub vehicle: Vehicle,
    pub prices: Vec<PriceRow>,
    pub total: Amount,
    pub gifts: Vec<String>,
    pub deposit_clause: String,
    pub payment_method: String,
    pub schedule: Vec<Instalment>,
    pub loan: Option<Loan>,
    pub delivery: Delivery,
    pub warranty_notice: String,
    pub clauses: Vec<Clause>,
    /// 六, 七… for the template's clauses (the first five are the layout's).
    pub clause_numbers: Vec<String>,
    pub signed: Signed,
    /// Label / value rows of the evidence page; empty for an unsigned contract.
    pub evidence: Vec<(String, String)>,
}

impl Layout for Contract {
    const FILE: &'static str = "contract.typ";
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Receipt {
    pub title: String,
    pub seller: Seller,
    pub number: String,
    pub date: String,
    pub payer: String,
    pub order_number: String,
    pub kind: String,
    pub method: String,
    /// The day the money came in (到账日期), beside the day finance confirmed it (`date`).
    pub paid_on: String,
    pub amount: Amount,
    pub reference: String,
    pub vehicle: String,
    pub note: String,
    pub registered_by: String,
    pub confirmed_by: String,
}

impl Layout for Receipt {
    const FILE: &'static str = "receipt.typ";
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Invoice {
    pub title: String,
    /// "已红冲" on a reversed invoice, empty otherwise.
    pub status: String,
    pub fields: Vec<(String, String)>,
    pub total: Amount,
    pub rate: String,
    pub net: String,
    pub vat: String,
    pub seller_fields: Vec<(String, String)>,
    pub remarks: String,
}

impl Layout for Invoice {
    const FILE: &'static str = "invoice.typ";
}

#[cfg(test)]
mod tests;
