//! Source text to syntax tree.
//!
//! `parse` never fails: it returns whatever document it could read and every
//! problem it found. A lexical scan runs first (delimiters, strings, nesting
//! depth); the grammar then reads the document one item at a time (a large one
//! in parts, side by side on the machine's cores). When that fails, the whole
//! file is parsed to find the fault, and then each top-level item alone, so
//! that one bad article does not hide errors in the next.

mod errors;

pub(crate) use errors::{BODY_CLAUSE_WORDS, ITEM_WORDS, STEP_WORDS};
mod lower;
pub mod scan;

use pest::Parser;

use crate::ast::{Change, Document, Item};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use lower::{Lone, Lowerer};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/treaty.pest"]
struct TreatyParser;

/// What parsing one file produced.
#[derive(Debug)]
pub struct Parsed {
    /// The document, possibly with items missing where they failed to parse.
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes a file's bytes; invalid UTF-8 is replaced and reported with its byte offset.
pub fn decode(file: FileId, bytes: &[u8]) -> (String, Option<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(e) => {
            let at = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            // The replacement character is three bytes long in the decoded text.
            let end = (at + '\u{FFFD}'.len_utf8()).min(text.len());
            let byte = bytes.get(at).copied().unwrap_or(0);
            let d = Diagnostic::new(
                Code::E0007,
                Span::new(file, at, end),
                format!("file is not valid UTF-8: byte 0x{byte:02X} at offset {at}"),
            )
            .with_primary_label(format!("invalid byte at offset {at}"))
            .with_help("save the file as UTF-8");
            (text, Some(d))
        }
    }
}

/// Parses one file.
///
/// A file that parses is read one item at a time (`by_items`), which holds the
/// parser's tree of one item rather than of the whole file (a token pair for
/// every few bytes); a file that does not is parsed whole, to find its fault,
/// and then item by item to recover (`recover`).
pub fn parse(file: FileId, text: &str) -> Parsed {
    let (body, scanned, mut diagnostics) = match prepare(file, text) {
        Ok(prepared) => prepared,
        Err(parsed) => return *parsed,
    };
    if let Some((document, found)) = by_items(file, body, &scanned, parts(body)) {
        diagnostics.extend(found);
        return Parsed {
            document: Some(document),
            diagnostics,
        };
    }
    whole(file, body, &scanned, diagnostics).0
}

/// Parses one file, and keeps the concrete syntax tree of a file the grammar
/// reads as a whole, for a phase that works on the text as written (the
/// formatter keeps the comments and punctuation the syntax tree drops).
pub(crate) fn parse_keeping_tree(file: FileId, text: &str) -> (Parsed, Option<pest::iterators::Pair<'_, Rule>>) {
    match prepare(file, text) {
        Ok((body, scanned, diagnostics)) => whole(file, body, &scanned, diagnostics),
        Err(parsed) => (*parsed, None),
    }
}

/// How many parts a document is read in, in parallel: one for each 32 KiB, at
/// most one per worker thread (a thread costs some tens of microseconds; a part
/// of 32 KiB takes milliseconds to parse).
fn parts(body: &str) -> usize {
    (body.len() / (32 * 1024)).clamp(1, crate::work::jobs())
}

