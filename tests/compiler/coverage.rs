//! Nothing the grammar accepts is dropped: every clause of every bundled and
//! corpus treaty is represented in the rule IR, or the file has an error that
//! answers it. Counted construct by construct, syntax tree against IR, so that a
//! clause lowered to nothing shows up as a count that differs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use treatyc::ast::*;
use treatyc::ir::Program;
use treatyc::session::Session;
use treatyc::source::SourceMap;

type Counts = BTreeMap<&'static str, usize>;

fn bump(c: &mut Counts, key: &'static str, by: usize) {
    *c.entry(key).or_default() += by;
}

/// What the syntax tree of a treaty (as written, without its stages) says.
fn written(t: &Treaty) -> Counts {
    let mut c = Counts::new();
    for item in &t.items {
        if let Item::Text(_) = item {
            bump(&mut c, "text", 1);
        }
        written_item(item, &mut c);
    }
    c
}

fn options(o: &PowerOptions, c: &mut Counts) {
    bump(c, "option: on proposal from", o.on_proposal_from.len());
    bump(c, "option: classified by", usize::from(o.classified_by.is_some()));
    bump(c, "option: jointly with", o.jointly_with.len());
    bump(c, "option: subject to authorisation", o.authorisation_by.len());
    bump(
        c,
        "option: subject to ratification",
        usize::from(o.ratification.is_some()),
    );
    bump(
        c,
        "option: excluding concerned",
        usize::from(o.excluding_concerned.is_some()),
    );
    bump(c, "option: prevailing over", o.prevailing_over.len());
    bump(
        c,
        "option: in agreement with the member concerned",
        usize::from(o.agreement_of_concerned.is_some()),
    );
}

