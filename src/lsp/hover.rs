//! What the editor shows over a name: a body's seats and powers with each rule it
//! decides by in plain words (`words::sentence`, the words `treatyc doc` prints,
//! from the rule's meaning in the IR), a rule's criteria, an article's legal
//! text, a fact's type and where its value comes from, a stage's entry
//! condition; over a diagnostic, its code's page.

use crate::ast::*;
use crate::model::Model;
use crate::source::{SourceMap, Span};

/// The hover text of every definition the models hold, and of each stage, by
/// the span of its name.
pub fn definitions<'a>(
    sources: &SourceMap,
    models: &[Model<'_>],
    stages: impl Iterator<Item = &'a Stage>,
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for m in models {
        let stage = m
            .stage_name()
            .map(|s| format!("\n\n*as it stands in stage `{s}`*"))
            .unwrap_or_default();
        for b in m.bodies.values() {
            out.push((b.node.name.span, body(sources, m, b.node, b.article) + &stage));
            for p in &b.node.powers {
                let text = format!(
                    "**decision `{}.{}`**\n\n{}",
                    b.node.name.name,
                    p.decision.name,
                    power(sources, m, p)
                );
                out.push((p.decision.span, text));
            }
        }
        for r in m.rules.values() {
            let mut text = format!("**voting rule `{}`**", r.node.name.name);
            push_title(&mut text, r.node.title.as_ref(), r.article);
            text.push_str(&format!("\n\n{}", crate::words::sentence(&crate::ir::rule(r.node))));
            out.push((r.node.name.span, text));
        }
        for a in m.articles.values() {
            out.push((a.number.span, article(a)));
        }
        for (entity, schema) in &m.facts {
            for a in schema.attributes.values() {
                out.push((a.name.span, fact(sources, entity, a)));
            }
        }
        for c in m.criteria.values() {
            let mut text = format!("**membership criterion `{}`**", c.node.name.name);
            push_title(&mut text, c.node.title.as_ref(), c.article);
            text.push_str(&format!("\n\n`{}`", written(sources, c.node.test.span)));
            out.push((c.node.name.span, text));
        }
        for p in m.parties.values() {
            let name = p.name.as_ref().map(|n| format!(": {}", n.value)).unwrap_or_default();
            out.push((p.id.span, format!("**party `{}`**{name}", p.id.name)));
        }
    }
    for s in stages {
        out.push((s.name.span, stage(sources, s)));
    }
    out.sort_by_key(|(span, _)| *span);
    out.dedup_by_key(|(span, _)| *span);
    out
}

fn push_title(text: &mut String, title: Option<&Text>, article: Option<&Article>) {
    if let Some(t) = title {
        text.push_str(&format!(": {}", t.value));
    }
    if let Some(a) = article {
        text.push_str(&format!(" (article {})", a.number.text));
    }
}

