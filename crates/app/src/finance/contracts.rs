//! The order's purchase contract: generated from the store's template once the order is
//! approved, one version per change of terms, countersigned by the store after the customer
//! signed, archived with the SHA-256 of every file, verified on demand.

use super::{Contract, order, order_locked, refused, sync};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::{By, Event, Prepared, Raised, raise};
use crate::kernel::notify::{self, Notice};
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDateTime;
use documents::contract::Contract as Doc;
use domain::error::ErrorCode;
use domain::finance::{ContractStatus, SigningError};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Stage;
use storage::DbConnection;
use storage::finance::contracts::{self as rows, ContractRow, Countersign, NewContract};
use storage::sales::OrderRow;

fn audit_contract(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    action: Action,
    k: &ContractRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(
        c,
        now,
        actor,
        Record {
            action,
            entity_id: k.order_id,
            store_id: Some(k.store_id),
            changes: changes.created("contract_no", &k.contract_no).created("contract_version", k.version),
        },
    )
}

/// Generates the next version of the order's contract (`contract_sign`): the order must be
/// approved (confirmed by the customer). A version the customer has not signed yet is replaced;
/// a signed one stays until the order's terms change. The PDF is rendered before the write, off
/// the writer, and stored only if the order did not change meanwhile.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "generate_contract", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn generate(app: &App, actor: &Actor, order_id: i64, key: Option<&str>) -> AppResult<Contract> {
    let now = app.now();
    require(actor, Permission::ContractSign)?;
    let key = crate::kernel::idempotency::Key::new(key, "contract", &order_id)?;
    let earlier = app.db.read(|c| {
        order(c, actor, order_id)?;
        key.existing(c, actor)
    })?;
    if let Some(id) = earlier {
        return app.db.read(|c| Ok(rows::get(c, id)?.into()));
    }
    let (row, doc) = app.db.read(|c| {
        let row = order(c, actor, order_id)?;
        check_generate(c, &row)?;
        let version = rows::latest_version(c, order_id)? + 1;
        let items = storage::sales::items(c, order_id)?;
        let doc = super::render::contract(app, c, &row, &items, version)?;
        Ok::<_, AppError>((row, doc))
    })?;
    let pdf = documents::pdf::render(&doc, &[]).map_err(AppError::internal)?;
    app.db.write(|c| {
        let now_row = order_locked(c, actor, order_id)?;
        if now_row.version != row.version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        check_generate(c, &now_row)?;
        if let Some(current) = rows::current(c, order_id)? {
            rows::supersede(c, &current, now)?;
        }
        let k = insert_version(c, now, actor, &now_row, &doc, &pdf)?;
        key.remember(c, actor, k.id, now)?;
        super::document(app, c, now, By::Staff(actor), &now_row, "contract_generated", &doc.number)?;
        notify_customer(app, c, &now_row)?;
        Ok(k.into())
    })
}

fn check_generate(c: &mut DbConnection, row: &OrderRow) -> AppResult<()> {
    if row.stage()? != Stage::Approved {
        return Err(refused("contract-order-not-approved"));
    }
    if rows::in_force(c, row.id)?.is_some() {
        return Err(refused("contract-signed-already"));
    }
    Ok(())
}

/// Before the last approval's write of a change order: its supplement for the proposed terms,
/// drawn and rendered on the read connection, off the writer.
pub(crate) fn draw_supplement(r: &Raised<'_>, c: &mut DbConnection, event: &Event<'_>) -> AppResult<Prepared> {
    let Event::ChangeApproved { order, proposed, items, change_id } = *event else {
        return Err(AppError::internal("a supplement drawn for another event"));
    };
    let ch = storage::sales::changes::get(c, change_id)?;
    let doc = supplement(r.app, c, order, &ch, (proposed, items))?;
    let pdf = documents::pdf::render(&doc, &[]).map_err(AppError::internal)?;
    Ok(Prepared::Document { doc, pdf })
}

/// The last approval of a change order (in its transaction): the supplement drawn before the
/// write is stored as the next contract version and the buyer gets their link to sign it.
pub(crate) fn supplement_for(r: &Raised<'_>, c: &mut DbConnection, order: &OrderRow) -> AppResult<()> {
    let Some(Prepared::Document { doc, pdf }) = r.prepared else {
        return Err(AppError::internal("a change order approved without its supplement"));
    };
    store_supplement(r.app, c, r.now, r.by.staff()?, order, doc, pdf)
}

