//! `form-kiosk printers`: the CUPS queues and their state.

use super::{print_json, Exit, Global, Outcome};
use crate::config_io;
use crate::service::Service;
use serde_json::json;

pub fn run(g: &Global, json_out: bool) -> Outcome {
    let list = Service::printers(&config_io::load(g.config.as_deref())?)?;
    if json_out {
        let v: Vec<_> = list
            .iter()
            .map(|p| json!({"name": p.name, "state": format!("{:?}", p.state).to_lowercase(), "accepting": p.accepting, "reasons": p.reasons, "message": p.message}))
            .collect();
        print_json(&v)?;
    } else {
        for p in &list {
            println!("{}", crate::printing::state_msg(p));
        }
        if list.is_empty() {
            println!("Không có máy in nào trong CUPS");
        }
    }
    Ok(Exit::Ok)
}
