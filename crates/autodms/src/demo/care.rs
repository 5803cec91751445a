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
    let f = app::care::CallbackFilter { status: Some(domain::care::CallbackStatus::Open), ..Default::default() };
    let open = app::care::callbacks(app, &cs, &f, storage::PageRequest::new(Some(1), Some(200)))?;
    let shanghai_today = (today + Duration::hours(8)).date();
    let mut made = 0;
    let mut dissatisfied = false;
    for (i, cb) in open.items.iter().filter(|c| c.due_on < shanghai_today).enumerate() {
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
    // A complaint taken at the desk eight days ago, high: due in two working days, now overdue.
    let customers = app::customers::list(
        app,
        &cs,
        &app::customers::CustomerFilter::default(),
        storage::PageRequest::new(Some(1), Some(5)),
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
    Ok(made)
}
