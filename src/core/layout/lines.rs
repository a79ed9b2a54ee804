//! Laying out a form written as its annex, line for line (`core::sheet`): every line of
//! the official form is printed, in order, with its words, markers and checkboxes; an
//! answer goes where the form leaves its blank, and a blank with no answer is a dotted
//! leader to write on by hand. Nothing of the annex is left off the page.

use super::*;
use crate::core::sheet::{Align, Block, Line, Mode, Seg, Sheet};

/// Smaller type for the notes ("Chú thích") and the header.
const NOTE: f32 = 11.0;
/// Shortest dotted leader for a blank.
const MIN_LEADER: f32 = 12.0;
/// A blank in a centred line (no line end to run to).
const CENTRED_LEADER: f32 = 60.0;
/// Room to sign.
pub(super) const SIGN_GAP: f32 = 18.0;
/// Room to sign when the full room would send a signature block alone to the next page.
const MIN_SIGN_GAP: f32 = 12.0;
/// Box of the 12-digit ID grid.
const GRID_W: f32 = 6.0;
const GRID_H: f32 = 6.5;

/// One unit of an inline line.
#[derive(Debug, Clone)]
enum Piece {
    Word(Face, String),
    Space,
    /// A wider gap between an answer and the next label.
    Gap,
    /// A dotted leader; `None` = as wide as the line allows.
    Leader(Option<f32>),
    Check(bool),
    Grid(Vec<char>),
    Sign,
}

/// Line pitch of the sheet: 1.15 lines (Nghị định 30/2020: at least single spacing), so
/// that a form's lines, place and date and signature fit page 1 above the codes.
fn pitch(size: f32) -> f32 {
    size * PT * 1.15
}

fn words(out: &mut Vec<Piece>, face: Face, s: &str) {
    for (i, w) in s.split([' ', '\n']).enumerate() {
        if i > 0 {
            out.push(Piece::Space);
        }
        if !w.is_empty() {
            out.push(Piece::Word(face, w.to_string()));
        }
    }
}

/// The pieces of one line with these answers.
fn pieces(l: &Line, t: &FormTemplate, a: &BTreeMap<String, Answer>) -> Vec<Piece> {
    let mut out = Vec::new();
    seg_pieces(&mut out, &l.segs, l.face, t, a, false);
    out
}

fn answered(segs: &[Seg], a: &BTreeMap<String, Answer>) -> bool {
    segs.iter().any(|s| match s {
        Seg::Value { field, .. } => answer_text(a, field).is_some_and(|v| !v.is_empty()),
        _ => false,
    })
}

/// `quiet`: inside a group, where an unanswered value prints nothing.
fn seg_pieces(out: &mut Vec<Piece>, segs: &[Seg], face: Face, t: &FormTemplate, a: &BTreeMap<String, Answer>, quiet: bool) {
    let value_face = if face == Face::Italic { Face::Italic } else { Face::Bold };
    let mut after_value = false;
    let l = Line { segs: Vec::new(), align: Align::Left, face };
    for seg in segs {
        match seg {
            Seg::Text(s) => {
                if after_value && s.starts_with(' ') && s.trim().chars().next().is_some_and(char::is_alphanumeric) {
                    out.push(Piece::Gap);
                    words(out, l.face, s.trim_start());
                } else {
                    words(out, l.face, s);
                }
                after_value = false;
                continue;
            }
            Seg::Group(inner) => {
                if answered(inner, a) {
                    seg_pieces(out, inner, face, t, a, true);
                }
            }
            Seg::Value { field, .. } if quiet && answer_text(a, field).is_none_or(|v| v.is_empty()) => {}
            Seg::Blank => out.push(Piece::Leader(None)),
            Seg::Sign => out.push(Piece::Sign),
            Seg::Check { field, equals } => {
                let ticked = answer_text(a, field).is_some_and(|v| &v == equals);
                out.push(Piece::Check(ticked));
            }
            Seg::Value { field, mode } => {
                let f = t.field(field);
                let v = answer_text(a, field).filter(|v| !v.is_empty());
                match (mode, v, f) {
                    (Mode::Grid, v, _) => out.push(Piece::Grid(v.unwrap_or_default().chars().collect())),
                    // `:Date` starts with a capital, as a line that begins with the date does
                    (Mode::Date | Mode::DateCap, Some(v), _) => match Date::parse_typed(&v) {
                        Some(d) if *mode == Mode::DateCap => words(out, value_face, &text::capitalize_first(&date_line(d))),
                        Some(d) => words(out, value_face, &date_line(d)),
                        None => words(out, value_face, &v),
                    },
                    (Mode::Date | Mode::DateCap, None, _) => {
                        let day = if *mode == Mode::DateCap { "Ngày" } else { "ngày" };
                        for (k, w) in [day, "tháng", "năm"].iter().enumerate() {
                            if k > 0 {
                                out.push(Piece::Space);
                            }
                            out.push(Piece::Word(l.face, w.to_string()));
                            out.push(Piece::Space);
                            out.push(Piece::Leader(Some(MIN_LEADER)));
                        }
                    }
                    (Mode::Plain | Mode::Dmy, Some(v), Some(f)) => words(out, value_face, &printed(f, &v)),
                    (Mode::Dmy, None, _) => {
                        for k in 0..3 {
                            if k > 0 {
                                out.push(Piece::Word(face, "/".into()));
                            }
                            out.push(Piece::Leader(Some(MIN_LEADER)));
                        }
                    }
                    (Mode::Plain, None, Some(f)) if f.kind == FieldKind::Time => {
                        out.push(Piece::Leader(Some(MIN_LEADER)));
                        words(out, l.face, " giờ ");
                        out.push(Piece::Leader(Some(MIN_LEADER)));
                        words(out, l.face, " phút");
                    }
                    _ => out.push(Piece::Leader(None)),
                }
            }
        }
        after_value = matches!(seg, Seg::Value { .. } | Seg::Check { .. });
    }
}

