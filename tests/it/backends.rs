//! One store test suite, two backends: every case runs on a real SQLite file and on a real
//! PostgreSQL server (a database of its own on the throw-away cluster, `pg.rs`).

use crate::cli::kiosk;
use crate::pg;
use crate::support::{now, BIRTH, FATHER, MOTHER};
use form_kiosk::core::card::parse;
use form_kiosk::core::config::KioskConfig;
use form_kiosk::core::date::Date;
use form_kiosk::core::fill::Input;
use form_kiosk::forms_io;
use form_kiosk::service::{ScannedCard, Service};
use form_kiosk::store::{Actor, Backend, NewDossier, PgStore, PgTarget, Status, Store, StoreError};
use serde_json::json;
use std::path::PathBuf;

/// Where a case's data lives: a new SQLite file, or a new database on the shared server.
pub enum Db {
    /// The directory is kept until the case ends.
    Sqlite(#[allow(dead_code)] tempfile::TempDir, PathBuf),
    Pg(PgTarget),
}

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kiosk.db");
        Db::Sqlite(dir, p)
    }

    pub fn postgres() -> Db {
        Db::Pg(pg::shared().database())
    }

    /// A connection to it (another one each call, as another kiosk process would open).
    pub fn open(&self) -> Box<dyn Backend> {
        match self {
            Db::Sqlite(_, p) => Box::new(Store::open(p, None).unwrap()),
            Db::Pg(t) => Box::new(PgStore::open(t).unwrap()),
        }
    }

    pub fn service(&self) -> Service {
        let (forms, _) = forms_io::bundled();
        Service::new(forms, KioskConfig::default()).with_store(self.open(), now()).unwrap()
    }

    /// kiosk.toml's lines, and the command-line arguments, that point kiosk process `id` at
    /// it: the file itself, or the server with a file of the kiosk's own (in `dir`).
    pub fn kiosk_config(&self, id: &str, dir: &std::path::Path) -> (String, Vec<String>) {
        match self {
            Db::Sqlite(_, p) => (String::new(), vec!["--db".into(), p.display().to_string()]),
            Db::Pg(t) => (pg::config_lines(t), vec!["--db".into(), dir.join(format!("{id}.db")).display().to_string()]),
        }
    }

    /// The command that lists the office's dossiers: `dossier list` on the shared file, `desk
    /// list` on the server.
    pub fn list_command(&self) -> &'static str {
        match self {
            Db::Sqlite(..) => "dossier",
            Db::Pg(_) => "desk",
        }
    }

    /// Whether `needle` is still written anywhere in the stored data: the SQLite file and its
    /// log, or the server's table and index files.
    pub fn holds(&self, needle: &str) -> bool {
        match self {
            Db::Sqlite(_, p) => {
                let mut bytes = std::fs::read(p).unwrap();
                if let Ok(wal) = std::fs::read(p.with_extension("db-wal")) {
                    bytes.extend(wal);
                }
                bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            }
            Db::Pg(t) => pg::shared().files_hold(t, needle),
        }
    }

    /// The server gathers its planner statistics now (as its autovacuum does, at its times).
    pub fn analyze(&self) {
        if let Db::Pg(t) = self {
            pg::shared().admin_on(pg::db_name(t), "ANALYZE");
        }
    }

    /// The column names of a table.
    pub fn columns(&self, table: &str) -> Vec<String> {
        match self {
            Db::Sqlite(_, p) => {
                let s = Store::open(p, None).unwrap();
                let mut st = s.connection().prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).unwrap();
                let names = st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
                names
            }
            Db::Pg(t) => {
                let out = pg::shared().admin_on(pg::db_name(t), &format!("SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'"));
                out.lines().map(String::from).collect()
            }
        }
    }
}

/// Each case as a test on each backend.
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $case() { super::$case(&super::Db::sqlite()) } )*
        }
        mod postgres {
            $( #[test] fn $case() { super::$case(&super::Db::postgres()) } )*
        }
    };
}

