//! An amendment as a redline: each change with what it inserts and deletes
//! marked, beside the findings of the lint and the voting power it shifts; the
//! procedure the base treaty requires; then the consolidated treaty's articles
//! with their changed text marked.

use similar::{ChangeTag, DiffOp, TextDiff};

use super::html::{anchor, diagnostics, escape, legal_text, prose};
use super::Doc;
use crate::ast::{Amendment, Change, Item, ItemKind, Treaty};
use crate::diagnostics::Diagnostic;
use crate::eval::Facts;
use crate::ir::Program;
use crate::model::stages::{address, kind_word};
use crate::source::{SourceMap, Span};

/// One amendment's page.
pub(super) struct Redline {
    pub file: String,
    pub title: String,
    pub heading: String,
    pub main: String,
    /// Errors the lint found in the amendment.
    pub errors: usize,
    pub search_text: String,
}

pub(super) fn redline(doc: &Doc<'_>, a: &Amendment) -> Redline {
    let input = doc.input;
    let sources = input.sources;
    let treaty = input.treaty;
    // Linted as `lint-amendment` lints it: the figures weigh the shifts of power
    // below, not the lint (they may fit only the treaty as amended).
    let lint = crate::amend::lint(treaty, a, &crate::check::Config::default());
    let errors = lint.diagnostics.iter().filter(|d| d.is_error()).count();
    let title = a
        .title
        .as_ref()
        .map_or_else(|| a.name.name.clone(), |t| t.value.clone());
    let file = format!("{}.html", anchor("amendment", &a.name.name));
    let mut h = format!(
        "<h1><span class=\"kind\">Amendment</span> {}</h1>\n<p class=\"subtitle\">The amendment <code>{}</code> to <code>{}</code>, as a redline: what it inserts is <ins>underlined</ins>, what it deletes <del>struck through</del>, each change beside the findings it raises and the voting power it shifts.</p>\n",
        escape(&title),
        escape(&a.name.name),
        escape(&a.amends.name)
    );
    let texts: Vec<&str> = a
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Text(t) => Some(t.value.as_str()),
            _ => None,
        })
        .collect();
    for t in &texts {
        h.push_str(&format!("<p class=\"legal\">{}</p>\n", escape(t)));
    }

    // What the consolidated treaty is, when the amendment can be written in.
    let consolidated = if errors == 0 {
        consolidate(sources, treaty, a)
    } else {
        Err(format!(
            "the amendment has {} (above): it cannot be written into the treaty",
            if errors == 1 {
                "an error".to_string()
            } else {
                format!("{errors} errors")
            }
        ))
    };

    h.push_str("<section aria-labelledby=\"procedure\">\n<h2 id=\"procedure\">The procedure it needs</h2>\n<ol class=\"steps\">\n");
    for step in &lint.procedure {
        h.push_str(&format!("<li>{}</li>\n", prose(step)));
    }
    h.push_str("</ol>\n</section>\n");

    h.push_str("<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">The changes</h2>\n");
    let mut shown = vec![false; lint.diagnostics.len()];
    let mut n = 0;
    for change in &a.changes {
        let Some((what, span, old, new)) = change_texts(sources, treaty, a, change) else {
            continue;
        };
        n += 1;
        let id = format!("change-{n}");
        h.push_str(&format!(
            "<section class=\"change\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\">{n}. {}</h3>\n",
            escape(&what)
        ));
        h.push_str(&format!(
            "<pre class=\"source redline\"><code>{}</code></pre>\n",
            word_diff(&old, &new)
        ));
        let mine: Vec<&Diagnostic> = lint
            .diagnostics
            .iter()
            .zip(shown.iter_mut())
            .filter(|(d, _)| within(d, span))
            .map(|(d, s)| {
                *s = true;
                d
            })
            .collect();
        if mine.is_empty() {
            h.push_str("<p class=\"clean\">The lint finds no problem in this change.</p>\n");
        } else {
            h.push_str(&diagnostics(sources, &mine, ""));
        }
        h.push_str("</section>\n");
    }
    if n == 0 {
        h.push_str("<p>The amendment makes no change.</p>\n");
    }
    let rest: Vec<&Diagnostic> = lint
        .diagnostics
        .iter()
        .zip(&shown)
        .filter(|(_, s)| !**s)
        .map(|(d, _)| d)
        .collect();
    if !rest.is_empty() {
        h.push_str("<h3 id=\"other-findings\">Findings in the amended treaty</h3>\n");
        h.push_str(&diagnostics(sources, &rest, ""));
    }
    h.push_str("</section>\n");

    h.push_str("<section aria-labelledby=\"power\">\n<h2 id=\"power\">Voting power</h2>\n");
    match &consolidated {
        Ok(after) => {
            let shifts = crate::amend::power_shifts(&lint, sources, input.facts);
            h.push_str(&power_section(doc, after, &shifts, input.facts));
        }
        Err(why) => h.push_str(&format!("<p>Undecided: {}.</p>\n", prose(why))),
    }
    h.push_str("</section>\n");

    h.push_str("<section aria-labelledby=\"consolidated\">\n<h2 id=\"consolidated\">The treaty as amended</h2>\n");
    match &consolidated {
        Ok(after) => h.push_str(&consolidated_articles(doc.base, &super::in_order(after))),
        Err(why) => h.push_str(&format!("<p>Not shown: {}.</p>\n", prose(why))),
    }
    h.push_str("</section>\n");
    Redline {
        file,
        heading: format!("Amendment: {title}"),
        title,
        main: h,
        errors,
        search_text: format!("{} {}", a.name.name, texts.join(" ")),
    }
}

