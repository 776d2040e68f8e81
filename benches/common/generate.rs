//! Synthetic treaties for the benches (#24): deterministic, parameterised by the
//! number of provisions and by shape, written the way `docs/language.md` writes
//! treaties. Every shape checks without errors at every size (the test
//! `scale::every_generated_shape_checks_without_errors` proves it at small sizes).
//! The `scale` bench writes each treaty it measures to `target/scale/SHAPE-N.treaty`,
//! for timing `treatyc check` end to end (`/usr/bin/time -v`).
//!
//! A shape stresses one thing the checker must do at scale:
//! - `uniform`: the checking bench's first treaty (`benches/synthetic.py`), three
//!   distinct constraint texts, no stages;
//! - `realistic`: obligations with conditions and exceptions over shared facts,
//!   prohibitions with their saving clauses, `% of gdp` constraints with their own
//!   figures, named acts repeated across articles, duties with time limits, bodies,
//!   sanctions, procedures, criteria, and two stages;
//! - `gdp-shares`: every provision a `% of gdp` constraint with its own figure;
//! - `one-act`: every provision an obligation on one act phrase, each under its
//!   own condition, and four prohibitions of it;
//! - `one-fact`: every provision a bound on one fact, under its own condition;
//! - `institutions`: for every provision, a body with its powers and a rule, a
//!   decision procedure and a sanction;
//! - `stages`: the realistic treaty on a ladder of eight stages, each replacing
//!   articles and rules.

use std::fmt::Write;

/// The kinds of treaty the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Uniform,
    Realistic,
    GdpShares,
    OneAct,
    OneFact,
    Institutions,
    Stages,
}

impl Shape {
    pub const ALL: [Shape; 7] = [
        Shape::Uniform,
        Shape::Realistic,
        Shape::GdpShares,
        Shape::OneAct,
        Shape::OneFact,
        Shape::Institutions,
        Shape::Stages,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Uniform => "uniform",
            Shape::Realistic => "realistic",
            Shape::GdpShares => "gdp-shares",
            Shape::OneAct => "one-act",
            Shape::OneFact => "one-fact",
            Shape::Institutions => "institutions",
            Shape::Stages => "stages",
        }
    }

    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A treaty of `shape` with `provisions` provisions (obligations, prohibitions
/// and permissions; the other items come in proportion).
pub fn treaty(shape: Shape, provisions: usize) -> String {
    let mut out = String::with_capacity(provisions * 160);
    match shape {
        Shape::Uniform => uniform(&mut out, provisions),
        Shape::Realistic => realistic(&mut out, provisions, 2),
        Shape::GdpShares => gdp_shares(&mut out, provisions),
        Shape::OneAct => one_act(&mut out, provisions),
        Shape::OneFact => one_fact(&mut out, provisions),
        Shape::Institutions => institutions(&mut out, provisions),
        Shape::Stages => realistic(&mut out, provisions, 8),
    }
    out
}

/// The name the treaty of `shape` is written under.
pub fn treaty_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Uniform => "big",
        Shape::Realistic | Shape::Stages => "realistic",
        Shape::GdpShares => "gdp_shares",
        Shape::OneAct => "one_act",
        Shape::OneFact => "one_fact",
        Shape::Institutions => "institutions",
    }
}

/// An amendment to the treaty of `shape` (at any size): it lowers the
/// qualified majority's population threshold and inserts an article of
/// duties after article 2, as a revision of a large treaty usually does: a few
/// changes, every one of them checked against the whole amended treaty.
pub fn amendment(shape: Shape) -> String {
    format!(
        "amendment revision \"A revision\" amends {} {{\n  text \"The qualified majority is lowered and new duties are added.\"\n  replace rule qmv = members >= 55% and population >= 60%\n  insert article 2a \"New duties\" {{\n    text \"Members shall publish their national plans every year.\"\n    every member must publish national_plans every year\n  }} after article 2\n}}\n",
        treaty_name(shape)
    )
}

