//! The printed page, computed from the template and the answers: where every text run,
//! rule, box and QR module goes on A4, in the layout of Nghị định 30/2020/NĐ-CP (margins,
//! national motto, bold centred title, 13 pt body, italic place-and-date line, signature
//! block). Pure computation: the PDF writer and the preview renderer only draw the result.
//!
//! Coordinates are millimetres from the top-left corner of the page; text `y` is the
//! baseline; sizes are points.

use super::date::{date_line, Date};
use super::fill::{Answer, Value};
use super::template::{Field, FieldKind, FormTemplate};
use super::text;
use std::collections::BTreeMap;

mod lines;
mod sections;
pub mod slip;

use sections::{label_of, weight};

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub const MARGIN_TOP: f32 = 20.0;
pub const MARGIN_BOTTOM: f32 = 20.0;
pub const MARGIN_LEFT: f32 = 30.0;
pub const MARGIN_RIGHT: f32 = 15.0;
pub const TEXT_W: f32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
const X0: f32 = MARGIN_LEFT;
const X1: f32 = PAGE_W - MARGIN_RIGHT;

pub const MOTTO_1: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO_2: &str = "Độc lập - Tự do - Hạnh phúc";

const BODY: f32 = 13.0;
const PT: f32 = 0.352_778; // mm per point
const LINE: f32 = BODY * PT * 1.25; // line pitch of the body
/// Height kept free at the bottom of page 1 for the codes.
const FOOTER_H: f32 = 38.0;
/// QR modules are whole printer dots: 6 and 4 dots at 300 dpi (12 and 8 at 600 dpi), so
/// every module prints the same size and scanners read them cleanly.
const DOT: f32 = 25.4 / 300.0;
const QR_RECORD_MODULE: f32 = 6.0 * DOT;
const QR_DATA_MODULE: f32 = 4.0 * DOT;
/// The widest data QR (version 19, 93 modules; see `dataqr::MAX_PART_BYTES`).
const QR_DATA: f32 = 93.0 * QR_DATA_MODULE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

/// Text measurement: the layout needs advance widths of the fonts the page is drawn with.
pub trait Measure {
    /// Width in millimetres of `s` in `face` at `size` points.
    fn width(&self, face: Face, size: f32, s: &str) -> f32;
}

/// Advance widths read from TrueType fonts (no shaping or kerning: the PDF has none either).
pub struct FontMetrics<'a> {
    faces: [ttf_parser::Face<'a>; 3],
    /// Advances of the characters forms are written in (Latin to U+024F, Vietnamese
    /// U+1E00-U+1EFF), per face, in font units: a table look-up instead of a cmap search
    /// for every character of every word measured.
    latin: [Vec<u16>; 3],
    vietnamese: [Vec<u16>; 3],
    upm: [f32; 3],
}

const LATIN_END: u32 = 0x250;
const VIET: std::ops::Range<u32> = 0x1E00..0x1F00;

impl<'a> FontMetrics<'a> {
    pub fn new(regular: &'a [u8], bold: &'a [u8], italic: &'a [u8]) -> Result<FontMetrics<'a>, ttf_parser::FaceParsingError> {
        let faces = [ttf_parser::Face::parse(regular, 0)?, ttf_parser::Face::parse(bold, 0)?, ttf_parser::Face::parse(italic, 0)?];
        let advance = |f: &ttf_parser::Face, c: u32| -> u16 {
            char::from_u32(c).and_then(|c| f.glyph_index(c)).and_then(|g| f.glyph_hor_advance(g)).unwrap_or(f.units_per_em() / 2)
        };
        let latin = [0, 1, 2].map(|i| (0..LATIN_END).map(|c| advance(&faces[i], c)).collect());
        let vietnamese = [0, 1, 2].map(|i| VIET.map(|c| advance(&faces[i], c)).collect());
        let upm = [0, 1, 2].map(|i| faces[i].units_per_em() as f32);
        Ok(FontMetrics { faces, latin, vietnamese, upm })
    }

    fn advance(&self, face: usize, c: char) -> u16 {
        let u = c as u32;
        if u < LATIN_END {
            self.latin[face][u as usize]
        } else if VIET.contains(&u) {
            self.vietnamese[face][(u - VIET.start) as usize]
        } else {
            let f = &self.faces[face];
            f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g)).unwrap_or(f.units_per_em() / 2)
        }
    }

    /// Whether every face has a glyph for `c` (whitespace always prints).
    pub fn has_glyph(&self, c: char) -> bool {
        c.is_whitespace() || self.faces.iter().all(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
    }
}

