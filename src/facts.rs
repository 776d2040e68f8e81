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
    /// Attribute -> cell.
    pub values: BTreeMap<String, Cell>,
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
    },
    Bool,
    OneOf(Vec<String>),
}

impl FactTable {
    /// The numeric value of an attribute for each member, in table order; `None`
    /// when the column is absent or a value is not a number (see `validate`).
    pub fn numbers(&self, attribute: &str) -> Option<Vec<(String, Rational)>> {
        self.members
            .iter()
            .map(|m| Some((m.id.text.clone(), parse_decimal(m.values.get(attribute)?.text.trim())?)))
            .collect()
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
                d = match crate::syntax::suggest(&c.text, known.iter().copied()) {
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
            for (attribute, cell) in &m.values {
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
        Expected::Number { min, max } => {
            let Some(v) = parse_decimal(text) else {
                return Some("not a number".to_string());
            };
            if min.is_some_and(|lo| lo.gt_exact(v)) || max.is_some_and(|hi| v.gt_exact(hi)) {
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
        Expected::Number {
            min: Some(lo),
            max: Some(hi),
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

/// Reads a CSV fact table from the text of `file`. Quoted fields may hold commas
/// and doubled quotes.
#[expect(
    clippy::result_large_err,
    reason = "one error per command, read once; boxing buys nothing"
)]
pub fn parse_csv(file: FileId, text: &str) -> Result<FactTable, Diagnostic> {
    let mut rows = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            rows.push(split(file, content, offset));
        }
        offset += line.len();
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
    if first.text.trim() != "id" {
        return Err(
            Diagnostic::new(Code::E0601, first.span, "the first column must be `id`")
                .with_primary_label(format!("found `{}`", first.text.trim()))
                .with_help("name the first column `id`; an optional `name` column may follow"),
        );
    }
    let has_name = header.get(1).is_some_and(|h| h.text.trim() == "name");
    let columns: Vec<Cell> = header
        .iter()
        .skip(if has_name { 2 } else { 1 })
        .map(|c| Cell {
            text: c.text.trim().to_string(),
            span: c.span,
        })
        .collect();
    let mut members: Vec<MemberFacts> = Vec::new();
    for row in rows {
        let row_span = match (row.first(), row.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => Span::new(file, 0, 0),
        };
        if row.len() != header.len() {
            return Err(Diagnostic::new(
                Code::E0601,
                row_span,
                format!("this row has {} fields, the header {}", row.len(), header.len()),
            )
            .with_primary_label("wrong number of fields")
            .with_help("give every row one field per column, empty fields included"));
        }
        let mut fields = row.into_iter();
        let Some(id) = fields.next() else { continue };
        let id = Cell {
            text: id.text.trim().to_string(),
            span: id.span,
        };
        if id.text.is_empty() {
            return Err(Diagnostic::new(Code::E0601, id.span, "the member id is empty")
                .with_help("give every row an id such as `DEU`"));
        }
        if let Some(previous) = members.iter().find(|m| m.id.text == id.text) {
            return Err(
                Diagnostic::new(Code::E0601, id.span, format!("member `{}` is listed twice", id.text))
                    .with_primary_label("listed again here")
                    .with_label(previous.id.span, "first listed here")
                    .with_help("give each member one row"),
            );
        }
        let name = if has_name { fields.next() } else { None };
        let values = columns.iter().map(|c| c.text.clone()).zip(fields).collect();
        members.push(MemberFacts { id, name, values });
    }
    Ok(FactTable { file, columns, members })
}

/// Reads a JSON fact table: an array of objects (or `{"members": [...]}`), each
/// with an `id`, an optional `name`, and one field per attribute. Each value's span
/// is its key in the text, so errors point at the member and attribute concerned.
#[expect(
    clippy::result_large_err,
    reason = "one error per command, read once; boxing buys nothing"
)]
pub fn parse_json(file: FileId, text: &str) -> Result<FactTable, Diagnostic> {
    let whole = Span::new(file, 0, text.len());
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
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
    })?;
    let list = match &value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("members") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(Diagnostic::new(Code::E0601, whole, "expected an array of members")
                    .with_help("write `[{\"id\": ...}, ...]` or `{\"members\": [...]}`"))
            }
        },
        _ => {
            return Err(Diagnostic::new(Code::E0601, whole, "expected an array of members")
                .with_help("write `[{\"id\": ...}, ...]`"))
        }
    };
    let mut cursor = 0;
    let mut columns: Vec<Cell> = Vec::new();
    let mut members: Vec<MemberFacts> = Vec::new();
    for entry in list {
        let Some(object) = entry.as_object() else {
            return Err(Diagnostic::new(Code::E0601, whole, "every member must be an object")
                .with_help("write `{\"id\": \"DEU\", ...}`"));
        };
        let Some(id) = object.get("id").and_then(|v| v.as_str()) else {
            return Err(Diagnostic::new(Code::E0601, whole, "a member has no `id`")
                .with_help("give every member an `id` such as `\"DEU\"`"));
        };
        let quoted = format!("\"{id}\"");
        let at = text
            .get(cursor..)
            .and_then(|r| r.find(&quoted))
            .map_or(cursor, |i| cursor + i);
        let id_span = Span::new(file, at, at + quoted.len());
        cursor = at + quoted.len();
        if let Some(previous) = members.iter().find(|m| m.id.text == id) {
            return Err(
                Diagnostic::new(Code::E0601, id_span, format!("member `{id}` is listed twice"))
                    .with_label(previous.id.span, "first listed here")
                    .with_help("give each member one entry"),
            );
        }
        let mut values = BTreeMap::new();
        let mut name = None;
        for (key, v) in object {
            let text_value = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            let quoted_key = format!("\"{key}\"");
            let key_at = text.get(at..).and_then(|r| r.find(&quoted_key)).map(|i| at + i);
            let span = key_at.map_or(id_span, |k| Span::new(file, k, k + quoted_key.len()));
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
        members.push(MemberFacts {
            id: Cell {
                text: id.to_string(),
                span: id_span,
            },
            name,
            values,
        });
    }
    // Every member has every column, empty where not given, so that missing values are reported.
    for m in &mut members {
        for c in &columns {
            m.values.entry(c.text.clone()).or_insert(Cell {
                text: String::new(),
                span: m.id.span,
            });
        }
    }
    Ok(FactTable { file, columns, members })
}

fn split(file: FileId, line: &str, offset: usize) -> Vec<Cell> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if quoted && chars.peek().map(|(_, n)| *n) == Some('"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => {
                fields.push(Cell {
                    text: std::mem::take(&mut field),
                    span: Span::new(file, offset + start, offset + i),
                });
                start = i + 1;
            }
            _ => field.push(c),
        }
    }
    fields.push(Cell {
        text: field,
        span: Span::new(file, offset + start, offset + line.len()),
    });
    fields
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
        let cell = &t.members[0].values["population"];
        assert_eq!(&text[cell.span.start..cell.span.end], "83386901");
    }

    #[test]
    fn malformed_unknown_and_missing_are_reported() {
        let t = table("id,population,colour\nDEU,many,red\nFRA,,blue\n");
        let declared = BTreeMap::from([("population".to_string(), Expected::Number { min: None, max: None })]);
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
        assert_eq!(t.members[0].values["free"].text, "true");
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
