//! `form-kiosk card PAYLOAD`: what a card's QR holds, or why it is refused.

use super::{print_json, today, Exit, Fail, Global, Outcome};
use crate::service::Service;

pub fn run(g: &Global, payload: &str, json: bool) -> Outcome {
    // reading a card needs neither the forms nor the store
    let card = Service::read_card(payload, today(g)?).map_err(|e| Fail(Exit::BadInput, e.into()))?;
    if json {
        print_json(&card)?;
    } else {
        println!("Số định danh:   {}", card.id_number);
        println!("Số CMND cũ:     {}", card.old_id_number.as_deref().unwrap_or("—"));
        println!("Họ, chữ đệm, tên: {}", card.full_name);
        println!("Ngày sinh:      {}", card.birth_date);
        println!("Giới tính:      {}", card.sex);
        println!("Nơi thường trú: {}", card.residence);
        println!("Ngày cấp:       {}", card.issue_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into()));
    }
    Ok(Exit::Ok)
}
