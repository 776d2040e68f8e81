//! The concrete syntax tree as a layout tree: clauses, the blocks they open,
//! the places a long clause may break, and every comment where it stood.
//!
//! Punctuation (`{`, `:`, `,`, `.`) is not a pair of its own in pest's tree: it
//! is read from the gaps between pairs, with the comments and blank lines.
//! Each piece of punctuation is read at the level of the innermost pair that
//! holds it, so the braces of a `body` are told apart from those of a
//! `one of { ... }` fact type.

use pest::iterators::Pair;

use crate::syntax::Rule;

/// One clause: the tokens of a line of the treaty, possibly opening a block.
#[derive(Debug, Default)]
pub struct Entry {
    /// Comments on lines of their own before the clause.
    pub lead: Vec<Comment>,
    /// A blank line stood before the clause (after its leading comments).
    pub blank_before: bool,
    pub nodes: Vec<Node>,
    /// A comment after the clause on its last line.
    pub trailing: Option<Comment>,
}

#[derive(Debug)]
pub enum Node {
    Token(Token),
    Comment(Comment),
    /// Where a clause too long for a line may break, and how deep in it.
    Break(Level),
    Block(Block),
    /// A seat table (`DEU 96, FRA 81`), drawn as aligned columns when it does not
    /// fit on its line.
    Grid(Vec<(String, String)>),
}

/// The places a long clause breaks, outermost first: its parts (the clauses of
/// a rule, a provision's conditions, a vote's ballot), then the `and`s and `or`s
/// of an expression, then the items of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Part = 1,
    Operator = 2,
    Item = 3,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub text: String,
    /// A prefix (`-` negating): nothing between it and what follows.
    pub prefix: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    /// As written, byte for byte (trailing blanks of a `//` line aside).
    pub text: String,
    /// The comment stood on a line of its own.
    pub own_line: bool,
    /// A blank line stood before it.
    pub blank_before: bool,
}

impl Comment {
    /// A `//` comment runs to the end of its line: nothing may follow it there.
    pub fn ends_line(&self) -> bool {
        self.text.starts_with("//")
    }
}

#[derive(Debug, Default)]
pub struct Block {
    /// A comment after the opening brace, on its line.
    pub open_comment: Option<Comment>,
    pub entries: Vec<Entry>,
    /// Comments on lines of their own before the closing brace.
    pub closing: Vec<Comment>,
    /// Entries whose first token is a name followed by a title (`parties`): the
    /// titles are aligned.
    pub table: bool,
}

/// The layout tree of a file that parses: one entry, the document, with the
/// comments before and after it.
pub fn build(text: &str, file: Pair<'_, Rule>) -> Block {
    let mut walker = Walker { text, at: 0 };
    let mut root = Block::default();
    let mut entry = Entry::default();
    for child in file.into_inner() {
        if child.as_rule() == Rule::EOI {
            continue;
        }
        let (items, blank_before) = walker.gap(child.as_span().start());
        entry.lead.extend(items.into_iter().filter_map(GapItem::comment));
        entry.blank_before = blank_before && !entry.lead.is_empty();
        walker.walk(child, &mut entry.nodes);
    }
    let (items, _) = walker.gap(text.len());
    for item in items {
        if let GapItem::Comment(c) = item {
            if !c.own_line && c.ends_line() && entry.trailing.is_none() {
                entry.trailing = Some(c);
            } else {
                root.closing.push(Comment { own_line: true, ..c });
            }
        }
    }
    root.entries.push(entry);
    root
}

/// What stands between two pairs.
enum GapItem {
    Punct(&'static str),
    Comment(Comment),
}

impl GapItem {
    fn comment(self) -> Option<Comment> {
        match self {
            GapItem::Comment(c) => Some(c),
            GapItem::Punct(_) => None,
        }
    }
}

/// The punctuation the grammar writes as literals; longest first.
const PUNCTUATION: &[&str] = &["..", "{", "}", "(", ")", ",", ":", ".", "="];

struct Walker<'t> {
    text: &'t str,
    /// Where the last pair or gap read ended.
    at: usize,
}

impl<'t> Walker<'t> {
    /// The punctuation and comments from where reading stopped to `to`, and
    /// whether a blank line stands just before `to`.
    fn gap(&mut self, to: usize) -> (Vec<GapItem>, bool) {
        let (items, blank) = self.lex(to);
        (items.into_iter().map(|(item, _)| item).collect(), blank)
    }

