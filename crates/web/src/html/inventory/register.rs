//! Registering a vehicle by hand (a car bought in, a demo car): the form and its checks.

use crate::AppState;
use crate::error::WebError;
use crate::extract::Form;
use crate::html::form::{Field, FormPage, Kind, submit};
use crate::html::{Ctx, render};
use crate::session::{Need, Staff, VehicleManage};
use app::App;
use app::inventory::locations::Location;
use app::inventory::stock::Names;
use axum::extract::State;
use axum::response::{Html, Response};
use chrono::NaiveDate;
use domain::org::Actor;
use serde::Deserialize;

/// The registration form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct RegisterForm {
    vin: String,
    accept_unchecked_vin: Option<bool>,
    trim_id: String,
    exterior_colour_id: String,
    interior_colour_id: String,
    engine_no: String,
    certificate_no: String,
    production_date: String,
    cost: String,
    whereabouts: String,
    usage: String,
    location_id: String,
}

impl RegisterForm {
    fn input(&self) -> app::inventory::VehicleInput {
        let n = |s: &str| s.trim().parse().ok();
        app::inventory::VehicleInput {
            vin: self.vin.clone(),
            accept_unchecked_vin: self.accept_unchecked_vin.unwrap_or(false),
            engine_no: self.engine_no.clone(),
            certificate_no: self.certificate_no.clone(),
            trim_id: n(&self.trim_id),
            exterior_colour_id: n(&self.exterior_colour_id),
            interior_colour_id: n(&self.interior_colour_id),
            production_date: NaiveDate::parse_from_str(self.production_date.trim(), "%Y-%m-%d").ok(),
            cost_fen: money(&self.cost),
            list_price_fen: None,
            whereabouts: self.whereabouts.clone(),
            usage: self.usage.clone(),
            location_id: n(&self.location_id),
        }
    }
}

/// The trims and colours of the group as select options ("" first: choose).
/// A select's options: value and label.
pub(super) type Options = Vec<(String, String)>;

/// The trims and the colours as select options.
pub(super) fn spec_options(l: crate::i18n::Locale, names: &Names) -> (Options, Options) {
    let choose = (String::new(), l.t("choose"));
    let mut trims: Vec<(String, String)> = names.trims.iter().map(|(id, (_, n))| (id.to_string(), n.clone())).collect();
    trims.sort_by(|a, b| a.1.cmp(&b.1));
    trims.insert(0, choose.clone());
    let mut colours: Vec<(String, String)> = names.colours.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    colours.sort_by(|a, b| a.1.cmp(&b.1));
    colours.insert(0, choose);
    (trims, colours)
}

fn register_form(staff: &Staff, names: &Names, locations: &[Location], f: &RegisterForm) -> FormPage {
    let l = staff.locale();
    let mut places = vec![(String::new(), "—".to_string())];
    places.extend(locations.iter().filter(|x| x.active).map(|x| (x.id.to_string(), x.name.clone())));
    let (trims, colours) = spec_options(l, names);
    let codes = |prefix: &str, codes: &[&str]| -> Vec<(String, String)> {
        codes.iter().map(|c| (c.to_string(), l.t(&format!("{prefix}-{c}")))).collect()
    };
    let mut fields = vec![Field::new(l, "vin", Kind::Text, &f.vin).required().autofocus().help(l.t("help-vin"))];
    // Offered only where the store's settings accept such VINs (imports).
    let store = staff.0.stores.iter().find(|s| s.id == staff.actor().store_id.0);
    if store.is_some_and(|s| s.accept_unchecked_vins) {
        fields.push(
            Field::new(l, "accept_unchecked_vin", Kind::Checkbox, f.accept_unchecked_vin.unwrap_or(false).to_string())
                .help(l.t("help-accept-unchecked-vin")),
        );
    }
    fields.extend([
        Field::new(l, "trim_id", Kind::Select, &f.trim_id).required().options(trims),
        Field::new(l, "exterior_colour_id", Kind::Select, &f.exterior_colour_id).required().options(colours.clone()),
        Field::new(l, "interior_colour_id", Kind::Select, &f.interior_colour_id).options(colours),
        Field::new(l, "whereabouts", Kind::Select, &f.whereabouts)
            .options(codes("vehicle-status", &["ordered", "in_stock"])),
        Field::new(l, "location_id", Kind::Select, &f.location_id)
            .options(places)
            .shown_when("whereabouts", &["in_stock"]),
        Field::new(l, "usage", Kind::Select, &f.usage).options(codes("vehicle-usage", &["stock", "demo", "loaner"])),
        Field::new(l, "engine_no", Kind::Text, &f.engine_no),
        Field::new(l, "certificate_no", Kind::Text, &f.certificate_no),
        Field::new(l, "production_date", Kind::Date, &f.production_date),
        Field::new(l, "cost", Kind::Money, &f.cost).errors_of("cost_fen"),
    ]);
    FormPage {
        ctx: Ctx::new(staff, "/vehicles", None),
        crumbs: vec![(l.t("nav-vehicles"), "/vehicles".into()), (l.t("vehicle-new"), String::new())],
        title: l.t("vehicle-new"),
        action: "/vehicles".into(),
        cancel: "/vehicles".into(),
        submit: l.t("action-save"),
        version: None,
        fields,
        form_error: None,
    }
}

pub(super) async fn new(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
) -> Result<Html<String>, WebError> {
    let actor = staff.actor().clone();
    let (names, locations) = state
        .run(move |app| {
            Ok((app::inventory::stock::names(app, &actor)?, app::inventory::locations::of_store(app, &actor)?))
        })
        .await?;
    let f = RegisterForm { whereabouts: "in_stock".into(), usage: "stock".into(), ..Default::default() };
    render(&register_form(&staff, &names, &locations, &f))
}

pub(super) async fn create(
    State(state): State<AppState>,
    Need(staff, _): Need<VehicleManage>,
    Form(f): Form<RegisterForm>,
) -> Result<Response, WebError> {
    let input = f.input();
    let write = move |app: &App, a: &Actor| app::inventory::register(app, a, &input, None);
    let page = async || {
        let actor = staff.actor().clone();
        let (names, locations) = state
            .run(move |app| {
                Ok((app::inventory::stock::names(app, &actor)?, app::inventory::locations::of_store(app, &actor)?))
            })
            .await?;
        Ok(register_form(&staff, &names, &locations, &f))
    };
    submit(&state, &staff, write, |v| format!("/vehicles/{}?flash=saved", v.id), page).await
}

/// An amount typed in yuan: blank is none; what is no amount becomes -1 fen, which the use case
/// refuses next to the field.
pub(super) fn money(s: &str) -> Option<i64> {
    if s.trim().is_empty() {
        return None;
    }
    Some(domain::Money::parse_price(s).map_or(-1, |m| m.fen()))
}
