//! The pages of the treaty itself: overview, articles, bodies and funds, voting
//! rules, obligations and criteria, sanctions, procedures, stages, and the
//! membership on a day.

use std::collections::BTreeMap;

use super::html::{anchor, diagnostics, escape, legal_text, prose, source_block};
use super::{Doc, Entry, Place};
use crate::ast::ItemKind;
use crate::ir::{
    Body, Initiator, Obligation, Procedure, ProcedureStep, Program, Provenance, Requirements, Rule, Sanction,
    StepTaker, Trigger,
};

/// Every provision the pages show, with the page and id it is shown under.
pub(super) fn places(doc: &Doc<'_>) -> Vec<Place> {
    let file = doc.input.treaty.span.file;
    let mut out = Vec::new();
    let mut add = |p: &Provenance, page: &str, id: String| {
        out.push(Place {
            file,
            start: p.start,
            end: p.end,
            page: page.to_string(),
            id,
        })
    };
    let b = doc.base;
    for a in &b.articles {
        add(&a.provenance, "articles.html", anchor("article", &a.number));
    }
    for x in &b.bodies {
        add(&doc.body_provenance(x), "bodies.html", anchor("body", &x.name));
    }
    for f in &b.funds {
        add(&f.provenance, "bodies.html", anchor("fund", &f.name));
    }
    for r in &b.rules {
        if let Some(p) = &r.provenance {
            add(p, "rules.html", anchor("rule", &r.name));
        }
    }
    for (i, o) in b.obligations.iter().enumerate() {
        add(&o.provenance, "obligations.html", obligation_id(o, i));
    }
    for c in &b.criteria {
        add(&c.provenance, "obligations.html", anchor("criterion", &c.name));
    }
    for (i, s) in b.sanctions.iter().enumerate() {
        add(&s.provenance, "sanctions.html", sanction_id(s, i));
    }
    for p in &b.procedures {
        add(&p.provenance, "procedures.html", anchor("procedure", &p.name));
    }
    if let Some(a) = &b.amendment_procedure {
        add(&a.provenance, "procedures.html", "amendment-procedure".to_string());
    }
    for s in &b.stages {
        add(&s.provenance, "stages.html", anchor("stage", &s.name));
    }
    for (stage, p) in stage_programs(doc) {
        let changes = changes(doc.base, p);
        for x in changes.bodies {
            add(&x.provenance, "stages.html", stage_id(stage, &anchor("body", &x.name)));
        }
        for a in changes.articles {
            add(
                &a.provenance,
                "stages.html",
                stage_id(stage, &anchor("article", &a.number)),
            );
        }
    }
    out
}

fn obligation_id(o: &Obligation, index: usize) -> String {
    match &o.label {
        Some(l) => anchor("obligation", l),
        None => format!("obligation-{}", index + 1),
    }
}

fn sanction_id(s: &Sanction, index: usize) -> String {
    match &s.name {
        Some(n) => anchor("sanction", n),
        None => format!("sanction-{}", index + 1),
    }
}

fn stage_id(stage: &str, id: &str) -> String {
    format!("{}-{id}", anchor("stage", stage))
}

/// Each stage's name with its program.
fn stage_programs<'a>(doc: &Doc<'a>) -> Vec<(&'a str, &'a Program)> {
    doc.stages
        .iter()
        .filter_map(|p| p.stage.as_deref().map(|s| (s, p)))
        .collect()
}

/// What a stage has that the treaty as written has not (or not so).
struct Changes<'p> {
    bodies: Vec<&'p Body>,
    removed_bodies: Vec<&'p str>,
    rules: Vec<&'p Rule>,
    articles: Vec<&'p crate::ir::Article>,
    obligations: Vec<&'p Obligation>,
    sanctions: Vec<&'p Sanction>,
    funds: Vec<&'p crate::ir::Fund>,
}

fn changes<'p>(base: &'p Program, p: &'p Program) -> Changes<'p> {
    Changes {
        bodies: p.bodies.iter().filter(|b| base.body(&b.name) != Some(*b)).collect(),
        removed_bodies: base
            .bodies
            .iter()
            .filter(|b| p.body(&b.name).is_none())
            .map(|b| b.name.as_str())
            .collect(),
        rules: p.rules.iter().filter(|r| base.rule(&r.name) != Some(*r)).collect(),
        articles: p.articles.iter().filter(|a| !base.articles.contains(a)).collect(),
        obligations: p.obligations.iter().filter(|o| !base.obligations.contains(o)).collect(),
        sanctions: p.sanctions.iter().filter(|s| !base.sanctions.contains(s)).collect(),
        funds: p.funds.iter().filter(|f| !base.funds.contains(f)).collect(),
    }
}

/// Every page of the treaty: its file, its title and its main content.
pub(super) fn pages(doc: &mut Doc<'_>) -> Vec<(String, String, String)> {
    let mut out = vec![
        (
            "index.html".to_string(),
            doc.base.title.clone().unwrap_or_else(|| doc.base.treaty.clone()),
            overview(doc),
        ),
        ("articles.html".to_string(), "Articles".to_string(), articles(doc)),
        ("bodies.html".to_string(), "Bodies and funds".to_string(), bodies(doc)),
        ("rules.html".to_string(), "Voting rules".to_string(), rules(doc)),
        (
            "obligations.html".to_string(),
            "Obligations and membership criteria".to_string(),
            obligations(doc),
        ),
        ("sanctions.html".to_string(), "Sanctions".to_string(), sanctions(doc)),
        ("procedures.html".to_string(), "Procedures".to_string(), procedures(doc)),
        ("stages.html".to_string(), "Stages".to_string(), stages(doc)),
    ];
    if let Some(s) = doc.input.on {
        out.push((
            "membership.html".to_string(),
            format!("Membership on {}", s.date),
            membership(doc, s),
        ));
    }
    out
}

