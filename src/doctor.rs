//! `form-kiosk doctor` and the staff screen's check: is this kiosk fit to serve? The
//! configuration (every key), the database (opens, intact, schema, free disk), the key file's
//! permissions, the forms (all load, in force, expiring), the printers (queue, accepting,
//! paper), the fonts, the clock. One line each, with a fix in Vietnamese when it fails.

use crate::core::config::KioskConfig;
use crate::core::date::Date;
use crate::printing::{Printer, PrinterState};
use std::path::{Path, PathBuf};

/// Free space the database's disk should keep (a day's dossiers with their PDFs are a few
/// megabytes; the WAL needs room to checkpoint).
pub const MIN_FREE_BYTES: u64 = 200 * 1024 * 1024;
/// A form version whose end is this close is reported.
pub const EXPIRY_WARNING_DAYS: i64 = 60;

/// One check: what was looked at, whether it passed, what was seen, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    pub what: &'static str,
    pub ok: bool,
    pub detail: String,
    /// What to do (empty when it passed).
    pub fix: String,
}

impl Check {
    fn pass(what: &'static str, detail: impl Into<String>) -> Check {
        Check { what, ok: true, detail: detail.into(), fix: String::new() }
    }

    fn fail(what: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { what, ok: false, detail: detail.into(), fix: fix.into() }
    }

    /// "✓ Cấu hình: …" or "✗ Máy in: … — Cách sửa: …".
    pub fn line(&self) -> String {
        if self.ok {
            format!("✓ {}: {}", self.what, self.detail)
        } else {
            format!("✗ {}: {} — Cách sửa: {}", self.what, self.detail, self.fix)
        }
    }
}

/// What the checks look at.
pub struct Subject<'a> {
    /// The configuration's keys (as written, when it has problems), and its problems.
    pub config: &'a KioskConfig,
    pub problems: Option<String>,
    pub db: PathBuf,
    pub printer: &'a (dyn Printer + Sync),
    pub today: Date,
    /// The machine's offset from UTC now, in minutes (Việt Nam: +420).
    pub utc_offset_minutes: i32,
}

/// The machine's offset from UTC now, in minutes.
pub fn local_offset_minutes() -> i32 {
    chrono::Local::now().offset().local_minus_utc() / 60
}

/// Every check, in order.
pub fn run(s: &Subject) -> Vec<Check> {
    let mut out = Vec::new();
    let config = s.config;
    out.push(match &s.problems {
        None => Check::pass("Cấu hình", "mọi khóa hợp lệ"),
        Some(e) => Check::fail("Cấu hình", e.clone(), "sửa các khóa được nêu trong kiosk.toml (xem assets/kiosk.toml)"),
    });
    out.push(key_file(config));
    out.extend(database(&s.db, config));
    if let Some(target) = crate::config_io::pg_target(config) {
        out.push(office_server(&target, &s.db, config));
    }
    out.extend(forms(s.today));
    out.push(printer(s.printer, "Máy in", &config.printer));
    if !config.receipt_printer.is_empty() {
        out.push(printer(s.printer, "Máy in phiếu", &config.receipt_printer));
    }
    out.push(fonts());
    out.push(clock(s.today));
    out.push(time_zone(s.utc_offset_minutes));
    out
}

/// The cut-off hour and every date are the machine's local time: Việt Nam is UTC+7.
fn time_zone(offset: i32) -> Check {
    let shown = format!("UTC{}{:02}:{:02}", if offset < 0 { '-' } else { '+' }, offset.abs() / 60, offset.abs() % 60);
    if offset == 7 * 60 {
        Check::pass("Múi giờ", shown)
    } else {
        Check::fail("Múi giờ", format!("máy đặt múi giờ {shown}, không phải giờ Việt Nam (UTC+07:00)"), "timedatectl set-timezone Asia/Ho_Chi_Minh")
    }
}

fn key_file(config: &KioskConfig) -> Check {
    let Some(f) = &config.db_key_file else {
        return Check::pass("Tệp khóa", "không mã hóa cơ sở dữ liệu (không đặt db_key_file)");
    };
    if crate::config_io::read_key_file(Path::new(f)).is_err() {
        return Check::fail(
            "Tệp khóa",
            format!("không đọc được khóa trong {f} (không có, trống, hoặc không có quyền đọc)"),
            "tạo tệp khóa hoặc sửa đường dẫn db_key_file",
        );
    }
    match std::fs::metadata(f) {
        Err(_) => Check::fail("Tệp khóa", format!("không đọc được {f}"), "tạo tệp khóa hoặc sửa đường dẫn db_key_file"),
        Ok(m) => {
            use std::os::unix::fs::PermissionsExt;
            let mode = m.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                Check::fail("Tệp khóa", format!("{f} có quyền {mode:o}: người khác đọc được"), format!("chmod 600 {f}"))
            } else {
                Check::pass("Tệp khóa", format!("{f}, quyền {mode:o}"))
            }
        }
    }
}