/// Whether a finding concerns the change written at `span`: it points into it,
/// or one of its labels does (a problem in the base the change makes arise).
fn within(d: &Diagnostic, span: Span) -> bool {
    let inside = |s: Span| s.file == span.file && span.start <= s.start && s.start < span.end;
    inside(d.primary.span) || d.secondary.iter().any(|l| inside(l.span))
}

/// A change in words, where it is written, and the text before and after.
fn change_texts(
    sources: &SourceMap,
    treaty: &Treaty,
    a: &Amendment,
    change: &Change,
) -> Option<(String, Span, String, String)> {
    let base_text = |item: &Item| super::html::written(sources, item.span());
    let new_text = |item: &Item| super::html::written(sources, item.span());
    let named = |kind: ItemKind, name: &str| {
        if kind == ItemKind::Article {
            format!("Article {name}")
        } else {
            format!("{} `{name}`", capitalised(kind_word(kind)))
        }
    };
    let _ = a;
    match change {
        Change::Replace { item, span } => {
            let (kind, name) = address(item)?;
            let old = super::find(&treaty.items, kind, name)
                .map(base_text)
                .unwrap_or_default();
            Some((format!("{} replaced", named(kind, name)), *span, old, new_text(item)))
        }
        Change::Insert { item, after, span } => {
            let what = address(item).map_or_else(|| "A provision".to_string(), |(k, n)| named(k, n));
            let place = after
                .as_ref()
                .map(|r| format!(" after {}", named(r.kind, &r.name).to_lowercase()))
                .unwrap_or_default();
            Some((format!("{what} inserted{place}"), *span, String::new(), new_text(item)))
        }
        Change::Add { item, span } => {
            let what = address(item).map_or_else(|| "A provision".to_string(), |(k, n)| named(k, n));
            Some((format!("{what} added"), *span, String::new(), new_text(item)))
        }
        Change::Repeal { target, span } | Change::Remove { target, span } => {
            let old = super::find(&treaty.items, target.kind, &target.name)
                .map(base_text)
                .unwrap_or_default();
            let verb = if matches!(change, Change::Repeal { .. }) {
                "repealed"
            } else {
                "removed"
            };
            Some((
                format!("{} {verb}", named(target.kind, &target.name)),
                *span,
                old,
                String::new(),
            ))
        }
        Change::Text(_) => None,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn in_a_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The words of `old` and `new`, with what was deleted and inserted marked, and
/// said in words for readers who do not see the marks.
fn word_diff(old: &str, new: &str) -> String {
    // Lines first, as a reviewer compares them; words within the lines changed.
    let lines = TextDiff::from_lines(old, new);
    let mut out = String::new();
    let (mut gone, mut came) = (String::new(), String::new());
    for change in lines.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => gone.push_str(change.value()),
            ChangeTag::Insert => came.push_str(change.value()),
            ChangeTag::Equal => {
                out.push_str(&words_changed(&gone, &came));
                gone.clear();
                came.clear();
                out.push_str(&escape(change.value()));
            }
        }
    }
    out.push_str(&words_changed(&gone, &came));
    out
}

