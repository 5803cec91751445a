//! The demo dataset: what a new user sees first must look like a store's real history.

use crate::support::DemoApp;
use chrono::{Duration, NaiveDateTime};
use std::collections::BTreeMap;

#[tokio::test]
async fn the_demo_has_orders_in_every_state_each_with_a_history_in_the_past() {
    let started = chrono::Utc::now().naive_utc();
    let t = DemoApp::new().await;
    let app = t.app.clone();
    tokio::task::spawn_blocking(move || {
        // Its past messages were delivered in the past: a server with SMTP sends none of them.
        let due = app
            .database()
            .write(|c| storage::outbox::claim_due(c, "email", started + Duration::days(1), 10, Duration::zero()))
            .expect("outbox");
        assert!(due.is_empty(), "the demo's history waits in the outbox: {} messages", due.len());
        for gm in ["sh.gm", "hz.gm"] {
            let user = app.database().read(|c| storage::users::find_by_username(c, gm)).expect("user").expect(gm);
            let actor = app::org::auth::actor_of(&user, user.store_id).expect("actor");
            let (page, counts) =
                app::sales::list(&app, &actor, &Default::default(), storage::PageRequest::new(Some(1), Some(100)))
                    .expect("list");
            for status in domain::sales::Status::ALL {
                let n = counts.iter().find(|c| c.status == status).map_or(0, |c| c.count);
                assert!(n > 0, "{gm}'s store has no order in status {status}: {counts:?}");
            }
            assert_eq!(page.total, page.items.len() as i64, "one page holds the store's demo orders");

            let mut numbers_by_day: BTreeMap<String, Vec<(NaiveDateTime, String)>> = BTreeMap::new();
            for row in &page.items {
                let view = app::sales::get(&app, &actor, row.id).expect("order");
                let created = view.order.created_at;
                let shanghai_day = (created + Duration::hours(8)).format("%Y%m%d").to_string();
                assert!(
                    view.order.order_no.contains(&format!("-{shanghai_day}-")),
                    "{} is numbered by the day it was created ({created} UTC)",
                    view.order.order_no
                );
                assert!(created < started, "{} was created in the past", view.order.order_no);
                let times: Vec<NaiveDateTime> = view.timeline.iter().map(|e| e.at).collect();
                assert_eq!(times.first(), Some(&created), "{}: the timeline starts at creation", view.order.order_no);
                assert!(
                    times.windows(2).all(|w| w[0] <= w[1]),
                    "{}: timeline in order: {times:?}",
                    view.order.order_no
                );
                assert!(times.iter().all(|at| *at < started), "{}: no step in the future", view.order.order_no);
                assert!(
                    view.timeline.len() > 1 || view.order.status == domain::sales::Status::Draft,
                    "{} has its steps",
                    view.order.order_no
                );
                // Every vehicle fact comes from a real vehicle (issue 16): allocated, and where
                // the order says it is.
                let car = app::inventory::of_order(&app, &actor, row.id).expect("vehicle");
                let fact = view.order.vehicle_fact;
                assert_eq!(
                    car.is_some(),
                    fact != domain::sales::VehicleFact::None,
                    "{}: vehicle {car:?} and fact {fact:?}",
                    view.order.order_no
                );
                // "Ready" and "delivered" come from delivery's checklists: a passed PDI of the
                // order's car, a handover with the buyer's signature (issue 30).
                let d = app::delivery::of_order(&app, &actor, row.id).expect("delivery");
                let passed = d.inspections.first().is_some_and(|i| i.passed);
                assert_eq!(view.order.ready_for_delivery, passed, "{}: ready and its PDI", view.order.order_no);
                assert_eq!(
                    view.order.delivered,
                    d.handover.as_ref().is_some_and(|h| h.signed),
                    "{}: delivered and its handover",
                    view.order.order_no
                );
                numbers_by_day.entry(shanghai_day).or_default().push((created, view.order.order_no.clone()));
            }
            for (day, mut orders) in numbers_by_day {
                orders.sort();
                let numbers: Vec<&String> = orders.iter().map(|(_, n)| n).collect();
                assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{day}: numbers follow the clock: {numbers:?}");
            }
            let oldest = page.items.iter().map(|r| r.created_at).min().expect("orders");
            assert!(started - oldest > Duration::days(30), "{gm}: the orders span weeks, the oldest is {oldest}");
            yard_looks_real(&app, &actor, gm);
            pipeline_looks_real(&app, &actor, gm, page.total);
            workshop_looks_real(&app, &actor, gm, started);
        }
    })
    .await
    .expect("join");
}