/// The checking bench's first treaty: two provisions, a body and a sanction per
/// article (the same text as `benches/synthetic.py`).
fn uniform(out: &mut String, provisions: usize) {
    out.push_str(
        "treaty big \"Synthetic\" {\n  facts member { population: count  gdp: money  spending: money  neutral: bool }\n  facts situation { attack: bool }\n  rule qmv = members >= 55% and population >= 65% and blocking minority >= 4 members\n",
    );
    for i in 0..provisions.div_ceil(2) {
        let _ = write!(
            out,
            "  article {i} \"Article {i}\" {{\n    text \"Text of article {i}.\"\n    every member must act_{i} when situation.attack unless neutral\n    every member with not neutral must spending >= {}% of gdp\n    body Body{i} {{ seats: one per member  decides decision_{i} by qmv }}\n    sanction s{i} on breach of article {i}: Body{i} may suspend voting_rights by qmv excluding concerned\n  }}\n",
            1 + i % 3
        );
    }
    out.push_str("}\n");
}

/// Sectors whose spending members report, each a fact compared with GDP.
pub(crate) const SECTORS: [&str; 12] = [
    "defence",
    "health",
    "education",
    "research",
    "aid",
    "climate",
    "cyber",
    "space",
    "culture",
    "transport",
    "energy",
    "food",
];

/// The circumstances of a case, shared by every article.
pub(crate) const SITUATIONS: [&str; 8] = [
    "armed_attack",
    "pandemic",
    "financial_crisis",
    "natural_disaster",
    "cyber_attack",
    "refugee_crisis",
    "energy_shortage",
    "council_summit",
];

/// Duties repeated across articles, as treaties repeat "shall inform the Council".
pub(crate) const DUTIES: [&str; 16] = [
    "assist attacked_member",
    "inform Council",
    "implement community_decisions",
    "report measures_to Council",
    "consult Ministers",
    "share intelligence",
    "protect critical_infrastructure",
    "host exercises",
    "respect human_rights",
    "cooperate with_the_court",
    "notify the_secretariat",
    "publish national_plans",
    "train personnel",
    "maintain reserves",
    "finance the_secretariat",
    "mobilise forces",
];

/// Acts forbidden unless a saving clause applies; each has its own clause, and
/// the permission that goes with it (`may ... when` the same clause).
pub(crate) const FORBIDDEN: [(&str, &str); 6] = [
    ("use force", "collective_self_defence"),
    ("close borders", "pandemic"),
    ("impose export_controls", "energy_shortage"),
    ("suspend payments", "financial_crisis"),
    ("deploy troops_abroad", "collective_self_defence"),
    ("requisition shipping", "natural_disaster"),
];

/// Exceptions over the members' own facts.
const EXCEPTIONS: [&str; 6] = [
    "neutral",
    "status = not_free",
    "freedom_score < 40",
    "population < 1_000_000",
    "landlocked",
    "joined >= 2020",
];

