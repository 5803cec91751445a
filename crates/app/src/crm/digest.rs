//! The morning digest (a background job, no actor): from 08:00 in each store's time zone, once
//! per store and day, every advisor with follow-ups due today or overdue gets an e-mail listing
//! them, queued in the outbox in the same transaction that claims the day (so two instances never
//! send it twice, and a crash sends it whole or not at all).

use crate::kernel::notify::{self, Notice};
use crate::{App, AppResult};
use chrono::{NaiveDateTime, Timelike};
use domain::ident::mobile_mask::mask_mobile;
use storage::DbConnection;
use storage::crm::follow_ups as rows;
use storage::org::StoreRow;

/// The hour (store time) from which the day's digest goes out.
pub const DIGEST_HOUR: u32 = 8;

/// How many customers the e-mail names; the rest are on the day list.
const NAMED: i64 = 5;

/// Sends the digests due now; returns how many e-mails were queued.
pub fn send_due(app: &App) -> AppResult<usize> {
    let now = app.now();
    let stores = app.db.read(|c| Ok::<_, crate::AppError>(storage::org::active_stores(c)?))?;
    let mut mails = 0;
    for store in stores {
        let tz = crate::kernel::calendar::zone_of(&store);
        let local = now.and_utc().with_timezone(&tz);
        if local.hour() < DIGEST_HOUR {
            continue;
        }
        mails += app.db.write(|c| store_digest(app, c, now, &store, local.date_naive()))?;
    }
    Ok(mails)
}

fn store_digest(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    store: &StoreRow,
    day: chrono::NaiveDate,
) -> AppResult<usize> {
    if !rows::claim_digest(c, store.id, day, now)? {
        return Ok(0);
    }
    let users = storage::users::list_for_store(c, store.id)?;
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let counts = rows::due_counts(c, store.id, &ids, day)?;
    let mut sent = 0;
    for (owner, overdue, due_today) in counts {
        let Some(user) = users.iter().find(|u| u.id == owner && u.active) else { continue };
        let first = rows::due(
            c,
            domain::ids::StoreId(store.id),
            domain::ids::UserId(owner),
            day,
            storage::PageRequest::new(Some(1), Some(NAMED)),
        )?
        .items
        .into_iter()
        .map(|(_, _, name, mobile)| format!("{name} {}", mask_mobile(&mobile)))
        .collect::<Vec<_>>()
        .join("、");
        let notice = Notice::new("mail-follow-up-digest")
            .arg("advisor", &user.display_name)
            .arg("store", &store.name)
            .arg("today", due_today)
            .arg("overdue", overdue)
            .arg("first", first)
            .arg("link", format!("{}/follow-ups", app.messages.public_url));
        notify::to_staff(app, c, user, &notice)?;
        sent += 1;
    }
    rows::digest_sent(c, store.id, day, i32::try_from(sent).unwrap_or(i32::MAX))?;
    Ok(sent)
}
