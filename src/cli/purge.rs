//! `form-kiosk purge`: retention now (it also runs at every start).

use super::{now, service, Access, Exit, Global, Outcome};

pub fn run(g: &Global) -> Outcome {
    let mut service = service(g, Access::WriteNoPurge)?;
    let r = service.purge(now(g)?)?;
    println!("Đã xóa {} hồ sơ cá nhân lưu sẵn và {} hồ sơ quá hạn lưu giữ", r.profiles, r.dossiers);
    Ok(Exit::Ok)
}