on_both_backends!(
    codes_follow_circular_01_2018_per_agency_per_day,
    numbers_are_never_reused_after_purge,
    retention_runs_once_a_day,
    status_changes_and_audit_without_personal_data,
    profiles_only_with_consent_and_never_ethnicity,
    returning_citizen_types_only_the_id_number,
    forget_erases_profile_and_dossier_data_keeps_audit,
    retention_purges_unused_profiles_and_old_dossiers,
    bookings_and_post_addresses_go_with_the_citizen,
    the_kiosk_is_recorded_with_its_dossiers_and_audit,
    ratings_are_counts_only,
);

fn answers() -> serde_json::Value {
    json!({"child_name": {"value": "Trần Bảo Ngọc", "source": {"type": "typed"}}})
}

fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

fn new<'a>(agency: &'a str, answers: &'a serde_json::Value, people: &'a [String]) -> NewDossier<'a> {
    NewDossier { agency_code: agency, form_id: "khai-sinh", form_version: 1, answers, people, after: None }
}

fn codes_follow_circular_01_2018_per_agency_per_day(db: &Db) {
    let mut s = db.open();
    let a = answers();
    let c1 = s.confirm(&new("000.00.17.H17", &a, &[]), at(27, 9)).unwrap();
    let c2 = s.confirm(&new("000.00.17.H17", &a, &[]), at(27, 10)).unwrap();
    let other = s.confirm(&new("000.00.18.H18", &a, &[]), at(27, 10)).unwrap();
    let next_day = s.confirm(&new("000.00.17.H17", &a, &[]), at(28, 8)).unwrap();
    assert_eq!(c1, "000.00.17.H17-261127-0001");
    assert_eq!(c2, "000.00.17.H17-261127-0002");
    assert_eq!(other, "000.00.18.H18-261127-0001");
    assert_eq!(next_day, "000.00.17.H17-261128-0001");
    let d = s.dossier(&c1).unwrap();
    assert_eq!(d.status, Status::Confirmed);
    assert_eq!(d.answers, Some(answers()));
    assert_eq!((d.created_at.as_str(), d.confirmed_at.as_deref()), ("2026-11-27 09:00:00", Some("2026-11-27 09:00:00")));
    assert_eq!(s.dossiers(Some("261127")).unwrap().iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), [other.as_str(), &c2, &c1]);
    assert_eq!(s.counts_by_form("261127").unwrap(), vec![("khai-sinh".to_string(), 3)]);
    assert!(matches!(s.dossier("A-261127-0009"), Err(StoreError::NotFound(_))));
}

fn numbers_are_never_reused_after_purge(db: &Db) {
    let mut s = db.open();
    let a = answers();
    s.confirm(&new("A", &a, &[]), at(1, 9)).unwrap();
    s.confirm(&new("A", &a, &[]), at(1, 9)).unwrap();
    let r = s.purge(at(27, 9), 365, 10).unwrap();
    assert_eq!(r.dossiers, 2);
    assert!(s.dossiers(None).unwrap().is_empty());
    // the same day's numbering goes on from 3
    assert_eq!(s.confirm(&new("A", &a, &[]), at(1, 10)).unwrap(), "A-261101-0003");
}