impl Doc<'_> {
    /// The findings shown beside the provision `id` of `page`.
    fn findings(&self, page: &str, id: &str) -> String {
        let list = self
            .placed
            .get(&format!("{page}#{id}"))
            .map(Vec::as_slice)
            .unwrap_or_default();
        diagnostics(self.input.sources, list, "")
    }

    fn source(&self, p: &Provenance) -> String {
        source_block(self.input.sources, self.span(p))
    }

    fn span(&self, p: &Provenance) -> crate::source::Span {
        crate::source::Span::new(self.input.treaty.span.file, p.start, p.end)
    }

    /// Where a body is written: its whole declaration (its provenance is its name).
    fn body_provenance(&self, b: &Body) -> Provenance {
        let kind = if b.kind == crate::ir::BodyKind::Office {
            ItemKind::Office
        } else {
            ItemKind::Body
        };
        match super::find(&self.input.treaty.items, kind, &b.name) {
            Some(item) if item.span().start <= b.provenance.start && b.provenance.start < item.span().end => {
                Provenance {
                    start: item.span().start,
                    end: item.span().end,
                    ..b.provenance.clone()
                }
            }
            _ => b.provenance.clone(),
        }
    }

    fn index(&mut self, title: String, href: String, kind: &'static str, text: String) {
        self.search.push(Entry {
            title,
            href,
            kind,
            text,
        });
    }

    /// A link to a body: the treaty's, a stage's, or its name alone.
    pub(super) fn body_link(&self, name: &str) -> String {
        self.link("bodies.html", "body", name, escape(name), |p| p.body(name).is_some())
    }

    fn rule_link(&self, name: &str) -> String {
        self.link("rules.html", "rule", name, escape(name), |p| p.rule(name).is_some())
    }

    fn article_link(&self, number: &str) -> String {
        let label = format!("Article {}", escape(number));
        self.link("articles.html", "article", number, label, |p| {
            p.articles.iter().any(|a| a.number == number)
        })
    }

    /// A link to where `name` is shown: its page in the treaty as written, else
    /// the first stage that has it, else the name alone.
    fn link(&self, page: &str, kind: &str, name: &str, label: String, has: impl Fn(&Program) -> bool) -> String {
        if has(self.base) {
            return format!("<a href=\"{page}#{}\">{label}</a>", anchor(kind, name));
        }
        match stage_programs(self).into_iter().find(|(_, p)| has(p)) {
            Some((stage, _)) => format!(
                "<a href=\"stages.html#{}\">{label}</a>",
                stage_id(stage, &anchor(kind, name))
            ),
            None if kind == "article" => label,
            None => format!("<code>{label}</code>"),
        }
    }

    /// `(Article 5)` after a provision written in an article.
    fn article_note(&self, p: &Provenance) -> String {
        p.article
            .as_deref()
            .map(|a| format!(" <span class=\"from\">({})</span>", self.article_link(a)))
            .unwrap_or_default()
    }

    /// The rule a name stands for, in the treaty or a stage.
    fn rule_named(&self, name: &str) -> Option<&Rule> {
        self.base
            .rule(name)
            .or_else(|| stage_programs(self).into_iter().find_map(|(_, p)| p.rule(name)))
    }

    /// A rule's name with a link, and its sentence.
    fn rule_with_words(&self, name: &str) -> String {
        match self.rule_named(name) {
            Some(r) => format!(
                "{}: <span class=\"words\">{}</span>",
                self.rule_link(name),
                prose(&crate::words::sentence(r))
            ),
            None => self.rule_link(name),
        }
    }

    fn provision_link(&self, label: &str) -> String {
        let found = self.base.obligations.iter().any(|o| o.label.as_deref() == Some(label));
        if found {
            format!(
                "<a href=\"obligations.html#{}\">{}</a>",
                anchor("obligation", label),
                escape(label)
            )
        } else {
            format!("<code>{}</code>", escape(label))
        }
    }

    fn criterion_link(&self, name: &str) -> String {
        if self.base.criteria.iter().any(|c| c.name == name) {
            format!(
                "<a href=\"obligations.html#{}\">{}</a>",
                anchor("criterion", name),
                escape(name)
            )
        } else {
            format!("<code>{}</code>", escape(name))
        }
    }
}

fn title_or(title: Option<&String>, name: &str) -> String {
    title.cloned().unwrap_or_else(|| name.to_string())
}

