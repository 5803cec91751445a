//! Change orders (变更单, DOMAIN.md §2): the only way the terms of a signed contract change. The
//! advisor proposes terms with a reason; the levels the rules require approve them (nobody who
//! asked for the order or the change); the supplement, a new contract version rendered from the
//! proposed terms, is signed by the buyer on their page and countersigned by the store; only then
//! does the order take the terms, in the countersignature's transaction: the invoice of the old
//! terms is reversed (红冲) for finance to issue again, money paid above the new price is
//! requested back, and finance is told. The signed contract stays in force until then, and the
//! order keeps its place in the flow.

use super::{audit_of, load, timeline};
use crate::kernel::audit::{Action, Changes};
use crate::kernel::events::{self, By, Event, raise};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use domain::Money;
use domain::error::ErrorCode;
use domain::finance::ContractStatus;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use domain::sales::approval::Level;
use domain::sales::change::{self as rule, Approved};
use domain::sales::{ChangeError, ChangeStatus, Quote, Terms, VehicleFact};
use serde::{Deserialize, Serialize};
use storage::DbConnection;
use storage::sales::changes::{self as rows, ChangeOrderRow, ChangeUpdate, NewChangeOrder};
use storage::sales::{ItemRow, NewItem, OrderRow};

/// One line of what a change order changes, as the approver and the buyer read it. `field` names
/// it (`total`, `discount`, `payment`, `option`, `fee-registration`…); values are as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangeLine {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A decision of an approval level.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangeDecision {
    pub level: i32,
    #[schema(value_type = String)]
    pub role: Role,
    pub by: i64,
    pub name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339", deserialize_with = "instant")]
    pub at: NaiveDateTime,
    /// approved | rejected
    pub decision: String,
    pub note: Option<String>,
}

/// An instant as stored in a decision: RFC 3339 (UTC).
fn instant<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(d)?;
    chrono::DateTime::parse_from_rfc3339(&text)
        .map(|t| t.naive_utc())
        .or_else(|_| text.parse::<NaiveDateTime>())
        .map_err(serde::de::Error::custom)
}

/// A change order as its page and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChangeOrder {
    pub id: i64,
    pub order_id: i64,
    pub change_no: String,
    /// awaiting_approval | awaiting_signature | in_force | rejected | withdrawn
    #[schema(value_type = String)]
    pub status: ChangeStatus,
    pub total_before_fen: i64,
    pub total_after_fen: i64,
    /// After less before: negative when the price falls.
    pub difference_fen: i64,
    pub lines: Vec<ChangeLine>,
    pub reason: String,
    /// The roles that approve, in order (1-based `level` waits).
    #[schema(value_type = Vec<String>)]
    pub levels: Vec<Role>,
    pub level: i32,
    pub decisions: Vec<ChangeDecision>,
    /// The supplement (contract version) the buyer signs, once approved.
    pub contract_id: Option<i64>,
    pub requested_by: i64,
    pub requested_by_name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    pub requested_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    pub closed_at: Option<NaiveDateTime>,
    pub closed_note: Option<String>,
    pub version: i64,
    /// What the reader may do now: approve, reject, withdraw.
    pub actions: Vec<String>,
}

fn refused(e: ChangeError) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code: e.code() })
}

fn json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(AppError::internal)
}

fn levels_of(row: &ChangeOrderRow) -> AppResult<Vec<Level>> {
    serde_json::from_str(&row.levels).map_err(AppError::internal)
}

fn decisions_of(row: &ChangeOrderRow) -> AppResult<Vec<ChangeDecision>> {
    serde_json::from_str(&row.decisions).map_err(AppError::internal)
}

/// Whether `actor` asked for the order or for this change: they do not decide it.
fn own(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: &ChangeOrderRow) -> AppResult<bool> {
    Ok(ch.requested_by == actor.user_id.0 || storage::sales::requesters_of(c, order)?.includes(actor.user_id))
}

