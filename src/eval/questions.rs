//! Eligibility, compliance and stage transitions: expressions over facts.
//!
//! A fact that is not given makes a condition unknown, and an unknown condition is
//! reported as such, never guessed: a breach is only claimed when the facts show it.

use crate::diagnostics::{Code, Problem};
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{BinaryOp, Expr, Modality, Precedence, Program, Rational, Trigger};

/// Facts as written: member id -> attribute -> text (`83386901`, `true`, `free`).
pub type Records = BTreeMap<String, BTreeMap<String, String>>;

/// Everything an expression may refer to besides a member's own facts.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub members: Records,
    /// `world.population` and the like: entity -> attribute -> text.
    pub entities: BTreeMap<String, BTreeMap<String, String>>,
    /// Bodies that have authorised the act in question.
    pub authorised: BTreeSet<String>,
    /// Members that have ratified.
    pub ratified: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Number(Rational),
    Bool(bool),
    Symbol(String),
    /// A fact not given.
    Unknown(String),
}

/// What evaluating a condition found, with the facts it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `true`, `false`, or `null` when a fact is missing.
    pub holds: Option<bool>,
    pub used: BTreeMap<String, String>,
    pub missing: Vec<String>,
    /// Why the value could not be computed from facts that are there: a
    /// division by zero (`gdp` is 0), an overflow.
    pub problems: Vec<String>,
}

struct Evaluator<'a> {
    program: &'a Program,
    context: &'a Context,
    member: Option<&'a BTreeMap<String, String>>,
    used: BTreeMap<String, String>,
    missing: BTreeSet<String>,
    problems: BTreeSet<String>,
    depth: usize,
}

/// The members of the organisation: its parties when the treaty lists them (a
/// facts file may also hold candidates), else every row of the facts.
fn members_of<'a>(program: &'a Program, context: &'a Context) -> Vec<&'a str> {
    if program.members.is_empty() {
        context.members.keys().map(String::as_str).collect()
    } else {
        program.members.iter().map(|m| m.id.as_str()).collect()
    }
}

fn parse(text: &str) -> Value {
    let t = text.trim();
    match t {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match crate::ast::number::parse_decimal(t) {
            Some(r) => Value::Number(r),
            None => Value::Symbol(t.to_string()),
        },
    }
}

/// An arithmetic operator applied exactly; `None` on overflow or division by zero.
fn arith(a: Rational, b: Rational, op: BinaryOp) -> Option<Rational> {
    match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul | BinaryOp::Of => a.checked_mul(b),
        BinaryOp::Div => a.checked_div(b),
        _ => None,
    }
}

impl<'a> Evaluator<'a> {
    fn fact(&mut self, path: &str) -> Value {
        let (entity, name) = match path.split_once('.') {
            Some(("member", n)) => ("member", n),
            Some((e, n)) => (e, n),
            None => ("member", path),
        };
        // A derived member fact is its definition.
        if entity == "member" {
            if let Some(def) = self
                .program
                .facts
                .iter()
                .find(|f| f.entity == "member" && f.name == name)
                .and_then(|f| f.definition.as_ref())
            {
                if self.depth < 16 {
                    self.depth += 1;
                    let v = self.value(def);
                    self.depth -= 1;
                    return v;
                }
            }
        }
        let declaration = self.program.facts.iter().find(|f| f.entity == entity && f.name == name);
        let declared = declaration.is_some();
        // A percent fact is written in percentage points (`60` is 60%), as a share
        // literal is (`60%`): read as a share, it compares with `50%` as meant.
        let percent = declaration.is_some_and(|f| f.kind == crate::ir::FactKind::Percent);
        let text = if entity == "member" {
            self.member.and_then(|m| m.get(name))
        } else {
            self.context.entities.get(entity).and_then(|m| m.get(name))
        };
        match text {
            Some(t) if !t.trim().is_empty() => {
                self.used.insert(
                    path.to_string(),
                    format!("{}{}", t.trim(), if percent { "%" } else { "" }),
                );
                match parse(t) {
                    Value::Number(n) if percent => n
                        .checked_div(Rational::integer(100))
                        .map_or_else(|| Value::Unknown(path.to_string()), Value::Number),
                    v => v,
                }
            }
            _ if declared => {
                self.missing.insert(path.to_string());
                Value::Unknown(path.to_string())
            }
            // Not a fact: the value of an enumeration it is compared with.
            _ => Value::Symbol(name.to_string()),
        }
    }

