//! The kiosk screens through Slint's testing backend, driven by accessible labels.
//! The testing backend can be set up once per process: everything is in one test.

use crate::support::{now, FATHER, GRANDFATHER, MOTHER};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::forms_io;
use form_kiosk::gui::*;
use form_kiosk::service::Service;
use form_kiosk::store::Store;
use i_slint_backend_testing::ElementHandle;
use slint::platform::WindowEvent;
use slint::ComponentHandle;

fn press(k: &Kiosk, label: &str) {
    let found: Vec<_> = ElementHandle::find_by_accessible_label(k.window(), label).collect();
    assert!(!found.is_empty(), "no element labelled `{label}`");
    found[0].invoke_accessible_default_action();
}

/// Touches on the way from welcome to printed: taps on buttons, and character keys.
#[derive(Default)]
struct Count {
    taps: usize,
    chars: usize,
}

impl Count {
    fn tap(&mut self, k: &Kiosk, label: &str) {
        press(k, label);
        self.taps += 1;
    }

    /// Type on the on-screen keyboard or keypad, a key per character.
    fn type_keys(&mut self, k: &Kiosk, text: &str) {
        for c in text.chars() {
            press(k, if c == ' ' { "Dấu cách" } else { &*c.to_string().leak() });
            self.chars += 1;
        }
    }
}

/// Scroll the list under `at` (as a finger or wheel would) until `label` is on screen.
fn reveal(k: &Kiosk, at: (f32, f32), label: &str) {
    for _ in 0..60 {
        if exists(k, label) {
            return;
        }
        let position = slint::LogicalPosition::new(at.0, at.1);
        k.window().window().dispatch_event(WindowEvent::PointerMoved { position });
        k.window().window().dispatch_event(WindowEvent::PointerScrolled { position, delta_x: 0.0, delta_y: -60.0 });
    }
    panic!("`{label}` not found by scrolling");
}

/// "Làm lại từ đầu", and when it asks (answers on the way), the confirmation.
fn start_over(k: &Kiosk) {
    press(k, "Làm lại từ đầu");
    if exists(k, "Xóa và làm lại") {
        press(k, "Xóa và làm lại");
    }
}

/// Where the keys are: the top left corner of each element labelled so, in window pixels.
fn keys_at(k: &Kiosk, labels: &[&str]) -> Vec<(String, i32, i32)> {
    for l in labels {
        assert!(exists(k, l), "no key `{l}` on the screen");
    }
    labels
        .iter()
        .flat_map(|l| ElementHandle::find_by_accessible_label(k.window(), l).map(move |e| (l.to_string(), e.absolute_position(), e.size())))
        .map(|(l, p, s)| {
            // every key is wholly on the screen
            let h = k.window().window().size().height as f32 / k.window().window().scale_factor();
            assert!(p.y + s.height <= h + 0.5, "`{l}` is below the bottom of the screen ({} + {} > {h})", p.y, s.height);
            (l, p.x.round() as i32, p.y.round() as i32)
        })
        .collect()
}

fn exists(k: &Kiosk, label: &str) -> bool {
    ElementHandle::find_by_accessible_label(k.window(), label).next().is_some()
}

/// What a keyboard-wedge scanner does: type the payload fast, then Enter — with a Shift key
/// before every capital and `|`, as a real window sees it.
fn type_scan(k: &Kiosk, payload: &str) {
    for c in payload.chars() {
        if c.is_uppercase() || c == '|' {
            let shift: slint::SharedString = slint::platform::Key::Shift.into();
            k.window().window().dispatch_event(WindowEvent::KeyPressed { text: shift.clone() });
            k.window().window().dispatch_event(WindowEvent::KeyReleased { text: shift });
        }
        let text: slint::SharedString = c.to_string().into();
        k.window().window().dispatch_event(WindowEvent::KeyPressed { text: text.clone() });
        k.window().window().dispatch_event(WindowEvent::KeyReleased { text });
    }
    k.window().window().dispatch_event(WindowEvent::KeyPressed { text: "\n".into() });
    k.window().window().dispatch_event(WindowEvent::KeyReleased { text: "\n".into() });
}

/// Run the event loop until `done` holds (a worker has reported back), at most 30 s.
fn pump_until(k: &Kiosk, done: fn(&AppWindow) -> bool) {
    fn poll(weak: slint::Weak<form_kiosk::gui::AppWindow>, done: fn(&AppWindow) -> bool, until: std::time::Instant) {
        let _ = slint::invoke_from_event_loop(move || match weak.upgrade() {
            Some(ui) if !done(&ui) && std::time::Instant::now() < until => {
                std::thread::sleep(std::time::Duration::from_millis(20));
                poll(weak, done, until);
            }
            _ => {
                let _ = slint::quit_event_loop();
            }
        });
    }
    poll(k.window().as_weak(), done, std::time::Instant::now() + std::time::Duration::from_secs(30));
    slint::run_event_loop().unwrap();
}

/// Run the event loop until the review picture, drawn on a worker, is shown.
fn wait_for_picture(k: &Kiosk) {
    pump_until(k, |a| a.global::<ReviewAdapter>().get_preview().size().width > 0);
}

/// Run the event loop until the print worker has reported back.
/// The test plays systemd: a datagram socket the kiosk notifies. `READY=1` at once, then
/// `WATCHDOG=1` every half watchdog period — only as the event loop runs its timers: while it
/// does not (real time passing, the mock clock still), nothing comes.
fn watchdog_protocol(k: &Kiosk, dir: &std::path::Path) {
    use std::os::unix::net::UnixDatagram;
    let path = dir.join("notify");
    let manager = UnixDatagram::bind(&path).unwrap();
    manager.set_nonblocking(true).unwrap();
    let received = |m: &UnixDatagram| -> Vec<String> {
        let mut got = Vec::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = m.recv(&mut buf) {
            got.push(String::from_utf8_lossy(&buf[..n]).to_string());
        }
        got
    };
    k.notify(form_kiosk::notify::Notifier::at(&path, Some(std::time::Duration::from_secs(2))));
    assert_eq!(received(&manager), ["READY=1"]);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(received(&manager).is_empty(), "a ping without the event loop running its timers");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_millis(1_000));
    assert_eq!(received(&manager), ["WATCHDOG=1"]);
    for _ in 0..3 {
        i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_millis(1_000));
    }
    assert_eq!(received(&manager).len(), 3, "one ping a second (half of the 2 s watchdog)");
}

fn wait_for_print(k: &Kiosk) {
    pump_until(k, |a| a.global::<SessionAdapter>().get_page() != Page::Printing);
}

thread_local! {
    static HEADER_AT: std::cell::Cell<Option<(i32, i32)>> = const { std::cell::Cell::new(None) };
}

/// "Quay lại" stands where it stood on the first citizen screen shot: the header does not move
/// between screens (staff screens have their own).
fn header_in_place(k: &Kiosk, name: &str) {
    let page = k.window().global::<SessionAdapter>().get_page();
    let citizen_screen = !matches!(page, Page::Staff | Page::StaffPin) && !k.window().global::<SessionAdapter>().get_large_text();
    // the welcome screen has no "Quay lại"
    for back in ElementHandle::find_by_accessible_label(k.window(), "Quay lại").take(1).filter(|_| citizen_screen) {
        let at = (back.absolute_position().x.round() as i32, back.absolute_position().y.round() as i32);
        HEADER_AT.with(|first| match first.get() {
            None => first.set(Some(at)),
            Some(was) => assert_eq!(at, was, "{name}: \"Quay lại\" moved"),
        });
    }
}

/// The screen as it is, in Vietnamese, in English and with larger text.
fn shoot(k: &Kiosk, name: &str) {
    let a = k.window();
    let vi = snapshot(k, name);
    header_in_place(k, name);
    a.global::<SessionAdapter>().invoke_set_language("en".into());
    let en = snapshot(k, &format!("{name}-en"));
    a.global::<SessionAdapter>().invoke_set_language("vi".into());
    // the English screen is another picture (its words are translated), and switching back
    // gives the same Vietnamese screen
    assert!(differs(&vi, &en), "{name}: the English screen looks the same as the Vietnamese one");
    assert!(!differs(&vi, &grab(k)), "{name}: switching back to Vietnamese changed the screen");
    // staff screens always use normal text
    if !matches!(a.global::<SessionAdapter>().get_page(), Page::Staff | Page::StaffPin) {
        a.global::<SessionAdapter>().set_large_text(true);
        let large = snapshot(k, &format!("{name}-large"));
        a.global::<SessionAdapter>().set_large_text(false);
        assert!(differs(&vi, &large), "{name}: larger text changed nothing");
    }
}