fn view(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: ChangeOrderRow) -> AppResult<ChangeOrder> {
    let levels = levels_of(&ch)?;
    let mut actions = Vec::new();
    if ch.status == ChangeStatus::AwaitingApproval && actor.can(Permission::OrderApprove) && !own(c, actor, order, &ch)?
    {
        let waiting = usize::try_from(ch.level - 1).ok().and_then(|i| levels.get(i));
        if waiting.is_some_and(|l| l.role == actor.role) {
            actions.extend(["approve", "reject"]);
        }
    }
    if ch.status.is_open() && actor.can(Permission::OrderWrite) {
        actions.push("withdraw");
    }
    let requested_by_name = storage::users::get(c, ch.requested_by).map(|u| u.display_name).unwrap_or_default();
    Ok(ChangeOrder {
        id: ch.id,
        order_id: ch.order_id,
        change_no: ch.change_no.clone(),
        status: ch.status,
        total_before_fen: ch.total_before_fen,
        total_after_fen: ch.total_after_fen,
        difference_fen: ch.total_after_fen - ch.total_before_fen,
        lines: serde_json::from_str(&ch.summary).map_err(AppError::internal)?,
        reason: ch.reason.clone(),
        levels: levels.iter().map(|l| l.role).collect(),
        level: ch.level,
        decisions: decisions_of(&ch)?,
        contract_id: ch.contract_id,
        requested_by: ch.requested_by,
        requested_by_name,
        requested_at: ch.requested_at,
        closed_at: ch.closed_at,
        closed_note: ch.closed_note,
        version: ch.version,
        actions: actions.into_iter().map(str::to_string).collect(),
    })
}

/// Orders of the actor's store with a change order waiting for the actor's decision (their role
/// at the level waiting, and not their own request): the approvers' inbox.
pub(crate) fn waiting_for(c: &mut DbConnection, actor: &Actor) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for ch in rows::awaiting_approval(c, actor.store_id.0)? {
        let levels = levels_of(&ch)?;
        let waiting = usize::try_from(ch.level - 1).ok().and_then(|i| levels.get(i));
        if waiting.is_some_and(|l| l.role == actor.role) {
            let order = storage::sales::get(c, ch.order_id)?;
            if !own(c, actor, &order, &ch)? {
                ids.push(ch.order_id);
            }
        }
    }
    Ok(ids)
}

/// What the buyer's page shows of a change order whose supplement waits for them.
#[derive(Debug, Clone, Serialize)]
pub struct PendingChange {
    pub change_no: String,
    pub lines: Vec<ChangeLine>,
    pub total_before_fen: i64,
    pub total_after_fen: i64,
}

/// The change order under way whose supplement is contract version `contract_id`, if any.
pub(crate) fn pending_of_contract(c: &mut DbConnection, contract_id: i64) -> AppResult<Option<PendingChange>> {
    let Some(ch) = rows::of_contract(c, contract_id)?.filter(|ch| ch.status.is_open()) else { return Ok(None) };
    Ok(Some(PendingChange {
        lines: serde_json::from_str(&ch.summary).map_err(AppError::internal)?,
        change_no: ch.change_no,
        total_before_fen: ch.total_before_fen,
        total_after_fen: ch.total_after_fen,
    }))
}

/// The order's change orders, newest first.
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Vec<ChangeOrder>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let order = load(c, actor, order_id)?;
        rows::of_order(c, order_id)?.into_iter().map(|ch| view(c, actor, &order, ch)).collect()
    })
}

/// One change order, within the reader's data scope.
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<ChangeOrder> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let ch = rows::get(c, id)?;
        let order = load(c, actor, ch.order_id)?;
        view(c, actor, &order, ch)
    })
}

/// A change order's terms, priced: what the order takes when the change is in force.
struct Proposal {
    content: storage::sales::OrderContent,
    items: Vec<NewItem>,
}

