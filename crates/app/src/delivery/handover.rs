//! The handover (交车): the documents, the keys, the odometer and the buyer's signature. It is the
//! one way an order becomes "delivered": the car leaves the stock, becomes the buyer's, and the
//! 三包 clocks run from the invoice date.

use super::inspection::refusal;
use super::{Delivery, State, view};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By, Event, raise};
use crate::{App, AppError, AppResult, Conflict, require};
use base64::Engine;
use domain::FieldErrors;
use domain::delivery::HandoverDocument;
use domain::org::Actor;
use domain::rbac::Permission;

/// The handover as typed on the staff tablet or the buyer's phone.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HandoverInput {
    /// Every document handed over: `invoice`, `certificate`, `consistency`, `warranty_card`,
    /// `manuals`.
    pub documents: Vec<String>,
    /// How many keys, 1 to 6.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub key_count: String,
    /// The odometer at handover, in km.
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i64)]
    pub odometer_km: String,
    /// The buyer's signature as drawn: a PNG, as a `data:image/png;base64,` URL or plain base64.
    pub signature: String,
    /// The name the buyer signs as.
    pub signed_by: String,
    pub note: String,
}

/// The largest signature image taken.
pub const SIGNATURE_MAX_BYTES: usize = 512 * 1024;

struct Checked {
    documents: Vec<HandoverDocument>,
    key_count: i32,
    odometer_km: i64,
    signature: Vec<u8>,
    signed_by: String,
    note: String,
}

/// A PNG drawn on a canvas: its bytes, or why not.
fn signature(text: &str) -> Result<Vec<u8>, &'static str> {
    let b64 = text.trim();
    if b64.is_empty() {
        return Err("signature-required");
    }
    let b64 = b64.strip_prefix("data:image/png;base64,").unwrap_or(b64);
    if b64.len() > SIGNATURE_MAX_BYTES * 4 / 3 + 4 {
        return Err("signature-too-large");
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).map_err(|_| "signature-invalid")?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.len() < 64 {
        return Err("signature-invalid");
    }
    Ok(bytes)
}

fn check(input: &HandoverInput) -> Result<Checked, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut documents = Vec::new();
    for d in &input.documents {
        match HandoverDocument::ALL.into_iter().find(|x| x.code() == d.trim()) {
            Some(doc) if !documents.contains(&doc) => documents.push(doc),
            Some(_) => {}
            None => e.add("documents", "value-unknown"),
        }
    }
    let key_count = input.key_count.trim().parse::<i32>().unwrap_or(-1);
    let odometer_km = input.odometer_km.trim().parse::<i64>().unwrap_or(-1);
    if let Err(more) = domain::delivery::handed_over(&documents, key_count, odometer_km) {
        for f in more.iter() {
            e.add(f.field.clone(), f.code);
        }
    }
    let signature = match signature(&input.signature) {
        Ok(s) => Some(s),
        Err(code) => {
            e.add("signature", code);
            None
        }
    };
    let signed_by = e.check("signed_by", domain::text::required(&input.signed_by, 50));
    let note = e.check("note", domain::text::optional(&input.note, 500)).flatten().unwrap_or_default();
    e.into_result()?;
    Ok(Checked {
        documents,
        key_count,
        odometer_km,
        signature: signature.expect("checked"),
        signed_by: signed_by.expect("checked"),
        note,
    })
}

/// Hands order `order_id`'s car over to its buyer (`delivery_hand_over`, within the reader's
/// scope): refused while anything blocks it (the car not at the store, the last PDI not passed,
/// money outstanding, no valid invoice). The order becomes "delivered", the car leaves the stock
/// with its certificate and becomes the buyer's, all in this one write.
#[tracing::instrument(name = "delivery", skip_all, fields(use_case = "hand_over", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn hand_over(app: &App, actor: &Actor, order_id: i64, input: &HandoverInput) -> AppResult<Delivery> {
    let now = app.now();
    require(actor, Permission::DeliveryHandOver)?;
    let h = check(input)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let s = State::load(c, actor, order_id)?;
        if let Some(b) = s.blockers().into_iter().next() {
            return Err(AppError::Conflict(Conflict::Refused { code: refusal(b) }));
        }
        let (Some(vehicle), Some(inspection), Some(invoice)) = (&s.vehicle, s.inspections.first(), &s.invoice) else {
            return Err(AppError::internal("a handover without its vehicle, PDI or invoice passed the blockers"));
        };
        let today = crate::kernel::calendar::day(c, now, s.order.store_id)?;
        let codes: Vec<&str> = h.documents.iter().map(|d| d.code()).collect();
        let row = storage::delivery::insert_handover(
            c,
            &storage::delivery::NewHandover {
                store_id: s.order.store_id,
                order_id: s.order.id,
                vehicle_id: vehicle.id,
                inspection_id: inspection.id,
                invoice_id: invoice.id,
                documents: &serde_json::to_string(&codes).map_err(AppError::internal)?,
                key_count: h.key_count,
                odometer_km: h.odometer_km,
                signature_png: &h.signature,
                signed_by: &h.signed_by,
                note: &h.note,
                delivered_on: today,
                warranty_from: invoice.invoice_date,
                handed_over_by: actor.user_id.0,
                now,
            },
        )
        .map_err(|e| match e {
            storage::StorageError::Duplicate(_) => AppError::Conflict(Conflict::Refused { code: "delivery-delivered" }),
            other => other.into(),
        })?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::OrderHandedOver,
                entity_id: s.order.id,
                store_id: Some(s.order.store_id),
                changes: Changes::new()
                    .created("vin", vehicle.vin.as_str())
                    .created("delivered_on", row.delivered_on)
                    .created("warranty_from", row.warranty_from)
                    .created("documents", codes.join(","))
                    .created("key_count", row.key_count)
                    .created("odometer_km", row.odometer_km)
                    .created("name", h.signed_by.as_str())
                    .created_if("note", (!h.note.is_empty()).then_some(h.note.as_str())),
            },
        )?;
        storage::delivery::calendar::end(c, s.order.id, domain::delivery::slots::BookingStatus::Done, now)?;
        super::followups::schedule_callback(c, now, &s.order)?;
        let told = format!("{} · {} km", vehicle.vin, row.odometer_km);
        raise(
            app,
            c,
            now,
            By::Staff(actor),
            Event::Delivered { order: &s.order, vehicle_id: vehicle.id, on: today, note: &told },
        )?;
        let s = State::load(c, actor, order_id)?;
        view(c, actor, s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_a_png_of_a_sane_size() {
        assert_eq!(signature(""), Err("signature-required"));
        assert_eq!(signature("data:image/png;base64,!!!"), Err("signature-invalid"));
        let gif = base64::engine::general_purpose::STANDARD
            .encode(b"GIF89a................................................................");
        assert_eq!(signature(&gif), Err("signature-invalid"));
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.resize(100, 0);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
        assert_eq!(signature(&format!("data:image/png;base64,{b64}")), Ok(png.clone()));
        let big = base64::engine::general_purpose::STANDARD.encode(vec![0u8; SIGNATURE_MAX_BYTES + 10]);
        assert_eq!(signature(&big), Err("signature-too-large"));
    }
}
