//! The consolidated treaty: the base treaty's source with an amendment's changes
//! written into it.
//!
//! Consolidation edits the drafters' own text rather than printing the syntax tree
//! again, so that everything the amendment does not touch (comments, layout, the
//! order of articles) stays exactly as written. Replaced provisions take the
//! amendment's wording, re-indented to where they now stand; repealed provisions
//! leave no blank hole. It runs only on an amendment the lint found no error in:
//! every address then names exactly one provision.

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::stages::{a_kind_word, address, kind_word, same_kind};
use crate::source::Span;

/// One rewrite of the base text: the bytes `start..end` become `text`.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
    /// The amendment change that asks for it, for a clash between two edits.
    change: Span,
}

/// Writes `amendment` into the base treaty's source `base_text`. The result starts
/// with a comment naming the amendment. A change whose target cannot be found, or
/// two changes to overlapping text, is an error: nothing is consolidated by halves.
#[expect(
    clippy::result_large_err,
    reason = "called once per command; the diagnostic is the result the user sees"
)]
pub fn consolidate(
    base: &Treaty,
    base_text: &str,
    amendment: &Amendment,
    amendment_text: &str,
) -> Result<String, Diagnostic> {
    let mut edits = Vec::new();
    for change in &amendment.changes {
        let edit = match change {
            Change::Replace { item, span } => {
                let (kind, name) = address(item).ok_or_else(|| unaddressable(*span))?;
                let target = find(&base.items, kind, name).ok_or_else(|| missing(*span, kind, name))?;
                let to = indent_of(base_text, target.span().start);
                Edit {
                    start: target.span().start,
                    end: target.span().end,
                    text: reindent(amendment_text, item.span(), &to),
                    change: *span,
                }
            }
            Change::Repeal { target, span } | Change::Remove { target, span } => {
                let found = find(&base.items, target.kind, &target.name)
                    .ok_or_else(|| missing(*span, target.kind, &target.name))?;
                let (start, end) = whole_lines(base_text, found.span());
                Edit {
                    start,
                    end,
                    text: String::new(),
                    change: *span,
                }
            }
            Change::Insert { item, after, span } => {
                insertion(base, base_text, amendment_text, item, after.as_ref(), *span)?
            }
            Change::Add { item, span } => insertion(base, base_text, amendment_text, item, None, *span)?,
            Change::Text(_) => continue,
        };
        edits.push(edit);
    }

    // Insertions at one place keep the amendment's order: the sort is stable.
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(base_text.len() + 256);
    out.push_str(&header(amendment));
    let mut at = 0;
    let mut previous: Option<&Edit> = None;
    for edit in &edits {
        if edit.start < at {
            let mut d = Diagnostic::new(
                Code::E0804,
                edit.change,
                "this change falls inside a provision the amendment also changes",
            )
            .with_primary_label("changes text that another change rewrites");
            if let Some(p) = previous {
                d = d.with_label(p.change, "the other change");
            }
            return Err(d.with_help("make one change per provision: change the enclosing article once"));
        }
        out.push_str(base_text.get(at..edit.start).unwrap_or_default());
        out.push_str(&edit.text);
        at = edit.end;
        previous = Some(edit);
    }
    out.push_str(base_text.get(at..).unwrap_or_default());
    Ok(out)
}

fn header(amendment: &Amendment) -> String {
    let title = amendment
        .title
        .as_ref()
        .map(|t| format!(" ({})", t.value.replace('\n', " ")))
        .unwrap_or_default();
    format!(
        "// Consolidated by `treatyc amend`: `{}` as amended by `{}`{title}.\n",
        amendment.amends.name, amendment.name.name
    )
}

/// The item addressed by `kind` and `name`, at the top level or inside an article.
pub(super) fn find<'a>(items: &'a [Item], kind: ItemKind, name: &str) -> Option<&'a Item> {
    items.iter().find_map(|item| {
        if address(item).is_some_and(|(k, n)| same_kind(k, kind) && n == name) {
            return Some(item);
        }
        match item {
            Item::Article(a) => find(&a.items, kind, name),
            _ => None,
        }
    })
}

/// Where an inserted item goes: after the item its `after` names; else after the
/// last top-level item of its kind (a new article after the last article); else
/// before the stages and scenarios, which speak of what comes before them; else
/// at the end of the treaty.
#[expect(clippy::result_large_err, reason = "one edit per change; see `consolidate`")]
fn insertion(
    base: &Treaty,
    base_text: &str,
    amendment_text: &str,
    item: &Item,
    after: Option<&ItemRef>,
    change: Span,
) -> Result<Edit, Diagnostic> {
    let kind = address(item).map(|(k, _)| k);
    let anchor = match after {
        Some(r) => Some(find(&base.items, r.kind, &r.name).ok_or_else(|| missing(r.span, r.kind, &r.name))?),
        None => kind.and_then(|k| {
            base.items
                .iter()
                .rev()
                .find(|i| address(i).is_some_and(|(ik, _)| same_kind(ik, k)) && !matches!(i, Item::Stage(_)))
        }),
    };
    let separator = match item {
        Item::Article(_) | Item::Body(_) | Item::Fund(_) | Item::Stage(_) => "\n\n",
        _ => "\n",
    };
    if let Some(anchor) = anchor {
        let to = indent_of(base_text, anchor.span().start);
        return Ok(Edit {
            start: anchor.span().end,
            end: anchor.span().end,
            text: format!("{separator}{to}{}", reindent(amendment_text, item.span(), &to)),
            change,
        });
    }
    let first_item_indent = base
        .items
        .first()
        .map_or_else(|| "  ".to_string(), |i| indent_of(base_text, i.span().start));
    if let Some(later) = base
        .items
        .iter()
        .find(|i| matches!(i, Item::Stage(_) | Item::Scenario(_)))
    {
        let (start, _) = whole_lines(base_text, later.span());
        return Ok(Edit {
            start,
            end: start,
            text: format!(
                "{first_item_indent}{}\n{}",
                reindent(amendment_text, item.span(), &first_item_indent),
                if separator == "\n\n" { "\n" } else { "" }
            ),
            change,
        });
    }
    // The treaty's closing brace is its last byte.
    let close = base.span.end.saturating_sub(1);
    let (start, _) = whole_lines(base_text, Span::new(base.span.file, close, close));
    Ok(Edit {
        start,
        end: start,
        text: format!(
            "{}{first_item_indent}{}\n",
            if separator == "\n\n" { "\n" } else { "" },
            reindent(amendment_text, item.span(), &first_item_indent)
        ),
        change,
    })
}

