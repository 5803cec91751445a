//! The vehicle sales invoice (机动车销售统一发票, DOMAIN.md §4): finance prepares its data once the
//! contract is signed, the order paid in full and a vehicle allocated, types in the code and
//! number the tax system issued, and checks the layout; a red-letter reversal voids it. One
//! vehicle, one valid invoice (a unique index on the VIN of valid invoices). The vehicle's fields
//! (VIN, engine number, 合格证 number, make and model) come from the vehicle allocated to the
//! order, never typed; the date lies between the contract's signing and today, since the VAT rate
//! and the purchase-tax rule follow it.

use super::render::{amount, date_cn, figures, seller};
use super::{Invoice, order, order_locked, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::events::By;
use crate::{App, AppError, AppResult, require};
use chrono::NaiveDate;
use domain::billing::Document;
use domain::calendar::{Outside, Window};
use domain::finance::contract::InvoiceStatus;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::sales::Quote;
use domain::tax::{Rate, split_gross};
use domain::{FieldErrors, Money};
use storage::DbConnection;
use storage::finance::invoices::{self as rows, InvoiceRow, NewInvoice};
use storage::inventory::vehicles::VehicleRow;

/// What finance types: the invoice's code, number and date from the tax system and the fields
/// the vehicle record does not hold. The vehicle's numbers are the allocated vehicle's.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct InvoiceInput {
    /// Optional: the VIN as read off the car, checked against the allocated vehicle's (a
    /// mismatch is refused); the invoice carries the vehicle record's in any case.
    #[serde(default)]
    pub vin: String,
    /// Optional: checked against the allocated vehicle's engine number, like `vin`.
    #[serde(default)]
    pub engine_no: String,
    /// Optional: checked against the allocated vehicle's 合格证编号, like `vin`.
    #[serde(default)]
    pub certificate_no: String,
    /// 10 or 12 digits (paper invoices); empty for a fully digital invoice.
    #[serde(default)]
    pub invoice_code: String,
    /// 8 digits, or 20 for a fully digital invoice.
    pub invoice_no: String,
    pub invoice_date: Option<NaiveDate>,
    /// 车辆类型 (default 乘用车).
    #[serde(default)]
    pub vehicle_type: String,
    /// 产地 (default 中国).
    #[serde(default)]
    pub origin: String,
    /// 主管税务机关及代码.
    #[serde(default)]
    pub tax_authority: String,
    /// 进口证明书号: required for an imported car (an origin other than 中国).
    #[serde(default)]
    pub import_certificate_no: String,
    /// 商检单号: required for an imported car.
    #[serde(default)]
    pub inspection_no: String,
    /// 吨位, for goods vehicles; empty for a passenger car.
    #[serde(default)]
    pub tonnage: String,
    #[serde(default)]
    pub remarks: String,
}

/// The fields kept with the invoice besides its columns.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Fields {
    buyer_name: String,
    buyer_id: String,
    vehicle_type: String,
    make_model: String,
    origin: String,
    seats: i32,
    tax_authority: String,
    #[serde(default)]
    import_certificate_no: String,
    #[serde(default)]
    inspection_no: String,
    #[serde(default)]
    tonnage: String,
    remarks: String,
    issuer: String,
}

fn digits(s: &str, lens: &[usize]) -> bool {
    s.chars().all(|c| c.is_ascii_digit()) && lens.contains(&s.len())
}

struct Parsed {
    code: String,
    number: String,
    date: NaiveDate,
    origin: String,
    import_certificate_no: String,
    inspection_no: String,
    tonnage: String,
}

/// The vehicle's fields of the invoice, from the vehicle record.
struct Papers {
    vin: String,
    engine_no: String,
    certificate_no: String,
}

/// The allocated vehicle's papers; a number finance typed must be the record's.
fn papers(input: &InvoiceInput, v: &VehicleRow) -> AppResult<Papers> {
    let (Some(engine_no), Some(certificate_no)) = (v.engine_no.clone(), v.certificate_no.clone()) else {
        return Err(refused("invoice-vehicle-papers-missing"));
    };
    let mut e = FieldErrors::new();
    let same = |typed: &str, recorded: &str| {
        let typed = typed.trim();
        typed.is_empty() || typed.eq_ignore_ascii_case(recorded)
    };
    for (field, typed, recorded) in [
        ("vin", &input.vin, &v.vin),
        ("engine_no", &input.engine_no, &engine_no),
        ("certificate_no", &input.certificate_no, &certificate_no),
    ] {
        if !same(typed, recorded) {
            e.add(field, "invoice-not-the-allocated-vehicle");
        }
    }
    e.into_result()?;
    Ok(Papers { vin: v.vin.clone(), engine_no, certificate_no })
}

