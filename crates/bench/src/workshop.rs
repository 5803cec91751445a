//! The workshop at volume (issue 31): a store with 500,000 repair orders over 20,000 cars and a
//! catalogue of 50,000 parts; the board, the reception screen's car (its history and 三包
//! warnings) and the parts search, p50 and p99.

use super::{Http, actor, app, browser_session, measure, token};
use anyhow::anyhow;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Instant;

/// Adds `cars` cars, `repair_orders` repair orders over them and `parts` parts to the demo's
/// Shanghai store.
pub fn generate(database_url: &Option<String>, (cars, repair_orders, parts): (i64, i64, i64)) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let desk = actor(&app, "sh.service")?;
    let started = Instant::now();
    app.database()
        .write(|c| {
            let store = storage::org::get_store(c, desk.store_id.0)?;
            let filter = storage::customers::CustomerFilter::default();
            let vis = storage::scope::Visibility::whole_store(store.id);
            let customers: Vec<i64> =
                storage::customers::list(c, &vis, &filter, storage::PageRequest::new(Some(1), Some(200)))?
                    .items
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
            let w = crate::volume_workshop::Workshop {
                group_id: store.group_id,
                store_id: store.id,
                store_code: &store.code,
                owner_id: desk.user_id.0,
                customers: &customers,
            };
            crate::volume_workshop::add_workshop(c, &w, (cars, repair_orders, parts), chrono::Utc::now().naive_utc())
        })
        .map_err(|e| anyhow!("{e}"))?;
    println!(
        "generated {cars} cars, {repair_orders} repair orders and {parts} parts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// p50 and p99 of what the front desk and the parts counter open all day.
pub async fn run(base: &str, database_url: &Option<String>, requests: usize) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let desk = token(&app, "sh.service")?;
    let counts = app.database().read(|c| {
        use diesel::prelude::*;
        let r = storage::schema::repair_orders::table
            .count()
            .get_result::<i64>(c)
            .map_err(storage::StorageError::from_diesel)?;
        let p =
            storage::schema::parts::table.count().get_result::<i64>(c).map_err(storage::StorageError::from_diesel)?;
        Ok::<_, storage::StorageError>((r, p))
    })?;
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let session = browser_session(&http, base, "sh.service").await?;
    println!("repair orders in the database: {}, parts: {}", counts.0, counts.1);
    println!("| request (the front desk, one store) | p50 ms | p99 ms |");
    println!("|---|---|---|");
    // A car with 25 visits: its history and 三包 clocks at reception.
    let vin = "LBENCH00000012345";
    let find = "/service/repair-orders/new?find=%E6%B2%AAB12345".to_string();
    let cases: [(&str, String, bool); 7] = [
        ("API the workshop board (open repair orders)", "/api/v1/repair-orders?status=open".into(), false),
        ("the workshop board page", "/service/repair-orders?status=open".into(), true),
        ("API a car's 三包 clocks (25 visits)", format!("/api/v1/warranty-clocks?vin={vin}"), false),
        ("reception page, the car found by plate with its 三包 warnings", find, true),
        ("API parts search by number", "/api/v1/parts?q=BX-0123".into(), false),
        ("API parts search by name", "/api/v1/parts?q=%E5%88%B9%E8%BD%A6%E7%89%87%2012".into(), false),
        ("parts catalogue page, searched by number", "/parts?q=BX-04".into(), true),
    ];
    measure(&http, base, (&session, &desk), &cases, requests).await
}
