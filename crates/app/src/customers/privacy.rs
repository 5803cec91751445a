//! The customer's rights over their personal data (PIPL): a copy of everything the store keeps
//! about them (`customer_data_export`), and erasure on request (`customer_anonymise`) that keeps
//! what the law requires the dealer to keep (orders, contracts, invoices, with the buyer as they
//! were when signed) and the pipeline's figures.

use super::{CustomerView, tag_list};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::erasure::{Eraser, Erasure};
use crate::kernel::scope::visibility;
use crate::{App, AppError, AppResult, Conflict, require};
use domain::billing::Document;
use domain::org::Actor;
use domain::rbac::Permission;
use serde_json::{Value, json};
use storage::DbConnection;

/// Everything the store keeps about a customer, as a JSON document for them.
pub fn export(app: &App, actor: &Actor, id: i64) -> AppResult<Value> {
    let now = app.now();
    require(actor, Permission::CustomerRead)?;
    require(actor, Permission::CustomerDataExport)?;
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let row = storage::customers::get_visible(c, &vis, id)?;
        // The ID number in full only to roles that may see it (the GM); customer service exports
        // it masked, as its pages show it.
        let id_number = row
            .id_number_enc
            .as_deref()
            .and_then(|sealed| app.secrets.decrypt(sealed))
            .map(|n| if actor.can(Permission::CustomerViewIdNumber) { n } else { domain::ident::mask_id(&n) });
        let leads = storage::crm::leads::all_of_customer(c, id)?;
        let lead_ids: Vec<i64> = leads.iter().map(|l| l.id).collect();
        let contacts = storage::crm::follow_ups::done_of_leads(c, &lead_ids)?;
        let drives = storage::crm::test_drives::of_leads(c, &lead_ids)?;
        let orders = storage::sales::orders_of_customer(c, &storage::scope::Visibility::whole_store(row.store_id), id)?;
        // The money and papers of each order: what they paid and got back, the contracts they
        // signed with the signing evidence, the invoices issued in their name.
        let (mut payments, mut refunds, mut contracts, mut invoices) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for o in &orders {
            for p in storage::finance::payments::of_document(c, Document::sales_order(o.id))? {
                payments.push(json!({
                    "order_no": o.order_no,
                    "kind": p.kind.code(),
                    "method": p.method.code(),
                    "amount_fen": p.amount_fen,
                    "paid_on": p.paid_on.to_string(),
                    "status": p.status.code(),
                    "receipt_no": p.receipt_no,
                }));
            }
            for r in storage::finance::refunds::of_document(c, Document::sales_order(o.id))? {
                refunds.push(json!({
                    "order_no": o.order_no,
                    "kind": r.kind.code(),
                    "amount_fen": r.amount_fen,
                    "status": r.status.code(),
                    "reason": r.reason,
                    "paid_at": r.paid_at.map(|t| crate::kernel::json::format(&t)),
                }));
            }
            for k in storage::finance::contracts::of_order(c, o.id)? {
                let evidence = k.customer_evidence.as_deref().and_then(|e| serde_json::from_str::<Value>(e).ok());
                contracts.push(json!({
                    "order_no": o.order_no,
                    "contract_no": k.contract_no,
                    "version": k.version,
                    "status": k.status.code(),
                    "customer_signed_at": k.customer_signed_at.map(|t| crate::kernel::json::format(&t)),
                    "countersigned_at": k.countersigned_at.map(|t| crate::kernel::json::format(&t)),
                    "pdf_sha256": k.pdf_sha256,
                    "signing_evidence": evidence,
                }));
            }
            for i in storage::finance::invoices::of_document(c, Document::sales_order(o.id))? {
                invoices.push(json!({
                    "order_no": o.order_no,
                    "invoice_code": i.invoice_code,
                    "invoice_no": i.invoice_no,
                    "invoice_date": i.invoice_date.to_string(),
                    "gross_fen": i.gross_fen,
                    "status": i.status.code(),
                }));
            }
        }
        let document = json!({
            "exported_at": crate::kernel::json::format(&now),
            "profile": {
                "kind": row.kind,
                "name": row.name,
                "mobile": row.mobile,
                "email": row.email,
                "address": row.address,
                "id_number": id_number,
                "credit_code": row.credit_code,
                "contact_person": row.contact_person,
                "notes": row.notes,
                "tags": tag_list(&row.tags),
                "preferred_colour": row.pref_colour,
                "preferred_configuration": row.pref_configuration,
                "preferred_contact_time": row.pref_contact_time,
                "created_at": crate::kernel::json::format(&row.created_at),
            },
            "marketing_consent": {
                "given": row.marketing_consent,
                "source": row.consent_source,
                "at": row.consent_at.map(|t| crate::kernel::json::format(&t)),
            },
            "leads": leads.iter().map(|l| json!({
                "created_at": crate::kernel::json::format(&l.created_at),
                "channel": l.channel.code(),
                "stage": l.stage.code(),
                "budget_fen": l.budget_fen,
                "timeframe": l.timeframe.code(),
                "payment_intention": l.payment_intention.code(),
                "trade_in": {
                    "brand": l.trade_in_brand,
                    "model": l.trade_in_model,
                    "year": l.trade_in_year,
                    "mileage_km": l.trade_in_mileage_km,
                },
                "notes": l.notes,
            })).collect::<Vec<_>>(),
            "contacts": contacts.iter().map(|f| json!({
                "at": f.done_at.map(|t| crate::kernel::json::format(&t)),
                "kind": f.kind.map(|k| k.code()),
                "outcome": f.outcome.map(|o| o.code()),
                "note": f.note,
            })).collect::<Vec<_>>(),
            "test_drives": drives.iter().map(|d| json!({
                "starts_at": crate::kernel::json::format(&d.starts_at),
                "status": d.status.code(),
                "licence_number_ends_with": d.licence_tail,
                "impression": d.impression,
            })).collect::<Vec<_>>(),
            "orders": orders.iter().map(|o| json!({
                "order_no": o.order_no,
                "created_at": crate::kernel::json::format(&o.created_at),
                "status": o.status.code(),
                "total_fen": o.total_fen,
            })).collect::<Vec<_>>(),
            "payments": payments,
            "refunds": refunds,
            "contracts": contracts,
            "invoices": invoices,
            "vehicles": storage::customers::vehicles::of_customer(c, row.id)?.iter().map(|v| json!({
                "vin": v.vin,
                "plate": v.plate,
                "description": v.description,
                "origin": v.origin.code(),
                "registered_on": v.registered_on,
                "owned_since": v.owned_since,
                "owned_until": v.owned_until,
                "mileage_km": v.mileage_km,
            })).collect::<Vec<_>>(),
        });
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerDataExported,
                entity_id: row.id,
                store_id: Some(row.store_id),
                changes: Changes::new(),
            },
        )?;
        Ok(document)
    })
}

