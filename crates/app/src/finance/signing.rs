//! The customer's e-signature on their phone, through the order's signed link: read the PDF,
//! receive a one-time code, draw the signature, sign.
//!
//! How consent is proved sits behind [`SigningService`]: the built-in service sends a one-time
//! code by e-mail and keeps the drawn signature with the evidence (a simple electronic
//! signature). A store that needs the "reliable electronic signature" of the Electronic
//! Signature Law (art. 13) plugs a licensed CA-backed service in here; the order flow only sees
//! "the customer signed this version, with this evidence".

use crate::audit::{self, Action, Changes, Event};
use crate::notify::{self, Notice};
use crate::{App, AppError, AppResult};
use chrono::NaiveDateTime;
use domain::error::ErrorCode;
use domain::finance::contract::{CODE_TTL, SentCode, check_code};
use domain::finance::{ContractStatus, SigningError};
use storage::DbConnection;
use storage::customers::CustomerRow;
use storage::finance::contracts::{self as rows, CodeRow, ContractRow};
use storage::scope::Visibility;

/// What the customer's device sent along with the signature.
#[derive(Debug, Clone, Default)]
pub struct Device {
    pub ip: String,
    pub user_agent: String,
}

/// Proves the customer's consent to a contract version.
pub trait SigningService: Sync {
    /// The channel the challenge goes through (`email`, later `sms`, or the CA service's name).
    fn channel(&self) -> &'static str;
    /// Sends the customer a challenge for `contract`; returns where it went (masked).
    fn challenge(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        customer: &CustomerRow,
    ) -> AppResult<String>;
    /// Checks the customer's answer; on success, the evidence to keep (JSON object fields).
    fn respond(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        answer: &str,
        now: NaiveDateTime,
    ) -> AppResult<serde_json::Map<String, serde_json::Value>>;
}

/// A six-digit code by e-mail, valid for ten minutes, five tries.
pub struct EmailCode;

fn code_hash(app: &App, contract_id: i64, code: &str) -> String {
    app.secrets.blind_index(&format!("signing-code:{contract_id}:{}", code.trim()))
}

fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

impl SigningService for EmailCode {
    fn channel(&self) -> &'static str {
        "email"
    }

    fn challenge(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        customer: &CustomerRow,
    ) -> AppResult<String> {
        use rand::Rng;
        let email = customer.email.as_deref().ok_or_else(|| refused("contract-no-email"))?;
        let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
        let now = app.now();
        let sent_to = mask_email(email);
        rows::put_code(
            c,
            &CodeRow {
                contract_id: contract.id,
                code_hash: code_hash(app, contract.id, &code),
                channel: self.channel().into(),
                sent_to: sent_to.clone(),
                expires_at: now + CODE_TTL,
                attempts: 0,
                created_at: now,
            },
        )?;
        let store = storage::org::get_store(c, contract.store_id)?;
        let order = storage::sales::get(c, contract.order_id)?;
        let notice = Notice::SigningCode {
            customer: customer.name.clone(),
            order_no: order.order_no,
            store: store.name,
            code,
            minutes: CODE_TTL.num_minutes(),
        };
        notify::send(app, c, contract.store_id, email, "zh-CN", &notice)?;
        Ok(sent_to)
    }

    fn respond(
        &self,
        app: &App,
        c: &mut DbConnection,
        contract: &ContractRow,
        answer: &str,
        now: NaiveDateTime,
    ) -> AppResult<serde_json::Map<String, serde_json::Value>> {
        let sent = rows::code(c, contract.id)?;
        let typed = code_hash(app, contract.id, answer);
        let as_sent = sent.as_ref().map(|s| SentCode {
            hash: &s.code_hash,
            expires_at: s.expires_at.and_utc(),
            attempts: s.attempts,
        });
        check_code(as_sent, &typed, now.and_utc()).map_err(|e| AppError::field("code", e.code()))?;
        let sent = sent.ok_or_else(|| AppError::field("code", SigningError::NoCode.code()))?;
        rows::delete_code(c, contract.id)?;
        let mut m = serde_json::Map::new();
        m.insert("code_channel".into(), sent.channel.into());
        m.insert("code_sent_to".into(), sent.sent_to.into());
        m.insert("code_sent_at".into(), crate::json::format(&sent.created_at).into());
        m.insert("code_hash".into(), sent.code_hash.into());
        Ok(m)
    }
}

