//! The kiosk's configuration (`kiosk.toml`): who runs it and where. Parsed from text here;
//! reading the file is the caller's job.

use super::after::{parse_clock, Payer, PostTerms};
use super::date::Date;
use super::units::{check_address, AddressCheck};
use super::workdays::Decided;
use serde::{Deserialize, Serialize};

/// The done screen's hint unless the office sets its own (the screens translate this one).
pub const DEFAULT_DESK_HINT: &str = "Mời Ông/Bà ký tờ khai và mang đến quầy tiếp nhận hồ sơ.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KioskConfig {
    /// The registering authority, for "Kính gửi:" on civil-status forms.
    pub agency_name: String,
    /// The commune police, for "Kính gửi:" on residence forms (CT01).
    pub police_name: String,
    /// The receiving agency's code (QCVN 102:2016), first part of every dossier code.
    pub agency_code: String,
    /// This kiosk among the office's (`kiosk-1`, `kiosk-2` …): recorded with each dossier
    /// and audit entry.
    pub kiosk_id: String,
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
    /// The database file; "" = `~/.local/share/form-kiosk/kiosk.db` (`--db` overrides it).
    pub database: String,
    /// The office's PostgreSQL server, `postgresql://kiosk@server/form_kiosk`, shared by the
    /// office's kiosks and its desk; "" = this kiosk's own SQLite file alone. Always over TLS
    /// (the server's certificate checked), unless `sslmode=disable` to a server on this machine.
    pub database_url: String,
    /// The certificate (PEM) of the authority that signed the server's, when not a public one.
    pub database_ca: Option<String>,
    /// A client certificate and its key (PEM), when the server authenticates by certificate.
    pub database_cert: Option<String>,
    pub database_key: Option<String>,
    /// A file (readable by the kiosk user only) holding the password of the URL's user.
    pub database_password_file: Option<String>,
    /// Dossier numbers leased from the office server at a time, per agency and day (renewed
    /// when half are used): what the kiosk can number while the server is out of reach.
    pub lease_size: u32,
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
    /// The health facilities near the office, each as an address ("Bệnh viện …, Phường …,
    /// Tỉnh …"): offered first, a tap each, for a place of birth or of death.
    pub health_facilities: Vec<String>,
    /// The fee for each copy of the result (bản sao), in đồng, said when copies are asked;
    /// 0 = no fee is said (the office sets the one its province charges).
    pub copy_fee: u32,
    /// "Nghe" on every citizen screen: the screen read aloud, offline (espeak-ng).
    pub voice: bool,
    /// espeak-ng's Vietnamese voice: `vi` (northern), `vi-vn-x-central`, `vi-vn-x-south`.
    pub voice_name: String,
    /// Loudness, 0-200 (espeak-ng's amplitude; 100 = its default).
    pub voice_volume: u32,
    /// The ALSA device the voice plays on (`aplay -L` lists them); "" = the default one.
    pub audio_device: String,
    /// The staff PIN as an argon2id hash (`form-kiosk staff-pin` makes the line); empty =
    /// staff mode cannot be entered on the screen.
    pub staff_pin_hash: String,
    /// The desk a citizen goes to with the printout, on the slip ("Quầy số 3").
    pub desk: String,
    /// The hotline for complaints and suggestions, on the done screen and the slip.
    pub hotline: String,
    /// A dossier handed in at or after this time ("15:00") counts from the next working day.
    pub cutoff_time: String,
    /// Days off the Government decided on top of the fixed holidays (the day beside 2/9, a
    /// swapped day, Tết days other than the usual five), dd/mm/yyyy.
    pub days_off: Vec<String>,
    /// Days worked though a weekend or usual holiday (the Saturday worked for a swap).
    pub days_worked: Vec<String>,
    /// The office's own closed days.
    pub closed_days: Vec<String>,
    /// The CUPS queue of an 80 mm receipt printer for the slip; "" = the slip prints as a
    /// half page after the form on `printer`.
    pub receipt_printer: String,
    /// Sending results by public post, per group of procedures; a group not listed is not
    /// offered post.
    pub post: Vec<crate::core::after::PostTerms>,
    /// The hours a citizen may book to hand in a dossier at the desk ("07:30"), each
    /// working day; empty = no bookings.
    pub booking_times: Vec<String>,
    /// Bookings each of those hours takes.
    pub booking_capacity: u32,
    /// How many working days ahead can be booked.
    pub booking_days: u32,
    /// The hours of visits at home for people who cannot travel; empty = not offered.
    pub home_visit_times: Vec<String>,
    /// Visits each of those hours takes.
    pub home_visit_capacity: u32,
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            agency_name: "Ủy ban nhân dân phường Hồng Ngự".into(),
            police_name: "Công an phường Hồng Ngự".into(),
            agency_code: "000.00.00.H20".into(),
            kiosk_id: "kiosk-1".into(),
            place: "Hồng Ngự".into(),
            commune: "Phường Hồng Ngự".into(),
            province: "Tỉnh Đồng Tháp".into(),
            record_url: "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}".into(),
            profile_retention_days: 365,
            dossier_retention_days: 30,
            db_key_file: None,
            database: String::new(),
            database_url: String::new(),
            database_ca: None,
            database_cert: None,
            database_key: None,
            database_password_file: None,
            lease_size: 40,
            printer: String::new(),
            cups_server: String::new(),
            print_timeout_secs: 60,
            idle_timeout_secs: 90,
            desk_hint: DEFAULT_DESK_HINT.into(),
            health_facilities: Vec::new(),
            copy_fee: 0,
            voice: true,
            voice_name: "vi-vn-x-south".into(),
            voice_volume: 100,
            audio_device: String::new(),
            staff_pin_hash: String::new(),
            desk: "Bộ phận Một cửa, quầy tiếp nhận hồ sơ".into(),
            hotline: "1022".into(),
            cutoff_time: "15:00".into(),
            // 2026 as decided (assets/kiosk.toml names the decisions)
            days_off: ["02/01/2026", "31/08/2026", "01/09/2026", "24/11/2026"].map(String::from).to_vec(),
            days_worked: ["10/01/2026", "22/08/2026"].map(String::from).to_vec(),
            closed_days: Vec::new(),
            receipt_printer: String::new(),
            post: vec![
                PostTerms { group: "Hộ tịch".into(), fee: 0, payer: Payer::Citizen },
                PostTerms { group: "Cư trú".into(), fee: 0, payer: Payer::Citizen },
            ],
            booking_times: ["07:30", "08:30", "09:30", "10:30", "13:30", "14:30", "15:30"].map(String::from).to_vec(),
            booking_capacity: 3,
            booking_days: 5,
            home_visit_times: Vec::new(),
            home_visit_capacity: 1,
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

