//! What a provision's act says: an act runs to the end of its line or to the
//! keyword that ends it (`when`, `unless`, `within`, ...). A misspelling of that
//! keyword parses as one more word of the act, and the duty then applies with no
//! condition at all (#23): the checker names the word, since the parser cannot.

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

/// W0129: a word of a provision's act that is a misspelt `when`, `unless`, ...
pub fn check(m: &Model<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &m.provisions {
        let Action::Named { phrase, span } = &p.node.action else {
            continue;
        };
        let Some((word, keyword)) = phrase
            .split_whitespace()
            .find_map(|w| crate::suggest::condition_word(w).map(|k| (w, k)))
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::W0129,
                *span,
                format!("`{word}` reads as a word of the act `{phrase}`: did you mean `{keyword}`?"),
            )
            .with_primary_label(format!("the whole act, `{word}` and what follows it included"))
            .with_help(format!(
                "write `{keyword}`, so that what follows it is the provision's {}; if `{word}` belongs to the act, name the act another way",
                if matches!(keyword, "when" | "unless") { "condition" } else { "qualification" }
            )),
        );
    }
    out
}