/// Retention runs once a day, shared by every process on the store: the first start of a day
/// purges, the later ones read one row; the next day it runs again and erases what is due.
fn retention_runs_once_a_day(db: &Db) {
    let mut s = db.open();
    assert_eq!(s.last_purge_day().unwrap(), None);
    let a = answers();
    s.confirm(&new("A", &a, &[]), at(1, 9)).unwrap();
    assert_eq!(s.purge_if_due(at(10, 8), 365, 10).unwrap().map(|r| r.dossiers), Some(0));
    assert_eq!(s.last_purge_day().unwrap().as_deref(), Some("2026-11-10"));
    // later that day, from another connection too: not due
    assert_eq!(s.purge_if_due(at(10, 20), 365, 10).unwrap(), None);
    let mut other = db.open();
    assert_eq!(other.purge_if_due(at(10, 21), 365, 10).unwrap(), None);
    assert_eq!(s.dossiers(None).unwrap().len(), 1);
    // the next day it runs and erases the dossier past its ten days
    assert_eq!(other.purge_if_due(at(11, 10), 365, 10).unwrap().map(|r| r.dossiers), Some(1));
    assert!(s.dossiers(None).unwrap().is_empty());
    // `purge` asked for runs whatever the day; a number of days beyond the calendar keeps all
    s.confirm(&new("A", &a, &[]), at(1, 7)).unwrap();
    assert_eq!(s.purge(at(11, 8), u32::MAX, u32::MAX).unwrap().dossiers, 0);
    assert_eq!(s.purge(at(11, 8), 365, 10).unwrap().dossiers, 1);
}

fn status_changes_and_audit_without_personal_data(db: &Db) {
    let mut s = db.open();
    let ids = vec!["001190123456".to_string()];
    let a = answers();
    let c = s.confirm(&new("A", &a, &ids), now()).unwrap();
    s.mark_print_failed(&c, Actor::System, now()).unwrap();
    s.mark_printed(&c, Actor::Staff, now()).unwrap();
    s.mark_printed(&c, Actor::Staff, now()).unwrap(); // reprint
    let d = s.dossier(&c).unwrap();
    assert_eq!(d.status, Status::Printed);
    assert_eq!(d.print_attempts, 3);
    assert!(d.printed_at.is_some());
    s.mark_handed_over(&c, now()).unwrap();
    let e = s.mark_printed(&c, Actor::Staff, now()).unwrap_err();
    assert!(matches!(e, StoreError::BadTransition { .. }), "{e}");
    assert!(matches!(s.mark_printed("nope", Actor::Staff, now()), Err(StoreError::NotFound(_))));
    s.record("staff_login", Actor::Staff, None, now()).unwrap();
    let log = s.audit_log(100).unwrap();
    let actions: Vec<_> = log.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["confirm", "print_failed", "printed", "printed", "handed_over", "staff_login"]);
    assert_eq!(log.last().unwrap().actor, "citizen");
    // the whole audit table, every column: no personal data
    let dump = format!("{log:?}");
    for secret in ["001190123456", "Trần", "Ngọc"] {
        assert!(!dump.contains(secret), "{dump}");
    }
}

fn profiles_only_with_consent_and_never_ethnicity(db: &Db) {
    let mut s = db.open();
    let cols = db.columns("profiles");
    assert!(cols.contains(&"consent_at".to_string()) && cols.contains(&"consent_notice".to_string()), "{cols:?}");
    for banned in ["ethnicity", "religion", "dan_toc", "ton_giao"] {
        assert!(!cols.iter().any(|c| c.contains(banned)), "{cols:?}");
    }
    let card = parse(MOTHER, crate::support::today()).unwrap();
    // a scan refreshes only an existing profile; it never creates one
    assert!(!s.refresh_profile(&card, now()).unwrap());
    assert!(s.profile(&card.id_number).unwrap().is_none());
    s.save_profile(&card, "v1", now()).unwrap();
    let got = s.profile(&card.id_number).unwrap().unwrap();
    assert_eq!(got.card, card);
    assert_eq!((got.consent_notice.as_str(), got.consent_at.as_str()), ("v1", "2026-11-27 09:30:00"));
    // the card is the source of truth: a newer scan updates the profile
    let moved = parse(&MOTHER.replace("Khóm 1, Phường Hồng Ngự", "Khóm 9, Phường An Bình"), crate::support::today()).unwrap();
    assert!(s.refresh_profile(&moved, at(28, 9)).unwrap());
    assert_eq!(s.profile(&card.id_number).unwrap().unwrap().card.residence, "Khóm 9, Phường An Bình, Tỉnh Đồng Tháp");
    assert_eq!(s.use_profile(&card.id_number, at(29, 9)).unwrap().unwrap().card.id_number, card.id_number);
    assert_eq!(s.profile(&card.id_number).unwrap().unwrap().last_used_at, "2026-11-29 09:00:00");
}