fn database(path: &Path, config: &KioskConfig) -> Vec<Check> {
    let mut out = Vec::new();
    if !path.exists() {
        out.push(Check::fail("Cơ sở dữ liệu", format!("chưa có {}", path.display()), "chạy kiosk một lần (form-kiosk) hoặc sửa --db"));
        return out;
    }
    let key = match crate::config_io::db_key(config) {
        Ok(k) => k,
        // without its key the database cannot be judged: the key file's line says why
        Err(_) => {
            out.push(Check::fail("Cơ sở dữ liệu", "không kiểm tra được khi chưa đọc được khóa", "sửa tệp khóa trước (xem dòng Tệp khóa)"));
            return out;
        }
    };
    match crate::store::Store::open_read_only(path, key.as_deref()) {
        Err(e) => out.push(Check::fail("Cơ sở dữ liệu", format!("{e}"), "kiểm tra tệp khóa và quyền đọc tệp; khôi phục từ bản sao lưu nếu tệp hỏng")),
        Ok(store) => {
            let version = store.schema_version().unwrap_or(-1);
            match store.quick_check() {
                Ok(true) if version == crate::store::SCHEMA_VERSION => {
                    out.push(Check::pass("Cơ sở dữ liệu", format!("{}: nguyên vẹn, phiên bản cấu trúc {version}", path.display())))
                }
                Ok(true) => out.push(Check::fail(
                    "Cơ sở dữ liệu",
                    format!("phiên bản cấu trúc {version}, bản kiosk này dùng {}", crate::store::SCHEMA_VERSION),
                    "sao lưu (form-kiosk backup) rồi chạy kiosk một lần để nâng cấp (tự động)",
                )),
                _ => out.push(Check::fail("Cơ sở dữ liệu", "kiểm tra toàn vẹn thấy lỗi", "khôi phục từ bản sao lưu (form-kiosk restore)")),
            }
        }
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match free_bytes(dir) {
        Some(free) if free >= MIN_FREE_BYTES => out.push(Check::pass("Dung lượng đĩa", format!("còn {} MB", free / (1024 * 1024)))),
        Some(free) => out.push(Check::fail("Dung lượng đĩa", format!("chỉ còn {} MB", free / (1024 * 1024)), "giải phóng đĩa (tối thiểu 200 MB)")),
        None => out.push(Check::fail("Dung lượng đĩa", "không đọc được", "kiểm tra thư mục của cơ sở dữ liệu")),
    }
    out
}

/// A kiosk of an office: the server answers over TLS, its schema is one this kiosk knows, and
/// how much waits in the kiosk's outbox.
fn office_server(target: &crate::store::PgTarget, db: &Path, config: &KioskConfig) -> Check {
    let waiting = crate::config_io::db_key(config)
        .ok()
        .and_then(|key| crate::store::Store::open_read_only(db, key.as_deref()).ok())
        .and_then(|s| s.outbox_len().ok())
        .unwrap_or(0);
    match crate::store::PgStore::open(target) {
        Ok(s) => Check::pass(
            "Máy chủ của cơ quan",
            format!("{}: kết nối được, phiên bản cấu trúc {}; {waiting} thay đổi chờ gửi", s.location(), s.schema_version().unwrap_or(-1)),
        ),
        Err(e) => Check::fail(
            "Máy chủ của cơ quan",
            format!("{}: {e}; {waiting} thay đổi chờ gửi", crate::store::redact(&target.url)),
            "kiểm tra mạng, máy chủ PostgreSQL và database_url, database_ca, mật khẩu trong kiosk.toml (kiosk vẫn phục vụ bằng các số hồ sơ đã được cấp trước)",
        ),
    }
}

/// Bytes free for this user on the file system holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a zeroed struct the call fills in
    let r = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    (r == 0).then(|| st.f_bavail as u64 * st.f_frsize as u64)
}

fn forms(today: Date) -> Vec<Check> {
    let (set, diags) = crate::forms_io::bundled();
    let mut out = Vec::new();
    if diags.is_empty() {
        let on = set.on(today);
        let n = on.iter().count();
        out.push(Check::pass("Mẫu tờ khai", format!("{n} thủ tục, mẫu nào cũng đang có hiệu lực")));
        for t in on.iter() {
            if let Some(until) = t.valid_until {
                let left = until.julian_day() - today.julian_day();
                if left <= EXPIRY_WARNING_DAYS {
                    out.push(Check::fail(
                        "Mẫu tờ khai",
                        format!("{} hết hiệu lực ngày {until} (còn {left} ngày)", t.name),
                        "cập nhật form-kiosk để có mẫu mới",
                    ));
                }
            }
        }
    } else {
        out.push(Check::fail("Mẫu tờ khai", diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("; "), "cài lại form-kiosk"));
    }
    out
}

fn printer(p: &(dyn Printer + Sync), what: &'static str, queue: &str) -> Check {
    let q = Some(queue).filter(|q| !q.is_empty());
    match p.queue_state(q) {
        Err(e) => Check::fail(what, e.detail().vi(), "kiểm tra CUPS (systemctl status cups) và tên hàng đợi trong kiosk.toml"),
        Ok(info) => {
            let words = crate::printing::state_msg(&info).vi();
            if info.accepting && info.state != PrinterState::Stopped && !crate::printing::has_fault(&info) {
                Check::pass(what, words)
            } else {
                Check::fail(what, words, format!("nạp giấy, đóng nắp, bật máy in; rồi cupsenable {0} và cupsaccept {0}", info.name))
            }
        }
    }
}

fn fonts() -> Check {
    let m = crate::pdf::metrics();
    let sample = "ĐẶNG Thị Ngọc Ánh, Xã Ea H'leo ỹ";
    match sample.chars().find(|c| !m.has_glyph(*c)) {
        None => Check::pass("Phông chữ", "phông tờ khai có đủ chữ tiếng Việt"),
        Some(_) => Check::fail("Phông chữ", "phông tờ khai thiếu chữ tiếng Việt", "cài lại form-kiosk"),
    }
}

fn clock(today: Date) -> Check {
    if (2025..=2100).contains(&today.year) {
        Check::pass("Đồng hồ", format!("hôm nay {today}"))
    } else {
        Check::fail("Đồng hồ", format!("đồng hồ máy chỉ ngày {today}"), "đặt lại giờ (timedatectl) và thay pin đồng hồ của máy: ngày trên tờ khai sẽ sai")
    }
}
