//! The estimate: jobs (standard hours at the store's labour rate) and parts, each with its
//! payer, added while the car is in the workshop; every new line waits for the customer's
//! approval, on paper at the desk or through their link.

use super::reception::rate_of;
use super::views::{RepairOrder, clocks, reload};
use super::{State, log};
use crate::kernel::audit::{Action, Changes};
use crate::{App, AppError, AppResult, Conflict, require};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::service::lines::{labour_amount, part_amount};
use domain::service::{ApprovedBy, Command, Payer, System};
use domain::{Code, FieldErrors, Money};
use storage::DbConnection;

/// A job as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct JobInput {
    pub name: String,
    /// engine | gearbox | traction_battery | drive_motor | steering | brakes | body | fuel_system |
    /// suspension | electrical | air_conditioning | maintenance | other
    pub system: String,
    /// The fault found (what the 三包 clocks call the problem).
    pub fault: String,
    /// Standard hours, such as `1.5`.
    pub hours: String,
    /// customer | warranty | insurance | internal
    pub payer: String,
}

/// A part as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PartInput {
    pub part_no: String,
    pub name: String,
    pub system: String,
    #[serde(deserialize_with = "crate::kernel::input::id_text")]
    #[schema(value_type = i32)]
    pub quantity: String,
    /// Unit price in yuan, such as `368.00`.
    pub unit_price: String,
    pub payer: String,
}

/// Which line to take off the estimate (only one not approved yet).
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineRemoval {
    Job(i64),
    Part(i64),
}

fn coded<T: Code>(e: &mut FieldErrors, field: &str, value: &str) -> Option<T> {
    let v = T::from_code(value.trim());
    if v.is_none() {
        e.add(field, "value-unknown");
    }
    v
}

/// The repair order of a line being added: open for lines, and a 三包 line only on a car within
/// its 三包 period.
fn open_for_lines(
    c: &mut DbConnection,
    app: &App,
    actor: &Actor,
    id: i64,
    version: i64,
    payer: Payer,
) -> AppResult<State> {
    let s = State::load(c, actor, id)?;
    if s.order.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    if !s.order.status.lines_open() {
        return Err(super::refused("repair-lines-closed"));
    }
    if payer == Payer::Warranty {
        let today = crate::kernel::calendar::today(app, actor)?;
        let within = match s.order.warranty_from {
            Some(from) => {
                clocks(c, s.order.store_id, &s.order.vin, (from, s.order.km_at_start), today, s.order.mileage_km)?
                    .in_period
            }
            None => false,
        };
        if !within {
            return Err(AppError::field("payer", "repair-outside-warranty"));
        }
    }
    Ok(s)
}

/// Adds a job to repair order `id` at the store's labour rate (`service_write`); it waits for
/// the customer's approval.
pub fn add_job(app: &App, actor: &Actor, id: i64, version: i64, input: &JobInput) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let mut e = FieldErrors::new();
    let name = e.check("name", domain::text::required(&input.name, 100));
    let system: Option<System> = coded(&mut e, "system", &input.system);
    let fault = e.check("fault", domain::text::optional(&input.fault, 500)).flatten().unwrap_or_default();
    let hours = e.check("hours", domain::service::jobs::hours(&input.hours));
    let payer: Option<Payer> = coded(&mut e, "payer", &input.payer);
    e.into_result()?;
    let (name, system, hours, payer) =
        (name.expect("checked"), system.expect("checked"), hours.expect("checked"), payer.expect("checked"));
    app.db.write(|c| {
        let s = open_for_lines(c, app, actor, id, version, payer)?;
        let rate = rate_of(c, s.order.store_id)?;
        let amount = labour_amount(hours, rate);
        let job = storage::service::lines::insert_job(
            c,
            &storage::service::lines::NewJob {
                repair_order_id: id,
                store_id: s.order.store_id,
                name: &name,
                system,
                fault: &fault,
                hours_x100: hours,
                rate_fen: rate.fen(),
                amount_fen: amount.fen(),
                payer,
                created_by: actor.user_id.0,
                now,
            },
        )?;
        let row = storage::service::update(c, &s.order, &Default::default(), now)?;
        let note = format!("{name} · {} h · {amount}", domain::service::jobs::show_hours(hours));
        let changes = Changes::new()
            .created("job_id", job.id)
            .created("name", &name)
            .created("system", system.code())
            .created("hours_x100", hours)
            .created("amount_fen", amount.fen())
            .created("payer", payer.code());
        log(c, now, actor, &row, (Action::RepairOrderLineAdded, "job_added"), &note, changes)?;
        reload(app, c, actor, id)
    })
}