    /// The gap up to `to` at the end of a pair, read only to its last piece of
    /// punctuation. A pair's span can run on over the blanks and comments after
    /// its last token (pest skips them before trying an optional part that is
    /// not there): those belong to what follows.
    fn closing_gap(&mut self, to: usize) -> Vec<GapItem> {
        let from = self.at;
        let (mut items, _) = self.lex(to);
        match items.iter().rposition(|(item, _)| matches!(item, GapItem::Punct(_))) {
            Some(last) => {
                self.at = items.get(last).map_or(from, |(_, end)| *end);
                items.truncate(last + 1);
                items.into_iter().map(|(item, _)| item).collect()
            }
            None => {
                self.at = from;
                Vec::new()
            }
        }
    }

    /// Every piece of punctuation and comment up to `to`, each with where it ends.
    fn lex(&mut self, to: usize) -> (Vec<(GapItem, usize)>, bool) {
        let mut items = Vec::new();
        let start = self.at;
        let gap = self.text.get(start..to).unwrap_or("");
        self.at = self.at.max(to);
        // A comment at the very top of the file stands on a line of its own.
        let mut newlines = usize::from(start == 0);
        let mut rest = gap;
        while let Some(c) = rest.chars().next() {
            if c == '\n' {
                newlines += 1;
                rest = &rest[1..];
            } else if c.is_whitespace() || c == '\u{FEFF}' {
                rest = &rest[c.len_utf8()..];
            } else if rest.starts_with("//") || rest.starts_with("/*") {
                let end = if rest.starts_with("//") {
                    rest.find('\n').unwrap_or(rest.len())
                } else {
                    rest.get(2..).and_then(|r| r.find("*/")).map_or(rest.len(), |i| i + 4)
                };
                let (comment, after) = rest.split_at(end);
                let text = if comment.starts_with("//") {
                    comment.trim_end()
                } else {
                    comment
                };
                items.push((
                    GapItem::Comment(Comment {
                        text: text.to_string(),
                        own_line: newlines > 0,
                        blank_before: newlines > 1 && start > 0,
                    }),
                    to - after.len(),
                ));
                newlines = 0;
                rest = after;
            } else if let Some(p) = PUNCTUATION.iter().find(|p| rest.starts_with(**p)) {
                rest = &rest[p.len()..];
                items.push((GapItem::Punct(p), to - rest.len()));
                newlines = 0;
            } else {
                // Nothing else stands between the pairs of a file that parses;
                // a character not foreseen is skipped rather than invented.
                rest = &rest[c.len_utf8()..];
            }
        }
        (items, newlines > 1)
    }

    /// Reads the gap up to `to` into a clause: punctuation as tokens, comments
    /// where they stood.
    fn gap_into(&mut self, to: usize, nodes: &mut Vec<Node>) {
        let (items, _) = self.gap(to);
        push_gap(items, nodes);
    }

    /// Appends a pair's layout to a clause.
    fn walk(&mut self, pair: Pair<'t, Rule>, nodes: &mut Vec<Node>) {
        let kind = pair.as_rule();
        if let Some(text) = token_text(&pair) {
            self.gap_into(pair.as_span().start(), nodes);
            self.at = pair.as_span().end();
            nodes.push(Node::Token(Token {
                prefix: kind == Rule::op_neg,
                text,
            }));
            return;
        }
        if is_block(kind) {
            self.block(pair, nodes);
            return;
        }
        if kind == Rule::seat_table {
            if let Some(grid) = self.grid(&pair) {
                nodes.push(Node::Grid(grid));
                return;
            }
        }
        let end = pair.as_span().end();
        if kind == Rule::applicant && pair.clone().into_inner().all(|c| c.as_rule() != Rule::k_the) {
            self.gap_into(pair.as_span().start(), nodes);
            nodes.push(Node::Token(Token {
                text: "the".to_string(),
                prefix: false,
            }));
        }
        let children: Vec<Pair<'t, Rule>> = pair.into_inner().collect();
        let mut clauses_seen = 0usize;
        for (i, child) in children.iter().enumerate() {
            let next = children.get(i + 1).map(Pair::as_rule);
            let previous = i.checked_sub(1).and_then(|p| children.get(p)).map(Pair::as_rule);
            if child.as_rule() == Rule::k_the
                && matches!(next, Some(Rule::k_notice | Rule::k_entry | Rule::k_accession))
            {
                // `the notice`, `the entry into force`: one spelling, without `the`.
                self.gap_into(child.as_span().start(), nodes);
                self.at = child.as_span().end();
                continue;
            }
            self.gap_into(child.as_span().start(), nodes);
            if let Some(level) = break_before(kind, previous, child.as_rule(), &mut clauses_seen) {
                nodes.push(Node::Break(level));
            }
            self.walk(child.clone(), nodes);
        }
        push_gap(self.closing_gap(end), nodes);
    }

