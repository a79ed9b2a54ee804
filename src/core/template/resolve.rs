//! Resolution: a raw template checked and turned into a [`FormTemplate`]; every problem a
//! [`TemplateDiagnostic`] naming the file and the field, never a panic.

use super::raw::*;
use super::*;
use crate::core::date::Date;
use crate::core::sheet::{Block, Line, Mode, Seg, Sheet};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') && s.as_bytes()[0].is_ascii_lowercase()
}

pub(super) struct Resolver<'a> {
    pub(super) file: &'a str,
    pub(super) diags: Vec<TemplateDiagnostic>,
}

impl Resolver<'_> {
    pub(super) fn err(&mut self, field: Option<&str>, message: impl Into<String>) {
        self.diags.push(TemplateDiagnostic { file: self.file.to_string(), field: field.map(String::from), message: message.into() });
    }
}

pub(super) fn resolve(r: &mut Resolver, raw: RawTemplate) -> FormTemplate {
    if !valid_id(&raw.id) {
        r.err(None, format!("form id `{}` must be lower-case ASCII letters, digits, `-` or `_`", raw.id));
    }
    if raw.version == 0 {
        r.err(None, "version must be 1 or more");
    }
    for (what, v) in [("title", &raw.title), ("name", &raw.name), ("group", &raw.group), ("legal_basis", &raw.legal_basis)] {
        if v.trim().is_empty() {
            r.err(None, format!("`{what}` is empty"));
        }
    }
    if !raw.procedure_code.chars().all(|c| c.is_ascii_digit() || c == '.') || raw.procedure_code.is_empty() {
        r.err(None, format!("procedure code `{}` is not like `1.001193`", raw.procedure_code));
    }
    let mut roles = Vec::new();
    for role in raw.roles {
        if !valid_id(&role.id) {
            r.err(None, format!("role id `{}` is not a valid id", role.id));
        }
        if roles.iter().any(|x: &Role| x.id == role.id) {
            r.err(None, format!("role `{}` is declared twice", role.id));
        }
        let sex = role.sex.as_deref().and_then(|x| {
            let sex = crate::core::card::Sex::parse(x);
            if sex.is_none() {
                r.err(None, format!("role `{}`: sex `{x}` is not `Nam` or `Nữ`", role.id));
            }
            sex
        });
        roles.push(Role { id: role.id, label: role.label, card: role.card, scan_prompt: role.scan_prompt, sex });
    }

    let mut fields: Vec<Field> = Vec::new();
    let mut sections = Vec::new();
    let mut section_ids = BTreeSet::new();
    for s in raw.sections {
        if !section_ids.insert(s.id.clone()) {
            r.err(None, format!("section `{}` is declared twice", s.id));
        }
        for c in &s.columns {
            if !roles.iter().any(|x| &x.id == c) {
                r.err(None, format!("section `{}`: column role `{c}` is not declared in [[roles]]", s.id));
            }
        }
        if s.fields.is_empty() {
            r.err(None, format!("section `{}` has no fields", s.id));
        }
        let mut ids = Vec::new();
        let column_roles: Vec<Option<String>> = if s.columns.is_empty() { vec![None] } else { s.columns.iter().cloned().map(Some).collect() };
        for rf in &s.fields {
            for col in &column_roles {
                let f = resolve_field(r, rf, col.as_deref(), &s.id, &roles);
                ids.push(f.id.clone());
                fields.push(f);
            }
        }
        // two-column sections are printed row by row: interleave is done by layout; keep
        // ids in the order role A's fields, role B's fields for the answer list
        if !s.columns.is_empty() {
            let n = s.columns.len();
            let mut by_col: Vec<String> = Vec::new();
            for c in 0..n {
                by_col.extend(ids.iter().skip(c).step_by(n).cloned());
            }
            ids = by_col;
        }
        sections.push(Section { id: s.id, title: s.title, intro: s.intro, columns: s.columns, fields: ids });
    }
    // order of `fields` follows sections (two-column sections: per column)
    let order: Vec<String> = sections.iter().flat_map(|s| s.fields.iter().cloned()).collect();
    fields.sort_by_key(|f| order.iter().position(|id| id == &f.id));

    // cross-field checks
    let mut seen = BTreeSet::new();
    for f in &fields {
        if !seen.insert(f.id.clone()) {
            r.err(Some(&f.id), "field id is used twice");
        }
    }
    let kinds: BTreeMap<&str, FieldKind> = fields.iter().map(|f| (f.id.as_str(), f.kind)).collect();
    for f in &fields {
        if let Some(s) = &f.show_if {
            if s.field == f.id {
                r.err(Some(&f.id), "show_if refers to the field itself");
            } else if !kinds.contains_key(s.field.as_str()) {
                r.err(Some(&f.id), format!("show_if refers to unknown field `{}`", s.field));
            }
        }
        if let Some(o) = &f.not_needed_if {
            if !kinds.contains_key(o.as_str()) || o == &f.id {
                r.err(Some(&f.id), format!("not_needed_if refers to unknown field `{o}`"));
            }
        }
        if let Some(o) = &f.in_words_of {
            match kinds.get(o.as_str()) {
                Some(FieldKind::Date) => {}
                Some(_) => r.err(Some(&f.id), format!("in_words_of: `{o}` is not a date field")),
                None => r.err(Some(&f.id), format!("in_words_of refers to unknown field `{o}`")),
            }
        }
    }
    // a default must be an answer the field accepts; a condition must test a value the
    // tested field can have; `not_needed_if` must not go round in a circle
    let far = Date { year: 9999, month: 12, day: 31 };
    for f in &fields {
        if let Some(d) = &f.default {
            if crate::core::validate::normalize(crate::core::validate::Rules::of_field(f), d, far).is_err() {
                r.err(Some(&f.id), format!("default `{d}` is not a valid answer of this `{}` field", f.kind.name()));
            }
        }
        if let Some(ShowIf { field, condition: Condition::Equals(v) | Condition::NotEquals(v) }) = &f.show_if {
            if let Some(tested) = fields.iter().find(|g| &g.id == field) {
                let options: Vec<String> = match tested.kind {
                    FieldKind::Choice => tested.options.clone(),
                    FieldKind::YesNo => vec!["Có".into(), "Không".into()],
                    FieldKind::Gender => vec!["Nam".into(), "Nữ".into()],
                    _ => Vec::new(),
                };
                if !options.is_empty() && !options.contains(v) {
                    r.err(Some(&f.id), format!("show_if tests `{field}` for `{v}`, which is not one of its answers"));
                }
            }
        }
        let mut cur = f;
        for _ in 0..=fields.len() {
            match cur.not_needed_if.as_ref().and_then(|o| fields.iter().find(|g| &g.id == o)) {
                Some(next) if next.id == f.id => {
                    r.err(Some(&f.id), "not_needed_if conditions form a cycle");
                    break;
                }
                Some(next) => cur = next,
                None => break,
            }
        }
    }
    for f in &fields {
        let mut cur = f;
        let mut steps = 0;
        while let Some(next) = cur.show_if.as_ref().and_then(|s| fields.iter().find(|g| g.id == s.field)) {
            steps += 1;
            if next.id == f.id {
                r.err(Some(&f.id), "show_if conditions form a cycle");
                break;
            }
            if steps > fields.len() {
                break;
            }
            cur = next;
        }
    }
    let mut signatures = Vec::new();
    for s in raw.signatures {
        if let Some(n) = &s.name_field {
            if !kinds.contains_key(n.as_str()) {
                r.err(None, format!("signature `{}`: name_field `{n}` is not a field", s.title));
            }
        }
        signatures.push(Signature { title: s.title, name_field: s.name_field });
    }
    let mut day = |key: &str, v: Option<&String>| {
        v.and_then(|v| {
            let d = Date::parse_typed(v);
            if d.is_none() {
                r.err(None, format!("`{key}` is not a date dd/mm/yyyy"));
            }
            d
        })
    };
    let valid_from = day("valid_from", raw.valid_from.as_ref());
    let valid_until = day("valid_until", raw.valid_until.as_ref());
    if let (Some(f), Some(u)) = (valid_from, valid_until) {
        if u < f {
            r.err(None, "`valid_until` is before `valid_from`");
        }
    }
    let sheet = raw.print.map(|p| resolve_sheet(r, p, &fields));
    let result = raw.result.map(|x| resolve_result(r, x)).unwrap_or_default();

    FormTemplate {
        id: raw.id,
        version: raw.version,
        title: raw.title,
        name: raw.name,
        group: raw.group,
        order: raw.order,
        procedure_code: raw.procedure_code,
        legal_basis: raw.legal_basis,
        form_code: raw.form_code,
        papers: raw.papers,
        declaration: raw.declaration,
        roles,
        sections,
        fields,
        signatures,
        valid_from,
        valid_until,
        sheet,
        result,
    }
}

