//! A treaty as a static site: `treatyc doc`.
//!
//! Every page is written from what the other phases already know: the rule IR
//! of the treaty as written and of each stage (`ir::lower`), the checker's
//! diagnostics placed beside the provision they point into, each voting rule in
//! the words the language server's hover uses (`words`), each stage's
//! institutions drawn by `graph::draw`, the membership of a day replayed by
//! `timeline`, and for each amendment the lint (`amend::lint`), the consolidated
//! text (`amend::consolidate`) and the shift of voting power (`power::compare`).
//! The site needs no network and no server: the search index is a script beside
//! the pages, which a browser runs from the file system. The same input gives
//! the same bytes.

mod html;
mod redline;
mod treaty;

use std::collections::BTreeMap;

use crate::ast::{Amendment, Item, ItemKind, Treaty};
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::Facts;
use crate::ir::Program;
use crate::source::SourceMap;
use crate::timeline::Situation;

pub use html::anchor;

/// What a site is made from. The treaty must have no error: its programs are
/// lowered from it.
pub struct Input<'a> {
    /// Every file named: the treaty's, the amendments' (spans point into them).
    pub sources: &'a SourceMap,
    pub treaty: &'a Treaty,
    /// The rule IR of the treaty as written, then of each stage in the order
    /// written.
    pub programs: &'a [Program],
    /// What the checker found in the treaty (warnings: a treaty with errors has
    /// no programs).
    pub diagnostics: &'a [Diagnostic],
    /// Member facts, for the voting power an amendment shifts (weighted rules
    /// need them).
    pub facts: &'a Facts,
    /// The organisation on a day (`--history H --on D`).
    pub on: Option<&'a Situation>,
    pub amendments: &'a [&'a Amendment],
}

/// The pages of a site: each relative path with its bytes, in path order.
#[derive(Debug, Default)]
pub struct Site {
    pub pages: Vec<(String, Vec<u8>)>,
    /// Errors the amendments have (the redline shows them beside their changes).
    pub amendment_errors: usize,
}

/// Where a provision is shown, so that a diagnostic pointing into it is shown there.
#[derive(Debug, Clone)]
struct Place {
    file: crate::source::FileId,
    start: usize,
    end: usize,
    page: String,
    id: String,
}

/// One entry of the search index: what is found, where, and the text searched.
#[derive(Debug, Clone)]
struct Entry {
    title: String,
    href: String,
    kind: &'static str,
    text: String,
}

/// What every page writer reads.
struct Doc<'a> {
    input: &'a Input<'a>,
    /// The treaty as written, then each stage, everything in the order written.
    base: &'a Program,
    stages: &'a [Program],
    /// The treaty's diagnostics by the id of the provision they are shown beside;
    /// those no provision contains are under `""` (shown on the overview).
    placed: BTreeMap<String, Vec<&'a Diagnostic>>,
    search: Vec<Entry>,
    /// Each diagram as a file of its own (`diagrams/KEY.svg`), to open at full
    /// size or put in a report.
    drawings: Vec<(String, String)>,
}

/// The site of one treaty.
pub fn site(input: &Input<'_>) -> Site {
    let programs: Vec<Program> = input.programs.iter().map(in_order).collect();
    let Some((base, stages)) = programs.split_first() else {
        return Site::default();
    };
    let mut doc = Doc {
        input,
        base,
        stages,
        placed: BTreeMap::new(),
        search: Vec::new(),
        drawings: Vec::new(),
    };
    let places = treaty::places(&doc);
    doc.placed = place(input.diagnostics, &places);
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut entries = vec![
        nav("index.html", "Overview"),
        nav("articles.html", "Articles"),
        nav("bodies.html", "Bodies and funds"),
        nav("rules.html", "Voting rules"),
        nav("obligations.html", "Obligations and criteria"),
        nav("sanctions.html", "Sanctions"),
        nav("procedures.html", "Procedures"),
        nav("stages.html", "Stages"),
    ];
    if let Some(s) = input.on {
        entries.push(nav_entry("membership.html", format!("Membership on {}", s.date)));
    }
    let mut amendment_errors = 0;
    let redlines: Vec<redline::Redline> = input.amendments.iter().map(|a| redline::redline(&doc, a)).collect();
    for r in &redlines {
        amendment_errors += r.errors;
        entries.push(nav_entry(&r.file, format!("Amendment: {}", r.title)));
    }
    entries.push(nav("explain/index.html", "Diagnostic codes"));
    let title = base.title.clone().unwrap_or_else(|| base.treaty.clone());
    let source = input.sources.name(input.treaty.span.file).to_string();
    let frame = html::Frame {
        treaty: &title,
        source: &source,
        nav: &entries,
    };
    for (file, heading, main) in treaty::pages(&mut doc) {
        pages.push((file.clone(), html::page(&frame, "", &file, &heading, &main)));
    }
    for r in redlines {
        doc.search.push(Entry {
            title: format!("Amendment: {}", r.title),
            href: r.file.clone(),
            kind: "amendment",
            text: r.search_text.clone(),
        });
        pages.push((r.file.clone(), html::page(&frame, "", &r.file, &r.heading, &r.main)));
    }
    pages.extend(explain_pages(&frame));
    let mut out: Vec<(String, Vec<u8>)> = pages.into_iter().map(|(f, p)| (f, p.into_bytes())).collect();
    out.push(("style.css".to_string(), include_str!("style.css").as_bytes().to_vec()));
    out.push(("search.js".to_string(), search_script(&doc.search).into_bytes()));
    out.extend(doc.drawings.into_iter().map(|(f, svg)| (f, svg.into_bytes())));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Site {
        pages: out,
        amendment_errors,
    }
}