/// The service a store signs with. One today; a store setting will choose once there are more.
pub fn service_for(_store_id: i64) -> &'static dyn SigningService {
    &EmailCode
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(crate::Conflict::Refused { code })
}

/// A drawn signature as sent by the page: a PNG, not empty, not huge.
pub(crate) fn check_png(png: &[u8]) -> AppResult<()> {
    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 100 || !png.starts_with(MAGIC) {
        return Err(AppError::field("signature", SigningError::NoSignature.code()));
    }
    if png.len() > 512 * 1024 {
        return Err(AppError::field("signature", "contract-signature-too-large"));
    }
    Ok(())
}

/// A `data:image/png;base64,…` URL (what signature_pad gives) as bytes.
pub fn png_of_data_url(data_url: &str) -> AppResult<Vec<u8>> {
    use base64::Engine;
    let b64 = data_url.trim().strip_prefix("data:image/png;base64,").unwrap_or(data_url.trim());
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| AppError::field("signature", SigningError::NoSignature.code()))
}

/// The version the customer signs now: the current one, awaiting them.
fn awaiting(c: &mut DbConnection, order_id: i64, contract_id: Option<i64>) -> AppResult<ContractRow> {
    let current = rows::current(c, order_id)?.ok_or_else(|| refused(SigningError::NoContract.code()))?;
    if contract_id.is_some_and(|id| id != current.id) {
        // The page showed a version that a newer one replaced.
        return Err(refused(SigningError::Superseded.code()));
    }
    if current.status != ContractStatus::AwaitingCustomer {
        return Err(refused(SigningError::NotAwaiting.code()));
    }
    Ok(current)
}

fn customer_of(c: &mut DbConnection, k: &ContractRow) -> AppResult<CustomerRow> {
    let order = storage::sales::get(c, k.order_id)?;
    Ok(storage::customers::get_visible(c, &Visibility::whole_store(k.store_id), order.customer_id)?)
}

/// What the customer's page shows of the contract.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ToSign {
    pub contract: super::Contract,
    /// Where a code would go (masked); `None` when the customer has no e-mail on file.
    pub code_to: Option<String>,
    pub code_sent: bool,
}

/// The contract of the order behind `token`: the current version, whatever its state.
pub fn by_link(app: &App, token: &str) -> AppResult<Option<ToSign>> {
    let order_id = crate::sales::order_of(app, token)?;
    app.db.read(|c| {
        let Some(k) = rows::current(c, order_id)? else { return Ok(None) };
        let customer = customer_of(c, &k)?;
        let code_sent = rows::code(c, k.id)?.is_some_and(|s| s.expires_at > app.now() && s.attempts < 5);
        Ok(Some(ToSign { code_to: customer.email.as_deref().map(mask_email), code_sent, contract: k.into() }))
    })
}

/// The PDF of the current version, for the customer behind `token`.
pub fn pdf_by_link(app: &App, token: &str, signed: bool) -> AppResult<(String, Vec<u8>)> {
    let order_id = crate::sales::order_of(app, token)?;
    app.db.read(|c| {
        let k = rows::current(c, order_id)?.ok_or(AppError::NotFound)?;
        let bytes = rows::pdf(c, k.id, signed)?.ok_or(AppError::NotFound)?;
        Ok((format!("{}-v{}.pdf", k.contract_no, k.version), bytes))
    })
}

/// The customer asks for a code to sign the current version.
pub fn send_code(app: &App, token: &str, contract_id: i64) -> AppResult<String> {
    let order_id = crate::sales::order_of(app, token)?;
    app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let k = awaiting(c, order_id, Some(contract_id))?;
        let customer = customer_of(c, &k)?;
        service_for(k.store_id).challenge(app, c, &k, &customer)
    })
}