/// The supplement (补充协议) of change order `ch`: the contract rendered from the proposed terms as
/// the next version, opening with the version it amends and the difference.
fn supplement(
    app: &App,
    c: &mut DbConnection,
    order: &OrderRow,
    ch: &storage::sales::changes::ChangeOrderRow,
    proposed: (&OrderRow, &[storage::sales::ItemRow]),
) -> AppResult<Doc> {
    let signed = rows::in_force(c, order.id)?.ok_or(refused("change-order-not-signed"))?;
    let version = rows::latest_version(c, order.id)? + 1;
    let mut doc = super::render::contract(app, c, proposed.0, proposed.1, version)?;
    let signed_on = super::render::date_cn(crate::kernel::calendar::day(
        c,
        signed.countersigned_at.unwrap_or(signed.generated_at),
        order.store_id,
    )?);
    let (before, after) = (domain::Money::from_fen(ch.total_before_fen), domain::Money::from_fen(ch.total_after_fen));
    let difference = ch.total_after_fen - ch.total_before_fen;
    let settle = match difference {
        d if d < 0 => format!(
            "甲方将乙方已付超出变更后合同总价的款项退还乙方（差额人民币 {} 元）。",
            super::render::figures(domain::Money::from_fen(-d))
        ),
        d if d > 0 => format!("乙方于交车前补足差额人民币 {} 元。", super::render::figures(domain::Money::from_fen(d))),
        _ => "合同总价不变。".to_string(),
    };
    doc.title = format!("{}补充协议", doc.title);
    // HT<order>-BC01 for the supplement of change order <order>-BG01.
    let base = signed.contract_no.split("-BC").next().unwrap_or(&signed.contract_no);
    let seq = ch.change_no.rsplit_once("-BG").map_or("01", |(_, n)| n);
    doc.number = format!("{base}-BC{seq}");
    doc.supplement = Some(format!(
        "本协议为甲、乙双方于{signed_on}签署的《{}》（编号 {}，第 {} 版）的补充协议，依据变更单 {} 订立，变更原因：{}。自双方签署本协议之日起，下列车辆、价款、付款及交车约定取代原合同的相应约定，原合同其余条款继续有效。合同总价由人民币 {} 元变更为 {} 元；{}",
        doc.title.trim_end_matches("补充协议"),
        signed.contract_no,
        signed.version,
        ch.change_no,
        ch.reason,
        super::render::figures(before),
        super::render::figures(after),
        settle,
    ));
    Ok(doc)
}

/// Stores a change order's supplement as the next contract version beside the signed one, and
/// sends the buyer their link to sign it.
fn store_supplement(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    order: &OrderRow,
    doc: &Doc,
    pdf: &[u8],
) -> AppResult<()> {
    insert_version(c, now, actor, order, doc, pdf)?;
    super::document(app, c, now, By::Staff(actor), order, "supplement_generated", &doc.number)?;
    notify_customer(app, c, order)
}

/// Stores a new version of `order`'s contract (its data, PDF and the PDF's SHA-256) and audits it.
fn insert_version(
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    order: &OrderRow,
    doc: &Doc,
    pdf: &[u8],
) -> AppResult<ContractRow> {
    let data = serde_json::to_string(doc).map_err(AppError::internal)?;
    let sha = crate::kernel::crypto::sha256_hex(pdf);
    let id = rows::insert(
        c,
        &NewContract {
            order_id: order.id,
            store_id: order.store_id,
            version: doc.version,
            contract_no: &doc.number,
            data: &data,
            pdf,
            pdf_sha256: &sha,
            generated_by: actor.user_id.0,
            now,
        },
    )
    .map_err(|e| match e {
        // Another version was stored meanwhile (the unique version or current index).
        storage::StorageError::Duplicate(_) => AppError::Conflict(crate::Conflict::Stale),
        other => other.into(),
    })?;
    let k = rows::get(c, id)?;
    audit_contract(c, now, actor, Action::ContractGenerated, &k, Changes::new().created("pdf_sha256", &sha))?;
    Ok(k)
}

/// Retires the current version when the order's terms change (inside the change's
/// transaction): "contract signed" no longer holds, and a new version follows approval.
pub(crate) fn supersede(
    app: &App,
    c: &mut DbConnection,
    now: NaiveDateTime,
    actor: &Actor,
    row: &OrderRow,
) -> AppResult<OrderRow> {
    let Some(current) = rows::current(c, row.id)? else { return Ok(row.clone()) };
    rows::supersede(c, &current, now)?;
    sync(app, c, now, actor, row.id, "terms_changed")
}

