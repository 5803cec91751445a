use super::stock::days_since;
use super::*;
use chrono::NaiveDate;
use proptest::prelude::*;

const SPEC: Spec = Spec { trim_id: 7, exterior_colour_id: 3, interior_colour_id: Some(2) };

fn at_factory() -> Vehicle {
    Vehicle {
        store_id: 1,
        spec: SPEC,
        whereabouts: Whereabouts::Ordered,
        commitment: Commitment::Free,
        usage: Usage::Stock,
    }
}

fn allocate(order_id: i64) -> Command {
    Command::Allocate { order_id, order_store_id: 1, order_spec: SPEC }
}

#[test]
fn a_vehicle_goes_from_the_factory_to_its_buyer() {
    let mut v = at_factory();
    assert_eq!(v.status(), VehicleStatus::Ordered);
    // Allocated while still at the factory: the order can wait for it.
    v = apply(v, allocate(42)).unwrap();
    assert_eq!(v.status(), VehicleStatus::Allocated);
    v = apply(v, Command::Ship).unwrap();
    assert_eq!((v.whereabouts, v.status()), (Whereabouts::InTransit, VehicleStatus::Allocated));
    v = apply(v, Command::Receive { store_id: 1 }).unwrap();
    v = apply(v, Command::StartPdi).unwrap();
    assert_eq!(v.status(), VehicleStatus::InPdi);
    assert_eq!(apply(v, Command::Release), Err(VehicleError::Committed), "not released from PDI");
    v = apply(v, Command::FinishPdi).unwrap();
    assert_eq!(v.whereabouts, Whereabouts::InStock, "back in the yard after PDI");
    // Released (the deal fell through) and allocated again.
    let released = apply(v, Command::Release).unwrap();
    assert_eq!((released.commitment, released.status()), (Commitment::Free, VehicleStatus::InStock));
    v = apply(v, Command::Deliver).unwrap();
    assert_eq!(v.status(), VehicleStatus::Delivered);
    assert_eq!(apply(v, Command::Release), Err(VehicleError::Delivered));
}

#[test]
fn the_pages_actions_are_the_ones_the_rules_accept() {
    use super::vehicle::{Action, available_actions};
    let ordered = at_factory();
    assert_eq!(available_actions(ordered), vec![Action::KeepPapers], "at the factory: papers only");
    let in_stock = apply(ordered, Command::Receive { store_id: 1 }).unwrap();
    assert_eq!(available_actions(in_stock), vec![Action::KeepPapers, Action::Park]);
    let allocated = apply(in_stock, allocate(42)).unwrap();
    assert_eq!(available_actions(allocated), vec![Action::Release, Action::KeepPapers, Action::Park]);
    let in_pdi = apply(allocated, Command::StartPdi).unwrap();
    assert_eq!(available_actions(in_pdi), vec![Action::KeepPapers, Action::Park], "not released from PDI");
    let delivered = apply(apply(in_pdi, Command::FinishPdi).unwrap(), Command::Deliver).unwrap();
    assert_eq!(available_actions(delivered), Vec::<Action>::new(), "nothing after delivery");
    // Release is offered exactly when apply accepts it, wherever a vehicle's history leads.
    let steps = [
        allocate(42),
        Command::Ship,
        Command::Receive { store_id: 1 },
        Command::StartPdi,
        Command::FinishPdi,
        Command::Release,
        Command::Reserve,
        Command::TransferOut,
        Command::Deliver,
    ];
    for taken in 0..=steps.len() {
        let v = steps.iter().take(taken).fold(at_factory(), |v, s| apply(v, *s).unwrap_or(v));
        assert_eq!(available_actions(v).contains(&Action::Release), apply(v, Command::Release).is_ok());
    }
}

#[test]
fn allocation_needs_a_free_vehicle_of_the_store_and_the_exact_specification() {
    let v = apply(apply(at_factory(), Command::Ship).unwrap(), Command::Receive { store_id: 1 }).unwrap();
    assert_eq!(v.status(), VehicleStatus::InStock);
    let other_colour = Spec { exterior_colour_id: 4, ..SPEC };
    assert_eq!(
        apply(v, Command::Allocate { order_id: 1, order_store_id: 1, order_spec: other_colour }),
        Err(VehicleError::OtherSpec)
    );
    assert_eq!(
        apply(v, Command::Allocate { order_id: 1, order_store_id: 2, order_spec: SPEC }),
        Err(VehicleError::OtherStore)
    );
    let demo = Vehicle { usage: Usage::Demo, ..v };
    assert_eq!(apply(demo, allocate(1)), Err(VehicleError::NotForSale));
    let taken = apply(v, allocate(1)).unwrap();
    assert_eq!(apply(taken, allocate(2)), Err(VehicleError::Committed), "one vehicle, one order");
    // A reserved vehicle may go to the order it was held for; a free one released stays free.
    let held = apply(v, Command::Reserve).unwrap();
    assert_eq!(held.status(), VehicleStatus::Reserved);
    assert_eq!(apply(held, allocate(3)).unwrap().order(), Some(3));
    assert_eq!(apply(v, Command::Release), Err(VehicleError::NotCommitted));
}

