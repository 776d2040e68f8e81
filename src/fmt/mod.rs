//! Source text to its one canonical layout (`treatyc fmt`).
//!
//! The formatter reads the concrete syntax tree (pest's pairs) rather than the
//! syntax tree the later phases read, because it must keep what they drop:
//! comments, blank lines and every clause in the order written. It builds a
//! small layout tree (`layout`), which `print` lays out within the width given
//! in `docs/style.md`. The result is parsed again and its syntax tree compared
//! with the original's, spans aside: a layout that would change what the treaty
//! says is refused, never written.

mod layout;
mod print;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// The widest line the formatter writes, where a clause can be broken; legal
/// text and names are never split, so a line holding a long one stays long.
pub const WIDTH: usize = 100;

/// The treaty in `text` in its canonical layout. A file with a syntax error
/// comes back as its diagnostics (the errors only), and nothing is formatted.
pub fn format(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = crate::syntax::parse(file, text);
    let errors: Vec<Diagnostic> = parsed.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
    // A faulty figure (a share above 100%) parses: it is the checker's business,
    // and its layout is canonical all the same. Only a text the grammar refuses
    // cannot be laid out.
    let syntax_errors: Vec<Diagnostic> = errors.into_iter().filter(Diagnostic::stops_analysis).collect();
    if !syntax_errors.is_empty() {
        return Err(syntax_errors);
    }
    let whole = (0, text.len().min(1));
    let (Some(document), Some(tree)) = (parsed.document, crate::syntax::concrete(text)) else {
        // The file parsed item by item but not as a whole: there is no one tree
        // to lay out, so nothing is changed.
        return Err(vec![unstable(file, whole)]);
    };
    let formatted = print::print(&layout::build(text, tree));
    let again = crate::syntax::parse(file, &formatted);
    let reread = match &again.document {
        Some(d) if again.diagnostics.iter().all(|d| !d.stops_analysis()) => d,
        _ => return Err(vec![unstable(file, (0, text.len().min(1)))]),
    };
    match (serde_json::to_value(&document), serde_json::to_value(reread)) {
        (Ok(before), Ok(after)) => match first_difference(&before, &after, (0, text.len().min(1))) {
            None => Ok(formatted),
            Some(at) => Err(vec![unstable(file, at)]),
        },
        _ => Err(vec![unstable(file, (0, text.len().min(1)))]),
    }
}

/// Where two serialised syntax trees first differ, spans aside: the span of the
/// innermost node of the original that holds the difference.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, around: (usize, usize)) -> Option<(usize, usize)> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let here = x.get("span").and_then(span_of).unwrap_or(around);
            let keys = |m: &serde_json::Map<String, Value>| -> Vec<String> {
                m.iter().filter(|(_, v)| !is_span(v)).map(|(k, _)| k.clone()).collect()
            };
            if keys(x) != keys(y) {
                return Some(here);
            }
            // Both have the same keys (checked above), so `y.get` always finds one.
            x.iter()
                .filter(|(_, v)| !is_span(v))
                .find_map(|(k, v)| first_difference(v, y.get(k)?, here))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                // A clause split in two: the first that differs, else the list.
                return x
                    .iter()
                    .zip(y)
                    .find_map(|(p, q)| first_difference(p, q, around))
                    .or(Some(around));
            }
            x.iter().zip(y).find_map(|(p, q)| first_difference(p, q, around))
        }
        _ if a == b => None,
        _ => Some(around),
    }
}

fn span_of(value: &serde_json::Value) -> Option<(usize, usize)> {
    let start = usize::try_from(value.get("start")?.as_u64()?).ok()?;
    let end = usize::try_from(value.get("end")?.as_u64()?).ok()?;
    Some((start, end))
}

fn is_span(value: &serde_json::Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.len() == 2 && m.get("start").is_some_and(|v| v.is_u64()) && m.get("end").is_some_and(|v| v.is_u64())
    })
}

/// The formatter's own refusal: the layout it would write reads differently.
/// The file is left as it is.
fn unstable(file: FileId, (start, end): (usize, usize)) -> Diagnostic {
    Diagnostic::new(
        Code::E0920,
        Span::new(file, start, end),
        "the canonical layout would change what this says",
    )
    .with_primary_label("laid out on lines of its own, this reads differently")
    .with_note("the file is left as it is")
    .with_help("put each provision on a line of its own and read what `treatyc check` says of it; then format again")
}

#[cfg(test)]
mod tests;
