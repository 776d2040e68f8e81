//! The composition of bodies: seats that do not add up, seat tables that name a
//! member twice or leave one out, and rules that ask of persons what only member
//! states have (a population to weigh, a veto to cast).

use std::collections::BTreeMap;

use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

pub fn check(model: &Model<'_>, facts: Option<&crate::facts::FactTable>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for body in model.bodies.values() {
        composition(model, body.node, &mut out);
        voters(model, body.node, &mut out);
        let computed = body
            .node
            .seat_rule
            .as_ref()
            .and_then(|r| apportioned(model, body.node, r, facts, &mut out));
        for condition in &body.node.seat_conditions {
            held_to(body.node, condition, computed.as_ref(), facts, &mut out);
        }
    }
    out
}

/// Seats a rule gives on the facts: where they point, and each state's seats.
struct Computed {
    span: crate::source::Span,
    seats: Vec<(String, u64)>,
}

/// E1105-E1108: a seat rule that names no method, follows no count, cannot be
/// met or says otherwise than the body's `seats:`. When it is sound and facts
/// are given, the seats it gives, for the body's conditions to hold.
fn apportioned(
    model: &Model<'_>,
    b: &Body,
    rule: &SeatRule,
    facts: Option<&crate::facts::FactTable>,
    out: &mut Vec<Diagnostic>,
) -> Option<Computed> {
    let name = &b.name.name;
    let before = out.len();
    match rule.method() {
        None => {
            let known = ApportionMethod::NAMES.iter().map(|(n, _)| *n);
            let help = match rule.method.name.as_str() {
                "penrose" | "square_root" => format!(
                    "Penrose's square-root weights are rounded by a divisor method: `seats apportioned by webster of square root of {}`",
                    rule.fact.name
                ),
                other => match crate::suggest::closest(other, known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "name a method: jefferson (dhondt), webster (sainte_lague), adams, huntington_hill (equal_proportions), dean, hamilton (hare), cambridge_compromise".to_string(),
                },
            };
            out.push(
                Diagnostic::new(
                    Code::E1105,
                    rule.method.span,
                    format!("`{}` is not a method of apportionment", rule.method.name),
                )
                .with_primary_label("the method the seats of this body are apportioned by")
                .with_help(help),
            );
        }
        Some(method) => {
            let wrong = match (method, rule.square_root, &rule.base) {
                (m, true, _) if !m.is_divisor() => Some((
                    rule.span,
                    format!("`{}` does not round square roots", rule.method.name),
                    "Penrose's square roots are rounded by a divisor method: jefferson, webster, adams, huntington_hill or dean",
                )),
                (ApportionMethod::CambridgeCompromise, _, None) => Some((
                    rule.span,
                    "the Cambridge Compromise needs its base seats".to_string(),
                    "give every member its base seats first: `, base 5` (the Compromise of 2011), and the cap as `, at most 96`",
                )),
                (m, _, Some(base)) if m != ApportionMethod::CambridgeCompromise => Some((
                    base.span,
                    format!("`{}` has no base seats", rule.method.name),
                    "base seats belong to the Cambridge Compromise (`by cambridge_compromise`); for a floor under every member write `at least N`",
                )),
                _ => None,
            };
            if let Some((at, message, help)) = wrong {
                out.push(
                    Diagnostic::new(Code::E1105, at, message)
                        .with_primary_label("not a term of this method")
                        .with_help(help),
                );
            }
        }
    }
    let count = Some(FactType::Count);
    match model.member_attribute(&rule.fact.name) {
        Some(a) if matches!((&a.kind, &count), (AttributeKind::Declared(FactType::Count), Some(_))) => {}
        found => {
            let known = model
                .member_facts()
                .map(|s| s.attributes.keys().copied().collect::<Vec<&str>>())
                .unwrap_or_default();
            let (message, help) = match found {
                Some(_) => (
                    format!("`{}` is not a count of people", rule.fact.name),
                    format!(
                        "seats follow a member fact of type `count` (`population: count`); `{}` is declared otherwise",
                        rule.fact.name
                    ),
                ),
                None => (
                    format!("there is no member fact `{}`", rule.fact.name),
                    match crate::suggest::closest(&rule.fact.name, known) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "declare it in `facts member { population: count }`".to_string(),
                    },
                ),
            };
            out.push(
                Diagnostic::new(Code::E1106, rule.fact.span, message)
                    .with_primary_label("the fact the seats follow")
                    .with_help(help),
            );
        }
    }
    if let Some(RuleTotal::CubeRoot(of)) = &rule.total {
        if of.name != rule.fact.name {
            out.push(
                Diagnostic::new(
                    Code::E1106,
                    of.span,
                    format!(
                        "the total is the cube root of `{}`, and the seats follow `{}`",
                        of.name, rule.fact.name
                    ),
                )
                .with_primary_label("another fact")
                .with_label(rule.fact.span, "the fact the seats follow")
                .with_help(format!("write `total cube root of {}`", rule.fact.name)),
            );
        }
    }
    let whole = |n: &Number| n.as_integer().and_then(|v| u64::try_from(v).ok());
    let declared = b.seats.first();
    let total = match (&rule.total, declared.map(|s| (&s.count, s.span))) {
        (_, Some((SeatCount::Table(_) | SeatCount::OnePerMember, at))) => {
            out.push(
                Diagnostic::new(
                    Code::E1108,
                    rule.span,
                    format!("`{name}` gives its seats by a rule and by its `seats:` besides"),
                )
                .with_primary_label("the seats by a rule")
                .with_label(at, "the seats as written")
                .with_help(
                    "keep one: a table or one seat per member, or the rule (with `seats: N elected directly` for who holds the seats)",
                ),
            );
            None
        }
        (Some(RuleTotal::Fixed(n)), Some((SeatCount::Fixed(m), at))) => {
            if whole(n) != whole(m) {
                out.push(
                    Diagnostic::new(
                        Code::E1108,
                        n.span,
                        format!("the rule of `{name}` shares {} seats, and `seats:` gives {}", n.text, m.text),
                    )
                    .with_primary_label("the rule's total")
                    .with_label(at, "the seats as written")
                    .with_help("make the two numbers the same, or leave the total out of the rule: it is then the number `seats:` gives"),
                );
            }
            whole(n)
        }
        (Some(RuleTotal::CubeRoot(of)), Some((SeatCount::Fixed(m), at))) => {
            out.push(
                Diagnostic::new(
                    Code::E1108,
                    of.span,
                    format!(
                        "the rule of `{name}` sizes the body by the cube root of `{}`, and `seats:` gives {}",
                        of.name, m.text
                    ),
                )
                .with_primary_label("the rule's total")
                .with_label(at, "the seats as written")
                .with_help("keep one total: leave out `seats:` (the rule gives their number), or the rule's `total cube root ...`"),
            );
            None
        }
        (Some(RuleTotal::Fixed(n)), None) => whole(n),
        (Some(RuleTotal::CubeRoot(_)), None) => None,
        (None, Some((SeatCount::Fixed(m), _))) => whole(m),
        (None, None) => {
            out.push(
                Diagnostic::new(
                    Code::E1107,
                    rule.span,
                    format!("the rule of `{name}` shares no number of seats"),
                )
                .with_primary_label("no total")
                .with_help("give the seats in all: `, total 435`, or `, total cube root of population`"),
            );
            None
        }
    };
    let floor = rule.at_least.as_ref().and_then(whole).unwrap_or(0);
    let floor = floor.max(rule.base.as_ref().and_then(whole).unwrap_or(0));
    let max = rule.at_most.as_ref().and_then(whole);
    let members = u64::try_from(model.parties.len()).unwrap_or(u64::MAX);
    let mut impossible: Vec<String> = Vec::new();
    if let Some(max) = max {
        if floor > max {
            impossible.push(format!("every member has at least {floor} seats, and at most {max}"));
        }
    }
    if let Some(total) = total {
        if total == 0 {
            impossible.push("the rule shares no seats".to_string());
        } else if total > crate::apportion::MOST_SEATS {
            impossible.push(format!(
                "{total} seats are more than treatyc apportions (at most {})",
                crate::apportion::MOST_SEATS
            ));
        }
        if members > 0 && members.saturating_mul(floor) > total {
            impossible.push(format!(
                "{members} parties of at least {floor} seats each need {} seats, more than {total}",
                members.saturating_mul(floor)
            ));
        }
        if let Some(max) = max.filter(|_| members > 0) {
            if members.saturating_mul(max) < total {
                impossible.push(format!(
                    "{members} parties of at most {max} seats each fill {} seats, fewer than {total}",
                    members.saturating_mul(max)
                ));
            }
        }
    }
    if !impossible.is_empty() {
        let mut d = Diagnostic::new(
            Code::E1107,
            rule.span,
            format!("no apportionment meets the rule of `{name}`"),
        )
        .with_primary_label("bounds no count can meet");
        for why in impossible {
            d = d.with_note(why);
        }
        out.push(d.with_help(
            "change the total, the minimum, the base or the maximum so that every member can be given its seats",
        ));
    }
    if out.len() > before {
        return None;
    }
    let table = facts?;
    let rows: Vec<(String, u64)> = table
        .numbers(&rule.fact.name)?
        .into_iter()
        .filter_map(|(id, v)| Some((id, u64::try_from((v.den == 1).then_some(v.num)?).ok()?)))
        .collect();
    let program_rule = crate::ir::SeatRule {
        method: rule.method()?,
        fact: rule.fact.name.clone(),
        square_root: rule.square_root,
        base: rule.base.as_ref().and_then(whole),
        total: match total {
            Some(n) => crate::ir::RuleTotal::Fixed(n),
            None => crate::ir::RuleTotal::CubeRoot,
        },
        at_least: rule.at_least.as_ref().and_then(whole),
        at_most: max,
    };
    let parties: Vec<&str> = model.parties.keys().collect();
    let run = crate::apportion::of_rule(&program_rule).and_then(|(method, constraints)| {
        let states = crate::apportion::rule_states(&parties, rows)?;
        crate::apportion::apportion(&states, &method, &constraints)
    });
    match run {
        Ok(run) => Some(Computed {
            span: rule.span,
            seats: run.states.into_iter().map(|s| (s.id, s.seats)).collect(),
        }),
        // A party without a row is the facts' own error (E0605), reported already.
        Err(p) if p.code == Code::E0605 => None,
        Err(p) => {
            out.push(
                Diagnostic::new(
                    Code::E1107,
                    rule.span,
                    format!(
                        "the rule of `{name}` cannot be applied to the facts given: {}",
                        p.message
                    ),
                )
                .with_primary_label("the seat rule")
                .with_help(p.help.unwrap_or_else(|| "check the facts given".to_string())),
            );
            None
        }
    }
}

