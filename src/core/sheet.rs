//! The official form as printed, line for line: the small markup a template's `[print]`
//! table is written in, parsed into lines of segments. `layout` places them on the page.
//!
//! A line is the annex's wording with the answers put in place:
//!
//! - `{field}`: the answer (bold, names in capitals); a dotted leader when there is none;
//! - `{field:grid}`: an ID number in the 12-box grid;
//! - `{field:date}`: a date as "ngày 05 tháng 02 năm 2026" ("ngày … tháng … năm …" when empty);
//!   `{field:Date}` the same with a capital "Ngày";
//! - `{field:dmy}`: a date as "05/02/2026" ("…/…/…" when empty);
//! - `{field=Có}`: a checkbox "□", ticked when the answer is that option;
//! - `{sign}`: room to sign (signature blocks);
//! - `[[ … ]]`: printed only when one of its answers is given (details of a choice: "theo
//!   Bản án số {divorce_number}"); inside it an empty answer prints nothing;
//! - `…` (or `...`): a blank the form leaves to write by hand, printed as a dotted leader;
//! - a line that starts with `^` is centred, with `>` right-aligned; a line written
//!   `**…**` is bold and `*…*` italic (the whole line).

use super::layout::Face;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Mode {
    /// The answer as printed ("NGUYỄN VĂN AN", "14 giờ 30 phút").
    Plain,
    /// The 12-box ID grid.
    Grid,
    /// "ngày dd tháng mm năm yyyy".
    Date,
    /// The same, starting with a capital ("Ngày dd tháng …": a line that begins with it).
    DateCap,
    /// A date as "dd/mm/yyyy", its blank as "…/…/…" (CT01).
    Dmy,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Seg {
    /// The annex's own words.
    Text(String),
    /// A blank left for handwriting.
    Blank,
    /// An answer.
    Value { field: String, mode: Mode },
    /// A checkbox, ticked when `field` is `equals`.
    Check { field: String, equals: String },
    /// Room to sign.
    Sign,
    /// Printed only when one of its answers is given.
    Group(Vec<Seg>),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub segs: Vec<Seg>,
    pub align: Align,
    /// The face of the annex's words on this line.
    pub face: Face,
}

impl Line {
    /// Ids of the fields this line prints.
    pub fn fields(&self) -> Vec<&str> {
        fn walk<'a>(segs: &'a [Seg], out: &mut Vec<&'a str>) {
            for s in segs {
                match s {
                    Seg::Value { field, .. } | Seg::Check { field, .. } => out.push(field),
                    Seg::Group(inner) => walk(inner, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.segs, &mut out);
        out
    }

    /// Every segment, those inside groups included (groups themselves left out).
    pub fn all_segs(&self) -> Vec<&Seg> {
        fn walk<'a>(segs: &'a [Seg], out: &mut Vec<&'a Seg>) {
            for s in segs {
                match s {
                    Seg::Group(inner) => walk(inner, out),
                    _ => out.push(s),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.segs, &mut out);
        out
    }

    /// The annex's words of the line, blanks as "…" (for `forms show` and diagnostics).
    pub fn wording(&self) -> String {
        let mut out = String::new();
        for s in &self.segs {
            match s {
                Seg::Text(t) => out.push_str(t),
                Seg::Blank | Seg::Value { .. } | Seg::Sign => out.push('…'),
                Seg::Check { .. } => out.push('□'),
                Seg::Group(_) => {}
            }
        }
        out
    }
}

/// A block of the printed body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Block {
    Line(Line),
    /// A table field (CT01's household members), with its header row.
    Table {
        field: String,
    },
    /// A ruled grid of lines (the marriage form's "Thông tin | Bên nữ | Bên nam"); the first
    /// row is the header. `widths` are relative (percent of the text width).
    Rows {
        rows: Vec<Vec<Line>>,
        widths: Vec<u32>,
    },
    /// Empty photo frames side by side with their captions (the marriage form).
    Photos(Vec<String>),
    /// Blocks of lines side by side inside the body (a signature row, then more of the
    /// form below it: the social-assistance form's confirmation).
    Columns(Vec<Vec<Line>>),
}

/// How a form is printed: the annex line for line.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    /// The national motto's two lines as the annex writes them (its dashes); empty: the
    /// usual wording.
    pub motto: Vec<String>,
    /// Small lines at the top right ("Mẫu CT01 ban hành kèm theo …").
    pub header: Vec<Line>,
    /// Everything between the title and the signatures.
    pub body: Vec<Block>,
    /// Lines printed at the left of a single signature block (the copies line).
    pub beside: Vec<Line>,
    /// Signature blocks, `signature_columns` to a row (one alone goes right).
    pub signatures: Vec<Vec<Line>>,
    pub signature_columns: u32,
    /// The "Chú thích" block, in smaller type.
    pub notes: Vec<Line>,
}

impl Sheet {
    /// Every line of the sheet, in print order (body rows cell by cell).
    pub fn lines(&self) -> Vec<&Line> {
        let mut out: Vec<&Line> = self.header.iter().collect();
        for b in &self.body {
            match b {
                Block::Line(l) => out.push(l),
                Block::Rows { rows, .. } => out.extend(rows.iter().flatten()),
                Block::Columns(blocks) => out.extend(blocks.iter().flatten()),
                Block::Table { .. } | Block::Photos(_) => {}
            }
        }
        out.extend(self.beside.iter());
        out.extend(self.signatures.iter().flatten());
        out.extend(self.notes.iter());
        out
    }
}

/// Parse one line of markup. Errors say what is wrong without repeating more than the
/// offending placeholder.
pub fn parse_line(src: &str) -> Result<Line, String> {
    let mut s = src.trim_end();
    let mut align = Align::Left;
    if let Some(r) = s.strip_prefix('^') {
        align = Align::Center;
        s = r;
    } else if let Some(r) = s.strip_prefix('>') {
        align = Align::Right;
        s = r;
    }
    let mut face = Face::Regular;
    if s.len() > 4 && s.starts_with("**") && s.ends_with("**") {
        face = Face::Bold;
        s = &s[2..s.len() - 2];
    } else if s.len() > 2 && s.starts_with('*') && s.ends_with('*') && !s.starts_with("**") {
        face = Face::Italic;
        s = &s[1..s.len() - 1];
    }
    let s = s.replace("...", "…");
    let mut chars = s.chars().peekable();
    let segs = parse_segs(&mut chars, false)?;
    Ok(Line { segs, align, face })
}

fn parse_segs(chars: &mut std::iter::Peekable<std::str::Chars>, in_group: bool) -> Result<Vec<Seg>, String> {
    let mut segs = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, segs: &mut Vec<Seg>| {
        if !text.is_empty() {
            segs.push(Seg::Text(std::mem::take(text)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '…' => {
                flush(&mut text, &mut segs);
                while chars.peek() == Some(&'…') {
                    chars.next();
                }
                segs.push(Seg::Blank);
            }
            '{' => {
                flush(&mut text, &mut segs);
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err("`{` without its `}`".into()),
                    }
                }
                segs.push(placeholder(inner.trim())?);
            }
            '}' => return Err("`}` without its `{`".into()),
            '[' if chars.peek() == Some(&'[') => {
                chars.next();
                if in_group {
                    return Err("`[[` inside `[[ … ]]`".into());
                }
                flush(&mut text, &mut segs);
                segs.push(Seg::Group(parse_segs(chars, true)?));
            }
            ']' if in_group && chars.peek() == Some(&']') => {
                chars.next();
                flush(&mut text, &mut segs);
                return Ok(segs);
            }
            _ => text.push(c),
        }
    }
    if in_group {
        return Err("`[[` without its `]]`".into());
    }
    flush(&mut text, &mut segs);
    Ok(segs)
}

fn placeholder(p: &str) -> Result<Seg, String> {
    if p == "sign" {
        return Ok(Seg::Sign);
    }
    if let Some((field, option)) = p.split_once('=') {
        return Ok(Seg::Check { field: field.trim().to_string(), equals: option.trim().to_string() });
    }
    let (field, mode) = match p.split_once(':') {
        None => (p, Mode::Plain),
        Some((f, "grid")) => (f, Mode::Grid),
        Some((f, "date")) => (f, Mode::Date),
        Some((f, "Date")) => (f, Mode::DateCap),
        Some((f, "dmy")) => (f, Mode::Dmy),
        Some((_, m)) => return Err(format!("unknown placeholder mode `{m}` (grid, date or dmy)")),
    };
    if field.is_empty() {
        return Err("empty placeholder `{}`".into());
    }
    Ok(Seg::Value { field: field.trim().to_string(), mode })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup() {
        let l = parse_line("Giới tính: {child_sex} Dân tộc: … Quốc tịch: {x=Có}").unwrap();
        assert_eq!(
            l.segs,
            vec![
                Seg::Text("Giới tính: ".into()),
                Seg::Value { field: "child_sex".into(), mode: Mode::Plain },
                Seg::Text(" Dân tộc: ".into()),
                Seg::Blank,
                Seg::Text(" Quốc tịch: ".into()),
                Seg::Check { field: "x".into(), equals: "Có".into() },
            ]
        );
        assert_eq!(l.wording(), "Giới tính: … Dân tộc: … Quốc tịch: □");
        let l = parse_line("^**NGƯỜI KÊ KHAI(6)**").unwrap();
        assert_eq!((l.align, l.face), (Align::Center, Face::Bold));
        let l = parse_line("*…, {made_on:date}*").unwrap();
        assert_eq!(l.face, Face::Italic);
        assert_eq!(l.segs[2], Seg::Value { field: "made_on".into(), mode: Mode::Date });
        assert_eq!(parse_line("a ... b").unwrap().segs[1], Seg::Blank);
        assert!(parse_line("{x:bold}").is_err());
        assert!(parse_line("{x").is_err());
        assert!(parse_line("x}").is_err());
        let l = parse_line("A: {a}[[ theo số {b}, ngày {c:date}]].").unwrap();
        assert_eq!(l.fields(), vec!["a", "b", "c"]);
        assert!(matches!(&l.segs[2], Seg::Group(g) if g.len() == 4));
        assert_eq!(l.segs[3], Seg::Text(".".into()));
        assert!(parse_line("[[ {a}").is_err());
    }
}
