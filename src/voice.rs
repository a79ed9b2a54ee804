//! The voice: a screen's words (`flow::speech`) read aloud offline by espeak-ng (Debian's
//! `espeak-ng`: Vietnamese voices `vi`, `vi-vn-x-central`, `vi-vn-x-south`; English `en`),
//! played by aplay on the configured ALSA device. The only module that starts them.

use crate::core::config::KioskConfig;
use std::io;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Words being read aloud; dropping it stops them (the next tap does).
pub struct Speaking {
    espeak: Child,
    aplay: Child,
}

impl Drop for Speaking {
    fn drop(&mut self) {
        for c in [&mut self.espeak, &mut self.aplay] {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// espeak-ng reading, in `lang` ("vi" or "en") with the configured voice and loudness, the
/// words it is then fed (`feed`), its output given by `out` ("--stdout", or "-w" and a file).
fn espeak<S: AsRef<std::ffi::OsStr>>(lang: &str, cfg: &KioskConfig, out: &[S]) -> Command {
    let voice = if lang == "en" { "en" } else { cfg.voice_name.as_str() };
    let mut c = Command::new("espeak-ng");
    c.args(["-v", voice, "-a", &cfg.voice_volume.min(200).to_string(), "-s", "150"]);
    c.args(out);
    // the words on standard input, not the command line (which every process can read)
    c.arg("--stdin").stdin(Stdio::piped());
    c
}

/// Give a started espeak-ng its words and close its input.
fn feed(child: &mut Child, text: &str) -> io::Result<()> {
    use std::io::Write;
    let mut input = child.stdin.take().ok_or_else(|| io::Error::other("espeak-ng takes no input"))?;
    input.write_all(text.as_bytes())?;
    input.write_all(b"\n")
}

/// Read `text` aloud; it plays while the kiosk goes on.
pub fn speak(text: &str, lang: &str, cfg: &KioskConfig) -> io::Result<Speaking> {
    let mut espeak = espeak(lang, cfg, &["--stdout"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn()?;
    if let Err(e) = feed(&mut espeak, text) {
        let _ = espeak.kill();
        let _ = espeak.wait();
        return Err(e);
    }
    let wav = espeak.stdout.take().ok_or_else(|| io::Error::other("espeak-ng gave no output"))?;
    let mut aplay = Command::new("aplay");
    aplay.arg("-q");
    if !cfg.audio_device.is_empty() {
        aplay.args(["-D", &cfg.audio_device]);
    }
    let aplay = match aplay.stdin(wav).stderr(Stdio::null()).spawn() {
        Ok(a) => a,
        Err(e) => {
            let _ = espeak.kill();
            let _ = espeak.wait();
            return Err(e);
        }
    };
    Ok(Speaking { espeak, aplay })
}

/// Read `text` into a WAV file instead of the speaker (for checking what would be heard).
pub fn render_wav(text: &str, lang: &str, cfg: &KioskConfig, out: &Path) -> io::Result<()> {
    let mut child = espeak(lang, cfg, &[std::ffi::OsStr::new("-w"), out.as_os_str()]).stderr(Stdio::null()).spawn()?;
    feed(&mut child, text)?;
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("espeak-ng ended with {status}")))
    }
}