/// The facts, parties, rules and institutions every generated treaty but
/// `uniform` shares.
fn prelude(out: &mut String, name: &str) {
    let _ = write!(
        out,
        "treaty {name} \"A generated treaty\" {{\n  text \"The States Parties establish among themselves a Community.\"\n\n  in force from 1 January 2030\n\n  facts member {{\n    population: count\n    gdp: money\n"
    );
    for s in SECTORS {
        let _ = writeln!(out, "    {s}_spending: money");
    }
    out.push_str(
        "    debt_ratio: ratio\n    neutral: bool\n    landlocked: bool\n    joined: year\n    freedom_score: score 0..100\n    status: one of { free, partly_free, not_free }\n  }\n  facts world { population: count }\n  facts situation {\n",
    );
    for s in SITUATIONS {
        let _ = writeln!(out, "    {s}: bool");
    }
    out.push_str("    collective_self_defence: bool\n  }\n  parties {\n");
    for (id, name) in [
        ("AAA", "Avalon"),
        ("BBB", "Borduria"),
        ("CCC", "Carpania"),
        ("DDD", "Drusselstein"),
        ("EEE", "Elbonia"),
        ("FFF", "Florin"),
        ("GGG", "Genovia"),
        ("HHH", "Hyrkania"),
        ("III", "Illyria"),
        ("JJJ", "Jaspia"),
    ] {
        let _ = writeln!(out, "    {id} \"{name}\"");
    }
    let _ = writeln!(
        out,
        "  }}\n\n  external body SecurityCouncil \"United Nations Security Council\" {{ authorises {name} }}"
    );
    out.push_str(
        "\n  article 1 \"Institutions\" {\n    text \"The Community shall have a Council, a Council of Ministers, a Commission and a Court.\"\n    rule qmv \"Qualified majority\" =\n      members >= 55% and population >= 65% and blocking minority >= 4 members\n    rule reinforced_qmv = members >= 72% and population >= 65% and abstention counts against\n    accession by Council.admission\n    body Council \"Council of Heads of State or Government\" {\n      seats: one per member appointed by members\n      decides admission by qmv on proposal from Ministers\n      decides expulsion by reinforced_qmv excluding concerned\n      decides broad_policy by qmv\n    }\n    body Ministers {\n      seats: one per member\n      decides detailed_policy by qmv on proposal from Commission\n      proposes admission to Council\n    }\n    body Commission { seats: 10 appointed by Council  decides proposals by simple majority  reports to Council }\n    body Court { seats: 15 appointed by Council  decides judgments by simple majority  interprets treaty }\n    criterion democracy \"Rated free\": status = free and freedom_score >= 70\n    expulsion by Council.expulsion\n    sanction suspension on breach of article 2, failure of membership criteria:\n      Ministers may suspend voting_rights by qmv excluding concerned\n    amendment procedure {\n      proposed by Ministers, Commission\n      adopted by Council by reinforced_qmv\n      ratified by 2/3 of members\n    }\n  }\n",
    );
}

