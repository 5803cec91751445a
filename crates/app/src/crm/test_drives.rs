//! Test drives: booking a demo car for a slot (a valid driving licence, no car or customer
//! booked twice), checking it out and back in with the odometer, and the customer's verdict,
//! which is logged on the lead as the visit it was. Booking moves the lead to "test drive".

use super::leads::today;
use super::refused;
use super::views::ScopedNames;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, Conflict, require};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use domain::FieldErrors;
use domain::code::Code;
use domain::crm::test_drive::{TestDriveStep, advance, available_steps, driven, licence_valid};
use domain::crm::{self as rules, LeadStage, Slot, Step, TestDriveError, TestDriveStatus, Verdict};
use domain::error::ErrorCode;
use domain::ident::ResidentId;
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::crm::leads as lead_rows;
use storage::crm::test_drives::{self as rows, NewTestDrive, Stepped, TestDriveRow};
use storage::scope::Visibility;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TestDrive {
    pub id: i64,
    pub lead_id: i64,
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub vin: String,
    /// The car as people name it: model, trim, colour and the VIN's last six.
    pub car: String,
    pub owner_id: i64,
    pub owner_name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub starts_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub ends_at: NaiveDateTime,
    /// The licence number's last four characters (it is the holder's ID number).
    pub licence_masked: String,
    pub licence_expires_on: NaiveDate,
    #[schema(value_type = String)]
    pub status: TestDriveStatus,
    pub out_km: Option<i32>,
    pub return_km: Option<i32>,
    /// Kilometres driven, once returned.
    pub driven_km: Option<i32>,
    #[schema(value_type = Option<String>)]
    pub verdict: Option<Verdict>,
    pub impression: String,
    pub cancel_reason: String,
    pub version: i64,
    /// The steps the reader may take now (`out`, `back`, `cancel`): the rules' `available_steps`,
    /// for a reader who may write leads.
    pub actions: Vec<String>,
}

fn view(c: &mut DbConnection, actor: &Actor, r: TestDriveRow) -> AppResult<TestDrive> {
    let vin = storage::inventory::vehicles::get(c, r.vehicle_id)?.vin;
    let car = storage::inventory::vehicles::label(c, actor.group_id, domain::ids::VehicleId(r.vehicle_id))?;
    let names = ScopedNames::load(c, actor, &[])?;
    let actions = if actor.can(Permission::LeadWrite) {
        available_steps(r.status).into_iter().map(|s| s.code().to_string()).collect()
    } else {
        Vec::new()
    };
    Ok(TestDrive {
        actions,
        id: r.id,
        lead_id: r.lead_id,
        customer_id: r.customer_id,
        vehicle_id: r.vehicle_id,
        vin,
        car,
        owner_name: names.user(r.owner_id),
        owner_id: r.owner_id,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        licence_masked: format!("**************{}", r.licence_tail),
        licence_expires_on: r.licence_expires_on,
        status: r.status,
        out_km: r.out_km,
        return_km: r.return_km,
        driven_km: r.out_km.zip(r.return_km).map(|(o, b)| b - o),
        verdict: r.verdict,
        impression: r.impression,
        cancel_reason: r.cancel_reason,
        version: r.version,
    })
}

/// A demo car of the store, for the booking form.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct DemoCar {
    pub vehicle_id: i64,
    pub vin: String,
    pub trim_id: i64,
    /// Model, trim, colour and the VIN's last six.
    pub label: String,
}

/// The store's demo cars (vehicles whose usage is "demo").
pub fn demo_cars(app: &App, actor: &Actor) -> AppResult<Vec<DemoCar>> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        rows::demo_cars(c, actor.store_id.0)?
            .into_iter()
            .map(|(vehicle_id, vin, trim_id)| {
                let label = storage::inventory::vehicles::label(c, actor.group_id, domain::ids::VehicleId(vehicle_id))?;
                Ok(DemoCar { vehicle_id, vin, trim_id, label })
            })
            .collect()
    })
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BookingInput {
    /// A demo car of the store.
    pub vehicle_id: Option<i64>,
    /// The store's local date and time the drive starts.
    pub day: Option<NaiveDate>,
    #[schema(value_type = Option<String>, example = "14:30")]
    pub time: Option<NaiveTime>,
    /// 15 to 240 minutes.
    pub minutes: Option<i64>,
    /// The driving licence number (the holder's 18-character ID number).
    pub licence_no: String,
    pub licence_expires_on: Option<NaiveDate>,
}

