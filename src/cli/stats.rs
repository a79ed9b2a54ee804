//! `form-kiosk stats [--from D] [--to D] [--json]`: how citizens rated the kiosk, per day and
//! procedure (the ratings hold nothing else).

use super::{print_json, service, today, Access, Exit, Global, Outcome};
use crate::core::date::Date;
use anyhow::anyhow;
use serde_json::json;

pub fn run(g: &Global, from: Option<&str>, to: Option<&str>, json: bool) -> Outcome {
    let day = |s: Option<&str>, key: &str, default: Date| -> anyhow::Result<Date> {
        match s {
            Some(s) => super::date_arg(&format!("--{key}"), s),
            None => Ok(default),
        }
    };
    let t = today(g)?;
    let to = day(to, "to", t)?;
    let from = day(from, "from", Date::from_julian_day(to.julian_day() - 29))?;
    if to < from {
        return Err(super::Fail(Exit::BadInput, anyhow!("--to: ngày cuối cần từ ngày --from trở đi")));
    }
    let service = service(g, Access::Read)?;
    let rows = service.rating_table(from, to)?;
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| json!({"day": r.day, "form_id": r.form_id, "very_satisfied": r.counts[0], "satisfied": r.counts[1], "unsatisfied": r.counts[2]}))
            .collect();
        print_json(&v)?;
    } else {
        println!("{:<10}  {:<20} {:>12} {:>9} {:>15}", "Ngày", "Thủ tục", "Rất hài lòng", "Hài lòng", "Không hài lòng");
        let mut total = [0u32; 3];
        for r in &rows {
            let n = r.counts;
            println!("{:<10}  {:<20} {:>12} {:>9} {:>15}", r.day, r.form_id, n[0], n[1], n[2]);
            for (t, x) in total.iter_mut().zip(n) {
                *t += x;
            }
        }
        println!("{:<10}  {:<20} {:>12} {:>9} {:>15}", "Cộng", "", total[0], total[1], total[2]);
    }
    Ok(Exit::Ok)
}
