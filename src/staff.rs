//! Staff access to the kiosk: a PIN kept only as an argon2id hash (PHC string) in
//! `kiosk.toml`, never in clear. Hashing draws a random salt, so it sits here at the edge.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A PIN is 6 to 12 digits: typed on the kiosk's keypad.
pub fn check_pin_shape(pin: &str) -> Result<(), String> {
    let n = pin.chars().count();
    if !(6..=12).contains(&n) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err("Mã PIN gồm 6 đến 12 chữ số.".into());
    }
    Ok(())
}

/// The line to put in `kiosk.toml` for this PIN: an argon2id hash with a fresh salt.
pub fn hash_pin(pin: &str) -> Result<String, String> {
    check_pin_shape(pin)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(pin.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    Right,
    Wrong,
    /// No `staff_pin_hash` in the configuration: staff mode cannot be entered.
    NotSet,
    /// `staff_pin_hash` is not an argon2 hash.
    BadHash,
}

pub fn verify_pin(hash: &str, pin: &str) -> PinCheck {
    if hash.trim().is_empty() {
        return PinCheck::NotSet;
    }
    match PasswordHash::new(hash.trim()) {
        Err(_) => PinCheck::BadHash,
        Ok(h) => match Argon2::default().verify_password(pin.as_bytes(), &h) {
            Ok(()) => PinCheck::Right,
            Err(argon2::password_hash::Error::Password) => PinCheck::Wrong,
            Err(_) => PinCheck::BadHash,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_hash_round_trip() {
        let h = hash_pin("246810").unwrap();
        assert!(h.starts_with("$argon2id$") && !h.contains("246810"), "{h}");
        assert_ne!(h, hash_pin("246810").unwrap(), "a fresh salt each time");
        assert_eq!(verify_pin(&h, "246810"), PinCheck::Right);
        assert_eq!(verify_pin(&h, "246811"), PinCheck::Wrong);
        assert_eq!(verify_pin("", "246810"), PinCheck::NotSet);
        assert_eq!(verify_pin("plain-246810", "246810"), PinCheck::BadHash);
        assert!(hash_pin("1234").is_err() && hash_pin("12345a").is_err());
    }
}
