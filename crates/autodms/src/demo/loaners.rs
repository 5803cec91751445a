//! The demo's loaner fleet: three cars per store, registered a year ago. Today one is out with
//! the customer of a car in the workshop, one is overdue (lent for the day on the oldest repair
//! still open), and one came back yesterday with less fuel than it left with.

use app::inventory::VehicleInput;
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime, NaiveTime};
use domain::org::Actor;
use rand::SeedableRng;
use rand::rngs::StdRng;

const DRIVERS: [(&str, &str); 3] =
    [("360426199101010071", "2031-05-20"), ("110101198506070019", "2029-11-02"), ("310104199208150038", "2032-03-18")];

pub(super) fn seed(
    app: &App,
    today: NaiveDateTime,
    (logistics, yard): (&Actor, Option<i64>),
    desk: &Actor,
) -> AppResult<usize> {
    let mut rng = StdRng::seed_from_u64(33_000 + u64::try_from(desk.store_id.0).unwrap_or(0));
    app.clock.move_to(today - Duration::days(380));
    let Some((trim, colour)) = super::inventory::a_trim(app, logistics)? else { return Ok(0) };
    let mut fleet = Vec::new();
    for i in 0..3 {
        let serial = 880_000 + desk.store_id.0 * 10 + i;
        let input = VehicleInput {
            trim_id: Some(trim),
            exterior_colour_id: Some(colour),
            whereabouts: "in_stock".into(),
            usage: "loaner".into(),
            location_id: yard,
            ..super::inventory::papers(&mut rng, serial, None)
        };
        fleet.push(app::inventory::register(app, logistics, &input, None)?.id);
    }
    let page = storage::PageRequest::new(Some(1), Some(50));
    let open = storage::service::Filter { open: true, ..Default::default() };
    let (orders, _) = app::service::list(app, desk, &open, page)?;
    // The oldest open orders: the longer repairs are the ones a customer needs a car for.
    let mut orders = orders.items;
    orders.sort_by_key(|r| (r.received_on, r.id));
    let mut lent = 0;
    for ((r, car), (licence, expires)) in orders.iter().zip(fleet.iter()).zip(DRIVERS) {
        // Lent in the morning the car came in (Shanghai 11:00).
        let at = r.received_on.and_time(NaiveTime::from_hms_opt(3, 0, 0).unwrap_or_default()).min(today);
        app.clock.move_to(at);
        // The oldest order's loaner was due back the same evening: it is overdue.
        let due = at.date() + Duration::days(if lent == 0 { 0 } else { 3 });
        let input = app::loaners::LendInput {
            vehicle_id: Some(*car),
            driver_name: r.customer_name.clone(),
            licence_no: licence.into(),
            licence_expires_on: expires.parse().ok(),
            km: Some(3_200 + 1_700 * lent),
            fuel_percent: Some(90),
            due_on: Some(due),
        };
        let loan = app::loaners::lend(app, desk, r.id, &input, None)?;
        lent += 1;
        if lent == 3 {
            // The last came back the day after, its fuel not topped up.
            app.clock.move_to(at + Duration::days(1));
            let back = app::loaners::ReturnInput {
                version: loan.version,
                km: Some(loan.out_km + 86),
                fuel_percent: Some(55),
                note: "车况良好；油量未加满".into(),
            };
            app::loaners::give_back(app, desk, domain::ids::LoanId(loan.id), &back)?;
        }
    }
    Ok(fleet.len())
}
