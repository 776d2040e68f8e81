//! The words of a treaty's text, as the grammar writes them: names, keywords,
//! comments, quoted text and brace blocks. The keywords are read from the grammar
//! itself (its `k_*` and `reserved` rules), so that highlighting and completion
//! cannot drift from the parser.

use std::sync::OnceLock;

const GRAMMAR: &str = include_str!("../../grammar/treaty.pest");

/// Every keyword of the language, sorted.
pub fn keywords() -> &'static [String] {
    static KEYWORDS: OnceLock<Vec<String>> = OnceLock::new();
    KEYWORDS.get_or_init(|| {
        let mut words: Vec<String> = GRAMMAR
            .lines()
            .filter(|line| line.trim_start().starts_with("k_"))
            .flat_map(quoted)
            .collect();
        words.extend(reserved().iter().cloned());
        words.sort();
        words.dedup();
        words
    })
}

/// The words that can never be names (the grammar's `reserved` rule).
pub fn reserved() -> &'static [String] {
    static RESERVED: OnceLock<Vec<String>> = OnceLock::new();
    RESERVED.get_or_init(|| {
        let start = GRAMMAR.find("\nreserved").unwrap_or(GRAMMAR.len());
        let body = GRAMMAR.get(start..).unwrap_or("");
        let end = body.find('}').unwrap_or(body.len());
        let mut words: Vec<String> = body.get(..end).unwrap_or("").lines().flat_map(grouped).collect();
        words.sort();
        words
    })
}

/// The words of one line of `reserved`, which groups them by first letter:
/// `| "t" ~ ("reaty" | "ext")` is `treaty` and `text`.
fn grouped(line: &str) -> Vec<String> {
    let parts = quoted(line);
    match parts.split_first() {
        Some((first, rest)) if line.contains('~') && !rest.is_empty() => {
            rest.iter().map(|r| format!("{first}{r}")).collect()
        }
        _ => parts,
    }
}

fn quoted(line: &str) -> Vec<String> {
    line.split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(str::to_string)
        .collect()
}

pub fn is_keyword(word: &str) -> bool {
    keywords().binary_search_by(|k| k.as_str().cmp(word)).is_ok()
}

/// Whether `name` may name something: a word of the grammar's `ident`, not reserved.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !reserved().iter().any(|r| r == name)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first place `word` stands as a whole word in `text`.
pub fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text.get(..i).and_then(|b| b.chars().next_back());
        let after = text.get(i + word.len()..).and_then(|a| a.chars().next());
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// The word (letters, digits, `_`, and `-` inside `two-thirds`) around a byte offset.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let offset = offset.min(text.len());
    let mut start = offset;
    while let Some(c) = text.get(..start).and_then(|b| b.chars().next_back()) {
        if !(is_word_char(c) || c == '-') {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = offset;
    while let Some(c) = text.get(end..).and_then(|a| a.chars().next()) {
        if !(is_word_char(c) || c == '-') {
            break;
        }
        end += c.len_utf8();
    }
    (start < end).then_some((start, end))
}

/// A lexical piece of a treaty's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexeme {
    Word,
    Number,
    Text,
    Comment,
    Open,
    Close,
}

/// The text cut into words, numbers, quoted texts, comments and braces (byte
/// ranges); anything else is skipped. Unclosed texts and comments run to the end.
pub fn lex(text: &str) -> Vec<(Lexeme, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let kind = match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text.get(i..).and_then(|r| r.find('\n')).map_or(text.len(), |n| i + n);
                Lexeme::Comment
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text
                    .get(i + 2..)
                    .and_then(|r| r.find("*/"))
                    .map_or(text.len(), |n| i + 2 + n + 2);
                Lexeme::Comment
            }
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'"' => break,
                        _ => {}
                    }
                }
                i = i.min(text.len());
                Lexeme::Text
            }
            b'{' => {
                i += 1;
                Lexeme::Open
            }
            b'}' => {
                i += 1;
                Lexeme::Close
            }
            b if b.is_ascii_digit() => {
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'_' || *c == b'.')
                {
                    i += 1;
                }
                Lexeme::Number
            }
            b if b.is_ascii_alphabetic() => {
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
                {
                    i += 1;
                }
                // `two-thirds` is one word; a dash elsewhere ends it.
                if text.get(start..i).is_some_and(|w| w.ends_with('-')) {
                    i -= 1;
                }
                Lexeme::Word
            }
            _ => {
                i += text.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
                continue;
            }
        };
        out.push((kind, start, i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_come_from_the_grammar() {
        for word in [
            "treaty",
            "decides",
            "by",
            "two-thirds",
            "authorization",
            "scenario",
            "expect",
        ] {
            assert!(is_keyword(word), "{word}");
        }
        assert!(!is_keyword("Council"));
        assert!(reserved().iter().any(|r| r == "by"));
        assert!(!reserved().iter().any(|r| r == "majority"));
        // The grammar groups the reserved words by first letter: whole words come back.
        assert_eq!(reserved().len(), 44, "{:?}", reserved());
        for word in ["treaty", "amendment", "amends", "criterion", "of", "or"] {
            assert!(reserved().iter().any(|r| r == word), "{word}");
        }
        assert!(reserved().iter().all(|r| r.len() > 1), "{:?}", reserved());
    }

    #[test]
    fn names_are_words_that_are_not_reserved() {
        assert!(is_name("Council2"));
        assert!(!is_name("by"));
        assert!(!is_name("2x"));
        assert!(!is_name("a b"));
        assert!(!is_name(""));
    }

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("total population of members", "population"), Some(6));
        assert_eq!(find_word("world.population", "population"), Some(6));
        assert_eq!(find_word("populations population", "population"), Some(12));
        assert_eq!(word_at("by two-thirds majority", 5), Some((3, 13)));
        assert_eq!(word_at("a  b", 2), None);
    }

    #[test]
    fn the_lexer_knows_texts_comments_and_braces() {
        let t = "a { \"x } y\" // c }\n}";
        let kinds: Vec<Lexeme> = lex(t).into_iter().map(|(k, _, _)| k).collect();
        assert_eq!(
            kinds,
            [Lexeme::Word, Lexeme::Open, Lexeme::Text, Lexeme::Comment, Lexeme::Close]
        );
        // Unclosed, a text runs to the end instead of past it.
        assert_eq!(lex("\"abc"), [(Lexeme::Text, 0, 4)]);
    }
}
