//! Linting amendments: the corpus under `tests/ui/amend` (each case amends the WSC)
//! and the realistic amendments in `treaties/amendments`, with their lint output.

use std::path::Path;

use treatyc::ast::Document;
use treatyc::diagnostics::render_human;
use treatyc::source::SourceMap;

use crate::support::{display_name, expected_code};

/// Lints an amendment against the bundled treaty it names; returns codes and rendering.
fn lint(path: &Path, shown_as: &str) -> (Vec<&'static str>, String, bool) {
    let mut sources = SourceMap::new();
    let amendment_bytes = std::fs::read(path).unwrap();
    let amendment = treatyc::parse_source(&mut sources, shown_as, &amendment_bytes);
    let Some(Document::Amendment(a)) = &amendment.document else {
        panic!("{} is not an amendment", path.display())
    };
    // The corpus lints against the WSC even when an amendment names another treaty (E0803).
    let base_file = if a.amends.name == "north_atlantic" && !shown_as.starts_with("err/") {
        "north-atlantic"
    } else {
        "wsc"
    };
    let base_bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("treaties/{base_file}.treaty"))).unwrap();
    let base = treatyc::parse_source(&mut sources, &format!("treaties/{base_file}.treaty"), &base_bytes);
    let Some(Document::Treaty(t)) = &base.document else {
        panic!()
    };
    let result = treatyc::amend::lint(t, a, &Default::default());
    let codes = result.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let all_help = result.diagnostics.iter().all(|d| d.help.is_some());
    let rendered = format!(
        "{}procedure:\n{}\n",
        render_human(&sources, &result.diagnostics),
        result.procedure.join("\n")
    );
    (codes, rendered, all_help)
}