/// The sites of several treaties under one folder: each in a folder named by
/// the treaty, with an index page listing them.
pub fn collection(sites: Vec<(String, String, Site)>) -> Site {
    let mut pages = Vec::new();
    let mut list = String::new();
    let mut amendment_errors = 0;
    for (name, title, site) in sites {
        list.push_str(&format!(
            "<li><a href=\"{}/index.html\">{}</a> <code>{}</code></li>\n",
            html::escape(&name),
            html::escape(&title),
            html::escape(&name)
        ));
        amendment_errors += site.amendment_errors;
        for (path, bytes) in site.pages {
            pages.push((format!("{name}/{path}"), bytes));
        }
    }
    let index = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Treaties</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the text</a>\n<header class=\"masthead\"><p class=\"treaty-name\">Treaties</p></header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>Treaties</h1>\n<ul class=\"toc\">\n{list}</ul>\n</main>\n<footer><p>Generated by treatyc {}.</p></footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    pages.push(("index.html".to_string(), index.into_bytes()));
    pages.push(("style.css".to_string(), include_str!("style.css").as_bytes().to_vec()));
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Site {
        pages,
        amendment_errors,
    }
}

/// The provision a change addresses, in the treaty or one of its articles.
fn find<'t>(items: &'t [Item], kind: ItemKind, name: &str) -> Option<&'t Item> {
    for item in items {
        if crate::model::stages::address(item)
            .is_some_and(|(k, n)| crate::model::stages::same_kind(k, kind) && n == name)
        {
            return Some(item);
        }
        if let Item::Article(a) = item {
            if let Some(found) = find(&a.items, kind, name) {
                return Some(found);
            }
        }
    }
    None
}

/// A program with its articles, bodies, rules and provisions in the order the
/// treaty writes them (the IR lists some by name).
fn in_order(p: &Program) -> Program {
    let mut p = p.clone();
    p.articles.sort_by_key(|a| a.provenance.start);
    p.bodies.sort_by_key(|b| b.provenance.start);
    p.rules
        .sort_by_key(|r| r.provenance.as_ref().map_or(usize::MAX, |p| p.start));
    p.obligations.sort_by_key(|o| o.provenance.start);
    p.criteria.sort_by_key(|c| c.provenance.start);
    p.sanctions.sort_by_key(|s| s.provenance.start);
    p.procedures.sort_by_key(|x| x.provenance.start);
    p.funds.sort_by_key(|f| f.provenance.start);
    p
}

fn nav(file: &str, label: &str) -> html::NavEntry {
    nav_entry(file, label.to_string())
}

fn nav_entry(file: &str, label: String) -> html::NavEntry {
    html::NavEntry {
        file: file.to_string(),
        label,
    }
}

/// Each diagnostic beside the smallest provision its primary span falls in.
fn place<'a>(diagnostics: &'a [Diagnostic], places: &[Place]) -> BTreeMap<String, Vec<&'a Diagnostic>> {
    let mut out: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        let at = d.primary.span;
        let best = places
            .iter()
            .filter(|p| p.file == at.file && p.start <= at.start && at.start < p.end.max(p.start + 1))
            .min_by_key(|p| p.end - p.start);
        let key = best.map(|p| format!("{}#{}", p.page, p.id)).unwrap_or_default();
        out.entry(key).or_default().push(d);
    }
    out
}

/// `explain/CODE.html` for every code in the catalogue, and `explain/index.html`.
fn explain_pages(frame: &html::Frame<'_>) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut rows = String::new();
    for c in Code::ALL {
        let code = c.as_str();
        let severity = crate::diagnostics::severity_word(c.severity());
        rows.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{code}.html\">{code}</a></th><td>{severity}</td><td>{}</td></tr>\n",
            html::prose(c.title())
        ));
        let main = format!(
            "<h1><span class=\"code\">{code}</span> {}</h1>\n<p class=\"severity {severity}\">Severity: {severity}</p>\n{}<p><a href=\"index.html\">Every diagnostic code</a></p>\n",
            html::prose(c.title()),
            html::explanation(c.page())
        );
        let file = format!("explain/{code}.html");
        pages.push((
            file.clone(),
            html::page(frame, "../", &file, &format!("{code}: {}", c.title()), &main),
        ));
    }
    let main = format!(
        "<h1>Diagnostic codes</h1>\n<p>Each finding of the checker carries one of these codes; <code>treatyc explain CODE</code> prints the same page.</p>\n<table>\n<caption>Every code, its severity and what it reports</caption>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Severity</th><th scope=\"col\">What it reports</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    );
    pages.push((
        "explain/index.html".to_string(),
        html::page(frame, "../", "explain/index.html", "Diagnostic codes", &main),
    ));
    pages
}

/// The search script: the index as data, then the code that filters it. A
/// script file rather than JSON, because a browser will not fetch a file from
/// the file system, but runs a script the page names.
fn search_script(entries: &[Entry]) -> String {
    let mut data = String::from("var TREATY_SEARCH = [\n");
    for e in entries {
        data.push_str(&format!(
            "[{},{},{},{}],\n",
            js_string(&e.title),
            js_string(&e.href),
            js_string(e.kind),
            js_string(&e.text.to_lowercase())
        ));
    }
    data.push_str("];\n");
    data.push_str(include_str!("search.js"));
    data
}

/// A string as a JavaScript literal (JSON's escaping is JavaScript's).
fn js_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".to_string())
        .replace("</", "<\\/")
}