/// Bounds of the numbers in `kiosk.toml`: (key, least, most).
pub const BOUNDS: &[(&str, u32, u32)] = &[
    ("profile_retention_days", 1, 3650),
    ("dossier_retention_days", 1, 3650),
    ("print_timeout_secs", 5, 3600),
    ("idle_timeout_secs", 30, 3600),
    ("copy_fee", 0, 1_000_000),
    ("voice_volume", 0, 200),
    ("booking_capacity", 1, 100),
    ("booking_days", 1, 30),
    ("home_visit_capacity", 1, 20),
    ("lease_size", 2, 1000),
];

/// Longest text of each key (characters): what fits its place on the page and the screen.
pub const MAX_LEN: &[(&str, usize)] = &[
    ("agency_name", 150),
    ("police_name", 150),
    ("place", 60),
    ("desk_hint", 300),
    ("record_url", 300),
    ("printer", 127),
    ("cups_server", 255),
    ("voice_name", 40),
    ("audio_device", 127),
    ("database", 255),
    ("database_url", 500),
    ("desk", 100),
    ("hotline", 20),
    ("receipt_printer", 127),
];

/// The parts of a dossier code as the kiosk makes it, `<agency>-<YYMMDD>-<NNNN>` (Thông tư
/// 01/2018/TT-VPCP): the agency's code (letters, digits, dots), the day, the number. None for
/// anything else (a card's QR read by mistake, a typo).
pub fn dossier_code_parts(s: &str) -> Option<(&str, &str, u32)> {
    let mut parts = s.rsplitn(3, '-');
    let (seq, day, agency) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |x: &str, n: usize| x.len() == n && x.bytes().all(|b| b.is_ascii_digit());
    let agency_ok = !agency.is_empty() && agency.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.');
    (agency_ok && digits(day, 6) && digits(seq, 4)).then(|| (agency, day, seq.parse().unwrap_or(0)))
}

