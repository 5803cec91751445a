use super::bodies::{ColourBody, OptionBody, TrimBody};
use super::{ApiErrorBody, ApiJson, Id};
use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiNeed, CatalogueManage, CatalogueRead};
use app::catalogue::{Brand, CatalogueOption, Colour, Model, Trim};
use app::catalogue::{BrandInput, BrandTree, ColourInput, ModelDetail, ModelInput, OptionInput, TrimInput};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};

/// This capability's operations in the API document (merged by `api::document`).
#[derive(utoipa::OpenApi)]
#[openapi(paths(
    tree,
    model,
    brand_create,
    brand_update,
    model_create,
    model_update,
    trim_create,
    trim_update,
    colour_create,
    colour_update,
    option_create,
    option_update
))]
pub struct Doc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/catalogue", get(tree))
        .route("/catalogue/brands", post(brand_create))
        .route("/catalogue/brands/{id}", put(brand_update))
        .route("/catalogue/brands/{id}/models", post(model_create))
        .route("/catalogue/models/{id}", get(model).put(model_update))
        .route("/catalogue/models/{id}/trims", post(trim_create))
        .route("/catalogue/trims/{id}", put(trim_update))
        .route("/catalogue/models/{id}/colours", post(colour_create))
        .route("/catalogue/colours/{id}", put(colour_update))
        .route("/catalogue/models/{id}/options", post(option_create))
        .route("/catalogue/options/{id}", put(option_update))
}

/// Brands with their models and trims.
#[utoipa::path(get, path = "/api/v1/catalogue", tag = "catalogue", security(("bearer" = ["catalogue_read"])), responses((status = 200, body = Vec<BrandTree>)))]
pub async fn tree(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CatalogueRead>,
) -> Result<Json<Vec<BrandTree>>, WebError> {
    Ok(Json(state.run(move |app| app::catalogue::tree(app, &actor)).await?))
}

/// One model with its trims, colours, options and accessories (and which trims each fits).
#[utoipa::path(get, path = "/api/v1/catalogue/models/{id}", tag = "catalogue", security(("bearer" = ["catalogue_read"])), params(("id" = i64, Path)),
    responses((status = 200, body = ModelDetail), (status = 404, body = ApiErrorBody)))]
pub async fn model(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CatalogueRead>,
    Id(id): Id,
) -> Result<Json<ModelDetail>, WebError> {
    Ok(Json(state.run(move |app| app::catalogue::model(app, &actor, id)).await?))
}

/// Generates a create (POST under a parent, 201) and an update (PUT, version in the body) handler.
macro_rules! write_pair {
    ($create:ident, $update:ident, $body:ty, $input:ty, $row:ty, $app_create:path, $app_update:path, $create_path:literal, $update_path:literal) => {
        #[utoipa::path(post, path = $create_path, tag = "catalogue", security(("bearer" = ["catalogue_manage"])), params(("id" = i64, Path, description = "parent id")), request_body = $body,
            responses((status = 201, body = $row), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
        pub async fn $create(State(state): State<AppState>, ApiNeed(actor, _): ApiNeed<CatalogueManage>, Id(parent): Id, ApiJson(body): ApiJson<$body>) -> Result<(StatusCode, Json<$row>), WebError> {
            let input = <$input>::from(body);
            Ok((StatusCode::CREATED, Json(state.run(move |app| $app_create(app, &actor, parent, &input)).await?)))
        }

        #[utoipa::path(put, path = $update_path, tag = "catalogue", security(("bearer" = ["catalogue_manage"])), params(("id" = i64, Path)), request_body = $body,
            responses((status = 200, body = $row), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
        pub async fn $update(State(state): State<AppState>, ApiNeed(actor, _): ApiNeed<CatalogueManage>, Id(id): Id, ApiJson(body): ApiJson<$body>) -> Result<Json<$row>, WebError> {
            let input = <$input>::from(body);
            Ok(Json(state.run(move |app| $app_update(app, &actor, id, input.version, &input)).await?))
        }
    };
}

#[utoipa::path(post, path = "/api/v1/catalogue/brands", tag = "catalogue", security(("bearer" = ["catalogue_manage"])), request_body = BrandInput,
    responses((status = 201, body = Brand), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn brand_create(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CatalogueManage>,
    ApiJson(input): ApiJson<BrandInput>,
) -> Result<(StatusCode, Json<Brand>), WebError> {
    Ok((StatusCode::CREATED, Json(state.run(move |app| app::catalogue::create_brand(app, &actor, &input)).await?)))
}

#[utoipa::path(put, path = "/api/v1/catalogue/brands/{id}", tag = "catalogue", security(("bearer" = ["catalogue_manage"])), params(("id" = i64, Path)), request_body = BrandInput,
    responses((status = 200, body = Brand), (status = 422, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn brand_update(
    State(state): State<AppState>,
    ApiNeed(actor, _): ApiNeed<CatalogueManage>,
    Id(id): Id,
    ApiJson(input): ApiJson<BrandInput>,
) -> Result<Json<Brand>, WebError> {
    Ok(Json(state.run(move |app| app::catalogue::update_brand(app, &actor, id, input.version, &input)).await?))
}

write_pair!(
    model_create,
    model_update,
    ModelInput,
    ModelInput,
    Model,
    app::catalogue::create_model,
    app::catalogue::update_model,
    "/api/v1/catalogue/brands/{id}/models",
    "/api/v1/catalogue/models/{id}"
);
write_pair!(
    trim_create,
    trim_update,
    TrimBody,
    TrimInput,
    Trim,
    app::catalogue::create_trim,
    app::catalogue::update_trim,
    "/api/v1/catalogue/models/{id}/trims",
    "/api/v1/catalogue/trims/{id}"
);
write_pair!(
    colour_create,
    colour_update,
    ColourBody,
    ColourInput,
    Colour,
    app::catalogue::create_colour,
    app::catalogue::update_colour,
    "/api/v1/catalogue/models/{id}/colours",
    "/api/v1/catalogue/colours/{id}"
);
write_pair!(
    option_create,
    option_update,
    OptionBody,
    OptionInput,
    CatalogueOption,
    app::catalogue::create_option,
    app::catalogue::update_option,
    "/api/v1/catalogue/models/{id}/options",
    "/api/v1/catalogue/options/{id}"
);