fn overview(doc: &mut Doc<'_>) -> String {
    let b = doc.base;
    let title = title_or(b.title.as_ref(), &b.treaty);
    let mut h = format!("<h1>{}</h1>\n", escape(&title));
    h.push_str(&format!(
        "<p class=\"subtitle\">The treaty <code>{}</code>{}</p>\n",
        escape(&b.treaty),
        b.in_force_from
            .map(|d| format!(", in force from {d}"))
            .unwrap_or_default()
    ));
    if !b.preamble.is_empty() {
        h.push_str("<section class=\"preamble\" aria-labelledby=\"preamble\">\n<h2 id=\"preamble\">Preamble</h2>\n");
        h.push_str(&legal_text(&b.preamble));
        h.push_str("</section>\n");
    }
    h.push_str("<section aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol class=\"toc\">\n");
    for a in &b.articles {
        h.push_str(&format!(
            "<li>{}{}</li>\n",
            doc.article_link(&a.number),
            a.title
                .as_deref()
                .map(|t| format!(": {}", escape(t)))
                .unwrap_or_default()
        ));
    }
    h.push_str("</ol>\n</section>\n");
    h.push_str("<section aria-labelledby=\"parties\">\n<h2 id=\"parties\">Parties</h2>\n");
    h.push_str(&states_table("The parties as written", &b.members));
    if !b.other_states.is_empty() {
        h.push_str("<h3>Other states</h3>\n<p>States the treaty names that are not parties as written: candidates and former parties.</p>\n");
        h.push_str(&states_table("Other states", &b.other_states));
    }
    h.push_str("</section>\n");
    h.push_str("<section aria-labelledby=\"ladder\">\n<h2 id=\"ladder\">Stages</h2>\n");
    h.push_str(&ladder(doc));
    h.push_str("</section>\n");
    let loose = doc.placed.get("").cloned().unwrap_or_default();
    h.push_str("<section aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings of the checker</h2>\n");
    let total = doc.input.diagnostics.len();
    if total == 0 {
        h.push_str("<p>The checker finds no problem in this treaty.</p>\n");
    } else {
        h.push_str(&format!(
            "<p>The checker reports {} in this treaty; each is shown beside the provision it concerns{}.</p>\n",
            plural(total, "finding"),
            if loose.is_empty() {
                ""
            } else {
                ", and those no provision contains here"
            }
        ));
        h.push_str(&diagnostics(doc.input.sources, &loose, ""));
    }
    h.push_str("</section>\n");
    doc.index(title, "index.html".to_string(), "treaty", b.preamble.join(" "));
    h
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("one {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn states_table(caption: &str, states: &[crate::ir::Member]) -> String {
    let mut h = format!(
        "<table class=\"states\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n",
        escape(caption)
    );
    for m in states {
        h.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td></tr>\n",
            escape(&m.id),
            escape(m.name.as_deref().unwrap_or(""))
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    h
}

/// The ladder of stages, each with its entry condition.
fn ladder(doc: &Doc<'_>) -> String {
    let b = doc.base;
    if b.stages.is_empty() {
        return "<p>The treaty has no stages: it applies as written.</p>\n".to_string();
    }
    let mut h = String::from(
        "<ol class=\"ladder\">\n<li><a href=\"stages.html#stage-as-written\">The treaty as written</a></li>\n",
    );
    for s in &b.stages {
        let entry = match &s.entry {
            Some(e) => format!("entered when <code>{}</code>", escape(&e.to_string())),
            None => "no entry condition: it applies from the start".to_string(),
        };
        let after = s
            .after
            .as_deref()
            .map(|a| {
                format!(
                    ", after <a href=\"stages.html#{}\">{}</a>",
                    anchor("stage", a),
                    escape(a)
                )
            })
            .unwrap_or_default();
        h.push_str(&format!(
            "<li><a href=\"stages.html#{}\">{}</a>{after}: {entry}</li>\n",
            anchor("stage", &s.name),
            escape(&title_or(s.title.as_ref(), &s.name))
        ));
    }
    h.push_str("</ol>\n");
    h
}

fn articles(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Articles</h1>\n<p>Each article's legal text, then the provisions that encode it, as written in the treaty's source.</p>\n");
    let b = doc.base;
    for a in &b.articles {
        let id = anchor("article", &a.number);
        h.push_str(&article(doc, a, "articles.html", &id, b));
        let mut text = a.text.join(" ");
        text.push_str(&format!(" article {}", a.number));
        doc.index(
            format!(
                "Article {}{}",
                a.number,
                a.title.as_deref().map(|t| format!(": {t}")).unwrap_or_default()
            ),
            format!("articles.html#{id}"),
            "article",
            text,
        );
    }
    h
}

/// One article: heading, entrenchment, legal text, the provisions written in it
/// (found in `program`), and the findings beside it.
fn article(doc: &Doc<'_>, a: &crate::ir::Article, page: &str, id: &str, program: &Program) -> String {
    let mut h = format!(
        "<section class=\"article\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">Article {}{}</h2>\n",
        escape(&a.number),
        a.title
            .as_deref()
            .map(|t| format!(" <span class=\"title\">{}</span>", escape(t)))
            .unwrap_or_default()
    );
    if let Some(e) = &a.entrenched {
        h.push_str(&match &e.amendable_by {
            None => "<p class=\"entrenched\">Entrenched: this article may not be amended.</p>\n".to_string(),
            Some(r) => format!(
                "<p class=\"entrenched\">Entrenched: amendable only by {}.</p>\n",
                doc.rule_with_words(r)
            ),
        });
    }
    h.push_str(&legal_text(&a.text));
    h.push_str(&doc.findings(page, id));
    let n = Some(a.number.as_str());
    let mut items = Vec::new();
    for r in &program.rules {
        if let Some(p) = r.provenance.as_ref().filter(|p| p.article.as_deref() == n) {
            items.push((p, format!("Voting rule {}", doc.rule_with_words(&r.name))));
        }
    }
    let bodies: Vec<(Provenance, &Body)> = program
        .bodies
        .iter()
        .filter(|x| x.provenance.article.as_deref() == n)
        .map(|x| (doc.body_provenance(x), x))
        .collect();
    for (p, x) in &bodies {
        items.push((p, format!("{} {}", kind_word(x), doc.body_link(&x.name))));
    }
    for f in program.funds.iter().filter(|f| f.provenance.article.as_deref() == n) {
        items.push((
            &f.provenance,
            format!(
                "Fund <a href=\"bodies.html#{}\">{}</a>",
                anchor("fund", &f.name),
                escape(&f.name)
            ),
        ));
    }
    for (i, o) in program.obligations.iter().enumerate() {
        if o.provenance.article.as_deref() == n {
            let link = if std::ptr::eq(program, doc.base) {
                format!("<a href=\"obligations.html#{}\">Obligation</a>", obligation_id(o, i))
            } else {
                "Obligation".to_string()
            };
            items.push((&o.provenance, format!("{link}: {}", obligation_words(doc, o))));
        }
    }
    for c in program.criteria.iter().filter(|c| c.provenance.article.as_deref() == n) {
        items.push((
            &c.provenance,
            format!("Membership criterion {}", doc.criterion_link(&c.name)),
        ));
    }
    for (i, s) in program.sanctions.iter().enumerate() {
        if s.provenance.article.as_deref() == n {
            items.push((
                &s.provenance,
                format!(
                    "<a href=\"sanctions.html#{}\">Sanction</a>: {}",
                    sanction_id(s, i),
                    sanction_words(doc, s)
                ),
            ));
        }
    }
    for p in program
        .procedures
        .iter()
        .filter(|p| p.provenance.article.as_deref() == n)
    {
        items.push((
            &p.provenance,
            format!(
                "Procedure <a href=\"procedures.html#{}\">{}</a>",
                anchor("procedure", &p.name),
                escape(&title_or(p.title.as_ref(), &p.name))
            ),
        ));
    }
    if let Some(p) = program
        .amendment_procedure
        .as_ref()
        .filter(|p| p.provenance.article.as_deref() == n)
    {
        items.push((
            &p.provenance,
            "The <a href=\"procedures.html#amendment-procedure\">amendment procedure</a>".to_string(),
        ));
    }
    if !items.is_empty() {
        items.sort_by_key(|(p, _)| p.start);
        h.push_str(&format!(
            "<h3 class=\"encoded\" id=\"{id}-provisions\">How the article is encoded</h3>\n<ul class=\"provisions\">\n"
        ));
        for (p, words) in items {
            h.push_str(&format!("<li><p>{words}</p>\n{}</li>\n", doc.source(p)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
    h
}

fn kind_word(b: &Body) -> &'static str {
    match b.kind {
        crate::ir::BodyKind::Body => "Body",
        crate::ir::BodyKind::External => "External body",
        crate::ir::BodyKind::Office => "Office",
    }
}

fn bodies(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Bodies and funds</h1>\n<p>Each organ with its seats, its powers and the rule each is decided by, in words and figures.</p>\n");
    let b = doc.base;
    for x in &b.bodies {
        let id = anchor("body", &x.name);
        h.push_str(&body(doc, x, &id, 2));
        h.push_str(&doc.findings("bodies.html", &id));
        h.push_str("</section>\n");
        let powers: Vec<String> = x.powers.iter().map(|p| format!("{} {}", p.decision, p.rule)).collect();
        doc.index(
            title_or(x.title.as_ref(), &x.name),
            format!("bodies.html#{id}"),
            "body",
            format!("{} {} {}", x.name, x.text.join(" "), powers.join(" ")),
        );
    }
    if !b.funds.is_empty() {
        h.push_str("<h2 id=\"funds\">Funds</h2>\n");
        for f in &b.funds {
            let id = anchor("fund", &f.name);
            h.push_str(&fund(doc, f, &id));
            h.push_str(&doc.findings("bodies.html", &id));
            h.push_str("</section>\n");
            doc.index(
                title_or(f.title.as_ref(), &f.name),
                format!("bodies.html#{id}"),
                "fund",
                format!("{} {}", f.name, f.text.join(" ")),
            );
        }
    }
    h
}

/// The seats a body's rule gives on the site's facts, drawn against
/// population; without facts, or with facts the rule cannot use, why not.
fn seats_figure(doc: &Doc<'_>, x: &Body) -> String {
    let program = program_of(doc, x);
    if doc.input.facts.is_empty() {
        return "<p class=\"note\">The seats follow the members' figures: give them (<code>treatyc doc --facts CSV</code>) to see each member's seats drawn here.</p>\n".to_string();
    }
    match crate::eval::seats_by_rule(program, &x.name, doc.input.facts, None) {
        Ok((_, run)) => {
            let states: Vec<(String, u64, u64)> = run
                .states
                .iter()
                .map(|s| (s.id.clone(), s.population, s.seats))
                .collect();
            let square_root = matches!(run.method, crate::apportion::Method::Penrose { .. });
            let title = format!("{}: {} seats by {}", x.name, run.total, run.method.name());
            let svg = crate::plot::svg(&crate::plot::seats(&title, &states, square_root));
            let rows: Vec<String> = run.states.iter().map(|s| format!("{} {}", s.id, s.seats)).collect();
            format!(
                "<figure class=\"plot\">\n{svg}<figcaption>Seats against population on the facts given{}: {}.</figcaption>\n</figure>\n",
                if run.tie.is_some() { " (a tie leaves the last seats undecided)" } else { "" },
                escape(&rows.join(", "))
            )
        }
        Err(p) => format!(
            "<p class=\"note\">The seats cannot be counted on the facts given: {}</p>\n",
            escape(&p.message)
        ),
    }
}

/// The program a body is shown from: the treaty as written or the stage whose
/// body it is.
fn program_of<'a>(doc: &Doc<'a>, x: &Body) -> &'a Program {
    std::iter::once(doc.base)
        .chain(stage_programs(doc).into_iter().map(|(_, p)| p))
        .find(|p| p.bodies.iter().any(|b| std::ptr::eq(b, x)))
        .unwrap_or(doc.base)
}

/// Whether a rule weighs the votes by a member fact (population, votes): a
/// weighted vote or a double majority, whose power is worth drawing.
fn weighs(rule: &Rule) -> bool {
    rule.criteria
        .iter()
        .any(|c| matches!(c, crate::ir::Criterion::Weight { .. }))
}

/// For each weighted rule a body decides by, each member's Banzhaf index
/// drawn against its share of the population (or of the rule's own weight
/// where the members have no population), with the ideal curves, as `power
/// --plot` draws it; where it cannot be computed on the site's facts, why not.
fn power_figures(doc: &Doc<'_>, x: &Body) -> String {
    let program = program_of(doc, x);
    // Each weighted rule once, with the decisions taken by it, in the order written.
    let mut rules: Vec<(&Rule, Vec<&crate::ir::Power>)> = Vec::new();
    for p in x.powers.iter().chain(&x.other_questions) {
        let Some(rule) = program.rule(&p.rule).or_else(|| doc.rule_named(&p.rule)) else {
            continue;
        };
        if !weighs(rule) {
            continue;
        }
        match rules.iter_mut().find(|(r, _)| r.name == rule.name) {
            Some((_, powers)) => powers.push(p),
            None => rules.push((rule, vec![p])),
        }
    }
    let mut h = String::new();
    for (rule, powers) in rules {
        let link = doc.rule_link(&rule.name);
        let note = |why: String| format!("<p class=\"note\">The voting power under {link} {why}</p>\n");
        if doc.input.facts.is_empty() {
            h.push_str(&note(
                "follows the members' figures: give them (<code>treatyc doc --facts CSV</code>) to see each member's power drawn here.".to_string(),
            ));
            continue;
        }
        // Where the member concerned does not vote, the game depends on who it
        // is: a decision every member votes on stands for the rule.
        let Some(power) = powers.iter().find(|p| !p.excluding_concerned) else {
            h.push_str(&note(
                "is exercised without the member concerned, whose identity the figure would need (<code>treatyc power --concerned ID</code>).".to_string(),
            ));
            continue;
        };
        // Only the indices: the vetoes, blocking coalitions and Coleman's
        // figures `power` adds would cost as much again for a large body.
        let members = crate::power::game(program, &x.name, &power.decision, doc.input.facts, &[]).and_then(|g| {
            let rows = crate::power::swing_rows(&g, crate::power::Index::Banzhaf)?;
            Ok(crate::power::indices_big(&g, &rows, crate::power::Index::Banzhaf))
        });
        let members = match members {
            Ok(m) => m,
            Err(p) => {
                let estimate = if p.code == crate::diagnostics::Code::E0906 {
                    " (<code>treatyc power --estimate SAMPLES</code> estimates it)"
                } else {
                    ""
                };
                h.push_str(&note(format!(
                    "cannot be counted exactly on the facts given: {}{estimate}.",
                    escape(&p.message)
                )));
                continue;
            }
        };
        let has = |fact: &str| {
            members
                .iter()
                .all(|m| doc.input.facts.get(&m.id).is_some_and(|f| f.contains_key(fact)))
        };
        let attribute = rule.criteria.iter().find_map(|c| match c {
            crate::ir::Criterion::Weight { attribute, .. } => Some(attribute.as_str()),
            _ => None,
        });
        let (fact, people) = match attribute {
            _ if has("population") => ("population", true),
            Some(a) => (a, a == "population"),
            None => ("population", true),
        };
        let title = format!("Banzhaf index in {} under {}", x.name, rule.name);
        let plot = match crate::plot::power_of(&title, "Banzhaf", &members, doc.input.facts, fact, people) {
            Ok(plot) => plot,
            Err(p) => {
                h.push_str(&note(format!(
                    "cannot be drawn on the facts given: {}.",
                    escape(&p.message)
                )));
                continue;
            }
        };
        let svg = crate::plot::svg(&plot);
        let decisions: Vec<String> = powers
            .iter()
            .map(|p| match p.decision.as_str() {
                crate::ir::OTHER_QUESTIONS => "every other question".to_string(),
                d => format!("<code>{}</code>", escape(d)),
            })
            .collect();
        let ideal = if people {
            format!("power proportional to {fact} (dashed) and to its square root (solid: Penrose's law, under which every citizen's indirect power is equal)")
        } else {
            format!("power proportional to {fact} (solid)")
        };
        let rows: Vec<String> = members.iter().map(|m| format!("{} {:.4}", m.id, m.value)).collect();
        h.push_str(&format!(
            "<figure class=\"plot\">\n{svg}<figcaption>Each member's Banzhaf index under {link} ({}) against its share of {fact} on the facts given, with {ideal}: {}.</figcaption>\n</figure>\n",
            decisions.join(", "),
            escape(&rows.join(", "))
        ));
    }
    h
}

/// A body's section, left open for the findings.
fn body(doc: &Doc<'_>, x: &Body, id: &str, level: u8) -> String {
    let mut h = format!(
        "<section class=\"body\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h{level} id=\"{id}-h\">{}</h{level}>\n<p class=\"kind\">{} <code>{}</code>{}</p>\n",
        escape(&title_or(x.title.as_ref(), &x.name)),
        kind_word(x),
        escape(&x.name),
        doc.article_note(&x.provenance)
    );
    h.push_str(&legal_text(&x.text));
    let mut facts = Vec::new();
    if let Some(s) = &x.seats {
        let seats = match s {
            crate::ir::Seats::OnePerMember => "one seat per member".to_string(),
            crate::ir::Seats::Fixed(n) => format!("{n} seats"),
            crate::ir::Seats::Table(t) => {
                let total: u64 = t.iter().map(|s| s.seats).sum();
                format!("{total} seats, allocated by member: {s}")
            }
        };
        facts.push(("Seats", escape(&seats)));
    }
    if let Some(o) = &x.seat_origin {
        facts.push((
            "Filled",
            match o {
                crate::ir::SeatOrigin::ElectedDirectly => "elected directly".to_string(),
                crate::ir::SeatOrigin::ElectedBy(b) => format!("elected by {}", who(doc, b)),
                crate::ir::SeatOrigin::AppointedBy(b) => format!("appointed by {}", who(doc, b)),
            },
        ));
    }
    if !x.permanent_seats.is_empty() {
        facts.push(("Permanent seats", escape(&x.permanent_seats.join(", "))));
    }
    if let Some(e) = &x.elected_seats {
        facts.push(("Elected seats", escape(&e.to_string())));
    }
    if let Some(rule) = &x.seat_rule {
        facts.push(("Seats by a rule", escape(&rule.written())));
    }
    if !facts.is_empty() {
        h.push_str("<dl class=\"facts\">\n");
        for (k, v) in facts {
            h.push_str(&format!("<dt>{k}</dt><dd>{v}</dd>\n"));
        }
        h.push_str("</dl>\n");
    }
    if x.seat_rule.is_some() {
        h.push_str(&seats_figure(doc, x));
    }
    if !x.powers.is_empty() || x.other_questions.is_some() {
        h.push_str(&format!(
            "<table class=\"powers\">\n<caption>Powers of {}</caption>\n<thead><tr><th scope=\"col\">Decision</th><th scope=\"col\">Voting rule, in words</th><th scope=\"col\">Also needed</th></tr></thead>\n<tbody>\n",
            escape(&x.name)
        ));
        for p in x.powers.iter().chain(&x.other_questions) {
            let mut also = requirements(doc, &p.requires);
            if p.excluding_concerned {
                also.push("the member concerned does not vote".to_string());
            }
            if p.exclusive {
                also.push("an exclusive competence".to_string());
            }
            // The rule for other questions is no decision's name: said in words.
            let decision = if x.other_questions.as_ref().is_some_and(|o| std::ptr::eq(o, p)) {
                "every other question".to_string()
            } else {
                format!("<code>{}</code>", escape(&p.decision))
            };
            h.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
                decision,
                doc.rule_with_words(&p.rule),
                if also.is_empty() {
                    "nothing else".to_string()
                } else {
                    also.join("; ")
                }
            ));
        }
        h.push_str("</tbody>\n</table>\n");
        h.push_str(&power_figures(doc, x));
    }
    if !x.relations.is_empty() {
        h.push_str("<ul class=\"relations\">\n");
        for r in &x.relations {
            let decision = r
                .decision
                .as_deref()
                .map(|d| format!(" <code>{}</code>", escape(d)))
                .unwrap_or_default();
            let target = r
                .target
                .as_deref()
                .map(|t| format!(" {}", who(doc, t)))
                .unwrap_or_default();
            // The words `words::relation` says, with the names linked.
            let (verb, to) = crate::words::relation_words(r.kind);
            let to = if target.is_empty() { "" } else { to };
            let words = format!("{verb}{decision}{to}{target}");
            h.push_str(&format!("<li>{} {words}</li>\n", escape(&x.name)));
        }
        h.push_str("</ul>\n");
    }
    h
}

/// A body, `members`, the treaty or another name, linked where it is a body.
fn who(doc: &Doc<'_>, name: &str) -> String {
    match name {
        "members" => "the members".to_string(),
        "treaty" => "the treaty".to_string(),
        other => doc.body_link(other),
    }
}

fn requirements(doc: &Doc<'_>, r: &Requirements) -> Vec<String> {
    let mut out = Vec::new();
    let list = |names: &[String]| names.iter().map(|n| doc.body_link(n)).collect::<Vec<_>>();
    if !r.on_proposal_from.is_empty() {
        out.push(format!("on a proposal from {}", list(&r.on_proposal_from).join(" or ")));
    }
    if let Some(rule) = &r.classified_by {
        out.push(format!(
            "if contested, the question's class is decided by {}",
            doc.rule_with_words(rule)
        ));
    }
    if let Some(rule) = &r.otherwise_by {
        out.push(format!(
            "otherwise (on another initiative) by {}",
            doc.rule_with_words(rule)
        ));
    }
    if !r.jointly_with.is_empty() {
        out.push(format!("adopted jointly with {}", list(&r.jointly_with).join(" and ")));
    }
    if !r.authorisation_by.is_empty() {
        out.push(format!("authorised by {}", list(&r.authorisation_by).join(" and ")));
    }
    if let Some(share) = r.ratification {
        out.push(ratified(share));
    }
    if r.agreement_of_concerned {
        out.push("in agreement with the member concerned".to_string());
    }
    if !r.prevailing_over.is_empty() {
        out.push(format!("prevails over {}", list(&r.prevailing_over).join(" and ")));
    }
    out
}

fn ratified(share: crate::ir::Rational) -> String {
    if share.num == share.den {
        "ratified by all members".to_string()
    } else {
        format!("ratified by {share} of the members")
    }
}

fn fund(doc: &Doc<'_>, f: &crate::ir::Fund, id: &str) -> String {
    let mut h = format!(
        "<section class=\"fund\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\">{}</h3>\n<p class=\"kind\">Fund <code>{}</code>{}</p>\n",
        escape(&title_or(f.title.as_ref(), &f.name)),
        escape(&f.name),
        doc.article_note(&f.provenance)
    );
    h.push_str(&legal_text(&f.text));
    h.push_str("<dl class=\"facts\">\n");
    if let Some(s) = f.share {
        let percent = s
            .checked_mul(crate::rational::Rational::integer(100))
            .map(|p| format!("{}%", p.decimal()))
            .unwrap_or_else(|| s.to_string());
        h.push_str(&format!(
            "<dt>Share</dt><dd>{} of {}</dd>\n",
            escape(&percent),
            escape(f.share_of.as_deref().unwrap_or("the budget"))
        ));
    }
    if let Some(m) = &f.managed_by {
        h.push_str(&format!("<dt>Managed by</dt><dd>{}</dd>\n", doc.body_link(m)));
    }
    if !f.cooperates_with.is_empty() {
        let list: Vec<String> = f.cooperates_with.iter().map(|b| doc.body_link(b)).collect();
        h.push_str(&format!("<dt>Cooperates with</dt><dd>{}</dd>\n", list.join(", ")));
    }
    if let Some(e) = &f.beneficiaries {
        h.push_str(&format!(
            "<dt>Beneficiaries</dt><dd>members with <code>{}</code></dd>\n",
            escape(&e.to_string())
        ));
    }
    h.push_str("</dl>\n");
    h
}

fn rules(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Voting rules</h1>\n<p>Each rule in words, with its figures, as the voting kernel decides it; then each criterion, and the decisions taken by it.</p>\n");
    let b = doc.base;
    for r in &b.rules {
        let id = anchor("rule", &r.name);
        h.push_str(&rule(doc, r, &id, b));
        h.push_str(&doc.findings("rules.html", &id));
        h.push_str("</section>\n");
        doc.index(
            title_or(r.title.as_ref(), &r.name),
            format!("rules.html#{id}"),
            "rule",
            format!("{} {}", r.name, crate::words::sentence(r)),
        );
    }
    h
}

fn rule(doc: &Doc<'_>, r: &Rule, id: &str, program: &Program) -> String {
    let mut h = format!(
        "<section class=\"rule\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n<p class=\"kind\">Voting rule <code>{}</code>{}</p>\n",
        escape(&title_or(r.title.as_ref(), &r.name)),
        escape(&r.name),
        r.provenance.as_ref().map(|p| doc.article_note(p)).unwrap_or_else(|| " <span class=\"from\">(built into the language)</span>".to_string())
    );
    h.push_str(&format!(
        "<p class=\"words\">{}.</p>\n",
        capitalised(&prose(&crate::words::sentence(r)))
    ));
    h.push_str("<ul class=\"criteria\">\n");
    for c in &r.criteria {
        h.push_str(&format!("<li>{}</li>\n", prose(&crate::words::criterion(c))));
    }
    h.push_str("</ul>\n");
    let users: Vec<String> = program
        .bodies
        .iter()
        .flat_map(|b| b.powers.iter().filter(|p| p.rule == r.name).map(move |p| (b, p)))
        .map(|(b, p)| format!("{} <code>{}</code>", doc.body_link(&b.name), escape(&p.decision)))
        .collect();
    if !users.is_empty() {
        h.push_str(&format!("<p>Decisions taken by it: {}.</p>\n", users.join(", ")));
    }
    if let Some(p) = &r.provenance {
        h.push_str(&doc.source(p));
    }
    h
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// An obligation in words: who, must or may, what, when, unless, by when.
fn obligation_words(doc: &Doc<'_>, o: &Obligation) -> String {
    let subject = match o.subject.as_str() {
        "member" => "every member".to_string(),
        "candidate" => "every candidate".to_string(),
        "organisation" => "the organisation".to_string(),
        body => doc.body_link(body),
    };
    let filter = o
        .subject_filter
        .as_ref()
        .map(|f| format!(" with <code>{}</code>", escape(&f.to_string())))
        .unwrap_or_default();
    let what = match (&o.action, &o.constraint) {
        (Some(a), _) => escape(&a.replace('_', " ")),
        (None, Some(c)) => format!("keep <code>{}</code>", escape(&c.to_string())),
        (None, None) => String::new(),
    };
    let mut s = format!("{subject}{filter} {} {what}", o.modality.keyword());
    for w in &o.when {
        s.push_str(&format!(" when <code>{}</code>", escape(&w.to_string())));
    }
    for u in &o.unless {
        s.push_str(&format!(" unless <code>{}</code>", escape(&u.to_string())));
    }
    if let Some(t) = &o.timing {
        s.push_str(&format!(", {}", escape(&t.to_string())));
    }
    if !o.in_force.is_open() {
        s.push_str(&format!(" (in force {})", escape(&o.in_force.to_string())));
    }
    capitalised(&s)
}

fn obligations(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Obligations and membership criteria</h1>\n");
    let b = doc.base;
    h.push_str("<h2 id=\"obligations\">Obligations</h2>\n");
    if b.obligations.is_empty() {
        h.push_str("<p>The treaty states no obligation.</p>\n");
    }
    for (i, o) in b.obligations.iter().enumerate() {
        let id = obligation_id(o, i);
        let name = o.label.clone().unwrap_or_else(|| format!("Obligation {}", i + 1));
        h.push_str(&format!(
            "<section class=\"obligation\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\">{}</h3>\n<p class=\"words\">{}.{}</p>\n",
            escape(&name),
            obligation_words(doc, o),
            doc.article_note(&o.provenance)
        ));
        let enforced: Vec<String> = b
            .sanctions
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.triggers.iter().any(|t| match t {
                    Trigger::BreachOfArticle { article } => o.provenance.article.as_deref() == Some(article.as_str()),
                    Trigger::BreachOfProvision { label } => o.label.as_deref() == Some(label.as_str()),
                    _ => false,
                })
            })
            .map(|(j, s)| {
                format!(
                    "<a href=\"sanctions.html#{}\">{}</a>",
                    sanction_id(s, j),
                    escape(&sanction_name(s, j))
                )
            })
            .collect();
        if !enforced.is_empty() {
            h.push_str(&format!("<p>Enforced by: {}.</p>\n", enforced.join(", ")));
        }
        h.push_str(&doc.source(&o.provenance));
        h.push_str(&doc.findings("obligations.html", &id));
        h.push_str("</section>\n");
        doc.index(
            name,
            format!("obligations.html#{id}"),
            "obligation",
            format!("{} {}", o.action.clone().unwrap_or_default(), o.subject),
        );
    }
    h.push_str("<h2 id=\"criteria\">Membership criteria</h2>\n");
    if b.criteria.is_empty() {
        h.push_str("<p>The treaty states no membership criterion.</p>\n");
    }
    for c in &b.criteria {
        let id = anchor("criterion", &c.name);
        h.push_str(&format!(
            "<section class=\"criterion\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h3 id=\"{id}-h\">{}</h3>\n<p class=\"words\">A candidate must meet <code>{}</code>{}.{}</p>\n",
            escape(&title_or(c.title.as_ref(), &c.name)),
            escape(&c.test.to_string()),
            if c.kept_by_members { ", and every member keeps meeting it" } else { "" },
            doc.article_note(&c.provenance)
        ));
        h.push_str(&doc.source(&c.provenance));
        h.push_str(&doc.findings("obligations.html", &id));
        h.push_str("</section>\n");
        doc.index(
            title_or(c.title.as_ref(), &c.name),
            format!("obligations.html#{id}"),
            "criterion",
            format!("{} {}", c.name, c.test),
        );
    }
    h
}

