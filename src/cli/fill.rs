//! `form-kiosk fill`: a form filled from card payloads and typed answers — shown, stored,
//! written out, printed; and the crash test's hook that confirms in a loop.

use super::{now, print_json, service, Access, Exit, FillArgs, Global, Outcome};
use crate::core::fill::{display_label, Filled, Input, Severity, Source};
use crate::core::template::FormTemplate;
use crate::core::validate::Row;
use crate::service::{date_of, CardSource, ScannedCard};
use crate::store::Actor;
use anyhow::{anyhow, bail, Context as _};
use serde_json::json;

fn parse_card_arg(s: &str) -> ScannedCard {
    if let Some((role, payload)) = s.split_once('=') {
        let looks_like_role = !role.is_empty() && role.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-');
        if looks_like_role {
            return ScannedCard::qr(Some(role), payload);
        }
    }
    ScannedCard::qr(None, s)
}

fn parse_set(t: &FormTemplate, s: &str) -> anyhow::Result<(String, Input)> {
    // never repeat the argument: without `=` it may be an answer typed in the wrong place
    let Some((id, value)) = s.split_once('=') else { bail!("--set: cần dạng MỤC=GIÁ_TRỊ (không có dấu =); xem `form-kiosk forms show`") };
    let id = id.trim().to_string();
    let is_table = t.field(&id).is_some_and(|f| f.kind == crate::core::template::FieldKind::Table);
    if is_table {
        // serde's message would quote the value: say where, not what
        let rows: Vec<Row> = serde_json::from_str(value).map_err(|e| {
            anyhow!(
                "--set {id}: bảng cần dạng JSON: một mảng các dòng, mỗi ô là chuỗi, ví dụ [{{\"full_name\": \"…\"}}] (lỗi {} ở ký tự {})",
                match e.classify() {
                    serde_json::error::Category::Data => "kiểu dữ liệu",
                    serde_json::error::Category::Eof => "thiếu phần cuối",
                    _ => "cú pháp",
                },
                e.column()
            )
        })?;
        Ok((id, Input::Rows(rows)))
    } else {
        Ok((id, Input::Text(value.to_string())))
    }
}

/// The answers of `fill --json`, in template order.
pub fn filled_json(t: &FormTemplate, f: &Filled) -> serde_json::Value {
    let answers: Vec<_> = t
        .fields
        .iter()
        .filter_map(|field| {
            let a = f.answers.get(&field.id)?;
            let role = match &a.source {
                Source::Card { role } | Source::Profile { role } | Source::NewUnits { role, .. } => Some(role.clone()),
                _ => None,
            };
            Some(json!({
                "id": field.id, "label": display_label(t, field), "kind": field.kind, "value": a.value,
                "source": a.source.key(), "card_role": role,
            }))
        })
        .collect();
    json!({
        "form": {"id": t.id, "version": t.version, "title": t.title, "procedure_code": t.procedure_code},
        "complete": f.is_complete(),
        "answers": answers,
        "missing": f.missing,
        "diagnostics": f.diagnostics,
    })
}

fn card_args(args: &FillArgs) -> Vec<ScannedCard> {
    let mut v: Vec<ScannedCard> = args.cards.iter().map(|c| parse_card_arg(c)).collect();
    for c in &args.card_ids {
        let sc = parse_card_arg(c);
        let role = sc.role.clone();
        let id = match sc.source {
            CardSource::Qr(p) | CardSource::StoredId(p) | CardSource::StoredIdWithBirth(p, _) => p,
        };
        v.push(ScannedCard { role, source: CardSource::StoredId(id) });
    }
    v
}

/// `--delivery`, `--post-address`, `--book`, `--home-visit`: the same steps as the kiosk's
/// screens after the review.
fn after_args(service: &crate::service::Service, session: &mut crate::service::Session, args: &FillArgs, now: chrono::NaiveDateTime) -> anyhow::Result<()> {
    use crate::core::after::{parse_clock, Booking, Delivery, Slot, Visit, Way};
    if let Some(w) = &args.delivery {
        let way = Way::parse(w).ok_or_else(|| anyhow!("--delivery: cần `desk`, `post` hoặc `electronic`"))?;
        service.set_delivery(session, Delivery { way, address: args.post_address.clone() })?;
    }
    if let Some(b) = &args.book {
        let (day, time) = b.split_once(' ').ok_or_else(|| anyhow!("--book: cần dạng `dd/mm/yyyy HH:MM`"))?;
        let day = crate::core::date::Date::parse_typed(day).ok_or_else(|| anyhow!("--book: ngày cần dạng dd/mm/yyyy"))?;
        let minute = parse_clock(time.trim()).ok_or_else(|| anyhow!("--book: giờ cần dạng HH:MM"))?;
        let visit = if args.home_visit.is_some() { Visit::Home } else { Visit::Desk };
        service.set_booking(session, Some(Booking { visit, slot: Slot { day, minute }, address: args.home_visit.clone() }), now)?;
    }
    Ok(())
}

