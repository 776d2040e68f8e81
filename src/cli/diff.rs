//! `treatyc diff`: what changes in meaning between two treaties or stages.

use super::*;

pub(super) fn diff(
    old: &PathBuf,
    new: &PathBuf,
    old_stage: Option<&str>,
    new_stage: Option<&str>,
    format: Format,
) -> Result<ExitCode, Failure> {
    // Two stages of one file: read and checked once.
    let loaded = if old == new {
        load_programs(old, &[old_stage, new_stage]).map(|mut p| (p.remove(0), p.remove(0)))
    } else {
        load_program(old, old_stage).and_then(|b| Ok((b, load_program(new, new_stage)?)))
    };
    let (before, after) = loaded?;
    let changes = crate::ir::diff::diff(&before, &after);
    match format {
        Format::Json => outln!("{}", to_json(&serde_json::json!({ "changes": changes }))?),
        Format::Human => {
            if changes.is_empty() {
                outln!("no difference in meaning");
            }
            for c in &changes {
                let sign = match c.change {
                    crate::ir::diff::ChangeKind::Added => "+",
                    crate::ir::diff::ChangeKind::Removed => "-",
                    crate::ir::diff::ChangeKind::Changed => "~",
                };
                outln!("{sign} {} `{}`", c.kind, c.name);
                if let (Some(b), Some(a)) = (&c.before, &c.after) {
                    for (field, before, after) in changed_fields(b, a) {
                        outln!("    {field}: {before}  ->  {after}");
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Seats, elected seats and the decision that sets a fact, as the language writes
/// them; of two seat tables, only the delegations that differ.
fn as_written(
    field: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Option<(String, String)> {
    use crate::ir::{ElectedSeats, Seats, SetBy};
    let none = || "(none)".to_string();
    if field == "set_by" {
        let read = |v: Option<&serde_json::Value>| {
            v.and_then(|v| serde_json::from_value::<SetBy>(v.clone()).ok())
                .map_or_else(none, |s| format!("{}.{}", s.body, s.decision))
        };
        return Some((read(before), read(after)));
    }
    // Time as the language writes it: `within 2 years of notice`, `from 1 November 2014 until ...`.
    fn shown<T: serde::de::DeserializeOwned + std::fmt::Display>(v: Option<&serde_json::Value>) -> String {
        v.filter(|v| !v.is_null())
            .and_then(|v| serde_json::from_value::<T>(v.clone()).ok())
            .map_or_else(|| "(none)".to_string(), |t| t.to_string())
    }
    match field {
        "timing" => return Some((shown::<crate::ir::Timing>(before), shown::<crate::ir::Timing>(after))),
        "in_force_from" => return Some((shown::<crate::ir::Date>(before), shown::<crate::ir::Date>(after))),
        "after_notice" | "open_after" | "period" => {
            return Some((shown::<crate::ir::Length>(before), shown::<crate::ir::Length>(after)))
        }
        // An absent window is no limit.
        "in_force" => {
            let always = |v: Option<&serde_json::Value>| match v {
                None => "at all times".to_string(),
                v => shown::<crate::ir::Window>(v),
            };
            return Some((always(before), always(after)));
        }
        _ => {}
    }
    if field != "seats" && field != "elected_seats" {
        return None;
    }
    let read = |v: Option<&serde_json::Value>| v.and_then(|v| serde_json::from_value::<Seats>(v.clone()).ok());
    let elected =
        |v: Option<&serde_json::Value>| v.and_then(|v| serde_json::from_value::<ElectedSeats>(v.clone()).ok());
    match (read(before), read(after)) {
        (Some(Seats::Table(b)), Some(Seats::Table(a))) => {
            let differ = |x: &[crate::ir::SeatShare], y: &[crate::ir::SeatShare]| -> String {
                let list: Vec<String> = x
                    .iter()
                    .filter(|s| !y.contains(s))
                    .map(|s| format!("{} {}", s.member, s.seats))
                    .collect();
                if list.is_empty() {
                    none()
                } else {
                    list.join(", ")
                }
            };
            return Some((differ(&b, &a), differ(&a, &b)));
        }
        (b @ Some(_), a) | (b, a @ Some(_)) => {
            return Some((
                b.map_or_else(none, |s| s.to_string()),
                a.map_or_else(none, |s| s.to_string()),
            ));
        }
        (None, None) => {}
    }
    match (elected(before), elected(after)) {
        (None, None) => None,
        (b, a) => Some((
            b.map_or_else(none, |s| s.to_string()),
            a.map_or_else(none, |s| s.to_string()),
        )),
    }
}

/// The fields that differ between two versions of an element, each shown as the
/// language writes it where it is an expression, else as compact JSON.
fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<(String, String, String)> {
    let show = |v: Option<&serde_json::Value>| -> String {
        let Some(v) = v else { return "(none)".to_string() };
        if let Ok(e) = serde_json::from_value::<crate::ir::Expr>(v.clone()) {
            return e.to_string();
        }
        if let Ok(list) = serde_json::from_value::<Vec<crate::ir::Expr>>(v.clone()) {
            if !list.is_empty() {
                return list.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            }
        }
        match v {
            serde_json::Value::Null => "(none)".to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    };
    match (before, after) {
        (serde_json::Value::Object(b), serde_json::Value::Object(a)) => {
            let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
            keys.into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| match as_written(k, b.get(k), a.get(k)) {
                    Some((before, after)) => (k.clone(), before, after),
                    None => (k.clone(), show(b.get(k)), show(a.get(k))),
                })
                .collect()
        }
        _ => vec![("value".to_string(), show(Some(before)), show(Some(after)))],
    }
}
