//! Pictures on the screens: the QR codes, and the review page resampled by the kiosk to the
//! boxes it is shown in.

use super::{AppWindow, ReviewAdapter, Shell};
use slint::{ComponentHandle, Image, Rgba8Pixel, SharedPixelBuffer};
use std::rc::Weak;

/// A QR code as an image, 8 pixels per module with a quiet zone.
pub(super) fn qr_image(payload: &str) -> Image {
    let Some(sym) = crate::core::qr::encode(payload.as_bytes(), qrcode::EcLevel::M) else { return Image::default() };
    let (scale, quiet) = (8usize, 4usize);
    let side = (sym.n + 2 * quiet) * scale;
    let mut buf = SharedPixelBuffer::<Rgba8Pixel>::new(side as u32, side as u32);
    for (i, px) in buf.make_mut_slice().iter_mut().enumerate() {
        let (x, y) = ((i % side) / scale, (i / side) / scale);
        let dark = x >= quiet && y >= quiet && x < quiet + sym.n && y < quiet + sym.n && sym.dark[(y - quiet) * sym.n + (x - quiet)];
        let v = if dark { 0 } else { 255 };
        *px = Rgba8Pixel { r: v, g: v, b: v, a: 255 };
    }
    Image::from_rgba8(buf)
}

/// A review picture drawn on a worker thread, back for the window.
pub(super) struct Picture {
    /// Which request it answers: an older one is dropped when a newer was made.
    generation: u64,
    /// The page at the review's resolution (kept for resampling to new boxes).
    page: std::sync::Arc<image::GrayImage>,
    full: Option<SharedPixelBuffer<Rgba8Pixel>>,
    small: SharedPixelBuffer<Rgba8Pixel>,
    large: SharedPixelBuffer<Rgba8Pixel>,
}

/// What a worker draws from: the laid-out page, or the page already drawn (new boxes).
enum Draw {
    Layout(std::sync::Arc<crate::core::layout::Document>),
    Resample(std::sync::Arc<image::GrayImage>),
}

/// A new review picture from the flow. None (a wipe): the pictures go at once. A page: it is
/// drawn, resampled to the boxes and converted on a worker thread (tens of milliseconds at
/// 125 dpi, which the event that made it does not wait for); the picture shown so far stays
/// until the new one is ready.
pub(super) fn show_preview(shell: &Shell, ui: &AppWindow) {
    let generation = next_generation(shell);
    let doc = shell.flow.borrow().view().preview.clone();
    match doc {
        None => {
            *shell.page.borrow_mut() = None;
            shell.drawing_page.set(false);
            let review = ui.global::<ReviewAdapter>();
            review.set_preview(Image::default());
            review.set_preview_small(Image::default());
            review.set_preview_large(Image::default());
        }
        Some(doc) => {
            shell.drawing_page.set(true);
            draw_on_worker(shell, ui, generation, Draw::Layout(doc.0))
        }
    }
}

/// A new request for the review picture: a worker's report for an earlier one is dropped.
fn next_generation(shell: &Shell) -> u64 {
    let generation = shell.picture_generation.get() + 1;
    shell.picture_generation.set(generation);
    generation
}

/// Draw (or resample) the review picture on a worker; [`picture_done`] shows it.
fn draw_on_worker(shell: &Shell, ui: &AppWindow, generation: u64, source: Draw) {
    let (w, h, large) = shell.boxes.get();
    let sf = ui.window().scale_factor();
    let px = move |l: f32| (l * sf).floor().max(0.0) as u32;
    let (tx, weak) = (shell.pictures.0.clone(), ui.as_weak());
    std::thread::spawn(move || {
        let (page, full) = match source {
            Draw::Layout(doc) => {
                let page = crate::preview::render_page(&doc, 0, crate::flow::PREVIEW_DPI);
                let full = rgba(&page);
                (std::sync::Arc::new(page), Some(full))
            }
            Draw::Resample(page) => (page, None),
        };
        let small = rgba(&crate::preview::fit(&page, px(w), px(h)));
        let large = rgba(&crate::preview::fit(&page, px(large), u32::MAX));
        if tx.send(Picture { generation, page, full, small, large }).is_ok() {
            let _ = weak.upgrade_in_event_loop(|ui| ui.global::<super::SessionAdapter>().invoke_worker_done());
        }
    });
}

/// Pictures the workers finished: the newest request's is shown, older ones are dropped.
pub(super) fn picture_done(shell: &Shell, ui: &AppWindow) {
    let done: Vec<Picture> = shell.pictures.1.try_iter().collect();
    let Some(p) = done.into_iter().filter(|p| p.generation == shell.picture_generation.get()).last() else { return };
    let review = ui.global::<ReviewAdapter>();
    if let Some(full) = p.full {
        review.set_preview(Image::from_rgba8(full));
        shell.drawing_page.set(false);
    }
    review.set_preview_small(Image::from_rgba8(p.small));
    review.set_preview_large(Image::from_rgba8(p.large));
    *shell.page.borrow_mut() = Some(p.page);
}

/// A box of the review picture changed size: resample the page to it (on a worker).
pub(super) fn refit(shell: &Weak<Shell>, boxes: impl Fn((f32, f32, f32)) -> (f32, f32, f32)) {
    let Some(shell) = shell.upgrade() else { return };
    let new = boxes(shell.boxes.get());
    if new != shell.boxes.get() {
        shell.boxes.set(new);
        // a page still being drawn is drawn again for the new boxes; one drawn is resampled
        let source = if shell.drawing_page.get() {
            shell.flow.borrow().view().preview.clone().map(|d| Draw::Layout(d.0))
        } else {
            shell.page.borrow().clone().map(Draw::Resample)
        };
        if let (Some(ui), Some(source)) = (shell.ui.upgrade(), source) {
            draw_on_worker(&shell, &ui, next_generation(&shell), source);
        }
    }
}

/// A grey page as the window's pixels.
fn rgba(g: &image::GrayImage) -> SharedPixelBuffer<Rgba8Pixel> {
    let mut buf = SharedPixelBuffer::<Rgba8Pixel>::new(g.width(), g.height());
    for (px, v) in buf.make_mut_slice().iter_mut().zip(g.as_raw()) {
        *px = Rgba8Pixel { r: *v, g: *v, b: *v, a: 255 };
    }
    buf
}
