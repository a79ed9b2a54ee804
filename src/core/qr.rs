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

/// A row or column of up to 192 modules as bits (bit `i` = module `i`, 1 = dark); modules
/// past the symbol's edge are 0, light as the quiet zone.
type Bits = [u64; 3];

/// The widest symbol (version 40) fits a [`Bits`].
const MAX_SIDE: usize = 177;

/// `out[i] = a[i - k]` (0 where `i < k`), for `1 ≤ k < 64`.
fn up(a: &Bits, k: u32) -> Bits {
    [a[0] << k, (a[1] << k) | (a[0] >> (64 - k)), (a[2] << k) | (a[1] >> (64 - k))]
}

/// `out[i] = a[i + k]` (0 past the end), for `1 ≤ k < 64`.
fn down(a: &Bits, k: u32) -> Bits {
    [(a[0] >> k) | (a[1] << (64 - k)), (a[1] >> k) | (a[2] << (64 - k)), a[2] >> k]
}

fn zip(a: &Bits, b: &Bits, f: impl Fn(u64, u64) -> u64) -> Bits {
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

fn ones(a: &Bits) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// Bits `0..n` set.
fn first(n: usize) -> Bits {
    let mut b = [0u64; 3];
    for (w, word) in b.iter_mut().enumerate() {
        let bits = n.saturating_sub(w * 64).min(64);
        *word = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
    }
    b
}

/// The ISO/IEC 18004 §7.8.3 penalty of a masked symbol (lower is better), on rows and
/// columns packed as bits: each rule is a few shifts and bit counts per line instead of a
/// step per module (the mask choice scores eight masks of two symbols per printed form).
pub fn penalty(n: usize, d: &[bool]) -> u32 {
    assert!(n <= MAX_SIDE && d.len() == n * n, "a QR symbol is at most {MAX_SIDE} modules wide");
    let mut rows = vec![[0u64; 3]; n];
    let mut cols = vec![[0u64; 3]; n];
    for y in 0..n {
        for x in 0..n {
            if d[y * n + x] {
                rows[y][x / 64] |= 1 << (x % 64);
                cols[x][y / 64] |= 1 << (y % 64);
            }
        }
    }
    let valid = first(n);
    let mut score = 0u32;
    for line in rows.iter().chain(&cols) {
        score += line_penalty(line, &valid);
    }
    // N2: 2×2 blocks of one colour
    let inner = first(n - 1);
    let same_as_next = |a: &Bits| zip(&zip(a, &down(a, 1), |x, y| !(x ^ y)), &inner, |x, m| x & m);
    for pair in rows.windows(2) {
        let level = zip(&pair[0], &pair[1], |x, y| !(x ^ y));
        score += 3 * ones(&zip(&zip(&same_as_next(&pair[0]), &same_as_next(&pair[1]), |x, y| x & y), &level, |x, y| x & y));
    }
    // N4: balance of dark and light, 10 per 5 % away from half
    let dark: usize = rows.iter().map(|r| ones(r) as usize).sum();
    let percent = dark * 100 / (n * n);
    score + (percent.abs_diff(50) / 5) as u32 * 10
}

/// N1 (runs of five or more) and N3 (1:1:3:1:1 finder-like patterns with four light
/// modules on one side; outside the symbol is the light quiet zone) along one line.
fn line_penalty(a: &Bits, valid: &Bits) -> u32 {
    let and = |x: &Bits, y: &Bits| zip(x, y, |p, q| p & q);
    let or = |x: &Bits, y: &Bits| zip(x, y, |p, q| p | q);
    let not = |x: &Bits| zip(x, valid, |p, m| !p & m);
    // module i the colour of module i − 1 (never at 0)
    let same = and(&zip(a, &up(a, 1), |x, y| !(x ^ y)), &zip(valid, &[1, 0, 0], |m, z| m & !z));
    // a run of length L ≥ 5 scores L − 2: one point for each of its modules from the fifth
    // on, plus two where it reaches five (the module five back is of another colour)
    let five = and(&and(&same, &up(&same, 1)), &and(&up(&same, 2), &up(&same, 3)));
    let n1 = ones(&five) + 2 * ones(&and(&five, &not(&up(&same, 4))));
    // dark, light, dark ×3, light, dark from module i on
    let light = not(a);
    let core = [down(a, 2), down(a, 3), down(a, 4), down(a, 6), down(&light, 1), down(&light, 5)].iter().fold(*a, |acc, b| and(&acc, b));
    let before = not(&or(&or(&up(a, 1), &up(a, 2)), &or(&up(a, 3), &up(a, 4))));
    let after = not(&or(&or(&down(a, 7), &down(a, 8)), &or(&down(a, 9), &down(a, 10))));
    let n3 = 40 * ones(&and(&and(&core, valid), &or(&before, &after)));
    n1 + n3
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules module by module, as the standard states them: what [`penalty`] must equal.
    fn reference_penalty(n: usize, d: &[bool]) -> u32 {
        let at = |x: usize, y: usize| d[y * n + x];
        let mut score = 0u32;
        for horizontal in [true, false] {
            for i in 0..n {
                let l: Vec<bool> = (0..n).map(|j| if horizontal { at(j, i) } else { at(i, j) }).collect();
                let mut run = 1u32;
                for b in 1..n {
                    run = if l[b] == l[b - 1] { run + 1 } else { 1 };
                    score += (run >= 5) as u32 + 2 * (run == 5) as u32;
                }
                let light = |k: isize| k < 0 || k >= n as isize || !l[k as usize];
                for s in 0..n.saturating_sub(6) {
                    let finder = [true, false, true, true, true, false, true];
                    if finder.iter().enumerate().all(|(k, f)| l[s + k] == *f) {
                        let s = s as isize;
                        if (1..=4).all(|k| light(s - k)) || (7..11).all(|k| light(s + k)) {
                            score += 40;
                        }
                    }
                }
            }
        }
        for y in 0..n - 1 {
            for x in 0..n - 1 {
                let c = at(x, y);
                score += 3 * (at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c) as u32;
            }
        }
        let dark = d.iter().filter(|x| **x).count();
        score + ((dark * 100 / (n * n)).abs_diff(50) / 5) as u32 * 10
    }

    /// The packed rules score every symbol as the module-by-module ones: random symbols of
    /// every size up to version 40, and real ones under each mask.
    #[test]
    fn packed_penalty_equals_the_rules() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in (5..=177).step_by(4).chain([63, 64, 65, 127, 128, 129, 176]) {
            for density in [2, 3, 5] {
                let d: Vec<bool> = (0..n * n).map(|_| next() % density == 0).collect();
                assert_eq!(penalty(n, &d), reference_penalty(n, &d), "n = {n}");
            }
        }
        for payload in ["https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so=000.00.00.H20-261127-0001", &"FKZ1:1/1:A:".repeat(80)] {
            let bits = qrcode::bits::encode_auto(payload.as_bytes(), EcLevel::M).unwrap();
            let version = bits.version();
            let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).unwrap();
            let mut base = Canvas::new(version, EcLevel::M);
            base.draw_all_functional_patterns();
            base.draw_data(&data, &ec);
            for m in MASKS {
                let mut c = base.clone();
                c.apply_mask(m);
                let dark: Vec<bool> = c.into_colors().into_iter().map(|x| x == Color::Dark).collect();
                let n = version.width() as usize;
                assert_eq!(penalty(n, &dark), reference_penalty(n, &dark));
            }
        }
    }

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
