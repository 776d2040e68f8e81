//! Cedar policies and their schema written the way the realistic treaty of
//! `generate.rs` is (#24), for comparing `treatyc check` with Cedar's parse and
//! strict validation (`cedar validate`) on the same number of bytes.
//!
//! Each article of the treaty becomes the policies that say the same: the duty
//! under its condition and exception (`permit ... when ... unless`), the `% of
//! gdp` target with its own figure (`forbid` reporting below it), the
//! prohibition with its saving clause and the Security Council's authorisation,
//! the permission that goes with it or the Commission's periodic report; every
//! tenth article a committee deciding by simple majority after consultation
//! (its decision a resource of its own), every fifth a sanction voted by
//! qualified majority on a breach of five provisions, every 25th a membership
//! criterion. Acts repeat across articles as the treaty's do; every condition
//! reads the members' attributes or the context, typed by the schema, so that
//! strict validation has everything to check.

use std::fmt::Write;

// The treaty's own vocabulary: the same sectors, circumstances, duties and
// prohibitions, an act's words joined by `_` as a Cedar action is named.
use crate::generate::{DUTIES, FORBIDDEN, SECTORS, SITUATIONS};

const EXCEPTIONS: [&str; 6] = [
    "principal.neutral",
    "principal.status == \"not_free\"",
    "principal.freedom_score < 40",
    "principal.population < 1000000",
    "principal.landlocked",
    "principal.joined >= 2020",
];

/// An act of the treaty (`inform Council`) as a Cedar action (`inform_Council`).
fn action(phrase: &str) -> String {
    phrase.replace(' ', "_")
}

fn pick<T: Copy>(list: &[T], i: usize) -> T {
    list[i % list.len()]
}

/// The policies of article `n`.
fn article(out: &mut String, n: usize) {
    let duty = action(pick(&DUTIES, n));
    let situation = pick(&SITUATIONS, n);
    let exception = pick(&EXCEPTIONS, n);
    let sector = pick(&SECTORS, n);
    let (forbidden, saving) = pick(&FORBIDDEN, n);
    let forbidden = action(forbidden);
    let when = pick(&SITUATIONS, n / 3);
    let permille = 1 + (n * 37) % 99;
    let _ = write!(
        out,
        "// Article {n}\n@id(\"a{n}\")\npermit (\n  principal is Member,\n  action == Action::\"{duty}\",\n  resource is Community\n)\nwhen {{ context.situation.{situation} }}\nunless {{ {exception} }};\n\n\
@id(\"a{n}-spending\")\nforbid (\n  principal is Member,\n  action == Action::\"report_spending\",\n  resource is Community\n)\nwhen {{ principal.{sector}_spending * 1000 < principal.gdp * {permille} }}\nunless {{ {exception} }};\n\n\
@id(\"a{n}-prohibition\")\nforbid (\n  principal is Member,\n  action == Action::\"{forbidden}\",\n  resource is Community\n)\nwhen {{ context.situation.{when} }}\nunless {{ context.situation.{saving} || context.authorised.contains(Body::\"SecurityCouncil\") }};\n\n"
    );
    if n.is_multiple_of(2) {
        let _ = write!(
            out,
            "@id(\"a{n}-permission\")\npermit (\n  principal is Member,\n  action == Action::\"{forbidden}\",\n  resource is Community\n)\nwhen {{ context.situation.{saving} }};\n\n"
        );
    } else {
        let days = [365, 183, 730][n % 3];
        let _ = write!(
            out,
            "@id(\"a{n}-report\")\npermit (\n  principal == Body::\"Commission\",\n  action == Action::\"report_progress_{}\",\n  resource is Community\n)\nwhen {{ context.days_since_report <= {days} }};\n\n",
            n % 50
        );
    }
    if n.is_multiple_of(10) {
        let _ = write!(
            out,
            "@id(\"opinion{n}\")\npermit (\n  principal in Body::\"Committee{n}\",\n  action == Action::\"decide\",\n  resource == Decision::\"opinion_{n}\"\n)\nwhen {{\n  (context.initiative.contains(Body::\"Commission\") || context.initiative_by_member) &&\n  context.consulted.contains(Body::\"Ministers\") &&\n  context.in_favour * 2 > context.present\n}};\n\n"
        );
    }
    if n.is_multiple_of(5) {
        let _ = write!(
            out,
            "@id(\"s{n}\")\npermit (\n  principal == Body::\"Council\",\n  action == Action::\"suspend_voting_rights\",\n  resource is Member\n)\nwhen {{\n  context.breached.containsAny([\"a{n}\", \"article {}\", \"article {}\", \"article {}\", \"article {}\"]) &&\n  context.members_in_favour * 100 >= context.members * 55 &&\n  context.population_in_favour * 100 >= context.population * 65 &&\n  context.not_in_favour >= 4\n}}\nunless {{ context.concerned == resource }};\n\n",
            n - 1,
            n - 2,
            n - 3,
            n.saturating_sub(4).max(2)
        );
    }
    if n.is_multiple_of(25) {
        let _ = write!(
            out,
            "@id(\"c{n}\")\npermit (\n  principal is Member,\n  action == Action::\"accede\",\n  resource is Community\n)\nwhen {{ principal.freedom_score >= {} }};\n\n",
            30 + n % 40
        );
    }
}