use crate::kernel::calendar::zone;

fn to_utc(tz: chrono_tz::Tz, local: NaiveDateTime) -> Option<NaiveDateTime> {
    use chrono::TimeZone;
    tz.from_local_datetime(&local).earliest().map(|t| t.naive_utc())
}

/// Books a demo car for the lead's customer (`lead_write`).
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "book_test_drive", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn book(app: &App, actor: &Actor, lead_id: i64, input: &BookingInput) -> AppResult<TestDrive> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let mut e = FieldErrors::new();
    if input.vehicle_id.is_none() {
        e.add("vehicle_id", "required");
    }
    for (field, missing) in [
        ("day", input.day.is_none()),
        ("time", input.time.is_none()),
        ("minutes", input.minutes.is_none()),
        ("licence_expires_on", input.licence_expires_on.is_none()),
    ] {
        if missing {
            e.add(field, "required");
        }
    }
    let licence =
        e.check("licence_no", ResidentId::parse(&input.licence_no, crate::kernel::calendar::today(app, actor)?));
    app.db.write(|c| {
        let tz = zone(c, actor.store_id.0)?;
        let today = today(c, now, actor.store_id.0)?;
        let mut e = e.clone();
        let slot = match (input.day, input.time, input.minutes) {
            (Some(d), Some(t), Some(m)) => match to_utc(tz, d.and_time(t)).map(|s| Slot::new(s, m, now)) {
                Some(Ok(s)) => Some(s),
                Some(Err(err)) => {
                    e.add(if err == TestDriveError::SlotLength { "minutes" } else { "time" }, err.code());
                    None
                }
                None => {
                    e.add("time", "date-invalid");
                    None
                }
            },
            _ => None,
        };
        if let (Some(exp), Some(d)) = (input.licence_expires_on, input.day.or(Some(today)))
            && let Err(err) = licence_valid(exp, d)
        {
            e.add("licence_expires_on", err.code());
        }
        e.into_result()?;
        let (Some(slot), Some(licence), Some(vehicle_id), Some(expires)) =
            (slot, licence, input.vehicle_id, input.licence_expires_on)
        else {
            return Err(AppError::internal("checked"));
        };
        lead_rows::lock(c, lead_id)?;
        let vis = Visibility::of(c, actor)?;
        let lead = lead_rows::get_visible(c, &vis, lead_id)?;
        if lead.stage.is_closed() {
            return Err(refused(rules::LeadError::Closed.code()));
        }
        if !rows::demo_cars(c, lead.store_id)?.iter().any(|(id, _, _)| *id == vehicle_id) {
            return Err(AppError::field("vehicle_id", "test-drive-not-a-demo-car"));
        }
        rows::lock_slot(c, domain::ids::VehicleId(vehicle_id), domain::ids::CustomerId(lead.customer_id))?;
        // The car's own clash first: it is what the advisor changes.
        let clashes = rows::clashes(
            c,
            domain::ids::VehicleId(vehicle_id),
            domain::ids::CustomerId(lead.customer_id),
            slot.starts,
            slot.ends,
        )?;
        if clashes.iter().any(|d| d.vehicle_id == vehicle_id) {
            return Err(refused(TestDriveError::CarTaken.code()));
        }
        if !clashes.is_empty() {
            return Err(refused(TestDriveError::CustomerTaken.code()));
        }
        let sealed = app.secrets.encrypt(licence.as_str());
        let n = NewTestDrive {
            store_id: lead.store_id,
            lead_id,
            customer_id: lead.customer_id,
            vehicle_id,
            owner_id: lead.owner_id,
            starts_at: slot.starts,
            ends_at: slot.ends,
            licence_enc: &sealed,
            licence_tail: licence.tail(),
            licence_expires_on: expires,
            created_by: actor.user_id.0,
            now,
        };
        let id = rows::insert(c, &n)?;
        // Booking a drive is how far the lead has come (never backwards, never over a request).
        if (lead.stage < LeadStage::TestDrive || lead.stage == LeadStage::Dormant)
            && let Ok(stage) = rules::advance(lead.stage, lead.lost_pending(), Step::Report(LeadStage::TestDrive))
        {
            let mut after = lead_rows::LeadState::of(&lead);
            after.stage = stage.code();
            lead_rows::update_state(c, lead.id, lead.version, &after, now)?;
        }
        let changes = Changes::new()
            .created("test_drive", id)
            .created("vehicle_id", vehicle_id)
            .created("starts_at", slot.starts)
            .created("ends_at", slot.ends)
            .created("licence", format!("****{}", licence.tail()));
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::LeadTestDriveBooked, entity_id: lead_id, store_id: Some(lead.store_id), changes },
        )?;
        let row = rows::get(c, id)?;
        view(c, actor, row)
    })
}