#[test]
fn only_a_free_vehicle_in_stock_is_transferred_and_it_arrives_at_the_other_store() {
    let v = apply(apply(at_factory(), Command::Ship).unwrap(), Command::Receive { store_id: 1 }).unwrap();
    let held = apply(v, Command::Reserve).unwrap();
    assert_eq!(apply(held, Command::TransferOut), Err(VehicleError::Committed));
    let moving = apply(v, Command::TransferOut).unwrap();
    assert_eq!(moving.status(), VehicleStatus::InTransit);
    assert_eq!(apply(moving, Command::Ship), Err(VehicleError::NotOrdered));
    let there = apply(moving, Command::Receive { store_id: 2 }).unwrap();
    assert_eq!((there.store_id, there.status()), (2, VehicleStatus::InStock));
    assert_eq!(apply(there, Command::Receive { store_id: 2 }), Err(VehicleError::NotInTransit));
}

#[test]
fn aging_buckets_and_days() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(days_since(d("2026-10-01"), d("2026-10-01")), 0);
    assert_eq!(days_since(d("2026-10-01"), d("2026-09-01")), 0, "never negative");
    assert_eq!(days_since(d("2026-08-01"), d("2026-10-30")), 90);
    assert_eq!(
        [0, 30, 31, 60, 61, 90, 91].map(aging_bucket),
        [
            AgingBucket::Days0To30,
            AgingBucket::Days0To30,
            AgingBucket::Days31To60,
            AgingBucket::Days31To60,
            AgingBucket::Days61To90,
            AgingBucket::Days61To90,
            AgingBucket::Over90
        ]
    );
}

#[test]
fn thresholds_are_counts_with_low_below_high() {
    assert_eq!(Threshold::new(Some(-1), None), Err(ThresholdError::Negative));
    assert_eq!(Threshold::new(Some(5), Some(5)), Err(ThresholdError::LowAboveHigh));
    assert_eq!(Threshold::new(None, Some(1 << 40)), Err(ThresholdError::TooLarge));
    assert_eq!(Threshold::new(Some(10_001), None), Err(ThresholdError::TooLarge));
    assert!(Threshold::new(Some(0), Some(10_000)).is_ok());
    let t = Threshold::new(Some(2), Some(10)).unwrap();
    assert_eq!([1, 2, 10, 11].map(|n| t.level(n)), [Level::Low, Level::Normal, Level::Normal, Level::High]);
    assert_eq!(Threshold::default().level(1000), Level::Normal);
}

#[test]
fn the_suggestion_explains_itself() {
    let s = suggest(&ReplenishInput {
        open_orders: 2,
        weekly_sales: vec![3, 1, 2, 2],
        free_in_stock: 3,
        free_in_transit: 1,
        free_on_order: 0,
        lead_weeks: 4,
        cover_weeks: 2,
        threshold: Threshold::new(Some(2), Some(12)).unwrap(),
        ..ReplenishInput::default()
    });
    // 2 open + 2/week × 6 weeks + 2 safety = 16 needed; 4 free: 12 to order, capped so that the
    // stock after the open orders stays at 12: 12 + 2 - 4 = 10.
    let value = |code: &str| s.reasons.iter().find(|r| r.code == code).map(|r| r.value);
    assert_eq!(value("projected-sales"), Some(12));
    assert_eq!(value("need"), Some(16));
    assert_eq!(value("gap"), Some(12));
    assert_eq!(value("capped-by-high"), Some(12));
    assert_eq!(s.quantity, 10);
    assert_eq!(value("suggested"), Some(10));
    assert_eq!(suggest(&ReplenishInput::default()).quantity, 0, "no sales, no orders: nothing");
    // A colour with a tenth of the trim's sales keeps a tenth of its safety stock, rounded up.
    let colour = suggest(&ReplenishInput {
        threshold: Threshold::new(Some(5), None).unwrap(),
        threshold_share_pct: Some(10),
        ..ReplenishInput::default()
    });
    let value = |code: &str| colour.reasons.iter().find(|r| r.code == code).map(|r| r.value);
    assert_eq!((value("threshold-share-pct"), value("safety-stock"), colour.quantity), (Some(10), Some(1), 1));
}