impl Measure for FontMetrics<'_> {
    fn width(&self, face: Face, size: f32, s: &str) -> f32 {
        let i = face as usize;
        let units: u32 = s.chars().map(|c| self.advance(i, c) as u32).sum();
        units as f32 / self.upm[i] * size * PT
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
    },
    /// A stroke; `dotted` for the leaders of fields left to write by hand.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        dotted: bool,
    },
    /// A stroked box (ID grid, table cells).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    /// A QR code: `n`×`n` modules, row-major, `true` = dark, drawn at `x, y` `size` wide
    /// (quiet zone outside).
    Qr {
        x: f32,
        y: f32,
        size: f32,
        n: usize,
        dark: Vec<bool>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub pages: Vec<Page>,
    /// The paper, millimetres: A4 for a form; a receipt roll's width and the slip's length.
    pub width: f32,
    pub height: f32,
}

impl Document {
    /// The text of the document line by line: runs on one baseline joined by spaces, left
    /// to right (for tests, and for reading the page aloud).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.pages {
            let mut runs: Vec<(f32, f32, &str)> = p
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { x, y, text, .. } => Some((*y, *x, text.as_str())),
                    _ => None,
                })
                .collect();
            runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut last_y = f32::NAN;
            for (y, _, t) in runs {
                if !out.is_empty() {
                    out.push(if (y - last_y).abs() < 0.5 { ' ' } else { '\n' });
                }
                out.push_str(t);
                last_y = y;
            }
            out.push('\n');
        }
        out
    }
}

/// The codes printed at the bottom of page 1, once the dossier is stored.
#[derive(Debug, Clone)]
pub struct Codes {
    pub dossier_code: String,
    /// The record link (URL) for the first QR.
    pub record_url: String,
    /// Payloads of the data QR parts.
    pub data_parts: Vec<String>,
}

pub struct PrintInput<'a> {
    pub template: &'a FormTemplate,
    pub answers: &'a BTreeMap<String, Answer>,
    /// None before confirmation (the review preview): the footer says the code comes later.
    pub codes: Option<&'a Codes>,
}

/// Fields the layout places itself, not in the body.
const ADDRESSEE: &str = "addressee";
const MADE_AT: &str = "made_at";
const MADE_ON: &str = "made_on";

/// A run of text in one face.
#[derive(Debug, Clone)]
struct Span {
    face: Face,
    text: String,
}

fn span(face: Face, text: impl Into<String>) -> Span {
    Span { face, text: text.into() }
}

struct Flow<'m> {
    m: &'m dyn Measure,
    pages: Vec<Page>,
    y: f32,
    /// Measuring only (a line's height): never starts a page.
    scratch: bool,
    /// Room left to sign in a signature block (mm).
    sign_gap: f32,
    /// Where the last text run ends (x, baseline, face, size, item index): a word one space
    /// after it, in the same face on the same baseline, joins it (fewer, longer runs: a
    /// smaller, faster PDF that prints the same).
    run: Option<(f32, f32, Face, f32, usize)>,
}

