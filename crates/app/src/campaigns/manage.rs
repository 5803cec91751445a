//! The group's recalls and service campaigns: recorded from the maker's notice with its VIN list
//! (`campaign_manage`, group data), matched at once against the cars the group's stores serve,
//! and closed when the maker ends them.

use super::{matching, refused};
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::{App, AppError, AppResult, require};
use chrono::{NaiveDate, NaiveDateTime};
use domain::campaigns::{self, CampaignKind, CampaignStatus};
use domain::org::Actor;
use domain::rbac::Permission;
use domain::{Code, FieldErrors};
use storage::DbConnection;
use storage::campaigns::{self as rows, CampaignRow, NewCampaign, Progress};
use storage::{Page, PageRequest};

/// A campaign as lists and its page show it, with the reader's store's progress.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: i64,
    /// recall | service
    #[schema(value_type = String)]
    pub kind: CampaignKind,
    /// The maker's number (a recall's SAMR filing number).
    pub code: String,
    pub title: String,
    /// What the workshop is to do.
    pub remedy: String,
    pub starts_on: NaiveDate,
    /// open | closed
    #[schema(value_type = String)]
    pub status: CampaignStatus,
    /// VINs listed one by one.
    pub vin_count: i64,
    /// Ranges of serial numbers.
    pub range_count: i64,
    /// The cars the reader's store serves that it names.
    pub cars: i64,
    /// Of those, whose owners were told.
    pub notified: i64,
    /// Of those, done.
    pub done: i64,
    /// The name of the job that completes it on a repair order.
    pub job_name: String,
    #[serde(serialize_with = "crate::kernel::json::rfc3339")]
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "crate::kernel::json::rfc3339_opt")]
    #[schema(value_type = Option<String>)]
    pub closed_at: Option<NaiveDateTime>,
    pub version: i64,
}

fn view(r: CampaignRow, p: Progress) -> Campaign {
    Campaign {
        job_name: campaigns::job_name(&r.code, &r.title),
        id: r.id,
        kind: r.kind,
        code: r.code,
        title: r.title,
        remedy: r.remedy,
        starts_on: r.starts_on,
        status: r.status,
        vin_count: r.vin_count,
        range_count: r.range_count,
        cars: p.cars,
        notified: p.notified,
        done: p.done,
        created_at: r.created_at,
        closed_at: r.closed_at,
        version: r.version,
    }
}

/// A campaign as the maker announced it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CampaignInput {
    /// recall | service
    pub kind: String,
    /// The maker's number (a recall's SAMR filing number), unique in the group.
    pub code: String,
    pub title: String,
    /// What the workshop is to do.
    pub remedy: String,
    /// `YYYY-MM-DD`; blank: today.
    pub starts_on: String,
    /// The VINs: one per line (or separated by commas), or a range `FIRST~LAST` of one
    /// production run (positions 1–8 and 10–11 equal).
    pub vins: String,
}

struct Checked {
    kind: CampaignKind,
    code: String,
    title: String,
    remedy: String,
    starts_on: NaiveDate,
    spec: campaigns::VinSpec,
}

fn check(input: &CampaignInput, today: NaiveDate) -> AppResult<Checked> {
    let mut e = FieldErrors::new();
    let kind = match input.kind.trim() {
        "" => {
            e.add("kind", "required");
            None
        }
        k => CampaignKind::from_code(k).or_else(|| {
            e.add("kind", "value-unknown");
            None
        }),
    };
    let code = e.check("code", domain::text::required(&input.code, 40)).map(|c| c.to_uppercase());
    let title = e.check("title", domain::text::required(&input.title, 100));
    let remedy = e.check("remedy", domain::text::required(&input.remedy, 1000));
    let starts_on = match input.starts_on.trim() {
        "" => Some(today),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| {
            e.add("starts_on", "date-invalid");
            None
        }),
    };
    let spec = e.check("vins", campaigns::parse_vins(&input.vins));
    e.into_result()?;
    match (kind, code, title, remedy, starts_on, spec) {
        (Some(kind), Some(code), Some(title), Some(remedy), Some(starts_on), Some(spec)) => {
            Ok(Checked { kind, code, title, remedy, starts_on, spec })
        }
        _ => Err(AppError::internal("campaign input checked")),
    }
}

