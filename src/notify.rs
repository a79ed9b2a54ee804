//! The service manager's notification protocol (sd_notify(3)): the kiosk says `READY=1`
//! once its window is up and, when systemd runs it with a watchdog (`WatchdogSec=`), sends
//! `WATCHDOG=1` from the screen's own event loop — so a frozen screen stops the pings and
//! systemd restarts it. Datagrams on the socket named by `NOTIFY_SOCKET` (a path, or an
//! abstract name after `@`). The `sd-notify` crate reads only the environment; the socket
//! is given here so that a test can be the service manager.

use std::io;
use std::os::unix::net::{SocketAddr, UnixDatagram};
use std::path::PathBuf;
use std::time::Duration;

/// Where to send notifications, and how often the watchdog wants a ping (None: no watchdog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifier {
    socket: PathBuf,
    pub watchdog: Option<Duration>,
}

impl Notifier {
    /// From the environment systemd sets: `NOTIFY_SOCKET`, and `WATCHDOG_USEC` when
    /// `WATCHDOG_PID` is unset or this process. None when not run by a service manager.
    pub fn from_env() -> Option<Notifier> {
        let socket = std::env::var_os("NOTIFY_SOCKET").filter(|s| !s.is_empty())?;
        // WATCHDOG_PID names the service's main process: this one, or the compositor that
        // started it (the kiosk under cage)
        let ours = std::env::var("WATCHDOG_PID").map_or(true, |p| {
            let p = p.trim();
            p == std::process::id().to_string() || p == std::os::unix::process::parent_id().to_string()
        });
        let usec = std::env::var("WATCHDOG_USEC").ok().and_then(|u| u.trim().parse::<u64>().ok()).filter(|u| *u > 0 && ours);
        Some(Notifier { socket: socket.into(), watchdog: usec.map(Duration::from_micros) })
    }

    /// A notifier on a given socket (a test playing the service manager).
    pub fn at(socket: impl Into<PathBuf>, watchdog: Option<Duration>) -> Notifier {
        Notifier { socket: socket.into(), watchdog }
    }

    /// How often to ping: half the watchdog's time, as sd_watchdog_enabled(3) advises.
    pub fn ping_every(&self) -> Option<Duration> {
        self.watchdog.map(|w| w / 2)
    }

    /// Send one state line (`READY=1`, `WATCHDOG=1`, `STATUS=…`).
    pub fn send(&self, state: &str) -> io::Result<()> {
        let sock = UnixDatagram::unbound()?;
        let name = self.socket.to_string_lossy();
        let addr = match name.strip_prefix('@') {
            Some(abs) => {
                use std::os::linux::net::SocketAddrExt;
                SocketAddr::from_abstract_name(abs.as_bytes())?
            }
            None => SocketAddr::from_pathname(&self.socket)?,
        };
        let n = sock.send_to_addr(state.as_bytes(), &addr)?;
        if n == state.len() {
            Ok(())
        } else {
            Err(io::Error::new(io::ErrorKind::WriteZero, "notification cut short"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_datagrams_to_a_path_and_an_abstract_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let server = UnixDatagram::bind(&path).unwrap();
        let n = Notifier::at(&path, Some(Duration::from_secs(10)));
        n.send("READY=1").unwrap();
        let mut buf = [0u8; 64];
        let k = server.recv(&mut buf).unwrap();
        assert_eq!(&buf[..k], b"READY=1");
        assert_eq!(n.ping_every(), Some(Duration::from_secs(5)));
        use std::os::linux::net::SocketAddrExt;
        let name = format!("form-kiosk-test-{}", std::process::id());
        let abs = UnixDatagram::bind_addr(&SocketAddr::from_abstract_name(name.as_bytes()).unwrap()).unwrap();
        Notifier::at(format!("@{name}"), None).send("WATCHDOG=1").unwrap();
        let k = abs.recv(&mut buf).unwrap();
        assert_eq!(&buf[..k], b"WATCHDOG=1");
    }
}
