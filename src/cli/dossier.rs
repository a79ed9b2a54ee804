//! `form-kiosk dossier list|show|handed-over|reprint|audit`: the stored dossiers, for staff;
//! `form-kiosk desk …`: the same on the office's server, from the desk's PC.

use super::{now, print_json, service, today, Access, DossierCommand, Exit, Global, Outcome};
use crate::core::fill::display_label;
use crate::store::Actor;
use anyhow::Context as _;
use serde_json::json;

fn parse_day(g: &Global, date: Option<&str>) -> anyhow::Result<Option<String>> {
    let d = match date {
        Some("all") => return Ok(None),
        Some(s) => super::date_arg("--date", s)?,
        None => today(g)?,
    };
    Ok(Some(d.day_key()))
}

fn status_vi(s: crate::store::Status) -> &'static str {
    use crate::store::Status::*;
    match s {
        Draft => "nháp",
        Confirmed => "đã xác nhận",
        Printed => "đã in",
        PrintFailed => "in lỗi",
        HandedOver => "đã nộp tại quầy",
    }
}

/// Whose dossiers: this kiosk's store, or the office's server (every kiosk's).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Kiosk,
    Office,
}

/// The dossier code in what a scanner read: a data QR part (`FKZ1:<i>/<n>:<code>:…`), a record
/// link (`…ma_ho_so=<code>`), or the code itself.
pub fn code_from_scan(scan: &str) -> String {
    let s = scan.trim();
    if let Some(rest) = s.strip_prefix("FKZ1:") {
        return rest.split(':').nth(1).unwrap_or_default().to_string();
    }
    if let Some(i) = s.find("ma_ho_so=") {
        return s[i + 9..].split(['&', '#']).next().unwrap_or_default().to_string();
    }
    s.to_string()
}

pub fn run(g: &Global, cmd: &DossierCommand, scope: Scope) -> Outcome {
    let access = match cmd {
        DossierCommand::List { .. } | DossierCommand::Show { .. } | DossierCommand::Audit { .. } => Access::Read,
        DossierCommand::Reprint { out: Some(_), .. } | DossierCommand::Slip { .. } => Access::Read,
        _ => Access::Write,
    };
    let mut service = match scope {
        Scope::Kiosk => service(g, access)?,
        Scope::Office => {
            let config = crate::config_io::load(g.config.as_deref())?;
            let server = crate::config_io::open_server(&config)?;
            crate::service::Service::new(super::load_forms(g)?, config).with_store_as_is(server)
        }
    };
    let now = now(g)?;
    match cmd {
        DossierCommand::List { date, json } => {
            let day = parse_day(g, date.as_deref())?;
            let list = service.dossiers(day.as_deref())?;
            if *json {
                let v: Vec<_> = list
                    .iter()
                    .map(|d| json!({"code": d.code, "form_id": d.form_id, "status": d.status, "created_at": d.created_at, "print_attempts": d.print_attempts, "erased": d.erased_at.is_some(), "kiosk_id": d.kiosk_id}))
                    .collect();
                print_json(&v)?;
            } else {
                for d in &list {
                    println!("{}  {:<18} {:<16} {}  {}", d.code, d.form_id, status_vi(d.status), d.created_at, d.kiosk_id.as_deref().unwrap_or("-"));
                }
                println!("{} hồ sơ", list.len());
            }
        }
        DossierCommand::Show { code, json } => {
            // a card's QR scanned by mistake is refused without being shown back
            let code = code_from_scan(code);
            if crate::core::config::dossier_code_parts(&code).is_none() {
                return Err(
                    anyhow::anyhow!("đây không phải mã hồ sơ: cần mã dạng 000.00.00.H20-261130-0001, hoặc quét mã QR ở cuối trang 1 của tờ khai").into()
                );
            }
            let d = service.dossier(&code)?;
            if *json {
                print_json(&d)?;
            } else {
                println!("Mã hồ sơ: {}", d.code);
                println!("Thủ tục: {} (mẫu v{})", d.form_id, d.form_version);
                println!("Trạng thái: {} — số lần in: {}", status_vi(d.status), d.print_attempts);
                println!("Lập lúc: {} (kiosk {})", d.created_at, d.kiosk_id.as_deref().unwrap_or("-"));
                match (&d.answers, service.forms.version(&d.form_id, d.form_version)) {
                    (Some(a), Some(t)) => {
                        let answers: std::collections::BTreeMap<String, crate::core::fill::Answer> = serde_json::from_value(a.clone())?;
                        for f in &t.fields {
                            if let Some(x) = answers.get(&f.id) {
                                println!("  {}: {}", display_label(t, f), x.value.summary());
                            }
                        }
                    }
                    (Some(_), None) => println!("(không còn mẫu `{}` để hiển thị các mục)", d.form_id),
                    (None, _) => println!("(dữ liệu cá nhân đã được xóa lúc {})", d.erased_at.as_deref().unwrap_or("?")),
                }
            }
        }
        DossierCommand::HandedOver { code } => {
            service.hand_over(code, now)?;
            println!("Hồ sơ {code}: đã nộp tại quầy");
        }
        DossierCommand::Slip { code, printer, out } => {
            let mut job = service.slip_job(code, now)?;
            if let Some(path) = out {
                std::fs::write(path, &job.pdf).with_context(|| format!("cannot write {}", path.display()))?;
                println!("Đã ghi phiếu hướng dẫn của hồ sơ {code} vào {}", path.display());
            } else {
                if printer.is_some() {
                    job.queue = printer.clone();
                }
                match job.run() {
                    Ok((q, id)) => println!("Đã in phiếu hướng dẫn của hồ sơ {code} trên máy in {q} (lệnh in {id})"),
                    Err(e) => {
                        eprintln!("lỗi in: {e:#}");
                        return Ok(Exit::NotPrinted);
                    }
                }
            }
        }
        DossierCommand::Reprint { code, printer, out } => {
            if let Some(path) = out {
                let pdf = service.dossier_pdf(code)?;
                std::fs::write(path, pdf).with_context(|| format!("cannot write {}", path.display()))?;
                println!("Đã ghi bản in của hồ sơ {code} vào {}", path.display());
            } else {
                match service.print(code, printer.as_deref(), Actor::Staff, now) {
                    Ok((q, job)) => println!("Đã in lại hồ sơ {code} trên máy in {q} (lệnh in {job})"),
                    Err(e) => {
                        eprintln!("lỗi in: {e:#}");
                        return Ok(Exit::NotPrinted);
                    }
                }
            }
        }
        DossierCommand::Audit { limit } => {
            for e in service.audit_log(*limit)? {
                let kiosk = e.kiosk_id.unwrap_or_else(|| "-".into());
                println!("{}  {:<18} {:<8} {:<8} {} {}", e.at, e.action, e.actor, kiosk, e.dossier_code.unwrap_or_default(), e.form_id.unwrap_or_default());
            }
        }
    }
    Ok(Exit::Ok)
}
