//! Drawing a computed page layout into a PDF with printpdf, with the bundled Kiosk Serif (Liberation Serif derived)
//! Serif faces embedded as per-document subsets (only the glyphs the document uses).

use crate::core::layout::{Document, Face, FontMetrics, Item};
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage,
    RawImageData, RawImageFormat, Rect, Rgb, TextItem, XObjectTransform,
};
use std::collections::{BTreeMap, BTreeSet};

pub const REGULAR: &[u8] = include_bytes!("../assets/fonts/KioskSerif-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../assets/fonts/KioskSerif-Bold.ttf");
pub const ITALIC: &[u8] = include_bytes!("../assets/fonts/KioskSerif-Italic.ttf");

/// zlib level for the PDF's streams.
const COMPRESSION: u32 = 6;

/// Metrics of the bundled faces, for the layout.
pub fn metrics() -> FontMetrics<'static> {
    FontMetrics::new(REGULAR, BOLD, ITALIC).expect("bundled fonts parse")
}

fn face_bytes(f: Face) -> &'static [u8] {
    match f {
        Face::Regular => REGULAR,
        Face::Bold => BOLD,
        Face::Italic => ITALIC,
    }
}

/// `data` as one zlib stream (the same bytes a new `ZlibEncoder` at the same level gives).
fn zlib(z: &mut flate2::Compress, data: &[u8]) -> Result<Vec<u8>, PdfError> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let status = z.compress_vec(&data[z.total_in() as usize..], &mut out, flate2::FlushCompress::Finish).map_err(|e| PdfError::Write(e.to_string()))?;
        match status {
            flate2::Status::StreamEnd => return Ok(out),
            // the output is full: room for more
            _ => out.reserve(out.capacity().max(64)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("cannot subset the font: {0}")]
    Subset(String),
    #[error("cannot read the subset font")]
    Font,
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// A TrueType subset of `bytes` holding the glyphs of `chars` (plus .notdef), with a
/// Unicode cmap so the PDF's text maps back to the characters.
fn subset(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, PdfError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| PdfError::Subset(e.to_string()))?;
    let mut ids: BTreeSet<u16> = chars.iter().filter_map(|c| face.glyph_index(*c)).map(|g| g.0).collect();
    ids.remove(&0);
    let ids: Vec<u16> = std::iter::once(0).chain(ids).collect();
    let font = ReadScope::new(bytes).read::<FontData<'_>>().map_err(|e| PdfError::Subset(e.to_string()))?;
    let provider = font.table_provider(0).map_err(|e| PdfError::Subset(e.to_string()))?;
    allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| PdfError::Subset(e.to_string()))
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

fn point(height: f32, x: f32, y_from_top: f32) -> Point {
    Point { x: pt(x), y: pt(height - y_from_top) }
}

/// A PDF text string: UTF-16BE with its byte-order mark (Vietnamese titles).
fn text_string(s: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// The document information: title, producer, language, and the creation date — the
/// dossier's confirmation time (Vietnam's time, +07:00), none before confirmation.
fn set_metadata(lo: &mut lopdf::Document, title: &str, created: Option<chrono::NaiveDateTime>) {
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text_string(title));
    info.set("Producer", text_string(&format!("form-kiosk {}", env!("CARGO_PKG_VERSION"))));
    info.set("Creator", text_string("form-kiosk — Công dân không viết"));
    if let Some(t) = created {
        let d = t.format("D:%Y%m%d%H%M%S+07'00'").to_string();
        info.set("CreationDate", lopdf::Object::string_literal(d.clone()));
        info.set("ModDate", lopdf::Object::string_literal(d));
    }
    // printpdf's own dictionary (1970 dates) goes
    if let Ok(old) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        lo.objects.remove(&old);
    }
    let id = lo.add_object(info);
    lo.trailer.set("Info", id);
    if let Ok(root) = lo.trailer.get(b"Root").and_then(|r| r.as_reference()) {
        if let Ok(catalog) = lo.get_object_mut(root).and_then(|o| o.as_dict_mut()) {
            catalog.set("Lang", text_string("vi-VN"));
            // printpdf's XMP packet carries 1970 dates; the Info dictionary says it all
            catalog.remove(b"Metadata");
        }
    }
}

