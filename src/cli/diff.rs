//! `treatyc diff`: what changes in meaning between two treaties or stages.

use super::*;

pub(super) fn diff(
    old: &PathBuf,
    new: &PathBuf,
    old_stage: Option<&str>,
    new_stage: Option<&str>,
    format: Format,
) -> Result<ExitCode, String> {
    // Two stages of one file: read and checked once.
    let loaded = if old == new {
        load_programs(old, &[old_stage, new_stage]).map(|mut p| (p.remove(0), p.remove(0)))
    } else {
        load_program(old, old_stage).and_then(|b| Ok((b, load_program(new, new_stage)?)))
    };
    let (before, after) = match loaded {
        Ok(pair) => pair,
        Err(stop) => return stop.exit(),
    };
    let changes = crate::ir::diff::diff(&before, &after);
    match format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "changes": changes })).map_err(|e| e.to_string())?
        ),
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
                .map(|k| (k.clone(), show(b.get(k)), show(a.get(k))))
                .collect()
        }
        _ => vec![("value".to_string(), show(Some(before)), show(Some(after)))],
    }
}
