//! Builds the application from settings and serves it.

use crate::settings::Settings;
use app::App;
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;
use web::{AppState, WebConfig};

/// The Prometheus recorder is process-global: install it once.
fn metrics_handle() -> Option<metrics_exporter_prometheus::PrometheusHandle> {
    static HANDLE: OnceLock<Option<metrics_exporter_prometheus::PrometheusHandle>> = OnceLock::new();
    HANDLE.get_or_init(|| metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder().ok()).clone()
}

/// Opens the database (running migrations) and loads the keys.
pub fn build_app(settings: &Settings) -> anyhow::Result<App> {
    let url = settings.database_url();
    let db = storage::Db::open(&url, settings.pool_size)
        .map_err(|e| anyhow::anyhow!("database {}: {e}", storage::redact(&url)))?;
    let secrets = app::kernel::crypto::Secrets::from_base64(&settings.data_key()?)?;
    let messages = app::kernel::notify::Messages {
        public_url: settings.public_url().trim_end_matches('/').to_string(),
        render: Arc::new(web::i18n::render_notice),
        standard: Arc::new(web::i18n::standard_notice),
        sms: settings.sms().is_some(),
    };
    Ok(App::new(db, secrets, messages, app::capabilities::ALL))
}

pub fn state(app: App, settings: &Settings) -> AppState {
    let config =
        WebConfig { secure_cookies: settings.secure_cookies(), trusted_proxies: settings.trusted_proxies.clone() };
    AppState::new(app, Arc::new(config), metrics_handle())
}

/// Serves until `shutdown` resolves; in-flight requests finish first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    (smtp, sms): (Option<app::kernel::outbox::SmtpConfig>, Option<app::kernel::sms::SmsConfig>),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let jobs: Vec<_> =
        state.app.capabilities.iter().flat_map(|k| k.jobs).map(|j| tokio::spawn(run_job(state.clone(), j))).collect();
    let mailer = smtp.map(|s| tokio::spawn(deliver_mail(state.clone(), s)));
    let texter = sms.map(|s| tokio::spawn(deliver_sms(state.clone(), s)));
    let router = web::router(state);
    // The peer's address reaches handlers (login throttling per client address).
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await?;
    for job in jobs {
        job.abort();
    }
    for worker in [mailer, texter].into_iter().flatten() {
        worker.abort();
    }
    Ok(())
}

/// Delivers the outbox's e-mail: every second, whatever is due, in batches until the backlog is
/// gone.
pub async fn deliver_mail(state: AppState, smtp: app::kernel::outbox::SmtpConfig) {
    let mailer = std::sync::Arc::new(app::kernel::outbox::Mailer::new(&smtp));
    deliver(state, move |app, batch| app::kernel::outbox::deliver_due(app, &mailer, batch)).await
}

/// Delivers the outbox's text messages through the SMS gateway, as [`deliver_mail`] does mail.
pub async fn deliver_sms(state: AppState, sms: app::kernel::sms::SmsConfig) {
    let gateway = std::sync::Arc::new(app::kernel::sms::SmsGateway::new(sms));
    deliver(state, move |app, batch| app::kernel::outbox::deliver_sms_due(app, &gateway, batch)).await
}

async fn deliver(
    state: AppState,
    send: impl Fn(&App, i64) -> app::AppResult<app::kernel::outbox::Delivery> + Send + Sync + 'static,
) {
    const BATCH: i64 = 50;
    let send = std::sync::Arc::new(send);
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tick.tick().await;
        loop {
            let send = send.clone();
            match state.run(move |app| send(app, BATCH)).await {
                Ok(d) if d.claimed as i64 == BATCH && d.sent > 0 => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox delivery failed");
                    break;
                }
            }
        }
    }
}

/// Runs a capability's background job (the stock alerts, the morning digest of follow-ups, the
/// removal of expired sessions) every `every_secs` seconds.
async fn run_job(state: AppState, job: &'static app::kernel::registry::Job) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(job.every_secs));
    loop {
        tick.tick().await;
        match state.run(job.run).await {
            Ok(n) if n > 0 => tracing::info!(job = job.name, done = n, "background job"),
            Ok(_) => {}
            Err(e) => tracing::warn!(job = job.name, error = %e, "background job failed"),
        }
    }
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
