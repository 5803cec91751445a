//! One calendar, the store's (DOMAIN.md §8): between 00:00 and 08:00 Shanghai time the UTC date
//! is still yesterday, and nothing a person reads may take it. And the windows dates typed by
//! people must lie in: a payment between its order and today, expected dates within two years,
//! counts with realistic bounds.

use crate::support::*;
use axum::http::{Method, StatusCode};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// The store's day `offset` days from today (Asia/Shanghai, UTC+8 without summer time), as the
/// API writes it: what a test types as a date must be counted from this day, never from UTC's.
pub fn store_day(offset: i64) -> String {
    let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset"));
    (now.date_naive() + chrono::Duration::days(offset)).to_string()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("instant")
}

fn clocked(app: &app::App, utc: &str) -> app::App {
    app.with_clock(app::Clock::Set(std::sync::Arc::new(std::sync::Mutex::new(at(utc)))))
}

/// A resident ID number (GB 11643) of someone born on `born`, with its check character.
fn id_born(born: &str) -> String {
    let body = format!("110105{born}007");
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    format!("{body}{}", ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize])
}

/// At 01:30 store time (17:30 UTC the day before) a vehicle received, a factory order, a truck
/// and a transfer carry the store's day; two months later at 01:00 the car's aging counts the
/// store's days; a baby born on the store's today has a valid ID number.
#[tokio::test]
async fn dates_are_the_stores_calendar_days_also_before_eight_in_the_morning() {
    let t = TestApp::new().await;
    let logistics = t.actor("a.inventory").await;
    let advisor = t.actor("a.advisor1").await;
    let (trim, colour, store_b) = (t.fx.trim, t.fx.colour, t.fx.store_b.id);
    t.with_app(move |app| {
        let night = clocked(app, "2026-10-06 17:30");
        let mut vin = "LSVAU2180N2183294".to_string();
        let check = char::from(domain::ident::Vin::check_digit(&vin));
        vin.replace_range(8..9, &check.to_string());
        let input = app::inventory::VehicleInput {
            vin,
            engine_no: "E20261007".into(),
            certificate_no: "WDJ202610070001".into(),
            trim_id: Some(trim),
            exterior_colour_id: Some(colour),
            whereabouts: "in_stock".into(),
            ..Default::default()
        };
        let car = app::inventory::register(&night, &logistics, &input, None).expect("registered");
        assert_eq!(car.store_received_on, NaiveDate::from_ymd_opt(2026, 10, 7), "received on the store's day");
        assert_eq!(car.first_received_on, NaiveDate::from_ymd_opt(2026, 10, 7));
        let fo = app::inventory::factory_orders::create(
            &night,
            &logistics,
            &app::inventory::factory_orders::FactoryOrderInput {
                trim_id: Some(trim),
                exterior_colour_id: Some(colour),
                quantity: Some(1),
                expected_on: NaiveDate::from_ymd_opt(2026, 10, 7),
                ..Default::default()
            },
            None,
        )
        .expect("factory order made with the store's today as its expected day");
        assert!(fo.number.starts_with("FO-20261007-"), "{}", fo.number);
        let transfer = app::inventory::transfers::request(
            &night,
            &logistics,
            &app::inventory::transfers::TransferInput {
                to_store_id: Some(store_b),
                vins: vec![car.vin.clone()],
                reason: "调拨测试".into(),
            },
            None,
        )
        .expect("transfer requested");
        assert!(transfer.number.starts_with("TR-20261007-"), "{}", transfer.number);

        // Two months on, at 01:00 store time: 61 days at the store, in the 61-90 bucket.
        let later = clocked(app, "2026-12-06 17:00");
        let aging = app::inventory::stock::aging(&later, &logistics).expect("aging");
        let bucket = |b: &str| aging.store.iter().find(|l| l.bucket == b).map_or(0, |l| l.count);
        assert_eq!((bucket("31_60"), bucket("61_90")), (0, 1), "{aging:?}");
        assert_eq!(
            app::kernel::calendar::today(&later, &logistics).expect("today"),
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
        );

        // Born on the store's today (12-07), while the UTC date is still 12-06.
        let baby = app::customers::CustomerInput {
            kind: "individual".into(),
            name: "新生儿".into(),
            mobile: "13700009901".into(),
            id_number: id_born("20261207"),
            ..Default::default()
        };
        app::customers::create(&later, &advisor, &baby).expect("born today is not born in the future");
        let tomorrow =
            app::customers::CustomerInput { mobile: "13700009902".into(), id_number: id_born("20261208"), ..baby };
        let e = app::customers::create(&later, &advisor, &tomorrow).expect_err("born tomorrow");
        assert!(matches!(&e, app::AppError::Validation(f) if f.get("id_number") == Some("id-born-in-future")), "{e:?}");
    })
    .await;
}

#[tokio::test]
async fn dates_typed_by_people_lie_in_their_documents_window_and_counts_are_bounded() {
    let t = TestApp::new().await;
    let mut c = t.client();
    let fin = t.token_for("a.finance").await;
    let inv = t.token_for("a.inventory").await;
    let adv = t.token_for("a.advisor1").await;
    let cust = crate::orders::customer(&t, &adv, "13700009903").await;
    let (order, _) = t.confirmed_order(&adv, cust, "1").await;
    // A payment received before the order existed (or in 1900), or tomorrow: refused, nothing kept.
    let today = t.with_app(|app| app.now()).await + chrono::Duration::hours(8);
    let tomorrow = (today + chrono::Duration::days(1)).date().to_string();
    for (day, code) in [
        ("2020-01-01", "payment_date_before_order"),
        ("1900-01-01", "payment_date_before_order"),
        (tomorrow.as_str(), "payment_date_future"),
    ] {
        let body = json!({"kind": "intent", "method": "cash", "amount_fen": 500_000, "paid_on": day});
        let r = c.api(Method::POST, &format!("/api/v1/orders/{order}/payments"), Some(&fin), Some(body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{day}: {}", r.body);
        let e = r.json();
        assert_eq!(e["error"]["fields"][0]["field"], "paid_on", "{e}");
        assert_eq!(e["error"]["fields"][0]["code"], code, "{e}");
    }
    let m = c.api(Method::GET, &format!("/api/v1/orders/{order}/money"), Some(&fin), None).await.json();
    assert!(m["payments"].as_array().unwrap().is_empty(), "{m}");
    let body = json!({"kind": "intent", "method": "cash", "amount_fen": 500_000, "paid_on": today.date().to_string()});
    let r = c.api(Method::POST, &format!("/api/v1/orders/{order}/payments"), Some(&fin), Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "today is inside: {}", r.body);

    // Expected dates reach two years ahead, not 9999-12-31.
    let (trim, colour) = (t.fx.trim, t.fx.colour);
    let far = json!({"trim_id": trim, "exterior_colour_id": colour, "quantity": 1, "expected_on": "9999-12-31"});
    let r = c.api(Method::POST, "/api/v1/factory-orders", Some(&inv), Some(far)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "date_too_far_ahead", "{}", r.body);
    let truck = json!({"carrier": "安吉物流", "eta": "2099-01-01", "vins": ["LSVAU2180N2183294"]});
    let r = c.api(Method::POST, "/api/v1/shipments", Some(&inv), Some(truck)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("date_too_far_ahead"), "{}", r.body);
    // A stock threshold is a count of cars a store could hold, not 2^40.
    let r = c
        .api(Method::PUT, "/api/v1/stock/thresholds", Some(&inv), Some(json!({"trim_id": trim, "high": 1_i64 << 40})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["fields"][0]["code"], "threshold_too_large", "{}", r.body);
}
