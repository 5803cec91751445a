//! The demo's workshop, through after-sales' use cases with the clock set to each step: two
//! months of visits received, approved, worked, inspected, settled, paid and handed back, and
//! today's board with a repair order in every state, including a car near a 三包 threshold.

use app::org::users::User;
use app::service::{JobInput, PartInput, ReceptionInput};
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use domain::org::Actor;
use domain::rbac::Role;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::HashMap;

/// Cars bought elsewhere that come in for service: make and model as on their papers, the
/// maker's WMI, new energy or not.
const CARS: [(&str, &str, bool); 8] = [
    ("大众 朗逸 2021款", "LSV", false),
    ("丰田 凯美瑞 2022款", "LVG", false),
    ("本田 雅阁 2020款", "LHG", false),
    ("比亚迪 汉 EV 2023款", "LGX", true),
    ("日产 轩逸 2022款", "LGB", false),
    ("特斯拉 Model 3 2022款", "LRW", true),
    ("别克 GL8 2021款", "LSG", false),
    ("吉利 星越L 2023款", "L6T", false),
];

/// Jobs the desk writes most: name, system, standard hours, and the part it takes (number, name,
/// unit price in yuan).
/// A part: number, name, unit price in yuan.
type Part = (&'static str, &'static str, &'static str);

const JOBS: [(&str, &str, &str, Option<Part>); 7] = [
    ("更换机油机滤", "maintenance", "0.8", Some(("OF-2031", "机油滤清器", "68.00"))),
    ("常规保养检查", "maintenance", "0.5", None),
    ("四轮定位", "suspension", "1.0", None),
    ("更换前刹车片", "brakes", "1.2", Some(("BP-1001", "前刹车片（套）", "568.00"))),
    ("空调滤芯更换", "air_conditioning", "0.3", Some(("AC-0420", "空调滤芯", "128.00"))),
    ("蓄电池检测更换", "electrical", "0.5", Some(("BT-6012", "12V 蓄电池", "780.00"))),
    ("底盘异响检查", "suspension", "1.5", None),
];

const COMPLAINTS: [&str; 6] = [
    "到了保养里程，做常规保养",
    "刹车时前轮有尖锐异响",
    "空调出风有异味",
    "冷车启动困难，仪表提示蓄电池电量低",
    "过减速带时底盘有咯噔声",
    "方向盘高速时轻微抖动",
];

fn vin(wmi: &str, rng: &mut StdRng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let mut v: Vec<u8> = wmi.as_bytes().to_vec();
    while v.len() < 17 {
        v.push(CHARS[rng.gen_range(0..CHARS.len())]);
    }
    v[9] = b'N';
    let mut s = String::from_utf8(v).unwrap_or_default();
    let check = domain::ident::Vin::check_digit(&s);
    s.replace_range(8..9, &char::from(check).to_string());
    s
}

/// A plate of the store's city (GA 36-2018): five characters, new-energy cars `D` and five digits.
fn plate(prefix: &str, new_energy: bool, rng: &mut StdRng) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    if new_energy {
        format!("{prefix}D{:05}", rng.gen_range(0..100_000))
    } else {
        let l = char::from(LETTERS[rng.gen_range(0..LETTERS.len())]);
        format!("{prefix}{l}{:04}", rng.gen_range(0..10_000))
    }
}

struct Car {
    id: i64,
    km: i64,
    invoice_date: String,
}

/// The people of the workshop.
struct Crew<'a> {
    desk: Actor,
    foreman: Actor,
    techs: Vec<Actor>,
    cashier: Actor,
    /// The parts clerk, who issues the approved parts when work starts.
    clerk: Actor,
    app: &'a App,
}