/// The words of lines that changed, with what was deleted and inserted marked.
fn words_changed(old: &str, new: &str) -> String {
    if old.is_empty() && new.is_empty() {
        return String::new();
    }
    let (old, new) = (tokens(old), tokens(new));
    let diff = TextDiff::configure().diff_slices(&old, &new);
    // Pieces in order; a short stretch left equal between two changes is read
    // as part of them (as a reviewer reads "the to Council consider shall": one
    // sentence replaced by another, not eight words swapped), the way a
    // semantic clean-up of a diff does. Kept as a stack, so that it is linear.
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let v = change.value();
        let tag = change.tag();
        match (tag, pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(s))) => s.push_str(v),
            (ChangeTag::Delete, Some(Piece::Changed { old, .. })) => old.push_str(v),
            (ChangeTag::Insert, Some(Piece::Changed { new, .. })) => new.push_str(v),
            (ChangeTag::Equal, _) => {
                // A change is complete: it may take in the stretch before it.
                absorb(&mut pieces);
                pieces.push(Piece::Same(v.to_string()));
            }
            (ChangeTag::Delete, _) => pieces.push(Piece::Changed {
                old: v.to_string(),
                new: String::new(),
            }),
            (ChangeTag::Insert, _) => pieces.push(Piece::Changed {
                old: String::new(),
                new: v.to_string(),
            }),
        }
    }
    absorb(&mut pieces);
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Same(s) => out.push_str(&escape(&s)),
            Piece::Changed { old, new } => {
                out.push_str(&marked(ChangeTag::Delete, &old));
                out.push_str(&marked(ChangeTag::Insert, &new));
            }
        }
    }
    out
}

/// A stretch of the redline: the same in both texts, or changed.
enum Piece {
    Same(String),
    Changed { old: String, new: String },
}

/// How much a reader reads in a stretch: its characters other than white space.
fn weight(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether a stretch holds a line of its own, which a reader sees kept.
fn whole_line(s: &str) -> bool {
    let lines: Vec<&str> = s.split('\n').collect();
    match lines.as_slice() {
        [_, inner @ .., _] => inner.iter().any(|l| weight(l) > 0),
        _ => false,
    }
}

/// While the stack ends change, equal, change and the equal stretch weighs no
/// more than the change on either side of it, makes the three one change.
fn absorb(pieces: &mut Vec<Piece>) {
    loop {
        let short = match pieces.as_slice() {
            [.., Piece::Changed { old: o1, new: n1 }, Piece::Same(s), Piece::Changed { old: o2, new: n2 }] => {
                let w = weight(s);
                !whole_line(s) && w <= weight(o1).max(weight(n1)) && w <= weight(o2).max(weight(n2))
            }
            _ => false,
        };
        if !short {
            return;
        }
        let (Some(Piece::Changed { old: o2, new: n2 }), Some(Piece::Same(s)), Some(Piece::Changed { old, new })) =
            (pieces.pop(), pieces.pop(), pieces.last_mut())
        else {
            return;
        };
        old.push_str(&s);
        old.push_str(&o2);
        new.push_str(&s);
        new.push_str(&n2);
    }
}

/// Words, runs of white space, and each other character alone: `product.`
/// is the word `product` and `.`, so that a full stop moved after a deleted
/// phrase does not mark the word before it as changed; a dot inside a word
/// (`3.5`, `community.defence_target`) stays in it.
fn tokens(text: &str) -> Vec<&str> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let class = |i: usize, c: char| {
        let before = text.get(..i).and_then(|t| t.chars().next_back());
        let after = text.get(i + 1..).and_then(|t| t.chars().next());
        let inner_dot = c == '.' && word(before) && word(after);
        if word(Some(c)) || inner_dot {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<u8> = None;
    for (i, c) in text.char_indices() {
        let k = class(i, c);
        if let Some(l) = last {
            if l != k || k == 2 {
                out.extend(text.get(start..i));
                start = i;
            }
        }
        last = Some(k);
    }
    if start < text.len() {
        out.extend(text.get(start..));
    }
    out
}

fn marked(tag: ChangeTag, text: &str) -> String {
    // A change of layout alone (indentation, blank lines) is no change of text.
    if text.trim().is_empty() {
        return match tag {
            ChangeTag::Delete => String::new(),
            _ => escape(text),
        };
    }
    let (element, said) = match tag {
        ChangeTag::Equal => return escape(text),
        ChangeTag::Insert => ("ins", "inserted"),
        ChangeTag::Delete => ("del", "deleted"),
    };
    // Each line's words marked, its indentation and line break not: a mark
    // underlines or strikes through text, not the margin. Screen readers hear
    // one "[inserted: ...]" around the whole.
    let parts: Vec<&str> = text.split_inclusive('\n').collect();
    let marked: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| weight(p) > 0)
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (marked.first().copied(), marked.last().copied());
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if part.trim().is_empty() {
            out.push_str(&escape(part));
            continue;
        }
        // Indentation only where a line starts, and the line break only where
        // one ends: a space inside a line belongs to the words changed.
        let start = if i == 0 {
            0
        } else {
            part.len() - part.trim_start().len()
        };
        let end = if part.ends_with('\n') {
            part.trim_end().len()
        } else {
            part.len()
        };
        let words = part.get(start..end).unwrap_or(part);
        out.push_str(&escape(part.get(..start).unwrap_or("")));
        out.push_str(&format!("<{element}>"));
        if Some(i) == first {
            out.push_str(&format!("<span class=\"sr\">[{said}: </span>"));
        }
        out.push_str(&escape(words));
        if Some(i) == last {
            out.push_str("<span class=\"sr\">]</span>");
        }
        out.push_str(&format!("</{element}>"));
        out.push_str(&escape(part.get(end..).unwrap_or("")));
    }
    out
}

