//! `form-kiosk sync`: a kiosk of an office sends the server what it has not received yet and
//! applies the server's erasures to its own file.

use super::{now, print_json, service, Access, Exit, Global, Outcome};

pub fn run(g: &Global, json: bool) -> Outcome {
    let mut service = service(g, Access::WriteNoPurge)?;
    let now = now(g)?;
    let Some(r) = service.sync(now, true)? else {
        return Err(anyhow::anyhow!("kiosk này không thuộc máy chủ nào của cơ quan (chưa có `database_url` trong kiosk.toml): không có gì để gửi").into());
    };
    if json {
        print_json(&r)?;
    } else if r.online {
        println!(
            "Đã gửi máy chủ của cơ quan {} thay đổi ({} đã có từ trước); đã xóa {} mục theo yêu cầu xóa ở nơi khác; còn chờ gửi: {}",
            r.sent, r.already, r.erased, r.pending
        );
    } else {
        eprintln!("Chưa liên lạc được máy chủ của cơ quan; {} thay đổi vẫn giữ ở kiosk, sẽ gửi khi có kết nối", r.pending);
    }
    Ok(if r.online { Exit::Ok } else { Exit::Offline })
}
