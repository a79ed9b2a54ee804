//! The layout of a template without a `[print]` sheet: section by section, short fields
//! packed two to a line, the two-column marriage layout, the ID grid. (Every bundled form has
//! a sheet, `lines.rs`; this is for templates an office writes without one.)

use super::*;
use crate::core::template::Section;

pub(super) fn layout_sections(input: &PrintInput, m: &dyn Measure) -> Document {
    let t = input.template;
    let a = input.answers;
    let mut fl = Flow { m, pages: vec![Page::default()], y: MARGIN_TOP, scratch: false, sign_gap: lines::SIGN_GAP, run: None };

    // form code, top right (CT01)
    if let Some(code) = &t.form_code {
        fl.y += 9.0 * PT;
        let w = m.width(Face::Bold, 10.0, code);
        fl.text(X1 - w, Face::Bold, 10.0, code);
        fl.y += 4.0;
        let basis = format!("(Ban hành kèm theo {})", t.legal_basis);
        let w = m.width(Face::Italic, 9.0, &basis);
        fl.text(X1 - w, Face::Italic, 9.0, &basis);
        fl.y += 3.0;
    }
    heading(&mut fl, t);

    // Kính gửi
    if let Some(f) = t.field(ADDRESSEE) {
        let v = answer_text(a, ADDRESSEE).unwrap_or_default();
        let lbl = format!("{}: ", text::capitalize_first(&f.label));
        let lw = m.width(Face::Regular, BODY, &lbl);
        let vw = if v.is_empty() { 80.0 } else { m.width(Face::Bold, BODY, &v) };
        let x = X0 + ((TEXT_W - lw - vw) / 2.0).max(0.0);
        fl.text(x, Face::Regular, BODY, &lbl);
        if v.is_empty() {
            fl.dots(x + lw, x + lw + vw);
        } else {
            fl.spans(&[span(Face::Bold, v)], x + lw, X0, X1, BODY);
        }
        fl.y += LINE * 1.4;
    }

    for s in &t.sections {
        let visible: Vec<&Field> = s
            .fields
            .iter()
            .filter_map(|id| t.field(id))
            .filter(|f| ![ADDRESSEE, MADE_AT, MADE_ON].contains(&f.id.as_str()))
            .filter(|f| shown(t, f, a) && !not_needed(f, a))
            .collect();
        if visible.is_empty() {
            continue;
        }
        if let Some(title) = &s.title {
            fl.need(LINE);
            fl.spans(&[span(Face::Bold, title.clone())], X0, X0, X1, BODY);
            fl.y += LINE;
        }
        if let Some(intro) = &s.intro {
            fl.need(LINE);
            fl.spans(&[span(Face::Regular, intro.clone())], X0, X0, X1, BODY);
            fl.y += LINE;
        }
        if !s.columns.is_empty() {
            two_columns(&mut fl, t, s, a);
            continue;
        }
        let mut i = 0;
        while i < visible.len() {
            let f = visible[i];
            // short neighbours share a line: three in thirds, or two in halves
            let mut packed = false;
            for per in [3usize, 2] {
                if i + per > visible.len() || !visible[i..i + per].iter().all(|g| packable(g)) {
                    continue;
                }
                let col = TEXT_W / per as f32;
                if visible[i..i + per].iter().all(|g| field_width(m, g, a) < col - 3.0) {
                    fl.need(LINE);
                    for (k, g) in visible[i..i + per].iter().enumerate() {
                        let x = X0 + col * k as f32;
                        field_line(&mut fl, g, a, x, if k + 1 == per { X1 } else { x + col - 3.0 });
                    }
                    fl.y += LINE;
                    i += per;
                    packed = true;
                    break;
                }
            }
            if packed {
                continue;
            }
            fl.need(LINE);
            match f.kind {
                FieldKind::Table => table(&mut fl, f, a, true),
                _ if f.id_grid => id_grid(&mut fl, f, a),
                _ => {
                    field_line(&mut fl, f, a, X0, X1);
                    fl.y += LINE;
                }
            }
            i += 1;
        }
    }

    // declaration, place and date, signatures
    if let Some(d) = &t.declaration {
        fl.y += 1.0;
        let lines = wrap_words(m, Face::Regular, BODY, d, TEXT_W - 10.0).len() as f32;
        fl.need(LINE * lines);
        fl.spans(&[span(Face::Regular, d.clone())], X0 + 10.0, X0, X1, BODY);
        fl.y += LINE;
    }
    let sig_h = LINE * 2.0 + 26.0;
    fl.need(LINE + sig_h);
    fl.y += 2.0;
    let right = X0 + TEXT_W / 2.0;
    let place = answer_text(a, MADE_AT).unwrap_or_default();
    let date = answer_text(a, MADE_ON).and_then(|d| Date::parse_typed(&d));
    let place_line = match (place.is_empty(), date) {
        (false, Some(d)) => format!("{place}, {}", date_line(d)),
        (true, Some(d)) => format!("……, {}", date_line(d)),
        (false, None) => format!("{place}, ngày …… tháng …… năm ……"),
        (true, None) => "……, ngày …… tháng …… năm ……".to_string(),
    };
    fl.centred(right, TEXT_W / 2.0, Face::Italic, BODY, &place_line);
    fl.y += LINE;
    let n = t.signatures.len().max(1);
    let col_w = TEXT_W / n.max(2) as f32;
    let y_top = fl.y;
    for (k, sg) in t.signatures.iter().enumerate() {
        let x = if n == 1 { right } else { X0 + col_w * k as f32 };
        fl.y = y_top;
        fl.centred(x, col_w, Face::Bold, BODY, &sg.title);
        fl.y += LINE;
        fl.centred(x, col_w, Face::Italic, 11.0, "(Ký, ghi rõ họ, chữ đệm, tên)");
        fl.y += 24.0;
        if let Some(name) = sg.name_field.as_deref().and_then(|id| answer_text(a, id)) {
            fl.centred(x, col_w, Face::Bold, BODY, &name);
        }
    }
    fl.y += LINE;
    finish(fl, input.codes, t)
}