/// The treaty as amended, written in and compiled: its rule IR as written.
fn consolidate(sources: &SourceMap, treaty: &Treaty, a: &Amendment) -> Result<Program, String> {
    let text = crate::amend::consolidate(treaty, sources.text(treaty.span.file), a, sources.text(a.span.file))
        .map_err(|d| d.message)?;
    let mut written = SourceMap::new();
    let unit = crate::parse_source(&mut written, "consolidated.treaty", text.as_bytes());
    let Some(crate::ast::Document::Treaty(amended)) = &unit.document else {
        return Err("the consolidated treaty does not parse".to_string());
    };
    let models = crate::model::models(amended);
    let model = models
        .base()
        .ok_or_else(|| "the consolidated treaty has no model".to_string())?;
    Ok(crate::ir::lower(model, &written))
}

/// The articles of the treaty as amended, in order, with the legal text each
/// change inserts and deletes marked; repealed articles struck through where
/// they stood.
fn consolidated_articles(base: &Program, after: &Program) -> String {
    let mut h = String::new();
    let mut pending_repealed: Vec<&crate::ir::Article> = Vec::new();
    // Repealed articles are shown after the last article before them that remains.
    let mut last_kept = None;
    for (i, a) in base.articles.iter().enumerate() {
        if after.articles.iter().any(|x| x.number == a.number) {
            last_kept = Some(i);
        } else if last_kept.is_none() {
            pending_repealed.push(a);
        }
    }
    repealed(&mut h, &mut pending_repealed);
    for a in &after.articles {
        let old = base.articles.iter().position(|x| x.number == a.number);
        let title = a
            .title
            .as_deref()
            .map(|t| format!(" {}", escape(t)))
            .unwrap_or_default();
        match old.and_then(|i| base.articles.get(i).map(|o| (i, o))) {
            None => {
                h.push_str(&format!(
                    "<section class=\"article changed\" aria-label=\"Article {0} inserted\">\n<h3><ins><span class=\"sr\">[inserted: </span>Article {0}{title}<span class=\"sr\">]</span></ins></h3>\n{1}</section>\n",
                    escape(&a.number),
                    a.text.iter().map(|t| format!("<p class=\"legal\">{}</p>\n", marked(ChangeTag::Insert, t))).collect::<String>()
                ));
            }
            Some((i, o)) => {
                let changed = o.text != a.text || o.title != a.title;
                h.push_str(&format!(
                    "<section class=\"article{}\" aria-label=\"Article {}\">\n<h3>Article {}{}</h3>\n",
                    if changed { " changed" } else { "" },
                    escape(&a.number),
                    escape(&a.number),
                    if o.title != a.title {
                        word_diff(o.title.as_deref().unwrap_or(""), a.title.as_deref().unwrap_or(""))
                    } else {
                        title
                    }
                ));
                if changed {
                    h.push_str(&paragraph_diff(&o.text, &a.text));
                } else {
                    h.push_str(&legal_text(&a.text));
                }
                h.push_str("</section>\n");
                // Articles of the base between this one and the next kept one that are gone.
                for gone in base.articles.iter().skip(i + 1) {
                    if after.articles.iter().any(|x| x.number == gone.number) {
                        break;
                    }
                    pending_repealed.push(gone);
                }
                repealed(&mut h, &mut pending_repealed);
            }
        }
    }
    h
}

