//! Facts about members, read from CSV: a header row, first column `id`, an
//! optional `name` column as a label, then one column per attribute.
//!
//! The file is a source like a treaty: every cell keeps its span, so a malformed,
//! unknown or missing value is a diagnostic pointing into the CSV. Values are read
//! exactly (rationals).

use std::collections::BTreeMap;

use crate::ast::number::parse_decimal;
use crate::ast::Rational;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// One cell as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

/// One member's facts.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberFacts {
    pub id: Cell,
    pub name: Option<Cell>,
    /// One cell per column of the table, in the columns' order (a row of a
    /// million-row table costs its cells, not a map each).
    pub values: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FactTable {
    pub file: FileId,
    pub columns: Vec<Cell>,
    pub members: Vec<MemberFacts>,
}

/// What a column must hold, from the treaty's `facts member` declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    Number {
        min: Option<Rational>,
        max: Option<Rational>,
        /// A count or a year: `1999.5` cannot be one.
        whole: bool,
    },
    Bool,
    OneOf(Vec<String>),
}

impl Expected {
    /// A number with no fraction (a count, a year), not below `min` if given.
    pub fn whole(min: Option<Rational>) -> Expected {
        Expected::Number {
            min,
            max: None,
            whole: true,
        }
    }

    /// A number that may have a fraction, not below `min` if given.
    pub fn number(min: Option<Rational>) -> Expected {
        Expected::Number {
            min,
            max: None,
            whole: false,
        }
    }
}

impl FactTable {
    /// A member's cells with their attributes.
    pub fn cells<'t>(&'t self, m: &'t MemberFacts) -> impl Iterator<Item = (&'t str, &'t Cell)> {
        self.columns.iter().map(|c| c.text.as_str()).zip(&m.values)
    }

    /// A member's cell for an attribute.
    pub fn value<'t>(&'t self, m: &'t MemberFacts, attribute: &str) -> Option<&'t Cell> {
        let i = self.columns.iter().position(|c| c.text == attribute)?;
        m.values.get(i)
    }

    /// The numeric value of an attribute for each member, in table order; `None`
    /// when the column is absent or a value is not a number (see `validate`).
    pub fn numbers(&self, attribute: &str) -> Option<Vec<(String, Rational)>> {
        let i = self.columns.iter().position(|c| c.text == attribute)?;
        self.members
            .iter()
            .map(|m| Some((m.id.text.clone(), parse_decimal(m.values.get(i)?.text.trim())?)))
            .collect()
    }

    /// Checks the rows against the treaty's parties (none listed: nothing to
    /// check). A party without a row is an error naming it (E0605); a row that is
    /// not a party is not counted, and said so (W0606).
    pub fn check_parties(&self, parties: &[&str]) -> Vec<Diagnostic> {
        if parties.is_empty() {
            return Vec::new();
        }
        let listed: std::collections::BTreeSet<&str> = self.members.iter().map(|m| m.id.text.as_str()).collect();
        let party_set: std::collections::BTreeSet<&str> = parties.iter().copied().collect();
        let mut out = Vec::new();
        let missing: Vec<&str> = parties.iter().copied().filter(|p| !listed.contains(p)).collect();
        if !missing.is_empty() {
            let header = self.columns.first().map_or(Span::new(self.file, 0, 0), |c| c.span);
            out.push(
                Diagnostic::new(
                    Code::E0605,
                    header,
                    format!(
                        "the facts have no row for {} {}",
                        if missing.len() == 1 { "party" } else { "parties" },
                        list(&missing)
                    ),
                )
                .with_primary_label("in this table")
                .with_help("add a row for every party: totals and shares over the members would be wrong without it"),
            );
        }
        // One warning for all of them: a table of every UN member checked against a
        // treaty of fifteen parties is one fact, not 178.
        let strangers: Vec<&MemberFacts> = self
            .members
            .iter()
            .filter(|m| !party_set.contains(m.id.text.as_str()))
            .collect();
        if let Some(first) = strangers.first() {
            const SHOWN: usize = 10;
            let names: Vec<&str> = strangers.iter().take(SHOWN).map(|m| m.id.text.as_str()).collect();
            let more = strangers.len().saturating_sub(SHOWN);
            let message = match (strangers.len(), more) {
                (1, _) => format!("`{}` is not a party: its row is not counted", first.id.text),
                (_, 0) => format!("{} are not parties: their rows are not counted", list(&names)),
                _ => format!(
                    "{} and {more} more are not parties: their rows are not counted",
                    list(&names)
                ),
            };
            let mut d = Diagnostic::new(Code::W0606, first.id.span, message)
                .with_primary_label("not in `parties`")
                .with_help(if strangers.len() == 1 {
                    "remove the row, or add the state to `parties` if it is a member"
                } else {
                    "remove the rows, or add the states to `parties` if they are members"
                });
            for m in strangers.iter().skip(1).take(SHOWN - 1) {
                d = d.with_label(m.id.span, "not in `parties`");
            }
            out.push(d);
        }
        out
    }

    /// The table with only the parties' rows (all rows when no parties are listed).
    pub fn restricted_to(&self, parties: &[&str]) -> FactTable {
        if parties.is_empty() {
            return self.clone();
        }
        let keep: std::collections::BTreeSet<&str> = parties.iter().copied().collect();
        FactTable {
            file: self.file,
            columns: self.columns.clone(),
            members: self
                .members
                .iter()
                .filter(|m| keep.contains(m.id.text.as_str()))
                .cloned()
                .collect(),
        }
    }

    /// Checks every cell against the treaty's declarations, and that the attributes
    /// in `needed` have a column.
    pub fn validate(&self, declared: &BTreeMap<String, Expected>, needed: &[&str]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let known: Vec<&str> = declared.keys().map(String::as_str).collect();
        for c in &self.columns {
            if !declared.contains_key(&c.text) {
                let mut d = Diagnostic::new(
                    Code::E0603,
                    c.span,
                    format!("the treaty declares no member fact `{}`", c.text),
                )
                .with_primary_label("unknown attribute");
                d = match crate::suggest::closest(&c.text, known.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("the member facts are {}", list(&known))),
                };
                out.push(d);
            }
        }
        for n in needed {
            if !self.columns.iter().any(|c| c.text == *n) {
                let header = self.columns.first().map_or(Span::new(self.file, 0, 0), |c| c.span);
                out.push(
                    Diagnostic::new(Code::E0604, header, format!("the facts have no column `{n}`"))
                        .with_primary_label("the header row")
                        .with_help(format!(
                            "add a column `{n}`: the treaty's voting rules weigh votes by it"
                        )),
                );
            }
        }
        for m in &self.members {
            for (attribute, cell) in self.cells(m) {
                let Some(expected) = declared.get(attribute) else {
                    continue;
                };
                if let Some(problem) = check_cell(expected, cell.text.trim()) {
                    out.push(
                        Diagnostic::new(
                            Code::E0602,
                            cell.span,
                            format!("`{}` of `{}`: {problem}", attribute, m.id.text),
                        )
                        .with_primary_label(if cell.text.trim().is_empty() {
                            "missing value".to_string()
                        } else {
                            format!("`{}`", cell.text.trim())
                        })
                        .with_help(help_for(expected)),
                    );
                }
            }
        }
        out
    }
}

fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

fn check_cell(expected: &Expected, text: &str) -> Option<String> {
    if text.is_empty() {
        return Some("the value is missing".to_string());
    }
    match expected {
        Expected::Number { min, max, whole } => {
            let Some(v) = parse_decimal(text) else {
                return Some("not a number".to_string());
            };
            if *whole && v.den != 1 {
                return Some("not a whole number".to_string());
            }
            if min.is_some_and(|lo| lo.gt(v)) || max.is_some_and(|hi| v.gt(hi)) {
                return Some("out of range".to_string());
            }
            None
        }
        Expected::Bool => (!matches!(text, "true" | "false")).then(|| "not `true` or `false`".to_string()),
        Expected::OneOf(values) => {
            (!values.iter().any(|v| v == text)).then(|| "not one of the declared values".to_string())
        }
    }
}

fn help_for(expected: &Expected) -> String {
    match expected {
        Expected::Number { whole: true, .. } => {
            "write a whole number, such as `1999` or `83386901`: a count or a year has no fraction".to_string()
        }
        Expected::Number {
            min: Some(lo),
            max: Some(hi),
            ..
        } => format!("write a number from {lo} to {hi}"),
        Expected::Number { .. } => {
            "write a number with digits and an optional decimal point, such as `83386901` or `2.5`".to_string()
        }
        Expected::Bool => "write `true` or `false`".to_string(),
        Expected::OneOf(values) => format!(
            "write one of {}",
            list(&values.iter().map(String::as_str).collect::<Vec<_>>())
        ),
    }
}