/// E1102, E1103, W1104: a seat table held to its condition (TEU 14(2)). The
/// bounds are judged on the table; degressive proportionality on the
/// populations of `--facts`, when given.
fn held_to(
    b: &Body,
    condition: &SeatCondition,
    computed: Option<&Computed>,
    facts: Option<&crate::facts::FactTable>,
    out: &mut Vec<Diagnostic>,
) {
    let name = &b.name.name;
    let whole = |n: &Number| n.as_integer().and_then(|v| u64::try_from(v).ok());
    let table = b.seats.first().and_then(|s| match &s.count {
        SeatCount::Table(shares) => Some((s.span, shares)),
        _ => None,
    });
    let (table_span, seats, what): (_, Vec<(&str, u64)>, &str) = match (table, computed) {
        (Some((span, shares)), _) => (
            span,
            shares
                .iter()
                .filter_map(|s| Some((s.member.name.as_str(), whole(&s.seats)?)))
                .collect(),
            "the seat table",
        ),
        (None, Some(c)) => (
            c.span,
            c.seats.iter().map(|(m, n)| (m.as_str(), *n)).collect(),
            "the seats this rule gives on the facts",
        ),
        // A rule's seats depend on the facts: without them there is nothing to hold yet.
        (None, None) if b.seat_rule.is_some() => return,
        (None, None) => {
            out.push(
                Diagnostic::new(
                    Code::E1103,
                    condition.span,
                    format!("`{name}` has no seat table for its condition to hold"),
                )
                .with_primary_label("a condition on seats per member")
                .with_help("give the seats of each member (`seats: DEU 96, FRA 81, ...`) or a rule that computes them (`seats apportioned by ...`), or leave the condition out"),
            );
            return;
        }
    };
    let total: u64 = seats.iter().map(|(_, n)| n).sum();
    let mut broken: Vec<String> = Vec::new();
    if let Some(least) = condition.at_least.as_ref().and_then(whole) {
        broken.extend(
            seats
                .iter()
                .filter(|(_, n)| *n < least)
                .map(|(m, n)| format!("`{m}` has {n} seats, fewer than {least}")),
        );
    }
    if let Some(most) = condition.at_most.as_ref().and_then(whole) {
        broken.extend(
            seats
                .iter()
                .filter(|(_, n)| *n > most)
                .map(|(m, n)| format!("`{m}` has {n} seats, more than {most}")),
        );
    }
    if let Some((limit, ceiling)) = condition.total.as_ref().and_then(|(n, c)| Some((whole(n)?, *c))) {
        if total > limit || (!ceiling && total != limit) {
            broken.push(format!(
                "the table has {total} seats in all, {} {limit}",
                if ceiling { "more than" } else { "not" }
            ));
        }
    }
    if !broken.is_empty() {
        let mut d = Diagnostic::new(
            Code::E1102,
            table_span,
            format!("the seats of `{name}` break the bounds of their condition"),
        )
        .with_primary_label(format!("{what}: outside the condition's bounds"))
        .with_label(condition.span, "the condition");
        for line in &broken {
            d = d.with_note(line.clone());
        }
        out.push(d.with_help(if table.is_some() {
            "change the seats in the table, or the bounds the condition states"
        } else {
            "bound the rule as the condition does (`at least N`, `at most N`, its total), or change the condition's bounds"
        }));
    }
    let Some(populations) = facts.and_then(|f| f.numbers(&condition.fact.name)) else {
        return;
    };
    let delegations: Vec<crate::apportion::condition::Delegation> = seats
        .iter()
        .filter_map(|(m, n)| {
            let (_, p) = populations.iter().find(|(id, _)| id == m)?;
            Some(crate::apportion::condition::Delegation {
                id: (*m).to_string(),
                population: u64::try_from(p.floor()).ok()?,
                seats: *n,
            })
        })
        .collect();
    let found = crate::apportion::condition::breaches(&delegations, condition.before_rounding);
    if found.is_empty() {
        return;
    }
    let how = if condition.before_rounding {
        " before rounding"
    } else {
        ""
    };
    let mut d = Diagnostic::new(
        Code::W1104,
        table_span,
        format!(
            "the seats of `{name}` are not degressively proportional to `{}`{how}: {} of states {} it",
            condition.fact.name,
            if found.len() == 1 {
                "1 pair".to_string()
            } else {
                format!("{} pairs", found.len())
            },
            if found.len() == 1 { "breaks" } else { "break" }
        ),
    )
    .with_primary_label(what)
    .with_label(condition.span, "the condition");
    for breach in &found {
        d = d.with_note(breach.describe(condition.before_rounding));
    }
    out.push(d.with_help(
        "the more populous of two states needs at least as many seats and more citizens a seat: move seats between the pair, or check the populations given",
    ));
}

