//! Password hashing (argon2id), random tokens, token digests and encryption of personal data.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// The data key: encrypts ID numbers (AES-256-GCM) and keys their blind index (HMAC-SHA256).
#[derive(Clone)]
pub struct Secrets {
    data_key: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(***)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the data key must be 32 bytes, base64-encoded")]
    Invalid,
}

impl Secrets {
    pub fn from_base64(key: &str) -> Result<Self, KeyError> {
        let bytes = STANDARD.decode(key.trim()).map_err(|_| KeyError::Invalid)?;
        let data_key: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Invalid)?;
        Ok(Self { data_key })
    }

    pub fn generate_base64() -> String {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        STANDARD.encode(key)
    }

    /// `nonce || ciphertext`, base64. A fresh random nonce per value.
    pub fn encrypt(&self, plain: &str) -> String {
        let cipher = Aes256Gcm::new_from_slice(&self.data_key).expect("32-byte key");
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let sealed = cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).expect("AES-GCM encryption");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        STANDARD.encode(out)
    }

    pub fn decrypt(&self, sealed: &str) -> Option<String> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let cipher = Aes256Gcm::new_from_slice(&self.data_key).ok()?;
        let plain = cipher.decrypt(Nonce::from_slice(&bytes[..12]), &bytes[12..]).ok()?;
        String::from_utf8(plain).ok()
    }

    /// `payload.signature`: the payload with an HMAC-SHA256 under the data key (customer links).
    pub fn sign(&self, purpose: &str, payload: &str) -> String {
        format!("{payload}.{}", self.mac(purpose, payload))
    }

    /// The payload of a token made by `sign` for the same purpose, if the signature holds.
    pub fn verify<'a>(&self, purpose: &str, token: &'a str) -> Option<&'a str> {
        let (payload, signature) = token.rsplit_once('.')?;
        let expected = self.mac(purpose, payload);
        let same = expected.len() == signature.len()
            && expected.bytes().zip(signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        same.then_some(payload)
    }

    fn mac(&self, purpose: &str, payload: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.data_key).expect("any key length");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(payload.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A keyed digest for exact-match lookups of an encrypted value.
    pub fn blind_index(&self, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.data_key).expect("any key length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A random URL-safe token with 256 bits of entropy.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Session ids and API tokens are stored as their SHA-256, so a database leak does not leak logins.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fixed hash to verify against when the user does not exist, so timing does not reveal it.
pub fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not-a-real-password"));
    let _ = verify_password(password, hash);
}

/// The SHA-256 of a file, in hex: what an archived document is checked against.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_round_trips_and_is_randomised() {
        let s = Secrets::from_base64(&Secrets::generate_base64()).unwrap();
        let a = s.encrypt("360426199101010071");
        let b = s.encrypt("360426199101010071");
        assert_ne!(a, b);
        assert_eq!(s.decrypt(&a).as_deref(), Some("360426199101010071"));
        assert_eq!(s.blind_index("x"), s.blind_index("x"));
        let other = Secrets::from_base64(&Secrets::generate_base64()).unwrap();
        assert_eq!(other.decrypt(&a), None);
    }

    #[test]
    fn signatures_hold_only_for_their_purpose_and_payload() {
        let s = Secrets::from_base64(&Secrets::generate_base64()).unwrap();
        let t = s.sign("order-link", "12-1767225600");
        assert_eq!(s.verify("order-link", &t), Some("12-1767225600"));
        assert_eq!(s.verify("other", &t), None);
        assert_eq!(s.verify("order-link", &t.replace("12-", "13-")), None);
        assert_eq!(s.verify("order-link", "garbage"), None);
    }

    #[test]
    fn passwords_verify() {
        let h = hash_password("correct horse battery");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
    }
}