/// The customer signs the version they read with the code they received and their drawn
/// signature. A wrong code counts against the five tries (kept even though the signing fails).
pub fn sign(app: &App, token: &str, contract_id: i64, code: &str, png: &[u8], device: &Device) -> AppResult<()> {
    let now = app.now();
    let order_id = crate::sales::order_of(app, token)?;
    check_png(png)?;
    let outcome = app.db.write(|c| {
        storage::sales::lock(c, order_id)?;
        let k = awaiting(c, order_id, Some(contract_id))?;
        let service = service_for(k.store_id);
        let mut evidence = match service.respond(app, c, &k, code, now) {
            Ok(e) => e,
            Err(e) => return Ok(Err(e)),
        };
        let customer = customer_of(c, &k)?;
        evidence.insert("signed_at".into(), crate::json::format(&now).into());
        evidence.insert("ip".into(), device.ip.clone().into());
        evidence.insert("user_agent".into(), device.user_agent.chars().take(300).collect::<String>().into());
        evidence.insert("signer".into(), customer.name.clone().into());
        evidence.insert("pdf_sha256".into(), k.pdf_sha256.clone().into());
        evidence.insert("signature_sha256".into(), crate::crypto::sha256_hex(png).into());
        let evidence = serde_json::Value::Object(evidence).to_string();
        rows::record_customer_signature(c, &k, png, &evidence, now)?;
        let order = storage::sales::get(c, k.order_id)?;
        let store = storage::org::get_store(c, k.store_id)?;
        audit::record_customer(
            c,
            now,
            store.group_id,
            &customer.name,
            Event {
                action: Action::ContractSignedByCustomer,
                entity_id: k.order_id,
                store_id: Some(k.store_id),
                changes: Changes::new()
                    .created("contract_no", &k.contract_no)
                    .created("contract_version", k.version)
                    .created("pdf_sha256", &k.pdf_sha256),
            },
        )?;
        crate::sales::timeline_customer(
            c,
            now,
            &customer.name,
            &order,
            "contract_signed_by_customer",
            Some(&k.contract_no),
        )?;
        let owner = storage::users::get(c, order.owner_id)?;
        if let Some(email) = owner.email.as_deref().filter(|_| owner.active) {
            let notice = Notice::CustomerSigned {
                order_no: order.order_no.clone(),
                customer: customer.name.clone(),
                contract_no: k.contract_no.clone(),
                link: format!("{}/orders/{}", app.messages.public_url, order.id),
            };
            notify::send(app, c, k.store_id, email, &owner.locale, &notice)?;
        }
        Ok::<_, AppError>(Ok(()))
    })?;
    if let Err(e) = outcome {
        // The wrong try is counted in a write of its own, so that it stays.
        if matches!(&e, AppError::Validation(f) if f.get("code") == Some(SigningError::WrongCode.code())) {
            app.db.write(|c| rows::count_wrong_code(c, contract_id).map_err(AppError::from))?;
        }
        return Err(e);
    }
    Ok(())
}

/// The rows of the signed copy's evidence page; its times in the store's time zone `tz` with the
/// offset (`2026-12-07 14:05:33 +08:00`), so that they read beside the contract's Chinese dates.
pub(crate) fn evidence_rows(
    k: &ContractRow,
    evidence: &serde_json::Value,
    countersigner: &str,
    now: NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Vec<(String, String)> {
    let s = |key: &str| evidence.get(key).and_then(|v| v.as_str()).unwrap_or("—").to_string();
    let local = |utc: chrono::DateTime<chrono::Utc>| utc.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
    let time = |key: &str| {
        chrono::DateTime::parse_from_rfc3339(&s(key)).map_or_else(|_| s(key), |t| local(t.with_timezone(&chrono::Utc)))
    };
    vec![
        ("合同编号 / 版本".into(), format!("{} / 第 {} 版", k.contract_no, k.version)),
        ("签署文件 SHA-256".into(), k.pdf_sha256.clone()),
        ("买受人".into(), s("signer")),
        ("买受人签署时间".into(), time("signed_at")),
        (
            "验证方式".into(),
            format!("一次性验证码（{}）", if s("code_channel") == "email" { "电子邮件" } else { "短信" }),
        ),
        ("验证码发送至".into(), s("code_sent_to")),
        ("验证码发送时间".into(), time("code_sent_at")),
        ("验证码摘要（HMAC-SHA256）".into(), s("code_hash")),
        ("签署 IP".into(), s("ip")),
        ("签署设备（User-Agent）".into(), s("user_agent")),
        ("签名图像 SHA-256".into(), s("signature_sha256")),
        ("出卖人签署人".into(), countersigner.to_string()),
        ("出卖人签署时间".into(), local(now.and_utc())),
    ]
}

/// The customer's link (to read and sign) while the current contract waits for them.
pub fn link_for(app: &App, money: &super::OrderMoney) -> Option<String> {
    let k = money.contracts.iter().find(|k| k.status != ContractStatus::Superseded)?;
    (k.status == ContractStatus::AwaitingCustomer).then(|| crate::sales::customer_url(app, k.order_id))
}
