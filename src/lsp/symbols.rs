//! The outline of a document (articles, bodies and their powers, rules,
//! obligations, stages, nested as written) and the workspace's symbols.

use lsp_types::{DocumentSymbol, SymbolKind as Kind};

use crate::ast::*;
use crate::source::Span;

use super::position::{Encoding, LineIndex};

struct Outliner<'t> {
    text: &'t str,
    lines: &'t LineIndex,
    encoding: Encoding,
}

/// The outline of a parsed document.
pub fn outline(doc: &Document, text: &str, lines: &LineIndex, encoding: Encoding) -> Vec<DocumentSymbol> {
    let o = Outliner { text, lines, encoding };
    match doc {
        Document::Treaty(t) => vec![o.symbol(
            format!("treaty {}", t.name.name),
            t.title.as_ref().map(|x| x.value.clone()),
            Kind::NAMESPACE,
            t.span,
            t.name.span,
            o.items(&t.items),
        )],
        Document::Amendment(a) => vec![o.symbol(
            format!("amendment {}", a.name.name),
            Some(format!("amends {}", a.amends.name)),
            Kind::NAMESPACE,
            a.span,
            a.name.span,
            o.changes(&a.changes),
        )],
    }
}

impl Outliner<'_> {
    #[allow(deprecated, reason = "`deprecated` is a field the protocol type still requires")]
    fn symbol(
        &self,
        name: String,
        detail: Option<String>,
        kind: Kind,
        span: Span,
        selection: Span,
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        // The editor requires the name's range inside the item's.
        let selection = if selection.start >= span.start && selection.end <= span.end {
            selection
        } else {
            span
        };
        DocumentSymbol {
            name: if name.trim().is_empty() {
                "(unnamed)".to_string()
            } else {
                name
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: self.lines.range(self.text, span.start, span.end, self.encoding),
            selection_range: self
                .lines
                .range(self.text, selection.start, selection.end, self.encoding),
            children: (!children.is_empty()).then_some(children),
        }
    }

    fn items(&self, items: &[Item]) -> Vec<DocumentSymbol> {
        items.iter().filter_map(|i| self.item(i)).collect()
    }

    fn written(&self, span: Span, most: usize) -> String {
        let words: Vec<&str> = self
            .text
            .get(span.start..span.end)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let mut s = words.join(" ");
        if s.chars().count() > most {
            s = s.chars().take(most).collect::<String>() + "...";
        }
        s
    }

    fn item(&self, item: &Item) -> Option<DocumentSymbol> {
        let title = |t: &Option<Text>| t.as_ref().map(|x| x.value.clone());
        Some(match item {
            Item::Facts(f) => {
                let children = f
                    .attributes
                    .iter()
                    .map(|a| self.symbol(a.name.name.clone(), None, Kind::FIELD, a.span, a.name.span, Vec::new()))
                    .collect();
                self.symbol(
                    format!("facts {}", f.entity.name),
                    None,
                    Kind::STRUCT,
                    f.span,
                    f.entity.span,
                    children,
                )
            }
            Item::Parties(p) | Item::OtherStates(p) => {
                let word = if matches!(item, Item::Parties(_)) {
                    "parties"
                } else {
                    "other states"
                };
                let children = p
                    .parties
                    .iter()
                    .map(|x| {
                        let span = x.name.as_ref().map_or(x.id.span, |n| x.id.span.to(n.span));
                        self.symbol(
                            x.id.name.clone(),
                            title(&x.name),
                            Kind::ENUM_MEMBER,
                            span,
                            x.id.span,
                            Vec::new(),
                        )
                    })
                    .collect();
                self.symbol(word.to_string(), None, Kind::ENUM, p.span, p.span, children)
            }
            Item::Body(b) => {
                let children = b
                    .powers
                    .iter()
                    .map(|p| {
                        self.symbol(
                            format!("decides {}", p.decision.name),
                            Some(self.written(p.span, 80)),
                            Kind::METHOD,
                            p.span,
                            p.decision.span,
                            Vec::new(),
                        )
                    })
                    .collect();
                self.symbol(
                    b.name.name.clone(),
                    title(&b.title),
                    Kind::CLASS,
                    b.span,
                    b.name.span,
                    children,
                )
            }
            Item::Rule(r) => self.symbol(
                format!("rule {}", r.name.name),
                title(&r.title),
                Kind::FUNCTION,
                r.span,
                r.name.span,
                Vec::new(),
            ),
            Item::Article(a) => self.symbol(
                format!("article {}", a.number.text),
                title(&a.title),
                Kind::MODULE,
                a.span,
                a.number.span,
                self.items(&a.items),
            ),
            Item::Stage(s) => self.symbol(
                format!("stage {}", s.name.name),
                title(&s.title),
                Kind::EVENT,
                s.span,
                s.name.span,
                self.changes(&s.changes),
            ),
            Item::Amendment(a) => self.symbol(
                format!("amendment {}", a.name.name),
                title(&a.title),
                Kind::EVENT,
                a.span,
                a.name.span,
                Vec::new(),
            ),
            Item::DecisionProcedure(p) => self.symbol(
                format!("procedure {}", p.name.name),
                title(&p.title),
                Kind::FUNCTION,
                p.span,
                p.name.span,
                Vec::new(),
            ),
            Item::Procedure(p) => self.symbol(
                "amendment procedure".to_string(),
                None,
                Kind::FUNCTION,
                p.span,
                p.span,
                Vec::new(),
            ),
            Item::Sanction(s) => self.symbol(
                s.name
                    .as_ref()
                    .map_or("sanction".to_string(), |n| format!("sanction {}", n.name)),
                Some(self.written(s.span, 80)),
                Kind::KEY,
                s.span,
                s.name.as_ref().map_or(s.span, |n| n.span),
                Vec::new(),
            ),
            Item::Fund(f) => self.symbol(
                format!("fund {}", f.name.name),
                title(&f.title),
                Kind::OBJECT,
                f.span,
                f.name.span,
                Vec::new(),
            ),
            Item::Criterion(c) => self.symbol(
                format!("criterion {}", c.name.name),
                title(&c.title),
                Kind::BOOLEAN,
                c.span,
                c.name.span,
                Vec::new(),
            ),
            Item::Provision(p) => {
                let written = self.written(p.span, 80);
                let (name, detail) = match &p.label {
                    Some(l) => (l.name.clone(), Some(written)),
                    None => (written, None),
                };
                let selection = p.label.as_ref().map_or(p.span, |l| l.span);
                self.symbol(name, detail, Kind::PROPERTY, p.span, selection, Vec::new())
            }
            Item::Scenario(s) => self.symbol(
                format!("scenario {}", s.name.name),
                title(&s.title),
                Kind::OBJECT,
                s.span,
                s.name.span,
                Vec::new(),
            ),
            Item::EntryIntoForce(_) | Item::EntryCondition(_) | Item::Membership(_) | Item::Text(_) => return None,
        })
    }

    fn changes(&self, changes: &[Change]) -> Vec<DocumentSymbol> {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::Add { item, span } | Change::Insert { item, span, .. } | Change::Replace { item, span } => {
                    let word = match c {
                        Change::Add { .. } => "add",
                        Change::Insert { .. } => "insert",
                        _ => "replace",
                    };
                    let inner = self.item(item)?;
                    let selection = item.span();
                    Some(self.symbol(
                        format!("{word} {}", inner.name),
                        inner.detail.clone(),
                        inner.kind,
                        *span,
                        selection,
                        inner.children.unwrap_or_default(),
                    ))
                }
                Change::Remove { target, span } | Change::Repeal { target, span } => Some(self.symbol(
                    self.written(*span, 80),
                    None,
                    Kind::NULL,
                    *span,
                    target.span,
                    Vec::new(),
                )),
                Change::Text(_) => None,
            })
            .collect()
    }
}
