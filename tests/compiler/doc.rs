//! `treatyc doc`: the static site of every bundled treaty, its links, its words,
//! its redlines, and what it refuses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::support::{treatyc, BUNDLED};

/// Runs `treatyc doc ARGS -o DIR` into a new temporary folder.
fn doc(args: &[&str]) -> (tempfile::TempDir, i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut words: Vec<&str> = vec!["doc"];
    words.extend_from_slice(args);
    let out_str = out.to_str().unwrap().to_string();
    words.push("-o");
    words.push(&out_str);
    let (code, _, err) = treatyc(&words);
    (dir, code, err)
}

/// Every file under `dir`, by its path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_str().unwrap().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The values of one attribute throughout a page (`id="..."`, `href="..."`).
fn attribute(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// Every link and script of every page names a file of the site, and every
/// fragment an element of that page; no page has an id twice; nothing names
/// a network address.
fn assert_links_resolve(site: &BTreeMap<String, Vec<u8>>) {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in site {
        let text = String::from_utf8(bytes.clone()).unwrap();
        // A namespace name is an identifier, never fetched.
        let addresses = text
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
        assert!(
            !addresses.contains("http://") && !addresses.contains("https://"),
            "{path} names a network address"
        );
        assert!(!text.contains("fetch("), "{path} fetches");
        if path.ends_with(".html") {
            let list = attribute(&text, "id");
            let set: BTreeSet<String> = list.iter().cloned().collect();
            assert_eq!(set.len(), list.len(), "{path} has an id twice: {list:?}");
            ids.insert(path, set);
        }
    }
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let folder = Path::new(path).parent().unwrap_or(Path::new(""));
        let mut targets = attribute(&text, "href");
        targets.extend(attribute(&text, "src"));
        for href in targets {
            let (file, fragment) = match href.split_once('#') {
                Some((f, frag)) => (f.to_string(), Some(frag.to_string())),
                None => (href.clone(), None),
            };
            let target = if file.is_empty() {
                path.clone()
            } else {
                normalise(&folder.join(&file))
            };
            assert!(site.contains_key(&target), "{path}: `{href}` names no file ({target})");
            if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                let known = ids.get(target.as_str()).unwrap();
                assert!(known.contains(&frag), "{path}: `{href}`: no id `{frag}` in {target}");
            }
        }
    }
}

fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(n) => parts.push(n.to_str().unwrap().to_string()),
            _ => {}
        }
    }
    parts.join("/")
}

fn page(site: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(site.get(name).unwrap_or_else(|| panic!("no page {name}")).clone()).unwrap()
}

