//! Marketing e-mails (an event, a new model) to the customers of a filtered list, within the
//! sender's data scope (`customer_campaign`). Only customers who agreed to marketing messages
//! receive one (`notify::send_marketing` checks); the others are counted, not written to.

use super::CustomerFilter;
use crate::kernel::audit::{self, Action, Changes, Record};
use crate::kernel::notify::{NotSent, Notice};
use crate::kernel::scope::{EXPORT_LIMIT, visibility};
use crate::{App, AppError, AppResult, require};
use domain::FieldErrors;
use domain::org::Actor;
use domain::rbac::Permission;
use domain::text;
use storage::PageRequest;

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CampaignInput {
    pub subject: String,
    pub body: String,
}

/// How many were written to, and why the others were not.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, utoipa::ToSchema)]
pub struct CampaignResult {
    pub sent: i64,
    /// Customers who have not agreed to marketing messages.
    pub without_consent: i64,
    /// Agreed, but left no e-mail address.
    pub without_email: i64,
}

impl CampaignResult {
    fn count(&mut self, outcome: Result<(), NotSent>) {
        match outcome {
            Ok(()) => self.sent += 1,
            Err(NotSent::NoConsent) => self.without_consent += 1,
            Err(NotSent::NoAddress) => self.without_email += 1,
        }
    }
}

/// Queues the message for every customer of the filtered list who agreed, in one audited write.
#[tracing::instrument(name = "customers", skip_all, fields(use_case = "campaign", store = actor.store_id.0, actor = actor.user_id.0))]
pub fn send(app: &App, actor: &Actor, filter: &CustomerFilter, input: &CampaignInput) -> AppResult<CampaignResult> {
    let now = app.now();
    require(actor, Permission::CustomerCampaign)?;
    let mut e = FieldErrors::new();
    let subject = e.check("subject", text::required(&input.subject, 100));
    let body = e.check("body", text::required(&input.body, 2000));
    e.into_result()?;
    let (subject, body) = (subject.expect("checked"), body.expect("checked"));
    app.db.write(|c| {
        let vis = visibility(c, actor)?;
        let store = storage::org::get_store(c, actor.store_id.0)?;
        let mut result = CampaignResult::default();
        for_each(c, &vis, filter, |c, customer| {
            let notice = Notice::marketing("mail-marketing")
                .arg("customer", &customer.name)
                .arg("store", &store.name)
                .arg("subject", &subject)
                .arg("body", &body);
            result.count(crate::kernel::notify::send_marketing(app, c, customer, &notice)?);
            Ok(())
        })?;
        audit::record(
            c,
            now,
            actor,
            Record {
                action: Action::CustomerCampaignSent,
                entity_id: 0,
                store_id: Some(actor.store_id.0),
                changes: Changes::new()
                    .created("subject", &subject)
                    .created("sent", result.sent)
                    .created("without_consent", result.without_consent)
                    .created("without_email", result.without_email)
                    .created("q", &filter.q)
                    .created("tag", &filter.tag),
            },
        )?;
        Ok(result)
    })
}

/// Who a campaign to the filtered list would reach, before it is sent (`sent`: would be).
pub fn preview(app: &App, actor: &Actor, filter: &CustomerFilter) -> AppResult<CampaignResult> {
    require(actor, Permission::CustomerCampaign)?;
    app.db.read(|c| {
        let vis = visibility(c, actor)?;
        let mut result = CampaignResult::default();
        for_each(c, &vis, filter, |_, customer| {
            result.count(crate::kernel::notify::marketing_address(customer).map(|_| ()));
            Ok(())
        })?;
        Ok(result)
    })
}

/// Calls `f` on every customer of the filtered list, a page at a time; a list longer than
/// `EXPORT_LIMIT` asks the user to narrow the filters.
fn for_each(
    c: &mut storage::DbConnection,
    vis: &storage::scope::Visibility,
    filter: &CustomerFilter,
    mut f: impl FnMut(&mut storage::DbConnection, &storage::customers::CustomerRow) -> AppResult<()>,
) -> AppResult<()> {
    let mut page = PageRequest { page: 1, per_page: 1000 };
    loop {
        let batch = storage::customers::list(c, vis, filter, page)?;
        if batch.total > EXPORT_LIMIT {
            return Err(AppError::field("filter", "export-too-large"));
        }
        for customer in &batch.items {
            f(c, customer)?;
        }
        if batch.page >= batch.pages() {
            return Ok(());
        }
        page.page += 1;
    }
}