/// The lexical scan, and the part of the text the grammar reads: a file the
/// scan finds at fault, or empty, is its own answer.
fn prepare(file: FileId, text: &str) -> Result<(&str, scan::Scan, Vec<Diagnostic>), Box<Parsed>> {
    let scanned = scan::scan(file, text);
    if !scanned.diagnostics.is_empty() {
        return Err(Box::new(Parsed {
            document: None,
            diagnostics: scanned.diagnostics,
        }));
    }
    if !scanned.has_tokens {
        let d = Diagnostic::new(Code::E0006, Span::new(file, 0, text.len()), "the file holds no treaty")
            .with_primary_label("nothing but blanks and comments")
            .with_help("start the file with `treaty NAME \"Title\" { ... }` or `amendment NAME \"Title\" amends TREATY { ... }`");
        return Err(Box::new(Parsed {
            document: None,
            diagnostics: vec![d],
        }));
    }

    let mut diagnostics = Vec::new();
    // Text after the document's closing brace is reported once; the document itself
    // is then parsed without it.
    let mut body = text;
    if let (Some(trailing), Some(end)) = (scanned.trailing, scanned.document_end) {
        let stop = text
            .get(trailing..)
            .map_or(trailing, |rest| trailing + rest.find('\n').unwrap_or(rest.len()));
        diagnostics.push(
            Diagnostic::new(
                Code::E0017,
                Span::new(file, trailing, stop),
                "text after the end of the document",
            )
            .with_primary_label("this follows the document's closing brace")
            .with_label(Span::new(file, end.saturating_sub(1), end), "the document ends here")
            .with_help("a file holds one treaty or amendment; move this inside the braces or into its own file"),
        );
        body = text.get(..end).unwrap_or(text);
    }
    Ok((body, scanned, diagnostics))
}

/// The grammar's reading of the whole file: the tree and its document, or, when
/// the file fails, the document recovered item by item.
fn whole<'t>(
    file: FileId,
    body: &'t str,
    scanned: &scan::Scan,
    mut diagnostics: Vec<Diagnostic>,
) -> (Parsed, Option<pest::iterators::Pair<'t, Rule>>) {
    match TreatyParser::parse(Rule::file, body) {
        Ok(mut pairs) => {
            let tree = pairs.next();
            let mut lowerer = Lowerer::new(file, 0);
            let document = tree.clone().and_then(|p| lowerer.document(p));
            diagnostics.extend(lowerer.diagnostics);
            (Parsed { document, diagnostics }, tree)
        }
        Err(_) => {
            let recovered = recover(file, body, scanned);
            diagnostics.extend(recovered.diagnostics);
            let parsed = Parsed {
                document: recovered.document,
                diagnostics,
            };
            (parsed, None)
        }
    }
}

/// A file read one item at a time, when every part of it parses: its head to the
/// opening brace, each item (or amendment change) alone from where the one before
/// ended, then the closing brace and nothing but blanks and comments. `None` as
/// soon as any part fails, and the caller reads the file whole, as it would have.
///
/// The reading is the whole file's: `item*` in a PEG reads each item from where
/// the last ended, exactly as an item read alone from there does (no rule looks
/// behind its start), and the blanks and comments between items are skipped as
/// the grammar's `WHITESPACE` and `COMMENT` skip them (`skip_trivia`).
fn by_items(file: FileId, text: &str, scanned: &scan::Scan, parts: usize) -> Option<(Document, Vec<Diagnostic>)> {
    let head = TreatyParser::parse(Rule::document_head, text).ok()?.next()?;
    let head_end = head.as_span().end();
    // The document's span starts at its keyword, as the whole file's `treaty` or
    // `amendment` node does.
    let keyword = head.clone().into_inner().next()?;
    if !matches!(keyword.as_rule(), Rule::k_treaty | Rule::k_amendment) {
        return None;
    }
    let start = keyword.as_span().start();
    let item_rule = if keyword.as_rule() == Rule::k_amendment {
        Rule::amendment_item
    } else {
        Rule::treaty_item
    };
    let reading = read_in_parts(file, text, item_rule, head_end, scanned, parts);
    // The split is a guess at where items start; when it was wrong, the file is
    // read in one part.
    let reading = match reading {
        Some(r) => r,
        None => read_items(file, text, item_rule, head_end, None)?,
    };
    let close = reading.end;
    if skip_trivia(text, close + 1) != Some(text.len()) {
        return None;
    }
    let mut lowerer = Lowerer::new(file, 0);
    let mut document = lowerer.document_head(head, Span::new(file, start, close + 1));
    match &mut document {
        Document::Treaty(t) => t.items = reading.items,
        Document::Amendment(a) => a.changes = reading.changes,
    }
    let mut diagnostics = reading.diagnostics;
    diagnostics.extend(lowerer.diagnostics);
    Some((document, diagnostics))
}

