//! Columns that hold JSON text (an order's terms and quote, an approval level's reasons, a
//! rule's levels, an audit record's changes) leave the application as JSON, not as a string
//! with JSON inside: integrators read `order.terms.discount`, not a second parse.

use serde::Serializer;

pub fn embedded<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => s.serialize_some(&v),
        // Never written by the application; shown as stored rather than failing the answer.
        Err(_) => s.serialize_str(text),
    }
}