/// Erases the customer's personal data on their request (the version the page was loaded at).
/// Refused while an order of theirs is under way or a lead is open: those finish first (an
/// order is delivered or cancelled, a lead ordered or given up).
pub fn anonymise(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<CustomerView> {
    let now = app.now();
    require(actor, Permission::CustomerRead)?;
    require(actor, Permission::CustomerAnonymise)?;
    let view = app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let before = storage::customers::get_visible(c, &vis, id)?;
        if before.anonymised_at.is_some() {
            return Err(refused("customer-anonymised"));
        }
        let name = format!("已匿名客户 #{id}");
        let mobile = format!("anonymised-{id}");
        // Written first: the row stays locked (PostgreSQL) until the end, so an order or a lead
        // being made for the customer now (which holds the row) is either seen below or waits
        // and is refused as for an erased customer.
        let after = storage::customers::anonymise(c, id, version, &name, &mobile, now)?;
        // Every capability that keeps something of the customer says whether it still needs it,
        // then erases its part (registered `Eraser`s).
        let erasure = Erasure { customer: &before, placeholder: &name, now };
        let erasers: Vec<&Eraser> = app.capabilities.iter().flat_map(|k| k.erasers).collect();
        for e in &erasers {
            if let Some(code) = (e.holds)(c, &erasure)? {
                return Err(refused(code));
            }
        }
        for e in &erasers {
            (e.erase)(c, &erasure)?;
        }
        // What was sent to them, and their name in what was sent to staff.
        let addresses: Vec<String> =
            [Some(before.mobile.clone()), before.email.clone()].into_iter().flatten().collect();
        storage::outbox::erase_to(c, &addresses)?;
        storage::outbox::redact_name(c, before.store_id, &before.name, &name)?;
        storage::notices::redact_name(c, before.store_id, &before.name, &name)?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerAnonymised,
                entity_id: id,
                store_id: Some(after.store_id),
                changes: Changes::new().field("anonymised", false, true),
            },
        )?;
        Ok(CustomerView::of(actor, after))
    })?;
    // Committed: the log is copied into the database and emptied, so that no old page with the
    // erased values stays in it (a failure here is retried by the checkpoint thread).
    if let Err(e) = app.db.purge_log() {
        tracing::warn!(error = %e, "could not empty the write-ahead log after an erasure");
    }
    Ok(view)
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(Conflict::Refused { code })
}

/// The customers capability's part of an erasure: the profile's own audit entries and the plates
/// of their cars (the VINs stay with the service history).
pub(super) const ERASER: Eraser =
    Eraser { name: "customers.profile", holds: crate::kernel::erasure::never_holds, erase: erase_profile };

fn erase_profile(c: &mut DbConnection, e: &Erasure<'_>) -> AppResult<()> {
    let cars: Vec<i64> = storage::customers::vehicles::of_customer(c, e.customer.id)?.iter().map(|v| v.id).collect();
    storage::customers::vehicles::erase_plates(c, e.customer.id)?;
    crate::kernel::erasure::redact(c, "customer_vehicle", &cars)?;
    crate::kernel::erasure::redact(c, "customer", &[e.customer.id])
}
