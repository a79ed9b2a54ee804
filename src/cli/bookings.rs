//! `form-kiosk bookings [--date D] [--days N] [--json] [--cancel CODE]`: the booked times, for
//! the desk's day; cancelling frees the place.

use super::{now, print_json, service, today, Access, Exit, Global, Outcome};
use crate::core::date::Date;
use anyhow::anyhow;

pub fn run(g: &Global, date: Option<&str>, days: u32, cancel: Option<&str>, json: bool) -> Outcome {
    let access = if cancel.is_some() { Access::Write } else { Access::Read };
    let mut service = service(g, access)?;
    if let Some(code) = cancel {
        return if service.cancel_booking(code, now(g)?)? {
            println!("Đã hủy lịch hẹn của hồ sơ {code}");
            Ok(Exit::Ok)
        } else {
            Err(super::Fail(Exit::BadInput, anyhow!("hồ sơ {code} không có lịch hẹn nào đang giữ")))
        };
    }
    let from = match date {
        Some(s) => super::date_arg("--date", s)?,
        None => today(g)?,
    };
    if !(1..=366).contains(&days) {
        return Err(super::Fail(Exit::BadInput, anyhow!("--days cần từ 1 đến 366")));
    }
    let through = Date::from_julian_day(from.julian_day() + days as i64 - 1);
    let list = service.bookings(from, through)?;
    if json {
        print_json(&list)?;
    } else {
        for b in &list {
            let name = service.form(&b.form_id).map(|t| t.name.clone()).unwrap_or_else(|_| b.form_id.clone());
            let place = match (&b.visit, &b.address) {
                (crate::core::after::Visit::Home, Some(a)) => format!("tại nhà: {a}"),
                _ => "tại quầy".to_string(),
            };
            let off = if b.cancelled { " (đã hủy)" } else { "" };
            println!("{} {}  {}  {}  {}{off}", b.day, b.time, b.code, name, place);
        }
        println!("{} lịch hẹn từ {from} đến {through}", list.iter().filter(|b| !b.cancelled).count());
    }
    Ok(Exit::Ok)
}