impl<'m> Flow<'m> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn bottom(&self) -> f32 {
        if self.pages.len() == 1 {
            PAGE_H - MARGIN_BOTTOM - FOOTER_H
        } else {
            PAGE_H - MARGIN_BOTTOM - 6.0
        }
    }

    /// Make room for `h` mm, starting a new page (without the motto) when it does not fit.
    fn need(&mut self, h: f32) {
        if !self.scratch && self.y + h > self.bottom() {
            self.run = None;
            self.pages.push(Page::default());
            self.y = MARGIN_TOP + LINE;
        }
    }

    fn text(&mut self, x: f32, face: Face, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let y = self.y;
        let w = self.m.width(face, size, s);
        let space = self.m.width(face, size, " ");
        if let Some((end, ry, rf, rs, i)) = self.run {
            if rf == face && rs == size && (ry - y).abs() < 0.01 && (end + space - x).abs() < 0.05 {
                if let Some(Item::Text { text, .. }) = self.page().items.get_mut(i) {
                    text.push(' ');
                    text.push_str(s);
                    self.run = Some((x + w, y, face, size, i));
                    return;
                }
            }
        }
        self.page().items.push(Item::Text { x, y, face, size, text: s.to_string() });
        let i = self.page().items.len() - 1;
        self.run = Some((x + w, y, face, size, i));
    }

    /// A text item of its own, never joined (a checkbox, a digit in its box).
    fn glyph(&mut self, x: f32, face: Face, size: f32, s: &str) {
        let y = self.y;
        self.page().items.push(Item::Text { x, y, face, size, text: s.to_string() });
        self.run = None;
    }

    fn centred(&mut self, x_left: f32, width: f32, face: Face, size: f32, s: &str) {
        let w = self.m.width(face, size, s);
        self.text(x_left + (width - w) / 2.0, face, size, s);
    }

    fn dots(&mut self, x1: f32, x2: f32) {
        if x2 - x1 > 3.0 {
            let y = self.y + 0.6;
            self.page().items.push(Item::Line { x1, y1: y, x2, y2: y, width: 0.6, dotted: true });
        }
    }

    /// Lay out spans from `x_start` on the current line, wrapping at `x_right`, continuing
    /// at `x_cont`. Leaves `y` on the last line and returns the x where the text ended.
    fn spans(&mut self, spans: &[Span], x_start: f32, x_cont: f32, x_right: f32, size: f32) -> f32 {
        let mut x = x_start;
        let space = self.m.width(Face::Regular, size, " ");
        let mut first_word = true;
        for s in spans {
            // keep the leading space of a span (e.g. after a colon)
            let words: Vec<&str> = s.text.split(' ').collect();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    x += space;
                }
                if w.is_empty() {
                    continue;
                }
                let ww = self.m.width(s.face, size, w);
                if x + ww > x_right + 0.01 && !first_word && x > x_cont + 0.01 {
                    self.y += LINE;
                    self.need(0.0);
                    x = x_cont;
                }
                if ww > x_right - x {
                    // a single word longer than the line: break it by characters
                    let mut chunk = String::new();
                    for c in w.chars() {
                        let cw = self.m.width(s.face, size, &chunk) + self.m.width(s.face, size, &c.to_string());
                        if x + cw > x_right && !chunk.is_empty() {
                            self.text(x, s.face, size, &chunk);
                            self.y += LINE;
                            self.need(0.0);
                            x = x_cont;
                            chunk.clear();
                        }
                        chunk.push(c);
                    }
                    self.text(x, s.face, size, &chunk);
                    x += self.m.width(s.face, size, &chunk);
                } else {
                    self.text(x, s.face, size, w);
                    x += ww;
                }
                first_word = false;
            }
        }
        x
    }
}

fn answer_text(answers: &BTreeMap<String, Answer>, id: &str) -> Option<String> {
    answers.get(id).and_then(|a| a.value.as_text()).map(String::from)
}

/// How a value is printed: names in capitals (with their diacritics), times as the forms
/// write them ("14 giờ 30 phút").
pub fn printed(f: &Field, v: &str) -> String {
    match f.kind {
        FieldKind::Name => text::upper(v),
        FieldKind::Time => match v.split_once(':') {
            Some((h, m)) => format!("{h} giờ {m} phút"),
            None => v.to_string(),
        },
        _ => v.to_string(),
    }
}

/// A field left empty because the form's rule says it is not needed (Thông tư 04/2024:
/// "Nơi cư trú" when an ID number is given) is left off the page too.
/// Lay out the whole document.
pub fn layout(input: &PrintInput, m: &dyn Measure) -> Document {
    if let Some(sheet) = &input.template.sheet {
        return lines::layout_sheet(input, sheet, m);
    }
    sections::layout_sections(input, m)
}

/// National motto with its rule, then the title in bold capitals, centred.
fn heading(fl: &mut Flow, t: &FormTemplate) {
    let m = fl.m;
    let (motto_1, motto_2) = match t.sheet.as_ref().map(|s| &s.motto[..]) {
        Some([a, b]) => (a.as_str(), b.as_str()),
        _ => (MOTTO_1, MOTTO_2),
    };
    fl.y += 12.0 * PT;
    fl.centred(X0, TEXT_W, Face::Bold, 12.0, motto_1);
    fl.y += 13.0 * PT * 1.25;
    fl.centred(X0, TEXT_W, Face::Bold, 13.0, motto_2);
    let rule = m.width(Face::Bold, 13.0, motto_2);
    let ry = fl.y + 1.6;
    let rx = X0 + (TEXT_W - rule) / 2.0;
    fl.page().items.push(Item::Line { x1: rx, y1: ry, x2: rx + rule, y2: ry, width: 0.5, dotted: false });
    fl.y += 12.0;
    for line in wrap_words(m, Face::Bold, 14.0, &t.title, TEXT_W) {
        fl.centred(X0, TEXT_W, Face::Bold, 14.0, &line);
        fl.y += 14.0 * PT * 1.3;
    }
    fl.y += 3.0;
}

