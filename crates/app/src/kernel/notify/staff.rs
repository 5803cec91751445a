//! Messages to staff: in the app (the bell with its unread count), by e-mail and by text message,
//! as each person chose for each kind of message. Unless they chose otherwise a person is told in
//! the app and by e-mail (a text message only when they ask for one).

use super::{Channel, Notice, wording};
use crate::kernel::outbox::{Mail, enqueue_on};
use crate::{App, AppResult};
use storage::DbConnection;
use storage::notices::Channels;
use storage::users::UserRow;

/// How a person is told of a notice they never chose for.
pub const DEFAULT_CHANNELS: Channels = Channels { in_app: true, email: true, sms: false };

/// Tells `user` of `notice` in the current transaction, by the channels they chose. The
/// notification opens the page inside the app that the notice links to (its `staff_link`, else
/// its `link`, when that is one of the app's pages).
pub fn to_staff(app: &App, c: &mut DbConnection, user: &UserRow, notice: &Notice) -> AppResult<()> {
    if notice.is_marketing() {
        return Err(crate::AppError::internal("a marketing notice to staff"));
    }
    if !user.active {
        return Ok(());
    }
    let ch = storage::notices::preference(c, user.id, notice.key)?.unwrap_or(DEFAULT_CHANNELS);
    let store = Some(user.store_id);
    let link = in_app_link(app, notice);
    let link = link.as_deref();
    if ch.in_app {
        let (subject, _) = wording::render(app, c, store, notice, &user.locale, Channel::Email)?;
        storage::notices::insert(
            c,
            &storage::notices::NewNotification {
                store_id: user.store_id,
                user_id: user.id,
                notice: notice.key,
                text: &subject,
                link,
                now: app.now(),
            },
        )?;
    }
    if let Some(email) = user.email.as_deref().filter(|e| ch.email && !e.is_empty()) {
        let (subject, body) = wording::render(app, c, store, notice, &user.locale, Channel::Email)?;
        enqueue_on(c, app.now(), store, Channel::Email, &Mail { to: email.to_string(), subject, body })?;
    }
    if let Some(mobile) = user.mobile.as_deref().filter(|m| ch.sms && app.messages.sms && !m.is_empty()) {
        let (_, text) = wording::render(app, c, store, notice, &user.locale, Channel::Sms)?;
        enqueue_on(
            c,
            app.now(),
            store,
            Channel::Sms,
            &Mail { to: mobile.to_string(), subject: String::new(), body: text },
        )?;
    }
    Ok(())
}

/// The app's page a notice links to, as a path (`/orders/12`); the buyer's page is not one.
fn in_app_link(app: &App, notice: &Notice) -> Option<String> {
    let of = |name: &str| notice.args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str());
    let url = of("staff_link").or_else(|| of("link"))?;
    let path = url.strip_prefix(&app.messages.public_url)?;
    (path.starts_with('/') && !path.starts_with("/c/")).then(|| path.to_string())
}
