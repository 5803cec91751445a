//! The demo dataset: a dealer group with two stores, staff in every role, a catalogue of three
//! brands, and a few hundred customers. Generated with a fixed seed, so every run is the same.
//! Everything goes through the same use cases as the UI (validation and audit included), on an
//! application whose clock is set to the moments of the group's past: the stores were opened a
//! year and more ago, customers came in over the last year, and each order was created, submitted,
//! confirmed, approved and progressed on the days and working hours a real one would have been.

use app::org::StoreInput;
use app::org::users::UserInput;
use app::{App, AppResult, Clock};
use chrono::Duration;
use domain::org::Actor;
use domain::rbac::Role;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use storage::users::UserRow;

mod appointments;
mod campaigns;
mod care;
mod catalogue;
mod crm;
mod customers;
mod delivery;
mod finance;
mod hours;
mod inventory;
mod loaners;
mod org;
mod parts;
mod sales;
mod service;

use catalogue::{CATALOGUE, seed_catalogue};
use customers::{GIVEN, SURNAMES, seed_customers};
use org::{STAFF, STORES, StoreSpec, TEAMS};
use sales::{seed_orders, seed_rules};

/// The password of every demo account (README lists the accounts).
pub const DEMO_PASSWORD: &str = "autodms-demo";

fn admin_actor(user: &UserRow) -> AppResult<Actor> {
    app::org::auth::actor_of(user, user.store_id)
}

/// The store's administrator fills in the company's details on the contract template: the
/// letterhead of its contracts and the seller of its invoices.
fn seed_contract_template(app: &App, spec: &StoreSpec, admin: &app::org::users::User) -> AppResult<()> {
    let actor = admin.actor_in(admin.store_id);
    let mut t = app::finance::template::get(app, &actor)?;
    t.seller_name = spec.company.into();
    t.uscc = domain::ident::CreditCode::complete(spec.uscc17).map(|c| c.as_str().to_string()).unwrap_or_default();
    t.bank = spec.bank.into();
    t.account = spec.account.into();
    app::finance::template::save(app, &actor, &t)?;
    Ok(())
}

/// The catalogue's models on sale (what inquiries are about).
fn crm_models(app: &App, advisor: &app::org::users::User) -> AppResult<Vec<i64>> {
    let tree = app::catalogue::tree(app, &advisor.actor_in(advisor.store_id))?;
    Ok(tree.iter().flat_map(|b| b.models.iter()).filter(|m| m.model.active).map(|m| m.model.id).collect())
}