/// The codes at the bottom of page 1 and the page numbers.
fn finish(mut fl: Flow, codes: Option<&Codes>, t: &FormTemplate) -> Document {
    let m = fl.m;
    footer(&mut fl, codes);
    let total = fl.pages.len();
    if total > 1 {
        for (k, p) in fl.pages.iter_mut().enumerate() {
            let s = format!("Trang {}/{}", k + 1, total);
            let w = m.width(Face::Italic, 9.0, &s);
            p.items.push(Item::Text { x: X0 + (TEXT_W - w) / 2.0, y: PAGE_H - MARGIN_BOTTOM + 6.0, face: Face::Italic, size: 9.0, text: s });
        }
    }
    Document { title: t.title.clone(), pages: fl.pages, width: PAGE_W, height: PAGE_H }
}

/// Rows of cells with borders; each cell's text wrapped inside it.
fn grid(fl: &mut Flow, widths: &[f32], rows: &[Vec<Span>], size: f32, header: bool) {
    for (r, cells) in rows.iter().enumerate() {
        let lines: Vec<Vec<String>> = cells.iter().zip(widths).map(|(c, w)| wrap_words(fl.m, c.face, size, &c.text, w - 2.0)).collect();
        let n = lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
        let pitch = size * PT * 1.3;
        let h = n as f32 * pitch + 2.2;
        fl.need(h);
        let top = fl.y;
        let mut x = X0;
        for ((cell, w), ls) in cells.iter().zip(widths).zip(&lines) {
            fl.page().items.push(Item::Rect { x, y: top, w: *w, h });
            for (k, l) in ls.iter().enumerate() {
                fl.y = top + 1.0 + size * PT * 0.95 + k as f32 * pitch;
                if header && r == 0 {
                    fl.centred(x, *w, cell.face, size, l);
                } else {
                    fl.text(x + 1.0, cell.face, size, l);
                }
            }
            x += w;
        }
        fl.y = top + h;
    }
}

/// A table field (CT01's household members): STT column, one column per `columns` entry;
/// two empty rows to write by hand when nothing was entered.
fn table(fl: &mut Flow, f: &Field, a: &BTreeMap<String, Answer>, with_label: bool) {
    if with_label {
        fl.spans(&[span(Face::Regular, format!("{}:", label_of(f)))], X0, X0, X1, BODY);
    }
    fl.y += 2.0;
    let stt = 9.0;
    let total: f32 = f.columns.iter().map(|c| weight(c.kind)).sum();
    let mut widths = vec![stt];
    widths.extend(f.columns.iter().map(|c| (TEXT_W - stt) * weight(c.kind) / total));
    let size = 11.0;
    let mut rows = vec![std::iter::once(span(Face::Bold, "TT")).chain(f.columns.iter().map(|c| span(Face::Bold, c.label.clone()))).collect::<Vec<_>>()];
    let data: Vec<BTreeMap<String, String>> = match a.get(&f.id).map(|x| &x.value) {
        Some(Value::Table(r)) => r.clone(),
        _ => Vec::new(),
    };
    for (k, r) in data.iter().enumerate() {
        let mut cells = vec![span(Face::Regular, (k + 1).to_string())];
        for c in &f.columns {
            let v = r.get(&c.id).cloned().unwrap_or_default();
            cells.push(span(Face::Bold, if c.kind == FieldKind::Name { text::upper(&v) } else { v }));
        }
        rows.push(cells);
    }
    let blank = if data.is_empty() { 2 } else { 0 };
    for k in 0..blank {
        let mut cells = vec![span(Face::Regular, (k + 1).to_string())];
        cells.extend(f.columns.iter().map(|_| span(Face::Regular, "")));
        rows.push(cells);
    }
    fl.y -= LINE - 1.0;
    fl.y += LINE;
    grid(fl, &widths, &rows[..1], size, true);
    grid(fl, &widths, &rows[1..], size, false);
    fl.y += LINE;
}