/// The store's yard (issue 16): a hundred and more vehicles in every state that stock has, in
/// every aging bucket, at its locations; trucks and factory orders still on the way.
fn yard_looks_real(app: &app::App, actor: &domain::org::Actor, gm: &str) {
    use app::inventory::stock::{self, OVERVIEW};
    use domain::inventory::{AgingBucket, FactoryOrderStatus, ShipmentStatus};
    let lines = stock::overview(app, actor).expect("stock");
    let mut totals = [0i64; 6];
    for l in &lines {
        for (t, n) in totals.iter_mut().zip(l.counts) {
            *t += n;
        }
    }
    assert!(totals.iter().sum::<i64>() >= 100, "{gm}: a yard of a hundred or more: {totals:?}");
    for (status, n) in OVERVIEW.iter().zip(totals) {
        if *status != domain::inventory::VehicleStatus::Reserved && *status != domain::inventory::VehicleStatus::InPdi {
            assert!(n > 0, "{gm}: no vehicle {status:?}: {totals:?}");
        }
    }
    let all = stock::list(
        app,
        actor,
        &stock::VehicleQuery { status: "in_stock".into(), ..Default::default() },
        storage::PageRequest::new(Some(1), Some(200)),
    )
    .expect("list");
    let today = app::kernel::calendar::today(app, actor).expect("today");
    let buckets: std::collections::BTreeSet<AgingBucket> = all
        .items
        .iter()
        .filter_map(|v| v.store_received_on)
        .map(|d| domain::inventory::aging_bucket(domain::inventory::stock::days_since(d, today)))
        .collect();
    assert_eq!(buckets.len(), 4, "{gm}: every aging bucket: {buckets:?}");
    assert!(all.items.iter().all(|v| v.location_id.is_some()), "{gm}: stock is parked at a location");
    let pledged = all.items.iter().filter(|v| v.custody == domain::inventory::Custody::Lender).count();
    assert!(pledged * 5 >= all.items.len(), "{gm}: financed stock has its certificate with the lender: {pledged}");
    let replenish = app::inventory::replenish::suggestions(app, actor, Default::default()).expect("replenishment");
    assert!(replenish.lines.iter().any(|l| l.quantity > 0), "{gm}: something to reorder");
    let trucks = app::inventory::shipments::list(
        app,
        actor,
        Some(ShipmentStatus::InTransit),
        storage::PageRequest::new(None, None),
    )
    .expect("shipments");
    assert!(trucks.total > 0, "{gm}: trucks on the road today");
    let waiting = app::inventory::factory_orders::list(
        app,
        actor,
        Some(FactoryOrderStatus::Placed),
        storage::PageRequest::new(None, None),
    )
    .expect("factory orders");
    assert!(waiting.total > 0, "{gm}: factory orders waiting for their VINs");
    let transfers =
        app::inventory::transfers::list(app, actor, None, storage::PageRequest::new(None, None)).expect("transfers");
    let statuses: Vec<&str> = transfers.items.iter().map(|t| t.status.code()).collect();
    assert!(
        statuses.contains(&"received") && statuses.contains(&"requested"),
        "{gm}: a transfer between the stores done, one waiting: {statuses:?}"
    );
}