/// Whether two screens differ in more than a handful of pixels (a cursor, a blink).
fn differs(a: &image::RgbaImage, b: &image::RgbaImage) -> bool {
    a.dimensions() != b.dimensions() || a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count() > 200
}

fn grab(k: &Kiosk) -> image::RgbaImage {
    let buf = k.window().window().take_snapshot().expect("software renderer snapshot");
    image::RgbaImage::from_raw(buf.width(), buf.height(), buf.as_bytes().to_vec()).unwrap()
}

/// Nothing personal is left in any property of the adapter: names, answers, the page picture,
/// typed keys, places, codes, messages that could quote an answer.
fn assert_wiped(a: &AppWindow) {
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Welcome);
    assert!(!a.global::<SessionAdapter>().get_confirm_start_over(), "no question left open");
    let texts = [
        ("citizen-name", a.global::<SessionAdapter>().get_citizen_name()),
        ("citizen-honorific", a.global::<SessionAdapter>().get_citizen_honorific()),
        ("card-notice-name", a.global::<SessionAdapter>().get_card_notice_name()),
        ("typed-birth", a.global::<KeypadAdapter>().get_typed_birth()),
        ("typed-id", a.global::<KeypadAdapter>().get_typed_id()),
        ("scan-error", a.global::<ScanAdapter>().get_scan_error()),
        ("keypad-error", a.global::<KeypadAdapter>().get_keypad_error()),
        ("other-prompt", a.global::<OthersAdapter>().get_other_prompt()),
        ("other-error", a.global::<OthersAdapter>().get_other_error()),
        ("q-label", a.global::<QuestionAdapter>().get_q_label()),
        ("q-shown", a.global::<QuestionAdapter>().get_q_shown()),
        ("q-error", a.global::<QuestionAdapter>().get_q_error()),
        ("q-place", a.global::<QuestionAdapter>().get_q_place()),
        ("chosen-title", a.global::<ReviewAdapter>().get_chosen_title()),
        ("dossier-code", a.global::<FinishAdapter>().get_dossier_code()),
        ("print-error", a.global::<FinishAdapter>().get_print_error()),
        ("staff-id", a.global::<StaffAdapter>().get_staff_id()),
        ("staff-message", a.global::<StaffAdapter>().get_staff_message()),
        ("form-query", a.global::<ChooseAdapter>().get_form_query()),
        ("q-hint", a.global::<QuestionAdapter>().get_q_hint()),
        ("staff-pin-dots", a.global::<StaffAdapter>().get_staff_pin_dots()),
        ("staff-error", a.global::<StaffAdapter>().get_staff_error()),
    ];
    for (name, v) in texts {
        assert_eq!(v, "", "{name} still shows `{v}`");
    }
    assert_eq!(slint::Model::row_count(&a.global::<ReviewAdapter>().get_answers()), 0, "answers");
    assert_eq!(slint::Model::row_count(&a.global::<QuestionAdapter>().get_q_places()), 0, "q-places");
    assert_eq!(slint::Model::row_count(&a.global::<QuestionAdapter>().get_q_quick()), 0, "q-quick");
    assert_eq!(slint::Model::row_count(&a.global::<QuestionAdapter>().get_q_options()), 0, "q-options");
    assert_eq!(slint::Model::row_count(&a.global::<StaffAdapter>().get_staff_dossiers()), 0, "staff-dossiers");
    assert_eq!(a.global::<ReviewAdapter>().get_preview().size().width, 0, "preview");
    assert_eq!(a.global::<FinishAdapter>().get_record_qr().size().width, 0, "record-qr");
    assert_eq!(a.global::<SessionAdapter>().get_idle_left(), 0);
    assert!(!a.global::<ReviewAdapter>().get_review_locked());
    assert!(
        !a.global::<StaffAdapter>().get_staff_unlocked()
            && !a.global::<StaffAdapter>().get_staff_in_session()
            && !a.global::<StaffAdapter>().get_staff_confirm_forget()
            && !a.global::<StaffAdapter>().get_staff_confirm_quit(),
        "staff state survived"
    );
    assert!(
        !a.global::<ChooseAdapter>().get_form_search() && !a.global::<QuestionAdapter>().get_q_browsing() && !a.global::<SessionAdapter>().get_large_text(),
        "a search, a browse or larger text survived"
    );
    assert_eq!(a.global::<SessionAdapter>().get_language(), "vi");
    assert_eq!((a.global::<QuestionAdapter>().get_q_number(), a.global::<QuestionAdapter>().get_q_count()), (0, 0));
}

/// Answer whatever is asked, as a hurried citizen would: the first answer offered, a year,
/// the first place found, a letter; until the review.
fn answer_all(k: &Kiosk) {
    let a = k.window();
    for _ in 0..20 {
        if a.global::<SessionAdapter>().get_page() != Page::Question {
            return;
        }
        match a.global::<QuestionAdapter>().get_q_kind() {
            QKind::Options => {
                let first = slint::Model::row_data(&a.global::<QuestionAdapter>().get_q_options(), 0).unwrap();
                press(k, &first);
            }
            QKind::Digits => {
                let label = a.global::<QuestionAdapter>().get_q_label().to_lowercase();
                let digits = if label.contains("ngày") {
                    "01012026"
                } else if label.contains("định danh") {
                    "001190123456"
                } else if label.contains("điện thoại") {
                    "0912345678"
                } else if label.contains("giờ") || label.contains("lúc") {
                    "1430"
                } else if label.contains("bản") || label.contains("lần") {
                    "1"
                } else {
                    "1988"
                };
                for d in digits.chars() {
                    press(k, &d.to_string());
                }
                press(k, "Tiếp tục");
            }
            QKind::Place => {
                if a.global::<QuestionAdapter>().get_q_place() == "" {
                    let first = slint::Model::row_data(&a.global::<QuestionAdapter>().get_q_places(), 0).unwrap();
                    press(k, &first.value);
                }
                if a.global::<SessionAdapter>().get_page() == Page::Question && a.global::<QuestionAdapter>().get_q_place() != "" {
                    press(k, "Tiếp tục");
                }
            }
            QKind::Keyboard => {
                press(k, "a");
                press(k, "Tiếp tục");
            }
            QKind::Desk => panic!("a table on the birth form"),
        }
        assert_eq!(a.global::<QuestionAdapter>().get_q_error(), "", "refused: {}", a.global::<QuestionAdapter>().get_q_label());
    }
    panic!("still asking after 20 answers");
}

/// Choose a procedure by its tile, skip the other people's cards and answer what is asked.
fn fill_in(k: &Kiosk, tile: &str) {
    reveal(k, (640.0, 500.0), tile);
    press(k, tile);
    while k.window().global::<SessionAdapter>().get_page() == Page::Others {
        press(k, "Bỏ qua");
    }
    answer_all(k);
}

/// Tap the staff corner three times and type the PIN.
fn staff_login(k: &Kiosk, pin: &str) {
    for _ in 0..3 {
        press(k, "Dành cho cán bộ");
    }
    assert_eq!(k.window().global::<SessionAdapter>().get_page(), Page::StaffPin);
    for d in pin.chars() {
        press(k, &d.to_string());
    }
    press(k, "Vào");
}

fn snapshot(k: &Kiosk, name: &str) -> image::RgbaImage {
    let img = grab(k);
    // not blank: text and buttons (pixels well away from the white background) on at least
    // 1 % of the screen
    let ink = img.pixels().filter(|p| (p.0[0] as u32 + p.0[1] as u32 + p.0[2] as u32) < 450).count();
    assert!(ink * 100 > img.pixels().count(), "{name}: a nearly blank screen ({ink} pixels of ink)");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screens");
    std::fs::create_dir_all(&dir).unwrap();
    img.save(dir.join(format!("{name}.png"))).unwrap();
    img
}

