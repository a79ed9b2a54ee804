//! The slip (phiếu hướng dẫn) printed after the form: the dossier code and its record QR,
//! the procedure, the papers to bring, where to go, how the result comes back and the day
//! it is expected, a booked time, the hotline. On an 80 mm receipt roll, or on the top half
//! of an A4 page (a dotted line to cut along). It is the kiosk's own paper: the official
//! form's page is never changed for it, and it holds nothing personal but the post or
//! visit address the citizen chose (to check it).

use super::{qr_item, wrap_words, Document, Face, Item, Measure, Page, PAGE_H, PAGE_W, PT};
use crate::core::after::{Booking, Delivery, Visit, Way};
use crate::core::date::Date;

/// What the slip says.
#[derive(Debug, Clone)]
pub struct Slip<'a> {
    pub agency: &'a str,
    pub code: &'a str,
    pub record_url: &'a str,
    /// The procedure's name and its code in the national procedure database.
    pub procedure: &'a str,
    pub procedure_code: &'a str,
    pub papers: &'a [String],
    pub desk: &'a str,
    pub delivery: &'a Delivery,
    /// The post fee and who pays, as said on the screen (Vietnamese).
    pub post_note: Option<String>,
    /// Why the result is collected in person, when it is.
    pub in_person: Option<&'a str>,
    /// The procedure's working days (None: it depends on the case) and where they are set.
    pub days: Option<u32>,
    pub basis: &'a str,
    pub cutoff: &'a str,
    pub due: Option<Date>,
    pub booking: Option<&'a Booking>,
    pub hotline: &'a str,
    /// "14:05 ngày 30/11/2026".
    pub printed_at: String,
}

/// The paper the slip prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// An 80 mm receipt roll (72 mm printable), as long as the slip.
    Roll80,
    /// The top half of an A4 page, after the form on the same printer.
    HalfA4,
}

/// The title printed on the slip.
pub const TITLE: &str = "PHIẾU HƯỚNG DẪN";

struct Lines<'m> {
    m: &'m dyn Measure,
    items: Vec<Item>,
    x: f32,
    w: f32,
    y: f32,
    size: f32,
}

impl Lines<'_> {
    fn para(&mut self, face: Face, size: f32, indent: f32, text: &str) {
        for line in wrap_words(self.m, face, size, text, self.w - indent) {
            self.y += size * PT * 1.25;
            self.items.push(Item::Text { x: self.x + indent, y: self.y, face, size, text: line });
        }
    }

    /// A bold label, then its text in the regular face on the same line, wrapped under it.
    fn labelled(&mut self, label: &str, text: &str) {
        let size = self.size;
        let lw = self.m.width(Face::Bold, size, label) + self.m.width(Face::Regular, size, " ");
        let first_w = (self.w - lw).max(self.w / 3.0);
        // a little air between the slip's items
        self.y += size * PT * 0.25;
        let words: Vec<&str> = text.split_whitespace().collect();
        let first = wrap_words(self.m, Face::Regular, size, text, first_w).into_iter().next().unwrap_or_default();
        let n = first.split(' ').count();
        // the first line beside the label when it is whole words of the text (a word broken
        // to fit goes below, whole)
        let (first, rest) = if !first.is_empty() && words.len() >= n && words[..n].join(" ") == first {
            (first, words[n..].join(" "))
        } else {
            (String::new(), words.join(" "))
        };
        self.y += size * PT * 1.25;
        self.items.push(Item::Text { x: self.x, y: self.y, face: Face::Bold, size, text: label.to_string() });
        if !first.is_empty() {
            self.items.push(Item::Text { x: self.x + lw, y: self.y, face: Face::Regular, size, text: first });
        }
        if !rest.is_empty() {
            self.para(Face::Regular, size, 0.0, &rest);
        }
    }

    fn centred(&mut self, face: Face, size: f32, text: &str) {
        for line in wrap_words(self.m, face, size, text, self.w) {
            self.y += size * PT * 1.3;
            let lw = self.m.width(face, size, &line);
            self.items.push(Item::Text { x: self.x + (self.w - lw) / 2.0, y: self.y, face, size, text: line });
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y += mm;
    }
}

/// "03 ngày làm việc", "trong ngày".
fn days_text(days: u32, cutoff: &str) -> String {
    if days == 0 {
        format!("trong ngày làm việc (nộp từ {cutoff} trở đi: ngày làm việc tiếp theo)")
    } else {
        format!("{days:02} ngày làm việc")
    }
}