    /// A seat table as aligned cells, when nothing but its shares stands in it.
    fn grid(&mut self, pair: &Pair<'t, Rule>) -> Option<Vec<(String, String)>> {
        let span = pair.as_span();
        if span.as_str().contains("//") || span.as_str().contains("/*") {
            return None;
        }
        let cells = pair
            .clone()
            .into_inner()
            .map(|share| {
                let mut parts = share.into_inner();
                let member = parts.next()?.as_str().to_string();
                let seats = parts.next()?.as_str().to_string();
                Some((member, seats))
            })
            .collect::<Option<Vec<_>>>()?;
        // Whatever stood before the table (the `:`) is read at the clause's level.
        let mut before = Vec::new();
        self.gap_into(span.start(), &mut before);
        if !before.is_empty() {
            return None;
        }
        self.at = span.end();
        Some(cells)
    }

    /// A pair that holds a block: its head, the block, and what follows it.
    fn block(&mut self, pair: Pair<'t, Rule>, nodes: &mut Vec<Node>) {
        let kind = pair.as_rule();
        let end = pair.as_span().end();
        let mut block = Block {
            table: matches!(kind, Rule::parties | Rule::other_states),
            ..Block::default()
        };
        let mut opened = false;
        let mut closed = false;
        let mut pending: Vec<Comment> = Vec::new();
        let children: Vec<Pair<'t, Rule>> = pair.into_inner().collect();
        let mut clauses_seen = 0usize;
        let mut previous = None;
        for child in children {
            let child_kind = child.as_rule();
            let (items, blank_before) = self.gap(child.as_span().start());
            for item in items {
                match item {
                    GapItem::Punct("{") if !opened => opened = true,
                    GapItem::Punct(p) if !opened => nodes.push(Node::Token(Token {
                        text: p.to_string(),
                        prefix: false,
                    })),
                    GapItem::Comment(c) if !opened => nodes.push(Node::Comment(c)),
                    GapItem::Comment(c) => self.place_comment(&mut block, &mut pending, c),
                    // Nothing but clauses and comments stands between the braces.
                    GapItem::Punct(_) => {}
                }
            }
            if opened {
                let mut entry = Entry {
                    lead: std::mem::take(&mut pending),
                    blank_before,
                    ..Entry::default()
                };
                self.walk(child, &mut entry.nodes);
                block.entries.push(entry);
            } else {
                if let Some(level) = break_before(kind, previous, child_kind, &mut clauses_seen) {
                    nodes.push(Node::Break(level));
                }
                self.walk(child, nodes);
            }
            previous = Some(child_kind);
        }
        for item in self.closing_gap(end) {
            match item {
                GapItem::Punct("{") if !opened => opened = true,
                GapItem::Punct("}") if opened => closed = true,
                GapItem::Comment(c) if opened && !closed => self.place_comment(&mut block, &mut pending, c),
                GapItem::Comment(c) => nodes.push(Node::Comment(c)),
                GapItem::Punct(p) => nodes.push(Node::Token(Token {
                    text: p.to_string(),
                    prefix: false,
                })),
            }
        }
        block.closing.extend(pending);
        let empty = block.entries.is_empty() && block.closing.is_empty() && block.open_comment.is_none();
        // A body's braces are optional: `body X {}` is written `body X`.
        if opened && !(empty && kind == Rule::body) {
            nodes.push(Node::Block(block));
        }
    }

    /// A comment between the braces: after the previous clause on its line, or
    /// leading the next one.
    fn place_comment(&self, block: &mut Block, pending: &mut Vec<Comment>, c: Comment) {
        if !c.own_line && pending.is_empty() {
            match block.entries.last_mut() {
                Some(last) if last.trailing.is_none() => {
                    last.trailing = Some(c);
                    return;
                }
                None if block.open_comment.is_none() => {
                    block.open_comment = Some(c);
                    return;
                }
                _ => {}
            }
        }
        pending.push(Comment { own_line: true, ..c });
    }
}

/// Punctuation as tokens of the clause, comments where they stood.
fn push_gap(items: Vec<GapItem>, nodes: &mut Vec<Node>) {
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        match item {
            GapItem::Punct(",") if next_punct_closes(&mut items) => {}
            GapItem::Punct(p) => nodes.push(Node::Token(Token {
                text: p.to_string(),
                prefix: p == "(",
            })),
            GapItem::Comment(c) => nodes.push(Node::Comment(c)),
        }
    }
}