fn birth_inputs() -> Vec<(String, Input)> {
    BIRTH.iter().map(|(k, v)| (k.to_string(), Input::Text(v.to_string()))).collect()
}

fn returning_citizen_types_only_the_id_number(db: &Db) {
    let mut svc = db.service();
    let cards = [ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("mother"), MOTHER), ScannedCard::qr(Some("father"), FATHER)];
    let s = svc.session("khai-sinh", &cards, &birth_inputs(), now()).unwrap();
    let without = svc.confirm(&s, false, now()).unwrap();
    assert!(!without.profile_saved);
    assert!(svc.store().unwrap().profile("001190123456").unwrap().is_none());
    let with = svc.confirm(&s, true, now()).unwrap();
    assert!(with.profile_saved);
    assert_eq!(svc.store().unwrap().pdf(&with.code).unwrap(), Some(with.pdf.clone()), "the printout is kept with the dossier");
    // next visit: no card, the ID number typed on the keypad
    let f = svc.fill("khai-sinh", &[ScannedCard::stored(None, "0011 9012 3456")], &[], at(28, 9)).unwrap();
    assert_eq!(f.text("requester_name"), Some("Nguyễn Thị An"));
    assert_eq!(f.answers["requester_name"].source, form_kiosk::core::fill::Source::Profile { role: "requester".into() });
    let e = svc.fill("khai-sinh", &[ScannedCard::stored(None, "087088004321")], &[], now()).unwrap_err();
    assert!(e.to_string().contains("Không tìm thấy thông tin đã lưu"), "{e}");
    let e = svc.fill("khai-sinh", &[ScannedCard::stored(None, "123")], &[], now()).unwrap_err();
    assert!(e.to_string().contains("12 chữ số"), "{e}");
    // on the kiosk's keypad the number alone opens nothing: the date of birth must agree, and
    // a wrong date gets the same words as an unknown number
    let birth = |d, m, y| Date::new(d, m, y).unwrap();
    let unknown = svc.fill("khai-sinh", &[ScannedCard::stored_with_birth(None, "087088004321", birth(1, 1, 1990))], &[], now()).unwrap_err();
    let wrong = svc.fill("khai-sinh", &[ScannedCard::stored_with_birth(None, "001190123456", birth(2, 1, 1990))], &[], now()).unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    let f = svc.fill("khai-sinh", &[ScannedCard::stored_with_birth(None, "001190123456", birth(1, 1, 1990))], &[], now()).unwrap();
    assert_eq!(f.text("requester_name"), Some("Nguyễn Thị An"));
    // every look-up is in the audit log, by whom, and without the number
    let log = svc.store().unwrap().audit_log(50).unwrap();
    let count = |action: &str, actor: &str| log.iter().filter(|e| e.action == action && e.actor == actor).count();
    assert_eq!(count("profile_lookup_refused", "citizen"), 2);
    assert_eq!(count("profile_lookup", "citizen"), 1);
    assert_eq!(count("profile_lookup", "staff"), 1);
    assert_eq!(count("profile_lookup_refused", "staff"), 1, "the unknown number; the bad one is refused before the store");
    assert!(log.iter().all(|e| !format!("{e:?}").contains("001190123456") && !format!("{e:?}").contains("087088004321")));
}

