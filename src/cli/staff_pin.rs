//! `form-kiosk staff-pin`: the `staff_pin_hash` line for kiosk.toml from a PIN read on
//! standard input (argon2id; the PIN itself is kept nowhere).

use super::{Exit, Outcome};

pub fn run() -> Outcome {
    use std::io::IsTerminal;
    // typed at a terminal: not echoed; piped: one line. Zeroed when dropped.
    let pin = zeroize::Zeroizing::new(if std::io::stdin().is_terminal() {
        eprint!("Mã PIN cán bộ (6 đến 12 chữ số): ");
        rpassword::read_password()?
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line
    });
    match crate::staff::hash_pin(pin.trim()) {
        Ok(h) => {
            println!("staff_pin_hash = \"{h}\"");
            Ok(Exit::Ok)
        }
        Err(m) => {
            eprintln!("{m}");
            Ok(Exit::BadInput)
        }
    }
}