fn written_item(item: &Item, c: &mut Counts) {
    match item {
        Item::Facts(f) => bump(c, "fact attribute", f.attributes.len()),
        Item::Parties(p) => bump(c, "party", p.parties.len()),
        Item::OtherStates(p) => bump(c, "other state", p.parties.len()),
        Item::EntryIntoForce(_) => bump(c, "entry into force", 1),
        Item::EntryCondition(e) => {
            bump(c, "entry into force: condition", 1);
            bump(c, "entry into force: part", e.parts.len());
            bump(c, "entry into force: delay", usize::from(e.delay.is_some()));
        }
        Item::Membership(m) => match &**m {
            MembershipChange::Accession { on_deposit, .. } => {
                bump(c, "accession", 1);
                bump(c, "accession: on deposit", usize::from(on_deposit.is_some()));
            }
            MembershipChange::Suspension { .. } => bump(c, "suspension", 1),
            MembershipChange::Expulsion { .. } => bump(c, "expulsion", 1),
            MembershipChange::Withdrawal(w) => {
                bump(c, "withdrawal", 1);
                bump(c, "withdrawal: notice to", usize::from(w.notice_to.is_some()));
                bump(c, "withdrawal: open after", usize::from(w.open_after.is_some()));
                bump(c, "withdrawal: takes effect", w.takes_effect.len());
                bump(c, "withdrawal: extension", usize::from(w.extension.is_some()));
                bump(c, "withdrawal: text", w.text.len());
            }
        },
        Item::Body(b) => {
            bump(c, "body", 1);
            bump(c, "seats", b.seats.len());
            bump(c, "seat origin", b.seats.iter().filter(|s| s.origin.is_some()).count());
            bump(c, "permanent seat", b.permanent_seats.len());
            bump(c, "elected seats", usize::from(b.elected_seats.is_some()));
            bump(c, "seat condition", b.seat_conditions.len());
            bump(c, "seat rule", usize::from(b.seat_rule.is_some()));
            bump(
                c,
                "elected seats: term",
                usize::from(b.elected_seats.as_ref().is_some_and(|e| e.term.is_some())),
            );
            let terms = b
                .elected_seats
                .iter()
                .filter_map(|e| e.term.as_ref())
                .chain(b.seats.iter().filter_map(|s| s.term.as_ref()));
            for t in terms {
                bump(c, "term of office", 1);
                bump(c, "term of office: renewal", usize::from(t.renewal.is_some()));
                bump(c, "term of office: re-election", usize::from(t.re_election.is_some()));
            }
            for s in &b.seats {
                if let SeatCount::Table(shares) = &s.count {
                    bump(c, "seat table: delegation", shares.len());
                }
            }
            bump(c, "power", b.powers.len());
            bump(c, "power: other questions", usize::from(b.other_questions.is_some()));
            bump(c, "relation", b.relations.len());
            bump(c, "body: vote lost on a fact", b.vote_losses.len());
            bump(
                c,
                "body: vote lost: unless permitted",
                b.vote_losses.iter().filter(|v| v.permitted_by.is_some()).count(),
            );
            bump(c, "text", b.text.len());
            for p in &b.powers {
                options(&p.options, c);
                bump(c, "power: exclusively", usize::from(p.exclusive.is_some()));
            }
        }
        Item::Rule(r) => {
            bump(c, "voting rule", 1);
            bump(c, "rule: as from", usize::from(r.validity.from.is_some()));
            bump(c, "rule: until", usize::from(r.validity.until.is_some()));
            bump(c, "rule: before then", usize::from(r.before.is_some()));
            bump(c, "rule: failing which", usize::from(r.fallback.is_some()));
            for clause in &r.clauses {
                match clause {
                    RuleClause::Abstention { .. } | RuleClause::Absence { .. } => bump(c, "rule: vote effect", 1),
                    RuleClause::Threshold {
                        only_when_all_take_part,
                        only_when_membership,
                        ..
                    } => {
                        bump(c, "rule: criterion", 1);
                        bump(
                            c,
                            "rule: when all take part",
                            usize::from(only_when_all_take_part.is_some()),
                        );
                        bump(c, "rule: when membership", usize::from(only_when_membership.is_some()));
                    }
                    _ => bump(c, "rule: criterion", 1),
                }
            }
        }
        Item::Article(a) => {
            bump(c, "article", 1);
            bump(c, "entrenchment", usize::from(a.entrenchment.is_some()));
            for i in &a.items {
                if let Item::Text(_) = i {
                    bump(c, "text", 1);
                }
                written_item(i, c);
            }
        }
        Item::Stage(_) => bump(c, "stage", 1),
        Item::Amendment(a) => {
            bump(c, "amendment", usize::from(a.in_force.is_some()));
            bump(c, "amendment: covers", a.covers.len());
            bump(
                c,
                "amendment: withdrawal at once",
                usize::from(a.withdrawal_at_once.is_some()),
            );
        }
        Item::Procedure(p) => {
            bump(c, "amendment procedure", 1);
            bump(c, "procedure: proposed by", p.proposed_by.len());
            bump(c, "procedure: adopted by", usize::from(p.adopted_by.is_some()));
            bump(c, "procedure: ratified by", usize::from(p.ratified_by.is_some()));
            bump(c, "text", p.text.len());
        }
        Item::DecisionProcedure(p) => {
            bump(c, "decision procedure", 1);
            bump(c, "decision procedure: step", p.steps.len());
            bump(
                c,
                "decision procedure: consultation period",
                p.steps
                    .iter()
                    .filter(|s| matches!(s.kind, StepKind::Consultation { period: Some(_), .. }))
                    .count(),
            );
            bump(
                c,
                "decision procedure: step condition",
                p.steps.iter().filter(|s| s.when.is_some()).count(),
            );
            bump(
                c,
                "decision procedure: time limit",
                p.steps
                    .iter()
                    .filter(|s| {
                        matches!(
                            s.kind,
                            StepKind::Consultation { deadline: Some(_), .. }
                                | StepKind::Consent { deadline: Some(_), .. }
                                | StepKind::Decision { deadline: Some(_), .. }
                        )
                    })
                    .count(),
            );
            bump(c, "decision procedure: for an act", usize::from(p.act.is_some()));
            bump(c, "text", p.text.len());
        }
        Item::Sanction(s) => {
            bump(c, "sanction", 1);
            bump(c, "sanction trigger", s.triggers.len());
            options(&s.options, c);
        }
        Item::Fund(f) => {
            bump(c, "fund", 1);
            bump(c, "fund: share", usize::from(f.share.is_some()));
            bump(c, "fund: managed by", usize::from(f.managed_by.is_some()));
            bump(c, "fund: cooperates with", f.cooperates_with.len());
            bump(c, "fund: beneficiaries", usize::from(f.beneficiaries.is_some()));
            bump(c, "text", f.text.len());
        }
        Item::Criterion(k) => {
            bump(c, "membership criterion", 1);
            bump(
                c,
                "membership criterion: kept by members",
                usize::from(k.kept.is_some()),
            );
        }
        Item::Provision(p) => {
            bump(c, "provision", 1);
            bump(c, "provision: condition", p.conditions.len());
            bump(c, "provision: derogation", p.derogations.len());
            bump(c, "provision: timing", usize::from(p.timing.is_some()));
            bump(c, "provision: as from", usize::from(p.validity.from.is_some()));
            bump(c, "provision: until", usize::from(p.validity.until.is_some()));
            let filtered = matches!(
                p.subject,
                Subject::EveryMember { filter: Some(_), .. } | Subject::EveryCandidate { filter: Some(_), .. }
            );
            bump(c, "provision: subject filter", usize::from(filtered));
        }
        // Scenarios are the treaty's tests, run by `treatyc test`, not rules;
        // text is counted where it stands.
        Item::Text(_) | Item::Scenario(_) => {}
    }
}

