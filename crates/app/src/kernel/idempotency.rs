//! Idempotency keys (`Idempotency-Key`): a create retried with the same key answers with the
//! record the first request made; the same key with another request is refused, as payment APIs
//! do. Every capability's creates use this one store of keys.

use crate::{AppError, AppResult};
use chrono::NaiveDateTime;
use domain::org::Actor;
use storage::DbConnection;

/// A create's idempotency key (`Idempotency-Key`): a retry answers with the record the first
/// request made; the same key with another request is refused, as payment APIs do.
pub struct Key<'a> {
    key: Option<&'a str>,
    kind: &'static str,
    fingerprint: String,
}

impl<'a> Key<'a> {
    pub fn new(key: Option<&'a str>, kind: &'static str, request: &impl serde::Serialize) -> AppResult<Self> {
        let key = key.map(str::trim).filter(|k| !k.is_empty());
        if key.is_some_and(|k| k.len() > 200) {
            return Err(AppError::field("idempotency_key", "too-long"));
        }
        let fingerprint = crate::kernel::crypto::token_digest(&format!(
            "{kind}:{}",
            serde_json::to_string(request).unwrap_or_default()
        ));
        Ok(Self { key, kind, fingerprint })
    }

    /// The record the key made before, if any.
    pub fn existing(&self, c: &mut DbConnection, actor: &Actor) -> AppResult<Option<i64>> {
        let Some(k) = self.key else { return Ok(None) };
        match storage::idempotency::find_key(c, actor.user_id.0, k)? {
            Some((kind, id, hash)) if kind == self.kind && hash == self.fingerprint => Ok(Some(id)),
            Some(_) => Err(AppError::field("idempotency_key", "idempotency-key-reused")),
            None => Ok(None),
        }
    }

    pub fn remember(&self, c: &mut DbConnection, actor: &Actor, id: i64, now: NaiveDateTime) -> AppResult<()> {
        let Some(k) = self.key else { return Ok(()) };
        storage::idempotency::remember_key(c, actor.user_id, k, self.kind, id, &self.fingerprint, now)
            .map_err(crate::kernel::error::on_duplicate("idempotency_key", "idempotency-key-reused"))
    }
}