/// The PDF bytes of a laid-out document; `created` is the dossier's confirmation time.
pub fn render(doc: &Document, created: Option<chrono::NaiveDateTime>) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&doc.title);
    // subset each face to the characters the document uses
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for p in &doc.pages {
        for i in &p.items {
            if let Item::Text { face, text, .. } = i {
                used.entry(*face).or_default().extend(text.chars());
            }
        }
    }
    let mut fonts: BTreeMap<Face, FontId> = BTreeMap::new();
    for (face, chars) in &used {
        let bytes = subset(face_bytes(*face), chars)?;
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or(PdfError::Font)?;
        fonts.insert(*face, pdf.add_font(&parsed));
    }

    let black = Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None });
    let mut pages = Vec::new();
    for p in &doc.pages {
        let mut ops = vec![Op::SetFillColor { col: black.clone() }, Op::SetOutlineColor { col: black.clone() }];
        for item in &p.items {
            match item {
                Item::Text { x, y, face, size, text } => {
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont { font: PdfFontHandle::External(fonts[face].clone()), size: Pt(*size) });
                    ops.push(Op::SetTextCursor { pos: point(doc.height, *x, *y) });
                    ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                    ops.push(Op::EndTextSection);
                }
                Item::Line { x1, y1, x2, y2, width, dotted } => {
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    let dash = if *dotted { LineDashPattern::new(0.0, &[0.8, 1.6]) } else { LineDashPattern::solid() };
                    ops.push(Op::SetLineDashPattern { dash });
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint { p: point(doc.height, *x1, *y1), bezier: false },
                                LinePoint { p: point(doc.height, *x2, *y2), bezier: false },
                            ],
                            is_closed: false,
                        },
                    });
                }
                Item::Rect { x, y, w, h } => {
                    ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
                    ops.push(Op::SetLineDashPattern { dash: LineDashPattern::solid() });
                    let mut r = Rect::from_xywh(pt(*x), pt(doc.height - y - h), pt(*w), pt(*h));
                    r.mode = Some(PaintMode::Stroke);
                    ops.push(Op::DrawRectangle { rectangle: r });
                }
                Item::Qr { x, y, size, n, dark } => {
                    // one grey pixel per module, scaled up without interpolation: a few
                    // hundred bytes once compressed, where vector modules would take kilobytes
                    let pixels = dark.iter().map(|d| if *d { 0u8 } else { 255 }).collect();
                    let img = RawImage { pixels: RawImageData::U8(pixels), width: *n, height: *n, data_format: RawImageFormat::R8, tag: Vec::new() };
                    let id = pdf.add_image(&img);
                    ops.push(Op::UseXobject {
                        id,
                        transform: XObjectTransform {
                            translate_x: Some(pt(*x)),
                            translate_y: Some(pt(doc.height - y - size)),
                            dpi: Some(*n as f32 / (size / 25.4)),
                            ..Default::default()
                        },
                    });
                }
            }
        }
        pages.push(PdfPage::new(Mm(doc.width), Mm(doc.height), ops));
    }
    pdf.with_pages(pages);
    // fonts are subset above; images stay lossless (QR codes). printpdf would compress every
    // stream at zlib's best level, most of the time of a render for a few hundred bytes:
    // compress at the default level here instead
    let opts = PdfSaveOptions { subset_fonts: false, image_optimization: None, optimize: false, ..Default::default() };
    let mut lo = pdf.to_lopdf_document(&opts, &mut Vec::new());
    // one compressor for every stream: making one costs more than compressing a content
    // stream (its tables are allocated and cleared each time)
    let mut z = flate2::Compress::new(flate2::Compression::new(COMPRESSION), true);
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let packed = zlib(&mut z, &stream.content)?;
                if packed.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(packed);
                }
            }
        }
    }
    set_metadata(&mut lo, &doc.title, created);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}
