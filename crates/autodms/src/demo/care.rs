//! The demo's customer service: the calls made after each repair and delivery of the last two
//! months (most customers satisfied, some not reached, one dissatisfied whose complaint is being
//! handled), a complaint taken at the desk and now overdue (escalated to the general manager),
//! and one resolved that waits for the customer's answer. Today's and tomorrow's calls are left
//! to make.

use app::org::users::User;
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;

/// What the customers said, by score.
const SAID: [(i32, &str); 6] = [
    (5, "服务很好，车也洗得很干净"),
    (5, "顾问解释得很清楚"),
    (4, "整体满意，就是等的时间稍长"),
    (4, "价格透明，挺好"),
    (3, "一般吧，没什么特别的"),
    (5, "非常满意"),
];

/// Calls the store's callbacks due before today as customer service did on their day, then takes
/// and handles two complaints. Returns the calls recorded.
pub(super) fn seed(app: &App, today: NaiveDateTime, staff: &HashMap<&str, User>) -> AppResult<usize> {
    let store = staff["cs"].store_id;
    let cs = staff["cs"].actor_in(store);
    let desk = staff["service"].actor_in(store);
    let shanghai_today = (today + Duration::hours(8)).date();
    let f = app::care::CallbackFilter {
        status: Some(domain::care::CallbackStatus::Open),
        due_by: Some(shanghai_today - Duration::days(1)),
        ..Default::default()
    };
    let mut made = 0;
    let mut dissatisfied = false;
    // Page after page until none is left from before today (one not reached is due again the
    // next day, and called again).
    loop {
        let open = app::care::callbacks(app, &cs, &f, storage::PageRequest::new(Some(1), Some(100)))?;
        if open.items.is_empty() {
            break;
        }
        for cb in &open.items {
            let i = made;
            // At 10:00 in Shanghai on the day it was due.
            app.clock.move_to(cb.due_on.and_hms_opt(2, 0, 0).unwrap_or(today));
            let mut input = app::care::CallInput { outcome: "reached".into(), ..Default::default() };
            if i % 7 == 3 {
                input.outcome = "not_reached".into();
            } else if !dissatisfied && i >= 5 && cb.kind == domain::care::CallbackKind::Service {
                dissatisfied = true;
                input.score = "2".into();
                input.comment = "保养后发动机舱有异响，上次说检查过了但还是响".into();
            } else {
                let (score, said) = SAID[i % SAID.len()];
                input.score = score.to_string();
                input.comment = said.into();
            }
            app::care::record(app, &cs, cb.id, cb.version, &input)?;
            made += 1;
        }
    }
    // A complaint taken at the desk eight days ago, high: due in two working days, now overdue.
    let customers = app::customers::list(
        app,
        &cs,
        &app::customers::CustomerFilter::default(),
        storage::PageRequest::new(Some(1), Some(50)),
    )?;
    if let [first, second, ..] = &customers.items[..] {
        app.clock.move_to(today - Duration::days(8));
        let input = app::care::ComplaintInput {
            customer_id: first.id.to_string(),
            source: "walk_in".into(),
            category: "price".into(),
            severity: "high".into(),
            description: "结算时多收了一项空调清洗的费用，事先没有告知".into(),
            owner_id: desk.user_id.0.to_string(),
            ..Default::default()
        };
        app::care::open(app, &cs, &input, None)?;
        // One from the maker's hotline four days ago, resolved yesterday: waiting for the customer.
        app.clock.move_to(today - Duration::days(4));
        let input = app::care::ComplaintInput {
            customer_id: second.id.to_string(),
            source: "maker".into(),
            category: "waiting".into(),
            severity: "normal".into(),
            description: "厂家 400 转办：预约保养到店后等待两个多小时才开始施工".into(),
            owner_id: desk.user_id.0.to_string(),
            ..Default::default()
        };
        let k = app::care::open(app, &cs, &input, None)?;
        app.clock.move_to(today - Duration::days(1));
        let step = app::care::StepInput {
            step: "resolve".into(),
            note: "已向客户致歉，赠送一次免费洗车；调整预约排班，保养预约按工位时长分配".into(),
            owner_id: String::new(),
        };
        app::care::step(app, &desk, k.id, k.version, &step)?;
    }
    // The escalation job's round this morning.
    app.clock.move_to(today - Duration::hours(1));
    app::care::escalate(app)?;
    seed_reminders(app, today, &desk, &customers.items)?;
    Ok(made)
}

/// Cars bought elsewhere whose first service, inspection or insurance renewal is near, added
/// by the desk; then the reminder job's round (what it sends from now on is new).
fn seed_reminders(
    app: &App,
    today: NaiveDateTime,
    desk: &domain::org::Actor,
    customers: &[app::customers::CustomerView],
) -> AppResult<()> {
    let day = (today + Duration::hours(8)).date();
    let months = |m: u32| day - chrono::Months::new(m);
    let plates = if desk.store_id.0 % 2 == 1 {
        ["沪B7R101", "沪B7R102", "沪B7R103"]
    } else {
        ["浙A7R101", "浙A7R102", "浙A7R103"]
    };
    // (owned since, registered on, VIN tail, description)
    let cars = [
        (months(6) + Duration::days(12), Some(months(6) + Duration::days(12)), "01", "大众 途观L 2026款"),
        (months(30), Some(months(72) + Duration::days(20)), "02", "丰田 凯美瑞 2020款"),
        (months(12) + Duration::days(18), Some(months(12) + Duration::days(18)), "03", "本田 雅阁 2025款"),
    ];
    for (((since, registered, tail, description), plate), customer) in
        cars.iter().zip(plates).zip(customers.iter().filter(|k| k.email.is_some()))
    {
        app.clock.move_to(today - Duration::days(1));
        let input = app::customers::vehicles::VehicleInput {
            vin: format!("LSVAU2180N27{:02}{tail}1", desk.store_id.0),
            accept_unchecked_vin: true,
            plate: plate.into(),
            description: (*description).into(),
            registered_on: registered.map(|r| r.to_string()).unwrap_or_default(),
            owned_since: since.to_string(),
            mileage_km: String::new(),
            trim_id: String::new(),
        };
        app::customers::vehicles::add(app, desk, customer.id, &input)?;
    }
    app.clock.move_to(today);
    app::care::remind(app)?;
    Ok(())
}
