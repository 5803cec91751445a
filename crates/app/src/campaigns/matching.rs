//! Which cars a campaign names: the group's cars still with their owners, matched against its
//! VINs and ranges when it is recorded, and the cars added since by the job `campaigns.match`
//! (a car bought elsewhere and first seen at the desk).

use crate::{App, AppError, AppResult};
use chrono::NaiveDateTime;
use domain::campaigns::VinSpec;
use storage::DbConnection;
use storage::campaigns::{self as rows, CampaignRow};

/// Cars read per round.
const BATCH: i64 = 5_000;

/// Matches the cars added after the campaign's last match, in rounds of `BATCH`.
pub(super) fn match_all(c: &mut DbConnection, k: &CampaignRow, spec: &VinSpec, now: NaiveDateTime) -> AppResult<usize> {
    let mut after = k.matched_through;
    let mut found = 0;
    loop {
        let cars = rows::candidates(c, k.group_id, after, BATCH)?;
        let Some(last) = cars.last().map(|car| car.id) else { return Ok(found) };
        let named: Vec<_> = cars.into_iter().filter(|car| spec.contains(&car.vin)).collect();
        found += named.len();
        rows::add_cars(c, k.id, (&named, last), now)?;
        after = last;
    }
}

/// The job `campaigns.match`: each open campaign against the cars added since it last looked.
pub fn run(app: &App) -> AppResult<usize> {
    let now = app.now();
    let open = app.db.read(|c| Ok::<_, AppError>(rows::open_ones(c)?))?;
    let mut found = 0;
    for k in open {
        found += app.db.write(|c| -> AppResult<usize> {
            let k = rows::lock(c, domain::ids::GroupId(k.group_id), k.id)?;
            if rows::candidates(c, k.group_id, k.matched_through, 1)?.is_empty() {
                return Ok(0);
            }
            let spec = rows::spec(c, k.id)?;
            match_all(c, &k, &spec, now)
        })?;
    }
    Ok(found)
}
