//! The layout tree printed within the width: a clause on one line when it
//! fits, else broken at its parts, then at its operators, then its list items
//! filled line by line (`docs/style.md`).

use super::layout::{Block, Comment, Entry, Level, Node, Token};
use super::WIDTH;

/// Two spaces a level.
const INDENT: usize = 2;

pub fn print(root: &Block) -> String {
    let mut printer = Printer::default();
    let mut previous_spans_lines = false;
    for (i, entry) in root.entries.iter().enumerate() {
        previous_spans_lines = printer.entry(entry, 0, i == 0, previous_spans_lines, None);
    }
    for comment in &root.closing {
        if comment.blank_before {
            printer.blank();
        }
        printer.start(0);
        printer.push(&comment.text);
        printer.newline();
    }
    let mut out = printer.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What a clause is laid out from: its tokens, the places it may break, and
/// the comments that force a break.
#[derive(Debug, Clone, Copy)]
enum Item<'a> {
    Token(&'a Token),
    Break(Level),
    Grid(&'a [(String, String)]),
    /// A `/* ... */` comment within a line.
    Inline(&'a Comment),
}

#[derive(Default)]
struct Printer {
    out: String,
    /// Characters on the current line so far.
    col: usize,
    /// Lines ended so far.
    lines: usize,
    /// The last token written on the current line, for the space before the next.
    last: Option<Glue>,
}

#[derive(Clone, Copy)]
struct Glue {
    /// Nothing may follow it with a space between (`(`, `.`, a negating `-`).
    binds_next: bool,
}

impl Glue {
    /// What a token (or, for `None`, a comment or a table) asks of the next.
    fn after(token: Option<&Token>) -> Glue {
        Glue {
            binds_next: token.is_some_and(|t| t.prefix || t.text == "." || t.text == ".."),
        }
    }
}

/// Whether a space stands between `last` and the next token: none before
/// punctuation that attaches to what precedes it.
fn spaced(last: Glue, next: Option<&Token>) -> bool {
    let attaches = next.is_some_and(|t| matches!(t.text.as_str(), "," | ":" | ")" | "." | ".."));
    !last.binds_next && !attaches
}

impl Printer {
    fn push(&mut self, text: &str) {
        self.out.push_str(text);
        self.lines += text.matches('\n').count();
        match text.rfind('\n') {
            Some(i) => self.col = text.get(i + 1..).map_or(0, |t| t.chars().count()),
            None => self.col += text.chars().count(),
        }
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
        self.lines += 1;
        self.col = 0;
        self.last = None;
    }

    /// Ends the current line if anything is on it.
    fn fresh_line(&mut self) {
        if self.col > 0 {
            self.newline();
        }
    }

    /// One blank line before what comes next (never two, never at the top).
    fn blank(&mut self) {
        self.fresh_line();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn start(&mut self, indent: usize) {
        self.fresh_line();
        self.push(&" ".repeat(indent * INDENT));
        self.last = None;
    }

    /// Prints one clause with its comments; says whether it spans lines (a
    /// block), which puts blank lines around it.
    fn entry(&mut self, e: &Entry, indent: usize, first: bool, previous_spans_lines: bool, pad: Option<usize>) -> bool {
        let spans_lines = e.nodes.iter().any(|n| matches!(n, Node::Block(b) if !is_empty(b)));
        let blank_first = e.lead.first().map_or(e.blank_before, |c| c.blank_before);
        if !first && (blank_first || spans_lines || previous_spans_lines) {
            self.blank();
        }
        for (j, comment) in e.lead.iter().enumerate() {
            if j > 0 && comment.blank_before {
                self.blank();
            }
            self.start(indent);
            self.push(&comment.text);
            self.newline();
        }
        if !e.lead.is_empty() && e.blank_before {
            self.blank();
        }
        self.start(indent);
        self.clause(&e.nodes, indent, pad);
        if let Some(c) = &e.trailing {
            self.push(" ");
            self.push(&c.text);
        }
        self.newline();
        spans_lines
    }

    /// A clause's tokens, and the blocks it opens.
    fn clause(&mut self, nodes: &[Node], indent: usize, pad: Option<usize>) {
        let mut from = 0;
        let mut pad = pad;
        for (i, node) in nodes.iter().enumerate() {
            if let Node::Block(block) = node {
                let segment = nodes.get(from..i).unwrap_or(&[]);
                let opening = if is_empty(block) { " {}" } else { " {" };
                let lines_before = self.lines;
                self.line(segment, indent, opening.len(), pad.take());
                // A head broken over lines puts its brace on a line of its own, so
                // that the head's last line is not read as the block's first.
                if self.lines > lines_before && !is_empty(block) {
                    self.start(indent);
                    self.last = Some(Glue { binds_next: true });
                }
                self.block(block, indent);
                from = i + 1;
            }
        }
        self.line(nodes.get(from..).unwrap_or(&[]), indent, 0, pad);
    }

    fn block(&mut self, block: &Block, indent: usize) {
        if is_empty(block) {
            self.push(" {}");
            self.last = Some(Glue { binds_next: false });
            return;
        }
        self.push(if self.last.is_some_and(|g| g.binds_next) {
            "{"
        } else {
            " {"
        });
        if let Some(c) = &block.open_comment {
            self.push(" ");
            self.push(&c.text);
        }
        self.newline();
        let pad = block.table.then(|| table_width(block)).flatten();
        let mut previous_spans_lines = false;
        for (j, entry) in block.entries.iter().enumerate() {
            let entry_pad = pad.filter(|_| is_titled_name(entry));
            previous_spans_lines = self.entry(entry, indent + 1, j == 0, previous_spans_lines, entry_pad);
        }
        for (j, comment) in block.closing.iter().enumerate() {
            if comment.blank_before && (j > 0 || !block.entries.is_empty()) {
                self.blank();
            }
            self.start(indent + 1);
            self.push(&comment.text);
            self.newline();
        }
        self.start(indent);
        self.push("}");
        self.last = Some(Glue { binds_next: false });
    }

    /// A run of a clause between blocks: on the current line, broken where it
    /// does not fit, with a line after each comment that ends one.
    fn line(&mut self, nodes: &[Node], indent: usize, suffix: usize, pad: Option<usize>) {
        let padded: Option<Token> = pad.and_then(|w| match nodes.first() {
            Some(Node::Token(t)) => Some(Token {
                text: format!("{:<w$}", t.text),
                prefix: false,
            }),
            _ => None,
        });
        let mut chunk: Vec<Item> = Vec::new();
        let mut continued = false;
        for (i, node) in nodes.iter().enumerate() {
            match node {
                Node::Token(t) => match (&padded, i) {
                    (Some(p), 0) => chunk.push(Item::Token(p)),
                    _ => chunk.push(Item::Token(t)),
                },
                Node::Break(level) => chunk.push(Item::Break(*level)),
                Node::Grid(cells) => chunk.push(Item::Grid(cells)),
                Node::Comment(c) if !c.own_line && !c.ends_line() => chunk.push(Item::Inline(c)),
                Node::Comment(c) => {
                    self.chunk(&chunk, indent, continued, 0);
                    chunk.clear();
                    if c.own_line {
                        self.start(indent + 1);
                    } else {
                        self.separate_for(None);
                    }
                    self.push(&c.text);
                    self.newline();
                    continued = true;
                }
                Node::Block(_) => {}
            }
        }
        self.chunk(&chunk, indent, continued, suffix);
    }

    /// A chunk of a clause with no comment ending a line within it.
    fn chunk(&mut self, items: &[Item], indent: usize, continued: bool, suffix: usize) {
        if items.iter().all(|i| matches!(i, Item::Break(_))) {
            return;
        }
        if continued {
            self.start(indent + 1);
        }
        self.fill(items, Level::Part, indent + 1, suffix);
    }

    /// Lays items out from the current position: flat if they fit, else broken
    /// at `level`'s places (continuation lines at `cont`), deeper levels within.
    fn fill(&mut self, items: &[Item], level: Level, cont: usize, suffix: usize) {
        let flat = flat_width(items, self.last);
        if self.col + flat + suffix <= WIDTH {
            self.flat(items);
            return;
        }
        if let [Item::Grid(cells)] = items {
            self.grid(cells);
            return;
        }
        let pieces: Vec<&[Item]> = split(items, level);
        let deeper = match level {
            Level::Part => Some(Level::Operator),
            Level::Operator => Some(Level::Item),
            Level::Item => None,
        };
        if pieces.len() <= 1 {
            match deeper {
                Some(d) => self.fill(items, d, cont, suffix),
                None => self.flat(items),
            }
            return;
        }
        let last = pieces.len() - 1;
        for (k, piece) in pieces.iter().enumerate() {
            let tail = if k == last { suffix } else { 0 };
            if level == Level::Item {
                // Lists fill their lines: a new line only for an item that does not fit.
                if k > 0 && self.col + 1 + flat_width(piece, None) + tail > WIDTH {
                    self.start(cont);
                }
                self.flat(piece);
                continue;
            }
            if k > 0 {
                self.start(cont);
            }
            match deeper {
                Some(d) => self.fill(piece, d, cont + 1, tail),
                None => self.flat(piece),
            }
        }
    }

    fn flat(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Break(_) => {}
                Item::Token(t) => {
                    self.separate_for(Some(t));
                    self.push(&t.text);
                    self.last = Some(Glue::after(Some(t)));
                }
                Item::Inline(c) => {
                    self.separate_for(None);
                    self.push(&c.text);
                    self.last = Some(Glue { binds_next: false });
                }
                Item::Grid(cells) => {
                    self.separate_for(None);
                    let text = cells
                        .iter()
                        .map(|(m, s)| format!("{m} {s}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.push(&text);
                    self.last = Some(Glue { binds_next: false });
                }
            }
        }
    }

    /// A seat table in aligned columns, as many a line as fit.
    fn grid(&mut self, cells: &[(String, String)]) {
        self.separate_for(None);
        // Every row starts where the first does, so that the columns align.
        let column = self.col;
        let member_width = cells.iter().map(|(m, _)| m.chars().count()).max().unwrap_or(0);
        let seat_width = cells.iter().map(|(_, s)| s.chars().count()).max().unwrap_or(0);
        let cell_width = member_width + 1 + seat_width;
        let room = WIDTH.saturating_sub(self.col);
        let per_line = ((room + 2) / (cell_width + 2)).max(1);
        let rows: Vec<&[(String, String)]> = cells.chunks(per_line).collect();
        let last_row = rows.len().saturating_sub(1);
        for (r, row) in rows.iter().enumerate() {
            if r > 0 {
                self.newline();
                self.push(&" ".repeat(column));
            }
            let text = row
                .iter()
                .map(|(m, s)| format!("{m:<member_width$} {s:>seat_width$}"))
                .collect::<Vec<_>>()
                .join(", ");
            self.push(&text);
            if r < last_row {
                self.push(",");
            }
        }
        self.last = Some(Glue { binds_next: false });
    }

    /// The space before the next token, where one belongs.
    fn separate_for(&mut self, next: Option<&Token>) {
        if self.last.is_some_and(|last| spaced(last, next)) {
            self.push(" ");
        }
    }
}

fn is_empty(block: &Block) -> bool {
    block.entries.is_empty() && block.closing.is_empty() && block.open_comment.is_none()
}

/// A party: a name and its title, nothing else.
fn is_titled_name(entry: &Entry) -> bool {
    matches!(entry.nodes.as_slice(), [Node::Token(_), Node::Token(t)] if t.text.starts_with('"'))
}

/// The width names take in a table of parties, so that their titles align.
fn table_width(block: &Block) -> Option<usize> {
    block
        .entries
        .iter()
        .filter(|e| is_titled_name(e))
        .filter_map(|e| match e.nodes.first() {
            Some(Node::Token(t)) => Some(t.text.chars().count()),
            _ => None,
        })
        .max()
}

/// The items between the breaks of one level.
fn split<'i, 'a>(items: &'i [Item<'a>], level: Level) -> Vec<&'i [Item<'a>]> {
    let mut pieces = Vec::new();
    let mut from = 0;
    for (i, item) in items.iter().enumerate() {
        if matches!(item, Item::Break(l) if *l == level) {
            if let Some(piece) = items.get(from..i) {
                if !piece.iter().all(|p| matches!(p, Item::Break(_))) {
                    pieces.push(piece);
                }
            }
            from = i + 1;
        }
    }
    if let Some(piece) = items.get(from..) {
        if !piece.iter().all(|p| matches!(p, Item::Break(_))) {
            pieces.push(piece);
        }
    }
    pieces
}

/// How wide the items are on one line, after the token `last`.
fn flat_width(items: &[Item], last: Option<Glue>) -> usize {
    let mut width = 0;
    let mut last = last;
    for item in items {
        let (text_width, next): (usize, Option<&Token>) = match item {
            Item::Break(_) => continue,
            Item::Token(t) => (t.text.chars().count(), Some(t)),
            Item::Inline(c) => (c.text.chars().count(), None),
            Item::Grid(cells) => (
                cells
                    .iter()
                    .map(|(m, s)| m.chars().count() + 1 + s.chars().count())
                    .sum::<usize>()
                    + 2 * cells.len().saturating_sub(1),
                None,
            ),
        };
        if last.is_some_and(|l| spaced(l, next)) {
            width += 1;
        }
        width += text_width;
        last = Some(Glue::after(next));
    }
    width
}
