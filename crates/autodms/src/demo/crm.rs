//! The demo's pipeline: each store's inquiries of the last two months across channels, tiers and
//! advisors, followed up on their cadence (some late, some due today), invited, test-driven,
//! negotiating, gone dormant or lost with a manager's approval (a few still waiting); the leads
//! of the demo's orders are made in `sales` before their orders.

use super::hours::working_hours;
use app::crm::leads::{InquiryInput, LeadFacts, LostInput, decide_lost, record_inquiry, report_stage, request_lost};
use app::crm::{ContactInput, follow_ups};
use app::{App, AppError, AppResult, Conflict};
use chrono::{Duration, NaiveDateTime, Timelike};
use domain::org::Actor;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// Where inquiries come from in a 4S store, roughly as often as they do.
const CHANNELS: [&str; 12] = [
    "walk_in",
    "walk_in",
    "walk_in",
    "phone",
    "phone",
    "website",
    "car_platform",
    "car_platform",
    "social_media",
    "referral",
    "event",
    "exhibition",
];

const NOTES: [&str; 8] = [
    "家里第二台车，太太开，看重空间和安全",
    "首次购车，关注油耗和保养费用",
    "对比了两家竞品，价格敏感",
    "公司用车，需要开专票",
    "想要现车，下个月提车",
    "关注新能源补贴和牌照政策",
    "老客户介绍，要求优惠",
    "",
];

const TRADE_INS: [(&str, &str); 5] =
    [("大众", "朗逸"), ("丰田", "卡罗拉"), ("本田", "思域"), ("日产", "轩逸"), ("别克", "英朗")];

/// A lead's story: how far it got.
#[derive(Clone, Copy)]
enum Story {
    /// Not called yet, or called once.
    Fresh,
    Working,
    Negotiating,
    Dormant,
    Lost,
    /// Lost asked for; the manager has not decided.
    LostWaiting,
}

/// Seeds the store's pipeline; returns how many leads.
pub(super) fn seed_pipeline(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    staff: &std::collections::HashMap<&str, app::org::users::User>,
    person: &mut impl FnMut(&mut StdRng) -> String,
    models: &[i64],
) -> AppResult<usize> {
    let actor = |suffix: &str| staff[suffix].actor_in(staff[suffix].store_id);
    let gm = actor("gm");
    let end = today - Duration::minutes(30);
    let mut made = 0;
    for n in 0..120 {
        let advisor = ["advisor1", "advisor2", "advisor3", "advisor4"][n % 4];
        let a = actor(advisor);
        let channel = CHANNELS[rng.gen_range(0..CHANNELS.len())];
        // Leads from websites and platforms come in through the general manager's integration
        // and go round the advisors; the others are recorded by the advisor who met them.
        let pushed = matches!(channel, "website" | "car_platform" | "social_media");
        let back = Duration::days(rng.gen_range(0..60));
        let created = working_hours(rng, today - back).min(end);
        app.clock.move_to(created);
        let (brand, model) = TRADE_INS[rng.gen_range(0..TRADE_INS.len())];
        let trade = rng.gen_bool(0.3);
        let how_many = rng.gen_range(1..=2);
        let picked: Vec<i64> = models.choose_multiple(rng, how_many).copied().collect();
        let input = InquiryInput {
            name: person(rng),
            mobile: format!(
                "{}{:08}",
                super::customers::MOBILE_PREFIXES.choose(rng).copied().unwrap_or("138"),
                rng.gen_range(0..100_000_000)
            ),
            facts: LeadFacts {
                channel: channel.into(),
                model_ids: picked,
                budget_fen: Some(rng.gen_range(12..45) * 1_000_000),
                timeframe: ["within_week", "within_month", "within_month", "within_quarter", "later"]
                    [rng.gen_range(0..5)]
                .into(),
                payment_intention: ["full", "loan", "loan", "undecided"][rng.gen_range(0..4)].into(),
                tier: ["h", "a", "a", "b", "b", "c", "n"][rng.gen_range(0..7)].into(),
                trade_in_brand: if trade { brand.into() } else { String::new() },
                trade_in_model: if trade { model.into() } else { String::new() },
                trade_in_year: trade.then(|| rng.gen_range(2012..2022)),
                trade_in_mileage_km: trade.then(|| rng.gen_range(30..160) * 1000),
                notes: NOTES[rng.gen_range(0..NOTES.len())].into(),
            },
            external_ref: if pushed { format!("DEMO-{}-{n}", a.store_id.0) } else { String::new() },
            ..Default::default()
        };
        let lead = match record_inquiry(app, if pushed { &gm } else { &a }, &input, None) {
            Ok(l) => l,
            // A number drawn twice is the same person: skip it.
            Err(AppError::Conflict(Conflict::Duplicate { .. })) => continue,
            Err(e) => return Err(e),
        };
        made += 1;
        let Some((suffix, owner)) = staff.iter().find(|(_, u)| u.id == lead.owner_id) else { continue };
        let owner = owner.actor_in(owner.store_id);
        // The owner's team's manager decides.
        let manager = actor(if matches!(*suffix, "advisor1" | "advisor2") { "manager1" } else { "manager2" });
        let story = match rng.gen_range(0..20) {
            0..=4 => Story::Fresh,
            5..=10 => Story::Working,
            11..=13 => Story::Negotiating,
            14..=15 => Story::Dormant,
            16..=18 => Story::Lost,
            _ => Story::LostWaiting,
        };
        follow_up(app, rng, &owner, &manager, lead, story, end)?;
    }
    upcoming_drives(app, rng, &gm, staff, end)?;
    Ok(made)
}