impl Crew<'_> {
    fn at(&self, t: NaiveDateTime) {
        self.app.clock.move_to(t);
    }

    /// Receives the car at `t` with the jobs (indexes of `JOBS`), each paid by `payer`, and has
    /// the customer approve: the repair order's id and version.
    fn receive(
        &self,
        t: NaiveDateTime,
        car: &mut Car,
        jobs: &[usize],
        payer: &str,
        rng: &mut StdRng,
    ) -> AppResult<app::service::RepairOrder> {
        self.at(t);
        car.km += rng.gen_range(800..6_000);
        let input = ReceptionInput {
            customer_vehicle_id: car.id.to_string(),
            mileage_km: car.km.to_string(),
            fuel_percent: (rng.gen_range(2..=19) * 5).to_string(),
            complaints: COMPLAINTS.choose(rng).copied().unwrap_or("保养").into(),
            walkaround: if rng.gen_bool(0.4) {
                "右后保险杠轻微擦痕，车内无贵重物品".into()
            } else {
                String::new()
            },
            promised_at: String::new(),
            invoice_date: car.invoice_date.clone(),
            appointment_id: String::new(),
        };
        let mut r = app::service::receive(self.app, &self.desk, &input, None)?;
        for &j in jobs {
            let (name, system, hours, part) = JOBS[j];
            let job = JobInput {
                name: name.into(),
                system: system.into(),
                fault: String::new(),
                hours: hours.into(),
                payer: payer.into(),
            };
            r = app::service::add_job(self.app, &self.desk, r.id, r.version, &job)?;
            if let Some((no, part_name, price)) = part {
                let p = PartInput {
                    part_no: no.into(),
                    name: part_name.into(),
                    system: system.into(),
                    quantity: "1".into(),
                    unit_price: price.into(),
                    payer: payer.into(),
                };
                r = app::service::add_part(self.app, &self.desk, r.id, r.version, &p)?;
            }
        }
        Ok(r)
    }

    fn approve(&self, t: NaiveDateTime, r: &app::service::RepairOrder) -> AppResult<app::service::RepairOrder> {
        self.at(t);
        app::service::approve_estimate(self.app, &self.desk, r.id, r.version)
    }

    /// Dispatches every job to one technician and has them start it; `finish` finishes them too,
    /// one after the other.
    fn work(
        &self,
        t: NaiveDateTime,
        r: app::service::RepairOrder,
        finish: bool,
        rng: &mut StdRng,
    ) -> AppResult<app::service::RepairOrder> {
        let tech = self.techs.choose(rng).cloned().unwrap_or_else(|| self.foreman.clone());
        self.work_by(&tech, t, r, finish, rng)
    }

    /// [`Crew::work`] by technician `tech`.
    fn work_by(
        &self,
        tech: &Actor,
        t: NaiveDateTime,
        mut r: app::service::RepairOrder,
        finish: bool,
        rng: &mut StdRng,
    ) -> AppResult<app::service::RepairOrder> {
        let tech = tech.clone();
        self.at(t);
        super::parts::issue_all(self.app, &self.clerk, &r.number)?;
        let n = r.jobs.len();
        for i in 0..n {
            self.at(t + Duration::minutes(5 * i as i64));
            let job = r.jobs[i].clone();
            r = app::service::dispatch(
                self.app,
                &self.foreman,
                (domain::ids::RepairOrderId(r.id), domain::ids::RepairJobId(job.id)),
                job.version,
                tech.user_id,
            )?;
        }
        let mut at = t + Duration::minutes(20);
        for i in 0..n {
            let job = r.jobs[i].clone();
            self.at(at);
            r = app::service::step(
                self.app,
                &tech,
                (domain::ids::RepairOrderId(r.id), domain::ids::RepairJobId(job.id)),
                r.jobs[i].version,
                "start",
                "",
            )?;
            if !finish {
                break;
            }
            at += Duration::minutes(i64::from(job.hours_x100) * 60 / 100 + rng.gen_range(0..15));
            self.at(at);
            let clocked =
                domain::service::jobs::show_hours(job.hours_x100 + rng.gen_range(-10..=20).max(-job.hours_x100 + 10));
            r = app::service::step(
                self.app,
                &tech,
                (domain::ids::RepairOrderId(r.id), domain::ids::RepairJobId(job.id)),
                r.jobs[i].version,
                "finish",
                &clocked,
            )?;
            at += Duration::minutes(5);
        }
        Ok(r)
    }

    /// Inspects, settles, takes the money and hands the car back.
    fn close(&self, t: NaiveDateTime, r: app::service::RepairOrder, pay: bool, back: bool) -> AppResult<()> {
        self.at(t);
        let r = app::service::quality_check(self.app, &self.foreman, r.id, r.version, true, "", &[])?;
        self.at(t + Duration::minutes(15));
        let r = app::service::settle(self.app, &self.desk, r.id, r.version)?;
        if !pay {
            return Ok(());
        }
        if r.customer_fen > 0 {
            self.at(t + Duration::minutes(25));
            let input = app::finance::bills::BillPaymentInput {
                method: if r.id % 3 == 0 { "alipay" } else { "wechat_pay" }.into(),
                amount_fen: Some(r.customer_fen),
                reference: format!("WX{}{:06}", t.format("%Y%m%d"), r.id),
                note: String::new(),
            };
            let doc = domain::billing::Document { kind: domain::billing::DocumentKind::RepairOrder, id: r.id };
            app::finance::bills::register(self.app, &self.cashier, doc, &input, None)?;
        }
        if back {
            self.at(t + Duration::minutes(40));
            let r = app::service::get(self.app, &self.desk, r.id)?;
            app::service::hand_over(self.app, &self.desk, r.id, r.version)?;
        }
        Ok(())
    }
}

