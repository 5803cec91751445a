//! The buyer's page under load (issue 30): `rate` requests a second, open loop (each on its own
//! task, whatever the answers' speed), spread over the demo store's orders, while `staff`
//! clients run complete order flows. Prints the buyer page's latency and the flows' rate.

use super::{Http, flow, flow_setup, percentile};
use anyhow::{Context, anyhow};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

/// The links of the demo store's orders that have a buyer's page (every one but the drafts).
fn links(app: &app::App) -> anyhow::Result<Vec<String>> {
    let gm = super::actor(app, "sh.gm")?;
    let (page, _) = app::sales::list(app, &gm, &Default::default(), app::PageRequest::new(Some(1), Some(100)))
        .map_err(|e| anyhow!("{e}"))?;
    let mut out = Vec::new();
    for row in page.items.iter().filter(|r| r.status != domain::sales::Status::Draft) {
        let o = app::sales::get(app, &gm, row.id).map_err(|e| anyhow!("{e}"))?.order;
        out.push(app::sales::link_token(app, domain::ids::OrderId(o.id), domain::ids::CustomerId(o.customer_id)));
    }
    if out.is_empty() {
        anyhow::bail!("no order with a buyer's page: load the demo first");
    }
    Ok(out)
}

async fn page(http: &Http, url: &str) -> anyhow::Result<u16> {
    let req = Request::builder().method(Method::GET).uri(url).body(Full::new(Bytes::new()))?;
    let resp = http.request(req).await?;
    let status = resp.status().as_u16();
    resp.into_body().collect().await?;
    Ok(status)
}

pub async fn run(
    base: &str,
    database_url: &Option<String>,
    rate: u64,
    staff: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    let setup = flow_setup(database_url)?;
    let links = std::sync::Arc::new(links(&setup.app)?);
    let http: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(256).build_http();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut staff_tasks = Vec::new();
    for _ in 0..staff {
        let (http, setup, base) = (http.clone(), setup.clone(), base.to_string());
        staff_tasks.push(tokio::spawn(async move {
            let (mut done, mut errors) = (0usize, 0usize);
            while Instant::now() < deadline {
                match flow(&http, &base, &setup).await {
                    Ok(_) => done += 1,
                    Err(e) => {
                        errors += 1;
                        if errors == 1 {
                            eprintln!("flow failed: {e:#}");
                        }
                    }
                }
            }
            (done, errors)
        }));
    }
    let mut ticker = tokio::time::interval(Duration::from_nanos(1_000_000_000 / rate.max(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut pages = Vec::new();
    let mut n = 0usize;
    while Instant::now() < deadline {
        ticker.tick().await;
        let url = format!("{base}/c/{}", links[n % links.len()]);
        n += 1;
        let http = http.clone();
        pages.push(tokio::spawn(async move {
            let t = Instant::now();
            let status = page(&http, &url).await;
            (t.elapsed(), status.ok() == Some(200))
        }));
    }
    let mut latencies = Vec::new();
    let mut failed = 0usize;
    for p in pages {
        let (lat, ok) = p.await.context("buyer page task")?;
        latencies.push(lat);
        if !ok {
            failed += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (mut flows, mut flow_errors) = (0, 0);
    for t in staff_tasks {
        let (d, e) = t.await?;
        flows += d;
        flow_errors += e;
    }
    latencies.sort();
    println!("| buyer pages/s | p50 ms | p99 ms | max ms | not 200 | staff clients | flows/s | flow errors |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {:.0} | {:.1} | {:.1} | {:.1} | {failed} | {staff} | {:.1} | {flow_errors} |",
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
        flows as f64 / elapsed,
    );
    Ok(())
}