fn sanction_name(s: &Sanction, index: usize) -> String {
    s.name.clone().unwrap_or_else(|| format!("Sanction {}", index + 1))
}

fn sanction_words(doc: &Doc<'_>, s: &Sanction) -> String {
    let triggers: Vec<String> = s
        .triggers
        .iter()
        .map(|t| match t {
            Trigger::BreachOfArticle { article } => format!("a breach of {}", doc.article_link(article)),
            Trigger::BreachOfProvision { label } => format!("a breach of {}", doc.provision_link(label)),
            Trigger::FailureOfCriterion { criterion } => format!("failing {}", doc.criterion_link(criterion)),
            Trigger::FailureOfMembershipCriteria => "failing the membership criteria".to_string(),
        })
        .collect();
    let mut s_words = format!(
        "on {}, {} may {} by {}",
        triggers.join(", "),
        doc.body_link(&s.body),
        escape(&s.measure.replace('_', " ")),
        doc.rule_with_words(&s.rule)
    );
    if s.excluding_concerned {
        s_words.push_str("; the member concerned does not vote");
    }
    for r in requirements(doc, &s.requires) {
        s_words.push_str(&format!("; {r}"));
    }
    s_words
}

fn sanctions(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Sanctions</h1>\n");
    let b = doc.base;
    if b.sanctions.is_empty() {
        h.push_str("<p>The treaty states no sanction.</p>\n");
    }
    for (i, s) in b.sanctions.iter().enumerate() {
        let id = sanction_id(s, i);
        let name = sanction_name(s, i);
        h.push_str(&format!(
            "<section class=\"sanction\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n<p class=\"words\">{}.{}</p>\n",
            escape(&name),
            capitalised(&sanction_words(doc, s)),
            doc.article_note(&s.provenance)
        ));
        h.push_str(&doc.source(&s.provenance));
        h.push_str(&doc.findings("sanctions.html", &id));
        h.push_str("</section>\n");
        doc.index(
            name,
            format!("sanctions.html#{id}"),
            "sanction",
            format!("{} {}", s.measure, s.body),
        );
    }
    h
}