/// `[result]`: the working days (at most 60: longer is not a kiosk procedure), the ways
/// (known, once each, the desk among them), and a reason when only the desk is allowed.
fn resolve_result(r: &mut Resolver, raw: RawResult) -> crate::core::after::ResultTerms {
    use crate::core::after::Way;
    if raw.days.is_some_and(|d| d > 60) {
        r.err(None, "`result.days` is more than 60 working days");
    }
    let mut ways = Vec::new();
    for w in &raw.ways {
        match Way::parse(w) {
            Some(way) if ways.contains(&way) => r.err(None, format!("`result.ways`: `{w}` is listed twice")),
            Some(way) => ways.push(way),
            None => r.err(None, format!("`result.ways`: `{w}` is not `desk`, `post` or `electronic`")),
        }
    }
    if !ways.contains(&Way::Desk) {
        r.err(None, "`result.ways` must include `desk`: the result can always be collected");
    }
    ways.sort();
    if raw.in_person.is_some() && ways != [Way::Desk] {
        r.err(None, "`result.in_person`: a result collected in person comes only by `desk`");
    }
    if raw.basis.trim().is_empty() {
        r.err(None, "`result.basis` is empty: name the text that sets the time");
    }
    crate::core::after::ResultTerms { days: raw.days, ways, in_person: raw.in_person, basis: raw.basis }
}

