//! autodms-bench: load and data-volume benchmarks against a running `autodms serve`.
//!
//! `flows` measures complete order flows (create → submit → customer confirms → manager approves)
//! per second at several client counts; `generate` adds generated orders to the database;
//! `list` measures the order list page and API. See bench/README.md.

use anyhow::{Context, anyhow, bail};
use clap::{Parser, Subcommand};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

mod buyer;
mod volume;
mod volume_workshop;
mod workshop;

type Http = Client<HttpConnector, Full<Bytes>>;

#[derive(Parser)]
#[command(name = "autodms-bench", about = "Benchmarks for autodms (run against `autodms serve --demo`)")]
struct Cli {
    /// The server under test.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// The server's database (for tokens and links): the same URL the server uses.
    #[arg(long, env = "AUTODMS_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Complete order flows per second and their latency at each client count.
    Flows {
        #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
        clients: Vec<usize>,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Adds this many generated orders to the database (copies of a demo order).
    Generate {
        #[arg(long, default_value_t = 1_000_000)]
        orders: i64,
    },
    /// Adds this many generated vehicles to the demo group's stores.
    GenerateVehicles {
        #[arg(long, default_value_t = 100_000)]
        vehicles: i64,
    },
    /// Latency of the stock queries (overview, VIN fragment, aging, an order's candidates, the
    /// yard list) on the current database.
    Stock {
        #[arg(long, default_value_t = 100)]
        requests: usize,
    },
    /// Adds this many generated leads, five logged follow-ups each and the planned one of each
    /// open lead, to the demo's Shanghai store.
    GenerateLeads {
        #[arg(long, default_value_t = 1_000_000)]
        leads: i64,
    },
    /// Latency of an advisor's day list and the managers' overdue counts on the current database.
    Crm {
        #[arg(long, default_value_t = 100)]
        requests: usize,
    },
    /// Adds cars, repair orders over them (a job and a part each) and parts with their shelves
    /// to the demo's Shanghai store.
    GenerateWorkshop {
        #[arg(long, default_value_t = 20_000)]
        cars: i64,
        #[arg(long, default_value_t = 500_000)]
        repair_orders: i64,
        #[arg(long, default_value_t = 50_000)]
        parts: i64,
    },
    /// Latency of the workshop board, a car at reception and the parts search on the current
    /// database.
    Workshop {
        #[arg(long, default_value_t = 100)]
        requests: usize,
    },
    /// Latency of the order list (HTML page and API) on the current database.
    List {
        #[arg(long, default_value_t = 100)]
        requests: usize,
    },
    /// The buyer's page at a fixed rate while staff clients run order flows (issue 30).
    Buyer {
        #[arg(long, default_value_t = 200)]
        rate: u64,
        #[arg(long, default_value_t = 8)]
        staff: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Contract PDFs: render time in process and through the API, and what 20 renders at once
    /// do to other requests' latency.
    Contracts {
        #[arg(long, default_value_t = 50)]
        renders: usize,
        #[arg(long, default_value_t = 20)]
        parallel: usize,
    },
}

fn app(database_url: &Option<String>) -> anyhow::Result<app::App> {
    let mut settings = autodms::settings::Settings::load(std::path::Path::new("autodms.toml"))?;
    if let Some(u) = database_url {
        settings.database_url = Some(u.clone());
    }
    autodms::startup::build_app(&settings)
}

fn actor(app: &app::App, username: &str) -> anyhow::Result<domain::org::Actor> {
    let user = app
        .database()
        .read(|c| Ok::<_, app::AppError>(storage::users::find_by_username(c, username)?))
        .map_err(|e| anyhow!("{e}"))?
        .with_context(|| format!("no user {username}: load the demo data first (autodms serve --demo)"))?;
    app::org::auth::actor_of(&user, user.store_id).map_err(|e| anyhow!("{e}"))
}

fn token(app: &app::App, username: &str) -> anyhow::Result<String> {
    let a = actor(app, username)?;
    Ok(app::org::auth::create_api_token(app, &a, "benchmark").map_err(|e| anyhow!("{e}"))?.1)
}

async fn call(
    http: &Http,
    method: Method,
    url: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> anyhow::Result<(u16, Value)> {
    let mut req = Request::builder().method(method).uri(url);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Full::new(Bytes::from(b.to_string()))
        }
        None => Full::new(Bytes::new()),
    };
    let resp = http.request(req.body(body)?).await?;
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await?.to_bytes();
    Ok((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct FlowSetup {
    advisor: String,
    manager: String,
    body: Value,
    app: app::App,
}

/// One complete flow; returns the latency of each of its four requests.
async fn flow(http: &Http, base: &str, s: &FlowSetup) -> anyhow::Result<[Duration; 4]> {
    let mut lat = [Duration::ZERO; 4];
    let t = Instant::now();
    let (status, o) =
        call(http, Method::POST, &format!("{base}/api/v1/orders"), Some(&s.advisor), Some(&s.body)).await?;
    lat[0] = t.elapsed();
    if status != 201 {
        bail!("create: {status} {o}");
    }
    let id = o["order"]["id"].as_i64().context("order id")?;
    let t = Instant::now();
    let (status, o) = call(
        http,
        Method::POST,
        &format!("{base}/api/v1/orders/{id}/submit"),
        Some(&s.advisor),
        Some(&json!({"version": 1})),
    )
    .await?;
    lat[1] = t.elapsed();
    if status != 200 {
        bail!("submit: {status} {o}");
    }
    let customer = s.body["customer_id"].as_i64().unwrap_or_default();
    let link = app::sales::link_token(&s.app, domain::ids::OrderId(id), domain::ids::CustomerId(customer));
    let t = Instant::now();
    let (status, o) = call(
        http,
        Method::POST,
        &format!("{base}/api/v1/orders/confirm"),
        None,
        Some(&json!({"token": link, "version": 2})),
    )
    .await?;
    lat[2] = t.elapsed();
    if status != 200 || o["status"] != "awaiting_approval" {
        bail!("confirm: {status} {o}");
    }
    let t = Instant::now();
    let (status, o) = call(
        http,
        Method::POST,
        &format!("{base}/api/v1/orders/{id}/approve"),
        Some(&s.manager),
        Some(&json!({"version": 3})),
    )
    .await?;
    lat[3] = t.elapsed();
    if status != 200 || o["status"] != "approved" {
        bail!("approve: {status} {o}");
    }
    Ok(lat)
}

/// What every order flow of the benchmarks needs: the advisor's and manager's tokens, an order
/// body of one approval level, and the application (for the buyer's links).
fn flow_setup(database_url: &Option<String>) -> anyhow::Result<std::sync::Arc<FlowSetup>> {
    let app = app(database_url)?;
    let advisor = token(&app, "sh.advisor1")?;
    let manager = token(&app, "sh.manager1")?;
    let a = actor(&app, "sh.advisor1")?;
    let customer = app::customers::list(&app, &a, &Default::default(), storage::PageRequest::new(Some(1), Some(20)))
        .map_err(|e| anyhow!("{e}"))?
        .items
        .into_iter()
        .next()
        .context("the advisor has no customer")?;
    let trim = app::catalogue::tree(&app, &a).map_err(|e| anyhow!("{e}"))?[0].models[0].trims[0].id;
    // 4% off: over the demo's 3% rule, so every flow has one approval level (the sales manager).
    let body = json!({"customer_id": customer.id, "trim_id": trim, "discount_kind": "percent",
        "discount_bp": 400, "registration_fee_fen": 150_000, "payment_method": "full", "channel": "walk_in"});
    Ok(std::sync::Arc::new(FlowSetup { advisor, manager, body, app }))
}

async fn flows(base: &str, database_url: &Option<String>, clients: &[usize], seconds: u64) -> anyhow::Result<()> {
    let setup = flow_setup(database_url)?;
    let http: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(64).build_http();
    println!(
        "| clients | flows/s | requests/s | flow p50 ms | flow p99 ms | request p50 ms | request p99 ms | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for &n in clients {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..n {
            let (http, setup, base) = (http.clone(), setup.clone(), base.to_string());
            tasks.push(tokio::spawn(async move {
                let (mut flows, mut requests, mut errors) = (Vec::new(), Vec::new(), 0usize);
                while Instant::now() < deadline {
                    let t = Instant::now();
                    match flow(&http, &base, &setup).await {
                        Ok(lat) => {
                            flows.push(t.elapsed());
                            requests.extend(lat);
                        }
                        Err(e) => {
                            errors += 1;
                            if errors == 1 {
                                eprintln!("flow failed: {e:#}");
                            }
                        }
                    }
                }
                (flows, requests, errors)
            }));
        }
        let (mut flows, mut requests, mut errors) = (Vec::new(), Vec::new(), 0);
        for t in tasks {
            let (f, r, e) = t.await?;
            flows.extend(f);
            requests.extend(r);
            errors += e;
        }
        let elapsed = started.elapsed().as_secs_f64();
        flows.sort();
        requests.sort();
        println!(
            "| {n} | {:.0} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {errors} |",
            flows.len() as f64 / elapsed,
            requests.len() as f64 / elapsed,
            percentile(&flows, 0.5),
            percentile(&flows, 0.99),
            percentile(&requests, 0.5),
            percentile(&requests, 0.99),
        );
    }
    Ok(())
}

fn generate(database_url: &Option<String>, orders: i64) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let started = Instant::now();
    app.database()
        .write(|c| {
            use diesel::prelude::*;
            let template: i64 = storage::schema::orders::table
                .select(storage::schema::orders::id)
                .order(storage::schema::orders::id)
                .first(c)
                .map_err(storage::StorageError::from_diesel)?;
            crate::volume::copy_orders(c, template, orders)
        })
        .map_err(|e| anyhow!("{e}"))?;
    if app.database().backend() == storage::Backend::Sqlite {
        // Copy the load's gigabyte of log into the database now, not during the measurements.
        use diesel::connection::SimpleConnection;
        app.database().conn()?.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    println!("generated {orders} orders in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Signs in through the login form like a browser and returns the session cookie.
async fn browser_session(http: &Http, base: &str, username: &str) -> anyhow::Result<String> {
    let resp = http.request(Request::get(format!("{base}/login")).body(Full::new(Bytes::new()))?).await?;
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("autodms_login_csrf="))
        .and_then(|v| v.split(';').next())
        .context("login cookie")?
        .to_string();
    let csrf = cookie.trim_start_matches("autodms_login_csrf=").to_string();
    let form = format!("_csrf={csrf}&username={username}&password={}&next=/", autodms::demo::DEMO_PASSWORD);
    let req = Request::post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &cookie)
        .body(Full::new(Bytes::from(form)))?;
    let resp = http.request(req).await?;
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("autodms_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .context("login failed")
}

async fn list(base: &str, database_url: &Option<String>, requests: usize) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let gm = token(&app, "sh.gm")?;
    let count = app.database().read(|c| {
        use diesel::prelude::*;
        storage::schema::orders::table.count().get_result::<i64>(c).map_err(storage::StorageError::from_diesel)
    })?;
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let session = browser_session(&http, base, "sh.gm").await?;
    println!("orders in the database: {count}");
    println!("| request (general manager, whole store) | p50 ms | p99 ms |");
    println!("|---|---|---|");
    let cases = [
        ("list page, first page", "/orders", true),
        ("list page, status tab 已审核", "/orders?status=approved", true),
        ("list page, search by a customer's mobile", "/orders?q=13900012345", true),
        ("list page, search by a customer's name", "/orders?q=%E6%89%B9%E9%87%8F%E5%AE%A2%E6%88%B7123456", true),
        ("list page, search 139 (matches every customer)", "/orders?q=139", true),
        ("list page, two-character name 张伟 (no trigram: scans the names)", "/orders?q=%E5%BC%A0%E4%BC%9F", true),
        ("list page, page 500 sorted by total", "/orders?sort=total_desc&page=500", true),
        ("home page: the work queues (approvals waiting, stuck longest)", "/", true),
        ("queue list: orders stuck longest", "/orders?queue=stuck-longest", true),
        ("API list, status filter", "/api/v1/orders?status=approved&per_page=50", false),
        ("API list, first page", "/api/v1/orders", false),
    ];
    let cases = cases.map(|(label, path, page)| (label, path.to_string(), page));
    measure(&http, base, (&session, &gm), &cases, requests).await
}

/// Each case `requests` times in a row, as a page (the session cookie) or through the API (the
/// token): a table line of p50 and p99 per case.
async fn measure(
    http: &Http,
    base: &str,
    (session, token): (&str, &str),
    cases: &[(&str, String, bool)],
    requests: usize,
) -> anyhow::Result<()> {
    for (label, path, page) in cases {
        let mut lat = Vec::with_capacity(requests);
        for _ in 0..requests {
            let mut req = Request::get(format!("{base}{path}"));
            req = if *page {
                req.header("cookie", session)
            } else {
                req.header("authorization", format!("Bearer {token}"))
            };
            let t = Instant::now();
            let resp = http.request(req.body(Full::new(Bytes::new()))?).await?;
            let status = resp.status();
            resp.into_body().collect().await?;
            lat.push(t.elapsed());
            if !status.is_success() {
                bail!("{path}: {status}");
            }
        }
        lat.sort();
        println!("| {label} | {:.1} | {:.1} |", percentile(&lat, 0.5), percentile(&lat, 0.99));
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let base = cli.url.trim_end_matches('/').to_string();
    match cli.command {
        Command::Flows { clients, seconds } => flows(&base, &cli.database_url, &clients, seconds).await,
        Command::Generate { orders } => generate(&cli.database_url, orders),
        Command::List { requests } => list(&base, &cli.database_url, requests).await,
        Command::GenerateVehicles { vehicles } => generate_vehicles(&cli.database_url, vehicles),
        Command::Stock { requests } => stock(&base, &cli.database_url, requests).await,
        Command::GenerateLeads { leads } => generate_leads(&cli.database_url, leads),
        Command::Crm { requests } => crm(&base, &cli.database_url, requests).await,
        Command::GenerateWorkshop { cars, repair_orders, parts } => {
            workshop::generate(&cli.database_url, (cars, repair_orders, parts))
        }
        Command::Workshop { requests } => workshop::run(&base, &cli.database_url, requests).await,
        Command::Contracts { renders, parallel } => contracts(&base, &cli.database_url, renders, parallel).await,
        Command::Buyer { rate, staff, seconds } => buyer::run(&base, &cli.database_url, rate, staff, seconds).await,
    }
}

/// An approved order of the demo store without a signed contract, for the store's manager.
fn approved_order(app: &app::App, manager: &domain::org::Actor) -> anyhow::Result<i64> {
    let filter = app::sales::OrderFilter {
        statuses: vec![domain::sales::Status::Approved],
        ..app::sales::OrderFilter::default()
    };
    let page = app::sales::list(app, manager, &filter, app::PageRequest::new(Some(1), Some(20)))
        .map_err(|e| anyhow!("{e}"))?;
    page.0.items.first().map(|o| o.id).context("no approved order in the demo store")
}

async fn contracts(base: &str, database_url: &Option<String>, renders: usize, parallel: usize) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let gm = actor(&app, "sh.gm")?;
    let token = token(&app, "sh.gm")?;
    let order = approved_order(&app, &gm)?;
    let http: Http = Client::builder(TokioExecutor::new()).build_http();

    // 1. The layout alone, in this process: the data of a generated contract rendered again.
    let (status, k) =
        call(&http, Method::POST, &format!("{base}/api/v1/orders/{order}/contracts"), Some(&token), Some(&json!({})))
            .await?;
    if status != 201 {
        bail!("generate: {status} {k}");
    }
    let kid = k["id"].as_i64().context("contract id")?;
    let data: String = app
        .database()
        .read(|c| Ok::<_, app::AppError>(storage::finance::contracts::get(c, kid)?.data))
        .map_err(|e| anyhow!("{e}"))?;
    let doc: documents::contract::Contract = serde_json::from_str(&data)?;
    let _ = documents::pdf::render(&doc, &[])?; // the font and layouts load once
    let mut lat = Vec::with_capacity(renders);
    for _ in 0..renders {
        let t = Instant::now();
        documents::pdf::render(&doc, &[])?;
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "| contract PDF, render in process ({renders}×) | {:.1} ms p50 | {:.1} ms p99 |",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99)
    );

    // 2. Generating through the API: read, render off the async threads, write.
    let mut lat = Vec::with_capacity(renders);
    for _ in 0..renders {
        let t = Instant::now();
        let (status, k) = call(
            &http,
            Method::POST,
            &format!("{base}/api/v1/orders/{order}/contracts"),
            Some(&token),
            Some(&json!({})),
        )
        .await?;
        lat.push(t.elapsed());
        if status != 201 {
            bail!("generate: {status} {k}");
        }
    }
    lat.sort();
    println!(
        "| contract generated through the API ({renders}×) | {:.1} ms p50 | {:.1} ms p99 |",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99)
    );

    // 3. Other requests (the order page's API) alone, then while `parallel` contracts render.
    let probe = |http: Http, url: String, token: String, n: usize| async move {
        let mut lat = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let (status, _) = call(&http, Method::GET, &url, Some(&token), None).await?;
            lat.push(t.elapsed());
            if status != 200 {
                bail!("probe: {status}");
            }
        }
        lat.sort();
        Ok::<_, anyhow::Error>(lat)
    };
    let url = format!("{base}/api/v1/orders/{order}");
    let alone = probe(http.clone(), url.clone(), token.clone(), 200).await?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut renderers = Vec::new();
    for _ in 0..parallel {
        let (http, token, stop, base) = (http.clone(), token.clone(), stop.clone(), base.to_string());
        renderers.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Concurrent versions of one order: all render, the first write wins.
                let _ = call(
                    &http,
                    Method::POST,
                    &format!("{base}/api/v1/orders/{order}/contracts"),
                    Some(&token),
                    Some(&json!({})),
                )
                .await;
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let loaded = probe(http.clone(), url, token.clone(), 200).await?;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut rendered = 0;
    for r in renderers {
        rendered += r.await?;
    }
    println!("| order API alone | {:.1} ms p50 | {:.1} ms p99 |", percentile(&alone, 0.5), percentile(&alone, 0.99));
    println!(
        "| order API while {parallel} contracts render ({rendered} renders) | {:.1} ms p50 | {:.1} ms p99 |",
        percentile(&loaded, 0.5),
        percentile(&loaded, 0.99)
    );
    Ok(())
}

/// Adds `n` vehicles over the demo group's stores and every trim and exterior colour.
fn generate_vehicles(database_url: &Option<String>, n: i64) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let gm = actor(&app, "sh.gm")?;
    let mut specs = Vec::new();
    for brand in app::catalogue::tree(&app, &gm).map_err(|e| anyhow!("{e}"))? {
        for m in brand.models {
            let detail = app::catalogue::model(&app, &gm, m.model.id).map_err(|e| anyhow!("{e}"))?;
            for t in &detail.trims {
                for c in detail.colours.iter().filter(|c| c.kind == "exterior") {
                    specs.push((t.id, c.id, t.msrp_fen));
                }
            }
        }
    }
    let group = gm.group_id.0;
    let started = Instant::now();
    app.database()
        .write(|c| {
            let stores: Vec<i64> = storage::org::list_stores(c, group)?.into_iter().map(|s| s.id).collect();
            crate::volume::add_vehicles(c, group, &stores, &specs, chrono::Utc::now().date_naive(), n)
        })
        .map_err(|e| anyhow!("{e}"))?;
    println!("generated {n} vehicles in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn generate_leads(database_url: &Option<String>, n: i64) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let gm = actor(&app, "sh.gm")?;
    let store = gm.store_id.0;
    let started = Instant::now();
    app.database()
        .write(|c| {
            let owners: Vec<i64> = storage::crm::settings::active_with_role(c, store, "sales_advisor")?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let filter = storage::customers::CustomerFilter::default();
            let vis = storage::scope::Visibility::whole_store(store);
            let customers: Vec<i64> =
                storage::customers::list(c, &vis, &filter, storage::PageRequest::new(Some(1), Some(200)))?
                    .items
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
            crate::volume::add_leads(c, store, &owners, &customers, chrono::Utc::now().naive_utc(), n)
        })
        .map_err(|e| anyhow!("{e}"))?;
    let mut conn = app.database().conn().map_err(|e| anyhow!("{e}"))?;
    crate::volume::settle(&mut conn, &["leads", "follow_ups"]).map_err(|e| anyhow!("{e}"))?;
    println!("generated {n} leads and their follow-ups in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// p50 and p99 of the lists the sales floor opens every morning.
async fn crm(base: &str, database_url: &Option<String>, requests: usize) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let advisor = token(&app, "sh.advisor1")?;
    let manager = token(&app, "sh.manager1")?;
    let gm = token(&app, "sh.gm")?;
    let (leads, follow_ups) = app.database().read(|c| {
        use diesel::prelude::*;
        let l =
            storage::schema::leads::table.count().get_result::<i64>(c).map_err(storage::StorageError::from_diesel)?;
        let f = storage::schema::follow_ups::table
            .count()
            .get_result::<i64>(c)
            .map_err(storage::StorageError::from_diesel)?;
        Ok::<_, storage::StorageError>((l, f))
    })?;
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let session = browser_session(&http, base, "sh.manager1").await?;
    println!("leads in the database: {leads}, follow-ups: {follow_ups}");
    println!("| request (one store) | p50 ms | p99 ms |");
    println!("|---|---|---|");
    measure(
        &http,
        base,
        ("", &advisor),
        &[("API an advisor's day list (今日待跟进)", "/api/v1/follow-ups/due".into(), false)],
        requests,
    )
    .await?;
    measure(
        &http,
        base,
        ("", &manager),
        &[("API overdue counts, a sales manager's team", "/api/v1/follow-ups/due-counts".into(), false)],
        requests,
    )
    .await?;
    measure(
        &http,
        base,
        ("", &gm),
        &[("API overdue counts, the whole store (general manager)", "/api/v1/follow-ups/due-counts".into(), false)],
        requests,
    )
    .await?;
    measure(
        &http,
        base,
        (&session, ""),
        &[("day list page of a sales manager (team counts and own list)", "/follow-ups".into(), true)],
        requests,
    )
    .await
}

/// p50 and p99 of the stock queries logistics and sales run all day.
async fn stock(base: &str, database_url: &Option<String>, requests: usize) -> anyhow::Result<()> {
    let app = app(database_url)?;
    let logistics = token(&app, "sh.inventory")?;
    let manager = actor(&app, "sh.manager1")?;
    let order = approved_order(&app, &manager)?;
    let count = app.database().read(|c| {
        use diesel::prelude::*;
        storage::schema::vehicles::table.count().get_result::<i64>(c).map_err(storage::StorageError::from_diesel)
    })?;
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let session = browser_session(&http, base, "sh.inventory").await?;
    println!("vehicles in the database: {count}");
    println!("| request (logistics, one store of the group) | p50 ms | p99 ms |");
    println!("|---|---|---|");
    let candidates = format!("/api/v1/orders/{order}/vehicle-candidates");
    let cases: [(&str, String, bool); 7] = [
        ("API stock overview (counts by trim, colour, status)", "/api/v1/stock".into(), false),
        ("API VIN fragment, last 6", "/api/v1/vehicles?vin=012346".into(), false),
        ("API VIN fragment, last 8", "/api/v1/vehicles?vin=00012346".into(), false),
        ("API aging report", "/api/v1/stock/aging".into(), false),
        ("API an order's allocation candidates", candidates, false),
        ("stock overview page", "/stock".into(), true),
        ("vehicle list page, first page (the yard)", "/vehicles".into(), true),
    ];
    measure(&http, base, (&session, &logistics), &cases, requests).await
}
