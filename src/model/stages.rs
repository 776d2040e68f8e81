//! The effective treaty of each stage.
//!
//! Stages form a ladder through `after`: a stage's treaty is the base treaty with
//! the changes of every stage from the first up to it applied in order. Items
//! nested in an article travel with it: replacing an article replaces them all.

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};

/// One item of an effective treaty, with the article around it.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub item: &'a Item,
    pub article: Option<&'a Article>,
}

/// The treaty as it stands in one stage.
#[derive(Debug, Clone)]
pub struct StageView<'a> {
    pub treaty: &'a Treaty,
    /// `None` for the treaty as written.
    pub stage: Option<&'a Stage>,
    pub entries: Vec<Entry<'a>>,
}

/// The base treaty first, then every stage reachable on the ladder, in order.
/// The most stages a treaty may have: real treaties have a handful; every stage's
/// treaty is analysed in full.
pub const MAX_STAGES: usize = 256;

pub fn views(treaty: &Treaty) -> (Vec<StageView<'_>>, Vec<Diagnostic>) {
    let mut base = Vec::new();
    for item in &treaty.items {
        push(&mut base, item, None);
    }
    views_over(treaty, base)
}

/// Like [`views`], with `base` (the treaty as amended, say) in place of the
/// treaty's own items; the stages are the treaty's.
pub fn views_over<'a>(treaty: &'a Treaty, base: Vec<Entry<'a>>) -> (Vec<StageView<'a>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let stages: Vec<&Stage> = treaty.stages().collect();
    // Each stage's treaty is checked whole, so the work grows with stages times
    // provisions: past the limit, refuse at once rather than run for minutes.
    if let Some(beyond) = stages.get(MAX_STAGES) {
        diagnostics.push(
            Diagnostic::new(
                Code::E0114,
                beyond.name.span,
                format!(
                    "the treaty has {} stages; treatyc analyses at most {MAX_STAGES}",
                    stages.len()
                ),
            )
            .with_primary_label(format!("stage {} of {}", MAX_STAGES + 1, stages.len()))
            .with_help("merge stages that enter together: a stage may add, replace and remove many provisions at once"),
        );
        return (
            vec![StageView {
                treaty,
                stage: None,
                entries: base,
            }],
            diagnostics,
        );
    }
    let by_name: BTreeMap<&str, &Stage> = stages.iter().map(|s| (s.name.name.as_str(), *s)).collect();

    let mut result = vec![StageView {
        treaty,
        stage: None,
        entries: base.clone(),
    }];
    for stage in &stages {
        // The chain from the first stage to this one.
        let mut chain = vec![*stage];
        let mut current = *stage;
        let mut broken = false;
        while let Some(after) = &current.after {
            match by_name.get(after.name.as_str()) {
                Some(previous) if chain.iter().any(|s| std::ptr::eq(*s, *previous)) => {
                    // Report a cycle once, at its member that comes first in the text.
                    let at = chain.iter().position(|s| std::ptr::eq(*s, *previous)).unwrap_or(0);
                    let cycle = chain.get(at..).unwrap_or(&[]);
                    let first = cycle.iter().min_by_key(|s| s.span.start);
                    let own = stage.after.as_ref().map_or(stage.name.span, |a| a.span);
                    if std::ptr::eq(*previous, *stage) && first.is_some_and(|f| std::ptr::eq(*f, *stage)) {
                        let mut d = Diagnostic::new(
                            Code::E0112,
                            own,
                            format!("stage `{}` comes after itself", stage.name.name),
                        )
                        .with_primary_label("this `after` closes a cycle of stages");
                        for other in cycle.iter().filter(|s| !std::ptr::eq(**s, *stage)) {
                            if let Some(a) = &other.after {
                                d = d.with_label(a.span, format!("`{}` comes after `{}`", other.name.name, a.name));
                            }
                        }
                        diagnostics.push(
                            d.with_help("the stages must form a ladder from a first stage that comes after no other"),
                        );
                    }
                    broken = true;
                    break;
                }
                Some(previous) => {
                    chain.push(previous);
                    current = previous;
                }
                None => {
                    if std::ptr::eq(*stage, current) {
                        let names = by_name.keys().copied().filter(|n| *n != stage.name.name);
                        let mut d =
                            Diagnostic::new(Code::E0108, after.span, format!("there is no stage `{}`", after.name))
                                .with_primary_label("not a stage of this treaty");
                        d = match crate::suggest::closest(&after.name, names) {
                            Some(s) => d.with_help(format!("did you mean `{s}`?")),
                            None => d.with_help("name a stage declared with `stage NAME ...`"),
                        };
                        diagnostics.push(d);
                    }
                    broken = true;
                    break;
                }
            }
        }
        if broken {
            continue;
        }
        let mut entries = base.clone();
        for s in chain.iter().rev() {
            apply(&mut entries, s, &mut diagnostics, std::ptr::eq(*s, *stage));
        }
        result.push(StageView {
            treaty,
            stage: Some(stage),
            entries,
        });
    }
    (result, diagnostics)
}