/// The schema: a fixed vocabulary of actions, as Cedar applications write
/// them; each committee's decision is a resource of its own (`Decision::"opinion_10"`),
/// not an action, the way Cedar models a thing acted on.
fn schema() -> String {
    let mut out = String::from("type Situation = {\n");
    for s in SITUATIONS {
        let _ = writeln!(out, "  {s}: Bool,");
    }
    out.push_str("  collective_self_defence: Bool,\n};\n\n");
    out.push_str(
        "type Vote = {\n  situation: Situation,\n  authorised: Set<Body>,\n  initiative: Set<Body>,\n  initiative_by_member: Bool,\n  consulted: Set<Body>,\n  breached: Set<String>,\n  concerned: Member,\n  days_since_report: Long,\n  in_favour: Long,\n  present: Long,\n  members_in_favour: Long,\n  members: Long,\n  population_in_favour: Long,\n  population: Long,\n  not_in_favour: Long,\n};\n\n",
    );
    out.push_str("entity Community;\nentity Decision;\nentity Body;\nentity Member in [Body] {\n  population: Long,\n  gdp: Long,\n");
    for s in SECTORS {
        let _ = writeln!(out, "  {s}_spending: Long,");
    }
    out.push_str("  debt_ratio: Long,\n  neutral: Bool,\n  landlocked: Bool,\n  joined: Long,\n  freedom_score: Long,\n  status: String,\n};\n\n");
    let mut general: Vec<String> = DUTIES.iter().map(|d| action(d)).collect();
    general.extend(FORBIDDEN.iter().map(|(f, _)| action(f)));
    general.extend((0..50).map(|k| format!("report_progress_{k}")));
    general.push("report_spending".to_string());
    general.push("accede".to_string());
    general.sort();
    general.dedup();
    let names: Vec<String> = general.iter().map(|a| format!("\"{a}\"")).collect();
    let _ = write!(
        out,
        "action {} appliesTo {{\n  principal: [Member, Body],\n  resource: [Community],\n  context: Vote,\n}};\n\naction \"decide\" appliesTo {{\n  principal: [Member, Body],\n  resource: [Decision],\n  context: Vote,\n}};\n\naction \"suspend_voting_rights\" appliesTo {{\n  principal: [Body],\n  resource: [Member],\n  context: Vote,\n}};\n",
        names.join(", ")
    );
    out
}

/// A schema and policies of about `bytes` bytes together (at least that many,
/// within one article).
pub fn policies(bytes: usize) -> (String, String) {
    let schema = schema();
    let mut out = String::with_capacity(bytes + 4096);
    let mut n = 2;
    while out.len() + schema.len() < bytes {
        article(&mut out, n);
        n += 1;
    }
    (schema, out)
}
