//! Logistics in the demo: the store's locations; a yard of stock ordered from the factory month
//! by month over the past year (so that aging has every bucket and slow movers), with factory
//! orders and trucks still on the way today and two demo cars; and the vehicle of each paid
//! order, ordered from the factory for it or picked from stock, shipped and checked in at the
//! gate through the same use cases as the pages, so that the order's vehicle facts come from a
//! real VIN.

use super::delivery::Progress;
use app::inventory::check_in::CheckInInput;
use app::inventory::factory_orders::{self, FactoryOrderInput};
use app::inventory::locations::LocationInput;
use app::inventory::shipments::{self, ShipmentInput};
use app::inventory::{self, VehicleInput};
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use domain::inventory::{Command, Whereabouts};
use domain::org::Actor;
use domain::sales::VehicleFact;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// The specification an order asked for.
pub(super) struct Car {
    pub trim: i64,
    pub exterior: i64,
    pub interior: Option<i64>,
}

const CARRIERS: [&str; 4] = ["安吉物流", "中铁特货", "长久物流", "一汽物流"];

/// A VIN with its check digit; `serial` makes it unique (an order id, or a stock number).
pub(super) fn vin_of(serial: i64, rng: &mut StdRng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let mut v: Vec<u8> = b"LSV".to_vec();
    for _ in 0..8 {
        v.push(CHARS[rng.gen_range(0..CHARS.len())]);
    }
    v[9] = b'R'; // model year 2024
    v.extend(format!("{:06}", serial % 1_000_000).bytes());
    let mut s = String::from_utf8(v).unwrap_or_default();
    let check = domain::ident::Vin::check_digit(&s);
    s.replace_range(8..9, &char::from(check).to_string());
    s
}

/// A vehicle's papers as the maker sends them: VIN, engine number, certificate (合格证).
pub(super) fn papers(rng: &mut StdRng, serial: i64, cost_fen: Option<i64>) -> VehicleInput {
    VehicleInput {
        vin: vin_of(serial, rng),
        engine_no: format!("E{}", rng.gen_range(10_000_000..99_999_999)),
        certificate_no: format!("WDJ{}", rng.gen_range(100_000_000_000u64..999_999_999_999)),
        cost_fen,
        ..VehicleInput::default()
    }
}

/// The store's locations: showroom, yard, off-site lot (its administrator).
pub(super) fn seed_locations(app: &App, admin: &Actor) -> AppResult<Vec<i64>> {
    [("展厅", "showroom"), ("后场停车区", "yard"), ("外租库（物流园）", "offsite")]
        .iter()
        .map(|(name, kind)| {
            let input = LocationInput { name: (*name).into(), kind: (*kind).into(), active: None };
            app::inventory::locations::create(app, admin, &input).map(|l| l.id)
        })
        .collect()
}

/// A trim with its exterior colours and its price.
struct Spec {
    trim: i64,
    colours: Vec<i64>,
    msrp_fen: i64,
}

fn specs(app: &App, actor: &Actor) -> AppResult<Vec<Spec>> {
    let mut out = Vec::new();
    for brand in app::catalogue::tree(app, actor)? {
        for m in brand.models {
            let detail = app::catalogue::model(app, actor, m.model.id)?;
            let colours: Vec<i64> = detail.colours.iter().filter(|c| c.kind == "exterior").map(|c| c.id).collect();
            for t in detail.trims {
                if !colours.is_empty() {
                    out.push(Spec { trim: t.id, colours: colours.clone(), msrp_fen: t.msrp_fen });
                }
            }
        }
    }
    Ok(out)
}

/// A trim of the catalogue with an exterior colour (the loaner fleet's).
pub(super) fn a_trim(app: &App, actor: &Actor) -> AppResult<Option<(i64, i64)>> {
    Ok(specs(app, actor)?.first().and_then(|s| s.colours.first().map(|c| (s.trim, *c))))
}