#[test]
fn every_failing_amendment_reports_its_code() {
    insta::glob!("../ui/amend", "err/*.treaty", |path| {
        let (codes, rendered, all_help) = lint(path, &display_name(path, "err"));
        let code = expected_code(path);
        assert!(
            codes.contains(&code.as_str()),
            "{} should report {code}:\n{rendered}",
            path.display()
        );
        assert!(all_help, "a diagnostic has no help line:\n{rendered}");
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn every_near_miss_amendment_stays_clean() {
    insta::glob!("../ui/amend", "ok/*.treaty", |path| {
        let (codes, rendered, _) = lint(path, &display_name(path, "ok"));
        let code = expected_code(path);
        assert!(
            !codes.contains(&code.as_str()),
            "{} must not report {code}:\n{rendered}",
            path.display()
        );
        assert!(
            !codes.iter().any(|c| c.starts_with('E')),
            "{} has errors:\n{rendered}",
            path.display()
        );
    });
}

#[test]
fn the_bundled_amendments_lint_as_expected() {
    insta::glob!("../../treaties", "amendments/*.treaty", |path| {
        let (codes, rendered, _) = lint(path, &display_name(path, "amendments"));
        let name = path.file_stem().unwrap().to_str().unwrap();
        if name == "low-spenders-opt-out" {
            assert!(codes.contains(&"E0301") && codes.contains(&"E0802"), "{rendered}");
        } else {
            assert!(codes.is_empty(), "{name}:\n{rendered}");
        }
        insta::assert_snapshot!(rendered);
    });
}

/// The rule IR of a parsed treaty's base view, and of another view of the same treaty.
fn ir_of(view: &treatyc::model::stages::StageView<'_>, sources: &SourceMap) -> treatyc::ir::Program {
    let (model, _) = treatyc::model::Model::build(view);
    treatyc::ir::lower(&model, sources)
}

/// Consolidates an amendment to its bundled base; returns the base's IR, the IR of
/// the amended treaty as the lint saw it, the IR of the consolidated text, and the text.
fn consolidate(
    path: &Path,
    base_file: &str,
) -> (treatyc::ir::Program, treatyc::ir::Program, treatyc::ir::Program, String) {
    let mut sources = SourceMap::new();
    let amendment = treatyc::parse_source(&mut sources, "amendment.treaty", &std::fs::read(path).unwrap());
    let base_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("treaties/{base_file}.treaty"));
    let base = treatyc::parse_source(&mut sources, "base.treaty", &std::fs::read(base_path).unwrap());
    let (Some(Document::Amendment(a)), Some(Document::Treaty(t))) = (&amendment.document, &base.document) else {
        panic!("{} does not parse", path.display())
    };
    let lint = treatyc::amend::lint(t, a, &Default::default());
    assert!(!lint.diagnostics.iter().any(|d| d.is_error()), "{}", path.display());
    let text = treatyc::amend::consolidate(t, sources.text(base.file), a, sources.text(amendment.file)).unwrap();

    let mut consolidated_sources = SourceMap::new();
    let unit = treatyc::check_source(
        &mut consolidated_sources,
        "consolidated.treaty",
        text.as_bytes(),
        &Default::default(),
    );
    let errors: Vec<_> = unit.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{}: {errors:?}\n{text}", path.display());
    let Some(Document::Treaty(consolidated)) = &unit.document else {
        panic!()
    };
    let (views, _) = treatyc::model::views(consolidated);
    let (base_views, _) = treatyc::model::views(t);
    (
        ir_of(&base_views[0], &sources),
        ir_of(lint.amended.as_ref().unwrap(), &sources),
        ir_of(&views[0], &consolidated_sources),
        text,
    )
}

#[test]
fn a_consolidated_treaty_says_exactly_what_the_linted_amendment_says() {
    let bundled = ["d10-global-accession", "defence-target-3-5", "nac-qualified-majority"]
        .map(|n| Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("treaties/amendments/{n}.treaty")));
    let near_misses: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/amend/ok"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let expected = bundled.len() + near_misses.len();
    let mut consolidated = 0;
    for path in bundled.into_iter().chain(near_misses) {
        let text = std::fs::read_to_string(&path).unwrap();
        let base_file = if text.contains("amends north_atlantic") {
            "north-atlantic"
        } else {
            "wsc"
        };
        let (base, linted, written, consolidated_text) = consolidate(&path, base_file);
        let differences = treatyc::ir::diff::diff(&linted, &written);
        assert!(
            differences.is_empty(),
            "{}: the consolidated text says something else: {differences:#?}\n{consolidated_text}",
            path.display()
        );
        // The bundled amendments change substance, not only wording.
        if path.starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties")) {
            let changes = treatyc::ir::diff::diff(&base, &written);
            assert!(!changes.is_empty(), "{}", path.display());
        }
        consolidated += 1;
    }
    assert_eq!(consolidated, expected);
    assert!(consolidated >= 12);
}

#[test]
fn consolidation_rewrites_only_what_the_amendment_changes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/amendments/defence-target-3-5.treaty");
    let (.., text) = consolidate(&path, "wsc");
    let base = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/wsc.treaty")).unwrap();
    // Every base line outside article 7 survives, in order, comments included.
    let article_7 = base.find("  article 7 ").unwrap();
    let after_7 = article_7 + base[article_7..].find("\n  }\n").unwrap() + 5;
    assert!(text.contains(&base[..article_7]) && text.contains(&base[after_7..]));
    insta::assert_snapshot!(text[text.find("  article 7 ").unwrap()..]
        .split("\n  }\n")
        .next()
        .unwrap());
    assert!(text.starts_with(
        "// Consolidated by `treatyc amend`: `wsc` as amended by `defence_target` (Defence spending of at least 3.5% of GDP).\n"
    ));
}