fn piece_width(m: &dyn Measure, p: &Piece, size: f32) -> f32 {
    match p {
        Piece::Word(f, w) => m.width(*f, size, w),
        Piece::Space => m.width(Face::Regular, size, " "),
        Piece::Gap => 4.0,
        Piece::Leader(w) => w.unwrap_or(MIN_LEADER),
        Piece::Check(_) => m.width(Face::Regular, size, "□"),
        Piece::Grid(_) => 12.0 * GRID_W + 1.0,
        Piece::Sign => 0.0,
    }
}

/// Lay out one line between `x0` and `x1` at `size` points from the current `y` (the
/// first baseline); wraps as needed and leaves `y` on its last baseline.
fn inline(fl: &mut Flow, l: &Line, t: &FormTemplate, a: &BTreeMap<String, Answer>, x0: f32, x1: f32, size: f32) {
    let mut ps = pieces(l, t, a);
    let m = fl.m;
    let natural: f32 = ps.iter().map(|p| piece_width(m, p, size)).sum();
    let open = ps.iter().filter(|p| matches!(p, Piece::Leader(None))).count();
    let width = x1 - x0;
    // blanks share what the words leave of the line (a centred line gets fixed blanks)
    let mut x = x0;
    if l.align == Align::Left {
        if open > 0 {
            let fixed = natural - open as f32 * MIN_LEADER;
            let share = ((width - fixed - 0.5) / open as f32).max(MIN_LEADER);
            let share = if fixed + share * open as f32 <= width + 0.01 { share } else { 30.0f32.min(width) };
            for p in &mut ps {
                if let Piece::Leader(w @ None) = p {
                    *w = Some(share);
                }
            }
        }
    } else {
        for p in &mut ps {
            if let Piece::Leader(w @ None) = p {
                *w = Some(CENTRED_LEADER);
            }
        }
        // a centred line stays on one line where shortening its blanks (to 3 mm) lets it
        let mut total: f32 = ps.iter().map(|p| piece_width(m, p, size)).sum();
        let leaders: Vec<f32> = ps.iter().filter_map(|p| if let Piece::Leader(Some(w)) = p { Some(*w) } else { None }).collect();
        let spare: f32 = leaders.iter().map(|w| w - 3.0).sum();
        if total > width && spare > 0.0 && total - spare <= width {
            let keep = (spare - (total - width) - 0.1) / spare;
            for p in &mut ps {
                if let Piece::Leader(Some(w)) = p {
                    *w = 3.0 + (*w - 3.0) * keep;
                }
            }
            total = ps.iter().map(|p| piece_width(m, p, size)).sum();
        }
        if total <= width {
            x = if l.align == Align::Center { x0 + (width - total) / 2.0 } else { x1 - total - 0.05 };
        } else {
            // too long for one line: each line of it centred (or right-aligned) on its own
            let rows = split_rows(m, &ps, size, width);
            let n = rows.len();
            for (k, row) in rows.into_iter().enumerate() {
                let w: f32 = row.iter().map(|p| piece_width(m, p, size)).sum();
                let x = if l.align == Align::Center { x0 + (width - w).max(0.0) / 2.0 } else { (x1 - w - 0.05).max(x0) };
                draw(fl, &row, x, x0, x1, size);
                if k + 1 < n {
                    fl.y += pitch(size);
                    fl.need(0.0);
                }
            }
            return;
        }
    }
    draw(fl, &ps, x, x0, x1, size);
}