#[test]
fn every_bundled_treaty_gets_a_site_whose_links_all_resolve() {
    for name in BUNDLED {
        let path = format!("treaties/{name}.treaty");
        let (dir, code, err) = doc(&[&path]);
        assert_eq!(code, 0, "{name}: {err}");
        let site = files(&dir.path().join("site"));
        for p in [
            "index.html",
            "articles.html",
            "bodies.html",
            "rules.html",
            "obligations.html",
            "sanctions.html",
            "procedures.html",
            "stages.html",
            "style.css",
            "search.js",
            "explain/index.html",
        ] {
            assert!(site.contains_key(p), "{name}: no {p}");
        }
        for c in treatyc::diagnostics::Code::ALL {
            assert!(
                site.contains_key(&format!("explain/{}.html", c.as_str())),
                "{name}: no page for {c:?}"
            );
        }
        assert_links_resolve(&site);
        let style = page(&site, "style.css");
        assert!(
            style.contains("@media print") && style.contains(":focus-visible"),
            "{name}: print and focus styles"
        );
        let search = page(&site, "search.js");
        assert!(search.starts_with("var TREATY_SEARCH = [\n[") && search.contains("addEventListener(\"input\""));
        for (p, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{name} {p}");
            assert_eq!(text.matches("<h1").count(), 1, "{name} {p}: one h1");
            for landmark in [
                "<header",
                "<nav",
                "<main id=\"main\"",
                "<footer",
                "class=\"skip\" href=\"#main\"",
            ] {
                assert!(text.contains(landmark), "{name} {p}: no {landmark}");
            }
        }
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let args = [
        "treaties/wsc.treaty",
        "--amendment",
        "treaties/amendments/defence-target-3-5.treaty",
        "--facts",
        "treaties/data/wsc_parties_population.csv",
    ];
    let (a, code, err) = doc(&args);
    assert_eq!(code, 0, "{err}");
    let (b, _, _) = doc(&args);
    assert_eq!(files(&a.path().join("site")), files(&b.path().join("site")));
    let history = [
        "treaties/eu-treaties.treaty",
        "--history",
        "treaties/data/eu-history.csv",
        "--on",
        "2019-06-01",
    ];
    let (a, code, err) = doc(&history);
    assert_eq!(code, 0, "{err}");
    let (b, _, _) = doc(&history);
    assert_eq!(files(&a.path().join("site")), files(&b.path().join("site")));
}

#[test]
fn every_article_of_the_reference_treaty_appears_with_its_legal_text() {
    let (dir, code, err) = doc(&["treaties/wsc.treaty"]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    let articles = page(&site, "articles.html");
    let mut session = treatyc::session::Session::new();
    let program = treatyc::compile_to_ir(
        &mut session,
        "treaties/wsc.treaty",
        &std::fs::read("treaties/wsc.treaty").unwrap(),
        None,
    )
    .unwrap();
    assert!(program.articles.len() >= 10);
    for a in &program.articles {
        let id = treatyc::doc::anchor("article", &a.number);
        assert!(
            articles.contains(&format!("<section class=\"article\" id=\"{id}\"")),
            "article {}",
            a.number
        );
        for t in &a.text {
            let escaped = t.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&#39;");
            assert!(articles.contains(&escaped), "article {}: {t}", a.number);
        }
        // Listed in the contents, in the order written.
        assert!(page(&site, "index.html").contains(&format!("articles.html#{id}")));
    }
    let index = page(&site, "index.html");
    let three = index.find("#article-3\"").unwrap();
    let twelve = index.find("#article-12\"").unwrap();
    assert!(three < twelve, "the contents follow the treaty's order");
    // Each stage with its diagram, named for screen readers.
    let stages = page(&site, "stages.html");
    for id in ["stage-community", "stage-union", "stage-federation", "stage-as-written"] {
        assert!(stages.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(stages.matches("<svg").count(), 4);
    assert_eq!(stages.matches("role=\"img\" aria-labelledby=").count(), 4);
    assert!(stages.contains("Parliament of the Union"));
    // The search index holds the articles and rules.
    let search = page(&site, "search.js");
    assert!(search.contains("\"Article 5: Collective defence\",\"articles.html#article-5\""));
    assert!(search.contains("rules.html#rule-qmv"));
}

#[test]
fn the_council_rules_read_with_their_figures() {
    let (dir, code, err) = doc(&["treaties/eu-council.treaty"]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    let rules = page(&site, "rules.html");
    let qmv = &rules[rules.find("id=\"rule-qualified_majority\"").unwrap()..];
    let qmv = &qmv[..qmv.find("</section>").unwrap()];
    assert!(
        qmv.contains(
            "dopted when at least 55% of the members, representing at least 65% of the population, vote in favour"
        ),
        "{qmv}"
    );
    assert!(qmv.contains("a blocking minority needs at least four members"), "{qmv}");
    assert!(
        qmv.contains("at least 15 members in favour when all members take part"),
        "{qmv}"
    );
    assert!(
        qmv.contains("before then <code>weighted_qualified_majority</code> applies"),
        "{qmv}"
    );
    // The Council's powers say the same words beside each decision.
    let bodies = page(&site, "bodies.html");
    let council = &bodies[bodies.find("id=\"body-Council\"").unwrap()..];
    assert!(council.contains("<code>ordinary</code></th><td><a href=\"rules.html#rule-qualified_majority\">"));
    assert!(council.contains("on a proposal from <a href=\"bodies.html#body-Commission\">Commission</a>"));
}

/// The figures of one body's section of `bodies.html`: each `<figure
/// class="plot">`'s SVG with its caption.
fn plots_of(bodies: &str, body: &str) -> Vec<(String, String)> {
    let start = bodies.find(&format!("id=\"body-{body}\"")).unwrap();
    let section = &bodies[start..];
    let section = &section[..section.find("</section>").unwrap()];
    section
        .split("<figure class=\"plot\">\n")
        .skip(1)
        .map(|f| {
            let svg = &f[..f.find("</svg>").unwrap() + "</svg>".len()];
            let caption = &f[f.find("<figcaption>").unwrap()..f.find("</figcaption>").unwrap()];
            (svg.to_string(), caption.to_string())
        })
        .collect()
}

/// With the members' figures, the Council's page draws each member's Banzhaf
/// index under the qualified majority against its share of the population:
/// every point inside the plotting area where its data says, at the index
/// `power` computes; the proportional and square-root ideals through their
/// formulas; labels that name points and overlap nothing.
#[test]
fn the_council_page_draws_each_members_power_against_population() {
    let (dir, code, err) = doc(&[
        "treaties/eu-council.treaty",
        "--facts",
        "treaties/data/eu_council_population.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    let bodies = page(&site, "bodies.html");
    let plots = plots_of(&bodies, "Council");
    // One weighted rule among the Council's powers (the others count members).
    assert_eq!(plots.len(), 1, "{plots:?}");
    let (svg, caption) = &plots[0];
    assert!(svg.contains("aria-label=\"Banzhaf index in Council under qualified_majority\""));
    assert!(
        caption
            .contains("<a href=\"rules.html#rule-qualified_majority\">qualified_majority</a> (<code>ordinary</code>)"),
        "{caption}"
    );
    let (curves, points) = crate::diagram_geometry::check_plot(svg);
    assert_eq!(points.len(), 27);
    let proportional = curves.iter().find(|c| c.2 == 1.).unwrap();
    assert_eq!(proportional.1, 1.);
    let root = curves.iter().find(|c| c.2 == 0.5).unwrap();
    assert!(root.0.contains("Penrose"), "{curves:?}");
    let total: f64 = points.iter().map(|p| root.1 * p.1.sqrt()).sum();
    assert!((total - 1.).abs() < 1e-9);
    // Each point at the index `treatyc power` gives, and at the member's share.
    let (code, out, err) = treatyc(&[
        "power",
        "treaties/eu-council.treaty",
        "--facts",
        "treaties/data/eu_council_population.csv",
        "--body",
        "Council",
        "--decision",
        "ordinary",
        "--index",
        "banzhaf",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    for m in report["members"].as_array().unwrap() {
        let id = m["id"].as_str().unwrap();
        let point = points
            .iter()
            .find(|p| p.0 == id)
            .unwrap_or_else(|| panic!("{id} not drawn"));
        assert!(
            (point.2 - m["value"].as_f64().unwrap()).abs() < 1e-12,
            "{id}: {point:?} {m}"
        );
    }
    let malta = points.iter().find(|p| p.0 == "MLT").unwrap();
    assert!((malta.1 - 541_181. / 451_028_881.).abs() < 1e-15, "{malta:?}");
    // Labels name drawn points, and at least the largest members are labelled.
    let svg_doc = roxmltree::Document::parse(svg).unwrap();
    let labels: Vec<&str> = svg_doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("label"))
        .filter_map(|n| n.text())
        .collect();
    assert!(labels.len() >= 10, "{labels:?}");
    assert!(labels.iter().all(|l| points.iter().any(|p| p.0 == *l)), "{labels:?}");
    for id in ["DEU", "FRA", "ITA"] {
        assert!(labels.contains(&id), "{id} not labelled: {labels:?}");
    }
    assert_links_resolve(&site);
    // The same input, the same bytes.
    let (again, _, _) = doc(&[
        "treaties/eu-council.treaty",
        "--facts",
        "treaties/data/eu_council_population.csv",
    ]);
    assert_eq!(page(&files(&again.path().join("site")), "bodies.html"), bodies);
}

/// No figure is drawn that cannot be computed: without facts, for a power the
/// member concerned does not vote on, for a game too large to count, the page
/// says why instead.
#[test]
fn a_power_figure_that_cannot_be_computed_is_a_reason_not_a_picture() {
    let (dir, code, err) = doc(&["treaties/eu-council.treaty"]);
    assert_eq!(code, 0, "{err}");
    let bodies = page(&files(&dir.path().join("site")), "bodies.html");
    assert!(plots_of(&bodies, "Council").is_empty());
    assert!(bodies.contains("The voting power under <a href=\"rules.html#rule-qualified_majority\">qualified_majority</a> follows the members' figures: give them (<code>treatyc doc --facts CSV</code>)"), "{bodies}");

    let (dir, code, err) = doc(&[
        "treaties/wsc.treaty",
        "--facts",
        "treaties/data/wsc_parties_population.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let bodies = page(&files(&dir.path().join("site")), "bodies.html");
    // `reinforced_qmv` decides only expulsion, `excluding concerned`.
    assert!(bodies.contains("The voting power under <a href=\"rules.html#rule-reinforced_qmv\">reinforced_qmv</a> is exercised without the member concerned"), "{bodies}");
    let ministers = plots_of(&bodies, "Ministers");
    assert_eq!(ministers.len(), 1);
    assert_eq!(crate::diagram_geometry::check_plot(&ministers[0].0).1.len(), 10);

    let (dir, code, err) = doc(&[
        "docs/examples/world-assembly.treaty",
        "--facts",
        "tests/data/un_member_population.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let bodies = page(&files(&dir.path().join("site")), "bodies.html");
    assert!(plots_of(&bodies, "Assembly").is_empty());
    assert!(
        bodies.contains("cannot be counted exactly on the facts given: exact voting power over 193 members"),
        "{bodies}"
    );
    assert!(
        bodies.contains("<code>treatyc power --estimate SAMPLES</code> estimates it"),
        "{bodies}"
    );
}

/// A vote weighed by something other than people (the IMF's votes) has no
/// square-root law: the figure draws power against the share of the votes with
/// proportionality as its one, solid, ideal.
#[test]
fn a_vote_weighed_by_votes_is_drawn_against_proportionality_alone() {
    let dir = tempfile::tempdir().unwrap();
    let treaty = dir.path().join("fund.treaty");
    std::fs::write(
        &treaty,
        "treaty quotas \"Quotas\" {\n  facts member {\n    votes: count\n  }\n  parties {\n    A\n    B\n    C\n    D\n    E\n  }\n  rule weighted = votes >= 70%\n  body Governors {\n    seats: one per member appointed by members\n    decides allocation by weighted\n  }\n}\n",
    )
    .unwrap();
    let facts = dir.path().join("votes.csv");
    std::fs::write(&facts, "id,votes\nA,40\nB,25\nC,15\nD,12\nE,8\n").unwrap();
    let (site, code, err) = doc(&[treaty.to_str().unwrap(), "--facts", facts.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let bodies = page(&files(&site.path().join("site")), "bodies.html");
    let plots = plots_of(&bodies, "Governors");
    assert_eq!(plots.len(), 1);
    let (svg, caption) = &plots[0];
    assert!(caption.contains("against its share of votes"), "{caption}");
    assert!(
        caption.contains("with power proportional to votes (solid)"),
        "{caption}"
    );
    let (curves, points) = crate::diagram_geometry::check_plot(svg);
    assert_eq!(curves, vec![("power proportional to votes".to_string(), 1., 1.)]);
    assert!(!svg.contains("stroke-dasharray"), "the one ideal is solid");
    // [70; 40, 25, 15, 12, 8]: swings 8, 6, 2, 2, 2 (counted by hand), so
    // C, D and E have the same power for different votes.
    for (id, share, index) in [
        ("A", 0.4, 0.4),
        ("B", 0.25, 0.3),
        ("C", 0.15, 0.1),
        ("D", 0.12, 0.1),
        ("E", 0.08, 0.1),
    ] {
        let p = points.iter().find(|p| p.0 == id).unwrap();
        assert!((p.1 - share).abs() < 1e-12 && (p.2 - index).abs() < 1e-12, "{p:?}");
    }
}

#[test]
fn amendments_read_as_redlines_with_their_findings_procedure_and_power() {
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "treaties/wsc.treaty",
            "defence-target-3-5",
            &[
                "Article 7 replaced",
                // The replacement keeps the article's layout: its body indented
                // from the line `replace article 7` stands on, not from `article`.
                "{\n  text &quot;Members shall not use force",
                "of gross domestic product<del><span class=\"sr\">[deleted: </span> that the Council sets as the defence target<span class=\"sr\">]</span></del>",
                "The lint finds no problem in this change",
                "every member's voting power stays as it is",
            ],
        ),
        (
            "treaties/wsc.treaty",
            "low-spenders-opt-out",
            &["Article 7b inserted after article 7", "E0802", "E0301", "Undecided"],
        ),
        (
            "treaties/north-atlantic.treaty",
            "d10-global-accession",
            &["Article 10 replaced"],
        ),
        (
            "treaties/north-atlantic.treaty",
            "nac-qualified-majority",
            &["Article 9 replaced", "<strong>Undecided</strong>", "population"],
        ),
    ];
    for (treaty, amendment, expected) in cases {
        let path = format!("treaties/amendments/{amendment}.treaty");
        let (dir, code, err) = doc(&[treaty, "--amendment", &path]);
        let errors = amendment == "low-spenders-opt-out";
        assert_eq!(code, if errors { 1 } else { 0 }, "{amendment}: {err}");
        let site = files(&dir.path().join("site"));
        assert_links_resolve(&site);
        let (file, text) = site
            .iter()
            .find(|(p, _)| p.starts_with("amendment-"))
            .map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap()))
            .unwrap();
        assert!(
            text.contains("<ins>") && text.contains("[inserted: "),
            "{file}: no insertion"
        );
        if amendment != "low-spenders-opt-out" || text.contains("Article 5 replaced") {
            assert!(
                text.contains("<del>") && text.contains("[deleted: "),
                "{file}: no deletion"
            );
        }
        assert!(text.contains("The procedure it needs"), "{file}");
        let procedure = if treaty.contains("wsc") {
            "ratified by 2/3 of members"
        } else {
            "states no amendment procedure"
        };
        assert!(text.contains(procedure), "{file}: the procedure's steps");
        for e in expected {
            assert!(text.contains(e), "{file}: no `{e}`");
        }
        assert!(
            page(&site, "index.html").contains(&format!("href=\"{file}\"")),
            "{file} is in the navigation"
        );
    }
}

#[test]
fn a_replaced_rule_shifts_power_member_by_member() {
    // The reference treaty's Council moves from `qmv` to unanimity for broad policy.
    let dir = tempfile::tempdir().unwrap();
    let amendment = dir.path().join("unanimity.treaty");
    std::fs::write(
        &amendment,
        "amendment broad_unanimity \"Broad policy by unanimity\" amends wsc {\n  replace rule qmv \"Qualified majority\" = unanimity\n}\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let (code, _, err) = treatyc(&[
        "doc",
        "treaties/wsc.treaty",
        "--facts",
        "treaties/data/wsc_parties_population.csv",
        "--amendment",
        amendment.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(out.join("amendment-broad_unanimity.html")).unwrap();
    assert!(
        text.contains("<code>Council</code> deciding <code>broad_policy</code>"),
        "{text}"
    );
    assert!(text.contains("Banzhaf power of each member"), "{text}");
    assert!(
        text.contains("<li><code>AUS</code>, <code>CAN</code>, <code>DEU</code>, <code>FRA</code>, <code>GBR</code>, <code>IND</code>, <code>ITA</code>, <code>JPN</code>, <code>KOR</code>, <code>USA</code> gain a veto (10 of them)</li>"),
        "unanimity gives every member a veto, in the treaty as written and every stage: {text}"
    );
    assert!(text.contains("<th scope=\"row\"><code>IND</code></th>"), "{text}");
}

#[test]
fn the_membership_of_a_day_is_a_page_of_its_own() {
    let (dir, code, err) = doc(&[
        "treaties/eu-treaties.treaty",
        "--history",
        "treaties/data/eu-history.csv",
        "--on",
        "2020-02-01",
    ]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    let m = page(&site, "membership.html");
    assert!(m.contains("<h1>Membership on 1 February 2020</h1>"), "{m}");
    assert!(m.contains("27 members"), "{m}");
    assert!(m.contains("withdrawn on 1 February 2020"), "{m}");
    assert!(page(&site, "index.html").contains("href=\"membership.html\""));
    assert_links_resolve(&site);
}

#[test]
fn several_treaties_go_into_a_folder_each() {
    let (dir, code, err) = doc(&["treaties/eu-council.treaty", "treaties/imf.treaty"]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    assert!(site.contains_key("eu_council/index.html") && site.contains_key("imf/index.html"));
    assert!(page(&site, "index.html").contains("href=\"eu_council/index.html\""));
    assert_links_resolve(&site);
}

#[test]
fn nothing_is_written_for_a_treaty_with_errors_or_where_it_cannot_be() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let (code, _, err) = treatyc(&["doc", "docs/examples/draft.treaty", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0010") && err.contains("nothing written"), "{err}");
    assert!(!out.exists());

    let (code, _, err) = treatyc(&["doc", "treaties/missing.treaty", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("E0908"), "{err}");
    assert!(!out.exists());

    // A folder that is a file, and a page that is a link out of the folder.
    let file = dir.path().join("file");
    std::fs::write(&file, "keep").unwrap();
    let (code, _, err) = treatyc(&["doc", "treaties/wsc.treaty", "-o", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("E0909"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&file, out.join("index.html")).unwrap();
    let (code, _, err) = treatyc(&["doc", "treaties/wsc.treaty", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");

    // Never over an input: a site written into the treaty's own folder spares it.
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let treaty: PathBuf = src.join("index.html");
    std::fs::copy("treaties/eu-council.treaty", &treaty).unwrap();
    let (code, _, err) = treatyc(&["doc", treaty.to_str().unwrap(), "-o", src.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is an input of this command"), "{err}");
    assert_eq!(
        std::fs::read(&treaty).unwrap(),
        std::fs::read("treaties/eu-council.treaty").unwrap()
    );
}

#[test]
fn findings_stand_beside_the_provision_they_concern() {
    // With the founders' populations, India alone blocks the reinforced
    // qualified majority (W0404): the warning stands beside that rule.
    let (dir, code, err) = doc(&[
        "treaties/wsc.treaty",
        "--facts",
        "treaties/data/wsc_parties_population.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    let rules = page(&site, "rules.html");
    let at = rules.find("id=\"rule-reinforced_qmv\"").unwrap();
    let section = &rules[at..at + rules[at..].find("</section>").unwrap()];
    assert!(
        section.contains("<a href=\"explain/W0404.html\">W0404</a>"),
        "{section}"
    );
    assert!(page(&site, "index.html").contains("The checker reports one finding"));
    assert!(page(&site, "explain/W0404.html").contains(treatyc::diagnostics::Code::W0404.title()));
}

#[test]
fn a_column_only_the_amendment_declares_weighs_its_rule() {
    // `nac-qualified-majority` weighs the North Atlantic Council's votes by a
    // population the treaty as written does not declare.
    let treaty = std::fs::read_to_string("treaties/north-atlantic.treaty").unwrap();
    let parties = &treaty[treaty.find("  parties {").unwrap()..];
    let parties = &parties[..parties.find('}').unwrap()];
    let mut csv = String::from("id,population\n");
    for (i, id) in parties
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .enumerate()
    {
        csv.push_str(&format!("{id},{}\n", (i + 1) * 1_000_000));
    }
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("population.csv");
    std::fs::write(&facts, csv).unwrap();
    let out = dir.path().join("site");
    let (code, _, err) = treatyc(&[
        "doc",
        "treaties/north-atlantic.treaty",
        "--facts",
        facts.to_str().unwrap(),
        "--amendment",
        "treaties/amendments/nac-qualified-majority.treaty",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(out.join("amendment-nac_qualified_majority.html")).unwrap();
    assert!(!text.contains("<strong>Undecided</strong>"), "{text}");
    assert!(
        text.contains("Banzhaf power of each member of <code>NorthAtlanticCouncil</code>"),
        "{text}"
    );
    assert!(
        text.contains("<li>each of <code>ALB</code>, <code>BEL</code>"),
        "consensus gave every Ally a veto: {text}"
    );
    assert!(text.contains("loses its veto (32 of them)</li>"), "{text}");
}

#[test]
fn each_stage_diagram_is_a_file_of_its_own_as_graph_draws_it() {
    let (dir, code, err) = doc(&["treaties/wsc.treaty"]);
    assert_eq!(code, 0, "{err}");
    let site = files(&dir.path().join("site"));
    let stages = page(&site, "stages.html");
    for (file, stage) in [
        ("diagrams/as-written.svg", None),
        ("diagrams/stage-community.svg", Some("community")),
        ("diagrams/stage-union.svg", Some("union")),
        ("diagrams/stage-federation.svg", Some("federation")),
    ] {
        assert!(stages.contains(&format!("<a href=\"{file}\">")), "{file} is linked");
        let mut args = vec!["graph", "treaties/wsc.treaty", "--format", "svg", "--layout", "builtin"];
        if let Some(s) = stage {
            args.extend(["--stage", s]);
        }
        let (code, drawn, err) = treatyc(&args);
        assert_eq!(code, 0, "{err}");
        let written = String::from_utf8(site.get(file).unwrap_or_else(|| panic!("no {file}")).clone()).unwrap();
        assert_eq!(
            written.trim_end(),
            drawn.trim_end(),
            "{file} is what `treatyc graph` draws"
        );
    }
}