    fn member_ids(&self) -> Vec<&'a str> {
        members_of(self.program, self.context)
    }

    /// How many members meet `condition`: unknown when it cannot be decided for
    /// some member (a fact missing), never a count that leaves them out.
    fn members_with(&mut self, test: &Expr) -> Value {
        let mut count: i128 = 0;
        let mut unknown = false;
        for id in self.member_ids() {
            let Some(facts) = self.context.members.get(id) else {
                self.missing.insert(format!("the facts of {id}"));
                unknown = true;
                continue;
            };
            let found = condition(self.program, self.context, Some(facts), test);
            match found.holds {
                Some(true) => count += 1,
                Some(false) => {}
                None => {
                    self.missing
                        .extend(found.missing.into_iter().map(|m| format!("{m} of {id}")));
                    self.problems.extend(found.problems);
                    unknown = true;
                }
            }
        }
        let name = format!("number of members with ({test})");
        if unknown {
            return Value::Unknown(name);
        }
        self.used.insert(name, count.to_string());
        Value::Number(Rational::integer(count))
    }

    fn value(&mut self, e: &Expr) -> Value {
        match e {
            Expr::Number { value, .. } => Value::Number(*value),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Fact(path) => self.fact(path),
            Expr::Variant(v) => Value::Symbol(v.clone()),
            Expr::Not(inner) => match self.value(inner) {
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            },
            Expr::Neg(inner) => match self.value(inner) {
                Value::Number(r) => match Rational::ZERO.checked_sub(r) {
                    Some(negated) => Value::Number(negated),
                    None => {
                        self.problems.insert("a negation overflows".to_string());
                        Value::Unknown("-".to_string())
                    }
                },
                other => other,
            },
            Expr::AuthorisedBy(body) => Value::Bool(self.context.authorised.contains(body)),
            Expr::RatifiedBy(share) => {
                let members = self.member_ids();
                let n = members.len();
                let r = members.iter().filter(|m| self.context.ratified.contains(**m)).count();
                self.used.insert("ratifications".to_string(), format!("{r} of {n}"));
                // Counts of members are far below 2^63: the share is exact.
                let reached = Rational::share(r as i128, n as i128).is_some_and(|s| s.ge(*share));
                Value::Bool(reached)
            }
            Expr::Total(attribute) => {
                let mut sum = Rational::integer(0);
                let mut unknown = false;
                for id in self.member_ids() {
                    let facts = self.context.members.get(id);
                    match facts.and_then(|f| f.get(attribute)).map(|t| parse(t)) {
                        Some(Value::Number(v)) => match arith(sum, v, BinaryOp::Add) {
                            Some(s) => sum = s,
                            None => {
                                self.problems.insert(format!("the total of `{attribute}` overflows"));
                                unknown = true;
                            }
                        },
                        _ => {
                            self.missing.insert(format!("{attribute} of {id}"));
                            unknown = true;
                        }
                    }
                }
                if unknown {
                    return Value::Unknown(attribute.clone());
                }
                self.used
                    .insert(format!("total {attribute} of members"), sum.to_string());
                Value::Number(sum)
            }
            // A count of members is far below 2^63: the conversion is lossless.
            Expr::MemberCount => {
                let n = self.member_ids().len() as i128;
                self.used.insert("number of members".to_string(), n.to_string());
                Value::Number(Rational::integer(n))
            }
            Expr::MembersWith(condition) => self.members_with(condition),
            Expr::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs),
        }
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Value {
        let (a, b) = (self.value(lhs), self.value(rhs));
        let symbol = op.symbol();
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let and = op == BinaryOp::And;
                match (&a, &b) {
                    (Value::Bool(x), Value::Bool(y)) => Value::Bool(if and { *x && *y } else { *x || *y }),
                    // An unknown side decides nothing unless the other side already does.
                    (Value::Bool(x), _) | (_, Value::Bool(x)) if *x != and => Value::Bool(*x),
                    (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Value::Unknown(u.clone()),
                    _ => Value::Unknown(symbol.to_string()),
                }
            }
            _ => match (a, b) {
                (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Value::Unknown(u),
                (Value::Number(x), Value::Number(y)) => match op {
                    BinaryOp::Ge => Value::Bool(x.ge(y)),
                    BinaryOp::Gt => Value::Bool(x.gt(y)),
                    BinaryOp::Le => Value::Bool(y.ge(x)),
                    BinaryOp::Lt => Value::Bool(y.gt(x)),
                    BinaryOp::Eq => Value::Bool(x.same(y)),
                    BinaryOp::Ne => Value::Bool(!x.same(y)),
                    BinaryOp::Div if y.num == 0 => {
                        let problem = format!("division by zero: `{rhs}` is 0");
                        self.problems.insert(problem.clone());
                        Value::Unknown(problem)
                    }
                    _ => match arith(x, y, op) {
                        Some(v) => Value::Number(v),
                        None => {
                            let problem = format!("`{lhs} {symbol} {rhs}` overflows");
                            self.problems.insert(problem.clone());
                            Value::Unknown(problem)
                        }
                    },
                },
                (x, y) => match op {
                    BinaryOp::Eq => Value::Bool(x == y),
                    BinaryOp::Ne => Value::Bool(x != y),
                    _ => Value::Unknown(format!("`{symbol}` on values that are not numbers")),
                },
            },
        }
    }
}

