//! Signed, expiring links for people without an account: the buyer's link to their order (a
//! token that names the order, the customer it was sent to and its expiry, and carries an HMAC
//! under the data key). Every capability that shows the buyer something (the order, its contract,
//! its delivery) reads the order id from the same token. A link names its customer: when the
//! order's customer changes, the links sent to the previous one stop working (`link-revoked`).

use crate::{App, AppError, AppResult};
use chrono::Duration;
use domain::ids::{CustomerId, OrderId};

const PURPOSE: &str = "order-link";
/// How long a link stays valid: long enough for a customer to think it over.
pub const LINK_DAYS: i64 = 14;

/// A token for order `id` sent to its customer `customer_id`, valid for `LINK_DAYS`.
pub fn link_token(app: &App, id: OrderId, customer_id: CustomerId) -> String {
    let expires = (chrono::Utc::now() + Duration::days(LINK_DAYS)).timestamp();
    app.secrets.sign(PURPOSE, &format!("{id}-{customer_id}-{expires}"))
}

/// The buyer's page of order `id`, as a link to send its customer `customer_id`.
pub fn customer_url(app: &App, id: OrderId, customer_id: CustomerId) -> String {
    format!("{}/c/{}", app.messages.public_url, link_token(app, id, customer_id))
}

/// The order id of a valid, unexpired token whose customer is still the order's. A token made
/// before links named their customer (`{id}-{expires}`) no longer opens: it cannot say whom it
/// was sent to.
pub fn order_of(app: &App, token: &str) -> AppResult<i64> {
    let payload = app.secrets.verify(PURPOSE, token).ok_or(AppError::NotFound)?;
    let mut parts = payload.splitn(3, '-').map(str::parse::<i64>);
    let (Some(Ok(id)), Some(Ok(customer)), Some(Ok(expires))) = (parts.next(), parts.next(), parts.next()) else {
        return Err(AppError::NotFound);
    };
    if chrono::Utc::now().timestamp() > expires {
        return Err(AppError::field("link", "link-expired"));
    }
    let current = app.db.read(|c| Ok::<_, AppError>(storage::sales::get(c, id)?.customer_id))?;
    if current != customer {
        return Err(AppError::field("link", "link-revoked"));
    }
    Ok(id)
}

const BOOKING: &str = "booking-link";
/// How long a booking link stays valid: a reminder goes out 30 days ahead, and some.
pub const BOOKING_DAYS: i64 = 60;

/// The page on which customer `customer` books a visit for their car `car_id` (a reminder's
/// link), valid for `BOOKING_DAYS`.
pub fn booking_url(app: &App, car_id: i64, customer: CustomerId) -> String {
    let expires = (chrono::Utc::now() + Duration::days(BOOKING_DAYS)).timestamp();
    format!("{}/b/{}", app.messages.public_url, app.secrets.sign(BOOKING, &format!("{car_id}-{customer}-{expires}")))
}

/// The car and customer a valid, unexpired booking token names (whether the car is still theirs
/// is the caller's to check).
pub fn booking_of(app: &App, token: &str) -> AppResult<(i64, CustomerId)> {
    let payload = app.secrets.verify(BOOKING, token).ok_or(AppError::NotFound)?;
    let mut parts = payload.splitn(3, '-').map(str::parse::<i64>);
    let (Some(Ok(car)), Some(Ok(customer)), Some(Ok(expires))) = (parts.next(), parts.next(), parts.next()) else {
        return Err(AppError::NotFound);
    };
    if chrono::Utc::now().timestamp() > expires {
        return Err(AppError::field("link", "booking-link-expired"));
    }
    Ok((car, CustomerId(customer)))
}