/// Articles the amendment repeals, struck through where they stood.
fn repealed(h: &mut String, pending: &mut Vec<&crate::ir::Article>) {
    for r in pending.drain(..) {
        h.push_str(&format!(
            "<section class=\"article changed\" aria-label=\"Article {0} repealed\">\n<h3><del><span class=\"sr\">[deleted: </span>Article {0}{1}<span class=\"sr\">]</span></del></h3>\n{2}</section>\n",
            escape(&r.number),
            r.title.as_deref().map(|t| format!(" {}", escape(t))).unwrap_or_default(),
            r.text
                .iter()
                .map(|t| format!("<p class=\"legal\">{}</p>\n", marked(ChangeTag::Delete, t)))
                .collect::<String>()
        ));
    }
}

/// Paragraphs before and after: kept, inserted, deleted, or changed word by word.
fn paragraph_diff(old: &[String], new: &[String]) -> String {
    let mut h = String::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, old, new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                for t in old.iter().skip(old_index).take(len) {
                    h.push_str(&format!("<p class=\"legal\">{}</p>\n", escape(t)));
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                for t in old.iter().skip(old_index).take(old_len) {
                    h.push_str(&format!("<p class=\"legal\">{}</p>\n", marked(ChangeTag::Delete, t)));
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for t in new.iter().skip(new_index).take(new_len) {
                    h.push_str(&format!("<p class=\"legal\">{}</p>\n", marked(ChangeTag::Insert, t)));
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let olds: Vec<&String> = old.iter().skip(old_index).take(old_len).collect();
                let news: Vec<&String> = new.iter().skip(new_index).take(new_len).collect();
                for k in 0..olds.len().max(news.len()) {
                    let o = olds.get(k).map_or("", |s| s.as_str());
                    let n = news.get(k).map_or("", |s| s.as_str());
                    h.push_str(&format!("<p class=\"legal\">{}</p>\n", word_diff(o, n)));
                }
            }
        }
    }
    h
}

/// How one decision's voting power changes.
enum Outcome {
    Shift(crate::power::Shift),
    Undecided(String),
    Added,
    Removed,
}

struct DecisionShift {
    body: String,
    decision: String,
    rule_before: Option<String>,
    rule_after: Option<String>,
    outcome: Outcome,
}

/// The decisions whose rule, voters or members the amendment changes, each with
/// the shift of Banzhaf power it causes, or why that is undecided. (Vetoes,
/// blocking minorities and thresholds are the lint's: `amend::power_shifts`.)
fn power_shifts(before: &Program, after: &Program, facts: &Facts) -> Vec<DecisionShift> {
    let mut out = Vec::new();
    let rule_of = |p: &Program, name: &str| {
        p.rule(name).map(|r| {
            (
                r.criteria.clone(),
                r.abstention,
                r.absence,
                r.in_force,
                r.before.clone(),
            )
        })
    };
    let same_members = before.members == after.members;
    for b in &after.bodies {
        let old_body = before.body(&b.name);
        for p in &b.powers {
            let old = old_body.and_then(|o| o.powers.iter().find(|q| q.decision == p.decision));
            let base = DecisionShift {
                body: b.name.clone(),
                decision: p.decision.clone(),
                rule_before: old.map(|o| o.rule.clone()),
                rule_after: Some(p.rule.clone()),
                outcome: Outcome::Added,
            };
            let Some(old) = old else {
                out.push(base);
                continue;
            };
            let seats_same = old_body.is_some_and(|o| o.seats == b.seats && o.permanent_seats == b.permanent_seats);
            if same_members && seats_same && rule_of(before, &old.rule) == rule_of(after, &p.rule) {
                continue;
            }
            let outcome = match shift(before, after, &b.name, &p.decision, facts) {
                Ok(o) => o,
                Err(why) => Outcome::Undecided(why),
            };
            out.push(DecisionShift { outcome, ..base });
        }
    }
    for b in &before.bodies {
        for p in &b.powers {
            let kept = after
                .body(&b.name)
                .is_some_and(|a| a.powers.iter().any(|q| q.decision == p.decision));
            if !kept {
                out.push(DecisionShift {
                    body: b.name.clone(),
                    decision: p.decision.clone(),
                    rule_before: Some(p.rule.clone()),
                    rule_after: None,
                    outcome: Outcome::Removed,
                });
            }
        }
    }
    out
}

