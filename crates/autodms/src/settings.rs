//! Configuration: defaults < `autodms.toml` < `AUTODMS_*` environment variables < command-line flags.
//! Secrets (the database password, the data key) are never logged.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on.
    pub listen: String,
    /// `sqlite://PATH` or `postgres://...`; default: a SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Where the default SQLite file and the generated data key live.
    pub data_dir: PathBuf,
    /// The key that encrypts ID numbers: 32 bytes, base64. Default: `data_dir/data.key`, created on
    /// first start. Every instance of a group must use the same key.
    pub data_key: Option<String>,
    /// Set the Secure flag on cookies (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Database connections per instance.
    pub pool_size: u32,
    /// `text` or `json` logs.
    pub log_format: String,
    /// The address staff and customers open links at (in e-mails); default `http://{listen}`.
    pub public_url: Option<String>,
    /// The SMTP server that delivers e-mail; without it messages wait in the outbox.
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub mail_from: String,
    /// Addresses of the reverse proxies in front of autodms, whose `X-Forwarded-For` names the
    /// client (signing evidence, login throttling); empty: the connection's address is used.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The SMS gateway the buyer's links and signing codes go through (see `app::kernel::sms`); without
    /// it they go by e-mail.
    pub sms_url: Option<String>,
    /// The gateway's credential (a bearer token); never logged.
    pub sms_token: Option<String>,
    pub sms_template: String,
    /// The SMS signature (签名) registered with the provider, e.g. 【华东汽车】.
    pub sms_signature: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            database_url: None,
            data_dir: PathBuf::from("autodms-data"),
            data_key: None,
            secure_cookies: false,
            pool_size: 16,
            log_format: "text".into(),
            public_url: None,
            smtp_host: None,
            smtp_port: 25,
            mail_from: "autodms <noreply@autodms.local>".into(),
            trusted_proxies: Vec::new(),
            sms_url: None,
            sms_token: None,
            sms_template: String::new(),
            sms_signature: String::new(),
        }
    }
}

impl Settings {
    /// Reads `path` (if it exists) and then the environment.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let mut s = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::default(),
            Err(e) => return Err(anyhow::anyhow!("{}: {e}", path.display())),
        };
        s.apply_env(|k| std::env::var(k).ok())?;
        Ok(s)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = var("AUTODMS_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = var("AUTODMS_DATABASE_URL") {
            self.database_url = Some(v);
        }
        if let Some(v) = var("AUTODMS_DATA_DIR") {
            self.data_dir = v.into();
        }
        if let Some(v) = var("AUTODMS_DATA_KEY") {
            self.data_key = Some(v);
        }
        if let Some(v) = var("AUTODMS_SECURE_COOKIES") {
            self.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Some(v) = var("AUTODMS_POOL_SIZE") {
            self.pool_size = v.parse().map_err(|_| anyhow::anyhow!("AUTODMS_POOL_SIZE must be a number"))?;
        }
        if let Some(v) = var("AUTODMS_LOG_FORMAT") {
            self.log_format = v;
        }
        if let Some(v) = var("AUTODMS_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = var("AUTODMS_SMTP_HOST") {
            self.smtp_host = Some(v);
        }
        if let Some(v) = var("AUTODMS_SMTP_PORT") {
            self.smtp_port = v.parse().map_err(|_| anyhow::anyhow!("AUTODMS_SMTP_PORT must be a port number"))?;
        }
        if let Some(v) = var("AUTODMS_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = var("AUTODMS_SMS_URL") {
            self.sms_url = Some(v).filter(|u| !u.is_empty());
        }
        if let Some(v) = var("AUTODMS_SMS_TOKEN") {
            self.sms_token = Some(v).filter(|t| !t.is_empty());
        }
        if let Some(v) = var("AUTODMS_SMS_TEMPLATE") {
            self.sms_template = v;
        }
        if let Some(v) = var("AUTODMS_SMS_SIGNATURE") {
            self.sms_signature = v;
        }
        if let Some(v) = var("AUTODMS_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.parse().map_err(|_| anyhow::anyhow!("AUTODMS_TRUSTED_PROXIES: {a} is not an IP address")))
                .collect::<anyhow::Result<_>>()?;
        }
        Ok(())
    }

    /// Cookies are `Secure` when asked for, or when customers reach the site by an https address.
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies || self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    pub fn smtp(&self) -> Option<app::kernel::outbox::SmtpConfig> {
        self.smtp_host.as_ref().map(|host| app::kernel::outbox::SmtpConfig {
            host: host.clone(),
            port: self.smtp_port,
            from: self.mail_from.clone(),
        })
    }

    pub fn sms(&self) -> Option<app::kernel::sms::SmsConfig> {
        self.sms_url.as_ref().map(|url| app::kernel::sms::SmsConfig {
            url: url.clone(),
            token: self.sms_token.clone(),
            template: self.sms_template.clone(),
            signature: self.sms_signature.clone(),
        })
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("autodms.db").display()))
    }

    /// The data key from the settings, or the key file in `data_dir` (created on first use).
    pub fn data_key(&self) -> anyhow::Result<String> {
        if let Some(k) = &self.data_key {
            return Ok(k.clone());
        }
        let path = self.data_dir.join("data.key");
        match std::fs::read_to_string(&path) {
            Ok(k) => Ok(k.trim().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(&self.data_dir)?;
                let key = app::kernel::crypto::Secrets::generate_base64();
                write_private(&path, &key)?;
                tracing::info!(path = %path.display(), "generated a new data key; back it up with the database");
                Ok(key)
            }
            Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
        }
    }
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_file() {
        let mut s: Settings = toml::from_str("listen = \"0.0.0.0:9000\"\npool_size = 4").unwrap();
        assert_eq!(s.listen, "0.0.0.0:9000");
        s.apply_env(|k| (k == "AUTODMS_LISTEN").then(|| "127.0.0.1:1".to_string())).unwrap();
        assert_eq!(s.listen, "127.0.0.1:1");
        assert_eq!(s.pool_size, 4);
        assert!(s.database_url().starts_with("sqlite://"));
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure() {
        let mut s = Settings::default();
        assert!(!s.secure_cookies());
        s.apply_env(|k| (k == "AUTODMS_PUBLIC_URL").then(|| "https://dms.example.com".to_string())).unwrap();
        assert!(s.secure_cookies());
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<Settings>("lisen = \"x\"").is_err());
    }
}