/// The items read in `parts` parts side by side, each from its start to the
/// next part's, which an item of the part before must end just before: `None`
/// when the document is one part, or a part did not meet the next.
fn read_in_parts(
    file: FileId,
    text: &str,
    item_rule: Rule,
    head_end: usize,
    scanned: &scan::Scan,
    parts: usize,
) -> Option<Reading> {
    let starts = split(head_end, scanned, parts);
    if starts.is_empty() {
        return None;
    }
    let bounds: Vec<(usize, Option<usize>)> = std::iter::once(head_end)
        .chain(starts.iter().copied())
        .zip(starts.iter().copied().map(Some).chain(std::iter::once(None)))
        .collect();
    crate::work::map(parts, &bounds, |(from, until)| {
        read_items(file, text, item_rule, *from, *until)
    })
    .into_iter()
    .collect::<Option<Vec<Reading>>>()
    .and_then(Reading::joined)
}

/// Where the parts after the first start, to read a document's items in `parts`
/// parts of about equal size: lines directly inside the document's braces,
/// indented as its first such line (an item's continuation lines are indented
/// further). Empty when the document is read in one part.
fn split(head_end: usize, scanned: &scan::Scan, parts: usize) -> Vec<usize> {
    let Some(end) = scanned.document_end else {
        return Vec::new();
    };
    let mut lines = scanned.line_starts.iter().filter(|l| l.depth == 1 && l.at > head_end);
    let Some(first) = lines.next() else {
        return Vec::new();
    };
    let starts: Vec<usize> = lines.filter(|l| l.indent == first.indent).map(|l| l.at).collect();
    let size = end.saturating_sub(head_end);
    let mut out: Vec<usize> = Vec::new();
    for k in 1..parts {
        let target = head_end + size * k / parts;
        let i = starts.partition_point(|at| *at < target);
        if let Some(at) = starts.get(i) {
            if out.last().is_none_or(|last| last < at) {
                out.push(*at);
            }
        }
    }
    out
}

/// Items (or an amendment's changes) read one at a time, and where the reading
/// stopped.
struct Reading {
    items: Vec<Item>,
    changes: Vec<Change>,
    diagnostics: Vec<Diagnostic>,
    /// The closing brace of the document, or the start of the next part.
    end: usize,
}

impl Reading {
    /// The parts read in turn as one (`read_items` has made each part end where
    /// the next begins); `None` for no parts.
    fn joined(parts: Vec<Reading>) -> Option<Reading> {
        let mut parts = parts.into_iter();
        let mut whole = parts.next()?;
        for part in parts {
            whole.items.extend(part.items);
            whole.changes.extend(part.changes);
            whole.diagnostics.extend(part.diagnostics);
            whole.end = part.end;
        }
        Some(whole)
    }
}

/// Reads items from `at` on, up to `until` (where an item must then begin) or,
/// without it, up to the document's closing brace. `None` when an item fails to
/// parse, or the reading goes past `until` or stops short of it.
fn read_items(file: FileId, text: &str, item_rule: Rule, mut at: usize, until: Option<usize>) -> Option<Reading> {
    let mut lowerer = Lowerer::new(file, 0);
    let mut items = Vec::new();
    let mut changes = Vec::new();
    let end = loop {
        let from = skip_trivia(text, at)?;
        match until {
            Some(next) if from == next => break from,
            Some(next) if from > next => return None,
            _ => {}
        }
        let rest = text.get(from..)?;
        if rest.starts_with('}') {
            if until.is_some() {
                return None;
            }
            break from;
        }
        let pair = TreatyParser::parse(item_rule, rest).ok()?.next()?;
        at = from + pair.as_span().end();
        lowerer.set_offset(from);
        for c in pair.into_inner() {
            if item_rule == Rule::amendment_item {
                changes.extend(lowerer.change(c));
            } else {
                items.extend(lowerer.item(c));
            }
        }
    };
    Some(Reading {
        items,
        changes,
        diagnostics: lowerer.diagnostics,
        end,
    })
}

