//! The demo's approval rules and three months of orders, each step through the use cases at its moment.

use super::hours::working_hours;
use app::{App, AppResult};
use chrono::{Duration, NaiveDateTime};
use domain::org::Actor;
use domain::sales::VehicleFact;
use rand::Rng;
use rand::rngs::StdRng;

/// The approval rules a typical 4S store starts with.
pub(super) fn seed_rules(app: &App, admin: &Actor) -> AppResult<()> {
    use app::sales::rules::{RuleInput, create};
    let rule = |name: &str, condition: &str, threshold: &str, levels: &[&str]| RuleInput {
        name: name.into(),
        condition: condition.into(),
        threshold: threshold.into(),
        levels: levels.iter().map(|l| l.to_string()).collect(),
        active: true,
        version: 0,
    };
    create(app, admin, &rule("折扣超过 3%", "discount_percent_over", "3", &["sales_manager"]))?;
    create(app, admin, &rule("折扣超过 8%", "discount_percent_over", "8", &["sales_manager", "general_manager"]))?;
    create(app, admin, &rule("低于最低限价", "below_floor_price", "", &["general_manager"]))?;
    create(app, admin, &rule("赠品价值超过 5,000 元", "gifts_value_over", "5000", &["sales_manager"]))?;
    create(app, admin, &rule("公司购车", "payment_method_is", "company", &["finance"]))?;
    Ok(())
}

/// Where a demo order ends up: every state of the lifecycle, with how many days ago such an
/// order was typically created.
pub(super) const ORDER_PATH: [(&str, std::ops::Range<i64>); 16] = [
    ("draft", 1..4),
    ("rejected", 2..6),
    ("submitted", 1..5),
    ("confirmed", 1..4),
    ("awaiting_gm", 2..5),
    ("approved", 3..10),
    ("contract", 6..15),
    ("paid", 8..20),
    ("factory", 10..25),
    ("allocated", 10..25),
    ("in_transit", 15..30),
    ("arrived", 18..35),
    ("ready", 20..40),
    ("delivered", 30..60),
    ("closed", 45..90),
    ("cancelled", 10..40),
];

/// The moments of one order's history: each step some time after the previous one, never later
/// than the moment the demo is loaded. Moving on sets the demo application's clock.
pub(super) struct History<'a> {
    app: &'a App,
    at: NaiveDateTime,
    end: NaiveDateTime,
}

impl History<'_> {
    fn after(&mut self, rng: &mut StdRng, minutes: std::ops::Range<i64>) {
        self.at = (self.at + Duration::minutes(rng.gen_range(minutes))).min(self.end);
        self.app.clock.move_to(self.at);
    }

    fn days_later(&mut self, rng: &mut StdRng, days: std::ops::Range<i64>) {
        let day = self.at + Duration::days(rng.gen_range(days));
        self.at = working_hours(rng, day).max(self.at + Duration::minutes(1)).min(self.end);
        self.app.clock.move_to(self.at);
    }
}

/// What logistics and delivery record once the order is paid, in order, up to where the order
/// ends up. The vehicle comes from stock or is ordered from the factory.
pub(super) fn progress(path: &str, from_factory: bool) -> Vec<super::delivery::Progress> {
    let from_factory = match path {
        "factory" | "in_transit" => true,
        "allocated" => false,
        _ => from_factory,
    };
    let mut f = super::delivery::Progress::default();
    let mut steps = Vec::new();
    if from_factory {
        f.vehicle = VehicleFact::OrderedFromFactory;
        steps.push(("factory", f));
        f.vehicle = VehicleFact::InTransit;
        steps.push(("in_transit", f));
    } else {
        f.vehicle = VehicleFact::Allocated;
        steps.push(("allocated", f));
    }
    f.vehicle = VehicleFact::Arrived;
    steps.push(("arrived", f));
    f.ready_for_delivery = true;
    steps.push(("ready", f));
    f.delivered = true;
    steps.push(("delivered", f));
    let last = if path == "closed" { "delivered" } else { path };
    let reached = steps.iter().position(|(tag, ..)| *tag == last).map_or(0, |i| i + 1);
    steps.into_iter().take(reached).map(|(_, f)| f).collect()
}

