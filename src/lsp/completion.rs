//! Completion of names in scope and of the keywords the grammar allows where the
//! cursor stands: after `decides NAME by` (or `BODY by`) the voting rules; after
//! `Body.` its decisions (after `world.` its facts); at the start of a clause the
//! words that begin one in the enclosing block. Keywords offered are filtered
//! through the grammar's own list, so none is offered that the parser refuses.

use lsp_types::{CompletionItem, CompletionItemKind};

use super::analysis::{Analysis, SymbolKind};
use super::text::{self, Lexeme};
use super::World;

const BUILTIN_RULES: [&str; 5] = [
    "unanimity",
    "consensus",
    "simple majority",
    "absolute majority",
    "two-thirds majority",
];

/// The words that begin an item or a clause, by the keyword of the enclosing
/// block: a body's clauses and the items are the parser's own lists (those it
/// recognises misspelt), the others the steps of their blocks.
fn clause_words(block: Option<&str>) -> Vec<&'static str> {
    use crate::syntax::{BODY_CLAUSE_WORDS, ITEM_WORDS, STEP_WORDS};
    match block {
        Some("body" | "office") => BODY_CLAUSE_WORDS.iter().chain(&["elected", "text"]).copied().collect(),
        // A decision procedure's steps, and an amendment procedure's clauses.
        Some("procedure") => STEP_WORDS
            .iter()
            .chain(&["proposed", "adopted", "ratified", "text"])
            .copied()
            .collect(),
        Some("scenario") => vec![
            "facts",
            "given",
            "candidate",
            "member",
            "vote",
            "procedure",
            "event",
            "history",
            "on",
            "text",
        ],
        Some("fund") => vec!["share", "managed", "cooperates", "beneficiaries", "text"],
        Some("facts" | "parties" | "states") => Vec::new(),
        Some("stage" | "amendment") => vec!["add", "insert", "replace", "remove", "repeal", "text"],
        _ => ITEM_WORDS
            .iter()
            .chain(&["procedure", "scenario", "other", "the", "in"])
            .copied()
            .collect(),
    }
}

/// The keywords that open a block, looked for before a `{`.
const BLOCKS: [&str; 11] = [
    "treaty",
    "amendment",
    "facts",
    "parties",
    "states",
    "body",
    "office",
    "article",
    "stage",
    "procedure",
    "scenario",
];

