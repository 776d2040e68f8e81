//! Sanctions that cannot work, and obligations that no sanction enforces.

use std::collections::BTreeSet;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

use super::competence::builtin_name;

pub fn check(model: &Model<'_>) -> Vec<Diagnostic> {
    // Articles that hold an obligation, and rules a suspension can paralyse, gathered once.
    let obliging: BTreeSet<&str> = model
        .provisions
        .iter()
        .filter(|p| is_obligation(p.node))
        .filter_map(|p| p.article.map(|a| a.number.text.as_str()))
        .collect();
    let paralysable = paralysable(model);
    let mut out = Vec::new();
    for s in &model.sanctions {
        let s = s.node;
        if s.options.excluding_concerned.is_none() {
            if let Some((why, span)) = self_blocking(model, &s.rule) {
                let mut d = Diagnostic::new(
                    Code::E0501,
                    s.rule_span(),
                    "the member concerned can block its own sanction",
                )
                .with_primary_label(why);
                // A built-in rule has no definition of its own to point at.
                if span != s.rule_span() {
                    d = d.with_label(span, "the rule is defined here");
                }
                out.push(d.with_help("add `excluding concerned`, so that the member concerned does not vote"));
            }
        }
        for t in &s.triggers {
            out.extend(empty_trigger(model, &obliging, t));
        }
        if s.measure.value.starts_with("suspend") {
            out.extend(paralysable.iter().map(|p| p.diagnostic(s)));
        }
    }
    out.extend(unenforced(model));
    out
}

impl Sanction {
    fn rule_span(&self) -> crate::source::Span {
        match &self.rule {
            RuleRef::Named(id) => id.span,
            RuleRef::Builtin { span, .. } => *span,
        }
    }
}

/// Why a rule lets any single voter block, if it does.
fn self_blocking(model: &Model<'_>, rule: &RuleRef) -> Option<(String, crate::source::Span)> {
    match rule {
        RuleRef::Builtin {
            builtin: b @ (BuiltinRule::Unanimity | BuiltinRule::Consensus),
            span,
        } => Some((format!("under {} every member can block", builtin_name(*b)), *span)),
        RuleRef::Builtin { .. } => None,
        RuleRef::Named(id) => {
            let r = model.rule_of(rule)?.node;
            r.clauses.iter().find_map(|c| match c {
                RuleClause::Builtin {
                    builtin: b @ (BuiltinRule::Unanimity | BuiltinRule::Consensus),
                    ..
                } => Some((
                    format!("`{}` requires {}: every member can block", id.name, builtin_name(*b)),
                    r.name.span,
                )),
                RuleClause::Veto { .. } => Some((
                    format!("`{}` gives vetoes: a member holding one can block", id.name),
                    r.name.span,
                )),
                _ => None,
            })
        }
    }
}

fn is_obligation(p: &Provision) -> bool {
    matches!(p.modality, Modality::Must | Modality::MustNot | Modality::MayNot)
}

/// `breach of article 9` where article 9 holds no obligation, or of a permission.
fn empty_trigger(model: &Model<'_>, obliging: &BTreeSet<&str>, t: &Trigger) -> Option<Diagnostic> {
    match t {
        Trigger::BreachOfArticle { article, span } => {
            let a = model.article_of(article)?;
            (!obliging.contains(article.text.as_str())).then(|| {
                Diagnostic::new(Code::E0504, *span, format!("article {} holds no obligation to breach", article.text))
                    .with_primary_label("this sanction can never be triggered")
                    .with_label(a.number.span, format!("article {} states no `must` or `must not`", article.text))
                    .with_help("point the sanction at the article that holds the obligation, or write the obligation into this article")
            })
        }
        Trigger::BreachOfProvision { provision, span } => {
            let p = model.provision_of(provision)?;
            (!is_obligation(p.node)).then(|| {
                Diagnostic::new(
                    Code::E0504,
                    *span,
                    format!("`{}` is a permission, not an obligation", provision.name),
                )
                .with_primary_label("a permission cannot be breached")
                .with_label(p.node.span, "it permits, it does not require")
                .with_help("point the sanction at an obligation (`must`) or a prohibition (`must not`)")
            })
        }
        _ => None,
    }
}

/// A rule of a body of one seat per member whose fixed count of votes, or of
/// members present, a minority of the members can push out of reach by being
/// suspended: the body can then not decide at all.
struct Paralysable<'a> {
    body: &'a Body,
    decision: &'a Ident,
    rule: &'a Ident,
    amount: &'a Number,
    needed: i128,
    seats: i128,
    /// How many suspended members leave fewer than `needed` able to vote.
    suspended: i128,
    quorum: bool,
}