fn step_words(doc: &Doc<'_>, step: &ProcedureStep) -> String {
    let taker = |t: &StepTaker| match t {
        StepTaker::Body { body } => doc.body_link(body),
        StepTaker::Concerned => "the member concerned".to_string(),
    };
    match step {
        ProcedureStep::Initiative { by } => {
            let who: Vec<String> = by
                .iter()
                .map(|i| match i {
                    Initiator::Body { body } => doc.body_link(body),
                    Initiator::AnyMember => "any member".to_string(),
                    Initiator::Share { share } => format!("{share} of the members together"),
                    Initiator::Concerned => "the member concerned".to_string(),
                    Initiator::Applicant => "the applicant state".to_string(),
                })
                .collect();
            format!("Initiative: taken by {}.", who.join(" or "))
        }
        ProcedureStep::Consultation { of, period, deadline } => {
            let words = match period {
                Some(p) => format!(
                    "Consultation of {}: its opinion binds no one; <strong>time limit</strong>: the decision cannot come before {} have run",
                    taker(of),
                    escape(&p.to_string())
                ),
                None => format!("Consultation of {}: it must be heard; its opinion binds no one", taker(of)),
            };
            format!("{words}{}.", limit(deadline.as_ref()))
        }
        ProcedureStep::Consent { of, rule, deadline } => match rule {
            Some(r) => format!(
                "Consent of {}, by {}{}.",
                taker(of),
                doc.rule_with_words(r),
                limit(deadline.as_ref())
            ),
            None => format!("Consent of {}{}.", taker(of), limit(deadline.as_ref())),
        },
        ProcedureStep::Decision {
            body,
            rule,
            excluding_concerned,
            deadline,
        } => format!(
            "Decision of {} by {}{}{}.",
            doc.body_link(body),
            doc.rule_with_words(rule),
            if *excluding_concerned {
                "; the member concerned does not vote"
            } else {
                ""
            },
            limit(deadline.as_ref())
        ),
        ProcedureStep::Objection { by, within } => format!(
            "Objection: adopted unless {} objects; <strong>time limit</strong>: {}.",
            escape(&crate::words::objector(by)),
            escape(&within.to_string())
        ),
        ProcedureStep::Ratification { share, applicant } => format!(
            "Ratification: {}{}.",
            ratified(*share),
            if *applicant { ", and by the applicant state" } else { "" }
        ),
        ProcedureStep::Prerequisite { procedure } => format!(
            "Prerequisite: the procedure <a href=\"procedures.html#{}\">{}</a> has completed.",
            anchor("procedure", procedure),
            escape(procedure)
        ),
        ProcedureStep::Request { by, within } => format!(
            "Request: {} asks the member concerned to comply; the steps after it are taken only if it does not{}.",
            doc.body_link(by),
            within
                .map(|d| format!("; <strong>time limit</strong>: {}", escape(&d.to_string())))
                .unwrap_or_default()
        ),
    }
}