/// A driver's licence: the holder's ID number, valid for years yet.
fn licence(rng: &mut StdRng) -> (String, chrono::NaiveDate) {
    let id = super::customers::valid_id(rng, "310115");
    (id, chrono::NaiveDate::from_ymd_opt(rng.gen_range(2028..2034), rng.gen_range(1..=12), 15).unwrap_or_default())
}

/// A test drive at the clock's next full hour, driven and returned with the customer's verdict.
fn drive(app: &App, rng: &mut StdRng, owner: &Actor, lead_id: i64, end: NaiveDateTime) -> AppResult<()> {
    use app::crm::test_drives::{BookingInput, DriveStep, book, check_out, demo_cars, give_back};
    let cars = demo_cars(app, owner)?;
    let Some(car) = cars.choose(rng) else { return Ok(()) };
    let local = app.now() + Duration::hours(8);
    // The showroom lends its cars until 18:00.
    if local.time().hour() >= 17 {
        return Ok(());
    }
    let start = local.date().and_hms_opt(local.time().hour() + 1, 0, 0).unwrap_or(local);
    if start - Duration::hours(8) + Duration::hours(1) >= end {
        return Ok(());
    }
    let (licence_no, expires) = licence(rng);
    let input = BookingInput {
        vehicle_id: Some(car.vehicle_id),
        day: Some(start.date()),
        time: Some(start.time()),
        minutes: Some(45),
        licence_no,
        licence_expires_on: Some(expires),
    };
    let d = match book(app, owner, lead_id, &input) {
        Ok(d) => d,
        // The car is out with someone else then: this customer drives another day.
        Err(AppError::Conflict(Conflict::Refused { .. })) => return Ok(()),
        Err(e) => return Err(e),
    };
    app.clock.move_to(d.starts_at);
    let km = rng.gen_range(3_000..15_000);
    let d = check_out(app, owner, d.id, &DriveStep { version: d.version, km: Some(km), ..Default::default() })?;
    app.clock.move_to(d.ends_at);
    let verdict = ["liked", "liked", "neutral", "disliked"][rng.gen_range(0..4)];
    let impression =
        ["动力充沛，转向精准", "后排空间大，家人满意", "底盘有点硬", "隔音不错，座椅舒服"][rng.gen_range(0..4)];
    let back = DriveStep {
        version: d.version,
        km: Some(km + rng.gen_range(8..25)),
        verdict: verdict.into(),
        impression: impression.into(),
        ..Default::default()
    };
    give_back(app, owner, d.id, &back)?;
    Ok(())
}