/// The keyword of the innermost block open at `offset`.
fn enclosing_block(source: &str, offset: usize) -> Option<&str> {
    let before = source.get(..offset)?;
    let lexemes = text::lex(before);
    let mut open: Vec<usize> = Vec::new();
    for (i, (kind, _, _)) in lexemes.iter().enumerate() {
        match kind {
            Lexeme::Open => open.push(i),
            Lexeme::Close => {
                open.pop();
            }
            _ => {}
        }
    }
    let brace = *open.last()?;
    lexemes.get(..brace)?.iter().rev().find_map(|(kind, s, e)| {
        let word = before.get(*s..*e)?;
        (*kind == Lexeme::Word && (BLOCKS.contains(&word) || word == "fund")).then_some(word)
    })
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

fn symbol_kind(kind: SymbolKind) -> CompletionItemKind {
    match kind {
        SymbolKind::Body => CompletionItemKind::CLASS,
        SymbolKind::Decision => CompletionItemKind::METHOD,
        SymbolKind::Rule => CompletionItemKind::FUNCTION,
        SymbolKind::Fact => CompletionItemKind::FIELD,
        SymbolKind::Party => CompletionItemKind::ENUM_MEMBER,
        SymbolKind::Stage => CompletionItemKind::EVENT,
        SymbolKind::Article => CompletionItemKind::MODULE,
        _ => CompletionItemKind::VARIABLE,
    }
}

/// The names of a kind defined in the treaty's documents, sorted, once each.
fn defined(world: &World, analysis: &Analysis, kinds: &[SymbolKind]) -> Vec<(String, SymbolKind)> {
    let mut names: Vec<(String, SymbolKind)> = world
        .family(&analysis.anchor)
        .into_iter()
        .flat_map(|a| a.occurrences.iter())
        .filter(|o| o.definition && kinds.contains(&o.symbol.kind))
        .map(|o| (o.symbol.name.clone(), o.symbol.kind))
        .collect();
    names.sort();
    names.dedup();
    names
}

pub fn complete(world: &World, analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let source = &analysis.text;
    let offset = offset.min(source.len());
    let line_start = source.get(..offset).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
    let line = source.get(line_start..offset).unwrap_or("");
    let partial_len = line
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .count();
    let before = line.get(..line.len() - partial_len).unwrap_or("");
    // `Body.` and `entity.`: what belongs to it.
    if let Some(owner) = before.strip_suffix('.') {
        let owner: String = owner
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let prefix = format!("{owner}.");
        return defined(world, analysis, &[SymbolKind::Decision, SymbolKind::Fact])
            .into_iter()
            .filter_map(|(name, kind)| {
                let own = name.strip_prefix(&prefix)?;
                Some(item(
                    own,
                    symbol_kind(kind),
                    Some(format!("{} of `{owner}`", kind.word())),
                ))
            })
            .collect();
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    if words.last() == Some(&"by") {
        let bodies: Vec<String> = defined(world, analysis, &[SymbolKind::Body])
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let previous = words.len().checked_sub(2).and_then(|i| words.get(i)).copied();
        let decides = words.len() >= 3 && words.get(words.len() - 3) == Some(&"decides");
        if decides || previous.is_some_and(|p| bodies.iter().any(|b| b == p)) {
            let mut out: Vec<CompletionItem> = defined(world, analysis, &[SymbolKind::Rule])
                .into_iter()
                .map(|(name, kind)| item(&name, symbol_kind(kind), Some("voting rule".to_string())))
                .collect();
            out.extend(
                BUILTIN_RULES
                    .iter()
                    .map(|r| item(r, CompletionItemKind::KEYWORD, Some("built-in voting rule".to_string()))),
            );
            return out;
        }
        return bodies
            .iter()
            .map(|b| item(b, CompletionItemKind::CLASS, Some("body".to_string())))
            .collect();
    }
    if before.trim().is_empty() {
        let block = enclosing_block(source, line_start);
        return clause_words(block)
            .into_iter()
            .filter(|w| text::is_keyword(w))
            .map(|w| item(w, CompletionItemKind::KEYWORD, None))
            .collect();
    }
    let mut out: Vec<CompletionItem> = defined(
        world,
        analysis,
        &[
            SymbolKind::Body,
            SymbolKind::Rule,
            SymbolKind::Party,
            SymbolKind::Criterion,
            SymbolKind::Provision,
            SymbolKind::Procedure,
            SymbolKind::Stage,
        ],
    )
    .into_iter()
    .map(|(name, kind)| item(&name, symbol_kind(kind), Some(kind.word().to_string())))
    .collect();
    // Members' facts are written by their own name (`gdp`), others with their entity.
    out.extend(
        defined(world, analysis, &[SymbolKind::Fact])
            .into_iter()
            .map(|(name, kind)| {
                let written = name.strip_prefix("member.").unwrap_or(&name).to_string();
                item(&written, symbol_kind(kind), Some("fact".to_string()))
            }),
    );
    out.extend(
        text::keywords()
            .iter()
            .map(|k| item(k, CompletionItemKind::KEYWORD, None)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enclosing_block_is_found_past_texts_and_closed_blocks() {
        let t = "treaty t {\n  article 6 {\n    text \"{ body }\"\n    body C {\n      seats: 3\n    }\n    ";
        assert_eq!(enclosing_block(t, t.len()), Some("article"));
        let inside = t.find("seats").unwrap_or(0);
        assert_eq!(enclosing_block(t, inside), Some("body"));
        assert_eq!(enclosing_block("", 0), None);
    }
}