fn shift(before: &Program, after: &Program, body: &str, decision: &str, facts: &Facts) -> Result<Outcome, String> {
    let index = crate::power::Index::Banzhaf;
    let why = |p: crate::diagnostics::Problem| match p.help {
        Some(h) => format!("{} ({})", p.message, h),
        None => p.message,
    };
    let g_before = crate::power::game(before, body, decision, facts, &[]).map_err(why)?;
    let g_after = crate::power::game(after, body, decision, facts, &[]).map_err(why)?;
    let shift = crate::power::compare(&g_before, &g_after, index).map_err(why)?;
    Ok(Outcome::Shift(shift))
}

/// The shifts of power `lint-amendment` reports, in its words, then each
/// changed decision with its Banzhaf power before and after (`power --compare`).
fn power_section(doc: &Doc<'_>, after: &Program, lint_shifts: &[crate::amend::PowerShift], facts: &Facts) -> String {
    let shifts = power_shifts(doc.base, after, facts);
    if shifts.is_empty() && lint_shifts.is_empty() {
        return "<p>No decision's rule, voters or members change: every member's voting power stays as it is.</p>\n"
            .to_string();
    }
    // A shift made in the treaty as written and in every stage needs no "where".
    let everywhere = 1 + doc.stages.len();
    // The lint's shifts by decision, in the order it found them.
    let mut groups: Vec<((&str, &str), Vec<&crate::amend::PowerShift>)> = Vec::new();
    for s in lint_shifts {
        let key = (s.body.as_str(), s.decision.as_str());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(s),
            None => groups.push((key, vec![s])),
        }
    }
    let mut said = vec![false; groups.len()];
    let mut say = |h: &mut String, body: &str, decision: &str| {
        if let Some(i) = groups.iter().position(|(k, _)| *k == (body, decision)) {
            if let (Some(flag), Some((_, list))) = (said.get_mut(i), groups.get(i)) {
                *flag = true;
                h.push_str(&shift_list(list, everywhere));
            }
        }
    };
    let mut h = String::new();
    for s in shifts {
        let id = format!("power-{}-{}", anchor("body", &s.body), anchor("decision", &s.decision));
        let rules = match (&s.rule_before, &s.rule_after) {
            (Some(b), Some(a)) if b == a => format!("by <code>{}</code>, as amended", escape(a)),
            (Some(b), Some(a)) => format!("by <code>{}</code>, formerly <code>{}</code>", escape(a), escape(b)),
            (None, Some(a)) => format!("by <code>{}</code>", escape(a)),
            (Some(b), None) => format!("formerly by <code>{}</code>", escape(b)),
            (None, None) => String::new(),
        };
        h.push_str(&format!(
            "<section class=\"shift\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\"><code>{}</code> deciding <code>{}</code></h3>\n<p>{rules}",
            escape(&s.body),
            escape(&s.decision)
        ));
        if let Some(r) = s.rule_after.as_deref().and_then(|r| after.rule(r)) {
            h.push_str(&format!(": {}", prose(&crate::words::sentence(r))));
        }
        h.push_str(".</p>\n");
        say(&mut h, &s.body, &s.decision);
        match s.outcome {
            Outcome::Added => h.push_str("<p>A new decision: there is no power before to compare with.</p>\n"),
            Outcome::Removed => h.push_str("<p>The decision is no longer taken by this body.</p>\n"),
            Outcome::Undecided(why) => h.push_str(&format!(
                "<p class=\"undecided\"><strong>Undecided</strong>: {}.</p>\n",
                prose(&why)
            )),
            Outcome::Shift(shift) => {
                if let (Some(b), Some(a)) = (shift.winning_only_before, shift.winning_only_after) {
                    h.push_str(&format!(
                        "<p>Coalitions winning only before: {b}; only after: {a}.</p>\n"
                    ));
                }
                h.push_str(&format!(
                    "<table class=\"shift\">\n<caption>Banzhaf power of each member of <code>{}</code>, before and after</caption>\n<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Before</th><th scope=\"col\">After</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n",
                    escape(&s.body)
                ));
                for m in &shift.members {
                    let [before, after, change] = &m.text;
                    h.push_str(&format!(
                        "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        escape(&m.id),
                        escape(before),
                        escape(after),
                        escape(change)
                    ));
                }
                h.push_str("</tbody>\n</table>\n");
            }
        }
        h.push_str("</section>\n");
    }
    // Shifts in decisions whose Banzhaf power is not compared above (one only
    // a stage changes, for instance).
    for (((body, decision), list), done) in groups.iter().zip(&said) {
        if *done {
            continue;
        }
        let id = format!("power-{}-{}", anchor("body", body), anchor("decision", decision));
        h.push_str(&format!(
            "<section class=\"shift\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\"><code>{}</code> deciding <code>{}</code></h3>\n{}</section>\n",
            escape(body),
            escape(decision),
            shift_list(list, everywhere)
        ));
    }
    h
}