/// The shifts of power an amendment (text) makes to a treaty (text), with facts.
fn shifts_of(base: &str, amendment: &str, facts: &treatyc::eval::Facts) -> Vec<treatyc::amend::PowerShift> {
    let mut sources = SourceMap::new();
    let b = treatyc::parse_source(&mut sources, "base.treaty", base.as_bytes());
    let a = treatyc::parse_source(&mut sources, "amendment.treaty", amendment.as_bytes());
    let (Some(Document::Treaty(t)), Some(Document::Amendment(a))) = (&b.document, &a.document) else {
        panic!("does not parse: {:?} {:?}", b.diagnostics, a.diagnostics)
    };
    let lint = treatyc::amend::lint(t, a, &Default::default());
    assert!(
        !lint.base.iter().chain(&lint.diagnostics).any(|d| d.is_error()),
        "{}",
        render_human(&sources, &lint.diagnostics)
    );
    treatyc::amend::power_shifts(&lint, &sources, facts)
}

fn bundled_shifts(base: &str, amendment: &str, facts: &treatyc::eval::Facts) -> Vec<treatyc::amend::PowerShift> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(root.join(format!("treaties/{base}.treaty"))).unwrap();
    let amendment = std::fs::read_to_string(root.join(format!("treaties/amendments/{amendment}.treaty"))).unwrap();
    shifts_of(&base, &amendment, facts)
}

/// The population of each member, from the World Bank figures in tests/data.
fn populations() -> treatyc::eval::Facts {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/un_member_population.csv"))
            .unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let population = cells.last().unwrap().parse::<i128>().unwrap();
            let row = [("population".to_string(), treatyc::ir::Rational::integer(population))].into();
            (cells[0].to_string(), row)
        })
        .collect()
}

const NATO: [&str; 32] = [
    "ALB", "BEL", "BGR", "CAN", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "ISL",
    "ITA", "LTU", "LUX", "LVA", "MKD", "MNE", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "SWE", "TUR", "USA",
];

