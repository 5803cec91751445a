//! The command line: `serve`, `migrate`, `demo`, `user`.

use crate::settings::Settings;
use crate::{demo, startup};
use clap::{Parser, Subcommand};
use domain::error::ErrorCode;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "autodms", version, about = "autodms: the dealer management system for 4S stores and dealer groups")]
struct Cli {
    /// Configuration file (optional); AUTODMS_* environment variables override it.
    #[arg(long, global = true, default_value = "autodms.toml")]
    config: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER:PASS@HOST/DB (default: a SQLite file in ./autodms-data).
    #[arg(long, global = true, env = "AUTODMS_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application (pages, JSON API, metrics). Migrations run at start.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080].
        #[arg(long, env = "AUTODMS_LISTEN")]
        listen: Option<String>,
        /// Load the demo dataset first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo dataset: a dealer group with 2 stores, staff in every role, a catalogue and customers.
    Demo {
        /// Delete ALL existing data first (required when the database is not empty).
        #[arg(long)]
        reset: bool,
    },
    /// Manage staff accounts from the command line.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. On an empty database this also creates the dealer group and the first store.
    Create {
        #[arg(long)]
        username: String,
        /// The name shown in the application.
        #[arg(long)]
        name: String,
        /// sales_advisor, sales_manager, general_manager, finance, inventory, service_advisor,
        /// technician, customer_service, administrator, group_executive.
        #[arg(long, default_value = "administrator")]
        role: String,
        /// Code of the user's store (created with the group on an empty database).
        #[arg(long, default_value = "S01")]
        store_code: String,
        /// Name of the first store (empty database only).
        #[arg(long, default_value = "总店")]
        store_name: String,
        /// Name of the dealer group (empty database only).
        #[arg(long, default_value = "经销商集团")]
        group_name: String,
        /// The password; read from AUTODMS_NEW_PASSWORD or the first line of standard input if omitted.
        #[arg(long, env = "AUTODMS_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Set a new password for a user and end their sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
        /// The password; read from AUTODMS_NEW_PASSWORD or the first line of standard input if omitted.
        #[arg(long, env = "AUTODMS_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(&cli.config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("autodms: {e:#}");
            return ExitCode::from(2);
        }
    };
    if let Some(url) = cli.database_url.clone() {
        settings.database_url = Some(url);
    }
    init_tracing(&settings);
    match run(cli.command, settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("autodms: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(settings: &Settings) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if settings.log_format == "json" { builder.json().try_init() } else { builder.try_init() };
}

fn password_from(arg: Option<String>) -> anyhow::Result<String> {
    if let Some(p) = arg {
        return Ok(p);
    }
    eprintln!("password (one line):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn app_error(e: app::AppError) -> anyhow::Error {
    match e {
        app::AppError::Validation(fields) => {
            let l = web::i18n::Locale::En;
            let msgs: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.field, l.error(f.code))).collect();
            anyhow::anyhow!(msgs.join("; "))
        }
        app::AppError::Conflict(app::Conflict::Duplicate { field, code, .. }) => {
            anyhow::anyhow!("{field}: {}", web::i18n::Locale::En.error(code))
        }
        other => anyhow::anyhow!(other.to_string()),
    }
}

fn run(command: Command, mut settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { listen, demo } => {
            if let Some(l) = listen {
                settings.listen = l;
            }
            let app = startup::build_app(&settings)?;
            if demo && app::org::setup::is_empty(&app).map_err(app_error)? {
                tracing::info!("empty database: loading the demo dataset");
                demo::seed(&app).map_err(app_error)?;
            }
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&settings.listen).await?;
                tracing::info!(address = %listener.local_addr()?, database = %storage::redact(&settings.database_url()), "autodms listening");
                eprintln!("autodms is running at http://{}", listener.local_addr()?);
                let smtp = settings.smtp();
                if smtp.is_none() {
                    tracing::warn!("no SMTP server configured (AUTODMS_SMTP_HOST): e-mails wait in the outbox");
                }
                let sms = settings.sms();
                if sms.is_none() {
                    tracing::info!("no SMS gateway configured (AUTODMS_SMS_URL): buyers' links and codes go by e-mail");
                }
                let state = startup::state(app, &settings);
                startup::serve(listener, state, (smtp, sms), startup::shutdown_signal()).await
            })
        }
        Command::Migrate => {
            startup::build_app(&settings)?;
            eprintln!("migrations applied");
            Ok(())
        }
        Command::Demo { reset } => {
            let app = startup::build_app(&settings)?;
            if !app::org::setup::is_empty(&app).map_err(app_error)? {
                if !reset {
                    anyhow::bail!(
                        "the database is not empty; run `autodms demo --reset` to delete ALL data and load the demo"
                    );
                }
                app.database().write(storage::reset_all_data).map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            let summary = demo::seed(&app).map_err(app_error)?;
            eprintln!("{summary}");
            Ok(())
        }
        Command::User(UserCommand::Create { username, name, role, store_code, store_name, group_name, password }) => {
            let role = domain::rbac::Role::from_code(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
            let password = password_from(password)?;
            // Check what needs no database first, so the first message is about the actual mistake.
            domain::text::username(&username)
                .map_err(|e| anyhow::anyhow!("username: {}", web::i18n::Locale::En.error(e.code())))?;
            domain::text::new_password(&password)
                .map_err(|e| anyhow::anyhow!("password: {}", web::i18n::Locale::En.error(e.code())))?;
            let app = startup::build_app(&settings)?;
            let store =
                app::org::setup::ensure_store(&app, &group_name, &store_code, &store_name).map_err(app_error)?;
            let user =
                app::org::setup::create_user(&app, &store, &username, &name, role, &password).map_err(app_error)?;
            eprintln!("created user {} ({}) in store {}", user.username, role.code(), store.code);
            Ok(())
        }
        Command::User(UserCommand::ResetPassword { username, password }) => {
            let password = password_from(password)?;
            let app = startup::build_app(&settings)?;
            app::org::setup::reset_password(&app, &username, &password).map_err(|e| match e {
                app::AppError::NotFound => anyhow::anyhow!("there is no user named {username}"),
                other => app_error(other),
            })?;
            eprintln!("password of {username} reset; their sessions were ended");
            Ok(())
        }
    }
}