/// An agency code of QCVN 102:2016: `000.00.00.H20` — three groups of digits (3, 2, 2) and
/// a letter with two digits.
pub fn is_agency_code(s: &str) -> bool {
    let g: Vec<&str> = s.split('.').collect();
    let digits = |x: &str, n: usize| x.len() == n && x.bytes().all(|b| b.is_ascii_digit());
    g.len() == 4 && digits(g[0], 3) && digits(g[1], 2) && digits(g[2], 2) && g[3].len() == 3 && g[3].as_bytes()[0].is_ascii_uppercase() && digits(&g[3][1..], 2)
}

impl KioskConfig {
    /// The year's decided days off, days worked and closures, as dates (a bad one was
    /// refused by `check`).
    pub fn decided(&self) -> Decided {
        let dates = |v: &[String]| v.iter().filter_map(|d| Date::parse_typed(d)).collect();
        Decided { days_off: dates(&self.days_off), days_worked: dates(&self.days_worked), closed: dates(&self.closed_days) }
    }

    /// The cut-off as minutes since midnight.
    pub fn cutoff_minutes(&self) -> u32 {
        parse_clock(&self.cutoff_time).unwrap_or(15 * 60)
    }

    /// The office's terms for sending a group's results by post (None: post not offered).
    pub fn post_terms(&self, group: &str) -> Option<&PostTerms> {
        self.post.iter().find(|p| p.group == group)
    }

    /// Bookings each slot of a kind of visit takes.
    pub fn capacity(&self, visit: crate::core::after::Visit) -> u32 {
        match visit {
            crate::core::after::Visit::Desk => self.booking_capacity,
            crate::core::after::Visit::Home => self.home_visit_capacity,
        }
    }

    /// The booking hours of a kind of visit, as minutes of the day.
    pub fn slot_starts(&self, visit: crate::core::after::Visit) -> Vec<u32> {
        let times = match visit {
            crate::core::after::Visit::Desk => &self.booking_times,
            crate::core::after::Visit::Home => &self.home_visit_times,
        };
        times.iter().filter_map(|t| parse_clock(t)).collect()
    }

    /// The address of a dossier's online record (the record QR): `record_url` with the code.
    pub fn record_url_for(&self, code: &str) -> String {
        self.record_url.replace("{code}", code)
    }