/// A two-column section (marriage form): label | first role | second role.
/// Greedy word wrap of one string into lines no wider than `width`; a word longer than
/// the width is broken between characters (it would run off its cell or the page).
pub fn wrap_words(m: &dyn Measure, face: Face, size: f32, s: &str, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut parts: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        if m.width(face, size, w) <= width {
            parts.push(w.to_string());
            continue;
        }
        let mut chunk = String::new();
        for c in w.chars() {
            chunk.push(c);
            if m.width(face, size, &chunk) > width && chunk.chars().count() > 1 {
                chunk.pop();
                parts.push(std::mem::take(&mut chunk));
                chunk.push(c);
            }
        }
        parts.push(chunk);
    }
    for w in parts.iter().map(String::as_str) {
        let cand = if cur.is_empty() { w.to_string() } else { format!("{cur} {w}") };
        if m.width(face, size, &cand) <= width || cur.is_empty() {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = w.to_string();
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A QR code with modules of `module` mm, its top-left at `x, y`.
fn qr_item(payload: &str, x: f32, y: f32, module: f32) -> Option<Item> {
    let s = super::qr::encode(payload.as_bytes(), qrcode::EcLevel::M)?;
    Some(Item::Qr { x, y, size: s.n as f32 * module, n: s.n, dark: s.dark })
}

/// Bottom of page 1: dossier code, record-link QR, data QR(s); data parts that do not fit
/// go on a last page of their own.
fn footer(fl: &mut Flow, codes: Option<&Codes>) {
    let top = PAGE_H - MARGIN_BOTTOM - FOOTER_H + 4.0;
    let m = fl.m;
    let mut items = vec![Item::Line { x1: X0, y1: top - 2.0, x2: X1, y2: top - 2.0, width: 0.3, dotted: false }];
    let Some(c) = codes else {
        let s = "Mã hồ sơ và mã QR được in sau khi xác nhận tờ khai.";
        items.push(Item::Text { x: X0, y: top + 5.0, face: Face::Italic, size: 10.0, text: s.into() });
        fl.pages[0].items.extend(items);
        return;
    };
    let record = qr_item(&c.record_url, X0, top, QR_RECORD_MODULE);
    let record_w = match &record {
        Some(Item::Qr { size, .. }) => *size,
        _ => 0.0,
    };
    items.extend(record);
    let tx = X0 + record_w + 3.0;
    items.push(Item::Text { x: tx, y: top + 4.0, face: Face::Regular, size: 10.0, text: "Mã hồ sơ:".into() });
    items.push(Item::Text { x: tx, y: top + 9.0, face: Face::Bold, size: 11.0, text: c.dossier_code.clone() });
    let note = "Quét mã bên trái để tra cứu hồ sơ trên Cổng dịch vụ công.";
    let max_w = 52.0;
    let mut y = top + 14.0;
    for l in wrap_words(m, Face::Italic, 8.5, note, max_w) {
        items.push(Item::Text { x: tx, y, face: Face::Italic, size: 8.5, text: l });
        y += 3.6;
    }
    // data parts from the right edge leftwards, as many as fit beside the code text,
    // bottom-aligned (the last part is often a smaller symbol)
    let room = X1 - (tx + max_w + 3.0);
    let fit = ((room + 3.0) / (QR_DATA + 3.0)).floor().max(0.0) as usize;
    let n = c.data_parts.len();
    let here = n.min(fit);
    let bottom = top - 1.0 + QR_DATA;
    for k in 0..here {
        let slot = X1 - (here - k) as f32 * (QR_DATA + 3.0) + 3.0;
        if let Some(Item::Qr { size, n: mods, dark, .. }) = qr_item(&c.data_parts[k], 0.0, 0.0, QR_DATA_MODULE) {
            let x = slot + (QR_DATA - size) / 2.0;
            items.push(Item::Qr { x, y: bottom - size, size, n: mods, dark });
        }
        let cap = if n > 1 { format!("Dữ liệu tờ khai {}/{}", k + 1, n) } else { "Dữ liệu tờ khai".to_string() };
        let w = m.width(Face::Italic, 7.5, &cap);
        items.push(Item::Text { x: slot + (QR_DATA - w) / 2.0, y: bottom + 2.8, face: Face::Italic, size: 7.5, text: cap });
    }
    fl.pages[0].items.extend(items);
    if here < n {
        // the rest on a page of their own, in a grid
        let mut page = Page::default();
        page.items.push(Item::Text {
            x: X0,
            y: MARGIN_TOP + 5.0,
            face: Face::Bold,
            size: BODY,
            text: format!("Dữ liệu tờ khai (tiếp theo) — hồ sơ {}", c.dossier_code),
        });
        let per_row = ((TEXT_W + 5.0) / (40.0 + 5.0)).floor() as usize;
        for (j, p) in c.data_parts[here..].iter().enumerate() {
            let (r, col) = (j / per_row, j % per_row);
            let (x, y) = (X0 + col as f32 * 45.0, MARGIN_TOP + 12.0 + r as f32 * 50.0);
            page.items.extend(qr_item(p, x, y, QR_DATA_MODULE));
            let cap = format!("Dữ liệu tờ khai {}/{}", here + j + 1, n);
            page.items.push(Item::Text { x, y: y + 44.0, face: Face::Italic, size: 8.0, text: cap });
        }
        fl.pages.push(page);
    }
}
