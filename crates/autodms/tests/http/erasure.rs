//! Erasure leaves nobody behind (PIPL art. 47): after a customer with a whole deal behind them is
//! anonymised, every text column of every table is searched for their name, mobile number,
//! e-mail address and ID number. A hit is allowed only where the law keeps it, named below with
//! the reason; a new table or column that holds personal data and is neither erased nor listed
//! here fails this test.

use crate::support::*;
use axum::http::{Method, StatusCode};
use diesel::prelude::*;
use serde_json::json;

/// Columns that keep the buyer's data after erasure, and why.
const KEPT_BY_LAW: &[(&str, &str, &str)] = &[
    ("invoices", "fields", "机动车销售统一发票: the buyer's name is on the invoice (tax law, kept 10 years)"),
    ("contracts", "data", "the contract as signed: the parties' names, contacts and address (Civil Code art. 469)"),
    (
        "contracts",
        "customer_evidence",
        "the signed contract's evidence: who signed it (Electronic Signature Law art. 24)",
    ),
];

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    tbl: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    col: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Every (table, column, needle) where a text column still holds a needle.
fn hits(db: &storage::Db, needles: &[String]) -> Vec<(String, String, String)> {
    db.read(|c| {
        let columns: Vec<Column> = match c {
            storage::DbConnection::Sqlite(c) => diesel::sql_query(
                "SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%search%' \
                 AND m.name != '__diesel_schema_migrations' AND upper(p.type) IN ('TEXT', 'VARCHAR')",
            )
            .load(c),
            storage::DbConnection::Postgres(c) => diesel::sql_query(
                "SELECT table_name::text AS tbl, column_name::text AS col FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying') \
                 AND table_name != '__diesel_schema_migrations'",
            )
            .load(c),
        }
        .map_err(storage::StorageError::from_diesel)?;
        let mut found = Vec::new();
        for column in &columns {
            for needle in needles {
                let sql = format!(
                    "SELECT COUNT(*) AS n FROM {} WHERE CAST({} AS TEXT) LIKE '%{}%'",
                    column.tbl,
                    column.col,
                    needle.replace('\'', "''")
                );
                let n = match c {
                    storage::DbConnection::Sqlite(c) => diesel::sql_query(sql).get_result::<Count>(c),
                    storage::DbConnection::Postgres(c) => diesel::sql_query(sql).get_result::<Count>(c),
                }
                .map_err(storage::StorageError::from_diesel)?
                .n;
                if n > 0 {
                    found.push((column.tbl.clone(), column.col.clone(), needle.clone()));
                }
            }
        }
        Ok::<_, storage::StorageError>(found)
    })
    .expect("scan")
}

#[tokio::test]
async fn an_anonymised_buyer_is_gone_from_every_table_but_what_the_law_keeps() {
    let t = TestApp::new().await;
    let adv = t.token_for("a.advisor1").await;
    let (name, mobile, email, id_number) =
        ("欧阳靖雯", "13700003701", "ouyang.jingwen@example.com", "360426199101010071");
    let r = t
        .client()
        .api(
            Method::POST,
            "/api/v1/customers",
            Some(&adv),
            Some(json!({"name": name, "mobile": mobile, "email": email, "id_number": id_number, "address": "上海市浦东新区锦绣路 1 号"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cust = r.json()["id"].as_i64().unwrap();
    // A car of theirs bought elsewhere, with its plate.
    let car = json!({"vin": "LSVAU2180N2183290", "accept_unchecked_vin": true, "plate": "沪A37012", "description": "大众 帕萨特 2019款"});
    let r = t.client().api(Method::POST, &format!("/api/v1/customers/{cust}/vehicles"), Some(&adv), Some(car)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A deal: confirmed on the buyer's link, contract signed by the buyer, countersigned, then
    // cancelled by agreement (an order finished, so the erasure may proceed).
    let (id, _) = t.confirmed_order(&adv, cust, "1").await;
    t.signed_contract("a.advisor1", id).await;
    let v =
        t.client().api(Method::GET, &format!("/api/v1/orders/{id}"), Some(&adv), None).await.json()["order"]["version"]
            .clone();
    let r = t
        .client()
        .api(
            Method::POST,
            &format!("/api/v1/orders/{id}/cancel"),
            Some(&adv),
            Some(json!({"version": v, "text": "客户放弃"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let needles: Vec<String> = [name, mobile, email, id_number, "锦绣路", "沪A37012"].map(str::to_string).to_vec();
    let before = hits(t.app.database(), &needles);
    assert!(before.iter().any(|(t, _, _)| t == "outbox"), "the scan finds the e-mails before: {before:?}");

    let gm = t.token_for("a.gm").await;
    let version =
        t.client().api(Method::GET, &format!("/api/v1/customers/{cust}"), Some(&gm), None).await.json()["version"]
            .clone();
    let r = t
        .client()
        .api(Method::POST, &format!("/api/v1/customers/{cust}/anonymise"), Some(&gm), Some(json!({"version": version})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let left: Vec<_> = hits(t.app.database(), &needles)
        .into_iter()
        .filter(|(tbl, col, _)| !KEPT_BY_LAW.iter().any(|(t, c, _)| t == tbl && c == col))
        .collect();
    assert!(
        left.is_empty(),
        "personal data left after erasure (erase it, or list it with the law that keeps it): {left:?}"
    );
}