/// The model's low threshold of 20 on the one colour that sold (0.12 a week), while eleven free
/// cars of the model's other trim stand in the yard: the colour keeps what the model lacks, not
/// the whole threshold (it suggested 21 before); the reasoning names the cars elsewhere.
#[test]
fn a_models_threshold_counts_the_models_free_cars_in_other_lines() {
    let mut weekly_sales = vec![0; 25];
    weekly_sales[3] = 1;
    weekly_sales[17] = 2;
    let input = ReplenishInput {
        weekly_sales,
        lead_weeks: 4,
        cover_weeks: 4,
        threshold: Threshold::new(Some(20), Some(30)).unwrap(),
        scope_free_elsewhere: 11,
        ..ReplenishInput::default()
    };
    let s = suggest(&input);
    let value = |code: &str| s.reasons.iter().find(|r| r.code == code).map(|r| r.value);
    assert_eq!(value("threshold-scope-free"), Some(11));
    assert_eq!(value("safety-stock"), Some(9), "20 low, 11 of the model free elsewhere");
    assert_eq!(s.quantity, 10, "9 safety + 1 projected sale");
    let without = suggest(&ReplenishInput { scope_free_elsewhere: 0, ..input.clone() });
    assert_eq!(without.quantity, 21, "the old answer, for the record");
    // Enough of the model elsewhere: nothing for the safety stock, only the projected sales.
    let covered = suggest(&ReplenishInput { scope_free_elsewhere: 25, ..input });
    assert_eq!((covered.quantity, covered.reasons.iter().find(|r| r.code == "safety-stock").unwrap().value), (1, 0));
}

/// Open orders take their cars even past the high threshold: the reasoning says why.
#[test]
fn open_orders_past_the_cap_are_explained() {
    let s = suggest(&ReplenishInput {
        open_orders: 8,
        threshold: Threshold::new(None, Some(5)).unwrap(),
        ..ReplenishInput::default()
    });
    assert_eq!(s.quantity, 8);
    assert!(s.reasons.iter().any(|r| r.code == "over-cap-for-open-orders" && r.value == 8), "{:?}", s.reasons);
}

fn levels() -> impl Strategy<Value = Vec<i64>> {
    proptest::collection::vec(0i64..30, 1..60)
}

proptest! {
    /// A check that runs again and again alerts once per crossing into low or high.
    #[test]
    fn an_alert_fires_once_per_crossing(counts in levels(), low in 0i64..10, span in 1i64..15) {
        let t = Threshold::new(Some(low), Some(low + span)).unwrap();
        let mut before = Level::Normal;
        let mut alerts = 0;
        let mut entries = 0;
        for n in counts {
            let now = t.level(n);
            if crossing(before, now).is_some() {
                alerts += 1;
            }
            if now != before && now != Level::Normal {
                entries += 1;
            }
            // Checking again without a change never alerts.
            prop_assert_eq!(crossing(now, now), None);
            before = now;
        }
        prop_assert_eq!(alerts, entries);
    }

    /// Days only grow into later buckets.
    #[test]
    fn buckets_never_go_back(a in 0i64..400, b in 0i64..400) {
        let (x, y) = (a.min(b), a.max(b));
        prop_assert!(aging_bucket(x) <= aging_bucket(y));
    }

    /// Never negative; without a high threshold the supply then covers the need; with one, the
    /// stock left after the open orders never passes it because of the suggestion.
    #[test]
    fn the_suggestion_fills_the_gap_within_the_high_threshold(
        open in 0i64..20, sales in proptest::collection::vec(0i64..10, 0..12),
        stock in 0i64..30, transit in 0i64..10, on_order in 0i64..10,
        lead in 0i64..12, cover in 0i64..8, low in proptest::option::of(0i64..10), span in proptest::option::of(1i64..30),
        leads in 0i64..20, pct in 0i64..100, share in proptest::option::of(0i64..=100),
    ) {
        let threshold = Threshold::new(low, span.map(|s| low.unwrap_or(0) + s)).unwrap();
        let input = ReplenishInput {
            open_orders: open, weekly_sales: sales, free_in_stock: stock, free_in_transit: transit,
            free_on_order: on_order, lead_weeks: lead, cover_weeks: cover, threshold,
            hot_leads: leads, hot_lead_conversion_pct: pct, threshold_share_pct: share,
            scope_free_elsewhere: 0,
        };
        let s = suggest(&input);
        prop_assert!(s.quantity >= 0);
        let supply = stock + transit + on_order;
        let need = s.reasons.iter().find(|r| r.code == "need").unwrap().value;
        let part = |n: i64| (n * share.unwrap_or(100) + 99) / 100;
        match threshold.high.map(part) {
            None => prop_assert!(supply + s.quantity >= need),
            Some(high) => {
                prop_assert!(s.quantity == 0 || supply + s.quantity - open <= high);
                prop_assert!(supply + s.quantity >= need || supply + s.quantity - open == high || s.quantity == 0);
            }
        }
    }
}

