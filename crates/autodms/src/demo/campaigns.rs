//! The demo's recalls and service campaigns: the maker's brake-hose recall, recorded by the
//! group's administrator ten days ago, naming cars the Shanghai workshop serves (two of them in
//! the workshop today, so that their repair orders warn of it) by VIN and by a range, their
//! owners told; and a service campaign (a software update) not yet announced.

use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use domain::org::Actor;
use domain::service::RepairStatus;

fn vins_of(app: &App, desk: &Actor, filter: storage::service::Filter, n: i64) -> AppResult<Vec<String>> {
    let page = storage::PageRequest::new(Some(1), Some(20));
    let (rows, _) = app::service::list(app, desk, &filter, page)?;
    let mut vins: Vec<String> = rows.items.into_iter().map(|r| r.vin).collect();
    vins.dedup();
    vins.truncate(usize::try_from(n).unwrap_or(0));
    Ok(vins)
}

/// A range of 40 serial numbers from `vin`'s, when its serial is digits.
fn range_from(vin: &str) -> Option<String> {
    let serial: u32 = vin.get(11..)?.parse().ok()?;
    let last = format!("{}{:06}", &vin[..11], (serial + 40).min(999_999));
    Some(format!("{vin}~{last}"))
}

pub(super) fn seed(app: &App, today: NaiveDateTime, admin: &Actor, desk: &Actor) -> AppResult<usize> {
    let in_workshop = vins_of(app, desk, storage::service::Filter { open: true, ..Default::default() }, 2)?;
    let done = storage::service::Filter { status: Some(RepairStatus::HandedOver), ..Default::default() };
    let handed_over = vins_of(app, desk, done, 6)?;
    let mut lines: Vec<String> = in_workshop.iter().chain(handed_over.iter().take(3)).cloned().collect();
    lines.extend(handed_over.get(3).and_then(|v| range_from(v)));
    app.clock.move_to(today - Duration::days(10));
    let recall = app::campaigns::CampaignInput {
        kind: "recall".into(),
        code: "S2026-118".into(),
        title: "左前制动软管可能磨损".into(),
        remedy: "检查左前制动软管与悬架的间隙，加装护套；磨损的免费更换（工时 0.5）".into(),
        starts_on: String::new(),
        vins: lines.join("\n"),
    };
    let k = app::campaigns::record(app, admin, &recall, None)?;
    app.clock.move_to(today - Duration::days(9));
    app::campaigns::contact(app, desk, k.id)?;
    app.clock.move_to(today - Duration::days(1));
    let update = app::campaigns::CampaignInput {
        kind: "service".into(),
        code: "FW-2026-07".into(),
        title: "车机系统免费升级".into(),
        remedy: "升级车机软件至 5.2 版，修复导航偶发卡顿（约 40 分钟）".into(),
        starts_on: String::new(),
        vins: handed_over.iter().skip(4).cloned().collect::<Vec<_>>().join("\n"),
    };
    let mut made = 1;
    if !update.vins.is_empty() {
        app::campaigns::record(app, admin, &update, None)?;
        made += 1;
    }
    Ok(made)
}