/// The yard: every month of the past year the store orders a few specifications from the
/// factory; the maker announces the VINs, a truck brings them a week later, and they are checked
/// in at the gate. The last month's trucks are still on the road today, and two factory orders
/// wait for their VINs. Returns the number of vehicles.
pub(super) fn seed_stock(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    logistics: &Actor,
    locations: &[i64],
    serial: &mut i64,
) -> AppResult<usize> {
    let specs = specs(app, logistics)?;
    let mut vehicles = 0;
    for month in (0..11).rev() {
        let day = today - Duration::days(month * 30 + rng.gen_range(3..12));
        for k in 0..4 {
            let Some(spec) = specs.choose(rng) else { continue };
            let exterior = *spec.colours.choose(rng).unwrap_or(&spec.colours[0]);
            app.clock.move_to(day + Duration::hours(rng.gen_range(1..8)));
            let quantity = rng.gen_range(2..=5);
            let input = FactoryOrderInput {
                trim_id: Some(spec.trim),
                exterior_colour_id: Some(exterior),
                quantity: Some(quantity),
                expected_on: Some((app.now() + Duration::days(14)).date()),
                note: "月度备车".into(),
                ..FactoryOrderInput::default()
            };
            let fo = factory_orders::create(app, logistics, &input, None)?;
            // This month's first factory order waits for its VINs, the second for its truck.
            let fresh = month == 0 && k < 2;
            if fresh && k == 0 {
                continue; // the maker has not announced these yet
            }
            let mut vins = Vec::new();
            for _ in 0..quantity {
                *serial += 1;
                let cost = spec.msrp_fen * i64::from(rng.gen_range(86..93)) / 100;
                let v = factory_orders::announce(app, logistics, fo.id, &papers(rng, *serial, Some(cost)), None)?;
                vins.push(v.vin);
                vehicles += 1;
            }
            if fresh {
                continue; // built, waiting at the factory for a truck
            }
            app.clock.move_to(app.now() + Duration::days(rng.gen_range(3..6)));
            let truck = ShipmentInput {
                carrier: CARRIERS.choose(rng).copied().unwrap_or("安吉物流").into(),
                tracking_no: format!("沪A{}", rng.gen_range(10_000..99_999)),
                eta: Some((app.now() + Duration::days(rng.gen_range(4..8))).date()),
                vins: vins.clone(),
            };
            let s = shipments::create(app, logistics, &truck, None)?;
            if month == 0 {
                continue; // still on the road
            }
            app.clock.move_to(app.now() + Duration::days(rng.gen_range(4..8)));
            for vin in vins {
                let location = locations.get(rng.gen_range(0..locations.len().max(1))).copied();
                let damaged = rng.gen_bool(0.05);
                let input = CheckInInput {
                    vin,
                    location_id: location,
                    inspection: if damaged { "damaged" } else { "ok" }.into(),
                    note: if damaged { "后保险杠轻微刮擦，已拍照交承运商" } else { "" }.into(),
                };
                app::inventory::check_in::check_in(app, logistics, s.id, &input)?;
            }
        }
    }
    // A customer who is deciding has a car held for a few days.
    app.clock.move_to(today - Duration::days(2));
    let q = app::inventory::stock::VehicleQuery { status: "in_stock".into(), ..Default::default() };
    for v in app::inventory::stock::list(app, logistics, &q, app::PageRequest::new(Some(1), Some(20)))?
        .items
        .into_iter()
        .step_by(7)
    {
        inventory::apply(app, logistics, v.id, v.version, Command::Reserve, "客户意向强烈，保留三天")?;
    }
    // Two demo cars for test drives, in the showroom.
    for spec in specs.iter().take(2) {
        *serial += 1;
        app.clock.move_to(today - Duration::days(rng.gen_range(60..200)));
        let input = VehicleInput {
            trim_id: Some(spec.trim),
            exterior_colour_id: spec.colours.first().copied(),
            whereabouts: "in_stock".into(),
            usage: "demo".into(),
            location_id: locations.first().copied(),
            ..papers(rng, *serial, Some(spec.msrp_fen * 88 / 100))
        };
        inventory::register(app, logistics, &input, None)?;
        vehicles += 1;
    }
    Ok(vehicles)
}