/// Pieces broken into lines no wider than `width`, at spaces, without the spaces that end
/// or begin a line.
fn split_rows(m: &dyn Measure, ps: &[Piece], size: f32, width: f32) -> Vec<Vec<Piece>> {
    let mut rows: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut w = 0.0;
    let mut i = 0;
    while i < ps.len() {
        // a word with what sticks to it up to the next space
        let mut j = i;
        while j < ps.len() && !matches!(ps[j], Piece::Space | Piece::Gap) {
            j += 1;
        }
        let chunk = &ps[i..j];
        let cw: f32 = chunk.iter().map(|p| piece_width(m, p, size)).sum();
        let row = rows.last_mut().expect("a row");
        let space = if row.is_empty() { 0.0 } else { piece_width(m, &ps[i.saturating_sub(1)], size) };
        if !row.is_empty() && w + space + cw > width {
            rows.push(chunk.to_vec());
            w = cw;
        } else {
            if !row.is_empty() && i > 0 {
                row.push(ps[i - 1].clone());
            }
            row.extend_from_slice(chunk);
            w += space + cw;
        }
        i = j + 1;
    }
    rows.retain(|r| !r.is_empty());
    rows
}

/// Draw pieces from `x`, wrapping at `x1` back to `x0`.
fn draw(fl: &mut Flow, ps: &[Piece], mut x: f32, x0: f32, x1: f32, size: f32) {
    let m = fl.m;
    let line_pitch = pitch(size);
    let mut at_start = true;
    for p in ps {
        let w = piece_width(m, p, size);
        match p {
            Piece::Space | Piece::Gap => {
                if !at_start {
                    x += w;
                }
                continue;
            }
            Piece::Sign => {
                fl.y += fl.sign_gap;
                x = x0;
                at_start = true;
                continue;
            }
            Piece::Leader(_) => {
                // a leader that does not fit ends the line where there is room, else wraps
                let mut w = w;
                if x + w > x1 + 0.01 {
                    if x1 - x >= MIN_LEADER.min(w).min(6.0) || at_start {
                        w = x1 - x;
                    } else {
                        fl.y += line_pitch;
                        fl.need(0.0);
                        x = x0;
                        w = w.min(x1 - x0);
                    }
                }
                let y = fl.y + 0.6;
                fl.page().items.push(Item::Line { x1: x + 0.5, y1: y, x2: x + w - 0.5, y2: y, width: 0.6, dotted: true });
                x += w;
            }
            _ => {
                if x + w > x1 + 0.01 && !at_start {
                    fl.y += line_pitch;
                    fl.need(0.0);
                    x = x0;
                }
                match p {
                    Piece::Word(face, s) => {
                        if w > x1 - x + 0.01 {
                            // a word longer than the line: broken by characters
                            let mut chunk = String::new();
                            for c in s.chars() {
                                let cw = m.width(*face, size, &format!("{chunk}{c}"));
                                if x + cw > x1 && !chunk.is_empty() {
                                    fl.text(x, *face, size, &chunk);
                                    fl.y += line_pitch;
                                    fl.need(0.0);
                                    x = x0;
                                    chunk.clear();
                                }
                                chunk.push(c);
                            }
                            fl.text(x, *face, size, &chunk);
                            x += m.width(*face, size, &chunk);
                            at_start = false;
                            continue;
                        }
                        fl.text(x, *face, size, s);
                    }
                    Piece::Check(ticked) => {
                        fl.glyph(x, Face::Regular, size, "□");
                        if *ticked {
                            // a cross inside the box
                            let (bx0, bx1) = (x + w * 0.2, x + w * 0.8);
                            let (by0, by1) = (fl.y - size * PT * 0.62, fl.y - size * PT * 0.05);
                            let page = fl.page();
                            page.items.push(Item::Line { x1: bx0, y1: by0, x2: bx1, y2: by1, width: 0.8, dotted: false });
                            page.items.push(Item::Line { x1: bx0, y1: by1, x2: bx1, y2: by0, width: 0.8, dotted: false });
                        }
                    }
                    Piece::Grid(digits) => {
                        let top = fl.y - GRID_H + 1.6;
                        for k in 0..12 {
                            let bx = x + 0.5 + k as f32 * GRID_W;
                            fl.page().items.push(Item::Rect { x: bx, y: top, w: GRID_W, h: GRID_H });
                            if let Some(d) = digits.get(k) {
                                let s = d.to_string();
                                let dw = m.width(Face::Bold, size, &s);
                                fl.glyph(bx + (GRID_W - dw) / 2.0, Face::Bold, size, &s);
                            }
                        }
                    }
                    _ => {}
                }
                x += w;
            }
        }
        at_start = false;
    }
}