/// `; <strong>time limit</strong>: within ...` after a step, or nothing.
fn limit(d: Option<&crate::ir::Deadline>) -> String {
    d.map(|d| format!("; <strong>time limit</strong>: {}", escape(&crate::words::deadline(d))))
        .unwrap_or_default()
}

fn procedure(doc: &Doc<'_>, p: &Procedure, id: &str) -> String {
    let mut h = format!(
        "<section class=\"procedure\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n<p class=\"kind\">Procedure <code>{}</code>{}{}</p>\n",
        escape(&title_or(p.title.as_ref(), &p.name)),
        escape(&p.name),
        p.act.as_deref().map(|a| format!(", for <code>{}</code>", escape(a))).unwrap_or_default(),
        doc.article_note(&p.provenance)
    );
    h.push_str(&legal_text(&p.text));
    h.push_str("<ol class=\"steps\">\n");
    for s in &p.steps {
        let when = s
            .when
            .as_ref()
            .map(|e| format!(" <strong>Only when</strong> <code>{}</code>.", escape(&e.to_string())))
            .unwrap_or_default();
        h.push_str(&format!("<li>{}{when}</li>\n", step_words(doc, &s.kind)));
    }
    h.push_str("</ol>\n");
    h.push_str(&doc.source(&p.provenance));
    h
}

