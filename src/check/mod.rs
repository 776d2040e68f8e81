//! The checker: every analysis, run on the treaty and on each stage.
//!
//! A problem found in the treaty as written is reported once. A problem that
//! arises only once a stage's changes apply is reported with that stage named,
//! once, at the first stage where it appears.

mod acts;
mod competence;
mod deontic;
mod entry;
pub mod logic;
mod procedures;
mod sanctions;
mod seats;
mod stages;
mod time;
mod translate;
mod voting;

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::facts::{Expected, FactTable};
use crate::model::{self, Model};
use crate::source::Span;

pub use translate::render;

/// What the checker is told besides the treaty.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Member facts (`--facts`), for analyses that depend on real figures.
    pub facts: Option<FactTable>,
    /// Check only this stage's treaty (`--stage`); by default the treaty and every stage.
    pub stage: Option<String>,
}

/// Checks a treaty and all its stages.
pub fn check_treaty(treaty: &Treaty, config: &Config) -> Vec<Diagnostic> {
    check_models(&model::models(treaty), config)
}

/// Checks every stage's treaty in `models` (the first being the treaty as
/// written), after the problems of the ladder itself.
pub fn check_models(models: &model::Models<'_>, config: &Config) -> Vec<Diagnostic> {
    let mut out = models.ladder.clone();
    let chosen: Vec<usize> = match &config.stage {
        None => (0..models.models.len()).collect(),
        Some(wanted) => {
            let found: Vec<usize> = (0..models.models.len())
                .filter(|i| models.models.get(*i).and_then(Model::stage_name) == Some(wanted.as_str()))
                .collect();
            if found.is_empty() {
                out.push(no_such_stage(models, wanted));
                return out;
            }
            found
        }
    };
    let one_stage = config.stage.is_some();
    // Facts that do not fit the treaty are reported, and no analysis uses them.
    let mut counted: Option<FactTable> = None;
    if let (Some(table), Some(base)) = (config.facts.as_ref(), models.base()) {
        let parties: Vec<&str> = base.parties.keys().collect();
        let mut problems = table.validate(&expected_facts(base), &weights(base));
        problems.extend(table.check_parties(&parties));
        let usable = !problems.iter().any(Diagnostic::is_error);
        out.extend(problems);
        // Only the parties' rows count in totals, shares and vetoes.
        if usable {
            counted = Some(table.restricted_to(&parties));
        }
    }
    let facts = counted.as_ref();
    let mut seen: BTreeSet<(Code, Span, String)> = BTreeSet::new();
    let mut rule_uses: BTreeMap<&str, (Span, bool)> = BTreeMap::new();
    // Every analysis of every stage chosen is a job of its own, so that the long
    // ones (the conflicts of a large treaty) run beside the others; what they
    // find is taken in the order of the stages and of `ANALYSES`.
    let jobs: Vec<(usize, Analysis)> = chosen
        .iter()
        .flat_map(|i| ANALYSES.iter().map(move |(_, analysis)| (*i, *analysis)))
        .collect();
    let threads = crate::work::threads_for(models.treaty.span.end - models.treaty.span.start);
    let analysed = crate::work::map(threads, &jobs, |(i, analysis)| {
        models.models.get(*i).map(|m| analysis(m, facts)).unwrap_or_default()
    });
    // Room for all at once: a vector doubled as it fills held up to twice the
    // diagnostics of a treaty with thousands of warnings, at the peak of the check.
    out.reserve(analysed.iter().map(Vec::len).sum::<usize>());
    let mut analysed = analysed.into_iter();
    for i in chosen {
        // Each analysis's findings are moved, not copied, into `out`.
        let by_analyses: Vec<Vec<Diagnostic>> = analysed.by_ref().take(ANALYSES.len()).collect();
        let (Some(m), Some(built)) = (models.models.get(i), models.problems.get(i)) else {
            continue;
        };
        record_rule_uses(m, &mut rule_uses);
        for mut d in built.iter().cloned().chain(by_analyses.into_iter().flatten()) {
            if !seen.insert((d.code, d.primary.span, d.message.clone())) {
                continue;
            }
            if let Some(stage) = m.stage.filter(|_| !one_stage) {
                d.message = format!("{} (in stage `{}`)", d.message, stage.name.name);
                d = d.with_note(format!(
                    "this arises once stage `{}`{} applies; the treaty as written does not have it",
                    stage.name.name,
                    stage
                        .title
                        .as_ref()
                        .map(|t| format!(" ({})", t.value))
                        .unwrap_or_default()
                ));
            }
            out.push(d);
        }
    }
    if !one_stage {
        if let Some(base) = models.base() {
            out.extend(stages::check(base));
        }
    }
    for (name, (span, used)) in rule_uses {
        if !used {
            out.push(
                Diagnostic::new(Code::W0101, span, format!("voting rule `{name}` is never used"))
                    .with_primary_label("no power, sanction or procedure decides by it")
                    .with_help(format!("use it (`decides DECISION by {name}`), or remove it")),
            );
        }
    }
    out
}

