//! Sessions for staff pages (cookie + CSRF) and bearer tokens for the API, as extractors.

use crate::AppState;
use crate::error::{RequestLocale, WebError, locale_of_headers};
use crate::i18n::Locale;
use app::AppError;
use app::org::auth::StaffContext;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::org::Actor;
use domain::rbac::Permission;
use std::marker::PhantomData;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "autodms_session";
pub const LOGIN_CSRF_COOKIE: &str = "autodms_login_csrf";
pub const LOCALE_COOKIE: &str = "autodms_locale";

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name).and_then(|r| r.strip_prefix('=')).map(str::to_string))
}

/// A signed-in staff member, resolved once per request by `session_layer`, with the menu
/// entries their pages' menu is made from.
#[derive(Clone)]
pub struct Staff(pub Arc<StaffContext>, pub Arc<[&'static crate::menu::MenuEntry]>);

impl Staff {
    pub fn actor(&self) -> &Actor {
        &self.0.actor
    }

    pub fn locale(&self) -> Locale {
        Locale::from_code(&self.0.session.locale)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Resolves the session cookie and enforces CSRF on every unsafe request of the HTML site:
/// the token must come as the `_csrf` form field or the `X-CSRF-Token` header (htmx).
/// Before login the token is the double-submit cookie set by the login page.
pub async fn session_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let staff = match cookie(req.headers(), SESSION_COOKIE) {
        Some(token) => state.run(move |app| app::org::auth::staff_context(app, &token)).await.ok().flatten(),
        None => None,
    };
    let locale =
        staff.as_ref().map_or_else(|| locale_of_headers(req.headers()), |s| Locale::from_code(&s.session.locale));
    req.extensions_mut().insert(RequestLocale(locale));
    let expected = match &staff {
        Some(s) => Some(s.session.csrf_token.clone()),
        None => cookie(req.headers(), LOGIN_CSRF_COOKIE),
    };
    if let Some(s) = staff {
        req.extensions_mut().insert(Staff(Arc::new(s), state.menu.clone()));
    }
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    let (parts, body) = req.into_parts();
    // A form with a file (a PDI photo) is multipart and may be as large as the largest photo.
    let multipart = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let limit = if multipart { domain::delivery::photo::MAX_BYTES + 256 * 1024 } else { 2 * 1024 * 1024 };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let form_token = if multipart { multipart_value(&bytes, "_csrf") } else { form_urlencoded_value(&bytes, "_csrf") };
    let presented = header_token.or(form_token);
    let valid = matches!((&expected, &presented), (Some(e), Some(p)) if constant_time_eq(e.as_bytes(), p.as_bytes()));
    if !valid {
        let page = crate::error::ErrorPage::new(locale, "expired", locale.t("err-csrf"));
        return (StatusCode::FORBIDDEN, axum::response::Html(page.html())).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// A text field of a multipart body (`Content-Disposition: form-data; name="key"`, then a blank
/// line, the value and the boundary's CRLF).
fn multipart_value(body: &[u8], key: &str) -> Option<String> {
    let marker = format!("name=\"{key}\"");
    let at = body.windows(marker.len()).position(|w| w == marker.as_bytes())? + marker.len();
    let rest = &body[at..];
    let start = rest.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let value = &rest[start..];
    let end = value.windows(2).position(|w| w == b"\r\n")?;
    String::from_utf8(value[..end].to_vec()).ok()
}

fn form_urlencoded_value(body: &[u8], key: &str) -> Option<String> {
    form_urlencoded::parse(body).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// Not signed in: pages redirect to the login (htmx gets `HX-Redirect`).
pub struct LoginRedirect(String);

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        let to = format!("/login?next={}", urlencode(&self.0));
        ([("HX-Redirect", to.clone())], Redirect::to(&to)).into_response()
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = LoginRedirect;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Staff>().cloned().ok_or_else(|| {
            let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            LoginRedirect(if parts.method == Method::GET { target.to_string() } else { "/".to_string() })
        })
    }
}

/// A permission as a type, so that a handler states what it needs in its signature.
pub trait Perm: Send + Sync + 'static {
    const P: Permission;
}

macro_rules! perms {
    ($($name:ident),*) => {$(
        pub struct $name;
        impl Perm for $name {
            const P: Permission = Permission::$name;
        }
    )*};
}

perms!(
    CustomerRead,
    CustomerWrite,
    CustomerViewIdNumber,
    CatalogueRead,
    CatalogueManage,
    OrgManage,
    StoreManage,
    UserManage,
    AuditRead,
    OrderRead,
    OrderWrite,
    OrderApprove,
    SigningContactChange,
    SaleDocuments,
    ApprovalRulesManage,
    FinanceRead,
    ContractTemplateManage,
    ContractSign,
    PaymentRegister,
    PaymentConfirm,
    RefundApprove,
    InvoiceManage,
    LoanProductManage,
    VehicleRead,
    VehicleManage,
    VehicleAllocate,
    LocationManage,
    TransferApprove,
    LeadRead,
    LeadWrite,
    LeadAssign,
    LeadLostApprove,
    CrmSettingsManage,
    CustomerDataExport,
    CustomerAnonymise,
    CustomerCampaign,
    DeliveryInspect,
    DeliveryHandOver,
    DeliverySettingsManage,
    StageLimitsManage,
    MessagesManage,
    ServiceRead,
    ServiceWrite,
    ServiceDispatch,
    ServiceQc,
    ServiceWork,
    ServiceSettingsManage,
    PartsRead,
    PartsIssue,
    PartsPurchase,
    PartsCatalogueManage,
    CareRead,
    CallbackRecord,
    ComplaintWrite,
    CampaignRead,
    CampaignManage,
    CampaignContact
);

/// A signed-in staff member who holds permission `P` (403 otherwise).
pub struct Need<P: Perm>(pub Staff, pub PhantomData<P>);

pub enum NeedRejection {
    Login(LoginRedirect),
    Forbidden(WebError),
}

impl IntoResponse for NeedRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Login(r) => r.into_response(),
            Self::Forbidden(e) => e.into_response(),
        }
    }
}

impl<S: Send + Sync, P: Perm> FromRequestParts<S> for Need<P> {
    type Rejection = NeedRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let staff = Staff::from_request_parts(parts, state).await.map_err(NeedRejection::Login)?;
        if staff.actor().can(P::P) {
            Ok(Need(staff, PhantomData))
        } else {
            Err(NeedRejection::Forbidden(WebError(AppError::Forbidden)))
        }
    }
}

/// The API caller, authenticated by `Authorization: Bearer <personal API token>`.
pub struct ApiUser(pub Actor);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|t| t.trim().to_string());
        let refuse = |why| WebError(AppError::Unauthenticated(why));
        let token = token.ok_or_else(|| refuse(app::LoginRefusal::MissingToken))?;
        let actor = state.run(move |app| app::org::auth::resolve_api_token(app, &token)).await?;
        actor.map(ApiUser).ok_or_else(|| refuse(app::LoginRefusal::BadToken))
    }
}

/// An API caller who holds permission `P`.
pub struct ApiNeed<P: Perm>(pub Actor, pub PhantomData<P>);

impl<P: Perm> FromRequestParts<AppState> for ApiNeed<P> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiUser(actor) = ApiUser::from_request_parts(parts, state).await?;
        if actor.can(P::P) { Ok(ApiNeed(actor, PhantomData)) } else { Err(WebError(AppError::Forbidden)) }
    }
}