fn parse(input: &InvoiceInput, window: Window) -> Result<Parsed, FieldErrors> {
    let mut e = FieldErrors::new();
    let code = input.invoice_code.trim().to_string();
    let number = input.invoice_no.trim().to_string();
    let digital = code.is_empty();
    if !digital && !digits(&code, &[10, 12]) {
        e.add("invoice_code", "invoice-code-format");
    }
    if !digits(&number, if digital { &[20] } else { &[8] }) {
        e.add("invoice_no", "invoice-number-format");
    }
    let date = input.invoice_date.unwrap_or(window.last);
    match window.check(date) {
        Err(Outside::Before) => e.add("invoice_date", "invoice-date-before-signing"),
        Err(Outside::After) => e.add("invoice_date", "invoice-date-future"),
        Ok(_) => {}
    }
    let origin = match input.origin.trim() {
        "" => "中国".to_string(),
        o => o.chars().take(30).collect(),
    };
    let imported = origin != "中国";
    let mut import_doc = |field: &'static str, typed: &str| match domain::text::document_number(typed) {
        Some(n) if n.is_empty() && imported => {
            e.add(field, "invoice-import-doc-required");
            n
        }
        Some(n) => n,
        None => {
            e.add(field, "invoice-doc-no-format");
            String::new()
        }
    };
    let import_certificate_no = import_doc("import_certificate_no", &input.import_certificate_no);
    let inspection_no = import_doc("inspection_no", &input.inspection_no);
    let tonnage = input.tonnage.trim().to_string();
    if !tonnage.is_empty() && !tonnage.parse::<f64>().is_ok_and(|t| t > 0.0 && t < 100.0) {
        e.add("tonnage", "invoice-tonnage");
    }
    e.into_result()?;
    Ok(Parsed { code, number, date, origin, import_certificate_no, inspection_no, tonnage })
}

fn audit_invoice(
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    action: Action,
    i: &InvoiceRow,
    changes: Changes,
) -> AppResult<()> {
    audit::record(
        c,
        now,
        actor,
        Record {
            action,
            entity_id: super::order_of(i.document())?,
            store_id: Some(i.store_id),
            changes: changes
                .created("invoice_no", format!("{} {}", i.invoice_code, i.invoice_no).trim())
                .created("vin", &i.vin),
        },
    )
}