/// E0108: a stage asked for by name that the treaty does not have.
pub fn no_such_stage(models: &model::Models<'_>, wanted: &str) -> Diagnostic {
    let names: Vec<String> = models.stage_names().map(|s| format!("`{s}`")).collect();
    Diagnostic::new(
        Code::E0108,
        models.treaty.name.span,
        format!("there is no stage `{wanted}`"),
    )
    .with_primary_label("this treaty has no such stage")
    .with_help(if names.is_empty() {
        "this treaty has no stages; leave out the stage to use the treaty as written".to_string()
    } else {
        format!("its stages are {}; `treatyc stages FILE` lists them", names.join(", "))
    })
}

/// Every analysis of one effective treaty (a stage's, or an amended treaty's).
pub fn analyse(m: &Model<'_>, facts: Option<&FactTable>) -> Vec<Diagnostic> {
    ANALYSES.iter().flat_map(|(_, analysis)| analysis(m, facts)).collect()
}

/// One analysis of an effective treaty, given the member facts when there are any.
pub type Analysis = fn(&Model<'_>, Option<&FactTable>) -> Vec<Diagnostic>;

/// The analyses `analyse` runs, in its order, each by name: the benches time
/// them one by one (`cargo bench --bench scale`).
pub const ANALYSES: [(&str, Analysis); 10] = [
    ("acts", |m, _| acts::check(m)),
    ("deontic", |m, _| deontic::check(m)),
    ("competence", |m, _| competence::check(m)),
    ("procedures", |m, _| procedures::check(m)),
    ("seats", seats::check),
    ("voting", voting::check),
    ("sanctions", |m, _| sanctions::check(m)),
    ("time", |m, _| time::check(m)),
    ("entry", |m, _| entry::check(m)),
    ("graph", |m, _| crate::graph::check(m, &crate::graph::build(m))),
];

/// What each declared member fact must hold in a facts file.
fn expected_facts(m: &Model<'_>) -> BTreeMap<String, Expected> {
    let mut out = BTreeMap::new();
    if let Some(schema) = m.member_facts() {
        for (name, a) in &schema.attributes {
            let AttributeKind::Declared(t) = &a.kind else { continue };
            let expected = match t {
                FactType::Bool => Expected::Bool,
                FactType::Enumeration { variants } => {
                    Expected::OneOf(variants.iter().map(|v| v.name.clone()).collect())
                }
                FactType::Score { min, max } if min.fault || max.fault => Expected::number(None),
                FactType::Score { min, max } => Expected::Number {
                    min: Some(min.value),
                    max: Some(max.value),
                    whole: false,
                },
                FactType::Percent | FactType::Money => Expected::number(Some(Rational::ZERO)),
                FactType::Count => Expected::whole(Some(Rational::ZERO)),
                FactType::Ratio => Expected::number(None),
                FactType::Year => Expected::whole(None),
            };
            out.insert(name.to_string(), expected);
        }
    }
    out
}

/// The member facts voting rules weigh votes by, and those seat tables are held
/// to (`seats degressively proportional to population`).
fn weights<'a>(m: &Model<'a>) -> Vec<&'a str> {
    let mut out: Vec<&str> = m
        .rules
        .values()
        .flat_map(|r| r.node.clauses.iter())
        .filter_map(|c| match c {
            RuleClause::Threshold {
                measure: Measure::Weight(w),
                ..
            } => Some(w.name.as_str()),
            _ => None,
        })
        .chain(
            m.bodies
                .values()
                .flat_map(|b| b.node.seat_conditions.iter().map(|c| c.fact.name.as_str())),
        )
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Marks each rule as used when any stage's treaty decides by it.
fn record_rule_uses<'a>(m: &Model<'a>, uses: &mut BTreeMap<&'a str, (Span, bool)>) {
    let mut refs: Vec<&RuleRef> = Vec::new();
    for b in m.bodies.values() {
        refs.extend(b.node.powers.iter().map(|p| &p.rule));
        refs.extend(
            b.node
                .powers
                .iter()
                .filter_map(|p| p.options.otherwise.as_ref().map(|(r, _)| r)),
        );
        refs.extend(
            b.node
                .powers
                .iter()
                .filter_map(|p| p.options.classified_by.as_ref().map(|(r, _)| r)),
        );
        refs.extend(b.node.other_questions.as_ref().map(|o| &o.rule));
    }
    refs.extend(m.sanctions.iter().map(|s| &s.node.rule));
    refs.extend(
        m.sanctions
            .iter()
            .filter_map(|s| s.node.options.otherwise.as_ref().map(|(r, _)| r)),
    );
    for procedure in m.decision_procedures.values() {
        for step in &procedure.node.steps {
            match &step.kind {
                StepKind::Decision { rule, .. } | StepKind::Consent { rule: Some(rule), .. } => refs.push(rule),
                _ => {}
            }
        }
    }
    refs.extend(
        m.procedures
            .iter()
            .filter_map(|p| p.node.adopted_by.as_ref().map(|(_, r)| r)),
    );
    for a in m.articles.values() {
        if let Some(Entrenchment {
            amendable_by: Some(r), ..
        }) = &a.entrenchment
        {
            refs.push(r);
        }
    }
    let mut used: BTreeSet<&str> = refs
        .into_iter()
        .filter_map(|r| match r {
            RuleRef::Named(id) => Some(id.name.as_str()),
            RuleRef::Builtin { .. } => None,
        })
        .collect();
    // A transitional rule (`before then R`) is used where the rule it precedes is;
    // chains are followed, each rule once.
    let mut frontier: Vec<&str> = used.iter().copied().collect();
    // So is a fallback (`failing which R`).
    while let Some(name) = frontier.pop() {
        let Some(rule) = m.rules.named(name) else {
            continue;
        };
        let next = [rule.node.before.as_ref(), rule.node.fallback.as_ref().map(|f| &f.rule)];
        for r in next.into_iter().flatten() {
            if let RuleRef::Named(id) = r {
                if used.insert(id.name.as_str()) {
                    frontier.push(id.name.as_str());
                }
            }
        }
    }
    // A reference that differs only in case (`qmv` for `QMV`) is E0103 with the
    // suggestion; the rule is not also reported as never used.
    let used_any_case: BTreeSet<String> = used.iter().map(|u| u.to_lowercase()).collect();
    for (name, rule) in &m.rules {
        let entry = uses.entry(name).or_insert((rule.node.name.span, false));
        entry.1 |= used.contains(name) || used_any_case.contains(&name.to_lowercase());
    }
}