fn forget_erases_profile_and_dossier_data_keeps_audit(db: &Db) {
    let mut svc = db.service();
    let cards = [ScannedCard::qr(None, MOTHER), ScannedCard::qr(Some("mother"), MOTHER), ScannedCard::qr(Some("father"), FATHER)];
    let s = svc.session("khai-sinh", &cards, &birth_inputs(), now()).unwrap();
    let c = svc.confirm(&s, true, now()).unwrap().code;
    // what a server's planner statistics would sample is not kept there either
    db.analyze();
    // (a server may keep the answers compressed: the ID numbers and the profile's name are kept
    // as they are, and show that the check below can fail)
    assert!(db.holds("087088004321") && db.holds("Nguyễn Thị An"), "stored before the erasure");
    // the father asks to be forgotten: the dossier holds his data too
    let r = svc.store().unwrap().forget_citizen("087088004321", Actor::Staff, now()).unwrap();
    assert_eq!((r.profile, r.dossiers, r.codes.clone(), r.wal_wiped), (false, 1, vec![c.clone()], true));
    let d = svc.store().unwrap().dossier(&c).unwrap();
    assert!(d.answers.is_none() && d.erased_at.is_some());
    assert!(matches!(svc.store().unwrap().mark_printed(&c, Actor::Staff, now()), Err(StoreError::Erased(_))));
    assert!(matches!(svc.store().unwrap().pdf(&c), Err(StoreError::Erased(_))));
    let r = svc.store().unwrap().forget_citizen("001190123456", Actor::Staff, now()).unwrap();
    assert_eq!((r.profile, r.dossiers), (true, 0));
    let log = svc.store().unwrap().audit_log(100).unwrap();
    assert!(log.iter().any(|e| e.action == "erased_on_request" && e.dossier_code.as_deref() == Some(&c)));
    assert!(log.iter().any(|e| e.action == "confirm" && e.dossier_code.as_deref() == Some(&c)));
    // the desk can still mark the paper received
    svc.store().unwrap().mark_handed_over(&c, now()).unwrap();
    // no trace of the data left in what is stored: answers, printout, profile, ID numbers
    for secret in ["Trần Bảo Ngọc", "Nguyễn Thị An", "087088004321", "001190123456"] {
        assert!(!db.holds(secret), "{secret} stays in the stored data");
    }
}

fn retention_purges_unused_profiles_and_old_dossiers(db: &Db) {
    let mut s = db.open();
    let card = parse(MOTHER, crate::support::today()).unwrap();
    let old = parse(FATHER, crate::support::today()).unwrap();
    s.save_profile(&card, "v1", at(20, 9)).unwrap();
    s.save_profile(&old, "v1", at(1, 9)).unwrap();
    let a = answers();
    s.confirm(&new("A", &a, &[]), at(1, 9)).unwrap();
    let keep = s.confirm(&new("A", &a, &[]), at(20, 9)).unwrap();
    let r = s.purge(at(27, 9), 10, 10).unwrap();
    assert_eq!((r.profiles, r.dossiers), (1, 1));
    assert!(s.profile(&card.id_number).unwrap().is_some());
    assert!(s.profile(&old.id_number).unwrap().is_none());
    assert_eq!(s.dossiers(None).unwrap().iter().map(|d| d.code.clone()).collect::<Vec<_>>(), vec![keep]);
    assert!(s.audit_log(10).unwrap().iter().any(|e| e.action == "purge"));
}