impl Proposal {
    /// The order as it reads with these terms, and its items: what the supplement shows and the
    /// change's lines compare.
    fn as_order(&self, order: &OrderRow) -> (OrderRow, Vec<ItemRow>) {
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
fn price(c: &mut DbConnection, actor: &Actor, order: &OrderRow, input: &super::OrderInput) -> AppResult<Proposal> {
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
        return Err(super::transition_error(domain::sales::TransitionError::Finished));
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
    input: &super::OrderInput,
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
        let earnest = Money::from_fen(storage::finance::payments::earnest_held(c, order_id)?);
        if !rule::earnest_fits(earnest, Money::from_fen(proposed.total_fen)) {
            return Err(AppError::field("order", ChangeError::EarnestOverCap.code()));
        }
        let levels = rule::levels(super::round::levels_for(c, actor.group_id.0, &proposed)?);
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
        storage::sales::add_requester(c, order_id, actor.user_id.0)?;
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
fn notify_level(app: &App, c: &mut DbConnection, order: &OrderRow, change_no: &str, level: &Level) -> AppResult<()> {
    let customer = storage::sales::header_by_key(c, order.id)?.customer_name;
    let mut reasons = vec![format!("变更单 {change_no}")];
    reasons.extend(level.reasons.iter().cloned());
    let level = Level { role: level.role, reasons };
    super::round::notify_approvers(app, c, order, &level, &customer)
}

/// A change order and its order, within `actor`'s scope, at `version`; locked until the write
/// commits when `lock` (the checks before a write's rendering read without it).
fn locked(
    c: &mut DbConnection,
    actor: &Actor,
    id: i64,
    version: i64,
    lock: bool,
) -> AppResult<(ChangeOrderRow, OrderRow)> {
    let order_id = rows::get(c, id)?.order_id;
    if lock {
        storage::sales::lock(c, order_id)?;
    }
    let order = load(c, actor, order_id)?;
    let ch = rows::get(c, id)?;
    if ch.version != version {
        return Err(AppError::Conflict(crate::Conflict::Stale));
    }
    Ok((ch, order))
}

fn decision(actor: &Actor, level: i32, decision: &str, note: Option<String>, now: NaiveDateTime) -> ChangeDecision {
    ChangeDecision {
        level,
        role: actor.role,
        by: actor.user_id.0,
        name: actor.display_name.clone(),
        at: now,
        decision: decision.into(),
        note,
    }
}

/// Approves the level waiting (`order_approve`, the level's role, nobody who asked for the order
/// or the change). The last level generates the supplement and sends the buyer their link.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "approve_change", store = actor.store_id.0, actor = actor.user_id.0, change = id))]
pub fn approve(app: &App, actor: &Actor, id: i64, version: i64, note: &str) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderApprove)?;
    let note = domain::text::optional(note, 500).map_err(|e| AppError::field("comment", e.code()))?;
    // Read and check first; at the last level finance draws the supplement now, off the writer.
    let (step, ready) = app.db.read(|c| {
        let (ch, order) = locked(c, actor, id, version, false)?;
        let step = decide(c, actor, &order, &ch)?;
        let ready = match step {
            Approved::Done => {
                let (proposed, items) = reprice(c, actor, &order, &ch)?.as_order(&order);
                let approved =
                    Event::ChangeApproved { order: &order, proposed: &proposed, items: &items, change_id: ch.id };
                events::prepare(app, c, now, By::Staff(actor), approved)?
            }
            Approved::Next(_) => events::Ready::default(),
        };
        Ok::<_, AppError>((step, ready))
    })?;
    app.db.write(|c| {
        let (ch, order) = locked(c, actor, id, version, true)?;
        if decide(c, actor, &order, &ch)? != step {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        let mut decisions = decisions_of(&ch)?;
        decisions.push(decision(actor, ch.level, "approved", note.clone(), now));
        let decisions = json(&decisions)?;
        let levels = levels_of(&ch)?;
        match step {
            Approved::Next(level) => {
                let level = i32::from(level);
                rows::update(
                    c,
                    &ch,
                    &ChangeUpdate {
                        status: ChangeStatus::AwaitingApproval,
                        level,
                        decisions: &decisions,
                        contract_id: None,
                        closed: None,
                        now,
                    },
                )?;
                let waiting = usize::try_from(level - 1).ok().and_then(|i| levels.get(i)).cloned();
                if let Some(l) = waiting {
                    notify_level(app, c, &order, &ch.change_no, &l)?;
                }
            }
            Approved::Done => {
                // Finance writes the supplement of the proposed terms, the next contract version.
                let (proposed, items) = reprice(c, actor, &order, &ch)?.as_order(&order);
                let approved =
                    Event::ChangeApproved { order: &order, proposed: &proposed, items: &items, change_id: ch.id };
                events::raise_prepared(app, c, now, By::Staff(actor), approved, &ready)?;
                let supplement = storage::finance::contracts::current(c, order.id)?
                    .filter(|k| k.status != ContractStatus::Signed)
                    .ok_or_else(|| AppError::internal("a last approval without its supplement"))?;
                let contract_id = supplement.id;
                rows::update(
                    c,
                    &ch,
                    &ChangeUpdate {
                        status: ChangeStatus::AwaitingSignature,
                        level: ch.level,
                        decisions: &decisions,
                        contract_id: Some(contract_id),
                        closed: None,
                        now,
                    },
                )?;
            }
        }
        timeline(c, now, actor, &order, "change_order_approved", Some(&ch.change_no))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderApproved,
            &order,
            Changes::new()
                .created("change_no", &ch.change_no)
                .created("level", ch.level)
                .created_if("comment", note.as_deref()),
        )?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// The rules' answer to `actor` deciding the level waiting.
fn decide(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: &ChangeOrderRow) -> AppResult<Approved> {
    let own = own(c, actor, order, ch)?;
    let level = u8::try_from(ch.level).unwrap_or(0);
    rule::approve(ch.status, &levels_of(ch)?, level, actor.role, own).map_err(refused)
}

/// The proposal priced again: the terms the supplement shows and the order takes. A catalogue or
/// tax change since the proposal moves the price: the change is proposed again, never signed at
/// a price the approvers did not see.
fn reprice(c: &mut DbConnection, actor: &Actor, order: &OrderRow, ch: &ChangeOrderRow) -> AppResult<Proposal> {
    let input: super::OrderInput = serde_json::from_str(&ch.input).map_err(AppError::internal)?;
    let proposal = match price(c, actor, order, &input) {
        Ok(p) => p,
        Err(AppError::Validation(_)) => return Err(refused(ChangeError::PriceMoved)),
        Err(e) => return Err(e),
    };
    if proposal.content.total_fen != ch.total_after_fen {
        return Err(refused(ChangeError::PriceMoved));
    }
    Ok(proposal)
}

/// Turns the change down at the level waiting, with a reason (the same people who may approve).
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "reject_change", store = actor.store_id.0, actor = actor.user_id.0, change = id))]
pub fn reject(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderApprove)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let (ch, order) = locked(c, actor, id, version, true)?;
        let own = own(c, actor, &order, &ch)?;
        rule::reject(ch.status, &levels_of(&ch)?, u8::try_from(ch.level).unwrap_or(0), actor.role, own)
            .map_err(refused)?;
        let mut decisions = decisions_of(&ch)?;
        decisions.push(decision(actor, ch.level, "rejected", Some(reason.clone()), now));
        close(c, now, actor, &ch, ChangeStatus::Rejected, &json(&decisions)?, &reason)?;
        timeline(c, now, actor, &order, "change_order_rejected", Some(&format!("{}：{reason}", ch.change_no)))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderRejected,
            &order,
            Changes::new().created("change_no", &ch.change_no).created("reason", &reason),
        )?;
        tell_requester(app, c, &order, &ch, actor, false, &reason)?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// Ends a change order under way: rejected or withdrawn; a supplement not yet countersigned is