fn e0119(at: crate::source::Span, message: String, label: &str, help: &str) -> Diagnostic {
    Diagnostic::new(Code::E0119, at, message)
        .with_primary_label(label.to_string())
        .with_help(help.to_string())
}

/// E0119, E1109: a term of office of `seats` seats (when known) and its renewals.
fn term_of_office(name: &str, term: &crate::ast::TermOfOffice, seats: Option<u64>, out: &mut Vec<Diagnostic>) {
    use crate::ast::RenewedShare;
    if term.length.length.amount == 0 {
        out.push(e0119(
            term.length.span,
            format!("the elected seats of `{name}` have a term of no length"),
            "a term of zero",
            "write the term of office, such as `for two years`",
        ));
        return;
    }
    let Some(renewal) = &term.renewal else { return };
    let e1109 = |message: String, label: &str, help: String| {
        Diagnostic::new(Code::E1109, renewal.span, message)
            .with_primary_label(label.to_string())
            .with_label(term.length.span, "the term")
            .with_help(help)
    };
    let renewed = match (renewal.share, seats) {
        (RenewedShare::Seats(n), _) => Some(n),
        (RenewedShare::Fraction { numerator, denominator }, Some(seats)) => {
            let filled = seats.saturating_mul(numerator);
            if denominator == 0 || filled % denominator != 0 {
                out.push(e1109(
                    format!(
                        "{numerator}/{denominator} of the {seats} seats of `{name}` is not a whole number of seats"
                    ),
                    "a share of the seats",
                    "give the number of seats each renewal fills: `5 renewed every three years`".to_string(),
                ));
                return;
            }
            Some(filled / denominator)
        }
        (RenewedShare::Fraction { .. }, None) => None,
    };
    // Renewal periods in one term: both lengths in months, or both in days.
    let in_months = |l: crate::time::Length| match l.unit {
        crate::time::TimeUnit::Years => Some(u64::from(l.amount) * 12),
        crate::time::TimeUnit::Months => Some(u64::from(l.amount)),
        crate::time::TimeUnit::Days | crate::time::TimeUnit::Weeks => None,
    };
    let in_days = |l: crate::time::Length| match l.unit {
        crate::time::TimeUnit::Days => Some(u64::from(l.amount)),
        crate::time::TimeUnit::Weeks => Some(u64::from(l.amount) * 7),
        crate::time::TimeUnit::Years | crate::time::TimeUnit::Months => None,
    };
    let (length, every) = (term.length.length, renewal.every.length);
    let periods = match (in_months(length), in_months(every), in_days(length), in_days(every)) {
        (Some(l), Some(e), _, _) | (_, _, Some(l), Some(e)) if e > 0 && l % e == 0 => l / e,
        _ => {
            out.push(e1109(
                format!("a term of {length} is not a whole number of renewals every {every}"),
                "renewals that do not divide the term",
                "renew every period that divides the term: `for nine years, 5 renewed every three years`".to_string(),
            ));
            return;
        }
    };
    let Some(renewed) = renewed else { return };
    let filled = renewed.saturating_mul(periods);
    match seats {
        _ if renewed == 0 => out.push(e1109(
            format!("the renewals of `{name}` fill no seat"),
            "no seat renewed",
            "give the seats each renewal fills".to_string(),
        )),
        Some(seats) if filled != seats => out.push(e1109(
            format!(
                "{} every {every} with a term of {length} fill {filled} seats, but `{name}` has {seats}",
                if renewed == 1 {
                    "1 seat".to_string()
                } else {
                    format!("{renewed} seats")
                }
            ),
            "renewals that do not add up to the seats",
            match seats.checked_div(periods) {
                Some(each) if each * periods == seats => {
                    format!("{periods} renewals in a term: renew {each} seats each time")
                }
                _ => format!("{seats} seats cannot be renewed in {periods} equal parts: change the term or the period"),
            },
        )),
        _ => {}
    }
}

