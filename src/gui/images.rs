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

/// A new review picture from the flow (none after a wipe): decoded once, shown at its own
/// size, kept for resampling, and fitted to the boxes.
pub(super) fn show_preview(shell: &Shell, ui: &AppWindow) {
    let page = {
        let flow = shell.flow.borrow();
        let png = &flow.view().preview;
        if png.is_empty() {
            None
        } else {
            image::load_from_memory(png).ok().map(|i| i.to_luma8())
        }
    };
    ui.global::<ReviewAdapter>().set_preview(page.as_ref().map(image_of_gray).unwrap_or_default());
    *shell.page.borrow_mut() = page;
    fit_preview(shell, ui);
}

/// The review picture resampled to the boxes it is shown in (Slint would shrink it without
/// filtering, losing thin strokes such as the bar of "Đ").
fn fit_preview(shell: &Shell, ui: &AppWindow) {
    let review = ui.global::<ReviewAdapter>();
    let (w, h, large) = shell.boxes.get();
    let page = shell.page.borrow();
    let Some(page) = page.as_ref() else {
        review.set_preview_small(Image::default());
        review.set_preview_large(Image::default());
        return;
    };
    let sf = ui.window().scale_factor();
    let px = |l: f32| (l * sf).floor().max(0.0) as u32;
    review.set_preview_small(image_of_gray(&crate::preview::fit(page, px(w), px(h))));
    review.set_preview_large(image_of_gray(&crate::preview::fit(page, px(large), u32::MAX)));
}

/// A box of the review picture changed size: resample the page to it.
pub(super) fn refit(shell: &Weak<Shell>, boxes: impl Fn((f32, f32, f32)) -> (f32, f32, f32)) {
    let Some(shell) = shell.upgrade() else { return };
    let new = boxes(shell.boxes.get());
    if new != shell.boxes.get() {
        shell.boxes.set(new);
        if let Some(ui) = shell.ui.upgrade() {
            fit_preview(&shell, &ui);
        }
    }
}

fn image_of_gray(g: &image::GrayImage) -> Image {
    let rgba = image::DynamicImage::ImageLuma8(g.clone()).to_rgba8();
    Image::from_rgba8(SharedPixelBuffer::<Rgba8Pixel>::clone_from_slice(rgba.as_raw(), rgba.width(), rgba.height()))
}