/// How far a line goes down (its wrapped height, first baseline to the next line's).
fn height(m: &dyn Measure, l: &Line, t: &FormTemplate, a: &BTreeMap<String, Answer>, width: f32, size: f32) -> f32 {
    height_signed(m, l, t, a, width, size, SIGN_GAP)
}

/// The same, with `sign_gap` of room to sign.
fn height_signed(m: &dyn Measure, l: &Line, t: &FormTemplate, a: &BTreeMap<String, Answer>, width: f32, size: f32, sign_gap: f32) -> f32 {
    let mut scratch = Flow { m, pages: vec![Page::default()], y: 0.0, scratch: true, sign_gap, run: None };
    inline(&mut scratch, l, t, a, 0.0, width, size);
    scratch.y + pitch(size)
}

/// A ruled grid of lines (header row first): each cell wrapped inside its border.
fn rows(fl: &mut Flow, rows: &[Vec<Line>], widths: &[u32], t: &FormTemplate, a: &BTreeMap<String, Answer>) {
    let size = 12.0;
    let total: u32 = widths.iter().sum::<u32>().max(1);
    let ws: Vec<f32> = widths.iter().map(|w| TEXT_W * *w as f32 / total as f32).collect();
    fl.y -= pitch(BODY) - 1.0;
    for row in rows {
        let h = row.iter().zip(&ws).map(|(c, w)| height(fl.m, c, t, a, w - 2.0, size)).fold(0.0f32, f32::max) + 1.6;
        fl.need(h);
        let top = fl.y;
        let mut x = X0;
        for (cell, w) in row.iter().zip(&ws) {
            fl.page().items.push(Item::Rect { x, y: top, w: *w, h });
            fl.y = top + 0.8 + size * PT * 0.95;
            inline(fl, cell, t, a, x + 1.0, x + w - 1.0, size);
            x += w;
        }
        fl.y = top + h;
    }
    fl.y += pitch(BODY);
}

/// Empty photo frames (3 × 4 cm), the first at the left edge and the last at the right
/// (the marriage form's "Ảnh (1)", "Ảnh (2)"), each with its caption inside.
fn photos(fl: &mut Flow, captions: &[String]) {
    let (w, h) = (30.0, 40.0);
    let n = captions.len();
    let top = fl.y;
    for (k, c) in captions.iter().enumerate() {
        let x = if n <= 1 { X0 } else { X0 + (TEXT_W - w) * k as f32 / (n - 1) as f32 };
        fl.page().items.push(Item::Rect { x, y: top, w, h });
        for (i, l) in wrap_words(fl.m, Face::Regular, NOTE, c, w - 4.0).iter().enumerate() {
            let lw = fl.m.width(Face::Regular, NOTE, l);
            fl.y = top + h / 2.0 + i as f32 * pitch(NOTE);
            fl.text(x + (w - lw) / 2.0, Face::Regular, NOTE, l);
        }
    }
    fl.y = top;
}

/// The signature area: blocks `per_row` to a row; a single block goes right, with the
/// `beside` lines (the copies line) at its left.
fn signatures(fl: &mut Flow, sheet: &Sheet, t: &FormTemplate, a: &BTreeMap<String, Answer>) {
    let n = sheet.signatures.len();
    fl.y += 2.0;
    block_rows(fl, &sheet.signatures, sheet.signature_columns.max(1) as usize, &sheet.beside, t, a);
    if n != 1 {
        fl.y += 2.0;
        for l in &sheet.beside {
            fl.need(pitch(BODY));
            inline(fl, l, t, a, X0, X1, BODY);
            fl.y += pitch(BODY);
        }
    }
}

