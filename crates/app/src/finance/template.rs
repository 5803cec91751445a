//! A store's contract template: letterhead (also the seller on receipts and invoices), clauses
//! with placeholders, and whether the buyer's ID number is masked. Administrators edit it; a
//! store without one uses the default built from the store's record.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::Permission;
use storage::DbConnection;
use storage::finance::templates::{self as rows, TemplateRow};

/// The placeholders a clause may hold, each `{名称}`, with what they stand for.
pub const PLACEHOLDERS: [(&str, &str); 12] = [
    ("出卖人", "the store's legal name"),
    ("买受人", "the buyer's name"),
    ("合同编号", "the contract number"),
    ("订单编号", "the order number"),
    ("车辆", "brand, model and trim"),
    ("车身颜色", "exterior colour"),
    ("合同总价", "the total in figures"),
    ("合同总价大写", "the total in Chinese capitals"),
    ("定金", "the 定金 confirmed, in figures"),
    ("交车日期", "the expected delivery date"),
    ("交车地点", "where the vehicle is handed over"),
    ("付款方式", "full payment, loan or company purchase"),
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Clause {
    pub title: String,
    pub body: String,
}

/// The template as shown and edited.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Template {
    pub title: String,
    pub seller_name: String,
    /// 统一社会信用代码 (also the seller's tax id on the invoice).
    pub uscc: String,
    pub address: String,
    pub phone: String,
    pub bank: String,
    pub account: String,
    pub delivery_place: String,
    pub warranty_notice: String,
    pub clauses: Vec<Clause>,
    /// Print the buyer's ID number masked (`310115********1234`).
    pub mask_id: bool,
    /// 0 until the store saves its own.
    #[serde(default)]
    pub version: i64,
}

const WARRANTY: &str = "本车享受《家用汽车产品修理更换退货责任规定》规定的三包服务：包修期不低于 3 年或 6 万公里，三包有效期不低于 2 年或 5 万公里，以先到者为准。三包凭证随车交付，具体以生产者公布的三包凭证为准。";

fn default_clauses() -> Vec<Clause> {
    let c = |title: &str, body: &str| Clause { title: title.into(), body: body.into() };
    vec![
        c(
            "违约责任",
            "乙方无正当理由解除合同的，已付定金不予退还；甲方无正当理由不能按约交付车辆的，应向乙方双倍返还定金。订金不适用定金罚则，合同解除时如数退还。\n任何一方违约给对方造成其他损失的，应予赔偿。",
        ),
        c(
            "车辆交付与风险",
            "车辆自交付之日起风险转移至乙方。乙方应按甲方通知的时间提车；逾期提车超过 15 日的，甲方可按每日 50 元收取停车费用。",
        ),
        c("争议解决", "因本合同发生的争议，双方应协商解决；协商不成的，任何一方均可向甲方所在地人民法院提起诉讼。"),
        c(
            "其他",
            "本合同经双方签署后生效，电子签署与书面签署具有同等法律效力。本合同一式两份，甲乙双方各执一份。订单编号：{订单编号}。",
        ),
    ]
}

fn default_of(store: &storage::org::StoreRow) -> Template {
    Template {
        title: "汽车买卖合同".into(),
        seller_name: store.name.clone(),
        uscc: String::new(),
        address: store.address.clone().unwrap_or_default(),
        phone: store.phone.clone().unwrap_or_default(),
        bank: String::new(),
        account: String::new(),
        delivery_place: "甲方展厅".into(),
        warranty_notice: WARRANTY.into(),
        clauses: default_clauses(),
        mask_id: true,
        version: 0,
    }
}

impl Template {
    fn of(row: TemplateRow) -> AppResult<Self> {
        Ok(Self {
            title: row.title,
            seller_name: row.seller_name,
            uscc: row.uscc,
            address: row.address,
            phone: row.phone,
            bank: row.bank,
            account: row.account,
            delivery_place: row.delivery_place,
            warranty_notice: row.warranty_notice,
            clauses: serde_json::from_str(&row.clauses).map_err(AppError::internal)?,
            mask_id: row.mask_id,
            version: row.version,
        })
    }
}

/// The store's template, or the default.
pub(crate) fn of_store(c: &mut DbConnection, store_id: i64) -> AppResult<Template> {
    match rows::get(c, store_id)? {
        Some(row) => Template::of(row),
        None => Ok(default_of(&storage::org::get_store(c, store_id)?)),
    }
}

/// The template of the actor's store, to edit (`contract_template_manage`).
pub fn get(app: &App, actor: &Actor) -> AppResult<Template> {
    require(actor, Permission::ContractTemplateManage)?;
    app.db.read(|c| of_store(c, actor.store_id.0))
}

/// Fills `{名称}` placeholders; an unknown one is left as typed (saving refuses it).
pub(crate) fn fill(text: &str, values: &[(&str, String)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The placeholders in `text` that are not in [`PLACEHOLDERS`].
fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
            out.push(name.to_string());
        }
        rest = &after[end + 1..];
    }
    out
}