pub(crate) fn push<'a>(entries: &mut Vec<Entry<'a>>, item: &'a Item, article: Option<&'a Article>) {
    match item {
        Item::Stage(_) => {}
        Item::Article(a) => {
            entries.push(Entry { item, article: None });
            for inner in &a.items {
                push(entries, inner, Some(a));
            }
        }
        _ => entries.push(Entry { item, article }),
    }
}

/// The kind and name by which a change addresses an item.
pub fn address(item: &Item) -> Option<(ItemKind, &str)> {
    Some(match item {
        Item::Article(a) => (ItemKind::Article, a.number.text.as_str()),
        Item::Body(b) if b.kind == BodyKind::Office => (ItemKind::Office, b.name.name.as_str()),
        Item::Body(b) => (ItemKind::Body, b.name.name.as_str()),
        Item::Rule(r) => (ItemKind::Rule, r.name.name.as_str()),
        Item::Sanction(s) => (ItemKind::Sanction, s.name.as_ref()?.name.as_str()),
        Item::Fund(f) => (ItemKind::Fund, f.name.name.as_str()),
        Item::Criterion(c) => (ItemKind::Criterion, c.name.name.as_str()),
        Item::Provision(p) => (ItemKind::Provision, p.label.as_ref()?.name.as_str()),
        Item::Stage(s) => (ItemKind::Stage, s.name.name.as_str()),
        _ => return None,
    })
}

pub(crate) fn same_kind(a: ItemKind, b: ItemKind) -> bool {
    // An office is a body; `body X` addresses either.
    let norm = |k| if k == ItemKind::Office { ItemKind::Body } else { k };
    norm(a) == norm(b)
}

/// The position of the item addressed by `kind` and `name`.
pub(crate) fn locate(entries: &[Entry<'_>], kind: ItemKind, name: &str) -> Option<usize> {
    entries
        .iter()
        .position(|e| address(e.item).is_some_and(|(k, n)| same_kind(k, kind) && n == name))
}

/// Where a removed item stood: its position, and the article around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    pub at: usize,
    pub article: Option<&'a Article>,
}

/// Removes the item addressed by `kind` and `name` (with what an article holds);
/// `None` when there is none.
pub(crate) fn remove<'a>(entries: &mut Vec<Entry<'a>>, kind: ItemKind, name: &str) -> Option<Place<'a>> {
    let at = locate(entries, kind, name)?;
    let removed = entries.remove(at);
    if let Item::Article(a) = removed.item {
        entries.retain(|e| !e.article.is_some_and(|inner| std::ptr::eq(inner, &**a)));
    }
    Some(Place {
        at,
        article: removed.article,
    })
}

/// Puts `item` at `place`: a replacement stands where the old item stood, in the
/// same article, so that what applies to the article (a sanction on its breach)
/// applies to it too.
pub(crate) fn put<'a>(entries: &mut Vec<Entry<'a>>, place: Place<'a>, item: &'a Item) {
    let mut new = Vec::new();
    push(&mut new, item, place.article);
    let at = place.at.min(entries.len());
    entries.splice(at..at, new);
}

/// The place just after the item addressed by `kind` and `name`, and after what
/// it holds when it is an article.
pub(crate) fn place_after<'a>(entries: &[Entry<'a>], kind: ItemKind, name: &str) -> Option<Place<'a>> {
    let at = locate(entries, kind, name)?;
    let anchor = entries.get(at)?;
    match anchor.item {
        Item::Article(a) => {
            let held = entries
                .iter()
                .skip(at + 1)
                .take_while(|e| e.article.is_some_and(|inner| std::ptr::eq(inner, &**a)))
                .count();
            Some(Place {
                at: at + 1 + held,
                article: None,
            })
        }
        _ => Some(Place {
            at: at + 1,
            article: anchor.article,
        }),
    }
}

/// A rule as a message names it: `` `qmv` ``, `unanimity`.
pub(crate) fn rule_words(r: &RuleRef) -> String {
    match r {
        RuleRef::Named(id) => format!("`{}`", id.name),
        RuleRef::Builtin { builtin, .. } => builtin.keyword().to_string(),
    }
}

/// The entrenchment of the article an address falls in, if any.
pub(crate) fn entrenchment<'a>(
    entries: &[Entry<'a>],
    kind: ItemKind,
    name: &str,
) -> Option<(&'a Article, &'a Entrenchment)> {
    entries.iter().find_map(|e| {
        let (k, n) = address(e.item)?;
        if k != kind || n != name {
            return None;
        }
        let article = match e.item {
            Item::Article(a) => Some(&**a),
            _ => e.article,
        }?;
        Some((article, article.entrenchment.as_ref()?))
    })
}

