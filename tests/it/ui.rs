//! The kiosk screens through Slint's testing backend, driven by accessible labels.
//! The testing backend can be set up once per process: everything is in one test.

use crate::support::{now, MOTHER};
use form_kiosk::core::config::KioskConfig;
use form_kiosk::forms_io;
use form_kiosk::gui::{Kiosk, KioskAdapter, Page};
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

/// Run the event loop until the print worker has reported back.
fn wait_for_print(k: &Kiosk) {
    fn poll(weak: slint::Weak<form_kiosk::gui::AppWindow>) {
        let _ = slint::invoke_from_event_loop(move || match weak.upgrade() {
            Some(ui) if ui.global::<KioskAdapter>().get_page() == Page::Printing => {
                std::thread::sleep(std::time::Duration::from_millis(20));
                poll(weak);
            }
            _ => {
                let _ = slint::quit_event_loop();
            }
        });
    }
    poll(k.window().as_weak());
    slint::run_event_loop().unwrap();
}

fn snapshot(k: &Kiosk, name: &str) {
    let buf = k.window().window().take_snapshot().expect("software renderer snapshot");
    let (w, h) = (buf.width(), buf.height());
    let img = image::RgbaImage::from_raw(w, h, buf.as_bytes().to_vec()).unwrap();
    // not blank: some dark text on the page
    assert!(img.pixels().any(|p| p.0[0] < 80 && p.0[1] < 80 && p.0[2] < 80), "{name}: blank screen");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screens");
    std::fs::create_dir_all(&dir).unwrap();
    img.save(dir.join(format!("{name}.png"))).unwrap();
}