/// Evaluates a condition for one member (or none, for stage conditions).
pub fn condition(program: &Program, context: &Context, member: Option<&BTreeMap<String, String>>, e: &Expr) -> Finding {
    let mut ev = Evaluator {
        program,
        context,
        member,
        used: BTreeMap::new(),
        missing: BTreeSet::new(),
        problems: BTreeSet::new(),
        depth: 0,
    };
    let holds = match ev.value(e) {
        Value::Bool(b) => Some(b),
        _ => None,
    };
    Finding {
        holds,
        used: ev.used,
        missing: ev.missing.into_iter().collect(),
        problems: ev.problems.into_iter().collect(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionResult {
    pub criterion: String,
    pub title: Option<String>,
    pub met: Option<bool>,
    pub used: BTreeMap<String, String>,
    pub missing: Vec<String>,
    /// Why a value could not be computed from the facts there (a division by zero).
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    pub candidate: String,
    /// `true` when every criterion is met, `false` when one fails, `null` when
    /// facts are missing and none fails.
    pub eligible: Option<bool>,
    pub criteria: Vec<CriterionResult>,
}

/// Whether a candidate meets every membership criterion.
pub fn eligible(program: &Program, context: &Context, candidate: &str) -> Result<Eligibility, Problem> {
    let facts = context
        .members
        .get(candidate)
        .ok_or_else(|| Problem::new(Code::E0905, format!("the facts have no row for `{candidate}`")))?;
    let criteria: Vec<CriterionResult> = program
        .criteria
        .iter()
        .map(|c| {
            let f = condition(program, context, Some(facts), &c.test);
            CriterionResult {
                criterion: c.name.clone(),
                title: c.title.clone(),
                met: f.holds,
                used: f.used,
                missing: f.missing,
                problems: f.problems,
            }
        })
        .collect();
    let eligible = if criteria.iter().any(|c| c.met == Some(false)) {
        Some(false)
    } else if criteria.iter().all(|c| c.met == Some(true)) {
        Some(true)
    } else {
        None
    };
    Ok(Eligibility {
        candidate: candidate.to_string(),
        eligible,
        criteria,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remedy {
    pub sanction: Option<String>,
    pub body: String,
    pub measure: String,
    pub rule: String,
    /// Whether the member in breach votes on its own sanction.
    pub member_concerned_votes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub member: String,
    pub obligation: String,
    pub article: Option<String>,
    pub used: BTreeMap<String, String>,
    pub sanctions: Vec<Remedy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub breaches: Vec<Breach>,
    /// Obligations that could not be decided from the facts: member, obligation,
    /// and why (facts missing, a division by zero).
    pub undecided: Vec<(String, String, Vec<String>)>,
    /// Obligations of the organisation and its bodies on the facts of the world,
    /// the situation and the members taken together: each breached or undecided.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organs: Vec<OrganFinding>,
}

/// An obligation of the organisation or a body, breached (`breached: true`) or
/// undecided (`breached: null`, with why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganFinding {
    /// `organisation`, or the body's name.
    pub subject: String,
    pub obligation: String,
    pub article: Option<String>,
    pub breached: Option<bool>,
    pub used: BTreeMap<String, String>,
    pub reasons: Vec<String>,
}

/// Obligations on facts that members breach, and the sanctions available.
/// Only members are bound (see `members_of`): a candidate in the facts is not.
pub fn comply(program: &Program, context: &Context, only: Option<&str>) -> Result<Compliance, Problem> {
    let members = members_of(program, context);
    if let Some(m) = only {
        if !members.contains(&m) {
            return Err(Problem::new(
                Code::E0902,
                format!(
                    "`{m}` is not a party to `{}`: obligations bind members; a candidate is tested with `eligible`",
                    program.treaty
                ),
            ));
        }
        if !context.members.contains_key(m) {
            return Err(Problem::new(Code::E0905, format!("the facts have no row for `{m}`")));
        }
    }
    let index = Index::new(program);
    let mut out = Compliance {
        breaches: Vec::new(),
        undecided: Vec::new(),
        organs: if only.is_none() {
            organs(program, context)
        } else {
            Vec::new()
        },
    };
    for member in members {
        if only.is_some_and(|m| m != member) {
            continue;
        }
        let Some(facts) = context.members.get(member) else {
            out.undecided.push((
                member.to_string(),
                "every obligation".to_string(),
                vec![format!("the facts have no row for `{member}`")],
            ));
            continue;
        };
        let member = &member.to_string();
        // A criterion kept by members binds every member as an obligation does.
        for c in program.criteria.iter().filter(|c| c.kept_by_members) {
            let found = condition(program, context, Some(facts), &c.test);
            let name = format!("criterion {} (kept by members)", c.name);
            match found.holds {
                Some(true) => {}
                Some(false) => out.breaches.push(Breach {
                    member: member.clone(),
                    obligation: name,
                    article: c.provenance.article.clone(),
                    used: found.used.clone(),
                    sanctions: index.criterion_remedies(program, &c.name),
                }),
                None => {
                    let mut reasons: Vec<String> = found.missing.iter().map(|m| format!("no value for {m}")).collect();
                    reasons.extend(found.problems.clone());
                    out.undecided.push((member.clone(), name, reasons));
                }
            }
        }
        for o in program.obligations.iter().filter(|o| o.subject == "member") {
            let Some(constraint) = &o.constraint else { continue };
            // Applies: the subject's filter, every `when`, no `unless`.
            let mut parts: Vec<Finding> = Vec::new();
            if let Some(f) = &o.subject_filter {
                parts.push(condition(program, context, Some(facts), f));
            }
            parts.extend(o.when.iter().map(|w| condition(program, context, Some(facts), w)));
            let unless: Vec<Finding> = o
                .unless
                .iter()
                .map(|u| condition(program, context, Some(facts), u))
                .collect();
            let satisfied = condition(program, context, Some(facts), constraint);
            let name = o.label.clone().unwrap_or_else(|| format!("line {}", o.provenance.line));
            let all = || parts.iter().chain(unless.iter()).chain(std::iter::once(&satisfied));
            // What could not be read (facts missing), then what could not be
            // computed from facts that are there (a division by zero).
            let mut missing: Vec<String> = all().flat_map(|f| f.missing.clone()).collect();
            missing.sort();
            missing.dedup();
            let mut problems: Vec<String> = all().flat_map(|f| f.problems.clone()).collect();
            problems.sort();
            problems.dedup();
            let applies = parts.iter().all(|f| f.holds == Some(true)) && unless.iter().all(|f| f.holds == Some(false));
            let breached = match o.modality {
                Modality::Must => satisfied.holds == Some(false),
                Modality::MustNot | Modality::MayNot => satisfied.holds == Some(true),
                Modality::May => false,
            };
            let decided = applies && breached;
            // Undecided: something is unknown, and no known part already rules the
            // obligation out (a false `when`, a true `unless`).
            let ruled_out =
                parts.iter().any(|f| f.holds == Some(false)) || unless.iter().any(|f| f.holds == Some(true));
            let unknown = all().any(|f| f.holds.is_none());
            if unknown && !decided && !ruled_out {
                let mut reasons: Vec<String> = missing.iter().map(|m| format!("no value for {m}")).collect();
                reasons.extend(problems);
                if reasons.is_empty() {
                    reasons.push("a value that is not a number or true/false".to_string());
                }
                out.undecided.push((member.clone(), name, reasons));
                continue;
            }
            if applies && breached {
                // Lex specialis: where a provision that prevails over this one
                // (`notwithstanding ...`) applies too, this one yields.
                match index.displaced_by(program, context, facts, o) {
                    Some(Some(_)) => continue,
                    Some(None) => {
                        out.undecided.push((
                            member.clone(),
                            name,
                            vec!["whether a provision prevailing over it applies is unknown".to_string()],
                        ));
                        continue;
                    }
                    None => {}
                }
                let mut used = satisfied.used.clone();
                for f in parts.iter().chain(unless.iter()) {
                    used.extend(f.used.clone());
                }
                out.breaches.push(Breach {
                    member: member.clone(),
                    obligation: name,
                    article: o.provenance.article.clone(),
                    used,
                    sanctions: index.remedies(program, o),
                });
            }
        }
    }
    Ok(out)
}

/// The obligations on facts of the organisation and its bodies, breached or
/// undecided. A `may` is never breached; an obligation whose conditions are known
/// not to hold does not apply.
fn organs(program: &Program, context: &Context) -> Vec<OrganFinding> {
    let mut out = Vec::new();
    for o in program
        .obligations
        .iter()
        .filter(|o| o.subject != "member" && o.subject != "candidate")
    {
        let Some(constraint) = &o.constraint else { continue };
        let when: Vec<Finding> = o.when.iter().map(|w| condition(program, context, None, w)).collect();
        let unless: Vec<Finding> = o.unless.iter().map(|u| condition(program, context, None, u)).collect();
        let satisfied = condition(program, context, None, constraint);
        let ruled_out = when.iter().any(|f| f.holds == Some(false)) || unless.iter().any(|f| f.holds == Some(true));
        let applies = when.iter().all(|f| f.holds == Some(true)) && unless.iter().all(|f| f.holds == Some(false));
        let breached = match o.modality {
            Modality::Must => satisfied.holds.map(|h| !h),
            Modality::MustNot | Modality::MayNot => satisfied.holds,
            Modality::May => Some(false),
        };
        let all: Vec<&Finding> = when.iter().chain(&unless).chain(std::iter::once(&satisfied)).collect();
        let name = o.label.clone().unwrap_or_else(|| format!("line {}", o.provenance.line));
        let mut used = BTreeMap::new();
        for f in &all {
            used.extend(f.used.clone());
        }
        let finding = |breached: Option<bool>, reasons: Vec<String>| OrganFinding {
            subject: o.subject.clone(),
            obligation: name.clone(),
            article: o.provenance.article.clone(),
            breached,
            used: used.clone(),
            reasons,
        };
        // Not applying, or met: no breach, whatever else is unknown.
        if ruled_out || breached == Some(false) {
            continue;
        }
        if applies && breached == Some(true) {
            out.push(finding(Some(true), Vec::new()));
        } else {
            let mut reasons: Vec<String> = all
                .iter()
                .flat_map(|f| f.missing.iter().map(|m| format!("no value for {m}")))
                .collect();
            reasons.extend(all.iter().flat_map(|f| f.problems.clone()));
            reasons.sort();
            reasons.dedup();
            if reasons.is_empty() {
                reasons.push("a value that is not a number or true/false".to_string());
            }
            out.push(finding(None, reasons));
        }
    }
    out
}

/// What a breach asks of the rest of the treaty, looked up instead of searched:
/// the member provisions that may prevail over it (`notwithstanding ...`) and
/// the sanctions it triggers, by the article, label or criterion they name.
/// Each breach used to pass over every obligation and every sanction, so
/// `eval comply` grew as breaches x provisions (0.54 s at 1 MB, 61 s at 10 MB).
/// Lists hold indices in the program's order, and a lookup merges them back
/// into that order, so what is found, and in what order, is unchanged.
struct Index<'p> {
    /// Member obligations with a derogation, by the article it names.
    prevailing_by_article: BTreeMap<&'p str, Vec<usize>>,
    /// ... by the label it names.
    prevailing_by_label: BTreeMap<&'p str, Vec<usize>>,
    /// ... that prevail over the whole treaty.
    prevailing_everywhere: Vec<usize>,
    /// Sanctions on a breach, by the article it names.
    sanctions_by_article: BTreeMap<&'p str, Vec<usize>>,
    /// ... by the label it names.
    sanctions_by_label: BTreeMap<&'p str, Vec<usize>>,
    /// Sanctions on the failure of a criterion, by its name.
    sanctions_by_criterion: BTreeMap<&'p str, Vec<usize>>,
    /// Sanctions on the failure of any membership criterion.
    sanctions_on_every_criterion: Vec<usize>,
}

impl<'p> Index<'p> {
    fn new(program: &'p Program) -> Index<'p> {
        let mut index = Index {
            prevailing_by_article: BTreeMap::new(),
            prevailing_by_label: BTreeMap::new(),
            prevailing_everywhere: Vec::new(),
            sanctions_by_article: BTreeMap::new(),
            sanctions_by_label: BTreeMap::new(),
            sanctions_by_criterion: BTreeMap::new(),
            sanctions_on_every_criterion: Vec::new(),
        };
        for (i, d) in program.obligations.iter().enumerate() {
            if d.subject != "member" {
                continue;
            }
            for p in &d.prevails_over {
                match p {
                    Precedence::Article { article } => index.prevailing_by_article.entry(article).or_default().push(i),
                    Precedence::Provision { label } => index.prevailing_by_label.entry(label).or_default().push(i),
                    Precedence::Treaty => index.prevailing_everywhere.push(i),
                }
            }
        }
        for (i, s) in program.sanctions.iter().enumerate() {
            for t in &s.triggers {
                match t {
                    Trigger::BreachOfArticle { article } => {
                        index.sanctions_by_article.entry(article).or_default().push(i)
                    }
                    Trigger::BreachOfProvision { label } => index.sanctions_by_label.entry(label).or_default().push(i),
                    Trigger::FailureOfCriterion { criterion } => {
                        index.sanctions_by_criterion.entry(criterion).or_default().push(i)
                    }
                    Trigger::FailureOfMembershipCriteria => index.sanctions_on_every_criterion.push(i),
                }
            }
        }
        index
    }

    /// Whether a member obligation that prevails over `o` (its derogations name `o`'s
    /// article, its label or the whole treaty) applies to this member: `None` when
    /// none prevails or none applies, `Some(Some(label))` when one applies,
    /// `Some(None)` when whether one applies cannot be decided.
    fn displaced_by(
        &self,
        program: &'p Program,
        context: &Context,
        facts: &BTreeMap<String, String>,
        o: &crate::ir::Obligation,
    ) -> Option<Option<&'p str>> {
        let prevailing = merged([
            lookup(&self.prevailing_by_article, o.provenance.article.as_deref()),
            lookup(&self.prevailing_by_label, o.label.as_deref()),
            &self.prevailing_everywhere,
        ]);
        let mut unknown = false;
        for d in prevailing
            .into_iter()
            .filter_map(|i| program.obligations.get(i))
            .filter(|d| !std::ptr::eq(*d, o))
        {
            let mut holds: Vec<Option<bool>> = Vec::new();
            if let Some(f) = &d.subject_filter {
                holds.push(condition(program, context, Some(facts), f).holds);
            }
            holds.extend(d.when.iter().map(|w| condition(program, context, Some(facts), w).holds));
            holds.extend(
                d.unless
                    .iter()
                    .map(|u| condition(program, context, Some(facts), u).holds.map(|h| !h)),
            );
            if holds.iter().all(|h| *h == Some(true)) {
                return Some(Some(d.label.as_deref().unwrap_or("a provision")));
            }
            unknown |= holds.iter().any(Option::is_none) && !holds.contains(&Some(false));
        }
        unknown.then_some(None)
    }

    /// The sanctions on the failure of criterion `name`, in the program's order.
    fn criterion_remedies(&self, program: &Program, name: &str) -> Vec<Remedy> {
        merged([
            lookup(&self.sanctions_by_criterion, Some(name)),
            &self.sanctions_on_every_criterion,
        ])
        .into_iter()
        .filter_map(|i| program.sanctions.get(i))
        .map(remedy)
        .collect()
    }

    /// The sanctions on a breach of `o`, by its article or its label, in the
    /// program's order.
    fn remedies(&self, program: &Program, o: &crate::ir::Obligation) -> Vec<Remedy> {
        merged([
            lookup(&self.sanctions_by_article, o.provenance.article.as_deref()),
            lookup(&self.sanctions_by_label, o.label.as_deref()),
        ])
        .into_iter()
        .filter_map(|i| program.sanctions.get(i))
        .map(remedy)
        .collect()
    }
}

/// The indices listed under `key`, none when there is no key.
fn lookup<'a>(map: &'a BTreeMap<&str, Vec<usize>>, key: Option<&str>) -> &'a [usize] {
    key.and_then(|k| map.get(k)).map_or(&[], Vec::as_slice)
}

/// Lists of indices merged into one, in order, each index once (a provision
/// may name an article twice, or a sanction a provision and its article).
fn merged<const N: usize>(lists: [&[usize]; N]) -> Vec<usize> {
    let mut out: Vec<usize> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn remedy(s: &crate::ir::Sanction) -> Remedy {
    Remedy {
        sanction: s.name.clone(),
        body: s.body.clone(),
        measure: s.measure.clone(),
        rule: s.rule.clone(),
        member_concerned_votes: !s.excluding_concerned,
    }
}

/// The sanctions for members failing criterion `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub stage: String,
    pub title: Option<String>,
    pub after: Option<String>,
    pub entry_met: Option<bool>,
    pub used: BTreeMap<String, String>,
    pub missing: Vec<String>,
    /// Why a value could not be computed from the facts there (a division by zero).
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageReport {
    /// The furthest stage whose entry conditions, and those of every stage before
    /// it, are met.
    pub current: Option<String>,
    pub next: Vec<Transition>,
    pub ladder: Vec<Transition>,
}

/// Where the organisation stands on its ladder of stages.
pub fn stage(program: &Program, context: &Context) -> StageReport {
    let ladder: Vec<Transition> = program
        .stages
        .iter()
        .map(|s| {
            let f = s.entry.as_ref().map(|e| condition(program, context, None, e));
            Transition {
                stage: s.name.clone(),
                title: s.title.clone(),
                after: s.after.clone(),
                entry_met: f.as_ref().map_or(Some(true), |f| f.holds),
                used: f.as_ref().map(|f| f.used.clone()).unwrap_or_default(),
                missing: f.as_ref().map(|f| f.missing.clone()).unwrap_or_default(),
                problems: f.map(|f| f.problems).unwrap_or_default(),
            }
        })
        .collect();
    // Walk the ladder from the first stage while each next entry condition holds.
    let mut current: Option<&Transition> = ladder.iter().find(|t| t.after.is_none() && t.entry_met == Some(true));
    let next_of = |c: &Transition| {
        ladder
            .iter()
            .find(|t| t.after.as_deref() == Some(c.stage.as_str()) && t.entry_met == Some(true))
    };
    while let Some(next) = current.and_then(next_of) {
        current = Some(next);
    }
    let current_name = current.map(|c| c.stage.clone());
    let next = ladder
        .iter()
        .filter(|t| t.after.is_some() && t.after == current_name)
        .cloned()
        .collect();
    StageReport {
        current: current_name,
        next,
        ladder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Derogations naming an article, a provision and the whole treaty, and
    /// sanctions on articles, provisions, a criterion and every criterion, some
    /// naming one provision twice over (by its label and by its article).
    const CROSSED: &str = r#"treaty crossed "Crossed derogations and sanctions" {
  facts member { gdp: money  spending: money  neutral: bool  status: one of { free, not_free } }
  facts situation { crisis: bool }

  article 1 "Spending" {
    rule qmv = members >= 55%
    body Council { seats: one per member  decides measures by qmv }
    criterion democracy kept by members: status = free
    criterion solvent: gdp > 0
    p1: every member must spending >= 2% of gdp
    p2: every member must spending >= 1% of gdp unless neutral
  }
  article 2 "Relief" {
    r1: every member must spending >= 0.5% of gdp when situation.crisis notwithstanding article 1
    r2: every member must spending >= 0.25% of gdp when neutral notwithstanding provision p2
    sanction s1 on breach of article 1, breach of p2:
      Council may suspend voting_rights by qmv excluding concerned
    sanction s2 on breach of p1, failure of criterion democracy:
      Council may suspend voting_rights by qmv excluding concerned
  }
  article 3 "Saving" {
    every member must spending >= 0.1% of gdp when situation.crisis notwithstanding this treaty
    sanction s3 on failure of membership criteria, breach of article 2:
      Council may suspend voting_rights by qmv excluding concerned
    sanction s4 on breach of r2, breach of article 1, breach of article 3:
      Council may suspend voting_rights by qmv
  }
}
"#;

    /// The index finds what a pass over every obligation and every sanction
    /// finds, in the same order: the provisions that may prevail over each
    /// obligation, the sanctions for breaching it and for failing each
    /// criterion, on every bundled treaty and on `CROSSED`.
    #[test]
    fn the_index_finds_what_a_pass_over_the_treaty_finds() {
        let mut texts = vec![("crossed.treaty".to_string(), CROSSED.as_bytes().to_vec())];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/treaties");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "treaty"))
            .collect();
        paths.sort();
        for p in paths {
            texts.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
        let (mut prevailing_found, mut remedies_found) = (0, 0);
        for (name, bytes) in &texts {
            let mut session = crate::session::Session::new();
            let Ok(program) = crate::compile_to_ir(&mut session, name, bytes, None) else {
                panic!("{name} does not compile");
            };
            let index = Index::new(&program);
            for (k, o) in program.obligations.iter().enumerate() {
                let (article, label) = (o.provenance.article.as_deref(), o.label.as_deref());
                let every: Vec<usize> = program
                    .obligations
                    .iter()
                    .enumerate()
                    .filter(|(i, d)| {
                        *i != k && d.subject == "member" && d.prevails_over.iter().any(|p| p.covers(article, label))
                    })
                    .map(|(i, _)| i)
                    .collect();
                let looked_up: Vec<usize> = merged([
                    lookup(&index.prevailing_by_article, article),
                    lookup(&index.prevailing_by_label, label),
                    &index.prevailing_everywhere,
                ])
                .into_iter()
                .filter(|i| *i != k)
                .collect();
                assert_eq!(looked_up, every, "{name}: obligation {k}");
                prevailing_found += every.len();
                let every: Vec<Remedy> = program
                    .sanctions
                    .iter()
                    .filter(|s| {
                        s.triggers.iter().any(|t| match t {
                            Trigger::BreachOfArticle { article: a } => article == Some(a.as_str()),
                            Trigger::BreachOfProvision { label: l } => label == Some(l.as_str()),
                            _ => false,
                        })
                    })
                    .map(remedy)
                    .collect();
                assert_eq!(index.remedies(&program, o), every, "{name}: obligation {k}");
                remedies_found += every.len();
            }
            for c in &program.criteria {
                let every: Vec<Remedy> = program
                    .sanctions
                    .iter()
                    .filter(|s| {
                        s.triggers.iter().any(|t| match t {
                            Trigger::FailureOfCriterion { criterion } => *criterion == c.name,
                            Trigger::FailureOfMembershipCriteria => true,
                            _ => false,
                        })
                    })
                    .map(remedy)
                    .collect();
                assert_eq!(index.criterion_remedies(&program, &c.name), every, "{name}: {}", c.name);
                remedies_found += every.len();
            }
        }
        // The comparison is not of empty lists.
        assert!(
            prevailing_found >= 4 && remedies_found >= 10,
            "{prevailing_found} {remedies_found}"
        );
    }
}