/// Orders of the store's sales advisors in every state, through the same use cases as the UI,
/// each step at its own moment of the past.
pub(super) fn seed_orders(
    app: &App,
    today: NaiveDateTime,
    rng: &mut StdRng,
    staff: &std::collections::HashMap<&str, app::org::users::User>,
) -> AppResult<usize> {
    use app::sales::{
        OrderInput, Reply, approve, by_link, cancel, close, create, customer_confirm, get, link_token, mark_lost,
        reject, submit,
    };
    let actor = |suffix: &str| staff[suffix].actor_in(staff[suffix].store_id);
    let tree = app::catalogue::tree(app, &actor("advisor1"))?;
    let trims: Vec<(i64, i64)> =
        tree.iter().flat_map(|b| b.models.iter()).flat_map(|m| m.trims.iter().map(|t| (t.model_id, t.id))).collect();
    let mut models = std::collections::HashMap::new();
    for (model, _) in &trims {
        if !models.contains_key(model) {
            models.insert(*model, app::catalogue::model(app, &actor("advisor1"), *model)?);
        }
    }
    let end = today - Duration::minutes(5);
    // Who orders what when, first; then the orders in the order they were created, so that each
    // day's numbers follow the clock.
    let mut plans = Vec::new();
    for (n, advisor) in ["advisor1", "advisor2", "advisor3", "advisor4"].iter().enumerate() {
        let a = actor(advisor);
        let mine =
            app::customers::list(app, &a, &Default::default(), storage::PageRequest::new(Some(1), Some(50)))?.items;
        let manager = actor(if n < 2 { "manager1" } else { "manager2" });
        let paths = ORDER_PATH.iter().enumerate().skip(n % 2).step_by(2).map(|(i, (p, d))| (i, *p, d.clone()));
        for (i, path, days) in paths.chain(std::iter::once((99, "lost", 5..60))) {
            // A contract is signed with a code by e-mail: the buyers who get that far left theirs.
            let signs =
                !matches!(path, "draft" | "rejected" | "submitted" | "confirmed" | "awaiting_gm" | "approved" | "lost");
            let pool: Vec<&app::customers::CustomerView> =
                mine.iter().filter(|c| !signs || c.email.is_some()).collect();
            let Some(customer) = pool.get(i % pool.len().max(1)) else { continue };
            let day = today - Duration::days(rng.gen_range(days));
            let created = working_hours(rng, day).max(customer.created_at + Duration::hours(2)).min(end);
            plans.push((created, path, a.clone(), manager.clone(), customer.id));
        }
    }
    plans.sort_by_key(|p| p.0);
    let mut made = 0;
    for (created, path, a, manager, customer_id) in plans {
        let mut history = History { app, at: created, end };
        app.clock.move_to(created);
        let (model, trim) = trims[rng.gen_range(0..trims.len())];
        // The buyer's choice of colours, often a factory option, sometimes an accessory.
        let detail = &models[&model];
        let mut pick_colour = |kind: &str| {
            let of_kind: Vec<i64> =
                detail.colours.iter().filter(|c| c.active && c.kind == kind).map(|c| c.id).collect();
            if of_kind.is_empty() { String::new() } else { of_kind[rng.gen_range(0..of_kind.len())].to_string() }
        };
        let (exterior, interior) = (pick_colour("exterior"), pick_colour("interior"));
        let car = exterior.parse().ok().map(|exterior| super::inventory::Car {
            trim,
            exterior,
            interior: interior.parse().ok(),
        });
        let mut option_ids = Vec::new();
        for (kind, chance) in [("option", 0.5), ("accessory", 0.4)] {
            let fitting: Vec<i64> = detail
                .options
                .iter()
                .filter(|o| o.option.active && o.option.kind == kind)
                .filter(|o| o.trim_ids.contains(&trim))
                .map(|o| o.option.id)
                .collect();
            if !fitting.is_empty() && rng.gen_bool(chance) {
                option_ids.push(fitting[rng.gen_range(0..fitting.len())].to_string());
            }
        }
        let discount = match path {
            // Waiting for the sales manager; for the general manager (over 8 %); turned down.
            "confirmed" => "4",
            "awaiting_gm" | "rejected" => "9",
            _ => ["0", "2", "2.5", "4", "6", "9"][rng.gen_range(0..6)],
        };
        let payment = match path {
            // What the buyer checks on their phone includes the loan's terms.
            "submitted" => "loan",
            _ => ["full", "full", "full", "loan", "loan", "company"][rng.gen_range(0..6)],
        };
        let with_gift = rng.gen_bool(0.5);
        let input = OrderInput {
            customer_id: customer_id.to_string(),
            trim_id: trim.to_string(),
            exterior_colour_id: exterior,
            interior_colour_id: interior,
            option_ids,
            registration_fee: "1500".into(),
            insurance_fee: if rng.gen_bool(0.6) { "5860".into() } else { String::new() },
            discount_kind: "percent".into(),
            discount_value: discount.into(),
            gift_name: if with_gift { vec!["全车贴膜".into()] } else { vec![] },
            gift_value: if with_gift { vec!["3800".into()] } else { vec![] },
            payment_method: payment.into(),
            lender: if payment == "loan" { "汽车金融公司".into() } else { String::new() },
            down_payment: if payment == "loan" { "60000".into() } else { String::new() },
            loan_months: if payment == "loan" { "36".into() } else { String::new() },
            channel: ["walk_in", "walk_in", "phone", "website", "referral", "social_media", "car_platform", "event"]
                [rng.gen_range(0..8)]
            .into(),
            expected_delivery: (created.date() + Duration::days(rng.gen_range(14..45))).to_string(),
            ..Default::default()
        };
        // Every order starts as an inquiry, followed up until the buyer decides.
        let lead = super::crm::lead_for_order(app, &a, customer_id, &input.channel, model, created)?;
        let input = OrderInput { lead_id: lead.to_string(), ..input };
        let order = create(app, &a, &input, None, Reply::BRIEF)?;
        made += 1;
        if path == "draft" {
            continue;
        }
        if path == "lost" {
            history.days_later(rng, 1..5);
            mark_lost(app, &a, order.id, order.version, "客户选择了竞品", Reply::BRIEF)?;
            continue;
        }
        history.after(rng, 5..40);
        let order = submit(app, &a, order.id, order.version, Reply::BRIEF)?;
        if path == "submitted" {
            continue;
        }
        history.after(rng, 30..600);
        let token = link_token(app, domain::ids::OrderId(order.id), domain::ids::CustomerId(customer_id));
        customer_confirm(app, &token, order.version)?;
        if path == "confirmed" {
            continue;
        }
        // Decide every level the rules asked for, each by the right role.
        loop {
            let page = get(app, &manager, order.id)?;
            let o = page.order;
            if o.stage != domain::sales::StageName::AwaitingApproval {
                break;
            }
            let Some(level) = page.approvals.iter().find(|r| r.level == o.approval_level && r.decision.is_none())
            else {
                break;
            };
            let approver = match level.role {
                domain::rbac::Role::SalesManager => manager.clone(),
                domain::rbac::Role::GeneralManager if path == "awaiting_gm" => break,
                domain::rbac::Role::GeneralManager => actor("gm"),
                _ => actor("finance"),
            };
            history.after(rng, 20..240);
            if path == "rejected" {
                reject(app, &approver, o.id, o.version, "优惠超出本月政策，请与客户重新协商", Reply::BRIEF)?;
                break;
            }
            approve(app, &approver, o.id, o.version, "同意", Reply::BRIEF)?;
        }
        if path == "rejected" || path == "awaiting_gm" {
            continue;
        }
        if path == "approved" {
            continue;
        }
        // The contract, signed on the customer's phone, and the deposit with it.
        history.days_later(rng, 1..4);
        let email = app::customers::get(app, &a, customer_id)?.email;
        super::finance::sign_contract(app, &a, order.id, &token, email.as_deref())?;
        history.after(rng, 10..120);
        let finance = actor("finance");
        let logistics = actor("inventory");
        super::finance::deposit(app, &a, &finance, order.id, rng, path != "contract")?;
        if path == "contract" {
            continue;
        }
        if path == "cancelled" {
            // Half of the cancellations end a paid deal: who ended it decides the 定金.
            history.days_later(rng, 1..7);
            let o = by_link(app, &token)?.order;
            let (breach, why) = [
                ("customer", "客户资金周转原因放弃购车"),
                ("dealer", "厂家停产该配置，门店无法交车"),
                ("agreement", "双方协商一致解除合同"),
            ][rng.gen_range(0..3)];
            cancel(
                app,
                &a,
                o.id,
                o.version,
                why,
                Some(domain::Code::from_code(breach).unwrap_or(domain::finance::Breach::Agreement)),
                Reply::BRIEF,
            )?;
            if rng.gen_bool(0.6) {
                history.days_later(rng, 1..3);
                super::finance::settle_refunds(app, &finance, order.id, rng)?;
            }
            continue;
        }
        history.days_later(rng, 2..8);
        super::finance::pay_rest(app, &finance, order.id, rng)?;
        for facts in progress(path, rng.gen_bool(0.5)) {
            history.days_later(rng, 1..6);
            // Logistics moves the vehicle; delivery inspects it and hands it over.
            let moved = match &car {
                Some(car) => super::inventory::follow(app, &logistics, order.id, car, facts, rng)?,
                None => false,
            };
            if !moved {
                let now = app::sales::get(app, &manager, order.id)?;
                if facts.delivered && !now.order.delivered {
                    super::delivery::hand_over(app, &a, order.id, &now.customer_name, rng)?;
                    super::delivery::after_handover(app, &a, order.id)?;
                } else if facts.ready_for_delivery && !now.order.ready_for_delivery {
                    // One car in five needs something fixed and a second inspection.
                    if !super::delivery::inspect(app, &logistics, order.id, rng.gen_bool(0.2), rng)? {
                        history.after(rng, 120..900);
                        super::delivery::inspect(app, &logistics, order.id, false, rng)?;
                    }
                }
            }
            if facts.vehicle == VehicleFact::Arrived && !facts.ready_for_delivery && path != "arrived" {
                history.after(rng, 60..600);
                super::finance::invoice(app, &finance, order.id, rng)?;
            }
        }
        if path == "closed" {
            history.days_later(rng, 7..20);
            let o = by_link(app, &token)?.order;
            close(app, &a, o.id, o.version, Reply::BRIEF)?;
        }
    }
    Ok(made)
}