/// Records a campaign for the whole group (`campaign_manage`, group scope) and finds the cars
/// its stores serve that it names. The same idempotency `key` again returns the first one.
pub fn record(app: &App, actor: &Actor, input: &CampaignInput, key: Option<&str>) -> AppResult<Campaign> {
    let now = app.now();
    require(actor, Permission::CampaignManage)?;
    let key = crate::kernel::idempotency::Key::new(key, "campaign", input)?;
    let today = crate::kernel::calendar::today(app, actor)?;
    let ok = check(input, today)?;
    app.db.write(|c| {
        if let Some(id) = key.existing(c, actor)? {
            return one(c, actor, id);
        }
        let new = NewCampaign {
            group_id: actor.group_id.0,
            kind: ok.kind,
            code: &ok.code,
            title: &ok.title,
            remedy: &ok.remedy,
            starts_on: ok.starts_on,
            created_by: actor.user_id.0,
        };
        let row = match rows::insert(c, &new, &ok.spec, now) {
            Err(storage::StorageError::Duplicate(_)) => return Err(AppError::field("code", "campaign-code-taken")),
            other => other?,
        };
        matching::match_all(c, &row, &ok.spec, now)?;
        let changes = Changes::new()
            .created("kind", row.kind.code())
            .created("code", &row.code)
            .created("title", &row.title)
            .created("vins", row.vin_count)
            .created("ranges", row.range_count);
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::CampaignRecorded, entity_id: row.id, store_id: None, changes },
        )?;
        key.remember(c, actor, row.id, row.created_at)?;
        one(c, actor, row.id)
    })
}

/// Closes campaign `id` (`campaign_manage`): no longer warned of at reception.
pub fn close(app: &App, actor: &Actor, id: i64, version: i64) -> AppResult<Campaign> {
    let now = app.now();
    require(actor, Permission::CampaignManage)?;
    app.db.write(|c| {
        let row = rows::lock(c, actor.group_id, id)?;
        if row.version != version {
            return Err(storage::StorageError::Stale.into());
        }
        if row.status == CampaignStatus::Closed {
            return Err(refused("campaign-closed"));
        }
        let after = rows::close(c, &row, now)?;
        let changes = Changes::new().field("status", row.status.code(), after.status.code());
        audit::record(
            c,
            now,
            actor,
            Record { action: Action::CampaignClosed, entity_id: id, store_id: None, changes },
        )?;
        one(c, actor, id)
    })
}

pub(super) fn one(c: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<Campaign> {
    let row = rows::get(c, actor.group_id, id)?;
    let p = rows::progress(c, actor.store_id.0, &[id])?.pop().map(|(_, p)| p).unwrap_or_default();
    Ok(view(row, p))
}

/// Campaign `id` with the reader's store's progress (`campaign_read`).
pub fn get(app: &App, actor: &Actor, id: i64) -> AppResult<Campaign> {
    require(actor, Permission::CampaignRead)?;
    app.db.read(|c| one(c, actor, id))
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// open | closed | all (default: open)
    pub status: Option<String>,
    /// recall | service
    pub kind: Option<String>,
    /// The campaign's number or title (part).
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl CampaignQuery {
    pub fn parse(&self) -> Result<rows::Filter, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut f = rows::Filter { q: self.q.clone(), ..Default::default() };
        match self.status.as_deref().map(str::trim).unwrap_or("open") {
            "" | "open" => f.status = Some(CampaignStatus::Open),
            "all" => {}
            s => match CampaignStatus::from_code(s) {
                Some(s) => f.status = Some(s),
                None => e.add("status", "value-unknown"),
            },
        }
        match self.kind.as_deref().map(str::trim).unwrap_or("") {
            "" => {}
            k => match CampaignKind::from_code(k) {
                Some(k) => f.kind = Some(k),
                None => e.add("kind", "value-unknown"),
            },
        }
        e.into_result()?;
        Ok(f)
    }
}

/// The group's campaigns matching `f` with the reader's store's progress (`campaign_read`), the
/// newest first.
pub fn list(app: &App, actor: &Actor, f: &rows::Filter, page: PageRequest) -> AppResult<Page<Campaign>> {
    require(actor, Permission::CampaignRead)?;
    app.db.read(|c| {
        let p = rows::list(c, actor.group_id.0, f, page)?;
        let ids: Vec<i64> = p.items.iter().map(|r| r.id).collect();
        let progress = rows::progress(c, actor.store_id.0, &ids)?;
        Ok(Page {
            items: p
                .items
                .into_iter()
                .map(|r| {
                    let found = progress.iter().find(|(id, _)| *id == r.id).map(|(_, p)| *p).unwrap_or_default();
                    view(r, found)
                })
                .collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        })
    })
}