/// E0119, E0120, W0121: what the seats clauses say of one body.
fn composition(model: &Model<'_>, b: &Body, out: &mut Vec<Diagnostic>) {
    let name = &b.name.name;
    let seats = b.seats.first();
    let persons = seats.is_some_and(|s| s.origin.is_some());
    if let Some(elected) = &b.elected_seats {
        if let Some(term) = &elected.term {
            term_of_office(
                name,
                term,
                elected.count.as_integer().and_then(|n| u64::try_from(n).ok()),
                out,
            );
        }
    }
    if let Some(seats) = seats {
        if let Some(term) = &seats.term {
            let count = match &seats.count {
                SeatCount::Fixed(n) => n.as_integer().and_then(|n| u64::try_from(n).ok()),
                SeatCount::Table(shares) => shares
                    .iter()
                    .map(|s| s.seats.as_integer().and_then(|n| u64::try_from(n).ok()))
                    .sum(),
                SeatCount::OnePerMember => None,
            };
            term_of_office(name, term, count, out);
        }
    }
    let Some(seats) = seats else {
        if let Some(elected) = &b.elected_seats {
            out.push(e0119(
                elected.span,
                format!("`{name}` has elected seats but no number of seats"),
                "elected seats of a body whose seats are not given",
                "give the seats first: `seats: 15`, then `permanent seats: ...` and `elected seats: 10 ...`",
            ));
        }
        return;
    };
    // Seats held by members are those of a body with permanent or elected
    // seats; one seat per member may have permanent seats (veto holders) too.
    if let SeatCount::Fixed(n) = &seats.count {
        if n.as_integer() == Some(0) {
            out.push(e0119(
                seats.span,
                format!("`{name}` has no seats"),
                "zero seats",
                "give the number of its seats, or leave out `seats:` when the treaty does not fix it",
            ));
        }
    }
    let member_held_subset = matches!(seats.count, SeatCount::Fixed(_)) && !persons;
    if !member_held_subset {
        let kind = match (&seats.count, persons) {
            (SeatCount::OnePerMember, _) => "one seat per member",
            (SeatCount::Table(_), _) => "a delegation per member",
            _ => "seats held by persons",
        };
        if let Some(first) = b
            .permanent_seats
            .first()
            .filter(|_| !matches!(seats.count, SeatCount::OnePerMember))
        {
            out.push(
                e0119(
                    first.span,
                    format!("`{name}` has {kind}, and permanent seats besides"),
                    "permanent seats",
                    "permanent and elected seats belong to a body of a number of seats held by members: `seats: 15` with no `elected`/`appointed`",
                )
                .with_label(seats.span, "the seats"),
            );
        }
        if let Some(elected) = &b.elected_seats {
            out.push(
                e0119(
                    elected.span,
                    format!("`{name}` has {kind}, and elected seats besides"),
                    "elected seats",
                    "permanent and elected seats belong to a body of a number of seats held by members: `seats: 15` with no `elected`/`appointed`",
                )
                .with_label(seats.span, "the seats"),
            );
        }
    }
    match &seats.count {
        SeatCount::Fixed(n) if member_held_subset && (!b.permanent_seats.is_empty() || b.elected_seats.is_some()) => {
            let Some(n) = n.as_integer() else { return };
            let permanent = i128::try_from(b.permanent_seats.len()).unwrap_or(i128::MAX);
            let elected = b.elected_seats.as_ref().and_then(|e| e.count.as_integer());
            let members = i128::try_from(model.parties.len()).unwrap_or(i128::MAX);
            if permanent + elected.unwrap_or(0) > n || elected.is_some_and(|e| permanent + e != n) {
                let mut d = e0119(
                    seats.span,
                    format!(
                        "the seats of `{name}` do not add up: {n} seats, {permanent} permanent{}",
                        elected.map(|e| format!(" and {e} elected")).unwrap_or_default()
                    ),
                    "the number of seats",
                    "make the permanent and the elected seats add up to the number of seats",
                );
                if let Some(e) = &b.elected_seats {
                    d = d.with_label(e.span, "the elected seats");
                }
                out.push(d);
            } else if !model.parties.is_empty() && n > members {
                out.push(e0119(
                    seats.span,
                    format!("`{name}` has {n} seats held by members, and the treaty has {members} members"),
                    "more seats than members",
                    "a body whose seats are held by persons has no permanent or elected seats of members; seats held by members are at most the members",
                ));
            }
        }
        SeatCount::Table(shares) => {
            let mut first: BTreeMap<&str, &SeatShare> = BTreeMap::new();
            for share in shares {
                if let Some(earlier) = first.get(share.member.name.as_str()) {
                    out.push(
                        Diagnostic::new(
                            Code::E0120,
                            share.member.span,
                            format!("`{}` has two delegations in the seats of `{name}`", share.member.name),
                        )
                        .with_primary_label("listed again here")
                        .with_label(earlier.member.span, "first listed here")
                        .with_help("give each member one number of seats"),
                    );
                    continue;
                }
                first.insert(&share.member.name, share);
                if share.seats.as_integer() == Some(0) {
                    out.push(
                        Diagnostic::new(
                            Code::E0120,
                            share.seats.span,
                            format!("`{}` has a delegation of no seats in `{name}`", share.member.name),
                        )
                        .with_primary_label("zero seats")
                        .with_help(
                            "give it its seats, or leave it out of the table (a member with no seat does not vote)",
                        ),
                    );
                }
            }
            let missing: Vec<&str> = model.parties.keys().filter(|p| !first.contains_key(p)).collect();
            if !missing.is_empty() {
                out.push(
                    Diagnostic::new(
                        Code::W0121,
                        seats.span,
                        format!(
                            "{} {} of the treaty {} no delegation in `{name}`: {}",
                            missing.len(),
                            if missing.len() == 1 { "member" } else { "members" },
                            if missing.len() == 1 { "has" } else { "have" },
                            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_primary_label("the seat table")
                    .with_help(
                        "give every member its seats (`DEU 96, ...`); a member left out has no vote in this body",
                    ),
                );
            }
        }
        _ => {}
    }
}

/// E0122: a rule of a body whose votes are cast by persons or delegations that
/// weighs votes by a member fact, or gives persons a veto of members.
fn voters(model: &Model<'_>, b: &Body, out: &mut Vec<Diagnostic>) {
    let Some(seats) = b.seats.first() else { return };
    let (persons, table) = match &seats.count {
        SeatCount::Fixed(n) => {
            let member_seats = !b.permanent_seats.is_empty() || b.elected_seats.is_some();
            let members = (!model.parties.is_empty()).then(|| u64::try_from(model.parties.len()).unwrap_or(u64::MAX));
            let n = n.as_integer().and_then(|v| u64::try_from(v).ok()).unwrap_or(u64::MAX);
            let holders = crate::ir::fixed_seats(n, seats.origin.is_some(), member_seats, members);
            (holders == crate::ir::FixedSeats::Persons, false)
        }
        SeatCount::Table(_) => (false, true),
        SeatCount::OnePerMember => return,
    };
    if !persons && !table {
        return;
    }
    for power in &b.powers {
        let Some(rule) = model.rule_of(&power.rule) else {
            continue;
        };
        for clause in &rule.node.clauses {
            let (at, what) = match clause {
                RuleClause::Threshold {
                    measure: Measure::Weight(w),
                    span,
                    ..
                } => (*span, format!("weighs votes by `{}`, a fact of member states", w.name)),
                RuleClause::BlockingMinority { span, .. } => {
                    (*span, "counts a blocking minority of member states".to_string())
                }
                RuleClause::Veto { span, .. } if persons => (*span, "gives member states a veto".to_string()),
                _ => continue,
            };
            out.push(
                Diagnostic::new(
                    Code::E0122,
                    power.span,
                    format!(
                        "`{}` decides `{}` by `{}`, which {what}; the votes of `{}` are cast by {}",
                        b.name.name,
                        power.decision.name,
                        rule.node.name.name,
                        b.name.name,
                        if persons { "persons" } else { "delegations of seats" }
                    ),
                )
                .with_primary_label("decided here")
                .with_label(at, "this criterion")
                .with_label(seats.span, "the seats")
                .with_help("count the body's seats (`members >= 2/3 of votes cast and absolute majority`), or give the decision to a body of one seat per member"),
            );
        }
    }
}