/// Where the next token starts at or after `at`, past the blanks and comments the
/// grammar skips (`WHITESPACE`: space, tab, CR, LF; `COMMENT`: `//` to the end
/// of the line, `/* ... */`); the end of the text when nothing follows; `None`
/// for a block comment left open, which the grammar does not skip either.
fn skip_trivia(text: &str, mut at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    loop {
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => at += 1,
            Some(b'/') if bytes.get(at + 1) == Some(&b'/') => {
                at += bytes
                    .get(at..)?
                    .iter()
                    .position(|b| *b == b'\n')
                    .unwrap_or(bytes.len() - at);
            }
            Some(b'/') if bytes.get(at + 1) == Some(&b'*') => {
                let close = text.get(at + 2..)?.find("*/")?;
                at += 2 + close + 2;
            }
            _ => return Some(at),
        }
    }
}

/// Parses a file that failed as a whole, item by item.
///
/// The grammar itself says where each item ends: items are read in turn from the
/// document's opening brace exactly as the whole file is read, so the items
/// before a faulty one parse as they would in a correct file. After a fault,
/// reading resumes at the next line that starts an item no deeper than the faulty
/// one (continuation lines are indented further), so valid items after a typo
/// raise nothing.
fn recover(file: FileId, text: &str, scanned: &scan::Scan) -> Parsed {
    // Detailed attempts make the messages name punctuation (`:`, `{`); they cost
    // time, so they are only collected once a file is known to be wrong.
    pest::set_error_detail(true);
    let whole_file_error = |diagnostics: &mut Vec<Diagnostic>| {
        if let Err(e) = TreatyParser::parse(Rule::file, text) {
            diagnostics.push(errors::from_pest(&e, file, text, 0));
        }
    };
    let mut diagnostics = Vec::new();
    let head = match TreatyParser::parse(Rule::document_head, text) {
        Ok(mut pairs) => pairs.next(),
        Err(_) => None,
    };
    let Some(head) = head else {
        whole_file_error(&mut diagnostics);
        return Parsed {
            document: None,
            diagnostics,
        };
    };
    let head_span = Span::new(file, 0, text.len());
    let at = head.as_span().end();
    let mut reader = Reader {
        file,
        text,
        scanned,
        lowerer: Lowerer::new(file, 0),
        diagnostics: Vec::new(),
    };
    let mut document = reader.lowerer.document_head(head, head_span);
    let (lones, _) = reader.block(at, &DOCUMENT);
    for lone in lones {
        place(&mut document, lone, &mut diagnostics);
    }
    diagnostics.extend(reader.diagnostics);
    diagnostics.extend(reader.lowerer.diagnostics);
    if !diagnostics.iter().any(|d| d.is_error()) {
        // The fault lies outside every item (in the head, or before the first item).
        whole_file_error(&mut diagnostics);
    }
    Parsed {
        document: Some(document),
        diagnostics,
    }
}

/// The rules that read one kind of block item by item: the item it starts with,
/// that item alone, and that item before another.
struct Block {
    next: Rule,
    only: Rule,
    pair: Rule,
    /// How many braces are open around the block's items.
    depth: usize,
}

const DOCUMENT: Block = Block {
    next: Rule::next_item,
    only: Rule::item_only,
    pair: Rule::item_pair,
    depth: 1,
};

const ARTICLE: Block = Block {
    next: Rule::next_article_item,
    only: Rule::article_item_only,
    pair: Rule::article_item_pair,
    depth: 2,
};

