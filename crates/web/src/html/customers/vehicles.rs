//! A customer's cars on their profile: the list, a car bought elsewhere added, a car no longer
//! owned; and the service desk's look-up by plate or VIN.

use super::*;
use app::customers::vehicles::{FoundVehicle, VehicleInput};

/// The car form as typed and why it was refused (empty when it was not).
#[derive(Default)]
pub(super) struct VehicleForm {
    pub(super) input: VehicleInput,
    pub(super) errors: HashMap<String, String>,
    /// Open the form: it was refused and shows its errors.
    pub(super) open: bool,
}

pub(super) async fn add(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Id(id): Id,
    Form(input): Form<VehicleInput>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let typed = input.clone();
    let error = match state.run(move |app| app::customers::vehicles::add(app, &actor, id, &input)).await {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/customers/{id}?flash=customer-vehicle-added#vehicles")).into_response());
        }
        Err(e) => e,
    };
    let l = staff.locale();
    let mut errors = HashMap::new();
    let status = match &error {
        AppError::Validation(fe) => {
            for e in fe.iter() {
                errors.entry(e.field.clone()).or_insert_with(|| l.error(e.code));
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        AppError::Conflict(Conflict::Duplicate { field, code, .. }) => {
            errors.insert(field.to_string(), l.error(code));
            StatusCode::CONFLICT
        }
        _ => return Err(error.into()),
    };
    let form = VehicleForm { input: typed, errors, open: true };
    Ok((status, show_page(&state, &staff, id, None, None, form).await?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReleaseForm {
    version: String,
    owned_until: String,
    customer_id: String,
}

pub(super) async fn release(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerWrite>,
    Id(id): Id,
    Form(f): Form<ReleaseForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let version = f.version.trim().parse().unwrap_or(-1);
    let on = f.owned_until.clone();
    let v = state.run(move |app| app::customers::vehicles::release(app, &actor, id, version, &on)).await;
    match v {
        Ok(v) => Ok(Redirect::to(&format!("/customers/{}?flash=customer-vehicle-released#vehicles", v.customer_id))
            .into_response()),
        Err(e @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let Ok(customer_id) = f.customer_id.trim().parse::<i64>() else { return Err(e.into()) };
            let l = staff.locale();
            let message = match &e {
                AppError::Validation(fe) => fe.iter().next().map_or_else(|| l.t("err-validation"), |x| l.error(x.code)),
                AppError::Conflict(Conflict::Refused { code }) => l.error(code),
                AppError::Conflict(Conflict::Stale) => l.t("err-stale"),
                _ => l.t("err-validation"),
            };
            let mut errors = HashMap::new();
            errors.insert("release".to_string(), message);
            let form = VehicleForm { errors, ..VehicleForm::default() };
            let status = if matches!(e, AppError::Validation(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            Ok((status, show_page(&state, &staff, customer_id, None, None, form).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "customers/vehicles.html")]
struct FindPage {
    ctx: Ctx,
    crumbs: Vec<(String, String)>,
    q: String,
    found: Vec<FoundVehicle>,
}

impl FindPage {
    fn origin(&self, v: &app::customers::vehicles::CustomerVehicle) -> String {
        self.ctx.t(&format!("customer-vehicle-origin-{}", v.origin.code()))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FindQuery {
    q: String,
}

/// The service desk's look-up: the cars owned now by customers within the reader's reach that
/// match a plate or VIN.
pub(super) async fn find(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerRead>,
    Query(f): Query<FindQuery>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let q = f.q.trim().to_string();
    let query = q.clone();
    let found = state.run(move |app| app::customers::vehicles::find(app, &actor, &query)).await?;
    let l = staff.locale();
    render(&FindPage {
        ctx: Ctx::new(&staff, "/customers", None),
        crumbs: vec![(l.t("nav-customers"), "/customers".into()), (l.t("customer-vehicle-find"), String::new())],
        q,
        found,
    })
}
