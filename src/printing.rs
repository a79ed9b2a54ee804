//! Printing through CUPS over IPP (the `ipp` crate, blocking client): queue state, job
//! submission, following the job to completion, and the kiosk's own deadline — CUPS may keep
//! a job for an unreachable printer "processing" for days. The only module that talks to
//! the printer.

use crate::core::message::{Msg, QueueWord, Reason};
use ipp::model::{DelimiterTag, StatusCode};
use ipp::prelude::*;
use std::time::{Duration, Instant};

/// The name jobs are submitted under (jobs carry no personal data in their names either:
/// the title is the dossier code).
pub const USER: &str = "form-kiosk";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterState {
    Idle,
    Printing,
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterInfo {
    pub name: String,
    pub state: PrinterState,
    pub accepting: bool,
    /// IPP printer-state-reasons other than "none" (e.g. media-empty, offline-report).
    pub reasons: Vec<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Pending,
    Held,
    Processing,
    Stopped,
    Canceled,
    Aborted,
    Completed,
}

/// Why a print did not happen. Display: Vietnamese for the citizen and the staff, saying
/// what to do; the dossier is always already stored when one of these is shown.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("{}", self.detail())]
    NoSuchPrinter(String),
    #[error("{}", self.detail())]
    Stopped(Vec<String>),
    #[error("{}", self.detail())]
    NotAccepting,
    #[error("{}", self.detail())]
    Held,
    #[error("{}", self.detail())]
    Failed(Vec<String>),
    #[error("{}", self.detail())]
    Timeout(u64),
    #[error("{}", self.detail())]
    Connection(String),
}

impl PrintError {
    /// What staff are told: the queue, the reasons, the seconds.
    pub fn detail(&self) -> Msg {
        match self {
            PrintError::NoSuchPrinter(q) => Msg::PrinterNotFound { queue: q.clone() },
            PrintError::Stopped(r) => Msg::PrinterStopped { reasons: reasons(r) },
            PrintError::NotAccepting => Msg::PrinterNotAccepting,
            PrintError::Held => Msg::JobHeld,
            PrintError::Failed(r) => Msg::JobCancelled { reasons: reasons(r) },
            PrintError::Timeout(secs) => Msg::PrintTimeout { secs: *secs },
            PrintError::Connection(detail) => Msg::PrintServiceDown { detail: detail.clone() },
        }
    }

    /// What the citizen is told, without the details for staff (queue names, reasons,
    /// seconds): one fixed sentence per kind, which the screens translate.
    pub fn msg(&self) -> Msg {
        match self {
            PrintError::NoSuchPrinter(_) | PrintError::Connection(_) => Msg::PrinterUnreachable,
            PrintError::Stopped(_) | PrintError::NotAccepting | PrintError::Held => Msg::PrinterPaused,
            PrintError::Failed(_) | PrintError::Timeout(_) => Msg::PrintUnfinished,
        }
    }
}

/// printer-state-reasons that say something to staff, in words (`core::message::Reason`).
/// Whether the printer reports a fault that stops a print (no paper, a jam, no toner, a cover
/// open, offline, paused); a warning such as low toner is not one.
pub fn has_fault(info: &PrinterInfo) -> bool {
    !reasons(&info.reasons).is_empty()
}

fn reasons(reasons: &[String]) -> Vec<Reason> {
    reasons
        .iter()
        .filter_map(|r| {
            let r = r.trim_end_matches("-error").trim_end_matches("-warning").trim_end_matches("-report");
            Some(match r {
                "media-empty" | "media-needed" => Reason::NoPaper,
                "media-jam" => Reason::PaperJam,
                "toner-empty" | "marker-supply-empty" => Reason::NoToner,
                "door-open" | "cover-open" => Reason::CoverOpen,
                "offline" | "connecting-to-device" | "timed-out" => Reason::Offline,
                "paused" => Reason::Paused,
                _ => return None,
            })
        })
        .collect()
}

/// What the kiosk needs from a printer; CUPS in production, a fake in UI unit tests.
pub trait Printer: Send + Sync {
    /// Print `pdf` on queue `q` (None = the default queue) and wait until it is printed or
    /// `deadline` passes. Returns the queue used and the job id.
    fn print(&self, q: Option<&str>, title: &str, pdf: Vec<u8>, deadline: Duration) -> Result<(String, i32), PrintError>;

    /// The state of queue `q` (None = the default queue), for the staff screen.
    fn queue_state(&self, q: Option<&str>) -> Result<PrinterInfo, PrintError>;

