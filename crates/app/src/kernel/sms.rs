//! The SMS adapter (DESIGN.md: one `SmsSender` over a generic HTTP gateway; provider request
//! signing for Aliyun or Tencent Cloud comes per provider). Messages reach it through the outbox
//! like e-mail: queued in the business transaction, delivered by the worker with retries.
//!
//! The request: `POST {url}` with `Authorization: Bearer {token}` (when set) and a JSON body
//! `{"to": "13812345678", "signature": "【上海浦东汽车4S店】", "template": "SMS_0001",
//! "text": "…"}`; any 2xx answer means the gateway took the message.

use std::time::Duration;

/// Where and how the gateway is reached (`AUTODMS_SMS_*`).
#[derive(Debug, Clone)]
pub struct SmsConfig {
    pub url: String,
    /// The gateway's credential, sent as a bearer token; never logged.
    pub token: Option<String>,
    /// The template the provider approved for service messages.
    pub template: String,
    /// The signature (签名) the provider registered for the store or group.
    pub signature: String,
}

/// Sends text messages through the configured gateway.
pub struct SmsGateway {
    agent: ureq::Agent,
    config: SmsConfig,
}

impl SmsGateway {
    pub fn new(config: SmsConfig) -> Self {
        let agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(10))).build().into();
        Self { agent, config }
    }

    /// Hands one message to the gateway; the error says why it was not taken.
    pub fn send(&self, to: &str, text: &str) -> Result<(), String> {
        let body = serde_json::json!({
            "to": to,
            "signature": self.config.signature,
            "template": self.config.template,
            "text": text,
        })
        .to_string();
        let mut request = self.agent.post(&self.config.url).header("Content-Type", "application/json");
        if let Some(token) = &self.config.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        request.send(body.as_str()).map(|_| ()).map_err(|e| format!("SMS gateway: {e}"))
    }
}