fn validate(t: &Template) -> Result<Template, FieldErrors> {
    let mut e = FieldErrors::new();
    let text = |e: &mut FieldErrors, field: &str, v: &str, max: usize| -> String {
        e.check(field, domain::text::required(v, max)).unwrap_or_default()
    };
    let title = text(&mut e, "title", &t.title, 40);
    let seller_name = text(&mut e, "seller_name", &t.seller_name, 100);
    let uscc = match domain::ident::CreditCode::parse(t.uscc.trim()) {
        Ok(code) => code.as_str().to_string(),
        Err(err) => {
            e.add("uscc", domain::error::ErrorCode::code(&err));
            String::new()
        }
    };
    let address = text(&mut e, "address", &t.address, 200);
    let phone = text(&mut e, "phone", &t.phone, 40);
    let bank = text(&mut e, "bank", &t.bank, 100);
    let account = text(&mut e, "account", &t.account, 40);
    let delivery_place = text(&mut e, "delivery_place", &t.delivery_place, 100);
    let warranty_notice = text(&mut e, "warranty_notice", &t.warranty_notice, 2000);
    let mut clauses = Vec::new();
    if t.clauses.len() > 30 {
        e.add("clauses", "contract-too-many-clauses");
    }
    for (i, c) in t.clauses.iter().enumerate() {
        if c.title.trim().is_empty() && c.body.trim().is_empty() {
            continue; // an empty row of the form
        }
        let title = text(&mut e, &format!("clauses[{i}].title"), &c.title, 40);
        let body = text(&mut e, &format!("clauses[{i}].body"), &c.body, 4000);
        if !unknown_placeholders(&body).is_empty() || !unknown_placeholders(&title).is_empty() {
            e.add(format!("clauses[{i}].body"), "contract-placeholder-unknown");
        }
        clauses.push(Clause { title, body });
    }
    e.into_result()?;
    Ok(Template {
        title,
        seller_name,
        uscc,
        address,
        phone,
        bank,
        account,
        delivery_place,
        warranty_notice,
        clauses,
        mask_id: t.mask_id,
        version: t.version,
    })
}

/// Saves the template of the actor's store (`contract_template_manage`); `version` is the one
/// read (0 for the default), so two editors do not overwrite each other.
#[tracing::instrument(name = "finance", skip_all, fields(use_case = "save_template", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn save(app: &App, actor: &Actor, input: &Template) -> AppResult<Template> {
    let now = app.now();
    require(actor, Permission::ContractTemplateManage)?;
    let t = validate(input)?;
    let store_id = actor.store_id.0;
    app.db.write(|c| {
        let before = rows::get(c, store_id)?;
        let read = before.as_ref().map(|b| b.version);
        if read.unwrap_or(0) != input.version {
            return Err(AppError::Conflict(crate::Conflict::Stale));
        }
        let clauses = serde_json::to_string(&t.clauses).map_err(AppError::internal)?;
        let row = TemplateRow {
            store_id,
            title: t.title.clone(),
            seller_name: t.seller_name.clone(),
            uscc: t.uscc.clone(),
            address: t.address.clone(),
            phone: t.phone.clone(),
            bank: t.bank.clone(),
            account: t.account.clone(),
            delivery_place: t.delivery_place.clone(),
            warranty_notice: t.warranty_notice.clone(),
            clauses,
            mask_id: t.mask_id,
            version: read.unwrap_or(0) + 1,
            updated_by: actor.user_id.0,
            updated_at: now,
        };
        rows::save(c, &row, read)?;
        let b = before.as_ref();
        let changes = Changes::new()
            .field("title", b.map(|b| b.title.as_str()), Some(row.title.as_str()))
            .field("seller_name", b.map(|b| b.seller_name.as_str()), Some(row.seller_name.as_str()))
            .field("uscc", b.map(|b| b.uscc.as_str()), Some(row.uscc.as_str()))
            .field("address", b.map(|b| b.address.as_str()), Some(row.address.as_str()))
            .field("phone", b.map(|b| b.phone.as_str()), Some(row.phone.as_str()))
            .field("bank", b.map(|b| b.bank.as_str()), Some(row.bank.as_str()))
            .field("account", b.map(|b| b.account.as_str()), Some(row.account.as_str()))
            .field("delivery_place", b.map(|b| b.delivery_place.as_str()), Some(row.delivery_place.as_str()))
            .field("warranty_notice", b.map(|b| b.warranty_notice.as_str()), Some(row.warranty_notice.as_str()))
            .field("clauses", b.map(|b| b.clauses.as_str()), Some(row.clauses.as_str()))
            .field("mask_id", b.map(|b| b.mask_id), Some(row.mask_id));
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::ContractTemplateUpdated, entity_id: store_id, store_id: Some(store_id), changes },
        )?;
        of_store(c, store_id)
    })
}
