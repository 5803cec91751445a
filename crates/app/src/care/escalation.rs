//! The job `care.complaint_escalation`: an open complaint past its deadline goes, once, to the
//! store's managers of complaints (bell and e-mail), recorded in its history and in the audit
//! log as done by the job.

use super::ESCALATION;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{Notice, to_staff};
use crate::{App, AppError, AppResult};
use domain::rbac::Permission;
use storage::care::complaints::{self as rows, Change};

/// Escalates open complaints past their deadline (the job `care.complaint_escalation`): each
/// once, to the store's managers of complaints, recorded in its history.
pub fn escalate(app: &App) -> AppResult<usize> {
    let now = app.now();
    // Every store's day is at most a day ahead of UTC's; each is checked against its own below.
    let candidates = app.db.read(|c| Ok::<_, AppError>(rows::to_escalate(c, now.date() + chrono::Days::new(1))?))?;
    let mut done = 0;
    for row in candidates {
        done += app.db.write(|c| -> AppResult<usize> {
            let (today, store) = crate::kernel::calendar::store_day(c, now, row.store_id)?;
            if row.due_on >= today {
                return Ok(0);
            }
            let change = Change { escalated_at: Some(now), ..Default::default() };
            let Ok(after) = rows::update(c, &row, &change, now) else { return Ok(0) };
            rows::record(c, row.id, ("escalated", ""), None, now)?;
            let managers: Vec<_> = storage::users::list_for_store(c, row.store_id)?
                .into_iter()
                .filter(|u| u.active && u.role.has(Permission::ComplaintManage))
                .collect();
            for m in &managers {
                let notice = Notice::new("mail-complaint-escalated")
                    .arg("number", &row.number)
                    .arg("due", row.due_on)
                    .arg("link", format!("{}/care/complaints/{}", app.messages.public_url, row.id));
                to_staff(app, c, m, &notice)?;
            }
            let changes = Changes::new().field("escalated_at", row.escalated_at, after.escalated_at);
            audit::record_job(
                c,
                now,
                store.group_id,
                ESCALATION,
                Record { action: Action::ComplaintEscalated, entity_id: row.id, store_id: Some(row.store_id), changes },
            )?;
            Ok(1)
        })?;
    }
    Ok(done)
}