/// Tomorrow's bookings: a few customers invited back to drive.
fn upcoming_drives(
    app: &App,
    rng: &mut StdRng,
    gm: &Actor,
    staff: &std::collections::HashMap<&str, app::org::users::User>,
    end: NaiveDateTime,
) -> AppResult<()> {
    use app::crm::leads::{LeadFilter, list};
    use app::crm::test_drives::{BookingInput, book, demo_cars};
    app.clock.move_to(end);
    let cars = demo_cars(app, gm)?;
    let invited = LeadFilter { stage: Some(domain::crm::LeadStage::Invited), ..Default::default() };
    let leads = list(app, gm, &invited, storage::PageRequest::new(Some(1), Some(20)))?.items;
    let tomorrow = (end + Duration::hours(8)).date() + Duration::days(1);
    for (lead, hour) in leads.iter().zip([10, 14, 16]) {
        let Some(owner) = staff.values().find(|u| u.id == lead.owner_id) else { continue };
        let Some(car) = cars.get(usize::try_from(hour).unwrap_or(0) % cars.len().max(1)) else { continue };
        let (licence_no, expires) = licence(rng);
        let input = BookingInput {
            vehicle_id: Some(car.vehicle_id),
            day: Some(tomorrow),
            time: chrono::NaiveTime::from_hms_opt(hour, 0, 0),
            minutes: Some(60),
            licence_no,
            licence_expires_on: Some(expires),
        };
        book(app, &owner.actor_in(owner.store_id), lead.id, &input)?;
    }
    Ok(())
}

/// Plays a lead's follow-ups up to where its story ends; a follow-up that falls after the end
/// is left planned (due today, or overdue when the advisor slipped).
fn follow_up(
    app: &App,
    rng: &mut StdRng,
    owner: &Actor,
    manager: &Actor,
    mut lead: app::crm::Lead,
    story: Story,
    end: NaiveDateTime,
) -> AppResult<()> {
    let contacts = match story {
        Story::Fresh => rng.gen_range(0..2),
        Story::Working => rng.gen_range(1..4),
        _ => rng.gen_range(2..5),
    };
    for i in 0..contacts {
        match contact(app, rng, owner, &lead, i, end)? {
            Some(next) => lead = next,
            None => return Ok(()),
        }
    }
    let lead_id = lead.id;
    let at = (app.now() + Duration::hours(rng.gen_range(1..30))).min(end);
    app.clock.move_to(at);
    match story {
        Story::Fresh | Story::Working => {}
        Story::Negotiating => {
            // Most drive the car before they talk price.
            if rng.gen_bool(0.7) {
                drive(app, rng, owner, lead.id, end)?;
            }
            if rng.gen_bool(0.5) {
                let lead = app::crm::leads::get(app, owner, lead.id)?;
                if lead.stage != domain::crm::LeadStage::Negotiating {
                    report_stage(app, owner, lead.id, lead.version, "negotiating")?;
                }
            }
        }
        Story::Dormant => {
            report_stage(app, owner, lead.id, lead.version, "dormant")?;
        }
        Story::Lost | Story::LostWaiting => {
            let reason =
                ["price", "brand", "competitor_bought", "no_budget", "unreachable", "postponed"][rng.gen_range(0..6)];
            let competitor = ["比亚迪 4S 店", "特斯拉", "吉利 4S 店", "理想汽车"][rng.gen_range(0..4)];
            let input = LostInput {
                version: lead.version,
                reason: reason.into(),
                competitor: if matches!(reason, "brand" | "competitor_bought") {
                    competitor.into()
                } else {
                    String::new()
                },
                note: String::new(),
            };
            let lead = request_lost(app, owner, lead.id, &input)?;
            if matches!(story, Story::Lost) {
                app.clock.move_to((app.now() + Duration::hours(rng.gen_range(2..24))).min(end));
                decide_lost(app, manager, lead.id, lead.version, true, "")?;
            }
            return Ok(());
        }
    }
    // Most advisors keep up: they call on each planned day until today; some leads slip.
    if rng.gen_bool(0.8) {
        let mut lead = app::crm::leads::get(app, owner, lead_id)?;
        for i in contacts..contacts + 20 {
            match contact(app, rng, owner, &lead, i, end)? {
                Some(next) => lead = next,
                None => break,
            }
        }
    }
    Ok(())
}