/// Reads a block that failed, item by item.
struct Reader<'t> {
    file: FileId,
    text: &'t str,
    scanned: &'t scan::Scan,
    lowerer: Lowerer,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// Reads the items of a block from `at` to its closing brace, which it returns
    /// with them (`None` when the text ends first).
    fn block(&mut self, mut at: usize, block: &Block) -> (Vec<Lone>, Option<usize>) {
        let text = self.text;
        let mut lones = Vec::new();
        // Where the item read just before `at` starts, when one was read there.
        let mut previous: Option<usize> = None;
        while let Some(start) = next_token(text, at) {
            let Some(rest) = text.get(start..) else { break };
            if rest.starts_with('}') {
                // The block's closing brace: the scan found braces balanced, and
                // every item read so far closed its own.
                return (lones, Some(start));
            }
            match TreatyParser::parse(block.next, rest) {
                Ok(mut pairs) => {
                    let Some(p) = pairs.next() else { break };
                    at = start + p.as_span().end();
                    self.lowerer.set_offset(start);
                    lones.extend(self.lowerer.lone_item(p));
                    previous = Some(start);
                }
                Err(e) => {
                    // An article is read item by item in turn: its other items are
                    // kept, and their own faults reported.
                    if block.depth == 1 {
                        if let Some((article, end)) = self.article(start) {
                            lones.push(Lone::Item(Box::new(Item::Article(Box::new(article)))));
                            at = end;
                            previous = None;
                            continue;
                        }
                    }
                    self.fault(e, previous, start, block);
                    previous = None;
                    match resume_after(text, self.scanned, start, block.depth) {
                        Some(next) => at = next,
                        None if block.depth == 1 => break,
                        None => return (lones, block_end(text, start)),
                    }
                }
            }
        }
        (lones, None)
    }

    /// An article that failed as a whole, read item by item, and where it ends;
    /// `None` when its head is at fault, or nothing inside it is.
    fn article(&mut self, start: usize) -> Option<(crate::ast::Article, usize)> {
        let head = TreatyParser::parse(Rule::article_head, self.text.get(start..)?)
            .ok()?
            .next()?;
        let head_end = start + head.as_span().end();
        let reported = self.diagnostics.len();
        let lowered = self.lowerer.diagnostics.len();
        self.lowerer.set_offset(start);
        let mut article = self.lowerer.article_alone(head);
        let (lones, close) = self.block(head_end, &ARTICLE);
        let Some(close) = close.filter(|_| self.diagnostics.len() > reported) else {
            // Read alone, the article has no fault of its own: report it whole.
            self.diagnostics.truncate(reported);
            self.lowerer.diagnostics.truncate(lowered);
            return None;
        };
        article.items = lones.into_iter().filter_map(Lone::into_item).collect();
        article.span = Span::new(self.file, start, close + 1);
        Some((article, close + 1))
    }

    /// Reports the item that failed at `start`.
    fn fault(&mut self, e: pest::error::Error<Rule>, previous: Option<usize>, start: usize, block: &Block) {
        let text = self.text;
        let at_line_start = text
            .get(..start)
            .is_some_and(|b| b.rsplit('\n').next().is_some_and(|l| l.trim().is_empty()));
        // After an item that parsed, what the parser tried past its end belongs to
        // the error: on the same line only that (`&` after a rule), on a later line
        // that and the items that could start there.
        let (error, from) = previous
            .and_then(|p| {
                let attempt = if at_line_start { block.pair } else { block.only };
                Some((TreatyParser::parse(attempt, text.get(p..)?).err()?, p))
            })
            .unwrap_or((e, start));
        // Nothing of the line could be read, and nothing before it reached further:
        // no item starts with its first word, and the list of every construct it
        // could have begun helps less than the words that begin one.
        // (Making sure a word is no keyword reads to its end: that is not reading it.)
        let deepest = from + error.parse_attempts().map_or(0, |a| a.max_position);
        let first_word_end = text
            .get(start..)
            .and_then(|r| r.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')))
            .map_or(text.len(), |i| start + i);
        let nothing_read = next_token(text, deepest) == Some(start) || (start..=first_word_end).contains(&deepest);
        self.diagnostics.push(if at_line_start && nothing_read {
            errors::no_item_starts_here(self.file, text, start, block.depth > 1)
        } else {
            errors::from_pest(&error, self.file, text, from)
        });
    }
}

