//! Logistics' part of the demo orders: the vehicle each paid order gets, registered, allocated,
//! shipped, received and delivered through the inventory use cases, so that the order's vehicle
//! facts come from a real VIN. (Shipments, transfers and the yard come with the rest of issue 16.)

use app::inventory::{self, VehicleInput};
use app::sales::VehicleFacts;
use app::{App, AppResult};
use domain::inventory::Command;
use domain::org::Actor;
use domain::sales::VehicleFact;
use rand::Rng;
use rand::rngs::StdRng;

/// The specification an order asked for.
pub(super) struct Car {
    pub trim: i64,
    pub exterior: i64,
    pub interior: Option<i64>,
}

/// A VIN with its check digit, unique per order (the order id in its serial part).
pub(super) fn vin_of(order_id: i64, rng: &mut StdRng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let mut v: Vec<u8> = b"LSV".to_vec();
    for _ in 0..8 {
        v.push(CHARS[rng.gen_range(0..CHARS.len())]);
    }
    v[9] = b'R'; // model year 2024
    v.extend(format!("{:06}", order_id % 1_000_000).bytes());
    let mut s = String::from_utf8(v).unwrap_or_default();
    let check = domain::ident::Vin::check_digit(&s);
    s.replace_range(8..9, &char::from(check).to_string());
    s
}

/// Does logistics' step of `facts` for the order through the inventory use cases; `false` when
/// the step is not logistics' to record (the order's other facts: PDI done, handed over).
pub(super) fn follow(
    app: &App,
    logistics: &Actor,
    order_id: i64,
    car: &Car,
    facts: VehicleFacts,
    rng: &mut StdRng,
) -> AppResult<bool> {
    let current = inventory::of_order(app, logistics, order_id)?;
    let step = |v: &inventory::Vehicle, command: Command, note: &str| {
        inventory::apply(app, logistics, v.id, v.version, command, note).map(|_| true)
    };
    if facts.delivered {
        if let Some(v) = current.filter(|v| v.status != domain::inventory::VehicleStatus::Delivered) {
            step(&v, Command::Deliver, "车辆已交付客户")?;
        }
        return Ok(false);
    }
    match (facts.vehicle, current) {
        (VehicleFact::OrderedFromFactory | VehicleFact::Allocated, None) => {
            let from_factory = facts.vehicle == VehicleFact::OrderedFromFactory;
            let input = VehicleInput {
                vin: vin_of(order_id, rng),
                engine_no: format!("E{}", rng.gen_range(10_000_000..99_999_999)),
                certificate_no: format!("WDJ{}", rng.gen_range(100_000_000_000u64..999_999_999_999)),
                trim_id: Some(car.trim),
                exterior_colour_id: Some(car.exterior),
                interior_colour_id: car.interior,
                cost_fen: None,
                whereabouts: if from_factory { "ordered" } else { "in_stock" }.into(),
                ..VehicleInput::default()
            };
            let v = inventory::register(app, logistics, &input, None)?;
            inventory::allocate(app, logistics, v.id, v.version, order_id)?;
            Ok(true)
        }
        (VehicleFact::InTransit, Some(v)) => step(&v, Command::Ship, "车辆已发运，物流在途"),
        (VehicleFact::Arrived, Some(v)) if v.whereabouts == domain::inventory::Whereabouts::InTransit => {
            step(&v, Command::Receive { store_id: v.store_id }, "车辆已到店入库")
        }
        _ => Ok(false),
    }
}
