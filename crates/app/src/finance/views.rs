//! What the API and the pages answer with about an order's money and papers.

use chrono::{NaiveDate, NaiveDateTime};
use domain::finance::contract::InvoiceStatus;
use domain::finance::{Breach, ContractStatus, Ledger, Method, PaymentKind, PaymentStatus, RefundKind, RefundStatus};
use storage::finance::contracts::ContractRow;
use storage::finance::invoices::InvoiceRow;
use storage::finance::payments::PaymentRow;
use storage::finance::refunds::RefundRow;

/// The order's money: `balance = price - confirmed payments + paid refunds`.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Balance {
    pub price_fen: i64,
    /// The loan the order expects (loan purchases).
    pub loan_fen: i64,
    /// Confirmed payments by the customer.
    pub received_fen: i64,
    /// Confirmed disbursements by the lender.
    pub disbursed_fen: i64,
    /// Refunds of money received, paid.
    pub refunded_fen: i64,
    pub balance_fen: i64,
    /// 定金 (its legal part) confirmed.
    pub earnest_fen: i64,
    /// Registered payments waiting for finance's confirmation (not counted).
    pub pending_fen: i64,
    pub paid_in_full: bool,
}

impl Balance {
    pub(super) fn of(l: &Ledger, earnest_fen: i64, pending_fen: i64) -> Self {
        Self {
            price_fen: l.price.fen(),
            loan_fen: l.loan.fen(),
            received_fen: l.received.fen(),
            disbursed_fen: l.disbursed.fen(),
            refunded_fen: l.refunded.fen(),
            balance_fen: l.balance().fen(),
            earnest_fen,
            pending_fen,
            paid_in_full: l.paid_in_full(),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Payment {
    pub id: i64,
    /// The billable document's id: the order's id for a sales order.
    pub order_id: i64,
    /// The kind of billable document: sales_order
    #[schema(value_type = String)]
    pub document_kind: domain::billing::DocumentKind,
    /// earnest (定金) | intent (订金) | progress | down_payment | balance | loan
    #[schema(value_type = String)]
    pub kind: PaymentKind,
    /// cash | bank_transfer | card | wechat_pay | alipay
    #[schema(value_type = String)]
    pub method: Method,
    pub amount_fen: i64,
    /// Of a 定金, the part within the 20 % cap; the rest is an ordinary prepayment.
    pub earnest_fen: i64,
    pub reference: Option<String>,
    pub loan_product_id: Option<i64>,
    pub paid_on: NaiveDate,
    pub note: String,
    /// registered | confirmed | rejected
    #[schema(value_type = String)]
    pub status: PaymentStatus,
    pub registered_by: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub registered_at: NaiveDateTime,
    pub decided_by: Option<i64>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub decided_at: Option<NaiveDateTime>,
    pub rejected_reason: Option<String>,
    pub receipt_no: Option<String>,
    pub version: i64,
    /// The decisions the rules take now (`confirm`, `reject`): `payment_confirm` makes them.
    pub decisions: Vec<String>,
}

impl From<PaymentRow> for Payment {
    fn from(p: PaymentRow) -> Self {
        Self {
            decisions: domain::finance::payment::available_decisions(p.status)
                .into_iter()
                .map(|d| d.code().to_string())
                .collect(),
            id: p.id,
            order_id: p.document_id,
            document_kind: p.document_kind,
            kind: p.kind,
            method: p.method,
            amount_fen: p.amount_fen,
            earnest_fen: p.earnest_fen,
            reference: p.reference,
            loan_product_id: p.loan_product_id,
            paid_on: p.paid_on,
            note: p.note,
            status: p.status,
            registered_by: p.registered_by,
            registered_at: p.registered_at,
            decided_by: p.decided_by,
            decided_at: p.decided_at,
            rejected_reason: p.rejected_reason,
            receipt_no: p.receipt_no,
            version: p.version,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Refund {
    pub id: i64,
    /// The billable document's id: the order's id for a sales order.
    pub order_id: i64,
    /// The kind of billable document: sales_order
    #[schema(value_type = String)]
    pub document_kind: domain::billing::DocumentKind,
    /// refund (money received, paid back) | penalty (the second 定金 of a dealer's breach)
    #[schema(value_type = String)]
    pub kind: RefundKind,
    pub amount_fen: i64,
    /// customer | dealer | agreement: who ended the deal, for a cancellation's refunds.
    #[schema(value_type = Option<String>)]
    pub breach: Option<Breach>,
    pub reason: String,
    /// requested | approved | paid | rejected
    #[schema(value_type = String)]
    pub status: RefundStatus,
    pub requested_by: i64,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub requested_at: NaiveDateTime,
    pub approved_by: Option<i64>,
    pub paid_by: Option<i64>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub paid_at: Option<NaiveDateTime>,
    pub method: Option<String>,
    pub reference: Option<String>,
    pub rejected_reason: Option<String>,
    pub version: i64,
}

impl From<RefundRow> for Refund {
    fn from(r: RefundRow) -> Self {
        Self {
            id: r.id,
            order_id: r.document_id,
            document_kind: r.document_kind,
            kind: r.kind,
            amount_fen: r.amount_fen,
            breach: r.breach,
            reason: r.reason,
            status: r.status,
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            approved_by: r.approved_by,
            paid_by: r.paid_by,
            paid_at: r.paid_at,
            method: r.method.map(|m| m.code().to_string()),
            reference: r.reference,
            rejected_reason: r.rejected_reason,
            version: r.version,
        }
    }
}

/// A version of the order's contract.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Contract {
    pub id: i64,
    pub order_id: i64,
    pub version: i32,
    pub contract_no: String,
    /// awaiting_customer | awaiting_countersign | signed | superseded
    #[schema(value_type = String)]
    pub status: ContractStatus,
    /// SHA-256 of the PDF the customer read and signed.
    pub pdf_sha256: String,
    /// SHA-256 of the signed PDF (signatures placed, evidence page), once countersigned.
    pub signed_sha256: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub generated_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub customer_signed_at: Option<NaiveDateTime>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub countersigned_at: Option<NaiveDateTime>,
    pub countersigned_by: Option<i64>,
    pub version_lock: i64,
}

impl From<ContractRow> for Contract {
    fn from(k: ContractRow) -> Self {
        Self {
            id: k.id,
            order_id: k.order_id,
            version: k.version,
            contract_no: k.contract_no,
            status: k.status,
            pdf_sha256: k.pdf_sha256,
            signed_sha256: k.signed_sha256,
            generated_at: k.generated_at,
            customer_signed_at: k.customer_signed_at,
            countersigned_at: k.countersigned_at,
            countersigned_by: k.countersigned_by,
            version_lock: k.version_lock,
        }
    }
}

/// The data of a vehicle sales invoice.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Invoice {
    pub id: i64,
    /// The billable document's id: the order's id for a sales order.
    pub order_id: i64,
    /// The kind of billable document: sales_order
    #[schema(value_type = String)]
    pub document_kind: domain::billing::DocumentKind,
    pub vin: String,
    pub engine_no: String,
    pub certificate_no: String,
    pub invoice_code: String,
    pub invoice_no: String,
    pub invoice_date: NaiveDate,
    /// 价税合计
    pub gross_fen: i64,
    /// 不含税价
    pub net_fen: i64,
    pub vat_fen: i64,
    pub rate_bp: i32,
    /// valid | reversed
    #[schema(value_type = String)]
    pub status: InvoiceStatus,
    pub reversal_reason: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub prepared_at: NaiveDateTime,
    pub version: i64,
}

impl From<InvoiceRow> for Invoice {
    fn from(i: InvoiceRow) -> Self {
        Self {
            id: i.id,
            order_id: i.document_id,
            document_kind: i.document_kind,
            vin: i.vin,
            engine_no: i.engine_no,
            certificate_no: i.certificate_no,
            invoice_code: i.invoice_code,
            invoice_no: i.invoice_no,
            invoice_date: i.invoice_date,
            gross_fen: i.gross_fen,
            net_fen: i.net_fen,
            vat_fen: i.vat_fen,
            rate_bp: i.rate_bp,
            status: i.status,
            reversal_reason: i.reversal_reason,
            prepared_at: i.prepared_at,
            version: i.version,
        }
    }
}

/// Everything about an order's money and papers, for its page and the API.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OrderMoney {
    pub balance: Balance,
    pub contracts: Vec<Contract>,
    pub payments: Vec<Payment>,
    pub refunds: Vec<Refund>,
    pub invoices: Vec<Invoice>,
    /// The vehicle purchase tax from the valid invoice's net amount and the rule of its date
    /// (replaces the order's estimate once there is an invoice).
    pub purchase_tax_fen: Option<i64>,
    /// generate_contract, countersign, register_payment, confirm_payment, approve_refund,
    /// pay_refund, prepare_invoice, reverse_invoice: what the reader may do now.
    pub actions: Vec<String>,
    /// The allocated vehicle's numbers, which an invoice takes (none before allocation).
    pub vehicle_papers: Option<VehiclePapers>,
    /// Where the buyer's signing code goes (masked), fixed when they confirmed the order.
    pub signing_contact: Option<SigningContact>,
    /// What the contract needs of the buyer that their profile lacks (`id_number`, `address`):
    /// it would print 「（未登记）」, so the page asks before generating.
    pub buyer_missing: Vec<String>,
}

/// The contact a contract's signing code goes to, as staff may see it: masked.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SigningContact {
    pub mobile: Option<String>,
    pub email: Option<String>,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub fixed_at: chrono::NaiveDateTime,
    /// A manager changed it after the buyer's confirmation.
    pub changed: bool,
}

/// The vehicle's fields of the sales invoice, as its record holds them.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VehiclePapers {
    pub vin: String,
    pub engine_no: Option<String>,
    pub certificate_no: Option<String>,
}
