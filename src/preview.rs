//! A PNG of a laid-out page for the review screen, drawn from the same layout and the same
//! fonts as the PDF (ab_glyph rasterises the glyph outlines). Chosen over pdfium/poppler
//! bindings: no system library, a few milliseconds per page, and what the citizen reviews is
//! exactly the layout that is printed.

use crate::core::layout::{Document, Face, Item};
use crate::pdf::{BOLD, ITALIC, REGULAR};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, Luma};

fn font(face: Face) -> FontRef<'static> {
    let bytes = match face {
        Face::Regular => REGULAR,
        Face::Bold => BOLD,
        Face::Italic => ITALIC,
    };
    FontRef::try_from_slice(bytes).expect("bundled fonts parse")
}

fn darken(img: &mut GrayImage, x: i64, y: i64, coverage: f32) {
    if x < 0 || y < 0 || x >= img.width() as i64 || y >= img.height() as i64 {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    let v = (p.0[0] as f32 * (1.0 - coverage.clamp(0.0, 1.0))) as u8;
    p.0[0] = v;
}

fn fill_rect(img: &mut GrayImage, x0: f32, y0: f32, x1: f32, y1: f32) {
    let (xa, xb) = (x0.round() as i64, x1.round().max(x0.round() + 1.0) as i64);
    let (ya, yb) = (y0.round() as i64, y1.round().max(y0.round() + 1.0) as i64);
    for y in ya..yb {
        for x in xa..xb {
            darken(img, x, y, 1.0);
        }
    }
}

/// Render page `index` at `dpi` (greyscale, white paper).
pub fn render_page(doc: &Document, index: usize, dpi: f32) -> GrayImage {
    let s = dpi / 25.4; // px per mm
    let mut img = GrayImage::from_pixel((doc.width * s).round() as u32, (doc.height * s).round() as u32, Luma([255]));
    if let Some(page) = doc.pages.get(index) {
        draw(&mut img, &page.items, dpi);
    }
    img
}

/// One line of text alone, on a strip as wide as the text and twice its size high (room for
/// the stacked marks of "Ễ" above and "ỵ" below), baseline at 1.4 × its size: what the review picture draws of that text at `dpi` (for
/// checking glyphs without drawing a page).
pub fn render_line(face: Face, size: f32, text: &str, dpi: f32) -> GrayImage {
    use crate::core::layout::Measure;
    let s = dpi / 25.4;
    let pt_mm = 25.4 / 72.0;
    let w = crate::pdf::metrics().width(face, size, text) + size * pt_mm;
    let mut img = GrayImage::from_pixel((w * s).ceil() as u32, (2.0 * size * pt_mm * s).ceil() as u32, Luma([255]));
    let item = Item::Text { x: size * pt_mm / 2.0, y: 1.4 * size * pt_mm, face, size, text: text.to_string() };
    draw(&mut img, std::slice::from_ref(&item), dpi);
    img
}

fn draw(img: &mut GrayImage, items: &[Item], dpi: f32) {
    let s = dpi / 25.4; // px per mm
    let faces = [font(Face::Regular), font(Face::Bold), font(Face::Italic)];
    for item in items {
        match item {
            Item::Text { x, y, face, size, text } => {
                let f = &faces[*face as usize];
                // ab_glyph scales by ascent-to-descent height; the layout by the em
                let em = size * dpi / 72.0;
                let px = em * f.height_unscaled() / f.units_per_em().unwrap_or(2048.0);
                let scaled = f.as_scaled(PxScale::from(px));
                let mut pen = x * s;
                let base = y * s;
                for c in text.chars() {
                    let id = scaled.glyph_id(c);
                    let g = id.with_scale_and_position(px, ab_glyph::point(pen, base));
                    if let Some(o) = f.outline_glyph(g) {
                        let b = o.px_bounds();
                        o.draw(|gx, gy, cov| darken(img, b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64, cov));
                    }
                    pen += scaled.h_advance(id);
                }
            }
            Item::Line { x1, y1, x2, y2, width, dotted } => {
                let w = (width * 0.3528 * s).max(1.0);
                let (xa, xb) = (x1.min(*x2) * s, x1.max(*x2) * s);
                let (ya, yb) = (y1.min(*y2) * s, y1.max(*y2) * s);
                if *dotted {
                    let step = 2.4 * 0.3528 * s;
                    let mut x = xa;
                    while x < xb {
                        fill_rect(img, x, ya - w / 2.0, (x + step / 3.0).min(xb), ya + w / 2.0);
                        x += step;
                    }
                } else {
                    fill_rect(img, xa, ya - w / 2.0, xb.max(xa + w), yb + w / 2.0);
                }
            }
            Item::Rect { x, y, w, h } => {
                let t = (0.6 * 0.3528 * s).max(1.0);
                let (x0, y0, x1, y1) = (x * s, y * s, (x + w) * s, (y + h) * s);
                fill_rect(img, x0, y0, x1, y0 + t);
                fill_rect(img, x0, y1 - t, x1, y1);
                fill_rect(img, x0, y0, x0 + t, y1);
                fill_rect(img, x1 - t, y0, x1, y1);
            }
            Item::Qr { x, y, size, n, dark } => {
                let m = size / *n as f32 * s;
                for r in 0..*n {
                    for c in 0..*n {
                        if dark[r * n + c] {
                            let (px, py) = (x * s + c as f32 * m, y * s + r as f32 * m);
                            fill_rect(img, px, py, px + m, py + m);
                        }
                    }
                }
            }
        }
    }
}

/// PNG bytes of page `index`.
pub fn png(doc: &Document, index: usize, dpi: f32) -> Vec<u8> {
    let img = render_page(doc, index, dpi);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("PNG encoding in memory");
    out.into_inner()
}

/// The page shrunk to fit a `w` × `h` pixel box (its proportions kept), each pixel the
/// weighted mean of those it covers, so thin strokes turn grey instead of vanishing; a page
/// that fits already is returned as it is (never enlarged).
pub fn fit(page: &GrayImage, w: u32, h: u32) -> GrayImage {
    let scale = (w as f32 / page.width() as f32).min(h as f32 / page.height() as f32);
    if scale >= 1.0 || w == 0 || h == 0 {
        return page.clone();
    }
    let (nw, nh) = (((page.width() as f32 * scale).round() as u32).max(1), ((page.height() as f32 * scale).round() as u32).max(1));
    image::imageops::resize(page, nw, nh, image::imageops::FilterType::Triangle)
}