fn requirements(r: &treatyc::ir::Requirements, excluding: bool, c: &mut Counts) {
    bump(c, "option: on proposal from", r.on_proposal_from.len());
    bump(c, "option: classified by", usize::from(r.classified_by.is_some()));
    bump(c, "option: jointly with", r.jointly_with.len());
    bump(c, "option: subject to authorisation", r.authorisation_by.len());
    bump(
        c,
        "option: subject to ratification",
        usize::from(r.ratification.is_some()),
    );
    bump(c, "option: excluding concerned", usize::from(excluding));
    bump(c, "option: prevailing over", r.prevailing_over.len());
    bump(
        c,
        "option: in agreement with the member concerned",
        usize::from(r.agreement_of_concerned),
    );
}

/// What the IR of the same treaty says.
fn represented(p: &Program, t: &Treaty) -> Counts {
    let mut c = Counts::new();
    bump(&mut c, "fact attribute", p.facts.len());
    bump(&mut c, "party", p.members.len());
    bump(&mut c, "other state", p.other_states.len());
    bump(&mut c, "entry into force", usize::from(p.in_force_from.is_some()));
    if let Some(e) = &p.entry_condition {
        bump(&mut c, "entry into force: condition", 1);
        bump(&mut c, "entry into force: part", e.parts.len());
        bump(&mut c, "entry into force: delay", usize::from(e.delay.is_some()));
    }
    let m = &p.membership;
    if let Some(a) = &m.accession {
        bump(&mut c, "accession", 1);
        bump(&mut c, "accession: on deposit", usize::from(a.on_deposit));
    }
    bump(&mut c, "suspension", usize::from(m.suspension.is_some()));
    bump(&mut c, "expulsion", usize::from(m.expulsion.is_some()));
    if let Some(w) = &m.withdrawal {
        bump(&mut c, "withdrawal", 1);
        bump(&mut c, "withdrawal: notice to", usize::from(w.notice_to.is_some()));
        bump(&mut c, "withdrawal: open after", usize::from(w.open_after.is_some()));
        bump(
            &mut c,
            "withdrawal: takes effect",
            usize::from(w.after_notice.is_some()) + w.on.len() + usize::from(w.at_year_end.is_some()),
        );
        bump(&mut c, "withdrawal: extension", usize::from(w.extension.is_some()));
        bump(&mut c, "withdrawal: text", w.text.len());
    }
    for o in &p.obligations {
        bump(&mut c, "provision: timing", usize::from(o.timing.is_some()));
        bump(&mut c, "provision: as from", usize::from(o.in_force.from.is_some()));
        bump(&mut c, "provision: until", usize::from(o.in_force.until.is_some()));
    }
    for b in &p.bodies {
        bump(&mut c, "body", 1);
        bump(&mut c, "seats", usize::from(b.seats.is_some()));
        bump(&mut c, "seat origin", usize::from(b.seat_origin.is_some()));
        bump(&mut c, "permanent seat", b.permanent_seats.len());
        bump(&mut c, "elected seats", usize::from(b.elected_seats.is_some()));
        bump(&mut c, "seat condition", b.seat_conditions.len());
        bump(&mut c, "seat rule", usize::from(b.seat_rule.is_some()));
        bump(
            &mut c,
            "elected seats: term",
            usize::from(b.elected_seats.as_ref().is_some_and(|e| e.term.is_some())),
        );
        let terms = b
            .elected_seats
            .iter()
            .filter_map(|e| e.term.as_ref())
            .chain(b.seat_term.as_ref());
        for t in terms {
            bump(&mut c, "term of office", 1);
            bump(&mut c, "term of office: renewal", usize::from(t.renewal.is_some()));
            bump(
                &mut c,
                "term of office: re-election",
                usize::from(t.re_election.is_some()),
            );
        }
        if let Some(treatyc::ir::Seats::Table(shares)) = &b.seats {
            bump(&mut c, "seat table: delegation", shares.len());
        }
        bump(&mut c, "power", b.powers.len());
        bump(
            &mut c,
            "power: other questions",
            usize::from(b.other_questions.is_some()),
        );
        bump(&mut c, "relation", b.relations.len());
        bump(&mut c, "body: vote lost on a fact", b.vote_losses.len());
        bump(
            &mut c,
            "body: vote lost: unless permitted",
            b.vote_losses.iter().filter(|v| v.permitted_by.is_some()).count(),
        );
        bump(&mut c, "text", b.text.len());
        for pw in &b.powers {
            requirements(&pw.requires, pw.excluding_concerned, &mut c);
            bump(&mut c, "power: exclusively", usize::from(pw.exclusive));
        }
    }
    // Built-in rules are spelled out in the IR without provenance; declared ones keep theirs.
    for r in p.rules.iter().filter(|r| r.provenance.is_some()) {
        bump(&mut c, "voting rule", 1);
        bump(&mut c, "rule: criterion", r.criteria.len());
        bump(&mut c, "rule: as from", usize::from(r.in_force.from.is_some()));
        bump(&mut c, "rule: until", usize::from(r.in_force.until.is_some()));
        bump(&mut c, "rule: before then", usize::from(r.before.is_some()));
        bump(&mut c, "rule: failing which", usize::from(r.fallback.is_some()));
        for criterion in &r.criteria {
            if let treatyc::ir::Criterion::Members {
                only_when_all_take_part,
                only_when_membership,
                ..
            }
            | treatyc::ir::Criterion::Weight {
                only_when_all_take_part,
                only_when_membership,
                ..
            } = criterion
            {
                bump(
                    &mut c,
                    "rule: when all take part",
                    usize::from(*only_when_all_take_part),
                );
                bump(
                    &mut c,
                    "rule: when membership",
                    usize::from(only_when_membership.is_some()),
                );
            }
        }
    }
    // The vote effects are fields of each rule: count those the source sets.
    let declared_effects: usize = t
        .items
        .iter()
        .flat_map(|i| match i {
            Item::Article(a) => a.items.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            _ => None,
        })
        .map(|r| {
            let ir = p.rule(&r.name.name).expect("every declared rule is in the IR");
            r.clauses
                .iter()
                .filter(|cl| match cl {
                    RuleClause::Abstention { effect, .. } => effect_name(*effect) == format!("{:?}", ir.abstention),
                    RuleClause::Absence { effect, .. } => effect_name(*effect) == format!("{:?}", ir.absence),
                    _ => false,
                })
                .count()
        })
        .sum();
    bump(&mut c, "rule: vote effect", declared_effects);
    for a in &p.articles {
        bump(&mut c, "article", 1);
        bump(&mut c, "entrenchment", usize::from(a.entrenched.is_some()));
        bump(&mut c, "text", a.text.len());
    }
    bump(&mut c, "text", p.preamble.len());
    bump(&mut c, "stage", p.stages.len());
    for a in &p.amendments {
        bump(&mut c, "amendment", 1);
        bump(&mut c, "amendment: covers", a.covers.len());
        bump(
            &mut c,
            "amendment: withdrawal at once",
            usize::from(a.withdrawal_at_once.is_some()),
        );
    }
    if let Some(proc) = &p.amendment_procedure {
        bump(&mut c, "amendment procedure", 1);
        bump(&mut c, "procedure: proposed by", proc.proposed_by.len());
        bump(&mut c, "procedure: adopted by", usize::from(proc.adopted_by.is_some()));
        bump(
            &mut c,
            "procedure: ratified by",
            usize::from(proc.ratified_by.is_some()),
        );
        bump(&mut c, "text", proc.text.len());
    }
    for procedure in &p.procedures {
        bump(&mut c, "decision procedure", 1);
        bump(&mut c, "decision procedure: step", procedure.steps.len());
        bump(
            &mut c,
            "decision procedure: consultation period",
            procedure
                .steps
                .iter()
                .filter(|s| matches!(s.kind, treatyc::ir::ProcedureStep::Consultation { period: Some(_), .. }))
                .count(),
        );
        bump(
            &mut c,
            "decision procedure: step condition",
            procedure.steps.iter().filter(|s| s.when.is_some()).count(),
        );
        bump(
            &mut c,
            "decision procedure: time limit",
            procedure
                .steps
                .iter()
                .filter(|s| {
                    matches!(
                        s.kind,
                        treatyc::ir::ProcedureStep::Consultation { deadline: Some(_), .. }
                            | treatyc::ir::ProcedureStep::Consent { deadline: Some(_), .. }
                            | treatyc::ir::ProcedureStep::Decision { deadline: Some(_), .. }
                    )
                })
                .count(),
        );
        bump(
            &mut c,
            "decision procedure: for an act",
            usize::from(procedure.act.is_some()),
        );
        bump(&mut c, "text", procedure.text.len());
    }
    for s in &p.sanctions {
        bump(&mut c, "sanction", 1);
        bump(&mut c, "sanction trigger", s.triggers.len());
        requirements(&s.requires, s.excluding_concerned, &mut c);
    }
    for f in &p.funds {
        bump(&mut c, "fund", 1);
        bump(&mut c, "fund: share", usize::from(f.share.is_some()));
        bump(&mut c, "fund: managed by", usize::from(f.managed_by.is_some()));
        bump(&mut c, "fund: cooperates with", f.cooperates_with.len());
        bump(&mut c, "fund: beneficiaries", usize::from(f.beneficiaries.is_some()));
        bump(&mut c, "text", f.text.len());
    }
    bump(&mut c, "membership criterion", p.criteria.len());
    bump(
        &mut c,
        "membership criterion: kept by members",
        p.criteria.iter().filter(|k| k.kept_by_members).count(),
    );
    for o in &p.obligations {
        bump(&mut c, "provision", 1);
        bump(&mut c, "provision: condition", o.when.len() + o.unless.len());
        bump(&mut c, "provision: derogation", o.prevails_over.len());
        bump(
            &mut c,
            "provision: subject filter",
            usize::from(o.subject_filter.is_some()),
        );
    }
    c
}

