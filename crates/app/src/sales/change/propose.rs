//! Proposing a change order: the proposed terms priced, the lines that change, the levels that
//! approve them.

use super::*;
use domain::billing::Document;

/// A change order's terms, priced: what the order takes when the change is in force.
pub(super) struct Proposal {
    pub(super) content: storage::sales::OrderContent,
    pub(super) items: Vec<NewItem>,
}

impl Proposal {
    /// The order as it reads with these terms, and its items: what the supplement shows and the
    /// change's lines compare.
    pub(super) fn as_order(&self, order: &OrderRow) -> (OrderRow, Vec<ItemRow>) {
        let items = self
            .items
            .iter()
            .map(|i| ItemRow {
                id: 0,
                order_id: order.id,
                kind: i.kind.clone(),
                option_id: i.option_id,
                name: i.name.clone(),
                amount_fen: i.amount_fen,
            })
            .collect();
        (order.proposed(&self.content), items)
    }
}

/// The proposed terms, priced on the order's own day (as every change after its creation is), of
/// the same vehicle model and buyer.
pub(super) fn price(
    c: &mut DbConnection,
    actor: &Actor,
    order: &OrderRow,
    input: &crate::sales::OrderInput,
) -> AppResult<Proposal> {
    let day = crate::kernel::calendar::day(c, order.created_at, order.store_id)?;
    let mut priced = input.price(c, actor.group_id.0, day)?;
    if priced.content.trim_id != order.trim_id {
        return Err(AppError::field("trim_id", ChangeError::OtherVehicleOrBuyer.code()));
    }
    if priced.content.customer_id != order.customer_id {
        return Err(AppError::field("customer_id", ChangeError::OtherVehicleOrBuyer.code()));
    }
    priced.content.owner_id = order.owner_id;
    priced.content.channel = order.channel.code();
    Ok(Proposal { content: priced.content, items: priced.items })
}

/// What changes between the order and the proposal, line by line.
fn lines(
    c: &mut DbConnection,
    group_id: i64,
    before: (&OrderRow, &[ItemRow]),
    after: (&OrderRow, &[ItemRow]),
) -> AppResult<Vec<ChangeLine>> {
    let parse = |r: &OrderRow| -> AppResult<(Quote, Terms)> {
        Ok((
            serde_json::from_str(&r.quote).map_err(AppError::internal)?,
            serde_json::from_str(&r.terms).map_err(AppError::internal)?,
        ))
    };
    let ((qb, tb), (qa, ta)) = (parse(before.0)?, parse(after.0)?);
    let mut out = Vec::new();
    let mut line = |field: &str, b: String, a: String| {
        if b != a {
            out.push(ChangeLine { field: field.into(), before: b, after: a });
        }
    };
    let money = |m: Money| m.to_string();
    let (cb, ca) = (
        storage::catalogue::colour_names(c, group_id, (tb.exterior_colour_id, tb.interior_colour_id)),
        storage::catalogue::colour_names(c, group_id, (ta.exterior_colour_id, ta.interior_colour_id)),
    );
    line("exterior", cb.0.unwrap_or_default(), ca.0.unwrap_or_default());
    line("interior", cb.1.unwrap_or_default(), ca.1.unwrap_or_default());
    line("discount", money(qb.discount), money(qa.discount));
    line("gifts", money(qb.gifts_value), money(qa.gifts_value));
    line("trade-in", money(qb.trade_in_credit), money(qa.trade_in_credit));
    line("payment", tb.payment.code().into(), ta.payment.code().into());
    let loan = |t: &Terms| t.loan.clone().map(|l| (l.lender, money(l.down_payment), l.months.to_string()));
    let (lb, la) = (loan(&tb).unwrap_or_default(), loan(&ta).unwrap_or_default());
    line("lender", lb.0, la.0);
    line("down-payment", lb.1, la.1);
    line("loan-months", lb.2, la.2);
    let day = |r: &OrderRow| r.expected_delivery.map(|d| d.to_string()).unwrap_or_default();
    line("expected-delivery", day(before.0), day(after.0));
    // Options, accessories and gifts added or removed; fees by their kind.
    let named = |items: &[ItemRow], kind: &str| -> Vec<String> {
        let mut v: Vec<String> = items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| format!("{} {}", i.name, Money::from_fen(i.amount_fen)))
            .collect();
        v.sort();
        v
    };
    for kind in ["option", "accessory", "gift"] {
        let (b, a) = (named(before.1, kind), named(after.1, kind));
        for gone in b.iter().filter(|x| !a.contains(x)) {
            line(kind, gone.clone(), String::new());
        }
        for new in a.iter().filter(|x| !b.contains(x)) {
            line(kind, String::new(), new.clone());
        }
    }
    let fee = |items: &[ItemRow], name: &str| {
        items.iter().filter(|i| i.kind == "fee" && i.name == name).map(|i| i.amount_fen).sum::<i64>()
    };
    let mut fees: Vec<&str> =
        before.1.iter().chain(after.1.iter()).filter(|i| i.kind == "fee").map(|i| i.name.as_str()).collect();
    fees.sort_unstable();
    fees.dedup();
    for name in fees {
        line(
            &format!("fee-{name}"),
            money(Money::from_fen(fee(before.1, name))),
            money(Money::from_fen(fee(after.1, name))),
        );
    }
    line("total", money(Money::from_fen(before.0.total_fen)), money(Money::from_fen(after.0.total_fen)));
    Ok(out)
}