fn unaddressable(span: Span) -> Diagnostic {
    Diagnostic::new(Code::E0801, span, "this change names no provision it could apply to")
        .with_primary_label("nothing to address")
        .with_help("replace a provision that has a number or a name (`article 7`, `body Council`, `rule qmv`)")
}

fn missing(span: Span, kind: ItemKind, name: &str) -> Diagnostic {
    let what = kind_word(kind);
    Diagnostic::new(
        Code::E0801,
        span,
        format!("there is no {what} `{name}` in the base treaty"),
    )
    .with_primary_label("this addresses nothing")
    .with_help(format!("name {} the base treaty contains", a_kind_word(kind)))
}

/// The whitespace that starts the line holding `offset`.
fn indent_of(text: &str, offset: usize) -> String {
    let line_start = text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    text.get(line_start..offset)
        .unwrap_or_default()
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// `span` widened to whole lines when nothing else shares them, and to one blank
/// line around it when it stands between two, so that a removal leaves no hole.
fn whole_lines(text: &str, span: Span) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = span.start;
    while start > 0 && matches!(bytes.get(start - 1), Some(b' ' | b'\t')) {
        start -= 1;
    }
    let at_line_start = start == 0 || bytes.get(start - 1) == Some(&b'\n');
    let mut end = span.end;
    while matches!(bytes.get(end), Some(b' ' | b'\t' | b'\r')) {
        end += 1;
    }
    let at_line_end = end >= bytes.len() || bytes.get(end) == Some(&b'\n');
    if !(at_line_start && at_line_end) {
        return (span.start, span.end);
    }
    if end < bytes.len() {
        end += 1;
    }
    let blank_before = start >= 2 && bytes.get(start - 2) == Some(&b'\n');
    let blank_after = bytes.get(end) == Some(&b'\n');
    if blank_before && blank_after {
        end += 1;
    }
    (start, end)
}

/// The source of `span` in `text`, its lines moved from their own indentation to
/// `to`. Lines that begin inside a quoted text or a block comment are left alone:
/// their leading spaces are part of what is written.
fn reindent(text: &str, span: Span, to: &str) -> String {
    let source = text.get(span.start..span.end).unwrap_or_default();
    let from = indent_of(text, span.start);
    let mut out = String::with_capacity(source.len());
    let mut state = Scan::Code;
    for (i, line) in source.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if state == Scan::Code {
                let trimmed = line.trim_end();
                if !trimmed.is_empty() {
                    out.push_str(to);
                    out.push_str(
                        trimmed
                            .strip_prefix(from.as_str())
                            .unwrap_or_else(|| trimmed.trim_start()),
                    );
                }
            } else {
                out.push_str(line);
            }
        } else {
            out.push_str(line);
        }
        state = scan_line(line, state);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Code,
    Quoted,
    BlockComment,
}

/// The lexical state at the end of `line`, given the state at its start.
fn scan_line(line: &str, mut state: Scan) -> Scan {
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match state {
            Scan::Quoted => match c {
                '\\' => {
                    chars.next();
                }
                '"' => state = Scan::Code,
                _ => {}
            },
            Scan::BlockComment => {
                if c == '*' && chars.peek() == Some(&'/') {
                    chars.next();
                    state = Scan::Code;
                }
            }
            Scan::Code => match c {
                '"' => state = Scan::Quoted,
                '/' if chars.peek() == Some(&'/') => return Scan::Code,
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    state = Scan::BlockComment;
                }
                _ => {}
            },
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn span(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap_or(0);
        Span::new(FileId(0), start, start + needle.len())
    }

    #[test]
    fn reindent_moves_lines_but_not_the_inside_of_a_text() {
        let src = "    article 1 {\n      text \"a\n   b\"\n      x: every member must act\n    }";
        let out = reindent(src, span(src, src.trim_start()), "  ");
        assert_eq!(
            out,
            "article 1 {\n    text \"a\n   b\"\n    x: every member must act\n  }"
        );
    }

    #[test]
    fn a_removed_line_takes_one_blank_line_with_it() {
        let src = "a\n\n  body X\n\nb\n";
        let (s, e) = whole_lines(src, span(src, "body X"));
        let mut out = src.to_string();
        out.replace_range(s..e, "");
        assert_eq!(out, "a\n\nb\n");
    }

    #[test]
    fn an_item_sharing_its_line_is_cut_exactly() {
        let src = "a body X b\n";
        assert_eq!(whole_lines(src, span(src, "body X")), (2, 8));
    }
}