/// One contact on the lead's planned day (or a day or two late), if that is before `end`.
fn contact(
    app: &App,
    rng: &mut StdRng,
    owner: &Actor,
    lead: &app::crm::Lead,
    i: usize,
    end: NaiveDateTime,
) -> AppResult<Option<app::crm::Lead>> {
    let Some(due) = lead.next_follow_up_on else { return Ok(None) };
    let late = Duration::days(rng.gen_range(0..3));
    let at = working_hours(rng, due.and_time(chrono::NaiveTime::MIN) + late);
    // Today's calls (the store's day, UTC+8, whatever the hour the demo is loaded) are still to make.
    let store_day = |t: NaiveDateTime| (t + Duration::hours(8)).date();
    if at >= end || store_day(at) >= store_day(end) {
        return Ok(None);
    }
    app.clock.move_to(at);
    let outcome = match (i, rng.gen_range(0..10)) {
        (_, 0..=1) => "no_answer",
        (0, _) => "reached",
        (_, 2..=5) => "invited",
        _ => "visited",
    };
    let input = ContactInput {
        version: lead.version,
        kind: if outcome == "visited" { "visit" } else { ["call", "call", "wechat", "sms"][rng.gen_range(0..4)] }
            .into(),
        outcome: outcome.into(),
        note: ["客户在比较配置", "约了周末到店", "询问贷款方案", "对价格有顾虑", "已发送报价单"][rng.gen_range(0..5)]
            .into(),
        next_step: String::new(),
        next_follow_up_on: None,
        tier: String::new(),
    };
    follow_ups::log_contact(app, owner, lead.id, &input).map(Some)
}

/// The lead an order of the demo came from, made a few days before it and followed up once.
pub(super) fn lead_for_order(
    app: &App,
    advisor: &Actor,
    customer_id: i64,
    channel: &str,
    model: i64,
    ordered: NaiveDateTime,
) -> AppResult<i64> {
    // Its own random sequence (from the customer), so that the orders stay as they were.
    let rng = &mut <StdRng as rand::SeedableRng>::seed_from_u64(31 * u64::try_from(customer_id).unwrap_or(0));
    let before = Duration::days(rng.gen_range(3..20));
    let created = working_hours(rng, ordered - before).min(ordered - Duration::hours(3));
    app.clock.move_to(created);
    let input = InquiryInput {
        customer_id: Some(customer_id),
        facts: LeadFacts {
            channel: channel.into(),
            model_ids: vec![model],
            tier: "h".into(),
            payment_intention: "undecided".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let lead = record_inquiry(app, advisor, &input, None)?;
    app.clock.move_to(ordered - Duration::hours(2));
    let contact = ContactInput {
        version: lead.version,
        kind: "visit".into(),
        outcome: "visited".into(),
        note: "到店试驾后确定配置".into(),
        ..Default::default()
    };
    follow_ups::log_contact(app, advisor, lead.id, &contact)?;
    app.clock.move_to(ordered);
    Ok(lead.id)
}
