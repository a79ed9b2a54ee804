//! The kiosk's configuration (`kiosk.toml`): who runs it and where. Parsed from text here;
//! reading the file is the caller's job.

use super::units::{check_address, AddressCheck};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KioskConfig {
    /// The registering authority, for "Kính gửi:" on civil-status forms.
    pub agency_name: String,
    /// The commune police, for "Kính gửi:" on residence forms (CT01).
    pub police_name: String,
    /// The receiving agency's code (QCVN 102:2016), first part of every dossier code.
    pub agency_code: String,
    /// The place on the "Làm tại …, ngày … tháng … năm …" line.
    pub place: String,
    /// The commune and province the kiosk stands in (2025 names).
    pub commune: String,
    pub province: String,
    /// Record-link URL for the printed QR; `{code}` is replaced by the dossier code.
    pub record_url: String,
    /// Profiles not used for this many days are erased.
    pub profile_retention_days: u32,
    /// Dossiers are erased this many days after they were made (the desk has them by then).
    pub dossier_retention_days: u32,
    /// A file holding the database key: the store is then encrypted at rest (SQLCipher).
    pub db_key_file: Option<String>,
    /// The CUPS queue to print on; empty = the first queue CUPS lists.
    pub printer: String,
    /// The CUPS server (`host:port`); empty = `CUPS_SERVER`, else 127.0.0.1:631.
    pub cups_server: String,
    /// A print not finished after this many seconds is cancelled and reported (CUPS would
    /// keep retrying an unreachable printer for days).
    pub print_timeout_secs: u32,
    /// Seconds without a touch or key after which the screen and the session are wiped.
    pub idle_timeout_secs: u32,
    /// Where to go with the printout, shown on the last screen.
    pub desk_hint: String,
    /// The staff PIN as an argon2id hash (`form-kiosk staff-pin` makes the line); empty =
    /// staff mode cannot be entered on the screen.
    pub staff_pin_hash: String,
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            agency_name: "Ủy ban nhân dân phường Hồng Ngự".into(),
            police_name: "Công an phường Hồng Ngự".into(),
            agency_code: "000.00.00.H20".into(),
            place: "Hồng Ngự".into(),
            commune: "Phường Hồng Ngự".into(),
            province: "Tỉnh Đồng Tháp".into(),
            record_url: "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}".into(),
            profile_retention_days: 365,
            dossier_retention_days: 30,
            db_key_file: None,
            printer: String::new(),
            cups_server: String::new(),
            print_timeout_secs: 60,
            idle_timeout_secs: 90,
            desk_hint: "Mời bạn ký tờ khai và mang đến quầy tiếp nhận hồ sơ.".into(),
            staff_pin_hash: String::new(),
        }
    }
}

/// Problems in a configuration, in words for the staff who edit it.
pub fn parse_config(text: &str) -> Result<KioskConfig, Vec<String>> {
    let cfg: KioskConfig = toml::from_str(text).map_err(|e| vec![e.message().to_string()])?;
    let problems = cfg.check();
    if problems.is_empty() {
        Ok(cfg)
    } else {
        Err(problems)
    }
}

impl KioskConfig {
    pub fn check(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (key, v) in [("agency_name", &self.agency_name), ("police_name", &self.police_name), ("place", &self.place)] {
            if v.trim().is_empty() {
                out.push(format!("`{key}` is empty"));
            }
        }
        let code_ok = !self.agency_code.is_empty()
            && self.agency_code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
        if !code_ok {
            out.push(format!("`agency_code` `{}` is not an agency code like `000.00.17.H17`", self.agency_code));
        }
        match check_address(&format!("{}, {}", self.commune, self.province), true) {
            AddressCheck::Ok(_) => {}
            _ => out.push(format!(
                "`commune`/`province`: `{}, {}` is not a commune of a province in the 2025 list",
                self.commune, self.province
            )),
        }
        if self.idle_timeout_secs < 10 {
            out.push("`idle_timeout_secs` must be 10 or more".into());
        }
        if self.print_timeout_secs == 0 {
            out.push("`print_timeout_secs` must be 1 or more".into());
        }
        if self.dossier_retention_days == 0 || self.profile_retention_days == 0 {
            out.push("retention days must be 1 or more".into());
        }
        if !self.record_url.contains("{code}") {
            out.push("`record_url` has no `{code}` placeholder".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        assert!(KioskConfig::default().check().is_empty());
    }

    #[test]
    fn partial_file_keeps_defaults() {
        let c = parse_config("place = \"Cao Lãnh\"\ncommune = \"Phường Cao Lãnh\"").unwrap();
        assert_eq!(c.place, "Cao Lãnh");
        assert_eq!(c.province, "Tỉnh Đồng Tháp");
    }

    #[test]
    fn bad_values_named() {
        let e = parse_config("commune = \"Phường Không Có\"").unwrap_err();
        assert!(e[0].contains("commune"), "{e:?}");
        assert!(parse_config("agancy_name = \"x\"").is_err());
    }
}