    /// Every problem, one message per key, naming it (in Vietnamese, for the staff who edit
    /// the file). Never repeats a value: a key file's path or a URL may be long or private.
    pub fn check(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (key, v) in [("agency_name", &self.agency_name), ("police_name", &self.police_name), ("place", &self.place)] {
            if v.trim().is_empty() {
                out.push(format!("`{key}`: đang trống, cần ghi tên"));
            }
        }
        let text = |key: &str| -> &str {
            match key {
                "agency_name" => &self.agency_name,
                "police_name" => &self.police_name,
                "place" => &self.place,
                "desk_hint" => &self.desk_hint,
                "record_url" => &self.record_url,
                "printer" => &self.printer,
                "voice_name" => &self.voice_name,
                "audio_device" => &self.audio_device,
                "database" => &self.database,
                "database_url" => &self.database_url,
                "desk" => &self.desk,
                "hotline" => &self.hotline,
                "receipt_printer" => &self.receipt_printer,
                _ => &self.cups_server,
            }
        };
        for (key, max) in MAX_LEN {
            let v = text(key);
            if v.chars().count() > *max {
                out.push(format!("`{key}`: dài quá {max} ký tự"));
            } else if v.chars().any(|c| c.is_control()) {
                out.push(format!("`{key}`: có ký tự điều khiển"));
            }
        }
        let id_ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if self.kiosk_id.is_empty() || self.kiosk_id.len() > 32 || !self.kiosk_id.chars().all(id_ok) {
            out.push("`kiosk_id`: cần 1 đến 32 ký tự chữ thường không dấu, chữ số hoặc `-`, ví dụ `kiosk-2`".into());
        }
        if !is_agency_code(&self.agency_code) {
            out.push("`agency_code`: không đúng dạng mã định danh cơ quan theo QCVN 102:2016, ví dụ `000.00.17.H17`".into());
        }
        // a facility is offered as it is written: it must be an address in the 2025 units
        for (i, f) in self.health_facilities.iter().enumerate() {
            if f.chars().count() > 200 || !matches!(check_address(f, true), AddressCheck::Ok(ref a) if a == &crate::core::text::clean(f)) {
                out.push(format!("`health_facilities` số {}: cần ghi đủ tên cơ sở, xã/phường và tỉnh/thành phố từ 01/7/2025, đúng tên chính thức", i + 1));
            }
        }
        match check_address(&format!("{}, {}", self.commune, self.province), true) {
            AddressCheck::Ok(_) => {}
            _ => out.push("`commune`/`province`: không phải một xã/phường của một tỉnh/thành phố trong danh sách từ 01/7/2025".into()),
        }
        let number = |key: &str| match key {
            "profile_retention_days" => self.profile_retention_days,
            "dossier_retention_days" => self.dossier_retention_days,
            "print_timeout_secs" => self.print_timeout_secs,
            "copy_fee" => self.copy_fee,
            "voice_volume" => self.voice_volume,
            "booking_capacity" => self.booking_capacity,
            "booking_days" => self.booking_days,
            "home_visit_capacity" => self.home_visit_capacity,
            "lease_size" => self.lease_size,
            _ => self.idle_timeout_secs,
        };
        for (key, lo, hi) in BOUNDS {
            let n = number(key);
            if n < *lo || n > *hi {
                out.push(format!("`{key}`: cần từ {lo} đến {hi}"));
            }
        }
        if !self.record_url.starts_with("https://") || !self.record_url.contains("{code}") || self.record_url.contains(char::is_whitespace) {
            out.push("`record_url`: cần là một địa chỉ https:// có chỗ `{code}` cho mã hồ sơ, không có dấu cách".into());
        }
        if parse_clock(&self.cutoff_time).is_none() {
            out.push("`cutoff_time`: cần là giờ dạng `15:00`".into());
        }
        for (key, days) in [("days_off", &self.days_off), ("days_worked", &self.days_worked), ("closed_days", &self.closed_days)] {
            if let Some(i) = days.iter().position(|d| Date::parse_typed(d).is_none() || d.len() != 10) {
                out.push(format!("`{key}` số {}: cần là ngày dạng `02/09/2026`", i + 1));
            }
        }
        for (key, times) in [("booking_times", &self.booking_times), ("home_visit_times", &self.home_visit_times)] {
            let mins: Vec<Option<u32>> = times.iter().map(|t| parse_clock(t)).collect();
            if let Some(i) = mins.iter().position(|m| m.is_none()) {
                out.push(format!("`{key}` số {}: cần là giờ dạng `07:30`", i + 1));
            } else if mins.windows(2).any(|w| w[0] >= w[1]) {
                out.push(format!("`{key}`: các giờ cần theo thứ tự tăng dần, không trùng nhau"));
            }
        }
        for (i, p) in self.post.iter().enumerate() {
            if p.group.trim().is_empty() || self.post[..i].iter().any(|q| q.group == p.group) {
                out.push(format!("`post` số {}: cần tên nhóm thủ tục (như `Hộ tịch`), mỗi nhóm một lần", i + 1));
            } else if p.fee > 1_000_000 {
                out.push(format!("`post` số {}: `fee` cần từ 0 đến 1000000", i + 1));
            }
        }
        if self.hotline.trim().is_empty() {
            out.push("`hotline`: đang trống, cần ghi số đường dây nóng".into());
        }
        let url = self.database_url.trim();
        if !(url.is_empty() || url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            out.push("`database_url`: cần là địa chỉ dạng `postgresql://người-dùng@máy-chủ/cơ-sở-dữ-liệu`, hoặc để trống".into());
        }
        if self.database_cert.is_some() != self.database_key.is_some() {
            out.push("`database_cert` và `database_key`: chứng thư và khóa riêng phải đi cùng nhau".into());
        }
        if self.db_key_file.as_deref().is_some_and(|f| f.trim().is_empty()) {
            out.push("`db_key_file`: đang trống; bỏ dòng này nếu không mã hóa".into());
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

    /// Data-driven: each bad value gives one message, naming its key, never the value.
    #[test]
    fn every_key_is_bounded() {
        let long = "x".repeat(5000);
        let cases: Vec<(String, &str)> = vec![
            ("dossier_retention_days = 4294967295".into(), "dossier_retention_days"),
            ("profile_retention_days = 4294967295".into(), "profile_retention_days"),
            ("dossier_retention_days = 0".into(), "dossier_retention_days"),
            ("print_timeout_secs = 0".into(), "print_timeout_secs"),
            ("idle_timeout_secs = 4000000".into(), "idle_timeout_secs"),
            (format!("agency_code = \"{long}\""), "agency_code"),
            ("agency_code = \"H20\"".into(), "agency_code"),
            ("agency_code = \"000.00.00.h20\"".into(), "agency_code"),
            (format!("record_url = \"https://x.vn/{{code}}{long}\""), "record_url"),
            ("record_url = \"http://x.vn/{code}\"".into(), "record_url"),
            ("record_url = \"https://x.vn/\"".into(), "record_url"),
            (format!("place = \"{}\"", "y".repeat(301)), "place"),
            (format!("agency_name = \"{}\"", "y".repeat(301)), "agency_name"),
            ("agency_name = \"a\\u001bb\"".into(), "agency_name"),
            ("db_key_file = \"\"".into(), "db_key_file"),
            ("voice_volume = 201".into(), "voice_volume"),
            ("kiosk_id = \"Kiosk 1\"".into(), "kiosk_id"),
            ("kiosk_id = \"\"".into(), "kiosk_id"),
            ("copy_fee = 2000000".into(), "copy_fee"),
            (format!("voice_name = \"{long}\""), "voice_name"),
            ("health_facilities = [\"Bệnh viện Đa khoa\"]".into(), "health_facilities"),
            ("health_facilities = [\"Bệnh viện X, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh\"]".into(), "health_facilities"),
        ];
        for (line, key) in cases {
            let e = parse_config(&line).unwrap_err();
            assert_eq!(e.len(), 1, "{line}: {e:?}");
            assert!(e[0].starts_with(&format!("`{key}`")), "{line}: {e:?}");
            assert!(!e[0].contains("xxxxx") && !e[0].contains("yyyyy") && !e[0].contains("4294967295"), "{e:?}");
        }
        assert!(is_agency_code("000.00.17.H17"));
        assert_eq!(dossier_code_parts("000.00.17.H17-261130-0042"), Some(("000.00.17.H17", "261130", 42)));
        assert_eq!(dossier_code_parts("A-261127-0001"), Some(("A", "261127", 1)));
        for bad in ["001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1|15042021", "A-26113-0001", "A-261130-001", "-261130-0001", "A B-261130-0001"] {
            assert_eq!(dossier_code_parts(bad), None, "{bad}");
        }
    }
}
