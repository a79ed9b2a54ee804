//! A private CUPS server for one test: its own config, spool and port, a CUPS-PDF queue,
//! stopped when the test ends. Needs cups-daemon, cups-client and printer-driver-cups-pdf
//! (installed by .ci/install-deps) and root, as cupsd does.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct CupsServer {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

pub const PDF_PPD: &str = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd";

impl CupsServer {
    pub fn start() -> CupsServer {
        Self::start_with("")
    }

    /// With extra top-level lines in cupsd.conf (the kiosk's privacy settings).
    pub fn start_with(extra: &str) -> CupsServer {
        Self::start_in(extra, false)
    }

    /// With a backend `fail:` that fails every job (for aborted jobs), next to the real ones.
    pub fn start_with_failing_backend() -> CupsServer {
        Self::start_in("", true)
    }

    fn start_in(extra: &str, failing_backend: bool) -> CupsServer {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let server_bin = if failing_backend {
            use std::os::unix::fs::PermissionsExt;
            // cupsd runs backends as `lp`: the directories must be traversable, and CUPS
            // refuses backends others can write
            let bin = d.join("serverbin");
            std::fs::create_dir_all(bin.join("backend")).unwrap();
            for sub in ["cgi-bin", "daemon", "filter", "monitor", "notifier"] {
                let _ = std::os::unix::fs::symlink(Path::new("/usr/lib/cups").join(sub), bin.join(sub));
            }
            for e in std::fs::read_dir("/usr/lib/cups/backend").unwrap().flatten() {
                let _ = std::os::unix::fs::symlink(e.path(), bin.join("backend").join(e.file_name()));
            }
            let fail = bin.join("backend/fail");
            std::fs::write(&fail, "#!/bin/sh\nif [ $# -eq 0 ]; then echo 'direct fail \"Unknown\" \"Failing test backend\"'; exit 0; fi\necho 'ERROR: this printer always fails' >&2\nexit 1\n").unwrap();
            std::fs::set_permissions(&fail, std::fs::Permissions::from_mode(0o755)).unwrap();
            for p in [d.to_path_buf(), bin.clone(), bin.join("backend")] {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            bin.display().to_string()
        } else {
            "/usr/lib/cups".to_string()
        };
        for sub in ["spool", "cache", "state", "log", "ppd"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        // a free port: bind to 0, read it, release it
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        std::fs::write(
            d.join("cupsd.conf"),
            format!(
                "Listen 127.0.0.1:{port}\nLogLevel warn\nWebInterface No\nBrowsing No\nDefaultAuthType None\n{extra}\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
            ),
        )
        .unwrap();
        let p = |s: &str| d.join(s).display().to_string();
        std::fs::write(
            d.join("cups-files.conf"),
            format!(
                "ServerRoot {}\nRequestRoot {}\nCacheDir {}\nStateDir {}\nTempDir {}\nErrorLog {}\nAccessLog {}\n\
                 PageLog {}\nServerBin {server_bin}\nDataDir /usr/share/cups\nUser lp\nGroup lp\nSystemGroup root\n",
                p(""),
                p("spool"),
                p("cache"),
                p("state"),
                p("spool"),
                p("log/error_log"),
                p("log/access_log"),
                p("log/page_log")
            ),
        )
        .unwrap();
        let child = Command::new("cupsd")
            .arg("-f")
            .arg("-c")
            .arg(d.join("cupsd.conf"))
            .arg("-s")
            .arg(d.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cupsd (package cups-daemon) is installed");
        let server = CupsServer { dir, port, child };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(10), "cupsd did not start: {}", server.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default()
    }

    /// Run a CUPS admin command (lpadmin, cupsdisable …) against this server.
    pub fn admin(&self, cmd: &str, args: &[&str]) {
        let out = Command::new(cmd).env("CUPS_SERVER", self.address()).args(args).output().unwrap();
        assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A CUPS-PDF queue: prints to PDF files through Ghostscript.
    pub fn add_pdf_queue(&self, name: &str) {
        self.admin("lpadmin", &["-p", name, "-E", "-v", "cups-pdf:/", "-P", PDF_PPD]);
    }

    /// A queue whose printer never answers (nothing listens on the port).
    pub fn add_dead_queue(&self, name: &str) {
        let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        self.admin("lpadmin", &["-p", name, "-E", "-v", &format!("socket://127.0.0.1:{dead}"), "-P", PDF_PPD]);
    }
}

impl Drop for CupsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every CUPS-PDF output whose name holds `title_part`, once there are at least `n` (None if
/// fewer came in time).
pub fn find_outputs(title_part: &str, n: usize, timeout: Duration) -> Option<Vec<PathBuf>> {
    let dirs = [PathBuf::from("/var/spool/cups-pdf/ANONYMOUS"), Path::new(&std::env::var("HOME").unwrap_or_default()).join("PDF")];
    let start = Instant::now();
    loop {
        let mut found = Vec::new();
        for d in &dirs {
            for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.contains(title_part) && name.ends_with(".pdf") && e.metadata().map(|m| m.len() > 0).unwrap_or(false) {
                    found.push(e.path());
                }
            }
        }
        if found.len() >= n {
            // written once complete: a moment for the last one to settle
            std::thread::sleep(Duration::from_millis(300));
            return Some(found);
        }
        if start.elapsed() > timeout {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Where CUPS-PDF writes a job by a user it does not know (ours: `form-kiosk`), or by root.
pub fn find_output(title_part: &str, timeout: Duration) -> Option<PathBuf> {
    let dirs = [PathBuf::from("/var/spool/cups-pdf/ANONYMOUS"), Path::new(&std::env::var("HOME").unwrap_or_default()).join("PDF")];
    let start = Instant::now();
    loop {
        for d in &dirs {
            if let Ok(rd) = std::fs::read_dir(d) {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    // written once complete: wait for a stable, non-empty file
                    if name.contains(title_part) && name.ends_with(".pdf") && e.metadata().map(|m| m.len() > 0).unwrap_or(false) {
                        return Some(e.path());
                    }
                }
            }
        }
        if start.elapsed() > timeout {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
