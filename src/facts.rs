//! Facts about members, read from CSV: a header row, first column `id`, an
//! optional `name` column as a label, then one column per attribute.
//!
//! Errors name the file, row and column. Values are read exactly (rationals).

use std::collections::BTreeMap;

use crate::ast::number::parse_decimal;
use crate::ast::Rational;

/// One member's facts.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberFacts {
    pub id: String,
    pub name: Option<String>,
    /// Attribute -> raw text, as written.
    pub values: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactTable {
    pub source: String,
    pub columns: Vec<String>,
    pub members: Vec<MemberFacts>,
}

impl FactTable {
    /// The numeric value of an attribute for each member, in table order.
    pub fn numbers(&self, attribute: &str) -> Result<Vec<(String, Rational)>, String> {
        let column = self.columns.iter().position(|c| c == attribute).map(|i| i + 1);
        let Some(column) = column else {
            return Err(format!(
                "{}: no column `{attribute}` (the columns are {})",
                self.source,
                self.columns.join(", ")
            ));
        };
        self.members
            .iter()
            .enumerate()
            .map(|(row, m)| {
                let raw = m.values.get(attribute).map(String::as_str).unwrap_or("");
                let value = parse_decimal(raw.trim()).ok_or_else(|| {
                    format!(
                        "{}:{}:{}: `{raw}` is not a number (attribute `{attribute}` of `{}`)",
                        self.source,
                        row + 2,
                        column + 1,
                        m.id
                    )
                })?;
                Ok((m.id.clone(), value))
            })
            .collect()
    }
}

/// Reads a CSV fact table. Quoted fields may hold commas and doubled quotes.
pub fn parse_csv(source: &str, text: &str) -> Result<FactTable, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(format!(
            "{source}: the file is empty; expected a header row starting with `id`"
        ));
    };
    let header = split(header);
    if header.first().map(|h| h.trim()) != Some("id") {
        return Err(format!("{source}:1:1: the first column must be `id`"));
    }
    let has_name = header.get(1).is_some_and(|h| h.trim() == "name");
    let columns: Vec<String> = header
        .iter()
        .skip(if has_name { 2 } else { 1 })
        .map(|h| h.trim().to_string())
        .collect();
    let mut members: Vec<MemberFacts> = Vec::new();
    for (index, line) in lines {
        let row = index + 1;
        let fields = split(line);
        if fields.len() != header.len() {
            return Err(format!(
                "{source}:{row}: {} fields, but the header has {}",
                fields.len(),
                header.len()
            ));
        }
        let mut fields = fields.into_iter();
        let id = fields.next().unwrap_or_default().trim().to_string();
        if id.is_empty() {
            return Err(format!("{source}:{row}:1: the member id is empty"));
        }
        if members.iter().any(|m| m.id == id) {
            return Err(format!("{source}:{row}:1: member `{id}` is listed twice"));
        }
        let name = if has_name {
            fields.next().map(|n| n.trim().to_string())
        } else {
            None
        };
        let values = columns
            .iter()
            .cloned()
            .zip(fields.map(|f| f.trim().to_string()))
            .collect();
        members.push(MemberFacts { id, name, values });
    }
    Ok(FactTable {
        source: source.to_string(),
        columns,
        members,
    })
}

fn split(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_names_and_values() {
        let t = parse_csv(
            "f.csv",
            "id,name,population\nDEU,Germany,83386901\nFRA,\"France, Republic\",68414240\n",
        )
        .unwrap();
        assert_eq!(t.columns, ["population"]);
        assert_eq!(t.members[1].name.as_deref(), Some("France, Republic"));
        assert_eq!(t.numbers("population").unwrap()[0].1, Rational::integer(83_386_901));
    }

    #[test]
    fn errors_name_the_place() {
        let t = parse_csv("f.csv", "id,population\nDEU,many\n").unwrap();
        assert_eq!(
            t.numbers("population").unwrap_err(),
            "f.csv:2:2: `many` is not a number (attribute `population` of `DEU`)"
        );
        assert!(parse_csv("f.csv", "name,id\n")
            .unwrap_err()
            .contains("first column must be `id`"));
        assert!(parse_csv("f.csv", "id,x\nA,1\nA,2\n")
            .unwrap_err()
            .contains("listed twice"));
    }
}