/// Prepares the invoice of an order (`invoice_manage`): paid in full, a vehicle allocated, no
/// valid invoice for the order or the vehicle yet. The VAT split is the one of the invoice's
/// date.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "prepare_invoice", store = actor.store_id.0, actor = actor.user_id.0, order = order_id))]
pub fn prepare(app: &App, actor: &Actor, order_id: i64, input: &InvoiceInput, key: Option<&str>) -> AppResult<Invoice> {
    let now = app.now();
    require(actor, Permission::InvoiceManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "invoice", &(order_id, input))?;
    app.db.write(|c| {
        let (row, today) = match super::begin(&key, c, actor, order_id, now)? {
            super::Create::Made(id) => return Ok(rows::get(c, id)?.into()),
            super::Create::Fresh(row, today) => (*row, today),
        };
        let facts = row.facts();
        if row.stage()?.is_terminal() && row.stage()? != domain::sales::Stage::Closed {
            return Err(refused("invoice-order-ended"));
        }
        if !facts.paid_in_full {
            return Err(refused("invoice-not-paid"));
        }
        let signed = storage::finance::contracts::in_force(c, order_id)?
            .and_then(|k| k.countersigned_at)
            .ok_or_else(|| refused("invoice-contract-unsigned"))?;
        let signed_on = crate::kernel::calendar::day(c, signed, row.store_id)?;
        let p = parse(input, Window::since(signed_on, today))?;
        let vehicle = storage::inventory::vehicles::of_order(c, order_id)?
            .filter(|v| v.store_id == row.store_id && v.trim_id == row.trim_id)
            .ok_or_else(|| refused("invoice-no-vehicle"))?;
        let papers = papers(input, &vehicle)?;
        if rows::valid_for_vin(c, &papers.vin)?.is_some() {
            return Err(AppError::field("vin", "invoice-vin-invoiced"));
        }
        if rows::of_document(c, Document::sales_order(order_id))?.iter().any(|i| i.status == InvoiceStatus::Valid) {
            return Err(refused("invoice-order-invoiced"));
        }
        let quote: Quote = serde_json::from_str(&row.quote).map_err(AppError::internal)?;
        let rate_bp = storage::sales::vat_rate_on(c, p.date)?;
        let split = split_gross(quote.vehicle_price, Rate::bp(u32::try_from(rate_bp).unwrap_or(0)));
        let h = storage::sales::header_by_key(c, order_id)?;
        let customer = storage::customers::get_visible(
            c,
            &storage::scope::Visibility::whole_store(row.store_id),
            row.customer_id,
        )?;
        let buyer_id = if customer.kind == domain::customer::CustomerKind::Company {
            customer.credit_code.clone()
        } else {
            customer.id_number_enc.as_deref().and_then(|s| app.secrets.decrypt(s))
        };
        let trim = storage::catalogue::list_trims(c, actor.group_id.0, &[row.model_id])?
            .into_iter()
            .find(|t| t.id == row.trim_id);
        let or = |s: &str, d: &str| if s.trim().is_empty() { d.to_string() } else { s.trim().to_string() };
        let fields = Fields {
            buyer_name: customer.name.clone(),
            // The buyer's ID number is on the invoice by law; kept encrypted like every ID number.
            buyer_id: buyer_id.map(|id| app.secrets.encrypt(&id)).unwrap_or_default(),
            vehicle_type: or(&input.vehicle_type, "乘用车"),
            make_model: format!("{} {} {}", h.brand, h.model, h.trim),
            origin: p.origin.clone(),
            seats: trim.map_or(5, |t| t.seats),
            tax_authority: input.tax_authority.trim().chars().take(100).collect(),
            import_certificate_no: p.import_certificate_no.clone(),
            inspection_no: p.inspection_no.clone(),
            tonnage: p.tonnage.clone(),
            remarks: input.remarks.trim().chars().take(200).collect(),
            issuer: actor.display_name.clone(),
        };
        let fields_json = serde_json::to_string(&fields).map_err(AppError::internal)?;
        let id = rows::insert(
            c,
            &NewInvoice {
                store_id: row.store_id,
                document: Document::sales_order(order_id),
                vin: &papers.vin,
                engine_no: &papers.engine_no,
                certificate_no: &papers.certificate_no,
                invoice_code: &p.code,
                invoice_no: &p.number,
                invoice_date: p.date,
                gross_fen: split.gross.fen(),
                net_fen: split.net.fen(),
                vat_fen: split.vat.fen(),
                rate_bp,
                fields: &fields_json,
                prepared_by: actor.user_id.0,
                now,
            },
        )
        .map_err(|e| match e {
            storage::StorageError::Duplicate(what) if what.contains("vin") => {
                AppError::field("vin", "invoice-vin-invoiced")
            }
            storage::StorageError::Duplicate(what) if what.contains("order") => refused("invoice-order-invoiced"),
            storage::StorageError::Duplicate(_) => AppError::field("invoice_no", "invoice-number-used"),
            other => other.into(),
        })?;
        key.remember(c, actor, id, now)?;
        let inv = rows::get(c, id)?;
        audit_invoice(
            c,
            now,
            actor,
            Action::InvoicePrepared,
            &inv,
            Changes::new()
                .created("gross_fen", inv.gross_fen)
                .created("net_fen", inv.net_fen)
                .created("vat_fen", inv.vat_fen),
        )?;
        super::document(app, c, now, By::Staff(actor), &row, "invoice_prepared", &inv.invoice_no)?;
        Ok(inv.into())
    })
}

/// Voids a valid invoice by a red-letter reversal with a reason (`invoice_manage`): a new one
/// may then be prepared.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "reverse_invoice", store = actor.store_id.0, actor = actor.user_id.0, invoice = id))]
pub fn reverse(app: &App, actor: &Actor, id: i64, version: i64, reason: &str) -> AppResult<Invoice> {
    let now = app.now();
    require(actor, Permission::InvoiceManage)?;
    let reason = domain::text::required(reason, 500)
        .map_err(|e| AppError::field("reason", domain::error::ErrorCode::code(&e)))?;
    app.db.write(|c| {
        let order_id = super::order_of(rows::get(c, id)?.document())?;
        let row = order_locked(c, actor, order_id)?;
        let inv = rows::get(c, id)?;
        if inv.status != InvoiceStatus::Valid {
            return Err(refused("invoice-reversed-already"));
        }
        if inv.version != version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        rows::reverse(c, &inv, actor.user_id.0, &reason, now)?;
        let after = rows::get(c, id)?;
        audit_invoice(c, now, actor, Action::InvoiceReversed, &after, Changes::new().created("reason", &reason))?;
        super::document(app, c, now, By::Staff(actor), &row, "invoice_reversed", &reason)?;
        Ok(after.into())
    })
}

/// Reverses the order's valid invoice, if any, when a change order puts new terms in force (inside
/// its transaction): the invoice must agree with the contract, and finance issues it again from
/// the new terms. Returns the reversed invoice's number.
pub(crate) fn reverse_for_change(
    app: &App,
    c: &mut DbConnection,
    now: chrono::NaiveDateTime,
    actor: &Actor,
    row: &storage::sales::OrderRow,
    reason: &str,
) -> AppResult<Option<String>> {
    let Some(inv) =
        rows::of_document(c, Document::sales_order(row.id))?.into_iter().find(|i| i.status == InvoiceStatus::Valid)
    else {
        return Ok(None);
    };
    rows::reverse(c, &inv, actor.user_id.0, reason, now)?;
    let after = rows::get(c, inv.id)?;
    audit_invoice(c, now, actor, Action::InvoiceReversed, &after, Changes::new().created("reason", reason))?;
    super::document(app, c, now, By::Staff(actor), row, "invoice_reversed", reason)?;
    Ok(Some(after.invoice_no))
}