/// Source text as written, on one line.
fn written(sources: &SourceMap, span: Span) -> String {
    let text = sources.text(span.file).get(span.start..span.end).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn body(sources: &SourceMap, m: &Model<'_>, b: &Body, article: Option<&Article>) -> String {
    let kind = match b.kind {
        BodyKind::Office => "office",
        BodyKind::External => "external body",
        _ => "body",
    };
    let mut text = format!("**{kind} `{}`**", b.name.name);
    push_title(&mut text, b.title.as_ref(), article);
    for s in &b.seats {
        text.push_str(&format!("\n\n{}", written(sources, s.span)));
        if let Some(n) = m.seats(b) {
            text.push_str(&format!(" ({n} seats)"));
        }
    }
    // The members' elected seats and their term; how the seats are shared among
    // the members, and what they must meet.
    for span in b
        .elected_seats
        .iter()
        .map(|e| e.span)
        .chain(b.seat_rule.iter().map(|r| r.span))
        .chain(b.seat_conditions.iter().map(|c| c.span))
    {
        text.push_str(&format!("\n\n{}", written(sources, span)));
    }
    if !b.powers.is_empty() {
        text.push_str("\n\nPowers:");
        for p in &b.powers {
            text.push_str(&format!("\n- {}", power(sources, m, p)));
        }
    }
    if !b.relations.is_empty() {
        let relations: Vec<String> = b.relations.iter().map(|r| written(sources, r.span)).collect();
        text.push_str(&format!("\n\nAlso: {}", relations.join("; ")));
    }
    text
}

/// A power as written, with the rule it is decided by in plain words.
fn power(sources: &SourceMap, m: &Model<'_>, p: &Power) -> String {
    let rule = match &p.rule {
        RuleRef::Named(_) => m.rule_of(&p.rule).map(|r| crate::ir::rule(r.node)),
        RuleRef::Builtin { builtin, .. } => Some(crate::ir::builtin_rule(*builtin)),
    };
    let words = rule
        .map(|r| crate::words::sentence(&r))
        .unwrap_or_else(|| "a rule this treaty does not declare".to_string());
    format!("`{}`: {words}", written(sources, p.span))
}

fn article(a: &Article) -> String {
    let mut text = format!("**article {}**", a.number.text);
    if let Some(t) = &a.title {
        text.push_str(&format!(" {}", t.value));
    }
    if let Some(e) = &a.entrenchment {
        text.push_str(&match &e.amendable_by {
            None => " (entrenched: it may not be amended)".to_string(),
            Some(r) => format!(" (entrenched: amendable by {})", crate::model::stages::rule_words(r)),
        });
    }
    for item in &a.items {
        if let Item::Text(t) = item {
            text.push_str(&format!("\n\n> {}", t.value));
        }
    }
    text
}

fn fact(sources: &SourceMap, entity: &str, a: &Attribute) -> String {
    let mut text = format!("**fact `{entity}.{}`**", a.name.name);
    let source = match (&a.kind, &a.set_by) {
        (AttributeKind::Derived(e), _) => {
            text.push_str(&format!(": derived, `{}`", written(sources, e.span)));
            "computed from the other facts".to_string()
        }
        (AttributeKind::Declared(t), set_by) => {
            text.push_str(&format!(": {}", fact_type(t)));
            match set_by {
                Some(s) => format!("set by the decision `{}.{}`", s.body.name, s.decision.name),
                None if entity == "member" => {
                    "each member's figure, from a facts file (`--facts`, or `facts \"FILE\"` in a scenario)"
                        .to_string()
                }
                None => format!(
                    "given for the question asked (`--{entity} {}=...` or `--fact {entity}.{}=...`, or `given` in a scenario)",
                    a.name.name, a.name.name
                ),
            }
        }
    };
    text.push_str(&format!("\n\nSource: {source}"));
    text
}

fn fact_type(t: &FactType) -> String {
    match t {
        FactType::Count => "a count".to_string(),
        FactType::Money => "money".to_string(),
        FactType::Ratio => "a ratio".to_string(),
        FactType::Percent => "a percentage".to_string(),
        FactType::Bool => "true or false".to_string(),
        FactType::Year => "a year".to_string(),
        FactType::Score { min, max } => format!("a score from {} to {}", min.value.decimal(), max.value.decimal()),
        FactType::Enumeration { variants } => {
            let names: Vec<String> = variants.iter().map(|v| format!("`{}`", v.name)).collect();
            format!("one of {}", names.join(", "))
        }
    }
}

fn stage(sources: &SourceMap, s: &Stage) -> String {
    let mut text = format!("**stage `{}`**", s.name.name);
    if let Some(t) = &s.title {
        text.push_str(&format!(": {}", t.value));
    }
    if let Some(after) = &s.after {
        text.push_str(&format!(", after `{}`", after.name));
    }
    match &s.entry {
        Some(e) => text.push_str(&format!("\n\nEnters when `{}`", written(sources, e.span))),
        None => text.push_str("\n\nNo entry condition: it applies from the start"),
    }
    text
}
