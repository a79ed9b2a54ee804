//! Resident memory of the kiosk after a full session in a real window (not a test): the
//! winit backend with the software renderer, under Xvfb or a desktop. One child process per
//! run drives the birth registration with three cards through the screens' adapters, as the
//! screen's buttons do, one step per 120 ms so that every screen is drawn: scan, procedure,
//! the mother's and father's cards, the questions (keyboard, keypad, address picker),
//! review, consent, store, print (no printer here: the failure screen), done. It reports
//! the resident memory on the last screen, after "Xong" wiped the session, and the peak.
//!
//! Run: `xvfb-run -s "-screen 0 1280x800x24" cargo bench --bench kiosk-session -- [RUNS]`

use form_kiosk::core::config::KioskConfig;
use form_kiosk::gui::*;
use form_kiosk::service::Service;
use form_kiosk::store::Store;
use slint::ComponentHandle;
use std::cell::Cell;
use std::rc::Rc;

const GRANDFATHER: &str = "087060001234||Lê Văn Cường|03031960|Nam|Ấp An Thịnh, Xã Thường Phước, Tỉnh Đồng Tháp|02082024";
const MOTHER: &str = "001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp|15042021";
const FATHER: &str = "087088004321|341234567|TRẦN VĂN BÌNH|20051988|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102021";

fn status_mb(key: &str) -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = s.lines().find(|l| l.starts_with(key)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap() / 1024.0
}

type Step = Box<dyn Fn(&AppWindow)>;

fn keys(text: &str) -> Vec<Step> {
    text.chars().map(|c| Box::new(move |a: &AppWindow| a.global::<QuestionAdapter>().invoke_q_key(c.to_string().into())) as Step).collect()
}

fn step(f: impl Fn(&AppWindow) + 'static) -> Vec<Step> {
    vec![Box::new(f)]
}

/// One session in this process; prints "done_mb wiped_mb peak_mb".
fn child() {
    let dir = std::env::temp_dir().join(format!("kiosk-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let now = chrono::Local::now().naive_local();
    let config = KioskConfig {
        // nothing listens there: printing fails at once and the kiosk shows "In lại"
        cups_server: "127.0.0.1:9".into(),
        printer: "none".into(),
        ..KioskConfig::default()
    };
    let (forms, _) = form_kiosk::forms_io::bundled();
    let service = Service::new(forms, config).with_store(Store::open(&dir.join("k.db"), None).unwrap(), now).unwrap();
    let kiosk = Kiosk::new(service).unwrap();
    kiosk.window().window().set_size(slint::PhysicalSize::new(1280, 800));
    let mut steps: Vec<Step> = Vec::new();
    steps.extend(step(|a| a.global::<ScanAdapter>().invoke_start()));
    steps.extend(step(|a| a.global::<ScanAdapter>().invoke_scanned(GRANDFATHER.into())));
    steps.extend(step(|a| a.global::<ChooseAdapter>().invoke_choose("khai-sinh".into())));
    steps.extend(step(|a| a.global::<OthersAdapter>().invoke_scanned_other(MOTHER.into())));
    steps.extend(step(|a| a.global::<OthersAdapter>().invoke_scanned_other(FATHER.into())));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_option("Ông".into())));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_insert("Trần".into())));
    steps.extend(keys("baor ngocj"));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_next()));
    steps.extend(keys("05022026"));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_next()));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_option("Nữ".into())));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_option("Kinh".into())));
    steps.extend(keys("an binh"));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_pick_place("Phường An Bình, Tỉnh Đồng Tháp".into())));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_next()));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_pick_place("Tỉnh Đồng Tháp".into())));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_option("Kinh".into())));
    steps.extend(step(|a| a.global::<QuestionAdapter>().invoke_q_option("Kinh".into())));
    steps.extend(step(|a| {
        assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "the session reached the review: {}", a.global::<QuestionAdapter>().get_q_error())
    }));
    steps.extend(step(|a| a.global::<ReviewAdapter>().invoke_review_next()));
    steps.extend(step(|a| a.global::<FinishAdapter>().invoke_consent(false)));
    // the print worker reports back; wait for the last screen
    for _ in 0..20 {
        steps.extend(step(|_| {}));
    }
    let done_mb = Rc::new(Cell::new(0.0));
    let d = done_mb.clone();
    steps.extend(step(move |a| {
        assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Done);
        assert!(!a.global::<FinishAdapter>().get_dossier_code().is_empty(), "the dossier was stored");
        d.set(status_mb("VmRSS:"));
    }));
    steps.extend(step(|a| a.global::<FinishAdapter>().invoke_finish()));
    for _ in 0..5 {
        steps.extend(step(|_| {}));
    }
    let wiped_mb = Rc::new(Cell::new(0.0));
    let w = wiped_mb.clone();
    steps.extend(step(move |a| {
        assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Welcome);
        w.set(status_mb("VmRSS:"));
        let _ = slint::quit_event_loop();
    }));
    let next = Rc::new(Cell::new(0usize));
    let weak = kiosk.window().as_weak();
    let timer = slint::Timer::default();
    timer.start(slint::TimerMode::Repeated, std::time::Duration::from_millis(120), move || {
        let i = next.get();
        if let (Some(ui), Some(s)) = (weak.upgrade(), steps.get(i)) {
            s(&ui);
            next.set(i + 1);
        }
    });
    kiosk.window().show().unwrap();
    slint::run_event_loop().unwrap();
    println!("{:.1} {:.1} {:.1}", done_mb.get(), wiped_mb.get(), status_mb("VmHWM:"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    if std::env::var_os("KIOSK_SESSION_CHILD").is_some() {
        return child();
    }
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(5);
    let (mut done, mut wiped, mut peak) = (Vec::new(), Vec::new(), Vec::new());
    for i in 1..=runs {
        let out = std::process::Command::new(std::env::current_exe().unwrap()).env("KIOSK_SESSION_CHILD", "1").output().unwrap();
        assert!(out.status.success(), "run {i}: {}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8_lossy(&out.stdout);
        let v: Vec<f64> = line.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        println!("run {i}: RSS on the done screen {:.1} MB, after Xong {:.1} MB, peak {:.1} MB", v[0], v[1], v[2]);
        done.push(v[0]);
        wiped.push(v[1]);
        peak.push(v[2]);
    }
    println!(
        "median over {runs} full sessions: RSS on the done screen {:.1} MB, after the wipe {:.1} MB, peak {:.1} MB (target: under 80 MB)",
        median(done),
        median(wiped),
        median(peak)
    );
}