/// A dossier's delivery address and booked time are personal: erasing the citizen erases
/// them (the booking's place is free again), and retention takes bookings with their
/// dossiers. Nothing of them stays in the stored data.
fn bookings_and_post_addresses_go_with_the_citizen(db: &Db) {
    use form_kiosk::core::after::{Booking, Delivery, Slot, Visit, Way};
    use form_kiosk::store::After;
    let mut s = db.open();
    let ids = vec!["001190123456".to_string()];
    let home = "Số 9 đường Gạo Lứt, Phường Hồng Ngự, Tỉnh Đồng Tháp";
    let delivery = Delivery { way: Way::Post, address: Some(home.into()) };
    let slot = Slot { day: Date::new(30, 11, 2026).unwrap(), minute: 14 * 60 };
    let booking = Booking { visit: Visit::Home, slot, address: Some(home.into()) };
    let after = After { delivery: &delivery, due: Date::new(30, 11, 2026), booking: Some((&booking, 1)) };
    let a = answers();
    let with_after = NewDossier { after: Some(after), ..new("A", &a, &ids) };
    let code = s.confirm(&with_after, now()).unwrap();
    assert_eq!(s.dossier(&code).unwrap().delivery, Some(delivery.clone()));
    assert_eq!(s.dossier(&code).unwrap().due_day.as_deref(), Some("2026-11-30"));
    assert_eq!(s.booking(&code).unwrap(), Some(booking.clone()));
    assert_eq!(s.taken(Visit::Home, slot).unwrap(), 1);
    let rows = s.bookings(slot.day, slot.day).unwrap();
    assert_eq!((rows.len(), rows[0].day.as_str(), rows[0].time.as_str(), rows[0].cancelled), (1, "30/11/2026", "14:00", false));
    // the slot holds one: another dossier for it is refused, nothing of it stored
    let other = NewDossier { people: &[], ..with_after };
    assert!(matches!(s.confirm(&other, now()), Err(StoreError::SlotFull)));
    assert_eq!(s.dossiers(None).unwrap().len(), 1);
    assert!(db.holds("Gạo Lứt"), "the check below can fail: the address is stored first");
    s.forget_citizen("001190123456", Actor::Staff, now()).unwrap();
    assert_eq!(s.booking(&code).unwrap(), None);
    assert_eq!(s.dossier(&code).unwrap().delivery, None);
    assert_eq!(s.taken(Visit::Home, slot).unwrap(), 0);
    drop(s);
    assert!(!db.holds("Gạo Lứt"), "the address stays in the stored data");
    // staff cancel a booking: the place is free again; retention takes bookings with dossiers
    let mut s = db.open();
    let b2 = Booking { visit: Visit::Desk, slot, address: None };
    let after = After { delivery: &delivery, due: None, booking: Some((&b2, 3)) };
    let code = s.confirm(&NewDossier { after: Some(after), people: &[], ..with_after }, at(1, 9)).unwrap();
    let kept = s.confirm(&NewDossier { after: Some(after), people: &[], ..with_after }, at(1, 9)).unwrap();
    assert_eq!(s.taken(Visit::Desk, slot).unwrap(), 2);
    assert!(s.cancel_booking(&kept, now()).unwrap());
    assert!(!s.cancel_booking(&kept, now()).unwrap(), "cancelled once");
    assert_eq!(s.taken(Visit::Desk, slot).unwrap(), 1);
    assert!(s.bookings(slot.day, slot.day).unwrap().iter().any(|b| b.code == kept && b.cancelled));
    assert!(s.booking(&code).unwrap().is_some());
    s.purge(at(27, 9), 365, 5).unwrap();
    assert_eq!(s.taken(Visit::Desk, slot).unwrap(), 0);
    assert!(s.bookings(slot.day, slot.day).unwrap().is_empty());
}

/// Ratings are counts per day and procedure, nothing that could be linked to a person.
fn ratings_are_counts_only(db: &Db) {
    use form_kiosk::core::after::Rating;
    let mut s = db.open();
    for r in [Rating::VerySatisfied, Rating::VerySatisfied, Rating::Unsatisfied] {
        s.rate("khai-sinh", r, now()).unwrap();
    }
    s.rate("khai-tu", Rating::Satisfied, at(28, 9)).unwrap();
    let day = Date::new(27, 11, 2026).unwrap();
    let got: Vec<(String, String, Rating, u32)> = s.ratings(day, day).unwrap().into_iter().map(|r| (r.day, r.form_id, r.rating, r.count)).collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.contains(&("27/11/2026".into(), "khai-sinh".into(), Rating::VerySatisfied, 2)));
    assert!(got.contains(&("27/11/2026".into(), "khai-sinh".into(), Rating::Unsatisfied, 1)));
    assert_eq!(s.ratings(day, Date::new(28, 11, 2026).unwrap()).unwrap().len(), 3);
    drop(s);
    let mut cols = db.columns("ratings");
    cols.sort();
    assert_eq!(cols, ["day", "form_id", "n", "rating"]);
}