/// Drops a trailing comma: `one of { free, not_free, }` is written without it.
fn next_punct_closes(items: &mut std::iter::Peekable<std::vec::IntoIter<GapItem>>) -> bool {
    matches!(items.peek(), Some(GapItem::Punct("}")))
}

/// The pairs that hold a block of clauses between braces.
fn is_block(kind: Rule) -> bool {
    matches!(
        kind,
        Rule::treaty
            | Rule::amendment
            | Rule::facts
            | Rule::parties
            | Rule::other_states
            | Rule::withdrawal_block
            | Rule::body
            | Rule::article
            | Rule::fund
            | Rule::stage
            | Rule::procedure
            | Rule::decision_procedure
            | Rule::adopted_amendment
            | Rule::scenario
    )
}

/// A pair written as one token, in its one spelling; `None` for a pair whose
/// children are laid out one by one.
fn token_text(pair: &Pair<'_, Rule>) -> Option<String> {
    let text = pair.as_str();
    let canonical = match pair.as_rule() {
        // Legal text, byte for byte.
        Rule::string => return Some(text.to_string()),
        Rule::k_each => "every",
        Rule::k_shall => "must",
        Rule::k_authorized => "authorised",
        Rule::op_ge => ">=",
        Rule::op_le => "<=",
        Rule::op_gt => ">",
        Rule::op_lt => "<",
        Rule::excluding_concerned => "excluding concerned",
        Rule::number_lit
        | Rule::date
        | Rule::named_action
        | Rule::sanction_measure
        | Rule::voter
        | Rule::given_value
        | Rule::article_number
        | Rule::ident
        | Rule::number
        | Rule::number_word
        | Rule::time_unit
        | Rule::event_kind => return Some(single_spaced(text)),
        _ if pair.clone().into_inner().next().is_none() => return Some(single_spaced(text)),
        _ => return None,
    };
    Some(canonical.to_string())
}

/// Words of a token on one line (a date, an action, a figure with its unit),
/// one space apart.
fn single_spaced(text: &str) -> String {
    text.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a clause too long for its line breaks, by the clause and the part.
fn break_before(parent: Rule, previous: Option<Rule>, child: Rule, clauses_seen: &mut usize) -> Option<Level> {
    use Rule::*;
    let is_rule_clause = matches!(
        child,
        builtin_rule | blocking_minority | veto | quorum | abstention | absence | threshold
    );
    match (parent, child) {
        // The first clause of a rule after its `=`, then each `and`.
        (rule, _) if is_rule_clause => {
            *clauses_seen += 1;
            (*clauses_seen == 1).then_some(Level::Part)
        }
        (rule, k_and | validity | before_then | failing_which) => Some(Level::Part),
        (provision, condition | derogation | timing | validity) => Some(Level::Part),
        (power, on_proposal | excluding_concerned | in_agreement | jointly_with | authorisation)
        | (power, ratification | prevailing | exclusively) => Some(Level::Part),
        // `sanction NAME on TRIGGERS:` then who may do what.
        (sanction, ident) if previous == Some(trigger) => Some(Level::Part),
        (sanction, on_proposal | excluding_concerned | in_agreement | jointly_with | authorisation)
        | (sanction, ratification | prevailing | exclusively) => Some(Level::Operator),
        (stage, k_when) => Some(Level::Part),
        (criterion, expr) => Some(Level::Part),
        (decision_procedure, k_for) => Some(Level::Part),
        (elected_seats, k_by | term_of_office) => Some(Level::Part),
        (seats, seat_origin | term_of_office) | (seat_count, seat_table) => Some(Level::Part),
        (term_of_office, renewal | re_election) => Some(Level::Operator),
        (seat_rule, rule_bound) => Some(Level::Part),
        (decision_step, excluding_concerned | deadline) => Some(Level::Part),
        (consultation_step | consent_step, deadline) => Some(Level::Part),
        (step, step_condition) => Some(Level::Part),
        (vote_loss, k_unless) => Some(Level::Part),
        (deadline, extension_period | on_expiry) => Some(Level::Operator),
        (scenario_vote, ballot_part | vote_step | k_expect) => Some(Level::Part),
        (scenario_procedure, procedure_taken | k_expect) => Some(Level::Part),
        (scenario_on, k_expect) => Some(Level::Part),
        (initiative_step | takes_effect, k_or) => Some(Level::Part),
        (expr, op_and | op_or) => Some(Level::Operator),
        (ident_list | voter_list | seat_table | t_enum, ident | voter | seat_share) => Some(Level::Item),
        (sanction, trigger) => Some(Level::Item),
        _ => None,
    }
}
