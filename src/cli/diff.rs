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
    let (before_program, after_program) = loaded?;
    let changes = crate::ir::diff::diff(&before_program, &after_program);
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
                    for (field, mut before, mut after) in changed_fields(c.kind, b, a) {
                        // A power's rule by name, with what it says.
                        if c.kind == "power" && field == "rule" {
                            before = rule_named(&before_program, &before);
                            after = rule_named(&after_program, &after);
                        }
                        outln!("    {field}: {before}  ->  {after}");
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A rule by its name, with its criteria in words when the program has it.
fn rule_named(program: &crate::ir::Program, name: &str) -> String {
    match program.rule(name) {
        Some(rule) => format!("`{name}` ({})", crate::words::rule(rule)),
        None => format!("`{name}`"),
    }
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

/// A field's value in the words of the language or of `words`, where it is a
/// construct that has words: criteria, effects, acts, relationships, triggers,
/// procedure steps, expressions.
fn in_words(field: &str, v: &serde_json::Value) -> Option<String> {
    fn list<T: serde::de::DeserializeOwned>(v: &serde_json::Value, say: impl Fn(&T) -> String) -> Option<String> {
        let items: Vec<T> = serde_json::from_value(v.clone()).ok()?;
        Some(if items.is_empty() {
            "(none)".to_string()
        } else {
            items.iter().map(say).collect::<Vec<_>>().join("; ")
        })
    }
    fn one<T: serde::de::DeserializeOwned>(v: &serde_json::Value, say: impl Fn(&T) -> String) -> Option<String> {
        serde_json::from_value::<T>(v.clone()).ok().map(|t| say(&t))
    }
    match field {
        "criteria" => list(v, crate::words::criterion),
        "abstention" | "absence" => one(v, |e: &crate::ir::Effect| crate::words::effect_words(*e).to_string()),
        "by" | "extension" => one(v, crate::words::act),
        "on" => list(v, crate::words::act),
        "relations" => {
            // Compared without provenance: read as what the words need.
            #[derive(serde::Deserialize)]
            struct Said {
                kind: crate::ir::RelationKind,
                decision: Option<String>,
                target: Option<String>,
            }
            list(v, |r: &Said| {
                crate::words::relation(r.kind, r.decision.as_deref(), r.target.as_deref())
            })
        }
        "triggers" => list(v, crate::words::trigger),
        "steps" => list(v, crate::words::step),
        _ => None,
    }
    .or_else(|| one(v, |e: &crate::ir::Expr| e.to_string()))
    .or_else(|| {
        let list: Vec<crate::ir::Expr> = serde_json::from_value(v.clone()).ok()?;
        (!list.is_empty()).then(|| list.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
    })
}

/// Any other value in plain words, never as JSON: names as written, lists
/// joined, yes or no, and a structure as its fields said one by one.
fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(none)".to_string(),
        serde_json::Value::Bool(true) => "yes".to_string(),
        serde_json::Value::Bool(false) => "no".to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Array(items) if items.is_empty() => "(none)".to_string(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} {}", k.replace('_', " "), in_words(k, v).unwrap_or_else(|| plain(v))))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The fields that differ between two versions of an element, each in words:
/// a voting rule as `words::rule` says it (its title apart), every other field
/// as the language writes it or in plain words, never as JSON.
fn changed_fields(kind: &str, before: &serde_json::Value, after: &serde_json::Value) -> Vec<(String, String, String)> {
    let show = |field: &str, v: Option<&serde_json::Value>| -> String {
        match v {
            None => "(none)".to_string(),
            Some(v) => in_words(field, v).unwrap_or_else(|| plain(v)),
        }
    };
    if kind == "rule" {
        let rule = |v: &serde_json::Value| serde_json::from_value::<crate::ir::Rule>(v.clone()).ok();
        if let (Some(b), Some(a)) = (rule(before), rule(after)) {
            let mut out = Vec::new();
            if b.title != a.title {
                out.push((
                    "title".to_string(),
                    b.title.clone().unwrap_or_else(|| "(none)".to_string()),
                    a.title.clone().unwrap_or_else(|| "(none)".to_string()),
                ));
            }
            let (wb, wa) = (crate::words::rule(&b), crate::words::rule(&a));
            if wb != wa {
                out.push(("rule".to_string(), wb, wa));
            }
            return out;
        }
    }
    match (before, after) {
        (serde_json::Value::Object(b), serde_json::Value::Object(a)) => {
            let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
            keys.into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| match as_written(k, b.get(k), a.get(k)) {
                    Some((before, after)) => (k.clone(), before, after),
                    // A flag left out when false (`exclusive`, `agreement_of_concerned`).
                    None if b.get(k).or(a.get(k)).is_some_and(serde_json::Value::is_boolean) => {
                        let flag = |v: Option<&serde_json::Value>| plain(v.unwrap_or(&serde_json::Value::Bool(false)));
                        (k.clone(), flag(b.get(k)), flag(a.get(k)))
                    }
                    None => (k.clone(), show(k, b.get(k)), show(k, a.get(k))),
                })
                .collect()
        }
        _ => vec![("value".to_string(), show("", Some(before)), show("", Some(after)))],
    }
}