/// Each kiosk's id (`kiosk_id` in kiosk.toml) is recorded with the dossiers it confirms and
/// the audit entries it writes; two kiosks on one store are told apart, and counted apart.
fn the_kiosk_is_recorded_with_its_dossiers_and_audit(db: &Db) {
    let dir = tempfile::tempdir().unwrap();
    for id in ["kiosk-1", "kiosk-2"] {
        let (lines, args) = db.kiosk_config(id, dir.path());
        let cfg = dir.path().join(format!("{id}.toml"));
        std::fs::write(&cfg, format!("kiosk_id = \"{id}\"\n{lines}")).unwrap();
        kiosk().arg("--config").arg(&cfg).args(&args).args(crate::support::birth_fill_args()).assert().success();
    }
    let s = db.open();
    let mut by: Vec<(String, Option<String>)> = s.dossiers(None).unwrap().into_iter().map(|d| (d.code, d.kiosk_id)).collect();
    by.sort();
    assert_eq!(by.iter().map(|(_, k)| k.as_deref()).collect::<Vec<_>>(), [Some("kiosk-1"), Some("kiosk-2")], "{by:?}");
    let confirms: Vec<Option<String>> = s.audit_log(10).unwrap().into_iter().filter(|a| a.action == "confirm").map(|a| a.kiosk_id).collect();
    assert_eq!(confirms.len(), 2);
    assert!(confirms.contains(&Some("kiosk-1".into())) && confirms.contains(&Some("kiosk-2".into())), "{confirms:?}");
    assert_eq!(s.counts_by_kiosk("261127").unwrap(), [("kiosk-1".to_string(), 1), ("kiosk-2".to_string(), 1)]);
    let cfg = dir.path().join("kiosk-1.toml");
    let (_, args) = db.kiosk_config("kiosk-1", dir.path());
    let listed = String::from_utf8(kiosk().arg("--config").arg(&cfg).args(&args).args([db.list_command(), "list"]).output().unwrap().stdout).unwrap();
    assert!(listed.contains("kiosk-1") && listed.contains("kiosk-2"), "{listed}");
}

/// Four kiosk processes confirming at once against one server: every code is different,
/// every confirmation is on the server, and each kiosk's own are marked with its id.
#[test]
fn four_kiosks_confirm_at_once_on_one_server() {
    use std::io::Read as _;
    let target = pg::shared().database();
    let dir = tempfile::tempdir().unwrap();
    let children: Vec<_> = (1..=4)
        .map(|k| {
            let cfg = dir.path().join(format!("kiosk-{k}.toml"));
            std::fs::write(&cfg, format!("kiosk_id = \"kiosk-{k}\"\n{}", pg::config_lines(&target))).unwrap();
            let db = dir.path().join(format!("kiosk-{k}.db"));
            crate::crash::confirm_loop_with(&["--config", cfg.to_str().unwrap(), "--db", db.to_str().unwrap()], 30)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut codes = std::collections::BTreeSet::new();
    for mut c in children {
        let (mut out, mut err) = (String::new(), String::new());
        c.stdout.take().unwrap().read_to_string(&mut out).unwrap();
        c.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        assert!(c.wait().unwrap().success(), "a kiosk failed: {err}");
        codes.extend(out.lines().map(String::from));
    }
    assert_eq!(codes.len(), 120, "every confirmation has its own code");
    let s = PgStore::open(&target).unwrap();
    let stored: std::collections::BTreeSet<String> = s.dossiers(None).unwrap().into_iter().map(|d| d.code).collect();
    assert_eq!(stored, codes, "what each kiosk printed is what the server holds");
    assert_eq!(s.counts_by_kiosk("261127").unwrap().iter().map(|(_, n)| n).sum::<u32>(), 120);
    assert_eq!(s.counts_by_kiosk("261127").unwrap().len(), 4);
}