/// Reads a CSV fact table from the text of `file` with a real CSV reader: quoted
/// fields may hold commas, doubled quotes and line breaks; a UTF-8 byte-order mark
/// (as spreadsheets write) is skipped. Every field keeps its byte span.
#[expect(
    clippy::result_large_err,
    reason = "one error per command, read once; boxing buys nothing"
)]
pub fn parse_csv(file: FileId, text: &str) -> Result<FactTable, Diagnostic> {
    let base = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = text.get(base..).unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        let more = reader.read_record(&mut record).map_err(|e| {
            let at = e.position().map_or(start, csv::Position::byte);
            let at = base + usize::try_from(at).unwrap_or(0).min(body.len());
            Diagnostic::new(
                Code::E0601,
                Span::new(file, at, at),
                format!("the facts file is not CSV: {e}"),
            )
            .with_help("write a header row, then one row per member, fields separated by commas")
        })?;
        if !more {
            break;
        }
        let start = record.position().map_or(start, csv::Position::byte);
        let (start, end) = (to_usize(start), to_usize(reader.position().byte()));
        let raw = body.get(start..end.min(body.len())).unwrap_or("");
        let spans = field_spans(raw);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let row = record
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (a, b) = spans.get(i).copied().unwrap_or((raw.len(), raw.len()));
                Cell {
                    text: f.trim().to_string(),
                    span: Span::new(file, base + start + a, base + start + b),
                }
            })
            .collect();
        rows.push(row);
    }
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Err(
            Diagnostic::new(Code::E0601, Span::new(file, 0, text.len()), "the facts file is empty")
                .with_primary_label("no header row")
                .with_help("start with a header row: `id,name,population,...`"),
        );
    };
    let Some(first) = header.first() else {
        return Err(
            Diagnostic::new(Code::E0601, Span::new(file, 0, 0), "the header row is empty").with_help("start with `id`"),
        );
    };
    if first.text != "id" {
        return Err(
            Diagnostic::new(Code::E0601, first.span, "the first column must be `id`")
                .with_primary_label(format!("found `{}`", first.text))
                .with_help("name the first column `id`; an optional `name` column may follow"),
        );
    }
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for c in &header {
        if let Some(previous) = seen.insert(c.text.as_str(), c.span) {
            return Err(
                Diagnostic::new(Code::E0601, c.span, format!("column `{}` appears twice", c.text))
                    .with_primary_label("named again here")
                    .with_label(previous, "first named here")
                    .with_help("give each column once; treatyc never picks one of two values"),
            );
        }
    }
    let has_name = header.get(1).is_some_and(|h| h.text == "name");
    let columns: Vec<Cell> = header.iter().skip(if has_name { 2 } else { 1 }).cloned().collect();
    let mut members: Vec<MemberFacts> = Vec::new();
    let mut ids: BTreeMap<String, Span> = BTreeMap::new();
    for row in rows {
        let row_span = match (row.first(), row.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => Span::new(file, 0, 0),
        };
        if row.len() != header.len() {
            let mut d = Diagnostic::new(
                Code::E0601,
                row_span,
                format!("this row has {} fields, the header {}", row.len(), header.len()),
            )
            .with_primary_label("wrong number of fields");
            d = match thousands_separated(&row) {
                Some((span, written)) => d
                    .with_label(
                        span,
                        format!("`{written}` is one number written with thousands separators"),
                    )
                    .with_help(format!(
                        "write numbers without separators: `{}`",
                        written.replace(',', "")
                    )),
                None => d.with_help("give every row one field per column, empty fields included"),
            };
            return Err(d);
        }
        let mut fields = row.into_iter();
        let Some(id) = fields.next() else { continue };
        if id.text.is_empty() {
            return Err(Diagnostic::new(Code::E0601, id.span, "the member id is empty")
                .with_help("give every row an id such as `DEU`"));
        }
        if let Some(previous) = ids.insert(id.text.clone(), id.span) {
            return Err(
                Diagnostic::new(Code::E0601, id.span, format!("member `{}` is listed twice", id.text))
                    .with_primary_label("listed again here")
                    .with_label(previous, "first listed here")
                    .with_help("give each member one row"),
            );
        }
        let name = if has_name { fields.next() } else { None };
        members.push(MemberFacts {
            id,
            name,
            values: fields.collect(),
        });
    }
    Ok(FactTable { file, columns, members })
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Where each field of one raw CSV record lies in it (quotes included), up to the
/// record's line break.
fn field_spans(raw: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in raw.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                spans.push((start, i));
                start = i + 1;
            }
            '\n' | '\r' if !quoted => {
                spans.push((start, i));
                return spans;
            }
            _ => {}
        }
    }
    spans.push((start, raw.len()));
    spans
}

