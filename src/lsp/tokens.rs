//! Semantic tokens (each name coloured by what it names, from the analysis; the
//! grammar's keywords; numbers, texts, comments) and folding ranges (brace
//! blocks and runs of comment lines).

use lsp_types::{
    FoldingRange, FoldingRangeKind, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend,
};

use super::analysis::{Analysis, SymbolKind};
use super::position::Encoding;
use super::text::{self, Lexeme};

/// The token types, in the order of their indices.
const TYPES: [SemanticTokenType; 12] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::NUMBER,
    SemanticTokenType::CLASS,
    SemanticTokenType::METHOD,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::EVENT,
    SemanticTokenType::VARIABLE,
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

fn type_of(kind: SymbolKind) -> u32 {
    match kind {
        SymbolKind::Body => 4,
        SymbolKind::Decision => 5,
        SymbolKind::Rule | SymbolKind::Procedure => 6,
        SymbolKind::Article | SymbolKind::Treaty => 7,
        SymbolKind::Fact | SymbolKind::Provision => 8,
        SymbolKind::Party => 9,
        SymbolKind::Stage => 10,
        SymbolKind::Criterion | SymbolKind::Fund | SymbolKind::Sanction => 11,
    }
}

/// Every token of the document, as the protocol's relative encoding.
pub fn semantic_tokens(analysis: &Analysis, encoding: Encoding) -> Vec<SemanticToken> {
    let source = &analysis.text;
    let mut pieces: Vec<(usize, usize, u32, u32)> = Vec::new();
    let mut occurrences = analysis.occurrences.iter().peekable();
    for (kind, start, end) in text::lex(source) {
        while occurrences.next_if(|o| o.start < start).is_some() {}
        let named = occurrences.peek().filter(|o| o.start >= start && o.end <= end);
        let (token, modifiers) = match (kind, named) {
            (Lexeme::Word | Lexeme::Number, Some(o)) => (type_of(o.symbol.kind), u32::from(o.definition)),
            (Lexeme::Word, None) if source.get(start..end).is_some_and(text::is_keyword) => (0, 0),
            (Lexeme::Text, _) => (1, 0),
            (Lexeme::Comment, _) => (2, 0),
            (Lexeme::Number, None) => (3, 0),
            _ => continue,
        };
        let (s, e) = named.map_or((start, end), |o| (o.start, o.end));
        // A token may not cross a line: a text or a comment over several lines
        // becomes one token per line.
        let mut from = s;
        for line in source.get(s..e).unwrap_or("").split_inclusive('\n') {
            let to = from + line.trim_end_matches('\n').len();
            if to > from {
                pieces.push((from, to, token, modifiers));
            }
            from += line.len();
        }
    }
    let mut out = Vec::with_capacity(pieces.len());
    let (mut last_line, mut last_start) = (0, 0);
    for (start, end, token, modifiers) in pieces {
        let p = analysis.lines.position(source, start, encoding);
        let q = analysis.lines.position(source, end, encoding);
        // Pieces come in the order of the text, so neither difference is negative.
        let delta_line = p.line.saturating_sub(last_line);
        let delta_start = if delta_line == 0 {
            p.character.saturating_sub(last_start)
        } else {
            p.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: q.character.saturating_sub(p.character),
            token_type: token,
            token_modifiers_bitset: modifiers,
        });
        (last_line, last_start) = (p.line, p.character);
    }
    out
}

/// Brace blocks over more than one line, and runs of two or more comment lines.
pub fn folding_ranges(analysis: &Analysis, encoding: Encoding) -> Vec<FoldingRange> {
    let source = &analysis.text;
    let line_of = |offset: usize| analysis.lines.position(source, offset, encoding).line;
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut comments: Option<(u32, u32)> = None;
    let fold = |start: u32, end: u32, kind: Option<FoldingRangeKind>| FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind,
        collapsed_text: None,
    };
    for (kind, start, end) in text::lex(source) {
        let line_start = source.get(..start).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
        let alone = source.get(line_start..start).is_some_and(|b| b.trim().is_empty());
        if kind == Lexeme::Comment && alone {
            let (first, last) = (line_of(start), line_of(end.saturating_sub(1)));
            comments = match comments {
                Some((s, e)) if e + 1 == first => Some((s, last)),
                Some((s, e)) => {
                    if e > s {
                        out.push(fold(s, e, Some(FoldingRangeKind::Comment)));
                    }
                    Some((first, last))
                }
                None => Some((first, last)),
            };
            continue;
        }
        match kind {
            Lexeme::Open => open.push(start),
            Lexeme::Close => {
                if let Some(o) = open.pop() {
                    let (first, last) = (line_of(o), line_of(start));
                    // The closing brace stays in sight.
                    if last > first + 1 {
                        out.push(fold(first, last - 1, None));
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((s, e)) = comments {
        if e > s {
            out.push(fold(s, e, Some(FoldingRangeKind::Comment)));
        }
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}