/// Where the first token at or after `at` starts, past blanks and comments.
fn next_token(text: &str, mut at: usize) -> Option<usize> {
    loop {
        let rest = text.get(at..)?;
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            at += 2 + comment.find("*/").map_or(comment.len(), |i| i + 2);
        } else if trimmed.is_empty() {
            return None;
        } else {
            return Some(at);
        }
    }
}

/// Where reading resumes after an item that failed at `start`: the next line of
/// the same block (as deep in braces) that starts no deeper than the line the
/// faulty item starts on; `None` when the block ends first.
fn resume_after(text: &str, scanned: &scan::Scan, start: usize, depth: usize) -> Option<usize> {
    let before = text.get(..start)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(line_start..)?;
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let line_end = text.get(start..)?.find('\n').map_or(text.len(), |i| start + i);
    scanned
        .line_starts
        .iter()
        .filter(|l| l.at > line_end && l.depth <= depth)
        .take_while(|l| l.depth == depth)
        .find(|l| l.indent <= indent)
        .map(|l| l.at)
}

/// The closing brace of the block `at` lies in: braces inside quoted texts and
/// comments are not counted.
fn block_end(text: &str, mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        let rest = text.get(at..)?;
        let c = rest.chars().next()?;
        if rest.starts_with("//") {
            at += rest.find('\n').unwrap_or(rest.len());
        } else if let Some(comment) = rest.strip_prefix("/*") {
            at += 2 + comment.find("*/").map_or(comment.len(), |i| i + 2);
        } else if c == '"' {
            let mut escaped = false;
            let close = rest.char_indices().skip(1).find(|&(_, ch)| {
                let end = ch == '"' && !escaped;
                escaped = ch == '\\' && !escaped;
                end
            });
            at += close.map_or(rest.len(), |(i, _)| i + 1);
        } else {
            match c {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' if depth == 0 => return Some(at),
                '}' | ')' | ']' => depth -= 1,
                _ => {}
            }
            at += c.len_utf8();
        }
    }
}

/// Adds an item read alone to its document, refusing what does not belong there.
fn place(document: &mut Document, lone: Lone, diagnostics: &mut Vec<Diagnostic>) {
    match (document, lone) {
        (Document::Treaty(t), Lone::Item(item)) => t.items.push(*item),
        (Document::Amendment(a), Lone::Change(change)) => a.changes.push(change),
        // `text` is both: in a treaty it is the treaty's own text.
        (Document::Treaty(t), Lone::Change(crate::ast::Change::Text(text))) => {
            t.items.push(crate::ast::Item::Text(text))
        }
        (Document::Treaty(_), Lone::Change(change)) => diagnostics.push(misplaced(
            change_span(&change),
            "`insert`, `replace` and `repeal` belong in an amendment or a stage",
        )),
        (Document::Amendment(_), Lone::Item(item)) => diagnostics.push(misplaced(
            item.span(),
            "an amendment holds only `insert`, `replace`, `repeal` and `text`",
        )),
    }
}

fn misplaced(span: Span, why: &str) -> Diagnostic {
    Diagnostic::new(Code::E0001, span, "this does not belong here")
        .with_primary_label(why.to_string())
        .with_help(why.to_string())
}

fn change_span(c: &crate::ast::Change) -> Span {
    use crate::ast::Change::*;
    match c {
        Add { span, .. } | Insert { span, .. } | Replace { span, .. } | Remove { span, .. } | Repeal { span, .. } => {
            *span
        }
        Text(t) => t.span,
    }
}