/// Blocks of lines side by side, `per_row` to a row (each at least half the width wide);
/// a single block goes right, with the `beside` lines at its left.
fn block_rows(fl: &mut Flow, blocks: &[Vec<Line>], per_row: usize, beside: &[Line], t: &FormTemplate, a: &BTreeMap<String, Answer>) {
    let n = blocks.len();
    let size = if per_row > 2 { 10.0 } else { BODY };
    let col_w = TEXT_W / per_row.max(2) as f32;
    let block_h = |fl: &Flow, b: &[Line], w: f32, size: f32, gap: f32| -> f32 { b.iter().map(|l| height_signed(fl.m, l, t, a, w, size, gap)).sum() };
    for (r, chunk) in blocks.chunks(per_row).enumerate() {
        let single = n == 1 && r == 0;
        let row_h = |fl: &Flow, gap: f32| {
            let h = chunk.iter().map(|b| block_h(fl, b, col_w - 2.0, size, gap)).fold(0.0f32, f32::max);
            if single {
                h.max(block_h(fl, beside, col_w - 2.0, BODY, gap))
            } else {
                h
            }
        };
        // less room to sign rather than a signature alone on the next page
        let mut h = row_h(fl, SIGN_GAP);
        fl.sign_gap = SIGN_GAP;
        if fl.y + h > fl.bottom() {
            let tight = row_h(fl, MIN_SIGN_GAP);
            if fl.y + tight <= fl.bottom() {
                fl.sign_gap = MIN_SIGN_GAP;
                h = tight;
            }
        }
        fl.need(h);
        let top = fl.y;
        let place = |fl: &mut Flow, lines: &[Line], x: f32, size: f32| {
            fl.y = top;
            for l in lines {
                inline(fl, l, t, a, x + 1.0, x + col_w - 1.0, size);
                fl.y += pitch(size);
            }
        };
        if single {
            place(fl, beside, X0, BODY);
            place(fl, &chunk[0], X0 + TEXT_W - col_w, size);
        } else {
            // a lone last block of several goes right too
            let offset = if chunk.len() == 1 && per_row == 2 { 1 } else { 0 };
            for (k, b) in chunk.iter().enumerate() {
                place(fl, b, X0 + col_w * (k + offset) as f32, size);
            }
        }
        fl.y = top + h;
    }
}

/// The whole document of a form written line for line.
pub(super) fn layout_sheet(input: &PrintInput, sheet: &Sheet, m: &dyn Measure) -> Document {
    let t = input.template;
    let a = input.answers;
    let mut fl = Flow { m, pages: vec![Page::default()], y: MARGIN_TOP, scratch: false, sign_gap: SIGN_GAP, run: None };

    // the form's own header (CT01: "Mẫu CT01 ban hành kèm theo …"), small, at the top
    if !sheet.header.is_empty() {
        fl.y += NOTE * PT;
        for l in &sheet.header {
            inline(&mut fl, l, t, a, X0, X1, NOTE);
            fl.y += pitch(NOTE);
        }
    }
    let mut body = sheet.body.as_slice();
    let mut below_photos = None;
    if let Some(Block::Photos(caps)) = body.first() {
        // photo frames in the top corners, the motto and title between them
        photos(&mut fl, caps);
        below_photos = Some(fl.y + 42.0);
        body = &body[1..];
    }
    heading(&mut fl, t);
    if let Some(y) = below_photos {
        fl.y = fl.y.max(y);
    }
    for b in body {
        match b {
            Block::Line(l) => {
                // measured in full only near the bottom of the page (where it matters)
                let h = if fl.y + pitch(BODY) * 4.0 < fl.bottom() { pitch(BODY) } else { height(m, l, t, a, TEXT_W, BODY) };
                fl.need(h);
                inline(&mut fl, l, t, a, X0, X1, BODY);
                fl.y += pitch(BODY);
            }
            Block::Table { field } => {
                if let Some(f) = t.field(field) {
                    fl.need(pitch(BODY) * 3.0);
                    table(&mut fl, f, a, false);
                }
            }
            Block::Rows { rows: r, widths } => rows(&mut fl, r, widths, t, a),
            Block::Columns(blocks) => {
                fl.y += 1.0;
                block_rows(&mut fl, blocks, blocks.len().clamp(2, 4), &[], t, a);
                fl.y += 1.0;
            }
            Block::Photos(caps) => {
                fl.need(44.0);
                photos(&mut fl, caps);
                fl.y += 44.0;
            }
        }
    }
    signatures(&mut fl, sheet, t, a);
    if !sheet.notes.is_empty() {
        fl.y += 3.0;
        for (k, l) in sheet.notes.iter().enumerate() {
            let h = if fl.y + pitch(NOTE) * 6.0 < fl.bottom() { pitch(NOTE) } else { height(m, l, t, a, TEXT_W, NOTE) };
            // the heading stays with the first note
            fl.need(if k == 0 { h + pitch(NOTE) * 2.0 } else { h });
            inline(&mut fl, l, t, a, X0, X1, NOTE);
            fl.y += pitch(NOTE);
        }
    }
    finish(fl, input.codes, t)
}