/// A contract version and its order (locked: read again once the order is).
fn visible(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<(ContractRow, OrderRow)> {
    let order_id = rows::get(c, id)?.order_id;
    let o = order_locked(c, actor, order_id)?;
    Ok((rows::get(c, id)?, o))
}

/// The versions of an order's contract, newest first.
pub fn of_order(app: &App, actor: &Actor, order_id: i64) -> AppResult<Vec<Contract>> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        order(c, actor, order_id)?;
        Ok(rows::of_order(c, order_id)?.into_iter().map(Contract::from).collect())
    })
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Contract> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| visible(c, actor, id).map(|(k, _)| k.into()))
}

/// A version's PDF: the one the customer reads, or the signed copy. The file name is the
/// contract number and version.
pub fn pdf(app: &App, actor: &Actor, id: i64, signed: bool) -> AppResult<(String, Vec<u8>)> {
    let now = app.now();
    // The file carries the buyer's mobile number, address and ID number as signed: only the roles
    // that sell, sign and invoice get it, and each download is in the audit log.
    require(actor, Permission::SaleDocuments)?;
    app.db.write(|c| {
        let (k, _) = visible(c, actor, id)?;
        let bytes = rows::pdf(c, id, signed)?.ok_or(AppError::NotFound)?;
        let suffix = if signed { "-signed" } else { "" };
        let name = format!("{}-v{}{suffix}.pdf", k.contract_no, k.version);
        super::downloaded(c, now, actor, k.order_id, k.store_id, &name)?;
        Ok((name, bytes))
    })
}

/// Whether the archived files are the ones signed: their SHA-256 recomputed and compared.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Verification {
    pub contract_id: i64,
    /// The PDF the customer read matches the hash recorded when they signed.
    pub pdf_intact: bool,
    pub pdf_sha256: String,
    pub pdf_sha256_now: String,
    /// The signed copy matches its hash (absent until countersigned).
    pub signed_intact: Option<bool>,
    pub signed_sha256: Option<String>,
    pub signed_sha256_now: Option<String>,
    /// The hash in the customer's signing evidence is the recorded one.
    pub evidence_matches: Option<bool>,
    pub intact: bool,
}

/// Recomputes the hashes of the archived files of a version.
pub fn verify(app: &App, actor: &Actor, id: i64) -> AppResult<Verification> {
    require(actor, Permission::OrderRead)?;
    app.db.read(|c| {
        let (k, _) = visible(c, actor, id)?;
        let pdf = rows::pdf(c, id, false)?.unwrap_or_default();
        let pdf_now = crate::kernel::crypto::sha256_hex(&pdf);
        let signed_now = rows::pdf(c, id, true)?.map(|b| crate::kernel::crypto::sha256_hex(&b));
        let evidence_matches = k.customer_evidence.as_deref().map(|e| {
            serde_json::from_str::<serde_json::Value>(e)
                .ok()
                .and_then(|v| v.get("pdf_sha256").and_then(|h| h.as_str()).map(|h| h == k.pdf_sha256))
                .unwrap_or(false)
        });
        let pdf_intact = pdf_now == k.pdf_sha256;
        let signed_intact = match (&k.signed_sha256, &signed_now) {
            (Some(a), Some(b)) => Some(a == b),
            (Some(_), None) => Some(false),
            _ => None,
        };
        let intact = pdf_intact && signed_intact.unwrap_or(true) && evidence_matches.unwrap_or(true);
        Ok(Verification {
            contract_id: id,
            pdf_intact,
            pdf_sha256: k.pdf_sha256,
            pdf_sha256_now: pdf_now,
            signed_intact,
            signed_sha256: k.signed_sha256,
            signed_sha256_now: signed_now,
            evidence_matches,
            intact,
        })
    })
}