/// Whether a digit-led token is not a number the grammar reads.
fn is_malformed_number(token: &str) -> bool {
    let (whole, frac) = match token.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (token, None),
    };
    let whole_ok =
        whole.starts_with(|c: char| c.is_ascii_digit()) && whole.chars().all(|c| c.is_ascii_digit() || c == '_');
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    !(whole_ok && frac_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Document {
        let parsed = parse(FileId(0), text);
        assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
        match parsed.document {
            Some(d) => d,
            None => unreachable!("a clean parse always yields a document"),
        }
    }

    fn codes(text: &str) -> Vec<&'static str> {
        parse(FileId(0), text)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    /// How many documents `both_readings` could read in three parts that met.
    static READ_IN_PARTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// The two readings of one text: item by item (`None` when it does not read
    /// so) and whole, and whether the whole reading found an error (the scan's
    /// errors stop both).
    fn both_readings(text: &str) -> (Option<String>, String, bool) {
        let Ok((body, scanned, diagnostics)) = prepare(FileId(0), text) else {
            return (None, String::new(), true);
        };
        let whole_read = whole(FileId(0), body, &scanned, diagnostics.clone()).0;
        let faulty = whole_read.diagnostics.iter().any(Diagnostic::is_error);
        let read_in = |parts: usize| {
            by_items(FileId(0), body, &scanned, parts).map(|(document, found)| {
                let mut all = diagnostics.clone();
                all.extend(found);
                format!(
                    "{:?}",
                    Parsed {
                        document: Some(document),
                        diagnostics: all
                    }
                )
            })
        };
        let by_items_read = read_in(1);
        if by_items_read.is_some() {
            let head_end = TreatyParser::parse(Rule::document_head, body)
                .ok()
                .and_then(|mut p| p.next())
                .map_or(0, |p| p.as_span().end());
            let item_rule = if body
                .trim_start_matches('\u{FEFF}')
                .trim_start()
                .starts_with("amendment")
            {
                Rule::amendment_item
            } else {
                Rule::treaty_item
            };
            if read_in_parts(FileId(0), body, item_rule, head_end, &scanned, 3).is_some() {
                READ_IN_PARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        // Read in parts on worker threads, the document must come out the same.
        for parts in 2..=5 {
            assert_eq!(read_in(parts), by_items_read, "read in {parts} parts");
        }
        (by_items_read, format!("{whole_read:?}"), faulty)
    }

    fn treaty_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                treaty_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "treaty") {
                out.push(path);
            }
        }
    }

    /// A file that parses is read item by item; that reading must be the whole
    /// file's, node for node and span for span, and a file that fails must fail
    /// item by item too (then it is read whole, to be reported).
    #[test]
    fn a_file_read_item_by_item_reads_as_the_whole_file_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        treaty_files(&root.join("treaties"), &mut files);
        treaty_files(&root.join("tests"), &mut files);
        let (mut read, mut failed) = (0, 0);
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            match both_readings(&text) {
                (Some(by_items_read), whole_read, _) => {
                    assert_eq!(by_items_read, whole_read, "{}", path.display());
                    read += 1;
                }
                (None, _, faulty) => {
                    assert!(faulty, "{} reads whole but not item by item", path.display());
                    failed += 1;
                }
            }
        }
        assert!(read > 300 && failed > 50, "{read} read, {failed} failed");
        // The split into parts is a guess checked by reading; it must hold for
        // most documents of several items.
        let in_parts = READ_IN_PARTS.load(std::sync::atomic::Ordering::Relaxed);
        assert!(in_parts > read / 2, "{in_parts} of {read} read in three parts");
    }

    /// The parts of a document are read on their own threads only when each ends
    /// where the next begins; a split inside an item is noticed, and the document
    /// is read in one part.
    #[test]
    fn a_document_is_read_in_parts_that_meet() {
        let text = "treaty t \"T\" {\n  text \"a\"\n  text \"b\"\n  text \"c\"\n  text \"d\"\n  text \"e\"\n}\n";
        let scanned = scan::scan(FileId(0), text);
        let head_end = text.find('{').map_or(0, |at| at + 1);
        let starts = split(head_end, &scanned, 3);
        assert_eq!(starts.len(), 2, "{starts:?}");
        let bounds = [
            (head_end, Some(starts[0])),
            (starts[0], Some(starts[1])),
            (starts[1], None),
        ];
        for (from, until) in bounds {
            assert!(
                read_items(FileId(0), text, Rule::treaty_item, from, until).is_some(),
                "{from}..{until:?}"
            );
        }
        // A part that would start inside an item: the part before reads past it.
        let inside = text.find("\"c\"").unwrap_or(0);
        assert!(read_items(FileId(0), text, Rule::treaty_item, head_end, Some(inside)).is_none());
        assert!(by_items(FileId(0), text, &scanned, 3).is_some());
    }

    #[test]
    fn the_edges_of_a_document_read_item_by_item_as_whole() {
        for text in [
            "treaty t { }",
            "\u{FEFF}treaty t \"T\" {\n  // a comment\n  text \"a\" /* between */ text \"b\"\n}\n// after\n/* after */\n",
            "amendment a \"A\" amends t {\n  remove article 2\n  add body B\n}\n",
            "treaty t {\n  text \"a\"\n}\n}\n",
            "treaty t {\n  text \"a\"\n} text \"b\"\n",
            "treaty t {\n  text \"a\"\n}\n/* open",
            "treaty t {\n  text \"a\"\n",
            "treaty t {\n  remove article 2\n}\n",
            "amendment a amends t {\n  text \"a\"\n  body B\n}\n",
            "treaty t {\n  article 1 { every member must report\n  every member may not x }\n  rule r = unanimity\n}",
            "treaty t {\u{00A0}text \"a\" }",
        ] {
            let (by_items_read, whole_read, faulty) = both_readings(text);
            match by_items_read {
                Some(read) => assert_eq!(read, whole_read, "{text:?}"),
                None => assert!(faulty, "{text:?}: {whole_read}"),
            }
        }
    }

    /// The grouped item rules try only the group of an item's first letter; a
    /// file that fails is read with the flat lists, so its messages still name
    /// every item and never offer a group's letter as a word (a review found
    /// `treaty t { é }` answered "did you mean `a`?" before the flat lists).
    #[test]
    fn a_fault_at_the_start_of_an_item_is_told_of_every_item() {
        let said = |text: &str| -> Vec<String> {
            parse(FileId(0), text)
                .diagnostics
                .iter()
                .map(|d| {
                    let labels: Vec<&str> = d.secondary.iter().map(|l| l.message.as_str()).collect();
                    format!(
                        "{} {} | {} | {:?}",
                        d.code.as_str(),
                        d.message,
                        d.primary.message,
                        labels
                    )
                })
                .collect()
        };
        assert_eq!(
            said("treaty t { ïn force from 1 January 2020 }"),
            ["E0009 unknown keyword `ïn` | did you mean `in`? | []"]
        );
        assert_eq!(
            said("treaty t { article 1 { ëvery member must x } }"),
            ["E0009 unknown keyword `ëvery` | did you mean `every`? | []"]
        );
        for text in [
            "treaty t { é }",
            "treaty t {\n  article 1 {\n    é\n  }\n}\n",
            "treaty t {\n  text \"a\" é\n}\n",
        ] {
            let said = said(text);
            assert!(
                said.iter()
                    .all(|d| d.starts_with("E0001") && !d.contains("did you mean")),
                "{text:?}: {said:?}"
            );
        }
    }

    #[test]
    fn a_minimal_treaty_parses() {
        parse_ok("treaty t \"T\" { }");
    }

    #[test]
    fn malformed_numbers_are_recognised() {
        assert!(is_malformed_number("1.2.3"));
        assert!(is_malformed_number("15x"));
        assert!(!is_malformed_number("1_000"));
        assert!(!is_malformed_number("2.5"));
    }

    #[test]
    fn errors_in_two_items_are_both_reported() {
        let text = "treaty t {\n body A { seats one per member }\n rule r = \n article 1 { text \"x\" }\n body B { seats: }\n}\n";
        assert_eq!(codes(text).len(), 3, "{:?}", parse(FileId(0), text).diagnostics);
    }
}