/// A run of fields that reads as one number split at its thousands separators
/// (`1,000,000` unquoted): the span of the run and the number as written.
fn thousands_separated(row: &[Cell]) -> Option<(Span, String)> {
    let digits =
        |t: &str, exact: bool| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && (!exact || t.len() == 3);
    for (i, first) in row.iter().enumerate() {
        if !digits(&first.text, false) || first.text.len() > 3 {
            continue;
        }
        let groups: Vec<&Cell> = row.iter().skip(i + 1).take_while(|c| digits(&c.text, true)).collect();
        if let Some(last) = groups.last() {
            let mut written = first.text.clone();
            for g in &groups {
                written.push(',');
                written.push_str(&g.text);
            }
            return Some((first.span.to(last.span), written));
        }
    }
    None
}

/// One JSON object's members in the order written, duplicates kept, each value's
/// text exactly as written (a number keeps every digit: no rounding through f64).
struct Pairs(Vec<(String, Box<serde_json::value::RawValue>)>);

impl<'de> serde::Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut pairs = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<serde_json::value::RawValue>>()? {
                    pairs.push(entry);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// Reads a JSON fact table: an array of objects (or `{"members": [...]}`), each
/// with an `id`, an optional `name`, and one field per attribute. Numbers keep
/// their exact decimal digits; a key given twice in one object is an error. Each
/// value's span is its key in the text, so errors point at the member and
/// attribute concerned.
#[expect(
    clippy::result_large_err,
    reason = "one error per command, read once; boxing buys nothing"
)]
pub fn parse_json(file: FileId, text: &str) -> Result<FactTable, Diagnostic> {
    let whole = Span::new(file, 0, text.len());
    let not_json = |e: serde_json::Error| {
        let offset = text
            .lines()
            .take(e.line().saturating_sub(1))
            .map(|l| l.len() + 1)
            .sum::<usize>()
            + e.column().saturating_sub(1);
        let at = offset.min(text.len());
        Diagnostic::new(
            Code::E0601,
            Span::new(file, at, at),
            format!("the facts file is not JSON: {e}"),
        )
        .with_help("write an array of objects such as `[{\"id\": \"DEU\", \"population\": 83386901}]`")
    };
    let shape = |message: &str, help: &str| {
        Diagnostic::new(Code::E0601, whole, message.to_string()).with_help(help.to_string())
    };
    let top: Box<serde_json::value::RawValue> = serde_json::from_str(text).map_err(not_json)?;
    let list: Vec<Pairs> = match top.get().trim_start().chars().next() {
        Some('[') => serde_json::from_str(top.get())
            .map_err(|_| shape("every member must be an object", "write `{\"id\": \"DEU\", ...}`"))?,
        Some('{') => {
            let outer: Pairs = serde_json::from_str(top.get()).map_err(not_json)?;
            let members: Vec<&serde_json::value::RawValue> = outer
                .0
                .iter()
                .filter(|(k, _)| k == "members")
                .map(|(_, v)| v.as_ref())
                .collect();
            match members.as_slice() {
                [one] => serde_json::from_str(one.get()).map_err(|_| {
                    shape(
                        "`members` must be an array of objects",
                        "write `{\"members\": [{\"id\": ...}, ...]}`",
                    )
                })?,
                [] => {
                    return Err(shape(
                        "expected an array of members",
                        "write `[{\"id\": ...}, ...]` or `{\"members\": [...]}`",
                    ))
                }
                _ => return Err(shape("`members` is given twice", "give the key `members` once")),
            }
        }
        _ => return Err(shape("expected an array of members", "write `[{\"id\": ...}, ...]`")),
    };
    let mut cursor = 0;
    let mut columns: Vec<Cell> = Vec::new();
    let mut members: Vec<MemberFacts> = Vec::new();
    let mut ids: BTreeMap<String, Span> = BTreeMap::new();
    let mut given: Vec<BTreeMap<String, Cell>> = Vec::new();
    for Pairs(object) in list {
        let id: Option<String> = object
            .iter()
            .find(|(k, _)| k == "id")
            .and_then(|(_, v)| serde_json::from_str::<String>(v.get()).ok());
        let Some(id) = id else {
            return Err(shape(
                "a member has no `id`",
                "give every member an `id` such as `\"DEU\"`",
            ));
        };
        let quoted = format!("\"{id}\"");
        let at = text
            .get(cursor..)
            .and_then(|r| r.find(&quoted))
            .map_or(cursor, |i| cursor + i);
        let id_span = Span::new(file, at, at + quoted.len());
        cursor = at + quoted.len();
        if let Some(previous) = ids.insert(id.clone(), id_span) {
            return Err(
                Diagnostic::new(Code::E0601, id_span, format!("member `{id}` is listed twice"))
                    .with_label(previous, "first listed here")
                    .with_help("give each member one entry"),
            );
        }
        let mut values: BTreeMap<String, Cell> = BTreeMap::new();
        let mut name = None;
        let mut keys_seen: BTreeMap<&str, Span> = BTreeMap::new();
        for (key, v) in &object {
            let quoted_key = format!("\"{key}\"");
            let key_at = text.get(at..).and_then(|r| r.find(&quoted_key)).map(|i| at + i);
            let span = key_at.map_or(id_span, |k| Span::new(file, k, k + quoted_key.len()));
            if let Some(previous) = keys_seen.insert(key.as_str(), span) {
                return Err(
                    Diagnostic::new(Code::E0601, span, format!("`{key}` is given twice for member `{id}`"))
                        .with_label(previous, "first given here")
                        .with_help("give each attribute once; treatyc never picks one of two values"),
                );
            }
            let raw = v.get().trim();
            let text_value = if raw == "null" {
                String::new()
            } else if raw.starts_with('"') {
                serde_json::from_str::<String>(raw).unwrap_or_default()
            } else {
                // Numbers exactly as written, `true`/`false`; an array or object is
                // kept as written and reported as malformed when validated.
                raw.to_string()
            };
            match key.as_str() {
                "id" => {}
                "name" => name = Some(Cell { text: text_value, span }),
                _ => {
                    if !columns.iter().any(|c| &c.text == key) {
                        columns.push(Cell {
                            text: key.clone(),
                            span,
                        });
                    }
                    values.insert(key.clone(), Cell { text: text_value, span });
                }
            }
        }
        given.push(values);
        members.push(MemberFacts {
            id: Cell {
                text: id,
                span: id_span,
            },
            name,
            values: Vec::new(),
        });
    }
    // Every member has every column, empty where not given, so that missing values are reported.
    for (m, mut values) in members.iter_mut().zip(given) {
        m.values = columns
            .iter()
            .map(|c| {
                values.remove(&c.text).unwrap_or(Cell {
                    text: String::new(),
                    span: m.id.span,
                })
            })
            .collect();
    }
    Ok(FactTable { file, columns, members })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> FactTable {
        parse_csv(FileId(0), text).unwrap()
    }

    #[test]
    fn reads_ids_names_values_and_spans() {
        let text = "id,name,population\nDEU,Germany,83386901\nFRA,\"France, Republic\",68414240\n";
        let t = table(text);
        assert_eq!(t.columns[0].text, "population");
        assert_eq!(t.members[1].name.as_ref().unwrap().text, "France, Republic");
        assert_eq!(t.numbers("population").unwrap()[0].1, Rational::integer(83_386_901));
        let cell = t.value(&t.members[0], "population").unwrap();
        assert_eq!(&text[cell.span.start..cell.span.end], "83386901");
    }

    #[test]
    fn malformed_unknown_and_missing_are_reported() {
        let t = table("id,population,colour\nDEU,many,red\nFRA,,blue\n");
        let declared = BTreeMap::from([(
            "population".to_string(),
            Expected::Number {
                min: None,
                max: None,
                whole: false,
            },
        )]);
        let codes: Vec<&str> = t
            .validate(&declared, &["population", "votes"])
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["E0603", "E0604", "E0602", "E0602"]);
    }

    #[test]
    fn json_facts_read_like_csv() {
        let text = r#"[{"id": "DEU", "name": "Germany", "population": 83386901, "free": true},
                       {"id": "FRA", "population": 68414240, "free": false}]"#;
        let t = parse_json(FileId(0), text).unwrap();
        assert_eq!(t.numbers("population").unwrap()[1].1, Rational::integer(68_414_240));
        assert_eq!(t.value(&t.members[0], "free").unwrap().text, "true");
        let span = t.members[1].id.span;
        assert_eq!(&text[span.start..span.end], "\"FRA\"");
        assert_eq!(parse_json(FileId(0), "{\"x\": 1}").unwrap_err().code, Code::E0601);
        assert_eq!(
            parse_json(FileId(0), "[{\"id\": \"A\"}, {\"id\": \"A\"}]")
                .unwrap_err()
                .code,
            Code::E0601
        );
    }

    #[test]
    fn structural_errors_are_reported() {
        assert_eq!(parse_csv(FileId(0), "name,id\n").unwrap_err().code, Code::E0601);
        assert_eq!(parse_csv(FileId(0), "id,x\nA,1\nA,2\n").unwrap_err().code, Code::E0601);
        assert_eq!(parse_csv(FileId(0), "id,x\nA,1,2\n").unwrap_err().code, Code::E0601);
    }
}
