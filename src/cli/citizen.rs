//! `form-kiosk citizen show|forget`: a citizen's stored profile, and erasure on request.

use super::{now, print_json, service, Access, CitizenCommand, Exit, Global, Outcome};

pub fn run(g: &Global, cmd: &CitizenCommand) -> Outcome {
    let access = if matches!(cmd, CitizenCommand::Show { .. }) { Access::Read } else { Access::Write };
    // an ID number as staff type it: spaces, dots and dashes allowed; anything else is refused
    // before the database is opened (and never repeated)
    let (CitizenCommand::Show { id, .. } | CitizenCommand::Forget { id }) = cmd;
    let Some(id) = crate::core::text::id_number(id) else {
        eprintln!("Số định danh cá nhân gồm đúng 12 chữ số (có thể viết cách nhau bằng dấu cách, dấu chấm hoặc gạch ngang). Vui lòng nhập lại.");
        return Ok(Exit::BadInput);
    };
    let id = id.as_str();
    let mut service = service(g, access)?;
    let now = now(g)?;
    match cmd {
        CitizenCommand::Show { json, .. } => {
            let Some(p) = service.profile(id)? else {
                eprintln!("Không có thông tin lưu sẵn cho số định danh này");
                return Ok(Exit::BadInput);
            };
            if *json {
                print_json(&p)?;
            } else {
                println!("Số định danh: {}", p.card.id_number);
                println!("Họ, chữ đệm, tên: {}", p.card.full_name);
                println!("Ngày sinh: {}   Giới tính: {}", p.card.birth_date, p.card.sex);
                println!("Nơi thường trú: {}", p.card.residence);
                println!("Đồng ý lưu lúc: {} (thông báo {})", p.consent_at, p.consent_notice);
                println!("Dùng lần cuối: {}", p.last_used_at);
            }
        }
        CitizenCommand::Forget { .. } => {
            let r = service.forget_citizen(id, now)?;
            println!(
                "Đã xóa: {} hồ sơ cá nhân lưu sẵn, dữ liệu cá nhân trong {} hồ sơ (nhật ký giữ lại, không có dữ liệu cá nhân)",
                r.profile as u8, r.dossiers
            );
            match service.forget_jobs(&r.codes).run() {
                Ok(0) => {}
                Ok(n) => println!("Đã xóa {n} lệnh in còn lưu trên máy chủ in"),
                Err(e) => eprintln!("cảnh báo: chưa xóa được các lệnh in còn lưu trên máy chủ in ({e}); chạy lại lệnh này khi dịch vụ in hoạt động"),
            }
            if !r.wal_wiped {
                eprintln!("cảnh báo: {}", crate::core::message::Msg::WalNotWiped.vi());
                return Ok(Exit::Busy);
            }
        }
    }
    Ok(Exit::Ok)
}
