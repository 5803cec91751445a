//! Lenders' loan products: the list a loan disbursement names and checks its loan-to-value
//! against. Group data (one dealer group per database), kept by an administrator or a finance
//! user with group scope; every change audited.

use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::Permission;
use storage::finance::loan_products::{self as rows, LoanProductFields, LoanProductRow};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LoanProduct {
    pub id: i64,
    pub lender: String,
    pub name: String,
    /// The largest loan as a share of the price, in basis points (8000 = 80 %).
    pub max_ltv_bp: i32,
    pub max_months: i32,
    pub active: bool,
    pub version: i64,
}

impl From<LoanProductRow> for LoanProduct {
    fn from(r: LoanProductRow) -> Self {
        Self {
            id: r.id,
            lender: r.lender,
            name: r.name,
            max_ltv_bp: r.max_ltv_bp,
            max_months: r.max_months,
            active: r.active,
            version: r.version,
        }
    }
}

/// A product as created or edited.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoanProductInput {
    pub lender: String,
    pub name: String,
    /// 1-10000 (basis points of the price).
    pub max_ltv_bp: i64,
    /// 1-120.
    pub max_months: i64,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn parse(input: &LoanProductInput) -> Result<LoanProductFields, FieldErrors> {
    let mut e = FieldErrors::new();
    let lender = e.check("lender", domain::text::required(&input.lender, 100)).unwrap_or_default();
    let name = e.check("name", domain::text::required(&input.name, 100)).unwrap_or_default();
    if !(1..=10_000).contains(&input.max_ltv_bp) {
        e.add("max_ltv_bp", "loan-ltv-range");
    }
    if !(1..=120).contains(&input.max_months) {
        e.add("max_months", "loan-months-range");
    }
    e.into_result()?;
    Ok(LoanProductFields {
        lender,
        name,
        max_ltv_bp: i32::try_from(input.max_ltv_bp).unwrap_or(0),
        max_months: i32::try_from(input.max_months).unwrap_or(0),
        active: input.active,
    })
}

const TAKEN: fn(storage::StorageError) -> AppError =
    |e| crate::kernel::error::on_duplicate("name", "loan-product-taken")(e);

/// The products a disbursement may name (active ones).
pub fn active(app: &App) -> AppResult<Vec<LoanProduct>> {
    app.db.read(|c| Ok(rows::list(c)?.into_iter().filter(|p| p.active).map(LoanProduct::from).collect()))
}

/// Every product, for the console (`loan_product_manage`).
pub fn all(app: &App, actor: &Actor) -> AppResult<Vec<LoanProduct>> {
    require(actor, Permission::LoanProductManage)?;
    app.db.read(|c| Ok(rows::list(c)?.into_iter().map(LoanProduct::from).collect()))
}

pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<LoanProduct> {
    require(actor, Permission::LoanProductManage)?;
    app.db.read(|c| rows::get(c, id)?.map(LoanProduct::from).ok_or(AppError::NotFound))
}

#[tracing::instrument(name = "finance", skip_all, fields(use_case = "create_loan_product", actor = actor.user_id.0))]
pub fn create(app: &App, actor: &Actor, input: &LoanProductInput, key: Option<&str>) -> AppResult<LoanProduct> {
    let now = app.now();
    require(actor, Permission::LoanProductManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "loan_product", input)?;
    let f = parse(input)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return rows::get(c, id)?.map(LoanProduct::from).ok_or(AppError::NotFound);
        }
        let row = rows::insert(c, &f).map_err(TAKEN)?;
        key.remember(c, actor, row.id, now)?;
        let changes = Changes::new()
            .created("lender", &row.lender)
            .created("name", &row.name)
            .created("max_ltv_bp", row.max_ltv_bp)
            .created("max_months", row.max_months);
        let event = Record { action: Action::LoanProductCreated, entity_id: row.id, store_id: None, changes };
        audit::record(c, now, actor, event)?;
        Ok(row.into())
    })
}

#[tracing::instrument(name = "finance", skip_all, fields(use_case = "update_loan_product", actor = actor.user_id.0, product = id))]
pub fn update(app: &App, actor: &Actor, id: i64, version: i64, input: &LoanProductInput) -> AppResult<LoanProduct> {
    let now = app.now();
    require(actor, Permission::LoanProductManage)?;
    let f = parse(input)?;
    app.db.write(|c| {
        let before = rows::get(c, id)?.ok_or(AppError::NotFound)?;
        let after = rows::update(c, id, version, &f).map_err(TAKEN)?;
        let changes = Changes::new()
            .field("lender", &before.lender, &after.lender)
            .field("name", &before.name, &after.name)
            .field("max_ltv_bp", before.max_ltv_bp, after.max_ltv_bp)
            .field("max_months", before.max_months, after.max_months)
            .field("active", before.active, after.active);
        let event = Record { action: Action::LoanProductUpdated, entity_id: id, store_id: None, changes };
        audit::record(c, now, actor, event)?;
        Ok(after.into())
    })
}
