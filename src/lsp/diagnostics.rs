//! The compiler's diagnostics as the editor shows them: the code, the message
//! with its notes and help, secondary labels as related locations, and the
//! replacement a diagnostic suggests ("did you mean `article`?") as a quick fix.

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri};

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap, Span};

use super::position::{Encoding, LineIndex};

/// The line starts of a session's files, each found once however many
/// diagnostics point into the file: a treaty of a megabyte with ten thousand
/// warnings would otherwise be scanned ten thousand times.
pub struct Lines<'s> {
    sources: &'s SourceMap,
    encoding: Encoding,
    files: BTreeMap<FileId, LineIndex>,
}

impl<'s> Lines<'s> {
    pub fn new(sources: &'s SourceMap, encoding: Encoding) -> Lines<'s> {
        Lines {
            sources,
            encoding,
            files: BTreeMap::new(),
        }
    }

    /// A span of any file of the session as an editor range.
    fn range(&mut self, span: Span) -> lsp_types::Range {
        let text = self.sources.text(span.file);
        self.files
            .entry(span.file)
            .or_insert_with(|| LineIndex::new(text))
            .range(text, span.start, span.end, self.encoding)
    }

    /// A span as a location; files of a session are named by their URI.
    fn location(&mut self, span: Span) -> Option<Location> {
        let uri: Uri = self.sources.name(span.file).parse().ok()?;
        Some(Location {
            uri,
            range: self.range(span),
        })
    }
}

/// A diagnostic for the editor. Its `data` names the code, whose `explain`
/// page the hover over its range shows.
pub fn convert(lines: &mut Lines<'_>, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push_str(&format!("\n{}", d.primary.message));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: lines.location(l.span)?,
                message: l.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: lines.range(d.primary.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("treatyc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "explain": d.code.as_str() })),
    }
}

/// The text a diagnostic suggests in place of its span: "did you mean `X`?" or
/// "write `X`", where the span is one word on one line (a suggestion about a
/// whole clause is advice, not a replacement).
pub fn suggestion(d: &Diagnostic) -> Option<String> {
    let help = d.help.as_deref()?;
    let rest = help
        .strip_prefix("did you mean `")
        .or_else(|| help.strip_prefix("write `"))?;
    let (word, tail) = rest.split_once('`')?;
    if !(tail.is_empty() || tail == "?") || word.is_empty() || word.contains('\n') {
        return None;
    }
    (d.primary.span.end > d.primary.span.start).then(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::source::FileId;

    #[test]
    fn a_suggested_name_is_a_fix_and_advice_is_not() {
        let at = Span::new(FileId(0), 3, 9);
        let d = Diagnostic::new(Code::E0009, at, "unknown keyword `artcle`").with_help("did you mean `article`?");
        assert_eq!(suggestion(&d).as_deref(), Some("article"));
        let d = Diagnostic::new(Code::E0009, at, "x").with_help("write `article`");
        assert_eq!(suggestion(&d).as_deref(), Some("article"));
        let d = Diagnostic::new(Code::E0009, at, "x").with_help("write `article` and then `text`");
        assert_eq!(suggestion(&d), None);
        let d = Diagnostic::new(Code::E0009, at, "x").with_help("rename one of them");
        assert_eq!(suggestion(&d), None);
    }

    #[test]
    fn secondary_labels_become_related_locations() {
        let mut sources = SourceMap::new();
        let file = sources.add("file:///t.treaty", "abc\ndéf\n".to_string());
        let d = Diagnostic::new(Code::E0101, Span::new(file, 0, 3), "twice")
            .with_primary_label("again")
            .with_label(Span::new(file, 4, 8), "first");
        let c = convert(&mut Lines::new(&sources, Encoding::Utf16), &d);
        assert_eq!(c.code, Some(NumberOrString::String("E0101".to_string())));
        assert_eq!(c.message, "twice\nagain");
        let related = c.related_information.unwrap_or_default();
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].location.range.end, lsp_types::Position::new(1, 3));
    }
}
