//! A lexical pass that runs before the grammar.
//!
//! It finds what a PEG parser reports badly or not at all: unclosed and stray
//! delimiters, unterminated strings and comments, and nesting deep enough to
//! exhaust the stack. It also marks the lines directly inside the document's
//! braces, where reading may resume after a syntax error in an item.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// The deepest nesting of `(`, `{` and `[` the parser accepts.
pub const MAX_DEPTH: usize = 64;

/// A word that begins a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStart {
    pub at: usize,
    pub indent: usize,
    /// How many braces and brackets are open around it.
    pub depth: usize,
}

/// What the scan learned about a file.
#[derive(Debug, Default)]
pub struct Scan {
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the file holds any token at all (not only comments and blanks).
    pub has_tokens: bool,
    /// Words that begin a line inside the document's braces, with their
    /// indentation and their depth (1 directly inside the document, 2 inside an
    /// article): where parsing may resume after an error inside an item.
    pub line_starts: Vec<LineStart>,
    /// Where the document's closing brace ends, when it was found.
    pub document_end: Option<usize>,
    /// The first token after the document's closing brace.
    pub trailing: Option<usize>,
}

#[derive(Clone, Copy)]
struct Open {
    delimiter: u8,
    at: usize,
}

fn closing_for(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// E0005 at the quotation mark that opens a text never closed. When an earlier
/// text ran over a line end into braces, its closing quote was most likely
/// missing: the quote taken to close it opened the text that never ends, so the
/// earlier one is pointed at.
fn unterminated(file: FileId, open: usize, run_on: Option<(usize, usize)>) -> Diagnostic {
    let help = "close the text with `\"`; write `\\\"` for a quotation mark inside it";
    match run_on {
        Some((start, end)) => Diagnostic::new(Code::E0005, Span::new(file, start, start + 1), "unterminated text")
            .with_primary_label("this text is most likely never closed on its line")
            .with_label(
                Span::new(file, end.saturating_sub(1), end),
                "so this quotation mark closes it, lines later, past braces",
            )
            .with_label(Span::new(file, open, open + 1), "and this one opens a text the file never closes")
            .with_help("close the text on its own line with `\"`; a text may run over several lines, but not over the clauses that follow it"),
        None => Diagnostic::new(Code::E0005, Span::new(file, open, open + 1), "unterminated text")
            .with_primary_label("this text is never closed")
            .with_help(help),
    }
}

/// Scans `text` (one whole file).
pub fn scan(file: FileId, text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut line_has_token = false;
    let mut line_start = 0;
    let mut i = 0;
    let span = |s: usize, e: usize| Span::new(file, s, e);
    // The last text that ran over a line end and holds a brace: where a missing
    // closing quote most likely is, when the file then ends inside a text.
    let mut run_on: Option<(usize, usize)> = None;

    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => {
                line_has_token = false;
                i += 1;
                line_start = i;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|c| *c != b'\n') {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                loop {
                    match bytes.get(i) {
                        None => {
                            out.diagnostics.push(
                                Diagnostic::new(Code::E0016, span(start, start + 2), "unterminated comment")
                                    .with_primary_label("this comment is never closed")
                                    .with_help("close the comment with `*/`"),
                            );
                            return out;
                        }
                        Some(b'*') if bytes.get(i + 1) == Some(&b'/') => {
                            i += 2;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            _ => {
                let token_start = i;
                let first_on_line = !line_has_token;
                line_has_token = true;
                out.has_tokens = true;
                if stack.is_empty() && out.document_end.is_some() && out.trailing.is_none() {
                    out.trailing = Some(token_start);
                }
                match b {
                    b'"' => {
                        i += 1;
                        loop {
                            match bytes.get(i) {
                                None => {
                                    out.diagnostics.push(unterminated(file, token_start, run_on));
                                    return out;
                                }
                                Some(b'\\') => i += 2,
                                Some(b'"') => {
                                    i += 1;
                                    let body = bytes.get(token_start..i).unwrap_or_default();
                                    if let Some(nl) = body.iter().position(|c| *c == b'\n') {
                                        if body
                                            .get(nl..)
                                            .is_some_and(|rest| rest.iter().any(|c| matches!(c, b'{' | b'}')))
                                        {
                                            run_on = Some((token_start, i));
                                        }
                                    }
                                    break;
                                }
                                Some(_) => i += 1,
                            }
                        }
                    }
                    b'(' | b'{' | b'[' => {
                        stack.push(Open { delimiter: b, at: i });
                        if stack.len() > MAX_DEPTH {
                            out.diagnostics.push(
                                Diagnostic::new(
                                    Code::E0008,
                                    span(i, i + 1),
                                    format!("nesting deeper than {MAX_DEPTH}"),
                                )
                                .with_primary_label(format!("this is level {}", stack.len()))
                                .with_help("name intermediate conditions as derived facts instead of nesting them"),
                            );
                            return out;
                        }
                        i += 1;
                    }
                    b')' | b'}' | b']' => {
                        match stack.pop() {
                            Some(open) if closing_for(open.delimiter) == b => {
                                if stack.is_empty() && out.document_end.is_none() {
                                    out.document_end = Some(i + 1);
                                }
                            }
                            Some(open) => {
                                out.diagnostics.push(
                                    Diagnostic::new(
                                        Code::E0003,
                                        span(i, i + 1),
                                        format!("`{}` closes `{}`", b as char, open.delimiter as char),
                                    )
                                    .with_primary_label(format!(
                                        "expected `{}` here",
                                        closing_for(open.delimiter) as char
                                    ))
                                    .with_label(span(open.at, open.at + 1), "opened here")
                                    .with_help(format!(
                                        "close `{}` with `{}`, or remove the stray `{}`",
                                        open.delimiter as char,
                                        closing_for(open.delimiter) as char,
                                        b as char
                                    )),
                                );
                                return out;
                            }
                            None => {
                                out.diagnostics.push(
                                    Diagnostic::new(Code::E0003, span(i, i + 1), format!("unexpected `{}`", b as char))
                                        .with_primary_label("nothing is open here")
                                        .with_help("remove it, or open the construct it was meant to close"),
                                );
                                return out;
                            }
                        }
                        i += 1;
                    }
                    c if c.is_ascii_alphabetic() => {
                        while bytes
                            .get(i)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
                        {
                            i += 1;
                        }
                        if first_on_line && !stack.is_empty() {
                            out.line_starts.push(LineStart {
                                at: token_start,
                                indent: token_start - line_start,
                                depth: stack.len(),
                            });
                        }
                    }
                    _ => {
                        // Multi-byte characters are skipped whole.
                        i += text.get(i..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
                    }
                }
            }
        }
    }

    if let Some(open) = stack.last() {
        let closing = closing_for(open.delimiter) as char;
        out.diagnostics.push(
            Diagnostic::new(
                Code::E0002,
                span(open.at, open.at + 1),
                format!("unclosed `{}`", open.delimiter as char),
            )
            .with_primary_label("opened here and never closed")
            .with_label(
                span(text.len(), text.len()),
                format!("the file ends here, expected `{closing}`"),
            )
            .with_help(format!("add `{closing}` where this construct ends")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        scan(FileId(0), text)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn balanced_input_is_clean() {
        assert!(codes("treaty t { article 1 { text \"a { b\" } }").is_empty());
    }

    #[test]
    fn unclosed_brace_is_reported() {
        assert_eq!(codes("treaty t { article 1 {"), ["E0002"]);
    }

    #[test]
    fn stray_and_mismatched_closers_are_reported() {
        assert_eq!(codes("treaty t { } }"), ["E0003"]);
        assert_eq!(codes("treaty t { ( }"), ["E0003"]);
    }

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        let text = format!("treaty t {{ {} }}", "(".repeat(100_000));
        assert_eq!(codes(&text), ["E0008"]);
    }

    #[test]
    fn lines_directly_inside_the_document_are_where_reading_may_resume() {
        let s = scan(
            FileId(0),
            "treaty t {\n body A\n rule r = unanimity\n article 1 {\n body B\n }\n}\n",
        );
        let depths: Vec<usize> = s.line_starts.iter().map(|l| l.depth).collect();
        assert_eq!(depths, [1, 1, 1, 2]);
    }

    #[test]
    fn trailing_tokens_after_the_document_are_found() {
        assert!(scan(FileId(0), "treaty t { } body").trailing.is_some());
    }
}