/// A stage that replaces or removes a provision of an entrenched article: the
/// entrenchment binds the treaty's own stages as it binds amendments, since a
/// stage changes the treaty by its entry condition, not by the procedure the
/// entrenchment asks for. E0802 where the article may not be changed at all;
/// W0805 where it names the stricter rule the change needs.
fn entrenched_change(
    entries: &[Entry<'_>],
    stage: &Stage,
    kind: ItemKind,
    name: &str,
    span: crate::source::Span,
) -> Option<Diagnostic> {
    let (article, e) = entrenchment(entries, kind, name)?;
    let what = format!("{} `{name}`", kind_word(kind));
    Some(match &e.amendable_by {
        None => Diagnostic::new(
            Code::E0802,
            span,
            format!(
                "stage `{}` changes {what} of article {}, which is entrenched: it may not be changed",
                stage.name.name, article.number.text
            ),
        )
        .with_primary_label("this changes an entrenched provision")
        .with_label(e.span, "entrenched here")
        .with_help("leave the entrenched article as it is in every stage, or drop `entrenched` if the treaty means the stage to change it"),
        Some(r) => Diagnostic::new(
            Code::W0805,
            span,
            format!(
                "stage `{}` changes {what} of article {}, which is entrenched: changing it needs {}",
                stage.name.name,
                article.number.text,
                rule_words(r)
            ),
        )
        .with_primary_label("this changes an entrenched provision")
        .with_label(e.span, "its stricter rule is written here")
        .with_note("a stage enters when its entry condition holds, not by the procedure the entrenchment asks for")
        .with_help("make the stage's entry require the decision taken by that rule (`entry: ... and authorised by BODY`), or leave the article unchanged"),
    })
}

fn apply<'a>(entries: &mut Vec<Entry<'a>>, stage: &'a Stage, diagnostics: &mut Vec<Diagnostic>, report: bool) {
    for change in &stage.changes {
        match change {
            Change::Add { item, .. } | Change::Insert { item, .. } => push(entries, item, None),
            Change::Replace { item, span } => {
                let Some((kind, name)) = address(item) else { continue };
                if report {
                    diagnostics.extend(entrenched_change(entries, stage, kind, name, *span));
                }
                match remove(entries, kind, name) {
                    Some(place) => put(entries, place, item),
                    None => {
                        if report {
                            diagnostics.push(nothing_to_change(*span, "replaces", kind, name));
                        }
                        push(entries, item, None);
                    }
                }
            }
            Change::Remove { target, span } | Change::Repeal { target, span } => {
                if report {
                    diagnostics.extend(entrenched_change(entries, stage, target.kind, &target.name, *span));
                }
                if remove(entries, target.kind, &target.name).is_none() && report {
                    diagnostics.push(nothing_to_change(*span, "removes", target.kind, &target.name));
                }
            }
            Change::Text(_) => {}
        }
    }
}

/// The kind's word with its indefinite article: `an article`, `a body`.
pub(crate) fn a_kind_word(kind: ItemKind) -> String {
    let word = kind_word(kind);
    let article = if matches!(kind, ItemKind::Article | ItemKind::Office) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

pub(crate) fn kind_word(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Article => "article",
        ItemKind::Body => "body",
        ItemKind::Office => "office",
        ItemKind::Rule => "rule",
        ItemKind::Sanction => "sanction",
        ItemKind::Fund => "fund",
        ItemKind::Criterion => "criterion",
        ItemKind::Provision => "provision",
        ItemKind::Stage => "stage",
    }
}

/// The kind's word in the plural: `bodies`, `criteria`.
pub(crate) fn kinds_word(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Article => "articles",
        ItemKind::Body => "bodies",
        ItemKind::Office => "offices",
        ItemKind::Rule => "rules",
        ItemKind::Sanction => "sanctions",
        ItemKind::Fund => "funds",
        ItemKind::Criterion => "criteria",
        ItemKind::Provision => "provisions",
        ItemKind::Stage => "stages",
    }
}

fn nothing_to_change(span: crate::source::Span, verb: &str, kind: ItemKind, name: &str) -> Diagnostic {
    let what = kind_word(kind);
    Diagnostic::new(
        Code::E0111,
        span,
        format!("this stage {verb} {what} `{name}`, which does not exist at that point"),
    )
    .with_primary_label(format!("no {what} `{name}` to change"))
    .with_help(format!(
        "use `add` for a new {what}, or name one that the treaty or an earlier stage defines"
    ))
}