pub fn run(g: &Global, args: &FillArgs) -> Outcome {
    if args.print && args.no_store {
        return Err(anyhow!("--print needs the dossier stored first: leave out --no-store").into());
    }
    let now = now(g)?;
    let needs_store = !args.no_store || !args.card_ids.is_empty();
    let mut service = service(g, if needs_store { Access::Write } else { Access::None })?;
    let t = service.form(&args.form)?.clone();
    let inputs = args.sets.iter().map(|s| parse_set(&t, s)).collect::<anyhow::Result<Vec<_>>>()?;
    let mut session = service.session(&args.form, &card_args(args), &inputs, now)?;
    after_args(&service, &mut session, args, now)?;
    let filled = service.filled(&session, date_of(now))?;
    let code = if filled.is_complete() && !args.no_store {
        let c = service.confirm(&session, args.consent, now)?;
        Some(c)
    } else {
        None
    };

    if args.out.is_some() || args.preview.is_some() {
        // laid out once, and only when needed: a stored dossier's printout is already made
        let doc = std::cell::OnceCell::new();
        let doc = || doc.get_or_init(|| service.document(&t, &filled.answers, code.as_ref().map(|c| c.code.as_str())));
        if let Some(path) = &args.out {
            let pdf = match &code {
                Some(c) if !c.pdf.is_empty() => std::borrow::Cow::Borrowed(&c.pdf),
                _ => std::borrow::Cow::Owned(crate::pdf::render(doc(), None)?),
            };
            std::fs::write(path, &*pdf).with_context(|| format!("cannot write {}", path.display()))?;
        }
        if let Some(path) = &args.preview {
            std::fs::write(path, crate::preview::png(doc(), 0, 110.0)).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let printed = match (&code, args.print) {
        (Some(c), true) => Some(service.print(&c.code, args.printer.as_deref(), Actor::Citizen, now)),
        _ => None,
    };
    // the form printed: its slip after it, as the kiosk does (a failure is said, the form stands)
    if let (Some(c), Some(Ok(_))) = (&code, &printed) {
        let slip = service.slip_job(&c.code, now).map_err(anyhow::Error::from).and_then(|mut job| {
            if args.printer.is_some() && service.config.receipt_printer.is_empty() {
                job.queue = args.printer.clone();
            }
            job.run().map_err(anyhow::Error::from)
        });
        if let Err(e) = slip {
            eprintln!("cảnh báo: phiếu hướng dẫn chưa in được: {e:#}");
        }
    }
    // the session's end: a kiosk of an office sends what it confirmed (offline: it waits for
    // the next sync, and says so only in the log)
    if code.is_some() {
        if let Err(e) = service.sync(now, false) {
            tracing::warn!("not sent to the office server yet: {e}");
        }
    }
    if args.json {
        let mut v = filled_json(&t, &filled);
        v["dossier_code"] = json!(code.as_ref().map(|c| &c.code));
        if let Some(p) = &printed {
            v["printed"] = match p {
                Ok((q, job)) => json!({"queue": q, "job": job}),
                Err(e) => json!({"error": e.to_string()}),
            };
        }
        v["profile_saved"] = json!(code.as_ref().is_some_and(|c| c.profile_saved));
        print_json(&v)?;
    } else {
        print_filled(&t, &filled);
        if let Some(c) = &code {
            println!("Mã hồ sơ: {}", c.code);
            if c.profile_saved {
                println!("Đã lưu thông tin thẻ để lần sau không phải nhập lại (có thể yêu cầu xóa bất cứ lúc nào).");
            }
        }
    }
    if !args.json {
        match &printed {
            Some(Ok((q, job))) => println!("Đã in trên máy in {q} (lệnh in {job})"),
            Some(Err(e)) => eprintln!("lỗi in: {e:#}"),
            None => {}
        }
    }
    Ok(if filled.has_errors() {
        Exit::BadInput
    } else if !filled.missing.is_empty() {
        Exit::Incomplete
    } else if matches!(printed, Some(Err(_))) {
        Exit::NotPrinted
    } else {
        Exit::Ok
    })
}

fn print_filled(t: &FormTemplate, filled: &Filled) {
    println!("{} ({} v{})", t.title, t.id, t.version);
    for field in &t.fields {
        if let Some(a) = filled.answers.get(&field.id) {
            println!("  {}: {}  [{}]", display_label(t, field), a.value.summary(), a.source.words());
        }
    }
    if !filled.missing.is_empty() {
        println!("Còn thiếu:");
        for m in &filled.missing {
            println!("  - {} ({})", m.label, m.id);
        }
    }
    for d in &filled.diagnostics {
        let tag = if d.severity == Severity::Error { "Lỗi" } else { "Lưu ý" };
        match &d.field {
            Some(f) => println!("{tag} ({f}): {}", d.message()),
            None => println!("{tag}: {}", d.message()),
        }
    }
}

/// Test hook for the crash test: confirm the same answers over and over, printing each
/// code only after its transaction committed.
pub fn confirm_loop(g: &Global, args: &FillArgs, count: u64) -> Outcome {
    use std::io::Write as _;
    let now = now(g)?;
    let mut service = service(g, Access::Write)?;
    let t = service.form(&args.form)?.clone();
    let inputs = args.sets.iter().map(|s| parse_set(&t, s)).collect::<anyhow::Result<Vec<_>>>()?;
    let mut session = service.session(&args.form, &card_args(args), &inputs, now)?;
    after_args(&service, &mut session, args, now)?;
    let mut out = std::io::stdout().lock();
    let mut n = 0;
    while count == 0 || n < count {
        let c = service.confirm(&session, false, now)?;
        writeln!(out, "{}", c.code)?;
        out.flush()?;
        n += 1;
    }
    // a kiosk of an office sends what it confirmed (offline: it waits for `sync`)
    if let Err(e) = service.sync(now, false) {
        tracing::warn!("not sent to the office server yet: {e}");
    }
    Ok(Exit::Ok)
}