fn effect_name(e: VoteEffect) -> String {
    match e {
        VoteEffect::CountsAgainst => "CountsAgainst",
        VoteEffect::DoesNotPreventAdoption => "DoesNotPreventAdoption",
        VoteEffect::NotAVeto => "NotAVeto",
    }
    .to_string()
}

fn treaties() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "treaties",
        "tests/ui/check/ok",
        "tests/ui/check/err",
        "tests/ui/syntax/ok",
        "tests/ui/check/planted",
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "treaty") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_clause_reaches_the_ir_or_is_answered_by_an_error() {
    let mut total = Counts::new();
    let (mut lowered, mut refused) = (0, 0);
    for path in treaties() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let mut sources = SourceMap::new();
        let unit = treatyc::parse_source(&mut sources, &name, &bytes);
        let Some(Document::Treaty(treaty)) = &unit.document else {
            continue;
        };
        match treatyc::compile_to_ir(&mut Session::new(), &name, &bytes, None) {
            Ok(program) => {
                let (said, kept) = (written(treaty), represented(&program, treaty));
                for (construct, n) in &said {
                    assert_eq!(
                        kept.get(construct).copied().unwrap_or(0),
                        *n,
                        "{name}: {n} `{construct}` written, a different number in the IR"
                    );
                    bump(&mut total, construct, *n);
                }
                lowered += 1;
            }
            // Not lowered: an error answers the file, and says where.
            Err(diagnostics) => {
                assert!(diagnostics.iter().any(|d| d.is_error()), "{name}");
                refused += 1;
            }
        }
    }
    // The corpus exercises every construct; the counts are the evidence.
    let table: String = total.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    insta::assert_snapshot!(format!(
        "{lowered} treaties lowered, {refused} answered by errors\n{table}"
    ));
    for construct in [
        "option: on proposal from",
        "option: jointly with",
        "option: subject to authorisation",
        "option: subject to ratification",
        "option: prevailing over",
        "option: in agreement with the member concerned",
        "relation",
        "fund",
        "amendment procedure",
        "entrenchment",
        "elected seats: term",
        "term of office: renewal",
        "term of office: re-election",
        "seat table: delegation",
        "membership criterion: kept by members",
    ] {
        assert!(
            total.get(construct).copied().unwrap_or(0) > 0,
            "no corpus treaty has a `{construct}`"
        );
    }
}