/// Every line of the reasoning, hand-computed, for lines that touch each rule: the velocity and
/// the projection, hot leads, a model's cars elsewhere with only a high threshold and a share,
/// a gap exactly at the cap, no leads.
#[test]
fn the_whole_reasoning_matches_hand_computed_lines() {
    let lines = |s: &Suggestion| s.reasons.iter().map(|r| (r.code, r.value)).collect::<Vec<_>>();
    // 6 sold in 3 weeks (2.00 a week) over 4 + 2 weeks: 12; 5 hot leads at 30 %: 2 (rounded up);
    // 2 open + 12 + 2 + 3 safety = 19; 7 free: 12 to order, under the room of 20 + 2 - 7 = 15.
    let a = suggest(&ReplenishInput {
        open_orders: 2,
        weekly_sales: vec![3, 1, 2],
        free_in_stock: 4,
        free_in_transit: 1,
        free_on_order: 2,
        lead_weeks: 4,
        cover_weeks: 2,
        threshold: Threshold::new(Some(3), Some(20)).unwrap(),
        hot_leads: 5,
        hot_lead_conversion_pct: 30,
        ..ReplenishInput::default()
    });
    assert_eq!(
        lines(&a),
        [
            ("open-orders", 2),
            ("weekly-sales-x100", 200),
            ("horizon-weeks", 6),
            ("projected-sales", 12),
            ("hot-leads", 2),
            ("safety-stock", 3),
            ("need", 19),
            ("free-in-stock", 4),
            ("free-in-transit", 1),
            ("free-on-order", 2),
            ("gap", 12),
            ("suggested", 12),
        ]
    );
    // Only a high threshold of 10 for the trim, this colour half of it, 4 of the trim free in
    // other lines: the cap is half of 10 - 4, rounded up (3); 10 projected sales are capped at 3.
    let b = suggest(&ReplenishInput {
        weekly_sales: vec![10],
        lead_weeks: 1,
        threshold: Threshold::new(None, Some(10)).unwrap(),
        threshold_share_pct: Some(50),
        scope_free_elsewhere: 4,
        ..ReplenishInput::default()
    });
    assert_eq!(
        lines(&b),
        [
            ("open-orders", 0),
            ("weekly-sales-x100", 1000),
            ("horizon-weeks", 1),
            ("projected-sales", 10),
            ("threshold-scope-free", 4),
            ("threshold-share-pct", 50),
            ("safety-stock", 0),
            ("need", 10),
            ("free-in-stock", 0),
            ("free-in-transit", 0),
            ("free-on-order", 0),
            ("gap", 10),
            ("capped-by-high", 3),
            ("suggested", 3),
        ]
    );
    // A gap of exactly the room left under the cap is not capped; no leads, no leads line; cars
    // elsewhere without any threshold are not the reasoning's business.
    let c = suggest(&ReplenishInput {
        weekly_sales: vec![5],
        lead_weeks: 1,
        threshold: Threshold::new(None, Some(5)).unwrap(),
        ..ReplenishInput::default()
    });
    assert_eq!(c.quantity, 5);
    assert!(!c.reasons.iter().any(|r| r.code == "capped-by-high" || r.code == "hot-leads"), "{:?}", c.reasons);
    let d = suggest(&ReplenishInput { weekly_sales: vec![1], scope_free_elsewhere: 3, ..ReplenishInput::default() });
    assert!(!d.reasons.iter().any(|r| r.code == "threshold-scope-free"), "{:?}", d.reasons);
}

#[test]
fn a_commitment_is_stored_as_its_code_and_its_order() {
    for (c, code, order) in [
        (Commitment::Free, "free", None),
        (Commitment::Reserved, "reserved", None),
        (Commitment::Allocated { order_id: 7 }, "allocated", Some(7)),
    ] {
        assert_eq!(c.code(), code);
        assert_eq!(Commitment::from_parts(code, order), Some(c));
    }
    assert_eq!(Commitment::from_parts("free", Some(7)), None, "a free car has no order");
    assert_eq!(Commitment::from_parts("allocated", None), None);
    assert_eq!(Commitment::from_parts("lent", None), None);
}