impl Paralysable<'_> {
    fn diagnostic(&self, s: &Sanction) -> Diagnostic {
        Diagnostic::new(
            Code::W0502,
            s.measure.span,
            format!(
                "a suspension can leave `{}` unable to decide `{}`",
                self.body.name.name, self.decision.name
            ),
        )
        .with_primary_label(match self.suspended {
            1 => format!("suspending one member leaves {} able to vote", self.seats - 1),
            k => format!("suspending {k} members leaves {} able to vote", self.seats - k),
        })
        .with_label(
            self.amount.span,
            format!(
                "`{}` needs {} {} of the {} members",
                self.rule.name,
                self.needed,
                if self.quorum { "present" } else { "in favour" },
                self.seats
            ),
        )
        .with_help(if self.quorum {
            "state the quorum as a share of the members entitled to vote (`quorum >= 2/3 of participants`)"
        } else {
            "state the threshold as a share of the members entitled to vote (`members >= 55% of participants`)"
        })
    }
}

fn paralysable<'a>(model: &Model<'a>) -> Vec<Paralysable<'a>> {
    let mut out = Vec::new();
    for body in model.bodies.values() {
        let b = body.node;
        if !b
            .seats
            .first()
            .is_some_and(|seats| matches!(seats.count, SeatCount::OnePerMember))
        {
            continue;
        }
        let Some(seats) = model.seats(b) else { continue };
        for p in &b.powers {
            let (RuleRef::Named(id), Some(rule)) = (&p.rule, model.rule_of(&p.rule)) else {
                continue;
            };
            for clause in &rule.node.clauses {
                let (RuleClause::Threshold {
                    measure: Measure::Members,
                    comparison,
                    amount,
                    ..
                }
                | RuleClause::Quorum { comparison, amount, .. }) = clause
                else {
                    continue;
                };
                if amount.fault
                    || amount.kind != NumberKind::Plain
                    || !matches!(comparison, Comparison::Ge | Comparison::Gt)
                {
                    continue;
                }
                let needed = amount.as_integer().unwrap_or(0) + i128::from(*comparison == Comparison::Gt);
                // A count above the membership is E0401/E0402. Suspending a
                // majority is not a risk a sanction by vote runs: a minority is.
                let suspended = seats - needed + 1;
                if needed <= seats && suspended >= 1 && 2 * suspended < seats {
                    out.push(Paralysable {
                        body: b,
                        decision: &p.decision,
                        rule: id,
                        amount,
                        needed,
                        seats,
                        suspended,
                        quorum: matches!(clause, RuleClause::Quorum { .. }),
                    });
                }
            }
        }
    }
    out
}

/// Member obligations with no sanction attached to their article or label.
fn unenforced(model: &Model<'_>) -> Vec<Diagnostic> {
    // What some sanction covers, gathered once: articles and labels.
    let mut articles: BTreeSet<&str> = BTreeSet::new();
    let mut labels: BTreeSet<&str> = BTreeSet::new();
    for s in &model.sanctions {
        for t in &s.node.triggers {
            match t {
                Trigger::BreachOfArticle { article, .. } => {
                    articles.insert(article.text.as_str());
                }
                Trigger::BreachOfProvision { provision, .. } => {
                    labels.insert(provision.name.as_str());
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for p in &model.provisions {
        let node = p.node;
        if !matches!(node.subject, Subject::EveryMember { .. }) || !is_obligation(node) {
            continue;
        }
        let covered = p.article.is_some_and(|a| articles.contains(a.number.text.as_str()))
            || node.label.as_ref().is_some_and(|l| labels.contains(l.name.as_str()));
        if !covered {
            let at = match p.article {
                Some(a) => format!("breach of article {}", a.number.text),
                None => node
                    .label
                    .as_ref()
                    .map_or("breach of LABEL".to_string(), |l| format!("breach of {}", l.name)),
            };
            out.push(
                Diagnostic::new(Code::W0503, node.span, "no sanction enforces this obligation")
                    .with_primary_label("a member may breach this without consequence under the treaty")
                    .with_help(format!(
                        "attach a sanction: `sanction NAME on {at}: BODY may MEASURE by RULE excluding concerned`"
                    )),
            );
        }
    }
    out
}
