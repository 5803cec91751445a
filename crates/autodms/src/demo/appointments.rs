//! The demo's appointment book: booked yesterday afternoon for this afternoon and tomorrow
//! morning, one cancelled by its customer.

use app::service::AppointmentInput;
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use domain::org::Actor;
use domain::service::appointments::{AppointmentStatus, BookingSource};

/// Slot, whether tomorrow, what the customer asks for, expected hours.
const BOOKINGS: [(&str, bool, &str, &str); 5] = [
    ("14:00", false, "5000 公里保养", "1"),
    ("15:00", false, "空调制冷效果差，检查加氟", "1.5"),
    ("09:00", true, "常规保养，顺便检查刹车片", "1.5"),
    ("10:30", true, "更换蓄电池", "0.5"),
    ("16:00", false, "四轮定位", "1"),
];

/// Books `cars` (customer vehicle ids) as the desk did yesterday at 15:00 store time.
pub(super) fn seed(app: &App, desk: &Actor, today: NaiveDateTime, cars: &[i64]) -> AppResult<usize> {
    let shanghai = today + Duration::hours(8);
    let yesterday_afternoon = (shanghai.date() - Duration::days(1)).and_hms_opt(7, 0, 0).unwrap_or(today);
    app.clock.move_to(yesterday_afternoon);
    let mut made = 0;
    for ((slot, tomorrow, work, hours), car) in BOOKINGS.iter().zip(cars) {
        let day = if *tomorrow { shanghai.date() + Duration::days(1) } else { shanghai.date() };
        let input = AppointmentInput {
            customer_vehicle_id: car.to_string(),
            day: day.to_string(),
            starts_at: slot.to_string(),
            requested_work: work.to_string(),
            hours: hours.to_string(),
            mileage_km: String::new(),
        };
        let a = app::service::book(app, desk, &input, (BookingSource::Staff, None))?;
        made += 1;
        if *slot == "16:00" {
            app::service::close(app, desk, a.id, a.version, (AppointmentStatus::Cancelled, "客户临时出差，改期再约"))?;
        }
    }
    Ok(made)
}