/// Loads the demo dataset into an empty database; returns a summary line.
pub fn seed(app: &App) -> AppResult<String> {
    let today = app.now();
    let app = &app.with_clock(Clock::set_to(today - Duration::days(400)));
    let first = &STORES[0];
    let store_a = app::org::setup::ensure_store(app, "华东汽车集团", first.code, first.name)?;
    let admin = app::org::setup::create_user(app, &store_a, "admin", "系统管理员", Role::Administrator, DEMO_PASSWORD)?;
    let admin = admin_actor(&admin)?;

    // Stores: fill in the first one, create the second.
    let mut stores: Vec<app::org::Store> = Vec::new();
    for spec in &STORES {
        let input = StoreInput {
            code: spec.code.into(),
            name: spec.name.into(),
            brand_line: spec.brand_line.into(),
            address: spec.address.into(),
            phone: spec.phone.into(),
            active: true,
            // The Hangzhou store registers the odd parallel import; Shanghai checks every VIN.
            accept_unchecked_vins: spec.code == "HZ01",
            version: store_a.version,
        };
        stores.push(if spec.code == store_a.code {
            app::org::update_store(app, &admin, store_a.id, store_a.version, &input)?
        } else {
            app::org::create_store(app, &admin, &input)?
        });
    }

    let mut rng = StdRng::seed_from_u64(20261123);
    let mut names_used = std::collections::HashSet::new();
    let mut person = |rng: &mut StdRng| loop {
        let n =
            format!("{}{}", SURNAMES.choose(rng).copied().unwrap_or("王"), GIVEN.choose(rng).copied().unwrap_or("伟"));
        if names_used.insert(n.clone()) || names_used.len() > 1000 {
            return n;
        }
    };

    // Group-level staff.
    let exec_input = UserInput {
        username: "exec".into(),
        display_name: person(&mut rng),
        store_id: stores[0].id.to_string(),
        role: Role::GroupExecutive.code().into(),
        password: DEMO_PASSWORD.into(),
        active: true,
        ..Default::default()
    };
    app::org::users::create(app, &admin, &exec_input)?;

    let trims = seed_catalogue(app, &admin)?;
    seed_rules(app, &admin)?;
    let mut users = 2;
    let mut customers = 0;
    let mut orders = 0;
    let mut vehicles = 0;
    let mut leads = 0;
    let mut repairs = 0;
    // Stock numbers for the yard's VINs, above any order id.
    let mut serial = 900_000;
    // Each store's logistics clerk and general manager, for the transfer between them.
    let mut yard_staff = Vec::new();
    let mut desks = Vec::new();
    parts::seed_catalogue(app, &admin)?;
    for (spec, store) in STORES.iter().zip(&stores) {
        let teams: Vec<i64> = TEAMS
            .iter()
            .map(|t| app::org::create_team(app, &admin, store.id, t).map(|t| t.id))
            .collect::<AppResult<_>>()?;
        let mut advisors = Vec::new();
        let mut staff = std::collections::HashMap::new();
        for (suffix, role, team) in STAFF {
            let input = UserInput {
                username: format!("{}.{suffix}", spec.prefix),
                display_name: person(&mut rng),
                store_id: store.id.to_string(),
                team_id: team.map(|t| teams[t].to_string()).unwrap_or_default(),
                mobile: format!("13{}{:08}", rng.gen_range(5..=9), rng.gen_range(0..100_000_000)),
                email: format!("{}.{suffix}@autodms.demo", spec.prefix),
                role: role.code().into(),
                // A store's own administrator manages that store only.
                data_scope: if role == Role::Administrator { "store".into() } else { String::new() },
                password: DEMO_PASSWORD.into(),
                active: true,
                ..Default::default()
            };
            let user = app::org::users::create(app, &admin, &input)?;
            users += 1;
            if matches!(role, Role::SalesAdvisor | Role::SalesManager | Role::ServiceAdvisor) {
                advisors.push(user.clone());
            }
            staff.insert(suffix, user);
        }
        seed_contract_template(app, spec, &staff["admin"])?;
        let locations = inventory::seed_locations(app, &staff["admin"].actor_in(store.id))?;
        let logistics = staff["inventory"].actor_in(store.id);
        vehicles += inventory::seed_stock(app, today, &mut rng, &logistics, &locations, &mut serial)?;
        yard_staff.push((store.id, logistics, staff["gm"].actor_in(store.id)));
        desks.push(staff["service"].actor_in(store.id));
        customers += seed_customers(app, today, &mut rng, spec, &advisors, &mut person)?;
        orders += seed_orders(app, today, &mut rng, &staff)?;
        sales::seed_change(app, &staff)?;
        let models = crm_models(app, &staff["advisor1"])?;
        // Its own random sequence, so that the pipeline leaves the rest of the demo as it was.
        let mut crm_rng = StdRng::seed_from_u64(17_000 + u64::try_from(store.id).unwrap_or(0));
        leads += crm::seed_pipeline(app, today, &mut crm_rng, &staff, &mut person, &models)?;
        let mut workshop_rng = StdRng::seed_from_u64(31_000 + u64::try_from(store.id).unwrap_or(0));
        let plates = if spec.prefix == "sh" { "沪A" } else { "浙A" };
        let before = app.now();
        // The workshop's foreman and second technician join after the first staff, so that the
        // rest of the demo draws the same names and numbers as before they did.
        for (suffix, user) in service::hire(app, &admin, spec.prefix, store.id, teams[2], &mut workshop_rng)? {
            staff.insert(suffix, user);
            users += 1;
        }
        staff.insert("parts", parts::hire(app, &admin, spec.prefix, store.id, teams[2])?);
        users += 1;
        repairs += service::seed_workshop(app, today, &mut workshop_rng, &staff, plates)?;
        care::seed(app, today, &staff)?;
        let (logistics, desk) = (staff["inventory"].actor_in(store.id), staff["service"].actor_in(store.id));
        loaners::seed(app, today, (&logistics, locations.get(1).copied()), &desk)?;
        app.clock.move_to(before);
    }

    if let [(_, from, gm), (to, receiving, _)] = &yard_staff[..] {
        inventory::seed_transfers(app, today, (from, gm), (*to, receiving))?;
    }
    if let Some(desk) = desks.first() {
        campaigns::seed(app, today, &admin, desk)?;
    }
    app.clock.move_to(today - Duration::hours(2));
    for (store_id, logistics, gm) in &yard_staff {
        inventory::seed_thresholds(app, logistics)?;
        inventory::seed_custody(app, logistics)?;
        // Its own random sequence, so that the bookings leave the rest of the demo as it was.
        let mut booking_rng = StdRng::seed_from_u64(30_000 + u64::try_from(*store_id).unwrap_or(0));
        delivery::seed_bookings(app, gm, &mut booking_rng)?;
    }
    // The demo's history was delivered when it happened: a server started with SMTP or SMS
    // configured sends none of its past messages, only those of what is done from now on.
    app.database().write(|c| storage::outbox::mark_history_sent(c, today)).map_err(app::AppError::from)?;
    // What staff were told more than two days ago they have read; the rest waits in the bell.
    let read = today - Duration::days(2);
    app.database().write(|c| storage::notices::read_before(c, read)).map_err(app::AppError::from)?;
    Ok(format!(
        "demo loaded: 2 stores, {users} users (password {DEMO_PASSWORD}), {} brands, {trims} trims, {customers} customers, {orders} orders (each from a lead), {leads} more leads, {vehicles} stock vehicles, {repairs} repair orders",
        CATALOGUE.len()
    ))
}
