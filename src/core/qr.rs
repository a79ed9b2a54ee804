//! QR symbols for the printed page. Encoding (segments, error correction, placement, masks)
//! is the `qrcode` crate's; only the choice among the eight masks is done here, with the
//! ISO/IEC 18004 penalty rules written as plain loops over booleans — the crate's own
//! scoring dominated the time to render a form (about 3 ms per large symbol).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Modules per side.
    pub n: usize,
    /// Row-major, `true` = dark; no quiet zone.
    pub dark: Vec<bool>,
}

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Encode `data` at error-correction level `ec` in the smallest version that holds it.
pub fn encode(data: &[u8], ec: EcLevel) -> Option<Symbol> {
    let bits = qrcode::bits::encode_auto(data, ec).ok()?;
    let version = bits.version();
    let bytes = bits.into_bytes();
    let (codewords, ec_codewords) = qrcode::ec::construct_codewords(&bytes, version, ec).ok()?;
    let mut base = Canvas::new(version, ec);
    base.draw_all_functional_patterns();
    base.draw_data(&codewords, &ec_codewords);
    let n = version.width() as usize;
    MASKS
        .iter()
        .map(|m| {
            let mut c = base.clone();
            c.apply_mask(*m);
            let dark: Vec<bool> = c.into_colors().into_iter().map(|x| x == Color::Dark).collect();
            (penalty(n, &dark), dark)
        })
        .min_by_key(|(p, _)| *p)
        .map(|(_, dark)| Symbol { n, dark })
}

/// The ISO/IEC 18004 §7.8.3 penalty of a masked symbol (lower is better). Written without
/// data-dependent branches where it can be: on random-looking modules those mispredict.
pub fn penalty(n: usize, d: &[bool]) -> u32 {
    let rows: Vec<u8> = d.iter().map(|b| *b as u8).collect();
    // columns as rows, so every line is a contiguous slice
    let mut cols = vec![0u8; n * n];
    for y in 0..n {
        for x in 0..n {
            cols[x * n + y] = rows[y * n + x];
        }
    }
    let mut score = 0u32;
    for lines in [&rows[..], &cols[..]] {
        for line in lines.chunks_exact(n) {
            score += line_penalty(line);
        }
    }
    // N2: 2×2 blocks of one colour
    for y in 0..n - 1 {
        let (r0, r1) = (&rows[y * n..(y + 1) * n], &rows[(y + 1) * n..(y + 2) * n]);
        for x in 0..n - 1 {
            let c = r0[x];
            score += 3 * ((r0[x + 1] == c) & (r1[x] == c) & (r1[x + 1] == c)) as u32;
        }
    }
    // N4: balance of dark and light, 10 per 5 % away from half
    let dark: usize = rows.iter().map(|x| *x as usize).sum();
    let percent = dark * 100 / rows.len();
    score + (percent.abs_diff(50) / 5) as u32 * 10
}

/// N1 (runs of five or more) and N3 (1:1:3:1:1 finder-like patterns with four light
/// modules on one side; outside the symbol is the light quiet zone) along one line.
fn line_penalty(l: &[u8]) -> u32 {
    let n = l.len();
    let mut score = 0u32;
    // a run of length L ≥ 5 scores L − 2: one point for each of its modules from the fifth
    // on, plus two when it reaches five
    let mut run = 1u32;
    for b in 1..n {
        run = if l[b] == l[b - 1] { run + 1 } else { 1 };
        score += (run >= 5) as u32 + 2 * (run == 5) as u32;
    }
    let light = |i: isize| i < 0 || i >= n as isize || l[i as usize] == 0;
    for i in 0..n.saturating_sub(6) {
        let core = l[i] & (1 - l[i + 1]) & l[i + 2] & l[i + 3] & l[i + 4] & (1 - l[i + 5]) & l[i + 6];
        if core == 1 {
            let i = i as isize;
            if (1..=4).all(|k| light(i - k)) || (7..11).all(|k| light(i + k)) {
                score += 40;
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_as_the_crate_and_a_valid_mask() {
        for payload in ["https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=000.00.00.H20-261127-0001", &"FKZ1:1/1:A:".repeat(80)] {
            let ours = encode(payload.as_bytes(), EcLevel::M).unwrap();
            let theirs = qrcode::QrCode::with_error_correction_level(payload, EcLevel::M).unwrap();
            assert_eq!(ours.n, theirs.width());
            // the crate's own choice scores no better under the same rules
            let theirs_dark: Vec<bool> = theirs.to_colors().into_iter().map(|c| c == Color::Dark).collect();
            assert!(penalty(ours.n, &ours.dark) <= penalty(ours.n, &theirs_dark));
        }
    }

    #[test]
    fn penalty_rules() {
        // all light 5×5: N1 5 rows + 5 columns of 5 (3 each), N2 16 blocks, N4 100 % light
        let d = vec![false; 25];
        assert_eq!(penalty(5, &d), 10 * 3 + 16 * 3 + 10 * 10);
    }
}