/// Checks that `order` may have a change order proposed now.
fn check_open(c: &mut DbConnection, order: &OrderRow) -> AppResult<()> {
    if order.stage()?.is_terminal() {
        return Err(crate::sales::transition_error(domain::sales::TransitionError::Finished));
    }
    if order.delivered {
        return Err(refused(ChangeError::Delivered));
    }
    if storage::finance::contracts::in_force(c, order.id)?.is_none() {
        return Err(refused(ChangeError::NotSigned));
    }
    if rows::of_order(c, order.id)?.iter().any(|ch| ch.status.is_open()) {
        return Err(refused(ChangeError::OpenAlready));
    }
    Ok(())
}

/// Proposes new terms for an order whose contract is signed (`order_write`), with a reason. The
/// order and its contract stay as signed; the approvers the rules name are told.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "propose_change", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn propose(
    app: &App,
    actor: &Actor,
    order_id: i64,
    input: &crate::sales::OrderInput,
    reason: &str,
) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let order = load(c, actor, order_id)?;
        check_open(c, &order)?;
        let (proposed, items) = price(c, actor, &order, input)?.as_order(&order);
        let before_items = storage::sales::items(c, order_id)?;
        let terms = |r: &OrderRow| serde_json::from_str::<Terms>(&r.terms).map_err(AppError::internal);
        let (tb, ta) = (terms(&order)?, terms(&proposed)?);
        let colour_changed =
            tb.exterior_colour_id != ta.exterior_colour_id || tb.interior_colour_id != ta.interior_colour_id;
        if colour_changed && order.vehicle_fact != VehicleFact::None {
            return Err(AppError::field("exterior_colour_id", ChangeError::ColourAfterVehicle.code()));
        }
        let lines = lines(c, actor.group_id.0, (&order, &before_items), (&proposed, &items))?;
        if lines.is_empty() {
            return Err(AppError::field("order", ChangeError::NothingChanged.code()));
        }
        let earnest = Money::from_fen(storage::finance::payments::earnest_held(c, Document::sales_order(order_id))?);
        if !rule::earnest_fits(earnest, Money::from_fen(proposed.total_fen)) {
            return Err(AppError::field("order", ChangeError::EarnestOverCap.code()));
        }
        let levels = rule::levels(crate::sales::round::levels_for(c, actor.group_id.0, &proposed)?);
        let seq = rows::count_of_order(c, order_id)? + 1;
        let change_no = format!("{}-BG{seq:02}", order.order_no);
        let mut form = input.clone();
        form.idempotency_key = String::new();
        let id = rows::insert(
            c,
            &NewChangeOrder {
                order_id,
                store_id: order.store_id,
                change_no: &change_no,
                input: &json(&form)?,
                total_before_fen: order.total_fen,
                total_after_fen: proposed.total_fen,
                summary: &json(&lines)?,
                reason: &reason,
                levels: &json(&levels)?,
                requested_by: actor.user_id.0,
                now,
            },
        )
        .map_err(|e| match e {
            storage::StorageError::Duplicate(_) => refused(ChangeError::OpenAlready),
            other => other.into(),
        })?;
        // Whoever reshapes the order has asked for it: they approve neither it nor its changes.
        storage::sales::add_requester(c, domain::ids::OrderId(order_id), actor.user_id)?;
        timeline(c, now, actor, &order, "change_order_requested", Some(&change_no))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderRequested,
            &order,
            Changes::new().created("change_no", &change_no).created("reason", &reason).field(
                "total_fen",
                order.total_fen,
                proposed.total_fen,
            ),
        )?;
        notify_level(app, c, &order, &change_no, &levels[0])?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// Tells the approvers of `level` that a change order waits for them.
pub(super) fn notify_level(
    app: &App,
    c: &mut DbConnection,
    order: &OrderRow,
    change_no: &str,
    level: &Level,
) -> AppResult<()> {
    let customer = storage::sales::header_by_key(c, order.id)?.customer_name;
    let mut reasons = vec![format!("变更单 {change_no}")];
    reasons.extend(level.reasons.iter().cloned());
    let level = Level { role: level.role, reasons };
    crate::sales::round::notify_approvers(app, c, order, &level, &customer)
}
