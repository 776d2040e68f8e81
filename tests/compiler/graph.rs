//! The institution graph: snapshots of every format for every bundled treaty, real
//! Graphviz on the DOT output, the pure-Rust SVG as XML, and the committed diagram.

use std::path::Path;
use std::process::Command;

use treatyc::ast::{Document, Treaty};
use treatyc::graph::{draw, Format, Layout, Picture, Selection, View};
use treatyc::source::SourceMap;

fn load(path: &Path, sources: &mut SourceMap) -> Treaty {
    let bytes = std::fs::read(path).unwrap();
    let name = format!("treaties/{}", path.file_name().unwrap().to_str().unwrap());
    match treatyc::parse_source(sources, &name, &bytes).document {
        Some(Document::Treaty(t)) => t,
        _ => panic!("{} is not a treaty", path.display()),
    }
}

fn treaty_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties").join(name)
}

fn render(path: &Path, stage: Option<&str>, format: Format) -> (String, Treaty) {
    let mut sources = SourceMap::new();
    let treaty = load(path, &mut sources);
    let picture = Picture {
        format,
        view: View::All,
        layout: Layout::Builtin,
    };
    let text = draw(Selection { treaty: &treaty, stage }, None, picture, &sources).unwrap();
    (text, treaty)
}

/// The names of the bodies (internal, external, offices) of a treaty as written.
fn bodies(treaty: &Treaty) -> Vec<String> {
    fn walk(items: &[treatyc::ast::Item], out: &mut Vec<String>) {
        for i in items {
            match i {
                treatyc::ast::Item::Body(b) => out.push(b.name.name.clone()),
                treatyc::ast::Item::Article(a) => walk(&a.items, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&treaty.items, &mut out);
    out
}

use crate::support::BUNDLED;

#[test]
fn every_bundled_treaty_draws_in_dot_mermaid_and_json() {
    for treaty in BUNDLED {
        for (format, ext) in [
            (Format::Dot, "dot"),
            (Format::Mermaid, "mermaid"),
            (Format::Json, "json"),
        ] {
            let (text, _) = render(&treaty_path(&format!("{treaty}.treaty")), None, format);
            insta::assert_snapshot!(format!("graph-{treaty}-{ext}"), text);
        }
    }
}

#[test]
fn graphviz_renders_the_dot_output_of_every_bundled_treaty() {
    for name in BUNDLED.map(|t| format!("{t}.treaty")) {
        let name = name.as_str();
        let (dot, treaty) = render(&treaty_path(name), None, Format::Dot);
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("Graphviz `dot` must be installed for this test (Debian: apt-get install graphviz)");
        use std::io::Write;
        child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "dot failed on {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "dot warned on {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8(out.stdout).unwrap();
        for body in bodies(&treaty) {
            assert!(svg.contains(&body), "{name}: Graphviz output does not name `{body}`");
        }
    }
}

#[test]
fn the_svg_is_xml_and_names_every_body() {
    let stages = [None, Some("community"), Some("union"), Some("federation")];
    let drawings = BUNDLED
        .iter()
        .map(|t| (format!("{t}.treaty"), None))
        .chain(stages.into_iter().skip(1).map(|s| ("wsc.treaty".to_string(), s)));
    for (name, stage) in drawings {
        let name = name.as_str();
        let (svg, treaty) = render(&treaty_path(name), stage, Format::Svg);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: the SVG is not XML: {e}"));
        let text: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("\n");
        for body in bodies(&treaty) {
            assert!(text.contains(&body), "{name}: the SVG does not name `{body}`");
        }
        assert!(text.contains("Legend"), "{name}: no legend");
    }
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in [Format::Dot, Format::Mermaid, Format::Json, Format::Svg] {
        let (a, _) = render(&treaty_path("wsc.treaty"), Some("union"), format);
        let (b, _) = render(&treaty_path("wsc.treaty"), Some("union"), format);
        assert_eq!(a, b);
    }
}

#[test]
fn each_stage_has_its_own_graph() {
    let (base, _) = render(&treaty_path("wsc.treaty"), None, Format::Json);
    let (union, _) = render(&treaty_path("wsc.treaty"), Some("union"), Format::Json);
    let (federation, _) = render(&treaty_path("wsc.treaty"), Some("federation"), Format::Json);
    assert!(!base.contains("\"Parliament\""));
    assert!(union.contains("\"Parliament\""));
    assert!(federation.contains("\"WorldParliament\"") && !union.contains("\"WorldParliament\""));
}

#[test]
fn a_stage_diff_marks_what_the_union_adds_and_changes() {
    let mut sources = SourceMap::new();
    let treaty = load(&treaty_path("wsc.treaty"), &mut sources);
    let json = draw(
        Selection {
            treaty: &treaty,
            stage: Some("union"),
        },
        Some(Selection {
            treaty: &treaty,
            stage: Some("community"),
        }),
        Picture {
            format: Format::Json,
            ..Picture::default()
        },
        &sources,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let node = |id: &str| {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(node("Parliament")["change"], "added");
    assert_eq!(node("Council")["change"], "same");
    let changed: Vec<&serde_json::Value> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["from"] == "Ministers" && e["change"] == "changed")
        .collect();
    assert!(changed.iter().any(|e| e["to"] == "decision:detailed_policy"), "{json}");
    let dot = draw(
        Selection {
            treaty: &treaty,
            stage: Some("union"),
        },
        Some(Selection {
            treaty: &treaty,
            stage: Some("community"),
        }),
        Picture {
            format: Format::Dot,
            ..Picture::default()
        },
        &sources,
    )
    .unwrap();
    assert!(
        dot.contains("#2e7d32") && dot.contains("~ decides detailed_policy"),
        "{dot}"
    );
}

#[test]
fn the_json_graph_carries_provenance() {
    let (json, _) = render(&treaty_path("wsc.treaty"), None, Format::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let council = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "Council")
        .unwrap();
    assert_eq!(council["article"], "6");
    assert_eq!(council["span"]["file"], "treaties/wsc.treaty");
    assert!(council["span"]["line"].as_u64().unwrap() > 1);
    let decides = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "Council" && e["kind"] == "decides")
        .unwrap();
    assert!(decides["label"].as_str().unwrap().starts_with("decides by"));
}

/// `docs/wsc.svg` and its views (`docs/wsc-appointments.svg`, ...) are the
/// tool's own drawings of the WSC with the built-in layout (the same bytes on
/// every machine); regenerate them with
/// `TREATYC_UPDATE_DOCS=1 cargo test --test compiler graph`.
#[test]
fn the_committed_wsc_diagrams_are_up_to_date() {
    let mut sources = SourceMap::new();
    let treaty = load(&treaty_path("wsc.treaty"), &mut sources);
    for (view, file) in [
        (View::All, "wsc.svg"),
        (View::Appointments, "wsc-appointments.svg"),
        (View::Decisions, "wsc-decisions.svg"),
        (View::Relations, "wsc-relations.svg"),
    ] {
        let svg = treatyc::graph::svg(&treaty, None, view, Layout::Builtin, &sources).unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(file);
        if std::env::var_os("TREATYC_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &svg).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == svg,
            "docs/{file} is out of date; run TREATYC_UPDATE_DOCS=1 cargo test --test compiler graph"
        );
    }
}

fn treatyc(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_treatyc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The words of an SVG's texts, one line after another, joined by spaces (a
/// box's line may wrap between two words).
fn svg_words(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| {
            t.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_decision_shows_its_rule_and_who_holds_a_veto_over_it() {
    // The Security Council's substantive vote: the five permanent members, found
    // by the voting kernel from `veto by permanent members`.
    let (ok, dot, err) = treatyc(&["graph", "treaties/un-security-council.treaty"]);
    assert!(ok, "{err}");
    assert!(
        dot.contains("decides substantive by substantive_vote; veto: CHN, FRA, GBR, RUS, USA"),
        "{dot}"
    );
    assert!(dot.contains("decides procedural by procedural_vote\\n"), "{dot}");
    // A unanimity rule: every member.
    let (_, json, _) = treatyc(&["graph", "treaties/north-atlantic.treaty", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let accession = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "decides" && e["to"] == "decision:accession")
        .unwrap();
    assert_eq!(accession["veto"], "every member", "{accession}");
    // The decisions view draws it on the edge to the decision, in SVG and Mermaid.
    let (_, svg, _) = treatyc(&[
        "graph",
        "treaties/un-security-council.treaty",
        "--format",
        "svg",
        "--view",
        "decisions",
        "--layout",
        "builtin",
    ]);
    assert!(
        svg_words(&svg).contains("by substantive_vote; veto: CHN, FRA, GBR, RUS, USA"),
        "{svg}"
    );
    let (_, mermaid, _) = treatyc(&["graph", "treaties/un-security-council.treaty", "--format", "mermaid"]);
    assert!(mermaid.contains("veto: CHN, FRA, GBR, RUS, USA"), "{mermaid}");
}

#[test]
fn graph_diff_shows_a_veto_removed() {
    // A variant of the Charter whose substantive vote no longer writes the
    // permanent members' veto.
    let original = std::fs::read_to_string(treaty_path("un-security-council.treaty")).unwrap();
    let clause = "and veto by permanent members\n      and abstention is not a veto\n      and absence is not a veto";
    assert!(original.contains(clause));
    let variant = original.replace(clause, "and abstention counts against");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-veto.treaty");
    std::fs::write(&path, variant).unwrap();
    let path = path.to_str().unwrap();
    let removed = "veto removed (was: CHN, FRA, GBR, RUS, USA)";
    for format in ["dot", "mermaid", "svg"] {
        let (ok, out, err) = treatyc(&[
            "graph",
            path,
            "--diff",
            "treaties/un-security-council.treaty",
            "--format",
            format,
            "--layout",
            "builtin",
        ]);
        assert!(ok, "{err}");
        let text = if format == "svg" { svg_words(&out) } else { out };
        assert!(text.contains(removed), "{format}: {text}");
    }
    let (_, json, _) = treatyc(&[
        "graph",
        path,
        "--diff",
        "treaties/un-security-council.treaty",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let substantive = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "decides" && e["to"] == "decision:substantive")
        .unwrap();
    assert_eq!(substantive["change"], "changed");
    assert_eq!(substantive["veto"], serde_json::Value::Null);
    assert_eq!(substantive["veto_was"], "CHN, FRA, GBR, RUS, USA");
    // And the other way round: the veto added.
    let (_, dot, _) = treatyc(&["graph", "treaties/un-security-council.treaty", "--diff", path]);
    assert!(dot.contains("veto added: CHN, FRA, GBR, RUS, USA"), "{dot}");
}

#[test]
fn the_views_together_draw_every_edge_of_the_graph() {
    let (_, all, _) = treatyc(&[
        "graph",
        "treaties/wsc.treaty",
        "--stage",
        "federation",
        "--format",
        "json",
    ]);
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    let mut seen = 0;
    for view in ["appointments", "decisions", "relations"] {
        let (ok, json, err) = treatyc(&[
            "graph",
            "treaties/wsc.treaty",
            "--stage",
            "federation",
            "--format",
            "json",
            "--view",
            view,
        ]);
        assert!(ok, "{err}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let edges = v["edges"].as_array().unwrap();
        assert!(!edges.is_empty(), "{view}");
        seen += edges.len();
    }
    assert_eq!(
        seen,
        all["edges"].as_array().unwrap().len(),
        "each edge is in exactly one view"
    );
}