/// superseded, and the signed contract stays in force.
fn close(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    ch: &ChangeOrderRow,
    status: ChangeStatus,
    decisions: &str,
    note: &str,
) -> AppResult<()> {
    if let Some(k) = ch.contract_id {
        let k = storage::finance::contracts::get(c, k)?;
        if k.status != domain::finance::ContractStatus::Superseded {
            storage::finance::contracts::supersede(c, &k, now)?;
        }
    }
    rows::update(
        c,
        ch,
        &ChangeUpdate {
            status,
            level: ch.level,
            decisions,
            contract_id: ch.contract_id,
            closed: Some((actor.user_id.0, Some(note))),
            now,
        },
    )?;
    Ok(())
}

fn tell_requester(
    app: &App,
    c: &mut DbConnection,
    order: &OrderRow,
    ch: &ChangeOrderRow,
    actor: &Actor,
    approved: bool,
    comment: &str,
) -> AppResult<()> {
    let asker = storage::users::get(c, ch.requested_by)?;
    if let Some(email) = asker.email.as_deref().filter(|_| asker.active) {
        let notice = Notice::ApprovalOutcome {
            order_no: format!("{}（变更单 {}）", order.order_no, ch.change_no),
            approved,
            by: actor.display_name.clone(),
            comment: comment.to_string(),
            link: super::round::order_link(app, order.id),
        };
        notify::send(app, c, order.store_id, email, &asker.locale, &notice)?;
    }
    Ok(())
}