/// The store's pipeline (issue 17): leads across channels, stages, tiers and advisors; every
/// order from a lead; lost leads with their reasons and one waiting for a manager; follow-ups
/// due today and a few overdue, so that the morning's lists have work.
fn pipeline_looks_real(app: &app::App, actor: &domain::org::Actor, gm: &str, orders: i64) {
    use app::crm::leads::{LeadFilter, list, stage_counts};
    use domain::crm::LeadStage;
    let counts = stage_counts(app, actor).expect("counts");
    for stage in LeadStage::ALL {
        let n = counts.iter().find(|(s, _)| s == stage.code()).map_or(0, |(_, n)| *n);
        assert!(n > 0, "{gm}: no lead {stage}: {counts:?}");
    }
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    assert!(total >= 100, "{gm}: a hundred leads and more, {total}");
    let ordered = counts.iter().find(|(s, _)| s == "ordered").map_or(0, |(_, n)| *n);
    assert_eq!(ordered, orders, "{gm}: every order came from a lead");
    let page = storage::PageRequest::new(Some(1), Some(200));
    let all = list(app, actor, &LeadFilter::default(), page).expect("leads").items;
    let channels: std::collections::BTreeSet<_> = all.iter().map(|l| l.channel.code()).collect();
    let owners: std::collections::BTreeSet<_> = all.iter().map(|l| l.owner_id).collect();
    assert!(channels.len() >= 6 && owners.len() >= 4, "{gm}: {channels:?} {owners:?}");
    assert!(all.iter().any(|l| l.lost_pending), "{gm}: a lost request waits for a manager");
    assert!(all.iter().filter(|l| l.stage == LeadStage::Lost).all(|l| l.lost_reason.is_some()));
    let overdue = all.iter().filter(|l| l.overdue).count();
    assert!(overdue > 0 && overdue * 4 < total as usize, "{gm}: some leads slip, not most: {overdue} of {total}");
    let counts = app::crm::follow_ups::due_counts(app, actor).expect("due");
    assert!(counts.iter().any(|c| c.due_today > 0), "{gm}: calls to make today: {counts:?}");
    // Test drives: driven in the past with the customer's verdict, and booked for tomorrow.
    let driven = all.iter().filter(|l| l.stage == LeadStage::TestDrive).count();
    assert!(driven > 0, "{gm}: leads that drove a demo car");
    let tomorrow = (chrono::Utc::now().naive_utc() + Duration::hours(8)).date() + Duration::days(1);
    let (_, booked) = app::crm::test_drives::of_day(app, actor, Some(tomorrow)).expect("drives");
    assert!(!booked.is_empty(), "{gm}: test drives booked for tomorrow");
}

