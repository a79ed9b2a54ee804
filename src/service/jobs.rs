//! Work to run away from the screen's thread: a print, a look at the printer, removing an
//! erased citizen's print jobs.

use super::*;

/// A print to run away from the screen's thread (it can take until the deadline).
pub struct PrintJob {
    pub code: String,
    pub pdf: Vec<u8>,
    pub queue: Option<String>,
    pub deadline: std::time::Duration,
    pub printer: std::sync::Arc<dyn Printer + Sync>,
}

impl PrintJob {
    /// Print and wait: the queue used and the job id, or why not.
    pub fn run(self) -> Result<(String, i32), crate::printing::PrintError> {
        self.printer.print(self.queue.as_deref(), &self.code, self.pdf, self.deadline)
    }
}

/// A look at the printer's queue, to run away from the screen's thread.
pub struct PrinterProbe {
    pub queue: Option<String>,
    pub printer: std::sync::Arc<dyn Printer + Sync>,
}

impl PrinterProbe {
    /// "Máy in KioskPDF: Sẵn sàng", or why it cannot be reached.
    pub fn run(self) -> Msg {
        match self.printer.queue_state(self.queue.as_deref()) {
            Ok(info) => crate::printing::state_msg(&info),
            Err(e) => e.detail(),
        }
    }
}

/// What the staff screen shows of one day.
/// The print jobs of erased dossiers, to purge from CUPS (jobs still waiting, or kept by a
/// server that preserves job files): how many, or why CUPS could not be reached — the
/// database erasure stands either way.
pub struct ForgetJobs {
    pub(super) codes: Vec<String>,
    pub(super) printer: std::sync::Arc<dyn Printer + Sync>,
}

impl ForgetJobs {
    pub fn run(self) -> Result<usize, crate::printing::PrintError> {
        if self.codes.is_empty() {
            return Ok(0);
        }
        self.printer.forget_jobs(&self.codes)
    }
}

/// `doctor`'s checks, to run on a worker (the printer may be slow to answer).
pub struct DoctorJob {
    pub(super) config: KioskConfig,
    pub(super) db: std::path::PathBuf,
    pub(super) printer: std::sync::Arc<dyn Printer + Sync>,
}

impl DoctorJob {
    pub fn run(self, today: Date) -> Vec<crate::doctor::Check> {
        let problems = self.config.check();
        let problems = (!problems.is_empty()).then(|| problems.join("; "));
        crate::doctor::run(&crate::doctor::Subject {
            config: &self.config,
            problems,
            db: self.db,
            printer: &*self.printer,
            today,
            utc_offset_minutes: crate::doctor::local_offset_minutes(),
        })
    }
}
