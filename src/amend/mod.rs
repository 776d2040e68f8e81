//! Linting an amendment against the treaty it amends, before it is tabled.
//!
//! The amendment's changes are applied to the base treaty the way a stage's are;
//! then everything the checker finds in the result and not in the base is reported,
//! together with references to provisions that do not exist, entrenched provisions
//! touched, provisions changed twice, and the procedure the base requires.

mod consolidate;
mod shifts;

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::check;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::stages::{
    a_kind_word, address, entrenchment, kind_word, kinds_word, locate, place_after, push, put, remove, rule_words,
    Entry, Place, StageView,
};
use crate::source::Span;

pub use consolidate::consolidate;
pub use shifts::{power_shifts, Blockers, PowerShift, ShiftKind};

/// What linting found, and the procedure the amendment needs.
#[derive(Debug)]
pub struct Lint<'a> {
    /// The base treaty's own problems. When one is an error the amendment is not
    /// linted: its problems could not be told from the base's.
    pub base: Vec<Diagnostic>,
    pub diagnostics: Vec<Diagnostic>,
    /// The base treaty's amendment procedure, in words; one line each.
    pub procedure: Vec<String>,
    /// The treaty as amended, as the checker saw it: what a consolidated text must say.
    pub amended: Option<StageView<'a>>,
    /// The base treaty.
    pub treaty: &'a Treaty,
    /// Every stage of the treaty as amended (the treaty as written first), as
    /// the checker saw them; `None` when the base has errors.
    pub models: Option<crate::model::Models<'a>>,
}

/// Points a problem the amendment introduces into the amendment, when it points
/// only into the base (a stage that relied on a repealed provision, say): at the
/// changes that replace or repeal a provision the message names, or else at the
/// amendment itself.
fn blame(d: Diagnostic, amendment: &Amendment) -> Diagnostic {
    let file = amendment.span.file;
    if d.primary.span.file == file || d.secondary.iter().any(|l| l.span.file == file) {
        return d;
    }
    let rewrites: Vec<(ItemKind, String, Span)> = amendment
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Replace { item, span } => address(item).map(|(k, n)| (k, n.to_string(), *span)),
            Change::Repeal { target, span } | Change::Remove { target, span } => {
                Some((target.kind, target.name.clone(), *span))
            }
            _ => None,
        })
        .collect();
    let mut named: Vec<Span> = rewrites
        .iter()
        .filter(|(kind, name, _)| d.message.contains(&format!("{} `{name}`", kind_word(*kind))))
        .map(|(_, _, span)| *span)
        .collect();
    if let ([], [(_, _, only)]) = (named.as_slice(), rewrites.as_slice()) {
        named.push(*only);
    }
    if named.is_empty() {
        return d.with_label(amendment.name.span, "this amendment makes it arise");
    }
    named
        .into_iter()
        .fold(d, |d, span| d.with_label(span, "the amendment changes it here"))
}

/// Where an `insert ... after X` puts its item, when X is there.
fn anchor_place<'a>(entries: &[Entry<'a>], change: &Change) -> Option<Place<'a>> {
    match change {
        Change::Insert { after: Some(a), .. } => place_after(entries, a.kind, &a.name),
        _ => None,
    }
}

/// W0806: an amendment whose changes could not be checked against its treaty.
pub fn checked_alone(a: &Amendment, why: String) -> Diagnostic {
    Diagnostic::new(
        Code::W0806,
        a.amends.span,
        "only the wording of this amendment was checked, not its changes to the treaty",
    )
    .with_primary_label(why)
    .with_help(format!(
        "name the treaty too: `treatyc check TREATY.treaty AMENDMENT.treaty` (the treaty that begins `treaty {} ...`)",
        a.amends.name
    ))
}