/// A figure that differs from one provision to the next: `0.1%` to `9.9%`.
fn share(i: usize) -> String {
    let tenths = 1 + (i * 37) % 99;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A figure of its own for each of 100,000 provisions: `0.0001%` to `9.9999%`.
/// Provisions written identically are compared once, so a shape that repeats
/// a few figures would not measure the comparison of distinct provisions.
fn fine_share(i: usize) -> String {
    let units = 1 + (i * 7919) % 99_999;
    format!("{}.{:04}%", units / 10_000, units % 10_000)
}

/// One realistic article, numbered `n`, of four provisions.
fn realistic_article(out: &mut String, n: usize, title: &str) {
    let duty = DUTIES.get(n % DUTIES.len()).copied().unwrap_or("inform Council");
    let situation = SITUATIONS.get(n % SITUATIONS.len()).copied().unwrap_or("pandemic");
    let exception = EXCEPTIONS.get(n % EXCEPTIONS.len()).copied().unwrap_or("neutral");
    let sector = SECTORS.get(n % SECTORS.len()).copied().unwrap_or("defence");
    let (forbidden, saving) = FORBIDDEN
        .get(n % FORBIDDEN.len())
        .copied()
        .unwrap_or(("use force", "pandemic"));
    let when = SITUATIONS
        .get((n / 3) % SITUATIONS.len())
        .copied()
        .unwrap_or("pandemic");
    let _ = write!(
        out,
        "\n  article {n} \"{title}\" {{\n    text \"Members shall {duty} when the circumstances of Article {n} arise, save where they are {exception}.\"\n    a{n}: every member must {duty} when situation.{situation} unless {exception}\n    text \"Each member shall spend on {sector} at least the share of its gross domestic product set here.\"\n    every member with not {exception} must {sector}_spending >= {} of gdp\n    every member must not {forbidden} when situation.{when} unless situation.{saving} or authorised by SecurityCouncil\n",
        share(n)
    );
    // Every other article: the permission that goes with the prohibition, or a
    // duty with a time limit.
    if n.is_multiple_of(2) {
        let _ = writeln!(out, "    every member may {forbidden} when situation.{saving}");
    } else {
        let period = ["every year", "within six months of entry into force", "every two years"]
            .get(n % 3)
            .copied()
            .unwrap_or("every year");
        let _ = writeln!(out, "    Commission must report progress_{} {period}", n % 50);
    }
    if n.is_multiple_of(10) {
        let _ = write!(
            out,
            "    body Committee{n} \"Committee of Article {n}\" {{\n      seats: 7 appointed by Council\n      decides opinion_{n} by simple majority\n      reports to Council\n    }}\n    procedure opinion{n} \"Opinion under Article {n}\" for opinion_{n} {{\n      initiative by any member or Commission\n      consultation of Ministers\n      decision of Committee{n} by simple majority\n    }}\n"
        );
    }
    // Every fifth article, the sanction for breaching it and the four before.
    if n.is_multiple_of(5) {
        let _ = writeln!(
            out,
            "    sanction s{n} on breach of a{n}, breach of article {}, breach of article {}, breach of article {}, breach of article {}:\n      Council may suspend voting_rights by qmv excluding concerned",
            n - 1,
            n - 2,
            n - 3,
            n.saturating_sub(4).max(2)
        );
    }
    if n.is_multiple_of(25) {
        let _ = writeln!(out, "    criterion c{n}: freedom_score >= {}", 30 + n % 40);
    }
    out.push_str("  }\n");
}

/// Four provisions per article, and a ladder of `stages` stages: each replaces
/// an article, adds one, and the last replaces the qualified majority.
fn realistic(out: &mut String, provisions: usize, stages: usize) {
    prelude(out, treaty_name(Shape::Realistic));
    let articles = provisions.div_ceil(4);
    for n in 2..articles + 2 {
        realistic_article(out, n, &format!("Article {n}"));
    }
    for s in 0..stages {
        let after = if s == 0 {
            String::new()
        } else {
            format!(" after stage{}", s - 1)
        };
        let _ = write!(
            out,
            "\n  stage stage{s} \"Stage {s}\"{after}\n    when total population of members >= {}% of world.population and ratified by 2/3 of members\n  {{\n    text \"The Community deepens.\"\n",
            10 + 5 * s
        );
        // The article replaced is spread over the treaty.
        let replaced = 2 + (s * 7919) % articles.max(1);
        let mut article = String::new();
        realistic_article(
            &mut article,
            replaced,
            &format!("Article {replaced}, as revised at stage {s}"),
        );
        let _ = write!(
            out,
            "    replace {}",
            article.trim_start().replace("\n  ", "\n    ").trim_end()
        );
        out.push('\n');
        if s + 1 == stages {
            out.push_str("    replace rule qmv = members >= 55% and population >= 60%\n");
        }
        let _ = write!(
            out,
            "    add body Agency{s} {{ seats: 9 appointed by Council  decides guidance_{s} by simple majority  reports to Commission }}\n  }}\n"
        );
    }
    out.push_str("}\n");
}

/// Every provision a `% of gdp` constraint with a figure of its own, on twelve
/// sectors, for members narrowed by their own facts.
fn gdp_shares(out: &mut String, provisions: usize) {
    prelude(out, treaty_name(Shape::GdpShares));
    for (k, n) in (2..provisions.div_ceil(4) + 2).enumerate() {
        let _ = writeln!(out, "\n  article {n} \"Spending targets {n}\" {{");
        for j in 0..4 {
            let i = k * 4 + j;
            let sector = SECTORS.get(i % SECTORS.len()).copied().unwrap_or("defence");
            let exception = EXCEPTIONS.get(i % EXCEPTIONS.len()).copied().unwrap_or("neutral");
            let _ = writeln!(
                out,
                "    every member must {sector}_spending >= {} of gdp unless {exception}",
                fine_share(i)
            );
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
}

/// Every provision an obligation on one act phrase, each for members of its
/// own (no two written alike), and four prohibitions of the act in the whole treaty, under
/// exceptions that never meet the obligations' conditions (the obligations all
/// need a situation; the prohibitions lapse in every one).
fn one_act(out: &mut String, provisions: usize) {
    prelude(out, treaty_name(Shape::OneAct));
    let every_situation: Vec<String> = SITUATIONS.iter().map(|s| format!("situation.{s}")).collect();
    for (k, n) in (2..provisions.div_ceil(4) + 2).enumerate() {
        let _ = writeln!(out, "\n  article {n} \"Assistance {n}\" {{");
        for j in 0..4 {
            let i = k * 4 + j;
            let situation = SITUATIONS.get(i % SITUATIONS.len()).copied().unwrap_or("pandemic");
            if k < 4 && j == 3 {
                let _ = writeln!(
                    out,
                    "    every member with freedom_score < {} may not mobilise forces unless {}",
                    10 + i % 80,
                    every_situation.join(" or ")
                );
            } else {
                // A subject of its own for each of 100,000 provisions.
                let _ = writeln!(
                    out,
                    "    every member with freedom_score >= {} and joined >= {} must mobilise forces when situation.{situation}",
                    10 + i % 80,
                    1900 + (i / 80) % 1250
                );
            }
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
}

/// Every provision a bound of its own on one fact, the debt ratio, under its
/// own condition: ceilings above every floor, so that all can be kept together.
fn one_fact(out: &mut String, provisions: usize) {
    prelude(out, treaty_name(Shape::OneFact));
    for (k, n) in (2..provisions.div_ceil(4) + 2).enumerate() {
        let _ = writeln!(out, "\n  article {n} \"Public finances {n}\" {{");
        for j in 0..4 {
            let i = k * 4 + j;
            let situation = SITUATIONS.get(i % SITUATIONS.len()).copied().unwrap_or("pandemic");
            // A figure of its own for each of 100,000 provisions.
            let step = (i * 7919) % 300_000;
            let (bound, limit) = if i % 2 == 0 {
                ("<=", format!("0.{:06}", 600_000 + step))
            } else {
                (">=", format!("0.{:06}", step))
            };
            let _ = writeln!(
                out,
                "    every member must debt_ratio {bound} {limit} when situation.{situation} and freedom_score >= {}",
                i % 100
            );
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
}

/// For every provision, a body with two powers and its own rule, a decision
/// procedure, a sanction on the provision, and an act the body's members must do.
fn institutions(out: &mut String, provisions: usize) {
    prelude(out, treaty_name(Shape::Institutions));
    for n in 2..provisions + 2 {
        let permille = 500 + (n * 13) % 400;
        let _ = write!(
            out,
            "\n  article {n} \"Agency {n}\" {{\n    rule rule{n} = members >= {}.{}% and population >= 65%\n    body Agency{n} \"Agency {n}\" {{\n      seats: one per member appointed by members\n      decides programme_{n} by rule{n} on proposal from Commission\n      decides budget_{n} by qmv\n      reports to Council\n    }}\n    procedure programme{n} \"Programme {n}\" for programme_{n} {{\n      initiative by Commission or any member\n      consultation of Court\n      decision of Agency{n} by rule{n}\n    }}\n    p{n}: every member must contribute_to agency_{n} every year\n    sanction s{n} on breach of p{n}: Agency{n} may suspend voting_rights by qmv excluding concerned\n  }}\n",
            permille / 10,
            permille % 10
        );
    }
    out.push_str("}\n");
}
