//! Signed, expiring links for people without an account: the buyer's link to their order (a
//! token that names the order and its expiry and carries an HMAC under the data key). Every
//! capability that shows the buyer something (the order, its contract, its delivery) reads the
//! order id from the same token.

use crate::{App, AppError, AppResult};
use chrono::Duration;

const PURPOSE: &str = "order-link";
/// How long a link stays valid: long enough for a customer to think it over.
pub const LINK_DAYS: i64 = 14;

/// A token for order `id`, valid for `LINK_DAYS`.
pub fn link_token(app: &App, id: i64) -> String {
    let expires = (chrono::Utc::now() + Duration::days(LINK_DAYS)).timestamp();
    app.secrets.sign(PURPOSE, &format!("{id}-{expires}"))
}

/// The buyer's page of order `id`, as a link to send them.
pub fn customer_url(app: &App, id: i64) -> String {
    format!("{}/c/{}", app.messages.public_url, link_token(app, id))
}

/// The order id of a valid, unexpired token.
pub fn order_of(app: &App, token: &str) -> AppResult<i64> {
    let payload = app.secrets.verify(PURPOSE, token).ok_or(AppError::NotFound)?;
    let (id, expires) = payload.split_once('-').ok_or(AppError::NotFound)?;
    let expires: i64 = expires.parse().map_err(|_| AppError::NotFound)?;
    if chrono::Utc::now().timestamp() > expires {
        return Err(AppError::field("link", "link-expired"));
    }
    id.parse().map_err(|_| AppError::NotFound)
}
