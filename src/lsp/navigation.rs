//! Going from a name to where it is defined and used, and renaming it: within
//! a treaty and across the amendments that name it (`amends X`), open in the
//! editor or in the workspace folder.

use lsp_types::{
    DocumentChanges, Location, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use super::analysis::{Analysis, Occurrence, Symbol, SymbolKind};
use super::text;
use super::World;

/// The occurrence of a name at a byte offset (the innermost, if any overlap).
pub fn occurrence_at(analysis: &Analysis, offset: usize) -> Option<&Occurrence> {
    analysis
        .occurrences
        .iter()
        .filter(|o| o.start <= offset && offset <= o.end)
        .min_by_key(|o| o.end.saturating_sub(o.start))
}

fn location(world: &World, analysis: &Analysis, o: &Occurrence) -> Option<Location> {
    Some(Location {
        uri: analysis.uri.parse().ok()?,
        range: analysis.lines.range(&analysis.text, o.start, o.end, world.encoding),
    })
}

/// Every occurrence of a symbol in the documents of its treaty.
fn occurrences<'w>(world: &'w World, symbol: &'w Symbol) -> impl Iterator<Item = (&'w Analysis, &'w Occurrence)> + 'w {
    world.family(&symbol.treaty).into_iter().flat_map(move |a| {
        a.occurrences
            .iter()
            .filter(move |o| o.symbol == *symbol)
            .map(move |o| (a, o))
    })
}

pub fn definition(world: &World, analysis: &Analysis, offset: usize) -> Vec<Location> {
    let Some(at) = occurrence_at(analysis, offset) else {
        return Vec::new();
    };
    occurrences(world, &at.symbol)
        .filter(|(_, o)| o.definition)
        .filter_map(|(a, o)| location(world, a, o))
        .collect()
}

pub fn references(world: &World, analysis: &Analysis, offset: usize, declarations: bool) -> Vec<Location> {
    let Some(at) = occurrence_at(analysis, offset) else {
        return Vec::new();
    };
    occurrences(world, &at.symbol)
        .filter(|(_, o)| declarations || !o.definition)
        .filter_map(|(a, o)| location(world, a, o))
        .collect()
}

/// The built-in rules' words: keywords, but worth their own refusal.
const BUILTIN_WORDS: [&str; 6] = ["unanimity", "consensus", "simple", "absolute", "two-thirds", "majority"];

/// Renames the name at `offset` everywhere in its treaty and the amendments
/// that name it; refused, with the reason, on a keyword, a built-in rule, a new
/// name that is not a name, or one that another name of that kind already has.
pub fn rename(world: &World, analysis: &Analysis, offset: usize, new_name: &str) -> Result<WorkspaceEdit, String> {
    let Some(at) = occurrence_at(analysis, offset) else {
        let word = text::word_at(&analysis.text, offset).and_then(|(s, e)| analysis.text.get(s..e));
        return Err(match word {
            Some(w) if BUILTIN_WORDS.contains(&w) => {
                format!("`{w}` is part of a built-in voting rule; built-in rules cannot be renamed")
            }
            Some(w) if text::is_keyword(w) => format!("`{w}` is a keyword of the language, not a name"),
            _ => "there is no name of the treaty here to rename".to_string(),
        });
    };
    let symbol = &at.symbol;
    let valid = match symbol.kind {
        SymbolKind::Article => !new_name.is_empty() && new_name.chars().all(|c| c.is_ascii_alphanumeric()),
        _ => text::is_name(new_name),
    };
    if !valid {
        return Err(if text::is_keyword(new_name) {
            format!(
                "`{new_name}` is a keyword of the language and cannot name a {}",
                symbol.kind.word()
            )
        } else if symbol.kind == SymbolKind::Article {
            format!("`{new_name}` is not an article number: write letters and digits")
        } else {
            format!("`{new_name}` is not a name: a name begins with a letter and holds letters, digits and `_`")
        });
    }
    let full = match symbol.name.rsplit_once('.') {
        Some((owner, _)) if matches!(symbol.kind, SymbolKind::Decision | SymbolKind::Fact) => {
            format!("{owner}.{new_name}")
        }
        _ => new_name.to_string(),
    };
    if full != symbol.name {
        // A body may not take the treaty's name either: both name an organ.
        let clashes = |o: &Occurrence| {
            o.definition
                && o.symbol.name == full
                && (o.symbol.kind == symbol.kind
                    || matches!(
                        (o.symbol.kind, symbol.kind),
                        (SymbolKind::Body, SymbolKind::Treaty) | (SymbolKind::Treaty, SymbolKind::Body)
                    ))
        };
        if let Some(other) = world
            .family(&symbol.treaty)
            .into_iter()
            .flat_map(|a| a.occurrences.iter())
            .find(|o| clashes(o))
        {
            return Err(format!(
                "`{new_name}` is already the name of a {} of this treaty",
                other.symbol.kind.word()
            ));
        }
    }
    // One edit per document, in the order the documents are known: the answer is
    // the same on every run (a map keyed by URI would not be).
    let mut edits: Vec<TextDocumentEdit> = Vec::new();
    for (a, o) in occurrences(world, symbol) {
        let Ok(uri) = a.uri.parse::<Uri>() else { continue };
        let edit = OneOf::Left(TextEdit {
            range: a.lines.range(&a.text, o.start, o.end, world.encoding),
            new_text: new_name.to_string(),
        });
        match edits.iter_mut().find(|e| e.text_document.uri == uri) {
            Some(e) => e.edits.push(edit),
            None => edits.push(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![edit],
            }),
        }
    }
    Ok(WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Edits(edits)),
        change_annotations: None,
    })
}
