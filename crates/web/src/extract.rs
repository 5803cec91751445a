//! Extractors whose rejections are ordinary `WebError`s, so that malformed input gets the same
//! clear answer as invalid input (JSON under /api, an error page elsewhere) instead of plain text.

use crate::error::WebError;
use app::AppError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A form body (`application/x-www-form-urlencoded`); repeated keys fill `Vec` fields.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum_extra::extract::Form::<T>::from_request(req, state).await {
            Ok(axum_extra::extract::Form(v)) => Ok(Self(v)),
            Err(rejection) => {
                tracing::debug!(%rejection, "malformed form");
                Err(WebError(AppError::field("form", "form-invalid")))
            }
        }
    }
}

/// A JSON body. A field the type does not have is refused (422 naming it), never ignored: a
/// misspelt `discount_bp` must not price an order without its discount.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let invalid = |why: &dyn std::fmt::Display| {
            tracing::debug!(%why, "bad JSON body");
            WebError(AppError::field("body", "json-invalid"))
        };
        let axum::Json(value) =
            axum::Json::<serde_json::Value>::from_request(req, state).await.map_err(|r| invalid(&r))?;
        let mut unknown = Vec::new();
        let parsed: T =
            serde_ignored::deserialize(value, |path| unknown.push(path.to_string())).map_err(|e| invalid(&e))?;
        if unknown.is_empty() {
            return Ok(Self(parsed));
        }
        let mut e = domain::FieldErrors::new();
        for field in unknown {
            e.add(field, "field-unknown");
        }
        Err(WebError(AppError::Validation(e)))
    }
}

/// A JSON body of a type with `#[serde(flatten)]` fields, whose unknown keys serde drops without
/// telling: a key the parsed value does not serialize back is refused, as [`ApiJson`] refuses
/// the others (`{"is_admin": true}` is a 422, not quietly ignored).
pub struct ApiJsonFlat<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + serde::Serialize> FromRequest<S> for ApiJsonFlat<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| WebError(AppError::field("body", "json-invalid")))?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|_| WebError(AppError::field("body", "json-invalid")))?;
        let parsed: T = serde_json::from_value(value.clone()).map_err(|why| {
            tracing::debug!(%why, "bad JSON body");
            WebError(AppError::field("body", "json-invalid"))
        })?;
        let known = serde_json::to_value(&parsed).map_err(|e| WebError(AppError::internal(e)))?;
        let mut e = domain::FieldErrors::new();
        if let (Some(sent), Some(known)) = (value.as_object(), known.as_object()) {
            for key in sent.keys().filter(|k| !known.contains_key(*k)) {
                e.add(key.clone(), "field-unknown");
            }
        }
        e.into_result().map_err(|e| WebError(AppError::Validation(e)))?;
        Ok(Self(parsed))
    }
}

/// A query string.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(rejection) => {
                // Name the parameter: serde says "unknown field `x`" or "... `x`: invalid digit".
                let text = rejection.body_text();
                let named = text.split('`').nth(1).filter(|n| n.len() <= 40).unwrap_or("query").to_string();
                let code = if text.contains("unknown field") { "field-unknown" } else { "query-invalid" };
                Err(WebError(AppError::field(&named, code)))
            }
        }
    }
}

/// The numeric id of a path like `/customers/{id}`; anything else is "not found".
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<i64>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Self(v)),
            Err(_) => Err(WebError(AppError::NotFound)),
        }
    }
}