/// A change order under way: an advisor's signed deal whose buyer asked for a later delivery and
/// a bigger discount, waiting for the sales manager (the approvers' inbox shows it).
pub(super) fn seed_change(app: &App, staff: &std::collections::HashMap<&str, app::org::users::User>) -> AppResult<()> {
    let advisor = staff["advisor1"].actor_in(staff["advisor1"].store_id);
    let filter = app::sales::OrderFilter {
        statuses: vec![domain::sales::Status::ContractSigned],
        owner_id: Some(advisor.user_id.0),
        ..Default::default()
    };
    let (page, _) = app::sales::list(app, &advisor, &filter, storage::PageRequest::new(Some(1), Some(1)))?;
    let Some(row) = page.items.first() else { return Ok(()) };
    let view = app::sales::get(app, &advisor, row.id)?;
    let mut input = app::sales::input_of(&view);
    input.expected_delivery =
        view.order.expected_delivery.map(|d| (d + Duration::days(14)).to_string()).unwrap_or_default();
    input.discount_kind = "amount".into();
    input.discount_value = domain::Money::from_fen(view.quote.discount.fen() + 300_000).to_plain();
    app::sales::change::propose(
        app,
        &advisor,
        row.id,
        &input,
        "客户因购房推迟提车两周，并要求按本月活动再优惠 3,000 元",
    )?;
    Ok(())
}