/// Withdraws a change order under way (`order_write`, with a reason): the buyer would not sign,
/// or it was a mistake. The signed terms stay.
#[tracing::instrument(name = "sales", skip_all, fields(use_case = "withdraw_change", store = actor.store_id.0, actor = actor.user_id.0, change = id))]
pub fn withdraw(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<ChangeOrder> {
    let now = app.now();
    require(actor, Permission::OrderWrite)?;
    let reason = domain::text::required(reason, 500).map_err(|e| AppError::field("reason", e.code()))?;
    app.db.write(|c| {
        let (ch, order) = locked(c, actor, id, version, true)?;
        if !ch.status.is_open() {
            return Err(refused(ChangeError::WrongState));
        }
        close(c, now, actor, &ch, ChangeStatus::Withdrawn, &ch.decisions, &reason)?;
        timeline(c, now, actor, &order, "change_order_withdrawn", Some(&format!("{}：{reason}", ch.change_no)))?;
        audit_of(
            c,
            now,
            actor,
            Action::ChangeOrderWithdrawn,
            &order,
            Changes::new().created("change_no", &ch.change_no).created("reason", &reason),
        )?;
        let ch = rows::get(c, id)?;
        view(c, actor, &order, ch)
    })
}

/// Withdraws the order's change order under way when the order ends (cancelled), inside that
/// transaction: nothing is left to sign.
pub(crate) fn on_order_ended(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    order: &OrderRow,
) -> AppResult<()> {
    for ch in rows::of_order(c, order.id)?.into_iter().filter(|ch| ch.status.is_open()) {
        close(c, now, actor, &ch, ChangeStatus::Withdrawn, &ch.decisions, "订单已取消")?;
        timeline(c, now, actor, order, "change_order_withdrawn", Some(&ch.change_no))?;
    }
    Ok(())
}

/// The store countersigned contract version `contract_id` (inside that transaction, after the
/// signed version it amends was superseded): if it is a change order's supplement, the order takes
/// the new terms now. The invoice of the old terms is reversed for finance to issue again, money
/// above the new price is requested back, and finance is told what changed.
pub(crate) fn on_countersigned(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    contract_id: i64,
) -> AppResult<()> {
    let Some(ch) = rows::of_contract(c, contract_id)? else { return Ok(()) };
    if ch.status != ChangeStatus::AwaitingSignature {
        return Err(refused(ChangeError::WrongState));
    }
    let order = storage::sales::get(c, ch.order_id)?;
    let proposal = reprice(c, actor, &order, &ch)?;
    let after = storage::sales::update_content(c, &order, order.version, &proposal.content, now)?;
    storage::sales::replace_items(c, order.id, &proposal.items)?;
    rows::update(
        c,
        &ch,
        &ChangeUpdate {
            status: ChangeStatus::InForce,
            level: ch.level,
            decisions: &ch.decisions,
            contract_id: ch.contract_id,
            closed: Some((actor.user_id.0, None)),
            now,
        },
    )?;
    let difference = Money::from_fen(after.total_fen - order.total_fen);
    let note = format!("{}：{} → {}", ch.change_no, Money::from_fen(order.total_fen), Money::from_fen(after.total_fen));
    timeline(c, now, actor, &after, "change_order_in_force", Some(&note))?;
    audit_of(
        c,
        now,
        actor,
        Action::ChangeOrderInForce,
        &after,
        Changes::new()
            .created("change_no", &ch.change_no)
            .field("total_fen", order.total_fen, after.total_fen)
            .field("discount_fen", order.discount_fen, after.discount_fen)
            .field("terms", &order.terms, &after.terms),
    )?;
    // Finance reverses the invoice of the old terms and settles the difference.
    let in_force = Event::ChangeInForce { order: &after, change_no: &ch.change_no, difference };
    raise(app, c, now, By::Staff(actor), in_force)
}