/// One decision's shifts of power, as `lint-amendment` says them, each with
/// where it happens unless it happens everywhere (`everywhere`: the treaty as
/// written and each of its stages).
fn shift_list(shifts: &[&crate::amend::PowerShift], everywhere: usize) -> String {
    let mut h = String::from("<ul class=\"shifts\">\n");
    for s in shifts {
        let mut line = prose(&s.words.replace("  ->  ", " \u{2192} "));
        if s.stages.len() < everywhere {
            let stages: Vec<String> = s
                .stages
                .iter()
                .map(|st| match st {
                    None => "the treaty as written".to_string(),
                    Some(name) => format!("the stage `{name}`"),
                })
                .collect();
            line.push_str(&format!(" (in {})", prose(&in_a_list(&stages))));
        }
        h.push_str(&format!("<li>{line}</li>\n"));
    }
    h.push_str("</ul>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reader sees: the marks, without the words said for screen readers.
    fn seen(old: &str, new: &str) -> String {
        let mut out = word_diff(old, new);
        for said in [
            "<span class=\"sr\">[deleted: </span>",
            "<span class=\"sr\">[inserted: </span>",
            "<span class=\"sr\">]</span>",
        ] {
            out = out.replace(said, "");
        }
        out
    }

    #[test]
    fn a_full_stop_after_a_deleted_phrase_leaves_the_word_before_it_alone() {
        assert_eq!(
            seen(
                "of gross domestic product that the Council sets.",
                "of gross domestic product."
            ),
            "of gross domestic product<del> that the Council sets</del>."
        );
    }

    #[test]
    fn a_dot_inside_a_name_or_a_figure_is_part_of_it() {
        assert_eq!(
            seen("spending >= community.defence_target of gdp", "spending >= 3.5% of gdp"),
            "spending &gt;= <del>community.defence_target</del><ins>3.5%</ins> of gdp"
        );
    }

    #[test]
    fn a_sentence_replaced_reads_as_one_deletion_and_one_insertion() {
        assert_eq!(
            seen(
                "represented, to consider matters.",
                "represented. The Council shall decide."
            ),
            "represented<del>, to consider matters</del><ins>. The Council shall decide</ins>."
        );
    }

    #[test]
    fn a_line_left_as_it_was_stays_outside_the_changes() {
        assert_eq!(
            seen(
                "a old text\n  kept line here\n  b old",
                "a new words\n  kept line here\n  b new"
            ),
            "a <del>old text</del><ins>new words</ins>\n  kept line here\n  b <del>old</del><ins>new</ins>"
        );
    }

    #[test]
    fn a_change_of_indentation_alone_is_no_change() {
        assert_eq!(
            seen("{\n    text \"A\"\n}", "{\n  text \"A\"\n}"),
            "{\n  text &quot;A&quot;\n}"
        );
    }
}