#[test]
fn a_qualified_majority_in_the_north_atlantic_council_takes_every_allys_veto() {
    use treatyc::amend::ShiftKind;
    let shifts = bundled_shifts("north-atlantic", "nac-qualified-majority", &Default::default());
    for decision in ["consensus", "subsidiary_bodies"] {
        let of: Vec<&ShiftKind> = shifts
            .iter()
            .filter(|s| s.body == "NorthAtlanticCouncil" && s.decision == decision)
            .inspect(|s| assert_eq!(s.stages, vec![None]))
            .map(|s| &s.change)
            .collect();
        // Each of the members loses its veto, whatever their populations: fewer
        // than four against cannot block.
        let lost = of
            .iter()
            .find_map(|c| match c {
                ShiftKind::VetoLost { holders } => Some(holders.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(lost, NATO.map(String::from).to_vec());
        assert!(of.contains(&&ShiftKind::RuleChanged {
            before: "consensus".to_string(),
            after: "qualified_majority".to_string()
        }));
        assert!(of.contains(&&ShiftKind::CriterionRemoved {
            criterion: "no member objecting".to_string()
        }));
        assert!(of.contains(&&ShiftKind::CriterionAdded {
            criterion: "at least 55% of the members in favour (18 of 32 members in favour)".to_string()
        }));
        // Without the populations, the fewest members that can block is only
        // bounded: four (the floor) to fifteen (55% of 32 is 18 in favour).
        let Some(ShiftKind::BlockingChanged { before, after }) =
            of.iter().find(|c| matches!(c, ShiftKind::BlockingChanged { .. }))
        else {
            panic!("{of:?}")
        };
        assert_eq!(
            (before.at_least, before.at_most, before.count),
            (Some(1), Some(1), Some(32))
        );
        assert_eq!((after.at_least, after.at_most), (Some(4), Some(15)));
        assert!(after.depends_on.as_deref().unwrap().contains("`population`"));
        assert!(!of.iter().any(|c| matches!(c, ShiftKind::Undecided { .. })), "{of:?}");
    }
    // With them, exactly: the United States and any three others.
    let shifts = bundled_shifts("north-atlantic", "nac-qualified-majority", &populations());
    let after = shifts
        .iter()
        .find_map(|s| match &s.change {
            ShiftKind::BlockingChanged { after, .. } if s.decision == "consensus" => Some(after.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (after.at_least, after.at_most, after.depends_on.as_deref()),
        (Some(4), Some(4), None)
    );
    assert!(
        after.examples.iter().all(|c| c.contains(&"USA".to_string())),
        "{after:?}"
    );
}

#[test]
fn an_amendment_that_changes_a_figure_shifts_no_power() {
    assert_eq!(bundled_shifts("wsc", "defence-target-3-5", &Default::default()), vec![]);
    assert_eq!(
        bundled_shifts("north-atlantic", "d10-global-accession", &Default::default()),
        vec![]
    );
}

const SMALL: &str = r#"treaty t {
  parties { A  B  C  D  E  F  G  H  I  J }
  facts member { population: count }
  rule qmv = members >= 55%
  rule heavy = population >= 65%
  body Council { seats: one per member  decides budget by qmv  decides admission by unanimity }
  body Assembly { seats: one per member  decides reports by simple majority }
  stage community "Community" { text "The Community as established." }
  stage union "Union" after community when ratified by all members {
    replace rule heavy = population >= 70%
  }
}
"#;

fn small(changes: &str) -> Vec<treatyc::amend::PowerShift> {
    shifts_of(
        SMALL,
        &format!("amendment a amends t {{\n{changes}\n}}\n"),
        &Default::default(),
    )
}

#[test]
fn a_threshold_raised_or_lowered_is_said_in_words_and_figures() {
    use treatyc::amend::ShiftKind;
    let shifts = small("replace rule qmv = members >= 60%");
    let changes: Vec<&ShiftKind> = shifts.iter().map(|s| &s.change).collect();
    assert_eq!(
        changes,
        vec![&ShiftKind::ThresholdRaised {
            before: "at least 55% of the members in favour (6 of 10 members in favour)".to_string(),
            after: "at least 60% of the members in favour (6 of 10 members in favour)".to_string(),
        }],
        "six in favour either way: five against block, as before"
    );
    assert_eq!(
        shifts[0].words,
        "threshold raised: at least 55% of the members in favour (6 of 10 members in favour)  ->  \
         at least 60% of the members in favour (6 of 10 members in favour)"
    );
    assert_eq!(
        shifts[0].stages,
        vec![None, Some("community".to_string()), Some("union".to_string())]
    );
    let shifts = small("replace rule qmv = members >= 40%");
    let changes: Vec<&ShiftKind> = shifts.iter().map(|s| &s.change).collect();
    assert!(
        matches!(changes[0], ShiftKind::ThresholdLowered { after, .. } if after.contains("(4 of 10 members in favour)"))
    );
    let Some(ShiftKind::BlockingChanged { before, after }) = changes.get(1) else {
        panic!("{changes:#?}")
    };
    assert_eq!(
        (before.at_least, before.count, after.at_least, after.count),
        (Some(5), Some(252), Some(7), Some(120))
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
}

#[test]
fn vetoes_gained_and_lost_by_members_and_bodies() {
    use treatyc::amend::ShiftKind;
    // Unanimity to qmv: everyone loses a veto; the Assembly's co-decision gives it one.
    let shifts = small(
        "replace body Council { seats: one per member  decides budget by qmv  decides admission by qmv jointly with Assembly }",
    );
    let admission: Vec<&ShiftKind> = shifts
        .iter()
        .filter(|s| s.decision == "admission")
        .map(|s| &s.change)
        .collect();
    assert!(admission.contains(&&ShiftKind::VetoGained {
        holders: vec!["`Assembly`".to_string()]
    }));
    assert!(admission
        .iter()
        .any(|c| matches!(c, ShiftKind::VetoLost { holders } if holders.len() == 10)));
    let Some(ShiftKind::BlockingChanged { before, after }) = admission
        .iter()
        .find(|c| matches!(c, ShiftKind::BlockingChanged { .. }))
    else {
        panic!("{admission:?}")
    };
    assert_eq!(
        (before.at_least, after.at_least, after.count),
        (Some(1), Some(5), Some(252))
    );
    assert!(shifts.iter().all(|s| s.decision == "admission"), "{shifts:#?}");
}

#[test]
fn a_decision_that_moves_to_another_body_is_said_so() {
    use treatyc::amend::ShiftKind;
    let shifts = small(
        "replace body Council { seats: one per member  decides budget by qmv }\n  replace body Assembly { seats: one per member  decides reports by simple majority  decides admission by unanimity }",
    );
    assert_eq!(shifts.len(), 1, "{shifts:#?}");
    assert_eq!(
        (shifts[0].body.as_str(), shifts[0].decision.as_str()),
        ("Assembly", "admission")
    );
    assert_eq!(
        shifts[0].change,
        ShiftKind::BodyChanged {
            before: "Council".to_string()
        }
    );
    assert_eq!(shifts[0].words, "decides it in place of `Council`");
}

#[test]
fn decisions_that_move_body_and_rule_are_said_so_and_a_shared_loss_is_not_a_move() {
    use treatyc::amend::ShiftKind;
    // `budget` and `admission` both move to the Assembly, each by another rule.
    let shifts = small(
        "replace body Council { seats: one per member }\n  replace body Assembly { seats: one per member  decides reports by simple majority  decides budget by simple majority  decides admission by qmv }",
    );
    let said: Vec<(&str, &ShiftKind)> = shifts.iter().map(|s| (s.decision.as_str(), &s.change)).collect();
    assert_eq!(
        said,
        vec![
            (
                "admission",
                &ShiftKind::BodyChanged {
                    before: "Council".to_string()
                }
            ),
            (
                "budget",
                &ShiftKind::BodyChanged {
                    before: "Council".to_string()
                }
            ),
            (
                "admission",
                &ShiftKind::RuleChanged {
                    before: "unanimity".to_string(),
                    after: "qmv".to_string()
                }
            ),
            (
                "budget",
                &ShiftKind::RuleChanged {
                    before: "qmv".to_string(),
                    after: "simple majority".to_string()
                }
            ),
        ],
        "{shifts:#?}"
    );
    // Lost by the Council and gained by no one: a loss, not a move.
    let shifts = small("replace body Council { seats: one per member  decides budget by qmv }");
    assert!(
        shifts
            .iter()
            .any(|s| s.decision == "admission" && matches!(s.change, ShiftKind::PowerLost { .. })),
        "{shifts:#?}"
    );
}

#[test]
fn a_veto_that_depends_on_figures_not_given_is_undecided() {
    use treatyc::amend::ShiftKind;
    // 65% of the population, no floor: a member holds a veto when it has more
    // than 35% of it, which only the figures say.
    let shifts = small("replace body Assembly { seats: one per member  decides reports by heavy }");
    let undecided: Vec<&ShiftKind> = shifts
        .iter()
        .map(|s| &s.change)
        .filter(|c| matches!(c, ShiftKind::Undecided { .. }))
        .collect();
    let [ShiftKind::Undecided { what, why }] = undecided.as_slice() else {
        panic!("{shifts:#?}")
    };
    assert!(what.contains("`A`") && what.contains("`J`"), "{what}");
    assert!(why.contains("`population`") && why.contains("--facts"), "{why}");
    // In the stage, `heavy` is 70%: the same change of rule, another threshold, so
    // each place has its own shifts, and the shared ones are listed once.
    let rule_changes: Vec<_> = shifts
        .iter()
        .filter(|s| matches!(s.change, ShiftKind::RuleChanged { .. }))
        .collect();
    assert_eq!(rule_changes.len(), 1);
    assert_eq!(
        rule_changes[0].stages,
        vec![None, Some("community".to_string()), Some("union".to_string())]
    );
    assert!(shifts
        .iter()
        .any(|s| s.stages == vec![Some("union".to_string())] && s.words.contains("at least 70% of the population")));
    // With the figures, decided: A alone holds 40%.
    let mut facts = treatyc::eval::Facts::new();
    for (m, p) in [
        ("A", 40),
        ("B", 10),
        ("C", 10),
        ("D", 10),
        ("E", 10),
        ("F", 5),
        ("G", 5),
        ("H", 4),
        ("I", 3),
        ("J", 3),
    ] {
        facts.insert(
            m.to_string(),
            [("population".to_string(), treatyc::ir::Rational::integer(p))].into(),
        );
    }
    let base = SMALL.to_string();
    let shifts = shifts_of(
        &base,
        "amendment a amends t {\n replace body Assembly { seats: one per member  decides reports by heavy }\n}\n",
        &facts,
    );
    assert!(
        shifts.iter().any(|s| s.stages.len() == 3
            && s.change
                == ShiftKind::VetoGained {
                    holders: vec!["A".to_string()]
                }),
        "{shifts:#?}"
    );
    assert!(!shifts.iter().any(|s| matches!(s.change, ShiftKind::Undecided { .. })));
}

/// Every bundled treaty, and each of its stages (`None`: the treaty as written).
fn treaties_and_stages() -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "treaty"))
        .collect();
    files.sort();
    for path in files {
        let mut sources = SourceMap::new();
        let unit = treatyc::parse_source(&mut sources, "t.treaty", &std::fs::read(&path).unwrap());
        let Some(Document::Treaty(t)) = &unit.document else {
            panic!()
        };
        let name = format!("treaties/{}", path.file_name().unwrap().to_str().unwrap());
        out.push((name.clone(), None));
        for stage in treatyc::model::models(t).stage_names() {
            out.push((name.clone(), Some(stage.to_string())));
        }
    }
    out
}

/// `treatyc diff` of two treaties or stages, as people read it.
fn diff_words(old: &(String, Option<String>), new: &(String, Option<String>)) -> String {
    let mut args = vec!["diff".to_string(), old.0.clone(), new.0.clone()];
    for (flag, stage) in [("--old-stage", &old.1), ("--new-stage", &new.1)] {
        if let Some(s) = stage {
            args.extend([flag.to_string(), s.clone()]);
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = crate::support::treatyc(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

#[test]
fn diff_says_every_change_in_words_never_as_ir_json() {
    let all = treaties_and_stages();
    assert!(all.len() > 8, "{all:?}");
    let mut changed_lines = 0;
    for old in &all {
        for new in &all {
            let out = diff_words(old, new);
            for line in out.lines().filter(|l| l.starts_with("    ")) {
                changed_lines += 1;
                assert!(
                    !line.contains('{') && !line.contains('[') && !line.contains("\":"),
                    "{old:?} -> {new:?}: IR JSON in\n{line}"
                );
            }
        }
    }
    assert!(changed_lines > 300, "{changed_lines} lines of changes");
}

#[test]
fn diff_says_rules_relationships_and_procedures_in_words() {
    let wsc = ("treaties/wsc.treaty".to_string(), None);
    let union = ("treaties/wsc.treaty".to_string(), Some("union".to_string()));
    insta::assert_snapshot!("diff_wsc_to_union", diff_words(&wsc, &union));
    let eu = ("treaties/eu-council.treaty".to_string(), None);
    let treaties = ("treaties/eu-treaties.treaty".to_string(), None);
    insta::assert_snapshot!("diff_eu_council_to_eu_treaties", diff_words(&eu, &treaties));
    let nato = ("treaties/north-atlantic.treaty".to_string(), None);
    insta::assert_snapshot!("diff_north_atlantic_to_wsc", diff_words(&nato, &wsc));
}

#[test]
fn diff_says_a_changed_procedure_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("treaties/eu-treaties.treaty")).unwrap();
    let changed = text.replacen(
        "      consent of Parliament by majority_of_votes_cast\n      decision of Council by qualified_majority_354 excluding concerned",
        "      consultation of NationalParliaments\n      decision of Council by qualified_majority_354 excluding concerned",
        1,
    );
    assert_ne!(changed, text);
    let path = dir.path().join("eu.treaty");
    std::fs::write(&path, changed).unwrap();
    let (code, out, err) = crate::support::treatyc(&["diff", "treaties/eu-treaties.treaty", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("diff_withdrawal_procedure", out);
}