#[test]
fn kiosk_screens() {
    // mock time (idle timers), an event loop, and the software renderer for screenshots
    slint::platform::set_platform(Box::new(i_slint_backend_testing::TestingBackend::new(i_slint_backend_testing::TestingBackendOptions {
        mock_time: true,
        threading: true,
        renderer_name: Some("software".into()),
    })))
    .expect("the only test that sets up Slint");
    let dir = tempfile::tempdir().unwrap();
    let (forms, _) = forms_io::bundled();
    // a real CUPS with a CUPS-PDF queue behind the print button
    let cups = crate::cups::CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    // the slip on a receipt printer's queue of its own
    cups.add_pdf_queue("KioskReceipt");
    let agency = crate::printing::unique_agency();
    let config = KioskConfig {
        staff_pin_hash: form_kiosk::staff::hash_pin("246810").unwrap(),
        printer: "KioskPDF".into(),
        receipt_printer: "KioskReceipt".into(),
        cups_server: cups.address(),
        print_timeout_secs: 20,
        agency_code: agency.clone(),
        ..KioskConfig::default()
    };
    let service = Service::new(forms, config).with_store(Store::open(&dir.path().join("k.db"), None).unwrap(), now()).unwrap();
    // a citizen who agreed earlier to keep her card data
    let mut service = service;
    {
        use form_kiosk::service::ScannedCard;
        let s = service.session("khai-sinh", &[ScannedCard::qr(None, MOTHER)], &[], now()).unwrap();
        let card = s.requester_card().unwrap().clone();
        service.store().unwrap().save_profile(&card, form_kiosk::core::privacy::CONSENT_NOTICE_VERSION, now()).unwrap();
    }
    let k = Kiosk::new(service).unwrap();
    k.window().show().unwrap();
    assert!(k.window().window().is_visible());
    k.window().window().set_size(slint::PhysicalSize::new(1280, 800));
    let a = k.window();
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Welcome);
    watchdog_protocol(&k, dir.path());
    snapshot(&k, "1-welcome-vi");

    // larger text, then back
    press(&k, "Chữ to");
    snapshot(&k, "1-welcome-large");
    press(&k, "Chữ thường");

    // English and back to Vietnamese
    press(&k, "English");
    assert!(exists(&k, "Touch to start"), "English strings are bundled");
    snapshot(&k, "1-welcome-en");
    press(&k, "Tiếng Việt");
    assert!(exists(&k, "Chạm để bắt đầu"));

    // from here to the printout, every touch is counted: character keys apart
    let mut n = Count::default();
    n.tap(&k, "Chạm để bắt đầu");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Scan);
    shoot(&k, "2-scan");

    // something that is not a card: a Vietnamese message with a way forward, still scanning
    type_scan(&k, "https://example.com/not-a-card");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Scan);
    let msg = a.global::<ScanAdapter>().get_scan_error().to_string();
    assert!(msg.contains("không phải mã QR của thẻ căn cước") && msg.contains("Vui lòng"), "{msg}");
    shoot(&k, "2-scan-error");
    // the engine's message in the screen's language
    a.global::<SessionAdapter>().invoke_set_language("en".into());
    assert!(exists(&k, "That code is not the QR code of an ID card. Please scan the QR code printed on your ID card (older cards: front, top right; new Căn cước cards: back)."));
    a.global::<SessionAdapter>().invoke_set_language("vi".into());

    // the grandfather's card, as the scanner types it
    type_scan(&k, GRANDFATHER);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "scan error: {}", a.global::<ScanAdapter>().get_scan_error());
    assert_eq!(a.global::<SessionAdapter>().get_citizen_name(), "Lê Văn Cường");
    assert_eq!(a.global::<ScanAdapter>().get_scan_error(), "");
    // a man is greeted as "ông", never "bạn"
    assert!(exists(&k, "Xin chào ông Lê Văn Cường. Ông cần làm thủ tục gì?"));
    shoot(&k, "3-choose");

    n.tap(&k, "Đăng ký khai sinh");
    // the other people on the birth form: the mother's card, then the father's
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Others);
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người mẹ");
    type_scan(&k, "not a card");
    assert!(a.global::<OthersAdapter>().get_other_error().contains("không phải mã QR của thẻ căn cước"), "{}", a.global::<OthersAdapter>().get_other_error());
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người mẹ", "the prompt says whose card it must be");
    // the grandfather's own card again, as the mother: refused at once, saying why
    type_scan(&k, GRANDFATHER);
    assert!(a.global::<OthersAdapter>().get_other_error().contains("không phải của người mẹ"), "{}", a.global::<OthersAdapter>().get_other_error());
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người mẹ");
    shoot(&k, "3-others-wrong-card");
    type_scan(&k, MOTHER);
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người cha", "{}", a.global::<OthersAdapter>().get_other_error());
    // every card taken is confirmed on screen: whose, and as whom
    assert!(exists(&k, "✓ Đã nhận thẻ của bà Nguyễn Thị An — người mẹ"));
    assert_eq!(a.global::<OthersAdapter>().get_other_error(), "");
    shoot(&k, "3-others");
    type_scan(&k, FATHER);
    let father = form_kiosk::core::card::parse(FATHER, crate::support::today()).unwrap().full_name;
    assert!(exists(&k, &format!("✓ Đã nhận thẻ của ông {father} — người cha")), "the last card is confirmed on the first question");
    shoot(&k, "5-question-card-confirmed");

    // the questions the cards did not answer, one per screen, all by tapping
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Question, "{}", a.global::<OthersAdapter>().get_other_error());
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Quan hệ với người được khai sinh");
    shoot(&k, "5-question-options");
    // a card scanned on this screen is answered above the answers, which do not move
    grab(&k);
    let answers = ["Ông", "Mẹ", "Người thân thích khác"];
    let before = keys_at(&k, &answers);
    type_scan(&k, MOTHER);
    assert!(a.global::<QuestionAdapter>().get_q_error().contains("đã có trên tờ khai"), "{}", a.global::<QuestionAdapter>().get_q_error());
    grab(&k);
    assert_eq!(keys_at(&k, &answers), before, "the answers moved when the message appeared");
    n.tap(&k, "Ông");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Họ, chữ đệm, tên");
    assert_eq!(a.global::<SessionAdapter>().get_card_notice_name(), "", "the confirmation gives way to the step after the first answer");
    // the family names on the cards are a tap each; the rest in Telex on the on-screen keyboard
    assert!(exists(&k, "Họ Nguyễn") && exists(&k, "Họ Lê"));
    // nothing typed: the screen says so, in the screen's language — and no key moves, in
    // either text size (the message takes a band of its own under the answer)
    let keys = ["Tiếp tục", "a", "Xóa lùi", "Họ Trần"];
    for large in [false, true] {
        a.global::<SessionAdapter>().set_large_text(large);
        grab(&k);
        let before = keys_at(&k, &keys);
        press(&k, "Tiếp tục");
        assert_eq!(a.global::<QuestionAdapter>().get_q_notice(), QNotice::Empty);
        assert!(exists(&k, "Vui lòng nhập câu trả lời."));
        grab(&k);
        assert_eq!(keys_at(&k, &keys), before, "the keyboard moved when the message appeared (large text: {large})");
    }
    a.global::<SessionAdapter>().set_large_text(false);
    n.tap(&k, "Họ Trần");
    assert_eq!(a.global::<QuestionAdapter>().get_q_notice(), QNotice::None, "a key clears the notice");
    n.type_keys(&k, "baor ngocj");
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "Trần bảo ngọc", "Telex on the on-screen keyboard");
    shoot(&k, "5-question-keyboard");
    n.tap(&k, "Tiếp tục");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Ngày, tháng, năm sinh (Người được khai sinh)");
    // an impossible date is refused next to the field and asked again (not counted: a slip)
    for c in "31022026".chars() {
        press(&k, &c.to_string());
    }
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "31/02/2026");
    grab(&k);
    let pad = ["Tiếp tục", "1", "0", "Xóa lùi"];
    let before = keys_at(&k, &pad);
    press(&k, "Tiếp tục");
    grab(&k);
    assert_eq!(keys_at(&k, &pad), before, "the keypad moved when the date was refused");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Ngày, tháng, năm sinh (Người được khai sinh)", "an impossible date is asked again");
    assert!(a.global::<QuestionAdapter>().get_q_error().contains("Ngày không hợp lệ"), "{}", a.global::<QuestionAdapter>().get_q_error());
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "31/02/2026", "the refused date stays, to be corrected");
    shoot(&k, "5-question-date-error");
    for _ in 0..8 {
        press(&k, "Xóa lùi");
    }
    n.type_keys(&k, "05022026");
    n.tap(&k, "Tiếp tục");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Giới tính");
    // one question back: the date asked again with the answer kept; "Tiếp tục" keeps it
    press(&k, "Quay lại");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Ngày, tháng, năm sinh (Người được khai sinh)");
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "05/02/2026");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Giới tính");
    // two back, then on: the questions answered in between are not lost (regression: the
    // history once dropped them), and back again goes to the one just before
    press(&k, "Quay lại");
    press(&k, "Quay lại");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Họ, chữ đệm, tên");
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "Trần Bảo Ngọc", "the answer as stored, composed text not read as Telex again");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Giới tính", "the date was answered: straight on");
    press(&k, "Quay lại");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Ngày, tháng, năm sinh (Người được khai sinh)");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Giới tính");
    n.tap(&k, "Nữ");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Dân tộc (Người được khai sinh)");
    n.tap(&k, "Kinh");
    // the address picker: the kiosk's commune and the parents' are offered before typing;
    // "an binh" without diacritics finds Phường An Bình
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Nơi sinh");
    assert_eq!(a.global::<QuestionAdapter>().get_q_kind(), QKind::Place);
    assert!(exists(&k, "Phường Hồng Ngự, Tỉnh Đồng Tháp"), "the kiosk's own commune is offered");
    shoot(&k, "5-question-place");
    let keys = ["Tiếp tục", "a", "Phường Hồng Ngự, Tỉnh Đồng Tháp"];
    for large in [true, false] {
        a.global::<SessionAdapter>().set_large_text(large);
        grab(&k);
        let before = keys_at(&k, &keys);
        press(&k, "Tiếp tục");
        assert_eq!(a.global::<QuestionAdapter>().get_q_notice(), QNotice::PickPlace, "a place must be picked from the list");
        assert!(exists(&k, "Vui lòng chọn một nơi trong danh sách."));
        grab(&k);
        assert_eq!(keys_at(&k, &keys), before, "the list or the keyboard moved when the message appeared (large text: {large})");
    }
    n.type_keys(&k, "an binh");
    let places: Vec<_> = slint::Model::iter(&a.global::<QuestionAdapter>().get_q_places()).map(|p| p.value.to_string()).collect();
    assert_eq!(places[0], "Phường An Bình, Tỉnh Đồng Tháp", "{places:?}");
    shoot(&k, "5-question-place-search");
    n.tap(&k, "Phường An Bình, Tỉnh Đồng Tháp");
    assert_eq!(a.global::<QuestionAdapter>().get_q_place(), "Phường An Bình, Tỉnh Đồng Tháp");
    shoot(&k, "5-question-place-detail");
    n.tap(&k, "Tiếp tục");
    // a province for the hometown: the parents' provinces are offered
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Quê quán", "{}", a.global::<QuestionAdapter>().get_q_error());
    assert!(exists(&k, "Thành phố Hồ Chí Minh"), "the father's province is offered");
    n.tap(&k, "Tỉnh Đồng Tháp");
    // the parents' "Dân tộc (2)" lines are not asked: their cards give their ID numbers
    // (Thông tư 04/2024/TT-BTP, note 2)
    // last, the copies: one tap
    assert!(a.global::<QuestionAdapter>().get_q_label().starts_with("Ông/Bà có cần bản sao"), "{}", a.global::<QuestionAdapter>().get_q_label());
    shoot(&k, "5-question-copies");
    n.tap(&k, "Không cần bản sao");

    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "{}", a.global::<QuestionAdapter>().get_q_error());
    assert_eq!(a.global::<ReviewAdapter>().get_chosen_title(), "TỜ KHAI ĐĂNG KÝ KHAI SINH");
    // the page is drawn on a worker thread: the screen is already the review without it
    wait_for_picture(&k);
    let size = a.global::<ReviewAdapter>().get_preview().size();
    assert!(size.width > 500 && size.height > 700, "preview {size:?}");
    // the thumbnail is resampled by the kiosk to its box (Slint would drop thin strokes), once
    // the event loop has told it the box's size
    grab(&k);
    slint::platform::update_timers_and_animations();
    pump_until(&k, |a| {
        let (small, full) = (a.global::<ReviewAdapter>().get_preview_small().size(), a.global::<ReviewAdapter>().get_preview().size());
        small.width > 0 && small.width < full.width / 2
    });
    let small = a.global::<ReviewAdapter>().get_preview_small().size();
    assert!(small.width > 150 && small.width < size.width / 2 && small.height * 210 / 297 <= small.width + 2, "thumbnail {small:?}");
    let rows: Vec<_> = slint::Model::iter(&a.global::<ReviewAdapter>().get_answers()).collect();
    assert!(rows.iter().any(|r| r.label == "Họ, chữ đệm, tên người mẹ" && r.value == "Nguyễn Thị An" && r.origin == Origin::Card), "{rows:?}");
    assert!(rows.iter().any(|r| r.label == "Năm sinh (Người mẹ)" && r.value == "1990"));
    assert!(rows.iter().any(|r| r.label == "Họ, chữ đệm, tên người cha" && r.value == "Trần Văn Bình"), "{rows:?}");
    assert!(rows.iter().any(|r| r.label == "Họ, chữ đệm, tên" && r.value == "Trần Bảo Ngọc" && r.origin == Origin::Typed), "{rows:?}");
    assert!(rows.iter().any(|r| r.label == "Nơi sinh" && r.value == "Phường An Bình, Tỉnh Đồng Tháp"), "{rows:?}");
    assert!(rows.iter().any(|r| r.value == "Ngày năm, tháng hai, năm hai nghìn không trăm hai mươi sáu"), "{rows:?}");
    shoot(&k, "4-review");
    // the answers are longer than the screen: ▼ pages down and ▲ back up, without a swipe
    let first = |k: &Kiosk| {
        use i_slint_backend_testing::ElementRoot;
        // the topmost row button on the screen: (its label, where it is)
        let rows = k
            .window()
            .root_element()
            .query_descendants()
            .match_predicate(|e| e.accessible_label().is_some_and(|l| ["Đã khóa: ", "Sửa: ", "Thêm: "].iter().any(|p| l.starts_with(p))))
            .find_all();
        rows.iter().map(|e| (e.accessible_label().unwrap().to_string(), e.absolute_position().y.round() as i32)).min_by_key(|r| r.1).unwrap()
    };
    let enabled = |k: &Kiosk, l: &str| ElementHandle::find_by_accessible_label(k.window(), l).next().and_then(|e| e.accessible_enabled());
    assert_eq!((enabled(&k, "Lên"), enabled(&k, "Xuống")), (Some(false), Some(true)), "at the top: ▲ greyed, ▼ offered");
    let top = first(&k);
    press(&k, "Xuống");
    assert_ne!(first(&k).0, top.0, "▼ scrolled the answers ({top:?} → {:?})", first(&k));
    assert_eq!(enabled(&k, "Lên"), Some(true));
    press(&k, "Lên");
    assert_eq!(first(&k), top, "▲ scrolled back to the top");
    // the scanner works on the review too: a card already on the form is answered there
    type_scan(&k, MOTHER);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review);
    assert!(a.global::<ReviewAdapter>().get_review_error().contains("đã có trên tờ khai"), "{}", a.global::<ReviewAdapter>().get_review_error());
    // the page at the screen's width, to read it
    press(&k, "Xem tờ khai cỡ lớn");
    assert!(exists(&k, "Tờ khai cỡ lớn"));
    // the zoomed page resampled to the screen's width (on a worker)
    grab(&k);
    slint::platform::update_timers_and_animations();
    pump_until(&k, |a| a.global::<ReviewAdapter>().get_preview_large().size().width > 0);
    shoot(&k, "4-review-zoomed");
    press(&k, "Đóng");
    assert!(!exists(&k, "Tờ khai cỡ lớn"));

    // "Sửa": a card's answer is locked; the birth place is asked again, and the review returns
    // (the lock is shown in place of "Sửa"; a tap on it says why)
    assert!(!exists(&k, "Sửa: Họ, chữ đệm, tên người mẹ"), "a locked answer offers no 'Sửa'");
    reveal(&k, (900.0, 400.0), "Đã khóa: Họ, chữ đệm, tên người mẹ");
    press(&k, "Đã khóa: Họ, chữ đệm, tên người mẹ");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review);
    assert!(a.global::<ReviewAdapter>().get_review_locked(), "an answer from a card is locked");
    assert!(exists(&k, "Thông tin này lấy từ thẻ căn cước nên không sửa được ở đây. Nếu thẻ ghi sai, xin mời cán bộ mở khóa để sửa."));
    snapshot(&k, "4-review-locked");
    reveal(&k, (900.0, 400.0), "Sửa: Nơi sinh");
    press(&k, "Sửa: Nơi sinh");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Question);
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Nơi sinh");
    press(&k, "Quay lại");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "back from changing one answer is the review");
    reveal(&k, (900.0, 400.0), "Sửa: Nơi sinh");
    press(&k, "Sửa: Nơi sinh");
    assert_eq!(a.global::<QuestionAdapter>().get_q_place(), "Phường An Bình, Tỉnh Đồng Tháp", "the answer given is where the change starts");
    press(&k, "Chọn nơi khác");
    // without typing: province by province, then the province's communes
    press(&k, "Chọn theo tỉnh");
    assert!(a.global::<QuestionAdapter>().get_q_browsing());
    assert_eq!(slint::Model::row_count(&a.global::<QuestionAdapter>().get_q_places()), 34);
    shoot(&k, "5-question-place-provinces");
    reveal(&k, (640.0, 500.0), "Tỉnh Đồng Tháp");
    press(&k, "Tỉnh Đồng Tháp");
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "Tỉnh Đồng Tháp");
    reveal(&k, (640.0, 500.0), "Phường Hồng Ngự, Tỉnh Đồng Tháp");
    shoot(&k, "5-question-place-communes");
    press(&k, "Phường Hồng Ngự, Tỉnh Đồng Tháp");
    assert!(!a.global::<QuestionAdapter>().get_q_browsing());
    for c in "beenhj vieenj ddk".chars() {
        press(&k, if c == ' ' { "Dấu cách" } else { &*c.to_string().leak() });
    }
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "{}", a.global::<QuestionAdapter>().get_q_error());
    let rows: Vec<_> = slint::Model::iter(&a.global::<ReviewAdapter>().get_answers()).collect();
    assert!(rows.iter().any(|r| r.label == "Nơi sinh" && r.value == "Bệnh viện đk, Phường Hồng Ngự, Tỉnh Đồng Tháp"), "{rows:?}");
    assert!(!a.global::<ReviewAdapter>().get_review_locked());

    // staff: the corner tapped three times, a wrong PIN refused, the right one opens the staff
    // screen over the session; unlocking lets the citizen change an answer from the card
    staff_login(&k, "111111");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::StaffPin, "a wrong PIN does not open staff mode");
    assert!(a.global::<StaffAdapter>().get_staff_error().contains("Mã PIN không đúng"), "{}", a.global::<StaffAdapter>().get_staff_error());
    assert_eq!(a.global::<StaffAdapter>().get_staff_pin_dots(), "", "the PIN typed is cleared");
    shoot(&k, "9-staff-pin-wrong");
    for d in "246810".chars() {
        press(&k, &d.to_string());
    }
    assert_eq!(a.global::<StaffAdapter>().get_staff_pin_dots(), "••••••");
    press(&k, "Vào");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Staff, "{}", a.global::<StaffAdapter>().get_staff_error());
    assert!(a.global::<StaffAdapter>().get_staff_in_session());
    press(&k, "Mở khóa thông tin thẻ");
    assert!(a.global::<StaffAdapter>().get_staff_unlocked());
    press(&k, "Về màn hình kiosk");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "back to the citizen's review, answers kept");
    reveal(&k, (900.0, 400.0), "Sửa: Họ, chữ đệm, tên người mẹ");
    press(&k, "Sửa: Họ, chữ đệm, tên người mẹ");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Question, "unlocked by staff");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Họ, chữ đệm, tên người mẹ");
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "Nguyễn Thị An");
    press(&k, "Quay lại");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review);

    // print: consent (default no), the dossier is stored, then printed on CUPS-PDF.
    // First with the printer stopped: the message, and "In lại" once it is back.
    cups.admin("cupsdisable", &["KioskPDF"]);
    // how the result comes back: by post to the residence on the card, and a booked time
    n.tap(&k, "Đúng, in tờ khai");
    let after = a.global::<AfterAdapter>();
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Delivery);
    assert_eq!(after.get_way(), "desk", "the desk unless another way is tapped");
    shoot(&k, "6-delivery");
    n.tap(&k, "Gửi qua bưu điện (bưu chính công ích)");
    assert_eq!(after.get_way(), "post");
    assert_eq!(after.get_post_address(), "Ấp An Thịnh, Xã Thường Phước, Tỉnh Đồng Tháp");
    n.tap(&k, "Hẹn giờ nộp hồ sơ");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Booking);
    shoot(&k, "6-booking");
    let first_day = slint::Model::row_data(&after.get_days(), 0).expect("a day offered");
    let first = slint::Model::row_data(&first_day.times, 0).unwrap();
    let booked_at = format!("{} ngày {}", first.time, first_day.day);
    n.tap(&k, &booked_at);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Delivery);
    assert!(after.get_booked().contains(booked_at.as_str()), "{}", after.get_booked());
    shoot(&k, "6-delivery-booked");
    n.tap(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Consent);
    shoot(&k, "6-consent");
    press(&k, "Quay lại");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Delivery, "back from consent is the delivery screen, choices kept");
    assert_eq!(after.get_way(), "post");
    press(&k, "Quay lại");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "then the review, answers kept");
    press(&k, "Đúng, in tờ khai");
    press(&k, "Tiếp tục");
    n.tap(&k, "Không lưu");
    shoot(&k, "7-printing");
    wait_for_print(&k);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Done);
    let code = a.global::<FinishAdapter>().get_dossier_code().to_string();
    assert!(code.starts_with(&agency), "{code}");
    assert!(
        a.global::<FinishAdapter>().get_print_error().contains("Máy in đang tạm dừng") && a.global::<FinishAdapter>().get_print_error().contains("In lại"),
        "{}",
        a.global::<FinishAdapter>().get_print_error()
    );
    shoot(&k, "7-print-failed");
    cups.admin("cupsenable", &["KioskPDF"]);
    press(&k, "In lại");
    wait_for_print(&k);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Done);
    assert_eq!(a.global::<FinishAdapter>().get_print_error(), "", "printed on the second try");
    assert_eq!(a.global::<FinishAdapter>().get_dossier_code(), code.as_str(), "the same dossier, not a new one");
    assert!(a.global::<FinishAdapter>().get_record_qr().size().width > 100);
    shoot(&k, "8-done");
    // the form, then the slip on the receipt printer's queue: both out of CUPS-PDF, read back
    let outs = crate::cups::find_outputs(&code, 2, std::time::Duration::from_secs(30)).expect("the form and the slip came out of CUPS-PDF");
    let mut slip_seen = false;
    for out in outs {
        let page = crate::support::pdftoppm(&out, 1, 300);
        let codes = crate::support::decode_qr(&page);
        assert!(codes.iter().any(|c| c.ends_with(&code)), "the record QR on paper: {codes:?}");
        // the data QR's parts, on the form's first page or its last
        let mut codes = codes;
        for n in 2..=crate::support::page_count(&out) {
            codes.extend(crate::support::decode_qr(&crate::support::pdftoppm(&out, n, 300)));
        }
        let data: Vec<String> = codes.iter().filter(|c| c.starts_with(form_kiosk::core::dataqr::FORMAT)).cloned().collect();
        if data.is_empty() {
            // the slip: its words as the citizen reads them
            // (the code is its record QR's, decoded above; OCR is compared without diacritics,
            // which a reading may slip on, and the line beside the QR may be misread)
            let text = crate::support::ocr(&page);
            let folded = form_kiosk::core::text::fold(&text);
            let wants = [
                "PHIẾU HƯỚNG DẪN",
                "Đăng ký khai sinh (mã 1.001193)",
                "Gửi qua bưu điện",
                "Xã Thường Phước",
                booked_at.as_str(),
                "đường dây nóng 1022",
                "Ngày hẹn trả kết quả",
            ];
            for want in wants {
                assert!(folded.contains(&form_kiosk::core::text::fold(want)), "`{want}` not read on the printed slip: {text}");
            }
            slip_seen = true;
        } else {
            // the form's data QR carries the choice for the desk
            let doc: serde_json::Value = serde_json::from_str(&form_kiosk::core::dataqr::join(&data).expect("every part")).unwrap();
            assert_eq!(doc["r"]["way"], "post", "{doc}");
            assert_eq!(doc["r"]["to"], "Ấp An Thịnh, Xã Thường Phước, Tỉnh Đồng Tháp");
            assert_eq!(doc["r"]["book"]["time"], first.time.as_str());
        }
        let _ = std::fs::remove_file(out);
    }
    assert!(slip_seen, "no slip among the printouts");
    // one tap on the done screen, anonymous
    press(&k, "Rất hài lòng");
    assert!(after.get_rated());
    shoot(&k, "8-done-rated");
    // one tap on "In lại" after the printer fault is not part of a normal session
    eprintln!("birth registration, three cards, welcome to printed: {} taps and {} characters typed ({} touches in all)", n.taps, n.chars, n.taps + n.chars);
    assert!(n.chars <= 25 && n.taps <= 20, "targets: at most 25 characters and 20 taps besides them");

    // the staff screen over the done screen: today's dossier, the counts, the printer, a reprint
    staff_login(&k, "246810");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Staff, "{}", a.global::<StaffAdapter>().get_staff_error());
    assert!(!a.global::<StaffAdapter>().get_staff_in_session(), "nothing left to unlock once stored");
    let listed: Vec<_> = slint::Model::iter(&a.global::<StaffAdapter>().get_staff_dossiers()).collect();
    assert!(listed.iter().any(|d| d.code == code.as_str() && d.status == "printed" && d.form == "Đăng ký khai sinh"), "{listed:?}");
    let counts: Vec<_> = slint::Model::iter(&a.global::<StaffAdapter>().get_staff_counts()).map(|c| c.to_string()).collect();
    assert!(counts.contains(&"Đăng ký khai sinh: 1".to_string()), "{counts:?}");
    let bookings: Vec<String> = slint::Model::iter(&a.global::<StaffAdapter>().get_staff_bookings()).map(|b| b.line.to_string()).collect();
    // the next working day's bookings are listed: this dossier's among them
    assert!(bookings.iter().any(|b| b.contains(code.as_str()) && b.contains(first.time.as_str())), "{bookings:?}");
    assert!(exists(&k, &format!("Hủy hẹn {code}")), "staff can cancel it from their screen");
    let ratings: Vec<_> = slint::Model::iter(&a.global::<StaffAdapter>().get_staff_ratings()).map(|c| c.to_string()).collect();
    assert_eq!(ratings, ["Đăng ký khai sinh: rất hài lòng 1, hài lòng 0, không hài lòng 0"]);
    pump_until(&k, |a| a.global::<StaffAdapter>().get_staff_printer().starts_with("Máy in "));
    assert_eq!(a.global::<StaffAdapter>().get_staff_printer(), "Máy in KioskPDF: Sẵn sàng");
    press(&k, &format!("In lại {code}"));
    pump_until(&k, |a| !a.global::<StaffAdapter>().get_staff_message().starts_with("Đang in lại"));
    assert_eq!(a.global::<StaffAdapter>().get_staff_message(), format!("Đã in lại hồ sơ {code}.").as_str());
    shoot(&k, "9-staff");
    // the kiosk's checks, as `form-kiosk doctor` makes them, on a worker
    press(&k, "Kiểm tra kiosk");
    pump_until(&k, |a| slint::Model::row_count(&a.global::<StaffAdapter>().get_staff_doctor_lines()) > 0);
    let report: Vec<String> = slint::Model::iter(&a.global::<StaffAdapter>().get_staff_doctor_lines()).map(|l| l.to_string()).collect();
    for want in
        ["✓ Cấu hình", "✓ Cơ sở dữ liệu", "✓ Máy in: Máy in KioskPDF: Sẵn sàng", "✓ Máy in phiếu: Máy in KioskReceipt: Sẵn sàng", "✓ Mẫu tờ khai", "✓ Đồng hồ"]
    {
        assert!(report.iter().any(|l| l.starts_with(want)), "`{want}` not in {report:?}");
    }
    shoot(&k, "9-staff-doctor");
    press(&k, "Đóng");
    assert!(!a.global::<StaffAdapter>().get_staff_doctor_open());
    let reprinted = crate::cups::find_output(&code, std::time::Duration::from_secs(20)).expect("the staff reprint came out of CUPS-PDF");
    let _ = std::fs::remove_file(reprinted);
    press(&k, "Về màn hình kiosk");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Done, "back to where the kiosk was");
    press(&k, "Xong");
    assert_wiped(a);
    // a print result that comes back after the session ended moves no screen: the flow test
    // "a late print result" (tests/it/flow.rs)

    // back from the other people to the procedures and choose again: no "card scanned twice"
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    press(&k, "Đăng ký khai sinh");
    type_scan(&k, MOTHER);
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người cha");
    // back: the mother's scan screen again (her card forgotten), then the procedures
    press(&k, "Quay lại");
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người mẹ");
    press(&k, "Quay lại");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose);
    press(&k, "Đăng ký khai sinh");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Others);
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người mẹ");
    press(&k, "Bỏ qua");
    press(&k, "Bỏ qua");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Question, "{}", a.global::<QuestionAdapter>().get_q_error());
    // the skipped father is asked about: a blank father on a birth form means something
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Tờ khai có ghi thông tin người cha không?");
    shoot(&k, "5-question-person");
    press(&k, "Không");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Quan hệ với người được khai sinh");

    // the citizen said no: his name is still offered on the review with "Thêm"; once added,
    // what it makes necessary is asked
    press(&k, "Mẹ");
    answer_all(&k);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "{}", a.global::<QuestionAdapter>().get_q_error());
    let rows: Vec<_> = slint::Model::iter(&a.global::<ReviewAdapter>().get_answers()).collect();
    assert!(rows.iter().any(|r| r.field == "father_name" && r.origin == Origin::Optional && r.value.is_empty()), "{rows:?}");
    reveal(&k, (900.0, 400.0), "Thêm: Họ, chữ đệm, tên người cha");
    press(&k, "Thêm: Họ, chữ đệm, tên người cha");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Họ, chữ đệm, tên người cha");
    for c in "traanf vawn beN".chars() {
        press(
            &k,
            if c == ' ' {
                "Dấu cách"
            } else if c == 'N' {
                "n"
            } else {
                &*c.to_string().leak()
            },
        );
    }
    press(&k, "Tiếp tục");
    assert_ne!(a.global::<SessionAdapter>().get_page(), Page::Review, "the father's other answers are asked next");
    answer_all(&k);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "{}", a.global::<QuestionAdapter>().get_q_error());
    let rows: Vec<_> = slint::Model::iter(&a.global::<ReviewAdapter>().get_answers()).collect();
    assert!(rows.iter().any(|r| r.label == "Họ, chữ đệm, tên người cha" && r.value == "Trần Văn Ben"), "{rows:?}");

    // the residence form: its optional email is added from the review, with "@" on the keyboard
    start_over(&k);
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    press(&k, "Cư trú");
    fill_in(&k, "Thay đổi thông tin cư trú (CT01)");
    assert_eq!(
        a.global::<SessionAdapter>().get_page(),
        Page::Review,
        "{}: {}",
        a.global::<QuestionAdapter>().get_q_label(),
        a.global::<QuestionAdapter>().get_q_error()
    );
    reveal(&k, (900.0, 400.0), "Thêm: Email");
    press(&k, "Thêm: Email");
    assert!(a.global::<QuestionAdapter>().get_q_email() && exists(&k, "@") && !exists(&k, ","));
    for c in "an@gmail.com".chars() {
        press(&k, &c.to_string());
    }
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "{}", a.global::<QuestionAdapter>().get_q_error());
    let rows: Vec<_> = slint::Model::iter(&a.global::<ReviewAdapter>().get_answers()).collect();
    assert!(rows.iter().any(|r| r.field == "requester_email" && r.value == "an@gmail.com"), "{rows:?}");

    // a staff unlock is for one citizen: back to the scan screen and a new card, and the
    // card's answers are locked again (regression: the unlock survived a new scan)
    start_over(&k);
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    fill_in(&k, "Đăng ký khai sinh");
    staff_login(&k, "246810");
    press(&k, "Mở khóa thông tin thẻ");
    press(&k, "Về màn hình kiosk");
    for _ in 0..30 {
        if a.global::<SessionAdapter>().get_page() == Page::Scan {
            break;
        }
        press(&k, "Quay lại");
    }
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Scan);
    type_scan(&k, MOTHER);
    fill_in(&k, "Đăng ký khai sinh");
    reveal(&k, (900.0, 400.0), "Đã khóa: Họ, chữ đệm, tên người yêu cầu");
    press(&k, "Đã khóa: Họ, chữ đệm, tên người yêu cầu");
    assert!(a.global::<ReviewAdapter>().get_review_locked(), "locked again for the new card");

    // every bundled form can be completed on the screens, up to its review
    start_over(&k);
    let tiles: Vec<String> = slint::Model::iter(&a.global::<ChooseAdapter>().get_forms()).map(|t| t.name.to_string()).collect();
    assert_eq!(tiles.len(), forms_io::bundled().0.on(crate::support::today()).forms.len());
    for tile in tiles {
        if a.global::<SessionAdapter>().get_page() != Page::Welcome {
            start_over(&k);
        }
        press(&k, "Chạm để bắt đầu");
        type_scan(&k, MOTHER);
        fill_in(&k, &tile);
        assert_eq!(
            a.global::<SessionAdapter>().get_page(),
            Page::Review,
            "{tile}: {}: {}",
            a.global::<QuestionAdapter>().get_q_label(),
            a.global::<QuestionAdapter>().get_q_error()
        );
        wait_for_picture(&k);
        assert!(a.global::<ReviewAdapter>().get_preview().size().width > 500, "{tile}: the page is drawn");
    }

    // back goes one step; start over wipes everything personal, after asking when there are
    // answers to lose
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review);
    press(&k, "Làm lại từ đầu");
    assert!(a.global::<SessionAdapter>().get_confirm_start_over() && exists(&k, "Xóa các thông tin đã nhập và làm lại từ đầu?"));
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review, "nothing wiped before the answer");
    shoot(&k, "8-start-over-asked");
    press(&k, "Tiếp tục điền");
    assert!(!a.global::<SessionAdapter>().get_confirm_start_over());
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Review);
    assert!(slint::Model::row_count(&a.global::<ReviewAdapter>().get_answers()) > 0, "the answers are kept");
    press(&k, "Làm lại từ đầu");
    press(&k, "Xóa và làm lại");
    assert_wiped(a);
    // the welcome screen says "Quét thẻ…": a card scanned there starts the session at once,
    // and a wrong code is answered on the scan screen
    type_scan(&k, "not a card");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Scan);
    assert!(a.global::<ScanAdapter>().get_scan_error().contains("không phải mã QR"), "{}", a.global::<ScanAdapter>().get_scan_error());
    start_over(&k);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Welcome);
    type_scan(&k, MOTHER);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "{}", a.global::<ScanAdapter>().get_scan_error());
    assert_eq!(a.global::<SessionAdapter>().get_citizen_name(), "Nguyễn Thị An");
    press(&k, "Đăng ký khai sinh");
    press(&k, "Bỏ qua");
    press(&k, "Bỏ qua");
    assert_eq!(a.global::<QuestionAdapter>().get_q_label(), "Tờ khai có ghi thông tin người cha không?");
    // "Quay lại" reaches the scan screens: the father's card can still be scanned
    press(&k, "Quay lại");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Others);
    assert_eq!(a.global::<OthersAdapter>().get_other_prompt(), "Quét thẻ căn cước của người cha");
    start_over(&k);
    assert_wiped(a);

    // idle timeout: a session left alone is wiped after 90 s of no touch
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose);
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(60));
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "not yet");
    assert_eq!(a.global::<SessionAdapter>().get_idle_left(), 0);
    // "Ông/Bà còn ở đây không?" at 70 s, 20 s before the wipe (as the README says); a touch
    // keeps the session
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_millis(9_500));
    assert_eq!(a.global::<SessionAdapter>().get_idle_left(), 0, "not before 70 s");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_millis(1_000));
    assert_eq!(a.global::<SessionAdapter>().get_idle_left(), 20, "asked at 70 s, with 20 s to answer");
    assert!(exists(&k, "Ông/Bà còn ở đây không?"));
    shoot(&k, "9-idle-question");
    // the session behind the question is hidden: around the box, one flat colour
    let img = grab(&k);
    let band: std::collections::HashSet<[u8; 4]> = (0..img.width()).flat_map(|x| (0..100).map(move |y| (x, y))).map(|(x, y)| img.get_pixel(x, y).0).collect();
    assert_eq!(band.len(), 1, "the screen behind the idle question shows through ({} colours in the top band)", band.len());
    press(&k, "Tôi vẫn ở đây");
    assert_eq!(a.global::<SessionAdapter>().get_idle_left(), 0);
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(80));
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "the touch started the 90 s again");
    assert_eq!(a.global::<SessionAdapter>().get_citizen_name(), "Nguyễn Thị An");
    // a mouse wheel (or a swipe) over the list of procedures is activity too
    assert!(a.global::<SessionAdapter>().get_idle_left() > 0, "asked again at 70 s");
    press(&k, "Tôi vẫn ở đây");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(60));
    let wheel = slint::platform::WindowEvent::PointerScrolled { position: slint::LogicalPosition::new(640.0, 520.0), delta_x: 0.0, delta_y: -120.0 };
    k.window().window().dispatch_event(wheel);
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(60));
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "the wheel started the 90 s again");
    assert_eq!(a.global::<SessionAdapter>().get_idle_left(), 0, "60 s after the wheel: not asked yet");
    // personal data on the screen: a name half typed, the family names from the cards
    press(&k, "Đăng ký khai sinh");
    type_scan(&k, MOTHER);
    press(&k, "Bỏ qua");
    press(&k, "Không");
    press(&k, "Mẹ");
    press(&k, "Họ Nguyễn");
    press(&k, "a");
    assert_eq!(a.global::<QuestionAdapter>().get_q_shown(), "Nguyễn a");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(89));
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Question, "not yet");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(2));
    assert_wiped(a);

    // no card: the ID number on the keypad, then the date of birth, find the profile kept
    // with consent …
    let type_digits = |k: &Kiosk, digits: &str| {
        for d in digits.chars() {
            press(k, &d.to_string());
        }
    };
    press(&k, "Chạm để bắt đầu");
    press(&k, "Không mang thẻ?");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Keypad);
    // a short number is refused before the date is asked
    type_digits(&k, "08708800432");
    press(&k, "Tiếp tục");
    assert!(
        !a.global::<KeypadAdapter>().get_keypad_birth() && a.global::<KeypadAdapter>().get_keypad_error().contains("12 chữ số"),
        "{}",
        a.global::<KeypadAdapter>().get_keypad_error()
    );
    type_digits(&k, "1");
    assert_eq!(a.global::<KeypadAdapter>().get_typed_id(), "087088004321");
    press(&k, "Tiếp tục");
    assert!(a.global::<KeypadAdapter>().get_keypad_birth(), "the date of birth is asked next");
    assert!(exists(&k, "Ngày sinh đã nhập"));
    assert_eq!(a.global::<KeypadAdapter>().get_typed_birth(), "__/__/____");
    type_digits(&k, "0101199");
    assert_eq!(a.global::<KeypadAdapter>().get_typed_birth(), "01/01/199_");
    shoot(&k, "2-keypad-birth");
    // an impossible date is refused, and asked again
    press(&k, "Tiếp tục");
    assert!(a.global::<KeypadAdapter>().get_keypad_error().contains("Ngày sinh gồm 8 số"), "{}", a.global::<KeypadAdapter>().get_keypad_error());
    assert_eq!(a.global::<KeypadAdapter>().get_typed_birth(), "__/__/____");
    type_digits(&k, "01011990");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Keypad, "no profile for this number");
    assert!(a.global::<KeypadAdapter>().get_keypad_error().contains("Không tìm thấy thông tin đã lưu"), "{}", a.global::<KeypadAdapter>().get_keypad_error());
    assert!(!a.global::<KeypadAdapter>().get_keypad_birth() && a.global::<KeypadAdapter>().get_typed_id() == "", "the look-up starts again from the number");
    shoot(&k, "2-keypad-unknown-id");
    // "Xóa" clears; a 13th digit is not taken
    type_digits(&k, "0011");
    press(&k, "Xóa");
    assert_eq!(a.global::<KeypadAdapter>().get_typed_id(), "");
    assert_eq!(a.global::<KeypadAdapter>().get_keypad_error(), "");
    type_digits(&k, "001190123456");
    press(&k, "9");
    assert_eq!(a.global::<KeypadAdapter>().get_typed_id(), "001190123456");
    press(&k, "Tiếp tục");
    // the right number with a wrong date of birth finds nothing, in the same words as an
    // unknown number: an ID number is printed on many papers and opens nothing alone
    type_digits(&k, "02011990");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Keypad, "a wrong date of birth opens nothing");
    assert!(a.global::<KeypadAdapter>().get_keypad_error().contains("Không tìm thấy thông tin đã lưu"), "{}", a.global::<KeypadAdapter>().get_keypad_error());
    // "Xóa" on the date empties the date, a second "Xóa" goes back to the number
    type_digits(&k, "001190123456");
    press(&k, "Tiếp tục");
    type_digits(&k, "0101");
    press(&k, "Xóa");
    assert!(a.global::<KeypadAdapter>().get_keypad_birth() && a.global::<KeypadAdapter>().get_typed_birth() == "__/__/____");
    press(&k, "Xóa");
    assert!(!a.global::<KeypadAdapter>().get_keypad_birth() && a.global::<KeypadAdapter>().get_typed_id() == "");
    type_digits(&k, "001190123456");
    press(&k, "Tiếp tục");
    type_digits(&k, "01011990");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "{}", a.global::<KeypadAdapter>().get_keypad_error());
    assert_eq!(a.global::<SessionAdapter>().get_citizen_name(), "Nguyễn Thị An");
    assert!(exists(&k, "Xin chào bà Nguyễn Thị An. Bà cần làm thủ tục gì?"));
    snapshot(&k, "3-choose-from-profile");
    // the procedures by group, and found by typing without diacritics
    let names = |a: &AppWindow| slint::Model::iter(&a.global::<ChooseAdapter>().get_forms()).map(|t| t.name.to_string()).collect::<Vec<_>>();
    let all = forms_io::bundled().0.on(crate::support::today()).forms.len();
    assert_eq!(names(a).len(), all);
    // the most asked-for first (`order` in the templates), each group together
    assert_eq!(names(a)[0], "Đăng ký khai sinh");
    let groups: Vec<_> = slint::Model::iter(&a.global::<ChooseAdapter>().get_groups()).map(|g| g.to_string()).collect();
    assert_eq!(groups[..2], ["Hộ tịch", "Cư trú"]);
    let residence = ["Đăng ký thường trú", "Đăng ký tạm trú", "Thay đổi thông tin cư trú (CT01)"];
    let at = names(a).iter().position(|n| n == residence[0]).unwrap();
    assert_eq!(names(a)[at..at + 3], residence, "the residence procedures together, most asked-for first");
    press(&k, "Cư trú");
    assert_eq!(names(a), residence);
    press(&k, "Tất cả");
    press(&k, "Tìm thủ tục");
    for c in "ket hon".chars() {
        press(&k, if c == ' ' { "Dấu cách" } else { &*c.to_string().leak() });
    }
    assert_eq!(a.global::<ChooseAdapter>().get_form_query(), "ket hon");
    assert_eq!(names(a)[0], "Đăng ký kết hôn");
    assert!(names(a).iter().all(|n| form_kiosk::core::text::fold(n).contains("ket hon")), "{:?}", names(a));
    shoot(&k, "3-choose-search");
    press(&k, "Đóng tìm kiếm");
    assert_eq!(names(a).len(), all);
    start_over(&k);
    assert_eq!(a.global::<KeypadAdapter>().get_typed_id(), "");

    // staff erase a citizen: asked twice; afterwards the number finds nothing
    staff_login(&k, "246810");
    for d in "001190123456".chars() {
        press(&k, &d.to_string());
    }
    assert_eq!(a.global::<StaffAdapter>().get_staff_id(), "001190123456");
    press(&k, "Xóa dữ liệu");
    assert!(
        a.global::<StaffAdapter>().get_staff_confirm_forget() && a.global::<StaffAdapter>().get_staff_message().contains("Không thể hoàn tác"),
        "{}",
        a.global::<StaffAdapter>().get_staff_message()
    );
    // a second tap on the same key does not erase: the confirmation is its own button
    press(&k, "Xóa dữ liệu");
    assert!(a.global::<StaffAdapter>().get_staff_message().contains("Không thể hoàn tác"));
    assert_eq!(a.global::<StaffAdapter>().get_staff_id(), "001190123456", "nothing erased yet");
    shoot(&k, "9-staff-forget-confirm");
    press(&k, "Xác nhận xóa");
    let m = a.global::<StaffAdapter>().get_staff_message().to_string();
    assert!(m.starts_with("Đã xóa: thông tin lưu sẵn"), "{m}");
    assert_eq!(a.global::<StaffAdapter>().get_staff_id(), "");
    press(&k, "Về màn hình kiosk");
    press(&k, "Chạm để bắt đầu");
    press(&k, "Không mang thẻ?");
    type_digits(&k, "001190123456");
    press(&k, "Tiếp tục");
    type_digits(&k, "01011990");
    press(&k, "Tiếp tục");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Keypad, "the profile is erased");
    // five look-ups in a row that found nothing (the erased profile and four more; the
    // look-up that found the profile above started the count again) shut the keypad for five
    // minutes; the card still works
    for _ in 0..4 {
        type_digits(&k, "001190123456");
        press(&k, "Tiếp tục");
        type_digits(&k, "01011990");
        press(&k, "Tiếp tục");
        assert!(a.global::<KeypadAdapter>().get_keypad_error().contains("Không tìm thấy"), "{}", a.global::<KeypadAdapter>().get_keypad_error());
    }
    type_digits(&k, "001190123456");
    press(&k, "Tiếp tục");
    assert!(a.global::<KeypadAdapter>().get_keypad_error().contains("Đã nhập sai 5 lần"), "{}", a.global::<KeypadAdapter>().get_keypad_error());
    assert!(!a.global::<KeypadAdapter>().get_keypad_birth(), "locked: the date is not even asked");
    shoot(&k, "2-keypad-locked");
    start_over(&k);
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Choose, "scanning the card is not locked");
    start_over(&k);
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(301));
    press(&k, "Chạm để bắt đầu");
    press(&k, "Không mang thẻ?");
    type_digits(&k, "001190123456");
    press(&k, "Tiếp tục");
    assert!(a.global::<KeypadAdapter>().get_keypad_birth(), "open again after five minutes");
    start_over(&k);

    // every staff action is in the audit log, which holds no personal data
    {
        let store = Store::open(&dir.path().join("k.db"), None).unwrap();
        let log = store.audit_log(200).unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        for want in ["staff_login_refused", "staff_login", "unlock_card_answers"] {
            assert!(actions.contains(&want), "{want} in {actions:?}");
        }
        // the staff reprint and the erasure, by staff, with the dossier's code and nothing else
        let by_staff = |action: &str| log.iter().filter(|e| e.action == action && e.actor == "staff").count();
        assert!(log.iter().any(|e| e.action == "printed" && e.actor == "staff" && e.dossier_code.as_deref() == Some(code.as_str())), "{actions:?}");
        assert_eq!(by_staff("profile_erased"), 1, "{actions:?}");
        assert!(by_staff("erased_on_request") >= 1, "{actions:?}");
        let text = serde_json::to_string(&log).unwrap();
        for personal in ["001190123456", "Nguyễn", "NGUYỄN", "087088004321"] {
            assert!(!text.contains(personal), "the audit log holds `{personal}`");
        }
    }

    // five wrong PINs shut the keypad for five minutes, the right PIN included; then it opens
    for i in 1..=5 {
        staff_login(&k, "999999");
        assert_eq!(a.global::<SessionAdapter>().get_page(), Page::StaffPin);
        assert!(a.global::<StaffAdapter>().get_staff_error().contains(&format!("lần {i} / 5")), "{}", a.global::<StaffAdapter>().get_staff_error());
        press(&k, "Hủy");
    }
    staff_login(&k, "246810");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::StaffPin, "the right PIN is refused while locked");
    assert!(a.global::<StaffAdapter>().get_staff_error().contains("Đã nhập sai mã PIN 5 lần"), "{}", a.global::<StaffAdapter>().get_staff_error());
    press(&k, "Hủy");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(295));
    staff_login(&k, "246810");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::StaffPin, "still locked at 4 min 55 s");
    press(&k, "Hủy");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(10));
    staff_login(&k, "246810");
    assert_eq!(a.global::<SessionAdapter>().get_page(), Page::Staff, "open again after five minutes: {}", a.global::<StaffAdapter>().get_staff_error());
    press(&k, "Về màn hình kiosk");
    {
        let store = Store::open(&dir.path().join("k.db"), None).unwrap();
        let log = store.audit_log(400).unwrap();
        assert!(log.iter().filter(|e| e.action == "staff_login_refused").count() >= 6);
        assert!(log.iter().filter(|e| e.action == "staff_login_locked").count() >= 2, "each refused attempt while locked is logged");
    }

    // staff actions need the PIN: called without it (no staff screen), they do nothing
    a.global::<StaffAdapter>().invoke_staff_quit();
    a.global::<StaffAdapter>().invoke_staff_unlock();
    a.global::<StaffAdapter>().invoke_staff_forget_confirm();
    assert!(k.window().window().is_visible(), "no quitting without the PIN");
    assert!(!a.global::<StaffAdapter>().get_staff_unlocked());
    for _ in 0..3 {
        press(&k, "Dành cho cán bộ");
    }
    a.global::<StaffAdapter>().invoke_staff_quit();
    assert!(k.window().window().is_visible(), "nor with the PIN keypad open but no PIN");
    press(&k, "Hủy");

    // quit the kiosk from the staff screen: the window closes
    staff_login(&k, "246810");
    press(&k, "Thoát kiosk");
    assert!(k.window().window().is_visible(), "asked first");
    assert!(
        a.global::<StaffAdapter>().get_staff_confirm_quit() && a.global::<StaffAdapter>().get_staff_message().contains("Đóng phần mềm kiosk?"),
        "{}",
        a.global::<StaffAdapter>().get_staff_message()
    );
    shoot(&k, "9-staff-quit-confirm");
    // any other staff action disarms it
    press(&k, "Kiểm tra máy in");
    assert!(!a.global::<StaffAdapter>().get_staff_confirm_quit() && !a.global::<StaffAdapter>().get_staff_message().contains("Đóng phần mềm kiosk?"));
    a.global::<StaffAdapter>().invoke_staff_quit_confirm();
    assert!(k.window().window().is_visible(), "disarmed: the confirmation alone does nothing");
    press(&k, "Thoát kiosk");
    press(&k, "Xác nhận thoát");
    assert!(!k.window().window().is_visible(), "the kiosk window is closed");
}