    /// Remove every job titled with one of these dossier codes, with its spooled document,
    /// on every queue (a citizen's erasure reaches jobs still waiting). Returns how many.
    fn forget_jobs(&self, titles: &[String]) -> Result<usize, PrintError> {
        let _ = titles;
        Ok(0)
    }
}

/// A queue and its state, for staff: "Máy in KioskPDF: Sẵn sàng", "…: Tạm dừng (hết giấy)".
pub fn state_msg(p: &PrinterInfo) -> Msg {
    let word = match (&p.state, p.accepting) {
        (PrinterState::Stopped, _) => QueueWord::Paused,
        (_, false) => QueueWord::NotAccepting,
        (PrinterState::Printing, _) => QueueWord::Printing,
        (PrinterState::Idle, _) => QueueWord::Ready,
    };
    Msg::Queue { name: p.name.clone(), word, reasons: reasons(&p.reasons) }
}

impl Cups {
    fn queue_or_default(&self, q: Option<&str>) -> Result<String, PrintError> {
        match q.filter(|q| !q.is_empty()) {
            Some(q) => Ok(q.to_string()),
            None => {
                let mut all = self.printers()?;
                all.sort_by(|a, b| a.name.cmp(&b.name));
                all.into_iter().next().map(|p| p.name).ok_or_else(|| PrintError::NoSuchPrinter(String::new()))
            }
        }
    }
}

impl Printer for Cups {
    fn queue_state(&self, q: Option<&str>) -> Result<PrinterInfo, PrintError> {
        let q = self.queue_or_default(q)?;
        self.printer(&q)
    }

    fn print(&self, q: Option<&str>, title: &str, pdf: Vec<u8>, deadline: Duration) -> Result<(String, i32), PrintError> {
        let q = self.queue_or_default(q)?;
        let job = Cups::print(self, &q, title, pdf, deadline)?;
        Ok((q, job))
    }

