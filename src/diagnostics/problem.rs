//! Problems with a question asked of the rules: a vote, a power index, an
//! eligibility. The treaty is fine; the question cannot be answered as asked (an
//! unknown body, a member listed twice, a missing fact, a rule power cannot
//! count). Each has a code and an `explain` page like the checker's diagnostics;
//! the command line turns it into a diagnostic pointing into the question itself.

use crate::source::{FileId, Span};

use super::{Code, Diagnostic};

/// A question that cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub message: String,
    /// The words of the question at fault (a member id, a body's name), if any.
    pub culprit: Option<String>,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(code: Code, message: impl Into<String>) -> Problem {
        Problem {
            code,
            message: message.into(),
            culprit: None,
            help: None,
        }
    }

    /// Names the words of the question at fault.
    pub fn about(mut self, culprit: impl Into<String>) -> Problem {
        self.culprit = Some(culprit.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    /// The problem as a diagnostic in `file`, whose text is the question (the
    /// command line): the span is the culprit where it stands as a whole word (or
    /// part of a comma-separated list), else the whole question.
    pub fn diagnostic(&self, file: FileId, question: &str) -> Diagnostic {
        let whole = Span {
            file,
            start: 0,
            end: question.len(),
        };
        // The culprit named, else the first name quoted in the message that the
        // question contains (`FRX` in "`FRX` is not a member of `Council`").
        let quoted = self.message.split('`').skip(1).step_by(2);
        let span = self
            .culprit
            .as_deref()
            .into_iter()
            .chain(quoted)
            .find_map(|c| word_at(question, c))
            .map_or(whole, |(start, end)| Span { file, start, end });
        let label = if span == whole { "in this question" } else { "here" };
        let d = Diagnostic::new(self.code, span, self.message.clone()).with_primary_label(label);
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d.with_help(format!("`treatyc explain {}` says more", self.code.as_str())),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// Where `word` stands in `text` delimited by spaces, commas, `=` or the ends.
fn word_at(text: &str, word: &str) -> Option<(usize, usize)> {
    if word.is_empty() {
        return None;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == ',' || c == '=');
    text.match_indices(word)
        .map(|(i, _)| (i, i + word.len()))
        .find(|(start, end)| {
            boundary(text.get(..*start).and_then(|s| s.chars().next_back()))
                && boundary(text.get(*end..).and_then(|s| s.chars().next()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_culprit_is_found_as_a_word() {
        assert_eq!(word_at("eval t vote --yes AA,A,B", "A"), Some((21, 22)));
        assert_eq!(word_at("eval t --body Council", "Counc"), None);
        assert_eq!(word_at("--yes=FRA", "FRA"), Some((6, 9)));
    }
}