/// The workshop (issue 31): weeks of visits handed back, today's board in every open state, and a
/// car whose brakes were repaired under 三包 often enough to warn at reception.
fn workshop_looks_real(app: &app::App, actor: &domain::org::Actor, gm: &str, started: NaiveDateTime) {
    use domain::service::RepairStatus as S;
    let (page, counts) =
        app::service::list(app, actor, &Default::default(), storage::PageRequest::new(Some(1), Some(200)))
            .expect("repair orders");
    for status in [S::Received, S::Approved, S::InProgress, S::QualityCheck, S::Passed, S::Settled, S::HandedOver] {
        assert!(counts.iter().any(|(s, n)| *s == status && *n > 0), "{gm}: no repair order {status}: {counts:?}");
    }
    let handed_over = counts.iter().find(|(s, _)| *s == S::HandedOver).map_or(0, |(_, n)| *n);
    assert!(handed_over >= 40, "{gm}: weeks of visits, {handed_over}");
    let mut near = false;
    for row in page.items.iter().filter(|r| r.status.is_open()) {
        let r = app::service::get(app, actor, row.id).expect("repair order");
        let times: Vec<NaiveDateTime> = r.events.iter().map(|e| e.at).collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]) && times.iter().all(|t| *t < started),
            "{}: {times:?}",
            r.number
        );
        near |= r.clocks.as_ref().is_some_and(|k| k.approaching);
    }
    assert!(near, "{gm}: a car in the shop near a 三包 threshold");
    // The parts store: a catalogue with a superseded number, shelves used by weeks of repair
    // orders, a part the workshop waits for, and what is to reorder.
    let page = storage::PageRequest::new(Some(1), Some(50));
    let parts = app::parts::search(app, actor, &Default::default(), page).expect("catalogue");
    assert!(parts.total >= 16 && parts.items.iter().any(|p| p.superseded_by.is_some()), "{gm}: {}", parts.total);
    let filter = app::parts::PartFilter { q: Some("OF-2031".into()), system: None };
    let oil = &app::parts::search(app, actor, &filter, page).expect("filter").items[0];
    let ledger = app::parts::get(app, actor, oil.id, page).expect("part");
    assert!(ledger.movements_total > 40, "{gm}: the oil filter's ledger, {}", ledger.movements_total);
    let open = app::parts::RequestFilter { status: Some(domain::parts::RequestStatus::Open), q: None };
    assert!(app::parts::queue(app, actor, &open, page).expect("queue").total > 0, "{gm}: a part waits to be issued");
    assert!(!app::parts::suggestions(app, actor).expect("suggestions").is_empty(), "{gm}: something to reorder");
    // The appointment book: tomorrow morning's cars are booked.
    let tomorrow = (started + chrono::Duration::hours(8)).date() + chrono::Duration::days(1);
    let board = app::service::day_board(app, actor, tomorrow).expect("appointments");
    let booked = board.slots.iter().flat_map(|s| &s.appointments).count();
    assert!(booked >= 2, "{gm}: tomorrow's appointments, {booked}");
    // Customer care: past calls made (one dissatisfied), a complaint escalated, one waiting for
    // the customer's answer, reminders sent.
    let done = app::care::CallbackFilter { status: Some(domain::care::CallbackStatus::Done), ..Default::default() };
    let calls = app::care::callbacks(app, actor, &done, page).expect("callbacks");
    assert!(
        calls.items.iter().any(|c| c.score.is_some_and(|s| s <= 2) && c.complaint_id.is_some()),
        "{gm}: a dissatisfied call"
    );
    let all = app::care::complaints(app, actor, &Default::default(), page).expect("complaints");
    assert!(all.items.iter().any(|k| k.escalated_at.is_some()), "{gm}: an escalated complaint");
    let resolved =
        app::care::ComplaintFilter { status: Some(domain::care::ComplaintStatus::Resolved), ..Default::default() };
    assert_eq!(app::care::complaints(app, actor, &resolved, page).expect("complaints").total, 1, "{gm}");
    let sent = app::care::reminders(app, actor, &Default::default(), page).expect("reminders");
    assert!(sent.total >= 3, "{gm}: reminders, {}", sent.total);
    // The maker's recall: Shanghai's cars named, their owners told, two of them in the workshop
    // today (their repair orders warn of it).
    if gm == "sh.gm" {
        let open = app::campaigns::list(app, actor, &Default::default(), page).expect("campaigns");
        let recall = open.items.iter().find(|k| k.code == "S2026-118").expect("the recall");
        assert!(recall.cars >= 5 && recall.notified > 0, "{gm}: {recall:?}");
        let filter = storage::service::Filter { open: true, ..Default::default() };
        let (orders, _) = app::service::list(app, actor, &filter, page).expect("repair orders");
        let warned = orders
            .items
            .iter()
            .filter(|o| {
                let r = app::service::get(app, actor, o.id).expect("repair order");
                app::customers::vehicles::notes(app, actor, r.customer_vehicle_id)
                    .expect("notes")
                    .iter()
                    .any(|n| n.open)
            })
            .count();
        assert!(warned >= 1, "{gm}: a car in the workshop is named by the recall");
    }
    // The loaner fleet: a car out, one overdue, one back with less fuel.
    let fleet = app::loaners::fleet(app, actor).expect("fleet");
    assert_eq!(fleet.len(), 3, "{gm}: three loaners");
    let loans = |state: &str| {
        let q = app::loaners::LoanQuery { state: Some(state.into()), ..Default::default() };
        app::loaners::list(app, actor, &q, page).expect("loans")
    };
    assert_eq!(loans("out").total, 2, "{gm}: two loaners out");
    assert!(loans("overdue").total >= 1, "{gm}: a loaner overdue");
    let back = loans("returned");
    assert!(back.total == 1 && back.items[0].fuel_used_percent.is_some_and(|f| f > 0), "{gm}: {:?}", back.items);
}