/// A drive of a lead the actor may see, at the version read.
fn editable(c: &mut DbConnection, actor: &Actor, id: i64, version: i64) -> AppResult<TestDriveRow> {
    let r = rows::get(c, id)?;
    lead_rows::lock(c, r.lead_id)?;
    let vis = Visibility::of(c, actor)?;
    lead_rows::get_visible(c, &vis, r.lead_id)?;
    let r = rows::get(c, id)?;
    if r.version != version {
        return Err(AppError::Conflict(Conflict::Stale));
    }
    Ok(r)
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DriveStep {
    pub version: i64,
    /// The odometer (check-out and return).
    pub km: Option<i32>,
    /// liked | neutral | disliked (return)
    pub verdict: String,
    /// What the customer said (return).
    pub impression: String,
    /// Why (cancel).
    pub reason: String,
}

fn saved(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    r: &TestDriveRow,
    s: &Stepped,
) -> AppResult<TestDrive> {
    rows::update(c, r, s, now)?;
    let changes = Changes::new()
        .created("test_drive", r.id)
        .field("status", r.status.code(), s.status)
        .field("out_km", r.out_km, s.out_km)
        .field("return_km", r.return_km, s.return_km)
        .field("verdict", r.verdict.map(Verdict::code), s.verdict)
        .field("impression", &r.impression, &s.impression)
        .field("cancel_reason", &r.cancel_reason, &s.cancel_reason);
    audit::record(
        c,
        now,
        actor,
        Record { action: Action::LeadTestDriveUpdated, entity_id: r.lead_id, store_id: Some(r.store_id), changes },
    )?;
    let row = rows::get(c, r.id)?;
    view(c, actor, row)
}

/// The customer drives off: the odometer is read.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "test_drive_out", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn check_out(app: &App, actor: &Actor, id: i64, input: &DriveStep) -> AppResult<TestDrive> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let km = input.km.filter(|k| (0..=2_000_000).contains(k)).ok_or_else(|| AppError::field("km", "test-drive-km"))?;
    app.db.write(|c| {
        let r = editable(c, actor, id, input.version)?;
        let status = advance(r.status, TestDriveStep::Out).map_err(|e| refused(e.code()))?;
        let mut s = Stepped::of(&r);
        s.status = status.code();
        s.out_at = Some(now);
        s.out_km = Some(km);
        saved(c, now, actor, &r, &s)
    })
}

