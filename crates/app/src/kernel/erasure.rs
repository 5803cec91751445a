//! Erasing a customer's personal data on their request (PIPL): the customers capability erases
//! the profile and asks every capability that registered an [`Eraser`] whether it still needs the
//! data (an order under way, a lead open) and then to erase its part, all in one transaction. The
//! audit log's values of the fields in [`PERSONAL`] are replaced too.

use crate::AppResult;
use chrono::NaiveDateTime;
use serde_json::Value;
use storage::DbConnection;
use storage::customers::CustomerRow;

/// The customer being erased, as stored before, and what replaces their name.
pub struct Erasure<'a> {
    pub customer: &'a CustomerRow,
    pub placeholder: &'a str,
    pub now: NaiveDateTime,
}

/// A capability's part of an erasure.
pub struct Eraser {
    /// `capability.what`, unique in the registry.
    pub name: &'static str,
    /// Why the data cannot go yet (an error code such as `customer-order-under-way`), if so.
    pub holds: fn(&mut DbConnection, &Erasure<'_>) -> AppResult<Option<&'static str>>,
    /// Erases or replaces what the capability keeps of the customer.
    pub erase: fn(&mut DbConnection, &Erasure<'_>) -> AppResult<()>,
}

/// An eraser's `holds` for a capability that never refuses.
pub fn never_holds(_: &mut DbConnection, _: &Erasure<'_>) -> AppResult<Option<&'static str>> {
    Ok(None)
}

/// What the audit log keeps of a customer's or a lead's changes once the customer is erased:
/// these fields' values are replaced.
pub const PERSONAL: [&str; 27] = [
    "name",
    "plate",
    "mobile",
    "email",
    "address",
    "id_number",
    "contact_person",
    "notes",
    "tags",
    "pref_colour",
    "pref_configuration",
    "trade_in_brand",
    "trade_in_model",
    "trade_in_year",
    "trade_in_mileage_km",
    "note",
    "next_step",
    "lost_note",
    "licence",
    "impression",
    "test_drive",
    "complaints",
    "walkaround",
    "requested_work",
    "comment",
    "description",
    "resolution",
];

/// Shown instead of an erased value.
pub const ERASED: &str = "—";

/// Replaces the personal values in the audit entries of these records.
pub fn redact(c: &mut DbConnection, entity_type: &str, ids: &[i64]) -> AppResult<()> {
    for (event, changes) in storage::audit::changes_of(c, entity_type, ids)? {
        let Ok(Value::Object(mut fields)) = serde_json::from_str::<Value>(&changes) else { continue };
        let mut touched = false;
        for (key, value) in fields.iter_mut() {
            if PERSONAL.contains(&key.as_str())
                && let Value::Array(pair) = value
            {
                for v in pair.iter_mut().filter(|v| !v.is_null()) {
                    *v = Value::String(ERASED.to_string());
                    touched = true;
                }
            }
        }
        if touched {
            storage::audit::redact(c, event, &Value::Object(fields).to_string())?;
        }
    }
    Ok(())
}