/// Adds a part of the catalogue to repair order `id` (`service_write`): its name and price are
/// the catalogue's unless typed; it waits for the customer's approval, then for the parts store.
pub fn add_part(app: &App, actor: &Actor, id: i64, version: i64, input: &PartInput) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    let mut e = FieldErrors::new();
    let part_no = e.check("part_no", domain::parts::part_number(&input.part_no));
    let name = e.check("name", domain::text::optional(&input.name, 100)).flatten();
    let system: Option<System> =
        if input.system.trim().is_empty() { None } else { coded(&mut e, "system", &input.system) };
    let quantity = input.quantity.trim().parse::<i32>().ok().filter(|q| (1..=999).contains(q));
    if quantity.is_none() {
        e.add("quantity", "repair-quantity-invalid");
    }
    let price = if input.unit_price.trim().is_empty() {
        None
    } else {
        e.check("unit_price", Money::parse_yuan(&input.unit_price))
    };
    if price.is_some_and(|p| p.fen() < 0) {
        e.add("unit_price", "money-range");
    }
    let payer: Option<Payer> = coded(&mut e, "payer", &input.payer);
    e.into_result()?;
    let (part_no, quantity, payer) = (part_no.expect("checked"), quantity.expect("checked"), payer.expect("checked"));
    app.db.write(|c| {
        let Some(known) = storage::parts::by_number(c, actor.group_id.0, &part_no)? else {
            return Err(AppError::field("part_no", "part-not-in-catalogue"));
        };
        let name = name.clone().unwrap_or_else(|| known.name.clone());
        let system = system.unwrap_or(known.system);
        let price = price.unwrap_or(Money::from_fen(known.list_price_fen));
        let s = open_for_lines(c, app, actor, id, version, payer)?;
        let amount = part_amount(quantity, price);
        let part = storage::service::lines::insert_part(
            c,
            &storage::service::lines::NewPart {
                repair_order_id: id,
                part_no: &part_no,
                name: &name,
                system,
                quantity,
                unit_price_fen: price.fen(),
                amount_fen: amount.fen(),
                payer,
                created_by: actor.user_id.0,
                now,
            },
        )?;
        let row = storage::service::update(c, &s.order, &Default::default(), now)?;
        let note = format!("{part_no} {name} × {quantity} · {amount}");
        let changes = Changes::new()
            .created("part_id", part.id)
            .created("part_no", &part_no)
            .created("quantity", quantity)
            .created("amount_fen", amount.fen())
            .created("payer", payer.code());
        log(c, now, actor, &row, (Action::RepairOrderLineAdded, "part_added"), &note, changes)?;
        reload(app, c, actor, id)
    })
}

/// Takes a line the customer has not approved off the estimate (`service_write`).
pub fn remove_line(app: &App, actor: &Actor, id: i64, version: i64, line: LineRemoval) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    app.db.write(|c| {
        let s = open_for_lines(c, app, actor, id, version, Payer::Customer)?;
        let (removed, field, line_id) = match line {
            LineRemoval::Job(j) if s.jobs.iter().any(|x| x.id == j) => {
                (storage::service::lines::delete_unapproved_job(c, j)?, "job_id", j)
            }
            LineRemoval::Part(p) if s.parts.iter().any(|x| x.id == p) => {
                (storage::service::lines::delete_unapproved_part(c, p)?, "part_id", p)
            }
            _ => return Err(AppError::NotFound),
        };
        if !removed {
            return Err(super::refused("repair-line-approved"));
        }
        let row = storage::service::update(c, &s.order, &Default::default(), now)?;
        log(
            c,
            now,
            actor,
            &row,
            (Action::RepairOrderLineRemoved, "line_removed"),
            "",
            Changes::new().field(field, Some(line_id), None),
        )?;
        reload(app, c, actor, id)
    })
}

/// Records the customer's approval of the lines waiting for it, signed on the printed estimate
/// (`service_write`): the jobs may be dispatched.
pub fn approve_estimate(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<RepairOrder> {
    let now = app.now();
    require(actor, Permission::ServiceWrite)?;
    app.db.write(|c| {
        let s = State::load(c, actor, id)?;
        if s.order.version != version {
            return Err(AppError::Conflict(Conflict::Stale));
        }
        let status = s.next(Command::ApproveEstimate)?;
        let total = s.totals().total;
        let change = storage::service::Change {
            status: Some(status),
            approved: Some((ApprovedBy::Paper, total.fen())),
            ..Default::default()
        };
        let row = super::approve_lines(app, c, now, crate::kernel::events::By::Staff(actor), &s, &change)?;
        let changes =
            Changes::new().created("approved_via", ApprovedBy::Paper.code()).created("total_fen", total.fen());
        log(
            c,
            now,
            actor,
            &row,
            (Action::RepairOrderEstimateApproved, "estimate_approved"),
            &total.to_string(),
            changes,
        )?;
        reload(app, c, actor, id)
    })
}