/// The car is back: the odometer, the customer's verdict and what they said, logged on the lead
/// as a visit.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "test_drive_return", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn give_back(app: &App, actor: &Actor, id: i64, input: &DriveStep) -> AppResult<TestDrive> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let mut e = FieldErrors::new();
    let km = input.km.filter(|k| (0..=2_000_000).contains(k));
    if km.is_none() {
        e.add("km", "test-drive-km");
    }
    let verdict = Verdict::from_code(input.verdict.trim());
    if verdict.is_none() {
        e.add("verdict", "test-drive-verdict-unknown");
    }
    let impression =
        e.check("impression", domain::text::optional(&input.impression, 1000)).flatten().unwrap_or_default();
    e.into_result()?;
    let (km, verdict) = km.zip(verdict).ok_or_else(|| AppError::internal("checked"))?;
    app.db.write(|c| {
        let r = editable(c, actor, id, input.version)?;
        let status = advance(r.status, TestDriveStep::Back).map_err(|e| refused(e.code()))?;
        let distance = driven(r.out_km.unwrap_or(0), km).map_err(|err| AppError::field("km", err.code()))?;
        let mut s = Stepped::of(&r);
        s.status = status.code();
        s.returned_at = Some(now);
        s.return_km = Some(km);
        s.verdict = Some(verdict.code());
        s.impression = impression.clone();
        let drive = saved(c, now, actor, &r, &s)?;
        // The drive is the visit it was, on the lead's follow-ups (the planned one is done).
        let lead = lead_rows::get(c, r.lead_id)?;
        if !lead.stage.is_closed() {
            let today = today(c, now, lead.store_id)?;
            let open = storage::crm::follow_ups::open_of(c, lead.id)?;
            // The verdict is the drive's (shown with it, in the reader's language); the note keeps
            // the distance and what the customer said.
            let note = format!("{distance} km · {impression}");
            let contact = storage::crm::follow_ups::Contact {
                kind: rules::ContactKind::Visit,
                outcome: rules::Outcome::Visited,
                note: note.trim_end_matches(" · "),
                next_step: "",
                by: actor.user_id.0,
                at: now,
            };
            storage::crm::follow_ups::log(c, &lead, open.map(|f| f.id), today, &contact)?;
            let due = rules::next_due(today, super::settings::cadence_days(c, lead.store_id, lead.tier)?);
            storage::crm::follow_ups::plan(c, &lead, due, actor.user_id.0, now)?;
            let mut after = lead_rows::LeadState::of(&lead);
            after.next_follow_up_on = Some(due);
            after.last_contact_at = Some(now);
            lead_rows::update_state(c, lead.id, lead.version, &after, now)?;
        }
        Ok(drive)
    })
}

/// Cancels a booking not started, with a reason.
#[tracing::instrument(name = "crm", skip_all, fields(use_case = "test_drive_cancel", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn cancel(app: &App, actor: &Actor, id: i64, input: &DriveStep) -> AppResult<TestDrive> {
    let now = app.now();
    require(actor, Permission::LeadWrite)?;
    let reason = domain::text::required(&input.reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let r = editable(c, actor, id, input.version)?;
        let status = advance(r.status, TestDriveStep::Cancel).map_err(|e| refused(e.code()))?;
        let mut s = Stepped::of(&r);
        s.status = status.code();
        s.cancel_reason = reason.clone();
        saved(c, now, actor, &r, &s)
    })
}

/// The lead a drive belongs to, if the actor may see it.
pub fn lead_of(app: &App, actor: &Actor, id: i64) -> AppResult<i64> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let r = rows::get(c, id)?;
        let vis = Visibility::of(c, actor)?;
        Ok(lead_rows::get_visible(c, &vis, r.lead_id)?.id)
    })
}

/// A lead's drives, the latest first.
pub fn of_lead(app: &App, actor: &Actor, lead_id: i64) -> AppResult<Vec<TestDrive>> {
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let vis = Visibility::of(c, actor)?;
        let lead = lead_rows::get_visible(c, &vis, lead_id)?;
        rows::of_lead(c, lead.id)?.into_iter().map(|r| view(c, actor, r)).collect()
    })
}

/// The store's drives of a day (its local calendar), by time: the demo cars' schedule.
pub fn of_day(app: &App, actor: &Actor, day: Option<NaiveDate>) -> AppResult<(NaiveDate, Vec<TestDrive>)> {
    let now = app.now();
    require(actor, Permission::LeadRead)?;
    app.db.read(|c| {
        let tz = zone(c, actor.store_id.0)?;
        let day = match day {
            Some(d) => d,
            None => today(c, now, actor.store_id.0)?,
        };
        let from = to_utc(tz, day.and_time(NaiveTime::MIN)).unwrap_or_else(|| day.and_time(NaiveTime::MIN));
        let until = from + chrono::Duration::days(1);
        let drives = rows::of_store(c, actor.store_id.0, from, until)?;
        Ok((day, drives.into_iter().map(|r| view(c, actor, r)).collect::<AppResult<_>>()?))
    })
}