/// Lints `amendment` against `base`.
pub fn lint<'a>(base: &'a Treaty, amendment: &'a Amendment, config: &check::Config) -> Lint<'a> {
    let mut diagnostics = Vec::new();
    if amendment.amends.name != base.name.name {
        diagnostics.push(
            Diagnostic::new(
                Code::E0803,
                amendment.amends.span,
                format!(
                    "this amendment amends `{}`, not `{}`",
                    amendment.amends.name, base.name.name
                ),
            )
            .with_primary_label("the treaty this amendment names")
            .with_label(base.name.span, "the treaty given")
            .with_help("lint the amendment against the treaty it names, or correct `amends`"),
        );
    }
    let before = check::check_treaty(base, config);
    let (views, _) = crate::model::views(base);
    let (Some(base_view), false) = (views.first(), before.iter().any(Diagnostic::is_error)) else {
        return Lint {
            base: before,
            diagnostics,
            procedure: Vec::new(),
            amended: None,
            treaty: base,
            models: None,
        };
    };
    let mut entries = base_view.entries.clone();
    let mut touched: BTreeMap<(ItemKind, String), Span> = BTreeMap::new();
    // The base text each replace or repeal rewrites, for changes nested in another.
    let mut rewritten: Vec<(Span, Span, ItemKind, String)> = Vec::new();
    let mut entrenched_touched = BTreeSet::new();
    // The stricter rules of entrenched articles the amendment touches.
    let mut stricter: Vec<(String, &RuleRef)> = Vec::new();
    for change in &amendment.changes {
        if let Change::Insert {
            after: Some(anchor), ..
        } = change
        {
            if locate(&entries, anchor.kind, &anchor.name).is_none() {
                let what = kind_word(anchor.kind);
                diagnostics.push(
                    Diagnostic::new(
                        Code::E0801,
                        anchor.span,
                        format!("there is no {what} `{}` to insert after", anchor.name),
                    )
                    .with_primary_label("this addresses nothing")
                    .with_help(format!(
                        "name {} that `{}` contains and this amendment does not repeal",
                        a_kind_word(anchor.kind),
                        base.name.name
                    )),
                );
            }
        }
        let (kind, name, span, item) = match change {
            Change::Insert { item, span, .. } | Change::Add { item, span } | Change::Replace { item, span } => {
                match address(item) {
                    Some((k, n)) => (k, n.to_string(), *span, Some(item.as_ref())),
                    None => {
                        if let Change::Insert { .. } | Change::Add { .. } = change {
                            match anchor_place(&entries, change) {
                                Some(place) => put(&mut entries, place, item),
                                None => push(&mut entries, item, None),
                            }
                        }
                        continue;
                    }
                }
            }
            Change::Repeal { target, span } | Change::Remove { target, span } => {
                (target.kind, target.name.clone(), *span, None)
            }
            Change::Text(_) => continue,
        };
        let what = kind_word(kind);
        if let Some(first) = touched.insert((kind, name.clone()), span) {
            diagnostics.push(
                Diagnostic::new(
                    Code::E0804,
                    span,
                    format!("{what} `{name}` is changed twice by this amendment"),
                )
                .with_primary_label("changed again here")
                .with_label(first, "first changed here")
                .with_help("make one change per provision; merge the two into one `replace`"),
            );
            continue;
        }
        let is_insert = matches!(change, Change::Insert { .. } | Change::Add { .. });
        if !is_insert {
            if let Some(target) = consolidate::find(&base.items, kind, &name) {
                let at = target.span();
                let clash = rewritten
                    .iter()
                    .find(|(other, ..)| other.start < at.end && at.start < other.end);
                if let Some((other, first, other_kind, other_name)) = clash {
                    let (inner, outer) = if other.start <= at.start && at.end <= other.end {
                        (
                            format!("{what} `{name}`"),
                            format!("{} `{other_name}`", kind_word(*other_kind)),
                        )
                    } else {
                        (
                            format!("{} `{other_name}`", kind_word(*other_kind)),
                            format!("{what} `{name}`"),
                        )
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            Code::E0804,
                            span,
                            format!("{inner} lies inside {outer}, which this amendment also changes"),
                        )
                        .with_primary_label("changed again here")
                        .with_label(*first, "first changed here")
                        .with_help("make one change per provision: write the change into the enclosing one"),
                    );
                    continue;
                }
                rewritten.push((at, span, kind, name.clone()));
            }
        }
        if let Some((article, e)) = entrenchment(&entries, kind, &name) {
            if entrenched_touched.insert(article.number.text.clone()) {
                if let Some(r) = &e.amendable_by {
                    stricter.push((article.number.text.clone(), r));
                }
                let d = match &e.amendable_by {
                    None => Diagnostic::new(
                        Code::E0802,
                        span,
                        format!("article {} is entrenched: it may not be amended", article.number.text),
                    )
                    .with_primary_label("this changes an entrenched provision")
                    .with_label(e.span, "entrenched here")
                    .with_help("leave the article unchanged; an entrenched provision cannot be amended"),
                    Some(r) => Diagnostic::new(
                        Code::W0805,
                        span,
                        format!(
                            "article {} is entrenched: amending it needs {}",
                            article.number.text,
                            rule_words(r)
                        ),
                    )
                    .with_primary_label("this changes an entrenched provision")
                    .with_label(e.span, "its stricter rule is written here")
                    .with_help(format!("table the amendment for adoption by {}", rule_words(r))),
                };
                diagnostics.push(d);
            }
        }
        let removed = remove(&mut entries, kind, &name);
        let existed = removed.is_some();
        if is_insert && existed {
            diagnostics.push(
                Diagnostic::new(
                    Code::E0801,
                    span,
                    format!("{what} `{name}` already exists in `{}`", base.name.name),
                )
                .with_primary_label("inserted again")
                .with_help(format!("use `replace {what} {name}` to change it")),
            );
        } else if !is_insert && !existed {
            let known: Vec<String> = base_view
                .entries
                .iter()
                .filter_map(|e| address(e.item))
                .filter(|(k, _)| *k == kind)
                .map(|(_, n)| n.to_string())
                .collect();
            let mut d = Diagnostic::new(
                Code::E0801,
                span,
                format!("there is no {what} `{name}` in `{}`", base.name.name),
            )
            .with_primary_label("this addresses nothing");
            d = match crate::suggest::closest(&name, known.iter().map(String::as_str)) {
                Some(s) if kind != ItemKind::Article => d.with_help(format!("did you mean `{s}`?")),
                _ if known.is_empty() => d.with_help(format!("`{}` has no {}", base.name.name, kinds_word(kind))),
                _ => d.with_help(format!(
                    "the {} are {}",
                    kinds_word(kind),
                    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                )),
            };
            diagnostics.push(d);
        }
        if let Some(item) = item {
            // A replacement stands where the old provision stood; an insertion
            // after the provision it names: in the same article, as consolidated.
            let place = if is_insert {
                anchor_place(&entries, change)
            } else {
                removed
            };
            match place {
                Some(place) => put(&mut entries, place, item),
                None => push(&mut entries, item, None),
            }
        }
    }

    // Problems the amendment introduces, in the amended treaty or in any of its
    // stages: in the result and not in the base.
    let known: BTreeSet<(Code, Span, String)> = before
        .iter()
        .map(|d| (d.code, d.primary.span, d.message.clone()))
        .collect();
    let amended_models = crate::model::models_over(base, entries);
    let after = check::check_models(&amended_models, config);
    let amended = amended_models.views.first().cloned();
    for d in after {
        if !known.contains(&(d.code, d.primary.span, d.message.clone())) {
            diagnostics.push(blame(d.with_note("the amendment introduces this"), amendment));
        }
    }

    let mut procedure = Vec::new();
    for item in &base.items {
        let mut stack = vec![item];
        while let Some(i) = stack.pop() {
            match i {
                Item::Article(a) => stack.extend(a.items.iter()),
                Item::Procedure(p) => {
                    if !p.proposed_by.is_empty() {
                        procedure.push(format!(
                            "proposed by {}",
                            p.proposed_by
                                .iter()
                                .map(|b| format!("`{}`", b.name))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ));
                    }
                    if let Some((body, rule)) = &p.adopted_by {
                        if stricter.is_empty() {
                            procedure.push(format!("adopted by `{}` by {}", body.name, rule_words(rule)));
                        } else {
                            // The entrenchment replaces the ordinary rule for this amendment.
                            let rules: Vec<String> = stricter
                                .iter()
                                .map(|(article, r)| format!("{} (entrenched article {article})", rule_words(r)))
                                .collect();
                            procedure.push(format!(
                                "adopted by `{}` by {}, not by the ordinary {}",
                                body.name,
                                rules.join(" and by "),
                                rule_words(rule)
                            ));
                        }
                    }
                    match &p.ratified_by {
                        Some(Ratifiers::All { .. }) => procedure.push("ratified by all members".to_string()),
                        Some(Ratifiers::Share { share }) => {
                            procedure.push(format!("ratified by {} of members", share.text))
                        }
                        None => {}
                    }
                }
                _ => {}
            }
        }
    }
    if procedure.is_empty() {
        procedure.push(format!("`{}` states no amendment procedure", base.name.name));
    }
    crate::diagnostics::sort(&mut diagnostics);
    Lint {
        base: before,
        diagnostics,
        procedure,
        amended,
        treaty: base,
        models: Some(amended_models),
    }
}