/// Left off (templates without a `[print]` sheet): not needed (`fill::not_needed`) and not
/// answered anyway.
fn not_needed(f: &Field, a: &BTreeMap<String, Answer>) -> bool {
    crate::core::fill::not_needed(f, a) && a.get(&f.id).is_none_or(|x| x.value.is_empty())
}

/// Labels print in the official wording, first letter capitalised; the section (or the
/// column of a two-column section) says whose they are.
pub(super) fn label_of(f: &Field) -> String {
    text::capitalize_first(&f.label)
}

/// Short fields can share a line with their neighbour.
fn packable(f: &Field) -> bool {
    !matches!(f.kind, FieldKind::Table | FieldKind::LongText | FieldKind::Address) && !f.id_grid && f.in_words_of.is_none()
}

fn shown(t: &FormTemplate, f: &Field, a: &BTreeMap<String, Answer>) -> bool {
    crate::core::fill::is_visible(t, f, a)
}

fn field_width(m: &dyn Measure, f: &Field, a: &BTreeMap<String, Answer>) -> f32 {
    let l = m.width(Face::Regular, BODY, &format!("{}: ", label_of(f)));
    match answer_text(a, &f.id) {
        Some(v) => l + m.width(Face::Bold, BODY, &printed(f, &v)),
        None => l + 25.0,
    }
}

/// "Label: value" from `x`, wrapping before `x_right`; an empty value gets a dotted leader
/// to `x_right` so it can be written by hand.
fn field_line(fl: &mut Flow, f: &Field, a: &BTreeMap<String, Answer>, x: f32, x_right: f32) {
    let label = format!("{}: ", label_of(f));
    match answer_text(a, &f.id) {
        Some(v) if !v.is_empty() => {
            let lines: Vec<&str> = v.split('\n').collect();
            let mut first = vec![span(Face::Regular, label), span(Face::Bold, printed(f, lines[0]))];
            fl.spans(&std::mem::take(&mut first), x, x, x_right, BODY);
            for l in &lines[1..] {
                fl.y += LINE;
                fl.need(0.0);
                fl.spans(&[span(Face::Bold, l.to_string())], x, x, x_right, BODY);
            }
        }
        _ => {
            let end = fl.spans(&[span(Face::Regular, label)], x, x, x_right, BODY);
            fl.dots(end, x_right);
            // room to write a long answer by hand, where one is expected
            if f.required && matches!(f.kind, FieldKind::LongText | FieldKind::Address) {
                fl.y += LINE;
                fl.need(0.0);
                fl.dots(x, x_right);
            }
        }
    }
}

/// The 12-box grid of a personal ID number (CT01).
fn id_grid(fl: &mut Flow, f: &Field, a: &BTreeMap<String, Answer>) {
    let label = format!("{}: ", label_of(f));
    let end = fl.spans(&[span(Face::Regular, label)], X0, X0, X1, BODY);
    let (bw, bh) = (6.0, 6.5);
    let mut x = end + 1.0;
    if x + 12.0 * bw > X1 {
        fl.y += LINE + 1.0;
        x = X0;
    }
    let v = answer_text(a, &f.id).unwrap_or_default();
    let digits: Vec<char> = v.chars().collect();
    let top = fl.y - bh + 1.6;
    for k in 0..12 {
        let bx = x + k as f32 * bw;
        fl.page().items.push(Item::Rect { x: bx, y: top, w: bw, h: bh });
        if let Some(d) = digits.get(k) {
            let s = d.to_string();
            let w = fl.m.width(Face::Bold, BODY, &s);
            fl.glyph(bx + (bw - w) / 2.0, Face::Bold, BODY, &s);
        }
    }
    fl.y += LINE + 1.0;
}

/// Column weights for table widths by kind.
pub(super) fn weight(k: FieldKind) -> f32 {
    match k {
        FieldKind::Name => 3.2,
        FieldKind::Date => 1.8,
        FieldKind::Gender => 1.1,
        FieldKind::IdNumber => 2.4,
        _ => 2.2,
    }
}

fn two_columns(fl: &mut Flow, t: &FormTemplate, s: &Section, a: &BTreeMap<String, Answer>) {
    let n = s.columns.len();
    let per = s.fields.len() / n.max(1);
    let label_w = 48.0;
    let col_w = (TEXT_W - label_w) / n as f32;
    let mut widths = vec![label_w];
    widths.extend(std::iter::repeat_n(col_w, n));
    let size = 12.0;
    let mut header = vec![span(Face::Bold, "")];
    header.extend(s.columns.iter().map(|r| span(Face::Bold, t.role(r).map(|x| text::upper(&x.label)).unwrap_or_default())));
    fl.y -= LINE - 1.0;
    grid(fl, &widths, &[header], size, true);
    let mut rows = Vec::new();
    for k in 0..per {
        let first = t.field(&s.fields[k]);
        let Some(first) = first else { continue };
        let mut row = vec![span(Face::Regular, text::capitalize_first(&first.label))];
        for c in 0..n {
            let f = s.fields.get(c * per + k).and_then(|id| t.field(id));
            let v = f.and_then(|f| answer_text(a, &f.id).map(|v| printed(f, &v))).unwrap_or_default();
            row.push(span(Face::Bold, v));
        }
        rows.push(row);
    }
    grid(fl, &widths, &rows, size, false);
    fl.y += LINE;
}
