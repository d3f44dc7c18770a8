//! Secrets of the web desk: units' link tokens, office passwords, sessions, CSRF tokens and
//! rate limits. Tokens are 256 random bits; only their SHA-256 is stored, so the ledger file
//! holds nothing that opens a unit's page. Passwords are argon2id hashes.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::shell::sha256;

/// A fresh random token: 32 bytes from the operating system, as 64 hex digits.
pub fn token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("không lấy được số ngẫu nhiên: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the ledger keeps of a token.
pub fn token_hash(token: &str) -> String {
    sha256(token.as_bytes())
}

/// The CSRF token of a unit's forms: derived from its link token (whoever can post the form
/// already holds the link), never the token itself.
pub fn unit_csrf(token: &str) -> String {
    sha256(format!("csrf:{token}").as_bytes())
}

/// An argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("không lấy được số ngẫu nhiên: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .to_string())
}

/// Whether `password` matches the stored hash (argon2 compares in constant time).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Equality whose time does not depend on where two strings differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A signed-in office user.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub csrf: String,
    pub expires: Instant,
}

/// How long a session lasts without signing in again.
pub const SESSION_LIFE: Duration = Duration::from_secs(8 * 3600);

/// Fixed-window counters: at most `max` events per key per minute.
#[derive(Default)]
pub struct Limits {
    windows: HashMap<(&'static str, String), (Instant, u32)>,
}

impl Limits {
    /// Counts one event; false when the key already had `max` in the current minute.
    pub fn allow(&mut self, bucket: &'static str, key: &str, max: u32) -> bool {
        let now = Instant::now();
        if self.windows.len() > 10_000 {
            self.windows
                .retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let entry = self
            .windows
            .entry((bucket, key.to_string()))
            .or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_no_other() {
        let h = hash_password("mật khẩu dài").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu dài", &h));
        assert!(!verify_password("mật khẩu ngắn", &h));
        assert!(!verify_password("mật khẩu dài", "không phải hash"));
    }

    #[test]
    fn tokens_are_64_hex_digits_and_differ() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn a_limit_refuses_the_event_past_its_count_in_a_minute() {
        let mut l = Limits::default();
        assert!((0..3).all(|_| l.allow("x", "k", 3)));
        assert!(!l.allow("x", "k", 3));
        assert!(l.allow("x", "other", 3));
    }
}