fn resolve_sheet(r: &mut Resolver, p: RawPrint, fields: &[Field]) -> Sheet {
    let line = |r: &mut Resolver, src: &str| -> Line {
        match crate::core::sheet::parse_line(&crate::core::text::clean(src)) {
            Ok(l) => l,
            Err(e) => {
                r.err(None, format!("[print]: line `{}`: {e}", src.chars().take(40).collect::<String>()));
                Line { segs: Vec::new(), align: crate::core::sheet::Align::Left, face: crate::core::layout::Face::Regular }
            }
        }
    };
    let header = p.header.iter().map(|l| line(r, l)).collect();
    let mut body = Vec::new();
    for b in &p.body {
        body.push(match b {
            RawBlock::Line(l) => Block::Line(line(r, l)),
            RawBlock::Table { table } => Block::Table { field: table.clone() },
            RawBlock::Rows { rows, widths } => {
                if rows.iter().any(|row| row.len() != widths.len()) {
                    r.err(None, "[print]: every row needs one cell per width");
                }
                Block::Rows { rows: rows.iter().map(|row| row.iter().map(|c| line(r, c)).collect()).collect(), widths: widths.clone() }
            }
            RawBlock::Photos { photos } => Block::Photos(photos.clone()),
            RawBlock::Columns { columns } => Block::Columns(columns.iter().map(|b| b.iter().map(|l| line(r, l)).collect()).collect()),
        });
    }
    if !p.motto.is_empty() && p.motto.len() != 2 {
        r.err(None, "[print]: `motto` has two lines");
    }
    if !(1..=4).contains(&p.signature_columns) {
        r.err(None, "[print]: `signature_columns` is 1 to 4");
    }
    let sheet = Sheet {
        motto: p.motto.iter().map(|m| crate::core::text::clean(m)).collect(),
        signature_columns: p.signature_columns,
        header,
        body,
        beside: p.beside.iter().map(|l| line(r, l)).collect(),
        signatures: p.signatures.iter().map(|b| b.iter().map(|l| line(r, l)).collect()).collect(),
        // the notes are the annex's own text: "..." there is not a blank
        notes: p
            .notes
            .iter()
            .map(|l| {
                let mut l = line(r, l);
                for seg in &mut l.segs {
                    if *seg == Seg::Blank {
                        *seg = Seg::Text("...".into());
                    }
                }
                l
            })
            .collect(),
    };
    // every placeholder names a field of the right kind, and every field is printed
    let mut printed = BTreeSet::new();
    let kind_of = |id: &str| fields.iter().find(|f| f.id == id);
    let mut check = |r: &mut Resolver, seg: &Seg| match seg {
        Seg::Value { field, mode } => match kind_of(field) {
            None => r.err(None, format!("[print]: `{{{field}}}` is not a field")),
            Some(f) => {
                printed.insert(field.clone());
                let fits = match mode {
                    Mode::Plain => f.kind != FieldKind::Table,
                    Mode::Grid => f.kind == FieldKind::IdNumber,
                    Mode::Date | Mode::DateCap | Mode::Dmy => f.kind == FieldKind::Date,
                };
                if !fits {
                    r.err(Some(field), format!("[print]: a `{}` field cannot be printed that way", f.kind.name()));
                }
            }
        },
        Seg::Check { field, equals } => match kind_of(field) {
            None => r.err(None, format!("[print]: checkbox `{{{field}=…}}` is not a field")),
            Some(f) => {
                printed.insert(field.clone());
                let options: Vec<&str> = match f.kind {
                    FieldKind::YesNo => vec!["Có", "Không"],
                    FieldKind::Choice => f.options.iter().map(String::as_str).collect(),
                    _ => Vec::new(),
                };
                if !options.contains(&equals.as_str()) {
                    r.err(Some(field), format!("[print]: checkbox option `{equals}` is not an answer of this field"));
                }
            }
        },
        _ => {}
    };
    for l in sheet.lines() {
        for seg in l.all_segs() {
            check(r, seg);
        }
    }
    for b in &sheet.body {
        if let Block::Table { field } = b {
            match kind_of(field) {
                Some(f) if f.kind == FieldKind::Table => {
                    printed.insert(field.clone());
                }
                _ => r.err(None, format!("[print]: table `{field}` is not a table field")),
            }
        }
    }
    for f in fields {
        if !printed.contains(&f.id) {
            r.err(Some(&f.id), "[print]: the field is never printed (a form collects only what it prints)");
        }
    }
    sheet
}