/// The workshop's foreman and its second technician, with the names they go by in each store.
pub(super) fn hire(
    app: &App,
    admin: &Actor,
    prefix: &str,
    store_id: i64,
    team: i64,
    rng: &mut StdRng,
) -> AppResult<Vec<(&'static str, User)>> {
    let names = if prefix == "sh" { ["顾建国", "陆海涛"] } else { ["沈立新", "钱志强"] };
    let mut out = Vec::new();
    for ((suffix, role), name) in
        [("foreman", Role::WorkshopForeman), ("tech2", Role::Technician)].into_iter().zip(names)
    {
        let input = app::org::users::UserInput {
            username: format!("{prefix}.{suffix}"),
            display_name: name.into(),
            store_id: store_id.to_string(),
            team_id: team.to_string(),
            mobile: format!("139{:08}", rng.gen_range(0..100_000_000)),
            email: format!("{prefix}.{suffix}@autodms.demo"),
            role: role.code().into(),
            password: super::DEMO_PASSWORD.into(),
            active: true,
            ..Default::default()
        };
        out.push((suffix, app::org::users::create(app, admin, &input)?));
    }
    Ok(out)
}

/// The workshop of the store whose staff are `staff`; returns the repair orders made.
pub(super) fn seed_workshop(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    staff: &HashMap<&str, User>,
    plate_prefix: &str,
) -> AppResult<usize> {
    let actor = |k: &str| staff[k].actor_in(staff[k].store_id);
    let crew = Crew {
        desk: actor("service"),
        foreman: actor("foreman"),
        techs: vec![actor("tech"), actor("tech2")],
        cashier: actor("finance"),
        clerk: actor("parts"),
        app,
    };
    let day0 = (today - Duration::days(62)).date().and_hms_opt(1, 0, 0).unwrap_or(today);
    super::parts::seed_shelves(app, &crew.clerk, day0 - Duration::days(1))?;
    crew.at(day0);
    let filter = storage::customers::CustomerFilter {
        sort: storage::customers::CustomerSort::OldestFirst,
        ..Default::default()
    };
    let customers = app::customers::list(app, &crew.desk, &filter, storage::PageRequest::new(Some(1), Some(50)))?;
    let mut cars = Vec::new();
    let mut plates = std::collections::HashSet::new();
    for (i, c) in customers.items.iter().filter(|c| c.created_at < day0).take(16).enumerate() {
        let (description, wmi, new_energy) = CARS[i % CARS.len()];
        let p = loop {
            let p = plate(plate_prefix, new_energy, rng);
            if plates.insert(p.clone()) {
                break p;
            }
        };
        let input = app::customers::vehicles::VehicleInput {
            vin: vin(wmi, rng),
            plate: p,
            description: description.into(),
            mileage_km: String::new(),
            ..Default::default()
        };
        let v = app::customers::vehicles::add(app, &crew.desk, c.id, &input)?;
        // Most were bought a year or two ago; the third one this summer (within its 三包 period).
        let bought = match i {
            2 => (today - Duration::days(150)).date(),
            _ => (today - Duration::days(rng.gen_range(300..1_100))).date(),
        };
        cars.push(Car { id: v.id, km: rng.gen_range(3_000..40_000), invoice_date: bought.to_string() });
    }
    if cars.len() < 12 {
        return Ok(0);
    }
    let mut made = 0;
    // Two months of visits: one to three a working day, closed the same day.
    let hour = |d: i64, h: i64, m: i64| {
        (today - Duration::days(d)).date().and_hms_opt(0, 0, 0).unwrap_or(today)
            + Duration::hours(h - 8)
            + Duration::minutes(m)
    };
    for d in (2..=60).rev() {
        for v in 0..rng.gen_range(1..=3) {
            let i = rng.gen_range(3..cars.len());
            let jobs: Vec<usize> = if rng.gen_bool(0.6) { vec![0, 1] } else { vec![rng.gen_range(2..JOBS.len())] };
            let start = hour(d, 9 + v * 2, rng.gen_range(0..40));
            let r = crew.receive(start, &mut cars[i], &jobs, "customer", rng)?;
            let r = crew.approve(start + Duration::minutes(10), &r)?;
            let r = crew.work(start + Duration::minutes(30), r, true, rng)?;
            crew.close(start + Duration::hours(3), r, true, true)?;
            made += 1;
        }
    }
    // The car bought this summer: its brakes repaired under 三包 three times already.
    for d in [110, 70, 30] {
        let start = hour(d, 10, 0);
        let r = crew.receive(start, &mut cars[2], &[3], "warranty", rng)?;
        let r = crew.approve(start + Duration::minutes(10), &r)?;
        let r = crew.work(start + Duration::minutes(30), r, true, rng)?;
        crew.close(start + Duration::hours(4), r, true, true)?;
        made += 1;
    }
    // Today's board: every state once or twice, received this morning; before 14:00 in
    // Shanghai (a morning's work would reach past now) the cars came in the day before and are
    // still in the workshop.
    let local = today + Duration::hours(8);
    let board_day = if local.time() >= chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap_or_default() {
        local.date()
    } else {
        local.date() - Duration::days(1)
    };
    let now = |h: i64, m: i64| {
        let t = board_day.and_hms_opt(0, 0, 0).unwrap_or(today) + Duration::hours(h - 8) + Duration::minutes(m);
        t.min(today - Duration::minutes(5))
    };
    let mut at = |h: i64, m: i64, car: usize, jobs: &[usize], payer: &str, rng: &mut StdRng| {
        made += 1;
        crew.receive(now(h, m).min(today - Duration::minutes(30)), &mut cars[car], jobs, payer, rng)
    };
    let _waiting = at(8, 40, 0, &[0, 1], "customer", rng)?;
    let _waiting2 = at(9, 5, 1, &[6], "customer", rng)?;
    let brakes = at(9, 20, 2, &[3], "warranty", rng)?;
    crew.approve(now(9, 35), &brakes)?;
    let r = at(8, 30, 4, &[0, 1], "customer", rng)?;
    let r = crew.approve(now(8, 45), &r)?;
    crew.work_by(&crew.techs[0], now(9, 0), r, false, rng)?;
    let r = at(8, 35, 5, &[5], "customer", rng)?;
    let r = crew.approve(now(8, 50), &r)?;
    let r = crew.work_by(&crew.techs[1], now(9, 10), r, false, rng)?;
    let tech = crew.techs.iter().find(|t| r.jobs[0].technician_id == Some(t.user_id.0)).cloned();
    if let Some(tech) = tech {
        crew.at(now(9, 30));
        app::service::step(
            app,
            &tech,
            (domain::ids::RepairOrderId(r.id), domain::ids::RepairJobId(r.jobs[0].id)),
            r.jobs[0].version,
            "wait_for_parts",
            "",
        )?;
    }
    let r = at(8, 10, 6, &[4], "customer", rng)?;
    let r = crew.approve(now(8, 20), &r)?;
    crew.work(now(8, 30), r, true, rng)?;
    let r = at(8, 0, 7, &[2], "customer", rng)?;
    let r = crew.approve(now(8, 5), &r)?;
    let r = crew.work(now(8, 10), r, true, rng)?;
    crew.at(now(10, 0));
    app::service::quality_check(app, &crew.foreman, r.id, r.version, true, "试车正常", &[])?;
    let r = at(7, 50, 8, &[0, 1], "customer", rng)?;
    let r = crew.approve(now(8, 0), &r)?;
    let r = crew.work(now(8, 5), r, true, rng)?;
    crew.close(now(10, 30), r, false, false)?;
    let booked: Vec<i64> = cars.iter().skip(9).map(|c| c.id).collect();
    super::appointments::seed(app, &crew.desk, today, &booked)?;
    Ok(made)
}