/// The store countersigns a version the customer signed (`contract_sign`), with the signer's
/// drawn signature: the signed PDF (both signatures, the evidence page) is rendered and
/// archived with its SHA-256, the order records "contract signed", and finance is told.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "countersign", store = actor.store_id.0, actor = actor.user_id.0, contract = id))]
pub fn countersign(app: &App, actor: &Actor, id: i64, version_lock: i64, png: &[u8]) -> AppResult<Contract> {
    let now = app.now();
    require(actor, Permission::ContractSign)?;
    super::signing::check_png(png)?;
    let (k, doc, customer_png) = app.db.read(|c| {
        let (k, _) = visible(c, actor, id)?;
        ready_to_countersign(&k, version_lock)?;
        let mut doc: Doc = serde_json::from_str(&k.data).map_err(AppError::internal)?;
        let (customer_png, _) = rows::signatures(c, id)?;
        let evidence: serde_json::Value =
            serde_json::from_str(k.customer_evidence.as_deref().unwrap_or("{}")).map_err(AppError::internal)?;
        doc.signed.buyer_date = Some(super::render::date_cn(crate::kernel::calendar::day(
            c,
            k.customer_signed_at.unwrap_or(now),
            k.store_id,
        )?));
        doc.signed.seller_date = Some(super::render::date_cn(crate::kernel::calendar::day(c, now, k.store_id)?));
        let tz = crate::kernel::calendar::zone(c, k.store_id)?;
        doc.evidence = super::signing::evidence_rows(&k, &evidence, &actor.display_name, now, tz);
        Ok::<_, AppError>((k, doc, customer_png.unwrap_or_default().to_vec()))
    })?;
    let signed =
        documents::pdf::render(&doc, &[("buyer", &customer_png), ("seller", png)]).map_err(AppError::internal)?;
    let sha = crate::kernel::crypto::sha256_hex(&signed);
    app.db.write(|c| {
        let (now_k, row) = visible(c, actor, id)?;
        ready_to_countersign(&now_k, k.version_lock)?;
        // A change order's supplement replaces the version in force when the store signs it.
        let change = storage::sales::changes::of_contract(c, id)?;
        if change.is_some()
            && let Some(in_force) = rows::in_force(c, row.id)?
        {
            rows::supersede(c, &in_force, now)?;
        }
        rows::record_countersign(
            c,
            &now_k,
            &Countersign { png, by: actor.user_id.0, signed_pdf: &signed, signed_sha256: &sha, now },
        )?;
        let after = rows::get(c, id)?;
        audit_contract(
            c,
            now,
            actor,
            Action::ContractCountersigned,
            &after,
            Changes::new().created("signed_sha256", &sha),
        )?;
        raise(app, c, now, By::Staff(actor), Event::ContractCountersigned { order: &row, contract_id: id })?;
        let order_row = sync(app, c, now, actor, row.id, &after.contract_no)?;
        if change.is_none() {
            notify_finance(app, c, &order_row, &after)?;
        }
        Ok(after.into())
    })
}

fn ready_to_countersign(k: &ContractRow, version_lock: i64) -> AppResult<()> {
    match k.status {
        ContractStatus::Superseded => return Err(refused(SigningError::Superseded.code())),
        ContractStatus::AwaitingCountersign => {}
        _ => return Err(refused(SigningError::NotAwaiting.code())),
    }
    if k.version_lock != version_lock {
        return Err(AppError::Conflict(crate::Conflict::Stale));
    }
    Ok(())
}

/// Sends the customer their link to read and sign the contract, to the signing contact fixed at
/// their confirmation (the advisor also has the link and its QR code on the order page).
fn notify_customer(app: &App, c: &mut DbConnection, row: &OrderRow) -> AppResult<()> {
    let customer =
        storage::customers::get_visible(c, &storage::scope::Visibility::whole_store(row.store_id), row.customer_id)?;
    let Some(contact) = storage::finance::contracts::contact(c, row.id)? else { return Ok(()) };
    let store = storage::org::get_store(c, row.store_id)?;
    let notice = Notice::new("mail-contract-ready")
        .arg("customer", &customer.name)
        .arg("order", &row.order_no)
        .arg("store", store.name)
        .arg(
            "link",
            crate::kernel::links::customer_url(
                app,
                domain::ids::OrderId(row.id),
                domain::ids::CustomerId(row.customer_id),
            ),
        );
    notify::to_customer(app, c, row.store_id, (Some(&contact.mobile), contact.email.as_deref()), &notice).map(|_| ())
}

/// Tells the store's finance users that a contract is signed and money is due, through the
/// outbox (same transaction).
fn notify_finance(app: &App, c: &mut DbConnection, row: &OrderRow, k: &ContractRow) -> AppResult<()> {
    let h = storage::sales::header_by_key(c, row.id)?;
    let notice = Notice::new("mail-contract-signed")
        .arg("order", &row.order_no)
        .arg("customer", h.customer_name)
        .arg("contract", &k.contract_no)
        .arg("total", domain::Money::from_fen(row.total_fen))
        .arg("link", format!("{}/orders/{}", app.messages.public_url, row.id));
    super::tell_finance(app, c, row.store_id, &notice)
}