fn procedures(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Procedures</h1>\n<p>Each procedure as numbered steps, with its time limits; then how the treaty is amended, and how members join and leave.</p>\n");
    let b = doc.base;
    for p in &b.procedures {
        let id = anchor("procedure", &p.name);
        h.push_str(&procedure(doc, p, &id));
        h.push_str(&doc.findings("procedures.html", &id));
        h.push_str("</section>\n");
        doc.index(
            title_or(p.title.as_ref(), &p.name),
            format!("procedures.html#{id}"),
            "procedure",
            format!("{} {}", p.name, p.text.join(" ")),
        );
    }
    h.push_str("<section id=\"amendment-procedure\" aria-labelledby=\"amendment-procedure-h\">\n<h2 id=\"amendment-procedure-h\">Amending the treaty</h2>\n");
    match &b.amendment_procedure {
        Some(a) => {
            h.push_str(&legal_text(&a.text));
            h.push_str("<ol class=\"steps\">\n");
            if !a.proposed_by.is_empty() {
                let who: Vec<String> = a.proposed_by.iter().map(|x| doc.body_link(x)).collect();
                h.push_str(&format!("<li>Proposal: by {}.</li>\n", who.join(" or ")));
            }
            if let Some((body, rule)) = &a.adopted_by {
                h.push_str(&format!(
                    "<li>Adoption: by {}, by {}.</li>\n",
                    doc.body_link(body),
                    doc.rule_with_words(rule)
                ));
            }
            if let Some(share) = a.ratified_by {
                h.push_str(&format!("<li>Ratification: {}.</li>\n", ratified(share)));
            }
            h.push_str("</ol>\n");
            h.push_str(&doc.source(&a.provenance));
            h.push_str(&doc.findings("procedures.html", "amendment-procedure"));
        }
        None => h.push_str("<p>The treaty states no amendment procedure.</p>\n"),
    }
    h.push_str("</section>\n");
    h.push_str("<section id=\"membership-rules\" aria-labelledby=\"membership-rules-h\">\n<h2 id=\"membership-rules-h\">Joining and leaving</h2>\n");
    let m = &b.membership;
    if m.is_empty() {
        h.push_str("<p>The treaty says nothing of how states join, leave, or lose their votes.</p>\n");
    } else {
        h.push_str("<dl class=\"facts\">\n");
        if let Some(a) = &m.accession {
            h.push_str(&format!(
                "<dt id=\"accession\">Accession</dt><dd>by {}{}</dd>\n",
                act_words(doc, &a.by),
                if a.on_deposit {
                    ", a member from the deposit of its instrument of accession"
                } else {
                    ""
                }
            ));
        }
        if let Some(w) = &m.withdrawal {
            let mut words = Vec::new();
            if let Some(to) = &w.notice_to {
                words.push(format!("notice is given to {}", who(doc, to)));
            }
            if let Some(l) = &w.open_after {
                words.push(format!(
                    "<strong>time limit</strong>: notice only after the treaty has been in force {}",
                    escape(&l.to_string())
                ));
            }
            if let Some(l) = &w.after_notice {
                let when = if w.on_expiry {
                    format!("upon expiry of {} from the notice", escape(&l.to_string()))
                } else {
                    format!("{} after the notice", escape(&l.to_string()))
                };
                words.push(format!(
                    "<strong>time limit</strong>: the withdrawal takes effect {when}"
                ));
            }
            for a in &w.on {
                words.push(format!("or when {} completes", act_words(doc, a)));
            }
            match w.at_year_end {
                Some(crate::ir::YearEnd::OfNotice) => words.push("or at the end of the year of the notice".to_string()),
                Some(crate::ir::YearEnd::FollowingNotice) => {
                    words.push("or at the end of the year following the notice".to_string())
                }
                None => {}
            }
            if let Some(e) = &w.extension {
                words.push(format!("the delay may be extended by {}", act_words(doc, e)));
            }
            h.push_str(&format!(
                "<dt id=\"withdrawal\">Withdrawal</dt><dd>{}</dd>\n",
                words.join("; ")
            ));
        }
        if let Some(s) = &m.suspension {
            h.push_str(&format!(
                "<dt id=\"suspension\">Suspension of voting rights</dt><dd>by {}</dd>\n",
                act_words(doc, s)
            ));
        }
        if let Some(e) = &m.expulsion {
            h.push_str(&format!(
                "<dt id=\"expulsion\">Expulsion</dt><dd>by {}</dd>\n",
                act_words(doc, e)
            ));
        }
        h.push_str("</dl>\n");
    }
    h.push_str("</section>\n");
    let timed: Vec<(usize, &Obligation)> = b
        .obligations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.timing.is_some())
        .collect();
    h.push_str("<section id=\"time-limits\" aria-labelledby=\"time-limits-h\">\n<h2 id=\"time-limits-h\">Obligations with a time limit</h2>\n");
    if timed.is_empty() {
        h.push_str("<p>No obligation of the treaty has a time limit.</p>\n");
    } else {
        h.push_str("<ul>\n");
        for (i, o) in timed {
            h.push_str(&format!(
                "<li><a href=\"obligations.html#{}\">{}</a>: {}</li>\n",
                obligation_id(o, i),
                escape(&o.label.clone().unwrap_or_else(|| format!("Obligation {}", i + 1))),
                obligation_words(doc, o)
            ));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
    h
}

fn act_words(doc: &Doc<'_>, a: &crate::ir::Act) -> String {
    match a {
        crate::ir::Act::Procedure { procedure } => format!(
            "the procedure <a href=\"procedures.html#{}\">{}</a>",
            anchor("procedure", procedure),
            escape(procedure)
        ),
        crate::ir::Act::Decision { body, decision } => {
            format!(
                "the decision <code>{}</code> of {}",
                escape(decision),
                doc.body_link(body)
            )
        }
    }
}

/// An institution diagram inline: the SVG `graph::svg` writes, with its ids
/// made unique on the page, sized by its view box, and named for readers; and
/// as a file of its own, linked from its caption.
fn diagram(doc: &mut Doc<'_>, stage: Option<&str>, key: &str, name: &str) -> String {
    // The built-in layout, so that a site is the same on every machine,
    // whether or not Graphviz is installed.
    let svg = match crate::graph::svg(
        doc.input.treaty,
        stage,
        crate::graph::View::All,
        crate::graph::Layout::Builtin,
        doc.input.sources,
    ) {
        Ok(svg) => svg,
        Err(why) => return format!("<p>The diagram cannot be drawn: {}</p>\n", escape(&why)),
    };
    let title =
        format!("The institutions of {name}: bodies, offices, member states, their decisions and relationships");
    let file = format!("diagrams/{}.svg", key.strip_prefix("diagram-").unwrap_or(key));
    let html = format!(
        "<figure class=\"diagram\">\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{} (scrolls sideways)\">\n{}\n</div>\n<figcaption>The institutions of {}. <a href=\"{file}\">The diagram on its own</a> (SVG, at full size).</figcaption>\n</figure>\n",
        escape(&format!("Diagram of {name}")),
        inline_svg(&svg, key, &title),
        escape(name)
    );
    doc.drawings.push((file, svg));
    html
}

/// An SVG document as an element of the page: no XML declaration, no namespace
/// URL, ids prefixed by `key`, the width left to the style sheet, and a title.
pub(super) fn inline_svg(svg: &str, key: &str, title: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let mut s = svg.get(start..).unwrap_or("").to_string();
    s = s.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
    s = s.replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    s = s.replace("id=\"", &format!("id=\"{key}-"));
    s = s.replace("url(#", &format!("url(#{key}-"));
    s = s.replace("href=\"#", &format!("href=\"#{key}-"));
    // The opening tag: drop the fixed size, name the drawing.
    if let Some(end) = s.find('>') {
        let open = s.get(..end).unwrap_or("").to_string();
        let rest = s.get(end + 1..).unwrap_or("").to_string();
        let kept: Vec<&str> = open
            .split(' ')
            .filter(|a| !a.starts_with("width=") && !a.starts_with("height="))
            .collect();
        s = format!(
            "{} role=\"img\" aria-labelledby=\"{key}-title\"><title id=\"{key}-title\">{}</title>{rest}",
            kept.join(" "),
            escape(title)
        );
    }
    s.trim_end().to_string()
}

fn stages(doc: &mut Doc<'_>) -> String {
    let mut h = String::from("<h1>Stages</h1>\n");
    h.push_str(&ladder(doc));
    let b = doc.base;
    let name = title_or(b.title.as_ref(), &b.treaty);
    h.push_str("<section class=\"stage\" id=\"stage-as-written\" aria-labelledby=\"stage-as-written-h\">\n<h2 id=\"stage-as-written-h\">The treaty as written</h2>\n");
    h.push_str(&diagram(doc, None, "diagram-as-written", &name));
    h.push_str("</section>\n");
    for (stage, program) in stage_programs(doc) {
        let Some(s) = b.stages.iter().find(|s| s.name == stage) else {
            continue;
        };
        let id = anchor("stage", stage);
        let title = title_or(s.title.as_ref(), &s.name);
        h.push_str(&format!(
            "<section class=\"stage\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n<p class=\"kind\">Stage <code>{}</code>{}</p>\n",
            escape(&title),
            escape(stage),
            s.after.as_deref().map(|a| format!(", after <a href=\"#{}\">{}</a>", anchor("stage", a), escape(a))).unwrap_or_default()
        ));
        h.push_str(&match &s.entry {
            Some(e) => format!(
                "<p class=\"entry\">Entered when <code>{}</code>.</p>\n",
                escape(&e.to_string())
            ),
            None => "<p class=\"entry\">No entry condition: it applies from the start.</p>\n".to_string(),
        });
        h.push_str(&legal_text(&s.text));
        h.push_str(&doc.findings("stages.html", &id));
        h.push_str(&stage_changes(doc, stage, program));
        h.push_str(&diagram(doc, Some(stage), &format!("diagram-{id}"), &title));
        h.push_str("</section>\n");
        doc.index(title, format!("stages.html#{id}"), "stage", s.text.join(" "));
    }
    h
}

/// What a stage adds or replaces, each shown as in the treaty's own pages.
fn stage_changes(doc: &Doc<'_>, stage: &str, program: &Program) -> String {
    let c = changes(doc.base, program);
    let mut h = String::new();
    if c.bodies.is_empty()
        && c.removed_bodies.is_empty()
        && c.rules.is_empty()
        && c.articles.is_empty()
        && c.obligations.is_empty()
        && c.sanctions.is_empty()
        && c.funds.is_empty()
    {
        return "<p>The stage changes no body, rule or provision of the treaty as written.</p>\n".to_string();
    }
    h.push_str("<h3>What the stage changes</h3>\n");
    for x in &c.bodies {
        let id = stage_id(stage, &anchor("body", &x.name));
        let verb = if doc.base.body(&x.name).is_some() {
            "replaced"
        } else {
            "added"
        };
        h.push_str(&format!("<p class=\"change\">Body {verb}:</p>\n"));
        h.push_str(&body(doc, x, &id, 4));
        h.push_str(&doc.findings("stages.html", &id));
        h.push_str("</section>\n");
    }
    for name in &c.removed_bodies {
        h.push_str(&format!(
            "<p class=\"change\">Body removed: {}.</p>\n",
            doc.body_link(name)
        ));
    }
    for r in &c.rules {
        let id = stage_id(stage, &anchor("rule", &r.name));
        h.push_str(&format!(
            "<p class=\"change\" id=\"{id}\">Voting rule {}: {}</p>\n",
            escape(&r.name),
            prose(&crate::words::sentence(r))
        ));
    }
    for a in &c.articles {
        let id = stage_id(stage, &anchor("article", &a.number));
        h.push_str(&format!(
            "<p class=\"change\">Article {} added or replaced:</p>\n",
            escape(&a.number)
        ));
        h.push_str(
            &article(doc, a, "stages.html", &id, program)
                .replace("<h2 ", "<h4 ")
                .replace("</h2>", "</h4>")
                .replace("<h3 ", "<h5 ")
                .replace("</h3>", "</h5>"),
        );
    }
    for o in &c.obligations {
        if o.provenance
            .article
            .as_ref()
            .is_some_and(|n| c.articles.iter().any(|a| &a.number == n))
        {
            continue;
        }
        h.push_str(&format!(
            "<p class=\"change\">Obligation: {}.</p>\n",
            obligation_words(doc, o)
        ));
    }
    for s in &c.sanctions {
        h.push_str(&format!(
            "<p class=\"change\">Sanction: {}.</p>\n",
            sanction_words(doc, s)
        ));
    }
    for f in &c.funds {
        let id = stage_id(stage, &anchor("fund", &f.name));
        h.push_str(&fund(doc, f, &id).replace("<h3 ", "<h4 ").replace("</h3>", "</h4>"));
        h.push_str("</section>\n");
    }
    h
}

fn membership(doc: &mut Doc<'_>, s: &crate::timeline::Situation) -> String {
    let members = s.members();
    let mut h = format!(
        "<h1>Membership on {}</h1>\n<p>After the events of the history up to that day: {} members.</p>\n",
        s.date,
        members.len()
    );
    let names: BTreeMap<&str, &str> = doc
        .base
        .members
        .iter()
        .chain(&doc.base.other_states)
        .filter_map(|m| m.name.as_deref().map(|n| (m.id.as_str(), n)))
        .collect();
    h.push_str(&format!(
        "<table class=\"states\">\n<caption>Every state with its standing on {}</caption>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">State</th><th scope=\"col\">Standing</th></tr></thead>\n<tbody>\n",
        s.date
    ));
    for x in s
        .states
        .iter()
        .filter(|x| x.standing != crate::timeline::Standing::NotMember)
    {
        h.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td></tr>\n",
            escape(&x.state),
            escape(names.get(x.state.as_str()).copied().unwrap_or("")),
            escape(&x.standing.describe())
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    if !doc.base.stages.is_empty() {
        h.push_str(&format!(
            "<p>Stage: {}.</p>\n",
            match &s.stage {
                Some(st) => format!("<a href=\"stages.html#{}\">{}</a>", anchor("stage", st), escape(st)),
                None => "none entered (the treaty as written)".to_string(),
            }
        ));
    }
    if !s.rules.is_empty() {
        h.push_str("<h2 id=\"rules-on-date\">Rules with dates</h2>\n<ul>\n");
        for r in &s.rules {
            let applies = match &r.applies {
                Some(a) if *a == r.rule => "in force".to_string(),
                Some(a) => format!("not yet in force: {} applies instead", doc.rule_link(a)),
                None => "not in force, and no rule applies instead".to_string(),
            };
            h.push_str(&format!(
                "<li>{} ({}): {applies}</li>\n",
                doc.rule_link(&r.rule),
                escape(&r.window)
            ));
        }
        h.push_str("</ul>\n");
    }
    if !s.duties.is_empty() {
        h.push_str("<table class=\"duties\">\n<caption>Obligations with a time limit on the day</caption>\n<thead><tr><th scope=\"col\">Obligation</th><th scope=\"col\">Subject</th><th scope=\"col\">Time limit</th><th scope=\"col\">State</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        for d in &s.duties {
            let state = d.state.map_or("undecided".to_string(), |st| st.word().to_string());
            h.push_str(&format!(
                "<tr><th scope=\"row\">{}{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                doc.provision_link(&d.obligation),
                d.article
                    .as_deref()
                    .map(|a| format!(" ({})", doc.article_link(a)))
                    .unwrap_or_default(),
                escape(&d.subject),
                escape(&d.timing),
                escape(&state),
                prose(&d.why)
            ));
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h
}