    fn forget_jobs(&self, titles: &[String]) -> Result<usize, PrintError> {
        let mut n = 0;
        for (q, job, title) in self.jobs()? {
            if titles.contains(&title) {
                self.purge(&q, job)?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// A CUPS server: `host:port` as in `CUPS_SERVER` (default 127.0.0.1:631).
#[derive(Debug, Clone)]
pub struct Cups {
    server: String,
}

fn conn_err(e: impl std::fmt::Display) -> PrintError {
    PrintError::Connection(e.to_string())
}

fn texts(v: &IppValue) -> Vec<String> {
    v.into_iter().map(|x| x.to_string()).collect()
}

impl Cups {
    /// `server` as configured, else `CUPS_SERVER`, else 127.0.0.1:631. A socket path
    /// (starting with `/`) is not reachable over HTTP and falls back to 127.0.0.1:631.
    pub fn new(server: Option<&str>) -> Cups {
        let s = server
            .map(String::from)
            .or_else(|| std::env::var("CUPS_SERVER").ok())
            .filter(|s| !s.is_empty() && !s.starts_with('/'))
            .unwrap_or_else(|| "127.0.0.1:631".into());
        let server = if s.contains(':') { s } else { format!("{s}:631") };
        Cups { server }
    }

    fn uri(&self, path: &str) -> Result<Uri, PrintError> {
        format!("http://{}{path}", self.server).parse().map_err(conn_err)
    }

    fn client(&self, path: &str) -> Result<IppClient, PrintError> {
        Ok(IppClient::builder(self.uri(path)?).request_timeout(Duration::from_secs(10)).build())
    }

    fn queue_uri(q: &str) -> String {
        format!("/printers/{q}")
    }

    /// Every queue with its state.
    pub fn printers(&self) -> Result<Vec<PrinterInfo>, PrintError> {
        let cups = IppOperationBuilder::cups();
        let op = cups.get_printers();
        let resp = self.client("/")?.send(op).map_err(conn_err)?;
        if resp.header().status_code() == StatusCode::ClientErrorNotFound {
            return Ok(Vec::new());
        }
        if !resp.header().status_code().is_success() {
            return Err(conn_err(resp.header().status_code()));
        }
        Ok(resp.attributes().groups_of(DelimiterTag::PrinterAttributes).map(printer_info).collect())
    }

    /// One queue's state; `NoSuchPrinter` when CUPS has no such queue.
    pub fn printer(&self, q: &str) -> Result<PrinterInfo, PrintError> {
        let path = Self::queue_uri(q);
        let op = IppOperationBuilder::get_printer_attributes(self.uri(&path)?)
            .attributes(["printer-name", "printer-state", "printer-state-reasons", "printer-is-accepting-jobs", "printer-state-message"])
            .build()
            .map_err(conn_err)?;
        let resp = self.client(&path)?.send(op).map_err(conn_err)?;
        let status = resp.header().status_code();
        if status == StatusCode::ClientErrorNotFound {
            return Err(PrintError::NoSuchPrinter(q.to_string()));
        }
        if !status.is_success() {
            return Err(conn_err(status));
        }
        let g = resp.attributes().groups_of(DelimiterTag::PrinterAttributes).next().ok_or_else(|| conn_err("no printer attributes"))?;
        let mut info = printer_info(g);
        if info.name.is_empty() {
            info.name = q.to_string();
        }
        Ok(info)
    }

    /// Submit a PDF; returns the job id.
    pub fn submit(&self, q: &str, title: &str, pdf: Vec<u8>) -> Result<i32, PrintError> {
        let path = Self::queue_uri(q);
        let op = IppOperationBuilder::print_job(self.uri(&path)?, IppPayload::new(std::io::Cursor::new(pdf)))
            .user_name(USER)
            .job_title(title)
            .document_format("application/pdf")
            .build()
            .map_err(conn_err)?;
        let resp = self.client(&path)?.send(op).map_err(conn_err)?;
        let status = resp.header().status_code();
        match status {
            StatusCode::ClientErrorNotFound => return Err(PrintError::NoSuchPrinter(q.to_string())),
            StatusCode::ServerErrorNotAcceptingJobs => return Err(PrintError::NotAccepting),
            s if !s.is_success() => return Err(conn_err(s)),
            _ => {}
        }
        let id = resp.attributes().groups_of(DelimiterTag::JobAttributes).next().and_then(|g| g.get("job-id")).and_then(|a| match a.value() {
            IppValue::Integer(i) => Some(*i),
            _ => None,
        });
        id.ok_or_else(|| conn_err("no job id"))
    }

    /// The state of a job and its reasons.
    pub fn job(&self, q: &str, job: i32) -> Result<(JobState, Vec<String>), PrintError> {
        let path = Self::queue_uri(q);
        let op = IppOperationBuilder::get_job_attributes(self.uri(&path)?, job).user_name(USER).build().map_err(conn_err)?;
        let resp = self.client(&path)?.send(op).map_err(conn_err)?;
        if !resp.header().status_code().is_success() {
            return Err(conn_err(resp.header().status_code()));
        }
        let g = resp.attributes().groups_of(DelimiterTag::JobAttributes).next().ok_or_else(|| conn_err("no job attributes"))?;
        let state = match g.get("job-state").map(|a| a.value()) {
            Some(IppValue::Enum(3)) => JobState::Pending,
            Some(IppValue::Enum(4)) => JobState::Held,
            Some(IppValue::Enum(5)) => JobState::Processing,
            Some(IppValue::Enum(6)) => JobState::Stopped,
            Some(IppValue::Enum(7)) => JobState::Canceled,
            Some(IppValue::Enum(8)) => JobState::Aborted,
            Some(IppValue::Enum(9)) => JobState::Completed,
            other => return Err(conn_err(format!("unknown job state {other:?}"))),
        };
        let reasons = g.get("job-state-reasons").map(|a| texts(a.value())).unwrap_or_default();
        Ok((state, reasons))
    }

    /// Cancel a job (if it is not finished) and remove it from CUPS with its spooled
    /// document and history — CUPS's `purge-job`. A printed form holds a citizen's data:
    /// nothing of it stays in the spool once its job has ended.
    pub fn purge(&self, q: &str, job: i32) -> Result<(), PrintError> {
        let path = Self::queue_uri(q);
        let op = IppOperationBuilder::cancel_job(self.uri(&path)?, job).user_name(USER).build().map_err(conn_err)?;
        let mut req = ipp::operation::IppOperation::into_ipp_request(op);
        let purge = ipp::value::IppName::new("purge-job").map_err(conn_err)?;
        req.attributes_mut().add(DelimiterTag::OperationAttributes, IppAttribute::new(purge, IppValue::Boolean(true)));
        let resp = self.client(&path)?.send(req).map_err(conn_err)?;
        match resp.header().status_code() {
            // already gone
            s if s.is_success() || s == StatusCode::ClientErrorNotFound => Ok(()),
            s => Err(conn_err(s)),
        }
    }

    /// Every job CUPS still knows of by our user, finished or not: (queue, id, title).
    pub fn jobs(&self) -> Result<Vec<(String, i32, String)>, PrintError> {
        let op = IppOperationBuilder::get_jobs(self.uri("/")?).user_name(USER).build().map_err(conn_err)?;
        let mut req = ipp::operation::IppOperation::into_ipp_request(op);
        let kw = |s: &str| ipp::value::IppName::new(s).map_err(conn_err);
        req.attributes_mut()
            .add(DelimiterTag::OperationAttributes, IppAttribute::new(kw("which-jobs")?, IppValue::Keyword("all".try_into().map_err(conn_err)?)));
        req.attributes_mut().add(
            DelimiterTag::OperationAttributes,
            IppAttribute::new(
                kw("requested-attributes")?,
                IppValue::Array(vec![
                    IppValue::Keyword("job-id".try_into().map_err(conn_err)?),
                    IppValue::Keyword("job-name".try_into().map_err(conn_err)?),
                    IppValue::Keyword("job-printer-uri".try_into().map_err(conn_err)?),
                ]),
            ),
        );
        let resp = self.client("/")?.send(req).map_err(conn_err)?;
        let status = resp.header().status_code();
        if status == StatusCode::ClientErrorNotFound {
            return Ok(Vec::new());
        }
        if !status.is_success() {
            return Err(conn_err(status));
        }
        Ok(resp
            .attributes()
            .groups_of(DelimiterTag::JobAttributes)
            .filter_map(|g| {
                let id = match g.get("job-id")?.value() {
                    IppValue::Integer(i) => *i,
                    _ => return None,
                };
                let title = g.get("job-name").map(|a| a.value().to_string()).unwrap_or_default();
                let uri = g.get("job-printer-uri").map(|a| a.value().to_string()).unwrap_or_default();
                let q = uri.rsplit('/').next().unwrap_or_default().to_string();
                Some((q, id, title))
            })
            .collect())
    }

    /// Print and follow the job until it completes. The queue is checked first (exists,
    /// accepting, not stopped); a job still unfinished at `deadline` is cancelled.
    pub fn print(&self, q: &str, title: &str, pdf: Vec<u8>, deadline: Duration) -> Result<i32, PrintError> {
        let p = self.printer(q)?;
        if !p.accepting {
            return Err(PrintError::NotAccepting);
        }
        if p.state == PrinterState::Stopped {
            return Err(PrintError::Stopped(p.reasons));
        }
        let job = self.submit(q, title, pdf)?;
        let start = Instant::now();
        let mut wait = Duration::from_millis(50);
        loop {
            let (state, reasons) = self.job(q, job)?;
            match state {
                JobState::Completed => {
                    // printed: nothing of the form stays in the spool (a failure to purge
                    // does not undo the print; `forget_jobs` reaches it later)
                    let _ = self.purge(q, job);
                    return Ok(job);
                }
                JobState::Canceled | JobState::Aborted => {
                    let _ = self.purge(q, job);
                    return Err(PrintError::Failed(reasons));
                }
                JobState::Held => {
                    let _ = self.purge(q, job);
                    return Err(PrintError::Held);
                }
                JobState::Pending | JobState::Processing | JobState::Stopped => {}
            }
            if start.elapsed() >= deadline {
                let _ = self.purge(q, job);
                return Err(PrintError::Timeout(deadline.as_secs()));
            }
            // a printer that stopped while our job waits: say so now, not at the deadline
            if state == JobState::Stopped || start.elapsed() > Duration::from_secs(2) {
                if let Ok(p) = self.printer(q) {
                    if p.state == PrinterState::Stopped {
                        let _ = self.purge(q, job);
                        return Err(PrintError::Stopped(p.reasons));
                    }
                }
            }
            std::thread::sleep(wait);
            wait = (wait * 2).min(Duration::from_millis(500));
        }
    }
}

fn printer_info(g: &ipp::attribute::IppAttributeGroup) -> PrinterInfo {
    let state = match g.get("printer-state").map(|a| a.value()) {
        Some(IppValue::Enum(4)) => PrinterState::Printing,
        Some(IppValue::Enum(5)) => PrinterState::Stopped,
        _ => PrinterState::Idle,
    };
    let accepting = matches!(g.get("printer-is-accepting-jobs").map(|a| a.value()), Some(IppValue::Boolean(true)));
    let reasons = g.get("printer-state-reasons").map(|a| texts(a.value())).unwrap_or_default().into_iter().filter(|r| r != "none").collect();
    PrinterInfo {
        name: g.get("printer-name").map(|a| a.value().to_string()).unwrap_or_default(),
        state,
        accepting,
        reasons,
        message: g.get("printer-state-message").map(|a| a.value().to_string()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_in_vietnamese() {
        let e = PrintError::Stopped(vec!["media-empty-error".into(), "paused".into()]);
        assert_eq!(e.to_string(), "Máy in đang tạm dừng (hết giấy, bị tạm dừng). Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”");
        assert!(!PrintError::Stopped(vec![]).to_string().contains('('));
    }
}
