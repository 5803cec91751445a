//! The demo's PDIs and handovers, through delivery's use cases: the yard inspects the car once it
//! has arrived (now and then finding a fault fixed by the next inspection), the advisor hands it
//! over with the buyer's signature.

use app::delivery::{CheckedInput, HandoverInput, InspectionInput};
use app::{App, AppResult};
use base64::Engine;
use domain::org::Actor;
use rand::Rng;
use rand::rngs::StdRng;

/// Where an order of the demo gets to after it is paid: its car's fact, and delivery's.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Progress {
    pub vehicle: domain::sales::VehicleFact,
    pub ready_for_delivery: bool,
    pub delivered: bool,
}

static BUYER_SIGNATURE: &[u8] = include_bytes!("signatures/buyer.png");

const FAULTS: [(&str, &str); 4] = [
    ("paint", "左后门漆面轻微划痕，需抛光"),
    ("tyre_pressure", "右前胎胎压偏低 1.9 bar"),
    ("infotainment", "中控屏蓝牙无法配对，需升级软件"),
    ("washer_fluid", "玻璃水未加注"),
];

/// A PDI of the order's car: every item passed, or one of the usual faults found.
pub(super) fn inspect(app: &App, yard: &Actor, order_id: i64, fault: bool, rng: &mut StdRng) -> AppResult<bool> {
    let d = app::delivery::of_order(app, yard, order_id)?;
    let (fault_key, fault_note) = FAULTS[rng.gen_range(0..FAULTS.len())];
    let fault = fault && d.checklist.iter().any(|i| i.key == fault_key);
    let results = d
        .checklist
        .iter()
        .map(|i| {
            let failed = fault && i.key == fault_key;
            CheckedInput {
                key: i.key.to_string(),
                outcome: if failed { "fail" } else { "pass" }.to_string(),
                note: if failed { fault_note.to_string() } else { String::new() },
            }
        })
        .collect();
    let note = if fault { "已通知售后处理，处理后复检" } else { "" };
    app::delivery::inspect(app, yard, order_id, &InspectionInput { results, note: note.to_string() })?;
    Ok(!fault)
}

/// The handover by the order's advisor, the buyer signing on the tablet.
pub(super) fn hand_over(app: &App, advisor: &Actor, order_id: i64, buyer: &str, rng: &mut StdRng) -> AppResult<()> {
    let input = HandoverInput {
        documents: domain::delivery::HandoverDocument::ALL.iter().map(|d| d.code().to_string()).collect(),
        key_count: "2".into(),
        odometer_km: rng.gen_range(3..40).to_string(),
        signature: base64::engine::general_purpose::STANDARD.encode(BUYER_SIGNATURE),
        signed_by: buyer.to_string(),
        note: String::new(),
    };
    app::delivery::hand_over(app, advisor, order_id, &input)?;
    Ok(())
}

/// Handovers booked for the coming days: the store's orders whose car is allocated or here, most
/// by the advisor, some by the buyer on their page.
pub(super) fn seed_bookings(app: &App, gm: &Actor, rng: &mut StdRng) -> AppResult<usize> {
    use domain::sales::Status;
    let filter = app::sales::OrderFilter {
        statuses: vec![Status::VehicleAllocated, Status::Arrived, Status::ReadyForDelivery],
        ..Default::default()
    };
    let (page, _) = app::sales::list(app, gm, &filter, storage::PageRequest::new(Some(1), Some(50)))?;
    let today = app::kernel::calendar::today(app, gm)?;
    let mut booked = 0;
    for row in &page.items {
        if !rng.gen_bool(0.8) {
            continue;
        }
        let d = app::delivery::of_order(app, gm, row.id)?;
        if !d.actions.contains(&"book") || d.slot_starts.is_empty() {
            continue;
        }
        for _ in 0..5 {
            let day = today + chrono::Duration::days(rng.gen_range(0..7));
            let start = d.slot_starts[rng.gen_range(0..d.slot_starts.len())].clone();
            let input = app::delivery::BookingInput { day: day.to_string(), start, note: String::new() };
            let result = if rng.gen_bool(0.3) {
                let order = app::sales::get(app, gm, row.id)?.order;
                let token = app::kernel::links::link_token(
                    app,
                    domain::ids::OrderId(order.id),
                    domain::ids::CustomerId(order.customer_id),
                );
                app::delivery::book_by_link(app, &token, &input)
            } else {
                app::delivery::book(app, gm, row.id, &input)
            };
            match result {
                Ok(_) => {
                    booked += 1;
                    break;
                }
                // Full, or begun already today: another slot.
                Err(app::AppError::Validation(_)) => continue,
                Err(e) => return Err(e),
            }
        }
    }
    Ok(booked)
}

/// After a handover in the demo's past: most buyers answer the survey on their page, and the
/// advisor makes the 72-hour callback. Its own random sequence (by order), so that the rest of
/// the demo stays as it was.
pub(super) fn after_handover(app: &App, advisor: &Actor, order_id: i64) -> AppResult<()> {
    use rand::SeedableRng;
    let mut rng = StdRng::seed_from_u64(50_000 + u64::try_from(order_id).unwrap_or(0));
    let order = app::sales::get(app, advisor, order_id)?.order;
    let at = app.now();
    // Nothing after the demo's "now" (a few minutes before the real one).
    let past = |t: chrono::NaiveDateTime| t < chrono::Utc::now().naive_utc() - chrono::Duration::minutes(10);
    let answered = at + chrono::Duration::hours(rng.gen_range(2..30));
    if rng.gen_bool(0.75) && past(answered) {
        app.clock.move_to(answered);
        let token = app::kernel::links::link_token(
            app,
            domain::ids::OrderId(order.id),
            domain::ids::CustomerId(order.customer_id),
        );
        let nps = [10, 10, 9, 9, 9, 8, 8, 7, 6, 4][rng.gen_range(0..10)];
        let comment = match nps {
            9 | 10 => "顾问很专业，交车仪式很用心",
            7 | 8 => "整体满意，交车等候时间稍长",
            _ => "交车当天等了很久，充电桩安装也没说清楚",
        };
        let mut score = |lo: i32| rng.gen_range(lo..=5).to_string();
        let lo = if nps >= 9 {
            4
        } else if nps >= 7 {
            3
        } else {
            2
        };
        let input = app::delivery::SurveyInput {
            advisor_score: score(lo),
            handover_score: score(lo),
            overall_score: score(lo),
            nps: nps.to_string(),
            comment: comment.to_string(),
        };
        app::delivery::answer_survey(app, &token, &input)?;
    }
    // The callback, made within the 72 hours.
    let called = at + chrono::Duration::hours(rng.gen_range(26..70));
    if past(called) {
        app.clock.move_to(called);
        if let Some(task) = app::delivery::my_tasks(app, advisor)?.into_iter().find(|t| t.order_id == order_id) {
            app::delivery::finish_task(app, advisor, task.id, "客户用车顺利，已提醒首保时间和里程")?;
        }
    }
    app.clock.move_to(at);
    Ok(())
}