/// The slip laid out on its paper.
pub fn layout_slip(s: &Slip, paper: Paper, m: &dyn Measure) -> Document {
    let (x, w, size, module) = match paper {
        Paper::Roll80 => (4.0, 72.0, 9.5, 0.5),
        Paper::HalfA4 => (20.0, PAGE_W - 35.0, 12.0, 6.0 * 25.4 / 300.0),
    };
    let mut l = Lines { m, items: Vec::new(), x, w, y: if paper == Paper::Roll80 { 2.0 } else { 12.0 }, size };
    l.centred(Face::Bold, size, &crate::core::text::upper(s.agency));
    l.gap(1.5);
    l.centred(Face::Bold, size + 3.0, TITLE);
    l.centred(Face::Italic, size - 1.5, "(Phiếu này không thay thế Giấy tiếp nhận hồ sơ và hẹn trả kết quả)");
    l.gap(1.5);
    l.labelled("Mã hồ sơ:", s.code);
    // the record QR beside the text on A4, under it on the roll
    let qr = qr_item(s.record_url, 0.0, 0.0, module);
    let qr_size = match &qr {
        Some(Item::Qr { size, .. }) => *size,
        _ => 0.0,
    };
    let qr_at = match paper {
        Paper::Roll80 => {
            let at = (x + (w - qr_size) / 2.0, l.y + 2.0);
            l.y += qr_size + 2.0;
            l.centred(Face::Italic, size - 1.5, "Quét mã để tra cứu hồ sơ trên Cổng Dịch vụ công");
            at
        }
        Paper::HalfA4 => {
            let at = (x + w - qr_size, l.y + 1.0);
            l.w = w - qr_size - 4.0;
            at
        }
    };
    if let Some(Item::Qr { size: qs, n, dark, .. }) = qr {
        l.items.push(Item::Qr { x: qr_at.0, y: qr_at.1, size: qs, n, dark });
    }
    l.gap(1.0);
    l.labelled("Thủ tục:", &format!("{} (mã {})", s.procedure, s.procedure_code));
    match s.booking {
        Some(b) if b.visit == Visit::Home => {
            l.labelled("Hẹn cán bộ đến nhà:", &format!("{} ngày {}", b.slot.time(), b.slot.day));
            if let Some(a) = &b.address {
                l.labelled("Tại:", a);
            }
        }
        Some(b) => {
            l.labelled("Hẹn nộp hồ sơ:", &format!("{} ngày {}", b.slot.time(), b.slot.day));
            l.labelled("Nộp tại:", s.desk);
        }
        None => l.labelled("Nộp hồ sơ tại:", s.desk),
    }
    if paper == Paper::HalfA4 {
        // below the QR the text takes the whole width again
        l.y = l.y.max(qr_at.1 + qr_size - size * PT);
        l.w = w;
    }
    if !s.papers.is_empty() {
        l.labelled("Giấy tờ mang theo:", "");
        for p in s.papers {
            l.para(Face::Regular, size, 2.0, &format!("- {p}"));
        }
    }
    let way = match s.delivery.way {
        Way::Desk => "Nhận trực tiếp tại Bộ phận Một cửa".to_string(),
        Way::Post => format!("Gửi qua bưu điện (bưu chính công ích) đến: {}", s.delivery.address.as_deref().unwrap_or_default()),
        Way::Electronic => "Bản điện tử, gửi vào Kho quản lý dữ liệu điện tử của Ông/Bà trên Cổng Dịch vụ công quốc gia".to_string(),
    };
    l.labelled("Nhận kết quả:", &way);
    if let Some(note) = s.post_note.as_deref().filter(|_| s.delivery.way == Way::Post) {
        l.para(Face::Italic, size - 0.5, 2.0, note);
    }
    if let Some(why) = s.in_person {
        l.para(Face::Italic, size - 0.5, 2.0, why);
    }
    match (s.days, s.due) {
        (Some(days), Some(due)) => {
            l.labelled("Thời hạn giải quyết:", &format!("{} ({})", days_text(days, s.cutoff), s.basis));
            l.labelled("Ngày hẹn trả kết quả (dự kiến):", &due.to_string());
        }
        _ => l.labelled("Ngày hẹn trả kết quả:", "cán bộ tiếp nhận ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
    }
    l.labelled("Góp ý, phản ánh:", &format!("đường dây nóng {}", s.hotline));
    l.gap(1.0);
    l.para(Face::Italic, size - 1.5, 0.0, &format!("In tại kiosk lúc {}", s.printed_at));
    let height = match paper {
        Paper::Roll80 => l.y + 10.0,
        Paper::HalfA4 => PAGE_H,
    };
    let mut items = l.items;
    if paper == Paper::HalfA4 {
        // the cut line halfway down the page (further down if the slip is longer)
        let y = (PAGE_H / 2.0).max(items.iter().filter_map(|i| if let Item::Text { y, .. } = i { Some(*y) } else { None }).fold(0.0, f32::max) + 6.0);
        items.push(Item::Line { x1: 10.0, y1: y, x2: PAGE_W - 10.0, y2: y, width: 0.4, dotted: true });
    }
    let width = if paper == Paper::Roll80 { 80.0 } else { PAGE_W };
    Document { title: TITLE.to_string(), pages: vec![Page { items }], width, height }
}