/// Does logistics' step of `facts` for the order through the inventory use cases; `false` when
/// the step is not logistics' to record (the order's other facts: PDI done, handed over).
pub(super) fn follow(
    app: &App,
    logistics: &Actor,
    order_id: i64,
    car: &Car,
    facts: Progress,
    rng: &mut StdRng,
) -> AppResult<bool> {
    let current = inventory::of_order(app, logistics, order_id)?;
    if facts.delivered || facts.ready_for_delivery {
        // Delivery's steps: the PDI and the handover.
        return Ok(false);
    }
    match (facts.vehicle, current) {
        (VehicleFact::OrderedFromFactory, None) => {
            // A factory order for this order; the maker announces its VIN, which goes to it.
            let input = FactoryOrderInput {
                trim_id: Some(car.trim),
                exterior_colour_id: Some(car.exterior),
                interior_colour_id: car.interior,
                quantity: Some(1),
                expected_on: Some((app.now() + Duration::days(20)).date()),
                order_ids: vec![order_id],
                note: "客户订单订车".into(),
                ..FactoryOrderInput::default()
            };
            let fo = factory_orders::create(app, logistics, &input, None)?;
            factory_orders::announce(app, logistics, fo.id, &papers(rng, order_id, None), None)?;
            Ok(true)
        }
        (VehicleFact::Allocated, None) => {
            let input = VehicleInput {
                trim_id: Some(car.trim),
                exterior_colour_id: Some(car.exterior),
                interior_colour_id: car.interior,
                whereabouts: "in_stock".into(),
                location_id: app::inventory::locations::of_store(app, logistics)?.first().map(|l| l.id),
                ..papers(rng, order_id, None)
            };
            let v = inventory::register(app, logistics, &input, None)?;
            inventory::allocate(
                app,
                logistics,
                domain::ids::VehicleId(v.id),
                v.version,
                domain::ids::OrderId(order_id),
            )?;
            Ok(true)
        }
        (VehicleFact::InTransit, Some(v)) => {
            let truck = ShipmentInput {
                carrier: CARRIERS.choose(rng).copied().unwrap_or("安吉物流").into(),
                tracking_no: format!("苏E{}", rng.gen_range(10_000..99_999)),
                eta: Some((app.now() + Duration::days(rng.gen_range(3..7))).date()),
                vins: vec![v.vin],
            };
            shipments::create(app, logistics, &truck, None)?;
            Ok(true)
        }
        (VehicleFact::Arrived, Some(v)) if v.whereabouts == Whereabouts::InTransit => {
            let Some(shipment) = shipments::carrying(app, logistics, v.id)? else { return Ok(false) };
            let yard = app::inventory::locations::of_store(app, logistics)?
                .into_iter()
                .find(|l| l.kind == "yard")
                .map(|l| l.id);
            let input = CheckInInput { vin: v.vin, location_id: yard, inspection: "ok".into(), note: String::new() };
            app::inventory::check_in::check_in(app, logistics, shipment, &input)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Between the two stores: two slow movers sent from the first to the second (requested,
/// approved by the general manager, shipped, checked in there two days later) and one request
/// waiting for the general manager today.
pub(super) fn seed_transfers(
    app: &App,
    today: NaiveDateTime,
    (logistics, gm): (&Actor, &Actor),
    (to_store, receiving): (i64, &Actor),
) -> AppResult<()> {
    use app::inventory::transfers::{self, ShipInput, TransferInput};
    app.clock.move_to(today - Duration::days(12));
    let q =
        app::inventory::stock::VehicleQuery { status: "in_stock".into(), usage: "stock".into(), ..Default::default() };
    let oldest = app::inventory::stock::list(app, logistics, &q, app::PageRequest::new(Some(1), Some(20)))?.items;
    let vins = |range: std::ops::Range<usize>| {
        oldest.iter().skip(range.start).take(range.len()).map(|v| v.vin.clone()).collect::<Vec<_>>()
    };
    let input =
        TransferInput {
            to_store_id: Some(to_store), vins: vins(0..2), reason: "库龄超 90 天，调往杭州店消化".into()
        };
    let t = transfers::request(app, logistics, &input, None)?;
    app.clock.move_to(app.now() + Duration::hours(3));
    let t = transfers::decide(app, gm, t.id, t.version, true, "同意，尽快发运")?;
    app.clock.move_to(app.now() + Duration::days(1));
    let ship = ShipInput {
        version: t.version,
        carrier: "长久物流".into(),
        tracking_no: "沪B77231".into(),
        eta: Some((app.now() + Duration::days(2)).date()),
    };
    let t = transfers::ship(app, logistics, t.id, &ship)?;
    app.clock.move_to(app.now() + Duration::days(2));
    let yard =
        app::inventory::locations::of_store(app, receiving)?.into_iter().find(|l| l.kind == "yard").map(|l| l.id);
    for v in &t.vehicles {
        let input =
            CheckInInput { vin: v.vin.clone(), location_id: yard, inspection: "ok".into(), note: String::new() };
        app::inventory::check_in::check_in(app, receiving, t.shipment_id.unwrap_or_default(), &input)?;
    }
    app.clock.move_to(today - Duration::hours(5));
    let input = TransferInput {
        to_store_id: Some(to_store), vins: vins(2..3), reason: "杭州店客户指定此颜色".into()
    };
    transfers::request(app, logistics, &input, None)?;
    Ok(())
}

/// Thresholds for the store's models as a manager would set them, checked as the background
/// job does, so that some have fired (a model running short, one piling up).
pub(super) fn seed_thresholds(app: &App, logistics: &Actor) -> AppResult<usize> {
    use app::inventory::thresholds::{self, ThresholdInput};
    let counts = app::inventory::stock::overview(app, logistics)?;
    let names = app::inventory::stock::names(app, logistics)?;
    let mut per_model: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for line in &counts {
        if let Some(m) = names.model_of(line.trim_id) {
            *per_model.entry(m).or_default() += line.counts[1] + line.counts[2];
        }
    }
    for (i, (model, n)) in per_model.iter().enumerate() {
        // The first model has too few (low at n + 2), the second too many (high below n),
        // the rest sit between their limits.
        let (low, high) = match i {
            0 => (Some(n + 2), Some(n + 20)),
            1 => (Some(0), Some((n - 3).max(1))),
            _ => (Some((n - 2).max(0)), Some(n + 10)),
        };
        thresholds::set(app, logistics, &ThresholdInput { model_id: Some(*model), trim_id: None, low, high })?;
    }
    thresholds::check(app)
}

/// Stock financed as stores do (库存融资): the certificates of a third of the free cars in
/// stock are with the lender, one is lent out to the registration office, each a line of the
/// car's history.
pub(super) fn seed_custody(app: &App, logistics: &Actor) -> AppResult<()> {
    use app::inventory::vehicles::{self, KeepInput};
    let q =
        app::inventory::stock::VehicleQuery { status: "in_stock".into(), usage: "stock".into(), ..Default::default() };
    let cars = app::inventory::stock::list(app, logistics, &q, app::PageRequest::new(Some(1), Some(100)))?.items;
    for (i, v) in cars.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        let (custody, note) = if i == 0 {
            ("registration_office", "提前办理上牌手续")
        } else {
            ("lender", "库存融资，质押给厂家金融")
        };
        let input =
            KeepInput { version: v.version, location_id: None, custody: Some(custody.into()), note: note.into() };
        vehicles::keep(app, logistics, v.id, &input)?;
    }
    Ok(())
}
