//! The demo's parts store: the group's catalogue (with a superseded number), each store's
//! parts clerk, shelves stocked by a first delivery from the maker, and the issues the workshop's
//! repair orders take, with a replenishment ordered and received when a shelf runs low.

use app::org::users::User;
use app::{App, AppError, AppResult, Conflict};
use chrono::NaiveDateTime;
use domain::org::Actor;
use domain::rbac::Role;

/// The warehouse every demo shelf is in.
pub const MAIN: &str = "主库";

/// Number, name, system, retail and purchase price in yuan, fitment, and the first stock with
/// its reorder point and quantity.
type Entry = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, (i32, i32, i32));

const CATALOGUE: [Entry; 16] = [
    ("OF-2031", "机油滤清器", "maintenance", "68.00", "38.00", "", (90, 30, 60)),
    ("OL-5W30-4", "全合成机油 5W-30 4L", "maintenance", "398.00", "240.00", "", (60, 20, 40)),
    ("AF-1102", "空气滤清器", "maintenance", "118.00", "62.00", "", (24, 8, 20)),
    ("AC-0420", "空调滤芯", "air_conditioning", "128.00", "70.00", "", (20, 6, 20)),
    ("BP-1001", "前刹车片（套）", "brakes", "568.00", "320.00", "帕萨特 2019-2024；迈腾 B8", (24, 8, 16)),
    ("BP-0998", "前刹车片（套，旧款）", "brakes", "528.00", "300.00", "帕萨特 2016-2018", (0, 0, 0)),
    ("BD-2010", "前刹车盘", "brakes", "860.00", "480.00", "帕萨特 2019-2024", (6, 2, 4)),
    ("BF-0500", "DOT4 刹车油 1L", "brakes", "88.00", "45.00", "", (30, 10, 24)),
    ("BT-6012", "12V 蓄电池", "electrical", "780.00", "460.00", "", (18, 4, 10)),
    ("SP-3320", "火花塞", "engine", "95.00", "48.00", "", (40, 16, 40)),
    ("EM-3301", "发动机支架", "engine", "420.00", "230.00", "帕萨特 2019-2024", (4, 1, 2)),
    ("WB-0860", "雨刮片（对）", "body", "168.00", "80.00", "", (3, 6, 12)),
    ("CL-2200", "冷却液 4L", "engine", "158.00", "82.00", "", (16, 6, 12)),
    ("SA-7710", "前减震器", "suspension", "1280.00", "760.00", "帕萨特 2019-2024", (4, 1, 2)),
    ("TB-4411", "转向横拉杆球头", "steering", "360.00", "190.00", "", (2, 2, 4)),
    ("HB-1000", "高压电池冷却液 2L", "traction_battery", "260.00", "140.00", "新能源车型", (8, 2, 6)),
];

/// The group's parts catalogue, kept by the group's administrator.
pub(super) fn seed_catalogue(app: &App, admin: &Actor) -> AppResult<usize> {
    for (no, name, system, list, cost, fits, _) in CATALOGUE {
        let input = app::parts::PartInput {
            part_no: no.into(),
            name: name.into(),
            system: system.into(),
            list_price: list.into(),
            cost: cost.into(),
            fits: fits.into(),
            superseded_by: if no == "BP-0998" { "BP-1001".into() } else { String::new() },
        };
        app::parts::create(app, admin, &input, None)?;
    }
    Ok(CATALOGUE.len())
}

/// The store's parts clerk (its number made from the store, so that no random draw moves).
pub(super) fn hire(app: &App, admin: &Actor, prefix: &str, store_id: i64, team: i64) -> AppResult<User> {
    let input = app::org::users::UserInput {
        username: format!("{prefix}.parts"),
        display_name: if prefix == "sh" { "严晓东".into() } else { "邵春燕".into() },
        store_id: store_id.to_string(),
        team_id: team.to_string(),
        mobile: format!("1390{:07}", 2_000_000 + store_id),
        email: format!("{prefix}.parts@autodms.demo"),
        role: Role::PartsClerk.code().into(),
        password: super::DEMO_PASSWORD.into(),
        active: true,
        ..Default::default()
    };
    app::org::users::create(app, admin, &input)
}

/// The store's shelves: bins and reorder levels, then the first delivery from the maker, at `t`.
pub(super) fn seed_shelves(app: &App, clerk: &Actor, t: NaiveDateTime) -> AppResult<()> {
    app.clock.move_to(t);
    let po = app::parts::draft(app, clerk, "开业首批备货", None)?;
    let mut version = po.version;
    for (i, (no, _, _, _, _, _, (first, point, qty))) in CATALOGUE.iter().enumerate() {
        let Some(part) = app::parts::search(app, clerk, &part_filter(no), app::PageRequest::new(Some(1), Some(1)))?
            .items
            .into_iter()
            .next()
        else {
            continue;
        };
        let levels = app::parts::LevelsInput {
            warehouse: MAIN.into(),
            bin: format!("{}-{:02}-{}", ["A", "B", "C"][i % 3], i / 3 + 1, i % 4 + 1),
            reorder_point: point.to_string(),
            reorder_qty: qty.to_string(),
        };
        app::parts::set_levels(app, clerk, part.id, &levels)?;
        if *first > 0 {
            let line = app::parts::LineInput {
                part_no: no.to_string(),
                warehouse: MAIN.into(),
                quantity: first.to_string(),
                unit_cost: String::new(),
            };
            version = app::parts::add_line(app, clerk, po.id, version, &line)?.version;
        }
    }
    let po = app::parts::order(app, clerk, po.id, version)?;
    receive_all(app, clerk, &po)
}

fn part_filter(no: &str) -> app::parts::PartFilter {
    app::parts::PartFilter { q: Some(no.into()), system: None }
}

fn receive_all(app: &App, clerk: &Actor, po: &app::parts::PurchaseOrder) -> AppResult<()> {
    let lines =
        po.lines.iter().map(|l| app::parts::ReceiveLine { line_id: l.id, quantity: l.quantity - l.received }).collect();
    app::parts::receive(app, clerk, po.id, po.version, &app::parts::ReceiveInput { lines })?;
    Ok(())
}

/// Issues what repair order `number` waits for from the main warehouse; a shelf that ran dry is
/// replenished first (an urgent order of that part, received), as the parts store would.
pub(super) fn issue_all(app: &App, clerk: &Actor, number: &str) -> AppResult<()> {
    let f = app::parts::RequestFilter { status: Some(domain::parts::RequestStatus::Open), q: Some(number.into()) };
    let waiting = app::parts::queue(app, clerk, &f, app::PageRequest::new(Some(1), Some(50)))?;
    for r in waiting.items {
        match app::parts::issue(app, clerk, r.id, r.version, MAIN) {
            Err(AppError::Conflict(Conflict::Refused { code: "part-out-of-stock" })) => {
                // An urgent order of the part that ran out (紧急订货), the rest left to the
                // reorder suggestions.
                let po = app::parts::draft(app, clerk, "紧急订货", None)?;
                let line = app::parts::LineInput {
                    part_no: r.part_no.clone(),
                    warehouse: MAIN.into(),
                    quantity: "20".into(),
                    unit_cost: String::new(),
                };
                let po = app::parts::add_line(app, clerk, po.id, po.version, &line)?;
                let po = app::parts::order(app, clerk, po.id, po.version)?;
                receive_all(app, clerk, &po)?;
                app::parts::issue(app, clerk, r.id, r.version, MAIN)?;
            }
            other => {
                other?;
            }
        }
    }
    Ok(())
}