fn or_dash(s: &str) -> String {
    if s.is_empty() { "—".into() } else { s.to_string() }
}

/// The invoice's layout for checking, as a PDF.
pub fn pdf(app: &App, actor: &Actor, id: i64) -> AppResult<(String, Vec<u8>)> {
    let now = app.now();
    require(actor, Permission::SaleDocuments)?;
    let doc = app.db.write(|c| {
        let inv = rows::get(c, id)?;
        let row = order(c, actor, super::order_of(inv.document())?)?;
        let buyer_id = buyer_id_of(app, &inv)?;
        let shown_id =
            if actor.can(Permission::CustomerViewIdNumber) { buyer_id } else { domain::ident::mask_id(&buyer_id) };
        super::downloaded(
            c,
            now,
            actor,
            super::order_of(inv.document())?,
            inv.store_id,
            &format!("invoice-{}", inv.invoice_no),
        )?;
        layout(c, &inv, &row.order_no, shown_id)
    })?;
    let pdf = documents::pdf::render(&doc, &[]).map_err(AppError::internal)?;
    let inv_no = doc.fields.get(1).map(|f| f.1.clone()).unwrap_or_default();
    Ok((format!("invoice-{inv_no}.pdf"), pdf))
}

/// The buyer's ID number as the invoice holds it (kept encrypted, DOMAIN.md §7; invoices
/// prepared before that hold it in clear).
pub(super) fn buyer_id_of(app: &App, inv: &storage::finance::invoices::InvoiceRow) -> AppResult<String> {
    let f: Fields = serde_json::from_str(&inv.fields).map_err(AppError::internal)?;
    Ok(app.secrets.decrypt(&f.buyer_id).unwrap_or_else(|| f.buyer_id.clone()))
}

/// The invoice's layout (the buyer's ID number as `shown_id`: in full or masked).
pub(super) fn layout(
    c: &mut storage::DbConnection,
    inv: &storage::finance::invoices::InvoiceRow,
    order_no: &str,
    shown_id: String,
) -> AppResult<documents::contract::Invoice> {
    let f: Fields = serde_json::from_str(&inv.fields).map_err(AppError::internal)?;
    let t = super::template::of_store(c, inv.store_id)?;
    let s = seller(&t);
    let kv = |k: &str, v: String| (k.to_string(), v);
    Ok(documents::contract::Invoice {
        title: "机动车销售统一发票".into(),
        status: if inv.status == InvoiceStatus::Reversed {
            format!("已红冲：{}", inv.reversal_reason.clone().unwrap_or_default())
        } else {
            String::new()
        },
        fields: vec![
            kv("发票代码", if inv.invoice_code.is_empty() { "（全电发票）".into() } else { inv.invoice_code.clone() }),
            kv("发票号码", inv.invoice_no.clone()),
            kv("开票日期", date_cn(inv.invoice_date)),
            kv("订单编号", order_no.to_string()),
            kv("购买方名称", f.buyer_name.clone()),
            kv("身份证号码/统一社会信用代码", shown_id),
            kv("车辆类型", f.vehicle_type.clone()),
            kv("厂牌型号", f.make_model.clone()),
            kv("产地", f.origin.clone()),
            kv("合格证号", inv.certificate_no.clone()),
            kv("发动机号码", inv.engine_no.clone()),
            kv("车辆识别代号/车架号码", inv.vin.clone()),
            kv("进口证明书号", or_dash(&f.import_certificate_no)),
            kv("商检单号", or_dash(&f.inspection_no)),
            kv("限乘人数", f.seats.to_string()),
            kv("吨位", or_dash(&f.tonnage)),
            kv("主管税务机关及代码", or_dash(&f.tax_authority)),
            kv("开票人", f.issuer.clone()),
        ],
        total: amount(Money::from_fen(inv.gross_fen)),
        rate: format!("{}%", f64::from(inv.rate_bp) / 100.0),
        net: figures(Money::from_fen(inv.net_fen)),
        vat: figures(Money::from_fen(inv.vat_fen)),
        seller_fields: vec![
            kv("销货单位名称", s.name),
            kv("纳税人识别号", s.uscc),
            kv("地址", s.address),
            kv("电话", s.phone),
            kv("开户银行", s.bank),
            kv("账号", s.account),
        ],
        remarks: f.remarks,
    })
}