fn resolve_field(r: &mut Resolver, rf: &RawField, column_role: Option<&str>, section: &str, roles: &[Role]) -> Field {
    let id = match column_role {
        Some(role) => format!("{role}_{}", rf.id),
        None => rf.id.clone(),
    };
    let fid = Some(id.as_str());
    if !valid_id(&rf.id) {
        r.err(fid, "id must be lower-case ASCII letters, digits, `-` or `_`");
    }
    if rf.label.trim().is_empty() {
        r.err(fid, "label is empty");
    }
    let kind = FieldKind::from_name(&rf.kind).unwrap_or_else(|| {
        let all: Vec<_> = FieldKind::ALL.iter().map(|k| k.name()).collect();
        r.err(fid, format!("unknown kind `{}` (one of: {})", rf.kind, all.join(", ")));
        FieldKind::Text
    });
    let role = match (column_role, &rf.role) {
        (Some(c), None) => Some(c.to_string()),
        (Some(_), Some(_)) => {
            r.err(fid, "a field in a two-column section takes its role from the column");
            None
        }
        (None, Some(role)) => {
            if !roles.iter().any(|x| &x.id == role) {
                r.err(fid, format!("role `{role}` is not declared in [[roles]]"));
            }
            Some(role.clone())
        }
        (None, None) => None,
    };
    let prefill = rf.prefill.as_deref().and_then(|p| {
        let Some(src) = Prefill::parse(p) else {
            r.err(fid, format!("unknown prefill source `{p}` (card.<attr>, kiosk.<attr> or today)"));
            return None;
        };
        if !src.fits(kind) {
            r.err(fid, format!("prefill `{p}` cannot fill a `{}` field", kind.name()));
        }
        if let Prefill::Card(_) = src {
            match role.as_deref().and_then(|ro| roles.iter().find(|x| x.id == ro)) {
                Some(ro) if ro.card => {}
                Some(ro) => r.err(fid, format!("prefill `{p}` needs role `{}` to have `card = true`", ro.id)),
                None => r.err(fid, format!("prefill `{p}` needs the field to have a role")),
            }
        }
        Some(src)
    });
    if kind == FieldKind::Choice && rf.options.len() < 2 {
        r.err(fid, "a choice field needs at least two `options`");
    }
    if kind != FieldKind::Choice && !rf.options.is_empty() {
        r.err(fid, "`options` only apply to choice fields");
    }
    if (rf.min.is_some() || rf.max.is_some()) && kind != FieldKind::Count {
        r.err(fid, "`min`/`max` only apply to count fields");
    }
    if let (Some(a), Some(b)) = (rf.min, rf.max) {
        if a > b {
            r.err(fid, "min is greater than max");
        }
    }
    if rf.not_future && !matches!(kind, FieldKind::Date | FieldKind::Year) {
        r.err(fid, "`not_future` only applies to date and year fields");
    }
    if rf.facilities && kind != FieldKind::Address {
        r.err(fid, "`facilities` only applies to address fields");
    }
    if rf.id_grid && kind != FieldKind::IdNumber {
        r.err(fid, "`id_grid` only applies to id_number fields");
    }
    if rf.in_words_of.is_some() && kind != FieldKind::Text {
        r.err(fid, "`in_words_of` needs a text field");
    }
    let address_level = match rf.address.as_deref() {
        None | Some("commune") => AddressLevel::Commune,
        Some("province") => AddressLevel::Province,
        Some(other) => {
            r.err(fid, format!("address level `{other}` is not `commune` or `province`"));
            AddressLevel::Commune
        }
    };
    if rf.address.is_some() && kind != FieldKind::Address {
        r.err(fid, "`address` only applies to address fields");
    }
    let mut columns = Vec::new();
    if kind == FieldKind::Table {
        if rf.columns.is_empty() {
            r.err(fid, "a table field needs `columns`");
        }
        for c in &rf.columns {
            let ck = FieldKind::from_name(&c.kind).unwrap_or_else(|| {
                r.err(fid, format!("column `{}`: unknown kind `{}`", c.id, c.kind));
                FieldKind::Text
            });
            if matches!(ck, FieldKind::Table | FieldKind::Choice) {
                r.err(fid, format!("column `{}`: kind `{}` cannot be a table column", c.id, c.kind));
            }
            if !valid_id(&c.id) || columns.iter().any(|x: &Column| x.id == c.id) {
                r.err(fid, format!("column id `{}` is invalid or repeated", c.id));
            }
            columns.push(Column { id: c.id.clone(), label: c.label.clone(), kind: ck, required: !c.optional });
        }
    } else if !rf.columns.is_empty() {
        r.err(fid, "`columns` only apply to table fields");
    }
    let show_if = rf.show_if.as_ref().and_then(|s| {
        let cond = match (&s.equals, &s.not_equals, s.filled) {
            (Some(v), None, None) => Condition::Equals(v.clone()),
            (None, Some(v), None) => Condition::NotEquals(v.clone()),
            (None, None, Some(b)) => Condition::Filled(b),
            _ => {
                r.err(fid, "show_if needs exactly one of `equals`, `not_equals`, `filled`");
                return None;
            }
        };
        // in a two-column section, a condition on a sibling refers to the same column
        let field = match column_role {
            Some(c) => format!("{c}_{}", s.field),
            None => s.field.clone(),
        };
        Some(ShowIf { field, condition: cond })
    });
    let sibling = |o: &String| match column_role {
        Some(c) => format!("{c}_{o}"),
        None => o.clone(),
    };
    Field {
        id,
        label: crate::core::text::clean(&rf.label),
        kind,
        role,
        required: !rf.optional && rf.in_words_of.is_none(),
        hint: rf.hint.clone(),
        prefill,
        default: rf.default.clone(),
        show_if,
        not_needed_if: rf.not_needed_if.as_ref().map(sibling),
        in_words_of: rf.in_words_of.as_ref().map(sibling),
        options: rf.options.iter().map(|o| crate::core::text::clean(o)).collect(),
        min: rf.min,
        max: rf.max,
        not_future: rf.not_future,
        address_level,
        facilities: rf.facilities,
        id_grid: rf.id_grid,
        columns,
        section: section.to_string(),
    }
}