/// Each stage's IR holds what the stage adds or replaces, and not what it removes.
#[test]
fn every_stage_change_reaches_the_stage_ir() {
    for path in treaties() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let unit = treatyc::parse_source(&mut SourceMap::new(), &name, &bytes);
        let Some(Document::Treaty(treaty)) = &unit.document else {
            continue;
        };
        for stage in treaty.stages() {
            let Ok(program) = treatyc::compile_to_ir(&mut Session::new(), &name, &bytes, Some(&stage.name.name)) else {
                continue;
            };
            let has = |kind: ItemKind, id: &str| match kind {
                ItemKind::Body | ItemKind::Office => program.body(id).is_some(),
                ItemKind::Rule => program.rule(id).is_some(),
                ItemKind::Article => program.articles.iter().any(|a| a.number == id),
                ItemKind::Criterion => program.criteria.iter().any(|c| c.name == id),
                ItemKind::Fund => program.funds.iter().any(|f| f.name == id),
                ItemKind::Sanction => program.sanctions.iter().any(|s| s.name.as_deref() == Some(id)),
                ItemKind::Provision => program.obligations.iter().any(|o| o.label.as_deref() == Some(id)),
                ItemKind::Stage => true,
            };
            for change in &stage.changes {
                let (item, present) = match change {
                    Change::Add { item, .. } | Change::Replace { item, .. } => (identify(item), true),
                    Change::Remove { target, .. } => (Some((target.kind, target.name.clone())), false),
                    _ => (None, true),
                };
                if let Some((kind, id)) = item {
                    assert_eq!(
                        has(kind, &id),
                        present,
                        "{name}: stage `{}` {} {kind:?} `{id}`",
                        stage.name.name,
                        if present { "adds" } else { "removes" }
                    );
                }
            }
        }
    }
}

fn identify(item: &Item) -> Option<(ItemKind, String)> {
    Some(match item {
        Item::Body(b) => (ItemKind::Body, b.name.name.clone()),
        Item::Rule(r) => (ItemKind::Rule, r.name.name.clone()),
        Item::Article(a) => (ItemKind::Article, a.number.text.clone()),
        Item::Criterion(c) => (ItemKind::Criterion, c.name.name.clone()),
        Item::Fund(f) => (ItemKind::Fund, f.name.name.clone()),
        Item::Sanction(s) => (ItemKind::Sanction, s.name.as_ref()?.name.clone()),
        Item::Provision(p) => (ItemKind::Provision, p.label.as_ref()?.name.clone()),
        _ => return None,
    })
}