#[test]
fn kiosk_screens() {
    // mock time (idle timers), an event loop, and the software renderer for screenshots
    slint::platform::set_platform(Box::new(i_slint_backend_testing::TestingBackend::new(
        i_slint_backend_testing::TestingBackendOptions { mock_time: true, threading: true, renderer_name: Some("software".into()) },
    )))
    .expect("the only test that sets up Slint");
    let dir = tempfile::tempdir().unwrap();
    let (forms, _) = forms_io::bundled();
    // a real CUPS with a CUPS-PDF queue behind the print button
    let cups = crate::cups::CupsServer::start();
    cups.add_pdf_queue("KioskPDF");
    let agency = format!("999.{}.77.UI", std::process::id());
    let config = KioskConfig {
        printer: "KioskPDF".into(),
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
    k.window().window().set_size(slint::PhysicalSize::new(1280, 800));
    let a = k.window().global::<KioskAdapter>();
    assert_eq!(a.get_page(), Page::Welcome);
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

    press(&k, "Chạm để bắt đầu");
    assert_eq!(a.get_page(), Page::Scan);

    // something that is not a card: a Vietnamese message with a way forward, still scanning
    type_scan(&k, "https://example.com/not-a-card");
    assert_eq!(a.get_page(), Page::Scan);
    let msg = a.get_scan_error().to_string();
    assert!(msg.contains("không phải mã QR của thẻ căn cước") && msg.contains("Vui lòng"), "{msg}");
    snapshot(&k, "2-scan-error");

    // the real card, as the scanner types it
    type_scan(&k, MOTHER);
    assert_eq!(a.get_page(), Page::Choose, "scan error: {}", a.get_scan_error());
    assert_eq!(a.get_citizen_name(), "Nguyễn Thị An");
    assert_eq!(a.get_scan_error(), "");
    snapshot(&k, "3-choose");

    press(&k, "Đăng ký khai sinh");
    // the other people on the birth form: the mother's card is scanned, the father is skipped
    assert_eq!(a.get_page(), Page::Others);
    assert_eq!(a.get_other_prompt(), "Quét thẻ căn cước của người mẹ");
    type_scan(&k, "not a card");
    assert!(a.get_other_error().starts_with("Thẻ của người mẹ:"), "{}", a.get_other_error());
    type_scan(&k, MOTHER);
    assert_eq!(a.get_other_prompt(), "Quét thẻ căn cước của người cha", "{}", a.get_other_error());
    snapshot(&k, "3-others");
    press(&k, "Bỏ qua");

    // the questions the cards did not answer, one per screen, all by tapping
    let mut taps = 0;
    let mut chars = 0;
    let mut tap = |label: &str| {
        press(&k, label);
        taps += 1;
    };
    assert_eq!(a.get_page(), Page::Question);
    assert_eq!(a.get_q_label(), "Quan hệ với người được khai sinh");
    snapshot(&k, "5-question-options");
    tap("Mẹ");
    assert_eq!(a.get_q_label(), "Họ, chữ đệm, tên");
    for c in "traanf baor ngocj".chars() {
        tap(if c == ' ' { "Dấu cách" } else { &*c.to_string().leak() });
        chars += 1;
    }
    assert_eq!(a.get_q_shown(), "trần bảo ngọc", "Telex on the on-screen keyboard");
    snapshot(&k, "5-question-keyboard");
    tap("Tiếp tục");
    assert_eq!(a.get_q_label(), "Ngày, tháng, năm sinh");
    for c in "31022026".chars() {
        tap(&c.to_string());
    }
    assert_eq!(a.get_q_shown(), "31/02/2026");
    tap("Tiếp tục");
    assert_eq!(a.get_q_label(), "Ngày, tháng, năm sinh", "an impossible date is asked again");
    assert!(a.get_q_error().contains("Ngày không hợp lệ"), "{}", a.get_q_error());
    snapshot(&k, "5-question-date-error");
    for c in "05022026".chars() {
        tap(&c.to_string());
        chars += 1;
    }
    tap("Tiếp tục");
    assert_eq!(a.get_q_label(), "Giới tính");
    tap("Nữ");
    assert_eq!(a.get_q_label(), "Dân tộc (Người được khai sinh)");
    tap("Kinh");
    assert_eq!(a.get_q_label(), "Nơi sinh");
    for c in "an binh, dong thap".chars() {
        tap(if c == ' ' { "Dấu cách" } else { &*c.to_string().leak() });
        chars += 1;
    }
    tap("Tiếp tục");
    assert_eq!(a.get_q_label(), "Quê quán", "{}", a.get_q_error());
    for c in "dong thap".chars() {
        tap(if c == ' ' { "Dấu cách" } else { &*c.to_string().leak() });
        chars += 1;
    }
    tap("Tiếp tục");
    assert_eq!(a.get_q_label(), "Dân tộc (Người mẹ)", "{}", a.get_q_error());
    tap("Kinh");
    eprintln!("birth form, 2 cards + father skipped: {taps} taps on the question screens, {chars} characters typed (with one refused date retyped)");

    assert_eq!(a.get_page(), Page::Review, "{}", a.get_q_error());
    assert_eq!(a.get_chosen_title(), "TỜ KHAI ĐĂNG KÝ KHAI SINH");
    let size = a.get_preview().size();
    assert!(size.width > 500 && size.height > 700, "preview {size:?}");
    let rows: Vec<_> = slint::Model::iter(&a.get_answers()).collect();
    assert!(
        rows.iter().any(|r| r.label == "Họ, chữ đệm, tên người mẹ" && r.value == "Nguyễn Thị An" && r.source == "Từ thẻ căn cước"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r.label == "Năm sinh (Người mẹ)" && r.value == "1990"));
    assert!(!rows.iter().any(|r| r.label.starts_with("Họ, chữ đệm, tên người cha")), "the father was skipped");
    assert!(rows.iter().any(|r| r.label == "Họ, chữ đệm, tên" && r.value == "Trần Bảo Ngọc" && r.source == "Bạn đã chọn"), "{rows:?}");
    // "an binh, dong thap": a commune name found without diacritics, written out officially
    assert!(rows.iter().any(|r| r.value == "Phường An Bình, Tỉnh Đồng Tháp"), "{rows:?}");
    assert!(rows.iter().any(|r| r.value == "Ngày năm, tháng hai, năm hai nghìn không trăm hai mươi sáu"), "{rows:?}");
    snapshot(&k, "4-review");

    // print: consent (default no), the dossier is stored, then printed on CUPS-PDF.
    // First with the printer stopped: the message, and "In lại" once it is back.
    cups.admin("cupsdisable", &["KioskPDF"]);
    press(&k, "Đúng, in tờ khai");
    assert_eq!(a.get_page(), Page::Consent);
    snapshot(&k, "6-consent");
    press(&k, "Quay lại");
    assert_eq!(a.get_page(), Page::Review, "back from consent is the review, answers kept");
    press(&k, "Đúng, in tờ khai");
    press(&k, "Không lưu");
    wait_for_print(&k);
    assert_eq!(a.get_page(), Page::Done);
    let code = a.get_dossier_code().to_string();
    assert!(code.starts_with(&agency), "{code}");
    assert!(a.get_print_error().contains("Máy in đang tạm dừng"), "{}", a.get_print_error());
    snapshot(&k, "7-print-failed");
    cups.admin("cupsenable", &["KioskPDF"]);
    press(&k, "In lại");
    wait_for_print(&k);
    assert_eq!(a.get_page(), Page::Done);
    assert_eq!(a.get_print_error(), "", "printed on the second try");
    assert_eq!(a.get_dossier_code(), code.as_str(), "the same dossier, not a new one");
    assert!(a.get_record_qr().size().width > 100);
    snapshot(&k, "8-done");
    let out = crate::cups::find_output(&code, std::time::Duration::from_secs(20)).expect("the printout came out of CUPS-PDF");
    let page = crate::support::pdftoppm(&out, 1, 300);
    let codes = crate::support::decode_qr(&page);
    assert!(codes.iter().any(|c| c.ends_with(&code)), "the record QR on paper: {codes:?}");
    let _ = std::fs::remove_file(out);
    press(&k, "Xong");
    assert_eq!(a.get_page(), Page::Welcome);
    assert_eq!(a.get_dossier_code(), "");

    // back from the other people to the procedures and choose again: no "card scanned twice"
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    press(&k, "Đăng ký khai sinh");
    type_scan(&k, MOTHER);
    assert_eq!(a.get_other_prompt(), "Quét thẻ căn cước của người cha");
    press(&k, "Quay lại");
    assert_eq!(a.get_page(), Page::Choose);
    press(&k, "Đăng ký khai sinh");
    assert_eq!(a.get_page(), Page::Others);
    assert_eq!(a.get_other_prompt(), "Quét thẻ căn cước của người mẹ");
    press(&k, "Bỏ qua");
    press(&k, "Bỏ qua");
    assert_eq!(a.get_page(), Page::Question, "{}", a.get_q_error());
    assert_eq!(a.get_q_label(), "Quan hệ với người được khai sinh");

    // back goes one step; start over wipes everything personal
    press(&k, "Quay lại");
    assert_eq!(a.get_page(), Page::Choose);
    press(&k, "Làm lại từ đầu");
    assert_eq!(a.get_page(), Page::Welcome);
    assert_eq!(a.get_citizen_name(), "");
    assert_eq!(a.get_chosen_title(), "");
    assert_eq!(a.get_preview().size().width, 0);

    // idle timeout: a session left alone is wiped after 90 s of no touch
    press(&k, "Chạm để bắt đầu");
    type_scan(&k, MOTHER);
    assert_eq!(a.get_page(), Page::Choose);
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(60));
    assert_eq!(a.get_page(), Page::Choose, "not yet");
    i_slint_backend_testing::mock_elapsed_time(std::time::Duration::from_secs(31));
    assert_eq!(a.get_page(), Page::Welcome, "wiped after 90 s idle");
    assert_eq!(a.get_citizen_name(), "");
    assert_eq!(a.get_scan_error(), "");

    // no card: the ID number on the keypad finds the profile kept with consent …
    press(&k, "Chạm để bắt đầu");
    press(&k, "Không mang thẻ?");
    assert_eq!(a.get_page(), Page::Keypad);
    for d in "087088004321".chars() {
        press(&k, &d.to_string());
    }
    assert_eq!(a.get_typed_id(), "087088004321");
    press(&k, "Tiếp tục");
    assert_eq!(a.get_page(), Page::Keypad, "no profile for this number");
    assert!(a.get_keypad_error().contains("Không tìm thấy thông tin đã lưu"), "{}", a.get_keypad_error());
    snapshot(&k, "2-keypad-unknown-id");
    // "Xóa" clears; a 13th digit is not taken
    press(&k, "Xóa");
    assert_eq!(a.get_typed_id(), "");
    assert_eq!(a.get_keypad_error(), "");
    for d in "001190123456".chars() {
        press(&k, &d.to_string());
    }
    press(&k, "9");
    assert_eq!(a.get_typed_id(), "001190123456");
    press(&k, "Tiếp tục");
    assert_eq!(a.get_page(), Page::Choose, "{}", a.get_keypad_error());
    assert_eq!(a.get_citizen_name(), "Nguyễn Thị An");
    snapshot(&k, "3-choose-from-profile");
    press(&k, "Làm lại từ đầu");
    assert_eq!(a.get_typed_id(), "");
}
