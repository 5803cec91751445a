//! A customer's personal data: the export of everything held about them (Excel, readable
//! sheets) and their anonymisation.

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ExportForm {
    /// `xlsx`: the readable workbook (Chinese headings, yuan, words for codes); else JSON.
    format: String,
}

/// A copy of everything the store keeps about the customer, for them: the machine-readable JSON,
/// or a workbook a person reads (one sheet per kind of record); audited either way.
pub(super) async fn data_export(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerDataExport>,
    Id(id): Id,
    Form(f): Form<ExportForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let document = state.run(move |app| app::customers::privacy::export(app, &actor, id)).await?;
    let (body, kind, name) = if f.format == "xlsx" {
        let tz = Ctx::new(&staff, "/customers", None).tz;
        let book = documents::xlsx::book(readable(staff.locale(), tz, &document))
            .map_err(|e| WebError::from(app::AppError::internal(e)))?;
        (book, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("customer-{id}-data.xlsx"))
    } else {
        let json = serde_json::to_vec_pretty(&document).map_err(|e| WebError::from(app::AppError::internal(e)))?;
        (json, "application/json; charset=utf-8", format!("customer-{id}-data.json"))
    };
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

/// How a column of the export is read: as text, an amount in fen (written in yuan), or a code
/// whose words are the locale's `<prefix>-<code>`.
#[derive(Clone, Copy)]
pub(super) enum Col {
    Text,
    Yuan,
    Code(&'static str),
}

/// The export's sections as sheets: (section, its columns).
pub(super) const SECTIONS: [(&str, &[(&str, Col)]); 9] = [
    (
        "leads",
        &[
            ("created_at", Col::Text),
            ("channel", Col::Code("channel")),
            ("stage", Col::Code("lead-stage")),
            ("budget_fen", Col::Yuan),
            ("timeframe", Col::Code("lead-timeframe")),
            ("payment_intention", Col::Code("lead-payment")),
            ("trade_in", Col::Text),
            ("notes", Col::Text),
        ],
    ),
    (
        "contacts",
        &[
            ("at", Col::Text),
            ("kind", Col::Code("lead-contact")),
            ("outcome", Col::Code("lead-outcome")),
            ("note", Col::Text),
        ],
    ),
    (
        "test_drives",
        &[
            ("starts_at", Col::Text),
            ("status", Col::Code("test-drive-status")),
            ("licence_number_ends_with", Col::Text),
            ("impression", Col::Text),
        ],
    ),
    (
        "orders",
        &[
            ("order_no", Col::Text),
            ("created_at", Col::Text),
            ("status", Col::Code("status")),
            ("total_fen", Col::Yuan),
        ],
    ),
    (
        "payments",
        &[
            ("order_no", Col::Text),
            ("kind", Col::Code("pay-kind")),
            ("method", Col::Code("pay-method")),
            ("amount_fen", Col::Yuan),
            ("paid_on", Col::Text),
            ("status", Col::Code("pay-status")),
            ("receipt_no", Col::Text),
        ],
    ),
    (
        "refunds",
        &[
            ("order_no", Col::Text),
            ("kind", Col::Code("refund-kind")),
            ("amount_fen", Col::Yuan),
            ("status", Col::Code("refund-status")),
            ("reason", Col::Text),
            ("paid_at", Col::Text),
        ],
    ),
    (
        "contracts",
        &[
            ("order_no", Col::Text),
            ("contract_no", Col::Text),
            ("version", Col::Text),
            ("status", Col::Code("contract-status")),
            ("customer_signed_at", Col::Text),
            ("countersigned_at", Col::Text),
            ("pdf_sha256", Col::Text),
            ("signing_evidence", Col::Text),
        ],
    ),
    (
        "invoices",
        &[
            ("order_no", Col::Text),
            ("invoice_code", Col::Text),
            ("invoice_no", Col::Text),
            ("invoice_date", Col::Text),
            ("gross_fen", Col::Yuan),
            ("status", Col::Code("invoice-status")),
        ],
    ),
    (
        "vehicles",
        &[
            ("vin", Col::Text),
            ("plate", Col::Text),
            ("description", Col::Text),
            ("origin", Col::Code("customer-vehicle-origin")),
            ("registered_on", Col::Text),
            ("owned_since", Col::Text),
            ("owned_until", Col::Text),
            ("mileage_km", Col::Text),
        ],
    ),
];

/// A value as a person reads it: an instant in the store's time ("2026-12-07 07:02"), other text
/// as is, a nested record as "key: value" pairs.
pub(super) fn plain(tz: chrono_tz::Tz, v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(at) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => s.clone(),
        },
        serde_json::Value::Array(items) => items.iter().map(|i| plain(tz, i)).collect::<Vec<_>>().join("、"),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", plain(tz, v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

pub(super) fn cell(l: Locale, tz: chrono_tz::Tz, col: Col, v: &serde_json::Value) -> documents::xlsx::Cell {
    use documents::xlsx::Cell;
    match (col, v) {
        (_, serde_json::Value::Null) => Cell::Empty,
        (Col::Yuan, v) => v.as_i64().map_or(Cell::Empty, Cell::Yuan),
        (Col::Code(prefix), serde_json::Value::String(code)) => Cell::Text(l.t(&format!("{prefix}-{code}"))),
        (_, v) => Cell::Text(plain(tz, v)),
    }
}

/// The export document as a workbook: the profile and consent as item/value rows, then one sheet
/// per kind of record, headed in the reader's language.
pub(super) fn readable(l: Locale, tz: chrono_tz::Tz, doc: &serde_json::Value) -> Vec<documents::xlsx::Sheet> {
    use documents::xlsx::{Cell, Sheet};
    let head = |key: &str| l.t(&format!("export-col-{key}"));
    let mut profile: Vec<Vec<Cell>> = Vec::new();
    if let Some(map) = doc["profile"].as_object() {
        for (k, v) in map {
            let col = if k == "kind" { Col::Code("customer-kind") } else { Col::Text };
            profile.push(vec![Cell::Text(head(k)), cell(l, tz, col, v)]);
        }
    }
    let consent = &doc["marketing_consent"];
    let given = if consent["given"].as_bool() == Some(true) { l.t("export-yes") } else { l.t("export-no") };
    profile.push(vec![Cell::Text(head("marketing_consent")), Cell::Text(given)]);
    profile
        .push(vec![Cell::Text(head("consent_source")), cell(l, tz, Col::Code("consent-source"), &consent["source"])]);
    profile.push(vec![Cell::Text(head("consent_at")), cell(l, tz, Col::Text, &consent["at"])]);
    profile.push(vec![Cell::Text(head("exported_at")), cell(l, tz, Col::Text, &doc["exported_at"])]);
    let mut sheets =
        vec![Sheet { name: l.t("export-sheet-profile"), headers: vec![head("item"), head("value")], rows: profile }];
    for (section, cols) in SECTIONS {
        let rows = doc[section]
            .as_array()
            .map(|items| {
                items.iter().map(|item| cols.iter().map(|(k, col)| cell(l, tz, *col, &item[*k])).collect()).collect()
            })
            .unwrap_or_default();
        sheets.push(Sheet {
            name: l.t(&format!("export-sheet-{section}")),
            headers: cols.iter().map(|(k, _)| head(k)).collect(),
            rows,
        });
    }
    sheets
}

#[derive(Deserialize)]
pub(super) struct VersionForm {
    #[serde(default)]
    version: String,
}

/// Erases the customer's personal data on their request, after the page's confirmation.
pub(super) async fn anonymise(
    State(state): State<AppState>,
    Need(staff, _): Need<CustomerAnonymise>,
    Id(id): Id,
    Form(f): Form<VersionForm>,
) -> Result<Response, WebError> {
    let actor = staff.actor().clone();
    let version = f.version.trim().parse().unwrap_or(-1);
    match state.run(move |app| app::customers::privacy::anonymise(app, &actor, id, version)).await {
        Ok(_) => Ok(Redirect::to(&format!("/customers/{id}?flash=customer-anonymised")).into_response()),
        Err(AppError::Conflict(Conflict::Refused { code })) => {
            let msg = staff.locale().error(code);
            Ok((StatusCode::CONFLICT, show_page(&state, &staff, id, None, Some(msg), Default::default()).await?)
                .into_response())
        }
        Err(AppError::Conflict(Conflict::Stale)) => {
            let msg = staff.locale().t("err-stale");
            Ok((StatusCode::CONFLICT, show_page(&state, &staff, id, None, Some(msg), Default::default()).await?)
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
